/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* account.h: handlers of account.c (registration, login, users). */
#ifndef YJ_ACCOUNT_H
#define YJ_ACCOUNT_H

#include "i18n.h"
#include "identity.h"

struct buf;
struct ctx;

/* A new person's fields as account_fields() validated them: the flow
 * that creates the account keeps them across the password's hashing. */
struct user_form {
	char		 name[NAME_MAX_CHARS * 4 + 1];
	char		 account[ACCOUNT_MAX + 1];
	enum role	 role;
	enum track	 track;
};

int	account_init(void);
int	account_register_page(struct ctx *);
int	account_register(struct ctx *);
int	account_login_page(struct ctx *);
int	account_login(struct ctx *);
int	account_logout(struct ctx *);
int	account_me(struct ctx *);
int	account_csrf(struct ctx *);
int	account_fields(struct ctx *, struct user_form *,
	    int (*)(struct ctx *, int, enum msg));
void	account_form_fields(struct ctx *, struct buf *);
int	account_users_page(struct ctx *);
int	account_user_create(struct ctx *);

#endif
