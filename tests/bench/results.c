/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * results.c: how long a competition's results take to work out, without
 * the server. A competition of 2,000 entries in 4 categories of 500, each
 * scored by a panel of 7 judges on the 9 default criteria (the 2018 彩云杯
 * weights; marks drawn from a fixed seed around an entry's own quality,
 * so there are drops, near-ties and true ties): the time of score_entry()
 * for every entry, of score_rank() per category and of score_tiers() with
 * the default quotas, each the median of RUNS runs.
 *
 * Then the store: the same competition put into a fresh SQLite file in a
 * temporary directory through the store's own calls (people, works with
 * a photo, the competition with the default rules, its panels, entries,
 * every sheet saved final with its score-log record), and the time of
 * db_comp_lock() — reading the final sheets, scoring, ranking, tiers,
 * writing the results and the log — over STORE_RUNS copies of that file.
 * Setting up takes a while (tens of thousands of transactions, about 7 s
 * here); its time is printed too.
 *
 * Figures only, no thresholds. Exits non-zero only when the figures would
 * mean nothing: a rank out of order, the store refusing a step, or the
 * store's frozen results (rank, tier, total of every entry) differing
 * from the pure computation's.
 *
 *	make build/bench-results && build/bench-results
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "score.h"

#define ENTRIES		2000
#define CATEGORIES	4		/* of ENTRIES / CATEGORIES each */
#define JUDGES		7
#define RUNS		21
#define SEED		20181027u
#define STORE_RUNS	5
#define TODAY		"2026-06-01"	/* within the entry window below */

struct competition_data {
	struct score_rules	 rules;
	int			 quota[SCORE_MAX_TIERS];
	int			 ntiers;
	struct score_sheet	(*sheets)[JUDGES];	/* ENTRIES of them */
	struct score_result	*res;			/* ENTRIES */
	struct score_result	**cat[CATEGORIES];	/* per category */
	size_t			 ncat[CATEGORIES];
};

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/* The median of n times; sorts t. */
static double
median(double *t, size_t n)
{
	qsort(t, n, sizeof(*t), cmp_double);
	return (t[n / 2]);
}

/* xorshift32: the same marks on every machine and every run. */
static uint32_t
next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return (*s);
}

/*
 * The default rules and quotas, and every entry's 7 sheets: an entry has
 * a quality of 5.0-9.5 and each judge marks each criterion within ±1.0
 * of it in tenths (0-100); one mark in twenty is a whole point harsher,
 * one in four falls on a half-point. One entry in 25 is marked exactly
 * as another of its category, so that true ties share a rank. Returns 0
 * when out of memory.
 */
static int
competition_make(struct competition_data *c)
{
	uint32_t	 seed = SEED;
	size_t		 i, k;
	int		 j, q, m, cat;

	memset(c, 0, sizeof(*c));
	c->rules.mode = SCORE_WEIGHTED;
	c->rules.ncrit = (int)score_default_criteria_count;
	for (k = 0; k < score_default_criteria_count; k++)
		c->rules.weight[k] = score_default_criteria[k].value;
	c->rules.min_panel = 5;
	c->rules.ntie = (int)score_default_tiebreak_count;
	for (k = 0; k < score_default_tiebreak_count; k++)
		c->rules.tiebreak[k] = score_default_tiebreak[k];
	c->ntiers = (int)score_default_tiers_count;
	for (k = 0; k < score_default_tiers_count; k++)
		c->quota[k] = score_default_tiers[k].value;

	if ((c->sheets = calloc(ENTRIES, sizeof(*c->sheets))) == NULL ||
	    (c->res = calloc(ENTRIES, sizeof(*c->res))) == NULL)
		return (0);
	for (cat = 0; cat < CATEGORIES; cat++)
		if ((c->cat[cat] = calloc(ENTRIES, sizeof(**c->cat))) == NULL)
			return (0);
	for (i = 0; i < ENTRIES; i++) {
		if (i % 25 == 24) {
			/* Marked as the entry 4 before, same category. */
			memcpy(c->sheets[i], c->sheets[i - CATEGORIES],
			    sizeof(c->sheets[i]));
			continue;
		}
		q = 50 + (int)(next(&seed) % 46);
		for (j = 0; j < JUDGES; j++) {
			c->sheets[i][j].judge = 100 + (int64_t)(i % CATEGORIES)
			    * JUDGES + j;
			for (k = 0; k < score_default_criteria_count; k++) {
				m = q - 10 + (int)(next(&seed) % 21);
				if (next(&seed) % 20 == 0)
					m -= 10;
				if (next(&seed) % 4 == 0)
					m -= m % 5;
				c->sheets[i][j].marks[k] = m < 0 ? 0 :
				    m > 100 ? 100 : m;
			}
		}
	}
	return (1);
}

