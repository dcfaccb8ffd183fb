/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * ident.c: 身份 — proof that a phone or an email is the person's. A
 * one-time code goes to the account at registration (account.c calls
 * otp_queue()), on request again, to a new phone or email before
 * it replaces the old one, and to a number someone else registered and
 * never verified, so its owner can take it back ("claim"). Until its code
 * comes back an account is unverified: the dispatcher refuses it the
 * routes marked R_VERIFIED (web_unverified()), rosters do not link to it
 * and no certificate names it (the store).
 *
 * Passwords and sessions (reset by code, change, "my sessions") are in
 * password.c; making, sending and checking the codes is otp.c's,
 * delivering them the outbox's (outbox.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "html.h"
#include "ident.h"
#include "privacy.h"
#include "web.h"

/* A form with one code field posting to action, plus hidden fields. */
static void
code_form(struct buf *b, const struct page_ctx *pc, enum lang l,
    const char *action, const char *account)
{
	html_lit(b, "<form method=\"post\" class=\"stack\" action=\"");
	html_text(b, action);
	html_lit(b, "\">");
	page_csrf_field(b, pc);
	if (account != NULL) {
		html_lit(b, "<input type=\"hidden\" name=\"account\" value=\"");
		html_text(b, account);
		html_lit(b, "\">");
	}
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_ID_FIELD_CODE));
	html_lit(b, "<input name=\"code\" id=\"f-code\" required "
	    "inputmode=\"numeric\" autocomplete=\"one-time-code\" "
	    "maxlength=\"12\"></label>");
}

/*
 * "My page"'s word on the account: unverified (with the code form and
 * where it went), or released to the number's owner.
 */
void
ident_banner(struct ctx *ctx, struct buf *b)
{
	enum lang	 l = ctx->lang;

	if (ctx->user.verified)
		return;
	html_lit(b, "<section class=\"panel warn\" id=\"verify-banner\"><h2>");
	html_text(b, i18n(l, M_ID_VERIFY_TITLE));
	html_lit(b, "</h2><p>");
	if (ctx->user.released) {
		html_text(b, i18n(l, M_ID_RELEASED));
		html_lit(b, "</p><p><a class=\"button\" href=\"/me/account\">");
		html_text(b, i18n(l, M_ID_ACCOUNT_TITLE));
		html_lit(b, "</a></p></section>");
		return;
	}
	html_text(b, i18n(l, M_ID_VERIFY_NEEDED));
	html_lit(b, "</p><p><a class=\"button\" href=\"/confirm\" "
	    "id=\"verify-link\">");
	html_text(b, i18n(l, M_ID_VERIFY_LINK));
	html_lit(b, "</a></p></section>");
}

