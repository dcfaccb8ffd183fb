/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * identity.c: validation and normalisation of who a person is. A login
 * ("account") is a mainland mobile number or an email address, stored in
 * one canonical form so that "+86 138-0013-8000" and "13800138000" are
 * the same person and a second registration of either is refused. Text checks
 * go through utf8.c.
 */
#include <arpa/inet.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "identity.h"

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
identity_login_delay(long long others)
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
identity_login_wait(long long pair, long long addr, long long others, long long idle)
{
	long long	 d;

	if (pair >= THROTTLE_PAIR || addr >= THROTTLE_ADDR)
		return (THROTTLE_WINDOW);
	if (pair == 0 || (d = identity_login_delay(others)) == 0 || idle >= d)
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
identity_throttle_key(const char *addr, char key[THROTTLE_KEY_MAX])
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
