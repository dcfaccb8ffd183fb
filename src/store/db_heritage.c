/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_heritage.c: 非遗 the heritage record of a master's craft — its
 * versions (draft, published, refused, retired) and their photos.
 *
 * Every change by a master (or staff writing for them) goes into the
 * master's one draft, made on first change from the newest published
 * or refused version (words and photos), so the published version stays
 * public, unchanged, while the draft waits. Staff approve (the draft
 * becomes the published version, the old one retired) or refuse with a
 * reason (the draft is kept, refused, and the next change starts from
 * it). Each decision is in the audit table, in the same transaction.
 *
 * The store returns whether the mechanism worked (enum db_result); a
 * business refusal is the separate verdict.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "db_int.h"

static const char *const state_names[] = {
	[HERITAGE_DRAFT] = "draft",
	[HERITAGE_PUBLISHED] = "published",
	[HERITAGE_REFUSED] = "refused",
};

static void
heritage_row(struct dbq *q, void *arg)
{
	struct heritage	*h = arg;
	const char	*st = db_col_text(q, 2);

	h->id = db_col_int64(q, 0);
	h->master = db_col_int64(q, 1);
	h->state = st != NULL && strcmp(st, "published") == 0 ?
	    HERITAGE_PUBLISHED : st != NULL && strcmp(st, "refused") == 0 ?
	    HERITAGE_REFUSED : HERITAGE_DRAFT;
	TEXT(q, 3, h->techniques_zh);
	TEXT(q, 4, h->techniques_en);
	TEXT(q, 5, h->story_zh);
	TEXT(q, 6, h->story_en);
	h->author = db_col_int64(q, 7);
	h->created = db_col_int64(q, 8);
	TEXT(q, 9, h->reason);
	h->decided = db_col_int64(q, 10);
}

/*
 * The newest version of master's record in state s into *h: DB_NOTFOUND
 * when there is none.
 */
enum db_result
db_heritage_get(int64_t master, enum heritage_state s, struct heritage *h)
{
	struct dbq	*q = db_st(ST_HERITAGE_GET);

	db_bind_int64(q, 1, master);
	db_bind_text(q, 2, state_names[s]);
	return (db_one(q, heritage_row, h));
}

static void
photo_row(struct dbq *q, void *arg)
{
	struct heritage_photo	*p = arg;

	p->pos = db_col_int(q, 0);
	p->photo = db_col_int64(q, 1);
	TEXT(q, 2, p->caption_zh);
	TEXT(q, 3, p->caption_en);
	TEXT(q, 4, p->made);
	p->visible = db_col_int(q, 5);
}

/*
 * A list's row function (db_each()) reads its row into item, lent by the
 * wrapper, and hands it to the caller's callback of that list's type.
 */
struct each {
	int	(*photo)(const struct heritage_photo *, void *);
	int	(*draft)(int64_t, const char *, int64_t, void *);
	void	*arg;
	void	*item;
};

static int
photo_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	photo_row(q, e->item);
	return (e->photo(e->item, e->arg) != 0);
}

/*
 * The photos of version `record` in order, each to cb (return 0 to stop).
 * The row is borrowed for the call.
 */
enum db_result
db_heritage_photos(int64_t record,
    int (*cb)(const struct heritage_photo *, void *), void *arg)
{
	struct heritage_photo	 p;
	struct each		 e = { .photo = cb, .arg = arg, .item = &p };
	struct dbq		*q = db_st(ST_HERITAGE_PHOTOS);

	db_bind_int64(q, 1, record);
	return (db_each(q, photo_each, &e));
}

/*
 * Inside a transaction: the id of master's draft into *id, made (by
 * author, at now) from the newest published or refused version, words
 * and photos, when there is none yet.
 */
static enum db_result
draft_tx(int64_t master, int64_t author, int64_t now, int64_t *id)
{
	struct heritage	 h;
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 base = 0;

	if ((r = db_heritage_get(master, HERITAGE_DRAFT, &h)) == DB_OK) {
		*id = h.id;
		return (DB_OK);
	}
	if (r != DB_NOTFOUND)
		return (r);
	q = db_st(ST_HERITAGE_BASE);
	db_bind_int64(q, 1, master);
	/* The version it starts from; none (0) for a master's first. */
	if ((r = db_one_int(q, &base)) != DB_OK && r != DB_NOTFOUND)
		return (r);
	q = db_st(ST_HERITAGE_INSERT);
	db_bind_int64(q, 1, master);
	db_bind_int64(q, 2, base);
	db_bind_int64(q, 3, author);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	*id = db_last_id();
	if (base == 0)
		return (DB_OK);
	q = db_st(ST_HERITAGE_PHOTOS_COPY);
	db_bind_int64(q, 1, base);
	db_bind_int64(q, 2, *id);
	return (db_exec(q));
}

static enum db_result
finish(enum db_result r)
{
	if (r != DB_OK) {
		ROLLBACK();
		return (r);
	}
	if ((r = COMMIT()) != DB_OK)
		ROLLBACK();
	return (r);
}

/*
 * Write the four texts (checked by the caller: UTF-8, at most
 * HERITAGE_TEXT_MAX characters) into master's draft, by author at now.
 */
