/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_db.c: the store on a real, fresh SQLite file — every migration,
 * every statement prepares, constraints (unique accounts, foreign keys,
 * CHECKs, the append-only audit trail), sessions and login failures.
 * With YUJIANG_TEST_ENGINE=postgresql the same tests run with the store on
 * a fresh PostgreSQL database (tdb.h); the checks of SQLite's own plans,
 * journal and backup file are skipped there, each saying why.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "db_pg.h"
#include "db_sqlite.h"
#include "secret.h"
#include "tdb.h"

static char	dir[] = "/tmp/yj-dbtest.XXXXXX";
static char	path[256];

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return (-1);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, DB_FILE);
	if (!tdb_open(path) || !db_migrate() || !db_prepare())
		return (-1);
	return (0);
}

static int
teardown(void **state)
{
	char	 cmd[512];

	(void)state;
	tdb_close();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return (system(cmd) == 0 ? 0 : -1);
}

/* A second connection, as another worker would have, for the checks of
 * SQLite's own (plans, journal): on SQLite only. */
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

static void
plan_line(const char *const *cols, int n, void *arg)
{
	char	*plan = arg;
	size_t	 o = strlen(plan);

	if (n > 0 && cols[0] != NULL)
		(void)snprintf(plan + o, 4096 - o, "%s\n", cols[0]);
}

/*
 * PostgreSQL's plan of statement st as the store prepared it ("s<N>"),
 * each parameter '1', with sequential scans priced out: on the test's
 * near-empty tables the planner would rightly scan, so what this asks is
 * whether an index can serve the statement at all (the town-scale case).
 * plan is 4096 bytes.
 */
