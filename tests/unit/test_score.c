/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_score.c: the competition's rules (src/score.c) against figures
 * worked out by hand — each expected value is a literal with its
 * arithmetic beside it, never one recomputed by the code under test:
 * weights, the mean of a panel, dropping the highest and lowest of five
 * and seven (ties included), four judges kept whole, WorldSkills spread
 * flags, panels cut short by recusal, no sheets at all, the ranking and
 * its tie-break, tiers by quota, who advances, marks as text, points as
 * people read them, the rules' refusals, the score log's hash chain and
 * entries' blind codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "score.h"
#include "sign.h"

#define EN_DASH		"\xe2\x80\x93"
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Three criteria weighing 50, 30 and 20; a panel of 3; tie-break 2nd, 1st. */
static struct score_rules
rules3(enum score_mode mode)
{
	struct score_rules	 r;

	memset(&r, 0, sizeof(r));
	r.mode = mode;
	r.ncrit = 3;
	r.weight[0] = 50;
	r.weight[1] = 30;
	r.weight[2] = 20;
	r.min_panel = 3;
	r.spread = 1;
	r.ntie = 2;
	r.tiebreak[0] = 1;
	r.tiebreak[1] = 0;
	return (r);
}

/* The defaults staff start from, as rules. */
static struct score_rules
rules_default(void)
{
	struct score_rules	 r;
	size_t			 i;

	memset(&r, 0, sizeof(r));
	r.mode = SCORE_WEIGHTED;
	r.ncrit = (int)score_default_criteria_count;
	for (i = 0; i < score_default_criteria_count; i++)
		r.weight[i] = score_default_criteria[i].value;
	r.min_panel = 5;
	r.ntie = (int)score_default_tiebreak_count;
	for (i = 0; i < score_default_tiebreak_count; i++)
		r.tiebreak[i] = score_default_tiebreak[i];
	return (r);
}

static struct score_sheet
sheet3(int64_t judge, int a, int b, int c)
{
	struct score_sheet	 s;

	memset(&s, 0, sizeof(s));
	s.judge = judge;
	s.marks[0] = a;
	s.marks[1] = b;
	s.marks[2] = c;
	return (s);
}

/* Fills out with junk but the caller's entry and category, then scores. */
static void
score(const struct score_rules *r, const struct score_sheet *s, int n,
    struct score_result *out)
{
	memset(out, 0x5a, sizeof(*out));
	out->entry = 1001;
	out->category = 7;
	score_entry(r, s, n, out);
	assert_int_equal(out->entry, 1001);
	assert_int_equal(out->category, 7);
	assert_int_equal(out->rank, 0);
	assert_int_equal(out->tier, -1);
	assert_int_equal(out->nsheets, n);
}

static void
default_rules_are_the_2018_caiyun_cup(void **state)
{
	struct score_rules	 r;
	char			 err[128];

	(void)state;
	assert_int_equal(score_default_criteria_count, 9);
	assert_string_equal(score_default_criteria[3].zh, "工艺技术");
	assert_int_equal(score_default_criteria[3].value, 30);
	assert_string_equal(score_default_criteria[2].zh, "创意创新");
	assert_int_equal(score_default_criteria[2].value, 25);
	assert_string_equal(score_default_criteria[5].en,
	    "Colour play (qiaose)");
	assert_int_equal(score_default_tiers_count, 4);
	assert_string_equal(score_default_tiers[0].zh, "金奖");
	assert_int_equal(score_default_tiers[0].value, 1);
	assert_int_equal(score_default_tiers[1].value, 2);
	assert_int_equal(score_default_tiers[2].value, 3);
	assert_string_equal(score_default_tiers[3].en, "Excellence");
	assert_int_equal(score_default_tiers[3].value, 5);
	assert_int_equal(score_default_tiebreak_count, 2);
	assert_int_equal(score_default_tiebreak[0], 3);
	assert_int_equal(score_default_tiebreak[1], 2);
	/* 5 + 5 + 25 + 30 + 10 + 5 + 5 + 10 + 5 = 100 */
	r = rules_default();
	assert_true(score_rules_check(&r, err, sizeof(err)));
	assert_int_equal(title_rules_count, 1);
	assert_string_equal(title_rules[0].title_zh, "平洲玉匠");
	assert_int_equal(title_rules[0].tier, 0);
	assert_int_equal(title_rules[0].count, 2);
}

static void
judge_total_is_weights_times_marks(void **state)
{
	struct score_rules	 r = rules_default();
	const int		 marks[] = { 80, 85, 90, 88, 70, 75, 60, 95,
				    50 };
	const int		 full[] = { 100, 100, 100, 100, 100, 100, 100,
				    100, 100 };
	const int		 none[9] = { 0 };

	(void)state;
	assert_int_equal(score_mark_max(SCORE_WEIGHTED), 100);
	assert_int_equal(score_mark_max(SCORE_WORLDSKILLS), 3);
	/*
	 * 5×80 + 5×85 + 25×90 + 30×88 + 10×70 + 5×75 + 5×60 + 10×95 + 5×50
	 * = 400 + 425 + 2250 + 2640 + 700 + 375 + 300 + 950 + 250 = 8290,
	 * 82.90 points.
	 */
	assert_int_equal(score_judge_total(&r, marks), 8290);
	assert_int_equal(score_judge_total(&r, full), 10000);	/* 100 × 100 */
	assert_int_equal(score_judge_total(&r, none), 0);
	/* Weights 50 30 20: 50×3 + 30×2 + 20×1 = 230. */
	r = rules3(SCORE_WORLDSKILLS);
	assert_int_equal(score_judge_total(&r, (const int[]){ 3, 2, 1 }), 230);
}

