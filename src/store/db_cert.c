/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_cert.c: certificates (证书) in the store. A certificate is issued
 * from the event that earns it — a completion, a skill level, an honour —
 * inside one transaction that takes the year's next serial, signs the
 * claims and writes the row, so a double click or two staff at once give
 * one certificate per event (a partial unique index on the current one).
 * What was signed is never rewritten (triggers refuse it); revocation and
 * succession are recorded once each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "certimg.h"
#include "db.h"
#include "db_int.h"
#include "i18n.h"
#include "status.h"

static const char *const status_codes[] = {
	[CERT_VALID] = "valid",
	[CERT_REVOKED] = "revoked",
	[CERT_SUPERSEDED] = "superseded",
	[CERT_EXPIRED] = "expired",
	[CERT_SUSPENDED] = "suspended",
};

/*
 * Where a certificate stands on day `today` (YYYY-MM-DD, China time). A
 * revocation outranks everything, then a re-issue, then a suspension;
 * a certificate is valid through its expiry date.
 */
enum cert_status
cert_status(const struct cert *c, const char *today)
{
	if (c->revoked != 0)
		return (CERT_REVOKED);
	if (c->superseded_by != 0)
		return (CERT_SUPERSEDED);
	if (c->suspended != 0)
		return (CERT_SUSPENDED);
	if (c->expires[0] != '\0' && strcmp(c->expires, today) < 0)
		return (CERT_EXPIRED);
	return (CERT_VALID);
}

const char *
cert_status_code(enum cert_status s)
{
	return ((unsigned)s <= CERT_SUSPENDED ? status_codes[s] : "unknown");
}

/* "completion:12" → KIND_COURSE, 12. 0 when it is not an event name. */
int
cert_event_parse(const char *s, enum cert_kind *kind, int64_t *id)
{
	static const struct {
		const char	*prefix;
		enum cert_kind	 kind;
	} kinds[] = {
		{ "completion:", KIND_COURSE },
		{ "level:", KIND_LEVEL },
		/* award or title: the honour's row says which */
		{ "honour:", KIND_AWARD },
	};
	const char	*p;
	char		*end;
	long long	 n;
	size_t		 i, len;

	for (i = 0; s != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		len = strlen(kinds[i].prefix);
		if (strncmp(s, kinds[i].prefix, len) != 0)
			continue;
		p = s + len;
		if (*p < '1' || *p > '9' || strlen(p) > 12)
			return (0);
		n = strtoll(p, &end, 10);
		if (*end != '\0')
			return (0);
		*kind = kinds[i].kind;
		*id = n;
		return (1);
	}
	return (0);
}

/*
 * The day `years` after day (YYYY-MM-DD); 29 February becomes the 28th
 * in a year without one.
 */
void
cert_expiry(const char *day, int years, char out[11])
{
	int	 y, m, d;

	if (sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1 ||
	    y + years > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
		out[0] = '\0';
		return;
	}
	y += years;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0))
		d = 28;
	(void)snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
}

static void
cert_row(struct dbq *q, void *arg)
{
	struct cert	*c = arg;

	memset(c, 0, sizeof(*c));
	c->id = db_col_int64(q, 0);
	TEXT(q, 1, c->serial);
	TEXT(q, 2, c->code);
	if (!cert_kind_parse(db_col_text(q, 3),
	    &c->kind))
		c->kind = KIND_COURSE;
	TEXT(q, 4, c->event);
	c->user = db_col_int64(q, 5);
	TEXT(q, 6, c->holder);
	TEXT(q, 7, c->title_zh);
	TEXT(q, 8, c->title_en);
	c->level = db_col_int(q, 9);
	if (!cert_lang_parse(db_col_text(q, 10),
	    &c->lang))
		c->lang = CLANG_ZH;
	TEXT(q, 11, c->issued);
	TEXT(q, 12, c->expires);
	TEXT(q, 13, c->kid);
	TEXT(q, 14, c->qr);
	c->issued_by = db_col_int64(q, 15);
	c->created = db_col_int64(q, 16);
	c->batch = db_col_int64(q, 17);
	c->supersedes = db_col_int64(q, 18);
	c->superseded_by = db_col_int64(q, 19);
	TEXT(q, 20, c->reissue_reason);
	c->revoked = db_col_int64(q, 21);
	TEXT(q, 22, c->revoked_reason);
	TEXT(q, 23, c->next_code);
	TEXT(q, 24, c->next_serial);
	TEXT(q, 25, c->prev_code);
	c->shared = db_col_int(q, 26);
	c->current = db_col_int(q, 27);
	c->identity_checked = db_col_int64(q, 28);
	c->status_index = db_col_int64(q, 29);
	c->suspended = db_col_int64(q, 30);
	TEXT(q, 31, c->suspended_reason);
}

