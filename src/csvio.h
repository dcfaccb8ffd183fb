/*
 * csvio.h: CSV as the station's desk uses it — partner-school rosters in
 * (parsed with libcsv, UTF-8 with or without Excel's BOM) and enrolment
 * lists out (with a BOM and CRLF, so Excel opens the Chinese intact).
 */
#ifndef YJ_CSVIO_H
#define YJ_CSVIO_H

#include <stddef.h>

#include "buf.h"
#include "db.h"
#include "i18n.h"

#define ROSTER_MAX_ROWS		20000

struct roster_error {
	int		 line;		/* 1 = the header */
	enum msg	 reason;
	char		 value[64];	/* the offending value, cut */
};

struct roster {
	struct roster_row	*rows;		/* valid rows, file order */
	size_t			 nrows;
	struct roster_error	*errors;
	size_t			 nerrors;
	size_t			 lines;		/* data rows read */
};

int	roster_parse(const char *, size_t, struct roster *);
void	roster_free(struct roster *);
void	csv_field(struct buf *, const char *);
void	csv_end_row(struct buf *);
void	csv_bom(struct buf *);

#endif
