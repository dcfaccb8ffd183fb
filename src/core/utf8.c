/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * utf8.c: the one UTF-8 decoder (utf8_seq) and the text checks built on
 * it — validity, scrubbing, characters a name or text may hold, trimming
 * and cutting. Written here (twenty lines) rather than pulling in GLib
 * for g_utf8_validate(): it follows RFC 3629 (no overlongs, no
 * surrogates, nothing above U+10FFFF). Every decoder in the tree (the
 * certificate and chart drawing, JCS's UTF-16 order) calls utf8_seq;
 * tests/fuzz/fuzz_utf8.c holds it to its contract.
 */
#include <string.h>

#include "utf8.h"

static int	utf8_count(const char *, int, size_t *);

/*
 * Length (1..4) of the one well-formed UTF-8 sequence (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF) at the start of the
 * n bytes at s, with its code point in *cp; 0 when s does not start with
 * one (a NUL byte ends a sequence, so a C string is never read past its
 * end even with n larger than the string).
 */
size_t
utf8_seq(const char *s, size_t n, unsigned int *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len, i;

	if (n == 0)
		return (0);
	if (*p < 0x80) {
		*cp = *p;
		return (1);
	}
	if ((*p & 0xe0) == 0xc0) {
		len = 2;
		*cp = *p & 0x1f;
	} else if ((*p & 0xf0) == 0xe0) {
		len = 3;
		*cp = *p & 0x0f;
	} else if ((*p & 0xf8) == 0xf0) {
		len = 4;
		*cp = *p & 0x07;
	} else
		return (0);
	for (i = 1; i < len; i++) {
		if (i >= n || (p[i] & 0xc0) != 0x80)
			return (0);
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) ||
	    (len == 4 && *cp < 0x10000) || *cp > 0x10ffff ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return (0);
	return (len);
}

/*
 * The length of the longest prefix of the n bytes at s that is
 * well-formed UTF-8: n when all of it is. Control characters (line
 * breaks, tabs, NUL) count as well-formed; this asks about the encoding,
 * not about what the text may hold.
 */
size_t
utf8_valid(const char *s, size_t n)
{
	size_t		 i = 0, k;
	unsigned int	 cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(s + i, n - i, &cp)) == 0)
			break;
		i += k;
	}
	return (i);
}

/*
 * Copy the n bytes at in to out (outsz bytes, at least 1) as valid
 * UTF-8: every byte that does not start a well-formed sequence becomes
 * U+FFFD, and the copy stops at the last whole character that fits
 * (out is NUL-terminated). So anything echoed from an upload — into a
 * page, a CSV or JSON, which jansson would refuse — is made valid first.
 * Returns the bytes written, without the NUL.
 */
size_t
utf8_scrub(char *out, size_t outsz, const char *in, size_t n)
{
	static const char	 rep[] = "\xef\xbf\xbd";	/* U+FFFD */
	const char		*from;
	size_t			 i = 0, o = 0, k;
	unsigned int		 cp;

	while (i < n) {
		if ((k = utf8_seq(in + i, n - i, &cp)) == 0) {
			from = rep;
			k = 3;
		} else
			from = in + i;
		if (o + k >= outsz)
			break;
		memcpy(out + o, from, k);
		o += k;
		i += from == rep ? 1 : k;
	}
	out[o] = '\0';
	return (o);
}

/*
 * Unicode's format characters (general category Cf, Unicode 15.1), as
 * ranges of code points. They print nothing, yet the bidi controls
 * (U+202A-U+202E, U+2066-U+2069, U+061C, U+200E/F) reverse the text
 * after them, so "张三\u202e..." reads differently on a certificate or a
 * results page than it sorts and is stored; the zero-width ones (U+200B,
 * U+2060, U+FEFF, the soft hyphen) make two names that look the same
 * differ. A person's name, a title or a rule text has no use for any of
 * them, so they are refused wherever text is checked.
 */
