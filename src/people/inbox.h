/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * inbox.h: a person's messages and their choice of copies by email or
 * SMS, on the web (inbox.c). The messages themselves are written by the
 * store (db_inbox.c) and worded by notify.c.
 */
#ifndef YJ_INBOX_H
#define YJ_INBOX_H

#include "web.h"

int	inbox_list(struct ctx *);
int	inbox_read(struct ctx *);
int	inbox_prefs(struct ctx *);
int	inbox_prefs_save(struct ctx *);

#endif
