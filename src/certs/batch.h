/*
 * batch.h: the server's side of certificates — the issuer (its key in the
 * signing process, signer.h) and the address QR codes point to (set up in
 * the parent), drawing PNGs on Kore
 * task threads (one for a request, or a whole batch spread over both
 * cores in small chunks so logins are never stuck behind it), the ZIP
 * of a batch, and sending a stored file.
 */
#ifndef YJ_BATCH_H
#define YJ_BATCH_H

#include "certfile.h"
#include "web.h"

#define BATCH_CHUNK	5	/* certificates a task draws before yielding */

void		 certs_configure(const char *);
const char	*cert_origin(void);
/* The issuer for a staff request: the signing process's active key
 * (a signer that fails when it does not answer), today, the user. */
void		 cert_issuer_for(struct ctx *, struct cert_issuer *, char [11]);

void		 batch_start(int64_t);
int		 batch_zip_path(int64_t, char *, size_t);
void		 batch_zip_stale(int64_t);

/* Request-bound work: draw one certificate / build one ZIP. */
int		 cert_render_start(struct ctx *, const struct cert *);
int		 batch_zip_start(struct ctx *, int64_t);
int		 batch_zip_done(struct ctx *, int *);
int		 batch_zip_again(struct ctx *);

int		 web_send_file(struct ctx *, const char *, const char *);

#endif
