/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * certtpl.h: a certificate template as certtpl.c reads it from
 * certs/<kind>.yaml, shared by the two ways a certificate is drawn: the
 * PNG (certimg.c, libgd) and the print PDF (certpdf.c, cairo + pango),
 * so both take every position, size, colour and wording from the same
 * numbers. Internal to those files and certtpl.c.
 */
#ifndef YJ_CERTTPL_H
#define YJ_CERTTPL_H

#include "certimg.h"

#define TEXTS_MAX	16	/* text elements in one template */
#define WORDING_MAX	256	/* bytes of one wording, zh or en */
#define LINE_MAX_BYTES	4096	/* a line with its placeholders filled */
#define QR_QUIET	4	/* modules of white around the code */
#define QR_MODULE	4	/* pixels a module at scale 1 */
#define SEAL_SS		4	/* the seal is drawn 4 times finer, reduced */

/*
 * Where a line's visual middle sits above its baseline, and how tall it
 * looks, in ems; measured on both fonts (CJK ideographs and Latin capitals
 * agree within 2 %).
 */
#define EM_MIDDLE	0.36
#define EM_CJK_HEIGHT	0.85
#define EM_LATIN_HEIGHT	0.75
#define EM_SUB_GAP	0.45	/* between a Chinese line and its English */

enum typeface {
	TF_HEI,
	TF_KAI,
};

enum align {
	ALIGN_LEFT,
	ALIGN_CENTRE,
	ALIGN_RIGHT,
};

enum colour {
	C_PAPER,
	C_INK,
	C_ACCENT,
	C_MUTED,
	C_SEAL,
	C__COUNT
};

/* What a wording may name, and which of them change per certificate. */
enum ph {
	PH_HOLDER,
	PH_TITLE,
	PH_ISSUED,
	PH_EXPIRES,
	PH_SERIAL,
	PH_ISSUER,
	PH__COUNT
};

#define PH_DYNAMIC	(~(1u << PH_ISSUER) & ((1u << PH__COUNT) - 1))

/* One line of wording (two on a bilingual certificate). */
struct text {
	char		 name[32];
	int		 x, y;		/* anchor; y is the block's middle */
	enum align	 align;
	enum typeface	 font;		/* for lines with Chinese in them */
	enum typeface	 font_en;	/* for lines without */
	int		 size;		/* px: Chinese, and the single line */
	int		 size_en;	/* px: the English alone */
	int		 size_sub;	/* px: English under Chinese */
	int		 tracking;	/* px between Chinese characters */
	int		 width;		/* the line shrinks to fit this */
	int		 colour;	/* see COLOUR() */
	char		 zh[WORDING_MAX];
	char		 en[WORDING_MAX];
	unsigned int	 names;		/* bit per enum ph named */
	int		 line;
};

struct tpl {
	int		 valid_years;
	char		 issuer_zh[WORDING_MAX];
	char		 issuer_en[WORDING_MAX];
	int		 colours[C__COUNT];	/* 0xRRGGBB */
	struct {
		int	 inset, outer, gap, inner, corner;
	} border;
	struct {
		int	 x, y, radius;
		int	 colour;	/* see COLOUR() */
		char	 centre[16];	/* "star" or one character */
		char	 under[64];	/* the straight line of words */
	} seal;
	struct {
		int	 x, y, size;
	} qr;
	struct text	 texts[TEXTS_MAX];
	int		 ntexts;
	/* Lines where things were said, for later checks' messages. */
	int		 issuer_line, seal_line, qr_line, text_line;
};

/*
 * A colour as a template gives it: 0xRRGGBB, or -1 - enum colour for a
 * name of its colours; this is its 0xRRGGBB.
 */
#define COLOUR(t, c)	((c) < 0 ? (t)->colours[-1 - (c)] : (c))

/* Read every kind's template from dir into next (KIND__COUNT); 0 with
 * err "FILE:LINE: reason" at the first mistake. */
int	 certtpl_read(const char *dir, struct tpl *next, char *err,
	    size_t errsz);
/* Make next (read whole by certtpl_read) the templates in use; the
 * caller holds off renders (certimg_load). */
void	 certtpl_publish(const struct tpl *next);

/* The template of kind k, NULL until certimg_load() succeeded (borrowed:
 * static, read-only after loading). */
const struct tpl *certtpl_get(enum cert_kind);

/* The frame's inside edge, from the page's edge, in px at scale 1. */
int	 certtpl_frame_inside(const struct tpl *);

/* Whether element e is drawn for face (whole: with the holder's lines;
 * else only the parts every holder shares). */
int	 certtpl_shown(const struct cert_face *, const struct text *, int);

/*
 * The wording w with its placeholders filled from face and t, in
 * Chinese or English (en), into buf. For gd (gd 1) '&' becomes "&#38;",
 * which gd would otherwise read as an entity; text a character cannot be
 * drawn of becomes U+FFFD either way.
 */
void	 certtpl_fill(const struct tpl *, const struct cert_face *,
	    const char *w, int en, int gd, char *buf, size_t bufsz);

/* s as gd must be given it (U+FFFD for what gd cannot draw, '&' as
 * "&#38;"), in buf of bufsz bytes; returns buf. */
const char *certtpl_gd_text(const char *s, char *buf, size_t bufsz);

/* 1 when s has a CJK character: it is drawn in the element's font. */
int	 certtpl_has_cjk(const char *);

#endif
