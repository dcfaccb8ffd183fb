/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_privacy.c: 实名核验 and PIPL (个人信息保护法) in the store — the
 * identity check staff record at the station, the name it verified (the
 * only name a certificate is issued under), consents with the privacy
 * notice's version, the facts a minor's uploads depend on, and the
 * deletion of an account. Every change here writes its audit line in the
 * same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"

static const char *const consent_codes[CONSENT__COUNT] = {
	[CONSENT_NOTICE] = "notice",
	[CONSENT_IDENTITY] = "identity",
	[CONSENT_GUARDIAN] = "guardian",
};

const char *
consent_kind_code(enum consent_kind k)
{
	return ((unsigned)k < CONSENT__COUNT ? consent_codes[k] : "unknown");
}

static enum db_result
user_audit(int64_t actor, const char *action, int64_t user,
    const char *detail, int64_t now)
{

	return (db_audit_id(actor, action, "user", user, detail, now));
}

/* Inside a transaction: one consent row and its audit line. */
static enum db_result
consent_tx(int64_t user, enum consent_kind kind, int version,
    const char *detail, int64_t by, int64_t now)
{
	struct dbq	*q = db_st(ST_CONSENT_INSERT);
	enum db_result	 r;
	char		 what[32];

	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, consent_kind_code(kind));
	db_bind_int(q, 3, version);
	db_bind_text(q, 4, detail != NULL ? detail : "");
	if (by > 0)
		db_bind_int64(q, 5, by);
	db_bind_int64(q, 6, now);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	(void)snprintf(what, sizeof(what), "%s v%d", consent_kind_code(kind),
	    version);
	return (user_audit(by > 0 ? by : user, "privacy.consent", user, what,
	    now));
}

static enum db_result
birth_tx(int64_t user, const char *birth)
{
	struct dbq	*q = db_st(ST_BIRTH_SET);

	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, birth);
	return (db_exec(q));
}

/*
 * Inside an open transaction: user's consent to the privacy notice of
 * `version`, given by themselves (a claim of their number, ident.c).
 */
enum db_result
db_consent_notice_tx(int64_t user, int version, int64_t now)
{
	return (consent_tx(user, CONSENT_NOTICE, version, NULL, 0, now));
}

/*
 * A newcomer's registration: the person (unverified until their code
 * comes back, ident.c), their consent to the privacy
 * notice of `version` and their birth date (NULL: not given) in one
 * transaction, so there is never an account without its consent.
 * DB_CONFLICT when the account is taken.
 */
enum db_result
db_user_register(const struct user_new *n, int version, const char *birth,
    int64_t *id)
{
	enum db_result	 r;
	int64_t		 now = (int64_t)time(NULL);

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_user_insert_tx(n, 0, id)) != DB_OK ||
	    (r = consent_tx(*id, CONSENT_NOTICE, version, NULL, 0, now)) !=
	    DB_OK || (birth != NULL && (r = birth_tx(*id, birth)) != DB_OK) ||
	    (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		*id = 0;
		return (r);
	}
	return (DB_OK);
}

static void
idcheck_row(struct dbq *q, void *arg)
{
	struct idcheck	*c = arg;

	if (!doc_type_parse(db_col_text(q, 0),
	    &c->doc_type))
		c->doc_type = DOC_RESIDENT_ID;
	TEXT(q, 1, c->last4);
	TEXT(q, 2, c->name);
	c->checked_by = db_col_int64(q, 3);
	TEXT(q, 4, c->checker);
	c->checked = db_col_int64(q, 5);
	c->renamed = db_col_int64(q, 6);
}

/* user's identity check; DB_NOTFOUND when there is none. */
enum db_result
db_idcheck_get(int64_t user, struct idcheck *c)
{
	struct dbq	*q = db_st(ST_IDCHECK_GET);

	memset(c, 0, sizeof(*c));
	db_bind_int64(q, 1, user);
	return (db_one(q, idcheck_row, c));
}

/* Who else holds a document: their id, name and account. */
static void
holder_row(struct dbq *q, void *arg)
{
	struct user	*other = arg;

	other->id = db_col_int64(q, 0);
	TEXT(q, 1, other->name);
	TEXT(q, 2, other->account);
}

/*
 * The name a certificate for user is issued under, and when it was
 * checked (*checked 0 and name "" when it was not: DB_OK either way).
 */
enum db_result
db_idcheck_name(int64_t user, char *name, size_t namesz, int64_t *checked)
{
	struct idcheck	 c;
	enum db_result	 r;

	*checked = 0;
	name[0] = '\0';
	if ((r = db_idcheck_get(user, &c)) == DB_NOTFOUND)
		return (DB_OK);
	if (r == DB_OK) {
		(void)snprintf(name, namesz, "%s", c.name);
		*checked = c.checked;
	}
	return (r);
}

/*
 * Record staff's identity check of n->user with the person's consent to
 * the processing of their document (sensitive information, PIPL art. 29),
 * in one transaction. *v: IDV_TWICE when the person is checked already
 * (a name is corrected with db_idcheck_rename()); IDV_ELSEWHERE when the
 * same document holds another account, which is then in *other (for
 * staff to see) — the attempt is audited either way.
 */
