/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * html.c: the escaping writer. Every byte a user typed reaches a page
 * through html_text() (content and attributes alike: all five of
 * & < > " ' are replaced, so an attribute can never be closed early) or
 * html_url() (a URL component: everything but RFC 3986's unreserved
 * characters is percent-encoded, so "javascript:" or "&" cannot survive).
 * User data never goes into <script>, style= or on*= attributes.
 */
#include <stdio.h>
#include <string.h>

#include <md4c-html.h>

#include "html.h"
#include "identity.h"

/* Append a literal; only reachable through html_lit(). */
void
html_raw(struct buf *b, const char *s, size_t n)
{
	buf_append(b, s, n);
}

/*
 * Append a fragment of markup that was itself written through this file
 * (a cached part of a page); never a buffer holding anything else.
 */
void
html_fragment(struct buf *b, const struct buf *fragment)
{
	buf_append(b, fragment->data, fragment->len);
}

/*
 * Escape the n bytes at s for element content or a quoted attribute. A
 * page is UTF-8: a byte that does not start a well-formed sequence (an
 * upload in another encoding, a value cut in the middle of a character)
 * is written as U+FFFD, so no page ever holds invalid UTF-8.
 */
void
html_textn(struct buf *b, const char *s, size_t n)
{
	const char	*rep;
	size_t		 i, start, k;
	unsigned int	 cp;

	for (i = start = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			if ((unsigned char)s[i] < 0x80)
				continue;
			if ((k = utf8_seq(s + i, n - i, &cp)) > 0) {
				i += k - 1;
				continue;
			}
			rep = "\xef\xbf\xbd";
			break;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

/* Escape s (NULL writes nothing) for element content or a quoted attribute. */
void
html_text(struct buf *b, const char *s)
{
	if (s != NULL)
		html_textn(b, s, strlen(s));
}

/* Percent-encode s as one URL component (path segment or query value). */
void
html_url(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			 enc[3];

	if (s == NULL)
		return;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~') {
			buf_append(b, p, 1);
			continue;
		}
		enc[0] = '%';
		enc[1] = hex[*p >> 4];
		enc[2] = hex[*p & 0x0f];
		buf_append(b, enc, 3);
	}
}

void
html_int(struct buf *b, long long v)
{
	buf_printf(b, "%lld", v);
}

static void
md_out(const MD_CHAR *text, MD_SIZE size, void *arg)
{
	buf_append(arg, text, size);
}

/*
 * Render a course body (Markdown, from courses/) with md4c. Raw HTML in
 * the source is not passed through (MD_FLAG_NOHTML): it comes out as
 * escaped text like any other. Returns 0 when md4c fails.
 */
int
html_markdown(struct buf *b, const char *md)
{
	return (md_html(md, (MD_SIZE)strlen(md), md_out, b,
	    MD_DIALECT_COMMONMARK | MD_FLAG_NOHTML, 0) == 0);
}
