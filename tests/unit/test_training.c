/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_training.c: unit tests of the training stage's pure rules — the
 * lineage graph (generations, cycles, the tree's order, limits), the
 * stage gates, the skill vocabulary and hours, and the tree picture.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gd.h>

#include "gate.h"
#include "lineage.h"
#include "tree.h"

#define FONT	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

/*
 *	1 ── 2 ── 4 ── 6
 *	 └── 3 ── 5
 *	7 ── 3		(3 had two masters over the years)
 */
static const struct lineage_link links[] = {
	{ 1, 2 }, { 1, 3 }, { 2, 4 }, { 3, 5 }, { 4, 6 }, { 7, 3 },
};
#define NLINKS	(sizeof(links) / sizeof(links[0]))

static void
generations(void **state)
{
	(void)state;
	assert_int_equal(lineage_depth(links, NLINKS, 1, 2, 3), 1);
	assert_int_equal(lineage_depth(links, NLINKS, 1, 4, 3), 2);
	assert_int_equal(lineage_depth(links, NLINKS, 1, 6, 3), 3);
	assert_int_equal(lineage_depth(links, NLINKS, 1, 6, 2), 0);
	assert_int_equal(lineage_depth(links, NLINKS, 7, 5, 2), 2);
	assert_int_equal(lineage_depth(links, NLINKS, 2, 1, 9), 0);
	assert_int_equal(lineage_depth(links, NLINKS, 4, 5, 9), 0);
	assert_int_equal(lineage_depth(links, NLINKS, 1, 1, 9), 0);
	assert_int_equal(lineage_depth(NULL, 0, 1, 2, 9), 0);
}

static void
cycles_refused(void **state)
{
	(void)state;
	assert_true(lineage_cycle(links, NLINKS, 6, 1));	/* 1 above 6 */
	assert_true(lineage_cycle(links, NLINKS, 5, 7));
	assert_true(lineage_cycle(links, NLINKS, 3, 3));	/* oneself */
	assert_false(lineage_cycle(links, NLINKS, 1, 8));	/* newcomer */
	assert_false(lineage_cycle(links, NLINKS, 5, 4));	/* cousins */
	assert_false(lineage_cycle(links, NLINKS, 2, 5));	/* second master */
}

static void
tree_order_and_parents(void **state)
{
	struct lineage_node	 n[16];
	size_t			 k;

	(void)state;
	k = lineage_tree(links, NLINKS, 3, 2, 3, n, 16);
	/* Ancestors 1 and 7 first, then 3, then its apprentice 5. */
	assert_int_equal(k, 4);
	assert_int_equal(n[0].gen, -1);
	assert_int_equal(n[1].gen, -1);
	assert_int_equal(n[2].id, 3);
	assert_int_equal(n[2].gen, 0);
	assert_int_equal(n[3].id, 5);
	assert_int_equal(n[3].gen, 1);
	assert_int_equal(n[3].parent, 2);
	k = lineage_tree(links, NLINKS, 1, 2, 3, n, 16);
	/* Depth first: 1, 2, 4, 6, 3, 5. */
	assert_int_equal(k, 6);
	assert_int_equal(n[0].id, 1);
	assert_int_equal(n[1].id, 2);
	assert_int_equal(n[2].id, 4);
	assert_int_equal(n[3].id, 6);
	assert_int_equal(n[3].gen, 3);
	assert_int_equal(n[3].parent, 2);
	assert_int_equal(n[4].id, 3);
	assert_int_equal(n[4].parent, 0);
	/* Limits: generations down, and the output size. */
	assert_int_equal(lineage_tree(links, NLINKS, 1, 0, 1, n, 16), 3);
	assert_int_equal(lineage_tree(links, NLINKS, 1, 2, 3, n, 2), 2);
	assert_int_equal(lineage_tree(links, NLINKS, 9, 2, 3, n, 16), 1);
}

static void
forty_apprentices_three_generations(void **state)
{
	struct lineage_link	 l[64];
	struct lineage_node	 n[64];
	size_t			 k, i;

	(void)state;
	/* 100 teaches 10; each of those teaches 2; 10 of those teach 1. */
	for (k = 0, i = 0; i < 10; i++)
		l[k++] = (struct lineage_link){ 100, 200 + (int64_t)i };
	for (i = 0; i < 20; i++)
		l[k++] = (struct lineage_link){ 200 + (int64_t)i / 2,
		    300 + (int64_t)i };
	for (i = 0; i < 10; i++)
		l[k++] = (struct lineage_link){ 300 + (int64_t)i,
		    400 + (int64_t)i };
	assert_int_equal(lineage_tree(l, k, 100, 2, 3, n, 64), 41);
	assert_int_equal(lineage_depth(l, k, 100, 409, 3), 3);
}

static struct gate_facts
facts(enum stage s)
{
	struct gate_facts	 f;

	memset(&f, 0, sizeof(f));
	f.stage = s;
	f.level = -1;
	return (f);
}

static void
gates(void **state)
{
	struct gate_need	 need[GATE_MAX_NEEDS];
	struct gate_facts	 f;

	(void)state;
	f = facts(STAGE_ENTRY);
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 2);
	assert_int_equal(need[0].kind, NEED_ENTRY_COURSE);
	assert_int_equal(need[1].kind, NEED_MASTER);
	f.has_master = 1;
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 1);
	f.entry_courses = 1;
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 0);

	f = facts(STAGE_TRAINING);
	f.confirmed_minutes = 199 * 60 + 59;
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 3);
	assert_int_equal(need[0].kind, NEED_HOURS);
	assert_int_equal(need[0].have, 199);
	assert_int_equal(need[0].want, 200);
	assert_int_equal(need[1].kind, NEED_LEVEL);
	assert_int_equal(need[2].kind, NEED_RECOMMENDATION);
	f.confirmed_minutes = 200 * 60;
	f.level = 0;		/* 学徒工 is not enough */
	f.recommended = 1;
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 1);
	assert_int_equal(need[0].kind, NEED_LEVEL);
	f.level = 1;
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 0);

	/* Incubation -> selection: a cohort, and all its milestones. */
	f = facts(STAGE_INCUBATION);
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 1);
	assert_int_equal(need[0].kind, NEED_COHORT);
	f.in_cohort = 1;	/* a cohort without milestones: still closed */
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 1);
	assert_int_equal(need[0].kind, NEED_MILESTONES);
	f.milestones = 3;
	f.milestones_signed = 2;
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 1);
	assert_int_equal(need[0].kind, NEED_MILESTONES);
	assert_int_equal(need[0].have, 2);
	assert_int_equal(need[0].want, 3);
	f.milestones_signed = 3;
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 0);
	f = facts(STAGE_SELECTION);
	assert_int_equal(gate_missing(&f, &gate_defaults, need), 1);
	assert_int_equal(need[0].kind, NEED_LAST_STAGE);
}

