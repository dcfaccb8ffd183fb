/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_certs.c: unit tests of a certificate's names and signatures —
 * serials and verification codes, the key file, the QR's signed claims
 * (every one-character change of a sealed text must fail), base58 and
 * did:key, JCS, and the Open Badges credential with its eddsa-jcs-2022
 * proof, checked against the W3C specification's own test vector.
 *
 * With YJ_VC_DUMP=FILE set, vc_round_trip also writes the credential it
 * made to FILE and the issuer's did:key to FILE.did, for the independent
 * JavaScript verifier (tests/vc/verify.mjs).
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "rdfc.h"
#include "identity.h"
#include "keyring.h"
#include "secret.h"
#include "serial.h"
#include "sign.h"
#include "vc.h"

#define ORIGIN	"https://yujiang.example.cn"

/*
 * The W3C test vector (w3c/vc-di-eddsa, TestVectors/keyPair.json and
 * TestVectors/eddsa-jcs-2022/): the key pair as multibase, the
 * unsigned credential, its canonical form and hashes, and the proof.
 */
#define W3C_PUB		"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
#define W3C_SECRET	"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
#define W3C_CREATED	"2023-02-24T23:36:38Z"
#define W3C_UNSIGNED \
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"," \
	"\"https://www.w3.org/ns/credentials/examples/v2\"]," \
	"\"id\":\"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33\"," \
	"\"type\":[\"VerifiableCredential\",\"AlumniCredential\"]," \
	"\"name\":\"Alumni Credential\"," \
	"\"description\":\"A minimum viable example of an Alumni " \
	"Credential.\",\"issuer\":\"https://vc.example/issuers/5678\"," \
	"\"validFrom\":\"2023-01-01T00:00:00Z\",\"credentialSubject\":" \
	"{\"id\":\"did:example:abcdefgh\",\"alumniOf\":" \
	"\"The School of Examples\"}}"
#define W3C_CANON \
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"," \
	"\"https://www.w3.org/ns/credentials/examples/v2\"]," \
	"\"credentialSubject\":{\"alumniOf\":\"The School of Examples\"," \
	"\"id\":\"did:example:abcdefgh\"},\"description\":\"A minimum " \
	"viable example of an Alumni Credential.\",\"id\":" \
	"\"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33\",\"issuer\":" \
	"\"https://vc.example/issuers/5678\",\"name\":\"Alumni Credential\"," \
	"\"type\":[\"VerifiableCredential\",\"AlumniCredential\"]," \
	"\"validFrom\":\"2023-01-01T00:00:00Z\"}"
#define W3C_DOC_HASH \
	"59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
#define W3C_PROOF_CANON \
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"," \
	"\"https://www.w3.org/ns/credentials/examples/v2\"],\"created\":" \
	"\"2023-02-24T23:36:38Z\",\"cryptosuite\":\"eddsa-jcs-2022\"," \
	"\"proofPurpose\":\"assertionMethod\"," \
	"\"type\":\"DataIntegrityProof\"," \
	"\"verificationMethod\":\"did:key:" W3C_PUB "#" W3C_PUB "\"}"
#define W3C_PROOF_HASH \
	"66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
#define W3C_PROOF_VALUE	"z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHX" \
	"QzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"

static void	put(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* snprintf() that fails the test rather than cut a string short. */
static void
put(char *out, size_t n, const char *fmt, ...)
{
	va_list	 ap;
	int	 len;

	va_start(ap, fmt);
	len = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= n)
		fail_msg("test string cut short: %s", out);
}

/* A key pair made from a fixed seed: tests that need no file use it. */
static void
test_signer(struct signer *s, unsigned char fill)
{
	unsigned char	 seed[32];

	memset(seed, fill, sizeof(seed));
	sign_key_seed(seed, s);
}

/* Claims for a level-3 certificate with a Chinese name and title. */
static void
test_claims(struct claims *c)
{
	memset(c, 0, sizeof(*c));
	put(c->origin, sizeof(c->origin), "%s", ORIGIN);
	put(c->code, sizeof(c->code), "%s", "7k2m9x4q0a8r5t3v");
	assert_true(serial_make(c->serial, 2026, 3, 17));
	put(c->holder, sizeof(c->holder), "%s", "陈玉明");
	put(c->kind, sizeof(c->kind), "%s", "level");
	put(c->title, sizeof(c->title), "%s",
	    "玉雕工（三级/高级工） Jade carver, level 3 \"senior\"");
	c->level = 3;
	put(c->issued, sizeof(c->issued), "%s", "2026-01-05");
	put(c->expires, sizeof(c->expires), "%s", "2029-01-05");
}

static void
hex_of(const unsigned char *p, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, p, n);
}

static void
serial_layout_and_bounds(void **state)
{
	char	 s[SERIAL_LEN + 1], keep[SERIAL_LEN + 1];

	(void)state;
	assert_true(serial_make(s, 2026, 4, 17));
	assert_string_equal(s, "P000001440605126400017");
	assert_int_equal(strlen(s), SERIAL_LEN);
	assert_true(serial_valid(s));
	assert_true(serial_make(s, 26, 0, SERIAL_SEQ_MAX));
	assert_string_equal(s, "P000001440605126099999");
	assert_true(serial_make(s, 2000, 5, 1));
	assert_string_equal(s, "P000001440605100500001");
	assert_true(serial_make(s, 2099, 1, 1));
	assert_string_equal(s, "P000001440605199100001");

	/* Out of range: refused, and the buffer left as it was. */
	memcpy(keep, s, sizeof(s));
	assert_false(serial_make(s, 2026, 6, 1));
	assert_false(serial_make(s, 2026, -1, 1));
	assert_false(serial_make(s, 2026, 1, 0));
	assert_false(serial_make(s, 2026, 1, -5));
	assert_false(serial_make(s, 2026, 1, SERIAL_SEQ_MAX + 1));
	assert_false(serial_make(s, 2100, 1, 1));
	assert_false(serial_make(s, 1999, 1, 1));
	assert_false(serial_make(s, 100, 1, 1));
	assert_false(serial_make(s, -1, 1, 1));
	assert_string_equal(s, keep);

	assert_false(serial_valid(NULL));
	assert_false(serial_valid(""));
	assert_false(serial_valid("P00000144060512640001"));	/* 21 */
	assert_false(serial_valid("P0000014406051264000170"));	/* 23 */
	assert_false(serial_valid("S000001440605126400017"));
	assert_false(serial_valid("p000001440605126400017"));
	assert_false(serial_valid("P000002440605126400017"));
	assert_false(serial_valid("P000001440606126400017"));
	assert_false(serial_valid("P000001440605226400017"));
	assert_false(serial_valid("P000001440605126600017"));	/* level 6 */
	assert_false(serial_valid("P000001440605126400000"));	/* seq 0 */
	assert_false(serial_valid("P00000144060512640001a"));
	assert_false(serial_valid("P0000014406051264 0017"));
	assert_false(serial_valid(" P00000144060512640001"));
}

static void
kinds_and_languages(void **state)
{
	enum cert_kind	 k;
	enum cert_lang	 l;
	int		 i;

	(void)state;
	for (i = 0; i < KIND__COUNT; i++) {
		assert_true(cert_kind_parse(cert_kind_code((enum cert_kind)i),
		    &k));
		assert_int_equal(k, i);
	}
	for (i = 0; i < CLANG__COUNT; i++) {
		assert_true(cert_lang_parse(cert_lang_code((enum cert_lang)i),
		    &l));
		assert_int_equal(l, i);
	}
	assert_string_equal(cert_kind_code(KIND_COURSE), "course");
	assert_string_equal(cert_kind_code(KIND_TITLE), "title");
	assert_string_equal(cert_lang_code(CLANG_BOTH), "both");
	assert_string_equal(cert_kind_code(KIND__COUNT), "?");
	assert_false(cert_kind_parse("Course", &k));
	assert_false(cert_kind_parse("", &k));
	assert_false(cert_kind_parse(NULL, &k));
	assert_false(cert_lang_parse("zh-CN", &l));
	assert_false(cert_lang_parse(NULL, &l));
}

static int
code_cmp(const void *a, const void *b)
{
	return (strcmp(a, b));
}

#define NCODES	20000

static void
codes_shape_and_uniqueness(void **state)
{
	static char	 codes[NCODES][CODE_LEN + 1];
	int		 seen[256];
	size_t		 i;
	const char	*p;

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < NCODES; i++) {
		serial_code_make(codes[i]);
		assert_int_equal(strlen(codes[i]), CODE_LEN);
		assert_true(serial_code_valid(codes[i]));
		for (p = codes[i]; *p != '\0'; p++)
			seen[(unsigned char)*p]++;
	}
	qsort(codes, NCODES, sizeof(codes[0]), code_cmp);
	for (i = 1; i < NCODES; i++) {
		if (strcmp(codes[i - 1], codes[i]) == 0)
			fail_msg("code %s drawn twice", codes[i]);
	}
	/* All 32 letters turn up, and none of the look-alikes. */
	for (p = "0123456789abcdefghjkmnpqrstvwxyz"; *p != '\0'; p++)
		assert_true(seen[(unsigned char)*p] > 0);
	for (p = "ilouABCXYZ-_"; *p != '\0'; p++)
		assert_int_equal(seen[(unsigned char)*p], 0);

	assert_true(serial_code_valid("0123456789abcdef"));
	assert_false(serial_code_valid(NULL));
	assert_false(serial_code_valid(""));
	assert_false(serial_code_valid("0123456789abcde"));
	assert_false(serial_code_valid("0123456789abcdefg"));
	assert_false(serial_code_valid("0123456789ABCDEF"));
	assert_false(serial_code_valid("0123456789abcdei"));
	assert_false(serial_code_valid("0123456789abcdel"));
	assert_false(serial_code_valid("0123456789abcdeo"));
	assert_false(serial_code_valid("0123456789abcdeu"));
	assert_false(serial_code_valid("0123456789abcde "));
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE	*f;

	(void)unlink(path);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void
