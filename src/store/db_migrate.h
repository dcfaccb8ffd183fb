/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_migrate.h: moving a town's SQLite database into an empty PostgreSQL
 * database, and checking such a copy (issue 18; db_migrate.c). Used by
 * `yujiang-admin migrate-to` and `migrate-check`.
 */
#ifndef YJ_DB_MIGRATE_H
#define YJ_DB_MIGRATE_H

#include <stdio.h>

/* What a move or a check came to (yujiang-admin's exit status). */
enum migrate_result {
	MIGRATE_OK = 0,		/* copied (or checked) and verified equal */
	MIGRATE_REFUSED = 1,	/* nothing done: not empty, old schema, … */
	MIGRATE_FAILED = 3,	/* a step failed: PostgreSQL left as before */
	MIGRATE_DIFFERS = 4,	/* verification found a table that differs */
};

/*
 * Copy the SQLite database at sqlite_path into the PostgreSQL database
 * dsn names, whose schema must hold no table, view or sequence, and
 * verify the copy: the SQLite file is opened read-only and read in one
 * read transaction (one consistent snapshot, even while a server writes
 * to it); on PostgreSQL everything — the schema (the engine's own
 * migration, db_pg_migrate_within()), every table's rows by COPY with
 * their ids, the identity sequences moved past the
 * highest ids, the verification (row counts, a SHA-256 of each table's
 * rows in primary-key order, the score log's hash chain recomputed) —
 * happens in one transaction under the writers' lock, committed only
 * when all of it holds: otherwise the database is left as it was.
 * Progress and the figures go to out, the reason for a failure to err
 * (the table that differs, PostgreSQL's own message). Never prints the
 * DSN (it may hold a password).
 */
enum migrate_result	db_migrate_to(const char *sqlite_path,
			    const char *dsn, FILE *out, FILE *err);

/*
 * Verify an earlier move without writing anything: the same row counts,
 * checksums and chain as db_migrate_to() checks, comparing the SQLite
 * database at sqlite_path (read-only, one snapshot) with the PostgreSQL
 * one (one read-only REPEATABLE READ snapshot). MIGRATE_DIFFERS names
 * the first table that differs: after a move, a server writing to either
 * side makes them differ too.
 */
enum migrate_result	db_migrate_check(const char *sqlite_path,
			    const char *dsn, FILE *out, FILE *err);

#endif
