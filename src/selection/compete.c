/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * compete.c: 评选 selection — the town's competitions. Staff create one
 * with its rules (criteria and weights, aggregation mode, tiers with
 * quotas, tie-break, recusal generations, a photo round before the
 * final), add categories and judge panels, check entries, open judging,
 * lock each round and publish. Everyone sees a competition's page; what
 * it offers depends on who reads it.
 *
 * The rules as text are comprules.c's; staff's steps are compstep.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "compete.h"
#include "html.h"
#include "pager.h"

/* The competition of the path (else answered 404). */
int
compete_from_path(struct ctx *ctx, struct competition *c)
{
	enum db_result	 r;

	if ((r = db_comp_get(web_path_id(ctx), c)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_COMP), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

const char *
compete_name(const struct competition *c, enum lang l)
{
	return (l == LANG_EN && c->name_en[0] != '\0' ? c->name_en :
	    c->name_zh);
}

const char *
compete_category_name(const char *zh, const char *en, enum lang l)
{
	return (l == LANG_EN && en[0] != '\0' ? en : zh);
}

enum msg
compete_state_msg(enum comp_state s)
{
	static const enum msg	 m[] = {
		[COMP_ENTRIES] = M_COMP_STATE_ENTRIES,
		[COMP_JUDGING] = M_COMP_STATE_JUDGING,
		[COMP_LOCKED] = M_COMP_STATE_LOCKED,
		[COMP_PUBLISHED] = M_COMP_STATE_PUBLISHED,
	};

	return (m[s]);
}

enum msg
compete_entry_status_msg(enum entry_status s)
{
	static const enum msg	 m[] = {
		[ENTRY_PENDING] = M_ENTRY_PENDING,
		[ENTRY_ELIGIBLE] = M_ENTRY_ELIGIBLE,
		[ENTRY_REFUSED] = M_ENTRY_REFUSED,
		[ENTRY_WITHDRAWN] = M_ENTRY_WITHDRAWN,
	};

	return (m[s]);
}

/*
 * The language of the certificates a request makes, from its field lang
 * ("zh" when absent or empty, "en"); 0 when it is neither (answered 400).
 */
int
compete_cert_lang(struct ctx *ctx, enum cert_lang *lang)
{
	const char	*ls = web_field(ctx, "lang");

	*lang = CLANG_ZH;
	if (web_field_not_text(ctx, "lang") || (ls != NULL && *ls != '\0' &&
	    !cert_lang_parse(ls, lang)))
		return (web_fail(ctx, 400, "invalid_lang", M_ERR_CERT_LANG), 0);
	return (1);
}

/*
 * Answer a step competition id has taken: the competition (status) on
 * JSON, else a redirect to its page, or to its sub-page (a literal such
 * as "/guides"; "" for none).
 */
int
compete_step_done(struct ctx *ctx, int64_t id, int status, const char *page)
{
	struct competition	 c;
	enum db_result		 r;
	char			 to[64];

	if (web_is_json(ctx)) {
		if ((r = db_comp_get(id, &c)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, status, json_pack("{s:o}",
		    "competition", compete_json(&c, 1))));
	}
	(void)snprintf(to, sizeof(to), "/competitions/%lld%s", (long long)id,
	    page);
	return (web_redirect(ctx, to));
}

/*
 * After the store published a competition (rep): 409 when its
 * certificates could not be made (answered, 0); else their drawing is
 * started and 1.
 */
int
compete_certs_made(struct ctx *ctx, const struct publish_report *rep)
{
	if (rep->cert != CV_OK)
		return (web_fail(ctx, 409, "certificates_failed",
		    rep->cert == CV_FULL ? M_ERR_CERT_FULL :
		    M_ERR_CERT_TOO_LONG), 0);
	if (rep->batch != 0)
		batch_start(rep->batch);
	return (1);
}

/* Answer a refused competition action with its status and words. */
int
compete_verdict_fail(struct ctx *ctx, enum comp_verdict v)
{
	static const struct {
		int		 status;
		const char	*code;
		enum msg	 msg;
	} t[] = {
		[COMPV_OK] = { 500, "internal", M_ERR_INTERNAL },
		[COMPV_STATE] = { 409, "wrong_state", M_ERR_COMP_STATE },
		[COMPV_WINDOW] = { 409, "entries_closed", M_ERR_COMP_WINDOW },
		[COMPV_NOT_SELECTION] = { 403, "not_selection_stage",
		    M_ERR_COMP_STAGE },
		[COMPV_NOT_OWNER] = { 403, "not_your_work", M_ERR_COMP_OWNER },
		[COMPV_NO_PHOTOS] = { 409, "no_photos", M_ERR_COMP_PHOTOS },
		[COMPV_TWICE] = { 409, "already_done", M_ERR_COMP_TWICE },
		[COMPV_NOT_MASTER] = { 400, "judge_not_master",
		    M_ERR_COMP_NOT_MASTER },
		[COMPV_NOT_JUDGE] = { 404, "not_found", M_ERR_ENTRY },
		[COMPV_RECUSED] = { 403, "recused", M_ERR_COMP_RECUSED },
		[COMPV_FINAL] = { 409, "sheet_final", M_ERR_COMP_FINAL },
		[COMPV_NOT_IN_ROUND] = { 409, "not_in_round",
		    M_ERR_COMP_ROUND },
		[COMPV_PENDING] = { 409, "entries_unchecked",
		    M_ERR_COMP_PENDING },
		[COMPV_EMPTY] = { 409, "no_entries", M_ERR_COMP_EMPTY },
		[COMPV_MISSING] = { 409, "sheets_missing",
		    M_ERR_COMP_MISSING },
		[COMPV_SPREAD] = { 409, "remark_needed", M_ERR_COMP_SPREAD },
		[COMPV_CATEGORY] = { 400, "invalid_category",
		    M_ERR_COMP_CATEGORY },
		[COMPV_NO_JUDGES] = { 409, "no_judges",
		    M_ERR_COMP_NO_JUDGES },
	};

	if ((size_t)v >= sizeof(t) / sizeof(t[0]))
		v = COMPV_OK;
	return (web_fail(ctx, t[v].status, t[v].code, t[v].msg));
}

/* A guide selection's rules as JSON, or NULL when comp is not one. */
json_t *
compete_guide_json(int64_t comp)
{
	struct guide_rules	 g;

	if (db_guide_rules_get(comp, &g) != DB_OK)
		return (NULL);
	return (json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
	    "w_panel", g.w.panel, "w_public", g.w.public, "w_integrity",
	    g.w.integrity, "deduction", g.w.deduction, "winners", g.winners,
	    "burst", g.burst, "burst_minutes", g.burst_minutes, "new_days",
	    g.new_days));
}

/* A mark as judges type it: tenths as "8.5" / "10", 0-3 as is. */
void
compete_mark_text(enum score_mode mode, int mark, char out[8])
{
	if (mark < 0 || mark > 100)
		mark = 0;
	if (mode == SCORE_WORLDSKILLS)
		(void)snprintf(out, 8, "%d", mark % 10);
	else if (mark % 10 == 0)
		(void)snprintf(out, 8, "%d", (mark / 10) % 100);
	else
		(void)snprintf(out, 8, "%d.%d", (mark / 10) % 100, mark % 10);
}

json_t *
compete_json(const struct competition *c, int full)
{
	json_t	*o, *a;
	int	 i;

	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:b, s:i}",
	    "id", (json_int_t)c->id, "name_zh", c->name_zh, "name_en",
	    c->name_en, "opens", c->opens, "closes", c->closes, "state",
	    comp_state_code(c->state), "round", c->round, "rounds", c->rounds,
	    "published", c->state == COMP_PUBLISHED, "entries", c->entries);
	if (c->state == COMP_PUBLISHED)
		json_object_set_new(o, "log_head", json_string(c->log_head));
	json_object_set_new(o, "kind", json_string(c->kind ==
	    COMP_KIND_GUIDE ? "guide" : "works"));
	if (!full)
		return (o);
	if (c->kind == COMP_KIND_GUIDE && (a = compete_guide_json(c->id)) !=
	    NULL)
		json_object_set_new(o, "guide", a);
	json_object_set_new(o, "mode", json_string(c->rules.mode ==
	    SCORE_WORLDSKILLS ? "worldskills" : "weighted"));
	json_object_set_new(o, "mark_max", json_integer(c->rules.mode ==
	    SCORE_WORLDSKILLS ? 3 : 10));
	json_object_set_new(o, "min_panel", json_integer(c->rules.min_panel));
	json_object_set_new(o, "spread", json_integer(c->rules.spread));
	json_object_set_new(o, "generations", json_integer(c->generations));
	json_object_set_new(o, "advance", json_integer(c->advance));
	a = json_array();
	for (i = 0; i < c->ncrit; i++)
		json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:i}",
		    "pos", c->crit[i].pos, "name_zh", c->crit[i].name_zh,
		    "name_en", c->crit[i].name_en, "weight",
		    c->crit[i].weight));
	json_object_set_new(o, "criteria", a);
	a = json_array();
	for (i = 0; i < c->ntiers; i++)
		json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:i}",
		    "pos", c->tiers[i].pos, "name_zh", c->tiers[i].name_zh,
		    "name_en", c->tiers[i].name_en, "quota",
		    c->tiers[i].quota));
	json_object_set_new(o, "tiers", a);
	a = json_array();
	for (i = 0; i < c->rules.ntie; i++)
		json_array_append_new(a, json_integer(c->rules.tiebreak[i] + 1));
	json_object_set_new(o, "tiebreak", a);
	return (o);
}

