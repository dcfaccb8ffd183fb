/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * account.c: the way in — registration of apprentices, login, logout,
 * "who am I" for the API, and the staff desk's creation of masters and
 * staff. Each handler serves its page and its JSON twin: input comes
 * through web_field() either way and only the answer differs.
 *
 * Passwords are hashed and checked on a Kore task thread (Argon2id costs
 * ~60 ms and 19 MiB) in the worker's turn (web_pw.c), so each POST
 * handler runs twice: once to validate and start the job, once when the
 * job is done.
 */
#include <string.h>
#include <time.h>

#include "html.h"
#include "otp.h"
#include "web.h"
#include "account.h"
#include "pager.h"
#include "privacy.h"

/* A real Argon2id string for unknown accounts: same cost, same answer.
 * (An account still holding a hash of the older, dearer parameters takes
 * longer until its next login rehashes it; that an account exists is no
 * secret anyway: registration says a number is taken.) */
static char	dummy_pwhash[PWHASH_LEN];

static void	track_options(struct buf *, const struct page_ctx *,
		    const char *);
static void	field(struct buf *, const struct page_ctx *, enum msg,
		    const char *, const char *, const char *, const char *);
static int	register_form(struct ctx *, int, enum msg);
static int	login_form(struct ctx *, int, enum msg);
static int	users_page(struct ctx *, int, enum msg, int64_t);
static int	user_fields(struct ctx *, struct user_form *, int,
		    int (*)(struct ctx *, int, enum msg));

/* Parent, before the fork: make the dummy hash once for all workers. */
int
account_init(void)
{
	return (secret_password_hash("yujiang-no-such-account", dummy_pwhash));
}

/*
 * One labelled input; value (may be NULL) is escaped. When the refused
 * request got this field wrong, the message stands beside it.
 */
static void
field(struct buf *b, const struct page_ctx *pc, enum msg label,
    const char *name, const char *type, const char *value, const char *extra)
{
	html_lit(b, "<label>");
	html_text(b, i18n(pc->lang, label));
	html_lit(b, "<input name=\"");
	html_text(b, name);
	html_lit(b, "\"");
	page_field_attrs(b, pc, name);
	html_lit(b, " type=\"");
	html_text(b, type);
	html_lit(b, "\" value=\"");
	html_text(b, value);
	html_lit(b, "\" required ");
	html_text(b, extra);	/* attribute names only, from this file */
	html_lit(b, "></label>");
	page_field_error(b, pc, name);
}

static void
track_options(struct buf *b, const struct page_ctx *pc, const char *cur)
{
	enum lang	 lang = pc->lang;

	html_lit(b, "<fieldset");
	page_field_invalid(b, pc, "track");
	html_lit(b, "><legend>");
	html_text(b, i18n(lang, M_FIELD_TRACK));
	html_lit(b, "</legend><label class=\"choice\"><input type=\"radio\" "
	    "name=\"track\" value=\"carver\" required");
	if (cur == NULL || strcmp(cur, "designer") != 0)
		html_lit(b, " checked");
	html_lit(b, "> ");
	html_text(b, i18n(lang, M_TRACK_CARVER));
	html_lit(b, "</label><label class=\"choice\"><input type=\"radio\" "
	    "name=\"track\" value=\"designer\"");
	if (cur != NULL && strcmp(cur, "designer") == 0)
		html_lit(b, " checked");
	html_lit(b, "> ");
	html_text(b, i18n(lang, M_TRACK_DESIGNER));
	html_lit(b, "</label>");
	page_field_error(b, pc, "track");
	html_lit(b, "</fieldset>");
}

