/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_chart.c: the dashboard's charts, decoded back from their PNGs and
 * measured: bands and bars in jade as wide or tall as their counts, text
 * kept off the picture's edges, every odd input still a valid picture.
 * Each test leaves what it drew in /tmp/chartsamples/ for a person to
 * look at.
 */
#include <sys/stat.h>

#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gd.h>

#include "chart.h"

#define FONT		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define SAMPLES		"/tmp/chartsamples"
#define TITLE_BAND	48	/* a little more than the title band */

#define PAPER		0xfaf7f0
#define JADE		0x2f6f5e

typedef int (*chart_fn)(const char *, const struct chart_item *, size_t,
    const char *, void **, int *, char *, size_t);

static const struct chart_item funnel[] = {
	{ "入门", 1280 }, { "培养", 640 }, { "孵化", 212 }, { "评选", 37 },
};

static const struct chart_item certs[] = {
	{ "结业证书", 412 }, { "技能等级证书", 186 }, { "获奖证书", 53 },
	{ "荣誉称号证书", 9 },
};

static const struct {
	const char	*name;
	chart_fn	 fn;
} charts[] = {
	{ "funnel", chart_funnel },
	{ "line", chart_line },
	{ "bars", chart_bars },
};

#define NCHARTS	(sizeof(charts) / sizeof(charts[0]))

/* Days from "10-04" on; thirty of enrolments, to "11-02". */
static char			 day_names[CHART_MAX][24];
static struct chart_item	 days[30];

static int
group_setup(void **state)
{
	size_t	 i;
	int	 d, m;

	(void)state;
	if (gdFontCacheSetup() != 0)
		return (-1);
	(void)mkdir(SAMPLES, 0755);
	/* From 10-04 on: October has 31 days, November 30. */
	for (i = 0, m = 10, d = 4; i < CHART_MAX; i++) {
		(void)snprintf(day_names[i], sizeof(day_names[i]), "%02d-%02d",
		    m, d);
		if (++d > (m == 10 ? 31 : 30)) {
			d = 1;
			m++;
		}
	}
	for (i = 0; i < 30; i++) {
		days[i].label = day_names[i];
		days[i].value = (long)(3 + (i * 7) % 11 + i / 2);
	}
	return (0);
}

static int
group_teardown(void **state)
{
	(void)state;
	gdFontCacheShutdown();
	return (0);
}

static void
save(const char *name, const void *png, int size)
{
	char	 path[256];
	FILE	*f;

	(void)snprintf(path, sizeof(path), SAMPLES "/%s.png", name);
	if ((f = fopen(path, "wb")) == NULL)
		return;		/* a sample, not part of the test */
	(void)fwrite(png, 1, (size_t)size, f);
	(void)fclose(f);
}

/* The chart decoded, exactly CHART_W × CHART_H; saved as sample. */
static gdImagePtr
draw(chart_fn fn, const char *title, const struct chart_item *items,
    size_t n, const char *sample)
{
	char		 err[256];
	void		*png;
	int		 size;
	gdImagePtr	 im;

	if (!fn(title, items, n, FONT, &png, &size, err, sizeof(err)))
		fail_msg("%s: %s", sample, err);
	assert_non_null(png);
	assert_true(size > 0);
	if (sample != NULL)
		save(sample, png, size);
	im = gdImageCreateFromPngPtr(size, png);
	gdFree(png);
	assert_non_null(im);
	assert_int_equal(gdImageSX(im), CHART_W);
	assert_int_equal(gdImageSY(im), CHART_H);
	return (im);
}

static int
rgb(gdImagePtr im, int x, int y)
{
	return (gdImageGetTrueColorPixel(im, x, y) & 0xffffff);
}

/* The leftmost and rightmost jade pixels of row y, or -1 and -1. */
static void
jade_in_row(gdImagePtr im, int y, int *l, int *r)
{
	int	 x;

	*l = *r = -1;
	for (x = 0; x < CHART_W; x++)
		if (rgb(im, x, y) == JADE) {
			if (*l < 0)
				*l = x;
			*r = x;
		}
}

