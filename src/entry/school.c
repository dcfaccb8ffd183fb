/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * school.c: partner schools (校企合作). Staff upload a school's roster as
 * CSV; every row is checked first and the refused ones listed with their
 * line numbers; then either nothing is written (the default, when any row
 * is wrong) or — when the staff ask for it — the good rows are imported,
 * all in one transaction. New students get a one-time activation code
 * instead of a password (hashing 10,000 passwords with Argon2id would
 * take minutes); with it they set their own password at /activate.
 */
#include <sys/resource.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csvio.h"
#include "html.h"
#include "web.h"
#include "course.h"

#define ROSTER_MAX_BYTES	(1024 * 1024)
#define ROSTER_NICE		19	/* the import's CPU priority */

struct roster_job;
static int	 roster_work(struct roster_job *);
static void	*roster_thread(void *);

static void
roster_form(struct buf *b, const struct page_ctx *pc, const char *run)
{
	enum lang	 l = pc->lang;

	html_lit(b, "<form method=\"post\" action=\"/staff/roster\" "
	    "enctype=\"multipart/form-data\" class=\"stack\">");
	page_csrf_field(b, pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_ROSTER_RUN));
	html_lit(b, "<input type=\"number\" name=\"run\" id=\"f-run\" "
	    "min=\"1\" required value=\"");
	html_text(b, run);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_ROSTER_FILE));
	html_lit(b, "<input type=\"file\" name=\"roster\" id=\"f-roster\" "
	    "accept=\".csv,text/csv\" required></label><label "
	    "class=\"choice\"><input type=\"radio\" name=\"mode\" "
	    "value=\"all\" checked> ");
	html_text(b, i18n(l, M_ROSTER_MODE_ALL));
	html_lit(b, "</label><label class=\"choice\"><input type=\"radio\" "
	    "name=\"mode\" value=\"good\"> ");
	html_text(b, i18n(l, M_ROSTER_MODE_GOOD));
	html_lit(b, "</label><button type=\"submit\">");
	html_text(b, i18n(l, M_ROSTER_SUBMIT));
	html_lit(b, "</button></form>");
}

