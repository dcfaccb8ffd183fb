/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_core.c: unit tests of the pure core — the escaping writer, the
 * string table and language choice, identity rules, tokens and password
 * hashing — called directly, without Kore.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <cmocka.h>

#include "buf.h"
#include "html.h"
#include "i18n.h"
#include "identity.h"
#include "notify.h"
#include "page.h"
#include "secret.h"

static void
escape_all_five(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 16);
	html_text(&b, "a&b<c>d\"e'f");
	assert_string_equal(b.data, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_free(&b);
}

static void
escape_script_and_attribute_breakout(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 16);
	html_lit(&b, "<input value=\"");
	html_text(&b, "\"><script>alert(1)</script>");
	html_lit(&b, "\">");
	assert_string_equal(b.data, "<input value=\"&quot;&gt;&lt;script&gt;"
	    "alert(1)&lt;/script&gt;\">");
	assert_null(strstr(b.data, "<script"));
	buf_free(&b);
}

static void
escape_keeps_utf8_and_null(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 4);
	html_text(&b, "翡翠玉镯");
	html_text(&b, NULL);
	assert_string_equal(b.data, "翡翠玉镯");
	buf_free(&b);
}

/*
 * A page is UTF-8: a byte of an upload in another encoding (GBK's 翡翠
 * here), an overlong or a surrogate is written as U+FFFD, one per byte,
 * and the valid characters around it are kept.
 */
static void
escape_replaces_invalid_utf8(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 4);
	html_text(&b, "玉\xf4\xe4<\xb4\xe4>𠮷");
	assert_string_equal(b.data, "玉\xef\xbf\xbd\xef\xbf\xbd&lt;"
	    "\xef\xbf\xbd\xef\xbf\xbd&gt;𠮷");
	b.len = 0;
	html_text(&b, "\xc0\xaf\xed\xa0\x80\xe7\x8e");
	assert_int_equal(b.len, 7 * 3);
	assert_int_equal(utf8_valid(b.data, b.len), b.len);
	buf_free(&b);
}

/* utf8_valid(): how far the bytes are UTF-8; utf8_scrub(): a valid copy
 * that fits, cut at a character. */
static void
utf8_valid_and_scrub(void **state)
{
	char	 out[10];

	(void)state;
	assert_int_equal(utf8_valid("玉\xff", 4), 3);
	assert_int_equal(utf8_valid("a\r\n\tb", 5), 5);
	assert_int_equal(utf8_valid("\xe7\x8e", 2), 0);
	assert_int_equal(utf8_valid("𠮷\xf4\x90\x80\x80", 8), 4);
	assert_int_equal(utf8_scrub(out, sizeof(out), "玉雕\xff", 7), 9);
	assert_string_equal(out, "玉雕\xef\xbf\xbd");
	assert_int_equal(utf8_scrub(out, 9, "玉雕\xff", 7), 6);
	assert_string_equal(out, "玉雕");
	assert_int_equal(utf8_scrub(out, 1, "x", 1), 0);
	assert_string_equal(out, "");
}

static void
url_encoding(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 4);
	html_url(&b, "/me?a=1&b=<x> \"'#玉");
	assert_string_equal(b.data, "%2Fme%3Fa%3D1%26b%3D%3Cx%3E%20%22%27%23"
	    "%E7%8E%89");
	buf_reset(&b);
	html_url(&b, "javascript:alert(1)");
	assert_string_equal(b.data, "javascript%3Aalert%281%29");
	buf_reset(&b);
	html_url(&b, "AZaz09-_.~");
	assert_string_equal(b.data, "AZaz09-_.~");
	buf_free(&b);
}

static void
buf_grows_past_initial_size(void **state)
{
	struct buf	 b;
	int		 i;

	(void)state;
	buf_init(&b, 1);
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 20000);
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
}

static void
every_key_has_zh_and_en(void **state)
{
	int		 m;
	const char	*zh, *en;

	(void)state;
	for (m = 0; m < M__COUNT; m++) {
		zh = i18n(LANG_ZH, (enum msg)m);
		en = i18n(LANG_EN, (enum msg)m);
		if (strcmp(zh, "?") == 0 || *zh == '\0')
			fail_msg("message %d has no Chinese text", m);
		if (*en == '\0' || strcmp(en, "?") == 0)
			fail_msg("message %d has no English text", m);
		if (m != M_APP_NAME && strcmp(zh, en) == 0)
			fail_msg("message %d: English is a copy of Chinese", m);
	}
}

