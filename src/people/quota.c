/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * quota.c: storage quotas (a self-registered account must not fill the
 * data directory with works and photos without end). The limits are
 * checked in the store, in the transaction that adds a work or a photo
 * (db_work_create, db_photo_add); here are staff's form on a person's
 * page and the route that changes one person's limits.
 */
#include <stdio.h>
#include <time.h>

#include "html.h"
#include "portfolio.h"

#define QUOTA_MAX_WORKS		1000000LL
#define QUOTA_MAX_PHOTOS	10000000LL
#define QUOTA_MAX_MIB		(1024LL * 1024)		/* 1 TiB */
#define MIB			(1024LL * 1024)

static json_t *
quota_json(int64_t user, const struct quota *q)
{
	return (json_pack("{s:I, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I}}",
	    "user", (json_int_t)user, "used", "works", (json_int_t)q->works,
	    "photos", (json_int_t)q->photos, "bytes", (json_int_t)q->bytes,
	    "limits", "works", (json_int_t)q->max_works, "photos",
	    (json_int_t)q->max_photos, "bytes", (json_int_t)q->max_bytes));
}

/* 1 when the request gives field name at all (form or JSON). */
static int
quota_given(struct ctx *ctx, const char *name)
{
	return (web_field(ctx, name) != NULL || (ctx->body != NULL &&
	    json_object_get(ctx->body, name) != NULL));
}

/*
 * One limit of the request into *out: -1 when not given (it stays as
 * it was), else the number times unit. 0 (answered 400) when given but
 * not a whole number from 0 to max.
 */
static int
quota_field(struct ctx *ctx, const char *name, long long max,
    long long unit, int64_t *out, int *given)
{
	long long	 n;

	*out = -1;
	if (!quota_given(ctx, name))
		return (1);
	if (!web_field_int(ctx, name, 0, max, &n))
		return (web_fail(ctx, 400, "invalid_quota", M_ERR_QUOTA), 0);
	*out = (int64_t)(n * unit);
	(*given)++;
	return (1);
}

/*
 * POST /people/<id>/quota and /api/v1/people/<id>/quota (staff): any of
 * `works`, `photos` and `megabytes` (MiB) — at least one — become this
 * person's limits. Audited (quota.set) in the same transaction.
 */
int
quota_set(struct ctx *ctx)
{
	struct user	 u;
	struct quota	 q;
	enum db_result	 r;
	int64_t		 works, photos, bytes;
	int		 given = 0;
	char		 to[64];

	if ((r = db_user_by_id(web_path_id(ctx), &u)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_PERSON));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (!quota_field(ctx, "works", QUOTA_MAX_WORKS, 1, &works, &given) ||
	    !quota_field(ctx, "photos", QUOTA_MAX_PHOTOS, 1, &photos,
	    &given) ||
	    !quota_field(ctx, "megabytes", QUOTA_MAX_MIB, MIB, &bytes, &given))
		return (KORE_RESULT_OK);
	if (given == 0)
		return (web_fail(ctx, 400, "invalid_quota", M_ERR_QUOTA));
	if ((r = db_quota_set(u.id, works, photos, bytes, ctx->user.id,
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	if (web_is_json(ctx)) {
		if ((r = db_quota_get(u.id, &q)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 200, quota_json(u.id, &q)));
	}
	(void)snprintf(to, sizeof(to), "/people/%lld?done=saved",
	    (long long)u.id);
	return (web_redirect(ctx, to));
}

/* One limit of the quota form: label (used now) and the input name. */
static void
limit_input(struct buf *b, enum lang l, enum msg label, int64_t used,
    const char *name, int64_t max)
{
	html_lit(b, "<label>");
	html_text(b, i18n(l, label));
	html_lit(b, " (");
	html_int(b, used);
	html_lit(b, ")<input type=\"number\" min=\"0\" name=\"");
	html_text(b, name);
	html_lit(b, "\" id=\"f-quota-");
	html_text(b, name);
	html_lit(b, "\" value=\"");
	html_int(b, max);
	html_lit(b, "\"></label>");
}

/* Staff's form on a person's page: their use and limits, to change. */
void
quota_form(struct buf *b, struct ctx *ctx, int64_t user)
{
	struct page_ctx	 pc;
	struct quota	 q;
	enum lang	 l = ctx->lang;

	if (db_quota_get(user, &q) != DB_OK)
		return;
	web_page_ctx(ctx, &pc);
	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_QUOTA_TITLE));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "enctype=\"multipart/form-data\" id=\"quota\" action=\"/people/");
	html_int(b, user);
	html_lit(b, "/quota\">");
	page_csrf_field(b, &pc);
	limit_input(b, l, M_QUOTA_WORKS, q.works, "works", q.max_works);
	limit_input(b, l, M_QUOTA_PHOTOS, q.photos, "photos", q.max_photos);
	limit_input(b, l, M_QUOTA_MIB, (q.bytes + MIB - 1) / MIB,
	    "megabytes", q.max_bytes / MIB);
	html_lit(b, "<button type=\"submit\">");
	html_text(b, i18n(l, M_QUOTA_SAVE));
	html_lit(b, "</button></form></section>");
}
