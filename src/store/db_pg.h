/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_pg.h: the PostgreSQL engine behind db.c's seam (db_pg.c). db.c calls
 * these when db_pg_on is set, and only then; nothing but db.c (and the
 * engine's own test, db_migrate.c for migrate-to, and db_backup.c, which
 * refuses on PostgreSQL) includes this file.
 */
#ifndef YJ_DB_PG_H
#define YJ_DB_PG_H

#include <stdint.h>

#include "db.h"
#include "db_int.h"

/*
 * 1 when db_open() chose PostgreSQL (db_pg_choose()); written by
 * db_open() before any task thread runs, read-only after.
 */
extern int	 db_pg_on;

int		 db_pg_choose(const char *);
int		 db_pg_open(void);
int		 db_pg_attach(void);
int		 db_pg_prepare(const char **);
void		 db_pg_close(void);
void		 db_pg_busy_ms(int);
int		 db_pg_schema_version(void);
int		 db_pg_migrate(void);
int		 db_pg_migrate_within(void);
int		 db_pg_use(const char *);
/* libpq's PGconn (typedef struct pg_conn), without its header here. */
struct pg_conn	*db_pg_conn(void);

struct dbq	*db_pg_st(enum stmt);
void		 db_pg_bind(struct dbq *, int, const char *, int);
void		 db_pg_bind_int64(struct dbq *, int, int64_t);
int		 db_pg_bind_count(struct dbq *);
int64_t		 db_pg_col_int64(struct dbq *, int);
const char	*db_pg_col_text(struct dbq *, int);
const char	*db_pg_sql(struct dbq *);
int64_t		 db_pg_last_id(void);
int64_t		 db_pg_changes(void);
int		 db_pg_in_tx(void);

enum db_result	 db_pg_exec(struct dbq *);
enum db_result	 db_pg_one(struct dbq *, db_row_fn *, void *);
enum db_result	 db_pg_each(struct dbq *, db_rows_fn *, void *);

/*
 * Replace statement s's text on the calling thread's connection (until it
 * closes): the engine's test and the benchmark run their own statements
 * through the seam. 0 when out of memory.
 */
int		 db_pg_text_set(enum stmt, const char *);

#endif
