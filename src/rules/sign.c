/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sign.c: the station's Ed25519 key and the signed claims in a
 * certificate's QR, all through libsodium.
 *
 * The key file holds the 32-byte seed in hex; the whole key pair is
 * derived from it at start. The claims are a small JSON object in a
 * fixed key order, signed as the exact bytes that travel (base64url) in
 * the URL's fragment, so a checker never has to re-serialise anything to
 * verify. Checking is strict on purpose: every character of a sealed
 * text matters, so that no altered or re-spelt text scans as valid.
 *
 * Base58btc (for did:key and multibase) is written here: Debian 12 has
 * no base58 library for C, and the algorithm is twenty lines.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "identity.h"
#include "sign.h"

#define SEED_HEX	(crypto_sign_SEEDBYTES * 2)
#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define B64_LEN(n)	sodium_base64_ENCODED_LEN((n), B64)
#define CLAIMS_MAX	QR_TEXT_MAX	/* bytes of claims JSON */
#define CLAIMS_VERSION	1

/*
 * Every claims text we sign starts with this, kid following: the key
 * can be chosen before the signature is checked without parsing any
 * JSON an attacker wrote.
 */
#define CLAIMS_HEAD	"{\"v\":1,\"kid\":\""

/* The multicodec prefix of an Ed25519 public key (0xed, varint). */
static const unsigned char	 ed25519_pub_codec[2] = { 0xed, 0x01 };