static void
mean_of_three_judges(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_sheet	 s[3];
	struct score_result	 res;
	char			 pts[16];

	(void)state;
	s[0] = sheet3(11, 80, 70, 60);	/* 4000 + 2100 + 1200 = 7300 */
	s[1] = sheet3(12, 90, 80, 70);	/* 4500 + 2400 + 1400 = 8300 */
	s[2] = sheet3(13, 71, 60, 50);	/* 3550 + 1800 + 1000 = 6350 */
	score(&r, s, 3, &res);
	assert_int_equal(res.judge[0], 11);
	assert_int_equal(res.judge[2], 13);
	assert_int_equal(res.judge_total[0], 7300);
	assert_int_equal(res.judge_total[1], 8300);
	assert_int_equal(res.judge_total[2], 6350);
	assert_int_equal(res.dropped_hi, -1);
	assert_int_equal(res.dropped_lo, -1);
	assert_int_equal(res.counted, 3);
	/* 7300 + 8300 + 6350 = 21950 over 3 × 100 = 73.1666… */
	assert_int_equal(res.total_num, 21950);
	assert_int_equal(res.total_den, 300);
	assert_int_equal(res.crit_num[0], 241);	/* 80 + 90 + 71 */
	assert_int_equal(res.crit_num[1], 210);	/* 70 + 80 + 60 */
	assert_int_equal(res.crit_num[2], 180);	/* 60 + 70 + 50 */
	assert_int_equal(res.crit_den, 3);
	assert_int_equal(res.flags, 0);
	assert_int_equal(res.spread_mask, 0);
	score_points(res.total_num, res.total_den, pts);
	assert_string_equal(pts, "73.17");
}

static void
five_judges_drop_highest_and_lowest(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_sheet	 s[5];
	struct score_result	 res;
	char			 pts[16];

	(void)state;
	s[0] = sheet3(1, 80, 80, 80);	/* 8000 */
	s[1] = sheet3(2, 90, 90, 90);	/* 9000: highest, dropped */
	s[2] = sheet3(3, 70, 70, 70);	/* 7000: lowest, dropped */
	s[3] = sheet3(4, 85, 80, 75);	/* 4250 + 2400 + 1500 = 8150 */
	s[4] = sheet3(5, 60, 90, 90);	/* 3000 + 2700 + 1800 = 7500 */
	score(&r, s, 5, &res);
	assert_int_equal(res.dropped_hi, 1);
	assert_int_equal(res.dropped_lo, 2);
	assert_int_equal(res.counted, 3);
	/* 8000 + 8150 + 7500 = 23650 over 300 = 78.8333… */
	assert_int_equal(res.total_num, 23650);
	assert_int_equal(res.total_den, 300);
	assert_int_equal(res.crit_num[0], 225);	/* 80 + 85 + 60 */
	assert_int_equal(res.crit_num[1], 250);	/* 80 + 80 + 90 */
	assert_int_equal(res.crit_num[2], 245);	/* 80 + 75 + 90 */
	assert_int_equal(res.crit_den, 3);
	assert_int_equal(res.flags, 0);
	/* The dropped judges' totals are still reported. */
	assert_int_equal(res.judge_total[1], 9000);
	assert_int_equal(res.judge_total[2], 7000);
	score_points(res.total_num, res.total_den, pts);
	assert_string_equal(pts, "78.83");
}

static void
seven_judges_drop_highest_and_lowest(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_sheet	 s[7];
	struct score_result	 res;
	char			 pts[16];

	(void)state;
	s[0] = sheet3(1, 80, 80, 80);	/* 8000 */
	s[1] = sheet3(2, 75, 70, 65);	/* 3750 + 2100 + 1300 = 7150 */
	s[2] = sheet3(3, 95, 90, 100);	/* 4750 + 2700 + 2000 = 9450: hi */
	s[3] = sheet3(4, 82, 78, 74);	/* 4100 + 2340 + 1480 = 7920 */
	s[4] = sheet3(5, 50, 60, 40);	/* 2500 + 1800 + 800 = 5100: lo */
	s[5] = sheet3(6, 88, 84, 80);	/* 4400 + 2520 + 1600 = 8520 */
	s[6] = sheet3(7, 79, 81, 83);	/* 3950 + 2430 + 1660 = 8040 */
	score(&r, s, 7, &res);
	assert_int_equal(res.dropped_hi, 2);
	assert_int_equal(res.dropped_lo, 4);
	assert_int_equal(res.counted, 5);
	/* 8000 + 7150 + 7920 + 8520 + 8040 = 39630 over 500 = 79.26 */
	assert_int_equal(res.total_num, 39630);
	assert_int_equal(res.total_den, 500);
	assert_int_equal(res.crit_num[0], 404);	/* 80+75+82+88+79 */
	assert_int_equal(res.crit_num[1], 393);	/* 80+70+78+84+81 */
	assert_int_equal(res.crit_num[2], 382);	/* 80+65+74+80+83 */
	assert_int_equal(res.crit_den, 5);
	score_points(res.total_num, res.total_den, pts);
	assert_string_equal(pts, "79.26");
}

static void
drop_with_ties_takes_the_first_sheet(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_sheet	 s[5];
	struct score_result	 res;
	int			 j;

	(void)state;
	/* Totals 8000 9000 9000 7000 7000: the first 9000, the first 7000. */
	s[0] = sheet3(1, 80, 80, 80);
	s[1] = sheet3(2, 90, 90, 90);
	s[2] = sheet3(3, 90, 90, 90);
	s[3] = sheet3(4, 70, 70, 70);
	s[4] = sheet3(5, 70, 70, 70);
	score(&r, s, 5, &res);
	assert_int_equal(res.dropped_hi, 1);
	assert_int_equal(res.dropped_lo, 3);
	assert_int_equal(res.counted, 3);
	assert_int_equal(res.total_num, 24000);	/* 8000 + 9000 + 7000 */
	assert_int_equal(res.total_den, 300);

	/* Totals 7000 9000 7000 8000 8000: the lowest is the first sheet. */
	s[0] = sheet3(1, 70, 70, 70);
	s[1] = sheet3(2, 90, 90, 90);
	s[2] = sheet3(3, 70, 70, 70);
	s[3] = sheet3(4, 80, 80, 80);
	s[4] = sheet3(5, 80, 80, 80);
	score(&r, s, 5, &res);
	assert_int_equal(res.dropped_hi, 1);
	assert_int_equal(res.dropped_lo, 0);
	assert_int_equal(res.total_num, 23000);	/* 7000 + 8000 + 8000 */

	/* All agree: still two dropped, sheets 0 and 1. */
	for (j = 0; j < 5; j++)
		s[j] = sheet3(j + 1, 80, 80, 80);
	score(&r, s, 5, &res);
	assert_int_equal(res.dropped_hi, 0);
	assert_int_equal(res.dropped_lo, 1);
	assert_int_equal(res.counted, 3);
	assert_int_equal(res.total_num, 24000);	/* 3 × 8000 */
	assert_int_equal(res.total_den, 300);
	assert_int_equal(res.crit_num[0], 240);	/* 3 × 80 */
}

