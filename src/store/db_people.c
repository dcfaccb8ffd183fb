/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_people.c: typed wrappers for people, sessions and login failures
 * (the audit trail is db_audit.c's). The SQL is in sql.c's statement
 * table.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"

/* A row of USER_COLS into the struct user arg points to. */
void
user_row(struct dbq *q, void *arg)
{
	struct user	*u = arg;
	const char	*s;

	memset(u, 0, sizeof(*u));
	u->id = db_col_int64(q, 0);
	if ((s = db_col_text(q, 1)) != NULL)
		(void)snprintf(u->name, sizeof(u->name), "%s", s);
	if ((s = db_col_text(q, 2)) != NULL)
		(void)snprintf(u->account, sizeof(u->account), "%s", s);
	if (!role_parse(db_col_text(q, 3), &u->role))
		u->role = ROLE_APPRENTICE;
	if (!track_parse(db_col_text(q, 4), &u->track))
		u->track = TRACK_NONE;
	if (!stage_parse(db_col_text(q, 5), &u->stage))
		u->stage = STAGE_ENTRY;
	u->created = db_col_int64(q, 6);
	u->verified = db_col_int64(q, 7);
	u->released = db_col_int64(q, 8);
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
 * the UNIQUE index lets exactly one win). The new id goes to *id. The
 * account counts as verified: staff, the admin tool and the demo make
 * these, and the station vouches for them.
 */
enum db_result
db_user_create(const struct user_new *n, int64_t *id)
{
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_user_insert_tx(n, 1, id)) != DB_OK ||
	    (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

/*
 * Inside an open transaction: insert the person and the audit line,
 * verified (the station vouches) or not (a newcomer, until a one-time
 * code sent to the account comes back: db_code_confirm()).
 * db_user_register() (db_privacy.c) adds their consent in the same one.
 */
enum db_result
db_user_insert_tx(const struct user_new *n, int verified, int64_t *id)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 now = (int64_t)time(NULL);

	q = db_st(ST_USER_INSERT);
	db_bind_text(q, 1, n->name);
	db_bind_text(q, 2, n->account);
	db_bind_text(q, 3, n->pwhash);
	db_bind_text(q, 4, role_code(n->role));
	if (track_code(n->track) != NULL)
		db_bind_text(q, 5, track_code(n->track));
	db_bind_int64(q, 6, now);
	db_bind_int64(q, 7, verified ? now : 0);
	r = db_exec(q);
	if (r != DB_OK)
		return (r);
	*id = db_last_id();
	return (db_audit(n->actor ? n->actor : *id, "user.create",
	    n->account, role_code(n->role), now));
}

enum db_result
db_user_by_id(int64_t id, struct user *u)
{
	struct dbq	*q = db_st(ST_USER_BY_ID);

	db_bind_int64(q, 1, id);
	return (db_one(q, user_row, u));
}

struct user_pw {
	struct user	*u;
	char		*pw;
	size_t		 pwsz;
};

static void
user_pw_row(struct dbq *q, void *arg)
{
	struct user_pw	*p = arg;

	user_row(q, p->u);
	db_text(q, 9, p->pw, p->pwsz);
}

/* Look a person up by normalised account; their password hash to pw. */
enum db_result
db_user_by_account(const char *account, struct user *u, char *pw,
    size_t pwsz)
{
	struct dbq	*q = db_st(ST_USER_BY_ACCOUNT);
	struct user_pw	 p = { u, pw, pwsz };

	db_bind_text(q, 1, account);
	return (db_one(q, user_pw_row, &p));
}

enum db_result
db_user_count(int64_t *n)
{
	return (db_count(ST_USER_COUNT, NULL, 0, n));
}

struct user_each {
	int	(*fn)(const struct user *, void *);
	void	*arg;
};

static int
user_each_row(struct dbq *q, void *arg)
{
	struct user_each	*e = arg;
	struct user		 u;

	user_row(q, &u);
	return (e->fn(&u, e->arg) != 0);
}

/*
 * Call fn for at most limit people whose id is below before (INT64_MAX
 * for the newest), newest first; stops early when fn returns 0. One
 * range of the rowid, however deep the page (pager.h).
 */
enum db_result
db_users_page(int64_t before, int limit,
    int (*fn)(const struct user *, void *), void *arg)
{
	struct dbq		*q = db_st(ST_USERS_PAGE);
	struct user_each	 e = { fn, arg };

	db_bind_int64(q, 1, before);
	db_bind_int(q, 2, limit);
	return (db_each(q, user_each_row, &e));
}

/*
 * A successful login: store the session under the token's digest and
 * audit it, in one transaction.
 */
enum db_result
db_session_create(const char *token_hash, int64_t user, int64_t now,
    int64_t expires)
{
	return (db_session_open(token_hash, user, now, expires, NULL, NULL));
}

/*
 * As db_session_create(), remembering the address and the browser
 * (User-Agent, cut to 200 bytes by the caller) the session was opened
 * from, for the person's list of their sessions. Either may be NULL.
 */
enum db_result
db_session_open(const char *token_hash, int64_t user, int64_t now,
    int64_t expires, const char *addr, const char *agent)
{
	struct dbq	*q;
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_SESSION_INSERT);
	db_bind_text(q, 1, token_hash);
	db_bind_int64(q, 2, user);
	db_bind_int64(q, 3, now);
	db_bind_int64(q, 4, expires);
	if (addr != NULL)
		db_bind_text(q, 5, addr);
	if (agent != NULL)
		db_bind_text(q, 6, agent);
	r = db_exec(q);
	if (r != DB_OK ||
	    (r = db_audit_id(user, "session.login", "user", user, NULL, now)) !=
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
	struct dbq	*q = db_st(ST_SESSION_USER);

	db_bind_text(q, 1, token_hash);
	db_bind_int64(q, 2, now);
	return (db_one(q, user_row, u));
}

/* Logout: forget the session and audit it. */
enum db_result
db_session_delete(const char *token_hash, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 user = 0;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_SESSION_DELETE);
	db_bind_text(q, 1, token_hash);
	if ((r = db_one_int(q, &user)) == DB_NOTFOUND)
		r = DB_OK;		/* no such session: nothing to log */
	if (r != DB_OK) {
		ROLLBACK();
		return (r);
	}
	if (user != 0) {
		if ((r = db_audit_id(user, "session.logout", "user", user, NULL,
		    now)) != DB_OK) {
			ROLLBACK();
			return (r);
		}
	}
	return (COMMIT());
}

