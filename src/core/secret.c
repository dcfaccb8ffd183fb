/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * secret.c: Argon2id password hashes (crypto_pwhash_str at OWASP's
 * minimum, below: ~60 ms and 19 MiB here, so callers in the server run
 * them on a Kore task thread, never on the event loop), random tokens,
 * token digests for storage, constant-time comparison, and the signed
 * anonymous CSRF tokens.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "secret.h"

_Static_assert(CSRF_TAG * 2 >= crypto_auth_BYTES &&
    CSRF_TAG <= crypto_auth_BYTES && CSRF_HEX == TOKEN_HEX,
    "a CSRF token is a token's size; its tag at least half an HMAC");

/* The anonymous CSRF tokens' HMAC key; see secret_csrf_key(). */
static unsigned char	csrf_key[crypto_auth_KEYBYTES];
static int		csrf_key_made;

/* Call once per process before anything else here; 0 on failure. */
int
secret_init(void)
{
	return (sodium_init() >= 0);
}

/* Fill out with TOKEN_BYTES fresh random bytes, as lowercase hex. */
void
secret_token(char out[TOKEN_HEX])
{
	unsigned char	 raw[TOKEN_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, TOKEN_HEX, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

/*
 * The digest under which a session token is stored (BLAKE2b-256, hex):
 * a copy of the database does not let anyone resume a session.
 */
void
secret_token_hash(const char *token, char out[TOKEN_HEX])
{
	unsigned char	 h[TOKEN_BYTES];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, TOKEN_HEX, h, sizeof(h));
}

/*
 * A value bound to a secret: keyed BLAKE2b of purpose under key, hex.
 * The CSRF token of a session is secret_derive(session_token, "csrf"),
 * so it needs no storage and dies with the session.
 */
void
secret_derive(const char *key, const char *purpose, char out[TOKEN_HEX])
{
	unsigned char	 h[TOKEN_BYTES];
	size_t		 klen;

	klen = strlen(key);
	if (klen > crypto_generichash_KEYBYTES_MAX)
		klen = crypto_generichash_KEYBYTES_MAX;
	crypto_generichash(h, sizeof(h), (const unsigned char *)purpose,
	    strlen(purpose), (const unsigned char *)key, klen);
	sodium_bin2hex(out, TOKEN_HEX, h, sizeof(h));
}

/* 1 when a and b are the same string, in time independent of content. */
int
secret_equal(const char *a, const char *b)
{
	size_t	 n;

	if (a == NULL || b == NULL)
		return (0);
	n = strlen(a);
	if (n != strlen(b) || n == 0)
		return (0);
	return (sodium_memcmp(a, b, n) == 0);
}

/*
 * The cost of a new hash: OWASP's Password Storage Cheat Sheet's minimum
 * for Argon2id, m = 19 MiB, t = 2, p = 1 (libsodium's hashes are p = 1).
 * Hashes made before issue 16 used libsodium's "interactive" limits,
 * 64 MiB and t = 2: 3.4 times the work and memory for each login, which
 * on a 2-core server held 20 concurrent logins to ~5 a second (3.7 s
 * each) beside the verification load; an attacker's cost per guess falls
 * by that factor too, which OWASP's minimum still bounds. Those hashes
 * still verify (the string carries its parameters) and are rehashed at
 * the next login (secret_password_stale()).
 */
#define PW_OPSLIMIT	2
#define PW_MEMLIMIT	(19U * 1024 * 1024)

_Static_assert(PW_OPSLIMIT >= crypto_pwhash_OPSLIMIT_MIN &&
    PW_MEMLIMIT >= crypto_pwhash_MEMLIMIT_MIN, "within libsodium's limits");

/* Argon2id hash of password into out; 0 when out of memory. Slow. */
int
secret_password_hash(const char *password, char out[PWHASH_LEN])
{
	return (crypto_pwhash_str_alg(out, password, strlen(password),
	    PW_OPSLIMIT, PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) == 0);
}

/*
 * 1 when stored, a valid Argon2id string, was made with other parameters
 * than secret_password_hash() uses now (or another algorithm): it should
 * be replaced by a new hash of the password once a login has proved it.
 * 0 when it is current, or not a hash at all ("!": no password).
 */
int
secret_password_stale(const char *stored)
{
	if (strncmp(stored, "$argon2", 7) != 0)
		return (0);
	return (crypto_pwhash_str_needs_rehash(stored, PW_OPSLIMIT,
	    PW_MEMLIMIT) == 1);
}

/* 1 when password matches the stored Argon2id string. Slow. */
int
secret_password_verify(const char *stored, const char *password)
{
	return (crypto_pwhash_str_verify(stored, password,
	    strlen(password)) == 0);
}

void
secret_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

/*
 * A new random password of n - 1 characters (n <= 64), from an alphabet
 * without look-alikes (no 0/O, 1/l/I) so it can be read out on a phone.
 * Uniform: a random byte is used only below the largest multiple of the
 * alphabet's size (rejection sampling), drawn 64 at a time — one
 * getrandom() for a code, not one per character (a 20,000-row roster
 * made 220,000 system calls).
 */
void
secret_password_new(char *out, size_t n)
{
	static const char	 alphabet[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	const unsigned int	 size = sizeof(alphabet) - 1;
	const unsigned int	 limit = 256 - 256 % size;
	unsigned char		 pool[64];
	size_t			 i, k = sizeof(pool);

	for (i = 0; i + 1 < n; ) {
		if (k == sizeof(pool)) {
			randombytes_buf(pool, sizeof(pool));
			k = 0;
		}
		if (pool[k] < limit)
			out[i++] = alphabet[pool[k] % size];
		k++;
	}
	out[i] = '\0';
	sodium_memzero(pool, sizeof(pool));
}

/*
 * Read the len-byte key in the file at path into key, making the file
 * first (random, mode 0600, O_EXCL so two processes starting at once
 * cannot both write it) if there is none. 1, or 0 with a reason in err
 * (key wiped). Call after secret_init().
 */
int
secret_key_file(const char *path, unsigned char *key, size_t len,
    char *err, size_t errsz)
{
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 && errno == ENOENT) {
		randombytes_buf(key, len);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd != -1 && write(fd, key, len) == (ssize_t)len &&
		    fsync(fd) == 0) {
			close(fd);
			return (1);
		}
		if (fd == -1 && errno == EEXIST)	/* another made it */
			return (secret_key_file(path, key, len, err, errsz));
		(void)snprintf(err, errsz, "%s: %s", path, strerror(errno));
		if (fd != -1) {
			close(fd);
			(void)unlink(path);
		}
		sodium_memzero(key, len);
		return (0);
	}
	if (fd == -1) {
		(void)snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return (0);
	}
	n = read(fd, key, len);
	close(fd);
	if (n != (ssize_t)len) {
		(void)snprintf(err, errsz, "%s: not a %zu-byte key", path, len);
		sodium_memzero(key, len);
		return (0);
	}
	return (1);
}

