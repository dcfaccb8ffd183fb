/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sign.h: the issuer's Ed25519 key and the signed claims a certificate's
 * QR carries, so that a scan can be checked offline with only the public
 * key. The QR text is
 *
 *	<origin>/v/<code>#<base64url(claims JSON)>.<base64url(signature)>
 *
 * The browser opens /v/<code> (a fragment is never sent to the server);
 * an offline verifier checks the signature over the claims' exact bytes,
 * then that the URL's origin and code are the ones signed. All through
 * libsodium; pure but for reading and creating the key file.
 */
#ifndef YJ_SIGN_H
#define YJ_SIGN_H

#include <stddef.h>

#include "serial.h"

#define KID_HEX		16	/* first 8 bytes of BLAKE2b(public key) */
#define CLAIM_TEXT	256	/* bytes of a holder's name or a title */
#define ORIGIN_MAX	128
#define QR_TEXT_MAX	1024
#define KEY_FILE	"keys/ed25519.key"	/* under the data directory */
#define B58_MAX		128	/* bytes sign_b58_encode()/sign_b58_decode() handle */
#define SIGN_MULTIBASE_LEN 48	/* "z6Mk…" of an Ed25519 key, at most */
#define SIGN_DID_LEN	(8 + SIGN_MULTIBASE_LEN)	/* "did:key:z6Mk…" */
#define SIGN_DID_WEB_LEN (8 + 3 * ORIGIN_MAX)	/* "did:web:" %-encoded */
#define SIGN_VM_LEN	(SIGN_DID_WEB_LEN + 1 + SIGN_DID_LEN)	/* did#key */
#define SIGN_MSG_MAX	2048	/* bytes sign_detached() signs, at most */

struct pubkey {
	unsigned char	 pk[32];
	char		 kid[KID_HEX + 1];
};

/*
 * A key that signs. Either it holds the secret key (the admin tool, the
 * signing process, the tests), or remote is set and sk stays all zero:
 * each signature is then asked of the process that holds it (signer.c,
 * the server's workers). did names the DID document that lists the key
 * (did:web:host); "" means the key's own did:key.
 */
struct signer {
	unsigned char	 sk[64];	/* libsodium's seed || public key */
	struct pubkey	 pub;
	char		 did[SIGN_DID_WEB_LEN + 1];
	int		(*remote)(const char *kid, const unsigned char *,
			    size_t, unsigned char [64]);
};

/* What the signature covers. Dates are YYYY-MM-DD; expires "" if none. */
struct claims {
	char	 kid[KID_HEX + 1];
	char	 origin[ORIGIN_MAX];	/* https://host[:port], no slash */
	char	 code[CODE_LEN + 1];
	char	 serial[SERIAL_LEN + 1];
	char	 holder[CLAIM_TEXT];
	char	 kind[16];		/* cert_kind_code() */
	char	 title[CLAIM_TEXT];	/* what was earned */
	int	 level;			/* 1-5 for a level, else 0 */
	char	 issued[11];
	char	 expires[11];
};

enum scan {
	SCAN_OK,
	SCAN_MALFORMED,		/* not a Yujiang certificate's QR text */
	SCAN_UNKNOWN_KEY,	/* signed with a key we do not have */
	SCAN_BAD_SIGNATURE,	/* altered, or forged */
	SCAN_MISMATCH,		/* the URL is not the one signed */
};

/*
 * Open the key file at path (the seed, 32 bytes in hex); with create,
 * make one (mode 0600, its directory 0700) when there is none. 0 with
 * err set when it cannot be read or is malformed, too open, or owned by
 * another user than the one running (geteuid()).
 */
int	 sign_key_open(const char *path, int create, struct signer *,
	    char *err, size_t errsz);
/* The same for any 32-byte secret kept in such a file. */
int	 sign_secret_open(const char *path, int create, unsigned char [32],
	    char *err, size_t errsz);
void	 sign_kid(const unsigned char [32], char [KID_HEX + 1]);
void	 sign_wipe(struct signer *);
/*
 * Sign the n bytes at m (n <= SIGN_MSG_MAX) with s, locally or through
 * s->remote: 1 and sig filled, or 0 (the signing process did not answer).
 */
int	 sign_detached(const struct signer *, const unsigned char *m,
	    size_t n, unsigned char sig[64]);
/*
 * The did:web DID of an origin (http(s)://host[:port]) into out: the host
 * with every character but letters, digits, '.', '-' percent-encoded, so
 * the port's colon is %3A as the did:web spec says. 0 when it does not
 * fit or origin is not one.
 */
int	 sign_did_web(const char *origin, char *out, size_t outsz);
/*
 * The verification method that names s's key in a proof: did#kid under
 * a did:web, did:key:z6Mk…#z6Mk… without one.
 */
void	 sign_vm(const struct signer *, char *out, size_t outsz);
/* The key pair a 32-byte seed makes (what the key file holds). */
void	 sign_key_seed(const unsigned char [32], struct signer *);
/* A public key given as did:key:z6Mk… or 32 bytes in base64url: 1 and
 * pk, kid filled when it is one. */
int	 sign_pubkey_parse(const char *, struct pubkey *);

/*
 * 1 when sig is key's signature over the n bytes of m (the score log's
 * heads, signed with sign_detached()).
 */
#define SIG_B64_LEN	87	/* 64 bytes in base64url, with its NUL */
int	 sign_bytes_check(const struct pubkey *, const void *m, size_t n,
	    const unsigned char sig[64]);

/* 1 when c may be sealed: each field well formed (kid not looked at). */
int	 claims_valid(const struct claims *);
int	 claims_date_valid(const char *);	/* YYYY-MM-DD, a real day */
int	 claims_origin_valid(const char *);	/* http(s)://host[:port] */

/* The QR text for claims c, signed: 0 when it does not fit or c is bad.
 * c->kid is not read: the signer's own kid is what gets signed. */
int	 claims_seal(const struct claims *, const struct signer *,
	    char *out, size_t outsz);
/* Check a scanned text against the known keys; fills *c on SCAN_OK. */
enum scan claims_check(const char *text, const struct pubkey *, size_t,
	    struct claims *);
const char *scan_text(enum scan);	/* for the admin tool's message */

/* Base58btc (Bitcoin alphabet) for multibase; libsodium has no base58.
 * 0 when out is too small or (decode) the input is not base58. */
int	 sign_b58_encode(const unsigned char *, size_t, char *, size_t);
int	 sign_b58_decode(const char *, unsigned char *, size_t, size_t *);

/* did:key:z6Mk… for an Ed25519 public key (multicodec 0xed01). */
void	 sign_did_key(const unsigned char [32], char *, size_t);
/* The public key as a Multikey "publicKeyMultibase" (z6Mk…). */
void	 sign_multibase(const unsigned char [32], char *, size_t);

#endif
