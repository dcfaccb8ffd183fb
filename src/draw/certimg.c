/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * certimg.c: the certificate as a picture, from its template (certtpl.c).
 *
 * Everything that does not depend on the holder — paper, the
 * double frame with its 回纹 corners, the wording without the holder's
 * details, the seal — is the template's background, drawn once per kind
 * and language in truecolor (antialiased in 256 levels, the seal
 * translucent over the words it is stamped on) and reduced to a palette
 * of BG_COLOURS. A certificate copies that background, draws the QR and
 * the holder's lines (FreeType through gd, which antialiases in 8 levels
 * on a palette image) and writes a palette PNG. Measured with
 * tests/bench/render.c on the 2-core build machine, per certificate at
 * scale 1:
 *
 *	truecolor, drawn whole, RGB PNG			~75 ms (155 KB)
 *	truecolor background cached, RGB PNG		~42 ms
 *	drawn whole, reduced to a palette		~40 ms (67 KB)
 *	truecolor background cached, reduced each time	~19 ms
 *	palette background cached (this)		 ~8 ms (64 KB)
 *
 * Half of the 8 ms is deflate (zlib level 3: level 1 saves nothing here
 * and writes 25 % more, level 6 takes 60 % longer for 20 % less). The
 * truecolor cache would also hold 8.7 MB a background against 2.2 MB.
 * The print variant (scale 2) is rare: it is drawn whole each time,
 * the holder's lines in 256 levels and the seal over them as on paper.
 *
 * Thread-safe once gdFontCacheSetup() was called: renders share only the
 * read-only templates and the background cache, which is filled under a
 * mutex and never changed after.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <qrencode.h>

#include "certimg.h"
#include "certtpl.h"
#include "utf8.h"

#define BG_COLOURS	200	/* of 256: the rest for the holder's lines */
#define PNG_LEVEL	3	/* zlib level: see the top of the file */

/*
 * The backgrounds at scale 1, one per kind and language, drawn when first
 * asked for (26 MB if all twelve are) with the font directory of that
 * first call. Scale 2 is for printing, rare: drawn each time, not kept.
 */
static struct {
	pthread_mutex_t	 lock;
	gdImagePtr	 bg[KIND__COUNT][CLANG__COUNT];
	char		 fontdir[PATH_MAX];
} cache = { PTHREAD_MUTEX_INITIALIZER, { { NULL } }, "" };

/*
 * Read dir/<kind>.yaml for every kind (certtpl_read). All or nothing: on
 * any failure the templates loaded before stay. Call it before any
 * thread renders (a second call drops the backgrounds drawn from the
 * first).
 */
int
certimg_load(const char *dir, char *err, size_t errsz)
{
	static struct tpl	 next[KIND__COUNT];
	int			 k, l;

	if (!certtpl_read(dir, next, err, errsz))
		return (0);
	pthread_mutex_lock(&cache.lock);
	for (k = 0; k < KIND__COUNT; k++) {
		for (l = 0; l < CLANG__COUNT; l++) {
			if (cache.bg[k][l] != NULL)
				gdImageDestroy(cache.bg[k][l]);
			cache.bg[k][l] = NULL;
		}
	}
	certtpl_publish(next);
	pthread_mutex_unlock(&cache.lock);
	return (1);
}

/*
 * Drawing.
 */

/* One render's context. */
struct pen {
	gdImagePtr		 im;
	const struct tpl	*t;
	const struct cert_face	*face;
	enum cert_lang		 lang;
	int			 scale;
	char			 kai[PATH_MAX];
	char			 hei[PATH_MAX];
	char			*err;
	size_t			 errsz;
};

static int
rgb(const struct pen *p, int c)
{
	int	 v = COLOUR(p->t, c);

	return (gdImageColorResolve(p->im, (v >> 16) & 0xff, (v >> 8) & 0xff,
	    v & 0xff));
}

static int
ft_fail(struct pen *p, const char *font, const char *e)
{
	(void)snprintf(p->err, p->errsz, "%s: %s", font, e);
	return (0);
}

/* The length of the character at s, an "&#38;" counting as one (a
 * malformed byte as one: certtpl_fill() left none). */
static size_t
char_len(const char *s)
{
	unsigned int	 cp;
	size_t		 len;

	if (strncmp(s, "&#38;", 5) == 0)
		return (5);
	return ((len = utf8_seq(s, 4, &cp)) == 0 ? 1 : len);
}

