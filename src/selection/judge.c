/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * judge.c: blind judging (评审). A master on a category's panel sees the
 * entries of the round being judged by code and photos only — never a
 * name or a title — and fills one sheet per entry: every criterion in
 * one submit, saved as a draft until they submit it as final. Entries by
 * their own line (apprentices, and as configured their apprentices' own)
 * are not offered, and the server refuses them whatever the request
 * says: the store checks the panel, the round and the lineage again at
 * every save (db_sheet_save()) and records the recusal.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compete.h"
#include "html.h"

static enum msg
sheet_msg(int sheet)
{
	return (sheet == 2 ? M_SHEET_FINAL : sheet == 1 ? M_SHEET_DRAFT :
	    M_SHEET_NONE);
}

struct judging {
	struct ctx		*ctx;
	struct buf		*b;
	json_t			*arr;
	int			 n, done;
};

static int
entry_cb(const struct comp_entry *e, void *arg)
{
	struct judging	*j = arg;
	struct buf	*b = j->b;
	enum lang	 l = j->ctx->lang;
	json_t		*o;

	j->n++;
	if (e->sheet == 2)
		j->done++;
	if (j->arr != NULL) {
		o = compete_entry_json(e, 0);
		json_object_set_new(o, "sheet", json_string(e->sheet == 2 ?
		    "final" : e->sheet == 1 ? "draft" : "none"));
		json_array_append_new(j->arr, o);
		return (1);
	}
	html_lit(b, "<li><a href=\"/judging/");
	html_int(b, e->id);
	html_lit(b, "\"><code>");
	html_text(b, e->code);
	html_lit(b, "</code></a> <small>");
	html_text(b, compete_category_name(e->category_zh, e->category_en, l));
	html_lit(b, "</small> <span class=\"badge ");
	html_text(b, e->sheet == 2 ? "valid" : e->sheet == 1 ? "pending" :
	    "none");
	html_lit(b, "\">");
	html_text(b, i18n(l, sheet_msg(e->sheet)));
	html_lit(b, "</span></li>");
	return (1);
}

struct comps {
	int64_t		 ids[64];
	int		 n;
};

static int
judging_comp_cb(const struct competition *c, void *arg)
{
	struct comps	*cs = arg;

	if (c->state == COMP_JUDGING && cs->n < 64)
		cs->ids[cs->n++] = c->id;
	return (1);
}

/* GET /judging (master): the entries waiting for the reader's sheets. */
int
judge_list(struct ctx *ctx)
{
	struct competition	 c;
	struct comps		 cs;
	struct judging		 j;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	json_t			*arr = NULL, *entries;
	int			 i, sits, shown = 0;

	memset(&cs, 0, sizeof(cs));
	if ((r = db_comps(judging_comp_cb, &cs)) != DB_OK)
		return (web_busy(ctx, r));
	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	if (web_is_json(ctx))
		arr = json_array();
	else {
		web_page_ctx(ctx, &pc);
		buf_init(&b, 8192);
		j.b = &b;
		page_begin(&b, &pc, i18n(l, M_JUDGING_TITLE));
		html_lit(&b, "<h1>");
		html_text(&b, i18n(l, M_JUDGING_TITLE));
		html_lit(&b, "</h1><p class=\"muted\">");
		html_text(&b, i18n(l, M_JUDGING_INTRO));
		html_lit(&b, "</p>");
	}
	for (i = 0; i < cs.n; i++) {
		sits = 0;
		if ((r = db_comp_get(cs.ids[i], &c)) != DB_OK ||
		    (r = db_judge_sits(c.id, ctx->user.id, &sits)) != DB_OK)
			goto fail;
		if (!sits)
			continue;
		shown++;
		j.n = j.done = 0;
		if (arr != NULL) {
			entries = json_array();
			j.arr = entries;
			if ((r = db_judge_entries(c.id, ctx->user.id,
			    entry_cb, &j)) != DB_OK) {
				json_decref(entries);
				goto fail;
			}
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, "
			    "s:i, s:i, s:o}", "id", (json_int_t)c.id, "name_zh",
			    c.name_zh, "name_en", c.name_en, "round", c.round,
			    "rounds", c.rounds, "entries", entries));
			continue;
		}
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, compete_name(&c, l));
		html_lit(&b, "</h2><p><small>");
		html_text(&b, i18n(l, c.round == c.rounds ?
		    M_COMP_ROUND_FINAL : M_COMP_ROUND_PHOTO));
		html_lit(&b, "</small></p><ul class=\"list\" id=\"judging-");
		html_int(&b, c.id);
		html_lit(&b, "\">");
		if ((r = db_judge_entries(c.id, ctx->user.id, entry_cb,
		    &j)) != DB_OK)
			goto fail;
		html_lit(&b, "</ul><p><small>");
		html_int(&b, j.done);
		html_lit(&b, " / ");
		html_int(&b, j.n);
		html_lit(&b, " ");
		html_text(&b, i18n(l, M_SHEET_FINAL));
		html_lit(&b, "</small></p></section>");
	}
	if (arr != NULL)
		return (web_json(ctx, 200, json_pack("{s:o}", "competitions",
		    arr)));
	if (shown == 0) {
		html_lit(&b, "<p class=\"muted\" id=\"nothing\">");
		html_text(&b, i18n(l, M_JUDGING_NONE));
		html_lit(&b, "</p>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
fail:
	if (arr != NULL)
		json_decref(arr);
	else
		buf_free(&b);
	return (web_busy(ctx, r));
}

/*
 * The entry of the path, its competition, and whether the reader may
 * judge it now (else answered: 404 off the panel — the entry's existence
 * is not the judge's business — 403 recused, 409 out of the round).
 */
static int
entry_from_path(struct ctx *ctx, struct comp_entry *e, struct competition *c)
{
	enum comp_verdict	 v = COMPV_OK;
	enum db_result		 r;

	if ((r = db_entry_get(web_path_id(ctx), e)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY), 0);
	if (r == DB_OK)
		r = db_entry_may_judge(e->id, ctx->user.id, &v);
	if (r == DB_OK)
		r = db_comp_get(e->competition, c);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v), 0);
	return (1);
}

