/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * course.c: a course's page with its runs and seats, and the staff's
 * scheduling of runs, as a page or, on /api/v1, as JSON from the same
 * data; the pieces of course rendering listing.c shares, and
 * the per-worker cache of rendered catalogue parts both use.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "web.h"
#include "course.h"

const enum msg course_stage_msgs[STAGE__COUNT] = {
	[STAGE_ENTRY] = M_STAGE_ENTRY,
	[STAGE_TRAINING] = M_STAGE_TRAINING,
	[STAGE_INCUBATION] = M_STAGE_INCUBATION,
	[STAGE_SELECTION] = M_STAGE_SELECTION,
};

/*
 * Each worker keeps the last few rendered catalogues — the list for a
 * language and filter, or the JSON — with the catalogue version they were
 * made at. A course, run or seat that changes moves the version (a
 * trigger in the schema), so an answer is never staler than the store.
 * The page around the list (navigation, the reader's session) is written
 * for every request.
 */
#define CAT_CACHE	48

static struct cat_cache	 cat_cache[CAT_CACHE];
static unsigned		 cat_cache_next;

/* The cached text for key at version, or NULL. Borrowed. */
const struct cat_cache *
course_cache_find(const char *key, int64_t version)
{
	int	 i;

	for (i = 0; i < CAT_CACHE; i++) {
		if (cat_cache[i].data != NULL &&
		    cat_cache[i].version == version &&
		    strcmp(cat_cache[i].key, key) == 0)
			return (&cat_cache[i]);
	}
	return (NULL);
}

/* Keep len bytes of data for key at version, evicting the oldest. */
void
course_cache_put(const char *key, int64_t version, const char *data,
    size_t len)
{
	struct cat_cache	*c = &cat_cache[cat_cache_next++ % CAT_CACHE];

	free(c->data);
	if ((c->data = malloc(len)) == NULL)
		abort();
	memcpy(c->data, data, len);
	c->len = len;
	c->version = version;
	(void)snprintf(c->key, sizeof(c->key), "%s", key);
}

/* The words for a course's track. */
enum msg
course_track_msg(enum course_track t)
{
	switch (t) {
	case CTRACK_CARVER:
		return (M_TRACK_CARVER);
	case CTRACK_DESIGNER:
		return (M_TRACK_DESIGNER);
	default:
		return (M_TRACK_BOTH);
	}
}

/* The title in the reader's language. */
const char *
course_title(const struct ctx *ctx, const char *zh, const char *en)
{
	return (ctx->lang == LANG_EN ? en : zh);
}

/* 1 when the course's enrolment window holds today (China date). */
int
course_open(const struct course *c, const char *today)
{
	return (strcmp(c->opens, today) <= 0 && strcmp(today, c->closes) <= 0);
}

/* A small label (stage, track, open) with a class for its colour. */
void
course_badge(struct buf *b, const char *text, const char *cls)
{
	html_lit(b, "<span class=\"badge ");
	html_text(b, cls);
	html_lit(b, "\">");
	html_text(b, text);
	html_lit(b, "</span>");
}

/* A run as the API shows it. */
json_t *
course_run_json(const struct run *r)
{
	int	 left = r->capacity - r->enrolled;

	return (json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:o}",
	    "id", (json_int_t)r->id, "course", r->course, "starts", r->starts,
	    "ends", r->ends, "capacity", r->capacity, "enrolled", r->enrolled,
	    "waitlisted", r->waitlisted, "seats_left", left > 0 ? left : 0,
	    "instructor", r->instructor ? json_pack("{s:I, s:s}", "id",
	    (json_int_t)r->instructor, "name", r->instructor_name) :
	    json_null()));
}

