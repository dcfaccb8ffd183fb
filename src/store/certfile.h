/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * certfile.h: a certificate's PNG in the data directory. Issuing signs
 * and stores the certificate; the picture is drawn once from the stored
 * row (off the event loop) and written beside the database as
 * certificates/<serial>.png, with its print PDF beside it as
 * certificates/<serial>.pdf (drawn in the same step), and drawn again
 * only if a file is lost.
 */
#ifndef YJ_CERTFILE_H
#define YJ_CERTFILE_H

#include <stddef.h>

#include "certimg.h"
#include "datafile.h"
#include "db.h"

#define FONT_DIR	"fonts"

/* Where everything a certificate needs lives, relative to the data
 * directory (the server's root; the admin tool chdirs there). */
void	 certfile_path(const struct cert *, char *, size_t);
void	 certfile_pdf_path(const struct cert *, char *, size_t);
void	 certfile_face(const struct cert *, struct cert_face *);

/*
 * Draw c and write it to certfile_path() and its PDF to
 * certfile_pdf_path() (each a temporary file renamed into place, so a
 * reader never sees half a picture; the PDF first, so a PNG present
 * means both are) under the data directory root ("." in a worker, whose
 * root it is). Thread-safe. 0 with err set on failure.
 */
int	 certfile_render(const char *root, const struct cert *, char *err,
	    size_t errsz);
/*
 * Record what c's PNG and PDF under root take on disk in the store (the
 * dashboard's running sum of the data directory). Not thread-safe: on
 * the event loop or in the admin tool, after certfile_render().
 */
void	 certfile_account(const char *root, const struct cert *);

/*
 * Where QR codes point: YUJIANG_PUBLIC_URL (the address phones reach)
 * without a trailing slash, or http://127.0.0.1:8888. 0 when it is not
 * an origin a certificate can be signed for (claims_origin_valid()).
 */
int	 certfile_origin(char *, size_t);

/* Copy Debian's CJK fonts into root/fonts once (the workers are
 * chrooted there). 0 with err set when one cannot be copied. */
int	 certfile_fonts(const char *root, char *err, size_t errsz);

#endif
