/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_photo.c: the photo pipeline (photo.c) on inputs made here with
 * libgd, libpng and libexif, so that nothing binary is committed: the
 * three sizes of each type, transparency flattened onto white, the EXIF
 * orientations turned upright and EXIF (GPS above all) gone from what is
 * stored — checked by our own scan and by the real exiftool — and the
 * refusals: empty, too big, not an image, decompression bombs (refused
 * before any decoding, timed), bombs within the limits (a PNG of 9 GiB
 * of deflated zeros, a JPEG of too many scans or a flood of markers, a
 * WebP of megabytes; their CPU time measured with clock()), broken and cut
 * files, 1,200 mutated ones (the ASan build turns any memory error into
 * a failure), and the same work on several threads at once.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <gd.h>
#include <libexif/exif-data.h>
#include <png.h>

#include "photo.h"

/* Where the test puts Pingzhou: 23°2'30.17" N, 113°10'15.83" E. */
#define LAT_SECONDS	3017
#define LON_SECONDS	1583
#define FUZZ_ROUNDS	400	/* mutated inputs per type */

struct bytes {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

/*
 * gd's decoders complain on stderr about every broken input, thousands
 * of lines here; the tests check the result codes instead.
 */
static void
gd_quiet(int priority, const char *fmt, va_list ap)
{
	(void)priority;
	(void)fmt;
	(void)ap;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

/* CPU time of this process: what a decoder costs, whatever the load. */
static double
cpu(void)
{
	return ((double)clock() / CLOCKS_PER_SEC);
}

/* xorshift32: the fuzzing is the same on every run, so it reproduces. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return (*s);
}

static void
bytes_add(struct bytes *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

/*
 * A w × h test picture: four quadrants (red, green / blue, yellow from
 * the top left) over a little noise, so the JPEGs look like photos.
 */
static gdImagePtr
quadrants(int w, int h)
{
	static const int	 colours[4] = { 0xd02020, 0x20a020, 0x2040d0,
				    0xe0d020 };
	gdImagePtr		 im;
	uint32_t		 s = 7;
	int			 x, y, c, n;

	im = gdImageCreateTrueColor(w, h);
	assert_non_null(im);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			c = colours[(y >= h / 2) * 2 + (x >= w / 2)];
			n = (int)(rnd(&s) % 9) - 4;
			im->tpixels[y][x] = gdTrueColor(
			    gdTrueColorGetRed(c) + n,
			    gdTrueColorGetGreen(c) + n,
			    gdTrueColorGetBlue(c) + n);
		}
	}
	return (im);
}

enum enc {
	ENC_JPEG,
	ENC_PNG,
	ENC_WEBP,
};

/* im written as enc into b (b's own copy); im is destroyed. */
static void
encode(gdImagePtr im, enum enc enc, struct bytes *b)
{
	void	*p = NULL;
	int	 size = 0;

	switch (enc) {
	case ENC_JPEG:
		p = gdImageJpegPtr(im, &size, 90);
		break;
	case ENC_PNG:
		p = gdImagePngPtr(im, &size);
		break;
	case ENC_WEBP:
		p = gdImageWebpPtrEx(im, &size, 80);
		break;
	}
	gdImageDestroy(im);
	assert_non_null(p);
	memset(b, 0, sizeof(*b));
	bytes_add(b, p, (size_t)size);
	gdFree(p);
}

/* A JPEG's decoded size; the test fails when it is not a JPEG. */
static void
jpeg_size(const void *p, int len, int *w, int *h)
{
	gdImagePtr	 im;

	assert_true(len > 3);
	assert_memory_equal(p, "\xff\xd8\xff", 3);
	im = gdImageCreateFromJpegPtr(len, (void *)(uintptr_t)p);
	assert_non_null(im);
	*w = gdImageSX(im);
	*h = gdImageSY(im);
	gdImageDestroy(im);
}

/* Process b, expect success and these sizes, and that each decodes. */
static void
expect_sizes(const struct bytes *b, int fw, int fh, int pw, int ph)
{
	struct photo_out	 out;
	int			 w, h;

	assert_int_equal(photo_process(b->p, b->len, &out), PHOTO_OK);
	assert_int_equal(out.full_w, fw);
	assert_int_equal(out.full_h, fh);
	assert_int_equal(out.phone_w, pw);
	assert_int_equal(out.phone_h, ph);
	jpeg_size(out.full, out.full_size, &w, &h);
	assert_int_equal(w, fw);
	assert_int_equal(h, fh);
	jpeg_size(out.phone, out.phone_size, &w, &h);
	assert_int_equal(w, pw);
	assert_int_equal(h, ph);
	jpeg_size(out.thumb, out.thumb_size, &w, &h);
	assert_int_equal(w, PHOTO_THUMB);
	assert_int_equal(h, PHOTO_THUMB);
	photo_out_free(&out);
}

/* The colour of a JPEG's pixel is near rgb (JPEG is lossy). */
static void
expect_colour(const void *jpeg, int len, int x, int y, int rgb)
{
	gdImagePtr	 im;
	int		 c;

	im = gdImageCreateFromJpegPtr(len, (void *)(uintptr_t)jpeg);
	assert_non_null(im);
	c = gdImageGetTrueColorPixel(im, x, y);
	gdImageDestroy(im);
	if (abs(gdTrueColorGetRed(c) - gdTrueColorGetRed(rgb)) > 24 ||
	    abs(gdTrueColorGetGreen(c) - gdTrueColorGetGreen(rgb)) > 24 ||
	    abs(gdTrueColorGetBlue(c) - gdTrueColorGetBlue(rgb)) > 24)
		fail_msg("pixel (%d, %d) is #%06x, not near #%06x", x, y,
		    c & 0xffffff, rgb);
}

/* Whether a JPEG has a segment with marker m before its first scan. */
static int
jpeg_has_segment(const unsigned char *p, size_t len, unsigned char m)
{
	size_t	 i = 2;

	while (i + 4 <= len && p[i] == 0xff) {
		if (p[i + 1] == m)
			return (1);
		if (p[i + 1] == 0xda)		/* SOS: data follows */
			return (0);
		i += 2 + (size_t)(p[i + 2] << 8 | p[i + 3]);
	}
	return (0);
}

static int
contains(const void *hay, size_t len, const void *needle, size_t n)
{
	return (memmem(hay, len, needle, n) != NULL);
}

/*
 * libexif: an entry of n components of fmt, zeroed, added to ifd of ed
 * (which owns it).
 */
static ExifEntry *
exif_put(ExifData *ed, ExifIfd ifd, ExifTag tag, ExifFormat fmt,
    unsigned int n)
{
	ExifMem		*mem;
	ExifEntry	*e;

	mem = exif_mem_new_default();
	e = exif_entry_new();
	assert_non_null(mem);
	assert_non_null(e);
	e->tag = tag;
	e->format = fmt;
	e->components = n;
	e->size = exif_format_get_size(fmt) * n;
	e->data = exif_mem_alloc(mem, e->size);
	assert_non_null(e->data);
	exif_content_add_entry(ed->ifd[ifd], e);
	exif_entry_unref(e);
	exif_mem_unref(mem);
	return (e);
}

static void
gps_coordinate(ExifData *ed, ExifByteOrder bo, ExifTag tag, int deg,
    int min, int centiseconds)
{
	ExifEntry	*e;
	ExifRational	 r[3] = { { deg, 1 }, { min, 1 },
			    { centiseconds, 100 } };
	int		 i;

	e = exif_put(ed, EXIF_IFD_GPS, tag, EXIF_FORMAT_RATIONAL, 3);
	for (i = 0; i < 3; i++)
		exif_set_rational(e->data + 8 * i, bo, r[i]);
}