static const char	 b58_alphabet[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

static const char *const scan_texts[] = {
	[SCAN_OK] = "valid",
	[SCAN_MALFORMED] = "not a Yujiang certificate's QR text",
	[SCAN_UNKNOWN_KEY] = "signed with a key this station does not have",
	[SCAN_BAD_SIGNATURE] = "bad signature: altered or forged",
	[SCAN_MISMATCH] = "the address is not the one that was signed",
};

enum key_read {
	KEY_OK,
	KEY_ABSENT,
	KEY_BAD,
};

static void	set_err(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/*
 * Read the seed from the key file at path. A key file that group or
 * others may read is refused rather than used: a signing key that leaked
 * lets anyone print certificates that scan as genuine, so an operator's
 * slip must stop the server, not pass unnoticed; so is one that another
 * user owns (and could read or replace at will). O_NOFOLLOW: a symbolic
 * link planted in keys/ cannot swap the key.
 */
static enum key_read
key_read(const char *path, unsigned char seed[crypto_sign_SEEDBYTES],
    char *err, size_t errsz)
{
	struct stat	 st;
	char		 hex[SEED_HEX + 2];
	const char	*end;
	size_t		 n = 0, len;
	ssize_t		 r;
	int		 fd, ok, saved;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		saved = errno;
		set_err(err, errsz, "%s: %s", path, strerror(saved));
		return (saved == ENOENT ? KEY_ABSENT : KEY_BAD);
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		set_err(err, errsz, "%s: not a regular file", path);
		close(fd);
		return (KEY_BAD);
	}
	if (st.st_uid != geteuid()) {
		set_err(err, errsz, "%s: owned by uid %u, not by uid %u that "
		    "runs the server; chown it or make a new key", path,
		    (unsigned int)st.st_uid, (unsigned int)geteuid());
		close(fd);
		return (KEY_BAD);
	}
	if ((st.st_mode & 077) != 0) {
		set_err(err, errsz, "%s: mode %03o lets others read the "
		    "key; chmod 600 it", path,
		    (unsigned int)(st.st_mode & 0777));
		close(fd);
		return (KEY_BAD);
	}
	while (n < sizeof(hex) &&
	    (r = read(fd, hex + n, sizeof(hex) - n)) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			break;
		n += (size_t)r;
	}
	close(fd);
	/* The seed in hex, and at most one newline after it. */
	ok = (n == SEED_HEX || (n == SEED_HEX + 1 && hex[SEED_HEX] == '\n')) &&
	    sodium_hex2bin(seed, crypto_sign_SEEDBYTES, hex, SEED_HEX, NULL,
	    &len, &end) == 0 && len == crypto_sign_SEEDBYTES &&
	    end == hex + SEED_HEX;
	sodium_memzero(hex, sizeof(hex));
	if (!ok) {
		set_err(err, errsz, "%s: not a key file (64 hex digits and "
		    "a newline)", path);
		sodium_memzero(seed, crypto_sign_SEEDBYTES);
		return (KEY_BAD);
	}
	return (KEY_OK);
}

/* Make the key file's directory, 0700, when it is not there. */
static int
key_dir_make(const char *path, char *err, size_t errsz)
{
	char	 dir[PATH_MAX];
	char	*slash;

	if ((size_t)snprintf(dir, sizeof(dir), "%s", path) >= sizeof(dir)) {
		set_err(err, errsz, "%s: path too long", path);
		return (0);
	}
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return (1);
	*slash = '\0';
	if (mkdir(dir, 0700) == -1) {
		if (errno == EEXIST)
			return (1);
		set_err(err, errsz, "%s: %s", dir, strerror(errno));
		return (0);
	}
	/* mkdir() honours the umask; the mode must be exactly 0700. */
	if (chmod(dir, 0700) == -1) {
		set_err(err, errsz, "%s: %s", dir, strerror(errno));
		return (0);
	}
	return (1);
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 r;

	while (n > 0) {
		if ((r = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return (0);
		}
		p += r;
		n -= (size_t)r;
	}
	return (1);
}

/*
 * Make a new key file at path. It is written whole to a temporary file
 * (O_EXCL, 0600) and then link()ed into place, which fails if a key file
 * appeared meanwhile: two workers starting together never see a half
 * written key, and an existing key is never replaced. 1 when path holds
 * a key afterwards, ours or the other's.
 */
static int
key_create(const char *path, char *err, size_t errsz)
{
	unsigned char	 seed[crypto_sign_SEEDBYTES];
	char		 hex[SEED_HEX + 2], tmp[PATH_MAX];
	int		 fd, ok;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path,
	    (long)getpid()) >= sizeof(tmp)) {
		set_err(err, errsz, "%s: path too long", path);
		return (0);
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		set_err(err, errsz, "%s: %s", tmp, strerror(errno));
		return (0);
	}
	randombytes_buf(seed, sizeof(seed));
	sodium_bin2hex(hex, sizeof(hex), seed, sizeof(seed));
	hex[SEED_HEX] = '\n';
	ok = fchmod(fd, 0600) == 0 && write_all(fd, hex, SEED_HEX + 1) &&
	    fsync(fd) == 0;
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(hex, sizeof(hex));
	if (close(fd) == -1)
		ok = 0;
	if (ok && link(tmp, path) == -1 && errno != EEXIST)
		ok = 0;
	if (!ok)
		set_err(err, errsz, "%s: %s", path, strerror(errno));
	(void)unlink(tmp);
	return (ok);
}

/* Fill s with the key pair that seed makes: a local signer, no DID. */
void
sign_key_seed(const unsigned char seed[32], struct signer *s)
{
	memset(s, 0, sizeof(*s));
	crypto_sign_seed_keypair(s->pub.pk, s->sk, seed);
	sign_kid(s->pub.pk, s->pub.kid);
}

/*
 * Read the 32-byte secret in the key file at path into out (see sign.h);
 * with create, make the file (0600, its directory 0700) when there is
 * none. When two processes create it at once, both end up with the one
 * that was linked first. The signing key and the station's secret for
 * identity documents (realname.h) are both such files.
 */
int
sign_secret_open(const char *path, int create, unsigned char out[32],
    char *err, size_t errsz)
{
	enum key_read	 r;

	r = key_read(path, out, err, errsz);
	if (r == KEY_ABSENT && create) {
		if (!key_dir_make(path, err, errsz) ||
		    !key_create(path, err, errsz))
			return (0);
		r = key_read(path, out, err, errsz);
	}
	return (r == KEY_OK);
}

/* Open the key file at path into s (see sign.h). */
int
sign_key_open(const char *path, int create, struct signer *s, char *err,
    size_t errsz)
{
	unsigned char	 seed[crypto_sign_SEEDBYTES];

	memset(s, 0, sizeof(*s));
	if (!sign_secret_open(path, create, seed, err, errsz))
		return (0);
	sign_key_seed(seed, s);
	sodium_memzero(seed, sizeof(seed));
	return (1);
}

