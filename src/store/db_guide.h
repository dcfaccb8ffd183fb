/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_guide.h: the interface of db_guide.c and db_guidevote.c.
 * Included by db.h, after the types it needs; never on its own.
 */
#ifndef YJ_DB_GUIDE_H
#define YJ_DB_GUIDE_H

/*
 * 十大金牌导购大师, the integrity selection of sales guides (db_guide.c):
 * a competition of kind COMP_KIND_GUIDE, its nominations, the panel's
 * sheets, the public's votes, complaints upheld and the frozen results.
 * Every vote, void, deduction, sheet, lock and publication is a record
 * of the score log. Functions return whether the store worked; a
 * business refusal is the separate verdict (enum guide_verdict).
 */
#define GUIDE_CODE_LEN	8	/* a nominee's blind code, as an entry's */

enum guide_verdict {
	GV_OK,
	GV_STATE,		/* the selection is not in the state needed */
	GV_NOT_GUIDE,		/* not a guide selection */
	GV_TWICE,		/* nominated, decided or voided already */
	GV_TODAY,		/* this phone has voted today in this selection */
	GV_NOT_ELIGIBLE,	/* the nominee is not (yet) in the selection */
	GV_NOT_JUDGE,		/* not on the panel */
	GV_RECUSED,		/* the judge is recused from this nominee */
	GV_FINAL,		/* the sheet was submitted as final */
	GV_MISSING,		/* sheets not yet final */
	GV_EMPTY,		/* no eligible nominee */
	GV_PENDING,		/* nominations still wait for their check */
	GV_NO_JUDGES,		/* no judge on the panel */
	GV_HAS_ENTRIES,		/* works were entered: it cannot change kind */
};

enum nominee_status {
	NOMINEE_PENDING,
	NOMINEE_ELIGIBLE,
	NOMINEE_REFUSED,
};

/* A guide selection's rules beside its criteria (guide.h's weights). */
struct guide_rules {
	struct guide_weights	 w;
	int			 winners;	/* 10: 十大 */
	int			 burst;		/* votes from one range … */
	int			 burst_minutes;	/* … within this many minutes */
	int			 new_days;	/* an account this new is flagged */
};

struct guide_nominee {
	int64_t		 id;
	int64_t		 competition;
	char		 shop[60 * 4 + 1];
	char		 guide[40 * 4 + 1];
	int64_t		 guide_user;
	char		 evidence[1000 * 4 + 1];
	int		 photo;
	char		 code[GUIDE_CODE_LEN + 1];
	enum nominee_status status;
	char		 note[200 * 4 + 1];
	int64_t		 nominated_by;
	int64_t		 created;
	int		 votes;		/* valid votes */
	int		 complaints;	/* its own and its shop's */
	int		 sheet;		/* db_guide_judge_list(): -1 none,
					 * 0 draft, 1 final */
};

/* A vote as staff see it, with what makes it look odd. */
struct guide_vote {
	int64_t		 id;
	int64_t		 nominee;
	char		 guide[40 * 4 + 1];
	int64_t		 user;
	char		 phone[ACCOUNT_MAX + 1];
	char		 day[11];
	char		 net[GUIDE_NET_MAX];
	int64_t		 at;
	int		 voided;
	char		 void_reason[200 * 4 + 1];
	int64_t		 account_created;
	int		 nearby;	/* votes from net within the burst window */
	int		 burst;		/* nearby >= rules' burst */
	int		 new_account;	/* created within new_days of the vote */
};

struct guide_complaint {
	int64_t		 id;
	int64_t		 nominee;
	char		 shop[60 * 4 + 1];
	char		 guide[40 * 4 + 1];
	int		 against_shop;
	char		 summary[400 * 4 + 1];
	int64_t		 at;
};

/* A frozen result (db_guide_lock()). */
struct guide_result {
	int64_t		 nominee;
	char		 shop[60 * 4 + 1];
	char		 guide[40 * 4 + 1];
	int64_t		 guide_user;
	struct guide_score s;
	int		 top_votes;
	int		 winner;
	int64_t		 honour;	/* when published, 0: none */
	char		 cert_code[CODE_LEN + 1];	/* "" until issued */
};

void		 db_comp_guide_defaults(struct comp_edit *, struct guide_rules *);
enum db_result	 db_comp_guide_set(int64_t, const struct comp_edit *,
		    const struct guide_rules *, int64_t, int64_t,
		    enum guide_verdict *);
enum db_result	 db_guide_rules_get(int64_t, struct guide_rules *);
enum db_result	 db_guide_nominate(int64_t, const char *, const char *,
		    int64_t, const char *, int, int, int64_t, int64_t,
		    int64_t *, enum guide_verdict *);
enum db_result	 db_guide_nominee_get(int64_t, struct guide_nominee *);
enum db_result	 db_guide_nominee_by_code(const char *,
		    struct guide_nominee *);
enum db_result	 db_guide_nominees(int64_t, int,
		    int (*)(const struct guide_nominee *, void *), void *);
enum db_result	 db_guide_check(int64_t, int, const char *, int64_t,
		    int64_t, enum guide_verdict *);
enum db_result	 db_guide_open(int64_t, int64_t, int64_t,
		    enum guide_verdict *);
enum db_result	 db_guide_vote(int64_t, int64_t, const struct user *,
		    const char *, int64_t, int64_t *, enum guide_verdict *);
enum db_result	 db_guide_votes(int64_t, const struct guide_rules *, int,
		    int, int (*)(const struct guide_vote *, void *), void *);
enum db_result	 db_guide_void(int64_t, const char *, int64_t, int64_t,
		    int64_t *, enum guide_verdict *);
enum db_result	 db_guide_complaint(int64_t, int64_t, int, const char *,
		    int64_t, int64_t, int64_t *, enum guide_verdict *);
enum db_result	 db_guide_complaints(int64_t,
		    int (*)(const struct guide_complaint *, void *), void *);
enum db_result	 db_guide_may_judge(int64_t, int64_t,
		    enum guide_verdict *);
enum db_result	 db_guide_judge_list(int64_t,
		    int (*)(const struct guide_nominee *, void *), void *);
enum db_result	 db_guide_sheet_get(int64_t, int64_t,
		    const struct score_rules *, struct sheet_marks *, int *);
enum db_result	 db_guide_sheet_save(int64_t, int64_t, const int *, int, int,
		    int64_t, enum guide_verdict *);
enum db_result	 db_guide_recuse(int64_t, int64_t, const char *, int64_t,
		    int64_t, enum guide_verdict *);
enum db_result	 db_guide_lock(int64_t, int64_t, int64_t, int *,
		    enum guide_verdict *);
enum db_result	 db_guide_publish(int64_t, enum cert_lang,
		    const struct cert_issuer *, struct publish_report *,
		    enum guide_verdict *);
enum db_result	 db_guide_results(int64_t,
		    int (*)(const struct guide_result *, void *), void *);

#endif
