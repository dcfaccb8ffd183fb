/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * demo_select.c: the demo's 评选 selection stage — three competitions
 * (demo_competitions()) and 十大金牌导购大师 (demo_guides()) — made of
 * demo_data.c's tables through the same store calls as the server.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datafile.h"
#include "db.h"
#include "demo.h"
#include "demo_int.h"
#include "secret.h"

/* 评选 selection ---------------------------------------------------- */

/* A competition being made: the cast's ids, its categories and entries. */
struct demo_comp {
	int64_t		 id[W__COUNT];
	int64_t		 cats[4];
	int64_t		 entries[12];
	int		 nentries;
	int		 bias[W__COUNT];	/* tenths a judge adds */
	const struct demo_entry *de;
	int64_t		 now;
};

/* Collects a judge's offered entries. */
struct offered {
	int64_t		 ids[32];
	int		 n;
};

static int
demo_offered_cb(const struct comp_entry *e, void *arg)
{
	struct offered	*o = arg;

	if (o->n < 32)
		o->ids[o->n++] = e->id;
	return (1);
}

/* The marks a judge gives an entry: its quality, the judge's habit and a
 * little variation per criterion, 0.0-10.0. */
static void
demo_marks(const struct demo_comp *d, int entry, int judge, int ncrit,
    int marks[SCORE_MAX_CRITERIA])
{
	int	 i, m;

	for (i = 0; i < ncrit; i++) {
		m = d->de[entry].quality + d->bias[judge] +
		    (entry * 7 + judge * 3 + i * 5) % 9 - 4;
		marks[i] = m < 0 ? 0 : m > 100 ? 100 : m;
	}
}

static int
demo_index(const struct demo_comp *d, int64_t entry)
{
	int	 i;

	for (i = 0; i < d->nentries; i++)
		if (d->entries[i] == entry)
			return (i);
	return (0);
}

/*
 * Judge `judge` scores what is offered: every entry final, or (limit >=
 * 0) only the first `limit` final and the next one as a draft.
 */
static int
demo_judge(struct demo_comp *d, int64_t comp, int judge, int limit,
    int64_t at)
{
	struct offered		 o;
	enum comp_verdict	 v;
	int			 marks[SCORE_MAX_CRITERIA];
	int			 i, k, final;

	memset(&o, 0, sizeof(o));
	if (db_judge_entries(comp, d->id[judge], demo_offered_cb, &o) != DB_OK)
		return (0);
	for (i = 0; i < o.n; i++) {
		if (limit >= 0 && i > limit)
			break;
		final = limit < 0 || i < limit;
		k = demo_index(d, o.ids[i]);
		demo_marks(d, k, judge, 9, marks);
		if (db_sheet_save(o.ids[i], d->id[judge], marks, 9, final,
		    at + i * 60, &v) != DB_OK || v != COMPV_OK)
			return (0);
	}
	return (1);
}

/* An entry's own copies of its photos, as the server makes them when
 * an entry is made (entrant.c): never the work's files. */
static int
demo_entry_photos(const char *root, int64_t entry)
{
	int64_t	 ids[8];
	int	 i, n;

	if (db_entry_photos(entry, ids, &n) != DB_OK)
		return (0);
	for (i = 0; i < n; i++)
		if (!datafile_entry_photo_make(root, entry, i + 1, ids[i]))
			return (0);
	return (1);
}

/* Create competition c with the default rules and its categories,
 * panels and entries (checked eligible), each entry a new work with its
 * own photo files; made c->ago before now. */
static int
demo_comp_make(const char *root, struct demo_comp *d,
    const struct demo_contest *c, int64_t now, int64_t *comp)
{
	const struct demo_entry	*de = c->entries;
	struct comp_edit	 e;
	struct work_edit	 w;
	enum comp_verdict	 v;
	int64_t			 work;
	int			 i, k;

	d->now = now - c->ago;
	memset(d->cats, 0, sizeof(d->cats));
	db_comp_defaults(&e);
	e.name_zh = c->zh;
	e.name_en = c->en;
	e.opens = c->opens;
	e.closes = c->closes;
	e.advance = c->advance;
	if (db_comp_create(&e, d->id[W_STAFF], d->now - 5 * DEMO_DAY,
	    comp) != DB_OK)
		return (0);
	for (i = 0; i < 2; i++) {
		if (db_category_add(*comp, c->cats[i][0], c->cats[i][1],
		    d->id[W_STAFF], d->now, &d->cats[i], &v) != DB_OK ||
		    v != COMPV_OK)
			return (0);
		for (k = 0; k < 6 && c->panels[i][k] >= 0; k++)
			if (db_judge_add(*comp, d->cats[i],
			    d->id[c->panels[i][k]], d->id[W_STAFF], d->now,
			    &v) != DB_OK || v != COMPV_OK)
				return (0);
	}
	d->de = de;
	d->nentries = c->nentries;
	for (i = 0; i < c->nentries; i++) {
		memset(&w, 0, sizeof(w));
		w.title = de[i].title;
		w.material = de[i].material;
		w.technique = "";
		w.size = "";
		w.description = "参赛作品 a competition entry";
		w.public = 0;
		if (!demo_work(root, d->id[de[i].who], &w, &de[i].colour, 1,
		    d->now, &work) ||
		    db_entry_create(*comp, d->cats[de[i].category],
		    d->id[de[i].who], work, c->entry_day, d->now,
		    &d->entries[i], &v) != DB_OK || v != COMPV_OK ||
		    !demo_entry_photos(root, d->entries[i]))
			return (0);
		if (de[i].quality > 0 && (db_entry_check(d->entries[i],
		    ENTRY_ELIGIBLE, "", d->id[W_STAFF], d->now, &v) != DB_OK ||
		    v != COMPV_OK))
			return (0);
	}
	return (1);
}

