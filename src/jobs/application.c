/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * application.c: one application (求职申请) as its two sides see it.
 * The employer sees the applicant's name and message, the certificates
 * the applicant chose with each one's live status (valid, revoked,
 * suspended, expired, superseded: cert_status(), the same as the verify
 * page, so no separate verification step is needed) and the public
 * works they chose — nothing else: not their phone or email unless they
 * chose to show it, not their other certificates or works. The employer
 * moves it on (interview, offer, hired, declined); the applicant may
 * withdraw it. Opening it the first time marks it viewed. Every step is
 * told to both sides by inbox (db_jobs.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cert.h"
#include "html.h"
#include "jobs.h"

/* The employer's actions: field `to` and its words. */
static const struct {
	enum job_step	 to;
	const char	*code;
	enum msg	 words;
} actions[] = {
	{ JOB_INTERVIEW, "interview", M_JOB_DO_INTERVIEW },
	{ JOB_OFFER, "offer", M_JOB_DO_OFFER },
	{ JOB_HIRED, "hired", M_JOB_DO_HIRED },
	{ JOB_DECLINED, "declined", M_JOB_DO_DECLINE },
};

/*
 * The application of the path, if the reader is its applicant or the
 * employer of its posting (else 404, the same as for none). *employer is
 * set when the reader is the employer.
 */
static int
path_application(struct ctx *ctx, struct application *a, int *employer)
{
	enum db_result	 r;

	if ((r = db_application_get(web_path_id(ctx), a)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_APPLICATION), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	*employer = ctx->user.role == ROLE_EMPLOYER &&
	    ctx->user.id == a->employer_user;
	if (*employer || ctx->user.id == a->applicant)
		return (1);
	return (web_fail(ctx, 404, "not_found", M_ERR_APPLICATION), 0);
}

/*
 * A certificate the application shows, as JSON or a list item, with its
 * status today. One that no longer exists or is no longer the
 * applicant's is left out.
 */
static void
shown_cert(struct ctx *ctx, struct buf *b, json_t *arr,
    const struct application *a, int64_t id, const char *today)
{
	struct cert		 c;
	enum cert_status	 s;
	char			 url[256];

	if (db_cert_get(id, &c) != DB_OK || c.user != a->applicant)
		return;
	s = cert_status(&c, today);
	cert_verify_url(&c, url, sizeof(url));
	if (arr != NULL) {
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:s, s:s, s:s}", "id", (json_int_t)c.id, "serial",
		    c.serial, "title_zh", c.title_zh, "title_en", c.title_en,
		    "issued", c.issued, "expires", c.expires, "status",
		    cert_status_code(s), "verify_url", url));
		return;
	}
	html_lit(b, "<li class=\"cert\"><strong>");
	html_text(b, cert_title(&c, ctx->lang));
	html_lit(b, "</strong> <span class=\"cert-status status-");
	html_text(b, cert_status_code(s));
	html_lit(b, "\">");
	html_text(b, i18n(ctx->lang, cert_status_msg(s)));
	html_lit(b, "</span><br><small>");
	html_text(b, c.serial);
	html_lit(b, " · <a href=\"/v/");
	html_url(b, c.code);
	html_lit(b, "\">");
	html_text(b, i18n(ctx->lang, M_CERT_VERIFY_LINK));
	html_lit(b, "</a></small></li>");
}

/* A work the application shows, while it is still the applicant's,
 * public and not held by a competition. */
static void
shown_work(struct ctx *ctx, struct buf *b, json_t *arr,
    const struct application *a, int64_t id)
{
	struct work	 w;
	char		 url[40];

	(void)ctx;
	if (db_work_get(id, &w) != DB_OK || w.user != a->applicant ||
	    !w.public || w.held)
		return;
	(void)snprintf(url, sizeof(url), "/works/%lld", (long long)w.id);
	if (arr != NULL) {
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s}",
		    "id", (json_int_t)w.id, "title", w.title, "material",
		    w.material, "url", url));
		return;
	}
	html_lit(b, "<li class=\"work\"><a href=\"");
	html_text(b, url);
	html_lit(b, "\">");
	html_text(b, w.title);
	html_lit(b, "</a></li>");
}

/* The employer's buttons for the steps open from this one. */
static void
step_forms(struct buf *b, const struct page_ctx *pc, enum lang l,
    const struct application *a)
{
	size_t	 i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (!job_step_allowed(a->step, actions[i].to, 0))
			continue;
		html_lit(b, "<form method=\"post\" class=\"inline\" "
		    "action=\"/applications/");
		html_int(b, a->id);
		html_lit(b, "/step\">");
		page_csrf_field(b, pc);
		html_lit(b, "<input type=\"hidden\" name=\"to\" value=\"");
		html_text(b, actions[i].code);
		html_lit(b, "\"><button type=\"submit\" id=\"step-");
		html_text(b, actions[i].code);
		html_lit(b, "\">");
		html_text(b, i18n(l, actions[i].words));
		html_lit(b, "</button></form> ");
	}
}

/*
 * GET /applications/N and its twin: the application, to its applicant
 * or the posting's employer. The employer's first look marks it viewed
 * (both sides are told).
 */
