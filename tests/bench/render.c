/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * render.c: how long a certificate takes to draw, without the server.
 * Loads ./certs, links Debian's fonts into a temporary font directory
 * under the server's names, and draws N certificates (default 200) of
 * every kind and language with distinct holders, serials and QR texts
 * shaped like claims_seal()'s (an origin, a code, base64url claims with
 * the holder and title in UTF-8, a base64url Ed25519-sized signature).
 * Prints the time a certificate at scale 1 (mean, p50, p95, max), a few
 * at scale 2, the print PDF (cert_pdf(), cairo + pango; the first one
 * also loads the fonts) with one kept as out.pdf when YJ_BENCH_PDF names
 * a file, and a batch of 1000 on two threads writing their PNGs to a
 * directory as the server's batch does. Figures only, no thresholds:
 * exits non-zero only when a certificate cannot be drawn.
 *
 *	make build/bench-render && build/bench-render 200
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gd.h>
#include <sodium.h>

#include "certimg.h"
#include "serial.h"

#define DEBIAN_HEI	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define DEBIAN_KAI	"/usr/share/fonts/truetype/arphic/ukai.ttc"
#define BATCH		1000
#define THREADS		2

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨",
    "黄", "赵", "吴", "周", "欧阳", "梁" };
static const char *const givens[] = { "小明", "玉华", "建国", "丽娟", "志强",
    "雅婷", "振宇", "秀英", "子涵", "德明", "慧敏", "国栋", "嘉怡" };
static const char *const latin[] = { "Anna Müller", "James O'Neill",
    "Nguyễn Thị Lan", "Maria Gonzalez" };
static const char *const titles[KIND__COUNT][2] = {
	{ "玉雕入门", "Jade carving for beginners" },
	{ "玉雕工 四级（中级工）", "Jade Carver, Level 4 (Intermediate)" },
	{ "2026年平洲玉雕技能大赛 金奖",
	    "Gold Award, Pingzhou Jade Carving Skills Contest 2026" },
	{ "平洲玉匠", "Pingzhou Master Jade Carver" },
};

struct sample {
	struct cert_face	 face;
	char			 holder[64];
	char			 serial[SERIAL_LEN + 1];
	char			 qr[1024];
};

struct batch {
	struct sample	*s;
	int		 from, to;
	const char	*dir;
	int		 failed;
};