static void
competition_free(struct competition_data *c)
{
	int	 cat;

	for (cat = 0; cat < CATEGORIES; cat++)
		free(c->cat[cat]);
	free(c->res);
	free(c->sheets);
}

/* 1 if every category is in rank order with ranks as score.h says. */
static int
ranks_sane(const struct competition_data *c)
{
	size_t	 i;
	int	 cat;

	for (cat = 0; cat < CATEGORIES; cat++) {
		for (i = 0; i < c->ncat[cat]; i++) {
			if (c->cat[cat][i]->rank < 1 ||
			    (i > 0 && c->cat[cat][i]->rank !=
			    c->cat[cat][i - 1]->rank &&
			    c->cat[cat][i]->rank != (int)i + 1) ||
			    (i > 0 && score_cmp(&c->rules, c->cat[cat][i - 1],
			    c->cat[cat][i]) > 0))
				return (0);
		}
	}
	return (1);
}

/*
 * The pure computation, RUNS times: score every entry, rank each
 * category, give the tiers. Prints one line; 0 if a ranking was wrong.
 */
static int
bench_pure(struct competition_data *c)
{
	double	 t_score[RUNS], t_rank[RUNS], t_tiers[RUNS], t_total[RUNS];
	double	 t0, t1, t2, t3;
	size_t	 i, ties = 0, tiered = 0;
	int	 run, cat;

	for (run = 0; run < RUNS; run++) {
		/* The store's order, as each run would get it. */
		for (cat = 0; cat < CATEGORIES; cat++)
			c->ncat[cat] = 0;
		for (i = 0; i < ENTRIES; i++) {
			cat = (int)(i % CATEGORIES);
			c->res[i].entry = (int64_t)i + 1;
			c->res[i].category = cat + 1;
			c->cat[cat][c->ncat[cat]++] = &c->res[i];
		}

		t0 = now_ms();
		for (i = 0; i < ENTRIES; i++)
			score_entry(&c->rules, c->sheets[i], JUDGES,
			    &c->res[i]);
		t1 = now_ms();
		for (cat = 0; cat < CATEGORIES; cat++)
			score_rank(&c->rules, c->cat[cat], c->ncat[cat]);
		t2 = now_ms();
		for (cat = 0; cat < CATEGORIES; cat++)
			score_tiers(c->cat[cat], c->ncat[cat], c->quota,
			    c->ntiers);
		t3 = now_ms();

		t_score[run] = t1 - t0;
		t_rank[run] = t2 - t1;
		t_tiers[run] = t3 - t2;
		t_total[run] = t3 - t0;
	}
	if (!ranks_sane(c)) {
		fprintf(stderr, "results: a category is out of rank order\n");
		return (0);
	}
	/* What the run produced, so that the figures mean something. */
	for (cat = 0; cat < CATEGORIES; cat++) {
		for (i = 0; i < c->ncat[cat]; i++) {
			if (i > 0 && c->cat[cat][i]->rank ==
			    c->cat[cat][i - 1]->rank)
				ties++;
			if (c->cat[cat][i]->tier >= 0)
				tiered++;
		}
	}
	printf("results: %d entries x %d judges x %zu criteria: score %.2f ms, "
	    "rank %.2f ms, tiers %.3f ms, total %.2f ms (median of %d runs)\n",
	    ENTRIES, JUDGES, score_default_criteria_count,
	    median(t_score, RUNS), median(t_rank, RUNS),
	    median(t_tiers, RUNS), median(t_total, RUNS), RUNS);
	printf("  %d categories of %d: %zu entries share a rank with the one "
	    "above, %zu given a tier\n", CATEGORIES, ENTRIES / CATEGORIES,
	    ties, tiered);
	return (1);
}

/* A person of the store, by role; 0 when the store refuses. */
static int64_t
person_make(const char *account, enum role role)
{
	struct user_new	 n = { "测试", account, "$argon2id$bench", role,
	    role == ROLE_STAFF ? TRACK_NONE : TRACK_CARVER, 0 };
	int64_t		 id = 0;

	return (db_user_create(&n, &id) == DB_OK ? id : 0);
}

/*
 * An apprentice at the selection stage (moved there by staff, with a
 * reason, as an exception) with a work and a photo of it, entered in the
 * category and found eligible: the entry's id, or 0.
 */