/*
 * The demo's selection stage, three competitions: 2026 平洲玉雕新秀赛,
 * finished and published — 张小敏 takes both golds (pendants and design
 * proposals), which proposes her for 平洲玉匠, confirmed, with its title
 * certificate; 吴家豪's entry is judged without 苏文杰 (his master),
 * 张小敏's without 李玉华; 黄少明 scores
 * everyone high, which the judges' chart shows. 2027 平洲玉器文化节·玉雕
 * 大赛 is in its photo round with judges mid-way (王建平 has one draft
 * and entries still to score). 2027 春季玉雕设计评比 takes entries. The
 * certificates are drawn into root. Does nothing when any competition
 * exists. Returns how many certificates were issued, or -1.
 */
int
demo_competitions(const char *root, struct cert_issuer *is)
{
	const struct demo_sitting	*st;
	struct demo_comp		*d;
	struct competition		 existing;
	struct publish_report		 rep;
	struct lock_report		 lr;
	struct nomination		 nom;
	enum comp_verdict		 v;
	enum cert_verdict		 cv;
	enum move_verdict		 mv;
	struct cert			*certs = NULL;
	int64_t				 comp, honour, id, now = is->now;
	int				 i, n = 0, ok = 0, p;
	int				 marks[SCORE_MAX_CRITERIA];
	char				 today[11];
	const char			*saved_today = is->today;
	int64_t				 saved_now = is->now;

	if (db_comp_get(1, &existing) == DB_OK)
		return (0);
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return (-1);
	if (!demo_cast_ids(d->id)) {
		free(d);
		return (0);	/* not the demo cast */
	}
	is->by = d->id[W_STAFF];
	d->bias[W_HUANG] = 8;	/* generous: the chart shows it */
	d->bias[W_CHEN] = -3;
	/* The alumni reach the selection stage; 吴家豪 is 苏文杰's. */
	for (i = W_MEI; i <= W_ZHI; i++)
		if (db_stage_move(d->id[i], STAGE_ENTRY, STAGE_SELECTION,
		    d->id[W_STAFF], "演示数据 demo", now - 120 * DEMO_DAY,
		    &mv) != DB_OK)
			goto out;
	if (!demo_mentor(d->id[W_WU], d->id[W_SU], now - 700 * DEMO_DAY, 0,
	    NULL))
		goto out;

	/* The first: judged, locked and published in October. */
	if (!demo_comp_make(root, d, &demo_contests[0], now, &comp) ||
	    db_comp_open(comp, d->id[W_STAFF], now - 60 * DEMO_DAY, &v) !=
	    DB_OK || v != COMPV_OK)
		goto out;
	/* 陈国强 saves a draft first and changes it before submitting. */
	demo_marks(d, 1, W_CHEN, 9, marks);
	/* The first mark's leading digit changed: 9, or 8 if it was 9. */
	for (p = 1; marks[0] / p >= 10; p *= 10)
		;
	marks[0] = (marks[0] / p == 9 ? 8 : 9) * p + marks[0] % p;
	if (db_sheet_save(d->entries[1], d->id[W_CHEN], marks, 9, 0,
	    now - 59 * DEMO_DAY, &v) != DB_OK || v != COMPV_OK)
		goto out;
	for (i = W_WANG; i <= W_HELZ; i++)
		if (!demo_judge(d, comp, i, -1, now - 55 * DEMO_DAY + i * 3600))
			goto out;
	memset(&lr, 0, sizeof(lr));
	if (db_comp_lock(comp, d->id[W_STAFF], now - 45 * DEMO_DAY, &lr,
	    &v) != DB_OK || v != COMPV_OK)
		goto out;
	is->now = now - 40 * DEMO_DAY;
	seat_today((time_t)is->now, today);
	is->today = today;
	memset(&rep, 0, sizeof(rep));
	if (db_comp_publish(comp, CLANG_BOTH, is, &rep, &v) != DB_OK ||
	    v != COMPV_OK || rep.cert != CV_OK || rep.nominations < 1)
		goto out;
	n += rep.awards;
	/* Her two golds propose 平洲玉匠; staff confirm a week later. */
	is->now = now - 33 * DEMO_DAY;
	seat_today((time_t)is->now, today);
	nom.id = 0;
	if (db_nomination_get(1, &nom) != DB_OK ||
	    db_nomination_decide(nom.id, 1, CLANG_BOTH, is, &honour, &id, &cv,
	    &v) != DB_OK || v != COMPV_OK || cv != CV_OK)
		goto out;
	n++;

	/* The second: its photo round, judges mid-way. */
	if (!demo_comp_make(root, d, &demo_contests[1], now, &comp) ||
	    db_comp_open(comp, d->id[W_STAFF], now - 6 * DEMO_DAY, &v) !=
	    DB_OK || v != COMPV_OK)
		goto out;
	for (i = 0; i < (int)DEMO_N(demo_sittings); i++) {
		st = &demo_sittings[i];
		if (!demo_judge(d, comp, st->judge, st->limit, now - st->ago))
			goto out;
	}

	/* The third: taking entries; one waits for its check. */
	if (!demo_comp_make(root, d, &demo_contests[2], now, &comp))
		goto out;

	/* Draw the new certificates. */
	if ((certs = calloc(64, sizeof(*certs))) == NULL ||
	    db_certs_page(INT64_MAX, 63, demo_collect_cb, &certs) != DB_OK ||
	    !demo_draw(root, certs))
		goto out;
	if (rep.batch != 0 && db_batch_progress(rep.batch, rep.awards, 0, 1,
	    now) != DB_OK)
		goto out;
	ok = 1;
out:
	is->today = saved_today;
	is->now = saved_now;
	free(certs);
	free(d);
	return (ok ? n : -1);
}

