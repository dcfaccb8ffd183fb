/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_jobs.c: the store's side of 就业 jobs — employers registering with
 * their business and staff approving or suspending them, postings and
 * their review, applications with what each applicant chose to show, the
 * steps an application takes, and the dashboard's placements. Every
 * change is one transaction with its audit row and the inbox messages it
 * causes, so a refused or rolled-back change tells nobody. Functions
 * return enum db_result (did the mechanism work) and, where the business
 * may refuse, a separate enum job_verdict.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"
#include "notify.h"

/* Each step's message (both sides get it). */
static const enum notify_kind step_kinds[JOB__STEPS] = {
	[JOB_APPLIED] = NOTIFY_JOB_APPLIED,
	[JOB_VIEWED] = NOTIFY_JOB_VIEWED,
	[JOB_INTERVIEW] = NOTIFY_JOB_INTERVIEW,
	[JOB_OFFER] = NOTIFY_JOB_OFFER,
	[JOB_DECLINED] = NOTIFY_JOB_DECLINED,
	[JOB_HIRED] = NOTIFY_JOB_HIRED,
	[JOB_WITHDRAWN] = NOTIFY_JOB_WITHDRAWN,
};

static void
employer_row(struct dbq *q, void *arg)
{
	struct employer	*e = arg;

	memset(e, 0, sizeof(*e));
	e->id = db_col_int64(q, 0);
	e->user = db_col_int64(q, 1);
	TEXT(q, 2, e->business);
	TEXT(q, 3, e->credit_code);
	TEXT(q, 4, e->contact);
	TEXT(q, 5, e->account);
	e->verified = db_col_int64(q, 6) != 0;
	if (!employer_status_parse(db_col_text(q, 7),
	    &e->status))
		e->status = EMPLOYER_SUSPENDED;
	TEXT(q, 8, e->reason);
	e->decided = db_col_int64(q, 9);
	e->created = db_col_int64(q, 10);
	e->postings = db_col_int(q, 11);
}

static void
posting_row(struct dbq *q, void *arg)
{
	struct posting	*p = arg;

	memset(p, 0, sizeof(*p));
	p->id = db_col_int64(q, 0);
	p->employer = db_col_int64(q, 1);
	p->employer_user = db_col_int64(q, 2);
	TEXT(q, 3, p->business);
	if (!employer_status_parse(db_col_text(q, 4),
	    &p->employer_status))
		p->employer_status = EMPLOYER_SUSPENDED;
	TEXT(q, 5, p->title);
	if (!track_parse(db_col_text(q, 6), &p->track))
		p->track = TRACK_CARVER;
	p->level = db_col_int(q, 7);
	p->pay_min = db_col_int64(q, 8);
	p->pay_max = db_col_int64(q, 9);
	TEXT(q, 10, p->place);
	TEXT(q, 11, p->closes);
	TEXT(q, 12, p->description);
	if (!posting_status_parse(db_col_text(q, 13),
	    &p->status))
		p->status = POSTING_HIDDEN;
	TEXT(q, 14, p->reason);
	p->created = db_col_int64(q, 15);
	p->applicants = db_col_int(q, 16);
}

static void
application_row(struct dbq *q, void *arg)
{
	struct application	*a = arg;

	memset(a, 0, sizeof(*a));
	a->id = db_col_int64(q, 0);
	a->posting = db_col_int64(q, 1);
	a->applicant = db_col_int64(q, 2);
	a->employer_user = db_col_int64(q, 3);
	TEXT(q, 4, a->title);
	TEXT(q, 5, a->business);
	TEXT(q, 6, a->applicant_name);
	TEXT(q, 7, a->applicant_account);
	TEXT(q, 8, a->message);
	a->contact = db_col_int(q, 9);
	if (!job_step_parse(db_col_text(q, 10),
	    &a->step))
		a->step = JOB_WITHDRAWN;
	a->created = db_col_int64(q, 11);
	a->updated = db_col_int64(q, 12);
}

