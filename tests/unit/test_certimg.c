/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_certimg.c: the certificate templates (certs/<kind>.yaml, read from the
 * project root where the tests run) and the PNGs drawn from them, with
 * Debian's fonts (linked into a temporary font directory under the names
 * the server uses) and the real zbarimg reading the QR code back.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gd.h>

#include "certimg.h"
#include "serial.h"

#define DEBIAN_HEI	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define DEBIAN_KAI	"/usr/share/fonts/truetype/arphic/ukai.ttc"

static char	 tmp[256];		/* this run's scratch directory */
static char	 fonts[300];		/* tmp/fonts */

/* A QR text as claims_seal() makes them: origin, code, claims, signature. */
static char	 qr_text[600];

static const char *const kind_titles[KIND__COUNT][2] = {
	{ "玉雕入门", "Jade carving for beginners" },
	{ "玉雕工 四级（中级工）", "Jade Carver, Level 4 (Intermediate)" },
	{ "2026年平洲玉雕技能大赛 金奖",
	    "Gold Award, Pingzhou Jade Carving Skills Contest 2026" },
	{ "平洲玉匠", "Pingzhou Master Jade Carver" },
};

static void
face_init(struct cert_face *f, enum cert_kind k, enum cert_lang l)
{
	memset(f, 0, sizeof(*f));
	f->kind = k;
	f->lang = l;
	f->holder = "王小明";
	f->title_zh = kind_titles[k][0];
	f->title_en = kind_titles[k][1];
	f->issued = "2026-11-27";
	f->expires = k == KIND_LEVEL ? "2029-11-26" : k == KIND_TITLE ?
	    "2031-11-26" : NULL;
	f->serial = "P000001440605126400017";
	f->qr_text = qr_text;
}