/* GET /staff/roster?run=N */
int
school_roster_page(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct buf	 b;
	const char	*run = web_field(ctx, "run");

	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, i18n(ctx->lang, M_ROSTER_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(ctx->lang, M_ROSTER_TITLE));
	html_lit(&b, "</h1><p>");
	html_text(&b, i18n(ctx->lang, M_ROSTER_HELP));
	html_lit(&b, "</p>");
	roster_form(&b, &pc, run);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/*
 * An import in flight, owned by the request (roster_job_free() when it
 * ends). The loop fills the input; the task thread parses, writes and
 * renders; the loop sends the answer.
 */
struct roster_job {
	/* in */
	char		*data;		/* the file's bytes; freed once parsed */
	size_t		 len;
	int64_t		 run;
	int64_t		 actor;
	int		 good_only;
	int		 json;
	struct page_ctx	 pc;		/* borrowed from the request */
	/* out */
	struct roster	 ro;
	enum db_result	 r;		/* the store's, when written */
	int		 status;	/* the answer's, when rendered */
	struct buf	 answer;
	long		 ms_parse, ms_write, ms_render;
	int		 ok;		/* roster_work()'s, from its thread */
};

static json_t *
errors_json(const struct roster *ro, enum lang l)
{
	json_t	*arr = json_array();
	size_t	 i;

	for (i = 0; i < ro->nerrors; i++)
		json_array_append_new(arr, json_pack("{s:i, s:s, s:s}",
		    "line", ro->errors[i].line, "message",
		    i18n(l, ro->errors[i].reason), "value",
		    ro->errors[i].value));
	return (arr);
}

static void
errors_html(struct buf *b, const struct roster *ro, enum lang l)
{
	size_t	 i;

	html_lit(b, "<div class=\"scroll\" "
	    "tabindex=\"0\"><table id=\"roster-errors\"><thead>"
	    "<tr><th>");
	html_text(b, i18n(l, M_ROSTER_LINE));
	html_lit(b, "</th><th>");
	html_text(b, i18n(l, M_ERR_TITLE));
	html_lit(b, "</th></tr></thead><tbody>");
	for (i = 0; i < ro->nerrors && i < 1000; i++) {
		html_lit(b, "<tr><td>");
		html_int(b, ro->errors[i].line);
		html_lit(b, "</td><td>");
		html_text(b, i18n(l, ro->errors[i].reason));
		if (ro->errors[i].value[0] != '\0') {
			html_lit(b, " <code>");
			html_text(b, ro->errors[i].value);
			html_lit(b, "</code>");
		}
		html_lit(b, "</td></tr>");
	}
	html_lit(b, "</tbody></table></div>");
}

/* A file read as GBK says so: the staff may not know Excel saved it so. */
static void
charset_html(struct buf *b, const struct roster *ro, enum lang l)
{
	if (ro->charset != CSV_GB18030)
		return;
	html_lit(b, "<p id=\"encoding\">");
	html_text(b, i18n(l, M_CSV_GBK));
	html_lit(b, "</p>");
}

/*
 * A row that found an account it must not take over: null, or the
 * account's name and whether that account is verified.
 */
static json_t *
conflict_json(const struct roster_row *row)
{
	if (!row->conflict)
		return (json_null());
	return (json_pack("{s:s, s:s, s:b}", "row_name", row->name,
	    "account_name", row->holder, "account_verified",
	    row->holder_verified));
}

/*
 * The answer to an import, refused (nothing written) or done, made into
 * job->answer with its status: pure, so that the task thread makes it
 * (20,000 rows are tens of milliseconds of JSON or HTML).
 */
static void
roster_render(struct roster_job *job, int imported)
{
	const struct roster	*ro = &job->ro;
	const struct page_ctx	*pc = &job->pc;
	struct buf		*b = &job->answer;
	enum lang		 l = pc->lang;
	json_t			*rows, *v;
	size_t			 i;
	char			 runs[24], *s;

	if (job->json) {
		if (!imported) {
			job->status = 400;
			v = json_pack("{s:s, s:s, s:s, s:o}", "error",
			    "roster_rejected", "message",
			    i18n(l, M_ROSTER_REJECTED), "encoding",
			    csv_charset_code(ro->charset), "errors",
			    errors_json(ro, l));
			goto dump;
		}
		rows = json_array();
		for (i = 0; i < ro->nrows; i++)
			json_array_append_new(rows, json_pack("{s:i, s:s, "
			    "s:s, s:o, s:o, s:o}", "line", ro->rows[i].line,
			    "name", ro->rows[i].name, "account",
			    ro->rows[i].account, "status",
			    ro->rows[i].conflict ? json_null() :
			    json_string(seat_status_code(ro->rows[i].status)),
			    "activation_code", ro->rows[i].created ?
			    json_string(ro->rows[i].code) : json_null(),
			    "conflict", conflict_json(&ro->rows[i])));
		job->status = 201;
		v = json_pack("{s:I, s:s, s:i, s:i, s:o, s:o}", "run",
		    (json_int_t)job->run, "encoding",
		    csv_charset_code(ro->charset), "imported",
		    (int)ro->nrows, "skipped", (int)ro->nerrors, "rows", rows,
		    "errors", errors_json(ro, l));
dump:
		s = v != NULL ? json_dumps(v, JSON_COMPACT) : NULL;
		json_decref(v);
		if (s == NULL)
			abort();	/* out of memory */
		buf_init(b, strlen(s) + 1);
		buf_puts(b, s);
		secret_wipe(s, strlen(s));	/* activation codes */
		free(s);
		return;
	}
	buf_init(b, 65536);
	page_begin(b, pc, i18n(l, M_ROSTER_TITLE));
	html_lit(b, "<h1>");
	html_text(b, i18n(l, M_ROSTER_TITLE));
	html_lit(b, "</h1>");
	if (!imported) {
		job->status = 400;
		page_error(b, pc, i18n(l, M_ROSTER_REJECTED));
		charset_html(b, ro, l);
		errors_html(b, ro, l);
		(void)snprintf(runs, sizeof(runs), "%lld",
		    (long long)job->run);
		roster_form(b, pc, job->run > 0 ? runs : NULL);
		page_end(b, pc);
		return;
	}
	job->status = 201;
	html_lit(b, "<p class=\"ok\" role=\"status\" id=\"notice\">");
	html_text(b, i18n(l, M_ROSTER_DONE));
	html_lit(b, "</p><dl class=\"facts\"><dt>");
	html_text(b, i18n(l, M_ROSTER_IN));
	html_lit(b, "</dt><dd id=\"imported\">");
	html_int(b, (long long)ro->nrows);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_ROSTER_SKIPPED));
	html_lit(b, "</dt><dd id=\"skipped\">");
	html_int(b, (long long)ro->nerrors);
	html_lit(b, "</dd></dl>");
	charset_html(b, ro, l);
	if (ro->nerrors > 0)
		errors_html(b, ro, l);
	html_lit(b, "<p>");
	html_text(b, i18n(l, M_ROSTER_CODES));
	html_lit(b, "</p><div class=\"scroll\" "
	    "tabindex=\"0\"><table id=\"codes\"><thead>"
	    "<tr><th>");
	html_text(b, i18n(l, M_CSV_NAME));
	html_lit(b, "</th><th>");
	html_text(b, i18n(l, M_CSV_ACCOUNT));
	html_lit(b, "</th><th>");
	html_text(b, i18n(l, M_CSV_STATUS));
	html_lit(b, "</th><th>");
	html_text(b, i18n(l, M_ROSTER_CODE));
	html_lit(b, "</th></tr></thead><tbody>");
	for (i = 0; i < ro->nrows; i++) {
		html_lit(b, "<tr><td>");
		html_text(b, ro->rows[i].name);
		html_lit(b, "</td><td>");
		html_text(b, ro->rows[i].account);
		html_lit(b, "</td><td>");
		if (ro->rows[i].conflict) {
			/* 身份: nothing linked; both names for staff. */
			html_lit(b, "<strong class=\"conflict\">");
			html_text(b, i18n(l, ro->rows[i].holder_verified ?
			    M_ROSTER_CONFLICT_NAME :
			    M_ROSTER_CONFLICT_UNVERIFIED));
			html_lit(b, "</strong></td><td>");
			html_text(b, ro->rows[i].holder);
			html_lit(b, "</td></tr>");
			continue;
		}
		html_text(b, i18n(l, ro->rows[i].status == SEAT_ENROLLED ?
		    M_STATUS_ENROLLED : M_STATUS_WAITLISTED));
		html_lit(b, "</td><td><code>");
		html_text(b, ro->rows[i].created ? ro->rows[i].code :
		    i18n(l, M_ROSTER_EXISTING));
		html_lit(b, "</code></td></tr>");
	}
	html_lit(b, "</tbody></table></div><p><a href=\"/runs/");
	html_int(b, job->run);
	html_lit(b, "\">");
	html_text(b, i18n(l, M_DESK_OPEN));
	html_lit(b, "</a></p>");
	page_end(b, pc);
}