static int64_t
entrant_make(int64_t comp, int64_t category, int64_t staff, int i,
    int64_t now)
{
	struct work_edit	 w = { "玉雕作品", "翡翠", "圆雕", "12 cm",
				    "", 0 };
	enum move_verdict	 mv;
	enum incub_verdict	 iv;
	enum comp_verdict	 cv;
	enum stage		 s;
	int64_t			 user, work, photo, entry;
	char			 account[32];

	(void)snprintf(account, sizeof(account), "137%08d", i);
	if ((user = person_make(account, ROLE_APPRENTICE)) == 0)
		return (0);
	for (s = STAGE_ENTRY; s < STAGE_SELECTION; s++)
		if (db_stage_move(user, s, s + 1, staff, "基准测试", now,
		    &mv) != DB_OK || mv != MV_EXCEPTION)
			return (0);
	if (db_work_create(user, &w, now, &work, &iv) != DB_OK ||
	    iv != IV_OK || db_photo_add(user, work, 1600, 1200, 200000, now,
	    &photo, &iv) != DB_OK || iv != IV_OK ||
	    db_entry_create(comp, category, user, work, TODAY, now, &entry,
	    &cv) != DB_OK || cv != COMPV_OK ||
	    db_entry_check(entry, ENTRY_ELIGIBLE, NULL, staff, now, &cv) !=
	    DB_OK || cv != COMPV_OK)
		return (0);
	return (entry);
}

/*
 * The competition of c in the store just opened, every sheet final:
 * 1 if all went in. *comp and *staff for the lock; entry[i] is the
 * store's id of entry i (ENTRIES of them, the caller's array).
 */
static int
store_fill(const struct competition_data *c, int64_t *comp, int64_t *staff,
    int64_t *entry)
{
	static const char *const cat_zh[CATEGORIES] = { "摆件", "挂件",
	    "手镯", "山子" };
	static const char *const cat_en[CATEGORIES] = { "Ornaments",
	    "Pendants", "Bangles", "Mountains" };
	struct comp_edit	*e;
	enum comp_verdict	 v;
	int64_t			 cat[CATEGORIES], judge[CATEGORIES][JUDGES];
	int64_t			 now = (int64_t)time(NULL);
	char			 account[32];
	int			 i, j, k, ok = 0;

	if ((e = malloc(sizeof(*e))) == NULL)
		return (0);
	db_comp_defaults(e);
	e->name_zh = "基准评选";
	e->name_en = "Benchmark selection";
	e->opens = "2026-01-01";
	e->closes = "2026-12-31";
	e->min_panel = c->rules.min_panel;
	if ((*staff = person_make("13500000000", ROLE_STAFF)) == 0 ||
	    db_comp_create(e, *staff, now, comp) != DB_OK)
		goto out;
	for (k = 0; k < CATEGORIES; k++) {
		if (db_category_add(*comp, cat_zh[k], cat_en[k], *staff, now,
		    &cat[k], &v) != DB_OK || v != COMPV_OK)
			goto out;
		for (j = 0; j < JUDGES; j++) {
			(void)snprintf(account, sizeof(account), "136%08d",
			    k * JUDGES + j);
			if ((judge[k][j] = person_make(account,
			    ROLE_MASTER)) == 0 ||
			    db_judge_add(*comp, cat[k], judge[k][j], *staff,
			    now, &v) != DB_OK || v != COMPV_OK)
				goto out;
		}
	}
	/* Entry i in category i % CATEGORIES, as in bench_pure(). */
	for (i = 0; i < ENTRIES; i++)
		if ((entry[i] = entrant_make(*comp, cat[i % CATEGORIES],
		    *staff, i, now)) == 0)
			goto out;
	if (db_comp_open(*comp, *staff, now, &v) != DB_OK || v != COMPV_OK)
		goto out;
	for (i = 0; i < ENTRIES; i++) {
		for (j = 0; j < JUDGES; j++) {
			if (db_sheet_save(entry[i], judge[i % CATEGORIES][j],
			    c->sheets[i][j].marks, c->rules.ncrit, 1, now,
			    &v) != DB_OK || v != COMPV_OK)
				goto out;
		}
	}
	ok = 1;
out:
	free(e);
	return (ok);
}

/* Comparing the store's frozen results with bench_pure()'s. */
struct agree {
	const struct competition_data	*c;
	const int64_t			*entry;		/* store ids by index */
	int				 rows;
	int				 differ;
};

static int
agree_row(const struct comp_result_row *x, void *arg)
{
	struct agree			*a = arg;
	const struct score_result	*r = NULL;
	size_t				 lo = 0, hi = ENTRIES, mid;

	a->rows++;
	/* The store numbers entries in the order they were made. */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (a->entry[mid] < x->entry)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ENTRIES && a->entry[lo] == x->entry)
		r = &a->c->res[lo];
	if (r == NULL || x->rank != r->rank || x->tier != r->tier + 1 ||
	    x->total_num != r->total_num || x->total_den != r->total_den)
		a->differ++;
	return (1);
}

