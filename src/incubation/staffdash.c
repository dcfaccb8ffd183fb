/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * staffdash.c: the talent service station's view of the whole pipeline —
 * how many people are at each stage and how many moved this month, the
 * runs not yet over with their fill and waitlists, enrolments week by
 * week, certificates by kind — as tables (each also a CSV for Excel),
 * pictures drawn by chart.c on a task thread, and JSON.
 *
 * A drawn picture is kept (CHART_KEPT per worker) under everything it
 * was drawn from — which chart, its title, every label and value — so
 * a repeat with the same numbers is answered from memory instead of
 * taking ~50 ms of libgd again, and any change of a number or a word is
 * a different key, so a kept picture is never out of date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gd.h>

#include "cert.h"
#include "chart.h"
#include "csvio.h"
#include "html.h"
#include "portfolio.h"

#define WEEKS		12
#define CHART_KEPT	12		/* pictures kept per worker */
#define CHART_KEPT_MAX	(256 * 1024)	/* a larger one is not kept */
#define CHART_FONT	"fonts/wqy-microhei.ttc"	/* in the data dir */

static const enum msg stage_msgs[STAGE__COUNT] = {
	M_STAGE_ENTRY, M_STAGE_TRAINING, M_STAGE_INCUBATION, M_STAGE_SELECTION,
};

/* Everything the dashboard shows, read once per request. */
struct dash {
	int	 stages[STAGE__COUNT];
	int64_t	 moves;			/* stage moves this month */
	long	 weeks[WEEKS];		/* enrolments, oldest week first */
	int64_t	 since;			/* the first week's start */
	long	 certs[KIND__COUNT];
	int64_t	 competitions;		/* not yet published */
	char	 today[11];
	char	 month[11];		/* the first of this month */
};

static enum db_result
dash_read(struct dash *d)
{
	struct tm	 tm;
	enum db_result	 r;
	time_t		 now = time(NULL), t, monday;

	memset(d, 0, sizeof(*d));
	seat_today(now, d->today);
	/* The first day of this month, 00:00 China time, as a timestamp. */
	t = now + 8 * 3600;
	gmtime_r(&t, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	(void)strftime(d->month, sizeof(d->month), "%Y-%m-%d", &tm);
	t = timegm(&tm) - 8 * 3600;
	/* Weeks from Monday 00:00 China time; this week is the last. */
	monday = now + 8 * 3600;
	gmtime_r(&monday, &tm);
	monday -= ((tm.tm_wday + 6) % 7) * 86400 + tm.tm_hour * 3600 +
	    tm.tm_min * 60 + tm.tm_sec + 8 * 3600;
	d->since = (int64_t)monday - (int64_t)(WEEKS - 1) * 7 * 86400;
	if ((r = db_dash_stages(d->stages)) != DB_OK ||
	    (r = db_dash_moves_since((int64_t)t, &d->moves)) != DB_OK ||
	    (r = db_dash_enrolments(d->since, WEEKS, d->weeks)) != DB_OK ||
	    (r = db_dash_certs(d->certs)) != DB_OK ||
	    (r = db_comp_in_progress(&d->competitions)) != DB_OK)
		return (r);
	return (DB_OK);
}

struct runs {
	struct buf	*b;
	enum lang	 l;
	json_t		*arr;
	int		 n;
};

static int
run_cb(const struct dash_run *d, void *arg)
{
	struct runs	*w = arg;

	w->n++;
	if (w->arr != NULL) {
		json_array_append_new(w->arr, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:s, s:i, s:i, s:i}", "run", (json_int_t)d->id,
		    "course", d->course, "title_zh", d->title_zh, "title_en",
		    d->title_en, "starts", d->starts, "ends", d->ends,
		    "capacity", d->capacity, "enrolled", d->enrolled,
		    "waitlisted", d->waitlisted));
		return (1);
	}
	if (w->b == NULL)
		return (1);
	html_lit(w->b, "<tr><td><a href=\"/runs/");
	html_int(w->b, d->id);
	html_lit(w->b, "\">");
	html_text(w->b, d->course);
	html_lit(w->b, "</a> ");
	html_text(w->b, w->l == LANG_EN ? d->title_en : d->title_zh);
	html_lit(w->b, "</td><td>");
	html_text(w->b, d->starts);
	html_lit(w->b, "</td><td>");
	html_int(w->b, d->enrolled);
	html_lit(w->b, "/");
	html_int(w->b, d->capacity);
	html_lit(w->b, " (");
	html_int(w->b, d->capacity > 0 ? d->enrolled * 100 / d->capacity : 0);
	html_lit(w->b, "%)</td><td>");
	html_int(w->b, d->waitlisted);
	html_lit(w->b, "</td></tr>");
	return (1);
}

