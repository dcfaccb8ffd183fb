/*
 * train.c: the training stage (培养) — the masters of the town and their
 * lineage (传承谱系, as a page, JSON and a PNG tree), an apprentice asking a
 * master to take them on (拜师) and the master's answer, ending or
 * recommending, and the training log the master confirms. Each action is
 * also a JSON twin under /api/v1. Who may act on a mentorship or an
 * entry is decided in db_train.c from the stored facts, never from the
 * page.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gd.h>

#include "html.h"
#include "tree.h"
#include "web.h"
#include "train.h"

#define TREE_FONT	"fonts/wqy-microhei.ttc"	/* in the data dir */
#define LINEAGE_UP	2
#define LINEAGE_DOWN	3
#define PNG_CACHE	16

static const struct {
	int		 status;
	const char	*code;
	enum msg	 msg;
} refusals[] = {
	[TRAIN_OK] = { 200, "ok", M_DONE_SAVED },
	[TRAIN_NOT_MASTER] = { 404, "not_found", M_ERR_NOT_MASTER },
	[TRAIN_HAS_MASTER] = { 409, "has_master", M_ERR_MENTOR_HAS_MASTER },
	[TRAIN_TWICE] = { 409, "already_asked", M_ERR_MENTOR_TWICE },
	[TRAIN_CYCLE] = { 409, "lineage_cycle", M_ERR_MENTOR_CYCLE },
	[TRAIN_FULL] = { 409, "master_full", M_MASTER_FULL },
	[TRAIN_STATE] = { 409, "already_decided", M_ERR_MENTOR_STATE },
	[TRAIN_NOT_YOURS] = { 403, "forbidden", M_ERR_MENTOR_NOT_YOURS },
	[TRAIN_NO_MASTER] = { 409, "no_master", M_ERR_LOG_NO_MASTER },
	[TRAIN_DAY_FULL] = { 409, "day_full", M_ERR_LOG_DAY_FULL },
};

/* Answer a refused training action; returns KORE_RESULT_OK. */
static int
refuse(struct ctx *ctx, enum train_verdict v)
{
	return (web_fail(ctx, refusals[v].status, refusals[v].code,
	    refusals[v].msg));
}

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
	return (json_pack("{s:I, s:s, s:o, s:i, s:i, s:i, s:s}", "id",
	    (json_int_t)m->id, "name", m->name, "track", t ? json_string(t) :
	    json_null(), "apprentices", m->active, "limit", m->limit,
	    "apprentices_ever", m->ever, "lineage_png", png));
}

struct masters_acc {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
	int		 n;
};

/* db_masters() callback: one master card (or JSON item). */
static int
master_item(const struct master_row *m, void *arg)
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
	html_lit(b, "</p></li>");
	return (1);
}

