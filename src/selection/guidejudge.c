/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * guidejudge.c: 十大金牌导购大师's panel and its end — the judges' blind
 * sheets (a nominee by its code, its evidence and photo; never the shop
 * or the name), the steps staff take the selection through (open, lock,
 * publish: the competition's own routes, answered here for a guide
 * selection) and the public honours page of the ten winners with their
 * certificates' verification links.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "issuer.h"
#include "compete.h"
#include "datafile.h"
#include "html.h"

struct judge_walk {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
	int		 n;
};

static int
judge_item(const struct guide_nominee *n, void *arg)
{
	struct judge_walk	*w = arg;
	struct buf		*b = w->b;
	enum lang		 l = w->ctx->lang;

	w->n++;
	if (w->arr != NULL) {
		json_array_append_new(w->arr, json_pack("{s:s, s:I, s:s}",
		    "code", n->code, "competition", (json_int_t)n->competition,
		    "sheet", n->sheet < 0 ? "none" : n->sheet ? "final" :
		    "draft"));
		return (1);
	}
	html_lit(b, "<li><a href=\"/judging/guides/");
	html_url(b, n->code);
	html_lit(b, "\">");
	html_text(b, n->code);
	html_lit(b, "</a> <span class=\"badge\">");
	html_text(b, i18n(l, n->sheet < 0 ? M_SHEET_NONE : n->sheet ?
	    M_SHEET_FINAL : M_SHEET_DRAFT));
	html_lit(b, "</span></li>");
	return (1);
}

