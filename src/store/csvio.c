/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * csvio.c: roster import and CSV export. A file is first read as text —
 * UTF-8 as it is, else GB18030 (what a Chinese Excel's plain "CSV" is:
 * GBK, which GB18030 extends) converted by glibc's iconv, else refused
 * naming the line where neither could read it. libcsv then reads the
 * quoting rules (quoted commas, doubled quotes, newlines inside quotes,
 * CRLF); this file maps columns by their header — English or Chinese, in
 * any order — and validates every row with the same rules as
 * self-registration, so a bad row is reported with its line number and
 * the reason.
 */
#include <ctype.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvio.h"

enum col {
	COL_NAME,
	COL_ACCOUNT,
	COL_TRACK,
	COL_SCHOOL,
	COL_IGNORED,
};

static const struct {
	const char	*header;
	enum col	 col;
} headers[] = {
	{ "name", COL_NAME }, { "姓名", COL_NAME },
	{ "account", COL_ACCOUNT }, { "phone", COL_ACCOUNT },
	{ "email", COL_ACCOUNT }, { "mobile", COL_ACCOUNT },
	{ "手机号或邮箱", COL_ACCOUNT }, { "手机号", COL_ACCOUNT },
	{ "手机", COL_ACCOUNT }, { "邮箱", COL_ACCOUNT },
	{ "track", COL_TRACK }, { "方向", COL_TRACK },
	{ "school", COL_SCHOOL }, { "学校", COL_SCHOOL },
};

static const struct {
	const char	*word;
	enum track	 track;
} tracks[] = {
	{ "carver", TRACK_CARVER }, { "玉雕", TRACK_CARVER },
	{ "玉雕师", TRACK_CARVER }, { "designer", TRACK_DESIGNER },
	{ "设计", TRACK_DESIGNER }, { "设计师", TRACK_DESIGNER },
};

#define MAX_COLS	16

struct parse_state {
	struct roster	*r;
	char		*fields[MAX_COLS];
	size_t		 nfields;
	int		 line;		/* where the current record starts */
	int		 next_line;	/* the last line read so far */
	int		 embedded;	/* line breaks inside quoted fields */
	int		 last_nl;	/* the newline that ended the last row */
	int		 header_done;
	int		 map[MAX_COLS];		/* column index -> enum col */
	int		 have[COL_IGNORED];
	int		 fatal;			/* header unusable: stop */
	size_t		 cap_rows, cap_errors;
	uint32_t	*seen;		/* accounts kept: row index + 1, or 0 */
};

/* Slots of the accounts' hash set: a power of two past twice the cap. */
#define SEEN_SLOTS	65536
_Static_assert(SEEN_SLOTS >= 2 * ROSTER_MAX_ROWS, "the set must stay sparse");

/* FNV-1a of an account, for the set of accounts kept so far. */
static uint32_t
account_hash(const char *s)
{
	uint32_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h);
}

/*
 * Whether account is in a row kept before; if not, remember it as row
 * index next. An open-addressed set (at most ROSTER_MAX_ROWS entries in
 * SEEN_SLOTS): a 20,000-row roster is checked in linear time where
 * comparing each row with every earlier one took 2 * 10^8 compares.
 */
static int
account_seen(struct parse_state *ps, const char *account, size_t next)
{
	uint32_t	 k, i;

	if (ps->seen == NULL &&
	    (ps->seen = calloc(SEEN_SLOTS, sizeof(*ps->seen))) == NULL)
		abort();
	for (k = account_hash(account) & (SEEN_SLOTS - 1); ps->seen[k] != 0;
	    k = (k + 1) & (SEEN_SLOTS - 1)) {
		i = ps->seen[k] - 1;
		if (strcmp(ps->r->rows[i].account, account) == 0)
			return (1);
	}
	ps->seen[k] = (uint32_t)next + 1;
	return (0);
}

static void
add_error(struct parse_state *ps, int line, enum msg reason, const char *v)
{
	struct roster		*r = ps->r;
	struct roster_error	*e;

	if (r->nerrors == ps->cap_errors) {
		ps->cap_errors = ps->cap_errors ? ps->cap_errors * 2 : 16;
		r->errors = realloc(r->errors, ps->cap_errors * sizeof(*e));
		if (r->errors == NULL)
			abort();
	}
	e = &r->errors[r->nerrors++];
	e->line = line;
	e->reason = reason;
	/* Echoed into pages and JSON: valid UTF-8, cut at a character. */
	if (v == NULL)
		v = "";
	(void)utf8_scrub(e->value, sizeof(e->value), v, strlen(v));
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct parse_state	*ps = arg;
	char			*f;

	if (ps->nfields == MAX_COLS)
		return;			/* extra columns are ignored */
	if ((f = malloc(len + 1)) == NULL)
		abort();
	memcpy(f, data, len);
	f[len] = '\0';
	ps->fields[ps->nfields++] = f;
	/* A quoted field may hold line breaks: the next row starts later. */
	for (; len > 0; len--)
		ps->embedded += ((char *)data)[len - 1] == '\n';
}

