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

int	secret_init(void);
void	secret_token(char [TOKEN_HEX]);
void	secret_token_hash(const char *, char [TOKEN_HEX]);
void	secret_derive(const char *, const char *, char [TOKEN_HEX]);
int	secret_equal(const char *, const char *);
int	secret_password_hash(const char *, char [PWHASH_LEN]);
int	secret_password_verify(const char *, const char *);
void	secret_wipe(void *, size_t);
void	secret_password_new(char *, size_t);

#endif
