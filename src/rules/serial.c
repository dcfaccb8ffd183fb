/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * serial.c: the names a certificate goes by. The serial is for people
 * (printed, read out, typed into a search box) and says where, when and
 * at what level; it is sequential and so guessable. The verification
 * code is for machines (the QR's /v/<code>) and is 80 random bits, so
 * that nobody can walk the register by counting.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "serial.h"

/* Issuer type, station, region and site: the fixed head of a serial. */
#define SERIAL_HEAD	"P" "000001" "440605" "1"
#define SERIAL_HEAD_LEN	14

/*
 * Crockford's base32 in lower case: no i, l, o or u, so a code read
 * aloud or copied by hand from a print cannot be mistaken for another.
 */
static const char	 code_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

static const char *const kind_codes[KIND__COUNT] = {
	[KIND_COURSE] = "course",
	[KIND_LEVEL] = "level",
	[KIND_AWARD] = "award",
	[KIND_TITLE] = "title",
	[KIND_GUIDE] = "guide",
};

static const char *const lang_codes[CLANG__COUNT] = {
	[CLANG_ZH] = "zh",
	[CLANG_EN] = "en",
	[CLANG_BOTH] = "both",
};

const char *
cert_kind_code(enum cert_kind k)
{
	return ((unsigned)k < KIND__COUNT ? kind_codes[k] : "?");
}

int
cert_kind_parse(const char *s, enum cert_kind *out)
{
	int	 i;

	for (i = 0; s != NULL && i < KIND__COUNT; i++) {
		if (strcmp(s, kind_codes[i]) == 0) {
			*out = (enum cert_kind)i;
			return (1);
		}
	}
	return (0);
}

const char *
cert_lang_code(enum cert_lang l)
{
	return ((unsigned)l < CLANG__COUNT ? lang_codes[l] : "?");
}

int
cert_lang_parse(const char *s, enum cert_lang *out)
{
	int	 i;

	for (i = 0; s != NULL && i < CLANG__COUNT; i++) {
		if (strcmp(s, lang_codes[i]) == 0) {
			*out = (enum cert_lang)i;
			return (1);
		}
	}
	return (0);
}

/*
 * Write the serial for the seq'th certificate of year (2000-2099, or
 * just its last two digits) at level (1-5, or 0 when the certificate is
 * not a skill level) into out. 0, with out untouched, when any of them
 * is out of range: a serial that cannot be printed right is not made.
 */
int
serial_make(char out[SERIAL_LEN + 1], int year, int level, long seq)
{
	char	 tmp[SERIAL_LEN + 8];

	if (year >= 2000 && year <= 2099)
		year -= 2000;
	if (year < 0 || year > 99 || level < 0 || level > 5 ||
	    seq < 1 || seq > SERIAL_SEQ_MAX)
		return (0);
	if (snprintf(tmp, sizeof(tmp), "%s%02d%d%05ld", SERIAL_HEAD, year,
	    level, seq) != SERIAL_LEN)
		return (0);
	memcpy(out, tmp, SERIAL_LEN + 1);
	return (1);
}

/*
 * 1 when s is exactly a serial serial_make() could have made: this
 * station's head, two digits of year, a level 0-5 and a sequence from
 * 00001. Anything else (spaces, lower case, a 23rd character) is not.
 */
int
serial_valid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != SERIAL_LEN ||
	    strncmp(s, SERIAL_HEAD, SERIAL_HEAD_LEN) != 0)
		return (0);
	for (i = SERIAL_HEAD_LEN; i < SERIAL_LEN; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
	}
	if (s[16] > '5')
		return (0);
	return (strcmp(s + 17, "00000") != 0);
}

/*
 * A fresh code: 10 random bytes, 5 bits a character, so all 80 bits
 * show and no character is biased.
 */
void
serial_code_make(char out[CODE_LEN + 1])
{
	unsigned char	 raw[CODE_LEN * 5 / 8];
	unsigned int	 acc = 0, bits = 0;
	size_t		 i, o = 0;

	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < sizeof(raw); i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = code_alphabet[(acc >> bits) & 0x1f];
		}
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

/*
 * 1 when s is exactly CODE_LEN characters of the lower-case alphabet.
 * Upper case is refused rather than folded: the code sits in a signed
 * URL, where one spelling only must be valid.
 */
int
serial_code_valid(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return (0);
	for (i = 0; i < CODE_LEN; i++) {
		if (s[i] == '\0' || strchr(code_alphabet, s[i]) == NULL)
			return (0);
	}
	return (s[CODE_LEN] == '\0');
}
