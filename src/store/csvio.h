/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * csvio.h: CSV as the station's desk uses it — partner-school rosters in
 * (parsed with libcsv; UTF-8 with or without Excel's BOM, or the GBK /
 * GB18030 a Chinese Excel's plain "CSV" is) and enrolment lists out (with
 * a BOM and CRLF, so Excel opens the Chinese intact).
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

/* How the bytes of a text file were read. */
enum csv_charset {
	CSV_UTF8,
	CSV_GB18030,		/* GBK and GB2312 are subsets of it */
};

struct roster {
	enum csv_charset	 charset;
	struct roster_row	*rows;		/* valid rows, file order */
	size_t			 nrows;
	struct roster_error	*errors;
	size_t			 nerrors;
	size_t			 lines;		/* data rows read */
};

/* A decoded file is at most this many times its size (2 bytes of GB18030
 * make at most 3 of UTF-8; 1 and 4 make as many). */
#define CSV_DECODE_GROWTH(n)	((n) + (n) / 2 + 1)

int	csv_codec_open(void);
int	csv_decode(const char *, size_t, char **, size_t *,
	    enum csv_charset *, size_t *);
const char *csv_charset_code(enum csv_charset);
int	roster_parse(const char *, size_t, struct roster *);
void	roster_free(struct roster *);
void	csv_field(struct buf *, const char *);
void	csv_end_row(struct buf *);
void	csv_bom(struct buf *);

#endif
