/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * verify.c: what employers see. /v/<code> (the QR opens it) says first,
 * unmistakably, whether the certificate is valid, revoked, replaced or
 * expired — or not ours — then the least an employer needs, and the
 * steps that were checked. It is one indexed look-up, needs no session
 * and no JavaScript; with JavaScript, opened from the QR, the browser
 * also checks the QR's signature (assets/verify.js). The manual
 * look-up needs the serial and the holder's name together, like the
 * national query, and is throttled per address, so serials cannot be
 * walked. /api/v1/keys and /.well-known/did.json publish the keys that
 * sign every QR and credential, the retired ones too, and
 * /status/revocation and /status/suspension the signed W3C Bitstring
 * Status Lists, read as stored (the store re-signs them on every change).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cert.h"
#include "certimg.h"
#include "html.h"
#include "issuer.h"
#include "jsonw.h"
#include "signer.h"
#include "status.h"

#define LOOKUP_WINDOW	3600
#define LOOKUP_LIMIT	20	/* per address per hour; YUJIANG_LOOKUP_LIMIT */

static const char *const verdict_class[] = {
	[CERT_VALID] = "valid",
	[CERT_REVOKED] = "revoked",
	[CERT_SUPERSEDED] = "revoked",
	[CERT_EXPIRED] = "expired",
	[CERT_SUSPENDED] = "suspended",
};
static const enum msg verdict_msg[] = {
	[CERT_VALID] = M_V_VALID,
	[CERT_REVOKED] = M_V_REVOKED,
	[CERT_SUPERSEDED] = M_V_SUPERSEDED,
	[CERT_EXPIRED] = M_V_EXPIRED,
	[CERT_SUSPENDED] = M_V_SUSPENDED,
};

/* The code after "/v/" or "/api/v1/verify/", lower-cased; 0 if unfit. */
static int
path_verify_code(struct ctx *ctx, char code[CODE_LEN + 1])
{
	const char	*p = strrchr(ctx->req->path, '/');
	size_t		 i;

	if (p == NULL || strlen(++p) != CODE_LEN)
		return (0);
	for (i = 0; i < CODE_LEN; i++)
		code[i] = (char)tolower((unsigned char)p[i]);
	code[CODE_LEN] = '\0';
	return (serial_code_valid(code));
}

/* The holder's other certificates that stand, if they show them. */
struct related {
	int64_t		 self;
	const char	*today;
	enum lang	 l;
	struct buf	*b;
	struct buf	*json;		/* the API: "related" members */
	int		 n;
};

static int
related_row_cb(const struct cert *c, void *arg)
{
	struct related	*w = arg;

	if (c->id == w->self || cert_status(c, w->today) != CERT_VALID)
		return (1);
	w->n++;
	if (w->json != NULL) {
		buf_puts(w->json, w->n > 1 ? ",{" : "{");
		jsonw_str_member(w->json, 1, "code", c->code);
		jsonw_str_member(w->json, 0, "serial", c->serial);
		jsonw_str_member(w->json, 0, "kind", cert_kind_code(c->kind));
		jsonw_str_member(w->json, 0, "title_zh", c->title_zh);
		jsonw_str_member(w->json, 0, "title_en", c->title_en);
		jsonw_str_member(w->json, 0, "issued", c->issued);
		buf_append(w->json, "}", 1);
		return (1);
	}
	if (w->n == 1) {
		html_lit(w->b, "<section class=\"panel\"><h2>");
		html_text(w->b, i18n(w->l, M_V_RELATED));
		html_lit(w->b, "</h2><ul class=\"list\" id=\"related\">");
	}
	html_lit(w->b, "<li><a href=\"/v/");
	html_text(w->b, c->code);
	html_lit(w->b, "\">");
	html_text(w->b, cert_title(c, w->l));
	html_lit(w->b, "</a><br><small>");
	html_text(w->b, i18n(w->l, cert_kind_msg(c->kind)));
	html_lit(w->b, " · ");
	html_text(w->b, c->issued);
	html_lit(w->b, "</small></li>");
	return (1);
}

