/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * dash.c: the pages that frame the pipeline — the public home page with
 * the four stages, and "my page", whose panels depend on the reader's
 * role (later stages fill them) — plus the language switch and the
 * health probe.
 */
#include <string.h>
#include <time.h>

#include "html.h"
#include "web.h"
#include "dash.h"
#include "ident.h"
#include "course.h"
#include "train.h"

/* GET / */
int
dash_home(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct buf	 b;

	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, NULL);
	html_lit(&b, "<section class=\"hero\"><h1>");
	html_text(&b, i18n(ctx->lang, M_APP_NAME));
	html_lit(&b, "</h1><p class=\"tagline\">");
	html_text(&b, i18n(ctx->lang, M_APP_TAGLINE));
	html_lit(&b, "</p><p>");
	html_text(&b, i18n(ctx->lang, M_HOME_INTRO));
	html_lit(&b, "</p>");
	if (!ctx->logged_in) {
		html_lit(&b, "<p><a class=\"button\" href=\"/register\">");
		html_text(&b, i18n(ctx->lang, M_HOME_CTA));
		html_lit(&b, "</a></p>");
	} else {
		html_lit(&b, "<p><a class=\"button\" href=\"/me\">");
		html_text(&b, i18n(ctx->lang, M_NAV_ME));
		html_lit(&b, "</a></p>");
	}
	html_lit(&b, "</section>");
	page_stages(&b, ctx->lang, -1);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

static void
fact(struct buf *b, enum lang lang, enum msg label, const char *value,
    const char *id)
{
	html_lit(b, "<dt>");
	html_text(b, i18n(lang, label));
	html_lit(b, "</dt><dd id=\"");
	html_text(b, id);
	html_lit(b, "\">");
	html_text(b, value);
	html_lit(b, "</dd>");
}

/* GET /me: the person, their stage, and the panels of their role. */
int
dash_me(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct buf	 b;
	time_t		 t = (time_t)ctx->user.created;
	char		 date[11];
	enum lang	 l = ctx->lang;

	seat_today(t, date);	/* the day in China */
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, i18n(l, M_ME_TITLE));
	html_lit(&b, "<h1 id=\"me-name\">");
	html_text(&b, ctx->user.name);
	html_lit(&b, "</h1><dl class=\"facts\">");
	fact(&b, l, M_ME_ROLE, i18n(l, page_role_msg(ctx->user.role)), "me-role");
	if (ctx->user.track != TRACK_NONE)
		fact(&b, l, M_ME_TRACK, i18n(l, page_track_msg(ctx->user.track)),
		    "me-track");
	fact(&b, l, M_ME_ACCOUNT, ctx->user.account, "me-account");
	fact(&b, l, M_ME_SINCE, date, "me-since");
	html_lit(&b, "</dl>");
	ident_banner(ctx, &b);
	html_lit(&b, "<p class=\"me-links\"><a href=\"/me/sessions\" "
	    "id=\"sessions-link\">");
	html_text(&b, i18n(l, M_ID_SESSIONS_TITLE));
	html_lit(&b, "</a> · <a href=\"/me/password\">");
	html_text(&b, i18n(l, M_ID_PASSWORD_TITLE));
	html_lit(&b, "</a> · <a href=\"/me/account\">");
	html_text(&b, i18n(l, M_ID_ACCOUNT_TITLE));
	html_lit(&b, "</a></p>");

	switch (ctx->user.role) {
	case ROLE_APPRENTICE:
		person_gates(ctx, &b, ctx->user.id);
		enrol_panel(ctx, &b);
		train_panel(ctx, &b);
		break;
	case ROLE_MASTER:
		train_panel(ctx, &b);
		desk_panel(ctx, &b);
		page_notice(&b, i18n(l, M_PANEL_JUDGING),
		    i18n(l, M_PANEL_JUDGING_EMPTY));
		break;
	case ROLE_STAFF:
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_PANEL_STATION));
		html_lit(&b, "</h2><p>");
		html_text(&b, i18n(l, M_PANEL_STATION_TEXT));
		html_lit(&b, "</p><p><a class=\"button\" href=\"/staff/users\">");
		html_text(&b, i18n(l, M_NAV_USERS));
		html_lit(&b, "</a> <a class=\"button\" href=\"/courses\">");
		html_text(&b, i18n(l, M_NAV_COURSES));
		html_lit(&b, "</a> <a class=\"button\" href=\"/staff/roster\">");
		html_text(&b, i18n(l, M_NAV_ROSTER));
		html_lit(&b, "</a></p></section>");
		html_lit(&b, "<p><a class=\"button\" href=\"/staff/jobs\">");
		html_text(&b, i18n(l, M_NAV_STAFF_JOBS));
		html_lit(&b, "</a></p>");
		break;
	case ROLE_EMPLOYER:	/* 就业: their business and postings */
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_EMPLOYER_TITLE));
		html_lit(&b, "</h2><p>");
		html_text(&b, i18n(l, M_PANEL_EMPLOYER_TEXT));
		html_lit(&b, "</p><p><a class=\"button\" id=\"employer-link\" "
		    "href=\"/employer\">");
		html_text(&b, i18n(l, M_EMPLOYER_TITLE));
		html_lit(&b, "</a></p></section>");
		break;
	default:
		break;
	}
	html_lit(&b, "<p><a id=\"my-data\" href=\"/me/data\">");
	html_text(&b, i18n(l, M_NAV_MYDATA));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/*
 * 1 when next is a path on this site: starts with one "/", no "//" or
 * backslash that a browser would read as another host.
 */
static int
local_path(const char *next)
{
	const unsigned char	*p;

	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    next[1] == '\\' || strlen(next) > 200)
		return (0);
	for (p = (const unsigned char *)next; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '\\')
			return (0);
	}
	return (1);
}

/*
 * GET /lang?to=en&next=/me: remember the reader's language in a cookie
 * and go back. A GET is fine here: it changes no server state.
 */
int
dash_lang(struct ctx *ctx)
{
	const char	*to = web_field(ctx, "to");
	const char	*next = web_field(ctx, "next");
	enum lang	 l;

	if (!i18n_parse(to, &l))
		return (web_fail(ctx, 400, "bad_request", M_ERR_BAD_REQUEST));
	web_cookie(ctx, "yj_lang", l == LANG_EN ? "en" : "zh",
	    365L * 24 * 3600);
	return (web_redirect(ctx, local_path(next) ? next : "/"));
}

/* GET /healthz: 200 when the store answers, 503 otherwise. */
int
dash_healthz(struct ctx *ctx)
{
	if (db_ping() != DB_OK)
		return (web_json(ctx, 503, json_pack("{s:s}", "status",
		    "unavailable")));
	return (web_json(ctx, 200, json_pack("{s:s}", "status", "ok")));
}

/*
 * Any path no route claims: a 404 page in the reader's language (JSON
 * under /api/), for any method. It changes nothing, so it needs no CSRF.
 */
int
dash_not_found(struct ctx *ctx)
{
	if (strncmp(ctx->req->path, "/api/", 5) == 0)
		return (web_json(ctx, 404, json_pack("{s:s, s:s}", "error",
		    "not_found", "message", i18n(ctx->lang, M_ERR_NOT_FOUND))));
	return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
}
