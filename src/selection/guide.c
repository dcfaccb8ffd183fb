/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * guide.c: 十大金牌导购大师, the integrity selection of the town's sales
 * guides (导购), on the competition machinery — staff make a competition
 * a guide selection and set its weights; the town's shops nominate
 * their guides with evidence and a photo (staff may enter a nomination
 * on a shop's behalf); the public votes on phones, one vote per verified
 * phone per day per selection; staff see the votes that look odd and
 * void them with a reason, and record the complaints upheld that deduct
 * points. The panel's sheets, the steps and the honours are in
 * guidejudge.c; the store is db_guide.c, the arithmetic guide.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compete.h"
#include "html.h"

/*
 * Who may nominate a guide on their own account (POST
 * /competitions/<id>/nominees): a shop — an employer's account (就业,
 * jobs/) with a proven phone or email, approved by staff and not
 * suspended. Staff enter nominations on a shop's behalf too.
 */
int
guide_may_nominate(const struct ctx *ctx)
{
	struct employer	 e;

	if (!ctx->logged_in || ctx->user.verified == 0 ||
	    ctx->user.role != ROLE_EMPLOYER)
		return (0);
	return (db_employer_of_user(ctx->user.id, &e) == DB_OK &&
	    e.status == EMPLOYER_APPROVED);
}

/* Answer a refusal of the store's (v) with its status, code and words. */
int
guide_verdict_fail(struct ctx *ctx, enum guide_verdict v)
{
	static const struct {
		int		 status;
		const char	*code;
		enum msg	 msg;
	} t[] = {
		[GV_OK] = { 500, "internal", M_ERR_INTERNAL },
		[GV_STATE] = { 409, "wrong_state", M_ERR_COMP_STATE },
		[GV_NOT_GUIDE] = { 409, "not_guide", M_ERR_GUIDE_NOT_GUIDE },
		[GV_TWICE] = { 409, "already_done", M_ERR_COMP_TWICE },
		[GV_TODAY] = { 409, "voted_today", M_ERR_GUIDE_TODAY },
		[GV_NOT_ELIGIBLE] = { 404, "not_found", M_ERR_GUIDE_NOMINEE },
		[GV_NOT_JUDGE] = { 404, "not_found", M_ERR_GUIDE_NOMINEE },
		[GV_RECUSED] = { 403, "recused", M_ERR_COMP_RECUSED },
		[GV_FINAL] = { 409, "sheet_final", M_ERR_COMP_FINAL },
		[GV_MISSING] = { 409, "sheets_missing", M_ERR_COMP_MISSING },
		[GV_EMPTY] = { 409, "no_entries", M_ERR_GUIDE_EMPTY },
		[GV_PENDING] = { 409, "entries_unchecked",
		    M_ERR_GUIDE_PENDING },
		[GV_NO_JUDGES] = { 409, "no_judges", M_ERR_COMP_NO_JUDGES },
		[GV_HAS_ENTRIES] = { 409, "has_entries",
		    M_ERR_GUIDE_HAS_ENTRIES },
	};

	if ((unsigned)v >= sizeof(t) / sizeof(t[0]))
		v = GV_OK;
	return (web_fail(ctx, t[v].status, t[v].code, t[v].msg));
}

/* The competition of the path into c, which must be a guide selection:
 * 1, or 0 when answered (404 not_found, 409 not_guide). */
int
guide_selection_path(struct ctx *ctx, struct competition *c)
{
	if (!compete_from_path(ctx, c))
		return (0);
	if (c->kind != COMP_KIND_GUIDE)
		return (guide_verdict_fail(ctx, GV_NOT_GUIDE), 0);
	return (1);
}

/* in trimmed into out (outsz bytes): a pointer into out when it is 1 to
 * max characters of clean text (lines allowed), else NULL. */
char *
guide_text(const char *in, size_t max, char *out, size_t outsz)
{
	size_t	 chars;
	char	*t;

	if (in == NULL || strlen(in) >= outsz)
		return (NULL);
	(void)snprintf(out, outsz, "%s", in);
	t = utf8_trim(out);
	if (!utf8_chars_lines(t, &chars) || chars < 1 || chars > max)
		return (NULL);
	return (t);
}

static int
int_field(struct ctx *ctx, const char *name, int min, int max, int *out)
{
	long long	 v;

	if (web_field(ctx, name) == NULL && !(web_is_json(ctx) &&
	    ctx->body != NULL && json_object_get(ctx->body, name) != NULL))
		return (1);	/* absent: the default or the value kept */
	if (!web_field_int(ctx, name, min, max, &v))
		return (0);
	*out = (int)v;
	return (1);
}

/*
 * POST /competitions/<id>/guide (staff): make the competition a
 * 十大金牌导购大师 selection, or change its weights, while it takes
 * nominations: w_panel, w_public, w_integrity (percent, summing to
 * 100), deduction (points a complaint), winners, burst, burst_minutes,
 * new_days — each optional, the defaults 60 / 30 / 10, 20, 10, 5 in 10
 * minutes, 7 days. The first time, its criteria become the four of a
 * guide (产品知识 30, 如实描述 30, 服务 25, 投诉记录 15; staff may edit them
 * as any competition's) and its one tier 金牌导购大师 with `winners` places.
 */
int
guide_rules_set(struct ctx *ctx)
{
	struct competition	 c;
	struct comp_edit	 e, fresh;
	struct guide_rules	 g;
	enum guide_verdict	 v;
	enum db_result		 r;
	char			 to[64];

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	comprules_from(&e, &c);
	db_comp_guide_defaults(&fresh, &g);
	if (c.kind == COMP_KIND_GUIDE && (r = db_guide_rules_get(c.id,
	    &g)) != DB_OK)
		return (web_busy(ctx, r));
	if (!int_field(ctx, "w_panel", 0, 100, &g.w.panel) ||
	    !int_field(ctx, "w_public", 0, 100, &g.w.public) ||
	    !int_field(ctx, "w_integrity", 0, 100, &g.w.integrity) ||
	    !int_field(ctx, "deduction", 0, 100, &g.w.deduction) ||
	    !int_field(ctx, "winners", 1, 100, &g.winners) ||
	    !int_field(ctx, "burst", 2, 10000, &g.burst) ||
	    !int_field(ctx, "burst_minutes", 1, 1440, &g.burst_minutes) ||
	    !int_field(ctx, "new_days", 0, 365, &g.new_days) ||
	    g.w.panel + g.w.public + g.w.integrity != 100)
		return (web_fail(ctx, 400, "invalid_rules",
		    M_ERR_GUIDE_WEIGHTS));
	/* The guide's criteria the first time; later, staff's own. */
	if (c.kind != COMP_KIND_GUIDE) {
		e.ncrit = fresh.ncrit;
		memcpy(e.crit, fresh.crit, sizeof(e.crit));
	}
	e.mode = SCORE_WEIGHTED;
	e.advance = 0;
	e.ntie = 0;
	e.ntiers = fresh.ntiers;
	memcpy(e.tiers, fresh.tiers, sizeof(e.tiers));
	e.tiers[0].quota = g.winners;
	if ((r = db_comp_guide_set(c.id, &e, &g, ctx->user.id,
	    (int64_t)time(NULL), &v)) == DB_CONFLICT)
		return (web_fail(ctx, 400, "invalid_rules",
		    M_ERR_GUIDE_WEIGHTS));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	if (web_is_json(ctx)) {
		if ((r = db_comp_get(c.id, &c)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 200, json_pack("{s:o}", "competition",
		    compete_json(&c, 1))));
	}
	(void)snprintf(to, sizeof(to), "/competitions/%lld/guides",
	    (long long)c.id);
	return (web_redirect(ctx, to));
}

static const char *
nominee_status_code(enum nominee_status s)
{
	return (s == NOMINEE_ELIGIBLE ? "eligible" : s == NOMINEE_REFUSED ?
	    "refused" : "pending");
}

/* A nomination as JSON: staff see everything, others the public part
 * (votes once the results are out). */
json_t *
guide_nominee_json(const struct guide_nominee *n, int staff, int votes)
{
	json_t	*o;

	o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)n->id,
	    "shop", n->shop, "guide", n->guide, "status",
	    nominee_status_code(n->status));
	if (votes || staff)
		json_object_set_new(o, "votes", json_integer(n->votes));
	if (staff) {
		json_object_set_new(o, "code", json_string(n->code));
		json_object_set_new(o, "evidence", json_string(n->evidence));
		json_object_set_new(o, "guide_user",
		    json_integer(n->guide_user));
		json_object_set_new(o, "nominated_by",
		    json_integer(n->nominated_by));
		json_object_set_new(o, "complaints",
		    json_integer(n->complaints));
		json_object_set_new(o, "note", json_string(n->note));
		json_object_set_new(o, "photo", json_boolean(n->photo));
	}
	return (o);
}