/* "：" in Chinese, ": " in English. */
static void
colon(struct buf *b, enum lang l)
{
	if (l == LANG_EN)
		html_lit(b, ": ");
	else
		html_lit(b, "：");
}

static void
fact(struct buf *b, enum lang l, enum msg label, const char *id,
    const char *value)
{
	html_lit(b, "<dt>");
	html_text(b, i18n(l, label));
	html_lit(b, "</dt><dd");
	if (id != NULL) {
		html_lit(b, " id=\"");
		html_text(b, id);
		html_lit(b, "\"");
	}
	html_lit(b, ">");
	html_text(b, value);
	html_lit(b, "</dd>");
}

static int
not_found(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	if (web_is_json(ctx)) {
		buf_init(&b, 256);
		buf_puts(&b, "{\"status\":\"not_found\",\"message\":");
		jsonw_string(&b, i18n(l, M_V_NOT_FOUND_NOTE));
		buf_puts(&b, "}");
		return (web_json_text(ctx, 404, &b));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 4096);
	page_begin(&b, &pc, i18n(l, M_V_TITLE));
	html_lit(&b, "<div class=\"verdict notfound\" id=\"verdict\" "
	    "data-status=\"not_found\"><h1>");
	html_text(&b, i18n(l, M_V_NOT_FOUND));
	html_lit(&b, "</h1><p>");
	html_text(&b, i18n(l, M_V_NOT_FOUND_NOTE));
	html_lit(&b, "</p></div><p><a href=\"/verify\">");
	html_text(&b, i18n(l, M_V_LOOKUP));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, 404, &b));
}

/* A member "key":{"at":N,"reason":"…"} (revoked, suspended). */
static void
verify_json_event(struct buf *b, const char *key, int64_t at,
    const char *reason)
{
	jsonw_key(b, 0, key);
	buf_puts(b, "{\"at\":");
	jsonw_int(b, at);
	buf_puts(b, ",\"reason\":");
	jsonw_string(b, reason);
	buf_puts(b, "}");
}

/*
 * The API's verdict on c, written straight into b (issue 16: building a
 * jansson tree and dumping it was a fifth of the worker's time on this,
 * the hottest answer there is). The members and their order are those
 * the jansson version had; related is the text of the holder's other
 * certificates (related_row_cb()), or NULL to leave the member out.
 */
static void
verify_json(struct buf *b, const struct cert *c, enum cert_status s,
    const struct buf *related)
{
	buf_puts(b, "{\"status\":");
	jsonw_string(b, s == CERT_SUPERSEDED ? "revoked" :
	    cert_status_code(s));
	buf_puts(b, ",\"certificate\":{");
	jsonw_str_member(b, 1, "serial", c->serial);
	jsonw_str_member(b, 0, "holder", c->holder);
	jsonw_str_member(b, 0, "kind", cert_kind_code(c->kind));
	jsonw_str_member(b, 0, "title_zh", c->title_zh);
	jsonw_str_member(b, 0, "title_en", c->title_en);
	jsonw_int_member(b, 0, "level", c->level);
	jsonw_str_member(b, 0, "issuer_zh", certtpl_issuer(CLANG_ZH));
	jsonw_str_member(b, 0, "issuer_en", certtpl_issuer(CLANG_EN));
	jsonw_str_member(b, 0, "issued", c->issued);
	jsonw_str_member(b, 0, "lang", cert_lang_code(c->lang));
	jsonw_key(b, 0, "expires");
	if (c->expires[0] != '\0')
		jsonw_string(b, c->expires);
	else
		buf_puts(b, "null");
	/* 实名已核验: the name was checked against a document in person. */
	jsonw_key(b, 0, "identity_checked");
	buf_puts(b, c->identity_checked != 0 ? "true" : "false");
	buf_puts(b, "}");
	if (c->revoked != 0)
		verify_json_event(b, "revoked", c->revoked,
		    c->revoked_reason);
	if (s == CERT_SUSPENDED)
		verify_json_event(b, "suspended", c->suspended,
		    c->suspended_reason);
	if (s == CERT_SUPERSEDED) {
		buf_puts(b, ",\"superseded\":true,\"superseded_by\":{");
		jsonw_str_member(b, 1, "code", c->next_code);
		jsonw_str_member(b, 0, "serial", c->next_serial);
		buf_puts(b, "}");
	}
	if (related != NULL) {
		buf_puts(b, ",\"related\":[");
		buf_append(b, related->data, related->len);
		buf_puts(b, "]");
	}
	buf_puts(b, "}");
}

