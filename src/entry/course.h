/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* course.h: 入门 entry — handlers of listing.c (the catalogue),
 * course.c, enrol.c, desk.c and school.c. */
#ifndef YJ_COURSE_H
#define YJ_COURSE_H

#include <jansson.h>

#include "buf.h"
#include "db.h"
#include "i18n.h"

struct ctx;

/* A rendered part of the catalogue, as course.c caches it. */
struct cat_cache {
	char		 key[192];
	int64_t		 version;
	char		*data;		/* malloc'd */
	size_t		 len;
};

extern const enum msg	course_stage_msgs[STAGE__COUNT];

int	listing_catalogue(struct ctx *);
const struct cat_cache *course_cache_find(const char *, int64_t);
void	course_cache_put(const char *, int64_t, const char *, size_t);
enum msg course_track_msg(enum course_track);
int	course_open(const struct course *, const char *);
json_t	*course_json(const struct course *, const char *);
void	course_badge(struct buf *, const char *, const char *);
int	course_show(struct ctx *);
int	course_run_create(struct ctx *);
int	course_page(struct ctx *, const char *, int, enum msg,
	    const struct enrol_outcome *);
json_t	*course_run_json(const struct run *);
const char *course_title(const struct ctx *, const char *, const char *);
void	course_run_form(struct buf *, struct ctx *, const struct course *,
	    const struct run *);
int	course_run_fields(struct ctx *, struct run_edit *, char [11], char [11],
	    int64_t);

int	enrol_enrol(struct ctx *);
int	enrol_withdraw(struct ctx *);
int	enrol_mine(struct ctx *);
void	enrol_panel(struct ctx *, struct buf *);

int	desk_show(struct ctx *);
int	desk_run_update(struct ctx *);
int	desk_attendance(struct ctx *);
int	desk_result(struct ctx *);
int	desk_export(struct ctx *);
void	desk_panel(struct ctx *, struct buf *);

int	school_roster_page(struct ctx *);
int	school_roster_import(struct ctx *);
int	school_activate_page(struct ctx *);
int	school_activate(struct ctx *);

#endif
