/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_db_pg.c: the store's seam (db.c) on the PostgreSQL engine
 * (db_pg.c), against a real server: YUJIANG_TEST_PG is its URI
 * (tests/pg/with-pg.sh starts a throwaway one and sets it). Without it
 * every test is skipped. The statements are the test's own, on a table
 * of its own, put in slots of the statement table with db_pg_text_set();
 * the same wrappers' calls (st, db_bind_*, db_col_*, db_exec, db_one,
 * db_each, BEGIN/COMMIT/ROLLBACK) run them.
 *
 * With YUJIANG_TEST_BENCH set, bench_pk_lookup (last) prints the µs of one
 * db_user_by_id() on SQLite and on PostgreSQL.
 */
#include <pthread.h>
#include <semaphore.h>
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
#include "sql_pg.h"

/* The test's statements, in slots of the table. */
#define T_INSERT	ST_USER_INSERT		/* RETURNING id */
#define T_INSERT_NOID	ST_WORK_INSERT		/* its RETURNING lost */
#define T_INSERT_OTHER	ST_AUDIT_INSERT		/* no id asked of it */
#define T_GET		ST_USER_BY_ID
#define T_BY_NAME	ST_USER_BY_ACCOUNT
#define T_ALL		ST_USERS_PAGE
#define T_COUNT		ST_USER_COUNT
#define T_BUMP		ST_USER_ACTIVATE
#define T_BUMP_ONE	ST_USER_PASSWORD_UPGRADE

static const char	*dsn;
static char		 log_last[512];
static int		 log_count;

static void
logger(const char *line)
{
	(void)snprintf(log_last, sizeof(log_last), "%s", line);
	log_count++;
	if (getenv("YUJIANG_TEST_LOG") != NULL)
		fprintf(stderr, "%s\n", line);
}

/* The test's statements on the calling thread's connection. */
static void
texts(void)
{
	assert_true(db_pg_text_set(T_INSERT, "INSERT INTO t_items (name, n, "
	    "note) VALUES ($1, $2, $3) RETURNING id"));
	assert_true(db_pg_text_set(T_INSERT_NOID, "INSERT INTO t_items "
	    "(name, n) VALUES ($1, $2)"));
	assert_true(db_pg_text_set(T_INSERT_OTHER, "INSERT INTO t_items "
	    "(name, n) VALUES ($1, $2) RETURNING id"));
	assert_true(db_pg_text_set(T_GET, "SELECT id, name, n, note, "
	    "n > 0 FROM t_items WHERE id = $1"));
	assert_true(db_pg_text_set(T_BY_NAME, "SELECT id FROM t_items WHERE "
	    "name = $1"));
	assert_true(db_pg_text_set(T_ALL, "SELECT id, name FROM t_items "
	    "ORDER BY id"));
	assert_true(db_pg_text_set(T_COUNT, "SELECT count(*) FROM t_items"));
	assert_true(db_pg_text_set(T_BUMP, "UPDATE t_items SET n = n + 1 "
	    "WHERE name LIKE $1"));
	assert_true(db_pg_text_set(T_BUMP_ONE, "UPDATE t_items SET n = n + 1 "
	    "WHERE id = $1"));
}

/* A second connection of the test's own, as another front end's. */
static PGconn *
raw_to(const char *uri)
{
	PGconn	*c = PQconnectdb(uri);

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	return (c);
}

static PGconn *
raw(void)
{
	return (raw_to(dsn));
}