/*
 * Draw s (or with im NULL only measure it) at pt points from the pen at
 * x, baseline y, with track px between characters: gd has no letter
 * spacing, so a tracked line goes a character at a time. *w is the
 * advance, *x0 the ink's left edge from x.
 */
static int
run(struct pen *p, gdImagePtr im, int colour, const char *font, double pt,
    int track, int x, int y, const char *s, int *w, int *x0)
{
	char	 one[8];
	int	 br[8], i = 0, pen;
	size_t	 n;
	char	*e;

	*w = *x0 = 0;
	if (track == 0) {
		if ((e = gdImageStringFT(im, br, colour, font, pt, 0.0, x, y,
		    s)) != NULL)
			return (ft_fail(p, font, e));
		*w = br[2] - br[0];
		*x0 = br[0] - x;
		return (1);
	}
	for (pen = x; *s != '\0'; s += n, i++) {
		n = char_len(s);
		memcpy(one, s, n);
		one[n] = '\0';
		if ((e = gdImageStringFT(im, br, colour, font, pt, 0.0, pen,
		    y, one)) != NULL)
			return (ft_fail(p, font, e));
		if (i == 0)
			*x0 = br[0] - x;
		pen = br[2] + track;	/* br[2]: the pen after the glyph */
	}
	*w = pen - track - (x + *x0);
	return (1);
}

/*
 * Draw one line of element e, its visual middle at y (page pixels), at
 * size px at scale 1, shrunk until it fits the element's width: a long
 * name gets smaller, never wider than the space the template gives.
 */
static int
line(struct pen *p, const struct text *e, const char *s, int px, double y)
{
	int		 cjk = certtpl_has_cjk(s), colour, w, x0, x, maxw, i;
	int		 track = cjk ? e->tracking * p->scale : 0;
	const char	*font = (cjk ? e->font : e->font_en) == TF_KAI ?
			    p->kai : p->hei;
	double		 pt = px * p->scale * 0.75;	/* gd: 96 dpi */

	if (*s == '\0')
		return (1);
	maxw = e->width * p->scale;
	for (i = 0; ; i++) {
		if (!run(p, NULL, 0, font, pt, track, 0, 0, s, &w, &x0))
			return (0);
		if (w <= maxw || i == 8 || pt < 2.0)
			break;
		/* Glyphs are hinted: the width is not quite proportional. */
		pt *= (double)maxw / w * (i == 0 ? 1.0 : 0.97);
		track = (int)(track * (double)maxw / w);
	}
	x = e->x * p->scale;
	if (e->align == ALIGN_CENTRE)
		x -= w / 2;
	else if (e->align == ALIGN_RIGHT)
		x -= w;
	colour = rgb(p, e->colour);
	return (run(p, p->im, colour, font, pt, track, x - x0,
	    (int)(y + EM_MIDDLE * pt / 0.75 + 0.5), s, &w, &x0));
}

/*
 * Draw element e as the certificate's language has it: one line, or on
 * a bilingual certificate the Chinese with the English under it, smaller,
 * the pair centred on the element's y (one line when both say the same,
 * as a name does).
 */
static int
element(struct pen *p, const struct text *e)
{
	char	 zh[LINE_MAX_BYTES] = "", en[LINE_MAX_BYTES] = "";
	double	 y = e->y * p->scale, h, top;

	if (p->lang != CLANG_EN)
		certtpl_fill(p->t, p->face, e->zh, 0, 1, zh, sizeof(zh));
	if (p->lang != CLANG_ZH)
		certtpl_fill(p->t, p->face, e->en, 1, 1, en, sizeof(en));
	if (p->lang == CLANG_ZH || (p->lang == CLANG_BOTH &&
	    (strcmp(zh, en) == 0 || *en == '\0')))
		return (line(p, e, zh, e->size, y));
	if (p->lang == CLANG_EN || *zh == '\0')
		return (line(p, e, en, e->size_en, y));
	h = (EM_CJK_HEIGHT * e->size + (EM_SUB_GAP + EM_LATIN_HEIGHT) *
	    e->size_sub) * p->scale;
	top = y - h / 2;
	return (line(p, e, zh, e->size, top + EM_CJK_HEIGHT / 2 * e->size *
	    p->scale) && line(p, e, en, e->size_sub, top + h -
	    EM_LATIN_HEIGHT / 2 * e->size_sub * p->scale));
}

