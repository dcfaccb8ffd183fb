/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_jobs.h: the interface of db_jobs.c, part of the store's.
 * Included by db.h, after the types it needs; never on its own.
 */
#ifndef YJ_DB_JOBS_H
#define YJ_DB_JOBS_H

/*
 * 就业 jobs (db_jobs.c): employers, their postings, applications and
 * what each applicant chose to show. The store returns enum db_result
 * (did the mechanism work) and a separate job_verdict (the business
 * refusal), as db_judge.c does.
 */
enum job_verdict {
	JOBV_OK,
	JOBV_TWICE,		/* already applied to this posting */
	JOBV_CLOSED,		/* not open: pending, hidden, past its date,
				 * or its employer is not approved */
	JOBV_NOT_YOURS,		/* a certificate or work not the applicant's
				 * (or a work not public) */
	JOBV_STEP,		/* that step is not allowed from this one */
	JOBV_STATE,		/* already in that state */
	JOBV_EMPLOYER,		/* the employer may not post (not approved) */
};

struct employer {
	int64_t			 id;
	int64_t			 user;
	char			 business[BUSINESS_MAX * 4 + 1];
	char			 credit_code[CREDIT_CODE_LEN + 1];
	char			 contact[NAME_MAX_CHARS * 4 + 1];
	char			 account[ACCOUNT_MAX + 1];
	int			 verified;	/* the contact proved the account */
	enum employer_status	 status;
	char			 reason[JOB_REASON_MAX * 4 + 1];
	int64_t			 decided;
	int64_t			 created;
	int			 postings;
};

struct posting {
	int64_t			 id;
	int64_t			 employer;
	int64_t			 employer_user;
	char			 business[BUSINESS_MAX * 4 + 1];
	enum employer_status	 employer_status;
	char			 title[JOB_TITLE_MAX * 4 + 1];
	enum track		 track;
	int			 level;		/* 1-5, or 0: any */
	int64_t			 pay_min;	/* yuan a month */
	int64_t			 pay_max;
	char			 place[JOB_PLACE_MAX * 4 + 1];
	char			 closes[11];	/* the last day to apply */
	char			 description[JOB_TEXT_MAX * 4 + 1];
	enum posting_status	 status;
	char			 reason[JOB_REASON_MAX * 4 + 1];
	int64_t			 created;
	int			 applicants;
};

/* A new posting: every field validated by the caller. */
struct posting_new {
	int64_t		 employer;
	const char	*title;
	enum track	 track;
	int		 level;
	int64_t		 pay_min;
	int64_t		 pay_max;
	const char	*place;
	const char	*closes;
	const char	*description;
};

struct application {
	int64_t		 id;
	int64_t		 posting;
	int64_t		 applicant;
	int64_t		 employer_user;
	char		 title[JOB_TITLE_MAX * 4 + 1];
	char		 business[BUSINESS_MAX * 4 + 1];
	char		 applicant_name[NAME_MAX_CHARS * 4 + 1];
	char		 applicant_account[ACCOUNT_MAX + 1];
	char		 message[JOB_MESSAGE_MAX * 4 + 1];
	int		 contact;	/* the applicant shows their account */
	enum job_step	 step;
	int64_t		 created;
	int64_t		 updated;
};

/* What an applicant chose to show: certificates and public works. */
struct job_shown {
	int64_t		 certs[JOB_SHOWN_MAX];
	size_t		 ncerts;
	int64_t		 works[JOB_SHOWN_MAX];
	size_t		 nworks;
};

/* Placements (就业去向): people of a group and how many were hired. */
struct placement_row {
	char		 key[32];	/* a cohort's id, a course's code */
	char		 name_zh[160 * 4 + 1];
	char		 name_en[160 * 4 + 1];
	int64_t		 people;
	int64_t		 hired;
};

enum db_result	 db_employer_register(const struct user_new *, int,
		    const char *, const char *, int64_t *);
enum db_result	 db_employer_add(int64_t, const char *, const char *,
		    int64_t, int64_t *);
enum db_result	 db_employer_code_taken(const char *, int *);
enum db_result	 db_employer_of_user(int64_t, struct employer *);
enum db_result	 db_employer_get(int64_t, struct employer *);
enum db_result	 db_employers(int, int (*)(const struct employer *, void *),
		    void *);
enum db_result	 db_employer_decide(int64_t, enum employer_status,
		    const char *, int64_t, int64_t, enum job_verdict *);
enum db_result	 db_posting_create(const struct posting_new *, int64_t,
		    int64_t *, enum job_verdict *);
enum db_result	 db_posting_get(int64_t, struct posting *);
enum db_result	 db_postings_open(const char *, int, int,
		    int (*)(const struct posting *, void *), void *, int64_t *);
enum db_result	 db_postings_of_employer(int64_t,
		    int (*)(const struct posting *, void *), void *);
enum db_result	 db_postings_pending(int,
		    int (*)(const struct posting *, void *), void *);
enum db_result	 db_posting_review(int64_t, enum posting_status,
		    const char *, int64_t, int64_t, enum job_verdict *);
enum db_result	 db_application_create(int64_t, int64_t, const char *, int,
		    const struct job_shown *, const char *, int64_t, int64_t *,
		    enum job_verdict *);
enum db_result	 db_application_get(int64_t, struct application *);
enum db_result	 db_application_shown(int64_t, struct job_shown *);
enum db_result	 db_applications_of_posting(int64_t,
		    int (*)(const struct application *, void *), void *);
enum db_result	 db_applications_of_user(int64_t,
		    int (*)(const struct application *, void *), void *);
enum db_result	 db_application_step(int64_t, enum job_step, int, int64_t,
		    int64_t, enum job_verdict *);
enum db_result	 db_dash_placements(int, int,
		    int (*)(const struct placement_row *, void *), void *);

#endif