/*
 * A random key for anonymous CSRF tokens, for this process only (the unit
 * tests; the server reads its key with secret_csrf_key_load()).
 */
void
secret_csrf_key(void)
{
	crypto_auth_keygen(csrf_key);
	csrf_key_made = 1;
}

/*
 * Read the key anonymous CSRF tokens are signed with from
 * root/CSRF_KEY_FILE (made on first start), in the parent before the
 * workers fork. Every worker, every restart and every front end sharing
 * the data directory's keys accepts a token another issued: a form
 * fetched from one server posts to another behind the same balancer,
 * and a restart does not expire open forms. 0 with a reason in err.
 */
int
secret_csrf_key_load(const char *root, char *err, size_t errsz)
{
	char	 path[1024];

	(void)snprintf(path, sizeof(path), "%s/%s", root, CSRF_KEY_FILE);
	csrf_key_made = secret_key_file(path, csrf_key, sizeof(csrf_key), err,
	    errsz);
	return (csrf_key_made);
}

/*
 * A new anonymous CSRF token, as lowercase hex: CSRF_RANDOM fresh random
 * bytes followed by their HMAC-SHA512-256 (crypto_auth) under the server's
 * key, cut to CSRF_TAG bytes (128 bits: RFC 2104 allows half the hash). A double-submit cookie alone takes any value the caller (or a
 * sibling subdomain that can plant cookies) chooses; signed, only a value
 * this server made passes secret_csrf_valid().
 */
void
secret_csrf_token(char out[CSRF_HEX])
{
	unsigned char	 raw[CSRF_BYTES], tag[crypto_auth_BYTES];

	randombytes_buf(raw, CSRF_RANDOM);
	crypto_auth(tag, raw, CSRF_RANDOM, csrf_key);
	memcpy(raw + CSRF_RANDOM, tag, CSRF_TAG);
	sodium_bin2hex(out, CSRF_HEX, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(tag, sizeof(tag));
}

/*
 * 1 when token is exactly CSRF_HEX - 1 lowercase hex digits whose tag is
 * the (cut) crypto_auth of their random part under this server's key,
 * compared in constant time (sodium_memcmp). 0 for anything else, and
 * always 0 before secret_csrf_key() (fail closed).
 */
int
secret_csrf_valid(const char *token)
{
	unsigned char	 raw[CSRF_BYTES], tag[crypto_auth_BYTES];
	size_t		 i, n;
	int		 ok;

	if (token == NULL || !csrf_key_made)
		return (0);
	for (i = 0; token[i] != '\0'; i++) {
		if (!((token[i] >= '0' && token[i] <= '9') ||
		    (token[i] >= 'a' && token[i] <= 'f')))
			return (0);
	}
	if (i != CSRF_HEX - 1)
		return (0);
	if (sodium_hex2bin(raw, sizeof(raw), token, i, NULL, &n, NULL) != 0 ||
	    n != sizeof(raw))
		return (0);
	crypto_auth(tag, raw, CSRF_RANDOM, csrf_key);
	ok = sodium_memcmp(raw + CSRF_RANDOM, tag, CSRF_TAG) == 0;
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(tag, sizeof(tag));
	return (ok);
}