static void
raw_ok(PGconn *c, const char *sql)
{
	PGresult	*res = PQexec(c, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(res);
}

static int
setup(void **state)
{
	PGconn	*c;

	(void)state;
	if ((dsn = getenv("YUJIANG_TEST_PG")) == NULL || *dsn == '\0')
		return (0);
	db_set_logger(logger);
	if (setenv("YUJIANG_DB", dsn, 1) != 0 ||
	    !db_open("/nonexistent/" DB_FILE) || !db_pg_on)
		return (-1);
	c = PQconnectdb(dsn);
	if (PQstatus(c) != CONNECTION_OK)
		return (-1);
	PQclear(PQexec(c, "DROP TABLE IF EXISTS t_items"));
	PQclear(PQexec(c, "CREATE TABLE t_items (id bigserial PRIMARY KEY, "
	    "name text NOT NULL UNIQUE, n bigint NOT NULL DEFAULT 0, "
	    "note text)"));
	PQfinish(c);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	if (dsn != NULL && *dsn != '\0')
		db_close();
	return (0);
}

/* Each test starts on an empty table, with the test's statements. */
static int
each_setup(void **state)
{
	PGconn	*c;

	(void)state;
	if (dsn == NULL || *dsn == '\0')
		return (0);
	if (db_in_tx())		/* a test that failed inside one */
		ROLLBACK();
	c = PQconnectdb(dsn);
	PQclear(PQexec(c, "TRUNCATE t_items RESTART IDENTITY"));
	PQfinish(c);
	texts();
	db_busy_ms(DB_WAIT_MS);
	return (0);
}

#define NEED_PG()	do { if (dsn == NULL || *dsn == '\0') skip(); } while (0)

static int64_t
add(const char *name, int64_t n, const char *note)
{
	struct dbq	*q = db_st(T_INSERT);

	db_bind_text(q, 1, name);
	db_bind_int64(q, 2, n);
	if (note != NULL)
		db_bind_text(q, 3, note);
	else
		db_bind_null(q, 3);
	assert_int_equal(db_exec(q), DB_OK);
	return (db_last_id());
}

static int64_t
count(void)
{
	int64_t	 n = -1;

	assert_int_equal(db_count(T_COUNT, NULL, 0, &n), DB_OK);
	return (n);
}

struct item {
	int64_t	 id, n;
	int	 n_int, note_int, positive;
	char	 name[64];
	int	 note_null;
};

static void
item_row(struct dbq *q, void *arg)
{
	struct item	*it = arg;

	it->id = db_col_int64(q, 0);
	TEXT(q, 1, it->name);
	it->n = db_col_int64(q, 2);
	it->n_int = db_col_int(q, 2);
	it->note_null = db_col_text(q, 3) == NULL;
	it->note_int = db_col_int(q, 3);
	it->positive = db_col_int(q, 4);
}

static enum db_result
get(int64_t id, struct item *it)
{
	struct dbq	*q = db_st(T_GET);

	memset(it, 0, sizeof(*it));
	db_bind_int64(q, 1, id);
	return (db_one(q, item_row, it));
}

/* 64-bit and negative integers round-trip; NULL reads as NULL and 0;
 * a boolean column reads as SQLite's 1/0. */
static void
ints_and_nulls(void **state)
{
	struct item	 it;
	int64_t		 id, big = INT64_C(9007199254740993);

	(void)state;
	NEED_PG();
	id = add("big", big, NULL);
	assert_int_equal(get(id, &it), DB_OK);
	assert_int_equal(it.id, id);
	assert_true(it.n == big);
	assert_int_equal(it.note_null, 1);
	assert_int_equal(it.note_int, 0);
	assert_int_equal(it.positive, 1);
	id = add("neg", -42, "x");
	assert_int_equal(get(id, &it), DB_OK);
	assert_int_equal(it.n, -42);
	assert_int_equal(it.n_int, -42);
	assert_int_equal(it.note_null, 0);
	assert_int_equal(it.positive, 0);
	assert_int_equal(get(id + 100, &it), DB_NOTFOUND);
}

/* UTF-8 Chinese text in and out; db_bind_text_copy() keeps its own copy. */
static void
chinese_text(void **state)
{
	char		 name[64];
	struct item	 it;
	struct dbq	*q;
	int64_t		 id;

	(void)state;
	NEED_PG();
	(void)snprintf(name, sizeof(name), "%s", "广州华林玉器街·揭阳阳美");
	q = db_st(T_INSERT);
	db_bind_text_copy(q, 1, name);
	memset(name, 'x', sizeof(name) - 1);	/* the copy must not see it */
	db_bind_int64(q, 2, 7);
	db_bind_text(q, 3, "翡翠");
	assert_int_equal(db_exec(q), DB_OK);
	id = db_last_id();
	assert_int_equal(get(id, &it), DB_OK);
	assert_string_equal(it.name, "广州华林玉器街·揭阳阳美");
	q = db_st(T_BY_NAME);
	db_bind_text(q, 1, "广州华林玉器街·揭阳阳美");
	assert_int_equal(db_one_int(q, &id), DB_OK);
	assert_int_equal(id, it.id);
}

/* An INSERT's id, the changes of an UPDATE; another statement leaves the
 * id as it was (as last_insert_rowid()); an insert whose id is asked for
 * but whose text lost its RETURNING id gives none rather than a wrong one. */
static void
insert_id_and_changes(void **state)
{
	struct dbq	*q;
	int64_t		 a, b, id;

	(void)state;
	NEED_PG();
	a = add("平洲-1", 1, NULL);
	b = add("平洲-2", 2, NULL);
	assert_true(a > 0);
	assert_int_equal(b, a + 1);
	q = db_st(T_BY_NAME);
	db_bind_text(q, 1, "平洲-2");
	assert_int_equal(db_one_int(q, &id), DB_OK);
	assert_int_equal(id, b);
	q = db_st(T_BUMP);
	db_bind_text(q, 1, "平洲-%");
	assert_int_equal(db_exec(q), DB_OK);
	assert_int_equal(db_changes(), 2);
	(void)count();			/* a SELECT changes nothing */
	assert_int_equal(db_changes(), 2);
	q = db_st(T_BUMP);
	db_bind_text(q, 1, "none-%");
	assert_int_equal(db_exec(q), DB_OK);
	assert_int_equal(db_changes(), 0);
	q = db_st(T_INSERT_OTHER);
	db_bind_text(q, 1, "阳美");
	db_bind_int64(q, 2, 3);
	assert_int_equal(db_exec(q), DB_OK);
	assert_int_equal(db_last_id(), b);
	q = db_st(T_INSERT_NOID);
	db_bind_text(q, 1, "四会");
	db_bind_int64(q, 2, 3);
	assert_int_equal(db_exec(q), DB_OK);
	assert_int_equal(db_changes(), 1);
	log_count = 0;
	assert_int_equal(db_last_id(), 0);
	assert_int_equal(log_count, 1);
	assert_non_null(strstr(log_last, "RETURNING id"));
}

/* A UNIQUE violation is DB_CONFLICT (logged nowhere, parameters never);
 * inside a transaction it fails alone, as on SQLite, and the
 * transaction goes on to commit what else it did. */
static void
conflict_fails_alone(void **state)
{
	struct dbq	*q;
	int64_t		 id;

	(void)state;
	NEED_PG();
	(void)add("四会", 1, NULL);
	log_count = 0;
	q = db_st(T_INSERT);
	db_bind_text(q, 1, "四会");
	db_bind_int64(q, 2, 2);
	assert_int_equal(db_exec(q), DB_CONFLICT);
	/* db_one on an INSERT ... RETURNING: the same answer; a NOT NULL
	 * column left NULL too (class 23). */
	q = db_st(T_INSERT);
	db_bind_text(q, 1, "四会");
	db_bind_int64(q, 2, 2);
	assert_int_equal(db_one_int(q, &id), DB_CONFLICT);
	q = db_st(T_INSERT);
	db_bind_text(q, 1, "新的");
	assert_int_equal(db_exec(q), DB_CONFLICT);
	assert_int_equal(log_count, 0);

	assert_int_equal(BEGIN(), DB_OK);
	assert_int_equal(db_in_tx(), 1);
	q = db_st(T_INSERT);
	db_bind_text(q, 1, "四会");
	db_bind_int64(q, 2, 2);
	assert_int_equal(db_exec(q), DB_CONFLICT);
	assert_int_equal(db_in_tx(), 1);
	id = add("揭阳", 5, NULL);	/* the transaction is still good */
	assert_int_equal(COMMIT(), DB_OK);
	assert_int_equal(db_in_tx(), 0);
	assert_int_equal(count(), 2);
	q = db_st(T_BY_NAME);
	db_bind_text(q, 1, "揭阳");
	assert_int_equal(db_one(q, NULL, NULL), DB_OK);
	assert_true(id > 0);
}

/* ROLLBACK leaves nothing of what the transaction wrote. */
static void
rollback_leaves_nothing(void **state)
{
	(void)state;
	NEED_PG();
	(void)add("kept", 1, NULL);
	assert_int_equal(db_in_tx(), 0);
	assert_int_equal(BEGIN(), DB_OK);
	assert_int_equal(db_in_tx(), 1);
	(void)add("gone-1", 1, NULL);
	(void)add("gone-2", 1, NULL);
	assert_int_equal(count(), 3);	/* inside, it sees its own */
	ROLLBACK();
	assert_int_equal(db_in_tx(), 0);
	assert_int_equal(count(), 1);
}

static enum db_result
tx_adds_then_fails(void *arg)
{
	(void)arg;
	(void)add("db_tx", 1, NULL);
	return (DB_CONFLICT);
}

/* db_tx() rolls back when its function refuses. */
static void
db_tx_rolls_back(void **state)
{
	(void)state;
	NEED_PG();
	assert_int_equal(db_tx(tx_adds_then_fails, NULL), DB_CONFLICT);
	assert_int_equal(db_in_tx(), 0);
	assert_int_equal(count(), 0);
}

struct walk {
	int	 seen, stop_at, answer;
};

static int
walk_row(struct dbq *q, void *arg)
{
	struct walk	*w = arg;

	assert_non_null(db_col_text(q, 1));
	return (++w->seen == w->stop_at ? w->answer : 1);
}

/* db_each stops where its function says: 0 is not an error, -1 is. */
static void
each_stops_early(void **state)
{
	struct walk	 w;
	int64_t		*ids;
	size_t		 n;
	int		 i;
	char		 name[16];

	(void)state;
	NEED_PG();
	for (i = 0; i < 5; i++) {
		(void)snprintf(name, sizeof(name), "r%d", i);
		(void)add(name, i, NULL);
	}
	w = (struct walk){ 0, 2, 0 };
	assert_int_equal(db_each(db_st(T_ALL), walk_row, &w), DB_OK);
	assert_int_equal(w.seen, 2);
	w = (struct walk){ 0, 3, -1 };
	assert_int_equal(db_each(db_st(T_ALL), walk_row, &w), DB_ERROR);
	assert_int_equal(w.seen, 3);
	w = (struct walk){ 0, 99, 0 };
	assert_int_equal(db_each(db_st(T_ALL), walk_row, &w), DB_OK);
	assert_int_equal(w.seen, 5);
	assert_int_equal(db_ids(db_st(T_ALL), &ids, &n), DB_OK);
	assert_int_equal(n, 5);
	assert_int_equal(ids[4], ids[0] + 4);
	free(ids);
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return ((t.tv_sec - t0->tv_sec) * 1e3 +
	    (t.tv_nsec - t0->tv_nsec) / 1e6);
}

/* Another front end holds the writers' lock past this connection's wait
 * (DB_LOOP_BUSY_MS, as a worker's event loop): BEGIN answers DB_BUSY
 * after about that, and leaves no transaction open. A row lock held
 * past it is DB_BUSY too (lock_timeout, SQLSTATE 55P03). */
static void
lock_wait_is_busy(void **state)
{
	PGconn		*c;
	struct timespec	 t0;
	struct dbq	*q;
	double		 ms;
	int64_t		 id;

	(void)state;
	NEED_PG();
	id = add("locked", 1, NULL);
	c = raw();
	raw_ok(c, "SELECT pg_advisory_lock(" PG_WRITER_LOCK ")");
	db_busy_ms(DB_LOOP_BUSY_MS);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(BEGIN(), DB_BUSY);
	ms = ms_since(&t0);
	assert_true(ms >= DB_LOOP_BUSY_MS * 0.9);
	assert_true(ms < 2000);
	assert_int_equal(db_in_tx(), 0);
	assert_non_null(strstr(log_last, "55P03"));
	raw_ok(c, "SELECT pg_advisory_unlock_all()");
	assert_int_equal(BEGIN(), DB_OK);
	assert_int_equal(COMMIT(), DB_OK);

	raw_ok(c, "BEGIN");
	raw_ok(c, "UPDATE t_items SET n = 9");
	q = db_st(T_BUMP_ONE);
	db_bind_int64(q, 1, id);
	assert_int_equal(db_exec(q), DB_BUSY);
	raw_ok(c, "ROLLBACK");
	q = db_st(T_BUMP_ONE);
	db_bind_int64(q, 1, id);
	assert_int_equal(db_exec(q), DB_OK);
	assert_int_equal(db_changes(), 1);
	PQfinish(c);
}

struct writer {
	sem_t	 begun;
	int	 ok;
};

/* A second writer on its own thread and connection (db_task_attach()):
 * BEGIN, tell the test, hold the transaction 300 ms, add a row, COMMIT. */
static void *
writer_main(void *arg)
{
	struct writer	*w = arg;
	struct dbq	*q;

	if (!db_task_attach()) {
		sem_post(&w->begun);
		return (NULL);
	}
	texts();
	if (BEGIN() == DB_OK) {
		sem_post(&w->begun);
		usleep(300 * 1000);
		q = db_st(T_INSERT);
		db_bind_text(q, 1, "first");
		db_bind_int64(q, 2, 1);
		w->ok = db_exec(q) == DB_OK && COMMIT() == DB_OK;
	} else
		sem_post(&w->begun);
	db_close();
	return (NULL);
}

/* Two connections' BEGINs are served one after the other: the second
 * waits until the first commits, then sees what it wrote. */
static void
begins_serialize(void **state)
{
	struct writer	 w;
	pthread_t	 t;
	struct timespec	 t0;
	struct dbq	*q;
	double		 ms;

	(void)state;
	NEED_PG();
	memset(&w, 0, sizeof(w));
	assert_int_equal(sem_init(&w.begun, 0, 0), 0);
	assert_int_equal(pthread_create(&t, NULL, writer_main, &w), 0);
	sem_wait(&w.begun);
	if (getenv("YUJIANG_TEST_LOG") != NULL)
		fprintf(stderr, "writer begun\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(BEGIN(), DB_OK);
	ms = ms_since(&t0);
	if (getenv("YUJIANG_TEST_LOG") != NULL)
		fprintf(stderr, "waited %.1f ms\n", ms);
	q = db_st(T_BY_NAME);
	db_bind_text(q, 1, "first");
	assert_int_equal(db_one(q, NULL, NULL), DB_OK);
	assert_int_equal(COMMIT(), DB_OK);
	pthread_join(t, NULL);
	sem_destroy(&w.begun);
	assert_int_equal(w.ok, 1);
	assert_true(ms >= 250);
}

/* A connection the server dropped between requests: one answer is an
 * error, the next reconnects and works (prepared again). */
static void
reconnects(void **state)
{
	PGconn		*c;
	char		 sql[128];
	int64_t		 pid = 0, n;
	struct dbq	*q;

	(void)state;
	NEED_PG();
	(void)add("before", 1, NULL);
	assert_true(db_pg_text_set(ST_PING, "SELECT pg_backend_pid()"));
	assert_int_equal(db_one_int(db_st(ST_PING), &pid), DB_OK);
	c = raw();
	(void)snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%lld)",
	    (long long)pid);
	raw_ok(c, sql);
	PQfinish(c);
	usleep(100 * 1000);
	assert_int_equal(db_count(T_COUNT, NULL, 0, &n), DB_ERROR);
	assert_int_equal(db_in_tx(), 0);
	q = db_st(T_BY_NAME);
	db_bind_text(q, 1, "before");
	assert_int_equal(db_one(q, NULL, NULL), DB_OK);
	assert_int_equal(count(), 1);	/* the test's texts stay */
}

