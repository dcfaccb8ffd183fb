/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * tree.h: the lineage tree as a picture (PNG, libgd + FreeType in a CJK
 * font). Pure drawing: it gets the rows to draw, already in order.
 */
#ifndef YJ_TREE_H
#define YJ_TREE_H

#include <stddef.h>

#define TREE_WIDTH	720
#define TREE_HEAD	72
#define TREE_ROW	52
#define TREE_FOOT	24
#define TREE_MAX_ROWS	300	/* a bigger lineage is drawn cut here */

struct tree_row {
	const char	*name;
	const char	*note;		/* a short second label, or NULL */
	int		 gen;		/* generation: <0 above, 0 root, >0 below */
	int		 parent;	/* row index of the line's origin, or -1 */
};

int	tree_png(const struct tree_row *, size_t, const char *, const char *,
	    void **, int *, char *, size_t);
int	tree_height(size_t);

#endif
