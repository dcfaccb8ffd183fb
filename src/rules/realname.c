/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * realname.c: document numbers for 实名核验 (see realname.h). Nothing here
 * stores or logs a number: the caller keeps only the hash and the last
 * four characters.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "realname.h"
#include "sign.h"

static const char *const doc_codes[DOC__COUNT] = {
	[DOC_RESIDENT_ID] = "resident_id",
	[DOC_HMT_PERMIT] = "hmt_permit",
	[DOC_PASSPORT] = "passport",
};

/* The station's secret for document hashes (realname_key_set()). */
static unsigned char	key[crypto_auth_hmacsha256_KEYBYTES];
static int		key_ready;

int
doc_type_parse(const char *s, enum doc_type *out)
{
	int	 i;

	for (i = 0; s != NULL && i < DOC__COUNT; i++) {
		if (strcmp(s, doc_codes[i]) == 0) {
			*out = (enum doc_type)i;
			return (1);
		}
	}
	return (0);
}

const char *
doc_type_code(enum doc_type t)
{
	return ((unsigned)t < DOC__COUNT ? doc_codes[t] : "unknown");
}

/*
 * 1 when id is 18 characters whose last is GB 11643-1999's check
 * character (ISO 7064 MOD 11-2) of the 17 digits before it: the sum of
 * each digit times 2^(17-i) mod 11, then (12 - sum mod 11) mod 11, with
 * 10 written X (upper case: realname_normalise() makes it so).
 */
int
realname_gb11643(const char *id)
{
	return (id != NULL && strlen(id) == 18 &&
	    realname_check_char(id) == id[17]);
}

/* The GB 11643 check character of the 17 digits d starts with; 0 when
 * one of them is not a digit. */
char
realname_check_char(const char *d)
{
	static const int	 w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7,
				    9, 10, 5, 8, 4, 2 };
	int			 i, sum = 0, c;

	for (i = 0; i < 17; i++) {
		if (d[i] < '0' || d[i] > '9')
			return (0);
		sum += (d[i] - '0') * w[i];
	}
	c = (12 - sum % 11) % 11;
	return (c == 10 ? 'X' : (char)('0' + c));
}

/*
 * The number as staff typed it, normalised into out: full-width forms
 * (a Chinese input method's ０-９ and Ｘ) become ASCII, spaces and dashes
 * go, letters become upper case. Then the document's own rules: an ID
 * card or a permit is 18 characters with a valid check character and a
 * real birth date (a permit's starts 81, 82 or 83 — Hong Kong, Macao,
 * Taiwan — and an ID card's never does); a passport is 5 to 17 letters
 * and digits. out is "" unless RN_OK.
 */
enum realname_error
realname_normalise(enum doc_type t, const char *in,
    char out[REALNAME_NUMBER_MAX + 1])
{
	const unsigned char	*p = (const unsigned char *)in;
	size_t			 n = 0;
	unsigned		 cp;
	char			 birth[11];
	int			 region;

	out[0] = '\0';
	if (in == NULL)
		return (RN_EMPTY);
	while (*p != '\0') {
		/* U+FF01..U+FF5E, full-width ASCII: EF BC 81 .. EF BD 9E */
		if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd) &&
		    p[2] >= 0x80 && p[2] <= 0xbf) {
			cp = 0xff00 + ((p[1] & 0x03) << 6) + (p[2] & 0x3f);
			if (cp < 0xff01 || cp > 0xff5e)
				return (RN_FORMAT);
			cp -= 0xfee0;
			p += 3;
		} else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			cp = ' ';	/* U+3000, the ideographic space */
			p += 3;
		} else if (*p < 0x80)
			cp = *p++;
		else
			return (RN_FORMAT);
		if (cp == ' ' || cp == '-')
			continue;
		if (cp >= 'a' && cp <= 'z')
			cp -= 'a' - 'A';
		if (!((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z')) ||
		    n >= REALNAME_NUMBER_MAX) {
			out[0] = '\0';
			return (RN_FORMAT);
		}
		out[n++] = (char)cp;
	}
	out[n] = '\0';
	if (n == 0)
		return (RN_EMPTY);
	if (t == DOC_PASSPORT) {
		if (n < 5 || n > 17) {
			out[0] = '\0';
			return (RN_FORMAT);
		}
		return (RN_OK);
	}
	if (n != 18 || strspn(out, "0123456789") < 17) {
		out[0] = '\0';
		return (RN_FORMAT);
	}
	if (!realname_gb11643(out)) {
		out[0] = '\0';
		return (RN_CHECKSUM);
	}
	if (!realname_birth(t, out, birth)) {
		out[0] = '\0';
		return (RN_DATE);
	}
	region = (out[0] - '0') * 10 + (out[1] - '0');
	if ((t == DOC_HMT_PERMIT) != (region >= 81 && region <= 83) ||
	    out[0] == '0') {
		out[0] = '\0';
		return (RN_REGION);
	}
	return (RN_OK);
}