/* db_prepare() prepares the whole table when a worker starts: on a
 * database without Yujiang's schema it fails, naming a statement. */
static void
prepare_fails_at_boot(void **state)
{
	(void)state;
	NEED_PG();
	assert_int_equal(db_prepare(), 0);
	assert_non_null(db_prepare_failed());
	assert_int_equal(db_in_tx(), 0);
	texts();
	assert_int_equal(count(), 0);	/* the connection still serves */
}

/* The engine is chosen by YUJIANG_DB, else by the data directory's file
 * `database`; neither is SQLite; a setting that is no postgresql:// URI
 * stops the opening. */
static void
engine_choice(void **state)
{
	char	 dir[] = "/tmp/yj-pgchoice.XXXXXX", path[256], file[256];
	char	 cmd[300];
	FILE	*f;

	(void)state;
	NEED_PG();
	db_close();
	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/%s", dir, DB_FILE);
	(void)snprintf(file, sizeof(file), "%s/database", dir);
	unsetenv("YUJIANG_DB");
	assert_true(db_open(path));
	assert_int_equal(db_pg_on, 0);
	db_close();
	assert_non_null(f = fopen(file, "w"));
	fprintf(f, "%s\n", dsn);
	assert_int_equal(fclose(f), 0);
	assert_true(db_open(path));
	assert_int_equal(db_pg_on, 1);
	texts();
	assert_int_equal(count(), 0);
	db_close();
	assert_int_equal(setenv("YUJIANG_DB", "/var/lib/yujiang.db", 1), 0);
	assert_false(db_open(path));	/* the variable wins, and is wrong */
	assert_int_equal(setenv("YUJIANG_DB", dsn, 1), 0);
	assert_true(db_open(path));
	assert_int_equal(db_pg_on, 1);
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	texts();
}

