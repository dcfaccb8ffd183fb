/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * coursefile.h: one course of the catalogue as the station writes it — a
 * Markdown file in courses/ with a YAML front matter. Pure: parsing knows
 * nothing of the store or of Kore.
 */
#ifndef YJ_COURSEFILE_H
#define YJ_COURSEFILE_H

#include <stddef.h>

#include "identity.h"

#define COURSE_CODE_LEN		8	/* ^[A-Z]{2,4}[0-9]{3}$ and the NUL */
#define COURSE_PREREQ_MAX	8
#define COURSE_BODY_MAX		(64 * 1024)

enum course_track {
	CTRACK_CARVER,
	CTRACK_DESIGNER,
	CTRACK_BOTH,
};

struct course {
	char			 code[COURSE_CODE_LEN];
	char			 title_zh[30 * 4 + 1];
	char			 title_en[80 + 1];
	enum course_track	 track;
	enum stage		 stage;
	int			 hours;
	int			 sessions;
	int			 capacity;
	int			 pass_mark;	/* 0..100 */
	int			 attendance;	/* percent of sessions */
	enum role		 instructor;	/* master or staff */
	char			 opens[11];	/* YYYY-MM-DD */
	char			 closes[11];
	char			 prereqs[COURSE_PREREQ_MAX][COURSE_CODE_LEN];
	int			 nprereqs;
	char			*body;		/* Markdown; course_free() */
	int			 code_line;	/* where the file says them */
	int			 prereq_line;
};

struct course_error {
	int	 line;			/* 1-based line in the file; 0: none */
	char	 msg[256];
};

int		 coursefile_parse(const char *, size_t, struct course *,
		    struct course_error *);
void		 course_free(struct course *);
int		 course_code_valid(const char *);
int		 coursefile_date_valid(const char *);
const char	*course_track_code(enum course_track);
int		 course_track_parse(const char *, enum course_track *);
int		 course_track_admits(enum course_track, enum track);

#endif