/*
 * A mark as typed: weighted, 0-10 with at most one decimal ("8", "8.5",
 * "10.0") → tenths; WorldSkills, a whole 0-3. 1 if good.
 */
static int
mark_parse(enum score_mode mode, const char *s, int *out)
{
	int	 whole = 0, tenth = 0, digits = 0;

	if (s == NULL)
		return (0);
	while (*s >= '0' && *s <= '9' && digits < 3) {
		whole = whole * 10 + (*s++ - '0');
		digits++;
	}
	if (digits == 0)
		return (0);
	if (*s == '.' && mode == SCORE_WEIGHTED) {
		s++;
		if (*s < '0' || *s > '9')
			return (0);
		tenth = *s++ - '0';
	}
	if (*s != '\0')
		return (0);
	if (mode == SCORE_WORLDSKILLS) {
		if (whole > 3)
			return (0);
		*out = whole;
		return (1);
	}
	if (whole * 10 + tenth > 100)
		return (0);
	*out = whole * 10 + tenth;
	return (1);
}

/* A criterion's field names, c1..c12: literals for web_bad_field(). */
static const char *const crit_field[SCORE_MAX_CRITERIA] = {
	"c1", "c2", "c3", "c4", "c5", "c6",
	"c7", "c8", "c9", "c10", "c11", "c12",
};

/* Criterion i's field name (0-based, below SCORE_MAX_CRITERIA), "c1"
 * for i = 0: a literal, for web_bad_field(). */
const char *
judge_mark_field(int i)
{
	return (i >= 0 && i < SCORE_MAX_CRITERIA ? crit_field[i] : "c1");
}

/*
 * The form field of the first criterion of c whose mark does not read
 * (the last when the others all do: judge_marks_read() refused the
 * form, so one did not), for web_bad_field().
 */
