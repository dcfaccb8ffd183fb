/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * comprules.c: a competition's rules as staff write them — one line per
 * criterion or tier ("创意创新 | Creativity | 25"), the tie-break as
 * criterion numbers — read and checked (with score_rules_check()) from a
 * form or JSON, and shown back as the form. The same text in both, so the
 * API and the page cannot drift apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compete.h"
#include "html.h"

/* The rules as the form shows them, one line each. */
static void
rules_text(struct buf *crit, struct buf *tiers, char *tie, size_t tiesz,
    const struct comp_edit *e)
{
	char	 n[32];
	int	 i;
	size_t	 len = 0;

	for (i = 0; i < e->ncrit; i++) {
		buf_append(crit, e->crit[i].name_zh, strlen(e->crit[i].name_zh));
		buf_append(crit, " | ", 3);
		buf_append(crit, e->crit[i].name_en, strlen(e->crit[i].name_en));
		(void)snprintf(n, sizeof(n), " | %d\n", e->crit[i].weight);
		buf_append(crit, n, strlen(n));
	}
	for (i = 0; i < e->ntiers; i++) {
		buf_append(tiers, e->tiers[i].name_zh,
		    strlen(e->tiers[i].name_zh));
		buf_append(tiers, " | ", 3);
		buf_append(tiers, e->tiers[i].name_en,
		    strlen(e->tiers[i].name_en));
		(void)snprintf(n, sizeof(n), " | %d\n", e->tiers[i].quota);
		buf_append(tiers, n, strlen(n));
	}
	tie[0] = '\0';
	for (i = 0; i < e->ntie && len < tiesz; i++)
		len += (size_t)snprintf(tie + len, tiesz - len, "%s%d",
		    i ? " " : "", e->tiebreak[i]);
}

void
comprules_from(struct comp_edit *e, const struct competition *c)
{
	int	 i;

	memset(e, 0, sizeof(*e));
	e->name_zh = c->name_zh;
	e->name_en = c->name_en;
	e->opens = c->opens;
	e->closes = c->closes;
	e->mode = c->rules.mode;
	e->min_panel = c->rules.min_panel;
	e->spread = c->rules.spread;
	e->generations = c->generations;
	e->advance = c->advance;
	e->ncrit = c->ncrit;
	memcpy(e->crit, c->crit, sizeof(e->crit));
	e->ntiers = c->ntiers;
	memcpy(e->tiers, c->tiers, sizeof(e->tiers));
	e->ntie = c->rules.ntie;
	for (i = 0; i < e->ntie; i++)
		e->tiebreak[i] = c->rules.tiebreak[i] + 1;
}

/*
 * One line "中文 | English | number": trims spaces, checks the lengths
 * (zh 1-20 characters, en 0-60) and the number's range. 1 if good.
 */
static int
rule_line(char *line, char *zh, size_t zhsz, char *en, size_t ensz,
    int min, int max, int *value)
{
	char		*f[3], *p, *end;
	size_t		 chars, k;
	long		 v;
	int		 i;

	f[0] = line;
	for (i = 1; i < 3; i++) {
		if ((p = strchr(f[i - 1], '|')) == NULL)
			return (0);
		*p = '\0';
		f[i] = p + 1;
	}
	if (strchr(f[2], '|') != NULL)
		return (0);
	for (i = 0; i < 3; i++) {
		while (*f[i] == ' ' || *f[i] == '\t')
			f[i]++;
		k = strlen(f[i]);
		while (k > 0 && (f[i][k - 1] == ' ' || f[i][k - 1] == '\t' ||
		    f[i][k - 1] == '\r'))
			f[i][--k] = '\0';
	}
	if (!utf8_chars(f[0], &chars) || chars < 1 || chars > 20 ||
	    strlen(f[0]) >= zhsz)
		return (0);
	if (!utf8_chars(f[1], &chars) || chars > 60 || strlen(f[1]) >= ensz)
		return (0);
	v = strtol(f[2], &end, 10);
	if (*f[2] == '\0' || *end != '\0' || v < min || v > max)
		return (0);
	(void)snprintf(zh, zhsz, "%s", f[0]);
	(void)snprintf(en, ensz, "%s", f[1]);
	*value = (int)v;
	return (1);
}

