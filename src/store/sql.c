/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql.c: every SQL statement of Yujiang, in one table indexed by enum stmt
 * (db_int.h). db_prepare() (db.c) prepares them all when a worker starts,
 * so a statement that no longer matches the schema stops start-up instead
 * of failing a user's request. The typed wrappers that run them are the
 * db_*.c files; the schema they read is built by schema.c's migrations.
 */
#include <stdint.h>

#include "db.h"
#include "db_int.h"

#define COURSE_COLS \
	"c.code, c.title_zh, c.title_en, c.track, c.stage, c.hours, " \
	"c.sessions, c.capacity, c.pass_mark, c.attendance, " \
	"c.instructor_role, c.enrol_opens, c.enrol_closes, c.body"

/* The catalogue's filters: ?1 track, ?2 stage, ?3 open only, ?4 today. */
#define COURSE_FILTER \
	"(?1 IS NULL OR c.track = ?1 OR c.track = 'both') " \
	"AND (?2 IS NULL OR c.stage = ?2) " \
	"AND (?3 = 0 OR (c.enrol_opens <= ?4 AND c.enrol_closes >= ?4))"

#define COURSE_ORDER \
	" ORDER BY CASE c.stage WHEN 'entry' THEN 1 WHEN 'training' THEN 2 " \
	"ELSE 3 END, c.code"

#define RUN_COLS \
	"r.id, r.course, r.starts, r.ends, r.capacity, coalesce(r.instructor, 0), " \
	"coalesce(u.name, ''), " \
	"(SELECT count(*) FROM enrolments e WHERE e.run = r.id " \
	"  AND e.status = 'enrolled'), " \
	"(SELECT count(*) FROM enrolments e WHERE e.run = r.id " \
	"  AND e.status = 'waitlisted')"

#define MENTOR_COLS \
	"m.id, m.apprentice, m.master, m.status, coalesce(m.message, ''), " \
	"m.requested, coalesce(m.started, 0), coalesce(m.ended, 0), " \
	"coalesce(m.end_reason, ''), coalesce(m.recommended, 0), " \
	"a.name, t.name"
#define MENTOR_FROM \
	" FROM mentorships m JOIN users a ON a.id = m.apprentice " \
	"JOIN users t ON t.id = m.master"

#define LOG_COLS \
	"l.id, l.apprentice, l.master, l.day, l.minutes, l.skill, l.notes, " \
	"l.status, coalesce(l.comment, ''), a.name"

#define USER_COLS \
	"u.id, u.name, u.account, u.role, u.track, u.stage, u.created, " \
	"u.verified, u.released"

/*
 * Whether work w is held by a competition: entered in one not yet
 * published. Until then the public does not see it, whatever its owner
 * set (listed nowhere, 404 when opened, its photos too): a judge must
 * not find an entry's work, and so its owner's name, among the public
 * works. Blind judging; entrant.c and portfolio.c say more.
 */
#define WORK_HELD(w) \
	"EXISTS (SELECT 1 FROM comp_entries he JOIN competitions hc ON " \
	"hc.id = he.competition WHERE he.work = " w " AND " \
	"hc.state <> 'published')"

/* A work with its owner's name and its photo count, cover and whether
 * a competition holds it (db_incub.c). */
#define WORK_COLS \
	"w.id, w.user, u.name, w.title, w.material, w.technique, w.size, " \
	"w.description, w.public, w.created, w.updated, (SELECT count(*) " \
	"FROM photos p WHERE p.work = w.id), (SELECT min(p.id) FROM photos p " \
	"WHERE p.work = w.id), " WORK_HELD("w.id") " FROM works w JOIN " \
	"users u ON u.id = w.user"

/* A certificate with its neighbours in a re-issue chain and whether its
 * holder shows their certificates (db_cert.c's cert_row() reads these). */
#define CERT_COLS \
	"c.id, c.serial, c.code, c.kind, c.event, c.user, c.holder, " \
	"c.title_zh, c.title_en, c.level, c.lang, c.issued, " \
	"coalesce(c.expires, ''), c.kid, c.qr, c.issued_by, c.created, " \
	"coalesce(c.batch, 0), coalesce(c.supersedes, 0), " \
	"coalesce(c.superseded_by, 0), coalesce(c.reissue_reason, ''), " \
	"coalesce(c.revoked, 0), coalesce(c.revoked_reason, ''), " \
	"coalesce(n.code, ''), coalesce(n.serial, ''), coalesce(p.code, ''), " \
	"u.share_certs, c.current, coalesce(c.identity_checked, 0), " \
	"coalesce(c.status_index, -1), " \
	"coalesce(c.suspended, 0), coalesce(c.suspended_reason, '') " \
	"FROM certificates c JOIN users u ON u.id = c.user " \
	"LEFT JOIN certificates n ON n.id = c.superseded_by " \
	"LEFT JOIN certificates p ON p.id = c.supersedes"

/* 就业 jobs (db_jobs.c): an employer with its contact (the account's
 * name) and how many postings it made; a posting with its employer and
 * its live applications; an application with its posting and people. */
#define EMPLOYER_COLS \
	"e.id, e.user, e.business, e.credit_code, u.name, u.account, " \
	"u.verified, e.status, e.reason, e.decided, e.created, (SELECT " \
	"count(*) FROM job_postings p WHERE p.employer = e.id) FROM " \
	"employers e JOIN users u ON u.id = e.user"
#define POSTING_COLS \
	"p.id, p.employer, e.user, e.business, e.status, p.title, p.track, " \
	"p.level, p.pay_min, p.pay_max, p.place, p.closes, p.description, " \
	"p.status, p.reason, p.created, (SELECT count(*) FROM " \
	"job_applications a WHERE a.posting = p.id AND a.step <> " \
	"'withdrawn') FROM job_postings p JOIN employers e ON e.id = " \
	"p.employer"
/* Open: approved by staff, its employer approved, not past its date. */
#define POSTING_OPEN \
	"p.status = 'open' AND e.status = 'approved' AND p.closes >= ?1"
#define APPLICATION_COLS \
	"a.id, a.posting, a.applicant, e.user, p.title, e.business, u.name, " \
	"u.account, a.message, a.contact, a.step, a.created, a.updated FROM " \
	"job_applications a JOIN job_postings p ON p.id = a.posting JOIN " \
	"employers e ON e.id = p.employer JOIN users u ON u.id = a.applicant"

/* A competition with its count of live entries (db_comp.c). */
#define COMP_COLS \
	"c.id, c.name_zh, c.name_en, c.opens, c.closes, c.mode, c.min_panel, " \
	"c.spread, c.generations, c.advance, c.tiebreak, c.round, c.state, " \
	"c.log_head, c.published, c.created, (SELECT count(*) FROM " \
	"comp_entries e WHERE e.competition = c.id AND e.status IN " \
	"('pending', 'eligible')), c.kind"

/* A guide's nomination with its valid votes and complaints counted: its
 * own complaints and those against its shop, entered on any nomination
 * of the same shop in the selection (db_guide.c). */
#define NOMINEE_COLS \
	"n.id, n.competition, n.shop, n.guide, n.guide_user, n.evidence, " \
	"n.photo, n.code, n.status, n.note, n.nominated_by, n.created, " \
	"(SELECT count(*) FROM guide_votes v WHERE v.nominee = n.id AND " \
	"v.voided = 0), (SELECT count(*) FROM guide_complaints k WHERE " \
	"k.nominee = n.id OR (k.against = 'shop' AND k.competition = " \
	"n.competition AND k.nominee IN (SELECT m.id FROM guide_nominees m " \
	"WHERE m.competition = n.competition AND m.shop = n.shop)))"

/* An entry with its category, entrant and work (db_comp.c). */
#define ENTRY_COLS \
	"e.id, e.competition, e.category, k.name_zh, k.name_en, e.entrant, " \
	"u.name, e.work, w.title, w.material, e.code, e.status, e.note, " \
	"e.reached, e.created FROM comp_entries e JOIN comp_categories k ON " \
	"k.id = e.category JOIN users u ON u.id = e.entrant JOIN works w ON " \
	"w.id = e.work"

#define SHEET_COLS \
	"s.id, s.entry, s.judge, u.name, s.round, s.marks, s.final, " \
	"s.updated FROM comp_sheets s JOIN users u ON u.id = s.judge"

#define RESULT_COLS \
	"r.entry, e.category, k.name_zh, k.name_en, e.code, e.entrant, " \
	"u.name, e.work, w.title, r.round, r.rank, r.tier, r.total_num, " \
	"r.total_den, r.counted, r.flags, r.dropped_hi, r.dropped_lo, " \
	"r.advanced FROM comp_results r JOIN comp_entries e ON " \
	"e.id = r.entry JOIN comp_categories k ON k.id = e.category " \
	"JOIN users u ON u.id = e.entrant JOIN works w ON w.id = e.work"

/* An outbox row (db_ident.c's outbox_row() reads these). */
#define OUTBOX_COLS \
	"id, coalesce(user, 0), channel, address, subject, body, state, " \
	"tries, next_at, error, created, sent"

/* The last round of competition c: results, awards and titles are its. */
#define FINAL_ROUND	"CASE WHEN c.advance > 0 THEN 2 ELSE 1 END"

/* The sheets that can be edited, as the score log must explain them. */
#define SHEET_ACTIONS	"('draft', 'final', 'reopen')"

