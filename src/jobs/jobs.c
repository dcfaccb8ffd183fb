/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * jobs.c: the public side of 就业 jobs — the list of open postings
 * (phone-first, paged), a posting's page, applying with a message and
 * the certificates and public works the applicant chooses to show, and
 * a person's own applications — with the helpers the stage's other
 * files share.
 *
 * Who sees a posting: everyone while it is open (reviewed by staff, its
 * employer approved, not past its closing date); its employer and staff
 * always; nobody else. An employer sees of an applicant only what the
 * applicant chose (application.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert.h"
#include "html.h"
#include "jobs.h"

static const enum msg step_msgs[JOB__STEPS] = {
	[JOB_APPLIED] = M_JOB_STEP_APPLIED,
	[JOB_VIEWED] = M_JOB_STEP_VIEWED,
	[JOB_INTERVIEW] = M_JOB_STEP_INTERVIEW,
	[JOB_OFFER] = M_JOB_STEP_OFFER,
	[JOB_DECLINED] = M_JOB_STEP_DECLINED,
	[JOB_HIRED] = M_JOB_STEP_HIRED,
	[JOB_WITHDRAWN] = M_JOB_STEP_WITHDRAWN,
};

static const enum msg posting_msgs[POSTING__COUNT] = {
	[POSTING_PENDING] = M_JOB_STATUS_PENDING,
	[POSTING_OPEN] = M_JOB_STATUS_OPEN,
	[POSTING_HIDDEN] = M_JOB_STATUS_HIDDEN,
};

static const enum msg employer_msgs[EMPLOYER__COUNT] = {
	[EMPLOYER_PENDING] = M_EMPLOYER_STATUS_PENDING,
	[EMPLOYER_APPROVED] = M_EMPLOYER_STATUS_APPROVED,
	[EMPLOYER_SUSPENDED] = M_EMPLOYER_STATUS_SUSPENDED,
};

/* The words of a step, a posting's state, an employer's state. */
enum msg
jobs_step_msg(enum job_step s)
{
	return ((unsigned)s < JOB__STEPS ? step_msgs[s] : M_ERR_TITLE);
}

/* (As jobs_step_msg(), for a posting's review state.) */
enum msg
jobs_posting_msg(enum posting_status s)
{
	return ((unsigned)s < POSTING__COUNT ? posting_msgs[s] : M_ERR_TITLE);
}

/* (As jobs_step_msg(), for an employer's state.) */
enum msg
jobs_employer_msg(enum employer_status s)
{
	return ((unsigned)s < EMPLOYER__COUNT ? employer_msgs[s] :
	    M_ERR_TITLE);
}

/*
 * The text field name, trimmed, into out (outsz bytes): from min to max
 * characters, valid UTF-8 with no control or format characters (bidi
 * overrides, zero-width ones: utf8_chars(), as names and titles since
 * issue 15), line breaks allowed when lines. An absent field is "" (so
 * min 0 makes it optional). 0 when it is not good; the caller answers.
 */
int
jobs_text(struct ctx *ctx, const char *name, size_t min, size_t max,
    int lines, char *out, size_t outsz)
{
	const char	*v = web_field(ctx, name);
	size_t		 n;

	out[0] = '\0';
	if (web_field_not_text(ctx, name))
		return (0);
	if (v == NULL)
		return (min == 0);
	if (strlen(v) >= outsz)
		return (0);
	(void)snprintf(out, outsz, "%s", v);
	(void)utf8_trim(out);
	return ((lines ? utf8_chars_lines(out, &n) : utf8_chars(out, &n)) &&
	    n >= min && n <= max);
}

/* Answer a refusal of the store (4xx, in the reader's language). */
int
jobs_verdict_fail(struct ctx *ctx, enum job_verdict v)
{
	switch (v) {
	case JOBV_TWICE:
		return (web_fail(ctx, 409, "already_applied", M_ERR_JOB_TWICE));
	case JOBV_CLOSED:
		return (web_fail(ctx, 409, "closed", M_ERR_JOB_CLOSED));
	case JOBV_NOT_YOURS:
		return (web_fail(ctx, 400, "not_yours", M_ERR_JOB_NOT_YOURS));
	case JOBV_STEP:
		return (web_fail(ctx, 409, "step_not_allowed",
		    M_ERR_JOB_STEP));
	case JOBV_STATE:
		return (web_fail(ctx, 409, "already_so", M_ERR_JOB_STATE));
	case JOBV_EMPLOYER:
		return (web_fail(ctx, 403, "employer_not_approved",
		    M_ERR_EMPLOYER_NOT_APPROVED));
	default:
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	}
}

/* A posting as JSON (a new object: the caller owns it); full adds its
 * description, review state and count of live applications. */
json_t *
jobs_posting_json(const struct posting *p, int full)
{
	json_t	*o;
	char	 url[40];

	(void)snprintf(url, sizeof(url), "/jobs/%lld", (long long)p->id);
	o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:I, s:I, s:s, s:s, s:s}",
	    "id", (json_int_t)p->id, "title", p->title, "employer",
	    p->business, "track", track_code(p->track), "level", p->level,
	    "pay_min", (json_int_t)p->pay_min, "pay_max",
	    (json_int_t)p->pay_max, "place", p->place, "closes", p->closes,
	    "url", url);
	if (o == NULL)
		return (NULL);
	if (full) {
		json_object_set_new(o, "description",
		    json_string(p->description));
		json_object_set_new(o, "status",
		    json_string(posting_status_code(p->status)));
		json_object_set_new(o, "applicants",
		    json_integer(p->applicants));
	}
	return (o);
}

