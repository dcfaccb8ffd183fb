/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_status.c: unit tests of the W3C Bitstring Status List encoding
 * (status.c): the bit order the spec fixes (index 0 is the left-most bit
 * of the first byte), the encodedList's form ("u", base64url without
 * padding, a GZIP member with its RFC 1952 header and ISIZE trailer),
 * the spec's own example list decoded, refusals, the entries a
 * credential carries and the signed list credential. The integration
 * test decodes the served lists again with Python's gzip and base64.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "secret.h"
#include "sign.h"
#include "status.h"
#include "vc.h"

#define ORIGIN	"https://yujiang.example.cn"
#define NOW	1767225600	/* 2026-01-01T00:00:00Z */

/* The spec's example encodedList (section 2.2): 16 KB of zeros. */
#define SPEC_EMPTY \
	"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"

static void
test_signer(struct signer *s)
{
	unsigned char	 seed[32];

	memset(seed, 7, sizeof(seed));
	sign_key_seed(seed, s);
}

static void
bit_order_is_the_specs(void **state)
{
	unsigned char	*bits = calloc(1, STATUS_BYTES);
	size_t		 i, set = 0;

	(void)state;
	assert_non_null(bits);
	status_bit_set(bits, 0);
	assert_int_equal(bits[0], 0x80);	/* left-most of byte 0 */
	status_bit_set(bits, 7);
	assert_int_equal(bits[0], 0x81);
	status_bit_set(bits, 8);
	assert_int_equal(bits[1], 0x80);
	status_bit_set(bits, 13);
	assert_int_equal(bits[1], 0x84);
	status_bit_set(bits, STATUS_ENTRIES - 1);
	assert_int_equal(bits[STATUS_BYTES - 1], 0x01);
	status_bit_set(bits, STATUS_ENTRIES);	/* beyond: ignored */
	for (i = 0; i < STATUS_ENTRIES; i++)
		set += status_bit_get(bits, (uint32_t)i);
	assert_int_equal(set, 5);
	assert_true(status_bit_get(bits, 13));
	assert_false(status_bit_get(bits, 12));
	assert_false(status_bit_get(bits, STATUS_ENTRIES));
	free(bits);
}

