/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * password.c: passwords and sessions — a forgotten password reset with a
 * one-time code sent to the account (every session then ends), a
 * password changed by someone who knows the current one (every other
 * session then ends), and "my sessions" with "log out everywhere else".
 * Argon2id runs on Kore task threads, as at login (account.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "ident.h"
#include "web.h"

/*
 * The end of a form that sets a password: the new one's field (its label
 * opened by the caller) and the submit button saying submit; then the
 * page is sent.
 */
static int
new_password_end(struct ctx *ctx, int status, struct buf *b,
    const struct page_ctx *pc, enum msg submit)
{
	html_text(b, i18n(ctx->lang, M_ID_FIELD_NEW_PASSWORD));
	html_lit(b, "<input name=\"password\" id=\"f-password\" "
	    "type=\"password\" minlength=\"8\" required "
	    "autocomplete=\"new-password\"></label><button type=\"submit\">");
	html_text(b, i18n(ctx->lang, submit));
	html_lit(b, "</button></form>");
	page_end(b, pc);
	return (web_html(ctx, status, b));
}

/* The reset pages: the account (step 1), then code and new password
 * (step 2, account carried along). */
static int
reset_form(struct ctx *ctx, int status, enum msg err, int step,
    const char *account)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	web_form_token(ctx);
	web_page_begin(ctx, &b, &pc, M_ID_RESET_TITLE);
	if (status >= 400)
		page_error(&b, &pc, i18n(l, err));
	if (step == 1) {
		html_lit(&b, "<form method=\"post\" action=\"/reset\" "
		    "class=\"stack\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label>");
		html_text(&b, i18n(l, M_FIELD_ACCOUNT));
		html_lit(&b, "<input name=\"account\" id=\"f-account\" "
		    "required autocomplete=\"username\"></label>"
		    "<button type=\"submit\">");
		html_text(&b, i18n(l, M_ID_SEND_CODE));
		html_lit(&b, "</button></form>");
	} else {
		html_lit(&b, "<p class=\"ok\" role=\"status\">");
		html_text(&b, i18n(l, M_ID_RESET_SENT));
		html_lit(&b, "</p><form method=\"post\" "
		    "action=\"/reset/confirm\" class=\"stack\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<input type=\"hidden\" name=\"account\" "
		    "value=\"");
		html_text(&b, account);
		html_lit(&b, "\"><label>");
		html_text(&b, i18n(l, M_ID_FIELD_CODE));
		html_lit(&b, "<input name=\"code\" id=\"f-code\" required "
		    "inputmode=\"numeric\" autocomplete=\"one-time-code\">"
		    "</label><label>");
		return (new_password_end(ctx, status, &b, &pc,
		    M_ID_RESET_SUBMIT));
	}
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /reset */
int
password_reset_page(struct ctx *ctx)
{
	return (reset_form(ctx, 200, M_ERR_TITLE, 1, NULL));
}

/*
 * POST /reset and /api/v1/reset: a code to the account, if there is one.
 * The answer is the same either way (202), so it does not tell which
 * numbers have accounts — nor does a cap: an account whose number has
 * had its messages for the day gets the same 202 and no code (a 429
 * there would say the account exists). Only a failure differs.
 */
int
password_reset(struct ctx *ctx)
{
	struct user	 u;
	enum db_result	 r, q;
	char		 pw[PWHASH_LEN], account[ACCOUNT_MAX + 1];

	if (!identity_account(web_field(ctx, "account"), account,
	    sizeof(account)))
		return (web_fail(ctx, 400, "invalid_account", M_ERR_ACCOUNT));
	if (!otp_throttle(ctx, "send"))
		return (KORE_RESULT_OK);
	r = db_user_by_account(account, &u, pw, sizeof(pw));
	secret_wipe(pw, sizeof(pw));
	if (r == DB_OK &&
	    !otp_queue(ctx, u.id, CODE_RESET, account, &q)) {
		if (q != DB_CONFLICT)
			return (web_busy(ctx, q));
		kore_log(LOG_NOTICE, "reset: user %lld capped, no code sent",
		    (long long)u.id);
	}
	if (r != DB_OK && r != DB_NOTFOUND)
		return (web_busy(ctx, r));
	if (!web_is_json(ctx))
		return (reset_form(ctx, 200, M_ERR_TITLE, 2, account));
	return (web_json(ctx, 202, json_pack("{s:b}", "sent", 1)));
}

/* A reset across the new password's hashing. */
struct reset_flow {
	int64_t		 user;
	struct otp_code	 code;		/* checked before the hashing */
};

/*
 * POST /reset/confirm and /api/v1/reset/confirm: account, code and a new
 * password. The password is set, every session of the account ends, and
 * the reader is logged in afresh (200).
 */
int
password_reset_confirm(struct ctx *ctx)
{
	struct reset_flow *rf = web_flow(ctx, sizeof(*rf));
	struct user	 u;
	enum code_verdict v;
	enum db_result	 r;
	char		 pw[PWHASH_LEN], account[ACCOUNT_MAX + 1];

	if (!ctx->job.started) {
		if (!identity_account(web_field(ctx, "account"), account,
		    sizeof(account)))
			return (web_fail(ctx, 400, "invalid_account",
			    M_ERR_ACCOUNT));
		if (!identity_password(web_field(ctx, "password")))
			return (web_fail(ctx, 400, "invalid_password",
			    M_ERR_PASSWORD));
		r = db_user_by_account(account, &u, pw, sizeof(pw));
		secret_wipe(pw, sizeof(pw));
		/* No account: the same answer as no code, counted like a
		 * code entered (otp_check() counts the others). */
		if (r == DB_NOTFOUND)
			return (otp_throttle(ctx, "check") ? web_fail(ctx,
			    400, "code_none", M_ERR_CODE_NONE) :
			    KORE_RESULT_OK);
		if (r != DB_OK)
			return (web_busy(ctx, r));
		if (!otp_check(ctx, u.id, CODE_RESET, &rf->code))
			return (KORE_RESULT_OK);
		rf->user = u.id;
		if (!web_pw_hash(ctx, web_field(ctx, "password")))
			return (KORE_RESULT_OK);	/* 503: queue full */
		return (KORE_RESULT_RETRY);
	}
	if (!web_pw_done(ctx))
		return (KORE_RESULT_RETRY);
	if (!ctx->job.ok)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	r = db_password_reset(rf->user, rf->code.id, ctx->job.stored,
	    (int64_t)time(NULL), &v);
	secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!otp_verdict(ctx, v))
		return (KORE_RESULT_OK);
	return (web_welcome(ctx, rf->user, 200));
}