/*
 * The key's id: the first 8 bytes of BLAKE2b-256 of the public key, in
 * hex. It only picks a key from a list; the signature decides.
 */
void
sign_kid(const unsigned char pk[32], char kid[KID_HEX + 1])
{
	unsigned char	 h[crypto_generichash_BYTES];

	crypto_generichash(h, sizeof(h), pk, 32, NULL, 0);
	sodium_bin2hex(kid, KID_HEX + 1, h, KID_HEX / 2);
}

int
sign_detached(const struct signer *s, const unsigned char *m, size_t n,
    unsigned char sig[crypto_sign_BYTES])
{
	if (n > SIGN_MSG_MAX)
		return (0);
	if (s->remote != NULL)
		return (s->remote(s->pub.kid, m, n, sig));
	crypto_sign_detached(sig, NULL, m, n, s->sk);
	return (1);
}

int
sign_did_web(const char *origin, char *out, size_t outsz)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const char		*p;
	size_t			 o;

	if (outsz > 0)
		out[0] = '\0';
	if (!claims_origin_valid(origin) || outsz < 9)
		return (0);
	p = origin + (strncmp(origin, "https://", 8) == 0 ? 8 : 7);
	memcpy(out, "did:web:", 8);
	for (o = 8; *p != '\0'; p++) {
		if (o + 4 > outsz) {
			out[0] = '\0';
			return (0);
		}
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-') {
			out[o++] = *p;
			continue;
		}
		out[o++] = '%';
		out[o++] = hex[(unsigned char)*p >> 4];
		out[o++] = hex[(unsigned char)*p & 0xf];
	}
	out[o] = '\0';
	return (1);
}

void
sign_vm(const struct signer *s, char *out, size_t outsz)
{
	char	 did[SIGN_DID_LEN + 1], mb[SIGN_MULTIBASE_LEN + 1];

	if (s->did[0] != '\0') {
		(void)snprintf(out, outsz, "%s#%s", s->did, s->pub.kid);
		return;
	}
	sign_did_key(s->pub.pk, did, sizeof(did));
	sign_multibase(s->pub.pk, mb, sizeof(mb));
	(void)snprintf(out, outsz, "%s#%s", did, mb);
}

int
sign_bytes_check(const struct pubkey *key, const void *m, size_t n,
    const unsigned char sig[64])
{
	return (crypto_sign_verify_detached(sig, m, n, key->pk) == 0);
}

void
sign_wipe(struct signer *s)
{
	sodium_memzero(s, sizeof(*s));
}

/*
 * A public key as the admin tool takes it: "did:key:z6Mk…" (a "#z6Mk…"
 * fragment naming the same key allowed, as in a verificationMethod) or
 * the 32 bytes in base64url without padding. Fills pk and its kid.
 */
int
sign_pubkey_parse(const char *s, struct pubkey *out)
{
	unsigned char	 raw[64];
	char		 mb[64], again[128];
	const char	*frag, *end;
	size_t		 len, n;

	if (s == NULL)
		return (0);
	if (strncmp(s, "did:key:", 8) == 0) {
		s += 8;
		len = (frag = strchr(s, '#')) != NULL ?
		    (size_t)(frag - s) : strlen(s);
		if (len < 2 || len >= sizeof(mb) || s[0] != 'z')
			return (0);
		memcpy(mb, s, len);
		mb[len] = '\0';
		if (frag != NULL && strcmp(frag + 1, mb) != 0)
			return (0);
		if (!sign_b58_decode(mb + 1, raw, sizeof(raw), &n) || n != 34 ||
		    memcmp(raw, ed25519_pub_codec, 2) != 0)
			return (0);
		memcpy(out->pk, raw + 2, 32);
	} else {
		len = strlen(s);
		if (sodium_base642bin(raw, sizeof(raw), s, len, NULL, &n, &end,
		    B64) != 0 || n != 32 || end != s + len)
			return (0);
		sodium_bin2base64(again, sizeof(again), raw, 32, B64);
		if (strcmp(again, s) != 0)
			return (0);
		memcpy(out->pk, raw, 32);
	}
	sign_kid(out->pk, out->kid);
	return (1);
}

