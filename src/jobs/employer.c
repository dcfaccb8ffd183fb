/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * employer.c: the town's workshops and shops as employers (用人单位) —
 * registering (a business name, its 统一社会信用代码, a contact person
 * and their phone or email, proved with a one-time code like every
 * account: ident.c), their page with their state and postings, and
 * posting an opening, which staff review before it shows (review.c).
 *
 * An employer may post only once staff have approved the business; a
 * suspended employer's postings stop showing (sql.c's POSTING_OPEN).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "coursefile.h"
#include "html.h"
#include "ident.h"
#include "jobs.h"
#include "privacy.h"

/*
 * One labelled input; value (may be NULL) is escaped. When the refused
 * request got this field wrong, the message stands beside it.
 */
static void
input(struct buf *b, const struct page_ctx *pc, enum msg label,
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

/* The registration form, with the reader's values and an error if any. */
static int
register_form(struct ctx *ctx, int status, enum msg err)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;
	int		 again = status != 200;

	web_form_token(ctx);
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, i18n(l, M_EMPLOYER_REGISTER_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_EMPLOYER_REGISTER_TITLE));
	html_lit(&b, "</h1><p>");
	html_text(&b, i18n(l, M_EMPLOYER_REGISTER_INTRO));
	html_lit(&b, "</p>");
	if (again)
		page_error(&b, &pc, i18n(l, err));
	html_lit(&b, "<form method=\"post\" action=\"/jobs/register\" "
	    "class=\"stack\" id=\"employer-form\">");
	page_csrf_field(&b, &pc);
	input(&b, &pc, M_FIELD_BUSINESS, "business", "text",
	    again ? web_field(ctx, "business") : NULL,
	    "maxlength=80 autocomplete=organization");
	input(&b, &pc, M_FIELD_CREDIT_CODE, "credit_code", "text",
	    again ? web_field(ctx, "credit_code") : NULL,
	    "maxlength=18 minlength=18 autocapitalize=characters");
	input(&b, &pc, M_FIELD_CONTACT, "name", "text",
	    again ? web_field(ctx, "name") : NULL,
	    "maxlength=40 autocomplete=name");
	input(&b, &pc, M_FIELD_ACCOUNT, "account", "text",
	    again ? web_field(ctx, "account") : NULL,
	    "autocomplete=username inputmode=email");
	html_lit(&b, "<small>");
	html_text(&b, i18n(l, M_FIELD_ACCOUNT_HINT));
	html_lit(&b, "</small>");
	input(&b, &pc, M_FIELD_PASSWORD, "password", "password", NULL,
	    "minlength=8 autocomplete=new-password");
	html_lit(&b, "<small>");
	html_text(&b, i18n(l, M_FIELD_PASSWORD_HINT));
	html_lit(&b, "</small>");
	privacy_consent_box(&b, ctx);
	html_lit(&b, "<button type=\"submit\" id=\"employer-submit\">");
	html_text(&b, i18n(l, M_REGISTER_SUBMIT));
	html_lit(&b, "</button></form><p><a href=\"/login\">");
	html_text(&b, i18n(l, M_REGISTER_HAVE_ACCOUNT));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /jobs/register: an employer's registration form. */
int
employer_register_page(struct ctx *ctx)
{
	return (register_form(ctx, 200, M_ERR_TITLE));
}

/*
 * Answer a refusal (JSON error or the form again, the message beside
 * field name when it names one: a literal or NULL); returns 0.
 */
static int
refused(struct ctx *ctx, int status, const char *name, const char *code,
    enum msg m)
{
	return (jobs_refused(ctx, register_form, status, name, code, m), 0);
}

/* The business and its credit code, checked (again after the hash). */
static int
business_fields(struct ctx *ctx, char *business, size_t bsz,
    char code[CREDIT_CODE_LEN + 1])
{
	if (!jobs_text(ctx, "business", 1, BUSINESS_MAX, 0, business, bsz))
		return (refused(ctx, 400, "business", "invalid_business",
		    M_ERR_BUSINESS));
	if (web_field_not_text(ctx, "credit_code") ||
	    !job_credit_code(web_field(ctx, "credit_code"), code))
		return (refused(ctx, 400, "credit_code", "invalid_credit_code",
		    M_ERR_CREDIT_CODE));
	return (1);
}