static void
state_badge(struct buf *b, enum lang l, enum comp_state s)
{
	html_lit(b, "<span class=\"badge ");
	html_text(b, comp_state_code(s));
	html_lit(b, "\">");
	html_text(b, i18n(l, compete_state_msg(s)));
	html_lit(b, "</span>");
}

static int
comp_row_cb(const struct competition *c, void *arg)
{
	struct web_list	*w = arg;
	enum lang	 l = w->ctx->lang;

	w->n++;
	if (w->arr != NULL) {
		json_array_append_new(w->arr, compete_json(c, 0));
		return (1);
	}
	html_lit(w->b, "<li><a href=\"/competitions/");
	html_int(w->b, c->id);
	html_lit(w->b, "\"><strong>");
	html_text(w->b, compete_name(c, l));
	html_lit(w->b, "</strong></a> ");
	state_badge(w->b, l, c->state);
	html_lit(w->b, "<br><small>");
	html_text(w->b, i18n(l, M_COMP_WINDOW));
	html_lit(w->b, " ");
	html_text(w->b, c->opens);
	html_lit(w->b, " – ");
	html_text(w->b, c->closes);
	html_lit(w->b, " · ");
	html_int(w->b, c->entries);
	html_lit(w->b, " ");
	html_text(w->b, i18n(l, M_COMP_ENTRIES_N));
	if (c->state == COMP_PUBLISHED) {
		html_lit(w->b, " · <a href=\"/competitions/");
		html_int(w->b, c->id);
		html_lit(w->b, "/results\">");
		html_text(w->b, i18n(l, M_COMP_RESULTS));
		html_lit(w->b, "</a>");
	}
	html_lit(w->b, "</small></li>");
	return (1);
}

