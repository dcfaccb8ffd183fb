/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * certpdf.c: the certificate as a print PDF — A4 landscape, the same
 * template and the same layout numbers as the PNG (certtpl.h), but as
 * vectors: text set by pango in the CJK fonts, which cairo embeds as
 * subsets (only the glyphs used, so a certificate is ~60 KB rather than
 * the fonts' 20 MB), and the QR code as filled rectangles, so that it
 * prints sharp at any size.
 *
 * Why cairo + pango rather than libharu: pango shapes the text with
 * HarfBuzz and picks the font per character (a Latin name in a Chinese
 * line, U+FFFD for what neither font has), and cairo writes subset
 * TrueType; libharu embeds CJK TrueType fonts whole or not at all and
 * does no shaping. Both are in Debian (libcairo2, libpango-1.0).
 *
 * Fonts: pango finds fonts through fontconfig, which would read
 * /etc/fonts and the system's font directories — not there in a
 * worker's chroot. So the font map here gets a fontconfig configuration
 * of its own holding exactly the two font files of the font directory
 * (the data root's fonts/, certfile_fonts()), made once per process.
 * Rendering takes a process-wide lock: the font map and its caches are
 * shared, and a PDF takes a few milliseconds.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <qrencode.h>

#include "certimg.h"
#include "certtpl.h"

#define FAMILY_HEI	"WenQuanYi Micro Hei"
#define FAMILY_KAI	"AR PL UKai CN"

/* A4 landscape in points, and page pixels (150 dpi) to points. */
#define A4_W_PT		841.89
#define A4_H_PT		595.28
#define PX_PT		(72.0 / 150.0)

/* One font map per process, for the font directory it was made with. */
static struct {
	pthread_mutex_t	 lock;
	PangoFontMap	*map;
	char		 fontdir[PATH_MAX];
} fonts = { PTHREAD_MUTEX_INITIALIZER, NULL, "" };

/* One render's context. */
struct ppen {
	cairo_t			*cr;
	PangoContext		*pc;
	const struct tpl	*t;
	const struct cert_face	*face;
	char			*err;
	size_t			 errsz;
};

/* The PDF as cairo writes it, in memory. */
struct sink {
	unsigned char	*p;
	size_t		 n, cap;
	int		 failed;
};

static cairo_status_t
sink_write(void *arg, const unsigned char *data, unsigned int len)
{
	struct sink	*s = arg;
	unsigned char	*grown;
	size_t		 cap;

	if (s->n + len > s->cap) {
		for (cap = s->cap ? s->cap : 65536; cap < s->n + len; cap *= 2)
			;
		if ((grown = realloc(s->p, cap)) == NULL) {
			s->failed = 1;
			return (CAIRO_STATUS_WRITE_ERROR);
		}
		s->p = grown;
		s->cap = cap;
	}
	memcpy(s->p + s->n, data, len);
	s->n += len;
	return (CAIRO_STATUS_SUCCESS);
}

/*
 * The font map for fontdir, made on first use (called under the lock).
 * A font map made for another directory is kept (fonts do not move in
 * a running process): the first directory wins, as for the PNG's cache.
 */
static PangoFontMap *
font_map(const char *fontdir, char *err, size_t errsz)
{
	static const char *const files[] = { FONT_HEI, FONT_KAI };
	FcConfig	*cfg;
	char		 path[PATH_MAX];
	size_t		 i;

	if (fonts.map != NULL)
		return (fonts.map);
	if ((cfg = FcConfigCreate()) == NULL) {
		(void)snprintf(err, errsz, "fontconfig: out of memory");
		return (NULL);
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", fontdir, files[i]);
		if (!FcConfigAppFontAddFile(cfg, (const FcChar8 *)path)) {
			(void)snprintf(err, errsz, "%s: fontconfig cannot read "
			    "it", path);
			FcConfigDestroy(cfg);
			return (NULL);
		}
	}
	fonts.map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (fonts.map == NULL) {
		(void)snprintf(err, errsz, "pango: no FreeType font map");
		FcConfigDestroy(cfg);
		return (NULL);
	}
	/* The font map takes its own reference. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts.map), cfg);
	FcConfigDestroy(cfg);
	(void)snprintf(fonts.fontdir, sizeof(fonts.fontdir), "%s", fontdir);
	return (fonts.map);
}

static void
colour(cairo_t *cr, const struct tpl *t, int c)
{
	int	 v = COLOUR(t, c);

	cairo_set_source_rgb(cr, ((v >> 16) & 0xff) / 255.0,
	    ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0);
}

/* A layout of s in family at px page pixels, track px apart. */
static PangoLayout *
layout(struct ppen *p, const char *family, double px, double track,
    const char *s)
{
	PangoLayout		*lay;
	PangoFontDescription	*fd;
	PangoAttrList		*attrs;

	lay = pango_layout_new(p->pc);
	fd = pango_font_description_new();
	pango_font_description_set_family_static(fd, family);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	if (track > 0) {
		attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
		    (int)(track * PANGO_SCALE)));
		pango_layout_set_attributes(lay, attrs);
		pango_attr_list_unref(attrs);
	}
	pango_layout_set_text(lay, s, -1);
	return (lay);
}

/* The advance width of lay in page pixels, without a trailing track. */
static double
width(PangoLayout *lay, double track)
{
	PangoRectangle	 logical;

	pango_layout_get_extents(lay, NULL, &logical);
	return ((double)logical.width / PANGO_SCALE - track);
}

/*
 * Draw lay with its left end at x and its visual middle at y (the
 * PNG's EM_MIDDLE above the baseline).
 */
static void
show(struct ppen *p, PangoLayout *lay, double px, double x, double y)
{
	double	 base = (double)pango_layout_get_baseline(lay) / PANGO_SCALE;

	cairo_move_to(p->cr, x, y + EM_MIDDLE * px - base);
	pango_cairo_show_layout(p->cr, lay);
}

/*
 * One line of element e at size px, its middle at y, shrunk until it
 * fits the element's width — as certimg.c's line() does it.
 */
static void
line(struct ppen *p, const struct text *e, const char *s, double px,
    double y)
{
	PangoLayout	*lay;
	int		 cjk = certtpl_has_cjk(s), i;
	const char	*family = (cjk ? e->font : e->font_en) == TF_KAI ?
			    FAMILY_KAI : FAMILY_HEI;
	double		 track = cjk ? e->tracking : 0, w, x;

	if (*s == '\0')
		return;
	lay = layout(p, family, px, track, s);
	for (i = 0; (w = width(lay, track)) > e->width && i < 8; i++) {
		g_object_unref(lay);
		px *= e->width / w * 0.99;
		track *= e->width / w * 0.99;
		lay = layout(p, family, px, track, s);
	}
	x = e->x;
	if (e->align == ALIGN_CENTRE)
		x -= w / 2;
	else if (e->align == ALIGN_RIGHT)
		x -= w;
	colour(p->cr, p->t, e->colour);
	show(p, lay, px, x, y);
	g_object_unref(lay);
}

/* Element e in the certificate's language(s): certimg.c's element(). */
static void
element(struct ppen *p, const struct text *e)
{
	char	 zh[LINE_MAX_BYTES] = "", en[LINE_MAX_BYTES] = "";
	double	 y = e->y, h, top;
	int	 lang = p->face->lang;

	if (lang != CLANG_EN)
		certtpl_fill(p->t, p->face, e->zh, 0, 0, zh, sizeof(zh));
	if (lang != CLANG_ZH)
		certtpl_fill(p->t, p->face, e->en, 1, 0, en, sizeof(en));
	if (lang == CLANG_ZH || (lang == CLANG_BOTH && (strcmp(zh, en) == 0 ||
	    *en == '\0'))) {
		line(p, e, zh, e->size, y);
		return;
	}
	if (lang == CLANG_EN || *zh == '\0') {
		line(p, e, en, e->size_en, y);
		return;
	}
	h = EM_CJK_HEIGHT * e->size + (EM_SUB_GAP + EM_LATIN_HEIGHT) *
	    e->size_sub;
	top = y - h / 2;
	line(p, e, zh, e->size, top + EM_CJK_HEIGHT / 2 * e->size);
	line(p, e, en, e->size_sub, top + h - EM_LATIN_HEIGHT / 2 *
	    e->size_sub);
}

/* certimg.c's stroke(): t thick from (x1,y1) to (x2,y2), square ends. */
static void
stroke(cairo_t *cr, int x1, int y1, int x2, int y2, int t)
{
	int	 lo = t / 2, hi = t - 1 - t / 2;
	int	 l = (x1 < x2 ? x1 : x2) - lo, r = (x1 > x2 ? x1 : x2) + hi;
	int	 u = (y1 < y2 ? y1 : y2) - lo, d = (y1 > y2 ? y1 : y2) + hi;

	cairo_rectangle(cr, l, u, r - l + 1, d - u + 1);
}

/* certimg.c's fret(): the 回纹 square spiral of a corner. */
static void
fret(cairo_t *cr, int ox, int oy, int dx, int dy, int s)
{
	static const int	 dir[4][2] = { { 0, -1 }, { 1, 0 }, { 0, 1 },
	    { -1, 0 } };
	int			 d = s / 5, t = d * 2 / 5, u = 0, v = s, len, k;

	if (t < 1)
		t = 1;
	for (k = 0; (len = s - (k / 2) * d) >= d && k < 10; k++) {
		stroke(cr, ox + dx * u, oy + dy * v,
		    ox + dx * (u + dir[k % 4][0] * len),
		    oy + dy * (v + dir[k % 4][1] * len), t);
		u += dir[k % 4][0] * len;
		v += dir[k % 4][1] * len;
	}
}

/* The double frame and its corners, as certimg.c's frame(). */
static void
frame(struct ppen *p)
{
	const struct tpl	*t = p->t;
	cairo_t			*cr = p->cr;
	int			 a, b, q, i;

	colour(cr, t, -1 - C_ACCENT);
	for (i = 0; i < 2; i++) {
		a = i == 0 ? t->border.inset : t->border.inset +
		    t->border.outer + t->border.gap;
		b = i == 0 ? t->border.outer : t->border.inner;
		cairo_rectangle(cr, a, a, CERT_W - 2 * a, b);
		cairo_rectangle(cr, a, CERT_H - a - b, CERT_W - 2 * a, b);
		cairo_rectangle(cr, a, a + b, b, CERT_H - 2 * a - 2 * b);
		cairo_rectangle(cr, CERT_W - a - b, a + b, b,
		    CERT_H - 2 * a - 2 * b);
	}
	if (t->border.corner > 0) {
		q = certtpl_frame_inside(t) + t->border.gap;
		fret(cr, q, q, 1, 1, t->border.corner);
		fret(cr, CERT_W - 1 - q, q, -1, 1, t->border.corner);
		fret(cr, q, CERT_H - 1 - q, 1, -1, t->border.corner);
		fret(cr, CERT_W - 1 - q, CERT_H - 1 - q, -1, -1,
		    t->border.corner);
	}
	cairo_fill(cr);
}

/*
 * s in family at px, its middle at (x,y) turned a radians clockwise
 * (upright to the outside on the seal's ring); *w its width when not
 * NULL, and with draw 0 only that.
 */
static void
glyph(struct ppen *p, const char *family, double px, double x, double y,
    double a, const char *s, int draw, double *w)
{
	PangoLayout	*lay = layout(p, family, px, 0, s);
	double		 lw = width(lay, 0);

	if (w != NULL)
		*w = lw;
	if (draw) {
		cairo_save(p->cr);
		cairo_translate(p->cr, x, y);
		cairo_rotate(p->cr, a);
		show(p, lay, px, -lw / 2, 0);
		cairo_restore(p->cr);
	}
	g_object_unref(lay);
}

/*
 * The seal, as certimg.c's seal() draws it (ring, the issuer's name
 * around its top, star or character, the words under it), in the same
 * proportions of its radius R, 78 % opaque over what it is stamped on.
 */
static void
seal(struct ppen *p)
{
	const struct tpl	*t = p->t;
	cairo_t			*cr = p->cr;
	double			 R = t->seal.radius, ring = 0.08 * R;
	double			 g = 0.24 * R, step, r, a, w, cx, cy;
	const char		*s;
	char			 ch[8];
	size_t			 len;
	int			 i, n;

	cx = t->seal.x;
	cy = t->seal.y;
	cairo_push_group(cr);
	colour(cr, t, t->seal.colour);
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
	cairo_new_sub_path(cr);
	cairo_arc(cr, cx, cy, R, 0, 2 * M_PI);
	cairo_new_sub_path(cr);
	cairo_arc(cr, cx, cy, R - ring, 0, 2 * M_PI);
	cairo_fill(cr);
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);

	for (n = 0, s = t->issuer_zh; *s != '\0'; s += len, n++)
		len = (size_t)g_utf8_skip[*(const unsigned char *)s];
	r = R - ring - 0.06 * R - g / 2;
	step = 1.1 * g / r;
	if (n > 1 && step * (n - 1) > 260.0 * M_PI / 180.0) {
		step = 260.0 * M_PI / 180.0 / (n - 1);
		g = step * r / 1.1;
	}
	for (i = 0, s = t->issuer_zh; *s != '\0'; i++, s += len) {
		len = (size_t)g_utf8_skip[*(const unsigned char *)s];
		if (len >= sizeof(ch))
			len = 1;
		memcpy(ch, s, len);
		ch[len] = '\0';
		a = (i - (n - 1) / 2.0) * step;
		glyph(p, FAMILY_HEI, g, cx + r * sin(a), cy - r * cos(a), a, ch,
		    1, NULL);
	}

	if (strcmp(t->seal.centre, "star") == 0) {
		for (i = 0; i < 10; i++) {
			r = (i % 2 == 0 ? 0.32 : 0.32 * 0.382) * R;
			cairo_line_to(cr, cx + r * sin(i * M_PI / 5),
			    cy - (0.02 * R + r * cos(i * M_PI / 5)));
		}
		cairo_close_path(cr);
		cairo_fill(cr);
	} else
		glyph(p, FAMILY_KAI, 0.62 * R, cx, cy, 0.0, t->seal.centre, 1,
		    NULL);

	if (t->seal.under[0] != '\0') {
		g = 0.15 * R;
		glyph(p, FAMILY_HEI, g, 0, 0, 0, t->seal.under, 0, &w);
		if (w > 1.1 * R)
			g *= 1.1 * R / w;
		glyph(p, FAMILY_HEI, g, cx, cy + 0.5 * R, 0.0, t->seal.under,
		    1, NULL);
	}
	cairo_pop_group_to_source(cr);
	cairo_paint_with_alpha(cr, 1.0 - 28.0 / 127.0);
}

