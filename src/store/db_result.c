/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_result.c: 评选 results in the store — opening judging, the lock
 * that scores, ranks and freezes a round's results (comp_results, whose
 * hash its score-log record keeps), publication (awards, their
 * certificates in one batch, the log head) and title nominations with
 * staff's decision on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"
#include "score.h"
#include "db_comp_int.h"

/* struct nomination's reason holds this many bytes with its NUL. */
#define NOMINATION_REASON	sizeof(((struct nomination *)0)->reason)

static const char *const nomination_codes[] = {
	[NOM_PROPOSED] = "proposed",
	[NOM_CONFIRMED] = "confirmed",
	[NOM_DECLINED] = "declined",
};

/*
 * Open judging: every entry checked, at least one eligible, every
 * category with eligible entries has a judge. Round 1 starts with every
 * eligible entry in it and every recusal its panels call for recorded.
 */
enum db_result
db_comp_open(int64_t comp, int64_t by, int64_t now, enum comp_verdict *v)
{
	struct comp_pair	*p = NULL;
	struct comp_brief	 b;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 pending, eligible, bare;
	size_t			 np;

	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief_get(comp, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES)
		return (db_comp_refuse(v, COMPV_STATE));
	if ((r = db_count(ST_ENTRIES_STATUS, "pending", comp, &pending)) !=
	    DB_OK || (r = db_count(ST_ENTRIES_STATUS, "eligible", comp,
	    &eligible)) != DB_OK || (r = db_count(ST_CATEGORY_NO_JUDGE, NULL,
	    comp, &bare)) != DB_OK)
		goto fail;
	if (pending > 0)
		return (db_comp_refuse(v, COMPV_PENDING));
	if (eligible == 0)
		return (db_comp_refuse(v, COMPV_EMPTY));
	if (bare > 0)
		return (db_comp_refuse(v, COMPV_NO_JUDGES));
	q = db_st(ST_COMP_STATE_SET);
	db_bind_int64(q, 1, comp);
	db_bind_text(q, 2, comp_state_code(COMP_JUDGING));
	db_bind_int(q, 3, 1);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	q = db_st(ST_ENTRIES_REACH);
	db_bind_int64(q, 1, comp);
	db_bind_int(q, 2, 1);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_judge_pairs_load(comp, 1, 0, 0, &p, &np)) != DB_OK ||
	    (r = db_judge_pairs_recuse(comp, 1, b.generations, p, np, by, now)) !=
	    DB_OK ||
	    (r = db_scorelog_append(by, "open", comp, 0, 0, 1, "", "round 1", now,
	    NULL)) != DB_OK ||
	    (r = db_audit_id(by, "comp.open", "competition", comp, NULL,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	free(p);
	return (DB_OK);
fail:
	ROLLBACK();
	free(p);
	return (r);
}

/* A final sheet of the round being locked, read and parsed. */
struct final_sheet {
	int64_t			 entry;
	struct score_sheet	 s;
};

/* A final sheet's row, its marks read by the rules arg points to. */
static int
final_row(struct dbq *q, void *e, void *arg)
{
	struct final_sheet	*f = e;
	struct sheet_marks	 m;

	f->entry = db_col_int64(q, 0);
	f->s.judge = db_col_int64(q, 1);
	if (!sheet_marks_read(&m, db_col_text(q, 2), arg)) {
		db_log("lock", "a sheet's marks do not fit the rules");
		return (-1);
	}
	memcpy(f->s.marks, m.v, sizeof(f->s.marks));
	return (1);
}

/*
 * The round's final sheets in one query, ordered by entry then judge
 * (the pairs' order), into a new array the caller frees. Marks the rules
 * cannot read (db_sheet_save() never stores them) are DB_ERROR.
 */
static enum db_result
finals_load(const struct competition *c, struct final_sheet **out,
    size_t *n)
{
	struct dbq	*q = db_st(ST_SHEETS_ROUND_FINAL);

	db_bind_int64(q, 1, c->id);
	db_bind_int(q, 2, c->round);
	return (db_rows(q, sizeof(**out), final_row, (void *)&c->rules, out,
	    n));
}

/* Results grouped by category, then by entry (ranks are per category). */
static int
by_category(const void *a, const void *b)
{
	const struct score_result	*x = *(const struct score_result *
					    const *)a;
	const struct score_result	*y = *(const struct score_result *
					    const *)b;

	if (x->category != y->category)
		return (x->category < y->category ? -1 : 1);
	return (x->entry < y->entry ? -1 : x->entry > y->entry);
}

/* What the lock works on, freed in one place. */
struct lock_work {
	struct comp_pair	*p;
	size_t			 np;
	struct final_sheet	*f;
	size_t			 nf;
	struct score_sheet	*sh;	/* each entry's sheets, in a row */
	struct score_result	*res;	/* one per entry */
	struct score_result	**order;
	size_t			*off;	/* res[k]'s sheets: from sh[off[k]] */
	int			*advanced;
	size_t			 nent;
};

static void
lock_work_free(struct lock_work *w)
{
	free(w->p);
	free(w->f);
	free(w->sh);
	free(w->res);
	free(w->order);
	free(w->off);
	free(w->advanced);
}

/*
 * Match the round's pairs with its final sheets (both ordered by entry,
 * judge) into each entry's panel of sheets; count what is missing.
 */
static enum db_result
lock_match(struct lock_work *w, struct lock_report *rep)
{
	size_t	 i, j = 0, k = 0, nsh = 0, n = 0;

	for (i = 0; i < w->np; i++) {
		if (i == 0 || w->p[i].entry != w->p[i - 1].entry)
			n++;
	}
	w->nent = n;
	w->res = calloc(n + 1, sizeof(*w->res));
	w->order = calloc(n + 1, sizeof(*w->order));
	w->off = calloc(n + 1, sizeof(*w->off));
	w->advanced = calloc(n + 1, sizeof(*w->advanced));
	w->sh = calloc(w->np + 1, sizeof(*w->sh));
	if (w->res == NULL || w->order == NULL || w->off == NULL ||
	    w->advanced == NULL || w->sh == NULL)
		return (DB_ERROR);
	for (i = 0; i < w->np; i++) {
		if (i == 0 || w->p[i].entry != w->p[i - 1].entry) {
			k = i == 0 ? 0 : k + 1;
			w->res[k].entry = w->p[i].entry;
			w->res[k].category = w->p[i].category;
			w->off[k] = nsh;
		}
		if (w->p[i].judge == 0 || w->p[i].recused)
			continue;
		while (j < w->nf && (w->f[j].entry < w->p[i].entry ||
		    (w->f[j].entry == w->p[i].entry &&
		    w->f[j].s.judge < w->p[i].judge)))
			j++;
		if (j < w->nf && w->f[j].entry == w->p[i].entry &&
		    w->f[j].s.judge == w->p[i].judge) {
			if (nsh - w->off[k] == SCORE_MAX_JUDGES) {
				db_log("lock", "a panel is over its size");
				return (DB_ERROR);
			}
			w->sh[nsh++] = w->f[j++].s;
			w->res[k].nsheets++;
		} else {
			rep->missing++;
			if (rep->first_missing == 0)
				rep->first_missing = w->p[i].entry;
		}
	}
	return (DB_OK);
}

/* Write an entry's result of the round; tier is a tier index or -1. */
static enum db_result
result_insert(const struct score_result *res, const struct score_sheet *sh,
    int round, int tier, int advanced)
{
	struct dbq	*q = db_st(ST_RESULT_INSERT);

	db_bind_int64(q, 1, res->entry);
	db_bind_int(q, 2, round);
	db_bind_int(q, 3, res->rank);
	db_bind_int(q, 4, tier >= 0 ? tier + 1 : 0);
	db_bind_int64(q, 5, res->total_num);
	db_bind_int64(q, 6, res->total_den);
	db_bind_int(q, 7, res->counted);
	db_bind_int64(q, 8, res->flags);
	db_bind_int64(q, 9, res->dropped_hi >= 0 ?
	    sh[res->dropped_hi].judge : 0);
	db_bind_int64(q, 10, res->dropped_lo >= 0 ?
	    sh[res->dropped_lo].judge : 0);
	db_bind_int(q, 11, advanced);
	return (db_exec(q));
}

/*
 * Lock the round being judged, in one transaction. Refused while a sheet
 * of a judge not recused is not final (COMPV_MISSING: rep->missing, one
 * such entry in rep->first_missing) or while WorldSkills marks are too
 * far apart (COMPV_SPREAD: rep->spread entries, to be re-marked) — then
 * nothing is written. Otherwise each entry is scored and each category
 * ranked (score.c); a first round of two sends the best `advance` of
 * each category (with ties) to the final, the last round gives tiers by
 * quota and freezes the competition ('locked'). The results are kept
 * per round, and the "lock" score-log record keeps their hash ("round N
 * results <hash>", db_scorelog_results_hash()), so editing them afterwards
 * shows in db_score_log_verify(); the station's key signs that record
 * (db_scorelog_sign()), so rewriting the whole log shows too. Recusals the lineage calls for are
 * recorded first, so a link made during judging still keeps a judge out.
 */
enum db_result
db_comp_lock(int64_t comp, int64_t by, int64_t now, struct lock_report *rep,
    enum comp_verdict *v)
{
	struct competition	*c;
	struct lock_work	 w;
	struct dbq		*q;
	enum db_result		 r;
	size_t			 k, a, m, x, nadv;
	int			 quota[SCORE_MAX_TIERS], i, final, next;
	char			 round[16], frozen[CHAIN_HEX];
	char			 locked[16 + sizeof(" results ") + CHAIN_HEX];

	memset(rep, 0, sizeof(*rep));
	memset(&w, 0, sizeof(w));
	*v = COMPV_OK;
	if ((c = malloc(sizeof(*c))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_comp_get(comp, c)) != DB_OK)
		goto fail;
	if (c->state != COMP_JUDGING) {
		r = db_comp_refuse(v, COMPV_STATE);
		goto out;
	}
	if ((r = db_judge_pairs_load(comp, c->round, 0, 0, &w.p, &w.np)) != DB_OK ||
	    (r = db_judge_pairs_recuse(comp, c->round, c->generations, w.p, w.np,
	    by, now)) != DB_OK || (r = finals_load(c, &w.f, &w.nf)) != DB_OK ||
	    (r = lock_match(&w, rep)) != DB_OK)
		goto fail;
	if (rep->missing > 0) {
		r = db_comp_refuse(v, COMPV_MISSING);
		goto out;
	}

	for (k = 0; k < w.nent; k++) {
		score_entry(&c->rules, w.sh + w.off[k], w.res[k].nsheets,
		    &w.res[k]);
		if (w.res[k].flags & SCORE_F_SPREAD)
			rep->spread++;
		if (w.res[k].flags & SCORE_F_PANEL_SHORT)
			rep->short_panels++;
		w.order[k] = &w.res[k];
	}
	if (rep->spread > 0) {
		rep->short_panels = 0;
		r = db_comp_refuse(v, COMPV_SPREAD);
		goto out;
	}

	final = c->round >= c->rounds;
	for (i = 0; i < c->ntiers; i++)
		quota[i] = c->tiers[i].quota;
	qsort(w.order, w.nent, sizeof(*w.order), by_category);
	for (a = 0; a < w.nent; a += m) {
		for (m = 1; a + m < w.nent &&
		    w.order[a + m]->category == w.order[a]->category; m++)
			;
		score_rank(&c->rules, w.order + a, m);
		if (final) {
			score_tiers(w.order + a, m, quota, c->ntiers);
			continue;
		}
		nadv = score_advance(w.order + a, m, c->advance);
		for (x = 0; x < nadv; x++)
			w.advanced[w.order[a + x] - w.res] = 1;
		rep->advanced += (int)nadv;
	}

	for (k = 0; k < w.nent; k++) {
		if ((r = result_insert(&w.res[k], w.sh + w.off[k], c->round,
		    final ? w.res[k].tier : -1, w.advanced[k])) != DB_OK)
			goto fail;
		if (!w.advanced[k])
			continue;
		q = db_st(ST_ENTRY_REACHED);
		db_bind_int64(q, 1, w.res[k].entry);
		db_bind_int(q, 2, c->round + 1);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
	}
	rep->ranked = (int)w.nent;

	next = final ? c->round : c->round + 1;
	q = db_st(ST_COMP_STATE_SET);
	db_bind_int64(q, 1, comp);
	db_bind_text(q, 2, comp_state_code(final ? COMP_LOCKED :
	    COMP_JUDGING));
	db_bind_int(q, 3, next);
	(void)snprintf(round, sizeof(round), "round %d", c->round);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_scorelog_results_hash(comp, c->round, frozen)) != DB_OK)
		goto fail;
	(void)snprintf(locked, sizeof(locked), "%s results %s", round,
	    frozen);
	if ((r = db_scorelog_append(by, "lock", comp, 0, 0, c->round, "", locked,
	    now, NULL)) != DB_OK ||
	    (r = db_scorelog_sign(comp, "lock", c->round)) != DB_OK ||
	    (r = db_audit_id(by, "comp.lock", "competition", comp, round,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
	memset(rep, 0, sizeof(*rep));
out:
	lock_work_free(&w);
	free(c);
	return (r);
}

/* An award of the final round, on its way to an honour. */
struct award {
	int64_t	 entry;
	int64_t	 entrant;
	int64_t	 honour;
	int64_t	 checked;	/* the entrant's identity check, or 0 */
	char	 name_zh[CLAIM_TEXT];
	char	 name_en[CLAIM_TEXT];
};

/*
 * An award's name: "<competition> <category> <tier>" in Chinese and
 * "<competition> · <category> · <tier>" in English (each part in
 * Chinese when it has no English), cut to what honours.name_zh (80
 * characters) and name_en (160) and a certificate's claims hold.
 */
static void
award_name(struct dbq *q, struct award *a)
{
	char		 zh[512], en[512];
	const char	*part[6];
	int		 i;

	for (i = 0; i < 6; i++) {
		part[i] = db_col_text(q, 2 + i);
		if (part[i] == NULL)
			part[i] = "";
	}
	(void)snprintf(zh, sizeof(zh), "%s %s %s", part[0], part[2], part[4]);
	(void)snprintf(en, sizeof(en), "%s · %s · %s",
	    part[1][0] != '\0' ? part[1] : part[0],
	    part[3][0] != '\0' ? part[3] : part[2],
	    part[5][0] != '\0' ? part[5] : part[4]);
	utf8_trim(utf8_cut(zh, 80, sizeof(a->name_zh)));
	utf8_trim(utf8_cut(en, 160, sizeof(a->name_en)));
	memcpy(a->name_zh, zh, strlen(zh) + 1);
	memcpy(a->name_en, en, strlen(en) + 1);
}

static int
award_row(struct dbq *q, void *e, void *arg)
{
	struct award	*a = e;

	(void)arg;
	a->entry = db_col_int64(q, 0);
	a->entrant = db_col_int64(q, 1);
	award_name(q, a);
	return (1);
}

/* The final round's awards of comp, into a new array the caller frees. */
static enum db_result
awards_load(int64_t comp, struct award **out, size_t *n)
{
	struct dbq	*q = db_st(ST_AWARDS_OF_COMP);

	db_bind_int64(q, 1, comp);
	return (db_rows(q, sizeof(**out), award_row, NULL, out, n));
}

/* The ids a statement with two integer parameters lists, in a new array. */
static enum db_result
ids_load(enum stmt s, int64_t a, int64_t b, int64_t **out, size_t *n)
{
	struct dbq	*q = db_st(s);

	db_bind_int64(q, 1, a);
	db_bind_int64(q, 2, b);
	return (db_ids(q, out, n));
}

/* The placings listed so far, "彩云杯 摆件, 玉雕节 挂件". */
struct placing_list {
	char	 list[1024];
	size_t	 len;
	int	 n;
};

static int
placing_row(struct dbq *q, void *arg)
{
	struct placing_list	*p = arg;

	if (p->len < sizeof(p->list))
		p->len += (size_t)snprintf(p->list + p->len,
		    sizeof(p->list) - p->len, "%s%s %s", p->n > 0 ? ", " : "",
		    db_col_text(q, 0), db_col_text(q, 1));
	p->n++;
	return (1);
}

/*
 * Whether user's placings in tier pos (this competition's final round
 * and those of published ones) reach rule's count: *yes, with the
 * reason in Chinese ("2 × 金奖: 彩云杯 摆件, 玉雕节 挂件").
 */
static enum db_result
placings(const struct competition *c, const struct title_rule *t,
    int64_t user, int *yes, char *reason, size_t sz)
{
	struct dbq		*q = db_st(ST_TIER_PLACINGS);
	struct placing_list	 p;
	enum db_result		 r;
	char			 full[1200];

	*yes = 0;
	p.list[0] = '\0';
	p.len = 0;
	p.n = 0;
	db_bind_int64(q, 1, user);
	db_bind_int(q, 2, t->tier + 1);
	db_bind_int64(q, 3, c->id);
	if ((r = db_each(q, placing_row, &p)) != DB_OK)
		return (r);
	*yes = p.n >= t->count;
	(void)snprintf(full, sizeof(full), "%d × %s: %s", p.n,
	    c->tiers[t->tier].name_zh, p.list);
	utf8_trim(utf8_cut(full, sz, sz));
	memcpy(reason, full, strlen(full) + 1);
	return (DB_OK);
}

/* Tell user, in publication's transaction, of their nomination. */
static enum db_result
nominee_tell(const struct competition *c, const struct title_rule *t,
    int64_t user, const char *reason, int64_t now)
{
	struct notice	 tell;

	memset(&tell, 0, sizeof(tell));
	tell.kind = NOTIFY_NOMINATED;
	notify_set(tell.subject_zh, sizeof(tell.subject_zh), t->title_zh);
	notify_set(tell.subject_en, sizeof(tell.subject_en), t->title_en);
	notify_set(tell.detail, sizeof(tell.detail), reason);
	(void)snprintf(tell.link, sizeof(tell.link),
	    "/competitions/%lld/results", (long long)c->id);
	return (db_inbox_add_tx(user, &tell, now));
}

/*
 * Inside publication's transaction: propose the town's titles (score.h's
 * title_rules) to everyone this competition gave a placing that brings
 * their count in that tier to the rule's. Once per person and title:
 * staff confirm or decline (db_nomination_decide()).
 */
static enum db_result
nominate(const struct competition *c, int64_t now, int *count)
{
	const struct title_rule	*t;
	struct dbq		*q;
	enum db_result		 r = DB_OK;
	int64_t			*users = NULL, n;
	size_t			 nu, i, k;
	char			 reason[NOMINATION_REASON];
	int			 yes;

	for (i = 0; i < title_rules_count && r == DB_OK; i++) {
		t = &title_rules[i];
		if (t->tier < 0 || t->tier >= c->ntiers)
			continue;
		if ((r = ids_load(ST_TIER_HOLDERS, c->id, t->tier + 1, &users,
		    &nu)) != DB_OK)
			break;
		for (k = 0; k < nu && r == DB_OK; k++) {
			if ((r = db_count(ST_NOMINATION_EXISTS, t->title_zh,
			    users[k], &n)) != DB_OK || n > 0 ||
			    (r = placings(c, t, users[k], &yes, reason,
			    sizeof(reason))) != DB_OK || !yes)
				continue;
			q = db_st(ST_NOMINATION_INSERT);
			db_bind_int64(q, 1, users[k]);
			db_bind_text(q, 2, t->title_zh);
			db_bind_text(q, 3, t->title_en);
			db_bind_text(q, 4, reason);
			db_bind_int64(q, 5, c->id);
			db_bind_int64(q, 6, now);
			if ((r = db_exec(q)) !=
			    DB_OK)
				break;
			(*count)++;
			r = nominee_tell(c, t, users[k], reason, now);
		}
		free(users);
		users = NULL;
	}
	return (r);
}

/*
 * Publish a locked competition, in one transaction: every placing in a
 * tier of the final round becomes an honour (an award) with its
 * certificate, all in one batch (event "competition:N", lang) whose
 * pictures the caller then starts drawing (rep->batch); titles are
 * proposed where placings add up (rep->nominations); names are shown
 * from now on; and the score log's last record — the "publish" one —
 * is kept as the competition's log head, so cutting records off the log
 * later shows, and signed with the station's key (db_scorelog_sign()). When a certificate cannot be issued (rep->cert: serials
 * used up, a name too long for the QR code) nothing is published and
 * *v is still COMPV_OK: the caller reports rep->cert.
 *
 * A winner whose identity staff have not checked yet (实名核验) gets the
 * award — results are public and the same for everyone — but not yet its
 * certificate: it waits on staff's pending list (rep->unverified counts
 * them) and is issued like any other once they are checked. Refusing
 * to publish instead would hold every result and every other winner's
 * certificate hostage to one person's visit to the station.
 */
enum db_result
db_comp_publish(int64_t comp, enum cert_lang lang,
    const struct cert_issuer *is, struct publish_report *rep,
    enum comp_verdict *v)
{
	struct competition	*c;
	struct cert_event	 ev;
	struct notice		 tell;
	struct award		*aw = NULL;
	enum cert_verdict	 cv;
	struct dbq		*q;
	enum db_result		 r;
	size_t			 naw = 0, i, nchecked = 0;
	int64_t			 batch = 0, cert;
	char			 source[32], event[32], head[CHAIN_HEX];
	char			 verified[NAME_MAX_CHARS * 4 + 1];

	memset(rep, 0, sizeof(*rep));
	rep->cert = CV_OK;
	*v = COMPV_OK;
	if ((c = malloc(sizeof(*c))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_comp_get(comp, c)) != DB_OK)
		goto fail;
	if (c->state != COMP_LOCKED) {
		r = db_comp_refuse(v, COMPV_STATE);
		goto out;
	}
	(void)snprintf(source, sizeof(source), "competition:%lld",
	    (long long)comp);
	if ((r = awards_load(comp, &aw, &naw)) != DB_OK)
		goto fail;
	for (i = 0; i < naw; i++) {
		if ((r = db_honour_insert_tx(aw[i].entrant, KIND_AWARD,
		    aw[i].name_zh, aw[i].name_en, is->today, source, is->by,
		    is->now, &aw[i].honour)) != DB_OK ||
		    (r = db_idcheck_name(aw[i].entrant, verified,
		    sizeof(verified), &aw[i].checked)) != DB_OK)
			goto fail;
		if (aw[i].checked != 0)
			nchecked++;
	}
	if (nchecked > 0 && (r = db_batch_insert_tx(source, lang,
	    (int)nchecked, is->by, is->now, &batch)) != DB_OK)
		goto fail;
	for (i = 0; i < naw; i++) {
		if (aw[i].checked == 0)
			continue;	/* waits for the identity check */
		(void)snprintf(event, sizeof(event), "honour:%lld",
		    (long long)aw[i].honour);
		if ((r = db_cert_event(event, &ev)) != DB_OK ||
		    (r = db_cert_insert_tx(&ev, lang, is, batch, 0, &cert,
		    &cv)) != DB_OK)
			goto fail;
		if (cv != CV_OK) {
			ROLLBACK();
			memset(rep, 0, sizeof(*rep));
			rep->cert = cv;
			goto out;
		}
		if ((r = db_audit_id(is->by, "cert.issue", "cert", cert, event,
		    is->now)) != DB_OK)
			goto fail;
	}
	if ((batch != 0 && (r = db_audit_id(is->by, "cert.batch", "batch",
	    batch, source, is->now)) != DB_OK) ||
	    (r = nominate(c, is->now, &rep->nominations)) != DB_OK ||
	    (r = db_scorelog_append(is->by, "publish", comp, 0, 0, c->round, "",
	    "", is->now, head)) != DB_OK ||
	    (r = db_scorelog_sign(comp, "publish", c->round)) != DB_OK)
		goto fail;
	q = db_st(ST_COMP_PUBLISH);
	db_bind_int64(q, 1, comp);
	db_bind_int64(q, 2, is->now);
	db_bind_text(q, 3, head);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(is->by, "comp.publish", "competition", comp, head,
	    is->now)) != DB_OK ||
	    (r = db_inbox_comp_subject(comp, &tell)) != DB_OK)
		goto fail;
	/* Every entrant judged is told, once, however many entries. */
	tell.kind = NOTIFY_RESULTS;
	(void)snprintf(tell.link, sizeof(tell.link),
	    "/competitions/%lld/results", (long long)comp);
	if ((r = db_inbox_add_each_tx(ST_INBOX_COMP_ENTRANTS, comp, &tell,
	    is->now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	rep->batch = batch;
	rep->awards = (int)naw;
	rep->unverified = (int)(naw - nchecked);
	goto out;
fail:
	ROLLBACK();
	memset(rep, 0, sizeof(*rep));
	rep->cert = CV_OK;
out:
	free(aw);
	free(c);
	return (r);
}

static void
result_row(struct dbq *q, void *arg)
{
	struct comp_result_row	*x = arg;

	memset(x, 0, sizeof(*x));
	x->entry = db_col_int64(q, 0);
	x->category = db_col_int64(q, 1);
	TEXT(q, 2, x->category_zh);
	TEXT(q, 3, x->category_en);
	TEXT(q, 4, x->code);
	x->entrant = db_col_int64(q, 5);
	TEXT(q, 6, x->entrant_name);
	x->work = db_col_int64(q, 7);
	TEXT(q, 8, x->title);
	x->round = db_col_int(q, 9);
	x->rank = db_col_int(q, 10);
	x->tier = db_col_int(q, 11);
	x->total_num = db_col_int64(q, 12);
	x->total_den = db_col_int64(q, 13);
	x->counted = db_col_int(q, 14);
	x->flags = (unsigned)db_col_int(q, 15);
	x->dropped_hi = db_col_int64(q, 16);
	x->dropped_lo = db_col_int64(q, 17);
	x->advanced = db_col_int(q, 18);
}

struct results_walk {
	int			(*cb)(const struct comp_result_row *, void *);
	void			*arg;
	struct comp_result_row	 x;
};

static int
results_row(struct dbq *q, void *arg)
{
	struct results_walk	*w = arg;

	result_row(q, &w->x);
	return (w->cb(&w->x, w->arg) ? 1 : 0);
}

/*
 * A round's results (0: the competition's last round) by category, rank
 * and code, with names: whoever shows them decides whether they may
 * (before publication only staff).
 */
enum db_result
db_results(int64_t comp, int round,
    int (*cb)(const struct comp_result_row *, void *), void *arg)
{
	struct results_walk	*w;
	struct dbq		*q = db_st(ST_RESULTS_OF_COMP);
	enum db_result		 r;

	if ((w = malloc(sizeof(*w))) == NULL)
		return (DB_ERROR);
	w->cb = cb;
	w->arg = arg;
	db_bind_int64(q, 1, comp);
	db_bind_int(q, 2, round);
	r = db_each(q, results_row, w);
	free(w);
	return (r);
}

/* An entry's result in a round (0: the last round it has one). */
enum db_result
db_result_of_entry(int64_t entry, int round, struct comp_result_row *x)
{
	struct dbq	*q = db_st(ST_RESULT_OF_ENTRY);

	db_bind_int64(q, 1, entry);
	db_bind_int(q, 2, round);
	return (db_one(q, result_row, x));
}

static void
nomination_row(struct dbq *q, void *arg)
{
	struct nomination	*n = arg;

	memset(n, 0, sizeof(*n));
	n->id = db_col_int64(q, 0);
	n->user = db_col_int64(q, 1);
	TEXT(q, 2, n->name);
	TEXT(q, 3, n->title_zh);
	TEXT(q, 4, n->title_en);
	TEXT(q, 5, n->reason);
	n->competition = db_col_int64(q, 6);
	n->state = (enum nomination_state)db_comp_code_index(nomination_codes,
	    NELEM(nomination_codes), db_col_text(q, 7),
	    NOM_PROPOSED);
	n->honour = db_col_int64(q, 8);
	n->created = db_col_int64(q, 9);
}

struct nominations_walk {
	int			(*cb)(const struct nomination *, void *);
	void			*arg;
	struct nomination	 n;
};

static int
nominations_row(struct dbq *q, void *arg)
{
	struct nominations_walk	*w = arg;

	nomination_row(q, &w->n);
	return (w->cb(&w->n, w->arg) ? 1 : 0);
}

/* Title nominations, newest first. */
enum db_result
db_nominations(int (*cb)(const struct nomination *, void *), void *arg)
{
	struct nominations_walk	 w;
	struct dbq		*q = db_st(ST_NOMINATIONS);

	w.cb = cb;
	w.arg = arg;
	db_bind_int64(q, 1, 0);
	return (db_each(q, nominations_row, &w));
}

/* Title nomination id; DB_NOTFOUND when there is none. */
enum db_result
db_nomination_get(int64_t id, struct nomination *n)
{
	struct dbq	*q = db_st(ST_NOMINATIONS);

	if (id <= 0)
		return (DB_NOTFOUND);
	db_bind_int64(q, 1, id);
	return (db_one(q, nomination_row, n));
}

/*
 * Staff (is->by) decide a proposed title once (COMPV_TWICE after, or when
 * the person holds the title already): confirming confers it — an honour
 * (a title, source "nomination:N", *honour) and its certificate in lang
 * (*cert, for the caller to draw), in one transaction; when the
 * certificate cannot be issued (*cv, e.g. CV_FULL, or CV_UNCHECKED: the
 * person's identity is not checked yet) nothing is written and the
 * nomination stays proposed — one person, one decision of staff's, so
 * it is refused whole rather than conferred without its certificate.
 * Declining leaves *honour and *cert 0.
 */
enum db_result
db_nomination_decide(int64_t id, int confirm, enum cert_lang lang,
    const struct cert_issuer *is, int64_t *honour, int64_t *cert,
    enum cert_verdict *cv, enum comp_verdict *v)
{
	struct nomination	 n;
	struct cert_event	 ev;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 h = 0, held = 0;
	char			 source[32], event[32], subject[32];

	*honour = 0;
	*cert = 0;
	*cv = CV_OK;
	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_nomination_get(id, &n)) != DB_OK)
		goto fail;
	if (n.state != NOM_PROPOSED)
		return (db_comp_refuse(v, COMPV_TWICE));
	/* Conferred meanwhile by other means: not twice. */
	if (confirm && (r = db_count(ST_TITLE_HELD, n.title_zh, n.user,
	    &held)) != DB_OK)
		goto fail;
	if (held > 0)
		return (db_comp_refuse(v, COMPV_TWICE));
	(void)snprintf(source, sizeof(source), "nomination:%lld",
	    (long long)id);
	if (confirm && (r = db_honour_insert_tx(n.user, KIND_TITLE,
	    n.title_zh, n.title_en, is->today, source, is->by, is->now,
	    &h)) != DB_OK)
		goto fail;
	/* The title and its certificate stand or fall together. */
	if (confirm) {
		(void)snprintf(event, sizeof(event), "honour:%lld",
		    (long long)h);
		if ((r = db_cert_event(event, &ev)) != DB_OK ||
		    (r = db_cert_insert_tx(&ev, lang, is, 0, 0, cert,
		    cv)) != DB_OK)
			goto fail;
		if (*cv != CV_OK) {
			ROLLBACK();
			*cert = 0;
			return (DB_OK);
		}
		(void)snprintf(subject, sizeof(subject), "cert:%lld",
		    (long long)*cert);
		if ((r = db_audit(is->by, "cert.issue", subject, event,
		    is->now)) != DB_OK)
			goto fail;
	}
	q = db_st(ST_NOMINATION_DECIDE);
	db_bind_int64(q, 1, id);
	db_bind_text(q, 2, nomination_codes[confirm ? NOM_CONFIRMED :
	    NOM_DECLINED]);
	if (h != 0)
		db_bind_int64(q, 3, h);
	else
		db_bind_null(q, 3);
	db_bind_int64(q, 4, is->by);
	db_bind_int64(q, 5, is->now);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(is->by, confirm ? "nomination.confirm" :
	    "nomination.decline", "nomination", id, n.title_zh, is->now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	*honour = h;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}