static void
four_judges_are_not_dropped(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_sheet	 s[4];
	struct score_result	 res;
	char			 pts[16];

	(void)state;
	s[0] = sheet3(1, 80, 80, 80);	/* 8000 */
	s[1] = sheet3(2, 90, 90, 90);	/* 9000 */
	s[2] = sheet3(3, 70, 70, 70);	/* 7000 */
	s[3] = sheet3(4, 85, 80, 75);	/* 8150 */
	score(&r, s, 4, &res);
	assert_int_equal(res.dropped_hi, -1);
	assert_int_equal(res.dropped_lo, -1);
	assert_int_equal(res.counted, 4);
	/* 8000 + 9000 + 7000 + 8150 = 32150 over 400 = 80.375 */
	assert_int_equal(res.total_num, 32150);
	assert_int_equal(res.total_den, 400);
	assert_int_equal(res.crit_den, 4);
	assert_int_equal(res.flags, 0);
	score_points(res.total_num, res.total_den, pts);
	assert_string_equal(pts, "80.38");	/* .375 rounds up */
}

static void
worldskills_spread_flags_an_aspect(void **state)
{
	struct score_rules	 r = rules3(SCORE_WORLDSKILLS);
	struct score_sheet	 s[5];
	struct score_result	 res;
	char			 pts[16];

	(void)state;
	r.spread = 1;
	/* Aspect 0: 3 2 1 (3 − 1 = 2 > 1, flagged); 1: 3 2 2 (1, not). */
	s[0] = sheet3(1, 3, 3, 2);	/* 150 + 90 + 40 = 280 */
	s[1] = sheet3(2, 2, 2, 2);	/* 100 + 60 + 40 = 200 */
	s[2] = sheet3(3, 1, 2, 2);	/* 50 + 60 + 40 = 150 */
	score(&r, s, 3, &res);
	assert_int_equal(res.spread_mask, 0x1);
	assert_int_equal(res.flags, SCORE_F_SPREAD);
	assert_int_equal(res.counted, 3);
	/* 280 + 200 + 150 = 630 over 3 × 3 = 70.00 */
	assert_int_equal(res.total_num, 630);
	assert_int_equal(res.total_den, 9);
	assert_int_equal(res.crit_num[0], 6);	/* 3 + 2 + 1 */
	score_points(res.total_num, res.total_den, pts);
	assert_string_equal(pts, "70.00");

	/* Only aspect 2 apart: 0 and 3 (3 > 1): bit 2 alone. */
	s[0] = sheet3(1, 2, 2, 0);
	s[1] = sheet3(2, 2, 2, 3);
	s[2] = sheet3(3, 2, 2, 2);
	score(&r, s, 3, &res);
	assert_int_equal(res.spread_mask, 0x4);
	assert_int_equal(res.flags, SCORE_F_SPREAD);

	/* Spread 0: any difference is flagged; 2 2 2 is not. */
	r.spread = 0;
	s[0] = sheet3(1, 2, 3, 1);
	s[1] = sheet3(2, 2, 2, 1);
	s[2] = sheet3(3, 2, 3, 1);
	score(&r, s, 3, &res);
	assert_int_equal(res.spread_mask, 0x2);

	/* Five WorldSkills sheets: nothing dropped, all five count. */
	r.spread = 3;
	s[0] = sheet3(1, 3, 3, 3);	/* 300 */
	s[1] = sheet3(2, 0, 0, 0);	/* 0 */
	s[2] = sheet3(3, 2, 2, 2);	/* 200 */
	s[3] = sheet3(4, 1, 1, 1);	/* 100 */
	s[4] = sheet3(5, 3, 3, 3);	/* 300 */
	score(&r, s, 5, &res);
	assert_int_equal(res.dropped_hi, -1);
	assert_int_equal(res.dropped_lo, -1);
	assert_int_equal(res.counted, 5);
	/* 300 + 0 + 200 + 100 + 300 = 900 over 5 × 3 = 60.00 */
	assert_int_equal(res.total_num, 900);
	assert_int_equal(res.total_den, 15);
	assert_int_equal(res.flags, 0);	/* 3 − 0 = 3, not more than 3 */
	assert_int_equal(res.spread_mask, 0);
}