const char *
judge_mark_bad(struct ctx *ctx, const struct competition *c)
{
	int	 i, mark;

	for (i = 0; i < c->ncrit - 1; i++)
		if (!mark_parse(c->rules.mode, web_field(ctx, crit_field[i]),
		    &mark))
			break;
	return (judge_mark_field(i));
}

/* The sheet's marks from c1..cN (a form) or "marks": [..] (JSON); also
 * the guide selection's sheets (guidejudge.c). 1 when every mark reads. */
int
judge_marks_read(struct ctx *ctx, const struct competition *c,
    int marks[SCORE_MAX_CRITERIA])
{
	json_t	*arr, *v;
	char	 name[16], num[32];
	double	 d;
	int	 i;

	if (web_is_json(ctx)) {
		if (ctx->body == NULL || (arr = json_object_get(ctx->body,
		    "marks")) == NULL || !json_is_array(arr) ||
		    json_array_size(arr) != (size_t)c->ncrit)
			return (0);
		for (i = 0; i < c->ncrit; i++) {
			v = json_array_get(arr, i);
			if (json_is_string(v))
				(void)snprintf(num, sizeof(num), "%s",
				    json_string_value(v));
			else if (json_is_integer(v))
				(void)snprintf(num, sizeof(num), "%lld",
				    (long long)json_integer_value(v));
			else if (json_is_real(v)) {
				d = json_real_value(v);
				if (!isfinite(d) || d < 0 || d > 10 ||
				    fabs(d * 10 - round(d * 10)) > 1e-9)
					return (0);
				(void)snprintf(num, sizeof(num), "%d.%d",
				    (int)round(d * 10) / 10,
				    (int)round(d * 10) % 10);
			} else
				return (0);
			if (!mark_parse(c->rules.mode, num, &marks[i]))
				return (0);
		}
		return (1);
	}
	for (i = 0; i < c->ncrit; i++) {
		(void)snprintf(name, sizeof(name), "c%d", i + 1);
		if (!mark_parse(c->rules.mode, web_field(ctx, name),
		    &marks[i]))
			return (0);
	}
	return (1);
}

static json_t *
sheet_json(const struct competition *c, const struct comp_sheet *s)
{
	json_t	*a = json_array();
	int	 i;
	char	 m[8];

	for (i = 0; i < s->marks.n; i++) {
		compete_mark_text(c->rules.mode, s->marks.v[i], m);
		json_array_append_new(a, json_string(m));
	}
	return (json_pack("{s:o, s:b, s:I}", "marks", a, "final", s->final,
	    "updated", (json_int_t)s->updated));
}


/*
 * The sheet's form: the saved marks, or (again, after a refusal) the
 * marks as the judge typed them, with the message beside the first
 * criterion that does not read.
 */