/* The decoded picture of a face, or a failed test. */
static gdImagePtr
draw(const struct cert_face *f, int scale)
{
	char		 err[256];
	void		*png;
	int		 size;
	gdImagePtr	 im;

	if (!cert_png(f, fonts, scale, &png, &size, err, sizeof(err)))
		fail_msg("cert_png: %s", err);
	im = gdImageCreateFromPngPtr(size, png);
	gdFree(png);
	assert_non_null(im);
	return (im);
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* What zbarimg reads in the PNG of face f, without the newline. */
static void
zbar(const struct cert_face *f, int scale, char *out, size_t outsz)
{
	char	 cmd[PATH_MAX + 64], path[PATH_MAX], err[256];
	void	*png;
	int	 size;
	size_t	 n;
	FILE	*p;

	if (!cert_png(f, fonts, scale, &png, &size, err, sizeof(err)))
		fail_msg("cert_png: %s", err);
	(void)snprintf(path, sizeof(path), "%s/qr.png", tmp);
	write_file(path, png, (size_t)size);
	gdFree(png);
	(void)snprintf(cmd, sizeof(cmd), "zbarimg --raw -q '%s' 2>/dev/null",
	    path);
	assert_non_null(p = popen(cmd, "r"));
	n = fread(out, 1, outsz - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
}

static int
group_setup(void **state)
{
	char	 path[PATH_MAX], err[256];
	size_t	 n;

	(void)state;
	(void)snprintf(tmp, sizeof(tmp), "%s/yj-certimg-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (-1);
	(void)snprintf(fonts, sizeof(fonts), "%s/fonts", tmp);
	if (mkdir(fonts, 0700) == -1)
		return (-1);
	(void)snprintf(path, sizeof(path), "%s/%s", fonts, FONT_HEI);
	if (symlink(DEBIAN_HEI, path) == -1)
		return (-1);
	(void)snprintf(path, sizeof(path), "%s/%s", fonts, FONT_KAI);
	if (symlink(DEBIAN_KAI, path) == -1)
		return (-1);
	if (gdFontCacheSetup() != 0)
		return (-1);
	if (!certimg_load("certs", err, sizeof(err))) {
		fprintf(stderr, "certimg_load: %s\n", err);
		return (-1);
	}
	/* 420 bytes, no CJK, a '#' fragment: the shape of a real one. */
	n = (size_t)snprintf(qr_text, sizeof(qr_text),
	    "https://yujiang.pingzhou.example/v/7K3M9QXWZ2PD4HRT#");
	for (; n < 420; n++)
		qr_text[n] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
		    "wxyz0123456789-_"[(n * 37 + n / 7) % 64];
	qr_text[330] = '.';
	qr_text[n] = '\0';
	return (0);
}

static int
group_teardown(void **state)
{
	char	 cmd[PATH_MAX + 16];

	(void)state;
	gdFontCacheShutdown();
	cert_pdf_free();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return (system(cmd) == 0 ? 0 : -1);
}

static void
valid_years_per_kind(void **state)
{
	(void)state;
	assert_int_equal(certtpl_valid_years(KIND_COURSE), 0);
	assert_int_equal(certtpl_valid_years(KIND_LEVEL), 3);
	assert_int_equal(certtpl_valid_years(KIND_AWARD), 0);
	assert_int_equal(certtpl_valid_years(KIND_TITLE), 5);
	assert_int_equal(certtpl_valid_years((enum cert_kind)KIND__COUNT), -1);
	assert_string_equal(certtpl_issuer(CLANG_ZH),
	    "平洲玉器珠宝小镇人才服务站");
	assert_string_equal(certtpl_issuer(CLANG_EN),
	    "Pingzhou Jade and Jewellery Town Talent Service Station");
	assert_string_equal(certtpl_issuer(CLANG_BOTH), certtpl_issuer(CLANG_ZH));
}

static void
every_kind_and_language_renders(void **state)
{
	struct cert_face	 f;
	gdImagePtr		 im;
	int			 k, l;

	(void)state;
	for (k = 0; k < KIND__COUNT; k++) {
		for (l = 0; l < CLANG__COUNT; l++) {
			face_init(&f, (enum cert_kind)k, (enum cert_lang)l);
			im = draw(&f, 1);
			assert_int_equal(gdImageSX(im), CERT_W);
			assert_int_equal(gdImageSY(im), CERT_H);
			gdImageDestroy(im);
		}
	}
}

static void
print_variant_is_twice_the_size(void **state)
{
	struct cert_face	 f;
	gdImagePtr		 im;
	char			 err[256];
	void			*png;
	int			 k, size;

	(void)state;
	for (k = 0; k < KIND__COUNT; k++) {
		face_init(&f, (enum cert_kind)k, CLANG_BOTH);
		im = draw(&f, 2);
		assert_int_equal(gdImageSX(im), 2 * CERT_W);
		assert_int_equal(gdImageSY(im), 2 * CERT_H);
		gdImageDestroy(im);
	}
	assert_int_equal(cert_png(&f, fonts, 3, &png, &size, err,
	    sizeof(err)), 0);
	assert_null(png);
}

static void
qr_reads_back_exactly(void **state)
{
	struct cert_face	 f;
	char			 got[2048];
	int			 l;

	(void)state;
	for (l = 0; l < CLANG__COUNT; l++) {
		face_init(&f, (enum cert_kind)(l + 1), (enum cert_lang)l);
		zbar(&f, 1, got, sizeof(got));
		assert_string_equal(got, qr_text);
	}
	face_init(&f, KIND_COURSE, CLANG_BOTH);
	zbar(&f, 2, got, sizeof(got));
	assert_string_equal(got, qr_text);
}

/* The box around the pixels where a and b differ. */
static void
diff_box(gdImagePtr a, gdImagePtr b, int *x1, int *y1, int *x2, int *y2)
{
	int	 x, y;

	*x1 = *y1 = INT_MAX;
	*x2 = *y2 = -1;
	for (y = 0; y < gdImageSY(a); y++) {
		for (x = 0; x < gdImageSX(a); x++) {
			if (gdImageGetTrueColorPixel(a, x, y) ==
			    gdImageGetTrueColorPixel(b, x, y))
				continue;
			if (x < *x1)
				*x1 = x;
			if (x > *x2)
				*x2 = x;
			if (y < *y1)
				*y1 = y;
			if (y > *y2)
				*y2 = y;
		}
	}
}

/*
 * The templates' 452 px box holds QR version 22 at 4 px a module: 779
 * bytes (claims_seal() makes 405 for a short name and title, 653 for a
 * 40-character name and a 30-character title). One more is refused.
 */
static void
qr_box_holds_779_bytes(void **state)
{
	struct cert_face	 f;
	char			 text[781], got[1024], err[256];
	void			*png;
	int			 size;

	(void)state;
	memset(text, 0, sizeof(text));
	memcpy(text, qr_text, strlen(qr_text));
	memset(text + strlen(qr_text), 'Q', 779 - strlen(qr_text));
	face_init(&f, KIND_LEVEL, CLANG_BOTH);
	f.qr_text = text;
	zbar(&f, 1, got, sizeof(got));
	assert_string_equal(got, text);
	text[779] = 'Q';
	assert_int_equal(cert_png(&f, fonts, 1, &png, &size, err,
	    sizeof(err)), 0);
	assert_non_null(strstr(err, "780 bytes"));
}

/* A certificate without an expiry date has no "valid until" line. */
static void
expiry_line_only_when_it_expires(void **state)
{
	struct cert_face	 f;
	gdImagePtr		 with, without;
	int			 x1, y1, x2, y2;

	(void)state;
	face_init(&f, KIND_LEVEL, CLANG_ZH);
	with = draw(&f, 1);
	f.expires = NULL;
	without = draw(&f, 1);
	diff_box(with, without, &x1, &y1, &x2, &y2);
	assert_true(x2 > x1);
	assert_true(x2 < CERT_W / 2);	/* the line, at the left */
	gdImageDestroy(with);
	gdImageDestroy(without);
	/* A course never expires: a date given is not shown. */
	face_init(&f, KIND_COURSE, CLANG_BOTH);
	f.expires = "2030-01-01";
	with = draw(&f, 1);
	f.expires = NULL;
	without = draw(&f, 1);
	diff_box(with, without, &x1, &y1, &x2, &y2);
	assert_int_equal(x2, -1);
	gdImageDestroy(with);
	gdImageDestroy(without);
}

static void
long_name_shrinks_to_fit(void **state)
{
	static const char *const names[] = {
		"欧阳王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯"
		    "邓曹彭曾肖田董袁潘",		/* 40 characters */
		"Maximiliana Alessandra Wilhelmina von Hohenzollern-"
		    "Sigmaringen",
	};
	struct cert_face	 f;
	gdImagePtr		 blank, im;
	size_t			 i;
	int			 x1, y1, x2, y2, l;

	(void)state;
	for (l = 0; l < CLANG__COUNT; l++) {
		face_init(&f, KIND_COURSE, (enum cert_lang)l);
		f.holder = "";
		blank = draw(&f, 1);
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			f.holder = names[i];
			im = draw(&f, 1);
			diff_box(blank, im, &x1, &y1, &x2, &y2);
			gdImageDestroy(im);
			/*
			 * One line, within the template's 1000 px for it
			 * (centred on the page), never into the frame.
			 */
			assert_true(x2 > x1);
			assert_true(x2 - x1 <= 1000);
			assert_true(x1 >= (CERT_W - 1000) / 2 - 2);
			assert_true(x2 <= (CERT_W + 1000) / 2 + 2);
			assert_true(y2 - y1 < 100);
		}
		gdImageDestroy(blank);
	}
}

static void
odd_input_renders(void **state)
{
	static const char *const odd[] = {
		"",
		"A",
		"Zoë O'Brien-Ngata",
		"Tom & Jerry &amp; &#x263a; &lt;b&gt;",
		"王小明😀🀄👩‍👩‍👧",
		"\xff\xfe bad \xc3\x28 utf-8 \xe2\x82",
		"tab\there\nnewline\x7f",
		"{holder}{title}",
		"ＦＵＬＬＷＩＤＴＨ　全角",
	};
	struct cert_face	 f;
	char			 err[256], title[300];
	void			*png;
	size_t			 i;
	int			 size, l;

	(void)state;
	memset(title, 0, sizeof(title));
	for (i = 0; i < 85; i++)	/* 255 bytes of CJK */
		memcpy(title + 3 * i, "玉", 3);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		for (l = 0; l < CLANG__COUNT; l++) {
			face_init(&f, KIND_LEVEL, (enum cert_lang)l);
			f.holder = odd[i];
			f.title_zh = odd[i];
			f.serial = odd[i];
			f.issued = odd[i];
			f.expires = odd[i];
			if (!cert_png(&f, fonts, 1, &png, &size, err,
			    sizeof(err)))
				fail_msg("\"%s\" (%d): %s", odd[i], l, err);
			gdFree(png);
		}
	}
	/* Nothing but the QR: every other pointer NULL. */
	memset(&f, 0, sizeof(f));
	f.kind = KIND_TITLE;
	f.lang = CLANG_BOTH;
	f.qr_text = qr_text;
	assert_int_equal(cert_png(&f, fonts, 1, &png, &size, err,
	    sizeof(err)), 1);
	gdFree(png);
	/* A title as long as a claim may be, in both languages. */
	face_init(&f, KIND_AWARD, CLANG_BOTH);
	f.title_zh = title;
	f.title_en = title;
	assert_int_equal(cert_png(&f, fonts, 1, &png, &size, err,
	    sizeof(err)), 1);
	gdFree(png);
}

static void
unusable_qr_text_is_an_error(void **state)
{
	struct cert_face	 f;
	char			 err[256], big[1200];
	void			*png = (void *)1;
	int			 size;

	(void)state;
	face_init(&f, KIND_COURSE, CLANG_ZH);
	f.qr_text = NULL;
	assert_int_equal(cert_png(&f, fonts, 1, &png, &size, err,
	    sizeof(err)), 0);
	assert_null(png);
	assert_non_null(strstr(err, "QR"));
	/* Too long for the template's box at 4 px a module. */
	memset(big, 'a', 800);
	big[800] = '\0';
	f.qr_text = big;
	assert_int_equal(cert_png(&f, fonts, 1, &png, &size, err,
	    sizeof(err)), 0);
	assert_non_null(strstr(err, "QR"));
	/* Too long for any QR code. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(cert_png(&f, fonts, 1, &png, &size, err,
	    sizeof(err)), 0);
	assert_non_null(strstr(err, "QR"));
}

static void
missing_font_is_an_error(void **state)
{
	struct cert_face	 f;
	char			 err[256], dir[320], path[PATH_MAX];
	void			*png;
	int			 size, l;

	(void)state;
	/* Every language: the background is drawn (and cached) apart. */
	for (l = 0; l < CLANG__COUNT; l++) {
		face_init(&f, KIND_TITLE, (enum cert_lang)l);
		err[0] = '\0';
		assert_int_equal(cert_png(&f, "/nonexistent", 1, &png, &size,
		    err, sizeof(err)), 0);
		assert_null(png);
		assert_non_null(strstr(err, "/nonexistent/"));
	}
	/* Only the plain font there: the calligraphic one is missed. */
	(void)snprintf(dir, sizeof(dir), "%s/halffonts", tmp);
	assert_int_equal(mkdir(dir, 0700), 0);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, FONT_HEI);
	assert_int_equal(symlink(DEBIAN_HEI, path), 0);
	face_init(&f, KIND_COURSE, CLANG_BOTH);
	assert_int_equal(cert_png(&f, dir, 1, &png, &size, err,
	    sizeof(err)), 0);
	assert_non_null(strstr(err, FONT_KAI));
	/* gd would read a comma as a list of font names. */
	assert_int_equal(cert_png(&f, "/tmp/a,b", 1, &png, &size, err,
	    sizeof(err)), 0);
	/* The good directory still works after all that. */
	gdImageDestroy(draw(&f, 1));
}

