/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_entry.c: unit tests of the entry stage's pure rules — the course
 * file parser (good files and every kind of broken one), the seat and
 * waitlist rules, completion, and the roster CSV parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "coursefile.h"
#include "csvio.h"
#include "seat.h"

#define GOOD_HEAD							\
	"---\n"								\
	"code: JB101\n"							\
	"title_zh: 玉雕入门\n"						\
	"title_en: Jade carving for beginners\n"			\
	"track: both\n"							\
	"stage: entry\n"						\
	"hours: 24\n"							\
	"sessions: 8\n"							\
	"capacity: 30\n"						\
	"prerequisites: []\n"						\
	"enrol_opens: 2026-11-01\n"					\
	"enrol_closes: 2027-06-30\n"					\
	"pass_mark: 60\n"						\
	"attendance: 75\n"						\
	"instructor: master\n"						\
	"---\n"

static void
parses_a_good_file(void **state)
{
	const char		*f = GOOD_HEAD "## 课程简介\n\n零基础。\n";
	struct course		 c;
	struct course_error	 e;

	(void)state;
	assert_true(coursefile_parse(f, strlen(f), &c, &e));
	assert_string_equal(c.code, "JB101");
	assert_string_equal(c.title_zh, "玉雕入门");
	assert_int_equal(c.track, CTRACK_BOTH);
	assert_int_equal(c.stage, STAGE_ENTRY);
	assert_int_equal(c.hours, 24);
	assert_int_equal(c.capacity, 30);
	assert_int_equal(c.nprereqs, 0);
	assert_string_equal(c.opens, "2026-11-01");
	assert_int_equal(c.instructor, ROLE_MASTER);
	assert_string_equal(c.body, "## 课程简介\n\n零基础。\n");
	course_free(&c);
}

static void
parses_prerequisites_and_bom(void **state)
{
	char			 f[2048];
	struct course		 c;
	struct course_error	 e;

	(void)state;
	(void)snprintf(f, sizeof(f), "\xef\xbb\xbf%s", GOOD_HEAD "body\n");
	*strstr(f, "prerequisites: []") = '\0';
	strcat(f, "prerequisites: [JC101, JD201]\n"
	    "enrol_opens: 2026-11-01\nenrol_closes: 2027-06-30\n"
	    "pass_mark: 60\nattendance: 75\ninstructor: staff\n---\nbody\n");
	assert_true(coursefile_parse(f, strlen(f), &c, &e));
	assert_int_equal(c.nprereqs, 2);
	assert_string_equal(c.prereqs[1], "JD201");
	assert_int_equal(c.instructor, ROLE_STAFF);
	course_free(&c);
}

/* Replace the first occurrence of from in GOOD_HEAD with to. */
static void
broken(const char *from, const char *to, int want_line, const char *want)
{
	char			 f[4096], *p;
	struct course		 c;
	struct course_error	 e;

	(void)snprintf(f, sizeof(f), "%s", GOOD_HEAD "body\n");
	if (from != NULL) {
		p = strstr(f, from);
		assert_non_null(p);
		memmove(p + strlen(to), p + strlen(from),
		    strlen(p + strlen(from)) + 1);
		memcpy(p, to, strlen(to));
	}
	if (coursefile_parse(f, strlen(f), &c, &e))
		fail_msg("accepted a file with %s -> %s", from, to);
	if (want_line >= 0 && e.line != want_line)
		fail_msg("%s -> %s: line %d, want %d (%s)", from, to, e.line,
		    want_line, e.msg);
	if (strstr(e.msg, want) == NULL)
		fail_msg("message \"%s\" does not say \"%s\"", e.msg, want);
}

