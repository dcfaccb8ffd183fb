/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_judge.c: 评选 judging in the store — the panels of masters who
 * judge each category; recusal (回避) from the lineage, recorded once
 * per judge and entry; the blind list of what a judge scores this round; judges' sheets, saved as drafts or final and
 * reopened by staff; and how far the round has come. Each sheet change
 * and each recusal appends a score-log record (db_scorelog.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"
#include "lineage.h"
#include "score.h"
#include "db_comp_int.h"

/*
 * Recusal (回避). A judge may not score the work of anyone in their own
 * line: an entrant within `generations` below them in the lineage
 * (1: their apprentices; 2: also their apprentices' apprentices). The
 * server decides it from the master–apprentice links — never the page —
 * and records it once (comp_recusals) with a score-log record, so a
 * link ended later does not let the judge back in, and the record shows
 * who was kept out of which entry.
 *
 * The entrant's cohort mentor (孵化 incubation) is recused the same way:
 * they see the entrant's private works, so they may know an entry that
 * is meant to reach them blind. Recorded with depth RECUSAL_MENTOR.
 */
#define RECUSAL_MENTOR	(-2)

static enum db_result	sheet_list(const struct score_rules *, enum stmt,
			    int64_t, int, int,
			    int (*)(const struct comp_sheet *, void *), void *);

/*
 * Put a master on a category's panel. While judging, their recusals in
 * the round are recorded at once, so progress counts them right.
 * DB_CONFLICT when the panel already has SCORE_MAX_JUDGES (score.c
 * takes no more).
 */
enum db_result
db_judge_add(int64_t comp, int64_t category, int64_t judge, int64_t by,
    int64_t now, enum comp_verdict *v)
{
	struct user		 u;
	struct comp_brief	 b;
	struct comp_pair	*p = NULL;
	struct dbq		*q;
	enum db_result		 r;
	enum comp_verdict	 why = COMPV_OK;
	int64_t			 owner, n;
	size_t			 np;
	char			 detail[64];

	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief_get(comp, &b)) != DB_OK)
		goto fail;
	if ((r = db_comp_one_int(ST_CATEGORY_OF, category, 0, &owner)) != DB_OK &&
	    r != DB_NOTFOUND)
		goto fail;
	if (r == DB_NOTFOUND || owner != comp)
		why = COMPV_CATEGORY;
	else if (b.state == COMP_LOCKED || b.state == COMP_PUBLISHED)
		why = COMPV_STATE;
	else if ((r = db_user_by_id(judge, &u)) != DB_OK &&
	    r != DB_NOTFOUND)
		goto fail;
	else if (r == DB_NOTFOUND || u.role != ROLE_MASTER)
		why = COMPV_NOT_MASTER;
	else if ((r = db_comp_one_int(ST_JUDGE_ON_PANEL, category, judge, &n)) !=
	    DB_OK)
		goto fail;
	else if (n > 0)
		why = COMPV_TWICE;
	else if ((r = db_comp_one_int(ST_PANEL_SIZE, category, 0, &n)) != DB_OK)
		goto fail;
	else if (n >= SCORE_MAX_JUDGES) {
		r = DB_CONFLICT;
		goto fail;
	}
	if (why != COMPV_OK)
		return (db_comp_refuse(v, why));
	q = db_st(ST_JUDGE_INSERT);
	db_bind_int64(q, 1, category);
	db_bind_int64(q, 2, judge);
	db_bind_int64(q, 3, by);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (b.state == COMP_JUDGING &&
	    ((r = db_judge_pairs_load(comp, b.round, judge, category, &p, &np)) !=
	    DB_OK || (r = db_judge_pairs_recuse(comp, b.round, b.generations, p, np,
	    by, now)) != DB_OK))
		goto fail;
	(void)snprintf(detail, sizeof(detail), "category:%lld judge:%lld",
	    (long long)category, (long long)judge);
	if ((r = db_scorelog_append(by, "judge.add", comp, 0, judge, b.round, "",
	    "", now, NULL)) != DB_OK ||
	    (r = db_audit_id(by, "judge.add", "competition", comp, detail,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	free(p);
	return (DB_OK);
fail:
	ROLLBACK();
	free(p);
	return (r);
}

struct judges_walk {
	int	(*cb)(const struct comp_judge *, void *);
	void	*arg;
};

static int
judge_row(struct dbq *q, void *arg)
{
	struct judges_walk	*w = arg;
	struct comp_judge	 j;

	memset(&j, 0, sizeof(j));
	j.category = db_col_int64(q, 0);
	j.judge = db_col_int64(q, 1);
	TEXT(q, 2, j.name);
	TEXT(q, 3, j.category_zh);
	TEXT(q, 4, j.category_en);
	return (w->cb(&j, w->arg) ? 1 : 0);
}

/* The panels of a competition, by category, then judge's name. */
enum db_result
db_judges(int64_t comp, int (*cb)(const struct comp_judge *, void *),
    void *arg)
{
	struct judges_walk	 w = { cb, arg };
	struct dbq		*q = db_st(ST_JUDGES_OF_COMP);

	db_bind_int64(q, 1, comp);
	return (db_each(q, judge_row, &w));
}

/* Whether judge sits on any panel of comp. */
enum db_result
db_judge_sits(int64_t comp, int64_t judge, int *yes)
{
	enum db_result	 r;
	int64_t		 n;

	*yes = 0;
	if ((r = db_comp_one_int(ST_JUDGE_SITS, comp, judge, &n)) == DB_OK)
		*yes = n > 0;
	return (r);
}
static int
pair_row(struct dbq *q, void *e, void *arg)
{
	struct comp_pair	*p = e;

	(void)arg;
	p->entry = db_col_int64(q, 0);
	p->entrant = db_col_int64(q, 1);
	p->category = db_col_int64(q, 2);
	p->judge = db_col_int64(q, 3);
	p->recused = db_col_int(q, 4);
	return (1);
}

/*
 * The round's pairs, ordered by entry then judge, into a new array the
 * caller frees: every eligible entry that reached `round`, with its
 * panel (only `judge` / only `category` when not 0).
 */
enum db_result
db_judge_pairs_load(int64_t comp, int round, int64_t judge, int64_t category,
    struct comp_pair **out, size_t *n)
{
	struct dbq	*q = db_st(ST_ROUND_PANEL);

	db_bind_int64(q, 1, comp);
	db_bind_int(q, 2, round);
	db_bind_int64(q, 3, judge);
	db_bind_int64(q, 4, category);
	return (db_rows(q, sizeof(**out), pair_row, NULL, out, n));
}

/*
 * Inside an open transaction: record that judge is recused from entry
 * (depth: generations between them, LINEAGE_UNKNOWN when too big to
 * tell). The score log hears of it only the first time.
 */
static enum db_result
recusal_record(int64_t comp, int round, int64_t entry, int64_t judge,
    int depth, int64_t actor, int64_t now)
{
	struct dbq	*q = db_st(ST_RECUSAL_INSERT);
	enum db_result	 r;

	db_bind_int64(q, 1, entry);
	db_bind_int64(q, 2, judge);
	db_bind_int(q, 3, depth);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK)
		return (r);
	if (db_changes() == 0)
		return (DB_OK);		/* recorded before */
	return (db_scorelog_append(actor, "recuse", comp, entry, judge, round, "",
	    depth == RECUSAL_MENTOR ? "cohort mentor" : "", now, NULL));
}

/*
 * Whether judge must stay out of entrant's work: *depth is the
 * generations from judge down to entrant (LINEAGE_UNKNOWN too), else
 * RECUSAL_MENTOR when judge is entrant's cohort mentor, else 0 (free to
 * score).
 */
static enum db_result
related(const struct lineage_link *l, size_t nl, int64_t judge,
    int64_t entrant, int generations, int *depth)
{
	enum db_result	 r;
	int64_t		 n;

	*depth = 0;
	if (judge == 0)
		return (DB_OK);
	if (nl != 0 && (*depth = lineage_depth(l, nl, judge, entrant,
	    generations)) != 0)
		return (DB_OK);
	if ((r = db_comp_one_int(ST_RECUSAL_MENTOR, entrant, judge, &n)) != DB_OK)
		return (r);
	if (n > 0)
		*depth = RECUSAL_MENTOR;
	return (DB_OK);
}

/*
 * Inside an open transaction: find and record the recusals the lineage
 * (or a cohort mentorship) calls for among pairs not recused yet,
 * marking them. The links are loaded once for all the pairs.
 */
enum db_result
db_judge_pairs_recuse(int64_t comp, int round, int generations,
    struct comp_pair *p, size_t n, int64_t actor, int64_t now)
{
	struct lineage_link	*l;
	enum db_result		 r = DB_OK;
	size_t			 nl, i;
	int			 d;

	if (n == 0)
		return (DB_OK);
	if ((r = db_lineage_links(&l, &nl)) != DB_OK)
		return (r);
	for (i = 0; i < n && r == DB_OK; i++) {
		if (p[i].recused || (r = related(l, nl, p[i].judge,
		    p[i].entrant, generations, &d)) != DB_OK || d == 0)
			continue;
		p[i].recused = 1;
		r = recusal_record(comp, round, p[i].entry, p[i].judge, d,
		    actor, now);
	}
	free(l);
	return (r);
}

/*
 * Whether judge may score entry now (without writing): *v, and *live
 * with *depth when the lineage — not an earlier record — recuses them,
 * for the caller to record. Fills c and e.
 */
static enum db_result
judge_check(int64_t entry, int64_t judge, struct competition *c,
    struct comp_entry *e, int *live, int *depth, enum comp_verdict *v)
{
	struct lineage_link	*l;
	enum db_result		 r;
	int64_t			 n;
	size_t			 nl;

	*live = 0;
	*depth = 0;
	*v = COMPV_OK;
	if ((r = db_entry_get(entry, e)) != DB_OK ||
	    (r = db_comp_get(e->competition, c)) != DB_OK)
		return (r);
	/* The panel first: to anyone else the entry does not exist, in
	 * whatever state it is. */
	if ((r = db_comp_one_int(ST_JUDGE_ON_PANEL, e->category, judge, &n)) !=
	    DB_OK)
		return (r);
	if (n == 0) {
		*v = COMPV_NOT_JUDGE;
		return (DB_OK);
	}
	if (c->state != COMP_JUDGING) {
		*v = COMPV_STATE;
		return (DB_OK);
	}
	if (e->status != ENTRY_ELIGIBLE || e->reached < c->round) {
		*v = COMPV_NOT_IN_ROUND;
		return (DB_OK);
	}
	if ((r = db_comp_one_int(ST_RECUSAL_EXISTS, entry, judge, &n)) != DB_OK)
		return (r);
	if (n > 0) {
		*v = COMPV_RECUSED;
		return (DB_OK);
	}
	if ((r = db_lineage_links(&l, &nl)) != DB_OK)
		return (r);
	r = related(l, nl, judge, e->entrant, c->generations, depth);
	free(l);
	if (r != DB_OK)
		return (r);
	if (*depth != 0) {
		*live = 1;
		*v = COMPV_RECUSED;
	}
	return (DB_OK);
}

/*
 * Whether judge may score entry now. A recusal the lineage calls for is
 * recorded here (in its own short transaction) the first time it is met.
 */
enum db_result
db_entry_may_judge(int64_t entry, int64_t judge, enum comp_verdict *v)
{
	struct competition	*c;
	struct comp_entry	*e;
	enum db_result		 r;
	int			 live, depth;

	c = malloc(sizeof(*c));
	e = malloc(sizeof(*e));
	if (c == NULL || e == NULL) {
		r = DB_ERROR;
		goto out;
	}
	if ((r = judge_check(entry, judge, c, e, &live, &depth, v)) !=
	    DB_OK || !live)
		goto out;
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = recusal_record(c->id, c->round, entry, judge, depth, judge,
	    (int64_t)time(NULL))) != DB_OK || (r = COMMIT()) != DB_OK)
		ROLLBACK();
