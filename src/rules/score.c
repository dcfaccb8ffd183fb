/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * score.c: the rules of a competition (评选) as pure functions — a judge's
 * marks and total, an entry's panel result (dropping the highest and the
 * lowest of five or more, WorldSkills spread flags, a panel cut short by
 * recusal), the ranking and its tie-break, tiers by quota, who advances,
 * points as people read them, the town's title rules, the default rules
 * staff start from, entries' blind codes and the score log's hash chain.
 *
 * All arithmetic is on integers: a judge's total is Σ weight × mark and an
 * entry's total the fraction total_num / total_den, compared by cross
 * multiplication. With at most 16 judges, weights summing to 100 and marks
 * of at most 100, a numerator is at most 16 × 100 × 100 and a denominator
 * 16 × 100, so every product fits an int64_t with room to spare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "score.h"

#define MARK_DIGITS	3	/* "100" */

/*
 * Crockford's base32 in upper case (no I, L, O or U): a code read aloud
 * by a steward or copied from a label cannot be mistaken for another.
 */
static const char	 entry_code_alphabet[] =
    "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const struct title_rule title_rules[] = {
	/* Two placings in the top tier across published competitions. */
	{ "平洲玉匠", "Pingzhou Jade Artisan", 0, 2 },
};
const size_t title_rules_count =
    sizeof(title_rules) / sizeof(title_rules[0]);

/* The 2018 彩云杯's nine criteria; weights in percent, summing to 100. */
const struct score_default score_default_criteria[] = {
	{ "材料质地", "Material quality", 5 },
	{ "材料运用", "Use of material", 5 },
	{ "创意创新", "Creativity", 25 },
	{ "工艺技术", "Craftsmanship", 30 },
	{ "人文价值", "Cultural value", 10 },
	{ "俏色", "Colour play (qiaose)", 5 },
	{ "避瑕", "Flaw avoidance", 5 },
	{ "作品品相", "Presentation", 10 },
	{ "作品体量", "Scale", 5 },
};
const size_t score_default_criteria_count =
    sizeof(score_default_criteria) / sizeof(score_default_criteria[0]);

/* Its tiers, the top first, with their quotas (places per category). */
const struct score_default score_default_tiers[] = {
	{ "金奖", "Gold", 1 },
	{ "银奖", "Silver", 2 },
	{ "铜奖", "Bronze", 3 },
	{ "优秀奖", "Excellence", 5 },
};
const size_t score_default_tiers_count =
    sizeof(score_default_tiers) / sizeof(score_default_tiers[0]);

/* Its tie-break: 工艺技术, then 创意创新 (indexes into the criteria). */
const int score_default_tiebreak[] = { 3, 2 };
const size_t score_default_tiebreak_count =
    sizeof(score_default_tiebreak) / sizeof(score_default_tiebreak[0]);

int
score_mark_max(enum score_mode mode)
{
	/* Weighted marks are tenths: a judge types 0.0-10.0. */
	return (mode == SCORE_WORLDSKILLS ? 3 : 100);
}

static int
rules_fail(char *err, size_t sz, const char *why)
{
	if (err != NULL && sz > 0)
		(void)snprintf(err, sz, "%s", why);
	return (0);
}

/*
 * 1 if the rules can score a competition: 1 to SCORE_MAX_CRITERIA
 * criteria weighing 1-100 each and 100 together, a minimum panel of 1 to
 * SCORE_MAX_JUDGES, a spread of 0-3 and a tie-break naming distinct
 * criteria. Else 0 and a short English reason in err (if err is given).
 */
