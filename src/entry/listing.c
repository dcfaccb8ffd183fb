/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * listing.c: the public catalogue (入门's front door) — the list of
 * courses with its filters and search, as a page or JSON (its
 * rendered parts kept in course.c's per-worker cache).
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "web.h"
#include "course.h"

struct runs_acc {
	json_t		*arr;		/* JSON: runs not yet ended */
	const char	*today;
	int		 open_runs;
	int		 seats;		/* in the soonest run not ended */
};

/* db_runs_of_course() callback: count and collect the runs not ended. */
static int
runs_collect_cb(const struct run *r, void *arg)
{
	struct runs_acc	*ra = arg;

	if (strcmp(r->ends, ra->today) < 0)
		return (1);
	if (ra->arr != NULL)
		json_array_append_new(ra->arr, course_run_json(r));
	if (ra->open_runs++ == 0)
		ra->seats = r->capacity - r->enrolled;
	return (1);
}

struct cat_acc {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
	const char	*today;
	int		 n;
	int		 failed;
};


/* db_course_list() callback: one course card (or JSON item); 0 stops. */
static int
catalogue_row_cb(const struct course *c, void *arg)
{
	struct cat_acc	*ca = arg;
	struct runs_acc	 ra;
	enum lang	 l = ca->ctx->lang;
	json_t		*j;
	int		 open = course_open(c, ca->today);

	memset(&ra, 0, sizeof(ra));
	ra.today = ca->today;
	if (ca->arr != NULL)
		ra.arr = json_array();
	if (db_runs_of_course(c->code, runs_collect_cb, &ra) != DB_OK) {
		json_decref(ra.arr);
		ca->failed = 1;
		return (0);
	}
	ca->n++;
	if (ca->arr != NULL) {
		j = course_json(c, ca->today);
		json_object_set_new(j, "runs", ra.arr);
		json_array_append_new(ca->arr, j);
		return (1);
	}
	html_lit(ca->b, "<li class=\"card\"><a href=\"/courses/");
	html_url(ca->b, c->code);
	html_lit(ca->b, "\"><span class=\"code\">");
	html_text(ca->b, c->code);
	html_lit(ca->b, "</span> <strong>");
	html_text(ca->b, course_title(ca->ctx, c->title_zh, c->title_en));
	html_lit(ca->b, "</strong></a><p>");
	course_badge(ca->b, i18n(l, course_stage_msgs[c->stage]), "stage");
	course_badge(ca->b, i18n(l, course_track_msg(c->track)), "track");
	course_badge(ca->b, i18n(l, open ? M_CAT_OPEN : M_CAT_NOT_OPEN),
	    open ? "open" : "closed");
	html_lit(ca->b, "</p><p class=\"meta\">");
	html_text(ca->b, i18n(l, M_COURSE_HOURS));
	html_lit(ca->b, " ");
	html_int(ca->b, c->hours);
	if (ra.open_runs > 0) {
		html_lit(ca->b, " · ");
		html_text(ca->b, i18n(l, M_CAT_SEATS_LEFT));
		html_lit(ca->b, " <span class=\"seats\">");
		html_int(ca->b, ra.seats > 0 ? ra.seats : 0);
		html_lit(ca->b, "</span>");
	}
	html_lit(ca->b, "</p></li>");
	return (1);
}

static void
select_field(struct buf *b, enum lang l, const char *name, enum msg label,
    const char *cur, const char *const *codes, const enum msg *names,
    size_t n)
{
	size_t	 i;

	html_lit(b, "<label>");
	html_text(b, i18n(l, label));
	html_lit(b, "<select name=\"");
	html_text(b, name);
	html_lit(b, "\" id=\"f-");
	html_text(b, name);
	html_lit(b, "\"><option value=\"\">");
	html_text(b, i18n(l, M_CAT_ANY));
	html_lit(b, "</option>");
	for (i = 0; i < n; i++) {
		html_lit(b, "<option value=\"");
		html_text(b, codes[i]);
		html_lit(b, "\"");
		if (cur != NULL && strcmp(cur, codes[i]) == 0)
			html_lit(b, " selected");
		html_lit(b, ">");
		html_text(b, i18n(l, names[i]));
		html_lit(b, "</option>");
	}
	html_lit(b, "</select></label>");
}

/* Render the list (HTML fragment or JSON text) for f into out. */
static enum db_result
catalogue_render(struct ctx *ctx, const struct course_filter *f,
    struct buf *out)
{
	struct cat_acc	 ca;
	enum db_result	 r;
	json_t		*j;
	char		*s;

	memset(&ca, 0, sizeof(ca));
	ca.ctx = ctx;
	ca.today = f->today;
	if (web_is_json(ctx)) {
		ca.arr = json_array();
		if ((r = db_course_list(f, catalogue_row_cb, &ca)) != DB_OK ||
		    ca.failed) {
			json_decref(ca.arr);
			return (r != DB_OK ? r : DB_ERROR);
		}
		j = json_pack("{s:o}", "courses", ca.arr);
		s = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		if (s == NULL)
			return (DB_ERROR);
		buf_puts(out, s);
		free(s);
		return (DB_OK);
	}
	ca.b = out;
	html_lit(out, "<ul class=\"cards\" id=\"catalogue\">");
	if ((r = db_course_list(f, catalogue_row_cb, &ca)) != DB_OK ||
	    ca.failed)
		return (r != DB_OK ? r : DB_ERROR);
	html_lit(out, "</ul>");
	if (ca.n == 0) {
		html_lit(out, "<p class=\"empty\">");
		html_text(out, i18n(ctx->lang, M_CAT_NONE));
		html_lit(out, "</p>");
	}
	return (DB_OK);
}

/* GET /courses and GET /api/v1/courses: ?q= &track= &stage= &open=1 */
int
listing_catalogue(struct ctx *ctx)
{
	static const char *const tracks[] = { "carver", "designer" };
	static const enum msg track_names[] = { M_TRACK_CARVER,
	    M_TRACK_DESIGNER };
	static const char *const stages[] = { "entry", "training",
	    "incubation" };
	static const enum msg stage_names[] = { M_STAGE_ENTRY,
	    M_STAGE_TRAINING, M_STAGE_INCUBATION };
	const struct cat_cache	*hit;
	struct course_filter	 f;
	struct page_ctx		 pc;
	struct buf		 b, list;
	enum track		 t;
	enum stage		 s;
	enum db_result		 r;
	char			 today[11], key[192];
	long long		 open = 0;
	int64_t			 version;
	int			 n;

	web_today(today);
	memset(&f, 0, sizeof(f));
	f.today = today;
	f.query = web_field(ctx, "q");
	f.track = web_field(ctx, "track");
	f.stage = web_field(ctx, "stage");
	if (f.track != NULL && *f.track == '\0')
		f.track = NULL;
	if (f.stage != NULL && *f.stage == '\0')
		f.stage = NULL;
	if ((f.track != NULL && !track_parse(f.track, &t)) ||
	    (f.stage != NULL && (!stage_parse(f.stage, &s) ||
	    s == STAGE_SELECTION)))
		return (web_fail(ctx, 400, "bad_request", M_ERR_BAD_REQUEST));
	(void)web_field_int(ctx, "open", 0, 1, &open);
	f.open_only = (int)open;

	if ((r = db_catalogue_version(&version)) != DB_OK)
		return (web_busy(ctx, r));
	n = snprintf(key, sizeof(key), "%d|%d|%s|%s|%s|%d|%s",
	    web_is_json(ctx), ctx->lang, today, f.track ? f.track : "",
	    f.stage ? f.stage : "", f.open_only, f.query ? f.query : "");
	buf_init(&list, 16384);
	if ((hit = course_cache_find(key, version)) != NULL)
		buf_append(&list, hit->data, hit->len);
	else {
		if ((r = catalogue_render(ctx, &f, &list)) != DB_OK) {
			buf_free(&list);
			return (web_busy(ctx, r));
		}
		if (n > 0 && (size_t)n < sizeof(key))
			course_cache_put(key, version, list.data, list.len);
	}
	if (web_is_json(ctx))
		return (web_json_text(ctx, 200, &list));

	web_page_ctx(ctx, &pc);
	buf_init(&b, list.len + 4096);
	page_begin(&b, &pc, i18n(ctx->lang, M_CAT_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(ctx->lang, M_CAT_TITLE));
	html_lit(&b, "</h1><form method=\"get\" action=\"/courses\" "
	    "class=\"stack filters\" role=\"search\"><label>");
	html_text(&b, i18n(ctx->lang, M_CAT_SEARCH));
	html_lit(&b, "<input type=\"search\" name=\"q\" id=\"f-q\" value=\"");
	html_text(&b, f.query);
	html_lit(&b, "\"></label>");
	select_field(&b, ctx->lang, "track", M_FIELD_TRACK, f.track, tracks,
	    track_names, 2);
	select_field(&b, ctx->lang, "stage", M_COURSE_STAGE, f.stage, stages,
	    stage_names, 3);
	html_lit(&b, "<label class=\"choice\"><input type=\"checkbox\" "
	    "name=\"open\" id=\"f-open\" value=\"1\"");
	if (f.open_only)
		html_lit(&b, " checked");
	html_lit(&b, "> ");
	html_text(&b, i18n(ctx->lang, M_CAT_OPEN_ONLY));
	html_lit(&b, "</label><button type=\"submit\">");
	html_text(&b, i18n(ctx->lang, M_CAT_SEARCH_SUBMIT));
	html_lit(&b, "</button></form>");
	html_fragment(&b, &list);
	buf_free(&list);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}
