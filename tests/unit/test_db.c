/*
 * test_db.c: the store on a real, fresh SQLite file — every migration,
 * every statement prepares, constraints (unique accounts, foreign keys,
 * CHECKs, the append-only audit trail), sessions and login failures.
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

#include "../../src/db.h"
#include "../../src/secret.h"

static char	dir[] = "/tmp/yj-dbtest.XXXXXX";
static char	path[256];

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return (-1);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, DB_FILE);
	if (!db_open(path) || !db_migrate() || !db_prepare())
		return (-1);
	return (0);
}

static int
teardown(void **state)
{
	char	 cmd[512];

	(void)state;
	db_close();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return (system(cmd) == 0 ? 0 : -1);
}

/* A second connection, as another worker would have, for raw checks. */
static sqlite3 *
raw(void)
{
	sqlite3	*r;

	assert_int_equal(sqlite3_open(path, &r), SQLITE_OK);
	sqlite3_busy_timeout(r, 2000);
	assert_int_equal(sqlite3_exec(r, "PRAGMA foreign_keys = ON", NULL,
	    NULL, NULL), SQLITE_OK);
	return (r);
}

static int64_t
mkuser(const char *account, enum role role)
{
	struct user_new	 n = { "测试", account, "$argon2id$x", role,
	    role == ROLE_STAFF ? TRACK_NONE : TRACK_CARVER, 0 };
	int64_t		 id = 0;

	assert_int_equal(db_user_create(&n, &id), DB_OK);
	return (id);
}

