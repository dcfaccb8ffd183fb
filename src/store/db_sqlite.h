/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_sqlite.h: the SQLite engine's own names, for the files that are
 * SQLite's alone: db.c (the engine behind the seam), schema.c (its
 * migrations), db_backup.c (the online backup) and db_bench.c (the bulk
 * fill of the town-scale data set). No wrapper (db_*.c) includes it.
 */
#ifndef YJ_DB_SQLITE_H
#define YJ_DB_SQLITE_H

#include <sqlite3.h>

extern __thread sqlite3	*db;	/* this thread's connection */

/* On SQLite a struct dbq is the engine's statement. */
#define SQ(q)	((sqlite3_stmt *)(q))

#endif
