/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * desk.c: the run desk — where a run's instructor (a master) or the
 * station staff see who has a seat and who waits, take the register for
 * each session, record assessment scores (which decide completion), and
 * export the roster for Excel. Staff also change the run's dates,
 * capacity and instructor here. Masters may only open runs they teach:
 * checked here, on the server, for every request.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csvio.h"
#include "html.h"
#include "web.h"
#include "course.h"

#define DESK_MAX_PEOPLE	10000

/*
 * Load the run of the path and check the reader may work on it: staff
 * always, a master only when they teach it. Answers 404/403 and returns
 * 0 otherwise.
 */
static int
run_from_path(struct ctx *ctx, struct run *run)
{
	enum db_result	 r;

	if ((r = db_run_get(web_path_id(ctx), run)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_RUN), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	if (ctx->user.role == ROLE_STAFF)
		return (1);
	if (ctx->user.role == ROLE_MASTER && run->instructor == ctx->user.id)
		return (1);
	return (web_fail(ctx, 403, "not_instructor", M_ERR_NOT_INSTRUCTOR), 0);
}

struct register_acc {
	int64_t		 users[DESK_MAX_PEOPLE];
	unsigned char	 present[DESK_MAX_PEOPLE];
	int		 n;
	int		 session;
};

/* db_attendance_of_run() callback: keep the marks of one session. */
static int
register_row_cb(int64_t user, int session, int present, void *arg)
{
	struct register_acc	*ra = arg;

	if (session == ra->session && ra->n < DESK_MAX_PEOPLE) {
		ra->users[ra->n] = user;
		ra->present[ra->n++] = (unsigned char)present;
	}
	return (1);
}

static int
was_present(const struct register_acc *ra, int64_t user)
{
	int	 i;

	for (i = 0; i < ra->n; i++) {
		if (ra->users[i] == user)
			return (ra->present[i]);
	}
	return (0);
}

struct desk_acc {
	struct ctx		*ctx;
	struct buf		*b;
	struct register_acc	*ra;	/* the register being taken, or NULL */
	json_t			*arr;
	int			 sessions;
	int			 n;
};

static json_t *
seat_row_json(const struct seat_row *s)
{
	return (json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:o}",
	    "user", (json_int_t)s->user, "name", s->name, "account",
	    s->account, "school", s->school, "status",
	    seat_status_code(s->status), "position", s->position, "attended",
	    s->attended, "score", s->score >= 0 ? json_integer(s->score) :
	    json_null(), "result", s->result[0] ? json_string(s->result) :
	    json_null()));
}

/* db_run_roster() callback: one person of the desk table (or JSON). */
static int
desk_row_cb(const struct seat_row *s, void *arg)
{
	struct desk_acc	*da = arg;
	struct buf	*b = da->b;
	struct ctx	*ctx = da->ctx;
	struct page_ctx	 pc;
	enum lang	 l = ctx->lang;

	if (da->arr != NULL) {
		json_array_append_new(da->arr, seat_row_json(s));
		return (1);
	}
	da->n++;
	html_lit(b, "<tr><td>");
	html_text(b, s->name);
	html_lit(b, "<br><small>");
	html_text(b, s->account);
	if (s->school[0] != '\0') {
		html_lit(b, " · ");
		html_text(b, s->school);
	}
	html_lit(b, "</small></td><td>");
	if (s->status == SEAT_WAITLISTED) {
		html_text(b, i18n(l, M_STATUS_WAITLISTED));
		html_lit(b, " ");
		html_int(b, s->position);
	} else
		html_text(b, i18n(l, M_STATUS_ENROLLED));
	html_lit(b, "</td><td>");
	if (s->status == SEAT_ENROLLED) {
		if (da->ra != NULL) {
			html_lit(b, "<label class=\"choice\"><input "
			    "type=\"checkbox\" name=\"present\" value=\"");
			html_int(b, s->user);
			html_lit(b, "\"");
			if (was_present(da->ra, s->user))
				html_lit(b, " checked");
			html_lit(b, " form=\"register\"> ");
			html_text(b, i18n(l, M_DESK_PRESENT));
			html_lit(b, "</label><input type=\"hidden\" "
			    "name=\"listed\" form=\"register\" value=\"");
			html_int(b, s->user);
			html_lit(b, "\">");
		} else {
			html_int(b, s->attended);
			html_lit(b, "/");
			html_int(b, da->sessions);
		}
	}
	html_lit(b, "</td><td>");
	if (s->result[0] != '\0') {
		html_int(b, s->score);
		html_lit(b, " ");
		html_text(b, i18n(l, strcmp(s->result, "passed") == 0 ?
		    M_RESULT_PASSED : M_RESULT_FAILED));
	}
	if (s->status == SEAT_ENROLLED && strcmp(s->result, "passed") != 0) {
		web_page_ctx(ctx, &pc);
		html_lit(b, "<form method=\"post\" class=\"score\" "
		    "action=\"/runs/");
		html_int(b, s->run);
		html_lit(b, "/result\">");
		page_csrf_field(b, &pc);
		html_lit(b, "<input type=\"hidden\" name=\"user\" value=\"");
		html_int(b, s->user);
		html_lit(b, "\"><input type=\"number\" name=\"score\" "
		    "min=\"0\" max=\"100\" required aria-label=\"");
		html_text(b, i18n(l, M_SCORE));
		html_lit(b, "\"><button type=\"submit\">");
		html_text(b, i18n(l, M_DESK_RECORD));
		html_lit(b, "</button></form>");
	}
	html_lit(b, "</td></tr>");
	return (1);
}