static int
change_form(struct ctx *ctx, int status, enum msg err)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	web_page_begin(ctx, &b, &pc, M_ID_PASSWORD_TITLE);
	html_lit(&b, "<p>");
	html_text(&b, i18n(l, M_ID_PASSWORD_NOTE));
	html_lit(&b, "</p>");
	if (status >= 400)
		page_error(&b, &pc, i18n(l, err));
	html_lit(&b, "<form method=\"post\" action=\"/me/password\" "
	    "class=\"stack\">");
	page_csrf_field(&b, &pc);
	html_lit(&b, "<label>");
	html_text(&b, i18n(l, M_ID_FIELD_CURRENT_PASSWORD));
	html_lit(&b, "<input name=\"current\" id=\"f-current\" "
	    "type=\"password\" required autocomplete=\"current-password\">"
	    "</label><label>");
	return (new_password_end(ctx, status, &b, &pc, M_ID_PASSWORD_TITLE));
}

/* GET /me/password */
int
password_change_page(struct ctx *ctx)
{
	return (change_form(ctx, 200, M_ERR_TITLE));
}

/* The task's work for a change: check the current, hash the new. */
struct pwchange {
	char	 stored[PWHASH_LEN];
	char	 current[PASSWORD_MAX_CHARS * 4 + 1];
	char	 next[PASSWORD_MAX_CHARS * 4 + 1];
	char	 hash[PWHASH_LEN];
	int	 current_ok;
	int	 hashed;
	int64_t	 attempt;	/* the event loop's: counted beforehand */
};

/* On a task thread: touches only the struct. */
static int
pwchange_run_cb(void *arg)
{
	struct pwchange	*p = arg;

	p->current_ok = secret_password_verify(p->stored, p->current);
	if (p->current_ok)
		p->hashed = secret_password_hash(p->next, p->hash);
	secret_wipe(p->current, sizeof(p->current));
	secret_wipe(p->next, sizeof(p->next));
	return (1);
}

static void
pwchange_free(void *arg)
{
	secret_wipe(arg, sizeof(struct pwchange));
	free(arg);
}

/*
 * POST /me/password and /api/v1/me/password: current and new password.
 * A wrong current password counts against the login throttle. On
 * success every other session of the person ends.
 */
int
password_change(struct ctx *ctx)
{
	struct pwchange	*p;
	struct user	 u;
	enum db_result	 r;
	const char	*cur, *next;
	char		 digest[TOKEN_HEX];
	int64_t		 now = (int64_t)time(NULL), attempt;
	int		 throttled;

	if (!ctx->work.started) {
		cur = web_field(ctx, "current");
		next = web_field(ctx, "password");
		if (cur == NULL || *cur == '\0' || strlen(cur) >=
		    sizeof(p->current))
			return (web_fail(ctx, 400, "wrong_password",
			    M_ERR_PASSWORD_WRONG));
		if (!identity_password(next))
			return (web_fail(ctx, 400, "invalid_password",
			    M_ERR_PASSWORD));
		if ((r = db_login_attempt(ctx->user.account, ctx->throttle,
		    now - THROTTLE_WINDOW, now, &throttled,
		    &attempt)) != DB_OK)
			return (web_busy(ctx, r));
		if (throttled)
			return (web_fail(ctx, 429, "throttled",
			    web_retry_after(ctx, throttled)));
		if ((p = calloc(1, sizeof(*p))) == NULL)
			return (web_fail(ctx, 500, "internal",
			    M_ERR_INTERNAL));
		if ((r = db_user_by_account(ctx->user.account, &u, p->stored,
		    sizeof(p->stored))) != DB_OK) {
			pwchange_free(p);
			return (web_busy(ctx, r));
		}
		p->attempt = attempt;
		(void)snprintf(p->current, sizeof(p->current), "%s", cur);
		(void)snprintf(p->next, sizeof(p->next), "%s", next);
		web_work_start(ctx, pwchange_run_cb, p, pwchange_free);
		return (KORE_RESULT_RETRY);
	}
	if (!web_work_done(ctx))
		return (KORE_RESULT_RETRY);
	p = ctx->work.arg;
	if (!p->current_ok)
		return (web_fail(ctx, 403, "wrong_password",
		    M_ERR_PASSWORD_WRONG));
	if (!p->hashed)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	if ((r = db_login_forgive(p->attempt)) != DB_OK)
		return (web_busy(ctx, r));
	secret_token_hash(ctx->token, digest);
	if ((r = db_password_change(ctx->user.id, p->hash, digest, now)) !=
	    DB_OK)
		return (web_busy(ctx, r));
	if (!web_is_json(ctx))
		return (web_redirect(ctx, "/me/sessions"));
	return (web_json(ctx, 200, json_pack("{s:b}", "ok", 1)));
}