static void
refuses_broken_files(void **state)
{
	(void)state;
	broken("---\ncode", "code", 1, "start with");
	broken("instructor: master\n---\n", "instructor: master\n", 1,
	    "not closed");
	broken("hours: 24\n", "", 15, "hours is missing");
	broken("hours: 24", "hours: lots", 7, "hours: must be a whole number");
	broken("hours: 24", "hours: 0", 7, "from 1 to 2000");
	broken("capacity: 30", "capacity: 30.5", 9, "whole number");
	broken("code: JB101", "code: jb101", 2, "capital letters");
	broken("track: both", "track: sculptor", 5, "carver, designer");
	broken("stage: entry", "stage: selection", 6, "entry");
	broken("enrol_opens: 2026-11-01", "enrol_opens: 2026-02-30", 11,
	    "not a date");
	broken("enrol_opens: 2026-11-01", "enrol_opens: 2027-07-01", 16,
	    "after enrol_closes");
	broken("instructor: master", "instructor: apprentice", 15,
	    "master or staff");
	broken("pass_mark: 60", "pass_mark: 60\ncolour: red", 14,
	    "unknown key");
	broken("pass_mark: 60", "pass_mark: 60\nhours: 3", 14, "twice");
	broken("prerequisites: []", "prerequisites: JB100", 10, "list");
	broken("prerequisites: []", "prerequisites: [JB101]", -1,
	    "require itself");
	broken("prerequisites: []", "prerequisites: [XX]", 10,
	    "not a course code");
	broken("prerequisites: []", "prerequisites: [JC101, JC101]", 10,
	    "twice");
	broken("title_zh: 玉雕入门", "title_zh: [a, b", -1, "not valid YAML");
	broken("title_zh: 玉雕入门", "title_zh: \"\"", 3, "non-empty");
	broken("---\nbody\n", "---\n   \n", 17, "body");
}

static void
reads_crlf_files_and_closing_at_eof(void **state)
{
	struct course		 c;
	struct course_error	 e;
	char			 f[4096], *p, *q;

	(void)state;
	/* Windows line ends throughout. */
	for (p = GOOD_HEAD "body line\n", q = f; *p != '\0'; p++) {
		if (*p == '\n')
			*q++ = '\r';
		*q++ = *p;
	}
	*q = '\0';
	assert_true(coursefile_parse(f, strlen(f), &c, &e));
	assert_string_equal(c.code, "JB101");
	assert_string_equal(c.body, "body line\n");
	course_free(&c);
	/* A front matter closed on the last line without a newline has no
	 * body: refused for that, not for being unclosed. */
	(void)snprintf(f, sizeof(f), "%s", GOOD_HEAD);
	f[strlen(f) - 1] = '\0';
	assert_false(coursefile_parse(f, strlen(f), &c, &e));
	assert_non_null(strstr(e.msg, "body"));
}

static void
refuses_nul_and_huge_body(void **state)
{
	struct course		 c;
	struct course_error	 e;
	char			*f;
	size_t			 n;

	(void)state;
	assert_false(coursefile_parse("---\0x", 5, &c, &e));
	assert_non_null(strstr(e.msg, "NUL"));
	n = strlen(GOOD_HEAD) + COURSE_BODY_MAX + 10;
	f = malloc(n + 1);
	assert_non_null(f);
	memcpy(f, GOOD_HEAD, strlen(GOOD_HEAD));
	memset(f + strlen(GOOD_HEAD), 'x', n - strlen(GOOD_HEAD));
	f[n] = '\0';
	assert_false(coursefile_parse(f, n, &c, &e));
	assert_non_null(strstr(e.msg, "body is over"));
	free(f);
}