static void
language_negotiation(void **state)
{
	enum lang	 l;

	(void)state;
	assert_int_equal(i18n_negotiate(NULL), LANG_ZH);
	assert_int_equal(i18n_negotiate(""), LANG_ZH);
	assert_int_equal(i18n_negotiate("en"), LANG_EN);
	assert_int_equal(i18n_negotiate("en-GB,en;q=0.9"), LANG_EN);
	assert_int_equal(i18n_negotiate("zh-CN,zh;q=0.9,en;q=0.8"), LANG_ZH);
	assert_int_equal(i18n_negotiate("fr, en;q=0.5, zh;q=0.4"), LANG_EN);
	assert_int_equal(i18n_negotiate("en;q=0.3, zh-TW;q=0.7"), LANG_ZH);
	assert_int_equal(i18n_negotiate("en;q=0, zh;q=0.1"), LANG_ZH);
	assert_int_equal(i18n_negotiate("de, fr"), LANG_ZH);
	assert_int_equal(i18n_negotiate("EN-us"), LANG_EN);
	assert_int_equal(i18n_negotiate(",,;q=,en"), LANG_EN);
	assert_true(i18n_parse("en", &l) && l == LANG_EN);
	assert_true(i18n_parse("zh", &l) && l == LANG_ZH);
	assert_false(i18n_parse("fr", &l));
	assert_false(i18n_parse(NULL, &l));
	assert_string_equal(i18n_code(LANG_ZH), "zh-CN");
}

/*
 * utf8_cut(): at most so many characters, fewer than so many bytes, never
 * half a character — including the half one snprintf() leaves behind.
 */
static void
utf8_cut_at_characters(void **state)
{
	char	 s[64];

	(void)state;
	(void)snprintf(s, sizeof(s), "玉雕大赛");	/* 4 × 3 bytes */
	assert_string_equal(utf8_cut(s, 3, sizeof(s)), "玉雕大");
	(void)snprintf(s, sizeof(s), "玉雕大赛");
	assert_string_equal(utf8_cut(s, SIZE_MAX, 7), "玉雕");	/* 6 < 7 */
	(void)snprintf(s, sizeof(s), "玉雕大赛");
	assert_string_equal(utf8_cut(s, SIZE_MAX, 6), "玉");	/* 6 !< 6 */
	memcpy(s, "ab玉雕", 7);		/* "ab玉" and 2 bytes of 雕 */
	s[7] = '\0';
	assert_int_equal(strlen(s), 7);
	assert_string_equal(utf8_cut(s, SIZE_MAX, sizeof(s)), "ab玉");
	(void)snprintf(s, sizeof(s), "jade 玉");
	assert_string_equal(utf8_cut(s, SIZE_MAX, sizeof(s)), "jade 玉");
	assert_string_equal(utf8_cut(s, 0, sizeof(s)), "");
}

static void
names(void **state)
{
	char	 out[NAME_MAX_CHARS * 4 + 1];

	(void)state;
	assert_true(identity_name("  王建平 ", out, sizeof(out)));
	assert_string_equal(out, "王建平");
	assert_true(identity_name("\xe3\x80\x80张三\xe3\x80\x80\t", out,
	    sizeof(out)));
	assert_string_equal(out, "张三");
	assert_false(identity_name("\xe3\x80\x80", out, sizeof(out)));
	assert_false(identity_name("", out, sizeof(out)));
	assert_false(identity_name("   ", out, sizeof(out)));
	assert_false(identity_name(NULL, out, sizeof(out)));
	assert_false(identity_name("a\nb", out, sizeof(out)));
	assert_false(identity_name("bad\xff", out, sizeof(out)));
	assert_false(identity_name("\xc0\xaf", out, sizeof(out)));	/* overlong */
	assert_false(identity_name("\xed\xa0\x80", out, sizeof(out)));	/* surrogate */
	/* 40 Chinese characters pass, 41 do not. */
	assert_true(identity_name("玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉"
	    "玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉", out, sizeof(out)));
	assert_false(identity_name("玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉"
	    "玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉玉", out, sizeof(out)));
}

