/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * page.c: the frame around every page. Phone first: one column, large
 * tap targets, no JavaScript; the stylesheet is /assets/yujiang.css.
 * Logout is a POST form (it changes state), so it carries the CSRF token.
 */
#include <string.h>

#include "html.h"
#include "page.h"

static const enum msg stage_names[STAGE__COUNT] = {
	[STAGE_ENTRY] = M_STAGE_ENTRY,
	[STAGE_TRAINING] = M_STAGE_TRAINING,
	[STAGE_INCUBATION] = M_STAGE_INCUBATION,
	[STAGE_SELECTION] = M_STAGE_SELECTION,
};

static const enum msg stage_descs[STAGE__COUNT] = {
	[STAGE_ENTRY] = M_STAGE_ENTRY_DESC,
	[STAGE_TRAINING] = M_STAGE_TRAINING_DESC,
	[STAGE_INCUBATION] = M_STAGE_INCUBATION_DESC,
	[STAGE_SELECTION] = M_STAGE_SELECTION_DESC,
};

static const enum msg role_msgs[ROLE__COUNT] = {
	[ROLE_APPRENTICE] = M_ROLE_APPRENTICE,
	[ROLE_MASTER] = M_ROLE_MASTER,
	[ROLE_STAFF] = M_ROLE_STAFF,
	[ROLE_EMPLOYER] = M_ROLE_EMPLOYER,
};

static const enum msg track_msgs[] = {
	[TRACK_CARVER] = M_TRACK_CARVER,
	[TRACK_DESIGNER] = M_TRACK_DESIGNER,
};

/* The words for a role. */
enum msg
page_role_msg(enum role r)
{
	return ((unsigned)r < ROLE__COUNT ? role_msgs[r] : M_ROLE_APPRENTICE);
}

/* The words for a person's track; callers skip TRACK_NONE (staff). */
enum msg
page_track_msg(enum track t)
{
	return (t == TRACK_DESIGNER ? track_msgs[t] :
	    track_msgs[TRACK_CARVER]);
}

static void
nav_link(struct buf *b, const struct page_ctx *pc, const char *href,
    enum msg label)
{
	html_lit(b, "<a href=\"");
	html_text(b, href);
	html_lit(b, "\">");
	html_text(b, i18n(pc->lang, label));
	html_lit(b, "</a>");
}

/*
 * The inbox's link in the navigation, on every page of a logged-in
 * reader, with the count of unread messages (999+ past that) when any.
 */
static void
page_bell(struct buf *b, const struct page_ctx *pc)
{
	html_lit(b, "<a href=\"/inbox\" id=\"inbox-bell\" class=\"bell\">");
	html_text(b, i18n(pc->lang, M_NAV_INBOX));
	if (pc->unread > 0) {
		html_lit(b, "<span class=\"count\" id=\"inbox-count\" "
		    "title=\"");
		html_text(b, i18n(pc->lang, M_INBOX_UNREAD_LABEL));
		html_lit(b, "\">");
		if (pc->unread > 999)
			html_lit(b, "999+");
		else
			html_int(b, pc->unread);
		html_lit(b, "</span>");
	}
	html_lit(b, "</a>");
}

/* Open the document: <head>, header with navigation, <main>. */
void
page_begin(struct buf *b, const struct page_ctx *pc, const char *title)
{
	enum lang	 other = pc->lang == LANG_EN ? LANG_ZH : LANG_EN;

	html_lit(b, "<!doctype html>\n<html lang=\"");
	html_text(b, i18n_code(pc->lang));
	html_lit(b, "\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><title>");
	if (title != NULL) {
		html_text(b, title);
		html_lit(b, " · ");
	}
	html_text(b, i18n(pc->lang, M_APP_NAME));
	html_lit(b, "</title><link rel=\"stylesheet\" "
	    "href=\"/assets/yujiang.css\"></head><body>"
	    "<header class=\"top\"><a class=\"brand\" href=\"/\">");
	html_text(b, i18n(pc->lang, M_APP_NAME));
	html_lit(b, "</a><nav>");
	nav_link(b, pc, "/", M_NAV_HOME);
	nav_link(b, pc, "/courses", M_NAV_COURSES);
	nav_link(b, pc, "/masters", M_NAV_MASTERS);
	nav_link(b, pc, "/works", M_NAV_WORKS);
	nav_link(b, pc, "/competitions", M_NAV_COMPETITIONS);
	nav_link(b, pc, "/jobs", M_NAV_JOBS);
	if (!pc->logged_in) {
		nav_link(b, pc, "/register", M_NAV_REGISTER);
		nav_link(b, pc, "/login", M_NAV_LOGIN);
	} else {
		nav_link(b, pc, "/me", M_NAV_ME);
		page_bell(b, pc);
		/* An employer's account has its own page, nothing of
		 * training or certificates (jobs/). */
		if (pc->role == ROLE_EMPLOYER)
			nav_link(b, pc, "/employer", M_NAV_EMPLOYER);
		if (pc->role == ROLE_APPRENTICE || pc->role == ROLE_MASTER) {
			nav_link(b, pc, "/training", M_NAV_TRAINING);
			nav_link(b, pc, "/me/applications",
			    M_NAV_APPLICATIONS);
		}
		if (pc->role != ROLE_EMPLOYER)
			nav_link(b, pc, "/certs", M_NAV_CERTS);
		if (pc->role == ROLE_APPRENTICE || pc->role == ROLE_MASTER)
			nav_link(b, pc, "/portfolio", M_NAV_PORTFOLIO);
		if (pc->role == ROLE_MASTER || pc->role == ROLE_STAFF)
			nav_link(b, pc, "/cohorts", M_NAV_COHORTS);
		if (pc->role == ROLE_MASTER)
			nav_link(b, pc, "/judging", M_NAV_JUDGING);
		if (pc->role == ROLE_STAFF) {
			nav_link(b, pc, "/staff/dashboard", M_NAV_DASHBOARD);
			nav_link(b, pc, "/staff/jobs", M_NAV_STAFF_JOBS);
			nav_link(b, pc, "/staff/users", M_NAV_USERS);
		}
		html_lit(b, "<form class=\"inline\" method=\"post\" "
		    "action=\"/logout\">");
		page_csrf_field(b, pc);
		html_lit(b, "<button type=\"submit\" class=\"link\">");
		html_text(b, i18n(pc->lang, M_NAV_LOGOUT));
		html_lit(b, "</button></form>");
	}
	html_lit(b, "<a class=\"lang\" id=\"lang-switch\" lang=\"");
	html_text(b, other == LANG_EN ? "en" : "zh-CN");
	html_lit(b, "\" href=\"/lang?to=");
	html_text(b, other == LANG_EN ? "en" : "zh");
	html_lit(b, "&amp;next=");
	html_url(b, pc->path != NULL ? pc->path : "/");
	html_lit(b, "\">");
	html_text(b, i18n(pc->lang, M_LANG_SWITCH));
	html_lit(b, "</a></nav></header><main>");
}