enum db_result
db_idcheck_record(const struct idcheck_new *n, enum idcheck_verdict *v,
    struct user *other)
{
	struct dbq	*q;
	enum db_result	 r;
	char		 detail[64];

	*v = IDV_OK;
	memset(other, 0, sizeof(*other));
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_IDCHECK_BY_HASH);
	db_bind_text(q, 1, n->hash);
	if ((r = db_one(q, holder_row, other)) != DB_OK && r != DB_NOTFOUND)
		goto fail;
	if (r == DB_OK) {
		*v = other->id == n->user ? IDV_TWICE : IDV_ELSEWHERE;
		if (*v == IDV_TWICE)
			memset(other, 0, sizeof(*other));
		goto refused;
	}
	q = db_st(ST_IDCHECK_INSERT);
	db_bind_int64(q, 1, n->user);
	db_bind_text(q, 2, doc_type_code(n->doc_type));
	db_bind_text(q, 3, n->last4);
	db_bind_text(q, 4, n->hash);
	db_bind_text(q, 5, n->name);
	db_bind_int64(q, 6, n->by);
	db_bind_int64(q, 7, n->now);
	if ((r = db_exec(q)) == DB_CONFLICT) {
		/* The person's row exists: checked already (with another
		 * document, or at the same moment by another desk). */
		*v = IDV_TWICE;
		goto refused;
	}
	(void)snprintf(detail, sizeof(detail), "%s *%s",
	    doc_type_code(n->doc_type), n->last4);
	if (r != DB_OK ||
	    (n->birth_date != NULL && (r = birth_tx(n->user,
	    n->birth_date)) != DB_OK) ||
	    (r = consent_tx(n->user, CONSENT_IDENTITY, PRIVACY_VERSION,
	    NULL, n->by, n->now)) != DB_OK ||
	    (r = user_audit(n->by, "realname.check", n->user, detail,
	    n->now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
refused:
	ROLLBACK();
	/* The refusal is a fact worth keeping: which desk tried what. */
	(void)snprintf(detail, sizeof(detail), "%s: %s",
	    *v == IDV_TWICE ? "twice" : "document of user",
	    *v == IDV_TWICE ? doc_type_code(n->doc_type) : "");
	if (*v == IDV_ELSEWHERE)
		(void)snprintf(detail, sizeof(detail), "document of user:%lld",
		    (long long)other->id);
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = user_audit(n->by, "realname.refused", n->user, detail,
	    n->now)) != DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Staff change user's verified name, with a reason; the old and new
 * names and the reason go to the audit log. DB_NOTFOUND when the person
 * has no identity check.
 */
enum db_result
db_idcheck_rename(int64_t user, const char *name, const char *reason,
    int64_t by, int64_t now)
{
	struct idcheck	 c;
	struct dbq	*q;
	enum db_result	 r;
	char		*detail = NULL;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_idcheck_get(user, &c)) != DB_OK)
		goto fail;
	q = db_st(ST_IDCHECK_RENAME);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, name);
	db_bind_int64(q, 3, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (asprintf(&detail, "%s -> %s: %s", c.name, name, reason) == -1) {
		detail = NULL;
		r = DB_ERROR;
		goto fail;
	}
	if ((r = user_audit(by, "realname.rename", user, detail, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	free(detail);
	return (DB_OK);
fail:
	ROLLBACK();
	free(detail);
	return (r);
}

/* A consent given (or recorded by staff `by`; 0: the person). */
enum db_result
db_consent_add(int64_t user, enum consent_kind kind, int version,
    const char *detail, int64_t by, int64_t now)
{
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = consent_tx(user, kind, version, detail, by, now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

/* A list's callback and its argument, for its row function (db_each()). */
struct each {
	int	(*consent)(const struct consent_row *, void *);
	int	(*unverified)(int64_t, const char *, void *);
	void	*arg;
};

static int
consent_each(struct dbq *q, void *arg)
{
	struct each		*e = arg;
	struct consent_row	 c;
	const char		*k;
	int			 i;

	memset(&c, 0, sizeof(c));
	k = db_col_text(q, 0);
	for (i = 0; i < CONSENT__COUNT; i++)
		if (k != NULL && strcmp(k, consent_codes[i]) == 0)
			c.kind = (enum consent_kind)i;
	c.version = db_col_int(q, 1);
	TEXT(q, 2, c.detail);
	c.recorded_by = db_col_int64(q, 3);
	TEXT(q, 4, c.recorder);
	c.at = db_col_int64(q, 5);
	return (e->consent(&c, e->arg) != 0);
}

/* user's consents, oldest first. */
enum db_result
db_consents(int64_t user, int (*cb)(const struct consent_row *, void *),
    void *arg)
{
	struct dbq		*q = db_st(ST_CONSENTS_OF);
	struct each	 e = { .consent = cb, .arg = arg };

	db_bind_int64(q, 1, user);
	return (db_each(q, consent_each, &e));
}

static void
facts_row(struct dbq *q, void *arg)
{
	struct privacy_facts	*f = arg;

	TEXT(q, 0, f->birth_date);
	f->guardian = db_col_int(q, 1);
	f->checked = db_col_int(q, 2);
	f->deleted = db_col_int64(q, 3);
}

/* What a minor's uploads and a certificate's name depend on. */
enum db_result
db_privacy_facts(int64_t user, struct privacy_facts *f)
{
	struct dbq	*q = db_st(ST_PRIVACY_FACTS);

	memset(f, 0, sizeof(*f));
	db_bind_int64(q, 1, user);
	return (db_one(q, facts_row, f));
}

static int
unverified_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;
	char		 name[NAME_MAX_CHARS * 4 + 1];

	TEXT(q, 1, name);
	return (e->unverified(db_col_int64(q, 0), name, e->arg) != 0);
}

/* Graduates of run still without a certificate because their identity
 * is not checked: (user id, name) each. */
enum db_result
db_run_unverified(int64_t run, int (*cb)(int64_t, const char *, void *),
    void *arg)
{
	struct dbq	*q = db_st(ST_RUN_UNVERIFIED);
	struct each	 e = { .unverified = cb, .arg = arg };

	db_bind_int64(q, 1, run);
	return (db_each(q, unverified_each, &e));
}

/*
 * A certificate ST_CERTS_REVOKE_OF_USER revoked: counted, and its batch
 * kept (when it has one) for its ZIP to be rebuilt.
 */
static int
revoked_fill(struct dbq *q, void *e, void *arg)
{
	int64_t	*batch = e;
	int	*revoked = arg;

	(*revoked)++;
	*batch = db_col_int64(q, 1);
	return (*batch != 0);
}

static enum db_result
exec_user(enum stmt s, int64_t user)
{
	struct dbq	*q = db_st(s);

	db_bind_int64(q, 1, user);
	return (db_exec(q));
}

/*
 * Delete user's account (PIPL art. 47), in one transaction: sessions,
 * login failures, the identity check, consents, the birth date, works
 * and their photos' rows, comments, the words of the training log and of
 * requests to masters, and their job applications go; the person becomes a tombstone named
 * `tombstone` that cannot log in. What was earned stays as the legal
 * record: completions, levels, honours, results, and the certificates,
 * which stay verifiable under the name they were issued to — or, with
 * revoke, are revoked with `reason`. d (free with deletion_free()) says
 * which photos' files and which batches' ZIPs the caller must remove
 * once this has committed. DB_NOTFOUND when there is no such live
 * account.
 */
enum db_result
db_account_delete(int64_t user, const char *tombstone, int revoke,
    const char *reason, int64_t now, struct deletion *d)
{
	static const enum stmt	 steps[] = {
		ST_DEL_PHOTOS, ST_DEL_COMMENTS, ST_DEL_WORKS,
		ST_DEL_WORKS_SCRUB, ST_DEL_LOG_NOTES, ST_DEL_MENTOR_MESSAGES,
		ST_DEL_SESSIONS, ST_DEL_IDCHECK, ST_DEL_CONSENTS,
		ST_DEL_INBOX, ST_DEL_NOTIFY_PREFS, ST_DEL_CODES, ST_DEL_OUTBOX,
		ST_DEL_JOB_APPLICATIONS,	/* with what each showed */
	};
	struct user		 u;
	struct dbq		*q;
	enum db_result		 r;
	size_t			 i;

	memset(d, 0, sizeof(*d));
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_user_by_id(user, &u)) != DB_OK)
		goto fail;
	q = db_st(ST_PHOTOS_OF_USER);
	db_bind_int64(q, 1, user);
	if ((r = db_ids(q, &d->photos, &d->nphotos)) != DB_OK)
		goto fail;
	/* The entries' own copies of those photos (blind judging's). */
	q = db_st(ST_DEL_ENTRY_PHOTOS);
	db_bind_int64(q, 1, user);
	if ((r = db_ids(q, &d->entry_photos, &d->nentry_photos)) != DB_OK)
		goto fail;
	if (revoke) {
		q = db_st(ST_CERTS_REVOKE_OF_USER);
		db_bind_int64(q, 1, user);
		db_bind_int64(q, 2, now);
		db_bind_text(q, 3, reason);
		if ((r = db_rows(q, sizeof(*d->batches), revoked_fill,
		    &d->revoked, &d->batches, &d->nbatches)) != DB_OK)
			goto fail;
	}
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if ((r = exec_user(steps[i], user)) != DB_OK)
			goto fail;
	}
	q = db_st(ST_DEL_FAILURES);
	db_bind_text(q, 1, u.account);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	q = db_st(ST_DEL_USER);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, tombstone);
	db_bind_int64(q, 3, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (db_changes() != 1) {
		r = DB_NOTFOUND;	/* deleted already */
		goto fail;
	}
	if ((r = user_audit(user, "account.delete", user, revoke ?
	    "certificates revoked" : "certificates kept", now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	deletion_free(d);
	return (r);
}

void
deletion_free(struct deletion *d)
{
	free(d->photos);
	free(d->entry_photos);
	free(d->batches);
	memset(d, 0, sizeof(*d));
}
