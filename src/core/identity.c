/*
 * identity.c: validation and normalisation of who a person is. A login
 * ("account") is a mainland mobile number or an email address, stored in
 * one canonical form so that "+86 138-0013-8000" and "13800138000" are
 * the same person and a second registration of either is refused.
 *
 * The UTF-8 check is written here (twenty lines) rather than pulling in
 * GLib for g_utf8_validate(): it follows RFC 3629 (no overlongs, no
 * surrogates, nothing above U+10FFFF).
 */
#include <arpa/inet.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "identity.h"

static int	utf8_count(const char *, int, size_t *);

static const char *const role_codes[ROLE__COUNT] = {
	[ROLE_APPRENTICE] = "apprentice",
	[ROLE_MASTER] = "master",
	[ROLE_STAFF] = "staff",
	[ROLE_EMPLOYER] = "employer",
};

static const char *const stage_codes[STAGE__COUNT] = {
	[STAGE_ENTRY] = "entry",
	[STAGE_TRAINING] = "training",
	[STAGE_INCUBATION] = "incubation",
	[STAGE_SELECTION] = "selection",
};

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

/*
 * Check a display name and copy it, without surrounding spaces, into out.
 * 1 when it is 1..NAME_MAX_CHARS characters of clean UTF-8.
 */
int
identity_name(const char *in, char *out, size_t outsz)
{
	size_t	 len, n;

	if (in == NULL || (len = strlen(in)) >= outsz)
		return (0);
	memcpy(out, in, len + 1);
	utf8_trim(out);
	if (out[0] == '\0' || !utf8_chars(out, &n) || n > NAME_MAX_CHARS)
		return (0);
	return (1);
}

static int
account_phone(const char *in, char *out, size_t outsz)
{
	char	 d[32];
	size_t	 n = 0;

	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		if (*in == '+' && n == 0)
			continue;
		if (!isdigit((unsigned char)*in) || n + 1 >= sizeof(d))
			return (0);
		d[n++] = *in;
	}
	d[n] = '\0';
	if (n == 13 && strncmp(d, "86", 2) == 0) {
		memmove(d, d + 2, 12);
		n = 11;
	}
	if (n != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9' || outsz < 12)
		return (0);
	memcpy(out, d, 12);
	return (1);
}

static int
account_email(const char *in, char *out, size_t outsz)
{
	const char	*at, *dot, *p;
	size_t		 len, i;

	len = strlen(in);
	if (len < 3 || len > ACCOUNT_MAX || len >= outsz)
		return (0);
	if ((at = strchr(in, '@')) == NULL || at == in ||
	    strchr(at + 1, '@') != NULL)
		return (0);
	if ((dot = strrchr(at + 1, '.')) == NULL || dot == at + 1 ||
	    dot[1] == '\0')
		return (0);
	for (p = in; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("\"(),:;<>[\\]", *p) != NULL)
			return (0);
	}
	for (i = 0; i <= len; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	return (1);
}

/*
 * Normalise a login: a mainland mobile number (spaces, dashes and a
 * +86 prefix dropped) or an email address (lower-cased). 1 when valid.
 */
int
identity_account(const char *in, char *out, size_t outsz)
{
	char	 tmp[ACCOUNT_MAX * 2 + 1];
	size_t	 len;

	if (in == NULL || (len = strlen(in)) >= sizeof(tmp))
		return (0);
	memcpy(tmp, in, len + 1);
	utf8_trim(tmp);
	if (tmp[0] == '\0' || strlen(tmp) > ACCOUNT_MAX)
		return (0);
	if (strchr(tmp, '@') != NULL)
		return (account_email(tmp, out, outsz));
	return (account_phone(tmp, out, outsz));
}

/* 1 when a password has PASSWORD_MIN..MAX characters of clean UTF-8. */
int
identity_password(const char *pw)
{
	size_t	 n;

	if (pw == NULL || !utf8_clean(pw, &n))
		return (0);
	return (n >= PASSWORD_MIN_CHARS && n <= PASSWORD_MAX_CHARS);
}

int
role_parse(const char *s, enum role *out)
{
	int	 i;

	for (i = 0; s != NULL && i < ROLE__COUNT; i++) {
		if (strcmp(s, role_codes[i]) == 0) {
			*out = (enum role)i;
			return (1);
		}
	}
	return (0);
}

