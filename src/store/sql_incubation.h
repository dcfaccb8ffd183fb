/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_incubation.h: the statements of 孵化 incubation: works, photos,
 * comments, cohorts and milestones (db_incub.c); the staff dashboard's
 * counts.
 *
 * Part of sql.c's one table, stmt_sql[]: sql.c includes this file inside
 * the table's initialiser, so it holds only [ST_X] = "SQL" entries
 * (and the column lists they share). Nothing else includes it.
 */

/* A work with its owner's name and its photo count, cover and whether
 * a competition holds it (db_incub.c). */
#define WORK_COLS \
	"w.id, w.user, u.name, w.title, w.material, w.technique, w.size, " \
	"w.description, w.public, w.created, w.updated, (SELECT count(*) " \
	"FROM photos p WHERE p.work = w.id), (SELECT min(p.id) FROM photos p " \
	"WHERE p.work = w.id), " WORK_HELD("w.id") " FROM works w JOIN " \
	"users u ON u.id = w.user"

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