/*
 * Broken templates: the four of certs/ copied to a directory of their
 * own, one changed by replacing text; certimg_load() must refuse them with
 * "FILE:LINE: reason".
 */
struct breakage {
	const char	*kind;		/* the file changed, or left out */
	const char	*from, *to;	/* NULL from: leave the file out */
	const char	*from2, *to2;
	const char	*anchor;	/* the line named: where this is */
	const char	*reason;	/* part of the message */
};

static char *
slurp(const char *path, size_t *n)
{
	FILE	*f;
	char	*s;
	long	 len;

	assert_non_null(f = fopen(path, "rb"));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	assert_non_null(s = malloc((size_t)len + 1));
	assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
	s[len] = '\0';
	fclose(f);
	*n = (size_t)len;
	return (s);
}

static char *
replace(char *s, const char *from, const char *to)
{
	char	*at, *out;
	size_t	 n;

	if (from == NULL)
		return (s);
	if ((at = strstr(s, from)) == NULL)
		fail_msg("\"%s\" is not in the template", from);
	n = strlen(s) - strlen(from) + strlen(to);
	assert_non_null(out = malloc(n + 1));
	memcpy(out, s, (size_t)(at - s));
	strcpy(out + (at - s), to);
	strcat(out, at + strlen(from));
	free(s);
	return (out);
}

