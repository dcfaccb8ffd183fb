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
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"
#include "secret.h"

/* The current enrolment of user in run: status and arrival number. */
static enum db_result
seat_get(int64_t run, int64_t user, int64_t *id, enum seat_status *status,
    int64_t *seq)
{
	struct dbq	*q = st(ST_ENROLMENT_GET);
	int		 rc;

	*id = 0;
	*status = SEAT_NONE;
	*seq = 0;
	db_bind_int64(q, 1, run);
	db_bind_int64(q, 2, user);
	if ((rc = sqlite3_step(SQ(q))) == SQLITE_ROW) {
		*id = db_col_int64(q, 0);
		(void)seat_status_parse(db_col_text(q,
		    1), status);
		*seq = db_col_int64(q, 2);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(SQ(q));
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_ENROLMENT_GET]));
}

static enum db_result
waitlist_position(int64_t run, int64_t seq, int *pos)
{
	int64_t		 n = 0;
	struct dbq	*q = st(ST_WAITLIST_POSITION);
	int		 rc;

	db_bind_int64(q, 1, run);
	db_bind_int64(q, 2, seq);
	rc = sqlite3_step(SQ(q));
	if (rc == SQLITE_ROW)
		n = db_col_int64(q, 0);
	sqlite3_reset(SQ(q));
	*pos = (int)n;
	return (rc == SQLITE_ROW ? DB_OK :
	    db_map(rc, stmt_sql[ST_WAITLIST_POSITION]));
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
	enum course_track	 ct = CTRACK_BOTH;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 id, seq;
	char			 opens[11], closes[11], ends[11];
	char			 code[COURSE_CODE_LEN], subject[32];
	int			 rc;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = st(ST_ENROL_FACTS);
	db_bind_int64(q, 1, run);
	if ((rc = sqlite3_step(SQ(q))) != SQLITE_ROW) {
		sqlite3_reset(SQ(q));
		r = rc == SQLITE_DONE ? DB_NOTFOUND :
		    db_map(rc, stmt_sql[ST_ENROL_FACTS]);
		goto fail;
	}
	f.capacity = db_col_int(q, 0);
	TEXT(q, 1, ends);
	TEXT(q, 2, opens);
	TEXT(q, 3, closes);
	(void)ctrack_parse(db_col_text(q, 4), &ct);
	TEXT(q, 5, code);
	f.enrolled = db_col_int(q, 6);
	sqlite3_reset(SQ(q));

	if ((r = seat_get(run, u->id, &id, &f.current, &seq)) != DB_OK)
		goto fail;
	if ((r = db_course_prereqs(code, u->id, out->missing,
	    &out->nmissing)) != DB_OK)
		goto fail;
	f.today = today;
	f.opens = opens;
	f.closes = closes;
	f.run_ends = ends;
	f.missing_prereqs = out->nmissing;
	f.track_ok = ctrack_admits(ct, u->track);
	out->verdict = seat_decide(&f);

	if (out->verdict == VERDICT_ALREADY_WAITLISTED) {
		r = waitlist_position(run, seq, &out->position);
		ROLLBACK();
		return (r);
	}
	if (out->verdict != VERDICT_ENROL && out->verdict != VERDICT_WAITLIST) {
		ROLLBACK();
		return (DB_OK);
	}
	q = st(ST_ENROLMENT_UPSERT);
	db_bind_int64(q, 1, run);
	db_bind_int64(q, 2, u->id);
	db_bind_text(q, 3, out->verdict == VERDICT_ENROL ? "enrolled" :
	    "waitlisted");
	db_bind_int64(q, 4, now);
	if ((rc = sqlite3_step(SQ(q))) == SQLITE_ROW)
		seq = db_col_int64(q, 1);
	sqlite3_reset(SQ(q));
	if (rc != SQLITE_ROW) {
		r = db_map(rc, stmt_sql[ST_ENROLMENT_UPSERT]);
		goto fail;
	}
	if (out->verdict == VERDICT_WAITLIST &&
	    (r = waitlist_position(run, seq, &out->position)) != DB_OK)
		goto fail;
	(void)snprintf(subject, sizeof(subject), "run:%lld", (long long)run);
	if ((r = db_audit(u->id, out->verdict == VERDICT_ENROL ?
	    "enrolment.enrol" : "enrolment.waitlist", subject, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Withdraw user from run, as seat_withdraw() decides (today is China's
 * date): the verdict goes to *verdict, and only WITHDRAW_DONE writes.
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
	char		 subject[32];

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_run_get(run, &rr)) != DB_OK ||
	    (r = seat_get(run, user, &id, &status, &seq)) != DB_OK)
		goto fail;
	if (id != 0 && (r = db_count(ST_COMPLETION_EXISTS, NULL, id,
	    &completed)) != DB_OK)
		goto fail;
	*verdict = seat_withdraw(status, completed > 0, today, rr.ends);
	if (*verdict != WITHDRAW_DONE) {
		ROLLBACK();
		return (DB_OK);
	}
	q = st(ST_ENROLMENT_STATUS);
	db_bind_int64(q, 1, id);
	db_bind_text(q, 2, "withdrawn");
	db_bind_int64(q, 3, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	(void)snprintf(subject, sizeof(subject), "run:%lld", (long long)run);
	if ((r = db_audit(user, "enrolment.withdraw", subject, NULL, now)) !=
	    DB_OK)
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

static void
roster_row(struct dbq *q, struct seat_row *s)
{
	memset(s, 0, sizeof(*s));
	s->enrolment = db_col_int64(q, 0);
	s->user = db_col_int64(q, 1);
	TEXT(q, 2, s->name);
	TEXT(q, 3, s->account);
	TEXT(q, 4, s->school);
	(void)seat_status_parse(db_col_text(q, 5),
	    &s->status);
	s->position = (int)db_col_int64(q, 6);	/* seq for now */
	s->score = db_col_int(q, 7);
	TEXT(q, 8, s->result);
	s->attended = db_col_int(q, 9);
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
	struct dbq	*q = st(ST_RUN_ROSTER);
	struct seat_row	 s;
	int		 rc, pos = 0;

	db_bind_int64(q, 1, run);
	db_bind_int(q, 2, with_withdrawn);
	while ((rc = sqlite3_step(SQ(q))) == SQLITE_ROW) {
		roster_row(q, &s);
		s.run = run;
		s.position = s.status == SEAT_WAITLISTED ? ++pos : 0;
		if (!fn(&s, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(SQ(q));
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_RUN_ROSTER]));
}

/* A person's runs (not withdrawn), with progress and queue positions. */
enum db_result
db_my_seats(int64_t user, int (*fn)(const struct seat_row *, void *),
    void *arg)
{
	struct dbq	*q = st(ST_MY_ENROLMENTS);
	struct seat_row	 s;
	int		 rc;

	db_bind_int64(q, 1, user);
	while ((rc = sqlite3_step(SQ(q))) == SQLITE_ROW) {
		memset(&s, 0, sizeof(s));
		s.user = user;
		s.run = db_col_int64(q, 0);
		TEXT(q, 1, s.course);
		TEXT(q, 2, s.title_zh);
		TEXT(q, 3, s.title_en);
		TEXT(q, 4, s.starts);
		TEXT(q, 5, s.ends);
		(void)seat_status_parse(db_col_text(q,
		    6), &s.status);
		s.promoted = db_col_int64(q, 7);
		s.score = db_col_int(q, 8);
		TEXT(q, 9, s.result);
		s.attended = db_col_int(q, 10);
		s.sessions = db_col_int(q, 11);
		s.position = s.status == SEAT_WAITLISTED ?
		    db_col_int(q, 12) : 0;
		s.pass_mark = db_col_int(q, 13);
		s.attendance = db_col_int(q, 14);
		if (!fn(&s, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(SQ(q));
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_MY_ENROLMENTS]));
}

enum db_result
db_attendance_of_run(int64_t run, int (*fn)(int64_t, int, int, void *),
    void *arg)
{
	struct dbq	*q = st(ST_ATTEND_OF_RUN);
	int		 rc;

	db_bind_int64(q, 1, run);
	while ((rc = sqlite3_step(SQ(q))) == SQLITE_ROW) {
		if (!fn(db_col_int64(q, 0), db_col_int(q, 1),
		    db_col_int(q, 2), arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(SQ(q));
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_ATTEND_OF_RUN]));
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
		q = st(ST_ATTEND_SET);
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
	int		 rc;

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
	q = st(ST_ATTENDED_COUNT);
	db_bind_int64(q, 1, run);
	db_bind_int64(q, 2, user);
	if ((rc = sqlite3_step(SQ(q))) == SQLITE_ROW)
		attended = db_col_int64(q, 0);
	sqlite3_reset(SQ(q));
	if (rc != SQLITE_ROW) {
		r = db_map(rc, stmt_sql[ST_ATTENDED_COUNT]);
		goto fail;
	}
	*passed = seat_passed(score, c.pass_mark, (int)attended, c.sessions,
	    c.attendance);
	q = st(ST_RESULT_SET);
	db_bind_int64(q, 1, id);
	db_bind_int(q, 2, score);
	db_bind_text(q, 3, *passed ? "passed" : "failed");
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (*passed) {
		q = st(ST_COMPLETION_INSERT);
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
 * Import a partner school's roster into run, all rows in one transaction:
 * new accounts (no password; a one-time activation code goes to
 * rows[i].code, its digest to the store; other rows' code is empty) or existing ones by account,
 * each enrolled while seats last and waitlisted after, in file order.
 * Enrolment windows and prerequisites are the staff's call here; the
 * capacity is not. Any failure rolls the whole roster back.
 */
enum db_result
db_roster_import(int64_t run, struct roster_row *rows, size_t n,
    int64_t actor, int64_t now)
{
	struct user	 u;
	struct run	 rr;
	struct dbq	*q;
	enum db_result	 r;
	char		 digest[TOKEN_HEX], pw[PWHASH_LEN], subject[32];
	char		 detail[32];
	size_t		 i;
	int		 enrolled, rc;
	int64_t		 id, seq;
	enum seat_status status;

	/* Codes are drawn before the write lock is taken: whatever can be
	 * done outside it shortens the time other writers wait. */
	for (i = 0; i < n; i++)
		secret_password_new(rows[i].code, 11);
	if ((r = BEGIN()) != DB_OK) {
		for (i = 0; i < n; i++)
			secret_wipe(rows[i].code, sizeof(rows[i].code));
		return (r);
	}
	if ((r = db_run_get(run, &rr)) != DB_OK)
		goto fail;
	enrolled = rr.enrolled;
	for (i = 0; i < n; i++) {
		r = db_user_by_account(rows[i].account, &u, pw, sizeof(pw));
		if (r == DB_NOTFOUND) {
			secret_token_hash(rows[i].code, digest);
			q = st(ST_USER_INSERT_ROSTER);
			db_bind_text(q, 1, rows[i].name);
			db_bind_text(q, 2, rows[i].account);
			db_bind_text(q, 3, track_code(rows[i].track));
			db_bind_int64(q, 4, now);
			if (rows[i].school[0] != '\0')
				db_bind_text(q, 5, rows[i].school);
			db_bind_text(q, 6, digest);
			db_bind_int64(q, 7, now + ACTIVATION_TTL);
			if ((r = db_exec(q)) != DB_OK)
				goto fail;
			u.id = db_last_id();
			rows[i].created = 1;
		} else if (r != DB_OK)
			goto fail;
		else if (u.role != ROLE_APPRENTICE) {
			r = DB_CONFLICT;	/* a master or staff login */
			goto fail;
		}
		else if (!u.verified || strcmp(u.name, rows[i].name) != 0) {
			/*
			 * Rosters never hijack: a number someone registered
			 * and never proved, or an account under another
			 * name, is not given this seat (nor later the
			 * completion and the certificate). Staff see both
			 * names and sort it out with the person.
			 */
			rows[i].conflict = 1;
			rows[i].holder_verified = u.verified > 0;
			(void)snprintf(rows[i].holder, sizeof(rows[i].holder),
			    "%s", u.name);
			if ((r = db_audit(actor, "roster.conflict",
			    rows[i].account, u.verified ? "name" :
			    "unverified", now)) != DB_OK)
				goto fail;
			continue;
		}
		if ((r = seat_get(run, u.id, &id, &status, &seq)) != DB_OK)
			goto fail;
		if (status == SEAT_ENROLLED || status == SEAT_WAITLISTED) {
			rows[i].status = status;
			continue;
		}
		rows[i].status = enrolled < rr.capacity ? SEAT_ENROLLED :
		    SEAT_WAITLISTED;
		if (rows[i].status == SEAT_ENROLLED)
			enrolled++;
		q = st(ST_ENROLMENT_UPSERT);
		db_bind_int64(q, 1, run);
		db_bind_int64(q, 2, u.id);
		db_bind_text(q, 3, seat_status_code(rows[i].status));
		db_bind_int64(q, 4, now);
		rc = sqlite3_step(SQ(q));
		sqlite3_reset(SQ(q));
		if (rc != SQLITE_ROW) {
			r = db_map(rc, stmt_sql[ST_ENROLMENT_UPSERT]);
			goto fail;
		}
	}
	secret_wipe(digest, sizeof(digest));
	(void)snprintf(subject, sizeof(subject), "run:%lld", (long long)run);
	(void)snprintf(detail, sizeof(detail), "rows=%zu", n);
	if ((r = db_audit(actor, "roster.import", subject, detail, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	for (i = 0; i < n; i++)		/* known accounts: no code */
		if (!rows[i].created)
			secret_wipe(rows[i].code, sizeof(rows[i].code));
	return (DB_OK);
fail:
	ROLLBACK();
	for (i = 0; i < n; i++) {
		secret_wipe(rows[i].code, sizeof(rows[i].code));
		rows[i].created = 0;
	}
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
	int		 rc;
	int64_t		 now = (int64_t)time(NULL);

	secret_token_hash(code, digest);
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = st(ST_USER_ACTIVATE);
	db_bind_text(q, 1, account);
	db_bind_text(q, 2, digest);
	db_bind_text(q, 3, pwhash);
	db_bind_int64(q, 4, now);
	rc = sqlite3_step(SQ(q));
	if (rc == SQLITE_ROW)
		*id = db_col_int64(q, 0);
	sqlite3_reset(SQ(q));
	if (rc != SQLITE_ROW) {
		ROLLBACK();
		return (rc == SQLITE_DONE ? DB_NOTFOUND :
		    db_map(rc, stmt_sql[ST_USER_ACTIVATE]));
	}
	(void)snprintf(subject, sizeof(subject), "user:%lld", (long long)*id);
	if ((r = db_audit(*id, "user.activate", subject, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}
