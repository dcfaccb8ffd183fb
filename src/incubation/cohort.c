/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * cohort.c: the talent incubation base (玉雕人才孵化基地). Staff open a
 * cohort (name, dates, places) with the default milestones, admit people
 * at the incubation stage and give each a mentor (a master); the mentor
 * signs each milestone off for their mentee with a comment. The gate to
 * selection (gate.c) opens when all of a cohort's milestones are signed.
 *
 * Who sees a cohort: staff, its mentors and its members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "portfolio.h"

#define COHORT_MAX_MILESTONES	12


/* The cohort of the path, if the reader may see it (else answered). */
static int
cohort_from_path(struct ctx *ctx, struct cohort *c)
{
	enum db_result	 r;
	int64_t		 in, mentor;
	int		 yes = 0;

	if ((r = db_cohort_get(web_path_id(ctx), c)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_COHORT), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	if (ctx->user.role == ROLE_STAFF)
		return (1);
	if (ctx->user.role == ROLE_MASTER &&
	    db_cohort_is_mentor(c->id, ctx->user.id, &yes) == DB_OK && yes)
		return (1);
	if (db_cohort_of_user(ctx->user.id, &in, &mentor) == DB_OK &&
	    in == c->id)
		return (1);
	return (web_fail(ctx, 404, "not_found", M_ERR_COHORT), 0);
}

static json_t *
cohort_json(const struct cohort *c)
{
	return (json_pack("{s:I, s:s, s:s, s:s, s:i, s:i}", "id",
	    (json_int_t)c->id, "name", c->name, "starts", c->starts, "ends",
	    c->ends, "places", c->places, "members", c->members));
}

static int
cohort_row_cb(const struct cohort *c, void *arg)
{
	struct web_list	*w = arg;
	int		 yes = 0;

	if (w->ctx->user.role == ROLE_MASTER &&
	    (db_cohort_is_mentor(c->id, w->ctx->user.id, &yes) != DB_OK ||
	    !yes))
		return (1);
	w->n++;
	if (w->arr != NULL) {
		json_array_append_new(w->arr, cohort_json(c));
		return (1);
	}
	html_lit(w->b, "<li><a href=\"/cohorts/");
	html_int(w->b, c->id);
	html_lit(w->b, "\"><strong>");
	html_text(w->b, c->name);
	html_lit(w->b, "</strong></a><br><small>");
	html_text(w->b, c->starts);
	html_lit(w->b, " – ");
	html_text(w->b, c->ends);
	html_lit(w->b, " · ");
	html_int(w->b, c->members);
	html_lit(w->b, "/");
	html_int(w->b, c->places);
	html_lit(w->b, "</small></li>");
	return (1);
}

/* cohort_list's rows (web_list), from db_cohorts(). */
static enum db_result
cohorts_rows(struct web_list *w)
{
	return (db_cohorts(cohort_row_cb, w));
}

static const struct web_list_spec cohorts_spec = {
	.key = "cohorts", .title = M_COHORTS_TITLE,
	.intro = M__COUNT, .none = M_COHORTS_NONE, .load = cohorts_rows,
};

/* GET /cohorts: staff see every cohort and open one; mentors theirs. */
int
cohort_list(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct web_list	 w;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	if (!web_list(ctx, &w, &cohorts_spec, &pc, &b))
		return (KORE_RESULT_OK);
	if (ctx->user.role == ROLE_STAFF) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_COHORT_NEW));
		html_lit(&b, "</h2><form method=\"post\" class=\"stack\" "
		    "id=\"cohort-form\" enctype=\"multipart/form-data\" "
		    "action=\"/cohorts\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label>");
		html_text(&b, i18n(l, M_COHORT_NAME));
		html_lit(&b, "<input name=\"name\" id=\"f-name\" maxlength=\"60\" "
		    "required></label><label>");
		html_text(&b, i18n(l, M_DESK_STARTS));
		html_lit(&b, "<input type=\"date\" name=\"starts\" required>"
		    "</label><label>");
		html_text(&b, i18n(l, M_DESK_ENDS));
		html_lit(&b, "<input type=\"date\" name=\"ends\" required>"
		    "</label><label>");
		html_text(&b, i18n(l, M_COHORT_PLACES));
		html_lit(&b, "<input type=\"number\" name=\"places\" min=\"1\" "
		    "max=\"200\" value=\"12\" required></label><button "
		    "type=\"submit\">");
		html_text(&b, i18n(l, M_COHORT_NEW));
		html_lit(&b, "</button></form></section>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

static int
cohort_done(struct ctx *ctx, int64_t id, int status)
{
	struct cohort	 c;
	enum db_result	 r;
	char		 to[64];

	if (web_is_json(ctx)) {
		if ((r = db_cohort_get(id, &c)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, status, json_pack("{s:o}", "cohort",
		    cohort_json(&c))));
	}
	(void)snprintf(to, sizeof(to), "/cohorts/%lld", (long long)id);
	return (web_redirect(ctx, to));
}

/* POST /cohorts (staff): name, starts, ends, places. */
int
cohort_create(struct ctx *ctx)
{
	const char	*name = web_field(ctx, "name");
	const char	*starts = web_field(ctx, "starts");
	const char	*ends = web_field(ctx, "ends");
	enum db_result	 r;
	long long	 places;
	size_t		 chars;
	int64_t		 id;

	if (name == NULL || !utf8_chars(name, &chars) || chars == 0 ||
	    chars > 60)
		return (web_fail(ctx, 400, "invalid_name", M_ERR_COHORT_NAME));
	if (starts == NULL || ends == NULL || !coursefile_date_valid(starts) ||
	    !coursefile_date_valid(ends) || strcmp(starts, ends) > 0)
		return (web_fail(ctx, 400, "invalid_dates", M_ERR_DATES));
	if (!web_field_int(ctx, "places", 1, 200, &places))
		return (web_fail(ctx, 400, "invalid_places",
		    M_ERR_COHORT_PLACES));
	if ((r = db_cohort_create(name, starts, ends, (int)places,
	    ctx->user.id, (int64_t)time(NULL), &id)) != DB_OK)
		return (web_busy(ctx, r));
	return (cohort_done(ctx, id, 201));
}

/* The page's milestones and sign-offs, collected for the grid. */
struct grid {
	struct milestone	 m[COHORT_MAX_MILESTONES];
	int			 nm;
	struct signoff		*s;
	size_t			 ns, cap;
	struct ctx		*ctx;
	struct buf		*b;
	struct page_ctx		*pc;
	json_t			*arr;
};

static int
grid_milestone_cb(const struct milestone *m, void *arg)
{
	struct grid	*g = arg;

	if (g->nm < COHORT_MAX_MILESTONES)
		g->m[g->nm++] = *m;
	return (1);
}

static int
grid_signoff_cb(const struct signoff *s, void *arg)
{
	struct grid	*g = arg;
	struct signoff	*grown;

	if (g->ns == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 32;
		if ((grown = reallocarray(g->s, g->cap, sizeof(*grown))) ==
		    NULL)
			abort();
		g->s = grown;
	}
	g->s[g->ns++] = *s;
	return (1);
}

static const struct signoff *
grid_find(const struct grid *g, int64_t milestone, int64_t user)
{
	size_t	 i;

	for (i = 0; i < g->ns; i++) {
		if (g->s[i].milestone == milestone && g->s[i].user == user)
			return (&g->s[i]);
	}
	return (NULL);
}

static int
member_cb(const struct cohort_member *m, void *arg)
{
	struct grid		*g = arg;
	const struct signoff	*s;
	enum lang		 l = g->ctx->lang;
	json_t			*o, *ms;
	int			 i;

	if (g->arr != NULL) {
		ms = json_array();
		for (i = 0; i < g->nm; i++) {
			s = grid_find(g, g->m[i].id, m->user);
			json_array_append_new(ms, json_pack("{s:I, s:b, s:s}",
			    "milestone", (json_int_t)g->m[i].id, "signed",
			    s != NULL, "comment", s != NULL ? s->comment : ""));
		}
		o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:i, s:o}", "user",
		    (json_int_t)m->user, "name", m->name, "mentor",
		    (json_int_t)m->mentor, "mentor_name", m->mentor_name,
		    "stage", stage_code(m->stage), "signed", m->signed_off,
		    "milestones", ms);
		json_array_append_new(g->arr, o);
		return (1);
	}
	html_lit(g->b, "<tr><th scope=\"row\"><a href=\"/people/");
	html_int(g->b, m->user);
	html_lit(g->b, "\">");
	html_text(g->b, m->name);
	html_lit(g->b, "</a><br><small>");
	html_text(g->b, i18n(l, M_COHORT_MENTOR));
	html_lit(g->b, " ");
	html_text(g->b, m->mentor_name);
	html_lit(g->b, "</small></th>");
	for (i = 0; i < g->nm; i++) {
		html_lit(g->b, "<td>");
		if ((s = grid_find(g, g->m[i].id, m->user)) != NULL) {
			html_lit(g->b, "<span class=\"badge valid\" title=\"");
			html_text(g->b, s->comment);
			html_lit(g->b, "\">✓</span><br><small>");
			html_text(g->b, s->comment);
			html_lit(g->b, "</small>");
		} else if (g->ctx->user.id == m->mentor) {
			html_lit(g->b, "<form method=\"post\" class=\"stack\" "
			    "enctype=\"multipart/form-data\" "
			    "action=\"/milestones/");
			html_int(g->b, g->m[i].id);
			html_lit(g->b, "/sign\">");
			page_csrf_field(g->b, g->pc);
			html_lit(g->b, "<input type=\"hidden\" name=\"user\" "
			    "value=\"");
			html_int(g->b, m->user);
			html_lit(g->b, "\"><input name=\"comment\" maxlength=\"500\" "
			    "required><button type=\"submit\">");
			html_text(g->b, i18n(l, M_MILESTONE_SIGN));
			html_lit(g->b, "</button></form>");
		} else
			html_lit(g->b, "—");
		html_lit(g->b, "</td>");
	}
	html_lit(g->b, "</tr>");
	return (1);
}

