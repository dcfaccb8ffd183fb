/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * results.c: what a competition's judging comes to — the results page by
 * category and tier (public once published; staff see it from the lock),
 * its CSV and JSON, the score-spread pictures (per entry: each judge's
 * total; per judge: the mean they gave, so a judge who scores everyone
 * high stands out), and the title nominations the town's rules propose,
 * which staff confirm (issuing the title certificate) or decline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "cert.h"
#include "compete.h"
#include "csvio.h"
#include "html.h"
#include "issuer.h"
#include "jsonw.h"
#include "portfolio.h"

/* May the reader see the results? Published: all; locked: staff. */
static int
results_open(struct ctx *ctx, const struct competition *c)
{
	if (c->state == COMP_PUBLISHED)
		return (1);
	return (c->state == COMP_LOCKED && ctx->logged_in &&
	    ctx->user.role == ROLE_STAFF);
}

static const char *
tier_name(const struct competition *c, int tier, enum lang l)
{
	if (tier < 1 || tier > c->ntiers)
		return ("");
	return (compete_category_name(c->tiers[tier - 1].name_zh,
	    c->tiers[tier - 1].name_en, l));
}

struct res {
	struct ctx			*ctx;
	const struct competition	*c;
	struct buf			*b;
	int				 json;
	int64_t				 category;
	int				 n;
};

/*
 * One result of the API, written straight into w->b (issue 16: building
 * a jansson tree to dump it made the JSON slower than its page). A new
 * category closes the one before and opens its object and "results"
 * array; results_page() closes the last. The members and their order are
 * those the jansson version had, byte for byte.
 */
static void
result_json(struct res *w, const struct comp_result_row *x, const char *pts)
{
	struct buf	*b = w->b;

	if (w->n == 0 || x->category != w->category) {
		buf_puts(b, w->n > 0 ? "]},{" : "{");
		jsonw_int_member(b, 1, "id", x->category);
		jsonw_str_member(b, 0, "name_zh", x->category_zh);
		jsonw_str_member(b, 0, "name_en", x->category_en);
		jsonw_key(b, 0, "results");
		buf_puts(b, "[{");
		w->category = x->category;
	} else
		buf_puts(b, ",{");
	w->n++;
	jsonw_int_member(b, 1, "rank", x->rank);
	jsonw_int_member(b, 0, "tier", x->tier);
	jsonw_str_member(b, 0, "tier_zh", tier_name(w->c, x->tier, LANG_ZH));
	jsonw_str_member(b, 0, "tier_en", tier_name(w->c, x->tier, LANG_EN));
	jsonw_str_member(b, 0, "code", x->code);
	jsonw_int_member(b, 0, "entry", x->entry);
	jsonw_str_member(b, 0, "entrant_name", x->entrant_name);
	jsonw_int_member(b, 0, "entrant", x->entrant);
	jsonw_str_member(b, 0, "title", x->title);
	jsonw_str_member(b, 0, "total", pts);
	jsonw_int_member(b, 0, "total_num", x->total_num);
	jsonw_int_member(b, 0, "total_den", x->total_den);
	jsonw_int_member(b, 0, "counted", x->counted);
	jsonw_key(b, 0, "panel_short");
	buf_puts(b, (x->flags & SCORE_F_PANEL_SHORT) != 0 ? "true" : "false");
	buf_puts(b, "}");
}

