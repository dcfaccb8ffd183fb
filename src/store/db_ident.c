/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_ident.c: typed wrappers for 身份 identity — the one-time codes that
 * prove a phone or an email is the person's (stored as a keyed hash made
 * by code.c, never the code), what a code unlocks (verifying an account,
 * a new password, a new phone or email, a number taken back from
 * someone who registered it first), the outbox every message to people
 * goes through, "my sessions", and the daily removal of accounts nobody
 * verified. The SQL is in sql.c's statement table.
 *
 * A code is checked in two steps: db_code_check() compares it (a wrong
 * guess uses up a try, in its own transaction, whatever happens next),
 * and the action's own transaction consumes it (ST_CODE_USE matches only
 * an unused, unexpired code), so a code works once even when two
 * requests race with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"
#include "code.h"
#include "secret.h"

static const char *const purpose_codes[CODE__COUNT] = {
	[CODE_VERIFY] = "verify",
	[CODE_RESET] = "reset",
	[CODE_CHANGE] = "change",
	[CODE_CLAIM] = "claim",
};

static const char *const state_codes[OUTBOX__COUNT] = {
	[OUTBOX_QUEUED] = "queued",
	[OUTBOX_SENDING] = "sending",
	[OUTBOX_SENT] = "sent",
	[OUTBOX_DEAD] = "dead",
};

/* Defaults until db_outbox_caps(): generous for mail, careful for SMS. */
static struct outbox_caps	caps = { 5, 20, 2000, 20 };

static enum db_result	code_use(int64_t, int64_t, enum code_verdict *);
static enum db_result	exec_id(enum stmt, int64_t, int64_t, int *);
static void		outbox_row(struct dbq *, void *);

const char *
code_purpose_code(enum code_purpose p)
{
	return ((unsigned)p < CODE__COUNT ? purpose_codes[p] : "verify");
}

const char *
outbox_state_code(enum outbox_state s)
{
	return ((unsigned)s < OUTBOX__COUNT ? state_codes[s] : "queued");
}

/* 1 and *out when s names a state. */
int
outbox_state_parse(const char *s, enum outbox_state *out)
{
	int	 i;

	for (i = 0; s != NULL && i < OUTBOX__COUNT; i++) {
		if (strcmp(s, state_codes[i]) == 0) {
			*out = (enum outbox_state)i;
			return (1);
		}
	}
	return (0);
}

/* Set the caps (the parent reads them from the environment). */
void
db_outbox_caps(const struct outbox_caps *c)
{
	caps = *c;
}

void
db_outbox_get_caps(struct outbox_caps *c)
{
	*c = caps;
}

/* Run a statement binding ?1 = a and ?2 = b; *changed: rows it changed. */
static enum db_result
exec_id(enum stmt s, int64_t a, int64_t b, int *changed)
{
	struct dbq	*q = db_st(s);
	enum db_result	 r;

	db_bind_int64(q, 1, a);
	if (db_bind_count(q) >= 2)
		db_bind_int64(q, 2, b);
	r = db_exec(q);
	if (changed != NULL)
		*changed = r == DB_OK ? db_changes() : 0;
	return (r);
}

static void
outbox_row(struct dbq *q, void *arg)
{
	struct outbox_msg	*m = arg;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(q, 0);
	m->user = db_col_int64(q, 1);
	TEXT(q, 2, m->channel);
	TEXT(q, 3, m->address);
	TEXT(q, 4, m->subject);
	TEXT(q, 5, m->body);
	if (!outbox_state_parse(db_col_text(q, 6),
	    &m->state))
		m->state = OUTBOX_QUEUED;
	m->tries = db_col_int(q, 7);
	m->next_at = db_col_int64(q, 8);
	TEXT(q, 9, m->error);
	m->created = db_col_int64(q, 10);
	m->sent = db_col_int64(q, 11);
}

/*
 * Queue a message (contract in db.h). Runs in its own transaction, or
 * inside the caller's when one is open, so that a cap is counted under
 * the same write lock as the row it admits. An address holding '@' is
 * an email address and counts against per_address; any other against
 * per_number; every message against per_day (a rolling 24 hours).
 */
