/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * otp.h: one-time codes (otp.c) — queue, send, throttle, check.
 */
#ifndef YJ_OTP_H
#define YJ_OTP_H

#include "db.h"
#include "identity.h"

struct ctx;

/* A one-time code otp_check() found right: its row, for the store's
 * transaction that spends it, and the address it was sent to. */
struct otp_code {
	int64_t		 id;
	char		 addr[ACCOUNT_MAX + 1];
};

int	otp_throttle(struct ctx *, const char *);
int	otp_queue(struct ctx *, int64_t, enum code_purpose,
	    const char *, enum db_result *);
int	otp_send(struct ctx *, int64_t, enum code_purpose,
	    const char *);
int	otp_check(struct ctx *, int64_t, enum code_purpose,
	    struct otp_code *);
int	otp_verdict(struct ctx *, enum code_verdict);

#endif
