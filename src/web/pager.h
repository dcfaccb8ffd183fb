/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * pager.h: every list that can grow pages alike (issue 16). Rows come
 * newest first by their id, at most PAGER_ROWS a page; ?before=<id>
 * gives the rows older than that id (the last one of the page before),
 * so a page is one index range however deep it lies (keyset paging,
 * never OFFSET). A page says where the next one starts: a "next page"
 * link (rel="next") in HTML, "next": <id> or null in JSON.
 */
#ifndef YJ_PAGER_H
#define YJ_PAGER_H

#include <stdint.h>

#include <jansson.h>

#define PAGER_ROWS	50	/* the page size of every paged list */

struct buf;
struct ctx;


struct pager {
	int64_t	 before;	/* bind as the statement's bound: rows < it */
	int	 limit;		/* bind as LIMIT: one more than shown */
	int	 n;		/* rows shown so far */
	int64_t	 last;		/* id of the last row shown */
	int	 more;		/* a row past the page exists */
};

int	 pager_begin(struct ctx *, struct pager *);
int	 pager_take(struct pager *, int64_t);
int64_t	 pager_next(const struct pager *);
json_t	*pager_next_json(const struct pager *);
void	 pager_next_link(struct buf *, const struct ctx *,
	    const struct pager *, const char *);

#endif
