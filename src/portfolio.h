/*
 * portfolio.h: works, their photos and comments (portfolio.c); cohorts
 * and milestones (cohort.c); the staff dashboard (staffdash.c).
 */
#ifndef YJ_PORTFOLIO_H
#define YJ_PORTFOLIO_H

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

int	staffdash_page(struct ctx *);
int	staffdash_chart(struct ctx *);
int	staffdash_csv(struct ctx *);

#endif