static int
result_cb(const struct comp_result_row *x, void *arg)
{
	struct res	*w = arg;
	struct buf	*b = w->b;
	enum lang	 l = w->ctx->lang;
	char		 pts[16];

	score_points(x->total_num, x->total_den, pts);
	if (w->json) {
		result_json(w, x, pts);
		return (1);
	}
	if (x->category != w->category) {
		if (w->n > 0)
			html_lit(b, "</tbody></table></div>");
		html_lit(b, "<h2>");
		html_text(b, compete_category_name(x->category_zh,
		    x->category_en, l));
		html_lit(b, "</h2><div class=\"scroll\" "
		    "tabindex=\"0\"><table class=\"grid "
		    "results\" id=\"results-");
		html_int(b, x->category);
		html_lit(b, "\"><thead><tr><th scope=\"col\">");
		html_text(b, i18n(l, M_RESULT_RANK));
		html_lit(b, "</th><th scope=\"col\">");
		html_text(b, i18n(l, M_RESULT_TIER));
		html_lit(b, "</th><th scope=\"col\">");
		html_text(b, i18n(l, M_RESULT_ENTRANT));
		html_lit(b, "</th><th scope=\"col\">");
		html_text(b, i18n(l, M_RESULT_TOTAL));
		html_lit(b, "</th></tr></thead><tbody>");
		w->category = x->category;
	}
	w->n++;
	html_lit(b, "<tr");
	if (x->tier > 0) {
		html_lit(b, " class=\"tier-");
		html_int(b, x->tier);
		html_lit(b, "\"");
	}
	html_lit(b, "><td>");
	html_int(b, x->rank);
	html_lit(b, "</td><td>");
	if (x->tier > 0)
		html_text(b, tier_name(w->c, x->tier, l));
	html_lit(b, "</td><td><a href=\"/entries/");
	html_int(b, x->entry);
	html_lit(b, "\">");
	html_text(b, x->entrant_name);
	html_lit(b, "</a><br><small>");
	html_text(b, x->title);
	html_lit(b, " · <code>");
	html_text(b, x->code);
	html_lit(b, "</code>");
	if (x->flags & SCORE_F_PANEL_SHORT) {
		html_lit(b, " · ");
		html_text(b, i18n(l, M_RESULT_PANEL_SHORT));
	}
	html_lit(b, "</small></td><td>");
	html_text(b, pts);
	html_lit(b, "</td></tr>");
	return (1);
}

/*
 * The score log's signed heads of one competition (its locks and its
 * publication), for the page (b) or the API (arr): each record's hash,
 * the text the station's key signed (score_head_text()), the signature
 * and the key, so that anyone can check them with the public key alone.
 */
struct sigs {
	enum lang	 lang;
	struct buf	*b;
	int		 json;
	int		 n;
};

static int
sig_cb(const struct log_sig *s, void *arg)
{
	struct sigs	*w = arg;
	struct buf	*b = w->b;
	char		 text[HEAD_TEXT_MAX], did[SIGN_DID_LEN + 1];

	(void)score_head_text(s->record, s->competition, s->action, s->round,
	    s->hash, text, sizeof(text));
	(void)snprintf(did, sizeof(did), "%s%s", s->public_key[0] != '\0' ?
	    "did:key:" : "", s->public_key);
	if (w->json) {
		buf_puts(b, w->n++ > 0 ? ",{" : "{");
		jsonw_int_member(b, 1, "record", s->record);
		jsonw_str_member(b, 0, "action", s->action);
		jsonw_int_member(b, 0, "round", s->round);
		jsonw_str_member(b, 0, "hash", s->hash);
		jsonw_str_member(b, 0, "signed_text", text);
		jsonw_str_member(b, 0, "kid", s->kid);
		jsonw_str_member(b, 0, "public_key", s->public_key);
		jsonw_str_member(b, 0, "did", did);
		jsonw_str_member(b, 0, "signature", s->signature);
		buf_puts(b, "}");
		return (1);
	}
	if (w->n++ == 0) {
		html_lit(b, "<section id=\"log-signatures\"><p class=\"muted\">"
		    "<small>");
		html_text(b, i18n(w->lang, M_RESULT_LOG_SIGNED));
		html_lit(b, "</small></p><ul class=\"log-sigs\">");
	}
	html_lit(b, "<li class=\"log-sig\" data-record=\"");
	html_int(b, s->record);
	html_lit(b, "\"><small>");
	html_text(b, i18n(w->lang, strcmp(s->action, "publish") == 0 ?
	    M_RESULT_LOG_PUBLISH : M_RESULT_LOG_LOCK));
	html_lit(b, " · ");
	html_text(b, i18n(w->lang, M_RESULT_LOG_RECORD));
	html_lit(b, " ");
	html_int(b, s->record);
	html_lit(b, " · <code class=\"log-hash\">");
	html_text(b, s->hash);
	html_lit(b, "</code><br>");
	html_text(b, i18n(w->lang, M_RESULT_LOG_SIGNATURE));
	html_lit(b, " <code class=\"log-signature\">");
	html_text(b, s->signature[0] != '\0' ? s->signature :
	    i18n(w->lang, M_RESULT_LOG_UNSIGNED));
	html_lit(b, "</code><br>");
	html_text(b, i18n(w->lang, M_RESULT_LOG_KEY));
	html_lit(b, " <code class=\"log-key\">");
	html_text(b, did);
	html_lit(b, "</code> (");
	html_text(b, s->kid);
	html_lit(b, ")</small></li>");
	return (1);
}

