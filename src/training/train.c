/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * train.c: the training stage (培养) — an apprentice asking a master to
 * take them on (拜师) and the master's answer, ending or recommending,
 * the training page of both, and the training log the master confirms
 * (master.c has the masters and their lineage). Each action is
 * also a JSON twin under /api/v1. Who may act on a mentorship or an
 * entry is decided in db_train.c from the stored facts, never from the
 * page.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "web.h"
#include "train.h"


static const struct {
	int		 status;
	const char	*code;
	enum msg	 msg;
} refusals[] = {
	[TV_OK] = { 200, "ok", M_DONE_SAVED },
	[TV_NOT_MASTER] = { 404, "not_found", M_ERR_NOT_MASTER },
	[TV_HAS_MASTER] = { 409, "has_master", M_ERR_MENTOR_HAS_MASTER },
	[TV_TWICE] = { 409, "already_asked", M_ERR_MENTOR_TWICE },
	[TV_CYCLE] = { 409, "lineage_cycle", M_ERR_MENTOR_CYCLE },
	[TV_FULL] = { 409, "master_full", M_MASTER_FULL },
	[TV_STATE] = { 409, "already_decided", M_ERR_MENTOR_STATE },
	[TV_NOT_YOURS] = { 403, "forbidden", M_ERR_MENTOR_NOT_YOURS },
	[TV_NO_MASTER] = { 409, "no_master", M_ERR_LOG_NO_MASTER },
	[TV_DAY_FULL] = { 409, "day_full", M_ERR_LOG_DAY_FULL },
};

/* Answer a refused training action; returns KORE_RESULT_OK. */
static int
refuse(struct ctx *ctx, enum train_verdict v)
{
	return (web_fail(ctx, refusals[v].status, refusals[v].code,
	    refusals[v].msg));
}

/* POST /masters/<id>/ask and its twin: an apprentice asks (拜师). */
int
train_ask(struct ctx *ctx)
{
	struct master_row	 m;
	enum train_verdict	 v;
	enum db_result		 r;
	const char		*msg = web_field(ctx, "message");
	size_t			 chars;
	int64_t			 id;

	if (!master_from_path(ctx, &m))
		return (KORE_RESULT_OK);
	if (msg != NULL && (!utf8_chars_lines(msg, &chars) || chars > 500))
		return (web_fail(ctx, 400, "invalid_message", M_ERR_MESSAGE));
	if ((r = db_mentor_request(ctx->user.id, m.id, msg,
	    (int64_t)time(NULL), &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != TV_OK)
		return (refuse(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 201, json_pack("{s:I, s:s}",
		    "mentorship", (json_int_t)id, "status", "requested")));
	return (web_redirect(ctx, "/training?done=requested"));
}


/* Shared by the mentorship actions: answer after a verdict. */
static int
mentor_done(struct ctx *ctx, enum train_verdict v, const char *status)
{
	if (v != TV_OK)
		return (refuse(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:s}",
		    "mentorship", (json_int_t)web_path_id(ctx), "status",
		    status)));
	return (web_redirect(ctx, "/training?done=saved"));
}