static void
recusal_shrinks_the_panel(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_sheet	 s[4];
	struct score_result	 res;

	(void)state;
	/* A panel of 3, one recused: 2 sheets, below min_panel 3. */
	s[0] = sheet3(1, 80, 80, 80);	/* 8000 */
	s[1] = sheet3(3, 90, 90, 90);	/* 9000 */
	score(&r, s, 2, &res);
	assert_int_equal(res.flags, SCORE_F_PANEL_SHORT);
	assert_int_equal(res.counted, 2);
	assert_int_equal(res.total_num, 17000);	/* 8000 + 9000 */
	assert_int_equal(res.total_den, 200);
	assert_int_equal(res.judge[1], 3);

	/* A panel of 5, one recused: 4 sheets, so none is dropped. */
	s[0] = sheet3(1, 80, 80, 80);	/* 8000 */
	s[1] = sheet3(2, 90, 90, 90);	/* 9000 */
	s[2] = sheet3(4, 70, 70, 70);	/* 7000 */
	s[3] = sheet3(5, 60, 60, 60);	/* 6000 */
	score(&r, s, 4, &res);
	assert_int_equal(res.dropped_hi, -1);
	assert_int_equal(res.dropped_lo, -1);
	assert_int_equal(res.counted, 4);
	assert_int_equal(res.total_num, 30000);	/* 8000+9000+7000+6000 */
	assert_int_equal(res.total_den, 400);
	assert_int_equal(res.flags, 0);		/* 4 >= min_panel 3 */
	r.min_panel = 5;
	score(&r, s, 4, &res);
	assert_int_equal(res.flags, SCORE_F_PANEL_SHORT);	/* 4 < 5 */
	assert_int_equal(res.dropped_hi, -1);
}

static void
no_sheets_no_total(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_result	 res;
	char			 pts[16];

	(void)state;
	score(&r, NULL, 0, &res);
	assert_int_equal(res.flags, SCORE_F_NO_SHEETS | SCORE_F_PANEL_SHORT);
	assert_int_equal(res.counted, 0);
	assert_int_equal(res.total_num, 0);
	assert_int_equal(res.total_den, 0);
	assert_int_equal(res.crit_den, 0);
	assert_int_equal(res.dropped_hi, -1);
	assert_int_equal(res.dropped_lo, -1);
	assert_int_equal(res.spread_mask, 0);
	score_points(res.total_num, res.total_den, pts);
	assert_string_equal(pts, EN_DASH);
	r = rules3(SCORE_WORLDSKILLS);
	score(&r, NULL, 0, &res);
	assert_int_equal(res.flags, SCORE_F_NO_SHEETS | SCORE_F_PANEL_SHORT);
	assert_int_equal(res.spread_mask, 0);
}

/* A result as the store would hand it to the ranking. */
static struct score_result
result(int64_t entry, int64_t num, int64_t den, int c0, int c1, int c2,
    int cden)
{
	struct score_result	 x;

	memset(&x, 0, sizeof(x));
	x.entry = entry;
	x.total_num = num;
	x.total_den = den;
	x.crit_num[0] = c0;
	x.crit_num[1] = c1;
	x.crit_num[2] = c2;
	x.crit_den = cden;
	x.rank = 99;
	x.tier = 99;
	return (x);
}

static void
compare_by_total_then_tiebreak(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_result	 a, b, none, none2;

	(void)state;
	/* 24000/300 = 80 against 16000/200 = 80; criterion 1: 80 and 85. */
	a = result(1, 24000, 300, 240, 240, 240, 3);
	b = result(2, 16000, 200, 150, 170, 160, 2);
	assert_true(score_cmp(&r, &b, &a) < 0);
	assert_true(score_cmp(&r, &a, &b) > 0);
	/* Higher total wins whatever the tie-break: 24300/300 = 81. */
	a.total_num = 24300;
	assert_true(score_cmp(&r, &a, &b) < 0);
	/* No tie-break criteria: 80 and 80 tie. */
	a.total_num = 24000;
	r.ntie = 0;
	assert_int_equal(score_cmp(&r, &a, &b), 0);
	/* Nothing counted goes last; two such tie. */
	r = rules3(SCORE_WEIGHTED);
	none = result(3, 0, 0, 0, 0, 0, 0);
	none2 = result(4, 0, 0, 0, 0, 0, 0);
	assert_true(score_cmp(&r, &a, &none) < 0);
	assert_true(score_cmp(&r, &none, &a) > 0);
	assert_int_equal(score_cmp(&r, &none, &none2), 0);
	/* A zero total still beats no total. */
	a.total_num = 0;
	assert_true(score_cmp(&r, &a, &none) < 0);
}

static void
ranking_with_tiebreak_and_shared_ranks(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_result	 x[7];
	struct score_result	*v[7];
	size_t			 i;

	(void)state;
	/* Tie-break: criterion 1's mean, then criterion 0's. */
	x[0] = result(5, 0, 0, 0, 0, 0, 0);		/* E: no sheets */
	x[1] = result(4, 8000, 100, 80, 80, 80, 1);	/* D: 80; 80, 80 */
	x[2] = result(1, 24000, 300, 240, 240, 240, 3);	/* A: 80; 80, 80 */
	x[3] = result(6, 23700, 300, 237, 237, 237, 3);	/* F: 79 */
	x[4] = result(7, 24000, 300, 250, 240, 230, 3);	/* G: 80; 80, 83.3 */
	x[5] = result(2, 16000, 200, 150, 170, 160, 2);	/* B: 80; 85 */
	x[6] = result(3, 24600, 300, 246, 246, 246, 3);	/* C: 82 */
	for (i = 0; i < 7; i++)
		v[i] = &x[i];
	score_rank(&r, v, 7);
	/*
	 * C 82 first; B, G, A and D all 80: B's criterion 1 (85) beats the
	 * others' 80; G's criterion 0 (250/3) beats A's and D's 80; A and D
	 * tie on everything (24000/300 = 8000/100, 240/3 = 80/1), share 4th
	 * in entry order, and F is 6th; E, with nothing counted, last.
	 */
	assert_int_equal(v[0]->entry, 3);
	assert_int_equal(v[0]->rank, 1);
	assert_int_equal(v[1]->entry, 2);
	assert_int_equal(v[1]->rank, 2);
	assert_int_equal(v[2]->entry, 7);
	assert_int_equal(v[2]->rank, 3);
	assert_int_equal(v[3]->entry, 1);
	assert_int_equal(v[3]->rank, 4);
	assert_int_equal(v[4]->entry, 4);
	assert_int_equal(v[4]->rank, 4);
	assert_int_equal(v[5]->entry, 6);
	assert_int_equal(v[5]->rank, 6);
	assert_int_equal(v[6]->entry, 5);
	assert_int_equal(v[6]->rank, 7);
}