/* The 24 bytes the test's latitude is stored as, in byte order bo. */
static void
lat_bytes(ExifByteOrder bo, unsigned char out[24])
{
	ExifRational	 r[3] = { { 23, 1 }, { 2, 1 }, { LAT_SECONDS, 100 } };
	int		 i;

	for (i = 0; i < 3; i++)
		exif_set_rational(out + 8 * i, bo, r[i]);
}

/*
 * The JPEG in b with an EXIF APP1 segment put right after its SOI, as
 * cameras do: Orientation o and, when gps, the test's position.
 */
static void
add_exif(struct bytes *b, int o, int gps, ExifByteOrder bo)
{
	ExifData	*ed;
	ExifEntry	*e;
	unsigned char	*app1 = NULL, seg[4];
	unsigned int	 n = 0;
	struct bytes	 out = { NULL, 0, 0 };

	ed = exif_data_new();
	assert_non_null(ed);
	exif_data_set_byte_order(ed, bo);
	exif_data_set_data_type(ed, EXIF_DATA_TYPE_COMPRESSED);
	e = exif_put(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT,
	    1);
	exif_set_short(e->data, bo, (ExifShort)o);
	if (gps) {
		e = exif_put(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE_REF,
		    EXIF_FORMAT_ASCII, 2);
		memcpy(e->data, "N", 2);
		gps_coordinate(ed, bo, EXIF_TAG_GPS_LATITUDE, 23, 2,
		    LAT_SECONDS);
		e = exif_put(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LONGITUDE_REF,
		    EXIF_FORMAT_ASCII, 2);
		memcpy(e->data, "E", 2);
		gps_coordinate(ed, bo, EXIF_TAG_GPS_LONGITUDE, 113, 10,
		    LON_SECONDS);
	}
	exif_data_save_data(ed, &app1, &n);
	exif_data_unref(ed);
	assert_non_null(app1);
	assert_true(n > 6 && n < 65533);
	assert_memory_equal(app1, "Exif\0\0", 6);

	seg[0] = 0xff;
	seg[1] = 0xe1;
	seg[2] = (unsigned char)((n + 2) >> 8);
	seg[3] = (unsigned char)(n + 2);
	bytes_add(&out, b->p, 2);		/* SOI */
	bytes_add(&out, seg, 4);
	bytes_add(&out, app1, n);
	bytes_add(&out, b->p + 2, b->len - 2);
	free(app1);
	free(b->p);
	*b = out;
}

/* libpng's writer into memory. */
static void
png_write_mem(png_structp png, png_bytep p, png_size_t n)
{
	bytes_add(png_get_io_ptr(png), p, n);
}

static void
png_flush_mem(png_structp png)
{
	(void)png;
}

/*
 * A real w × h PNG, 1-bit grey, all black: every row written, deflated
 * as hard as zlib can (it cannot beat about 1:1000, so 50,000 × 50,000
 * is some 300 KB), without decoding anything.
 */
static void
png_bomb(int w, int h, struct bytes *b)
{
	png_structp	 png;
	png_infop	 info;
	unsigned char	*row;
	int		 y;

	memset(b, 0, sizeof(*b));
	row = calloc(1, (size_t)(w + 7) / 8);
	assert_non_null(row);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
	    NULL);
	assert_non_null(png);
	info = png_create_info_struct(png);
	assert_non_null(info);
	if (setjmp(png_jmpbuf(png)))
		fail_msg("libpng could not write the bomb");
	png_set_write_fn(png, b, png_write_mem, png_flush_mem);
	png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
	png_set_compression_level(png, 9);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 1,
	    PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < h; y++)
		png_write_row(png, row);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
}

static void
jpeg_4000x3000_makes_three_sizes(void **state)
{
	struct bytes	 b;
	double		 t;

	(void)state;
	encode(quadrants(4000, 3000), ENC_JPEG, &b);
	t = now();
	expect_sizes(&b, 2048, 1536, 1080, 810);
	print_message("# 12-megapixel JPEG (%zu bytes): %.0f ms with the "
	    "checks\n", b.len, (now() - t) * 1000);
	free(b.p);
}

static void
small_photo_is_never_enlarged(void **state)
{
	struct bytes	 b;
	gdImagePtr	 im;

	(void)state;
	encode(quadrants(600, 400), ENC_JPEG, &b);
	expect_sizes(&b, 600, 400, 600, 400);
	free(b.p);
	im = quadrants(600, 400);
	gdImageInterlace(im, 1);		/* progressive JPEG */
	encode(im, ENC_JPEG, &b);
	expect_sizes(&b, 600, 400, 600, 400);
	free(b.p);
	encode(quadrants(1500, 1100), ENC_JPEG, &b);
	expect_sizes(&b, 1500, 1100, 1080, 792);
	free(b.p);
	/* Smaller than the thumbnail: only the thumbnail grows. */
	encode(quadrants(40, 10), ENC_PNG, &b);
	expect_sizes(&b, 40, 10, 40, 10);
	free(b.p);
}

static void
thumbnail_is_the_centre_square(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	gdImagePtr		 im;

	(void)state;
	/* Wide: red | blue | green thirds; the square is all blue. */
	im = gdImageCreateTrueColor(900, 300);
	gdImageFilledRectangle(im, 0, 0, 299, 299, 0xff0000);
	gdImageFilledRectangle(im, 300, 0, 599, 299, 0x0000ff);
	gdImageFilledRectangle(im, 600, 0, 899, 299, 0x00ff00);
	encode(im, ENC_PNG, &b);
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	expect_colour(out.thumb, out.thumb_size, 3, 3, 0x0000ff);
	expect_colour(out.thumb, out.thumb_size, 316, 316, 0x0000ff);
	expect_colour(out.full, out.full_size, 3, 3, 0xff0000);
	photo_out_free(&out);
	free(b.p);
}

static void
png_with_alpha_is_flattened_onto_white(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	gdImagePtr		 im;

	(void)state;
	im = gdImageCreateTrueColor(600, 400);
	gdImageAlphaBlending(im, 0);
	gdImageSaveAlpha(im, 1);
	gdImageFilledRectangle(im, 0, 0, 199, 399, gdTrueColor(200, 0, 0));
	gdImageFilledRectangle(im, 200, 0, 399, 399,
	    gdTrueColorAlpha(0, 0, 0, gdAlphaTransparent));
	/* Black at half opacity over white: mid grey. */
	gdImageFilledRectangle(im, 400, 0, 599, 399,
	    gdTrueColorAlpha(0, 0, 0, 64));
	encode(im, ENC_PNG, &b);
	assert_memory_equal(b.p, "\x89PNG", 4);
	expect_sizes(&b, 600, 400, 600, 400);
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	expect_colour(out.full, out.full_size, 100, 200, 0xc80000);
	expect_colour(out.full, out.full_size, 300, 200, 0xffffff);
	expect_colour(out.full, out.full_size, 500, 200, 0x7f7f7f);
	photo_out_free(&out);
	free(b.p);
}

