/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_entry.h: the statements of 入门 entry: the catalogue, runs, seats,
 * rosters, attendance and results (db_course.c, db_seat.c, db_roster.c).
 *
 * Part of sql.c's one table, stmt_sql[]: sql.c includes this file inside
 * the table's initialiser, so it holds only [ST_X] = "SQL" entries
 * (and the column lists they share). Nothing else includes it.
 */

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
	[ST_USER_ACTIVATE] =
	    "UPDATE users SET pwhash = ?3, activation_hash = NULL, "
	    "activation_expires = NULL WHERE account = ?1 AND "
	    "activation_hash = ?2 AND activation_expires > ?4 RETURNING id",
	/*
	 * A roster, a chunk at a time (db_roster.c): one
	 * JSON array parameter carries the chunk's rows, read with json_each
	 * (key: the row's place in the chunk, 0 first).
	 */
	/* ?1 ["account", ...], ?2 run: the accounts known, with their seat. */
	[ST_ROSTER_LOOKUP] =
	    "SELECT j.key, u.id, u.role, u.verified, u.name, "
	    "coalesce(e.status, '') FROM json_each(?1) j JOIN users u ON "
	    "u.account = j.value LEFT JOIN enrolments e ON e.run = ?2 AND "
	    "e.user = u.id",
	/* ?1 [[name, account, track, school or null, code digest], ...],
	 * ?2 now, ?3 when the codes expire: no password yet, proved by the
	 * school (verified = now). */
	[ST_ROSTER_USERS_INSERT] =
	    "INSERT INTO users (name, account, pwhash, role, track, created, "
	    "school, activation_hash, activation_expires, verified) SELECT "
	    "json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), "
	    "'!', 'apprentice', json_extract(j.value, '$[2]'), ?2, "
	    "json_extract(j.value, '$[3]'), json_extract(j.value, '$[4]'), ?3, "
	    "?2 FROM json_each(?1) j ORDER BY j.key RETURNING id, account",
	/*
	 * ?1 run, ?2 [[user, status, n], ...] with n = 1, 2, ... in file
	 * order, ?3 now: each at the end of the run's queue in that order,
	 * as ST_ENROLMENT_UPSERT one after the other (max(seq) is read once,
	 * before the first row is written).
	 */
	[ST_ROSTER_SEATS_UPSERT] =
	    "WITH b AS (SELECT coalesce(max(seq), 0) AS s FROM enrolments "
	    "WHERE run = ?1) INSERT INTO enrolments (run, user, status, seq, "
	    "created, updated) SELECT ?1, json_extract(j.value, '$[0]'), "
	    "json_extract(j.value, '$[1]'), b.s + json_extract(j.value, "
	    "'$[2]'), ?3, ?3 FROM json_each(?2) j, b WHERE true ORDER BY j.key "
	    "ON CONFLICT (run, user) DO UPDATE SET status = excluded.status, "
	    "seq = excluded.seq, updated = excluded.updated, promoted = NULL, "
	    "score = NULL, result = NULL",
	/* ?1 now, ?2 actor, ?3 [[account, "name" or "unverified"], ...]. */
	[ST_ROSTER_CONFLICTS_AUDIT] =
	    "INSERT INTO audit (at, actor, action, subject, detail) SELECT "
	    "?1, ?2, 'roster.conflict', json_extract(j.value, '$[0]'), "
	    "json_extract(j.value, '$[1]') FROM json_each(?3) j ORDER BY j.key",
	[ST_CATALOGUE_VERSION] = "SELECT n FROM catalogue_version",