key_file_made_private_and_reopened(void **state)
{
	char		 dir[] = "/tmp/yj-certs-XXXXXX", keys[64], path[128];
	char		 err[256], kid[KID_HEX + 1];
	struct signer	 a, b;
	struct stat	 st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(keys, sizeof(keys), "%s/keys", dir);
	put(path, sizeof(path), "%s/%s", dir, KEY_FILE);

	/* Without create, an absent key is an error, and nothing is made. */
	assert_false(sign_key_open(path, 0, &a, err, sizeof(err)));
	assert_non_null(strstr(err, "No such file"));
	assert_int_equal(stat(keys, &st), -1);

	umask(022);
	assert_true(sign_key_open(path, 1, &a, err, sizeof(err)));
	assert_int_equal(stat(keys, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 65);
	sign_kid(a.pub.pk, kid);
	assert_string_equal(kid, a.pub.kid);
	assert_int_equal(strlen(kid), KID_HEX);

	/* Reopening, with or without create, gives the same key. */
	assert_true(sign_key_open(path, 0, &b, err, sizeof(err)));
	assert_memory_equal(a.sk, b.sk, sizeof(a.sk));
	assert_memory_equal(a.pub.pk, b.pub.pk, 32);
	assert_true(sign_key_open(path, 1, &b, err, sizeof(err)));
	assert_memory_equal(a.sk, b.sk, sizeof(a.sk));

	/* A key others may read is refused, with what to do about it. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_false(sign_key_open(path, 1, &b, err, sizeof(err)));
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(path, 0640), 0);
	assert_false(sign_key_open(path, 0, &b, err, sizeof(err)));
	assert_int_equal(chmod(path, 0600), 0);
	assert_true(sign_key_open(path, 0, &b, err, sizeof(err)));

	/* Corrupt files are refused, never replaced. */
	write_file(path, "not a key\n", 0600);
	assert_false(sign_key_open(path, 1, &b, err, sizeof(err)));
	assert_non_null(strstr(err, "not a key file"));
	write_file(path, "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeef\n", 0600);		/* 63 */
	assert_false(sign_key_open(path, 0, &b, err, sizeof(err)));
	write_file(path, "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff0\n", 0600);	/* 65 */
	assert_false(sign_key_open(path, 0, &b, err, sizeof(err)));
	write_file(path, "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeefg\n", 0600);
	assert_false(sign_key_open(path, 0, &b, err, sizeof(err)));
	write_file(path, "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff\n\n", 0600);
	assert_false(sign_key_open(path, 0, &b, err, sizeof(err)));
	write_file(path, "", 0600);
	assert_false(sign_key_open(path, 1, &b, err, sizeof(err)));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);

	/* A good seed, written by hand, with or without its newline. */
	write_file(path, "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff", 0400);
	assert_true(sign_key_open(path, 0, &b, err, sizeof(err)));
	write_file(path, "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff\n", 0600);
	assert_true(sign_key_open(path, 0, &a, err, sizeof(err)));
	assert_memory_equal(a.sk, b.sk, sizeof(a.sk));

	/* Made again under a stingy umask: still exactly 0600 and 0700. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(keys), 0);
	umask(0277);
	assert_true(sign_key_open(path, 1, &b, err, sizeof(err)));
	umask(022);
	assert_int_equal(stat(keys, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* A new key is a new key; its directory, already there, is kept. */
	assert_memory_not_equal(a.sk, b.sk, sizeof(a.sk));
	assert_int_equal(unlink(path), 0);
	assert_true(sign_key_open(path, 1, &a, err, sizeof(err)));
	assert_memory_not_equal(a.sk, b.sk, sizeof(a.sk));

	sign_wipe(&a);
	sign_wipe(&b);
	assert_true(sodium_is_zero((unsigned char *)&a, sizeof(a)));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(keys), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void
seal_check_round_trip(void **state)
{
	struct signer	 s, t, u;
	struct pubkey	 keys[3];
	struct claims	 c, out;
	char		 text[QR_TEXT_MAX], want[512], *frag;
	unsigned char	 json[QR_TEXT_MAX];
	size_t		 n;
	const char	*end;

	(void)state;
	test_signer(&s, 1);
	test_claims(&c);
	assert_true(claims_seal(&c, &s, text, sizeof(text)));
	assert_int_equal(strncmp(text, ORIGIN "/v/7k2m9x4q0a8r5t3v#",
	    strlen(ORIGIN "/v/7k2m9x4q0a8r5t3v#")), 0);
	memset(&out, 0x55, sizeof(out));
	assert_int_equal(claims_check(text, &s.pub, 1, &out), SCAN_OK);
	assert_string_equal(out.kid, s.pub.kid);
	assert_string_equal(out.origin, ORIGIN);
	assert_string_equal(out.code, c.code);
	assert_string_equal(out.serial, "P000001440605126300017");
	assert_string_equal(out.holder, "陈玉明");
	assert_string_equal(out.kind, "level");
	assert_string_equal(out.title, c.title);
	assert_int_equal(out.level, 3);
	assert_string_equal(out.issued, "2026-01-05");
	assert_string_equal(out.expires, "2029-01-05");

	/* The signed bytes are compact JSON in a fixed order, UTF-8 as is. */
	frag = strchr(text, '#') + 1;
	assert_int_equal(sodium_base642bin(json, sizeof(json), frag,
	    strcspn(frag, "."), NULL, &n, &end,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	put(want, sizeof(want), "{\"v\":1,\"kid\":\"%s\",\"o\":\"%s\","
	    "\"c\":\"7k2m9x4q0a8r5t3v\",\"s\":\"P000001440605126300017\","
	    "\"h\":\"陈玉明\",\"k\":\"level\",\"t\":\"玉雕工（三级/高级工） "
	    "Jade carver, level 3 \\\"senior\\\"\",\"l\":3,"
	    "\"i\":\"2026-01-05\",\"e\":\"2029-01-05\"}", s.pub.kid, ORIGIN);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(json, want, n);

	/* No expiry: no "e"; the right key found among several. */
	put(c.kind, sizeof(c.kind), "%s", "course");
	c.level = 0;
	c.expires[0] = '\0';
	put(c.origin, sizeof(c.origin), "%s", "http://127.0.0.1:8888");
	assert_true(claims_seal(&c, &s, text, sizeof(text)));
	assert_null(strstr(text, "\"e\""));
	test_signer(&t, 2);
	test_signer(&u, 3);
	keys[0] = t.pub;
	keys[1] = u.pub;
	keys[2] = s.pub;
	assert_int_equal(claims_check(text, keys, 3, &out), SCAN_OK);
	assert_string_equal(out.expires, "");
	assert_string_equal(out.kind, "course");
	assert_int_equal(out.level, 0);
	assert_string_equal(out.origin, "http://127.0.0.1:8888");
	assert_int_equal(claims_check(text, keys, 2, &out),
	    SCAN_UNKNOWN_KEY);
	assert_int_equal(claims_check(text, keys, 0, NULL),
	    SCAN_UNKNOWN_KEY);
	assert_int_equal(claims_check(text, &s.pub, 1, NULL), SCAN_OK);

	/* Too small a buffer: refused, and the buffer left empty. */
	assert_false(claims_seal(&c, &s, text, strlen(ORIGIN) + 40));
	assert_string_equal(text, "");
	sign_wipe(&s);
}

/* Refused claims: each case changes one field of good claims. */
#define REFUSED(change) do {						\
	test_claims(&c);						\
	change;								\
	if (claims_seal(&c, &s, text, sizeof(text)))			\
		fail_msg("sealed with %s", #change);			\
	assert_false(claims_valid(&c));					\
} while (0)

#define SET(field, value) \
	put(c.field, sizeof(c.field), "%s", value)

static void
seal_refuses_bad_claims(void **state)
{
	struct signer	 s;
	struct claims	 c;
	char		 text[QR_TEXT_MAX];
	int		 i;

	(void)state;
	test_signer(&s, 1);
	test_claims(&c);
	assert_true(claims_valid(&c));
	REFUSED(SET(origin, "https://yujiang.example.cn/"));
	REFUSED(SET(origin, "https://yujiang.example.cn/v"));
	REFUSED(SET(origin, "https://yujiang.example.cn?x"));
	REFUSED(SET(origin, "https://yujiang.example.cn#x"));
	REFUSED(SET(origin, "https://Yujiang.example.cn"));
	REFUSED(SET(origin, "https://user@yujiang.example.cn"));
	REFUSED(SET(origin, "https://yujiang.example.cn%2f"));
	REFUSED(SET(origin, "https://yu jiang.example.cn"));
	REFUSED(SET(origin, "https://"));
	REFUSED(SET(origin, "ftp://yujiang.example.cn"));
	REFUSED(SET(origin, "HTTPS://yujiang.example.cn"));
	REFUSED(SET(origin, "//yujiang.example.cn"));
	REFUSED(SET(origin, "https://玉匠.cn"));
	REFUSED(SET(origin, "https://yujiang.example.cn\n"));
	REFUSED(SET(code, "7k2m9x4q0a8r5t3"));
	REFUSED(SET(code, "7K2M9X4Q0A8R5T3V"));
	REFUSED(SET(serial, "P000001440605126300000"));
	REFUSED(SET(holder, ""));
	REFUSED(SET(holder, "陈\n玉明"));
	REFUSED(SET(holder, "\xe9\x99"));			/* cut UTF-8 */
	REFUSED(SET(title, "a\x7f"));
	REFUSED(SET(kind, "Level"));
	REFUSED(SET(kind, ""));
	REFUSED(c.level = 0);
	REFUSED(c.level = 6);
	REFUSED(SET(kind, "course"));				/* level 3 */
	REFUSED(SET(issued, "2026-1-05"));
	REFUSED(SET(issued, "2026-02-30"));
	REFUSED(SET(issued, "2025-02-29"));
	REFUSED(SET(issued, "2026-13-01"));
	REFUSED(SET(issued, ""));
	REFUSED(SET(expires, "2026-01-05"));			/* = issued */
	REFUSED(SET(expires, "2025-12-31"));
	REFUSED(SET(expires, "2029/01/05"));
	REFUSED(memset(c.holder, 'a', sizeof(c.holder)));	/* no NUL */
	REFUSED(memset(c.origin, 'a', sizeof(c.origin)));

	/* Leap days that exist are fine. */
	test_claims(&c);
	SET(issued, "2024-02-29");
	assert_true(claims_valid(&c));
	SET(issued, "2000-02-29");
	assert_true(claims_valid(&c));
	SET(issued, "1900-02-29");
	assert_false(claims_valid(&c));

	/* A name and title at their longest do not fit in a QR: refused. */
	test_claims(&c);
	for (i = 0; i < (CLAIM_TEXT - 1) / 3; i++) {
		memcpy(c.holder + i * 3, "玉", 3);
		memcpy(c.title + i * 3, "雕", 3);
	}
	c.holder[i * 3] = c.title[i * 3] = '\0';
	assert_true(claims_valid(&c));
	assert_false(claims_seal(&c, &s, text, sizeof(text)));
	sign_wipe(&s);
}

/*
 * Every change of one character in a sealed text — each character
 * replaced by every other byte, deleted, or a byte inserted before it
 * or at the end — must not scan as valid.
 */
static void
every_one_character_change_fails(void **state)
{
	struct signer	 s;
	struct claims	 c, out;
	char		 text[QR_TEXT_MAX], m[QR_TEXT_MAX + 1];
	size_t		 n, i;
	long		 count = 0, by[SCAN_MISMATCH + 1];
	enum scan	 r;
	int		 b;

	(void)state;
	memset(by, 0, sizeof(by));
	test_signer(&s, 1);
	test_claims(&c);
	assert_true(claims_seal(&c, &s, text, sizeof(text)));
	n = strlen(text);
	for (i = 0; i < n; i++) {
		for (b = 1; b < 256; b++) {
			if (b == (unsigned char)text[i])
				continue;
			memcpy(m, text, n + 1);
			m[i] = (char)b;
			r = claims_check(m, &s.pub, 1, &out);
			if (r == SCAN_OK)
				fail_msg("byte %zu changed to 0x%02x: valid", i,
				    b);
			by[r]++;
			count++;
		}
		memcpy(m, text, i);
		memcpy(m + i, text + i + 1, n - i);
		if ((r = claims_check(m, &s.pub, 1, &out)) == SCAN_OK)
			fail_msg("byte %zu deleted: valid", i);
		by[r]++;
		count++;
	}
	for (i = 0; i <= n; i++) {
		for (b = 1; b < 256; b++) {
			memcpy(m, text, i);
			m[i] = (char)b;
			memcpy(m + i + 1, text + i, n - i + 1);
			r = claims_check(m, &s.pub, 1, &out);
			if (r == SCAN_OK)
				fail_msg("0x%02x inserted at %zu: valid", b, i);
			by[r]++;
			count++;
		}
	}
	assert_int_equal(claims_check(text, &s.pub, 1, &out), SCAN_OK);
	print_message("# %ld one-character changes of a %zu-character text "
	    "refused: %ld malformed, %ld unknown key, %ld bad signature, "
	    "%ld mismatch\n", count, n, by[SCAN_MALFORMED],
	    by[SCAN_UNKNOWN_KEY], by[SCAN_BAD_SIGNATURE], by[SCAN_MISMATCH]);
	assert_true(count > 100000);
	assert_true(by[SCAN_BAD_SIGNATURE] > 0 && by[SCAN_MISMATCH] > 0 &&
	    by[SCAN_UNKNOWN_KEY] > 0);
	sign_wipe(&s);
}

/* url#base64url(json).base64url(Ed25519(json) with s) into out. */
static void
assemble(char *out, size_t outsz, const char *url, const char *json,
    const struct signer *s)
{
	unsigned char	 sig[crypto_sign_BYTES];
	char		 b1[QR_TEXT_MAX], b2[128];

	crypto_sign_detached(sig, NULL, (const unsigned char *)json,
	    strlen(json), s->sk);
	sodium_bin2base64(b1, sizeof(b1), (const unsigned char *)json,
	    strlen(json), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_bin2base64(b2, sizeof(b2), sig, sizeof(sig),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	put(out, outsz, "%s#%s.%s", url, b1, b2);
}

static void
other_keys_and_forgeries_fail(void **state)
{
	struct signer	 s, t, evil;
	struct pubkey	 fake;
	struct claims	 c, out;
	char		 text[QR_TEXT_MAX], other[QR_TEXT_MAX];
	char		 forged[QR_TEXT_MAX], json[QR_TEXT_MAX];
	char		 head[128], *dot;
	unsigned char	 raw[QR_TEXT_MAX];
	size_t		 n;
	const char	*end;

	(void)state;
	test_signer(&s, 1);
	test_signer(&t, 2);
	test_claims(&c);
	assert_true(claims_seal(&c, &s, text, sizeof(text)));

	/* Another station's key: unknown; a key posing as ours: bad. */
	assert_int_equal(claims_check(text, &t.pub, 1, &out),
	    SCAN_UNKNOWN_KEY);
	fake = t.pub;
	memcpy(fake.kid, s.pub.kid, sizeof(fake.kid));
	assert_int_equal(claims_check(text, &fake, 1, &out),
	    SCAN_BAD_SIGNATURE);

	/* Claims edited, signature kept. */
	dot = strrchr(text, '.');
	assert_int_equal(sodium_base642bin(raw, sizeof(raw),
	    strchr(text, '#') + 1, (size_t)(dot - strchr(text, '#') - 1),
	    NULL, &n, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	raw[n] = '\0';
	put(json, sizeof(json), "%s", (char *)raw);
	memcpy(strstr(json, "陈玉明"), "李玉明", 3);
	sodium_bin2base64(forged, sizeof(forged), (unsigned char *)json,
	    strlen(json), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	put(other, sizeof(other), "%.*s#%s%s",
	    (int)(strchr(text, '#') - text), text, forged, dot);
	assert_int_equal(claims_check(other, &s.pub, 1, &out),
	    SCAN_BAD_SIGNATURE);

	/* Forged claims signed with another key under our kid. */
	evil = t;
	memcpy(evil.pub.kid, s.pub.kid, sizeof(evil.pub.kid));
	assert_true(claims_seal(&c, &evil, forged, sizeof(forged)));
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_BAD_SIGNATURE);

	/* A genuine signature of another certificate, spliced on. */
	SET(holder, "李玉明");
	assert_true(claims_seal(&c, &s, other, sizeof(other)));
	put(forged, sizeof(forged), "%.*s%s", (int)(dot - text), text,
	    strrchr(other, '.'));
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_BAD_SIGNATURE);

	/*
	 * Signed with our key but not claims we would make: unknown or
	 * duplicate keys, another version, a bad field, trailing bytes.
	 */
	put(head, sizeof(head), "{\"v\":1,\"kid\":\"%s\"", s.pub.kid);
#define BODY	",\"o\":\"" ORIGIN "\",\"c\":\"7k2m9x4q0a8r5t3v\"," \
	"\"s\":\"P000001440605126300017\",\"h\":\"陈玉明\",\"k\":\"level\"," \
	"\"t\":\"三级\",\"l\":3,\"i\":\"2026-01-05\""
#define URL	ORIGIN "/v/7k2m9x4q0a8r5t3v"
	put(json, sizeof(json), "%s" BODY "}", head);
	assemble(forged, sizeof(forged), URL, json, &s);
	assert_int_equal(claims_check(forged, &s.pub, 1, &out), SCAN_OK);
	assert_string_equal(out.title, "三级");
	put(json, sizeof(json), "%s" BODY ",\"x\":1}", head);
	assemble(forged, sizeof(forged), URL, json, &s);
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_MALFORMED);
	put(json, sizeof(json), "%s" BODY ",\"h\":\"李四\"}", head);
	assemble(forged, sizeof(forged), URL, json, &s);
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_MALFORMED);
	put(json, sizeof(json), "%s" BODY "} ", head);
	assemble(forged, sizeof(forged), URL, json, &s);
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_MALFORMED);
	put(json, sizeof(json), "%s" BODY ",\"l\":\"3\"}", head);
	assemble(forged, sizeof(forged), URL, json, &s);
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_MALFORMED);
	put(json, sizeof(json), "{\"v\":2,\"kid\":\"%s\"" BODY "}",
	    s.pub.kid);
	assemble(forged, sizeof(forged), URL, json, &s);
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_MALFORMED);
	put(json, sizeof(json), "{\"kid\":\"%s\",\"v\":1" BODY "}",
	    s.pub.kid);
	assemble(forged, sizeof(forged), URL, json, &s);
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_MALFORMED);
	put(json, sizeof(json), "%s" BODY ",\"e\":\"2026-01-01\"}", head);
	assemble(forged, sizeof(forged), URL, json, &s);
	assert_int_equal(claims_check(forged, &s.pub, 1, &out),
	    SCAN_MALFORMED);
#undef BODY
#undef URL
	sign_wipe(&s);
	sign_wipe(&t);
	sign_wipe(&evil);
}

