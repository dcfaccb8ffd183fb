/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_incub.c: 孵化 incubation in the store — portfolios (works, their
 * photos, comments), cohorts with places, mentors and milestones that a
 * mentor signs off, masters' specialities, and the numbers of the staff
 * dashboard.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"

static void
work_row(struct dbq *q, void *arg)
{
	struct work	*w = arg;

	memset(w, 0, sizeof(*w));
	w->id = db_col_int64(q, 0);
	w->user = db_col_int64(q, 1);
	TEXT(q, 2, w->owner);
	TEXT(q, 3, w->title);
	TEXT(q, 4, w->material);
	TEXT(q, 5, w->technique);
	TEXT(q, 6, w->size);
	TEXT(q, 7, w->description);
	w->public = db_col_int(q, 8);
	w->created = db_col_int64(q, 9);
	w->updated = db_col_int64(q, 10);
	w->photos = db_col_int(q, 11);
	w->cover = db_col_int64(q, 12);
	w->held = db_col_int(q, 13);
}

static void
bind_work(struct dbq *q, const struct work_edit *e, int64_t now)
{
	db_bind_text(q, 2, e->title);
	db_bind_text(q, 3, e->material);
	db_bind_text(q, 4, e->technique);
	db_bind_text(q, 5, e->size);
	db_bind_text(q, 6, e->description);
	db_bind_int(q, 7, e->public != 0);
	db_bind_int64(q, 8, now);
}

/*
 * The limits of a person staff never set: YUJIANG_QUOTA_WORKS, _PHOTOS,
 * _BYTES, or 200 works, 1,000 photos and 2 GiB. Read at each call (a
 * getenv), so a test or an operator's change needs only a restart.
 */
static int64_t
quota_env(const char *name, int64_t fallback)
{
	const char	*v = getenv(name);
	char		*end;
	long long	 n;

	if (v == NULL || *v == '\0')
		return (fallback);
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end != '\0' || errno != 0 || n < 0)
		return (fallback);
	return ((int64_t)n);
}

void
db_quota_defaults(struct quota *q)
{
	memset(q, 0, sizeof(*q));
	q->max_works = quota_env("YUJIANG_QUOTA_WORKS", 200);
	q->max_photos = quota_env("YUJIANG_QUOTA_PHOTOS", 1000);
	q->max_bytes = quota_env("YUJIANG_QUOTA_BYTES",
	    (int64_t)2 * 1024 * 1024 * 1024);
}

enum db_result
db_quota_get(int64_t user, struct quota *out)
{
	struct dbq	*q = db_st(ST_QUOTA_USE);
	struct quota	 d;
	int64_t		 v[6];
	enum db_result	 r;

	db_quota_defaults(&d);
	db_bind_int64(q, 1, user);
	db_bind_int64(q, 2, d.max_works);
	db_bind_int64(q, 3, d.max_photos);
	db_bind_int64(q, 4, d.max_bytes);
	if ((r = db_one_ints(q, v, 6)) == DB_OK) {
		out->works = v[0];
		out->photos = v[1];
		out->bytes = v[2];
		out->max_works = v[3];
		out->max_photos = v[4];
		out->max_bytes = v[5];
	}
	return (r == DB_NOTFOUND ? DB_OK : r);	/* an aggregate: a row */
}

static void
bind_limit(struct dbq *q, int col, int64_t v)
{
	if (v < 0)
		db_bind_null(q, col);
	else
		db_bind_int64(q, col, v);
}

