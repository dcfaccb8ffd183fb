/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * realname.h: 实名核验, the identity check staff make at the station with
 * a person's document in hand. Pure: document numbers are normalised and
 * checked here (a 居民身份证 number's GB 11643 check digit), a birth date
 * is read from it, ages are counted, and a number becomes a keyed hash
 * (HMAC-SHA256 with the station's secret) so that the same document on
 * two accounts is found without the number ever being stored.
 */
#ifndef YJ_REALNAME_H
#define YJ_REALNAME_H

#include <stddef.h>

#define REALNAME_KEY_FILE	"keys/realname.key"	/* in the data dir */
#define REALNAME_NUMBER_MAX	32	/* a normalised number, bytes */
#define REALNAME_HASH_HEX	65	/* HMAC-SHA256 in hex, with NUL */
#define REALNAME_LAST		4	/* characters kept, for staff */
/* PIPL art. 31: a child under 14 needs a guardian's consent. */
#define GUARDIAN_AGE		14

enum doc_type {
	DOC_RESIDENT_ID,	/* 居民身份证 */
	DOC_HMT_PERMIT,		/* 港澳台居民居住证 */
	DOC_PASSPORT,		/* 护照 */
	DOC__COUNT
};

enum realname_error {
	RN_OK,
	RN_EMPTY,		/* no number */
	RN_FORMAT,		/* not the shape of this kind of document */
	RN_CHECKSUM,		/* GB 11643: the last character is wrong */
	RN_DATE,		/* the birth date in it is not a real day */
	RN_REGION,		/* a permit's number outside 81/82/83, or an
				 * ID card's inside them */
};

int		 doc_type_parse(const char *, enum doc_type *);
const char	*doc_type_code(enum doc_type);

int		 realname_gb11643(const char *);
char		 realname_check_char(const char *);
enum realname_error realname_normalise(enum doc_type, const char *,
		    char [REALNAME_NUMBER_MAX + 1]);
int		 realname_birth(enum doc_type, const char *, char [11]);
int		 realname_age(const char *, const char *);
void		 realname_last(const char *, char [REALNAME_LAST + 1]);

void		 realname_key_set(const unsigned char [32]);
int		 realname_key_ready(void);
int		 realname_hash(enum doc_type, const char *,
		    char [REALNAME_HASH_HEX]);

#endif