static void
on_header(struct parse_state *ps)
{
	size_t	 i, k;

	for (i = 0; i < ps->nfields; i++) {
		utf8_trim(ps->fields[i]);
		for (k = 0; ps->fields[i][k] != '\0'; k++)
			ps->fields[i][k] =
			    (char)tolower((unsigned char)ps->fields[i][k]);
		ps->map[i] = COL_IGNORED;
		for (k = 0; k < sizeof(headers) / sizeof(headers[0]); k++) {
			if (strcmp(ps->fields[i], headers[k].header) == 0) {
				ps->map[i] = headers[k].col;
				ps->have[headers[k].col]++;
				break;
			}
		}
	}
	if (!ps->have[COL_NAME] || !ps->have[COL_ACCOUNT] ||
	    !ps->have[COL_TRACK]) {
		add_error(ps, 1, M_CSV_HEADER, NULL);
		ps->fatal = 1;
	}
}

static void
on_row(struct parse_state *ps)
{
	struct roster		*r = ps->r;
	struct roster_row	 row;
	const char		*v[COL_IGNORED] = { NULL };
	size_t			 i, k;
	int			 empty = 1;

	for (i = 0; i < ps->nfields; i++) {
		utf8_trim(ps->fields[i]);
		if (ps->fields[i][0] != '\0')
			empty = 0;
		if (ps->map[i] != COL_IGNORED && v[ps->map[i]] == NULL)
			v[ps->map[i]] = ps->fields[i];
	}
	if (empty)
		return;		/* Excel's trailing blank rows */
	r->lines++;
	if (r->lines > ROSTER_MAX_ROWS) {
		if (r->lines == ROSTER_MAX_ROWS + 1)
			add_error(ps, ps->line, M_CSV_TOO_MANY, NULL);
		return;
	}
	memset(&row, 0, sizeof(row));
	row.line = ps->line;
	if (!identity_name(v[COL_NAME], row.name, sizeof(row.name))) {
		add_error(ps, ps->line, M_ERR_NAME, v[COL_NAME]);
		return;
	}
	if (!identity_account(v[COL_ACCOUNT], row.account,
	    sizeof(row.account))) {
		add_error(ps, ps->line, M_ERR_ACCOUNT, v[COL_ACCOUNT]);
		return;
	}
	for (k = 0; k < sizeof(tracks) / sizeof(tracks[0]); k++) {
		if (v[COL_TRACK] != NULL &&
		    strcasecmp(v[COL_TRACK], tracks[k].word) == 0)
			break;
	}
	if (k == sizeof(tracks) / sizeof(tracks[0])) {
		add_error(ps, ps->line, M_ERR_TRACK, v[COL_TRACK]);
		return;
	}
	row.track = tracks[k].track;
	if (v[COL_SCHOOL] != NULL && v[COL_SCHOOL][0] != '\0' &&
	    !identity_name(v[COL_SCHOOL], row.school, sizeof(row.school))) {
		add_error(ps, ps->line, M_CSV_SCHOOL, v[COL_SCHOOL]);
		return;
	}
	if (r->nrows == ps->cap_rows) {
		ps->cap_rows = ps->cap_rows ? ps->cap_rows * 2 : 64;
		r->rows = realloc(r->rows, ps->cap_rows * sizeof(row));
		if (r->rows == NULL)
			abort();
	}
	if (account_seen(ps, row.account, r->nrows)) {
		add_error(ps, ps->line, M_CSV_DUPLICATE, row.account);
		return;
	}
	r->rows[r->nrows++] = row;
}

static void
on_record(int c, void *arg)
{
	struct parse_state	*ps = arg;
	size_t			 i;

	/*
	 * With CSV_REPALL_NL libcsv reports every line break, so blank lines
	 * count; the LF of a CRLF that ended a row is not a line of its own.
	 */
	if (ps->nfields == 0 && c == '\n' && ps->last_nl == '\r') {
		ps->last_nl = c;
		return;
	}
	ps->last_nl = c;
	ps->line = ps->next_line + 1;
	ps->next_line = ps->line + ps->embedded;
	ps->embedded = 0;
	if (ps->nfields == 0)
		return;			/* a blank line */
	if (!ps->fatal) {
		if (!ps->header_done) {
			on_header(ps);
			ps->header_done = 1;
		} else
			on_row(ps);
	}
	for (i = 0; i < ps->nfields; i++)
		free(ps->fields[i]);
	ps->nfields = 0;
}

