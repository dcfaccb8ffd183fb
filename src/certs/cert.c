/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * cert.c: certificates on the web (see cert.h). Staff issue one from the
 * event that earned it — never from nothing — or a whole run's graduates
 * at once; revoke with a reason; re-issue with a corrected name, which
 * supersedes the old one. Each is drawn on a task thread once, at issue.
 * A certificate's page and files are for its holder and staff only; to
 * anyone else it does not exist (404). The public face is /v/<code>.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "batch.h"
#include "cert.h"
#include "html.h"
#include "issuer.h"
#include "pager.h"
#include "signer.h"
#include "vc.h"

#define PENDING_SHOWN	100

static const enum msg kind_msgs[KIND__COUNT] = {
	M_KIND_COURSE, M_KIND_LEVEL, M_KIND_AWARD, M_KIND_TITLE, M_KIND_GUIDE,
};
static const enum msg status_msgs[] = {
	[CERT_VALID] = M_STATUS_VALID,
	[CERT_REVOKED] = M_STATUS_REVOKED,
	[CERT_SUPERSEDED] = M_STATUS_SUPERSEDED,
	[CERT_EXPIRED] = M_STATUS_EXPIRED,
	[CERT_SUSPENDED] = M_STATUS_SUSPENDED,
};
static const enum msg lang_msgs[CLANG__COUNT] = {
	M_CLANG_ZH, M_CLANG_EN, M_CLANG_BOTH,
};

enum msg
cert_kind_msg(enum cert_kind k)
{
	return ((unsigned)k < KIND__COUNT ? kind_msgs[k] : M_KIND_COURSE);
}

enum msg
cert_status_msg(enum cert_status s)
{
	return ((unsigned)s <= CERT_SUSPENDED ? status_msgs[s] : M_ERR_TITLE);
}

/* What was earned, in the reader's language. */
const char *
cert_title(const struct cert *c, enum lang l)
{
	return (l == LANG_EN ? c->title_en : c->title_zh);
}

void
cert_verify_url(const struct cert *c, char *out, size_t outsz)
{
	(void)snprintf(out, outsz, "%s/v/%s", issuer_origin(), c->code);
}

/*
 * A certificate as JSON. full adds what only its holder and staff see:
 * the id, the files, the signed QR text.
 */
json_t *
cert_json(const struct cert *c, const char *today, int full)
{
	json_t	*o;
	char	 url[ORIGIN_MAX + 32], path[64];

	cert_verify_url(c, url, sizeof(url));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, "
	    "s:s}",
	    "serial", c->serial, "code", c->code,
	    "kind", cert_kind_code(c->kind), "holder", c->holder,
	    "title_zh", c->title_zh, "title_en", c->title_en,
	    "level", c->level, "lang", cert_lang_code(c->lang),
	    "issued", c->issued,
	    "status", cert_status_code(cert_status(c, today)),
	    "verify_url", url);
	json_object_set_new(o, "expires", c->expires[0] != '\0' ?
	    json_string(c->expires) : json_null());
	json_object_set_new(o, "identity_checked",
	    json_boolean(c->identity_checked != 0));
	if (c->revoked != 0)
		json_object_set_new(o, "revoked", json_pack("{s:I, s:s}",
		    "at", (json_int_t)c->revoked, "reason",
		    c->revoked_reason));
	if (c->suspended != 0)
		json_object_set_new(o, "suspended", json_pack("{s:I, s:s}",
		    "at", (json_int_t)c->suspended, "reason",
		    c->suspended_reason));
	if (c->next_code[0] != '\0')
		json_object_set_new(o, "superseded_by", json_pack("{s:s, s:s}",
		    "code", c->next_code, "serial", c->next_serial));
	if (c->prev_code[0] != '\0')
		json_object_set_new(o, "supersedes", json_string(c->prev_code));
	if (!full)
		return (o);
	/* Its position in the status lists: the holder's credential says
	 * it anyway; the public verify answer does not link it to a code. */
	if (c->status_index >= 0)
		json_object_set_new(o, "status_index",
		    json_integer(c->status_index));
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "user", json_integer(c->user));
	(void)snprintf(path, sizeof(path), "/certs/%lld.png", (long long)c->id);
	json_object_set_new(o, "png_url", json_string(path));
	(void)snprintf(path, sizeof(path), "/certs/%lld.pdf", (long long)c->id);
	json_object_set_new(o, "pdf_url", json_string(path));
	(void)snprintf(path, sizeof(path), "/certs/%lld/credential.json",
	    (long long)c->id);
	json_object_set_new(o, "credential_url", json_string(path));
	json_object_set_new(o, "qr", json_string(c->qr));
	if (c->reissue_reason[0] != '\0')
		json_object_set_new(o, "reissue_reason",
		    json_string(c->reissue_reason));
	return (o);
}