/*
 * The jade bands under the title, top to bottom: each one's width on
 * the row through its middle. Returns how many.
 */
static size_t
band_widths(gdImagePtr im, int *w, size_t max)
{
	size_t	 n = 0;
	int	 y, first = -1, l, r;

	for (y = TITLE_BAND; y <= CHART_H; y++) {
		l = -1;
		if (y < CHART_H)
			jade_in_row(im, y, &l, &r);
		if (l >= 0 && first < 0)
			first = y;
		if (l >= 0 || first < 0)
			continue;
		/* Rows first .. y-1 are a band: measure its middle row. */
		jade_in_row(im, (first + y - 1) / 2, &l, &r);
		assert_true(n < max);
		w[n++] = r - l + 1;
		first = -1;
	}
	return (n);
}

/* The jade bars, left to right: each one's height in its middle column. */
static size_t
bar_heights(gdImagePtr im, int *h, size_t max)
{
	size_t	 n = 0;
	int	 x, y, first = -1, any, count;

	for (x = 0; x <= CHART_W; x++) {
		any = 0;
		for (y = TITLE_BAND; x < CHART_W && y < CHART_H; y++)
			if (rgb(im, x, y) == JADE) {
				any = 1;
				break;
			}
		if (any && first < 0)
			first = x;
		if (any || first < 0)
			continue;
		for (y = TITLE_BAND, count = 0; y < CHART_H; y++)
			count += rgb(im, (first + x - 1) / 2, y) == JADE;
		assert_true(n < max);
		h[n++] = count;
		first = -1;
	}
	return (n);
}

/* The topmost jade pixel under the title in column x, or -1. */
static int
top_jade(gdImagePtr im, int x)
{
	int	 y;

	for (y = TITLE_BAND; y < CHART_H; y++)
		if (rgb(im, x, y) == JADE)
			return (y);
	return (-1);
}

/* The leftmost and rightmost columns with jade under the title. */
static void
jade_span(gdImagePtr im, int *l, int *r)
{
	int	 x;

	*l = *r = -1;
	for (x = 0; x < CHART_W; x++)
		if (top_jade(im, x) >= 0) {
			if (*l < 0)
				*l = x;
			*r = x;
		}
}

/*
 * Nothing touches the picture's edge: inside the 1-pixel border there
 * is paper down both sides and along the bottom, and the title band's
 * right end is plain jade (the title did not run off).
 */
static void
assert_edges_clear(gdImagePtr im)
{
	int	 x, y;

	for (y = TITLE_BAND; y < CHART_H - 1; y++) {
		assert_int_equal(rgb(im, 1, y), PAPER);
		assert_int_equal(rgb(im, 2, y), PAPER);
		assert_int_equal(rgb(im, CHART_W - 2, y), PAPER);
		assert_int_equal(rgb(im, CHART_W - 3, y), PAPER);
	}
	for (x = 1; x < CHART_W - 1; x++) {
		assert_int_equal(rgb(im, x, CHART_H - 2), PAPER);
		assert_int_equal(rgb(im, x, CHART_H - 3), PAPER);
	}
	for (y = 1; y < 40; y++)
		assert_int_equal(rgb(im, CHART_W - 3, y), JADE);
}

static void
each_chart_is_720_by_360(void **state)
{
	gdImagePtr	 im;

	(void)state;
	im = draw(chart_funnel, "人才培养漏斗", funnel, 4, "funnel");
	assert_edges_clear(im);
	gdImageDestroy(im);
	im = draw(chart_line, "近30天新增学徒", days, 30, "line");
	assert_edges_clear(im);
	gdImageDestroy(im);
	im = draw(chart_bars, "已发证书（按类别）", certs, 4, "bars");
	assert_edges_clear(im);
	gdImageDestroy(im);
}