static int
line_of(const char *s, const char *anchor)
{
	const char	*at = strstr(s, anchor), *p;
	int		 line = 1;

	if (at == NULL)
		fail_msg("anchor \"%s\" is not in the template", anchor);
	if (*anchor == '\n')	/* "\nkey:": a key at the line's start */
		at++;
	for (p = s; p < at; p++)
		line += *p == '\n';
	return (line);
}

static void
refused(const struct breakage *b, int n)
{
	char	 dir[320], src[PATH_MAX], dst[PATH_MAX], err[512];
	char	 want[PATH_MAX + 32], *s;
	size_t	 len;
	int	 k, line = 0;

	(void)snprintf(dir, sizeof(dir), "%s/broken%d", tmp, n);
	assert_int_equal(mkdir(dir, 0700), 0);
	for (k = 0; k < KIND__COUNT; k++) {
		(void)snprintf(src, sizeof(src), "certs/%s.yaml",
		    cert_kind_code((enum cert_kind)k));
		(void)snprintf(dst, sizeof(dst), "%s/%s.yaml", dir,
		    cert_kind_code((enum cert_kind)k));
		s = slurp(src, &len);
		if (strcmp(b->kind, cert_kind_code((enum cert_kind)k)) == 0) {
			if (b->from == NULL) {
				free(s);
				continue;
			}
			if (b->anchor != NULL)
				line = line_of(s, b->anchor);
			s = replace(s, b->from, b->to);
			if (b->from2 != NULL)
				s = replace(s, b->from2, b->to2);
		}
		write_file(dst, s, strlen(s));
		free(s);
	}
	err[0] = '\0';
	assert_int_equal(certimg_load(dir, err, sizeof(err)), 0);
	/* The line where the anchor is; some line; none for a lost file. */
	if (line > 0)
		(void)snprintf(want, sizeof(want), "%s/%s.yaml:%d: ", dir,
		    b->kind, line);
	else
		(void)snprintf(want, sizeof(want), "%s/%s.yaml:%s", dir,
		    b->kind, b->from == NULL ? " " : "");
	if (strncmp(err, want, strlen(want)) != 0 || (line == 0 &&
	    b->from != NULL && !isdigit((unsigned char)err[strlen(want)])))
		fail_msg("case %d: wanted \"%s…\", got \"%s\"", n, want, err);
	if (strstr(err, b->reason) == NULL)
		fail_msg("case %d: \"%s\" does not say \"%s\"", n, err,
		    b->reason);
}