/* One certificate by a statement with one or two text/integer keys. */
static enum db_result
cert_one(enum stmt s, const char *key, const char *key2, int64_t id,
    struct cert *c)
{
	struct dbq	*q = db_st(s);

	if (key != NULL)
		db_bind_text(q, 1, key);
	else
		db_bind_int64(q, 1, id);
	if (key2 != NULL)
		db_bind_text(q, 2, key2);
	return (db_one(q, cert_row, c));
}

enum db_result
db_cert_get(int64_t id, struct cert *c)
{
	return (cert_one(ST_CERT_GET, NULL, NULL, id, c));
}

enum db_result
db_cert_by_code(const char *code, struct cert *c)
{
	return (cert_one(ST_CERT_BY_CODE, code, NULL, 0, c));
}

/* The manual look-up: the serial and the holder's name must both match. */
enum db_result
db_cert_by_serial(const char *serial, const char *holder, struct cert *c)
{
	return (cert_one(ST_CERT_BY_SERIAL, serial, holder, 0, c));
}

struct cert_each {
	struct cert	*c;
	int		(*cb)(const struct cert *, void *);
	void		*arg;
};

static int
cert_each_row(struct dbq *q, void *arg)
{
	struct cert_each	*e = arg;

	cert_row(q, e->c);
	return (e->cb(e->c, e->arg) != 0);
}

static enum db_result
cert_list(enum stmt s, int64_t key, int limit,
    int (*cb)(const struct cert *, void *), void *arg)
{
	struct dbq		*q = db_st(s);
	struct cert_each	 e = { NULL, cb, arg };
	enum db_result		 r;

	if ((e.c = malloc(sizeof(*e.c))) == NULL)
		return (DB_ERROR);
	db_bind_int64(q, 1, key);
	if (db_bind_count(q) >= 2)
		db_bind_int(q, 2, limit);
	r = db_each(q, cert_each_row, &e);
	free(e.c);
	return (r);
}

enum db_result
db_certs_of_user(int64_t user, int (*cb)(const struct cert *, void *),
    void *arg)
{
	return (cert_list(ST_CERTS_OF_USER, user, 0, cb, arg));
}

/*
 * At most limit certificates whose id is below before (INT64_MAX for the
 * newest), newest first: one range of the rowid (pager.h).
 */
enum db_result
db_certs_page(int64_t before, int limit,
    int (*cb)(const struct cert *, void *), void *arg)
{
	return (cert_list(ST_CERTS_PAGE, before, limit, cb, arg));
}

enum db_result
db_certs_of_batch(int64_t batch, int (*cb)(const struct cert *, void *),
    void *arg)
{
	return (cert_list(ST_CERTS_OF_BATCH, batch, 0, cb, arg));
}

/* A level's words on a certificate: "玉雕师 四级 / 中级工". */
static void
level_title(const char *track, int ladder, struct cert_event *ev)
{
	enum msg	 m = strcmp(track, "designer") == 0 ? M_TRACK_DESIGNER :
			    M_TRACK_CARVER;
	enum msg	 l = (enum msg)(M_LEVEL_0 + ladder);

	(void)snprintf(ev->title_zh, sizeof(ev->title_zh), "%s %s",
	    i18n(LANG_ZH, m), i18n(LANG_ZH, l));
	(void)snprintf(ev->title_en, sizeof(ev->title_en), "%s, %s",
	    i18n(LANG_EN, m), i18n(LANG_EN, l));
	ev->level = 6 - ladder;		/* 五级 is ladder 1, 一级 ladder 5 */
}

