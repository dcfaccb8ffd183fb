/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * batch.h: drawing certificates' PNGs on Kore task threads (one for a
 * request, or a whole batch spread over both cores in small chunks so
 * logins are never stuck behind it) and the ZIP of a batch. Who issues
 * them is issuer.h's; sending a stored file is web_send_file (web.h).
 */
#ifndef YJ_BATCH_H
#define YJ_BATCH_H

#include "certfile.h"
#include "web.h"

#define BATCH_CHUNK	5	/* certificates a task draws before yielding */

void		 batch_start(int64_t);
int		 batch_zip_path(int64_t, char *, size_t);
void		 batch_zip_stale(int64_t);

/* Request-bound work: draw one certificate / build one ZIP. */
int		 batch_render_start(struct ctx *, const struct cert *);
int64_t		 batch_render_id(const struct ctx *);
int		 batch_zip_start(struct ctx *, int64_t);
int64_t		 batch_zip_id(const struct ctx *);
int		 batch_zip_done(struct ctx *, int *);
int		 batch_zip_again(struct ctx *);

#endif