/* Finds a guide selection among the competitions. */
static int
demo_guide_found(const struct competition *c, void *arg)
{
	int	*found = arg;

	if (c->kind == COMP_KIND_GUIDE)
		*found = 1;
	return (!*found);
}

/* Collects the guide certificates, to draw them. */
static int
demo_guide_cert(const struct cert *c, void *arg)
{
	return (c->kind != KIND_GUIDE || demo_collect_cb(c, arg));
}

/*
 * 2026 十大金牌导购大师评选, published: eleven sales guides of five shops
 * nominated (by staff for the shops), scored by 王建平, 李玉华 and 陈国强,
 * voted for on five days by twelve phones (a burst of three votes from
 * one address range in a minute, one of them voided), two complaints
 * upheld (one against 翠华珠宝, one against a guide), locked and
 * published: the ten winners' 金牌导购大师 certificates are drawn into
 * root. Does nothing when a guide selection exists. Returns how many
 * certificates were issued, or -1.
 */
int
demo_guides(const char *root, struct cert_issuer *is)
{
	struct comp_edit	 e;
	struct guide_rules	 g;
	struct user		 u;
	struct publish_report	 rep;
	enum guide_verdict	 v;
	enum comp_verdict	 cv;
	struct cert		*certs = NULL;
	int64_t			 staff, comp, cat, judge[3], vote;
	int64_t			 nominee[DEMO_GUIDES], now = is->now, at;
	int64_t			 first_burst = 0;
	int			 i, k, d, c, marks[SCORE_MAX_CRITERIA], found = 0;
	int			 n = -1;
	char			 pw[PWHASH_LEN], net[32];
	char			 today[11];
	const char		*saved_today = is->today;

	if (db_comps(demo_guide_found, &found) != DB_OK)
		return (-1);
	if (found || (staff = demo_id(demo_cast[W_STAFF])) == 0)
		return (0);
	for (i = 0; i < 3; i++)
		if ((judge[i] = demo_id(demo_cast[demo_guide_judges[i]])) == 0)
			return (0);
	db_comp_defaults(&e);
	e.name_zh = "2026 十大金牌导购大师评选";
	e.name_en = "Top Ten Gold Sales Guide Masters 2026";
	e.opens = "2026-10-08";
	e.closes = "2026-11-08";
	db_comp_guide_defaults(&e, &g);
	g.new_days = 0;		/* the demo's people are all new today */
	g.burst = 3;
	if (db_comp_create(&e, staff, now - 40 * 86400, &comp) != DB_OK ||
	    db_comp_guide_set(comp, &e, &g, staff, now - 40 * 86400, &v) !=
	    DB_OK || v != GV_OK ||
	    db_category_add(comp, "导购", "Sales guides", staff,
	    now - 40 * 86400, &cat, &cv) != DB_OK || cv != COMPV_OK)
		return (-1);
	for (i = 0; i < 3; i++)
		if (db_judge_add(comp, cat, judge[i], staff, now - 40 * 86400,
		    &cv) != DB_OK || cv != COMPV_OK)
			return (-1);
	for (i = 0; i < DEMO_GUIDES; i++) {
		if (db_user_by_account(demo_people[demo_npeople -
		    DEMO_RESIDENTS - DEMO_GUIDES + i].account, &u, pw,
		    sizeof(pw)) != DB_OK ||
		    db_guide_nominate(comp, demo_guide_shops[i], u.name, u.id,
		    demo_guide_evidence[i % 3], 0, 1, staff,
		    now - (35 - i) * DEMO_DAY,
		    &nominee[i], &v) != DB_OK || v != GV_OK)
			return (-1);
	}
	if (db_guide_open(comp, staff, now - 20 * 86400, &v) != DB_OK ||
	    v != GV_OK)
		return (-1);
	/* The panel: marks 6.0 to 9.4, by nominee, judge and criterion. */
	for (i = 0; i < DEMO_GUIDES; i++)
		for (k = 0; k < 3; k++) {
			for (c = 0; c < e.ncrit; c++)
				marks[c] = 60 + (i * 37 + k * 11 + c * 5 +
				    (i < 3 ? 20 : 0)) % 35;
			if (db_guide_sheet_save(nominee[i], judge[k], marks,
			    e.ncrit, 1,
			    now - (19 - k) * 86400, &v) != DB_OK || v != GV_OK)
				return (-1);
		}
	/* Five days of votes, one a phone a day; on the last, a burst of
	 * three from one range within a minute. */
	for (d = 0; d < 5; d++)
		for (k = 0; k < 12; k++) {
			if ((k + d) % 3 == 0)
				continue;
			if (db_user_by_account(demo_guide_voters[k], &u, pw,
			    sizeof(pw)) != DB_OK)
				return (-1);
			at = now - (15 - d) * 86400 + k * 1800;
			(void)snprintf(net, sizeof(net), "113.108.%d.0/24",
			    20 + k);
			if (d == 4 && k < 4) {
				at = now - 11 * 86400 + 7200 + k * 20;
				(void)snprintf(net, sizeof(net),
				    "183.6.40.0/24");
			}
			if (db_guide_vote(comp, nominee[(k * 7 + d * 3 +
			    (k % 4 == 0 ? 0 : 5)) % DEMO_GUIDES], &u, net, at,
			    &vote, &v) != DB_OK || v != GV_OK)
				return (-1);
			if (d == 4 && k == 1)
				first_burst = vote;
		}
	if (db_guide_void(first_burst, "同一网段一分钟内集中投票，经核实为代投",
	    staff, now - 10 * 86400, &comp, &v) != DB_OK || v != GV_OK ||
	    db_guide_complaint(comp, nominee[1], 1, "店铺出售的翡翠手镯未如实"
	    "告知经过充胶处理，经市场监管所查实", staff, now - 9 * 86400,
	    &vote, &v) != DB_OK || v != GV_OK ||
	    db_guide_complaint(comp, nominee[6], 0, "向游客夸大和田玉产地，经"
	    "调解查实", staff, now - 9 * 86400, &vote, &v) != DB_OK ||
	    v != GV_OK ||
	    db_guide_lock(comp, staff, now - 8 * 86400, &k, &v) != DB_OK ||
	    v != GV_OK)
		return (-1);
	is->by = staff;
	is->now = now - 7 * 86400;
	seat_today((time_t)is->now, today);
	is->today = today;
	memset(&rep, 0, sizeof(rep));
	if (db_guide_publish(comp, CLANG_BOTH, is, &rep, &v) != DB_OK ||
	    v != GV_OK || rep.cert != CV_OK)
		goto out;
	if ((certs = calloc(1, sizeof(*certs))) == NULL ||
	    db_certs_page(INT64_MAX, 64, demo_guide_cert, &certs) != DB_OK ||
	    !demo_draw(root, certs))
		goto out;
	if (rep.batch != 0 && db_batch_progress(rep.batch,
	    rep.awards - rep.unverified, 0, 1, now) != DB_OK)
		goto out;
	n = rep.awards - rep.unverified;
out:
	is->today = saved_today;
	is->now = now;
	free(certs);
	return (n);
}