struct sessions_list {
	struct buf	*b;
	json_t		*arr;
	enum lang	 lang;
	int		 n;
};

static int
session_row_cb(const struct session_row *s, void *arg)
{
	struct sessions_list	*sl = arg;
	char			 when[32];
	time_t			 t = (time_t)s->created;
	struct tm		 tm;

	sl->n++;
	if (sl->arr != NULL) {
		json_array_append_new(sl->arr, json_pack("{s:I, s:I, s:I, "
		    "s:s, s:s, s:b}", "id", (json_int_t)s->id, "created",
		    (json_int_t)s->created, "expires", (json_int_t)s->expires,
		    "addr", s->addr, "agent", s->agent, "current",
		    s->current));
		return (1);
	}
	t += 8 * 3600;		/* China time, as every page shows it */
	gmtime_r(&t, &tm);
	(void)strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	html_lit(sl->b, "<tr><td>");
	html_text(sl->b, when);
	html_lit(sl->b, "</td><td>");
	html_text(sl->b, s->addr);
	html_lit(sl->b, "</td><td>");
	html_text(sl->b, s->agent);
	html_lit(sl->b, "</td><td>");
	if (s->current)
		html_text(sl->b, i18n(sl->lang, M_ID_SESSIONS_THIS));
	html_lit(sl->b, "</td></tr>");
	return (1);
}

/* GET /me/sessions and /api/v1/me/sessions: the person's sessions. */
int
password_sessions(struct ctx *ctx)
{
	struct sessions_list	 sl;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	char			 digest[TOKEN_HEX];

	secret_token_hash(ctx->token, digest);
	memset(&sl, 0, sizeof(sl));
	sl.lang = l;
	if (web_is_json(ctx)) {
		sl.arr = json_array();
		if ((r = db_sessions_of(ctx->user.id, digest,
		    (int64_t)time(NULL), session_row_cb, &sl)) != DB_OK) {
			json_decref(sl.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:o}", "sessions",
		    sl.arr)));
	}
	sl.b = &b;
	web_page_begin(ctx, &b, &pc, M_ID_SESSIONS_TITLE);
	html_lit(&b, "<div class=\"scroll\" "
	    "tabindex=\"0\"><table id=\"sessions\">"
	    "<thead><tr><th>");
	html_text(&b, i18n(l, M_ID_SESSIONS_SINCE));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_ID_SESSIONS_FROM));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(l, M_ID_SESSIONS_BROWSER));
	html_lit(&b, "</th><th></th></tr></thead><tbody>");
	if ((r = db_sessions_of(ctx->user.id, digest, (int64_t)time(NULL),
	    session_row_cb, &sl)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</tbody></table></div><form method=\"post\" "
	    "action=\"/me/sessions\">");
	page_csrf_field(&b, &pc);
	html_lit(&b, "<button type=\"submit\" id=\"end-others\">");
	html_text(&b, i18n(l, M_ID_SESSIONS_END));
	html_lit(&b, "</button></form><p><a href=\"/me/password\">");
	html_text(&b, i18n(l, M_ID_PASSWORD_TITLE));
	html_lit(&b, "</a> · <a href=\"/me/account\">");
	html_text(&b, i18n(l, M_ID_ACCOUNT_TITLE));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* POST /me/sessions and /api/v1/me/sessions: log out everywhere else. */
int
password_sessions_end(struct ctx *ctx)
{
	enum db_result	 r;
	char		 digest[TOKEN_HEX];
	int		 ended;

	secret_token_hash(ctx->token, digest);
	if ((r = db_sessions_end_others(ctx->user.id, digest,
	    (int64_t)time(NULL), &ended)) != DB_OK)
		return (web_busy(ctx, r));
	if (!web_is_json(ctx))
		return (web_redirect(ctx, "/me/sessions"));
	return (web_json(ctx, 200, json_pack("{s:i}", "ended", ended)));
}
