/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_pg.c: the PostgreSQL engine behind the store's seam (db.c, db_int.h),
 * through libpq, synchronously: every handler calls the store and waits
 * for its answer, on PostgreSQL as on SQLite (Kore's asynchronous pgsql
 * is not used; a statement here is a round trip to the server, well under
 * a millisecond over its unix socket).
 *
 * The choice (db_pg_choose()): YUJIANG_DB=postgresql://... in the
 * environment, or else that URI on the first line of a file `database` in
 * the data directory, beside where yujiang.db would be (mode 0600 when it
 * holds a password); neither: SQLite, as before.
 *
 * Like SQLite's, the connection is the calling thread's own (a worker's
 * event loop; each task thread that attached), and so are its statements:
 * a struct dbq per statement of sql.c's table, holding its parameters as
 * text, prepared on the server under the name "s<N>" (N its enum) the
 * first time it runs on the connection, or all at once by db_prepare()
 * when a worker starts (fail at boot, not at a request). Its result is
 * read whole (PQexecPrepared) and its rows walked by db.c's loops.
 *
 * SQLite's semantics kept:
 *  - a writer's BEGIN (ST_BEGIN) is `BEGIN` plus one transaction-scoped
 *    advisory lock, PG_WRITER_LOCK (sql_pg.h): writers are served one after the
 *    other, as BEGIN IMMEDIATE serves them; readers never wait;
 *  - ST_BEGIN_READ reads one snapshot (REPEATABLE READ), as SQLite's
 *    deferred read transaction does;
 *  - a failed statement inside a transaction fails alone: SQLite leaves
 *    the transaction as it was, and wrappers go on after a DB_CONFLICT
 *    (a code drawn twice is drawn again, a capped channel is skipped).
 *    PostgreSQL would abort the whole transaction, so each INSERT, UPDATE
 *    or DELETE inside one runs under a savepoint, sent in the same round
 *    trip (libpq's pipeline), rolled back to when it fails;
 *  - db_last_id() is the first column of the row the last statement of
 *    sql_pg_returns_id() returned (sql_pg.c ends each insert whose
 *    wrapper asks in `RETURNING id`), left as it is by the others, as
 *    last_insert_rowid(); db_changes() counts the last INSERT, UPDATE or
 *    DELETE;
 *  - waits are bounded: lock_timeout is DB_WAIT_MS, or what db_busy_ms()
 *    sets (DB_LOOP_BUSY_MS on a worker's event loop), and past it the
 *    answer is DB_BUSY; statement_timeout (DB_PG_STATEMENT_MS) bounds
 *    any statement, a runaway query too.
 *
 * Errors are mapped in one place, pg_map(): SQLSTATE class 23 (integrity)
 * is DB_CONFLICT; serialization, deadlock, lock wait and statement
 * timeouts are DB_BUSY; the rest DB_ERROR. The log names the statement
 * and its SQLSTATE, never a parameter or a message that could quote one.
 */
#include <inttypes.h>
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "db.h"
#include "db_int.h"
#include "db_pg.h"
#include "metrics.h"
#include "sql_pg.h"

#define PG_PARAMS		24	/* sql.c's statements use up to ?19 */
#define PG_CONNECT_S		"5"	/* connect_timeout, seconds */
#define DB_PG_STATEMENT_MS	DB_WAIT_MS
#define PG_BOOLOID		16	/* pg_type.h's oid of boolean */
#define PG_TEXT_MAX		65536	/* sql_pg_text()'s longest, and more */

struct dbq {
	enum stmt	 s;
	const char	*text;			/* NULL: not looked up yet */
	char		*own_text;		/* db_pg_text_set()'s copy */
	int		 nparams;		/* the highest $N of text */
	int		 prepared;		/* on this connection */
	int		 dml;			/* INSERT, UPDATE or DELETE */
	char		 name[16];		/* "s<N>" */
	const char	*val[PG_PARAMS];	/* NULL: SQL NULL */
	char		*own[PG_PARAMS];	/* db_bind_text_copy()'s */
	char		 num[PG_PARAMS][24];	/* integers, printed */
	PGresult	*res;			/* the last run's rows */
	int		 row, nrows;
};

int				 db_pg_on;
/* The URI db_pg_choose() found, for every thread's connection. */
static char			 pg_dsn[1024];
/* sql_pg_text()'s text of each statement, made once for all threads. */
static const char		*pg_texts[ST__COUNT];
static pthread_mutex_t		 pg_texts_lock = PTHREAD_MUTEX_INITIALIZER;

static __thread PGconn		*pg;
static __thread struct dbq	*pgq;		/* [ST__COUNT] */
static __thread int		 pg_lock_ms = DB_WAIT_MS;
static __thread int64_t		 pg_last_id, pg_changes;
static __thread int		 pg_last_id_lost;

static enum db_result	 pg_command(const char *, const char *);

static int
is_pg_uri(const char *s)
{
	return (strncmp(s, "postgresql://", 13) == 0 ||
	    strncmp(s, "postgres://", 11) == 0);
}

/*
 * Choose the engine for the database at path (a file in the data
 * directory): YUJIANG_DB, else the first line of the file `database`
 * beside path. 1: PostgreSQL (db_pg_on set, the URI kept), 0: SQLite,
 * -1: a setting that is not a postgresql:// URI (logged: refuse to start
 * rather than quietly open another database).
 */
int
db_pg_choose(const char *path)
{
	char		 file[PATH_MAX], line[sizeof(pg_dsn)];
	const char	*v, *slash;
	FILE		*f;

	db_pg_on = 0;
	line[0] = '\0';
	if ((v = getenv("YUJIANG_DB")) != NULL && *v != '\0')
		(void)snprintf(line, sizeof(line), "%s", v);
	else {
		slash = strrchr(path, '/');
		(void)snprintf(file, sizeof(file), "%.*sdatabase",
		    slash ? (int)(slash - path + 1) : 0, path);
		if ((f = fopen(file, "r")) == NULL)
			return (0);
		if (fgets(line, sizeof(line), f) == NULL)
			line[0] = '\0';
		(void)fclose(f);
		line[strcspn(line, "\r\n")] = '\0';
	}
	if (!is_pg_uri(line)) {
		db_log("YUJIANG_DB or the file database",
		    "not a postgresql:// URI");
		return (-1);
	}
	(void)snprintf(pg_dsn, sizeof(pg_dsn), "%s", line);
	db_pg_on = 1;
	return (1);
}

/* libpq's notices (a WARNING, a NOTICE) are not logged: they may quote data. */
static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* The session's settings, again after a reconnection. */
static int
pg_session(void)
{
	char		 sql[160];
	PGresult	*res;
	int		 ok;

	(void)snprintf(sql, sizeof(sql), "SET client_encoding = 'UTF8'; "
	    "SET lock_timeout = %d; SET statement_timeout = %d",
	    pg_lock_ms, DB_PG_STATEMENT_MS);
	res = PQexec(pg, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		db_log("session settings", PQerrorMessage(pg));
	PQclear(res);
	return (ok);
}

/*
 * Connect the calling thread (db_open() and db_task_attach() on
 * PostgreSQL), waiting at most PG_CONNECT_S. 1, or 0 (logged).
 */
int
db_pg_open(void)
{
	/*
	 * Defaults the URI may override. No GSSAPI encryption: libpq's
	 * probe for Kerberos credentials lists /etc/gss/mech.d
	 * (getdents64), which a worker's seccomp filter does not allow
	 * (strace of a connection over TCP; over a unix socket it never
	 * probes). Nothing else libpq calls is missing from Kore's list
	 * and its pgsql rules (socket, connect, poll, sendto, recvfrom).
	 */
	const char	*keys[] = { "connect_timeout", "application_name",
	    "gssencmode", "dbname", NULL };
	const char	*vals[] = { PG_CONNECT_S, "yujiang", "disable", pg_dsn,
	    NULL };
	int		 i;

	if (pg != NULL)
		db_pg_close();
	pg = PQconnectdbParams(keys, vals, 1);
	if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		db_log("postgresql", pg ? PQerrorMessage(pg) : "out of memory");
		PQfinish(pg);
		pg = NULL;
		return (0);
	}
	PQsetNoticeProcessor(pg, pg_notice, NULL);
	if (!pg_session() ||
	    (pgq = calloc(ST__COUNT, sizeof(*pgq))) == NULL) {
		PQfinish(pg);
		pg = NULL;
		return (0);
	}
	for (i = 0; i < ST__COUNT; i++) {
		pgq[i].s = (enum stmt)i;
		(void)snprintf(pgq[i].name, sizeof(pgq[i].name), "s%d", i);
	}
	pg_last_id = pg_changes = 0;
	pg_last_id_lost = 0;
	return (1);
}

/* A task thread's own connection, kept for its next task (db_task_attach()). */
int
db_pg_attach(void)
{
	return (pg != NULL ? 1 : db_pg_open());
}

/* Drop q's result; its parameters stay bound (as SQLite's reset). */
static void
pg_clear(struct dbq *q)
{
	PQclear(q->res);
	q->res = NULL;
	q->row = q->nrows = 0;
}

/* Drop q's result and parameters. */
static void
pg_reset(struct dbq *q)
{
	int	 i;

	pg_clear(q);
	for (i = 0; i < PG_PARAMS; i++) {
		free(q->own[i]);
		q->own[i] = NULL;
		q->val[i] = NULL;
	}
}

void
db_pg_close(void)
{
	int	 i;

	if (pgq != NULL) {
		for (i = 0; i < ST__COUNT; i++) {
			pg_reset(&pgq[i]);
			free(pgq[i].own_text);
		}
		free(pgq);
		pgq = NULL;
	}
	PQfinish(pg);
	pg = NULL;
	pg_lock_ms = DB_WAIT_MS;
}

/* The lock wait of this thread's connection (db_busy_ms()). */
void
db_pg_busy_ms(int ms)
{
	char		 sql[64];
	PGresult	*res;

	pg_lock_ms = ms;
	if (pg == NULL)
		return;
	(void)snprintf(sql, sizeof(sql), "SET lock_timeout = %d", ms);
	res = PQexec(pg, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		db_log("lock_timeout", PQerrorMessage(pg));
	PQclear(res);
}

/*
 * The one place PostgreSQL's answers become the store's. res NULL: the
 * connection failed. Only class 42's message (the schema: an unknown
 * column, a syntax error) is logged beside the SQLSTATE; other messages
 * can quote a parameter (class 22: 'invalid input syntax ... "张三"').
 */
static enum db_result
pg_map(const PGresult *res, const char *what)
{
	const char	*code, *msg;
	char		 line[300];

	code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (code == NULL) {
		db_log(what, PQstatus(pg) == CONNECTION_OK ?
		    "no answer" : "connection lost");
		metrics_count(MC_DB_ERROR);
		return (DB_ERROR);
	}
	if (strncmp(code, "23", 2) == 0)
		return (DB_CONFLICT);
	if (strcmp(code, "40001") == 0 || strcmp(code, "40P01") == 0 ||
	    strcmp(code, "55P03") == 0 || strcmp(code, "57014") == 0) {
		(void)snprintf(line, sizeof(line), "busy (SQLSTATE %s)", code);
		db_log(what, line);
		metrics_count(MC_DB_BUSY);
		return (DB_BUSY);
	}
	msg = strncmp(code, "42", 2) == 0 ?
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	(void)snprintf(line, sizeof(line), "SQLSTATE %s%s%s", code,
	    msg ? ": " : "", msg ? msg : "");
	db_log(what, line);
	metrics_count(MC_DB_ERROR);
	return (DB_ERROR);
}

/* The highest $N of sql outside quotes. */
static int
count_params(const char *sql)
{
	char	 quote = 0;
	int	 n, max = 0;

	for (; *sql != '\0'; sql++) {
		if (quote != 0) {
			if (*sql == quote)
				quote = 0;
		} else if (*sql == '\'' || *sql == '"')
			quote = *sql;
		else if (*sql == '$' && sql[1] >= '0' && sql[1] <= '9') {
			n = (int)strtol(sql + 1, NULL, 10);
			if (n > max)
				max = n;
		}
	}
	return (max);
}

/* q's parameter count and kind, from its text t. */
static int
pg_kind(struct dbq *q, const char *t)
{
	q->text = t;
	if ((q->nparams = count_params(t)) > PG_PARAMS) {
		db_log(t, "too many parameters");
		q->text = NULL;
		return (0);
	}
	t += strspn(t, " \t\n(");
	q->dml = strncasecmp(t, "INSERT", 6) == 0 ||
	    strncasecmp(t, "UPDATE", 6) == 0 ||
	    strncasecmp(t, "DELETE", 6) == 0 ||
	    strncasecmp(t, "WITH", 4) == 0;
	return (1);
}

/* Statement s's text (sql_pg_text()'s), made once for every thread. */
static const char *
pg_text_of(enum stmt s)
{
	static char	 buf[PG_TEXT_MAX];
	const char	*t;

	pthread_mutex_lock(&pg_texts_lock);
	if ((t = pg_texts[s]) == NULL &&
	    (t = sql_pg_text(s, buf, sizeof(buf))) != NULL)
		t = pg_texts[s] = strdup(t);
	pthread_mutex_unlock(&pg_texts_lock);
	return (t);
}

/* q's text, its parameter count and kind, looked up once. */
static int
pg_text(struct dbq *q)
{
	const char	*t;

	if (q->text != NULL)
		return (1);
	if ((t = pg_text_of(q->s)) == NULL) {
		db_log(stmt_sql[q->s], "no PostgreSQL text");
		return (0);
	}
	return (pg_kind(q, t));
}

int
db_pg_text_set(enum stmt s, const char *sql)
{
	struct dbq	*q = &pgq[s];
	char		*copy, drop[32];

	if ((copy = strdup(sql)) == NULL)
		return (0);
	if (q->prepared) {
		(void)snprintf(drop, sizeof(drop), "DEALLOCATE %s", q->name);
		PQclear(PQexec(pg, drop));
		q->prepared = 0;
	}
	free(q->own_text);
	q->own_text = copy;
	return (pg_kind(q, copy));
}

/* The transaction commands, which run as plain commands, unprepared. */
static int
is_tx_command(enum stmt s)
{
	return (s == ST_BEGIN || s == ST_COMMIT || s == ST_ROLLBACK ||
	    s == ST_BEGIN_READ);
}

/* Prepare q on this connection unless it is. */
static int
pg_prepare(struct dbq *q)
{
	PGresult	*res;
	enum db_result	 r;

	if (q->prepared)
		return (1);
	if (!pg_text(q))
		return (0);
	res = PQprepare(pg, q->name, q->text, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		r = pg_map(res, q->text);
		PQclear(res);
		return (r == DB_OK);
	}
	PQclear(res);
	q->prepared = 1;
	return (1);
}

/*
 * Prepare every statement of the table on this connection, in one round
 * trip (a pipeline). 1, or 0 with *failed the text of one that does not
 * prepare (logged).
 */
int
db_pg_prepare(const char **failed)
{
	PGresult	*res;
	int		 i, sent = 0, nulls = 0, ok = 1, which = -1;
	int		 order[ST__COUNT];

	*failed = NULL;
	if (pg == NULL)
		return (0);
	/* Again (as SQLite allows): every statement is prepared anew and
	 * so checked against the schema as it is now; preparing a name
	 * the connection holds would be refused (42P05). */
	for (i = 0; i < ST__COUNT && !pgq[i].prepared; i++)
		continue;
	if (i < ST__COUNT) {
		if (pg_command("DEALLOCATE ALL", "prepare") != DB_OK)
			return (0);
		for (i = 0; i < ST__COUNT; i++)
			pgq[i].prepared = 0;
	}
	if (!PQenterPipelineMode(pg)) {
		db_log("prepare", PQerrorMessage(pg));
		return (0);
	}
	for (i = 0; i < ST__COUNT; i++) {
		if (is_tx_command((enum stmt)i))
			continue;
		if (!pg_text(&pgq[i])) {
			*failed = stmt_sql[i];
			ok = 0;
			break;
		}
		if (!PQsendPrepare(pg, pgq[i].name, pgq[i].text, 0, NULL)) {
			ok = 0;
			break;
		}
		order[sent++] = i;
	}
	if (!PQpipelineSync(pg))
		ok = 0;
	/* Each prepare answers one result and a NULL; then the sync. */
	for (;;) {
		if ((res = PQgetResult(pg)) == NULL) {
			if (++nulls > sent)
				break;	/* the connection failed */
			continue;
		}
		if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		which = nulls;
		if (PQresultStatus(res) == PGRES_COMMAND_OK && which < sent)
			pgq[order[which]].prepared = 1;
		else if (ok && which < sent) {
			ok = 0;
			if (PQresultStatus(res) == PGRES_FATAL_ERROR) {
				*failed = pgq[order[which]].text;
				(void)pg_map(res, *failed);
			}
		}
		PQclear(res);
	}
	if (!PQexitPipelineMode(pg))
		ok = 0;
	if (!ok && *failed == NULL)
		*failed = "(the connection)";
	return (ok);
}

/*
 * The connection of this thread, reconnected when the server dropped it
 * between transactions (a restart of PostgreSQL does not need one of
 * Kore): its statements are prepared again as they run.
 */
static int
pg_ready(void)
{
	int	 i;

	if (pg == NULL) {
		db_log("postgresql", "no connection on this thread");
		return (0);
	}
	if (PQstatus(pg) == CONNECTION_OK)
		return (1);
	PQreset(pg);
	if (PQstatus(pg) != CONNECTION_OK || !pg_session()) {
		db_log("postgresql", "connection lost");
		return (0);
	}
	db_log("postgresql", "reconnected");
	for (i = 0; i < ST__COUNT; i++)
		pgq[i].prepared = 0;
	return (1);
}

struct dbq *
db_pg_st(enum stmt s)
{
	pg_reset(&pgq[s]);
	return (&pgq[s]);
}

/* Parameter i (from 1) of q: v as text (NULL: SQL NULL); copy: keep one. */
void
db_pg_bind(struct dbq *q, int i, const char *v, int copy)
{
	if (i < 1 || i > PG_PARAMS) {
		db_log(q->text ? q->text : stmt_sql[q->s], "no such parameter");
		return;
	}
	free(q->own[i - 1]);
	q->own[i - 1] = NULL;
	if (copy && v != NULL && (v = q->own[i - 1] = strdup(v)) == NULL)
		db_log(stmt_sql[q->s], "out of memory: bound as NULL");
	q->val[i - 1] = v;
}

void
db_pg_bind_int64(struct dbq *q, int i, int64_t v)
{
	if (i < 1 || i > PG_PARAMS) {
		db_pg_bind(q, i, NULL, 0);
		return;
	}
	(void)snprintf(q->num[i - 1], sizeof(q->num[i - 1]), "%" PRId64, v);
	db_pg_bind(q, i, q->num[i - 1], 0);
}

int
db_pg_bind_count(struct dbq *q)
{
	return (pg_text(q) ? q->nparams : 0);
}

int64_t
db_pg_col_int64(struct dbq *q, int col)
{
	const char	*v;

	if (q->res == NULL || q->row >= q->nrows || col < 0 ||
	    col >= PQnfields(q->res) || PQgetisnull(q->res, q->row, col))
		return (0);
	v = PQgetvalue(q->res, q->row, col);
	if (PQftype(q->res, col) == PG_BOOLOID)
		return (v[0] == 't');		/* SQLite's 1 and 0 */
	return (strtoll(v, NULL, 10));
}

const char *
db_pg_col_text(struct dbq *q, int col)
{
	if (q->res == NULL || q->row >= q->nrows || col < 0 ||
	    col >= PQnfields(q->res) || PQgetisnull(q->res, q->row, col))
		return (NULL);
	return (PQgetvalue(q->res, q->row, col));
}

const char *
db_pg_sql(struct dbq *q)
{
	return (pg_text(q) ? q->text : stmt_sql[q->s]);
}

/*
 * The id the last statement of sql_pg_returns_id() returned. One whose
 * text returned no column (a text set without its RETURNING id) is
 * logged, and 0: a wrong id must not pass for a right one.
 */
int64_t
db_pg_last_id(void)
{
	if (pg_last_id_lost) {
		db_log("db_last_id()", "the last INSERT returned no id "
		    "(its PostgreSQL text needs RETURNING id)");
		return (0);
	}
	return (pg_last_id);
}

int64_t
db_pg_changes(void)
{
	return (pg_changes);
}

int
db_pg_in_tx(void)
{
	PGTransactionStatusType	 t;

	if (pg == NULL)
		return (0);
	t = PQtransactionStatus(pg);	/* UNKNOWN: the connection is lost */
	return (t == PQTRANS_INTRANS || t == PQTRANS_INERROR ||
	    t == PQTRANS_ACTIVE);
}

/* Keep what the command res answered: its rows, changes, last id. */
static void
pg_keep(struct dbq *q, PGresult *res)
{
	const char	*cmd = PQcmdStatus(res);

	q->res = res;
	q->row = 0;
	q->nrows = PQntuples(res);
	if (strncmp(cmd, "INSERT ", 7) == 0 || strncmp(cmd, "UPDATE ", 7) == 0 ||
	    strncmp(cmd, "DELETE ", 7) == 0 || strncmp(cmd, "MERGE ", 6) == 0)
		pg_changes = strtoll(PQcmdTuples(res), NULL, 10);
	if (!sql_pg_returns_id(q->s))
		return;			/* the last id stays */
	if (PQnfields(res) == 0)
		pg_last_id_lost = 1;
	else if (q->nrows > 0) {	/* none: DO NOTHING, last id kept */
		pg_last_id_lost = 0;
		pg_last_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	}
}

/* A plain command on this connection: DB_OK or pg_map()'s answer. */
static enum db_result
pg_command(const char *sql, const char *what)
{
	PGresult	*res = PQexec(pg, sql);
	enum db_result	 r = DB_OK;
	ExecStatusType	 s = PQresultStatus(res);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		r = pg_map(res, what);
	PQclear(res);
	return (r);
}

/*
 * BEGIN (with the writers' lock: two commands, one round trip),
 * BEGIN_READ, COMMIT, ROLLBACK, as plain commands (sql_pg_text()'s). A
 * BEGIN whose lock wait timed out leaves no transaction behind (db_tx()
 * does not roll back a BEGIN that failed); a COMMIT that PostgreSQL
 * turned into a rollback (the transaction had failed) is DB_ERROR.
 */
static enum db_result
pg_tx_command(struct dbq *q)
{
	PGresult	*res;
	enum db_result	 r;

	if (!pg_text(q))
		return (DB_ERROR);
	if (q->s != ST_COMMIT) {
		if ((r = pg_command(q->text, q->text)) != DB_OK &&
		    q->s == ST_BEGIN && PQtransactionStatus(pg) != PQTRANS_IDLE)
			(void)pg_command("ROLLBACK", "ROLLBACK");
		return (r);
	}
	res = PQexec(pg, q->text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		r = pg_map(res, q->text);
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		db_log(q->text, "the transaction had failed: rolled back");
		metrics_count(MC_DB_ERROR);
		r = DB_ERROR;
	} else
		r = DB_OK;
	PQclear(res);
	return (r);
}

/*
 * Run q inside a transaction under a savepoint, in one round trip:
 * SAVEPOINT, the statement, RELEASE, sent as a pipeline. When q fails,
 * the transaction is brought back to the savepoint, as SQLite leaves it
 * after a failed statement. q's result (its error too), or NULL.
 */
static PGresult *
pg_exec_saved(struct dbq *q)
{
	PGresult	*res, *kept = NULL;
	int		 nulls = 0, sent;

	if (!PQenterPipelineMode(pg))
		return (NULL);
	sent = PQsendQueryParams(pg, "SAVEPOINT yj", 0, NULL, NULL, NULL,
	    NULL, 0) && PQsendQueryPrepared(pg, q->name, q->nparams, q->val,
	    NULL, NULL, 0) && PQsendQueryParams(pg, "RELEASE SAVEPOINT yj",
	    0, NULL, NULL, NULL, NULL, 0) && PQpipelineSync(pg);
	/* Three commands, each a result then NULL; then the sync. */
	for (;;) {
		if ((res = PQgetResult(pg)) == NULL) {
			if (++nulls > 3 || !sent)
				break;
			continue;
		}
		if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (nulls == 1 && kept == NULL)
			kept = res;
		else
			PQclear(res);
	}
	(void)PQexitPipelineMode(pg);
	if (kept == NULL || PQresultStatus(kept) == PGRES_FATAL_ERROR ||
	    PQresultStatus(kept) == PGRES_PIPELINE_ABORTED)
		(void)pg_command("ROLLBACK TO SAVEPOINT yj; "
		    "RELEASE SAVEPOINT yj", "ROLLBACK TO SAVEPOINT");
	return (kept);
}

/* Run q; its rows are in q->res (DB_OK), or pg_map()'s answer. */
static enum db_result
pg_run(struct dbq *q)
{
	PGresult	*res;
	ExecStatusType	 s;
	enum db_result	 r;

	pg_clear(q);
	if (!pg_ready())
		return (DB_ERROR);
	if (is_tx_command(q->s))
		return (pg_tx_command(q));
	if (!pg_prepare(q))
		return (DB_ERROR);
	if (q->dml && PQtransactionStatus(pg) == PQTRANS_INTRANS)
		res = pg_exec_saved(q);
	else
		res = PQexecPrepared(pg, q->name, q->nparams, q->val, NULL,
		    NULL, 0);
	s = PQresultStatus(res);
	if (res != NULL && (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK)) {
		pg_keep(q, res);
		return (DB_OK);
	}
	r = pg_map(res, q->text);
	PQclear(res);
	return (r);
}

enum db_result
db_pg_exec(struct dbq *q)
{
	enum db_result	 r = pg_run(q);

	pg_clear(q);
	return (r);
}

enum db_result
db_pg_one(struct dbq *q, db_row_fn *fn, void *arg)
{
	enum db_result	 r;

	if ((r = pg_run(q)) == DB_OK) {
		if (q->nrows == 0)
			r = DB_NOTFOUND;
		else if (fn != NULL)
			fn(q, arg);
	}
	pg_clear(q);
	return (r);
}

enum db_result
db_pg_each(struct dbq *q, db_rows_fn *fn, void *arg)
{
	enum db_result	 r;
	int		 go;

	if ((r = pg_run(q)) != DB_OK)
		return (r);
	for (q->row = 0; q->row < q->nrows; q->row++)
		if ((go = fn(q, arg)) <= 0) {
			if (go < 0) {
				db_log(q->text, "a row was not kept");
				r = DB_ERROR;
			}
			break;
		}
	pg_clear(q);
	return (r);
}

/* The first column of sql's first row as an integer; -1 when it fails. */
static int64_t
pg_value(const char *sql)
{
	PGresult	*res = PQexec(pg, sql);
	int64_t		 v = -1;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
		v = PQgetisnull(res, 0, 0) ? 0 :
		    strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		(void)pg_map(res, sql);
	PQclear(res);
	return (v);
}

/*
 * The version in schema_version, 0 when the table does not exist (an
 * empty database), -1 on failure. Two queries: PostgreSQL resolves every
 * table a statement names when it parses it, even in a branch never
 * taken, so one statement naming schema_version fails without it.
 */
static int64_t
pg_version(void)
{
	int64_t	 has;

	if ((has = pg_value("SELECT (to_regclass('schema_version') IS NOT "
	    "NULL)::int")) <= 0)
		return (has);
	return (pg_value("SELECT version FROM schema_version"));
}

/*
 * The schema version of the database (db_schema_version()): its
 * schema_version, 0 for a database without one (empty), -1 on failure.
 */
int
db_pg_schema_version(void)
{
	if (!pg_ready())
		return (-1);
	return ((int)pg_version());
}

/*
 * One step of the migration: sql, then (to > 0) the version bump, then
 * COMMIT unless within the caller's transaction.
 */
static enum db_result
pg_migrate_step(const char *sql, int to, int within)
{
	char		 bump[64];
	enum db_result	 r;

	if ((r = pg_command(sql, "migrate")) != DB_OK)
		return (r);
	if (to > 0) {
		(void)snprintf(bump, sizeof(bump),
		    "UPDATE schema_version SET version = %d", to);
		if ((r = pg_command(bump, "migrate")) != DB_OK)
			return (r);
	}
	return (within ? DB_OK : pg_command("COMMIT", "migrate"));
}

/*
 * db_pg_migrate()'s loop. within 0: each step its own transaction (begun
 * here with the writers' lock); within 1: every step inside the caller's
 * transaction, nothing committed or rolled back here.
 */
static int
pg_migrate_run(int within)
{
	const char	*begin = "BEGIN; " PG_WRITER_LOCK_SQL
	    "; SET LOCAL statement_timeout = 0";
	int64_t		 v;
	int		 latest = schema_pg_latest();

	if (!pg_ready())
		return (0);
	if (within && pg_command("SET LOCAL statement_timeout = 0",
	    "migrate") != DB_OK)
		return (0);
	for (;;) {
		if (!within && pg_command(begin, "migrate") != DB_OK)
			return (0);
		if ((v = pg_version()) < 0)
			break;
		if (v > latest) {
			db_log("migrate", "database is newer than this program");
			break;
		}
		if (v == latest) {
			if (!within)
				(void)pg_command("COMMIT", "migrate");
			return (1);
		}
		if (v == 0 && pg_migrate_step(pg_schema_base, 0,
		    within) == DB_OK)
			continue;
		if (v >= PG_SCHEMA_BASE && schema_pg_migration((int)v) != NULL &&
		    pg_migrate_step(schema_pg_migration((int)v),
		    (int)v + 1, within) == DB_OK)
			continue;
		if (v > 0 && v < PG_SCHEMA_BASE)
			db_log("migrate", "a schema older than the base");
		break;
	}
	if (!within && PQtransactionStatus(pg) != PQTRANS_IDLE)
		(void)pg_command("ROLLBACK", "ROLLBACK");
	return (0);
}

/*
 * Bring the PostgreSQL schema to the latest version (db_migrate()), as
 * schema_pg.c says: an empty database gets pg_schema_base (SQLite's
 * schema at PG_SCHEMA_BASE), then each later migration in its own
 * transaction with its version bump, under the writers' lock (two front
 * ends starting at once migrate one after the other), without the
 * statement timeout (a migration of a large town may take long). A
 * database newer than this program is refused. 1, or 0 (logged).
 */
int
db_pg_migrate(void)
{
	return (pg_migrate_run(0));
}

/*
 * The same steps as db_pg_migrate(), inside the transaction the caller
 * has begun on this thread's connection with the writers' lock (BEGIN;
 * PG_WRITER_LOCK_SQL), none committed: `yujiang-admin migrate-to` lays
 * the schema and the town's rows all or nothing. 1, or 0 (logged; the
 * caller rolls back).
 */
int
db_pg_migrate_within(void)
{
	return (pg_migrate_run(1));
}

/*
 * Use dsn for this process's connections, whatever YUJIANG_DB or the file
 * database say (yujiang-admin migrate-to names its target on the command
 * line); db_pg_open() then connects. 0 when dsn is not a postgresql://
 * URI or too long.
 */
int
db_pg_use(const char *dsn)
{
	if (!is_pg_uri(dsn) || strlen(dsn) >= sizeof(pg_dsn))
		return (0);
	(void)snprintf(pg_dsn, sizeof(pg_dsn), "%s", dsn);
	db_pg_on = 1;
	return (1);
}

/*
 * The calling thread's libpq connection, NULL when it has none: for the
 * one caller the seam has no form for, migrate-to's COPY (db_migrate.c).
 */
PGconn *
db_pg_conn(void)
{
	return (pg);
}
