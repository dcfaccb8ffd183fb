/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * web.c: a request's life — the dispatcher that enforces the route table
 * (method, role, CSRF) in one place, fields from forms or JSON, sessions,
 * work off the event loop. How a handler answers (pages, JSON, errors,
 * redirects, cookies, files) is answer.c's; the password jobs web_pw.c's.
 *
 * Security decisions made here, once:
 * - roles are checked against the route table before any handler runs;
 * - every POST carries a CSRF token: the session's derived token when
 *   logged in, else the signed double-submit value of the yj_csrf cookie
 *   (a value the server made and signed, never one the caller made up; Kore
 *   4.1 cannot set SameSite through its cookie API, so the cookies are
 *   written by hand with SameSite and HttpOnly);
 * - every answer carries CSP, nosniff and frame-ancestors 'none'
 *   (answer.c).
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "html.h"
#include "metrics.h"
#include "routeidx.h"
#include "web.h"
#include "webmetrics.h"

#define SESSION_COOKIE	"yj_session"
#define CSRF_COOKIE	"yj_csrf"
#define LANG_COOKIE	"yj_lang"
#define SESSION_TTL	(7 * 24 * 3600)

static int	trust_proxy;
static int	register_limit = REGISTER_ADDR;

static const struct route	*route_find(const char *);
static int	 dispatch(struct http_request *);
static int	 routes_index(struct kore_domain *);

/* Which route a path is (routes_index()): the index over every
 * dispatched route, each route's Kore handle (its params), the fallback. */
static struct routeidx			 *route_index;
static struct routeidx_in		 *route_in;
static size_t				 *route_in_row;
static struct kore_module_handle	**route_hdlr;
static const struct route		 *route_catch_all;
static void	 ctx_free(struct http_request *);
static void	 ctx_lang(struct ctx *);
static void	 ctx_addr(struct ctx *);
static void	 ctx_session(struct ctx *);
static void	 ctx_anon_csrf(struct ctx *);
static int	 ctx_body(struct ctx *);
static int	 form_populate(struct ctx *);
static int	 ctx_csrf_ok(struct ctx *);
static int	 ctx_who(const struct ctx *);
static int	 hex_token(const char *);

/* The module's route table (app.c), kept by web_configure(). */
static const struct route	*route_table;
static size_t			 route_count;

/* Read the deployment's switches and keep the route table (borrowed:
 * static in app.c); runs in the parent before the fork. */
void
web_configure(const struct route *table, size_t n)
{
	const char	*v;

	route_table = table;
	route_count = n;

	web_answer_configure((v = getenv("YUJIANG_SECURE_COOKIES")) != NULL &&
	    strcmp(v, "1") == 0);
	trust_proxy = (v = getenv("YUJIANG_TRUST_PROXY")) != NULL &&
	    strcmp(v, "1") == 0;
	if ((v = getenv("YUJIANG_REGISTER_LIMIT")) != NULL && atoi(v) > 0)
		register_limit = atoi(v);
	web_pw_configure();
}

/* Self-registrations allowed per address per REGISTER_WINDOW. */
int
web_register_limit(void)
{
	return (register_limit);
}

/*
 * Every route Kore knows must be in the table and every row of the table
 * must be routed: a drift between conf/common.conf and src/app.c stops
 * the worker at start instead of leaving a route unguarded. 0 on drift.
 */