/*
 * The roster's bytes: the uploaded file "roster" of the form, or the
 * "csv" string of the API's JSON. Returns a malloc'd copy or NULL.
 */
static char *
roster_bytes(struct ctx *ctx, size_t *len)
{
	struct http_file	*f;
	const char		*s;
	char			*data;
	ssize_t			 n;
	size_t			 off = 0;

	if (web_is_json(ctx)) {
		if ((s = web_field(ctx, "csv")) == NULL)
			return (NULL);
		*len = strlen(s);
		return (strdup(s));
	}
	if ((f = http_file_lookup(ctx->req, "roster")) == NULL ||
	    f->length == 0 || f->length > ROSTER_MAX_BYTES)
		return (NULL);
	if ((data = malloc(f->length + 1)) == NULL)
		abort();
	while (off < f->length && (n = http_file_read(f, data + off,
	    f->length - off)) > 0)
		off += (size_t)n;
	data[off] = '\0';
	*len = off;
	return (data);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec	 t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return ((t.tv_sec - t0->tv_sec) * 1000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000000);
}

/*
 * On a task thread: parse the roster, import it in one transaction on
 * the thread's own connection (db_task_attach()), render the answer. A
 * 20,000-row roster holds the write lock for a second or more: here it
 * stalls no event loop, while the workers' writers answer a retryable
 * 503 (DB_LOOP_BUSY_MS) and every reader goes on (WAL). One transaction
 * keeps it all or nothing with no staging to clean up after a crash; a
 * double submit finds the first one's accounts and seats (their codes
 * are not shown twice) and adds nothing. Returns 1 when job->answer is
 * ready to send, 0 when the store failed (job->r).
 */
static int
roster_task(void *arg)
{
	struct roster_job	*job = arg;
	pthread_t		 t;

	if (pthread_create(&t, NULL, roster_thread, job) != 0)
		return (roster_work(job));	/* at the pool's priority */
	(void)pthread_join(t, NULL);
	return (job->ok);
}

