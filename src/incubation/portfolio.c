/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * portfolio.c: 作品集 — an apprentice's (or a master's) works (title,
 * material, technique, size, description; public or private), up to
 * eight photos each, and the comments of masters and mentors; the
 * public gallery of works.
 *
 * A photo is never kept or served as uploaded: photo.c sniffs it, caps
 * its pixels before decoding, and re-encodes it (no metadata survives)
 * on a Kore task thread; the three JPEGs are written under
 * uploads/photos/ and served from there.
 *
 * A private work is seen by its owner, their master, their cohort
 * mentor and staff; to anyone else it does not exist (404). A work held
 * by a competition (entered in one not yet published) is treated as
 * private whatever its owner set, and cannot be made public until the
 * results are out (409 work_entered): a judge must not find an entry's
 * work, and its owner's name, among the public ones. The entry's own
 * photos are separate files (entrant.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gd.h>

#include "html.h"
#include "pager.h"
#include "photo.h"
#include "portfolio.h"
#include "privacy.h"

#define PHOTO_JOBS	1	/* re-encoded at once, per worker */

static const struct {
	const char	*code;
	enum msg	 msg;
} materials[] = {
	{ "jadeite", M_MAT_JADEITE },	/* 翡翠 */
	{ "hetian", M_MAT_HETIAN },	/* 和田玉 */
	{ "xiuyan", M_MAT_XIUYAN },	/* 岫玉 */
	{ "dushan", M_MAT_DUSHAN },	/* 独山玉 */
	{ "other", M_MAT_OTHER },
};
#define MATERIALS	(sizeof(materials) / sizeof(materials[0]))

static enum msg
material_msg(const char *code)
{
	size_t	 i;

	for (i = 0; i < MATERIALS; i++) {
		if (strcmp(materials[i].code, code) == 0)
			return (materials[i].msg);
	}
	return (M_MAT_OTHER);
}

static int
material_ok(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < MATERIALS; i++) {
		if (strcmp(materials[i].code, code) == 0)
			return (1);
	}
	return (0);
}

/*
 * Whether the reader may see a work of owner's: anyone when shown is set
 * (public and not held by a competition: portfolio_shown()), else as a
 * private one (see the top).
 */
int
portfolio_may_see(struct ctx *ctx, int64_t owner, int shown)
{
	struct mentorship	 m;
	int64_t			 cohort, mentor;

	if (shown)
		return (1);
	if (!ctx->logged_in)
		return (0);
	if (ctx->user.role == ROLE_STAFF || ctx->user.id == owner)
		return (1);
	if (ctx->user.role != ROLE_MASTER)
		return (0);
	if (db_mentor_active(owner, &m) == DB_OK && m.master == ctx->user.id)
		return (1);
	return (db_cohort_of_user(owner, &cohort, &mentor) == DB_OK &&
	    mentor == ctx->user.id);
}

/* Whether a work is shown to the public: its owner's choice, unless a
 * competition holds it (WORK_HELD in the store's statement table). */
static int
portfolio_shown(int public, int held)
{
	return (public && !held);
}