/*
 * Issue 15, item 7: names that spoof. Bidi controls, zero-width and other
 * format characters (Unicode category Cf) are refused in names and in
 * every text checked by utf8_chars() (titles, rule texts); the same
 * letters without them pass. Passwords (utf8_clean) keep accepting them.
 */
static void
names_refuse_format_characters(void **state)
{
	static const char *const spoof[] = {
		"\xc2\xad",		/* U+00AD soft hyphen */
		"\xd8\x9c",		/* U+061C Arabic letter mark */
		"\xe2\x80\x8b",	/* U+200B zero-width space */
		"\xe2\x80\x8c",	/* U+200C ZWNJ */
		"\xe2\x80\x8d",	/* U+200D ZWJ */
		"\xe2\x80\x8e",	/* U+200E LRM */
		"\xe2\x80\x8f",	/* U+200F RLM */
		"\xe2\x80\xaa",	/* U+202A LRE */
		"\xe2\x80\xab",	/* U+202B RLE */
		"\xe2\x80\xac",	/* U+202C PDF */
		"\xe2\x80\xad",	/* U+202D LRO */
		"\xe2\x80\xae",	/* U+202E RLO */
		"\xe2\x81\xa0",	/* U+2060 word joiner */
		"\xe2\x81\xa4",	/* U+2064 invisible plus */
		"\xe2\x81\xa6",	/* U+2066 LRI */
		"\xe2\x81\xa7",	/* U+2067 RLI */
		"\xe2\x81\xa8",	/* U+2068 FSI */
		"\xe2\x81\xa9",	/* U+2069 PDI */
		"\xef\xbb\xbf",	/* U+FEFF zero-width no-break space */
		"\xef\xbf\xb9",	/* U+FFF9 */
		"\xef\xbf\xbb",	/* U+FFFB */
		"\xf3\xa0\x80\x81",	/* U+E0001 language tag */
	};
	char	 out[NAME_MAX_CHARS * 4 + 1], s[64];
	size_t	 i, n;

	(void)state;
	for (i = 0; i < sizeof(spoof) / sizeof(spoof[0]); i++) {
		(void)snprintf(s, sizeof(s), "张%s三", spoof[i]);
		assert_false(identity_name(s, out, sizeof(out)));
		assert_false(utf8_chars(s, &n));
		assert_false(utf8_chars_lines(s, &n));
		assert_true(utf8_clean(s, &n));
		assert_int_equal(n, 3);
		(void)snprintf(s, sizeof(s), "%s", spoof[i]);
		assert_false(identity_name(s, out, sizeof(out)));
		(void)snprintf(s, sizeof(s), "passw0rd%s!", spoof[i]);
		assert_true(identity_password(s));
	}
	/* "exe.txt" shown as "txt.exe" on a results page. */
	assert_false(identity_name("winner\xe2\x80\xae" "exe.txt", out,
	    sizeof(out)));
	/* Neighbours of the ranges are ordinary characters. */
	assert_false(utf8_format_char(0x200a));	/* hair space (Zs) */
	assert_false(utf8_format_char(0x2010));	/* hyphen */
	assert_false(utf8_format_char(0x202f));	/* narrow no-break space */
	assert_false(utf8_format_char(0x3000));	/* 全角空格 */
	assert_false(utf8_format_char(0xfffc));
	assert_true(utf8_format_char(0x202e));
	assert_true(identity_name("欧阳·娜娜 O'Neil", out, sizeof(out)));
	assert_true(utf8_chars("第3届 木雕大赛 (2026)", &n));
}

/*
 * Issue 15, item 3: an anonymous CSRF token is one the server made:
 * random || HMAC under the server's key. A made-up value of the right
 * shape, a token with one digit changed, and any token once the key is
 * replaced (another server start) are refused.
 */
