/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * guidevote.c: 十大金牌导购大师's public vote and integrity record — a
 * resident's vote on a phone (one per verified phone per Asia/Shanghai
 * day per selection, attempts throttled per address), staff's list of
 * votes with the anomalies flagged and their voids, and the complaints
 * upheld that deduct points.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compete.h"
#include "html.h"

/* Votes one address (its throttle key) may try per window: a family or
 * an office behind one address votes; a script does not get far. */
#define VOTE_WINDOW	600
#define VOTE_LIMIT	30
#define VOTES_SHOWN	200	/* staff's list of votes, newest first */

/*
 * POST /competitions/<id>/vote (a verified account whose account is a
 * phone number): nominee. One vote per phone per Asia/Shanghai day per
 * selection (409 voted_today); attempts throttled per address (429).
 */
int
guide_vote(struct ctx *ctx)
{
	struct competition	 c;
	enum guide_verdict	 v;
	enum db_result		 r;
	long long		 nominee;
	int64_t			 now = (int64_t)time(NULL), id;
	int			 throttled;
	char			 key[THROTTLE_KEY_MAX + 8];
	char			 net[GUIDE_NET_MAX], to[80];

	if (!guide_selection_path(ctx, &c))
		return (KORE_RESULT_OK);
	/* A verified phone is the voter: an email account proves no phone. */
	if (!ctx->user.verified || strchr(ctx->user.account, '@') != NULL)
		return (web_fail(ctx, 403, "phone_required",
		    M_ERR_GUIDE_PHONE));
	if (!web_field_int(ctx, "nominee", 1, INT64_MAX, &nominee))
		return (web_fail(ctx, 400, "invalid_nominee",
		    M_ERR_GUIDE_NOMINEE));
	(void)snprintf(key, sizeof(key), "vote:%s", ctx->throttle);
	if ((r = db_register_attempt(key, now - VOTE_WINDOW, now, VOTE_LIMIT,
	    &throttled)) != DB_OK)
		return (web_busy(ctx, r));
	if (throttled) {
		http_response_header(ctx->req, "retry-after", "600");
		return (web_fail(ctx, 429, "throttled", M_ERR_GUIDE_THROTTLED));
	}
	guide_net(ctx->addr, net);
	if ((r = db_guide_vote(c.id, nominee, &ctx->user, net, now, &id,
	    &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 201, json_pack("{s:I, s:I, s:I}", "vote",
		    (json_int_t)id, "competition", (json_int_t)c.id,
		    "nominee", (json_int_t)nominee)));
	(void)snprintf(to, sizeof(to), "/competitions/%lld/guides?voted=1",
	    (long long)c.id);
	return (web_redirect(ctx, to));
}

struct vote_walk {
	struct ctx		*ctx;
	struct page_ctx		*pc;
	struct buf		*b;
	json_t			*arr;
	int			 n;
};

static int
vote_out(const struct guide_vote *x, void *arg)
{
	struct vote_walk	*w = arg;
	struct buf		*b = w->b;
	enum lang		 l = w->ctx->lang;

	w->n++;
	if (w->arr != NULL) {
		json_array_append_new(w->arr, json_pack("{s:I, s:I, s:s, s:I, "
		    "s:s, s:s, s:s, s:I, s:b, s:s, s:I, s:i, s:b, s:b}", "id",
		    (json_int_t)x->id, "nominee", (json_int_t)x->nominee,
		    "guide", x->guide, "user", (json_int_t)x->user, "phone",
		    x->phone, "day", x->day, "net", x->net, "at",
		    (json_int_t)x->at, "voided", x->voided, "void_reason",
		    x->void_reason, "account_created",
		    (json_int_t)x->account_created, "nearby", x->nearby,
		    "burst", x->burst, "new_account", x->new_account));
		return (1);
	}
	html_lit(b, "<tr><td>");
	html_int(b, x->id);
	html_lit(b, "</td><td>");
	html_text(b, x->guide);
	html_lit(b, "</td><td>");
	html_text(b, x->day);
	html_lit(b, "</td><td>");
	html_text(b, x->net);
	html_lit(b, " (");
	html_int(b, x->nearby);
	html_lit(b, ")</td><td>");
	if (x->burst) {
		html_lit(b, "<span class=\"badge\">");
		html_text(b, i18n(l, M_GUIDE_BURST));
		html_lit(b, "</span> ");
	}
	if (x->new_account) {
		html_lit(b, "<span class=\"badge\">");
		html_text(b, i18n(l, M_GUIDE_NEW_ACCOUNT));
		html_lit(b, "</span>");
	}
	html_lit(b, "</td><td>");
	if (x->voided) {
		html_text(b, i18n(l, M_GUIDE_VOIDED));
		html_lit(b, ": ");
		html_text(b, x->void_reason);
	} else {
		html_lit(b, "<form method=\"post\" class=\"inline\" "
		    "action=\"/votes/");
		html_int(b, x->id);
		html_lit(b, "/void\">");
		page_csrf_field(b, w->pc);
		html_lit(b, "<label><span class=\"sr-only\">");
		html_text(b, i18n(l, M_GUIDE_REASON));
		html_lit(b, "</span><input name=\"reason\" required "
		    "maxlength=\"200\"></label> <button type=\"submit\" "
		    "class=\"secondary\">");
		html_text(b, i18n(l, M_GUIDE_VOID));
		html_lit(b, "</button></form>");
	}
	html_lit(b, "</td></tr>");
	return (1);
}

/*
 * GET /competitions/<id>/votes (staff): the votes, newest first (at most
 * VOTES_SHOWN), each with its address range, how many votes came from
 * that range within the burst window, and its flags; ?anomalies=1: only
 * the flagged ones — a burst (rules' burst or more votes from one IPv4
 * /24 or IPv6 /64 within burst_minutes either side) or an account made
 * less than new_days days before it voted.
 */
int
guide_votes(struct ctx *ctx)
{
	struct competition	 c;
	struct guide_rules	 g;
	struct page_ctx		 pc;
	struct vote_walk	 w;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	const char		*a = web_field(ctx, "anomalies");
	int			 only = a != NULL && strcmp(a, "1") == 0;

	if (!guide_selection_path(ctx, &c))
		return (KORE_RESULT_OK);
	if ((r = db_guide_rules_get(c.id, &g)) != DB_OK)
		return (web_busy(ctx, r));
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	if (web_is_json(ctx)) {
		w.arr = json_array();
		if ((r = db_guide_votes(c.id, &g, only, VOTES_SHOWN, vote_out,
		    &w)) != DB_OK) {
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:I, s:b, s:o, s:o}",
		    "competition", (json_int_t)c.id, "anomalies_only", only,
		    "rules", compete_guide_json(c.id), "votes", w.arr)));
	}
	web_page_ctx(ctx, &pc);
	w.pc = &pc;
	buf_init(&b, 8192);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_GUIDE_VOTES_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_GUIDE_VOTES_TITLE));
	html_lit(&b, "</h1><p><a href=\"/competitions/");
	html_int(&b, c.id);
	html_lit(&b, "/guides\">");
	html_text(&b, compete_name(&c, l));
	html_lit(&b, "</a> · <a href=\"/competitions/");
	html_int(&b, c.id);
	html_text(&b, only ? "/votes" : "/votes?anomalies=1");
	html_lit(&b, "\">");
	html_text(&b, i18n(l, only ? M_GUIDE_ALL_VOTES : M_GUIDE_ANOMALIES));
	html_lit(&b, "</a></p><div class=\"table-wrap\"><table id=\"votes\">"
	    "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">");
	html_text(&b, i18n(l, M_GUIDE_GUIDE));
	html_lit(&b, "</th><th scope=\"col\">");
	html_text(&b, i18n(l, M_GUIDE_DAY));
	html_lit(&b, "</th><th scope=\"col\">");
	html_text(&b, i18n(l, M_GUIDE_NET));
	html_lit(&b, "</th><th scope=\"col\">");
	html_text(&b, i18n(l, M_GUIDE_ANOMALIES));
	html_lit(&b, "</th><th scope=\"col\">");
	html_text(&b, i18n(l, M_GUIDE_VOID));
	html_lit(&b, "</th></tr></thead><tbody>");
	if ((r = db_guide_votes(c.id, &g, only, VOTES_SHOWN, vote_out,
	    &w)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</tbody></table></div>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* POST /votes/<id>/void (staff): reason (1-200 characters). */
int
guide_void(struct ctx *ctx)
{
	enum guide_verdict	 v;
	enum db_result		 r;
	int64_t			 comp, id = web_path_id(ctx);
	char			 buf[200 * 4 + 1], *reason, to[80];

	if ((reason = guide_text(web_field(ctx, "reason"), 200, buf,
	    sizeof(buf))) == NULL)
		return (web_fail(ctx, 400, "invalid_reason",
		    M_ERR_GUIDE_REASON));
	if ((r = db_guide_void(id, reason, ctx->user.id, (int64_t)time(NULL),
	    &comp, &v)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_GUIDE_VOTE));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:b, s:s}", "vote",
		    (json_int_t)id, "voided", 1, "reason", reason)));
	(void)snprintf(to, sizeof(to), "/competitions/%lld/votes",
	    (long long)comp);
	return (web_redirect(ctx, to));
}