/* The certificate of the path, if the reader may see it (else answered). */
static int
cert_from_path(struct ctx *ctx, struct cert *c)
{
	enum db_result	 r;

	if ((r = db_cert_get(web_path_id(ctx), c)) == DB_NOTFOUND ||
	    (r == DB_OK && ctx->user.role != ROLE_STAFF &&
	    c->user != ctx->user.id))
		return (web_fail(ctx, 404, "not_found", M_ERR_CERT), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

static int
lang_field(struct ctx *ctx, enum cert_lang dflt, enum cert_lang *out)
{
	const char	*v = web_field(ctx, "lang");

	if (web_field_not_text(ctx, "lang"))
		return (0);
	if (v == NULL || *v == '\0') {
		*out = dflt;
		return (1);
	}
	return (cert_lang_parse(v, out));
}

/* A reason of 1 to 200 characters, checked as the person wrote it. */
static int
reason_field(struct ctx *ctx, const char **out)
{
	size_t	 chars;

	*out = web_field(ctx, "reason");
	return (*out != NULL && utf8_chars_lines(*out, &chars) && chars > 0 &&
	    chars <= 200);
}

static void
status_badge(struct buf *b, enum lang l, enum cert_status s)
{
	html_lit(b, "<span class=\"badge ");
	html_text(b, cert_status_code(s));
	html_lit(b, "\">");
	html_text(b, i18n(l, cert_status_msg(s)));
	html_lit(b, "</span>");
}

static void
lang_select(struct buf *b, enum lang l, enum cert_lang selected)
{
	int	 i;

	/* Named even where no <label> holds it (a row of the pending
	 * list): axe-core's select-name. */
	html_lit(b, "<select name=\"lang\" aria-label=\"");
	html_text(b, i18n(l, M_CERTS_LANG));
	html_lit(b, "\">");
	for (i = 0; i < CLANG__COUNT; i++) {
		html_lit(b, "<option value=\"");
		html_text(b, cert_lang_code((enum cert_lang)i));
		html_lit(b, "\"");
		if (i == (int)selected)
			html_lit(b, " selected");
		html_lit(b, ">");
		html_text(b, i18n(l, lang_msgs[i]));
		html_lit(b, "</option>");
	}
	html_lit(b, "</select>");
}

/* One row of a list of certificates. */
struct rows {
	struct buf	*b;
	enum lang	 l;
	const char	*today;
	json_t		*arr;
	int		 n;
	struct pager	*pg;		/* staff's list: a page of it */
};

static int
row_html_cb(const struct cert *c, void *arg)
{
	struct rows	*w = arg;

	if (w->pg != NULL && !pager_take(w->pg, c->id))
		return (0);
	if (w->arr != NULL) {
		json_array_append_new(w->arr, cert_json(c, w->today, 1));
		return (1);
	}
	w->n++;
	html_lit(w->b, "<li><a href=\"/certs/");
	html_int(w->b, c->id);
	html_lit(w->b, "\">");
	html_text(w->b, i18n(w->l, cert_kind_msg(c->kind)));
	html_lit(w->b, " · ");
	html_text(w->b, cert_title(c, w->l));
	html_lit(w->b, "</a> ");
	status_badge(w->b, w->l, cert_status(c, w->today));
	html_lit(w->b, "<br><small>");
	html_text(w->b, c->holder);
	html_lit(w->b, " · ");
	html_text(w->b, c->serial);
	html_lit(w->b, " · ");
	html_text(w->b, c->issued);
	html_lit(w->b, "</small></li>");
	return (1);
}

struct pending {
	struct buf		*b;
	struct page_ctx		*pc;
	json_t			*arr;
	int			 n;
};

static int
pending_row_cb(const struct cert_event *ev, void *arg)
{
	struct pending	*p = arg;
	enum lang	 l = p->pc->lang;

	if (p->arr != NULL) {
		json_array_append_new(p->arr, json_pack("{s:s, s:s, s:I, "
		    "s:s, s:s, s:s}", "event", ev->event, "kind",
		    cert_kind_code(ev->kind), "user", (json_int_t)ev->user,
		    "name", ev->name, "title_zh", ev->title_zh, "title_en",
		    ev->title_en));
		return (1);
	}
	p->n++;
	html_lit(p->b, "<li><form method=\"post\" action=\"/certs\" "
	    "class=\"inline-form\" enctype=\"multipart/form-data\">");
	page_csrf_field(p->b, p->pc);
	html_lit(p->b, "<input type=\"hidden\" name=\"event\" value=\"");
	html_text(p->b, ev->event);
	html_lit(p->b, "\"><strong>");
	html_text(p->b, ev->name);
	html_lit(p->b, "</strong> · ");
	html_text(p->b, i18n(l, cert_kind_msg(ev->kind)));
	html_lit(p->b, " · ");
	html_text(p->b, l == LANG_EN ? ev->title_en : ev->title_zh);
	html_lit(p->b, " ");
	lang_select(p->b, l, CLANG_ZH);
	html_lit(p->b, "<button type=\"submit\">");
	html_text(p->b, i18n(l, M_CERTS_ISSUE));
	html_lit(p->b, "</button></form></li>");
	return (1);
}

/*
 * GET /certs: staff see what waits for a certificate (with a button to
 * issue each) and every certificate, newest first, a page at a time
 * (?before=<id>, pager.h); a holder sees theirs and whether employers
 * may see the others from a verify page. The API's "next" is the next
 * page's before, or null.
 */
int
cert_list(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct pending	 p;
	struct pager	 pg;
	struct rows	 w;
	struct buf	 b;
	enum db_result	 r;
	enum lang	 l = ctx->lang;
	char		 today[11];
	int		 staff = ctx->user.role == ROLE_STAFF, share = 0;
	json_t		*o;

	if (!pager_begin(ctx, &pg))
		return (KORE_RESULT_OK);
	web_today(today);
	web_page_ctx(ctx, &pc);
	memset(&w, 0, sizeof(w));
	memset(&p, 0, sizeof(p));
	if (staff)
		w.pg = &pg;
	w.l = l;
	w.today = today;
	p.pc = &pc;
	if (!staff && (r = db_cert_sharing(ctx->user.id, &share)) != DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx)) {
		o = json_object();
		w.arr = json_array();
		if (staff) {
			p.arr = json_array();
			if ((r = db_cert_events_pending(PENDING_SHOWN,
			    pending_row_cb, &p)) != DB_OK ||
			    (r = db_certs_page(pg.before, pg.limit, row_html_cb,
			    &w)) != DB_OK) {
				json_decref(p.arr);
				json_decref(w.arr);
				json_decref(o);
				return (web_busy(ctx, r));
			}
			json_object_set_new(o, "pending", p.arr);
		} else {
			if ((r = db_certs_of_user(ctx->user.id, row_html_cb,
			    &w)) != DB_OK) {
				json_decref(w.arr);
				json_decref(o);
				return (web_busy(ctx, r));
			}
			json_object_set_new(o, "share", json_boolean(share));
		}
		json_object_set_new(o, "certificates", w.arr);
		if (staff)
			json_object_set_new(o, "next", pager_next_json(&pg));
		return (web_json(ctx, 200, o));
	}

	buf_init(&b, 16384);
	w.b = &b;
	p.b = &b;
	page_begin(&b, &pc, i18n(l, M_NAV_CERTS));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, staff ? M_NAV_CERTS : M_CERTS_MINE));
	html_lit(&b, "</h1>");
	if (staff) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_CERTS_PENDING));
		html_lit(&b, "</h2><ul class=\"list\" id=\"pending\">");
		if ((r = db_cert_events_pending(PENDING_SHOWN, pending_row_cb,
		    &p)) != DB_OK) {
			buf_free(&b);
			return (web_busy(ctx, r));
		}
		html_lit(&b, "</ul>");
		if (p.n == 0) {
			html_lit(&b, "<p class=\"muted\">");
			html_text(&b, i18n(l, M_CERTS_PENDING_NONE));
			html_lit(&b, "</p>");
		}
		html_lit(&b, "</section><section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_CERTS_RECENT));
		html_lit(&b, "</h2><ul class=\"list\" id=\"certs\">");
		r = db_certs_page(pg.before, pg.limit, row_html_cb, &w);
	} else {
		html_lit(&b, "<section class=\"panel\"><ul class=\"list\" "
		    "id=\"certs\">");
		r = db_certs_of_user(ctx->user.id, row_html_cb, &w);
	}
	if (r != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	if (w.n == 0) {
		html_lit(&b, "<p class=\"muted\">");
		html_text(&b, i18n(l, M_CERTS_NONE));
		html_lit(&b, "</p>");
	}
	pager_next_link(&b, ctx, &pg, "/certs");
	html_lit(&b, "</section>");
	if (!staff) {
		html_lit(&b, "<section class=\"panel\"><form method=\"post\" "
		    "action=\"/certs/share\" class=\"stack\" "
		    "enctype=\"multipart/form-data\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label>");
		html_text(&b, i18n(l, M_CERTS_SHARE));
		html_lit(&b, "<select name=\"share\" id=\"f-share\">"
		    "<option value=\"1\"");
		if (share)
			html_lit(&b, " selected");
		html_lit(&b, ">");
		html_text(&b, i18n(l, M_CERTS_SHARE_YES));
		html_lit(&b, "</option><option value=\"0\"");
		if (!share)
			html_lit(&b, " selected");
		html_lit(&b, ">");
		html_text(&b, i18n(l, M_CERTS_SHARE_NO));
		html_lit(&b, "</option></select></label><button "
		    "type=\"submit\">");
		html_text(&b, i18n(l, M_CERTS_SAVE));
		html_lit(&b, "</button></form></section>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* After an issue or a re-issue: the new certificate (drawn or not). */
static int
issued(struct ctx *ctx, int status)
{
	struct cert	 c;
	enum db_result	 r;
	char		 today[11], to[64];

	if (ctx->work.result != KORE_RESULT_OK)
		kore_log(LOG_ERR, "certificate %lld: not drawn yet (drawn "
		    "when first asked for)", (long long)batch_render_id(ctx));
	if (web_is_json(ctx)) {
		if ((r = db_cert_get(batch_render_id(ctx), &c)) != DB_OK)
			return (web_busy(ctx, r));
		web_today(today);
		return (web_json(ctx, status, json_pack("{s:o}",
		    "certificate", cert_json(&c, today, 1))));
	}
	(void)snprintf(to, sizeof(to), "/certs/%lld",
	    (long long)batch_render_id(ctx));
	return (web_redirect(ctx, to));
}

/* Why a certificate was not issued, as answered: cert_verdict_fail(). */
static const struct {
	int		 status;
	const char	*code;
	enum msg	 m;
} cert_refusals[] = {
	[CV_UNCHECKED] = { 409, "identity_unchecked", M_ERR_CERT_UNCHECKED },
	[CV_NAME] = { 409, "not_verified_name", M_ERR_CERT_NAME },
	[CV_NO_EVENT] = { 404, "no_event", M_ERR_CERT_EVENT },
	[CV_ISSUED] = { 409, "already_issued", M_ERR_CERT_ISSUED },
	[CV_STATE] = { 409, "not_current", M_ERR_CERT_STATE },
	[CV_FULL] = { 409, "serials_used_up", M_ERR_CERT_FULL },
	[CV_TOO_LONG] = { 409, "too_long", M_ERR_CERT_TOO_LONG },
	[CV_EXPIRED] = { 409, "expired", M_ERR_CERT_EXPIRED },
	[CV_UNVERIFIED] = { 409, "unverified", M_ERR_CERT_UNVERIFIED },
	[CV_SUSPENDED] = { 409, "suspended", M_ERR_CERT_SUSPENDED },
	[CV_NOT_SUSPENDED] = { 409, "not_suspended",
	    M_ERR_CERT_NOT_SUSPENDED },
};

/* Answer why a certificate was not issued (v is not CV_OK). */
int
cert_verdict_fail(struct ctx *ctx, enum cert_verdict v)
{
	if ((size_t)v >= sizeof(cert_refusals) / sizeof(cert_refusals[0]) ||
	    cert_refusals[v].code == NULL)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	return (web_fail(ctx, cert_refusals[v].status, cert_refusals[v].code,
	    cert_refusals[v].m));
}

/* Draw the certificate just written, then answer (see issued()). */
static int
draw_new(struct ctx *ctx, int64_t id)
{
	struct cert	 c;
	enum db_result	 r;

	if ((r = db_cert_get(id, &c)) != DB_OK)
		return (web_busy(ctx, r));
	return (batch_render_start(ctx, &c));
}

/* POST /certs (staff): event=completion:N|level:N|honour:N, lang. */
int
cert_issue(struct ctx *ctx)
{
	struct cert_issuer	 is;
	enum cert_verdict	 v;
	enum cert_lang		 lang;
	enum db_result		 r;
	const char		*event = web_field(ctx, "event");
	enum cert_kind		 kind;
	int64_t			 id, ev;
	char			 today[11];

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		return (issued(ctx, 201));
	}
	if (event == NULL || !cert_event_parse(event, &kind, &ev))
		return (web_fail(ctx, 400, "invalid_event", M_ERR_CERT_EVENT));
	if (!lang_field(ctx, CLANG_ZH, &lang))
		return (web_fail(ctx, 400, "invalid_lang", M_ERR_CERT_LANG));
	issuer_for(ctx, &is, today);
	if ((r = db_cert_issue(event, lang, &is, &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != CV_OK)
		return (cert_verdict_fail(ctx, v));
	return (draw_new(ctx, id));
}

/* Staff's form to suspend or reinstate certificate id, with a reason. */
static void
status_form(struct buf *b, struct page_ctx *pc, int64_t id,
    const char *action, enum msg label)
{
	enum lang	 l = pc->lang;

	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, label));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "enctype=\"multipart/form-data\" action=\"/certs/");
	html_int(b, id);
	html_lit(b, "/");
	html_text(b, action);
	html_lit(b, "\">");
	page_csrf_field(b, pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_V_REASON));
	html_lit(b, "<textarea name=\"reason\" id=\"f-");
	html_text(b, action);
	html_lit(b, "-reason\" rows=\"2\" maxlength=\"200\" required>"
	    "</textarea></label><button type=\"submit\">");
	html_text(b, i18n(l, label));
	html_lit(b, "</button></form></section>");
}