/*
 * The row statement s finds for id (its one integer parameter), read by
 * row() into out; DB_NOTFOUND when there is none.
 */
static enum db_result
one_row(enum stmt s, int64_t id, db_row_fn *row, void *out)
{
	struct dbq	*q = db_st(s);

	db_bind_int64(q, 1, id);
	return (db_one(q, row, out));
}

/*
 * A list's row function (db_each()) reads its row into item, lent by the
 * wrapper, and hands it to the caller's callback of that list's type.
 */
struct each {
	int	(*employer)(const struct employer *, void *);
	int	(*posting)(const struct posting *, void *);
	int	(*application)(const struct application *, void *);
	int	(*placement)(const struct placement_row *, void *);
	void	*arg;
	void	*item;
};

/*
 * A newcomer employer: their account (role employer, unverified until
 * their code comes back), their consent to the privacy notice of
 * `version` and the business (pending staff's approval), in one
 * transaction. DB_CONFLICT when the account or the credit code is taken
 * (the UNIQUE indexes decide a race).
 */
enum db_result
db_employer_register(const struct user_new *n, int version,
    const char *business, const char *code, int64_t *id)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 now = (int64_t)time(NULL);

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_user_insert_tx(n, 0, id)) != DB_OK ||
	    (r = db_consent_notice_tx(*id, version, now)) != DB_OK)
		goto fail;
	q = db_st(ST_EMPLOYER_INSERT);
	db_bind_int64(q, 1, *id);
	db_bind_text(q, 2, business);
	db_bind_text(q, 3, code);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(*id, "employer.register", "user", *id, code,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/*
 * The business of an existing employer account user (made by the station
 * itself: the demo), pending staff's approval, its id to *id.
 * DB_CONFLICT when the account has one or the credit code is taken.
 */
enum db_result
db_employer_add(int64_t user, const char *business, const char *code,
    int64_t now, int64_t *id)
{
	struct dbq	*q = db_st(ST_EMPLOYER_INSERT);
	enum db_result	 r;

	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, business);
	db_bind_text(q, 3, code);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	*id = db_last_id();
	return (DB_OK);
}

/* Whether a business with this (normalised) credit code is registered:
 * the form's fast answer; the UNIQUE index still decides races. */
enum db_result
db_employer_code_taken(const char *code, int *taken)
{
	int64_t		 n = 0;
	enum db_result	 r;

	r = db_count(ST_EMPLOYER_BY_CODE, code, 0, &n);
	*taken = n > 0;
	return (r);
}

/* The business of employer account user; DB_NOTFOUND when none. */
enum db_result
db_employer_of_user(int64_t user, struct employer *e)
{
	return (one_row(ST_EMPLOYER_OF_USER, user, employer_row, e));
}

/* Employer id; DB_NOTFOUND when none. */
enum db_result
db_employer_get(int64_t id, struct employer *e)
{
	return (one_row(ST_EMPLOYER_GET, id, employer_row, e));
}

static int
employer_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	employer_row(q, e->item);
	return (e->employer(e->item, e->arg) != 0);
}

/* Employers for staff, those awaiting approval first, at most limit. */
enum db_result
db_employers(int limit, int (*cb)(const struct employer *, void *),
    void *arg)
{
	struct employer	 row;
	struct each	 e = { .employer = cb, .arg = arg, .item = &row };
	struct dbq	*q = db_st(ST_EMPLOYERS);

	db_bind_int(q, 1, limit);
	return (db_each(q, employer_each, &e));
}

/*
 * Staff's decision on an employer or a posting: statement s sets row id
 * to state, with reason, by staff member by; user `told` gets tell (its
 * detail the reason) and the audit line is action on kind:id.
 */
struct decision {
	enum stmt	 s;
	int64_t		 id, by, now, told;
	const char	*state, *reason, *action, *kind;
	struct notice	 tell;
};

/*
 * Inside the caller's transaction: record, tell and audit decision d.
 * *v = JOBV_STATE, and nothing written, when the row is in that state
 * already (the caller rolls back).
 */