int
web_routes_check(void)
{
	struct kore_server		*srv;
	struct kore_domain		*dom;
	struct kore_module_handle	*hdlr;
	const struct route		*r;
	size_t				 i;
	int				 seen, direct;

	LIST_FOREACH(srv, &kore_servers, list) {
		TAILQ_FOREACH(dom, &srv->domains, list) {
			TAILQ_FOREACH(hdlr, &dom->handlers, list) {
				r = route_find(hdlr->path);
				if (r == NULL) {
					kore_log(LOG_ERR, "route %s is not in "
					    "the route table", hdlr->path);
					return (0);
				}
				direct = strcmp(hdlr->func, "yj_route") != 0;
				if (direct != !!(r->flags & R_DIRECT) ||
				    (direct && r->who != WHO_ANY)) {
					kore_log(LOG_ERR, "route %s: handler %s "
					    "bypasses the dispatcher",
					    hdlr->path, hdlr->func);
					return (0);
				}
			}
		}
	}
	for (i = 0; i < route_count; i++) {
		seen = 0;
		LIST_FOREACH(srv, &kore_servers, list) {
			TAILQ_FOREACH(dom, &srv->domains, list) {
				TAILQ_FOREACH(hdlr, &dom->handlers, list) {
					if (!strcmp(hdlr->path, route_table[i].path))
						seen = 1;
				}
			}
		}
		if (!seen) {
			kore_log(LOG_ERR, "table route %s is not routed",
			    route_table[i].path);
			return (0);
		}
	}
	LIST_FOREACH(srv, &kore_servers, list) {
		TAILQ_FOREACH(dom, &srv->domains, list) {
			if (!routes_index(dom))
				return (0);
		}
	}
	return (1);
}

/*
 * Dispatch that does not grow with the routes (issue #16): Kore 4.1
 * tries each route's regex in config order, so conf/common.conf routes
 * the R_DIRECT paths first, then the catch-all "^/", which takes every
 * other request to web_dispatch(); the routes after it are never tried
 * by Kore (they are there for their params and this check) — the index
 * built here finds them, as Kore's scan would have. 0 (the worker stops)
 * when the config is not laid out so, or on a second domain.
 */
static int
routes_index(struct kore_domain *dom)
{
	struct kore_module_handle	*hdlr;
	const struct route		*r;
	size_t				 n = 0, pos = 0;
	int				 after = 0;

	if (route_index != NULL) {
		kore_log(LOG_ERR, "route_table: one domain only");
		return (0);
	}
	route_in = kore_calloc(route_count, sizeof(*route_in));
	route_in_row = kore_calloc(route_count, sizeof(*route_in_row));
	route_hdlr = kore_calloc(route_count, sizeof(*route_hdlr));
	TAILQ_FOREACH(hdlr, &dom->handlers, list) {
		pos++;
		if ((r = route_find(hdlr->path)) == NULL)
			return (0);
		route_hdlr[r - route_table] = hdlr;
		if (r->flags & R_CATCH_ALL) {
			if (after) {
				kore_log(LOG_ERR, "route_table: a second catch-all "
				    "%s", hdlr->path);
				return (0);
			}
			after = 1;
			route_catch_all = r;
			continue;
		}
		if (!!(r->flags & R_DIRECT) == after) {
			kore_log(LOG_ERR, "route %s must come %s the "
			    "catch-all in conf/common.conf", hdlr->path,
			    after ? "before" : "after");
			return (0);
		}
		if (r->flags & R_DIRECT)
			continue;
		route_in[n].path = hdlr->path;
		route_in[n].order = (int)pos;
		route_in[n].re = hdlr->type == HANDLER_TYPE_DYNAMIC ?
		    &hdlr->rctx : NULL;
		route_in_row[n++] = (size_t)(r - route_table);
	}
	if (route_catch_all == NULL) {
		kore_log(LOG_ERR, "route_table: no catch-all route");
		return (0);
	}
	if ((route_index = routeidx_new(route_in, n)) == NULL)
		return (0);
	return (1);
}

static const struct route *
route_find(const char *path)
{
	size_t	 i;

	for (i = 0; i < route_count; i++) {
		if (strcmp(route_table[i].path, path) == 0)
			return (&route_table[i]);
	}
	return (NULL);
}

/*
 * The one Kore handler. Every route in conf/common.conf points here; the
 * route table decides who gets through and which function answers.
 * Each request is counted once, by its route, when it is answered
 * (webmetrics.h).
 */