/*
 * The import's own thread, for its length, at the lowest CPU priority
 * (nice 19): the worker's event loop, waking for a page, runs first.
 * With the machine busy, the import at the loop's priority took the
 * worker's share of the CPU and the verify page waited hundreds of
 * milliseconds (test_loop_busy.py). A thread of its own because an
 * unprivileged thread cannot raise its priority again: a pool thread
 * left at 19 would hash the next logins there. Its connection is closed
 * with it.
 */
static void *
roster_thread(void *arg)
{
	struct roster_job	*job = arg;

	(void)setpriority(PRIO_PROCESS, 0, ROSTER_NICE);
	job->ok = roster_work(job);
	db_close();
	return (NULL);
}

/* roster_task()'s work, at its priority. */
static int
roster_work(struct roster_job *job)
{
	struct timespec		 t0;
	int			 ok;
	size_t			 i;

	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	ok = roster_parse(job->data, job->len, &job->ro);
	free(job->data);
	job->data = NULL;
	job->ms_parse = ms_since(&t0);
	if (!ok || job->ro.nrows == 0 ||
	    (job->ro.nerrors > 0 && !job->good_only)) {
		roster_render(job, 0);
		return (1);
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!db_task_attach())
		job->r = DB_ERROR;
	else
		job->r = db_roster_import(job->run, job->ro.rows,
		    job->ro.nrows, job->actor, (int64_t)time(NULL));
	job->ms_write = ms_since(&t0);
	if (job->r != DB_OK)
		return (0);
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	roster_render(job, 1);
	for (i = 0; i < job->ro.nrows; i++)
		secret_wipe(job->ro.rows[i].code, sizeof(job->ro.rows[i].code));
	job->ms_render = ms_since(&t0);
	return (1);
}

static void
roster_job_free(void *arg)
{
	struct roster_job	*job = arg;

	free(job->data);
	roster_free(&job->ro);
	buf_free(&job->answer);
	free(job);
}

/*
 * POST /staff/roster (multipart) and POST /api/v1/roster (JSON). The
 * event loop only reads the request; the rest is roster_task()'s.
 */
int
school_roster_import(struct ctx *ctx)
{
	struct roster_job	*job;
	struct run		 run;
	enum db_result		 r;
	const char		*mode = web_field(ctx, "mode");
	long long		 id;
	int			 good_only;

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		job = ctx->work.arg;
		if (job->ms_write > 100)
			kore_log(LOG_NOTICE, "roster of run %lld: %zu rows, "
			    "parsed in %ld ms, written in %ld ms, answered in "
			    "%ld ms", (long long)job->run, job->ro.nrows,
			    job->ms_parse, job->ms_write, job->ms_render);
		if (ctx->work.result != KORE_RESULT_OK) {
			if (job->r == DB_CONFLICT)
				return (web_fail(ctx, 409,
				    "roster_staff_account",
				    M_ERR_ROSTER_STAFF));
			return (web_busy(ctx, job->r));
		}
		if (job->json)
			return (web_json_text(ctx, job->status, &job->answer));
		return (web_html(ctx, job->status, &job->answer));
	}
	if (!web_field_int(ctx, "run", 1, INT64_MAX, &id))
		return (web_fail(ctx, 400, "invalid_run", M_ERR_RUN));
	if ((r = db_run_get(id, &run)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_RUN));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	good_only = mode != NULL && strcmp(mode, "good") == 0;
	if (mode != NULL && !good_only && strcmp(mode, "all") != 0)
		return (web_fail(ctx, 400, "bad_request", M_ERR_BAD_REQUEST));
	if ((job = calloc(1, sizeof(*job))) == NULL)
		abort();
	if ((job->data = roster_bytes(ctx, &job->len)) == NULL) {
		free(job);
		return (web_fail(ctx, 400, "invalid_roster",
		    M_ERR_ROSTER_FILE));
	}
	job->run = id;
	job->actor = ctx->user.id;
	job->good_only = good_only;
	job->json = web_is_json(ctx);
	web_page_ctx(ctx, &job->pc);
	web_work_start(ctx, roster_task, job, roster_job_free);
	return (KORE_RESULT_RETRY);
}

