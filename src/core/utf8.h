/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * utf8.h: UTF-8 text, decoded by one function (utf8_seq; RFC 3629) and
 * checked by the rest. Pure; contracts at the definitions in utf8.c.
 */
#ifndef YJ_UTF8_H
#define YJ_UTF8_H

#include <stddef.h>

size_t		 utf8_seq(const char *, size_t, unsigned int *);
size_t		 utf8_valid(const char *, size_t);
size_t		 utf8_scrub(char *, size_t, const char *, size_t);
int		 utf8_chars(const char *, size_t *);
int		 utf8_clean(const char *, size_t *);
int		 utf8_format_char(unsigned int);
char		*utf8_trim(char *);
char		*utf8_cut(char *, size_t, size_t);
int		 utf8_chars_lines(const char *, size_t *);

#endif
