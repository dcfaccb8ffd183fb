/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db.c: the connection, the preparing of sql.c's statement table, and the
 * one mapping of SQLite errors (db_map()). The schema and its migrations
 * are in schema.c. The typed wrappers sit beside it, one file per concern:
 * db_people.c (people, sessions), db_audit.c (the audit trail),
 * db_ident.c (identity, codes, the outbox), db_course.c (the catalogue,
 * runs), db_seat.c (seats), db_roster.c (rosters), db_train.c
 * (training), db_incub.c (incubation), db_heritage.c (heritage
 * records), db_comp.c, db_judge.c, db_result.c, db_scorelog.c,
 * db_guide.c, db_guidevote.c (selection),
 * db_cert.c, db_batch.c, db_status.c (certificates, their batches and
 * status lists), db_jobs.c (jobs), db_inbox.c, db_privacy.c, db_backup.c,
 * db_bench.c (the bench's data). On PostgreSQL (db_pg.c: YUJIANG_DB or the
 * data directory's file `database`) each function of the seam below hands
 * over to its db_pg_ twin first; the SQLite code is unchanged.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "db_pg.h"
#include "db_sqlite.h"
#include "metrics.h"

#define DB_MMAP_SIZE	"1073741824"	/* 1 GiB of the file mapped */

/*
 * The calling thread's connection and statements: a worker's event loop
 * and each of its task threads that attached (db_task_attach()) have
 * their own, so that no SQLite handle is ever shared between threads
 * (connections are opened SQLITE_OPEN_NOMUTEX).
 */
__thread sqlite3		*db;
static __thread sqlite3_stmt	*stmts[ST__COUNT];
static __thread const char	*prepare_failed;
/* The file db_open() opened last, for task threads to open it again;
 * written before any task thread runs, read-only after. */
static char			 db_path[PATH_MAX];

static int	db_connect(const char *);

/*
 * Whether the store for the database file path is on PostgreSQL:
 * YUJIANG_DB, or the file `database` beside path, names a server (then
 * no file at path is needed). A setting that is not a postgresql:// URI
 * counts as PostgreSQL too: db_open() refuses it with its reason.
 */
int
db_engine_pg(const char *path)
{
	return (db_pg_choose(path) != 0);
}

/*
 * Open (creating if needed) the database at path with the pragmas every
 * connection needs. Returns 0 on failure (logged). WAL is persistent in
 * the file, so switching here on a fresh database happens in the parent
 * or the admin tool, before several workers could race for it.
 */
int
db_open(const char *path)
{
	(void)snprintf(db_path, sizeof(db_path), "%s", path);
	switch (db_pg_choose(path)) {
	case -1:
		return (0);
	case 1:
		return (db_pg_open());
	}
	return (db_connect(path));
}

/* Open path on the calling thread, waiting DB_WAIT_MS for locks. */
static int
db_connect(const char *path)
{
	char	*err = NULL;
	int	 rc, tries;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		db_log(path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		db = NULL;
		return (0);
	}
	sqlite3_busy_timeout(db, DB_WAIT_MS);
	sqlite3_extended_result_codes(db, 1);
	for (tries = 0; tries < 100; tries++) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
		    "PRAGMA synchronous = NORMAL;"
		    "PRAGMA foreign_keys = ON;"
		    "PRAGMA temp_store = MEMORY;"
		    /* Reads through a shared mapping of the file instead
		     * of read() into a private cache of 2 MiB, which
		     * another worker's write empties (WAL): at 100,000
		     * certificates a random verify code otherwise costs
		     * a pread() per B-tree page (issue 16). */
		    "PRAGMA mmap_size = " DB_MMAP_SIZE ";", NULL, NULL, &err);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		sqlite3_free(err);
		err = NULL;
		usleep(20 * 1000);
	}
	if (rc != SQLITE_OK) {
		db_log("pragmas", err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		sqlite3_close(db);
		db = NULL;
		return (0);
	}
	return (1);
}

/*
 * Wait at most ms for another connection's lock before a statement of
 * this thread's connection answers DB_BUSY. A worker sets
 * DB_LOOP_BUSY_MS on its event loop's connection (db.h says why).
 */
void
db_busy_ms(int ms)
{
	if (db_pg_on) {
		db_pg_busy_ms(ms);
		return;
	}
	sqlite3_busy_timeout(db, ms);
}

/*
 * Give the calling thread (a Kore task's, or one it started) its own
 * connection to the file the worker opened, waiting DB_WAIT_MS for locks
 * (such a thread blocks no one while it waits), with every statement
 * prepared; kept for the thread's next task. The store's wrappers then
 * work on that thread as on the event loop, on a handle no other thread
 * touches; a thread that ends closes it first (db_close()). Returns 0 when
 * the database cannot be opened or a statement not prepared (logged).
 */