struct page_walk {
	struct ctx			*ctx;
	struct page_ctx			*pc;
	const struct competition	*c;
	struct buf			*b;
	json_t				*arr;
	int				 staff, n;
};

static void
vote_form(struct page_walk *w, const struct guide_nominee *n)
{
	struct buf	*b = w->b;

	html_lit(b, " <form method=\"post\" class=\"inline\" action=\""
	    "/competitions/");
	html_int(b, w->c->id);
	html_lit(b, "/vote\">");
	page_csrf_field(b, w->pc);
	html_lit(b, "<input type=\"hidden\" name=\"nominee\" value=\"");
	html_int(b, n->id);
	html_lit(b, "\"><button type=\"submit\" class=\"vote\" "
	    "aria-label=\"");
	html_text(b, i18n(w->ctx->lang, M_GUIDE_VOTE));
	html_lit(b, " ");
	html_text(b, n->guide);
	html_lit(b, "\">");
	html_text(b, i18n(w->ctx->lang, M_GUIDE_VOTE));
	html_lit(b, "</button></form>");
}

static void
staff_tools(struct page_walk *w, const struct guide_nominee *n)
{
	struct buf	*b = w->b;
	enum lang	 l = w->ctx->lang;

	html_lit(b, "<br><small>");
	html_text(b, n->code);
	html_lit(b, " · ");
	html_text(b, i18n(l, n->status == NOMINEE_ELIGIBLE ?
	    M_GUIDE_ELIGIBLE : n->status == NOMINEE_REFUSED ?
	    M_GUIDE_REFUSED : M_GUIDE_PENDING));
	html_lit(b, " · ");
	html_int(b, n->votes);
	html_lit(b, " ");
	html_text(b, i18n(l, M_GUIDE_VOTES_N));
	html_lit(b, " · ");
	html_int(b, n->complaints);
	html_lit(b, " ");
	html_text(b, i18n(l, M_GUIDE_COMPLAINTS_N));
	html_lit(b, "</small><br><small class=\"evidence\">");
	html_text(b, n->evidence);
	html_lit(b, "</small>");
	if (n->status == NOMINEE_PENDING && w->c->state == COMP_ENTRIES) {
		html_lit(b, "<form method=\"post\" class=\"inline\" "
		    "action=\"/nominees/");
		html_int(b, n->id);
		html_lit(b, "/check\">");
		page_csrf_field(b, w->pc);
		html_lit(b, "<button type=\"submit\" name=\"verdict\" "
		    "value=\"eligible\">");
		html_text(b, i18n(l, M_GUIDE_CHECK_OK));
		html_lit(b, "</button> <button type=\"submit\" "
		    "name=\"verdict\" value=\"refused\" class=\"secondary\">");
		html_text(b, i18n(l, M_GUIDE_CHECK_NO));
		html_lit(b, "</button></form>");
	}
}