/*
 * The QR as certimg.c's qr() places it — QR_MODULE px a module, its
 * quiet zone white, at the foot of the template's box, centred — each
 * row's run of dark modules one rectangle. 0 with p->err set when the
 * text needs more than the box.
 */
static int
qr(struct ppen *p)
{
	const struct tpl	*t = p->t;
	cairo_t			*cr = p->cr;
	QRcode			*q;
	int			 m = QR_MODULE, side, x0, y0, x, y, run;

	if (p->face->qr_text == NULL || *p->face->qr_text == '\0') {
		(void)snprintf(p->err, p->errsz, "no QR text");
		return (0);
	}
	if ((q = QRcode_encodeString8bit(p->face->qr_text, 0,
	    QR_ECLEVEL_M)) == NULL) {
		(void)snprintf(p->err, p->errsz, "QR: %s", strerror(errno));
		return (0);
	}
	if ((q->width + 2 * QR_QUIET) * QR_MODULE > t->qr.size) {
		(void)snprintf(p->err, p->errsz, "QR: %zu bytes do not fit "
		    "the template's box", strlen(p->face->qr_text));
		QRcode_free(q);
		return (0);
	}
	side = (q->width + 2 * QR_QUIET) * m;
	x0 = t->qr.x + t->qr.size / 2 - side / 2;
	y0 = t->qr.y + t->qr.size - side;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x0, y0, side, side);
	cairo_fill(cr);
	x0 += QR_QUIET * m;
	y0 += QR_QUIET * m;
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (y = 0; y < q->width; y++) {
		for (x = 0; x < q->width; x += run ? run : 1) {
			for (run = 0; x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1); run++)
				;
			if (run > 0)
				cairo_rectangle(cr, x0 + x * m, y0 + y * m,
				    run * m, m);
		}
	}
	cairo_fill(cr);
	QRcode_free(q);
	return (1);
}