/* The registration page, with the reader's values and an error if any. */
static int
register_form(struct ctx *ctx, int status, enum msg err)
{
	struct page_ctx	 pc;
	struct buf	 b;

	web_form_token(ctx);
	web_page_begin(ctx, &b, &pc, M_REGISTER_TITLE);
	if (status != 200)
		page_error(&b, &pc, i18n(ctx->lang, err));
	html_lit(&b, "<form method=\"post\" action=\"/register\" "
	    "class=\"stack\">");
	page_csrf_field(&b, &pc);
	field(&b, &pc, M_FIELD_NAME, "name", "text",
	    status != 200 ? web_field(ctx, "name") : NULL,
	    "maxlength=40 autocomplete=name");
	field(&b, &pc, M_FIELD_ACCOUNT, "account", "text",
	    status != 200 ? web_field(ctx, "account") : NULL,
	    "autocomplete=username inputmode=email");
	html_lit(&b, "<small>");
	html_text(&b, i18n(ctx->lang, M_FIELD_ACCOUNT_HINT));
	html_lit(&b, "</small>");
	field(&b, &pc, M_FIELD_PASSWORD, "password", "password", NULL,
	    "minlength=8 autocomplete=new-password");
	html_lit(&b, "<small>");
	html_text(&b, i18n(ctx->lang, M_FIELD_PASSWORD_HINT));
	html_lit(&b, "</small>");
	track_options(&b, &pc,
	    status != 200 ? web_field(ctx, "track") : NULL);
	privacy_register_fields(&b, ctx, status != 200);
	html_lit(&b, "<button type=\"submit\" id=\"register-submit\">");
	html_text(&b, i18n(ctx->lang, M_REGISTER_SUBMIT));
	html_lit(&b, "</button></form><p><a href=\"/login\">");
	html_text(&b, i18n(ctx->lang, M_REGISTER_HAVE_ACCOUNT));
	html_lit(&b, "</a></p><p><a href=\"/claim\" id=\"claim-link\">");
	html_text(&b, i18n(ctx->lang, M_ID_CLAIM_LINK));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

int
account_register_page(struct ctx *ctx)
{
	return (register_form(ctx, 200, M_ERR_TITLE));
}

/* Answer bad field `name` (JSON error or the form again, the message
 * beside the field) and return 0. */
static int
refused(struct ctx *ctx, int (*refuse)(struct ctx *, int, enum msg),
    const char *name, const char *code, enum msg m)
{
	web_bad_field(ctx, name, m);
	if (web_is_json(ctx))
		(void)web_fail(ctx, 400, code, m);
	else
		(void)refuse(ctx, 400, m);
	return (0);
}

/*
 * Validate name, account, password and track (and role for staff-made
 * accounts) into f; on a bad field answer through refuse() and return 0.
 */
static int
user_fields(struct ctx *ctx, struct user_form *f, int with_role,
    int (*refuse)(struct ctx *, int, enum msg))
{
	const char	*pw, *t;

	if (!identity_name(web_field(ctx, "name"), f->name,
	    sizeof(f->name))) {
		return (refused(ctx, refuse, "name",
		    "invalid_name", M_ERR_NAME));
	}
	if (!identity_account(web_field(ctx, "account"), f->account,
	    sizeof(f->account))) {
		return (refused(ctx, refuse, "account",
		    "invalid_account", M_ERR_ACCOUNT));
	}
	pw = web_field(ctx, "password");
	if (!identity_password(pw)) {
		return (refused(ctx, refuse, "password",
		    "invalid_password", M_ERR_PASSWORD));
	}
	f->role = ROLE_APPRENTICE;
	/* Employers register themselves with their business (jobs/). */
	if (with_role && (!role_parse(web_field(ctx, "role"), &f->role) ||
	    f->role == ROLE_APPRENTICE || f->role == ROLE_EMPLOYER)) {
		return (refused(ctx, refuse, "role",
		    "invalid_role", M_ERR_ROLE));
	}
	/* Staff have no track; apprentices and masters must have one. */
	f->track = TRACK_NONE;
	t = web_field(ctx, "track");
	if ((f->role != ROLE_STAFF || (t != NULL && *t != '\0')) &&
	    !track_parse(t, &f->track)) {
		return (refused(ctx, refuse, "track",
		    "invalid_track", M_ERR_TRACK));
	}
	return (1);
}

/* The name, account, password and track of an apprentice, as
 * user_fields() checks them, into f; refuse answers a bad one. 1 when
 * good. */
int
account_fields(struct ctx *ctx, struct user_form *f,
    int (*refuse)(struct ctx *, int, enum msg))
{
	return (user_fields(ctx, f, 0, refuse));
}

/* The inputs of account_fields() for a form (name, password, track). */
void
account_form_fields(struct ctx *ctx, struct buf *b)
{
	struct page_ctx	 pc;

	web_page_ctx(ctx, &pc);
	field(b, &pc, M_FIELD_NAME, "name", "text",
	    web_field(ctx, "name"), "maxlength=40 autocomplete=name");
	field(b, &pc, M_FIELD_PASSWORD, "password", "password", NULL,
	    "minlength=8 autocomplete=new-password");
	track_options(b, &pc, web_field(ctx, "track"));
}

/*
 * Create the person once the password is hashed. The UNIQUE index on
 * account decides a race between two registrations of one number: one
 * insert wins, the other gets 409 and nothing is written for it.
 */
static int
user_insert(struct ctx *ctx, const struct user_form *f, int64_t actor,
    int64_t *id, int (*refuse)(struct ctx *, int, enum msg))
{
	struct user_new	 n;
	enum db_result	 r;
	char		 birth[11];

	if (!ctx->job.ok)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL), 0);
	n.name = f->name;
	n.account = f->account;
	n.pwhash = ctx->job.stored;
	n.role = f->role;
	n.track = f->track;
	n.actor = actor;
	/* Staff vouch for the people they make. A newcomer's own
	 * registration comes with their consent to the privacy notice
	 * (checked before the password was hashed), kept in the same
	 * transaction as the account, which stays unverified until they
	 * prove their phone or email with a code (ident.c). */
	if (actor != 0)
		r = db_user_create(&n, id);
	else if (!privacy_birth_field(ctx, birth)) {
		/* Checked before the password was hashed; never here. */
		secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
		web_bad_field(ctx, "birth_date", M_ERR_BIRTH);
		return (refuse(ctx, 400, M_ERR_BIRTH), 0);
	} else
		r = db_user_register(&n, PRIVACY_VERSION, birth[0] != '\0' ?
		    birth : NULL, id);
	secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
	if (r == DB_CONFLICT) {
		if (web_is_json(ctx))
			return (web_fail(ctx, 409, "account_taken",
			    M_ERR_ACCOUNT_TAKEN), 0);
		web_bad_field(ctx, "account", M_ERR_ACCOUNT_TAKEN);
		return (refuse(ctx, 409, M_ERR_ACCOUNT_TAKEN), 0);
	}
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/* POST /register and POST /api/v1/register: a newcomer signs up. */
int
account_register(struct ctx *ctx)
{
	struct user_form *f = web_flow(ctx, sizeof(*f));
	struct user	 u;
	enum db_result	 r;
	char		 pw[PWHASH_LEN], birth[11];
	int64_t		 id, now = (int64_t)time(NULL);
	int		 throttled;

	if (!ctx->job.started) {
		if (!user_fields(ctx, f, 0, register_form))
			return (KORE_RESULT_OK);
		if (!privacy_birth_field(ctx, birth)) {
			(void)refused(ctx, register_form, "birth_date",
			    "invalid_birth_date",
			    M_ERR_BIRTH);
			return (KORE_RESULT_OK);
		}
		/* PIPL art. 14: consent to the notice's current version. */
		if (!privacy_consent_field(ctx)) {
			(void)refused(ctx, register_form, "consent",
			    "consent_required",
			    M_ERR_CONSENT);
			return (KORE_RESULT_OK);
		}
		/*
		 * Each registration costs an Argon2id hash and says whether a
		 * number is taken: limit them per address, like logins.
		 */
		if ((r = db_register_attempt(ctx->throttle,
		    now - REGISTER_WINDOW, now, web_register_limit(),
		    &throttled)) != DB_OK)
			return (web_busy(ctx, r));
		if (throttled) {
			http_response_header(ctx->req, "retry-after", "3600");
			if (web_is_json(ctx))
				return (web_fail(ctx, 429, "throttled",
				    M_ERR_THROTTLED_REGISTER));
			return (register_form(ctx, 429,
			    M_ERR_THROTTLED_REGISTER));
		}
		/* Fast refusal; the UNIQUE index still decides races. */
		if (db_user_by_account(f->account, &u, pw, sizeof(pw)) ==
		    DB_OK) {
			secret_wipe(pw, sizeof(pw));
			if (web_is_json(ctx))
				return (web_fail(ctx, 409, "account_taken",
				    M_ERR_ACCOUNT_TAKEN));
			web_bad_field(ctx, "account", M_ERR_ACCOUNT_TAKEN);
			return (register_form(ctx, 409, M_ERR_ACCOUNT_TAKEN));
		}
		if (!web_pw_hash(ctx, web_field(ctx, "password")))
			return (KORE_RESULT_OK);	/* 503: queue full */
		return (KORE_RESULT_RETRY);
	}
	if (!web_pw_done(ctx))
		return (KORE_RESULT_RETRY);
	if (!user_insert(ctx, f, 0, &id, register_form))
		return (KORE_RESULT_OK);
	/* The account exists either way; a code refused by a cap can be
	 * asked for again from /confirm. */
	if (!otp_queue(ctx, id, CODE_VERIFY, f->account, &r))
		kore_log(LOG_NOTICE, "register: no code queued for user %lld "
		    "(%s)", (long long)id, r == DB_CONFLICT ? "cap" : "store");
	return (web_welcome(ctx, id, 201));
}