static void
sheet_form(struct ctx *ctx, struct buf *b, struct page_ctx *pc,
    const struct competition *c, const struct comp_entry *e,
    const struct comp_sheet *s, int have, int again)
{
	enum lang	 l = ctx->lang;
	const char	*typed;
	const int	*marks = s->marks.v;
	int		 i, k, ok;
	char		 m[8];

	ok = !again && have && s->marks.n > 0;
	html_lit(b, "<form method=\"post\" class=\"stack sheet\" "
	    "id=\"sheet-form\" enctype=\"multipart/form-data\" "
	    "action=\"/judging/");
	html_int(b, e->id);
	html_lit(b, "\">");
	page_csrf_field(b, pc);
	for (i = 0; i < c->ncrit; i++) {
		html_lit(b, "<label><span>");
		html_int(b, c->crit[i].pos);
		html_lit(b, ". ");
		html_text(b, compete_category_name(c->crit[i].name_zh,
		    c->crit[i].name_en, l));
		html_lit(b, " <small>");
		html_int(b, c->crit[i].weight);
		html_lit(b, "%</small></span>");
		if (c->rules.mode == SCORE_WORLDSKILLS) {
			typed = again ? web_field(ctx, crit_field[i]) : NULL;
			html_lit(b, "<select name=\"c");
			html_int(b, i + 1);
			html_lit(b, "\"");
			page_field_attrs(b, pc, crit_field[i]);
			html_lit(b, " required>");
			for (k = 0; k <= 3; k++) {
				html_lit(b, "<option value=\"");
				html_int(b, k);
				html_lit(b, "\"");
				if ((ok && marks[i] == k) || (typed != NULL &&
				    typed[0] == '0' + k && typed[1] == '\0'))
					html_lit(b, " selected");
				html_lit(b, ">");
				html_int(b, k);
				html_lit(b, "</option>");
			}
			html_lit(b, "</select></label>");
			page_field_error(b, pc, crit_field[i]);
			continue;
		}
		html_lit(b, "<input type=\"number\" inputmode=\"decimal\" "
		    "step=\"0.1\" min=\"0\" max=\"10\" required name=\"c");
		html_int(b, i + 1);
		html_lit(b, "\" value=\"");
		if (ok) {
			compete_mark_text(c->rules.mode, marks[i], m);
			html_text(b, m);
		} else if (again)
			html_text(b, web_field(ctx, crit_field[i]));
		html_lit(b, "\"");
		page_field_attrs(b, pc, crit_field[i]);
		html_lit(b, "></label>");
		page_field_error(b, pc, crit_field[i]);
	}
	html_lit(b, "<p><small>");
	html_text(b, i18n(l, c->rules.mode == SCORE_WORLDSKILLS ?
	    M_SHEET_HINT_WS : M_SHEET_HINT));
	html_lit(b, "</small></p><div class=\"actions\"><button type=\"submit\" "
	    "name=\"final\" value=\"0\" class=\"secondary\" id=\"save-draft\">");
	html_text(b, i18n(l, M_SHEET_SAVE));
	html_lit(b, "</button> <button type=\"submit\" name=\"final\" "
	    "value=\"1\" id=\"submit-final\">");
	html_text(b, i18n(l, M_SHEET_SUBMIT));
	html_lit(b, "</button></div></form>");
}

/*
 * The sheet's page (status 200), or again after a refused form (status
 * 4xx: err at the top, the marks as typed).
 */