enum db_result
db_outbox_add(int64_t user, const char *channel, const char *to,
    const char *subject, const char *body)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 now = (int64_t)time(NULL), n;
	int		 own;

	if (channel == NULL || (strcmp(channel, "email") != 0 &&
	    strcmp(channel, "sms") != 0) || to == NULL || *to == '\0' ||
	    strlen(to) > ACCOUNT_MAX || body == NULL || *body == '\0' ||
	    strlen(body) > 2000 || (subject != NULL && strlen(subject) > 200))
		return (DB_ERROR);
	own = !db_in_tx();
	if (own && (r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_count(ST_OUTBOX_COUNT_ADDRESS, to, now - 86400,
	    &n)) != DB_OK)
		goto fail;
	if (n >= (strchr(to, '@') != NULL ? caps.per_address :
	    caps.per_number)) {
		r = DB_CONFLICT;
		goto fail;
	}
	/* One account cannot spend the station's SMS on many numbers
	 * (a change of number asks a code of each new one). */
	if (user > 0) {
		q = db_st(ST_OUTBOX_COUNT_USER);
		db_bind_int64(q, 1, user);
		db_bind_int64(q, 2, now - 86400);
		if ((r = db_one_int(q, &n)) != DB_OK) {
			if (r == DB_NOTFOUND)	/* count(*): never */
				r = DB_OK;
			else
				goto fail;
		}
		if (n >= caps.per_person) {
			r = DB_CONFLICT;
			goto fail;
		}
	}
	if ((r = db_count(ST_OUTBOX_COUNT_ALL, NULL, now - 86400,
	    &n)) != DB_OK)
		goto fail;
	if (n >= caps.per_day) {
		r = DB_CONFLICT;
		goto fail;
	}
	q = db_st(ST_OUTBOX_INSERT);
	if (user > 0)
		db_bind_int64(q, 1, user);
	db_bind_text(q, 2, channel);
	db_bind_text(q, 3, to);
	db_bind_text(q, 4, subject != NULL ? subject : "");
	db_bind_text(q, 5, body);
	db_bind_int64(q, 6, now);
	r = db_exec(q);
	if (r == DB_CONFLICT)
		r = DB_ERROR;	/* a CHECK: not a cap */
	if (r != DB_OK)
		goto fail;
	if (own && (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	/* Inside the caller's transaction the caller decides; a refusal
	 * wrote nothing there anyway. */
	if (own)
		ROLLBACK();
	return (r);
}

struct outbox_take {
	struct outbox_msg	*out;
	size_t			 max, *n;
};

static int
outbox_take_row(struct dbq *q, void *arg)
{
	struct outbox_take	*t = arg;

	if (*t->n >= t->max)
		return (0);
	outbox_row(q, &t->out[(*t->n)++]);
	return (1);
}

/*
 * Take up to max messages due at now for delivery: each is marked
 * `sending` with a lease until `lease` (a worker that dies while sending
 * leaves it due again then). *n is how many were copied into out.
 */
enum db_result
db_outbox_claim(int64_t now, int64_t lease, struct outbox_msg *out,
    size_t max, size_t *n)
{
	struct outbox_take t = { out, max, n };
	struct dbq	*q;
	enum db_result	 r;
	size_t		 i;

	*n = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_OUTBOX_DUE);
	db_bind_int64(q, 1, now);
	db_bind_int64(q, 2, (int64_t)max);
	if ((r = db_each(q, outbox_take_row, &t)) != DB_OK)
		goto fail;
	for (i = 0; i < *n; i++) {
		if ((r = exec_id(ST_OUTBOX_CLAIM, out[i].id, lease,
		    NULL)) != DB_OK)
			goto fail;
		out[i].state = OUTBOX_SENDING;
	}
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*n = 0;
	return (r);
}

/*
 * Record an attempt at message id: sent (ok), or failed with error; a
 * failure is tried again after backoff * 2^(tries before it) seconds,
 * and after max_tries attempts in all the message is dead. *state says
 * where it went.
 */