/* A course as the API shows it, with its prerequisites' codes. */
json_t *
course_json(const struct course *c, const char *today)
{
	struct prereq	 p[COURSE_PREREQ_MAX];
	json_t		*j, *pre;
	int		 i, n = 0;

	pre = json_array();
	if (db_course_prereqs(c->code, 0, p, &n) != DB_OK)
		n = 0;
	for (i = 0; i < n; i++)
		json_array_append_new(pre, json_string(p[i].code));
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:i, "
	    "s:s, s:s, s:s, s:b}", "code", c->code, "title_zh", c->title_zh,
	    "title_en", c->title_en, "track", course_track_code(c->track), "stage",
	    stage_code(c->stage), "hours", c->hours, "sessions", c->sessions,
	    "capacity", c->capacity, "pass_mark", c->pass_mark, "attendance",
	    c->attendance, "instructor", role_code(c->instructor),
	    "enrol_opens", c->opens, "enrol_closes", c->closes, "open",
	    course_open(c, today));
	json_object_set_new(j, "prerequisites", pre);
	return (j);
}


struct course_acc {
	struct ctx	*ctx;
	struct buf	*b;
	const char	*today;
	json_t		*arr;
	int		 n;
	/* the reader's seats (all of them: a few dozen at most) */
	struct seat_row	*seats;
	int		 nseats;
	int		 capseats;
};

/* db_my_seats() callback: remember the reader's seats (grows ca->seats). */
static int
my_seat_cb(const struct seat_row *s, void *arg)
{
	struct course_acc	*ca = arg;

	if (ca->nseats == ca->capseats) {
		ca->capseats = ca->capseats ? ca->capseats * 2 : 16;
		ca->seats = realloc(ca->seats, (size_t)ca->capseats *
		    sizeof(*ca->seats));
		if (ca->seats == NULL)
			abort();
	}
	ca->seats[ca->nseats++] = *s;
	return (1);
}

static const struct seat_row *
seat_in(const struct course_acc *ca, int64_t run)
{
	int	 i;

	for (i = 0; i < ca->nseats; i++) {
		if (ca->seats[i].run == run)
			return (&ca->seats[i]);
	}
	return (NULL);
}

static void
run_button(struct buf *b, struct ctx *ctx, int64_t run, const char *action,
    enum msg label, const char *cls)
{
	struct page_ctx	 pc;

	web_page_ctx(ctx, &pc);
	html_lit(b, "<form method=\"post\" class=\"inline\" action=\"/runs/");
	html_int(b, run);
	html_lit(b, "/");
	html_text(b, action);
	html_lit(b, "\">");
	page_csrf_field(b, &pc);
	html_lit(b, "<button type=\"submit\" class=\"");
	html_text(b, cls);
	html_lit(b, "\">");
	html_text(b, i18n(ctx->lang, label));
	html_lit(b, "</button></form>");
}

/* db_runs_of_course() callback: one run of the course page, with the
 * reader's own status and buttons. */