static void
dates_and_codes(void **state)
{
	(void)state;
	assert_true(coursefile_date_valid("2028-02-29"));
	assert_false(coursefile_date_valid("2027-02-29"));
	assert_false(coursefile_date_valid("2100-02-29"));
	assert_true(coursefile_date_valid("2000-02-29"));
	assert_false(coursefile_date_valid("2026-13-01"));
	assert_false(coursefile_date_valid("2026-1-01"));
	assert_false(coursefile_date_valid("2026-01-01x"));
	assert_true(course_code_valid("JB101"));
	assert_true(course_code_valid("ABCD999"));
	assert_false(course_code_valid("J101"));
	assert_false(course_code_valid("ABCDE101"));
	assert_false(course_code_valid("JB1011"));
	assert_true(course_track_admits(CTRACK_BOTH, TRACK_DESIGNER));
	assert_true(course_track_admits(CTRACK_CARVER, TRACK_CARVER));
	assert_false(course_track_admits(CTRACK_CARVER, TRACK_DESIGNER));
	assert_false(course_track_admits(CTRACK_DESIGNER, TRACK_NONE));
}

static struct seat_facts
facts(void)
{
	struct seat_facts	 f;

	memset(&f, 0, sizeof(f));
	f.today = "2026-11-27";
	f.opens = "2026-11-01";
	f.closes = "2027-06-30";
	f.run_ends = "2027-01-31";
	f.capacity = 30;
	f.enrolled = 0;
	f.track_ok = 1;
	f.current = SEAT_NONE;
	return (f);
}

static void
seat_decisions(void **state)
{
	struct seat_facts	 f;

	(void)state;
	f = facts();
	assert_int_equal(seat_decide(&f), SV_ENROL);
	f.enrolled = 29;
	assert_int_equal(seat_decide(&f), SV_ENROL);
	f.enrolled = 30;
	assert_int_equal(seat_decide(&f), SV_WAITLIST);
	f.enrolled = 31;	/* capacity lowered below the enrolled */
	assert_int_equal(seat_decide(&f), SV_WAITLIST);
	f = facts();
	f.current = SEAT_ENROLLED;
	assert_int_equal(seat_decide(&f), SV_ALREADY_ENROLLED);
	f.current = SEAT_WAITLISTED;
	assert_int_equal(seat_decide(&f), SV_ALREADY_WAITLISTED);
	f.current = SEAT_WITHDRAWN;	/* comes back like anyone new */
	f.enrolled = 30;
	assert_int_equal(seat_decide(&f), SV_WAITLIST);
	f = facts();
	f.today = "2026-10-31";
	assert_int_equal(seat_decide(&f), SV_NOT_OPEN);
	f.today = "2026-11-01";		/* windows include both ends */
	assert_int_equal(seat_decide(&f), SV_ENROL);
	f.today = "2027-01-31";
	assert_int_equal(seat_decide(&f), SV_ENROL);
	f.today = "2027-02-01";		/* the run is over */
	assert_int_equal(seat_decide(&f), SV_CLOSED);
	f = facts();
	f.closes = "2026-11-26";
	assert_int_equal(seat_decide(&f), SV_CLOSED);
	f = facts();
	f.missing_prereqs = 1;
	assert_int_equal(seat_decide(&f), SV_PREREQ);
	f.track_ok = 0;		/* track is said first */
	assert_int_equal(seat_decide(&f), SV_TRACK);
}

static void
waitlist_promotion(void **state)
{
	(void)state;
	assert_int_equal(seat_promotions(30, 29, 5), 1);
	assert_int_equal(seat_promotions(30, 30, 5), 0);
	assert_int_equal(seat_promotions(40, 30, 5), 5);
	assert_int_equal(seat_promotions(40, 30, 20), 10);
	assert_int_equal(seat_promotions(20, 30, 5), 0);
	assert_int_equal(seat_promotions(30, 0, 0), 0);
}