static int
page_nominee(const struct guide_nominee *n, void *arg)
{
	struct page_walk	*w = arg;
	struct buf		*b = w->b;

	if (!w->staff && n->status != NOMINEE_ELIGIBLE)
		return (1);
	w->n++;
	if (w->arr != NULL) {
		json_array_append_new(w->arr, guide_nominee_json(n, w->staff,
		    w->c->state == COMP_PUBLISHED));
		return (1);
	}
	html_lit(b, "<li id=\"nominee-");
	html_int(b, n->id);
	html_lit(b, "\"><strong>");
	html_text(b, n->guide);
	html_lit(b, "</strong> · ");
	html_text(b, n->shop);
	if (w->c->state == COMP_PUBLISHED) {
		html_lit(b, " · ");
		html_int(b, n->votes);
		html_lit(b, " ");
		html_text(b, i18n(w->ctx->lang, M_GUIDE_VOTES_N));
	}
	if (w->c->state == COMP_JUDGING && n->status == NOMINEE_ELIGIBLE &&
	    w->ctx->logged_in)
		vote_form(w, n);
	if (w->staff)
		staff_tools(w, n);
	html_lit(b, "</li>");
	return (1);
}

/* The form a shop (or staff, for one) nominates a guide with. */
static void
nominate_form(struct buf *b, struct page_ctx *pc, enum lang l,
    const struct competition *c)
{
	html_lit(b, "<h2 id=\"nominate\">");
	html_text(b, i18n(l, M_GUIDE_NOMINATE));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "id=\"nominate-form\" enctype=\"multipart/form-data\" "
	    "action=\"/competitions/");
	html_int(b, c->id);
	html_lit(b, "/nominees\">");
	page_csrf_field(b, pc);
	html_lit(b, "<label for=\"g-shop\">");
	html_text(b, i18n(l, M_GUIDE_SHOP));
	html_lit(b, "</label><input id=\"g-shop\" name=\"shop\" required "
	    "maxlength=\"60\"><label for=\"g-guide\">");
	html_text(b, i18n(l, M_GUIDE_GUIDE));
	html_lit(b, "</label><input id=\"g-guide\" name=\"guide\" required "
	    "maxlength=\"40\"><label for=\"g-account\">");
	html_text(b, i18n(l, M_GUIDE_ACCOUNT));
	html_lit(b, "</label><input id=\"g-account\" name=\"account\" "
	    "required autocomplete=\"off\"><label for=\"g-evidence\">");
	html_text(b, i18n(l, M_GUIDE_EVIDENCE));
	html_lit(b, "</label><textarea id=\"g-evidence\" name=\"evidence\" "
	    "required maxlength=\"1000\" rows=\"4\"></textarea>"
	    "<label for=\"g-photo\">");
	html_text(b, i18n(l, M_GUIDE_PHOTO));
	html_lit(b, "</label><input id=\"g-photo\" type=\"file\" "
	    "name=\"photo\" accept=\"image/jpeg,image/png,image/webp\">"
	    "<button type=\"submit\">");
	html_text(b, i18n(l, M_GUIDE_SUBMIT));
	html_lit(b, "</button></form>");
}