static int
sheet_view(struct ctx *ctx, int status, enum msg err)
{
	struct competition	 c;
	struct comp_entry	 e;
	struct comp_sheet	 s;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	int			 have, i;
	char			 m[8];
	json_t			*o;

	if (!entry_from_path(ctx, &e, &c))
		return (KORE_RESULT_OK);
	if ((r = db_sheet_get(&c.rules, e.id, ctx->user.id, c.round, &s)) !=
	    DB_OK && r != DB_NOTFOUND)
		return (web_busy(ctx, r));
	have = r == DB_OK;
	if (web_is_json(ctx)) {
		o = json_pack("{s:o, s:o, s:i, s:s, s:i}", "entry",
		    compete_entry_json(&e, 0), "photos", entrant_photos_json(&e),
		    "round", c.round, "mode", c.rules.mode ==
		    SCORE_WORLDSKILLS ? "worldskills" : "weighted", "mark_max",
		    c.rules.mode == SCORE_WORLDSKILLS ? 3 : 10);
		json_object_set_new(o, "sheet", have ? sheet_json(&c, &s) :
		    json_null());
		return (web_json(ctx, 200, o));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, e.code);
	html_lit(&b, "<p><a href=\"/judging\">← ");
	html_text(&b, i18n(l, M_JUDGING_TITLE));
	html_lit(&b, "</a></p><h1><code id=\"entry-code\">");
	html_text(&b, e.code);
	html_lit(&b, "</code></h1><p>");
	html_text(&b, compete_name(&c, l));
	html_lit(&b, " · ");
	html_text(&b, compete_category_name(e.category_zh, e.category_en, l));
	html_lit(&b, " · ");
	html_text(&b, i18n(l, c.round == c.rounds ? M_COMP_ROUND_FINAL :
	    M_COMP_ROUND_PHOTO));
	html_lit(&b, "</p>");
	entrant_photos(&b, &e, 8);
	if (have && s.final) {
		html_lit(&b, "<p class=\"notice\" id=\"sheet-final\">");
		html_text(&b, i18n(l, M_SHEET_IS_FINAL));
		html_lit(&b, "</p><table class=\"grid\"><tbody>");
		for (i = 0; i < s.marks.n; i++) {
			html_lit(&b, "<tr><th scope=\"row\">");
			html_text(&b, compete_category_name(c.crit[i].name_zh,
			    c.crit[i].name_en, l));
			html_lit(&b, "</th><td>");
			compete_mark_text(c.rules.mode, s.marks.v[i], m);
			html_text(&b, m);
			html_lit(&b, "</td></tr>");
		}
		html_lit(&b, "</tbody></table>");
	} else {
		if (have) {
			html_lit(&b, "<p class=\"muted\" id=\"sheet-draft\">");
			html_text(&b, i18n(l, M_SHEET_DRAFT));
			html_lit(&b, "</p>");
		}
		if (status != 200)
			page_error(&b, &pc, i18n(l, err));
		sheet_form(ctx, &b, &pc, &c, &e, &s, have, status != 200);
	}
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /judging/<entry> (master): the entry's code, photos and sheet. */
int
judge_sheet(struct ctx *ctx)
{
	return (sheet_view(ctx, 200, M_ERR_TITLE));
}

/* The form's marks refused: the sheet again with the marks as typed and
 * the message beside the first criterion that does not read. */
static int
marks_refused(struct ctx *ctx, const struct competition *c)
{
	web_bad_field(ctx, judge_mark_bad(ctx, c), M_ERR_SHEET_MARKS);
	return (sheet_view(ctx, 400, M_ERR_SHEET_MARKS));
}

/*
 * POST /judging/<entry> (master): c1..cN (or JSON marks), final=0|1.
 * Every criterion in one submit; a final sheet is not changed again.
 */
int
judge_sheet_save(struct ctx *ctx)
{
	struct competition	 c;
	struct comp_entry	 e;
	struct comp_sheet	 s;
	enum comp_verdict	 v;
	enum db_result		 r;
	long long		 final = 0;
	int			 marks[SCORE_MAX_CRITERIA];
	char			 to[64];
	json_t			*f;

	if (!entry_from_path(ctx, &e, &c))
		return (KORE_RESULT_OK);
	if (web_is_json(ctx) && ctx->body != NULL &&
	    (f = json_object_get(ctx->body, "final")) != NULL) {
		if (json_is_boolean(f))
			final = json_is_true(f);
		else if (!web_field_int(ctx, "final", 0, 1, &final))
			return (web_fail(ctx, 400, "invalid_final",
			    M_ERR_SHEET_MARKS));
	} else if (web_field(ctx, "final") != NULL &&
	    !web_field_int(ctx, "final", 0, 1, &final))
		return (web_fail(ctx, 400, "invalid_final", M_ERR_SHEET_MARKS));
	if (!judge_marks_read(ctx, &c, marks)) {
		if (!web_is_json(ctx))
			return (marks_refused(ctx, &c));
		return (web_fail(ctx, 400, "invalid_marks", M_ERR_SHEET_MARKS));
	}
	if ((r = db_sheet_save(e.id, ctx->user.id, marks, c.ncrit, (int)final,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v));
	if (web_is_json(ctx)) {
		if ((r = db_sheet_get(&c.rules, e.id, ctx->user.id, c.round,
		    &s)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 200, json_pack("{s:o}", "sheet",
		    sheet_json(&c, &s))));
	}
	if (final)
		return (web_redirect(ctx, "/judging"));
	(void)snprintf(to, sizeof(to), "/judging/%lld", (long long)e.id);
	return (web_redirect(ctx, to));
}