/* 1 when the NUL falls within the n bytes of a fixed-size field. */
static int
terminated(const char *s, size_t n)
{
	return (memchr(s, '\0', n) != NULL);
}

static int
days_in_month(int y, int m)
{
	static const int	 days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return (29);
	return (days[m - 1]);
}

/* 1 when s is exactly a calendar date YYYY-MM-DD that exists. */
int
claims_date_valid(const char *s)
{
	int	 i, y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (0);
	for (i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return (0);
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return (m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m));
}

/*
 * 1 when o is an origin as a browser spells it: http(s)://, then a host
 * in lower case (letters, digits, dots, dashes; brackets and colons for
 * an IPv6 literal and a port), and nothing after: no path, query,
 * fragment, user or percent sign. The scanned URL's origin is compared
 * byte for byte with the signed one, so only one spelling is allowed.
 */
int
claims_origin_valid(const char *o)
{
	const char	*host, *p;

	if (o == NULL || !terminated(o, ORIGIN_MAX))
		return (0);
	if (strncmp(o, "https://", 8) == 0)
		host = o + 8;
	else if (strncmp(o, "http://", 7) == 0)
		host = o + 7;
	else
		return (0);
	if (*host == '\0' || *host == ':' || *host == '.')
		return (0);
	for (p = host; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr(".-:[]", *p) != NULL))
			return (0);
	}
	return (1);
}

/*
 * A holder's name or a title: 1 to CLAIM_TEXT-1 bytes of UTF-8 without
 * control characters. Not utf8_chars()'s stricter rule (no format
 * characters): names and titles meet that where they are typed in, and
 * a certificate signed before that rule must still verify.
 */
static int
claim_text_valid(const char *s)
{
	size_t	 n;

	return (terminated(s, CLAIM_TEXT) && s[0] != '\0' &&
	    utf8_clean(s, &n));
}

/*
 * 1 when c is fit to be signed: every field well formed, the level
 * 1-5 exactly for a level certificate, the expiry (if any) after the
 * issue. kid is not looked at (the signer's is used).
 */
int
claims_valid(const struct claims *c)
{
	enum cert_kind	 k;

	if (!claims_origin_valid(c->origin) ||
	    !terminated(c->code, sizeof(c->code)) || !serial_code_valid(c->code) ||
	    !terminated(c->serial, sizeof(c->serial)) ||
	    !serial_valid(c->serial) ||
	    !claim_text_valid(c->holder) || !claim_text_valid(c->title) ||
	    !terminated(c->kind, sizeof(c->kind)) ||
	    !cert_kind_parse(c->kind, &k) ||
	    !terminated(c->issued, sizeof(c->issued)) ||
	    !claims_date_valid(c->issued) ||
	    !terminated(c->expires, sizeof(c->expires)))
		return (0);
	if (c->expires[0] != '\0' && (!claims_date_valid(c->expires) ||
	    strcmp(c->expires, c->issued) <= 0))
		return (0);
	if (k == KIND_LEVEL)
		return (c->level >= 1 && c->level <= 5);
	return (c->level == 0);
}

/*
 * The claims as compact JSON in a fixed key order (short keys: the QR
 * grows with every byte), into out; its length, or 0 when it does not
 * fit.
 */
static size_t
claims_json(const struct claims *c, const char *kid, unsigned char *out,
    size_t outsz)
{
	json_t	*o;
	size_t	 n;

	o = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, "
	    "s:s*}", "v", CLAIMS_VERSION, "kid", kid, "o", c->origin,
	    "c", c->code, "s", c->serial, "h", c->holder, "k", c->kind,
	    "t", c->title, "l", c->level, "i", c->issued,
	    "e", c->expires[0] != '\0' ? c->expires : NULL);
	if (o == NULL)
		return (0);
	n = json_dumpb(o, (char *)out, outsz,
	    JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (n == 0 || n > outsz || n < sizeof(CLAIMS_HEAD) - 1 ||
	    memcmp(out, CLAIMS_HEAD, sizeof(CLAIMS_HEAD) - 1) != 0)
		return (0);
	return (n);
}