static void
event_row(struct dbq *q, int base, struct cert_event *ev)
{
	const char	*kind;

	ev->user = db_col_int64(q, base);
	TEXT(q, base + 1, ev->name);
	TEXT(q, base + 2, ev->title_zh);
	TEXT(q, base + 3, ev->title_en);
	kind = db_col_text(q, base + 4);
	if (ev->kind == KIND_LEVEL)
		level_title(kind != NULL ? kind : "", db_col_int(q,
		    base + 5), ev);
	else if (ev->kind != KIND_COURSE && kind != NULL)
		(void)cert_kind_parse(kind, &ev->kind);
}

static void
event_read(struct dbq *q, void *arg)
{
	event_row(q, 0, arg);
}

/* The event named `event`, with its words; DB_NOTFOUND when none. */
enum db_result
db_cert_event(const char *event, struct cert_event *ev)
{
	enum stmt	 s;
	struct dbq	*q;
	int64_t		 id;

	memset(ev, 0, sizeof(*ev));
	if (!cert_event_parse(event, &ev->kind, &id))
		return (DB_NOTFOUND);
	s = ev->kind == KIND_COURSE ? ST_EVENT_COMPLETION :
	    ev->kind == KIND_LEVEL ? ST_EVENT_LEVEL : ST_EVENT_HONOUR;
	(void)snprintf(ev->event, sizeof(ev->event), "%s", event);
	q = db_st(s);
	db_bind_int64(q, 1, id);
	return (db_one(q, event_read, ev));
}

struct event_each {
	int	(*cb)(const struct cert_event *, void *);
	void	*arg;
};

static int
event_each_row(struct dbq *q, void *arg)
{
	struct event_each	*e = arg;
	struct cert_event	 ev;
	const char		*kind;

	memset(&ev, 0, sizeof(ev));
	TEXT(q, 0, ev.event);
	kind = db_col_text(q, 1);
	if (!cert_kind_parse(kind, &ev.kind))
		return (1);
	ev.user = db_col_int64(q, 2);
	TEXT(q, 3, ev.name);
	TEXT(q, 4, ev.title_zh);
	TEXT(q, 5, ev.title_en);
	if (ev.kind == KIND_LEVEL)
		level_title(db_col_text(q, 6),
		    db_col_int(q, 7), &ev);
	ev.at = db_col_int64(q, 8);
	return (e->cb(&ev, e->arg) != 0);
}

/* Events that earned a certificate not issued yet, newest first. */
enum db_result
db_cert_events_pending(int limit, int (*cb)(const struct cert_event *,
    void *), void *arg)
{
	struct dbq		*q = db_st(ST_EVENTS_PENDING);
	struct event_each	 e = { cb, arg };

	db_bind_int(q, 1, limit);
	return (db_each(q, event_each_row, &e));
}

/*
 * Tell a certificate's holder (user) of what happened to certificate id,
 * inside the caller's transaction.
 */
static enum db_result
cert_tell(enum notify_kind kind, int64_t user, int64_t id,
    const char *title_zh, const char *title_en, const char *serial,
    const char *reason, int64_t now)
{
	struct notice	 tell;

	memset(&tell, 0, sizeof(tell));
	tell.kind = kind;
	notify_set(tell.subject_zh, sizeof(tell.subject_zh), title_zh);
	notify_set(tell.subject_en, sizeof(tell.subject_en), title_en);
	notify_set(tell.ref, sizeof(tell.ref), serial);
	notify_set(tell.detail, sizeof(tell.detail), reason);
	(void)snprintf(tell.link, sizeof(tell.link), "/certs/%lld",
	    (long long)id);
	return (db_inbox_add_tx(user, &tell, now));
}