static const struct {
	unsigned int	 lo, hi;
} format_chars[] = {
	{ 0x00ad, 0x00ad },	/* soft hyphen */
	{ 0x0600, 0x0605 },	/* Arabic number signs */
	{ 0x061c, 0x061c },	/* Arabic letter mark (bidi) */
	{ 0x06dd, 0x06dd },
	{ 0x070f, 0x070f },
	{ 0x0890, 0x0891 },
	{ 0x08e2, 0x08e2 },
	{ 0x180e, 0x180e },	/* Mongolian vowel separator */
	{ 0x200b, 0x200f },	/* zero-width space/joiners, LRM, RLM */
	{ 0x202a, 0x202e },	/* bidi embeddings and overrides */
	{ 0x2060, 0x206f },	/* word joiner, invisibles, bidi isolates */
	{ 0xfeff, 0xfeff },	/* zero-width no-break space (BOM) */
	{ 0xfff9, 0xfffb },	/* interlinear annotation */
	{ 0x110bd, 0x110bd },
	{ 0x110cd, 0x110cd },
	{ 0x13430, 0x1343f },	/* Egyptian hieroglyph format controls */
	{ 0x1bca0, 0x1bca3 },	/* shorthand format controls */
	{ 0x1d173, 0x1d17a },	/* musical symbol format controls */
	{ 0xe0001, 0xe0001 },	/* language tag */
	{ 0xe0020, 0xe007f },	/* tag characters */
};

/* 1 when code point cp is a format character (category Cf). */
int
utf8_format_char(unsigned int cp)
{
	size_t	 i;

	for (i = 0; i < sizeof(format_chars) / sizeof(format_chars[0]); i++)
		if (cp >= format_chars[i].lo && cp <= format_chars[i].hi)
			return (1);
	return (0);
}

/*
 * 1 when s is valid UTF-8 without control characters (C0, DEL, C1) and
 * without format characters (utf8_format_char(): bidi controls,
 * zero-width characters); the number of code points goes to *n. Names,
 * titles, rule texts and free text all pass through here.
 */
int
utf8_chars(const char *s, size_t *n)
{
	return (utf8_count(s, 1, n));
}

/*
 * Like utf8_chars() but format characters pass: for what is never shown
 * (a password, which a person may paste with a zero-width joiner and
 * must still log in with) and for Kore's v_text validator, which would
 * drop such a field silently; the handler then refuses it with its own,
 * translated reason.
 */
int
utf8_clean(const char *s, size_t *n)
{
	return (utf8_count(s, 0, n));
}

static int
utf8_count(const char *s, int no_format, size_t *n)
{
	unsigned int	 cp;
	size_t		 len;

	*n = 0;
	for (; *s != '\0'; s += len) {
		if ((len = utf8_seq(s, 4, &cp)) == 0 || cp < 0x20 ||
		    (cp >= 0x7f && cp <= 0x9f) ||
		    (no_format && utf8_format_char(cp)))
			return (0);
		(*n)++;
	}
	return (1);
}

/*
 * Like utf8_chars() for text of several lines (a message, notes): line
 * breaks and tabs are allowed, other control characters are not.
 */
int
utf8_chars_lines(const char *s, size_t *n)
{
	char	 buf[4096 * 4 + 1];
	size_t	 len = strlen(s), i, o = 0;

	if (len >= sizeof(buf))
		return (0);
	for (i = 0; i <= len; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n')
			continue;	/* CRLF is one line break, as typed */
		buf[o++] = (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') ?
		    ' ' : s[i];
	}
	return (utf8_chars(buf, n));
}

/* Length of the blank at s: an ASCII space or tab, or U+3000 (全角空格). */
static size_t
blank_at(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return (1);
	if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
		return (3);
	return (0);
}

/*
 * Trim blanks — ASCII spaces and tabs and the full-width space Chinese
 * input methods and Excel cells often carry — from both ends of s, in
 * place. Returns s.
 */
char *
utf8_trim(char *s)
{
	size_t	 n = strlen(s), k, start = 0;

	while ((k = blank_at(s + start, n - start)) > 0)
		start += k;
	for (;;) {
		if (n - start >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n - start >= 3 &&
		    memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	memmove(s, s + start, n - start);
	s[n - start] = '\0';
	return (s);
}

/*
 * Cut s in place to at most maxchars characters and fewer than size
 * bytes, at the start of a UTF-8 character: an incomplete one at the end
 * (as snprintf() leaves when it truncates) goes too. Returns s.
 */
char *
utf8_cut(char *s, size_t maxchars, size_t size)
{
	size_t		 i = 0, chars = 0, len, k;
	unsigned char	 c;

	while (s[i] != '\0') {
		c = (unsigned char)s[i];
		len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		for (k = 1; k < len && s[i + k] != '\0'; k++)
			;
		if (k < len || chars == maxchars || i + len >= size)
			break;
		i += len;
		chars++;
	}
	s[i] = '\0';
	return (s);
}