/* compete_list's rows (web_list), from db_comps(). */
static enum db_result
competitions_rows(struct web_list *w)
{
	return (db_comps(comp_row_cb, w));
}

static const struct web_list_spec competitions_spec = {
	.key = "competitions", .title = M_COMPS_TITLE,
	.intro = M_COMPS_INTRO, .none = M_COMPS_NONE, .load = competitions_rows,
};

/* GET /competitions: every competition; staff open one. */
int
compete_list(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct comp_edit e;
	struct web_list	 w;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	if (!web_list(ctx, &w, &competitions_spec, &pc, &b))
		return (KORE_RESULT_OK);
	if (ctx->user.role == ROLE_MASTER) {
		html_lit(&b, "<p><a href=\"/judging\">");
		html_text(&b, i18n(l, M_JUDGING_TITLE));
		html_lit(&b, "</a></p>");
	}
	if (ctx->user.role == ROLE_STAFF) {
		html_lit(&b, "<p><a href=\"/nominations\">");
		html_text(&b, i18n(l, M_NOMS_TITLE));
		html_lit(&b, "</a></p><section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_COMP_NEW));
		html_lit(&b, "</h2>");
		db_comp_defaults(&e);
		comprules_form(&b, &pc, l, &e, "/competitions", M_COMP_NEW);
		html_lit(&b, "</section>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* The competition's facts, criteria and tiers, for everyone. */
static void
facts(struct buf *b, enum lang l, const struct competition *c)
{
	int	 i;

	html_lit(b, "<dl class=\"facts\"><dt>");
	html_text(b, i18n(l, M_COMP_WINDOW));
	html_lit(b, "</dt><dd>");
	html_text(b, c->opens);
	html_lit(b, " – ");
	html_text(b, c->closes);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_COMP_ROUNDS));
	html_lit(b, "</dt><dd>");
	html_text(b, i18n(l, c->rounds == 2 ? M_COMP_TWO_ROUNDS :
	    M_COMP_ONE_ROUND));
	if (c->round > 0 && c->state == COMP_JUDGING) {
		html_lit(b, " · ");
		html_text(b, i18n(l, c->round == c->rounds ? M_COMP_ROUND_FINAL :
		    M_COMP_ROUND_PHOTO));
	}
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_COMP_MODE));
	html_lit(b, "</dt><dd>");
	html_text(b, i18n(l, c->rules.mode == SCORE_WORLDSKILLS ?
	    M_COMP_MODE_WS : M_COMP_MODE_WEIGHTED));
	html_lit(b, "</dd></dl><table class=\"grid\" id=\"criteria\"><caption>");
	html_text(b, i18n(l, M_COMP_CRITERIA));
	html_lit(b, "</caption><tbody>");
	for (i = 0; i < c->ncrit; i++) {
		html_lit(b, "<tr><th scope=\"row\">");
		html_int(b, c->crit[i].pos);
		html_lit(b, ". ");
		html_text(b, compete_category_name(c->crit[i].name_zh,
		    c->crit[i].name_en, l));
		html_lit(b, "</th><td>");
		html_int(b, c->crit[i].weight);
		html_lit(b, "%</td></tr>");
	}
	html_lit(b, "</tbody></table><p id=\"tiers\"><small>");
	html_text(b, i18n(l, M_COMP_TIERS));
	html_lit(b, ": ");
	for (i = 0; i < c->ntiers; i++) {
		if (i > 0)
			html_lit(b, " · ");
		html_text(b, compete_category_name(c->tiers[i].name_zh,
		    c->tiers[i].name_en, l));
		html_lit(b, " ×");
		html_int(b, c->tiers[i].quota);
	}
	html_lit(b, "</small></p>");
}

