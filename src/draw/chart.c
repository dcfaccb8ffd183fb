/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * chart.c: the staff dashboard's three pictures — the pipeline funnel
 * (入门 → 培养 → 孵化 → 评选), a count over time and bars by category —
 * each CHART_W × CHART_H in the app's palette, drawn in libgd truecolour
 * with FreeType text in the CJK font the caller names.
 *
 * Every chart has the same frame: a jade title band on top, paper below,
 * a thin border. Sizes and positions are worked out in double and
 * rounded at the end, so a count near LONG_MAX scales like a small one.
 * Text never leaves the picture: labels are shortened with "…" to the
 * room they have, counts fall back to a short form ("12.3k") when the
 * full one does not fit, and labels that cannot all fit side by side are
 * thinned (every k-th is drawn) rather than overlapped.
 *
 * The text we hand to gd is made safe first: gd reads "&#20013;" and
 * "&amp;" as entities and "\n" as a line break, so a label is cut to
 * valid one-line UTF-8 and its "&" written as "&#38;".
 *
 * Thread-safe once gdFontCacheSetup() was called: everything a drawing
 * needs lives in its struct chart on the caller's stack.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <gd.h>

#include "chart.h"
#include "utf8.h"

#define HEAD		44	/* the title band */
#define PAD		20	/* from the border to anything drawn */
#define EDGE		4	/* no text nearer the border than this */
#define TEXT_MAX	256	/* bytes of one label: more is never seen */
#define ESC_MAX		(TEXT_MAX * 5 + 8)	/* every "&" as "&#38;" */

#define TITLE_PT	14.0
#define LABEL_PT	11.0
#define SMALL_PT	9.5	/* category labels when some are too long */
#define VALUE_PT	10.5
#define TICK_PT		9.0
#define NOTE_PT		28.0

#define ELLIPSIS	"\xe2\x80\xa6"	/* … */

/*
 * The palette, as the stylesheet has it; GRID is LINE faded into PAPER.
 * On a truecolour image gd takes 0xrrggbb as that colour, opaque.
 */
#define PAPER		0xfaf7f0
#define INK		0x222222
#define JADE		0x2f6f5e
#define JADE_BG		0xe7f2ee
#define LINE		0xbbb2a0
#define GRID		0xe4dfd4
#define MUTED		0x888888
#define WHITE		0xffffff

enum align {
	ALIGN_LEFT,
	ALIGN_CENTRE,
	ALIGN_RIGHT,
};

/* One drawing: the picture, its colours and the first error. */
struct chart {
	gdImagePtr	 im;
	const char	*font;
	int		 ok;		/* cleared by the first failure */
	char		*err;
	size_t		 errsz;
};

/* The value axis of the line and bar charts: 0, step, … top. */
struct scale {
	double		 top;
	double		 step;
	int		 ticks;		/* intervals between 0 and top */
};