/* Draw the whole page on p->cr, in page pixels. */
static int
page(struct ppen *p)
{
	const struct tpl	*t = p->t;
	int			 f = certtpl_frame_inside(t), k;

	colour(p->cr, t, -1 - C_PAPER);
	cairo_paint(p->cr);
	frame(p);
	cairo_save(p->cr);
	cairo_rectangle(p->cr, f, f, CERT_W - 2 * f, CERT_H - 2 * f);
	cairo_clip(p->cr);
	for (k = 0; k < t->ntexts; k++) {
		if (certtpl_shown(p->face, &t->texts[k], 1))
			element(p, &t->texts[k]);
	}
	seal(p);
	cairo_restore(p->cr);
	return (qr(p));
}

/*
 * Pango's fontconfig back end runs FcInit() on a thread of its own the
 * first time a font map is made, and every font map waits for it. In a
 * worker that thread would read /etc/fonts under the seccomp sandbox,
 * be killed, and leave the render waiting for ever: so the parent, not
 * yet sandboxed, makes one font map before the workers fork, and they
 * inherit pango's "done" (their own font maps use only fontdir's files).
 */
void
cert_pdf_prepare(void)
{
	PangoFontMap	*m;
	FcConfig	*cfg;

	if ((m = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)) ==
	    NULL || (cfg = FcConfigCreate()) == NULL)
		return;
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(m), cfg);
	FcConfigDestroy(cfg);
	g_object_unref(m);
}