static void
palette_and_keyed_png_are_flattened_onto_white(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	gdImagePtr		 im;
	int			 red, clear, key;

	(void)state;
	/* A palette PNG whose transparent index fills the right half. */
	im = gdImageCreate(300, 200);
	red = gdImageColorAllocate(im, 200, 0, 0);
	clear = gdImageColorAllocate(im, 0, 0, 0);
	gdImageColorTransparent(im, clear);
	gdImageFilledRectangle(im, 0, 0, 149, 199, red);
	gdImageFilledRectangle(im, 150, 0, 299, 199, clear);
	encode(im, ENC_PNG, &b);
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	expect_colour(out.full, out.full_size, 50, 100, 0xc80000);
	expect_colour(out.full, out.full_size, 250, 100, 0xffffff);
	photo_out_free(&out);
	free(b.p);

	/* RGB with a colour key (tRNS): that colour is the transparent. */
	im = gdImageCreateTrueColor(300, 200);
	key = gdTrueColor(0, 0, 0);
	gdImageFilledRectangle(im, 0, 0, 149, 199, gdTrueColor(0, 0, 200));
	gdImageFilledRectangle(im, 150, 0, 299, 199, key);
	gdImageColorTransparent(im, key);
	encode(im, ENC_PNG, &b);
	assert_non_null(memmem(b.p, b.len, "tRNS", 4));
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	expect_colour(out.full, out.full_size, 50, 100, 0x0000c8);
	expect_colour(out.full, out.full_size, 250, 100, 0xffffff);
	photo_out_free(&out);
	free(b.p);
}

static void
webp_makes_three_sizes(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	gdImagePtr		 im;

	(void)state;
	encode(quadrants(1200, 1600), ENC_WEBP, &b);
	assert_memory_equal(b.p, "RIFF", 4);
	assert_memory_equal(b.p + 8, "WEBP", 4);
	expect_sizes(&b, 1200, 1600, 810, 1080);
	free(b.p);

	/* With alpha: flattened onto white as a PNG is. */
	im = gdImageCreateTrueColor(400, 300);
	gdImageAlphaBlending(im, 0);
	gdImageSaveAlpha(im, 1);
	gdImageFilledRectangle(im, 0, 0, 199, 299, gdTrueColor(0, 0, 200));
	gdImageFilledRectangle(im, 200, 0, 399, 299,
	    gdTrueColorAlpha(0, 0, 0, gdAlphaTransparent));
	encode(im, ENC_WEBP, &b);
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	expect_colour(out.full, out.full_size, 100, 150, 0x0000c8);
	expect_colour(out.full, out.full_size, 300, 150, 0xffffff);
	photo_out_free(&out);
	free(b.p);
}

static void
probe_reads_type_and_size(void **state)
{
	static const struct {
		enum enc	 enc;
		enum photo_type	 type;
	} cases[] = {
		{ ENC_JPEG, PHOTO_JPEG },
		{ ENC_PNG, PHOTO_PNG },
		{ ENC_WEBP, PHOTO_WEBP },
	};
	struct bytes	 b;
	enum photo_type	 type;
	size_t		 i;
	int		 w, h;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		encode(quadrants(123, 45), cases[i].enc, &b);
		assert_int_equal(photo_probe(b.p, b.len, &type, &w, &h),
		    PHOTO_OK);
		assert_int_equal(type, cases[i].type);
		assert_int_equal(w, 123);
		assert_int_equal(h, 45);
		/* Every out pointer may be NULL. */
		assert_int_equal(photo_probe(b.p, b.len, NULL, NULL, NULL),
		    PHOTO_OK);
		free(b.p);
	}
}

static void
png_bomb_is_refused_before_decoding(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	enum photo_type		 type;
	double			 t;
	int			 w, h;

	(void)state;
	t = now();
	png_bomb(50000, 50000, &b);
	print_message("# 50,000 x 50,000 PNG: %zu bytes, made in %.0f ms\n",
	    b.len, (now() - t) * 1000);
	assert_true(b.len < 1024 * 1024);

	assert_int_equal(photo_probe(b.p, b.len, &type, &w, &h),
	    PHOTO_TOO_MANY_PIXELS);
	assert_int_equal(type, PHOTO_PNG);
	assert_int_equal(w, 50000);
	assert_int_equal(h, 50000);
	t = now();
	assert_int_equal(photo_process(b.p, b.len, &out),
	    PHOTO_TOO_MANY_PIXELS);
	t = now() - t;
	print_message("# refused in %.3f ms\n", t * 1000);
	/* Decoding would allocate 2.5 GB before reading a row. */
	assert_true(t < 0.1);
	assert_null(out.full);
	assert_null(out.phone);
	assert_null(out.thumb);
	free(b.p);
}

static void
too_many_pixels_by_side_or_area(void **state)
{
	struct bytes	 b;
	int		 w, h;

	(void)state;
	/* One side too long, few pixels. */
	png_bomb(PHOTO_MAX_SIDE + 1, 1, &b);
	assert_int_equal(photo_probe(b.p, b.len, NULL, &w, &h),
	    PHOTO_TOO_MANY_PIXELS);
	free(b.p);
	png_bomb(PHOTO_MAX_SIDE, 1, &b);
	assert_int_equal(photo_probe(b.p, b.len, NULL, NULL, NULL), PHOTO_OK);
	free(b.p);
	/* Past libpng's own default limit (10^6): still ours to refuse. */
	png_bomb(2000000, 1, &b);
	assert_int_equal(photo_probe(b.p, b.len, NULL, &w, &h),
	    PHOTO_TOO_MANY_PIXELS);
	assert_int_equal(w, 2000000);
	free(b.p);
	/* Both sides allowed, the area not: 7000 × 7000 is 49 MP. */
	png_bomb(7000, 7000, &b);
	assert_int_equal(photo_probe(b.p, b.len, NULL, &w, &h),
	    PHOTO_TOO_MANY_PIXELS);
	assert_int_equal(w, 7000);
	free(b.p);
}

/* A JPEG's or WebP's stated size rewritten in place: a bomb of those. */
static void
jpeg_and_webp_bombs_are_refused(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	unsigned char		*sof;
	int			 w, h;

	(void)state;
	encode(quadrants(64, 48), ENC_JPEG, &b);
	/* gd writes baseline: SOF0, then length, precision, height, width. */
	sof = memmem(b.p, b.len, "\xff\xc0", 2);
	assert_non_null(sof);
	sof[5] = 60000 >> 8;
	sof[6] = 60000 & 0xff;
	sof[7] = 60000 >> 8;
	sof[8] = 60000 & 0xff;
	assert_int_equal(photo_probe(b.p, b.len, NULL, &w, &h),
	    PHOTO_TOO_MANY_PIXELS);
	assert_int_equal(w, 60000);
	assert_int_equal(h, 60000);
	assert_int_equal(photo_process(b.p, b.len, &out),
	    PHOTO_TOO_MANY_PIXELS);
	free(b.p);

	encode(quadrants(64, 48), ENC_WEBP, &b);
	if (memcmp(b.p + 12, "VP8 ", 4) != 0) {
		print_message("# gd wrote an extended WebP: not patched\n");
		free(b.p);
		return;
	}
	/* VP8 key frame: tag (3), start code (3), 14-bit width, height. */
	assert_memory_equal(b.p + 23, "\x9d\x01\x2a", 3);
	b.p[26] = 0xff;
	b.p[27] = 0x3f;
	b.p[28] = 0xff;
	b.p[29] = 0x3f;
	assert_int_equal(photo_probe(b.p, b.len, NULL, &w, &h),
	    PHOTO_TOO_MANY_PIXELS);
	assert_int_equal(w, 16383);
	assert_int_equal(photo_process(b.p, b.len, &out),
	    PHOTO_TOO_MANY_PIXELS);
	free(b.p);
}

/*
 * A progressive JPEG with its last scan repeated n more times: libjpeg
 * decodes each copy over the whole picture, warning only. Entropy-coded
 * data never holds FF DA (an FF in it is followed by 00 or RSTn), so the
 * last FF DA starts the last scan, which runs to the EOI.
 */
