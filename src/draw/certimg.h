/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * certimg.h: certificate templates (certs/<kind>.yaml: layout, wording in
 * zh and en, colours, border and seal; read by certtpl.c) and the PNG
 * drawn from one with
 * libgd, FreeType (CJK fonts from Debian) and libqrencode. Pure drawing:
 * the caller gives every word; thread-safe after gdFontCacheSetup(), so
 * it runs on Kore task threads.
 */
#ifndef YJ_CERTIMG_H
#define YJ_CERTIMG_H

#include <stddef.h>

#include "serial.h"

/* Fonts under the font directory (the server copies them into its root). */
#define FONT_HEI	"wqy-microhei.ttc"
#define FONT_KAI	"ukai.ttc"

/* A4 landscape at 150 dpi; scale 2 gives the 300 dpi print variant. */
#define CERT_W		1754
#define CERT_H		1240

/* The longest QR text issuing allows: the templates' QR boxes hold 779
 * bytes at 4 px a module (test_certimg checks it); a longer one would be
 * too fine to scan from paper. */
#define CERT_QR_FIT	760

struct cert_face {
	enum cert_kind	 kind;
	enum cert_lang	 lang;
	const char	*holder;
	const char	*title_zh;	/* what was earned */
	const char	*title_en;
	const char	*issued;	/* YYYY-MM-DD */
	const char	*expires;	/* YYYY-MM-DD, or NULL */
	const char	*serial;
	const char	*qr_text;	/* claims_seal()'s text */
};

/*
 * Read certs/ (one YAML template per kind, all required) once per
 * process. 0 with err "FILE:LINE: reason" when a template is broken.
 */
int	 certimg_load(const char *dir, char *err, size_t errsz);

/* What the templates say (certtpl.c): years a certificate of this kind
 * stays valid (0: it does not expire; -1 before certimg_load), and the
 * issuer's name as they word it (zh, en; "" before). */
int	 certtpl_valid_years(enum cert_kind);
const char *certtpl_issuer(enum cert_lang);

/*
 * Draw the certificate: *png (gdFree() it) of *size bytes, CERT_W*scale
 * by CERT_H*scale. 0 with err set when a font, the QR or memory fails.
 */
int	 cert_png(const struct cert_face *, const char *fontdir, int scale,
	    void **png, int *size, char *err, size_t errsz);

/*
 * The same certificate as a print PDF (certpdf.c, cairo + pango): A4
 * landscape, vector text in the fonts of fontdir embedded as subsets,
 * the QR as vector squares. *pdf (free() it) of *size bytes; 0 with err
 * set when a font, the QR or memory fails. Thread-safe (renders in one
 * process take turns).
 */
int	 cert_pdf(const struct cert_face *, const char *fontdir, void **pdf,
	    size_t *size, char *err, size_t errsz);
/* Once in a process that will be sandboxed, before it is (certpdf.c). */
void	 cert_pdf_prepare(void);
/* At exit, for leak checkers: the fonts the PDFs were drawn with. */
void	 cert_pdf_free(void);

#endif