out:
	free(c);
	free(e);
	return (r);
}

/* One of a judge's entries this round, before recusals are decided. */
struct judged {
	int64_t	 entry;
	int64_t	 category;
	int64_t	 entrant;
	char	 category_zh[30 * 4 + 1];
	char	 category_en[60 + 1];
	char	 material[16];
	char	 code[ENTRY_CODE_LEN + 1];
	int	 reached;
	int	 recused;	/* recorded */
	int	 depth;		/* found in the lineage now, or 0 */
	int	 sheet;
};

static int
judged_row(struct dbq *q, void *e, void *arg)
{
	struct judged	*j = e;

	(void)arg;
	j->entry = db_col_int64(q, 0);
	j->category = db_col_int64(q, 2);
	TEXT(q, 3, j->category_zh);
	TEXT(q, 4, j->category_en);
	TEXT(q, 5, j->material);
	TEXT(q, 6, j->code);
	j->reached = db_col_int(q, 7);
	j->entrant = db_col_int64(q, 8);
	j->recused = db_col_int(q, 9);
	j->sheet = db_col_int(q, 10);
	return (1);
}

/*
 * The entries judge scores this round, by category and code, without
 * recused ones (a recusal found in the lineage now is recorded). Blind:
 * only code, category, material and the judge's sheet state are filled —
 * never the entrant or the work — so no page can show them by mistake.
 * Outside judging nothing is listed.
 */
