/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_jobs.c: 就业 jobs' pure rules (job.c) — the 统一社会信用代码's
 * form and check character (GB 32100-2015, against the standard's own
 * example and hand-computed ones), the steps of an application and who
 * may take each, the pay bounds — and the store on a real SQLite file:
 * migration 18 widens users.role's CHECK to 'employer' (and nothing
 * else), on a database that already had people in it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "job.h"
#include "tdb.h"

static void
credit_code_check_character(void **state)
{
	char	 out[CREDIT_CODE_LEN + 1];

	(void)state;
	/* GB 32100-2015's example; sum 3*... by hand: check '3'. */
	assert_int_equal(job_credit_check("91350100M000100Y4"), '3');
	assert_true(job_credit_code("91350100M000100Y43", out));
	assert_string_equal(out, "91350100M000100Y43");
	/* Lower case and blanks around it are the same code. */
	assert_true(job_credit_code("  91350100m000100y43\t", out));
	assert_string_equal(out, "91350100M000100Y43");
	/* A check character of 0: 31 - 0 mod 31 wraps to '0'. */
	assert_int_equal(job_credit_check("00000000000000000"), '0');
	assert_true(job_credit_code("000000000000000000", out));
	/* Wrong check character, length, set (I O Z S V), region. */
	assert_false(job_credit_code("91350100M000100Y44", out));
	assert_false(job_credit_code("91350100M000100Y4", out));
	assert_false(job_credit_code("91350100M000100Y430", out));
	assert_false(job_credit_code("91350100M00010OY43", out));
	assert_false(job_credit_code("9135010AM000100Y43", out));
	assert_false(job_credit_code("91350100M000100Y 43", out));
	assert_false(job_credit_code("", out));
	assert_false(job_credit_code(NULL, out));
	assert_int_equal(job_credit_check("9135010IM000100Y4"), 0);
}

static void
steps_only_go_forward(void **state)
{
	enum job_step	 s;
	int		 from, to;

	(void)state;
	/* The employer's way through. */
	assert_true(job_step_allowed(JOB_APPLIED, JOB_VIEWED, 0));
	assert_true(job_step_allowed(JOB_VIEWED, JOB_INTERVIEW, 0));
	assert_true(job_step_allowed(JOB_APPLIED, JOB_INTERVIEW, 0));
	assert_true(job_step_allowed(JOB_INTERVIEW, JOB_OFFER, 0));
	assert_true(job_step_allowed(JOB_OFFER, JOB_HIRED, 0));
	assert_false(job_step_allowed(JOB_INTERVIEW, JOB_HIRED, 0));
	assert_false(job_step_allowed(JOB_VIEWED, JOB_VIEWED, 0));
	assert_false(job_step_allowed(JOB_OFFER, JOB_INTERVIEW, 0));
	assert_false(job_step_allowed(JOB_APPLIED, JOB_WITHDRAWN, 0));
	/* Final steps are final, for both sides. */
	for (from = JOB_DECLINED; from <= JOB_WITHDRAWN; from++)
		for (to = 0; to < JOB__STEPS; to++) {
			assert_false(job_step_allowed(from, to, 0));
			assert_false(job_step_allowed(from, to, 1));
		}
	/* The applicant only withdraws, before a decision. */
	for (from = JOB_APPLIED; from <= JOB_OFFER; from++) {
		assert_true(job_step_allowed(from, JOB_WITHDRAWN, 1));
		assert_true(job_step_allowed(from, JOB_DECLINED, 0));
		for (to = 0; to < JOB_WITHDRAWN; to++)
			assert_false(job_step_allowed(from, to, 1));
	}
	for (to = 0; to < JOB__STEPS; to++) {
		assert_true(job_step_parse(job_step_code(to), &s));
		assert_int_equal(s, to);
	}
	assert_false(job_step_parse("boss", &s));
	assert_false(job_step_parse(NULL, &s));
}

static void
pay_bounds(void **state)
{
	(void)state;
	assert_true(job_pay_valid(1, 1));
	assert_true(job_pay_valid(6000, 12000));
	assert_true(job_pay_valid(JOB_PAY_MAX, JOB_PAY_MAX));
	assert_false(job_pay_valid(0, 100));
	assert_false(job_pay_valid(9000, 8000));
	assert_false(job_pay_valid(1, JOB_PAY_MAX + 1));
	assert_false(job_pay_valid(-5, 10));
}