enum db_result
db_quota_set(int64_t user, int64_t works, int64_t photos, int64_t bytes,
    int64_t by, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;
	char		 subject[32], detail[96];

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_QUOTA_SET);
	db_bind_int64(q, 1, user);
	bind_limit(q, 2, works);
	bind_limit(q, 3, photos);
	bind_limit(q, 4, bytes);
	db_bind_int64(q, 5, by);
	db_bind_int64(q, 6, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	(void)snprintf(subject, sizeof(subject), "user:%lld",
	    (long long)user);
	(void)snprintf(detail, sizeof(detail), "works=%lld photos=%lld "
	    "bytes=%lld", (long long)works, (long long)photos,
	    (long long)bytes);
	if ((r = db_audit(by, "quota.set", subject, detail, now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* A row of DATA_USE: the bytes of "photos" or of the certificates. */
static int
data_use_row(struct dbq *q, void *arg)
{
	int64_t		*use = arg;	/* certificates, photos */
	const char	*kind = db_col_text(q, 0);

	use[kind != NULL && strcmp(kind, "photos") == 0] = db_col_int64(q, 1);
	return (1);
}

enum db_result
db_data_use(int64_t *certs, int64_t *photos)
{
	int64_t		 use[2] = { 0, 0 };
	enum db_result	 r;

	r = db_each(db_st(ST_DATA_USE), data_use_row, use);
	*certs = use[0];
	*photos = use[1];
	return (r);
}

enum db_result
db_cert_file_bytes(int64_t cert, int64_t bytes)
{
	struct dbq	*q = db_st(ST_CERT_FILE_BYTES);

	db_bind_int64(q, 1, cert);
	db_bind_int64(q, 2, bytes);
	return (db_exec(q));
}

/*
 * A new work in user's portfolio, unless they have their most works
 * (*v IV_QUOTA_WORKS): counted and added in one IMMEDIATE transaction,
 * so two requests at once cannot both pass the last place.
 */
enum db_result
db_work_create(int64_t user, const struct work_edit *e, int64_t now,
    int64_t *id, enum incub_verdict *v)
{
	struct dbq	*q;
	struct quota	 u;
	enum db_result	 r;

	*v = IV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_quota_get(user, &u)) != DB_OK)
		goto fail;
	if (u.works >= u.max_works) {
		*v = IV_QUOTA_WORKS;
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_WORK_INSERT);
	db_bind_int64(q, 1, user);
	bind_work(q, e, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Change work id. A private work held by a competition (WORK_HELD in
 * db.c) is not made public: nothing changes and *v is IV_HELD — in the
 * same statement, so an entry made meanwhile cannot slip between the
 * check and the change. (A work public when it was entered stays so, and
 * hidden, until the results are published.)
 */
enum db_result
db_work_update(int64_t id, const struct work_edit *e, int64_t now,
    enum incub_verdict *v)
{
	struct dbq	*q = db_st(ST_WORK_UPDATE);
	enum db_result	 r;

	*v = IV_OK;
	db_bind_int64(q, 1, id);
	bind_work(q, e, now);
	if ((r = db_exec(q)) == DB_OK &&
	    db_changes() == 0)
		*v = IV_HELD;
	return (r);
}

enum db_result
db_work_get(int64_t id, struct work *w)
{
	struct dbq	*q = db_st(ST_WORK_GET);

	db_bind_int64(q, 1, id);
	return (db_one(q, work_row, w));
}

/*
 * A list's row function (db_each()) reads its row into item, lent by the
 * wrapper, and hands it to the caller's callback of that list's type.
 */
struct each {
	int	(*work)(const struct work *, void *);
	int	(*photo)(const struct photo_row *, void *);
	int	(*comment)(const struct comment_row *, void *);
	int	(*cohort)(const struct cohort *, void *);
	int	(*member)(const struct cohort_member *, void *);
	int	(*candidate)(int64_t, const char *, void *);
	int	(*milestone)(const struct milestone *, void *);
	int	(*signoff)(const struct signoff *, void *);
	int	(*run)(const struct dash_run *, void *);
	void	*arg;
	void	*item;
};

static int
work_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	work_row(q, e->item);
	return (e->work(e->item, e->arg) != 0);
}

/* Bind v[0..n) to ?1..?n of s and call cb for each work it gives. */
static enum db_result
work_list(enum stmt s, const int64_t *v, int n,
    int (*cb)(const struct work *, void *), void *arg)
{
	struct each	 e = { .work = cb, .arg = arg };
	struct dbq	*q = db_st(s);
	struct work	*w;
	enum db_result	 r;
	int		 i;

	if ((w = malloc(sizeof(*w))) == NULL)
		return (DB_ERROR);
	e.item = w;
	for (i = 0; i < n; i++)
		db_bind_int64(q, i + 1, v[i]);
	r = db_each(q, work_each, &e);
	free(w);
	return (r);
}

/* A person's works, newest first; private ones only when with_private. */
enum db_result
db_works_of_user(int64_t user, int with_private,
    int (*cb)(const struct work *, void *), void *arg)
{
	int64_t	 v[] = { user, with_private };

	return (work_list(ST_WORKS_OF_USER, v, 2, cb, arg));
}

/*
 * A page of a person's works: at most limit whose id is below before
 * (INT64_MAX for the newest), newest first, on works_user (user, id).
 */
enum db_result
db_works_of_user_page(int64_t user, int with_private, int64_t before,
    int limit, int (*cb)(const struct work *, void *), void *arg)
{
	int64_t	 v[] = { user, with_private, before, limit };

	return (work_list(ST_WORKS_OF_USER_PAGE, v, 4, cb, arg));
}

/*
 * A page of the public gallery: at most limit public works not held by
 * a competition, id below before, newest first, on works_public.
 */
enum db_result
db_works_public(int64_t before, int limit,
    int (*cb)(const struct work *, void *), void *arg)
{
	int64_t	 v[] = { before, limit };

	return (work_list(ST_WORKS_PUBLIC, v, 2, cb, arg));
}

enum db_result
db_photo_add(int64_t user, int64_t work, int width, int height, int bytes,
    int64_t now, int64_t *id, enum incub_verdict *v)
{
	struct dbq	*q;
	struct quota	 u;
	enum db_result	 r;

	*v = IV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_quota_get(user, &u)) != DB_OK)
		goto fail;
	if (u.photos >= u.max_photos)
		*v = IV_QUOTA_PHOTOS;
	else if (u.bytes + bytes > u.max_bytes)
		*v = IV_QUOTA_BYTES;
	if (*v != IV_OK) {
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_PHOTO_INSERT);
	db_bind_int64(q, 1, work);
	db_bind_int(q, 2, width);
	db_bind_int(q, 3, height);
	db_bind_int(q, 4, bytes);
	db_bind_int64(q, 5, now);
	r = db_exec(q);
	if (r == DB_CONFLICT) {		/* the trigger: 8 already */
		*v = IV_PHOTOS_FULL;
		ROLLBACK();
		return (DB_OK);
	}
	if (r != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* A photo whose files could not be written: it never was. */
enum db_result
db_photo_delete(int64_t id)
{
	struct dbq	*q = db_st(ST_PHOTO_DELETE);

	db_bind_int64(q, 1, id);
	return (db_exec(q));
}

static void
photo_row(struct dbq *q, void *arg)
{
	struct photo_row	*p = arg;

	p->id = db_col_int64(q, 0);
	p->work = db_col_int64(q, 1);
	p->width = db_col_int(q, 2);
	p->height = db_col_int(q, 3);
	p->owner = db_col_int64(q, 4);
	p->public = db_col_int(q, 5);
	p->held = db_col_int(q, 6);
}

enum db_result
db_photo_get(int64_t id, struct photo_row *p)
{
	struct dbq	*q = db_st(ST_PHOTO_GET);

	db_bind_int64(q, 1, id);
	return (db_one(q, photo_row, p));
}

static int
photo_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	photo_row(q, e->item);
	return (e->photo(e->item, e->arg) != 0);
}

enum db_result
db_photos_of_work(int64_t work, int (*cb)(const struct photo_row *, void *),
    void *arg)
{
	struct photo_row	 p;
	struct each		 e = { .photo = cb, .arg = arg, .item = &p };
	struct dbq		*q = db_st(ST_PHOTOS_OF_WORK);

	db_bind_int64(q, 1, work);
	return (db_each(q, photo_each, &e));
}

enum db_result
db_comment_add(int64_t work, int64_t author, const char *body, int64_t now)
{
	struct dbq	*q = db_st(ST_COMMENT_INSERT);

	db_bind_int64(q, 1, work);
	db_bind_int64(q, 2, author);
	db_bind_text(q, 3, body);
	db_bind_int64(q, 4, now);
	return (db_exec(q));
}

static void
comment_row(struct dbq *q, void *arg)
{
	struct comment_row	*c = arg;

	memset(c, 0, sizeof(*c));
	c->id = db_col_int64(q, 0);
	c->author = db_col_int64(q, 1);
	TEXT(q, 2, c->name);
	if (!role_parse(db_col_text(q, 3), &c->role))
		c->role = ROLE_APPRENTICE;
	TEXT(q, 4, c->body);
	c->created = db_col_int64(q, 5);
}

static int
comment_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	comment_row(q, e->item);
	return (e->comment(e->item, e->arg) != 0);
}

enum db_result
db_comments_of_work(int64_t work, int (*cb)(const struct comment_row *,
    void *), void *arg)
{
	struct comment_row	 c;
	struct each		 e = { .comment = cb, .arg = arg, .item = &c };
	struct dbq		*q = db_st(ST_COMMENTS_OF_WORK);

	db_bind_int64(q, 1, work);
	return (db_each(q, comment_each, &e));
}

/* The default milestones of a new cohort (staff may add more). */
static const struct {
	const char	*zh, *en;
} default_milestones[] = {
	{ "首件原创设计", "First original design" },
	{ "首件完成作品", "First finished piece" },
	{ "展览作品", "Exhibition piece" },
};

/* A cohort, with the default milestones, in one transaction. */
enum db_result
db_cohort_create(const char *name, const char *starts, const char *ends,
    int places, int64_t by, int64_t now, int64_t *id)
{
	struct dbq	*q;
	enum db_result	 r;
	size_t		 i;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_COHORT_INSERT);
	db_bind_text(q, 1, name);
	db_bind_text(q, 2, starts);
	db_bind_text(q, 3, ends);
	db_bind_int(q, 4, places);
	db_bind_int64(q, 5, by);
	db_bind_int64(q, 6, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	for (i = 0; i < sizeof(default_milestones) /
	    sizeof(default_milestones[0]); i++) {
		q = db_st(ST_MILESTONE_INSERT);
		db_bind_int64(q, 1, *id);
		db_bind_text(q, 2, default_milestones[i].zh);
		db_bind_text(q, 3, default_milestones[i].en);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
	}
	if ((r = db_audit_id(by, "cohort.create", "cohort", *id, name,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

static void
cohort_row(struct dbq *q, void *arg)
{
	struct cohort	*c = arg;

	memset(c, 0, sizeof(*c));
	c->id = db_col_int64(q, 0);
	TEXT(q, 1, c->name);
	TEXT(q, 2, c->starts);
	TEXT(q, 3, c->ends);
	c->places = db_col_int(q, 4);
	c->members = db_col_int(q, 5);
}

static int
cohort_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	cohort_row(q, e->item);
	return (e->cohort(e->item, e->arg) != 0);
}

enum db_result
db_cohorts(int (*cb)(const struct cohort *, void *), void *arg)
{
	struct cohort	 c;
	struct each	 e = { .cohort = cb, .arg = arg, .item = &c };
	struct dbq	*q = db_st(ST_COHORT_GET);

	db_bind_int64(q, 1, 0);
	return (db_each(q, cohort_each, &e));
}

enum db_result
db_cohort_get(int64_t id, struct cohort *c)
{
	struct dbq	*q = db_st(ST_COHORT_GET);

	if (id <= 0)
		return (DB_NOTFOUND);
	db_bind_int64(q, 1, id);
	return (db_one(q, cohort_row, c));
}

/* The cohort a person is in and their mentor; DB_NOTFOUND when none. */
enum db_result
db_cohort_of_user(int64_t user, int64_t *cohort, int64_t *mentor)
{
	struct dbq	*q = db_st(ST_COHORT_OF_USER);
	int64_t		 v[2];
	enum db_result	 r;

	db_bind_int64(q, 1, user);
	if ((r = db_one_ints(q, v, 2)) == DB_OK) {
		*cohort = v[0];
		*mentor = v[1];
	}
	return (r);
}

/*
 * Admit user to cohort with mentor, deciding under the write lock: the
 * person is at the incubation stage and in no cohort, the mentor is a
 * master, a place is free.
 */
enum db_result
db_cohort_admit(int64_t cohort, int64_t user, int64_t mentor, int64_t by,
    int64_t now, enum incub_verdict *v)
{
	struct cohort	 c;
	struct user	 u, m;
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 in, ment;
	char		 subject[48], detail[48];

	*v = IV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_cohort_get(cohort, &c)) != DB_OK ||
	    (r = db_user_by_id(user, &u)) != DB_OK)
		goto fail;
	if ((r = db_user_by_id(mentor, &m)) == DB_NOTFOUND ||
	    (r == DB_OK && m.role != ROLE_MASTER))
		*v = IV_NOT_MASTER;
	else if (r != DB_OK)
		goto fail;
	else if (u.role != ROLE_APPRENTICE || u.stage != STAGE_INCUBATION)
		*v = IV_NOT_INCUBATION;
	else if ((r = db_cohort_of_user(user, &in, &ment)) == DB_OK)
		*v = IV_TWICE;
	else if (r != DB_NOTFOUND)
		goto fail;
	else if (c.members >= c.places)
		*v = IV_FULL;
	if (*v != IV_OK) {
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_COHORT_ADMIT);
	db_bind_int64(q, 1, cohort);
	db_bind_int64(q, 2, user);
	db_bind_int64(q, 3, mentor);
	db_bind_int64(q, 4, by);
	db_bind_int64(q, 5, now);
	(void)snprintf(subject, sizeof(subject), "cohort:%lld",
	    (long long)cohort);
	(void)snprintf(detail, sizeof(detail), "user=%lld mentor=%lld",
	    (long long)user, (long long)mentor);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit(by, "cohort.admit", subject, detail, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r == DB_CONFLICT ? (*v = IV_TWICE, DB_OK) : r);
}

static void
member_row(struct dbq *q, void *arg)
{
	struct cohort_member	*m = arg;

	memset(m, 0, sizeof(*m));
	m->user = db_col_int64(q, 0);
	TEXT(q, 1, m->name);
	m->mentor = db_col_int64(q, 2);
	TEXT(q, 3, m->mentor_name);
	m->signed_off = db_col_int(q, 4);
	if (!stage_parse(db_col_text(q, 5), &m->stage))
		m->stage = STAGE_INCUBATION;
}

static int
member_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	member_row(q, e->item);
	return (e->member(e->item, e->arg) != 0);
}

enum db_result
db_cohort_members(int64_t cohort, int (*cb)(const struct cohort_member *,
    void *), void *arg)
{
	struct cohort_member	 m;
	struct each		 e = { .member = cb, .arg = arg, .item = &m };
	struct dbq		*q = db_st(ST_COHORT_MEMBERS);

	db_bind_int64(q, 1, cohort);
	return (db_each(q, member_each, &e));
}

static int
candidate_row(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	return (e->candidate(db_col_int64(q, 0), db_col_text(q, 1),
	    e->arg) != 0);
}

/* People who could be admitted: at the incubation stage, in no cohort. */
enum db_result
db_cohort_candidates(int (*cb)(int64_t, const char *, void *), void *arg)
{
	struct each	 e = { .candidate = cb, .arg = arg };

	return (db_each(db_st(ST_COHORT_CANDIDATES), candidate_row, &e));
}

/* Whether master mentors anyone in cohort. */
enum db_result
db_cohort_is_mentor(int64_t cohort, int64_t master, int *yes)
{
	struct dbq	*q = db_st(ST_COHORT_IS_MENTOR);
	int64_t		 n = 0;
	enum db_result	 r;

	db_bind_int64(q, 1, cohort);
	db_bind_int64(q, 2, master);
	r = db_one_int(q, &n);
	*yes = n > 0;
	return (r == DB_NOTFOUND ? DB_OK : r);	/* count(*): a row */
}

/* A milestone for cohort, unless it has `most` already (IV_MILESTONES_FULL):
 * counted under the write lock, so two staff at once cannot pass it. */
enum db_result
db_milestone_add(int64_t cohort, const char *zh, const char *en, int most,
    int64_t by, int64_t now, int64_t *id, enum incub_verdict *v)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 n;

	*v = IV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_count(ST_MILESTONE_COUNT, NULL, cohort, &n)) != DB_OK)
		goto fail;
	if (n >= most) {
		*v = IV_MILESTONES_FULL;
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_MILESTONE_INSERT);
	db_bind_int64(q, 1, cohort);
	db_bind_text(q, 2, zh);
	db_bind_text(q, 3, en);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = db_audit_id(by, "milestone.add", "cohort", cohort, zh,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

static void
milestone_row(struct dbq *q, void *arg)
{
	struct milestone	*m = arg;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(q, 0);
	m->cohort = db_col_int64(q, 1);
	TEXT(q, 2, m->title_zh);
	TEXT(q, 3, m->title_en);
}

static int
milestone_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	milestone_row(q, e->item);
	return (e->milestone(e->item, e->arg) != 0);
}