static char	 tmp[256], fonts[300];

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/* Certificate i of a run: kinds and languages in turn, all distinct. */
static void
sample_make(struct sample *s, int i)
{
	unsigned char	 sig[64];
	char		 claims[512], b64c[700], b64s[100];
	int		 n;

	memset(s, 0, sizeof(*s));
	s->face.kind = (enum cert_kind)(i % KIND__COUNT);
	s->face.lang = (enum cert_lang)(i / KIND__COUNT % CLANG__COUNT);
	if (i % 11 == 10)
		(void)snprintf(s->holder, sizeof(s->holder), "%s %d",
		    latin[i % 4], i);
	else
		(void)snprintf(s->holder, sizeof(s->holder), "%s%s%s",
		    surnames[i % 12], givens[i / 12 % 13], i >= 156 ?
		    givens[i / 156 % 13] : "");
	(void)serial_make(s->serial, 2026 + i / SERIAL_SEQ_MAX,
	    s->face.kind == KIND_LEVEL ? 1 + i % 5 : 0,
	    1 + i % SERIAL_SEQ_MAX);
	s->face.holder = s->holder;
	s->face.title_zh = titles[s->face.kind][0];
	s->face.title_en = titles[s->face.kind][1];
	s->face.issued = "2026-11-27";
	s->face.expires = s->face.kind == KIND_LEVEL ? "2029-11-26" :
	    s->face.kind == KIND_TITLE ? "2031-11-26" : NULL;
	s->face.serial = s->serial;
	n = snprintf(claims, sizeof(claims), "{\"v\":1,\"kid\":"
	    "\"3f9a0c21d4e6b871\",\"o\":\"https://yujiang.pingzhou.example\","
	    "\"c\":\"7K3M9QXWZ2PD%04d\",\"s\":\"%s\",\"h\":\"%s\",\"k\":\"%s\","
	    "\"t\":\"%s\",\"l\":%d,\"i\":\"2026-11-27\"%s}", i % 10000,
	    s->serial, s->holder, cert_kind_code(s->face.kind),
	    titles[s->face.kind][0], s->face.kind == KIND_LEVEL ? 4 : 0,
	    s->face.expires != NULL ? ",\"e\":\"2029-11-26\"" : "");
	randombytes_buf(sig, sizeof(sig));
	sodium_bin2base64(b64c, sizeof(b64c), (unsigned char *)claims,
	    (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_bin2base64(b64s, sizeof(b64s), sig, sizeof(sig),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	(void)snprintf(s->qr, sizeof(s->qr),
	    "https://yujiang.pingzhou.example/v/7K3M9QXWZ2PD%04d#%s.%s",
	    i % 10000, b64c, b64s);
	s->face.qr_text = s->qr;
}

/* Draw one; its time in ms, or -1 (said on stderr) when it fails. */
static double
draw(const struct sample *s, int scale, const char *dir, size_t *bytes)
{
	char	 err[256], path[512];
	void	*png;
	int	 size;
	double	 t0 = now_ms(), t;
	FILE	*f;

	if (!cert_png(&s->face, fonts, scale, &png, &size, err,
	    sizeof(err))) {
		fprintf(stderr, "%s (%s, %s): %s\n", s->serial,
		    cert_kind_code(s->face.kind),
		    cert_lang_code(s->face.lang), err);
		return (-1);
	}
	/* Written as the server's batch writes them, then let go. */
	if (dir != NULL) {
		(void)snprintf(path, sizeof(path), "%s/%s.png", dir,
		    s->serial);
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(png, 1, (size_t)size, f) != (size_t)size ||
		    fclose(f) != 0) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			gdFree(png);
			return (-1);
		}
		(void)unlink(path);
	}
	t = now_ms() - t0;
	gdFree(png);
	if (bytes != NULL)
		*bytes += (size_t)size;
	return (t);
}

static void
report(const char *what, double *t, int n, size_t bytes, const char *fmt)
{
	double	 sum = 0;
	int	 i;

	for (i = 0; i < n; i++)
		sum += t[i];
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	printf("%-34s n=%-4d mean %6.1f  p50 %6.1f  p95 %6.1f  max %6.1f ms"
	    "  (%s %zu KB on average)\n", what, n, sum / n, t[n / 2],
	    t[(int)(n * 0.95)], t[n - 1], fmt, bytes / (size_t)n / 1024);
}

/* Draw one as a PDF; its time in ms, or -1 when it fails. */
static double
draw_pdf(const struct sample *s, size_t *bytes, const char *keep)
{
	char	 err[256];
	void	*pdf;
	size_t	 size;
	double	 t0 = now_ms(), t;
	FILE	*f;

	if (!cert_pdf(&s->face, fonts, &pdf, &size, err, sizeof(err))) {
		fprintf(stderr, "%s (PDF): %s\n", s->serial, err);
		return (-1);
	}
	t = now_ms() - t0;
	if (keep != NULL && (f = fopen(keep, "wb")) != NULL) {
		(void)fwrite(pdf, 1, size, f);
		(void)fclose(f);
	}
	free(pdf);
	*bytes += size;
	return (t);
}

static void *
batch_run(void *arg)
{
	struct batch	*b = arg;
	int		 i;

	for (i = b->from; i < b->to; i++) {
		if (draw(&b->s[i], 1, b->dir, NULL) < 0)
			b->failed++;
	}
	return (NULL);
}

static int
setup(void)
{
	char	 path[512];

	(void)snprintf(tmp, sizeof(tmp), "/tmp/yj-bench-render-XXXXXX");
	if (mkdtemp(tmp) == NULL)
		return (0);
	(void)snprintf(fonts, sizeof(fonts), "%s/fonts", tmp);
	if (mkdir(fonts, 0700) == -1)
		return (0);
	(void)snprintf(path, sizeof(path), "%s/%s", fonts, FONT_HEI);
	if (symlink(DEBIAN_HEI, path) == -1)
		return (0);
	(void)snprintf(path, sizeof(path), "%s/%s", fonts, FONT_KAI);
	if (symlink(DEBIAN_KAI, path) == -1)
		return (0);
	(void)snprintf(path, sizeof(path), "%s/out", tmp);
	return (mkdir(path, 0700) == 0);
}

static void
cleanup(void)
{
	char	 path[512];

	(void)snprintf(path, sizeof(path), "%s/fonts/%s", tmp, FONT_HEI);
	(void)unlink(path);
	(void)snprintf(path, sizeof(path), "%s/fonts/%s", tmp, FONT_KAI);
	(void)unlink(path);
	(void)snprintf(path, sizeof(path), "%s/fonts", tmp);
	(void)rmdir(path);
	(void)snprintf(path, sizeof(path), "%s/out", tmp);
	(void)rmdir(path);
	(void)rmdir(tmp);
}

int
main(int argc, char *argv[])
{
	struct sample	*s;
	struct batch	 b[THREADS];
	pthread_t	 th[THREADS];
	char		 err[256], out[300];
	double		*t, t0, mean;
	size_t		 bytes = 0, qrlen = 0;
	int		 n = 200, i, m, failed = 0;

	if (argc > 1 && (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: %s [certificates]\n", argv[0]);
		return (2);
	}
	if (sodium_init() < 0 || gdFontCacheSetup() != 0 || !setup()) {
		fprintf(stderr, "set-up failed: %s\n", strerror(errno));
		return (1);
	}
	if (!certimg_load("certs", err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		cleanup();
		return (1);
	}
	m = n > BATCH ? n : BATCH;
	if ((s = calloc((size_t)m, sizeof(*s))) == NULL ||
	    (t = calloc((size_t)m, sizeof(*t))) == NULL) {
		fprintf(stderr, "out of memory\n");
		return (1);
	}
	for (i = 0; i < m; i++) {
		sample_make(&s[i], i);
		qrlen += strlen(s[i].qr);
	}
	printf("certificates of %d kinds x %d languages, QR text %zu bytes "
	    "on average\n", KIND__COUNT, CLANG__COUNT, qrlen / (size_t)m);

	/* The first of each kind and language also draws its background. */
	for (i = 0; i < KIND__COUNT * CLANG__COUNT; i++) {
		if ((t[i] = draw(&s[i], 1, NULL, &bytes)) < 0)
			failed++;
	}
	if (!failed)
		report("scale 1, first (background drawn)", t,
		    KIND__COUNT * CLANG__COUNT, bytes, "PNG");

	bytes = 0;
	for (i = 0; i < n; i++) {
		if ((t[i] = draw(&s[i], 1, NULL, &bytes)) < 0)
			failed++;
	}
	for (i = 0, mean = 0; i < n; i++)
		mean += t[i] / n;
	if (!failed)
		report("scale 1 (1754x1240)", t, n, bytes, "PNG");

	bytes = 0;
	for (i = 0; i < 8; i++) {
		if ((t[i] = draw(&s[i], 2, NULL, &bytes)) < 0)
			failed++;
	}
	if (!failed)
		report("scale 2 (3508x2480, print)", t, 8, bytes, "PNG");

	bytes = 0;
	if ((t[0] = draw_pdf(&s[0], &bytes, getenv("YJ_BENCH_PDF"))) < 0)
		failed++;
	else
		printf("%-34s %6.1f ms\n", "PDF, first (fonts loaded)", t[0]);
	bytes = 0;
	for (i = 0; i < n && !failed; i++) {
		if ((t[i] = draw_pdf(&s[i], &bytes, NULL)) < 0)
			failed++;
	}
	if (!failed)
		report("PDF (A4, vector, subset fonts)", t, n, bytes, "PDF");

	(void)snprintf(out, sizeof(out), "%s/out", tmp);
	for (i = 0; i < THREADS; i++) {
		b[i].s = s;
		b[i].from = BATCH * i / THREADS;
		b[i].to = BATCH * (i + 1) / THREADS;
		b[i].dir = out;
		b[i].failed = 0;
	}
	t0 = now_ms();
	for (i = 0; i < THREADS; i++) {
		if (pthread_create(&th[i], NULL, batch_run, &b[i]) != 0) {
			fprintf(stderr, "pthread_create failed\n");
			return (1);
		}
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		failed += b[i].failed;
	}
	t0 = now_ms() - t0;
	printf("batch of %d on %d threads, PNGs written: %.2f s, %.0f "
	    "certificates/s (one thread at the mean above: %.0f/s)\n", BATCH,
	    THREADS, t0 / 1e3, BATCH / (t0 / 1e3), 1e3 / mean);

	free(s);
	free(t);
	cleanup();
	if (failed)
		fprintf(stderr, "%d certificates could not be drawn\n", failed);
	return (failed ? 1 : 0);
}
