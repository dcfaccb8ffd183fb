/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_guide.c: 十大金牌导购大师, the integrity selection of the town's
 * sales guides, in the store — a competition of kind 'guide' taken
 * through the same states (entries → judging → locked → published) by
 * its own steps: nominations and their check, the panel's blind sheets
 * with recusal, the public's votes (one per verified phone per
 * Asia/Shanghai day: the UNIQUE index decides, so two concurrent votes
 * give exactly one), staff's voids and the complaints that deduct
 * points, the lock that freezes the combined results (guide.h) and the
 * publication that confers the 金牌导购大师 honour with its certificate.
 * Every vote, void, deduction, sheet, recusal, lock and publication is
 * a record of the hash-chained score log (db_scorelog.c). The votes and
 * complaints are in db_guidevote.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "db_int.h"
#include "score.h"
#include "db_comp_int.h"

static const char *const nominee_codes[] = {
	[NOMINEE_PENDING] = "pending",
	[NOMINEE_ELIGIBLE] = "eligible",
	[NOMINEE_REFUSED] = "refused",
};

/* The honour the ten winners get, and its certificate's title. */
#define GUIDE_TITLE_ZH	"金牌导购大师"
#define GUIDE_TITLE_EN	"Gold Sales Guide Master"

/* Roll back the open transaction and give the refusal why (a business
 * answer, so DB_OK). */
enum db_result
db_guide_refuse(enum guide_verdict *v, enum guide_verdict why)
{
	ROLLBACK();
	*v = why;
	return (DB_OK);
}

/* In the open transaction: comp's brief, and *v GV_NOT_GUIDE when it is
 * not a guide selection (left as it was otherwise). */
enum db_result
db_guide_brief(int64_t comp, struct comp_brief *b, enum guide_verdict *v)
{
	enum db_result	 r;

	if ((r = comp_brief_get(comp, b)) != DB_OK)
		return (r);
	if (b->kind != COMP_KIND_GUIDE)
		*v = GV_NOT_GUIDE;
	return (DB_OK);
}

static void
rules_row(struct dbq *q, void *arg)
{
	struct guide_rules	*g = arg;

	g->w.panel = db_col_int(q, 0);
	g->w.public = db_col_int(q, 1);
	g->w.integrity = db_col_int(q, 2);
	g->w.deduction = db_col_int(q, 3);
	g->winners = db_col_int(q, 4);
	g->burst = db_col_int(q, 5);
	g->burst_minutes = db_col_int(q, 6);
	g->new_days = db_col_int(q, 7);
}

/* A guide selection's rules; DB_NOTFOUND when comp is not one. */
enum db_result
db_guide_rules_get(int64_t comp, struct guide_rules *g)
{
	struct dbq	*q = db_st(ST_GUIDE_RULES_GET);

	memset(g, 0, sizeof(*g));
	db_bind_int64(q, 1, comp);
	return (db_one(q, rules_row, g));
}

/* A row of NOMINEE_COLS, then the judge's sheet state. */
static void
nominee_row(struct dbq *q, void *arg)
{
	struct guide_nominee	*n = arg;
	const char		*s;
	size_t			 i;

	memset(n, 0, sizeof(*n));
	n->id = db_col_int64(q, 0);
	n->competition = db_col_int64(q, 1);
	TEXT(q, 2, n->shop);
	TEXT(q, 3, n->guide);
	n->guide_user = db_col_int64(q, 4);
	TEXT(q, 5, n->evidence);
	n->photo = db_col_int(q, 6);
	TEXT(q, 7, n->code);
	s = db_col_text(q, 8);
	for (i = 0; s != NULL && i < NELEM(nominee_codes); i++)
		if (strcmp(s, nominee_codes[i]) == 0)
			n->status = (enum nominee_status)i;
	TEXT(q, 9, n->note);
	n->nominated_by = db_col_int64(q, 10);
	n->created = db_col_int64(q, 11);
	n->votes = db_col_int(q, 12);
	n->complaints = db_col_int(q, 13);
	n->sheet = db_col_int(q, 14);
}