enum db_result
db_milestones(int64_t cohort, int (*cb)(const struct milestone *, void *),
    void *arg)
{
	struct milestone	 m;
	struct each		 e = { .milestone = cb, .arg = arg,
		    .item = &m };
	struct dbq		*q = db_st(ST_MILESTONES_OF_COHORT);

	db_bind_int64(q, 1, cohort);
	return (db_each(q, milestone_each, &e));
}

enum db_result
db_milestone_get(int64_t id, struct milestone *m)
{
	struct dbq	*q = db_st(ST_MILESTONE_GET);

	db_bind_int64(q, 1, id);
	return (db_one(q, milestone_row, m));
}

/*
 * The mentor signs off a milestone for one member of its cohort, with a
 * comment; once. IV_NOT_MEMBER / IV_NOT_MENTOR / IV_TWICE say why not.
 */
enum db_result
db_milestone_sign(int64_t milestone, int64_t user, int64_t mentor,
    const char *comment, int64_t now, enum incub_verdict *v)
{
	struct milestone	 m;
	struct user		 by;
	struct notice		 note;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 cohort, ment;

	*v = IV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_milestone_get(milestone, &m)) != DB_OK)
		goto fail;
	if ((r = db_cohort_of_user(user, &cohort, &ment)) == DB_NOTFOUND ||
	    (r == DB_OK && cohort != m.cohort))
		*v = IV_NOT_MEMBER;
	else if (r != DB_OK)
		goto fail;
	else if (ment != mentor)
		*v = IV_NOT_MENTOR;
	if (*v != IV_OK) {
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_MILESTONE_SIGN);
	db_bind_int64(q, 1, milestone);
	db_bind_int64(q, 2, user);
	db_bind_int64(q, 3, mentor);
	db_bind_text(q, 4, comment);
	db_bind_int64(q, 5, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if ((r = db_audit_id(mentor, "milestone.sign", "user", user, m.title_zh,
	    now)) != DB_OK || (r = db_user_by_id(mentor, &by)) != DB_OK)
		goto fail;
	memset(&note, 0, sizeof(note));
	note.kind = NOTIFY_MILESTONE_SIGNED;
	notify_set(note.subject_zh, sizeof(note.subject_zh), m.title_zh);
	notify_set(note.subject_en, sizeof(note.subject_en), m.title_en);
	notify_set(note.ref, sizeof(note.ref), by.name);
	notify_set(note.detail, sizeof(note.detail), comment);
	(void)snprintf(note.link, sizeof(note.link), "/cohorts/%lld",
	    (long long)m.cohort);
	if ((r = db_inbox_add_tx(user, &note, now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	if (r == DB_CONFLICT) {		/* signed already */
		*v = IV_TWICE;
		return (DB_OK);
	}
	return (r);
}

static void
signoff_row(struct dbq *q, void *arg)
{
	struct signoff	*s = arg;

	memset(s, 0, sizeof(*s));
	s->milestone = db_col_int64(q, 0);
	s->user = db_col_int64(q, 1);
	TEXT(q, 2, s->comment);
	s->signed_at = db_col_int64(q, 3);
	TEXT(q, 4, s->mentor_name);
}

static int
signoff_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	signoff_row(q, e->item);
	return (e->signoff(e->item, e->arg) != 0);
}

enum db_result
db_signoffs(int64_t cohort, int (*cb)(const struct signoff *, void *),
    void *arg)
{
	struct signoff	 s;
	struct each	 e = { .signoff = cb, .arg = arg, .item = &s };
	struct dbq	*q = db_st(ST_SIGNOFFS_OF_COHORT);

	db_bind_int64(q, 1, cohort);
	return (db_each(q, signoff_each, &e));
}

static void
facts_row(struct dbq *q, void *arg)
{
	struct gate_facts	*f = arg;

	f->in_cohort = 1;
	f->milestones = db_col_int(q, 0);
	f->milestones_signed = db_col_int(q, 1);
}

/* The incubation gate's facts: a cohort, its milestones signed off. */
enum db_result
db_milestone_facts(int64_t user, struct gate_facts *f)
{
	struct dbq	*q = db_st(ST_MILESTONE_FACTS);
	enum db_result	 r;

	db_bind_int64(q, 1, user);
	r = db_one(q, facts_row, f);
	return (r == DB_NOTFOUND ? DB_OK : r);	/* in no cohort */
}

/* A master's specialities, as the public directory shows them. */
enum db_result
db_speciality_set(int64_t user, const char *text, int64_t by, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_SPECIALITY_SET);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, text);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(by, "master.speciality", "user", user, text,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

static int
stage_count_row(struct dbq *q, void *arg)
{
	int		*counts = arg;
	enum stage	 s;

	if (stage_parse(db_col_text(q, 0), &s))
		counts[s] = db_col_int(q, 1);
	return (1);
}

/* Apprentices at each stage. */
enum db_result
db_dash_stages(int counts[STAGE__COUNT])
{
	memset(counts, 0, sizeof(int) * STAGE__COUNT);
	return (db_each(db_st(ST_DASH_STAGES), stage_count_row, counts));
}

enum db_result
db_dash_moves_since(int64_t since, int64_t *n)
{
	return (db_count(ST_DASH_MOVES, NULL, since, n));
}

static void
run_row(struct dbq *q, void *arg)
{
	struct dash_run	*d = arg;

	memset(d, 0, sizeof(*d));
	d->id = db_col_int64(q, 0);
	TEXT(q, 1, d->course);
	TEXT(q, 2, d->title_zh);
	TEXT(q, 3, d->title_en);
	TEXT(q, 4, d->starts);
	TEXT(q, 5, d->ends);
	d->capacity = db_col_int(q, 6);
	d->enrolled = db_col_int(q, 7);
	d->waitlisted = db_col_int(q, 8);
}

static int
run_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	run_row(q, e->item);
	return (e->run(e->item, e->arg) != 0);
}

/* Runs not yet ended (on day today), by start: fill and waitlists. */
enum db_result
db_dash_runs(const char *today, int (*cb)(const struct dash_run *, void *),
    void *arg)
{
	struct dash_run	 d;
	struct each	 e = { .run = cb, .arg = arg, .item = &d };
	struct dbq	*q = db_st(ST_DASH_RUNS);

	db_bind_text(q, 1, today);
	return (db_each(q, run_each, &e));
}

struct weeks {
	long	*counts;
	int	 n;
};

static int
week_count_row(struct dbq *q, void *arg)
{
	struct weeks	*w = arg;
	int64_t		 i = db_col_int64(q, 0);

	if (i >= 0 && i < w->n)
		w->counts[i] = db_col_int(q, 1);
	return (1);
}

/* Enrolments per week for `weeks` weeks from since (counts[weeks]). */
enum db_result
db_dash_enrolments(int64_t since, int weeks, long *counts)
{
	struct dbq	*q = db_st(ST_DASH_ENROLMENTS);
	struct weeks	 w = { counts, weeks };

	memset(counts, 0, sizeof(long) * (size_t)weeks);
	db_bind_int64(q, 1, since);
	db_bind_int(q, 2, weeks);
	return (db_each(q, week_count_row, &w));
}

static int
kind_count_row(struct dbq *q, void *arg)
{
	long		*counts = arg;
	enum cert_kind	 k;

	if (cert_kind_parse(db_col_text(q, 0), &k))
		counts[k] = db_col_int(q, 1);
	return (1);
}

/* Certificates issued by kind (every one ever issued). */
enum db_result
db_dash_certs(long counts[KIND__COUNT])
{
	memset(counts, 0, sizeof(long) * KIND__COUNT);
	return (db_each(db_st(ST_DASH_CERTS), kind_count_row, counts));
}
