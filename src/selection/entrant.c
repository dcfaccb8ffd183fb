/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * entrant.c: entries to a competition. An apprentice at the selection
 * stage enters a work of their portfolio (with its photos) in a
 * category and gets a random entry code; staff check each entry for
 * eligibility. An entry's photos are served under the entry's own URL,
 * so a judge sees a code and pictures, never the work's page or owner.
 * After publication the entrant sees their breakdown: every judge's
 * marks per criterion, with the dropped totals marked.
 *
 * An entry's photos are files of its own (uploads/entries/), copied from
 * the work's photos when it is made, on a task thread: decoded and
 * encoded afresh, trimmed at random (datafile_entry_photo_make()), so their bytes
 * match no photo anyone can fetch — a judge who hashes one and looks for
 * it among the public works finds nothing, and so no name. The work's
 * own files are never served under the entry's URL: an entry made
 * before entries had files (an upgraded data directory), or whose copy
 * failed, gets its file made when it is first asked for. While its
 * competition is not published the work itself is hidden from the
 * public (the store's WORK_HELD,
 * portfolio.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compete.h"
#include "datafile.h"
#include "html.h"

/*
 * May the reader see this entry's page (and its photos)? Staff and the
 * entrant always; anyone once results are published. Judges use their
 * sheet (judge.c), which checks the panel and recusal.
 */
int
entrant_may_see(struct ctx *ctx, const struct comp_entry *e,
    const struct competition *c)
{
	if (ctx->logged_in && (ctx->user.role == ROLE_STAFF ||
	    ctx->user.id == e->entrant))
		return (1);
	return (c->state == COMP_PUBLISHED && e->status == ENTRY_ELIGIBLE);
}

struct photos {
	int64_t		 ids[8];
	int		 n;
};

/* The photos the entry is judged on: fixed when it was made. */
static void
photos_of(const struct comp_entry *e, struct photos *ph)
{
	if (db_entry_photos(e->id, ph->ids, &ph->n) != DB_OK)
		ph->n = 0;
}

/* The entry's photos, at most `max`, by their entry URLs. */
void
entrant_photos(struct buf *b, const struct comp_entry *e, int max)
{
	struct photos	 ph;
	int		 i;

	photos_of(e, &ph);
	html_lit(b, "<div class=\"photos\">");
	for (i = 0; i < ph.n && i < max; i++) {
		html_lit(b, "<a href=\"/entries/");
		html_int(b, e->id);
		html_lit(b, "/photos/");
		html_int(b, i + 1);
		html_lit(b, ".jpg\"><img loading=\"lazy\" alt=\"");
		html_text(b, e->code);
		html_lit(b, "\" src=\"/entries/");
		html_int(b, e->id);
		html_lit(b, "/photos/");
		html_int(b, i + 1);
		html_lit(b, ".jpg\"></a>");
	}
	html_lit(b, "</div>");
}

json_t *
entrant_photos_json(const struct comp_entry *e)
{
	struct photos	 ph;
	json_t		*a = json_array();
	char		 url[64];
	int		 i;

	photos_of(e, &ph);
	for (i = 0; i < ph.n; i++) {
		(void)snprintf(url, sizeof(url), "/entries/%lld/photos/%d.jpg",
		    (long long)e->id, i + 1);
		json_array_append_new(a, json_string(url));
	}
	return (a);
}

/*
 * An entry's photos being copied on a task thread: positions first ..
 * first + n - 1 (1..) from the work's photos ids[0 .. n - 1].
 */
struct entry_job {
	int64_t		 entry;
	int64_t		 ids[8];
	int		 first;
	int		 n;
	int		 made;
	int		 err;		/* errno of the first failure */
};

static int
entry_job_run_cb(void *arg)
{
	struct entry_job	*j = arg;
	int			 i;

	for (i = 0; i < j->n; i++) {
		if (datafile_entry_photo_make(".", j->entry, j->first + i, j->ids[i]))
			j->made++;
		else if (j->err == 0)
			j->err = errno != 0 ? errno : EIO;
	}
	return (j->made == j->n);
}

/*
 * Copy photos first .. first + n - 1 of entry from the work's ids on a
 * task thread (web_work_start()); the handler comes back and finds the
 * job in ctx->work.arg. Returns KORE_RESULT_RETRY.
 */
static int
entry_job_start(struct ctx *ctx, int64_t entry, const int64_t *ids, int first,
    int n)
{
	struct entry_job	*j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		abort();
	j->entry = entry;
	j->first = first;
	j->n = n < 8 ? n : 8;
	memcpy(j->ids, ids, (size_t)j->n * sizeof(ids[0]));
	web_work_start(ctx, entry_job_run_cb, j, free);
	return (KORE_RESULT_RETRY);
}

/* The entry of the path and its competition (else answered 404). */
static int
path_entry(struct ctx *ctx, struct comp_entry *e, struct competition *c)
{
	enum db_result	 r;

	if ((r = db_entry_get(web_path_id(ctx), e)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY), 0);
	if (r == DB_OK)
		r = db_comp_get(e->competition, c);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/* The answer to an entry made: the entry (JSON) or its page. */
static int
entered(struct ctx *ctx, int64_t id)
{
	struct comp_entry	 e;
	enum db_result		 r;
	char			 to[64];

	if (web_is_json(ctx)) {
		if ((r = db_entry_get(id, &e)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 201, json_pack("{s:o}", "entry",
		    compete_entry_json(&e, 1))));
	}
	(void)snprintf(to, sizeof(to), "/entries/%lld", (long long)id);
	return (web_redirect(ctx, to));
}

/*
 * POST /competitions/<id>/entries (apprentice): category, work. Once the
 * entry is made its photos are copied on a task thread (see the top);
 * a copy that fails is logged and made again when first asked for.
 */
int
entrant_enter(struct ctx *ctx)
{
	struct competition	 c;
	struct entry_job	*j;
	struct photos		 ph;
	enum comp_verdict	 v;
	enum db_result		 r;
	long long		 cat, work;
	int64_t			 id;
	char			 today[11];

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		j = ctx->work.arg;
		if (!ctx->work.result)
			kore_log(LOG_ERR, "entry %lld: %d of %d photos not "
			    "copied (%s); made when first asked for",
			    (long long)j->entry, j->n - j->made, j->n,
			    strerror(j->err));
		return (entered(ctx, j->entry));
	}
	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	/* A guide selection's candidates are nominated, not entered. */
	if (c.kind == COMP_KIND_GUIDE)
		return (web_fail(ctx, 409, "guide_selection",
		    M_ERR_GUIDE_NO_ENTRIES));
	if (!web_field_int(ctx, "category", 1, INT64_MAX, &cat))
		return (web_fail(ctx, 400, "invalid_category",
		    M_ERR_COMP_CATEGORY));
	if (!web_field_int(ctx, "work", 1, INT64_MAX, &work))
		return (web_fail(ctx, 400, "invalid_work", M_ERR_COMP_OWNER));
	web_today(today);
	if ((r = db_entry_create(c.id, cat, ctx->user.id, work, today,
	    (int64_t)time(NULL), &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v));
	if (db_entry_photos(id, ph.ids, &ph.n) != DB_OK || ph.n == 0) {
		/* Made, but its photos not read now: copied when asked. */
		kore_log(LOG_ERR, "entry %lld: photos not read to copy",
		    (long long)id);
		return (entered(ctx, id));
	}
	return (entry_job_start(ctx, id, ph.ids, 1, ph.n));
}

/* POST /entries/<id>/check (staff): verdict eligible|refused, note. */
int
entrant_check(struct ctx *ctx)
{
	struct competition	 c;
	struct comp_entry	 e;
	enum comp_verdict	 v;
	enum entry_status	 st;
	enum db_result		 r;
	const char		*verdict = web_field(ctx, "verdict");
	const char		*note = web_field(ctx, "note");
	size_t			 chars;
	char			 to[64];

	if (!path_entry(ctx, &e, &c))
		return (KORE_RESULT_OK);
	if (verdict != NULL && strcmp(verdict, "eligible") == 0)
		st = ENTRY_ELIGIBLE;
	else if (verdict != NULL && strcmp(verdict, "refused") == 0)
		st = ENTRY_REFUSED;
	else
		return (web_fail(ctx, 400, "invalid_verdict",
		    M_ERR_ENTRY_VERDICT));
	if (note == NULL)
		note = "";
	if (web_field_not_text(ctx, "note") || !utf8_chars(note, &chars) ||
	    chars > 200 || (st == ENTRY_REFUSED && chars == 0))
		return (web_fail(ctx, 400, "invalid_note", M_ERR_ENTRY_NOTE));
	if ((r = db_entry_check(e.id, st, note, ctx->user.id,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v));
	if (web_is_json(ctx)) {
		if ((r = db_entry_get(e.id, &e)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 200, json_pack("{s:o}", "entry",
		    compete_entry_json(&e, 1))));
	}
	(void)snprintf(to, sizeof(to), "/competitions/%lld#entries",
	    (long long)c.id);
	return (web_redirect(ctx, to));
}

/*
 * GET /entries/<id>/photos/<n>.jpg: the entry's n-th photo (its own copy
 * of the work's phone size), for staff, the entrant, the judges who may
 * score it, and everyone once published. The URL names the entry, never
 * the photo or the work. A copy not made yet is made now, on a task
 * thread; the work's own file is never sent in its place.
 */
int
entrant_photo(struct ctx *ctx)
{
	struct competition	 c;
	struct comp_entry	 e;
	struct entry_job	*j;
	struct photos		 ph;
	enum comp_verdict	 v = COMPV_NOT_JUDGE;
	const char		*p;
	char			 path[1024];
	int			 n;

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		j = ctx->work.arg;
		datafile_entry_photo(".", j->entry, j->first, path, sizeof(path));
		if (ctx->work.result && web_send_file(ctx, path, NULL))
			return (KORE_RESULT_OK);
		kore_log(LOG_ERR, "entry %lld: photo %d not copied: %s",
		    (long long)j->entry, j->first, strerror(j->err));
		if (j->err == ENOENT)	/* the work's photo file is gone */
			return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY));
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	}
	if (!path_entry(ctx, &e, &c))
		return (KORE_RESULT_OK);
	if (!entrant_may_see(ctx, &e, &c) &&
	    (!ctx->logged_in || ctx->user.role != ROLE_MASTER ||
	    db_entry_may_judge(e.id, ctx->user.id, &v) != DB_OK ||
	    v != COMPV_OK))
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY));
	p = strrchr(ctx->req->path, '/') + 1;
	n = atoi(p);
	photos_of(&e, &ph);
	if (n < 1 || n > ph.n)
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY));
	datafile_entry_photo(".", e.id, n, path, sizeof(path));
	if (web_send_file(ctx, path, NULL))
		return (KORE_RESULT_OK);
	return (entry_job_start(ctx, e.id, &ph.ids[n - 1], n, 1));
}