static void
migrations_reach_latest(void **state)
{
	sqlite3		*r;
	sqlite3_stmt	*s;
	const char	*mode;

	(void)state;
	assert_int_equal(db_schema_version(), db_schema_latest());
	assert_true(db_schema_latest() >= 1);
	/* Running them again is a no-op. */
	assert_true(db_migrate());
	assert_int_equal(db_schema_version(), db_schema_latest());
	r = raw();
	assert_int_equal(sqlite3_prepare_v2(r, "PRAGMA journal_mode", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	mode = (const char *)sqlite3_column_text(s, 0);
	assert_string_equal(mode, "wal");
	sqlite3_finalize(s);
	sqlite3_close(r);
}

static void
every_statement_prepares(void **state)
{
	(void)state;
	/* setup() already prepared all; prepare again to be explicit. */
	assert_true(db_prepare());
	assert_null(db_prepare_failed());
	assert_int_equal(db_ping(), DB_OK);
}

static void
unique_account(void **state)
{
	struct user_new	 n = { "李四", "13800000001", "$argon2id$x",
	    ROLE_APPRENTICE, TRACK_DESIGNER, 0 };
	struct user	 u;
	int64_t		 id, again, count0, count1;
	char		 pw[PWHASH_LEN];

	(void)state;
	assert_int_equal(db_user_count(&count0), DB_OK);
	assert_int_equal(db_user_create(&n, &id), DB_OK);
	assert_int_equal(db_user_create(&n, &again), DB_CONFLICT);
	assert_int_equal(db_user_count(&count1), DB_OK);
	assert_int_equal(count1, count0 + 1);
	assert_int_equal(db_user_by_account("13800000001", &u, pw,
	    sizeof(pw)), DB_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.name, "李四");
	assert_int_equal(u.track, TRACK_DESIGNER);
	assert_int_equal(u.stage, STAGE_ENTRY);
	assert_string_equal(pw, "$argon2id$x");
	assert_int_equal(db_user_by_account("nobody", &u, pw, sizeof(pw)),
	    DB_NOTFOUND);
	assert_int_equal(db_user_by_id(999999, &u), DB_NOTFOUND);
}

static void
foreign_keys_enforced(void **state)
{
	sqlite3	*r;

	(void)state;
	/* A session for a person who does not exist. */
	assert_int_equal(db_session_create("0123", 424242, 1, 2), DB_CONFLICT);
	r = raw();
	assert_int_not_equal(sqlite3_exec(r, "INSERT INTO sessions (token_hash,"
	    " user_id, created, expires) VALUES ('x', 987654, 1, 2)", NULL,
	    NULL, NULL), SQLITE_OK);
	/* STRICT and CHECK: a role that does not exist. */
	assert_int_not_equal(sqlite3_exec(r, "INSERT INTO users (name, account,"
	    " pwhash, role, created) VALUES ('x', 'y', 'z', 'admin', 1)", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(r, "INSERT INTO users (name, account,"
	    " pwhash, role, created) VALUES ('x', 'y', 'z', 'staff', 'soon')",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(r);
}

static void
audit_is_append_only(void **state)
{
	sqlite3	*r;
	int64_t	 n0, n1;

	(void)state;
	assert_int_equal(db_audit_count("user.create", &n0), DB_OK);
	(void)mkuser("audit@example.cn", ROLE_STAFF);
	assert_int_equal(db_audit_count("user.create", &n1), DB_OK);
	assert_int_equal(n1, n0 + 1);
	r = raw();
	assert_int_not_equal(sqlite3_exec(r, "UPDATE audit SET action = 'x'",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(r, "DELETE FROM audit", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(r);
	assert_int_equal(db_audit_count("user.create", &n1), DB_OK);
	assert_int_equal(n1, n0 + 1);
}

static void
sessions_expire_and_end(void **state)
{
	struct user	 u;
	int64_t		 id, n;
	char		 tok[TOKEN_HEX], h[TOKEN_HEX];

	(void)state;
	id = mkuser("13900000009", ROLE_MASTER);
	secret_token(tok);
	secret_token_hash(tok, h);
	assert_int_equal(db_session_create(h, id, 1000, 2000), DB_OK);
	assert_int_equal(db_session_user(h, 1500, &u), DB_OK);
	assert_int_equal(u.id, id);
	assert_int_equal(u.role, ROLE_MASTER);
	assert_int_equal(db_session_user(h, 2000, &u), DB_NOTFOUND);
	assert_int_equal(db_session_user(tok, 1500, &u), DB_NOTFOUND);
	assert_int_equal(db_session_delete(h, 1600), DB_OK);
	assert_int_equal(db_session_user(h, 1500, &u), DB_NOTFOUND);
	assert_int_equal(db_audit_count("session.logout", &n), DB_OK);
	assert_int_equal(n, 1);
	/* Purge removes expired sessions only. */
	secret_token(tok);
	secret_token_hash(tok, h);
	assert_int_equal(db_session_create(h, id, 1000, 5000), DB_OK);
	assert_int_equal(db_session_purge(3000), DB_OK);
	assert_int_equal(db_session_user(h, 3000, &u), DB_OK);
	assert_int_equal(db_session_purge(5000), DB_OK);
	assert_int_equal(db_session_user(h, 3000, &u), DB_NOTFOUND);
}

static void
login_failures_window_and_clear(void **state)
{
	char	 tok[TOKEN_HEX], h[TOKEN_HEX];
	int64_t	 id, a, b;

	(void)state;
	id = mkuser("13900000010", ROLE_APPRENTICE);
	assert_int_equal(db_login_failure("13900000010", "10.0.0.1", 100),
	    DB_OK);
	assert_int_equal(db_login_failure("13900000010", "10.0.0.2", 200),
	    DB_OK);
	assert_int_equal(db_login_failure("other", "10.0.0.1", 300), DB_OK);
	assert_int_equal(db_login_failures("13900000010", "10.0.0.1", 0, &a,
	    &b), DB_OK);
	assert_int_equal(a, 2);
	assert_int_equal(b, 2);
	assert_int_equal(db_login_failures("13900000010", "10.0.0.1", 150, &a,
	    &b), DB_OK);
	assert_int_equal(a, 1);
	assert_int_equal(b, 1);
	/* A successful login clears the account's failures, not others'. */
	secret_token(tok);
	secret_token_hash(tok, h);
	assert_int_equal(db_session_create(h, id, 400, 9000), DB_OK);
	assert_int_equal(db_login_failures("13900000010", "10.0.0.1", 0, &a,
	    &b), DB_OK);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
}

static int
first_id(const struct user *u, void *arg)
{
	*(int64_t *)arg = u->id;
	return (0);
}

static void
users_recent_order(void **state)
{
	int64_t	 last, got = 0;

	(void)state;
	last = mkuser("order@example.cn", ROLE_APPRENTICE);
	assert_int_equal(db_users_recent(10, first_id, &got), DB_OK);
	assert_int_equal(got, last);
}

static void
backup_is_a_full_copy(void **state)
{
	char	 dest[300];
	sqlite3	*r;
	sqlite3_stmt *s;

	(void)state;
	(void)snprintf(dest, sizeof(dest), "%s/backup.db", dir);
	assert_true(db_backup(dest));
	assert_int_equal(sqlite3_open(dest, &r), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(r, "SELECT count(*) FROM users "
	    "WHERE account = 'order@example.cn'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	sqlite3_close(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_reach_latest),
		cmocka_unit_test(every_statement_prepares),
		cmocka_unit_test(unique_account),
		cmocka_unit_test(foreign_keys_enforced),
		cmocka_unit_test(audit_is_append_only),
		cmocka_unit_test(sessions_expire_and_end),
		cmocka_unit_test(login_failures_window_and_clear),
		cmocka_unit_test(users_recent_order),
		cmocka_unit_test(backup_is_a_full_copy),
	};

	if (!secret_init())
		return (1);
	return (cmocka_run_group_tests_name("db", tests, setup, teardown));
}
