/*
 * secret.c: Argon2id password hashes (crypto_pwhash_str at libsodium's
 * interactive limits: ~60 ms and 64 MiB here, so callers in the server
 * run them on a Kore task thread, never on the event loop), random
 * tokens, token digests for storage, and constant-time comparison.
 */
#include <string.h>

#include <sodium.h>

#include "secret.h"

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

/* Argon2id hash of password into out; 0 when out of memory. Slow. */
int
secret_password_hash(const char *password, char out[PWHASH_LEN])
{
	return (crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
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
 */
void
secret_password_new(char *out, size_t n)
{
	static const char	 alphabet[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t			 i;

	for (i = 0; i + 1 < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[i] = '\0';
}
