/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * answer.c: how a handler answers — a page, JSON, a refusal in the
 * reader's language (web_fail()), a redirect, a CSV, a file of the data
 * directory, a cookie — each with the same security headers. It calls
 * nothing above it: web.c (the request's life), web_pw.c (the login
 * queue) and webmetrics.c answer through it.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "html.h"
#include "web.h"

static int	secure_cookies;	/* YUJIANG_SECURE_COOKIES: cookies are Secure */

/* Whether cookies are sent Secure (the site is served over HTTPS). */
void
web_answer_configure(int secure)
{
	secure_cookies = secure;
}

int
web_is_json(const struct ctx *ctx)
{
	return ((ctx->route->flags & R_JSON) != 0);
}

void
web_page_ctx(struct ctx *ctx, struct page_ctx *pc)
{
	int64_t		 unread;

	memset(pc, 0, sizeof(*pc));
	pc->lang = ctx->lang;
	pc->path = ctx->req->path;
	pc->logged_in = ctx->logged_in;
	pc->role = ctx->user.role;
	pc->user_name = ctx->user.name;
	pc->csrf = ctx->csrf;
	/* Every page of a logged-in reader shows their unread count: one
	 * search of a partial index (db_inbox_unread()). A page is still
	 * worth showing when it fails: the count is then left out. */
	if (ctx->logged_in && db_inbox_unread(ctx->user.id,
	    &unread) == DB_OK)
		pc->unread = unread;
	if (ctx->bad_field != NULL) {
		pc->bad_field = ctx->bad_field;
		pc->bad_text = i18n(ctx->lang, ctx->bad_msg);
	}
}

/*
 * The top of a page: pc made for the reader (web_page_ctx()), b begun
 * (to be sent with web_html(), which frees it) with title as both the
 * page's <title> and its <h1>.
 */
void
web_page_begin(struct ctx *ctx, struct buf *b, struct page_ctx *pc,
    enum msg title)
{
	web_page_ctx(ctx, pc);
	buf_init(b, 8192);
	page_begin(b, pc, i18n(ctx->lang, title));
	html_lit(b, "<h1>");
	html_text(b, i18n(ctx->lang, title));
	html_lit(b, "</h1>");
}

/*
 * Say which field of the form a refusal is about (name: the field's
 * name, a string literal; m: what is wrong with it), before the form is
 * written again: web_page_ctx() hands it to the page, whose form then
 * shows the message beside that field (page_field_error()).
 */
void
web_bad_field(struct ctx *ctx, const char *name, enum msg m)
{
	ctx->bad_field = name;
	ctx->bad_msg = m;
}

static void
web_headers(struct ctx *ctx)
{
	struct http_request	*req = ctx->req;

	/* Scripts only where a page needs one, and only our own file:
	 * never inline, so no user data can become code. */
	http_response_header(req, "content-security-policy",
	    ctx->route->flags & R_SCRIPT ?
	    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
	    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'" :
	    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "x-frame-options", "DENY");
	http_response_header(req, "referrer-policy", "same-origin");
	if (!(ctx->route->flags & R_NO_SESSION))
		http_response_header(req, "cache-control", "no-store");
	http_response_header(req, "vary", "Cookie, Accept-Language");
}

/* Send b, made, as type (the buffer is freed). */
static int
send_buf(struct ctx *ctx, int status, const char *type, struct buf *b)
{
	web_headers(ctx);
	http_response_header(ctx->req, "content-type", type);
	http_response(ctx->req, status, b->data, b->len);
	buf_free(b);
	return (KORE_RESULT_OK);
}

/* Send a finished page (the buffer is freed). Returns KORE_RESULT_OK. */
int
web_html(struct ctx *ctx, int status, struct buf *b)
{
	return (send_buf(ctx, status, "text/html; charset=utf-8", b));
}

/* Send a JSON value (its reference is taken). Returns KORE_RESULT_OK. */
int
web_json(struct ctx *ctx, int status, json_t *v)
{
	char	*s;

	s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	web_headers(ctx);
	http_response_header(ctx->req, "content-type",
	    "application/json; charset=utf-8");
	if (s == NULL) {
		http_response(ctx->req, 500, "{\"error\":\"internal\"}", 20);
		return (KORE_RESULT_OK);
	}
	http_response(ctx->req, status, s, strlen(s));
	free(s);
	return (KORE_RESULT_OK);
}

/* Send JSON text already made (the buffer is freed). */
int
web_json_text(struct ctx *ctx, int status, struct buf *b)
{
	return (send_buf(ctx, status, "application/json; charset=utf-8", b));
}

/*
 * Answer an error: {"error": code, "message": …} for the API, a page with
 * the message for people. Returns KORE_RESULT_OK for the handler to pass on.
 */