static void
true_ties_share_a_rank_and_the_next_skips(void **state)
{
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_result	 x[3];
	struct score_result	*v[3];

	(void)state;
	/* 17000/200 = 85 under 18000/200 = 90 = 9000/100 (criteria equal). */
	x[0] = result(30, 17000, 200, 170, 170, 170, 2);
	x[1] = result(20, 18000, 200, 180, 180, 180, 2);
	x[2] = result(10, 9000, 100, 90, 90, 90, 1);
	v[0] = &x[0];
	v[1] = &x[1];
	v[2] = &x[2];
	score_rank(&r, v, 3);
	assert_int_equal(v[0]->entry, 10);	/* ties listed by entry id */
	assert_int_equal(v[0]->rank, 1);
	assert_int_equal(v[1]->entry, 20);
	assert_int_equal(v[1]->rank, 1);
	assert_int_equal(v[2]->entry, 30);
	assert_int_equal(v[2]->rank, 3);
	/* One entry, and none. */
	score_rank(&r, v + 2, 1);
	assert_int_equal(v[2]->rank, 1);
	score_rank(&r, v, 0);
}

/*
 * 2,001 results of totals drawn from few values (many ties): every rank
 * is 1 + the number strictly better, counted here by plain cross
 * multiplication on the totals alone (no tie-break in these rules), and
 * the order is by total, then entry id.
 */
static void
large_category_ranks(void **state)
{
	enum { N = 2001 };
	struct score_rules	 r = rules3(SCORE_WEIGHTED);
	struct score_result	*x, **v;
	uint32_t		 seed = 12345;
	size_t			 i, j;
	int			 better;

	(void)state;
	r.ntie = 0;
	x = calloc(N, sizeof(*x));
	v = calloc(N, sizeof(*v));
	assert_non_null(x);
	assert_non_null(v);
	for (i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		x[i].entry = (int64_t)(N - i);
		x[i].total_den = 100 * (int64_t)(1 + (seed >> 16) % 3);
		seed = seed * 1103515245u + 12345u;
		/* 70.00-79.00 in whole points: ties across denominators. */
		x[i].total_num = x[i].total_den * (70 + (seed >> 16) % 10);
		if (i % 97 == 0)
			x[i].total_den = x[i].total_num = 0;
		x[i].crit_den = (int)(x[i].total_den / 100);
		v[i] = &x[i];
	}
	score_rank(&r, v, N);
	for (i = 0; i < N; i++) {
		for (better = 0, j = 0; j < N; j++) {
			if (x[j].total_den == 0)
				continue;
			if (v[i]->total_den == 0 || x[j].total_num *
			    v[i]->total_den > v[i]->total_num * x[j].total_den)
				better++;
		}
		assert_int_equal(v[i]->rank, better + 1);
		if (i > 0 && v[i]->rank == v[i - 1]->rank)
			assert_true(v[i]->entry > v[i - 1]->entry);
		if (i > 0)
			assert_true(v[i]->rank >= v[i - 1]->rank);
	}
	free(v);
	free(x);
}

/* Results in rank order with these ranks; den 0 where rank is 0. */
static void
ranked(struct score_result *x, struct score_result **v, const int *ranks,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		memset(&x[i], 0, sizeof(x[i]));
		x[i].entry = (int64_t)i + 1;
		x[i].rank = ranks[i] > 0 ? ranks[i] : (int)n;
		x[i].total_den = ranks[i] > 0 ? 300 : 0;
		x[i].tier = 77;
		v[i] = &x[i];
	}
}

static void
tiers_by_quota_ties_keep_their_award(void **state)
{
	struct score_result	 x[12];
	struct score_result	*v[12];
	const int		 quota[] = { 1, 2, 3 };	/* gold silver bronze */
	/* 1 1: both gold (quota 1); 4 4: silver past its quota of 2. */
	const int		 ranks[] = { 1, 1, 3, 4, 4, 6, 7, 8, 8, 10, 0 };
	const int		 want[] = { 0, 0, 1, 1, 1, 2, 2, 2, 2, -1, -1 };
	const int		 quota0[] = { 1, 0, 2 };
	const int		 ranks0[] = { 1, 2, 3, 4 };
	const int		 want0[] = { 0, 2, 2, -1 };
	const int		 few[] = { 1, 0 };
	const int		 quota31[] = { 3, 1 };
	const int		 ranks31[] = { 1, 1, 3, 4, 5 };
	const int		 want31[] = { 0, 0, 0, 1, -1 };
	size_t			 i;

	(void)state;
	/*
	 * gold: ranks 1 1 (2 > quota 1, a tie); silver: 3, 4, 4 (the tie
	 * past quota 2); bronze: 6, 7, 8 and the tied 8; rank 10: none left;
	 * the last counted nothing.
	 */
	ranked(x, v, ranks, NELEM(ranks));
	score_tiers(v, NELEM(ranks), quota, 3);
	for (i = 0; i < NELEM(ranks); i++)
		assert_int_equal(v[i]->tier, want[i]);

	/* A tier with quota 0 is skipped: gold, bronze, bronze, none. */
	ranked(x, v, ranks0, NELEM(ranks0));
	score_tiers(v, NELEM(ranks0), quota0, 3);
	for (i = 0; i < NELEM(ranks0); i++)
		assert_int_equal(v[i]->tier, want0[i]);

	/* A tie within the quota takes its places: 1 1 3 fill gold's 3. */
	ranked(x, v, ranks31, NELEM(ranks31));
	score_tiers(v, NELEM(ranks31), quota31, 2);
	for (i = 0; i < NELEM(ranks31); i++)
		assert_int_equal(v[i]->tier, want31[i]);

	/* No sheets, no tier, even with places to spare. */
	ranked(x, v, few, NELEM(few));
	score_tiers(v, NELEM(few), quota, 3);
	assert_int_equal(v[0]->tier, 0);
	assert_int_equal(v[1]->tier, -1);

	/* No tiers at all. */
	ranked(x, v, ranks0, NELEM(ranks0));
	score_tiers(v, NELEM(ranks0), quota, 0);
	for (i = 0; i < NELEM(ranks0); i++)
		assert_int_equal(v[i]->tier, -1);
}

