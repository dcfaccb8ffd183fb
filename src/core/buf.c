/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * buf.c: the growable buffer behind every page, JSON answer and CSV the
 * core writes. Growth doubles, so appending n bytes costs O(n) overall.
 * Out of memory is not a user's mistake and cannot be answered: abort().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void	buf_grow(struct buf *, size_t);

/* Start an empty buffer with room for hint bytes; free with buf_free(). */
void
buf_init(struct buf *b, size_t hint)
{
	b->len = 0;
	b->cap = hint < 64 ? 64 : hint;
	if ((b->data = malloc(b->cap)) == NULL)
		abort();
	b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

static void
buf_grow(struct buf *b, size_t need)
{
	size_t	 cap;

	if (b->len + need + 1 <= b->cap)
		return;
	cap = b->cap;
	while (cap < b->len + need + 1) {
		if (cap > ((size_t)-1) / 2)
			abort();
		cap *= 2;
	}
	if ((b->data = realloc(b->data, cap)) == NULL)
		abort();
	b->cap = cap;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	(void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Hand the bytes to the caller (free() them); the buffer is left empty. */
char *
buf_release(struct buf *b)
{
	char	*p = b->data;

	b->data = NULL;
	b->len = b->cap = 0;
	return (p);
}
