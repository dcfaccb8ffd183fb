/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_log.c: where the store reports what went wrong, for both engines
 * (db.c's SQLite, db_pg.c's PostgreSQL), in a file of its own so that
 * neither engine calls the other's. The caller names the statement and
 * the engine's code; never a parameter (personal data).
 */
#include <stdio.h>

#include "db.h"
#include "db_int.h"

/* Set before any task thread runs (a worker's start), read-only after. */
static void	(*logger)(const char *);

/* Where the store's errors are reported; NULL (the default) is stderr. */
void
db_set_logger(void (*fn)(const char *))
{
	logger = fn;
}

/* One line "db: what: msg" to the logger. */
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
