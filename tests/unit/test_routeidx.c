/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_routeidx.c: the route index (routeidx.h) picks, for every path,
 * the route Kore 4.1's first-match scan picks — over the real routes of
 * conf/common.conf (those after the catch-all, compiled as Kore compiles
 * them), for a path made from each route's regex, its mutations and
 * random paths; the literals it derives from a regex; and a micro-
 * benchmark of both ways over the same paths, printed (never asserted).
 * Run from the project's root (it reads conf/common.conf).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "routeidx.h"

#define MAX_ROUTES	512
#define NPATHS		20000

static char			*paths[MAX_ROUTES];
static regex_t			 res[MAX_ROUTES];
static struct routeidx_in	 in[MAX_ROUTES];
static size_t			 nroutes;
static uint64_t			 seed = 16;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return ((unsigned)(seed % n));
}

/* The routes Kore never tries (after the catch-all), in file order. */
static int
load_routes(void **state)
{
	FILE	*f = fopen("conf/common.conf", "r");
	char	 line[512], route[256];
	int	 after = 0;

	(void)state;
	if (f == NULL)
		return (-1);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, " route %255s", route) != 1)
			continue;
		if (strcmp(route, "^/") == 0) {
			after = 1;
			continue;
		}
		if (!after || nroutes == MAX_ROUTES)
			continue;
		paths[nroutes] = strdup(route);
		in[nroutes].path = paths[nroutes];
		in[nroutes].order = (int)nroutes + 1;
		if (route[0] != '/') {
			if (regcomp(&res[nroutes], route,
			    REG_EXTENDED | REG_NOSUB) != 0)
				return (-1);
			in[nroutes].re = &res[nroutes];
		}
		nroutes++;
	}
	fclose(f);
	return (nroutes > 100 ? 0 : -1);
}

/* Kore's way: the first route in order that matches. */
static int
linear(const char *path)
{
	size_t	 i;

	for (i = 0; i < nroutes; i++) {
		if (in[i].re == NULL ? strcmp(in[i].path, path) == 0 :
		    regexec(in[i].re, path, 0, NULL, 0) == 0)
			return ((int)i);
	}
	return (-1);
}

/* A path the regex re (of the routes' small dialect) matches. */
static void
example(const char *re, char *out, size_t sz)
{
	const char	*p = re, *end;
	char		 set[128];
	size_t		 k = 0, ns;
	int		 lo, hi, n, c;

	if (*p == '^')
		p++;
	while (*p != '\0' && *p != '$' && k + 70 < sz) {
		if (*p == '\\') {
			out[k++] = p[1];
			p += 2;
		} else if (*p == '[') {
			for (ns = 0, p++; *p != ']'; p++) {
				if (p[1] == '-' && p[2] != ']') {
					for (c = p[0]; c <= p[2]; c++)
						set[ns++] = (char)c;
					p += 2;
				} else
					set[ns++] = *p;
			}
			p++;
			lo = hi = 1;
			if (*p == '{') {
				if (sscanf(p, "{%d,%d}", &lo, &hi) != 2)
					(void)sscanf(p, "{%d}", &lo), hi = lo;
				p = strchr(p, '}') + 1;
			}
			if (hi > 60)
				hi = 60;
			for (n = lo + (int)rnd((unsigned)(hi - lo + 1)); n > 0;
			    n--)
				out[k++] = set[rnd((unsigned)ns)];
		} else if (*p == '(') {
			/* Literal alternatives: take one. */
			const char	*alt[16];
			int		 na = 0, pick;

			alt[na++] = ++p;
			for (end = p; *end != ')'; end++)
				if (*end == '|')
					alt[na++] = end + 1;
			pick = (int)rnd((unsigned)na);
			for (p = alt[pick]; *p != '|' && *p != ')'; p++)
				out[k++] = *p;
			p = end + 1;
		} else
			out[k++] = *p++;
	}
	out[k] = '\0';
}

static void
mutate(char *s, size_t sz)
{
	size_t	 n = strlen(s);

	switch (rnd(6)) {
	case 0:
		if (n > 1)
			s[n - 1] = '\0';
		break;
	case 1:
		(void)strncat(s, "x", sz - n - 1);
		break;
	case 2:
		(void)strncat(s, "/", sz - n - 1);
		break;
	case 3:
		if (n > 1)
			s[rnd((unsigned)n)] = (char)"a1/.Z-"[rnd(6)];
		break;
	case 4:
		(void)strncat(s, "/1", sz - n - 1);
		break;
	default:
		break;
	}
}