int
score_rules_check(const struct score_rules *r, char *err, size_t sz)
{
	int	 i, j, sum;

	if (r == NULL)
		return (rules_fail(err, sz, "no rules"));
	if (r->mode != SCORE_WEIGHTED && r->mode != SCORE_WORLDSKILLS)
		return (rules_fail(err, sz, "unknown scoring mode"));
	if (r->ncrit < 1 || r->ncrit > SCORE_MAX_CRITERIA)
		return (rules_fail(err, sz, "1 to 12 criteria"));
	for (i = sum = 0; i < r->ncrit; i++) {
		if (r->weight[i] < 1 || r->weight[i] > 100)
			return (rules_fail(err, sz,
			    "each weight must be 1 to 100"));
		sum += r->weight[i];
	}
	if (sum != 100)
		return (rules_fail(err, sz, "the weights must add up to 100"));
	if (r->min_panel < 1 || r->min_panel > SCORE_MAX_JUDGES)
		return (rules_fail(err, sz, "the minimum panel is 1 to 16"));
	if (r->spread < 0 || r->spread > 3)
		return (rules_fail(err, sz, "the spread is 0 to 3"));
	if (r->ntie < 0 || r->ntie > r->ncrit)
		return (rules_fail(err, sz, "too many tie-break criteria"));
	for (i = 0; i < r->ntie; i++) {
		if (r->tiebreak[i] < 0 || r->tiebreak[i] >= r->ncrit)
			return (rules_fail(err, sz,
			    "a tie-break names no criterion"));
		for (j = 0; j < i; j++)
			if (r->tiebreak[j] == r->tiebreak[i])
				return (rules_fail(err, sz,
				    "a tie-break criterion is repeated"));
	}
	return (1);
}

/*
 * Parse exactly ncrit marks of 0..max into out: decimal, one space
 * between, no sign, no leading zero but "0" itself, at most three digits,
 * nothing before or after. 1 if good; else 0 and out is untouched, so a
 * half-parsed sheet never reaches a total.
 */
int
score_marks_parse(const char *s, int ncrit, int max,
    int out[SCORE_MAX_CRITERIA])
{
	int	 tmp[SCORE_MAX_CRITERIA];
	int	 i, v, digits;

	if (s == NULL || ncrit < 1 || ncrit > SCORE_MAX_CRITERIA || max < 0)
		return (0);
	for (i = 0; i < ncrit; i++) {
		if (i > 0 && *s++ != ' ')
			return (0);
		if (*s < '0' || *s > '9')
			return (0);
		if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
			return (0);
		for (v = digits = 0; *s >= '0' && *s <= '9'; s++) {
			if (++digits > MARK_DIGITS)
				return (0);
			v = v * 10 + (*s - '0');
		}
		if (v > max)
			return (0);
		tmp[i] = v;
	}
	if (*s != '\0')
		return (0);
	memcpy(out, tmp, (size_t)ncrit * sizeof(tmp[0]));
	return (1);
}

/*
 * Write ncrit marks as "a b c" into out. Marks of 0..999 always fit; a
 * mark outside that (a caller's bug) is cut short rather than overrun.
 */
void
score_marks_format(const int *marks, int ncrit, char out[SCORE_MARKS_MAX])
{
	size_t	 len = 0;
	int	 i, n;

	out[0] = '\0';
	for (i = 0; i < ncrit && i < SCORE_MAX_CRITERIA; i++) {
		n = snprintf(out + len, SCORE_MARKS_MAX - len, "%s%d",
		    i > 0 ? " " : "", marks[i]);
		if (n < 0 || (size_t)n >= SCORE_MARKS_MAX - len)
			break;
		len += (size_t)n;
	}
}

int64_t
score_judge_total(const struct score_rules *r, const int *marks)
{
	int64_t	 t = 0;
	int	 i;

	for (i = 0; i < r->ncrit && i < SCORE_MAX_CRITERIA; i++)
		t += (int64_t)r->weight[i] * marks[i];
	return (t);
}

/*
 * The entry's result from its n final sheets (see score.h). out->entry
 * and out->category are the caller's and kept; everything else is
 * written. n beyond 0..SCORE_MAX_JUDGES is a caller's bug: it is clamped
 * so that no array is overrun.
 */
