/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * A competition's rules as staff type them (src/comprules.c,
 * comprules_read()): the criteria and tier lines, the tie-break, the
 * mode, names, dates and numbers, then score_rules_check(). The input is
 * the form: up to FIELDS values separated by NUL bytes, in the order of
 * names[] below. The web_* calls comprules.c makes are answered here from
 * that form (they need Kore in the server); comprules.c itself is the
 * server's, compiled into build/fuzz-obj/.
 */
#include "fuzz.h"
#include "compete.h"

#define FIELDS	12

static const char *const names[FIELDS] = { "criteria", "tiers",
    "tiebreak", "mode", "name_zh", "name_en", "opens", "closes",
    "min_panel", "spread", "generations", "advance" };
static const char	*values[FIELDS];

const char *
web_field(struct ctx *ctx, const char *name)
{
	int	 i;

	for (i = 0; i < FIELDS; i++)
		if (strcmp(names[i], name) == 0)
			return (values[i]);
	return (NULL);
}

int
web_field_not_text(struct ctx *ctx, const char *name)
{
	return (0);
}

int
web_field_int(struct ctx *ctx, const char *name, long long min,
    long long max, long long *out)
{
	const char	*s = web_field(ctx, name);
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return (0);
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < min || v > max)
		return (0);
	*out = v;
	return (1);
}

int
web_is_json(const struct ctx *ctx)
{
	return (0);
}

int
web_fail(struct ctx *ctx, int status, const char *code, enum msg m)
{
	return (KORE_RESULT_OK);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx		 ctx;
	struct comp_edit	 e;
	struct buf		 b;
	struct page_ctx		 pc = { .lang = LANG_ZH, .csrf = "0" };
	char			*s, *p, *end;
	int			 i;

	s = fuzz_str(data, size);
	memset(values, 0, sizeof(values));
	for (i = 0, p = s, end = s + size; i < FIELDS && p <= end; i++) {
		values[i] = p;
		p += strlen(p) + 1;
	}
	memset(&ctx, 0, sizeof(ctx));
	memset(&e, 0, sizeof(e));
	if (comprules_read(&ctx, &e)) {
		/* Shown back as the form, as a page with an error does. */
		buf_init(&b, 1024);
		comprules_form(&b, &pc, LANG_ZH, &e, "", M_ERR_COMP_RULES);
		buf_free(&b);
	}
	free(s);
	return (0);
}