/*
 * The URI of database name on the test's server, created empty (dropped
 * first if a run left it), in uri.
 */
static void
fresh_database(const char *name, char *uri, size_t sz)
{
	PQconninfoOption	*o, *opts;
	PGconn			*c;
	char			 sql[128];
	const char		*host = "", *port = "", *user = "";

	assert_non_null(opts = PQconninfoParse(dsn, NULL));
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL)
			continue;
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (strcmp(o->keyword, "user") == 0)
			user = o->val;
	}
	(void)snprintf(uri, sz, "postgresql:///%s?host=%s&port=%s&user=%s",
	    name, host, port, user);
	PQconninfoFree(opts);
	c = raw();
	(void)snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	raw_ok(c, sql);
	(void)snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	raw_ok(c, sql);
	PQfinish(c);
}

/* The engine on uri, migrated (and at the latest version) and with every
 * statement of the table prepared. */
static void
open_migrated(const char *uri)
{
	db_close();
	assert_int_equal(setenv("YUJIANG_DB", uri, 1), 0);
	assert_true(db_open("/nonexistent/" DB_FILE));
	assert_int_equal(db_schema_version(), 0);
	assert_true(db_migrate());
	assert_int_equal(db_schema_version(), db_schema_latest());
	assert_true(db_migrate());		/* again: nothing to do */
	assert_true(db_prepare());
	assert_null(db_prepare_failed());
}

