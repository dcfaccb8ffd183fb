/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * job.c: the pure rules of 就业 jobs (job.h): the 统一社会信用代码's
 * form and check character (GB 32100-2015), the steps of an application
 * and the bounds of pay.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "job.h"

/* GB 32100-2015's 31 characters, in the order of their values. */
static const char credit_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static const char *const step_codes[JOB__STEPS] = {
	[JOB_APPLIED] = "applied",
	[JOB_VIEWED] = "viewed",
	[JOB_INTERVIEW] = "interview",
	[JOB_OFFER] = "offer",
	[JOB_DECLINED] = "declined",
	[JOB_HIRED] = "hired",
	[JOB_WITHDRAWN] = "withdrawn",
};

static const char *const employer_codes[EMPLOYER__COUNT] = {
	[EMPLOYER_PENDING] = "pending",
	[EMPLOYER_APPROVED] = "approved",
	[EMPLOYER_SUSPENDED] = "suspended",
};

static const char *const posting_codes[POSTING__COUNT] = {
	[POSTING_PENDING] = "pending",
	[POSTING_OPEN] = "open",
	[POSTING_HIDDEN] = "hidden",
};

/* The value of character c in the set, or -1. */
static int
credit_value(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(credit_set, c)) == NULL)
		return (-1);
	return ((int)(p - credit_set));
}

char
job_credit_check(const char *code)
{
	int	 i, v, w = 1, sum = 0;

	for (i = 0; i < CREDIT_CODE_LEN - 1; i++) {
		if ((v = credit_value(code[i])) < 0)
			return (0);
		sum += v * w;
		w = (w * 3) % 31;
	}
	return (credit_set[(31 - sum % 31) % 31]);
}

int
job_credit_code(const char *s, char out[CREDIT_CODE_LEN + 1])
{
	size_t	 n = 0;
	int	 i;

	out[0] = '\0';
	if (s == NULL)
		return (0);
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s != '\0' && *s != ' ' && *s != '\t'; s++) {
		if (n == CREDIT_CODE_LEN)
			return (0);
		out[n++] = (char)toupper((unsigned char)*s);
	}
	while (*s == ' ' || *s == '\t')
		s++;
	out[n] = '\0';
	if (*s != '\0' || n != CREDIT_CODE_LEN)
		return (0);
	for (i = 0; i < CREDIT_CODE_LEN; i++)
		if (credit_value(out[i]) < 0)
			return (0);
	for (i = 2; i < 8; i++)
		if (!isdigit((unsigned char)out[i]))
			return (0);
	return (job_credit_check(out) == out[CREDIT_CODE_LEN - 1]);
}

/* The stored and API code of a step ("applied", …). */
const char *
job_step_code(enum job_step s)
{
	return ((unsigned)s < JOB__STEPS ? step_codes[s] : "?");
}

/* Parse a step's code; 0 when s is none. */
int
job_step_parse(const char *s, enum job_step *out)
{
	int	 i;

	for (i = 0; s != NULL && i < JOB__STEPS; i++) {
		if (strcmp(s, step_codes[i]) == 0) {
			*out = (enum job_step)i;
			return (1);
		}
	}
	return (0);
}

int
job_step_allowed(enum job_step from, enum job_step to, int by_applicant)
{
	int	 open = from == JOB_APPLIED || from == JOB_VIEWED ||
		    from == JOB_INTERVIEW || from == JOB_OFFER;

	if (by_applicant)
		return (to == JOB_WITHDRAWN && open);
	switch (to) {
	case JOB_VIEWED:
		return (from == JOB_APPLIED);
	case JOB_INTERVIEW:
		return (from == JOB_APPLIED || from == JOB_VIEWED);
	case JOB_OFFER:
		return (from == JOB_APPLIED || from == JOB_VIEWED ||
		    from == JOB_INTERVIEW);
	case JOB_HIRED:
		return (from == JOB_OFFER);
	case JOB_DECLINED:
		return (open);
	default:
		return (0);
	}
}

int
job_pay_valid(long long min, long long max)
{
	return (min >= 1 && min <= max && max <= JOB_PAY_MAX);
}

/* The stored codes of the states, and their parsers (0: none). */
const char *
employer_status_code(enum employer_status s)
{
	return ((unsigned)s < EMPLOYER__COUNT ? employer_codes[s] : "?");
}

int
employer_status_parse(const char *s, enum employer_status *out)
{
	int	 i;

	for (i = 0; s != NULL && i < EMPLOYER__COUNT; i++) {
		if (strcmp(s, employer_codes[i]) == 0) {
			*out = (enum employer_status)i;
			return (1);
		}
	}
	return (0);
}

const char *
posting_status_code(enum posting_status s)
{
	return ((unsigned)s < POSTING__COUNT ? posting_codes[s] : "?");
}

int
posting_status_parse(const char *s, enum posting_status *out)
{
	int	 i;

	for (i = 0; s != NULL && i < POSTING__COUNT; i++) {
		if (strcmp(s, posting_codes[i]) == 0) {
			*out = (enum posting_status)i;
			return (1);
		}
	}
	return (0);
}
