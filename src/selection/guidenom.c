/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * guidenom.c: 十大金牌导购大师's nominations — a shop nominates its sales
 * guide with evidence and a photo (the photo upload's pipeline and
 * bounds, re-encoded on a task thread), staff enter one on a shop's
 * behalf, check the others and declare a judge's recusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compete.h"
#include "datafile.h"

/*
 * A field of a multipart upload (the nomination's form and its API
 * twin): web_field() reads a JSON body on API routes, which an upload
 * does not have.
 */
static const char *
upload_field(struct ctx *ctx, const char *name)
{
	char	*v;

	if (http_argument_get_string(ctx->req, name, &v))
		return (v);
	return (NULL);
}

/* A nomination's photo, re-encoded on a task thread (portfolio.c's way). */
struct nominee_photo {
	char			*data;
	size_t			 len;
	enum photo_error	 err;
	struct photo_out	 out;
};

static int
nominee_photo_run(void *arg)
{
	struct nominee_photo	*j = arg;

	j->err = photo_process(j->data, j->len, &j->out);
	return (j->err == PHOTO_OK);
}

static void
nominee_photo_free(void *arg)
{
	struct nominee_photo	*j = arg;

	if (j == NULL)
		return;
	free(j->data);
	photo_out_free(&j->out);
	free(j);
}

static int
photo_refused(struct ctx *ctx, enum photo_error e)
{
	switch (e) {
	case PHOTO_TOO_BIG:
		return (web_fail(ctx, 413, "too_big", M_ERR_PHOTO_BIG));
	case PHOTO_NOT_IMAGE:
		return (web_fail(ctx, 415, "not_image", M_ERR_PHOTO_TYPE));
	case PHOTO_TOO_MANY_PIXELS:
		return (web_fail(ctx, 422, "too_many_pixels",
		    M_ERR_PHOTO_PIXELS));
	case PHOTO_BROKEN:
		return (web_fail(ctx, 422, "broken", M_ERR_PHOTO_BROKEN));
	default:
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	}
}

/* What a nomination says, read and checked (1), or answered (0). */
struct nomination_in {
	char	 shopbuf[60 * 4 + 1], guidebuf[40 * 4 + 1];
	char	 evbuf[1000 * 4 + 1], account[ACCOUNT_MAX + 1];
	char	*shop, *guide, *evidence;
	struct user guide_user;
};

