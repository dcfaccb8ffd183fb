/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * tdb.h: the store's unit tests on either engine (issue 18, "same tests,
 * same counts"). YUJIANG_TEST_ENGINE=postgresql puts the store of a test
 * on PostgreSQL, in a database of its own made on YUJIANG_TEST_PG's
 * server (tests/pg/with-pg.sh starts one and sets it) and dropped at the
 * end; otherwise (or "sqlite") the store is on the SQLite file at path,
 * as before. The test's own SQL — setting up rows, tampering behind the
 * store's back, reading back — runs on the store's connection of the
 * calling thread through tdb_exec() and friends, whichever engine it is.
 *
 * The SQL is a printf format, formatted by sqlite3_vmprintf() (a string
 * formatter only). A text value is quoted first, sqlite3_mprintf("%Q",
 * v) (standard SQL, which PostgreSQL reads alike), and passed as %s: the
 * compiler's printf check, kept for the other arguments, does not know
 * %q and %Q. On PostgreSQL the bare column name user, a reserved word there,
 * is quoted. Nothing else is translated: a check written in one engine's
 * dialect only is the test's to branch on tdb_pg().
 */
#ifndef YJ_TDB_H
#define YJ_TDB_H

#include <stdint.h>

/* Whether the store of this test runs on PostgreSQL (after tdb_open()). */
int		 tdb_pg(void);

/*
 * db_open(path) on the test's engine. The first call on PostgreSQL makes
 * the test's database (YUJIANG_DB names it from then on, for every later
 * db_open() and for forked children). 0 when it cannot (said on stderr).
 */
int		 tdb_open(const char *path);

/* db_close(), and on PostgreSQL drop the test's database. */
void		 tdb_close(void);

/*
 * Put a copy of the store's database in its place, to be tampered with:
 * on SQLite db_backup() to file, opened; on PostgreSQL a database copied
 * from the test's (CREATE DATABASE ... TEMPLATE). tdb_copy_end() closes
 * and removes the copy and opens path, the test's own again. The store's
 * statements are prepared on both. 0 on failure.
 */
int		 tdb_copy(const char *file);
int		 tdb_copy_end(const char *path);

/* Run sql; 1 when it ran, 0 when the engine refused it. */
int		 tdb_try(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* Run sql, failing the test when the engine refuses it. */
void		 tdb_exec(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/*
 * The first column of the first row as an integer (a boolean is 1 or 0);
 * -1 when there is no row or it is NULL. Fails the test on an error.
 */
int64_t		 tdb_int(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/*
 * The first row's columns as text into the test's cols[n] (NULL for a
 * NULL), valid until the next call here; the number of rows the query
 * gave (0: cols untouched). Fails the test on an error.
 */
int		 tdb_row(const char **cols, int n, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * Each row's columns as text (NULL for NULL) to fn, in order; the number
 * of rows. Fails the test on an error.
 */
typedef void	 tdb_row_fn(const char *const *cols, int n, void *arg);
int		 tdb_rows(tdb_row_fn *fn, void *arg, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

#endif