/* Drop expired sessions, and login failures and registrations of days ago. */
enum db_result
db_session_purge(int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;

	q = db_st(ST_SESSION_PURGE);
	db_bind_int64(q, 1, now);
	r = db_exec(q);
	if (r != DB_OK)
		return (r);
	q = db_st(ST_FAILURE_PURGE);
	db_bind_int64(q, 1, now - 24 * 3600);
	r = db_exec(q);
	if (r != DB_OK)
		return (r);
	q = db_st(ST_REGISTER_PURGE);
	db_bind_int64(q, 1, now - 24 * 3600);
	r = db_exec(q);
	return (r);
}

enum db_result
db_login_failure(const char *account, const char *addr, int64_t now)
{
	struct dbq	*q = db_st(ST_FAILURE_INSERT);
	enum db_result	 r;

	db_bind_text(q, 1, account);
	db_bind_text(q, 2, addr);
	db_bind_int64(q, 3, now);
	r = db_exec(q);
	return (r);
}

/*
 * This account's failures from this address since `since` (*n), and
 * when the last of them was (*last, 0 for none).
 */
static enum db_result
login_pair(const char *account, const char *addr, int64_t since,
    int64_t *n, int64_t *last)
{
	struct dbq	*q = db_st(ST_FAILURE_PAIR);
	int64_t		 v[2];
	enum db_result	 r;

	db_bind_text(q, 1, account);
	db_bind_text(q, 2, addr);
	db_bind_int64(q, 3, since);
	if ((r = db_one_ints(q, v, 2)) == DB_OK) {
		*n = v[0];
		*last = v[1];
	}
	return (r == DB_NOTFOUND ? DB_OK : r);	/* an aggregate: a row */
}

/*
 * Tell account's owner (inbox, and the copies they chose) that failed
 * logins to it reached `failures` within the window: at most once every
 * THROTTLE_NOTIFY_EVERY seconds, nothing for an account nobody holds.
 * Inside the caller's transaction.
 */