static void
csrf_tokens_are_signed(void **state)
{
	char	 t[CSRF_HEX], u[CSRF_HEX], made_up[TOKEN_HEX];
	size_t	 i;

	(void)state;
	assert_false(secret_csrf_valid(NULL));
	secret_csrf_key();
	secret_csrf_token(t);
	secret_csrf_token(u);
	assert_int_equal(strlen(t), TOKEN_HEX - 1);
	assert_string_not_equal(t, u);
	assert_true(secret_csrf_valid(t));
	assert_true(secret_csrf_valid(u));
	secret_token(made_up);
	assert_false(secret_csrf_valid(made_up));
	assert_false(secret_csrf_valid(""));
	assert_false(secret_csrf_valid("x"));
	/* One digit changed, anywhere: random part or tag. */
	for (i = 0; i < CSRF_HEX - 1; i++) {
		(void)memcpy(u, t, sizeof(u));
		u[i] = u[i] == '0' ? '1' : '0';
		assert_false(secret_csrf_valid(u));
	}
	/* Upper case, or a digit more or less, is not this token. */
	(void)memcpy(u, t, sizeof(u));
	for (i = 0; u[i] != '\0'; i++)
		if (u[i] >= 'a' && u[i] <= 'f')
			u[i] -= 'a' - 'A';
	if (strcmp(u, t) != 0)		/* not all digits */
		assert_false(secret_csrf_valid(u));
	(void)memcpy(u, t, sizeof(u));
	u[CSRF_HEX - 2] = '\0';
	assert_false(secret_csrf_valid(u));
	/* A new key (a restart): the old token is no longer the server's. */
	secret_csrf_key();
	assert_false(secret_csrf_valid(t));
}

static void
accounts(void **state)
{
	char	 out[ACCOUNT_MAX + 1];

	(void)state;
	assert_true(identity_account("13800138000", out, sizeof(out)));
	assert_string_equal(out, "13800138000");
	assert_true(identity_account("13800138000\xe3\x80\x80", out,
	    sizeof(out)));
	assert_string_equal(out, "13800138000");
	assert_true(identity_account("+86 138-0013-8000", out, sizeof(out)));
	assert_string_equal(out, "13800138000");
	assert_true(identity_account("8613800138000", out, sizeof(out)));
	assert_string_equal(out, "13800138000");
	assert_true(identity_account(" Li.Yu@Example.CN ", out, sizeof(out)));
	assert_string_equal(out, "li.yu@example.cn");
	assert_false(identity_account("12800138000", out, sizeof(out)));
	assert_false(identity_account("1380013800", out, sizeof(out)));
	assert_false(identity_account("138001380001", out, sizeof(out)));
	assert_false(identity_account("1380013800a", out, sizeof(out)));
	assert_false(identity_account("a@b", out, sizeof(out)));
	assert_false(identity_account("@b.cn", out, sizeof(out)));
	assert_false(identity_account("a@@b.cn", out, sizeof(out)));
	assert_false(identity_account("a b@c.cn", out, sizeof(out)));
	assert_false(identity_account("a<b>@c.cn", out, sizeof(out)));
	assert_false(identity_account("", out, sizeof(out)));
	assert_false(identity_account(NULL, out, sizeof(out)));
}

static void
passwords_and_codes(void **state)
{
	enum role	 r;
	enum track	 t;
	enum stage	 s;

	(void)state;
	assert_true(identity_password("12345678"));
	assert_true(identity_password("玉不琢不成器玉不"));
	assert_false(identity_password("1234567"));
	assert_false(identity_password("12345678\n"));
	assert_false(identity_password(NULL));
	assert_true(role_parse("master", &r) && r == ROLE_MASTER);
	assert_false(role_parse("admin", &r));
	assert_string_equal(role_code(ROLE_STAFF), "staff");
	assert_true(track_parse("designer", &t) && t == TRACK_DESIGNER);
	assert_false(track_parse("", &t));
	assert_null(track_code(TRACK_NONE));
	assert_true(stage_parse("incubation", &s) && s == STAGE_INCUBATION);
	assert_string_equal(stage_code(STAGE_SELECTION), "selection");
}

