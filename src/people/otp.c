/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * otp.c: one-time codes — made, queued to an address (by email or SMS,
 * in the reader's language; delivery is the outbox's), throttled per
 * client address, and checked — for every door that sends one:
 * registration (account.c), confirming, claiming and changing an account
 * (ident.c), resetting a password (password.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "code.h"
#include "otp.h"
#include "outbox.h"
#include "web.h"

static enum msg	 code_subject(enum code_purpose);

static enum msg
code_subject(enum code_purpose p)
{
	switch (p) {
	case CODE_RESET:
		return (M_ID_CODE_RESET);
	case CODE_CHANGE:
		return (M_ID_CODE_CHANGE);
	case CODE_CLAIM:
		return (M_ID_CODE_CLAIM);
	default:
		return (M_ID_CODE_VERIFY);
	}
}

/*
 * Make a code for user's purpose and queue it to address, in the
 * reader's language: by email when address holds '@', else by SMS.
 * 1 when queued. 0 when a cap refused it (*capped set) or the store
 * failed; nothing is answered here.
 */
int
otp_queue(struct ctx *ctx, int64_t user, enum code_purpose p,
    const char *address, enum db_result *r)
{
	char		 code[CODE_DIGITS + 1], hash[TOKEN_HEX];
	char		 subject[128], body[512];
	enum lang	 l = ctx->lang;

	code_new(code);
	code_hash(code_purpose_code(p), user, address, code, hash);
	(void)snprintf(subject, sizeof(subject), "%s %s", i18n(l, M_APP_NAME),
	    i18n(l, code_subject(p)));
	(void)snprintf(body, sizeof(body), "%s%s %s %s%s",
	    l == LANG_ZH ? "【玉匠】" : "", i18n(l, code_subject(p)),
	    i18n(l, M_ID_CODE_SMS), code, i18n(l, M_ID_CODE_VALID));
	*r = db_code_send(user, p, address, hash,
	    strchr(address, '@') != NULL ? "email" : "sms", subject, body,
	    (int64_t)time(NULL));
	secret_wipe(code, sizeof(code));
	secret_wipe(body, sizeof(body));
	if (*r != DB_OK)
		return (0);
	outbox_kick();
	return (1);
}

#define CODE_ADDR_LIMIT	30	/* per client address per hour; YUJIANG_CODE_LIMIT */

/*
 * Count one more code asked for (kind "send") or entered ("check") from
 * the reader's address; past the hour's limit answer 429 and 0. With
 * the per-code tries (5) this bounds guessing across many accounts (a
 * reset for each) from one place, and SMS spent from one place.
 */
int
otp_throttle(struct ctx *ctx, const char *kind)
{
	const char	*v = getenv("YUJIANG_CODE_LIMIT");
	int64_t		 now = (int64_t)time(NULL);
	enum db_result	 r;
	char		 key[128];
	int		 limit, throttled;

	limit = v != NULL && atoi(v) > 0 ? atoi(v) : CODE_ADDR_LIMIT;
	(void)snprintf(key, sizeof(key), "code-%s/%s", kind, ctx->throttle);
	if ((r = db_register_attempt(key, now - 3600, now, limit,
	    &throttled)) != DB_OK)
		return (web_busy(ctx, r), 0);
	if (!throttled)
		return (1);
	http_response_header(ctx->req, "retry-after", "3600");
	return (web_fail(ctx, 429, "throttled", M_ERR_THROTTLED_CODES), 0);
}

/* As otp_queue(), answering a refusal (429 cap, 5xx) itself. */
int
otp_send(struct ctx *ctx, int64_t user, enum code_purpose p,
    const char *address)
{
	enum db_result	 r;

	if (otp_queue(ctx, user, p, address, &r))
		return (1);
	if (r == DB_CONFLICT)
		return (web_fail(ctx, 429, "outbox_cap", M_ERR_OUTBOX_CAP), 0);
	return (web_busy(ctx, r), 0);
}

/*
 * Check the "code" field against user's live code of purpose p; its id
 * and the address it was sent to are copied to *c. 1 when right; else
 * the answer is sent (400 with why) and 0 returned.
 */
int
otp_check(struct ctx *ctx, int64_t user, enum code_purpose p,
    struct otp_code *c)
{
	enum code_verdict	 v;
	enum db_result		 r;
	char			 code[CODE_DIGITS + 1];

	if (!code_normalise(web_field(ctx, "code"), code))
		return (web_fail(ctx, 400, "invalid_code", M_ERR_CODE), 0);
	if (!otp_throttle(ctx, "check"))
		return (0);
	r = db_code_check(user, p, code, (int64_t)time(NULL), &c->id,
	    c->addr, sizeof(c->addr), &v);
	secret_wipe(code, sizeof(code));
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (otp_verdict(ctx, v));
}

/* 1 for CODEV_OK; else answer why the code does not work and 0. */
int
otp_verdict(struct ctx *ctx, enum code_verdict v)
{
	switch (v) {
	case CODEV_OK:
		return (1);
	case CODEV_WRONG:
		return (web_fail(ctx, 400, "code_wrong", M_ERR_CODE_WRONG), 0);
	case CODEV_SPENT:
		return (web_fail(ctx, 400, "code_spent", M_ERR_CODE_SPENT), 0);
	case CODEV_EXPIRED:
		return (web_fail(ctx, 400, "code_expired",
		    M_ERR_CODE_EXPIRED), 0);
	default:
		return (web_fail(ctx, 400, "code_none", M_ERR_CODE_NONE), 0);
	}
}
