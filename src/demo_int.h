/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * demo_int.h: shared by the demo's files — its data set (demo_data.c:
 * its people and what each step makes of them, as tables the steps
 * walk) and the helpers of demo.c that the selection steps
 * (demo_select.c) use too. Nothing outside the demo includes it.
 */
#ifndef YJ_DEMO_INT_H
#define YJ_DEMO_INT_H

#define DEMO_DAY	((int64_t)86400)
#define DEMO_N(a)	(sizeof(a) / sizeof((a)[0]))
#define DEMO_YEAR	(365 * DEMO_DAY)

/* A person of the demo, made by demo_load(). */
struct demo_person {
	const char	*name;
	const char	*account;
	enum role	 role;
	enum track	 track;
	const char	*note;
};

extern const struct demo_person	 demo_people[];
extern const size_t		 demo_npeople;
/* The sales guides of demo_guides(): the last DEMO_GUIDES but the
 * residents who vote (DEMO_RESIDENTS). */
#define DEMO_GUIDES	11
#define DEMO_RESIDENTS	4

/*
 * The cast by part, as demo_cast[] gives their accounts. The first
 * thirteen are the competitions' judges, entrants and staff: their
 * order feeds the marks demo_marks() makes up, so it stays.
 */
enum demo_who {
	W_WANG, W_CHEN, W_LI, W_HUANG, W_SU, W_HELZ, W_ZHANG, W_MEI, W_WU,
	W_LIN, W_ZHENG, W_ZHI, W_STAFF,
	W_LIU, W_HE, W_LIANG, W_BOSS, W_OTHER,
	W__COUNT
};
extern const char *const	 demo_cast[W__COUNT];

/* 培养 training (demo_training()). */
struct demo_mentorship {
	int		 apprentice, master;
	int64_t		 asked, ended;	/* seconds ago; ended 0: still on */
	const char	*why;		/* why it ended */
};
extern const struct demo_mentorship	 demo_mentorships[5];

/* Six weeks of one apprentice's log, confirmed by the master but for
 * the last weeks past `confirmed`. */
struct demo_log {
	int		 who, master;
	int		 minutes;
	const char	*skill, *notes, *comment;
	int		 confirmed;
};
extern const struct demo_log	 demo_logs[2];

struct demo_level {
	int		 who;
	enum track	 track;
	int		 level;
	const char	*basis;
	int64_t		 ago;
};
extern const struct demo_level	 demo_levels[2];

struct demo_move {
	int		 who;
	enum stage	 from, to;
	int64_t		 ago;
};
extern const struct demo_move	 demo_moves[4];

/* 孵化 incubation (demo_incubation(), demo_heritage()). */
struct demo_work {
	int			 who;
	struct work_edit	 edit;
	const int		(*colours)[3];
	int			 ncolours;
	int64_t			 ago;
	int			 commenter;	/* W__COUNT: none */
	const char		*comment;
	int64_t			 comment_ago;
};
extern const struct demo_work	 demo_works[5];

/* 非遗: a master's record, after a new work of theirs (or NULL: the
 * cover of their first public work). */
struct demo_heritage {
	int			 who;
	const struct demo_work	*work;
	struct heritage_text	 text;
	const char		*caption_zh, *caption_en, *made;
};
extern const struct demo_heritage	 demo_heritages[2];

/* 评选: a competition, its categories with their panels and entries. */
struct demo_entry {
	int		 who;
	int		 category;	/* index in the competition's list */
	const char	*title;
	const char	*material;
	int		 colour[3];
	int		 quality;	/* tenths: the judges' mean mark */
};

struct demo_contest {
	const char		*zh, *en, *opens, *closes;
	int			 advance;
	const char		*cats[2][2];	/* zh, en */
	int			 panels[2][6];	/* W_, ended by -1 */
	const struct demo_entry	*entries;
	int			 nentries;
	const char		*entry_day;
	int64_t			 ago;		/* made this long ago */
};
extern const struct demo_contest	 demo_contests[3];

/* Who scores what in the second competition (demo_judge()). */
struct demo_sitting {
	int		 judge, limit;
	int64_t		 ago;
};
extern const struct demo_sitting	 demo_sittings[5];

/* 就业 (demo_jobs()). */
struct demo_employer {
	int		 who;
	const char	*business, *credit17;	/* the code, but its check */
	int64_t		 ago;
	int		 approved;
};
extern const struct demo_employer	 demo_employers[2];

/* A posting: its employer and closing day are set when it is made. */
struct demo_posting {
	struct posting_new	 post;
	int			 days;		/* open for */
	int			 open;		/* shown, or awaiting review */
};
extern const struct demo_posting	 demo_postings[3];

/* An application to the first posting, and its owner's two steps. */
struct demo_application {
	int		 who;
	const char	*message;
	int		 contact;
	int64_t		 ago;
	struct {
		enum job_step	 state;
		int64_t		 ago;
	} steps[2];
};
extern const struct demo_application	 demo_applications[2];

/* 十大金牌导购大师 (demo_guides()). */
extern const char *const	 demo_guide_shops[DEMO_GUIDES];
extern const char *const	 demo_guide_evidence[3];
extern const int		 demo_guide_judges[3];
extern const char *const	 demo_guide_voters[12];

/* demo.c's helpers. */
struct cert;
struct work_edit;
int64_t	 demo_id(const char *);
int	 demo_cast_ids(int64_t [W__COUNT]);
int	 demo_mentor(int64_t, int64_t, int64_t, int64_t, const char *);
int	 demo_collect_cb(const struct cert *, void *);
int	 demo_draw(const char *, const struct cert *);
int	 demo_work(const char *, int64_t, const struct work_edit *,
	    const int (*)[3], int, int64_t, int64_t *);

#endif