/*
 * The desk page (or its JSON twin) for run, with status and a notice.
 * ?session=N opens the register for that session.
 */
static int
desk_page(struct ctx *ctx, const struct run *run, int status, enum msg notice)
{
	struct course		 c;
	struct desk_acc		 da;
	struct register_acc	*ra = NULL;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	long long		 session = 0;
	int			 i;
	json_t			*j;

	if ((r = db_course_get(run->course, &c)) != DB_OK)
		return (web_busy(ctx, r));
	memset(&da, 0, sizeof(da));
	da.ctx = ctx;
	da.sessions = c.sessions;
	if (web_is_json(ctx)) {
		course_free(&c);
		da.arr = json_array();
		if ((r = db_run_roster(run->id, 0, desk_row_cb, &da)) !=
		    DB_OK) {
			json_decref(da.arr);
			return (web_busy(ctx, r));
		}
		j = json_pack("{s:o, s:o}", "run", course_run_json(run),
		    "roster", da.arr);
		return (web_json(ctx, status, j));
	}
	if (web_field_int(ctx, "session", 1, c.sessions, &session)) {
		if ((ra = calloc(1, sizeof(*ra))) == NULL)
			abort();
		ra->session = (int)session;
		if ((r = db_attendance_of_run(run->id, register_row_cb, ra)) !=
		    DB_OK) {
			free(ra);
			course_free(&c);
			return (web_busy(ctx, r));
		}
	}
	da.ra = ra;
	web_page_ctx(ctx, &pc);
	buf_init(&b, 32768);
	da.b = &b;
	page_begin(&b, &pc, i18n(l, M_DESK_TITLE));
	html_lit(&b, "<p class=\"crumbs\"><a href=\"/courses/");
	html_url(&b, c.code);
	html_lit(&b, "\">");
	html_text(&b, c.code);
	html_lit(&b, " ");
	html_text(&b, course_title(ctx, c.title_zh, c.title_en));
	html_lit(&b, "</a></p><h1>");
	html_text(&b, i18n(l, M_DESK_TITLE));
	html_lit(&b, " · ");
	html_text(&b, run->starts);
	html_lit(&b, " – ");
	html_text(&b, run->ends);
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
	html_lit(&b, "<p class=\"meta\">");
	html_text(&b, i18n(l, M_CAT_SEATS_LEFT));
	html_lit(&b, " ");
	html_int(&b, run->capacity - run->enrolled > 0 ?
	    run->capacity - run->enrolled : 0);
	html_lit(&b, "/");
	html_int(&b, run->capacity);
	html_lit(&b, " · ");
	html_text(&b, i18n(l, M_RUN_WAITLIST));
	html_lit(&b, " ");
	html_int(&b, run->waitlisted);
	html_lit(&b, " · <a href=\"/runs/");
	html_int(&b, run->id);
	html_lit(&b, "/enrolments.csv\" id=\"export\">");
	html_text(&b, i18n(l, M_DESK_EXPORT));
	html_lit(&b, "</a></p><nav class=\"sessions\" aria-label=\"");
	html_text(&b, i18n(l, M_DESK_SESSION));
	html_lit(&b, "\">");
	html_text(&b, i18n(l, M_DESK_SESSION));
	html_lit(&b, ": ");
	for (i = 1; i <= c.sessions; i++) {
		html_lit(&b, "<a href=\"/runs/");
		html_int(&b, run->id);
		html_lit(&b, "?session=");
		html_int(&b, i);
		html_lit(&b, "\"");
		if (i == session)
			html_lit(&b, " aria-current=\"page\"");
		html_lit(&b, ">");
		html_int(&b, i);
		html_lit(&b, "</a> ");
	}
	html_lit(&b, "</nav>");
	html_lit(&b, "<h2>");
	html_text(&b, i18n(l, M_DESK_ROSTER));
	html_lit(&b, "</h2><div class=\"scroll\" "
	    "tabindex=\"0\"><table id=\"roster\"><thead>"
	    "<tr><th>");
	html_text(&b, i18n(l, M_CSV_NAME));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_CSV_STATUS));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_ATTENDED));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_SCORE));
	html_lit(&b, "</th></tr></thead><tbody>");
	r = db_run_roster(run->id, 0, desk_row_cb, &da);
	free(ra);
	if (r != DB_OK) {
		course_free(&c);
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</tbody></table></div>");
	if (session > 0) {
		/* The checkboxes in the table above belong to this form. */
		html_lit(&b, "<form method=\"post\" id=\"register\" "
		    "enctype=\"multipart/form-data\" action=\"/runs/");
		html_int(&b, run->id);
		html_lit(&b, "/attendance\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<input type=\"hidden\" name=\"session\" value=\"");
		html_int(&b, session);
		html_lit(&b, "\"><button type=\"submit\" id=\"save-register\">");
		html_text(&b, i18n(l, M_DESK_SAVE_REGISTER));
		html_lit(&b, " · ");
		html_int(&b, session);
		html_lit(&b, "</button></form>");
	}
	if (ctx->user.role == ROLE_STAFF) {
		course_run_form(&b, ctx, &c, run);
		html_lit(&b, "<p><a href=\"/staff/roster?run=");
		html_int(&b, run->id);
		html_lit(&b, "\">");
		html_text(&b, i18n(l, M_DESK_IMPORT));
		html_lit(&b, "</a></p><section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_CERT_ISSUE_RUN));
		html_lit(&b, "</h2><form method=\"post\" class=\"stack\" "
		    "id=\"issue-certs\" enctype=\"multipart/form-data\" "
		    "action=\"/runs/");
		html_int(&b, run->id);
		html_lit(&b, "/certificates\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label>");
		html_text(&b, i18n(l, M_CERTS_LANG));
		html_lit(&b, "<select name=\"lang\"><option value=\"zh\">");
		html_text(&b, i18n(l, M_CLANG_ZH));
		html_lit(&b, "</option><option value=\"en\">");
		html_text(&b, i18n(l, M_CLANG_EN));
		html_lit(&b, "</option><option value=\"both\">");
		html_text(&b, i18n(l, M_CLANG_BOTH));
		html_lit(&b, "</option></select></label><button "
		    "type=\"submit\">");
		html_text(&b, i18n(l, M_CERTS_ISSUE));
		html_lit(&b, "</button></form></section>");
	}
	course_free(&c);
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /runs/<id> and GET /api/v1/runs/<id> */
int
desk_show(struct ctx *ctx)
{
	struct run	 run;
	const char	*done = web_field(ctx, "done");

	if (!run_from_path(ctx, &run))
		return (KORE_RESULT_OK);
	return (desk_page(ctx, &run, 200, done != NULL &&
	    strcmp(done, "saved") == 0 ? M_DESK_SAVED : M_ERR_TITLE));
}

static int
desk_done(struct ctx *ctx, int64_t run, const char *extra)
{
	char	 to[96];

	(void)snprintf(to, sizeof(to), "/runs/%lld?done=saved%s",
	    (long long)run, extra != NULL ? extra : "");
	return (web_redirect(ctx, to));
}

/* POST /runs/<id> and its API twin: staff change dates, seats, teacher. */
int
desk_run_update(struct ctx *ctx)
{
	struct run_edit	 e;
	struct run	 run;
	enum db_result	 r;
	char		 starts[11], ends[11];
	int		 promoted;

	if ((r = db_run_get(web_path_id(ctx), &run)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_RUN));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!course_run_fields(ctx, &e, starts, ends, run.instructor))
		return (KORE_RESULT_OK);
	if ((r = db_run_update(run.id, &e, ctx->user.id, &promoted)) != DB_OK)
		return (web_busy(ctx, r));
	if (!web_is_json(ctx))
		return (desk_done(ctx, run.id, NULL));
	if ((r = db_run_get(run.id, &run)) != DB_OK)
		return (web_busy(ctx, r));
	return (web_json(ctx, 200, json_pack("{s:o, s:i}", "run",
	    course_run_json(&run), "promoted", promoted)));
}

/*
 * POST /runs/<id>/attendance: the register of one session. The form
 * lists everyone shown ("listed") and ticks who was there ("present");
 * the API names "present" and "absent" directly.
 */
int
desk_attendance(struct ctx *ctx)
{
	struct course	 c;
	struct run	 run;
	enum db_result	 r;
	long long	 session;
	int64_t		*present, *absent, *listed;
	ssize_t		 np, na, nl, i, k;
	char		 extra[32];

	if (!run_from_path(ctx, &run))
		return (KORE_RESULT_OK);
	if ((r = db_course_get(run.course, &c)) != DB_OK)
		return (web_busy(ctx, r));
	course_free(&c);
	if (!web_field_int(ctx, "session", 1, c.sessions, &session))
		return (web_fail(ctx, 400, "invalid_session", M_ERR_SESSION));
	present = calloc(DESK_MAX_PEOPLE, sizeof(*present));
	absent = calloc(DESK_MAX_PEOPLE, sizeof(*absent));
	listed = calloc(DESK_MAX_PEOPLE, sizeof(*listed));
	if (present == NULL || absent == NULL || listed == NULL)
		abort();
	np = web_field_ids(ctx, "present", present, DESK_MAX_PEOPLE);
	if (web_is_json(ctx))
		na = web_field_ids(ctx, "absent", absent, DESK_MAX_PEOPLE);
	else {
		/* Absent: listed on the page but not ticked. */
		nl = web_field_ids(ctx, "listed", listed, DESK_MAX_PEOPLE);
		na = nl < 0 ? -1 : 0;
		for (i = 0; i < nl && np >= 0; i++) {
			for (k = 0; k < np && present[k] != listed[i]; k++)
				;
			if (k == np)
				absent[na++] = listed[i];
		}
	}
	if (np < 0 || na < 0 || np + na == 0) {
		free(present);
		free(absent);
		free(listed);
		return (web_fail(ctx, 400, "invalid_user", M_ERR_USER));
	}
	r = db_attendance_record(run.id, (int)session, present, (size_t)np,
	    absent, (size_t)na, ctx->user.id, (int64_t)time(NULL));
	free(present);
	free(absent);
	free(listed);
	if (r == DB_CONFLICT)
		return (web_fail(ctx, 409, "no_seat", M_ERR_NO_SEAT));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:I, s:i, s:i}",
		    "run", (json_int_t)run.id, "session", (json_int_t)session,
		    "present", (int)np, "absent", (int)na)));
	(void)snprintf(extra, sizeof(extra), "&session=%lld", session);
	return (desk_done(ctx, run.id, extra));
}