/* Split text into lines and read each; returns the count, -1 if bad. */
static int
rule_lines(const char *text, int maxn, int min, int max,
    int (*put)(void *, int, const char *, const char *, int), void *arg)
{
	char	*copy, *line, *next;
	char	 zh[20 * 4 + 1], en[60 + 1];
	int	 n = 0, v;

	if (text == NULL || (copy = strdup(text)) == NULL)
		return (-1);
	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strspn(line, " \t\r") == strlen(line))
			continue;
		if (n == maxn || !rule_line(line, zh, sizeof(zh), en,
		    sizeof(en), min, max, &v)) {
			free(copy);
			return (-1);
		}
		put(arg, n++, zh, en, v);
	}
	free(copy);
	return (n);
}

static int
put_criterion(void *arg, int i, const char *zh, const char *en, int v)
{
	struct comp_edit	*e = arg;

	e->crit[i].pos = i + 1;
	(void)snprintf(e->crit[i].name_zh, sizeof(e->crit[i].name_zh), "%s",
	    zh);
	(void)snprintf(e->crit[i].name_en, sizeof(e->crit[i].name_en), "%s",
	    en);
	e->crit[i].weight = v;
	return (1);
}

static int
put_tier(void *arg, int i, const char *zh, const char *en, int v)
{
	struct comp_edit	*e = arg;

	e->tiers[i].pos = i + 1;
	(void)snprintf(e->tiers[i].name_zh, sizeof(e->tiers[i].name_zh), "%s",
	    zh);
	(void)snprintf(e->tiers[i].name_en, sizeof(e->tiers[i].name_en), "%s",
	    en);
	e->tiers[i].quota = v;
	return (1);
}

/* Criterion positions "5 3", each 1..ncrit, no repeats. */
static int
tiebreak_parse(const char *s, struct comp_edit *e)
{
	char	*end;
	long	 v;
	int	 i;

	e->ntie = 0;
	if (s == NULL)
		return (1);
	while (*s != '\0') {
		while (*s == ' ' || *s == ',')
			s++;
		if (*s == '\0')
			break;
		v = strtol(s, &end, 10);
		if (end == s || v < 1 || v > e->ncrit ||
		    e->ntie == SCORE_MAX_CRITERIA)
			return (0);
		for (i = 0; i < e->ntie; i++)
			if (e->tiebreak[i] == v)
				return (0);
		e->tiebreak[e->ntie++] = (int)v;
		s = end;
	}
	return (1);
}

/*
 * Whole-number field name, when sent, from min to max into *out (left
 * as it is when absent); 0 when sent and not one (answered 400 code).
 */
static int
optional_int(struct ctx *ctx, const char *name, const char *code,
    long long min, long long max, int *out)
{
	long long	 n;

	if (web_field(ctx, name) == NULL && !(web_is_json(ctx) &&
	    ctx->body != NULL && json_object_get(ctx->body, name)))
		return (1);
	if (!web_field_int(ctx, name, min, max, &n))
		return (web_fail(ctx, 400, code, M_ERR_COMP_RULES), 0);
	*out = (int)n;
	return (1);
}

/*
 * Read and check the rules of a create or an edit (defaults where a field
 * is missing: the 彩云杯 criteria, 金/银/铜/优秀 tiers). Answered and 0 if
 * bad.
 */