/*
 * The birth date (YYYY-MM-DD) written in an ID card's or a permit's
 * normalised number, characters 7 to 14. 0 for a passport (its number
 * says nothing of it) or when the date is not a real day.
 */
int
realname_birth(enum doc_type t, const char *id, char out[11])
{
	out[0] = '\0';
	if (t == DOC_PASSPORT || id == NULL || strlen(id) != 18)
		return (0);
	memcpy(out, id + 6, 4);
	out[4] = '-';
	memcpy(out + 5, id + 10, 2);
	out[7] = '-';
	memcpy(out + 8, id + 12, 2);
	out[10] = '\0';
	if (!claims_date_valid(out) || strncmp(out, "1900", 4) < 0) {
		out[0] = '\0';
		return (0);
	}
	return (1);
}

/*
 * Whole years from birth to today (both YYYY-MM-DD): a birthday counts
 * on its day; someone born on 29 February has it on 1 March in other
 * years. -1 when either date is not one, or birth is after today.
 */
int
realname_age(const char *birth, const char *today)
{
	int	 age;

	if (!claims_date_valid(birth) || !claims_date_valid(today) ||
	    strcmp(birth, today) > 0)
		return (-1);
	age = ((today[0] - '0') * 1000 + (today[1] - '0') * 100 +
	    (today[2] - '0') * 10 + (today[3] - '0')) -
	    ((birth[0] - '0') * 1000 + (birth[1] - '0') * 100 +
	    (birth[2] - '0') * 10 + (birth[3] - '0'));
	/* MM-DD compared as text: before the birthday, one year less. */
	if (strcmp(today + 5, birth + 5) < 0)
		age--;
	return (age);
}

/* The last REALNAME_LAST characters of a normalised number (ASCII). */
void
realname_last(const char *num, char out[REALNAME_LAST + 1])
{
	size_t	 n = strlen(num);

	(void)snprintf(out, REALNAME_LAST + 1, "%s", n > REALNAME_LAST ?
	    num + n - REALNAME_LAST : num);
}

/* Keep the station's secret (32 bytes) for realname_hash(). */
void
realname_key_set(const unsigned char k[32])
{
	memcpy(key, k, sizeof(key));
	key_ready = 1;
}

int
realname_key_ready(void)
{
	return (key_ready);
}

/*
 * HMAC-SHA256, keyed with the station's secret, of "type:number" (a
 * normalised number), in hex. Without the key nobody can tell from the
 * database whose document it was, not even by trying every number of a
 * birth date; with it the same document always gives the same hash.
 * 0 when no key was set.
 */
int
realname_hash(enum doc_type t, const char *num, char out[REALNAME_HASH_HEX])
{
	crypto_auth_hmacsha256_state	 s;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	const char			*code = doc_type_code(t);

	out[0] = '\0';
	if (!key_ready)
		return (0);
	crypto_auth_hmacsha256_init(&s, key, sizeof(key));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)code,
	    strlen(code));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)":", 1);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)num,
	    strlen(num));
	crypto_auth_hmacsha256_final(&s, mac);
	sodium_bin2hex(out, REALNAME_HASH_HEX, mac, sizeof(mac));
	sodium_memzero(&s, sizeof(s));
	return (1);
}
