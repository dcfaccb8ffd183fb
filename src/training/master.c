/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * master.c: the masters of the town and their lineage (传承谱系) — the
 * public list and a master's page, the lineage as JSON and as a PNG tree
 * (drawn on a Kore task thread, cached per worker by lineage version),
 * and the staff's setting of a master's apprentice limit.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gd.h>

#include "html.h"
#include "tree.h"
#include "web.h"
#include "portfolio.h"
#include "train.h"

#define TREE_FONT	"fonts/wqy-microhei.ttc"	/* in the data dir */
#define LINEAGE_UP	2
#define LINEAGE_DOWN	3
#define PNG_CACHE	16

static const enum msg gen_msgs[] = {
	M_GEN_UP2, M_GEN_UP1, M_ERR_TITLE, M_GEN_DOWN1, M_GEN_DOWN2,
	M_GEN_DOWN3,
};

/* The word for a generation relative to the master (NULL for 0). */
static const char *
gen_word(enum lang l, int gen)
{
	if (gen == 0 || gen < -2 || gen > 3)
		return (NULL);
	return (i18n(l, gen_msgs[gen + 2]));
}

static json_t *
master_json(const struct master_row *m)
{
	const char	*t = track_code(m->track);

	char		 png[64];

	(void)snprintf(png, sizeof(png), "/masters/%lld/lineage.png",
	    (long long)m->id);
	return (json_pack("{s:I, s:s, s:o, s:i, s:i, s:i, s:s, s:s}", "id",
	    (json_int_t)m->id, "name", m->name, "track", t ? json_string(t) :
	    json_null(), "apprentices", m->active, "limit", m->limit,
	    "apprentices_ever", m->ever, "lineage_png", png, "speciality",
	    m->speciality));
}

struct masters_acc {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
	int		 n;
};

/* db_masters() callback: one master card (or JSON item). */
static int
master_item_cb(const struct master_row *m, void *arg)
{
	struct masters_acc	*ma = arg;
	struct buf		*b = ma->b;
	enum lang		 l = ma->ctx->lang;

	ma->n++;
	if (ma->arr != NULL) {
		json_array_append_new(ma->arr, master_json(m));
		return (1);
	}
	html_lit(b, "<li class=\"card\"><a href=\"/masters/");
	html_int(b, m->id);
	html_lit(b, "\"><strong>");
	html_text(b, m->name);
	html_lit(b, "</strong></a><p class=\"meta\">");
	if (m->track != TRACK_NONE)
		html_text(b, i18n(l, page_track_msg(m->track)));
	html_lit(b, " · ");
	html_text(b, i18n(l, M_MASTER_APPRENTICES));
	html_lit(b, " ");
	html_int(b, m->active);
	html_lit(b, "/");
	html_int(b, m->limit);
	html_lit(b, " · ");
	html_text(b, i18n(l, m->active < m->limit ? M_MASTER_OPEN :
	    M_MASTER_CLOSED));
	html_lit(b, "</p>");
	if (m->speciality[0] != '\0') {
		html_lit(b, "<p class=\"speciality\">");
		html_text(b, m->speciality);
		html_lit(b, "</p>");
	}
	html_lit(b, "</li>");
	return (1);
}