static void
repeat_last_scan(struct bytes *b, int n)
{
	struct bytes	 out = { NULL, 0, 0 };
	size_t		 last = 0, i;

	assert_memory_equal(b->p + b->len - 2, "\xff\xd9", 2);
	for (i = 0; i + 1 < b->len; i++) {
		if (b->p[i] == 0xff && b->p[i + 1] == 0xda)
			last = i;
	}
	assert_true(last > 0);
	bytes_add(&out, b->p, b->len - 2);
	while (n-- > 0)
		bytes_add(&out, b->p + last, b->len - 2 - last);
	bytes_add(&out, "\xff\xd9", 2);
	free(b->p);
	*b = out;
}

static void
jpeg_scan_bomb_is_refused(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	gdImagePtr		 im;
	double			 t;

	(void)state;
	/*
	 * A flat picture, so that a scan is a few bytes; gd's progressive
	 * JPEG at quality 90 (4:4:4) has 10 scans, which decode each block
	 * 4.7 times on average. 30 more of its last (the luma's, a third
	 * of the blocks) make 14.7: still a photo. 40 more make 18: refused
	 * (libjpeg took up to 100 scans before, 9 s for 40 megapixels).
	 */
	im = gdImageCreateTrueColor(2000, 1500);
	gdImageFilledRectangle(im, 0, 0, 1999, 1499, 0x6f8f7f);
	gdImageInterlace(im, 1);
	encode(im, ENC_JPEG, &b);
	repeat_last_scan(&b, 30);
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	assert_int_equal(out.full_w, 2000);
	photo_out_free(&out);
	free(b.p);
	im = gdImageCreateTrueColor(2000, 1500);
	gdImageFilledRectangle(im, 0, 0, 1999, 1499, 0x6f8f7f);
	gdImageInterlace(im, 1);
	encode(im, ENC_JPEG, &b);
	repeat_last_scan(&b, 40);
	t = cpu();
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_BROKEN);
	print_message("# JPEG of 50 scans (18 decodings a block) refused "
	    "in %.3f s of CPU\n", cpu() - t);
	free(b.p);

	/* 10,000 scans: refused from its markers, nothing decoded. */
	im = gdImageCreateTrueColor(2000, 1500);
	gdImageFilledRectangle(im, 0, 0, 1999, 1499, 0x6f8f7f);
	gdImageInterlace(im, 1);
	encode(im, ENC_JPEG, &b);
	repeat_last_scan(&b, 10000);
	assert_int_equal(photo_probe(b.p, b.len, NULL, NULL, NULL), PHOTO_OK);
	t = cpu();
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_BROKEN);
	t = cpu() - t;
	print_message("# %zu-byte JPEG of 10,010 scans refused in %.3f s of "
	    "CPU\n", b.len, t);
	assert_true(t < 0.5);
	free(b.p);
}

/* CRC-32 as PNG chunks carry it (ISO 3309), bit by bit: test data. */
static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t	 c = 0xffffffff;
	int		 k;

	while (n-- > 0) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
	}
	return (c ^ 0xffffffff);
}

/*
 * Deflate written by hand, LSB first: zlib itself would take a minute to
 * squeeze 9 GiB of zeros.
 */
struct bitw {
	struct bytes	*b;
	uint32_t	 acc;
	int		 n;
};

static void
bitw_put(struct bitw *w, uint32_t v, int n)
{
	unsigned char	 c;

	while (n-- > 0) {
		w->acc |= (v & 1) << w->n;
		v >>= 1;
		if (++w->n == 8) {
			c = (unsigned char)w->acc;
			bytes_add(w->b, &c, 1);
			w->acc = 0;
			w->n = 0;
		}
	}
}

/* A Huffman code: its bits go most significant first. */
static void
bitw_code(struct bitw *w, uint32_t code, int n)
{
	while (n-- > 0)
		bitw_put(w, (code >> n) & 1, 1);
}

/* n zero bits: whole zero bytes once aligned. */
static void
bitw_zeros(struct bitw *w, uint64_t n)
{
	size_t	 bytes;

	while (n > 0 && w->n != 0) {
		bitw_put(w, 0, 1);
		n--;
	}
	bytes = (size_t)(n / 8);
	if (w->b->len + bytes > w->b->cap) {
		w->b->cap = w->b->len + bytes + 4096;
		w->b->p = realloc(w->b->p, w->b->cap);
		assert_non_null(w->b->p);
	}
	memset(w->b->p + w->b->len, 0, bytes);
	w->b->len += bytes;
	bitw_put(w, 0, (int)(n % 8));
}

/*
 * A zlib stream appended to b that inflates to n (> 0) zero bytes at
 * deflate's best ratio, 1 to 1032: one dynamic-Huffman block whose
 * codes are length 258 "0", literal 0 "10", end "11", distance 1 "0",
 * so that each 258-byte match at distance 1 is two zero bits.
 */
static void
zeros_deflated(struct bytes *b, uint64_t n)
{
	struct bitw	 w = { b, 0, 0 };
	static const int order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5,
			    11, 4, 12, 3, 13, 2, 14, 1, 15 };
	uint64_t	 matches, rest;
	unsigned char	 adler[4];
	uint32_t	 sum;
	int		 i;

	bytes_add(b, "\x78\xda", 2);
	bitw_put(&w, 1, 1);		/* the last block */
	bitw_put(&w, 2, 2);		/* dynamic codes */
	bitw_put(&w, 286 - 257, 5);
	bitw_put(&w, 0, 5);		/* one distance code */
	bitw_put(&w, 19 - 4, 4);
	/* Code-length codes: 18 "0", 1 "10", 2 "11". */
	for (i = 0; i < 19; i++)
		bitw_put(&w, order[i] == 18 ? 1 : order[i] == 1 ||
		    order[i] == 2 ? 2 : 0, 3);
	bitw_code(&w, 3, 2);		/* literal 0: length 2 */
	bitw_code(&w, 0, 1);		/* 138 + 117 zeros: 1-255 unused */
	bitw_put(&w, 138 - 11, 7);
	bitw_code(&w, 0, 1);
	bitw_put(&w, 117 - 11, 7);
	bitw_code(&w, 3, 2);		/* end of block: length 2 */
	bitw_code(&w, 0, 1);		/* 28 zeros: 257-284 unused */
	bitw_put(&w, 28 - 11, 7);
	bitw_code(&w, 2, 2);		/* length 258: length 1 */
	bitw_code(&w, 2, 2);		/* distance 1: length 1 */
	bitw_code(&w, 2, 2);		/* one literal 0 */
	matches = (n - 1) / 258;
	bitw_zeros(&w, matches * 2);
	for (rest = (n - 1) % 258; rest > 0; rest--)
		bitw_code(&w, 2, 2);
	bitw_code(&w, 3, 2);		/* end of block */
	bitw_put(&w, 0, (8 - w.n) % 8);
	sum = (uint32_t)(n % 65521) << 16 | 1;	/* Adler-32 of zeros */
	for (i = 0; i < 4; i++)
		adler[i] = (unsigned char)(sum >> (24 - 8 * i));
	bytes_add(b, adler, 4);
}

static void
be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* A PNG chunk of type t around data (n bytes) appended to b. */
static void
png_chunk(struct bytes *b, const char *t, const void *data, size_t n)
{
	unsigned char	 be[4];
	size_t		 at;

	be32(be, (uint32_t)n);
	bytes_add(b, be, 4);
	at = b->len;
	bytes_add(b, t, 4);
	if (n > 0)
		bytes_add(b, data, n);
	be32(be, crc32_of(b->p + at, n + 4));
	bytes_add(b, be, 4);
}

