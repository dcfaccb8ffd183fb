/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * status.h: W3C Bitstring Status List v1.0 (Recommendation 2025). Every
 * certificate holds one random position in two lists of STATUS_ENTRIES
 * bits — revocation and suspension — and each list is published as a
 * signed BitstringStatusListCredential, so anyone holding a credential
 * can learn whether it still stands without asking about it by name
 * (herd privacy: the list is fetched whole, and positions are random).
 *
 *	encodedList = "u" base64url-no-padding(GZIP(bitstring))
 *	bit i       = byte i / 8, counted from its most significant bit
 *	              (index 0 is the left-most bit of the first byte)
 *
 * Pure: no Kore, no database.
 */
#ifndef YJ_STATUS_H
#define YJ_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "sign.h"

#define STATUS_ENTRIES	131072		/* the spec's minimum: 16 KB */
#define STATUS_BYTES	(STATUS_ENTRIES / 8)
#define STATUS_TTL_MS	300000		/* verifiers may cache 5 minutes */
#define STATUS_VALID	(30 * 86400)	/* a list's validUntil, seconds */
#define STATUS_REFRESH	86400		/* re-signed at least this often */

enum status_purpose {
	STATUS_REVOCATION,
	STATUS_SUSPENSION,
	STATUS__COUNT
};

/* "revocation", "suspension". */
const char	*status_purpose_code(enum status_purpose);
/* 1 and *out when s names a purpose. */
int		 status_purpose_parse(const char *s, enum status_purpose *out);

/* Set / read bit i (i < STATUS_ENTRIES) of a STATUS_BYTES bitstring. */
void		 status_bit_set(unsigned char *bits, uint32_t i);
int		 status_bit_get(const unsigned char *bits, uint32_t i);

/*
 * The encodedList of the n-byte bitstring bits: malloc'ed (free() it),
 * or NULL when zlib fails. The GZIP member has a proper header (RFC 1952,
 * no name, no time) so any gunzip reads it.
 */
char		*status_encode(const unsigned char *bits, size_t n);

/*
 * Decode an encodedList into exactly n bytes at bits. 1 when it is "u",
 * base64url, a GZIP member, and inflates to exactly n bytes; else 0.
 */
int		 status_decode(const char *enc, unsigned char *bits, size_t n);

/* <origin>/status/<purpose>, the list credential's stable URL. */
void		 status_list_url(const char *origin, enum status_purpose,
		    char *out, size_t outsz);

/*
 * The credentialStatus of a credential at position index: an array of
 * two BitstringStatusListEntry (revocation, then suspension) pointing at
 * origin's lists. A new JSON array (json_decref() it), or NULL.
 */
json_t		*status_entries(const char *origin, uint32_t index);

/*
 * The signed BitstringStatusListCredential of purpose for the bitstring
 * bits (STATUS_BYTES), issued by s at now (seconds since the epoch),
 * valid for STATUS_VALID: a new document (json_decref() it), or NULL.
 */
json_t		*status_credential(enum status_purpose, const unsigned char *bits,
		    const char *origin, const struct signer *s, int64_t now);

#endif
