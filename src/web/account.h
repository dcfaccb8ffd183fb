/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* account.h: handlers of account.c (registration, login, users). */
#ifndef YJ_ACCOUNT_H
#define YJ_ACCOUNT_H

#include "i18n.h"

struct buf;
struct ctx;

int	account_init(void);
int	account_register_page(struct ctx *);
int	account_register(struct ctx *);
int	account_login_page(struct ctx *);
int	account_login(struct ctx *);
int	account_logout(struct ctx *);
int	account_me(struct ctx *);
int	account_csrf(struct ctx *);
int	account_fields(struct ctx *, int (*)(struct ctx *, int, enum msg));
void	account_form_fields(struct ctx *, struct buf *);
int	account_users_page(struct ctx *);
int	account_user_create(struct ctx *);

#endif