/*
 * POST /jobs/register and /api/v1/jobs/register: business, credit_code,
 * name (the contact person), account (phone or email), password,
 * consent. Like an apprentice's registration (account.c): throttled per
 * address, the password hashed on a task thread, the account unverified
 * until its one-time code comes back; the business awaits staff.
 */
int
employer_register(struct ctx *ctx)
{
	struct user_form *f = web_flow(ctx, sizeof(*f));
	struct user_new	 n;
	struct user	 u;
	enum db_result	 r;
	char		 business[BUSINESS_MAX * 4 + 1];
	char		 code[CREDIT_CODE_LEN + 1], pw[PWHASH_LEN];
	int64_t		 id, now = (int64_t)time(NULL);
	int		 throttled, taken;

	if (!ctx->job.started) {
		if (!business_fields(ctx, business, sizeof(business), code))
			return (KORE_RESULT_OK);
		if (!identity_name(web_field(ctx, "name"), f->name,
		    sizeof(f->name)))
			return (refused(ctx, 400, "name", "invalid_name",
			    M_ERR_NAME), KORE_RESULT_OK);
		if (!identity_account(web_field(ctx, "account"), f->account,
		    sizeof(f->account)))
			return (refused(ctx, 400, "account", "invalid_account",
			    M_ERR_ACCOUNT), KORE_RESULT_OK);
		if (!identity_password(web_field(ctx, "password")))
			return (refused(ctx, 400, "password",
			    "invalid_password", M_ERR_PASSWORD),
			    KORE_RESULT_OK);
		/* PIPL art. 14: consent to the notice's current version. */
		if (!privacy_consent_field(ctx))
			return (refused(ctx, 400, "consent", "consent_required",
			    M_ERR_CONSENT), KORE_RESULT_OK);
		if ((r = db_register_attempt(ctx->throttle,
		    now - REGISTER_WINDOW, now, web_register_limit(),
		    &throttled)) != DB_OK)
			return (web_busy(ctx, r));
		if (throttled) {
			http_response_header(ctx->req, "retry-after", "3600");
			return (refused(ctx, 429, NULL, "throttled",
			    M_ERR_THROTTLED_REGISTER), KORE_RESULT_OK);
		}
		/* Fast refusals; the UNIQUE indexes still decide races. */
		if (db_user_by_account(f->account, &u, pw, sizeof(pw)) ==
		    DB_OK) {
			secret_wipe(pw, sizeof(pw));
			return (refused(ctx, 409, "account", "account_taken",
			    M_ERR_ACCOUNT_TAKEN), KORE_RESULT_OK);
		}
		if ((r = db_employer_code_taken(code, &taken)) != DB_OK)
			return (web_busy(ctx, r));
		if (taken)
			return (refused(ctx, 409, "credit_code",
			    "credit_code_taken", M_ERR_CREDIT_TAKEN),
			    KORE_RESULT_OK);
		web_pw_hash(ctx, web_field(ctx, "password"));
		return (KORE_RESULT_RETRY);
	}
	if (!web_pw_done(ctx))
		return (KORE_RESULT_RETRY);
	if (!ctx->job.ok)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	if (!business_fields(ctx, business, sizeof(business), code)) {
		secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
		return (KORE_RESULT_OK);
	}
	memset(&n, 0, sizeof(n));
	n.name = f->name;
	n.account = f->account;
	n.pwhash = ctx->job.stored;
	n.role = ROLE_EMPLOYER;
	n.track = TRACK_NONE;
	r = db_employer_register(&n, PRIVACY_VERSION, business, code, &id);
	secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
	if (r == DB_CONFLICT)
		return (refused(ctx, 409, "account", "account_taken",
		    M_ERR_ACCOUNT_TAKEN), KORE_RESULT_OK);
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!otp_queue(ctx, id, CODE_VERIFY, f->account, &r))
		kore_log(LOG_NOTICE, "employer: no code queued for user %lld "
		    "(%s)", (long long)id, r == DB_CONFLICT ? "cap" : "store");
	return (web_welcome(ctx, id, 201));
}