/* Assert widths or heights v[] are as the values, within tolerance. */
static void
assert_proportional(const int *got, const struct chart_item *items,
    size_t n, int tolerance)
{
	double	 want;
	size_t	 i;

	for (i = 1; i < n; i++) {
		want = (double)got[0] * (double)items[i].value /
		    (double)items[0].value;
		if (got[i] < want - tolerance || got[i] > want + tolerance)
			fail_msg("item %zu: %d pixels, want %.1f", i, got[i],
			    want);
	}
}

static void
funnel_bands_as_wide_as_their_counts(void **state)
{
	gdImagePtr	 im;
	int		 w[CHART_MAX];

	(void)state;
	im = draw(chart_funnel, "漏斗", funnel, 4, NULL);
	assert_int_equal(band_widths(im, w, CHART_MAX), 4);
	assert_proportional(w, funnel, 4, 3);
	assert_true(w[0] > CHART_W / 2);	/* the largest is wide */
	gdImageDestroy(im);
}

static void
funnel_zero_is_a_thin_band(void **state)
{
	static const struct chart_item	 some[] = {
		{ "入门", 25 }, { "培养", 0 }, { "孵化", 5 }, { "评选", 0 },
	};
	static const struct chart_item	 none[] = {
		{ "入门", 0 }, { "培养", 0 }, { "孵化", 0 }, { "评选", 0 },
	};
	gdImagePtr	 im;
	int		 w[CHART_MAX];

	(void)state;
	im = draw(chart_funnel, "漏斗", some, 4, "funnel-zeros");
	assert_int_equal(band_widths(im, w, CHART_MAX), 4);
	assert_true(w[1] >= 2 && w[1] <= 8);
	assert_true(w[3] >= 2 && w[3] <= 8);
	assert_true(w[2] > w[1] + 20);
	assert_edges_clear(im);
	gdImageDestroy(im);

	im = draw(chart_funnel, "漏斗", none, 4, "funnel-allzero");
	assert_int_equal(band_widths(im, w, CHART_MAX), 4);
	assert_true(w[0] >= 2 && w[0] <= 8);
	assert_int_equal(w[0], w[3]);
	gdImageDestroy(im);
}

static void
bars_as_tall_as_their_counts(void **state)
{
	gdImagePtr	 im;
	int		 h[CHART_MAX];

	(void)state;
	im = draw(chart_bars, "证书", certs, 4, NULL);
	assert_int_equal(bar_heights(im, h, CHART_MAX), 4);
	assert_proportional(h, certs, 4, 2);
	assert_true(h[0] > CHART_H / 3);
	gdImageDestroy(im);
}

static void
huge_counts_scale_without_overflow(void **state)
{
	static const struct chart_item	 huge[] = {
		{ "入门", LONG_MAX }, { "培养", LONG_MAX / 2 },
		{ "孵化", LONG_MAX / 4 }, { "评选", LONG_MAX / 10 },
	};
	gdImagePtr	 im;
	int		 px[CHART_MAX];

	(void)state;
	im = draw(chart_funnel, "漏斗", huge, 4, "funnel-huge");
	assert_int_equal(band_widths(im, px, CHART_MAX), 4);
	assert_proportional(px, huge, 4, 3);
	assert_edges_clear(im);
	gdImageDestroy(im);

	im = draw(chart_bars, "证书", huge, 4, "bars-huge");
	assert_int_equal(bar_heights(im, px, CHART_MAX), 4);
	assert_proportional(px, huge, 4, 2);
	assert_edges_clear(im);
	gdImageDestroy(im);

	im = draw(chart_line, "学徒", huge, 4, "line-huge");
	assert_edges_clear(im);
	gdImageDestroy(im);
}

