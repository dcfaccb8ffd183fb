/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * job.h: the pure rules of 就业 jobs — the 统一社会信用代码 an employer
 * registers with (GB 32100-2015), the steps an application goes through
 * and who may take each, and the bounds of a posting's pay. Plain C
 * values: no Kore, no SQLite (jobs/ and db_jobs.c use them).
 */
#ifndef YJ_JOB_H
#define YJ_JOB_H

#include <stddef.h>

#define CREDIT_CODE_LEN		18	/* 统一社会信用代码, characters */
#define JOB_PAY_MAX		1000000	/* yuan a month: a typo's bound */
#define JOB_TITLE_MAX		60	/* characters */
#define JOB_PLACE_MAX		60
#define JOB_TEXT_MAX		2000	/* the description */
#define JOB_MESSAGE_MAX		1000	/* an application's message */
#define JOB_REASON_MAX		200	/* staff's reason to hide, suspend */
#define BUSINESS_MAX		80	/* a business's registered name */
#define JOB_SHOWN_MAX		12	/* certificates, and works, shown */
#define JOB_PAGE		20	/* postings on a page of /jobs */

/* An application's steps, in the order they usually come. */
enum job_step {
	JOB_APPLIED,		/* 已投递 */
	JOB_VIEWED,		/* the employer opened it */
	JOB_INTERVIEW,		/* 面试 */
	JOB_OFFER,		/* 录用意向 */
	JOB_DECLINED,		/* the employer said no */
	JOB_HIRED,		/* 已入职 */
	JOB_WITHDRAWN,		/* the applicant took it back */
	JOB__STEPS
};

enum employer_status {
	EMPLOYER_PENDING,	/* registered, not yet approved by staff */
	EMPLOYER_APPROVED,
	EMPLOYER_SUSPENDED,	/* by staff, with a reason */
	EMPLOYER__COUNT
};

enum posting_status {
	POSTING_PENDING,	/* waiting for staff's review */
	POSTING_OPEN,		/* shown (until its closing date) */
	POSTING_HIDDEN,		/* hidden by staff, with a reason */
	POSTING__COUNT
};

/*
 * Normalise s (blanks trimmed, letters upper-cased) into out and check
 * it is a 统一社会信用代码: 18 characters of GB 32100-2015's set (digits
 * and the capitals but I, O, Z, S, V), the administrative division
 * (characters 3-8) in digits, and the last character the check
 * character of the first 17 (weights 3^i mod 31). 1 when it is.
 */
int		 job_credit_code(const char *s, char out[CREDIT_CODE_LEN + 1]);

/* The check character of the first 17 characters of code, or 0 when
 * one of them is outside the set. */
char		 job_credit_check(const char *code);

const char	*job_step_code(enum job_step);
int		 job_step_parse(const char *, enum job_step *);

/*
 * Whether an application at step `from` may move to `to`, taken by its
 * applicant (by_applicant: only a withdrawal, before a decision) or by
 * the employer (viewed once, then interview, offer, hired after an
 * offer; declined at any point before a decision). Steps only go on:
 * declined, hired and withdrawn are final.
 */
int		 job_step_allowed(enum job_step from, enum job_step to,
		    int by_applicant);

/* 1 when 1 <= min <= max <= JOB_PAY_MAX. */
int		 job_pay_valid(long long min, long long max);

const char	*employer_status_code(enum employer_status);
int		 employer_status_parse(const char *, enum employer_status *);
const char	*posting_status_code(enum posting_status);
int		 posting_status_parse(const char *, enum posting_status *);

#endif
