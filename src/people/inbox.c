/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * inbox.c: a person's messages (/inbox and /api/v1/inbox), marking them
 * read, and the choice of which kinds also go by email or SMS
 * (/me/notifications and its API twin). Messages are written by the
 * store in the events' own transactions (db_inbox.c); here they are
 * worded in the reader's current language (notify.c) and shown.
 *
 * Every query is the reader's own: the store is asked for ctx->user.id's
 * messages only, so nobody reads or marks another's inbox, and a message
 * id that is not the reader's answers 404 like one that does not exist.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "inbox.h"

/* Choices on the preferences page, in their order, with their words. */
static const struct {
	unsigned	 ch;
	enum msg	 label;
} choices[] = {
	{ 0, M_PREFS_NONE },
	{ NOTIFY_SMS, M_PREFS_SMS },
	{ NOTIFY_EMAIL, M_PREFS_EMAIL },
	{ NOTIFY_EMAIL | NOTIFY_SMS, M_PREFS_BOTH },
};

struct listing {
	struct buf	*b;		/* the page, or NULL for JSON */
	json_t		*arr;
	const struct page_ctx *pc;
	enum lang	 l;
	int		 n;
	int64_t		 last;		/* the oldest id shown */
};

/* China's date and time of t, "2027-03-01 14:05". */
static void
inbox_when(int64_t t, char out[17])
{
	struct tm	 tm;
	time_t		 c = (time_t)t + 8 * 3600;

	if (gmtime_r(&c, &tm) == NULL ||
	    strftime(out, 17, "%Y-%m-%d %H:%M", &tm) == 0)
		(void)snprintf(out, 17, "-");
}

static int
inbox_row_cb(const struct inbox_row *m, void *arg)
{
	struct listing	*ls = arg;
	struct buf	 text;
	char		 when[17];

	ls->n++;
	ls->last = m->id;
	buf_init(&text, 256);
	notify_text(&text, ls->l, &m->n);
	if (ls->b == NULL) {
		json_array_append_new(ls->arr, json_pack("{s:I, s:s, s:s, "
		    "s:s, s:b, s:I, s:o, s:{s:b, s:b}}",
		    "id", (json_int_t)m->id, "kind", notify_kind_code(m->n.kind),
		    "text", text.data, "link", m->n.link, "read", m->read != 0,
		    "created", (json_int_t)m->created,
		    "read_at", m->read != 0 ? json_integer(m->read) :
		    json_null(), "copies", "email",
		    (m->copies & NOTIFY_EMAIL) != 0, "sms",
		    (m->copies & NOTIFY_SMS) != 0));
		buf_free(&text);
		return (1);
	}
	inbox_when(m->created, when);
	html_lit(ls->b, "<li class=\"");
	html_text(ls->b, m->read ? "read" : "unread");
	html_lit(ls->b, "\" id=\"m");
	html_int(ls->b, m->id);
	html_lit(ls->b, "\" data-kind=\"");
	html_text(ls->b, notify_kind_code(m->n.kind));
	html_lit(ls->b, "\"><p class=\"meta\">");
	if (!m->read) {
		html_lit(ls->b, "<span class=\"badge pending\">");
		html_text(ls->b, i18n(ls->l, M_INBOX_UNREAD));
		html_lit(ls->b, "</span>");
	}
	html_text(ls->b, when);
	html_lit(ls->b, "</p><p class=\"text\">");
	html_text(ls->b, text.data);
	html_lit(ls->b, "</p>");
	buf_free(&text);
	if (m->copies != 0) {
		html_lit(ls->b, "<p class=\"meta\">");
		html_text(ls->b, i18n(ls->l, M_INBOX_COPIES));
		html_text(ls->b, notify_choice_code(m->copies));
		html_lit(ls->b, "</p>");
	}
	html_lit(ls->b, "<p>");
	if (m->n.link[0] == '/') {
		html_lit(ls->b, "<a href=\"");
		html_text(ls->b, m->n.link);
		html_lit(ls->b, "\">");
		html_text(ls->b, i18n(ls->l, M_INBOX_OPEN));
		html_lit(ls->b, "</a> ");
	}
	if (!m->read) {
		html_lit(ls->b, "<form class=\"inline\" method=\"post\" "
		    "action=\"/inbox/read\">");
		page_csrf_field(ls->b, ls->pc);
		html_lit(ls->b, "<input type=\"hidden\" name=\"id\" value=\"");
		html_int(ls->b, m->id);
		html_lit(ls->b, "\"><button type=\"submit\" class=\"link\">");
		html_text(ls->b, i18n(ls->l, M_INBOX_MARK_READ));
		html_lit(ls->b, "</button></form>");
	}
	html_lit(ls->b, "</p></li>");
	return (1);
}