static void
url_must_be_the_signed_one(void **state)
{
	struct signer	 s;
	struct claims	 c, out;
	char		 a[QR_TEXT_MAX], b[QR_TEXT_MAX], m[QR_TEXT_MAX];
	const char	*frag;

	(void)state;
	test_signer(&s, 1);
	test_claims(&c);
	assert_true(claims_seal(&c, &s, a, sizeof(a)));
	SET(code, "zzzzzzzzzzzzzzzz");
	assert_true(claims_seal(&c, &s, b, sizeof(b)));
	frag = strchr(a, '#');

	put(m, sizeof(m), "%s/v/zzzzzzzzzzzzzzzz%s", ORIGIN, frag);
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MISMATCH);
	put(m, sizeof(m), "https://evil.example/v/7k2m9x4q0a8r5t3v%s",
	    frag);
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MISMATCH);
	put(m, sizeof(m), "http://yujiang.example.cn/v/"
	    "7k2m9x4q0a8r5t3v%s", frag);
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MISMATCH);
	put(m, sizeof(m), "https://yujiang.example.cn:443/v/"
	    "7k2m9x4q0a8r5t3v%s", frag);
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MISMATCH);
	put(m, sizeof(m), "https://YUJIANG.example.cn/v/"
	    "7k2m9x4q0a8r5t3v%s", frag);
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MALFORMED);
	put(m, sizeof(m), "https://yujiang.example.cn/x/v/"
	    "7k2m9x4q0a8r5t3v%s", frag);
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MALFORMED);
	put(m, sizeof(m), "https://yujiang.example.cn/v/"
	    "7K2M9X4Q0A8R5T3V%s", frag);
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MALFORMED);
	put(m, sizeof(m), "%s#%s", a, "x");
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MALFORMED);
	put(m, sizeof(m), "%s", frag);
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MALFORMED);
	assert_int_equal(claims_check("", &s.pub, 1, &out), SCAN_MALFORMED);
	assert_int_equal(claims_check(NULL, &s.pub, 1, &out),
	    SCAN_MALFORMED);
	assert_int_equal(claims_check(b, &s.pub, 1, &out), SCAN_OK);
	assert_string_equal(out.code, "zzzzzzzzzzzzzzzz");

	/* Longer than a QR holds: refused before anything is decoded. */
	memset(m, 'a', sizeof(m) - 1);
	m[sizeof(m) - 1] = '\0';
	assert_int_equal(claims_check(m, &s.pub, 1, &out), SCAN_MALFORMED);

	assert_string_equal(scan_text(SCAN_OK), "valid");
	assert_non_null(strstr(scan_text(SCAN_BAD_SIGNATURE), "altered"));
	assert_string_equal(scan_text((enum scan)99), "?");
	sign_wipe(&s);
}

