/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * compstep.c: the steps staff take a competition through — create it,
 * change its rules while it takes entries, add categories and judges,
 * open judging, send an entry back for re-marking, declare a recusal,
 * lock each round, publish — each a thin handler over one store call
 * that checks the state and answers with its verdict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "compete.h"
#include "html.h"
#include "issuer.h"

/* Answer a step the store took or refused (r, v); done: compete_step_done(). */
static int
step_done(struct ctx *ctx, enum db_result r, enum comp_verdict v,
    int64_t id, int status)
{
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v));
	return (compete_step_done(ctx, id, status, ""));
}

/* POST /competitions (staff): name, window and rules. */
int
compstep_create(struct ctx *ctx)
{
	struct comp_edit	 e;
	enum db_result		 r;
	int64_t			 id;

	if (!comprules_read(ctx, &e))
		return (KORE_RESULT_OK);
	if ((r = db_comp_create(&e, ctx->user.id, (int64_t)time(NULL),
	    &id)) == DB_CONFLICT)
		return (web_fail(ctx, 400, "invalid_rules",
		    M_ERR_COMP_RULES));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	return (compete_step_done(ctx, id, 201, ""));
}

/* POST /competitions/<id> (staff): change the rules while taking entries. */
int
compstep_rules(struct ctx *ctx)
{
	struct competition	 c;
	struct comp_edit	 e;
	enum comp_verdict	 v;
	enum db_result		 r;

	if (!compete_from_path(ctx, &c) || !comprules_read(ctx, &e))
		return (KORE_RESULT_OK);
	if ((r = db_comp_rules_set(c.id, &e, ctx->user.id,
	    (int64_t)time(NULL), &v)) == DB_CONFLICT)
		return (web_fail(ctx, 400, "invalid_rules", M_ERR_COMP_RULES));
	return (step_done(ctx, r, v, c.id, 200));
}

/* POST /competitions/<id>/categories (staff): name_zh, name_en. */
int
compstep_category_add(struct ctx *ctx)
{
	struct competition	 c;
	enum comp_verdict	 v;
	enum db_result		 r;
	const char		*zh = web_field(ctx, "name_zh");
	const char		*en = web_field(ctx, "name_en");
	size_t			 chars;
	int64_t			 id;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (en == NULL)
		en = "";
	if (web_field_not_text(ctx, "name_zh") ||
	    web_field_not_text(ctx, "name_en") || zh == NULL ||
	    !utf8_chars(zh, &chars) || chars < 1 || chars > 30 ||
	    !utf8_chars(en, &chars) || chars > 60 || strlen(en) > 60)
		return (web_fail(ctx, 400, "invalid_name",
		    M_ERR_COMP_CATEGORY_NAME));
	r = db_category_add(c.id, zh, en, ctx->user.id, (int64_t)time(NULL),
	    &id, &v);
	return (step_done(ctx, r, v, c.id, 201));
}

/* POST /competitions/<id>/judges (staff): category, judge (a master). */
int
compstep_judge_add(struct ctx *ctx)
{
	struct competition	 c;
	enum comp_verdict	 v;
	enum db_result		 r;
	long long		 cat, judge;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "category", 1, INT64_MAX, &cat))
		return (web_fail(ctx, 400, "invalid_category",
		    M_ERR_COMP_CATEGORY));
	if (!web_field_int(ctx, "judge", 1, INT64_MAX, &judge))
		return (web_fail(ctx, 400, "invalid_judge",
		    M_ERR_COMP_NOT_MASTER));
	if ((r = db_judge_add(c.id, cat, judge, ctx->user.id,
	    (int64_t)time(NULL), &v)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_COMP));
	return (step_done(ctx, r, v, c.id, 201));
}

/* POST /competitions/<id>/open (staff): close entries, start round 1. */
int
compstep_open(struct ctx *ctx)
{
	struct competition	 c;
	enum comp_verdict	 v;
	enum db_result		 r;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (c.kind == COMP_KIND_GUIDE)
		return (guidejudge_open(ctx, &c));
	r = db_comp_open(c.id, ctx->user.id, (int64_t)time(NULL), &v);
	return (step_done(ctx, r, v, c.id, 200));
}

/*
 * POST /competitions/<id>/lock (staff): lock the round being judged —
 * refused while sheets are not final or aspects wait for re-marking.
 */
