/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * guide.h: 十大金牌导购大师, the integrity selection of the town's sales
 * guides (导购) — its pure rules: the voting day (Asia/Shanghai), the
 * address range a vote came from (for staff's anomaly view), and the
 * final score that combines the expert panel, the public vote and the
 * integrity record, with its ranking and tie-break. Plain C values, no
 * I/O: tests/unit/test_guide.c checks them against hand-worked figures.
 */
#ifndef YJ_GUIDE_H
#define YJ_GUIDE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define GUIDE_NET_MAX	48	/* "240e:3b4:1:2::/64", "203.0.113.0/24" */

/*
 * The voting day of a moment: its date in Asia/Shanghai (UTC+8 all year,
 * China keeps no summer time), "YYYY-MM-DD". A day runs from 16:00:00
 * UTC the day before to 15:59:59 UTC.
 */
void	guide_day(time_t, char out[11]);

/*
 * The address range a vote came from, for spotting bursts: an IPv4
 * address's /24 ("203.0.113.0/24"), an IPv6 address's /64 (its first
 * four groups, "2001:db8:1:2::/64"; an IPv4-mapped IPv6 address counts as
 * IPv4). An address that parses as neither gives "?". Always fills out.
 */
void	guide_net(const char *addr, char out[GUIDE_NET_MAX]);

/* A selection's weights (percent, summing to 100) and its deduction. */
struct guide_weights {
	int	 panel;		/* w1 */
	int	 public;	/* w2 */
	int	 integrity;	/* w3 */
	int	 deduction;	/* points off per upheld complaint */
};

/* One nominee's facts in, its scores out (guide_combine()). */
struct guide_score {
	int64_t	 nominee;	/* the caller's id: the last tie-break */
	int64_t	 panel_num;	/* the panel's score, points 0-100, as */
	int64_t	 panel_den;	/* score_entry() gives it; den 0: no sheets */
	int	 votes;		/* valid (not voided) public votes */
	int	 complaints;	/* upheld complaints (its own and its shop's) */
	/* Out. */
	int	 public_pts_num;	/* public points = 100 × votes / top */
	int	 public_pts_den;	/* top, or 1 when nobody has a vote */
	int	 integrity;	/* max(0, 100 - deduction × complaints) */
	int64_t	 final_num;	/* the final score, points 0-100 */
	int64_t	 final_den;
	int	 rank;		/* 1.., distinct (guide_rank()) */
};

/*
 * Fill s's public points, integrity and final score, where top is the
 * most valid votes any nominee of the selection has:
 *   panel     P = panel_num / panel_den (0 when no sheet counted)
 *   public    V = 100 × votes / top (0 when top is 0)
 *   integrity I = max(0, 100 − deduction × complaints)
 *   final       = (w1 × P + w2 × V + w3 × I) / 100
 * kept as an exact fraction (reduced), so ties are true ties.
 */
void	guide_combine(const struct guide_weights *, int top,
	    struct guide_score *);

/*
 * Order two combined scores, < 0 when a is placed above b: the higher
 * final score; then the higher panel score; then more valid votes; then
 * fewer complaints; then the earlier nomination (the smaller id). Only a
 * nominee compares equal to itself.
 */
int	guide_cmp(const struct guide_score *, const struct guide_score *);

/* Sort best first and number the ranks 1, 2, 3 … (guide_cmp()). */
void	guide_rank(struct guide_score *, size_t);

#endif