static void
make_path(char *out, size_t sz)
{
	size_t	 r = rnd((unsigned)nroutes);

	if (in[r].re == NULL)
		(void)snprintf(out, sz, "%s", in[r].path);
	else
		example(in[r].path, out, sz);
	if (rnd(2))
		mutate(out, sz);
}

static void
literals(void **state)
{
	char	 pre[128], suf[128];

	(void)state;
	routeidx_literals("^/api/v1/runs/[0-9]{1,12}/enrol$", pre, suf, 128);
	assert_string_equal(pre, "/api/v1/runs/");
	assert_string_equal(suf, "/enrol");
	routeidx_literals("^/photos/[0-9]{1,12}/(full|thumb)\\.jpg$", pre,
	    suf, 128);
	assert_string_equal(pre, "/photos/");
	assert_string_equal(suf, "jpg");
	routeidx_literals("^/status/(revocation|suspension)$", pre, suf, 128);
	assert_string_equal(pre, "/status/");
	assert_string_equal(suf, "");
	/* An optional char ends the prefix; a top-level | says nothing. */
	routeidx_literals("^/ab/cd?e/x$", pre, suf, 128);
	assert_string_equal(pre, "/ab/");
	assert_string_equal(suf, "e/x");	/* e is required */
	routeidx_literals("^/a/b$|^/c/d$", pre, suf, 128);
	assert_string_equal(pre, "");
	assert_string_equal(suf, "");
	routeidx_literals("/x/y", pre, suf, 128);	/* unanchored */
	assert_string_equal(pre, "");
	routeidx_literals("^/x/[0-9]+\\$$", pre, suf, 128);
	assert_string_equal(suf, "");
}

/* Every route's own example finds that route (or an earlier one that
 * matches it too, as Kore would), and every path agrees with Kore's. */
static void
same_as_kore(void **state)
{
	struct routeidx	*ix;
	char		 p[256];
	size_t		 i;
	int		 n;

	(void)state;
	assert_non_null(ix = routeidx_new(in, nroutes));
	for (i = 0; i < nroutes; i++) {
		if (in[i].re == NULL)
			(void)snprintf(p, sizeof(p), "%s", in[i].path);
		else
			example(in[i].path, p, sizeof(p));
		assert_int_not_equal(linear(p), -1);
		if (routeidx_find(ix, p) != linear(p))
			fail_msg("%s: index %d, Kore %d", p,
			    routeidx_find(ix, p), linear(p));
	}
	for (n = 0; n < NPATHS; n++) {
		make_path(p, sizeof(p));
		if (routeidx_find(ix, p) != linear(p))
			fail_msg("%s: index %d, Kore %d", p,
			    routeidx_find(ix, p), linear(p));
	}
	assert_int_equal(routeidx_find(ix, "/no/such/page"), -1);
	assert_int_equal(routeidx_find(ix, ""), -1);
	routeidx_free(ix);
}

static double
now_us(void)
{
	struct timespec	 ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3);
}

/* The cost per lookup, both ways, on a few real paths (printed). */
static void
micro_benchmark(void **state)
{
	static const char *const hot[] = {
		"/api/v1/competitions/1/results", "/competitions/1/results",
		"/api/v1/verify/AB12CD34EF56", "/v/AB12CD34EF56", "/courses",
		"/no/such/page",
	};
	struct routeidx	*ix;
	double		 t, a, b;
	size_t		 i;
	int		 k, sink = 0, reps = 2000;

	(void)state;
	assert_non_null(ix = routeidx_new(in, nroutes));
	printf("  route lookup over %zu routes (micro-benchmark, not "
	    "asserted):\n", nroutes);
	for (i = 0; i < sizeof(hot) / sizeof(hot[0]); i++) {
		t = now_us();
		for (k = 0; k < reps; k++)
			sink += linear(hot[i]);
		a = (now_us() - t) / reps;
		t = now_us();
		for (k = 0; k < reps; k++)
			sink += routeidx_find(ix, hot[i]);
		b = (now_us() - t) / reps;
		printf("    %-34s Kore's scan %7.2f us, index %5.2f us\n",
		    hot[i], a, b);
	}
	assert_true(sink != 12345678);
	routeidx_free(ix);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literals),
		cmocka_unit_test(same_as_kore),
		cmocka_unit_test(micro_benchmark),
	};

	return (cmocka_run_group_tests(tests, load_routes, NULL));
}