static void
withdraw_rules(void **state)
{
	(void)state;
	assert_int_equal(seat_withdraw(SEAT_ENROLLED, 0, "2027-01-31",
	    "2027-01-31"), WV_DONE);
	assert_int_equal(seat_withdraw(SEAT_WAITLISTED, 0, "2026-11-27",
	    "2027-01-31"), WV_DONE);
	assert_int_equal(seat_withdraw(SEAT_ENROLLED, 0, "2027-02-01",
	    "2027-01-31"), WV_ENDED);
	assert_int_equal(seat_withdraw(SEAT_ENROLLED, 1, "2026-11-27",
	    "2027-01-31"), WV_COMPLETED);
	assert_int_equal(seat_withdraw(SEAT_WITHDRAWN, 0, "2026-11-27",
	    "2027-01-31"), WV_NOTHING);
	assert_int_equal(seat_withdraw(SEAT_NONE, 1, "2030-01-01",
	    "2027-01-31"), WV_NOTHING);
}

static void
completion_rules(void **state)
{
	(void)state;
	assert_true(seat_attendance_met(6, 8, 75));
	assert_false(seat_attendance_met(5, 8, 75));
	assert_true(seat_attendance_met(0, 8, 0));
	assert_true(seat_passed(60, 60, 8, 8, 100));
	assert_false(seat_passed(59, 60, 8, 8, 100));
	assert_false(seat_passed(100, 60, 7, 8, 100));
}

static void
china_date(void **state)
{
	char	 d[11];

	(void)state;
	seat_today(1795708800, d);	/* 2026-11-27 00:00 +08 */
	assert_string_equal(d, "2026-11-27");
	seat_today(1795708800 - 1, d);
	assert_string_equal(d, "2026-11-26");
}

static void
roster_good_with_bom_and_chinese_header(void **state)
{
	const char	*csv = "\xef\xbb\xbf" "姓名,手机号或邮箱,方向,学校\r\n"
	    "陈小玉,138 0013 8000,玉雕师,佛山市工贸职业技术学校\r\n"
	    "\"Lee, Ann\",ann@example.cn,designer,\r\n"
	    ",,,\r\n";
	struct roster	 r;

	(void)state;
	assert_true(roster_parse(csv, strlen(csv), &r));
	assert_int_equal(r.nerrors, 0);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.rows[0].name, "陈小玉");
	assert_string_equal(r.rows[0].account, "13800138000");
	assert_int_equal(r.rows[0].track, TRACK_CARVER);
	assert_string_equal(r.rows[0].school, "佛山市工贸职业技术学校");
	assert_int_equal(r.rows[0].line, 2);
	assert_string_equal(r.rows[1].name, "Lee, Ann");
	assert_int_equal(r.rows[1].track, TRACK_DESIGNER);
	roster_free(&r);
}

static void
roster_reports_bad_rows_by_line(void **state)
{
	const char	*csv = "track,name,account\n"
	    "carver,好学生,13800000001\n"
	    "carver,,13800000002\n"
	    "carver,坏号码,12345\n"
	    "sculptor,方向错,13800000003\n"
	    "carver,重复,13800000001\n"
	    "designer,好学生二,13800000004\n";
	struct roster	 r;

	(void)state;
	assert_true(roster_parse(csv, strlen(csv), &r));
	assert_int_equal(r.nrows, 2);
	assert_int_equal(r.nerrors, 4);
	assert_int_equal(r.errors[0].line, 3);
	assert_int_equal(r.errors[0].reason, M_ERR_NAME);
	assert_int_equal(r.errors[1].line, 4);
	assert_int_equal(r.errors[1].reason, M_ERR_ACCOUNT);
	assert_string_equal(r.errors[1].value, "12345");
	assert_int_equal(r.errors[2].line, 5);
	assert_int_equal(r.errors[2].reason, M_ERR_TRACK);
	assert_int_equal(r.errors[3].line, 6);
	assert_int_equal(r.errors[3].reason, M_CSV_DUPLICATE);
	assert_int_equal(r.rows[1].line, 7);
	roster_free(&r);
}

