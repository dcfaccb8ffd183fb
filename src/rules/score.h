/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * score.h: the rules of a competition (评选) as pure functions — a judge's
 * marks, the totals of an entry's panel (weights, dropping the highest and
 * lowest of five or more, WorldSkills-style spread flags, a panel cut
 * short by recusal), the ranking with its tie-break, tiers by quota, who
 * advances to the final, the town's title rules and the hash chain of the
 * score log. No Kore, no SQL: the store supplies plain values.
 *
 * Arithmetic is exact. A judge's total is an integer (sum of weight × mark)
 * and an entry's total is a fraction num/den, compared by cross
 * multiplication, so two entries tie only when they truly tie.
 */
#ifndef YJ_SCORE_H
#define YJ_SCORE_H

#include <stddef.h>
#include <stdint.h>

#define SCORE_MAX_CRITERIA	12
#define SCORE_MAX_JUDGES	16	/* on one category's panel */
#define SCORE_MAX_TIERS		6
#define SCORE_DROP_FROM		5	/* judges: drop the highest and lowest */
#define SCORE_MARKS_MAX		(SCORE_MAX_CRITERIA * 4 + 1)	/* text */
#define CHAIN_HEX		65	/* SHA-256 in hex, with its NUL */

enum score_mode {
	SCORE_WEIGHTED,		/* marks 0.0-10.0 per criterion (in tenths) */
	SCORE_WORLDSKILLS,	/* judgement marks 0-3 per aspect */
};

/* An entry's flags (score_result.flags). */
#define SCORE_F_PANEL_SHORT	0x1	/* fewer sheets (judges) than min_panel */
#define SCORE_F_SPREAD		0x2	/* an aspect needs re-marking */
#define SCORE_F_NO_SHEETS	0x4	/* no judge has scored it */

struct score_rules {
	enum score_mode	 mode;
	int		 ncrit;
	int		 weight[SCORE_MAX_CRITERIA];	/* percent, sum 100 */
	int		 min_panel;	/* judges an entry should have */
	int		 spread;	/* WorldSkills: most marks may differ */
	int		 ntie;
	int		 tiebreak[SCORE_MAX_CRITERIA];	/* criterion indexes */
};

/* One judge's final sheet for one entry. */
struct score_sheet {
	int64_t		 judge;
	int		 marks[SCORE_MAX_CRITERIA];
};

/*
 * An entry's result. Points are total_num / total_den (0-100). A judge's
 * own total in points is judge_total[j] / score_mark_max(mode).
 */
struct score_result {
	int64_t		 entry;		/* the caller's, copied through */
	int64_t		 category;	/* the caller's: ranks are per category */
	int		 nsheets;
	int64_t		 judge[SCORE_MAX_JUDGES];
	int64_t		 judge_total[SCORE_MAX_JUDGES];
	int		 dropped_hi;	/* sheet index dropped, or -1 */
	int		 dropped_lo;
	int		 counted;	/* sheets in the total */
	int64_t		 total_num;
	int64_t		 total_den;	/* 0 when nothing counted */
	int64_t		 crit_num[SCORE_MAX_CRITERIA];	/* sum of marks */
	int		 crit_den;	/* counted sheets */
	unsigned	 flags;
	unsigned	 spread_mask;	/* bit i: criterion i flagged */
	int		 rank;		/* 1 = first, ties share */
	int		 tier;		/* tier index, or -1 */
};

/* The highest mark a judge may give for a criterion in this mode. */
int	score_mark_max(enum score_mode);
/* 1 if the rules are usable; else 0 with a reason in err. */
int	score_rules_check(const struct score_rules *, char *, size_t);

/*
 * Marks as stored and logged: ncrit integers separated by one space.
 * score_marks_parse() refuses anything else (a wrong count, a mark out of
 * 0..max, a sign, trailing bytes); returns 1 if good.
 */
int	score_marks_parse(const char *, int ncrit, int max,
	    int out[SCORE_MAX_CRITERIA]);
void	score_marks_format(const int *, int ncrit,
	    char out[SCORE_MARKS_MAX]);
/* A judge's total: the sum of weight × mark (points × mark max). */
int64_t	score_judge_total(const struct score_rules *, const int *);

