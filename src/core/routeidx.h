/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * routeidx.h: which route a path is, at a cost that does not grow with
 * the number of routes (issue #16). Kore 4.1 tries every route's regex
 * in config order; this index answers the same as that first-match scan
 * (the route with the lowest order among those that match), but tries
 * only the exact paths by binary search and, of the regex routes, those
 * whose literal prefix (up to a '/') and literal suffix the path has —
 * usually one regexec. Pure: no Kore, no SQLite.
 */
#ifndef YJ_ROUTEIDX_H
#define YJ_ROUTEIDX_H

#include <sys/types.h>

#include <regex.h>
#include <stddef.h>

/* One route: its text as in the config, its place, its compiled regex. */
struct routeidx_in {
	const char	*path;	/* "/x" exact; anything else a POSIX ERE */
	int		 order;	/* its place in the config: lower wins */
	const regex_t	*re;	/* compiled REG_EXTENDED (regex routes) */
};

struct routeidx;

/*
 * Build the index of n routes (in[] and what it points to must outlive
 * it). Returns NULL when out of memory.
 */
struct routeidx	*routeidx_new(const struct routeidx_in *in, size_t n);

/* The index in in[] of the route Kore would pick for path, or -1. */
int		 routeidx_find(const struct routeidx *ix, const char *path);

/* The literal prefix (to its last '/') and suffix every match of the
 * regex re_text has; written to pre and suf (each of size sz). */
void		 routeidx_literals(const char *re_text, char *pre, char *suf,
		    size_t sz);

void		 routeidx_free(struct routeidx *ix);

#endif