enum db_result
db_judge_entries(int64_t comp, int64_t judge,
    int (*cb)(const struct comp_entry *, void *), void *arg)
{
	struct comp_entry	*e = NULL;
	struct judged		*j = NULL;
	struct lineage_link	*l = NULL;
	struct dbq		*q;
	enum db_result		 r;
	struct comp_brief	 b;
	size_t			 n, nl = 0, i;
	int			 live = 0;

	if ((r = comp_brief_get(comp, &b)) != DB_OK)
		return (r);
	if (b.state != COMP_JUDGING)
		return (DB_OK);
	q = db_st(ST_JUDGE_ROUND);
	db_bind_int64(q, 1, comp);
	db_bind_int64(q, 2, judge);
	db_bind_int(q, 3, b.round);
	if ((r = db_rows(q, sizeof(*j), judged_row, NULL, &j, &n)) != DB_OK)
		goto out;
	if (n > 0 && (r = db_lineage_links(&l, &nl)) != DB_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if (!j[i].recused && (r = related(l, nl, judge, j[i].entrant,
		    b.generations, &j[i].depth)) != DB_OK)
			goto out;
		if (j[i].depth != 0)
			live = 1;
	}
	if (live) {
		if ((r = BEGIN()) != DB_OK)
			goto out;
		for (i = 0; i < n && r == DB_OK; i++) {
			if (j[i].depth != 0)
				r = recusal_record(comp, b.round, j[i].entry,
				    judge, j[i].depth, judge,
				    (int64_t)time(NULL));
		}
		if (r != DB_OK || (r = COMMIT()) != DB_OK) {
			ROLLBACK();
			goto out;
		}
	}
	if ((e = malloc(sizeof(*e))) == NULL) {
		r = DB_ERROR;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (j[i].recused || j[i].depth != 0)
			continue;
		memset(e, 0, sizeof(*e));
		e->id = j[i].entry;
		e->competition = comp;
		e->category = j[i].category;
		(void)snprintf(e->category_zh, sizeof(e->category_zh), "%s",
		    j[i].category_zh);
		(void)snprintf(e->category_en, sizeof(e->category_en), "%s",
		    j[i].category_en);
		(void)snprintf(e->material, sizeof(e->material), "%s",
		    j[i].material);
		(void)snprintf(e->code, sizeof(e->code), "%s", j[i].code);
		e->status = ENTRY_ELIGIBLE;
		e->reached = j[i].reached;
		e->sheet = j[i].sheet;
		if (!cb(e, arg))
			break;
	}
out:
	free(e);
	free(l);
	free(j);
	return (r);
}