static void
roster_lines_count_blank_and_quoted_lines(void **state)
{
	const char	*csv = "name,account,track,note\r\n"
	    "好,13800000001,carver,\r\n"
	    "\r\n"
	    "行,13800000002,carver,\"两\n行\"\r\n"
	    "坏,123,carver,\r\n";
	struct roster	 r;

	(void)state;
	assert_true(roster_parse(csv, strlen(csv), &r));
	assert_int_equal(r.nrows, 2);
	assert_int_equal(r.rows[1].line, 4);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].line, 6);
	roster_free(&r);
}

static void
refuses_script_links_in_body(void **state)
{
	const char		*f = GOOD_HEAD "intro\n\n[x](javascript:alert(1))\n";
	const char		*ok = GOOD_HEAD "[a](https://x.cn) [b](/courses) "
	    "[c](mailto:a@b.cn) [d](#top)\n";
	struct course		 c;
	struct course_error	 e;

	(void)state;
	assert_false(coursefile_parse(f, strlen(f), &c, &e));
	assert_non_null(strstr(e.msg, "javascript:"));
	assert_int_equal(e.line, 17);
	{
		static const char *const sneaky[] = {
			"[x](javascript&#58;alert(1))",
			"[x](javascript&colon;alert(1))",
			"[x][r]\n\n[r]: javascript&#x3a;alert(1)",
			"![x](data&#58;text/html,hi)",
			"[x](javascript\\:alert(1))",
			"[x](<javascript:alert(1)>)",
			"[x](data:text/html,hi)",
		};
		char	 g[2048];
		size_t	 k;

		for (k = 0; k < sizeof(sneaky) / sizeof(sneaky[0]); k++) {
			(void)snprintf(g, sizeof(g), "%s%s\n", GOOD_HEAD,
			    sneaky[k]);
			if (coursefile_parse(g, strlen(g), &c, &e)) {
				course_free(&c);
				fail_msg("accepted %s", sneaky[k]);
			}
		}
	}
	assert_true(coursefile_parse(ok, strlen(ok), &c, &e));
	course_free(&c);
}

static void
roster_refuses_bad_header_and_binary(void **state)
{
	struct roster	 r;

	(void)state;
	assert_false(roster_parse("a,b,c\n1,2,3\n", 12, &r));
	assert_int_equal(r.errors[0].reason, M_CSV_HEADER);
	roster_free(&r);
	assert_false(roster_parse("name,account\0x", 14, &r));
	assert_int_equal(r.errors[0].reason, M_CSV_NOT_TEXT);
	roster_free(&r);
	assert_false(roster_parse("", 0, &r));
	roster_free(&r);
}

/*
 * Issue 12.3: a Chinese Excel's plain "CSV" is GBK. The same roster in
 * GBK (玥, 琛, 翡翠) and in GB18030 (䶮 and 𠮷 are not in GBK; 𠮷 takes
 * four bytes) is read as if it were UTF-8, and says how it was read.
 */
#define GBK_HEADER	"\xd0\xd5\xc3\xfb,\xca\xd6\xbb\xfa\xba\xc5\xbb\xf2" \
	"\xd3\xca\xcf\xe4,\xb7\xbd\xcf\xf2,\xd1\xa7\xd0\xa3\r\n"
#define GBK_ROWS	"\xc0\xee\xabh,13800000001,\xd3\xf1\xb5\xf1," \
	"\xc6\xbd\xd6\xde\xf4\xe4\xb4\xe4\xd1\xa7\xd0\xa3\r\n" \
	"\xb3\xc2\xe8\xa1,13800000002,\xc9\xe8\xbc\xc6\xca\xa6,\r\n"
#define GB18030_ROWS	"\xc1\xf5\xfe\x9f,13800000003,\xd3\xf1\xb5\xf1,\r\n" \
	"\x95" "4" "\xb2" "5" "\xd2\xb0,13800000004,\xd3\xf1\xb5\xf1,\r\n"

