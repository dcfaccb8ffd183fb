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
#include "datafile.h"
#include "html.h"

/* Votes one address (its throttle key) may try per window: a family or
 * an office behind one address votes; a script does not get far. */
#define VOTE_WINDOW	600
#define VOTE_LIMIT	30
#define VOTES_SHOWN	200	/* staff's list of votes, newest first */

/*
 * Who may nominate a guide on their own account (POST
 * /competitions/<id>/nominees): today any verified account, as a shop's
 * owner or manager; staff enter nominations on a shop's behalf. When
 * shops have accounts of their own (the employer role), this is the one
 * check to point at it.
 */
int
guide_may_nominate(const struct ctx *ctx)
{
	return (ctx->logged_in && ctx->user.verified != 0);
}

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

/* The competition of the path, which must be a guide selection. */
static int
guide_path(struct ctx *ctx, struct competition *c)
{
	if (!compete_path(ctx, c))
		return (0);
	if (c->kind != COMP_KIND_GUIDE)
		return (guide_verdict_fail(ctx, GV_NOT_GUIDE), 0);
	return (1);
}

/*
 * A field of a multipart upload (the nomination's form and its API
 * twin): web_field() reads a JSON body on API routes, which an upload
 * does not have.
 */
static const char *
upload_field(struct ctx *ctx, const char *name)
{
	char	*v;

	if (http_argument_get_string(ctx->req, name, &v))
		return (v);
	return (NULL);
}

/* A text field 1..max characters after trimming; NULL when it is not. */
static char *
text_field(const char *in, size_t max, char *out, size_t outsz)
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

