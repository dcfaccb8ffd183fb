/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * person.c: a person in the pipeline — their stage and its history, what
 * the next stage still needs (gate.c's rules, in plain words), their
 * skill level; and the staff's two decisions: awarding a level (with the
 * evidence) and moving someone to another stage. A move the rules do not
 * allow needs a written reason and is recorded as an exception.
 *
 * Who may look: the person, their current master, and staff.
 */
#include <string.h>
#include <time.h>

#include "html.h"
#include "portfolio.h"
#include "web.h"
#include "train.h"

static const enum msg stage_msgs[STAGE__COUNT] = {
	M_STAGE_ENTRY, M_STAGE_TRAINING, M_STAGE_INCUBATION, M_STAGE_SELECTION,
};

/* The person of the path, if the reader may see them (else answered). */
static int
person_from_path(struct ctx *ctx, struct user *u)
{
	struct mentorship	 m;
	enum db_result		 r;

	if ((r = db_user_by_id(web_path_id(ctx), u)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_PERSON), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	if (ctx->user.role == ROLE_STAFF || ctx->user.id == u->id)
		return (1);
	if (ctx->user.role == ROLE_MASTER &&
	    db_mentor_active(u->id, &m) == DB_OK && m.master == ctx->user.id)
		return (1);
	return (web_fail(ctx, 403, "forbidden", M_ERR_FORBIDDEN), 0);
}

static json_t *
needs_json(const struct gate_need *need, int n, enum lang l)
{
	json_t	*arr = json_array();
	int	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:i, s:s, s:i, s:i}",
		    "kind", need[i].kind, "message", i18n(l, need[i].msg),
		    "have", need[i].have, "want", need[i].want));
	return (arr);
}

/*
 * The "next stage" panel: the person's stage and, in plain words, what
 * moving on still needs (or that everything is in place).
 */
void
person_gates(struct ctx *ctx, struct buf *b, int64_t user)
{
	struct gate_facts	 f;
	struct gate_need	 need[GATE_MAX_NEEDS];
	struct level_award	 a;
	enum lang		 l = ctx->lang;
	int			 n, i;

	if (db_gate_facts(user, &f) != DB_OK ||
	    db_level_current(user, &a) != DB_OK)
		return;
	n = gate_missing(&f, &gate_defaults, need);
	html_lit(b, "<section class=\"panel\" id=\"next-stage\"><h2>");
	html_text(b, i18n(l, M_ME_STAGE));
	html_lit(b, "</h2>");
	page_stages(b, l, (int)f.stage);
	html_lit(b, "<p>");
	html_text(b, i18n(l, M_PERSON_LEVEL));
	html_lit(b, ": <strong id=\"level\">");
	html_text(b, i18n(l, gate_level_msg(a.level)));
	html_lit(b, "</strong>");
	if (a.level >= 0) {
		char	 day[11];

		seat_today((time_t)a.awarded, day);
		html_lit(b, " <span class=\"meta\">");
		html_text(b, i18n(l, M_PERSON_AWARDED_BY));
		html_lit(b, " ");
		html_text(b, a.by);
		html_lit(b, " · ");
		html_text(b, day);
		html_lit(b, "</span>");
	}
	html_lit(b, "</p>");
	if (f.stage == STAGE_SELECTION) {
		html_lit(b, "</section>");
		return;
	}
	html_lit(b, "<h3>");
	html_text(b, i18n(l, M_NEXT_STAGE));
	html_lit(b, " · ");
	html_text(b, i18n(l, stage_msgs[f.stage + 1]));
	html_lit(b, "</h3>");
	if (n == 0) {
		html_lit(b, "<p class=\"ok\" id=\"gate-open\">");
		html_text(b, i18n(l, M_GATE_OPEN));
		html_lit(b, "</p>");
	} else {
		html_lit(b, "<ul id=\"needs\">");
		for (i = 0; i < n; i++) {
			html_lit(b, "<li>");
			html_text(b, i18n(l, need[i].msg));
			if (need[i].kind == NEED_HOURS) {
				html_lit(b, ": ");
				html_int(b, need[i].have);
				html_lit(b, " / ");
				html_int(b, need[i].want);
			}
			html_lit(b, "</li>");
		}
		html_lit(b, "</ul>");
	}
	html_lit(b, "</section>");
}

struct moves_acc {
	struct ctx	*ctx;
	struct buf	*b;
	json_t		*arr;
};

/* db_stage_moves() callback: one line of the stage history. */
static int
move_item_cb(const struct stage_move *m, void *arg)
{
	struct moves_acc	*ma = arg;
	enum lang		 l = ma->ctx->lang;
	char			 day[11];

	seat_today((time_t)m->moved, day);
	if (ma->arr != NULL) {
		json_array_append_new(ma->arr, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:b}", "from", stage_code(m->from), "to",
		    stage_code(m->to), "day", day, "by", m->by, "reason",
		    m->reason, "override", m->override));
		return (1);
	}
	html_lit(ma->b, "<li>");
	html_text(ma->b, day);
	html_lit(ma->b, " · ");
	html_text(ma->b, i18n(l, stage_msgs[m->from]));
	html_lit(ma->b, " → ");
	html_text(ma->b, i18n(l, stage_msgs[m->to]));
	html_lit(ma->b, " · ");
	html_text(ma->b, m->by);
	if (m->override) {
		html_lit(ma->b, " · <strong>");
		html_text(ma->b, i18n(l, M_PERSON_OVERRIDE));
		html_lit(ma->b, "</strong>");
	}
	if (m->reason[0] != '\0') {
		html_lit(ma->b, " · ");
		html_text(ma->b, m->reason);
	}
	html_lit(ma->b, "</li>");
	return (1);
}

