/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * pgprep: the PostgreSQL side of tests/pg/test_pg_sql.py (issue 18),
 * linked with the store's statement table (sql.c), its PostgreSQL texts
 * (sql_pg.c, schema_pg.c), libpq and SQLite.
 *
 *   pgprep schema DSN        apply the PostgreSQL schema as the engine
 *                            must (schema_pg.c's comment); prints the
 *                            version reached
 *   pgprep check DSN SQLDB   prepare every statement on PostgreSQL and on
 *                            the SQLite database SQLDB; one line a
 *                            statement, "ok N" or "fail N why"
 *   pgprep text N            the PostgreSQL text of statement N
 *   pgprep latest            schema_pg_latest()
 *
 * check fails a statement that PostgreSQL does not prepare, that takes a
 * different number of parameters or gives a different number of columns
 * than on SQLite, or that gives a column of a type the store's readers
 * (db_col_int, db_col_text) would read otherwise than SQLite's: boolean
 * ('t'/'f' for SQLite's 1/0), numeric or a float (sum() and division:
 * "2.0" or "2.5" for an integer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "db_sqlite.h"
#include "sql_pg.h"

/* pg_type oids (catalog/pg_type_d.h is not in libpq-dev). */
#define OID_BOOL	16
#define OID_INT2	21
#define OID_INT4	23
#define OID_NUMERIC	1700
#define OID_FLOAT4	700
#define OID_FLOAT8	701

static PGconn *
connect_or_die(const char *dsn)
{
	PGconn	*c = PQconnectdb(dsn);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "pgprep: %s", PQerrorMessage(c));
		exit(1);
	}
	return (c);
}

static int
exec_ok(PGconn *c, const char *sql, const char *what)
{
	PGresult	*r = PQexec(c, sql);
	int		 ok;

	ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "pgprep: %s: %s", what, PQerrorMessage(c));
	PQclear(r);
	return (ok);
}

static int
version_of(PGconn *c)
{
	PGresult	*r;
	int		 v = -1;

	r = PQexec(c, "SELECT version FROM schema_version");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return (v);
}

/* The procedure schema_pg.c's comment gives the engine. */
static int
schema(const char *dsn)
{
	PGconn		*c = connect_or_die(dsn);
	PGresult	*r;
	char		 bump[96];
	int		 fresh, v;

	if (!exec_ok(c, "BEGIN; " PG_WRITER_LOCK_SQL, "begin"))
		return (1);
	r = PQexec(c, "SELECT to_regclass('schema_version') IS NULL");
	fresh = PQresultStatus(r) == PGRES_TUPLES_OK &&
	    strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (fresh && !exec_ok(c, pg_schema_base, "pg_schema_base"))
		return (1);
	if (!exec_ok(c, "COMMIT", "commit"))
		return (1);
	for (;;) {
		if (!exec_ok(c, "BEGIN; " PG_WRITER_LOCK_SQL, "begin"))
			return (1);
		if ((v = version_of(c)) < 0 || v > schema_pg_latest()) {
			fprintf(stderr, "pgprep: schema_version %d\n", v);
			return (1);
		}
		if (v == schema_pg_latest())
			break;
		(void)snprintf(bump, sizeof(bump),
		    "UPDATE schema_version SET version = %d", v + 1);
		if (!exec_ok(c, schema_pg_migration(v), "migration") ||
		    !exec_ok(c, bump, "bump") || !exec_ok(c, "COMMIT", "commit"))
			return (1);
	}
	(void)exec_ok(c, "COMMIT", "commit");
	printf("%d\n", v);
	PQfinish(c);
	return (0);
}

/* The highest $N in a PostgreSQL text (outside literals). */
static int
top_param(const char *p)
{
	int	 top = 0, n;
	char	 q;

	for (; *p != '\0'; p++) {
		if (*p == '\'' || *p == '"') {
			for (q = *p++; *p != '\0' && *p != q; p++)
				;
			if (*p == '\0')
				break;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			n = atoi(p + 1);
			if (n > top)
				top = n;
		}
	}
	return (top);
}

static const char *
type_trouble(Oid t)
{
	switch (t) {
	case OID_BOOL:
		return ("boolean (SQLite gives 1/0)");
	case OID_NUMERIC:
		return ("numeric (an integer in SQLite)");
	case OID_FLOAT4:
	case OID_FLOAT8:
		return ("a float");
	default:
		return (NULL);
	}
}

