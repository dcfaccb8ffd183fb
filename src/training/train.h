/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* train.h: 培养 training — handlers of master.c (masters, their
 * lineage and limits), train.c (mentorships, the log), person.c (a
 * person's stage, level and gates) and heritage.c (非遗). */
#ifndef YJ_TRAIN_H
#define YJ_TRAIN_H

#include "buf.h"
#include "gate.h"

struct ctx;
struct master_row;

int	master_list(struct ctx *);
int	master_from_path(struct ctx *, struct master_row *);
int	master_show(struct ctx *);
int	master_lineage_png(struct ctx *);
int	train_ask(struct ctx *);
int	master_limit(struct ctx *);
int	train_accept(struct ctx *);
int	train_decline(struct ctx *);
int	train_end(struct ctx *);
int	train_recommend(struct ctx *);
int	train_page(struct ctx *);
int	train_log_add(struct ctx *);
int	train_log_confirm(struct ctx *);
int	train_log_reject(struct ctx *);
void	train_panel(struct ctx *, struct buf *);
void	train_totals(struct buf *, enum lang, const int [SKILL_COUNT]);

int	heritage_show(struct ctx *);
int	heritage_edit(struct ctx *);
int	heritage_save(struct ctx *);
int	heritage_photo_add(struct ctx *);
int	heritage_photo_remove(struct ctx *);
int	heritage_approve(struct ctx *);
int	heritage_refuse(struct ctx *);
int	heritage_queue(struct ctx *);

int	person_show(struct ctx *);
int	person_level(struct ctx *);
int	person_stage(struct ctx *);
void	person_gates(struct ctx *, struct buf *, int64_t);

#endif