/* The reader's business, or answered (an employer without one: 404). */
static int
my_business(struct ctx *ctx, struct employer *e)
{
	enum db_result	 r;

	if ((r = db_employer_of_user(ctx->user.id, e)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_EMPLOYER), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/* An employer as JSON (a new object: the caller owns it). */
json_t *
jobs_employer_json(const struct employer *e)
{
	return (json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "id",
	    (json_int_t)e->id, "business", e->business, "credit_code",
	    e->credit_code, "status", employer_status_code(e->status),
	    "reason", e->reason, "postings", e->postings));
}

static int
list_posting(const struct posting *p, void *arg)
{
	struct web_list	*w = arg;
	enum lang	 l = w->ctx->lang;

	w->n++;
	if (w->arr != NULL)
		return (json_array_append_new(w->arr,
		    jobs_posting_json(p, 1)) == 0);
	html_lit(w->b, "<li><a href=\"/jobs/");
	html_int(w->b, p->id);
	html_lit(w->b, "\"><strong>");
	html_text(w->b, p->title);
	html_lit(w->b, "</strong></a><br><small><span class=\"status\">");
	html_text(w->b, i18n(l, jobs_posting_msg(p->status)));
	html_lit(w->b, "</span> · ");
	html_text(w->b, i18n(l, M_JOB_APPLICANTS));
	html_lit(w->b, " ");
	html_int(w->b, p->applicants);
	html_lit(w->b, " · ");
	html_text(w->b, i18n(l, M_JOB_CLOSES));
	html_lit(w->b, " ");
	html_text(w->b, p->closes);
	if (p->reason[0] != '\0') {
		html_lit(w->b, " · ");
		html_text(w->b, i18n(l, M_JOB_REASON));
		html_lit(w->b, ": ");
		html_text(w->b, p->reason);
	}
	html_lit(w->b, "</small></li>");
	return (1);
}

/*
 * The form to post an opening: empty, or (again) with the values the
 * refused request sent and the message beside the field it got wrong.
 */
static void
post_form(struct ctx *ctx, struct buf *b, const struct page_ctx *pc,
    int again)
{
	enum lang	 l = ctx->lang;
	const char	*track, *level;
	int		 i;

#define KEPT(name)	(again ? web_field(ctx, (name)) : NULL)
	track = KEPT("track");
	level = KEPT("level");
	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_JOB_NEW));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "id=\"posting-form\" enctype=\"multipart/form-data\" "
	    "action=\"/employer/postings\">");
	page_csrf_field(b, pc);
	input(b, pc, M_JOB_TITLE, "title", "text", KEPT("title"),
	    "maxlength=60");
	html_lit(b, "<fieldset");
	page_field_invalid(b, pc, "track");
	html_lit(b, "><legend>");
	html_text(b, i18n(l, M_JOB_TRACK));
	html_lit(b, "</legend><label class=\"choice\"><input type=\"radio\" "
	    "name=\"track\" value=\"carver\"");
	if (track == NULL || strcmp(track, "designer") != 0)
		html_lit(b, " checked");
	html_lit(b, "> ");
	html_text(b, i18n(l, M_TRACK_CARVER));
	html_lit(b, "</label><label class=\"choice\"><input type=\"radio\" "
	    "name=\"track\" value=\"designer\"");
	if (track != NULL && strcmp(track, "designer") == 0)
		html_lit(b, " checked");
	html_lit(b, "> ");
	html_text(b, i18n(l, M_TRACK_DESIGNER));
	html_lit(b, "</label>");
	page_field_error(b, pc, "track");
	html_lit(b, "</fieldset><label>");
	html_text(b, i18n(l, M_JOB_LEVEL));
	html_lit(b, "<select name=\"level\"");
	page_field_attrs(b, pc, "level");
	html_lit(b, "><option value=\"0\">");
	html_text(b, i18n(l, M_JOB_LEVEL_ANY));
	html_lit(b, "</option>");
	for (i = 1; i <= 5; i++) {
		html_lit(b, "<option value=\"");
		html_int(b, i);
		html_lit(b, "\"");
		if (level != NULL && level[0] == '0' + i && level[1] == '\0')
			html_lit(b, " selected");
		html_lit(b, ">");
		html_int(b, i);
		html_lit(b, "</option>");
	}
	html_lit(b, "</select></label>");
	page_field_error(b, pc, "level");
	input(b, pc, M_JOB_PAY_MIN, "pay_min", "number", KEPT("pay_min"),
	    "min=1 max=1000000 inputmode=numeric");
	input(b, pc, M_JOB_PAY_MAX, "pay_max", "number", KEPT("pay_max"),
	    "min=1 max=1000000 inputmode=numeric");
	input(b, pc, M_JOB_PLACE, "place", "text", KEPT("place"),
	    "maxlength=60");
	input(b, pc, M_JOB_CLOSES, "closes", "date", KEPT("closes"), "");
	html_lit(b, "<label for=\"f-description\">");
	html_text(b, i18n(l, M_JOB_DESCRIPTION));
	html_lit(b, "</label><textarea name=\"description\"");
	page_field_attrs(b, pc, "description");
	html_lit(b, " rows=\"6\" maxlength=\"2000\">");
	html_text(b, KEPT("description"));
	html_lit(b, "</textarea>");
	page_field_error(b, pc, "description");
	html_lit(b, "<button type=\"submit\" id=\"posting-submit\">");
	html_text(b, i18n(l, M_JOB_NEW));
	html_lit(b, "</button></form></section>");
