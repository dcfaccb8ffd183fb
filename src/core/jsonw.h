/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * jsonw.h: the JSON writer of the pure core. Strings are written the one
 * way RFC 8785 (JCS) allows, which is also plain valid JSON: vc.c signs
 * canonical JSON with it, and the hottest answers (the verify API) are
 * written with it straight into their buffer instead of building a
 * jansson tree to dump it.
 */
#ifndef YJ_JSONW_H
#define YJ_JSONW_H

#include <stddef.h>
#include <stdint.h>

struct buf;

void	 jsonw_stringn(struct buf *, const char *, size_t);
void	 jsonw_string(struct buf *, const char *);
void	 jsonw_int(struct buf *, int64_t);
void	 jsonw_key(struct buf *, int, const char *);
void	 jsonw_str_member(struct buf *, int, const char *, const char *);
void	 jsonw_int_member(struct buf *, int, const char *, int64_t);

#endif
