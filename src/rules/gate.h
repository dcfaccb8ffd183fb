/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * gate.h: what moving on in the pipeline needs (stage gates), the skill
 * ladder (学徒工 … 一级/高级技师) and the skills a training log names.
 * Pure rules over plain facts; the defaults live in one table in gate.c.
 */
#ifndef YJ_GATE_H
#define YJ_GATE_H

#include "i18n.h"
#include "identity.h"

#define LEVEL_COUNT	6	/* 0 学徒工 … 5 一级/高级技师 */
#define SKILL_COUNT	8
#define GATE_MAX_NEEDS	6
#define LOG_MAX_MINUTES	(12 * 60)	/* one day's entry at most */

/* The facts about a person that the gates look at. */
struct gate_facts {
	enum stage	 stage;
	int		 entry_courses;		/* completed, entry stage */
	int		 has_master;		/* an active mentorship */
	int		 confirmed_minutes;	/* of training, confirmed */
	int		 level;			/* -1: none awarded */
	int		 recommended;		/* by the current master */
	int		 in_cohort;		/* admitted to an incubation cohort */
	int		 milestones;		/* of that cohort */
	int		 milestones_signed;	/* signed off for them */
};

enum gate_need_kind {
	NEED_ENTRY_COURSE,
	NEED_MASTER,
	NEED_HOURS,
	NEED_LEVEL,
	NEED_RECOMMENDATION,
	NEED_COHORT,
	NEED_MILESTONES,
	NEED_LAST_STAGE,
};

struct gate_need {
	enum gate_need_kind	 kind;
	enum msg		 msg;		/* said in plain words */
	int			 have;		/* for hours and levels */
	int			 want;
};

struct gate_rules {
	int	 entry_courses;		/* entry -> training */
	int	 training_hours;	/* training -> incubation */
	int	 training_level;	/* at least this level (1 = 五级) */
	int	 milestones;		/* incubation -> selection: at least this
					 * many of the cohort's milestones signed
					 * off, and all of them (0: all) */
};

extern const struct gate_rules	gate_defaults;

int		 gate_missing(const struct gate_facts *, const struct gate_rules *,
		    struct gate_need *);
enum msg	 gate_level_msg(int);
const char	*gate_skill_code(int);
enum msg	 gate_skill_msg(int);
int		 gate_skill_parse(const char *);
int		 gate_minutes_parse(const char *, int *);

#endif
