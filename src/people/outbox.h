/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * outbox.h: delivery of the outbox's messages (outbox.c) and the staff's
 * page of it (outboxpage.c).
 */
#ifndef YJ_OUTBOX_H
#define YJ_OUTBOX_H

struct ctx;

void	outbox_configure(void);
void	outbox_worker_start(void);
void	outbox_kick(void);
int	outbox_console(const char *);

int	outboxpage_show(struct ctx *);
int	outboxpage_retry(struct ctx *);

#endif
