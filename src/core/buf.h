/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * buf.h: a growable byte buffer for the pure core (html.c, page.c, the
 * admin tool). The Kore side copies a finished buffer into its response;
 * nothing here knows about Kore.
 */
#ifndef YJ_BUF_H
#define YJ_BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* always NUL-terminated after any append */
	size_t	 len;		/* bytes used, without the NUL */
	size_t	 cap;
};

void	 buf_init(struct buf *, size_t);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*buf_release(struct buf *);

#endif