int
comprules_read(struct ctx *ctx, struct comp_edit *e)
{
	const char		*mode = web_field(ctx, "mode");
	const char		*crit = web_field(ctx, "criteria");
	const char		*tiers = web_field(ctx, "tiers");
	struct score_rules	 sr;
	size_t			 chars;
	char			 err[128];
	int			 i;
	static const char *const fields[] = { "name_zh", "name_en", "opens",
	    "closes", "mode", "criteria", "tiers", "tiebreak" };

	for (i = 0; i < (int)(sizeof(fields) / sizeof(fields[0])); i++)
		if (web_field_not_text(ctx, fields[i]))
			return (web_fail(ctx, 400, "invalid_field",
			    M_ERR_COMP_RULES), 0);
	db_comp_defaults(e);
	e->name_zh = web_field(ctx, "name_zh");
	e->name_en = web_field(ctx, "name_en");
	e->opens = web_field(ctx, "opens");
	e->closes = web_field(ctx, "closes");
	if (e->name_en == NULL)
		e->name_en = "";
	/* Characters as the rule says, bytes as struct competition holds. */
	if (e->name_zh == NULL || !utf8_chars(e->name_zh, &chars) ||
	    chars < 1 || chars > 60 || !utf8_chars(e->name_en, &chars) ||
	    chars > 120 || strlen(e->name_en) > 120)
		return (web_fail(ctx, 400, "invalid_name", M_ERR_COMP_NAME), 0);
	if (e->opens == NULL || e->closes == NULL || !coursefile_date_valid(e->opens) ||
	    !coursefile_date_valid(e->closes) || strcmp(e->opens, e->closes) > 0)
		return (web_fail(ctx, 400, "invalid_dates", M_ERR_DATES), 0);
	if (mode != NULL && *mode != '\0') {
		if (strcmp(mode, "weighted") == 0)
			e->mode = SCORE_WEIGHTED;
		else if (strcmp(mode, "worldskills") == 0)
			e->mode = SCORE_WORLDSKILLS;
		else
			return (web_fail(ctx, 400, "invalid_mode",
			    M_ERR_COMP_RULES), 0);
	}
	if (!optional_int(ctx, "min_panel", "invalid_min_panel", 1,
	    SCORE_MAX_JUDGES, &e->min_panel) ||
	    !optional_int(ctx, "spread", "invalid_spread", 0, 3, &e->spread) ||
	    !optional_int(ctx, "generations", "invalid_generations", 1, 5,
	    &e->generations) ||
	    !optional_int(ctx, "advance", "invalid_advance", 0, 1000,
	    &e->advance))
		return (0);
	if (crit != NULL && strspn(crit, " \t\r\n") != strlen(crit)) {
		if ((i = rule_lines(crit, SCORE_MAX_CRITERIA, 1, 100,
		    put_criterion, e)) <= 0)
			return (web_fail(ctx, 400, "invalid_criteria",
			    M_ERR_COMP_CRITERIA), 0);
		e->ncrit = i;
		e->ntie = 0;
	}
	if (tiers != NULL && strspn(tiers, " \t\r\n") != strlen(tiers)) {
		if ((i = rule_lines(tiers, SCORE_MAX_TIERS, 1, 1000, put_tier,
		    e)) <= 0)
			return (web_fail(ctx, 400, "invalid_tiers",
			    M_ERR_COMP_TIERS), 0);
		e->ntiers = i;
	}
	if (web_field(ctx, "tiebreak") != NULL &&
	    !tiebreak_parse(web_field(ctx, "tiebreak"), e))
		return (web_fail(ctx, 400, "invalid_tiebreak",
		    M_ERR_COMP_RULES), 0);
	memset(&sr, 0, sizeof(sr));
	sr.mode = e->mode;
	sr.ncrit = e->ncrit;
	for (i = 0; i < e->ncrit; i++)
		sr.weight[i] = e->crit[i].weight;
	sr.min_panel = e->min_panel;
	sr.spread = e->spread;
	sr.ntie = e->ntie;
	for (i = 0; i < e->ntie; i++)
		sr.tiebreak[i] = e->tiebreak[i] - 1;
	if (!score_rules_check(&sr, err, sizeof(err)))
		return (web_fail(ctx, 400, "invalid_criteria",
		    M_ERR_COMP_CRITERIA), 0);
	return (1);
}

