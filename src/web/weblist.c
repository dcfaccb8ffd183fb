/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * weblist.c: the prologue every list handler shares — the same rows as
 * a JSON array on /api/v1 or as a page's <ul> — so a handler writes only
 * its row (one callback for both forms) and what follows the list.
 */
#include <string.h>

#include "html.h"
#include "web.h"

/*
 * Answer the list spec names. w is filled for the rows' callback
 * (spec->load calls the store with it as the callback's argument): on
 * JSON, w->arr is an array the rows append to and the answer is
 * {spec->key: [...]}; on a page, w->b is b, begun with spec->title as
 * its title and heading, the intro (unless M__COUNT), the list
 * <ul class="list" id="spec->key">, and spec->none when no row counted
 * itself in w->n. 1 with that page open (pc filled, b to finish with
 * page_end() and web_html(); the handler owns b); 0 when answered (the
 * JSON, or the store's failure through web_busy(), b then freed): the
 * handler returns KORE_RESULT_OK.
 */
int
web_list(struct ctx *ctx, struct web_list *w, const struct web_list_spec *spec,
    struct page_ctx *pc, struct buf *b)
{
	enum db_result	 r;
	enum lang	 l = ctx->lang;

	memset(w, 0, sizeof(*w));
	w->ctx = ctx;
	if (web_is_json(ctx)) {
		w->arr = json_array();
		if ((r = spec->load(w)) != DB_OK) {
			json_decref(w->arr);
			return (web_busy(ctx, r), 0);
		}
		return (web_json(ctx, 200, json_pack("{s:o}", spec->key,
		    w->arr)), 0);
	}
	web_page_ctx(ctx, pc);
	w->pc = pc;
	buf_init(b, 8192);
	w->b = b;
	page_begin(b, pc, i18n(l, spec->title));
	html_lit(b, "<h1>");
	html_text(b, i18n(l, spec->title));
	html_lit(b, "</h1>");
	if (spec->intro != M__COUNT) {
		html_lit(b, "<p class=\"muted\">");
		html_text(b, i18n(l, spec->intro));
		html_lit(b, "</p>");
	}
	html_lit(b, "<ul class=\"list\" id=\"");
	html_text(b, spec->key);
	html_lit(b, "\">");
	if ((r = spec->load(w)) != DB_OK) {
		buf_free(b);
		return (web_busy(ctx, r), 0);
	}
	html_lit(b, "</ul>");
	if (w->n == 0) {
		html_lit(b, "<p class=\"muted\">");
		html_text(b, i18n(l, spec->none));
		html_lit(b, "</p>");
	}
	return (1);
}
