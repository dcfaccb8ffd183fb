/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * statuscred.c: the signed BitstringStatusListCredential (status.h): the
 * list status.c encodes, as a credential with an eddsa-jcs-2022 proof, as
 * every credential of ours (vc_prove()). Apart from status.c because vc.c
 * calls status.c for a credential's entries: this file calls both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <jansson.h>

#include "status.h"
#include "vc.h"

static void
utc(int64_t t, char out[32])
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	gmtime_r(&tt, &tm);
	(void)strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_t *
status_credential(enum status_purpose p, const unsigned char *bits,
    const char *origin, const struct signer *s, int64_t now)
{
	char	 url[512], subject[560], from[32], until[32];
	char	 did[SIGN_DID_WEB_LEN + 1], *enc;
	json_t	*doc;

	if ((unsigned)p >= STATUS__COUNT ||
	    (enc = status_encode(bits, STATUS_BYTES)) == NULL)
		return (NULL);
	status_list_url(origin, p, url, sizeof(url));
	(void)snprintf(subject, sizeof(subject), "%s#list", url);
	utc(now, from);
	utc(now + STATUS_VALID, until);
	/* The list's issuer is the credentials' (verifiers compare them):
	 * the station's did:web, or the key's did:key without one. */
	if (s->did[0] != '\0')
		(void)snprintf(did, sizeof(did), "%s", s->did);
	else
		sign_did_key(s->pub.pk, did, sizeof(did));
	doc = json_pack("{s:[s], s:s, s:[s,s], s:s, s:s, s:s, "
	    "s:{s:s, s:s, s:s, s:s, s:i}}",
	    "@context", "https://www.w3.org/ns/credentials/v2",
	    "id", url,
	    "type", "VerifiableCredential", "BitstringStatusListCredential",
	    "issuer", did, "validFrom", from, "validUntil", until,
	    "credentialSubject", "id", subject, "type", "BitstringStatusList",
	    "statusPurpose", status_purpose_code(p), "encodedList", enc,
	    "ttl", STATUS_TTL_MS);
	free(enc);
	if (doc == NULL || !vc_prove(doc, s, from)) {
		json_decref(doc);
		return (NULL);
	}
	return (doc);
}