/* Copy the file from to to (a closed database: no WAL beside it). */
static int
file_copy(const char *from, const char *to)
{
	FILE	*in, *out;
	char	 b[65536];
	size_t	 n;
	int	 ok = 1;

	if ((in = fopen(from, "rb")) == NULL)
		return (0);
	if ((out = fopen(to, "wb")) == NULL) {
		fclose(in);
		return (0);
	}
	while ((n = fread(b, 1, sizeof(b), in)) > 0)
		if (fwrite(b, 1, n, out) != n)
			ok = 0;
	if (ferror(in))
		ok = 0;
	fclose(in);
	if (fclose(out) != 0)
		ok = 0;
	return (ok);
}

/*
 * The store: fill a fresh file once, keep a copy, then lock a fresh copy
 * STORE_RUNS times. Prints its lines; 0 when anything failed (said on
 * stderr).
 */
static int
bench_store(const struct competition_data *c)
{
	struct lock_report	 rep;
	struct agree		 a;
	enum comp_verdict	 v;
	double			 t[STORE_RUNS], t0, setup;
	int64_t			*entry;
	char			 dir[] = "/tmp/yj-bench-results.XXXXXX";
	char			 path[256], copy[256], cmd[300];
	int64_t			 comp = 0, staff = 0;
	int			 run, ok = 0;

	if ((entry = calloc(ENTRIES, sizeof(*entry))) == NULL) {
		fprintf(stderr, "results: out of memory\n");
		return (0);
	}
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "results: mkdtemp: %s\n", strerror(errno));
		free(entry);
		return (0);
	}
	(void)snprintf(path, sizeof(path), "%s/%s", dir, DB_FILE);
	(void)snprintf(copy, sizeof(copy), "%s/filled.db", dir);
	t0 = now_ms();
	if (!db_open(path) || !db_migrate() || !db_prepare()) {
		fprintf(stderr, "results: the store would not open\n");
		goto out;
	}
	if (!store_fill(c, &comp, &staff, entry)) {
		fprintf(stderr, "results: filling the store failed\n");
		db_close();
		goto out;
	}
	db_close();
	setup = now_ms() - t0;
	if (!file_copy(path, copy)) {
		fprintf(stderr, "results: %s: %s\n", copy, strerror(errno));
		goto out;
	}
	for (run = 0; run < STORE_RUNS; run++) {
		if (!file_copy(copy, path) || !db_open(path) ||
		    !db_prepare()) {
			fprintf(stderr, "results: the copy would not open\n");
			goto out;
		}
		t0 = now_ms();
		if (db_comp_lock(comp, staff, (int64_t)time(NULL), &rep,
		    &v) != DB_OK || v != COMPV_OK) {
			fprintf(stderr, "results: db_comp_lock failed (%d)\n",
			    (int)v);
			db_close();
			goto out;
		}
		t[run] = now_ms() - t0;
		if (run == STORE_RUNS - 1) {
			memset(&a, 0, sizeof(a));
			a.c = c;
			a.entry = entry;
			if (db_results(comp, 1, agree_row, &a) != DB_OK ||
			    a.rows != ENTRIES || a.differ != 0) {
				fprintf(stderr, "results: the store's results "
				    "(%d rows, %d differ) are not the pure "
				    "computation's\n", a.rows, a.differ);
				db_close();
				goto out;
			}
		}
		db_close();
	}
	printf("results (store): db_comp_lock of %d entries x %d judges x "
	    "%zu criteria: %.1f ms (median of %d runs; %d ranked, %d short "
	    "panels)\n", ENTRIES, JUDGES, score_default_criteria_count,
	    median(t, STORE_RUNS), STORE_RUNS, rep.ranked, rep.short_panels);
	printf("  its %d results agree with the pure computation's (rank, "
	    "tier, total); setting up through the store (%d people, %d "
	    "entries, %d final sheets): %.1f s\n", a.rows,
	    ENTRIES + CATEGORIES * JUDGES + 1, ENTRIES, ENTRIES * JUDGES,
	    setup / 1e3);
	ok = 1;
out:
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "results: could not remove %s\n", dir);
	free(entry);
	return (ok);
}

int
main(void)
{
	struct competition_data	 c;
	int			 ok;

	if (!competition_make(&c)) {
		fprintf(stderr, "results: out of memory\n");
		competition_free(&c);
		return (1);
	}
	ok = bench_pure(&c);
	if (ok)
		ok = bench_store(&c);
	competition_free(&c);
	return (ok ? 0 : 1);
}