/* An axis-aligned stroke t thick from (x1,y1) to (x2,y2), square ends. */
static void
stroke(gdImagePtr im, int x1, int y1, int x2, int y2, int t, int colour)
{
	int	 lo = t / 2, hi = t - 1 - t / 2;

	gdImageFilledRectangle(im, (x1 < x2 ? x1 : x2) - lo,
	    (y1 < y2 ? y1 : y2) - lo, (x1 > x2 ? x1 : x2) + hi,
	    (y1 > y2 ? y1 : y2) + hi, colour);
}

/*
 * A 回纹 fret: a square spiral of size s turning inward, its outer corner
 * at (ox,oy), growing along (dx,dy) = (±1,±1) so that the four corners
 * mirror each other.
 */
static void
fret(gdImagePtr im, int ox, int oy, int dx, int dy, int s, int colour)
{
	static const int	 dir[4][2] = { { 0, -1 }, { 1, 0 }, { 0, 1 },
	    { -1, 0 } };
	int			 d = s / 5, t = d * 2 / 5, u = 0, v = s, len, k;

	if (t < 1)
		t = 1;
	for (k = 0; (len = s - (k / 2) * d) >= d && k < 10; k++) {
		stroke(im, ox + dx * u, oy + dy * v,
		    ox + dx * (u + dir[k % 4][0] * len),
		    oy + dy * (v + dir[k % 4][1] * len), t, colour);
		u += dir[k % 4][0] * len;
		v += dir[k % 4][1] * len;
	}
}

static void
frame(struct pen *p)
{
	const struct tpl	*t = p->t;
	int			 s = p->scale, w = CERT_W * s, h = CERT_H * s;
	int			 c = rgb(p, -1 - C_ACCENT), a, b, q, i;

	for (i = 0; i < 2; i++) {
		a = (i == 0 ? t->border.inset : t->border.inset +
		    t->border.outer + t->border.gap) * s;
		b = (i == 0 ? t->border.outer : t->border.inner) * s;
		gdImageFilledRectangle(p->im, a, a, w - 1 - a, a + b - 1, c);
		gdImageFilledRectangle(p->im, a, h - a - b, w - 1 - a,
		    h - 1 - a, c);
		gdImageFilledRectangle(p->im, a, a, a + b - 1, h - 1 - a, c);
		gdImageFilledRectangle(p->im, w - a - b, a, w - 1 - a,
		    h - 1 - a, c);
	}
	if (t->border.corner == 0)
		return;
	q = (certtpl_frame_inside(t) + t->border.gap) * s;
	fret(p->im, q, q, 1, 1, t->border.corner * s, c);
	fret(p->im, w - 1 - q, q, -1, 1, t->border.corner * s, c);
	fret(p->im, q, h - 1 - q, 1, -1, t->border.corner * s, c);
	fret(p->im, w - 1 - q, h - 1 - q, -1, -1, t->border.corner * s, c);
}

/*
 * Draw ch (or, with im NULL, only measure it: *w) in font at pt points,
 * its middle at (x,y), turned a radians clockwise: upright to the
 * outside when it stands on the seal's ring at that angle.
 */
static int
glyph(struct pen *p, gdImagePtr im, int colour, const char *font,
    double pt, double x, double y, double a, const char *ch, int *w)
{
	int	 br[8];
	double	 vx, vy;
	char	*e;

	if ((e = gdImageStringFT(NULL, br, colour, font, pt, 0.0, 0, 0,
	    ch)) != NULL)
		return (ft_fail(p, font, e));
	if (w != NULL)
		*w = br[2] - br[0];
	if (im == NULL)
		return (1);
	/* From the pen to the glyph's middle, upright; then turned by a. */
	vx = (br[0] + br[2]) / 2.0;
	vy = -EM_MIDDLE * pt / 0.75;
	x -= vx * cos(a) - vy * sin(a);
	y -= vx * sin(a) + vy * cos(a);
	if ((e = gdImageStringFT(im, br, colour, font, pt, -a, (int)lround(x),
	    (int)lround(y), ch)) != NULL)
		return (ft_fail(p, font, e));
	return (1);
}

/*
 * The seal, 印章, as an official one looks: a red ring, the issuer's name
 * around its top in hei, upright to the outside, a five-pointed star (or
 * one character in kai) in the middle and a line of words under it.
 * Drawn SEAL_SS times finer on an image of its own, then reduced onto
 * the page so that its curves are as smooth as the text's; a little
 * translucent, so the words it is stamped over still show through.
 * Proportions are of the radius R.
 */