int
claims_seal(const struct claims *c, const struct signer *s, char *out,
    size_t outsz)
{
	unsigned char	 json[CLAIMS_MAX], sig[crypto_sign_BYTES];
	char		 b64[B64_LEN(CLAIMS_MAX)];
	char		 sig64[B64_LEN(crypto_sign_BYTES)];
	size_t		 n;
	int		 len;

	if (outsz > 0)
		out[0] = '\0';
	if (!claims_valid(c) ||
	    (n = claims_json(c, s->pub.kid, json, sizeof(json))) == 0)
		return (0);
	if (!sign_detached(s, json, n, sig))
		return (0);
	sodium_bin2base64(b64, sizeof(b64), json, n, B64);
	sodium_bin2base64(sig64, sizeof(sig64), sig, sizeof(sig), B64);
	len = snprintf(out, outsz, "%s/v/%s#%s.%s", c->origin, c->code, b64,
	    sig64);
	/* What claims_check() would refuse as too long is not made. */
	if (len < 0 || (size_t)len >= outsz || len >= QR_TEXT_MAX) {
		if (outsz > 0)
			out[0] = '\0';
		return (0);
	}
	return (1);
}

/*
 * Decode n characters of base64url (no padding) at in, strictly: no
 * ignored characters, nothing left over, and the one canonical spelling
 * (spare bits zero), checked by encoding again. Otherwise two texts
 * could carry the same bytes and a changed character go unnoticed.
 */
static int
b64_strict(const char *in, size_t n, unsigned char *out, size_t outsz,
    size_t *outlen)
{
	char		 again[B64_LEN(CLAIMS_MAX)];
	const char	*end;

	if (sodium_base642bin(out, outsz, in, n, NULL, outlen, &end,
	    B64) != 0 || end != in + n || B64_LEN(*outlen) > sizeof(again))
		return (0);
	sodium_bin2base64(again, sizeof(again), out, *outlen, B64);
	return (strlen(again) == n && memcmp(again, in, n) == 0);
}

/*
 * Split the part of a scanned text before the fragment, n bytes at url,
 * into its origin and code: "<origin>/v/<code>", nothing more.
 */
static int
url_split(const char *url, size_t n, char origin[ORIGIN_MAX],
    char code[CODE_LEN + 1])
{
	size_t	 olen;

	if (n < 3 + CODE_LEN + 1)
		return (0);
	olen = n - CODE_LEN - 3;
	if (memcmp(url + olen, "/v/", 3) != 0 || olen >= ORIGIN_MAX)
		return (0);
	memcpy(code, url + olen + 3, CODE_LEN);
	code[CODE_LEN] = '\0';
	memcpy(origin, url, olen);
	origin[olen] = '\0';
	return (serial_code_valid(code) && claims_origin_valid(origin));
}

/* The kid of claims bytes we signed, read from their fixed head. */
static int
claims_kid(const unsigned char *json, size_t n, char kid[KID_HEX + 1])
{
	const size_t	 head = sizeof(CLAIMS_HEAD) - 1;
	size_t		 i;

	if (n < head + KID_HEX + 1 || memcmp(json, CLAIMS_HEAD, head) != 0 ||
	    json[head + KID_HEX] != '"')
		return (0);
	for (i = 0; i < KID_HEX; i++) {
		kid[i] = (char)json[head + i];
		if (strchr("0123456789abcdef", kid[i]) == NULL)
			return (0);
	}
	kid[KID_HEX] = '\0';
	return (1);
}

static int
copy_field(char *dst, size_t dstsz, const char *src)
{
	return ((size_t)snprintf(dst, dstsz, "%s", src) < dstsz);
}

/*
 * Parse signed claims bytes into c: a JSON object with exactly our keys
 * (no duplicates, none unknown), version 1, every field as claims_valid()
 * wants it, and spelt byte for byte as claims_json() writes it (no
 * spaces, no other escapes, our order), so that one set of claims has
 * one signed form. Only called after the signature has been checked.
 */