static int
decide(struct ctx *ctx, int accept)
{
	enum train_verdict	 v;
	enum db_result		 r;

	r = db_mentor_decide(web_path_id(ctx), ctx->user.id, accept,
	    (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	return (mentor_done(ctx, v, accept ? "active" : "declined"));
}

/* POST /mentorships/<id>/accept (the master asked). */
int
train_accept(struct ctx *ctx)
{
	return (decide(ctx, 1));
}

/* POST /mentorships/<id>/decline (the master asked). */
int
train_decline(struct ctx *ctx)
{
	return (decide(ctx, 0));
}

/* POST /mentorships/<id>/end: either side, or staff, with a reason. */
int
train_end(struct ctx *ctx)
{
	enum train_verdict	 v;
	enum db_result		 r;
	const char		*reason = web_field(ctx, "reason");
	size_t			 chars;

	if (reason == NULL || !utf8_chars(reason, &chars) || chars == 0 ||
	    chars > 200)
		return (web_fail(ctx, 400, "invalid_reason", M_ERR_REASON));
	r = db_mentor_end(web_path_id(ctx), &ctx->user, reason,
	    (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	return (mentor_done(ctx, v, "ended"));
}

/* POST /mentorships/<id>/recommend: the master, for incubation. */
int
train_recommend(struct ctx *ctx)
{
	enum train_verdict	 v;
	enum db_result		 r;

	r = db_mentor_recommend(web_path_id(ctx), ctx->user.id,
	    (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	return (mentor_done(ctx, v, "recommended"));
}

static json_t *
mentor_json(const struct mentorship *m)
{
	return (json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s}, s:s, s:s, s:I, "
	    "s:I, s:I, s:s, s:b}", "id", (json_int_t)m->id, "apprentice",
	    "id", (json_int_t)m->apprentice, "name", m->apprentice_name,
	    "master", "id", (json_int_t)m->master, "name", m->master_name,
	    "status", mentor_status_code(m->status), "message", m->message, "requested",
	    (json_int_t)m->requested, "started", (json_int_t)m->started,
	    "ended", (json_int_t)m->ended, "end_reason", m->end_reason,
	    "recommended", m->recommended != 0));
}

static json_t *
log_json(const struct log_entry *e)
{
	return (json_pack("{s:I, s:I, s:s, s:s, s:f, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)e->id, "apprentice", (json_int_t)e->apprentice,
	    "name", e->apprentice_name, "day", e->day, "hours",
	    e->minutes / 60.0, "skill", gate_skill_code(e->skill), "notes",
	    e->notes, "status", e->status, "comment", e->comment));
}

struct train_acc {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
	int		 n;
};

static void
hours(struct buf *b, int minutes)
{
	buf_printf(b, "%d.%02d", minutes / 60, (minutes % 60) * 100 / 60);
}

static void
small_form(struct buf *b, struct ctx *ctx, const char *action1, int64_t id,
    const char *action2, enum msg label, const char *field, enum msg flabel)
{
	struct page_ctx	 pc;

	web_page_ctx(ctx, &pc);
	html_lit(b, "<form method=\"post\" class=\"inline-form\" action=\"");
	html_text(b, action1);
	html_int(b, id);
	html_text(b, action2);
	html_lit(b, "\">");
	page_csrf_field(b, &pc);
	if (field != NULL) {
		html_lit(b, "<input name=\"");
		html_text(b, field);
		html_lit(b, "\" maxlength=\"200\" placeholder=\"");
		html_text(b, i18n(ctx->lang, flabel));
		html_lit(b, "\" aria-label=\"");
		html_text(b, i18n(ctx->lang, flabel));
		html_lit(b, "\"");
		if (strcmp(field, "reason") == 0)
			html_lit(b, " required");
		html_lit(b, ">");
	}
	html_lit(b, "<button type=\"submit\">");
	html_text(b, i18n(ctx->lang, label));
	html_lit(b, "</button></form>");
}

static const struct {
	const char	*code;
	enum msg	 msg;
} log_statuses[] = {
	{ "pending", M_LOG_PENDING },
	{ "confirmed", M_LOG_CONFIRMED },
	{ "rejected", M_LOG_REJECTED },
};

/* The words for an entry's stored status. */
static enum msg
log_status_msg(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(log_statuses) / sizeof(log_statuses[0]); i++) {
		if (strcmp(s, log_statuses[i].code) == 0)
			return (log_statuses[i].msg);
	}
	return (M_LOG_PENDING);
}

/* db_log_list()/db_log_queue() callback: one entry (queue: with forms). */
static int
log_item_cb(const struct log_entry *e, void *arg)
{
	struct train_acc	*ta = arg;
	struct buf		*b = ta->b;
	enum lang		 l = ta->ctx->lang;
	int			 queue = ta->ctx->user.role == ROLE_MASTER;

	ta->n++;
	if (ta->arr != NULL) {
		json_array_append_new(ta->arr, log_json(e));
		return (1);
	}
	html_lit(b, "<li class=\"entry\" id=\"log-");
	html_int(b, e->id);
	html_lit(b, "\"><strong>");
	html_text(b, e->day);
	html_lit(b, "</strong> · ");
	if (queue) {
		html_text(b, e->apprentice_name);
		html_lit(b, " · ");
	}
	html_text(b, i18n(l, gate_skill_msg(e->skill)));
	html_lit(b, " · ");
	hours(b, e->minutes);
	html_lit(b, " ");
	html_text(b, i18n(l, M_LOG_HOURS));
	html_lit(b, " · <span class=\"status\">");
	html_text(b, i18n(l, log_status_msg(e->status)));
	html_lit(b, "</span>");
	if (e->notes[0] != '\0') {
		html_lit(b, "<p class=\"notes\">");
		html_text(b, e->notes);
		html_lit(b, "</p>");
	}
	if (e->comment[0] != '\0') {
		html_lit(b, "<p class=\"meta\">");
		html_text(b, i18n(l, M_LOG_COMMENT));
		html_lit(b, ": ");
		html_text(b, e->comment);
		html_lit(b, "</p>");
	}
	if (queue && strcmp(e->status, "pending") == 0) {
		small_form(b, ta->ctx, "/training/log/", e->id, "/confirm",
		    M_LOG_CONFIRM, "comment", M_LOG_COMMENT);
		small_form(b, ta->ctx, "/training/log/", e->id, "/reject",
		    M_LOG_REJECT, "comment", M_LOG_COMMENT);
	}
	html_lit(b, "</li>");
	return (1);
}

/* db_mentorships() callback: one mentorship with the reader's actions. */
static int
mentor_item_cb(const struct mentorship *m, void *arg)
{
	struct train_acc	*ta = arg;
	struct buf		*b = ta->b;
	struct ctx		*ctx = ta->ctx;
	enum lang		 l = ctx->lang;
	int			 as_master = ctx->user.role == ROLE_MASTER;
	char			 since[11];

	ta->n++;
	if (ta->arr != NULL) {
		json_array_append_new(ta->arr, mentor_json(m));
		return (1);
	}
	html_lit(b, "<li class=\"mentorship\" id=\"mentorship-");
	html_int(b, m->id);
	html_lit(b, "\"><strong>");
	if (as_master)
		html_text(b, m->apprentice_name);
	else {
		html_lit(b, "<a href=\"/masters/");
		html_int(b, m->master);
		html_lit(b, "\">");
		html_text(b, m->master_name);
		html_lit(b, "</a>");
	}
	html_lit(b, "</strong> <span class=\"status\">");
	switch (m->status) {
	case MENTOR_REQUESTED:
		html_text(b, i18n(l, M_LOG_PENDING));
		break;
	case MENTOR_ACTIVE:
		seat_today((time_t)m->started, since);
		html_text(b, since);
		html_lit(b, " ");
		html_text(b, i18n(l, M_MENTOR_SINCE));
		if (m->recommended) {
			html_lit(b, " · ");
			html_text(b, i18n(l, M_MENTOR_RECOMMENDED));
		}
		break;
	case MENTOR_ENDED:
		seat_today((time_t)m->ended, since);
		html_text(b, i18n(l, M_MENTOR_ENDED));
		html_lit(b, " ");
		html_text(b, since);
		break;
	default:
		html_text(b, i18n(l, M_LOG_REJECTED));
		break;
	}
	html_lit(b, "</span>");
	if (m->message[0] != '\0' && m->status == MENTOR_REQUESTED) {
		html_lit(b, "<p class=\"notes\">");
		html_text(b, m->message);
		html_lit(b, "</p>");
	}
	if (as_master && m->status == MENTOR_REQUESTED) {
		small_form(b, ctx, "/mentorships/", m->id, "/accept",
		    M_MENTOR_ACCEPT, NULL, M_ERR_TITLE);
		small_form(b, ctx, "/mentorships/", m->id, "/decline",
		    M_MENTOR_DECLINE, NULL, M_ERR_TITLE);
	}
	if (m->status == MENTOR_ACTIVE) {
		if (as_master && !m->recommended)
			small_form(b, ctx, "/mentorships/", m->id,
			    "/recommend", M_MENTOR_RECOMMEND, NULL,
			    M_ERR_TITLE);
		if (as_master) {
			html_lit(b, " <a href=\"/people/");
			html_int(b, m->apprentice);
			html_lit(b, "\">");
			html_text(b, i18n(l, M_PERSON_TITLE));
			html_lit(b, "</a>");
		}
		small_form(b, ctx, "/mentorships/", m->id, "/end",
		    M_MENTOR_END, "reason", M_MENTOR_END_REASON);
	}
	html_lit(b, "</li>");
	return (1);
}

static void
log_form(struct buf *b, struct ctx *ctx)
{
	struct page_ctx	 pc;
	enum lang	 l = ctx->lang;
	char		 today[11];
	int		 i;

	web_page_ctx(ctx, &pc);
	web_today(today);
	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_LOG_ADD));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "enctype=\"multipart/form-data\" action=\"/training/log\">");
	page_csrf_field(b, &pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_LOG_DATE));
	html_lit(b, "<input type=\"date\" name=\"day\" id=\"f-day\" required "
	    "value=\"");
	html_text(b, today);
	html_lit(b, "\" max=\"");
	html_text(b, today);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_LOG_HOURS));
	html_lit(b, "<input name=\"hours\" id=\"f-hours\" inputmode=\"decimal\" "
	    "required placeholder=\"2.5\"></label><label>");
	html_text(b, i18n(l, M_LOG_SKILL));
	html_lit(b, "<select name=\"skill\" id=\"f-skill\">");
	for (i = 0; i < SKILL_COUNT; i++) {
		html_lit(b, "<option value=\"");
		html_text(b, gate_skill_code(i));
		html_lit(b, "\">");
		html_text(b, i18n(l, gate_skill_msg(i)));
		html_lit(b, "</option>");
	}
	html_lit(b, "</select></label><label>");
	html_text(b, i18n(l, M_LOG_NOTES));
	html_lit(b, "<textarea name=\"notes\" id=\"f-notes\" rows=\"3\" "
	    "maxlength=\"1000\"></textarea></label><button type=\"submit\" "
	    "id=\"log-submit\">");
	html_text(b, i18n(l, M_LOG_SUBMIT));
	html_lit(b, "</button></form></section>");
}

