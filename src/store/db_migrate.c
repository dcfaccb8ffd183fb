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
 * In it: the schema (pg_schema_apply(), the same code the engine and
 * tests/pg/pgprep.c run), then each table by COPY FROM STDIN in
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
 * Values become PostgreSQL's text form once (lite_value()): integers in
 * decimal, text as its bytes, SQLite's integer booleans as t/f and blobs
 * as bytea's \x hex should PostgreSQL's column be of those types (today
 * all are bigint or text). The same form is what is sent by COPY and
 * what the checksum hashes on the SQLite side; PostgreSQL's side hashes
 * the text it gives back. A value PostgreSQL stores otherwise than it
 * was sent (' 42' in a bigint comes back as '42') makes the sums differ.
 *
 * The checksum of a table: SHA-256 over its rows in primary-key order
 * (text keys compared bytewise on both sides: COLLATE "C"), each value
 * as a tag, a length and its bytes (NULL a tag of its own), so no two
 * different tables hash alike. The score log's chain is then recomputed
 * on both sides with the pure score_chain_hash() (src/rules/score.c)
 * that `yujiang-admin audit verify` uses.
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
#include <sodium.h>
#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "db_migrate.h"
#include "schema_pg.h"
#include "score.h"
#include "sql_pg.h"

#define COPY_BLOCK	(256 * 1024)	/* bytes sent per PQputCopyData */
#define PROGRESS_ROWS	50000		/* a progress line every so many */
#define NAME_SZ		64

/* How a PostgreSQL column's type takes SQLite's values. */
enum ckind {
	CK_INT,		/* bigint, integer, smallint: decimal */
	CK_TEXT,	/* text and the rest: the value's text */
	CK_BOOL,	/* boolean: SQLite's 0/1 as f/t */
	CK_BYTEA,	/* bytea: \x and hex */
};

struct mcol {
	char		 name[NAME_SZ];
	enum ckind	 kind;
};

struct mtable {
	char		 name[NAME_SZ];
	char		 oid[16];
	struct mcol	*col;
	int		 ncol;
	char		 identity[NAME_SZ];	/* "" when none */
	char		 key_lite[1024];	/* ORDER BY on SQLite */
	char		 key_pg[1024];		/* and on PostgreSQL */
	int		 placed;		/* in the copy order yet */
	int64_t		 rows;			/* SQLite's */
	unsigned char	 sum[crypto_hash_sha256_BYTES];
};

struct move {
	sqlite3		*lite;
	PGconn		*pg;
	FILE		*out, *err;
	struct mtable	*t;
	int		 nt;
	int		*order;		/* indices of t, parents first */
	char		 why[1024];
	int64_t		 rows;		/* all tables' */
};

/* A growing byte buffer; p is malloc'ed. */
struct mbuf {
	char	*p;
	size_t	 len, cap;
};

static int
mbuf_add(struct mbuf *b, const void *p, size_t n)
{
	char	*np;
	size_t	 cap;

	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL)
			return (0);
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return (1);
}

/* "name" quoted as an identifier (names come from the catalogues). */
static void
quoted(char *dst, size_t sz, const char *name)
{
	(void)snprintf(dst, sz, "\"%s\"", name);
}

/* The message of a failed PostgreSQL call, its trailing newline cut. */
static const char *
pg_msg(PGconn *c)
{
	static char	 msg[768];

	(void)snprintf(msg, sizeof(msg), "%s", PQerrorMessage(c));
	msg[strcspn(msg, "\n")] = '\0';
	return (msg);
}

/* Run a command on PostgreSQL; 0 with why set when it fails. */
static int
pg_run(struct move *m, const char *sql, const char *what)
{
	PGresult	*r = PQexec(m->pg, sql);
	int		 ok;

	ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		(void)snprintf(m->why, sizeof(m->why), "%s: %s", what,
		    pg_msg(m->pg));
	PQclear(r);
	return (ok);
}

/* A query with text parameters; NULL (why set) unless it gave rows. */
static PGresult *
pg_rows(struct move *m, const char *sql, int n, const char *const *args)
{
	PGresult	*r;

	r = PQexecParams(m->pg, sql, n, NULL, args, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		(void)snprintf(m->why, sizeof(m->why), "%s",
		    pg_msg(m->pg));
		PQclear(r);
		return (NULL);
	}
	return (r);
}

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

