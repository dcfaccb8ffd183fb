/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * portfolio.h: works, their photos and comments (portfolio.c); cohorts
 * and milestones (cohort.c); the staff dashboard (staffdash.c).
 */
#ifndef YJ_PORTFOLIO_H
#define YJ_PORTFOLIO_H

#include "chart.h"
#include "datafile.h"
#include "web.h"

int	 portfolio_may_see(struct ctx *, int64_t, int);
json_t	*portfolio_work_json(const struct work *);
void	 portfolio_cards(struct buf *, enum lang, int64_t);

int	portfolio_gallery(struct ctx *);
int	portfolio_page(struct ctx *);
int	portfolio_create(struct ctx *);
int	portfolio_show(struct ctx *);
int	portfolio_update(struct ctx *);
int	portfolio_photo(struct ctx *);
int	portfolio_photo_file(struct ctx *);
int	portfolio_photo_delete(struct ctx *);
int	portfolio_comment(struct ctx *);

int	cohort_list(struct ctx *);
int	cohort_create(struct ctx *);
int	cohort_show(struct ctx *);
int	cohort_admit(struct ctx *);
int	cohort_milestone_add(struct ctx *);
int	cohort_sign(struct ctx *);
int	cohort_speciality(struct ctx *);

/* A chart drawn on a task thread and answered as a PNG (staffdash.c). */
#define CHART_JOB_FUNNEL	0
#define CHART_JOB_LINE		1
#define CHART_JOB_BARS		2
struct chart_job {
	int			 which;
	char			 title[128];
	char			 labels[CHART_MAX][64];
	struct chart_item	 items[CHART_MAX];
	size_t			 n;
	void			*png;
	int			 size;
	char			 err[128];
};
struct chart_job *staffdash_chart_new(int, const char *);
void		 staffdash_chart_item(struct chart_job *, const char *, long);
int		 staffdash_chart_answer(struct ctx *, struct chart_job *);

/* Storage quotas (quota.c): staff change one person's limits. */
int	quota_set(struct ctx *);
void	quota_form(struct buf *, struct ctx *, int64_t);

int	staffdash_page(struct ctx *);
int	staffdash_chart(struct ctx *);
int	staffdash_csv(struct ctx *);

#endif
