/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * outboxpage.c: the staff's view of the outbox (/staff/outbox and its
 * JSON twin /api/v1/outbox): how many messages are in each state, the
 * messages newest first, 50 a page (?before=<id> for older ones, ?state=
 * to filter), and "send again" for a dead one. With the console adapter
 * this page is where a demo reads its codes, so it is staff-only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "outbox.h"
#include "pager.h"
#include "web.h"


struct outbox_list {
	struct buf	*b;
	json_t		*arr;
	const struct page_ctx *pc;
	enum lang	 lang;
	struct pager	 pg;
};

static void
when(int64_t at, char out[20])
{
	time_t		 t = (time_t)at + 8 * 3600;	/* China's */
	struct tm	 tm;

	if (at == 0) {
		out[0] = '\0';
		return;
	}
	gmtime_r(&t, &tm);
	(void)strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/*
 * The body as staff may read it. Through a real gateway the person got
 * their code on their own phone; staff who could read it here could
 * take over any account with a reset code, so runs of exactly six
 * digits are masked. With the console adapter this page is the demo's
 * only way to the code, and it is shown.
 */
static void
shown_body(const struct outbox_msg *m, char *out, size_t sz)
{
	size_t	 i, j, n;

	(void)snprintf(out, sz, "%s", m->body);
	if (outbox_console(m->channel))
		return;
	for (i = 0; out[i] != '\0'; i = j) {
		for (j = i; out[j] >= '0' && out[j] <= '9'; j++)
			;
		n = j - i;
		if (n == 6)
			memset(out + i, '*', n);
		if (j == i)
			j++;
	}
}

static int
outbox_row_cb(const struct outbox_msg *m, void *arg)
{
	struct outbox_list	*ol = arg;
	char			 created[20], body[sizeof(m->body)];

	if (!pager_take(&ol->pg, m->id))
		return (0);
	shown_body(m, body, sizeof(body));
	if (ol->arr != NULL) {
		json_array_append_new(ol->arr, json_pack("{s:I, s:o, s:s, "
		    "s:s, s:s, s:s, s:s, s:i, s:I, s:s, s:I, s:o}",
		    "id", (json_int_t)m->id, "user", m->user ?
		    json_integer(m->user) : json_null(), "channel",
		    m->channel, "to", m->address, "subject", m->subject,
		    "body", body, "state", outbox_state_code(m->state),
		    "tries", m->tries, "next_at", (json_int_t)m->next_at,
		    "error", m->error, "created", (json_int_t)m->created,
		    "sent", m->sent ? json_integer(m->sent) : json_null()));
		return (1);
	}
	when(m->created, created);
	html_lit(ol->b, "<tr id=\"msg-");
	html_int(ol->b, m->id);
	html_lit(ol->b, "\"><td>");
	html_int(ol->b, m->id);
	html_lit(ol->b, "</td><td>");
	html_text(ol->b, created);
	html_lit(ol->b, "</td><td>");
	html_text(ol->b, m->channel);
	html_lit(ol->b, " ");
	html_text(ol->b, m->address);
	html_lit(ol->b, "</td><td class=\"message\">");
	if (m->subject[0] != '\0') {
		html_lit(ol->b, "<strong>");
		html_text(ol->b, m->subject);
		html_lit(ol->b, "</strong><br>");
	}
	html_text(ol->b, body);
	html_lit(ol->b, "</td><td class=\"state\">");
	html_text(ol->b, outbox_state_code(m->state));
	html_lit(ol->b, "</td><td>");
	html_int(ol->b, m->tries);
	html_lit(ol->b, "</td><td>");
	html_text(ol->b, m->error);
	html_lit(ol->b, "</td><td>");
	if (m->state == OUTBOX_DEAD) {
		html_lit(ol->b, "<form method=\"post\" "
		    "action=\"/staff/outbox/");
		html_int(ol->b, m->id);
		html_lit(ol->b, "/retry\">");
		page_csrf_field(ol->b, ol->pc);
		html_lit(ol->b, "<button type=\"submit\">");
		html_text(ol->b, i18n(ol->lang, M_OUTBOX_RETRY));
		html_lit(ol->b, "</button></form>");
	}
	html_lit(ol->b, "</td></tr>");
	return (1);
}

/* GET /staff/outbox and /api/v1/outbox [?state=…&before=…] */
int
outboxpage_show(struct ctx *ctx)
{
	struct outbox_list	 ol;
	struct page_ctx		 pc;
	struct buf		 b;
	enum outbox_state	 st;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	int64_t			 counts[OUTBOX__COUNT];
	const char		*state = NULL;
	char			*v;
	json_t			*cj;
	int			 i;

	if (http_argument_get_string(ctx->req, "state", &v) && *v != '\0') {
		if (!outbox_state_parse(v, &st))
			return (web_fail(ctx, 400, "bad_request",
			    M_ERR_BAD_REQUEST));
		state = outbox_state_code(st);
	}
	memset(&ol, 0, sizeof(ol));
	if (!pager_begin(ctx, &ol.pg))
		return (KORE_RESULT_OK);
	if ((r = db_outbox_states(counts)) != DB_OK)
		return (web_busy(ctx, r));
	ol.lang = l;
	if (web_is_json(ctx)) {
		ol.arr = json_array();
		if ((r = db_outbox_list(state, ol.pg.before, ol.pg.limit, outbox_row_cb,
		    &ol)) != DB_OK) {
			json_decref(ol.arr);
			return (web_busy(ctx, r));
		}
		cj = json_object();
		for (i = 0; i < OUTBOX__COUNT; i++)
			json_object_set_new(cj, outbox_state_code(i),
			    json_integer(counts[i]));
		/* next_before: the name before pages were alike (kept). */
		return (web_json(ctx, 200, json_pack("{s:o, s:o, s:o, s:o, "
		    "s:{s:s, s:s}}", "messages", ol.arr, "counts", cj, "next",
		    pager_next_json(&ol.pg), "next_before",
		    pager_next_json(&ol.pg),
		    "adapters", "email", outbox_console("email") ? "console" :
		    "smtp", "sms", outbox_console("sms") ? "console" :
		    "webhook")));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 32768);
	ol.b = &b;
	ol.pc = &pc;
	page_begin(&b, &pc, i18n(l, M_OUTBOX_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_OUTBOX_TITLE));
	html_lit(&b, "</h1>");
	if (outbox_console("email") || outbox_console("sms")) {
		html_lit(&b, "<p class=\"note\">");
		html_text(&b, i18n(l, M_OUTBOX_CONSOLE));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<p class=\"filters\"><a href=\"/staff/outbox\">");
	html_text(&b, i18n(l, M_OUTBOX_ALL));
	html_lit(&b, "</a>");
	for (i = 0; i < OUTBOX__COUNT; i++) {
		html_lit(&b, " · <a href=\"/staff/outbox?state=");
		html_text(&b, outbox_state_code(i));
		html_lit(&b, "\">");
		html_text(&b, outbox_state_code(i));
		html_lit(&b, " (<span id=\"count-");
		html_text(&b, outbox_state_code(i));
		html_lit(&b, "\">");
		html_int(&b, counts[i]);
		html_lit(&b, "</span>)</a>");
	}
	html_lit(&b, "</p><div class=\"scroll\" "
	    "tabindex=\"0\"><table id=\"outbox\"><thead>"
	    "<tr><th>#</th><th></th><th>");
	html_text(&b, i18n(l, M_OUTBOX_TO));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_OUTBOX_MESSAGE));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_OUTBOX_STATE));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_OUTBOX_TRIES));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_OUTBOX_ERROR));
	html_lit(&b, "</th><th></th></tr></thead><tbody>");
	if ((r = db_outbox_list(state, ol.pg.before, ol.pg.limit, outbox_row_cb,
	    &ol)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</tbody></table></div>");
	if (ol.pg.more) {
		html_lit(&b, "<p><a id=\"older\" rel=\"next\" "
		    "href=\"/staff/outbox?before=");
		html_int(&b, ol.pg.last);
		if (state != NULL) {
			html_lit(&b, "&amp;state=");
			html_text(&b, state);
		}
		html_lit(&b, "\">");
		html_text(&b, i18n(l, M_OUTBOX_OLDER));
		html_lit(&b, "</a></p>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* POST /staff/outbox/<id>/retry and its JSON twin: a dead one again. */
int
outboxpage_retry(struct ctx *ctx)
{
	struct outbox_msg	*m;
	enum db_result		 r;
	int64_t			 id = web_path_id(ctx);
	json_t			*doc;

	if ((r = db_outbox_retry(id, ctx->user.id, (int64_t)time(NULL))) ==
	    DB_NOTFOUND)
		return (web_fail(ctx, 409, "not_dead", M_ERR_OUTBOX_NOT_DEAD));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	outbox_kick();
	if (!web_is_json(ctx))
		return (web_redirect(ctx, "/staff/outbox"));
	if ((m = malloc(sizeof(*m))) == NULL)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	if ((r = db_outbox_get(id, m)) != DB_OK) {
		free(m);
		return (web_busy(ctx, r));
	}
	doc = json_pack("{s:I, s:s, s:i}", "id", (json_int_t)m->id, "state",
	    outbox_state_code(m->state), "tries", m->tries);
	free(m);
	return (web_json(ctx, 200, json_pack("{s:o}", "message", doc)));
}
