/*
 * db.c: every SQL statement of Yujiang, its schema migrations and the
 * typed wrappers around them. Statements live in one table indexed by
 * enum stmt and are all prepared by db_prepare() when a worker starts, so
 * a statement that no longer matches the schema stops start-up instead of
 * failing a user's request. SQLite errors are mapped once, in db_map().
 *
 * Time is Unix seconds (INTEGER). Tables are STRICT; foreign keys are on.
 * The audit table is append-only: triggers refuse UPDATE and DELETE.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_PING,
	ST_USER_INSERT,
	ST_USER_BY_ID,
	ST_USER_BY_ACCOUNT,
	ST_USER_COUNT,
	ST_USERS_RECENT,
	ST_SESSION_INSERT,
	ST_SESSION_USER,
	ST_SESSION_DELETE,
	ST_SESSION_PURGE,
	ST_FAILURE_INSERT,
	ST_FAILURE_COUNT_ACCOUNT,
	ST_FAILURE_COUNT_ADDR,
	ST_FAILURE_CLEAR,
	ST_FAILURE_PURGE,
	ST_AUDIT_INSERT,
	ST_AUDIT_COUNT,
	ST__COUNT
};

#define USER_COLS \
	"u.id, u.name, u.account, u.role, u.track, u.stage, u.created"

static const char *const stmt_sql[ST__COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_PING] = "SELECT count(*) FROM users",
	[ST_USER_INSERT] =
	    "INSERT INTO users (name, account, pwhash, role, track, created) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_USER_BY_ID] = "SELECT " USER_COLS " FROM users u WHERE u.id = ?1",
	[ST_USER_BY_ACCOUNT] =
	    "SELECT " USER_COLS ", u.pwhash FROM users u WHERE u.account = ?1",
	[ST_USER_COUNT] = "SELECT count(*) FROM users",
	[ST_USERS_RECENT] =
	    "SELECT " USER_COLS " FROM users u ORDER BY u.id DESC LIMIT ?1",
	[ST_SESSION_INSERT] =
	    "INSERT INTO sessions (token_hash, user_id, created, expires) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[ST_SESSION_USER] =
	    "SELECT " USER_COLS " FROM sessions s JOIN users u "
	    "ON u.id = s.user_id WHERE s.token_hash = ?1 AND s.expires > ?2",
	[ST_SESSION_DELETE] =
	    "DELETE FROM sessions WHERE token_hash = ?1 RETURNING user_id",
	[ST_SESSION_PURGE] = "DELETE FROM sessions WHERE expires <= ?1",
	[ST_FAILURE_INSERT] =
	    "INSERT INTO login_failures (account, addr, at) "
	    "VALUES (?1, ?2, ?3)",
	[ST_FAILURE_COUNT_ACCOUNT] =
	    "SELECT count(*) FROM login_failures WHERE account = ?1 "
	    "AND at > ?2",
	[ST_FAILURE_COUNT_ADDR] =
	    "SELECT count(*) FROM login_failures WHERE addr = ?1 AND at > ?2",
	[ST_FAILURE_CLEAR] =
	    "DELETE FROM login_failures WHERE account = "
	    "(SELECT account FROM users WHERE id = ?1)",
	[ST_FAILURE_PURGE] = "DELETE FROM login_failures WHERE at <= ?1",
	[ST_AUDIT_INSERT] =
	    "INSERT INTO audit (at, actor, action, subject, detail) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_AUDIT_COUNT] = "SELECT count(*) FROM audit WHERE action = ?1",
};

/*
 * Migration i takes the schema from user_version i to i + 1. Never edit
 * one that has shipped: append a new one.
 */
static const char *const migrations[] = {
	/* 1: people, sessions, login throttling, the audit trail. */
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 160),"
	"  account TEXT NOT NULL UNIQUE,"
	"  pwhash TEXT NOT NULL,"
	"  role TEXT NOT NULL"
	"    CHECK (role IN ('apprentice', 'master', 'staff')),"
	"  track TEXT CHECK (track IN ('carver', 'designer')),"
	"  stage TEXT NOT NULL DEFAULT 'entry'"
	"    CHECK (stage IN ('entry', 'training', 'incubation', 'selection')),"
	"  created INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX sessions_expires ON sessions (expires);"
	"CREATE INDEX sessions_user ON sessions (user_id);"
	"CREATE TABLE login_failures ("
	"  id INTEGER PRIMARY KEY,"
	"  account TEXT NOT NULL,"
	"  addr TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX login_failures_account ON login_failures (account, at);"
	"CREATE INDEX login_failures_addr ON login_failures (addr, at);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor INTEGER REFERENCES users (id),"
	"  action TEXT NOT NULL,"
	"  subject TEXT,"
	"  detail TEXT"
	") STRICT;"
	"CREATE INDEX audit_action ON audit (action, at);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;",
};