static void
base58_vectors(void **state)
{
	/* Bitcoin Core's base58_encode_decode.json, and the usual check. */
	static const struct {
		const char	*hex;
		const char	*b58;
	} v[] = {
		{ "", "" },
		{ "61", "2g" },
		{ "626262", "a3gV" },
		{ "636363", "aPEr" },
		{ "73696d706c792061206c6f6e6720737472696e67",
		    "2cFupjhnEsSn59qHXstmK2ffpLv2" },
		{ "00eb15231dfceb60925886b67d065299925915aeb172c06647",
		    "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L" },
		{ "516b6fcd0f", "ABnLTmg" },
		{ "bf4f89001e670274dd", "3SEo3LWLoPntC" },
		{ "572e4794", "3EFU7m" },
		{ "ecac89cad93923c02321", "EJDM8drfXA6uyA" },
		{ "10c8511e", "Rt5zm" },
		{ "00000000000000000000", "1111111111" },
		{ "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252a"
		    "da93ff480d6dd43dc62a641155a5",
		    "123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
		    "abcdefghijkmnopqrstuvwxyz" },
		{ "48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U" },
	};
	unsigned char	 bin[B58_MAX + 1], back[B58_MAX];
	char		 out[256];
	size_t		 i, n, m;
	const char	*end;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(sodium_hex2bin(bin, sizeof(bin), v[i].hex,
		    strlen(v[i].hex), NULL, &n, &end), 0);
		assert_true(sign_b58_encode(bin, n, out, sizeof(out)));
		assert_string_equal(out, v[i].b58);
		assert_true(sign_b58_decode(v[i].b58, back, sizeof(back), &m));
		assert_int_equal(m, n);
		assert_memory_equal(back, bin, n);
	}
	/* Room for the NUL is needed; the decoder's output is bounded. */
	assert_false(sign_b58_encode((const unsigned char *)"Hello World!", 12,
	    out, 17));
	assert_true(sign_b58_encode((const unsigned char *)"Hello World!", 12,
	    out, 18));
	assert_false(sign_b58_decode("2NEpo7TZRRrLZSi2U", back, 11, &m));
	assert_false(sign_b58_decode("1111", back, 3, &m));
	/* Not in the alphabet. */
	assert_false(sign_b58_decode("2NEpo7TZRRrLZSi2U0", back, sizeof(back),
	    &m));
	assert_false(sign_b58_decode("O", back, sizeof(back), &m));
	assert_false(sign_b58_decode("I", back, sizeof(back), &m));
	assert_false(sign_b58_decode("l", back, sizeof(back), &m));
	assert_false(sign_b58_decode("2NEpo 7TZ", back, sizeof(back), &m));
	assert_false(sign_b58_decode("2NEpo7TZRRrLZSi2U\n", back, sizeof(back),
	    &m));
	/* Past B58_MAX bytes: refused rather than overrun. */
	memset(bin, 0xff, sizeof(bin));
	assert_false(sign_b58_encode(bin, B58_MAX + 1, out, sizeof(out)));
	assert_true(sign_b58_encode(bin, B58_MAX, out, sizeof(out)));
	assert_true(sign_b58_decode(out, back, sizeof(back), &m));
	assert_int_equal(m, B58_MAX);
	strcat(out, "z");
	assert_false(sign_b58_decode(out, back, sizeof(back), &m));
}

/* The W3C test vector's key pair, from its secret key multibase. */
static void
w3c_signer(struct signer *s)
{
	unsigned char	 raw[64];
	size_t		 n;

	assert_true(sign_b58_decode(W3C_SECRET + 1, raw, sizeof(raw), &n));
	assert_int_equal(n, 34);
	/* Multicodec ed25519-priv (0x1300, varint 0x80 0x26), then seed. */
	assert_int_equal(raw[0], 0x80);
	assert_int_equal(raw[1], 0x26);
	sign_key_seed(raw + 2, s);
	sodium_memzero(raw, sizeof(raw));
}