/* GET /confirm: where the code went, the code form, a new code. */
int
ident_confirm_page(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	web_page_begin(ctx, &b, &pc, M_ID_VERIFY_TITLE);
	if (ctx->user.verified) {
		html_lit(&b, "<p class=\"ok\" role=\"status\" "
		    "id=\"verified\">");
		html_text(&b, i18n(l, M_ID_VERIFIED));
		html_lit(&b, "</p>");
		page_end(&b, &pc);
		return (web_html(ctx, 200, &b));
	}
	if (ctx->user.released) {
		ident_banner(ctx, &b);
		page_end(&b, &pc);
		return (web_html(ctx, 200, &b));
	}
	html_lit(&b, "<p>");
	html_text(&b, i18n(l, M_ID_VERIFY_SENT_TO));
	html_lit(&b, " <strong id=\"sent-to\">");
	html_text(&b, ctx->user.account);
	html_lit(&b, "</strong></p>");
	code_form(&b, &pc, l, "/confirm", NULL);
	html_lit(&b, "<button type=\"submit\" id=\"code-submit\">");
	html_text(&b, i18n(l, M_ID_SUBMIT_CODE));
	html_lit(&b, "</button></form><form method=\"post\" "
	    "action=\"/confirm/resend\">");
	page_csrf_field(&b, &pc);
	html_lit(&b, "<button type=\"submit\" class=\"secondary\" "
	    "id=\"resend\">");
	html_text(&b, i18n(l, M_ID_RESEND));
	html_lit(&b, "</button></form>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* The reader's account as it now stands (reloaded first when a code
 * changed it): "my page", or the API's user. */
static int
account_answer(struct ctx *ctx, int reload)
{
	enum db_result	 r;

	if (reload && (r = db_user_by_id(ctx->user.id, &ctx->user)) != DB_OK)
		return (web_busy(ctx, r));
	if (!web_is_json(ctx))
		return (web_redirect(ctx, "/me"));
	return (web_json(ctx, 200, json_pack("{s:o}", "user",
	    web_user_json(&ctx->user))));
}

/* POST /confirm and /api/v1/confirm: the account's code comes back. */
int
ident_confirm(struct ctx *ctx)
{
	struct otp_code		 c;
	enum code_verdict	 v;
	enum db_result		 r;

	if (!ctx->user.verified) {
		if (!otp_check(ctx, ctx->user.id, CODE_VERIFY, &c))
			return (KORE_RESULT_OK);
		if ((r = db_user_verify(ctx->user.id, c.id,
		    (int64_t)time(NULL), &v)) != DB_OK)
			return (web_busy(ctx, r));
		if (!otp_verdict(ctx, v))
			return (KORE_RESULT_OK);
		return (account_answer(ctx, 1));
	}
	return (account_answer(ctx, 0));
}

/* POST /confirm/resend and /api/v1/confirm/resend: a new code. */
int
ident_resend(struct ctx *ctx)
{
	if (ctx->user.verified)
		return (web_fail(ctx, 409, "already_verified",
		    M_ERR_ALREADY_VERIFIED));
	if (ctx->user.released)
		return (web_fail(ctx, 409, "released", M_ID_RELEASED));
	if (!otp_send(ctx, ctx->user.id, CODE_VERIFY,
	    ctx->user.account))
		return (KORE_RESULT_OK);
	if (!web_is_json(ctx))
		return (web_redirect(ctx, "/confirm"));
	return (web_json(ctx, 202, json_pack("{s:s}", "sent_to",
	    ctx->user.account)));
}

/* The claim pages: the number (step 1), then the code and the owner's
 * details (step 2, with the number, account, carried along). */
static int
claim_form(struct ctx *ctx, int status, enum msg err, int step,
    const char *account)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	web_form_token(ctx);
	web_page_begin(ctx, &b, &pc, M_ID_CLAIM_TITLE);
	html_lit(&b, "<p>");
	html_text(&b, i18n(l, M_ID_CLAIM_INTRO));
	html_lit(&b, "</p>");
	if (status >= 400)
		page_error(&b, &pc, i18n(l, err));
	if (step == 1) {
		html_lit(&b, "<form method=\"post\" action=\"/claim\" "
		    "class=\"stack\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label>");
		html_text(&b, i18n(l, M_FIELD_ACCOUNT));
		html_lit(&b, "<input name=\"account\" id=\"f-account\" "
		    "required value=\"");
		html_text(&b, web_field(ctx, "account"));
		html_lit(&b, "\"></label><button type=\"submit\">");
		html_text(&b, i18n(l, M_ID_SEND_CODE));
		html_lit(&b, "</button></form>");
	} else {
		html_lit(&b, "<p class=\"ok\" role=\"status\">");
		html_text(&b, i18n(l, M_ID_VERIFY_SENT_TO));
		html_lit(&b, " <strong>");
		html_text(&b, account);
		html_lit(&b, "</strong></p>");
		code_form(&b, &pc, l, "/claim/confirm", account);
		account_form_fields(ctx, &b);
		privacy_consent_box(&b, ctx);
		html_lit(&b, "<button type=\"submit\" id=\"claim-submit\">");
		html_text(&b, i18n(l, M_ID_CLAIM_SUBMIT));
		html_lit(&b, "</button></form>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /claim */
int
ident_claim_page(struct ctx *ctx)
{
	return (claim_form(ctx, 200, M_ERR_TITLE, 1, NULL));
}

/*
 * The unverified apprentice account holding account, into u; else
 * answer (404: nobody has it, register; 409: verified, reset the
 * password instead) and 0.
 */
static int
claimable(struct ctx *ctx, const char *account, struct user *u)
{
	enum db_result	 r;
	char		 pw[PWHASH_LEN];

	r = db_user_by_account(account, u, pw, sizeof(pw));
	secret_wipe(pw, sizeof(pw));
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_registered",
		    M_ERR_CLAIM_NONE), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	if (u->verified || u->role != ROLE_APPRENTICE)
		return (web_fail(ctx, 409, "account_verified",
		    M_ERR_CLAIM_VERIFIED), 0);
	return (1);
}

/*
 * POST /claim and /api/v1/claim: a code to a number someone else
 * registered and never verified. Only the number's holder receives it.
 */
int
ident_claim(struct ctx *ctx)
{
	struct user	 u;
	char		 account[ACCOUNT_MAX + 1];

	if (!identity_account(web_field(ctx, "account"), account,
	    sizeof(account)))
		return (web_fail(ctx, 400, "invalid_account", M_ERR_ACCOUNT));
	if (!otp_throttle(ctx, "send") || !claimable(ctx, account, &u) ||
	    !otp_send(ctx, u.id, CODE_CLAIM, account))
		return (KORE_RESULT_OK);
	if (!web_is_json(ctx))
		return (claim_form(ctx, 200, M_ERR_TITLE, 2, account));
	return (web_json(ctx, 202, json_pack("{s:s}", "sent_to", account)));
}

/* A claim across the owner's password's hashing. */
struct claim_flow {
	struct user_form f;		/* the owner's, as account_fields() */
	struct otp_code	 code;		/* checked before the hashing */
	int64_t		 squatter;	/* the account letting go */
};

/* Step 2 again, the number as account_fields() read it. */
static int
claim_refuse(struct ctx *ctx, int status, enum msg m)
{
	struct claim_flow	*cf = web_flow(ctx, sizeof(*cf));

	return (claim_form(ctx, status, m, 2, cf->f.account));
}

/*
 * POST /claim/confirm and /api/v1/claim/confirm: the code, with the
 * owner's name, password and track. The squatter's account lets go of
 * the number and the owner's is made, verified, and logged in (201).
 */
int
ident_claim_confirm(struct ctx *ctx)
{
	struct claim_flow *cf = web_flow(ctx, sizeof(*cf));
	struct user	 u;
	struct user_new	 n;
	enum code_verdict v;
	enum db_result	 r;
	int64_t		 id;

	if (!ctx->job.started) {
		if (!account_fields(ctx, &cf->f, claim_refuse))
			return (KORE_RESULT_OK);
		/* PIPL art. 14: the owner consents as at registration. */
		if (!privacy_consent_field(ctx))
			return (web_is_json(ctx) ? web_fail(ctx, 400,
			    "consent_required", M_ERR_CONSENT) :
			    claim_refuse(ctx, 400, M_ERR_CONSENT));
		if (!claimable(ctx, cf->f.account, &u) ||
		    !otp_check(ctx, u.id, CODE_CLAIM, &cf->code))
			return (KORE_RESULT_OK);
		cf->squatter = u.id;
		if (!web_pw_hash(ctx, web_field(ctx, "password")))
			return (KORE_RESULT_OK);	/* 503: queue full */
		return (KORE_RESULT_RETRY);
	}
	if (!web_pw_done(ctx))
		return (KORE_RESULT_RETRY);
	if (!ctx->job.ok)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	n.name = cf->f.name;
	n.account = cf->f.account;
	n.pwhash = ctx->job.stored;
	n.role = ROLE_APPRENTICE;
	n.track = cf->f.track;
	n.actor = 0;
	r = db_account_claim(cf->squatter, cf->code.id, &n,
	    (int64_t)time(NULL), &id, &v);
	secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
	if (r == DB_CONFLICT)
		return (web_fail(ctx, 409, "account_verified",
		    M_ERR_CLAIM_VERIFIED));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!otp_verdict(ctx, v))
		return (KORE_RESULT_OK);
	kore_log(LOG_NOTICE, "account claim: user %lld released its number "
	    "to user %lld", (long long)cf->squatter, (long long)id);
	return (web_welcome(ctx, id, 201));
}

/* The change-of-account page: the new address, then its code. */
static int
account_page(struct ctx *ctx, int status, enum msg err, int sent)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	web_page_begin(ctx, &b, &pc, M_ID_ACCOUNT_TITLE);
	if (status >= 400)
		page_error(&b, &pc, i18n(l, err));
	if (sent) {
		html_lit(&b, "<p class=\"ok\" role=\"status\">");
		html_text(&b, i18n(l, M_ID_ACCOUNT_SENT));
		html_lit(&b, "</p>");
		code_form(&b, &pc, l, "/me/account/confirm", NULL);
		html_lit(&b, "<button type=\"submit\">");
		html_text(&b, i18n(l, M_ID_SUBMIT_CODE));
		html_lit(&b, "</button></form>");
	}
	html_lit(&b, "<form method=\"post\" action=\"/me/account\" "
	    "class=\"stack\">");
	page_csrf_field(&b, &pc);
	html_lit(&b, "<label>");
	html_text(&b, i18n(l, M_ID_ACCOUNT_NEW));
	html_lit(&b, "<input name=\"account\" id=\"f-account\" required>"
	    "</label><button type=\"submit\">");
	html_text(&b, i18n(l, M_ID_SEND_CODE));
	html_lit(&b, "</button></form>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /me/account */
int
ident_account_page(struct ctx *ctx)
{
	return (account_page(ctx, 200, M_ERR_TITLE, 0));
}

/*
 * POST /me/account and /api/v1/me/account: a code to the new phone or
 * email; the account changes only when it comes back.
 */
int
ident_account(struct ctx *ctx)
{
	struct user	 u;
	enum db_result	 r;
	char		 pw[PWHASH_LEN], account[ACCOUNT_MAX + 1];

	if (!identity_account(web_field(ctx, "account"), account,
	    sizeof(account)))
		return (web_fail(ctx, 400, "invalid_account", M_ERR_ACCOUNT));
	if (strcmp(account, ctx->user.account) == 0)
		return (web_fail(ctx, 400, "same_account",
		    M_ERR_ACCOUNT_SAME));
	r = db_user_by_account(account, &u, pw, sizeof(pw));
	secret_wipe(pw, sizeof(pw));
	if (r == DB_OK)
		return (web_fail(ctx, 409, "account_taken",
		    M_ERR_ACCOUNT_TAKEN));
	if (r != DB_NOTFOUND)
		return (web_busy(ctx, r));
	if (!otp_send(ctx, ctx->user.id, CODE_CHANGE, account))
		return (KORE_RESULT_OK);
	if (!web_is_json(ctx))
		return (account_page(ctx, 200, M_ERR_TITLE, 1));
	return (web_json(ctx, 202, json_pack("{s:s}", "sent_to", account)));
}

/* POST /me/account/confirm and /api/v1/me/account/confirm. */
int
ident_account_confirm(struct ctx *ctx)
{
	struct otp_code		 c;
	enum code_verdict	 v;
	enum db_result		 r;

	if (!otp_check(ctx, ctx->user.id, CODE_CHANGE, &c))
		return (KORE_RESULT_OK);
	r = db_account_change(ctx->user.id, c.id, c.addr,
	    (int64_t)time(NULL), &v);
	if (r == DB_CONFLICT)
		return (web_fail(ctx, 409, "account_taken",
		    M_ERR_ACCOUNT_TAKEN));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!otp_verdict(ctx, v))
		return (KORE_RESULT_OK);
	return (account_answer(ctx, 1));
}