static enum db_result
nominee_one(enum stmt s, int64_t id, const char *code,
    struct guide_nominee *n)
{
	struct dbq	*q = db_st(s);

	if (code != NULL)
		db_bind_text(q, 1, code);
	else
		db_bind_int64(q, 1, id);
	return (db_one(q, nominee_row, n));
}

/* Nomination id; DB_NOTFOUND when there is none. */
enum db_result
db_guide_nominee_get(int64_t id, struct guide_nominee *n)
{
	return (nominee_one(ST_GUIDE_NOMINEE_GET, id, NULL, n));
}

/* The nomination with blind code `code` (a judge's view). */
enum db_result
db_guide_nominee_by_code(const char *code, struct guide_nominee *n)
{
	return (nominee_one(ST_GUIDE_NOMINEE_BY_CODE, 0, code, n));
}

struct nominees_walk {
	int			(*cb)(const struct guide_nominee *, void *);
	void			*arg;
	struct guide_nominee	 n;
};

static int
nominees_row(struct dbq *q, void *arg)
{
	struct nominees_walk	*w = arg;

	nominee_row(q, &w->n);
	return (w->cb(&w->n, w->arg) ? 1 : 0);
}

/* Every row of q (bound, not stepped), each nominee to cb (0 stops). */
static enum db_result
nominees_each(struct dbq *q,
    int (*cb)(const struct guide_nominee *, void *), void *arg)
{
	struct nominees_walk	*w;
	enum db_result		 r;

	if ((w = malloc(sizeof(*w))) == NULL)
		return (DB_ERROR);
	w->cb = cb;
	w->arg = arg;
	r = db_each(q, nominees_row, w);
	free(w);
	return (r);
}

/* The nominations of comp in order of arrival (only eligible ones when
 * eligible_only), each to cb (borrowed for the call; 0 stops). */
enum db_result
db_guide_nominees(int64_t comp, int eligible_only,
    int (*cb)(const struct guide_nominee *, void *), void *arg)
{
	struct dbq	*q = db_st(ST_GUIDE_NOMINEES);

	db_bind_int64(q, 1, comp);
	db_bind_int(q, 2, eligible_only);
	return (nominees_each(q, cb, arg));
}

/*
 * A shop nominates its guide (guide_user, shown as `guide`) with evidence
 * and, when photo, a photo the caller writes once *id is known. Staff
 * entering it on a shop's behalf (eligible 1) need no check; others wait
 * for staff's (pending). Only while the selection takes nominations
 * (GV_STATE); a guide once per selection (GV_TWICE).
 */
