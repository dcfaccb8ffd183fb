/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * tdb.c: the store's unit tests on either engine (tdb.h). Linked into the
 * tests that use it (the Makefile's TDB_TESTS).
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
#include <libpq-fe.h>
#include <sqlite3.h>

#include "db.h"
#include "db_pg.h"
#include "db_sqlite.h"
#include "tdb.h"

#define PG_BOOL_OID	16

static int	 on_pg = -1;		/* -1: not chosen yet */
static char	 server[1024];		/* YUJIANG_TEST_PG */
static char	 name[64];		/* the test's database */
static char	 uri[1200];		/* ... and its URI */
static char	 copy_name[80];
static int	 seq;

/* Rows read by tdb_row(), kept until the next call. */
static char	*kept[32];
static int	 nkept;

static int
chosen(void)
{
	const char	*e;

	if (on_pg == -1) {
		e = getenv("YUJIANG_TEST_ENGINE");
		on_pg = e != NULL && strcmp(e, "postgresql") == 0;
	}
	return (on_pg);
}

int
tdb_pg(void)
{
	return (chosen());
}

/* The server's URI with database db in place of its own. */
static int
uri_for(const char *dbname, char *out, size_t sz)
{
	const char	*p, *slash, *q;
	int		 n;

	if ((p = strstr(server, "://")) == NULL)
		return (0);
	p += 3;
	slash = strchr(p, '/');
	q = strchr(p, '?');
	if (slash == NULL || (q != NULL && slash > q)) {
		/* no database named: put one before the query */
		slash = q != NULL ? q : server + strlen(server);
		n = snprintf(out, sz, "%.*s/%s%s", (int)(slash - server),
		    server, dbname, slash);
	} else
		n = snprintf(out, sz, "%.*s/%s%s", (int)(slash - server),
		    server, dbname, q != NULL ? q : "");
	return (n > 0 && (size_t)n < sz);
}

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* sql on the server's own database (CREATE/DROP DATABASE). */
static int
admin(const char *sql)
{
	PGconn		*c;
	PGresult	*res;
	int		 ok;

	c = PQconnectdb(server);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "tdb: %s: %s", server, PQerrorMessage(c));
		PQfinish(c);
		return (0);
	}
	PQsetNoticeProcessor(c, quiet, NULL);	/* "does not exist, skipping" */
	res = PQexec(c, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "tdb: %s: %s", sql, PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
	return (ok);
}

int
tdb_open(const char *path)
{
	const char	*s;
	char		 sql[200];

	if (!chosen()) {
		(void)unsetenv("YUJIANG_DB");
		return (db_open(path));
	}
	if (name[0] == '\0') {
		if ((s = getenv("YUJIANG_TEST_PG")) == NULL || *s == '\0') {
			fprintf(stderr, "tdb: YUJIANG_TEST_ENGINE=postgresql "
			    "needs YUJIANG_TEST_PG (tests/pg/with-pg.sh)\n");
			return (0);
		}
		(void)snprintf(server, sizeof(server), "%s", s);
		(void)snprintf(name, sizeof(name), "t_%ld_%d", (long)getpid(),
		    ++seq);
		(void)snprintf(sql, sizeof(sql), "CREATE DATABASE %s "
		    "ENCODING 'UTF8'", name);
		if (!uri_for(name, uri, sizeof(uri)) || !admin(sql)) {
			name[0] = '\0';
			return (0);
		}
	}
	if (setenv("YUJIANG_DB", uri, 1) != 0)
		return (0);
	return (db_open(path));
}

void
tdb_close(void)
{
	char	 sql[200];

	db_close();
	if (!chosen() || name[0] == '\0')
		return;
	(void)snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH "
	    "(FORCE)", name);
	(void)admin(sql);
	name[0] = '\0';
	(void)unsetenv("YUJIANG_DB");
}