/*
 * A w × h RGBA PNG, transparent black, whose IDAT stream inflates to
 * `inflated` zero bytes: its picture when that is h × (4w + 1), and a
 * tail after the last row past that — the bomb.
 */
static void
png_zeros(int w, int h, uint64_t inflated, struct bytes *b)
{
	struct bytes	 z = { NULL, 0, 0 };
	unsigned char	 ihdr[13] = { 0 };

	memset(b, 0, sizeof(*b));
	bytes_add(b, "\x89PNG\r\n\x1a\n", 8);
	be32(ihdr, (uint32_t)w);
	be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;
	ihdr[9] = 6;		/* RGBA */
	png_chunk(b, "IHDR", ihdr, sizeof(ihdr));
	zeros_deflated(&z, inflated);
	png_chunk(b, "IDAT", z.p, z.len);
	png_chunk(b, "IEND", NULL, 0);
	free(z.p);
}

/*
 * The bomb: 100 × 100 pixels (40 KB of them), 9 GiB of zeros
 * in 9.4 MB of IDAT. libpng inflated it all (21-30 s on a task thread):
 * now its chunk lengths alone refuse it.
 */
static void
png_idat_bomb_is_refused_uninflated(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	double			 t;

	(void)state;
	png_zeros(100, 100, 9ULL << 30, &b);
	assert_true(b.len < PHOTO_MAX_BYTES);
	assert_int_equal(photo_probe(b.p, b.len, NULL, NULL, NULL), PHOTO_OK);
	t = cpu();
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_BROKEN);
	t = cpu() - t;
	print_message("# 100 x 100 PNG, 9 GiB of IDAT zeros (%zu bytes): "
	    "refused in %.3f s of CPU\n", b.len, t);
	assert_true(t < 0.5);
	assert_null(out.full);
	free(b.p);
	/* The same picture with its own 40,100 bytes only: a photo. */
	png_zeros(100, 100, 100 * (4 * 100 + 1), &b);
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	assert_int_equal(out.full_w, 100);
	photo_out_free(&out);
	free(b.p);
}

/*
 * A picture big enough that 9.4 MB of IDAT is not too long for it
 * (2000 × 1250 RGBA, 10 MB), followed by 9 GiB of zeros after its last
 * row: decoded no slower than the same picture without the tail.
 */
static void
png_tail_after_last_row_is_not_inflated(void **state)
{
	struct bytes		 b;
	struct photo_out	 out;
	double			 plain, tail;

	(void)state;
	png_zeros(2000, 1250, 1250 * (4 * 2000 + 1), &b);
	plain = cpu();
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	plain = cpu() - plain;
	photo_out_free(&out);
	free(b.p);

	png_zeros(2000, 1250, 9ULL << 30, &b);
	assert_true(b.len < PHOTO_MAX_BYTES);
	tail = cpu();
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	tail = cpu() - tail;
	assert_int_equal(out.full_w, 2000);
	assert_int_equal(out.full_h, 1250);
	photo_out_free(&out);
	print_message("# 2000 x 1250 PNG: %.3f s of CPU; with 9 GiB of "
	    "zeros after its last row (%zu bytes): %.3f s\n", plain, b.len,
	    tail);
	/* Inflating the tail took 20 s and more. */
	assert_true(tail < 2 * plain + 0.5);
	free(b.p);
}

/*
 * A JPEG (100 × 100, baseline, from gd) with `bytes` of marker `seg`
 * (a whole segment, or a restart marker) repeated before its frame
 * header, or after its scan.
 */
static void
jpeg_flood(const char *seg, size_t seglen, int after_scan, size_t bytes,
    struct bytes *b)
{
	struct bytes	 in;
	unsigned char	*sof;
	size_t		 at, n;

	encode(quadrants(100, 100), ENC_JPEG, &in);
	sof = memmem(in.p, in.len, "\xff\xc0", 2);
	assert_non_null(sof);
	at = after_scan ? in.len - 2 : (size_t)(sof - in.p);
	memset(b, 0, sizeof(*b));
	bytes_add(b, in.p, at);
	for (n = 0; n < bytes; n += seglen)
		bytes_add(b, seg, seglen);
	bytes_add(b, in.p + at, in.len - at);
	free(in.p);
}

/*
 * 9.5 MB of markers around 100 × 100 pixels: libjpeg read each one
 * (0.3-0.5 s a file, several passes); the walk counts them and refuses.
 */
static void
jpeg_marker_floods_are_refused(void **state)
{
	static const struct {
		const char	*name;
		const char	*seg;
		size_t		 len;
		int		 after_scan;
	} floods[] = {
		{ "restart markers", "\xff\xd0\xff\xd1\xff\xd2\xff\xd3"
		    "\xff\xd4\xff\xd5\xff\xd6\xff\xd7", 16, 1 },
		{ "empty comments", "\xff\xfe\x00\x02", 4, 0 },
		{ "quantisation tables", "\xff\xdb\x00\x43\x00"
		    "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
		    "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
		    "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
		    "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
		    "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01",
		    69, 0 },
	};
	struct bytes		 b;
	struct photo_out	 out;
	size_t			 i;
	double			 t;

	(void)state;
	for (i = 0; i < sizeof(floods) / sizeof(floods[0]); i++) {
		jpeg_flood(floods[i].seg, floods[i].len, floods[i].after_scan,
		    9500 * 1000, &b);
		assert_true(b.len < PHOTO_MAX_BYTES);
		t = cpu();
		assert_int_equal(photo_process(b.p, b.len, &out),
		    PHOTO_BROKEN);
		t = cpu() - t;
		print_message("# 100 x 100 JPEG with %zu bytes of %s: refused "
		    "in %.3f s of CPU\n", b.len, floods[i].name, t);
		assert_true(t < 0.5);
		free(b.p);
	}
	/* A few of each are still a photo. */
	for (i = 0; i < sizeof(floods) / sizeof(floods[0]); i++) {
		jpeg_flood(floods[i].seg, floods[i].len, floods[i].after_scan,
		    floods[i].len * 10, &b);
		assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
		photo_out_free(&out);
		free(b.p);
	}
}

/*
 * A 100 × 100 WebP carrying 9 MB of an unknown chunk: far more than its
 * pixels need, refused; with a few kilobytes of it, a photo.
 */
static void
webp_far_longer_than_its_pixels_is_refused(void **state)
{
	struct bytes		 in, b;
	struct photo_out	 out;
	unsigned char		*junk, le[4];
	size_t			 sizes[2] = { 9 * 1000 * 1000, 4096 }, i;

	(void)state;
	encode(quadrants(100, 100), ENC_WEBP, &in);
	for (i = 0; i < 2; i++) {
		memset(&b, 0, sizeof(b));
		bytes_add(&b, in.p, in.len);
		junk = calloc(1, sizes[i]);
		assert_non_null(junk);
		bytes_add(&b, "JUNK", 4);
		le[0] = sizes[i] & 0xff;
		le[1] = (sizes[i] >> 8) & 0xff;
		le[2] = (sizes[i] >> 16) & 0xff;
		le[3] = (sizes[i] >> 24) & 0xff;
		bytes_add(&b, le, 4);
		bytes_add(&b, junk, sizes[i]);
		free(junk);
		le[0] = (b.len - 8) & 0xff;	/* the RIFF size */
		le[1] = ((b.len - 8) >> 8) & 0xff;
		le[2] = ((b.len - 8) >> 16) & 0xff;
		le[3] = ((b.len - 8) >> 24) & 0xff;
		memcpy(b.p + 4, le, 4);
		assert_int_equal(photo_process(b.p, b.len, &out),
		    i == 0 ? PHOTO_BROKEN : PHOTO_OK);
		photo_out_free(&out);
		free(b.p);
	}
	free(in.p);
}