static int
claims_parse(const unsigned char *json, size_t n, struct claims *c)
{
	json_t		*o;
	json_error_t	 e;
	json_int_t	 v, l;
	const char	*kid, *origin, *code, *serial, *holder, *kind;
	const char	*title, *issued, *expires = "";
	unsigned char	 again[CLAIMS_MAX];
	int		 ok;

	memset(c, 0, sizeof(*c));
	if ((o = json_loadb((const char *)json, n, JSON_REJECT_DUPLICATES,
	    &e)) == NULL)
		return (0);
	ok = json_unpack_ex(o, &e, JSON_STRICT,
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s?s}",
	    "v", &v, "kid", &kid, "o", &origin, "c", &code, "s", &serial,
	    "h", &holder, "k", &kind, "t", &title, "l", &l, "i", &issued,
	    "e", &expires) == 0 && v == CLAIMS_VERSION &&
	    l >= 0 && l <= 5 &&
	    copy_field(c->kid, sizeof(c->kid), kid) &&
	    copy_field(c->origin, sizeof(c->origin), origin) &&
	    copy_field(c->code, sizeof(c->code), code) &&
	    copy_field(c->serial, sizeof(c->serial), serial) &&
	    copy_field(c->holder, sizeof(c->holder), holder) &&
	    copy_field(c->kind, sizeof(c->kind), kind) &&
	    copy_field(c->title, sizeof(c->title), title) &&
	    copy_field(c->issued, sizeof(c->issued), issued) &&
	    copy_field(c->expires, sizeof(c->expires), expires);
	json_decref(o);
	if (!ok)
		return (0);
	c->level = (int)l;
	return (claims_valid(c) &&
	    claims_json(c, c->kid, again, sizeof(again)) == n &&
	    memcmp(again, json, n) == 0);
}

/*
 * Check a scanned text. Order matters: the text's shape first, then the
 * key named by kid, then the signature over the exact claims bytes, and
 * only then is anything inside the claims believed; last, the address
 * the phone would open must be the one signed, so a genuine fragment
 * pasted behind another site's URL (or another certificate's code) is
 * refused.
 */
enum scan
claims_check(const char *text, const struct pubkey *keys, size_t nkeys,
    struct claims *out)
{
	unsigned char	 json[CLAIMS_MAX], sig[crypto_sign_BYTES + 1];
	char		 origin[ORIGIN_MAX], code[CODE_LEN + 1];
	char		 kid[KID_HEX + 1];
	const char	*frag, *dot;
	const struct pubkey *key = NULL;
	struct claims	 c;
	size_t		 n, jlen, slen, i;

	if (text == NULL || (n = strnlen(text, QR_TEXT_MAX)) >= QR_TEXT_MAX)
		return (SCAN_MALFORMED);
	if ((frag = strrchr(text, '#')) == NULL ||
	    !url_split(text, (size_t)(frag - text), origin, code))
		return (SCAN_MALFORMED);
	frag++;
	if ((dot = strchr(frag, '.')) == NULL || strchr(dot + 1, '.') != NULL)
		return (SCAN_MALFORMED);
	if (!b64_strict(frag, (size_t)(dot - frag), json, sizeof(json),
	    &jlen) || !b64_strict(dot + 1, strlen(dot + 1), sig, sizeof(sig),
	    &slen) || slen != crypto_sign_BYTES)
		return (SCAN_MALFORMED);
	if (!claims_kid(json, jlen, kid))
		return (SCAN_MALFORMED);
	for (i = 0; i < nkeys && key == NULL; i++) {
		if (strcmp(keys[i].kid, kid) == 0)
			key = &keys[i];
	}
	if (key == NULL)
		return (SCAN_UNKNOWN_KEY);
	if (crypto_sign_verify_detached(sig, json, jlen, key->pk) != 0)
		return (SCAN_BAD_SIGNATURE);
	if (!claims_parse(json, jlen, &c) || strcmp(c.kid, kid) != 0)
		return (SCAN_MALFORMED);
	if (strcmp(c.origin, origin) != 0 || strcmp(c.code, code) != 0)
		return (SCAN_MISMATCH);
	if (out != NULL)
		*out = c;
	return (SCAN_OK);
}