/* A posting's facts as a definition list: kind, level, pay, place, date. */
void
jobs_posting_facts(struct buf *b, enum lang l, const struct posting *p)
{
	html_lit(b, "<dl class=\"facts\"><dt>");
	html_text(b, i18n(l, M_JOB_EMPLOYER));
	html_lit(b, "</dt><dd>");
	html_text(b, p->business);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_JOB_TRACK));
	html_lit(b, "</dt><dd>");
	html_text(b, i18n(l, page_track_msg(p->track)));
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_JOB_LEVEL));
	html_lit(b, "</dt><dd>");
	if (p->level == 0)
		html_text(b, i18n(l, M_JOB_LEVEL_ANY));
	else
		html_int(b, p->level);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_JOB_PAY));
	html_lit(b, "</dt><dd class=\"pay\">");
	html_int(b, p->pay_min);
	html_lit(b, " – ");
	html_int(b, p->pay_max);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_JOB_PLACE));
	html_lit(b, "</dt><dd>");
	html_text(b, p->place);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_JOB_CLOSES));
	html_lit(b, "</dt><dd>");
	html_text(b, p->closes);
	html_lit(b, "</dd></dl>");
}

/* Whether the reader owns posting p (its employer's account). */
static int
own_posting(const struct ctx *ctx, const struct posting *p)
{
	return (ctx->logged_in && ctx->user.role == ROLE_EMPLOYER &&
	    ctx->user.id == p->employer_user);
}

/* Whether posting p is open on day today (see POSTING_OPEN in sql.c). */
static int
posting_open(const struct posting *p, const char *today)
{
	return (p->status == POSTING_OPEN &&
	    p->employer_status == EMPLOYER_APPROVED &&
	    strcmp(p->closes, today) >= 0);
}

/*
 * The posting of the path, if the reader may see it (else answered 404,
 * the same as for none, so a hidden posting's existence is not told).
 */