static int
seal(struct pen *p)
{
	const struct tpl	*t = p->t;
	double			 R = t->seal.radius * p->scale * SEAL_SS;
	double			 ring = 0.08 * R, g = 0.24 * R, step, r, a;
	int			 D = (int)(2 * R) + 4 * SEAL_SS, c = D / 2;
	int			 ink, clear, i, n, w, ok = 1;
	gdPoint			 pts[10];
	const char		*s, *name;
	char			 ch[8], buf[5 * WORDING_MAX], under[5 * 64];
	gdImagePtr		 im;

	if ((im = gdImageCreateTrueColor(D, D)) == NULL) {
		(void)snprintf(p->err, p->errsz, "out of memory");
		return (0);
	}
	/* Alpha 28 of 127: 78 % ink, as a stamp pressed once. */
	i = COLOUR(t, t->seal.colour);
	ink = gdTrueColorAlpha(i >> 16, (i >> 8) & 0xff, i & 0xff, 28);
	clear = gdTrueColorAlpha(i >> 16, (i >> 8) & 0xff, i & 0xff,
	    gdAlphaTransparent);
	gdImageAlphaBlending(im, 0);
	gdImageFilledRectangle(im, 0, 0, D - 1, D - 1, clear);
	gdImageFilledEllipse(im, c, c, (int)(2 * R), (int)(2 * R), ink);
	gdImageFilledEllipse(im, c, c, (int)(2 * (R - ring)),
	    (int)(2 * (R - ring)), clear);
	gdImageAlphaBlending(im, 1);

	/* The name, a glyph's width apart, over at most 260 degrees. */
	name = certtpl_gd_text(t->issuer_zh, buf, sizeof(buf));
	for (n = 0, s = name; *s != '\0'; s += char_len(s))
		n++;
	r = R - ring - 0.06 * R - g / 2;
	step = 1.1 * g / r;
	if (n > 1 && step * (n - 1) > 260.0 * M_PI / 180.0) {
		step = 260.0 * M_PI / 180.0 / (n - 1);
		g = step * r / 1.1;
	}
	for (i = 0, s = name; ok && *s != '\0'; i++) {
		memcpy(ch, s, char_len(s));
		ch[char_len(s)] = '\0';
		s += char_len(s);
		a = (i - (n - 1) / 2.0) * step;
		ok = glyph(p, im, ink, p->hei, g * 0.75, c + r * sin(a),
		    c - r * cos(a), a, ch, NULL);
	}

	if (ok && strcmp(t->seal.centre, "star") == 0) {
		for (i = 0; i < 10; i++) {
			r = (i % 2 == 0 ? 0.32 : 0.32 * 0.382) * R;
			pts[i].x = c + (int)lround(r * sin(i * M_PI / 5));
			pts[i].y = c - (int)lround(0.02 * R + r *
			    cos(i * M_PI / 5));
		}
		gdImageFilledPolygon(im, pts, 10, ink);
	} else if (ok)
		ok = glyph(p, im, ink, p->kai, 0.62 * R * 0.75, c, c, 0.0,
		    certtpl_gd_text(t->seal.centre, buf, sizeof(buf)), NULL);

	/* The words under the star, shrunk to the ring's chord there. */
	s = certtpl_gd_text(t->seal.under, under, sizeof(under));
	g = 0.15 * R;
	if (ok && *s != '\0' && (ok = glyph(p, NULL, ink, p->hei, g * 0.75,
	    0, 0, 0, s, &w)) && w > 1.1 * R)
		g *= 1.1 * R / w;
	if (ok && *s != '\0')
		ok = glyph(p, im, ink, p->hei, g * 0.75, c, c + 0.5 * R, 0.0,
		    s, NULL);
	if (ok)
		gdImageCopyResampled(p->im, im,
		    t->seal.x * p->scale - D / SEAL_SS / 2,
		    t->seal.y * p->scale - D / SEAL_SS / 2, 0, 0,
		    D / SEAL_SS, D / SEAL_SS, D, D);
	gdImageDestroy(im);
	return (ok);
}

/*
 * Nothing drawn after the frame reaches into it: lines are shrunk to fit
 * their width, checked inside, but this holds whatever the fonts do.
 */
static void
clip(struct pen *p)
{
	int	 f = certtpl_frame_inside(p->t);

	gdImageSetClip(p->im, f * p->scale, f * p->scale,
	    (CERT_W - f) * p->scale - 1, (CERT_H - f) * p->scale - 1);
}