/* GET /masters and GET /api/v1/masters: the town's masters. */
int
train_masters(struct ctx *ctx)
{
	struct masters_acc	 ma;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;

	memset(&ma, 0, sizeof(ma));
	ma.ctx = ctx;
	if (web_is_json(ctx)) {
		ma.arr = json_array();
		if ((r = db_masters(0, master_item, &ma)) != DB_OK) {
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
	if ((r = db_masters(0, master_item, &ma)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

static int
master_copy(const struct master_row *m, void *arg)
{
	*(struct master_row *)arg = *m;
	return (0);
}

/* The master of the path; answers 404 and returns 0 when there is none. */
static int
path_master(struct ctx *ctx, struct master_row *m)
{
	enum db_result	 r;
	int64_t		 id = web_path_id(ctx);

	memset(m, 0, sizeof(*m));
	if (id <= 0 || (r = db_masters(id, master_copy, m)) != DB_OK ||
	    m->id == 0) {
		if (id > 0 && r != DB_OK)
			return (web_busy(ctx, r), 0);
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_MASTER), 0);
	}
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
train_master(struct ctx *ctx)
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

	if (!path_master(ctx, &m))
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
		html_lit(&b, "</li>");
	}
	html_lit(&b, "</ul></section>");
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
tree_job_run(void *arg)
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
train_lineage_png(struct ctx *ctx)
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
	if (!path_master(ctx, &m))
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
	web_work_start(ctx, tree_job_run, j, tree_job_free);
	return (KORE_RESULT_RETRY);
}

/* POST /masters/<id>/ask and its twin: an apprentice asks (拜师). */
int
train_ask(struct ctx *ctx)
{
	struct master_row	 m;
	enum train_verdict	 v;
	enum db_result		 r;
	const char		*msg = web_field(ctx, "message");
	char			 to[64];
	size_t			 chars;
	int64_t			 id;

	if (!path_master(ctx, &m))
		return (KORE_RESULT_OK);
	if (msg != NULL && (!utf8_chars_lines(msg, &chars) || chars > 500))
		return (web_fail(ctx, 400, "invalid_message", M_ERR_MESSAGE));
	if ((r = db_mentor_request(ctx->user.id, m.id, msg,
	    (int64_t)time(NULL), &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != TRAIN_OK)
		return (refuse(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 201, json_pack("{s:I, s:s}",
		    "mentorship", (json_int_t)id, "status", "requested")));
	(void)snprintf(to, sizeof(to), "/training?done=requested");
	return (web_redirect(ctx, to));
}

/* POST /masters/<id>/limit (staff): how many apprentices at once. */
int
train_limit(struct ctx *ctx)
{
	struct master_row	 m;
	enum db_result		 r;
	long long		 limit;
	char			 to[64];

	if (!path_master(ctx, &m))
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

/* Shared by the mentorship actions: answer after a verdict. */
static int
mentor_done(struct ctx *ctx, enum train_verdict v, const char *status)
{
	if (v != TRAIN_OK)
		return (refuse(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:s}",
		    "mentorship", (json_int_t)web_path_id(ctx), "status",
		    status)));
	return (web_redirect(ctx, "/training?done=saved"));
}

static int
decide(struct ctx *ctx, int accept)
{
	enum train_verdict	 v;
	enum db_result		 r;

	r = db_mentor_decide(web_path_id(ctx), ctx->user.id, accept,
	    (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	return (mentor_done(ctx, v, accept ? "active" : "declined"));
}

/* POST /mentorships/<id>/accept (the master asked). */
int
train_accept(struct ctx *ctx)
{
	return (decide(ctx, 1));
}

/* POST /mentorships/<id>/decline (the master asked). */
int
train_decline(struct ctx *ctx)
{
	return (decide(ctx, 0));
}

/* POST /mentorships/<id>/end: either side, or staff, with a reason. */
int
train_end(struct ctx *ctx)
{
	enum train_verdict	 v;
	enum db_result		 r;
	const char		*reason = web_field(ctx, "reason");
	size_t			 chars;

	if (reason == NULL || !utf8_chars(reason, &chars) || chars == 0 ||
	    chars > 200)
		return (web_fail(ctx, 400, "invalid_reason", M_ERR_REASON));
	r = db_mentor_end(web_path_id(ctx), &ctx->user, reason,
	    (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	return (mentor_done(ctx, v, "ended"));
}

/* POST /mentorships/<id>/recommend: the master, for incubation. */
int
train_recommend(struct ctx *ctx)
{
	enum train_verdict	 v;
	enum db_result		 r;

	r = db_mentor_recommend(web_path_id(ctx), ctx->user.id,
	    (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	return (mentor_done(ctx, v, "recommended"));
}

static json_t *
mentor_json(const struct mentorship *m)
{
	static const char *const codes[] = { "requested", "active",
	    "declined", "ended", "withdrawn" };

	return (json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s}, s:s, s:s, s:I, "
	    "s:I, s:I, s:s, s:b}", "id", (json_int_t)m->id, "apprentice",
	    "id", (json_int_t)m->apprentice, "name", m->apprentice_name,
	    "master", "id", (json_int_t)m->master, "name", m->master_name,
	    "status", codes[m->status], "message", m->message, "requested",
	    (json_int_t)m->requested, "started", (json_int_t)m->started,
	    "ended", (json_int_t)m->ended, "end_reason", m->end_reason,
	    "recommended", m->recommended != 0));
}

static json_t *
log_json(const struct log_entry *e)
{
	return (json_pack("{s:I, s:I, s:s, s:s, s:f, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)e->id, "apprentice", (json_int_t)e->apprentice,
	    "name", e->apprentice_name, "day", e->day, "hours",
	    e->minutes / 60.0, "skill", skill_code(e->skill), "notes",
	    e->notes, "status", e->status, "comment", e->comment));
}

struct train_acc {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
	int		 n;
};

static void
hours(struct buf *b, int minutes)
{
	buf_printf(b, "%d.%02d", minutes / 60, (minutes % 60) * 100 / 60);
}

static void
small_form(struct buf *b, struct ctx *ctx, const char *action1, int64_t id,
    const char *action2, enum msg label, const char *field, enum msg flabel)
{
	struct page_ctx	 pc;

	web_page_ctx(ctx, &pc);
	html_lit(b, "<form method=\"post\" class=\"inline-form\" action=\"");
	html_text(b, action1);
	html_int(b, id);
	html_text(b, action2);
	html_lit(b, "\">");
	page_csrf_field(b, &pc);
	if (field != NULL) {
		html_lit(b, "<input name=\"");
		html_text(b, field);
		html_lit(b, "\" maxlength=\"200\" placeholder=\"");
		html_text(b, i18n(ctx->lang, flabel));
		html_lit(b, "\" aria-label=\"");
		html_text(b, i18n(ctx->lang, flabel));
		html_lit(b, "\"");
		if (strcmp(field, "reason") == 0)
			html_lit(b, " required");
		html_lit(b, ">");
	}
	html_lit(b, "<button type=\"submit\">");
	html_text(b, i18n(ctx->lang, label));
	html_lit(b, "</button></form>");
}

static const enum msg log_status_msgs[] = { M_LOG_PENDING, M_LOG_CONFIRMED,
    M_LOG_REJECTED };

static enum msg
log_status_msg(const char *s)
{
	if (strcmp(s, "confirmed") == 0)
		return (log_status_msgs[1]);
	if (strcmp(s, "rejected") == 0)
		return (log_status_msgs[2]);
	return (log_status_msgs[0]);
}

/* db_log_list()/db_log_queue() callback: one entry (queue: with forms). */
static int
log_item(const struct log_entry *e, void *arg)
{
	struct train_acc	*ta = arg;
	struct buf		*b = ta->b;
	enum lang		 l = ta->ctx->lang;
	int			 queue = ta->ctx->user.role == ROLE_MASTER;

	ta->n++;
	if (ta->arr != NULL) {
		json_array_append_new(ta->arr, log_json(e));
		return (1);
	}
	html_lit(b, "<li class=\"entry\" id=\"log-");
	html_int(b, e->id);
	html_lit(b, "\"><strong>");
	html_text(b, e->day);
	html_lit(b, "</strong> · ");
	if (queue) {
		html_text(b, e->apprentice_name);
		html_lit(b, " · ");
	}
	html_text(b, i18n(l, skill_msg(e->skill)));
	html_lit(b, " · ");
	hours(b, e->minutes);
	html_lit(b, " ");
	html_text(b, i18n(l, M_LOG_HOURS));
	html_lit(b, " · <span class=\"status\">");
	html_text(b, i18n(l, log_status_msg(e->status)));
	html_lit(b, "</span>");
	if (e->notes[0] != '\0') {
		html_lit(b, "<p class=\"notes\">");
		html_text(b, e->notes);
		html_lit(b, "</p>");
	}
	if (e->comment[0] != '\0') {
		html_lit(b, "<p class=\"meta\">");
		html_text(b, i18n(l, M_LOG_COMMENT));
		html_lit(b, ": ");
		html_text(b, e->comment);
		html_lit(b, "</p>");
	}
	if (queue && strcmp(e->status, "pending") == 0) {
		small_form(b, ta->ctx, "/training/log/", e->id, "/confirm",
		    M_LOG_CONFIRM, "comment", M_LOG_COMMENT);
		small_form(b, ta->ctx, "/training/log/", e->id, "/reject",
		    M_LOG_REJECT, "comment", M_LOG_COMMENT);
	}
	html_lit(b, "</li>");
	return (1);
}

/* db_mentorships() callback: one mentorship with the reader's actions. */
static int
mentor_item(const struct mentorship *m, void *arg)
{
	struct train_acc	*ta = arg;
	struct buf		*b = ta->b;
	struct ctx		*ctx = ta->ctx;
	enum lang		 l = ctx->lang;
	int			 as_master = ctx->user.role == ROLE_MASTER;
	char			 since[11];

	ta->n++;
	if (ta->arr != NULL) {
		json_array_append_new(ta->arr, mentor_json(m));
		return (1);
	}
	html_lit(b, "<li class=\"mentorship\" id=\"mentorship-");
	html_int(b, m->id);
	html_lit(b, "\"><strong>");
	if (as_master)
		html_text(b, m->apprentice_name);
	else {
		html_lit(b, "<a href=\"/masters/");
		html_int(b, m->master);
		html_lit(b, "\">");
		html_text(b, m->master_name);
		html_lit(b, "</a>");
	}
	html_lit(b, "</strong> <span class=\"status\">");
	switch (m->status) {
	case MENTOR_REQUESTED:
		html_text(b, i18n(l, M_LOG_PENDING));
		break;
	case MENTOR_ACTIVE:
		seat_today((time_t)m->started, since);
		html_text(b, since);
		html_lit(b, " ");
		html_text(b, i18n(l, M_MENTOR_SINCE));
		if (m->recommended) {
			html_lit(b, " · ");
			html_text(b, i18n(l, M_MENTOR_RECOMMENDED));
		}
		break;
	case MENTOR_ENDED:
		seat_today((time_t)m->ended, since);
		html_text(b, i18n(l, M_MENTOR_ENDED));
		html_lit(b, " ");
		html_text(b, since);
		break;
	default:
		html_text(b, i18n(l, M_LOG_REJECTED));
		break;
	}
	html_lit(b, "</span>");
	if (m->message[0] != '\0' && m->status == MENTOR_REQUESTED) {
		html_lit(b, "<p class=\"notes\">");
		html_text(b, m->message);
		html_lit(b, "</p>");
	}
	if (as_master && m->status == MENTOR_REQUESTED) {
		small_form(b, ctx, "/mentorships/", m->id, "/accept",
		    M_MENTOR_ACCEPT, NULL, M_ERR_TITLE);
		small_form(b, ctx, "/mentorships/", m->id, "/decline",
		    M_MENTOR_DECLINE, NULL, M_ERR_TITLE);
	}
	if (m->status == MENTOR_ACTIVE) {
		if (as_master && !m->recommended)
			small_form(b, ctx, "/mentorships/", m->id,
			    "/recommend", M_MENTOR_RECOMMEND, NULL,
			    M_ERR_TITLE);
		if (as_master) {
			html_lit(b, " <a href=\"/people/");
			html_int(b, m->apprentice);
			html_lit(b, "\">");
			html_text(b, i18n(l, M_PERSON_TITLE));
			html_lit(b, "</a>");
		}
		small_form(b, ctx, "/mentorships/", m->id, "/end",
		    M_MENTOR_END, "reason", M_MENTOR_END_REASON);
	}
	html_lit(b, "</li>");
	return (1);
}

static void
log_form(struct buf *b, struct ctx *ctx)
{
	struct page_ctx	 pc;
	enum lang	 l = ctx->lang;
	char		 today[11];
	int		 i;

	web_page_ctx(ctx, &pc);
	web_today(today);
	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_LOG_ADD));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "enctype=\"multipart/form-data\" action=\"/training/log\">");
	page_csrf_field(b, &pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_LOG_DATE));
	html_lit(b, "<input type=\"date\" name=\"day\" id=\"f-day\" required "
	    "value=\"");
	html_text(b, today);
	html_lit(b, "\" max=\"");
	html_text(b, today);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_LOG_HOURS));
	html_lit(b, "<input name=\"hours\" id=\"f-hours\" inputmode=\"decimal\" "
	    "required placeholder=\"2.5\"></label><label>");
	html_text(b, i18n(l, M_LOG_SKILL));
	html_lit(b, "<select name=\"skill\" id=\"f-skill\">");
	for (i = 0; i < SKILL_COUNT; i++) {
		html_lit(b, "<option value=\"");
		html_text(b, skill_code(i));
		html_lit(b, "\">");
		html_text(b, i18n(l, skill_msg(i)));
		html_lit(b, "</option>");
	}
	html_lit(b, "</select></label><label>");
	html_text(b, i18n(l, M_LOG_NOTES));
	html_lit(b, "<textarea name=\"notes\" id=\"f-notes\" rows=\"3\" "
	    "maxlength=\"1000\"></textarea></label><button type=\"submit\" "
	    "id=\"log-submit\">");
	html_text(b, i18n(l, M_LOG_SUBMIT));
	html_lit(b, "</button></form></section>");
}

/* The confirmed hours by skill, as a panel (also on the person page). */
void
train_totals(struct buf *b, enum lang l, const int minutes[SKILL_COUNT])
{
	int	 i, sum = 0;

	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_LOG_TOTALS));
	html_lit(b, "</h2><dl class=\"facts\" id=\"totals\">");
	for (i = 0; i < SKILL_COUNT; i++) {
		sum += minutes[i];
		if (minutes[i] == 0)
			continue;
		html_lit(b, "<dt>");
		html_text(b, i18n(l, skill_msg(i)));
		html_lit(b, "</dt><dd>");
		hours(b, minutes[i]);
		html_lit(b, "</dd>");
	}
	html_lit(b, "<dt>");
	html_text(b, i18n(l, M_LOG_TOTAL));
	html_lit(b, "</dt><dd id=\"total-hours\">");
	hours(b, sum);
	html_lit(b, "</dd></dl></section>");
}

