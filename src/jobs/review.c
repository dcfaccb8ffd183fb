/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * review.c: the talent service station's part in 就业 jobs — approving
 * employers (after checking the business and its 统一社会信用代码) or
 * suspending one with a reason (its postings stop showing), and
 * reviewing postings before they show or hiding one with a reason. Each
 * decision is audited and told to the employer by inbox (db_jobs.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "jobs.h"

#define REVIEW_LIST	200	/* employers and postings on the page */

static int
list_employer(const struct employer *e, void *arg)
{
	struct web_list	*w = arg;
	enum lang	 l = w->ctx->lang;

	w->n++;
	if (w->arr != NULL) {
		json_t	*o = jobs_employer_json(e);

		json_object_set_new(o, "contact", json_string(e->contact));
		json_object_set_new(o, "verified", json_boolean(e->verified));
		return (json_array_append_new(w->arr, o) == 0);
	}
	html_lit(w->b, "<li class=\"employer\" id=\"employer-");
	html_int(w->b, e->id);
	html_lit(w->b, "\"><strong>");
	html_text(w->b, e->business);
	html_lit(w->b, "</strong> <span class=\"status\">");
	html_text(w->b, i18n(l, jobs_employer_msg(e->status)));
	html_lit(w->b, "</span><br><small>");
	html_text(w->b, e->credit_code);
	html_lit(w->b, " · ");
	html_text(w->b, e->contact);
	html_lit(w->b, " · ");
	html_text(w->b, e->account);
	if (!e->verified)
		html_text(w->b, i18n(l, M_JOB_UNVERIFIED));
	if (e->reason[0] != '\0') {
		html_lit(w->b, " · ");
		html_text(w->b, i18n(l, M_JOB_REASON));
		html_lit(w->b, ": ");
		html_text(w->b, e->reason);
	}
	html_lit(w->b, "</small>");
	if (e->status != EMPLOYER_APPROVED) {
		html_lit(w->b, "<form method=\"post\" class=\"inline\" "
		    "action=\"/employers/");
		html_int(w->b, e->id);
		html_lit(w->b, "/approve\">");
		page_csrf_field(w->b, w->pc);
		html_lit(w->b, "<button type=\"submit\" class=\"approve\">");
		html_text(w->b, i18n(l, M_EMPLOYER_APPROVE));
		html_lit(w->b, "</button></form>");
	}
	if (e->status != EMPLOYER_SUSPENDED) {
		html_lit(w->b, "<form method=\"post\" class=\"inline\" "
		    "action=\"/employers/");
		html_int(w->b, e->id);
		html_lit(w->b, "/suspend\">");
		page_csrf_field(w->b, w->pc);
		html_lit(w->b, "<label>");
		html_text(w->b, i18n(l, M_JOB_REASON));
		html_lit(w->b, " <input name=\"reason\" maxlength=\"200\" "
		    "required></label> <button type=\"submit\" "
		    "class=\"suspend\">");
		html_text(w->b, i18n(l, M_EMPLOYER_SUSPEND));
		html_lit(w->b, "</button></form>");
	}
	html_lit(w->b, "</li>");
	return (1);
}

static int
list_posting(const struct posting *p, void *arg)
{
	struct web_list	*w = arg;

	w->n++;
	if (w->arr != NULL)
		return (json_array_append_new(w->arr,
		    jobs_posting_json(p, 1)) == 0);
	html_lit(w->b, "<li><a href=\"/jobs/");
	html_int(w->b, p->id);
	html_lit(w->b, "\"><strong>");
	html_text(w->b, p->title);
	html_lit(w->b, "</strong></a><br><small>");
	html_text(w->b, p->business);
	html_lit(w->b, " · ");
	html_text(w->b, p->closes);
	html_lit(w->b, "</small></li>");
	return (1);
}

/*
 * GET /staff/jobs and /api/v1/staff/jobs: employers (awaiting approval
 * first) with their approve and suspend forms, and the postings awaiting
 * review (each reviewed on its own page).
 */
int
review_page(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct web_list	 w;
	struct buf	 b;
	enum db_result	 r;
	enum lang	 l = ctx->lang;
	json_t		*emp;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	if (web_is_json(ctx)) {
		w.arr = json_array();
		if ((r = db_employers(REVIEW_LIST, list_employer, &w)) !=
		    DB_OK) {
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		emp = w.arr;
		w.arr = json_array();
		if ((r = db_postings_pending(REVIEW_LIST, list_posting,
		    &w)) != DB_OK) {
			json_decref(emp);
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:o, s:o}",
		    "employers", emp, "pending_postings", w.arr)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	w.b = &b;
	w.pc = &pc;
	page_begin(&b, &pc, i18n(l, M_STAFF_JOBS_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_STAFF_JOBS_TITLE));
	html_lit(&b, "</h1><h2>");
	html_text(&b, i18n(l, M_STAFF_POSTINGS_PENDING));
	html_lit(&b, "</h2><ul class=\"list\" id=\"pending-postings\">");
	r = db_postings_pending(REVIEW_LIST, list_posting, &w);
	if (!jobs_list_end(ctx, &b, r, w.n, M_STAFF_NOTHING_PENDING))
		return (KORE_RESULT_OK);
	html_lit(&b, "<h2>");
	html_text(&b, i18n(l, M_STAFF_EMPLOYERS));
	html_lit(&b, "</h2><ul class=\"list\" id=\"employers\">");
	r = db_employers(REVIEW_LIST, list_employer, &w);
	if (!jobs_list_end(ctx, &b, r, w.n, M__COUNT))
		return (KORE_RESULT_OK);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* The reason field (1-200 characters); "" allowed when optional. */
static int
reason_field(struct ctx *ctx, int required, char *out, size_t outsz)
{
	if (!jobs_text(ctx, "reason", required ? 1 : 0, JOB_REASON_MAX, 1,
	    out, outsz))
		return (web_fail(ctx, 400, "invalid_reason", M_ERR_REASON), 0);
	return (1);
}

/*
 * Answer a staff decision on the path's employer or posting once the
 * store has run it (r, v): 404 with not_found, the store's failure or
 * refusal, else {what: {id, status}} on JSON or a redirect to back.
 */
static int
decided(struct ctx *ctx, enum db_result r, enum job_verdict v,
    enum msg not_found, const char *what, const char *status,
    const char *back)
{
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", not_found));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v != JOBV_OK)
		return (jobs_verdict_fail(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:{s:I, s:s}}", what,
		    "id", (json_int_t)web_path_id(ctx), "status", status)));
	return (web_redirect(ctx, back));
}

/* Decide the path's employer; answered either way. */
static int
employer_decide(struct ctx *ctx, enum employer_status to)
{
	enum job_verdict v = JOBV_OK;
	enum db_result	 r;
	char		 reason[JOB_REASON_MAX * 4 + 1];

	if (!reason_field(ctx, to == EMPLOYER_SUSPENDED, reason,
	    sizeof(reason)))
		return (KORE_RESULT_OK);
	r = db_employer_decide(web_path_id(ctx), to, reason, ctx->user.id,
	    (int64_t)time(NULL), &v);
	return (decided(ctx, r, v, M_ERR_EMPLOYER, "employer",
	    employer_status_code(to), "/staff/jobs"));
}

/* POST /employers/N/approve and its twin (staff). */
int
review_employer_approve(struct ctx *ctx)
{
	return (employer_decide(ctx, EMPLOYER_APPROVED));
}

/* POST /employers/N/suspend and its twin (staff): reason required. */
int
review_employer_suspend(struct ctx *ctx)
{
	return (employer_decide(ctx, EMPLOYER_SUSPENDED));
}

/* Review the path's posting; answered either way. */
static int
posting_review(struct ctx *ctx, enum posting_status to)
{
	enum job_verdict v = JOBV_OK;
	enum db_result	 r;
	char		 reason[JOB_REASON_MAX * 4 + 1], back[48];

	if (!reason_field(ctx, to == POSTING_HIDDEN, reason, sizeof(reason)))
		return (KORE_RESULT_OK);
	r = db_posting_review(web_path_id(ctx), to, reason, ctx->user.id,
	    (int64_t)time(NULL), &v);
	(void)snprintf(back, sizeof(back), "/jobs/%lld",
	    (long long)web_path_id(ctx));
	return (decided(ctx, r, v, M_ERR_JOB_NOT_FOUND, "posting",
	    posting_status_code(to), back));
}

/* POST /jobs/N/approve and its twin (staff): the posting shows. */
int
review_posting_approve(struct ctx *ctx)
{
	return (posting_review(ctx, POSTING_OPEN));
}

/* POST /jobs/N/hide and its twin (staff): reason required. */
int
review_posting_hide(struct ctx *ctx)
{
	return (posting_review(ctx, POSTING_HIDDEN));
}