static void
week_label(const struct dash *d, int i, char out[8])
{
	time_t		 t = (time_t)(d->since + (int64_t)i * 7 * 86400 +
			    8 * 3600);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	(void)strftime(out, 8, "%m-%d", &tm);
}

/* GET /staff/dashboard and /api/v1/dashboard. */
/* n bytes for a reader: "12.3 MiB" (a figure the page can show). */
static void
data_size(struct buf *b, int64_t n)
{
	char	 s[32];

	if (n < 1024 * 1024)
		(void)snprintf(s, sizeof(s), "%.1f KiB", n / 1024.0);
	else if (n < 1024LL * 1024 * 1024)
		(void)snprintf(s, sizeof(s), "%.1f MiB", n / 1048576.0);
	else
		(void)snprintf(s, sizeof(s), "%.2f GiB", n / 1073741824.0);
	html_text(b, s);
}

/* 就业去向: at most this many cohorts and courses each (db_jobs.c). */
#define PLACEMENT_GROUPS	50

struct placements {
	struct buf	*b;
	json_t		*arr;
	enum lang	 l;
	int		 by_course;
	int		 n;
};

static int
placement_out(const struct placement_row *p, void *arg)
{
	struct placements	*w = arg;

	w->n++;
	if (w->arr != NULL)
		return (json_array_append_new(w->arr, json_pack("{s:s, s:s, "
		    "s:s, s:I, s:I}", w->by_course ? "course" : "cohort",
		    p->key, "name_zh", p->name_zh, "name_en", p->name_en,
		    "people", (json_int_t)p->people, "hired",
		    (json_int_t)p->hired)) == 0);
	html_lit(w->b, "<tr><th scope=\"row\">");
	if (w->by_course) {
		html_text(w->b, p->key);
		html_lit(w->b, " ");
	}
	html_text(w->b, w->l == LANG_EN && p->name_en[0] != '\0' ?
	    p->name_en : p->name_zh);
	html_lit(w->b, "</th><td>");
	html_int(w->b, p->people);
	html_lit(w->b, "</td><td class=\"hired\">");
	html_int(w->b, p->hired);
	html_lit(w->b, "</td></tr>");
	return (1);
}

