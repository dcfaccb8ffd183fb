/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * schema_pg.h: applying the PostgreSQL schema (schema_pg.c) through
 * libpq, for every program that makes or upgrades a PostgreSQL database:
 * the engine, `yujiang-admin migrate-to` (db_migrate.c) and the tests'
 * tests/pg/pgprep.c. The texts themselves are declared in sql_pg.h.
 */
#ifndef YJ_SCHEMA_PG_H
#define YJ_SCHEMA_PG_H

#include <stddef.h>

#include <libpq-fe.h>

/*
 * Bring the database c is connected to up to pg_schema_latest(), by the
 * procedure schema_pg.c's opening comment gives: pg_schema_base when
 * there is no schema_version table, then each later migration, bumping
 * schema_version. in_tx 0: each step is a transaction of its own under
 * the writers' advisory lock (BEGIN; PG_WRITER_LOCK_SQL ... COMMIT), as
 * at a server's start. in_tx 1: the caller has begun a transaction and
 * taken that lock, and every step runs inside it, committed or rolled
 * back by the caller (migrate-to: all or nothing). Returns the version
 * reached; -1 with PostgreSQL's message (or the reason: a database newer
 * than this program) in err when a step fails, the failed step's own
 * transaction rolled back when in_tx is 0.
 */
int	pg_schema_apply(PGconn *c, int in_tx, char *err, size_t errsz);

#endif
