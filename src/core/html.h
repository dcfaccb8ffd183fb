/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * html.h: the only way markup is written. Text goes through html_text(),
 * which escapes all of & < > " ' so the same call is safe in element
 * content and in a quoted attribute. Raw markup can only be a string
 * literal: html_lit(b, "<p>") compiles, html_lit(b, name) does not.
 */
#ifndef YJ_HTML_H
#define YJ_HTML_H

#include "buf.h"

/* The "" s "" pasting only compiles when s is a string literal. */
#define html_lit(b, s)	html_raw((b), "" s "", sizeof("" s "") - 1)

void	html_raw(struct buf *, const char *, size_t);
void	html_fragment(struct buf *, const struct buf *);
void	html_text(struct buf *, const char *);
void	html_textn(struct buf *, const char *, size_t);
void	html_url(struct buf *, const char *);
void	html_int(struct buf *, long long);
int	html_markdown(struct buf *, const char *);

#endif
