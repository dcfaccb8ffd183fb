/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_inbox.c: the store's side of the inbox — writing a message inside
 * the transaction of the event it tells of (db_course.c, db_train.c,
 * db_incub.c, db_comp.c, db_result.c, db_cert.c call db_inbox_add_tx()
 * between their BEGIN and COMMIT, so a rolled-back event leaves no
 * message), deciding its copies by email or SMS (inbox_deliver_copies(),
 * the one place), the unread count every page shows, the pages of the
 * list, marking read, and each person's choice of copies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "db_int.h"
#include "notify.h"

/*
 * THE ONE PLACE where the copies of a message by email or SMS are
 * decided, inside the event's transaction, right after the message
 * (inbox row `row`) is written for `user`.
 *
 * The decision: the channels the person chose for this kind of message
 * on /me/notifications (notify_prefs), narrowed to the ones their
 * account can receive — an account is a phone number (SMS) or an email
 * address (email); a choice their account cannot take is refused when
 * saved, and skipped here should the account have changed since.
 *
 * Each chosen copy is queued in the outbox (db_outbox_add(), delivered
 * off the event loop by outbox.c) in the language the person saved their
 * choice in, in this same transaction, so a rolled-back event sends
 * nothing either; the inbox row records which copies were queued
 * (columns email and sms, shown as "copies"). A copy the outbox's caps
 * refuse (SMS costs money) is dropped, never the event: the message
 * stays in the inbox.
 */
/* A person's choice of copies for one kind, and where they go. */
struct pref {
	unsigned	 ch;
	char		 lang[4];
	char		 account[ACCOUNT_MAX + 1];
	int		 verified;
};

static void
pref_row(struct dbq *q, void *arg)
{
	struct pref	*p = arg;

	p->ch = 0;
	if (db_col_int(q, 0))
		p->ch |= NOTIFY_EMAIL;
	if (db_col_int(q, 1))
		p->ch |= NOTIFY_SMS;
	TEXT(q, 2, p->lang);
	TEXT(q, 3, p->account);
	p->verified = db_col_int64(q, 4) != 0;
}

static enum db_result
inbox_deliver_copies(int64_t user, int64_t row, const struct notice *n)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} channels[] = {
		{ NOTIFY_EMAIL, "email" },
		{ NOTIFY_SMS, "sms" },
	};
	struct dbq	*q = db_st(ST_NOTIFY_PREF);
	struct buf	 body;
	enum db_result	 r;
	struct pref	 p;
	unsigned	 ch, reach;
	char		 checked[ACCOUNT_MAX + 1];
	size_t		 i;

	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, notify_kind_code(n->kind));
	if ((r = db_one(q, pref_row, &p)) != DB_OK)
		return (r);
	/* Copies only to an address its owner proved, and that is one: a
	 * released, removed or deleted account's placeholder is not. */
	if (!p.verified || !identity_account(p.account, checked,
	    sizeof(checked)) || strcmp(checked, p.account) != 0)
		return (DB_OK);
	reach = strchr(p.account, '@') != NULL ? NOTIFY_EMAIL : NOTIFY_SMS;
	if ((ch = p.ch & reach) == 0)
		return (DB_OK);
	buf_init(&body, 256);
	notify_text(&body, strcmp(p.lang, "en") == 0 ? LANG_EN : LANG_ZH, n);
	for (i = 0; i < 2; i++) {
		if ((ch & channels[i].bit) == 0)
			continue;
		r = db_outbox_add(user, channels[i].name, p.account,
		    i18n(strcmp(p.lang, "en") == 0 ? LANG_EN : LANG_ZH,
		    M_APP_NAME), body.data);
		if (r == DB_CONFLICT)
			ch &= ~channels[i].bit;	/* capped: inbox only */
		else if (r != DB_OK) {
			buf_free(&body);
			return (r);
		}
	}
	buf_free(&body);
	if (ch == 0)
		return (DB_OK);
	q = db_st(ST_INBOX_COPIES);
	db_bind_int64(q, 1, row);
	db_bind_int(q, 2, (ch & NOTIFY_EMAIL) != 0);
	db_bind_int(q, 3, (ch & NOTIFY_SMS) != 0);
	return (db_exec(q));
}