static void
tiers_with_the_default_quotas(void **state)
{
	struct score_result	 x[12];
	struct score_result	*v[12];
	int			 quota[SCORE_MAX_TIERS];
	const int		 ranks[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
				    12 };
	/* 1 gold, 2 silver, 3 bronze, 5 excellence: 11 places, then none. */
	const int		 want[] = { 0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3,
				    -1 };
	size_t			 i;

	(void)state;
	for (i = 0; i < score_default_tiers_count; i++)
		quota[i] = score_default_tiers[i].value;
	ranked(x, v, ranks, NELEM(ranks));
	score_tiers(v, NELEM(ranks), quota, (int)score_default_tiers_count);
	for (i = 0; i < NELEM(ranks); i++)
		assert_int_equal(v[i]->tier, want[i]);
}

static void
advance_takes_ties_at_the_cut(void **state)
{
	struct score_result	 x[6];
	struct score_result	*v[6];
	const int		 cut[] = { 1, 2, 3, 3, 5 };
	const int		 all[] = { 1, 1, 1 };
	const int		 empty[] = { 1, 2, 0, 0 };

	(void)state;
	ranked(x, v, cut, NELEM(cut));
	assert_int_equal(score_advance(v, 5, 3), 4);	/* 3rd ties 4th */
	assert_int_equal(score_advance(v, 5, 2), 2);
	assert_int_equal(score_advance(v, 5, 4), 4);
	assert_int_equal(score_advance(v, 5, 5), 5);
	assert_int_equal(score_advance(v, 5, 10), 5);
	assert_int_equal(score_advance(v, 5, 0), 0);
	assert_int_equal(score_advance(v, 5, -1), 0);
	assert_int_equal(score_advance(v, 0, 3), 0);
	ranked(x, v, all, NELEM(all));
	assert_int_equal(score_advance(v, 3, 1), 3);	/* all tie first */
	/* Results with nothing counted never go on. */
	ranked(x, v, empty, NELEM(empty));
	assert_int_equal(score_advance(v, 4, 3), 2);
	assert_int_equal(score_advance(v, 4, 1), 1);
}

static void
marks_parse_good(void **state)
{
	int	 m[SCORE_MAX_CRITERIA];
	char	 out[SCORE_MARKS_MAX];
	int	 i;

	(void)state;
	assert_true(score_marks_parse("0 0 0", 3, 100, m));
	assert_int_equal(m[0], 0);
	assert_int_equal(m[2], 0);
	assert_true(score_marks_parse("100 5 10", 3, 100, m));
	assert_int_equal(m[0], 100);
	assert_int_equal(m[1], 5);
	assert_int_equal(m[2], 10);
	assert_true(score_marks_parse("3 2 1", 3, 3, m));
	assert_int_equal(m[0], 3);
	assert_int_equal(m[2], 1);
	assert_true(score_marks_parse("7", 1, 100, m));
	assert_int_equal(m[0], 7);
	assert_true(score_marks_parse("80 85 90 88 70 75 60 95 50", 9, 100,
	    m));
	assert_int_equal(m[3], 88);
	assert_int_equal(m[8], 50);
	assert_true(score_marks_parse("100 100 100 100 100 100 100 100 100 "
	    "100 100 100", 12, 100, m));
	for (i = 0; i < 12; i++)
		assert_int_equal(m[i], 100);
	score_marks_format(m, 12, out);
	assert_string_equal(out, "100 100 100 100 100 100 100 100 100 100 "
	    "100 100");
	assert_int_equal(strlen(out), 47);	/* 12 × 3 + 11 spaces */
	assert_true(score_marks_parse("999", 1, 999, m));
	assert_int_equal(m[0], 999);

	score_marks_format((const int[]){ 80, 85, 100 }, 3, out);
	assert_string_equal(out, "80 85 100");
	score_marks_format((const int[]){ 0 }, 1, out);
	assert_string_equal(out, "0");
	score_marks_format(m, 0, out);
	assert_string_equal(out, "");
}

static void
marks_parse_refuses(void **state)
{
	static const struct {
		const char	*s;
		int		 ncrit;
		int		 max;
	} bad[] = {
		{ "", 3, 100 },
		{ "1 2", 3, 100 },		/* too few */
		{ "1 2 3 4", 3, 100 },		/* too many */
		{ " 1 2 3", 3, 100 },		/* leading space */
		{ "1 2 3 ", 3, 100 },		/* trailing space */
		{ "1  2 3", 3, 100 },		/* two spaces */
		{ "1\t2 3", 3, 100 },		/* a tab */
		{ "+1 2 3", 3, 100 },		/* a sign */
		{ "-1 2 3", 3, 100 },
		{ "01 2 3", 3, 100 },		/* a leading zero */
		{ "00 2 3", 3, 100 },
		{ "1 2 101", 3, 100 },		/* above max */
		{ "4 2 1", 3, 3 },		/* above WorldSkills' 3 */
		{ "1 2 1000", 3, 1000 },	/* four digits */
		{ "0100 2 3", 3, 1000 },
		{ "1 2 3\n", 3, 100 },		/* a newline */
		{ "1,2,3", 3, 100 },
		{ "a 2 3", 3, 100 },
		{ "1 2 3x", 3, 100 },		/* trailing bytes */
		{ "1 2 0x10", 3, 100 },
		{ "1.5 2 3", 3, 100 },		/* not tenths as typed */
		{ "1 2 \xef\xbc\x99", 3, 100 },	/* a full-width 9 */
		{ "1 2 3", 0, 100 },		/* no criteria */
		{ "1 2 3 4 5 6 7 8 9 10 11 12 13", 13, 100 },
		{ "1", 1, -1 },			/* no mark allowed */
	};
	int	 m[SCORE_MAX_CRITERIA];
	size_t	 i;
	int	 k;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		for (k = 0; k < SCORE_MAX_CRITERIA; k++)
			m[k] = -7;
		if (score_marks_parse(bad[i].s, bad[i].ncrit, bad[i].max, m))
			fail_msg("accepted \"%s\" (%d, max %d)", bad[i].s,
			    bad[i].ncrit, bad[i].max);
		for (k = 0; k < SCORE_MAX_CRITERIA; k++)
			assert_int_equal(m[k], -7);	/* untouched */
	}
	assert_false(score_marks_parse(NULL, 3, 100, m));
}