static int
login_form(struct ctx *ctx, int status, enum msg err)
{
	struct page_ctx	 pc;
	struct buf	 b;

	web_form_token(ctx);
	web_page_begin(ctx, &b, &pc, M_LOGIN_TITLE);
	if (status != 200)
		page_error(&b, &pc, i18n(ctx->lang, err));
	html_lit(&b, "<form method=\"post\" action=\"/login\" class=\"stack\">");
	page_csrf_field(&b, &pc);
	field(&b, &pc, M_FIELD_ACCOUNT, "account", "text",
	    status != 200 ? web_field(ctx, "account") : NULL,
	    "autocomplete=username inputmode=email");
	field(&b, &pc, M_FIELD_PASSWORD, "password", "password", NULL,
	    "autocomplete=current-password");
	html_lit(&b, "<button type=\"submit\" id=\"login-submit\">");
	html_text(&b, i18n(ctx->lang, M_LOGIN_SUBMIT));
	html_lit(&b, "</button></form><p><a href=\"/register\">");
	html_text(&b, i18n(ctx->lang, M_LOGIN_NO_ACCOUNT));
	html_lit(&b, "</a></p><p><a href=\"/reset\" id=\"reset-link\">");
	html_text(&b, i18n(ctx->lang, M_ID_RESET_LINK));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

int
account_login_page(struct ctx *ctx)
{
	return (login_form(ctx, 200, M_ERR_TITLE));
}

static int
login_refuse(struct ctx *ctx, int status, const char *code, enum msg m)
{
	if (web_is_json(ctx))
		return (web_fail(ctx, status, code, m));
	return (login_form(ctx, status, m));
}

/* A login across its password check. */
struct login_flow {
	char		 account[ACCOUNT_MAX + 1];	/* or as typed */
	int64_t		 attempt;	/* counted a failure beforehand */
	int64_t		 user;		/* whose password, or 0: nobody's */
};

/*
 * POST /login and POST /api/v1/login. Unknown accounts are checked against
 * a dummy hash so that timing does not tell which accounts exist, and the
 * answer is the same "login or password not correct" either way. Every
 * attempt counts against the throttle before its password is checked:
 * locked per (account, address) and per address, slowed down per account
 * — never locked by failures from elsewhere (db_login_attempt()).
 */
int
account_login(struct ctx *ctx)
{
	struct login_flow *lf = web_flow(ctx, sizeof(*lf));
	struct user	 u;
	enum db_result	 r;
	const char	*raw, *pw;
	int64_t		 now = (int64_t)time(NULL);
	int		 throttled;

	if (!ctx->job.started) {
		raw = web_field(ctx, "account");
		pw = web_field(ctx, "password");
		if (raw == NULL || *raw == '\0') {
			web_bad_field(ctx, "account", M_ERR_LOGIN_FAILED);
			return (login_refuse(ctx, 400, "bad_request",
			    M_ERR_LOGIN_FAILED));
		}
		if (pw == NULL || *pw == '\0') {
			web_bad_field(ctx, "password", M_ERR_LOGIN_FAILED);
			return (login_refuse(ctx, 400, "bad_request",
			    M_ERR_LOGIN_FAILED));
		}
		if (!identity_account(raw, lf->account,
		    sizeof(lf->account)))
			(void)snprintf(lf->account, sizeof(lf->account),
			    "%.64s", raw);
		if ((r = db_login_attempt(lf->account, ctx->throttle,
		    now - THROTTLE_WINDOW, now, &throttled,
		    &lf->attempt)) != DB_OK)
			return (web_busy(ctx, r));
		if (throttled)
			return (login_refuse(ctx, 429, "throttled",
			    web_retry_after(ctx, throttled)));
		ctx->job.stored[0] = '\0';
		r = db_user_by_account(lf->account, &u, ctx->job.stored,
		    sizeof(ctx->job.stored));
		if (r == DB_OK && strncmp(ctx->job.stored, "$argon2", 7) == 0)
			lf->user = u.id;
		else if (r == DB_OK || r == DB_NOTFOUND)
			lf->user = 0;	/* none, or not activated yet */
		else
			return (web_busy(ctx, r));
		if (!web_pw_login(ctx, lf->user ? ctx->job.stored :
		    dummy_pwhash, pw)) {
			/* 503, queue full: the password was not tried. */
			(void)db_login_forgive(lf->attempt);
			return (KORE_RESULT_OK);
		}
		return (KORE_RESULT_RETRY);
	}
	if (!web_pw_done(ctx))
		return (KORE_RESULT_RETRY);
	/* A hash of older parameters, proved right: keep a current one. */
	if (ctx->job.ok && lf->user != 0 && ctx->job.fresh[0] != '\0' &&
	    (r = db_password_upgrade(lf->user, ctx->job.stored,
	    ctx->job.fresh)) != DB_OK)
		kore_log(LOG_NOTICE, "login: user %lld's hash not upgraded "
		    "(%d)", (long long)lf->user, (int)r);
	secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
	secret_wipe(ctx->job.fresh, sizeof(ctx->job.fresh));
	/* The attempt was already counted as a failure before the check. */
	/* Which of the two was wrong is not told: the password's field
	 * carries the message, as it is the one to type again. */
	if (!ctx->job.ok || lf->user == 0) {
		web_bad_field(ctx, "password", M_ERR_LOGIN_FAILED);
		return (login_refuse(ctx, 401, "login_failed",
		    M_ERR_LOGIN_FAILED));
	}
	if ((r = db_login_forgive(lf->attempt)) != DB_OK)
		return (web_busy(ctx, r));
	return (web_welcome(ctx, lf->user, 200));
}

/* POST /logout and POST /api/v1/logout. */
int
account_logout(struct ctx *ctx)
{
	web_session_end(ctx);
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:b}", "ok", 1)));
	return (web_redirect(ctx, "/"));
}

