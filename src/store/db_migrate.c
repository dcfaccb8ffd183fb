/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_migrate.c: moving a town (issue 18) — a SQLite data directory's
 * database copied into an empty PostgreSQL database, and checked there.
 * Synchronous libpq and the SQLite C API side by side: this is the admin
 * tool's, run once by an operator, not the server's.
 *
 * The source is opened read-only (SQLITE_OPEN_READONLY and query_only)
 * and read in one read transaction: under WAL that is one consistent
 * snapshot even while a server keeps writing, and the file is never
 * written. Every table is read in primary-key order (all its columns
 * when it has none: the course search's table) with the columns
 * PostgreSQL's table has, in its order.
 *
 * The target is written in one transaction, under the writers' advisory
 * lock (PG_WRITER_LOCK: a server started on it meanwhile waits), so a
 * move that fails anywhere — a row PostgreSQL refuses, a checksum that
 * differs, the connection lost — leaves the database as it was: empty.
 * The connection is the engine's own (db_pg_use(), db_pg_open(): the
 * settings every front end's has). In the transaction: the schema, by the
 * engine's migration run within it (db_pg_migrate_within()), then each table by COPY FROM STDIN in
 * dependency order (parents before the rows that refer to them; a
 * table's references to itself are checked at the end of its one COPY
 * statement), sent in blocks of COPY_BLOCK bytes so memory stays bounded
 * whatever the size of the town.
 *
 * Triggers: every table's own triggers (ALTER TABLE ... DISABLE TRIGGER
 * USER; the foreign keys' system triggers stay on) are off during the
 * copy and on again before the commit. The triggers maintain counters
 * (catalogue_version, lineage_version, apprentice_stages, cert_kinds,
 * cert_pending, data_use, photo_ids) and refuse changes (append-only
 * logs, at most 8 photos): left on, copying the counter tables' rows and
 * then the rows they count would count everything twice, and a rule
 * that held when a row was written long ago may refuse it now. Off, the
 * counters are copied as the rows they are, and every table is exactly
 * SQLite's — which the checksums then prove.
 *
 * The schema's own first rows (the counters at zero, the catalogue's
 * version) are emptied first: SQLite's rows replace them.
 *
 * The rows themselves, their checksums and the chain: db_migrate_copy.c.
 * After the commit the score log is audited again through the store, on
 * PostgreSQL, as `yujiang-admin audit verify` audits it on SQLite
 * (db_score_log_verify(): the chain, the sheets it explains, the locked
 * rounds' results, the published heads); migrate-check does the same.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "db_migrate_int.h"
#include "db_pg.h"
#include "sql_pg.h"


/*
 * Open the SQLite file read-only and begin the one read transaction
 * every read of the move shares (its first read fixes the snapshot).
 * 0 with why set when the file is missing or not a database.
 */
static int
lite_open(struct move *m, const char *path, int *version)
{
	sqlite3_stmt	*s;
	struct stat	 st;

	if (stat(path, &st) == -1) {
		(void)snprintf(m->why, sizeof(m->why), "%s: %s", path,
		    strerror(errno));
		return (0);
	}
	if (sqlite3_open_v2(path, &m->lite, SQLITE_OPEN_READONLY,
	    NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(m->lite, 5000);
	if (sqlite3_exec(m->lite, "PRAGMA query_only = 1; BEGIN", NULL,
	    NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m->lite, "SELECT count(*) FROM sqlite_schema",
	    -1, &s, NULL) != SQLITE_OK)
		goto fail;
	(void)sqlite3_step(s);
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(m->lite, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	*version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) :
	    -1;
	sqlite3_finalize(s);
	return (1);
fail:
	(void)snprintf(m->why, sizeof(m->why), "%s: %s", path,
	    m->lite != NULL ? sqlite3_errmsg(m->lite) : "out of memory");
	return (0);
}

/*
 * Connect through the engine (db_pg_use(), db_pg_open(): its reason on
 * stderr, never the DSN itself); 0 with why set.
 */
static int
pg_open(struct move *m, const char *dsn)
{
	PGresult	*r;
	int		 utf8;

	if (!db_pg_use(dsn)) {
		(void)snprintf(m->why, sizeof(m->why), "not a PostgreSQL "
		    "URI (postgresql://user@host:port/database)");
		return (0);
	}
	if (!db_pg_open() || (m->pg = db_pg_conn()) == NULL) {
		(void)snprintf(m->why, sizeof(m->why), "cannot connect to "
		    "PostgreSQL (the reason above)");
		return (0);
	}
	r = PQexec(m->pg, "SHOW server_encoding");
	utf8 = PQresultStatus(r) == PGRES_TUPLES_OK &&
	    strcmp(PQgetvalue(r, 0, 0), "UTF8") == 0;
	PQclear(r);
	if (!utf8) {
		(void)snprintf(m->why, sizeof(m->why), "the database's "
		    "encoding is not UTF8 (create it with ENCODING 'UTF8' "
		    "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE "
		    "template0; docs/postgresql.md)");
		return (0);
	}
	return (db_migrate_run(m, "SET client_min_messages = warning;"
	    "SET bytea_output = 'hex'", "settings"));
}

static enum ckind
kind_of(const char *type)
{
	if (strcmp(type, "int8") == 0 || strcmp(type, "int4") == 0 ||
	    strcmp(type, "int2") == 0)
		return (CK_INT);
	if (strcmp(type, "bool") == 0)
		return (CK_BOOL);
	if (strcmp(type, "bytea") == 0)
		return (CK_BYTEA);
	return (CK_TEXT);
}

/*
 * Read the PostgreSQL schema's tables (schema_version aside): their
 * columns in order with their types, the identity column, the primary
 * key as both sides' ORDER BY. 0 with why set on failure.
 */
static int
catalog_load(struct move *m)
{
	static const char *tables_sql =
	    "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n "
	    "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
	    "AND c.relkind = 'r' AND c.relname <> 'schema_version' "
	    "ORDER BY c.relname";
	static const char *cols_sql =
	    "SELECT a.attname, t.typname, a.attidentity <> '' "
	    "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
	    "WHERE a.attrelid = $1::oid AND a.attnum > 0 "
	    "AND NOT a.attisdropped AND a.attgenerated = '' "
	    "ORDER BY a.attnum";
	static const char *key_sql =
	    "SELECT a.attname FROM pg_index i, unnest(i.indkey) "
	    "WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a "
	    "ON a.attnum = k.attnum WHERE i.indrelid = $1::oid "
	    "AND i.indisprimary AND a.attrelid = i.indrelid ORDER BY k.ord";
	PGresult	*r, *rc;
	struct mtable	*t;
	char		 q[NAME_SZ + 24];
	const char	*arg[1];
	int		 i, j, k;

	if ((r = db_migrate_rows(m, tables_sql, 0, NULL)) == NULL)
		return (0);
	m->nt = PQntuples(r);
	if ((m->t = calloc(m->nt, sizeof(*m->t))) == NULL ||
	    (m->order = calloc(m->nt, sizeof(*m->order))) == NULL) {
		PQclear(r);
		(void)snprintf(m->why, sizeof(m->why), "out of memory");
		return (0);
	}
	for (i = 0; i < m->nt; i++) {
		(void)snprintf(m->t[i].oid, sizeof(m->t[i].oid), "%s",
		    PQgetvalue(r, i, 0));
		(void)snprintf(m->t[i].name, sizeof(m->t[i].name), "%s",
		    PQgetvalue(r, i, 1));
	}
	PQclear(r);
	for (i = 0; i < m->nt; i++) {
		t = &m->t[i];
		arg[0] = t->oid;
		if ((rc = db_migrate_rows(m, cols_sql, 1, arg)) == NULL)
			return (0);
		t->ncol = PQntuples(rc);
		if ((t->col = calloc(t->ncol, sizeof(*t->col))) == NULL) {
			PQclear(rc);
			(void)snprintf(m->why, sizeof(m->why),
			    "out of memory");
			return (0);
		}
		for (j = 0; j < t->ncol; j++) {
			(void)snprintf(t->col[j].name, NAME_SZ, "%s",
			    PQgetvalue(rc, j, 0));
			t->col[j].kind = kind_of(PQgetvalue(rc, j, 1));
			if (strcmp(PQgetvalue(rc, j, 2), "t") == 0)
				(void)snprintf(t->identity, NAME_SZ, "%s",
				    t->col[j].name);
		}
		PQclear(rc);
		if ((r = db_migrate_rows(m, key_sql, 1, arg)) == NULL)
			return (0);
		/* No primary key: every column orders (equal rows hash
		 * alike, so their order among themselves is moot). */
		for (k = 0; k < (PQntuples(r) ? PQntuples(r) : t->ncol); k++) {
			const char	*name = PQntuples(r) ?
			    PQgetvalue(r, k, 0) : t->col[k].name;

			db_migrate_quoted(q, sizeof(q), name);
			db_migrate_list_add(t->key_lite, sizeof(t->key_lite), q);
			for (j = 0; j < t->ncol; j++)
				if (strcmp(t->col[j].name, name) == 0 &&
				    t->col[j].kind == CK_TEXT)
					(void)strncat(q, " COLLATE \"C\"",
					    sizeof(q) - strlen(q) - 1);
			db_migrate_list_add(t->key_pg, sizeof(t->key_pg), q);
		}
		PQclear(r);
	}
	return (1);
}

static int
table_index(const struct move *m, const char *name)
{
	int	 i;

	for (i = 0; i < m->nt; i++)
		if (strcmp(m->t[i].name, name) == 0)
			return (i);
	return (-1);
}

/*
 * The copy order: a table after every table its foreign keys name
 * (itself aside). 0 with why set on a cycle (none in the schema).
 */
static int
order_tables(struct move *m)
{
	static const char *fk_sql =
	    "SELECT c.conrelid::oid::text, f.relname FROM pg_constraint c "
	    "JOIN pg_class f ON f.oid = c.confrelid "
	    "JOIN pg_namespace n ON n.oid = c.connamespace "
	    "WHERE c.contype = 'f' AND n.nspname = current_schema() "
	    "AND c.conrelid <> c.confrelid";
	PGresult	*r;
	int		 placed = 0, progress, i, k, parent, ready;

	if ((r = db_migrate_rows(m, fk_sql, 0, NULL)) == NULL)
		return (0);
	while (placed < m->nt) {
		progress = 0;
		for (i = 0; i < m->nt; i++) {
			if (m->t[i].placed)
				continue;
			ready = 1;
			for (k = 0; ready && k < PQntuples(r); k++) {
				if (strcmp(PQgetvalue(r, k, 0),
				    m->t[i].oid) != 0)
					continue;
				parent = table_index(m, PQgetvalue(r, k, 1));
				if (parent >= 0 && !m->t[parent].placed)
					ready = 0;
			}
			if (ready) {
				m->t[i].placed = 1;
				m->order[placed++] = i;
				progress = 1;
			}
		}
		if (!progress) {
			PQclear(r);
			(void)snprintf(m->why, sizeof(m->why), "the tables' "
			    "foreign keys form a cycle: no copy order");
			return (0);
		}
	}
	PQclear(r);
	return (1);
}

/*
 * SQLite's tables (its own and FTS5's shadow tables aside) must be
 * PostgreSQL's: a table on one side only means the schemas drifted.
 */
static int
tables_match(struct move *m)
{
	sqlite3_stmt	*s;
	const char	*name;
	int		 n = 0, ok = 1;

	if (sqlite3_prepare_v2(m->lite, "SELECT name FROM pragma_table_list "
	    "WHERE schema = 'main' AND type IN ('table', 'virtual') AND "
	    "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", -1, &s,
	    NULL) != SQLITE_OK) {
		(void)snprintf(m->why, sizeof(m->why), "SQLite: %s",
		    sqlite3_errmsg(m->lite));
		return (0);
	}
	while (ok && sqlite3_step(s) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		n++;
		if (table_index(m, name) < 0) {
			(void)snprintf(m->why, sizeof(m->why), "table %s is "
			    "in SQLite but not in the PostgreSQL schema",
			    name);
			ok = 0;
		}
	}
	sqlite3_finalize(s);
	if (ok && n != m->nt) {
		(void)snprintf(m->why, sizeof(m->why), "PostgreSQL's schema "
		    "has %d tables, SQLite's %d", m->nt, n);
		ok = 0;
	}
	return (ok);
}

/*
 * What the target's schema already holds (tables, views, sequences: up
 * to six names, as one line in found): 1 when anything, 0 when it is
 * empty, -1 with why set when it cannot be read.
 */
static int
target_has_tables(struct move *m, char *found, size_t sz)
{
	PGresult	*r;
	int		 n;

	if ((r = db_migrate_rows(m, "SELECT count(*), coalesce(string_agg("
	    "relname, ', ' ORDER BY relname) FILTER (WHERE n <= 6), '') "
	    "FROM (SELECT c.relname, row_number() OVER (ORDER BY c.relname) "
	    "n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
	    "WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p', "
	    "'v', 'm', 'S', 'f')) x", 0, NULL)) == NULL)
		return (-1);
	n = atoi(PQgetvalue(r, 0, 0));
	(void)snprintf(found, sz, "%s%s", PQgetvalue(r, 0, 1),
	    n > 6 ? ", …" : "");
	PQclear(r);
	return (n > 0);
}

/* Empty every table the schema gave rows of its own, in one command. */
static int
truncate_all(struct move *m)
{
	struct mbuf	 b = { 0 };
	char		 q[NAME_SZ + 4];
	int		 i, ok;

	ok = db_migrate_buf_add(&b, "TRUNCATE ", 9);
	for (i = 0; ok && i < m->nt; i++) {
		(void)snprintf(q, sizeof(q), "%s\"%s\"", i ? ", " : "",
		    m->t[i].name);
		ok = db_migrate_buf_add(&b, q, strlen(q));
	}
	ok = ok && db_migrate_run(m, b.p, "truncate");
	free(b.p);
	return (ok);
}

static void
move_free(struct move *m)
{
	int	 i;

	for (i = 0; m->t != NULL && i < m->nt; i++)
		free(m->t[i].col);
	free(m->t);
	free(m->order);
	if (m->lite != NULL) {
		(void)sqlite3_exec(m->lite, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(m->lite);
	}
	db_pg_close();
	m->pg = NULL;
}

/*
 * Both sides open, the versions agree with this program's: SQLite's
 * user_version must be db_schema_latest() (else: migrate it first).
 */
static enum migrate_result
move_open(struct move *m, const char *sqlite_path, const char *dsn)
{
	int	 v;

	if (!lite_open(m, sqlite_path, &v))
		return (MIGRATE_REFUSED);
	if (v < db_schema_latest()) {
		(void)snprintf(m->why, sizeof(m->why), "%s is at schema "
		    "version %d, this program's is %d: run `yujiang-admin -d "
		    "DATA migrate` first (with the server stopped or "
		    "running), then migrate-to again", sqlite_path, v,
		    db_schema_latest());
		return (MIGRATE_REFUSED);
	}
	if (v > db_schema_latest() || schema_pg_latest() != v) {
		(void)snprintf(m->why, sizeof(m->why), "%s is at schema "
		    "version %d; this program knows %d (SQLite) and %d "
		    "(PostgreSQL): use the program that made it", sqlite_path,
		    v, db_schema_latest(), schema_pg_latest());
		return (MIGRATE_REFUSED);
	}
	if (!pg_open(m, dsn))
		return (MIGRATE_FAILED);
	return (MIGRATE_OK);
}

/*
 * The score log audited through the store on PostgreSQL, in a read
 * transaction of its own, as `yujiang-admin audit verify` audits it
 * (db_score_log_verify()). MIGRATE_OK, else MIGRATE_DIFFERS (what was
 * found on m->err) or MIGRATE_FAILED.
 */
static enum migrate_result
audit(struct move *m)
{
	int64_t	 bad, checked;
	char	 why[512];

	if (db_score_log_verify(&bad, &checked, why, sizeof(why)) != DB_OK) {
		(void)snprintf(m->why, sizeof(m->why), "the score log's audit "
		    "on PostgreSQL could not run (the reason above)");
		return (MIGRATE_FAILED);
	}
	if (bad != 0) {
		fprintf(m->err, "the score log's audit on PostgreSQL: %s\n",
		    why);
		return (MIGRATE_DIFFERS);
	}
	fprintf(m->out, "score log audited on PostgreSQL (as audit verify): "
	    "%" PRId64 " records, chain, sheets, locked rounds and published "
	    "heads hold\n", checked);
	return (MIGRATE_OK);
}

enum migrate_result
db_migrate_to(const char *sqlite_path, const char *dsn, FILE *out,
    FILE *err)
{
	struct move		 m;
	struct timespec		 t0, t1;
	enum migrate_result	 res;
	struct mtable		*t;
	char			 found[512], sql[256];
	double			 secs;
	int			 i, v, has, committed = 0;

	memset(&m, 0, sizeof(m));
	m.out = out;
	m.err = err;
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((res = move_open(&m, sqlite_path, dsn)) != MIGRATE_OK)
		goto done;
	fprintf(out, "reading %s read-only, in one read transaction: one "
	    "consistent snapshot, even while a server writes to it\n",
	    sqlite_path);
	res = MIGRATE_FAILED;
	if (!db_migrate_run(&m, "BEGIN; " PG_WRITER_LOCK_SQL, "begin"))
		goto done;
	if ((has = target_has_tables(&m, found, sizeof(found))) != 0) {
		if (has > 0) {
			(void)snprintf(m.why, sizeof(m.why), "the PostgreSQL "
			    "database is not empty: it holds %s. migrate-to "
			    "copies into an empty database only (a new one: "
			    "CREATE DATABASE, docs/postgresql.md); nothing "
			    "was changed", found);
			res = MIGRATE_REFUSED;
		}
		goto done;
	}
	if (!db_pg_migrate_within() || (v = db_pg_schema_version()) < 0) {
		(void)snprintf(m.why, sizeof(m.why), "laying the schema "
		    "failed (the reason above)");
		goto done;
	}
	fprintf(out, "schema: PostgreSQL at version %d\n", v);
	if (!catalog_load(&m) || !tables_match(&m) || !order_tables(&m))
		goto done;
	for (i = 0; i < m.nt; i++) {
		(void)snprintf(sql, sizeof(sql), "ALTER TABLE \"%s\" "
		    "DISABLE TRIGGER USER", m.t[i].name);
		if (!db_migrate_run(&m, sql, m.t[i].name))
			goto done;
	}
	/* The schema's own first rows (the counters' zeros, the
	 * versions) give way to SQLite's. */
	if (!truncate_all(&m))
		goto done;
	for (i = 0; i < m.nt; i++) {
		t = &m.t[m.order[i]];
		if (!db_migrate_copy_table(&m, t))
			goto done;
		m.rows += t->rows;
		fprintf(out, "  %-20s %10" PRId64 " rows\n", t->name,
		    t->rows);
		fflush(out);
	}
	/* Deferred foreign keys checked now: a table with checks pending
	 * cannot be altered. */
	if (!db_migrate_run(&m, "SET CONSTRAINTS ALL IMMEDIATE", "foreign keys"))
		goto done;
	for (i = 0; i < m.nt; i++) {
		(void)snprintf(sql, sizeof(sql), "ALTER TABLE \"%s\" "
		    "ENABLE TRIGGER USER", m.t[i].name);
		if (!db_migrate_run(&m, sql, m.t[i].name) ||
		    !db_migrate_sequence_set(&m, &m.t[i]))
			goto done;
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(out, "copied %d tables, %" PRId64 " rows in %.2f s (%.0f "
	    "rows/s)\n", m.nt, m.rows, secs, secs > 0 ? m.rows / secs : 0.0);
	if ((res = db_migrate_verify(&m, 1)) != MIGRATE_OK)
		goto done;
	res = MIGRATE_FAILED;
	if (!db_migrate_run(&m, "COMMIT", "commit"))
		goto done;
	committed = 1;
	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(out, "moved and verified in %.2f s (%.0f rows/s), "
	    "committed\n", secs, secs > 0 ? m.rows / secs : 0.0);
	res = audit(&m);
done:
	if (res != MIGRATE_OK) {
		if (m.why[0] != '\0')
			fprintf(err, "migrate-to: %s\n", m.why);
		if (m.pg != NULL && PQstatus(m.pg) == CONNECTION_OK &&
		    !committed && res != MIGRATE_REFUSED)
			fprintf(err, "migrate-to: rolled back: the PostgreSQL "
			    "database is as it was before\n");
	}
	move_free(&m);
	return (res);
}

enum migrate_result
db_migrate_check(const char *sqlite_path, const char *dsn, FILE *out,
    FILE *err)
{
	struct move		 m;
	enum migrate_result	 res;
	int			 v;

	memset(&m, 0, sizeof(m));
	m.out = out;
	m.err = err;
	if ((res = move_open(&m, sqlite_path, dsn)) != MIGRATE_OK)
		goto done;
	res = MIGRATE_FAILED;
	if (!db_migrate_run(&m, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	    "begin"))
		goto done;
	if (!db_migrate_run(&m, "SET LOCAL statement_timeout = 0",
	    "settings") || (v = db_pg_schema_version()) < 0)
		goto done;
	if (v != schema_pg_latest()) {
		(void)snprintf(m.why, sizeof(m.why), "the PostgreSQL database "
		    "is at schema version %d, not %d: not a copy of this "
		    "town", v, schema_pg_latest());
		res = MIGRATE_DIFFERS;
		goto done;
	}
	if (!catalog_load(&m) || !tables_match(&m) || !order_tables(&m))
		goto done;
	res = db_migrate_verify(&m, 0);
	if (!db_migrate_run(&m, "ROLLBACK", "rollback"))
		res = MIGRATE_FAILED;
	if (res == MIGRATE_OK)
		res = audit(&m);
	if (res == MIGRATE_OK)
		fprintf(out, "PostgreSQL holds this town's data: %d tables, "
		    "%" PRId64 " rows\n", m.nt, m.rows);
done:
	if (res != MIGRATE_OK && m.why[0] != '\0')
		fprintf(err, "migrate-check: %s\n", m.why);
	move_free(&m);
	return (res);
}