/*
 * GET /inbox, /api/v1/inbox[?before=ID]: the reader's messages, newest
 * first, INBOX_PAGE at a time, worded in the reader's language; the API
 * answers {"messages": […], "unread": N, "next": ID or null}, where next
 * is the `before` of the following page.
 */
int
inbox_list(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct listing	 ls;
	struct buf	 b;
	enum db_result	 r;
	long long	 before = 0;
	int64_t		 unread;
	char		 next[48];
	json_t		*o;

	if (web_field(ctx, "before") != NULL &&
	    !web_field_int(ctx, "before", 1, INT64_MAX, &before))
		return (web_fail(ctx, 400, "invalid_before",
		    M_ERR_BAD_REQUEST));
	if ((r = db_inbox_unread(ctx->user.id, &unread)) != DB_OK)
		return (web_busy(ctx, r));
	web_page_ctx(ctx, &pc);
	memset(&ls, 0, sizeof(ls));
	ls.l = ctx->lang;
	ls.pc = &pc;
	if (web_is_json(ctx)) {
		ls.arr = json_array();
		if ((r = db_inbox_page(ctx->user.id, before, INBOX_PAGE,
		    inbox_row_cb, &ls)) != DB_OK) {
			json_decref(ls.arr);
			return (web_busy(ctx, r));
		}
		o = json_pack("{s:o, s:I}", "messages", ls.arr, "unread",
		    (json_int_t)unread);
		json_object_set_new(o, "next", ls.n == INBOX_PAGE ?
		    json_integer(ls.last) : json_null());
		return (web_json(ctx, 200, o));
	}

	buf_init(&b, 16384);
	ls.b = &b;
	page_begin(&b, &pc, i18n(ctx->lang, M_INBOX_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(ctx->lang, M_INBOX_TITLE));
	html_lit(&b, "</h1>");
	if (unread > 0) {
		html_lit(&b, "<form method=\"post\" action=\"/inbox/read\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<input type=\"hidden\" name=\"all\" value=\"1\">"
		    "<button type=\"submit\" class=\"secondary\" "
		    "id=\"mark-all\">");
		html_text(&b, i18n(ctx->lang, M_INBOX_MARK_ALL));
		html_lit(&b, "</button></form>");
	}
	html_lit(&b, "<ul class=\"inbox\" id=\"inbox\">");
	if ((r = db_inbox_page(ctx->user.id, before, INBOX_PAGE,
	    inbox_row_cb, &ls)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	if (ls.n == 0) {
		html_lit(&b, "<p class=\"muted\" id=\"inbox-empty\">");
		html_text(&b, i18n(ctx->lang, M_INBOX_EMPTY));
		html_lit(&b, "</p>");
	}
	if (ls.n == INBOX_PAGE) {
		(void)snprintf(next, sizeof(next), "/inbox?before=%lld",
		    (long long)ls.last);
		html_lit(&b, "<p><a rel=\"next\" id=\"inbox-older\" href=\"");
		html_text(&b, next);
		html_lit(&b, "\">");
		html_text(&b, i18n(ctx->lang, M_INBOX_OLDER));
		html_lit(&b, "</a></p>");
	}
	html_lit(&b, "<p><a href=\"/me/notifications\">");
	html_text(&b, i18n(ctx->lang, M_INBOX_PREFS_LINK));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/*
 * POST /inbox/read, /api/v1/inbox/read: id (one of the reader's
 * messages) or all=1 (every unread one). The page goes back to the
 * inbox; the API answers {"marked": N, "unread": N}.
 */
int
inbox_read(struct ctx *ctx)
{
	enum db_result	 r;
	long long	 id = 0, all = 0;
	int64_t		 marked, unread;

	if (web_field(ctx, "all") != NULL || (ctx->body != NULL &&
	    json_object_get(ctx->body, "all") != NULL)) {
		if (!web_field_int(ctx, "all", 1, 1, &all))
			return (web_fail(ctx, 400, "invalid_read",
			    M_ERR_INBOX_READ));
	} else if (!web_field_int(ctx, "id", 1, INT64_MAX, &id))
		return (web_fail(ctx, 400, "invalid_read", M_ERR_INBOX_READ));
	r = db_inbox_mark(ctx->user.id, all ? 0 : id, (int64_t)time(NULL),
	    &marked);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_INBOX_NOT_FOUND));
	if (r != DB_OK || (r = db_inbox_unread(ctx->user.id, &unread)) !=
	    DB_OK)
		return (web_busy(ctx, r));
	if (!web_is_json(ctx))
		return (web_redirect(ctx, "/inbox"));
	return (web_json(ctx, 200, json_pack("{s:I, s:I}", "marked",
	    (json_int_t)marked, "unread", (json_int_t)unread)));
}

static json_t *
prefs_json(const unsigned ch[NOTIFY__COUNT])
{
	json_t	*o = json_object();
	int	 k;

	for (k = 0; k < NOTIFY__COUNT; k++)
		json_object_set_new(o, notify_kind_code((enum notify_kind)k),
		    json_string(notify_choice_code(ch[k])));
	return (o);
}

/* The channels the reader's account can receive: phone SMS, or email. */
static unsigned
prefs_reach(const struct ctx *ctx)
{
	return (strchr(ctx->user.account, '@') != NULL ? NOTIFY_EMAIL :
	    NOTIFY_SMS);
}

static int
prefs_page(struct ctx *ctx, int status, const unsigned ch[NOTIFY__COUNT],
    enum msg error, int saved)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;
	unsigned	 reach = prefs_reach(ctx), i;
	int		 k;

	if (web_is_json(ctx)) {
		if (error != M_APP_NAME)
			return (web_fail(ctx, status, "invalid_choice", error));
		return (web_json(ctx, status, json_pack("{s:o, s:s}",
		    "notifications", prefs_json(ch), "reachable",
		    notify_choice_code(reach))));
	}
	web_page_begin(ctx, &b, &pc, M_PREFS_TITLE);
	if (error != M_APP_NAME)
		page_error(&b, &pc, i18n(l, error));
	if (saved) {
		html_lit(&b, "<p class=\"notice\" id=\"saved\">");
		html_text(&b, i18n(l, M_PREFS_SAVED));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<p>");
	html_text(&b, i18n(l, M_PREFS_INTRO));
	/* Multipart: one field a kind, more than the 19 Kore parses of a
	 * urlencoded body (KORE.md). */
	html_lit(&b, "</p><form method=\"post\" action=\"/me/notifications\" "
	    "id=\"prefs\" enctype=\"multipart/form-data\">");
	page_csrf_field(&b, &pc);
	for (k = 0; k < NOTIFY__COUNT; k++) {
		html_lit(&b, "<p><label>");
		html_text(&b, i18n(l, notify_kind_label((enum notify_kind)k)));
		html_lit(&b, "<br><select name=\"");
		html_text(&b, notify_kind_code((enum notify_kind)k));
		html_lit(&b, "\">");
		for (i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
			/* Only what the account can receive is offered. */
			if ((choices[i].ch & ~reach) != 0)
				continue;
			html_lit(&b, "<option value=\"");
			html_text(&b, notify_choice_code(choices[i].ch));
			html_lit(&b, "\"");
			if (choices[i].ch == ch[k])
				html_lit(&b, " selected");
			html_lit(&b, ">");
			html_text(&b, i18n(l, choices[i].label));
			html_lit(&b, "</option>");
		}
		html_lit(&b, "</select></label></p>");
	}
	html_lit(&b, "<p><button type=\"submit\">");
	html_text(&b, i18n(l, M_PREFS_SAVE));
	html_lit(&b, "</button></p></form><p><a href=\"/inbox\">");
	html_text(&b, i18n(l, M_INBOX_TITLE));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/*
 * GET /me/notifications, /api/v1/me/notifications: for each kind of
 * message, whether a copy also goes by email or SMS ("none", "email",
 * "sms", "both"), and what the account can receive ("reachable").
 */
int
inbox_prefs(struct ctx *ctx)
{
	unsigned	 ch[NOTIFY__COUNT];
	enum db_result	 r;

	if ((r = db_notify_prefs(ctx->user.id, ch)) != DB_OK)
		return (web_busy(ctx, r));
	return (prefs_page(ctx, 200, ch, M_APP_NAME,
	    web_field(ctx, "saved") != NULL));
}

/*
 * POST /me/notifications, /api/v1/me/notifications: one field per kind
 * (its code) with "none", "email", "sms" or "both"; a kind left out
 * keeps its choice, but at least one is given. Refused whole (400, nothing saved) for an unknown
 * kind in a JSON body, a word that is not a choice, or a channel the
 * account cannot receive (SMS to an email address, email to a phone).
 * The copies will be written in the language the choice is saved in.
 */
int
inbox_prefs_save(struct ctx *ctx)
{
	unsigned	 ch[NOTIFY__COUNT], want[NOTIFY__COUNT], c;
	enum notify_kind kind;
	enum db_result	 r;
	const char	*key, *v;
	json_t		*val;
	int		 k, given = 0;

	if ((r = db_notify_prefs(ctx->user.id, ch)) != DB_OK)
		return (web_busy(ctx, r));
	memcpy(want, ch, sizeof(want));
	if (ctx->body != NULL) {
		json_object_foreach(ctx->body, key, val) {
			if (!notify_kind_parse(key, &kind))
				return (prefs_page(ctx, 400, ch,
				    M_ERR_PREFS_KIND, 0));
			if (!json_is_string(val))
				return (prefs_page(ctx, 400, ch,
				    M_ERR_PREFS_CHOICE, 0));
		}
	}
	for (k = 0; k < NOTIFY__COUNT; k++) {
		if (web_field_not_text(ctx,
		    notify_kind_code((enum notify_kind)k)))
			return (prefs_page(ctx, 400, ch, M_ERR_PREFS_CHOICE, 0));
		if ((v = web_field(ctx,
		    notify_kind_code((enum notify_kind)k))) == NULL)
			continue;
		given++;
		if (!notify_choice_parse(v, &c))
			return (prefs_page(ctx, 400, ch, M_ERR_PREFS_CHOICE, 0));
		if ((c & ~prefs_reach(ctx)) != 0)
			return (prefs_page(ctx, 400, ch, prefs_reach(ctx) ==
			    NOTIFY_EMAIL ? M_ERR_PREFS_SMS : M_ERR_PREFS_EMAIL,
			    0));
		want[k] = c;
	}
	if (given == 0)		/* nothing to save: a form always has all */
		return (prefs_page(ctx, 400, ch, M_ERR_PREFS_CHOICE, 0));
	if ((r = db_notify_prefs_set(ctx->user.id, want, ctx->lang,
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	if (!web_is_json(ctx))
		return (web_redirect(ctx, "/me/notifications?saved=1"));
	return (prefs_page(ctx, 200, want, M_APP_NAME, 0));
}
