/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * routeidx.c: the route index (routeidx.h). Exact routes are found by
 * binary search; regex routes are grouped by their literal prefix, cut
 * back to its last '/': a path can only match a regex whose prefix it
 * starts with, so for each '/' of the path (as far as the longest prefix
 * reaches) one binary search finds the candidates, whose literal suffix
 * is compared before the regex itself, Kore's own compiled regex, is the
 * judge. Among every route that matches, the lowest order wins, as in
 * Kore's scan.
 */
#include <stdlib.h>
#include <string.h>

#include "routeidx.h"

#define LIT_MAX	128

struct exact {
	const char	*path;
	int		 order;
	int		 i;
};

struct pat {
	char		 pre[LIT_MAX];
	char		 suf[LIT_MAX];
	size_t		 prelen, suflen;
	int		 order;
	int		 i;
	const regex_t	*re;
};

struct routeidx {
	struct exact	*ex;
	size_t		 nex;
	struct pat	*pat;
	size_t		 npat;
	size_t		 maxpre;	/* the longest prefix */
};

static int
is_meta(int c)
{
	return (c != '\0' && strchr(".[]()|*+?{}\\$^", c) != NULL);
}

/* 1 when re has a '|' outside parentheses and brackets. */
static int
top_alternation(const char *re)
{
	int	 depth = 0;

	for (; *re != '\0'; re++) {
		if (*re == '\\' && re[1] != '\0') {
			re++;
		} else if (*re == '[') {
			/* A bracket expression: ']' first is literal. */
			re++;
			if (*re == '^')
				re++;
			if (*re == ']')
				re++;
			while (*re != '\0' && *re != ']')
				re++;
			if (*re == '\0')
				return (1);
		} else if (*re == '(') {
			depth++;
		} else if (*re == ')') {
			depth--;
		} else if (*re == '|' && depth == 0) {
			return (1);
		}
	}
	return (0);
}

void
routeidx_literals(const char *re, char *pre, char *suf, size_t sz)
{
	size_t	 n = strlen(re), i, j, k, start;
	char	*slash;

	pre[0] = suf[0] = '\0';
	if (sz == 0 || top_alternation(re))
		return;
	if (re[0] == '^') {
		for (i = 1, k = 0; i < n && k + 1 < sz && !is_meta(re[i]);
		    i++) {
			/* A char a quantifier follows may be absent. */
			if (re[i + 1] != '\0' && strchr("*?{+", re[i + 1]))
				break;
			pre[k++] = re[i];
		}
		pre[k] = '\0';
		if ((slash = strrchr(pre, '/')) != NULL)
			slash[1] = '\0';
		else
			pre[0] = '\0';
	}
	if (n >= 2 && re[n - 1] == '$' && re[n - 2] != '\\') {
		j = n - 1;
		while (j > 0 && !is_meta(re[j - 1]))
			j--;
		start = j;
		/* The first of the run escaped (\.x): not a literal. */
		if (start > 0 && re[start - 1] == '\\')
			start++;
		k = 0;
		for (i = start; i < n - 1 && k + 1 < sz; i++)
			suf[k++] = re[i];
		suf[k] = '\0';
		if (start < n - 1 && k != n - 1 - start)
			suf[0] = '\0';	/* too long to keep: no constraint */
	}
}

static int
exact_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct exact *)a)->path,
	    ((const struct exact *)b)->path));
}

static int
pat_cmp(const void *a, const void *b)
{
	const struct pat	*x = a, *y = b;
	int			 c = strcmp(x->pre, y->pre);

	return (c != 0 ? c : (x->order > y->order) - (x->order < y->order));
}

struct routeidx *
routeidx_new(const struct routeidx_in *in, size_t n)
{
	struct routeidx	*ix;
	size_t		 i;

	if ((ix = calloc(1, sizeof(*ix))) == NULL ||
	    (ix->ex = calloc(n + 1, sizeof(*ix->ex))) == NULL ||
	    (ix->pat = calloc(n + 1, sizeof(*ix->pat))) == NULL) {
		routeidx_free(ix);
		return (NULL);
	}
	for (i = 0; i < n; i++) {
		if (in[i].path[0] == '/') {
			ix->ex[ix->nex].path = in[i].path;
			ix->ex[ix->nex].order = in[i].order;
			ix->ex[ix->nex++].i = (int)i;
		} else if (in[i].re != NULL) {
			struct pat	*p = &ix->pat[ix->npat++];

			routeidx_literals(in[i].path, p->pre, p->suf,
			    sizeof(p->pre));
			p->prelen = strlen(p->pre);
			p->suflen = strlen(p->suf);
			p->order = in[i].order;
			p->i = (int)i;
			p->re = in[i].re;
			if (p->prelen > ix->maxpre)
				ix->maxpre = p->prelen;
		}
	}
	qsort(ix->ex, ix->nex, sizeof(*ix->ex), exact_cmp);
	qsort(ix->pat, ix->npat, sizeof(*ix->pat), pat_cmp);
	return (ix);
}

/* The first pattern whose prefix is key (of len k), or npat. */
static size_t
pat_lower(const struct routeidx *ix, const char *key)
{
	size_t	 lo = 0, hi = ix->npat, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ix->pat[mid].pre, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* Try the patterns with prefix key against path; better *best. */
static void
pat_try(const struct routeidx *ix, const char *key, const char *path,
    size_t len, int *best, int *besti)
{
	const struct pat	*p;
	size_t			 j;

	for (j = pat_lower(ix, key); j < ix->npat; j++) {
		p = &ix->pat[j];
		if (strcmp(p->pre, key) != 0 || p->order >= *best)
			break;	/* sorted by order within a prefix */
		if (p->suflen > len ||
		    memcmp(path + len - p->suflen, p->suf, p->suflen) != 0)
			continue;
		if (regexec(p->re, path, 0, NULL, 0) == 0) {
			*best = p->order;
			*besti = p->i;
			return;
		}
	}
}

int
routeidx_find(const struct routeidx *ix, const char *path)
{
	struct exact	 key, *e;
	char		 pre[LIT_MAX];
	size_t		 len = strlen(path), k;
	int		 best = 0x7fffffff, besti = -1;

	key.path = path;
	if ((e = bsearch(&key, ix->ex, ix->nex, sizeof(*ix->ex),
	    exact_cmp)) != NULL) {
		best = e->order;
		besti = e->i;
	}
	/* Regexes anchored nowhere (prefix ""), then each '/' of path. */
	pat_try(ix, "", path, len, &best, &besti);
	for (k = 0; k < len && k < ix->maxpre; k++) {
		if (path[k] != '/')
			continue;
		memcpy(pre, path, k + 1);
		pre[k + 1] = '\0';
		pat_try(ix, pre, path, len, &best, &besti);
	}
	return (besti);
}

void
routeidx_free(struct routeidx *ix)
{
	if (ix == NULL)
		return;
	free(ix->ex);
	free(ix->pat);
	free(ix);
}