/* GET /api/v1/me: who is logged in, and the CSRF token for their calls. */
int
account_me(struct ctx *ctx)
{
	return (web_json(ctx, 200, json_pack("{s:o, s:s}", "user",
	    web_user_json(&ctx->user), "csrf", ctx->csrf)));
}

/* GET /api/v1/csrf: the token an API client sends with its POSTs. */
int
account_csrf(struct ctx *ctx)
{
	web_form_token(ctx);
	return (web_json(ctx, 200, json_pack("{s:s}", "csrf", ctx->csrf)));
}

struct users_list {
	struct buf	*b;
	enum lang	 lang;
	struct pager	 pg;
};

static int
users_row_cb(const struct user *u, void *arg)
{
	struct users_list	*ul = arg;

	if (!pager_take(&ul->pg, u->id))
		return (0);
	html_lit(ul->b, "<tr><td>");
	html_text(ul->b, u->name);
	html_lit(ul->b, "</td><td>");
	html_text(ul->b, i18n(ul->lang, page_role_msg(u->role)));
	html_lit(ul->b, "</td><td>");
	if (u->track != TRACK_NONE)
		html_text(ul->b, i18n(ul->lang, page_track_msg(u->track)));
	html_lit(ul->b, "</td><td>");
	html_text(ul->b, u->account);
	html_lit(ul->b, "</td></tr>");
	return (1);
}

