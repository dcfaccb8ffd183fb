/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_backup.c: `yujiang-admin backup` in the store — a copy of the whole
 * database taken while the server keeps writing, checked before it is
 * put where it was asked for.
 *
 * Why one read transaction: SQLite's online backup, stepped a few pages
 * at a time, starts again from the first page whenever another
 * connection writes, so under steady writes it never finished (issue 12:
 * a 160 MB database, killed after 175 s). Holding a read transaction on
 * the source pins one snapshot (a WAL read mark): the backup copies that
 * snapshot in one step, writers go on meanwhile (WAL readers never block
 * them), and nothing they do can restart it. `VACUUM INTO` would also be
 * one snapshot, but SQLite 3.40 refuses it inside a transaction, and the
 * row counts the copy is checked against must come from the very same
 * snapshot.
 *
 * The SQL here is not in the statement table: it names whatever tables
 * the schema holds (read from sqlite_schema) and half of it runs on the
 * copy's own connection.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "db_int.h"
#include "db_pg.h"
#include "db_sqlite.h"

struct snap_table {
	char	*name;
	int64_t	 rows;
};

struct snap {
	struct snap_table	*t;
	int			 n;
	int			 schema;
};

static void	fail(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	snap_read(sqlite3 *, struct snap *, int, char *, size_t);
static void	snap_free(struct snap *);
static int	one_int(sqlite3 *, const char *, int64_t *);
static int	copy_snapshot(const char *, struct snap *, char *, size_t);
static int	copy_check(const char *, const struct snap *, char *, size_t);
static int	sync_path(const char *, int);
static void	remove_temp(const char *);

static void
fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	(void)vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* The single integer the query answers into out; 0 on any failure. */
static int
one_int(sqlite3 *c, const char *sql, int64_t *out)
{
	sqlite3_stmt	*s;
	int		 ok = 0;

	if (sqlite3_prepare_v2(c, sql, -1, &s, NULL) != SQLITE_OK)
		return (0);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		ok = 1;
	}
	sqlite3_finalize(s);
	return (ok);
}

static void
snap_free(struct snap *sn)
{
	int	 i;

	for (i = 0; i < sn->n; i++)
		free(sn->t[i].name);
	free(sn->t);
	memset(sn, 0, sizeof(*sn));
}

/*
 * Read c's schema version, its tables and each one's row count into sn
 * (freed with snap_free, also after a failure). With counted set, the
 * counts are only filled in: the tables must be the ones already in sn,
 * in the same order (how the copy is compared with the snapshot). 0 on
 * failure, with the reason in err.
 */
static int
snap_read(sqlite3 *c, struct snap *sn, int counted, char *err, size_t errsz)
{
	sqlite3_stmt	*s;
	char		*sql;
	int64_t		 v, rows;
	int		 i, rc, n = 0;
	void		*grown;

	if (sqlite3_prepare_v2(c, "SELECT name FROM sqlite_schema WHERE "
	    "type = 'table' ORDER BY name", -1, &s, NULL) != SQLITE_OK)
		return (fail(err, errsz, "schema: %s", sqlite3_errmsg(c)), 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		if (counted) {
			if (n >= sn->n || strcmp(sn->t[n].name, name) != 0)
				break;
			n++;
			continue;
		}
		if ((grown = realloc(sn->t, (sn->n + 1) *
		    sizeof(*sn->t))) == NULL) {
			sqlite3_finalize(s);
			return (fail(err, errsz, "out of memory"), 0);
		}
		sn->t = grown;
		sn->t[sn->n].rows = -1;
		if ((sn->t[sn->n].name = strdup(name)) == NULL) {
			sqlite3_finalize(s);
			return (fail(err, errsz, "out of memory"), 0);
		}
		sn->n++;
	}
	sqlite3_finalize(s);
	if (counted && (rc != SQLITE_DONE || n != sn->n))
		return (fail(err, errsz, "the copy's tables differ from the "
		    "database's"), 0);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return (fail(err, errsz, "schema: %s", sqlite3_errmsg(c)), 0);
	if (!one_int(c, "PRAGMA user_version", &v))
		return (fail(err, errsz, "user_version: %s",
		    sqlite3_errmsg(c)), 0);
	if (counted && v != sn->schema)
		return (fail(err, errsz, "the copy has schema version %lld, "
		    "the database %d", (long long)v, sn->schema), 0);
	sn->schema = (int)v;
	for (i = 0; i < sn->n; i++) {
		if ((sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"",
		    sn->t[i].name)) == NULL)
			return (fail(err, errsz, "out of memory"), 0);
		rc = one_int(c, sql, &rows);
		sqlite3_free(sql);
		if (!rc)
			return (fail(err, errsz, "count %s: %s", sn->t[i].name,
			    sqlite3_errmsg(c)), 0);
		if (counted && rows != sn->t[i].rows)
			return (fail(err, errsz, "table %s has %lld rows in the "
			    "copy, %lld in the database", sn->t[i].name,
			    (long long)rows, (long long)sn->t[i].rows), 0);
		sn->t[i].rows = rows;
	}
	return (1);
}

