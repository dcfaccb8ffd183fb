/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_migrate_copy.c: the rows of a move (db_migrate.c's comment says the
 * whole): each table read from SQLite in key order, sent to PostgreSQL by
 * COPY in bounded blocks, counted and summed on both sides, the id
 * sequences checked and the score log's chain recomputed.
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
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"
#include "db_migrate_int.h"
#include "score.h"
#include "sql_pg.h"

int
db_migrate_buf_add(struct mbuf *b, const void *p, size_t n)
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
void
db_migrate_quoted(char *dst, size_t sz, const char *name)
{
	(void)snprintf(dst, sz, "\"%s\"", name);
}

/* The message of a failed PostgreSQL call, its trailing newline cut. */
const char *
db_migrate_msg(PGconn *c)
{
	static char	 msg[768];

	(void)snprintf(msg, sizeof(msg), "%s", PQerrorMessage(c));
	msg[strcspn(msg, "\n")] = '\0';
	return (msg);
}

/* Run a command on PostgreSQL; 0 with why set when it fails. */
int
db_migrate_run(struct move *m, const char *sql, const char *what)
{
	PGresult	*r = PQexec(m->pg, sql);
	int		 ok;

	ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		(void)snprintf(m->why, sizeof(m->why), "%s: %s", what,
		    db_migrate_msg(m->pg));
	PQclear(r);
	return (ok);
}

/* A query with text parameters; NULL (why set) unless it gave rows. */
PGresult *
db_migrate_rows(struct move *m, const char *sql, int n, const char *const *args)
{
	PGresult	*r;

	r = PQexecParams(m->pg, sql, n, NULL, args, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		(void)snprintf(m->why, sizeof(m->why), "%s",
		    db_migrate_msg(m->pg));
		PQclear(r);
		return (NULL);
	}
	return (r);
}


/* Append ", " unless at the start, then s. */
void
db_migrate_list_add(char *dst, size_t sz, const char *s)
{
	size_t	 n = strlen(dst);

	(void)snprintf(dst + n, sz - n, "%s%s", n ? ", " : "", s);
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
		if (!db_migrate_buf_add(tmp, num, strlen(num)))
			return (-1);
		break;
	case SQLITE_FLOAT:
		(void)snprintf(num, sizeof(num), "%.17g",
		    sqlite3_column_double(s, i));
		if (!db_migrate_buf_add(tmp, num, strlen(num)))
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
		if (!db_migrate_buf_add(tmp, "\\x", 2))
			return (-1);
		for (j = 0; j < n; j++)
			if (!db_migrate_buf_add(tmp, &hex[b[j] >> 4], 1) ||
			    !db_migrate_buf_add(tmp, &hex[b[j] & 15], 1))
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
		return (db_migrate_buf_add(b, "\\N", 2));
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
		if (!db_migrate_buf_add(b, p + from, i - from) || !db_migrate_buf_add(b, esc, 2))
			return (0);
		from = i + 1;
	}
	return (db_migrate_buf_add(b, p + from, len - from));
}

/* The column list of t, quoted: "a", "b", ... */
static void
column_list(const struct mtable *t, char *dst, size_t sz)
{
	char	 q[NAME_SZ + 2];
	int	 j;

	dst[0] = '\0';
	for (j = 0; j < t->ncol; j++) {
		db_migrate_quoted(q, sizeof(q), t->col[j].name);
		db_migrate_list_add(dst, sz, q);
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
			if (copy && ((j > 0 && !db_migrate_buf_add(&out, "\t", 1)) ||
			    !copy_value(&out, p, len)))
				goto oom;
		}
		sum_row_end(&h);
		t->rows++;
		if (copy && !db_migrate_buf_add(&out, "\n", 1))
			goto oom;
		if (copy && out.len >= COPY_BLOCK) {
			if (PQputCopyData(m->pg, out.p, (int)out.len) != 1) {
				(void)snprintf(m->why, sizeof(m->why),
				    "table %s: %s", t->name, db_migrate_msg(m->pg));
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
		    t->name, db_migrate_msg(m->pg));
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
int
db_migrate_copy_table(struct move *m, struct mtable *t)
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
		    t->name, db_migrate_msg(m->pg));
		PQclear(r);
		return (0);
	}
	PQclear(r);
	sent = lite_pass(m, t, 1);
	if (PQputCopyEnd(m->pg, sent ? NULL : "the copy stopped") != 1 &&
	    sent) {
		(void)snprintf(m->why, sizeof(m->why), "table %s: %s",
		    t->name, db_migrate_msg(m->pg));
		sent = 0;
	}
	ok = 1;
	while ((r = PQgetResult(m->pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			ok = 0;
			if (sent)	/* else why holds the first cause */
				(void)snprintf(m->why, sizeof(m->why),
				    "table %s: PostgreSQL refused a row: %s",
				    t->name, db_migrate_msg(m->pg));
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
		    t->name, db_migrate_msg(m->pg));
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
			    t->name, db_migrate_msg(m->pg));
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
	db_migrate_quoted(table, sizeof(table), t->name);
	arg[0] = table;
	arg[1] = t->identity;
	if ((r = db_migrate_rows(m, "SELECT pg_get_serial_sequence($1, $2)", 2,
	    arg)) == NULL)
		return (0);
	/* The sequence read as a relation: its next value. */
	ok = asprintf(&sql, "SELECT (SELECT CASE WHEN is_called THEN "
	    "last_value + 1 ELSE last_value END FROM %s) > coalesce((SELECT "
	    "max(\"%s\") FROM \"%s\"), 0)", PQgetvalue(r, 0, 0), t->identity,
	    t->name) != -1;
	PQclear(r);
	if (!ok || (r = db_migrate_rows(m, sql, 0, NULL)) == NULL) {
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
int
db_migrate_sequence_set(struct move *m, const struct mtable *t)
{
	char	*sql;
	int	 ok;

	if (t->identity[0] == '\0')
		return (1);
	if (asprintf(&sql, "SELECT setval(pg_get_serial_sequence('\"%s\"', "
	    "'%s'), coalesce((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, "
	    "false)", t->name, t->identity, t->identity, t->name) == -1)
		return (0);
	ok = db_migrate_run(m, sql, t->name);
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
		    db_migrate_msg(m->pg));
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
			    "%s", db_migrate_msg(m->pg));
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
enum migrate_result
db_migrate_verify(struct move *m, int summed)
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
		if (!summed)
			m->rows += t->rows;
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
