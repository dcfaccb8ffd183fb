/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * chart.h: the staff dashboard's pictures, drawn with libgd and FreeType
 * (the CJK font the server copies into its root): the pipeline funnel,
 * a count over time, and bars by category. Pure drawing, thread-safe
 * after gdFontCacheSetup(); every chart is CHART_W × CHART_H.
 */
#ifndef YJ_CHART_H
#define YJ_CHART_H

#include <stddef.h>

#define CHART_W		720
#define CHART_H		360
#define CHART_MAX	60	/* bars or points in one chart */

struct chart_item {
	const char	*label;		/* UTF-8, shortened to fit when long */
	long		 value;		/* >= 0 */
};

/* Funnel: one horizontal band per stage, width by value, top to bottom. */
int	chart_funnel(const char *title, const struct chart_item *, size_t,
	    const char *fontpath, void **png, int *size, char *err, size_t);
/* A line over time (labels are dates, oldest first), with its points. */
int	chart_line(const char *title, const struct chart_item *, size_t,
	    const char *fontpath, void **png, int *size, char *err, size_t);
/* Vertical bars by category. */
int	chart_bars(const char *title, const struct chart_item *, size_t,
	    const char *fontpath, void **png, int *size, char *err, size_t);

#endif