struct show {
	struct ctx		*ctx;
	struct buf		*b;
	struct page_ctx		*pc;
	const struct competition *c;
	json_t			*cats, *judges, *entries;
	struct pager		*pg;	/* staff's entries: a page of them */
	int			 nentries;
};


/* One <option> of a select: the id, and its label escaped. */
static void
option(struct buf *b, int64_t id, const char *label, const char *more)
{
	html_lit(b, "<option value=\"");
	html_int(b, id);
	html_lit(b, "\">");
	html_text(b, label);
	if (more != NULL) {
		html_lit(b, " · ");
		html_text(b, more);
	}
	html_lit(b, "</option>");
}

static int
category_cb(const struct comp_category *k, void *arg)
{
	struct show	*s = arg;
	enum lang	 l = s->ctx->lang;

	if (s->cats != NULL) {
		json_array_append_new(s->cats, json_pack("{s:I, s:s, s:s, s:i, "
		    "s:i}", "id", (json_int_t)k->id, "name_zh", k->name_zh,
		    "name_en", k->name_en, "entries", k->entries, "judges",
		    k->judges));
		return (1);
	}
	html_lit(s->b, "<li>");
	html_text(s->b, compete_category_name(k->name_zh, k->name_en, l));
	html_lit(s->b, " <small class=\"muted\">");
	html_int(s->b, k->entries);
	html_lit(s->b, " ");
	html_text(s->b, i18n(l, M_COMP_ENTRIES_N));
	html_lit(s->b, " · ");
	html_int(s->b, k->judges);
	html_lit(s->b, " ");
	html_text(s->b, i18n(l, M_COMP_JUDGES_N));
	html_lit(s->b, "</small></li>");
	return (1);
}

static int
category_option_cb(const struct comp_category *k, void *arg)
{
	struct show	*s = arg;

	option(s->b, k->id, compete_category_name(k->name_zh, k->name_en,
	    s->ctx->lang), NULL);
	return (1);
}

static int
judge_cb(const struct comp_judge *j, void *arg)
{
	struct show	*s = arg;

	if (s->judges != NULL) {
		json_array_append_new(s->judges, json_pack("{s:I, s:I, s:s}",
		    "category", (json_int_t)j->category, "judge",
		    (json_int_t)j->judge, "name", j->name));
		return (1);
	}
	html_lit(s->b, "<li data-category=\"");
	html_int(s->b, j->category);
	html_lit(s->b, "\">");
	html_text(s->b, j->name);
	html_lit(s->b, " <small class=\"muted\">");
	html_text(s->b, compete_category_name(j->category_zh, j->category_en,
	    s->ctx->lang));
	html_lit(s->b, "</small></li>");
	return (1);
}

static int
master_option_cb(const struct master_row *m, void *arg)
{
	struct show	*s = arg;

	option(s->b, m->id, m->name, NULL);
	return (1);
}

json_t *
compete_entry_json(const struct comp_entry *e, int names)
{
	json_t	*o;

	o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:i}", "id",
	    (json_int_t)e->id, "code", e->code, "category",
	    (json_int_t)e->category, "category_zh", e->category_zh,
	    "category_en", e->category_en, "status",
	    entry_status_code(e->status), "reached", e->reached);
	if (names) {
		json_object_set_new(o, "entrant", json_integer(e->entrant));
		json_object_set_new(o, "entrant_name",
		    json_string(e->entrant_name));
		json_object_set_new(o, "work", json_integer(e->work));
		json_object_set_new(o, "title", json_string(e->title));
		json_object_set_new(o, "note", json_string(e->note));
	}
	return (o);
}

