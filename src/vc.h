/*
 * vc.h: a certificate as a W3C Verifiable Credential 2.0 / Open Badges
 * 3.0 OpenBadgeCredential, secured with a Data Integrity proof of the
 * eddsa-jcs-2022 cryptosuite (JCS, RFC 8785, then Ed25519), so wallets
 * and verifiers outside Yujiang can read and check it. The issuer is the
 * station's did:key, so a verifier needs no network.
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
};

/* The signed credential (json_decref() it), or NULL. */
json_t	*vc_credential(const struct vc_input *, const struct signer *);

/*
 * Check an eddsa-jcs-2022 proof on doc with the public key pk (the key
 * the proof's verificationMethod names must be pk). 1 when it verifies.
 */
int	 vc_verify(json_t *doc, const unsigned char pk[32]);

/* The document's JCS (RFC 8785) form: malloc'ed, or NULL when it holds
 * something JCS cannot express here (a real number, a control byte). */
char	*jcs_canonical(json_t *, size_t *);

#endif