static int
activate_form(struct ctx *ctx, int status, enum msg err)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	web_form_token(ctx);
	web_page_ctx(ctx, &pc);
	buf_init(&b, 8192);
	page_begin(&b, &pc, i18n(l, M_ACTIVATE_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_ACTIVATE_TITLE));
	html_lit(&b, "</h1><p>");
	html_text(&b, i18n(l, M_ACTIVATE_HELP));
	html_lit(&b, "</p>");
	if (status != 200)
		page_error(&b, &pc, i18n(l, err));
	html_lit(&b, "<form method=\"post\" action=\"/activate\" "
	    "class=\"stack\">");
	page_csrf_field(&b, &pc);
	html_lit(&b, "<label>");
	html_text(&b, i18n(l, M_FIELD_ACCOUNT));
	html_lit(&b, "<input name=\"account\" id=\"f-account\" required "
	    "autocomplete=\"username\" value=\"");
	if (status != 200)
		html_text(&b, web_field(ctx, "account"));
	html_lit(&b, "\"></label><label>");
	html_text(&b, i18n(l, M_ACTIVATE_CODE));
	html_lit(&b, "<input name=\"code\" id=\"f-code\" required "
	    "autocomplete=\"one-time-code\"></label><label>");
	html_text(&b, i18n(l, M_FIELD_PASSWORD));
	html_lit(&b, "<input type=\"password\" name=\"password\" "
	    "id=\"f-password\" minlength=\"8\" required "
	    "autocomplete=\"new-password\"></label><button type=\"submit\">");
	html_text(&b, i18n(l, M_ACTIVATE_SUBMIT));
	html_lit(&b, "</button></form>");
	page_end(&b, &pc);
	return (web_html(ctx, status, &b));
}

/* GET /activate */
int
school_activate_page(struct ctx *ctx)
{
	return (activate_form(ctx, 200, M_ERR_TITLE));
}

static int
activate_refuse(struct ctx *ctx, int status, const char *code, enum msg m)
{
	if (web_is_json(ctx))
		return (web_fail(ctx, status, code, m));
	return (activate_form(ctx, status, m));
}

/* An activation across its password's hashing. */
struct activate_flow {
	char		 account[ACCOUNT_MAX + 1];
	int64_t		 attempt;	/* its failure, counted beforehand */
};

/*
 * POST /activate and POST /api/v1/activate: account + one-time code +
 * a new password. Attempts are throttled like logins (a code is a
 * password for once) on a counter of their own, so that failed codes do
 * not lock the account's logins nor failed logins its activation; the
 * password is hashed on a task thread.
 */
int
school_activate(struct ctx *ctx)
{
	struct activate_flow *af = web_flow(ctx, sizeof(*af));
	const char	*code, *pw;
	enum db_result	 r;
	int64_t		 now = (int64_t)time(NULL), id;
	int		 throttled;
	char		 key[sizeof(af->account) + 16];

	if (!ctx->job.started) {
		code = web_field(ctx, "code");
		pw = web_field(ctx, "password");
		if (!identity_account(web_field(ctx, "account"), af->account,
		    sizeof(af->account)) || code == NULL || *code == '\0' ||
		    strlen(code) > 32)
			return (activate_refuse(ctx, 400, "activation_failed",
			    M_ERR_ACTIVATE));
		if (!identity_password(pw))
			return (activate_refuse(ctx, 400, "invalid_password",
			    M_ERR_PASSWORD));
		/* Codes have their own counter, apart from passwords. */
		(void)snprintf(key, sizeof(key), "activate/%s", af->account);
		if ((r = db_login_attempt(key, ctx->throttle,
		    now - THROTTLE_WINDOW, now, &throttled,
		    &af->attempt)) != DB_OK)
			return (web_busy(ctx, r));
		if (throttled)
			return (activate_refuse(ctx, 429, "throttled",
			    web_retry_after(ctx, throttled)));
		if (!web_pw_hash(ctx, pw))
			return (KORE_RESULT_OK);	/* 503: queue full */
		return (KORE_RESULT_RETRY);
	}
	if (!web_pw_done(ctx))
		return (KORE_RESULT_RETRY);
	if (!ctx->job.ok)
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	r = db_user_activate(af->account, web_field(ctx, "code"),
	    ctx->job.stored, &id);
	secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
	if (r == DB_NOTFOUND)
		return (activate_refuse(ctx, 401, "activation_failed",
		    M_ERR_ACTIVATE));
	if (r != DB_OK || (r = db_login_forgive(af->attempt)) != DB_OK)
		return (web_busy(ctx, r));
	return (web_welcome(ctx, id, 200));
}