enum db_result
db_guide_nominate(int64_t comp, const char *shop, const char *guide,
    int64_t guide_user, const char *evidence, int photo, int eligible,
    int64_t by, int64_t now, int64_t *id, enum guide_verdict *v)
{
	struct comp_brief	 b;
	struct dbq		*q;
	enum db_result		 r;
	char			 code[GUIDE_CODE_LEN + 1];

	*id = 0;
	*v = GV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_guide_brief(comp, &b, v)) != DB_OK)
		goto fail;
	if (*v != GV_OK)
		return (db_guide_refuse(v, *v));
	if (b.state != COMP_ENTRIES)
		return (db_guide_refuse(v, GV_STATE));
	score_entry_code(code);
	q = db_st(ST_GUIDE_NOMINEE_INSERT);
	db_bind_int64(q, 1, comp);
	db_bind_text(q, 2, shop);
	db_bind_text(q, 3, guide);
	db_bind_int64(q, 4, guide_user);
	db_bind_text(q, 5, evidence);
	db_bind_int(q, 6, photo ? 1 : 0);
	db_bind_text(q, 7, code);
	db_bind_text(q, 8, nominee_codes[eligible ? NOMINEE_ELIGIBLE :
	    NOMINEE_PENDING]);
	db_bind_int64(q, 9, by);
	db_bind_int64(q, 10, now);
	if ((r = db_exec(q)) == DB_CONFLICT)
		return (db_guide_refuse(v, GV_TWICE));
	if (r != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = db_audit_id(by, "guide.nominate", "nominee", *id, shop,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/* Staff decide a pending nomination once (GV_TWICE after), while the
 * selection takes nominations (GV_STATE). */
enum db_result
db_guide_check(int64_t id, int eligible, const char *note, int64_t by,
    int64_t now, enum guide_verdict *v)
{
	struct guide_nominee	 n;
	struct comp_brief	 b;
	struct dbq		*q;
	enum db_result		 r;

	*v = GV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_guide_nominee_get(id, &n)) != DB_OK ||
	    (r = comp_brief_get(n.competition, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES)
		return (db_guide_refuse(v, GV_STATE));
	if (n.status != NOMINEE_PENDING)
		return (db_guide_refuse(v, GV_TWICE));
	q = db_st(ST_GUIDE_NOMINEE_CHECK);
	db_bind_int64(q, 1, id);
	db_bind_text(q, 2, nominee_codes[eligible ? NOMINEE_ELIGIBLE :
	    NOMINEE_REFUSED]);
	db_bind_text(q, 3, note != NULL ? note : "");
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(by, eligible ? "guide.eligible" : "guide.refuse",
	    "nominee", id, note != NULL ? note : "", now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* Move comp from state `from` to `to` (round), in the transaction. */
static enum db_result
guide_state(int64_t comp, const char *from, const char *to, int round)
{
	struct dbq	*q = db_st(ST_GUIDE_STATE);

	db_bind_int64(q, 1, comp);
	db_bind_text(q, 2, to);
	db_bind_int(q, 3, round);
	db_bind_text(q, 4, from);
	return (db_exec(q));
}

/*
 * Close nominations and open judging and the public vote: every
 * nomination checked (GV_PENDING), at least one eligible (GV_EMPTY) and
 * a panel (GV_NO_JUDGES: judges are added as to any competition, to a
 * category of it).
 */
enum db_result
db_guide_open(int64_t comp, int64_t by, int64_t now, enum guide_verdict *v)
{
	struct comp_brief	 b;
	enum db_result		 r;
	int64_t			 n;

	*v = GV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_guide_brief(comp, &b, v)) != DB_OK)
		goto fail;
	if (*v != GV_OK)
		return (db_guide_refuse(v, *v));
	if (b.state != COMP_ENTRIES)
		return (db_guide_refuse(v, GV_STATE));
	if ((r = db_count(ST_GUIDE_COUNT_STATUS, "pending", comp, &n)) !=
	    DB_OK)
		goto fail;
	if (n > 0)
		return (db_guide_refuse(v, GV_PENDING));
	if ((r = db_count(ST_GUIDE_COUNT_STATUS, "eligible", comp, &n)) !=
	    DB_OK)
		goto fail;
	if (n == 0)
		return (db_guide_refuse(v, GV_EMPTY));
	if ((r = db_comp_one_int(ST_GUIDE_PANEL_COUNT, comp, 0, &n)) != DB_OK)
		goto fail;
	if (n == 0)
		return (db_guide_refuse(v, GV_NO_JUDGES));
	if ((r = guide_state(comp, "entries", "judging", 1)) != DB_OK ||
	    (r = db_scorelog_append(by, "open", comp, 0, 0, 1, "",
	    "guide round 1", now, NULL)) != DB_OK ||
	    (r = db_audit_id(by, "comp.open", "competition", comp, "guide",
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * May judge score nominee now? The nominee eligible in a selection being
 * judged (GV_NOT_ELIGIBLE, GV_STATE), the judge on its panel
 * (GV_NOT_JUDGE) and not recused (GV_RECUSED): a judge never scores
 * themselves, a guide they nominated, or one staff recused them from.
 * Enforced here, whatever a page offers.
 */
enum db_result
db_guide_may_judge(int64_t nominee, int64_t judge, enum guide_verdict *v)
{
	struct guide_nominee	 n;
	struct comp_brief	 b;
	enum db_result		 r;
	int64_t			 k;

	*v = GV_OK;
	if ((r = db_guide_nominee_get(nominee, &n)) != DB_OK ||
	    (r = comp_brief_get(n.competition, &b)) != DB_OK)
		return (r);
	if (b.kind != COMP_KIND_GUIDE || n.status != NOMINEE_ELIGIBLE)
		*v = GV_NOT_ELIGIBLE;
	else if (b.state != COMP_JUDGING)
		*v = GV_STATE;
	else if ((r = db_comp_one_int(ST_GUIDE_SITS, judge, n.competition,
	    &k)) != DB_OK)
		return (r);
	else if (k == 0)
		*v = GV_NOT_JUDGE;
	else if (n.guide_user == judge || n.nominated_by == judge)
		*v = GV_RECUSED;
	else if ((r = db_comp_one_int(ST_GUIDE_RECUSED, nominee, judge, &k)) !=
	    DB_OK)
		return (r);
	else if (k > 0)
		*v = GV_RECUSED;
	return (DB_OK);
}

/* The nominations judge is to score now, by code, each with the judge's
 * sheet state (sheet: -1 none, 0 draft, 1 final); blind: the caller shows
 * the code, the evidence and the photo, never shop or name. */
enum db_result
db_guide_judge_list(int64_t judge,
    int (*cb)(const struct guide_nominee *, void *), void *arg)
{
	struct dbq	*q = db_st(ST_GUIDE_JUDGE_LIST);

	db_bind_int64(q, 1, judge);
	return (nominees_each(q, cb, arg));
}

struct guide_sheet_read {
	const struct score_rules	*rules;
	struct sheet_marks		*m;
	int				*final;
};

static void
guide_sheet_row(struct dbq *q, void *arg)
{
	struct guide_sheet_read	*w = arg;

	(void)sheet_marks_read(w->m, db_col_text(q, 0), w->rules);
	*w->final = db_col_int(q, 1);
}

/*
 * The judge's sheet for nominee: its marks, read by rules (the
 * selection's; NULL: the text only), and whether final; DB_NOTFOUND
 * (m empty) when none was saved.
 */
enum db_result
db_guide_sheet_get(int64_t nominee, int64_t judge,
    const struct score_rules *rules, struct sheet_marks *m, int *final)
{
	struct guide_sheet_read	 w = { rules, m, final };
	struct dbq		*q = db_st(ST_GUIDE_SHEET_GET);

	*final = 0;
	(void)sheet_marks_read(m, NULL, NULL);
	db_bind_int64(q, 1, nominee);
	db_bind_int64(q, 2, judge);
	return (db_one(q, guide_sheet_row, &w));
}

/*
 * Save judge's sheet for nominee: its n marks (checked by the caller
 * against the criteria), stored and logged as score_marks_format()
 * writes them; a draft, or final (then fixed: GV_FINAL after), as
 * db_guide_may_judge() allows. Logged as "guide.draft" or "guide.final"
 * with the old and new marks.
 */
enum db_result
db_guide_sheet_save(int64_t nominee, int64_t judge, const int *marks, int nm,
    int final, int64_t now, enum guide_verdict *v)
{
	struct guide_nominee	 n;
	struct sheet_marks	 old;
	struct dbq		*q;
	enum db_result		 r;
	char			 text[SCORE_MARKS_MAX];
	int			 was_final;

	*v = GV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_guide_may_judge(nominee, judge, v)) != DB_OK)
		goto fail;
	if (*v != GV_OK)
		return (db_guide_refuse(v, *v));
	if ((r = db_guide_sheet_get(nominee, judge, NULL, &old,
	    &was_final)) != DB_OK && r != DB_NOTFOUND)
		goto fail;
	if (was_final)
		return (db_guide_refuse(v, GV_FINAL));
	if ((r = db_guide_nominee_get(nominee, &n)) != DB_OK)
		goto fail;
	score_marks_format(marks, nm, text);
	q = db_st(ST_GUIDE_SHEET_PUT);
	db_bind_int64(q, 1, nominee);
	db_bind_int64(q, 2, judge);
	db_bind_text(q, 3, text);
	db_bind_int(q, 4, final ? 1 : 0);
	db_bind_int64(q, 5, now);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_scorelog_append(judge, final ? "guide.final" :
	    "guide.draft", n.competition, nominee, judge, 1, old.text, text,
	    now, NULL)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Staff recuse judge from nominee with a reason (a relative, a former
 * employer …), once (GV_TWICE), before the lock (GV_STATE); the judge
 * must sit on the panel (GV_NOT_JUDGE). A sheet already saved no longer
 * counts: the lock reads only sheets of judges not recused.
 */
enum db_result
db_guide_recuse(int64_t nominee, int64_t judge, const char *reason,
    int64_t by, int64_t now, enum guide_verdict *v)
{
	struct guide_nominee	 n;
	struct comp_brief	 b;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 k;

	*v = GV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_guide_nominee_get(nominee, &n)) != DB_OK ||
	    (r = comp_brief_get(n.competition, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES && b.state != COMP_JUDGING)
		return (db_guide_refuse(v, GV_STATE));
	if ((r = db_comp_one_int(ST_GUIDE_SITS, judge, n.competition, &k)) !=
	    DB_OK)
		goto fail;
	if (k == 0)
		return (db_guide_refuse(v, GV_NOT_JUDGE));
	q = db_st(ST_GUIDE_RECUSAL_INSERT);
	db_bind_int64(q, 1, nominee);
	db_bind_int64(q, 2, judge);
	db_bind_text(q, 3, reason);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) == DB_CONFLICT)
		return (db_guide_refuse(v, GV_TWICE));
	if (r != DB_OK ||
	    (r = db_scorelog_append(by, "guide.recuse", n.competition, nominee,
	    judge, 1, "", reason, now, NULL)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* A panel's final sheets that read, up to SCORE_MAX_JUDGES of them. */
struct panel_sheets {
	const struct score_rules	*rules;
	struct score_sheet		 v[SCORE_MAX_JUDGES];
	int				 n;
};

static int
panel_row(struct dbq *q, void *arg)
{
	struct panel_sheets	*p = arg;
	struct sheet_marks	 m;

	/* A sheet whose marks do not read is left out, as if not there. */
	if (sheet_marks_read(&m, db_col_text(q, 1), p->rules)) {
		p->v[p->n].judge = db_col_int64(q, 0);
		memcpy(p->v[p->n].marks, m.v, sizeof(p->v[p->n].marks));
		p->n++;
	}
	return (p->n < SCORE_MAX_JUDGES);
}

/* The panel's score of nominee: score_entry() over the final sheets of
 * judges not recused (a judge recused after saving a sheet is left out). */
static enum db_result
panel_score(const struct competition *c, const struct guide_nominee *n,
    struct guide_score *s)
{
	struct panel_sheets	 p;
	struct score_sheet	*sheets = p.v;
	struct score_result	 res;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 recused;
	int			 ns, i;

	p.rules = &c->rules;
	p.n = 0;
	q = db_st(ST_GUIDE_SHEETS_FINAL);
	db_bind_int64(q, 1, n->id);
	if ((r = db_each(q, panel_row, &p)) != DB_OK)
		return (r);
	ns = p.n;
	for (i = 0; i < ns; i++) {
		if ((r = db_comp_one_int(ST_GUIDE_RECUSED, n->id,
		    sheets[i].judge, &recused)) != DB_OK)
			return (r);
		if (recused > 0)
			sheets[i--] = sheets[--ns];
	}
	memset(&res, 0, sizeof(res));
	score_entry(&c->rules, sheets, ns, &res);
	s->panel_num = res.total_num;
	s->panel_den = res.total_den;
	return (DB_OK);
}

struct nominee_list {
	struct guide_score	*s;
	size_t			 n, cap;
	int			 nomem;
	struct guide_nominee	*all;
};

static int
nominee_keep(const struct guide_nominee *n, void *arg)
{
	struct nominee_list	*l = arg;
	struct guide_nominee	*grown;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		if ((grown = reallocarray(l->all, l->cap,
		    sizeof(*l->all))) == NULL) {
			l->nomem = 1;
			return (0);
		}
		l->all = grown;
	}
	l->all[l->n++] = *n;
	return (1);
}

/*
 * Freeze the results: every owed sheet final (GV_MISSING, *missing
 * counts them), then each eligible nominee's panel score (score_entry()
 * over the final sheets, the competition's criteria and drop rule),
 * valid votes and complaints combined by guide_combine() with the
 * selection's weights, ranked by guide_rank(), the first `winners`
 * marked; written to guide_results. The lock's score-log record carries
 * the SHA-256 of those rows ("guide <hex>") and is signed like any lock.
 * Voting ends with it.
 */
enum db_result
db_guide_lock(int64_t comp, int64_t by, int64_t now, int *missing,
    enum guide_verdict *v)
{
	struct competition		*c = NULL;
	struct guide_rules		 g;
	struct nominee_list		 l;
	struct guide_score		*s = NULL;
	crypto_hash_sha256_state	 sha;
	unsigned char			 h[crypto_hash_sha256_BYTES];
	struct dbq			*q;
	enum db_result			 r;
	size_t				 i;
	int64_t				 n;
	int				 top = 0, len;
	char				 row[160], hex[CHAIN_HEX];
	char				 what[CHAIN_HEX + 8];

	*v = GV_OK;
	*missing = 0;
	memset(&l, 0, sizeof(l));
	if ((c = malloc(sizeof(*c))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_comp_get(comp, c)) != DB_OK)
		goto fail;
	if (c->kind != COMP_KIND_GUIDE) {
		r = db_guide_refuse(v, GV_NOT_GUIDE);
		goto out;
	}
	if (c->state != COMP_JUDGING) {
		r = db_guide_refuse(v, GV_STATE);
		goto out;
	}
	if ((r = db_comp_one_int(ST_GUIDE_MISSING, comp, 0, &n)) != DB_OK)
		goto fail;
	if (n > 0) {
		*missing = (int)n;
		r = db_guide_refuse(v, GV_MISSING);
		goto out;
	}
	if ((r = db_guide_rules_get(comp, &g)) != DB_OK ||
	    (r = db_guide_nominees(comp, 1, nominee_keep, &l)) != DB_OK)
		goto fail;
	if (l.nomem || (l.n > 0 && (s = calloc(l.n, sizeof(*s))) == NULL)) {
		r = DB_ERROR;
		goto fail;
	}
	for (i = 0; i < l.n; i++) {
		s[i].nominee = l.all[i].id;
		s[i].votes = l.all[i].votes;
		s[i].complaints = l.all[i].complaints;
		if ((r = panel_score(c, &l.all[i], &s[i])) != DB_OK)
			goto fail;
		if (s[i].votes > top)
			top = s[i].votes;
	}
	for (i = 0; i < l.n; i++)
		guide_combine(&g.w, top, &s[i]);
	guide_rank(s, l.n);
	crypto_hash_sha256_init(&sha);
	for (i = 0; i < l.n; i++) {
		q = db_st(ST_GUIDE_RESULT_INSERT);
		db_bind_int64(q, 1, s[i].nominee);
		db_bind_int64(q, 2, comp);
		db_bind_int(q, 3, s[i].rank);
		db_bind_int64(q, 4, s[i].panel_num);
		db_bind_int64(q, 5, s[i].panel_den);
		db_bind_int(q, 6, s[i].votes);
		db_bind_int(q, 7, top);
		db_bind_int(q, 8, s[i].complaints);
		db_bind_int(q, 9, s[i].integrity);
		db_bind_int64(q, 10, s[i].final_num);
		db_bind_int64(q, 11, s[i].final_den);
		db_bind_int(q, 12, s[i].rank <= g.winners);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
		len = snprintf(row, sizeof(row), "%lld %d %lld %lld %d %d "
		    "%lld %lld %d\n", (long long)s[i].nominee, s[i].rank,
		    (long long)s[i].panel_num, (long long)s[i].panel_den,
		    s[i].votes, s[i].complaints, (long long)s[i].final_num,
		    (long long)s[i].final_den, s[i].rank <= g.winners);
		crypto_hash_sha256_update(&sha, (const unsigned char *)row,
		    (size_t)len);
	}
	crypto_hash_sha256_final(&sha, h);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	(void)snprintf(what, sizeof(what), "guide %s", hex);
	if ((r = guide_state(comp, "judging", "locked", 1)) != DB_OK ||
	    (r = db_scorelog_append(by, "lock", comp, 0, 0, 1, "", what, now,
	    NULL)) != DB_OK || (r = db_scorelog_sign(comp, "lock", 1)) != DB_OK ||
	    (r = db_audit_id(by, "comp.lock", "competition", comp, what,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
out:
	free(s);
	free(l.all);
	free(c);
	return (r);
}

struct winner {
	int64_t	 nominee;
	int64_t	 user;
	int64_t	 honour;
	int64_t	 checked;
};

struct winner_list {
	struct winner	 w[100];
	size_t		 n;
};

static int
winner_keep(const struct guide_result *x, void *arg)
{
	struct winner_list	*l = arg;

	if (x->winner && l->n < NELEM(l->w)) {
		l->w[l->n].nominee = x->nominee;
		l->w[l->n].user = x->guide_user;
		l->n++;
	}
	return (1);
}

/*
 * Publish a locked guide selection (GV_STATE otherwise), in one
 * transaction: each winner gets the 金牌导购大师 honour (kind 'guide',
 * source "guide:<comp>") and, when staff have checked the guide's
 * identity (实名核验), its certificate in one batch (rep->batch, for the
 * caller to draw); the others wait on the pending list (rep->unverified)
 * as award winners do (db_comp_publish()). A certificate that cannot be
 * issued (rep->cert) publishes nothing. The "publish" record is kept as
 * the log head and signed.
 */
enum db_result
db_guide_publish(int64_t comp, enum cert_lang lang,
    const struct cert_issuer *is, struct publish_report *rep,
    enum guide_verdict *v)
{
	struct comp_brief	 b;
	struct winner_list	 l;
	struct cert_event	 ev;
	enum cert_verdict	 cv;
	struct dbq		*q;
	enum db_result		 r;
	size_t			 i, nchecked = 0;
	int64_t			 batch = 0, cert;
	char			 source[32], event[32], head[CHAIN_HEX];
	char			 verified[NAME_MAX_CHARS * 4 + 1];

	memset(rep, 0, sizeof(*rep));
	memset(&l, 0, sizeof(l));
	rep->cert = CV_OK;
	*v = GV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_guide_brief(comp, &b, v)) != DB_OK)
		goto fail;
	if (*v != GV_OK)
		return (db_guide_refuse(v, *v));
	if (b.state != COMP_LOCKED)
		return (db_guide_refuse(v, GV_STATE));
	(void)snprintf(source, sizeof(source), "guide:%lld", (long long)comp);
	if ((r = db_guide_results(comp, winner_keep, &l)) != DB_OK)
		goto fail;
	for (i = 0; i < l.n; i++) {
		if ((r = db_honour_insert_tx(l.w[i].user, KIND_GUIDE,
		    GUIDE_TITLE_ZH, GUIDE_TITLE_EN, is->today, source, is->by,
		    is->now, &l.w[i].honour)) != DB_OK ||
		    (r = db_idcheck_name(l.w[i].user, verified,
		    sizeof(verified), &l.w[i].checked)) != DB_OK)
			goto fail;
		q = db_st(ST_GUIDE_RESULT_HONOUR);
		db_bind_int64(q, 1, l.w[i].nominee);
		db_bind_int64(q, 2, l.w[i].honour);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
		if (l.w[i].checked != 0)
			nchecked++;
	}
	if (nchecked > 0 && (r = db_batch_insert_tx(source, lang,
	    (int)nchecked, is->by, is->now, &batch)) != DB_OK)
		goto fail;
	for (i = 0; i < l.n; i++) {
		if (l.w[i].checked == 0)
			continue;	/* waits for the identity check */
		(void)snprintf(event, sizeof(event), "honour:%lld",
		    (long long)l.w[i].honour);
		if ((r = db_cert_event(event, &ev)) != DB_OK ||
		    (r = db_cert_insert_tx(&ev, lang, is, batch, 0, &cert,
		    &cv)) != DB_OK)
			goto fail;
		if (cv != CV_OK) {
			ROLLBACK();
			memset(rep, 0, sizeof(*rep));
			rep->cert = cv;
			return (DB_OK);
		}
		if ((r = db_audit_id(is->by, "cert.issue", "cert", cert, event,
		    is->now)) != DB_OK)
			goto fail;
	}
	if ((batch != 0 && (r = db_audit_id(is->by, "cert.batch", "batch",
	    batch, source, is->now)) != DB_OK) ||
	    (r = db_scorelog_append(is->by, "publish", comp, 0, 0, 1, "", "",
	    is->now, head)) != DB_OK ||
	    (r = db_scorelog_sign(comp, "publish", 1)) != DB_OK)
		goto fail;
	q = db_st(ST_COMP_PUBLISH);
	db_bind_int64(q, 1, comp);
	db_bind_int64(q, 2, is->now);
	db_bind_text(q, 3, head);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(is->by, "comp.publish", "competition", comp, head,
	    is->now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	rep->batch = batch;
	rep->awards = (int)l.n;
	rep->unverified = (int)(l.n - nchecked);
	return (DB_OK);
fail:
	ROLLBACK();
	memset(rep, 0, sizeof(*rep));
	rep->cert = CV_OK;
	return (r);
}

struct guide_results_walk {
	int	(*cb)(const struct guide_result *, void *);
	void	*arg;
};

static int
guide_result_row(struct dbq *q, void *arg)
{
	struct guide_results_walk	*w = arg;
	struct guide_result		 x;

	memset(&x, 0, sizeof(x));
	x.nominee = db_col_int64(q, 0);
	TEXT(q, 1, x.shop);
	TEXT(q, 2, x.guide);
	x.guide_user = db_col_int64(q, 3);
	x.s.nominee = x.nominee;
	x.s.rank = db_col_int(q, 4);
	x.s.panel_num = db_col_int64(q, 5);
	x.s.panel_den = db_col_int64(q, 6);
	x.s.votes = db_col_int(q, 7);
	x.top_votes = db_col_int(q, 8);
	x.s.complaints = db_col_int(q, 9);
	x.s.integrity = db_col_int(q, 10);
	x.s.final_num = db_col_int64(q, 11);
	x.s.final_den = db_col_int64(q, 12);
	x.winner = db_col_int(q, 13);
	x.honour = db_col_int64(q, 14);
	TEXT(q, 15, x.cert_code);
	x.s.public_pts_num = x.top_votes > 0 ? 100 * x.s.votes : 0;
	x.s.public_pts_den = x.top_votes > 0 ? x.top_votes : 1;
	return (w->cb(&x, w->arg) ? 1 : 0);
}

/* The frozen results of comp by rank, to cb (borrowed; 0 stops). */
enum db_result
db_guide_results(int64_t comp,
    int (*cb)(const struct guide_result *, void *), void *arg)
{
	struct guide_results_walk	 w = { cb, arg };
	struct dbq			*q = db_st(ST_GUIDE_RESULTS);

	db_bind_int64(q, 1, comp);
	return (db_each(q, guide_result_row, &w));
}