/*
 * POST /runs/<id>/result: an apprentice's assessment score. Passing (the
 * course's pass mark and attendance rule) records the completion event.
 */
int
desk_result(struct ctx *ctx)
{
	struct run	 run;
	enum db_result	 r;
	long long	 user, score;
	int		 passed;

	if (!run_from_path(ctx, &run))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "user", 1, INT64_MAX, &user))
		return (web_fail(ctx, 400, "invalid_user", M_ERR_USER));
	if (!web_field_int(ctx, "score", 0, 100, &score))
		return (web_fail(ctx, 400, "invalid_score", M_ERR_SCORE));
	r = db_result_record(run.id, user, (int)score, ctx->user.id,
	    (int64_t)time(NULL), &passed);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 409, "no_seat", M_ERR_NO_SEAT));
	if (r == DB_CONFLICT)
		return (web_fail(ctx, 409, "already_completed",
		    M_ERR_COMPLETED));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:I, s:i, s:s}",
		    "run", (json_int_t)run.id, "user", (json_int_t)user,
		    "score", (int)score, "result", passed ? "passed" :
		    "failed")));
	return (desk_done(ctx, run.id, NULL));
}

struct export_acc {
	struct buf	*b;
	enum lang	 lang;
};

/* db_run_roster() callback: one CSV row of the export. */
static int
export_row_cb(const struct seat_row *s, void *arg)
{
	struct export_acc	*ea = arg;
	char			 n[16];
	enum msg		 st;

	csv_field(ea->b, s->name);
	csv_field(ea->b, s->account);
	csv_field(ea->b, s->school);
	st = s->status == SEAT_ENROLLED ? M_STATUS_ENROLLED :
	    s->status == SEAT_WAITLISTED ? M_STATUS_WAITLISTED :
	    M_STATUS_WITHDRAWN;
	csv_field(ea->b, i18n(ea->lang, st));
	(void)snprintf(n, sizeof(n), "%d", s->position);
	csv_field(ea->b, s->position > 0 ? n : "");
	(void)snprintf(n, sizeof(n), "%d", s->attended);
	csv_field(ea->b, n);
	(void)snprintf(n, sizeof(n), "%d", s->score);
	csv_field(ea->b, s->score >= 0 ? n : "");
	csv_field(ea->b, s->result[0] == '\0' ? "" : i18n(ea->lang,
	    strcmp(s->result, "passed") == 0 ? M_RESULT_PASSED :
	    M_RESULT_FAILED));
	csv_end_row(ea->b);
	return (1);
}