static int
course_run_row_cb(const struct run *r, void *arg)
{
	struct course_acc	*ca = arg;
	struct buf		*b = ca->b;
	struct ctx		*ctx = ca->ctx;
	const struct seat_row	*s;
	enum lang		 l = ctx->lang;
	int			 left = r->capacity - r->enrolled;

	if (ca->arr != NULL) {
		json_array_append_new(ca->arr, course_run_json(r));
		return (1);
	}
	ca->n++;
	html_lit(b, "<li class=\"run\" id=\"run-");
	html_int(b, r->id);
	html_lit(b, "\"><p><strong>");
	html_text(b, r->starts);
	html_lit(b, " – ");
	html_text(b, r->ends);
	html_lit(b, "</strong></p><p class=\"meta\">");
	html_text(b, i18n(l, M_RUN_INSTRUCTOR));
	html_lit(b, ": ");
	html_text(b, r->instructor ? r->instructor_name : i18n(l, M_RUN_TBA));
	html_lit(b, " · ");
	html_text(b, i18n(l, M_CAT_SEATS_LEFT));
	html_lit(b, " <span class=\"seats\">");
	html_int(b, left > 0 ? left : 0);
	html_lit(b, "</span>/");
	html_int(b, r->capacity);
	if (r->waitlisted > 0) {
		html_lit(b, " · ");
		html_text(b, i18n(l, M_RUN_WAITLIST));
		html_lit(b, " ");
		html_int(b, r->waitlisted);
	}
	html_lit(b, "</p><p>");
	if (strcmp(r->ends, ca->today) < 0) {
		html_text(b, i18n(l, M_ENROL_CLOSED));
	} else if (!ctx->logged_in) {
		html_lit(b, "<a class=\"button\" href=\"/login\">");
		html_text(b, i18n(l, M_LOGIN_TO_ENROL));
		html_lit(b, "</a>");
	} else if (ctx->user.role == ROLE_APPRENTICE) {
		if ((s = seat_in(ca, r->id)) != NULL) {
			html_lit(b, "<span class=\"status\">");
			if (strcmp(s->result, "passed") == 0) {
				html_text(b, i18n(l, M_RESULT_PASSED));
				html_lit(b, "</span></p></li>");
				return (1);	/* completed: nothing to undo */
			}
			if (s->status == SEAT_ENROLLED)
				html_text(b, i18n(l, M_STATUS_ENROLLED));
			else {
				html_text(b, i18n(l, M_STATUS_WAITLISTED));
				html_lit(b, " · ");
				html_text(b, i18n(l, M_POSITION));
				html_lit(b, " ");
				html_int(b, s->position);
			}
			html_lit(b, "</span> ");
			run_button(b, ctx, r->id, "withdraw", M_WITHDRAW,
			    "secondary");
		} else
			run_button(b, ctx, r->id, "enrol", left > 0 ?
			    M_ENROL : M_ENROL_WAITLIST, "primary");
	}
	if (ctx->logged_in && (ctx->user.role == ROLE_STAFF ||
	    (ctx->user.role == ROLE_MASTER &&
	    r->instructor == ctx->user.id))) {
		html_lit(b, " <a href=\"/runs/");
		html_int(b, r->id);
		html_lit(b, "\">");
		html_text(b, i18n(l, M_DESK_OPEN));
		html_lit(b, "</a>");
	}
	html_lit(b, "</p></li>");
	return (1);
}

static void
fact_row(struct buf *b, const char *label, const char *value)
{
	html_lit(b, "<dt>");
	html_text(b, label);
	html_lit(b, "</dt><dd>");
	html_text(b, value);
	html_lit(b, "</dd>");
}

static void
fact_int(struct buf *b, const char *label, long long v)
{
	char	 s[32];

	(void)snprintf(s, sizeof(s), "%lld", v);
	fact_row(b, label, s);
}

/*
 * The course's Markdown body as HTML, rendered by md4c once per catalogue
 * version and then taken from the worker's cache.
 */
static void
course_body(struct buf *b, const struct course *c)
{
	const struct cat_cache	*hit;
	struct buf		 html;
	int64_t			 version;
	char			 key[32];

	(void)snprintf(key, sizeof(key), "body|%s", c->code);
	if (db_catalogue_version(&version) != DB_OK)
		version = -1;
	if (version >= 0 && (hit = course_cache_find(key, version)) != NULL) {
		buf_append(b, hit->data, hit->len);
		return;
	}
	buf_init(&html, 8192);
	if (!html_markdown(&html, c->body)) {
		buf_reset(&html);
		html_lit(&html, "<pre>");
		html_text(&html, c->body);
		html_lit(&html, "</pre>");
	}
	if (version >= 0)
		course_cache_put(key, version, html.data, html.len);
	html_fragment(b, &html);
	buf_free(&html);
}

/*
 * The staff's run form: a new run of course (run NULL) or the changes to
 * run (its values filled in). Posts to /courses/<code>/runs or /runs/<id>.
 */