static void
skills_levels_and_hours(void **state)
{
	int	 m;

	(void)state;
	assert_int_equal(gate_skill_parse("carving"), 0);
	assert_int_equal(gate_skill_parse("cad"), SKILL_COUNT - 1);
	assert_int_equal(gate_skill_parse("knitting"), -1);
	assert_int_equal(gate_skill_parse(NULL), -1);
	assert_string_equal(gate_skill_code(gate_skill_parse("bangle")), "bangle");
	assert_int_equal(gate_level_msg(0), M_LEVEL_0);
	assert_int_equal(gate_level_msg(5), M_LEVEL_5);
	assert_int_equal(gate_level_msg(-1), M_LEVEL_NONE);
	assert_int_equal(gate_level_msg(6), M_LEVEL_NONE);
	assert_true(gate_minutes_parse("3", &m) && m == 180);
	assert_true(gate_minutes_parse("2.5", &m) && m == 150);
	assert_true(gate_minutes_parse("0.25", &m) && m == 15);
	assert_true(gate_minutes_parse("12", &m) && m == 720);
	assert_false(gate_minutes_parse("12.01", &m));
	assert_false(gate_minutes_parse("0", &m));
	assert_false(gate_minutes_parse("", &m));
	assert_false(gate_minutes_parse(".", &m));
	assert_false(gate_minutes_parse("2.555", &m));
	assert_false(gate_minutes_parse("-1", &m));
	assert_false(gate_minutes_parse("1e1", &m));
	assert_false(gate_minutes_parse("１", &m));
	assert_false(gate_minutes_parse(NULL, &m));
}

static void
tree_picture_has_the_expected_size(void **state)
{
	struct tree_row	 rows[] = {
		{ "王建平", "师傅", -1, -1 },
		{ "黄少明", NULL, 0, -1 },
		{ "何嘉欣", "徒弟", 1, 1 },
		{ "<script>", "徒孙", 2, 2 },
	};
	gdImagePtr	 im;
	void		*png;
	char		 err[128];
	int		 size;

	(void)state;
	assert_true(tree_png(rows, 4, "黄少明 · 传承谱系", FONT, &png, &size,
	    err, sizeof(err)));
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	im = gdImageCreateFromPngPtr(size, png);
	assert_non_null(im);
	assert_int_equal(gdImageSX(im), TREE_WIDTH);
	assert_int_equal(gdImageSY(im), tree_height(4));
	assert_int_equal(tree_height(4), 72 + 4 * 52 + 24);
	gdImageDestroy(im);
	gdFree(png);
	/* A font that is not there is an error, not a crash. */
	assert_false(tree_png(rows, 4, "x", "/nonexistent.ttf", &png, &size,
	    err, sizeof(err)));
	assert_null(png);
	assert_true(err[0] != '\0');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generations),
		cmocka_unit_test(cycles_refused),
		cmocka_unit_test(tree_order_and_parents),
		cmocka_unit_test(forty_apprentices_three_generations),
		cmocka_unit_test(gates),
		cmocka_unit_test(skills_levels_and_hours),
		cmocka_unit_test(tree_picture_has_the_expected_size),
	};

	return (cmocka_run_group_tests_name("training", tests, NULL, NULL));
}