#define MIGRATIONS	((int)(sizeof(migrations) / sizeof(migrations[0])))

static sqlite3		*db;
static sqlite3_stmt	*stmts[ST__COUNT];
static const char	*prepare_failed;
static void		(*logger)(const char *);

static void		 db_log(const char *, const char *);
static enum db_result	 db_map(int, const char *);
static sqlite3_stmt	*st(enum stmt);
static enum db_result	 db_exec_simple(enum stmt);
static enum db_result	 db_count(enum stmt, const char *, int64_t,
			    int64_t *);
static void		 user_row(sqlite3_stmt *, struct user *);

/* Where SQLite errors are reported; NULL (the default) is stderr. */
void
db_set_logger(void (*fn)(const char *))
{
	logger = fn;
}

static void
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
static enum db_result
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
static sqlite3_stmt *
st(enum stmt s)
{
	sqlite3_reset(stmts[s]);
	sqlite3_clear_bindings(stmts[s]);
	return (stmts[s]);
}

static enum db_result
db_exec_simple(enum stmt s)
{
	sqlite3_stmt	*q = st(s);
	enum db_result	 r;

	r = db_map(sqlite3_step(q), stmt_sql[s]);
	sqlite3_reset(q);
	return (r);
}

#define BEGIN()		db_exec_simple(ST_BEGIN)
#define COMMIT()	db_exec_simple(ST_COMMIT)
#define ROLLBACK()	(void)db_exec_simple(ST_ROLLBACK)

/* Run a count(*) statement with an optional text and integer parameter. */
static enum db_result
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

static void
user_row(sqlite3_stmt *q, struct user *u)
{
	const char	*s;

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(q, 0);
	if ((s = (const char *)sqlite3_column_text(q, 1)) != NULL)
		(void)snprintf(u->name, sizeof(u->name), "%s", s);
	if ((s = (const char *)sqlite3_column_text(q, 2)) != NULL)
		(void)snprintf(u->account, sizeof(u->account), "%s", s);
	if (!role_parse((const char *)sqlite3_column_text(q, 3), &u->role))
		u->role = ROLE_APPRENTICE;
	if (!track_parse((const char *)sqlite3_column_text(q, 4), &u->track))
		u->track = TRACK_NONE;
	if (!stage_parse((const char *)sqlite3_column_text(q, 5), &u->stage))
		u->stage = STAGE_ENTRY;
	u->created = sqlite3_column_int64(q, 6);
}

/* DB_OK when the database answers a query. */
enum db_result
db_ping(void)
{
	int64_t	 n;

	return (db_count(ST_PING, NULL, 0, &n));
}

/*
 * Create a person and its audit line in one transaction. DB_CONFLICT when
 * the account is taken (two registrations racing for one phone number:
 * the UNIQUE index lets exactly one win). The new id goes to *id.
 */