/* The work of the path, if the reader may see it (else answered). */
static int
work_from_path(struct ctx *ctx, struct work *w)
{
	enum db_result	 r;

	if ((r = db_work_get(web_path_id(ctx), w)) == DB_NOTFOUND ||
	    (r == DB_OK && !portfolio_may_see(ctx, w->user,
	    portfolio_shown(w->public, w->held))))
		return (web_fail(ctx, 404, "not_found", M_ERR_WORK), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/* A one-line text field of 0 (or 1) to max characters; NULL is "". */
static int
line_field(struct ctx *ctx, const char *name, size_t min, size_t max,
    const char **out)
{
	const char	*v = web_field(ctx, name);
	size_t		 chars;

	if (web_field_not_text(ctx, name))
		return (0);
	*out = v != NULL ? v : "";
	if (!utf8_chars(*out, &chars))
		return (0);
	return (chars >= min && chars <= max);
}

static int
public_field(struct ctx *ctx, int *out)
{
	const char	*v = web_field(ctx, "public");
	json_t		*j;

	if (ctx->body != NULL && (j = json_object_get(ctx->body,
	    "public")) != NULL) {
		if (!json_is_boolean(j))
			return (0);
		*out = json_is_true(j);
		return (1);
	}
	*out = v != NULL && strcmp(v, "1") == 0;
	return (v == NULL || strcmp(v, "1") == 0 || strcmp(v, "0") == 0);
}

/* The fields of a work as the person wrote them; answered when wrong. */
static int
work_fields(struct ctx *ctx, struct work_edit *e)
{
	size_t	 chars;

	memset(e, 0, sizeof(*e));
	if (!line_field(ctx, "title", 1, 60, &e->title))
		return (web_fail(ctx, 400, "invalid_title", M_ERR_WORK_TITLE),
		    0);
	e->material = web_field(ctx, "material");	/* a code: NULL fails */
	if (!material_ok(e->material))
		return (web_fail(ctx, 400, "invalid_material",
		    M_ERR_WORK_MATERIAL), 0);
	if (!line_field(ctx, "technique", 0, 60, &e->technique) ||
	    !line_field(ctx, "size", 0, 60, &e->size))
		return (web_fail(ctx, 400, "invalid_field", M_ERR_WORK_FIELD),
		    0);
	e->description = web_field(ctx, "description");
	if (web_field_not_text(ctx, "description"))
		return (web_fail(ctx, 400, "invalid_description",
		    M_ERR_WORK_FIELD), 0);
	if (e->description == NULL)
		e->description = "";
	if (!utf8_chars_lines(e->description, &chars) || chars > 1000)
		return (web_fail(ctx, 400, "invalid_description",
		    M_ERR_WORK_FIELD), 0);
	if (!public_field(ctx, &e->public))
		return (web_fail(ctx, 400, "invalid_public", M_ERR_WORK_FIELD),
		    0);
	return (1);
}

json_t *
portfolio_work_json(const struct work *w)
{
	char	 url[64];
	json_t	*o;

	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, "
	    "s:i}", "id", (json_int_t)w->id, "user", (json_int_t)w->user,
	    "owner", w->owner, "title", w->title, "material", w->material,
	    "technique", w->technique, "size", w->size,
	    "description", w->description, "public", w->public,
	    "held", w->held, "photo_count", w->photos);
	(void)snprintf(url, sizeof(url), "/works/%lld", (long long)w->id);
	json_object_set_new(o, "url", json_string(url));
	return (o);
}

static int
photo_json_cb(const struct photo_row *p, void *arg)
{
	json_t	*arr = arg, *o;
	char	 url[64];
	size_t	 i;

	o = json_pack("{s:I, s:i, s:i}", "id", (json_int_t)p->id, "width",
	    p->width, "height", p->height);
	for (i = 0; i < PHOTO_SIZES; i++) {
		(void)snprintf(url, sizeof(url), "/photos/%lld/%s.jpg",
		    (long long)p->id, photo_sizes[i]);
		json_object_set_new(o, photo_sizes[i], json_string(url));
	}
	json_object_set_new(o, "type", json_string("image/jpeg"));
	json_array_append_new(arr, o);
	return (1);
}

/* A work with its photos' URLs (the JSON twins and /api/v1/works). */
static json_t *
work_full_json(const struct work *w)
{
	json_t	*o = portfolio_work_json(w), *photos = json_array();

	if (db_photos_of_work(w->id, photo_json_cb, photos) != DB_OK) {
		json_decref(photos);
		json_decref(o);
		return (NULL);
	}
	json_object_set_new(o, "photos", photos);
	return (o);
}

struct cards {
	struct buf	*b;
	enum lang	 l;
	json_t		*arr;
	int		 n;
	int		 failed;
	int		 show_owner;
	struct pager	 pg;
};

static int
card_cb(const struct work *w, void *arg)
{
	struct cards	*c = arg;
	json_t		*o;

	if (!pager_take(&c->pg, w->id))
		return (0);
	c->n++;
	if (c->arr != NULL) {
		if ((o = work_full_json(w)) == NULL) {
			c->failed = 1;
			return (0);
		}
		json_array_append_new(c->arr, o);
		return (1);
	}
	html_lit(c->b, "<li class=\"work\"><a href=\"/works/");
	html_int(c->b, w->id);
	html_lit(c->b, "\">");
	if (w->cover != 0) {
		html_lit(c->b, "<img alt=\"\" width=\"160\" height=\"160\" "
		    "src=\"/photos/");
		html_int(c->b, w->cover);
		html_lit(c->b, "/thumb.jpg\">");
	}
	html_lit(c->b, "<strong>");
	html_text(c->b, w->title);
	html_lit(c->b, "</strong></a><br><small>");
	html_text(c->b, i18n(c->l, material_msg(w->material)));
	if (c->show_owner) {
		html_lit(c->b, " · ");
		html_text(c->b, w->owner);
	}
	if (w->held) {
		html_lit(c->b, " · ");
		html_text(c->b, i18n(c->l, M_WORK_HELD_SHORT));
	} else if (!w->public) {
		html_lit(c->b, " · ");
		html_text(c->b, i18n(c->l, M_WORK_PRIVATE));
	}
	html_lit(c->b, "</small></li>");
	return (1);
}

/*
 * The works of a master's public page (the directory): the newest
 * PAGER_ROWS public ones.
 */
void
portfolio_cards(struct buf *b, enum lang l, int64_t user)
{
	struct cards	 c;

	memset(&c, 0, sizeof(c));
	c.b = b;
	c.l = l;
	c.pg.before = INT64_MAX;
	html_lit(b, "<ul class=\"works\" id=\"works\">");
	(void)db_works_of_user_page(user, 0, INT64_MAX, PAGER_ROWS, card_cb, &c);
	html_lit(b, "</ul>");
	if (c.n == 0) {
		html_lit(b, "<p class=\"muted\">");
		html_text(b, i18n(l, M_WORKS_NONE));
		html_lit(b, "</p>");
	}
}

static void
text_input(struct buf *b, enum lang l, enum msg label, const char *name,
    int max, const char *value, int required)
{
	html_lit(b, "<label>");
	html_text(b, i18n(l, label));
	html_lit(b, "<input name=\"");
	html_text(b, name);
	html_lit(b, "\" id=\"f-");
	html_text(b, name);
	html_lit(b, "\" maxlength=\"");
	html_int(b, max);
	html_lit(b, "\" value=\"");
	html_text(b, value);
	html_lit(b, "\"");
	if (required)
		html_lit(b, " required");
	html_lit(b, "></label>");
}

/* The form of a new work (w NULL) or of an edit. */
static void
work_form(struct buf *b, struct ctx *ctx, const struct work *w)
{
	struct page_ctx	 pc;
	enum lang	 l = ctx->lang;
	size_t		 i;

	web_page_ctx(ctx, &pc);
	html_lit(b, "<form method=\"post\" class=\"stack\" id=\"work-form\" "
	    "enctype=\"multipart/form-data\" action=\"");
	if (w == NULL)
		html_lit(b, "/portfolio");
	else {
		html_lit(b, "/works/");
		html_int(b, w->id);
	}
	html_lit(b, "\">");
	page_csrf_field(b, &pc);
	text_input(b, l, M_WORK_TITLE, "title", 60, w ? w->title : "", 1);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_WORK_MATERIAL));
	html_lit(b, "<select name=\"material\" id=\"f-material\">");
	for (i = 0; i < MATERIALS; i++) {
		html_lit(b, "<option value=\"");
		html_text(b, materials[i].code);
		html_lit(b, "\"");
		if (w != NULL && strcmp(w->material, materials[i].code) == 0)
			html_lit(b, " selected");
		html_lit(b, ">");
		html_text(b, i18n(l, materials[i].msg));
		html_lit(b, "</option>");
	}
	html_lit(b, "</select></label>");
	text_input(b, l, M_WORK_TECHNIQUE, "technique", 60,
	    w ? w->technique : "", 0);
	text_input(b, l, M_WORK_SIZE, "size", 60, w ? w->size : "", 0);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_WORK_DESCRIPTION));
	html_lit(b, "<textarea name=\"description\" id=\"f-description\" "
	    "rows=\"4\" maxlength=\"1000\">");
	html_text(b, w ? w->description : "");
	html_lit(b, "</textarea></label><label>");
	html_text(b, i18n(l, M_WORK_VISIBILITY));
	html_lit(b, "<select name=\"public\" id=\"f-public\"><option "
	    "value=\"0\"");
	if (w == NULL || !w->public)
		html_lit(b, " selected");
	html_lit(b, ">");
	html_text(b, i18n(l, M_WORK_PRIVATE));
	html_lit(b, "</option><option value=\"1\"");
	if (w != NULL && w->public)
		html_lit(b, " selected");
	html_lit(b, ">");
	html_text(b, i18n(l, M_WORK_PUBLIC));
	html_lit(b, "</option></select></label><button type=\"submit\">");
	html_text(b, i18n(l, M_CERTS_SAVE));
	html_lit(b, "</button></form>");
}