/* Staff's forms: a complaint upheld, and the selection's steps. */
static void
staff_forms(struct buf *b, struct page_ctx *pc, enum lang l,
    const struct competition *c)
{
	html_lit(b, "<p><a href=\"/competitions/");
	html_int(b, c->id);
	html_lit(b, "/votes?anomalies=1\">");
	html_text(b, i18n(l, M_GUIDE_VOTES_TITLE));
	html_lit(b, "</a></p>");
	if (c->state == COMP_ENTRIES || c->state == COMP_JUDGING) {
		html_lit(b, "<h2>");
		html_text(b, i18n(l, M_GUIDE_COMPLAINT_ADD));
		html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
		    "enctype=\"multipart/form-data\" action=\"/competitions/");
		html_int(b, c->id);
		html_lit(b, "/complaints\">");
		page_csrf_field(b, pc);
		html_lit(b, "<label for=\"k-nominee\">");
		html_text(b, i18n(l, M_GUIDE_NOMINEE_NO));
		html_lit(b, "</label><input id=\"k-nominee\" name=\"nominee\" "
		    "inputmode=\"numeric\" required><label for=\"k-against\">");
		html_text(b, i18n(l, M_GUIDE_AGAINST));
		html_lit(b, "</label><select id=\"k-against\" name=\"against\">"
		    "<option value=\"guide\">");
		html_text(b, i18n(l, M_GUIDE_AGAINST_GUIDE));
		html_lit(b, "</option><option value=\"shop\">");
		html_text(b, i18n(l, M_GUIDE_AGAINST_SHOP));
		html_lit(b, "</option></select><label for=\"k-summary\">");
		html_text(b, i18n(l, M_GUIDE_SUMMARY));
		html_lit(b, "</label><textarea id=\"k-summary\" name=\"summary\" "
		    "required maxlength=\"400\" rows=\"3\"></textarea>"
		    "<button type=\"submit\">");
		html_text(b, i18n(l, M_GUIDE_COMPLAINT_ADD));
		html_lit(b, "</button></form>");
	}
	if (c->state == COMP_PUBLISHED)
		return;
	html_lit(b, "<form method=\"post\" class=\"inline\" action=\""
	    "/competitions/");
	html_int(b, c->id);
	html_text(b, c->state == COMP_ENTRIES ? "/open" :
	    c->state == COMP_JUDGING ? "/lock" : "/publish");
	html_lit(b, "\">");
	page_csrf_field(b, pc);
	html_lit(b, "<button type=\"submit\">");
	html_text(b, i18n(l, c->state == COMP_ENTRIES ? M_GUIDE_STEP_OPEN :
	    c->state == COMP_JUDGING ? M_GUIDE_STEP_LOCK :
	    M_GUIDE_STEP_PUBLISH));
	html_lit(b, "</button></form>");
}