void
course_run_form(struct buf *b, struct ctx *ctx, const struct course *c,
    const struct run *run)
{
	struct page_ctx	 pc;
	enum lang	 l = ctx->lang;

	web_page_ctx(ctx, &pc);
	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, run == NULL ? M_DESK_NEW_RUN : M_DESK_EDIT));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" action=\"");
	if (run == NULL) {
		html_lit(b, "/courses/");
		html_url(b, c->code);
		html_lit(b, "/runs");
	} else {
		html_lit(b, "/runs/");
		html_int(b, run->id);
	}
	html_lit(b, "\">");
	page_csrf_field(b, &pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_DESK_STARTS));
	html_lit(b, "<input type=\"date\" name=\"starts\" required value=\"");
	html_text(b, run != NULL ? run->starts : NULL);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_DESK_ENDS));
	html_lit(b, "<input type=\"date\" name=\"ends\" required value=\"");
	html_text(b, run != NULL ? run->ends : NULL);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COURSE_CAPACITY));
	html_lit(b, "<input type=\"number\" name=\"capacity\" min=\"1\" "
	    "max=\"10000\" required value=\"");
	html_int(b, run != NULL ? run->capacity : c->capacity);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_DESK_INSTRUCTOR_ID));
	html_lit(b, "<input type=\"number\" name=\"instructor\" min=\"1\" "
	    "value=\"");
	if (run != NULL && run->instructor)
		html_int(b, run->instructor);
	html_lit(b, "\"></label><button type=\"submit\">");
	html_text(b, i18n(l, run == NULL ? M_DESK_CREATE : M_DESK_SAVE));
	html_lit(b, "</button></form></section>");
}

/*
 * The course page, answered with status; notice (when status is not 200
 * or a done= message is shown) heads the page, and out's missing
 * prerequisites are listed under it. Used by enrol.c for its refusals.
 */