enum db_result
db_outbox_done(int64_t id, int ok, int keep_body, const char *error,
    int64_t now, int64_t backoff, int max_tries, enum outbox_state *state)
{
	struct outbox_msg	 m;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 delay;

	if (ok) {
		*state = OUTBOX_SENT;
		if ((r = exec_id(ST_OUTBOX_SENT, id, now, NULL)) != DB_OK ||
		    keep_body)
			return (r);
		return (exec_id(ST_OUTBOX_FORGET, id, 0, NULL));
	}
	if ((r = db_outbox_get(id, &m)) != DB_OK)
		return (r);
	delay = backoff << (m.tries < 16 ? m.tries : 16);
	*state = m.tries + 1 >= max_tries ? OUTBOX_DEAD : OUTBOX_QUEUED;
	q = db_st(ST_OUTBOX_FAILED);
	db_bind_int64(q, 1, id);
	db_bind_text(q, 2, outbox_state_code(*state));
	db_bind_int64(q, 3, now + delay);
	db_bind_text(q, 4, error != NULL ? error : "");
	r = db_exec(q);
	return (r);
}

/* Staff send a dead message again; DB_NOTFOUND unless it is dead. */
enum db_result
db_outbox_retry(int64_t id, int64_t actor, int64_t now)
{
	enum db_result	 r;
	int		 changed;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = exec_id(ST_OUTBOX_RETRY, id, now, &changed)) != DB_OK)
		goto fail;
	if (changed == 0) {
		ROLLBACK();
		return (DB_NOTFOUND);
	}
	if ((r = db_audit_id(actor, "outbox.retry", "outbox", id, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

enum db_result
db_outbox_get(int64_t id, struct outbox_msg *m)
{
	struct dbq	*q = db_st(ST_OUTBOX_GET);

	db_bind_int64(q, 1, id);
	return (db_one(q, outbox_row, m));
}

struct outbox_each {
	struct outbox_msg	*m;
	int			(*fn)(const struct outbox_msg *, void *);
	void			*arg;
};

static int
outbox_each_row(struct dbq *q, void *arg)
{
	struct outbox_each	*e = arg;

	outbox_row(q, e->m);
	return (e->fn(e->m, e->arg) != 0);
}

/*
 * Call fn for up to limit messages, newest first, in state (NULL or ""
 * for all) and with an id below `before` (INT64_MAX: from the newest):
 * a page (pager.h).
 */
enum db_result
db_outbox_list(const char *state, int64_t before, int limit,
    int (*fn)(const struct outbox_msg *, void *), void *arg)
{
	struct outbox_each	 e = { NULL, fn, arg };
	struct dbq		*q = db_st(ST_OUTBOX_LIST);
	enum db_result		 r;

	if ((e.m = malloc(sizeof(*e.m))) == NULL)
		return (DB_ERROR);
	db_bind_text(q, 1, state != NULL ? state : "");
	db_bind_int64(q, 2, before);
	db_bind_int(q, 3, limit);
	r = db_each(q, outbox_each_row, &e);
	free(e.m);
	return (r);
}

static int
outbox_state_row(struct dbq *q, void *arg)
{
	int64_t			*counts = arg;
	enum outbox_state	 s;

	if (outbox_state_parse(db_col_text(q, 0), &s))
		counts[s] = db_col_int64(q, 1);
	return (1);
}

/* How many messages are in each state. */
enum db_result
db_outbox_states(int64_t counts[OUTBOX__COUNT])
{
	memset(counts, 0, sizeof(int64_t) * OUTBOX__COUNT);
	return (db_each(db_st(ST_OUTBOX_STATES), outbox_state_row, counts));
}

/* The live code of a purpose: its row, where it went, its stored hash. */
struct code_live {
	int64_t	 id, expires;
	int	 tries;
	char	*address;
	size_t	 addrsz;
	char	 stored[TOKEN_HEX];
};

static void
code_live_row(struct dbq *q, void *arg)
{
	struct code_live	*l = arg;

	l->id = db_col_int64(q, 0);
	db_text(q, 1, l->address, l->addrsz);
	TEXT(q, 2, l->stored);
	l->tries = db_col_int(q, 3);
	l->expires = db_col_int64(q, 4);
}

/*
 * A new code for user's purpose, sent to address: older live codes of
 * that purpose stop working, the code's keyed hash is stored, and the
 * message (its text holds the code; the row is the outbox's) is queued
 * on channel, all in one transaction. DB_CONFLICT when a cap refuses
 * the message: then no code was made either.
 */
enum db_result
db_code_send(int64_t user, enum code_purpose p, const char *address,
    const char *hash, const char *channel, const char *subject,
    const char *body, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_CODE_SUPERSEDE);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, code_purpose_code(p));
	db_bind_int64(q, 3, now);
	r = db_exec(q);
	if (r != DB_OK)
		goto fail;
	q = db_st(ST_CODE_INSERT);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, code_purpose_code(p));
	db_bind_text(q, 3, address);
	db_bind_text(q, 4, hash);
	db_bind_int64(q, 5, now);
	db_bind_int64(q, 6, now + CODE_TTL);
	r = db_exec(q);
	if (r != DB_OK ||
	    (r = db_outbox_add(user, channel, address, subject, body)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Compare code (what the person typed, normalised) with user's live code
 * of purpose p: its keyed hash (code.c), bound to the address the code
 * went to, against the stored one, in constant time. CODEV_OK: *id names
 * the code and the address it was sent to is copied out; it is not used
 * up yet (the action's transaction does that). A wrong guess uses up a
 * try at once; the last try kills the code (CODEV_SPENT).
 */
enum db_result
db_code_check(int64_t user, enum code_purpose p, const char *code,
    int64_t now, int64_t *id, char *address, size_t addrsz,
    enum code_verdict *v)
{
	struct dbq	*q;
	enum db_result	 r;
	struct code_live l;
	char		 hash[TOKEN_HEX];
	int64_t		 expires;
	int		 tries;

	*id = 0;
	*v = CODEV_NONE;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_CODE_LIVE);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, code_purpose_code(p));
	l.address = address;
	l.addrsz = addrsz;
	if ((r = db_one(q, code_live_row, &l)) != DB_OK) {
		ROLLBACK();
		return (r == DB_NOTFOUND ? DB_OK : r);
	}
	*id = l.id;
	tries = l.tries;
	expires = l.expires;
	if (tries >= CODE_TRIES)
		*v = CODEV_SPENT;
	else if (expires <= now)
		*v = CODEV_EXPIRED;
	else {
		code_hash(code_purpose_code(p), user, address, code, hash);
		if (secret_equal(hash, l.stored))
			*v = CODEV_OK;
	}
	if (*v == CODEV_NONE) {
		*v = tries + 1 >= CODE_TRIES ? CODEV_SPENT : CODEV_WRONG;
		if ((r = exec_id(ST_CODE_TRY, *id, 0, NULL)) != DB_OK ||
		    (r = COMMIT()) != DB_OK) {
			ROLLBACK();
			return (r);
		}
		*id = 0;
		return (DB_OK);
	}
	if (*v != CODEV_OK)
		*id = 0;
	ROLLBACK();		/* nothing written */
	return (DB_OK);
}

/* Inside a transaction: use code id up, or say why it cannot be. */
static enum db_result
code_use(int64_t id, int64_t now, enum code_verdict *v)
{
	enum db_result	 r;
	int		 changed;

	if ((r = exec_id(ST_CODE_USE, id, now, &changed)) != DB_OK)
		return (r);
	*v = changed == 1 ? CODEV_OK : CODEV_NONE;
	return (DB_OK);
}

/* The account's own code came back: user is verified. */
enum db_result
db_user_verify(int64_t user, int64_t code, int64_t now,
    enum code_verdict *v)
{
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = code_use(code, now, v)) != DB_OK || *v != CODEV_OK)
		goto fail;
	if ((r = exec_id(ST_USER_VERIFY, user, now, NULL)) != DB_OK ||
	    (r = db_audit_id(user, "user.verify", "user", user, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * The code sent to a new phone or email came back: it becomes user's
 * account. DB_CONFLICT when someone took that account meanwhile.
 */
enum db_result
db_account_change(int64_t user, int64_t code, const char *account,
    int64_t now, enum code_verdict *v)
{
	struct dbq	*q;
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = code_use(code, now, v)) != DB_OK || *v != CODEV_OK)
		goto fail;
	q = db_st(ST_USER_ACCOUNT_SET);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, account);
	r = db_exec(q);
	/* The new address is proved: an unverified account now is. */
	if (r != DB_OK ||
	    (r = exec_id(ST_USER_VERIFY, user, now, NULL)) != DB_OK ||
	    (r = db_audit_id(user, "user.account", "user", user, account,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * A reset code came back with a new password: it replaces the old one,
 * every session of the account ends (whoever knew the old password is
 * out), and the account is verified (the code proved the address).
 */
enum db_result
db_password_reset(int64_t user, int64_t code, const char *pwhash,
    int64_t now, enum code_verdict *v)
{
	struct dbq	*q;
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = code_use(code, now, v)) != DB_OK || *v != CODEV_OK)
		goto fail;
	q = db_st(ST_USER_PASSWORD_SET);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, pwhash);
	r = db_exec(q);
	if (r != DB_OK ||
	    (r = exec_id(ST_USER_VERIFY, user, now, NULL)) != DB_OK ||
	    (r = exec_id(ST_SESSIONS_END_ALL, user, 0, NULL)) != DB_OK ||
	    (r = db_audit_id(user, "user.password_reset", "user", user, NULL,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * The owner of a number someone else registered (and never verified)
 * proved it with a code: the squatter's account lets go of the number
 * (its account becomes "released:<id>:<number>"; its sessions stay, so
 * the squatter reads why on their page) and the owner's account is made,
 * verified, in the same transaction. *v is CODEV_NONE when the code was
 * used meanwhile; DB_CONFLICT when the squatter verified meanwhile.
 */
enum db_result
db_account_claim(int64_t squatter, int64_t code, const struct user_new *n,
    int64_t now, int64_t *id, enum code_verdict *v)
{
	enum db_result	 r;
	int		 changed;
	char		 subject[32], detail[64];

	*id = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = code_use(code, now, v)) != DB_OK || *v != CODEV_OK)
		goto fail;
	if ((r = exec_id(ST_USER_RELEASE, squatter, now, &changed)) !=
	    DB_OK)
		goto fail;
	if (changed != 1) {
		r = DB_CONFLICT;
		goto fail;
	}
	/* The owner's account: verified (the code just came back), with
	 * their consent to the privacy notice, as at registration. */
	if ((r = db_user_insert_tx(n, 1, id)) != DB_OK ||
	    (r = db_consent_notice_tx(*id, PRIVACY_VERSION, now)) != DB_OK)
		goto fail;
	(void)snprintf(subject, sizeof(subject), "user:%lld",
	    (long long)*id);
	(void)snprintf(detail, sizeof(detail), "released user:%lld",
	    (long long)squatter);
	if ((r = db_audit(*id, "account.claim", subject, detail, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/*
 * A new password the person chose (after giving the old one): every
 * other session of theirs ends; keep (the asking session's token
 * digest) stays.
 */
enum db_result
db_password_change(int64_t user, const char *pwhash, const char *keep,
    int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_USER_PASSWORD_SET);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, pwhash);
	r = db_exec(q);
	if (r != DB_OK)
		goto fail;
	q = db_st(ST_SESSIONS_END_OTHERS);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, keep);
	r = db_exec(q);
	if (r != DB_OK ||
	    (r = db_audit_id(user, "user.password", "user", user, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

struct session_each {
	int	(*fn)(const struct session_row *, void *);
	void	*arg;
};

static int
session_each_row(struct dbq *q, void *arg)
{
	struct session_each	*e = arg;
	struct session_row	 s;

	memset(&s, 0, sizeof(s));
	s.id = db_col_int64(q, 0);
	s.created = db_col_int64(q, 1);
	s.expires = db_col_int64(q, 2);
	TEXT(q, 3, s.addr);
	TEXT(q, 4, s.agent);
	s.current = db_col_int(q, 5);
	return (e->fn(&s, e->arg) != 0);
}

/* Call fn for each live session of user; `current` marks the one whose
 * token digest is current. */
enum db_result
db_sessions_of(int64_t user, const char *current, int64_t now,
    int (*fn)(const struct session_row *, void *), void *arg)
{
	struct session_each	 e = { fn, arg };
	struct dbq		*q = db_st(ST_SESSIONS_OF_USER);

	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, current);
	db_bind_int64(q, 3, now);
	return (db_each(q, session_each_row, &e));
}

/* "Log out everywhere else": end user's sessions but keep; *ended. */
enum db_result
db_sessions_end_others(int64_t user, const char *keep, int64_t now,
    int *ended)
{
	struct dbq	*q;
	enum db_result	 r;
	char		 subject[32], detail[32];

	*ended = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_SESSIONS_END_OTHERS);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, keep);
	r = db_exec(q);
	if (r != DB_OK)
		goto fail;
	*ended = db_changes();
	(void)snprintf(subject, sizeof(subject), "user:%lld",
	    (long long)user);
	(void)snprintf(detail, sizeof(detail), "ended=%d", *ended);
	if ((r = db_audit(user, "session.end_others", subject, detail,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*ended = 0;
	return (r);
}

/*
 * The daily job: accounts still unverified that were made before
 * `before` are removed — their name, number, password and birth date go
 * (the row stays as "removed:<id>", because the append-only audit trail
 * names it), their sessions, codes, messages (outbox and inbox) and
 * consents with them — codes long expired are deleted, and sent or dead
 * messages older than 30 days. *n counts the accounts removed. Idempotent: every worker
 * may run it.
 */
enum db_result
db_unverified_purge(int64_t before, int64_t now, int *n)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 ids[200];
	size_t		 count = 0, i;

	*n = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_USER_STALE);
	db_bind_int64(q, 1, before);
	if ((r = db_ids_upto(q, ids, 200, &count)) != DB_OK)
		goto fail;
	for (i = 0; i < count; i++) {
		if ((r = exec_id(ST_USER_TOMBSTONE, ids[i], now, NULL)) !=
		    DB_OK ||
		    (r = exec_id(ST_SESSIONS_END_ALL, ids[i], 0, NULL)) !=
		    DB_OK ||
		    (r = exec_id(ST_DEL_CODES, ids[i], 0, NULL)) != DB_OK ||
		    (r = exec_id(ST_DEL_OUTBOX, ids[i], 0, NULL)) != DB_OK ||
		    (r = exec_id(ST_DEL_INBOX, ids[i], 0, NULL)) != DB_OK ||
		    (r = exec_id(ST_DEL_NOTIFY_PREFS, ids[i], 0, NULL)) !=
		    DB_OK ||
		    (r = exec_id(ST_DEL_CONSENTS, ids[i], 0, NULL)) != DB_OK ||
		    (r = db_audit_id(0, "user.purge", "user", ids[i],
		    "unverified", now)) != DB_OK)
			goto fail;
	}
	q = db_st(ST_CODE_PURGE);
	db_bind_int64(q, 1, now - 86400);
	r = db_exec(q);
	if (r == DB_OK)
		r = exec_id(ST_OUTBOX_PURGE, now - 30 * 86400, 0, NULL);
	if (r != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	*n = (int)count;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* *yes: whether user has verified their account. */
enum db_result
db_user_is_verified(int64_t user, int *yes)
{
	int64_t	 when = 0;
	enum db_result	 r;

	*yes = 0;
	if ((r = db_count(ST_USER_VERIFIED_OF, NULL, user, &when)) ==
	    DB_OK)
		*yes = when > 0;
	return (r);
}
