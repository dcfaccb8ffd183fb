/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_seat.c: typed wrappers for the seats of a run — enrolments and their
 * waitlist, withdrawal and promotion, attendance, results and the
 * completion events later stages build on, and the partner-school roster
 * import with its activation codes. The SQL is in sql.c's statement table.
 *
 * Every change that must not be seen half-done (an enrolment and its
 * promotion, a roster) runs in one BEGIN IMMEDIATE transaction: the write
 * lock is taken before the facts are read, so two workers deciding about
 * the last seat are served one after the other.
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

struct seat_now {
	int64_t			*id, *seq;
	enum seat_status	*status;
};

static void
seat_now_row(struct dbq *q, void *arg)
{
	struct seat_now	*s = arg;

	*s->id = db_col_int64(q, 0);
	(void)seat_status_parse(db_col_text(q, 1), s->status);
	*s->seq = db_col_int64(q, 2);
}

/*
 * The current enrolment of user in run: its id, status and arrival
 * number; SEAT_NONE (and ids 0) when there is none, which is DB_OK.
 */
static enum db_result
seat_get(int64_t run, int64_t user, int64_t *id, enum seat_status *status,
    int64_t *seq)
{
	struct seat_now	 s = { id, seq, status };
	struct dbq	*q = db_st(ST_ENROLMENT_GET);
	enum db_result	 r;

	*id = 0;
	*status = SEAT_NONE;
	*seq = 0;
	db_bind_int64(q, 1, run);
	db_bind_int64(q, 2, user);
	return ((r = db_one(q, seat_now_row, &s)) == DB_NOTFOUND ? DB_OK : r);
}

/*
 * The first n integers of q's row, which it always has (count(*), an
 * upsert's RETURNING): 1 when read. 0 otherwise, with *r the store's
 * error, or DB_OK were there no row: the caller rolls back either way.
 */
static int
seat_ints(struct dbq *q, int64_t *out, int n, enum db_result *r)
{
	if ((*r = db_one_ints(q, out, n)) == DB_OK)
		return (1);
	if (*r == DB_NOTFOUND)
		*r = DB_OK;
	return (0);
}

/*
 * Give user status in run, at the end of its queue: the new arrival
 * number goes to *seq. As seat_ints(): 1 when done, else 0 and *r.
 */
static int
seat_upsert(int64_t run, int64_t user, enum seat_status status, int64_t now,
    int64_t *seq, enum db_result *r)
{
	struct dbq	*q = db_st(ST_ENROLMENT_UPSERT);
	int64_t		 v[2];		/* RETURNING id, seq */

	db_bind_int64(q, 1, run);
	db_bind_int64(q, 2, user);
	db_bind_text(q, 3, seat_status_code(status));
	db_bind_int64(q, 4, now);
	if (!seat_ints(q, v, 2, r))
		return (0);
	*seq = v[1];
	return (1);
}

/* Where arrival number seq stands on run's waitlist (1 = next). */
static enum db_result
waitlist_position(int64_t run, int64_t seq, int *pos)
{
	int64_t		 n = 0;
	struct dbq	*q = db_st(ST_WAITLIST_POSITION);
	enum db_result	 r;

	db_bind_int64(q, 1, run);
	db_bind_int64(q, 2, seq);
	r = db_one_int(q, &n);
	*pos = (int)n;
	return (r == DB_NOTFOUND ? DB_OK : r);
}

/* What ST_ENROL_FACTS tells of a run, seat_decide()'s facts beside. */
struct run_facts {
	struct seat_facts	*f;
	enum course_track	 ct;
	char			 opens[11], closes[11], ends[11];
	char			 code[COURSE_CODE_LEN];
};

static void
run_facts_row(struct dbq *q, void *arg)
{
	struct run_facts	*rf = arg;

	rf->f->capacity = db_col_int(q, 0);
	TEXT(q, 1, rf->ends);
	TEXT(q, 2, rf->opens);
	TEXT(q, 3, rf->closes);
	(void)course_track_parse(db_col_text(q, 4), &rf->ct);
	TEXT(q, 5, rf->code);
	rf->f->enrolled = db_col_int(q, 6);
}