void
page_end(struct buf *b, const struct page_ctx *pc)
{
	html_lit(b, "</main><footer><p>");
	html_text(b, i18n(pc->lang, M_TOWN));
	html_lit(b, "</p><p>");
	html_text(b, i18n(pc->lang, M_FOOTER));
	html_lit(b, "</p></footer></body></html>\n");
}

void
page_csrf_field(struct buf *b, const struct page_ctx *pc)
{
	html_lit(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_text(b, pc->csrf);
	html_lit(b, "\">");
}

/* The four stages as an ordered list; current (-1 for none) is marked. */
void
page_stages(struct buf *b, enum lang lang, int current)
{
	int	 i;

	html_lit(b, "<ol class=\"stages\">");
	for (i = 0; i < STAGE__COUNT; i++) {
		if (i == current)
			html_lit(b, "<li class=\"current\" aria-current=\"step\">");
		else
			html_lit(b, "<li>");
		html_lit(b, "<strong>");
		html_text(b, i18n(lang, stage_names[i]));
		html_lit(b, "</strong><span>");
		html_text(b, i18n(lang, stage_descs[i]));
		html_lit(b, "</span></li>");
	}
	html_lit(b, "</ol>");
}

/* A panel: a heading and one paragraph. */
void
page_notice(struct buf *b, const char *heading, const char *text)
{
	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, heading);
	html_lit(b, "</h2><p>");
	html_text(b, text);
	html_lit(b, "</p></section>");
}

/*
 * The message box at the top of a form that was refused. When the
 * refusal names a field (pc->bad_field), the box links to it: the same
 * words also stand next to the field (page_field_error()).
 */
void
page_error(struct buf *b, const struct page_ctx *pc, const char *msg)
{
	html_lit(b, "<p class=\"error\" role=\"alert\">");
	if (pc->bad_field != NULL) {
		html_lit(b, "<a href=\"#f-");
		html_text(b, pc->bad_field);
		html_lit(b, "\">");
		html_text(b, msg);
		html_lit(b, "</a>");
	} else
		html_text(b, msg);
	html_lit(b, "</p>");
}

/*
 * Per-field errors. A form control named `name` (a literal of its form)
 * has the id "f-<name>"; when it is the field the refused request got
 * wrong, it also says so to a screen reader — aria-invalid, and
 * aria-describedby naming the message beside it, "e-<name>".
 */
static int
page_field_bad(const struct page_ctx *pc, const char *name)
{
	return (pc->bad_field != NULL && pc->bad_text != NULL &&
	    strcmp(pc->bad_field, name) == 0);
}

/* The attributes of a control without its own id (a radio group's). */
void
page_field_invalid(struct buf *b, const struct page_ctx *pc,
    const char *name)
{
	if (!page_field_bad(pc, name))
		return;
	html_lit(b, " aria-invalid=\"true\" aria-describedby=\"e-");
	html_text(b, name);
	html_lit(b, "\"");
}

/* A control's attributes: its id "f-<name>", and those above. */
void
page_field_attrs(struct buf *b, const struct page_ctx *pc, const char *name)
{
	html_lit(b, " id=\"f-");
	html_text(b, name);
	html_lit(b, "\"");
	page_field_invalid(b, pc, name);
}

/* The message next to field `name` when the refusal was about it. */
void
page_field_error(struct buf *b, const struct page_ctx *pc, const char *name)
{
	if (!page_field_bad(pc, name))
		return;
	html_lit(b, "<span class=\"field-error\" id=\"e-");
	html_text(b, name);
	html_lit(b, "\">");
	html_text(b, pc->bad_text);
	html_lit(b, "</span>");
}