/*
 * Read a sheet's stored marks text (NULL as "") into m by rules: the
 * text copied as it is, and its marks, m->n of them. 1 when they read;
 * 0 when rules is NULL (the text is all its caller needs) or the text
 * does not read by them (m->n 0, m->v zero). The one place a stored
 * sheet's marks are parsed.
 */
int
sheet_marks_read(struct sheet_marks *m, const char *text,
    const struct score_rules *rules)
{
	memset(m, 0, sizeof(*m));
	(void)snprintf(m->text, sizeof(m->text), "%s",
	    text != NULL ? text : "");
	if (rules == NULL || text == NULL || !score_marks_parse(text,
	    rules->ncrit, score_mark_max(rules->mode), m->v))
		return (0);
	m->n = rules->ncrit;
	return (1);
}

/* A sheet's row of SHEET_COLS, its marks read by rules. */
struct sheet_read {
	const struct score_rules	*rules;
	struct comp_sheet		*s;
};

static void
sheet_row(struct dbq *q, void *arg)
{
	struct sheet_read	*w = arg;
	struct comp_sheet	*s = w->s;

	memset(s, 0, sizeof(*s));
	s->id = db_col_int64(q, 0);
	s->entry = db_col_int64(q, 1);
	s->judge = db_col_int64(q, 2);
	TEXT(q, 3, s->judge_name);
	s->round = db_col_int(q, 4);
	(void)sheet_marks_read(&s->marks, db_col_text(q, 5), w->rules);
	s->final = db_col_int(q, 6);
	s->updated = db_col_int64(q, 7);
}