int
jobs_path_posting(struct ctx *ctx, struct posting *p)
{
	enum db_result	 r;
	char		 today[11];

	if ((r = db_posting_get(web_path_id(ctx), p)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_JOB_NOT_FOUND),
		    0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	web_today(today);
	if (posting_open(p, today) || own_posting(ctx, p) ||
	    (ctx->logged_in && ctx->user.role == ROLE_STAFF))
		return (1);
	return (web_fail(ctx, 404, "not_found", M_ERR_JOB_NOT_FOUND), 0);
}

/*
 * Close a <ul> on b that the store just filled with n rows (r its
 * result): </ul>, then none as a muted line when there was no row
 * (M__COUNT: nothing said); 1. When the store failed: answered
 * (web_busy), b freed, 0: the handler returns KORE_RESULT_OK.
 */
int
jobs_list_end(struct ctx *ctx, struct buf *b, enum db_result r, int n,
    enum msg none)
{
	if (r != DB_OK) {
		buf_free(b);
		return (web_busy(ctx, r), 0);
	}
	html_lit(b, "</ul>");
	if (n == 0 && none != M__COUNT) {
		html_lit(b, "<p class=\"muted\">");
		html_text(b, i18n(ctx->lang, none));
		html_lit(b, "</p>");
	}
	return (1);
}

/*
 * Refuse a form with m: on JSON the error (status, code); on a page,
 * view draws the page again at status with the values sent, m at the
 * top and beside field name (a literal; NULL when no one field is to
 * blame). Returns what the answer returns.
 */
int
jobs_refused(struct ctx *ctx, int (*view)(struct ctx *, int, enum msg),
    int status, const char *name, const char *code, enum msg m)
{
	if (web_is_json(ctx))
		return (web_fail(ctx, status, code, m));
	if (name != NULL)
		web_bad_field(ctx, name, m);
	return (view(ctx, status, m));
}

struct list {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
	int		 n;
	int64_t		 posting;	/* mine_find: the posting */
	struct application *found;	/* mine_find: the reader's one */
};

static int
list_posting(const struct posting *p, void *arg)
{
	struct list	*w = arg;
	enum lang	 l = w->ctx->lang;

	w->n++;
	if (w->arr != NULL)
		return (json_array_append_new(w->arr,
		    jobs_posting_json(p, 0)) == 0);
	html_lit(w->b, "<li class=\"job\"><a href=\"/jobs/");
	html_int(w->b, p->id);
	html_lit(w->b, "\"><strong>");
	html_text(w->b, p->title);
	html_lit(w->b, "</strong></a><br>");
	html_text(w->b, p->business);
	html_lit(w->b, " · ");
	html_text(w->b, p->place);
	html_lit(w->b, "<br><small>");
	html_text(w->b, i18n(l, page_track_msg(p->track)));
	html_lit(w->b, " · ");
	html_int(w->b, p->pay_min);
	html_lit(w->b, "–");
	html_int(w->b, p->pay_max);
	html_lit(w->b, " ");
	html_text(w->b, i18n(l, M_JOB_PAY));
	html_lit(w->b, " · ");
	html_text(w->b, i18n(l, M_JOB_CLOSES));
	html_lit(w->b, " ");
	html_text(w->b, p->closes);
	html_lit(w->b, "</small></li>");
	return (1);
}

/*
 * GET /jobs and /api/v1/jobs: the open postings, newest first, JOB_PAGE
 * to a page (?page=N from 1).
 */
int
jobs_list(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct list	 w;
	struct buf	 b;
	enum db_result	 r;
	enum lang	 l = ctx->lang;
	long long	 page = 1;
	int64_t		 total = 0;
	char		 today[11];

	if (web_field(ctx, "page") != NULL &&
	    !web_field_int(ctx, "page", 1, 100000, &page))
		return (web_fail(ctx, 400, "invalid_page", M_ERR_BAD_REQUEST));
	web_today(today);
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	if (web_is_json(ctx)) {
		w.arr = json_array();
		if ((r = db_postings_open(today, (int)(page - 1) * JOB_PAGE,
		    JOB_PAGE, list_posting, &w, &total)) != DB_OK) {
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:o, s:I, s:I, s:i}",
		    "jobs", w.arr, "page", (json_int_t)page, "total",
		    (json_int_t)total, "per_page", JOB_PAGE)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_JOBS_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_JOBS_TITLE));
	html_lit(&b, "</h1><p>");
	html_text(&b, i18n(l, M_JOBS_INTRO));
	html_lit(&b, "</p><ul class=\"list\" id=\"jobs\">");
	r = db_postings_open(today, (int)(page - 1) * JOB_PAGE, JOB_PAGE,
	    list_posting, &w, &total);
	if (!jobs_list_end(ctx, &b, r, w.n, M_JOBS_NONE))
		return (KORE_RESULT_OK);
	html_lit(&b, "<nav class=\"pages\">");
	if (page > 1) {
		html_lit(&b, "<a rel=\"prev\" href=\"/jobs?page=");
		html_int(&b, page - 1);
		html_lit(&b, "\">");
		html_text(&b, i18n(l, M_JOB_PAGE_PREV));
		html_lit(&b, "</a> ");
	}
	if (page * JOB_PAGE < total) {
		html_lit(&b, "<a rel=\"next\" id=\"jobs-next\" "
		    "href=\"/jobs?page=");
		html_int(&b, page + 1);
		html_lit(&b, "\">");
		html_text(&b, i18n(l, M_JOB_PAGE_NEXT));
		html_lit(&b, "</a>");
	}
	html_lit(&b, "</nav>");
	if (!ctx->logged_in) {
		html_lit(&b, "<p><a id=\"employer-register\" "
		    "href=\"/jobs/register\">");
		html_text(&b, i18n(l, M_JOBS_FOR_EMPLOYERS));
		html_lit(&b, "</a></p>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

static int
mine_find(const struct application *a, void *arg)
{
	struct list	*w = arg;

	if (a->posting != w->posting)
		return (1);
	*w->found = *a;
	w->n = 1;
	return (0);
}

/* The reader's application to posting, if any: 1 and *a, else 0. */
static int
my_application(struct ctx *ctx, int64_t posting, struct application *a)
{
	struct list	 w;

	memset(&w, 0, sizeof(w));
	w.posting = posting;
	w.found = a;
	if (db_applications_of_user(ctx->user.id, mine_find, &w) != DB_OK)
		return (0);
	return (w.n);
}

struct pick {
	struct buf	*b;
	int		 n;
	const char	*today;
	enum lang	 lang;
	int64_t		 kept[JOB_SHOWN_MAX * 4];	/* checked again */
	size_t		 nkept;
};

/* The box for id, checked when the refused request chose it. */
static void
pick_box(struct pick *p, const char *name, int64_t id)
{
	size_t	 i;

	html_lit(p->b, "<label class=\"choice\"><input type=\"checkbox\" "
	    "name=\"");
	html_text(p->b, name);
	html_lit(p->b, "\" value=\"");
	html_int(p->b, id);
	html_lit(p->b, "\"");
	for (i = 0; i < p->nkept; i++)
		if (p->kept[i] == id) {
			html_lit(p->b, " checked");
			break;
		}
	html_lit(p->b, "> ");
}

/* The ids the refused request chose in field name, to keep them. */
static void
pick_kept(struct ctx *ctx, struct pick *p, const char *name)
{
	ssize_t	 k;

	k = web_field_ids(ctx, name, p->kept, sizeof(p->kept) /
	    sizeof(p->kept[0]));
	p->nkept = k < 0 ? 0 : (size_t)k;
}

static int
pick_cert(const struct cert *c, void *arg)
{
	struct pick	*p = arg;

	/* Offered: the current one of a re-issue chain, not revoked. */
	if (!c->current || c->revoked != 0)
		return (1);
	if (p->n >= JOB_SHOWN_MAX * 4)
		return (0);
	p->n++;
	pick_box(p, "cert", c->id);
	html_text(p->b, cert_title(c, p->lang));
	html_lit(p->b, " <small>");
	html_text(p->b, c->serial);
	html_lit(p->b, " · ");
	html_text(p->b, i18n(p->lang, cert_status_msg(cert_status(c,
	    p->today))));
	html_lit(p->b, "</small></label>");
	return (1);
}

static int
pick_work(const struct work *w, void *arg)
{
	struct pick	*p = arg;

	if (!w->public || w->held || p->n >= JOB_SHOWN_MAX * 4)
		return (1);
	p->n++;
	pick_box(p, "work", w->id);
	html_text(p->b, w->title);
	html_lit(p->b, "</label>");
	return (1);
}

/*
 * The apply form: a message, the reader's certificates and works. Again
 * (after a refusal): with the values sent and the message beside the
 * field it got wrong.
 */
static void
apply_form(struct ctx *ctx, struct buf *b, const struct page_ctx *pc,
    const struct posting *p, int again)
{
	struct pick	 k;
	enum lang	 l = ctx->lang;
	const char	*contact;
	char		 today[11];

	web_today(today);
	memset(&k, 0, sizeof(k));
	k.b = b;
	k.today = today;
	k.lang = l;
	html_lit(b, "<section class=\"panel\" id=\"apply\"><h2>");
	html_text(b, i18n(l, M_JOB_APPLY_TITLE));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "id=\"apply-form\" enctype=\"multipart/form-data\" "
	    "action=\"/jobs/");
	html_int(b, p->id);
	html_lit(b, "/apply\">");
	page_csrf_field(b, pc);
	html_lit(b, "<label for=\"f-message\">");
	html_text(b, i18n(l, M_JOB_MESSAGE));
	html_lit(b, "</label><textarea name=\"message\"");
	page_field_attrs(b, pc, "message");
	html_lit(b, " rows=\"4\" maxlength=\"1000\">");
	html_text(b, again ? web_field(ctx, "message") : NULL);
	html_lit(b, "</textarea>");
	page_field_error(b, pc, "message");
	html_lit(b, "<fieldset id=\"f-cert\"");
	page_field_invalid(b, pc, "cert");
	html_lit(b, "><legend>");
	html_text(b, i18n(l, M_JOB_SHOW_CERTS));
	html_lit(b, "</legend>");
	if (again)
		pick_kept(ctx, &k, "cert");
	(void)db_certs_of_user(ctx->user.id, pick_cert, &k);
	page_field_error(b, pc, "cert");
	html_lit(b, "</fieldset><fieldset id=\"f-work\"");
	page_field_invalid(b, pc, "work");
	html_lit(b, "><legend>");
	html_text(b, i18n(l, M_JOB_SHOW_WORKS));
	html_lit(b, "</legend>");
	if (again)
		pick_kept(ctx, &k, "work");
	(void)db_works_of_user(ctx->user.id, 0, pick_work, &k);
	page_field_error(b, pc, "work");
	html_lit(b, "</fieldset>");
	if (k.n == 0) {
		html_lit(b, "<p class=\"muted\">");
		html_text(b, i18n(l, M_JOB_NOTHING_TO_SHOW));
		html_lit(b, "</p>");
	}
	contact = again ? web_field(ctx, "contact") : NULL;
	html_lit(b, "<label class=\"choice\"><input type=\"checkbox\" "
	    "name=\"contact\" value=\"1\" id=\"f-contact\"");
	if (contact != NULL && strcmp(contact, "1") == 0)
		html_lit(b, " checked");
	html_lit(b, "> ");
	html_text(b, i18n(l, M_JOB_SHOW_CONTACT));
	html_lit(b, "</label><button type=\"submit\" id=\"apply-submit\">");
	html_text(b, i18n(l, M_JOB_APPLY));
	html_lit(b, "</button></form></section>");
}

/* The posting's applicants, for its employer. */
static int
list_applicant(const struct application *a, void *arg)
{
	struct list	*w = arg;

	w->n++;
	if (w->arr != NULL)
		return (json_array_append_new(w->arr, json_pack("{s:I, s:s, "
		    "s:s, s:I}", "id", (json_int_t)a->id, "name",
		    a->applicant_name, "step", job_step_code(a->step),
		    "created", (json_int_t)a->created)) == 0);
	html_lit(w->b, "<li><a href=\"/applications/");
	html_int(w->b, a->id);
	html_lit(w->b, "\">");
	html_text(w->b, a->applicant_name);
	html_lit(w->b, "</a> · <span class=\"step\">");
	html_text(w->b, i18n(w->ctx->lang, jobs_step_msg(a->step)));
	html_lit(w->b, "</span></li>");
	return (1);
}

/* Staff's show / hide forms for a posting. */
static void
review_forms(struct buf *b, const struct page_ctx *pc, enum lang l,
    const struct posting *p)
{
	html_lit(b, "<section class=\"panel\" id=\"review\"><h2>");
	html_text(b, i18n(l, jobs_posting_msg(p->status)));
	html_lit(b, "</h2>");
	if (p->reason[0] != '\0') {
		html_lit(b, "<p>");
		html_text(b, i18n(l, M_JOB_REASON));
		html_lit(b, ": ");
		html_text(b, p->reason);
		html_lit(b, "</p>");
	}
	if (p->status != POSTING_OPEN) {
		html_lit(b, "<form method=\"post\" action=\"/jobs/");
		html_int(b, p->id);
		html_lit(b, "/approve\">");
		page_csrf_field(b, pc);
		html_lit(b, "<button type=\"submit\" id=\"posting-approve\">");
		html_text(b, i18n(l, M_JOB_APPROVE));
		html_lit(b, "</button></form>");
	}
	if (p->status != POSTING_HIDDEN) {
		html_lit(b, "<form method=\"post\" class=\"stack\" "
		    "action=\"/jobs/");
		html_int(b, p->id);
		html_lit(b, "/hide\">");
		page_csrf_field(b, pc);
		html_lit(b, "<label>");
		html_text(b, i18n(l, M_JOB_REASON));
		html_lit(b, "<input name=\"reason\" maxlength=\"200\" "
		    "required></label><button type=\"submit\" "
		    "id=\"posting-hide\">");
		html_text(b, i18n(l, M_JOB_HIDE));
		html_lit(b, "</button></form>");
	}
	html_lit(b, "</section>");
}

/*
 * A posting's page (status 200), or again after a refused application
 * (status 4xx: err at the top, the apply form with its values kept).
 */
static int
show_view(struct ctx *ctx, int status, enum msg err)
{
	struct posting		 p;
	struct application	 mine;
	struct page_ctx		 pc;
	struct list		 w;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	json_t			*o;
	int			 owner, staff, seeker, applied = 0;
	char			 today[11];

	if (!jobs_path_posting(ctx, &p))
		return (KORE_RESULT_OK);
	web_today(today);
	owner = own_posting(ctx, &p);
	staff = ctx->logged_in && ctx->user.role == ROLE_STAFF;
	seeker = ctx->logged_in && (ctx->user.role == ROLE_APPRENTICE ||
	    ctx->user.role == ROLE_MASTER);
	if (seeker)
		applied = my_application(ctx, p.id, &mine);
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	if (web_is_json(ctx)) {
		o = jobs_posting_json(&p, owner || staff);
		json_object_set_new(o, "open", json_boolean(posting_open(&p,
		    today)));
		if (owner) {
			w.arr = json_array();
			if ((r = db_applications_of_posting(p.id,
			    list_applicant, &w)) != DB_OK) {
				json_decref(w.arr);
				json_decref(o);
				return (web_busy(ctx, r));
			}
			json_object_set_new(o, "applications", w.arr);
		} else
			json_object_set_new(o, "description",
			    json_string(p.description));
		if (applied)
			json_object_set_new(o, "my_application", json_pack(
			    "{s:I, s:s}", "id", (json_int_t)mine.id, "step",
			    job_step_code(mine.step)));
		return (web_json(ctx, 200, json_pack("{s:o}", "job", o)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	w.b = &b;
	page_begin(&b, &pc, p.title);
	html_lit(&b, "<p><a href=\"/jobs\">");
	html_text(&b, i18n(l, M_JOBS_TITLE));
	html_lit(&b, "</a></p><h1 id=\"job-title\">");
	html_text(&b, p.title);
	html_lit(&b, "</h1>");
	jobs_posting_facts(&b, l, &p);
	html_lit(&b, "<h2>");
	html_text(&b, i18n(l, M_JOB_DESCRIPTION));
	html_lit(&b, "</h2><p class=\"prose\">");
	html_text(&b, p.description);
	html_lit(&b, "</p>");
	if (staff)
		review_forms(&b, &pc, l, &p);
	if (owner) {
		html_lit(&b, "<p>");
		html_text(&b, i18n(l, jobs_posting_msg(p.status)));
		html_lit(&b, "</p><section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_JOB_APPLICANTS));
		html_lit(&b, "</h2><ul class=\"list\" id=\"applicants\">");
		r = db_applications_of_posting(p.id, list_applicant, &w);
		if (!jobs_list_end(ctx, &b, r, w.n, M_JOB_NO_APPLICANTS))
			return (KORE_RESULT_OK);
		html_lit(&b, "</section>");
	}
	if (applied) {
		html_lit(&b, "<p id=\"my-application\">");
		html_text(&b, i18n(l, M_JOB_YOUR_APPLICATION));
		html_lit(&b, ": <a href=\"/applications/");
		html_int(&b, mine.id);
		html_lit(&b, "\">");
		html_text(&b, i18n(l, jobs_step_msg(mine.step)));
		html_lit(&b, "</a></p>");
	} else if (seeker && posting_open(&p, today)) {
		if (status != 200)
			page_error(&b, &pc, i18n(l, err));
		apply_form(ctx, &b, &pc, &p, status != 200);
	} else if (!ctx->logged_in && posting_open(&p, today)) {
		html_lit(&b, "<p><a class=\"button\" href=\"/login\">");
		html_text(&b, i18n(l, M_JOB_LOGIN_TO_APPLY));
		html_lit(&b, "</a></p>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/*
 * GET /jobs/N and /api/v1/jobs/N: a posting. Its employer also sees its
 * applicants and state; staff its state and the review forms; an
 * apprentice or master the apply form, or their application's step.
 */
int
jobs_show(struct ctx *ctx)
{
	return (show_view(ctx, 200, M_ERR_TITLE));
}

/*
 * Refuse field name of the apply form with m: the JSON error, or the
 * posting's page again with the form's values and the message beside
 * the field.
 */
static int
apply_refused(struct ctx *ctx, const char *name, const char *code,
    enum msg m)
{
	return (jobs_refused(ctx, show_view, 400, name, code, m));
}

/*
 * The ids of repeated field name (at most JOB_SHOWN_MAX) to ids and *n;
 * 0 when one is not an id or there are too many (answered).
 */
static int
shown_ids(struct ctx *ctx, const char *name, int64_t *ids, size_t *n)
{
	int64_t	 got[JOB_SHOWN_MAX + 1];
	ssize_t	 k;

	if ((k = web_field_ids(ctx, name, got, JOB_SHOWN_MAX + 1)) < 0)
		return (apply_refused(ctx, name, "invalid_choice",
		    M_ERR_JOB_NOT_YOURS), 0);
	if (k > JOB_SHOWN_MAX)
		return (apply_refused(ctx, name, "too_many",
		    M_ERR_JOB_SHOWN), 0);
	memcpy(ids, got, (size_t)k * sizeof(*ids));
	*n = (size_t)k;
	return (1);
}

/* A yes/no field: JSON true/false, a form's "1" (a checkbox). */
static int
flag(struct ctx *ctx, const char *name)
{
	json_t		*j;
	const char	*v;

	if (web_is_json(ctx))
		return (ctx->body != NULL && (j = json_object_get(ctx->body,
		    name)) != NULL && json_is_true(j));
	return ((v = web_field(ctx, name)) != NULL && strcmp(v, "1") == 0);
}

/*
 * POST /jobs/N/apply and /api/v1/jobs/N/apply (apprentices and masters,
 * verified): message, contact (show my phone or email), cert and work
 * (repeated: what to show). One application per person and posting.
 */
int
jobs_apply(struct ctx *ctx)
{
	struct posting	 p;
	struct job_shown s;
	enum job_verdict v;
	enum db_result	 r;
	int64_t		 id;
	char		 message[JOB_MESSAGE_MAX * 4 + 1];
	char		 today[11], to[48];

	if (!jobs_path_posting(ctx, &p))
		return (KORE_RESULT_OK);
	if (!jobs_text(ctx, "message", 0, JOB_MESSAGE_MAX, 1, message,
	    sizeof(message)))
		return (apply_refused(ctx, "message", "invalid_message",
		    M_ERR_JOB_MESSAGE));
	memset(&s, 0, sizeof(s));
	if (!shown_ids(ctx, "cert", s.certs, &s.ncerts) ||
	    !shown_ids(ctx, "work", s.works, &s.nworks))
		return (KORE_RESULT_OK);
	web_today(today);
	if ((r = db_application_create(p.id, ctx->user.id, message,
	    flag(ctx, "contact"), &s, today, (int64_t)time(NULL), &id,
	    &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != JOBV_OK)
		return (jobs_verdict_fail(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 201, json_pack("{s:{s:I, s:I, s:s}}",
		    "application", "id", (json_int_t)id, "posting",
		    (json_int_t)p.id, "step", job_step_code(JOB_APPLIED))));
	(void)snprintf(to, sizeof(to), "/applications/%lld", (long long)id);
	return (web_redirect(ctx, to));
}

static int
list_mine(const struct application *a, void *arg)
{
	struct list	*w = arg;

	w->n++;
	if (w->arr != NULL)
		return (json_array_append_new(w->arr, json_pack("{s:I, s:I, "
		    "s:s, s:s, s:s, s:I}", "id", (json_int_t)a->id,
		    "posting", (json_int_t)a->posting, "title", a->title,
		    "employer", a->business, "step", job_step_code(a->step),
		    "updated", (json_int_t)a->updated)) == 0);
	html_lit(w->b, "<li><a href=\"/applications/");
	html_int(w->b, a->id);
	html_lit(w->b, "\"><strong>");
	html_text(w->b, a->title);
	html_lit(w->b, "</strong></a><br>");
	html_text(w->b, a->business);
	html_lit(w->b, " · <span class=\"step\">");
	html_text(w->b, i18n(w->ctx->lang, jobs_step_msg(a->step)));
	html_lit(w->b, "</span></li>");
	return (1);
}

/* GET /me/applications and its twin: the reader's applications. */
int
jobs_mine(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct list	 w;
	struct buf	 b;
	enum db_result	 r;
	enum lang	 l = ctx->lang;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	if (web_is_json(ctx)) {
		w.arr = json_array();
		if ((r = db_applications_of_user(ctx->user.id, list_mine,
		    &w)) != DB_OK) {
			json_decref(w.arr);
			return (web_busy(ctx, r));
		}
		return (web_json(ctx, 200, json_pack("{s:o}", "applications",
		    w.arr)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	w.b = &b;
	page_begin(&b, &pc, i18n(l, M_APPLICATIONS_MINE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_APPLICATIONS_MINE));
	html_lit(&b, "</h1><ul class=\"list\" id=\"my-applications\">");
	r = db_applications_of_user(ctx->user.id, list_mine, &w);
	if (!jobs_list_end(ctx, &b, r, w.n, M_APPLICATIONS_NONE))
		return (KORE_RESULT_OK);
	html_lit(&b, "<p><a href=\"/jobs\">");
	html_text(&b, i18n(l, M_JOBS_TITLE));
	html_lit(&b, "</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}