static void
did_key_of_w3c_vector(void **state)
{
	struct signer	 s;
	struct pubkey	 p;
	char		 mb[SIGN_MULTIBASE_LEN + 1], did[SIGN_DID_LEN + 1];
	char		 hex[65], b64[64], bad[128];
	unsigned char	 raw[34];

	(void)state;
	w3c_signer(&s);
	hex_of(s.pub.pk, 32, hex);
	assert_string_equal(hex, "b00d8d938e7f773d51565aad36a623f5344f7f5d"
	    "1960f9cf3e8e12620ea2810f");
	sign_multibase(s.pub.pk, mb, sizeof(mb));
	assert_string_equal(mb, W3C_PUB);
	sign_did_key(s.pub.pk, did, sizeof(did));
	assert_string_equal(did, "did:key:" W3C_PUB);
	sign_did_key(s.pub.pk, bad, 20);
	assert_string_equal(bad, "");

	/* The admin tool's --key: did:key, with its fragment, base64url. */
	assert_true(sign_pubkey_parse("did:key:" W3C_PUB, &p));
	assert_memory_equal(p.pk, s.pub.pk, 32);
	assert_string_equal(p.kid, s.pub.kid);
	assert_true(sign_pubkey_parse("did:key:" W3C_PUB "#" W3C_PUB, &p));
	sodium_bin2base64(b64, sizeof(b64), s.pub.pk, 32,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	memset(&p, 0, sizeof(p));
	assert_true(sign_pubkey_parse(b64, &p));
	assert_memory_equal(p.pk, s.pub.pk, 32);
	put(bad, sizeof(bad), "%s=", b64);
	assert_false(sign_pubkey_parse(bad, &p));
	put(bad, sizeof(bad), "%.42s", b64);
	assert_false(sign_pubkey_parse(bad, &p));
	put(bad, sizeof(bad), " %s", b64);
	assert_false(sign_pubkey_parse(bad, &p));
	assert_false(sign_pubkey_parse("did:key:" W3C_PUB "#z6MkOther", &p));
	assert_false(sign_pubkey_parse("did:key:" W3C_PUB "x", &p));
	assert_false(sign_pubkey_parse("did:web:example.com", &p));
	assert_false(sign_pubkey_parse("", &p));
	assert_false(sign_pubkey_parse(NULL, &p));
	/* An X25519 key (multicodec 0xec) is not an Ed25519 one. */
	raw[0] = 0xec;
	raw[1] = 0x01;
	memcpy(raw + 2, s.pub.pk, 32);
	memcpy(bad, "did:key:z", 9);
	assert_true(sign_b58_encode(raw, sizeof(raw), bad + 9, sizeof(bad) - 9));
	assert_false(sign_pubkey_parse(bad, &p));
	sign_wipe(&s);
}

/* JCS of the JSON text in, compared with want (NULL: refused). */
static void
jcs_is(const char *in, const char *want)
{
	json_error_t	 e;
	json_t		*j;
	char		*c;
	size_t		 n;

	j = json_loads(in, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (j == NULL)
		fail_msg("test JSON does not parse: %s: %s", in, e.text);
	c = vc_jcs(j, &n);
	json_decref(j);
	if (want == NULL) {
		if (c != NULL)
			fail_msg("JCS of %s: %s, want refusal", in, c);
		return;
	}
	if (c == NULL)
		fail_msg("JCS of %s refused", in);
	if (strcmp(c, want) != 0 || n != strlen(want))
		fail_msg("JCS of %s:\n  got  %s\n  want %s", in, c, want);
	free(c);
}

static void
jcs_rfc8785_cases(void **state)
{
	json_t	*j;
	char	*c;
	size_t	 n;

	(void)state;
	/* RFC 8785 3.2.2: its example, less the numbers (reals). */
	jcs_is("{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022"
	    "\\u005c\\\\\\\"\\/\", \"literals\": [null, true, false]}",
	    "{\"literals\":[null,true,false],\"string\":"
	    "\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	jcs_is("{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, "
	    "0.000000000000000000000000001]}", NULL);
	/* RFC 8785 3.2.3: names sorted by UTF-16 code units, so the emoji
	 * (a surrogate pair, D83D) comes before U+FB33. */
	jcs_is("{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", "
	    "\"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\", \"1\": \"One\", "
	    "\"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": "
	    "\"Control\", \"\\u00f6\": \"Latin Small Letter O With "
	    "Diaeresis\"}",
	    "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":"
	    "\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\","
	    "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\","
	    "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
	/* Nested, empty, integers, prefixes sort first, arrays keep order. */
	jcs_is("{\"b\": [3, {\"z\": 1, \"a\": -2}], \"a\": {}, \"aa\": [], "
	    "\"\": 0, \"A\": 9007199254740991}",
	    "{\"\":0,\"A\":9007199254740991,\"a\":{},\"aa\":[],"
	    "\"b\":[3,{\"a\":-2,\"z\":1}]}");
	/* Escapes: short forms, lower-case \u00xx, nothing else escaped:
	 * not '/', not DEL, not U+2028, not non-ASCII. */
	jcs_is("[\"\\b\\f\\n\\r\\t\\u0000\\u001f\\u0001\\u007f/\\u2028玉\"]",
	    "[\"\\b\\f\\n\\r\\t\\u0000\\u001f\\u0001\x7f/\xe2\x80\xa8玉\"]");
	jcs_is("\"top\"", "\"top\"");
	/* Reals and integers a double cannot hold exactly are refused. */
	jcs_is("[1.0]", NULL);
	jcs_is("{\"a\": {\"b\": [0.5]}}", NULL);
	jcs_is("[9007199254740992]", NULL);
	jcs_is("[-9007199254740992]", NULL);
	jcs_is("[-9007199254740991]", "[-9007199254740991]");

	/* Too deep is refused, not a stack overflow. */
	j = json_array();
	for (n = 0; n < 100; n++)
		j = json_pack("[o]", j);
	assert_null(vc_jcs(j, NULL));
	json_decref(j);
	/* A NUL inside a name: sorted after its prefix, escaped. */
	j = json_object();
	json_object_setn_new(j, "a\0b", 3, json_integer(1));
	json_object_set_new(j, "a", json_integer(2));
	assert_non_null(c = vc_jcs(j, &n));
	assert_int_equal(n, 20);
	assert_memory_equal(c, "{\"a\":2,\"a\\u0000b\":1}", 21);
	free(c);
	json_decref(j);
	j = json_pack("{s:s}", "k", "v");
	assert_non_null(c = vc_jcs(j, NULL));
	assert_string_equal(c, "{\"k\":\"v\"}");
	free(c);
	json_decref(j);
	assert_null(vc_jcs(NULL, &n));
}

/*
 * The W3C specification's example for eddsa-jcs-2022: each step's
 * bytes and, Ed25519 being deterministic, the very same proofValue.
 */
static void
eddsa_jcs_2022_w3c_vector(void **state)
{
	struct signer	 s;
	json_error_t	 e;
	json_t		*doc, *proof, *cfg;
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 hex[65], *c;
	size_t		 n;

	(void)state;
	w3c_signer(&s);
	assert_non_null(doc = json_loads(W3C_UNSIGNED, 0, &e));
	assert_non_null(c = vc_jcs(doc, &n));
	assert_string_equal(c, W3C_CANON);
	crypto_hash_sha256(h, (unsigned char *)c, n);
	hex_of(h, sizeof(h), hex);
	assert_string_equal(hex, W3C_DOC_HASH);
	free(c);

	assert_true(vc_prove(doc, &s, W3C_CREATED));
	assert_non_null(proof = json_object_get(doc, "proof"));
	assert_string_equal(json_string_value(json_object_get(proof,
	    "proofValue")), W3C_PROOF_VALUE);
	print_message("# eddsa-jcs-2022: the W3C test vector's proofValue "
	    "reproduced exactly\n");

	/* The proof configuration's canonical form and hash, too. */
	cfg = json_deep_copy(proof);
	json_object_del(cfg, "proofValue");
	assert_non_null(c = vc_jcs(cfg, &n));
	assert_string_equal(c, W3C_PROOF_CANON);
	crypto_hash_sha256(h, (unsigned char *)c, n);
	hex_of(h, sizeof(h), hex);
	assert_string_equal(hex, W3C_PROOF_HASH);
	free(c);
	json_decref(cfg);

	assert_true(vc_verify(doc, s.pub.pk, NULL));
	/* A second proof is not added over the first. */
	assert_false(vc_prove(doc, &s, W3C_CREATED));
	/* Not UTC, or not a time: refused. */
	json_object_del(doc, "proof");
	assert_false(vc_prove(doc, &s, "2023-02-24T23:36:38+08:00"));
	assert_false(vc_prove(doc, &s, "2023-02-24"));
	assert_false(vc_prove(doc, &s, "2023-02-24T24:00:00Z"));
	assert_null(json_object_get(doc, "proof"));
	json_decref(doc);
	sign_wipe(&s);
}

static void
vc_input_for(struct vc_input *in, const struct claims *c)
{
	memset(in, 0, sizeof(*in));
	in->claims = c;
	in->title_zh = "玉雕工（三级/高级工）";
	in->title_en = "Jade Carver, Level 3 (Senior)";
	in->issuer_zh = "平洲玉器街玉雕技能培训站";
	in->issuer_en = "Pingzhou Jade Street Carving Training Station";
	in->created = "2026-01-05T02:30:00Z";
}

/* 1 when v holds a real number anywhere. */
static int
has_real(json_t *v)
{
	const char	*k;
	json_t		*x;
	size_t		 i;

	if (json_is_real(v))
		return (1);
	json_object_foreach(v, k, x) {
		if (has_real(x))
			return (1);
	}
	json_array_foreach(v, i, x) {
		if (has_real(x))
			return (1);
	}
	return (0);
}

static const char *
path_str(json_t *doc, const char *path)
{
	json_t		*v = doc;
	char		 part[64];
	const char	*p = path;
	size_t		 n;

	while (v != NULL && *p != '\0') {
		n = strcspn(p, ".");
		put(part, sizeof(part), "%.*s", (int)n, p);
		if (part[0] >= '0' && part[0] <= '9')
			v = json_array_get(v, (size_t)atoi(part));
		else
			v = json_object_get(v, part);
		p += n + (p[n] == '.');
	}
	return (json_string_value(v));
}

enum tamper {
	T_CHANGE,	/* string + "x", integer + 1, boolean flipped */
	T_RETYPE,	/* the same value as another type */
	T_DELETE,	/* a member or element removed */
	T_ADD,		/* a member or element added */
	T__COUNT
};

static json_t *
changed(json_t *v, enum tamper t)
{
	char	 s[1024];

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (t == T_RETYPE)
			return (json_integer(0));
		put(s, sizeof(s), "%sx", json_string_value(v));
		return (json_string(s));
	case JSON_INTEGER:
		if (t == T_RETYPE) {
			put(s, sizeof(s), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
			return (json_string(s));
		}
		return (json_integer(json_integer_value(v) + 1));
	case JSON_TRUE:
		return (t == T_RETYPE ? json_string("true") : json_false());
	case JSON_FALSE:
		return (t == T_RETYPE ? json_string("false") : json_true());
	default:
		return (json_null());
	}
}

/*
 * Apply t at the *n'th place of a depth-first walk of v: a leaf for
 * T_CHANGE and T_RETYPE, a member or element for T_DELETE, an object
 * or array for T_ADD. 1 when there was such a place.
 */
static int
tamper(json_t *v, long *n, enum tamper t)
{
	const char	*k;
	json_t		*x;
	void		*tmp;
	size_t		 i;

	if (t == T_ADD && (json_is_object(v) || json_is_array(v)) &&
	    (*n)-- == 0) {
		if (json_is_object(v))
			json_object_set_new(v, "extra", json_string("x"));
		else
			json_array_append_new(v, json_string("x"));
		return (1);
	}
	json_object_foreach_safe(v, tmp, k, x) {
		if (t == T_DELETE && (*n)-- == 0) {
			json_object_del(v, k);
			return (1);
		}
		if ((t == T_CHANGE || t == T_RETYPE) && !json_is_object(x) &&
		    !json_is_array(x) && (*n)-- == 0) {
			json_object_set_new(v, k, changed(x, t));
			return (1);
		}
		if (tamper(x, n, t))
			return (1);
	}
	json_array_foreach(v, i, x) {
		if (t == T_DELETE && (*n)-- == 0) {
			json_array_remove(v, i);
			return (1);
		}
		if ((t == T_CHANGE || t == T_RETYPE) && !json_is_object(x) &&
		    !json_is_array(x) && (*n)-- == 0) {
			json_array_set_new(v, i, changed(x, t));
			return (1);
		}
		if (tamper(x, n, t))
			return (1);
	}
	return (0);
}

static void
vc_round_trip(void **state)
{
	struct signer	 s, t;
	struct claims	 c;
	struct vc_input	 in;
	json_t		*vc, *copy, *again;
	char		 did[SIGN_DID_LEN + 1], path[512], *text;
	const char	*dump;
	long		 n, count = 0;
	int		 k;
	FILE		*f;

	(void)state;
	test_signer(&s, 1);
	test_signer(&t, 2);
	test_claims(&c);
	vc_input_for(&in, &c);
	assert_non_null(vc = vc_credential(&in, &s));
	assert_true(vc_verify(vc, s.pub.pk, NULL));
	assert_false(vc_verify(vc, t.pub.pk, NULL));
	assert_false(has_real(vc));

	sign_did_key(s.pub.pk, did, sizeof(did));
	assert_string_equal(path_str(vc, "@context.0"),
	    "https://www.w3.org/ns/credentials/v2");
	assert_string_equal(path_str(vc, "@context.1"),
	    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
	assert_string_equal(path_str(vc, "id"), ORIGIN "/v/7k2m9x4q0a8r5t3v");
	assert_string_equal(path_str(vc, "type.1"), "OpenBadgeCredential");
	assert_string_equal(path_str(vc, "issuer.id"), did);
	assert_string_equal(path_str(vc, "issuer.type.0"), "Profile");
	assert_string_equal(path_str(vc, "issuer.name"), in.issuer_zh);
	assert_string_equal(path_str(vc, "validFrom"),
	    "2026-01-05T00:00:00+08:00");
	assert_string_equal(path_str(vc, "validUntil"),
	    "2029-01-05T23:59:59+08:00");
	assert_string_equal(path_str(vc,
	    "credentialSubject.identifier.0.identityHash"), "陈玉明");
	assert_string_equal(path_str(vc, "credentialSubject.licenseNumber"),
	    "P000001440605126300017");
	assert_string_equal(path_str(vc,
	    "credentialSubject.achievement.achievementType"), "Certification");
	assert_string_equal(path_str(vc,
	    "credentialSubject.achievement.id"),
	    ORIGIN "/v/7k2m9x4q0a8r5t3v#achievement");
	assert_string_equal(path_str(vc,
	    "credentialSubject.achievement.description"), in.title_en);
	assert_non_null(strstr(path_str(vc,
	    "credentialSubject.achievement.criteria.narrative"), "三级"));
	/* A proof set of two, each over the document without proofs. */
	assert_int_equal(json_array_size(json_object_get(vc, "proof")), 2);
	assert_string_equal(path_str(vc, "proof.0.cryptosuite"),
	    "eddsa-jcs-2022");
	assert_string_equal(path_str(vc, "proof.1.cryptosuite"),
	    "eddsa-rdfc-2022");
	put(path, sizeof(path), "%s#%s", did, did + 8);
	for (k = 0; k < 2; k++) {
		char	 key[32];

		put(key, sizeof(key), "proof.%d.created", k);
		assert_string_equal(path_str(vc, key), in.created);
		put(key, sizeof(key), "proof.%d.verificationMethod", k);
		assert_string_equal(path_str(vc, key), path);
	}

	/* Through text and back: still valid. */
	assert_non_null(text = json_dumps(vc, JSON_INDENT(2)));
	assert_non_null(again = json_loads(text, JSON_REJECT_DUPLICATES,
	    NULL));
	assert_true(vc_verify(again, s.pub.pk, NULL));
	json_decref(again);
	if ((dump = getenv("YJ_VC_DUMP")) != NULL) {
		assert_non_null(f = fopen(dump, "w"));
		fprintf(f, "%s\n", text);
		fclose(f);
		put(path, sizeof(path), "%s.did", dump);
		assert_non_null(f = fopen(path, "w"));
		fprintf(f, "%s\n", did);
		fclose(f);
	}
	free(text);

	/* Any one change anywhere, the proof's fields included, fails. */
	for (k = 0; k < T__COUNT; k++) {
		for (n = 0;; n++) {
			long	 left = n;

			copy = json_deep_copy(vc);
			if (!tamper(copy, &left, (enum tamper)k)) {
				json_decref(copy);
				break;
			}
			/* A proof set less one proof is still a credential
			 * with the other proof, as the spec means it. */
			if (vc_verify(copy, s.pub.pk, NULL) && !(k == T_DELETE &&
			    json_array_size(json_object_get(copy, "proof")) ==
			    1)) {
				text = json_dumps(copy, JSON_COMPACT);
				fail_msg("tamper %d at %ld verifies: %s", k, n,
				    text);
			}
			json_decref(copy);
			count++;
		}
	}
	print_message("# %ld one-field changes of the credential refused\n",
	    count);
	assert_true(count > 100);
	json_decref(vc);

	/* A course certificate that does not expire. */
	SET(kind, "course");
	c.level = 0;
	c.expires[0] = '\0';
	in.title_en = NULL;
	in.issuer_en = NULL;
	assert_non_null(vc = vc_credential(&in, &s));
	assert_null(json_object_get(vc, "validUntil"));
	assert_string_equal(path_str(vc,
	    "credentialSubject.achievement.achievementType"),
	    "CertificateOfCompletion");
	assert_string_equal(path_str(vc,
	    "credentialSubject.achievement.description"), in.title_zh);
	assert_null(json_object_get(json_object_get(vc, "issuer"),
	    "description"));
	assert_true(vc_verify(vc, s.pub.pk, NULL));
	json_decref(vc);

	/* Refused input. */
	in.created = "2026-01-05T10:30:00+08:00";
	assert_null(vc_credential(&in, &s));
	in.created = "2026-01-05T02:30:00Z";
	in.title_zh = "";
	assert_null(vc_credential(&in, &s));
	in.title_zh = "结业";
	in.issuer_zh = NULL;
	assert_null(vc_credential(&in, &s));
	in.issuer_zh = "站";
	SET(code, "bad");
	assert_null(vc_credential(&in, &s));
	assert_null(vc_credential(NULL, &s));
	sign_wipe(&s);
	sign_wipe(&t);
}

/*
 * A certificate signed before names refused format characters (U+200B
 * in the holder's name) still verifies: the claims keep the older rule,
 * the stricter one is applied where names are typed in.
 */
static void
claims_signed_before_the_format_rule_verify(void **state)
{
	struct signer	 s;
	struct claims	 c, out;
	char		 text[QR_TEXT_MAX];
	size_t		 n;

	(void)state;
	test_signer(&s, 1);
	test_claims(&c);
	(void)snprintf(c.holder, sizeof(c.holder), "%s", "陈\u200b玉明");
	assert_false(utf8_chars(c.holder, &n));		/* typed in: refused */
	assert_true(claims_seal(&c, &s, text, sizeof(text)));
	assert_int_equal(claims_check(text, &s.pub, 1, &out), SCAN_OK);
	assert_string_equal(out.holder, c.holder);
	sign_wipe(&s);
}

/* vc_verify on shapes a hostile document might take. */
static void
vc_verify_refuses_odd_shapes(void **state)
{
	struct signer	 s;
	json_error_t	 e;
	json_t		*doc, *p;
	char		 pv[128];

	(void)state;
	w3c_signer(&s);
	assert_non_null(doc = json_loads(W3C_UNSIGNED, 0, &e));
	assert_true(vc_prove(doc, &s, W3C_CREATED));
	p = json_object_get(doc, "proof");

	/* A proof set: every proof must verify; an empty set is none. */
	json_incref(p);
	json_object_set_new(doc, "proof", json_pack("[O]", p));
	assert_true(vc_verify(doc, s.pub.pk, NULL));
	json_array_append_new(json_object_get(doc, "proof"),
	    json_pack("{s:s, s:s}", "type", "DataIntegrityProof",
	    "cryptosuite", "ecdsa-rdfc-2019"));
	assert_false(vc_verify(doc, s.pub.pk, NULL));
	json_object_set_new(doc, "proof", json_array());
	assert_false(vc_verify(doc, s.pub.pk, NULL));
	json_object_set_new(doc, "proof", p);
	assert_true(vc_verify(doc, s.pub.pk, NULL));

	/* A proofValue without its "z", or a byte short. */
	put(pv, sizeof(pv), "%s", W3C_PROOF_VALUE + 1);
	json_object_set_new(p, "proofValue", json_string(pv));
	assert_false(vc_verify(doc, s.pub.pk, NULL));
	put(pv, sizeof(pv), "%.*s", (int)strlen(W3C_PROOF_VALUE) - 1,
	    W3C_PROOF_VALUE);
	json_object_set_new(p, "proofValue", json_string(pv));
	assert_false(vc_verify(doc, s.pub.pk, NULL));
	json_object_set_new(p, "proofValue", json_string(W3C_PROOF_VALUE));
	assert_true(vc_verify(doc, s.pub.pk, NULL));

	/* A context added to the document (the spec would allow it). */
	json_array_append_new(json_object_get(doc, "@context"),
	    json_string("https://evil.example/context"));
	assert_false(vc_verify(doc, s.pub.pk, NULL));
	json_array_remove(json_object_get(doc, "@context"), 2);
	assert_true(vc_verify(doc, s.pub.pk, NULL));

	/* A real number slipped in is refused, not mis-canonicalised. */
	json_object_set_new(doc, "score", json_real(0.5));
	assert_false(vc_verify(doc, s.pub.pk, NULL));
	json_object_del(doc, "score");
	assert_true(vc_verify(doc, s.pub.pk, NULL));
	assert_false(vc_verify(NULL, s.pub.pk, NULL));
	json_decref(doc);
	sign_wipe(&s);
}

/* Lines of canonical N-Quads text, each ending " .\n", sorted by bytes. */
static int
nquads_sorted(const char *c)
{
	const char	*prev = NULL, *p, *nl;

	for (p = c; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL || nl - p < 3 ||
		    strncmp(nl - 2, " .", 2) != 0)
			return (0);
		if (prev != NULL && strcmp(prev, p) > 0)
			return (0);
		prev = p;
	}
	return (1);
}

/* rdfc_canonical(doc) is NULL; doc is consumed. */
static void
rdfc_refuses(json_t *doc, const char *why)
{
	char	*c;

	if ((c = rdfc_canonical(doc, NULL)) != NULL)
		fail_msg("rdfc accepted %s:\n%s", why, c);
	json_decref(doc);
}

/*
 * The eddsa-rdfc-2022 proof and rdfc.c's bounds: the credential's
 * canonical N-Quads are sorted lines with three canonical blank nodes;
 * each proof of the set verifies alone; a change covered only by RDFC
 * fails it; anything outside the known shape is refused rather than
 * dropped, and blank nodes RDFC would need its n-degree step for are
 * refused. (That the bytes agree with jsonld.js + rdf-canonize is
 * test_cert_rdfc's, through digitalbazaar's verifier.)
 */
static void
vc_rdfc_proof_and_bounds(void **state)
{
	struct signer	 s;
	struct claims	 c;
	struct vc_input	 in;
	json_t		*vc, *doc, *one, *proofs, *x;
	char		*nq;
	size_t		 n;

	(void)state;
	test_signer(&s, 1);
	test_claims(&c);
	vc_input_for(&in, &c);
	assert_non_null(vc = vc_credential(&in, &s));
	proofs = json_object_get(vc, "proof");
	assert_null(json_object_get(json_array_get(proofs, 1), "@context"));

	doc = json_deep_copy(vc);
	json_object_del(doc, "proof");
	assert_non_null(nq = rdfc_canonical(doc, &n));
	assert_int_equal(strlen(nq), n);
	assert_true(nquads_sorted(nq));
	assert_non_null(strstr(nq, "_:c14n2 "));
	assert_null(strstr(nq, "_:c14n3"));
	assert_non_null(strstr(nq, "<https://purl.imsglobal.org/spec/vc/ob/"
	    "vocab.html#hashed> \"false\"^^<https://www.w3.org/2001/"
	    "XMLSchema#boolean> ."));
	assert_non_null(strstr(nq, "<https://www.w3.org/2018/credentials#"
	    "validFrom> \"2026-01-05T00:00:00+08:00\"^^<http://www.w3.org/"
	    "2001/XMLSchema#dateTime> ."));
	print_message("# the credential: %zu bytes of canonical N-Quads\n",
	    n);
	free(nq);
	{
		struct timespec	 t0, t1;
		double		 canon, issue;
		int		 i;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < 1000; i++)
			free(rdfc_canonical(doc, NULL));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		canon = ((t1.tv_sec - t0.tv_sec) * 1e9 +
		    (t1.tv_nsec - t0.tv_nsec)) / 1000 / 1e3;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < 200; i++)
			json_decref(vc_credential(&in, &s));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		issue = ((t1.tv_sec - t0.tv_sec) * 1e9 +
		    (t1.tv_nsec - t0.tv_nsec)) / 200 / 1e3;
		print_message("# rdfc_canonical %.1f us; vc_credential with "
		    "both proofs %.1f us\n", canon, issue);
	}

	/* Each proof of the set alone. */
	for (n = 0; n < 2; n++) {
		one = json_deep_copy(vc);
		json_object_set_new(one, "proof", json_deep_copy(
		    json_array_get(proofs, n)));
		assert_true(vc_verify(one, s.pub.pk, NULL));
		json_decref(one);
	}
	/* The rdfc proof alone, a literal changed: fails. */
	one = json_deep_copy(vc);
	json_object_set_new(one, "proof", json_deep_copy(
	    json_array_get(proofs, 1)));
	json_object_set_new(json_object_get(one, "credentialSubject"),
	    "licenseNumber", json_string("P000001440605126300018"));
	assert_false(vc_verify(one, s.pub.pk, NULL));
	json_decref(one);

	/* A third proof by a proof set append, then verified whole. */
	one = json_deep_copy(vc);
	assert_true(vc_prove_set(one, VC_EDDSA_RDFC_2022, &s,
	    "2026-02-01T00:00:00Z"));
	assert_int_equal(json_array_size(json_object_get(one, "proof")), 3);
	assert_true(vc_verify(one, s.pub.pk, NULL));
	assert_false(vc_prove_set(one, VC_SUITE__COUNT, &s,
	    "2026-02-01T00:00:00Z"));
	json_decref(one);

	/* Outside the shape: refused, not dropped. */
	x = json_deep_copy(doc);
	json_object_set_new(x, "awardedBy", json_string("someone"));
	rdfc_refuses(x, "an unknown key");
	x = json_deep_copy(doc);
	json_array_append_new(json_object_get(x, "@context"),
	    json_string("https://evil.example/context"));
	rdfc_refuses(x, "a third context");
	x = json_deep_copy(doc);
	json_object_set_new(json_object_get(x, "credentialSubject"),
	    "licenseNumber", json_integer(7));
	rdfc_refuses(x, "a number");
	x = json_deep_copy(doc);
	json_object_set_new(json_array_get(json_object_get(json_object_get(x,
	    "credentialSubject"), "identifier"), 0), "hashed",
	    json_string("false"));
	rdfc_refuses(x, "a boolean as a string");
	x = json_deep_copy(doc);
	json_object_set_new(x, "id", json_string("/v/relative"));
	rdfc_refuses(x, "a relative IRI");
	x = json_deep_copy(doc);
	json_object_set_new(json_object_get(x, "issuer"), "type",
	    json_string("Achievement"));
	rdfc_refuses(x, "a type from another position");
	x = json_deep_copy(doc);
	json_object_set_new(x, "name", json_pack("[s]", "两个"));
	rdfc_refuses(x, "an array where one value goes");
	/* Two identical blank nodes: the n-degree step, which we refuse. */
	x = json_deep_copy(doc);
	one = json_object_get(json_object_get(x, "credentialSubject"),
	    "identifier");
	json_array_append_new(one, json_deep_copy(json_array_get(one, 0)));
	rdfc_refuses(x, "twin blank nodes");
	/* Twin identifiers that differ are told apart. */
	x = json_deep_copy(doc);
	one = json_object_get(json_object_get(x, "credentialSubject"),
	    "identifier");
	json_array_append_new(one, json_pack("{s:s, s:s, s:s, s:b}", "type",
	    "IdentityObject", "identityHash", "陈玉明2", "identityType", "name",
	    "hashed", 0));
	assert_non_null(nq = rdfc_canonical(x, NULL));
	assert_non_null(strstr(nq, "_:c14n3 "));
	free(nq);
	json_decref(x);
	/* Escapes as canonical N-Quads writes them. */
	x = json_deep_copy(doc);
	json_object_set_new(x, "name",
	    json_string("a\"b\\c\nd\te\x01" "f\x7f"));
	assert_non_null(nq = rdfc_canonical(x, NULL));
	assert_non_null(strstr(nq, "\"a\\\"b\\\\c\\nd\\te\\u0001f\\u007F\" ."));
	free(nq);
	json_decref(x);
	/* A proof configuration: one blank node, purpose as an IRI. */
	x = json_deep_copy(json_array_get(proofs, 1));
	json_object_del(x, "proofValue");
	json_object_set(x, "@context", json_object_get(doc, "@context"));
	assert_non_null(nq = rdfc_canonical(x, NULL));
	assert_non_null(strstr(nq, "_:c14n0 <https://w3id.org/security#"
	    "proofPurpose> <https://w3id.org/security#assertionMethod> .\n"));
	assert_non_null(strstr(nq, "\"eddsa-rdfc-2022\"^^<https://w3id.org/"
	    "security#cryptosuiteString> ."));
	free(nq);
	json_object_set_new(x, "proofValue", json_string("z1"));
	rdfc_refuses(x, "a proofValue in the configuration");
	rdfc_refuses(json_string("x"), "a string");

	json_decref(doc);
	json_decref(vc);
	sign_wipe(&s);
}

/* did:web of an origin: the host, the port's colon as %3A (did:web spec). */
static void
did_web_of_origins(void **state)
{
	char	 did[SIGN_DID_WEB_LEN + 1], small[16];

	(void)state;
	assert_true(sign_did_web("https://pingzhou.example", did,
	    sizeof(did)));
	assert_string_equal(did, "did:web:pingzhou.example");
	assert_true(sign_did_web("http://127.0.0.1:8888", did, sizeof(did)));
	assert_string_equal(did, "did:web:127.0.0.1%3A8888");
	assert_true(sign_did_web("https://[::1]:443", did, sizeof(did)));
	assert_string_equal(did, "did:web:%5B%3A%3A1%5D%3A443");
	assert_false(sign_did_web("https://Pingzhou.example", did,
	    sizeof(did)));
	assert_false(sign_did_web("https://a.example/path", did, sizeof(did)));
	assert_false(sign_did_web("ftp://a.example", did, sizeof(did)));
	assert_false(sign_did_web("https://pingzhou.example", small,
	    sizeof(small)));
	assert_string_equal(small, "");
}

static int	 remote_calls;
static struct signer remote_holder;

/* A remote signer's hook, as signer.c's: the key is elsewhere. */
static int
remote_sign(const char *kid, const unsigned char *m, size_t n,
    unsigned char sig[64])
{
	remote_calls++;
	if (strcmp(kid, remote_holder.pub.kid) != 0)
		return (0);
	crypto_sign_detached(sig, NULL, m, n, remote_holder.sk);
	return (1);
}

static int
refuse_sign(const char *kid, const unsigned char *m, size_t n,
    unsigned char sig[64])
{
	return (0);
}

/*
 * A signer without its secret (a worker's): claims and credentials are
 * signed through remote; the credential names the did:web and the key
 * by its kid; a remote that fails makes nothing.
 */
static void
remote_signer_and_did_web(void **state)
{
	struct signer	 w;
	struct claims	 c, out;
	struct vc_input	 in;
	char		 qr[QR_TEXT_MAX], vm[SIGN_VM_LEN + 1];
	json_t		*vc;
	size_t		 i;
	static const unsigned char zero[64];

	(void)state;
	test_signer(&remote_holder, 7);
	memset(&w, 0, sizeof(w));
	w.pub = remote_holder.pub;
	w.remote = remote_sign;
	assert_true(sign_did_web(ORIGIN, w.did, sizeof(w.did)));
	assert_memory_equal(w.sk, zero, sizeof(zero));
	test_claims(&c);
	remote_calls = 0;
	assert_true(claims_seal(&c, &w, qr, sizeof(qr)));
	assert_int_equal(remote_calls, 1);
	assert_int_equal(claims_check(qr, &remote_holder.pub, 1, &out),
	    SCAN_OK);
	assert_string_equal(out.kid, remote_holder.pub.kid);

	vc_input_for(&in, &c);
	assert_non_null(vc = vc_credential(&in, &w));
	assert_int_equal(remote_calls, 3);	/* the JCS and RDFC proofs */
	assert_string_equal(path_str(vc, "issuer.id"), w.did);
	put(vm, sizeof(vm), "%s#%s", w.did, w.pub.kid);
	for (i = 0; i < 2; i++)
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(json_object_get(vc, "proof"), i),
		    "verificationMethod")), vm);
	assert_true(vc_verify(vc, remote_holder.pub.pk, w.did));
	/* Not as a did:key, nor under another DID. */
	assert_false(vc_verify(vc, remote_holder.pub.pk, NULL));
	assert_false(vc_verify(vc, remote_holder.pub.pk,
	    "did:web:other.example"));
	json_decref(vc);

	w.remote = refuse_sign;
	assert_false(claims_seal(&c, &w, qr, sizeof(qr)));
	assert_string_equal(qr, "");
	assert_null(vc_credential(&in, &w));
	sign_wipe(&remote_holder);
}