/*
 * A judge's sheet for an entry in a round, its marks read by rules (the
 * entry's competition's); DB_NOTFOUND when none.
 */
enum db_result
db_sheet_get(const struct score_rules *rules, int64_t entry, int64_t judge,
    int round, struct comp_sheet *s)
{
	struct sheet_read	 w = { rules, s };
	struct dbq		*q = db_st(ST_SHEET_GET);

	db_bind_int64(q, 1, entry);
	db_bind_int64(q, 2, judge);
	db_bind_int(q, 3, round);
	return (db_one(q, sheet_row, &w));
}

/* Whether n marks fit rules: its count, each 0 to the mode's most. */
static int
marks_fit(const struct score_rules *rules, const int *marks, int n)
{
	int	 i, max = score_mark_max(rules->mode);

	if (n != rules->ncrit || n < 1 || n > SCORE_MAX_CRITERIA)
		return (0);
	for (i = 0; i < n; i++)
		if (marks[i] < 0 || marks[i] > max)
			return (0);
	return (1);
}

/*
 * Save judge's n marks for entry in the current round, as a draft or as
 * final, stored and logged as score_marks_format() writes them. Refused
 * as db_entry_may_judge() would (a recusal found now is recorded and
 * committed: it stands whatever the judge does next), and COMPV_FINAL
 * once final (staff may reopen it). marks were checked by the caller;
 * marks that do not fit the competition's rules (their count, a mark out
 * of range) are DB_CONFLICT, so the lock never meets them. Each save
 * appends to the score log.
 */
enum db_result
db_sheet_save(int64_t entry, int64_t judge, const int *marks, int n,
    int final, int64_t now, enum comp_verdict *v)
{
	struct competition	*c;
	struct comp_entry	*e;
	struct comp_sheet	 s;
	struct dbq		*q;
	enum db_result		 r;
	int			 live, depth;
	char			 text[SCORE_MARKS_MAX];

	*v = COMPV_OK;
	c = malloc(sizeof(*c));
	e = malloc(sizeof(*e));
	if (c == NULL || e == NULL) {
		r = DB_ERROR;
		goto out;
	}
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = judge_check(entry, judge, c, e, &live, &depth, v)) != DB_OK)
		goto fail;
	if (live) {
		if ((r = recusal_record(c->id, c->round, entry, judge, depth,
		    judge, now)) != DB_OK || (r = COMMIT()) != DB_OK)
			goto fail;
		goto out;
	}
	if (*v != COMPV_OK) {
		r = db_comp_refuse(v, *v);
		goto out;
	}
	if ((r = db_sheet_get(NULL, entry, judge, c->round, &s)) ==
	    DB_NOTFOUND)
		s.marks.text[0] = '\0';
	else if (r != DB_OK)
		goto fail;
	else if (s.final) {
		r = db_comp_refuse(v, COMPV_FINAL);
		goto out;
	}
	if (!marks_fit(&c->rules, marks, n)) {
		r = DB_CONFLICT;
		goto fail;
	}
	score_marks_format(marks, n, text);
	q = db_st(ST_SHEET_UPSERT);
	db_bind_int64(q, 1, entry);
	db_bind_int64(q, 2, judge);
	db_bind_int(q, 3, c->round);
	db_bind_text(q, 4, text);
	db_bind_int(q, 5, final != 0);
	db_bind_int64(q, 6, now);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_scorelog_append(judge, final ? "final" : "draft", c->id, entry,
	    judge, c->round, s.marks.text, text, now, NULL)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