int
compstep_lock(struct ctx *ctx)
{
	struct competition	 c;
	struct lock_report	 rep;
	enum comp_verdict	 v;
	enum db_result		 r;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (c.kind == COMP_KIND_GUIDE)
		return (guidejudge_lock(ctx, &c));
	memset(&rep, 0, sizeof(rep));
	if ((r = db_comp_lock(c.id, ctx->user.id, (int64_t)time(NULL), &rep,
	    &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != COMPV_OK && web_is_json(ctx))
		return (web_json(ctx, 409, json_pack("{s:s, s:s, s:i, s:i}",
		    "error", v == COMPV_MISSING ? "sheets_missing" :
		    v == COMPV_SPREAD ? "remark_needed" : "wrong_state",
		    "message", i18n(ctx->lang, v == COMPV_MISSING ?
		    M_ERR_COMP_MISSING : v == COMPV_SPREAD ?
		    M_ERR_COMP_SPREAD : M_ERR_COMP_STATE), "missing",
		    rep.missing, "spread", rep.spread)));
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v));
	if (web_is_json(ctx)) {
		if ((r = db_comp_get(c.id, &c)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 200, json_pack("{s:o, s:i, s:i, s:i}",
		    "competition", compete_json(&c, 1), "ranked", rep.ranked,
		    "advanced", rep.advanced, "short_panels",
		    rep.short_panels)));
	}
	return (compete_step_done(ctx, c.id, 200, ""));
}

/* POST /competitions/<id>/remark (staff): entry — reopen its sheets. */
int
compstep_remark(struct ctx *ctx)
{
	struct competition	 c;
	enum comp_verdict	 v;
	enum db_result		 r;
	long long		 entry;
	int			 n;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "entry", 1, INT64_MAX, &entry))
		return (web_fail(ctx, 400, "invalid_entry", M_ERR_ENTRY));
	if ((r = db_sheet_reopen(c.id, entry, ctx->user.id,
	    (int64_t)time(NULL), &n, &v)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v));
	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:i}", "reopened", n)));
	return (compete_step_done(ctx, c.id, 200, ""));
}

/*
 * POST /competitions/<id>/recusals (staff): entry, judge, reason — a
 * conflict the lineage does not show (a relative, an employer). The judge
 * is recused from the entry from now on; a sheet already given no longer
 * counts. Recorded in the score log with its reason.
 */
int
compstep_recuse(struct ctx *ctx)
{
	struct competition	 c;
	enum comp_verdict	 v;
	enum db_result		 r;
	const char		*reason = web_field(ctx, "reason");
	long long		 entry, judge;
	size_t			 chars;

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (!web_field_int(ctx, "entry", 1, INT64_MAX, &entry))
		return (web_fail(ctx, 400, "invalid_entry", M_ERR_ENTRY));
	if (!web_field_int(ctx, "judge", 1, INT64_MAX, &judge))
		return (web_fail(ctx, 400, "invalid_judge",
		    M_ERR_COMP_NOT_MASTER));
	if (web_field_not_text(ctx, "reason") || reason == NULL ||
	    !utf8_chars(reason, &chars) || chars < 1 || chars > 200)
		return (web_fail(ctx, 400, "invalid_reason",
		    M_ERR_COMP_RECUSE_REASON));
	if ((r = db_recusal_declare(c.id, entry, judge, reason, ctx->user.id,
	    (int64_t)time(NULL), &v)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_ENTRY));
	return (step_done(ctx, r, v, c.id, 201));
}

/*
 * POST /competitions/<id>/publish (staff): lang of the certificates.
 * Results go public, names are shown, every placed entry gets its award
 * and its certificate in one batch, and title rules propose nominations.
 */
int
compstep_publish(struct ctx *ctx)
{
	struct competition	 c;
	struct cert_issuer	 is;
	struct publish_report	 rep;
	enum comp_verdict	 v;
	enum cert_lang		 lang;
	enum db_result		 r;
	char			 today[11], to[64];

	if (!compete_from_path(ctx, &c))
		return (KORE_RESULT_OK);
	if (c.kind == COMP_KIND_GUIDE)
		return (guidejudge_publish(ctx, &c));
	if (!compete_cert_lang(ctx, &lang))
		return (KORE_RESULT_OK);
	memset(&rep, 0, sizeof(rep));
	issuer_for(ctx, &is, today);
	if ((r = db_comp_publish(c.id, lang, &is, &rep, &v)) != DB_OK)
		return (web_busy(ctx, r));
	if (v != COMPV_OK)
		return (compete_verdict_fail(ctx, v));
	if (!compete_certs_made(ctx, &rep))
		return (KORE_RESULT_OK);
	if (web_is_json(ctx)) {
		if ((r = db_comp_get(c.id, &c)) != DB_OK)
			return (web_busy(ctx, r));
		return (web_json(ctx, 200, json_pack("{s:o, s:i, s:I, s:i, "
		    "s:i}", "competition", compete_json(&c, 1), "awards",
		    rep.awards, "batch", (json_int_t)rep.batch, "nominations",
		    rep.nominations, "unverified", rep.unverified)));
	}
	(void)snprintf(to, sizeof(to), "/competitions/%lld/results",
	    (long long)c.id);
	return (web_redirect(ctx, to));
}