/*
 * Write message n to user's inbox, and decide its copies. Only inside a
 * transaction the caller opened (the event's own).
 */
enum db_result
db_inbox_add_tx(int64_t user, const struct notice *n, int64_t now)
{
	struct dbq	*q = db_st(ST_INBOX_INSERT);
	enum db_result	 r;

	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, notify_kind_code(n->kind));
	db_bind_text(q, 3, n->subject_zh);
	db_bind_text(q, 4, n->subject_en);
	db_bind_text(q, 5, n->ref);
	db_bind_text(q, 6, n->detail);
	db_bind_int64(q, 7, n->num);
	db_bind_text(q, 8, n->link);
	db_bind_int64(q, 9, now);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	return (inbox_deliver_copies(user, db_last_id(), n));
}

/*
 * Write message n to every user that statement s (one integer parameter,
 * arg; user ids in its first column) lists. The ids are read first, then
 * written to: no statement is stepped while another writes.
 */
enum db_result
db_inbox_add_each_tx(enum stmt s, int64_t arg, const struct notice *n,
    int64_t now)
{
	struct dbq	*q = db_st(s);
	int64_t		*ids;
	size_t		 len, i;
	enum db_result	 r;

	db_bind_int64(q, 1, arg);
	r = db_ids(q, &ids, &len);
	for (i = 0; i < len && r == DB_OK; i++)
		r = db_inbox_add_tx(ids[i], n, now);
	free(ids);
	return (r);
}

static void
subject_row(struct dbq *q, void *arg)
{
	struct notice	*n = arg;

	TEXT(q, 0, n->subject_zh);
	TEXT(q, 1, n->subject_en);
}

/*
 * Clear n and give it competition comp's names as its subject and the
 * competition's page as its link. DB_NOTFOUND for no such competition.
 */
enum db_result
db_inbox_comp_subject(int64_t comp, struct notice *n)
{
	struct dbq	*q = db_st(ST_INBOX_COMP_NAME);
	enum db_result	 r;

	memset(n, 0, sizeof(*n));
	db_bind_int64(q, 1, comp);
	if ((r = db_one(q, subject_row, n)) != DB_OK)
		return (r);
	(void)snprintf(n->link, sizeof(n->link), "/competitions/%lld",
	    (long long)comp);
	return (DB_OK);
}

/*
 * How many of user's messages are unread (counted up to 1000: the page
 * shows "999+" past that). One search of the partial index inbox_unread,
 * which holds unread rows only: it runs on every page view.
 */
enum db_result
db_inbox_unread(int64_t user, int64_t *n)
{
	*n = 0;
	return (db_count(ST_INBOX_UNREAD, NULL, user, n));
}

struct inbox_each {
	struct inbox_row	*m;
	int			(*fn)(const struct inbox_row *, void *);
	void			*arg;
};

static int
inbox_row(struct dbq *q, void *arg)
{
	struct inbox_each	*e = arg;
	struct inbox_row	*m = e->m;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(q, 0);
	if (!notify_kind_parse(db_col_text(q, 1),
	    &m->n.kind))
		return (1);	/* a kind this program no longer has */
	TEXT(q, 2, m->n.subject_zh);
	TEXT(q, 3, m->n.subject_en);
	TEXT(q, 4, m->n.ref);
	TEXT(q, 5, m->n.detail);
	m->n.num = db_col_int64(q, 6);
	TEXT(q, 7, m->n.link);
	m->created = db_col_int64(q, 8);
	m->read = db_col_int64(q, 9);
	m->copies = (db_col_int(q, 10) ? NOTIFY_EMAIL : 0) |
	    (db_col_int(q, 11) ? NOTIFY_SMS : 0);
	return (e->fn(m, e->arg) != 0);
}