static void
staff_forms(struct buf *b, struct ctx *ctx, const struct user *u)
{
	struct page_ctx	 pc;
	enum lang	 l = ctx->lang;
	int		 i;

	web_page_ctx(ctx, &pc);
	html_lit(b, "<p><a id=\"identity-link\" href=\"/people/");
	html_int(b, u->id);
	html_lit(b, "/identity\">");
	html_text(b, i18n(l, M_ID_TITLE));
	html_lit(b, "</a></p><section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_PERSON_AWARD));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "enctype=\"multipart/form-data\" action=\"/people/");
	html_int(b, u->id);
	html_lit(b, "/level\">");
	page_csrf_field(b, &pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_PERSON_LEVEL));
	html_lit(b, "<select name=\"level\" id=\"f-level\">");
	for (i = 0; i < LEVEL_COUNT; i++) {
		html_lit(b, "<option value=\"");
		html_int(b, i);
		html_lit(b, "\">");
		html_text(b, i18n(l, gate_level_msg(i)));
		html_lit(b, "</option>");
	}
	html_lit(b, "</select></label><label>");
	html_text(b, i18n(l, M_PERSON_EVIDENCE));
	html_lit(b, "<textarea name=\"evidence\" id=\"f-evidence\" rows=\"3\" "
	    "maxlength=\"500\" required></textarea></label><button "
	    "type=\"submit\">");
	html_text(b, i18n(l, M_PERSON_AWARD));
	html_lit(b, "</button></form></section><section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_PERSON_MOVE));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "enctype=\"multipart/form-data\" action=\"/people/");
	html_int(b, u->id);
	html_lit(b, "/stage\">");
	page_csrf_field(b, &pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_PERSON_MOVE_TO));
	html_lit(b, "<select name=\"to\" id=\"f-to\">");
	for (i = 0; i < STAGE__COUNT; i++) {
		html_lit(b, "<option value=\"");
		html_text(b, stage_code((enum stage)i));
		html_lit(b, "\"");
		if (i == (int)u->stage + 1)
			html_lit(b, " selected");
		html_lit(b, ">");
		html_text(b, i18n(l, stage_msgs[i]));
		html_lit(b, "</option>");
	}
	html_lit(b, "</select></label><label>");
	html_text(b, i18n(l, M_PERSON_MOVE_REASON));
	html_lit(b, "<textarea name=\"reason\" id=\"f-reason\" rows=\"2\" "
	    "maxlength=\"200\"></textarea></label><button type=\"submit\">");
	html_text(b, i18n(l, M_PERSON_MOVE_SUBMIT));
	html_lit(b, "</button></form></section>");
}

