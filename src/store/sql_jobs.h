/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_jobs.h: the statements of 就业 jobs: employers, postings,
 * applications (db_jobs.c) and the dashboard's placements.
 *
 * Part of sql.c's one table, stmt_sql[]: sql.c includes this file inside
 * the table's initialiser, so it holds only [ST_X] = "SQL" entries
 * (and the column lists they share). Nothing else includes it.
 */

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
