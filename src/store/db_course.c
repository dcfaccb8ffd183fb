/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_course.c: typed wrappers for the catalogue synced from courses/ and
 * the runs of its courses (db_seat.c has the seats in them). The SQL is
 * in sql.c's statement table.
 *
 * Every change that must not be seen half-done (a sync, an enrolment and
 * its promotion, a roster) runs in one BEGIN IMMEDIATE transaction: the
 * write lock is taken before the facts are read, so two workers deciding
 * about the last seat are served one after the other.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "db_int.h"
#include "secret.h"

/* People moved up from a waitlist per statement (db_promote()). */
#define SEAT_PROMOTE_BATCH	64

static void	 course_row(struct dbq *, void *);
static void	 run_row(struct dbq *, void *);
static enum db_result run_notice(const struct run *, enum notify_kind,
		    struct notice *);

/* A course row; body is borrowed from the statement until it is reset. */
static void
course_row(struct dbq *q, void *arg)
{
	struct course	*c = arg;

	memset(c, 0, sizeof(*c));
	TEXT(q, 0, c->code);
	TEXT(q, 1, c->title_zh);
	TEXT(q, 2, c->title_en);
	(void)course_track_parse(db_col_text(q, 3), &c->track);
	(void)stage_parse(db_col_text(q, 4), &c->stage);
	c->hours = db_col_int(q, 5);
	c->sessions = db_col_int(q, 6);
	c->capacity = db_col_int(q, 7);
	c->pass_mark = db_col_int(q, 8);
	c->attendance = db_col_int(q, 9);
	(void)role_parse(db_col_text(q, 10),
	    &c->instructor);
	TEXT(q, 11, c->opens);
	TEXT(q, 12, c->closes);
	c->body = (char *)db_col_text(q, 13);
}

static void
run_row(struct dbq *q, void *arg)
{
	struct run	*r = arg;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int64(q, 0);
	TEXT(q, 1, r->course);
	TEXT(q, 2, r->starts);
	TEXT(q, 3, r->ends);
	r->capacity = db_col_int(q, 4);
	r->instructor = db_col_int64(q, 5);
	TEXT(q, 6, r->instructor_name);
	r->enrolled = db_col_int(q, 7);
	r->waitlisted = db_col_int(q, 8);
}

/*
 * Load n parsed courses (files[i] names the file of courses[i]) in one
 * transaction: each course's row, prerequisites and search entry are
 * replaced. Runs and enrolments are not touched. A prerequisite naming a
 * course that is neither in this set nor already loaded fails the whole
 * sync with DB_CONFLICT (the deferred foreign key), so the store never
 * holds half a catalogue.
 */