int
tdb_copy(const char *file)
{
	char	 err[256], sql[300], cu[1200];

	if (!chosen()) {
		(void)unlink(file);
		if (!db_backup(file, NULL, err, sizeof(err))) {
			fprintf(stderr, "tdb: backup: %s\n", err);
			return (0);
		}
		db_close();
		return (db_open(file) && db_prepare());
	}
	db_close();
	(void)snprintf(copy_name, sizeof(copy_name), "%s_c", name);
	(void)snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s",
	    copy_name);
	if (!admin(sql))
		return (0);
	(void)snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE %s",
	    copy_name, name);
	if (!admin(sql) || !uri_for(copy_name, cu, sizeof(cu)) ||
	    setenv("YUJIANG_DB", cu, 1) != 0)
		return (0);
	return (db_open(file) && db_prepare());
}

int
tdb_copy_end(const char *path)
{
	char	 sql[300];

	db_close();
	if (chosen()) {
		(void)snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s "
		    "WITH (FORCE)", copy_name);
		if (!admin(sql) || setenv("YUJIANG_DB", uri, 1) != 0)
			return (0);
	}
	return (db_open(path) && db_prepare());
}

/*
 * sql for PostgreSQL: the bare column name user quoted (not after a dot,
 * a letter or a quote, nor before one or a parenthesis: u.user, users,
 * "user" and user() stay), outside literals and quoted names.
 */
