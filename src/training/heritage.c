/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * heritage.c: 非遗 the heritage record of a master's craft — the public
 * page (phone first) and its JSON twin, the master's (or staff's) draft
 * page with its words and photos, staff's approval or refusal, and the
 * staff's queue of drafts. The store (db_heritage.c) keeps the published
 * version public while a draft waits; this file decides who may write:
 * the master themself or staff, nobody else (403).
 *
 * The words come in zh and en. A reader in English whose record has no
 * English text reads the Chinese one, marked lang="zh-CN" so a screen
 * reader speaks it as Chinese.
 */
#include <string.h>
#include <time.h>

#include "html.h"
#include "web.h"
#include "train.h"

#define QUEUE_MAX	100

/* The record's master from the path (a master, else 404); 0 answered. */
static int
heritage_master(struct ctx *ctx, struct master_row *m)
{
	return (master_from_path(ctx, m));
}

/* Whether the reader may write master's record; else 403 and 0. */
static int
heritage_may_write(struct ctx *ctx, const struct master_row *m)
{
	if (ctx->user.role == ROLE_STAFF || ctx->user.id == m->id)
		return (1);
	return (web_fail(ctx, 403, "forbidden", M_ERR_FORBIDDEN), 0);
}

/*
 * Write one of a pair of texts: the reader's language, or the other one
 * marked with its language when the reader's is empty. Paragraphs at
 * blank lines are kept as line breaks by the stylesheet (pre-line).
 */
static void
pair_text(struct buf *b, enum lang l, const char *id, const char *zh,
    const char *en)
{
	const char	*t = l == LANG_EN && en[0] != '\0' ? en : zh;

	html_lit(b, "<div class=\"prose\" id=\"");
	html_text(b, id);
	html_lit(b, "\"");
	if (l == LANG_EN && t == zh)
		html_lit(b, " lang=\"zh-CN\"");
	else if (l == LANG_ZH && t == en)
		html_lit(b, " lang=\"en\"");
	html_lit(b, ">");
	html_text(b, t);
	html_lit(b, "</div>");
}

struct photo_acc {
	struct buf	*b;
	enum lang	 l;
	json_t		*arr;
	int		 all;	/* the draft page: hidden ones too */
	int		 n;
	int64_t		 master;
	const struct page_ctx *pc;
};

/* db_heritage_photos() callback: a figure, or a JSON item. */
static int
photo_item(const struct heritage_photo *p, void *arg)
{
	struct photo_acc	*pa = arg;
	struct buf		*b = pa->b;
	const char		*cap;

	if (!p->visible && !pa->all)
		return (1);
	pa->n++;
	if (pa->arr != NULL) {
		json_array_append_new(pa->arr, json_pack("{s:i, s:I, s:s, "
		    "s:s, s:s}", "pos", p->pos, "photo", (json_int_t)p->photo,
		    "caption_zh", p->caption_zh, "caption_en", p->caption_en,
		    "made", p->made));
		return (1);
	}
	cap = pa->l == LANG_EN && p->caption_en[0] != '\0' ? p->caption_en :
	    p->caption_zh;
	html_lit(b, "<figure class=\"heritage-photo\"><img src=\"/photos/");
	html_int(b, p->photo);
	html_lit(b, "/phone.jpg\" loading=\"lazy\" alt=\"");
	html_text(b, cap);
	html_lit(b, "\"><figcaption");
	if (pa->l == LANG_EN && cap == p->caption_zh)
		html_lit(b, " lang=\"zh-CN\"");
	html_lit(b, ">");
	html_text(b, cap);
	html_lit(b, " <time>");
	html_text(b, p->made);
	html_lit(b, "</time>");
	if (!p->visible) {
		html_lit(b, " <em>");
		html_text(b, i18n(pa->l, M_HER_PHOTO_HIDDEN));
		html_lit(b, "</em>");
	}
	html_lit(b, "</figcaption>");
	if (pa->all && pa->pc != NULL) {
		html_lit(b, "<form method=\"post\" class=\"inline-form\" "
		    "action=\"/masters/");
		html_int(b, pa->master);
		html_lit(b, "/heritage/photos/remove\">");
		page_csrf_field(b, pa->pc);
		html_lit(b, "<input type=\"hidden\" name=\"pos\" value=\"");
		html_int(b, p->pos);
		html_lit(b, "\"><button type=\"submit\" class=\"secondary\">");
		html_text(b, i18n(pa->l, M_HER_PHOTO_REMOVE));
		html_lit(b, "</button></form>");
	}
	html_lit(b, "</figure>");
	return (1);
}