/*
 * Inside an open transaction: take the year's next serial, sign the
 * claims and write the certificate, under the name staff verified at the
 * holder's identity check (实名核验) — never the name the person typed
 * into their account. *v = CV_UNVERIFIED when the holder has not proved
 * their account, CV_UNCHECKED when their identity has not been checked
 * (this is the one place every issuing path passes through: staff's, batches, awards at publication, titles), CV_FULL
 * when the year's serials are used up, CV_TOO_LONG when the claims do
 * not fit a QR code, CV_ISSUED when the event has a current certificate
 * already. Shared with db_result.c, which issues award certificates as
 * results are published, in the publication's transaction.
 */
enum db_result
db_cert_insert_tx(const struct cert_event *ev, enum cert_lang lang,
    const struct cert_issuer *is, int64_t batch, int64_t supersedes,
    int64_t *id, enum cert_verdict *v)
{
	struct claims	*c;
	struct dbq	*q;
	enum db_result	 r;
	char		 qr[QR_TEXT_MAX], holder[NAME_MAX_CHARS * 4 + 1];
	int		 year;
	int64_t		 checked, seq64;
	long		 seq;
	int		 verified;

	/* A certificate names a person who proved their phone or email
	 * (ident.c) and whose identity document staff checked (实名). */
	if ((r = db_user_is_verified(ev->user, &verified)) != DB_OK)
		return (r);
	if (!verified) {
		*v = CV_UNVERIFIED;
		return (DB_OK);
	}
	if ((r = db_idcheck_name(ev->user, holder, sizeof(holder),
	    &checked)) != DB_OK)
		return (r);
	if (checked == 0) {
		*v = CV_UNCHECKED;
		return (DB_OK);
	}
	year = atoi(is->today);
	q = db_st(ST_CERT_SEQ_NEXT);
	db_bind_int(q, 1, year);
	if ((r = db_one_int(q, &seq64)) == DB_CONFLICT) { /* the year's last */
		*v = CV_FULL;
		return (DB_OK);
	}
	if (r != DB_OK)
		return (r == DB_NOTFOUND ? DB_OK : r);
	seq = (int)seq64;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return (DB_ERROR);
	(void)snprintf(c->kid, sizeof(c->kid), "%s", is->signer->pub.kid);
	(void)snprintf(c->origin, sizeof(c->origin), "%s", is->origin);
	serial_code_make(c->code);
	if (!serial_make(c->serial, year % 100, ev->kind == KIND_LEVEL ?
	    ev->level : 0, seq)) {
		free(c);
		*v = CV_FULL;
		return (DB_OK);
	}
	(void)snprintf(c->holder, sizeof(c->holder), "%s", holder);
	(void)snprintf(c->kind, sizeof(c->kind), "%s",
	    cert_kind_code(ev->kind));
	(void)snprintf(c->title, sizeof(c->title), "%s",
	    lang == CLANG_EN ? ev->title_en : ev->title_zh);
	c->level = ev->kind == KIND_LEVEL ? ev->level : 0;
	(void)snprintf(c->issued, sizeof(c->issued), "%s", is->today);
	if (is->valid_years[ev->kind] > 0)
		cert_expiry(is->today, is->valid_years[ev->kind], c->expires);
	if (!claims_seal(c, is->signer, qr, sizeof(qr))) {
		free(c);
		db_log("claims_seal", "cannot sign a certificate's claims");
		return (DB_ERROR);
	}
	if (strlen(qr) > CERT_QR_FIT) {
		free(c);
		*v = CV_TOO_LONG;
		return (DB_OK);
	}

	q = db_st(ST_CERT_INSERT);
	db_bind_text(q, 1, c->serial);
	db_bind_text(q, 2, c->code);
	db_bind_text(q, 3, c->kind);
	db_bind_text(q, 4, ev->event);
	db_bind_int64(q, 5, ev->user);
	db_bind_text(q, 6, c->holder);
	db_bind_text(q, 7, ev->title_zh);
	db_bind_text(q, 8, ev->title_en);
	db_bind_int(q, 9, c->level);
	db_bind_text(q, 10, cert_lang_code(lang));
	db_bind_text(q, 11, c->issued);
	if (c->expires[0] != '\0')
		db_bind_text(q, 12, c->expires);
	else
		db_bind_null(q, 12);
	db_bind_text(q, 13, c->kid);
	db_bind_text(q, 14, qr);
	db_bind_int64(q, 15, is->by);
	db_bind_int64(q, 16, is->now);
	if (batch != 0)
		db_bind_int64(q, 17, batch);
	else
		db_bind_null(q, 17);
	if (supersedes != 0)
		db_bind_int64(q, 18, supersedes);
	else
		db_bind_null(q, 18);
	db_bind_int64(q, 19, checked);
	r = db_exec(q);
	if (r == DB_CONFLICT) {
		/* Another transaction issued it first (the unique index on
		 * the event's current certificate). */
		free(c);
		*v = CV_ISSUED;
		return (DB_OK);
	}
	if (r == DB_OK) {
		*id = db_last_id();
		*v = CV_OK;
		if ((r = db_status_assign_tx(*id, v)) != DB_OK || *v != CV_OK) {
			free(c);
			return (r);
		}
		/* Its holder is told here, however it was issued (by hand,
		 * a batch, an award, a title); a re-issue is told as one by
		 * db_cert_reissue(), with its reason. */
		if (supersedes == 0)
			r = cert_tell(NOTIFY_CERT_ISSUED, ev->user, *id,
			    ev->title_zh, ev->title_en, c->serial, NULL,
			    is->now);
	}
	free(c);
	return (r);
}