static void
points_round_half_up(void **state)
{
	char	 p[16];

	(void)state;
	score_points(8735, 100, p);
	assert_string_equal(p, "87.35");
	score_points(2, 3, p);			/* 0.666… */
	assert_string_equal(p, "0.67");
	score_points(1, 200, p);		/* 0.005 rounds up */
	assert_string_equal(p, "0.01");
	score_points(1, 300, p);		/* 0.00333… */
	assert_string_equal(p, "0.00");
	score_points(3, 200, p);		/* 0.015 */
	assert_string_equal(p, "0.02");
	score_points(2999, 200, p);		/* 14.995 */
	assert_string_equal(p, "15.00");
	score_points(10000, 100, p);
	assert_string_equal(p, "100.00");
	score_points(0, 300, p);
	assert_string_equal(p, "0.00");
	score_points(630, 9, p);		/* 70 exactly */
	assert_string_equal(p, "70.00");
	score_points(39630, 500, p);		/* 79.26 exactly */
	assert_string_equal(p, "79.26");
	score_points(1, 0, p);
	assert_string_equal(p, EN_DASH);
	score_points(0, 0, p);
	assert_string_equal(p, EN_DASH);
	score_points(-1, 200, p);		/* away from zero */
	assert_string_equal(p, "-0.01");
	score_points(INT64_MAX, 1, p);		/* no score is this big */
	assert_string_equal(p, EN_DASH);
}

static void
rules_check_refusals(void **state)
{
	struct score_rules	 good = rules3(SCORE_WEIGHTED), r;
	char			 err[128];
	int			 i;

	(void)state;
	assert_true(score_rules_check(&good, err, sizeof(err)));
	/* The limits themselves are fine. */
	r = good;
	r.ncrit = 1;
	r.weight[0] = 100;
	r.ntie = 1;
	r.tiebreak[0] = 0;
	r.min_panel = SCORE_MAX_JUDGES;
	r.spread = 3;
	assert_true(score_rules_check(&r, err, sizeof(err)));
	/* 12 criteria: 8 × 8 + 4 × 9 = 100. */
	r = good;
	r.ncrit = 12;
	for (i = 0; i < 12; i++)
		r.weight[i] = i < 8 ? 8 : 9;
	r.ntie = 12;
	for (i = 0; i < 12; i++)
		r.tiebreak[i] = 11 - i;
	assert_true(score_rules_check(&r, err, sizeof(err)));

#define REFUSED(field_change) do {					\
	r = good;							\
	field_change;							\
	err[0] = '\0';							\
	if (score_rules_check(&r, err, sizeof(err)))			\
		fail_msg("accepted: %s", #field_change);		\
	assert_true(err[0] != '\0');					\
} while (0)
	REFUSED(r.ncrit = 0);
	REFUSED(r.ncrit = SCORE_MAX_CRITERIA + 1);
	REFUSED(r.ncrit = -1);
	REFUSED((r.weight[0] = 0, r.weight[1] = 80));	/* 0 + 80 + 20 */
	REFUSED((r.weight[0] = 101, r.weight[1] = -21));	/* 101 */
	REFUSED(r.weight[2] = 19);				/* sum 99 */
	REFUSED(r.weight[2] = 21);				/* sum 101 */
	REFUSED((r.ncrit = 2));					/* 50 + 30 */
	REFUSED(r.min_panel = 0);
	REFUSED(r.min_panel = SCORE_MAX_JUDGES + 1);
	REFUSED(r.spread = -1);
	REFUSED(r.spread = 4);
	REFUSED(r.ntie = -1);
	REFUSED(r.ntie = 4);					/* ncrit 3 */
	REFUSED(r.tiebreak[0] = -1);
	REFUSED(r.tiebreak[0] = 3);				/* ncrit 3 */
	REFUSED(r.tiebreak[1] = 1);				/* 1 twice */
	REFUSED(r.mode = (enum score_mode)7);
#undef REFUSED
	/* No room for the reason is not a crash. */
	r = good;
	r.ncrit = 0;
	assert_false(score_rules_check(&r, NULL, 0));
	assert_false(score_rules_check(NULL, err, sizeof(err)));
}

static struct chain_rec
chain_sample(void)
{
	struct chain_rec	 c;

	memset(&c, 0, sizeof(c));
	c.id = 1;
	c.at = 1700000000;
	c.actor = 42;
	c.action = "final";
	c.competition = 3;
	c.entry = 17;
	c.judge = 42;
	c.round = 1;
	c.old = "";
	c.new = "80 85 90";
	c.prev = CHAIN_GENESIS;
	return (c);
}

