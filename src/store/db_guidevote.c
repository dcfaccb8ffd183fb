/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_guidevote.c: 十大金牌导购大师's public vote and integrity record in
 * the store — a vote (one per verified phone per Asia/Shanghai day per
 * selection: the UNIQUE index decides), the votes with what makes them
 * look odd, a void, and the complaints upheld that deduct points; each
 * a record of the hash-chained score log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"
#include "score.h"
#include "db_comp_int.h"

/*
 * Open the write transaction of a vote or a complaint about nominee of
 * comp, with the nominee read into n. DB_OK and *v GV_OK: the transaction
 * is open for the caller. DB_OK and *v the refusal, rolled back: comp is
 * not a guide selection (GV_NOT_GUIDE); it is not being judged, nor,
 * unless judging_only, taking nominations (GV_STATE); nominee is not
 * its, or with eligible not eligible (GV_NOT_ELIGIBLE). Otherwise the
 * store's error, rolled back.
 */
static enum db_result
guide_begin(int64_t comp, int64_t nominee, int judging_only, int eligible,
    struct guide_nominee *n, enum guide_verdict *v)
{
	struct comp_brief	 b;
	enum db_result		 r;

	*v = GV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_guide_brief(comp, &b, v)) != DB_OK)
		goto fail;
	if (*v != GV_OK)
		return (db_guide_refuse(v, *v));
	if (b.state != COMP_JUDGING && (judging_only ||
	    b.state != COMP_ENTRIES))
		return (db_guide_refuse(v, GV_STATE));
	if ((r = db_guide_nominee_get(nominee, n)) == DB_NOTFOUND ||
	    (r == DB_OK && (n->competition != comp ||
	    (eligible && n->status != NOMINEE_ELIGIBLE))))
		return (db_guide_refuse(v, GV_NOT_ELIGIBLE));
	if (r == DB_OK)
		return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * A public vote by u (whose account is a verified phone, the caller's
 * check) for an eligible nominee of comp while it is being judged
 * (GV_STATE; GV_NOT_ELIGIBLE). One per phone per Asia/Shanghai day per
 * selection: the UNIQUE (competition, phone, day) index refuses a second
 * (GV_TODAY) — the insert, not a count read before it, decides, so two
 * concurrent votes give exactly one. net is the range it came from
 * (guide_net()). Logged with the vote's id and day, not the phone.
 */