int
db_task_attach(void)
{
	if (db_pg_on)	/* its statements are prepared as they first run */
		return (db_pg_attach());
	if (db != NULL)
		return (1);
	if (!db_connect(db_path))
		return (0);
	if (!db_prepare()) {
		db_close();
		return (0);
	}
	return (1);
}

/*
 * Prepare every statement of the table (again, if it was prepared).
 * Returns 0 when one fails; its SQL is then in db_prepare_failed(). A
 * statement left out of sql.c's table (no sql_<stage>.h gives its SQL)
 * fails too, named by its number in enum stmt.
 */
int
db_prepare(void)
{
	static __thread char	 missing[48];
	int			 i;

	prepare_failed = NULL;
	if (db_pg_on)
		return (db_pg_prepare(&prepare_failed));
	for (i = 0; i < ST__COUNT; i++) {
		sqlite3_finalize(stmts[i]);	/* prepared again: no leak */
		stmts[i] = NULL;
		if (stmt_sql[i] == NULL) {
			(void)snprintf(missing, sizeof(missing),
			    "statement %d of enum stmt has no SQL", i);
			prepare_failed = missing;
			db_log("prepare", missing);
			return (0);
		}
		if (sqlite3_prepare_v3(db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &stmts[i], NULL) != SQLITE_OK) {
			prepare_failed = stmt_sql[i];
			db_log(stmt_sql[i], sqlite3_errmsg(db));
			return (0);
		}
	}
	return (1);
}

const char *
db_prepare_failed(void)
{
	return (prepare_failed);
}

void
db_close(void)
{
	int	 i;

	if (db_pg_on) {
		db_pg_close();
		return;
	}
	for (i = 0; i < ST__COUNT; i++) {
		sqlite3_finalize(stmts[i]);
		stmts[i] = NULL;
	}
	sqlite3_close(db);
	db = NULL;
}

/* The one place SQLite result codes become answers. */
enum db_result
db_map(int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return (DB_OK);
	case SQLITE_CONSTRAINT:
		return (DB_CONFLICT);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		db_log(what, "busy");
		metrics_count(MC_DB_BUSY);
		return (DB_BUSY);
	default:
		db_log(what, sqlite3_errmsg(db));
		metrics_count(MC_DB_ERROR);
		return (DB_ERROR);
	}
}

/*
 * The prepared statement s, reset and with no bindings. On SQLite a
 * struct dbq is the engine's own statement.
 */
struct dbq *
db_st(enum stmt s)
{
	if (db_pg_on)
		return (db_pg_st(s));
	sqlite3_reset(stmts[s]);
	sqlite3_clear_bindings(stmts[s]);
	return ((struct dbq *)stmts[s]);
}

void
db_bind_int(struct dbq *q, int i, int v)
{
	if (db_pg_on) {
		db_pg_bind_int64(q, i, v);
		return;
	}
	sqlite3_bind_int(SQ(q), i, v);
}

void
db_bind_int64(struct dbq *q, int i, int64_t v)
{
	if (db_pg_on) {
		db_pg_bind_int64(q, i, v);
		return;
	}
	sqlite3_bind_int64(SQ(q), i, v);
}

void
db_bind_text(struct dbq *q, int i, const char *v)
{
	if (db_pg_on) {
		db_pg_bind(q, i, v, 0);
		return;
	}
	sqlite3_bind_text(SQ(q), i, v, -1, SQLITE_STATIC);
}

void
db_bind_text_copy(struct dbq *q, int i, const char *v)
{
	if (db_pg_on) {
		db_pg_bind(q, i, v, 1);
		return;
	}
	sqlite3_bind_text(SQ(q), i, v, -1, SQLITE_TRANSIENT);
}

void
db_bind_null(struct dbq *q, int i)
{
	if (db_pg_on) {
		db_pg_bind(q, i, NULL, 0);
		return;
	}
	sqlite3_bind_null(SQ(q), i);
}

int
db_bind_count(struct dbq *q)
{
	if (db_pg_on)
		return (db_pg_bind_count(q));
	return (sqlite3_bind_parameter_count(SQ(q)));
}

int
db_col_int(struct dbq *q, int col)
{
	if (db_pg_on)
		return ((int)db_pg_col_int64(q, col));
	return (sqlite3_column_int(SQ(q), col));
}

int64_t
db_col_int64(struct dbq *q, int col)
{
	if (db_pg_on)
		return (db_pg_col_int64(q, col));
	return (sqlite3_column_int64(SQ(q), col));
}

const char *
db_col_text(struct dbq *q, int col)
{
	if (db_pg_on)
		return (db_pg_col_text(q, col));
	return ((const char *)sqlite3_column_text(SQ(q), col));
}

