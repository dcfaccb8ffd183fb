/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_comp_int.h: shared by the four files of 评选 selection in the store
 * — db_comp.c (competitions, entries), db_judge.c (panels, recusal,
 * sheets), db_result.c (open, lock, publish) and db_scorelog.c (the
 * score log) — and by nothing else. Include it after db.h, db_int.h
 * and score.h. Every function here expects the caller to hold the
 * transaction it writes in (BEGIN() … COMMIT()); none opens one.
 */
#ifndef YJ_DB_COMP_INT_H
#define YJ_DB_COMP_INT_H

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* What most checks need of a competition: no criteria, no tiers. */
struct comp_brief {
	enum comp_state	 state;
	int		 round;
	int		 generations;
	enum comp_kind	 kind;
};

/* An (entry, judge) pair of a round; judge 0 when the panel is empty. */
struct comp_pair {
	int64_t	 entry;
	int64_t	 entrant;
	int64_t	 category;
	int64_t	 judge;
	int	 recused;	/* recorded, or found in the lineage now */
};

/* db_comp.c */
int		 db_comp_code_index(const char *const *, size_t, const char *,
		    int);
enum db_result	 db_comp_refuse(enum comp_verdict *, enum comp_verdict);
enum db_result	 comp_brief_get(int64_t, struct comp_brief *);
enum db_result	 db_comp_one_int(enum stmt, int64_t, int64_t, int64_t *);

/* db_guide.c, for db_guidevote.c */
enum db_result	 db_guide_refuse(enum guide_verdict *, enum guide_verdict);
enum db_result	 db_guide_brief(int64_t, struct comp_brief *,
		    enum guide_verdict *);

/* db_judge.c: a sheet's stored marks read by rules (NULL: the text only). */
int		 sheet_marks_read(struct sheet_marks *, const char *,
		    const struct score_rules *);

/* db_judge.c: recusal (回避) over a round's pairs. */
enum db_result	 db_judge_pairs_load(int64_t, int, int64_t, int64_t,
		    struct comp_pair **, size_t *);
enum db_result	 db_judge_pairs_recuse(int64_t, int, int, struct comp_pair *,
		    size_t, int64_t, int64_t);

/* db_scorelog.c */
enum db_result	 db_scorelog_append(int64_t, const char *, int64_t, int64_t,
		    int64_t, int, const char *, const char *, int64_t,
		    char [CHAIN_HEX]);
enum db_result	 db_scorelog_results_hash(int64_t, int, char [CHAIN_HEX]);
enum db_result	 db_scorelog_sign(int64_t, const char *, int);

#endif