int
application_show(struct ctx *ctx)
{
	struct application	 a;
	struct job_shown	 s;
	struct page_ctx		 pc;
	struct buf		 b;
	enum job_verdict	 v;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	json_t			*o, *certs, *works;
	size_t			 i;
	int			 employer;
	char			 today[11];

	if (!path_application(ctx, &a, &employer))
		return (KORE_RESULT_OK);
	if (employer && a.step == JOB_APPLIED) {
		if ((r = db_application_step(a.id, JOB_VIEWED, 0,
		    ctx->user.id, (int64_t)time(NULL), &v)) != DB_OK)
			return (web_busy(ctx, r));
		if ((r = db_application_get(a.id, &a)) != DB_OK)
			return (web_busy(ctx, r));
	}
	if ((r = db_application_shown(a.id, &s)) != DB_OK)
		return (web_busy(ctx, r));
	web_today(today);
	if (web_is_json(ctx)) {
		certs = json_array();
		works = json_array();
		for (i = 0; i < s.ncerts; i++)
			shown_cert(ctx, NULL, certs, &a, s.certs[i], today);
		for (i = 0; i < s.nworks; i++)
			shown_work(ctx, NULL, works, &a, s.works[i]);
		o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, "
		    "s:o, s:o}", "id", (json_int_t)a.id, "posting",
		    (json_int_t)a.posting, "title", a.title, "employer",
		    a.business, "applicant", a.applicant_name, "message",
		    a.message, "step", job_step_code(a.step), "created",
		    (json_int_t)a.created, "updated", (json_int_t)a.updated,
		    "certificates", certs, "works", works);
		/* The account only when its owner chose to show it. */
		json_object_set_new(o, "contact", a.contact ?
		    json_string(a.applicant_account) : json_null());
		return (web_json(ctx, 200, json_pack("{s:o}", "application",
		    o)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, i18n(l, M_APPLICATION_TITLE));
	html_lit(&b, "<p><a href=\"/jobs/");
	html_int(&b, a.posting);
	html_lit(&b, "\">");
	html_text(&b, a.title);
	html_lit(&b, "</a> · ");
	html_text(&b, a.business);
	html_lit(&b, "</p><h1 id=\"applicant\">");
	html_text(&b, a.applicant_name);
	html_lit(&b, "</h1><p>");
	html_text(&b, i18n(l, M_APPLICATION_STEP));
	html_lit(&b, ": <strong id=\"step\">");
	html_text(&b, i18n(l, jobs_step_msg(a.step)));
	html_lit(&b, "</strong></p>");
	if (a.message[0] != '\0') {
		html_lit(&b, "<blockquote class=\"prose\">");
		html_text(&b, a.message);
		html_lit(&b, "</blockquote>");
	}
	html_lit(&b, "<h2>");
	html_text(&b, i18n(l, M_APPLICATION_CONTACT));
	html_lit(&b, "</h2><p id=\"contact\">");
	html_text(&b, a.contact ? a.applicant_account :
	    i18n(l, M_APPLICATION_NO_CONTACT));
	html_lit(&b, "</p>");
	if (s.ncerts + s.nworks == 0) {
		html_lit(&b, "<p class=\"muted\">");
		html_text(&b, i18n(l, M_APPLICATION_NONE_SHOWN));
		html_lit(&b, "</p>");
	}
	if (s.ncerts > 0) {
		html_lit(&b, "<h2>");
		html_text(&b, i18n(l, M_APPLICATION_CERTS));
		html_lit(&b, "</h2><ul class=\"list\" id=\"shown-certs\">");
		for (i = 0; i < s.ncerts; i++)
			shown_cert(ctx, &b, NULL, &a, s.certs[i], today);
		html_lit(&b, "</ul>");
	}
	if (s.nworks > 0) {
		html_lit(&b, "<h2>");
		html_text(&b, i18n(l, M_APPLICATION_WORKS));
		html_lit(&b, "</h2><ul class=\"list\" id=\"shown-works\">");
		for (i = 0; i < s.nworks; i++)
			shown_work(ctx, &b, NULL, &a, s.works[i]);
		html_lit(&b, "</ul>");
	}
	if (employer)
		step_forms(&b, &pc, l, &a);
	else if (job_step_allowed(a.step, JOB_WITHDRAWN, 1)) {
		html_lit(&b, "<form method=\"post\" action=\"/applications/");
		html_int(&b, a.id);
		html_lit(&b, "/withdraw\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<button type=\"submit\" id=\"withdraw\">");
		html_text(&b, i18n(l, M_JOB_WITHDRAW));
		html_lit(&b, "</button></form>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* Move the path's application to `to`; answered either way. */
static int
step_to(struct ctx *ctx, enum job_step to, int by_applicant)
{
	struct application	 a;
	enum job_verdict	 v;
	enum db_result		 r;
	int			 employer;
	char			 back[48];

	if (!path_application(ctx, &a, &employer))
		return (KORE_RESULT_OK);
	/* The employer moves it on; the applicant only withdraws. */
	if (by_applicant ? ctx->user.id != a.applicant : !employer)
		return (web_fail(ctx, 404, "not_found", M_ERR_APPLICATION));
	if ((r = db_application_step(a.id, to, by_applicant, ctx->user.id,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != JOBV_OK)
		return (jobs_verdict_fail(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:{s:I, s:s}}",
		    "application", "id", (json_int_t)a.id, "step",
		    job_step_code(to))));
	(void)snprintf(back, sizeof(back), "/applications/%lld",
	    (long long)a.id);
	return (web_redirect(ctx, back));
}

/*
 * POST /applications/N/step and its twin (the posting's employer):
 * to = interview, offer, hired or declined.
 */
int
application_step(struct ctx *ctx)
{
	const char	*to = web_field(ctx, "to");
	size_t		 i;

	for (i = 0; to != NULL && i < sizeof(actions) / sizeof(actions[0]);
	    i++)
		if (strcmp(to, actions[i].code) == 0)
			return (step_to(ctx, actions[i].to, 0));
	return (web_fail(ctx, 400, "invalid_step", M_ERR_JOB_DECISION));
}

/* POST /applications/N/withdraw and its twin (the applicant). */
int
application_withdraw(struct ctx *ctx)
{
	return (step_to(ctx, JOB_WITHDRAWN, 1));
}