/* GET /people/<id> and its twin: stage, gates, level, history. */
int
person_show(struct ctx *ctx)
{
	struct user		 u;
	struct gate_facts	 f;
	struct gate_need	 need[GATE_MAX_NEEDS];
	struct level_award	 a;
	struct moves_acc	 ma;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	const char		*done = web_field(ctx, "done");
	int			 n, minutes[SKILL_COUNT], i;
	char			 subject[32];
	json_t			*j, *tot;

	if (!person_from_path(ctx, &u))
		return (KORE_RESULT_OK);
	if (u.role != ROLE_APPRENTICE)	/* only apprentices have a record */
		return (web_fail(ctx, 404, "not_found", M_ERR_PERSON));
	/* PIPL: staff's access to a person's data is recorded. */
	if (ctx->user.role == ROLE_STAFF && ctx->user.id != u.id) {
		(void)snprintf(subject, sizeof(subject), "user:%lld",
		    (long long)u.id);
		if ((r = db_audit(ctx->user.id, "privacy.view", subject,
		    "person", (int64_t)time(NULL))) != DB_OK)
			return (web_busy(ctx, r));
	}
	if ((r = db_gate_facts(u.id, &f)) != DB_OK ||
	    (r = db_level_current(u.id, &a)) != DB_OK)
		return (web_busy(ctx, r));
	n = gate_missing(&f, &gate_defaults, need);
	memset(&ma, 0, sizeof(ma));
	ma.ctx = ctx;
	if (web_is_json(ctx)) {
		ma.arr = json_array();
		if ((r = db_stage_moves(u.id, move_item_cb, &ma)) != DB_OK) {
			json_decref(ma.arr);
			return (web_busy(ctx, r));
		}
		if ((r = db_log_totals(u.id, minutes)) != DB_OK) {
			json_decref(ma.arr);
			return (web_busy(ctx, r));
		}
		tot = json_object();
		for (i = 0; i < SKILL_COUNT; i++) {
			if (minutes[i] > 0)
				json_object_set_new(tot, gate_skill_code(i),
				    json_real(minutes[i] / 60.0));
		}
		j = json_pack("{s:o, s:s, s:{s:i, s:s, s:s, s:s, s:I}, s:f, "
		    "s:o, s:o, s:o, s:b}", "user", web_user_json(&u), "stage",
		    stage_code(f.stage), "level", "level", a.level, "name",
		    i18n(l, gate_level_msg(a.level)), "evidence", a.evidence,
		    "awarded_by", a.by, "awarded", (json_int_t)a.awarded,
		    "confirmed_hours", f.confirmed_minutes / 60.0,
		    "hours_by_skill", tot, "next_stage_needs",
		    needs_json(need, n, l), "history", ma.arr, "gate_open",
		    n == 0);
		return (web_json(ctx, 200, j));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	ma.b = &b;
	page_begin(&b, &pc, u.name);
	html_lit(&b, "<h1 id=\"person-name\">");
	html_text(&b, u.name);
	html_lit(&b, "</h1>");
	if (done != NULL) {
		html_lit(&b, "<p class=\"ok\" role=\"status\" id=\"notice\">");
		html_text(&b, i18n(l, M_DONE_SAVED));
		html_lit(&b, "</p>");
	}
	person_gates(ctx, &b, u.id);
	if ((r = db_log_totals(u.id, minutes)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	train_totals(&b, l, minutes);
	html_lit(&b, "<section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_PERSON_STAGES));
	html_lit(&b, "</h2><ul class=\"plain\" id=\"history\">");
	if ((r = db_stage_moves(u.id, move_item_cb, &ma)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul></section>");
	if (ctx->user.role == ROLE_STAFF) {
		staff_forms(&b, ctx, &u);
		quota_form(&b, ctx, u.id);
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

static int
person_done(struct ctx *ctx, int64_t id)
{
	char	 to[64];

	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:I, s:s}", "user",
		    (json_int_t)id, "status", "saved")));
	(void)snprintf(to, sizeof(to), "/people/%lld?done=saved",
	    (long long)id);
	return (web_redirect(ctx, to));
}

/* POST /people/<id>/level (staff): a level of the ladder, with evidence. */
int
person_level(struct ctx *ctx)
{
	struct user	 u;
	enum db_result	 r;
	const char	*ev = web_field(ctx, "evidence");
	long long	 level;
	size_t		 chars;

	if (!person_from_path(ctx, &u))
		return (KORE_RESULT_OK);
	if (u.role != ROLE_APPRENTICE)
		return (web_fail(ctx, 409, "not_apprentice",
		    M_ERR_NOT_APPRENTICE));
	if (!web_field_int(ctx, "level", 0, LEVEL_COUNT - 1, &level))
		return (web_fail(ctx, 400, "invalid_level", M_ERR_LEVEL));
	if (ev == NULL || !utf8_chars_lines(ev, &chars) || chars == 0 ||
	    chars > 500)
		return (web_fail(ctx, 400, "invalid_evidence",
		    M_ERR_EVIDENCE));
	if ((r = db_level_award(u.id, u.track, (int)level, ev, ctx->user.id,
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	return (person_done(ctx, u.id));
}

/*
 * POST /people/<id>/stage (staff): move to `to`. Allowed by the rules
 * when moving one stage on with nothing missing; anything else (a skip,
 * a step back, a gate not yet open) needs a reason and is an exception.
 */
int
person_stage(struct ctx *ctx)
{
	struct user		 u;
	enum move_verdict	 v;
	enum db_result		 r;
	enum stage		 to;
	const char		*reason = web_field(ctx, "reason");
	size_t			 chars = 0;

	if (!person_from_path(ctx, &u))
		return (KORE_RESULT_OK);
	if (u.role != ROLE_APPRENTICE)
		return (web_fail(ctx, 409, "not_apprentice",
		    M_ERR_NOT_APPRENTICE));
	if (!stage_parse(web_field(ctx, "to"), &to))
		return (web_fail(ctx, 400, "invalid_stage", M_ERR_STAGE));
	if (to == u.stage)
		return (web_fail(ctx, 409, "same_stage", M_ERR_SAME_STAGE));
	if (reason != NULL && (!utf8_chars_lines(reason, &chars) ||
	    chars > 200))
		return (web_fail(ctx, 400, "invalid_reason", M_ERR_REASON));
	r = db_stage_move(u.id, u.stage, to, ctx->user.id, reason,
	    (int64_t)time(NULL), &v);
	if (r != DB_OK)
		return (web_busy(ctx, r));
	if (v == MV_STALE)	/* moved meanwhile: a double click */
		return (web_fail(ctx, 409, "same_stage", M_ERR_SAME_STAGE));
	if (v == MV_NEEDS_REASON)
		return (web_fail(ctx, 409, "gate_closed", M_ERR_GATE));
	return (person_done(ctx, u.id));
}