static void
html_named_jpg_is_not_an_image(void **state)
{
	static const char *const fakes[] = {
		"<html><script>alert(document.cookie)</script></html>",
		"GIF89a\x01\x00\x01\x00\x80\x00\x00",	/* not accepted */
		"RIFF\x24\x00\x00\x00WAVEfmt ",	/* RIFF, but sound */
		"\xff\xd8",			/* JPEG's SOI alone */
		"\x89PNG\r\n\x1a",		/* one byte short */
		"%PDF-1.4\n",
	};
	struct photo_out	 out;
	enum photo_type		 type;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(fakes) / sizeof(fakes[0]); i++) {
		assert_int_equal(photo_probe(fakes[i], strlen(fakes[i]), &type,
		    NULL, NULL), PHOTO_NOT_IMAGE);
		assert_int_equal(type, PHOTO_NONE);
		assert_int_equal(photo_process(fakes[i], strlen(fakes[i]),
		    &out), PHOTO_NOT_IMAGE);
		assert_null(out.full);
	}
}

static void
empty_and_too_big(void **state)
{
	struct photo_out	 out;
	unsigned char		*big;

	(void)state;
	assert_int_equal(photo_probe(NULL, 0, NULL, NULL, NULL), PHOTO_EMPTY);
	assert_int_equal(photo_process("", 0, &out), PHOTO_EMPTY);
	big = calloc(1, PHOTO_MAX_BYTES + 1);
	assert_non_null(big);
	memcpy(big, "\xff\xd8\xff\xe0", 4);
	assert_int_equal(photo_process(big, PHOTO_MAX_BYTES + 1, &out),
	    PHOTO_TOO_BIG);
	/* The limit itself is allowed: this one fails later, as broken. */
	assert_int_equal(photo_process(big, PHOTO_MAX_BYTES, &out),
	    PHOTO_BROKEN);
	free(big);
}

static void
random_bytes_after_magic_are_broken(void **state)
{
	static const struct {
		const char	*magic;
		size_t		 len;
	} magics[] = {
		{ "\xff\xd8\xff", 3 },
		{ "\x89PNG\r\n\x1a\n", 8 },
		{ "RIFF\xf8\x03\x00\x00WEBP", 12 },
	};
	unsigned char		 buf[1024];
	struct photo_out	 out;
	uint32_t		 s = 2026;
	size_t			 i, k;
	int			 round;

	(void)state;
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		for (round = 0; round < 100; round++) {
			for (k = 0; k < sizeof(buf); k++)
				buf[k] = (unsigned char)rnd(&s);
			memcpy(buf, magics[i].magic, magics[i].len);
			assert_int_equal(photo_process(buf, sizeof(buf), &out),
			    PHOTO_BROKEN);
		}
	}
}

static void
truncated_files_are_broken_or_clean(void **state)
{
	static const enum enc	 encs[] = { ENC_PNG, ENC_JPEG, ENC_WEBP };
	static const char *const names[] = { "PNG", "JPEG", "WebP" };
	struct bytes		 b;
	struct photo_out	 out;
	enum photo_error	 e;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		encode(quadrants(640, 480), encs[i], &b);
		e = photo_process(b.p, b.len / 2, &out);
		print_message("# %s cut in half: %s\n", names[i],
		    photo_error_code(e));
		if (encs[i] == ENC_PNG)
			assert_int_equal(e, PHOTO_BROKEN);
		if (e == PHOTO_OK) {
			assert_int_equal(out.full_w, 640);
			assert_int_equal(out.full_h, 480);
			photo_out_free(&out);
		} else
			assert_int_equal(e, PHOTO_BROKEN);
		free(b.p);
	}
}

/*
 * Where the EXIF table says stored pixel (sx, sy) belongs in the
 * upright picture of uw × uh, for each orientation. Independent of
 * photo.c's table: from the "0th row / 0th column" wording of EXIF 2.3.
 */
static void
upright_of(int o, int sx, int sy, int uw, int uh, int *ux, int *uy)
{
	switch (o) {
	case 1: *ux = sx;		*uy = sy;		break;
	case 2: *ux = uw - 1 - sx;	*uy = sy;		break;
	case 3: *ux = uw - 1 - sx;	*uy = uh - 1 - sy;	break;
	case 4: *ux = sx;		*uy = uh - 1 - sy;	break;
	case 5: *ux = sy;		*uy = sx;		break;
	case 6: *ux = uw - 1 - sy;	*uy = sx;		break;
	case 7: *ux = uw - 1 - sy;	*uy = uh - 1 - sx;	break;
	default: *ux = sy;		*uy = uh - 1 - sx;	break;
	}
}

static void
every_exif_orientation_comes_out_upright(void **state)
{
	static const int	 quad[4] = { 0xd02020, 0x20a020, 0x2040d0,
				    0xe0d020 };
	struct bytes		 b;
	struct photo_out	 out;
	gdImagePtr		 im;
	int			 o, sw, sh, x, y, ux, uy, uw = 400, uh = 300;

	(void)state;
	for (o = 1; o <= 8; o++) {
		/* The upright 400 × 300 quadrants, stored as cameras do. */
		sw = o >= 5 ? uh : uw;
		sh = o >= 5 ? uw : uh;
		im = gdImageCreateTrueColor(sw, sh);
		for (y = 0; y < sh; y++) {
			for (x = 0; x < sw; x++) {
				upright_of(o, x, y, uw, uh, &ux, &uy);
				im->tpixels[y][x] =
				    quad[(uy >= uh / 2) * 2 + (ux >= uw / 2)];
			}
		}
		encode(im, ENC_JPEG, &b);
		/* Both byte orders: Motorola for even orientations. */
		add_exif(&b, o, 0, o % 2 ? EXIF_BYTE_ORDER_INTEL :
		    EXIF_BYTE_ORDER_MOTOROLA);
		assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
		if (out.full_w != uw || out.full_h != uh)
			fail_msg("orientation %d: %d x %d", o, out.full_w,
			    out.full_h);
		expect_colour(out.full, out.full_size, 100, 75, quad[0]);
		expect_colour(out.full, out.full_size, 300, 75, quad[1]);
		expect_colour(out.full, out.full_size, 100, 225, quad[2]);
		expect_colour(out.full, out.full_size, 300, 225, quad[3]);
		photo_out_free(&out);
		free(b.p);
	}
}

/* exiftool's answer for path (its -s lines), or NULL without exiftool. */
static char *
exiftool(const char *args, const char *path)
{
	char		 cmd[512], line[512];
	struct bytes	 b = { NULL, 0, 0 };
	FILE		*f;

	if (system("command -v exiftool >/dev/null 2>&1") != 0)
		return (NULL);
	(void)snprintf(cmd, sizeof(cmd), "exiftool %s '%s' 2>&1", args, path);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL)
		bytes_add(&b, line, strlen(line));
	pclose(f);
	bytes_add(&b, "", 1);
	return ((char *)b.p);
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE	*f;

	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