/* The placements by cohort and by course: JSON into o, or two tables. */
static enum db_result
placements(struct buf *b, json_t *o, enum lang l)
{
	static const enum msg	 heads[2] = {
		M_DASH_PLACE_COHORT, M_DASH_PLACE_COURSE,
	};
	static const char *const ids[2] = {
		"placements-cohort", "placements-course",
	};
	struct placements	 w;
	enum db_result		 r;
	json_t			*p = NULL;
	int			 k, none = 1;

	if (o != NULL)
		p = json_object();
	else {
		html_lit(b, "<section class=\"panel\" id=\"placements\"><h2>");
		html_text(b, i18n(l, M_DASH_PLACEMENTS));
		html_lit(b, "</h2>");
	}
	for (k = 0; k < 2; k++) {
		memset(&w, 0, sizeof(w));
		w.b = b;
		w.l = l;
		w.by_course = k;
		if (o != NULL)
			w.arr = json_array();
		else {
			html_lit(b, "<h3>");
			html_text(b, i18n(l, heads[k]));
			html_lit(b, "</h3><table id=\"");
			html_text(b, ids[k]);
			html_lit(b, "\"><thead><tr><th></th><th>");
			html_text(b, i18n(l, M_DASH_PLACE_PEOPLE));
			html_lit(b, "</th><th>");
			html_text(b, i18n(l, M_DASH_PLACE_HIRED));
			html_lit(b, "</th></tr></thead><tbody>");
		}
		if ((r = db_dash_placements(k, PLACEMENT_GROUPS,
		    placement_out, &w)) != DB_OK) {
			json_decref(w.arr);
			json_decref(p);
			return (r);
		}
		if (w.n > 0)
			none = 0;
		if (o != NULL)
			json_object_set_new(p, k ? "by_course" : "by_cohort",
			    w.arr);
		else
			html_lit(b, "</tbody></table>");
	}
	if (o != NULL)
		json_object_set_new(o, "placements", p);
	else {
		if (none) {
			html_lit(b, "<p class=\"muted\">");
			html_text(b, i18n(l, M_DASH_PLACE_NONE));
			html_lit(b, "</p>");
		}
		html_lit(b, "</section>");
	}
	return (DB_OK);
}