int
web_dispatch(struct http_request *req)
{
	struct ctx	*ctx;
	int		 rc;

	rc = dispatch(req);
	if (rc != KORE_RESULT_RETRY && (ctx = http_state_get(req)) != NULL)
		webmetrics_done(req, (size_t)(ctx->route - route_table),
		    ctx->started_us);
	return (rc);
}

static int
dispatch(struct http_request *req)
{
	struct ctx		*ctx;
	const struct route	*r;
	int			 i;

	/* A handler waiting on its task is called again: checks are done. */
	if (http_state_exists(req)) {
		ctx = http_state_get(req);
		return (ctx->handler(ctx));
	}

	/* The route, by the index (routes_index()); its own Kore handle
	 * from here on, so Kore reads that route's params. */
	if (route_index == NULL || route_catch_all == NULL) {
		http_response(req, HTTP_STATUS_INTERNAL_ERROR, NULL, 0);
		return (KORE_RESULT_OK);
	}
	if ((i = routeidx_find(route_index, req->path)) >= 0)
		r = &route_table[route_in_row[i]];
	else
		r = route_catch_all;
	req->hdlr = route_hdlr[r - route_table];
	ctx = http_state_create(req, sizeof(*ctx), ctx_free);
	ctx->started_us = metrics_now_us();
	ctx->req = req;
	ctx->route = r;
	http_populate_cookies(req);
	ctx_lang(ctx);
	ctx_addr(ctx);

	if (req->method == HTTP_METHOD_GET || req->method == HTTP_METHOD_HEAD ||
	    (r->flags & R_CATCH_ALL))
		ctx->handler = r->get;
	else if (req->method == HTTP_METHOD_POST)
		ctx->handler = r->post;
	if (ctx->handler == NULL) {
		http_response_header(req, "allow", r->post == NULL ?
		    "GET, HEAD" : r->get == NULL ? "POST" : "GET, HEAD, POST");
		return (web_fail(ctx, 405, "method_not_allowed", M_ERR_METHOD));
	}

	if (!(r->flags & R_NO_SESSION))
		ctx_session(ctx);
	if (!ctx->logged_in && !(r->flags & R_NO_SESSION))
		ctx_anon_csrf(ctx);

	if ((r->flags & R_ANON_ONLY) && ctx->logged_in) {
		if (web_is_json(ctx))
			return (web_fail(ctx, 409, "already_logged_in",
			    M_ERR_ALREADY_IN));
		return (web_redirect(ctx, "/me"));
	}
	if (!(ctx_who(ctx) & (req->method == HTTP_METHOD_POST && r->post_who ?
	    r->post_who : r->who))) {
		if (ctx->logged_in)
			return (web_fail(ctx, 403, "forbidden",
			    M_ERR_FORBIDDEN));
		if (!web_is_json(ctx) && req->method != HTTP_METHOD_POST)
			return (web_redirect(ctx, "/login"));
		return (web_fail(ctx, 401, "login_required",
		    M_ERR_LOGIN_REQUIRED));
	}

	/* 身份: an account nobody proved is refused before its body is
	 * even read (enrol, ask a master, log, upload, enter). */
	if (req->method == HTTP_METHOD_POST && (r->flags & R_VERIFIED) &&
	    ctx->logged_in && !ctx->user.verified)
		return (web_unverified(ctx));

	if (req->method == HTTP_METHOD_POST && !(r->flags & R_CATCH_ALL)) {
		if (req->content_length > WEB_BODY_MAX &&
		    !(r->flags & R_UPLOAD))
			return (web_fail(ctx, 413, "too_large",
			    M_ERR_TOO_LARGE));
		if (r->flags & R_UPLOAD) {
			/* Multipart whatever the answer's form; CSRF in the
			 * csrf part or the X-CSRF-Token header. */
			http_populate_multipart_form(req);
		} else if (web_is_json(ctx)) {
			if (!ctx_body(ctx))
				return (KORE_RESULT_OK);
		} else {
			const char	*ct = NULL;

			if (http_request_header(req, "content-type", &ct) &&
			    strncasecmp(ct, "multipart/form-data", 19) == 0)
				http_populate_multipart_form(req);
			else if (!form_populate(ctx))
				return (web_fail(ctx, 400, "bad_request",
				    M_ERR_FIELD_DROPPED));
		}
		if (!ctx_csrf_ok(ctx))
			return (web_fail(ctx, 403, "csrf", M_ERR_CSRF));
	} else {
		http_populate_get(req);
	}
	return (ctx->handler(ctx));
}