exif_gps_is_dropped_and_orientation_applied(void **state)
{
	static const char	 exif_hdr[] = "Exif\0\0";
	const char		*sizes[3] = { "full", "phone", "thumb" };
	struct bytes		 b;
	struct photo_out	 out;
	unsigned char		 lat[2][24];
	const void		*p[3];
	int			 n[3], i, fd;
	char			 path[] = "/tmp/yj-photo-XXXXXX";
	char			*tool;

	(void)state;
	encode(quadrants(400, 300), ENC_JPEG, &b);
	add_exif(&b, 6, 1, EXIF_BYTE_ORDER_INTEL);
	lat_bytes(EXIF_BYTE_ORDER_INTEL, lat[0]);
	lat_bytes(EXIF_BYTE_ORDER_MOTOROLA, lat[1]);
	/* The input does carry what must go. */
	assert_true(contains(b.p, b.len, exif_hdr, 6));
	assert_true(contains(b.p, b.len, lat[0], 24));
	assert_true(jpeg_has_segment(b.p, b.len, 0xe1));

	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	assert_int_equal(out.full_w, 300);
	assert_int_equal(out.full_h, 400);
	p[0] = out.full;
	n[0] = out.full_size;
	p[1] = out.phone;
	n[1] = out.phone_size;
	p[2] = out.thumb;
	n[2] = out.thumb_size;
	for (i = 0; i < 3; i++) {
		if (contains(p[i], (size_t)n[i], exif_hdr, 6) ||
		    contains(p[i], (size_t)n[i], "\xff\xe1", 2) ||
		    jpeg_has_segment(p[i], (size_t)n[i], 0xe1))
			fail_msg("%s has an EXIF APP1 segment", sizes[i]);
		if (contains(p[i], (size_t)n[i], lat[0], 24) ||
		    contains(p[i], (size_t)n[i], lat[1], 24))
			fail_msg("%s has the latitude", sizes[i]);
	}

	/* And the real exiftool agrees, having seen GPS in the input. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_file(path, b.p, b.len);
	if ((tool = exiftool("-gps:all -s", path)) == NULL) {
		print_message("# exiftool not installed: its check skipped\n");
	} else {
		if (strstr(tool, "GPSLatitude") == NULL)
			fail_msg("exiftool sees no GPS in the input: %s", tool);
		free(tool);
		write_file(path, out.full, (size_t)out.full_size);
		tool = exiftool("-gps:all -s", path);
		if (strstr(tool, "GPS") != NULL)
			fail_msg("exiftool finds GPS in the output: %s", tool);
		free(tool);
		/* No orientation left for a browser to apply a second time. */
		tool = exiftool("-exif:all -s", path);
		if (*tool != '\0')
			fail_msg("exiftool finds EXIF in the output: %s", tool);
		free(tool);
	}
	unlink(path);
	photo_out_free(&out);
	free(b.p);
}

/*
 * Every PNG chunk's CRC made right again, so that a mutation reaches the
 * code behind the CRC check (IHDR's sanity checks, inflate, filters).
 */
static void
png_fix_crcs(struct bytes *b)
{
	size_t		 at = 8, n;
	uint32_t	 crc;

	while (at + 12 <= b->len) {
		n = (size_t)b->p[at] << 24 | (size_t)b->p[at + 1] << 16 |
		    (size_t)b->p[at + 2] << 8 | b->p[at + 3];
		if (n > b->len - at - 12)
			break;
		crc = crc32_of(b->p + at + 4, n + 4);
		b->p[at + 8 + n] = (unsigned char)(crc >> 24);
		b->p[at + 9 + n] = (unsigned char)(crc >> 16);
		b->p[at + 10 + n] = (unsigned char)(crc >> 8);
		b->p[at + 11 + n] = (unsigned char)crc;
		at += 12 + n;
	}
}

/* One mutated copy of base: a few bytes changed, sometimes cut short. */
static void
mutate(const struct bytes *base, struct bytes *m, uint32_t *s)
{
	size_t	 k, at, span, flips;

	m->len = base->len;
	memcpy(m->p, base->p, base->len);
	flips = 1 + rnd(s) % 8;
	for (k = 0; k < flips; k++) {
		/* Half of them in the headers, where parsers branch most. */
		span = rnd(s) % 2 ? 200 : m->len;
		at = rnd(s) % span;
		if (at >= m->len)
			at = m->len - 1;
		m->p[at] = rnd(s) % 3 ? (unsigned char)(m->p[at] ^
		    (1u << rnd(s) % 8)) : (unsigned char)rnd(s);
	}
	if (rnd(s) % 8 == 0)
		m->len = 1 + rnd(s) % m->len;
}

static void
mutated_inputs_never_crash(void **state)
{
	static const enum enc	 encs[] = { ENC_PNG, ENC_JPEG, ENC_WEBP };
	static const char *const names[] = { "PNG", "JPEG", "WebP" };
	struct bytes		 base, m;
	struct photo_out	 out;
	enum photo_error	 e;
	uint32_t		 s = 0x6a616465;	/* "jade" */
	size_t			 i;
	int			 round, counts[PHOTO_NOMEM + 1];

	(void)state;
	for (i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		encode(quadrants(64, 48), encs[i], &base);
		m.p = malloc(base.len);
		assert_non_null(m.p);
		memset(counts, 0, sizeof(counts));
		for (round = 0; round < FUZZ_ROUNDS; round++) {
			mutate(&base, &m, &s);
			if (encs[i] == ENC_PNG && round % 2 == 0)
				png_fix_crcs(&m);
			(void)photo_probe(m.p, m.len, NULL, NULL, NULL);
			e = photo_process(m.p, m.len, &out);
			assert_in_range(e, PHOTO_OK, PHOTO_NOMEM);
			counts[e]++;
			if (e != PHOTO_OK) {
				assert_null(out.full);
				continue;
			}
			assert_in_range(out.full_w, 1, PHOTO_FULL);
			assert_in_range(out.full_h, 1, PHOTO_FULL);
			assert_in_range(out.phone_w, 1, PHOTO_PHONE);
			assert_in_range(out.phone_h, 1, PHOTO_PHONE);
			assert_true(out.full_size > 0 && out.phone_size > 0 &&
			    out.thumb_size > 0);
			photo_out_free(&out);
		}
		print_message("# %s mutated: ok %d, broken %d, too many pixels "
		    "%d, not image %d\n", names[i], counts[PHOTO_OK],
		    counts[PHOTO_BROKEN], counts[PHOTO_TOO_MANY_PIXELS],
		    counts[PHOTO_NOT_IMAGE]);
		free(m.p);
		free(base.p);
	}
}

/* The same inputs on four threads at once give what they give alone. */
#define THREADS	4
#define INPUTS	5

struct job {
	const struct bytes	*in;
	enum photo_error	 e[INPUTS];
	int			 size[INPUTS];
};

static void
run_job(struct job *j)
{
	struct photo_out	 out;
	int			 i;

	for (i = 0; i < INPUTS; i++) {
		j->e[i] = photo_process(j->in[i].p, j->in[i].len, &out);
		j->size[i] = out.full_size + out.phone_size + out.thumb_size;
		photo_out_free(&out);
	}
}

static void *
thread_main(void *arg)
{
	int	 round;

	for (round = 0; round < 3; round++)
		run_job(arg);
	return (NULL);
}