const char *
db_sql(struct dbq *q)
{
	if (db_pg_on)
		return (db_pg_sql(q));
	return (sqlite3_sql(SQ(q)));
}

int64_t
db_last_id(void)
{
	if (db_pg_on)
		return (db_pg_last_id());
	return (sqlite3_last_insert_rowid(db));
}

int64_t
db_changes(void)
{
	if (db_pg_on)
		return (db_pg_changes());
	return (sqlite3_changes(db));
}

int
db_in_tx(void)
{
	if (db_pg_on)
		return (db_pg_in_tx());
	return (!sqlite3_get_autocommit(db));
}

/*
 * The store's loops, in one place: every db_*.c file steps its statements
 * through these, so a statement is stepped, reset and its result mapped
 * (db_map()) the same way everywhere, and the wrappers above them hold no
 * SQLite control flow of their own — the seam where another engine could
 * go. Each takes a statement from db_st() with its parameters bound, and
 * leaves it reset: a statement left on a row would hold its read
 * transaction (and its snapshot) open.
 *
 * Two shapes of loop, each written one way in every db_*.c file:
 *  - every row to a caller's typed callback (int (*)(const struct x *,
 *    void *)): the wrapper's struct each holds that callback, its arg and
 *    whatever the rows need (the item it lends, a counter), and a row
 *    function of the file's own (x_each()) reads the row and calls the
 *    callback with it, through db_each(). The one function per list is
 *    the price of type-safe C: a callback of one type may not be called
 *    through a pointer of another (int (*)(const void *, void *)), so no
 *    helper here can call it for the wrapper.
 *  - every row into a new array: db_rows(), with a fill function per
 *    element type (db_ids() for a column of integers).
 */

/*
 * Run q: step it once (an INSERT, UPDATE or DELETE does all its work in
 * its first step, RETURNING or not), ignoring any row. DB_OK, or db_map's
 * answer.
 */
enum db_result
db_exec(struct dbq *q)
{
	enum db_result	 r;

	if (db_pg_on)
		return (db_pg_exec(q));
	r = db_map(sqlite3_step(SQ(q)), db_sql(q));
	sqlite3_reset(SQ(q));
	return (r);
}

/* Run statement s, which takes no parameters (db_exec()). */
enum db_result
db_exec_simple(enum stmt s)
{
	return (db_exec(db_st(s)));
}

/*
 * The first row of q, read by fn(q, arg) (fn may be NULL: only whether
 * there is one). DB_OK, DB_NOTFOUND when there is none, or db_map's
 * answer. Text columns are valid only inside fn: copy them out.
 */
enum db_result
db_one(struct dbq *q, db_row_fn *fn, void *arg)
{
	enum db_result	 r;
	int		 rc;

	if (db_pg_on)
		return (db_pg_one(q, fn, arg));
	if ((rc = sqlite3_step(SQ(q))) == SQLITE_ROW) {
		if (fn != NULL)
			fn(q, arg);
		r = DB_OK;
	} else if (rc == SQLITE_DONE)
		r = DB_NOTFOUND;
	else
		r = db_map(rc, db_sql(q));
	sqlite3_reset(SQ(q));
	return (r);
}

struct ints {
	int64_t	*out;
	int	 n;
};

static void
ints_row(struct dbq *q, void *arg)
{
	struct ints	*v = arg;
	int		 i;

	for (i = 0; i < v->n; i++)
		v->out[i] = db_col_int64(q, i);
}

/* The first n columns of q's first row, as integers, into out (db_one()). */
enum db_result
db_one_ints(struct dbq *q, int64_t *out, int n)
{
	struct ints	 v = { out, n };

	return (db_one(q, ints_row, &v));
}

/* The first column of q's first row into *out (db_one()). */
enum db_result
db_one_int(struct dbq *q, int64_t *out)
{
	return (db_one_ints(q, out, 1));
}

/*
 * Every row of q, in order, read by fn(q, arg), which answers 1 to go
 * on, 0 to stop there (not an error) or -1 to stop with DB_ERROR (it
 * could not keep the row: out of memory, say). DB_OK once every row was
 * read or fn stopped, or db_map's answer. A row's text columns are valid
 * only inside fn.
 */