/* Staff's table of entries, with the eligibility check while open. */
static int
entry_row_staff_cb(const struct comp_entry *e, void *arg)
{
	struct show	*s = arg;
	struct buf	*b = s->b;
	enum lang	 l = s->ctx->lang;

	if (s->pg != NULL && !pager_take(s->pg, e->id))
		return (0);
	s->nentries++;
	if (s->entries != NULL) {
		json_array_append_new(s->entries, compete_entry_json(e, 1));
		return (1);
	}
	html_lit(b, "<tr><td><a href=\"/entries/");
	html_int(b, e->id);
	html_lit(b, "\"><code>");
	html_text(b, e->code);
	html_lit(b, "</code></a></td><td>");
	html_text(b, compete_category_name(e->category_zh, e->category_en, l));
	html_lit(b, "</td><td><a href=\"/people/");
	html_int(b, e->entrant);
	html_lit(b, "\">");
	html_text(b, e->entrant_name);
	html_lit(b, "</a><br><small><a href=\"/works/");
	html_int(b, e->work);
	html_lit(b, "\">");
	html_text(b, e->title);
	html_lit(b, "</a></small></td><td>");
	html_text(b, i18n(l, compete_entry_status_msg(e->status)));
	if (e->note[0] != '\0') {
		html_lit(b, "<br><small>");
		html_text(b, e->note);
		html_lit(b, "</small>");
	}
	if (s->c->state == COMP_ENTRIES) {
		html_lit(b, "<form method=\"post\" class=\"inline\" "
		    "enctype=\"multipart/form-data\" action=\"/entries/");
		html_int(b, e->id);
		html_lit(b, "/check\">");
		page_csrf_field(b, s->pc);
		html_lit(b, "<select name=\"verdict\"><option value=\"eligible\">");
		html_text(b, i18n(l, M_ENTRY_ELIGIBLE));
		html_lit(b, "</option><option value=\"refused\">");
		html_text(b, i18n(l, M_ENTRY_REFUSED));
		html_lit(b, "</option></select><input name=\"note\" "
		    "maxlength=\"200\" placeholder=\"");
		html_text(b, i18n(l, M_ENTRY_NOTE));
		html_lit(b, "\"><button type=\"submit\">");
		html_text(b, i18n(l, M_ENTRY_CHECK));
		html_lit(b, "</button></form>");
	} else if (s->c->state == COMP_JUDGING &&
	    e->status == ENTRY_ELIGIBLE && e->reached >= s->c->round) {
		html_lit(b, "<form method=\"post\" class=\"inline\" "
		    "enctype=\"multipart/form-data\" action=\"/competitions/");
		html_int(b, s->c->id);
		html_lit(b, "/remark\">");
		page_csrf_field(b, s->pc);
		html_lit(b, "<input type=\"hidden\" name=\"entry\" value=\"");
		html_int(b, e->id);
		html_lit(b, "\"><button type=\"submit\" class=\"link\">");
		html_text(b, i18n(l, M_COMP_REMARK));
		html_lit(b, "</button></form>");
	}
	html_lit(b, "</td></tr>");
	return (1);
}

/* An apprentice's own entries in this competition. */
static int
entry_row_mine_cb(const struct comp_entry *e, void *arg)
{
	struct show	*s = arg;
	enum lang	 l = s->ctx->lang;

	if (e->competition != s->c->id)
		return (1);
	if (s->entries != NULL) {
		json_array_append_new(s->entries, compete_entry_json(e, 1));
		return (1);
	}
	html_lit(s->b, "<li><a href=\"/entries/");
	html_int(s->b, e->id);
	html_lit(s->b, "\"><code>");
	html_text(s->b, e->code);
	html_lit(s->b, "</code> ");
	html_text(s->b, e->title);
	html_lit(s->b, "</a> <small>");
	html_text(s->b, compete_category_name(e->category_zh, e->category_en,
	    l));
	html_lit(s->b, " · ");
	html_text(s->b, i18n(l, compete_entry_status_msg(e->status)));
	html_lit(s->b, "</small></li>");
	return (1);
}

static int
work_option_cb(const struct work *w, void *arg)
{
	struct show	*s = arg;

	if (w->photos == 0)
		return (1);
	s->nentries++;
	option(s->b, w->id, w->title, NULL);
	return (1);
}