/*
 * POST /competitions/<id>/complaints (staff): nominee, against (shop or
 * guide), summary (1-400 characters): a complaint upheld, which deducts
 * the rules' points from the integrity score.
 */
int
guide_complaint(struct ctx *ctx)
{
	struct competition	 c;
	enum guide_verdict	 v;
	enum db_result		 r;
	const char		*against = web_field(ctx, "against");
	long long		 nominee;
	int64_t			 id;
	char			 buf[400 * 4 + 1], *summary, to[80];

	if (!guide_selection_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "nominee", 1, INT64_MAX, &nominee))
		return (web_fail(ctx, 400, "invalid_nominee",
		    M_ERR_GUIDE_NOMINEE));
	if (against == NULL || (strcmp(against, "shop") != 0 &&
	    strcmp(against, "guide") != 0) || (summary =
	    guide_text(web_field(ctx, "summary"), 400, buf,
	    sizeof(buf))) == NULL)
		return (web_fail(ctx, 400, "invalid_complaint",
		    M_ERR_GUIDE_COMPLAINT));
	if ((r = db_guide_complaint(c.id, nominee, strcmp(against,
	    "shop") == 0, summary, ctx->user.id, (int64_t)time(NULL), &id,
	    &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 201, json_pack("{s:I, s:I, s:s, s:s}",
		    "complaint", (json_int_t)id, "nominee",
		    (json_int_t)nominee, "against", against, "summary",
		    summary)));
	(void)snprintf(to, sizeof(to), "/competitions/%lld/guides",
	    (long long)c.id);
	return (web_redirect(ctx, to));
}
