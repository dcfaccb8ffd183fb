/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * schema.c: the schema's migrations and the functions that apply them.
 * Migration i takes the database from user_version i to i + 1, each in
 * its own transaction with its version bump. Time is Unix seconds
 * (INTEGER). Tables are STRICT; foreign keys are on. The audit table is
 * append-only: triggers refuse UPDATE and DELETE.
 */
#include <stdio.h>

#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "db_pg.h"
#include "db_sqlite.h"

/*
 * Migration i takes the schema from user_version i to i + 1. Never edit
 * one that has shipped: append a new one, to the last schema_vNN.h.
 * The migrations are written by era, in files included in order inside
 * the one initialiser (tests/upgrade counts them through the includes).
 */
static const char *const migrations[] = {
#include "schema_v01.h"
#include "schema_v12.h"
};

#define MIGRATIONS	((int)(sizeof(migrations) / sizeof(migrations[0])))

int
db_schema_latest(void)
{
	return (MIGRATIONS);
}

/* The schema version of the open database, or -1. */
int
db_schema_version(void)
{
	sqlite3_stmt	*s;
	int		 v = -1;

	if (db_pg_on)
		return (db_pg_schema_version());
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return (-1);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return (v);
}

/*
 * Bring the schema to the latest version, each migration in its own
 * transaction together with its user_version bump. Returns 0 on failure
 * (logged), leaving the database at the last good version. A database
 * newer than this program is refused rather than guessed at.
 */
int
db_migrate(void)
{
	char	*err = NULL;
	char	 bump[64];
	int	 v;

	if (db_pg_on)
		return (db_pg_migrate());
	if ((v = db_schema_version()) < 0) {
		db_log("user_version", sqlite3_errmsg(db));
		return (0);
	}
	if (v > MIGRATIONS) {
		db_log("migrate", "database is newer than this program");
		return (0);
	}
	for (; v < MIGRATIONS; v++) {
		(void)snprintf(bump, sizeof(bump), "PRAGMA user_version = %d;",
		    v + 1);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
		    &err) != SQLITE_OK ||
		    sqlite3_exec(db, migrations[v], NULL, NULL,
		    &err) != SQLITE_OK ||
		    sqlite3_exec(db, bump, NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
			db_log("migrate", err ? err : "?");
			sqlite3_free(err);
			(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return (0);
		}
	}
	return (1);
}