int
staffdash_page(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct dash	 d;
	struct runs	 w;
	struct buf	 b;
	enum db_result	 r;
	enum lang	 l = ctx->lang;
	json_t		*o, *arr;
	int64_t		 certs, photos;
	char		 label[8];
	int		 i;

	if ((r = dash_read(&d)) != DB_OK ||
	    (r = db_data_use(&certs, &photos)) != DB_OK)
		return (web_busy(ctx, r));
	memset(&w, 0, sizeof(w));
	w.l = l;
	if (web_is_json(ctx)) {
		o = json_object();
		arr = json_object();
		for (i = 0; i < STAGE__COUNT; i++)
			json_object_set_new(arr, stage_code((enum stage)i),
			    json_integer(d.stages[i]));
		json_object_set_new(o, "stages", arr);
		json_object_set_new(o, "moves_this_month",
		    json_integer(d.moves));
		arr = json_array();
		for (i = 0; i < WEEKS; i++) {
			week_label(&d, i, label);
			json_array_append_new(arr, json_pack("{s:s, s:I}",
			    "week", label, "enrolments",
			    (json_int_t)d.weeks[i]));
		}
		json_object_set_new(o, "enrolments_by_week", arr);
		arr = json_object();
		for (i = 0; i < KIND__COUNT; i++)
			json_object_set_new(arr, cert_kind_code(
			    (enum cert_kind)i), json_integer(d.certs[i]));
		json_object_set_new(o, "certificates_by_kind", arr);
		json_object_set_new(o, "competitions_in_progress",
		    json_integer(d.competitions));
		w.arr = json_array();
		if ((r = db_dash_runs(d.today, run_cb, &w)) != DB_OK) {
			json_decref(w.arr);
			json_decref(o);
			return (web_busy(ctx, r));
		}
		json_object_set_new(o, "runs", w.arr);
		if ((r = placements(NULL, o, l)) != DB_OK) {
			json_decref(o);
			return (web_busy(ctx, r));
		}
		json_object_set_new(o, "data_bytes", json_pack("{s:I, s:I, "
		    "s:I}", "photos", (json_int_t)photos, "certificates",
		    (json_int_t)certs, "total", (json_int_t)(photos + certs)));
		return (web_json(ctx, 200, o));
	}

	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_DASH_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_DASH_TITLE));
	html_lit(&b, "</h1><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_DASH_STAGES));
	html_lit(&b, "</h2><img class=\"chart\" alt=\"\" width=\"720\" "
	    "height=\"360\" src=\"/staff/dashboard/funnel.png?lang=");
	html_text(&b, i18n_code(l));
	html_lit(&b, "\"><table id=\"stages\"><tbody>");
	for (i = 0; i < STAGE__COUNT; i++) {
		html_lit(&b, "<tr><th scope=\"row\">");
		html_text(&b, i18n(l, stage_msgs[i]));
		html_lit(&b, "</th><td data-stage=\"");
		html_text(&b, stage_code((enum stage)i));
		html_lit(&b, "\">");
		html_int(&b, d.stages[i]);
		html_lit(&b, "</td></tr>");
	}
	html_lit(&b, "<tr><th scope=\"row\">");
	html_text(&b, i18n(l, M_DASH_MOVES));
	html_lit(&b, "</th><td id=\"moves\">");
	html_int(&b, d.moves);
	html_lit(&b, "</td></tr></tbody></table><p><a href=\""
	    "/staff/dashboard/stages.csv\">CSV</a></p></section>"
	    "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_DASH_RUNS));
	html_lit(&b, "</h2><div class=\"scroll\" "
	    "tabindex=\"0\"><table id=\"runs\"><thead>"
	    "<tr><th>");
	html_text(&b, i18n(l, M_NAV_COURSES));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_DESK_STARTS));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_DASH_FILL));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_DASH_WAITING));
	html_lit(&b, "</th></tr></thead><tbody>");
	if ((r = db_dash_runs(d.today, run_cb, &w)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</tbody></table></div><p><a href=\""
	    "/staff/dashboard/runs.csv\">CSV</a></p></section>"
	    "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_DASH_ENROLMENTS));
	html_lit(&b, "</h2><img class=\"chart\" alt=\"\" width=\"720\" "
	    "height=\"360\" src=\"/staff/dashboard/enrolments.png?lang=");
	html_text(&b, i18n_code(l));
	html_lit(&b, "\"><p><a href=\"/staff/dashboard/enrolments.csv\">CSV"
	    "</a></p></section><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_DASH_CERTS));
	html_lit(&b, "</h2><img class=\"chart\" alt=\"\" width=\"720\" "
	    "height=\"360\" src=\"/staff/dashboard/certificates.png?lang=");
	html_text(&b, i18n_code(l));
	html_lit(&b, "\"><p><a href=\"/staff/dashboard/certificates.csv\">CSV"
	    "</a></p></section><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_DASH_DATA));
	html_lit(&b, "</h2><table id=\"data-use\"><tbody><tr><th "
	    "scope=\"row\">");
	html_text(&b, i18n(l, M_DASH_DATA_PHOTOS));
	html_lit(&b, "</th><td id=\"data-photos\" data-bytes=\"");
	html_int(&b, photos);
	html_lit(&b, "\">");
	data_size(&b, photos);
	html_lit(&b, "</td></tr><tr><th scope=\"row\">");
	html_text(&b, i18n(l, M_DASH_DATA_CERTS));
	html_lit(&b, "</th><td id=\"data-certs\" data-bytes=\"");
	html_int(&b, certs);
	html_lit(&b, "\">");
	data_size(&b, certs);
	html_lit(&b, "</td></tr></tbody></table></section>"
	    "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_DASH_COMPETITIONS));
	html_lit(&b, "</h2><p id=\"competitions\">");
	html_int(&b, d.competitions);
	html_lit(&b, " · <a href=\"/competitions\">");
	html_text(&b, i18n(l, M_DASH_COMPETITIONS_NOTE));
	html_lit(&b, "</a></p></section>");
	if ((r = placements(&b, NULL, l)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* A kept picture: the key it was drawn from, its PNG (malloc'ed). */
struct chart_kept {
	char		*key;
	size_t		 keylen;
	void		*png;
	size_t		 size;
	uint64_t	 used;		/* for the least recently used */
};

/* Only the worker's event loop reads or writes these: no lock. */
static struct chart_kept	chart_kept[CHART_KEPT];
static uint64_t			chart_clock;

/* Everything j's picture is drawn from, unambiguously, into b. */
static void
chart_key(const struct chart_job *j, struct buf *b)
{
	size_t	 i;

	buf_printf(b, "%d|%zu:%s|%zu", j->which, strlen(j->title), j->title,
	    j->n);
	for (i = 0; i < j->n; i++)
		buf_printf(b, "|%zu:%s=%ld", strlen(j->items[i].label),
		    j->items[i].label, j->items[i].value);
}

/* The kept picture drawn from key, or NULL. */
static struct chart_kept *
chart_kept_find(const struct buf *key)
{
	size_t	 i;

	for (i = 0; i < CHART_KEPT; i++)
		if (chart_kept[i].key != NULL &&
		    chart_kept[i].keylen == key->len &&
		    memcmp(chart_kept[i].key, key->data, key->len) == 0) {
			chart_kept[i].used = ++chart_clock;
			return (&chart_kept[i]);
		}
	return (NULL);
}

/* Keep png under key in place of the least recently used picture. */
static void
chart_kept_put(const struct buf *key, const void *png, size_t size)
{
	struct chart_kept	*k = &chart_kept[0];
	size_t			 i;
	char			*kc;
	void			*pc;

	if (size > CHART_KEPT_MAX || chart_kept_find(key) != NULL)
		return;
	for (i = 1; i < CHART_KEPT; i++)
		if (chart_kept[i].used < k->used)
			k = &chart_kept[i];
	if ((kc = malloc(key->len)) == NULL || (pc = malloc(size)) == NULL) {
		free(kc);
		return;
	}
	free(k->key);
	free(k->png);
	memcpy(kc, key->data, key->len);
	memcpy(pc, png, size);
	k->key = kc;
	k->keylen = key->len;
	k->png = pc;
	k->size = size;
	k->used = ++chart_clock;
}

static int
chart_png(struct ctx *ctx, const void *png, size_t size, const char *how)
{
	http_response_header(ctx->req, "content-type", "image/png");
	http_response_header(ctx->req, "cache-control", "no-store");
	http_response_header(ctx->req, "x-content-type-options", "nosniff");
	/* kept or drawn: tests and benchmarks see which. */
	http_response_header(ctx->req, "x-yujiang-chart", how);
	http_response(ctx->req, 200, png, size);
	return (KORE_RESULT_OK);
}

/* A chart being drawn on a task thread. */
static void
chart_job_free(void *arg)
{
	struct chart_job	*j = arg;

	if (j->png != NULL)
		gdFree(j->png);
	free(j);
}

static int
chart_job_run_cb(void *arg)
{
	struct chart_job	*j = arg;
	int (*const fn[])(const char *, const struct chart_item *, size_t,
	    const char *, void **, int *, char *, size_t) = {
		chart_funnel, chart_line, chart_bars,
	};

	return (fn[j->which](j->title, j->items, j->n, CHART_FONT, &j->png,
	    &j->size, j->err, sizeof(j->err)));
}

/* A new chart to draw: which (CHART_JOB_*), its title. Never NULL. */
struct chart_job *
staffdash_chart_new(int which, const char *title)
{
	struct chart_job	*j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		abort();
	j->which = which;
	(void)snprintf(j->title, sizeof(j->title), "%s", title);
	return (j);
}

/* One more bar or point; past CHART_MAX they are left out. */
void
staffdash_chart_item(struct chart_job *j, const char *label, long value)
{
	if (j->n == CHART_MAX)
		return;
	(void)snprintf(j->labels[j->n], sizeof(j->labels[j->n]), "%s", label);
	utf8_cut(j->labels[j->n], SIZE_MAX, sizeof(j->labels[j->n]));
	j->items[j->n].label = j->labels[j->n];
	j->items[j->n].value = value;
	j->n++;
}

/*
 * Answer j's picture (the request owns j from here): the kept one drawn
 * from the same data if there is one, else drawn on a task thread and
 * then kept. Call it for the first pass and again on every retry, until
 * it stops returning KORE_RESULT_RETRY.
 */
int
staffdash_chart_answer(struct ctx *ctx, struct chart_job *j)
{
	struct chart_kept	*k;
	struct buf		 key;

	if (!ctx->work.started) {
		buf_init(&key, 512);
		chart_key(j, &key);
		k = chart_kept_find(&key);
		buf_free(&key);
		if (k != NULL) {
			chart_job_free(j);
			return (chart_png(ctx, k->png, k->size, "kept"));
		}
		web_work_start(ctx, chart_job_run_cb, j, chart_job_free);
		return (KORE_RESULT_RETRY);
	}
	if (!web_work_done(ctx))
		return (KORE_RESULT_RETRY);
	j = ctx->work.arg;
	if (ctx->work.result != KORE_RESULT_OK || j->png == NULL) {
		kore_log(LOG_ERR, "chart: %s", j->err);
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	}
	buf_init(&key, 512);
	chart_key(j, &key);
	chart_kept_put(&key, j->png, (size_t)j->size);
	buf_free(&key);
	return (chart_png(ctx, j->png, (size_t)j->size, "drawn"));
}

/* The name in /staff/dashboard/<name>.<ext>: index in names, or -1. */
static int
path_name(struct ctx *ctx, const char *const *names, size_t n)
{
	const char	*p = strrchr(ctx->req->path, '/') + 1;
	size_t		 i, len;

	for (i = 0; i < n; i++) {
		len = strlen(names[i]);
		if (strncmp(p, names[i], len) == 0 && p[len] == '.')
			return ((int)i);
	}
	return (-1);
}

/* GET /staff/dashboard/<funnel|enrolments|certificates>.png */
int
staffdash_chart(struct ctx *ctx)
{
	static const char *const names[] = {
		"funnel", "enrolments", "certificates",
	};
	struct chart_job	*j;
	struct dash		 d;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	char			 label[8];
	int			 i, which;

	if (ctx->work.started)
		return (staffdash_chart_answer(ctx, NULL));
	if ((which = path_name(ctx, names, 3)) < 0)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	(void)i18n_parse(web_field(ctx, "lang"), &ctx->lang);
	l = ctx->lang;
	if ((r = dash_read(&d)) != DB_OK)
		return (web_busy(ctx, r));
	j = staffdash_chart_new(which, i18n(l, which == 0 ? M_DASH_STAGES :
	    which == 1 ? M_DASH_ENROLMENTS : M_DASH_CERTS));
	if (which == 0) {
		for (i = 0; i < STAGE__COUNT; i++)
			staffdash_chart_item(j, i18n(l, stage_msgs[i]), d.stages[i]);
	} else if (which == 1) {
		for (i = 0; i < WEEKS; i++) {
			week_label(&d, i, label);
			staffdash_chart_item(j, label, d.weeks[i]);
		}
	} else {
		for (i = 0; i < KIND__COUNT; i++)
			staffdash_chart_item(j, i18n(l, cert_kind_msg((enum cert_kind)i)),
			    d.certs[i]);
	}
	return (staffdash_chart_answer(ctx, j));
}

/* GET /staff/dashboard/<stages|runs|enrolments|certificates>.csv */
int
staffdash_csv(struct ctx *ctx)
{
	static const char *const names[] = {
		"stages", "runs", "enrolments", "certificates",
	};
	struct runs	 w;
	struct dash	 d;
	struct buf	 b;
	enum db_result	 r;
	enum lang	 l = ctx->lang;
	char		 label[8], num[32], name[64];
	int		 i, which;
	json_t		*arr, *row;
	size_t		 k;

	if ((which = path_name(ctx, names, 4)) < 0)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	if ((r = dash_read(&d)) != DB_OK)
		return (web_busy(ctx, r));
	buf_init(&b, 4096);
	csv_bom(&b);
	switch (which) {
	case 0:
		csv_field(&b, i18n(l, M_DASH_STAGE));
		csv_field(&b, i18n(l, M_DASH_PEOPLE));
		csv_end_row(&b);
		for (i = 0; i < STAGE__COUNT; i++) {
			csv_field(&b, i18n(l, stage_msgs[i]));
			(void)snprintf(num, sizeof(num), "%d", d.stages[i]);
			csv_field(&b, num);
			csv_end_row(&b);
		}
		csv_field(&b, i18n(l, M_DASH_MOVES));
		(void)snprintf(num, sizeof(num), "%lld", (long long)d.moves);
		csv_field(&b, num);
		csv_end_row(&b);
		break;
	case 1:
		memset(&w, 0, sizeof(w));
		w.arr = json_array();
		if ((r = db_dash_runs(d.today, run_cb, &w)) != DB_OK) {
			json_decref(w.arr);
			buf_free(&b);
			return (web_busy(ctx, r));
		}
		csv_field(&b, "run");
		csv_field(&b, "course");
		csv_field(&b, "title");
		csv_field(&b, i18n(l, M_DESK_STARTS));
		csv_field(&b, i18n(l, M_DESK_ENDS));
		csv_field(&b, "capacity");
		csv_field(&b, "enrolled");
		csv_field(&b, "waitlisted");
		csv_end_row(&b);
		arr = w.arr;
		json_array_foreach(arr, k, row) {
			(void)snprintf(num, sizeof(num), "%lld", (long long)
			    json_integer_value(json_object_get(row, "run")));
			csv_field(&b, num);
			csv_field(&b, json_string_value(json_object_get(row,
			    "course")));
			csv_field(&b, json_string_value(json_object_get(row,
			    l == LANG_EN ? "title_en" : "title_zh")));
			csv_field(&b, json_string_value(json_object_get(row,
			    "starts")));
			csv_field(&b, json_string_value(json_object_get(row,
			    "ends")));
			(void)snprintf(num, sizeof(num), "%lld", (long long)
			    json_integer_value(json_object_get(row,
			    "capacity")));
			csv_field(&b, num);
			(void)snprintf(num, sizeof(num), "%lld", (long long)
			    json_integer_value(json_object_get(row,
			    "enrolled")));
			csv_field(&b, num);
			(void)snprintf(num, sizeof(num), "%lld", (long long)
			    json_integer_value(json_object_get(row,
			    "waitlisted")));
			csv_field(&b, num);
			csv_end_row(&b);
		}
		json_decref(arr);
		break;
	case 2:
		csv_field(&b, i18n(l, M_DASH_WEEK));
		csv_field(&b, i18n(l, M_DASH_ENROLMENTS));
		csv_end_row(&b);
		for (i = 0; i < WEEKS; i++) {
			week_label(&d, i, label);
			csv_field(&b, label);
			(void)snprintf(num, sizeof(num), "%ld", d.weeks[i]);
			csv_field(&b, num);
			csv_end_row(&b);
		}
		break;
	default:
		csv_field(&b, i18n(l, M_V_KIND));
		csv_field(&b, i18n(l, M_DASH_CERTS));
		csv_end_row(&b);
		for (i = 0; i < KIND__COUNT; i++) {
			csv_field(&b, i18n(l, cert_kind_msg(
			    (enum cert_kind)i)));
			(void)snprintf(num, sizeof(num), "%ld", d.certs[i]);
			csv_field(&b, num);
			csv_end_row(&b);
		}
		break;
	}
	(void)snprintf(name, sizeof(name), "yujiang-%s-%s.csv", names[which],
	    d.today);
	return (web_csv(ctx, name, &b));
}