struct options {
	struct buf	*b;
	int		 n;
};

static int
candidate_option_cb(int64_t id, const char *name, void *arg)
{
	struct options	*o = arg;

	o->n++;
	html_lit(o->b, "<option value=\"");
	html_int(o->b, id);
	html_lit(o->b, "\">");
	html_text(o->b, name);
	html_lit(o->b, "</option>");
	return (1);
}

static int
master_option_cb(const struct master_row *m, void *arg)
{
	return (candidate_option_cb(m->id, m->name, arg));
}

static void
staff_forms(struct buf *b, struct ctx *ctx, struct page_ctx *pc,
    const struct cohort *c)
{
	struct options	 o;
	enum lang	 l = ctx->lang;

	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_COHORT_ADMIT));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "id=\"admit-form\" enctype=\"multipart/form-data\" "
	    "action=\"/cohorts/");
	html_int(b, c->id);
	html_lit(b, "/admit\">");
	page_csrf_field(b, pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_COHORT_PERSON));
	html_lit(b, "<select name=\"user\" id=\"f-user\">");
	o.b = b;
	o.n = 0;
	(void)db_cohort_candidates(candidate_option_cb, &o);
	html_lit(b, "</select></label><label>");
	html_text(b, i18n(l, M_COHORT_MENTOR));
	html_lit(b, "<select name=\"mentor\" id=\"f-mentor\">");
	(void)db_masters(0, master_option_cb, &o);
	html_lit(b, "</select></label><button type=\"submit\">");
	html_text(b, i18n(l, M_COHORT_ADMIT));
	html_lit(b, "</button></form></section><section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_MILESTONE_ADD));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "enctype=\"multipart/form-data\" action=\"/cohorts/");
	html_int(b, c->id);
	html_lit(b, "/milestones\">");
	page_csrf_field(b, pc);
	html_lit(b, "<label>中文<input name=\"title_zh\" maxlength=\"40\" "
	    "required></label><label>English<input name=\"title_en\" "
	    "maxlength=\"80\" required></label><button type=\"submit\">");
	html_text(b, i18n(l, M_MILESTONE_ADD));
	html_lit(b, "</button></form></section>");
}