static int
users_form(struct ctx *ctx, int status, enum msg err)
{
	return (users_page(ctx, status, err, 0));
}

/*
 * The staff desk's people page: counts, a page of people newest first
 * (?before=<id> for older ones, pager.h), the create form.
 */
static int
users_page(struct ctx *ctx, int status, enum msg err, int64_t created)
{
	struct page_ctx		 pc;
	struct users_list	 ul;
	struct buf		 b;
	enum db_result		 r;
	int64_t			 count;
	const char		*role = NULL, *track = NULL;

	if (!pager_begin(ctx, &ul.pg))
		return (KORE_RESULT_OK);
	if ((r = db_user_count(&count)) != DB_OK)
		return (web_busy(ctx, r));
	web_page_begin(ctx, &b, &pc, M_USERS_TITLE);
	if (created > 0) {
		html_lit(&b, "<p class=\"ok\" role=\"status\">");
		html_text(&b, i18n(ctx->lang, M_USERS_CREATED));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<section class=\"panel\"><h2>");
	html_text(&b, i18n(ctx->lang, M_USERS_CREATE));
	html_lit(&b, "</h2>");
	if (status != 200)
		page_error(&b, &pc, i18n(ctx->lang, err));
	if (status != 200) {
		role = web_field(ctx, "role");
		track = web_field(ctx, "track");
	}
	html_lit(&b, "<form method=\"post\" action=\"/staff/users\" "
	    "class=\"stack\">");
	page_csrf_field(&b, &pc);
	field(&b, &pc, M_FIELD_NAME, "name", "text",
	    status != 200 ? web_field(ctx, "name") : NULL, "maxlength=40");
	field(&b, &pc, M_FIELD_ACCOUNT, "account", "text",
	    status != 200 ? web_field(ctx, "account") : NULL, "");
	field(&b, &pc, M_FIELD_PASSWORD, "password", "password", NULL,
	    "minlength=8 autocomplete=new-password");
	html_lit(&b, "<label>");
	html_text(&b, i18n(ctx->lang, M_FIELD_ROLE));
	html_lit(&b, "<select name=\"role\"");
	page_field_attrs(&b, &pc, "role");
	html_lit(&b, "><option value=\"master\"");
	if (role == NULL || strcmp(role, "staff") != 0)
		html_lit(&b, " selected");
	html_lit(&b, ">");
	html_text(&b, i18n(ctx->lang, M_ROLE_MASTER));
	html_lit(&b, "</option><option value=\"staff\"");
	if (role != NULL && strcmp(role, "staff") == 0)
		html_lit(&b, " selected");
	html_lit(&b, ">");
	html_text(&b, i18n(ctx->lang, M_ROLE_STAFF));
	html_lit(&b, "</option></select></label>");
	page_field_error(&b, &pc, "role");
	track_options(&b, &pc, track);
	html_lit(&b, "<button type=\"submit\">");
	html_text(&b, i18n(ctx->lang, M_USERS_CREATE_SUBMIT));
	html_lit(&b, "</button></form></section><section class=\"panel\"><h2>");
	html_text(&b, i18n(ctx->lang, M_USERS_LIST));
	html_lit(&b, "</h2><p>");
	html_text(&b, i18n(ctx->lang, M_USERS_COUNT));
	html_lit(&b, ": <strong id=\"user-count\">");
	html_int(&b, count);
	html_lit(&b, "</strong></p><div class=\"scroll\" "
	    "tabindex=\"0\"><table><thead><tr><th>");
	html_text(&b, i18n(ctx->lang, M_FIELD_NAME));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(ctx->lang, M_FIELD_ROLE));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(ctx->lang, M_FIELD_TRACK));
	html_lit(&b, "</th><th>");
	html_text(&b, i18n(ctx->lang, M_ME_ACCOUNT));
	html_lit(&b, "</th></tr></thead><tbody id=\"users\">");
	ul.b = &b;
	ul.lang = ctx->lang;
	if ((r = db_users_page(ul.pg.before, ul.pg.limit, users_row_cb,
	    &ul)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</tbody></table></div>");
	pager_next_link(&b, ctx, &ul.pg, "/staff/users");
	html_lit(&b, "</section>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /staff/users */
int
account_users_page(struct ctx *ctx)
{
	int64_t	 created = 0;

	(void)http_argument_get_int64(ctx->req, "created", &created);
	return (users_page(ctx, 200, M_ERR_TITLE, created));
}

/* POST /staff/users and POST /api/v1/users: staff create a master or staff. */
int
account_user_create(struct ctx *ctx)
{
	struct user_form *f = web_flow(ctx, sizeof(*f));
	struct user	 u;
	int64_t		 id;
	char		 to[64];

	if (!ctx->job.started) {
		if (!user_fields(ctx, f, 1, users_form))
			return (KORE_RESULT_OK);
		if (!web_pw_hash(ctx, web_field(ctx, "password")))
			return (KORE_RESULT_OK);	/* 503: queue full */
		return (KORE_RESULT_RETRY);
	}
	if (!web_pw_done(ctx))
		return (KORE_RESULT_RETRY);
	if (!user_insert(ctx, f, ctx->user.id, &id, users_form))
		return (KORE_RESULT_OK);
	if (!web_is_json(ctx)) {
		(void)snprintf(to, sizeof(to), "/staff/users?created=%lld",
		    (long long)id);
		return (web_redirect(ctx, to));
	}
	if (db_user_by_id(id, &u) != DB_OK)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	return (web_json(ctx, 201, json_pack("{s:o}", "user",
	    web_user_json(&u))));
}