/* Rising counts: the line's right end is well above its left end. */
static void
line_rises_with_its_counts(void **state)
{
	struct chart_item	 rise[10], flat[10];
	gdImagePtr		 im;
	int			 l, r;
	size_t			 i;

	(void)state;
	for (i = 0; i < 10; i++) {
		rise[i].label = flat[i].label = day_names[i];
		rise[i].value = (long)i * 10;
		flat[i].value = 7;
	}
	im = draw(chart_line, "上升", rise, 10, "line-rising");
	jade_span(im, &l, &r);
	assert_true(l >= 0 && r > l + CHART_W / 2);
	assert_true(top_jade(im, l + 4) > top_jade(im, r - 4) + 150);
	gdImageDestroy(im);

	im = draw(chart_line, "持平", flat, 10, "line-flat");
	jade_span(im, &l, &r);
	assert_true(l >= 0 && r > l + CHART_W / 2);
	assert_true(abs(top_jade(im, l + 4) - top_jade(im, r - 4)) <= 1);
	gdImageDestroy(im);
}

static void
empty_input_is_a_valid_picture(void **state)
{
	char		 name[32];
	gdImagePtr	 im;
	size_t		 i;

	(void)state;
	for (i = 0; i < NCHARTS; i++) {
		(void)snprintf(name, sizeof(name), "%s-empty", charts[i].name);
		im = draw(charts[i].fn, "暂无数据", NULL, 0, name);
		assert_edges_clear(im);
		gdImageDestroy(im);
	}
}

static void
one_item_is_drawn(void **state)
{
	char		 name[32];
	gdImagePtr	 im;
	size_t		 i;

	(void)state;
	for (i = 0; i < NCHARTS; i++) {
		(void)snprintf(name, sizeof(name), "%s-one", charts[i].name);
		im = draw(charts[i].fn, "一项", certs, 1, name);
		assert_edges_clear(im);
		gdImageDestroy(im);
	}
}

static void
all_zero_counts_are_drawn(void **state)
{
	struct chart_item	 zero[8];
	gdImagePtr		 im;
	int			 h[CHART_MAX];
	size_t			 i;

	(void)state;
	for (i = 0; i < 8; i++) {
		zero[i].label = day_names[i];
		zero[i].value = 0;
	}
	im = draw(chart_bars, "零", zero, 8, "bars-zero");
	assert_int_equal(bar_heights(im, h, CHART_MAX), 0);
	gdImageDestroy(im);
	im = draw(chart_line, "零", zero, 8, "line-zero");
	assert_edges_clear(im);
	gdImageDestroy(im);
}

static void
most_items_fit(void **state)
{
	struct chart_item	 many[CHART_MAX];
	char			 name[32];
	gdImagePtr		 im;
	int			 px[CHART_MAX];
	size_t			 i;

	(void)state;
	for (i = 0; i < CHART_MAX; i++) {
		many[i].label = day_names[i];
		many[i].value = (long)(100 + (i * 37) % 91);
	}
	for (i = 0; i < NCHARTS; i++) {
		(void)snprintf(name, sizeof(name), "%s-max", charts[i].name);
		im = draw(charts[i].fn, "六十项", many, CHART_MAX, name);
		assert_edges_clear(im);
		if (charts[i].fn == chart_bars) {
			assert_int_equal(bar_heights(im, px, CHART_MAX),
			    CHART_MAX);
			assert_proportional(px, many, CHART_MAX, 2);
		}
		gdImageDestroy(im);
	}
}

static void
too_many_items_is_an_error(void **state)
{
	struct chart_item	 many[CHART_MAX + 1];
	char			 err[128];
	void			*png = (void *)1;
	int			 size = -1;
	size_t			 i, j;

	(void)state;
	for (j = 0; j <= CHART_MAX; j++) {
		many[j].label = "x";
		many[j].value = 1;
	}
	for (i = 0; i < NCHARTS; i++) {
		err[0] = '\0';
		assert_int_equal(charts[i].fn("t", many, CHART_MAX + 1, FONT,
		    &png, &size, err, sizeof(err)), 0);
		assert_null(png);
		assert_int_equal(size, 0);
		assert_true(err[0] != '\0');
	}
}

