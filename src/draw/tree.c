/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * tree.c: draw a lineage as an indented tree — one person a row, each
 * generation further right, a line from each master down to their
 * apprentices — which stays readable on a phone for a master with forty
 * apprentices over three generations (it grows downward, never wider
 * than TREE_WIDTH). Ancestors are drawn in grey above the master, who is
 * drawn in jade.
 *
 * Thread-safe when gdFontCacheSetup() was called first (the server calls
 * it in each worker): it runs on Kore task threads.
 */
#include <stdio.h>
#include <string.h>

#include <gd.h>

#include "tree.h"

#define INDENT		36
#define BOX_H		38
#define MARGIN		20

/* The height of a tree of n rows. */
int
tree_height(size_t n)
{
	return (TREE_HEAD + (int)n * TREE_ROW + TREE_FOOT);
}

static int
text(gdImagePtr im, int colour, const char *font, double size, int x, int y,
    const char *s, char *err, size_t errsz)
{
	int	 brect[8];
	char	*e;

	if ((e = gdImageStringFT(im, brect, colour, (char *)font, size, 0.0, x,
	    y, (char *)s)) != NULL) {
		(void)snprintf(err, errsz, "%s", e);
		return (0);
	}
	return (1);
}

/*
 * Draw rows (n, at most a few hundred) under title with the TrueType or
 * TrueType-collection font at fontpath. On success *png holds the PNG
 * (gdFree() it) of *size bytes: TREE_WIDTH wide, tree_height(n) high.
 * 0 with err set when the font cannot be used or memory runs out.
 */
int
tree_png(const struct tree_row *rows, size_t n, const char *title,
    const char *fontpath, void **png, int *size, char *err, size_t errsz)
{
	gdImagePtr	 im;
	int		 paper, ink, grey, jade, jadebg, line, white, mingen = 0;
	int		 i, x, y, px, py, w, ok = 1;
	size_t		 k;

	*png = NULL;
	for (k = 0; k < n; k++) {
		if (rows[k].gen < mingen)
			mingen = rows[k].gen;
	}
	if ((im = gdImageCreateTrueColor(TREE_WIDTH,
	    tree_height(n))) == NULL) {
		(void)snprintf(err, errsz, "out of memory");
		return (0);
	}
	paper = gdImageColorAllocate(im, 0xfa, 0xf7, 0xf0);
	ink = gdImageColorAllocate(im, 0x22, 0x22, 0x22);
	grey = gdImageColorAllocate(im, 0x88, 0x88, 0x88);
	jade = gdImageColorAllocate(im, 0x2f, 0x6f, 0x5e);
	jadebg = gdImageColorAllocate(im, 0xe7, 0xf2, 0xee);
	line = gdImageColorAllocate(im, 0xbb, 0xb2, 0xa0);
	white = gdImageColorAllocate(im, 0xff, 0xff, 0xff);
	gdImageFilledRectangle(im, 0, 0, TREE_WIDTH - 1, tree_height(n) - 1,
	    paper);
	gdImageFilledRectangle(im, 0, 0, TREE_WIDTH - 1, TREE_HEAD - 16, jade);
	ok = text(im, white, fontpath, 20.0, MARGIN, 40, title, err, errsz);

	for (i = 0; ok && i < (int)n; i++) {
		x = MARGIN + (rows[i].gen - mingen) * INDENT;
		y = TREE_HEAD + i * TREE_ROW;
		if (x > TREE_WIDTH - 200)
			x = TREE_WIDTH - 200;	/* very deep: stop indenting */
		w = TREE_WIDTH - MARGIN - x;
		/* The line from the master's box down and across. */
		if (rows[i].parent >= 0 && rows[i].parent < i) {
			px = MARGIN + (rows[rows[i].parent].gen - mingen) *
			    INDENT + 14;
			py = TREE_HEAD + rows[i].parent * TREE_ROW + BOX_H;
			gdImageSetThickness(im, 2);
			gdImageLine(im, px, py, px, y + BOX_H / 2, line);
			gdImageLine(im, px, y + BOX_H / 2, x, y + BOX_H / 2,
			    line);
			gdImageSetThickness(im, 1);
		}
		gdImageFilledRectangle(im, x, y, x + w, y + BOX_H,
		    rows[i].gen == 0 ? jadebg : white);
		gdImageRectangle(im, x, y, x + w, y + BOX_H,
		    rows[i].gen == 0 ? jade : line);
		ok = text(im, rows[i].gen < 0 ? grey : ink, fontpath, 15.0,
		    x + 12, y + 26, rows[i].name, err, errsz);
		if (ok && rows[i].note != NULL)
			ok = text(im, grey, fontpath, 11.0, x + w - 150,
			    y + 25, rows[i].note, err, errsz);
	}
	if (ok && (*png = gdImagePngPtr(im, size)) == NULL) {
		(void)snprintf(err, errsz, "PNG encoding failed");
		ok = 0;
	}
	gdImageDestroy(im);
	return (ok);
}
