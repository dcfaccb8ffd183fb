/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_guide.c: the pure rules of 十大金牌导购大师 (src/rules/guide.c)
 * against figures worked out by hand — every expected value is a literal
 * with its arithmetic beside it: the voting day's boundary in
 * Asia/Shanghai, a vote's address range (IPv4 /24, IPv6 /64, mapped
 * IPv4), the combined score (panel, public share of the top vote count,
 * integrity with its floor at 0) and the ranking's tie-break.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "guide.h"

static const struct guide_weights w603010 = { 60, 30, 10, 20 };
static const struct guide_weights panel_only = { 100, 0, 0, 10 };

/* 2026-12-07 00:00:00 in Shanghai is 2026-12-06 16:00:00 UTC. */
static void
day_turns_at_midnight_in_shanghai(void **state)
{
	char	 d[11];

	(void)state;
	guide_day((time_t)1796572799, d);	/* 2026-12-06 15:59:59 UTC */
	assert_string_equal(d, "2026-12-06");
	guide_day((time_t)1796572800, d);	/* 2026-12-06 16:00:00 UTC */
	assert_string_equal(d, "2026-12-07");
	guide_day((time_t)1796659199, d);	/* 2026-12-07 15:59:59 UTC */
	assert_string_equal(d, "2026-12-07");
}

static void
address_ranges(void **state)
{
	char	 n[GUIDE_NET_MAX];

	(void)state;
	guide_net("203.0.113.77", n);
	assert_string_equal(n, "203.0.113.0/24");
	guide_net("2001:db8:1:2:aaaa::5", n);
	assert_string_equal(n, "2001:db8:1:2::/64");
	guide_net("2001:db8:1:3::5", n);
	assert_string_equal(n, "2001:db8:1:3::/64");
	guide_net("::ffff:198.51.100.9", n);
	assert_string_equal(n, "198.51.100.0/24");
	guide_net("local", n);
	assert_string_equal(n, "?");
	guide_net(NULL, n);
	assert_string_equal(n, "?");
}

static struct guide_score
facts(int64_t id, int64_t pn, int64_t pd, int votes, int complaints)
{
	struct guide_score	 s;

	memset(&s, 0, sizeof(s));
	s.nominee = id;
	s.panel_num = pn;
	s.panel_den = pd;
	s.votes = votes;
	s.complaints = complaints;
	return (s);
}

static void
combined_score_by_hand(void **state)
{
	struct guide_score	 s;

	(void)state;
	/* .6·85 + .3·(100·3/3) + .1·(100 − 2·20) = 51 + 30 + 6 = 87 */
	s = facts(1, 170, 2, 3, 2);
	guide_combine(&w603010, 3, &s);
	assert_int_equal(s.integrity, 60);
	assert_int_equal(s.final_num, 87);
	assert_int_equal(s.final_den, 1);
	/* .6·80 + .3·(100·1/3) + .1·80 = 48 + 10 + 8 = 66 */
	s = facts(2, 80, 1, 1, 1);
	guide_combine(&w603010, 3, &s);
	assert_int_equal(s.final_num, 66);
	assert_int_equal(s.final_den, 1);
	assert_int_equal(s.public_pts_num, 100);
	assert_int_equal(s.public_pts_den, 3);
	/* .6·(171/2) + .3·(100·2/7) + .1·100
	 *   = 51.3 + 60/7 + 10 = (3591 + 600 + 700) / 70 = 4891/70 */
	s = facts(3, 171, 2, 2, 0);
	guide_combine(&w603010, 7, &s);
	assert_int_equal(s.final_num, 4891);
	assert_int_equal(s.final_den, 70);
}

static void
integrity_stops_at_zero(void **state)
{
	struct guide_score	 s;

	(void)state;
	/* 6 complaints × 20 = 120 > 100: integrity 0, not −20.
	 * .6·50 + 0 + 0 = 30 */
	s = facts(1, 50, 1, 0, 6);
	guide_combine(&w603010, 0, &s);
	assert_int_equal(s.integrity, 0);
	assert_int_equal(s.final_num, 30);
	assert_int_equal(s.final_den, 1);
}

static void
no_votes_and_no_sheets(void **state)
{
	struct guide_score	 s;

	(void)state;
	/* Nobody voted (top 0): public 0; no sheet: panel 0. .1·100 = 10 */
	s = facts(1, 0, 0, 0, 0);
	guide_combine(&w603010, 0, &s);
	assert_int_equal(s.public_pts_num, 0);
	assert_int_equal(s.final_num, 10);
	assert_int_equal(s.final_den, 1);
}

static void
ties_broken_in_the_stated_order(void **state)
{
	struct guide_score	 s[5];
	int			 i;

	(void)state;
	/*
	 * Weights 100/0/0: the panel alone makes the final score, so four
	 * of the five tie at 70 and fall to the tie-break: more votes, then
	 * fewer complaints, then the earlier nomination (smaller id).
	 */
	s[0] = facts(5, 70, 1, 3, 0);	/* 70, 3 votes */
	s[1] = facts(4, 140, 2, 4, 2);	/* 70, 4 votes */
	s[2] = facts(3, 70, 1, 3, 1);	/* 70, 3 votes, 1 complaint */
	s[3] = facts(2, 70, 1, 3, 0);	/* 70, 3 votes, earlier than 5 */
	s[4] = facts(1, 71, 1, 0, 9);	/* 71: first whatever else */
	for (i = 0; i < 5; i++)
		guide_combine(&panel_only, 4, &s[i]);
	guide_rank(s, 5);
	assert_int_equal(s[0].nominee, 1);
	assert_int_equal(s[1].nominee, 4);	/* more votes */
	assert_int_equal(s[2].nominee, 2);	/* 0 complaints, earliest */
	assert_int_equal(s[3].nominee, 5);	/* 0 complaints, later than 2 */
	assert_int_equal(s[4].nominee, 3);	/* 1 complaint */
	assert_int_equal(s[4].rank, 5);
	/* Final first: a higher final wins over a higher panel. */
	s[0] = facts(1, 90, 1, 0, 0);	/* .6·90 + 0 + 10 = 64 */
	s[1] = facts(2, 80, 1, 4, 0);	/* .6·80 + .3·100 + 10 = 88 */
	guide_combine(&w603010, 4, &s[0]);
	guide_combine(&w603010, 4, &s[1]);
	assert_true(guide_cmp(&s[1], &s[0]) < 0);
	assert_int_equal(guide_cmp(&s[0], &s[0]), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day_turns_at_midnight_in_shanghai),
		cmocka_unit_test(address_ranges),
		cmocka_unit_test(combined_score_by_hand),
		cmocka_unit_test(integrity_stops_at_zero),
		cmocka_unit_test(no_votes_and_no_sheets),
		cmocka_unit_test(ties_broken_in_the_stated_order),
	};

	return (cmocka_run_group_tests_name("guide", tests, NULL, NULL));
}