out:
	free(c);
	free(e);
	return (r);
}

/* The final sheets of an entry in a round: what reopening touches. */
struct reopened {
	int64_t	 id;
	int64_t	 judge;
	char	 marks[SCORE_MARKS_MAX];
};

struct reopen_list {
	struct reopened	*p;
	size_t		 n, cap;
	int		 failed;
};

static int
reopen_collect(const struct comp_sheet *s, void *arg)
{
	struct reopen_list	*a = arg;
	struct reopened		*grown;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		if ((grown = reallocarray(a->p, a->cap, sizeof(*a->p))) ==
		    NULL) {
			a->failed = 1;
			return (0);
		}
		a->p = grown;
	}
	a->p[a->n].id = s->id;
	a->p[a->n].judge = s->judge;
	(void)snprintf(a->p[a->n].marks, sizeof(a->p[a->n].marks), "%s",
	    s->marks.text);
	a->n++;
	return (1);
}

/*
 * Staff send an entry's final sheets of the current round back to their
 * judges (a spread flagged for re-marking, a slip): each becomes a draft
 * again, with a "reopen" score-log record. *n: how many.
 */
enum db_result
db_sheet_reopen(int64_t comp, int64_t entry, int64_t by, int64_t now,
    int *n, enum comp_verdict *v)
{
	struct reopen_list	 a;
	struct comp_entry	*e;
	struct comp_brief	 b;
	struct dbq		*q;
	enum db_result		 r;
	size_t			 i;
	char			 detail[32];

	*n = 0;
	*v = COMPV_OK;
	memset(&a, 0, sizeof(a));
	if ((e = malloc(sizeof(*e))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = comp_brief_get(comp, &b)) != DB_OK ||
	    (r = db_entry_get(entry, e)) != DB_OK)
		goto fail;
	if (e->competition != comp) {
		r = DB_NOTFOUND;
		goto fail;
	}
	if (b.state != COMP_JUDGING) {
		r = db_comp_refuse(v, COMPV_STATE);
		goto out;
	}
	if (e->status != ENTRY_ELIGIBLE || e->reached < b.round) {
		r = db_comp_refuse(v, COMPV_NOT_IN_ROUND);
		goto out;
	}
	if ((r = sheet_list(NULL, ST_SHEETS_OF_ENTRY, entry, b.round, 1,
	    reopen_collect, &a)) != DB_OK)
		goto fail;
	if (a.failed) {
		r = DB_ERROR;
		goto fail;
	}
	for (i = 0; i < a.n; i++) {
		q = db_st(ST_SHEET_UNFINAL);
		db_bind_int64(q, 1, a.p[i].id);
		db_bind_int64(q, 2, now);
		if ((r = db_exec(q)) != DB_OK ||
		    (r = db_scorelog_append(by, "reopen", comp, entry,
		    a.p[i].judge, b.round, a.p[i].marks, a.p[i].marks, now,
		    NULL)) != DB_OK)
			goto fail;
	}
	(void)snprintf(detail, sizeof(detail), "%zu sheets", a.n);
	if ((a.n > 0 && (r = db_audit_id(by, "sheet.reopen", "entry", entry,
	    detail, now)) != DB_OK) || (r = COMMIT()) != DB_OK)
		goto fail;
	*n = (int)a.n;
	goto out;
fail:
	ROLLBACK();
out:
	free(a.p);
	free(e);
	return (r);
}

struct sheets_walk {
	const struct score_rules	*rules;
	int				(*cb)(const struct comp_sheet *,
					    void *);
	void				*arg;
	struct comp_sheet		 sh;
};

static int
sheets_row(struct dbq *q, void *arg)
{
	struct sheets_walk	*w = arg;
	struct sheet_read	 one = { w->rules, &w->sh };

	sheet_row(q, &one);
	return (w->cb(&w->sh, w->arg) ? 1 : 0);
}

static enum db_result
sheet_list(const struct score_rules *rules, enum stmt s, int64_t key,
    int round, int final_only, int (*cb)(const struct comp_sheet *, void *),
    void *arg)
{
	struct sheets_walk	 w;
	struct dbq		*q = db_st(s);

	w.rules = rules;
	w.cb = cb;
	w.arg = arg;
	db_bind_int64(q, 1, key);
	db_bind_int(q, 2, round);
	if (db_bind_count(q) >= 3)
		db_bind_int(q, 3, final_only != 0);
	return (db_each(q, sheets_row, &w));
}