#undef KEPT
}

/*
 * The employer's page (status 200), or again after a refused posting
 * (status 4xx: err at the top, the form with its values kept).
 */
static int
employer_view(struct ctx *ctx, int status, enum msg err)
{
	struct employer	 e;
	struct page_ctx	 pc;
	struct web_list	 w;
	struct buf	 b;
	enum db_result	 r;
	enum lang	 l = ctx->lang;
	json_t		*o;

	if (!my_business(ctx, &e))
		return (KORE_RESULT_OK);
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	if (web_is_json(ctx)) {
		w.arr = json_array();
		if ((r = db_postings_of_employer(e.id, list_posting, &w)) !=
		    DB_OK) {
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		o = jobs_employer_json(&e);
		json_object_set_new(o, "postings", w.arr);
		return (web_json(ctx, 200, json_pack("{s:o}", "employer", o)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_EMPLOYER_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, e.business);
	html_lit(&b, "</h1><p><span id=\"employer-status\">");
	html_text(&b, i18n(l, jobs_employer_msg(e.status)));
	html_lit(&b, "</span> · ");
	html_text(&b, e.credit_code);
	html_lit(&b, "</p>");
	if (e.status == EMPLOYER_PENDING)
		page_notice(&b, i18n(l, M_EMPLOYER_STATUS_PENDING),
		    i18n(l, M_EMPLOYER_PENDING_NOTE));
	else if (e.status == EMPLOYER_SUSPENDED) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_EMPLOYER_STATUS_SUSPENDED));
		html_lit(&b, "</h2><p>");
		html_text(&b, i18n(l, M_EMPLOYER_SUSPENDED_NOTE));
		html_text(&b, e.reason);
		html_lit(&b, "</p></section>");
	}
	if (web_field(ctx, "done") != NULL) {
		html_lit(&b, "<p class=\"notice\" role=\"status\">");
		html_text(&b, i18n(l, M_JOB_POSTED));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<h2>");
	html_text(&b, i18n(l, M_JOB_MY_POSTINGS));
	html_lit(&b, "</h2><ul class=\"list\" id=\"my-postings\">");
	r = db_postings_of_employer(e.id, list_posting, &w);
	if (!jobs_list_end(ctx, &b, r, w.n, M_JOB_NONE_YET))
		return (KORE_RESULT_OK);
	if (status != 200)
		page_error(&b, &pc, i18n(l, err));
	if (e.status == EMPLOYER_APPROVED)
		post_form(ctx, &b, &pc, status != 200);
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/*
 * GET /employer and /api/v1/employer: the reader's business, its state,
 * its postings and (once approved) the form to post another.
 */
int
employer_page(struct ctx *ctx)
{
	return (employer_view(ctx, 200, M_ERR_TITLE));
}

/*
 * Refuse field name of the posting form with m: the JSON error, or the
 * employer's page again with the form's values and the message beside
 * the field.
 */
static int
post_refused(struct ctx *ctx, const char *name, const char *code,
    enum msg m)
{
	return (jobs_refused(ctx, employer_view, 400, name, code, m));
}

/*
 * POST /employer/postings and /api/v1/employer/postings (an approved
 * employer, verified): title, track, level (0: any, 1-5), pay_min and
 * pay_max (yuan a month), place, closes (today to a year ahead),
 * description. The posting waits for staff's review.
 */
int
employer_post(struct ctx *ctx)
{
	struct employer		 e;
	struct posting_new	 n;
	enum job_verdict	 v;
	enum db_result		 r;
	long long		 level, pay_min, pay_max;
	const char		*closes;
	char			 title[JOB_TITLE_MAX * 4 + 1];
	char			 place[JOB_PLACE_MAX * 4 + 1];
	char			 text[JOB_TEXT_MAX * 4 + 1];
	char			 today[11], last[11];
	int64_t			 id;

	if (!my_business(ctx, &e))
		return (KORE_RESULT_OK);
	if (!jobs_text(ctx, "title", 1, JOB_TITLE_MAX, 0, title,
	    sizeof(title)))
		return (post_refused(ctx, "title", "invalid_title",
		    M_ERR_JOB_TITLE));
	memset(&n, 0, sizeof(n));
	if (web_field_not_text(ctx, "track") ||
	    !track_parse(web_field(ctx, "track"), &n.track))
		return (post_refused(ctx, "track", "invalid_track",
		    M_ERR_TRACK));
	if (!web_field_int(ctx, "level", 0, 5, &level))
		return (post_refused(ctx, "level", "invalid_level",
		    M_ERR_JOB_LEVEL));
	if (!web_field_int(ctx, "pay_min", 1, JOB_PAY_MAX, &pay_min))
		return (post_refused(ctx, "pay_min", "invalid_pay",
		    M_ERR_JOB_PAY));
	if (!web_field_int(ctx, "pay_max", 1, JOB_PAY_MAX, &pay_max) ||
	    !job_pay_valid(pay_min, pay_max))
		return (post_refused(ctx, "pay_max", "invalid_pay",
		    M_ERR_JOB_PAY));
	if (!jobs_text(ctx, "place", 1, JOB_PLACE_MAX, 0, place,
	    sizeof(place)))
		return (post_refused(ctx, "place", "invalid_place",
		    M_ERR_JOB_PLACE));
	web_today(today);
	seat_today(time(NULL) + 366 * 86400, last);
	closes = web_field(ctx, "closes");
	if (web_field_not_text(ctx, "closes") || closes == NULL ||
	    !coursefile_date_valid(closes) || strcmp(closes, today) < 0 ||
	    strcmp(closes, last) > 0)
		return (post_refused(ctx, "closes", "invalid_closes",
		    M_ERR_JOB_CLOSES));
	if (!jobs_text(ctx, "description", 0, JOB_TEXT_MAX, 1, text,
	    sizeof(text)))
		return (post_refused(ctx, "description",
		    "invalid_description", M_ERR_JOB_TEXT));
	n.employer = e.id;
	n.title = title;
	n.level = (int)level;
	n.pay_min = pay_min;
	n.pay_max = pay_max;
	n.place = place;
	n.closes = closes;
	n.description = text;
	if ((r = db_posting_create(&n, (int64_t)time(NULL), &id, &v)) !=
	    DB_OK)
		return (web_busy(ctx, r));
	if (v != JOBV_OK)
		return (jobs_verdict_fail(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 201, json_pack("{s:{s:I, s:s}}",
		    "posting", "id", (json_int_t)id, "status",
		    posting_status_code(POSTING_PENDING))));
	return (web_redirect(ctx, "/employer?done=posted"));
}
