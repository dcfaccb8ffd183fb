/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * enrol.c: an apprentice takes a seat (报名) or a place on the waitlist,
 * or withdraws; and sees their courses with progress on "my page". The
 * rules are seat.c's, applied under one write lock by db_enrol(), so a
 * double click or two hundred people at once never overbook a run.
 */
#include <string.h>
#include <time.h>

#include "html.h"
#include "web.h"
#include "course.h"

struct verdict_answer {
	int		 status;	/* HTTP */
	const char	*code;		/* JSON "status" or "error" */
	enum msg	 msg;
	int		 ok;
};

static const struct verdict_answer answers[] = {
	[SV_ENROL] = { 201, "enrolled", M_ENROL_DONE, 1 },
	[SV_WAITLIST] = { 201, "waitlisted", M_ENROL_WAITLISTED, 1 },
	[SV_ALREADY_ENROLLED] = { 200, "enrolled", M_ENROL_ALREADY, 1 },
	[SV_ALREADY_WAITLISTED] = { 200, "waitlisted",
	    M_ENROL_ALREADY_WAITING, 1 },
	[SV_NOT_OPEN] = { 409, "enrolment_not_open", M_ENROL_NOT_OPEN, 0 },
	[SV_CLOSED] = { 409, "enrolment_closed", M_ENROL_CLOSED, 0 },
	[SV_PREREQ] = { 409, "prerequisites_missing", M_ENROL_PREREQ, 0 },
	[SV_TRACK] = { 409, "wrong_track", M_ENROL_TRACK, 0 },
};

/* POST /runs/<id>/enrol and POST /api/v1/runs/<id>/enrol */
int
enrol_enrol(struct ctx *ctx)
{
	const struct verdict_answer	*a;
	struct enrol_outcome		 out;
	struct run			 run;
	enum db_result			 r;
	char				 today[11], to[80];
	int64_t				 id = web_path_id(ctx);
	json_t				*j, *missing;
	int				 i;

	if ((r = db_run_get(id, &run)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_RUN));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	web_today(today);
	if ((r = db_enrol(id, &ctx->user, today, (int64_t)time(NULL),
	    &out)) != DB_OK)
		return (web_busy(ctx, r));
	a = &answers[out.verdict];

	if (web_is_json(ctx)) {
		if (!a->ok) {
			j = json_pack("{s:s, s:s}", "error", a->code,
			    "message", i18n(ctx->lang, a->msg));
			if (out.nmissing > 0) {
				missing = json_array();
				for (i = 0; i < out.nmissing; i++)
					json_array_append_new(missing,
					    json_string(out.missing[i].code));
				json_object_set_new(j, "missing", missing);
			}
			return (web_json(ctx, a->status, j));
		}
		j = json_pack("{s:s, s:I, s:s}", "status", a->code, "run",
		    (json_int_t)id, "message", i18n(ctx->lang, a->msg));
		if (out.position > 0)
			json_object_set_new(j, "position",
			    json_integer(out.position));
		return (web_json(ctx, a->status, j));
	}
	if (!a->ok)
		return (course_page(ctx, run.course, a->status, a->msg, &out));
	(void)snprintf(to, sizeof(to), "/courses/%s?done=%s#run-%lld",
	    run.course, a->code, (long long)id);
	return (web_redirect(ctx, to));
}

static const struct {
	const char	*code;
	enum msg	 msg;
} withdraw_refusals[] = {
	[WV_NOTHING] = { "not_enrolled", M_NOT_ENROLLED },
	[WV_COMPLETED] = { "already_completed", M_ERR_COMPLETED_SEAT },
	[WV_ENDED] = { "run_ended", M_ERR_RUN_ENDED },
};

/* POST /runs/<id>/withdraw and its API twin. */
int
enrol_withdraw(struct ctx *ctx)
{
	struct run		 run;
	enum withdraw_verdict	 v;
	enum db_result		 r;
	char			 to[80], today[11];
	int64_t			 id = web_path_id(ctx);

	if ((r = db_run_get(id, &run)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_RUN));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	web_today(today);
	if ((r = db_withdraw(id, ctx->user.id, today, (int64_t)time(NULL),
	    &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != WV_DONE) {
		if (web_is_json(ctx))
			return (web_fail(ctx, 409, withdraw_refusals[v].code,
			    withdraw_refusals[v].msg));
		return (course_page(ctx, run.course, 409,
		    withdraw_refusals[v].msg, NULL));
	}
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:s, s:I}", "status",
		    "withdrawn", "run", (json_int_t)id)));
	(void)snprintf(to, sizeof(to), "/courses/%s?done=withdrawn",
	    run.course);
	return (web_redirect(ctx, to));
}