/* GET /runs/<id>/enrolments.csv: the roster for Excel (BOM, CRLF). */
int
desk_export(struct ctx *ctx)
{
	struct export_acc	 ea;
	struct run		 run;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	char			 name[64];

	if (!run_from_path(ctx, &run))
		return (KORE_RESULT_OK);
	buf_init(&b, 8192);
	csv_bom(&b);
	csv_field(&b, i18n(l, M_CSV_NAME));
	csv_field(&b, i18n(l, M_CSV_ACCOUNT));
	csv_field(&b, i18n(l, M_CSV_SCHOOL_COL));
	csv_field(&b, i18n(l, M_CSV_STATUS));
	csv_field(&b, i18n(l, M_CSV_POSITION));
	csv_field(&b, i18n(l, M_ATTENDED));
	csv_field(&b, i18n(l, M_SCORE));
	csv_field(&b, i18n(l, M_CSV_RESULT));
	csv_end_row(&b);
	ea.b = &b;
	ea.lang = l;
	if ((r = db_run_roster(run.id, 1, export_row_cb, &ea)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	(void)snprintf(name, sizeof(name), "%s-run%lld.csv", run.course,
	    (long long)run.id);
	return (web_csv(ctx, name, &b));
}

struct panel_acc {
	struct ctx	*ctx;
	struct buf	*b;
	int		 n;
};

static int
panel_run_cb(const struct run *r, void *arg)
{
	struct panel_acc	*pa = arg;

	pa->n++;
	html_lit(pa->b, "<li><a href=\"/runs/");
	html_int(pa->b, r->id);
	html_lit(pa->b, "\">");
	html_text(pa->b, r->course);
	html_lit(pa->b, " · ");
	html_text(pa->b, r->starts);
	html_lit(pa->b, " – ");
	html_text(pa->b, r->ends);
	html_lit(pa->b, "</a> <span class=\"meta\">");
	html_int(pa->b, r->enrolled);
	html_lit(pa->b, "/");
	html_int(pa->b, r->capacity);
	html_lit(pa->b, "</span></li>");
	return (1);
}

/* The "runs I teach" panel of a master's page. */
void
desk_panel(struct ctx *ctx, struct buf *b)
{
	struct panel_acc	 pa;

	pa.ctx = ctx;
	pa.b = b;
	pa.n = 0;
	html_lit(b, "<section class=\"panel\" id=\"my-runs\"><h2>");
	html_text(b, i18n(ctx->lang, M_DESK_TITLE));
	html_lit(b, "</h2><ul>");
	(void)db_runs_of_instructor(ctx->user.id, panel_run_cb, &pa);
	html_lit(b, "</ul>");
	if (pa.n == 0) {
		html_lit(b, "<p>");
		html_text(b, i18n(ctx->lang, M_RUN_NONE_TAUGHT));
		html_lit(b, "</p>");
	}
	html_lit(b, "</section>");
}
