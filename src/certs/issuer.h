/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * issuer.h: who issues a certificate — the station's signing key (in
 * the signing process, signer.h), the origin QR codes point to (both set
 * up in the parent) and the issuer of a staff request.
 */
#ifndef YJ_ISSUER_H
#define YJ_ISSUER_H

#include "web.h"

/*
 * Parent, before the fork: read the templates (certs/), the origin QR
 * codes point to and the DID that names the station, and start the
 * signing process with the keys under root. Stops start-up (fatalx) when
 * a template or YUJIANG_PUBLIC_URL is wrong.
 */
void		 issuer_configure(const char *root);

/* https://host[:port] QR codes point to (borrowed, static; "" before
 * issuer_configure). */
const char	*issuer_origin(void);

/*
 * The issuer for a staff request into *is: the signing process's active
 * key (a signer that fails when it does not answer, so issuing answers
 * 500 rather than crashes), this origin, today (written into today, which
 * *is borrows), the user.
 */
void		 issuer_for(struct ctx *, struct cert_issuer *is,
		    char today[11]);

#endif