static void
throttle_rule(void **state)
{
	(void)state;
	assert_int_equal(identity_login_wait(0, 0, 0, 0), 0);
	assert_int_equal(identity_login_wait(THROTTLE_PAIR - 1, THROTTLE_ADDR - 1, 0,
	    0), 0);
	/* One address at one account, or one address spraying: locked. */
	assert_int_equal(identity_login_wait(THROTTLE_PAIR, 0, 0, 0), THROTTLE_WINDOW);
	assert_int_equal(identity_login_wait(0, THROTTLE_ADDR, 0, 0), THROTTLE_WINDOW);
	/* Issue 15: failures from elsewhere never refuse an address that
	 * has not failed at the account (its owner's)... */
	assert_int_equal(identity_login_wait(0, 0, 1000000, 0), 0);
	/* ...and slow down those that have, by a growing bounded delay. */
	assert_int_equal(identity_login_delay(THROTTLE_SLOW - 1), 0);
	assert_int_equal(identity_login_delay(THROTTLE_SLOW), 2);
	assert_int_equal(identity_login_delay(2 * THROTTLE_SLOW), 4);
	assert_int_equal(identity_login_delay(100), THROTTLE_DELAY_MAX);
	assert_int_equal(identity_login_delay(1LL << 40), THROTTLE_DELAY_MAX);
	assert_int_equal(identity_login_wait(1, 1, 100, 0), THROTTLE_DELAY_MAX);
	assert_int_equal(identity_login_wait(1, 1, 100, 10), THROTTLE_DELAY_MAX - 10);
	assert_int_equal(identity_login_wait(1, 1, 100, THROTTLE_DELAY_MAX), 0);
	assert_int_equal(identity_login_wait(1, 1, THROTTLE_SLOW - 1, 0), 0);
}

/* Issue 15: an IPv6 client is counted by its /64, IPv4 as it is. */
static void
throttle_key_of_ipv6_is_its_64(void **state)
{
	char	 k[THROTTLE_KEY_MAX];

	(void)state;
	identity_throttle_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", k);
	assert_string_equal(k, "2001:db8:1:2::/64");
	identity_throttle_key("2001:0db8:0001:0002::1", k);
	assert_string_equal(k, "2001:db8:1:2::/64");
	identity_throttle_key("2001:db8:1:3::1", k);
	assert_string_equal(k, "2001:db8:1:3::/64");
	identity_throttle_key("::1", k);
	assert_string_equal(k, "::/64");
	identity_throttle_key("fe80::1:2:3:4", k);
	assert_string_equal(k, "fe80::/64");
	identity_throttle_key("203.0.113.7", k);
	assert_string_equal(k, "203.0.113.7");
	identity_throttle_key("::ffff:203.0.113.7", k);
	assert_string_equal(k, "203.0.113.7");
	identity_throttle_key("::FFFF:cb00:7107", k);
	assert_string_equal(k, "203.0.113.7");
	identity_throttle_key("local", k);
	assert_string_equal(k, "local");
	identity_throttle_key("", k);
	assert_string_equal(k, "");
}

static void
tokens_are_random_hex(void **state)
{
	char	 a[TOKEN_HEX], b[TOKEN_HEX], h[TOKEN_HEX];
	size_t	 i;

	(void)state;
	secret_token(a);
	secret_token(b);
	assert_int_equal(strlen(a), 64);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	assert_string_not_equal(a, b);
	secret_token_hash(a, h);
	assert_int_equal(strlen(h), 64);
	assert_string_not_equal(h, a);
	assert_true(secret_equal(a, a));
	assert_false(secret_equal(a, b));
	assert_false(secret_equal(a, NULL));
	assert_false(secret_equal("", ""));
	assert_false(secret_equal("abc", "abcd"));
}

static void
derived_tokens(void **state)
{
	char	 k1[TOKEN_HEX], k2[TOKEN_HEX], d1[TOKEN_HEX], d2[TOKEN_HEX];
	char	 d3[TOKEN_HEX];

	(void)state;
	secret_token(k1);
	secret_token(k2);
	secret_derive(k1, "csrf", d1);
	secret_derive(k1, "csrf", d2);
	assert_string_equal(d1, d2);		/* stable per session */
	secret_derive(k2, "csrf", d3);
	assert_string_not_equal(d1, d3);	/* bound to the session */
	secret_derive(k1, "other", d3);
	assert_string_not_equal(d1, d3);	/* bound to the purpose */
	assert_string_not_equal(d1, k1);
}