/* An entry's sheets of a round (only final ones if final_only), with
 * their judges' names, by judge, their marks read by rules. */
enum db_result
db_sheets_of_entry(const struct score_rules *rules, int64_t entry,
    int round, int final_only, int (*cb)(const struct comp_sheet *, void *),
    void *arg)
{
	return (sheet_list(rules, ST_SHEETS_OF_ENTRY, entry, round,
	    final_only, cb, arg));
}

/* Every final sheet of a competition's round, by judge then entry, their
 * marks read by rules (the competition's). */
enum db_result
db_sheets_of_comp(const struct score_rules *rules, int64_t comp, int round,
    int (*cb)(const struct comp_sheet *, void *), void *arg)
{
	return (sheet_list(rules, ST_SHEETS_OF_COMP, comp, round, 1, cb,
	    arg));
}

/*
 * How the current round stands: sheets expected (each entry's panel
 * less its recorded recusals), final, draft; recusals recorded in the
 * whole competition. All zero but recusals while taking entries.
 */
enum db_result
db_comp_progress(int64_t comp, struct comp_progress *p)
{
	struct dbq		*q;
	enum db_result		 r;
	struct comp_brief	 b;
	int64_t			 n, v[3];

	memset(p, 0, sizeof(*p));
	if ((r = comp_brief_get(comp, &b)) != DB_OK ||
	    (r = db_comp_one_int(ST_RECUSALS_OF_COMP, comp, 0, &n)) != DB_OK)
		return (r);
	p->recusals = (int)n;
	if (b.round == 0)
		return (DB_OK);
	q = db_st(ST_COMP_PROGRESS);
	db_bind_int64(q, 1, comp);
	db_bind_int(q, 2, b.round);
	if ((r = db_one_ints(q, v, 3)) == DB_OK) {
		p->expected = (int)v[0];
		p->final = (int)v[1];
		p->draft = (int)v[2];
	}
	return (r == DB_NOTFOUND ? DB_OK : r);
}

/*
 * Staff declare a conflict the lineage does not show (a relative, an
 * employer, a judge who has seen the piece being made): judge is recused
 * from entry from now on, depth 0, the reason in the score log; a sheet
 * they gave it no longer counts or shows. COMPV_NOT_JUDGE off the entry's
 * panel, COMPV_STATE once the results are locked, COMPV_TWICE when
 * recused already; DB_NOTFOUND for an entry of another competition.
 */
enum db_result
db_recusal_declare(int64_t comp, int64_t entry, int64_t judge,
    const char *reason, int64_t by, int64_t now, enum comp_verdict *v)
{
	struct competition	*c;
	struct comp_entry	 e;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 n;

	*v = COMPV_OK;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_entry_get(entry, &e)) == DB_OK && e.competition != comp)
		r = DB_NOTFOUND;
	if (r != DB_OK || (r = db_comp_get(comp, c)) != DB_OK)
		goto fail;
	if ((r = db_comp_one_int(ST_JUDGE_ON_PANEL, e.category, judge, &n)) !=
	    DB_OK)
		goto fail;
	if (n == 0) {
		r = db_comp_refuse(v, COMPV_NOT_JUDGE);
		goto out;
	}
	if (c->state != COMP_ENTRIES && c->state != COMP_JUDGING) {
		r = db_comp_refuse(v, COMPV_STATE);
		goto out;
	}
	if ((r = db_comp_one_int(ST_RECUSAL_EXISTS, entry, judge, &n)) != DB_OK)
		goto fail;
	if (n > 0) {
		r = db_comp_refuse(v, COMPV_TWICE);
		goto out;
	}
	q = db_st(ST_RECUSAL_INSERT);
	db_bind_int64(q, 1, entry);
	db_bind_int64(q, 2, judge);
	db_bind_int(q, 3, 0);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_scorelog_append(by, "recuse", comp, entry, judge, c->round,
	    "", reason, now, NULL)) != DB_OK ||
	    (r = db_audit_id(by, "recusal.declare", "entry", entry, reason,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
out:
	free(c);
	return (r);
}
