/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * vc.h: a certificate as a W3C Verifiable Credential 2.0 / Open Badges
 * 3.0 OpenBadgeCredential, secured with a set of two Data Integrity
 * proofs: eddsa-jcs-2022 (JCS, RFC 8785, then Ed25519) and
 * eddsa-rdfc-2022 (RDFC-1.0 canonical N-Quads, then Ed25519), so wallets
 * and verifiers outside Yujiang can read and check it. The issuer is the
 * station's did:web (/.well-known/did.json lists its keys, the retired
 * ones too); credentials made before keys rotated name the key's did:key.
 */
#ifndef YJ_VC_H
#define YJ_VC_H

#include <stddef.h>

#include <jansson.h>

#include "sign.h"

struct vc_input {
	const struct claims	*claims;
	const char		*title_zh;	/* what was earned, both ways */
	const char		*title_en;
	const char		*issuer_zh;	/* the station's name */
	const char		*issuer_en;
	const char		*created;	/* the proof's time, RFC 3339 UTC */
	/* Where its status lists are (credentialStatus), or NULL for none;
	 * its position in them. */
	const char		*status_origin;
	unsigned int		 status_index;
};

enum vc_suite {
	VC_EDDSA_JCS_2022,
	VC_EDDSA_RDFC_2022,
	VC_SUITE__COUNT
};

/* The signed credential, its "proof" an array of an eddsa-jcs-2022 and
 * an eddsa-rdfc-2022 proof (json_decref() it), or NULL. */
json_t	*vc_credential(const struct vc_input *, const struct signer *);

/*
 * Add an eddsa-jcs-2022 proof, made with s at created (RFC 3339 UTC,
 * "2026-01-05T08:00:00Z"), to the unsecured document doc: 1 when done;
 * 0, doc unchanged, when doc has a proof already or JCS cannot express
 * it. vc_credential() uses it; the tests sign the W3C test vector.
 */
int	 vc_prove(json_t *doc, const struct signer *, const char *created);

/*
 * Add a proof of suite, made with s at created (RFC 3339 UTC), to doc's
 * proof set: computed over doc without any proof, then "proof" is that
 * proof alone, or an array of the proofs doc had and it. 1 when done;
 * 0, doc unchanged, when doc's shape or created is refused.
 */
int	 vc_prove_set(json_t *doc, enum vc_suite, const struct signer *,
	    const char *created);

/*
 * Check the proof, or every proof of the proof set, on doc with the
 * public key pk: each must be eddsa-jcs-2022 or eddsa-rdfc-2022, its
 * verificationMethod must name pk (as did#kid under did, a did:web, or
 * as pk's did:key when did is NULL), and it must verify over doc without
 * its proofs. 1 when all do (an empty set does not).
 */
int	 vc_verify(json_t *doc, const unsigned char pk[32], const char *did);

/* The document's JCS (RFC 8785) form: malloc'ed (free() it), its length
 * without the NUL to *len; NULL when it holds something JCS cannot
 * express here: a real number, an integer beyond 2^53 - 1. */
char	*vc_jcs(json_t *, size_t *);

#endif
