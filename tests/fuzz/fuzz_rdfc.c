/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * A credential as JSON from outside (jansson, then what reads it):
 * RDFC-1.0 (rdfc_canonical()), JCS (vc_jcs()), and the proof
 * check (vc_verify()) against a fixed key, under which mkseeds.c signed
 * the corpus' credential.
 */
#include <jansson.h>
#include <sodium.h>

#include "fuzz.h"
#include "rdfc.h"
#include "vc.h"

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
	json_t		*doc;
	char		*nq;
	size_t		 n;

	if ((doc = json_loadb((const char *)data, size, 0, NULL)) == NULL)
		return (0);
	if ((nq = rdfc_canonical(doc, &n)) != NULL) {
		if (strlen(nq) != n)
			abort();
		free(nq);
	}
	if ((nq = vc_jcs(doc, &n)) != NULL)
		free(nq);
	(void)vc_verify(doc, key.pub.pk, NULL);
	json_decref(doc);
	return (0);
}