const char *const stmt_sql[ST__COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_PING] = "SELECT count(*) FROM users",
	[ST_USER_INSERT] =
	    "INSERT INTO users (name, account, pwhash, role, track, created, "
	    "verified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_USER_BY_ID] = "SELECT " USER_COLS " FROM users u WHERE u.id = ?1",
	[ST_USER_BY_ACCOUNT] =
	    "SELECT " USER_COLS ", u.pwhash FROM users u WHERE u.account = ?1",
	[ST_USER_COUNT] = "SELECT count(*) FROM users",
	/* Keyset pages (pager.h): rows below ?1, newest first, on the
	 * table's own rowid or an index ending in it; never OFFSET. */
	[ST_USERS_PAGE] =
	    "SELECT " USER_COLS " FROM users u WHERE u.id < ?1 "
	    "ORDER BY u.id DESC LIMIT ?2",
	[ST_SESSION_INSERT] =
	    "INSERT INTO sessions (token_hash, user_id, created, expires, addr, "
	    "agent) VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''), coalesce(?6, ''))",
	[ST_SESSION_USER] =
	    "SELECT " USER_COLS " FROM sessions s JOIN users u "
	    "ON u.id = s.user_id WHERE s.token_hash = ?1 AND s.expires > ?2",
	[ST_SESSION_DELETE] =
	    "DELETE FROM sessions WHERE token_hash = ?1 RETURNING user_id",
	[ST_SESSION_PURGE] = "DELETE FROM sessions WHERE expires <= ?1",
	[ST_FAILURE_INSERT] =
	    "INSERT INTO login_failures (account, addr, at) "
	    "VALUES (?1, ?2, ?3)",
	[ST_FAILURE_COUNT_ACCOUNT] =
	    "SELECT count(*) FROM login_failures WHERE account = ?1 "
	    "AND at > ?2",
	[ST_FAILURE_COUNT_ADDR] =
	    "SELECT count(*) FROM login_failures WHERE addr = ?1 AND at > ?2",
	[ST_FAILURE_CLEAR] = "DELETE FROM login_failures WHERE id = ?1",
	/* Only while the hash is still the one checked: a password changed
	 * meanwhile is not overwritten with the old one. */
	[ST_USER_PASSWORD_UPGRADE] = "UPDATE users SET pwhash = ?3 "
	    "WHERE id = ?1 AND pwhash = ?2",
	[ST_FAILURE_PURGE] = "DELETE FROM login_failures WHERE at <= ?1",
	[ST_FAILURE_PAIR] =
	    "SELECT count(*), coalesce(max(at), 0) FROM login_failures "
	    "WHERE account = ?1 AND addr = ?2 AND at > ?3",
	/* The account's owner, unless told of guessing since ?2. */
	[ST_FAILURE_OWNER] =
	    "SELECT u.id FROM users u WHERE u.account = ?1 AND NOT EXISTS "
	    "(SELECT 1 FROM inbox i WHERE i.user = u.id AND "
	    "i.kind = 'login_guessed' AND i.created > ?2)",
	[ST_REGISTER_COUNT] =
	    "SELECT count(*) FROM register_attempts WHERE addr = ?1 AND at > ?2",
	[ST_REGISTER_INSERT] =
	    "INSERT INTO register_attempts (addr, at) VALUES (?1, ?2)",
	[ST_REGISTER_PURGE] = "DELETE FROM register_attempts WHERE at <= ?1",
	[ST_AUDIT_INSERT] =
	    "INSERT INTO audit (at, actor, action, subject, detail) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_AUDIT_COUNT] = "SELECT count(*) FROM audit WHERE action = ?1",
	[ST_COURSE_UPSERT] =
	    "INSERT INTO courses (code, title_zh, title_en, track, stage, hours,"
	    " sessions, capacity, pass_mark, attendance, instructor_role,"
	    " enrol_opens, enrol_closes, body, file, synced) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
	    "ON CONFLICT (code) DO UPDATE SET title_zh = ?2, title_en = ?3,"
	    " track = ?4, stage = ?5, hours = ?6, sessions = ?7, capacity = ?8,"
	    " pass_mark = ?9, attendance = ?10, instructor_role = ?11,"
	    " enrol_opens = ?12, enrol_closes = ?13, body = ?14, file = ?15,"
	    " synced = ?16",
	[ST_COURSE_PREREQ_CLEAR] =
	    "DELETE FROM course_prereqs WHERE course = ?1",
	[ST_COURSE_PREREQ_ADD] =
	    "INSERT INTO course_prereqs (course, requires) VALUES (?1, ?2)",
	[ST_COURSE_SEARCH_DELETE] = "DELETE FROM course_search WHERE code = ?1",
	[ST_COURSE_SEARCH_ADD] =
	    "INSERT INTO course_search (code, title_zh, title_en, body) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[ST_COURSE_GET] = "SELECT " COURSE_COLS " FROM courses c "
	    "WHERE c.code = ?1",
	[ST_COURSE_LIST] = "SELECT " COURSE_COLS " FROM courses c WHERE "
	    COURSE_FILTER COURSE_ORDER,
	[ST_COURSE_LIST_MATCH] = "SELECT " COURSE_COLS " FROM courses c WHERE "
	    COURSE_FILTER " AND c.code IN (SELECT code FROM course_search "
	    "WHERE course_search MATCH ?5)" COURSE_ORDER,
	[ST_COURSE_LIST_LIKE] = "SELECT " COURSE_COLS " FROM courses c WHERE "
	    COURSE_FILTER " AND c.code IN (SELECT code FROM course_search "
	    "WHERE title_zh LIKE ?5 ESCAPE '\\' OR title_en LIKE ?5 "
	    "ESCAPE '\\' OR body LIKE ?5 ESCAPE '\\')" COURSE_ORDER,
	[ST_COURSE_PREREQS] =
	    "SELECT p.requires, c.title_zh, c.title_en FROM course_prereqs p "
	    "JOIN courses c ON c.code = p.requires WHERE p.course = ?1 "
	    "ORDER BY p.requires",
	[ST_PREREQS_MISSING] =
	    "SELECT p.requires, c.title_zh, c.title_en FROM course_prereqs p "
	    "JOIN courses c ON c.code = p.requires WHERE p.course = ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM completions k WHERE k.user = ?2 "
	    "AND k.course = p.requires) ORDER BY p.requires",
	[ST_RUN_INSERT] =
	    "INSERT INTO runs (course, starts, ends, capacity, instructor, "
	    "created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_RUN_UPDATE] =
	    "UPDATE runs SET starts = ?2, ends = ?3, capacity = ?4, "
	    "instructor = ?5 WHERE id = ?1",
	[ST_RUN_GET] = "SELECT " RUN_COLS " FROM runs r LEFT JOIN users u "
	    "ON u.id = r.instructor WHERE r.id = ?1",
	[ST_RUNS_OF_COURSE] = "SELECT " RUN_COLS " FROM runs r LEFT JOIN users "
	    "u ON u.id = r.instructor WHERE r.course = ?1 ORDER BY r.starts, "
	    "r.id",
	[ST_RUNS_OF_INSTRUCTOR] = "SELECT " RUN_COLS " FROM runs r LEFT JOIN "
	    "users u ON u.id = r.instructor WHERE r.instructor = ?1 ORDER BY "
	    "r.starts, r.id",
	[ST_ENROL_FACTS] =
	    "SELECT r.capacity, r.ends, c.enrol_opens, c.enrol_closes, "
	    "c.track, c.code, (SELECT count(*) FROM enrolments e WHERE "
	    "e.run = r.id AND e.status = 'enrolled') FROM runs r JOIN courses "
	    "c ON c.code = r.course WHERE r.id = ?1",
	[ST_ENROLMENT_GET] =
	    "SELECT id, status, seq FROM enrolments WHERE run = ?1 AND "
	    "user = ?2",
	[ST_ENROLMENT_UPSERT] =
	    "INSERT INTO enrolments (run, user, status, seq, created, updated) "
	    "VALUES (?1, ?2, ?3, (SELECT coalesce(max(seq), 0) + 1 FROM "
	    "enrolments WHERE run = ?1), ?4, ?4) ON CONFLICT (run, user) DO "
	    "UPDATE SET status = excluded.status, seq = excluded.seq, "
	    "updated = excluded.updated, promoted = NULL, score = NULL, "
	    "result = NULL RETURNING id, seq",
	[ST_ENROLMENT_STATUS] =
	    "UPDATE enrolments SET status = ?2, updated = ?3 WHERE id = ?1",
	[ST_WAITLIST_PROMOTE] =
	    "UPDATE enrolments SET status = 'enrolled', promoted = ?3, "
	    "updated = ?3 WHERE id IN (SELECT id FROM enrolments WHERE "
	    "run = ?1 AND status = 'waitlisted' ORDER BY seq LIMIT ?2) "
	    "RETURNING user",
	[ST_WAITLIST_POSITION] =
	    "SELECT count(*) FROM enrolments WHERE run = ?1 AND "
	    "status = 'waitlisted' AND seq <= ?2",
	[ST_RUN_ROSTER] =
	    "SELECT e.id, e.user, u.name, u.account, coalesce(u.school, ''), "
	    "e.status, e.seq, coalesce(e.score, -1), coalesce(e.result, ''), "
	    "(SELECT count(*) FROM attendance a WHERE a.run = e.run AND "
	    "a.user = e.user AND a.present = 1) FROM enrolments e JOIN users u "
	    "ON u.id = e.user WHERE e.run = ?1 AND (?2 = 1 OR e.status <> "
	    "'withdrawn') ORDER BY CASE e.status WHEN 'enrolled' THEN 1 "
	    "WHEN 'waitlisted' THEN 2 ELSE 3 END, e.seq",
	[ST_MY_ENROLMENTS] =
	    "SELECT e.run, r.course, c.title_zh, c.title_en, r.starts, r.ends, "
	    "e.status, coalesce(e.promoted, 0), coalesce(e.score, -1), "
	    "coalesce(e.result, ''), (SELECT count(*) FROM attendance a WHERE "
	    "a.run = e.run AND a.user = e.user AND a.present = 1), c.sessions, "
	    "(SELECT count(*) FROM enrolments w WHERE w.run = e.run AND "
	    "w.status = 'waitlisted' AND w.seq <= e.seq), c.pass_mark, "
	    "c.attendance FROM enrolments e JOIN runs r ON r.id = e.run "
	    "JOIN courses c ON c.code = r.course WHERE e.user = ?1 AND "
	    "e.status <> 'withdrawn' ORDER BY r.starts, e.run",
	[ST_ATTEND_SET] =
	    "INSERT INTO attendance (run, session, user, present, recorded_by, "
	    "at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (run, session, "
	    "user) DO UPDATE SET present = ?4, recorded_by = ?5, at = ?6",
	[ST_ATTEND_OF_RUN] =
	    "SELECT user, session, present FROM attendance WHERE run = ?1",
	[ST_ATTENDED_COUNT] =
	    "SELECT count(*) FROM attendance WHERE run = ?1 AND user = ?2 "
	    "AND present = 1",
	[ST_RESULT_SET] =
	    "UPDATE enrolments SET score = ?2, result = ?3, updated = ?4 "
	    "WHERE id = ?1",
	[ST_COMPLETION_INSERT] =
	    "INSERT INTO completions (enrolment, user, course, run, score, "
	    "attended, sessions, recorded_by, at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9)",
	[ST_COMPLETION_EXISTS] =
	    "SELECT count(*) FROM completions WHERE enrolment = ?1",
	[ST_USER_INSERT_ROSTER] =
	    "INSERT INTO users (name, account, pwhash, role, track, created, "
	    "school, activation_hash, activation_expires, verified) VALUES "
	    "(?1, ?2, '!', 'apprentice', ?3, ?4, ?5, ?6, ?7, ?4)",
	[ST_USER_ACTIVATE] =
	    "UPDATE users SET pwhash = ?3, activation_hash = NULL, "
	    "activation_expires = NULL WHERE account = ?1 AND "
	    "activation_hash = ?2 AND activation_expires > ?4 RETURNING id",
	[ST_CATALOGUE_VERSION] = "SELECT n FROM catalogue_version",
	[ST_MASTERS_LIST] =
	    "SELECT u.id, u.name, coalesce(u.track, ''), u.apprentice_limit, "
	    "(SELECT count(*) FROM mentorships m WHERE m.master = u.id AND "
	    "m.status = 'active'), (SELECT count(*) FROM mentorships m WHERE "
	    "m.master = u.id AND m.started IS NOT NULL), u.speciality "
	    "FROM users u WHERE "
	    "u.role = 'master' AND (?1 = 0 OR u.id = ?1) ORDER BY u.id",
	[ST_MASTER_LIMIT] =
	    "UPDATE users SET apprentice_limit = ?2 WHERE id = ?1 AND "
	    "role = 'master'",
	[ST_LINEAGE_LINKS] =
	    "SELECT master, apprentice FROM mentorships WHERE started IS NOT "
	    "NULL ORDER BY started, id",
	[ST_LINEAGE_VERSION] = "SELECT n FROM lineage_version",
	[ST_MENTOR_INSERT] =
	    "INSERT INTO mentorships (apprentice, master, status, message, "
	    "requested) VALUES (?1, ?2, 'requested', ?3, ?4)",
	[ST_MENTOR_GET] = "SELECT " MENTOR_COLS MENTOR_FROM " WHERE m.id = ?1",
	[ST_MENTOR_ACTIVE_OF] = "SELECT " MENTOR_COLS MENTOR_FROM
	    " WHERE m.apprentice = ?1 AND m.status = 'active'",
	[ST_MENTOR_PENDING_PAIR] =
	    "SELECT count(*) FROM mentorships WHERE apprentice = ?1 AND "
	    "master = ?2 AND status IN ('requested', 'active')",
	[ST_MENTOR_ACCEPT] =
	    "UPDATE mentorships SET status = 'active', started = ?2 WHERE "
	    "id = ?1 AND status = 'requested'",
	[ST_MENTOR_DECLINE] =
	    "UPDATE mentorships SET status = 'declined', ended = ?2 WHERE "
	    "id = ?1 AND status = 'requested'",
	[ST_MENTOR_END] =
	    "UPDATE mentorships SET status = 'ended', ended = ?2, "
	    "end_reason = ?3, ended_by = ?4 WHERE id = ?1 AND "
	    "status = 'active'",
	[ST_MENTOR_RECOMMEND] =
	    "UPDATE mentorships SET recommended = ?2 WHERE id = ?1 AND "
	    "status = 'active'",
	[ST_MENTOR_WITHDRAW_OTHERS] =
	    "UPDATE mentorships SET status = 'withdrawn', ended = ?2 WHERE "
	    "apprentice = ?1 AND status = 'requested'",
	[ST_MENTOR_OF_APPRENTICE] = "SELECT " MENTOR_COLS MENTOR_FROM
	    " WHERE m.apprentice = ?1 ORDER BY m.requested DESC, m.id DESC",
	[ST_MENTOR_OF_MASTER] = "SELECT " MENTOR_COLS MENTOR_FROM
	    " WHERE m.master = ?1 AND m.status IN ('requested', 'active', "
	    "'ended') ORDER BY CASE m.status WHEN 'requested' THEN 1 WHEN "
	    "'active' THEN 2 ELSE 3 END, a.name",
	[ST_LOG_INSERT] =
	    "INSERT INTO training_log (apprentice, master, mentorship, day, "
	    "minutes, skill, notes, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8)",
	[ST_LOG_DAY_MINUTES] =
	    "SELECT coalesce(sum(minutes), 0) FROM training_log WHERE "
	    "apprentice = ?1 AND day = ?2 AND status <> 'rejected'",
	[ST_LOG_GET] = "SELECT " LOG_COLS " FROM training_log l JOIN users a "
	    "ON a.id = l.apprentice WHERE l.id = ?1",
	[ST_LOG_DECIDE] =
	    "UPDATE training_log SET status = ?2, comment = ?3, decided = ?4 "
	    "WHERE id = ?1 AND status = 'pending'",
	[ST_LOG_OF_APPRENTICE] = "SELECT " LOG_COLS " FROM training_log l "
	    "JOIN users a ON a.id = l.apprentice WHERE l.apprentice = ?1 "
	    "ORDER BY l.day DESC, l.id DESC LIMIT ?2",
	[ST_LOG_QUEUE] = "SELECT " LOG_COLS " FROM training_log l JOIN users "
	    "a ON a.id = l.apprentice WHERE l.master = ?1 AND "
	    "l.status = 'pending' ORDER BY l.day, l.id",
	[ST_LOG_TOTALS] =
	    "SELECT skill, sum(minutes) FROM training_log WHERE apprentice = ?1 "
	    "AND status = 'confirmed' GROUP BY skill",
	[ST_LEVEL_INSERT] =
	    "INSERT INTO skill_levels (user, track, level, evidence, "
	    "awarded_by, awarded) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_LEVEL_CURRENT] =
	    "SELECT s.level, s.track, s.evidence, s.awarded, b.name FROM "
	    "skill_levels s JOIN users b ON b.id = s.awarded_by WHERE "
	    "s.user = ?1 ORDER BY s.awarded DESC, s.id DESC LIMIT 1",
	[ST_STAGE_SET] =
	    "UPDATE users SET stage = ?2 WHERE id = ?1 AND stage = ?3",
	[ST_STAGE_MOVE_INSERT] =
	    "INSERT INTO stage_moves (user, from_stage, to_stage, moved, "
	    "moved_by, reason, override) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_STAGE_MOVES] =
	    "SELECT s.from_stage, s.to_stage, s.moved, b.name, "
	    "coalesce(s.reason, ''), s.override FROM stage_moves s JOIN users "
	    "b ON b.id = s.moved_by WHERE s.user = ?1 ORDER BY s.moved, s.id",
	[ST_ENTRY_COMPLETIONS] =
	    "SELECT count(*) FROM completions k JOIN courses c ON "
	    "c.code = k.course WHERE k.user = ?1 AND c.stage = 'entry'",
	[ST_CONFIRMED_MINUTES] =
	    "SELECT coalesce(sum(minutes), 0) FROM training_log WHERE "
	    "apprentice = ?1 AND status = 'confirmed'",

	/* Certificates (证书). */
	[ST_CERT_SEQ_NEXT] =
	    "INSERT INTO cert_serials (year, last) VALUES (?1, 1) "
	    "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
	[ST_CERT_INSERT] =
	    "INSERT INTO certificates (serial, code, kind, event, user, holder, "
	    "title_zh, title_en, level, lang, issued, expires, kid, qr, "
	    "issued_by, created, batch, supersedes, identity_checked) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "?15, ?16, ?17, ?18, ?19)",
	[ST_CERT_GET] = "SELECT " CERT_COLS " WHERE c.id = ?1",
	[ST_CERT_BY_CODE] = "SELECT " CERT_COLS " WHERE c.code = ?1",
	[ST_CERT_BY_SERIAL] =
	    "SELECT " CERT_COLS " WHERE c.serial = ?1 AND c.holder = ?2",
	[ST_CERTS_OF_USER] =
	    "SELECT " CERT_COLS " WHERE c.user = ?1 ORDER BY c.issued DESC, "
	    "c.id DESC",
	[ST_CERTS_PAGE] =
	    "SELECT " CERT_COLS " WHERE c.id < ?1 ORDER BY c.id DESC LIMIT ?2",
	[ST_CERTS_OF_BATCH] =
	    "SELECT " CERT_COLS " WHERE c.batch = ?1 ORDER BY c.id",
	[ST_CERT_REVOKE] =
	    "UPDATE certificates SET revoked = ?2, revoked_reason = ?3, "
	    "revoked_by = ?4, current = 0, suspended = NULL, "
	    "suspended_reason = NULL, suspended_by = NULL WHERE id = ?1 AND "
	    "revoked IS NULL AND current = 1",
	[ST_CERT_RETIRE] =
	    "UPDATE certificates SET current = 0 WHERE id = ?1 AND current = 1 "
	    "AND revoked IS NULL",
	[ST_CERT_LINK] =
	    "UPDATE certificates SET superseded_by = ?2, reissue_reason = ?3 "
	    "WHERE id = ?1",
	[ST_CERT_EVENT_ISSUED] =
	    "SELECT count(*) FROM certificates WHERE event = ?1 AND current = 1",
	[ST_CERT_SHARE] = "UPDATE users SET share_certs = ?2 WHERE id = ?1",
	[ST_CERT_SHARING] = "SELECT share_certs FROM users WHERE id = ?1",
	[ST_EVENT_COMPLETION] =
	    "SELECT k.user, u.name, c.title_zh, c.title_en, '', 0 "
	    "FROM completions k JOIN users u ON u.id = k.user "
	    "JOIN courses c ON c.code = k.course WHERE k.id = ?1",
	[ST_EVENT_LEVEL] =
	    "SELECT s.user, u.name, '', '', s.track, s.level "
	    "FROM skill_levels s JOIN users u ON u.id = s.user "
	    "WHERE s.id = ?1 AND s.level >= 1",
	[ST_EVENT_HONOUR] =
	    "SELECT h.user, u.name, h.name_zh, h.name_en, h.kind, 0 "
	    "FROM honours h JOIN users u ON u.id = h.user WHERE h.id = ?1",
	/* What waits for a certificate: cert_pending, kept by migration
	 * 18's triggers (an event in, its current certificate out, back in
	 * when that is revoked or retired), newest first by its index. */
	[ST_EVENTS_PENDING] =
	    "SELECT p.event, CASE p.source WHEN 'completion' THEN 'course' "
	    "WHEN 'level' THEN 'level' ELSE h.kind END, u.id, u.name, "
	    "coalesce(c.title_zh, h.name_zh, ''), "
	    "coalesce(c.title_en, h.name_en, ''), coalesce(s.track, ''), "
	    "coalesce(s.level, 0), p.at FROM cert_pending p "
	    "LEFT JOIN completions k ON p.source = 'completion' AND k.id = p.id "
	    "LEFT JOIN courses c ON c.code = k.course "
	    "LEFT JOIN skill_levels s ON p.source = 'level' AND s.id = p.id "
	    "LEFT JOIN honours h ON p.source = 'honour' AND h.id = p.id "
	    "JOIN users u ON u.id = coalesce(k.user, s.user, h.user) "
	    "ORDER BY p.at DESC, p.event DESC LIMIT ?1",
	/* A batch passes over a revoked one too: issuing it again is a
	 * decision for staff, one by one (GET /certs lists it). */
	[ST_RUN_UNCERTIFIED] =
	    "SELECT k.id, EXISTS (SELECT 1 FROM identity_checks i WHERE "
	    "i.user = k.user) FROM completions k WHERE k.run = ?1 AND NOT "
	    "EXISTS (SELECT 1 FROM certificates x WHERE x.user = k.user AND "
	    "x.event = 'completion:' || k.id) ORDER BY k.id",
	[ST_RUN_COMPLETIONS] =
	    "SELECT count(*) FROM completions WHERE run = ?1",
	[ST_BATCH_INSERT] =
	    "INSERT INTO cert_batches (event, lang, total, started_by, created, "
	    "updated) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[ST_BATCH_VERSION] =
	    "SELECT version FROM cert_batches WHERE id = ?1",
	[ST_BATCH_GET] =
	    "SELECT id, event, lang, total, done, failed, status, created, "
	    "updated FROM cert_batches WHERE id = ?1",
	[ST_BATCH_INTERRUPTED] =
	    "UPDATE cert_batches SET status = 'done', failed = total - done, "
	    "updated = ?1 WHERE status = 'running'",
	[ST_BATCH_LATEST] =
	    "SELECT id FROM cert_batches WHERE event = ?1 ORDER BY id DESC "
	    "LIMIT 1",
	[ST_BATCH_PROGRESS] =
	    "UPDATE cert_batches SET done = ?2, failed = ?3, status = ?4, "
	    "updated = ?5 WHERE id = ?1",
	/* 孵化 incubation. */
	[ST_WORK_INSERT] =
	    "INSERT INTO works (user, title, material, technique, size, "
	    "description, public, created, updated) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?8)",
	[ST_WORK_UPDATE] =
	    "UPDATE works SET title = ?2, material = ?3, technique = ?4, "
	    "size = ?5, description = ?6, public = ?7, updated = ?8 "
	    "WHERE id = ?1 AND NOT (?7 = 1 AND public = 0 AND "
	    WORK_HELD("works.id") ")",
	[ST_WORK_GET] = "SELECT " WORK_COLS " WHERE w.id = ?1",
	[ST_WORKS_OF_USER] =
	    "SELECT " WORK_COLS " WHERE w.user = ?1 AND (?2 = 1 OR "
	    "(w.public = 1 AND NOT " WORK_HELD("w.id") ")) ORDER BY w.id DESC",
	[ST_WORKS_OF_USER_PAGE] =
	    "SELECT " WORK_COLS " WHERE w.user = ?1 AND (?2 = 1 OR "
	    "(w.public = 1 AND NOT " WORK_HELD("w.id") ")) AND w.id < ?3 "
	    "ORDER BY w.id DESC LIMIT ?4",
	[ST_WORKS_PUBLIC] =
	    "SELECT " WORK_COLS " WHERE w.public = 1 AND NOT "
	    WORK_HELD("w.id") " AND w.id < ?1 ORDER BY w.id DESC LIMIT ?2",
	[ST_PHOTO_INSERT] =
	    "INSERT INTO photos (id, work, width, height, bytes, created) "
	    "VALUES ((SELECT last + 1 FROM photo_ids), ?1, ?2, ?3, ?4, ?5)",
	[ST_PHOTO_DELETE] = "DELETE FROM photos WHERE id = ?1",
	[ST_MILESTONE_COUNT] =
	    "SELECT count(*) FROM milestones WHERE cohort = ?1",
	[ST_PHOTO_GET] =
	    "SELECT p.id, p.work, p.width, p.height, w.user, w.public, "
	    WORK_HELD("w.id") " FROM photos p JOIN works w ON w.id = p.work "
	    "WHERE p.id = ?1",
	[ST_HERITAGE_GET] =
	    "SELECT id, master, state, techniques_zh, techniques_en, "
	    "story_zh, story_en, author, created, coalesce(reason, ''), "
	    "coalesce(decided, 0) FROM heritage_records WHERE master = ?1 "
	    "AND state = ?2 ORDER BY id DESC LIMIT 1",
	[ST_HERITAGE_BASE] =
	    "SELECT id FROM heritage_records WHERE master = ?1 AND state IN "
	    "('published', 'refused') ORDER BY id DESC LIMIT 1",
	[ST_HERITAGE_INSERT] =
	    "INSERT INTO heritage_records (master, state, techniques_zh, "
	    "techniques_en, story_zh, story_en, author, created) SELECT ?1, "
	    "'draft', coalesce(b.techniques_zh, ''), "
	    "coalesce(b.techniques_en, ''), coalesce(b.story_zh, ''), "
	    "coalesce(b.story_en, ''), ?3, ?4 FROM (SELECT 1) LEFT JOIN "
	    "heritage_records b ON b.id = ?2",
	[ST_HERITAGE_TEXT] =
	    "UPDATE heritage_records SET techniques_zh = ?2, techniques_en = "
	    "?3, story_zh = ?4, story_en = ?5, author = ?6, created = ?7 "
	    "WHERE id = ?1 AND state = 'draft'",
	[ST_HERITAGE_RETIRE] =
	    "UPDATE heritage_records SET state = 'retired' WHERE master = ?1 "
	    "AND state = 'published'",
	[ST_HERITAGE_DECIDE] =
	    "UPDATE heritage_records SET state = ?2, decided_by = ?3, "
	    "decided = ?4, reason = ?5 WHERE id = ?1 AND state = 'draft'",
	[ST_HERITAGE_PHOTOS] =
	    "SELECT h.pos, h.photo, h.caption_zh, h.caption_en, h.made, "
	    "w.public AND NOT " WORK_HELD("w.id") " FROM heritage_photos h "
	    "JOIN photos p ON p.id = h.photo JOIN works w ON w.id = p.work "
	    "WHERE h.record = ?1 ORDER BY h.pos",
	[ST_HERITAGE_PHOTO_ADD] =
	    "INSERT INTO heritage_photos (record, pos, photo, caption_zh, "
	    "caption_en, made) VALUES (?1, (SELECT coalesce(max(pos), 0) + 1 "
	    "FROM heritage_photos WHERE record = ?1), ?2, ?3, ?4, ?5)",
	[ST_HERITAGE_PHOTO_DROP] =
	    "DELETE FROM heritage_photos WHERE record = ?1 AND pos = ?2",
	[ST_HERITAGE_PHOTO_COUNT] =
	    "SELECT count(*) FROM heritage_photos WHERE record = ?1",
	[ST_HERITAGE_PHOTOS_COPY] =
	    "INSERT INTO heritage_photos (record, pos, photo, caption_zh, "
	    "caption_en, made) SELECT ?2, pos, photo, caption_zh, caption_en, "
	    "made FROM heritage_photos WHERE record = ?1",
	[ST_HERITAGE_QUEUE] =
	    "SELECT h.master, u.name, h.created FROM heritage_records h JOIN "
	    "users u ON u.id = h.master WHERE h.state = 'draft' ORDER BY "
	    "h.created, h.id LIMIT ?1",
	[ST_PHOTOS_OF_WORK] =
	    "SELECT p.id, p.work, p.width, p.height, w.user, w.public, "
	    WORK_HELD("w.id") " FROM photos p JOIN works w ON w.id = p.work "
	    "WHERE p.work = ?1 ORDER BY p.id",
	[ST_COMMENT_INSERT] =
	    "INSERT INTO work_comments (work, author, body, created) VALUES "
	    "(?1, ?2, ?3, ?4)",
	[ST_COMMENTS_OF_WORK] =
	    "SELECT c.id, c.author, u.name, u.role, c.body, c.created FROM "
	    "work_comments c JOIN users u ON u.id = c.author WHERE c.work = ?1 "
	    "ORDER BY c.id",
	[ST_COHORT_INSERT] =
	    "INSERT INTO cohorts (name, starts, ends, places, created_by, "
	    "created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_COHORT_GET] =
	    "SELECT c.id, c.name, c.starts, c.ends, c.places, (SELECT count(*) "
	    "FROM cohort_members m WHERE m.cohort = c.id) FROM cohorts c "
	    "WHERE (?1 = 0 OR c.id = ?1) ORDER BY c.starts DESC, c.id DESC",
	[ST_COHORT_OF_USER] =
	    "SELECT cohort, mentor FROM cohort_members WHERE user = ?1",
	[ST_COHORT_ADMIT] =
	    "INSERT INTO cohort_members (cohort, user, mentor, admitted_by, "
	    "admitted) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_COHORT_MEMBERS] =
	    "SELECT m.user, u.name, m.mentor, t.name, (SELECT count(*) FROM "
	    "milestone_signoffs s JOIN milestones x ON x.id = s.milestone "
	    "WHERE x.cohort = m.cohort AND s.user = m.user), u.stage "
	    "FROM cohort_members m JOIN users u ON u.id = m.user "
	    "JOIN users t ON t.id = m.mentor WHERE m.cohort = ?1 "
	    "ORDER BY m.admitted, m.user",
	[ST_COHORT_IS_MENTOR] =
	    "SELECT count(*) FROM cohort_members WHERE cohort = ?1 AND "
	    "mentor = ?2",
	[ST_MILESTONE_INSERT] =
	    "INSERT INTO milestones (cohort, title_zh, title_en) VALUES "
	    "(?1, ?2, ?3)",
	[ST_MILESTONES_OF_COHORT] =
	    "SELECT id, cohort, title_zh, title_en FROM milestones WHERE "
	    "cohort = ?1 ORDER BY id",
	[ST_MILESTONE_GET] =
	    "SELECT id, cohort, title_zh, title_en FROM milestones WHERE id = ?1",
	[ST_MILESTONE_SIGN] =
	    "INSERT INTO milestone_signoffs (milestone, user, mentor, comment, "
	    "signed) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_SIGNOFFS_OF_COHORT] =
	    "SELECT s.milestone, s.user, s.comment, s.signed, t.name FROM "
	    "milestone_signoffs s JOIN milestones x ON x.id = s.milestone "
	    "JOIN users t ON t.id = s.mentor WHERE x.cohort = ?1",
	[ST_MILESTONE_FACTS] =
	    "SELECT (SELECT count(*) FROM milestones x WHERE x.cohort = "
	    "m.cohort), (SELECT count(*) FROM milestone_signoffs s JOIN "
	    "milestones x ON x.id = s.milestone WHERE x.cohort = m.cohort AND "
	    "s.user = m.user) FROM cohort_members m WHERE m.user = ?1",
	[ST_COHORT_CANDIDATES] =
	    "SELECT u.id, u.name FROM users u WHERE u.role = 'apprentice' AND "
	    "u.stage = 'incubation' AND NOT EXISTS (SELECT 1 FROM "
	    "cohort_members m WHERE m.user = u.id) ORDER BY u.name",
	[ST_SPECIALITY_SET] = "UPDATE users SET speciality = ?2 WHERE id = ?1",
	/* The staff dashboard. */
	/* Counts kept by migration 18's triggers in the writing
	 * transaction: two small tables read instead of 100,000 rows. */
	[ST_DASH_STAGES] =
	    "SELECT stage, n FROM apprentice_stages",
	[ST_DASH_MOVES] =
	    "SELECT count(*) FROM stage_moves WHERE moved >= ?1",
	[ST_DASH_RUNS] =
	    "SELECT r.id, r.course, c.title_zh, c.title_en, r.starts, r.ends, "
	    "r.capacity, (SELECT count(*) FROM enrolments e WHERE e.run = r.id "
	    "AND e.status = 'enrolled'), (SELECT count(*) FROM enrolments e "
	    "WHERE e.run = r.id AND e.status = 'waitlisted') FROM runs r "
	    "JOIN courses c ON c.code = r.course WHERE r.ends >= ?1 "
	    "ORDER BY r.starts, r.id",
	/* ?2 weeks from ?1, each a range of the index enrolments_created
	 * (no sort of every sign-up since ?1). */
	[ST_DASH_ENROLMENTS] =
	    "WITH RECURSIVE w(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM w "
	    "WHERE n + 1 < ?2) SELECT n, (SELECT count(*) FROM enrolments "
	    "WHERE created >= ?1 + n * 604800 AND "
	    "created < ?1 + (n + 1) * 604800) FROM w",
	[ST_DASH_CERTS] =
	    "SELECT kind, n FROM cert_kinds",
	[ST_HONOUR_INSERT] =
	    "INSERT INTO honours (user, kind, name_zh, name_en, conferred, "
	    "source, recorded_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",

	/* 评选 selection (db_comp.c and beside it). A read that must see one snapshot
	 * without holding the write lock (the score log's verification). */
	[ST_BEGIN_READ] = "BEGIN DEFERRED",
	/* ?1 is the id in the update; the insert shares its bindings. */
	[ST_COMP_INSERT] =
	    "INSERT INTO competitions (name_zh, name_en, opens, closes, mode, "
	    "min_panel, spread, generations, advance, tiebreak, created_by, "
	    "created) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13)",
	[ST_COMP_RULES_UPDATE] =
	    "UPDATE competitions SET name_zh = ?2, name_en = ?3, opens = ?4, "
	    "closes = ?5, mode = ?6, min_panel = ?7, spread = ?8, "
	    "generations = ?9, advance = ?10, tiebreak = ?11 WHERE id = ?1 "
	    "AND state = 'entries'",
	[ST_COMP_GET] = "SELECT " COMP_COLS " FROM competitions c WHERE "
	    "(?1 = 0 OR c.id = ?1) ORDER BY c.id DESC",
	[ST_COMP_CRITERIA] =
	    "SELECT pos, name_zh, name_en, weight FROM comp_criteria WHERE "
	    "competition = ?1 ORDER BY pos",
	[ST_COMP_TIERS] =
	    "SELECT pos, name_zh, name_en, quota FROM comp_tiers WHERE "
	    "competition = ?1 ORDER BY pos",
	[ST_CRITERIA_CLEAR] =
	    "DELETE FROM comp_criteria WHERE competition = ?1",
	[ST_CRITERION_INSERT] =
	    "INSERT INTO comp_criteria (competition, pos, name_zh, name_en, "
	    "weight) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_TIERS_CLEAR] = "DELETE FROM comp_tiers WHERE competition = ?1",
	[ST_TIER_INSERT] =
	    "INSERT INTO comp_tiers (competition, pos, name_zh, name_en, "
	    "quota) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_COMP_IN_PROGRESS] =
	    "SELECT count(*) FROM competitions WHERE state <> 'published'",
	[ST_COMP_STATE_SET] =
	    "UPDATE competitions SET state = ?2, round = ?3 WHERE id = ?1",
	[ST_COMP_PUBLISH] =
	    "UPDATE competitions SET state = 'published', published = ?2, "
	    "log_head = ?3 WHERE id = ?1 AND state = 'locked'",
	[ST_CATEGORY_INSERT] =
	    "INSERT INTO comp_categories (competition, name_zh, name_en) "
	    "VALUES (?1, ?2, ?3)",
	[ST_CATEGORY_NAMED] =
	    "SELECT count(*) FROM comp_categories WHERE name_zh = ?1 AND "
	    "competition = ?2",
	[ST_CATEGORY_OF] =
	    "SELECT competition FROM comp_categories WHERE id = ?1",
	[ST_CATEGORIES] =
	    "SELECT k.id, k.competition, k.name_zh, k.name_en, (SELECT "
	    "count(*) FROM comp_entries e WHERE e.category = k.id AND "
	    "e.status IN ('pending', 'eligible')), (SELECT count(*) FROM "
	    "comp_judges j WHERE j.category = k.id) FROM comp_categories k "
	    "WHERE k.competition = ?1 ORDER BY k.id",
	[ST_CATEGORY_NO_JUDGE] =
	    "SELECT count(*) FROM comp_categories k WHERE k.competition = ?1 "
	    "AND EXISTS (SELECT 1 FROM comp_entries e WHERE e.category = k.id "
	    "AND e.status = 'eligible') AND NOT EXISTS (SELECT 1 FROM "
	    "comp_judges j WHERE j.category = k.id)",
	[ST_JUDGE_INSERT] =
	    "INSERT INTO comp_judges (category, judge, added_by, added) VALUES "
	    "(?1, ?2, ?3, ?4)",
	[ST_JUDGES_OF_COMP] =
	    "SELECT j.category, j.judge, u.name, k.name_zh, k.name_en FROM "
	    "comp_judges j JOIN comp_categories k ON k.id = j.category JOIN "
	    "users u ON "
	    "u.id = j.judge WHERE k.competition = ?1 ORDER BY j.category, "
	    "u.name, j.judge",
	[ST_JUDGE_SITS] =
	    "SELECT count(*) FROM comp_judges j JOIN comp_categories k ON "
	    "k.id = j.category WHERE k.competition = ?1 AND j.judge = ?2",
	[ST_JUDGE_ON_PANEL] =
	    "SELECT count(*) FROM comp_judges WHERE category = ?1 AND "
	    "judge = ?2",
	[ST_PANEL_SIZE] =
	    "SELECT count(*) FROM comp_judges WHERE category = ?1",
	[ST_ENTRY_INSERT] =
	    "INSERT INTO comp_entries (competition, category, entrant, work, "
	    "code, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_ENTRY_PHOTOS_FIX] =
	    "INSERT INTO comp_entry_photos (entry, pos, photo) SELECT ?1, "
	    "row_number() OVER (ORDER BY id), id FROM photos WHERE work = ?2 "
	    "ORDER BY id LIMIT 8",
	[ST_ENTRY_PHOTOS] =
	    "SELECT photo FROM comp_entry_photos WHERE entry = ?1 ORDER BY pos",
	[ST_ENTRY_GET] = "SELECT " ENTRY_COLS " WHERE e.id = ?1",
	[ST_ENTRIES_OF_COMP] = "SELECT " ENTRY_COLS " WHERE e.competition = ?1 "
	    "ORDER BY e.category, e.code",
	/* A page of that list (issue 16): the rows after entry ?2 (0: from
	 * the first) in its (category, code) order — a composite keyset,
	 * code being unique — up to ?3. An entry not of the competition
	 * is past every row: an empty page, never page one again. */
	[ST_ENTRIES_PAGE] = "SELECT " ENTRY_COLS " WHERE e.competition = ?1 "
	    "AND (?2 = 0 OR (e.category, e.code) > (SELECT x.category, x.code "
	    "FROM comp_entries x WHERE x.id = ?2 AND x.competition = ?1)) "
	    "ORDER BY e.category, e.code LIMIT ?3",
	[ST_ENTRIES_OF_USER] = "SELECT " ENTRY_COLS " WHERE e.entrant = ?1 "
	    "ORDER BY e.id DESC",
	[ST_ENTRY_OF_WORK] =
	    "SELECT count(*) FROM comp_entries WHERE competition = ?1 AND "
	    "work = ?2",
	[ST_ENTRY_CHECK] =
	    "UPDATE comp_entries SET status = ?2, note = ?3, checked_by = ?4, "
	    "checked = ?5 WHERE id = ?1",
	[ST_ENTRIES_STATUS] =
	    "SELECT count(*) FROM comp_entries WHERE status = ?1 AND "
	    "competition = ?2",
	[ST_ENTRIES_REACH] =
	    "UPDATE comp_entries SET reached = ?2 WHERE competition = ?1 AND "
	    "status = 'eligible'",
	[ST_ENTRY_REACHED] =
	    "UPDATE comp_entries SET reached = ?2 WHERE id = ?1",
	/* The round's entries, each with its panel (?3: one judge, ?4: one
	 * category, 0: all) and whether a recusal is recorded; an entry
	 * whose category has no judge comes once, with judge 0. */
	[ST_ROUND_PANEL] =
	    "SELECT e.id, e.entrant, e.category, coalesce(j.judge, 0), "
	    "r.entry IS NOT NULL FROM comp_entries e LEFT JOIN comp_judges j "
	    "ON j.category = e.category AND (?3 = 0 OR j.judge = ?3) "
	    "LEFT JOIN comp_recusals r ON r.entry = e.id AND r.judge = j.judge "
	    "WHERE e.competition = ?1 AND e.status = 'eligible' AND "
	    "e.reached >= ?2 AND (?4 = 0 OR e.category = ?4) "
	    "ORDER BY e.id, j.judge",
	/* A judge's entries this round: no entrant name, no title. */
	[ST_JUDGE_ROUND] =
	    "SELECT e.id, e.competition, e.category, k.name_zh, k.name_en, "
	    "w.material, e.code, e.reached, e.entrant, EXISTS (SELECT 1 FROM "
	    "comp_recusals r WHERE r.entry = e.id AND r.judge = ?2), "
	    "coalesce((SELECT 1 + s.final FROM comp_sheets s WHERE "
	    "s.entry = e.id AND s.judge = ?2 AND s.round = ?3), 0) "
	    "FROM comp_entries e JOIN comp_judges j ON j.category = e.category "
	    "AND j.judge = ?2 JOIN comp_categories k ON k.id = e.category "
	    "JOIN works w ON w.id = e.work WHERE e.competition = ?1 AND "
	    "e.status = 'eligible' AND e.reached >= ?3 ORDER BY e.category, "
	    "e.code",
	[ST_RECUSAL_INSERT] =
	    "INSERT OR IGNORE INTO comp_recusals (entry, judge, depth, "
	    "recorded) VALUES (?1, ?2, ?3, ?4)",
	[ST_RECUSAL_EXISTS] =
	    "SELECT count(*) FROM comp_recusals WHERE entry = ?1 AND "
	    "judge = ?2",
	/* Whether ?2 is (or was: the row outlives the incubation stage)
	 * the cohort mentor of ?1, who sees ?1's private works. */
	[ST_RECUSAL_MENTOR] =
	    "SELECT count(*) FROM cohort_members WHERE user = ?1 AND "
	    "mentor = ?2",
	[ST_RECUSALS_OF_COMP] =
	    "SELECT count(*) FROM comp_recusals r JOIN comp_entries e ON "
	    "e.id = r.entry WHERE e.competition = ?1",
	[ST_SHEET_GET] = "SELECT " SHEET_COLS " WHERE s.entry = ?1 AND "
	    "s.judge = ?2 AND s.round = ?3",
	[ST_SHEET_UPSERT] =
	    "INSERT INTO comp_sheets (entry, judge, round, marks, final, "
	    "updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (entry, "
	    "judge, round) DO UPDATE SET marks = excluded.marks, "
	    "final = excluded.final, updated = excluded.updated",
	[ST_SHEET_UNFINAL] =
	    "UPDATE comp_sheets SET final = 0, updated = ?2 WHERE id = ?1",
	/* A sheet of a judge recused since (a link made during judging)
	 * does not count: it is not shown either. */
	[ST_SHEETS_OF_ENTRY] = "SELECT " SHEET_COLS " WHERE s.entry = ?1 AND "
	    "s.round = ?2 AND (?3 = 0 OR s.final = 1) AND NOT EXISTS (SELECT "
	    "1 FROM comp_recusals r WHERE r.entry = s.entry AND r.judge = "
	    "s.judge) ORDER BY s.judge",
	[ST_SHEETS_OF_COMP] = "SELECT " SHEET_COLS " JOIN comp_entries e ON "
	    "e.id = s.entry WHERE e.competition = ?1 AND s.round = ?2 AND "
	    "s.final = 1 AND NOT EXISTS (SELECT 1 FROM comp_recusals r WHERE "
	    "r.entry = s.entry AND r.judge = s.judge) ORDER BY s.judge, "
	    "s.entry",
	/* The lock reads a round's sheets at once, in its pairs' order. */
	[ST_SHEETS_ROUND_FINAL] =
	    "SELECT s.entry, s.judge, s.marks FROM comp_sheets s JOIN "
	    "comp_entries e ON e.id = s.entry WHERE e.competition = ?1 AND "
	    "s.round = ?2 AND s.final = 1 ORDER BY s.entry, s.judge",
	[ST_COMP_PROGRESS] =
	    "SELECT count(*), coalesce(sum(s.final = 1), 0), "
	    "coalesce(sum(s.final = 0), 0) FROM comp_entries e JOIN "
	    "comp_judges j ON j.category = e.category LEFT JOIN comp_sheets s "
	    "ON s.entry = e.id AND s.judge = j.judge AND s.round = ?2 "
	    "WHERE e.competition = ?1 AND e.status = 'eligible' AND "
	    "e.reached >= ?2 AND NOT EXISTS (SELECT 1 FROM comp_recusals r "
	    "WHERE r.entry = e.id AND r.judge = j.judge)",
	[ST_RESULT_INSERT] =
	    "INSERT INTO comp_results (entry, round, rank, tier, total_num, "
	    "total_den, counted, flags, dropped_hi, dropped_lo, advanced) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* ?2 = 0: the competition's last round. */
	[ST_RESULTS_OF_COMP] = "SELECT " RESULT_COLS " JOIN competitions c ON "
	    "c.id = e.competition WHERE e.competition = ?1 AND r.round = "
	    "CASE WHEN ?2 > 0 THEN ?2 ELSE " FINAL_ROUND " END "
	    "ORDER BY e.category, r.rank, e.code",
	[ST_RESULT_OF_ENTRY] = "SELECT " RESULT_COLS " WHERE r.entry = ?1 AND "
	    "(?2 = 0 OR r.round = ?2) ORDER BY r.round DESC LIMIT 1",
	[ST_AWARDS_OF_COMP] =
	    "SELECT r.entry, e.entrant, c.name_zh, c.name_en, k.name_zh, "
	    "k.name_en, t.name_zh, t.name_en FROM comp_results r JOIN "
	    "comp_entries e ON e.id = r.entry JOIN competitions c ON "
	    "c.id = e.competition JOIN comp_categories k ON k.id = e.category "
	    "JOIN comp_tiers t ON t.competition = c.id AND t.pos = r.tier "
	    "WHERE c.id = ?1 AND r.round = " FINAL_ROUND " AND r.tier > 0 "
	    "ORDER BY e.category, r.rank, e.code",
	[ST_TIER_HOLDERS] =
	    "SELECT DISTINCT e.entrant FROM comp_results r JOIN comp_entries e "
	    "ON e.id = r.entry JOIN competitions c ON c.id = e.competition "
	    "WHERE c.id = ?1 AND r.tier = ?2 AND r.round = " FINAL_ROUND
	    " ORDER BY e.entrant",
	/* A person's placings in a tier: published competitions and ?3. */
	[ST_TIER_PLACINGS] =
	    "SELECT c.name_zh, k.name_zh FROM comp_results r JOIN comp_entries "
	    "e ON e.id = r.entry JOIN competitions c ON c.id = e.competition "
	    "JOIN comp_categories k ON k.id = e.category WHERE e.entrant = ?1 "
	    "AND r.tier = ?2 AND r.round = " FINAL_ROUND " AND (c.state = "
	    "'published' OR c.id = ?3) ORDER BY c.id, k.id",
	/* Proposed before, or held already (a title conferred otherwise). */
	[ST_NOMINATION_EXISTS] =
	    "SELECT (SELECT count(*) FROM title_nominations WHERE title_zh = "
	    "?1 AND user = ?2) + (SELECT count(*) FROM honours WHERE kind = "
	    "'title' AND name_zh = ?1 AND user = ?2)",
	[ST_TITLE_HELD] =
	    "SELECT count(*) FROM honours WHERE kind = 'title' AND "
	    "name_zh = ?1 AND user = ?2",
	[ST_NOMINATION_INSERT] =
	    "INSERT INTO title_nominations (user, title_zh, title_en, reason, "
	    "competition, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_NOMINATIONS] =
	    "SELECT n.id, n.user, u.name, n.title_zh, n.title_en, n.reason, "
	    "n.competition, n.state, coalesce(n.honour, 0), n.created FROM "
	    "title_nominations n JOIN users u ON u.id = n.user WHERE "
	    "(?1 = 0 OR n.id = ?1) ORDER BY n.id DESC",
	[ST_NOMINATION_DECIDE] =
	    "UPDATE title_nominations SET state = ?2, honour = ?3, "
	    "decided_by = ?4, decided = ?5 WHERE id = ?1 AND "
	    "state = 'proposed'",
	[ST_SCORE_LOG_LAST] =
	    "SELECT id, hash FROM score_log ORDER BY id DESC LIMIT 1",
	[ST_SCORE_LOG_INSERT] =
	    "INSERT INTO score_log (id, at, actor, action, competition, entry, "
	    "judge, round, old, new, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_SCORE_LOG_ALL] =
	    "SELECT id, at, actor, action, competition, entry, judge, round, "
	    "old, new, prev, hash FROM score_log ORDER BY id",
	/* Each sheet beside the last score-log record that wrote it. */
	[ST_SCORE_LOG_SHEETS] =
	    "SELECT s.id, s.entry, s.judge, s.round, s.marks, s.final, "
	    "coalesce(l.id, 0), coalesce(l.action, ''), coalesce(l.new, '') "
	    "FROM comp_sheets s LEFT JOIN (SELECT entry, judge, round, "
	    "max(id) AS id FROM score_log WHERE action IN " SHEET_ACTIONS
	    " GROUP BY entry, judge, round) m ON m.entry = s.entry AND "
	    "m.judge = s.judge AND m.round = s.round LEFT JOIN score_log l ON "
	    "l.id = m.id ORDER BY s.id",
	[ST_SCORE_LOG_HEADS] =
	    "SELECT c.id FROM competitions c WHERE c.state = 'published' AND "
	    "NOT EXISTS (SELECT 1 FROM score_log l WHERE l.hash = c.log_head) "
	    "ORDER BY c.id LIMIT 1",
	/* The score log's signed heads (db_scorelog.c). */
	[ST_SCORE_SIG_INSERT] =
	    "INSERT INTO score_log_sigs (record, kid, public_key, signature) "
	    "VALUES (?1, ?2, ?3, ?4)",
	/* Every record a lock or publication wrote, with its signature. */
	[ST_SCORE_SIG_HEADS] =
	    "SELECT l.id, l.competition, l.action, l.round, l.hash, "
	    "coalesce(s.kid, ''), coalesce(s.public_key, ''), "
	    "coalesce(s.signature, '') FROM score_log l LEFT JOIN "
	    "score_log_sigs s ON s.record = l.id WHERE l.action IN ('lock', "
	    "'publish') AND (?1 = 0 OR l.competition = ?1) ORDER BY l.id",
	/* The inbox (db_inbox.c). */
	[ST_INBOX_INSERT] =
	    "INSERT INTO inbox (user, kind, subject_zh, subject_en, ref, "
	    "detail, num, link, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9)",
	[ST_INBOX_COPIES] =
	    "UPDATE inbox SET email = ?2, sms = ?3 WHERE id = ?1",
	[ST_INBOX_UNREAD] =
	    "SELECT count(*) FROM (SELECT 1 FROM inbox WHERE user = ?1 AND "
	    "read_at = 0 LIMIT 1000)",
	[ST_INBOX_PAGE] =
	    "SELECT id, kind, subject_zh, subject_en, ref, detail, num, link, "
	    "created, read_at, email, sms FROM inbox WHERE user = ?1 AND "
	    "id < ?2 ORDER BY id DESC LIMIT ?3",
	[ST_INBOX_MARK] =
	    "UPDATE inbox SET read_at = CASE read_at WHEN 0 THEN ?3 ELSE "
	    "read_at END WHERE id = ?1 AND user = ?2",
	[ST_INBOX_MARK_ALL] =
	    "UPDATE inbox SET read_at = ?2 WHERE user = ?1 AND read_at = 0",
	[ST_NOTIFY_PREF] =
	    "SELECT coalesce(p.email, 0), coalesce(p.sms, 0), "
	    "coalesce(p.lang, 'zh'), u.account, u.verified FROM users u "
	    "LEFT JOIN notify_prefs p ON p.user = u.id AND p.kind = ?2 "
	    "WHERE u.id = ?1",
	[ST_NOTIFY_PREFS] =
	    "SELECT kind, email, sms FROM notify_prefs WHERE user = ?1",
	[ST_NOTIFY_PREF_SET] =
	    "INSERT INTO notify_prefs (user, kind, email, sms, lang, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user, kind) DO "
	    "UPDATE SET email = ?3, sms = ?4, lang = ?5, updated = ?6",
	[ST_INBOX_RUN_PEOPLE] =
	    "SELECT user FROM enrolments WHERE run = ?1 AND status IN "
	    "('enrolled', 'waitlisted') ORDER BY id",
	[ST_INBOX_RUN_COURSE] =
	    "SELECT c.title_zh, c.title_en FROM runs r JOIN courses c ON "
	    "c.code = r.course WHERE r.id = ?1",
	[ST_INBOX_COMP_NAME] =
	    "SELECT name_zh, name_en FROM competitions WHERE id = ?1",
	[ST_INBOX_COMP_ENTRANTS] =
	    "SELECT DISTINCT entrant FROM comp_entries WHERE competition = ?1 "
	    "AND status = 'eligible' ORDER BY entrant",

	/* 实名核验 and PIPL (db_privacy.c). */
	[ST_IDCHECK_GET] =
	    "SELECT i.doc_type, i.last4, i.name, i.checked_by, "
	    "coalesce(s.name, ''), i.checked, coalesce(i.renamed, 0) "
	    "FROM identity_checks i LEFT JOIN users s ON s.id = i.checked_by "
	    "WHERE i.user = ?1",
	[ST_IDCHECK_INSERT] =
	    "INSERT INTO identity_checks (user, doc_type, last4, doc_hash, "
	    "name, checked_by, checked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_IDCHECK_BY_HASH] =
	    "SELECT i.user, u.name, u.account FROM identity_checks i "
	    "JOIN users u ON u.id = i.user WHERE i.doc_hash = ?1",
	[ST_IDCHECK_RENAME] =
	    "UPDATE identity_checks SET name = ?2, renamed = ?3 "
	    "WHERE user = ?1",
	[ST_BIRTH_SET] = "UPDATE users SET birth_date = ?2 WHERE id = ?1",
	[ST_CONSENT_INSERT] =
	    "INSERT INTO consents (user, kind, version, detail, recorded_by, "
	    "at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_CONSENTS_OF] =
	    "SELECT c.kind, c.version, c.detail, coalesce(c.recorded_by, 0), "
	    "coalesce(s.name, ''), c.at FROM consents c LEFT JOIN users s ON "
	    "s.id = c.recorded_by WHERE c.user = ?1 ORDER BY c.id",
	[ST_PRIVACY_FACTS] =
	    "SELECT coalesce(u.birth_date, ''), EXISTS (SELECT 1 FROM "
	    "consents c WHERE c.user = u.id AND c.kind = 'guardian'), "
	    "EXISTS (SELECT 1 FROM identity_checks i WHERE i.user = u.id), "
	    "coalesce(u.deleted, 0) FROM users u WHERE u.id = ?1",
	[ST_RUN_UNVERIFIED] =
	    "SELECT u.id, u.name FROM completions k JOIN users u ON "
	    "u.id = k.user WHERE k.run = ?1 AND NOT EXISTS (SELECT 1 FROM "
	    "certificates x WHERE x.event = 'completion:' || k.id AND "
	    "x.current = 1) AND NOT EXISTS (SELECT 1 FROM identity_checks i "
	    "WHERE i.user = k.user) ORDER BY k.id",
	[ST_PHOTOS_OF_USER] =
	    "SELECT p.id FROM photos p JOIN works w ON w.id = p.work "
	    "WHERE w.user = ?1 ORDER BY p.id",
	/* An account's deletion: what is personal goes; the record of what
	 * was earned (completions, levels, honours, results, certificates)
	 * stays, under a tombstone that cannot log in. Photos and works an
	 * entry was judged on keep their rows (the foreign keys refuse
	 * otherwise) but lose their files and words. */
	[ST_DEL_PHOTOS] =
	    "DELETE FROM photos WHERE work IN (SELECT id FROM works WHERE "
	    "user = ?1) AND id NOT IN (SELECT photo FROM comp_entry_photos)",
	[ST_DEL_COMMENTS] =
	    "DELETE FROM work_comments WHERE author = ?1 OR work IN "
	    "(SELECT id FROM works WHERE user = ?1)",
	[ST_DEL_WORKS] =
	    "DELETE FROM works WHERE user = ?1 AND id NOT IN (SELECT work "
	    "FROM comp_entries)",
	[ST_DEL_WORKS_SCRUB] =
	    "UPDATE works SET technique = '', size = '', description = '', "
	    "public = 0 WHERE user = ?1",
	[ST_DEL_LOG_NOTES] =
	    "UPDATE training_log SET notes = '' WHERE apprentice = ?1",
	[ST_DEL_MENTOR_MESSAGES] =
	    "UPDATE mentorships SET message = NULL WHERE apprentice = ?1",
	[ST_DEL_SESSIONS] = "DELETE FROM sessions WHERE user_id = ?1",
	[ST_DEL_FAILURES] = "DELETE FROM login_failures WHERE account = ?1",
	[ST_DEL_IDCHECK] = "DELETE FROM identity_checks WHERE user = ?1",
	[ST_DEL_CONSENTS] = "DELETE FROM consents WHERE user = ?1",
	/* The inbox's messages quote the person's own words (notify.c). */
	[ST_DEL_INBOX] = "DELETE FROM inbox WHERE user = ?1",
	[ST_DEL_NOTIFY_PREFS] = "DELETE FROM notify_prefs WHERE user = ?1",
	[ST_DEL_USER] =
	    "UPDATE users SET name = ?2, account = 'deleted:' || id, "
	    "pwhash = '!', school = NULL, activation_hash = NULL, "
	    "activation_expires = NULL, speciality = '', share_certs = 0, "
	    "birth_date = NULL, deleted = ?3 WHERE id = ?1 AND deleted IS NULL",
	[ST_CERTS_REVOKE_OF_USER] =
	    "UPDATE certificates SET revoked = ?2, revoked_reason = ?3, "
	    "revoked_by = ?1, current = 0 WHERE user = ?1 AND current = 1 AND "
	    "revoked IS NULL RETURNING id, coalesce(batch, 0)",

	/* 身份 identity: one-time codes, the outbox, sessions (db_ident.c). */
	[ST_USER_VERIFY] =
	    "UPDATE users SET verified = ?2 WHERE id = ?1 AND verified = 0",
	[ST_USER_VERIFIED_OF] = "SELECT verified FROM users WHERE id = ?1",
	[ST_USER_RELEASE] =
	    "UPDATE users SET account = 'released:' || id || ':' || account, "
	    "released = ?2 WHERE id = ?1 AND verified = 0",
	[ST_USER_PASSWORD_SET] = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
	[ST_USER_ACCOUNT_SET] = "UPDATE users SET account = ?2 WHERE id = ?1",
	[ST_USER_STALE] =
	    "SELECT id FROM users WHERE verified = 0 AND created < ?1 AND "
	    "account NOT LIKE 'removed:%' AND deleted IS NULL "
	    "ORDER BY id LIMIT 200",
	[ST_USER_TOMBSTONE] =
	    "UPDATE users SET name = '(removed)', account = 'removed:' || id, "
	    "pwhash = '!', school = NULL, activation_hash = NULL, "
	    "birth_date = NULL, released = ?2 WHERE id = ?1 AND verified = 0",
	[ST_CODE_SUPERSEDE] =
	    "UPDATE codes SET used = ?3 WHERE user = ?1 AND purpose = ?2 AND "
	    "used = 0",
	[ST_CODE_INSERT] =
	    "INSERT INTO codes (user, purpose, address, hash, created, expires) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_CODE_LIVE] =
	    "SELECT id, address, hash, tries, expires FROM codes WHERE "
	    "user = ?1 AND purpose = ?2 AND used = 0 ORDER BY id DESC LIMIT 1",
	[ST_CODE_TRY] = "UPDATE codes SET tries = tries + 1 WHERE id = ?1",
	[ST_CODE_USE] =
	    "UPDATE codes SET used = ?2 WHERE id = ?1 AND used = 0 AND "
	    "expires > ?2",
	[ST_CODE_PURGE] = "DELETE FROM codes WHERE expires < ?1",
	[ST_OUTBOX_INSERT] =
	    "INSERT INTO outbox (user, channel, address, subject, body, "
	    "next_at, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
	[ST_OUTBOX_COUNT_ADDRESS] =
	    "SELECT count(*) FROM outbox WHERE address = ?1 AND created >= ?2",
	[ST_OUTBOX_COUNT_ALL] =
	    "SELECT count(*) FROM outbox WHERE created >= ?1",
	[ST_OUTBOX_DUE] =
	    "SELECT " OUTBOX_COLS " FROM outbox WHERE state IN ('queued', "
	    "'sending') AND next_at <= ?1 ORDER BY next_at, id LIMIT ?2",
	[ST_OUTBOX_CLAIM] =
	    "UPDATE outbox SET state = 'sending', next_at = ?2 WHERE id = ?1",
	[ST_OUTBOX_SENT] =
	    "UPDATE outbox SET state = 'sent', sent = ?2, tries = tries + 1, "
	    "error = '' WHERE id = ?1 AND state = 'sending'",
	/* A delivered message may hold a code: its text is not kept. */
	[ST_OUTBOX_FORGET] = "UPDATE outbox SET body = '' WHERE id = ?1",
	/* Sent and dead messages go after 30 days (the daily job). */
	[ST_OUTBOX_PURGE] =
	    "DELETE FROM outbox WHERE state IN ('sent', 'dead') AND "
	    "created < ?1",
	[ST_OUTBOX_COUNT_USER] =
	    "SELECT count(*) FROM outbox WHERE user = ?1 AND created >= ?2",
	/* Deleting an account (db_privacy.c): its codes and messages. */
	[ST_DEL_CODES] = "DELETE FROM codes WHERE user = ?1",
	[ST_DEL_ENTRY_PHOTOS] =
	    "SELECT p.entry * 16 + p.pos FROM comp_entry_photos p JOIN "
	    "comp_entries e ON e.id = p.entry WHERE e.entrant = ?1",
	[ST_DEL_OUTBOX] = "DELETE FROM outbox WHERE user = ?1",
	[ST_OUTBOX_FAILED] =
	    "UPDATE outbox SET state = ?2, tries = tries + 1, next_at = ?3, "
	    "error = ?4 WHERE id = ?1 AND state = 'sending'",
	[ST_OUTBOX_RETRY] =
	    "UPDATE outbox SET state = 'queued', tries = 0, next_at = ?2, "
	    "error = '' WHERE id = ?1 AND state = 'dead'",
	[ST_OUTBOX_LIST] =
	    "SELECT " OUTBOX_COLS " FROM outbox WHERE (?1 = '' OR state = ?1) "
	    "AND id < ?2 ORDER BY id DESC LIMIT ?3",
	[ST_OUTBOX_GET] = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = ?1",
	[ST_OUTBOX_STATES] =
	    "SELECT state, count(*) FROM outbox GROUP BY state",
	[ST_SESSIONS_OF_USER] =
	    "SELECT id, created, expires, addr, agent, token_hash = ?2 FROM "
	    "sessions WHERE user_id = ?1 AND expires > ?3 ORDER BY id DESC "
	    "LIMIT 100",
	[ST_SESSIONS_END_OTHERS] =
	    "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2",
	[ST_SESSIONS_END_ALL] = "DELETE FROM sessions WHERE user_id = ?1",
	/* W3C Bitstring Status Lists: a certificate's random position, the
	 * positions set in each list, the signed lists as served; and
	 * suspension, which is lifted as it was set (db_cert.c). */
	[ST_CERT_STATUS_MISSING] =
	    "SELECT id FROM certificates WHERE status_index IS NULL "
	    "ORDER BY id",
	[ST_CERT_STATUS_TAKEN] =
	    "SELECT count(*) FROM certificates WHERE status_index = ?1",
	[ST_CERT_STATUS_USED] =
	    "SELECT count(*) FROM certificates WHERE status_index IS NOT NULL",
	[ST_CERT_STATUS_SET] =
	    "UPDATE certificates SET status_index = ?2 WHERE id = ?1 AND "
	    "status_index IS NULL",
	/* A re-issued certificate's old credential is revoked too: the
	 * verify page calls it so. */
	[ST_STATUS_REVOKED] =
	    "SELECT status_index FROM certificates WHERE status_index IS NOT "
	    "NULL AND (revoked IS NOT NULL OR superseded_by IS NOT NULL)",
	[ST_STATUS_SUSPENDED] =
	    "SELECT status_index FROM certificates WHERE status_index IS NOT "
	    "NULL AND suspended IS NOT NULL",
	[ST_STATUS_LIST_PUT] =
	    "INSERT INTO status_lists (purpose, body, etag, kid, origin, "
	    "updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (purpose) "
	    "DO UPDATE SET body = ?2, etag = ?3, kid = ?4, origin = ?5, "
	    "updated = ?6",
	[ST_STATUS_LIST_GET] =
	    "SELECT body, etag FROM status_lists WHERE purpose = ?1",
	[ST_STATUS_LIST_DROP] = "DELETE FROM status_lists",
	[ST_STATUS_LIST_FRESH] =
	    "SELECT count(*) FROM status_lists WHERE kid = ?1 AND origin = ?2 "
	    "AND updated > ?3",
	[ST_CERT_SUSPEND] =
	    "UPDATE certificates SET suspended = ?2, suspended_reason = ?3, "
	    "suspended_by = ?4 WHERE id = ?1 AND current = 1 AND revoked IS "
	    "NULL AND suspended IS NULL",
	[ST_CERT_REINSTATE] =
	    "UPDATE certificates SET suspended = NULL, suspended_reason = NULL, "
	    "suspended_by = NULL WHERE id = ?1 AND suspended IS NOT NULL",
	/* Quotas: a person's use and limits (?2..?4 the defaults). */
	[ST_QUOTA_USE] =
	    "SELECT (SELECT count(*) FROM works WHERE user = ?1), "
	    "(SELECT count(*) FROM photos p JOIN works w ON w.id = p.work "
	    "WHERE w.user = ?1), (SELECT coalesce(sum(p.bytes), 0) FROM "
	    "photos p JOIN works w ON w.id = p.work WHERE w.user = ?1), "
	    "coalesce((SELECT works FROM quotas WHERE user = ?1), ?2), "
	    "coalesce((SELECT photos FROM quotas WHERE user = ?1), ?3), "
	    "coalesce((SELECT bytes FROM quotas WHERE user = ?1), ?4)",
	[ST_QUOTA_SET] =
	    "INSERT INTO quotas (user, works, photos, bytes, set_by, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user) DO UPDATE SET "
	    "works = coalesce(?2, works), photos = coalesce(?3, photos), "
	    "bytes = coalesce(?4, bytes), set_by = ?5, updated = ?6",
	[ST_DATA_USE] = "SELECT kind, bytes FROM data_use ORDER BY kind",
	[ST_CERT_FILE_BYTES] =
	    "UPDATE certificates SET file_bytes = ?2 WHERE id = ?1 AND "
	    "file_bytes <> ?2",

	/* 就业 jobs (db_jobs.c). */
	[ST_EMPLOYER_INSERT] =
	    "INSERT INTO employers (user, business, credit_code, created) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[ST_EMPLOYER_BY_CODE] =
	    "SELECT count(*) FROM employers WHERE credit_code = ?1",
	[ST_EMPLOYER_OF_USER] =
	    "SELECT " EMPLOYER_COLS " WHERE e.user = ?1",
	[ST_EMPLOYER_GET] =
	    "SELECT " EMPLOYER_COLS " WHERE e.id = ?1",
	[ST_EMPLOYERS] =
	    "SELECT " EMPLOYER_COLS " ORDER BY CASE e.status WHEN 'pending' "
	    "THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, e.id DESC LIMIT ?1",
	[ST_EMPLOYER_DECIDE] =
	    "UPDATE employers SET status = ?2, reason = ?3, decided_by = ?4, "
	    "decided = ?5 WHERE id = ?1 AND status <> ?2",
	[ST_POSTING_INSERT] =
	    "INSERT INTO job_postings (employer, title, track, level, pay_min, "
	    "pay_max, place, closes, description, created) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_POSTING_GET] =
	    "SELECT " POSTING_COLS " WHERE p.id = ?1",
	[ST_POSTINGS_OPEN] =
	    "SELECT " POSTING_COLS " WHERE " POSTING_OPEN " ORDER BY p.id DESC "
	    "LIMIT ?2 OFFSET ?3",
	[ST_POSTINGS_OPEN_COUNT] =
	    "SELECT count(*) FROM job_postings p JOIN employers e ON e.id = "
	    "p.employer WHERE " POSTING_OPEN,
	[ST_POSTINGS_OF_EMPLOYER] =
	    "SELECT " POSTING_COLS " WHERE p.employer = ?1 ORDER BY p.id DESC "
	    "LIMIT 200",
	[ST_POSTINGS_PENDING] =
	    "SELECT " POSTING_COLS " WHERE p.status = 'pending' ORDER BY p.id "
	    "LIMIT ?1",
	[ST_POSTING_REVIEW] =
	    "UPDATE job_postings SET status = ?2, reason = ?3, reviewed_by = ?4, "
	    "reviewed = ?5 WHERE id = ?1 AND status <> ?2",
	[ST_POSTING_IS_OPEN] =
	    "SELECT count(*) FROM job_postings p JOIN employers e ON e.id = "
	    "p.employer WHERE " POSTING_OPEN " AND p.id = ?2",
	[ST_APPLICATION_INSERT] =
	    "INSERT INTO job_applications (posting, applicant, message, "
	    "contact, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[ST_SHOWN_INSERT] =
	    "INSERT OR IGNORE INTO job_shown (application, kind, item) "
	    "VALUES (?1, ?2, ?3)",
	[ST_SHOWN_OF] =
	    "SELECT kind, item FROM job_shown WHERE application = ?1 "
	    "ORDER BY kind, item",
	[ST_APPLICATION_GET] =
	    "SELECT " APPLICATION_COLS " WHERE a.id = ?1",
	[ST_APPLICATIONS_OF_POSTING] =
	    "SELECT " APPLICATION_COLS " WHERE a.posting = ?1 ORDER BY a.id "
	    "LIMIT 500",
	[ST_APPLICATIONS_OF_USER] =
	    "SELECT " APPLICATION_COLS " WHERE a.applicant = ?1 ORDER BY a.id "
	    "DESC LIMIT 500",
	[ST_APPLICATION_STEP] =
	    "UPDATE job_applications SET step = ?2, updated = ?4 WHERE id = ?1 "
	    "AND step = ?3",
	[ST_DEL_JOB_APPLICATIONS] =
	    "DELETE FROM job_applications WHERE applicant = ?1",
	/* Placements, from the hires (few) outward, at most ?1 groups: the
	 * people of a cohort, or who completed a course, and how many of
	 * them were hired. */
	[ST_DASH_PLACE_COHORTS] =
	    "SELECT c.id, c.name, c.name, (SELECT count(*) FROM cohort_members "
	    "x WHERE x.cohort = c.id), count(DISTINCT h.applicant) FROM "
	    "job_applications h JOIN cohort_members m ON m.user = h.applicant "
	    "JOIN cohorts c ON c.id = m.cohort WHERE h.step = 'hired' "
	    "GROUP BY c.id ORDER BY c.id DESC LIMIT ?1",
	[ST_DASH_PLACE_COURSES] =
	    "SELECT co.code, co.title_zh, co.title_en, (SELECT count(DISTINCT "
	    "x.user) FROM completions x WHERE x.course = co.code), "
	    "count(DISTINCT h.applicant) FROM job_applications h JOIN "
	    "completions p ON p.user = h.applicant JOIN courses co ON co.code = "
	    "p.course WHERE h.step = 'hired' GROUP BY co.code ORDER BY co.code "
	    "LIMIT ?1",
	/* 十大金牌导购大师 (db_guide.c). */
	[ST_ENTRY_COUNT_ANY] =
	    "SELECT count(*) FROM comp_entries WHERE competition = ?1",
	[ST_GUIDE_KIND_SET] =
	    "UPDATE competitions SET kind = 'guide' WHERE id = ?1 AND "
	    "state = 'entries'",
	[ST_GUIDE_RULES_GET] =
	    "SELECT w_panel, w_public, w_integrity, deduction, winners, burst, "
	    "burst_minutes, new_days FROM guide_rules WHERE competition = ?1",
	[ST_GUIDE_RULES_PUT] =
	    "INSERT INTO guide_rules (competition, w_panel, w_public, "
	    "w_integrity, deduction, winners, burst, burst_minutes, new_days) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT "
	    "(competition) DO UPDATE SET w_panel = ?2, w_public = ?3, "
	    "w_integrity = ?4, deduction = ?5, winners = ?6, burst = ?7, "
	    "burst_minutes = ?8, new_days = ?9",
	[ST_GUIDE_NOMINEE_INSERT] =
	    "INSERT INTO guide_nominees (competition, shop, guide, guide_user, "
	    "evidence, photo, code, status, nominated_by, created) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_GUIDE_NOMINEE_GET] = "SELECT " NOMINEE_COLS ", 0 FROM "
	    "guide_nominees n WHERE n.id = ?1",
	[ST_GUIDE_NOMINEE_BY_CODE] = "SELECT " NOMINEE_COLS ", 0 FROM "
	    "guide_nominees n WHERE n.code = ?1",
	[ST_GUIDE_NOMINEES] = "SELECT " NOMINEE_COLS ", 0 FROM "
	    "guide_nominees n WHERE n.competition = ?1 AND (?2 = 0 OR "
	    "n.status = 'eligible') ORDER BY n.id",
	[ST_GUIDE_NOMINEE_CHECK] =
	    "UPDATE guide_nominees SET status = ?2, note = ?3 WHERE id = ?1 "
	    "AND status = 'pending'",
	[ST_GUIDE_COUNT_STATUS] =
	    "SELECT count(*) FROM guide_nominees WHERE status = ?1 AND "
	    "competition = ?2",
	[ST_GUIDE_PANEL_COUNT] =
	    "SELECT count(DISTINCT j.judge) FROM comp_judges j JOIN "
	    "comp_categories k ON k.id = j.category WHERE k.competition = ?1",
	[ST_GUIDE_STATE] =
	    "UPDATE competitions SET state = ?2, round = ?3 WHERE id = ?1 AND "
	    "state = ?4 AND kind = 'guide'",
	[ST_GUIDE_VOTE_INSERT] =
	    "INSERT INTO guide_votes (competition, nominee, user, phone, day, "
	    "net, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_GUIDE_VOTE_GET] =
	    "SELECT competition, nominee, voided FROM guide_votes WHERE id = ?1",
	[ST_GUIDE_VOTE_VOID] =
	    "UPDATE guide_votes SET voided = 1, void_reason = ?2, voided_by = "
	    "?3 WHERE id = ?1 AND voided = 0",
	/* A vote with its neighbours from the same range (?2 seconds either
	 * side) and its account's age; ?3 = 1: only those that look odd
	 * (?4 neighbours or more, or an account younger than ?5 s; 0: no
	 * account is new). */
	[ST_GUIDE_VOTES] =
	    "SELECT * FROM (SELECT v.id, v.nominee, n.guide, v.user, v.phone, "
	    "v.day, v.net, v.at, v.voided, v.void_reason, u.created, (SELECT "
	    "count(*) FROM guide_votes w WHERE w.competition = v.competition "
	    "AND w.net = v.net AND w.at BETWEEN v.at - ?2 AND v.at + ?2) AS "
	    "nearby FROM guide_votes v JOIN users u ON u.id = v.user JOIN "
	    "guide_nominees n ON n.id = v.nominee WHERE v.competition = ?1) "
	    "WHERE ?3 = 0 OR nearby >= ?4 OR (?5 > 0 AND at - created < ?5) "
	    "ORDER BY id DESC LIMIT ?6",
	[ST_GUIDE_SHEET_GET] =
	    "SELECT marks, final FROM guide_sheets WHERE nominee = ?1 AND "
	    "judge = ?2",
	[ST_GUIDE_SHEET_PUT] =
	    "INSERT INTO guide_sheets (nominee, judge, marks, final, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (nominee, judge) DO "
	    "UPDATE SET marks = ?3, final = ?4, updated = ?5 WHERE "
	    "guide_sheets.final = 0",
	[ST_GUIDE_SHEETS_FINAL] =
	    "SELECT judge, marks FROM guide_sheets WHERE nominee = ?1 AND "
	    "final = 1 ORDER BY judge",
	[ST_GUIDE_SITS] =
	    "SELECT count(*) FROM comp_judges j JOIN comp_categories k ON "
	    "k.id = j.category WHERE k.competition = ?2 AND j.judge = ?1",
	[ST_GUIDE_RECUSED] =
	    "SELECT count(*) FROM guide_recusals WHERE nominee = ?1 AND "
	    "judge = ?2",
	[ST_GUIDE_RECUSAL_INSERT] =
	    "INSERT INTO guide_recusals (nominee, judge, reason, recorded) "
	    "VALUES (?1, ?2, ?3, ?4)",
	/* Sheets still owed: eligible nominees × judges of the panel who
	 * are neither the guide, nor who nominated, nor recused. */
	[ST_GUIDE_MISSING] =
	    "SELECT count(*) FROM (SELECT DISTINCT n.id, j.judge FROM "
	    "guide_nominees n JOIN comp_categories k ON k.competition = "
	    "n.competition JOIN comp_judges j ON j.category = k.id WHERE "
	    "n.competition = ?1 AND n.status = 'eligible' AND j.judge <> "
	    "n.guide_user AND j.judge <> n.nominated_by AND NOT EXISTS "
	    "(SELECT 1 FROM guide_recusals r WHERE r.nominee = n.id AND "
	    "r.judge = j.judge) AND NOT EXISTS (SELECT 1 FROM guide_sheets s "
	    "WHERE s.nominee = n.id AND s.judge = j.judge AND s.final = 1))",
	[ST_GUIDE_JUDGE_LIST] = "SELECT " NOMINEE_COLS ", coalesce((SELECT "
	    "s.final FROM guide_sheets s WHERE s.nominee = n.id AND s.judge = "
	    "?1), -1) FROM guide_nominees n JOIN competitions c ON c.id = "
	    "n.competition WHERE c.kind = 'guide' AND c.state = 'judging' AND "
	    "n.status = 'eligible' AND n.guide_user <> ?1 AND n.nominated_by "
	    "<> ?1 AND EXISTS (SELECT 1 FROM comp_judges j JOIN "
	    "comp_categories k ON k.id = j.category WHERE k.competition = c.id "
	    "AND j.judge = ?1) AND NOT EXISTS (SELECT 1 FROM guide_recusals r "
	    "WHERE r.nominee = n.id AND r.judge = ?1) ORDER BY n.code",
	[ST_GUIDE_COMPLAINT_INSERT] =
	    "INSERT INTO guide_complaints (competition, nominee, against, "
	    "summary, entered_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_GUIDE_COMPLAINTS] =
	    "SELECT k.id, k.nominee, n.shop, n.guide, k.against = 'shop', "
	    "k.summary, k.at FROM guide_complaints k JOIN guide_nominees n ON "
	    "n.id = k.nominee WHERE k.competition = ?1 ORDER BY k.id",
	[ST_GUIDE_RESULT_INSERT] =
	    "INSERT INTO guide_results (nominee, competition, rank, panel_num, "
	    "panel_den, votes, top_votes, complaints, integrity, final_num, "
	    "final_den, winner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12)",
	[ST_GUIDE_RESULT_HONOUR] =
	    "UPDATE guide_results SET honour = ?2 WHERE nominee = ?1",
	[ST_GUIDE_RESULTS] =
	    "SELECT r.nominee, n.shop, n.guide, n.guide_user, r.rank, "
	    "r.panel_num, r.panel_den, r.votes, r.top_votes, r.complaints, "
	    "r.integrity, r.final_num, r.final_den, r.winner, "
	    "coalesce(r.honour, 0), coalesce((SELECT c.code FROM certificates "
	    "c WHERE c.event = 'honour:' || r.honour AND c.current = 1), '') "
	    "FROM guide_results r JOIN guide_nominees n ON n.id = r.nominee "
	    "WHERE r.competition = ?1 ORDER BY r.rank",
	/* A scrape (db_metrics.c): messages not yet sent and dead, and when
	 * the oldest unsent was queued (the lowest id of the two unsent
	 * states: ids grow with time); every part is a range of the index
	 * outbox_state (state, id), never a scan of the sent ones. */
	[ST_METRICS_OUTBOX] =
	    "SELECT (SELECT count(*) FROM outbox WHERE state = 'queued'), "
	    "(SELECT count(*) FROM outbox WHERE state = 'sending'), "
	    "(SELECT count(*) FROM outbox WHERE state = 'dead'), "
	    "coalesce((SELECT created FROM outbox WHERE id = (SELECT min(m) "
	    "FROM (SELECT min(id) AS m FROM outbox WHERE state = 'queued' "
	    "UNION ALL SELECT min(id) FROM outbox WHERE state = 'sending'))), "
	    "0)",
};