/*
 * In one read transaction on the open database: take the snapshot's
 * facts into sn and copy that snapshot, page by page, into the (empty)
 * file tmp. 0 on failure, with the reason in err.
 */
static int
copy_snapshot(const char *tmp, struct snap *sn, char *err, size_t errsz)
{
	sqlite3		*out = NULL;
	sqlite3_backup	*b;
	int		 rc, ok = 0;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return (fail(err, errsz, "begin: %s", sqlite3_errmsg(db)), 0);
	/* The first read below starts the snapshot; all else sees it. */
	if (!snap_read(db, sn, 0, err, errsz))
		goto done;
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK) {
		fail(err, errsz, "%s: %s", tmp,
		    out ? sqlite3_errmsg(out) : "out of memory");
		goto done;
	}
	if ((b = sqlite3_backup_init(out, "main", db, "main")) == NULL) {
		fail(err, errsz, "copy: %s", sqlite3_errmsg(out));
		goto done;
	}
	/* Every page in one step: the read transaction above is kept. */
	rc = sqlite3_backup_step(b, -1);
	(void)sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		fail(err, errsz, "copy: %s", sqlite3_errstr(rc));
		goto done;
	}
	ok = 1;
done:
	if (out != NULL && sqlite3_close(out) != SQLITE_OK && ok) {
		fail(err, errsz, "%s: cannot close", tmp);
		ok = 0;
	}
	/* Ends the snapshot: the server's checkpoints may pass it again. */
	(void)sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return (ok);
}

/*
 * Open the copy at tmp on its own, make it a single self-contained file
 * (rollback journal: the copy's header says WAL, as the source's does;
 * the server switches a restored copy back when it opens it) and check
 * it: integrity_check, then the schema version, the tables and their
 * row counts against the snapshot sn. 0 on failure, reason in err.
 */