struct breakdown {
	const struct competition	*c;
	const struct comp_result_row	*res;
	struct buf			*b;
	json_t				*arr;
	enum lang			 l;
	int				 n;
};

static int
sheet_cb(const struct comp_sheet *s, void *arg)
{
	struct breakdown	*w = arg;
	const struct competition *c = w->c;
	struct buf		*b = w->b;
	const int		*marks = s->marks.v;
	int			 i, dropped = 0;
	char			 m[8], pts[16];
	int64_t			 total;
	json_t			*list;

	if (s->marks.n == 0)
		return (1);	/* marks that do not read are not shown */
	total = score_judge_total(&c->rules, marks);
	score_points(total, score_mark_max(c->rules.mode), pts);
	if (w->res != NULL && s->final)
		dropped = s->judge == w->res->dropped_hi ? 1 :
		    s->judge == w->res->dropped_lo ? 2 : 0;
	w->n++;
	if (w->arr != NULL) {
		list = json_array();
		for (i = 0; i < c->ncrit; i++) {
			compete_mark_text(c->rules.mode, marks[i], m);
			json_array_append_new(list, json_string(m));
		}
		json_array_append_new(w->arr, json_pack("{s:I, s:s, s:i, s:o, "
		    "s:b, s:s, s:s?}", "judge", (json_int_t)s->judge,
		    "judge_name", s->judge_name, "round", s->round, "marks",
		    list, "final", s->final, "total", pts, "dropped",
		    dropped == 1 ? "highest" : dropped == 2 ? "lowest" :
		    NULL));
		return (1);
	}
	html_lit(b, "<tr");
	if (dropped)
		html_lit(b, " class=\"dropped\"");
	html_lit(b, "><th scope=\"row\">");
	html_text(b, s->judge_name);
	if (!s->final) {
		html_lit(b, " <small>(");
		html_text(b, i18n(w->l, M_SHEET_DRAFT));
		html_lit(b, ")</small>");
	}
	html_lit(b, "</th>");
	for (i = 0; i < c->ncrit; i++) {
		compete_mark_text(c->rules.mode, marks[i], m);
		html_lit(b, "<td>");
		html_text(b, m);
		html_lit(b, "</td>");
	}
	html_lit(b, "<td><strong>");
	html_text(b, pts);
	html_lit(b, "</strong>");
	if (dropped) {
		html_lit(b, " <small>");
		html_text(b, i18n(w->l, dropped == 1 ? M_RESULT_DROPPED_HI :
		    M_RESULT_DROPPED_LO));
		html_lit(b, "</small>");
	}
	html_lit(b, "</td></tr>");
	return (1);
}

