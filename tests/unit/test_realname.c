/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_realname.c: the pure side of 实名核验 (src/realname.c) — GB 11643
 * check characters of real-format numbers, normalising what staff type,
 * the document kinds' rules, birth dates and ages (the under-14 rule of
 * PIPL art. 31), and the keyed hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "realname.h"

/* GB 11643-1999's own example (appendix) and well-known sample numbers. */
static void
check_character(void **state)
{
	(void)state;
	assert_true(realname_gb11643("11010519491231002X"));
	assert_true(realname_gb11643("440524188001010014"));
	assert_int_equal(realname_check_char("11010519491231002"), 'X');
	assert_int_equal(realname_check_char("44052418800101001"), '4');
	/* one digit changed, or two swapped: caught */
	assert_false(realname_gb11643("11010519491231003X"));
	assert_false(realname_gb11643("440524188001010015"));
	assert_false(realname_gb11643("440524188001100014"));
	/* lower-case x is not the check character (normalise first) */
	assert_false(realname_gb11643("11010519491231002x"));
	assert_false(realname_gb11643("1101051949123100"));
	assert_false(realname_gb11643(NULL));
	assert_int_equal(realname_check_char("1101051949123100A"), 0);
}

static void
normalise(void **state)
{
	char	 out[REALNAME_NUMBER_MAX + 1];

	(void)state;
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID,
	    " 110105 19491231 002x ", out), RN_OK);
	assert_string_equal(out, "11010519491231002X");
	/* full-width digits and Ｘ from a Chinese input method, dashes */
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID,
	    "１１０１０５-19491231-002Ｘ", out), RN_OK);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID,
	    "11010519491231003X", out), RN_CHECKSUM);
	assert_string_equal(out, "");
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID, "", out),
	    RN_EMPTY);
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID, NULL, out),
	    RN_EMPTY);
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID, "11010519491231",
	    out), RN_FORMAT);
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID,
	    "1101051949123100X2", out), RN_FORMAT);
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID, "玉11010519491231",
	    out), RN_FORMAT);
	/* 13th month, with a right check character */
	(void)snprintf(out, sizeof(out), "44060519901301123");
	out[17] = realname_check_char(out);
	out[18] = '\0';
	{
		char	 in[REALNAME_NUMBER_MAX + 1];

		(void)snprintf(in, sizeof(in), "%s", out);
		assert_int_equal(realname_normalise(DOC_RESIDENT_ID, in, out),
		    RN_DATE);
	}
}

static void
documents(void **state)
{
	char	 out[REALNAME_NUMBER_MAX + 1], in[32];

	(void)state;
	/* A Hong Kong residence permit: 810000…, same check character. */
	(void)snprintf(in, sizeof(in), "81000019880808123");
	in[17] = realname_check_char(in);
	in[18] = '\0';
	assert_int_equal(realname_normalise(DOC_HMT_PERMIT, in, out), RN_OK);
	/* …is not an ID card's number, and an ID card's is not a permit's */
	assert_int_equal(realname_normalise(DOC_RESIDENT_ID, in, out),
	    RN_REGION);
	assert_int_equal(realname_normalise(DOC_HMT_PERMIT,
	    "11010519491231002X", out), RN_REGION);
	/* passports: 5 to 17 letters and digits */
	assert_int_equal(realname_normalise(DOC_PASSPORT, "e 1234 5678", out),
	    RN_OK);
	assert_string_equal(out, "E12345678");
	assert_int_equal(realname_normalise(DOC_PASSPORT, "E123", out),
	    RN_FORMAT);
	assert_int_equal(realname_normalise(DOC_PASSPORT,
	    "E1234567890123456X", out), RN_FORMAT);
	assert_int_equal(realname_normalise(DOC_PASSPORT, "E12/34567", out),
	    RN_FORMAT);
}

static void
birth_and_age(void **state)
{
	char	 b[11], last[REALNAME_LAST + 1];
	enum doc_type t;

	(void)state;
	assert_true(realname_birth(DOC_RESIDENT_ID, "11010519491231002X", b));
	assert_string_equal(b, "1949-12-31");
	assert_false(realname_birth(DOC_PASSPORT, "11010519491231002X", b));
	assert_string_equal(b, "");
	assert_int_equal(realname_age("2012-06-15", "2026-06-14"), 13);
	assert_int_equal(realname_age("2012-06-15", "2026-06-15"), 14);
	assert_int_equal(realname_age("2012-02-29", "2026-02-28"), 13);
	assert_int_equal(realname_age("2012-02-29", "2026-03-01"), 14);
	assert_int_equal(realname_age("2030-01-01", "2026-01-01"), -1);
	assert_int_equal(realname_age("2012-13-01", "2026-01-01"), -1);
	assert_true(realname_age("2012-06-15", "2026-06-14") < GUARDIAN_AGE);
	realname_last("11010519491231002X", last);
	assert_string_equal(last, "002X");
	assert_true(doc_type_parse("hmt_permit", &t));
	assert_int_equal(t, DOC_HMT_PERMIT);
	assert_false(doc_type_parse("driving_licence", &t));
	assert_string_equal(doc_type_code(DOC_PASSPORT), "passport");
}

static void
keyed_hash(void **state)
{
	unsigned char	 k1[32], k2[32];
	char		 a[REALNAME_HASH_HEX], b[REALNAME_HASH_HEX];

	(void)state;
	randombytes_buf(k1, sizeof(k1));
	randombytes_buf(k2, sizeof(k2));
	realname_key_set(k1);
	assert_true(realname_key_ready());
	assert_true(realname_hash(DOC_RESIDENT_ID, "11010519491231002X", a));
	assert_int_equal(strlen(a), 64);
	assert_true(realname_hash(DOC_RESIDENT_ID, "11010519491231002X", b));
	assert_string_equal(a, b);		/* same document, same hash */
	assert_true(realname_hash(DOC_PASSPORT, "11010519491231002X", b));
	assert_string_not_equal(a, b);		/* the kind is in it */
	assert_null(strstr(a, "1949"));
	realname_key_set(k2);
	assert_true(realname_hash(DOC_RESIDENT_ID, "11010519491231002X", b));
	assert_string_not_equal(a, b);		/* keyed */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_character),
		cmocka_unit_test(normalise),
		cmocka_unit_test(documents),
		cmocka_unit_test(birth_and_age),
		cmocka_unit_test(keyed_hash),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