static int
copy_check(const char *tmp, const struct snap *sn, char *err, size_t errsz)
{
	sqlite3		*c = NULL;
	sqlite3_stmt	*s;
	struct snap	 got;
	const char	*r;
	int		 i, ok = 0;

	if (sqlite3_open_v2(tmp, &c, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK) {
		fail(err, errsz, "%s: %s", tmp,
		    c ? sqlite3_errmsg(c) : "out of memory");
		goto done;
	}
	if (sqlite3_exec(c, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		fail(err, errsz, "journal_mode: %s", sqlite3_errmsg(c));
		goto done;
	}
	if (sqlite3_prepare_v2(c, "PRAGMA integrity_check(1)", -1, &s,
	    NULL) != SQLITE_OK) {
		fail(err, errsz, "integrity_check: %s", sqlite3_errmsg(c));
		goto done;
	}
	if (sqlite3_step(s) != SQLITE_ROW ||
	    (r = (const char *)sqlite3_column_text(s, 0)) == NULL ||
	    strcmp(r, "ok") != 0) {
		fail(err, errsz, "integrity_check: %s",
		    sqlite3_column_text(s, 0) != NULL ?
		    (const char *)sqlite3_column_text(s, 0) :
		    sqlite3_errmsg(c));
		sqlite3_finalize(s);
		goto done;
	}
	sqlite3_finalize(s);
	/* A shallow copy of sn's tables: snap_read only compares them. */
	got.t = calloc(sn->n > 0 ? sn->n : 1, sizeof(*got.t));
	if (got.t == NULL) {
		fail(err, errsz, "out of memory");
		goto done;
	}
	got.n = sn->n;
	got.schema = sn->schema;
	for (i = 0; i < sn->n; i++)
		got.t[i] = sn->t[i];
	ok = snap_read(c, &got, 1, err, errsz);
	free(got.t);
done:
	if (c != NULL && sqlite3_close(c) != SQLITE_OK && ok) {
		fail(err, errsz, "%s: cannot close", tmp);
		ok = 0;
	}
	return (ok);
}

/* fsync path (a directory when dir is set); 0 with errno on failure. */
static int
sync_path(const char *path, int dir)
{
	int	 fd, rc;

	if ((fd = open(path, O_RDONLY | (dir ? O_DIRECTORY : 0))) == -1)
		return (0);
	rc = fsync(fd);
	(void)close(fd);
	return (rc == 0);
}

/* The temporary copy and any journal SQLite left beside it. */
static void
remove_temp(const char *tmp)
{
	static const char *const	 ext[] = { "", "-journal", "-wal",
					    "-shm" };
	char				 p[4096 + 16];
	size_t				 i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		(void)snprintf(p, sizeof(p), "%s%s", tmp, ext[i]);
		(void)unlink(p);
	}
}

/*
 * Copy the whole open database to dest while other connections (the
 * server) keep writing: one snapshot, copied in one read transaction
 * into a private (0600) temporary file beside dest, fsynced, checked
 * (integrity_check, schema version, every table's row count equal to
 * the snapshot's), then renamed over dest. Bounded time under any write
 * load. Must not be called inside a transaction. On PostgreSQL there is
 * no file to copy: refused (pg_dump is the way). Returns 1 and fills
 * facts (when not NULL); on failure returns 0 with the reason in err,
 * leaving no temporary file and dest as it was — except when only the
 * directory's fsync after the rename fails: the checked copy is then in
 * place, but not known to survive a power cut.
 */
int
db_backup(const char *dest, struct db_backup_facts *facts, char *err,
    size_t errsz)
{
	struct snap	 sn;
	struct stat	 sb, src;
	char		 tmp[4096], dirbuf[4096];
	const char	*live;
	int		 fd, i, ok = 0;

	memset(&sn, 0, sizeof(sn));
	/* No file to copy: the store's SQLite handle is NULL there. */
	if (db_pg_on)
		return (fail(err, errsz, "the database is on PostgreSQL: "
		    "back it up with pg_dump"), 0);
	if (!sqlite3_get_autocommit(db))
		return (fail(err, errsz, "inside a transaction"), 0);
	live = sqlite3_db_filename(db, "main");
	if (live != NULL && stat(live, &src) == 0 && stat(dest, &sb) == 0 &&
	    src.st_dev == sb.st_dev && src.st_ino == sb.st_ino)
		return (fail(err, errsz, "%s is the database itself", dest), 0);
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dest) >=
	    (int)sizeof(tmp))
		return (fail(err, errsz, "%s: name too long", dest), 0);
	if ((fd = mkstemp(tmp)) == -1)
		return (fail(err, errsz, "%s: %s", tmp, strerror(errno)), 0);
	if (fchmod(fd, 0600) == -1) {
		fail(err, errsz, "%s: %s", tmp, strerror(errno));
		(void)close(fd);
		goto done;
	}
	(void)close(fd);
	if (!copy_snapshot(tmp, &sn, err, errsz) ||
	    !copy_check(tmp, &sn, err, errsz))
		goto done;
	if (!sync_path(tmp, 0) || stat(tmp, &sb) == -1) {
		fail(err, errsz, "%s: %s", tmp, strerror(errno));
		goto done;
	}
	if (rename(tmp, dest) == -1) {
		fail(err, errsz, "%s: %s", dest, strerror(errno));
		goto done;
	}
	/* The rename itself survives a power cut only once its directory
	 * is on disk. */
	(void)snprintf(dirbuf, sizeof(dirbuf), "%s", dest);
	if (!sync_path(dirname(dirbuf), 1)) {
		fail(err, errsz, "%s: %s", dest, strerror(errno));
		snap_free(&sn);
		return (0);
	}
	if (facts != NULL) {
		memset(facts, 0, sizeof(*facts));
		facts->schema = sn.schema;
		facts->tables = sn.n;
		for (i = 0; i < sn.n; i++)
			facts->rows += sn.t[i].rows;
		facts->bytes = (int64_t)sb.st_size;
	}
	ok = 1;
done:
	if (!ok)
		remove_temp(tmp);
	snap_free(&sn);
	return (ok);
}