/* GET /cohorts/<id>: members, mentors, the milestones grid; forms. */
int
cohort_show(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct cohort	 c;
	struct grid	 g;
	struct buf	 b;
	enum db_result	 r;
	enum lang	 l = ctx->lang;
	json_t		*ms;
	int		 i;

	if (!cohort_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	memset(&g, 0, sizeof(g));
	g.ctx = ctx;
	if ((r = db_milestones(c.id, grid_milestone_cb, &g)) != DB_OK ||
	    (r = db_signoffs(c.id, grid_signoff_cb, &g)) != DB_OK) {
		free(g.s);
		return (web_busy(ctx, r));
	}
	if (web_is_json(ctx)) {
		ms = json_array();
		for (i = 0; i < g.nm; i++)
			json_array_append_new(ms, json_pack("{s:I, s:s, s:s}",
			    "id", (json_int_t)g.m[i].id, "title_zh",
			    g.m[i].title_zh, "title_en", g.m[i].title_en));
		g.arr = json_array();
		r = db_cohort_members(c.id, member_cb, &g);
		free(g.s);
		if (r != DB_OK) {
			json_decref(ms);
			json_decref(g.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:o, s:o, s:o}",
		    "cohort", cohort_json(&c), "milestones", ms, "members",
		    g.arr)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	g.b = &b;
	g.pc = &pc;
	page_begin(&b, &pc, c.name);
	html_lit(&b, "<h1 id=\"cohort-name\">");
	html_text(&b, c.name);
	html_lit(&b, "</h1><p class=\"meta\">");
	html_text(&b, c.starts);
	html_lit(&b, " – ");
	html_text(&b, c.ends);
	html_lit(&b, " · ");
	html_text(&b, i18n(l, M_COHORT_PLACES));
	html_lit(&b, " ");
	html_int(&b, c.members);
	html_lit(&b, "/");
	html_int(&b, c.places);
	html_lit(&b, "</p><div class=\"scroll\" "
	    "tabindex=\"0\"><table id=\"milestones\">"
	    "<thead><tr><th></th>");
	for (i = 0; i < g.nm; i++) {
		html_lit(&b, "<th scope=\"col\">");
		html_text(&b, l == LANG_EN ? g.m[i].title_en :
		    g.m[i].title_zh);
		html_lit(&b, "</th>");
	}
	html_lit(&b, "</tr></thead><tbody>");
	if ((r = db_cohort_members(c.id, member_cb, &g)) != DB_OK) {
		free(g.s);
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	free(g.s);
	html_lit(&b, "</tbody></table></div>");
	if (ctx->user.role == ROLE_STAFF)
		staff_forms(&b, ctx, &pc, &c);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* POST /cohorts/<id>/admit (staff): user, mentor. */
int
cohort_admit(struct ctx *ctx)
{
	struct cohort		 c;
	enum incub_verdict	 v;
	enum db_result		 r;
	long long		 user, mentor;

	if (!cohort_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "user", 1, INT64_MAX, &user) ||
	    !web_field_int(ctx, "mentor", 1, INT64_MAX, &mentor))
		return (web_fail(ctx, 400, "invalid_user", M_ERR_USER));
	r = db_cohort_admit(c.id, (int64_t)user, (int64_t)mentor,
	    ctx->user.id, (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_PERSON));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	switch (v) {
	case IV_OK:
		return (cohort_done(ctx, c.id, 200));
	case IV_FULL:
		return (web_fail(ctx, 409, "cohort_full", M_ERR_COHORT_FULL));
	case IV_NOT_INCUBATION:
		return (web_fail(ctx, 409, "not_incubation",
		    M_ERR_COHORT_STAGE));
	case IV_NOT_MASTER:
		return (web_fail(ctx, 409, "mentor_not_master",
		    M_ERR_NOT_MASTER));
	default:
		return (web_fail(ctx, 409, "already_in_cohort",
		    M_ERR_COHORT_TWICE));
	}
}

/* POST /cohorts/<id>/milestones (staff): title_zh, title_en. */
int
cohort_milestone_add(struct ctx *ctx)
{
	struct cohort		 c;
	enum incub_verdict	 v;
	enum db_result		 r;
	const char		*zh = web_field(ctx, "title_zh");
	const char		*en = web_field(ctx, "title_en");
	size_t			 a, b;
	int64_t			 id;

	if (!cohort_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (zh == NULL || en == NULL || !utf8_chars(zh, &a) ||
	    !utf8_chars(en, &b) || a == 0 || a > 40 || b == 0 || b > 80)
		return (web_fail(ctx, 400, "invalid_title",
		    M_ERR_MILESTONE_TITLE));
	if ((r = db_milestone_add(c.id, zh, en, COHORT_MAX_MILESTONES,
	    ctx->user.id, (int64_t)time(NULL), &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != IV_OK)
		return (web_fail(ctx, 409, "too_many", M_ERR_MILESTONE_TITLE));
	return (cohort_done(ctx, c.id, 201));
}

/* POST /milestones/<id>/sign (the member's mentor): user, comment. */
int
cohort_sign(struct ctx *ctx)
{
	struct milestone	 m;
	enum incub_verdict	 v;
	enum db_result		 r;
	const char		*comment = web_field(ctx, "comment");
	long long		 user;
	size_t			 chars;

	if ((r = db_milestone_get(web_path_id(ctx), &m)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_MILESTONE));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!web_field_int(ctx, "user", 1, INT64_MAX, &user))
		return (web_fail(ctx, 400, "invalid_user", M_ERR_USER));
	if (comment == NULL || !utf8_chars_lines(comment, &chars) ||
	    chars == 0 || chars > 500)
		return (web_fail(ctx, 400, "invalid_comment",
		    M_ERR_WORK_COMMENT));
	if ((r = db_milestone_sign(m.id, (int64_t)user, ctx->user.id, comment,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	switch (v) {
	case IV_OK:
		return (cohort_done(ctx, m.cohort, 201));
	case IV_NOT_MEMBER:
		return (web_fail(ctx, 404, "not_member", M_ERR_MILESTONE));
	case IV_NOT_MENTOR:
		return (web_fail(ctx, 403, "not_mentor",
		    M_ERR_MILESTONE_MENTOR));
	default:
		return (web_fail(ctx, 409, "already_signed",
		    M_ERR_MILESTONE_TWICE));
	}
}

/* POST /masters/<id>/speciality (the master, or staff): speciality. */
int
cohort_speciality(struct ctx *ctx)
{
	struct master_row	 m;
	enum db_result		 r;
	const char		*s = web_field(ctx, "speciality");
	size_t			 chars;
	char			 to[64];

	if ((r = db_master_get(web_path_id(ctx), &m)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_MASTER));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (ctx->user.role != ROLE_STAFF && ctx->user.id != m.id)
		return (web_fail(ctx, 403, "forbidden", M_ERR_FORBIDDEN));
	if (s == NULL || !utf8_chars(s, &chars) || chars > 80)
		return (web_fail(ctx, 400, "invalid_speciality",
		    M_ERR_WORK_FIELD));
	if ((r = db_speciality_set(m.id, s, ctx->user.id,
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:s}", "master",
		    (json_int_t)m.id, "speciality", s)));
	(void)snprintf(to, sizeof(to), "/masters/%lld", (long long)m.id);
	return (web_redirect(ctx, to));
}