/*
 * GET /competitions/<id>/results: the ranking of the final round, by
 * category, with tiers. 404 until published (staff: until locked).
 */
int
results_page(struct ctx *ctx)
{
	struct competition	 c;
	struct page_ctx		 pc;
	struct res		 w;
	struct sigs		 sg;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!results_open(ctx, &c))
		return (web_fail(ctx, 404, "not_published",
		    M_ERR_COMP_UNPUBLISHED));
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.c = &c;
	w.category = -1;
	memset(&sg, 0, sizeof(sg));
	sg.lang = l;
	if (web_is_json(ctx)) {
		/*
		 * Written straight into b (result_json()); the signatures
		 * come first, as they are members of "competition".
		 */
		buf_init(&b, 16384);
		w.b = sg.b = &b;
		w.json = sg.json = 1;
		buf_puts(&b, "{\"competition\":{");
		jsonw_int_member(&b, 1, "id", c.id);
		jsonw_str_member(&b, 0, "name_zh", c.name_zh);
		jsonw_str_member(&b, 0, "name_en", c.name_en);
		jsonw_key(&b, 0, "published");
		buf_puts(&b, c.state == COMP_PUBLISHED ? "true" : "false");
		jsonw_str_member(&b, 0, "state", comp_state_code(c.state));
		jsonw_str_member(&b, 0, "log_head", c.log_head);
		jsonw_key(&b, 0, "log_signatures");
		buf_puts(&b, "[");
		if ((r = db_score_log_sigs(c.id, sig_cb, &sg)) != DB_OK) {
			buf_free(&b);
			return (web_busy(ctx, r));
		}
		buf_puts(&b, "]},\"categories\":[");
		if ((r = db_results(c.id, 0, result_cb, &w)) != DB_OK) {
			buf_free(&b);
			return (web_busy(ctx, r));
		}
		buf_puts(&b, w.n > 0 ? "]}]}" : "]}");
		return (web_json_text(ctx, 200, &b));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_COMP_RESULTS));
	html_lit(&b, "<h1>");
	html_text(&b, compete_name(&c, l));
	html_lit(&b, "</h1><p>");
	html_text(&b, i18n(l, M_COMP_RESULTS));
	if (c.state != COMP_PUBLISHED) {
		html_lit(&b, " <span class=\"badge pending\" id=\"provisional\">");
		html_text(&b, i18n(l, M_RESULT_PROVISIONAL));
		html_lit(&b, "</span>");
	}
	html_lit(&b, " · <a href=\"/competitions/");
	html_int(&b, c.id);
	html_lit(&b, "/results.csv\">CSV</a></p>");
	if ((r = db_results(c.id, 0, result_cb, &w)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	if (w.n > 0)
		html_lit(&b, "</tbody></table></div>");
	if (c.state == COMP_PUBLISHED) {
		html_lit(&b, "<p class=\"muted\"><small>");
		html_text(&b, i18n(l, M_RESULT_LOG_HEAD));
		html_lit(&b, " <code id=\"log-head\">");
		html_text(&b, c.log_head);
		html_lit(&b, "</code></small></p>");
	}
	sg.b = &b;
	if ((r = db_score_log_sigs(c.id, sig_cb, &sg)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	if (sg.n > 0)
		html_lit(&b, "</ul></section>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

struct csvw {
	const struct competition	*c;
	struct buf			*b;
};

static int
csv_row_cb(const struct comp_result_row *x, void *arg)
{
	struct csvw	*w = arg;
	char		 n[32], pts[16];

	csv_field(w->b, x->category_zh);
	(void)snprintf(n, sizeof(n), "%d", x->rank);
	csv_field(w->b, n);
	csv_field(w->b, tier_name(w->c, x->tier, LANG_ZH));
	csv_field(w->b, x->code);
	csv_field(w->b, x->entrant_name);
	csv_field(w->b, x->title);
	score_points(x->total_num, x->total_den, pts);
	csv_field(w->b, pts);
	(void)snprintf(n, sizeof(n), "%d", x->counted);
	csv_field(w->b, n);
	csv_end_row(w->b);
	return (1);
}

/* GET /competitions/<id>/results.csv: the same ranking, for Excel. */
int
results_csv(struct ctx *ctx)
{
	static const char *const head[] = {
		"组别 category", "名次 rank", "奖项 tier", "编号 code",
		"参赛者 entrant", "作品 work", "总分 total", "计分评委 judges",
	};
	struct competition	 c;
	struct csvw		 w;
	struct buf		 b;
	enum db_result		 r;
	size_t			 i;
	char			 name[64];

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!results_open(ctx, &c))
		return (web_fail(ctx, 404, "not_published",
		    M_ERR_COMP_UNPUBLISHED));
	buf_init(&b, 8192);
	csv_bom(&b);
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_field(&b, head[i]);
	csv_end_row(&b);
	w.c = &c;
	w.b = &b;
	if ((r = db_results(c.id, 0, csv_row_cb, &w)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	(void)snprintf(name, sizeof(name), "competition-%lld-results.csv",
	    (long long)c.id);
	return (web_csv(ctx, name, &b));
}

/* One entry's bars: each judge's total. */
struct bars {
	const struct competition	*c;
	struct chart_job		*j;
	int				 n;
};

/* The competition's bars: the totals each judge gave, summed. */
struct spread {
	const struct competition	*c;
	int64_t				 judge[SCORE_MAX_JUDGES * 8];
	char				 name[SCORE_MAX_JUDGES * 8]
					    [NAME_MAX_CHARS * 4 + 1];
	int64_t				 sum[SCORE_MAX_JUDGES * 8];
	int				 count[SCORE_MAX_JUDGES * 8];
	int				 nj;
};

static int
entry_bar_cb(const struct comp_sheet *s, void *arg)
{
	struct bars	*w = arg;
	int		 max;

	max = score_mark_max(w->c->rules.mode);
	if (s->marks.n == 0)
		return (1);
	w->n++;
	staffdash_chart_item(w->j, s->judge_name, (long)((score_judge_total(
	    &w->c->rules, s->marks.v) + max / 2) / max));
	return (1);
}

/*
 * GET /entries/<id>/spread.png: each judge's total for the entry in its
 * last round with sheets. Staff, and the entrant once published.
 */
int
results_entry_chart(struct ctx *ctx)
{
	struct competition	 c;
	struct comp_entry	 e;
	struct bars		 w;
	enum db_result		 r;
	int			 round, own;
	char			 title[128];

	if (ctx->work.started)
		return (staffdash_chart_answer(ctx, NULL));
	if ((r = db_entry_get(web_path_id(ctx), &e)) == DB_OK)
		r = db_comp_get(e.competition, &c);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	own = ctx->user.id == e.entrant && c.state == COMP_PUBLISHED;
	if (ctx->user.role != ROLE_STAFF && !own)
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY));
	(void)snprintf(title, sizeof(title), "%s · %s", e.code,
	    i18n(ctx->lang, M_CHART_ENTRY));
	w.c = &c;
	w.j = staffdash_chart_new(CHART_JOB_BARS, title);
	w.n = 0;
	r = DB_OK;
	for (round = c.rounds; round >= 1 && w.n == 0 && r == DB_OK; round--)
		r = db_sheets_of_entry(&c.rules, e.id, round,
		    ctx->user.role != ROLE_STAFF, entry_bar_cb, &w);
	if (r != DB_OK) {
		free(w.j);
		return (web_busy(ctx, r));
	}
	return (staffdash_chart_answer(ctx, w.j));
}

static int
judge_sum_cb(const struct comp_sheet *s, void *arg)
{
	struct spread	*w = arg;
	int		 i;

	if (s->marks.n == 0)
		return (1);
	for (i = 0; i < w->nj; i++)
		if (w->judge[i] == s->judge)
			break;
	if (i == w->nj) {
		if (w->nj == (int)(sizeof(w->judge) / sizeof(w->judge[0])))
			return (1);
		w->judge[i] = s->judge;
		(void)snprintf(w->name[i], sizeof(w->name[i]), "%s",
		    s->judge_name);
		w->nj++;
	}
	w->sum[i] += score_judge_total(&w->c->rules, s->marks.v);
	w->count[i]++;
	return (1);
}

/*
 * GET /competitions/<id>/judges.png (staff): the mean total each judge
 * gave in the round being judged (or the last one), one bar each.
 */
int
results_judges_chart(struct ctx *ctx)
{
	struct competition	 c;
	struct spread		*w;
	struct chart_job	*j;
	enum db_result		 r;
	int64_t			 den;
	int			 i, round;

	if (ctx->work.started)
		return (staffdash_chart_answer(ctx, NULL));
	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if ((w = calloc(1, sizeof(*w))) == NULL)
		abort();
	w->c = &c;
	j = staffdash_chart_new(CHART_JOB_BARS, i18n(ctx->lang, M_CHART_JUDGES));
	round = c.round > 0 ? c.round : 1;
	if (c.state != COMP_JUDGING)
		round = c.rounds;
	for (; round >= 1 && w->nj == 0; round--)
		if ((r = db_sheets_of_comp(&c.rules, c.id, round, judge_sum_cb,
		    w)) != DB_OK) {
			free(w);
			free(j);
			return (web_busy(ctx, r));
		}
	for (i = 0; i < w->nj; i++) {
		den = (int64_t)w->count[i] * score_mark_max(c.rules.mode);
		staffdash_chart_item(j, w->name[i], (long)((w->sum[i] + den / 2) /
		    den));
	}
	free(w);
	return (staffdash_chart_answer(ctx, j));
}

static json_t *
nomination_json(const struct nomination *n)
{
	static const char *const states[] = {
		"proposed", "confirmed", "declined",
	};

	return (json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:I}",
	    "id", (json_int_t)n->id, "user", (json_int_t)n->user, "name",
	    n->name, "title_zh", n->title_zh, "title_en", n->title_en,
	    "reason", n->reason, "competition", (json_int_t)n->competition,
	    "state", states[n->state], "honour", (json_int_t)n->honour));
}

static int
nomination_cb(const struct nomination *n, void *arg)
{
	struct web_list	*w = arg;
	struct buf	*b = w->b;
	enum lang	 l = w->ctx->lang;
	static const enum msg states[] = {
		M_NOM_PROPOSED, M_NOM_CONFIRMED, M_NOM_DECLINED,
	};

	w->n++;
	if (w->arr != NULL) {
		json_array_append_new(w->arr, nomination_json(n));
		return (1);
	}
	html_lit(b, "<li><strong><a href=\"/people/");
	html_int(b, n->user);
	html_lit(b, "\">");
	html_text(b, n->name);
	html_lit(b, "</a></strong> → ");
	html_text(b, l == LANG_EN ? n->title_en : n->title_zh);
	html_lit(b, " <span class=\"badge\">");
	html_text(b, i18n(l, states[n->state]));
	html_lit(b, "</span><br><small>");
	html_text(b, n->reason);
	html_lit(b, "</small>");
	if (n->state == NOM_PROPOSED) {
		html_lit(b, "<form method=\"post\" class=\"inline\" "
		    "enctype=\"multipart/form-data\" action=\"/nominations/");
		html_int(b, n->id);
		html_lit(b, "/confirm\">");
		page_csrf_field(b, w->pc);
		html_lit(b, "<button type=\"submit\">");
		html_text(b, i18n(l, M_NOM_CONFIRM));
		html_lit(b, "</button></form> <form method=\"post\" "
		    "class=\"inline\" enctype=\"multipart/form-data\" "
		    "action=\"/nominations/");
		html_int(b, n->id);
		html_lit(b, "/decline\">");
		page_csrf_field(b, w->pc);
		html_lit(b, "<button type=\"submit\" class=\"secondary\">");
		html_text(b, i18n(l, M_NOM_DECLINE));
		html_lit(b, "</button></form>");
	}
	html_lit(b, "</li>");
	return (1);
}

/* results_nominations's rows (web_list), from db_nominations(). */
static enum db_result
nominations_rows(struct web_list *w)
{
	return (db_nominations(nomination_cb, w));
}

static const struct web_list_spec nominations_spec = {
	.key = "nominations", .title = M_NOMS_TITLE,
	.intro = M_NOMS_INTRO, .none = M_NOMS_NONE, .load = nominations_rows,
};

/* GET /nominations (staff): titles the rules propose, and decisions. */
int
results_nominations(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct web_list	 w;
	struct buf	 b;

	if (!web_list(ctx, &w, &nominations_spec, &pc, &b))
		return (KORE_RESULT_OK);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

static int
decide(struct ctx *ctx, int confirm)
{
	struct cert_issuer	 is;
	struct nomination	 n;
	struct cert		 cert;
	enum comp_verdict	 v;
	enum cert_verdict	 cv;
	enum cert_lang		 lang = CLANG_ZH;
	enum db_result		 r;
	int64_t			 honour, id;
	char			 today[11], to[64];

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		if (web_is_json(ctx)) {
			if ((r = db_cert_get(batch_render_id(ctx), &cert)) !=
			    DB_OK)
				return (web_busy(ctx, r));
			web_today(today);
			return (web_json(ctx, 200, json_pack("{s:s, s:o}",
			    "state", "confirmed", "certificate",
			    cert_json(&cert, today, 1))));
		}
		(void)snprintf(to, sizeof(to), "/certs/%lld",
		    (long long)batch_render_id(ctx));
		return (web_redirect(ctx, to));
	}
	if ((r = db_nomination_get(web_path_id(ctx), &n)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOMINATION));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!compete_cert_lang(ctx, &lang))
		return (KORE_RESULT_OK);
	issuer_for(ctx, &is, today);
	if ((r = db_nomination_decide(n.id, confirm, lang, &is, &honour, &id,
	    &cv, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v));
	if (cv == CV_UNVERIFIED || cv == CV_UNCHECKED)
		return (cert_verdict_fail(ctx, cv));
	if (cv != CV_OK)
		return (web_fail(ctx, 409, "certificate_failed",
		    cv == CV_FULL ? M_ERR_CERT_FULL : M_ERR_CERT_TOO_LONG));
	if (!confirm) {
		if (web_is_json(ctx))
			return (web_json(ctx, 200, json_pack("{s:s}", "state",
			    "declined")));
		return (web_redirect(ctx, "/nominations"));
	}
	/* The title's certificate, drawn before the answer (as /certs). */
	if ((r = db_cert_get(id, &cert)) != DB_OK)
		return (web_busy(ctx, r));
	return (batch_render_start(ctx, &cert));
}

/* POST /nominations/<id>/confirm (staff): the title, and its certificate. */
int
results_nomination_confirm(struct ctx *ctx)
{
	return (decide(ctx, 1));
}

/* POST /nominations/<id>/decline (staff). */
int
results_nomination_decline(struct ctx *ctx)
{
	return (decide(ctx, 0));
}