enum db_result
db_heritage_save(int64_t master, int64_t author,
    const struct heritage_text *t, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 id;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = draft_tx(master, author, now, &id)) != DB_OK)
		return (finish(r));
	q = db_st(ST_HERITAGE_TEXT);
	db_bind_int64(q, 1, id);
	db_bind_text(q, 2, t->techniques_zh);
	db_bind_text(q, 3, t->techniques_en);
	db_bind_text(q, 4, t->story_zh);
	db_bind_text(q, 5, t->story_en);
	db_bind_int64(q, 6, author);
	db_bind_int64(q, 7, now);
	if ((r = db_exec(q)) != DB_OK)
		return (finish(r));
	return (finish(db_audit_id(author, "heritage.draft", "user", master,
	    NULL, now)));
}

/*
 * Add photo (of one of master's own works) with its captions and date
 * (checked by the caller) to master's draft. *v: HV_NOT_YOURS when the
 * photo is not of master's works, HV_PHOTOS_FULL at the limit.
 */
enum db_result
db_heritage_photo_add(int64_t master, int64_t author, int64_t photo,
    const char *caption_zh, const char *caption_en, const char *made,
    int64_t now, enum heritage_verdict *v)
{
	struct photo_row p;
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 id, n;

	*v = HV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_photo_get(photo, &p)) == DB_NOTFOUND ||
	    (r == DB_OK && p.owner != master)) {
		*v = HV_NOT_YOURS;
		return (finish(DB_ERROR), DB_OK);
	}
	if (r != DB_OK || (r = draft_tx(master, author, now, &id)) != DB_OK ||
	    (r = db_count(ST_HERITAGE_PHOTO_COUNT, NULL, id, &n)) != DB_OK)
		return (finish(r));
	if (n >= HERITAGE_PHOTOS_MAX) {
		*v = HV_PHOTOS_FULL;
		return (finish(DB_ERROR), DB_OK);
	}
	q = db_st(ST_HERITAGE_PHOTO_ADD);
	db_bind_int64(q, 1, id);
	db_bind_int64(q, 2, photo);
	db_bind_text(q, 3, caption_zh);
	db_bind_text(q, 4, caption_en);
	db_bind_text(q, 5, made);
	return (finish(db_exec(q)));
}

/* Take the photo at pos out of master's draft; *v HV_NO_PHOTO if none. */
enum db_result
db_heritage_photo_drop(int64_t master, int64_t author, int pos, int64_t now,
    enum heritage_verdict *v)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 id;

	*v = HV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = draft_tx(master, author, now, &id)) != DB_OK)
		return (finish(r));
	q = db_st(ST_HERITAGE_PHOTO_DROP);
	db_bind_int64(q, 1, id);
	db_bind_int(q, 2, pos);
	if ((r = db_exec(q)) != DB_OK)
		return (finish(r));
	if (db_changes() == 0) {
		*v = HV_NO_PHOTO;
		return (finish(DB_ERROR), DB_OK);
	}
	return (finish(DB_OK));
}

/*
 * Staff's decision on master's draft: approve (publish it, retiring the
 * published version) or refuse with reason. *v: HV_NO_DRAFT when nothing
 * waits. Audited as heritage.publish / heritage.refuse.
 */
enum db_result
db_heritage_decide(int64_t master, int64_t staff, int approve,
    const char *reason, int64_t now, enum heritage_verdict *v)
{
	struct heritage	 h;
	struct dbq	*q;
	enum db_result	 r;

	*v = HV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_heritage_get(master, HERITAGE_DRAFT, &h)) == DB_NOTFOUND) {
		*v = HV_NO_DRAFT;
		return (finish(DB_ERROR), DB_OK);
	}
	if (r != DB_OK)
		return (finish(r));
	if (approve) {
		q = db_st(ST_HERITAGE_RETIRE);
		db_bind_int64(q, 1, master);
		if ((r = db_exec(q)) != DB_OK)
			return (finish(r));
	}
	q = db_st(ST_HERITAGE_DECIDE);
	db_bind_int64(q, 1, h.id);
	db_bind_text(q, 2, approve ? "published" : "refused");
	db_bind_int64(q, 3, staff);
	db_bind_int64(q, 4, now);
	if (!approve)
		db_bind_text(q, 5, reason);
	if ((r = db_exec(q)) != DB_OK)
		return (finish(r));
	return (finish(db_audit_id(staff, approve ? "heritage.publish" :
	    "heritage.refuse", "user", master, approve ? NULL : reason, now)));
}

static int
draft_row(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	return (e->draft(db_col_int64(q, 0), db_col_text(q, 1),
	    db_col_int64(q, 2), e->arg) != 0);
}

/* The drafts waiting for staff, oldest first, at most limit, to cb. */
enum db_result
db_heritage_queue(int limit, int (*cb)(int64_t, const char *, int64_t,
    void *), void *arg)
{
	struct each	 e = { .draft = cb, .arg = arg };
	struct dbq	*q = db_st(ST_HERITAGE_QUEUE);

	db_bind_int(q, 1, limit);
	return (db_each(q, draft_row, &e));
}