/*
 * Parse an urlencoded form body, and return 0 when Kore dropped one of
 * the route's free-text fields (those validated by v_lines: a comment,
 * notes, a reason): Kore 4.1 silently drops a value holding a control
 * byte (a newline sent in an <input>) and every pair after the 19th.
 * Dropped, such an optional field would vanish and the action go on
 * without it; refused, the person is told. (A required field that is
 * dropped is reported by its handler as missing, with its own message.)
 * The names are read from a copy: Kore splits the body in place.
 */
static int
form_populate(struct ctx *ctx)
{
	struct http_request		*req = ctx->req;
	struct kore_handler_params	*p;
	struct buf			 copy;
	const char			*s, *end, *amp, *eq;
	char				 name[64], *v;
	size_t				 n;
	int				 ok = 1;

	if (req->http_body == NULL || req->content_length == 0) {
		http_populate_post(req);
		return (1);	/* on disk: forms are never that big */
	}
	buf_init(&copy, req->content_length + 1);
	buf_append(&copy, req->http_body->data, req->content_length);
	http_populate_post(req);
	s = copy.data;
	end = s + copy.len;
	for (; s < end && ok; s = amp + 1) {
		if ((amp = memchr(s, '&', (size_t)(end - s))) == NULL)
			amp = end;
		eq = memchr(s, '=', (size_t)(amp - s));
		n = (size_t)((eq != NULL ? eq : amp) - s);
		/* An empty value is an empty field, not a dropped one. */
		if (n == 0 || n >= sizeof(name) || eq == NULL || eq + 1 == amp)
			continue;
		memcpy(name, s, n);
		name[n] = '\0';
		/* Kore matches decoded names (comm%65nt is comment). */
		if (!http_argument_urldecode(name))
			continue;
		TAILQ_FOREACH(p, &req->hdlr->params, list) {
			if (p->method != HTTP_METHOD_POST ||
			    (p->flags & KORE_PARAMS_QUERY_STRING) ||
			    strcmp(p->name, name) != 0 ||
			    strcmp(p->validator->name, "v_lines") != 0)
				continue;
			if (!http_argument_get_string(req, name, &v))
				ok = 0;
			break;
		}
	}
	buf_free(&copy);
	return (ok);
}

/* Kore's onfree: may run more than once (KORE.md 5.14), so idempotent. */
static void
ctx_free(struct http_request *req)
{
	struct ctx	*ctx = http_state_get(req);

	if (ctx == NULL)
		return;
	if (ctx->body != NULL) {
		json_decref(ctx->body);
		ctx->body = NULL;
	}
	web_pw_release(ctx);
	if (ctx->flow != NULL) {
		secret_wipe(ctx->flow, ctx->flow_len);
		kore_free(ctx->flow);
		ctx->flow = NULL;
	}
	/* Work still running keeps its memory; Kore calls us again later. */
	if (ctx->work.arg != NULL && (!ctx->work.started ||
	    __atomic_load_n(&ctx->work.done, __ATOMIC_ACQUIRE))) {
		ctx->work.release(ctx->work.arg);
		ctx->work.arg = NULL;
	}
}

static int
ctx_who(const struct ctx *ctx)
{
	if (!ctx->logged_in)
		return (WHO_ANON);
	switch (ctx->user.role) {
	case ROLE_MASTER:
		return (WHO_MASTER);
	case ROLE_STAFF:
		return (WHO_STAFF);
	case ROLE_EMPLOYER:
		return (WHO_EMPLOYER);
	default:
		return (WHO_APPRENTICE);
	}
}