static enum db_result
login_tell_owner(const char *account, int64_t failures, int64_t now)
{
	struct dbq	*q = db_st(ST_FAILURE_OWNER);
	struct notice	 n;
	enum db_result	 r;
	int64_t		 owner;

	db_bind_text(q, 1, account);
	db_bind_int64(q, 2, now - THROTTLE_NOTIFY_EVERY);
	if ((r = db_one_int(q, &owner)) != DB_OK)
		return (r == DB_NOTFOUND ? DB_OK : r);
	memset(&n, 0, sizeof(n));
	n.kind = NOTIFY_LOGIN_GUESSED;
	n.num = failures;
	(void)snprintf(n.link, sizeof(n.link), "/me/password");
	return (db_inbox_add_tx(owner, &n, now));
}

/*
 * Admit a login attempt or refuse it, atomically: under the write lock,
 * count the failures since `since` of this account from this address, of
 * the address, and of the account from elsewhere, and ask identity_login_wait()
 * (identity.c) how long this attempt must wait. When it need not, record
 * the attempt as a failure *now* (*attempt names it: db_login_forgive()
 * takes it back when the password was right) — recording before the
 * ~60 ms password check is what keeps a burst of parallel guesses within
 * the limits — and, when the account has THROTTLE_NOTIFY failures, tell
 * its owner. *wait is set to the seconds to wait (0: admitted); nothing
 * is written when it is not 0. A caller with another kind of secret
 * (/activate's codes) passes an account key of its own so that the
 * counters stay apart.
 */
enum db_result
db_login_attempt(const char *account, const char *addr, int64_t since,
    int64_t now, int *wait, int64_t *attempt)
{
	enum db_result	 r;
	int64_t		 by_account, by_addr, pair = 0, last = 0;

	*wait = 0;
	*attempt = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_login_failures(account, addr, since, &by_account,
	    &by_addr)) != DB_OK ||
	    (r = login_pair(account, addr, since, &pair, &last)) != DB_OK)
		goto fail;
	if ((*wait = identity_login_wait(pair, by_addr, by_account - pair,
	    now - last)) != 0) {
		ROLLBACK();
		return (DB_OK);
	}
	if ((r = db_login_failure(account, addr, now)) != DB_OK)
		goto fail;
	*attempt = db_last_id();
	if (by_account >= THROTTLE_NOTIFY &&
	    (r = login_tell_owner(account, by_account, now)) != DB_OK)
		goto fail;
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * The attempt succeeded: take back only its own failure row. Earlier
 * failures of the account (perhaps someone else guessing from elsewhere)
 * keep counting until their window passes.
 */
enum db_result
db_login_forgive(int64_t attempt)
{
	struct dbq	*q = db_st(ST_FAILURE_CLEAR);
	enum db_result	 r;

	db_bind_int64(q, 1, attempt);
	r = db_exec(q);
	return (r);
}

/*
 * A login proved the password of user against old, a hash made with
 * parameters no longer current: keep fresh (the same password, hashed
 * with the current ones) instead. Nothing changes when the stored hash is
 * no longer old (the password was changed meanwhile); DB_OK either way.
 */
enum db_result
db_password_upgrade(int64_t user, const char *old, const char *fresh)
{
	struct dbq	*q = db_st(ST_USER_PASSWORD_UPGRADE);

	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, old);
	db_bind_text(q, 3, fresh);
	return (db_exec(q));
}

/*
 * Admit a self-registration from addr or refuse it: fewer than limit
 * since `since`, counted and recorded under one write lock. *throttled
 * is set; nothing is written then.
 */
enum db_result
db_register_attempt(const char *addr, int64_t since, int64_t now, int limit,
    int *throttled)
{
	enum db_result	 r;
	int64_t		 n;
	struct dbq	*q;

	*throttled = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_count(ST_REGISTER_COUNT, addr, since, &n)) != DB_OK)
		goto fail;
	if (n >= limit) {
		*throttled = 1;
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_REGISTER_INSERT);
	db_bind_text(q, 1, addr);
	db_bind_int64(q, 2, now);
	r = db_exec(q);
	if (r != DB_OK || (r = COMMIT()) != DB_OK)
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