static void
roster_reads_gbk_and_gb18030(void **state)
{
	static const char *const files[] = {
		GBK_HEADER GBK_ROWS GB18030_ROWS,
		/* GB18030's own BOM, U+FEFF in four bytes. */
		"\x84" "1" "\x95" "3" GBK_HEADER GBK_ROWS GB18030_ROWS,
	};
	struct roster	 r;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		assert_true(roster_parse(files[i], strlen(files[i]), &r));
		assert_int_equal(r.charset, CSV_GB18030);
		assert_int_equal(r.nerrors, 0);
		assert_int_equal(r.nrows, 4);
		assert_string_equal(r.rows[0].name, "李玥");
		assert_string_equal(r.rows[0].school, "平洲翡翠学校");
		assert_int_equal(r.rows[0].track, TRACK_CARVER);
		assert_string_equal(r.rows[1].name, "陈琛");
		assert_int_equal(r.rows[1].track, TRACK_DESIGNER);
		assert_string_equal(r.rows[2].name, "刘䶮");
		assert_string_equal(r.rows[3].name, "𠮷野");
		assert_int_equal(r.rows[3].line, 5);
		roster_free(&r);
	}
	/* UTF-8 stays UTF-8, with or without its BOM. */
	assert_true(roster_parse("name,account,track\n"
	    "李玥,13800000001,carver\n", 45, &r));
	assert_int_equal(r.charset, CSV_UTF8);
	assert_string_equal(r.rows[0].name, "李玥");
	roster_free(&r);
}

/*
 * A file neither encoding reads is refused with one error: the line where
 * the reading that got further stopped, shown as that reading saw it,
 * U+FFFD for the byte it could not read. Never half-read.
 */
static void
roster_refuses_neither_utf8_nor_gb18030(void **state)
{
	static const char gbk[] = GBK_HEADER GBK_ROWS
	    "\xcd\xf5\xce\xe5\xff,13800000005,\xd3\xf1\xb5\xf1,\r\n";
	static const char utf8[] = "name,account,track\n"
	    "李玥,13800000001,carver\n张三\x80,13800000002,carver\n";
	static const char latin1[] = "name,account,track\nJos\xe9,1,carver\n";
	struct roster	 r;

	(void)state;
	assert_false(roster_parse(gbk, sizeof(gbk) - 1, &r));
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].reason, M_CSV_ENCODING);
	assert_int_equal(r.errors[0].line, 4);
	assert_string_equal(r.errors[0].value,
	    "王五\xef\xbf\xbd,13800000005,玉雕,");
	assert_int_equal(r.charset, CSV_UTF8);
	roster_free(&r);
	assert_false(roster_parse(utf8, sizeof(utf8) - 1, &r));
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.errors[0].line, 3);
	assert_string_equal(r.errors[0].value,
	    "张三\xef\xbf\xbd,13800000002,carver");
	roster_free(&r);
	assert_false(roster_parse(latin1, sizeof(latin1) - 1, &r));
	assert_int_equal(r.errors[0].line, 2);
	assert_string_equal(r.errors[0].value, "Jos\xef\xbf\xbd,1,carver");
	roster_free(&r);
	/* A long line is shown cut at a character, the cut not marked as
	 * a bad byte: 㛃 is four bytes of GB18030, three of UTF-8. */
	{
		struct buf	 b;
		int		 i;

		buf_init(&b, 512);
		buf_puts(&b, GBK_HEADER);
		for (i = 0; i < 40; i++)
			buf_puts(&b, "\x82" "0" "\xb7" "1");
		buf_puts(&b, "\xff\r\n");
		assert_false(roster_parse(b.data, b.len, &r));
		assert_int_equal(r.errors[0].line, 2);
		assert_int_equal(strlen(r.errors[0].value), 21 * 3);
		for (i = 0; i < 21; i++)
			assert_memory_equal(r.errors[0].value + i * 3, "㛃", 3);
		roster_free(&r);
		buf_free(&b);
	}
}

/* The decoded copy never outgrows CSV_DECODE_GROWTH: the worst case is
 * all two-byte characters, each three bytes in UTF-8. */
