/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * code.c: the one-time codes that prove a person holds a phone or an
 * email. A code is 6 random digits; only its keyed BLAKE2b hash
 * (crypto_generichash with a 32-byte server key) is stored, bound to
 * the purpose, the account and the address it was sent to, so a leaked
 * database neither shows codes nor lets anyone test the million
 * candidates offline; online guessing is stopped by the try limit
 * (db_ident.c). A slow password hash is not needed for that reason.
 *
 * The key lives in the data directory (CODE_KEY_FILE, made on first
 * start with mode 0600) and is read by the parent before the workers
 * fork, so they never open it inside their root.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "code.h"
#include "secret.h"

static unsigned char	key[crypto_generichash_KEYBYTES];
static int		key_set;

/* Use k as the server key (tests; code_key_load() for the server). */
void
code_key_set(const unsigned char k[32])
{
	memcpy(key, k, sizeof(key));
	key_set = 1;
}

/*
 * Read the key from root/CODE_KEY_FILE, making a random one there first
 * if there is none (secret_key_file()). 0 with a reason in err when it
 * cannot be had.
 */
int
code_key_load(const char *root, char *err, size_t errsz)
{
	char	 path[1024];

	(void)snprintf(path, sizeof(path), "%s/%s", root, CODE_KEY_FILE);
	key_set = secret_key_file(path, key, sizeof(key), err, errsz);
	return (key_set);
}

/* A new code: CODE_DIGITS uniformly random digits. */
void
code_new(char out[CODE_DIGITS + 1])
{
	(void)snprintf(out, CODE_DIGITS + 1, "%06u",
	    (unsigned)randombytes_uniform(1000000));
}

/*
 * What a person typed, as a code: spaces and dashes dropped ("123 456"),
 * full-width digits (from a Chinese keyboard) read as digits. 1 when it
 * is exactly CODE_DIGITS digits.
 */
int
code_normalise(const char *in, char out[CODE_DIGITS + 1])
{
	const unsigned char	*p;
	size_t			 n = 0;

	if (in == NULL)
		return (0);
	for (p = (const unsigned char *)in; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		/* U+FF10..U+FF19, FULLWIDTH DIGIT ZERO..NINE */
		if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 &&
		    p[2] <= 0x99) {
			if (n == CODE_DIGITS)
				return (0);
			out[n++] = (char)('0' + (p[2] - 0x90));
			p += 2;
			continue;
		}
		if (*p < '0' || *p > '9' || n == CODE_DIGITS)
			return (0);
		out[n++] = (char)*p;
	}
	out[n] = '\0';
	return (n == CODE_DIGITS);
}

/*
 * The stored form of code: hex of the keyed BLAKE2b of purpose, user,
 * address and the code, NUL-separated (no field can hold a NUL). Without
 * a key (never loaded) every hash is made under a zero key: the server
 * loads it before the workers fork (app.c), see code_key_ready().
 */
void
code_hash(const char *purpose, int64_t user, const char *address,
    const char *code, char out[TOKEN_HEX])
{
	crypto_generichash_state	 s;
	unsigned char			 h[TOKEN_BYTES];
	char				 uid[24];
	int				 n;

	n = snprintf(uid, sizeof(uid), "%lld", (long long)user);
	crypto_generichash_init(&s, key, sizeof(key), sizeof(h));
	crypto_generichash_update(&s, (const unsigned char *)purpose,
	    strlen(purpose) + 1);
	crypto_generichash_update(&s, (const unsigned char *)uid,
	    (size_t)n + 1);
	crypto_generichash_update(&s, (const unsigned char *)address,
	    strlen(address) + 1);
	crypto_generichash_update(&s, (const unsigned char *)code,
	    strlen(code));
	crypto_generichash_final(&s, h, sizeof(h));
	sodium_bin2hex(out, TOKEN_HEX, h, sizeof(h));
	sodium_memzero(h, sizeof(h));
}

/* 1 once a key was set or loaded. */
int
code_key_ready(void)
{
	return (key_set);
}