void
score_entry(const struct score_rules *r, const struct score_sheet *sheets,
    int n, struct score_result *out)
{
	int64_t	 entry = out->entry, category = out->category;
	int	 i, j, hi, lo, lo_mark, hi_mark;

	memset(out, 0, sizeof(*out));
	out->entry = entry;
	out->category = category;
	out->dropped_hi = out->dropped_lo = -1;
	out->rank = 0;
	out->tier = -1;
	if (n < 0)
		n = 0;
	if (n > SCORE_MAX_JUDGES)
		n = SCORE_MAX_JUDGES;
	out->nsheets = n;
	for (j = 0; j < n; j++) {
		out->judge[j] = sheets[j].judge;
		out->judge_total[j] = score_judge_total(r, sheets[j].marks);
	}
	if (n < r->min_panel)
		out->flags |= SCORE_F_PANEL_SHORT;
	if (n == 0) {
		out->flags |= SCORE_F_NO_SHEETS;
		return;
	}

	/*
	 * Drop the highest and the lowest judge: the first sheet with the
	 * highest total, and the first other sheet with the lowest (so two
	 * sheets are always dropped, even when all agree).
	 */
	if (r->mode == SCORE_WEIGHTED && n >= SCORE_DROP_FROM) {
		for (hi = 0, j = 1; j < n; j++)
			if (out->judge_total[j] > out->judge_total[hi])
				hi = j;
		for (lo = -1, j = 0; j < n; j++)
			if (j != hi && (lo == -1 ||
			    out->judge_total[j] < out->judge_total[lo]))
				lo = j;
		out->dropped_hi = hi;
		out->dropped_lo = lo;
	}

	for (j = 0; j < n; j++) {
		if (j == out->dropped_hi || j == out->dropped_lo)
			continue;
		out->counted++;
		out->total_num += out->judge_total[j];
		for (i = 0; i < r->ncrit && i < SCORE_MAX_CRITERIA; i++)
			out->crit_num[i] += sheets[j].marks[i];
	}
	out->total_den = (int64_t)out->counted * score_mark_max(r->mode);
	out->crit_den = out->counted;

	/* WorldSkills: an aspect the judges disagree on is marked again. */
	if (r->mode != SCORE_WORLDSKILLS)
		return;
	for (i = 0; i < r->ncrit && i < SCORE_MAX_CRITERIA; i++) {
		lo_mark = hi_mark = sheets[0].marks[i];
		for (j = 1; j < n; j++) {
			if (sheets[j].marks[i] < lo_mark)
				lo_mark = sheets[j].marks[i];
			if (sheets[j].marks[i] > hi_mark)
				hi_mark = sheets[j].marks[i];
		}
		if (hi_mark - lo_mark > r->spread) {
			out->spread_mask |= 1u << i;
			out->flags |= SCORE_F_SPREAD;
		}
	}
}

/* < 0 when an/ad is the larger fraction (placed first), 0 when equal. */
static int
fraction_cmp(int64_t an, int64_t ad, int64_t bn, int64_t bd)
{
	int64_t	 l = an * bd, r = bn * ad;

	return (l > r ? -1 : l < r ? 1 : 0);
}

/*
 * < 0 when a is placed above b: a result with nothing counted goes after
 * every other; then the higher total; then, in the rules' order, the
 * higher mean of each tie-break criterion. 0 when all of that ties.
 */
int
score_cmp(const struct score_rules *r, const struct score_result *a,
    const struct score_result *b)
{
	int	 c, i, k;

	if (a->total_den == 0 || b->total_den == 0)
		return ((a->total_den == 0) - (b->total_den == 0));
	if ((c = fraction_cmp(a->total_num, a->total_den,
	    b->total_num, b->total_den)) != 0)
		return (c);
	for (i = 0; i < r->ntie && i < SCORE_MAX_CRITERIA; i++) {
		k = r->tiebreak[i];
		if (k < 0 || k >= r->ncrit || k >= SCORE_MAX_CRITERIA)
			continue;
		if ((c = fraction_cmp(a->crit_num[k], a->crit_den,
		    b->crit_num[k], b->crit_den)) != 0)
			return (c);
	}
	return (0);
}