#define UTF8_BOM	"\xef\xbb\xbf"

/*
 * The GB18030 decoder. iconv_open() reads glibc's gconv configuration and
 * loads a module from /usr/lib/.../gconv: neither is inside a worker's
 * chroot nor on its seccomp allow-list, so the parent opens it once and
 * the workers inherit it through fork(); converting makes no system call.
 * One state for the process: rosters are parsed on task threads, two at
 * once when two are uploaded together, so a conversion holds gb_lock.
 */
static iconv_t		gb18030 = (iconv_t)-1;
static pthread_mutex_t	gb_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Open the GB18030 decoder; call once before the workers fork (the app's
 * parent hook, a test's main). 1 when it is open, 0 when
 * this glibc cannot convert GB18030 (then csv_decode() reads UTF-8 only).
 */
int
csv_codec_open(void)
{
	if (gb18030 == (iconv_t)-1)
		gb18030 = iconv_open("UTF-8", "GB18030");
	return (gb18030 != (iconv_t)-1);
}

/* "utf-8" or "gb18030": how a file was read, for the JSON answers. */
const char *
csv_charset_code(enum csv_charset cs)
{
	return (cs == CSV_GB18030 ? "gb18030" : "utf-8");
}

/*
 * Convert the n bytes at in from GB18030 to UTF-8 into out, of outsz
 * bytes (CSV_DECODE_GROWTH(n) always suffices). Returns how many bytes
 * of in were read: n when all of them were, else the offset of the first
 * sequence that is not GB18030 (or is cut short by the end). The bytes
 * written go to *outlen; out is not NUL-terminated.
 */
static size_t
gb_convert(const char *in, size_t n, char *out, size_t outsz,
    size_t *outlen)
{
	char	*ip = (char *)in, *op = out;
	size_t	 il = n, ol = outsz;

	*outlen = 0;
	if (gb18030 == (iconv_t)-1)
		return (0);
	(void)pthread_mutex_lock(&gb_lock);
	(void)iconv(gb18030, NULL, NULL, NULL, NULL);
	/* On EILSEQ, EINVAL (or E2BIG) ip stops where reading stopped. */
	(void)iconv(gb18030, &ip, &il, &op, &ol);
	(void)pthread_mutex_unlock(&gb_lock);
	*outlen = (size_t)(op - out);
	return ((size_t)(ip - in));
}

/*
 * Read the n bytes at in as text. UTF-8 (with or without a BOM) is taken
 * as it is; otherwise, when all of it is GB18030, it is converted. On
 * success *out is a new NUL-terminated UTF-8 copy without a BOM (free()
 * it), *outlen its length, *cs how it was read, and 1 is returned. On
 * failure 0: *cs is the reading that got further and *stop the offset in
 * in where it stopped — the first byte neither encoding can read there.
 * The copy is at most CSV_DECODE_GROWTH(n) bytes.
 */
int
csv_decode(const char *in, size_t n, char **out, size_t *outlen,
    enum csv_charset *cs, size_t *stop)
{
	char	*buf;
	size_t	 u, g, len, skip = 0;

	*out = NULL;
	*outlen = *stop = 0;
	*cs = CSV_UTF8;
	if ((buf = malloc(CSV_DECODE_GROWTH(n))) == NULL)
		abort();
	if ((u = utf8_valid(in, n)) == n) {
		memcpy(buf, in, n);
		len = n;
	} else if ((g = gb_convert(in, n, buf, CSV_DECODE_GROWTH(n) - 1,
	    &len)) == n)
		*cs = CSV_GB18030;
	else {
		free(buf);
		*cs = g > u ? CSV_GB18030 : CSV_UTF8;
		*stop = g > u ? g : u;
		return (0);
	}
	/* Excel's UTF-8 BOM, or GB18030's (84 31 95 33), now U+FEFF. */
	if (len >= 3 && memcmp(buf, UTF8_BOM, 3) == 0)
		skip = 3;
	memmove(buf, buf + skip, len - skip);
	buf[len - skip] = '\0';
	*out = buf;
	*outlen = len - skip;
	return (1);
}

/*
 * The bytes of a line read to show its start: four times what the error
 * keeps, so that the shown part never ends in a character this cut in
 * half (each byte read makes at least 3/4 of a byte of UTF-8).
 */
#define SHOWN_BYTES	(sizeof(((struct roster_error *)0)->value) * 4)

/*
 * The line of data holding byte stop, which reading as cs could not get
 * past, recorded as the file's one error: its number, and its start read
 * as cs with U+FFFD for each byte that could not be.
 */
static void
add_encoding_error(struct parse_state *ps, const char *data, size_t len,
    size_t stop, enum csv_charset cs)
{
	char		 tmp[SHOWN_BYTES * 3 + 4];
	const char	*from, *to;
	size_t		 n, i, o, k, ol;
	int		 line = 1;

	for (from = data; (to = memchr(from, '\n', stop - (size_t)(from -
	    data))) != NULL; from = to + 1)
		line++;
	if ((to = memchr(from, '\n', len - (size_t)(from - data))) == NULL)
		to = data + len;
	if (to > from && to[-1] == '\r')
		to--;
	n = (size_t)(to - from);
	if (n > SHOWN_BYTES)
		n = SHOWN_BYTES;
	if (cs == CSV_UTF8)
		o = utf8_scrub(tmp, sizeof(tmp), from, n);
	else {
		for (i = o = 0; i < n; ) {
			k = gb_convert(from + i, n - i, tmp + o,
			    sizeof(tmp) - o - 4, &ol);
			o += ol;
			if ((i += k) < n) {
				memcpy(tmp + o, "\xef\xbf\xbd", 3);
				o += 3;
				i++;
			}
		}
		tmp[o] = '\0';
	}
	add_error(ps, line, M_CSV_ENCODING, tmp);
}

/*
 * Parse a roster of len bytes into r (roster_free() it): UTF-8 or
 * GB18030 (r->charset says which; see csv_decode()). Valid rows go to
 * r->rows, each refused row to r->errors with its line number. Returns 0
 * when the file cannot be read as CSV at all (an error is recorded).
 *
 * A duplicate account is found in constant time per row (account_seen()).
 */
int
roster_parse(const char *data, size_t len, struct roster *r)
{
	struct csv_parser	 p;
	struct parse_state	 ps;
	enum csv_charset	 cs;
	char			*text;
	size_t			 i, n, stop;
	int			 ok = 1;

	memset(r, 0, sizeof(*r));
	memset(&ps, 0, sizeof(ps));
	ps.r = r;
	if (memchr(data, '\0', len) != NULL) {
		add_error(&ps, 0, M_CSV_NOT_TEXT, NULL);
		return (0);
	}
	if (!csv_decode(data, len, &text, &n, &cs, &stop)) {
		add_encoding_error(&ps, data, len, stop, cs);
		return (0);	/* read as neither: r->charset is UTF-8 */
	}
	r->charset = cs;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_REPALL_NL) != 0)
		abort();
	if (csv_parse(&p, text, n, on_field, on_record, &ps) != n ||
	    csv_fini(&p, on_field, on_record, &ps) != 0) {
		add_error(&ps, ps.line + 1, M_CSV_NOT_TEXT, NULL);
		ok = 0;
	}
	csv_free(&p);
	free(text);
	free(ps.seen);
	for (i = 0; i < ps.nfields; i++)
		free(ps.fields[i]);
	if (ok && !ps.header_done) {
		add_error(&ps, 1, M_CSV_HEADER, NULL);
		ok = 0;
	}
	return (ok && !ps.fatal);
}