/* Connect; 0 with why set (libpq's reason: never the DSN itself). */
static int
pg_open(struct move *m, const char *dsn)
{
	PGresult	*r;
	int		 utf8;

	if (strncmp(dsn, "postgresql://", 13) != 0 &&
	    strncmp(dsn, "postgres://", 11) != 0) {
		(void)snprintf(m->why, sizeof(m->why), "not a PostgreSQL "
		    "URI (postgresql://user@host:port/database)");
		return (0);
	}
	m->pg = PQconnectdb(dsn);
	if (PQstatus(m->pg) != CONNECTION_OK) {
		(void)snprintf(m->why, sizeof(m->why), "cannot connect to "
		    "PostgreSQL: %s", pg_msg(m->pg));
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
	return (PQsetClientEncoding(m->pg, "UTF8") == 0 &&
	    pg_run(m, "SET client_min_messages = warning;"
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

/* Append ", " unless at the start, then s. */
static void
list_add(char *dst, size_t sz, const char *s)
{
	size_t	 n = strlen(dst);

	(void)snprintf(dst + n, sz - n, "%s%s", n ? ", " : "", s);
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

	if ((r = pg_rows(m, tables_sql, 0, NULL)) == NULL)
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
		if ((rc = pg_rows(m, cols_sql, 1, arg)) == NULL)
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
		if ((r = pg_rows(m, key_sql, 1, arg)) == NULL)
			return (0);
		/* No primary key: every column orders (equal rows hash
		 * alike, so their order among themselves is moot). */
		for (k = 0; k < (PQntuples(r) ? PQntuples(r) : t->ncol); k++) {
			const char	*name = PQntuples(r) ?
			    PQgetvalue(r, k, 0) : t->col[k].name;

			quoted(q, sizeof(q), name);
			list_add(t->key_lite, sizeof(t->key_lite), q);
			for (j = 0; j < t->ncol; j++)
				if (strcmp(t->col[j].name, name) == 0 &&
				    t->col[j].kind == CK_TEXT)
					(void)strncat(q, " COLLATE \"C\"",
					    sizeof(q) - strlen(q) - 1);
			list_add(t->key_pg, sizeof(t->key_pg), q);
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

	if ((r = pg_rows(m, fk_sql, 0, NULL)) == NULL)
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

/* Hash one value (NULL: p NULL) into a table's sum. */
static void
sum_value(crypto_hash_sha256_state *h, const char *p, size_t len)
{
	unsigned char	 head[9];
	uint64_t	 n = len;
	int		 i;

	head[0] = p == NULL ? 'N' : 'V';
	for (i = 0; i < 8; i++)
		head[1 + i] = (unsigned char)(n >> (8 * i));
	crypto_hash_sha256_update(h, head, p == NULL ? 1 : sizeof(head));
	if (p != NULL)
		crypto_hash_sha256_update(h, (const unsigned char *)p, len);
}

static void
sum_row_end(crypto_hash_sha256_state *h)
{
	crypto_hash_sha256_update(h, (const unsigned char *)"R", 1);
}

/*
 * Column i of SQLite's row in PostgreSQL's text form for a column of
 * kind k (the file's comment): 0 for NULL, else 1 with *p and *len (in
 * tmp, or SQLite's own buffer until the next step).
 */
static int
lite_value(sqlite3_stmt *s, int i, enum ckind k, struct mbuf *tmp,
    const char **p, size_t *len)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*b;
	char			 num[32];
	int			 n, j;

	tmp->len = 0;
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		return (0);
	case SQLITE_INTEGER:
		if (k == CK_BOOL)
			(void)snprintf(num, sizeof(num), "%s",
			    sqlite3_column_int64(s, i) ? "t" : "f");
		else
			(void)snprintf(num, sizeof(num), "%lld",
			    (long long)sqlite3_column_int64(s, i));
		if (!mbuf_add(tmp, num, strlen(num)))
			return (-1);
		break;
	case SQLITE_FLOAT:
		(void)snprintf(num, sizeof(num), "%.17g",
		    sqlite3_column_double(s, i));
		if (!mbuf_add(tmp, num, strlen(num)))
			return (-1);
		break;
	default:	/* text, blob: their bytes */
		b = sqlite3_column_blob(s, i);
		n = sqlite3_column_bytes(s, i);
		if (k != CK_BYTEA) {
			*p = b != NULL ? (const char *)b : "";
			*len = (size_t)n;
			return (1);
		}
		if (!mbuf_add(tmp, "\\x", 2))
			return (-1);
		for (j = 0; j < n; j++)
			if (!mbuf_add(tmp, &hex[b[j] >> 4], 1) ||
			    !mbuf_add(tmp, &hex[b[j] & 15], 1))
				return (-1);
		break;
	}
	*p = tmp->p;
	*len = tmp->len;
	return (1);
}

/* A value in COPY's text format (tab-separated; \N is NULL). */
static int
copy_value(struct mbuf *b, const char *p, size_t len)
{
	size_t	 i, from;
	char	 esc[2] = { '\\', 0 };

	if (p == NULL)
		return (mbuf_add(b, "\\N", 2));
	for (from = i = 0; i < len; i++) {
		switch (p[i]) {
		case '\\':
			esc[1] = '\\';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			continue;
		}
		if (!mbuf_add(b, p + from, i - from) || !mbuf_add(b, esc, 2))
			return (0);
		from = i + 1;
	}
	return (mbuf_add(b, p + from, len - from));
}

/* The column list of t, quoted: "a", "b", ... */
static void
column_list(const struct mtable *t, char *dst, size_t sz)
{
	char	 q[NAME_SZ + 2];
	int	 j;

	dst[0] = '\0';
	for (j = 0; j < t->ncol; j++) {
		quoted(q, sizeof(q), t->col[j].name);
		list_add(dst, sz, q);
	}
}

/*
 * Read table t from SQLite in key order: count its rows and sum them
 * into t->rows and t->sum, and when copy is set send them to PostgreSQL
 * by COPY (already begun). 0 with why set on failure.
 */
static int
lite_pass(struct move *m, struct mtable *t, int copy)
{
	crypto_hash_sha256_state	 h;
	struct mbuf			 out = { 0 }, tmp = { 0 };
	sqlite3_stmt			*s = NULL;
	const char			*p;
	char				*sql = NULL, cols[8192];
	size_t				 len = 0;
	int				 j, v, rc, ok = 0;

	column_list(t, cols, sizeof(cols));
	if (asprintf(&sql, "SELECT %s FROM \"%s\" ORDER BY %s", cols,
	    t->name, t->key_lite) == -1) {
		sql = NULL;
		goto oom;
	}
	if (sqlite3_prepare_v2(m->lite, sql, -1, &s, NULL) != SQLITE_OK) {
		(void)snprintf(m->why, sizeof(m->why), "table %s: SQLite: %s",
		    t->name, sqlite3_errmsg(m->lite));
		goto out;
	}
	crypto_hash_sha256_init(&h);
	t->rows = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (j = 0; j < t->ncol; j++) {
			if ((v = lite_value(s, j, t->col[j].kind, &tmp, &p,
			    &len)) < 0)
				goto oom;
			if (v == 0)
				p = NULL;
			sum_value(&h, p, len);
			if (copy && ((j > 0 && !mbuf_add(&out, "\t", 1)) ||
			    !copy_value(&out, p, len)))
				goto oom;
		}
		sum_row_end(&h);
		t->rows++;
		if (copy && !mbuf_add(&out, "\n", 1))
			goto oom;
		if (copy && out.len >= COPY_BLOCK) {
			if (PQputCopyData(m->pg, out.p, (int)out.len) != 1) {
				(void)snprintf(m->why, sizeof(m->why),
				    "table %s: %s", t->name, pg_msg(m->pg));
				goto out;
			}
			out.len = 0;
		}
		if (copy && t->rows % PROGRESS_ROWS == 0) {
			fprintf(m->out, "  %-20s %10" PRId64 " rows …\n",
			    t->name, t->rows);
			fflush(m->out);
		}
	}
	if (rc != SQLITE_DONE) {
		(void)snprintf(m->why, sizeof(m->why), "table %s: SQLite: %s",
		    t->name, sqlite3_errmsg(m->lite));
		goto out;
	}
	crypto_hash_sha256_final(&h, t->sum);
	if (copy && out.len > 0 &&
	    PQputCopyData(m->pg, out.p, (int)out.len) != 1) {
		(void)snprintf(m->why, sizeof(m->why), "table %s: %s",
		    t->name, pg_msg(m->pg));
		goto out;
	}
	ok = 1;
	goto out;
oom:
	(void)snprintf(m->why, sizeof(m->why), "table %s: out of memory",
	    t->name);
out:
	sqlite3_finalize(s);
	free(sql);
	free(out.p);
	free(tmp.p);
	return (ok);
}

/* Copy table t by COPY FROM STDIN; 0 with why set (PostgreSQL's). */
static int
copy_table(struct move *m, struct mtable *t)
{
	PGresult	*r;
	char		*sql, cols[8192];
	int		 ok, sent;

	column_list(t, cols, sizeof(cols));
	if (asprintf(&sql, "COPY \"%s\" (%s) FROM STDIN", t->name,
	    cols) == -1) {
		(void)snprintf(m->why, sizeof(m->why), "out of memory");
		return (0);
	}
	r = PQexec(m->pg, sql);
	free(sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		(void)snprintf(m->why, sizeof(m->why), "table %s: %s",
		    t->name, pg_msg(m->pg));
		PQclear(r);
		return (0);
	}
	PQclear(r);
	sent = lite_pass(m, t, 1);
	if (PQputCopyEnd(m->pg, sent ? NULL : "the copy stopped") != 1 &&
	    sent) {
		(void)snprintf(m->why, sizeof(m->why), "table %s: %s",
		    t->name, pg_msg(m->pg));
		sent = 0;
	}
	ok = 1;
	while ((r = PQgetResult(m->pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			ok = 0;
			if (sent)	/* else why holds the first cause */
				(void)snprintf(m->why, sizeof(m->why),
				    "table %s: PostgreSQL refused a row: %s",
				    t->name, pg_msg(m->pg));
		}
		PQclear(r);
	}
	return (ok && sent);
}

/*
 * Count and sum table t on PostgreSQL as lite_pass() did on SQLite, row
 * by row (single-row mode: bounded memory). 0 with why set on failure.
 */
static int
pg_pass(struct move *m, struct mtable *t, int64_t *rows,
    unsigned char sum[crypto_hash_sha256_BYTES])
{
	crypto_hash_sha256_state	 h;
	PGresult			*r;
	char				*sql, cols[8192];
	int				 j, ok = 1;

	column_list(t, cols, sizeof(cols));
	if (asprintf(&sql, "SELECT %s FROM \"%s\" ORDER BY %s", cols,
	    t->name, t->key_pg) == -1) {
		(void)snprintf(m->why, sizeof(m->why), "out of memory");
		return (0);
	}
	if (!PQsendQuery(m->pg, sql) || !PQsetSingleRowMode(m->pg)) {
		free(sql);
		(void)snprintf(m->why, sizeof(m->why), "table %s: %s",
		    t->name, pg_msg(m->pg));
		return (0);
	}
	free(sql);
	crypto_hash_sha256_init(&h);
	*rows = 0;
	while ((r = PQgetResult(m->pg)) != NULL) {
		if (PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
			for (j = 0; j < t->ncol; j++)
				sum_value(&h, PQgetisnull(r, 0, j) ? NULL :
				    PQgetvalue(r, 0, j),
				    (size_t)PQgetlength(r, 0, j));
			sum_row_end(&h);
			(*rows)++;
		} else if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			(void)snprintf(m->why, sizeof(m->why), "table %s: %s",
			    t->name, pg_msg(m->pg));
			ok = 0;
		}
		PQclear(r);
	}
	crypto_hash_sha256_final(&h, sum);
	return (ok);
}

/*
 * Table t's identity sequence must give an id past the highest one
 * (after a move: max + 1, as SQLite's rowid). 0 with why set if not.
 */
static int
sequence_ok(struct move *m, const struct mtable *t)
{
	PGresult	*r;
	const char	*arg[2];
	char		*sql, table[NAME_SZ + 2];
	int		 ok;

	if (t->identity[0] == '\0')
		return (1);
	quoted(table, sizeof(table), t->name);
	arg[0] = table;
	arg[1] = t->identity;
	if ((r = pg_rows(m, "SELECT pg_get_serial_sequence($1, $2)", 2,
	    arg)) == NULL)
		return (0);
	/* The sequence read as a relation: its next value. */
	ok = asprintf(&sql, "SELECT (SELECT CASE WHEN is_called THEN "
	    "last_value + 1 ELSE last_value END FROM %s) > coalesce((SELECT "
	    "max(\"%s\") FROM \"%s\"), 0)", PQgetvalue(r, 0, 0), t->identity,
	    t->name) != -1;
	PQclear(r);
	if (!ok || (r = pg_rows(m, sql, 0, NULL)) == NULL) {
		if (ok)
			free(sql);
		return (0);
	}
	free(sql);
	ok = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!ok)
		(void)snprintf(m->why, sizeof(m->why), "table %s: its id "
		    "sequence would give an id already taken", t->name);
	return (ok);
}

/* Move t's identity sequence past its highest id (setval). */
static int
sequence_set(struct move *m, const struct mtable *t)
{
	char	*sql;
	int	 ok;

	if (t->identity[0] == '\0')
		return (1);
	if (asprintf(&sql, "SELECT setval(pg_get_serial_sequence('\"%s\"', "
	    "'%s'), coalesce((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, "
	    "false)", t->name, t->identity, t->identity, t->name) == -1)
		return (0);
	ok = pg_run(m, sql, t->name);
	free(sql);
	return (ok);
}

/* Walking the score log's chain in id order (as audit verify does). */
struct chain_walk {
	char	 prev[CHAIN_HEX];
	int64_t	 last;		/* the last record that held */
	int64_t	 n;		/* records read */
	int	 broken;
	char	 why[256];
};

/*
 * One record: ids follow one another from 1, each prev is the hash
 * before it, each stored hash is score_chain_hash() of the record's
 * fields. 0 when the chain breaks here (w->why says how).
 */
static int
chain_step(struct chain_walk *w, struct chain_rec *rec, const char *stored)
{
	char	 hash[CHAIN_HEX];

	w->n++;
	if (rec->id != w->last + 1) {
		(void)snprintf(w->why, sizeof(w->why), "record %" PRId64
		    " does not follow record %" PRId64, rec->id, w->last);
		return (0);
	}
	if (rec->action == NULL || rec->old == NULL || rec->new == NULL ||
	    rec->prev == NULL || stored == NULL ||
	    strcmp(rec->prev, w->prev) != 0) {
		(void)snprintf(w->why, sizeof(w->why), "record %" PRId64
		    " is not chained to the one before it", rec->id);
		return (0);
	}
	score_chain_hash(rec, hash);
	if (strcmp(hash, stored) != 0) {
		(void)snprintf(w->why, sizeof(w->why), "record %" PRId64
		    ": its hash does not match its fields", rec->id);
		return (0);
	}
	(void)snprintf(w->prev, sizeof(w->prev), "%s", stored);
	w->last = rec->id;
	return (1);
}

static void
chain_init(struct chain_walk *w)
{
	memset(w, 0, sizeof(*w));
	(void)snprintf(w->prev, sizeof(w->prev), "%s", CHAIN_GENESIS);
}

/* The chain on SQLite (ST_SCORE_LOG_ALL); 0 when it cannot be read. */
static int
chain_lite(struct move *m, struct chain_walk *w)
{
	struct chain_rec	 rec;
	sqlite3_stmt		*s;
	int			 rc;

	chain_init(w);
	if (sqlite3_prepare_v2(m->lite, stmt_sql[ST_SCORE_LOG_ALL], -1, &s,
	    NULL) != SQLITE_OK) {
		(void)snprintf(m->why, sizeof(m->why), "score_log: SQLite: "
		    "%s", sqlite3_errmsg(m->lite));
		return (0);
	}
	while (!w->broken && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		rec.id = sqlite3_column_int64(s, 0);
		rec.at = sqlite3_column_int64(s, 1);
		rec.actor = sqlite3_column_int64(s, 2);
		rec.action = (const char *)sqlite3_column_text(s, 3);
		rec.competition = sqlite3_column_int64(s, 4);
		rec.entry = sqlite3_column_int64(s, 5);
		rec.judge = sqlite3_column_int64(s, 6);
		rec.round = sqlite3_column_int(s, 7);
		rec.old = (const char *)sqlite3_column_text(s, 8);
		rec.new = (const char *)sqlite3_column_text(s, 9);
		rec.prev = (const char *)sqlite3_column_text(s, 10);
		w->broken = !chain_step(w, &rec,
		    (const char *)sqlite3_column_text(s, 11));
	}
	sqlite3_finalize(s);
	return (1);
}

static const char *
pg_text(const PGresult *r, int col)
{
	return (PQgetisnull(r, 0, col) ? NULL : PQgetvalue(r, 0, col));
}

/* The chain on PostgreSQL, the same statement's PostgreSQL text. */
static int
chain_pg(struct move *m, struct chain_walk *w)
{
	struct chain_rec	 rec;
	PGresult		*r;
	const char		*sql;
	char			 buf[1024];
	int			 ok = 1;

	chain_init(w);
	if ((sql = sql_pg_text(ST_SCORE_LOG_ALL, buf, sizeof(buf))) == NULL ||
	    !PQsendQuery(m->pg, sql) || !PQsetSingleRowMode(m->pg)) {
		(void)snprintf(m->why, sizeof(m->why), "score_log: %s",
		    pg_msg(m->pg));
		return (0);
	}
	while ((r = PQgetResult(m->pg)) != NULL) {
		if (PQresultStatus(r) == PGRES_SINGLE_TUPLE && !w->broken) {
			rec.id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
			rec.at = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
			rec.actor = strtoll(PQgetvalue(r, 0, 2), NULL, 10);
			rec.action = pg_text(r, 3);
			rec.competition = strtoll(PQgetvalue(r, 0, 4), NULL,
			    10);
			rec.entry = strtoll(PQgetvalue(r, 0, 5), NULL, 10);
			rec.judge = strtoll(PQgetvalue(r, 0, 6), NULL, 10);
			rec.round = atoi(PQgetvalue(r, 0, 7));
			rec.old = pg_text(r, 8);
			rec.new = pg_text(r, 9);
			rec.prev = pg_text(r, 10);
			w->broken = !chain_step(w, &rec, pg_text(r, 11));
		} else if (PQresultStatus(r) != PGRES_SINGLE_TUPLE &&
		    PQresultStatus(r) != PGRES_TUPLES_OK) {
			(void)snprintf(m->why, sizeof(m->why), "score_log: "
			    "%s", pg_msg(m->pg));
			ok = 0;
		}
		PQclear(r);
	}
	return (ok);
}

static void
hex_of(const unsigned char *sum, char out[2 * crypto_hash_sha256_BYTES + 1])
{
	(void)sodium_bin2hex(out, 2 * crypto_hash_sha256_BYTES + 1, sum,
	    crypto_hash_sha256_BYTES);
}

/*
 * Verify PostgreSQL against SQLite: each table's row count and sum (the
 * SQLite side's already in t->rows and t->sum when summed is set, else
 * read now), its id sequence, then the score log's chain on both sides.
 * MIGRATE_OK, MIGRATE_DIFFERS (the table named on err) or MIGRATE_FAILED
 * (why set).
 */
static enum migrate_result
verify(struct move *m, int summed)
{
	struct chain_walk	 lw, pw;
	struct mtable		*t;
	unsigned char		 sum[crypto_hash_sha256_BYTES];
	char			 a[2 * crypto_hash_sha256_BYTES + 1];
	char			 b[2 * crypto_hash_sha256_BYTES + 1];
	int64_t			 rows;
	int			 i, differ = 0;

	for (i = 0; i < m->nt; i++) {
		t = &m->t[m->order[i]];
		if ((!summed && !lite_pass(m, t, 0)) ||
		    !pg_pass(m, t, &rows, sum))
			return (MIGRATE_FAILED);
		if (rows != t->rows ||
		    memcmp(sum, t->sum, sizeof(sum)) != 0) {
			hex_of(t->sum, a);
			hex_of(sum, b);
			fprintf(m->err, "table %s differs: SQLite %" PRId64
			    " rows, sha256 %s; PostgreSQL %" PRId64 " rows, "
			    "sha256 %s\n", t->name, t->rows, a, rows, b);
			differ = 1;
			continue;
		}
		if (!sequence_ok(m, t)) {
			fprintf(m->err, "%s\n", m->why);
			differ = 1;
		}
	}
	fprintf(m->out, "verified: %d tables, %" PRId64 " rows%s\n", m->nt,
	    m->rows, differ ? " — NOT equal" : ": row counts and sha256 "
	    "checksums equal");
	if (!chain_lite(m, &lw) || !chain_pg(m, &pw))
		return (MIGRATE_FAILED);
	if (pw.broken || pw.n != lw.n) {
		fprintf(m->err, "table score_log differs: its hash chain on "
		    "PostgreSQL breaks: %s (%" PRId64 " records; SQLite "
		    "%" PRId64 ")\n", pw.broken ? pw.why : "a record count "
		    "that differs", pw.n, lw.n);
		differ = 1;
	} else if (lw.broken) {
		fprintf(m->err, "the score log's chain was already broken in "
		    "SQLite: %s (yujiang-admin audit verify says more)\n",
		    lw.why);
		differ = 1;
	} else
		fprintf(m->out, "score log: %" PRId64 " records, the hash "
		    "chain recomputed on PostgreSQL holds\n", pw.n);
	return (differ ? MIGRATE_DIFFERS : MIGRATE_OK);
}

/*
 * The names among SQLite's tables (and schema_version) that the target
 * already has, as one line in found; 0 when there are none.
 */
static int
target_has_tables(struct move *m, char *found, size_t sz)
{
	sqlite3_stmt	*s;
	PGresult	*r;
	const char	*arg[1];
	int		 n = 0;

	found[0] = '\0';
	if (sqlite3_prepare_v2(m->lite, "SELECT 'schema_version' UNION "
	    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND "
	    "type IN ('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' "
	    "ESCAPE '\\'", -1, &s, NULL) != SQLITE_OK)
		return (-1);
	while (sqlite3_step(s) == SQLITE_ROW) {
		arg[0] = (const char *)sqlite3_column_text(s, 0);
		if ((r = pg_rows(m, "SELECT to_regclass(quote_ident($1)) "
		    "IS NOT NULL", 1, arg)) == NULL) {
			sqlite3_finalize(s);
			return (-1);
		}
		if (strcmp(PQgetvalue(r, 0, 0), "t") == 0 && n++ < 6)
			list_add(found, sz, n < 6 ? arg[0] : "…");
		PQclear(r);
	}
	sqlite3_finalize(s);
	return (n > 0);
}

/* Empty every table the schema gave rows of its own, in one command. */
static int
truncate_all(struct move *m)
{
	struct mbuf	 b = { 0 };
	char		 q[NAME_SZ + 4];
	int		 i, ok;

	ok = mbuf_add(&b, "TRUNCATE ", 9);
	for (i = 0; ok && i < m->nt; i++) {
		(void)snprintf(q, sizeof(q), "%s\"%s\"", i ? ", " : "",
		    m->t[i].name);
		ok = mbuf_add(&b, q, strlen(q));
	}
	ok = ok && pg_run(m, b.p, "truncate");
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
	PQfinish(m->pg);
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
	if (v > db_schema_latest() || pg_schema_latest() != v) {
		(void)snprintf(m->why, sizeof(m->why), "%s is at schema "
		    "version %d; this program knows %d (SQLite) and %d "
		    "(PostgreSQL): use the program that made it", sqlite_path,
		    v, db_schema_latest(), pg_schema_latest());
		return (MIGRATE_REFUSED);
	}
	if (!pg_open(m, dsn))
		return (MIGRATE_FAILED);
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
	int			 i, v, has;

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
	if (!pg_run(&m, "BEGIN; " PG_WRITER_LOCK_SQL, "begin"))
		goto done;
	if ((has = target_has_tables(&m, found, sizeof(found))) != 0) {
		if (has > 0) {
			(void)snprintf(m.why, sizeof(m.why), "the PostgreSQL "
			    "database is not empty: it has Yujiang's tables "
			    "(%s). migrate-to copies into an empty database "
			    "only; nothing was changed", found);
			res = MIGRATE_REFUSED;
		}
		goto done;
	}
	if ((v = pg_schema_apply(m.pg, 1, m.why, sizeof(m.why))) < 0)
		goto done;
	fprintf(out, "schema: PostgreSQL at version %d\n", v);
	if (!catalog_load(&m) || !tables_match(&m) || !order_tables(&m))
		goto done;
	for (i = 0; i < m.nt; i++) {
		(void)snprintf(sql, sizeof(sql), "ALTER TABLE \"%s\" "
		    "DISABLE TRIGGER USER", m.t[i].name);
		if (!pg_run(&m, sql, m.t[i].name))
			goto done;
	}
	/* The schema's own first rows (the counters' zeros, the
	 * versions) give way to SQLite's. */
	if (!truncate_all(&m))
		goto done;
	for (i = 0; i < m.nt; i++) {
		t = &m.t[m.order[i]];
		if (!copy_table(&m, t))
			goto done;
		m.rows += t->rows;
		fprintf(out, "  %-20s %10" PRId64 " rows\n", t->name,
		    t->rows);
		fflush(out);
	}
	/* Deferred foreign keys checked now: a table with checks pending
	 * cannot be altered. */
	if (!pg_run(&m, "SET CONSTRAINTS ALL IMMEDIATE", "foreign keys"))
		goto done;
	for (i = 0; i < m.nt; i++) {
		(void)snprintf(sql, sizeof(sql), "ALTER TABLE \"%s\" "
		    "ENABLE TRIGGER USER", m.t[i].name);
		if (!pg_run(&m, sql, m.t[i].name) ||
		    !sequence_set(&m, &m.t[i]))
			goto done;
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(out, "copied %d tables, %" PRId64 " rows in %.2f s (%.0f "
	    "rows/s)\n", m.nt, m.rows, secs, secs > 0 ? m.rows / secs : 0.0);
	if ((res = verify(&m, 1)) != MIGRATE_OK)
		goto done;
	res = MIGRATE_FAILED;
	if (!pg_run(&m, "COMMIT", "commit"))
		goto done;
	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(out, "moved and verified in %.2f s (%.0f rows/s), "
	    "committed\n", secs, secs > 0 ? m.rows / secs : 0.0);
	res = MIGRATE_OK;
done:
	if (res != MIGRATE_OK) {
		if (m.why[0] != '\0')
			fprintf(err, "migrate-to: %s\n", m.why);
		if (m.pg != NULL && PQstatus(m.pg) == CONNECTION_OK)
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
	PGresult		*r;
	int			 i, v;

	memset(&m, 0, sizeof(m));
	m.out = out;
	m.err = err;
	if ((res = move_open(&m, sqlite_path, dsn)) != MIGRATE_OK)
		goto done;
	res = MIGRATE_FAILED;
	if (!pg_run(&m, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	    "begin"))
		goto done;
	if ((r = pg_rows(&m, "SELECT CASE WHEN to_regclass('schema_version')"
	    " IS NULL THEN -1 ELSE (SELECT version FROM schema_version) END",
	    0, NULL)) == NULL)
		goto done;
	v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (v != pg_schema_latest()) {
		(void)snprintf(m.why, sizeof(m.why), "the PostgreSQL database "
		    "is at schema version %d, not %d: not a copy of this "
		    "town", v, pg_schema_latest());
		res = MIGRATE_DIFFERS;
		goto done;
	}
	if (!catalog_load(&m) || !tables_match(&m) || !order_tables(&m))
		goto done;
	res = verify(&m, 0);
	for (i = 0; i < m.nt; i++)
		m.rows += m.t[i].rows;
	if (res == MIGRATE_OK)
		fprintf(out, "PostgreSQL holds this town's data: %d tables, "
		    "%" PRId64 " rows\n", m.nt, m.rows);
done:
	if (res != MIGRATE_OK && m.why[0] != '\0')
		fprintf(err, "migrate-check: %s\n", m.why);
	move_free(&m);
	return (res);
}