static void
chain_hash_of_the_canonical_string(void **state)
{
	struct chain_rec	 c = chain_sample();
	char			 h[CHAIN_HEX], h2[CHAIN_HEX];

	(void)state;
	/*
	 * printf '1\n1700000000\n42\n5:final\n3\n17\n42\n1\n0:\n8:80 85 90\n
	 * 64:%s\n' $CHAIN_GENESIS | sha256sum
	 */
	score_chain_hash(&c, h);
	assert_string_equal(h, "967c0e9d2e9283554e1bfec92743ccd0"
	    "09016aa1162159e355544dc3af3af400");
	assert_int_equal(strlen(h), 64);
	/* NULL is "": printf '0\n0\n0\n0:\n0\n0\n0\n0\n0:\n0:\n0:\n' */
	memset(&c, 0, sizeof(c));
	score_chain_hash(&c, h);
	assert_string_equal(h, "8b734af87ea65afcf9e7c13a8960c6c6"
	    "5aa8f892a7a5e8958a620fb63bad4576");
	c.action = c.old = c.new = c.prev = "";
	score_chain_hash(&c, h2);
	assert_string_equal(h, h2);
}

/* The text a log head's signature covers, exactly; and too small a
 * buffer gives nothing rather than a cut text that would sign. */
static void
head_text_is_exact_and_never_cut(void **state)
{
	struct signer	 s;
	struct pubkey	 other;
	unsigned char	 seed[32], sig[64];
	char		 t[HEAD_TEXT_MAX], small[40];
	size_t		 n;

	(void)state;
	n = score_head_text(12, 3, "publish", 2, CHAIN_GENESIS, t, sizeof(t));
	assert_string_equal(t, "yujiang score-log head\nrecord 12\n"
	    "competition 3\naction publish\nround 2\nhash " CHAIN_GENESIS
	    "\n");
	assert_int_equal(n, strlen(t));
	assert_int_equal(score_head_text(12, 3, "publish", 2, CHAIN_GENESIS,
	    small, sizeof(small)), 0);
	assert_string_equal(small, "");
	/* Signed and checked as the store does it. */
	memset(seed, 7, sizeof(seed));
	sign_key_seed(seed, &s);
	assert_true(sign_detached(&s, (const unsigned char *)t, n, sig));
	assert_true(sign_bytes_check(&s.pub, t, n, sig));
	t[n - 2] ^= 1;
	assert_false(sign_bytes_check(&s.pub, t, n, sig));
	t[n - 2] ^= 1;
	memset(seed, 8, sizeof(seed));
	sign_key_seed(seed, &s);
	other = s.pub;
	assert_false(sign_bytes_check(&other, t, n, sig));
}

static void
chain_hash_changes_with_every_field(void **state)
{
	struct chain_rec	 c;
	char			 base[CHAIN_HEX], h[CHAIN_HEX];
	int			 f;

	(void)state;
	c = chain_sample();
	score_chain_hash(&c, base);
	for (f = 0; f < 13; f++) {
		c = chain_sample();
		switch (f) {
		case 0: c.id = 2; break;
		case 1: c.at = 1700000001; break;
		case 2: c.actor = 43; break;
		case 3: c.action = "draft"; break;
		case 4: c.competition = 4; break;
		case 5: c.entry = 18; break;
		case 6: c.judge = 41; break;
		case 7: c.round = 2; break;
		case 8: c.old = "80 85 90"; break;
		case 9: c.new = "80 85 91"; break;
		case 10: c.prev = "1000000000000000000000000000000000000000"
			    "000000000000000000000000"; break;
		/* Bytes moved between fields: the lengths tell them apart. */
		case 11: c.old = "80"; c.new = " 85 90"; break;
		case 12: c.action = "final\n0:"; c.old = NULL; break;
		}
		score_chain_hash(&c, h);
		if (strcmp(h, base) == 0)
			fail_msg("changing field %d kept the hash", f);
	}
}

static void
entry_codes_are_random_crockford(void **state)
{
	enum { N = 1000 };
	static const char	 alphabet[] =
	    "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char			(*codes)[9];
	int			 i, j, k;

	(void)state;
	codes = calloc(N, sizeof(*codes));
	assert_non_null(codes);
	for (i = 0; i < N; i++) {
		memset(codes[i], '#', sizeof(codes[i]));
		score_entry_code(codes[i]);
		assert_int_equal(strlen(codes[i]), 8);
		for (k = 0; k < 8; k++)
			assert_non_null(memchr(alphabet, codes[i][k], 32));
	}
	/* 40 random bits each: a repeat among 1000 is about 1 in 2 million. */
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++)
			assert_string_not_equal(codes[i], codes[j]);
	free(codes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_rules_are_the_2018_caiyun_cup),
		cmocka_unit_test(judge_total_is_weights_times_marks),
		cmocka_unit_test(mean_of_three_judges),
		cmocka_unit_test(five_judges_drop_highest_and_lowest),
		cmocka_unit_test(seven_judges_drop_highest_and_lowest),
		cmocka_unit_test(drop_with_ties_takes_the_first_sheet),
		cmocka_unit_test(four_judges_are_not_dropped),
		cmocka_unit_test(worldskills_spread_flags_an_aspect),
		cmocka_unit_test(recusal_shrinks_the_panel),
		cmocka_unit_test(no_sheets_no_total),
		cmocka_unit_test(compare_by_total_then_tiebreak),
		cmocka_unit_test(ranking_with_tiebreak_and_shared_ranks),
		cmocka_unit_test(true_ties_share_a_rank_and_the_next_skips),
		cmocka_unit_test(large_category_ranks),
		cmocka_unit_test(tiers_by_quota_ties_keep_their_award),
		cmocka_unit_test(tiers_with_the_default_quotas),
		cmocka_unit_test(advance_takes_ties_at_the_cut),
		cmocka_unit_test(marks_parse_good),
		cmocka_unit_test(marks_parse_refuses),
		cmocka_unit_test(points_round_half_up),
		cmocka_unit_test(rules_check_refusals),
		cmocka_unit_test(chain_hash_of_the_canonical_string),
		cmocka_unit_test(chain_hash_changes_with_every_field),
		cmocka_unit_test(head_text_is_exact_and_never_cut),
		cmocka_unit_test(entry_codes_are_random_crockford),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests_name("score", tests, NULL, NULL));
}
