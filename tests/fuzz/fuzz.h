/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * fuzz.h: shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c). Each
 * harness feeds one parser of outside input in the pure core; `make fuzz`
 * builds them with clang, -fsanitize=fuzzer,address,undefined.
 */
#ifndef YJ_FUZZ_H
#define YJ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The Ed25519 seed's bytes of the key fuzz_claims and fuzz_rdfc check
 * against (mkseeds.c signs the seeds with it). */
#define FUZZ_SEED	0x42

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The input as a C string in a block of exactly its size + 1, so that
 * ASan sees any read past the NUL. free() it. */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char	*s;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return (s);
}

#endif