static void
write_text(const char *path, const char *text)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
}

/*
 * keys/: the first key with its state, rotations (the one before retired
 * at the time given, the new one active, every file 0600), secrets
 * handed out only when asked, and a state that lies refused.
 */
static void
keyring_rotation(void **state)
{
	char		 dir[] = "/tmp/yj-keyring-XXXXXX", keys[64], path[160];
	char		 err[256], text[1024], kid1[KID_HEX + 1];
	struct keyring	 r, again;
	struct signer	 secrets[KEYRING_MAX];
	struct stat	 st;
	FILE		*f;
	size_t		 n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(keys, sizeof(keys), "%s/keys", dir);
	/* Nothing there, no create: an error, nothing made. */
	assert_false(keyring_load(keys, 0, &r, NULL, err, sizeof(err)));
	assert_int_equal(stat(keys, &st), -1);
	assert_true(keyring_load(keys, 1, &r, secrets, err, sizeof(err)));
	assert_int_equal(r.n, 1);
	assert_int_equal(r.active, 0);
	assert_string_equal(r.key[0].file, KEYS_FIRST);
	assert_string_equal(r.key[0].retired, "");
	assert_string_equal(secrets[0].pub.kid, r.key[0].pub.kid);
	put(kid1, sizeof(kid1), "%s", r.key[0].pub.kid);
	put(path, sizeof(path), "%s/" KEYS_STATE, keys);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_true(keyring_rotate(keys, 1767600000, &r, err, sizeof(err)));
	assert_int_equal(r.n, 2);
	assert_int_equal(r.active, 1);
	assert_string_equal(r.key[0].retired, "2026-01-05T08:00:00Z");
	assert_string_equal(r.key[1].created, "2026-01-05T08:00:00Z");
	assert_string_equal(r.key[1].retired, "");
	assert_string_not_equal(r.key[1].pub.kid, kid1);
	put(path, sizeof(path), "%s/ed25519-%s.key", keys, r.key[1].pub.kid);
	assert_string_equal(r.key[1].file, strrchr(path, '/') + 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* Read back the same, without secrets. */
	assert_true(keyring_load(keys, 0, &again, NULL, err, sizeof(err)));
	assert_int_equal(again.n, 2);
	assert_int_equal(again.active, 1);
	assert_memory_equal(again.key[0].pub.pk, r.key[0].pub.pk, 32);
	assert_memory_equal(again.key[1].pub.pk, r.key[1].pub.pk, 32);
	assert_non_null(keyring_find(&again, kid1));
	assert_null(keyring_find(&again, "0000000000000000"));

	/* A state naming a key file with another key is refused. */
	put(path, sizeof(path), "%s/" KEYS_STATE, keys);
	assert_non_null(f = fopen(path, "r"));
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	{
		char	 bad[1100];

		/* The first key's line names the second key's file. */
		put(bad, sizeof(bad), "# x\n%s ed25519-%s.key "
		    "2026-01-01T00:00:00Z -\n", kid1, r.key[1].pub.kid);
		write_text(path, bad);
		assert_false(keyring_load(keys, 0, &again, NULL, err,
		    sizeof(err)));
		assert_non_null(strstr(err, "holds key"));
		/* Two active keys, a path outside keys/, a bad line. */
		put(bad, sizeof(bad), "%s " KEYS_FIRST " 2026-01-01T00:00:00Z "
		    "-\n%s ed25519-%s.key 2026-01-01T00:00:00Z -\n", kid1,
		    r.key[1].pub.kid, r.key[1].pub.kid);
		write_text(path, bad);
		assert_false(keyring_load(keys, 0, &again, NULL, err,
		    sizeof(err)));
		assert_non_null(strstr(err, "2 active keys"));
		put(bad, sizeof(bad), "%s ../ed25519.key 2026-01-01T00:00:00Z "
		    "-\n", kid1);
		write_text(path, bad);
		assert_false(keyring_load(keys, 0, &again, NULL, err,
		    sizeof(err)));
		write_text(path, "nonsense\n");
		assert_false(keyring_load(keys, 0, &again, NULL, err,
		    sizeof(err)));
	}
	write_text(path, text);
	assert_true(keyring_load(keys, 0, &again, secrets, err, sizeof(err)));
	assert_string_equal(secrets[1].pub.kid, r.key[1].pub.kid);
	sodium_memzero(secrets, sizeof(secrets));
	put(text, sizeof(text), "rm -rf '%s'", dir);
	assert_int_equal(system(text), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serial_layout_and_bounds),
		cmocka_unit_test(kinds_and_languages),
		cmocka_unit_test(codes_shape_and_uniqueness),
		cmocka_unit_test(key_file_made_private_and_reopened),
		cmocka_unit_test(seal_check_round_trip),
		cmocka_unit_test(seal_refuses_bad_claims),
		cmocka_unit_test(every_one_character_change_fails),
		cmocka_unit_test(other_keys_and_forgeries_fail),
		cmocka_unit_test(url_must_be_the_signed_one),
		cmocka_unit_test(base58_vectors),
		cmocka_unit_test(did_key_of_w3c_vector),
		cmocka_unit_test(jcs_rfc8785_cases),
		cmocka_unit_test(eddsa_jcs_2022_w3c_vector),
		cmocka_unit_test(vc_round_trip),
		cmocka_unit_test(vc_verify_refuses_odd_shapes),
		cmocka_unit_test(claims_signed_before_the_format_rule_verify),
		cmocka_unit_test(vc_rdfc_proof_and_bounds),
		cmocka_unit_test(did_web_of_origins),
		cmocka_unit_test(remote_signer_and_did_web),
		cmocka_unit_test(keyring_rotation),
	};

	if (!secret_init())
		return (1);
	return (cmocka_run_group_tests_name("certs", tests, NULL, NULL));
}
