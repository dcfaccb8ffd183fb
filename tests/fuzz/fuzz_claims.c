/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * The QR text a phone or the admin tool scans (claims_check()), and the
 * public keys and base58 it reads (sign_pubkey_parse(), sign_b58_decode()).
 * The key is fixed (seed FUZZ_SEED) so that the corpus can hold a text
 * signed with it: a mutated claim then reaches past the signature only
 * when the fuzzer keeps the bytes signed, and the parser of the claims
 * JSON is reached by the corpus' good texts.
 */
#include <sodium.h>

#include "fuzz.h"
#include "sign.h"

static struct signer	 key;

int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char	 seed[32];

	if (sodium_init() < 0)
		abort();
	memset(seed, FUZZ_SEED, sizeof(seed));
	sign_key_seed(seed, &key);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct claims	 c;
	struct pubkey	 pk;
	unsigned char	 raw[B58_MAX];
	char		*s;
	size_t		 n;

	s = fuzz_str(data, size);
	memset(&c, 0, sizeof(c));
	if (claims_check(s, &key.pub, 1, &c) == SCAN_OK && !claims_valid(&c))
		abort();	/* a checked claim is a well-formed one */
	(void)sign_pubkey_parse(s, &pk);
	(void)sign_b58_decode(s, raw, sizeof(raw), &n);
	free(s);
	return (0);
}