/* The confirmed hours by skill, as a panel (also on the person page). */
void
train_totals(struct buf *b, enum lang l, const int minutes[SKILL_COUNT])
{
	int	 i, sum = 0;

	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_LOG_TOTALS));
	html_lit(b, "</h2><dl class=\"facts\" id=\"totals\">");
	for (i = 0; i < SKILL_COUNT; i++) {
		sum += minutes[i];
		if (minutes[i] == 0)
			continue;
		html_lit(b, "<dt>");
		html_text(b, i18n(l, gate_skill_msg(i)));
		html_lit(b, "</dt><dd>");
		hours(b, minutes[i]);
		html_lit(b, "</dd>");
	}
	html_lit(b, "<dt>");
	html_text(b, i18n(l, M_LOG_TOTAL));
	html_lit(b, "</dt><dd id=\"total-hours\">");
	hours(b, sum);
	html_lit(b, "</dd></dl></section>");
}

/*
 * GET /training and GET /api/v1/training. An apprentice sees their
 * master, their history, the log form, their entries and totals; a master
 * sees requests, apprentices and the entries waiting for them.
 */
int
train_page(struct ctx *ctx)
{
	struct train_acc	 ta;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	int			 minutes[SKILL_COUNT], i, sum = 0;
	int			 master = ctx->user.role == ROLE_MASTER;
	const char		*done = web_field(ctx, "done");
	json_t			*j, *ms, *log, *tot;

	memset(&ta, 0, sizeof(ta));
	ta.ctx = ctx;
	if (web_is_json(ctx)) {
		ms = json_array();
		log = json_array();
		ta.arr = ms;
		r = db_mentorships(ctx->user.id, master, mentor_item_cb, &ta);
		ta.arr = log;
		if (r == DB_OK)
			r = master ?
			    db_log_queue(ctx->user.id, log_item_cb, &ta) :
			    db_log_list(ctx->user.id, 200, log_item_cb, &ta);
		tot = json_object();
		if (r == DB_OK && !master &&
		    (r = db_log_totals(ctx->user.id, minutes)) == DB_OK) {
			for (i = 0; i < SKILL_COUNT; i++) {
				sum += minutes[i];
				if (minutes[i] > 0)
					json_object_set_new(tot, gate_skill_code(i),
					    json_real(minutes[i] / 60.0));
			}
		}
		if (r != DB_OK) {
			json_decref(ms);
			json_decref(log);
			json_decref(tot);
			return (web_busy(ctx, r));
		}
		j = json_pack("{s:o, s:o}", "mentorships", ms, master ?
		    "to_confirm" : "log", log);
		if (!master) {
			json_object_set_new(j, "hours_by_skill", tot);
			json_object_set_new(j, "confirmed_hours",
			    json_real(sum / 60.0));
		} else
			json_decref(tot);
		return (web_json(ctx, 200, j));
	}

	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	ta.b = &b;
	page_begin(&b, &pc, i18n(l, M_NAV_TRAINING));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_NAV_TRAINING));
	html_lit(&b, "</h1>");
	if (done != NULL) {
		html_lit(&b, "<p class=\"ok\" role=\"status\" id=\"notice\">");
		html_text(&b, i18n(l, strcmp(done, "requested") == 0 ?
		    M_MENTOR_REQUESTED : strcmp(done, "logged") == 0 ?
		    M_LOG_SAVED : M_DONE_SAVED));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, master ? M_MENTOR_REQUESTS : M_MENTOR_HISTORY));
	html_lit(&b, "</h2><ul class=\"plain\" id=\"mentorships\">");
	r = db_mentorships(ctx->user.id, master, mentor_item_cb, &ta);
	html_lit(&b, "</ul>");
	if (r == DB_OK && ta.n == 0) {
		html_lit(&b, "<p>");
		html_text(&b, i18n(l, master ? M_MENTOR_NONE_REQUESTS :
		    M_PANEL_MASTER_EMPTY));
		html_lit(&b, " <a href=\"/masters\">");
		html_text(&b, i18n(l, M_MASTERS_TITLE));
		html_lit(&b, "</a></p>");
	}
	html_lit(&b, "</section>");
	if (r == DB_OK && !master) {
		log_form(&b, ctx);
		if ((r = db_log_totals(ctx->user.id, minutes)) == DB_OK)
			train_totals(&b, l, minutes);
	}
	ta.n = 0;
	if (r == DB_OK) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, master ? M_LOG_QUEUE : M_LOG_TITLE));
		html_lit(&b, "</h2><ul class=\"plain\" id=\"log\">");
		r = master ? db_log_queue(ctx->user.id, log_item_cb, &ta) :
		    db_log_list(ctx->user.id, 200, log_item_cb, &ta);
		html_lit(&b, "</ul>");
		if (ta.n == 0) {
			html_lit(&b, "<p>");
			html_text(&b, i18n(l, M_LOG_EMPTY));
			html_lit(&b, "</p>");
		}
		html_lit(&b, "</section>");
	}
	if (r != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* POST /training/log and its twin: an apprentice logs training. */
int
train_log_add(struct ctx *ctx)
{
	enum train_verdict	 v;
	enum db_result		 r;
	const char		*day = web_field(ctx, "day");
	const char		*notes = web_field(ctx, "notes");
	char			 today[11], hbuf[16];
	size_t			 chars;
	int			 minutes, skill;
	int64_t			 id;
	double			 x;
	json_t			*h;

	web_today(today);
	if (day == NULL || !coursefile_date_valid(day) || strcmp(day, today) > 0)
		return (web_fail(ctx, 400, "invalid_day", M_ERR_LOG_DATE));
	/* The API may send hours as a number. */
	if (web_is_json(ctx) && ctx->body != NULL &&
	    json_is_number(h = json_object_get(ctx->body, "hours"))) {
		/* Hundredths at most, as in the form: 2.555 is refused. */
		x = json_number_value(h) * 100.0;
		(void)snprintf(hbuf, sizeof(hbuf), "%.2f",
		    json_number_value(h));
		if (fabs(x - nearbyint(x)) > 1e-6 ||
		    !gate_minutes_parse(hbuf, &minutes))
			return (web_fail(ctx, 400, "invalid_hours",
			    M_ERR_LOG_HOURS));
	} else if (!gate_minutes_parse(web_field(ctx, "hours"), &minutes))
		return (web_fail(ctx, 400, "invalid_hours", M_ERR_LOG_HOURS));
	if ((skill = gate_skill_parse(web_field(ctx, "skill"))) < 0)
		return (web_fail(ctx, 400, "invalid_skill", M_ERR_LOG_SKILL));
	if (notes != NULL && (!utf8_chars_lines(notes, &chars) ||
	    chars > 1000))
		return (web_fail(ctx, 400, "invalid_notes", M_ERR_LOG_NOTES));
	if ((r = db_log_add(ctx->user.id, day, minutes, skill, notes,
	    (int64_t)time(NULL), &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != TV_OK)
		return (refuse(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 201, json_pack("{s:I, s:s}", "id",
		    (json_int_t)id, "status", "pending")));
	return (web_redirect(ctx, "/training?done=logged"));
}

static int
log_decide(struct ctx *ctx, int confirm)
{
	enum train_verdict	 v;
	enum db_result		 r;
	const char		*comment = web_field(ctx, "comment");
	size_t			 chars;

	if (comment != NULL && (!utf8_chars_lines(comment, &chars) ||
	    chars > 200))
		return (web_fail(ctx, 400, "invalid_comment", M_ERR_REASON));
	r = db_log_decide(web_path_id(ctx), ctx->user.id, confirm, comment,
	    (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_LOG_UNKNOWN));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v == TV_NOT_YOURS)
		return (web_fail(ctx, 403, "not_your_apprentice",
		    M_ERR_LOG_NOT_YOURS));
	if (v == TV_STATE)
		return (web_fail(ctx, 409, "already_decided",
		    M_ERR_LOG_DECIDED));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:s}", "id",
		    (json_int_t)web_path_id(ctx), "status", confirm ?
		    "confirmed" : "rejected")));
	return (web_redirect(ctx, "/training?done=saved"));
}