/*
 * GET /competitions/<id>/guides (anyone): the selection on a phone —
 * the eligible nominees, each with a vote button while voting is open
 * (logged in), the nomination form while nominations are open (logged
 * in), the honours once published; staff also see every nomination
 * with its code, status, evidence, votes and complaints, and the forms
 * of their steps.
 */
int
guide_page(struct ctx *ctx)
{
	struct competition	 c;
	struct page_ctx		 pc;
	struct page_walk	 w;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	const char		*v;
	json_t			*o;

	if (!guide_selection_path(ctx, &c))
		return (KORE_RESULT_OK);
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.c = &c;
	w.staff = ctx->logged_in && ctx->user.role == ROLE_STAFF;
	if (web_is_json(ctx)) {
		w.arr = json_array();
		if ((r = db_guide_nominees(c.id, !w.staff, page_nominee,
		    &w)) != DB_OK) {
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		o = json_pack("{s:o, s:o}", "competition", compete_json(&c, 1),
		    "nominees", w.arr);
		return (web_json(ctx, 200, o));
	}
	web_page_ctx(ctx, &pc);
	w.pc = &pc;
	buf_init(&b, 8192);
	w.b = &b;
	page_begin(&b, &pc, compete_name(&c, l));
	html_lit(&b, "<h1>");
	html_text(&b, compete_name(&c, l));
	html_lit(&b, "</h1><p class=\"muted\">");
	html_text(&b, i18n(l, M_GUIDE_INTRO));
	html_lit(&b, " <span class=\"badge\">");
	html_text(&b, i18n(l, compete_state_msg(c.state)));
	html_lit(&b, "</span></p>");
	if (c.state == COMP_PUBLISHED) {
		html_lit(&b, "<p><a href=\"/competitions/");
		html_int(&b, c.id);
		html_lit(&b, "/honours\">");
		html_text(&b, i18n(l, M_GUIDE_HONOURS));
		html_lit(&b, "</a></p>");
	}
	if ((v = web_field(ctx, "voted")) != NULL && strcmp(v, "1") == 0) {
		html_lit(&b, "<p class=\"notice\" id=\"voted\" role=\"status\">");
		html_text(&b, i18n(l, M_GUIDE_VOTED));
		html_lit(&b, "</p>");
	}
	if (c.state == COMP_JUDGING) {
		html_lit(&b, "<p class=\"notice\">");
		html_text(&b, i18n(l, ctx->logged_in ? M_GUIDE_VOTE_RULE :
		    M_GUIDE_LOGIN_TO_VOTE));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<h2>");
	html_text(&b, i18n(l, M_GUIDE_NOMINEES));
	html_lit(&b, "</h2><ul class=\"list\" id=\"nominees\">");
	if ((r = db_guide_nominees(c.id, !w.staff, page_nominee, &w)) !=
	    DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	if (w.n == 0) {
		html_lit(&b, "<p class=\"muted\">");
		html_text(&b, i18n(l, M_GUIDE_NONE));
		html_lit(&b, "</p>");
	}
	if (c.state == COMP_ENTRIES && ctx->logged_in &&
	    (w.staff || guide_may_nominate(ctx)))
		nominate_form(&b, &pc, l, &c);
	if (w.staff)
		staff_forms(&b, &pc, l, &c);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