const char *
scan_text(enum scan s)
{
	return ((unsigned)s <= SCAN_MISMATCH ? scan_texts[s] : "?");
}

/*
 * Base58btc of n bytes (n <= B58_MAX) into out: each leading zero byte
 * is a '1', the rest a big number written in base 58, most significant
 * digit first. Quadratic, which is nothing at these sizes.
 */
int
sign_b58_encode(const unsigned char *in, size_t n, char *out, size_t outsz)
{
	unsigned char	 digits[B58_MAX * 138 / 100 + 1];
	size_t		 zeros, ndig = 0, i, j, o = 0;
	unsigned int	 carry;

	if (n > B58_MAX)
		return (0);
	for (zeros = 0; zeros < n && in[zeros] == 0; zeros++)
		continue;
	for (i = zeros; i < n; i++) {
		carry = in[i];
		/* digits holds the number so far, least significant first. */
		for (j = 0; j < ndig; j++) {
			carry += (unsigned int)digits[j] << 8;
			digits[j] = carry % 58;
			carry /= 58;
		}
		while (carry > 0) {
			digits[ndig++] = carry % 58;
			carry /= 58;
		}
	}
	if (zeros + ndig + 1 > outsz)
		return (0);
	for (; o < zeros; o++)
		out[o] = '1';
	for (j = ndig; j > 0; j--)
		out[o++] = b58_alphabet[digits[j - 1]];
	out[o] = '\0';
	sodium_memzero(digits, sizeof(digits));
	return (1);
}

/* Decode base58btc s into out (at most outsz bytes); its length to *n. */
int
sign_b58_decode(const char *s, unsigned char *out, size_t outsz, size_t *n)
{
	unsigned char	 bytes[B58_MAX];
	const char	*p;
	size_t		 len, zeros, nb = 0, i, j;
	unsigned int	 carry;
	int		 ok = 0;

	if ((len = strlen(s)) > B58_MAX * 2)
		return (0);
	for (zeros = 0; s[zeros] == '1'; zeros++)
		continue;
	for (i = zeros; i < len; i++) {
		if ((p = strchr(b58_alphabet, s[i])) == NULL)
			goto out;
		carry = (unsigned int)(p - b58_alphabet);
		/* bytes holds the number so far, least significant first. */
		for (j = 0; j < nb; j++) {
			carry += (unsigned int)bytes[j] * 58;
			bytes[j] = carry & 0xff;
			carry >>= 8;
		}
		while (carry > 0) {
			if (nb == sizeof(bytes))
				goto out;
			bytes[nb++] = carry & 0xff;
			carry >>= 8;
		}
	}
	if (zeros + nb > outsz)
		goto out;
	memset(out, 0, zeros);
	for (j = 0; j < nb; j++)
		out[zeros + j] = bytes[nb - 1 - j];
	*n = zeros + nb;
	ok = 1;
out:
	/* A decoded secret key passes through here (the tests' seed). */
	sodium_memzero(bytes, sizeof(bytes));
	return (ok);
}

/* "z" and base58btc of the multicodec-prefixed key: z6Mk… */
void
sign_multibase(const unsigned char pk[32], char *out, size_t outsz)
{
	unsigned char	 mc[2 + 32];

	if (outsz == 0)
		return;
	memcpy(mc, ed25519_pub_codec, 2);
	memcpy(mc + 2, pk, 32);
	if (outsz < 2 || !sign_b58_encode(mc, sizeof(mc), out + 1, outsz - 1)) {
		out[0] = '\0';
		return;
	}
	out[0] = 'z';
}

void
sign_did_key(const unsigned char pk[32], char *out, size_t outsz)
{
	char	 mb[SIGN_MULTIBASE_LEN + 1];
	int	 n;

	if (outsz == 0)
		return;
	sign_multibase(pk, mb, sizeof(mb));
	n = snprintf(out, outsz, "did:key:%s", mb);
	if (n < 0 || (size_t)n >= outsz)
		out[0] = '\0';
}