/*
 * GET /training and GET /api/v1/training. An apprentice sees their
 * master, their history, the log form, their entries and totals; a master
 * sees requests, apprentices and the entries waiting for them.
 */
int
train_page(struct ctx *ctx)
{
	struct train_acc	 ta;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	int			 minutes[SKILL_COUNT], i, sum = 0;
	int			 master = ctx->user.role == ROLE_MASTER;
	const char		*done = web_field(ctx, "done");
	json_t			*j, *ms, *log, *tot;

	memset(&ta, 0, sizeof(ta));
	ta.ctx = ctx;
	if (web_is_json(ctx)) {
		ms = json_array();
		log = json_array();
		ta.arr = ms;
		r = db_mentorships(ctx->user.id, master, mentor_item, &ta);
		ta.arr = log;
		if (r == DB_OK)
			r = master ? db_log_queue(ctx->user.id, log_item, &ta) :
			    db_log_list(ctx->user.id, 200, log_item, &ta);
		tot = json_object();
		if (r == DB_OK && !master &&
		    (r = db_log_totals(ctx->user.id, minutes)) == DB_OK) {
			for (i = 0; i < SKILL_COUNT; i++) {
				sum += minutes[i];
				if (minutes[i] > 0)
					json_object_set_new(tot, skill_code(i),
					    json_real(minutes[i] / 60.0));
			}
		}
		if (r != DB_OK) {
			json_decref(ms);
			json_decref(log);
			json_decref(tot);
			return (web_busy(ctx, r));
		}
		j = json_pack("{s:o, s:o}", "mentorships", ms, master ?
		    "to_confirm" : "log", log);
		if (!master) {
			json_object_set_new(j, "hours_by_skill", tot);
			json_object_set_new(j, "confirmed_hours",
			    json_real(sum / 60.0));
		} else
			json_decref(tot);
		return (web_json(ctx, 200, j));
	}

	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	ta.b = &b;
	page_begin(&b, &pc, i18n(l, M_NAV_TRAINING));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_NAV_TRAINING));
	html_lit(&b, "</h1>");
	if (done != NULL) {
		html_lit(&b, "<p class=\"ok\" role=\"status\" id=\"notice\">");
		html_text(&b, i18n(l, strcmp(done, "requested") == 0 ?
		    M_MENTOR_REQUESTED : strcmp(done, "logged") == 0 ?
		    M_LOG_SAVED : M_DONE_SAVED));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, master ? M_MENTOR_REQUESTS : M_MENTOR_HISTORY));
	html_lit(&b, "</h2><ul class=\"plain\" id=\"mentorships\">");
	r = db_mentorships(ctx->user.id, master, mentor_item, &ta);
	html_lit(&b, "</ul>");
	if (r == DB_OK && ta.n == 0) {
		html_lit(&b, "<p>");
		html_text(&b, i18n(l, master ? M_MENTOR_NONE_REQUESTS :
		    M_PANEL_MASTER_EMPTY));
		html_lit(&b, " <a href=\"/masters\">");
		html_text(&b, i18n(l, M_MASTERS_TITLE));
		html_lit(&b, "</a></p>");
	}
	html_lit(&b, "</section>");
	if (r == DB_OK && !master) {
		log_form(&b, ctx);
		if ((r = db_log_totals(ctx->user.id, minutes)) == DB_OK)
			train_totals(&b, l, minutes);
	}
	ta.n = 0;
	if (r == DB_OK) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, master ? M_LOG_QUEUE : M_LOG_TITLE));
		html_lit(&b, "</h2><ul class=\"plain\" id=\"log\">");
		r = master ? db_log_queue(ctx->user.id, log_item, &ta) :
		    db_log_list(ctx->user.id, 200, log_item, &ta);
		html_lit(&b, "</ul>");
		if (ta.n == 0) {
			html_lit(&b, "<p>");
			html_text(&b, i18n(l, M_LOG_EMPTY));
			html_lit(&b, "</p>");
		}
		html_lit(&b, "</section>");
	}
	if (r != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* POST /training/log and its twin: an apprentice logs training. */
int
train_log_add(struct ctx *ctx)
{
	enum train_verdict	 v;
	enum db_result		 r;
	const char		*day = web_field(ctx, "day");
	const char		*notes = web_field(ctx, "notes");
	char			 today[11], hbuf[16];
	size_t			 chars;
	int			 minutes, skill;
	int64_t			 id;
	double			 x;
	json_t			*h;

	web_today(today);
	if (day == NULL || !date_valid(day) || strcmp(day, today) > 0)
		return (web_fail(ctx, 400, "invalid_day", M_ERR_LOG_DATE));
	/* The API may send hours as a number. */
	if (web_is_json(ctx) && ctx->body != NULL &&
	    json_is_number(h = json_object_get(ctx->body, "hours"))) {
		/* Hundredths at most, as in the form: 2.555 is refused. */
		x = json_number_value(h) * 100.0;
		(void)snprintf(hbuf, sizeof(hbuf), "%.2f",
		    json_number_value(h));
		if (fabs(x - nearbyint(x)) > 1e-6 ||
		    !log_minutes_parse(hbuf, &minutes))
			return (web_fail(ctx, 400, "invalid_hours",
			    M_ERR_LOG_HOURS));
	} else if (!log_minutes_parse(web_field(ctx, "hours"), &minutes))
		return (web_fail(ctx, 400, "invalid_hours", M_ERR_LOG_HOURS));
	if ((skill = skill_parse(web_field(ctx, "skill"))) < 0)
		return (web_fail(ctx, 400, "invalid_skill", M_ERR_LOG_SKILL));
	if (notes != NULL && (!utf8_chars_lines(notes, &chars) ||
	    chars > 1000))
		return (web_fail(ctx, 400, "invalid_notes", M_ERR_LOG_NOTES));
	if ((r = db_log_add(ctx->user.id, day, minutes, skill, notes,
	    (int64_t)time(NULL), &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != TRAIN_OK)
		return (refuse(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 201, json_pack("{s:I, s:s}", "id",
		    (json_int_t)id, "status", "pending")));
	return (web_redirect(ctx, "/training?done=logged"));
}

static int
log_decide(struct ctx *ctx, int confirm)
{
	enum train_verdict	 v;
	enum db_result		 r;
	const char		*comment = web_field(ctx, "comment");
	size_t			 chars;

	if (comment != NULL && (!utf8_chars_lines(comment, &chars) ||
	    chars > 200))
		return (web_fail(ctx, 400, "invalid_comment", M_ERR_REASON));
	r = db_log_decide(web_path_id(ctx), ctx->user.id, confirm, comment,
	    (int64_t)time(NULL), &v);
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_LOG_UNKNOWN));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v == TRAIN_NOT_YOURS)
		return (web_fail(ctx, 403, "not_your_apprentice",
		    M_ERR_LOG_NOT_YOURS));
	if (v == TRAIN_STATE)
		return (web_fail(ctx, 409, "already_decided",
		    M_ERR_LOG_DECIDED));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:s}", "id",
		    (json_int_t)web_path_id(ctx), "status", confirm ?
		    "confirmed" : "rejected")));
	return (web_redirect(ctx, "/training?done=saved"));
}

