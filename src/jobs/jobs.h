/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * jobs.h: 就业 jobs on the web. The town's workshops and shops register
 * as employers (employer.c) and, once staff approve them (review.c), post
 * openings that staff review before they show; apprentices and masters
 * browse them on a phone and apply, choosing which certificates and
 * public works to show (jobs.c); the employer sees each applicant with
 * those certificates' live status and moves the application on
 * (application.c). Each step is told to both sides by inbox.
 */
#ifndef YJ_JOBS_H
#define YJ_JOBS_H

#include "web.h"

/* Shared by the stage's files (jobs.c). */
enum msg	 jobs_step_msg(enum job_step);
enum msg	 jobs_posting_msg(enum posting_status);
enum msg	 jobs_employer_msg(enum employer_status);
int		 jobs_text(struct ctx *, const char *, size_t, size_t, int,
		    char *, size_t);
int		 jobs_verdict_fail(struct ctx *, enum job_verdict);
json_t		*jobs_posting_json(const struct posting *, int);
json_t		*jobs_employer_json(const struct employer *);
void		 jobs_posting_facts(struct buf *, enum lang,
		    const struct posting *);
int		 jobs_path_posting(struct ctx *, struct posting *);
int		 jobs_list_end(struct ctx *, struct buf *, enum db_result, int,
		    enum msg);
int		 jobs_refused(struct ctx *, int (*)(struct ctx *, int, enum msg),
		    int, const char *, const char *, enum msg);

int	jobs_list(struct ctx *);
int	jobs_show(struct ctx *);
int	jobs_apply(struct ctx *);
int	jobs_mine(struct ctx *);

int	employer_register_page(struct ctx *);
int	employer_register(struct ctx *);
int	employer_page(struct ctx *);
int	employer_post(struct ctx *);

int	application_show(struct ctx *);
int	application_step(struct ctx *);
int	application_withdraw(struct ctx *);

int	review_page(struct ctx *);
int	review_employer_approve(struct ctx *);
int	review_employer_suspend(struct ctx *);
int	review_posting_approve(struct ctx *);
int	review_posting_hide(struct ctx *);

#endif