static json_t *
seat_json(const struct seat_row *s)
{
	return (json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:b, "
	    "s:i, s:i, s:o, s:o}", "run", (json_int_t)s->run, "course",
	    s->course, "title_zh", s->title_zh, "title_en", s->title_en,
	    "starts", s->starts, "ends", s->ends, "status",
	    seat_status_code(s->status), "position", s->position, "promoted",
	    s->promoted != 0, "attended", s->attended, "sessions", s->sessions,
	    "score", s->score >= 0 ? json_integer(s->score) : json_null(),
	    "result", s->result[0] ? json_string(s->result) : json_null()));
}

static int
seat_to_json_cb(const struct seat_row *s, void *arg)
{
	json_array_append_new(arg, seat_json(s));
	return (1);
}

/* GET /api/v1/me/enrolments: the reader's seats and progress. */
int
enrol_mine(struct ctx *ctx)
{
	enum db_result	 r;
	json_t		*arr = json_array();

	if ((r = db_my_seats(ctx->user.id, seat_to_json_cb, arr)) != DB_OK) {
		json_decref(arr);
		return (web_busy(ctx, r));
	}
	return (web_json(ctx, 200, json_pack("{s:o}", "enrolments", arr)));
}

struct panel_acc {
	struct ctx	*ctx;
	struct buf	*b;
	int		 n;
};

/* db_my_seats() callback: one line of the "my courses" panel. */
static int
seat_item_cb(const struct seat_row *s, void *arg)
{
	struct panel_acc	*pa = arg;
	struct buf		*b = pa->b;
	enum lang		 l = pa->ctx->lang;

	pa->n++;
	html_lit(b, "<li class=\"seat\"><a href=\"/courses/");
	html_url(b, s->course);
	html_lit(b, "#run-");
	html_int(b, s->run);
	html_lit(b, "\"><strong>");
	html_text(b, course_title(pa->ctx, s->title_zh, s->title_en));
	html_lit(b, "</strong></a> <span class=\"meta\">");
	html_text(b, s->starts);
	html_lit(b, " – ");
	html_text(b, s->ends);
	html_lit(b, "</span><br><span class=\"status\">");
	if (s->status == SEAT_WAITLISTED) {
		html_text(b, i18n(l, M_STATUS_WAITLISTED));
		html_lit(b, " · ");
		html_text(b, i18n(l, M_POSITION));
		html_lit(b, " ");
		html_int(b, s->position);
	} else if (s->result[0] != '\0') {
		html_text(b, i18n(l, strcmp(s->result, "passed") == 0 ?
		    M_RESULT_PASSED : M_RESULT_FAILED));
		html_lit(b, " · ");
		html_text(b, i18n(l, M_SCORE));
		html_lit(b, " ");
		html_int(b, s->score);
	} else {
		html_text(b, i18n(l, M_STATUS_ENROLLED));
		if (s->promoted) {
			html_lit(b, " · ");
			html_text(b, i18n(l, M_STATUS_PROMOTED));
		}
	}
	html_lit(b, "</span>");
	if (s->status == SEAT_ENROLLED) {
		html_lit(b, "<br><span class=\"meta\">");
		html_text(b, i18n(l, M_ATTENDED));
		html_lit(b, " ");
		html_int(b, s->attended);
		html_lit(b, "/");
		html_int(b, s->sessions);
		html_lit(b, "</span><progress max=\"");
		html_int(b, s->sessions);
		html_lit(b, "\" value=\"");
		html_int(b, s->attended);
		html_lit(b, "\"></progress>");
	}
	html_lit(b, "</li>");
	return (1);
}

/* The "my courses" panel of an apprentice's page. */
void
enrol_panel(struct ctx *ctx, struct buf *b)
{
	struct panel_acc	 pa;

	pa.ctx = ctx;
	pa.b = b;
	pa.n = 0;
	html_lit(b, "<section class=\"panel\" id=\"my-courses\"><h2>");
	html_text(b, i18n(ctx->lang, M_PANEL_COURSES));
	html_lit(b, "</h2><ul class=\"seats\">");
	(void)db_my_seats(ctx->user.id, seat_item_cb, &pa);
	html_lit(b, "</ul>");
	if (pa.n == 0) {
		html_lit(b, "<p>");
		html_text(b, i18n(ctx->lang, M_PANEL_COURSES_EMPTY));
		html_lit(b, "</p>");
	}
	html_lit(b, "<p><a class=\"button\" href=\"/courses\">");
	html_text(b, i18n(ctx->lang, M_NAV_COURSES));
	html_lit(b, "</a></p></section>");
}