enum db_result
db_cert_audit(int64_t by, const char *action, int64_t id, const char *detail,
    int64_t now)
{

	return (db_audit_id(by, action, "cert", id, detail, now));
}

/*
 * Issue the certificate `event` earned, worded in lang. *v says why not:
 * CV_NO_EVENT (there is no such event), CV_ISSUED (it has one already).
 */
enum db_result
db_cert_issue(const char *event, enum cert_lang lang,
    const struct cert_issuer *is, int64_t *id, enum cert_verdict *v)
{
	struct cert_event	 ev;
	enum db_result		 r;
	int64_t			 n;

	*id = 0;
	*v = CV_NO_EVENT;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_cert_event(event, &ev)) != DB_OK) {
		ROLLBACK();
		return (r == DB_NOTFOUND ? DB_OK : r);
	}
	if ((r = db_count(ST_CERT_EVENT_ISSUED, event, 0, &n)) != DB_OK)
		goto fail;
	if (n > 0) {
		*v = CV_ISSUED;
		ROLLBACK();
		return (DB_OK);
	}
	if ((r = db_cert_insert_tx(&ev, lang, is, 0, 0, id, v)) != DB_OK)
		goto fail;
	if (*v != CV_OK) {
		ROLLBACK();
		return (DB_OK);
	}
	if ((r = db_cert_audit(is->by, "cert.issue", *id, event, is->now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/*
 * Re-issue certificate id (a corrected name, another language): a new
 * certificate for the same event supersedes it, and its page points to
 * the new one. It is issued under the holder's verified name (a name is
 * corrected at the identity check, db_idcheck_rename(), with a reason):
 * holder, when not NULL, must be that name (CV_NAME otherwise), and
 * CV_UNCHECKED when there is none. CV_STATE when it is revoked or
 * superseded already; CV_EXPIRED when it has expired (re-issuing must
 * not extend it: a new assessment earns a new certificate).
 */
enum db_result
db_cert_reissue(int64_t id, const char *holder, enum cert_lang lang,
    const char *reason, const struct cert_issuer *is, int64_t *newid,
    enum cert_verdict *v)
{
	struct cert_event	 ev;
	struct cert		*old;
	struct dbq		*q;
	enum db_result		 r;

	*newid = 0;
	*v = CV_STATE;
	if ((old = malloc(sizeof(*old))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK) {
		free(old);
		return (r);
	}
	if ((r = db_cert_get(id, old)) != DB_OK)
		goto fail;
	if (!old->current || old->revoked != 0 || old->suspended != 0 ||
	    cert_status(old, is->today) == CERT_EXPIRED) {
		if (old->current && old->revoked == 0)
			*v = old->suspended != 0 ? CV_SUSPENDED : CV_EXPIRED;
		ROLLBACK();
		free(old);
		return (DB_OK);
	}
	if ((r = db_cert_event(old->event, &ev)) != DB_OK)
		goto fail;
	if (holder != NULL) {
		if ((r = db_idcheck_name(old->user, old->holder,
		    sizeof(old->holder), &old->identity_checked)) != DB_OK)
			goto fail;
		if (old->identity_checked != 0 &&
		    strcmp(holder, old->holder) != 0) {
			*v = CV_NAME;
			ROLLBACK();
			free(old);
			return (DB_OK);
		}
	}
	q = db_st(ST_CERT_RETIRE);
	db_bind_int64(q, 1, id);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (db_changes() != 1) {
		ROLLBACK();
		free(old);
		return (DB_OK);
	}
	/* The new one stays in the old one's batch (and its ZIP). */
	if ((r = db_cert_insert_tx(&ev, lang, is, old->batch, id, newid,
	    v)) != DB_OK)
		goto fail;
	if (*v != CV_OK) {
		ROLLBACK();
		free(old);
		return (DB_OK);
	}
	q = db_st(ST_CERT_LINK);
	db_bind_int64(q, 1, id);
	db_bind_int64(q, 2, *newid);
	db_bind_text(q, 3, reason);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_cert_audit(is->by, "cert.reissue", id, reason, is->now)) !=
	    DB_OK || (r = db_cert_audit(is->by, "cert.issue", *newid, ev.event,
	    is->now)) != DB_OK)
		goto fail;
	/* old is done with: it now holds the new certificate. */
	if ((r = db_cert_get(*newid, old)) != DB_OK ||
	    (r = cert_tell(NOTIFY_CERT_REPLACED, old->user, *newid,
	    old->title_zh, old->title_en, old->serial, reason, is->now)) !=
	    DB_OK || (r = db_status_publish_tx(is->now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	free(old);
	return (DB_OK);
fail:
	ROLLBACK();
	free(old);
	*newid = 0;
	return (r);
}

/*
 * Revoke certificate id with a reason. CV_STATE: revoked or replaced
 * already. A revoked certificate stays revoked; its event may be issued
 * again (after a review, say) as a new certificate.
 */
enum db_result
db_cert_revoke(int64_t id, const char *reason, int64_t by, int64_t now,
    enum cert_verdict *v)
{
	struct cert	*c = NULL;
	struct dbq	*q;
	enum db_result	 r;

	*v = CV_STATE;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_CERT_REVOKE);
	db_bind_int64(q, 1, id);
	db_bind_int64(q, 2, now);
	db_bind_text(q, 3, reason);
	db_bind_int64(q, 4, by);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (db_changes() != 1) {
		ROLLBACK();
		return (DB_OK);
	}
	*v = CV_OK;
	if ((c = malloc(sizeof(*c))) == NULL) {
		r = DB_ERROR;
		goto fail;
	}
	if ((r = db_cert_audit(by, "cert.revoke", id, reason, now)) != DB_OK ||
	    (r = db_cert_get(id, c)) != DB_OK ||
	    (r = cert_tell(NOTIFY_CERT_REVOKED, c->user, id, c->title_zh,
	    c->title_en, c->serial, reason, now)) != DB_OK ||
	    (r = db_status_publish_tx(now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	free(c);
	return (DB_OK);
fail:
	ROLLBACK();
	free(c);
	return (r);
}

/* Whether the holder shows their other certificates on verify pages. */
enum db_result
db_cert_share(int64_t user, int on, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_CERT_SHARE);
	db_bind_int64(q, 1, user);
	db_bind_int(q, 2, on != 0);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(user, "cert.share", "user", user,
	    on ? "on" : "off", now)) != DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

enum db_result
db_cert_sharing(int64_t user, int *on)
{
	int64_t		 n;
	enum db_result	 r;

	*on = 0;
	if ((r = db_count(ST_CERT_SHARING, NULL, user, &n)) == DB_OK)
		*on = n != 0;
	return (r);
}

/*
 * Inside an open transaction: record an honour (an award or a title)
 * conferred on a person on day `conferred` by `source`, with its audit
 * line. It is the event an award or title certificate is issued from.
 */
enum db_result
db_honour_insert_tx(int64_t user, enum cert_kind kind, const char *name_zh,
    const char *name_en, const char *conferred, const char *source,
    int64_t by, int64_t now, int64_t *id)
{
	struct dbq	*q;
	enum db_result	 r;

	if (kind != KIND_AWARD && kind != KIND_TITLE && kind != KIND_GUIDE)
		return (DB_CONFLICT);
	q = db_st(ST_HONOUR_INSERT);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, cert_kind_code(kind));
	db_bind_text(q, 3, name_zh);
	db_bind_text(q, 4, name_en);
	db_bind_text(q, 5, conferred);
	db_bind_text(q, 6, source);
	db_bind_int64(q, 7, by);
	db_bind_int64(q, 8, now);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	*id = db_last_id();
	return (db_audit_id(by, "honour.add", "user", user, name_zh, now));
}

/*
 * Record an honour in its own transaction (db_honour_insert_tx()).
 * Competitions record theirs when results are published, titles when
 * staff confirm a nomination.
 */
enum db_result
db_honour_add(int64_t user, enum cert_kind kind, const char *name_zh,
    const char *name_en, const char *conferred, const char *source,
    int64_t by, int64_t now, int64_t *id)
{
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_honour_insert_tx(user, kind, name_zh, name_en, conferred,
	    source, by, now, id)) != DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

/*
 * Suspend certificate id (暂停: under review, say) with a reason:
 * reversible, unlike a revocation. *v: CV_STATE when it is revoked or
 * replaced, CV_SUSPENDED when it is suspended already.
 */
enum db_result
db_cert_suspend(int64_t id, const char *reason, int64_t by, int64_t now,
    enum cert_verdict *v)
{
	struct cert	*c;
	struct dbq	*q;
	enum db_result	 r;

	*v = CV_STATE;
	if ((c = malloc(sizeof(*c))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK) {
		free(c);
		return (r);
	}
	q = db_st(ST_CERT_SUSPEND);
	db_bind_int64(q, 1, id);
	db_bind_int64(q, 2, now);
	db_bind_text(q, 3, reason);
	db_bind_int64(q, 4, by);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (db_changes() != 1) {
		if ((r = db_cert_get(id, c)) != DB_OK)
			goto fail;
		if (c->current && c->revoked == 0 && c->suspended != 0)
			*v = CV_SUSPENDED;
		ROLLBACK();
		free(c);
		return (DB_OK);
	}
	*v = CV_OK;
	if ((r = db_cert_audit(by, "cert.suspend", id, reason, now)) != DB_OK ||
	    (r = db_status_publish_tx(now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	free(c);
	return (DB_OK);
fail:
	ROLLBACK();
	free(c);
	*v = CV_STATE;
	return (r);
}

/*
 * Lift certificate id's suspension, with a reason (the audit log keeps
 * it). *v: CV_NOT_SUSPENDED when it is not suspended.
 */
enum db_result
db_cert_reinstate(int64_t id, const char *reason, int64_t by, int64_t now,
    enum cert_verdict *v)
{
	struct dbq	*q;
	enum db_result	 r;

	*v = CV_NOT_SUSPENDED;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_CERT_REINSTATE);
	db_bind_int64(q, 1, id);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (db_changes() != 1) {
		ROLLBACK();
		return (DB_OK);
	}
	*v = CV_OK;
	if ((r = db_cert_audit(by, "cert.reinstate", id, reason, now)) !=
	    DB_OK || (r = db_status_publish_tx(now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*v = CV_NOT_SUSPENDED;
	return (r);
}