static void
encoded_list_form(void **state)
{
	static const uint32_t	 on[] = { 0, 5, 1000, 77777, 131071 };
	unsigned char		*bits = calloc(1, STATUS_BYTES);
	unsigned char		*back = calloc(1, STATUS_BYTES);
	unsigned char		 gz[STATUS_BYTES];
	size_t			 i, gzlen;
	char			*enc;

	(void)state;
	assert_non_null(bits);
	assert_non_null(back);
	for (i = 0; i < sizeof(on) / sizeof(on[0]); i++)
		status_bit_set(bits, on[i]);
	assert_non_null(enc = status_encode(bits, STATUS_BYTES));
	assert_int_equal(enc[0], 'u');
	assert_null(strpbrk(enc + 1, "=+/"));	/* base64url, no padding */
	assert_int_equal(sodium_base642bin(gz, sizeof(gz), enc + 1,
	    strlen(enc + 1), NULL, &gzlen, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	/* RFC 1952: ID1 ID2 CM=deflate, and ISIZE (little-endian) last. */
	assert_true(gzlen > 18);
	assert_int_equal(gz[0], 0x1f);
	assert_int_equal(gz[1], 0x8b);
	assert_int_equal(gz[2], 8);
	assert_int_equal(gz[gzlen - 4] | gz[gzlen - 3] << 8 |
	    gz[gzlen - 2] << 16 | (uint32_t)gz[gzlen - 1] << 24, STATUS_BYTES);
	/* Herd privacy costs little: five bits in 16 KB stay small. */
	assert_true(strlen(enc) < 200);
	assert_true(status_decode(enc, back, STATUS_BYTES));
	assert_memory_equal(bits, back, STATUS_BYTES);
	free(enc);
	free(bits);
	free(back);
}

static void
spec_example_decodes(void **state)
{
	unsigned char	*bits = malloc(STATUS_BYTES);
	size_t		 i;

	(void)state;
	assert_non_null(bits);
	memset(bits, 0xff, STATUS_BYTES);
	assert_true(status_decode(SPEC_EMPTY, bits, STATUS_BYTES));
	for (i = 0; i < STATUS_BYTES; i++)
		assert_int_equal(bits[i], 0);
	free(bits);
}

static void
decode_refuses_what_is_not_a_list(void **state)
{
	unsigned char	*bits = calloc(1, STATUS_BYTES);
	char		*enc, *odd;

	(void)state;
	assert_non_null(bits);
	assert_false(status_decode(NULL, bits, STATUS_BYTES));
	assert_false(status_decode(SPEC_EMPTY + 1, bits, STATUS_BYTES));
	assert_false(status_decode("zH4sIAAAA", bits, STATUS_BYTES));
	assert_false(status_decode("u!!!", bits, STATUS_BYTES));
	/* A list of another length. */
	assert_non_null(enc = status_encode(bits, 100));
	assert_false(status_decode(enc, bits, STATUS_BYTES));
	free(enc);
	/* One character changed in the compressed data. */
	assert_non_null(odd = strdup(SPEC_EMPTY));
	odd[20] = odd[20] == 'A' ? 'B' : 'A';
	assert_false(status_decode(odd, bits, STATUS_BYTES));
	free(odd);
	free(bits);
}

static void
entries_point_at_both_lists(void **state)
{
	json_t	*a, *e;

	(void)state;
	assert_non_null(a = status_entries(ORIGIN, 4711));
	assert_int_equal(json_array_size(a), 2);
	e = json_array_get(a, 0);
	assert_string_equal(json_string_value(json_object_get(e, "type")),
	    "BitstringStatusListEntry");
	assert_string_equal(json_string_value(json_object_get(e,
	    "statusPurpose")), "revocation");
	/* statusListIndex is a string. */
	assert_string_equal(json_string_value(json_object_get(e,
	    "statusListIndex")), "4711");
	assert_string_equal(json_string_value(json_object_get(e,
	    "statusListCredential")), ORIGIN "/status/revocation");
	assert_string_equal(json_string_value(json_object_get(e, "id")),
	    ORIGIN "/status/revocation#4711");
	e = json_array_get(a, 1);
	assert_string_equal(json_string_value(json_object_get(e,
	    "statusPurpose")), "suspension");
	assert_string_equal(json_string_value(json_object_get(e,
	    "statusListCredential")), ORIGIN "/status/suspension");
	json_decref(a);
	assert_null(status_entries(ORIGIN, STATUS_ENTRIES));
}

static void
list_credential_signed(void **state)
{
	struct signer	 s;
	enum status_purpose p;
	unsigned char	*bits = calloc(1, STATUS_BYTES);
	unsigned char	*back = calloc(1, STATUS_BYTES);
	json_t		*doc, *cs;
	char		*enc;

	(void)state;
	assert_non_null(bits);
	assert_non_null(back);
	test_signer(&s);
	status_bit_set(bits, 99);
	assert_non_null(doc = status_credential(STATUS_SUSPENSION, bits,
	    ORIGIN, &s, NOW));
	assert_true(vc_verify(doc, s.pub.pk, NULL));
	assert_string_equal(json_string_value(json_object_get(doc, "id")),
	    ORIGIN "/status/suspension");
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(doc, "type"), 1)), "BitstringStatusListCredential");
	assert_string_equal(json_string_value(json_object_get(doc,
	    "validFrom")), "2026-01-01T00:00:00Z");
	assert_string_equal(json_string_value(json_object_get(doc,
	    "validUntil")), "2026-01-31T00:00:00Z");
	cs = json_object_get(doc, "credentialSubject");
	assert_string_equal(json_string_value(json_object_get(cs, "type")),
	    "BitstringStatusList");
	assert_true(status_purpose_parse(json_string_value(json_object_get(cs,
	    "statusPurpose")), &p));
	assert_int_equal(p, STATUS_SUSPENSION);
	assert_int_equal(json_integer_value(json_object_get(cs, "ttl")),
	    STATUS_TTL_MS);
	assert_true(status_decode(json_string_value(json_object_get(cs,
	    "encodedList")), back, STATUS_BYTES));
	assert_memory_equal(bits, back, STATUS_BYTES);
	/* A list changed after signing no longer verifies. */
	status_bit_set(bits, 100);
	assert_non_null(enc = status_encode(bits, STATUS_BYTES));
	json_object_set_new(cs, "encodedList", json_string(enc));
	free(enc);
	assert_false(vc_verify(doc, s.pub.pk, NULL));
	json_decref(doc);
	assert_null(status_credential(STATUS__COUNT, bits, ORIGIN, &s, NOW));
	assert_false(status_purpose_parse("refresh", &p));
	free(bits);
	free(back);
	sign_wipe(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bit_order_is_the_specs),
		cmocka_unit_test(encoded_list_form),
		cmocka_unit_test(spec_example_decodes),
		cmocka_unit_test(decode_refuses_what_is_not_a_list),
		cmocka_unit_test(entries_point_at_both_lists),
		cmocka_unit_test(list_credential_signed),
	};

	if (!secret_init())
		return (1);
	return (cmocka_run_group_tests_name("status", tests, NULL, NULL));
}
