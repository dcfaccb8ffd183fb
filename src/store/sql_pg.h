/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_pg.h: the store's statements and schema on PostgreSQL 15 (issue 18;
 * sql_pg.c, schema_pg.c). Only the engine (db.c) and the PostgreSQL
 * tests include it; neither file needs libpq.
 */
#ifndef YJ_SQL_PG_H
#define YJ_SQL_PG_H

#include <stddef.h>

/*
 * The key of the one advisory lock every writing transaction takes first
 * (ST_BEGIN's text on PostgreSQL): writers follow one another as under
 * SQLite's BEGIN IMMEDIATE, so seats and the score log's chain keep their
 * semantics with any number of front ends. The bytes of "Yujiang"
 * (0x59756a69616e67). The lock is the transaction's: COMMIT or ROLLBACK
 * releases it.
 */
#define PG_WRITER_LOCK	"25180372822224487"
#define PG_WRITER_LOCK_SQL \
	"SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")"

/*
 * The PostgreSQL text of statement s: its own text from sql_pg.c's
 * override table when SQLite's is not PostgreSQL's, else stmt_sql[s]
 * translated (?N is $N; a bare ? is $ one past the highest number so
 * far, as SQLite numbers it; the column user, a reserved word, is
 * "user"). The result is the override (static) or buf; NULL when the
 * translation does not fit in sz bytes. ST_BEGIN's text is two commands,
 * "BEGIN; " PG_WRITER_LOCK_SQL: run it with PQexec (the simple protocol
 * takes several commands in one round trip), or as "BEGIN" then
 * PG_WRITER_LOCK_SQL — it cannot be one prepared statement.
 */
const char	*sql_pg_text(enum stmt s, char *buf, size_t sz);

/*
 * Whether statement s ends in RETURNING id on PostgreSQL: its wrapper
 * reads db_last_id() after it, and the engine must keep column 0 of its
 * result row as db_last_id() (left as it is by the statements between,
 * as SQLite's last_insert_rowid(); an INSERT that added no row returns
 * no row and leaves it too).
 */
int		 sql_pg_returns_id(enum stmt s);

/* The number of statements sql_pg.c gives a text of their own. */
int		 sql_pg_overrides(void);

/*
 * The PostgreSQL schema (schema_pg.c): pg_schema_base as SQLite's
 * migrations leave a database at PG_SCHEMA_BASE; schema_pg_migration(v)
 * takes schema_version v to v + 1 (NULL outside PG_SCHEMA_BASE ..
 * schema_pg_latest() - 1). Each is several commands: run it with PQexec.
 */
#define PG_SCHEMA_BASE	22
extern const char *const pg_schema_base;
int		 schema_pg_latest(void);
const char	*schema_pg_migration(int);

#endif