/* Back on the test's own database, with its statements. */
static void
reopen_test(void)
{
	db_close();
	assert_int_equal(setenv("YUJIANG_DB", dsn, 1), 0);
	assert_true(db_open("/nonexistent/" DB_FILE));
	texts();
}

/* On an empty database, db_migrate() lays Yujiang's schema (schema_pg.c),
 * db_prepare() prepares every statement of the table, and the real
 * wrappers work: a person created in a transaction with its audit line,
 * read back by id with a Chinese name; a taken account is DB_CONFLICT. */
static void
real_schema(void **state)
{
	char			 uri[512];
	struct user		 u;
	struct user_new		 n = { "梁玉成", "13800138000", "$argon2id$x",
	    ROLE_APPRENTICE, TRACK_CARVER, 0 };
	int64_t			 id = 0, id2 = 0, count = 0;

	(void)state;
	NEED_PG();
	fresh_database("yj_real", uri, sizeof(uri));
	open_migrated(uri);
	assert_int_equal(db_user_create(&n, &id), DB_OK);
	assert_true(id > 0);
	assert_int_equal(db_in_tx(), 0);
	assert_int_equal(db_user_by_id(id, &u), DB_OK);
	assert_string_equal(u.name, "梁玉成");
	assert_string_equal(u.account, "13800138000");
	assert_int_equal(u.role, ROLE_APPRENTICE);
	assert_int_equal(db_user_create(&n, &id2), DB_CONFLICT);
	assert_int_equal(db_in_tx(), 0);
	assert_int_equal(db_user_count(&count), DB_OK);
	assert_int_equal(count, 1);
	assert_int_equal(db_user_by_id(id + 1, &u), DB_NOTFOUND);
	reopen_test();
}