int
web_fail(struct ctx *ctx, int status, const char *code, enum msg m)
{
	struct page_ctx	 pc;
	struct buf	 b;

	if (web_is_json(ctx))
		return (web_json(ctx, status, json_pack("{s:s, s:s}",
		    "error", code, "message", i18n(ctx->lang, m))));
	web_page_begin(ctx, &b, &pc, M_ERR_TITLE);
	page_error(&b, &pc, i18n(ctx->lang, m));
	html_lit(&b, "<p><a href=\"/\">");
	html_text(&b, i18n(ctx->lang, M_BACK_HOME));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/*
 * 403 "unverified": the account must prove its phone or email first. The
 * API says where (/confirm); the page links to it.
 */
int
web_unverified(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct buf	 b;

	if (web_is_json(ctx))
		return (web_json(ctx, 403, json_pack("{s:s, s:s, s:s}",
		    "error", "unverified", "message", i18n(ctx->lang,
		    M_ERR_UNVERIFIED), "verify", "/confirm")));
	web_page_begin(ctx, &b, &pc, M_ERR_TITLE);
	page_error(&b, &pc, i18n(ctx->lang, M_ERR_UNVERIFIED));
	html_lit(&b, "<p><a class=\"button\" href=\"/confirm\" "
	    "id=\"verify-link\">");
	html_text(&b, i18n(ctx->lang, M_ID_VERIFY_LINK));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, 403, &b));
}

/*
 * A login-like attempt must wait `wait` seconds (db_login_attempt()): set
 * Retry-After and return the sentence to refuse it with — locked for the
 * window, or slowed down for a few seconds.
 */
enum msg
web_retry_after(struct ctx *ctx, int wait)
{
	char	 s[16];

	(void)snprintf(s, sizeof(s), "%d", wait);
	http_response_header(ctx->req, "retry-after", s);
	return (wait >= THROTTLE_WINDOW ? M_ERR_THROTTLED :
	    M_ERR_THROTTLED_SLOW);
}

/*
 * Map a failed store call to 503 (busy) or 500, answered. Busy is the
 * database locked by another writer past DB_LOOP_BUSY_MS (db.h): the
 * same request a second later normally goes through, and says so.
 */
int
web_busy(struct ctx *ctx, enum db_result r)
{
	if (r == DB_BUSY) {
		http_response_header(ctx->req, "retry-after", "1");
		return (web_fail(ctx, 503, "busy", M_ERR_BUSY));
	}
	return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
}

/*
 * Send a finished CSV (csvio.c's, for Excel) as the download `filename`
 * (our own codes and dates, never user text); the buffer is freed.
 */
int
web_csv(struct ctx *ctx, const char *filename, struct buf *b)
{
	char	 disp[160];

	(void)snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
	    filename);
	http_response_header(ctx->req, "content-disposition", disp);
	http_response_header(ctx->req, "content-type",
	    "text/csv; charset=utf-8");
	http_response_header(ctx->req, "cache-control", "no-store");
	http_response_header(ctx->req, "x-content-type-options", "nosniff");
	http_response(ctx->req, 200, b->data, b->len);
	buf_free(b);
	return (KORE_RESULT_OK);
}

/* 303 See Other to a local path (callers pass constants or checked paths). */
int
web_redirect(struct ctx *ctx, const char *to)
{
	web_headers(ctx);
	http_response_header(ctx->req, "location", to);
	http_response(ctx->req, HTTP_STATUS_SEE_OTHER, NULL, 0);
	return (KORE_RESULT_OK);
}

/*
 * Set (max_age > 0) or delete (0) a host-only, HttpOnly, SameSite=Lax
 * cookie; Secure when served over HTTPS. name and value are our own
 * tokens and codes, never user text.
 */
void
web_cookie(struct ctx *ctx, const char *name, const char *value,
    long max_age)
{
	char	 h[256];

	(void)snprintf(h, sizeof(h), "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
	    "SameSite=Lax%s", name, value, max_age,
	    secure_cookies ? "; Secure" : "");
	http_response_header(ctx->req, "set-cookie", h);
}

/* The public view of a person, as every API route shows it. */
json_t *
web_user_json(const struct user *u)
{
	const char	*track = track_code(u->track);

	return (json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:b}",
	    "id", (json_int_t)u->id, "name", u->name,
	    "account", u->account, "role", role_code(u->role),
	    "track", track != NULL ? json_string(track) : json_null(),
	    "stage", stage_code(u->stage), "created", (json_int_t)u->created,
	    "verified", u->verified > 0));
}

/*
 * Send a file of the data directory with sendfile (Kore's fileref): the
 * bytes never pass through the worker's memory. 0 (answered 404) when
 * there is no such file.
 */
int
web_send_file(struct ctx *ctx, const char *path, const char *disposition)
{
	struct kore_fileref	*ref;
	struct kore_server	*srv = ctx->req->owner->owner->server;
	struct stat		 sb;
	int			 fd;

	if ((ref = kore_fileref_get(path, srv->tls)) == NULL) {
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1)
			return (0);
		if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
			close(fd);
			return (0);
		}
		/* kore_fileref_create() takes the descriptor. */
		if ((ref = kore_fileref_create(srv, path, fd, sb.st_size,
		    &sb.st_mtim)) == NULL) {
			close(fd);
			return (0);
		}
	}
	/* Kore names the type from the extension (.png, .zip). */
	http_response_header(ctx->req, "cache-control", "private, max-age=300");
	http_response_header(ctx->req, "x-content-type-options", "nosniff");
	if (disposition != NULL)
		http_response_header(ctx->req, "content-disposition",
		    disposition);
	http_response_fileref(ctx->req, 200, ref);
	return (1);
}