enum db_result
db_courses_sync(const struct course *courses, const char *const *files,
    size_t n, int64_t now)
{
	const struct course	*c;
	struct dbq		*q;
	enum db_result		 r;
	size_t			 i;
	int			 k;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	for (i = 0; i < n; i++) {
		c = &courses[i];
		q = db_st(ST_COURSE_UPSERT);
		db_bind_text(q, 1, c->code);
		db_bind_text(q, 2, c->title_zh);
		db_bind_text(q, 3, c->title_en);
		db_bind_text(q, 4, course_track_code(c->track));
		db_bind_text(q, 5, stage_code(c->stage));
		db_bind_int(q, 6, c->hours);
		db_bind_int(q, 7, c->sessions);
		db_bind_int(q, 8, c->capacity);
		db_bind_int(q, 9, c->pass_mark);
		db_bind_int(q, 10, c->attendance);
		db_bind_text(q, 11, role_code(c->instructor));
		db_bind_text(q, 12, c->opens);
		db_bind_text(q, 13, c->closes);
		db_bind_text(q, 14, c->body);
		db_bind_text(q, 15, files[i]);
		db_bind_int64(q, 16, now);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
		q = db_st(ST_COURSE_PREREQ_CLEAR);
		db_bind_text(q, 1, c->code);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
		for (k = 0; k < c->nprereqs; k++) {
			q = db_st(ST_COURSE_PREREQ_ADD);
			db_bind_text(q, 1, c->code);
			db_bind_text(q, 2, c->prereqs[k]);
			if ((r = db_exec(q)) != DB_OK)
				goto fail;
		}
		q = db_st(ST_COURSE_SEARCH_DELETE);
		db_bind_text(q, 1, c->code);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
		q = db_st(ST_COURSE_SEARCH_ADD);
		db_bind_text(q, 1, c->code);
		db_bind_text(q, 2, c->title_zh);
		db_bind_text(q, 3, c->title_en);
		db_bind_text(q, 4, c->body);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
	}
	if ((r = db_audit(0, "course.sync", NULL, NULL, now)) != DB_OK)
		goto fail;
	if ((r = COMMIT()) != DB_OK)	/* deferred FKs are checked here */
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* A course row with its body copied with strdup (NULL: out of memory). */
static void
course_copy(struct dbq *q, void *arg)
{
	struct course	*c = arg;

	course_row(q, c);
	c->body = strdup(c->body != NULL ? c->body : "");
}

/* One course; c->body is copied with strdup (course_free() it). */
enum db_result
db_course_get(const char *code, struct course *c)
{
	struct dbq	*q = db_st(ST_COURSE_GET);
	enum db_result	 r;

	db_bind_text(q, 1, code);
	if ((r = db_one(q, course_copy, c)) != DB_OK)
		return (r);
	return (c->body != NULL ? DB_OK : DB_ERROR);
}

/* DB_OK when a course with code is in the store, DB_NOTFOUND if not. */
enum db_result
db_course_exists(const char *code)
{
	struct course	 c;
	enum db_result	 r;

	if ((r = db_course_get(code, &c)) == DB_OK)
		course_free(&c);
	return (r);
}

struct course_each {
	int	(*fn)(const struct course *, void *);
	void	*arg;
};

static int
course_each_row(struct dbq *q, void *arg)
{
	struct course_each	*e = arg;
	struct course		 c;

	course_row(q, &c);
	return (e->fn(&c, e->arg) != 0);
}

/*
 * Call fn for each course matching f, in catalogue order (stage, code);
 * the course (and its body) is borrowed for the call. Free text of three
 * or more characters uses the trigram full-text index; shorter text (a
 * two-character Chinese word such as 玉镯) falls back to LIKE, with the
 * wildcards in the reader's text escaped.
 */
enum db_result
db_course_list(const struct course_filter *f,
    int (*fn)(const struct course *, void *), void *arg)
{
	struct course_each	 e = { fn, arg };
	enum stmt		 s = ST_COURSE_LIST;
	struct dbq		*q;
	char			 pat[512];
	size_t			 n, i, o;

	if (f->query != NULL && *f->query != '\0') {
		(void)utf8_chars(f->query, &n);
		o = 0;
		if (n >= 3) {
			s = ST_COURSE_LIST_MATCH;
			pat[o++] = '"';		/* one phrase, quotes doubled */
			for (i = 0; f->query[i] != '\0' && o + 3 < sizeof(pat);
			    i++) {
				if (f->query[i] == '"')
					pat[o++] = '"';
				pat[o++] = f->query[i];
			}
			pat[o++] = '"';
		} else {
			s = ST_COURSE_LIST_LIKE;
			pat[o++] = '%';
			for (i = 0; f->query[i] != '\0' && o + 3 < sizeof(pat);
			    i++) {
				if (strchr("%_\\", f->query[i]) != NULL)
					pat[o++] = '\\';
				pat[o++] = f->query[i];
			}
			pat[o++] = '%';
		}
		pat[o] = '\0';
	}
	q = db_st(s);
	if (f->track != NULL)
		db_bind_text(q, 1, f->track);
	if (f->stage != NULL)
		db_bind_text(q, 2, f->stage);
	db_bind_int(q, 3, f->open_only);
	db_bind_text(q, 4, f->today);
	if (s != ST_COURSE_LIST)
		db_bind_text(q, 5, pat);
	return (db_each(q, course_each_row, &e));
}

struct prereqs {
	struct prereq	*out;
	int		*n;
};

static int
prereq_row(struct dbq *q, void *arg)
{
	struct prereqs	*p = arg;

	if (*p->n >= COURSE_PREREQ_MAX)
		return (0);
	TEXT(q, 0, p->out[*p->n].code);
	TEXT(q, 1, p->out[*p->n].title_zh);
	TEXT(q, 2, p->out[*p->n].title_en);
	(*p->n)++;
	return (1);
}

/*
 * The prerequisites of a course into out (COURSE_PREREQ_MAX), *n set:
 * all of them when user is 0, else only those the user has not completed.
 */
enum db_result
db_course_prereqs(const char *code, int64_t user, struct prereq *out, int *n)
{
	enum stmt	 s = user ? ST_PREREQS_MISSING : ST_COURSE_PREREQS;
	struct dbq	*q = db_st(s);
	struct prereqs	 p = { out, n };

	*n = 0;
	db_bind_text(q, 1, code);
	if (user)
		db_bind_int64(q, 2, user);
	return (db_each(q, prereq_row, &p));
}

static void
bind_run_edit(struct dbq *q, const struct run_edit *e)
{
	db_bind_text(q, 2, e->starts);
	db_bind_text(q, 3, e->ends);
	db_bind_int(q, 4, e->capacity);
	if (e->instructor > 0)
		db_bind_int64(q, 5, e->instructor);
	else
		db_bind_null(q, 5);
}

/* A new run of course; DB_CONFLICT for an unknown course or instructor. */
enum db_result
db_run_create(const char *course, const struct run_edit *e, int64_t actor,
    int64_t *id)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 now = (int64_t)time(NULL);

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_RUN_INSERT);
	db_bind_text(q, 1, course);
	bind_run_edit(q, e);
	db_bind_int64(q, 6, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = db_audit_id(actor, "run.create", "run", *id, course, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

struct promoted {
	int64_t	users[SEAT_PROMOTE_BATCH];
	int	n;
};

static int
promoted_row(struct dbq *q, void *arg)
{
	struct promoted	*p = arg;

	if (p->n < SEAT_PROMOTE_BATCH)		/* LIMIT keeps it so */
		p->users[p->n++] = db_col_int64(q, 0);
	return (1);
}

/*
 * Promote from run's waitlist into its free seats, first come first
 * served, unless the run is over; *promoted counts them. Runs inside the
 * caller's transaction.
 */
enum db_result
db_promote(int64_t run, int64_t now, int *promoted)
{
	struct run	 rr;
	struct notice	 n;
	struct promoted	 p;
	struct dbq	*q;
	enum db_result	 r;
	int		 i, k;
	char		 subject[32], today[11];

	*promoted = 0;
	if ((r = db_run_get(run, &rr)) != DB_OK)
		return (r);
	seat_today((time_t)now, today);
	if (strcmp(today, rr.ends) > 0)
		return (DB_OK);		/* over: nobody moves up into it */
	if ((r = run_notice(&rr, NOTIFY_PROMOTED, &n)) != DB_OK)
		return (r);
	/* In rounds of SEAT_PROMOTE_BATCH, each told in this transaction. */
	while ((k = seat_promotions(rr.capacity, rr.enrolled + *promoted,
	    rr.waitlisted - *promoted)) > 0) {
		if (k > SEAT_PROMOTE_BATCH)
			k = SEAT_PROMOTE_BATCH;
		q = db_st(ST_WAITLIST_PROMOTE);
		db_bind_int64(q, 1, run);
		db_bind_int(q, 2, k);
		db_bind_int64(q, 3, now);
		p.n = 0;
		if ((r = db_each(q, promoted_row, &p)) != DB_OK)
			return (r);
		if ((k = p.n) == 0)
			break;
		*promoted += k;
		for (i = 0; i < k; i++)
			if ((r = db_inbox_add_tx(p.users[i], &n, now)) != DB_OK)
				return (r);
	}
	if (*promoted == 0)
		return (DB_OK);
	(void)snprintf(subject, sizeof(subject), "run:%lld", (long long)run);
	return (db_audit(0, "enrolment.promote", subject, NULL, now));
}

static void
run_subject_row(struct dbq *q, void *arg)
{
	struct notice	*n = arg;

	TEXT(q, 0, n->subject_zh);
	TEXT(q, 1, n->subject_en);
}

/*
 * The facts of a message about run rr: its course's titles, its dates,
 * its capacity, and a link to the course's page.
 */
static enum db_result
run_notice(const struct run *rr, enum notify_kind kind, struct notice *n)
{
	struct dbq	*q = db_st(ST_INBOX_RUN_COURSE);
	enum db_result	 r;
	char		 dates[32];

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	db_bind_int64(q, 1, rr->id);
	if ((r = db_one(q, run_subject_row, n)) != DB_OK)
		return (r);
	if (kind == NOTIFY_RUN_CHANGED) {
		(void)snprintf(dates, sizeof(dates), "%s – %s", rr->starts,
		    rr->ends);
		notify_set(n->ref, sizeof(n->ref), dates);
	} else
		notify_set(n->ref, sizeof(n->ref), rr->starts);
	n->num = rr->capacity;
	(void)snprintf(n->link, sizeof(n->link), "/courses/%s", rr->course);
	return (DB_OK);
}

/*
 * Change a run's dates, capacity or instructor. Raising the capacity
 * gives the new seats to the head of the waitlist at once (*promoted).
 * When the dates or the capacity change, everyone enrolled or waiting is
 * told, in the same transaction (an instructor change alone tells no one).
 */
enum db_result
db_run_update(int64_t id, const struct run_edit *e, int64_t actor,
    int *promoted)
{
	struct run	 old, now_run;
	struct notice	 n;
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 now = (int64_t)time(NULL);

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_run_get(id, &old)) != DB_OK)
		goto fail;
	q = db_st(ST_RUN_UPDATE);
	db_bind_int64(q, 1, id);
	bind_run_edit(q, e);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (db_changes() == 0) {
		r = DB_NOTFOUND;
		goto fail;
	}
	if ((r = db_audit_id(actor, "run.update", "run", id, NULL, now)) !=
	    DB_OK ||
	    (r = db_run_get(id, &now_run)) != DB_OK)
		goto fail;
	if (strcmp(old.starts, now_run.starts) != 0 ||
	    strcmp(old.ends, now_run.ends) != 0 ||
	    old.capacity != now_run.capacity) {
		if ((r = run_notice(&now_run, NOTIFY_RUN_CHANGED, &n)) !=
		    DB_OK || (r = db_inbox_add_each_tx(ST_INBOX_RUN_PEOPLE, id,
		    &n, now)) != DB_OK)
			goto fail;
	}
	if ((r = db_promote(id, now, promoted)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* One run by id, with its seat counts; DB_NOTFOUND when unknown. */
enum db_result
db_run_get(int64_t id, struct run *out)
{
	struct dbq	*q = db_st(ST_RUN_GET);

	db_bind_int64(q, 1, id);
	return (db_one(q, run_row, out));
}

struct run_each {
	int	(*fn)(const struct run *, void *);
	void	*arg;
};

static int
run_each_row(struct dbq *q, void *arg)
{
	struct run_each	*e = arg;
	struct run	 r;

	run_row(q, &r);
	return (e->fn(&r, e->arg) != 0);
}

/* Step a bound statement of RUN_COLS rows, calling fn for each run. */
static enum db_result
runs_each(struct dbq *q, int (*fn)(const struct run *, void *), void *arg)
{
	struct run_each	 e = { fn, arg };

	return (db_each(q, run_each_row, &e));
}

/* The runs of a course, soonest first. */
enum db_result
db_runs_of_course(const char *code, int (*fn)(const struct run *, void *),
    void *arg)
{
	struct dbq	*q = db_st(ST_RUNS_OF_COURSE);

	db_bind_text(q, 1, code);
	return (runs_each(q, fn, arg));
}

/* The runs a master (or staff member) teaches, soonest first. */
enum db_result
db_runs_of_instructor(int64_t user, int (*fn)(const struct run *, void *),
    void *arg)
{
	struct dbq	*q = db_st(ST_RUNS_OF_INSTRUCTOR);

	db_bind_int64(q, 1, user);
	return (runs_each(q, fn, arg));
}

/* The catalogue's version: it moves whenever a course, run or seat does. */
enum db_result
db_catalogue_version(int64_t *n)
{
	return (db_count(ST_CATALOGUE_VERSION, NULL, 0, n));
}
