/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * jsonw.c: the JSON writer (jsonw.h). The caller writes the punctuation
 * of objects and arrays; strings and numbers come from here, so nothing
 * a person typed reaches the answer unescaped.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "jsonw.h"

/*
 * s[0..n) as a JSON string, as RFC 8785 3.2.2.2 writes it (ECMAScript's
 * JSON.stringify): quote and backslash escaped, the five short escapes,
 * other control characters as \u00xx in lower case, everything else as
 * it is (the caller's text is UTF-8: the store keeps only checked text).
 */
void
jsonw_stringn(struct buf *b, const char *s, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	char			 esc[7];
	size_t			 i, run = 0;
	unsigned char		 c;

	buf_append(b, "\"", 1);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\b':
			buf_puts(b, "\\b");
			break;
		case '\f':
			buf_puts(b, "\\f");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			buf_append(b, esc, 6);
			break;
		}
	}
	buf_append(b, s + run, n - run);
	buf_append(b, "\"", 1);
}

/* A NUL-terminated string as a JSON string. */
void
jsonw_string(struct buf *b, const char *s)
{
	jsonw_stringn(b, s, strlen(s));
}

/* An integer as JSON writes it. */
void
jsonw_int(struct buf *b, int64_t v)
{
	char	 s[24];
	int	 n;

	n = snprintf(s, sizeof(s), "%" PRId64, v);
	buf_append(b, s, (size_t)n);
}

/*
 * The key of an object's member: a comma first unless first, then
 * "key": (key is escaped like any string).
 */
void
jsonw_key(struct buf *b, int first, const char *key)
{
	if (!first)
		buf_append(b, ",", 1);
	jsonw_string(b, key);
	buf_append(b, ":", 1);
}

/* A string member: jsonw_key(b, first, key), then the string value. */
void
jsonw_str_member(struct buf *b, int first, const char *key, const char *v)
{
	jsonw_key(b, first, key);
	jsonw_string(b, v);
}

/* An integer member: jsonw_key(b, first, key), then the number. */
void
jsonw_int_member(struct buf *b, int first, const char *key, int64_t v)
{
	jsonw_key(b, first, key);
	jsonw_int(b, v);
}
