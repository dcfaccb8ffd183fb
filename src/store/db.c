/*
 * db.c: the connection, the preparing of sql.c's statement table, and the
 * one mapping of SQLite errors (db_map()). The schema and its migrations
 * are in schema.c. The typed wrappers sit beside it, one file per concern:
 * db_people.c (people, sessions, audit), db_ident.c (identity, codes, the
 * outbox), db_course.c (the catalogue, runs), db_seat.c (seats, rosters),
 * db_train.c (training), db_incub.c (incubation), db_comp.c, db_judge.c,
 * db_result.c, db_scorelog.c (selection), db_cert.c, db_status.c
 * (certificates, their status lists), db_inbox.c, db_privacy.c,
 * db_backup.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "db_int.h"

sqlite3			*db;
static sqlite3_stmt	*stmts[ST__COUNT];
static const char	*prepare_failed;
static void		(*logger)(const char *);


/* Where SQLite errors are reported; NULL (the default) is stderr. */
void
db_set_logger(void (*fn)(const char *))
{
	logger = fn;
}

void
db_log(const char *what, const char *msg)
{
	char	 line[512];

	(void)snprintf(line, sizeof(line), "db: %s: %s", what, msg);
	if (logger != NULL)
		logger(line);
	else
		fprintf(stderr, "%s\n", line);
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
	char	*err = NULL;
	int	 rc, tries;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		db_log(path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		db = NULL;
		return (0);
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_extended_result_codes(db, 1);
	for (tries = 0; tries < 100; tries++) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
		    "PRAGMA synchronous = NORMAL;"
		    "PRAGMA foreign_keys = ON;"
		    "PRAGMA temp_store = MEMORY;", NULL, NULL, &err);
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
 * Prepare every statement of the table (again, if it was prepared).
 * Returns 0 when one fails; its SQL is then in db_prepare_failed().
 */
int
db_prepare(void)
{
	int	 i;

	prepare_failed = NULL;
	for (i = 0; i < ST__COUNT; i++) {
		sqlite3_finalize(stmts[i]);	/* prepared again: no leak */
		stmts[i] = NULL;
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
		return (DB_BUSY);
	default:
		db_log(what, sqlite3_errmsg(db));
		return (DB_ERROR);
	}
}

/* The prepared statement s, reset and with no bindings. */
sqlite3_stmt *
st(enum stmt s)
{
	sqlite3_reset(stmts[s]);
	sqlite3_clear_bindings(stmts[s]);
	return (stmts[s]);
}

enum db_result
db_exec_simple(enum stmt s)
{
	sqlite3_stmt	*q = st(s);
	enum db_result	 r;

	r = db_map(sqlite3_step(q), stmt_sql[s]);
	sqlite3_reset(q);
	return (r);
}


/* Run a count(*) statement with an optional text and integer parameter. */
enum db_result
db_count(enum stmt s, const char *text, int64_t num, int64_t *out)
{
	sqlite3_stmt	*q = st(s);
	int		 rc, i = 1;

	if (text != NULL)
		sqlite3_bind_text(q, i++, text, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(q) >= i)
		sqlite3_bind_int64(q, i, num);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		return (DB_OK);
	}
	sqlite3_reset(q);
	return (db_map(rc, stmt_sql[s]));
}