/*
 * The sort's order: score_cmp(), then the entry id ascending, so that
 * entries that tie are listed the same way whatever order the store
 * gave them in (the rank does not look at the id).
 */
static int
rank_order(const struct score_rules *r, const struct score_result *a,
    const struct score_result *b)
{
	int	 c;

	if ((c = score_cmp(r, a, b)) != 0)
		return (c);
	return ((a->entry > b->entry) - (a->entry < b->entry));
}

/* Stable merge sort of v[0..n) using tmp (n pointers), best first. */
static void
merge_sort(const struct score_rules *r, struct score_result **v,
    struct score_result **tmp, size_t n)
{
	size_t	 mid, i, j, k;

	if (n < 2)
		return;
	mid = n / 2;
	merge_sort(r, v, tmp, mid);
	merge_sort(r, v + mid, tmp, n - mid);
	if (rank_order(r, v[mid - 1], v[mid]) <= 0)
		return;		/* already in order */
	memcpy(tmp, v, mid * sizeof(*v));
	for (i = 0, j = mid, k = 0; i < mid && j < n; k++)
		v[k] = rank_order(r, v[j], tmp[i]) < 0 ? v[j++] : tmp[i++];
	while (i < mid)
		v[k++] = tmp[i++];
}

/* The same order without memory to spare: slow but still stable. */
static void
insertion_sort(const struct score_rules *r, struct score_result **v,
    size_t n)
{
	struct score_result	*x;
	size_t			 i, j;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && rank_order(r, x, v[j - 1]) < 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/*
 * Sort one category's results best first (O(n log n); ties by entry id)
 * and rank them: 1 + the number of results strictly better, so that
 * results score_cmp() calls equal share a rank and the next skips (1 1 3).
 */
void
score_rank(const struct score_rules *r, struct score_result **v, size_t n)
{
	struct score_result	**tmp;
	size_t			  k;

	if (n == 0)
		return;
	if ((tmp = malloc((n / 2 + 1) * sizeof(*tmp))) != NULL) {
		merge_sort(r, v, tmp, n);
		free(tmp);
	} else
		insertion_sort(r, v, n);
	v[0]->rank = 1;
	for (k = 1; k < n; k++)
		v[k]->rank = score_cmp(r, v[k - 1], v[k]) == 0 ?
		    v[k - 1]->rank : (int)k + 1;
}

/*
 * Tiers by quota over a ranked category (see score.h). A result tied
 * with the one above takes its tier even past the quota, and the places
 * it takes do not come out of the next tier's. A result with nothing
 * counted gets no tier.
 */
void
score_tiers(struct score_result **v, size_t n, const int *quota,
    int ntiers)
{
	size_t	 k;
	int	 t = 0, c = 0;

	for (k = 0; k < n; k++) {
		if (v[k]->total_den == 0) {
			v[k]->tier = -1;
			continue;
		}
		if (k > 0 && v[k]->rank == v[k - 1]->rank) {
			v[k]->tier = v[k - 1]->tier;
			if (v[k]->tier >= 0)
				c++;
			continue;
		}
		while (t < ntiers && c >= quota[t]) {
			t++;
			c = 0;
		}
		if (t >= ntiers)
			v[k]->tier = -1;
		else {
			v[k]->tier = t;
			c++;
		}
	}
}

/*
 * How many of a ranked category go on: the best `places`, any tied with
 * the last of them, and never a result with nothing counted.
 */
size_t
score_advance(struct score_result **v, size_t n, int places)
{
	size_t	 count, k;

	if (places <= 0)
		return (0);
	count = (size_t)places < n ? (size_t)places : n;
	while (count > 0 && count < n && v[count]->rank == v[count - 1]->rank)
		count++;
	for (k = 0; k < count && v[k]->total_den != 0; k++)
		continue;
	return (k);
}

/*
 * num/den as points with two decimals, rounded half away from zero
 * (half up for the points people see, which are never negative). "–"
 * when den is 0 (nothing counted), and for figures no score makes: num
 * or den beyond ±2^54 (where the exact rounding below would overflow) or
 * points past ±999999999.99 (which would not fit out).
 */
void
score_points(int64_t num, int64_t den, char out[16])
{
	const int64_t	 limit = (int64_t)1 << 54;
	long long	 q;
	int		 neg;

	if (den == 0 || num <= -limit || num >= limit || den <= -limit ||
	    den >= limit) {
		(void)snprintf(out, 16, "%s", "\xe2\x80\x93");	/* – */
		return;
	}
	if (den < 0) {
		num = -num;
		den = -den;
	}
	if ((neg = num < 0))
		num = -num;
	/* floor(100 num / den + 1/2), all in integers. */
	q = (long long)((200 * num + den) / (2 * den));
	if (q < 0 || q > 99999999999LL) {
		(void)snprintf(out, 16, "%s", "\xe2\x80\x93");
		return;
	}
	(void)snprintf(out, 16, "%s%lld.%02lld", neg && q != 0 ? "-" : "",
	    q / 100, q % 100);
}

static void
chain_int(crypto_hash_sha256_state *st, long long v)
{
	char	 b[32];
	int	 n;

	n = snprintf(b, sizeof(b), "%lld\n", v);
	crypto_hash_sha256_update(st, (const unsigned char *)b, (size_t)n);
}

static void
chain_str(crypto_hash_sha256_state *st, const char *s)
{
	char	 b[32];
	size_t	 len;
	int	 n;

	if (s == NULL)
		s = "";
	len = strlen(s);
	n = snprintf(b, sizeof(b), "%zu:", len);
	crypto_hash_sha256_update(st, (const unsigned char *)b, (size_t)n);
	crypto_hash_sha256_update(st, (const unsigned char *)s, len);
	crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

/*
 * The record's hash: SHA-256 in lower-case hex over its fields in a
 * canonical form that no two different records share — an integer as
 * "%lld\n", a string as "<byte length>:<bytes>\n" (NULL as "") — in the
 * order id, at, actor, action, competition, entry, judge, round, old,
 * new, prev. A length prefix, not a separator, so marks or an action
 * holding "\n" cannot pass for another field.
 */
void
score_chain_hash(const struct chain_rec *rec, char out[CHAIN_HEX])
{
	crypto_hash_sha256_state	 st;
	unsigned char			 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	chain_int(&st, (long long)rec->id);
	chain_int(&st, (long long)rec->at);
	chain_int(&st, (long long)rec->actor);
	chain_str(&st, rec->action);
	chain_int(&st, (long long)rec->competition);
	chain_int(&st, (long long)rec->entry);
	chain_int(&st, (long long)rec->judge);
	chain_int(&st, (long long)rec->round);
	chain_str(&st, rec->old);
	chain_str(&st, rec->new);
	chain_str(&st, rec->prev);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, CHAIN_HEX, h, sizeof(h));
}

size_t
score_head_text(int64_t record, int64_t competition, const char *action,
    int round, const char *hash, char *out, size_t outsz)
{
	int	 n;

	n = snprintf(out, outsz, "yujiang score-log head\nrecord %lld\n"
	    "competition %lld\naction %s\nround %d\nhash %s\n",
	    (long long)record, (long long)competition, action, round, hash);
	if (n < 0 || (size_t)n >= outsz) {
		if (outsz > 0)
			out[0] = '\0';
		return (0);
	}
	return ((size_t)n);
}

/*
 * A fresh blind code: 8 characters drawn uniformly (randombytes_uniform,
 * no modulo bias) from Crockford's base32, 40 random bits. Judges see
 * the code, never the entrant; the store retries on the rare collision.
 */
void
score_entry_code(char out[9])
{
	int	 i;

	for (i = 0; i < 8; i++)
		out[i] = entry_code_alphabet[randombytes_uniform(32)];
	out[8] = '\0';
}