void
comprules_form(struct buf *b, struct page_ctx *pc, enum lang l,
    const struct comp_edit *e, const char *action, enum msg button)
{
	struct buf	 crit, tiers;
	char		 tie[64];

	buf_init(&crit, 1024);
	buf_init(&tiers, 256);
	rules_text(&crit, &tiers, tie, sizeof(tie), e);
	html_lit(b, "<form method=\"post\" class=\"stack\" id=\"rules-form\" "
	    "enctype=\"multipart/form-data\" action=\"");
	html_text(b, action);
	html_lit(b, "\">");
	page_csrf_field(b, pc);
	html_lit(b, "<label>");
	html_text(b, i18n(l, M_COMP_NAME_ZH));
	html_lit(b, "<input name=\"name_zh\" maxlength=\"60\" required value=\"");
	html_text(b, e->name_zh != NULL ? e->name_zh : "");
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COMP_NAME_EN));
	html_lit(b, "<input name=\"name_en\" maxlength=\"120\" value=\"");
	html_text(b, e->name_en != NULL ? e->name_en : "");
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COMP_OPENS));
	html_lit(b, "<input type=\"date\" name=\"opens\" required value=\"");
	html_text(b, e->opens != NULL ? e->opens : "");
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COMP_CLOSES));
	html_lit(b, "<input type=\"date\" name=\"closes\" required value=\"");
	html_text(b, e->closes != NULL ? e->closes : "");
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COMP_MODE));
	html_lit(b, "<select name=\"mode\"><option value=\"weighted\"");
	if (e->mode == SCORE_WEIGHTED)
		html_lit(b, " selected");
	html_lit(b, ">");
	html_text(b, i18n(l, M_COMP_MODE_WEIGHTED));
	html_lit(b, "</option><option value=\"worldskills\"");
	if (e->mode == SCORE_WORLDSKILLS)
		html_lit(b, " selected");
	html_lit(b, ">");
	html_text(b, i18n(l, M_COMP_MODE_WS));
	html_lit(b, "</option></select></label><label>");
	html_text(b, i18n(l, M_COMP_MIN_PANEL));
	html_lit(b, "<input type=\"number\" name=\"min_panel\" min=\"1\" "
	    "max=\"16\" value=\"");
	html_int(b, e->min_panel);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COMP_SPREAD));
	html_lit(b, "<input type=\"number\" name=\"spread\" min=\"0\" "
	    "max=\"3\" value=\"");
	html_int(b, e->spread);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COMP_GENERATIONS));
	html_lit(b, "<input type=\"number\" name=\"generations\" min=\"1\" "
	    "max=\"5\" value=\"");
	html_int(b, e->generations);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COMP_ADVANCE));
	html_lit(b, "<input type=\"number\" name=\"advance\" min=\"0\" "
	    "max=\"1000\" value=\"");
	html_int(b, e->advance);
	html_lit(b, "\"></label><label>");
	html_text(b, i18n(l, M_COMP_CRITERIA_LINES));
	html_lit(b, "<textarea name=\"criteria\" rows=\"10\">");
	html_textn(b, crit.data, crit.len);
	html_lit(b, "</textarea></label><label>");
	html_text(b, i18n(l, M_COMP_TIERS_LINES));
	html_lit(b, "<textarea name=\"tiers\" rows=\"5\">");
	html_textn(b, tiers.data, tiers.len);
	html_lit(b, "</textarea></label><label>");
	html_text(b, i18n(l, M_COMP_TIEBREAK));
	html_lit(b, "<input name=\"tiebreak\" maxlength=\"40\" value=\"");
	html_text(b, tie);
	html_lit(b, "\"></label><button type=\"submit\">");
	html_text(b, i18n(l, button));
	html_lit(b, "</button></form>");
	buf_free(&crit);
	buf_free(&tiers);
}