/*
 * Draw in truecolor and reduce to a palette image (gdImageDestroy() it):
 * the part of the certificate that is the same for every holder of this
 * kind and language, or (whole) all but the QR, the seal then stamped
 * over the holder's lines too.
 */
static gdImagePtr
background(struct pen *p, int whole)
{
	const struct tpl	*t = p->t;
	int			 k;

	if ((p->im = gdImageCreateTrueColor(CERT_W * p->scale,
	    CERT_H * p->scale)) == NULL) {
		(void)snprintf(p->err, p->errsz, "out of memory");
		return (NULL);
	}
	gdImageFilledRectangle(p->im, 0, 0, CERT_W * p->scale - 1,
	    CERT_H * p->scale - 1, rgb(p, -1 - C_PAPER));
	frame(p);
	clip(p);
	for (k = 0; k < t->ntexts; k++) {
		if (certtpl_shown(p->face, &t->texts[k], whole) &&
		    !element(p, &t->texts[k]))
			goto fail;
	}
	if (!seal(p))
		goto fail;
	if (!gdImageTrueColorToPalette(p->im, 0, BG_COLOURS)) {
		(void)snprintf(p->err, p->errsz, "out of memory");
		goto fail;
	}
	return (p->im);
fail:
	gdImageDestroy(p->im);
	return (p->im = NULL);
}

/*
 * The QR of face->qr_text, black on white with its quiet zone, centred
 * at the foot of the template's box (the caption is under it). Modules
 * are QR_MODULE px at scale 1, whatever the text's length: every
 * certificate scans alike, and the box is what the longest text may take.
 * 0 when the text needs more than the box: drawn finer, a printed QR
 * would not scan reliably.
 */
static int
qr(struct pen *p)
{
	const struct tpl	*t = p->t;
	QRcode			*q;
	int			 m, side, x0, y0, x, y, black, white;

	if (p->face->qr_text == NULL || *p->face->qr_text == '\0') {
		(void)snprintf(p->err, p->errsz, "no QR text");
		return (0);
	}
	if ((q = QRcode_encodeString8bit(p->face->qr_text, 0,
	    QR_ECLEVEL_M)) == NULL) {
		(void)snprintf(p->err, p->errsz, "QR: %s (%zu bytes)",
		    errno == ERANGE ? "text too long for a QR code" :
		    strerror(errno), strlen(p->face->qr_text));
		return (0);
	}
	if ((q->width + 2 * QR_QUIET) * QR_MODULE > t->qr.size) {
		(void)snprintf(p->err, p->errsz, "QR: %zu bytes need %d "
		    "modules a side, more than the template's %d px box "
		    "holds at %d px a module", strlen(p->face->qr_text),
		    q->width, t->qr.size, QR_MODULE);
		QRcode_free(q);
		return (0);
	}
	m = QR_MODULE * p->scale;
	side = (q->width + 2 * QR_QUIET) * m;
	x0 = (t->qr.x + t->qr.size / 2) * p->scale - side / 2;
	y0 = (t->qr.y + t->qr.size) * p->scale - side;
	white = gdImageColorResolve(p->im, 0xff, 0xff, 0xff);
	black = gdImageColorResolve(p->im, 0, 0, 0);
	gdImageFilledRectangle(p->im, x0, y0, x0 + side - 1, y0 + side - 1,
	    white);
	x0 += QR_QUIET * m;
	y0 += QR_QUIET * m;
	for (y = 0; y < q->width; y++) {
		for (x = 0; x < q->width; x++) {
			if (q->data[y * q->width + x] & 1)
				gdImageFilledRectangle(p->im, x0 + x * m,
				    y0 + y * m, x0 + (x + 1) * m - 1,
				    y0 + (y + 1) * m - 1, black);
		}
	}
	QRcode_free(q);
	return (1);
}

/*
 * The cached background for p (borrowed: never changed or freed while
 * templates stay loaded), drawn on first use under the lock, so that a
 * second thread asking meanwhile waits for it rather than drawing its
 * own. The cache holds backgrounds drawn with one font directory, the
 * first that worked; *other when fontdir is another (the caller then
 * draws afresh). NULL with p->err set when it cannot be drawn.
 */