/* The yj_lang cookie if set, else Accept-Language, else Chinese. */
static void
ctx_lang(struct ctx *ctx)
{
	char		*v;
	const char	*al = NULL;

	if (http_request_cookie(ctx->req, LANG_COOKIE, &v) &&
	    i18n_parse(v, &ctx->lang))
		return;
	(void)http_request_header(ctx->req, "accept-language", &al);
	ctx->lang = i18n_negotiate(al);
}

/*
 * The client's address for login throttling. Behind the local nginx every
 * peer is 127.0.0.1, so with YUJIANG_TRUST_PROXY=1 the X-Real-IP header
 * nginx sets is used instead (never trusted otherwise: clients forge it).
 * The throttles count ctx->throttle: an IPv6 client by its /64, which one
 * subscriber holds whole (identity_throttle_key()); ctx->addr stays as it came,
 * for the sessions list.
 */
static void
ctx_addr(struct ctx *ctx)
{
	struct connection	*c = ctx->req->owner;
	const char		*h;

	if (trust_proxy && http_request_header(ctx->req, "x-real-ip", &h) &&
	    strlen(h) < sizeof(ctx->addr))
		(void)snprintf(ctx->addr, sizeof(ctx->addr), "%s", h);
	else if (c->family == AF_INET)
		inet_ntop(AF_INET, &c->addr.ipv4.sin_addr, ctx->addr,
		    sizeof(ctx->addr));
	else if (c->family == AF_INET6)
		inet_ntop(AF_INET6, &c->addr.ipv6.sin6_addr, ctx->addr,
		    sizeof(ctx->addr));
	else
		(void)snprintf(ctx->addr, sizeof(ctx->addr), "local");
	identity_throttle_key(ctx->addr, ctx->throttle);
}

static int
hex_token(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return (0);
	}
	return (i == TOKEN_HEX - 1);
}

/* Who is asking: the live session named by the yj_session cookie. */
static void
ctx_session(struct ctx *ctx)
{
	char	*v;
	char	 digest[TOKEN_HEX];

	if (!http_request_cookie(ctx->req, SESSION_COOKIE, &v) ||
	    !hex_token(v))
		return;
	secret_token_hash(v, digest);
	if (db_session_user(digest, (int64_t)time(NULL), &ctx->user) != DB_OK)
		return;
	ctx->logged_in = 1;
	(void)snprintf(ctx->token, sizeof(ctx->token), "%s", v);
	secret_derive(ctx->token, "csrf", ctx->csrf);
}

/*
 * Anonymous forms (register, login, activate) use a signed double-submit
 * token: the value of the yj_csrf cookie, which must be one this server
 * made (random || its HMAC under the server's key, secret_csrf_token()).
 * A cross-site page can neither read that cookie nor, usually, set it;
 * where it can plant a cookie (a sibling subdomain, a plain-HTTP
 * response on the same host), it still cannot make a value that passes
 * secret_csrf_valid(), so an equal cookie and field it made up are
 * refused. A cookie that fails is ignored, as if absent: the next form
 * page issues a good one. Here it is only read; web_form_token() makes
 * one for the pages that carry such forms.
 */
static void
ctx_anon_csrf(struct ctx *ctx)
{
	char	*v;

	if (http_request_cookie(ctx->req, CSRF_COOKIE, &v) &&
	    secret_csrf_valid(v))
		(void)snprintf(ctx->csrf, sizeof(ctx->csrf), "%s", v);
}

/*
 * Make sure an anonymous reader has a CSRF token (and its cookie) before
 * a page with a form is written; logged-in readers always have theirs.
 * Pages without forms skip this, so browsing costs no random bytes.
 */