static void
enter_form(struct show *s)
{
	struct buf		*b = s->b;
	enum lang		 l = s->ctx->lang;
	const struct competition *c = s->c;
	char			 today[11];

	web_today(today);
	if (c->state != COMP_ENTRIES || strcmp(today, c->opens) < 0 ||
	    strcmp(today, c->closes) > 0)
		return;
	html_lit(b, "<section class=\"panel\" id=\"enter\"><h2>");
	html_text(b, i18n(l, M_COMP_ENTER));
	html_lit(b, "</h2>");
	if (s->ctx->user.stage != STAGE_SELECTION) {
		html_lit(b, "<p class=\"muted\">");
		html_text(b, i18n(l, M_ERR_COMP_STAGE));
		html_lit(b, "</p></section>");
		return;
	}
	html_lit(b, "<form method=\"post\" class=\"stack\" id=\"enter-form\" "
	    "enctype=\"multipart/form-data\" action=\"/competitions/");
	html_int(b, c->id);
	html_lit(b, "/entries\">");
	page_csrf_field(b, s->pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_COMP_CATEGORY));
	html_lit(b, "<select name=\"category\" required>");
	(void)db_categories(c->id, category_option_cb, s);
	html_lit(b, "</select></label><label>");
	html_text(b, i18n(l, M_COMP_WORK));
	html_lit(b, "<select name=\"work\" required>");
	s->nentries = 0;
	(void)db_works_of_user(s->ctx->user.id, 1, work_option_cb, s);
	html_lit(b, "</select></label><p><small>");
	html_text(b, i18n(l, M_COMP_ENTER_HINT));
	html_lit(b, " <a href=\"/portfolio\">");
	html_text(b, i18n(l, M_NAV_PORTFOLIO));
	html_lit(b, "</a></small></p><button type=\"submit\">");
	html_text(b, i18n(l, M_COMP_ENTER));
	html_lit(b, "</button></form></section>");
}

static int
entry_option_cb(const struct comp_entry *e, void *arg)
{
	struct show	*s = arg;

	if (e->status != ENTRY_ELIGIBLE && e->status != ENTRY_PENDING)
		return (1);
	option(s->b, e->id, e->code, e->entrant_name);
	return (1);
}

static int
judge_option_cb(const struct comp_judge *j, void *arg)
{
	struct show	*s = arg;

	option(s->b, j->judge, j->name, NULL);
	return (1);
}

/*
 * A page of the competition's entries for staff (issue 16): 50 a page
 * in (category, code) order, ?before=<id> being the last entry of the
 * page before (db_entries_page()).
 */
static enum db_result
entries_page(struct show *s)
{
	return (db_entries_page(s->c->id, s->pg->before == INT64_MAX ? 0 :
	    s->pg->before, s->pg->limit, entry_row_staff_cb, s));
}