/* POST /training/log/<id>/confirm (the entry's master). */
int
train_log_confirm(struct ctx *ctx)
{
	return (log_decide(ctx, 1));
}

/* POST /training/log/<id>/reject (the entry's master). */
int
train_log_reject(struct ctx *ctx)
{
	return (log_decide(ctx, 0));
}

/* The training panel of "my page": master and waiting work, linked. */
void
train_panel(struct ctx *ctx, struct buf *b)
{
	struct mentorship	 m;
	enum lang		 l = ctx->lang;

	html_lit(b, "<section class=\"panel\" id=\"my-training\"><h2>");
	html_text(b, i18n(l, ctx->user.role == ROLE_MASTER ?
	    M_PANEL_APPRENTICES : M_PANEL_MASTER));
	html_lit(b, "</h2><p>");
	if (ctx->user.role == ROLE_APPRENTICE) {
		if (db_mentor_active(ctx->user.id, &m) == DB_OK) {
			html_lit(b, "<a href=\"/masters/");
			html_int(b, m.master);
			html_lit(b, "\" id=\"my-master\">");
			html_text(b, m.master_name);
			html_lit(b, "</a>");
		} else
			html_text(b, i18n(l, M_PANEL_MASTER_EMPTY));
	} else
		html_text(b, i18n(l, M_MENTOR_REQUESTS));
	html_lit(b, "</p><p><a class=\"button\" href=\"/training\">");
	html_text(b, i18n(l, M_NAV_TRAINING));
	html_lit(b, "</a> <a href=\"/masters\">");
	html_text(b, i18n(l, M_MASTERS_TITLE));
	html_lit(b, "</a></p></section>");
}