static json_t *
record_json(const struct heritage *h)
{
	json_t	*photos = json_array();
	struct photo_acc pa;

	memset(&pa, 0, sizeof(pa));
	pa.arr = photos;
	(void)db_heritage_photos(h->id, photo_item, &pa);
	return (json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}",
	    "techniques_zh", h->techniques_zh, "techniques_en",
	    h->techniques_en, "story_zh", h->story_zh, "story_en", h->story_en,
	    "updated", (json_int_t)h->created, "photos", photos));
}

/*
 * GET /masters/<id>/heritage and GET /api/v1/masters/<id>/heritage: the
 * published record; a page saying there is none yet (404) otherwise.
 * Drafts are never shown here, whoever reads.
 */
int
heritage_show(struct ctx *ctx)
{
	struct master_row	 m;
	struct heritage		 h;
	struct page_ctx		 pc;
	struct photo_acc	 pa;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	int			 found;

	if (!heritage_master(ctx, &m))
		return (KORE_RESULT_OK);
	r = db_heritage_get(m.id, HERITAGE_PUBLISHED, &h);
	if (r != DB_OK && r != DB_NOTFOUND)
		return (web_busy(ctx, r));
	found = r == DB_OK;
	if (web_is_json(ctx)) {
		if (!found)
			return (web_fail(ctx, 404, "not_published",
			    M_HER_NONE));
		return (web_json(ctx, 200, json_pack("{s:I, s:s, s:o}",
		    "master", (json_int_t)m.id, "name", m.name, "heritage",
		    record_json(&h))));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	page_begin(&b, &pc, i18n(l, M_HER_TITLE));
	html_lit(&b, "<p class=\"crumbs\"><a href=\"/masters/");
	html_int(&b, m.id);
	html_lit(&b, "\">");
	html_text(&b, m.name);
	html_lit(&b, "</a></p><h1>");
	html_text(&b, i18n(l, M_HER_TITLE));
	html_lit(&b, " · <span id=\"heritage-master\">");
	html_text(&b, m.name);
	html_lit(&b, "</span></h1>");
	if (ctx->logged_in && (ctx->user.role == ROLE_STAFF ||
	    ctx->user.id == m.id)) {
		html_lit(&b, "<p><a class=\"button\" id=\"heritage-edit\" "
		    "href=\"/masters/");
		html_int(&b, m.id);
		html_lit(&b, "/heritage/edit\">");
		html_text(&b, i18n(l, M_HER_EDIT_TITLE));
		html_lit(&b, "</a></p>");
	}
	if (!found) {
		html_lit(&b, "<p id=\"heritage-none\">");
		html_text(&b, i18n(l, M_HER_NONE));
		html_lit(&b, "</p>");
		page_end(&b, &pc);
		return (web_html(ctx, 404, &b));
	}
	html_lit(&b, "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_HER_TECHNIQUES));
	html_lit(&b, "</h2>");
	pair_text(&b, l, "heritage-techniques", h.techniques_zh,
	    h.techniques_en);
	html_lit(&b, "</section><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_HER_STORY));
	html_lit(&b, "</h2>");
	pair_text(&b, l, "heritage-story", h.story_zh, h.story_en);
	html_lit(&b, "</section><section class=\"panel\" "
	    "id=\"heritage-photos\"><h2>");
	html_text(&b, i18n(l, M_HER_WORKS));
	html_lit(&b, "</h2>");
	memset(&pa, 0, sizeof(pa));
	pa.b = &b;
	pa.l = l;
	if ((r = db_heritage_photos(h.id, photo_item, &pa)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</section>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* One labelled textarea of the draft form, with its error if any. */
static void
text_field(struct buf *b, const struct page_ctx *pc, enum msg label,
    const char *name, const char *value, const char *lang)
{
	html_lit(b, "<label>");
	html_text(b, i18n(pc->lang, label));
	html_lit(b, "<textarea name=\"");
	html_text(b, name);
	html_lit(b, "\"");
	page_field_attrs(b, pc, name);
	html_lit(b, " rows=\"6\" maxlength=\"2000\" lang=\"");
	html_text(b, lang);
	html_lit(b, "\">");
	html_text(b, value);
	html_lit(b, "</textarea></label>");
	page_field_error(b, pc, name);
}

struct pick_acc {
	struct buf	*b;
	enum lang	 l;
	int64_t		 works[64];
	size_t		 nworks;
	int		 n;
};

static int
pick_work(const struct work *w, void *arg)
{
	struct pick_acc	*pk = arg;

	if (w->public && w->photos > 0 &&
	    pk->nworks < sizeof(pk->works) / sizeof(pk->works[0]))
		pk->works[pk->nworks++] = w->id;
	return (1);
}

static int
pick_photo(const struct photo_row *p, void *arg)
{
	struct pick_acc	*pk = arg;

	html_lit(pk->b, "<option value=\"");
	html_int(pk->b, p->id);
	html_lit(pk->b, "\">#");
	html_int(pk->b, p->id);
	html_lit(pk->b, "</option>");
	pk->n++;
	return (1);
}

/*
 * The draft page: the published version's state, the draft's words and
 * photos with their forms, and for staff the decision. err (with status
 * not 200) is a refused form's message.
 */
static int
edit_page(struct ctx *ctx, int status, enum msg err)
{
	struct master_row	 m;
	struct heritage		 h, pub, refused;
	struct page_ctx		 pc;
	struct photo_acc	 pa;
	struct pick_acc		 pk;
	struct buf		 b;
	enum db_result		 r, rd, rp, rr;
	enum lang		 l = ctx->lang;
	const struct heritage	*shown;
	size_t			 i;

	if (!heritage_master(ctx, &m) || !heritage_may_write(ctx, &m))
		return (KORE_RESULT_OK);
	rd = db_heritage_get(m.id, HERITAGE_DRAFT, &h);
	rp = db_heritage_get(m.id, HERITAGE_PUBLISHED, &pub);
	rr = db_heritage_get(m.id, HERITAGE_REFUSED, &refused);
	if ((rd != DB_OK && rd != DB_NOTFOUND) || (rp != DB_OK &&
	    rp != DB_NOTFOUND) || (rr != DB_OK && rr != DB_NOTFOUND))
		return (web_busy(ctx, DB_ERROR));
	/* What the form starts from: the draft, else what a new draft
	 * would be made of (db_heritage.c: the newest of the two). */
	shown = rd == DB_OK ? &h : rr == DB_OK && (rp != DB_OK ||
	    refused.id > pub.id) ? &refused : rp == DB_OK ? &pub : NULL;
	web_page_ctx(ctx, &pc);
	buf_init(&b, 32768);
	page_begin(&b, &pc, i18n(l, M_HER_EDIT_TITLE));
	html_lit(&b, "<p class=\"crumbs\"><a href=\"/masters/");
	html_int(&b, m.id);
	html_lit(&b, "\">");
	html_text(&b, m.name);
	html_lit(&b, "</a></p><h1>");
	html_text(&b, i18n(l, M_HER_EDIT_TITLE));
	html_lit(&b, "</h1>");
	if (status != 200)
		page_error(&b, &pc, i18n(l, err));
	html_lit(&b, "<p id=\"heritage-state\" data-state=\"");
	if (rd == DB_OK) {
		html_lit(&b, "draft\">");
		html_text(&b, i18n(l, M_HER_STATE_DRAFT));
	} else if (shown == &refused) {
		html_lit(&b, "refused\">");
		html_text(&b, i18n(l, M_HER_STATE_REFUSED));
		html_lit(&b, " <strong id=\"heritage-reason\">");
		html_text(&b, refused.reason);
		html_lit(&b, "</strong>");
	} else if (rp == DB_OK) {
		html_lit(&b, "published\">");
		html_text(&b, i18n(l, M_HER_STATE_PUBLISHED));
	} else {
		html_lit(&b, "none\">");
		html_text(&b, i18n(l, M_HER_STATE_NONE));
	}
	html_lit(&b, "</p>");
	if (rp == DB_OK) {
		html_lit(&b, "<p><a href=\"/masters/");
		html_int(&b, m.id);
		html_lit(&b, "/heritage\">");
		html_text(&b, i18n(l, M_HER_PUBLISHED_VIEW));
		html_lit(&b, "</a></p>");
	}
	/* Staff decide on a waiting draft. */
	if (rd == DB_OK && ctx->user.role == ROLE_STAFF) {
		html_lit(&b, "<section class=\"panel\" id=\"heritage-decide\">"
		    "<h2>");
		html_text(&b, i18n(l, M_HER_DECIDE));
		html_lit(&b, "</h2><form method=\"post\" class=\"inline-form\" "
		    "action=\"/masters/");
		html_int(&b, m.id);
		html_lit(&b, "/heritage/approve\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<button type=\"submit\" "
		    "id=\"heritage-approve\">");
		html_text(&b, i18n(l, M_HER_APPROVE));
		html_lit(&b, "</button></form><form method=\"post\" "
		    "class=\"stack\" enctype=\"multipart/form-data\" "
		    "action=\"/masters/");
		html_int(&b, m.id);
		html_lit(&b, "/heritage/refuse\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label>");
		html_text(&b, i18n(l, M_HER_REASON));
		html_lit(&b, "<textarea name=\"reason\"");
		page_field_attrs(&b, &pc, "reason");
		html_lit(&b, " rows=\"3\" maxlength=\"500\"></textarea>"
		    "</label>");
		page_field_error(&b, &pc, "reason");
		html_lit(&b, "<button type=\"submit\" class=\"secondary\" "
		    "id=\"heritage-refuse\">");
		html_text(&b, i18n(l, M_HER_REFUSE));
		html_lit(&b, "</button></form></section>");
	}
	/* The words. Multipart: the texts hold line breaks. */
	html_lit(&b, "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_HER_WORDS));
	html_lit(&b, "</h2><form method=\"post\" class=\"stack\" "
	    "enctype=\"multipart/form-data\" action=\"/masters/");
	html_int(&b, m.id);
	html_lit(&b, "/heritage\">");
	page_csrf_field(&b, &pc);
#define KEPT(f)	(status != 200 && web_field(ctx, #f) != NULL ? \
	web_field(ctx, #f) : shown != NULL ? shown->f : "")
	text_field(&b, &pc, M_HER_TECHNIQUES_ZH, "techniques_zh",
	    KEPT(techniques_zh), "zh-CN");
	text_field(&b, &pc, M_HER_TECHNIQUES_EN, "techniques_en",
	    KEPT(techniques_en), "en");
	text_field(&b, &pc, M_HER_STORY_ZH, "story_zh", KEPT(story_zh),
	    "zh-CN");
	text_field(&b, &pc, M_HER_STORY_EN, "story_en", KEPT(story_en), "en");
#undef KEPT
	html_lit(&b, "<button type=\"submit\" id=\"heritage-save\">");
	html_text(&b, i18n(l, M_HER_SAVE));
	html_lit(&b, "</button></form></section>");
	/* The photos: the shown version's, then the form to add one. */
	html_lit(&b, "<section class=\"panel\" id=\"heritage-photos\"><h2>");
	html_text(&b, i18n(l, M_HER_WORKS));
	html_lit(&b, "</h2>");
	if (shown != NULL) {
		memset(&pa, 0, sizeof(pa));
		pa.b = &b;
		pa.l = l;
		pa.all = 1;
		pa.master = m.id;
		pa.pc = &pc;
		if ((r = db_heritage_photos(shown->id, photo_item, &pa)) !=
		    DB_OK) {
			buf_free(&b);
			return (web_busy(ctx, r));
		}
	}
	memset(&pk, 0, sizeof(pk));
	pk.b = &b;
	pk.l = l;
	if ((r = db_works_of_user(m.id, 1, pick_work, &pk)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "<h3>");
	html_text(&b, i18n(l, M_HER_PHOTO_ADD));
	html_lit(&b, "</h3><form method=\"post\" class=\"stack\" "
	    "action=\"/masters/");
	html_int(&b, m.id);
	html_lit(&b, "/heritage/photos\">");
	page_csrf_field(&b, &pc);
	html_lit(&b, "<label>");
	html_text(&b, i18n(l, M_HER_PHOTO));
	html_lit(&b, "<select name=\"photo\"");
	page_field_attrs(&b, &pc, "photo");
	html_lit(&b, ">");
	for (i = 0; i < pk.nworks; i++)
		if ((r = db_photos_of_work(pk.works[i], pick_photo, &pk)) !=
		    DB_OK) {
			buf_free(&b);
			return (web_busy(ctx, r));
		}
	html_lit(&b, "</select></label>");
	page_field_error(&b, &pc, "photo");
	if (pk.n == 0) {
		html_lit(&b, "<p class=\"muted\">");
		html_text(&b, i18n(l, M_HER_NO_PHOTOS));
		html_lit(&b, "</p>");
	}
#define INPUT(label, name, extra) do { \
	html_lit(&b, "<label>"); \
	html_text(&b, i18n(l, label)); \
	html_lit(&b, "<input name=\"" name "\""); \
	page_field_attrs(&b, &pc, name); \
	html_lit(&b, " " extra " value=\""); \
	html_text(&b, status != 200 ? web_field(ctx, name) : NULL); \
	html_lit(&b, "\"></label>"); \
	page_field_error(&b, &pc, name); \
} while (0)
	INPUT(M_HER_CAPTION_ZH, "caption_zh",
	    "maxlength=\"120\" lang=\"zh-CN\"");
	INPUT(M_HER_CAPTION_EN, "caption_en", "maxlength=\"120\" lang=\"en\"");
	INPUT(M_HER_MADE, "made", "maxlength=\"10\" inputmode=\"numeric\"");
#undef INPUT
	html_lit(&b, "<button type=\"submit\" id=\"heritage-photo-add\">");
	html_text(&b, i18n(l, M_HER_PHOTO_ADD));
	html_lit(&b, "</button></form></section>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /masters/<id>/heritage/edit: the draft page (the master, staff). */
int
heritage_edit(struct ctx *ctx)
{
	return (edit_page(ctx, 200, M_ERR_TITLE));
}

/* Refuse field `name` of a form with m: JSON error or the page again. */
static int
refuse(struct ctx *ctx, int status, const char *name, const char *code,
    enum msg m)
{
	if (web_is_json(ctx))
		return (web_fail(ctx, status, code, m));
	web_bad_field(ctx, name, m);
	return (edit_page(ctx, status, m));
}

/* The text of field name when it is clean UTF-8 (lines allowed) of at
 * most max characters ("" when absent); NULL when not. */
static const char *
text_arg(struct ctx *ctx, const char *name, size_t max, int lines)
{
	const char	*v = web_field(ctx, name);
	size_t		 n;

	if (web_field_not_text(ctx, name))
		return (NULL);
	if (v == NULL)
		return ("");
	if (!(lines ? utf8_chars_lines(v, &n) : utf8_chars(v, &n)) ||
	    n > max)
		return (NULL);
	return (v);
}

/* Back to the draft page after a change, or the JSON answer. */
static int
done(struct ctx *ctx, const struct master_row *m, const char *state)
{
	char	 to[64];

	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:s}", "master",
		    (json_int_t)m->id, "state", state)));
	(void)snprintf(to, sizeof(to), "/masters/%lld/heritage/edit",
	    (long long)m->id);
	return (web_redirect(ctx, to));
}

/*
 * POST /masters/<id>/heritage and its API twin: the four texts into the
 * master's draft (by the master or staff). The Chinese techniques or
 * story must say something.
 */
int
heritage_save(struct ctx *ctx)
{
	static const char *const names[4] = { "techniques_zh",
	    "techniques_en", "story_zh", "story_en" };
	struct master_row	 m;
	struct heritage_text	 t;
	const char		*v[4];
	enum db_result		 r;
	int			 i;

	if (!heritage_master(ctx, &m) || !heritage_may_write(ctx, &m))
		return (KORE_RESULT_OK);
	for (i = 0; i < 4; i++)
		if ((v[i] = text_arg(ctx, names[i], HERITAGE_TEXT_MAX, 1)) ==
		    NULL)
			return (refuse(ctx, 400, names[i], "invalid_text",
			    M_ERR_HER_TEXT));
	if (v[0][0] == '\0' && v[2][0] == '\0')
		return (refuse(ctx, 400, "techniques_zh", "empty",
		    M_ERR_HER_EMPTY));
	t.techniques_zh = v[0];
	t.techniques_en = v[1];
	t.story_zh = v[2];
	t.story_en = v[3];
	if ((r = db_heritage_save(m.id, ctx->user.id, &t,
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	return (done(ctx, &m, "draft"));
}

/* YYYY, YYYY-MM or YYYY-MM-DD, a year from 1000 to 2999. */
static int
made_valid(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n != 4 && n != 7 && n != 10)
		return (0);
	for (i = 0; i < n; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return (0);
		} else if (s[i] < '0' || s[i] > '9')
			return (0);
	}
	if (s[0] != '1' && s[0] != '2')
		return (0);
	if (n >= 7 && (strncmp(s + 5, "01", 2) < 0 ||
	    strncmp(s + 5, "12", 2) > 0))
		return (0);
	return (n < 10 || (strncmp(s + 8, "01", 2) >= 0 &&
	    strncmp(s + 8, "31", 2) <= 0));
}

/* POST /masters/<id>/heritage/photos: a photo of the master's own works
 * with its captions and date into the draft. */
int
heritage_photo_add(struct ctx *ctx)
{
	struct master_row	 m;
	enum heritage_verdict	 v;
	enum db_result		 r;
	const char		*zh, *en, *made;
	long long		 photo;

	if (!heritage_master(ctx, &m) || !heritage_may_write(ctx, &m))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "photo", 1, INT64_MAX, &photo)) {
		web_bad_field(ctx, "photo", M_ERR_HER_PHOTO);
		return (refuse(ctx, 400, "photo", "invalid_photo",
		    M_ERR_HER_PHOTO));
	}
	if ((zh = text_arg(ctx, "caption_zh", HERITAGE_CAPTION_MAX, 0)) ==
	    NULL || zh[0] == '\0')
		return (refuse(ctx, 400, "caption_zh", "invalid_caption",
		    M_ERR_HER_CAPTION));
	if ((en = text_arg(ctx, "caption_en", HERITAGE_CAPTION_MAX, 0)) ==
	    NULL)
		return (refuse(ctx, 400, "caption_en", "invalid_caption",
		    M_ERR_HER_CAPTION));
	if ((made = web_field(ctx, "made")) == NULL || !made_valid(made))
		return (refuse(ctx, 400, "made", "invalid_made",
		    M_ERR_HER_MADE));
	if ((r = db_heritage_photo_add(m.id, ctx->user.id, photo, zh, en,
	    made, (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v == HV_NOT_YOURS)
		return (refuse(ctx, 400, "photo", "not_yours",
		    M_ERR_HER_PHOTO));
	if (v == HV_PHOTOS_FULL)
		return (refuse(ctx, 409, "photo", "photos_full",
		    M_ERR_HER_FULL));
	return (done(ctx, &m, "draft"));
}

/* POST /masters/<id>/heritage/photos/remove: pos out of the draft. */
int
heritage_photo_remove(struct ctx *ctx)
{
	struct master_row	 m;
	enum heritage_verdict	 v;
	enum db_result		 r;
	long long		 pos;

	if (!heritage_master(ctx, &m) || !heritage_may_write(ctx, &m))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "pos", 1, HERITAGE_PHOTOS_MAX, &pos))
		return (web_fail(ctx, 400, "invalid_pos", M_ERR_HER_POS));
	if ((r = db_heritage_photo_drop(m.id, ctx->user.id, (int)pos,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v == HV_NO_PHOTO)
		return (web_fail(ctx, 404, "not_found", M_ERR_HER_POS));
	return (done(ctx, &m, "draft"));
}

/* POST /masters/<id>/heritage/approve (staff): publish the draft. */
int
heritage_approve(struct ctx *ctx)
{
	struct master_row	 m;
	enum heritage_verdict	 v;
	enum db_result		 r;

	if (!heritage_master(ctx, &m))
		return (KORE_RESULT_OK);
	if ((r = db_heritage_decide(m.id, ctx->user.id, 1, NULL,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v == HV_NO_DRAFT)
		return (web_fail(ctx, 409, "no_draft", M_ERR_HER_NO_DRAFT));
	return (done(ctx, &m, "published"));
}

/* POST /masters/<id>/heritage/refuse (staff): send it back, a reason. */
int
heritage_refuse(struct ctx *ctx)
{
	struct master_row	 m;
	enum heritage_verdict	 v;
	enum db_result		 r;
	const char		*reason;

	if (!heritage_master(ctx, &m))
		return (KORE_RESULT_OK);
	if ((reason = text_arg(ctx, "reason", HERITAGE_REASON_MAX, 1)) ==
	    NULL || reason[0] == '\0')
		return (refuse(ctx, 400, "reason", "invalid_reason",
		    M_ERR_HER_REASON));
	if ((r = db_heritage_decide(m.id, ctx->user.id, 0, reason,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v == HV_NO_DRAFT)
		return (web_fail(ctx, 409, "no_draft", M_ERR_HER_NO_DRAFT));
	return (done(ctx, &m, "refused"));
}

struct queue_acc {
	struct buf	*b;
	int		 n;
};

static int
queue_row(int64_t master, const char *name, int64_t when, void *arg)
{
	struct queue_acc	*qa = arg;

	(void)when;
	qa->n++;
	html_lit(qa->b, "<li><a href=\"/masters/");
	html_int(qa->b, master);
	html_lit(qa->b, "/heritage/edit\">");
	html_text(qa->b, name);
	html_lit(qa->b, "</a></li>");
	return (1);
}

/* GET /staff/heritage: the drafts waiting for a decision, oldest first. */
int
heritage_queue(struct ctx *ctx)
{
	struct queue_acc	 qa;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;

	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, i18n(ctx->lang, M_HER_QUEUE_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(ctx->lang, M_HER_QUEUE_TITLE));
	html_lit(&b, "</h1><ul id=\"heritage-queue\">");
	qa.b = &b;
	qa.n = 0;
	if ((r = db_heritage_queue(QUEUE_MAX, queue_row, &qa)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	if (qa.n == 0) {
		html_lit(&b, "<p>");
		html_text(&b, i18n(ctx->lang, M_HER_QUEUE_EMPTY));
		html_lit(&b, "</p>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}