/* GET /certs/<id>: the certificate, its picture, and staff's actions. */
int
cert_show(struct ctx *ctx)
{
	struct page_ctx		 pc;
	struct cert		 c;
	struct buf		 b;
	enum cert_status	 s;
	enum lang		 l = ctx->lang;
	char			 today[11], url[ORIGIN_MAX + 32];

	if (!cert_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	web_today(today);
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:o}", "certificate",
		    cert_json(&c, today, 1))));
	s = cert_status(&c, today);
	cert_verify_url(&c, url, sizeof(url));
	web_page_begin(ctx, &b, &pc, cert_kind_msg(c.kind));
	html_lit(&b, "<p>");
	status_badge(&b, l, s);
	html_lit(&b, "</p><dl class=\"facts\"><dt>");
	html_text(&b, i18n(l, M_V_HOLDER));
	html_lit(&b, "</dt><dd id=\"holder\">");
	html_text(&b, c.holder);
	html_lit(&b, "</dd><dt>");
	html_text(&b, i18n(l, M_V_EARNED));
	html_lit(&b, "</dt><dd>");
	html_text(&b, cert_title(&c, l));
	html_lit(&b, "</dd><dt>");
	html_text(&b, i18n(l, M_V_SERIAL));
	html_lit(&b, "</dt><dd id=\"serial\">");
	html_text(&b, c.serial);
	html_lit(&b, "</dd><dt>");
	html_text(&b, i18n(l, M_V_ISSUED));
	html_lit(&b, "</dt><dd>");
	html_text(&b, c.issued);
	html_lit(&b, "</dd><dt>");
	html_text(&b, i18n(l, M_V_EXPIRES));
	html_lit(&b, "</dt><dd>");
	html_text(&b, c.expires[0] != '\0' ? c.expires :
	    i18n(l, M_V_NO_EXPIRY));
	html_lit(&b, "</dd>");
	if (c.revoked != 0) {
		html_lit(&b, "<dt>");
		html_text(&b, i18n(l, M_V_REASON));
		html_lit(&b, "</dt><dd>");
		html_text(&b, c.revoked_reason);
		html_lit(&b, "</dd>");
	}
	if (c.suspended != 0) {
		html_lit(&b, "<dt>");
		html_text(&b, i18n(l, M_V_REASON));
		html_lit(&b, "</dt><dd id=\"suspended-reason\">");
		html_text(&b, c.suspended_reason);
		html_lit(&b, "</dd>");
	}
	html_lit(&b, "</dl><p><a id=\"verify-link\" href=\"/v/");
	html_text(&b, c.code);
	html_lit(&b, "\">");
	html_text(&b, i18n(l, M_CERT_VERIFY_LINK));
	html_lit(&b, "</a>");
	if (c.next_code[0] != '\0') {
		html_lit(&b, " · <a href=\"/v/");
		html_text(&b, c.next_code);
		html_lit(&b, "\">");
		html_text(&b, i18n(l, M_V_SUPERSEDED_LINK));
		html_lit(&b, "</a>");
	}
	html_lit(&b, "</p><p><a class=\"button\" id=\"png-link\" "
	    "href=\"/certs/");
	html_int(&b, c.id);
	html_lit(&b, ".png\" download>");
	html_text(&b, i18n(l, M_CERT_PICTURE));
	html_lit(&b, "</a> <a class=\"button\" id=\"pdf-link\" "
	    "href=\"/certs/");
	html_int(&b, c.id);
	html_lit(&b, ".pdf\" download>");
	html_text(&b, i18n(l, M_CERT_PRINT_PDF));
	html_lit(&b, "</a></p><p><a id=\"vc-link\" href=\"/certs/");
	html_int(&b, c.id);
	html_lit(&b, "/credential.json\" download>");
	html_text(&b, i18n(l, M_CERT_CREDENTIAL));
	html_lit(&b, "</a></p><p><img class=\"cert\" alt=\"\" src=\"/certs/");
	html_int(&b, c.id);
	html_lit(&b, ".png\" width=\"877\" height=\"620\"></p>");

	if (ctx->user.role == ROLE_STAFF && s == CERT_SUSPENDED)
		status_form(&b, &pc, c.id, "reinstate", M_CERT_REINSTATE);
	else if (ctx->user.role == ROLE_STAFF && s != CERT_REVOKED &&
	    s != CERT_SUPERSEDED)
		status_form(&b, &pc, c.id, "suspend", M_CERT_SUSPEND);
	if (ctx->user.role == ROLE_STAFF && s != CERT_REVOKED &&
	    s != CERT_SUPERSEDED && s != CERT_SUSPENDED) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_CERT_REISSUE));
		html_lit(&b, "</h2><form method=\"post\" class=\"stack\" "
		    "enctype=\"multipart/form-data\" action=\"/certs/");
		html_int(&b, c.id);
		html_lit(&b, "/reissue\">");
		page_csrf_field(&b, &pc);
		/* The name is the verified one: corrected, with a reason,
		 * at the identity check, not here. */
		html_lit(&b, "<p class=\"muted\">");
		html_text(&b, i18n(l, M_CERT_REISSUE_NAME));
		html_lit(&b, " <a id=\"identity-link\" href=\"/people/");
		html_int(&b, c.user);
		html_lit(&b, "/identity\">");
		html_text(&b, i18n(l, M_ID_TITLE));
		html_lit(&b, "</a></p><label>");
		html_text(&b, i18n(l, M_CERTS_LANG));
		lang_select(&b, l, c.lang);
		html_lit(&b, "</label><label>");
		html_text(&b, i18n(l, M_V_REASON));
		html_lit(&b, "<textarea name=\"reason\" rows=\"2\" "
		    "maxlength=\"200\" required></textarea></label><button "
		    "type=\"submit\">");
		html_text(&b, i18n(l, M_CERT_REISSUE));
		html_lit(&b, "</button></form></section><section "
		    "class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_CERT_REVOKE));
		html_lit(&b, "</h2><form method=\"post\" class=\"stack\" "
		    "enctype=\"multipart/form-data\" action=\"/certs/");
		html_int(&b, c.id);
		html_lit(&b, "/revoke\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label>");
		html_text(&b, i18n(l, M_V_REASON));
		html_lit(&b, "<textarea name=\"reason\" id=\"f-revoke-reason\" "
		    "rows=\"2\" maxlength=\"200\" required></textarea></label>"
		    "<button type=\"submit\" class=\"danger\">");
		html_text(&b, i18n(l, M_CERT_REVOKE));
		html_lit(&b, "</button></form></section>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/*
 * The stored picture (pdf 0) or print PDF (pdf 1) of the certificate in
 * the path; both are drawn again on a task thread if either was lost
 * (or drawing them at issue failed).
 */
static int
cert_file(struct ctx *ctx, int pdf)
{
	struct cert	 c;
	enum db_result	 r;
	char		 path[128], disp[96];

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		if ((r = db_cert_get(batch_render_id(ctx), &c)) != DB_OK)
			return (web_busy(ctx, r));
	} else if (!cert_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (pdf)
		certfile_pdf_path(&c, path, sizeof(path));
	else
		certfile_path(&c, path, sizeof(path));
	(void)snprintf(disp, sizeof(disp), "inline; filename=\"%s.%s\"",
	    c.serial, pdf ? "pdf" : "png");
	if (web_send_file(ctx, path, disp))
		return (KORE_RESULT_OK);
	if (ctx->work.started) {
		kore_log(LOG_ERR, "certificate %s cannot be drawn", c.serial);
		return (web_fail(ctx, 500, "internal", M_ERR_CERT_DRAW));
	}
	return (batch_render_start(ctx, &c));
}

/* GET /certs/<id>.png (holder, staff): the picture. */
int
cert_picture(struct ctx *ctx)
{
	return (cert_file(ctx, 0));
}

/* GET /certs/<id>.pdf (holder, staff): the print PDF, A4. */
int
cert_print(struct ctx *ctx)
{
	return (cert_file(ctx, 1));
}

/* Seconds since the epoch as RFC 3339 UTC. */
static void
rfc3339(int64_t t, char out[32])
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	gmtime_r(&tt, &tm);
	(void)strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * GET /certs/<id>/credential.json: the certificate as an Open Badges 3.0
 * credential with an eddsa-jcs-2022 and an eddsa-rdfc-2022 proof (vc.c,
 * rdfc.c). Its claims are read back
 * from the stored QR text, whose signature is checked on the way: a row
 * altered behind the application's back is not exported.
 */
int
cert_credential(struct ctx *ctx)
{
	struct vc_input	 in;
	struct claims	 cl;
	struct cert	 c;
	struct pubkey	 keys[KEYRING_MAX];
	const struct signer *signer;
	size_t		 nkeys;
	char		 created[32], disp[96], *s;
	json_t		*doc;

	if (!cert_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	/* A wallet keeps what it is given: only a standing certificate
	 * is handed out as a credential (an expired one still says so
	 * itself, in validUntil). */
	if (c.revoked != 0 || c.superseded_by != 0)
		return (web_fail(ctx, 409, "not_current", M_ERR_CERT_STATE));
	/* Suspended: treated as revoked while it lasts. */
	if (c.suspended != 0)
		return (web_fail(ctx, 409, "suspended", M_ERR_CERT_SUSPENDED));
	/* Signed by the active key now, whichever signed the QR. */
	if ((nkeys = signer_pubkeys(keys)) == 0 ||
	    (signer = signer_active()) == NULL)
		return (web_fail(ctx, 503, "busy", M_ERR_BUSY));
	if (claims_check(c.qr, keys, nkeys, &cl) != SCAN_OK) {
		kore_log(LOG_ERR, "certificate %s: stored claims do not verify",
		    c.serial);
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	}
	rfc3339(c.created, created);
	memset(&in, 0, sizeof(in));
	in.claims = &cl;
	in.title_zh = c.title_zh;
	in.title_en = c.title_en;
	in.issuer_zh = certtpl_issuer(CLANG_ZH);
	in.issuer_en = certtpl_issuer(CLANG_EN);
	in.created = created;
	if (c.status_index >= 0) {
		in.status_origin = issuer_origin();
		in.status_index = (unsigned int)c.status_index;
	}
	if ((doc = vc_credential(&in, signer)) == NULL)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (s == NULL)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	(void)snprintf(disp, sizeof(disp), "attachment; filename=\"%s.json\"",
	    c.serial);
	http_response_header(ctx->req, "content-type",
	    "application/vc+ld+json; charset=utf-8");
	http_response_header(ctx->req, "content-disposition", disp);
	http_response_header(ctx->req, "x-content-type-options", "nosniff");
	http_response_header(ctx->req, "cache-control", "private, no-cache");
	http_response(ctx->req, 200, s, strlen(s));
	free(s);
	return (KORE_RESULT_OK);
}

/* POST /certs/<id>/revoke (staff): reason. */
int
cert_revoke(struct ctx *ctx)
{
	struct cert		 c;
	enum cert_verdict	 v;
	enum db_result		 r;
	const char		*reason;
	char			 to[64], today[11];

	if (!cert_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!reason_field(ctx, &reason))
		return (web_fail(ctx, 400, "invalid_reason", M_ERR_REASON));
	if ((r = db_cert_revoke(c.id, reason, ctx->user.id,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != CV_OK)
		return (cert_verdict_fail(ctx, v));
	batch_zip_stale(c.batch);
	if (web_is_json(ctx)) {
		if ((r = db_cert_get(c.id, &c)) != DB_OK)
			return (web_busy(ctx, r));
		web_today(today);
		return (web_json(ctx, 200, json_pack("{s:o}", "certificate",
		    cert_json(&c, today, 1))));
	}
	(void)snprintf(to, sizeof(to), "/certs/%lld", (long long)c.id);
	return (web_redirect(ctx, to));
}

/*
 * POST /certs/<id>/suspend and /reinstate (staff): reason. Suspension is
 * reversible (under review, say); both re-sign the suspension list, and
 * the batch's ZIP leaves a suspended certificate out while it lasts.
 */
static int
cert_suspension(struct ctx *ctx, int suspend)
{
	struct cert		 c;
	enum cert_verdict	 v;
	enum db_result		 r;
	const char		*reason;
	char			 to[64], today[11];
	int64_t			 now = (int64_t)time(NULL);

	if (!cert_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!reason_field(ctx, &reason))
		return (web_fail(ctx, 400, "invalid_reason", M_ERR_REASON));
	r = suspend ? db_cert_suspend(c.id, reason, ctx->user.id, now, &v) :
	    db_cert_reinstate(c.id, reason, ctx->user.id, now, &v);
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v != CV_OK)
		return (cert_verdict_fail(ctx, v));
	batch_zip_stale(c.batch);
	if (web_is_json(ctx)) {
		if ((r = db_cert_get(c.id, &c)) != DB_OK)
			return (web_busy(ctx, r));
		web_today(today);
		return (web_json(ctx, 200, json_pack("{s:o}", "certificate",
		    cert_json(&c, today, 1))));
	}
	(void)snprintf(to, sizeof(to), "/certs/%lld", (long long)c.id);
	return (web_redirect(ctx, to));
}

/* POST /certs/<id>/suspend (staff): see cert_suspension(). */
int
cert_suspend(struct ctx *ctx)
{
	return (cert_suspension(ctx, 1));
}

/* POST /certs/<id>/reinstate (staff): see cert_suspension(). */
int
cert_reinstate(struct ctx *ctx)
{
	return (cert_suspension(ctx, 0));
}

/*
 * POST /certs/<id>/reissue (staff): a corrected holder name (optional:
 * the certificate's own by default), a language (optional) and the
 * reason. The new certificate supersedes this one.
 */
int
cert_reissue(struct ctx *ctx)
{
	struct cert_issuer	 is;
	struct cert		 c;
	enum cert_verdict	 v;
	enum cert_lang		 lang;
	enum db_result		 r;
	const char		*reason, *holder = web_field(ctx, "holder");
	char			 today[11], name[NAME_MAX_CHARS * 4 + 1];
	int64_t			 id;

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		return (issued(ctx, 201));
	}
	if (!cert_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (web_field_not_text(ctx, "holder"))
		return (web_fail(ctx, 400, "invalid_name", M_ERR_NAME));
	if (holder != NULL && *holder != '\0') {
		if (!identity_name(holder, name, sizeof(name)))
			return (web_fail(ctx, 400, "invalid_name",
			    M_ERR_NAME));
		holder = name;
	} else
		holder = NULL;
	if (!lang_field(ctx, c.lang, &lang))
		return (web_fail(ctx, 400, "invalid_lang", M_ERR_CERT_LANG));
	if (!reason_field(ctx, &reason))
		return (web_fail(ctx, 400, "invalid_reason", M_ERR_REASON));
	issuer_for(ctx, &is, today);
	if ((r = db_cert_reissue(c.id, holder, lang, reason, &is, &id,
	    &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != CV_OK)
		return (cert_verdict_fail(ctx, v));
	batch_zip_stale(c.batch);
	return (draw_new(ctx, id));
}

/* POST /certs/share (a holder): share=1 or 0 (JSON: also true/false). */
int
cert_share(struct ctx *ctx)
{
	const char	*v = web_field(ctx, "share");
	json_t		*j;
	enum db_result	 r;
	int		 on;

	if (ctx->body != NULL && (j = json_object_get(ctx->body, "share")) !=
	    NULL && json_is_boolean(j))
		on = json_is_true(j);
	else if (v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "0") == 0))
		on = strcmp(v, "1") == 0;
	else
		return (web_fail(ctx, 400, "invalid_share", M_ERR_SHARE));
	if ((r = db_cert_share(ctx->user.id, on, (int64_t)time(NULL))) !=
	    DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:b}", "share", on)));
	return (web_redirect(ctx, "/certs"));
}

static json_t *
batch_json(const struct batch_row *bt)
{
	char	 zip[64];

	(void)snprintf(zip, sizeof(zip), "/batches/%lld.zip",
	    (long long)bt->id);
	return (json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:s, s:s}",
	    "id", (json_int_t)bt->id, "event", bt->event, "lang",
	    cert_lang_code(bt->lang), "total", bt->total, "done", bt->done,
	    "failed", bt->failed, "status", bt->running ? "running" : "done",
	    "zip_url", zip));
}

static int
unverified_row_cb(int64_t user, const char *name, void *arg)
{
	return (json_array_append_new(arg, json_pack("{s:I, s:s}", "user",
	    (json_int_t)user, "name", name)) == 0);
}

/*
 * The run's graduates a batch passed over because staff have not checked
 * their identity yet, [{user, name}]; NULL when the store failed.
 */
static json_t *
unverified_json(int64_t run)
{
	json_t	*arr = json_array();

	if (db_run_unverified(run, unverified_row_cb, arr) != DB_OK) {
		json_decref(arr);
		return (NULL);
	}
	return (arr);
}

/*
 * POST /runs/<id>/certificates (staff): lang. Issues a certificate to
 * every graduate of the run who has none yet, in one transaction, then
 * draws them in the background; the answer is the batch's page.
 */
int
cert_batch_issue(struct ctx *ctx)
{
	struct cert_issuer	 is;
	struct batch_row	 bt;
	struct run		 run;
	enum cert_verdict	 v;
	enum cert_lang		 lang;
	enum db_result		 r;
	int64_t			 batch, latest;
	int			 n, completers, unverified;
	char			 today[11], to[64], event[32];
	json_t			*waiting;

	if ((r = db_run_get(web_path_id(ctx), &run)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_RUN));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!lang_field(ctx, CLANG_ZH, &lang))
		return (web_fail(ctx, 400, "invalid_lang", M_ERR_CERT_LANG));
	issuer_for(ctx, &is, today);
	if ((r = db_batch_issue_run(run.id, lang, &is, &batch, &n,
	    &completers, &unverified, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != CV_OK)		/* nothing was issued */
		return (cert_verdict_fail(ctx, v));
	if (batch == 0) {
		/* Nobody left: the batch was started already (a double
		 * click), or nobody has passed yet. */
		(void)snprintf(event, sizeof(event), "run:%lld",
		    (long long)run.id);
		if ((r = db_batch_latest(event, &latest)) != DB_OK)
			return (web_busy(ctx, r));
		if (web_is_json(ctx)) {
			if ((waiting = unverified_json(run.id)) == NULL)
				return (web_busy(ctx, DB_BUSY));
			return (web_json(ctx, 200, json_pack("{s:n, s:i, s:i, "
			    "s:I, s:o}", "batch", "issued", 0, "completers",
			    completers, "latest", (json_int_t)latest,
			    "unverified", waiting)));
		}
		if (latest == 0 && unverified > 0)
			return (web_fail(ctx, 409, "identity_unchecked",
			    M_BATCH_UNVERIFIED));
		if (latest == 0)
			return (web_fail(ctx, 409, "nothing_to_issue",
			    M_BATCH_NONE));
		(void)snprintf(to, sizeof(to), "/batches/%lld",
		    (long long)latest);
		return (web_redirect(ctx, to));
	}
	batch_start(batch);
	if (web_is_json(ctx)) {
		if ((r = db_batch_get(batch, &bt)) != DB_OK)
			return (web_busy(ctx, r));
		if ((waiting = unverified_json(run.id)) == NULL)
			return (web_busy(ctx, DB_BUSY));
		return (web_json(ctx, 202, json_pack("{s:o, s:i, s:i, s:o}",
		    "batch", batch_json(&bt), "issued", n, "completers",
		    completers, "unverified", waiting)));
	}
	(void)snprintf(to, sizeof(to), "/batches/%lld", (long long)batch);
	return (web_redirect(ctx, to));
}

static int
path_batch(struct ctx *ctx, struct batch_row *bt)
{
	enum db_result	 r;

	if ((r = db_batch_get(web_path_id(ctx), bt)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_BATCH), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/* GET /batches/<id> (staff): progress, refreshing itself while drawing. */
int
cert_batch_show(struct ctx *ctx)
{
	struct page_ctx		 pc;
	struct batch_row	 bt;
	struct rows		 w;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	char			 today[11];

	if (!path_batch(ctx, &bt))
		return (KORE_RESULT_OK);
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:o}", "batch",
		    batch_json(&bt))));
	web_today(today);
	web_page_ctx(ctx, &pc);
	memset(&w, 0, sizeof(w));
	buf_init(&b, 16384);
	w.b = &b;
	w.l = l;
	w.today = today;
	if (bt.running)
		http_response_header(ctx->req, "refresh", "2");
	page_begin(&b, &pc, i18n(l, M_BATCH_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_BATCH_TITLE));
	html_lit(&b, "</h1><p id=\"progress\" data-done=\"");
	html_int(&b, bt.done);
	html_lit(&b, "\" data-total=\"");
	html_int(&b, bt.total);
	html_lit(&b, "\"><progress max=\"");
	html_int(&b, bt.total > 0 ? bt.total : 1);
	html_lit(&b, "\" value=\"");
	html_int(&b, bt.done);
	html_lit(&b, "\"></progress> ");
	html_text(&b, i18n(l, M_BATCH_PROGRESS));
	html_lit(&b, " ");
	html_int(&b, bt.done);
	html_lit(&b, " / ");
	html_int(&b, bt.total);
	if (bt.failed > 0) {
		html_lit(&b, " · ");
		html_text(&b, i18n(l, M_BATCH_FAILED));
		html_lit(&b, " ");
		html_int(&b, bt.failed);
	}
	html_lit(&b, "</p><p id=\"batch-state\">");
	html_text(&b, i18n(l, bt.running ? M_BATCH_RUNNING : M_BATCH_DONE));
	html_lit(&b, "</p>");
	if (!bt.running) {
		html_lit(&b, "<p><a class=\"button\" id=\"zip-link\" "
		    "href=\"/batches/");
		html_int(&b, bt.id);
		html_lit(&b, ".zip\">");
		html_text(&b, i18n(l, M_BATCH_ZIP));
		html_lit(&b, "</a></p>");
	}
	html_lit(&b, "<ul class=\"list\" id=\"certs\">");
	if ((r = db_certs_of_batch(bt.id, row_html_cb, &w)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* GET /batches/<id>.zip (staff): every PNG of the batch, once drawn. */
int
cert_batch_zip(struct ctx *ctx)
{
	struct batch_row	 bt;
	char			 path[128], disp[96];
	int			 ret;

	if (!ctx->work.started && !path_batch(ctx, &bt))
		return (KORE_RESULT_OK);
	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		bt.id = batch_zip_id(ctx);
		if (!batch_zip_done(ctx, &ret))
			return (ret);
	} else if (bt.running)
		return (web_fail(ctx, 409, "still_drawing",
		    M_ERR_BATCH_RUNNING));
	(void)batch_zip_path(bt.id, path, sizeof(path));
	(void)snprintf(disp, sizeof(disp), "attachment; filename="
	    "\"yujiang-certificates-%lld.zip\"", (long long)bt.id);
	if (web_send_file(ctx, path, disp))
		return (KORE_RESULT_OK);
	if (ctx->work.started)		/* removed since: a change */
		return (batch_zip_again(ctx));
	return (batch_zip_start(ctx, bt.id));
}
