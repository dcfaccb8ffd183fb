/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_migrate_int.h: what db_migrate.c (the move: both sides opened, the
 * target's catalogue read, the order, the one transaction) shares with
 * db_migrate_copy.c (the rows: read, sent by COPY, summed, verified).
 * Nothing else includes it. db_migrate_copy.c calls nothing of
 * db_migrate.c.
 */
#ifndef YJ_DB_MIGRATE_INT_H
#define YJ_DB_MIGRATE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>

#include "db_migrate.h"

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

/* Append n bytes of p to b (kept NUL-terminated); 0 when out of memory. */
int	db_migrate_buf_add(struct mbuf *, const void *, size_t);
/* name quoted as an identifier (names come from the catalogues). */
void	db_migrate_quoted(char *, size_t, const char *);
/* libpq's last message on c, its newline cut (a static buffer). */
const char	*db_migrate_msg(PGconn *);
/* Run a command on the target; 0 with m->why set ("what: message"). */
int	db_migrate_run(struct move *, const char *, const char *);
/* A query with n text parameters; its rows, or NULL with m->why set. */
PGresult	*db_migrate_rows(struct move *, const char *, int,
		    const char *const *);
/* Append ", " (unless dst is empty), then s, within sz. */
void	db_migrate_list_add(char *, size_t, const char *);
/*
 * Copy table t from SQLite by COPY FROM STDIN in blocks of COPY_BLOCK
 * bytes, counting and summing its rows into t->rows and t->sum as it
 * goes. 0 with m->why set (PostgreSQL's refusal, SQLite's error).
 */
int	db_migrate_copy_table(struct move *, struct mtable *);
/* Move t's identity sequence past its highest id (setval); 0 on failure. */
int	db_migrate_sequence_set(struct move *, const struct mtable *);
/*
 * Verify the target against SQLite: each table's row count and sum (the
 * SQLite side's already in t->rows and t->sum when summed is set, else
 * read now), its id sequence, then the score log's chain recomputed on
 * both sides. MIGRATE_OK, MIGRATE_DIFFERS (the table named on m->err) or
 * MIGRATE_FAILED (m->why set).
 */
enum migrate_result	db_migrate_verify(struct move *, int);

#endif