enum db_result
db_guide_vote(int64_t comp, int64_t nominee, const struct user *u,
    const char *net, int64_t now, int64_t *id, enum guide_verdict *v)
{
	struct guide_nominee	 n;
	struct dbq		*q;
	enum db_result		 r;
	char			 day[11], what[64];

	*id = 0;
	guide_day((time_t)now, day);
	if ((r = guide_begin(comp, nominee, 1, 1, &n, v)) != DB_OK ||
	    *v != GV_OK)
		return (r);
	q = db_st(ST_GUIDE_VOTE_INSERT);
	db_bind_int64(q, 1, comp);
	db_bind_int64(q, 2, nominee);
	db_bind_int64(q, 3, u->id);
	db_bind_text(q, 4, u->account);
	db_bind_text(q, 5, day);
	db_bind_text(q, 6, net);
	db_bind_int64(q, 7, now);
	if ((r = db_exec(q)) == DB_CONFLICT)
		return (db_guide_refuse(v, GV_TODAY));
	if (r != DB_OK)
		goto fail;
	*id = db_last_id();
	(void)snprintf(what, sizeof(what), "vote %lld %s", (long long)*id,
	    day);
	if ((r = db_scorelog_append(u->id, "guide.vote", comp, nominee, 0, 1, "",
	    what, now, NULL)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

struct vote_each {
	int64_t	 young;		/* g->new_days in seconds */
	int	 burst;
	int	(*cb)(const struct guide_vote *, void *);
	void	*arg;
};

static int
vote_each_row(struct dbq *q, void *arg)
{
	struct vote_each	*e = arg;
	struct guide_vote	 x;

	memset(&x, 0, sizeof(x));
	x.id = db_col_int64(q, 0);
	x.nominee = db_col_int64(q, 1);
	TEXT(q, 2, x.guide);
	x.user = db_col_int64(q, 3);
	TEXT(q, 4, x.phone);
	TEXT(q, 5, x.day);
	TEXT(q, 6, x.net);
	x.at = db_col_int64(q, 7);
	x.voided = db_col_int(q, 8);
	TEXT(q, 9, x.void_reason);
	x.account_created = db_col_int64(q, 10);
	x.nearby = db_col_int(q, 11);
	x.burst = x.nearby >= e->burst;
	x.new_account = e->young > 0 && x.at - x.account_created < e->young;
	return (e->cb(&x, e->arg) != 0);
}

/*
 * The votes of comp, newest first, at most limit, to cb (borrowed for
 * the call; 0 stops): each with the votes from its address range within
 * g's burst window either side (itself counted: `nearby`), flagged as a
 * burst when that reaches g->burst, and as a new account when the voter's
 * account was made less than g->new_days days before the vote (0: never
 * flagged). With anomalies only those flagged.
 */
enum db_result
db_guide_votes(int64_t comp, const struct guide_rules *g, int anomalies,
    int limit, int (*cb)(const struct guide_vote *, void *), void *arg)
{
	struct vote_each	 e = { (int64_t)g->new_days * 86400, g->burst,
				    cb, arg };
	struct dbq		*q = db_st(ST_GUIDE_VOTES);

	db_bind_int64(q, 1, comp);
	db_bind_int64(q, 2, (int64_t)g->burst_minutes * 60);
	db_bind_int(q, 3, anomalies);
	db_bind_int(q, 4, g->burst);
	db_bind_int64(q, 5, e.young);
	db_bind_int(q, 6, limit);
	return (db_each(q, vote_each_row, &e));
}

/*
 * Staff void a vote with a reason, once (GV_TWICE), before the results
 * are frozen (GV_STATE); the vote stays (its phone has still voted that
 * day) but no longer counts. *comp is the vote's selection.
 */
enum db_result
db_guide_void(int64_t vote, const char *reason, int64_t by, int64_t now,
    int64_t *comp, enum guide_verdict *v)
{
	struct comp_brief	 b;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 row[3];	/* competition, nominee, voided */
	char			 what[32];

	*v = GV_OK;
	*comp = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_GUIDE_VOTE_GET);
	db_bind_int64(q, 1, vote);
	if ((r = db_one_ints(q, row, 3)) != DB_OK)
		goto fail;		/* DB_NOTFOUND: no such vote */
	*comp = row[0];
	if ((r = comp_brief_get(*comp, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_JUDGING)
		return (db_guide_refuse(v, GV_STATE));
	if (row[2])		/* voided */
		return (db_guide_refuse(v, GV_TWICE));
	q = db_st(ST_GUIDE_VOTE_VOID);
	db_bind_int64(q, 1, vote);
	db_bind_text(q, 2, reason);
	db_bind_int64(q, 3, by);
	(void)snprintf(what, sizeof(what), "vote %lld", (long long)vote);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_scorelog_append(by, "guide.void", *comp, row[1], 0, 1, what,
	    reason, now, NULL)) != DB_OK ||
	    (r = db_audit_id(by, "guide.void", "vote", vote, reason, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Staff record a complaint upheld against a nominee's shop (against_shop:
 * it counts for every nomination of that shop in the selection) or the
 * guide, before the results are frozen (GV_STATE); the nominee must be
 * the selection's (GV_NOT_ELIGIBLE). Each deducts the rules' points
 * from the integrity score, which stops at 0 (guide_combine()).
 */
enum db_result
db_guide_complaint(int64_t comp, int64_t nominee, int against_shop,
    const char *summary, int64_t by, int64_t now, int64_t *id,
    enum guide_verdict *v)
{
	struct guide_nominee	 n;
	struct guide_rules	 g;
	struct dbq		*q;
	enum db_result		 r;
	char			 what[96];

	*id = 0;
	if ((r = guide_begin(comp, nominee, 0, 0, &n, v)) != DB_OK ||
	    *v != GV_OK)
		return (r);
	if ((r = db_guide_rules_get(comp, &g)) != DB_OK)
		goto fail;
	q = db_st(ST_GUIDE_COMPLAINT_INSERT);
	db_bind_int64(q, 1, comp);
	db_bind_int64(q, 2, nominee);
	db_bind_text(q, 3, against_shop ? "shop" : "guide");
	db_bind_text(q, 4, summary);
	db_bind_int64(q, 5, by);
	db_bind_int64(q, 6, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	(void)snprintf(what, sizeof(what), "complaint %lld against %s: -%d",
	    (long long)*id, against_shop ? "shop" : "guide", g.w.deduction);
	if ((r = db_scorelog_append(by, "guide.deduct", comp, nominee, 0, 1, "",
	    what, now, NULL)) != DB_OK ||
	    (r = db_audit_id(by, "guide.complaint", "nominee", nominee,
	    summary, now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

struct complaint_each {
	int	(*cb)(const struct guide_complaint *, void *);
	void	*arg;
};

static int
complaint_each_row(struct dbq *q, void *arg)
{
	struct complaint_each	*e = arg;
	struct guide_complaint	 k;

	memset(&k, 0, sizeof(k));
	k.id = db_col_int64(q, 0);
	k.nominee = db_col_int64(q, 1);
	TEXT(q, 2, k.shop);
	TEXT(q, 3, k.guide);
	k.against_shop = db_col_int(q, 4);
	TEXT(q, 5, k.summary);
	k.at = db_col_int64(q, 6);
	return (e->cb(&k, e->arg) != 0);
}

/* The complaints of comp in order, to cb (borrowed; 0 stops). */
enum db_result
db_guide_complaints(int64_t comp,
    int (*cb)(const struct guide_complaint *, void *), void *arg)
{
	struct complaint_each	 e = { cb, arg };
	struct dbq		*q = db_st(ST_GUIDE_COMPLAINTS);

	db_bind_int64(q, 1, comp);
	return (db_each(q, complaint_each_row, &e));
}