static void
unusable_font_is_an_error(void **state)
{
	static const char *const fonts[] = {
		"/nonexistent/wqy-microhei.ttc", "/etc/passwd", "", NULL,
	};
	char		 err[256];
	void		*png;
	int		 size;
	size_t		 i, j;

	(void)state;
	for (i = 0; i < NCHARTS; i++)
		for (j = 0; j < sizeof(fonts) / sizeof(fonts[0]); j++) {
			err[0] = '\0';
			png = (void *)1;
			assert_int_equal(charts[i].fn("t", funnel, 4, fonts[j],
			    &png, &size, err, sizeof(err)), 0);
			assert_null(png);
			assert_true(err[0] != '\0');
			/* No room for a message is no crash either. */
			assert_int_equal(charts[i].fn("t", funnel, 4, fonts[j],
			    &png, &size, NULL, 0), 0);
		}
}

static void
odd_labels_are_drawn(void **state)
{
	static char			 longest[20000];
	static const char		 cjk[] =
	    "平洲玉器街翡翠雕刻技能大师工作室联合培养高级技师与青年传承人"
	    "的第二期研修班荣誉称号证书";
	struct chart_item		 odd[6];
	char				 name[32];
	gdImagePtr			 im;
	size_t				 i;

	(void)state;
	for (i = 0; i + 3 < sizeof(longest); i += 3)
		memcpy(longest + i, "玉", 3);
	odd[0].label = cjk;
	odd[1].label = longest;
	odd[2].label = NULL;
	odd[3].label = "tab\there\nnew line\r\x01";
	odd[4].label = "\xe7\x8e bad \xff\xfe utf-8 \xe7";
	odd[5].label = "R&D &#20013; &amp; WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW";
	for (i = 0; i < 6; i++)
		odd[i].value = (long)(i * 40 + 1);
	odd[3].value = -5;	/* outside the contract: drawn as 0 */
	for (i = 0; i < NCHARTS; i++) {
		(void)snprintf(name, sizeof(name), "%s-odd", charts[i].name);
		im = draw(charts[i].fn, cjk, odd, 6, name);
		assert_edges_clear(im);
		gdImageDestroy(im);
		(void)snprintf(name, sizeof(name), "%s-notitle",
		    charts[i].name);
		im = draw(charts[i].fn, NULL, odd, 6, name);
		gdImageDestroy(im);
	}
}

/* The English dashboard's words: the long ones fit, smaller or cut. */
static void
english_labels_fit(void **state)
{
	static const struct chart_item	 stages[] = {
		{ "Entry", 1280 }, { "Training", 640 }, { "Incubation", 212 },
		{ "Selection", 37 },
	};
	static const struct chart_item	 kinds[] = {
		{ "Certificate of completion", 412 },
		{ "Skill level certificate", 186 },
		{ "Certificate of award", 53 },
		{ "Certificate of honour", 9 },
	};
	gdImagePtr	 im;

	(void)state;
	im = draw(chart_funnel, "People at each stage", stages, 4,
	    "funnel-en");
	assert_edges_clear(im);
	gdImageDestroy(im);
	im = draw(chart_line, "Enrolments a week", days, 12, "line-en");
	assert_edges_clear(im);
	gdImageDestroy(im);
	im = draw(chart_bars, "Certificates issued", kinds, 4, "bars-en");
	assert_edges_clear(im);
	gdImageDestroy(im);
}

/*
 * gd reads "&#20013;" as 中: a label must be drawn as typed, so the two
 * labels give different pictures.
 */
static void
labels_are_not_entities(void **state)
{
	struct chart_item	 a = { "&#20013;", 5 }, b = { "\xe4\xb8\xad", 5 };
	char			 err[256];
	void			*pa, *pb;
	int			 sa, sb;

	(void)state;
	assert_true(chart_bars("t", &a, 1, FONT, &pa, &sa, err, sizeof(err)));
	assert_true(chart_bars("t", &b, 1, FONT, &pb, &sb, err, sizeof(err)));
	assert_true(sa != sb || memcmp(pa, pb, (size_t)sa) != 0);
	gdFree(pa);
	gdFree(pb);
}