/* GET /judging/guides (master): the nominees to score, by code. */
int
guidejudge_list(struct ctx *ctx)
{
	struct page_ctx		 pc;
	struct judge_walk	 w;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	if (web_is_json(ctx)) {
		w.arr = json_array();
		if ((r = db_guide_judge_list(ctx->user.id, judge_item, &w)) !=
		    DB_OK) {
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:o}", "nominees",
		    w.arr)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 4096);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_GUIDE_JUDGING));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_GUIDE_JUDGING));
	html_lit(&b, "</h1><ul class=\"list\" id=\"guide-sheets\">");
	if ((r = db_guide_judge_list(ctx->user.id, judge_item, &w)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	if (w.n == 0) {
		html_lit(&b, "<p class=\"muted\">");
		html_text(&b, i18n(l, M_JUDGING_NONE));
		html_lit(&b, "</p>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* The code in /judging/guides/<code>[/…] or its API twin; "" if none. */
static void
path_code(struct ctx *ctx, char code[GUIDE_CODE_LEN + 1])
{
	const char	*p = ctx->req->path, *s;
	size_t		 n;

	code[0] = '\0';
	if ((s = strstr(p, "/judging/guides/")) == NULL)
		return;
	s += strlen("/judging/guides/");
	n = strcspn(s, "/");
	if (n == GUIDE_CODE_LEN) {
		memcpy(code, s, n);
		code[n] = '\0';
	}
}

/*
 * The nominee of the path, which the caller may see: a judge of its
 * panel not recused while it is judged (anything else is 404 or the
 * verdict: nothing tells a judge who is behind a code), or staff.
 */
static int
sheet_nominee(struct ctx *ctx, struct guide_nominee *n,
    struct competition *c)
{
	enum guide_verdict	 v = GV_OK;
	enum db_result		 r;
	char			 code[GUIDE_CODE_LEN + 1];

	path_code(ctx, code);
	if (code[0] == '\0' || (r = db_guide_nominee_by_code(code, n)) ==
	    DB_NOTFOUND)
		return (guide_verdict_fail(ctx, GV_NOT_ELIGIBLE), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	if (ctx->user.role != ROLE_STAFF) {
		if ((r = db_guide_may_judge(n->id, ctx->user.id, &v)) != DB_OK)
			return (web_busy(ctx, r), 0);
		if (v != GV_OK)
			return (guide_verdict_fail(ctx, v), 0);
	}
	if ((r = db_comp_get(n->competition, c)) != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

static json_t *
marks_json(const struct competition *c, const struct sheet_marks *sm)
{
	json_t	*a = json_array();
	int	 i;
	char	 m[8];

	for (i = 0; i < sm->n; i++) {
		compete_mark_text(c->rules.mode, sm->v[i], m);
		json_array_append_new(a, json_string(m));
	}
	return (a);
}

/*
 * The blind sheet's page (status 200), or again after a refused form
 * (status 4xx: err at the top, the marks as typed, the message beside
 * the criterion that does not read).
 */
static int
sheet_view(struct ctx *ctx, int status, enum msg err)
{
	struct guide_nominee	 n;
	struct competition	 c;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	struct sheet_marks	 sm;
	int			 final = 0, have, i;
	char			 m[8];

	if (!sheet_nominee(ctx, &n, &c))
		return (KORE_RESULT_OK);
	if ((r = db_guide_sheet_get(n.id, ctx->user.id, &c.rules, &sm,
	    &final)) != DB_OK && r != DB_NOTFOUND)
		return (web_busy(ctx, r));
	have = status == 200 && r == DB_OK && sm.n > 0;
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:s, s:s, s:b, s:o, "
		    "s:o}", "code", n.code, "evidence", n.evidence, "photo",
		    n.photo, "criteria", compete_json(&c, 1), "sheet",
		    r == DB_OK ? json_pack("{s:o, s:b}", "marks",
		    marks_json(&c, &sm), "final", final) : json_null())));
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, n.code);
	html_lit(&b, "<h1>");
	html_text(&b, n.code);
	html_lit(&b, "</h1><p class=\"evidence\">");
	html_text(&b, n.evidence);
	html_lit(&b, "</p>");
	if (n.photo) {
		html_lit(&b, "<p><img src=\"/judging/guides/");
		html_url(&b, n.code);
		html_lit(&b, "/photo.jpg\" alt=\"");
		html_text(&b, n.code);
		html_lit(&b, "\" class=\"photo\"></p>");
	}
	if (final) {
		html_lit(&b, "<p class=\"notice\">");
		html_text(&b, i18n(l, M_SHEET_IS_FINAL));
		html_lit(&b, "</p>");
	}
	if (status != 200)
		page_error(&b, &pc, i18n(l, err));
	html_lit(&b, "<form method=\"post\" class=\"stack sheet\" "
	    "id=\"sheet-form\" action=\"/judging/guides/");
	html_url(&b, n.code);
	html_lit(&b, "\">");
	page_csrf_field(&b, &pc);
	for (i = 0; i < c.ncrit; i++) {
		html_lit(&b, "<label for=\"f-c");
		html_int(&b, i + 1);
		html_lit(&b, "\">");
		html_text(&b, compete_category_name(c.crit[i].name_zh,
		    c.crit[i].name_en, l));
		html_lit(&b, " <small>");
		html_int(&b, c.crit[i].weight);
		html_lit(&b, "%</small></label><input type=\"number\" "
		    "inputmode=\"decimal\" step=\"0.1\" min=\"0\" max=\"10\" "
		    "required");
		page_field_attrs(&b, &pc, judge_mark_field(i));
		html_lit(&b, " name=\"c");
		html_int(&b, i + 1);
		html_lit(&b, "\" value=\"");
		if (have) {
			compete_mark_text(c.rules.mode, sm.v[i], m);
			html_text(&b, m);
		} else if (status != 200)
			html_text(&b, web_field(ctx, judge_mark_field(i)));
		html_lit(&b, "\">");
		page_field_error(&b, &pc, judge_mark_field(i));
	}
	html_lit(&b, "<div class=\"actions\"><button type=\"submit\" "
	    "name=\"final\" value=\"0\" class=\"secondary\">");
	html_text(&b, i18n(l, M_SHEET_SAVE));
	html_lit(&b, "</button> <button type=\"submit\" name=\"final\" "
	    "value=\"1\">");
	html_text(&b, i18n(l, M_SHEET_SUBMIT));
	html_lit(&b, "</button></div></form>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /judging/guides/<code> (a judge of its panel, staff): the blind
 * sheet — the code, the evidence, the photo and the criteria. */
int
guidejudge_sheet(struct ctx *ctx)
{
	return (sheet_view(ctx, 200, M_ERR_TITLE));
}

/* POST /judging/guides/<code> (a judge of its panel): c1..cN or
 * "marks": [...], final 0 or 1 (true / false in JSON). */
int
guidejudge_sheet_save(struct ctx *ctx)
{
	struct guide_nominee	 n;
	struct competition	 c;
	enum guide_verdict	 v;
	enum db_result		 r;
	long long		 final = 0;
	struct sheet_marks	 sm;
	int			 marks[SCORE_MAX_CRITERIA], fin;
	char			 to[64];
	json_t			*f;

	if (ctx->user.role == ROLE_STAFF)
		return (web_fail(ctx, 403, "forbidden", M_ERR_FORBIDDEN));
	if (!sheet_nominee(ctx, &n, &c))
		return (KORE_RESULT_OK);
	if (web_is_json(ctx) && ctx->body != NULL &&
	    (f = json_object_get(ctx->body, "final")) != NULL &&
	    json_is_boolean(f))
		final = json_is_true(f);
	else if (web_field(ctx, "final") != NULL &&
	    !web_field_int(ctx, "final", 0, 1, &final))
		return (web_fail(ctx, 400, "invalid_final", M_ERR_SHEET_MARKS));
	if (!judge_marks_read(ctx, &c, marks)) {
		if (web_is_json(ctx))
			return (web_fail(ctx, 400, "invalid_marks",
			    M_ERR_SHEET_MARKS));
		web_bad_field(ctx, judge_mark_bad(ctx, &c), M_ERR_SHEET_MARKS);
		return (sheet_view(ctx, 400, M_ERR_SHEET_MARKS));
	}
	if ((r = db_guide_sheet_save(n.id, ctx->user.id, marks, c.ncrit,
	    (int)final, (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	if (web_is_json(ctx)) {
		if ((r = db_guide_sheet_get(n.id, ctx->user.id, &c.rules, &sm,
		    &fin)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 200, json_pack("{s:{s:o, s:b}}", "sheet",
		    "marks", marks_json(&c, &sm), "final", fin)));
	}
	if (final)
		return (web_redirect(ctx, "/judging/guides"));
	(void)snprintf(to, sizeof(to), "/judging/guides/%s", n.code);
	return (web_redirect(ctx, to));
}

/* GET /judging/guides/<code>/photo.jpg (its judges, staff). */
int
guidejudge_photo(struct ctx *ctx)
{
	struct guide_nominee	 n;
	struct competition	 c;
	char			 path[1024];

	if (!sheet_nominee(ctx, &n, &c))
		return (KORE_RESULT_OK);
	datafile_guide_photo(".", n.id, path, sizeof(path));
	if (!n.photo || !web_send_file(ctx, path, NULL))
		return (web_fail(ctx, 404, "not_found", M_ERR_GUIDE_NOMINEE));
	return (KORE_RESULT_OK);
}

/* A guide selection's step taken: back to its guides page. */
static int
step_done(struct ctx *ctx, int64_t comp)
{
	return (compete_step_done(ctx, comp, 200, "/guides"));
}

/* POST /competitions/<id>/open of a guide selection: judging and the
 * public vote open, nominations close. */
int
guidejudge_open(struct ctx *ctx, const struct competition *c)
{
	enum guide_verdict	 v;
	enum db_result		 r;

	if ((r = db_guide_open(c->id, ctx->user.id, (int64_t)time(NULL),
	    &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	return (step_done(ctx, c->id));
}

/* POST /competitions/<id>/lock of a guide selection: voting ends, the
 * combined results are frozen (409 sheets_missing with "missing"). */
int
guidejudge_lock(struct ctx *ctx, const struct competition *c)
{
	enum guide_verdict	 v;
	enum db_result		 r;
	int			 missing;

	if ((r = db_guide_lock(c->id, ctx->user.id, (int64_t)time(NULL),
	    &missing, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v == GV_MISSING && web_is_json(ctx))
		return (web_json(ctx, 409, json_pack("{s:s, s:s, s:i}",
		    "error", "sheets_missing", "message",
		    i18n(ctx->lang, M_ERR_COMP_MISSING), "missing", missing)));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	return (step_done(ctx, c->id));
}

/* POST /competitions/<id>/publish of a guide selection (lang as for any
 * competition): the honours and their certificates. */
int
guidejudge_publish(struct ctx *ctx, const struct competition *c)
{
	struct cert_issuer	 is;
	struct publish_report	 rep;
	enum guide_verdict	 v;
	enum cert_lang		 lang;
	enum db_result		 r;
	char			 today[11], to[64];

	if (!compete_cert_lang(ctx, &lang))
		return (KORE_RESULT_OK);
	issuer_for(ctx, &is, today);
	if ((r = db_guide_publish(c->id, lang, &is, &rep, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	if (!compete_certs_made(ctx, &rep))
		return (KORE_RESULT_OK);
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:o, s:i, s:I, s:i}",
		    "competition", compete_json(c, 0), "winners", rep.awards,
		    "batch", (json_int_t)rep.batch, "unverified",
		    rep.unverified)));
	(void)snprintf(to, sizeof(to), "/competitions/%lld/honours",
	    (long long)c->id);
	return (web_redirect(ctx, to));
}

struct honour_walk {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
	int		 staff, n;
};

static int
honour_out(const struct guide_result *x, void *arg)
{
	struct honour_walk	*w = arg;
	struct buf		*b = w->b;
	enum lang		 l = w->ctx->lang;
	char			 fin[16], pan[16], pub[16];

	if (!x->winner && !w->staff)
		return (1);
	w->n++;
	score_points(x->s.final_num, x->s.final_den, fin);
	score_points(x->s.panel_den > 0 ? x->s.panel_num : 0,
	    x->s.panel_den > 0 ? x->s.panel_den : 1, pan);
	score_points(x->s.public_pts_num, x->s.public_pts_den, pub);
	if (w->arr != NULL) {
		json_array_append_new(w->arr, json_pack("{s:i, s:I, s:s, s:s, "
		    "s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:I, s:I, s:b, s:s}",
		    "rank", x->s.rank, "nominee", (json_int_t)x->nominee,
		    "shop", x->shop, "guide", x->guide, "final", fin, "panel",
		    pan, "public", pub, "votes", x->s.votes, "top_votes",
		    x->top_votes, "complaints", x->s.complaints, "integrity",
		    x->s.integrity, "final_num", (json_int_t)x->s.final_num,
		    "final_den", (json_int_t)x->s.final_den, "winner",
		    x->winner, "certificate", x->cert_code));
		return (1);
	}
	html_lit(b, "<li><span class=\"badge\">");
	html_int(b, x->s.rank);
	html_lit(b, "</span> <strong>");
	html_text(b, x->guide);
	html_lit(b, "</strong> · ");
	html_text(b, x->shop);
	html_lit(b, "<br><small>");
	html_text(b, i18n(l, M_GUIDE_FINAL));
	html_lit(b, " ");
	html_text(b, fin);
	html_lit(b, " · ");
	html_text(b, i18n(l, M_GUIDE_PANEL));
	html_lit(b, " ");
	html_text(b, pan);
	html_lit(b, " · ");
	html_text(b, i18n(l, M_GUIDE_PUBLIC));
	html_lit(b, " ");
	html_text(b, pub);
	html_lit(b, " · ");
	html_text(b, i18n(l, M_GUIDE_INTEGRITY));
	html_lit(b, " ");
	html_int(b, x->s.integrity);
	html_lit(b, "</small>");
	if (x->cert_code[0] != '\0') {
		html_lit(b, " <a href=\"/v/");
		html_url(b, x->cert_code);
		html_lit(b, "\">");
		html_text(b, i18n(l, M_GUIDE_CERT_LINK));
		html_lit(b, "</a>");
	}
	html_lit(b, "</li>");
	return (1);
}

/*
 * GET /competitions/<id>/honours (anyone, once published; staff from
 * the lock): the ten 金牌导购大师 with their scores (final, panel, public,
 * integrity) and their certificates' verification pages; staff see every
 * nominee's row.
 */
int
guidejudge_honours(struct ctx *ctx)
{
	struct competition	 c;
	struct page_ctx		 pc;
	struct honour_walk	 w;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	int			 open;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (c.kind != COMP_KIND_GUIDE)
		return (guide_verdict_fail(ctx, GV_NOT_GUIDE));
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.staff = ctx->logged_in && ctx->user.role == ROLE_STAFF;
	open = c.state == COMP_PUBLISHED || (w.staff &&
	    c.state == COMP_LOCKED);
	if (web_is_json(ctx)) {
		w.arr = json_array();
		if (open && (r = db_guide_results(c.id, honour_out, &w)) !=
		    DB_OK) {
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:o, s:b, s:o, s:o}",
		    "competition", compete_json(&c, 0), "published",
		    c.state == COMP_PUBLISHED, "rules",
		    compete_guide_json(c.id), "honours", w.arr)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_GUIDE_HONOURS));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_GUIDE_HONOURS));
	html_lit(&b, "</h1><p><a href=\"/competitions/");
	html_int(&b, c.id);
	html_lit(&b, "/guides\">");
	html_text(&b, compete_name(&c, l));
	html_lit(&b, "</a></p><ol class=\"list\" id=\"honours\">");
	if (open && (r = db_guide_results(c.id, honour_out, &w)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ol>");
	if (!open || w.n == 0) {
		html_lit(&b, "<p class=\"muted\">");
		html_text(&b, i18n(l, M_GUIDE_HONOURS_NONE));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<p class=\"muted\"><small>");
	html_text(&b, i18n(l, M_GUIDE_FORMULA));
	html_lit(&b, "</small></p>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}
