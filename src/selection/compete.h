/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * compete.h: 评选 selection — competitions (compete.c), their rules as
 * text (comprules.c) and staff's steps (compstep.c), entries (entrant.c),
 * blind judging (judge.c), results, breakdowns, pictures and title
 * nominations (results.c).
 */
#ifndef YJ_COMPETE_H
#define YJ_COMPETE_H

#include "web.h"

/* Shared by the six files (compete.c, comprules.c, compstep.c,
 * entrant.c, judge.c, results.c); each function lives in the file its
 * prefix names. */
int		 compete_from_path(struct ctx *, struct competition *);
const char	*compete_name(const struct competition *, enum lang);
const char	*compete_category_name(const char *, const char *, enum lang);
enum msg	 compete_state_msg(enum comp_state);
enum msg	 compete_entry_status_msg(enum entry_status);
int		 compete_verdict_fail(struct ctx *, enum comp_verdict);
int		 compete_cert_lang(struct ctx *, enum cert_lang *);
int		 compete_step_done(struct ctx *, int64_t, int, const char *);
int		 compete_certs_made(struct ctx *,
		    const struct publish_report *);
void		 compete_mark_text(enum score_mode, int, char [8]);
int		 entrant_may_see(struct ctx *, const struct comp_entry *,
		    const struct competition *);
void		 entrant_photos(struct buf *, const struct comp_entry *, int);
json_t		*entrant_photos_json(const struct comp_entry *);
json_t		*compete_entry_json(const struct comp_entry *, int);
json_t		*compete_json(const struct competition *, int);
json_t		*compete_guide_json(int64_t);	/* NULL: not a guide selection */
int		 comprules_read(struct ctx *, struct comp_edit *);
void		 comprules_from(struct comp_edit *, const struct competition *);
void		 comprules_form(struct buf *, struct page_ctx *, enum lang,
		    const struct comp_edit *, const char *, enum msg);

int	compete_list(struct ctx *);
int	compstep_create(struct ctx *);
int	compete_show(struct ctx *);
int	compstep_rules(struct ctx *);
int	compstep_category_add(struct ctx *);
int	compstep_judge_add(struct ctx *);
int	entrant_enter(struct ctx *);
int	entrant_show(struct ctx *);
int	entrant_check(struct ctx *);
int	entrant_photo(struct ctx *);
int	compstep_open(struct ctx *);
int	compstep_lock(struct ctx *);
int	compstep_publish(struct ctx *);
int	compstep_remark(struct ctx *);
int	compstep_recuse(struct ctx *);

int	judge_list(struct ctx *);
int	judge_sheet(struct ctx *);
int	judge_sheet_save(struct ctx *);

int	judge_marks_read(struct ctx *, const struct competition *,
	    int [SCORE_MAX_CRITERIA]);
const char	*judge_mark_field(int);
const char	*judge_mark_bad(struct ctx *, const struct competition *);

/*
 * 十大金牌导购大师, the sales guides' integrity selection: a competition of
 * kind guide (guide.c: its rules and page; guidenom.c: nominations;
 * guidevote.c: the public vote, votes and anomalies for staff, complaints;
 * guidejudge.c: the panel's blind sheets, the steps open, lock and
 * publish, the honours page).
 */
int	guide_may_nominate(const struct ctx *);
int	guide_selection_path(struct ctx *, struct competition *);
char	*guide_text(const char *, size_t, char *, size_t);
json_t	*guide_nominee_json(const struct guide_nominee *, int, int);
int	guide_verdict_fail(struct ctx *, enum guide_verdict);
int	guide_rules_set(struct ctx *);
int	guide_page(struct ctx *);
int	guide_nominate(struct ctx *);
int	guide_check(struct ctx *);
int	guide_recuse(struct ctx *);
int	guide_vote(struct ctx *);
int	guide_votes(struct ctx *);
int	guide_void(struct ctx *);
int	guide_complaint(struct ctx *);
int	guidejudge_list(struct ctx *);
int	guidejudge_sheet(struct ctx *);
int	guidejudge_sheet_save(struct ctx *);
int	guidejudge_photo(struct ctx *);
int	guidejudge_open(struct ctx *, const struct competition *);
int	guidejudge_lock(struct ctx *, const struct competition *);
int	guidejudge_publish(struct ctx *, const struct competition *);
int	guidejudge_honours(struct ctx *);

int	results_page(struct ctx *);
int	results_csv(struct ctx *);
int	results_entry_chart(struct ctx *);
int	results_judges_chart(struct ctx *);
int	results_nominations(struct ctx *);
int	results_nomination_confirm(struct ctx *);
int	results_nomination_decline(struct ctx *);

#endif
