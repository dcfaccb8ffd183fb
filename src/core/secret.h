/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * secret.h: passwords and tokens, all through libsodium. Nothing here
 * logs a secret; buffers that held one are wiped before they are freed.
 */
#ifndef YJ_SECRET_H
#define YJ_SECRET_H

#include <stddef.h>

#define TOKEN_BYTES	32
#define TOKEN_HEX	(TOKEN_BYTES * 2 + 1)	/* with the NUL */
#define PWHASH_LEN	128			/* crypto_pwhash_STRBYTES */
/*
 * An anonymous CSRF token: 16 random bytes || the first 16 bytes of their
 * crypto_auth (HMAC-SHA512-256) tag, so it has a session token's shape
 * (64 hex digits: the v_token validator, ctx.csrf, clients unchanged).
 */
#define CSRF_RANDOM	16
#define CSRF_TAG	16
#define CSRF_BYTES	(CSRF_RANDOM + CSRF_TAG)
#define CSRF_HEX	(CSRF_BYTES * 2 + 1)	/* with the NUL */

int	secret_init(void);
void	secret_token(char [TOKEN_HEX]);
void	secret_token_hash(const char *, char [TOKEN_HEX]);
void	secret_derive(const char *, const char *, char [TOKEN_HEX]);
int	secret_equal(const char *, const char *);
int	secret_password_hash(const char *, char [PWHASH_LEN]);
int	secret_password_verify(const char *, const char *);
int	secret_password_stale(const char *);
void	secret_wipe(void *, size_t);
void	secret_password_new(char *, size_t);
void	secret_csrf_key(void);
int	secret_csrf_key_load(const char *, char *, size_t);
int	secret_key_file(const char *, unsigned char *, size_t, char *,
	    size_t);
void	secret_csrf_token(char [CSRF_HEX]);
int	secret_csrf_valid(const char *);

#define CSRF_KEY_FILE	"csrf.key"	/* in the data directory, 0600 */

#endif