void
web_form_token(struct ctx *ctx)
{
	if (ctx->logged_in || ctx->csrf[0] != '\0')
		return;
	secret_csrf_token(ctx->csrf);
	web_cookie(ctx, CSRF_COOKIE, ctx->csrf, SESSION_TTL);
}

static int
ctx_csrf_ok(struct ctx *ctx)
{
	const char	*got = NULL;
	char		*field;

	if (ctx->csrf[0] == '\0')
		return (0);
	if (!http_request_header(ctx->req, "x-csrf-token", &got) &&
	    !web_is_json(ctx) &&
	    http_argument_get_string(ctx->req, "csrf", &field))
		got = field;
	return (secret_equal(got, ctx->csrf));
}

/* Parse a JSON object body; answers 415/400 itself and returns 0. */
static int
ctx_body(struct ctx *ctx)
{
	struct buf	 b;
	json_error_t	 err;
	const char	*ct = NULL;
	char		 chunk[8192];
	ssize_t		 n;

	if (!http_request_header(ctx->req, "content-type", &ct) ||
	    strncasecmp(ct, "application/json", 16) != 0) {
		web_fail(ctx, 415, "unsupported_media_type", M_ERR_MEDIA_TYPE);
		return (0);
	}
	buf_init(&b, 1024);
	while ((n = http_body_read(ctx->req, chunk, sizeof(chunk))) > 0)
		buf_append(&b, chunk, (size_t)n);
	if (n == -1) {
		buf_free(&b);
		web_fail(ctx, 400, "bad_request", M_ERR_BAD_REQUEST);
		return (0);
	}
	ctx->body = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &err);
	buf_free(&b);
	if (ctx->body == NULL || !json_is_object(ctx->body)) {
		web_fail(ctx, 400, "bad_json", M_ERR_BAD_JSON);
		return (0);
	}
	return (1);
}

/*
 * A request field: the JSON body's string member for API POSTs, the
 * validated form or query argument otherwise. NULL when absent or of the
 * wrong type. Borrowed: valid until the request ends.
 */
const char *
web_field(struct ctx *ctx, const char *name)
{
	char	*v;

	if (web_is_json(ctx) && ctx->req->method == HTTP_METHOD_POST) {
		if (ctx->body == NULL)
			return (NULL);
		return (json_string_value(json_object_get(ctx->body, name)));
	}
	if (http_argument_get_string(ctx->req, name, &v))
		return (v);
	return (NULL);
}

/*
 * 1 when a JSON body gives field name as something other than a string:
 * web_field() reads it as missing, and an optional field would quietly
 * take its default. Handlers refuse it instead.
 */
int
web_field_not_text(struct ctx *ctx, const char *name)
{
	json_t	*j;

	return (ctx->body != NULL && (j = json_object_get(ctx->body,
	    name)) != NULL && !json_is_string(j));
}

/*
 * Log user in: a fresh random token in the cookie, its digest in the
 * store. The old session, if any, is ended first (no fixation). Returns
 * 0 after answering when the store fails.
 */
int
web_session_start(struct ctx *ctx, int64_t user)
{
	const char	*ua;
	char		 digest[TOKEN_HEX], agent[201];
	int64_t		 now = (int64_t)time(NULL);
	enum db_result	 r;

	if (ctx->logged_in)
		web_session_end(ctx);
	secret_token(ctx->token);
	secret_token_hash(ctx->token, digest);
	agent[0] = '\0';
	if (http_request_header(ctx->req, "user-agent", &ua))
		(void)snprintf(agent, sizeof(agent), "%s", ua);
	(void)utf8_cut(agent, 200, sizeof(agent));
	if ((r = db_session_open(digest, user, now, now + SESSION_TTL,
	    ctx->addr, agent)) != DB_OK || (r = db_user_by_id(user, &ctx->user)) != DB_OK) {
		web_busy(ctx, r);
		return (0);
	}
	ctx->logged_in = 1;
	secret_derive(ctx->token, "csrf", ctx->csrf);
	web_cookie(ctx, SESSION_COOKIE, ctx->token, SESSION_TTL);
	return (1);
}