/*
 * The entry's result from its panel's final sheets (nsheets <=
 * SCORE_MAX_JUDGES; recused judges have no sheet, which shrinks the
 * panel). Weighted: with SCORE_DROP_FROM or more sheets the highest and
 * the lowest judge totals are dropped (ties: the first such sheet) and the
 * rest averaged. WorldSkills: every sheet counts; an aspect whose marks
 * differ by more than rules->spread is flagged. rank and tier are left
 * for score_rank() and score_tiers().
 */
void	score_entry(const struct score_rules *, const struct score_sheet *,
	    int nsheets, struct score_result *);
/*
 * Order two results: < 0 when a is placed above b. Total first, then each
 * tie-break criterion's mean in order; 0 when they still tie.
 */
int	score_cmp(const struct score_rules *, const struct score_result *,
	    const struct score_result *);
/*
 * Sort one category's results best first and set their ranks (entries
 * that score_cmp() calls equal share a rank; the next rank skips, 1 1 3).
 */
void	score_rank(const struct score_rules *, struct score_result **,
	    size_t);
/*
 * Fill tiers in rank order by quota: quota[t] places in tier t. An entry
 * tied with the one above it gets the same tier even past the quota —
 * no one loses an award by a coin toss. Others get tier -1.
 */
void	score_tiers(struct score_result **, size_t, const int *quota,
	    int ntiers);
/* How many of a ranked category go to the next round: the best `places`
 * and any tied with the last of them. */
size_t	score_advance(struct score_result **, size_t, int places);
/* Points to two decimals, rounded half up: "87.35". */
void	score_points(int64_t num, int64_t den, char out[16]);

/* The town's title rules: `count` placings in tier `tier` (0 = the top)
 * across published competitions propose the title. */
struct title_rule {
	const char	*title_zh;
	const char	*title_en;
	int		 tier;
	int		 count;
};
extern const struct title_rule	title_rules[];
extern const size_t		title_rules_count;

/*
 * The score log's hash chain. A record's hash is SHA-256 over its fields
 * and the previous record's hash (CHAIN_GENESIS for the first), so editing,
 * deleting or reordering a record breaks every hash after it.
 */
#define CHAIN_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"
struct chain_rec {
	int64_t		 id;
	int64_t		 at;
	int64_t		 actor;
	const char	*action;	/* draft, final, reopen, recuse, lock … */
	int64_t		 competition;
	int64_t		 entry;
	int64_t		 judge;
	int		 round;
	const char	*old;		/* marks before, "" if none */
	const char	*new;		/* marks after, "" if none */
	const char	*prev;		/* the previous record's hash */
};
void	score_chain_hash(const struct chain_rec *, char out[CHAIN_HEX]);

/*
 * A signed log head: the text the station's key signs when a round is
 * locked or results are published, so that a log rewritten and hashed
 * again end to end no longer matches. It is, in UTF-8 with "\n" after
 * each line:
 *
 *	yujiang score-log head
 *	record <id>
 *	competition <id>
 *	action <lock|publish>
 *	round <n>
 *	hash <the record's hash>
 *
 * Written into out (NUL-terminated); its length, 0 when out is too small.
 */
#define HEAD_TEXT_MAX	256
size_t	score_head_text(int64_t record, int64_t competition,
	    const char *action, int round, const char *hash, char *out,
	    size_t outsz);

/*
 * The rules staff start from when they create a competition (the 2018
 * 彩云杯's): nine criteria with their weights in percent, four tiers with
 * their quotas, and the tie-break as criterion indexes (工艺技术, then
 * 创意创新). Static tables, never freed.
 */
struct score_default {
	const char	*zh;
	const char	*en;
	int		 value;		/* weight, or quota */
};
extern const struct score_default	score_default_criteria[];
extern const size_t			score_default_criteria_count;
extern const struct score_default	score_default_tiers[];
extern const size_t			score_default_tiers_count;
extern const int			score_default_tiebreak[];
extern const size_t			score_default_tiebreak_count;

/* An entry's blind code: 8 random characters of Crockford's base32. */
void	score_entry_code(char out[9]);

#endif