/* POST /training/log/<id>/confirm (the entry's master). */
int
train_log_confirm(struct ctx *ctx)
{
	return (log_decide(ctx, 1));
}

/* POST /training/log/<id>/reject (the entry's master). */
int
train_log_reject(struct ctx *ctx)
{
	return (log_decide(ctx, 0));
}

/* The training panel of "my page": master and waiting work, linked. */
void
train_panel(struct ctx *ctx, struct buf *b)
{
	struct mentorship	 m;
	enum lang		 l = ctx->lang;

	html_lit(b, "<section class=\"panel\" id=\"my-training\"><h2>");
	html_text(b, i18n(l, ctx->user.role == ROLE_MASTER ?
	    M_PANEL_APPRENTICES : M_PANEL_MASTER));
	html_lit(b, "</h2><p>");
	if (ctx->user.role == ROLE_APPRENTICE) {
		if (db_mentor_active(ctx->user.id, &m) == DB_OK) {
			html_lit(b, "<a href=\"/masters/");
			html_int(b, m.master);
			html_lit(b, "\" id=\"my-master\">");
			html_text(b, m.master_name);
			html_lit(b, "</a>");
		} else
			html_text(b, i18n(l, M_PANEL_MASTER_EMPTY));
	} else
		html_text(b, i18n(l, M_MENTOR_REQUESTS));
	html_lit(b, "</p><p><a class=\"button\" href=\"/training\">");
	html_text(b, i18n(l, M_NAV_TRAINING));
	html_lit(b, "</a> <a href=\"/masters\">");
	html_text(b, i18n(l, M_MASTERS_TITLE));
	html_lit(b, "</a></p></section>");
}