/*
 * Log user in and answer: to "my page" for people, or status with
 * {"user", "csrf"} for the API. After registering, logging in and
 * activating alike. Returns KORE_RESULT_OK.
 */
int
web_welcome(struct ctx *ctx, int64_t user, int status)
{
	if (!web_session_start(ctx, user))
		return (KORE_RESULT_OK);
	if (!web_is_json(ctx))
		return (web_redirect(ctx, "/me"));
	return (web_json(ctx, status, json_pack("{s:o, s:s}", "user",
	    web_user_json(&ctx->user), "csrf", ctx->csrf)));
}

void
web_session_end(struct ctx *ctx)
{
	char	 digest[TOKEN_HEX];

	if (ctx->logged_in) {
		secret_token_hash(ctx->token, digest);
		(void)db_session_delete(digest, (int64_t)time(NULL));
	}
	ctx->logged_in = 0;
	secret_wipe(ctx->token, sizeof(ctx->token));
	web_cookie(ctx, SESSION_COOKIE, "", 0);
}

/*
 * Kore validator for free text fields: clean UTF-8 (no control bytes),
 * at most 1024 bytes. Empty passes, so the handler can say "missing";
 * format characters pass too, so the handler refuses a name or title
 * holding one with its own reason (utf8_chars()) instead of Kore
 * dropping it unseen.
 */
int
web_v_text(struct http_request *req, const void *data)
{
	size_t	 n;

	(void)req;
	if (strlen(data) > 1024)
		return (KORE_RESULT_ERROR);
	return (utf8_clean(data, &n) ? KORE_RESULT_OK : KORE_RESULT_ERROR);
}

/*
 * An integer field: a JSON integer (a string is refused) for the API,
 * the form or query argument otherwise. 1 when present and a whole number
 * from min to max.
 */
int
web_field_int(struct ctx *ctx, const char *name, long long min,
    long long max, long long *out)
{
	const char	*s;
	json_t		*v;
	char		*end;
	long long	 n;

	if (web_is_json(ctx) && ctx->body != NULL &&
	    (v = json_object_get(ctx->body, name)) != NULL) {
		if (!json_is_integer(v))
			return (0);
		n = json_integer_value(v);
	} else {
		if ((s = web_field(ctx, name)) == NULL || *s == '\0')
			return (0);
		errno = 0;
		n = strtoll(s, &end, 10);
		if (*end != '\0' || errno != 0)
			return (0);
	}
	if (n < min || n > max)
		return (0);
	*out = n;
	return (1);
}

/*
 * All values of a repeated field: a JSON array of integers for the API,
 * every form argument of that name otherwise (a list of checkboxes).
 * Returns how many went to out (at most max), or -1 when one is not a
 * positive whole number.
 */
ssize_t
web_field_ids(struct ctx *ctx, const char *name, int64_t *out, size_t max)
{
	struct http_arg	*a;
	json_t		*arr, *v;
	size_t		 i, n = 0;
	char		*end;
	long long	 id;

	if (web_is_json(ctx)) {
		if (ctx->body == NULL ||
		    (arr = json_object_get(ctx->body, name)) == NULL)
			return (0);
		if (!json_is_array(arr))
			return (-1);
		json_array_foreach(arr, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				return (-1);
			if (n < max)
				out[n++] = json_integer_value(v);
		}
		return ((ssize_t)n);
	}
	TAILQ_FOREACH(a, &ctx->req->arguments, list) {
		if (strcmp(a->name, name) != 0)
			continue;
		errno = 0;
		id = strtoll(a->s_value, &end, 10);
		if (*end != '\0' || errno != 0 || id < 1)
			return (-1);
		if (n < max)
			out[n++] = id;
	}
	return ((ssize_t)n);
}

/* The first all-digit segment of the path (/runs/12/enrol: 12;
 * /certs/7.png: 7), or 0. */