/* One step of "what was checked": its id, label and whether it held. */
static void
check_begin(struct buf *b, enum lang l, const char *id, enum msg label,
    const char *result)
{
	html_lit(b, "<li id=\"");
	html_text(b, id);
	html_lit(b, "\" data-result=\"");
	html_text(b, result);
	html_lit(b, "\"><strong>");
	html_text(b, i18n(l, label));
	html_lit(b, "</strong> <span class=\"check-note\">");
}

/* An attribute name="value" of the signature step, for verify.js. */
static void
check_attr(struct buf *b, const char *name, const char *value)
{
	html_lit(b, " ");
	html_text(b, name);
	html_lit(b, "=\"");
	html_text(b, value);
	html_lit(b, "\"");
}

/*
 * The verify page's "what was checked", in the order a verifier checks:
 * the record (found by its code), its status, its dates, and the QR's
 * signature. Each step says what it found and carries data-result
 * (pass, fail; the signature: not-checked until verify.js checks it in
 * the browser — ok, bad, mismatch). All of it is complete without
 * JavaScript; the script only replaces the signature step's note.
 */
static void
checks(struct buf *b, enum lang l, const struct cert *c, enum cert_status s,
    const char *today)
{
	struct pubkey		 pubs[KEYRING_MAX];
	struct buf		 keys;
	char			 b64[64];
	size_t			 i, npubs;
	int			 lapsed, stopped;

	html_lit(b, "<section class=\"panel\" id=\"checks\"><h2>");
	html_text(b, i18n(l, M_V_CHECKS));
	html_lit(b, "</h2><ol class=\"checks\">");

	check_begin(b, l, "check-record", M_V_CHECK_RECORD, "pass");
	html_text(b, i18n(l, M_V_CHECK_RECORD_OK));
	html_lit(b, "</span></li>");

	/* The record's own state: revoked, replaced by a reissue, or
	 * suspended for now — what the signed status lists publish too
	 * (/status/revocation, /status/suspension). */
	stopped = s == CERT_REVOKED || s == CERT_SUPERSEDED ||
	    s == CERT_SUSPENDED;
	check_begin(b, l, "check-status", M_V_CHECK_STATUS,
	    stopped ? "fail" : "pass");
	html_text(b, stopped ? i18n(l, verdict_msg[s]) :
	    i18n(l, M_V_CHECK_STATUS_OK));
	html_lit(b, "</span></li>");

	lapsed = c->expires[0] != '\0' && strcmp(today, c->expires) > 0;
	check_begin(b, l, "check-dates", M_V_CHECK_DATES, lapsed ? "fail" :
	    "pass");
	html_text(b, i18n(l, M_V_ISSUED));
	colon(b, l);
	html_text(b, c->issued);
	html_lit(b, " · ");
	html_text(b, i18n(l, M_V_EXPIRES));
	colon(b, l);
	html_text(b, c->expires[0] != '\0' ? c->expires :
	    i18n(l, M_V_NO_EXPIRY));
	html_lit(b, " · ");
	html_text(b, i18n(l, M_V_CHECK_TODAY));
	colon(b, l);
	html_text(b, today);
	html_lit(b, " — ");
	html_text(b, i18n(l, lapsed ? M_V_CHECK_OUT_OF_DATE :
	    M_V_CHECK_IN_DATE));
	html_lit(b, "</span></li>");

	/*
	 * The QR's signature: the fragment never reaches us, so the browser
	 * checks it (assets/verify.js) against the public keys given here
	 * as "kid:base64url" words, and compares the claims with this
	 * record. Data attributes only: no user data inside a script.
	 */
	buf_init(&keys, 256);
	npubs = signer_pubkeys(pubs);
	for (i = 0; i < npubs; i++) {
		sodium_bin2base64(b64, sizeof(b64), pubs[i].pk,
		    sizeof(pubs[i].pk),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		buf_printf(&keys, "%s%s:%s", i > 0 ? " " : "", pubs[i].kid,
		    b64);
	}
	html_lit(b, "<li id=\"check-signature\" data-result=\"not-checked\"");
	check_attr(b, "data-keys", keys.data);
	buf_free(&keys);
	check_attr(b, "data-code", c->code);
	check_attr(b, "data-serial", c->serial);
	check_attr(b, "data-holder", c->holder);
	check_attr(b, "data-checking", i18n(l, M_V_CHECK_SIG_CHECKING));
	check_attr(b, "data-ok", i18n(l, M_V_CHECK_SIG_OK));
	check_attr(b, "data-bad", i18n(l, M_V_CHECK_SIG_BAD));
	check_attr(b, "data-mismatch", i18n(l, M_V_CHECK_SIG_MISMATCH));
	check_attr(b, "data-unsupported", i18n(l, M_V_CHECK_SIG_UNSUPPORTED));
	html_lit(b, "><strong>");
	html_text(b, i18n(l, M_V_CHECK_SIG));
	html_lit(b, "</strong> <span class=\"check-note\">");
	html_text(b, i18n(l, M_V_CHECK_SIG_NONE));
	html_lit(b, "</span></li></ol></section>"
	    "<script src=\"/assets/verify.js\" defer></script>");
}

/*
 * GET /v/<code> and GET /api/v1/verify/<code>: the verdict, then the
 * facts. 404 when there is no such certificate.
 */
int
verify_page(struct ctx *ctx)
{
	struct page_ctx		 pc;
	struct related		 w;
	struct cert		 c;
	struct buf		 b, rel;
	enum cert_status	 s;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	char			 code[CODE_LEN + 1], today[11], when[11];
	const char		*earned;

	if (!path_verify_code(ctx, code))
		return (not_found(ctx));
	if ((r = db_cert_by_code(code, &c)) == DB_NOTFOUND)
		return (not_found(ctx));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	web_today(today);
	s = cert_status(&c, today);
	memset(&w, 0, sizeof(w));
	w.self = c.id;
	w.today = today;
	w.l = l;
	if (web_is_json(ctx)) {
		if (c.shared && s == CERT_VALID) {
			buf_init(&rel, 1024);
			w.json = &rel;
			if ((r = db_certs_of_user(c.user, related_row_cb, &w)) !=
			    DB_OK) {
				buf_free(&rel);
				return (web_busy(ctx, r));
			}
		}
		buf_init(&b, 1024);
		verify_json(&b, &c, s, w.json);
		if (w.json != NULL)
			buf_free(&rel);
		http_response_header(ctx->req, "cache-control", "no-store");
		return (web_json_text(ctx, 200, &b));
	}

	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_V_TITLE));
	html_lit(&b, "<div class=\"verdict ");
	html_text(&b, verdict_class[s]);
	html_lit(&b, "\" id=\"verdict\" data-status=\"");
	html_text(&b, s == CERT_SUPERSEDED ? "revoked" : cert_status_code(s));
	html_lit(&b, "\"><h1>");
	html_text(&b, i18n(l, verdict_msg[s]));
	html_lit(&b, "</h1>");
	if (s == CERT_VALID) {
		html_lit(&b, "<p>");
		html_text(&b, i18n(l, M_V_VALID_NOTE));
		html_lit(&b, "</p>");
	} else if (s == CERT_REVOKED) {
		seat_today(c.revoked, when);
		html_lit(&b, "<p id=\"revoked-reason\">");
		html_text(&b, i18n(l, M_V_REASON));
		colon(&b, l);
		html_text(&b, c.revoked_reason);
		html_lit(&b, "<br>");
		html_text(&b, i18n(l, M_V_REVOKED_ON));
		colon(&b, l);
		html_text(&b, when);
		html_lit(&b, "</p>");
	} else if (s == CERT_SUSPENDED) {
		seat_today(c.suspended, when);
		html_lit(&b, "<p>");
		html_text(&b, i18n(l, M_V_SUSPENDED_NOTE));
		html_lit(&b, "</p><p id=\"suspended-reason\">");
		html_text(&b, i18n(l, M_V_REASON));
		colon(&b, l);
		html_text(&b, c.suspended_reason);
		html_lit(&b, "<br>");
		html_text(&b, i18n(l, M_V_SUSPENDED_ON));
		colon(&b, l);
		html_text(&b, when);
		html_lit(&b, "</p>");
	} else if (s == CERT_SUPERSEDED) {
		html_lit(&b, "<p><a id=\"superseded-by\" href=\"/v/");
		html_text(&b, c.next_code);
		html_lit(&b, "\">");
		html_text(&b, i18n(l, M_V_SUPERSEDED_LINK));
		html_lit(&b, " (");
		html_text(&b, c.next_serial);
		html_lit(&b, ")</a></p>");
	} else {
		html_lit(&b, "<p>");
		html_text(&b, i18n(l, M_V_EXPIRES));
		colon(&b, l);
		html_text(&b, c.expires);
		html_lit(&b, "</p>");
	}
	html_lit(&b, "</div><dl class=\"facts\">");
	earned = cert_title(&c, l);
	fact(&b, l, M_V_HOLDER, "holder", c.holder);
	if (c.identity_checked != 0)
		fact(&b, l, M_V_IDENTITY, "identity", i18n(l,
		    M_V_IDENTITY_NOTE));
	fact(&b, l, M_V_EARNED, "earned", earned);
	fact(&b, l, M_V_KIND, NULL, i18n(l, cert_kind_msg(c.kind)));
	fact(&b, l, M_V_ISSUER, NULL, certtpl_issuer(l == LANG_EN ? CLANG_EN :
	    CLANG_ZH));
	fact(&b, l, M_V_ISSUED, NULL, c.issued);
	fact(&b, l, M_V_EXPIRES, NULL, c.expires[0] != '\0' ? c.expires :
	    i18n(l, M_V_NO_EXPIRY));
	fact(&b, l, M_V_SERIAL, "serial", c.serial);
	html_lit(&b, "</dl>");
	if (c.shared && s == CERT_VALID) {
		if ((r = db_certs_of_user(c.user, related_row_cb, &w)) !=
		    DB_OK) {
			buf_free(&b);
			return (web_busy(ctx, r));
		}
		if (w.n > 0)
			html_lit(&b, "</ul></section>");
	}
	checks(&b, l, &c, s, today);
	html_lit(&b, "<p class=\"muted\">");
	html_text(&b, i18n(l, M_V_NOT_NATIONAL));
	html_lit(&b, "</p><p><a href=\"/verify\">");
	html_text(&b, i18n(l, M_V_LOOKUP));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	http_response_header(ctx->req, "cache-control", "no-store");
	return (web_html(ctx, 200, &b));
}

