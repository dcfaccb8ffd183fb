/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_comp.c: 评选 selection in the store — competitions with their rules
 * (criteria, tiers, tie-break), categories, entries under blind codes
 * and staff's check of their eligibility; and the small helpers the
 * other selection files share (db_comp_int.h). Judging — panels,
 * recusal, sheets, progress — is db_judge.c's; opening, the lock,
 * publication and nominations db_result.c's; the score log and its
 * verification db_scorelog.c's.
 *
 * Every decision is taken under the write lock (BEGIN IMMEDIATE), so two
 * staff or two judges at once see one order of events. The arithmetic
 * is score.c's and the lineage walk lineage.c's; these files load and
 * store. Every change to a sheet, every recusal and every step of a
 * competition appends a score-log record whose hash covers the record
 * before it (score.h): an edit made behind the application's back —
 * to the log, to the sheets it explains or to the results a lock froze
 * — is found by db_score_log_verify() (`yujiang-admin audit verify`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"
#include "score.h"
#include "db_comp_int.h"

#define ENTRY_CODE_TRIES	5	/* fresh codes tried on a clash */

static const char *const state_codes[] = {
	[COMP_ENTRIES] = "entries",
	[COMP_JUDGING] = "judging",
	[COMP_LOCKED] = "locked",
	[COMP_PUBLISHED] = "published",
};

static const char *const status_codes[] = {
	[ENTRY_PENDING] = "pending",
	[ENTRY_ELIGIBLE] = "eligible",
	[ENTRY_REFUSED] = "refused",
	[ENTRY_WITHDRAWN] = "withdrawn",
};

const char *
comp_state_code(enum comp_state s)
{
	return ((unsigned)s < NELEM(state_codes) ? state_codes[s] : "unknown");
}

const char *
entry_status_code(enum entry_status s)
{
	return ((unsigned)s < NELEM(status_codes) ? status_codes[s] :
	    "unknown");
}

/* The index of s in a code table, or dflt. */
int
db_comp_code_index(const char *const *tab, size_t n, const char *s, int dflt)
{
	size_t	 i;

	for (i = 0; s != NULL && i < n; i++) {
		if (strcmp(tab[i], s) == 0)
			return ((int)i);
	}
	return (dflt);
}

/* An answer that refuses: nothing written, the reason in *v. */
enum db_result
db_comp_refuse(enum comp_verdict *v, enum comp_verdict why)
{
	ROLLBACK();
	*v = why;
	return (DB_OK);
}

/* The state of a competition's row (COMP_COLS). */
static enum comp_state
comp_state_of(struct dbq *q)
{
	return ((enum comp_state)db_comp_code_index(state_codes,
	    NELEM(state_codes), db_col_text(q, 12), COMP_ENTRIES));
}

/* The kind of a competition's row (COMP_COLS). */
static enum comp_kind
comp_kind_of(struct dbq *q)
{
	const char	*kind = db_col_text(q, 17);

	return (kind != NULL && strcmp(kind, "guide") == 0 ?
	    COMP_KIND_GUIDE : COMP_KIND_WORKS);
}

static void
brief_row(struct dbq *q, void *arg)
{
	struct comp_brief	*b = arg;

	b->generations = db_col_int(q, 8);
	b->round = db_col_int(q, 11);
	b->state = comp_state_of(q);
	b->kind = comp_kind_of(q);
}

/* A competition's brief; DB_NOTFOUND when none. */
enum db_result
comp_brief_get(int64_t id, struct comp_brief *b)
{
	struct dbq	*q;

	if (id <= 0)
		return (DB_NOTFOUND);
	q = db_st(ST_COMP_GET);
	db_bind_int64(q, 1, id);
	return (db_one(q, brief_row, b));
}

/* One integer from a statement with up to two integer parameters (a
 * and b bound as far as it has them); DB_NOTFOUND if no row. */
enum db_result
db_comp_one_int(enum stmt s, int64_t a, int64_t b, int64_t *out)
{
	struct dbq	*q = db_st(s);
	int		 params = db_bind_count(q);

	*out = 0;
	if (params >= 1)
		db_bind_int64(q, 1, a);
	if (params >= 2)
		db_bind_int64(q, 2, b);
	return (db_one_int(q, out));
}

/*
 * The rules staff start from (score.h's defaults, the 2018 彩云杯's):
 * weighted marks, panels of three, recusal two generations down.
 */
void
db_comp_defaults(struct comp_edit *e)
{
	size_t	 i;

	memset(e, 0, sizeof(*e));
	e->mode = SCORE_WEIGHTED;
	e->min_panel = 3;
	e->spread = 1;
	e->generations = 2;
	e->advance = 0;
	for (i = 0; i < score_default_criteria_count &&
	    i < SCORE_MAX_CRITERIA; i++) {
		e->crit[i].pos = (int)i + 1;
		(void)snprintf(e->crit[i].name_zh, sizeof(e->crit[i].name_zh),
		    "%s", score_default_criteria[i].zh);
		(void)snprintf(e->crit[i].name_en, sizeof(e->crit[i].name_en),
		    "%s", score_default_criteria[i].en);
		e->crit[i].weight = score_default_criteria[i].value;
	}
	e->ncrit = (int)i;
	for (i = 0; i < score_default_tiers_count && i < SCORE_MAX_TIERS;
	    i++) {
		e->tiers[i].pos = (int)i + 1;
		(void)snprintf(e->tiers[i].name_zh,
		    sizeof(e->tiers[i].name_zh), "%s",
		    score_default_tiers[i].zh);
		(void)snprintf(e->tiers[i].name_en,
		    sizeof(e->tiers[i].name_en), "%s",
		    score_default_tiers[i].en);
		e->tiers[i].quota = score_default_tiers[i].value;
	}
	e->ntiers = (int)i;
	for (i = 0; i < score_default_tiebreak_count &&
	    i < SCORE_MAX_CRITERIA; i++)
		e->tiebreak[i] = score_default_tiebreak[i] + 1;
	e->ntie = (int)i;
}

/*
 * A competition's columns (COMP_COLS). With rules, also its mode,
 * numbers and tie-break as score_rules wants them (criterion indexes);
 * the weights come from its criteria (db_comp_get()).
 */
static void
comp_row(struct dbq *q, struct competition *c, int rules)
{
	const char	*tb;
	char		*end;
	long		 pos;

	memset(c, 0, sizeof(*c));
	c->id = db_col_int64(q, 0);
	TEXT(q, 1, c->name_zh);
	TEXT(q, 2, c->name_en);
	TEXT(q, 3, c->opens);
	TEXT(q, 4, c->closes);
	c->generations = db_col_int(q, 8);
	c->advance = db_col_int(q, 9);
	c->rounds = c->advance > 0 ? 2 : 1;
	c->round = db_col_int(q, 11);
	c->state = comp_state_of(q);
	TEXT(q, 13, c->log_head);
	c->published = db_col_int64(q, 14);
	c->created = db_col_int64(q, 15);
	c->entries = db_col_int(q, 16);
	c->kind = comp_kind_of(q);
	if (!rules)
		return;
	tb = db_col_text(q, 5);
	c->rules.mode = tb != NULL && strcmp(tb, "worldskills") == 0 ?
	    SCORE_WORLDSKILLS : SCORE_WEIGHTED;
	c->rules.min_panel = db_col_int(q, 6);
	c->rules.spread = db_col_int(q, 7);
	/* "4 3": positions 1.., stored as written by bind_rules(). */
	tb = db_col_text(q, 10);
	while (tb != NULL && *tb != '\0' &&
	    c->rules.ntie < SCORE_MAX_CRITERIA) {
		pos = strtol(tb, &end, 10);
		if (end == tb)
			break;
		if (pos >= 1 && pos <= SCORE_MAX_CRITERIA)
			c->rules.tiebreak[c->rules.ntie++] = (int)pos - 1;
		tb = end;
	}
}

/* Bind ?2..?11 of ST_COMP_INSERT / ST_COMP_RULES_UPDATE; tb holds the
 * tie-break text until the statement has run. */
static void
bind_rules(struct dbq *q, const struct comp_edit *e, char *tb, size_t tbsz)
{
	size_t	 len = 0;
	int	 i;

	tb[0] = '\0';
	for (i = 0; i < e->ntie && i < SCORE_MAX_CRITERIA; i++)
		len += (size_t)snprintf(tb + len, tbsz - len, "%s%d",
		    i > 0 ? " " : "", e->tiebreak[i]);
	db_bind_text(q, 2, e->name_zh);
	db_bind_text(q, 3, e->name_en != NULL ? e->name_en : "");
	db_bind_text(q, 4, e->opens);
	db_bind_text(q, 5, e->closes);
	db_bind_text(q, 6, e->mode == SCORE_WORLDSKILLS ? "worldskills" :
	    "weighted");
	db_bind_int(q, 7, e->min_panel);
	db_bind_int(q, 8, e->spread);
	db_bind_int(q, 9, e->generations);
	db_bind_int(q, 10, e->advance);
	db_bind_text(q, 11, tb);
}

/* A criterion or a tier (statement s) of comp at position pos. */
static enum db_result
rank_insert(enum stmt s, int64_t comp, int pos, const char *name_zh,
    const char *name_en, int value)
{
	struct dbq	*q = db_st(s);

	db_bind_int64(q, 1, comp);
	db_bind_int(q, 2, pos);
	db_bind_text(q, 3, name_zh);
	db_bind_text(q, 4, name_en);
	db_bind_int(q, 5, value);
	return (db_exec(q));
}

/*
 * Replace a competition's criteria and tiers. Their positions are their
 * places in the arrays (1..), which the tie-break's positions name.
 */
static enum db_result
rules_write(int64_t comp, const struct comp_edit *e)
{
	struct dbq	*q;
	enum db_result	 r;
	int		 i;

	q = db_st(ST_CRITERIA_CLEAR);
	db_bind_int64(q, 1, comp);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	q = db_st(ST_TIERS_CLEAR);
	db_bind_int64(q, 1, comp);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	for (i = 0; i < e->ncrit && i < SCORE_MAX_CRITERIA; i++)
		if ((r = rank_insert(ST_CRITERION_INSERT, comp, i + 1,
		    e->crit[i].name_zh, e->crit[i].name_en,
		    e->crit[i].weight)) != DB_OK)
			return (r);
	for (i = 0; i < e->ntiers && i < SCORE_MAX_TIERS; i++)
		if ((r = rank_insert(ST_TIER_INSERT, comp, i + 1,
		    e->tiers[i].name_zh, e->tiers[i].name_en,
		    e->tiers[i].quota)) != DB_OK)
			return (r);
	return (DB_OK);
}

/* New rules e for competition id, with its criteria and tiers. */
static enum db_result
rules_update(int64_t id, const struct comp_edit *e)
{
	struct dbq	*q = db_st(ST_COMP_RULES_UPDATE);
	enum db_result	 r;
	char		 tb[SCORE_MAX_CRITERIA * 4];

	db_bind_int64(q, 1, id);
	bind_rules(q, e, tb, sizeof(tb));
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	return (rules_write(id, e));
}

/*
 * A competition with its criteria and tiers, in one transaction. The
 * caller checked the rules with score_rules_check(); DB_CONFLICT when a
 * CHECK of the schema still refuses them (a name too long, say).
 */
enum db_result
db_comp_create(const struct comp_edit *e, int64_t by, int64_t now,
    int64_t *id)
{
	struct dbq	*q;
	enum db_result	 r;
	char		 tb[SCORE_MAX_CRITERIA * 4];

	*id = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_COMP_INSERT);
	bind_rules(q, e, tb, sizeof(tb));
	db_bind_int64(q, 12, by);
	db_bind_int64(q, 13, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = rules_write(*id, e)) != DB_OK ||
	    (r = db_audit_id(by, "comp.create", "competition", *id, e->name_zh,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/* New rules, while entries are still being taken (COMPV_STATE after). */
enum db_result
db_comp_rules_set(int64_t id, const struct comp_edit *e, int64_t by,
    int64_t now, enum comp_verdict *v)
{
	enum db_result		 r;
	struct comp_brief	 b;

	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief_get(id, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES)
		return (db_comp_refuse(v, COMPV_STATE));
	if ((r = rules_update(id, e)) != DB_OK ||
	    (r = db_audit_id(by, "comp.rules", "competition", id, e->name_zh,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * A 十大金牌导购大师 selection's starting rules: in e (a competition's
 * rules, its name and window kept), weighted marks, the four criteria of
 * a guide — 产品知识 (product knowledge) 30, 如实描述 (honesty of
 * description) 30, 服务 (service) 25, 投诉记录 (complaint record) 15 — no
 * tie-break criteria, one round and one tier, 金牌导购大师, with
 * g->winners places; g: 60 / 30 / 10, 20 points a complaint, 10 winners,
 * a burst 5 votes from one range in 10 minutes, accounts under 7 days new.
 */
void
db_comp_guide_defaults(struct comp_edit *e, struct guide_rules *g)
{
	static const struct {
		const char	*zh, *en;
		int		 weight;
	} crit[] = {
		{ "产品知识", "Product knowledge", 30 },
		{ "如实描述", "Honesty of description", 30 },
		{ "服务", "Service", 25 },
		{ "投诉记录", "Complaint record", 15 },
	};
	size_t	 i;

	memset(g, 0, sizeof(*g));
	g->w.panel = 60;
	g->w.public = 30;
	g->w.integrity = 10;
	g->w.deduction = 20;
	g->winners = 10;
	g->burst = 5;
	g->burst_minutes = 10;
	g->new_days = 7;
	e->mode = SCORE_WEIGHTED;
	e->advance = 0;
	e->ntie = 0;
	memset(e->crit, 0, sizeof(e->crit));
	e->ncrit = (int)NELEM(crit);
	for (i = 0; i < NELEM(crit); i++) {
		e->crit[i].pos = (int)i + 1;
		(void)snprintf(e->crit[i].name_zh, sizeof(e->crit[i].name_zh),
		    "%s", crit[i].zh);
		(void)snprintf(e->crit[i].name_en, sizeof(e->crit[i].name_en),
		    "%s", crit[i].en);
		e->crit[i].weight = crit[i].weight;
	}
	memset(e->tiers, 0, sizeof(e->tiers));
	e->ntiers = 1;
	e->tiers[0].pos = 1;
	(void)snprintf(e->tiers[0].name_zh, sizeof(e->tiers[0].name_zh), "%s",
	    "金牌导购大师");
	(void)snprintf(e->tiers[0].name_en, sizeof(e->tiers[0].name_en), "%s",
	    "Gold Sales Guide Master");
	e->tiers[0].quota = g->winners;
}

/*
 * Make competition id a 十大金牌导购大师 selection (kind 'guide'), or
 * change such a selection's rules, while it takes nominations: its
 * criteria and tiers from e (as db_comp_rules_set()) and its weights,
 * deduction, winners and anomaly thresholds from g, in one transaction.
 * GV_STATE after nominations close; GV_HAS_ENTRIES when works were
 * entered in it (they would have no place in a guide selection).
 * DB_CONFLICT when the schema's CHECKs refuse the rules.
 */
enum db_result
db_comp_guide_set(int64_t id, const struct comp_edit *e,
    const struct guide_rules *g, int64_t by, int64_t now,
    enum guide_verdict *v)
{
	struct dbq		*q;
	enum db_result		 r;
	struct comp_brief	 b;
	int64_t			 n;

	*v = GV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief_get(id, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES) {
		ROLLBACK();
		*v = GV_STATE;
		return (DB_OK);
	}
	if ((r = db_comp_one_int(ST_ENTRY_COUNT_ANY, id, 0, &n)) != DB_OK)
		goto fail;
	if (n > 0) {
		ROLLBACK();
		*v = GV_HAS_ENTRIES;
		return (DB_OK);
	}
	if ((r = rules_update(id, e)) != DB_OK)
		goto fail;
	q = db_st(ST_GUIDE_KIND_SET);
	db_bind_int64(q, 1, id);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	q = db_st(ST_GUIDE_RULES_PUT);
	db_bind_int64(q, 1, id);
	db_bind_int(q, 2, g->w.panel);
	db_bind_int(q, 3, g->w.public);
	db_bind_int(q, 4, g->w.integrity);
	db_bind_int(q, 5, g->w.deduction);
	db_bind_int(q, 6, g->winners);
	db_bind_int(q, 7, g->burst);
	db_bind_int(q, 8, g->burst_minutes);
	db_bind_int(q, 9, g->new_days);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(by, "comp.guide", "competition", id, e->name_zh,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

struct comp_each {
	struct competition	*c;
	int			(*cb)(const struct competition *, void *);
	void			*arg;
};

static int
comp_each_row(struct dbq *q, void *arg)
{
	struct comp_each	*e = arg;

	comp_row(q, e->c, 0);
	return (e->cb(e->c, e->arg) != 0);
}

/* Every competition, newest first, without rules, criteria or tiers. */
enum db_result
db_comps(int (*cb)(const struct competition *, void *), void *arg)
{
	struct comp_each	 e = { NULL, cb, arg };
	struct dbq		*q = db_st(ST_COMP_GET);
	enum db_result		 r;

	if ((e.c = malloc(sizeof(*e.c))) == NULL)
		return (DB_ERROR);
	db_bind_int64(q, 1, 0);
	r = db_each(q, comp_each_row, &e);
	free(e.c);
	return (r);
}

static void
comp_rules_row(struct dbq *q, void *arg)
{
	comp_row(q, arg, 1);
}

/* A competition's criteria or, crit NULL, its tiers: up to max. */
struct ranks {
	struct comp_criterion	*crit;
	struct comp_tier	*tiers;
	int			 n, max;
};

/* A criterion's row or a tier's: position, names, weight or quota. */
static int
rank_each_row(struct dbq *q, void *arg)
{
	struct ranks		*k = arg;
	struct comp_criterion	*c;
	struct comp_tier	*t;

	if (k->n >= k->max)
		return (0);
	if (k->crit != NULL) {
		c = &k->crit[k->n];
		c->pos = db_col_int(q, 0);
		TEXT(q, 1, c->name_zh);
		TEXT(q, 2, c->name_en);
		c->weight = db_col_int(q, 3);
	} else {
		t = &k->tiers[k->n];
		t->pos = db_col_int(q, 0);
		TEXT(q, 1, t->name_zh);
		TEXT(q, 2, t->name_en);
		t->quota = db_col_int(q, 3);
	}
	k->n++;
	return (1);
}

/* A competition with everything: criteria, tiers and scoring rules. */
enum db_result
db_comp_get(int64_t id, struct competition *c)
{
	struct ranks	 crit = { c->crit, NULL, 0, SCORE_MAX_CRITERIA };
	struct ranks	 tiers = { NULL, c->tiers, 0, SCORE_MAX_TIERS };
	struct dbq	*q;
	enum db_result	 r;
	int		 i;

	if (id <= 0)
		return (DB_NOTFOUND);
	q = db_st(ST_COMP_GET);
	db_bind_int64(q, 1, id);
	if ((r = db_one(q, comp_rules_row, c)) != DB_OK)
		return (r);
	q = db_st(ST_COMP_CRITERIA);
	db_bind_int64(q, 1, id);
	if ((r = db_each(q, rank_each_row, &crit)) != DB_OK)
		return (r);
	for (i = 0; i < crit.n; i++)
		c->rules.weight[i] = c->crit[i].weight;
	c->ncrit = c->rules.ncrit = crit.n;
	q = db_st(ST_COMP_TIERS);
	db_bind_int64(q, 1, id);
	if ((r = db_each(q, rank_each_row, &tiers)) != DB_OK)
		return (r);
	c->ntiers = tiers.n;
	return (DB_OK);
}

/* Competitions not yet published. */
enum db_result
db_comp_in_progress(int64_t *n)
{
	return (db_count(ST_COMP_IN_PROGRESS, NULL, 0, n));
}

/* A category of a competition still taking entries. */
enum db_result
db_category_add(int64_t comp, const char *name_zh, const char *name_en,
    int64_t by, int64_t now, int64_t *id, enum comp_verdict *v)
{
	struct dbq		*q;
	enum db_result		 r;
	struct comp_brief	 b;
	int64_t			 n;

	*id = 0;
	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief_get(comp, &b)) != DB_OK ||
	    (r = db_count(ST_CATEGORY_NAMED, name_zh, comp, &n)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES)
		return (db_comp_refuse(v, COMPV_STATE));
	if (n > 0)
		return (db_comp_refuse(v, COMPV_TWICE));
	q = db_st(ST_CATEGORY_INSERT);
	db_bind_int64(q, 1, comp);
	db_bind_text(q, 2, name_zh);
	db_bind_text(q, 3, name_en != NULL ? name_en : "");
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = db_audit_id(by, "category.add", "competition", comp, name_zh,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

struct category_each {
	int	(*cb)(const struct comp_category *, void *);
	void	*arg;
};

static int
category_each_row(struct dbq *q, void *arg)
{
	struct category_each	*e = arg;
	struct comp_category	 k;

	memset(&k, 0, sizeof(k));
	k.id = db_col_int64(q, 0);
	k.competition = db_col_int64(q, 1);
	TEXT(q, 2, k.name_zh);
	TEXT(q, 3, k.name_en);
	k.entries = db_col_int(q, 4);
	k.judges = db_col_int(q, 5);
	return (e->cb(&k, e->arg) != 0);
}

/* A competition's categories by id, with live entries and judges. */
enum db_result
db_categories(int64_t comp, int (*cb)(const struct comp_category *, void *),
    void *arg)
{
	struct category_each	 e = { cb, arg };
	struct dbq		*q = db_st(ST_CATEGORIES);

	db_bind_int64(q, 1, comp);
	return (db_each(q, category_each_row, &e));
}

static void
entry_row(struct dbq *q, void *arg)
{
	struct comp_entry	*e = arg;

	memset(e, 0, sizeof(*e));
	e->id = db_col_int64(q, 0);
	e->competition = db_col_int64(q, 1);
	e->category = db_col_int64(q, 2);
	TEXT(q, 3, e->category_zh);
	TEXT(q, 4, e->category_en);
	e->entrant = db_col_int64(q, 5);
	TEXT(q, 6, e->entrant_name);
	e->work = db_col_int64(q, 7);
	TEXT(q, 8, e->title);
	TEXT(q, 9, e->material);
	TEXT(q, 10, e->code);
	e->status = (enum entry_status)db_comp_code_index(status_codes,
	    NELEM(status_codes), db_col_text(q, 11),
	    ENTRY_PENDING);
	TEXT(q, 12, e->note);
	e->reached = db_col_int(q, 13);
	e->created = db_col_int64(q, 14);
}

/*
 * Enter entrant's work in comp's category on day `today`. The checks, in
 * order: the competition takes entries and today is in its window, the
 * category is its, the entrant is an apprentice at the selection stage,
 * the work is theirs and has a photo to judge, and is not entered yet.
 * The entry gets a random code (a clash with another's: a new one).
 */
enum db_result
db_entry_create(int64_t comp, int64_t category, int64_t entrant,
    int64_t work, const char *today, int64_t now, int64_t *id,
    enum comp_verdict *v)
{
	struct competition	*c;
	struct user		 u;
	struct work		*w;
	struct dbq		*q;
	enum db_result		 r;
	enum comp_verdict	 why = COMPV_OK;
	int64_t			 owner, n;
	char			 code[ENTRY_CODE_LEN + 1];
	int			 tries;

	*id = 0;
	*v = COMPV_OK;
	c = malloc(sizeof(*c));
	w = malloc(sizeof(*w));
	if (c == NULL || w == NULL) {
		free(c);
		free(w);
		return (DB_ERROR);
	}
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_comp_get(comp, c)) != DB_OK)
		goto fail;
	if (c->state != COMP_ENTRIES)
		why = COMPV_STATE;
	else if (strcmp(today, c->opens) < 0 || strcmp(today, c->closes) > 0)
		why = COMPV_WINDOW;
	else if ((r = db_comp_one_int(ST_CATEGORY_OF, category, 0, &owner)) !=
	    DB_OK && r != DB_NOTFOUND)
		goto fail;
	else if (r == DB_NOTFOUND || owner != comp)
		why = COMPV_CATEGORY;
	else if ((r = db_user_by_id(entrant, &u)) != DB_OK &&
	    r != DB_NOTFOUND)
		goto fail;
	else if (r == DB_NOTFOUND || u.role != ROLE_APPRENTICE ||
	    u.stage != STAGE_SELECTION)
		why = COMPV_NOT_SELECTION;
	else if ((r = db_work_get(work, w)) != DB_OK && r != DB_NOTFOUND)
		goto fail;
	else if (r == DB_NOTFOUND || w->user != entrant)
		why = COMPV_NOT_OWNER;
	else if (w->photos < 1)
		why = COMPV_NO_PHOTOS;
	if (why != COMPV_OK) {
		r = db_comp_refuse(v, why);
		goto out;
	}
	for (tries = 0; tries < ENTRY_CODE_TRIES; tries++) {
		score_entry_code(code);
		q = db_st(ST_ENTRY_INSERT);
		db_bind_int64(q, 1, comp);
		db_bind_int64(q, 2, category);
		db_bind_int64(q, 3, entrant);
		db_bind_int64(q, 4, work);
		db_bind_text(q, 5, code);
		db_bind_int64(q, 6, now);
		if ((r = db_exec(q)) != DB_CONFLICT)
			break;
		/* UNIQUE (competition, work), or a code drawn twice. */
		if ((r = db_comp_one_int(ST_ENTRY_OF_WORK, comp, work, &n)) !=
		    DB_OK)
			goto fail;
		if (n > 0) {
			r = db_comp_refuse(v, COMPV_TWICE);
			goto out;
		}
		r = DB_CONFLICT;
	}
	if (r != DB_OK)
		goto fail;
	*id = db_last_id();
	q = db_st(ST_ENTRY_PHOTOS_FIX);
	db_bind_int64(q, 1, *id);
	db_bind_int64(q, 2, work);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(entrant, "entry.create", "entry", *id, code,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
	*id = 0;
out:
	free(c);
	free(w);
	return (r);
}

/* The photos an entry is judged on (at most 8), in order. */
enum db_result
db_entry_photos(int64_t entry, int64_t out[8], int *n)
{
	struct dbq	*q = db_st(ST_ENTRY_PHOTOS);
	enum db_result	 r;
	size_t		 got;

	db_bind_int64(q, 1, entry);
	r = db_ids_upto(q, out, 8, &got);
	*n = (int)got;
	return (r);
}

/* An entry with its names; DB_NOTFOUND when none. */
enum db_result
db_entry_get(int64_t id, struct comp_entry *e)
{
	struct dbq	*q = db_st(ST_ENTRY_GET);

	db_bind_int64(q, 1, id);
	return (db_one(q, entry_row, e));
}

struct entry_each {
	struct comp_entry	*e;
	int			(*cb)(const struct comp_entry *, void *);
	void			*arg;
};

static int
entry_each_row(struct dbq *q, void *arg)
{
	struct entry_each	*e = arg;

	entry_row(q, e->e);
	return (e->cb(e->e, e->arg) != 0);
}

/* The entries of q, bound by the caller, to cb. */
static enum db_result
entry_list(struct dbq *q, int (*cb)(const struct comp_entry *, void *),
    void *arg)
{
	struct entry_each	 e = { NULL, cb, arg };
	enum db_result		 r;

	if ((e.e = malloc(sizeof(*e.e))) == NULL)
		return (DB_ERROR);
	r = db_each(q, entry_each_row, &e);
	free(e.e);
	return (r);
}

/* All entries of a competition (staff), by category and code. */
enum db_result
db_entries(int64_t comp, int (*cb)(const struct comp_entry *, void *),
    void *arg)
{
	struct dbq	*q = db_st(ST_ENTRIES_OF_COMP);

	db_bind_int64(q, 1, comp);
	return (entry_list(q, cb, arg));
}

/*
 * A page of a competition's entries (staff), by category and code: up
 * to limit rows after entry after (0: from the first). after is the id
 * of the last row of the page before (pager.h); an id not of this
 * competition gives no rows.
 */
enum db_result
db_entries_page(int64_t comp, int64_t after, int limit,
    int (*cb)(const struct comp_entry *, void *), void *arg)
{
	struct dbq	*q = db_st(ST_ENTRIES_PAGE);

	db_bind_int64(q, 1, comp);
	db_bind_int64(q, 2, after);
	db_bind_int(q, 3, limit);
	return (entry_list(q, cb, arg));
}

/* An entrant's own entries, newest first. */
enum db_result
db_entries_of_user(int64_t user, int (*cb)(const struct comp_entry *,
    void *), void *arg)
{
	struct dbq	*q = db_st(ST_ENTRIES_OF_USER);

	db_bind_int64(q, 1, user);
	return (entry_list(q, cb, arg));
}

/*
 * Staff's eligibility check: ENTRY_ELIGIBLE or ENTRY_REFUSED (anything
 * else is DB_CONFLICT), with a note. A decision may be changed while
 * entries are taken; a withdrawn entry stays withdrawn (COMPV_STATE).
 */
enum db_result
db_entry_check(int64_t entry, enum entry_status status, const char *note,
    int64_t by, int64_t now, enum comp_verdict *v)
{
	struct comp_entry	*e;
	struct notice		 tell;
	struct dbq		*q;
	enum db_result		 r;
	struct comp_brief	 b;

	*v = COMPV_OK;
	if (status != ENTRY_ELIGIBLE && status != ENTRY_REFUSED)
		return (DB_CONFLICT);
	if ((e = malloc(sizeof(*e))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_entry_get(entry, e)) != DB_OK ||
	    (r = comp_brief_get(e->competition, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES || e->status == ENTRY_WITHDRAWN) {
		r = db_comp_refuse(v, COMPV_STATE);
		goto out;
	}
	q = db_st(ST_ENTRY_CHECK);
	db_bind_int64(q, 1, entry);
	db_bind_text(q, 2, entry_status_code(status));
	db_bind_text(q, 3, note != NULL ? note : "");
	db_bind_int64(q, 4, by);
	db_bind_int64(q, 5, now);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(by, "entry.check", "entry", entry,
	    entry_status_code(status), now)) != DB_OK)
		goto fail;
	/* The entrant is told of each decision (it may change while entries
	 * are taken), not of a click that repeats the one they know. */
	if (status != e->status) {
		if ((r = db_inbox_comp_subject(e->competition, &tell)) !=
		    DB_OK)
			goto fail;
		tell.kind = status == ENTRY_ELIGIBLE ? NOTIFY_ENTRY_ELIGIBLE :
		    NOTIFY_ENTRY_REFUSED;
		notify_set(tell.ref, sizeof(tell.ref), e->code);
		notify_set(tell.detail, sizeof(tell.detail), note);
		(void)snprintf(tell.link, sizeof(tell.link), "/entries/%lld",
		    (long long)entry);
		if ((r = db_inbox_add_tx(e->entrant, &tell, now)) != DB_OK)
			goto fail;
	}
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
out:
	free(e);
	return (r);
}