/* Migration 18 on a database of schema 17 with people in it: 'employer'
 * becomes a role the CHECK takes, other words stay refused, and the
 * people are untouched. On PostgreSQL (YUJIANG_TEST_ENGINE) there is no
 * schema 17 to go back to — its schema begins at 22 (schema_pg.c) — so
 * what the migration is for is checked on a fresh database instead: the
 * CHECK takes an employer and refuses another word. */
static void
migration_widens_the_role_check(void **state)
{
	char		 dir[] = "/tmp/yj-jobtest.XXXXXX", path[256], cmd[300];
	struct user_new	 n = { "梁老板", "13900000001", "$argon2id$x",
	    ROLE_EMPLOYER, TRACK_NONE, 0 };
	sqlite3		*r;
	int64_t		 id;
	int		 i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/%s", dir, DB_FILE);
	if (tdb_pg()) {
		assert_true(tdb_open(path));
		assert_true(db_migrate());
		assert_true(db_prepare());
		assert_int_equal(db_user_create(&n, &id), DB_OK);
		assert_false(tdb_try("INSERT INTO users (name, account, pwhash, "
		    "role, created) VALUES ('x', 'z', '!', 'boss', 1)"));
		assert_int_equal(tdb_int("SELECT count(*) FROM users WHERE "
		    "role = 'employer'"), 1);
		tdb_close();
		(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		assert_int_equal(system(cmd), 0);
		return;
	}
	assert_true(tdb_open(path));
	assert_true(db_migrate());
	db_close();
	/* Back to 18: drop what 22 (an index), 21 (the heritage record),
	 * 20 (the guide selection; its widened kind CHECKs stay) and 19
	 * made, and put 19's old CHECK text back. */
	assert_int_equal(sqlite3_open(path, &r), SQLITE_OK);
	assert_int_equal(sqlite3_exec(r,
	    "DROP INDEX completions_run;"
	    "DROP TABLE heritage_photos; DROP TABLE heritage_records;"
	    "DROP TABLE guide_results; DROP TABLE guide_complaints;"
	    "DROP TABLE guide_votes; DROP TABLE guide_sheets;"
	    "DROP TABLE guide_recusals; DROP TABLE guide_nominees;"
	    "DROP TABLE guide_rules;"
	    "ALTER TABLE competitions DROP COLUMN kind;"
	    "DELETE FROM cert_kinds WHERE kind = 'guide';"
	    "DROP TABLE job_shown; DROP TABLE job_applications;"
	    "DROP TABLE job_postings; DROP TABLE employers;"
	    "DROP INDEX completions_course;"
	    "PRAGMA writable_schema = ON;"
	    "UPDATE sqlite_schema SET sql = replace(sql, ', ''employer'')',"
	    "  ')') WHERE name = 'users';"
	    "PRAGMA writable_schema = RESET;"
	    "INSERT INTO users (name, account, pwhash, role, created) VALUES "
	    "  ('老员工', 'staff@x.cn', '!', 'staff', 1);"
	    "PRAGMA user_version = 18;", NULL, NULL, NULL), SQLITE_OK);
	/* The old schema refuses an employer: the test's premise. */
	assert_int_not_equal(sqlite3_exec(r, "INSERT INTO users (name, "
	    "account, pwhash, role, created) VALUES ('x', 'y', '!', "
	    "'employer', 1)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(r);
	assert_true(db_open(path));
	assert_true(db_migrate());
	assert_int_equal(db_schema_version(), db_schema_latest());
	assert_true(db_prepare());
	/* The same connection takes an employer at once. */
	assert_int_equal(db_user_create(&n, &id), DB_OK);
	db_close();
	assert_int_equal(sqlite3_open(path, &r), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(r, "INSERT INTO users (name, "
	    "account, pwhash, role, created) VALUES ('x', 'z', '!', 'boss', "
	    "1)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(r, "PRAGMA integrity_check", NULL,
	    NULL, NULL), SQLITE_OK);
	for (i = 0; i < 2; i++) {
		sqlite3_stmt	*s;

		assert_int_equal(sqlite3_prepare_v2(r, i == 0 ?
		    "SELECT count(*) FROM users WHERE role = 'employer'" :
		    "SELECT count(*) FROM users WHERE account = 'staff@x.cn'",
		    -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 1);
		sqlite3_finalize(s);
	}
	sqlite3_close(r);
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(credit_code_check_character),
		cmocka_unit_test(steps_only_go_forward),
		cmocka_unit_test(pay_bounds),
		cmocka_unit_test(migration_widens_the_role_check),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