enum db_result
db_each(struct dbq *q, db_rows_fn *fn, void *arg)
{
	enum db_result	 r = DB_OK;
	int		 rc, go;

	if (db_pg_on)
		return (db_pg_each(q, fn, arg));
	while ((rc = sqlite3_step(SQ(q))) == SQLITE_ROW) {
		if ((go = fn(q, arg)) <= 0) {
			if (go < 0) {
				db_log(db_sql(q), "a row was not kept");
				r = DB_ERROR;
			}
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		r = db_map(rc, db_sql(q));
	sqlite3_reset(SQ(q));
	return (r);
}

/*
 * Room for element n of the array *vp points to (each size bytes, *cap
 * of them; start with NULL and 0), grown by doubling: a pointer to that
 * element, zeroed, or NULL when out of memory (the array unchanged).
 */
static void *
db_grow(void *vp, size_t *cap, size_t n, size_t size)
{
	unsigned char	*v, *grown;
	size_t		 c;

	memcpy(&v, vp, sizeof(v));
	if (n >= *cap) {
		c = *cap ? *cap * 2 : 16;
		if ((grown = reallocarray(v, c, size)) == NULL)
			return (NULL);
		v = grown;
		*cap = c;
		memcpy(vp, &v, sizeof(v));
	}
	memset(v + n * size, 0, size);
	return (v + n * size);
}

struct rows {
	size_t		 size;
	db_fill_fn	*fn;
	void		*arg;
	unsigned char	*v;
	size_t		 n, cap;
};

static int
rows_row(struct dbq *q, void *arg)
{
	struct rows	*a = arg;
	void		*e;
	int		 keep;

	if ((e = db_grow(&a->v, &a->cap, a->n, a->size)) == NULL ||
	    (keep = a->fn(q, e, a->arg)) < 0)
		return (-1);
	if (keep)
		a->n++;
	return (1);
}

/*
 * Every row of q into a new array (free() it; NULL when no row came)
 * that out points to, of *n elements of size bytes: each zeroed, then
 * filled by fn(q, element, arg), which answers 1 to keep it, 0 to pass
 * the row over, or -1 when the row cannot be kept (DB_ERROR, no array).
 * db_each()'s answer.
 */
enum db_result
db_rows(struct dbq *q, size_t size, db_fill_fn *fn, void *arg, void *out,
    size_t *n)
{
	struct rows	 a = { size, fn, arg, NULL, 0, 0 };
	enum db_result	 r;

	if ((r = db_each(q, rows_row, &a)) != DB_OK) {
		free(a.v);
		a.v = NULL;
		a.n = 0;
	}
	memcpy(out, &a.v, sizeof(a.v));
	*n = a.n;
	return (r);
}

static int
id_fill(struct dbq *q, void *e, void *arg)
{
	int64_t	*id = e;

	(void)arg;
	*id = db_col_int64(q, 0);
	return (1);
}

/*
 * The first column of every row of q, as integers, into a new array
 * *ids (free() it; NULL when there are none) of *n (db_rows()). Read
 * whole before the caller writes with them, so no statement is stepped
 * while the rows it walks change.
 */
enum db_result
db_ids(struct dbq *q, int64_t **ids, size_t *n)
{
	return (db_rows(q, sizeof(**ids), id_fill, NULL, ids, n));
}

struct ids_upto {
	int64_t	*v;
	size_t	 max, *n;
};

static int
ids_upto_row(struct dbq *q, void *arg)
{
	struct ids_upto	*a = arg;

	if (*a->n >= a->max)
		return (0);
	a->v[(*a->n)++] = db_col_int64(q, 0);
	return (1);
}

/* The first column of up to max rows of q into ids, *n of them. */
enum db_result
db_ids_upto(struct dbq *q, int64_t *ids, size_t max, size_t *n)
{
	struct ids_upto	 a = { ids, max, n };

	*n = 0;
	return (db_each(q, ids_upto_row, &a));
}

/*
 * Run fn(arg) in one BEGIN IMMEDIATE transaction: committed when it
 * answers DB_OK, rolled back otherwise (or when the commit fails). The
 * write lock is taken before fn reads, so two workers deciding on the
 * same facts are served one after the other. fn's answer, or the
 * transaction's failure.
 */
enum db_result
db_tx(db_tx_fn *fn, void *arg)
{
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = fn(arg)) != DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

/* Copy a text column into dst (empty for NULL), cut to sz. */
void
db_text(struct dbq *q, int col, char *dst, size_t sz)
{
	const char	*s = db_col_text(q, col);

	(void)snprintf(dst, sz, "%s", s != NULL ? s : "");
}

/*
 * Run a count(*) statement with an optional text and integer parameter
 * (the integer is bound when the statement takes one more parameter).
 */
enum db_result
db_count(enum stmt s, const char *text, int64_t num, int64_t *out)
{
	struct dbq	*q = db_st(s);
	enum db_result	 r;
	int		 i = 1;

	if (text != NULL)
		db_bind_text(q, i++, text);
	if (db_bind_count(q) >= i)
		db_bind_int64(q, i, num);
	if ((r = db_one_int(q, out)) == DB_NOTFOUND) {
		*out = 0;		/* count(*) always has its row */
		r = DB_OK;
	}
	return (r);
}
