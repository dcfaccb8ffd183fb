/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * code.h: one-time codes (6 digits) and the keyed hash they are stored
 * under. Pure: libsodium only, no Kore, no SQL.
 */
#ifndef YJ_CODE_H
#define YJ_CODE_H

#include <stddef.h>
#include <stdint.h>

#include "secret.h"

#define CODE_DIGITS	6
#define CODE_KEY_FILE	"code.key"	/* in the data directory, 0600 */

int	code_key_load(const char *, char *, size_t);
void	code_key_set(const unsigned char [32]);
int	code_key_ready(void);
void	code_new(char [CODE_DIGITS + 1]);
int	code_normalise(const char *, char [CODE_DIGITS + 1]);
void	code_hash(const char *, int64_t, const char *, const char *,
	    char [TOKEN_HEX]);

#endif