const char *
role_code(enum role r)
{
	return ((unsigned)r < ROLE__COUNT ? role_codes[r] : "?");
}

static const char *const track_codes[] = {
	[TRACK_NONE] = NULL,
	[TRACK_CARVER] = "carver",
	[TRACK_DESIGNER] = "designer",
};

int
track_parse(const char *s, enum track *out)
{
	int	 i;

	for (i = TRACK_CARVER; s != NULL && i <= TRACK_DESIGNER; i++) {
		if (strcmp(s, track_codes[i]) == 0) {
			*out = (enum track)i;
			return (1);
		}
	}
	return (0);
}

/* The stored code of a track; NULL for TRACK_NONE (staff have none). */
const char *
track_code(enum track t)
{
	return ((unsigned)t <= TRACK_DESIGNER ? track_codes[t] : NULL);
}

int
stage_parse(const char *s, enum stage *out)
{
	int	 i;

	for (i = 0; s != NULL && i < STAGE__COUNT; i++) {
		if (strcmp(s, stage_codes[i]) == 0) {
			*out = (enum stage)i;
			return (1);
		}
	}
	return (0);
}

const char *
stage_code(enum stage s)
{
	return ((unsigned)s < STAGE__COUNT ? stage_codes[s] : "?");
}

/*
 * The growing delay between two attempts at an account that others have
 * failed at `others` times within the window: none below THROTTLE_SLOW,
 * then 2 s doubling every THROTTLE_SLOW failures, at most
 * THROTTLE_DELAY_MAX seconds.
 */
int
login_delay(long long others)
{
	if (others < THROTTLE_SLOW)
		return (0);
	if (others / THROTTLE_SLOW >= 5)
		return (THROTTLE_DELAY_MAX);
	return (1 << (others / THROTTLE_SLOW));
}

/*
 * Seconds a login attempt must wait, 0 to check its password now. pair:
 * failures of this account from this address within the window; addr:
 * failures from this address at any account; others: failures of this
 * account from other addresses; idle: seconds since this address last
 * failed at this account. The pair and address limits lock for the
 * window: they stop one client guessing one password or spraying many
 * accounts. Failures from elsewhere never lock an account — a stranger
 * could otherwise lock a judge out before a competition — they only slow
 * down the addresses that have failed at it already: an address with no
 * failure at this account (the owner's, usually) is always let through.
 */
int
login_wait(long long pair, long long addr, long long others, long long idle)
{
	long long	 d;

	if (pair >= THROTTLE_PAIR || addr >= THROTTLE_ADDR)
		return (THROTTLE_WINDOW);
	if (pair == 0 || (d = login_delay(others)) == 0 || idle >= d)
		return (0);
	return ((int)(d - idle));
}

/*
 * The key throttles count the client at addr by, into key: an IPv6
 * address's /64 prefix ("2001:db8:1:2::/64"), since one subscriber is
 * handed a whole /64 and may use any address in it; an IPv4 address as
 * it is, and an IPv4-mapped IPv6 one (::ffff:a.b.c.d) as that IPv4
 * address. Anything else (not an address) is kept as given, cut to fit.
 */
void
throttle_key(const char *addr, char key[THROTTLE_KEY_MAX])
{
	static const unsigned char	 mapped[12] = {
		[10] = 0xff, [11] = 0xff
	};
	struct in6_addr			 a6;
	char				 text[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET6, addr, &a6) != 1) {
		(void)snprintf(key, THROTTLE_KEY_MAX, "%s", addr);
		return;
	}
	if (memcmp(a6.s6_addr, mapped, sizeof(mapped)) == 0 &&
	    inet_ntop(AF_INET, &a6.s6_addr[12], text, sizeof(text)) != NULL) {
		(void)snprintf(key, THROTTLE_KEY_MAX, "%s", text);
		return;
	}
	memset(&a6.s6_addr[8], 0, 8);
	if (inet_ntop(AF_INET6, &a6, text, sizeof(text)) == NULL)
		text[0] = '\0';
	(void)snprintf(key, THROTTLE_KEY_MAX, "%s/64", text);
}
