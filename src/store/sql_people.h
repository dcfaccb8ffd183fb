/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_people.h: the statements of people and their accounts: users,
 * sessions, login throttling, the audit trail (db_people.c, db_audit.c);
 * the inbox (db_inbox.c); 实名核验, PIPL and an account's deletion
 * (db_privacy.c); identity, codes and the outbox (db_ident.c); storage
 * quotas.
 *
 * Part of sql.c's one table, stmt_sql[]: sql.c includes this file inside
 * the table's initialiser, so it holds only [ST_X] = "SQL" entries
 * (and the column lists they share). Nothing else includes it.
 */

#define USER_COLS \
	"u.id, u.name, u.account, u.role, u.track, u.stage, u.created, " \
	"u.verified, u.released"

/* An outbox row (db_ident.c's outbox_row() reads these). */
#define OUTBOX_COLS \
	"id, coalesce(user, 0), channel, address, subject, body, state, " \
	"tries, next_at, error, created, sent"

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
