/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * ident.h: 身份 — what one-time codes (otp.h) unlock (ident.c), and
 * passwords and sessions (password.c).
 */
#ifndef YJ_IDENT_H
#define YJ_IDENT_H

#include "db.h"
#include "otp.h"

struct ctx;
struct buf;

void	ident_banner(struct ctx *, struct buf *);

int	ident_confirm_page(struct ctx *);
int	ident_confirm(struct ctx *);
int	ident_resend(struct ctx *);
int	ident_claim_page(struct ctx *);
int	ident_claim(struct ctx *);
int	ident_claim_confirm(struct ctx *);
int	ident_account_page(struct ctx *);
int	ident_account(struct ctx *);
int	ident_account_confirm(struct ctx *);

int	password_reset_page(struct ctx *);
int	password_reset(struct ctx *);
int	password_reset_confirm(struct ctx *);
int	password_change_page(struct ctx *);
int	password_change(struct ctx *);
int	password_sessions(struct ctx *);
int	password_sessions_end(struct ctx *);

#endif