static double
us_per_lookup(int64_t maxid, int n)
{
	struct timespec	 t0;
	struct user	 u;
	int		 i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		assert_int_equal(db_user_by_id(1 + (i * 7919) % maxid, &u),
		    DB_OK);
	return (ms_since(&t0) * 1000.0 / n);
}

/* µs per db_user_by_id() (db_one on the primary key), both engines. */
static void
bench_pk_lookup(void **state)
{
	char		 dir[] = "/tmp/yj-pgbench.XXXXXX", path[256], cmd[300];
	char		 uri[512];
	PGconn		*c;
	sqlite3		*s;
	double		 us_lite, us_pg;
	const int	 rows = 10000, n = 20000;

	(void)state;
	NEED_PG();
	db_close();
	unsetenv("YUJIANG_DB");
	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/%s", dir, DB_FILE);
	assert_true(db_open(path) && db_migrate() && db_prepare());
	assert_int_equal(db_pg_on, 0);
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, "WITH RECURSIVE g(i) AS (SELECT 1 "
	    "UNION ALL SELECT i + 1 FROM g WHERE i < 10000) INSERT INTO users "
	    "(name, account, pwhash, role, track, created) SELECT 'n' || i, "
	    "'a' || i, 'x', 'apprentice', 'carver', 0 FROM g", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(s);
	(void)us_per_lookup(rows, 1000);
	us_lite = us_per_lookup(rows, n);
	db_close();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);

	fresh_database("yj_bench", uri, sizeof(uri));
	open_migrated(uri);
	c = raw_to(uri);
	raw_ok(c, "INSERT INTO users (name, account, pwhash, role, track, "
	    "created) SELECT 'n' || i, 'a' || i, 'x', 'apprentice', 'carver', "
	    "0 FROM generate_series(1, 10000) i");
	raw_ok(c, "VACUUM ANALYZE users");
	PQfinish(c);
	(void)us_per_lookup(rows, 1000);
	us_pg = us_per_lookup(rows, n);
	reopen_test();
	print_message("# db_user_by_id: SQLite %.2f us, PostgreSQL %.2f us "
	    "(unix socket), ratio %.1f\n", us_lite, us_pg, us_pg / us_lite);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(ints_and_nulls, each_setup),
		cmocka_unit_test_setup(chinese_text, each_setup),
		cmocka_unit_test_setup(insert_id_and_changes, each_setup),
		cmocka_unit_test_setup(conflict_fails_alone, each_setup),
		cmocka_unit_test_setup(rollback_leaves_nothing, each_setup),
		cmocka_unit_test_setup(db_tx_rolls_back, each_setup),
		cmocka_unit_test_setup(each_stops_early, each_setup),
		cmocka_unit_test_setup(lock_wait_is_busy, each_setup),
		cmocka_unit_test_setup(begins_serialize, each_setup),
		cmocka_unit_test_setup(reconnects, each_setup),
		cmocka_unit_test_setup(prepare_fails_at_boot, each_setup),
		cmocka_unit_test_setup(engine_choice, each_setup),
		cmocka_unit_test_setup(real_schema, each_setup),
		cmocka_unit_test_setup(bench_pk_lookup, each_setup),
	};
	size_t	 n = sizeof(tests) / sizeof(tests[0]);

	/* The benchmark only when asked (TAP counts a skip as "not ok"). */
	if (getenv("YUJIANG_TEST_BENCH") == NULL)
		n--;
	return (_cmocka_run_group_tests("test_db_pg", tests, n, setup,
	    teardown));
}