static void
broken_templates_are_refused(void **state)
{
	static const struct breakage cases[] = {
		{ "level", "valid_years: 3", "valid_yeers: 3", NULL, NULL,
		    "valid_years: 3", "unknown key \"valid_yeers\"" },
		{ "award", "ink: \"#2b2722\"", "ink: \"#2b27zz\"", NULL, NULL,
		    "ink: \"#2b2722\"", "not a colour" },
		{ "course", "paper: \"#fbf7ec\"", "paper: #fbf7ec", NULL,
		    NULL, "paper: \"#fbf7ec\"", "quotes" },
		{ "title", "{holder}", "{holdr}", NULL, NULL, "{holder}",
		    "unknown placeholder {holdr}" },
		{ "course", "  y: 200\n", "  y: 1300\n", NULL, NULL,
		    "- name: heading", "outside the page's frame" },
		{ "level", "  radius: 110", "  radius: 290", NULL, NULL,
		    "\nseal:", "outside the page's frame" },
		{ "award", "    x: 170\n    y: 1062", "    x: 100\n    y: 1110",
		    NULL, NULL, "- name: serial", "corner" },
		{ "course", "    width: 1100\n", "", NULL, NULL,
		    "- name: heading", "width is missing" },
		{ "award", NULL, NULL, NULL, NULL, NULL, "cannot read" },
		{ "title", "qr:\n", "qr: [\n", NULL, NULL, NULL,
		    "not valid YAML" },
		{ "course", "valid_years: 0", "valid_years: 0\nvalid_years: 0",
		    NULL, NULL, NULL, "given twice" },
		{ "course", "证书编号：{serial}", "证书编号",
		    "\"Serial No.: {serial}\"", "Serial No.", "\ntext:",
		    "no element shows {serial}" },
		{ "course", "valid_years: 0", "valid_years: 2", NULL, NULL,
		    "\ntext:", "{expires}" },
		{ "title", "  zh: 平洲玉器珠宝小镇人才服务站",
		    "  zh: 平洲玉器街人才服务站", NULL, NULL, "\nissuer:",
		    "issuer" },
		{ "level", "font: kai", "font: song", NULL, NULL, "font: kai",
		    "kai" },
		{ "award", "  size: 96", "  size: 960", NULL, NULL,
		    "  size: 96", "from 8 to 300" },
		{ "award", "centre: star", "centre: 两字", NULL, NULL,
		    "\nseal:", "centre" },
		{ "title", "  zh: 扫码验证", "  zh: \"扫码\\u0007验证\"", NULL,
		    NULL, "  zh: 扫码验证", "control character" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		refused(&cases[i], (int)i);
	/* All or nothing: the templates loaded before are still there. */
	assert_int_equal(certtpl_valid_years(KIND_COURSE), 0);
	assert_int_equal(certtpl_valid_years(KIND_LEVEL), 3);
}

struct job {
	struct cert_face	 face;
	void			*png;
	int			 size;
	int			 ok;
	char			 err[256];
};

static void *
render_job(void *arg)
{
	struct job	*j = arg;

	j->ok = cert_png(&j->face, fonts, 1, &j->png, &j->size, j->err,
	    sizeof(j->err));
	return (NULL);
}

/*
 * Two threads drawing at once, both asking for a background not drawn
 * yet, get the same bytes as one thread alone.
 */
static void
threads_draw_alike(void **state)
{
	struct job	 jobs[4];
	pthread_t	 th[4];
	char		 err[256];
	int		 i;

	(void)state;
	assert_int_equal(certimg_load("certs", err, sizeof(err)), 1);
	for (i = 0; i < 4; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		face_init(&jobs[i].face, KIND_AWARD, i < 2 ? CLANG_BOTH :
		    CLANG_EN);
		jobs[i].face.holder = i % 2 ? "李四" : "张三";
	}
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, render_job,
		    &jobs[i]), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (i = 0; i < 4; i++) {
		struct job	 again;

		if (!jobs[i].ok)
			fail_msg("thread %d: %s", i, jobs[i].err);
		again = jobs[i];
		render_job(&again);
		assert_true(again.ok);
		assert_int_equal(again.size, jobs[i].size);
		assert_memory_equal(again.png, jobs[i].png,
		    (size_t)again.size);
		gdFree(again.png);
		gdFree(jobs[i].png);
	}
}

/*
 * The print PDF: every kind and language draws; A4 landscape; the fonts
 * embedded (FontFile2, TrueType) as subsets, far smaller than the font
 * files; a missing font directory is an error, not a PDF without text.
 * (The text, the fonts and the QR are read back with poppler and zbar in
 * tests/integration/test_cert_pdf.py.)
 */
static void
pdf_draws_every_kind_and_language(void **state)
{
	struct cert_face	 f;
	char			 err[256], *p;
	void			*pdf;
	size_t			 size;
	int			 k, l;

	(void)state;
	for (k = 0; k < KIND__COUNT; k++) {
		for (l = 0; l < CLANG__COUNT; l++) {
			face_init(&f, (enum cert_kind)k, (enum cert_lang)l);
			if (!cert_pdf(&f, fonts, &pdf, &size, err,
			    sizeof(err)))
				fail_msg("cert_pdf %d %d: %s", k, l, err);
			p = pdf;
			assert_true(size > 1000 && size < 400 * 1024);
			assert_memory_equal(p, "%PDF-", 5);
			assert_non_null(memmem(p, size, "/FontFile2", 10));
			assert_non_null(memmem(p, size,
			    "/MediaBox [ 0 0 841.89 595.28 ]", 31));
			free(pdf);
		}
	}
	face_init(&f, KIND_COURSE, CLANG_ZH);
	f.qr_text = "";
	assert_int_equal(cert_pdf(&f, fonts, &pdf, &size, err, sizeof(err)),
	    0);
	assert_null(pdf);
	assert_string_equal(err, "no QR text");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_years_per_kind),
		cmocka_unit_test(every_kind_and_language_renders),
		cmocka_unit_test(print_variant_is_twice_the_size),
		cmocka_unit_test(qr_reads_back_exactly),
		cmocka_unit_test(qr_box_holds_779_bytes),
		cmocka_unit_test(expiry_line_only_when_it_expires),
		cmocka_unit_test(long_name_shrinks_to_fit),
		cmocka_unit_test(odd_input_renders),
		cmocka_unit_test(unusable_qr_text_is_an_error),
		cmocka_unit_test(missing_font_is_an_error),
		cmocka_unit_test(broken_templates_are_refused),
		cmocka_unit_test(threads_draw_alike),
		cmocka_unit_test(pdf_draws_every_kind_and_language),
	};

	return (cmocka_run_group_tests_name("certimg", tests, group_setup,
	    group_teardown));
}