static int
nomination_read(struct ctx *ctx, struct nomination_in *in)
{
	char		 pw[PWHASH_LEN];
	enum db_result	 r;

	memset(in, 0, sizeof(*in));
	if ((in->shop = guide_text(upload_field(ctx, "shop"), 60,
	    in->shopbuf, sizeof(in->shopbuf))) == NULL ||
	    (in->guide = guide_text(upload_field(ctx, "guide"), 40,
	    in->guidebuf, sizeof(in->guidebuf))) == NULL ||
	    (in->evidence = guide_text(upload_field(ctx, "evidence"), 1000,
	    in->evbuf, sizeof(in->evbuf))) == NULL)
		return (web_fail(ctx, 400, "invalid_nomination",
		    M_ERR_GUIDE_FIELDS), 0);
	if (!identity_account(upload_field(ctx, "account"), in->account,
	    sizeof(in->account)))
		return (web_fail(ctx, 400, "invalid_account",
		    M_ERR_GUIDE_ACCOUNT), 0);
	if ((r = db_user_by_account(in->account, &in->guide_user, pw,
	    sizeof(pw))) == DB_NOTFOUND || (r == DB_OK &&
	    in->guide_user.role == ROLE_STAFF))
		return (web_fail(ctx, 404, "no_such_account",
		    M_ERR_GUIDE_ACCOUNT), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/*
 * Answer nominee id of competition comp made (status 201) or changed
 * (200): the nominee on JSON, else back to the guides page (at the
 * nominee when made).
 */
static int
nominee_done(struct ctx *ctx, int status, int64_t id, int64_t comp)
{
	struct guide_nominee	 n;
	enum db_result		 r;
	char			 to[80];

	if (web_is_json(ctx)) {
		if ((r = db_guide_nominee_get(id, &n)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, status, json_pack("{s:o}", "nominee",
		    guide_nominee_json(&n, 1, 0))));
	}
	if (status == 201)
		(void)snprintf(to, sizeof(to),
		    "/competitions/%lld/guides#nominee-%lld", (long long)comp,
		    (long long)id);
	else
		(void)snprintf(to, sizeof(to), "/competitions/%lld/guides",
		    (long long)comp);
	return (web_redirect(ctx, to));
}

/*
 * POST /competitions/<id>/nominees (staff, or a verified account that
 * guide_may_nominate() allows), multipart: shop, guide (the name shown),
 * account (the guide's own account, which the certificate goes to),
 * evidence (1-1000 characters) and an optional photo (the photo upload's
 * bounds: 10 MB, 40 megapixels, JPEG/PNG/WebP, re-encoded). Staff's
 * nominations are eligible at once; others wait for staff's check.
 */
int
guide_nominate(struct ctx *ctx)
{
	struct competition	 c;
	struct nomination_in	 in;
	struct nominee_photo	*j = NULL;
	struct http_file	*file;
	enum photo_type		 type;
	enum photo_error	 e;
	enum guide_verdict	 v;
	enum db_result		 r;
	ssize_t			 n;
	int64_t			 id;
	int			 pw, ph, staff;
	char			 path[1024];

	staff = ctx->user.role == ROLE_STAFF;
	if (!staff && !guide_may_nominate(ctx))
		return (web_fail(ctx, 403, "forbidden",
		    M_ERR_GUIDE_NOMINATOR));
	if (!guide_selection_path(ctx, &c) || !nomination_read(ctx, &in))
		return (KORE_RESULT_OK);
	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		j = ctx->work.arg;
		if (j->err != PHOTO_OK)
			return (photo_refused(ctx, j->err));
	} else if ((file = http_file_lookup(ctx->req, "photo")) != NULL &&
	    file->length > 0) {
		if (file->length > PHOTO_MAX_BYTES)
			return (photo_refused(ctx, PHOTO_TOO_BIG));
		if ((j = calloc(1, sizeof(*j))) == NULL ||
		    (j->data = malloc(file->length + 1)) == NULL)
			abort();
		while (j->len < file->length && (n = http_file_read(file,
		    j->data + j->len, file->length - j->len)) > 0)
			j->len += (size_t)n;
		if (j->len != file->length) {
			nominee_photo_free(j);
			return (photo_refused(ctx, PHOTO_BROKEN));
		}
		if ((e = photo_probe(j->data, j->len, &type, &pw, &ph)) !=
		    PHOTO_OK) {
			nominee_photo_free(j);
			return (photo_refused(ctx, e));
		}
		web_work_start(ctx, nominee_photo_run, j, nominee_photo_free);
		return (KORE_RESULT_RETRY);
	}
	if ((r = db_guide_nominate(c.id, in.shop, in.guide,
	    in.guide_user.id, in.evidence, j != NULL, staff, ctx->user.id,
	    (int64_t)time(NULL), &id, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	if (j != NULL) {
		datafile_guide_photo(".", id, path, sizeof(path));
		if (!datafile_save(path, j->out.phone, (size_t)j->out.phone_size))
			kore_log(LOG_ERR, "guide photo %lld: not saved",
			    (long long)id);
	}
	return (nominee_done(ctx, 201, id, c.id));
}

/* The nomination of the path; 0 when answered (404). */
static int
nominee_path(struct ctx *ctx, struct guide_nominee *n)
{
	enum db_result	 r;

	if ((r = db_guide_nominee_get(web_path_id(ctx), n)) == DB_NOTFOUND)
		return (guide_verdict_fail(ctx, GV_NOT_ELIGIBLE), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/* POST /nominees/<id>/check (staff): verdict eligible or refused, note. */
int
guide_check(struct ctx *ctx)
{
	struct guide_nominee	 n;
	enum guide_verdict	 v;
	enum db_result		 r;
	const char		*verdict = web_field(ctx, "verdict");
	char			 notebuf[200 * 4 + 1], *note = "";
	int			 ok;

	if (!nominee_path(ctx, &n))
		return (KORE_RESULT_OK);
	if (verdict == NULL || (strcmp(verdict, "eligible") != 0 &&
	    strcmp(verdict, "refused") != 0))
		return (web_fail(ctx, 400, "invalid_verdict",
		    M_ERR_GUIDE_VERDICT));
	ok = strcmp(verdict, "eligible") == 0;
	if (web_field(ctx, "note") != NULL && *web_field(ctx, "note") != '\0'
	    && (note = guide_text(web_field(ctx, "note"), 200, notebuf,
	    sizeof(notebuf))) == NULL)
		return (web_fail(ctx, 400, "invalid_reason",
		    M_ERR_GUIDE_REASON));
	if ((r = db_guide_check(n.id, ok, note, ctx->user.id,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	return (nominee_done(ctx, 200, n.id, n.competition));
}

/* POST /nominees/<id>/recusals (staff): judge (a panel member), reason. */
int
guide_recuse(struct ctx *ctx)
{
	struct guide_nominee	 n;
	enum guide_verdict	 v;
	enum db_result		 r;
	long long		 judge;
	char			 buf[200 * 4 + 1], *reason;

	if (!nominee_path(ctx, &n))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "judge", 1, INT64_MAX, &judge))
		return (web_fail(ctx, 400, "invalid_judge", M_ERR_GUIDE_JUDGE));
	if ((reason = guide_text(web_field(ctx, "reason"), 200, buf,
	    sizeof(buf))) == NULL)
		return (web_fail(ctx, 400, "invalid_reason",
		    M_ERR_GUIDE_REASON));
	if ((r = db_guide_recuse(n.id, judge, reason, ctx->user.id,
	    (int64_t)time(NULL), &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != GV_OK)
		return (guide_verdict_fail(ctx, v));
	return (nominee_done(ctx, 200, n.id, n.competition));
}