static int
lookup_form(struct ctx *ctx, int status, enum msg err)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;
	const char	*serial = web_field(ctx, "serial");
	const char	*name = web_field(ctx, "name");

	web_form_token(ctx);
	web_page_begin(ctx, &b, &pc, M_V_LOOKUP);
	if (status == 404) {
		html_lit(&b, "<div class=\"verdict notfound\" id=\"verdict\" "
		    "data-status=\"not_found\"><h2>");
		html_text(&b, i18n(l, M_V_NOT_FOUND));
		html_lit(&b, "</h2><p>");
		html_text(&b, i18n(l, M_V_NOT_FOUND_NOTE));
		html_lit(&b, "</p></div>");
	} else if (status != 200)
		page_error(&b, &pc, i18n(l, err));
	html_lit(&b, "<p>");
	html_text(&b, i18n(l, M_V_LOOKUP_NOTE));
	html_lit(&b, "</p><form method=\"post\" action=\"/verify\" "
	    "class=\"stack\">");
	page_csrf_field(&b, &pc);
	html_lit(&b, "<label>");
	html_text(&b, i18n(l, M_V_SERIAL));
	/* Room for the serial as printed, with its spaces. */
	html_lit(&b, "<input name=\"serial\"");
	page_field_attrs(&b, &pc, "serial");
	html_lit(&b, " maxlength=\"40\" "
	    "autocapitalize=\"characters\" autocomplete=\"off\" required "
	    "value=\"");
	html_text(&b, serial != NULL ? serial : "");
	html_lit(&b, "\"></label>");
	page_field_error(&b, &pc, "serial");
	html_lit(&b, "<label>");
	html_text(&b, i18n(l, M_V_HOLDER));
	html_lit(&b, "<input name=\"name\"");
	page_field_attrs(&b, &pc, "name");
	html_lit(&b, " maxlength=\"40\" "
	    "autocomplete=\"off\" required value=\"");
	html_text(&b, name != NULL ? name : "");
	html_lit(&b, "\"></label>");
	page_field_error(&b, &pc, "name");
	html_lit(&b, "<button type=\"submit\">");
	html_text(&b, i18n(l, M_V_LOOKUP_BUTTON));
	html_lit(&b, "</button></form>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /verify: the manual look-up form. */
int
verify_lookup_page(struct ctx *ctx)
{
	return (lookup_form(ctx, 200, M_ERR_TITLE));
}

static int
lookup_limit(void)
{
	const char	*v = getenv("YUJIANG_LOOKUP_LIMIT");

	return (v != NULL && atoi(v) > 0 ? atoi(v) : LOOKUP_LIMIT);
}

/*
 * POST /verify and /api/v1/verify: serial + holder name → the verify
 * page (303) or "not found". Every look-up counts against the address,
 * found or not: a serial alone is never enough, and names cannot be
 * tried at speed.
 */
int
verify_lookup(struct ctx *ctx)
{
	struct cert	 c;
	enum db_result	 r;
	const char	*in = web_field(ctx, "serial");
	char		 serial[SERIAL_LEN + 1], key[96], to[64];
	char		 url[ORIGIN_MAX + 32];
	char		 name[NAME_MAX_CHARS * 4 + 1];
	int64_t		 now = (int64_t)time(NULL);
	size_t		 i, n;
	int		 throttled;

	n = 0;
	for (i = 0; in != NULL && in[i] != '\0' && n <= SERIAL_LEN; i++) {
		if (in[i] == ' ' || in[i] == '-')
			continue;	/* as printed, or typed with gaps */
		serial[n++] = (char)toupper((unsigned char)in[i]);
	}
	serial[n > SERIAL_LEN ? SERIAL_LEN : n] = '\0';
	if (n != SERIAL_LEN || !serial_valid(serial) ||
	    !identity_name(web_field(ctx, "name"), name, sizeof(name))) {
		/* The message beside the first field that is wrong. */
		web_bad_field(ctx, n != SERIAL_LEN || !serial_valid(serial) ?
		    "serial" : "name", M_ERR_LOOKUP_FIELDS);
		if (web_is_json(ctx))
			return (web_fail(ctx, 400, "invalid_lookup",
			    M_ERR_LOOKUP_FIELDS));
		return (lookup_form(ctx, 400, M_ERR_LOOKUP_FIELDS));
	}
	(void)snprintf(key, sizeof(key), "verify/%s", ctx->throttle);
	if ((r = db_register_attempt(key, now - LOOKUP_WINDOW, now,
	    lookup_limit(), &throttled)) != DB_OK)
		return (web_busy(ctx, r));
	if (throttled) {
		http_response_header(ctx->req, "retry-after", "3600");
		if (web_is_json(ctx))
			return (web_fail(ctx, 429, "throttled",
			    M_ERR_LOOKUP_THROTTLED));
		return (lookup_form(ctx, 429, M_ERR_LOOKUP_THROTTLED));
	}
	if ((r = db_cert_by_serial(serial, name, &c)) == DB_NOTFOUND) {
		if (web_is_json(ctx))
			return (web_json(ctx, 404, json_pack("{s:s}",
			    "status", "not_found")));
		return (lookup_form(ctx, 404, M_V_NOT_FOUND));
	}
	if (r != DB_OK)
		return (web_busy(ctx, r));
	(void)snprintf(to, sizeof(to), "/v/%s", c.code);
	if (web_is_json(ctx)) {
		cert_verify_url(&c, url, sizeof(url));
		return (web_json(ctx, 200, json_pack("{s:s, s:s, s:s}",
		    "code", c.code, "url", url, "path", to)));
	}
	return (web_redirect(ctx, to));
}

/* One key of the keyring as /api/v1/keys lists it. */
static json_t *
key_json(const struct keyring_key *k, const char *did)
{
	char	 b64[64], didkey[SIGN_DID_LEN + 1], mb[SIGN_MULTIBASE_LEN + 1];
	char	 vm[SIGN_VM_LEN + 1];

	sodium_bin2base64(b64, sizeof(b64), k->pub.pk, sizeof(k->pub.pk),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sign_did_key(k->pub.pk, didkey, sizeof(didkey));
	sign_multibase(k->pub.pk, mb, sizeof(mb));
	(void)snprintf(vm, sizeof(vm), "%s#%s", did, k->pub.kid);
	return (json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, "
	    "s:s}", "kid", k->pub.kid, "alg", "Ed25519", "use", "certificates",
	    "state", k->retired[0] != '\0' ? "retired" : "active",
	    "created", k->created,
	    "retired", k->retired[0] != '\0' ? json_string(k->retired) :
	    json_null(),
	    "public_key", b64, "did", didkey, "public_key_multibase", mb,
	    "verification_method", vm));
}

/* The signing process's keyring, or answered 503. */
static int
keyring_or_fail(struct ctx *ctx, struct keyring *r)
{
	if (signer_keys(r))
		return (1);
	return (web_fail(ctx, 503, "busy", M_ERR_BUSY), 0);
}

/*
 * GET /api/v1/keys: every key that signs or signed the certificates' QR
 * codes and credentials, the active one first, then the retired ones,
 * newest first, each with its state and dates (a retired key signed
 * what was issued before its retirement, and that still verifies), as
 * base64url, did:key and Multikey, with the station's did:web and the
 * form of the QR text, so anyone can check a scan without us.
 */
int
verify_keys(struct ctx *ctx)
{
	static struct keyring	 r;
	const char		*did = signer_did();
	char			 doc[ORIGIN_MAX + 32];
	json_t			*keys;
	size_t			 i;

	if (!keyring_or_fail(ctx, &r))
		return (KORE_RESULT_OK);
	keys = json_array();
	json_array_append_new(keys, key_json(&r.key[r.active], did));
	for (i = r.n; i > 0; i--) {
		if (i - 1 != r.active)
			json_array_append_new(keys, key_json(&r.key[i - 1],
			    did));
	}
	(void)snprintf(doc, sizeof(doc), "%s/.well-known/did.json",
	    issuer_origin());
	http_response_header(ctx->req, "cache-control", "public, max-age=300");
	return (web_json(ctx, 200, json_pack("{s:{s:s, s:s, s:s, s:s}, s:s, "
	    "s:s, s:o, s:s}",
	    "issuer", "name_zh", certtpl_issuer(CLANG_ZH),
	    "name_en", certtpl_issuer(CLANG_EN), "url", issuer_origin(), "did", did,
	    "did", did, "did_document", doc,
	    "keys", keys,
	    "qr_format", "<origin>/v/<code>#<base64url(claims JSON)>."
	    "<base64url(Ed25519 signature over those exact bytes)>")));
}

/* 1 when If-None-Match (a list, or "*") names etag (quoted, strong). */
static int
etag_matches(const char *inm, const char *etag)
{
	return (inm != NULL && (strcmp(inm, "*") == 0 ||
	    strstr(inm, etag) != NULL));
}

/*
 * GET /status/revocation, /status/suspension and their /api/v1/ twins:
 * the signed BitstringStatusListCredential as stored, with its ETag
 * (304 when If-None-Match has it) and Cache-Control from its ttl. Open
 * to every origin: wallets fetch it from their own pages.
 */
int
verify_status_list(struct ctx *ctx)
{
	enum status_purpose	 p;
	enum db_result		 r;
	const char		*name = strrchr(ctx->req->path, '/');
	const char		*inm = NULL;
	char			 etag[72], cache[48], *body;

	if (name == NULL || !status_purpose_parse(name + 1, &p))
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	if ((r = db_status_list(status_purpose_code(p), &body, etag,
	    sizeof(etag))) == DB_NOTFOUND)
		return (web_fail(ctx, 503, "not_ready", M_ERR_STATUS_LIST));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	(void)snprintf(cache, sizeof(cache), "public, max-age=%d",
	    STATUS_TTL_MS / 1000);
	http_response_header(ctx->req, "cache-control", cache);
	http_response_header(ctx->req, "etag", etag);
	http_response_header(ctx->req, "access-control-allow-origin", "*");
	http_response_header(ctx->req, "x-content-type-options", "nosniff");
	if (http_request_header(ctx->req, "if-none-match", &inm) &&
	    etag_matches(inm, etag)) {
		free(body);
		http_response(ctx->req, 304, NULL, 0);
		return (KORE_RESULT_OK);
	}
	http_response_header(ctx->req, "content-type", web_is_json(ctx) ?
	    "application/json; charset=utf-8" :
	    "application/vc+ld+json; charset=utf-8");
	http_response(ctx->req, 200, body, strlen(body));
	free(body);
	return (KORE_RESULT_OK);
}

/*
 * GET /.well-known/did.json: the did:web document of the station (the
 * public URL's host, the port's colon as %3A): each key a Multikey
 * verification method, and all of them assertion methods, the retired
 * ones too (with their retirement date), since what they signed before
 * must still verify. "retired" is our own term, defined in the
 * document's context; DID Core's "revoked" would tell verifiers to
 * refuse what the key signed, which a rotation does not mean.
 */
int
verify_did(struct ctx *ctx)
{
	static struct keyring	 r;
	const struct keyring_key *k;
	const char		*did = signer_did();
	char			 vm[SIGN_VM_LEN + 1], mb[SIGN_MULTIBASE_LEN + 1];
	char			 term[ORIGIN_MAX + 32];
	json_t			*vms, *am, *m;
	size_t			 i;

	if (!keyring_or_fail(ctx, &r))
		return (KORE_RESULT_OK);
	vms = json_array();
	am = json_array();
	for (i = 0; i < r.n; i++) {
		k = &r.key[i];
		(void)snprintf(vm, sizeof(vm), "%s#%s", did, k->pub.kid);
		sign_multibase(k->pub.pk, mb, sizeof(mb));
		m = json_pack("{s:s, s:s, s:s, s:s}", "id", vm, "type",
		    "Multikey", "controller", did, "publicKeyMultibase", mb);
		if (k->retired[0] != '\0')
			json_object_set_new(m, "retired",
			    json_string(k->retired));
		json_array_append_new(vms, m);
		json_array_append_new(am, json_string(vm));
	}
	(void)snprintf(term, sizeof(term), "%s/api/v1/keys#retired",
	    issuer_origin());
	http_response_header(ctx->req, "cache-control", "public, max-age=300");
	return (web_json(ctx, 200, json_pack("{s:[s, s, {s:{s:s, s:s}}], "
	    "s:s, s:o, s:o}",
	    "@context", "https://www.w3.org/ns/did/v1",
	    "https://w3id.org/security/multikey/v1", "retired", "@id", term,
	    "@type", "http://www.w3.org/2001/XMLSchema#dateTime",
	    "id", did, "verificationMethod", vms, "assertionMethod", am)));
}
