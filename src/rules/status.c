/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * status.c: W3C Bitstring Status List v1.0 (see status.h): the bitstring,
 * its encodedList (GZIP with zlib, then multibase base64url with
 * libsodium) and the entries a credential carries. The signed list
 * credential is statuscred.c's (it signs with vc.c, which names these
 * entries: kept apart so that neither file calls the other).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <zlib.h>

#include "status.h"

static const char *const purpose_codes[STATUS__COUNT] = {
	[STATUS_REVOCATION] = "revocation",
	[STATUS_SUSPENSION] = "suspension",
};

const char *
status_purpose_code(enum status_purpose p)
{
	return ((unsigned)p < STATUS__COUNT ? purpose_codes[p] : "unknown");
}

int
status_purpose_parse(const char *s, enum status_purpose *out)
{
	int	 i;

	for (i = 0; s != NULL && i < STATUS__COUNT; i++) {
		if (strcmp(s, purpose_codes[i]) == 0) {
			*out = (enum status_purpose)i;
			return (1);
		}
	}
	return (0);
}

/* The spec's 3.2: index 0 is the left-most (most significant) bit. */
void
status_bit_set(unsigned char *bits, uint32_t i)
{
	if (i < STATUS_ENTRIES)
		bits[i / 8] |= (unsigned char)(0x80u >> (i % 8));
}

int
status_bit_get(const unsigned char *bits, uint32_t i)
{
	return (i < STATUS_ENTRIES && (bits[i / 8] & (0x80u >> (i % 8))) != 0);
}

char *
status_encode(const unsigned char *bits, size_t n)
{
	z_stream	 zs;
	unsigned char	*gz;
	char		*out;
	size_t		 cap, len, b64;

	memset(&zs, 0, sizeof(zs));
	/* windowBits 15 + 16: a GZIP member (header and CRC-32 trailer),
	 * not a bare zlib stream. zlib's default level: on a sparse list
	 * level 9 took 15 ms where this takes 1-4 ms for output within
	 * 12 % (1,000 to 20,000 bits set), and a list is signed inside the
	 * transaction of every revocation. */
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return (NULL);
	cap = deflateBound(&zs, (uLong)n);
	if ((gz = malloc(cap)) == NULL) {
		(void)deflateEnd(&zs);
		return (NULL);
	}
	zs.next_in = (Bytef *)(uintptr_t)bits;
	zs.avail_in = (uInt)n;
	zs.next_out = gz;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		(void)deflateEnd(&zs);
		free(gz);
		return (NULL);
	}
	len = zs.total_out;
	(void)deflateEnd(&zs);
	b64 = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if ((out = malloc(1 + b64)) == NULL) {
		free(gz);
		return (NULL);
	}
	out[0] = 'u';		/* multibase: base64url, no padding */
	sodium_bin2base64(out + 1, b64, gz, len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(gz);
	return (out);
}

int
status_decode(const char *enc, unsigned char *bits, size_t n)
{
	z_stream	 zs;
	unsigned char	*gz;
	size_t		 len, gzlen;
	int		 rc, ok = 0;

	if (enc == NULL || enc[0] != 'u')
		return (0);
	len = strlen(enc + 1);
	if ((gz = malloc(len + 1)) == NULL)
		return (0);
	if (sodium_base642bin(gz, len + 1, enc + 1, len, NULL, &gzlen, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		free(gz);
		return (0);
	}
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 16) != Z_OK) {	/* GZIP only */
		free(gz);
		return (0);
	}
	zs.next_in = gz;
	zs.avail_in = (uInt)gzlen;
	zs.next_out = bits;
	zs.avail_out = (uInt)n;
	rc = inflate(&zs, Z_FINISH);
	/* Exactly n bytes, and nothing after the member. */
	ok = rc == Z_STREAM_END && zs.total_out == n && zs.avail_in == 0;
	(void)inflateEnd(&zs);
	free(gz);
	return (ok);
}

void
status_list_url(const char *origin, enum status_purpose p, char *out,
    size_t outsz)
{
	(void)snprintf(out, outsz, "%s/status/%s", origin,
	    status_purpose_code(p));
}

json_t *
status_entries(const char *origin, uint32_t index)
{
	json_t	*a, *e;
	char	 url[512], id[560], idx[16];
	int	 p;

	if (index >= STATUS_ENTRIES || (a = json_array()) == NULL)
		return (NULL);
	(void)snprintf(idx, sizeof(idx), "%u", (unsigned)index);
	for (p = 0; p < STATUS__COUNT; p++) {
		status_list_url(origin, (enum status_purpose)p, url,
		    sizeof(url));
		(void)snprintf(id, sizeof(id), "%s#%s", url, idx);
		/* statusListIndex is a string of digits (the spec's 2.1). */
		e = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id,
		    "type", "BitstringStatusListEntry",
		    "statusPurpose", status_purpose_code((enum status_purpose)p),
		    "statusListIndex", idx, "statusListCredential", url);
		if (e == NULL || json_array_append_new(a, e) != 0) {
			json_decref(a);
			return (NULL);
		}
	}
	return (a);
}