static enum db_result
decide(struct decision *d, enum job_verdict *v)
{
	struct dbq	*q = db_st(d->s);
	enum db_result	 r;

	db_bind_int64(q, 1, d->id);
	db_bind_text(q, 2, d->state);
	db_bind_text(q, 3, d->reason != NULL ? d->reason : "");
	db_bind_int64(q, 4, d->by);
	db_bind_int64(q, 5, d->now);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	if (db_changes() == 0) {
		*v = JOBV_STATE;
		return (DB_OK);
	}
	notify_set(d->tell.detail, sizeof(d->tell.detail), d->reason);
	if ((r = db_inbox_add_tx(d->told, &d->tell, d->now)) != DB_OK)
		return (r);
	return (db_audit_id(d->by, d->action, d->kind, d->id, d->reason,
	    d->now));
}

/*
 * Staff approve (EMPLOYER_APPROVED) or suspend (EMPLOYER_SUSPENDED, with
 * reason) employer id; the employer is told. While suspended its
 * postings do not show and take no applications (POSTING_OPEN in db.c
 * asks for an approved employer). *v = JOBV_STATE when it is in that
 * state already. DB_NOTFOUND when there is no such employer.
 */
enum db_result
db_employer_decide(int64_t id, enum employer_status to, const char *reason,
    int64_t by, int64_t now, enum job_verdict *v)
{
	struct decision	 d = { .s = ST_EMPLOYER_DECIDE, .id = id, .by = by,
			    .now = now, .state = employer_status_code(to),
			    .reason = reason, .kind = "employer",
			    .action = to == EMPLOYER_APPROVED ?
			    "employer.approve" : "employer.suspend" };
	struct employer	 e;
	enum db_result	 r;

	*v = JOBV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_employer_get(id, &e)) != DB_OK)
		goto fail;
	d.told = e.user;
	d.tell.kind = to == EMPLOYER_APPROVED ? NOTIFY_EMPLOYER_APPROVED :
	    NOTIFY_EMPLOYER_SUSPENDED;
	notify_set(d.tell.subject_zh, sizeof(d.tell.subject_zh), e.business);
	(void)snprintf(d.tell.link, sizeof(d.tell.link), "/employer");
	if ((r = decide(&d, v)) != DB_OK || *v != JOBV_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * A posting of an approved employer, pending staff's review. *v =
 * JOBV_EMPLOYER when the employer is not approved (pending, suspended).
 */
enum db_result
db_posting_create(const struct posting_new *n, int64_t now, int64_t *id,
    enum job_verdict *v)
{
	struct employer	 e;
	struct dbq	*q;
	enum db_result	 r;

	*v = JOBV_OK;
	*id = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_employer_get(n->employer, &e)) != DB_OK)
		goto fail;
	if (e.status != EMPLOYER_APPROVED) {
		*v = JOBV_EMPLOYER;
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_POSTING_INSERT);
	db_bind_int64(q, 1, n->employer);
	db_bind_text(q, 2, n->title);
	db_bind_text(q, 3, track_code(n->track));
	db_bind_int(q, 4, n->level);
	db_bind_int64(q, 5, n->pay_min);
	db_bind_int64(q, 6, n->pay_max);
	db_bind_text(q, 7, n->place);
	db_bind_text(q, 8, n->closes);
	db_bind_text(q, 9, n->description);
	db_bind_int64(q, 10, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = db_audit_id(e.user, "posting.create", "posting", *id, NULL,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/* Posting id with its employer, whatever its state; DB_NOTFOUND when
 * none (who may see it is the caller's question: jobs.c). */
enum db_result
db_posting_get(int64_t id, struct posting *p)
{
	return (one_row(ST_POSTING_GET, id, posting_row, p));
}

static int
posting_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	posting_row(q, e->item);
	return (e->posting(e->item, e->arg) != 0);
}

/* Every posting of the bound statement q, to cb (0 stops). */
static enum db_result
postings(struct dbq *q, int (*cb)(const struct posting *, void *),
    void *arg)
{
	struct posting	 row;
	struct each	 e = { .posting = cb, .arg = arg, .item = &row };

	return (db_each(q, posting_each, &e));
}

/*
 * The open postings on day today (YYYY-MM-DD), newest first: at most
 * limit from offset, and how many there are in all to *total.
 */
enum db_result
db_postings_open(const char *today, int offset, int limit,
    int (*cb)(const struct posting *, void *), void *arg, int64_t *total)
{
	struct dbq	*q;
	enum db_result	 r;

	if ((r = db_count(ST_POSTINGS_OPEN_COUNT, today, 0, total)) != DB_OK)
		return (r);
	q = db_st(ST_POSTINGS_OPEN);
	db_bind_text(q, 1, today);
	db_bind_int(q, 2, limit);
	db_bind_int(q, 3, offset);
	return (postings(q, cb, arg));
}

/* An employer's postings, newest first (at most 200). */
enum db_result
db_postings_of_employer(int64_t employer,
    int (*cb)(const struct posting *, void *), void *arg)
{
	struct dbq	*q = db_st(ST_POSTINGS_OF_EMPLOYER);

	db_bind_int64(q, 1, employer);
	return (postings(q, cb, arg));
}

/* Postings awaiting staff's review, oldest first, at most limit. */
enum db_result
db_postings_pending(int limit, int (*cb)(const struct posting *, void *),
    void *arg)
{
	struct dbq	*q = db_st(ST_POSTINGS_PENDING);

	db_bind_int(q, 1, limit);
	return (postings(q, cb, arg));
}

/*
 * Staff show (POSTING_OPEN) or hide (POSTING_HIDDEN, with reason)
 * posting id; its employer is told. *v = JOBV_STATE when it is in that
 * state already. DB_NOTFOUND when there is no such posting.
 */
enum db_result
db_posting_review(int64_t id, enum posting_status to, const char *reason,
    int64_t by, int64_t now, enum job_verdict *v)
{
	struct decision	 d = { .s = ST_POSTING_REVIEW, .id = id, .by = by,
			    .now = now, .state = posting_status_code(to),
			    .reason = reason, .kind = "posting",
			    .action = to == POSTING_OPEN ? "posting.approve" :
			    "posting.hide" };
	struct posting	 p;
	enum db_result	 r;

	*v = JOBV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_posting_get(id, &p)) != DB_OK)
		goto fail;
	d.told = p.employer_user;
	d.tell.kind = to == POSTING_OPEN ? NOTIFY_POSTING_APPROVED :
	    NOTIFY_POSTING_HIDDEN;
	notify_set(d.tell.subject_zh, sizeof(d.tell.subject_zh), p.title);
	(void)snprintf(d.tell.link, sizeof(d.tell.link), "/jobs/%lld",
	    (long long)id);
	if ((r = decide(&d, v)) != DB_OK || *v != JOBV_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* Tell both sides of application a (inside the caller's transaction). */
static enum db_result
application_tell(const struct application *a, enum job_step step,
    int64_t now)
{
	struct notice	 tell;
	enum db_result	 r;

	memset(&tell, 0, sizeof(tell));
	tell.kind = step_kinds[step];
	notify_set(tell.subject_zh, sizeof(tell.subject_zh), a->title);
	notify_set(tell.ref, sizeof(tell.ref), a->applicant_name);
	(void)snprintf(tell.link, sizeof(tell.link), "/applications/%lld",
	    (long long)a->id);
	if ((r = db_inbox_add_tx(a->applicant, &tell, now)) != DB_OK)
		return (r);
	return (db_inbox_add_tx(a->employer_user, &tell, now));
}

/* Write what an application shows (kind "cert" or "work"). */
static enum db_result
shown_add(int64_t application, const char *kind, const int64_t *ids,
    size_t n)
{
	struct dbq	*q;
	enum db_result	 r;
	size_t		 i;

	for (i = 0; i < n; i++) {
		q = db_st(ST_SHOWN_INSERT);
		db_bind_int64(q, 1, application);
		db_bind_text(q, 2, kind);
		db_bind_int64(q, 3, ids[i]);
		if ((r = db_exec(q)) != DB_OK)
			return (r);
	}
	return (DB_OK);
}

/*
 * Person applicant applies for posting with message, showing their
 * account to the employer when contact is set, and the certificates and
 * works of shown. Refused (*v, nothing written): JOBV_CLOSED when the
 * posting is not open on day today (pending, hidden, past its date, its
 * employer not approved); JOBV_NOT_YOURS when a certificate is not the
 * applicant's or a work is not theirs and public; JOBV_TWICE when they
 * applied before (the UNIQUE index decides a double submit). Both sides
 * are told. DB_NOTFOUND when there is no such posting.
 */
enum db_result
db_application_create(int64_t posting, int64_t applicant,
    const char *message, int contact, const struct job_shown *shown,
    const char *today, int64_t now, int64_t *id, enum job_verdict *v)
{
	struct cert		 c;
	struct work		 w;
	struct application	 a;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 open = 0;
	size_t			 i;

	*v = JOBV_OK;
	*id = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_count(ST_POSTING_IS_OPEN, today, posting, &open)) !=
	    DB_OK)
		goto fail;
	if (!open) {
		*v = JOBV_CLOSED;
		goto refused;
	}
	for (i = 0; i < shown->ncerts; i++) {
		if ((r = db_cert_get(shown->certs[i], &c)) == DB_NOTFOUND ||
		    (r == DB_OK && c.user != applicant)) {
			*v = JOBV_NOT_YOURS;
			goto refused;
		}
		if (r != DB_OK)
			goto fail;
	}
	for (i = 0; i < shown->nworks; i++) {
		if ((r = db_work_get(shown->works[i], &w)) == DB_NOTFOUND ||
		    (r == DB_OK && (w.user != applicant || !w.public))) {
			*v = JOBV_NOT_YOURS;
			goto refused;
		}
		if (r != DB_OK)
			goto fail;
	}
	q = db_st(ST_APPLICATION_INSERT);
	db_bind_int64(q, 1, posting);
	db_bind_int64(q, 2, applicant);
	db_bind_text(q, 3, message != NULL ? message : "");
	db_bind_int(q, 4, contact ? 1 : 0);
	db_bind_int64(q, 5, now);
	if ((r = db_exec(q)) == DB_CONFLICT) {
		*v = JOBV_TWICE;
		goto refused;
	}
	if (r != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = shown_add(*id, "cert", shown->certs, shown->ncerts)) !=
	    DB_OK ||
	    (r = shown_add(*id, "work", shown->works, shown->nworks)) !=
	    DB_OK ||
	    (r = db_application_get(*id, &a)) != DB_OK ||
	    (r = application_tell(&a, JOB_APPLIED, now)) != DB_OK ||
	    (r = db_audit_id(applicant, "application.create", "application",
	    *id, NULL, now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
refused:
	ROLLBACK();
	*id = 0;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/* Application id with its posting and people; DB_NOTFOUND when none
 * (whose it is to see is the caller's question: application.c). */
enum db_result
db_application_get(int64_t id, struct application *a)
{
	return (one_row(ST_APPLICATION_GET, id, application_row, a));
}

/* A row of SHOWN_OF: a certificate or a work, to its list while room. */
static int
shown_row(struct dbq *q, void *arg)
{
	struct job_shown	*s = arg;
	const char		*kind = db_col_text(q, 0);

	if (kind != NULL && strcmp(kind, "cert") == 0 &&
	    s->ncerts < JOB_SHOWN_MAX)
		s->certs[s->ncerts++] = db_col_int64(q, 1);
	else if (kind != NULL && strcmp(kind, "work") == 0 &&
	    s->nworks < JOB_SHOWN_MAX)
		s->works[s->nworks++] = db_col_int64(q, 1);
	return (1);
}

/* What application id shows: its certificates' and works' ids. */
enum db_result
db_application_shown(int64_t id, struct job_shown *s)
{
	struct dbq	*q = db_st(ST_SHOWN_OF);

	memset(s, 0, sizeof(*s));
	db_bind_int64(q, 1, id);
	return (db_each(q, shown_row, s));
}

static int
application_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	application_row(q, e->item);
	return (e->application(e->item, e->arg) != 0);
}

/* Every application of the bound statement q, to cb (0 stops). */
static enum db_result
applications(struct dbq *q, int (*cb)(const struct application *, void *),
    void *arg)
{
	struct application	 row;
	struct each		 e = { .application = cb, .arg = arg,
		    .item = &row };

	return (db_each(q, application_each, &e));
}

/* The applications to a posting, oldest first (at most 500). */
enum db_result
db_applications_of_posting(int64_t posting,
    int (*cb)(const struct application *, void *), void *arg)
{
	struct dbq	*q = db_st(ST_APPLICATIONS_OF_POSTING);

	db_bind_int64(q, 1, posting);
	return (applications(q, cb, arg));
}

/* A person's applications, newest first (at most 500). */
enum db_result
db_applications_of_user(int64_t user,
    int (*cb)(const struct application *, void *), void *arg)
{
	struct dbq	*q = db_st(ST_APPLICATIONS_OF_USER);

	db_bind_int64(q, 1, user);
	return (applications(q, cb, arg));
}

/*
 * Move application id to step `to`, by its applicant (by_applicant: a
 * withdrawal) or its employer, as job_step_allowed() says; both sides
 * are told. The update names the step it read, so of two clicks at once
 * one moves it and the other finds it moved: *v = JOBV_STEP, as for a
 * step not allowed. DB_NOTFOUND when there is no such application.
 */
enum db_result
db_application_step(int64_t id, enum job_step to, int by_applicant,
    int64_t actor, int64_t now, enum job_verdict *v)
{
	struct application	 a;
	struct dbq		*q;
	enum db_result		 r;

	*v = JOBV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_application_get(id, &a)) != DB_OK)
		goto fail;
	if (!job_step_allowed(a.step, to, by_applicant)) {
		*v = JOBV_STEP;
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_APPLICATION_STEP);
	db_bind_int64(q, 1, id);
	db_bind_text(q, 2, job_step_code(to));
	db_bind_text(q, 3, job_step_code(a.step));
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (db_changes() != 1) {
		*v = JOBV_STEP;
		ROLLBACK();
		return (DB_OK);
	}
	if ((r = application_tell(&a, to, now)) != DB_OK ||
	    (r = db_audit_id(actor, "application.step", "application", id,
	    job_step_code(to), now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

static void
placement_row(struct dbq *q, void *out)
{
	struct placement_row	*p = out;

	memset(p, 0, sizeof(*p));
	TEXT(q, 0, p->key);
	TEXT(q, 1, p->name_zh);
	TEXT(q, 2, p->name_en);
	p->people = db_col_int64(q, 3);
	p->hired = db_col_int64(q, 4);
}

static int
placement_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	placement_row(q, e->item);
	return (e->placement(e->item, e->arg) != 0);
}

/*
 * Placements (就业去向): by cohort (by_course 0: cohorts newest first)
 * or by course (its code), at most limit groups, each with its people
 * and how many of them were hired through an opening. Only groups with
 * a hire are listed: the query starts from the hires.
 */
enum db_result
db_dash_placements(int by_course, int limit,
    int (*cb)(const struct placement_row *, void *), void *arg)
{
	struct placement_row	 row;
	struct each		 e = { .placement = cb, .arg = arg,
		    .item = &row };
	enum stmt		 s = by_course ? ST_DASH_PLACE_COURSES :
				    ST_DASH_PLACE_COHORTS;
	struct dbq		*q = db_st(s);

	db_bind_int(q, 1, limit);
	return (db_each(q, placement_each, &e));
}
