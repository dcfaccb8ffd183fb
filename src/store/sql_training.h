/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_training.h: the statements of 培养 training: masters, the lineage,
 * mentorships, the training log, levels and stage moves (db_train.c); 非遗
 * heritage records (db_heritage.c).
 *
 * Part of sql.c's one table, stmt_sql[]: sql.c includes this file inside
 * the table's initialiser, so it holds only [ST_X] = "SQL" entries
 * (and the column lists they share). Nothing else includes it.
 */

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