static void
staff_panel(struct show *s)
{
	struct buf		*b = s->b;
	enum lang		 l = s->ctx->lang;
	const struct competition *c = s->c;
	struct comp_progress	 p;
	struct comp_edit	 e;
	char			 action[64];

	html_lit(b, "<section class=\"panel\" id=\"manage\"><h2>");
	html_text(b, i18n(l, M_COMP_ENTRIES));
	html_lit(b, "</h2><div class=\"scroll\" "
	    "tabindex=\"0\"><table class=\"grid\" "
	    "id=\"entries\"><tbody>");
	s->nentries = 0;
	(void)entries_page(s);
	html_lit(b, "</tbody></table></div>");
	(void)snprintf(action, sizeof(action), "/competitions/%lld",
	    (long long)c->id);
	pager_next_link(b, s->ctx, s->pg, action);
	if (s->nentries == 0) {
		html_lit(b, "<p class=\"muted\">");
		html_text(b, i18n(l, M_COMP_NO_ENTRIES));
		html_lit(b, "</p>");
	}
	if (c->state == COMP_JUDGING && db_comp_progress(c->id, &p) == DB_OK) {
		html_lit(b, "<p id=\"progress\">");
		html_text(b, i18n(l, M_COMP_PROGRESS));
		html_lit(b, ": ");
		html_int(b, p.final);
		html_lit(b, " / ");
		html_int(b, p.expected);
		html_lit(b, " · ");
		html_text(b, i18n(l, M_COMP_DRAFTS));
		html_lit(b, " ");
		html_int(b, p.draft);
		html_lit(b, " · ");
		html_text(b, i18n(l, M_COMP_RECUSALS));
		html_lit(b, " ");
		html_int(b, p.recusals);
		html_lit(b, "</p>");
	}
	if (c->state != COMP_ENTRIES) {
		html_lit(b, "<p><img class=\"chart\" alt=\"\" width=\"720\" "
		    "height=\"360\" src=\"/competitions/");
		html_int(b, c->id);
		html_lit(b, "/judges.png\"></p>");
	}
	html_lit(b, "<div class=\"actions\">");
	if (c->state == COMP_ENTRIES || c->state == COMP_JUDGING ||
	    c->state == COMP_LOCKED) {
		html_lit(b, "<form method=\"post\" class=\"inline\" "
		    "id=\"advance-form\" enctype=\"multipart/form-data\" "
		    "action=\"/competitions/");
		html_int(b, c->id);
		html_text(b, c->state == COMP_ENTRIES ? "/open" :
		    c->state == COMP_JUDGING ? "/lock" : "/publish");
		html_lit(b, "\">");
		page_csrf_field(b, s->pc);
		if (c->state == COMP_LOCKED) {
			html_lit(b, "<select name=\"lang\"><option "
			    "value=\"zh\">中文</option><option "
			    "value=\"en\">English</option><option "
			    "value=\"both\">中文 + English</option></select>");
		}
		html_lit(b, "<button type=\"submit\">");
		html_text(b, i18n(l, c->state == COMP_ENTRIES ? M_COMP_OPEN :
		    c->state == COMP_JUDGING ? M_COMP_LOCK : M_COMP_PUBLISH));
		html_lit(b, "</button></form>");
	}
	if (c->state == COMP_LOCKED || c->state == COMP_PUBLISHED) {
		html_lit(b, " <a href=\"/competitions/");
		html_int(b, c->id);
		html_lit(b, "/results\">");
		html_text(b, i18n(l, M_COMP_RESULTS));
		html_lit(b, "</a>");
	}
	html_lit(b, "</div></section>");
	if (c->state == COMP_ENTRIES || c->state == COMP_JUDGING) {
		html_lit(b, "<section class=\"panel\"><h2>");
		html_text(b, i18n(l, M_COMP_JUDGE_ADD));
		html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
		    "id=\"judge-form\" enctype=\"multipart/form-data\" "
		    "action=\"/competitions/");
		html_int(b, c->id);
		html_lit(b, "/judges\">");
		page_csrf_field(b, s->pc);
		html_lit(b, "<label>");
		html_text(b, i18n(l, M_COMP_CATEGORY));
		html_lit(b, "<select name=\"category\">");
		(void)db_categories(c->id, category_option_cb, s);
		html_lit(b, "</select></label><label>");
		html_text(b, i18n(l, M_COMP_JUDGE));
		html_lit(b, "<select name=\"judge\">");
		(void)db_masters(0, master_option_cb, s);
		html_lit(b, "</select></label><button type=\"submit\">");
		html_text(b, i18n(l, M_COMP_JUDGE_ADD));
		html_lit(b, "</button></form></section><section class=\"panel\">"
		    "<h2>");
		html_text(b, i18n(l, M_COMP_RECUSE));
		html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
		    "id=\"recuse-form\" enctype=\"multipart/form-data\" "
		    "action=\"/competitions/");
		html_int(b, c->id);
		html_lit(b, "/recusals\">");
		page_csrf_field(b, s->pc);
		html_lit(b, "<label>");
		html_text(b, i18n(l, M_COMP_ENTRIES));
		html_lit(b, "<select name=\"entry\">");
		(void)db_entries(c->id, entry_option_cb, s);
		html_lit(b, "</select></label><label>");
		html_text(b, i18n(l, M_COMP_JUDGE));
		html_lit(b, "<select name=\"judge\">");
		(void)db_judges(c->id, judge_option_cb, s);
		html_lit(b, "</select></label><label>");
		html_text(b, i18n(l, M_COMP_RECUSE_REASON));
		html_lit(b, "<input name=\"reason\" maxlength=\"200\" "
		    "required></label><button type=\"submit\">");
		html_text(b, i18n(l, M_COMP_RECUSE));
		html_lit(b, "</button></form></section>");
	}
	if (c->state != COMP_ENTRIES)
		return;
	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_COMP_CATEGORY_ADD));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "id=\"category-form\" enctype=\"multipart/form-data\" "
	    "action=\"/competitions/");
	html_int(b, c->id);
	html_lit(b, "/categories\">");
	page_csrf_field(b, s->pc);
	html_lit(b, "<label>中文<input name=\"name_zh\" maxlength=\"30\" "
	    "required></label><label>English<input name=\"name_en\" "
	    "maxlength=\"60\"></label><button type=\"submit\">");
	html_text(b, i18n(l, M_COMP_CATEGORY_ADD));
	html_lit(b, "</button></form></section><section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_COMP_RULES));
	html_lit(b, "</h2>");
	comprules_from(&e, c);
	(void)snprintf(action, sizeof(action), "/competitions/%lld",
	    (long long)c->id);
	comprules_form(b, s->pc, l, &e, action, M_COMP_RULES_SAVE);
	html_lit(b, "</section>");
}