static void
password_round_trip(void **state)
{
	char	 h[PWHASH_LEN], old[crypto_pwhash_STRBYTES], p[13];

	(void)state;
	assert_true(secret_password_hash("翡翠手镯-2026", h));
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
	assert_true(secret_password_verify(h, "翡翠手镯-2026"));
	assert_false(secret_password_verify(h, "翡翠手镯-2027"));
	assert_false(secret_password_verify("garbage", "x"));
	/* Current parameters: nothing to upgrade; libsodium's interactive
	 * ones (every hash before issue 16): stale, and still verified. */
	assert_false(secret_password_stale(h));
	assert_int_equal(crypto_pwhash_str(old, "翡翠手镯-2026",
	    strlen("翡翠手镯-2026"), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_true(secret_password_stale(old));
	assert_true(secret_password_verify(old, "翡翠手镯-2026"));
	assert_false(secret_password_stale("!"));
	secret_password_new(p, sizeof(p));
	assert_int_equal(strlen(p), 12);
	assert_null(strpbrk(p, "0O1lI"));
}

/* Codes drawn from a pool of bytes are still uniform over the alphabet. */
static void
password_new_is_uniform(void **state)
{
	static const char	 alphabet[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned int		 count[256] = { 0 };
	char			 p[11];
	size_t			 i, k;

	(void)state;
	for (i = 0; i < 20000; i++) {		/* 200,000 characters */
		secret_password_new(p, sizeof(p));
		assert_int_equal(strlen(p), 10);
		for (k = 0; k < 10; k++)
			count[(unsigned char)p[k]]++;
	}
	for (i = 0; i < 256; i++) {
		if (i != 0 && strchr(alphabet, (int)i) != NULL) {
			/* 3571 expected each; 6 sigma is about 350 */
			assert_in_range(count[i], 3571 - 400, 3571 + 400);
		} else
			assert_int_equal(count[i], 0);
	}
}

static void
layout_escapes_and_marks_language(void **state)
{
	struct page_ctx	 pc;
	struct buf	 b;

	(void)state;
	memset(&pc, 0, sizeof(pc));
	pc.lang = LANG_EN;
	pc.path = "/me?x=\"<y>";
	pc.logged_in = 1;
	pc.role = ROLE_STAFF;
	pc.csrf = "abc";
	buf_init(&b, 256);
	page_begin(&b, &pc, "<t>");
	page_end(&b, &pc);
	assert_non_null(strstr(b.data, "<html lang=\"en\">"));
	assert_non_null(strstr(b.data, "<title>&lt;t&gt; · Yujiang"));
	assert_non_null(strstr(b.data, "next=%2Fme%3Fx%3D%22%3Cy%3E"));
	assert_non_null(strstr(b.data, "href=\"/staff/users\""));
	assert_non_null(strstr(b.data, "name=\"csrf\" value=\"abc\""));
	assert_null(strstr(b.data, "<y>"));
	buf_free(&b);
	pc.lang = LANG_ZH;
	pc.logged_in = 0;
	buf_init(&b, 256);
	page_begin(&b, &pc, NULL);
	assert_non_null(strstr(b.data, "<html lang=\"zh-CN\">"));
	assert_null(strstr(b.data, "/logout"));
	assert_null(strstr(b.data, "/staff/users"));
	buf_free(&b);
}

/* A message is worded when read: its kind's sentence with its facts,
 * in the reader's language; the English subject falls back to the
 * Chinese; a person's own words follow their label. */
static void
notify_wording(void **state)
{
	struct notice	 n;
	struct buf	 b;

	(void)state;
	memset(&n, 0, sizeof(n));
	n.kind = NOTIFY_RUN_CHANGED;
	notify_set(n.subject_zh, sizeof(n.subject_zh), "玉雕入门");
	notify_set(n.subject_en, sizeof(n.subject_en), "Jade carving");
	notify_set(n.ref, sizeof(n.ref), "2027-03-01 – 2027-03-05");
	n.num = 30;
	buf_init(&b, 64);
	notify_text(&b, LANG_ZH, &n);
	assert_string_equal(b.data,
	    "「玉雕入门」的开课安排有变：2027-03-01 – 2027-03-05，名额30个。");
	buf_reset(&b);
	notify_text(&b, LANG_EN, &n);
	assert_string_equal(b.data, "“Jade carving” has changed: "
	    "2027-03-01 – 2027-03-05, 30 seats.");
	/* No English subject: the Chinese one; a reason after its label;
	 * braces in the facts are text, not placeholders. */
	memset(&n, 0, sizeof(n));
	n.kind = NOTIFY_CERT_REVOKED;
	notify_set(n.subject_zh, sizeof(n.subject_zh), "{r}玉匠");
	notify_set(n.ref, sizeof(n.ref), "S1");
	notify_set(n.detail, sizeof(n.detail), "{s}<b>");
	buf_reset(&b);
	notify_text(&b, LANG_EN, &n);
	assert_string_equal(b.data, "Your certificate “{r}玉匠” (serial S1) "
	    "has been revoked. Reason: {s}<b>");
	/* A kind that carries no words of a person shows none. */
	n.kind = NOTIFY_RESULTS;
	buf_reset(&b);
	notify_text(&b, LANG_ZH, &n);
	assert_string_equal(b.data, "「{r}玉匠」的评选结果已公布。");
	buf_free(&b);
}

static void
notify_codes(void **state)
{
	enum notify_kind k;
	unsigned	 ch;
	int		 i;

	(void)state;
	for (i = 0; i < NOTIFY__COUNT; i++) {
		assert_true(notify_kind_parse(notify_kind_code(
		    (enum notify_kind)i), &k));
		assert_int_equal(k, i);
		assert_string_not_equal(i18n(LANG_EN,
		    notify_kind_label(k)), "?");
	}
	assert_false(notify_kind_parse("Promoted", &k));
	assert_false(notify_kind_parse(NULL, &k));
	for (ch = 0; ch < 4; ch++) {
		unsigned got = 99;

		assert_true(notify_choice_parse(notify_choice_code(ch), &got));
		assert_int_equal(got, ch);
	}
	assert_true(notify_choice_parse("both", &ch));
	assert_int_equal(ch, NOTIFY_EMAIL | NOTIFY_SMS);
	assert_false(notify_choice_parse("pigeon", &ch));
	assert_false(notify_choice_parse("", &ch));
}

/* The bell: a count only when something is unread, capped at 999+. */
static void
layout_bell_counts(void **state)
{
	struct page_ctx	 pc;
	struct buf	 b;

	(void)state;
	memset(&pc, 0, sizeof(pc));
	pc.lang = LANG_ZH;
	pc.path = "/";
	pc.csrf = "x";
	buf_init(&b, 1024);
	page_begin(&b, &pc, NULL);
	assert_null(strstr(b.data, "inbox-bell"));	/* anonymous */
	pc.logged_in = 1;
	buf_reset(&b);
	page_begin(&b, &pc, NULL);
	assert_non_null(strstr(b.data, "id=\"inbox-bell\""));
	assert_null(strstr(b.data, "inbox-count"));
	pc.unread = 7;
	buf_reset(&b);
	page_begin(&b, &pc, NULL);
	assert_non_null(strstr(b.data, "id=\"inbox-count\" title=\"条未读\">7<"));
	pc.unread = 1000;
	buf_reset(&b);
	page_begin(&b, &pc, NULL);
	assert_non_null(strstr(b.data, ">999+<"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_all_five),
		cmocka_unit_test(escape_script_and_attribute_breakout),
		cmocka_unit_test(escape_keeps_utf8_and_null),
		cmocka_unit_test(escape_replaces_invalid_utf8),
		cmocka_unit_test(utf8_valid_and_scrub),
		cmocka_unit_test(url_encoding),
		cmocka_unit_test(buf_grows_past_initial_size),
		cmocka_unit_test(every_key_has_zh_and_en),
		cmocka_unit_test(language_negotiation),
		cmocka_unit_test(utf8_cut_at_characters),
		cmocka_unit_test(names),
		cmocka_unit_test(names_refuse_format_characters),
		cmocka_unit_test(csrf_tokens_are_signed),
		cmocka_unit_test(accounts),
		cmocka_unit_test(passwords_and_codes),
		cmocka_unit_test(password_new_is_uniform),
		cmocka_unit_test(throttle_rule),
		cmocka_unit_test(throttle_key_of_ipv6_is_its_64),
		cmocka_unit_test(tokens_are_random_hex),
		cmocka_unit_test(derived_tokens),
		cmocka_unit_test(password_round_trip),
		cmocka_unit_test(layout_escapes_and_marks_language),
		cmocka_unit_test(notify_wording),
		cmocka_unit_test(notify_codes),
		cmocka_unit_test(layout_bell_counts),
	};

	if (!secret_init())
		return (1);
	return (cmocka_run_group_tests_name("core", tests, NULL, NULL));
}
