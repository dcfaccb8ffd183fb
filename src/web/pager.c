/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * pager.c: keyset paging shared by every list that can grow (pager.h).
 * The store's paged statements read "id < ?before ORDER BY id DESC
 * LIMIT ?limit" on an index whose last column is the id, so the cost of
 * a page does not depend on how deep it lies; one row more than shown is
 * read to know whether a next page exists (no empty last page).
 */
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "pager.h"
#include "web.h"

/*
 * Read ?before= (or a JSON body's "before") into p and set it up for a
 * page. Absent: the first page. Present, it must be a whole number from
 * 1 up; otherwise this answers 400 "invalid_before" in the reader's
 * language and returns 0 (the handler returns KORE_RESULT_OK). The
 * route's params declare before with v_text, so a wrong value reaches
 * here to be refused instead of being dropped by Kore into page one.
 */
int
pager_begin(struct ctx *ctx, struct pager *p)
{
	long long	 before;

	memset(p, 0, sizeof(*p));
	p->before = INT64_MAX;
	p->limit = PAGER_ROWS + 1;
	if (web_field(ctx, "before") == NULL && !(ctx->body != NULL &&
	    json_object_get(ctx->body, "before") != NULL))
		return (1);
	if (!web_field_int(ctx, "before", 1, INT64_MAX, &before))
		return (web_fail(ctx, 400, "invalid_before",
		    M_ERR_PAGE_BEFORE), 0);
	p->before = before;
	return (1);
}

/*
 * A row with this id came from the store: 1 to show it, 0 when it is
 * the one past the page (the row callback then returns 0 to stop).
 */
int
pager_take(struct pager *p, int64_t id)
{
	if (p->n == PAGER_ROWS) {
		p->more = 1;
		return (0);
	}
	p->n++;
	p->last = id;
	return (1);
}

/* The before of the next page, or 0 when this page is the last. */
int64_t
pager_next(const struct pager *p)
{
	return (p->more ? p->last : 0);
}

/* The JSON "next": the next page's before, or null. A new reference. */
json_t *
pager_next_json(const struct pager *p)
{
	return (p->more ? json_integer(p->last) : json_null());
}

/*
 * The "next page" link after a page of path (a local path, perhaps with
 * its own query string), when there is a next page: <p><a rel="next"
 * id="next-page" href="path?before=N">下一页</a></p>.
 */
void
pager_next_link(struct buf *b, const struct ctx *ctx, const struct pager *p,
    const char *path)
{
	char	 href[256];
	int	 n;

	if (!p->more)
		return;
	n = snprintf(href, sizeof(href), "%s%cbefore=%lld", path,
	    strchr(path, '?') != NULL ? '&' : '?', (long long)p->last);
	if (n < 0 || (size_t)n >= sizeof(href))
		return;
	html_lit(b, "<p class=\"pager\"><a rel=\"next\" id=\"next-page\" "
	    "href=\"");
	html_text(b, href);
	html_lit(b, "\">");
	html_text(b, i18n(ctx->lang, M_PAGE_NEXT));
	html_lit(b, "</a></p>");
}