/*
 * Enrol u in run (today is the China date): a seat, the waitlist, or the
 * reason why not, in *out. DB_NOTFOUND for an unknown run. The facts are
 * read and the seat written under one write lock, so capacity holds
 * however many people press the button at once.
 */
enum db_result
db_enrol(int64_t run, const struct user *u, const char *today, int64_t now,
    struct enrol_outcome *out)
{
	struct seat_facts	 f;
	struct run_facts	 rf = { &f, CTRACK_BOTH, "", "", "", "" };
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 id, seq;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_ENROL_FACTS);
	db_bind_int64(q, 1, run);
	if ((r = db_one(q, run_facts_row, &rf)) != DB_OK)
		goto fail;	/* DB_NOTFOUND: no such run */
	if ((r = seat_get(run, u->id, &id, &f.current, &seq)) != DB_OK)
		goto fail;
	if ((r = db_course_prereqs(rf.code, u->id, out->missing,
	    &out->nmissing)) != DB_OK)
		goto fail;
	f.today = today;
	f.opens = rf.opens;
	f.closes = rf.closes;
	f.run_ends = rf.ends;
	f.missing_prereqs = out->nmissing;
	f.track_ok = course_track_admits(rf.ct, u->track);
	out->verdict = seat_decide(&f);

	if (out->verdict == SV_ALREADY_WAITLISTED) {
		r = waitlist_position(run, seq, &out->position);
		ROLLBACK();
		return (r);
	}
	if (out->verdict != SV_ENROL && out->verdict != SV_WAITLIST) {
		ROLLBACK();
		return (DB_OK);
	}
	if (!seat_upsert(run, u->id, out->verdict == SV_ENROL ?
	    SEAT_ENROLLED : SEAT_WAITLISTED, now, &seq, &r))
		goto fail;
	if (out->verdict == SV_WAITLIST &&
	    (r = waitlist_position(run, seq, &out->position)) != DB_OK)
		goto fail;
	if ((r = db_audit_id(u->id, out->verdict == SV_ENROL ?
	    "enrolment.enrol" : "enrolment.waitlist", "run", run, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Withdraw user from run, as seat_withdraw() decides (today is China's
 * date): the verdict goes to *verdict, and only WV_DONE writes.
 * The freed seat goes to the first person on the waitlist in the same
 * transaction. DB_NOTFOUND for an unknown run.
 */
enum db_result
db_withdraw(int64_t run, int64_t user, const char *today, int64_t now,
    enum withdraw_verdict *verdict)
{
	struct run	 rr;
	struct dbq	*q;
	enum db_result	 r;
	enum seat_status status;
	int64_t		 id, seq, completed = 0;
	int		 promoted;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_run_get(run, &rr)) != DB_OK ||
	    (r = seat_get(run, user, &id, &status, &seq)) != DB_OK)
		goto fail;
	if (id != 0 && (r = db_count(ST_COMPLETION_EXISTS, NULL, id,
	    &completed)) != DB_OK)
		goto fail;
	*verdict = seat_withdraw(status, completed > 0, today, rr.ends);
	if (*verdict != WV_DONE) {
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_ENROLMENT_STATUS);
	db_bind_int64(q, 1, id);
	db_bind_text(q, 2, "withdrawn");
	db_bind_int64(q, 3, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if ((r = db_audit_id(user, "enrolment.withdraw", "run", run, NULL,
	    now)) != DB_OK)
		goto fail;
	if (status == SEAT_ENROLLED &&
	    (r = db_promote(run, now, &promoted)) != DB_OK)
		goto fail;
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

struct roster_each {
	int64_t	 run;
	int	 waiting;	/* waitlist rows so far */
	int	(*fn)(const struct seat_row *, void *);
	void	*arg;
};

static int
roster_each_row(struct dbq *q, void *arg)
{
	struct roster_each	*e = arg;
	struct seat_row		 s;

	memset(&s, 0, sizeof(s));
	s.run = e->run;
	s.enrolment = db_col_int64(q, 0);
	s.user = db_col_int64(q, 1);
	TEXT(q, 2, s.name);
	TEXT(q, 3, s.account);
	TEXT(q, 4, s.school);
	(void)seat_status_parse(db_col_text(q, 5), &s.status);
	s.position = s.status == SEAT_WAITLISTED ? ++e->waiting : 0;
	s.score = db_col_int(q, 7);
	TEXT(q, 8, s.result);
	s.attended = db_col_int(q, 9);
	return (e->fn(&s, e->arg) != 0);
}

/*
 * The people of a run, enrolled first then the waitlist in order (and
 * the withdrawn last when with_withdrawn). Waitlist rows carry their
 * position (1 = next).
 */
enum db_result
db_run_roster(int64_t run, int with_withdrawn,
    int (*fn)(const struct seat_row *, void *), void *arg)
{
	struct roster_each	 e = { run, 0, fn, arg };
	struct dbq		*q = db_st(ST_RUN_ROSTER);

	db_bind_int64(q, 1, run);
	db_bind_int(q, 2, with_withdrawn);
	return (db_each(q, roster_each_row, &e));
}

struct my_seat_each {
	int64_t	 user;
	int	(*fn)(const struct seat_row *, void *);
	void	*arg;
};

static int
my_seat_each_row(struct dbq *q, void *arg)
{
	struct my_seat_each	*e = arg;
	struct seat_row		 s;

	memset(&s, 0, sizeof(s));
	s.user = e->user;
	s.run = db_col_int64(q, 0);
	TEXT(q, 1, s.course);
	TEXT(q, 2, s.title_zh);
	TEXT(q, 3, s.title_en);
	TEXT(q, 4, s.starts);
	TEXT(q, 5, s.ends);
	(void)seat_status_parse(db_col_text(q, 6), &s.status);
	s.promoted = db_col_int64(q, 7);
	s.score = db_col_int(q, 8);
	TEXT(q, 9, s.result);
	s.attended = db_col_int(q, 10);
	s.sessions = db_col_int(q, 11);
	s.position = s.status == SEAT_WAITLISTED ? db_col_int(q, 12) : 0;
	s.pass_mark = db_col_int(q, 13);
	s.attendance = db_col_int(q, 14);
	return (e->fn(&s, e->arg) != 0);
}

/* A person's runs (not withdrawn), with progress and queue positions. */
enum db_result
db_my_seats(int64_t user, int (*fn)(const struct seat_row *, void *),
    void *arg)
{
	struct my_seat_each	 e = { user, fn, arg };
	struct dbq		*q = db_st(ST_MY_ENROLMENTS);

	db_bind_int64(q, 1, user);
	return (db_each(q, my_seat_each_row, &e));
}

struct attendance_each {
	int	(*fn)(int64_t, int, int, void *);
	void	*arg;
};

static int
attendance_each_row(struct dbq *q, void *arg)
{
	struct attendance_each	*e = arg;

	return (e->fn(db_col_int64(q, 0), db_col_int(q, 1), db_col_int(q, 2),
	    e->arg) != 0);
}

/* Each attendance mark of run: user, session, present, to fn (0 stops). */
enum db_result
db_attendance_of_run(int64_t run, int (*fn)(int64_t, int, int, void *),
    void *arg)
{
	struct attendance_each	 e = { fn, arg };
	struct dbq		*q = db_st(ST_ATTEND_OF_RUN);

	db_bind_int64(q, 1, run);
	return (db_each(q, attendance_each_row, &e));
}

/*
 * Record one session's register: present and absent are user ids, each
 * of whom must hold a seat in the run (else DB_CONFLICT and nothing is
 * written).
 */
enum db_result
db_attendance_record(int64_t run, int session, const int64_t *present,
    size_t npresent, const int64_t *absent, size_t nabsent, int64_t actor,
    int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;
	enum seat_status status;
	int64_t		 id, seq, user;
	size_t		 i;
	char		 subject[48];

	if ((r = BEGIN()) != DB_OK)
		return (r);
	for (i = 0; i < npresent + nabsent; i++) {
		user = i < npresent ? present[i] : absent[i - npresent];
		if ((r = seat_get(run, user, &id, &status, &seq)) != DB_OK)
			goto fail;
		if (status != SEAT_ENROLLED) {
			r = DB_CONFLICT;
			goto fail;
		}
		q = db_st(ST_ATTEND_SET);
		db_bind_int64(q, 1, run);
		db_bind_int(q, 2, session);
		db_bind_int64(q, 3, user);
		db_bind_int(q, 4, i < npresent);
		db_bind_int64(q, 5, actor);
		db_bind_int64(q, 6, now);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
	}
	(void)snprintf(subject, sizeof(subject), "run:%lld session:%d",
	    (long long)run, session);
	if ((r = db_audit(actor, "attendance.record", subject, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Record the assessment score of user in run. The result follows the
 * course's pass mark and attendance rule; a pass is recorded as a
 * completion event (what certificates and stage gates build on). *passed
 * is set. DB_NOTFOUND when the person holds no seat, DB_CONFLICT when
 * they have already completed (a completion is never rewritten).
 */
enum db_result
db_result_record(int64_t run, int64_t user, int score, int64_t actor,
    int64_t now, int *passed)
{
	struct run	 rr;
	struct course	 c;
	struct dbq	*q;
	enum db_result	 r;
	enum seat_status status;
	int64_t		 id, seq, attended = 0;
	char		 subject[48], detail[64];

	*passed = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_run_get(run, &rr)) != DB_OK ||
	    (r = seat_get(run, user, &id, &status, &seq)) != DB_OK)
		goto fail;
	if (status != SEAT_ENROLLED) {
		r = DB_NOTFOUND;
		goto fail;
	}
	if ((r = db_count(ST_COMPLETION_EXISTS, NULL, id, &attended)) !=
	    DB_OK)
		goto fail;
	if (attended > 0) {
		r = DB_CONFLICT;	/* a completion is never rewritten */
		goto fail;
	}
	if ((r = db_course_get(rr.course, &c)) != DB_OK)
		goto fail;
	course_free(&c);
	q = db_st(ST_ATTENDED_COUNT);
	db_bind_int64(q, 1, run);
	db_bind_int64(q, 2, user);
	if (!seat_ints(q, &attended, 1, &r))
		goto fail;
	*passed = seat_passed(score, c.pass_mark, (int)attended, c.sessions,
	    c.attendance);
	q = db_st(ST_RESULT_SET);
	db_bind_int64(q, 1, id);
	db_bind_int(q, 2, score);
	db_bind_text(q, 3, *passed ? "passed" : "failed");
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (*passed) {
		q = db_st(ST_COMPLETION_INSERT);
		db_bind_int64(q, 1, id);
		db_bind_int64(q, 2, user);
		db_bind_text(q, 3, rr.course);
		db_bind_int64(q, 4, run);
		db_bind_int(q, 5, score);
		db_bind_int64(q, 6, attended);
		db_bind_int(q, 7, c.sessions);
		db_bind_int64(q, 8, actor);
		db_bind_int64(q, 9, now);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;	/* completed before: DB_CONFLICT */
	}
	(void)snprintf(subject, sizeof(subject), "user:%lld run:%lld",
	    (long long)user, (long long)run);
	(void)snprintf(detail, sizeof(detail), "score=%d %s", score,
	    *passed ? "passed" : "failed");
	if ((r = db_audit(actor, *passed ? "course.complete" : "course.result",
	    subject, detail, now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

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
 * One chunk of db_roster_import(): its accounts looked up, the new ones
 * made, the seats given in file order while *enrolled < capacity, the
 * conflicts audited. b is scratch space (it holds code digests: wiped
 * by the caller).
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

	/* New accounts: no password, a one-time code's digest. */
	buf_reset(b);
	buf_puts(b, "[");
	for (i = 0; i < c->n; i++) {
		if (c->kind[i] == RK_STAFF)	/* a master or staff login */
			return (DB_CONFLICT);
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
