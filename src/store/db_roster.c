/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_roster.c: a partner school's roster, imported into a run (new
 * accounts with one-time activation codes, or existing ones linked;
 * seats in file order while they last, then the waitlist), and the
 * activation of such an account. The SQL is in sql.c's statement table
 * (sql_entry.h; sql_pg.c for PostgreSQL).
 *
 * The whole roster is one BEGIN IMMEDIATE transaction (on PostgreSQL
 * the writers' lock): all rows or none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"
#include "db_int.h"
#include "jsonw.h"
#include "secret.h"

/*
 * A roster is written a chunk of rows at a time, with a handful of
 * statements per chunk whatever its size (each a JSON array parameter):
 * on PostgreSQL every statement is a round trip, and row by row a
 * 20,000-row roster took half a minute.
 */
#define ROSTER_CHUNK	500

/* What ST_ROSTER_LOOKUP found of a chunk's row. */
enum roster_kind {
	RK_NEW,		/* no such account: made here */
	RK_SEAT,	/* a linked account without a seat (or withdrawn) */
	RK_HELD,	/* already enrolled or waitlisted: left alone */
	RK_CONFLICT,	/* unverified, or under another name: not linked */
	RK_STAFF	/* a master's or staff login: the roster is refused */
};

struct roster_chunk {
	struct roster_row	*rows;		/* the chunk's first */
	size_t			 n;
	enum roster_kind	 kind[ROSTER_CHUNK];
	int64_t			 user[ROSTER_CHUNK];
	/* the RK_NEW rows' places, sorted by account (roster_new_of()) */
	size_t			 byacct[ROSTER_CHUNK];
	size_t			 nnew, made;
};

/* ST_ROSTER_LOOKUP's row: what the account's row is to the roster. */
static int
roster_known_row(struct dbq *q, void *arg)
{
	struct roster_chunk	*c = arg;
	struct roster_row	*row;
	enum role		 role;
	enum seat_status	 st;
	int64_t			 k = db_col_int64(q, 0), verified;
	char			 name[NAME_MAX_CHARS * 4 + 1];

	if (k < 0 || (size_t)k >= c->n)
		return (-1);
	row = &c->rows[k];
	c->user[k] = db_col_int64(q, 1);
	if (!role_parse(db_col_text(q, 2), &role))
		role = ROLE_APPRENTICE;
	verified = db_col_int64(q, 3);
	(void)snprintf(name, sizeof(name), "%s", db_col_text(q, 4) ?
	    db_col_text(q, 4) : "");
	(void)seat_status_parse(db_col_text(q, 5), &st);
	if (role != ROLE_APPRENTICE)
		c->kind[k] = RK_STAFF;
	else if (!verified || strcmp(name, row->name) != 0) {
		/*
		 * Rosters never hijack: a number someone registered and
		 * never proved, or an account under another name, is not
		 * given this seat (nor later the completion and the
		 * certificate). Staff see both names and sort it out with
		 * the person.
		 */
		c->kind[k] = RK_CONFLICT;
		row->conflict = 1;
		row->holder_verified = verified > 0;
		(void)snprintf(row->holder, sizeof(row->holder), "%s", name);
	} else if (st == SEAT_ENROLLED || st == SEAT_WAITLISTED) {
		c->kind[k] = RK_HELD;
		row->status = st;
	} else
		c->kind[k] = RK_SEAT;
	return (1);
}

/* The chunk's new row whose account is account (c->byacct), or -1. */
static long
roster_new_of(const struct roster_chunk *c, const char *account)
{
	size_t	 lo = 0, hi = c->nnew, mid;
	int	 d;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		d = strcmp(account, c->rows[c->byacct[mid]].account);
		if (d == 0)
			return ((long)c->byacct[mid]);
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (-1);
}

/* ST_ROSTER_USERS_INSERT's row (RETURNING id, account). */
static int
roster_made_row(struct dbq *q, void *arg)
{
	struct roster_chunk	*c = arg;
	const char		*account = db_col_text(q, 1);
	long			 k;

	if (account == NULL || (k = roster_new_of(c, account)) < 0 ||
	    c->user[k] != 0)
		return (-1);
	c->user[k] = db_col_int64(q, 0);
	c->made++;
	return (1);
}

/* Insertion sort of the new rows' places by account (a chunk is small). */
static void
roster_sort_new(struct roster_chunk *c)
{
	size_t	 i, j, v;

	for (i = 1; i < c->nnew; i++) {
		v = c->byacct[i];
		for (j = i; j > 0 && strcmp(c->rows[c->byacct[j - 1]].account,
		    c->rows[v].account) > 0; j--)
			c->byacct[j] = c->byacct[j - 1];
		c->byacct[j] = v;
	}
}

/* The JSON text s or null (a NULL s). */
static void
roster_json_text(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_puts(b, "null");
	else
		jsonw_string(b, s);
}

/*
 * Make b large enough for every JSON array of the chunk (its accounts,
 * new accounts with their codes' digests, seats, conflicts) before it
 * begins, so that b never grows while a digest is in it and no digest
 * is left behind in a block realloc() let go: at most 6 bytes a byte
 * (\u00XX) of a row's texts, a digest and the punctuation. What b held
 * (the last chunk's digests) is wiped first.
 */
static void
roster_buf_fit(struct buf *b, const struct roster_chunk *c)
{
	const struct roster_row	*row;
	size_t			 i, need = 2;

	for (i = 0; i < c->n; i++) {
		row = &c->rows[i];
		need += 6 * (strlen(row->name) + strlen(row->account) +
		    strlen(row->school)) + TOKEN_HEX + 64;
	}
	if (need <= b->cap)
		return;
	secret_wipe(b->data, b->cap);
	buf_free(b);
	buf_init(b, need);
}

/*
 * One chunk of db_roster_import(): its accounts looked up, the new ones
 * made, the seats given in file order while *enrolled < capacity, the
 * conflicts audited. b is scratch space (it holds code digests: wiped
 * by the caller; roster_buf_fit() keeps them in its last block).
 */
static enum db_result
roster_chunk(int64_t run, struct roster_chunk *c, int capacity,
    int *enrolled, struct buf *b, int64_t actor, int64_t now)
{
	struct roster_row	*row;
	struct dbq		*q;
	enum db_result		 r;
	char			 digest[TOKEN_HEX];
	size_t			 i, n;

	c->nnew = c->made = 0;
	for (i = 0; i < c->n; i++) {
		c->kind[i] = RK_NEW;
		c->user[i] = 0;
	}
	roster_buf_fit(b, c);
	buf_reset(b);
	buf_puts(b, "[");
	for (i = 0; i < c->n; i++) {
		if (i > 0)
			buf_puts(b, ",");
		jsonw_string(b, c->rows[i].account);
	}
	buf_puts(b, "]");
	q = db_st(ST_ROSTER_LOOKUP);
	db_bind_text(q, 1, b->data);
	db_bind_int64(q, 2, run);
	if ((r = db_each(q, roster_known_row, c)) != DB_OK)
		return (r);

	for (i = 0; i < c->n; i++)
		if (c->kind[i] == RK_STAFF)	/* a master or staff login */
			return (DB_CONFLICT);

	/* New accounts: no password, a one-time code's digest. */
	buf_reset(b);
	buf_puts(b, "[");
	for (i = 0; i < c->n; i++) {
		if (c->kind[i] != RK_NEW)
			continue;
		row = &c->rows[i];
		secret_token_hash(row->code, digest);
		buf_puts(b, c->nnew > 0 ? ",[" : "[");
		jsonw_string(b, row->name);
		buf_puts(b, ",");
		jsonw_string(b, row->account);
		buf_puts(b, ",");
		roster_json_text(b, track_code(row->track));
		buf_puts(b, ",");
		roster_json_text(b, row->school[0] != '\0' ? row->school :
		    NULL);
		buf_puts(b, ",");
		jsonw_string(b, digest);
		buf_puts(b, "]");
		c->byacct[c->nnew++] = i;
	}
	buf_puts(b, "]");
	secret_wipe(digest, sizeof(digest));
	if (c->nnew > 0) {
		roster_sort_new(c);
		q = db_st(ST_ROSTER_USERS_INSERT);
		db_bind_text(q, 1, b->data);
		db_bind_int64(q, 2, now);
		db_bind_int64(q, 3, now + ACTIVATION_TTL);
		if ((r = db_each(q, roster_made_row, c)) != DB_OK)
			return (r);
		if (c->made != c->nnew)
			return (DB_ERROR);
	}

	/* Seats, in file order: enrolled while they last, then waitlisted. */
	buf_reset(b);
	buf_puts(b, "[");
	for (i = 0, n = 0; i < c->n; i++) {
		row = &c->rows[i];
		if (c->kind[i] == RK_NEW)
			row->created = 1;
		else if (c->kind[i] != RK_SEAT)
			continue;
		row->status = *enrolled < capacity ? SEAT_ENROLLED :
		    SEAT_WAITLISTED;
		if (row->status == SEAT_ENROLLED)
			(*enrolled)++;
		buf_printf(b, "%s[%lld,\"%s\",%zu]", n > 0 ? "," : "",
		    (long long)c->user[i], seat_status_code(row->status),
		    n + 1);
		n++;
	}
	buf_puts(b, "]");
	if (n > 0) {
		q = db_st(ST_ROSTER_SEATS_UPSERT);
		db_bind_int64(q, 1, run);
		db_bind_text(q, 2, b->data);
		db_bind_int64(q, 3, now);
		if ((r = db_exec(q)) != DB_OK)
			return (r);
	}

	/* The rows not linked, each audited as before. */
	buf_reset(b);
	buf_puts(b, "[");
	for (i = 0, n = 0; i < c->n; i++) {
		if (c->kind[i] != RK_CONFLICT)
			continue;
		buf_puts(b, n++ > 0 ? ",[" : "[");
		jsonw_string(b, c->rows[i].account);
		buf_puts(b, c->rows[i].holder_verified ? ",\"name\"]" :
		    ",\"unverified\"]");
	}
	buf_puts(b, "]");
	if (n > 0) {
		q = db_st(ST_ROSTER_CONFLICTS_AUDIT);
		db_bind_int64(q, 1, now);
		if (actor > 0)
			db_bind_int64(q, 2, actor);
		else
			db_bind_null(q, 2);
		db_bind_text(q, 3, b->data);
		if ((r = db_exec(q)) != DB_OK)
			return (r);
	}
	return (DB_OK);
}

/*
 * Import a partner school's roster into run, all rows in one transaction:
 * new accounts (no password; a one-time activation code goes to
 * rows[i].code, its digest to the store; other rows' code is empty) or
 * existing ones by account, each enrolled while seats last and
 * waitlisted after, in file order. An existing account is linked only
 * when it is an apprentice's, verified and under the row's name; other
 * apprentices' rows are conflicts (rows[i].conflict, audited, no seat),
 * a master's or staff login refuses the roster (DB_CONFLICT). A seat
 * already enrolled or waitlisted is reported as it is; a withdrawn one
 * is taken again, at the end of the queue. The accounts are distinct
 * (roster_parse() refuses a repeated one). Enrolment windows and
 * prerequisites are the staff's call here; the capacity is not. Any
 * failure rolls the whole roster back. The rows are written a chunk at a
 * time (ROSTER_CHUNK), a few statements each, on both engines.
 */
enum db_result
db_roster_import(int64_t run, struct roster_row *rows, size_t n,
    int64_t actor, int64_t now)
{
	struct roster_chunk	*c;
	struct run		 rr;
	struct buf		 b;
	enum db_result		 r;
	char			 subject[32], detail[32];
	size_t			 i;
	int			 enrolled;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return (DB_ERROR);
	buf_init(&b, 128 * 1024);
	/* Codes are drawn before the write lock is taken: whatever can be
	 * done outside it shortens the time other writers wait. */
	for (i = 0; i < n; i++)
		secret_password_new(rows[i].code, 11);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_run_get(run, &rr)) != DB_OK)
		goto fail;
	enrolled = rr.enrolled;
	for (i = 0; i < n; i += c->n) {
		c->rows = rows + i;
		c->n = n - i < ROSTER_CHUNK ? n - i : ROSTER_CHUNK;
		if ((r = roster_chunk(run, c, rr.capacity, &enrolled, &b,
		    actor, now)) != DB_OK)
			goto fail;
	}
	(void)snprintf(subject, sizeof(subject), "run:%lld", (long long)run);
	(void)snprintf(detail, sizeof(detail), "rows=%zu", n);
	if ((r = db_audit(actor, "roster.import", subject, detail, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	for (i = 0; i < n; i++)		/* known accounts: no code */
		if (!rows[i].created)
			secret_wipe(rows[i].code, sizeof(rows[i].code));
	goto done;
fail:
	ROLLBACK();
out:
	for (i = 0; i < n; i++) {
		secret_wipe(rows[i].code, sizeof(rows[i].code));
		rows[i].created = 0;
	}
done:
	secret_wipe(b.data, b.cap);
	buf_free(&b);
	free(c);
	return (r);
}

/*
 * Set the first password of a roster account: the account and its
 * one-time code must match, within ACTIVATION_TTL of the import. The
 * code's digest is cleared, so it works once. DB_NOTFOUND otherwise.
 */
enum db_result
db_user_activate(const char *account, const char *code, const char *pwhash,
    int64_t *id)
{
	struct dbq	*q;
	enum db_result	 r;
	char		 digest[TOKEN_HEX], subject[32];
	int64_t		 now = (int64_t)time(NULL);

	secret_token_hash(code, digest);
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_USER_ACTIVATE);
	db_bind_text(q, 1, account);
	db_bind_text(q, 2, digest);
	db_bind_text(q, 3, pwhash);
	db_bind_int64(q, 4, now);
	if ((r = db_one_int(q, id)) != DB_OK) {	/* RETURNING id */
		ROLLBACK();
		return (r);
	}
	(void)snprintf(subject, sizeof(subject), "user:%lld", (long long)*id);
	if ((r = db_audit(*id, "user.activate", subject, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}