/* A page of the reader's own works (mine), or of the public gallery. */
static enum db_result
works_list(struct ctx *ctx, int mine, struct cards *c)
{
	if (mine)
		return (db_works_of_user_page(ctx->user.id, 1, c->pg.before,
		    c->pg.limit, card_cb, c));
	return (db_works_public(c->pg.before, c->pg.limit, card_cb, c));
}

/*
 * A list of works as JSON or as a page: the gallery (anyone's public
 * works, newest first, with their owners) or the reader's portfolio
 * (private ones too, and the form of a new one), a page at a time
 * (?before=<id>, pager.h; the API's "next" is the next page's before).
 */
static int
works_answer(struct ctx *ctx, int mine)
{
	struct page_ctx	 pc;
	struct cards	 c;
	struct buf	 b;
	enum db_result	 r;
	enum msg	 title = mine ? M_PORTFOLIO_TITLE : M_WORKS_TITLE;

	memset(&c, 0, sizeof(c));
	if (!pager_begin(ctx, &c.pg))
		return (KORE_RESULT_OK);
	c.l = ctx->lang;
	c.show_owner = !mine;
	if (web_is_json(ctx)) {
		c.arr = json_array();
		if ((r = works_list(ctx, mine, &c)) != DB_OK || c.failed) {
			json_decref(c.arr);
			return (web_busy(ctx, r != DB_OK ? r : DB_ERROR));
		}
		return (web_json(ctx, 200, json_pack("{s:o, s:o}", "works",
		    c.arr, "next", pager_next_json(&c.pg))));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	c.b = &b;
	page_begin(&b, &pc, i18n(ctx->lang, title));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(ctx->lang, title));
	html_lit(&b, "</h1><ul class=\"works\" id=\"works\">");
	if ((r = works_list(ctx, mine, &c)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	if (c.n == 0) {
		html_lit(&b, "<p class=\"muted\">");
		html_text(&b, i18n(ctx->lang, M_WORKS_NONE));
		html_lit(&b, "</p>");
	}
	pager_next_link(&b, ctx, &c.pg, mine ? "/portfolio" : "/works");
	if (mine) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(ctx->lang, M_WORK_NEW));
		html_lit(&b, "</h2>");
		work_form(&b, ctx, NULL);
		html_lit(&b, "</section>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* GET /works and /api/v1/works: the public gallery. */
int
portfolio_gallery(struct ctx *ctx)
{
	return (works_answer(ctx, 0));
}

/* GET /portfolio (an apprentice or a master): their works, a new one. */
int
portfolio_page(struct ctx *ctx)
{
	return (works_answer(ctx, 1));
}

static int
work_saved(struct ctx *ctx, int64_t id, int status)
{
	struct work	 w;
	enum db_result	 r;
	json_t		*o;
	char		 to[64];

	if (web_is_json(ctx)) {
		if ((r = db_work_get(id, &w)) != DB_OK)
			return (web_busy(ctx, r));
		if ((o = work_full_json(&w)) == NULL)
			return (web_busy(ctx, DB_ERROR));
		return (web_json(ctx, status, json_pack("{s:o}", "work", o)));
	}
	(void)snprintf(to, sizeof(to), "/works/%lld", (long long)id);
	return (web_redirect(ctx, to));
}

/* POST /portfolio (an apprentice or a master): a new work. */
int
portfolio_create(struct ctx *ctx)
{
	struct work_edit	 e;
	enum incub_verdict	 v;
	enum db_result		 r;
	int64_t			 id;

	if (!work_fields(ctx, &e))
		return (KORE_RESULT_OK);
	if ((r = db_work_create(ctx->user.id, &e, (int64_t)time(NULL),
	    &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	/* A self-registered account must not fill the disk: a quota. */
	if (v == IV_QUOTA_WORKS)
		return (web_fail(ctx, 409, "quota_works", M_ERR_QUOTA_WORKS));
	return (work_saved(ctx, id, 201));
}

/* POST /works/<id> (its owner): change it. */
int
portfolio_update(struct ctx *ctx)
{
	struct work_edit	 e;
	struct work		 w;
	enum incub_verdict	 v;
	enum db_result		 r;

	if (!work_from_path(ctx, &w))
		return (KORE_RESULT_OK);
	if (w.user != ctx->user.id)
		return (web_fail(ctx, 403, "not_yours", M_ERR_WORK_NOT_YOURS));
	if (!work_fields(ctx, &e))
		return (KORE_RESULT_OK);
	if ((r = db_work_update(w.id, &e, (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v == IV_HELD)
		return (web_fail(ctx, 409, "work_entered", M_ERR_WORK_ENTERED));
	return (work_saved(ctx, w.id, 200));
}

struct work_page {
	struct buf		*b;
	enum lang		 l;
	struct page_ctx		*pc;	/* the owner's: delete buttons */
};

static int
photo_html_cb(const struct photo_row *p, void *arg)
{
	struct work_page	*wp = arg;

	/* The link's name says where it goes (axe-core: link-name); the
	 * picture inside it is then decoration. */
	html_lit(wp->b, "<li><a href=\"/photos/");
	html_int(wp->b, p->id);
	html_lit(wp->b, "/full.jpg\" aria-label=\"");
	html_text(wp->b, i18n(wp->l, M_PHOTO_FULL));
	html_lit(wp->b, "\"><img alt=\"\" class=\"photo\" src=\"/photos/");
	html_int(wp->b, p->id);
	html_lit(wp->b, "/phone.jpg\" width=\"");
	html_int(wp->b, p->width < PHOTO_PHONE ? p->width : PHOTO_PHONE);
	html_lit(wp->b, "\"></a>");
	if (wp->pc != NULL) {
		html_lit(wp->b, "<form method=\"post\" class=\"inline-form\" "
		    "action=\"/photos/");
		html_int(wp->b, p->id);
		html_lit(wp->b, "/delete\">");
		page_csrf_field(wp->b, wp->pc);
		html_lit(wp->b, "<button type=\"submit\" class=\"secondary\">");
		html_text(wp->b, i18n(wp->l, M_PHOTO_DELETE));
		html_lit(wp->b, "</button></form>");
	}
	html_lit(wp->b, "</li>");
	return (1);
}

static int
comment_html_cb(const struct comment_row *c, void *arg)
{
	struct work_page	*wp = arg;
	char			 day[11];

	seat_today((time_t)c->created, day);
	html_lit(wp->b, "<li class=\"entry\"><strong>");
	html_text(wp->b, c->name);
	html_lit(wp->b, "</strong> <small>");
	html_text(wp->b, i18n(wp->l, page_role_msg(c->role)));
	html_lit(wp->b, " · ");
	html_text(wp->b, day);
	html_lit(wp->b, "</small><p class=\"notes\">");
	html_text(wp->b, c->body);
	html_lit(wp->b, "</p></li>");
	return (1);
}

static int
comment_json_cb(const struct comment_row *c, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}",
	    "id", (json_int_t)c->id, "author", (json_int_t)c->author,
	    "name", c->name, "role", role_code(c->role), "body", c->body,
	    "at", (json_int_t)c->created));
	return (1);
}

/* Whether the reader may comment: staff, or a master who sees it. */
static int
may_comment(struct ctx *ctx, const struct work *w)
{
	return (ctx->logged_in && (ctx->user.role == ROLE_STAFF ||
	    ctx->user.role == ROLE_MASTER) &&
	    portfolio_may_see(ctx, w->user, portfolio_shown(w->public,
	    w->held)));
}

/* GET /works/<id>: the work, its photos, comments; the owner's forms. */
int
portfolio_show(struct ctx *ctx)
{
	struct page_ctx		 pc;
	struct work_page	 wp;
	struct work		 w;
	struct buf		 b;
	enum lang		 l = ctx->lang;
	json_t			*o;

	if (!work_from_path(ctx, &w))
		return (KORE_RESULT_OK);
	if (web_is_json(ctx)) {
		if ((o = work_full_json(&w)) == NULL)
			return (web_busy(ctx, DB_ERROR));
		json_object_set_new(o, "comments", json_array());
		(void)db_comments_of_work(w.id, comment_json_cb,
		    json_object_get(o, "comments"));
		return (web_json(ctx, 200, json_pack("{s:o}", "work", o)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	wp.b = &b;
	wp.l = l;
	wp.pc = ctx->logged_in && ctx->user.id == w.user ? &pc : NULL;
	page_begin(&b, &pc, w.title);
	html_lit(&b, "<h1 id=\"work-title\">");
	html_text(&b, w.title);
	html_lit(&b, "</h1><p class=\"meta\">");
	html_text(&b, w.owner);
	html_lit(&b, " · ");
	html_text(&b, i18n(l, material_msg(w.material)));
	if (w.technique[0] != '\0') {
		html_lit(&b, " · ");
		html_text(&b, w.technique);
	}
	if (w.size[0] != '\0') {
		html_lit(&b, " · ");
		html_text(&b, w.size);
	}
	html_lit(&b, " · ");
	html_text(&b, i18n(l, w.public ? M_WORK_PUBLIC : M_WORK_PRIVATE));
	html_lit(&b, "</p>");
	if (w.held) {
		/* Only those who see a private work get here: say why. */
		html_lit(&b, "<p class=\"notice\" id=\"work-held\">");
		html_text(&b, i18n(l, M_WORK_HELD));
		html_lit(&b, "</p>");
	}
	if (w.description[0] != '\0') {
		html_lit(&b, "<p class=\"notes\">");
		html_text(&b, w.description);
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<ul class=\"photos\" id=\"photos\">");
	(void)db_photos_of_work(w.id, photo_html_cb, &wp);
	html_lit(&b, "</ul>");

	if (ctx->logged_in && ctx->user.id == w.user) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_PHOTO_ADD));
		html_lit(&b, "</h2>");
		if (w.photos < 8) {
			html_lit(&b, "<form method=\"post\" class=\"stack\" "
			    "id=\"photo-form\" enctype=\"multipart/form-data\" "
			    "action=\"/works/");
			html_int(&b, w.id);
			html_lit(&b, "/photos\">");
			page_csrf_field(&b, &pc);
			html_lit(&b, "<input type=\"file\" name=\"photo\" "
			    "id=\"f-photo\" accept=\"image/jpeg,image/png,"
			    "image/webp\" required aria-label=\"");
			html_text(&b, i18n(l, M_PHOTO_ADD));
			html_lit(&b, "\"><button type=\"submit\">");
			html_text(&b, i18n(l, M_PHOTO_UPLOAD));
			html_lit(&b, "</button></form><p class=\"muted\">");
			html_text(&b, i18n(l, M_PHOTO_RULES));
			html_lit(&b, "</p>");
		} else {
			html_lit(&b, "<p class=\"muted\">");
			html_text(&b, i18n(l, M_ERR_PHOTOS_FULL));
			html_lit(&b, "</p>");
		}
		html_lit(&b, "</section><section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_WORK_EDIT));
		html_lit(&b, "</h2>");
		work_form(&b, ctx, &w);
		html_lit(&b, "</section>");
	}
	html_lit(&b, "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_WORK_COMMENTS));
	html_lit(&b, "</h2><ul class=\"plain\" id=\"comments\">");
	(void)db_comments_of_work(w.id, comment_html_cb, &wp);
	html_lit(&b, "</ul>");
	if (may_comment(ctx, &w)) {
		html_lit(&b, "<form method=\"post\" class=\"stack\" "
		    "enctype=\"multipart/form-data\" action=\"/works/");
		html_int(&b, w.id);
		html_lit(&b, "/comments\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<textarea name=\"body\" id=\"f-comment\" rows=\"3\" "
		    "maxlength=\"500\" required></textarea><button "
		    "type=\"submit\">");
		html_text(&b, i18n(l, M_WORK_COMMENT));
		html_lit(&b, "</button></form>");
	}
	html_lit(&b, "</section>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* POST /works/<id>/comments (a master who sees it, or staff): body. */
int
portfolio_comment(struct ctx *ctx)
{
	struct work	 w;
	enum db_result	 r;
	const char	*body = web_field(ctx, "body");
	size_t		 chars;

	if (!work_from_path(ctx, &w))
		return (KORE_RESULT_OK);
	if (!may_comment(ctx, &w))
		return (web_fail(ctx, 403, "forbidden", M_ERR_FORBIDDEN));
	if (body == NULL || !utf8_chars_lines(body, &chars) || chars == 0 ||
	    chars > 500)
		return (web_fail(ctx, 400, "invalid_comment",
		    M_ERR_WORK_COMMENT));
	if ((r = db_comment_add(w.id, ctx->user.id, body,
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	return (work_saved(ctx, w.id, 201));
}

/* An upload being re-encoded on a task thread. */
struct photo_job {
	int			 counted;	/* in photo_jobs */
	int64_t			 work;		/* the photo's */
	char			*data;
	size_t			 len;
	enum photo_error	 err;
	struct photo_out	 out;
};

/*
 * Photos being re-encoded by this worker. Kore's task threads are few and
 * shared with password checks: one photo at a time per worker keeps a
 * thread free for logins (and caps the memory a decode takes).
 */
static int	photo_jobs;

static void
photo_job_free(void *arg)
{
	struct photo_job	*j = arg;

	if (j->counted)
		photo_jobs--;
	free(j->data);
	photo_out_free(&j->out);
	free(j);
}

static int
photo_job_run_cb(void *arg)
{
	struct photo_job	*j = arg;

	j->err = photo_process(j->data, j->len, &j->out);
	return (j->err == PHOTO_OK);
}

static int
photo_refused(struct ctx *ctx, enum photo_error e)
{
	switch (e) {
	case PHOTO_EMPTY:
		return (web_fail(ctx, 400, "no_photo", M_ERR_PHOTO_MISSING));
	case PHOTO_TOO_BIG:
		return (web_fail(ctx, 413, "too_big", M_ERR_PHOTO_BIG));
	case PHOTO_NOT_IMAGE:
		return (web_fail(ctx, 415, "not_image", M_ERR_PHOTO_TYPE));
	case PHOTO_TOO_MANY_PIXELS:
		return (web_fail(ctx, 422, "too_many_pixels",
		    M_ERR_PHOTO_PIXELS));
	case PHOTO_BROKEN:
		return (web_fail(ctx, 422, "broken", M_ERR_PHOTO_BROKEN));
	default:
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	}
}

/*
 * POST /works/<id>/photos (its owner): a multipart `photo`. Checked
 * here (size, a type by its first bytes, pixels by its header), then
 * re-encoded on a task thread; the three JPEGs are written once the row
 * holds the photo's id.
 */
int
portfolio_photo(struct ctx *ctx)
{
	struct http_file	*file;
	struct photo_job	*j;
	struct work		 w;
	struct quota		 q;
	enum photo_error	 e;
	enum photo_type		 type;
	enum incub_verdict	 v;
	enum db_result		 r;
	ssize_t			 n;
	int64_t			 id;
	int			 pw, ph;

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		j = ctx->work.arg;
		if (j->err != PHOTO_OK)
			return (photo_refused(ctx, j->err));
		/* The owner's quota is checked as the row is added: the
		 * bytes are those the three files will take. */
		if ((r = db_photo_add(ctx->user.id, j->work,
		    j->out.full_w, j->out.full_h, j->out.full_size +
		    j->out.phone_size + j->out.thumb_size, (int64_t)time(NULL),
		    &id, &v)) != DB_OK)
			return (web_busy(ctx, r));
		if (v == IV_QUOTA_PHOTOS)
			return (web_fail(ctx, 409, "quota_photos",
			    M_ERR_QUOTA_PHOTOS));
		if (v == IV_QUOTA_BYTES)
			return (web_fail(ctx, 413, "quota_bytes",
			    M_ERR_QUOTA_BYTES));
		if (v != IV_OK)
			return (web_fail(ctx, 409, "photos_full",
			    M_ERR_PHOTOS_FULL));
		if (!datafile_photo_save(".", id, &j->out)) {
			/* A full disk, say: the photo never was. */
			kore_log(LOG_ERR, "photo %lld: %s", (long long)id,
			    strerror(errno));
			(void)db_photo_delete(id);
			return (web_fail(ctx, 500, "internal",
			    M_ERR_INTERNAL));
		}
		return (work_saved(ctx, j->work, 201));
	}
	if (!work_from_path(ctx, &w))
		return (KORE_RESULT_OK);
	if (w.user != ctx->user.id)
		return (web_fail(ctx, 403, "not_yours", M_ERR_WORK_NOT_YOURS));
	/* PIPL art. 31: a child's photos need their guardian's consent. */
	if (!privacy_may_upload(ctx))
		return (KORE_RESULT_OK);
	if (w.photos >= 8)
		return (web_fail(ctx, 409, "photos_full", M_ERR_PHOTOS_FULL));
	/* At the quota already: refused before a decode costs a task
	 * (db_photo_add checks again, in the transaction). */
	if ((r = db_quota_get(ctx->user.id, &q)) != DB_OK)
		return (web_busy(ctx, r));
	if (q.photos >= q.max_photos)
		return (web_fail(ctx, 409, "quota_photos", M_ERR_QUOTA_PHOTOS));
	if (q.bytes >= q.max_bytes)
		return (web_fail(ctx, 413, "quota_bytes", M_ERR_QUOTA_BYTES));
	if ((file = http_file_lookup(ctx->req, "photo")) == NULL)
		return (photo_refused(ctx, PHOTO_EMPTY));
	if (file->length > PHOTO_MAX_BYTES)
		return (photo_refused(ctx, PHOTO_TOO_BIG));
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->data = malloc(file->length + 1)) == NULL)
		abort();
	while (j->len < file->length && (n = http_file_read(file,
	    j->data + j->len, file->length - j->len)) > 0)
		j->len += (size_t)n;
	if (j->len != file->length) {	/* never half a photo */
		photo_job_free(j);
		return (photo_refused(ctx, PHOTO_BROKEN));
	}
	/* The cheap checks on the event loop: a refusal costs no task. */
	if ((e = photo_probe(j->data, j->len, &type, &pw, &ph)) != PHOTO_OK) {
		photo_job_free(j);
		return (photo_refused(ctx, e));
	}
	if (photo_jobs >= PHOTO_JOBS) {
		photo_job_free(j);
		http_response_header(ctx->req, "retry-after", "2");
		return (web_fail(ctx, 503, "busy", M_ERR_BUSY));
	}
	photo_jobs++;
	j->counted = 1;
	j->work = w.id;
	web_work_start(ctx, photo_job_run_cb, j, photo_job_free);
	return (KORE_RESULT_RETRY);
}

/*
 * POST /photos/<id>/delete (the work's owner): the photo and its three
 * files go (a face or a document photographed by mistake must be able
 * to go for good, not just be hidden).
 */
int
portfolio_photo_delete(struct ctx *ctx)
{
	struct photo_row	 p;
	enum db_result		 r;

	if ((r = db_photo_get(web_path_id(ctx), &p)) == DB_NOTFOUND ||
	    (r == DB_OK && !portfolio_may_see(ctx, p.owner,
	    portfolio_shown(p.public, p.held))))
		return (web_fail(ctx, 404, "not_found", M_ERR_WORK));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (p.owner != ctx->user.id)
		return (web_fail(ctx, 403, "not_yours", M_ERR_WORK_NOT_YOURS));
	/* The only constraint on a photo row: comp_entry_photos' foreign
	 * key — a competition entry was judged on it, and it stays. */
	if ((r = db_photo_delete(p.id)) == DB_CONFLICT)
		return (web_fail(ctx, 409, "photo_entered",
		    M_ERR_PHOTO_ENTERED));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	datafile_photo_remove(".", p.id);
	return (work_saved(ctx, p.work, 200));
}

/*
 * GET /photos/<id>/<size>.jpg: a re-encoded photo, to whoever may see
 * its work.
 */
int
portfolio_photo_file(struct ctx *ctx)
{
	struct photo_row	 p;
	enum db_result		 r;
	const char		*size;
	char			 path[128];
	size_t			 i;

	if ((r = db_photo_get(web_path_id(ctx), &p)) == DB_NOTFOUND ||
	    (r == DB_OK && !portfolio_may_see(ctx, p.owner,
	    portfolio_shown(p.public, p.held))))
		return (web_fail(ctx, 404, "not_found", M_ERR_WORK));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	size = strrchr(ctx->req->path, '/') + 1;
	for (i = 0; i < PHOTO_SIZES; i++) {
		if (strncmp(size, photo_sizes[i], strlen(photo_sizes[i])) ==
		    0 && strcmp(size + strlen(photo_sizes[i]), ".jpg") == 0)
			break;
	}
	if (i == PHOTO_SIZES)
		return (web_fail(ctx, 404, "not_found", M_ERR_WORK));
	datafile_photo(".", p.id, (int)i, path, sizeof(path));
	if (!web_send_file(ctx, path, NULL))
		return (web_fail(ctx, 404, "not_found", M_ERR_WORK));
	return (KORE_RESULT_OK);
}