static void
result_facts(struct buf *b, enum lang l, const struct competition *c,
    const struct comp_result_row *res)
{
	char	 pts[16];

	score_points(res->total_num, res->total_den, pts);
	html_lit(b, "<dl class=\"facts\" id=\"result\"><dt>");
	html_text(b, i18n(l, M_RESULT_RANK));
	html_lit(b, "</dt><dd>");
	html_int(b, res->rank);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_RESULT_TIER));
	html_lit(b, "</dt><dd id=\"tier\">");
	if (res->tier > 0 && res->tier <= c->ntiers)
		html_text(b, compete_category_name(c->tiers[res->tier - 1].name_zh,
		    c->tiers[res->tier - 1].name_en, l));
	else
		html_lit(b, "—");
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_RESULT_TOTAL));
	html_lit(b, "</dt><dd id=\"total\">");
	html_text(b, pts);
	html_lit(b, "</dd></dl>");
}

/*
 * GET /entries/<id>: the entry. Staff see every sheet as it stands; the
 * entrant sees the status, then after publication their breakdown per
 * criterion and per judge; everyone else the published result only.
 */
int
entrant_show(struct ctx *ctx)
{
	struct competition	 c;
	struct comp_entry	 e;
	struct comp_result_row	 res;
	struct breakdown	 w;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	int			 own, staff, breakdown, has_res, round, i;
	int			 shown = 0;
	json_t			*o, *rounds;

	if (!path_entry(ctx, &e, &c))
		return (KORE_RESULT_OK);
	if (!entrant_may_see(ctx, &e, &c))
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY));
	staff = ctx->logged_in && ctx->user.role == ROLE_STAFF;
	own = ctx->logged_in && ctx->user.id == e.entrant;
	breakdown = staff || (own && c.state == COMP_PUBLISHED);
	memset(&w, 0, sizeof(w));
	w.c = &c;
	w.l = l;
	if ((r = db_result_of_entry(e.id, 0, &res)) != DB_OK &&
	    r != DB_NOTFOUND)
		return (web_busy(ctx, r));
	has_res = r == DB_OK && (staff || c.state == COMP_PUBLISHED);
	if (web_is_json(ctx)) {
		o = json_pack("{s:o, s:o}", "entry", compete_entry_json(&e, 1),
		    "photos", entrant_photos_json(&e));
		if (has_res)
			json_object_set_new(o, "result", json_pack("{s:i, s:i, "
			    "s:i, s:I, s:I, s:i, s:i}", "round", res.round,
			    "rank", res.rank, "tier", res.tier, "total_num",
			    (json_int_t)res.total_num, "total_den",
			    (json_int_t)res.total_den, "counted", res.counted,
			    "flags", (int)res.flags));
		if (breakdown) {
			rounds = json_array();
			json_object_set_new(o, "sheets", rounds);
			for (round = 1; round <= c.rounds; round++) {
				w.arr = rounds;
				w.res = db_result_of_entry(e.id, round, &res) ==
				    DB_OK ? &res : NULL;
				if ((r = db_sheets_of_entry(&c.rules, e.id,
				    round, !staff, sheet_cb, &w)) != DB_OK) {
					json_decref(o);
					return (web_busy(ctx, r));
				}
			}
		}
		return (web_json(ctx, 200, o));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	w.b = &b;
	page_begin(&b, &pc, e.code);
	html_lit(&b, "<h1><code>");
	html_text(&b, e.code);
	html_lit(&b, "</code> ");
	html_text(&b, e.title);
	html_lit(&b, "</h1><p><a href=\"/competitions/");
	html_int(&b, c.id);
	html_lit(&b, "\">");
	html_text(&b, compete_name(&c, l));
	html_lit(&b, "</a> · ");
	html_text(&b, compete_category_name(e.category_zh, e.category_en, l));
	html_lit(&b, " · ");
	html_text(&b, e.entrant_name);
	html_lit(&b, "</p><p id=\"status\">");
	html_text(&b, i18n(l, compete_entry_status_msg(e.status)));
	if (e.note[0] != '\0') {
		html_lit(&b, " <small>");
		html_text(&b, e.note);
		html_lit(&b, "</small>");
	}
	html_lit(&b, "</p>");
	entrant_photos(&b, &e, 8);
	if (has_res)
		result_facts(&b, l, &c, &res);
	if (breakdown) {
		for (round = 1; round <= c.rounds; round++) {
			w.res = db_result_of_entry(e.id, round, &res) == DB_OK ?
			    &res : NULL;
			html_lit(&b, "<h2>");
			html_text(&b, i18n(l, round == c.rounds ?
			    M_COMP_ROUND_FINAL : M_COMP_ROUND_PHOTO));
			html_lit(&b, "</h2>");
			html_lit(&b, "<div class=\"scroll\" "
			    "tabindex=\"0\"><table class=\"grid "
			    "breakdown\" id=\"breakdown-");
			html_int(&b, round);
			html_lit(&b, "\"><thead><tr><th></th>");
			for (i = 0; i < c.ncrit; i++) {
				html_lit(&b, "<th scope=\"col\">");
				html_text(&b, compete_category_name(
				    c.crit[i].name_zh, c.crit[i].name_en, l));
				html_lit(&b, "<br><small>");
				html_int(&b, c.crit[i].weight);
				html_lit(&b, "%</small></th>");
			}
			html_lit(&b, "<th scope=\"col\">");
			html_text(&b, i18n(l, M_RESULT_TOTAL));
			html_lit(&b, "</th></tr></thead><tbody>");
			w.n = 0;
			if ((r = db_sheets_of_entry(&c.rules, e.id, round,
			    !staff, sheet_cb, &w)) != DB_OK) {
				buf_free(&b);
				return (web_busy(ctx, r));
			}
			html_lit(&b, "</tbody></table></div>");
			shown += w.n;
		}
		if (shown > 0) {
			html_lit(&b, "<p><img class=\"chart\" alt=\"\" "
			    "width=\"720\" height=\"360\" src=\"/entries/");
			html_int(&b, e.id);
			html_lit(&b, "/spread.png\"></p>");
		}
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}