void
roster_free(struct roster *r)
{
	free(r->rows);
	free(r->errors);
	memset(r, 0, sizeof(*r));
}

/*
 * Append one field, quoted (doubled quotes inside), and a comma. A cell
 * starting with = + - @ is a formula to Excel: a name such as
 * =HYPERLINK(...) must stay text, so it gets a leading apostrophe. The
 * file is UTF-8 (its BOM says so): a byte that does not start a
 * well-formed sequence is written as U+FFFD.
 */
void
csv_field(struct buf *b, const char *s)
{
	const char	*p;
	size_t		 k;
	unsigned int	 cp;

	if (s == NULL)
		s = "";
	buf_puts(b, "\"");
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		buf_puts(b, "'");
	for (p = s; *p != '\0'; p += k) {
		if (*p == '"')
			buf_puts(b, "\"");
		if ((k = utf8_seq(p, 4, &cp)) == 0) {
			buf_puts(b, "\xef\xbf\xbd");
			k = 1;
		} else
			buf_append(b, p, k);
	}
	buf_puts(b, "\",");
}

/* End a row: replace the last comma with Excel's CRLF. */
void
csv_end_row(struct buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] == ',')
		b->len--;
	buf_puts(b, "\r\n");
}

/* The UTF-8 BOM that makes Excel read the file as UTF-8. */
void
csv_bom(struct buf *b)
{
	buf_append(b, "\xef\xbb\xbf", 3);
}