int
course_page(struct ctx *ctx, const char *code, int status, enum msg notice,
    const struct enrol_outcome *out)
{
	struct course		 c;
	struct course_acc	 ca;
	struct prereq		 pre[COURSE_PREREQ_MAX];
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	char			 today[11], window[32];
	int			 npre, i;

	if ((r = db_course_get(code, &c)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_COURSE));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if ((r = db_course_prereqs(code, 0, pre, &npre)) != DB_OK) {
		course_free(&c);
		return (web_busy(ctx, r));
	}
	web_today(today);
	memset(&ca, 0, sizeof(ca));
	ca.ctx = ctx;
	ca.today = today;

	if (web_is_json(ctx)) {
		json_t	*j = course_json(&c, today);

		ca.arr = json_array();
		r = db_runs_of_course(code, course_run_row_cb, &ca);
		json_object_set_new(j, "runs", ca.arr);
		json_object_set_new(j, "body", json_string(c.body));
		course_free(&c);
		if (r != DB_OK) {
			json_decref(j);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, j));
	}

	if (ctx->logged_in && ctx->user.role == ROLE_APPRENTICE &&
	    (r = db_my_seats(ctx->user.id, my_seat_cb, &ca)) != DB_OK) {
		free(ca.seats);
		course_free(&c);
		return (web_busy(ctx, r));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 32768);
	ca.b = &b;
	page_begin(&b, &pc, course_title(ctx, c.title_zh, c.title_en));
	html_lit(&b, "<p class=\"crumbs\"><a href=\"/courses\">");
	html_text(&b, i18n(l, M_CAT_TITLE));
	html_lit(&b, "</a></p><h1 id=\"course-title\"><span class=\"code\">");
	html_text(&b, c.code);
	html_lit(&b, "</span> ");
	html_text(&b, course_title(ctx, c.title_zh, c.title_en));
	html_lit(&b, "</h1>");
	if (notice != M_ERR_TITLE) {
		if (status >= 400)
			page_error(&b, &pc, i18n(l, notice));
		else {
			html_lit(&b, "<p class=\"ok\" role=\"status\" "
			    "id=\"notice\">");
			html_text(&b, i18n(l, notice));
			html_lit(&b, "</p>");
		}
	}
	if (out != NULL && out->nmissing > 0) {
		html_lit(&b, "<ul class=\"missing\">");
		for (i = 0; i < out->nmissing; i++) {
			html_lit(&b, "<li><a href=\"/courses/");
			html_url(&b, out->missing[i].code);
			html_lit(&b, "\">");
			html_text(&b, out->missing[i].code);
			html_lit(&b, " ");
			html_text(&b, course_title(ctx, out->missing[i].title_zh,
			    out->missing[i].title_en));
			html_lit(&b, "</a></li>");
		}
		html_lit(&b, "</ul>");
	}
	html_lit(&b, "<p>");
	course_badge(&b, i18n(l, course_stage_msgs[c.stage]), "stage");
	course_badge(&b, i18n(l, course_track_msg(c.track)), "track");
	course_badge(&b, i18n(l, course_open(&c, today) ? M_CAT_OPEN :
	    M_CAT_NOT_OPEN), course_open(&c, today) ? "open" : "closed");
	html_lit(&b, "</p><dl class=\"facts\">");
	fact_int(&b, i18n(l, M_COURSE_HOURS), c.hours);
	fact_int(&b, i18n(l, M_COURSE_SESSIONS), c.sessions);
	fact_int(&b, i18n(l, M_COURSE_CAPACITY), c.capacity);
	fact_int(&b, i18n(l, M_COURSE_PASS), c.pass_mark);
	fact_int(&b, i18n(l, M_COURSE_ATTENDANCE), c.attendance);
	(void)snprintf(window, sizeof(window), "%s – %s", c.opens, c.closes);
	fact_row(&b, i18n(l, M_COURSE_WINDOW), window);
	fact_row(&b, i18n(l, M_COURSE_INSTRUCTOR), i18n(l, c.instructor ==
	    ROLE_STAFF ? M_ROLE_STAFF : M_ROLE_MASTER));
	html_lit(&b, "</dl><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_COURSE_PREREQS));
	html_lit(&b, "</h2>");
	if (npre == 0) {
		html_lit(&b, "<p>");
		html_text(&b, i18n(l, M_COURSE_NO_PREREQS));
		html_lit(&b, "</p>");
	} else {
		html_lit(&b, "<ul id=\"prereqs\">");
		for (i = 0; i < npre; i++) {
			html_lit(&b, "<li><a href=\"/courses/");
			html_url(&b, pre[i].code);
			html_lit(&b, "\">");
			html_text(&b, pre[i].code);
			html_lit(&b, " ");
			html_text(&b, course_title(ctx, pre[i].title_zh,
			    pre[i].title_en));
			html_lit(&b, "</a></li>");
		}
		html_lit(&b, "</ul>");
	}
	html_lit(&b, "</section><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_CAT_RUNS));
	html_lit(&b, "</h2><ul class=\"runs\" id=\"runs\">");
	r = db_runs_of_course(code, course_run_row_cb, &ca);
	free(ca.seats);
	if (r != DB_OK) {
		course_free(&c);
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	if (ca.n == 0) {
		html_lit(&b, "<p>");
		html_text(&b, i18n(l, M_RUN_NONE));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "</section>");
	if (ctx->logged_in && ctx->user.role == ROLE_STAFF)
		course_run_form(&b, ctx, &c, NULL);
	html_lit(&b, "<article class=\"body\">");
	course_body(&b, &c);
	html_lit(&b, "</article>");
	course_free(&c);
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

static const struct {
	const char	*code;
	enum msg	 msg;
} done_msgs[] = {
	{ "enrolled", M_ENROL_DONE },
	{ "waitlisted", M_ENROL_WAITLISTED },
	{ "withdrawn", M_WITHDRAWN },
	{ "run_created", M_DESK_SAVED },
};

/* GET /courses/<code> and GET /api/v1/courses/<code> */
int
course_show(struct ctx *ctx)
{
	char		 code[COURSE_CODE_LEN];
	const char	*done;
	enum msg	 notice = M_ERR_TITLE;
	size_t		 i;

	if (!web_path_code(ctx, code))
		return (web_fail(ctx, 404, "not_found", M_ERR_COURSE));
	if ((done = web_field(ctx, "done")) != NULL) {
		for (i = 0; i < sizeof(done_msgs) / sizeof(done_msgs[0]); i++) {
			if (strcmp(done, done_msgs[i].code) == 0)
				notice = done_msgs[i].msg;
		}
	}
	return (course_page(ctx, code, 200, notice, NULL));
}

/*
 * Read and check a run's dates, capacity and instructor from the request
 * into e (dates copied into starts/ends). An instructor left out keeps
 * `keep` (the run's current one, or 0 for a new run); an empty field or
 * JSON null means none. Answers 400 itself and returns 0 on a bad field.
 */
int
course_run_fields(struct ctx *ctx, struct run_edit *e, char starts[11],
    char ends[11], int64_t keep)
{
	const char	*s = web_field(ctx, "starts");
	const char	*t = web_field(ctx, "ends");
	const char	*f;
	struct user	 u;
	long long	 cap, ins = keep;
	int		 given;

	if (s == NULL || t == NULL || !coursefile_date_valid(s) || !coursefile_date_valid(t) ||
	    strcmp(s, t) > 0)
		return (web_fail(ctx, 400, "invalid_dates", M_ERR_DATES), 0);
	if (!web_field_int(ctx, "capacity", 1, 10000, &cap))
		return (web_fail(ctx, 400, "invalid_capacity",
		    M_ERR_CAPACITY), 0);
	if (web_is_json(ctx)) {
		given = json_object_get(ctx->body, "instructor") != NULL;
		if (given && json_is_null(json_object_get(ctx->body,
		    "instructor"))) {
			ins = 0;
			given = 0;
		}
	} else {
		f = web_field(ctx, "instructor");
		given = f != NULL && *f != '\0';
		if (f != NULL && *f == '\0')
			ins = 0;
	}
	if (given && (!web_field_int(ctx, "instructor", 1, INT64_MAX, &ins) ||
	    db_user_by_id(ins, &u) != DB_OK || u.role == ROLE_APPRENTICE))
		return (web_fail(ctx, 400, "invalid_instructor",
		    M_ERR_INSTRUCTOR), 0);
	memcpy(starts, s, 11);
	memcpy(ends, t, 11);
	e->starts = starts;
	e->ends = ends;
	e->capacity = (int)cap;
	e->instructor = ins;
	return (1);
}

/* POST /courses/<code>/runs and its API twin: staff schedule a run. */
int
course_run_create(struct ctx *ctx)
{
	struct run_edit	 e;
	struct run	 r;
	enum db_result	 res;
	char		 code[COURSE_CODE_LEN], starts[11], ends[11];
	char		 to[64];
	int64_t		 id;

	if (!web_path_code(ctx, code))
		return (web_fail(ctx, 404, "not_found", M_ERR_COURSE));
	if ((res = db_course_exists(code)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_COURSE));
	if (res != DB_OK)
		return (web_busy(ctx, res));
	if (!course_run_fields(ctx, &e, starts, ends, 0))
		return (KORE_RESULT_OK);
	if ((res = db_run_create(code, &e, ctx->user.id, &id)) != DB_OK)
		return (web_busy(ctx, res));
	if (!web_is_json(ctx)) {
		(void)snprintf(to, sizeof(to), "/courses/%s?done=run_created",
		    code);
		return (web_redirect(ctx, to));
	}
	if ((res = db_run_get(id, &r)) != DB_OK)
		return (web_busy(ctx, res));
	return (web_json(ctx, 201, json_pack("{s:o}", "run",
	    course_run_json(&r))));
}