/* GET /masters and GET /api/v1/masters: the town's masters. */
int
master_list(struct ctx *ctx)
{
	struct masters_acc	 ma;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;

	memset(&ma, 0, sizeof(ma));
	ma.ctx = ctx;
	if (web_is_json(ctx)) {
		ma.arr = json_array();
		if ((r = db_masters(0, master_item_cb, &ma)) != DB_OK) {
			json_decref(ma.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:o}", "masters",
		    ma.arr)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	ma.b = &b;
	page_begin(&b, &pc, i18n(ctx->lang, M_MASTERS_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(ctx->lang, M_MASTERS_TITLE));
	html_lit(&b, "</h1><ul class=\"cards\" id=\"masters\">");
	if ((r = db_masters(0, master_item_cb, &ma)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/*
 * Whether master has a published record (the master page and the
 * lineage list link to it): 1 or 0; a store failure reads as 0.
 */
static int
master_has_heritage(int64_t master)
{
	struct heritage	 h;

	return (db_heritage_get(master, HERITAGE_PUBLISHED, &h) == DB_OK);
}

/* The master of the path; answers 404 and returns 0 when there is none. */
int
master_from_path(struct ctx *ctx, struct master_row *m)
{
	enum db_result	 r;

	if ((r = db_master_get(web_path_id(ctx), m)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_MASTER), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/*
 * The lineage around master: nodes in reading order (see lineage_tree())
 * into a malloc'd array (*out, free() it). Names come from the store.
 */
static enum db_result
lineage_of(int64_t master, struct lineage_node **out, size_t *n)
{
	struct lineage_link	*links;
	enum db_result		 r;
	size_t			 nl;

	if ((r = db_lineage_links(&links, &nl)) != DB_OK)
		return (r);
	if ((*out = calloc(LINEAGE_MAX_NODES, sizeof(**out))) == NULL)
		abort();
	*n = lineage_tree(links, nl, master, LINEAGE_UP, LINEAGE_DOWN, *out,
	    LINEAGE_MAX_NODES);
	free(links);
	return (DB_OK);
}

/* GET /masters/<id> and its JSON twin: a master and their lineage. */
int
master_show(struct ctx *ctx)
{
	struct master_row	 m;
	struct lineage_node	*nodes;
	struct mentorship	 cur;
	struct page_ctx		 pc;
	struct user		 u;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	size_t			 n, i;
	int64_t			 version;
	json_t			*arr, *j;
	const char		*w;
	char			 spec[80 * 4 + 1];

	if (!master_from_path(ctx, &m))
		return (KORE_RESULT_OK);
	if ((r = db_lineage_version(&version)) != DB_OK ||
	    (r = lineage_of(m.id, &nodes, &n)) != DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx)) {
		arr = json_array();
		for (i = 0; i < n; i++) {
			if (db_user_by_id(nodes[i].id, &u) != DB_OK)
				continue;
			json_array_append_new(arr, json_pack("{s:I, s:s, s:i, "
			    "s:o}", "id", (json_int_t)u.id, "name", u.name,
			    "generation", nodes[i].gen, "from", nodes[i].parent
			    >= 0 ? json_integer(nodes[nodes[i].parent].id) :
			    json_null()));
		}
		free(nodes);
		j = master_json(&m);
		json_object_set_new(j, "lineage", arr);
		return (web_json(ctx, 200, j));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	page_begin(&b, &pc, m.name);
	html_lit(&b, "<p class=\"crumbs\"><a href=\"/masters\">");
	html_text(&b, i18n(l, M_MASTERS_TITLE));
	html_lit(&b, "</a></p><h1 id=\"master-name\">");
	html_text(&b, m.name);
	html_lit(&b, "</h1><p class=\"meta\">");
	if (m.track != TRACK_NONE)
		html_text(&b, i18n(l, page_track_msg(m.track)));
	html_lit(&b, " · ");
	html_text(&b, i18n(l, M_MASTER_APPRENTICES));
	html_lit(&b, " ");
	html_int(&b, m.active);
	html_lit(&b, "/");
	html_int(&b, m.limit);
	html_lit(&b, "</p>");
	/* The directory: what the master is known for, their public works. */
	(void)snprintf(spec, sizeof(spec), "%s", m.speciality);
	if (spec[0] != '\0') {
		html_lit(&b, "<p id=\"speciality\"><strong>");
		html_text(&b, i18n(l, M_MASTER_SPECIALITY));
		html_lit(&b, "</strong> ");
		html_text(&b, spec);
		html_lit(&b, "</p>");
	}
	if (ctx->logged_in && (ctx->user.role == ROLE_STAFF ||
	    ctx->user.id == m.id)) {
		html_lit(&b, "<form method=\"post\" class=\"inline-form\" "
		    "action=\"/masters/");
		html_int(&b, m.id);
		html_lit(&b, "/speciality\">");
		page_csrf_field(&b, &pc);
		/* A named field (axe-core: every control has a label). */
		html_lit(&b, "<label class=\"choice\">");
		html_text(&b, i18n(l, M_MASTER_SPECIALITY));
		html_lit(&b, " <input name=\"speciality\" id=\"f-speciality\" "
		    "maxlength=\"80\" value=\"");
		html_text(&b, spec);
		html_lit(&b, "\"></label><button type=\"submit\">");
		html_text(&b, i18n(l, M_DESK_SAVE));
		html_lit(&b, "</button></form>");
	}
	/* An apprentice without a master may ask this one. */
	if (ctx->logged_in && ctx->user.role == ROLE_APPRENTICE &&
	    db_mentor_active(ctx->user.id, &cur) == DB_NOTFOUND) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_MASTER_ASK));
		html_lit(&b, "</h2>");
		if (m.active >= m.limit) {
			html_lit(&b, "<p>");
			html_text(&b, i18n(l, M_MASTER_FULL));
			html_lit(&b, "</p>");
		} else {
			html_lit(&b, "<form method=\"post\" class=\"stack\" "
			    "enctype=\"multipart/form-data\" "
			    "action=\"/masters/");
			html_int(&b, m.id);
			html_lit(&b, "/ask\">");
			page_csrf_field(&b, &pc);
			html_lit(&b, "<label>");
			html_text(&b, i18n(l, M_MASTER_ASK_MESSAGE));
			html_lit(&b, "<textarea name=\"message\" "
			    "id=\"f-message\" rows=\"4\" maxlength=\"500\">"
			    "</textarea></label><button type=\"submit\" "
			    "id=\"ask-submit\">");
			html_text(&b, i18n(l, M_MASTER_ASK_SEND));
			html_lit(&b, "</button></form>");
		}
		html_lit(&b, "</section>");
	}
	if (ctx->logged_in && ctx->user.role == ROLE_STAFF) {
		html_lit(&b, "<form method=\"post\" class=\"inline-form\" "
		    "action=\"/masters/");
		html_int(&b, m.id);
		html_lit(&b, "/limit\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label class=\"choice\">");
		html_text(&b, i18n(l, M_MASTER_LIMIT));
		html_lit(&b, " <input type=\"number\" name=\"limit\" "
		    "id=\"f-limit\" min=\"0\" max=\"100\" value=\"");
		html_int(&b, m.limit);
		html_lit(&b, "\"></label><button type=\"submit\">");
		html_text(&b, i18n(l, M_DESK_SAVE));
		html_lit(&b, "</button></form>");
	}
	/* 非遗: the record of the craft, once staff published it. */
	if (master_has_heritage(m.id) || (ctx->logged_in &&
	    (ctx->user.role == ROLE_STAFF || ctx->user.id == m.id))) {
		html_lit(&b, "<p><a id=\"heritage-link\" href=\"/masters/");
		html_int(&b, m.id);
		html_lit(&b, "/heritage\">");
		html_text(&b, i18n(l, M_HER_LINK));
		html_lit(&b, "</a></p>");
	}
	html_lit(&b, "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_MASTER_LINEAGE));
	html_lit(&b, "</h2><img class=\"lineage\" alt=\"\" src=\"/masters/");
	html_int(&b, m.id);
	html_lit(&b, "/lineage.png?v=");
	html_int(&b, version);
	html_lit(&b, "&amp;lang=");
	html_text(&b, l == LANG_EN ? "en" : "zh");
	html_lit(&b, "\"><ul class=\"lineage\" id=\"lineage\">");
	for (i = 0; i < n; i++) {
		if (db_user_by_id(nodes[i].id, &u) != DB_OK)
			continue;
		html_lit(&b, "<li class=\"gen\" data-gen=\"");
		html_int(&b, nodes[i].gen);
		html_lit(&b, "\">");
		if (u.role == ROLE_MASTER && u.id != m.id) {
			html_lit(&b, "<a href=\"/masters/");
			html_int(&b, u.id);
			html_lit(&b, "\">");
			html_text(&b, u.name);
			html_lit(&b, "</a>");
		} else
			html_text(&b, u.name);
		if ((w = gen_word(l, nodes[i].gen)) != NULL) {
			html_lit(&b, " <span class=\"meta\">");
			html_text(&b, w);
			html_lit(&b, "</span>");
		}
		if (u.role == ROLE_MASTER && master_has_heritage(u.id)) {
			html_lit(&b, " <a class=\"heritage\" href=\"/masters/");
			html_int(&b, u.id);
			html_lit(&b, "/heritage\">");
			html_text(&b, i18n(l, M_HER_TITLE));
			html_lit(&b, "</a>");
		}
		html_lit(&b, "</li>");
	}
	html_lit(&b, "</ul></section><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_MASTER_WORKS));
	html_lit(&b, "</h2>");
	portfolio_cards(&b, l, m.id);
	html_lit(&b, "</section>");
	free(nodes);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* A lineage picture being drawn on a task thread. */
struct tree_job {
	struct tree_row	*rows;
	char		*names;		/* the rows' strings, one block */
	size_t		 n;
	char		 title[256];
	void		*png;		/* gdFree() */
	int		 size;
	char		 err[128];
	int64_t		 master, version;
	enum lang	 lang;
	int		 versioned;	/* asked for this very version */
};

static void
tree_job_free(void *arg)
{
	struct tree_job	*j = arg;

	if (j->png != NULL)
		gdFree(j->png);
	free(j->rows);
	free(j->names);
	free(j);
}

static int
tree_job_run_cb(void *arg)
{
	struct tree_job	*j = arg;

	return (tree_png(j->rows, j->n, j->title, TREE_FONT, &j->png,
	    &j->size, j->err, sizeof(j->err)));
}

/* Each worker keeps the last pictures it drew, by lineage version. */
static struct {
	int64_t		 master, version;
	enum lang	 lang;
	void		*png;		/* malloc'd copy */
	int		 size;
} png_cache[PNG_CACHE];
static unsigned	png_cache_next;

/*
 * The page links the picture as lineage.png?v=<lineage version>&lang=..,
 * so a browser may keep that address for a day: a change makes a new
 * address. The bare address (for API callers) must be asked again.
 */
static void
send_png(struct ctx *ctx, const void *png, int size, int versioned)
{
	http_response_header(ctx->req, "content-type", "image/png");
	http_response_header(ctx->req, "cache-control", versioned ?
	    "public, max-age=86400" : "no-cache");
	http_response_header(ctx->req, "vary", "Accept-Language, Cookie");
	http_response_header(ctx->req, "x-content-type-options", "nosniff");
	http_response(ctx->req, 200, png, (size_t)size);
}

/*
 * GET /masters/<id>/lineage.png: the lineage tree, drawn on a task
 * thread (FreeType text is not for the event loop) and cached per worker
 * until the lineage version moves.
 */
int
master_lineage_png(struct ctx *ctx)
{
	struct master_row	 m;
	struct lineage_node	*nodes;
	struct tree_job		*j;
	struct user		 u;
	enum db_result		 r;
	size_t			 i, off, len;
	int64_t			 version;
	long long		 v;
	const char		*w;
	int			 k, versioned;

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		j = ctx->work.arg;
		if (ctx->work.result != KORE_RESULT_OK || j->png == NULL) {
			kore_log(LOG_ERR, "lineage tree: %s", j->err);
			return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
		}
		k = (int)(png_cache_next++ % PNG_CACHE);
		free(png_cache[k].png);
		if ((png_cache[k].png = malloc((size_t)j->size)) == NULL)
			abort();
		memcpy(png_cache[k].png, j->png, (size_t)j->size);
		png_cache[k].size = j->size;
		png_cache[k].master = j->master;
		png_cache[k].version = j->version;
		png_cache[k].lang = j->lang;
		send_png(ctx, j->png, j->size, j->versioned);
		return (KORE_RESULT_OK);
	}
	if (!master_from_path(ctx, &m))
		return (KORE_RESULT_OK);
	if ((r = db_lineage_version(&version)) != DB_OK)
		return (web_busy(ctx, r));
	(void)i18n_parse(web_field(ctx, "lang"), &ctx->lang);
	versioned = web_field_int(ctx, "v", 0, INT64_MAX, &v) && v == version;
	for (k = 0; k < PNG_CACHE; k++) {
		if (png_cache[k].png != NULL && png_cache[k].master == m.id &&
		    png_cache[k].version == version &&
		    png_cache[k].lang == ctx->lang) {
			send_png(ctx, png_cache[k].png, png_cache[k].size,
			    versioned);
			return (KORE_RESULT_OK);
		}
	}
	if ((r = lineage_of(m.id, &nodes, &i)) != DB_OK)
		return (web_busy(ctx, r));
	if (i > TREE_MAX_ROWS)
		i = TREE_MAX_ROWS;	/* the page lists everyone */
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->rows = calloc(i + 1, sizeof(*j->rows))) == NULL ||
	    (j->names = malloc((i + 1) * 256)) == NULL)
		abort();
	j->master = m.id;
	j->version = version;
	j->lang = ctx->lang;
	j->versioned = versioned;
	(void)snprintf(j->title, sizeof(j->title), "%s · %s", m.name,
	    i18n(ctx->lang, M_LINEAGE_TITLE));
	for (off = 0; j->n < i; ) {
		if (db_user_by_id(nodes[j->n].id, &u) != DB_OK)
			(void)snprintf(u.name, sizeof(u.name), "?");
		len = strlen(u.name) + 1;
		memcpy(j->names + off, u.name, len);
		j->rows[j->n].name = j->names + off;
		j->rows[j->n].note = (w = gen_word(ctx->lang,
		    nodes[j->n].gen)) != NULL ? w : NULL;
		j->rows[j->n].gen = nodes[j->n].gen;
		j->rows[j->n].parent = nodes[j->n].parent;
		off += 256;
		j->n++;
	}
	free(nodes);
	web_work_start(ctx, tree_job_run_cb, j, tree_job_free);
	return (KORE_RESULT_RETRY);
}


/* POST /masters/<id>/limit (staff): how many apprentices at once. */
int
master_limit(struct ctx *ctx)
{
	struct master_row	 m;
	enum db_result		 r;
	long long		 limit;
	char			 to[64];

	if (!master_from_path(ctx, &m))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "limit", 0, 100, &limit))
		return (web_fail(ctx, 400, "invalid_limit", M_ERR_LIMIT));
	if ((r = db_master_limit(m.id, (int)limit, ctx->user.id,
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:i}", "master",
		    (json_int_t)m.id, "limit", (int)limit)));
	(void)snprintf(to, sizeof(to), "/masters/%lld", (long long)m.id);
	return (web_redirect(ctx, to));
}