/* GET /competitions/<id>: the competition, and what the reader may do. */
int
compete_show(struct ctx *ctx)
{
	struct competition	 c;
	struct page_ctx		 pc;
	struct show		 s;
	struct pager		 pg;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	int			 sits = 0;
	json_t			*o;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!pager_begin(ctx, &pg))
		return (KORE_RESULT_OK);
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.c = &c;
	s.pg = &pg;
	if (ctx->user.role == ROLE_MASTER &&
	    (r = db_judge_sits(c.id, ctx->user.id, &sits)) != DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx)) {
		s.cats = json_array();
		o = json_pack("{s:o, s:o}", "competition", compete_json(&c, 1),
		    "categories", s.cats);
		r = db_categories(c.id, category_cb, &s);
		if (r == DB_OK && ctx->user.role == ROLE_STAFF) {
			s.judges = json_array();
			s.entries = json_array();
			json_object_set_new(o, "judges", s.judges);
			json_object_set_new(o, "entries", s.entries);
			if ((r = db_judges(c.id, judge_cb, &s)) == DB_OK)
				r = entries_page(&s);
			json_object_set_new(o, "next", pager_next_json(&pg));
		} else if (r == DB_OK && ctx->logged_in &&
		    ctx->user.role == ROLE_APPRENTICE) {
			s.entries = json_array();
			json_object_set_new(o, "entries", s.entries);
			r = db_entries_of_user(ctx->user.id, entry_row_mine_cb,
			    &s);
		}
		if (r == DB_OK && ctx->user.role == ROLE_MASTER)
			json_object_set_new(o, "judge", json_boolean(sits));
		if (r != DB_OK) {
			json_decref(o);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, o));
	}
	web_page_ctx(ctx, &pc);
	s.pc = &pc;
	buf_init(&b, 16384);
	s.b = &b;
	page_begin(&b, &pc, compete_name(&c, l));
	html_lit(&b, "<h1>");
	html_text(&b, compete_name(&c, l));
	html_lit(&b, "</h1><p>");
	state_badge(&b, l, c.state);
	if (c.state == COMP_PUBLISHED) {
		html_lit(&b, " <a href=\"/competitions/");
		html_int(&b, c.id);
		html_lit(&b, "/results\" id=\"results-link\">");
		html_text(&b, i18n(l, M_COMP_RESULTS));
		html_lit(&b, "</a>");
	}
	/* A guide selection's nominees, votes and honours have a page. */
	if (c.kind == COMP_KIND_GUIDE) {
		html_lit(&b, " <a href=\"/competitions/");
		html_int(&b, c.id);
		html_lit(&b, "/guides\" id=\"guides-link\">");
		html_text(&b, i18n(l, M_GUIDE_NOMINEES));
		html_lit(&b, "</a>");
	}
	html_lit(&b, "</p>");
	facts(&b, l, &c);
	html_lit(&b, "<h2>");
	html_text(&b, i18n(l, M_COMP_CATEGORIES));
	html_lit(&b, "</h2><ul class=\"list\" id=\"categories\">");
	if ((r = db_categories(c.id, category_cb, &s)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	if (sits && c.state == COMP_JUDGING) {
		html_lit(&b, "<p><a class=\"button\" href=\"/judging\" "
		    "id=\"judge-link\">");
		html_text(&b, i18n(l, M_JUDGING_TITLE));
		html_lit(&b, "</a></p>");
	}
	if (ctx->logged_in && ctx->user.role == ROLE_APPRENTICE) {
		html_lit(&b, "<ul class=\"list\" id=\"my-entries\">");
		(void)db_entries_of_user(ctx->user.id, entry_row_mine_cb, &s);
		html_lit(&b, "</ul>");
		enter_form(&s);
	}
	if (ctx->user.role == ROLE_STAFF) {
		html_lit(&b, "<h2>");
		html_text(&b, i18n(l, M_COMP_PANELS));
		html_lit(&b, "</h2><ul class=\"list\" id=\"judges\">");
		(void)db_judges(c.id, judge_cb, &s);
		html_lit(&b, "</ul>");
		staff_panel(&s);
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}
