/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * gate.c: the town's rules for moving on — entry -> training -> incubation
 * -> selection — in one table of defaults, and the vocabulary of the
 * training stage: the skill ladder and the skills of the log.
 *
 * Defaults (gate_defaults): into training, one entry course completed and
 * a master who has taken you on; into incubation, 200 hours of training
 * your master confirmed, a level of at least 五级/初级工, and your master's
 * recommendation. Into selection the incubation base decides (its
 * milestones come with that stage); until then staff move people there
 * with a written reason.
 */
#include <stdlib.h>
#include <string.h>

#include "gate.h"

const struct gate_rules gate_defaults = {
	.entry_courses = 1,
	.training_hours = 200,
	.training_level = 1,
	.milestones = 1,	/* and every milestone of the cohort */
};

static const enum msg levels[LEVEL_COUNT] = {
	M_LEVEL_0, M_LEVEL_1, M_LEVEL_2, M_LEVEL_3, M_LEVEL_4, M_LEVEL_5,
};

static const struct {
	const char	*code;
	enum msg	 msg;
} skills[SKILL_COUNT] = {
	{ "carving", M_SKILL_CARVING },
	{ "design", M_SKILL_DESIGN },
	{ "polishing", M_SKILL_POLISHING },
	{ "setting", M_SKILL_SETTING },
	{ "bangle", M_SKILL_BANGLE },
	{ "qiaose", M_SKILL_QIAOSE },
	{ "stone", M_SKILL_STONE },
	{ "cad", M_SKILL_CAD },
};

static void
need(struct gate_need *out, int *n, enum gate_need_kind kind, enum msg m,
    int have, int want)
{
	out[*n].kind = kind;
	out[*n].msg = m;
	out[*n].have = have;
	out[*n].want = want;
	(*n)++;
}

/*
 * What f still lacks to move from its stage to the next under rules, in
 * out (GATE_MAX_NEEDS); returns how many. 0 means the gate is open.
 */
int
gate_missing(const struct gate_facts *f, const struct gate_rules *r,
    struct gate_need *out)
{
	int	 n = 0;

	switch (f->stage) {
	case STAGE_ENTRY:
		if (f->entry_courses < r->entry_courses)
			need(out, &n, NEED_ENTRY_COURSE, M_NEED_ENTRY_COURSE,
			    f->entry_courses, r->entry_courses);
		if (!f->has_master)
			need(out, &n, NEED_MASTER, M_NEED_MASTER, 0, 1);
		break;
	case STAGE_TRAINING:
		if (f->confirmed_minutes < r->training_hours * 60)
			need(out, &n, NEED_HOURS, M_NEED_HOURS,
			    f->confirmed_minutes / 60, r->training_hours);
		if (f->level < r->training_level)
			need(out, &n, NEED_LEVEL, M_NEED_LEVEL, f->level,
			    r->training_level);
		if (!f->recommended)
			need(out, &n, NEED_RECOMMENDATION, M_NEED_RECOMMEND,
			    0, 1);
		break;
	case STAGE_INCUBATION:
		/* Admitted to a cohort, and its milestones signed off by the
		 * mentor (a cohort without milestones does not open it). */
		if (!f->in_cohort)
			need(out, &n, NEED_COHORT, M_NEED_COHORT, 0, 1);
		else if (f->milestones == 0 ||
		    f->milestones_signed < f->milestones ||
		    f->milestones_signed < r->milestones)
			need(out, &n, NEED_MILESTONES, M_NEED_MILESTONES,
			    f->milestones_signed, f->milestones > r->milestones ?
			    f->milestones : r->milestones);
		break;
	default:
		need(out, &n, NEED_LAST_STAGE, M_NEED_LAST_STAGE, 0, 0);
		break;
	}
	return (n);
}

/* The name of a level of the ladder (0..5). */
enum msg
gate_level_msg(int level)
{
	return (level >= 0 && level < LEVEL_COUNT ? levels[level] : M_LEVEL_NONE);
}

const char *
gate_skill_code(int i)
{
	return (i >= 0 && i < SKILL_COUNT ? skills[i].code : "?");
}

enum msg
gate_skill_msg(int i)
{
	return (i >= 0 && i < SKILL_COUNT ? skills[i].msg : M_SKILL_CARVING);
}

/* The index of a skill code, or -1. */
int
gate_skill_parse(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < SKILL_COUNT; i++) {
		if (strcmp(s, skills[i].code) == 0)
			return (i);
	}
	return (-1);
}

/*
 * Hours as a person writes them — "3", "2.5", "0.25" — into minutes.
 * 1 when it is a positive amount of at most LOG_MAX_MINUTES, in steps of
 * a quarter of an hour or finer (two decimals at most).
 */
int
gate_minutes_parse(const char *s, int *minutes)
{
	long	 whole = 0, frac = 0;
	int	 digits = 0, fdigits = 0;
	const char *p;

	if (s == NULL)
		return (0);
	for (p = s; *p >= '0' && *p <= '9' && digits < 3; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9' && fdigits < 2; p++, fdigits++)
			frac = frac * 10 + (*p - '0');
		if (fdigits == 0)
			return (0);
		if (fdigits == 1)
			frac *= 10;
	}
	if (*p != '\0' || (digits == 0 && fdigits == 0))
		return (0);
	*minutes = (int)(whole * 60 + (frac * 60 + 50) / 100);
	return (*minutes > 0 && *minutes <= LOG_MAX_MINUTES);
}