static void
threads_do_not_disturb_each_other(void **state)
{
	struct bytes	 in[INPUTS];
	struct job	 alone, jobs[THREADS];
	pthread_t	 t[THREADS];
	int		 i, k;

	(void)state;
	encode(quadrants(1600, 1200), ENC_JPEG, &in[0]);
	encode(quadrants(800, 600), ENC_PNG, &in[1]);
	encode(quadrants(800, 600), ENC_PNG, &in[2]);
	in[2].len /= 2;				/* libpng's longjmp */
	encode(quadrants(700, 500), ENC_WEBP, &in[3]);
	encode(quadrants(64, 48), ENC_JPEG, &in[4]);
	memset(in[4].p + 20, 0x55, 40);		/* libjpeg's longjmp */
	alone.in = in;
	run_job(&alone);
	assert_int_equal(alone.e[0], PHOTO_OK);
	assert_int_equal(alone.e[2], PHOTO_BROKEN);
	for (i = 0; i < THREADS; i++) {
		jobs[i].in = in;
		assert_int_equal(pthread_create(&t[i], NULL, thread_main,
		    &jobs[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		for (k = 0; k < INPUTS; k++) {
			assert_int_equal(jobs[i].e[k], alone.e[k]);
			assert_int_equal(jobs[i].size[k], alone.size[k]);
		}
	}
	for (k = 0; k < INPUTS; k++)
		free(in[k].p);
}

/* A JPEG's first segment with marker m (before the scan): its bytes. */
static const unsigned char *
jpeg_segment(const unsigned char *p, size_t len, unsigned char m,
    size_t *seglen)
{
	size_t	 i = 2, n;

	while (i + 4 <= len && p[i] == 0xff && p[i + 1] != 0xda) {
		n = 2 + (size_t)(p[i + 2] << 8 | p[i + 3]);
		if (p[i + 1] == m && i + n <= len) {
			*seglen = n;
			return (p + i);
		}
		i += n;
	}
	fail_msg("no segment 0x%02x", m);
	return (NULL);
}

/*
 * An entry's copy of a photo (photo_copy(), blind judging): trimmed as
 * asked, pixels kept, and no rendition's bytes — its quantisation
 * tables differ from every rendition's whatever the pixels, and a copy
 * without the trim (what anyone could make from a public photo) is not
 * the copy either.
 */
static void
copy_shares_no_bytes_with_the_renditions(void **state)
{
	struct photo_trim	 t = { 1, 2, 3, 4 };
	struct photo_trim	 huge = { 4, 4, 4, 4 };
	struct photo_out	 out;
	struct bytes		 b;
	const unsigned char	*q, *qr;
	size_t			 ql, qrl;
	void			*copy, *plain, *tiny;
	int			 size, plain_size, tiny_size, w, h, i;
	const void		*rend[3];
	int			 rend_size[3];

	(void)state;
	encode(quadrants(1500, 1100), ENC_JPEG, &b);
	assert_int_equal(photo_process(b.p, b.len, &out), PHOTO_OK);
	assert_int_equal(photo_copy(out.phone, (size_t)out.phone_size, &t,
	    &copy, &size), PHOTO_OK);
	jpeg_size(copy, size, &w, &h);
	assert_int_equal(w, out.phone_w - 4);
	assert_int_equal(h, out.phone_h - 6);
	/* The quadrants are where they were, less the trim. */
	expect_colour(copy, size, 2, 2, 0xd02020);
	expect_colour(copy, size, w - 3, h - 3, 0xe0d020);
	rend[0] = out.full;
	rend[1] = out.phone;
	rend[2] = out.thumb;
	rend_size[0] = out.full_size;
	rend_size[1] = out.phone_size;
	rend_size[2] = out.thumb_size;
	q = jpeg_segment(copy, (size_t)size, 0xdb, &ql);
	for (i = 0; i < 3; i++) {
		assert_false(size == rend_size[i] &&
		    memcmp(copy, rend[i], (size_t)size) == 0);
		qr = jpeg_segment(rend[i], (size_t)rend_size[i], 0xdb, &qrl);
		assert_false(ql == qrl && memcmp(q, qr, ql) == 0);
	}
	/* Untrimmed, the same encoder makes other bytes than trimmed. */
	assert_int_equal(photo_copy(out.phone, (size_t)out.phone_size, NULL,
	    &plain, &plain_size), PHOTO_OK);
	jpeg_size(plain, plain_size, &w, &h);
	assert_int_equal(w, out.phone_w);
	assert_false(plain_size == size && memcmp(plain, copy,
	    (size_t)size) == 0);
	assert_false(plain_size == out.phone_size && memcmp(plain, out.phone,
	    (size_t)plain_size) == 0);
	gdFree(copy);
	/* A trim that would leave less than PHOTO_COPY_MIN is not made. */
	free(b.p);
	encode(quadrants(20, 20), ENC_JPEG, &b);
	assert_int_equal(photo_copy(b.p, b.len, &huge, &tiny, &tiny_size),
	    PHOTO_OK);
	jpeg_size(tiny, tiny_size, &w, &h);
	assert_int_equal(w, 20);
	assert_int_equal(h, 20);
	/* Not a photo: refused as an upload would be. */
	assert_int_equal(photo_copy("<html>", 6, &t, &copy, &size),
	    PHOTO_NOT_IMAGE);
	assert_null(copy);
	gdFree(tiny);
	gdFree(plain);
	photo_out_free(&out);
	free(b.p);
}

static void
out_free_is_safe_when_empty(void **state)
{
	struct photo_out	 out;

	(void)state;
	photo_out_free(NULL);
	memset(&out, 0, sizeof(out));
	photo_out_free(&out);
	photo_out_free(&out);
	assert_null(out.full);
}

static void
error_codes(void **state)
{
	(void)state;
	assert_string_equal(photo_error_code(PHOTO_OK), "ok");
	assert_string_equal(photo_error_code(PHOTO_EMPTY), "empty");
	assert_string_equal(photo_error_code(PHOTO_TOO_BIG), "too_big");
	assert_string_equal(photo_error_code(PHOTO_NOT_IMAGE), "not_image");
	assert_string_equal(photo_error_code(PHOTO_TOO_MANY_PIXELS),
	    "too_many_pixels");
	assert_string_equal(photo_error_code(PHOTO_BROKEN), "broken");
	assert_string_equal(photo_error_code(PHOTO_NOMEM), "no_memory");
	assert_string_equal(photo_error_code((enum photo_error)99),
	    "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jpeg_4000x3000_makes_three_sizes),
		cmocka_unit_test(small_photo_is_never_enlarged),
		cmocka_unit_test(thumbnail_is_the_centre_square),
		cmocka_unit_test(png_with_alpha_is_flattened_onto_white),
		cmocka_unit_test(
		    palette_and_keyed_png_are_flattened_onto_white),
		cmocka_unit_test(webp_makes_three_sizes),
		cmocka_unit_test(probe_reads_type_and_size),
		cmocka_unit_test(png_bomb_is_refused_before_decoding),
		cmocka_unit_test(too_many_pixels_by_side_or_area),
		cmocka_unit_test(jpeg_and_webp_bombs_are_refused),
		cmocka_unit_test(jpeg_scan_bomb_is_refused),
		cmocka_unit_test(png_idat_bomb_is_refused_uninflated),
		cmocka_unit_test(png_tail_after_last_row_is_not_inflated),
		cmocka_unit_test(jpeg_marker_floods_are_refused),
		cmocka_unit_test(webp_far_longer_than_its_pixels_is_refused),
		cmocka_unit_test(html_named_jpg_is_not_an_image),
		cmocka_unit_test(empty_and_too_big),
		cmocka_unit_test(random_bytes_after_magic_are_broken),
		cmocka_unit_test(truncated_files_are_broken_or_clean),
		cmocka_unit_test(every_exif_orientation_comes_out_upright),
		cmocka_unit_test(exif_gps_is_dropped_and_orientation_applied),
		cmocka_unit_test(mutated_inputs_never_crash),
		cmocka_unit_test(threads_do_not_disturb_each_other),
		cmocka_unit_test(copy_shares_no_bytes_with_the_renditions),
		cmocka_unit_test(out_free_is_safe_when_empty),
		cmocka_unit_test(error_codes),
	};

	gdSetErrorMethod(gd_quiet);
	return (cmocka_run_group_tests_name("photo", tests, NULL, NULL));
}