/*
 * A label copied into a fixed buffer can end inside a character: that
 * piece is left out, not drawn as "?".
 */
static void
label_cut_inside_a_character(void **state)
{
	struct chart_item	 a = { "\xe7\x8e\x89\xe7\x8e", 5 };
	struct chart_item	 b = { "\xe7\x8e\x89", 5 };
	char			 err[256];
	void			*pa, *pb;
	int			 sa, sb;

	(void)state;
	assert_true(chart_bars("t", &a, 1, FONT, &pa, &sa, err, sizeof(err)));
	assert_true(chart_bars("t", &b, 1, FONT, &pb, &sb, err, sizeof(err)));
	assert_int_equal(sa, sb);
	assert_memory_equal(pa, pb, (size_t)sa);
	gdFree(pa);
	gdFree(pb);
}

/* Four threads drawing at once get the pictures one thread gets. */
struct job {
	chart_fn		 fn;
	const struct chart_item	*items;
	size_t			 n;
	void			*png;
	int			 size;
};

static void *
run_job(void *arg)
{
	struct job	*j = arg;
	char		 err[256];
	int		 k;

	for (k = 0; k < 5; k++) {
		if (j->png != NULL)
			gdFree(j->png);
		if (!j->fn("并发", j->items, j->n, FONT, &j->png, &j->size,
		    err, sizeof(err)))
			j->png = NULL;
	}
	return (NULL);
}

static void
threads_draw_alike(void **state)
{
	struct job	 jobs[6];
	pthread_t	 t[6];
	char		 err[256];
	void		*png;
	int		 size;
	size_t		 i;

	(void)state;
	for (i = 0; i < 6; i++) {
		jobs[i].fn = charts[i % NCHARTS].fn;
		jobs[i].items = i % NCHARTS == 1 ? days : funnel;
		jobs[i].n = i % NCHARTS == 1 ? 30 : 4;
		jobs[i].png = NULL;
		assert_int_equal(pthread_create(&t[i], NULL, run_job,
		    &jobs[i]), 0);
	}
	for (i = 0; i < 6; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (i = 0; i < 6; i++) {
		assert_non_null(jobs[i].png);
		assert_true(jobs[i].fn("并发", jobs[i].items, jobs[i].n, FONT,
		    &png, &size, err, sizeof(err)));
		assert_int_equal(size, jobs[i].size);
		assert_memory_equal(png, jobs[i].png, (size_t)size);
		gdFree(png);
		gdFree(jobs[i].png);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_chart_is_720_by_360),
		cmocka_unit_test(funnel_bands_as_wide_as_their_counts),
		cmocka_unit_test(funnel_zero_is_a_thin_band),
		cmocka_unit_test(bars_as_tall_as_their_counts),
		cmocka_unit_test(huge_counts_scale_without_overflow),
		cmocka_unit_test(line_rises_with_its_counts),
		cmocka_unit_test(empty_input_is_a_valid_picture),
		cmocka_unit_test(one_item_is_drawn),
		cmocka_unit_test(all_zero_counts_are_drawn),
		cmocka_unit_test(most_items_fit),
		cmocka_unit_test(too_many_items_is_an_error),
		cmocka_unit_test(unusable_font_is_an_error),
		cmocka_unit_test(odd_labels_are_drawn),
		cmocka_unit_test(english_labels_fit),
		cmocka_unit_test(labels_are_not_entities),
		cmocka_unit_test(label_cut_inside_a_character),
		cmocka_unit_test(threads_draw_alike),
	};

	return (cmocka_run_group_tests_name("chart", tests, group_setup,
	    group_teardown));
}