/*
 * Let go of the font map and what cairo, pango and fontconfig keep for
 * the process: for a leak checker at exit (the unit tests); a server
 * keeps its font map for its life.
 */
void
cert_pdf_free(void)
{
	pthread_mutex_lock(&fonts.lock);
	if (fonts.map != NULL) {
		/* Its configuration goes with the reference it holds. */
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts.map),
		    NULL);
		g_object_unref(fonts.map);
	}
	fonts.map = NULL;
	fonts.fontdir[0] = '\0';
	cairo_debug_reset_static_data();
	FcFini();
	pthread_mutex_unlock(&fonts.lock);
}

int
cert_pdf(const struct cert_face *face, const char *fontdir, void **pdf,
    size_t *size, char *err, size_t errsz)
{
	struct ppen		 p;
	struct sink		 out;
	cairo_surface_t		*sf;
	cairo_font_options_t	*fo;
	PangoFontMap		*map;
	int			 ok;

	*pdf = NULL;
	*size = 0;
	memset(&p, 0, sizeof(p));
	memset(&out, 0, sizeof(out));
	p.err = err;
	p.errsz = errsz;
	if (face == NULL || (p.t = certtpl_get(face->kind)) == NULL ||
	    (unsigned)face->lang >= CLANG__COUNT) {
		(void)snprintf(err, errsz, "certificate templates not loaded, "
		    "or no such kind or language");
		return (0);
	}
	p.face = face;

	pthread_mutex_lock(&fonts.lock);
	if ((map = font_map(fontdir, err, errsz)) == NULL) {
		pthread_mutex_unlock(&fonts.lock);
		return (0);
	}
	sf = cairo_pdf_surface_create_for_stream(sink_write, &out, A4_W_PT,
	    A4_H_PT);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE,
	    face->serial != NULL ? face->serial : "");
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR,
	    "Yujiang");
	p.cr = cairo_create(sf);
	cairo_scale(p.cr, PX_PT, PX_PT);
	p.pc = pango_font_map_create_context(map);
	/* Outlines as designed: no hinting, metrics unrounded. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_update_context(p.cr, p.pc);

	ok = page(&p);
	cairo_show_page(p.cr);
	g_object_unref(p.pc);
	if (ok && cairo_status(p.cr) != CAIRO_STATUS_SUCCESS) {
		(void)snprintf(err, errsz, "cairo: %s",
		    cairo_status_to_string(cairo_status(p.cr)));
		ok = 0;
	}
	cairo_destroy(p.cr);
	cairo_surface_finish(sf);
	if (ok && (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS ||
	    out.failed)) {
		(void)snprintf(err, errsz, "PDF: %s", out.failed ?
		    "out of memory" : cairo_status_to_string(
		    cairo_surface_status(sf)));
		ok = 0;
	}
	cairo_surface_destroy(sf);
	pthread_mutex_unlock(&fonts.lock);
	if (!ok) {
		free(out.p);
		return (0);
	}
	*pdf = out.p;
	*size = out.n;
	return (1);
}