/*
 * user's messages newest first, those with an id below before (0: from
 * the newest), at most limit, each (borrowed) into fn until it returns 0.
 */
enum db_result
db_inbox_page(int64_t user, int64_t before, int limit,
    int (*fn)(const struct inbox_row *, void *), void *arg)
{
	struct dbq		*q = db_st(ST_INBOX_PAGE);
	struct inbox_each	 e = { NULL, fn, arg };
	enum db_result		 r;

	if ((e.m = malloc(sizeof(*e.m))) == NULL)
		return (DB_ERROR);
	db_bind_int64(q, 1, user);
	db_bind_int64(q, 2, before > 0 ? before : INT64_MAX);
	db_bind_int(q, 3, limit);
	r = db_each(q, inbox_row, &e);
	free(e.m);
	return (r);
}

/*
 * Mark user's message id read (id 0: all of user's unread ones) at now;
 * *changed says how many were unread. DB_NOTFOUND when id is not one of
 * user's messages: nobody marks, or learns of, another's.
 */
enum db_result
db_inbox_mark(int64_t user, int64_t id, int64_t now, int64_t *changed)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 n, before = 0, after = 0;

	*changed = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if (id == 0) {
		q = db_st(ST_INBOX_MARK_ALL);
		db_bind_int64(q, 1, user);
		db_bind_int64(q, 2, now);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
		/* Every row it marked (the unread count stops at 1000). */
		n = db_changes();
	} else {
		/* One message: it counts when it was unread. */
		if ((r = db_inbox_unread(user, &before)) != DB_OK)
			goto fail;
		q = db_st(ST_INBOX_MARK);
		db_bind_int64(q, 1, id);
		db_bind_int64(q, 2, user);
		db_bind_int64(q, 3, now);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
		if (db_changes() == 0) {
			r = DB_NOTFOUND;
			goto fail;
		}
		if ((r = db_inbox_unread(user, &after)) != DB_OK)
			goto fail;
		n = before - after;
	}
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	*changed = n;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

static int
prefs_row(struct dbq *q, void *arg)
{
	unsigned	*ch = arg;
	enum notify_kind k;

	if (notify_kind_parse(db_col_text(q, 0), &k))
		ch[k] = (db_col_int(q, 1) ? NOTIFY_EMAIL : 0) |
		    (db_col_int(q, 2) ? NOTIFY_SMS : 0);
	return (1);
}

/* user's chosen copies per kind (NOTIFY_EMAIL | NOTIFY_SMS; 0: none). */
enum db_result
db_notify_prefs(int64_t user, unsigned ch[NOTIFY__COUNT])
{
	struct dbq	*q = db_st(ST_NOTIFY_PREFS);

	memset(ch, 0, sizeof(unsigned) * NOTIFY__COUNT);
	db_bind_int64(q, 1, user);
	return (db_each(q, prefs_row, ch));
}

/*
 * Save user's choice of copies for every kind at once (validated by the
 * caller), with the language the copies are to be written in, and audit
 * it. All or nothing.
 */
enum db_result
db_notify_prefs_set(int64_t user, const unsigned ch[NOTIFY__COUNT],
    enum lang lang, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;
	int		 k;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	for (k = 0; k < NOTIFY__COUNT; k++) {
		q = db_st(ST_NOTIFY_PREF_SET);
		db_bind_int64(q, 1, user);
		db_bind_text(q, 2, notify_kind_code((enum notify_kind)k));
		db_bind_int(q, 3, (ch[k] & NOTIFY_EMAIL) != 0);
		db_bind_int(q, 4, (ch[k] & NOTIFY_SMS) != 0);
		db_bind_text(q, 5, lang == LANG_EN ? "en" : "zh");
		db_bind_int64(q, 6, now);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
	}
	if ((r = db_audit_id(user, "notify.prefs", "user", user, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}
