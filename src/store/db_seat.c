/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_seat.c: typed wrappers for the seats of a run — enrolments and their
 * waitlist, withdrawal and promotion, attendance, results and the
 * completion events later stages build on (the partner-school roster:
 * db_roster.c). The SQL is in sql.c's statement table.
 *
 * Every change that must not be seen half-done (an enrolment and its
 * promotion) runs in one BEGIN IMMEDIATE transaction: the write
 * lock is taken before the facts are read, so two workers deciding about
 * the last seat are served one after the other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"

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