static void
decode_is_bounded(void **state)
{
	enum csv_charset	 cs;
	char			*in, *out;
	size_t			 n = 20000, len, stop, i;

	(void)state;
	in = malloc(n);
	assert_non_null(in);
	for (i = 0; i < n; i += 2)
		memcpy(in + i, "\xf4\xe4", 2);		/* 翡 */
	assert_true(csv_decode(in, n, &out, &len, &cs, &stop));
	assert_int_equal(cs, CSV_GB18030);
	assert_int_equal(len, n / 2 * 3);
	assert_true(len < CSV_DECODE_GROWTH(n));
	assert_memory_equal(out, "翡翡", 6);
	free(out);
	/* Cut in the middle of a character: not GB18030 either. */
	assert_false(csv_decode(in, n - 1, &out, &len, &cs, &stop));
	assert_null(out);
	assert_int_equal(stop, n - 2);
	assert_int_equal(cs, CSV_GB18030);
	free(in);
}

static void
roster_ten_thousand_rows(void **state)
{
	struct buf	 b;
	struct roster	 r;
	int		 i;

	(void)state;
	buf_init(&b, 1 << 20);
	buf_puts(&b, "name,account,track\n");
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "学员%d,139%08d,carver\n", i, i);
	assert_true(roster_parse(b.data, b.len, &r));
	assert_int_equal(r.nrows, 10000);
	assert_int_equal(r.nerrors, 0);
	assert_string_equal(r.rows[9999].account, "13900009999");
	roster_free(&r);
	buf_free(&b);
}

static void
csv_out_quotes_and_defuses_formulas(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 64);
	csv_bom(&b);
	csv_field(&b, "王\"小\"玉");
	csv_field(&b, "=HYPERLINK(\"x\")");
	csv_field(&b, "a,b");
	csv_end_row(&b);
	assert_memory_equal(b.data, "\xef\xbb\xbf", 3);
	assert_string_equal(b.data + 3, "\"王\"\"小\"\"玉\",\"'=HYPERLINK("
	    "\"\"x\"\")\",\"a,b\"\r\n");
	buf_free(&b);
	/* A CSV is UTF-8: a stray byte becomes U+FFFD. */
	buf_init(&b, 64);
	csv_field(&b, "王\xcd\xf5\"");
	assert_string_equal(b.data,
	    "\"王\xef\xbf\xbd\xef\xbf\xbd\"\"\",");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_a_good_file),
		cmocka_unit_test(parses_prerequisites_and_bom),
		cmocka_unit_test(refuses_broken_files),
		cmocka_unit_test(reads_crlf_files_and_closing_at_eof),
		cmocka_unit_test(refuses_nul_and_huge_body),
		cmocka_unit_test(dates_and_codes),
		cmocka_unit_test(seat_decisions),
		cmocka_unit_test(waitlist_promotion),
		cmocka_unit_test(withdraw_rules),
		cmocka_unit_test(completion_rules),
		cmocka_unit_test(china_date),
		cmocka_unit_test(roster_good_with_bom_and_chinese_header),
		cmocka_unit_test(roster_reports_bad_rows_by_line),
		cmocka_unit_test(roster_refuses_bad_header_and_binary),
		cmocka_unit_test(roster_lines_count_blank_and_quoted_lines),
		cmocka_unit_test(refuses_script_links_in_body),
		cmocka_unit_test(roster_ten_thousand_rows),
		cmocka_unit_test(roster_reads_gbk_and_gb18030),
		cmocka_unit_test(roster_refuses_neither_utf8_nor_gb18030),
		cmocka_unit_test(decode_is_bounded),
		cmocka_unit_test(csv_out_quotes_and_defuses_formulas),
	};

	if (!csv_codec_open())
		return (1);
	return (cmocka_run_group_tests_name("entry", tests, NULL, NULL));
}