static char *
pg_dialect(const char *sql)
{
	const char	*p;
	char		*out, *o, q;
	size_t		 len = strlen(sql);

	if ((out = malloc(len * 3 + 1)) == NULL)
		return (NULL);
	for (p = sql, o = out; *p != '\0';) {
		if (*p == '\'' || *p == '"') {
			q = *p;
			*o++ = *p++;
			while (*p != '\0') {
				if (*p == q && p[1] != q) {
					*o++ = *p++;
					break;
				}
				if (*p == q)
					*o++ = *p++;
				*o++ = *p++;
			}
			continue;
		}
		if (strncmp(p, "user", 4) == 0 && (p == sql ||
		    !(p[-1] == '.' || p[-1] == '_' || p[-1] == '"' ||
		    (p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z') ||
		    (p[-1] >= '0' && p[-1] <= '9'))) &&
		    !(p[4] == '_' || p[4] == '"' || p[4] == '(' ||
		    (p[4] >= 'a' && p[4] <= 'z') ||
		    (p[4] >= 'A' && p[4] <= 'Z') ||
		    (p[4] >= '0' && p[4] <= '9'))) {
			memcpy(o, "\"user\"", 6);
			o += 6;
			p += 4;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return (out);
}

/*
 * Run sql on the store's connection of this thread, each row's columns
 * to fn (when not NULL). The number of rows, -1 when the engine refused
 * it (its message in err, for the caller to free()).
 */
static int
run(const char *sql, tdb_row_fn *fn, void *arg, char **err)
{
	const char	*cols[32], *tail;
	sqlite3_stmt	*s;
	PGresult	*res;
	PGconn		*c;
	char		*text;
	int		 rows = 0, i, j, n, rc;

	*err = NULL;
	if (chosen()) {
		if ((c = db_pg_conn()) == NULL) {
			*err = strdup("the store is not open");
			return (-1);
		}
		if ((text = pg_dialect(sql)) == NULL) {
			*err = strdup("out of memory");
			return (-1);
		}
		res = PQexec(c, text);
		free(text);
		if (PQresultStatus(res) != PGRES_COMMAND_OK &&
		    PQresultStatus(res) != PGRES_TUPLES_OK) {
			*err = strdup(PQerrorMessage(c));
			PQclear(res);
			return (-1);
		}
		n = PQnfields(res);
		if (n > 32)
			n = 32;
		for (i = 0; i < PQntuples(res); i++, rows++) {
			for (j = 0; j < n; j++) {
				if (PQgetisnull(res, i, j))
					cols[j] = NULL;
				else if (PQftype(res, j) == PG_BOOL_OID)
					cols[j] = *PQgetvalue(res, i, j) ==
					    't' ? "1" : "0";
				else
					cols[j] = PQgetvalue(res, i, j);
			}
			if (fn != NULL)
				fn(cols, n, arg);
		}
		PQclear(res);
		return (rows);
	}
	for (tail = sql; tail != NULL && *tail != '\0';) {
		if (sqlite3_prepare_v2(db, tail, -1, &s, &tail) != SQLITE_OK) {
			*err = strdup(sqlite3_errmsg(db));
			return (-1);
		}
		if (s == NULL)		/* blanks or a comment */
			break;
		n = sqlite3_column_count(s);
		if (n > 32)
			n = 32;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			for (j = 0; j < n; j++)
				cols[j] = (const char *)
				    sqlite3_column_text(s, j);
			if (fn != NULL)
				fn(cols, n, arg);
			rows++;
		}
		if (rc != SQLITE_DONE) {
			*err = strdup(sqlite3_errmsg(db));
			sqlite3_finalize(s);
			return (-1);
		}
		sqlite3_finalize(s);
	}
	return (rows);
}

static char *
format(const char *fmt, va_list ap)
{
	char	*q, *out;

	q = sqlite3_vmprintf(fmt, ap);
	assert_non_null(q);
	out = strdup(q);
	sqlite3_free(q);
	assert_non_null(out);
	return (out);
}

/* run() on the formatted text, failing the test when refused. */
static int
must(const char *fmt, va_list ap, tdb_row_fn *fn, void *arg)
{
	char	*sql, *err;
	int	 rows;

	sql = format(fmt, ap);
	if ((rows = run(sql, fn, arg, &err)) < 0) {
		fprintf(stderr, "tdb: %s: %s\n", sql, err ? err : "?");
		free(err);
		free(sql);
		fail();
	}
	free(sql);
	return (rows);
}

int
tdb_try(const char *fmt, ...)
{
	va_list	 ap;
	char	*sql, *err;
	int	 rows;

	va_start(ap, fmt);
	sql = format(fmt, ap);
	va_end(ap);
	rows = run(sql, NULL, NULL, &err);
	if (rows < 0 && getenv("YUJIANG_TEST_LOG") != NULL)
		fprintf(stderr, "tdb: refused as it should be: %s: %s\n", sql,
		    err ? err : "?");
	free(err);
	free(sql);
	return (rows >= 0);
}

void
tdb_exec(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	(void)must(fmt, ap, NULL, NULL);
	va_end(ap);
}

struct first {
	const char	**cols;
	int		  n;
	int		  got;
};

static void
keep_first(const char *const *cols, int n, void *arg)
{
	struct first	*f = arg;
	int		 i;

	if (f->got++)
		return;
	for (i = 0; i < nkept; i++)
		free(kept[i]);
	nkept = 0;
	for (i = 0; i < f->n && i < 32; i++) {
		if (i < n && cols[i] != NULL) {
			kept[nkept] = strdup(cols[i]);
			assert_non_null(kept[nkept]);
			f->cols[i] = kept[nkept++];
		} else
			f->cols[i] = NULL;
	}
}

int
tdb_row(const char **cols, int n, const char *fmt, ...)
{
	struct first	 f = { cols, n, 0 };
	va_list		 ap;
	int		 rows;

	va_start(ap, fmt);
	rows = must(fmt, ap, keep_first, &f);
	va_end(ap);
	return (rows);
}

int64_t
tdb_int(const char *fmt, ...)
{
	const char	*col = NULL;
	struct first	 f = { &col, 1, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	(void)must(fmt, ap, keep_first, &f);
	va_end(ap);
	return (col == NULL ? -1 : strtoll(col, NULL, 10));
}

int
tdb_rows(tdb_row_fn *fn, void *arg, const char *fmt, ...)
{
	va_list	 ap;
	int	 rows;

	va_start(ap, fmt);
	rows = must(fmt, ap, fn, arg);
	va_end(ap);
	return (rows);
}
