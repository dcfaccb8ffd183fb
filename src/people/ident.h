/*
 * ident.h: 身份 — one-time codes and what they unlock (ident.c), and
 * passwords and sessions (password.c).
 */
#ifndef YJ_IDENT_H
#define YJ_IDENT_H

#include "db.h"

struct ctx;
struct buf;

int	ident_throttle(struct ctx *, const char *);
int	ident_code_queue(struct ctx *, int64_t, enum code_purpose,
	    const char *, enum db_result *);
int	ident_code_send(struct ctx *, int64_t, enum code_purpose,
	    const char *);
int	ident_code_check(struct ctx *, int64_t, enum code_purpose);
int	ident_verdict(struct ctx *, enum code_verdict);
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
