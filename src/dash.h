/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* dash.h: handlers of dash.c (home, my page, language, probes). */
#ifndef YJ_DASH_H
#define YJ_DASH_H

struct ctx;

int	dash_home(struct ctx *);
int	dash_me(struct ctx *);
int	dash_lang(struct ctx *);
int	dash_healthz(struct ctx *);
int	dash_not_found(struct ctx *);

#endif