/* Keep the first failure: later ones are usually its echo. */
static void __attribute__((format(printf, 2, 3)))
fail(struct chart *c, const char *fmt, ...)
{
	va_list	 ap;

	if (!c->ok)
		return;
	c->ok = 0;
	if (c->err == NULL || c->errsz == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(c->err, c->errsz, fmt, ap);
	va_end(ap);
}

/*
 * Copy s (NULL is "") into dst as one line of valid UTF-8 of less than
 * dstsz bytes, cut at a character: control characters become spaces,
 * bytes that are not UTF-8 become "?", and a character cut short at the
 * end (a caller's fixed-size copy of a longer label) is left out.
 */
static void
clean(const char *s, char *dst, size_t dstsz)
{
	const unsigned char	*p = (const unsigned char *)(s ? s : "");
	size_t			 o = 0, len, want, i;
	unsigned int		 cp;

	while (*p != '\0') {
		if ((len = utf8_seq((const char *)p, 4, &cp)) == 0) {
			/* A lead byte whose sequence the end cuts short: the
			 * caller's copy of a longer label. Left out. */
			want = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
			for (i = 1; i < want && (p[i] & 0xc0) == 0x80; i++)
				;
			if (*p >= 0xc2 && *p <= 0xf4 && i < want &&
			    p[i] == '\0')
				break;
			/* Not UTF-8: one "?" for the lead byte. */
			if (o + 1 >= dstsz)
				break;
			dst[o++] = '?';
			p++;
			continue;
		}
		if (o + len >= dstsz)
			break;
		if (len == 1 && (*p < 0x20 || *p == 0x7f))
			dst[o++] = ' ';
		else
			memcpy(dst + o, p, len), o += len;
		p += len;
	}
	dst[o] = '\0';
}

/*
 * Lay s (clean) out at pt points with its baseline's start at x, y; when
 * c->im is set, draw it too. brect as gdImageStringFT() gives it.
 */
static int
layout(struct chart *c, gdImagePtr im, int colour, double pt, int x, int y,
    const char *s, int brect[8])
{
	char	 esc[ESC_MAX];
	char	*e;
	size_t	 o = 0;

	memset(brect, 0, 8 * sizeof(int));
	if (!c->ok || *s == '\0')
		return (c->ok);
	/* Every "&" as "&#38;", so that none starts an entity. */
	for (; *s != '\0' && o + 6 < sizeof(esc); s++)
		if (*s == '&')
			o += (size_t)snprintf(esc + o, 6, "&#38;");
		else
			esc[o++] = *s;
	esc[o] = '\0';
	if ((e = gdImageStringFT(im, brect, colour, (char *)c->font, pt, 0.0,
	    x, y, esc)) != NULL) {
		fail(c, "font %s: %s", c->font, e);
		return (0);
	}
	return (1);
}

/* The width in pixels of s (clean) at pt points. */
static int
width(struct chart *c, double pt, const char *s)
{
	int	 br[8];

	if (!layout(c, NULL, 0, pt, 0, 0, s, br))
		return (0);
	return (br[2] - br[0]);
}

/* The baseline that centres a line of text at pt points on y = mid. */
static int
baseline(struct chart *c, double pt, int mid)
{
	int	 br[8];

	/* A full-height ideograph: every label's box, Latin or CJK. */
	if (!layout(c, NULL, 0, pt, 0, 0, "\xe4\xb8\xad", br))
		return (mid);
	return (mid - (br[1] + br[5]) / 2);
}

/* The height of a line of text at pt points, ideographs included. */
static int
text_height(struct chart *c, double pt)
{
	int	 br[8];

	if (!layout(c, NULL, 0, pt, 0, 0, "\xe4\xb8\xad", br))
		return (0);
	return (br[1] - br[5]);
}

/*
 * Draw s (clean) at pt points, its baseline on y, aligned on x. Layouts
 * leave room for every label; the clamp is the last guard that no text
 * is cut by the picture's edge.
 */
static void
put(struct chart *c, int colour, double pt, int x, int y, enum align a,
    const char *s)
{
	int	 br[8], w;

	if (!c->ok || *s == '\0')
		return;
	w = width(c, pt, s);
	if (a == ALIGN_CENTRE)
		x -= w / 2;
	else if (a == ALIGN_RIGHT)
		x -= w;
	if (x > CHART_W - EDGE - w)
		x = CHART_W - EDGE - w;
	if (x < EDGE)
		x = EDGE;
	(void)layout(c, c->im, colour, pt, x, y, s, br);
}

/*
 * Copy s into out (TEXT_MAX bytes) cleaned, and when it is wider than
 * maxw pixels at pt, shortened to the longest start that fits with "…"
 * after it; "" when not even "…" fits.
 */
static void
fit(struct chart *c, double pt, const char *s, int maxw, char *out)
{
	char	 line[TEXT_MAX - sizeof(ELLIPSIS)];
	size_t	 starts[TEXT_MAX], n = 0, lo, hi, mid, i;

	clean(s, line, sizeof(line));
	(void)snprintf(out, TEXT_MAX, "%s", line);
	if (width(c, pt, out) <= maxw)
		return;
	for (i = 0; line[i] != '\0'; i++)
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			starts[n++] = i;
	/* The most characters k in [0, n) whose start and "…" fit. */
	lo = 0;
	hi = n;
	while (c->ok && hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		(void)snprintf(out, TEXT_MAX, "%.*s" ELLIPSIS,
		    (int)starts[mid], line);
		if (width(c, pt, out) <= maxw)
			lo = mid;
		else
			hi = mid;
	}
	/* No space just before the "…". */
	i = lo > 0 ? starts[lo] : 0;
	while (i > 0 && line[i - 1] == ' ')
		i--;
	(void)snprintf(out, TEXT_MAX, "%.*s" ELLIPSIS, (int)i, line);
	if (width(c, pt, out) > maxw)
		out[0] = '\0';
}

/* A plain decimal with its thousands grouped: "1234567" is "1,234,567". */
static void
group(const char *digits, char *out, size_t outsz)
{
	size_t	 n, i, o = 0;

	n = strlen(digits);
	for (i = 0; i < n && o + 2 < outsz; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* v in at most four characters and a unit: "980", "12.3k", "9.2E". */
static void
fmt_short(double v, char *out, size_t outsz)
{
	static const char	*const unit[] = { "", "k", "M", "G", "T", "P",
				    "E", "Z" };
	size_t			 u = 0;

	while (v >= 999.5 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		v /= 1000.0;
		u++;
	}
	if (u == 0 || v >= 99.95)
		(void)snprintf(out, outsz, "%.0f%s", v, unit[u]);
	else if (fabs(v - round(v)) < 0.05)
		(void)snprintf(out, outsz, "%.0f%s", round(v), unit[u]);
	else
		(void)snprintf(out, outsz, "%.1f%s", v, unit[u]);
}

/* How a count is written: grouped in full, short, or not at all. */
enum form {
	FORM_FULL,
	FORM_SHORT,
	FORM_NONE,
};

/* A count in the given form; in full it is exact however large. */
static void
fmt_count(long v, enum form f, char *out, size_t outsz)
{
	char	 digits[32];

	if (f == FORM_FULL) {
		(void)snprintf(digits, sizeof(digits), "%ld", v);
		group(digits, out, outsz);
	} else if (f == FORM_SHORT)
		fmt_short((double)v, out, outsz);
	else
		out[0] = '\0';
}

/* The first form from f on in which v fits maxw pixels at pt. */
static enum form
form_for(struct chart *c, double pt, long v, int maxw, enum form f)
{
	char	 t[40];

	for (; f != FORM_NONE; f++) {
		fmt_count(v, f, t, sizeof(t));
		if (width(c, pt, t) <= maxw)
			break;
	}
	return (f);
}

/*
 * A round-ended stroke r pixels either side of the line from (ax, ay)
 * to (bx, by), each pixel blended in by how much of it the stroke
 * covers (gd's own antialiasing draws one pixel wide only, and a thick
 * gd line is jagged). From a point to itself it is a disc. gd keeps
 * 0 (opaque) to 127 (clear) in a truecolour pixel's top byte.
 */
static void
stroke(struct chart *c, int rgb, double ax, double ay, double bx, double by,
    double r)
{
	double	 dx = bx - ax, dy = by - ay, len2, t, ex, ey, d2, reach, cover;
	int	 x, y, x0, x1, y0, y1, alpha;

	len2 = dx * dx + dy * dy;
	reach = (r + 0.5) * (r + 0.5);
	x0 = (int)fmax(0.0, floor(fmin(ax, bx) - r - 1.0));
	x1 = (int)fmin(CHART_W - 1.0, ceil(fmax(ax, bx) + r + 1.0));
	y0 = (int)fmax(0.0, floor(fmin(ay, by) - r - 1.0));
	y1 = (int)fmin(CHART_H - 1.0, ceil(fmax(ay, by) + r + 1.0));
	for (y = y0; y <= y1; y++)
		for (x = x0; x <= x1; x++) {
			/* The distance to the nearest point of the line. */
			t = len2 > 0.0 ? ((x - ax) * dx + (y - ay) * dy) /
			    len2 : 0.0;
			t = fmin(1.0, fmax(0.0, t));
			ex = x - (ax + t * dx);
			ey = y - (ay + t * dy);
			if ((d2 = ex * ex + ey * ey) >= reach)
				continue;
			cover = fmin(1.0, r + 0.5 - sqrt(d2));
			alpha = (int)lround(gdAlphaTransparent * (1.0 - cover));
			gdImageSetPixel(c->im, x, y, rgb | alpha << 24);
		}
}

/* An item's count: a negative one (outside the contract) is 0. */
static long
count(const struct chart_item *it)
{
	return (it->value > 0 ? it->value : 0);
}

static double
value(const struct chart_item *it)
{
	return ((double)count(it));
}

static double
largest(const struct chart_item *items, size_t n)
{
	double	 max = 0.0;
	size_t	 i;

	for (i = 0; i < n; i++)
		if (value(&items[i]) > max)
			max = value(&items[i]);
	return (max);
}

/*
 * A round axis for values up to max: at most four intervals of 1, 2 or
 * 5 times a power of ten, at least 1 (these are counts).
 */
static void
scale_for(double max, struct scale *s)
{
	double	 raw, mag, norm;

	raw = max / 4.0;
	if (raw < 1.0)
		s->step = 1.0;
	else {
		mag = pow(10.0, floor(log10(raw)));
		norm = raw / mag;
		s->step = (norm <= 1.0 ? 1.0 : norm <= 2.0 ? 2.0 :
		    norm <= 5.0 ? 5.0 : 10.0) * mag;
	}
	s->ticks = (int)ceil(max / s->step - 1e-9);
	if (s->ticks < 1)
		s->ticks = 1;
	s->top = s->step * s->ticks;
}

/* A tick's label: all of them grouped, or all short when any is long. */
static void
fmt_tick(const struct scale *s, double v, char *out, size_t outsz)
{
	char	 digits[32];

	if (s->top < 100000.0) {
		(void)snprintf(digits, sizeof(digits), "%.0f", v);
		group(digits, out, outsz);
	} else
		fmt_short(v, out, outsz);
}

/* The room the tick labels need left of the value axis. */
static int
tick_room(struct chart *c, const struct scale *s)
{
	char	 t[32];
	int	 i, w, max = 0;

	for (i = 0; i <= s->ticks; i++) {
		fmt_tick(s, s->step * i, t, sizeof(t));
		if ((w = width(c, TICK_PT, t)) > max)
			max = w;
	}
	return (max + 8);
}

/* The y of v in a plot from y0 (top) to y1 (the axis). */
static int
y_of(const struct scale *s, double v, int y0, int y1)
{
	return (y1 - (int)lround((double)(y1 - y0) * (v / s->top)));
}

/* Gridlines and their labels from x0 to x1, the axis at y1. */
static void
grid(struct chart *c, const struct scale *s, int x0, int x1, int y0, int y1)
{
	char	 t[32];
	int	 i, y;

	for (i = 0; i <= s->ticks; i++) {
		y = y_of(s, s->step * i, y0, y1);
		if (i > 0)
			gdImageLine(c->im, x0, y, x1, y, GRID);
		fmt_tick(s, s->step * i, t, sizeof(t));
		put(c, MUTED, TICK_PT, x0 - 8, baseline(c, TICK_PT, y),
		    ALIGN_RIGHT, t);
	}
}

/* The two axes of the line and bar charts. */
static void
axes(struct chart *c, int x0, int x1, int y0, int y1)
{
	gdImageLine(c->im, x0, y0, x0, y1, LINE);
	gdImageLine(c->im, x0, y1, x1, y1, LINE);
}

/* Nothing to show: a dash where the chart would be. */
static void
nothing(struct chart *c, int x0, int x1, int y0, int y1)
{
	put(c, MUTED, NOTE_PT, (x0 + x1) / 2,
	    baseline(c, NOTE_PT, (y0 + y1) / 2), ALIGN_CENTRE, "\xe2\x80\x94");
}

/*
 * Check the arguments, make the picture and draw what every chart has:
 * paper, border, title band. 0 with the error set when it cannot.
 */
static int
begin(struct chart *c, const char *title, const struct chart_item *items,
    size_t n, const char *fontpath, void **png, int *size, char *err,
    size_t errsz)
{
	char	 t[TEXT_MAX];

	memset(c, 0, sizeof(*c));
	c->ok = 1;
	c->err = err;
	c->errsz = errsz;
	c->font = fontpath;
	if (err != NULL && errsz > 0)
		err[0] = '\0';
	if (png == NULL || size == NULL) {
		fail(c, "chart: nowhere to put the picture");
		return (0);
	}
	*png = NULL;
	*size = 0;
	if (n > CHART_MAX) {
		fail(c, "chart: %zu items, at most %d", n, CHART_MAX);
		return (0);
	}
	if (n > 0 && items == NULL) {
		fail(c, "chart: %zu items but no array", n);
		return (0);
	}
	if (fontpath == NULL || fontpath[0] == '\0') {
		fail(c, "chart: no font");
		return (0);
	}
	/* The font is tried before anything is allocated. */
	if (!layout(c, NULL, 0, TITLE_PT, 0, 0, "\xe4\xb8\xad", (int[8]){ 0 }))
		return (0);
	if ((c->im = gdImageCreateTrueColor(CHART_W, CHART_H)) == NULL) {
		fail(c, "chart: out of memory");
		return (0);
	}
	gdImageFilledRectangle(c->im, 0, 0, CHART_W - 1, CHART_H - 1, PAPER);
	gdImageFilledRectangle(c->im, 0, 0, CHART_W - 1, HEAD - 1, JADE);
	gdImageRectangle(c->im, 0, 0, CHART_W - 1, CHART_H - 1, LINE);
	fit(c, TITLE_PT, title, CHART_W - 2 * PAD, t);
	put(c, WHITE, TITLE_PT, PAD, baseline(c, TITLE_PT, HEAD / 2),
	    ALIGN_LEFT, t);
	return (c->ok);
}

/* Encode the picture (when all went well) and free it. */
static int
end(struct chart *c, void **png, int *size)
{
	if (c->ok && (*png = gdImagePngPtr(c->im, size)) == NULL)
		fail(c, "chart: PNG encoding failed");
	if (c->im != NULL)
		gdImageDestroy(c->im);
	c->im = NULL;
	if (!c->ok && png != NULL && size != NULL) {
		*png = NULL;
		*size = 0;
	}
	return (c->ok);
}

/*
 * The funnel: one band a stage, top to bottom, centred on one axis and
 * as wide as its count against the largest (a zero still a thin band),
 * light jade joining each to the next. The stage names stand in a
 * column on the left, right-aligned, so a thin band keeps its name; the
 * count is in the band, or beside it when the band is too narrow.
 */
#define FUNNEL_NAMES	150	/* right edge of the names' column */
#define FUNNEL_X0	(FUNNEL_NAMES + 16)
#define FUNNEL_X1	(CHART_W - PAD)
#define FUNNEL_THIN	4	/* the width of a zero */

int
chart_funnel(const char *title, const struct chart_item *items, size_t n,
    const char *fontpath, void **png, int *size, char *err, size_t errsz)
{
	struct chart	 c;
	char		 t[TEXT_MAX];
	double		 max, pitch, bandh, top, maxw;
	int		 x0[CHART_MAX], x1[CHART_MAX], y0[CHART_MAX];
	int		 y1[CHART_MAX], mid, w, k, room, base, texth;
	size_t		 i;

	if (!begin(&c, title, items, n, fontpath, png, size, err, errsz))
		return (end(&c, png, size));
	if (n == 0) {
		nothing(&c, PAD, CHART_W - PAD, HEAD, CHART_H);
		return (end(&c, png, size));
	}

	max = largest(items, n);
	maxw = FUNNEL_X1 - FUNNEL_X0;
	mid = (FUNNEL_X0 + FUNNEL_X1) / 2;
	pitch = fmin(64.0, (double)(CHART_H - HEAD - 2 * 14) / (double)n);
	bandh = fmax(1.0, pitch * 0.72);
	top = HEAD + 14 + ((CHART_H - HEAD - 2 * 14) - (pitch * n -
	    (pitch - bandh))) / 2.0;
	for (i = 0; i < n; i++) {
		w = max > 0.0 ? (int)lround(maxw * value(&items[i]) / max) : 0;
		if (w < FUNNEL_THIN)
			w = FUNNEL_THIN;
		x0[i] = mid - w / 2;
		x1[i] = x0[i] + w - 1;
		y0[i] = (int)lround(top + pitch * i);
		y1[i] = (int)lround(top + pitch * i + bandh) - 1;
		if (y1[i] < y0[i])
			y1[i] = y0[i];
	}

	/* The joins first, under the bands' edges. */
	for (i = 0; i + 1 < n; i++) {
		gdPoint	 p[4] = { { x0[i], y1[i] + 1 }, { x1[i], y1[i] + 1 },
		    { x1[i + 1], y0[i + 1] - 1 }, { x0[i + 1], y0[i + 1] - 1 } };

		if (y0[i + 1] - y1[i] >= 3)
			gdImageFilledPolygon(c.im, p, 4, JADE_BG);
	}
	for (i = 0; i < n; i++)
		gdImageFilledRectangle(c.im, x0[i], y0[i], x1[i], y1[i],
		    JADE);

	/*
	 * Too many stages for a line of text each: name every k-th, and
	 * leave out the counts, which would lie across other bands. A
	 * count goes in its band when the band is tall and wide enough.
	 */
	texth = text_height(&c, LABEL_PT);
	k = (int)ceil(texth * 1.25 / pitch - 1e-9);
	if (k < 1)
		k = 1;
	for (i = 0; c.ok && i < n; i += k) {
		base = baseline(&c, LABEL_PT, (y0[i] + y1[i]) / 2);
		fit(&c, LABEL_PT, items[i].label, FUNNEL_NAMES - PAD, t);
		put(&c, INK, LABEL_PT, FUNNEL_NAMES, base, ALIGN_RIGHT, t);
		if (k > 1)
			continue;
		fmt_count(count(&items[i]), FORM_FULL, t, sizeof(t));
		if (y1[i] - y0[i] + 1 >= texth + 4 &&
		    width(&c, LABEL_PT, t) + 16 <= x1[i] - x0[i] + 1) {
			put(&c, WHITE, LABEL_PT, (x0[i] + x1[i] + 1) / 2,
			    base, ALIGN_CENTRE, t);
			continue;
		}
		room = CHART_W - EDGE - (x1[i] + 8);
		fmt_count(count(&items[i]), form_for(&c, LABEL_PT,
		    count(&items[i]), room, FORM_FULL), t, sizeof(t));
		put(&c, INK, LABEL_PT, x1[i] + 8, base, ALIGN_LEFT, t);
	}
	return (end(&c, png, size));
}

/*
 * The line: one point a label, evenly spaced, oldest on the left, on a
 * round value axis with its gridlines, the area under the line in light
 * jade. Dates are thinned from the newest backwards so the latest day
 * always has its label and no two labels touch.
 */
#define LINE_LABEL_MAX	90	/* widest a date label may be */

int
chart_line(const char *title, const struct chart_item *items, size_t n,
    const char *fontpath, void **png, int *size, char *err, size_t errsz)
{
	struct chart	 c;
	struct scale	 s;
	char		 t[TEXT_MAX];
	double		 dx, r;
	int		 x0, x1, y0, y1, px0, px1, wfirst, wlast, wmax;
	int		 w, k, base;
	size_t		 i;
	gdPoint		 p[CHART_MAX + 2];

	if (!begin(&c, title, items, n, fontpath, png, size, err, errsz))
		return (end(&c, png, size));

	scale_for(largest(items, n), &s);
	x0 = PAD + tick_room(&c, &s);
	x1 = CHART_W - PAD;
	y0 = HEAD + 24;
	y1 = CHART_H - 44;
	if (n == 0) {
		axes(&c, x0, x1, y0, y1);
		nothing(&c, x0, x1, y0, y1);
		return (end(&c, png, size));
	}

	/* The labels' widths decide the margins and the thinning. */
	wfirst = wlast = wmax = 0;
	for (i = 0; c.ok && i < n; i++) {
		fit(&c, TICK_PT, items[i].label, LINE_LABEL_MAX, t);
		w = width(&c, TICK_PT, t);
		if (i == 0)
			wfirst = w;
		if (i == n - 1)
			wlast = w;
		if (w > wmax)
			wmax = w;
	}
	px0 = x0 + 14;
	if (px0 < EDGE + wfirst / 2 + 1)
		px0 = EDGE + wfirst / 2 + 1;
	px1 = x1 - 14;
	if (px1 > CHART_W - EDGE - wlast / 2 - 1)
		px1 = CHART_W - EDGE - wlast / 2 - 1;
	dx = n > 1 ? (double)(px1 - px0) / (double)(n - 1) : 0.0;
	k = n > 1 ? (int)ceil((wmax + 12) / dx) : 1;
	if (k < 1)
		k = 1;

	for (i = 0; i < n; i++) {
		p[i].x = n > 1 ? px0 + (int)lround(dx * i) : (px0 + px1) / 2;
		p[i].y = y_of(&s, value(&items[i]), y0, y1);
	}
	if (n > 1) {
		p[n].x = p[n - 1].x;
		p[n].y = y1;
		p[n + 1].x = p[0].x;
		p[n + 1].y = y1;
		gdImageFilledPolygon(c.im, p, (int)n + 2, JADE_BG);
	}
	grid(&c, &s, x0, x1, y0, y1);
	axes(&c, x0, x1, y0, y1);

	base = y1 + 8 + baseline(&c, TICK_PT, 8);
	for (i = 0; c.ok && i < n; i++) {
		if ((n - 1 - i) % k != 0)
			continue;
		gdImageLine(c.im, p[i].x, y1, p[i].x, y1 + 4, LINE);
		fit(&c, TICK_PT, items[i].label, LINE_LABEL_MAX, t);
		put(&c, MUTED, TICK_PT, p[i].x, base, ALIGN_CENTRE, t);
	}

	for (i = 0; i + 1 < n; i++)
		stroke(&c, JADE, p[i].x, p[i].y, p[i + 1].x, p[i + 1].y, 1.0);
	/* Dots as big as the spacing allows, ringed in paper. */
	r = n > 1 ? fmin(3.5, dx / 3.0) : 3.5;
	for (i = 0; i < n; i++) {
		if (r >= 2.5)
			stroke(&c, PAPER, p[i].x, p[i].y, p[i].x, p[i].y,
			    r + 1.5);
		stroke(&c, JADE, p[i].x, p[i].y, p[i].x, p[i].y, fmax(r, 1.5));
	}
	return (end(&c, png, size));
}

/*
 * The bars: one a category, on a round value axis, the count above each
 * bar when every count fits its bar's slot (the gridlines tell the rest
 * when they do not), the category under it, shortened to its slot.
 */
#define BAR_MAX_W	88	/* widest a bar gets, with few categories */

int
chart_bars(const char *title, const struct chart_item *items, size_t n,
    const char *fontpath, void **png, int *size, char *err, size_t errsz)
{
	struct chart	 c;
	struct scale	 s;
	char		 t[TEXT_MAX];
	double		 slot, bw, xc, pt;
	enum form	 form;
	int		 x0, x1, y0, y1, bx0, bx1, by, k, room, base;
	size_t		 i;

	if (!begin(&c, title, items, n, fontpath, png, size, err, errsz))
		return (end(&c, png, size));

	scale_for(largest(items, n), &s);
	x0 = PAD + tick_room(&c, &s);
	x1 = CHART_W - PAD;
	y0 = HEAD + 34;
	y1 = CHART_H - 44;
	if (n == 0) {
		axes(&c, x0, x1, y0, y1);
		nothing(&c, x0, x1, y0, y1);
		return (end(&c, png, size));
	}
	grid(&c, &s, x0, x1, y0, y1);

	slot = (double)(x1 - x0) / (double)n;
	bw = fmax(1.0, fmin(BAR_MAX_W, slot * 0.62));
	for (i = 0; i < n; i++) {
		xc = x0 + slot * (i + 0.5);
		bx0 = (int)lround(xc - bw / 2.0);
		bx1 = bx0 + (int)lround(bw) - 1;
		by = y_of(&s, value(&items[i]), y0, y1);
		if (by == y1 && count(&items[i]) > 0)
			by = y1 - 1;	/* 1 beside LONG_MAX: still there */
		if (by < y1)
			gdImageFilledRectangle(c.im, bx0, by, bx1, y1 - 1,
			    JADE);
	}
	axes(&c, x0, x1, y0, y1);

	/*
	 * Counts, all in one form — in full when every one fits its slot,
	 * else all short — or none, so that no bar looks unlabelled.
	 */
	room = (int)slot - 4;
	form = FORM_FULL;
	for (i = 0; c.ok && form != FORM_NONE && i < n; i++)
		form = form_for(&c, VALUE_PT, count(&items[i]), room, form);
	for (i = 0; c.ok && form != FORM_NONE && i < n; i++) {
		fmt_count(count(&items[i]), form, t, sizeof(t));
		by = y_of(&s, value(&items[i]), y0, y1);
		put(&c, INK, VALUE_PT, (int)lround(x0 + slot * (i + 0.5)),
		    by - 6, ALIGN_CENTRE, t);
	}

	/*
	 * Categories: in a smaller size when one would not fit its slot
	 * ("Certificate of completion" under four bars), shortened to
	 * their slot while one character and "…" still fit, else every
	 * k-th with k slots of room.
	 */
	pt = LABEL_PT;
	for (i = 0; c.ok && pt == LABEL_PT && i < n; i++) {
		clean(items[i].label, t, sizeof(t));
		if (width(&c, pt, t) > (int)slot - 8)
			pt = SMALL_PT;
	}
	k = (int)ceil((width(&c, pt, "\xe4\xb8\xad" ELLIPSIS) + 8) / slot -
	    1e-9);
	if (k < 1)
		k = 1;
	base = y1 + 10 + baseline(&c, LABEL_PT, 8);
	for (i = 0; c.ok && i < n; i += k) {
		fit(&c, pt, items[i].label, (int)(slot * k) - 8, t);
		put(&c, INK, pt, (int)lround(x0 + slot * (i + 0.5)), base,
		    ALIGN_CENTRE, t);
	}
	return (end(&c, png, size));
}