/* One statement; returns 1 when it passes (its line printed). */
static int
check_one(PGconn *c, sqlite3 *lite, int s)
{
	char		 buf[16384], part[16384], why[1024];
	const char	*pg, *p, *semi, *t;
	sqlite3_stmt	*ls = NULL;
	PGresult	*r;
	int		 lcols = -1, lparams = -1, i, ok = 1;

	why[0] = '\0';
	if (sqlite3_prepare_v2(lite, stmt_sql[s], -1, &ls, NULL) == SQLITE_OK) {
		lcols = sqlite3_column_count(ls);
		lparams = sqlite3_bind_parameter_count(ls);
	}
	sqlite3_finalize(ls);
	if ((pg = sql_pg_text(s, buf, sizeof(buf))) == NULL) {
		printf("fail %d no text\n", s);
		return (0);
	}
	/* Several commands (ST_BEGIN): each is prepared on its own. */
	for (p = pg; ok && *p != '\0'; p = semi) {
		if ((semi = strchr(p, ';')) == NULL)
			semi = p + strlen(p);
		(void)snprintf(part, sizeof(part), "%.*s", (int)(semi - p), p);
		if (*semi == ';')
			semi++;
		while (*semi == ' ')
			semi++;
		r = PQprepare(c, "", part, 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			(void)snprintf(why, sizeof(why), "%s",
			    PQresultErrorMessage(r));
			why[strcspn(why, "\n")] = '\0';
			ok = 0;
		}
		PQclear(r);
		if (!ok || *semi != '\0' || p != pg)
			continue;	/* several commands: prepared is all */
		r = PQdescribePrepared(c, "");
		if (lcols >= 0 && sql_pg_returns_id(s))
			lcols++;	/* RETURNING id */
		if (lcols >= 0 && PQnfields(r) != lcols) {
			(void)snprintf(why, sizeof(why),
			    "%d columns, SQLite %d", PQnfields(r), lcols);
			ok = 0;
		}
		if (ok && lparams >= 0 && PQnparams(r) != lparams &&
		    top_param(part) != lparams) {
			(void)snprintf(why, sizeof(why),
			    "%d parameters, SQLite %d", PQnparams(r), lparams);
			ok = 0;
		}
		for (i = 0; ok && i < PQnparams(r); i++)
			if (PQparamtype(r, i) == OID_INT4 ||
			    PQparamtype(r, i) == OID_INT2) {
				(void)snprintf(why, sizeof(why),
				    "parameter $%d is a 32-bit integer (a "
				    "64-bit one in SQLite)", i + 1);
				ok = 0;
			}
		for (i = 0; ok && i < PQnfields(r); i++)
			if ((t = type_trouble(PQftype(r, i))) != NULL) {
				(void)snprintf(why, sizeof(why),
				    "column %d (%s) is %s", i, PQfname(r, i), t);
				ok = 0;
			}
		PQclear(r);
	}
	if (ok)
		printf("ok %d\n", s);
	else
		printf("fail %d %s\n", s, why);
	return (ok);
}

static int
check(const char *dsn, const char *sqlite_path)
{
	PGconn	*c = connect_or_die(dsn);
	sqlite3	*lite;
	int	 s, bad = 0;

	if (sqlite3_open_v2(sqlite_path, &lite, SQLITE_OPEN_READONLY,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "pgprep: %s: %s\n", sqlite_path,
		    sqlite3_errmsg(lite));
		return (1);
	}
	for (s = 0; s < ST__COUNT; s++)
		bad += !check_one(c, lite, s);
	printf("statements %d overrides %d failed %d\n", ST__COUNT,
	    sql_pg_overrides(), bad);
	sqlite3_close(lite);
	PQfinish(c);
	return (bad != 0);
}

int
main(int argc, char *argv[])
{
	char		 buf[16384];
	const char	*t;

	if (argc == 3 && strcmp(argv[1], "schema") == 0)
		return (schema(argv[2]));
	if (argc == 4 && strcmp(argv[1], "check") == 0)
		return (check(argv[2], argv[3]));
	if (argc == 3 && strcmp(argv[1], "text") == 0) {
		if ((t = sql_pg_text(atoi(argv[2]), buf, sizeof(buf))) == NULL)
			return (1);
		printf("%s\n", t);
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "latest") == 0) {
		printf("%d\n", schema_pg_latest());
		return (0);
	}
	fprintf(stderr, "usage: pgprep schema DSN | check DSN SQLITE_DB | "
	    "text N | latest\n");
	return (2);
}