/* The selection's rules as JSON, or NULL when comp is not one. */
json_t *
guide_rules_json(int64_t comp)
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

	if (!compete_path(ctx, &c))
		return (KORE_RESULT_OK);
	compete_rules_from(&e, &c);
	comp_guide_defaults(&fresh, &g);
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
static json_t *
nominee_json(const struct guide_nominee *n, int staff, int votes)
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
		json_array_append_new(w->arr, nominee_json(n, w->staff,
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

	if (!guide_path(ctx, &c))
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

/* A nomination's photo, re-encoded on a task thread (portfolio.c's way). */
struct nominee_photo {
	char			*data;
	size_t			 len;
	enum photo_error	 err;
	struct photo_out	 out;
};

static int
nominee_photo_run(void *arg)
{
	struct nominee_photo	*j = arg;

	j->err = photo_process(j->data, j->len, &j->out);
	return (j->err == PHOTO_OK);
}

static void
nominee_photo_free(void *arg)
{
	struct nominee_photo	*j = arg;

	if (j == NULL)
		return;
	free(j->data);
	photo_out_free(&j->out);
	free(j);
}

static int
photo_refused(struct ctx *ctx, enum photo_error e)
{
	switch (e) {
	case PHOTO_TOO_BIG:
		return (web_fail(ctx, 413, "too_big", M_ERR_PHOTO_BIG));
	case PHOTO_NOT_IMAGE:
		return (web_fail(ctx, 415, "not_image", M_ERR_PHOTO_TYPE));
	case PHOTO_TOO_MANY_PIXELS:
		return (web_fail(ctx, 422, "too_many_pixels",
		    M_ERR_PHOTO_PIXELS));
	case PHOTO_BROKEN:
		return (web_fail(ctx, 422, "broken", M_ERR_PHOTO_BROKEN));
	default:
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	}
}

/* What a nomination says, read and checked (1), or answered (0). */
struct nomination_in {
	char	 shopbuf[60 * 4 + 1], guidebuf[40 * 4 + 1];
	char	 evbuf[1000 * 4 + 1], account[ACCOUNT_MAX + 1];
	char	*shop, *guide, *evidence;
	struct user guide_user;
};

static int
nomination_read(struct ctx *ctx, struct nomination_in *in)
{
	char		 pw[PWHASH_LEN];
	enum db_result	 r;

	memset(in, 0, sizeof(*in));
	if ((in->shop = text_field(upload_field(ctx, "shop"), 60,
	    in->shopbuf, sizeof(in->shopbuf))) == NULL ||
	    (in->guide = text_field(upload_field(ctx, "guide"), 40,
	    in->guidebuf, sizeof(in->guidebuf))) == NULL ||
	    (in->evidence = text_field(upload_field(ctx, "evidence"), 1000,
	    in->evbuf, sizeof(in->evbuf))) == NULL)
		return (web_fail(ctx, 400, "invalid_nomination",
		    M_ERR_GUIDE_FIELDS), 0);
	if (!identity_account(upload_field(ctx, "account"), in->account,
	    sizeof(in->account)))
		return (web_fail(ctx, 400, "invalid_account",
		    M_ERR_GUIDE_ACCOUNT), 0);
	if ((r = db_user_by_account(in->account, &in->guide_user, pw,
	    sizeof(pw))) == DB_NOTFOUND || (r == DB_OK &&
	    in->guide_user.role == ROLE_STAFF))
		return (web_fail(ctx, 404, "no_such_account",
		    M_ERR_GUIDE_ACCOUNT), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

static int
nomination_done(struct ctx *ctx, int64_t comp, int64_t id)
{
	struct guide_nominee	 n;
	enum db_result		 r;
	char			 to[80];

	if (web_is_json(ctx)) {
		if ((r = db_guide_nominee_get(id, &n)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 201, json_pack("{s:o}", "nominee",
		    nominee_json(&n, 1, 0))));
	}
	(void)snprintf(to, sizeof(to), "/competitions/%lld/guides#nominee-%lld",
	    (long long)comp, (long long)id);
	return (web_redirect(ctx, to));
}

/*
 * POST /competitions/<id>/nominees (staff, or a verified account that
 * guide_may_nominate() allows), multipart: shop, guide (the name shown),
 * account (the guide's own account, which the certificate goes to),
 * evidence (1-1000 characters) and an optional photo (the photo upload's
 * bounds: 10 MB, 40 megapixels, JPEG/PNG/WebP, re-encoded). Staff's
 * nominations are eligible at once; others wait for staff's check.
 */
int
guide_nominate(struct ctx *ctx)
{
	struct competition	 c;
	struct nomination_in	 in;
	struct nominee_photo	*j = NULL;
	struct http_file	*file;
	enum photo_type		 type;
	enum photo_error	 e;
	enum guide_verdict	 v;
	enum db_result		 r;
	ssize_t			 n;
	int64_t			 id;
	int			 pw, ph, staff;
	char			 path[1024];

	staff = ctx->user.role == ROLE_STAFF;
	if (!staff && !guide_may_nominate(ctx))
		return (web_fail(ctx, 403, "forbidden",
		    M_ERR_GUIDE_NOMINATOR));
	if (!guide_path(ctx, &c) || !nomination_read(ctx, &in))
		return (KORE_RESULT_OK);
	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		j = ctx->work.arg;
		if (j->err != PHOTO_OK)
			return (photo_refused(ctx, j->err));
	} else if ((file = http_file_lookup(ctx->req, "photo")) != NULL &&
	    file->length > 0) {
		if (file->length > PHOTO_MAX_BYTES)
			return (photo_refused(ctx, PHOTO_TOO_BIG));
		if ((j = calloc(1, sizeof(*j))) == NULL ||
		    (j->data = malloc(file->length + 1)) == NULL)
			abort();
		while (j->len < file->length && (n = http_file_read(file,
		    j->data + j->len, file->length - j->len)) > 0)
			j->len += (size_t)n;
		if (j->len != file->length) {
			nominee_photo_free(j);
			return (photo_refused(ctx, PHOTO_BROKEN));
		}
		if ((e = photo_probe(j->data, j->len, &type, &pw, &ph)) !=
		    PHOTO_OK) {
			nominee_photo_free(j);
			return (photo_refused(ctx, e));
		}
		web_work_start(ctx, nominee_photo_run, j, nominee_photo_free);
		return (KORE_RESULT_RETRY);
	}
	if ((r = db_guide_nominate(c.id, in.shop, in.guide,
	    in.guide_user.id, in.evidence, j != NULL, staff, ctx->user.id,
	    (int64_t)time(NULL), &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	if (j != NULL) {
		guide_photo_file(".", id, path, sizeof(path));
		if (!file_save(path, j->out.phone, (size_t)j->out.phone_size))
			kore_log(LOG_ERR, "guide photo %lld: not saved",
			    (long long)id);
	}
	return (nomination_done(ctx, c.id, id));
}

/* The nomination of the path; 0 when answered (404). */
static int
nominee_path(struct ctx *ctx, struct guide_nominee *n)
{
	enum db_result	 r;

	if ((r = db_guide_nominee_get(web_path_id(ctx), n)) == DB_NOTFOUND)
		return (guide_verdict_fail(ctx, GV_NOT_ELIGIBLE), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

static int
nominee_done(struct ctx *ctx, int64_t id, int64_t comp)
{
	struct guide_nominee	 n;
	enum db_result		 r;
	char			 to[80];

	if (web_is_json(ctx)) {
		if ((r = db_guide_nominee_get(id, &n)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 200, json_pack("{s:o}", "nominee",
		    nominee_json(&n, 1, 0))));
	}
	(void)snprintf(to, sizeof(to), "/competitions/%lld/guides",
	    (long long)comp);
	return (web_redirect(ctx, to));
}

/* POST /nominees/<id>/check (staff): verdict eligible or refused, note. */
int
guide_check(struct ctx *ctx)
{
	struct guide_nominee	 n;
	enum guide_verdict	 v;
	enum db_result		 r;
	const char		*verdict = web_field(ctx, "verdict");
	char			 notebuf[200 * 4 + 1], *note = "";
	int			 ok;

	if (!nominee_path(ctx, &n))
		return (KORE_RESULT_OK);
	if (verdict == NULL || (strcmp(verdict, "eligible") != 0 &&
	    strcmp(verdict, "refused") != 0))
		return (web_fail(ctx, 400, "invalid_verdict",
		    M_ERR_GUIDE_VERDICT));
	ok = strcmp(verdict, "eligible") == 0;
	if (web_field(ctx, "note") != NULL && *web_field(ctx, "note") != '\0'
	    && (note = text_field(web_field(ctx, "note"), 200, notebuf,
	    sizeof(notebuf))) == NULL)
		return (web_fail(ctx, 400, "invalid_reason",
		    M_ERR_GUIDE_REASON));
	if ((r = db_guide_check(n.id, ok, note, ctx->user.id,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	return (nominee_done(ctx, n.id, n.competition));
}

/* POST /nominees/<id>/recusals (staff): judge (a panel member), reason. */
int
guide_recuse(struct ctx *ctx)
{
	struct guide_nominee	 n;
	enum guide_verdict	 v;
	enum db_result		 r;
	long long		 judge;
	char			 buf[200 * 4 + 1], *reason;

	if (!nominee_path(ctx, &n))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "judge", 1, INT64_MAX, &judge))
		return (web_fail(ctx, 400, "invalid_judge", M_ERR_GUIDE_JUDGE));
	if ((reason = text_field(web_field(ctx, "reason"), 200, buf,
	    sizeof(buf))) == NULL)
		return (web_fail(ctx, 400, "invalid_reason",
		    M_ERR_GUIDE_REASON));
	if ((r = db_guide_recuse(n.id, judge, reason, ctx->user.id,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	return (nominee_done(ctx, n.id, n.competition));
}

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

	if (!guide_path(ctx, &c))
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

	if (!guide_path(ctx, &c))
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
		    "rules", guide_rules_json(c.id), "votes", w.arr)));
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

	if ((reason = text_field(web_field(ctx, "reason"), 200, buf,
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

	if (!guide_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "nominee", 1, INT64_MAX, &nominee))
		return (web_fail(ctx, 400, "invalid_nominee",
		    M_ERR_GUIDE_NOMINEE));
	if (against == NULL || (strcmp(against, "shop") != 0 &&
	    strcmp(against, "guide") != 0) || (summary =
	    text_field(web_field(ctx, "summary"), 400, buf,
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
