/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * issuer.c: who issues a certificate — the signing key (held by the
 * signing process, signer.c, forked by the parent before the workers: a
 * worker's issuer signs through it and never holds a private key), the
 * origin QR codes point to, and the issuer of a staff request.
 */
#include <string.h>
#include <time.h>

#include "certimg.h"
#include "certfile.h"
#include "issuer.h"
#include "signer.h"

static char		 origin[ORIGIN_MAX];

/*
 * Parent, before the fork: templates, where QR codes point, the DID that
 * names the station, and the signing process with the keys.
 */
void
issuer_configure(const char *root)
{
	char		 err[256], did[SIGN_DID_WEB_LEN + 1];

	if (!certimg_load("certs", err, sizeof(err)))
		fatalx("certs/: %s", err);
	if (!certfile_origin(origin, sizeof(origin)) ||
	    !sign_did_web(origin, did, sizeof(did)))
		fatalx("YUJIANG_PUBLIC_URL must be http(s)://host[:port] in "
		    "lower case, without a path: %s", origin);
	signer_start(root, did);
	kore_log(LOG_NOTICE, "yujiang: QR codes open %s/v/<code>", origin);
}

const char *
issuer_origin(void)
{
	return (origin);
}

/* A signer that cannot sign: the issuer's when the signing process does
 * not answer, so that issuing fails (500, logged) rather than crashes. */
static int
no_sign(const char *kid, const unsigned char *m, size_t n,
    unsigned char sig[64])
{
	return (0);
}

static const struct signer	 unavailable = { .remote = no_sign };

/* The issuer for a staff request: the active key, this server, today. */
void
issuer_for(struct ctx *ctx, struct cert_issuer *is, char today[11])
{
	const struct signer	*s;
	int			 k;

	memset(is, 0, sizeof(*is));
	web_today(today);
	is->signer = (s = signer_active()) != NULL ? s : &unavailable;
	is->origin = origin;
	is->today = today;
	for (k = 0; k < KIND__COUNT; k++)
		is->valid_years[k] = certtpl_valid_years((enum cert_kind)k);
	is->by = ctx->user.id;
	is->now = (int64_t)time(NULL);
}