static gdImagePtr
background_cached(struct pen *p, const char *fontdir, int *other)
{
	gdImagePtr	 bg = NULL;

	pthread_mutex_lock(&cache.lock);
	*other = cache.fontdir[0] != '\0' && strcmp(cache.fontdir,
	    fontdir) != 0;
	if (!*other && (bg = cache.bg[p->face->kind][p->lang]) == NULL &&
	    (bg = background(p, 0)) != NULL) {
		cache.bg[p->face->kind][p->lang] = bg;
		if (strlen(fontdir) < sizeof(cache.fontdir))
			memcpy(cache.fontdir, fontdir, strlen(fontdir) + 1);
	}
	pthread_mutex_unlock(&cache.lock);
	return (bg);
}

/*
 * A copy of the palette image bg (gdImageDestroy() it). gdImageClone()
 * copies byte by byte and takes 1.8 ms for a page; a row at a time, 0.7.
 * The palette's entries are allocated in bg's order, so they keep their
 * indices: the quantizer leaves no unused entry among them.
 */
static gdImagePtr
bg_copy(gdImagePtr bg)
{
	gdImagePtr	 im;
	int		 i, y;

	if ((im = gdImageCreate(gdImageSX(bg), gdImageSY(bg))) == NULL)
		return (NULL);
	for (i = 0; i < gdImageColorsTotal(bg); i++) {
		if (gdImageColorAllocateAlpha(im, gdImageRed(bg, i),
		    gdImageGreen(bg, i), gdImageBlue(bg, i),
		    gdImageAlpha(bg, i)) != i) {
			gdImageDestroy(im);
			return (gdImageClone(bg));	/* not expected */
		}
	}
	for (y = 0; y < gdImageSY(bg); y++)
		memcpy(im->pixels[y], bg->pixels[y], (size_t)gdImageSX(bg));
	return (im);
}

/*
 * Draw face as its kind's template says. The caller's strings may be
 * anything (empty, NULL but for qr_text, very long, any script): lines
 * shrink to fit, characters the fonts cannot draw show as U+FFFD.
 */
int
cert_png(const struct cert_face *face, const char *fontdir, int scale,
    void **png, int *size, char *err, size_t errsz)
{
	struct pen		 p;
	const struct text	*e;
	gdImagePtr		 bg = NULL;
	int			 whole, k, ok = 1;

	*png = NULL;
	*size = 0;
	memset(&p, 0, sizeof(p));
	p.err = err;
	p.errsz = errsz;
	if (certtpl_get(KIND_COURSE) == NULL) {
		(void)snprintf(err, errsz, "certificate templates not loaded");
		return (0);
	}
	if (face == NULL || (unsigned)face->kind >= KIND__COUNT ||
	    (unsigned)face->lang >= CLANG__COUNT || (scale != 1 &&
	    scale != 2)) {
		(void)snprintf(err, errsz, "no such certificate kind, "
		    "language or scale");
		return (0);
	}
	/* gd reads ',' and ';' in a font name as a list of names. */
	if (strpbrk(fontdir, ",;") != NULL ||
	    (size_t)snprintf(p.kai, sizeof(p.kai), "%s/%s", fontdir,
	    FONT_KAI) >= sizeof(p.kai) ||
	    (size_t)snprintf(p.hei, sizeof(p.hei), "%s/%s", fontdir,
	    FONT_HEI) >= sizeof(p.hei)) {
		(void)snprintf(err, errsz, "%s: unusable font directory",
		    fontdir);
		return (0);
	}
	p.t = certtpl_get(face->kind);
	p.face = face;
	p.lang = face->lang;
	p.scale = scale;
	/* At scale 1 the certificate starts from its cached background. */
	whole = 1;
	if (scale == 1) {
		if ((bg = background_cached(&p, fontdir, &whole)) != NULL &&
		    (p.im = bg_copy(bg)) == NULL) {
			(void)snprintf(err, errsz, "out of memory");
			return (0);
		}
		if (bg == NULL && !whole)
			return (0);
	}
	if (whole && background(&p, 1) == NULL)
		return (0);
	clip(&p);
	/*
	 * The QR first: its black and white must get palette entries of
	 * their own before the lines' antialiasing shades fill the rest.
	 */
	ok = qr(&p);
	for (k = 0; ok && !whole && k < p.t->ntexts; k++) {
		e = &p.t->texts[k];
		if ((e->names & PH_DYNAMIC) && certtpl_shown(p.face, e, 1))
			ok = element(&p, e);
	}
	if (ok && (*png = gdImagePngPtrEx(p.im, size, PNG_LEVEL)) == NULL) {
		(void)snprintf(err, errsz, "PNG encoding failed");
		ok = 0;
	}
	gdImageDestroy(p.im);
	return (ok);
}