enum db_result
db_user_create(const struct user_new *n, int64_t *id)
{
	sqlite3_stmt	*q;
	enum db_result	 r;
	int64_t		 now = (int64_t)time(NULL);

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = st(ST_USER_INSERT);
	sqlite3_bind_text(q, 1, n->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, n->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, n->pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, role_code(n->role), -1, SQLITE_STATIC);
	if (track_code(n->track) != NULL)
		sqlite3_bind_text(q, 5, track_code(n->track), -1,
		    SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, now);
	r = db_map(sqlite3_step(q), stmt_sql[ST_USER_INSERT]);
	sqlite3_reset(q);
	if (r != DB_OK) {
		ROLLBACK();
		return (r);
	}
	*id = sqlite3_last_insert_rowid(db);
	if ((r = db_audit(n->actor ? n->actor : *id, "user.create",
	    n->account, role_code(n->role), now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

enum db_result
db_user_by_id(int64_t id, struct user *u)
{
	sqlite3_stmt	*q = st(ST_USER_BY_ID);
	int		 rc;

	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		user_row(q, u);
		sqlite3_reset(q);
		return (DB_OK);
	}
	sqlite3_reset(q);
	return (rc == SQLITE_DONE ? DB_NOTFOUND :
	    db_map(rc, stmt_sql[ST_USER_BY_ID]));
}

/* Look a person up by normalised account; their password hash to pw. */
enum db_result
db_user_by_account(const char *account, struct user *u, char *pw,
    size_t pwsz)
{
	sqlite3_stmt	*q = st(ST_USER_BY_ACCOUNT);
	const char	*h;
	int		 rc;

	sqlite3_bind_text(q, 1, account, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		user_row(q, u);
		h = (const char *)sqlite3_column_text(q, 7);
		(void)snprintf(pw, pwsz, "%s", h ? h : "");
		sqlite3_reset(q);
		return (DB_OK);
	}
	sqlite3_reset(q);
	return (rc == SQLITE_DONE ? DB_NOTFOUND :
	    db_map(rc, stmt_sql[ST_USER_BY_ACCOUNT]));
}

enum db_result
db_user_count(int64_t *n)
{
	return (db_count(ST_USER_COUNT, NULL, 0, n));
}

/* Call fn for the newest limit people; stops early when fn returns 0. */
enum db_result
db_users_recent(int limit, int (*fn)(const struct user *, void *), void *arg)
{
	sqlite3_stmt	*q = st(ST_USERS_RECENT);
	struct user	 u;
	int		 rc;

	sqlite3_bind_int(q, 1, limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		user_row(q, &u);
		if (!fn(&u, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_USERS_RECENT]));
}

/*
 * A successful login: store the session under the token's digest, clear
 * the account's failed attempts and audit it, in one transaction.
 */
enum db_result
db_session_create(const char *token_hash, int64_t user, int64_t now,
    int64_t expires)
{
	sqlite3_stmt	*q;
	enum db_result	 r;
	char		 subject[32];

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = st(ST_SESSION_INSERT);
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, user);
	sqlite3_bind_int64(q, 3, now);
	sqlite3_bind_int64(q, 4, expires);
	r = db_map(sqlite3_step(q), stmt_sql[ST_SESSION_INSERT]);
	sqlite3_reset(q);
	if (r == DB_OK) {
		q = st(ST_FAILURE_CLEAR);
		sqlite3_bind_int64(q, 1, user);
		r = db_map(sqlite3_step(q), stmt_sql[ST_FAILURE_CLEAR]);
		sqlite3_reset(q);
	}
	(void)snprintf(subject, sizeof(subject), "user:%lld",
	    (long long)user);
	if (r != DB_OK ||
	    (r = db_audit(user, "session.login", subject, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

/* The person behind a live session; DB_NOTFOUND when unknown or expired. */
enum db_result
db_session_user(const char *token_hash, int64_t now, struct user *u)
{
	sqlite3_stmt	*q = st(ST_SESSION_USER);
	int		 rc;

	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		user_row(q, u);
		sqlite3_reset(q);
		return (DB_OK);
	}
	sqlite3_reset(q);
	return (rc == SQLITE_DONE ? DB_NOTFOUND :
	    db_map(rc, stmt_sql[ST_SESSION_USER]));
}

/* Logout: forget the session and audit it. */
enum db_result
db_session_delete(const char *token_hash, int64_t now)
{
	sqlite3_stmt	*q;
	enum db_result	 r;
	int64_t		 user = 0;
	int		 rc;
	char		 subject[32];

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = st(ST_SESSION_DELETE);
	sqlite3_bind_text(q, 1, token_hash, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		user = sqlite3_column_int64(q, 0);
		rc = sqlite3_step(q);
	}
	sqlite3_reset(q);
	if ((r = db_map(rc, stmt_sql[ST_SESSION_DELETE])) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	if (user != 0) {
		(void)snprintf(subject, sizeof(subject), "user:%lld",
		    (long long)user);
		if ((r = db_audit(user, "session.logout", subject, NULL,
		    now)) != DB_OK) {
			ROLLBACK();
			return (r);
		}
	}
	return (COMMIT());
}

/* Drop expired sessions and login failures older than the window. */
enum db_result
db_session_purge(int64_t now)
{
	sqlite3_stmt	*q;
	enum db_result	 r;

	q = st(ST_SESSION_PURGE);
	sqlite3_bind_int64(q, 1, now);
	r = db_map(sqlite3_step(q), stmt_sql[ST_SESSION_PURGE]);
	sqlite3_reset(q);
	if (r != DB_OK)
		return (r);
	q = st(ST_FAILURE_PURGE);
	sqlite3_bind_int64(q, 1, now - 24 * 3600);
	r = db_map(sqlite3_step(q), stmt_sql[ST_FAILURE_PURGE]);
	sqlite3_reset(q);
	return (r);
}

enum db_result
db_login_failure(const char *account, const char *addr, int64_t now)
{
	sqlite3_stmt	*q = st(ST_FAILURE_INSERT);
	enum db_result	 r;

	sqlite3_bind_text(q, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, addr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, now);
	r = db_map(sqlite3_step(q), stmt_sql[ST_FAILURE_INSERT]);
	sqlite3_reset(q);
	return (r);
}

/*
 * Admit a login attempt or refuse it, atomically: under the write lock,
 * count the failures of the account and of the address since `since`;
 * when neither reaches its limit, record this attempt as a failure *now*
 * (a successful login clears it again in db_session_create()). Recording
 * before the ~60 ms password check is what keeps a burst of parallel
 * guesses within the limit. *throttled is set; nothing is written then.
 */
enum db_result
db_login_attempt(const char *account, const char *addr, int64_t since,
    int64_t now, int *throttled)
{
	enum db_result	 r;
	int64_t		 by_account, by_addr;

	*throttled = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_login_failures(account, addr, since, &by_account,
	    &by_addr)) != DB_OK)
		goto fail;
	if (login_throttled(by_account, by_addr)) {
		*throttled = 1;
		ROLLBACK();
		return (DB_OK);
	}
	if ((r = db_login_failure(account, addr, now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* Failed logins since `since`, for one account and one address. */
enum db_result
db_login_failures(const char *account, const char *addr, int64_t since,
    int64_t *by_account, int64_t *by_addr)
{
	enum db_result	 r;

	if ((r = db_count(ST_FAILURE_COUNT_ACCOUNT, account, since,
	    by_account)) != DB_OK)
		return (r);
	return (db_count(ST_FAILURE_COUNT_ADDR, addr, since, by_addr));
}

/* Append one line to the audit trail (inside the caller's transaction). */
enum db_result
db_audit(int64_t actor, const char *action, const char *subject,
    const char *detail, int64_t now)
{
	sqlite3_stmt	*q = st(ST_AUDIT_INSERT);
	enum db_result	 r;

	sqlite3_bind_int64(q, 1, now);
	if (actor > 0)
		sqlite3_bind_int64(q, 2, actor);
	sqlite3_bind_text(q, 3, action, -1, SQLITE_STATIC);
	if (subject != NULL)
		sqlite3_bind_text(q, 4, subject, -1, SQLITE_STATIC);
	if (detail != NULL)
		sqlite3_bind_text(q, 5, detail, -1, SQLITE_STATIC);
	r = db_map(sqlite3_step(q), stmt_sql[ST_AUDIT_INSERT]);
	sqlite3_reset(q);
	return (r);
}

enum db_result
db_audit_count(const char *action, int64_t *n)
{
	return (db_count(ST_AUDIT_COUNT, action, 0, n));
}

/*
 * Copy the whole database to dest with SQLite's online backup, which is
 * consistent while the server keeps writing. 0 on failure (logged).
 */
int
db_backup(const char *dest)
{
	sqlite3		*out = NULL;
	sqlite3_backup	*b;
	int		 rc;

	if (sqlite3_open(dest, &out) != SQLITE_OK) {
		db_log(dest, out ? sqlite3_errmsg(out) : "out of memory");
		sqlite3_close(out);
		return (0);
	}
	if ((b = sqlite3_backup_init(out, "main", db, "main")) == NULL) {
		db_log(dest, sqlite3_errmsg(out));
		sqlite3_close(out);
		return (0);
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		db_log(dest, sqlite3_errstr(rc));
		sqlite3_close(out);
		return (0);
	}
	return (sqlite3_close(out) == SQLITE_OK);
}