int64_t
web_path_id(struct ctx *ctx)
{
	const char	*p = ctx->req->path, *seg;
	long long	 n;

	while ((seg = strchr(p, '/')) != NULL) {
		seg++;
		p = seg;
		if (*seg < '0' || *seg > '9')
			continue;
		n = 0;
		while (*p >= '0' && *p <= '9' && n < 1000000000000LL)
			n = n * 10 + (*p++ - '0');
		if (*p == '/' || *p == '.' || *p == '\0')
			return ((int64_t)n);
	}
	return (0);
}

/* The course code after "/courses/" in the path; 0 when there is none. */
int
web_path_code(struct ctx *ctx, char out[COURSE_CODE_LEN])
{
	const char	*p;
	size_t		 n;

	if ((p = strstr(ctx->req->path, "/courses/")) == NULL)
		return (0);
	p += strlen("/courses/");
	n = strcspn(p, "/");
	if (n >= COURSE_CODE_LEN)
		return (0);
	memcpy(out, p, n);
	out[n] = '\0';
	return (course_code_valid(out));
}

/* The reader's China date, for enrolment windows. */
void
web_today(char out[11])
{
	seat_today(time(NULL), out);
}

static int
work_task(struct kore_task *t)
{
	struct ctxwork	*w = (struct ctxwork *)t;
	int		 ok;

	ok = w->fn(w->arg);
	metrics_gauge_add(MG_TASKS, -1);
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return (ok ? KORE_RESULT_OK : KORE_RESULT_ERROR);
}

/*
 * Run fn(arg) on a task thread; the handler then returns RETRY until
 * web_work_done(). fn touches only arg, never Kore, and the store only
 * through the thread's own connection (db_task_attach()): a long write
 * waits for the lock and holds it there, not on the event loop. arg is
 * released with release() when the request ends, however it ends.
 */
void
web_work_start(struct ctx *ctx, int (*fn)(void *), void *arg,
    void (*release)(void *))
{
	ctx->work.fn = fn;
	ctx->work.arg = arg;
	ctx->work.release = release;
	ctx->work.started = 1;
	metrics_gauge_add(MG_TASKS, 1);
	kore_task_create(&ctx->work.task, work_task);
	kore_task_bind_request(&ctx->work.task, ctx->req);
	kore_task_run(&ctx->work.task);
}

/*
 * 1 when the work has finished: its output is in arg, and whether fn
 * succeeded in ctx->work.result (read before the task is destroyed).
 */
int
web_work_done(struct ctx *ctx)
{
	if (kore_task_state(&ctx->work.task) != KORE_TASK_STATE_FINISHED) {
		http_request_sleep(ctx->req);
		return (0);
	}
	ctx->work.result = kore_task_result(&ctx->work.task);
	kore_task_destroy(&ctx->work.task);
	return (1);
}

/*
 * The handler's own state for this request, kept while it returns
 * KORE_RESULT_RETRY and is called again (a password job, a task): len
 * zeroed bytes on the first call, the same block on every later one. Each
 * flow keeps its struct in its own file and asks for it by size; no
 * task thread touches it. Borrowed: wiped (an account, a code's address)
 * and freed when the request ends.
 */
void *
web_flow(struct ctx *ctx, size_t len)
{
	if (ctx->flow == NULL) {
		ctx->flow = kore_calloc(1, len);
		ctx->flow_len = len;
	} else if (ctx->flow_len != len)
		fatal("web_flow: %zu bytes asked, %zu held", len,
		    ctx->flow_len);
	return (ctx->flow);
}

/*
 * Kore validator for text of several lines (a message, notes, a reason).
 * It lets every value through: Kore drops a value its validator refuses
 * without a word, and for an optional field that would silently lose
 * what the person wrote. The handler checks it (utf8_chars_lines() and
 * the length in characters) and answers 400 with the reason.
 */
int
web_v_lines(struct http_request *req, const void *data)
{
	(void)req;
	(void)data;
	return (KORE_RESULT_OK);
}