static void
pg_plan(enum stmt st, char *plan)
{
	PGresult	*res;
	char		 name[16], sql[512];
	size_t		 o;
	int		 i, n;

	(void)snprintf(name, sizeof(name), "s%d", (int)st);
	res = PQdescribePrepared(db_pg_conn(), name);
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	n = PQnparams(res);
	PQclear(res);
	o = (size_t)snprintf(sql, sizeof(sql), "EXPLAIN EXECUTE %s", name);
	for (i = 0; i < n && o + 8 < sizeof(sql); i++)
		o += (size_t)snprintf(sql + o, sizeof(sql) - o, "%s'1'",
		    i == 0 ? "(" : ", ");
	if (n > 0)
		(void)snprintf(sql + o, sizeof(sql) - o, ")");
	plan[0] = '\0';
	tdb_exec("SET enable_seqscan = off");
	(void)tdb_rows(plan_line, plan, "%s", sql);
	tdb_exec("RESET enable_seqscan");
	if (getenv("YUJIANG_TEST_LOG") != NULL)
		fprintf(stderr, "statement %d:\n%s", (int)st, plan);
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
	/* The journal is SQLite's (PostgreSQL has its own WAL, always). */
	if (tdb_pg())
		return;
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

/*
 * Issue 16: the staff pages' statements at town scale. Each statement's
 * plan (EXPLAIN QUERY PLAN on the real schema) may scan only what is
 * named for it — a counter table, the CTE of weeks, the pending table
 * or the certificates newest first, both read up to their LIMIT — and
 * must reach every other table by an index: a full scan of people,
 * certificates, completions, enrolments or moves is what made the
 * dashboard and /certs take 80-500 ms at 100,000 people.
 */
static void
plan_scans_only(sqlite3 *r, enum stmt st, const char *const *allowed)
{
	sqlite3_stmt	*q;
	char		*sql;
	const char	*d;
	size_t		 i;
	int		 ok;

	sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", stmt_sql[st]);
	assert_int_equal(sqlite3_prepare_v2(r, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		d = (const char *)sqlite3_column_text(q, 3);
		if (strncmp(d, "SCAN ", 5) != 0)
			continue;
		for (ok = 0, i = 0; allowed[i] != NULL && !ok; i++)
			ok = strcmp(d, allowed[i]) == 0;
		if (!ok)
			fail_msg("statement %d scans: %s\n%s", (int)st, d,
			    stmt_sql[st]);
	}
	sqlite3_finalize(q);
	sqlite3_free(sql);
}

static int
listed(const char *table, const char *const *allowed)
{
	size_t	 i;

	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(table, allowed[i]) == 0)
			return (1);
	return (0);
}

/* The details of the plan's node at line (the lines below it indented
 * deeper that are not nodes, "->"): its Index Cond, or NULL. */
static const char *
index_cond(const char *line)
{
	const char	*d, *nl;
	size_t		 indent = strspn(line, " "), di;

	for (d = strchr(line, '\n'); d != NULL; d = nl) {
		d++;
		di = strspn(d, " ");
		if (di <= indent || strncmp(d + di, "->", 2) == 0)
			return (NULL);
		if (strncmp(d + di, "Index Cond:", 11) == 0)
			return (d + di);
		nl = strchr(d, '\n');
	}
	return (NULL);
}

/*
 * On PostgreSQL (pg_plan(): sequential scans priced out): the statement
 * reads no table whole but those named in allowed — by a sequential scan,
 * an index walked without an index condition, or one whose condition is
 * not on the index's first column — every other it searches by an index.
 */
static void
pg_scans_only(enum stmt st, const char *const *allowed)
{
	char		 plan[4096], name[64], col[80];
	const char	*line, *p, *cond, *c[2];
	size_t		 n;
	int		 bitmap;

	pg_plan(st, plan);
	for (line = plan; line != NULL && *line != '\0';
	    line = (p = strchr(line, '\n')) != NULL ? p + 1 : NULL) {
		bitmap = 0;
		if ((p = strstr(line, "Seq Scan on ")) != NULL &&
		    p < strchr(line, '\n')) {
			p += strlen("Seq Scan on ");
			n = strcspn(p, " \n");
			(void)snprintf(name, sizeof(name), "%.*s", (int)n, p);
			if (!listed(name, allowed))
				fail_msg("statement %d reads %s whole on "
				    "PostgreSQL:\n%s", (int)st, name, plan);
			continue;
		}
		if ((p = strstr(line, "Bitmap Index Scan on ")) != NULL &&
		    p < strchr(line, '\n')) {
			p += strlen("Bitmap Index Scan on ");
			bitmap = 1;
		} else if ((p = strstr(line, "Scan using ")) != NULL &&
		    p < strchr(line, '\n') && strstr(line, "Index") != NULL)
			p += strlen("Scan using ");
		else if ((p = strstr(line, "Scan Backward using ")) != NULL &&
		    p < strchr(line, '\n'))
			p += strlen("Scan Backward using ");
		else
			continue;
		n = strcspn(p, " \n");
		(void)snprintf(name, sizeof(name), "%.*s", (int)n, p);
		/* The index's table and first column. */
		assert_int_equal(tdb_row(c, 2, "SELECT t.relname, a.attname "
		    "FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
		    "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a "
		    "ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
		    "WHERE x.relname = '%s'", name), 1);
		if (listed(c[0], allowed))
			continue;
		(void)snprintf(col, sizeof(col), "(%s%s%s ",
		    strcmp(c[1], "user") == 0 ? "\"" : "", c[1],
		    strcmp(c[1], "user") == 0 ? "\"" : "");
		cond = index_cond(line);
		if (cond == NULL || strstr(cond, col) == NULL ||
		    strstr(cond, col) > strchr(cond, '\n'))
			fail_msg("statement %d reads %s whole (index %s%s) on "
			    "PostgreSQL:\n%s", (int)st, c[0], name,
			    bitmap ? ", bitmap" : "", plan);
	}
}

/* staff_statements_scan_no_big_table on PostgreSQL: the counters of
 * stages and kinds, the pending list newest first (up to its LIMIT) and
 * the catalogue's courses (a hash of a few hundred rows for the runs;
 * SQLite looks each up) are the only tables read whole. */
static void
pg_staff_statements(void)
{
	static const char *const none[] = { NULL };
	static const char *const stages[] = { "apprentice_stages", NULL };
	static const char *const kinds[] = { "cert_kinds", NULL };
	static const char *const courses[] = { "courses", NULL };
	static const char *const pending[] = { "cert_pending", NULL };

	pg_scans_only(ST_DASH_STAGES, stages);
	pg_scans_only(ST_DASH_CERTS, kinds);
	pg_scans_only(ST_DASH_MOVES, none);
	pg_scans_only(ST_DASH_ENROLMENTS, none);
	pg_scans_only(ST_DASH_RUNS, courses);
	pg_scans_only(ST_EVENTS_PENDING, pending);
	pg_scans_only(ST_CERTS_PAGE, none);
	pg_scans_only(ST_CERT_BY_CODE, none);
}

static void
staff_statements_scan_no_big_table(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const stages[] = { "SCAN apprentice_stages",
	    NULL };
	static const char *const kinds[] = { "SCAN cert_kinds", NULL };
	static const char *const weeks[] = { "SCAN CONSTANT ROW", "SCAN w",
	    NULL };
	static const char *const pending[] = {
	    "SCAN p USING INDEX cert_pending_at", NULL };
	sqlite3		*r;

	(void)state;
	/* SQLite's plan text is SQLite's: PostgreSQL's plan checked. */
	if (tdb_pg()) {
		pg_staff_statements();
		return;
	}
	r = raw();
	plan_scans_only(r, ST_DASH_STAGES, stages);
	plan_scans_only(r, ST_DASH_CERTS, kinds);
	plan_scans_only(r, ST_DASH_MOVES, none);
	plan_scans_only(r, ST_DASH_ENROLMENTS, weeks);
	plan_scans_only(r, ST_DASH_RUNS, none);
	plan_scans_only(r, ST_EVENTS_PENDING, pending);
	plan_scans_only(r, ST_CERTS_PAGE, none);
	plan_scans_only(r, ST_CERT_BY_CODE, none);
	sqlite3_close(r);
}

/*
 * Issue 16: a batch of a run's certificates finds the run's completions
 * (1,000,000 of them at town scale) by migration 22's index. Before it,
 * both plans were "SCAN k" / "SCAN completions": the whole table.
 */
/* The same on PostgreSQL: the index's condition is the run. (Its sort of
 * one run's completions by id is left to the planner: a run's few
 * hundred rows, not the table.) */
static void
pg_run_statements(void)
{
	static const char *const none[] = { NULL };
	const enum stmt	 sts[] = { ST_RUN_UNCERTIFIED, ST_RUN_COMPLETIONS };
	char		 plan[4096];
	size_t		 i;

	for (i = 0; i < sizeof(sts) / sizeof(sts[0]); i++) {
		pg_scans_only(sts[i], none);
		pg_plan(sts[i], plan);
		if (strstr(plan, "on completions_run") == NULL ||
		    strstr(plan, "Index Cond: (run = ") == NULL)
			fail_msg("statement %d does not search completions_run"
			    "\n%s", (int)sts[i], plan);
	}
}

static void
run_statements_search_completions_by_run(void **state)
{
	static const char *const none[] = { NULL };
	sqlite3_stmt	*q;
	sqlite3		*r;
	const enum stmt	 sts[] = { ST_RUN_UNCERTIFIED, ST_RUN_COMPLETIONS };
	char		*sql;
	const char	*d;
	size_t		 i;
	int		 found;

	(void)state;
	/* SQLite's plan text is SQLite's: PostgreSQL's plan checked. */
	if (tdb_pg()) {
		pg_run_statements();
		return;
	}
	r = raw();
	for (i = 0; i < sizeof(sts) / sizeof(sts[0]); i++) {
		plan_scans_only(r, sts[i], none);
		sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", stmt_sql[sts[i]]);
		assert_int_equal(sqlite3_prepare_v2(r, sql, -1, &q, NULL),
		    SQLITE_OK);
		found = 0;
		while (sqlite3_step(q) == SQLITE_ROW) {
			d = (const char *)sqlite3_column_text(q, 3);
			if (strstr(d, "INDEX completions_run (run=?)") != NULL)
				found = 1;
			if (strstr(d, "TEMP B-TREE") != NULL)
				fail_msg("statement %d sorts: %s", (int)sts[i], d);
		}
		sqlite3_finalize(q);
		sqlite3_free(sql);
		if (!found)
			fail_msg("statement %d does not search completions_run",
			    (int)sts[i]);
	}
	sqlite3_close(r);
}

/*
 * Issue 16: every paged list reads one range of an index ending in the
 * id, below the page's `before` (pager.h): the plan searches with
 * "rowid<?", scans no table and sorts nothing, so page 2,000 of the
 * people costs what page 1 does.
 */
static void
plan_keyset(sqlite3 *r, enum stmt st, const char *search)
{
	sqlite3_stmt	*q;
	char		*sql;
	const char	*d;
	char		 plan[2048] = "";
	int		 found = 0;

	sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", stmt_sql[st]);
	assert_int_equal(sqlite3_prepare_v2(r, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		d = (const char *)sqlite3_column_text(q, 3);
		(void)strncat(plan, d, sizeof(plan) - strlen(plan) - 2);
		(void)strcat(plan, "\n");
		if (strcmp(d, search) == 0)
			found = 1;
		if (strncmp(d, "SCAN ", 5) == 0 || strstr(d, "TEMP B-TREE"))
			fail_msg("paged statement %d: %s\n%s", (int)st, d,
			    stmt_sql[st]);
	}
	sqlite3_finalize(q);
	sqlite3_free(sql);
	if (!found)
		fail_msg("paged statement %d does not search \"%s\"\n%s",
		    (int)st, search, plan);
}

/*
 * The same on PostgreSQL: the page is read backwards along index, below
 * its `before` (an index condition on the id), scanning no table and
 * sorting nothing.
 */
static void
pg_keyset(enum stmt st, const char *index)
{
	static const char *const none[] = { NULL };
	char		 plan[4096], want[128];

	pg_scans_only(st, none);
	pg_plan(st, plan);
	(void)snprintf(want, sizeof(want), "Index Scan Backward using %s ",
	    index);
	if (strstr(plan, want) == NULL || strstr(plan, "(id < '1'") == NULL ||
	    strstr(plan, "Sort") != NULL)
		fail_msg("paged statement %d does not search %s on "
		    "PostgreSQL:\n%s", (int)st, index, plan);
}

static void
pg_keyset_statements(void)
{
	pg_keyset(ST_USERS_PAGE, "users_pkey");
	pg_keyset(ST_CERTS_PAGE, "certificates_pkey");
	pg_keyset(ST_WORKS_PUBLIC, "works_public");
	pg_keyset(ST_WORKS_OF_USER_PAGE, "works_user");
	/* with a state asked for (pg_plan()'s '1'): its index (state, id) */
	pg_keyset(ST_OUTBOX_LIST, "outbox_state");
}

static void
paged_lists_search_a_keyset_range(void **state)
{
	sqlite3	*r;

	(void)state;
	/* SQLite's plan text is SQLite's: PostgreSQL's plan checked. */
	if (tdb_pg()) {
		pg_keyset_statements();
		return;
	}
	r = raw();
	plan_keyset(r, ST_USERS_PAGE,
	    "SEARCH u USING INTEGER PRIMARY KEY (rowid<?)");
	plan_keyset(r, ST_CERTS_PAGE,
	    "SEARCH c USING INTEGER PRIMARY KEY (rowid<?)");
	plan_keyset(r, ST_WORKS_PUBLIC,
	    "SEARCH w USING INDEX works_public (public=? AND id<?)");
	plan_keyset(r, ST_WORKS_OF_USER_PAGE,
	    "SEARCH w USING INDEX works_user (user=? AND id<?)");
	plan_keyset(r, ST_OUTBOX_LIST,
	    "SEARCH outbox USING INTEGER PRIMARY KEY (rowid<?)");
	sqlite3_close(r);
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
	(void)state;
	/* A session for a person who does not exist. */
	assert_int_equal(db_session_create("0123", 424242, 1, 2), DB_CONFLICT);
	assert_false(tdb_try("INSERT INTO sessions (token_hash, user_id, "
	    "created, expires) VALUES ('x', 987654, 1, 2)"));
	/* STRICT and CHECK: a role that does not exist. */
	assert_false(tdb_try("INSERT INTO users (name, account, pwhash, role, "
	    "created) VALUES ('x', 'y', 'z', 'admin', 1)"));
	assert_false(tdb_try("INSERT INTO users (name, account, pwhash, role, "
	    "created) VALUES ('x', 'y', 'z', 'staff', 'soon')"));
	/* The same row with a time is taken: the refusals were the rules'. */
	assert_true(tdb_try("INSERT INTO users (name, account, pwhash, role, "
	    "created) VALUES ('x', 'y', 'z', 'staff', 1)"));
	tdb_exec("DELETE FROM users WHERE account = 'y'");
}

static void
audit_is_append_only(void **state)
{
	int64_t	 n0, n1;

	(void)state;
	assert_int_equal(db_audit_count("user.create", &n0), DB_OK);
	(void)mkuser("audit@example.cn", ROLE_STAFF);
	assert_int_equal(db_audit_count("user.create", &n1), DB_OK);
	assert_int_equal(n1, n0 + 1);
	assert_false(tdb_try("UPDATE audit SET action = 'x'"));
	assert_false(tdb_try("DELETE FROM audit"));
	assert_int_equal(tdb_int("SELECT count(*) FROM audit WHERE action = "
	    "'x'"), 0);
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
	/* A right password takes back its own attempt only. */
	{
		int	 throttled;
		int64_t	 attempt;

		assert_int_equal(db_login_attempt("13900000010", "10.0.0.1",
		    0, 400, &throttled, &attempt), DB_OK);
		assert_false(throttled);
		assert_int_equal(db_login_failures("13900000010", "10.0.0.1",
		    0, &a, &b), DB_OK);
		assert_int_equal(a, 3);
		assert_int_equal(db_login_forgive(attempt), DB_OK);
		assert_int_equal(db_login_failures("13900000010", "10.0.0.1",
		    0, &a, &b), DB_OK);
		assert_int_equal(a, 2);
		assert_int_equal(b, 2);
		/* Failures from elsewhere do not refuse an address that
		 * has not failed at the account (issue 15)... */
		for (int i = 0; i < 3; i++)
			assert_int_equal(db_login_failure("13900000010", "x",
			    500), DB_OK);
		assert_int_equal(db_login_attempt("13900000010", "10.0.0.9",
		    0, 600, &throttled, &attempt), DB_OK);
		assert_false(throttled);
		assert_int_equal(db_login_forgive(attempt), DB_OK);
		/* ...but THROTTLE_PAIR from one address lock that pair:
		 * then nothing is written and the attempt is refused. */
		for (int i = 0; i < THROTTLE_PAIR; i++)
			assert_int_equal(db_login_failure("13900000010",
			    "10.0.0.9", 500), DB_OK);
		assert_int_equal(db_login_attempt("13900000010", "10.0.0.9",
		    0, 600, &throttled, &attempt), DB_OK);
		assert_int_equal(throttled, THROTTLE_WINDOW);
		assert_int_equal(attempt, 0);
	}
	(void)id;
	(void)tok;
	(void)h;
}

static void
registrations_per_address(void **state)
{
	int	 t, i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(db_register_attempt("10.1.1.1", 0, 100 + i, 3,
		    &t), DB_OK);
		assert_false(t);
	}
	assert_int_equal(db_register_attempt("10.1.1.1", 0, 200, 3, &t), DB_OK);
	assert_true(t);
	assert_int_equal(db_register_attempt("10.1.1.2", 0, 200, 3, &t), DB_OK);
	assert_false(t);
	/* The window slides. */
	assert_int_equal(db_register_attempt("10.1.1.1", 101, 300, 3, &t),
	    DB_OK);
	assert_false(t);
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
	assert_int_equal(db_users_page(INT64_MAX, 10, first_id, &got), DB_OK);
	assert_int_equal(got, last);
}

/* No temporary copy left in the test's directory. */
static int
temp_files_left(void)
{
	char	 cmd[512];

	(void)snprintf(cmd, sizeof(cmd), "ls '%s' | grep -q '\\.tmp-'", dir);
	return (system(cmd) == 0);
}

/*
 * A backup is checked and private: the copy holds the rows, reports the
 * schema and counts it was checked against, is mode 0600, and is one
 * self-contained file (rollback journal, not WAL: header byte 18 is 1).
 */
static void
backup_is_a_full_copy(void **state)
{
	struct db_backup_facts	 f;
	struct stat		 sb;
	char			 dest[300], err[256];
	unsigned char		 hdr[20];
	sqlite3			*r;
	sqlite3_stmt		*s;
	FILE			*fp;

	(void)state;
	/* The copy is SQLite's file (PostgreSQL's is pg_dump's business:
	 * backup_failure_leaves_nothing checks it is refused there). */
	if (tdb_pg())
		skip();
	(void)snprintf(dest, sizeof(dest), "%s/backup.db", dir);
	assert_true(db_backup(dest, &f, err, sizeof(err)));
	assert_int_equal(f.schema, db_schema_latest());
	assert_true(f.tables > 10);
	assert_true(f.rows >= 1);
	assert_int_equal(stat(dest, &sb), 0);
	assert_int_equal(f.bytes, sb.st_size);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_false(temp_files_left());
	assert_non_null(fp = fopen(dest, "rb"));
	assert_int_equal(fread(hdr, 1, sizeof(hdr), fp), sizeof(hdr));
	fclose(fp);
	assert_int_equal(hdr[18], 1);
	assert_int_equal(sqlite3_open_v2(dest, &r, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(r, "SELECT count(*) FROM users "
	    "WHERE account = 'order@example.cn'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	sqlite3_close(r);
	/* Again over the first copy: replaced whole. */
	assert_true(db_backup(dest, NULL, err, sizeof(err)));
	assert_false(temp_files_left());
}

/* A backup that cannot be made says why and leaves nothing behind. */
static void
backup_failure_leaves_nothing(void **state)
{
	char	 dest[300], err[256];

	(void)state;
	if (tdb_pg()) {
		/* No SQLite file to copy: refused with the way to do it,
		 * and no file made. */
		(void)snprintf(dest, sizeof(dest), "%s/backup.db", dir);
		err[0] = '\0';
		assert_false(db_backup(dest, NULL, err, sizeof(err)));
		assert_non_null(strstr(err, "pg_dump"));
		assert_int_equal(access(dest, F_OK), -1);
		assert_false(temp_files_left());
		return;
	}
	(void)snprintf(dest, sizeof(dest), "%s/no/such/dir/backup.db", dir);
	err[0] = '\0';
	assert_false(db_backup(dest, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "no/such/dir"));
	assert_int_equal(access(dest, F_OK), -1);
	/* The live database is never overwritten by its own copy. */
	assert_false(db_backup(path, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "the database itself"));
	assert_false(temp_files_left());
}

static void
mkcourse(struct course *c, const char *code, int nprereq, const char *pre)
{
	memset(c, 0, sizeof(*c));
	(void)snprintf(c->code, sizeof(c->code), "%s", code);
	(void)snprintf(c->title_zh, sizeof(c->title_zh), "课程%s", code);
	(void)snprintf(c->title_en, sizeof(c->title_en), "Course %s", code);
	c->track = CTRACK_BOTH;
	c->stage = STAGE_ENTRY;
	c->hours = 10;
	c->sessions = 4;
	c->capacity = 2;
	c->pass_mark = 60;
	c->attendance = 75;
	c->instructor = ROLE_MASTER;
	memcpy(c->opens, "2026-01-01", 11);
	memcpy(c->closes, "2027-12-31", 11);
	c->nprereqs = nprereq;
	if (nprereq)
		(void)snprintf(c->prereqs[0], sizeof(c->prereqs[0]), "%s", pre);
	c->body = (char *)"body";
}

static void
sync_is_all_or_nothing(void **state)
{
	struct course	 set[2], got;
	const char	*files[2] = { "a.md", "b.md" };

	(void)state;
	mkcourse(&set[0], "TT101", 0, NULL);
	mkcourse(&set[1], "TT102", 1, "TT101");
	assert_int_equal(db_courses_sync(set, files, 2, 1), DB_OK);
	assert_int_equal(db_course_get("TT102", &got), DB_OK);
	assert_string_equal(got.title_zh, "课程TT102");
	course_free(&got);
	/* A prerequisite naming no course fails the whole sync. */
	mkcourse(&set[0], "TT103", 0, NULL);
	mkcourse(&set[1], "TT104", 1, "ZZ999");
	assert_int_equal(db_courses_sync(set, files, 2, 2), DB_CONFLICT);
	assert_int_equal(db_course_exists("TT103"), DB_NOTFOUND);
	assert_int_equal(db_course_exists("TT104"), DB_NOTFOUND);
}

static int
count_seat(const struct seat_row *s, void *arg)
{
	int	*n = arg;

	n[s->status]++;
	return (1);
}

static void
seats_waitlist_and_promotion(void **state)
{
	struct run_edit		 e = { "2026-12-01", "2027-01-31", 2, 0 };
	struct enrol_outcome	 out;
	struct user		 u[4];
	struct run		 r;
	char			 acc[32];
	enum withdraw_verdict	 was;
	int64_t			 run, id;
	int			 i, n[4], passed;

	(void)state;
	assert_int_equal(db_run_create("TT101", &e, 0, &run), DB_OK);
	for (i = 0; i < 4; i++) {
		(void)snprintf(acc, sizeof(acc), "1370000010%d", i);
		id = mkuser(acc, ROLE_APPRENTICE);
		assert_int_equal(db_user_by_id(id, &u[i]), DB_OK);
		assert_int_equal(db_enrol(run, &u[i], "2026-11-27", 10 + i,
		    &out), DB_OK);
		assert_int_equal(out.verdict, i < 2 ? SV_ENROL :
		    SV_WAITLIST);
		if (i >= 2)
			assert_int_equal(out.position, i - 1);
	}
	/* A double click changes nothing. */
	assert_int_equal(db_enrol(run, &u[3], "2026-11-27", 20, &out), DB_OK);
	assert_int_equal(out.verdict, SV_ALREADY_WAITLISTED);
	assert_int_equal(out.position, 2);
	/* The second course needs the first. */
	assert_int_equal(db_run_create("TT102", &e, 0, &id), DB_OK);
	assert_int_equal(db_enrol(id, &u[0], "2026-11-27", 21, &out), DB_OK);
	assert_int_equal(out.verdict, SV_PREREQ);
	assert_int_equal(out.nmissing, 1);
	assert_string_equal(out.missing[0].code, "TT101");
	/* Once the run is over nobody leaves it (nor moves up into it). */
	assert_int_equal(db_withdraw(run, u[0].id, "2027-02-01", 29, &was),
	    DB_OK);
	assert_int_equal(was, WV_ENDED);
	/* Withdrawing a seat promotes the head of the waitlist. */
	assert_int_equal(db_withdraw(run, u[0].id, "2026-11-27", 30, &was),
	    DB_OK);
	assert_int_equal(was, WV_DONE);
	assert_int_equal(db_withdraw(run, u[0].id, "2026-11-27", 31, &was),
	    DB_OK);
	assert_int_equal(was, WV_NOTHING);
	memset(n, 0, sizeof(n));
	assert_int_equal(db_run_roster(run, 0, count_seat, n), DB_OK);
	assert_int_equal(n[SEAT_ENROLLED], 2);
	assert_int_equal(n[SEAT_WAITLISTED], 1);
	assert_int_equal(db_enrol(run, &u[2], "2026-11-27", 31, &out), DB_OK);
	assert_int_equal(out.verdict, SV_ALREADY_ENROLLED);
	/* Raising the capacity promotes the rest. */
	e.capacity = 5;
	assert_int_equal(db_run_update(run, &e, 0, &i), DB_OK);
	assert_int_equal(i, 1);
	assert_int_equal(db_run_get(run, &r), DB_OK);
	assert_int_equal(r.enrolled, 3);
	assert_int_equal(r.waitlisted, 0);
	/* Attendance 3 of 4 meets 75%; a pass is a completion, once. */
	{
		int64_t	 p[1] = { u[1].id };

		for (i = 1; i <= 3; i++)
			assert_int_equal(db_attendance_record(run, i, p, 1,
			    NULL, 0, u[1].id, 40), DB_OK);
		p[0] = u[0].id;	/* withdrawn: no seat */
		assert_int_equal(db_attendance_record(run, 1, p, 1, NULL, 0,
		    u[1].id, 40), DB_CONFLICT);
	}
	assert_int_equal(db_result_record(run, u[1].id, 80, u[1].id, 50,
	    &passed), DB_OK);
	assert_true(passed);
	assert_int_equal(db_result_record(run, u[1].id, 90, u[1].id, 51,
	    &passed), DB_CONFLICT);
	assert_int_equal(db_result_record(run, u[2].id, 80, u[1].id, 52,
	    &passed), DB_OK);
	assert_false(passed);	/* never attended */
	assert_int_equal(db_result_record(run, u[0].id, 80, u[1].id, 53,
	    &passed), DB_NOTFOUND);
	/* Having completed TT101, u[1] may now take TT102. */
	assert_int_equal(db_enrol(id, &u[1], "2026-11-27", 60, &out), DB_OK);
	assert_int_equal(out.verdict, SV_ENROL);
}

static void
roster_import_and_activation(void **state)
{
	struct run_edit		 e = { "2026-12-01", "2027-01-31", 1, 0 };
	struct roster_row	 rows[2];
	int64_t			 run, id;

	(void)state;
	memset(rows, 0, sizeof(rows));
	(void)snprintf(rows[0].name, sizeof(rows[0].name), "陈一");
	(void)snprintf(rows[0].account, sizeof(rows[0].account),
	    "13600000001");
	rows[0].track = TRACK_CARVER;
	(void)snprintf(rows[1].name, sizeof(rows[1].name), "陈二");
	(void)snprintf(rows[1].account, sizeof(rows[1].account),
	    "13600000002");
	rows[1].track = TRACK_DESIGNER;
	assert_int_equal(db_run_create("TT101", &e, 0, &run), DB_OK);
	assert_int_equal(db_roster_import(run, rows, 2, 0, time(NULL)), DB_OK);
	assert_true(rows[0].created);
	assert_int_equal(strlen(rows[0].code), 10);
	assert_int_equal(rows[0].status, SEAT_ENROLLED);
	assert_int_equal(rows[1].status, SEAT_WAITLISTED);
	assert_int_equal(db_user_activate("13600000001", "wrongcode",
	    "$argon2id$y", &id), DB_NOTFOUND);
	assert_int_equal(db_user_activate("13600000002", rows[0].code,
	    "$argon2id$y", &id), DB_NOTFOUND);
	assert_int_equal(db_user_activate("13600000001", rows[0].code,
	    "$argon2id$y", &id), DB_OK);
	assert_int_equal(db_user_activate("13600000001", rows[0].code,
	    "$argon2id$z", &id), DB_NOTFOUND);	/* once only */
	/* A code past ACTIVATION_TTL no longer works. */
	memset(rows, 0, sizeof(rows));
	(void)snprintf(rows[0].name, sizeof(rows[0].name), "陈三");
	(void)snprintf(rows[0].account, sizeof(rows[0].account),
	    "13600000003");
	rows[0].track = TRACK_CARVER;
	assert_int_equal(db_roster_import(run, rows, 1, 0,
	    time(NULL) - ACTIVATION_TTL - 1), DB_OK);
	assert_int_equal(db_user_activate("13600000003", rows[0].code,
	    "$argon2id$y", &id), DB_NOTFOUND);
}

/*
 * Names, accounts and schools carrying JSON's specials (quotes,
 * backslashes, a slash, characters outside the BMP) go through a roster
 * chunk's JSON arrays unchanged; the same rows imported again into
 * another run link the accounts (the names compare equal): no conflict.
 */
static void
roster_json_specials_round_trip(void **state)
{
	struct run_edit		 e = { "2026-12-01", "2027-01-31", 5, 0 };
	struct roster_row	 rows[4];
	static const char *const names[4] = {
		"\"引号\" \\反斜杠\\", "𠀀𪚥😀 \\u0041", "a/b\\\"c'd", "x\\" };
	static const char *const accts[4] = {
		"o'brien+x@example.com", "13600000091", "a{b}|c~!#$%&*=?^`@e.org",
		"13600000092" };
	int64_t			 run1, run2;
	const char		*cols[2];
	char			*qa;
	int			 i, pass;

	(void)state;
	assert_int_equal(db_run_create("TT101", &e, 0, &run1), DB_OK);
	assert_int_equal(db_run_create("TT101", &e, 0, &run2), DB_OK);
	for (pass = 0; pass < 2; pass++) {
		memset(rows, 0, sizeof(rows));
		for (i = 0; i < 4; i++) {
			(void)snprintf(rows[i].name, sizeof(rows[i].name), "%s",
			    names[i]);
			(void)snprintf(rows[i].account,
			    sizeof(rows[i].account), "%s", accts[i]);
			(void)snprintf(rows[i].school, sizeof(rows[i].school),
			    "%s", names[3 - i]);
			rows[i].track = TRACK_CARVER;
		}
		assert_int_equal(db_roster_import(pass ? run2 : run1, rows, 4,
		    0, time(NULL)), DB_OK);
		for (i = 0; i < 4; i++) {
			assert_int_equal(rows[i].conflict, 0);
			assert_int_equal(rows[i].created, !pass);
			assert_int_equal(rows[i].status, SEAT_ENROLLED);
			qa = sqlite3_mprintf("%Q", accts[i]);
			assert_int_equal(tdb_row(cols, 2, "SELECT name, school "
			    "FROM users WHERE account = %s", qa), 1);
			sqlite3_free(qa);
			assert_string_equal(cols[0], names[i]);
			assert_string_equal(cols[1], names[3 - i]);
		}
	}
}

/*
 * db_prepare() again ("again, if it was prepared") checks every
 * statement against the schema as it is now, on both engines: a column
 * renamed under a statement fails it; renamed back, all prepare.
 */
static void
prepare_again_rechecks(void **state)
{
	int	 ok;

	(void)state;
	tdb_exec("ALTER TABLE audit RENAME COLUMN detail TO detail_x");
	ok = db_prepare();
	tdb_exec("ALTER TABLE audit RENAME COLUMN detail_x TO detail");
	assert_int_equal(ok, 0);
	assert_true(db_prepare());
}

/* Counts the milestones it is given; answers *arg's stop value. */
static int
milestone_seen(const struct milestone *m, void *arg)
{
	int	*v = arg;	/* seen, answer */

	(void)m;
	v[0]++;
	return (v[1]);
}

/*
 * The wrappers' answers when a query has no row, and a list's callback:
 * 0 stops it (DB_OK), any other answer goes on (a negative one is no
 * error). Pins what the store's loops (db_one, db_each) must keep.
 */
static void
lists_and_missing_rows(void **state)
{
	struct work		 w;
	struct photo_row	 ph;
	struct cohort		 c;
	struct milestone	 m;
	struct mentorship	 ms;
	struct log_entry	 le;
	struct heritage		 h;
	struct employer		 e;
	struct gate_facts	 f;
	struct level_award	 a;
	struct quota		 qu;
	struct job_shown	 js;
	struct lineage_link	*links;
	size_t			 nlinks;
	int64_t			 u, cohort, mentor, certs, photos;
	int			 yes, v[2];

	(void)state;
	u = mkuser("13800000077", ROLE_APPRENTICE);
	assert_int_equal(db_work_get(999999, &w), DB_NOTFOUND);
	assert_int_equal(db_photo_get(999999, &ph), DB_NOTFOUND);
	assert_int_equal(db_cohort_get(0, &c), DB_NOTFOUND);
	assert_int_equal(db_cohort_get(999999, &c), DB_NOTFOUND);
	assert_int_equal(db_cohort_of_user(u, &cohort, &mentor), DB_NOTFOUND);
	assert_int_equal(db_milestone_get(999999, &m), DB_NOTFOUND);
	assert_int_equal(db_mentor_get(999999, &ms), DB_NOTFOUND);
	assert_int_equal(db_mentor_active(u, &ms), DB_NOTFOUND);
	assert_int_equal(db_log_get(999999, &le), DB_NOTFOUND);
	assert_int_equal(db_heritage_get(u, HERITAGE_DRAFT, &h), DB_NOTFOUND);
	assert_int_equal(db_employer_get(999999, &e), DB_NOTFOUND);
	/* No row is an answer here: no cohort, no level, nobody mentored. */
	memset(&f, 0, sizeof(f));
	assert_int_equal(db_milestone_facts(u, &f), DB_OK);
	assert_int_equal(f.in_cohort, 0);
	assert_int_equal(db_level_current(u, &a), DB_OK);
	assert_int_equal(a.level, -1);
	yes = 1;
	assert_int_equal(db_cohort_is_mentor(999999, u, &yes), DB_OK);
	assert_int_equal(yes, 0);
	assert_int_equal(db_quota_get(u, &qu), DB_OK);
	assert_int_equal(qu.works, 0);
	assert_true(qu.max_works > 0);
	assert_int_equal(db_data_use(&certs, &photos), DB_OK);
	assert_int_equal(db_application_shown(999999, &js), DB_OK);
	assert_int_equal(js.ncerts + js.nworks, 0);
	assert_int_equal(db_lineage_links(&links, &nlinks), DB_OK);
	free(links);
	/* A new cohort has its three default milestones. */
	assert_int_equal(db_cohort_create("一期", "2026-01-01", "2026-12-31",
	    10, u, 1, &cohort), DB_OK);
	v[0] = 0, v[1] = 1;
	assert_int_equal(db_milestones(cohort, milestone_seen, v), DB_OK);
	assert_int_equal(v[0], 3);
	v[0] = 0, v[1] = 0;
	assert_int_equal(db_milestones(cohort, milestone_seen, v), DB_OK);
	assert_int_equal(v[0], 1);
	v[0] = 0, v[1] = -1;
	assert_int_equal(db_milestones(cohort, milestone_seen, v), DB_OK);
	assert_int_equal(v[0], 3);
}

static void
mentorships_and_the_log(void **state)
{
	struct gate_facts	 f;
	struct user		 staff;
	enum train_verdict	 v;
	enum move_verdict	 mv;
	int64_t			 m1, m2, p, q, id, id2, log;
	int			 minutes[SKILL_COUNT];

	(void)state;
	m1 = mkuser("13500000001", ROLE_MASTER);
	m2 = mkuser("13500000002", ROLE_MASTER);
	p = mkuser("13500000003", ROLE_APPRENTICE);
	q = mkuser("13500000004", ROLE_APPRENTICE);
	assert_int_equal(db_user_by_id(mkuser("staff2@example.cn",
	    ROLE_STAFF), &staff), DB_OK);
	/* m1 once taught m2 (a master may have been an apprentice). */
	assert_int_equal(db_mentor_request(m2, m1, NULL, 10, &id, &v), DB_OK);
	assert_int_equal(v, TV_OK);
	assert_int_equal(db_mentor_decide(id, m1, 1, 11, &v), DB_OK);
	assert_int_equal(v, TV_OK);
	/* So m1 cannot become m2's apprentice: a circle. */
	assert_int_equal(db_mentor_request(m1, m2, NULL, 12, &id2, &v), DB_OK);
	assert_int_equal(v, TV_CYCLE);
	/* Not a master; twice; another master while having one. */
	assert_int_equal(db_mentor_request(p, q, NULL, 13, &id2, &v), DB_OK);
	assert_int_equal(v, TV_NOT_MASTER);
	assert_int_equal(db_mentor_request(p, m2, "请收下我", 14, &id, &v),
	    DB_OK);
	assert_int_equal(v, TV_OK);
	assert_int_equal(db_mentor_request(p, m2, NULL, 15, &id2, &v), DB_OK);
	assert_int_equal(v, TV_TWICE);
	assert_int_equal(db_mentor_request(p, m1, NULL, 16, &id2, &v), DB_OK);
	assert_int_equal(v, TV_OK);
	/* Only the master asked may answer. */
	assert_int_equal(db_mentor_decide(id, m1, 1, 17, &v), DB_OK);
	assert_int_equal(v, TV_NOT_YOURS);
	assert_int_equal(db_mentor_decide(id, m2, 1, 18, &v), DB_OK);
	assert_int_equal(v, TV_OK);
	/* p's other request was withdrawn with the acceptance. */
	assert_int_equal(db_mentor_decide(id2, m1, 1, 19, &v), DB_OK);
	assert_int_equal(v, TV_STATE);
	/* Logging goes to the current master; others cannot decide. */
	assert_int_equal(db_log_add(q, "2026-11-01", 60, 0, "", 20, &log, &v),
	    DB_OK);
	assert_int_equal(v, TV_NO_MASTER);
	assert_int_equal(db_log_add(p, "2026-11-01", 150, 0, "浮雕", 21, &log,
	    &v), DB_OK);
	assert_int_equal(v, TV_OK);
	assert_int_equal(db_log_decide(log, m1, 1, NULL, 22, &v), DB_OK);
	assert_int_equal(v, TV_NOT_YOURS);
	assert_int_equal(db_log_decide(log, m2, 1, "好", 23, &v), DB_OK);
	assert_int_equal(v, TV_OK);
	assert_int_equal(db_log_decide(log, m2, 0, NULL, 24, &v), DB_OK);
	assert_int_equal(v, TV_STATE);
	assert_int_equal(db_log_add(p, "2026-11-02", 60, 2, "", 25, &log, &v),
	    DB_OK);
	assert_int_equal(db_log_decide(log, m2, 0, "太短", 26, &v), DB_OK);
	assert_int_equal(db_log_totals(p, minutes), DB_OK);
	assert_int_equal(minutes[0], 150);
	assert_int_equal(minutes[2], 0);	/* rejected: not counted */
	/* A day holds 12 hours at most. */
	assert_int_equal(db_log_add(p, "2026-11-01", 600, 0, "", 26, &log, &v),
	    DB_OK);
	assert_int_equal(v, TV_DAY_FULL);
	assert_int_equal(db_log_add(p, "2026-11-01", 570, 0, "", 26, &log, &v),
	    DB_OK);
	assert_int_equal(v, TV_OK);

	/* The gates see the master, the hours and the recommendation. */
	assert_int_equal(db_gate_facts(p, &f), DB_OK);
	assert_true(f.has_master);
	assert_int_equal(f.confirmed_minutes, 150);
	assert_false(f.recommended);
	assert_int_equal(db_mentor_recommend(id, m1, 27, &v), DB_OK);
	assert_int_equal(v, TV_NOT_YOURS);
	assert_int_equal(db_mentor_recommend(id, m2, 28, &v), DB_OK);
	assert_int_equal(db_gate_facts(p, &f), DB_OK);
	assert_true(f.recommended);
	/* Ending: staff may; then it is over. */
	assert_int_equal(db_mentor_end(id, &staff, "搬家", 29, &v), DB_OK);
	assert_int_equal(v, TV_OK);
	assert_int_equal(db_mentor_end(id, &staff, "again", 30, &v), DB_OK);
	assert_int_equal(v, TV_STATE);
	assert_int_equal(db_gate_facts(p, &f), DB_OK);
	assert_false(f.has_master);
	/* Levels and stage moves keep their history. */
	assert_int_equal(db_level_award(p, TRACK_CARVER, 1, "考核 80 分",
	    staff.id, 31), DB_OK);
	assert_int_equal(db_gate_facts(p, &f), DB_OK);
	assert_int_equal(f.level, 1);
	/* No master any more, no entry course: against the rules, so a
	 * reason is needed, and the move is an exception. */
	assert_int_equal(db_stage_move(p, STAGE_ENTRY, STAGE_TRAINING, staff.id,
	    NULL, 32, &mv), DB_OK);
	assert_int_equal(mv, MV_NEEDS_REASON);
	assert_int_equal(db_stage_move(p, STAGE_ENTRY, STAGE_TRAINING, staff.id,
	    "例外", 32, &mv), DB_OK);
	assert_int_equal(mv, MV_EXCEPTION);
	/* The same move again finds them moved: refused, nothing written. */
	assert_int_equal(db_stage_move(p, STAGE_ENTRY, STAGE_TRAINING, staff.id,
	    "again", 33, &mv), DB_OK);
	assert_int_equal(mv, MV_STALE);
	assert_int_equal(db_gate_facts(p, &f), DB_OK);
	assert_int_equal(f.stage, STAGE_TRAINING);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_reach_latest),
		cmocka_unit_test(every_statement_prepares),
		cmocka_unit_test(staff_statements_scan_no_big_table),
		cmocka_unit_test(run_statements_search_completions_by_run),
		cmocka_unit_test(paged_lists_search_a_keyset_range),
		cmocka_unit_test(unique_account),
		cmocka_unit_test(foreign_keys_enforced),
		cmocka_unit_test(audit_is_append_only),
		cmocka_unit_test(sessions_expire_and_end),
		cmocka_unit_test(login_failures_window_and_clear),
		cmocka_unit_test(registrations_per_address),
		cmocka_unit_test(users_recent_order),
		cmocka_unit_test(backup_is_a_full_copy),
		cmocka_unit_test(backup_failure_leaves_nothing),
		cmocka_unit_test(sync_is_all_or_nothing),
		cmocka_unit_test(seats_waitlist_and_promotion),
		cmocka_unit_test(roster_import_and_activation),
		cmocka_unit_test(roster_json_specials_round_trip),
		cmocka_unit_test(prepare_again_rechecks),
		cmocka_unit_test(mentorships_and_the_log),
		cmocka_unit_test(lists_and_missing_rows),
	};

	if (!secret_init())
		return (1);
	return (cmocka_run_group_tests_name("db", tests, setup, teardown));
}
