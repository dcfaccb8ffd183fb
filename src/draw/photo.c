/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * photo.c: an uploaded photo of a work made safe to store and serve.
 *
 * Probing. The type comes from the first bytes only (the name and the
 * part's content type are the sender's word). The size in pixels comes
 * from the header, read by the same library that will decode the image
 * (libjpeg, libpng, libwebp), and is capped before anything is decoded:
 * decoders allocate the whole picture up front, so a PNG whose header
 * says 50,000 × 50,000 would cost gigabytes before a row is read (a
 * real one is 300 KB; a cut one, a few hundred bytes, does as well).
 *
 * Bounding the work. The pixel cap does not bound the decoding: a
 * 100 × 100 PNG whose IDAT stream carries 9 GiB of deflated zeros is
 * 9.5 MB, and libpng inflated all of it (21-30 s of a task thread). So
 * before anything is decoded each type's cost check reads the file's
 * structure — PNG chunks, JPEG markers, WebP's header — and refuses a
 * file whose data is far longer than its pixels need (see png_cost(),
 * jpeg_cost(), webp_cost()); and the PNG decoder stops inflating at the
 * picture's last row. What is left costs a small multiple of a pass over
 * the pixels, and a refusal a pass over the bytes.
 *
 * Processing. libgd decodes, the picture is flattened onto white (JPEG
 * has no transparency), turned upright as the camera's EXIF Orientation
 * says (libexif), and written as three new JPEGs. Nothing of the upload
 * is copied: its metadata — EXIF with GPS, XMP, comments, ICC profiles —
 * does not survive, which is the point.
 *
 * Copies. A competition entry is judged on copies of its work's photos
 * that must share no bytes with anything public (a judge would hash one
 * and find the work, and its owner): photo_copy() decodes a photo and
 * encodes it afresh, trimmed, at a quality no rendition uses.
 *
 * Thread-safe and pure: every decoder's error state lives on the stack of
 * the call (libjpeg's and libpng's longjmp targets included), nothing is
 * static but constant tables. libgd reports decoding trouble through its
 * process-wide error method (stderr unless the program set another); we
 * never change it, the caller gets the result code instead.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <png.h>
#include <webp/decode.h>

#include "photo.h"

#define JPEG_QUALITY	85	/* not PHOTO_COPY_QUALITY: photo_copy() */
#define JPEG_MAX_SCANS	100	/* see jpeg_cost() */
#define JPEG_MAX_PASSES	16	/* block decodings per block, on average */
#define JPEG_MAX_SEGMENTS 2000	/* markers with a length: tables, APPn … */
#define PNG_IDAT_SLACK	(64 * 1024)	/* see png_cost() */
#define WEBP_SLACK	(1024 * 1024)	/* see webp_cost() */
#define WHITE		gdTrueColorAlpha(0xff, 0xff, 0xff, gdAlphaOpaque)

static enum photo_error	 jpeg_header(const unsigned char *, size_t, int *,
			    int *);
static enum photo_error	 png_header(const unsigned char *, size_t, int *,
			    int *);
static enum photo_error	 webp_header(const unsigned char *, size_t, int *,
			    int *);
static enum photo_error	 jpeg_cost(const unsigned char *, size_t);
static enum photo_error	 png_cost(const unsigned char *, size_t);
static enum photo_error	 webp_cost(const unsigned char *, size_t);
static gdImagePtr	 jpeg_decode(const unsigned char *, size_t);
static gdImagePtr	 png_decode(const unsigned char *, size_t);
static gdImagePtr	 webp_decode(const unsigned char *, size_t);

/*
 * What each type starts with, who reads its header, who checks what
 * decoding it will cost beyond its pixels (refusing the file when that
 * is more than a small multiple of a pass over them), and who decodes
 * it. WebP is a RIFF file: "RIFF", its
 * length, then "WEBP".
 */
static const struct format {
	enum photo_type	  type;
	const char	 *magic;	/* at offset 0 */
	size_t		  magic_len;
	const char	 *magic8;	/* at offset 8 too, or NULL */
	enum photo_error (*header)(const unsigned char *, size_t, int *,
			    int *);
	enum photo_error (*cost)(const unsigned char *, size_t);
	gdImagePtr	 (*decode)(const unsigned char *, size_t);
} formats[] = {
	{ PHOTO_JPEG, "\xff\xd8\xff", 3, NULL, jpeg_header, jpeg_cost,
	    jpeg_decode },
	{ PHOTO_PNG, "\x89PNG\r\n\x1a\n", 8, NULL, png_header, png_cost,
	    png_decode },
	{ PHOTO_WEBP, "RIFF", 4, "WEBP", webp_header, webp_cost,
	    webp_decode },
};

static const char *const error_codes[] = {
	[PHOTO_OK] = "ok",
	[PHOTO_EMPTY] = "empty",
	[PHOTO_TOO_BIG] = "too_big",
	[PHOTO_NOT_IMAGE] = "not_image",
	[PHOTO_TOO_MANY_PIXELS] = "too_many_pixels",
	[PHOTO_BROKEN] = "broken",
	[PHOTO_NOMEM] = "no_memory",
};

/*
 * Turning a photo upright, by EXIF Orientation (1 to 8; the EXIF 2.3
 * table names where the stored rows and columns belong). gd rotates
 * counter-clockwise, so a clockwise quarter turn is 270; 5 and 7 are the
 * mirrored quarter turns (transpose and transverse), done as a turn and
 * then a flip. 3 is a flip both ways: the same as a half turn, in place.
 */
enum flip {
	FLIP_NONE,
	FLIP_H,
	FLIP_V,
	FLIP_BOTH,
};

static const struct {
	int		 ccw;		/* degrees: 0, 90 or 270 */
	enum flip	 flip;		/* after the turn */
} upright[9] = {
	[1] = { 0, FLIP_NONE },
	[2] = { 0, FLIP_H },
	[3] = { 0, FLIP_BOTH },
	[4] = { 0, FLIP_V },
	[5] = { 270, FLIP_H },
	[6] = { 270, FLIP_NONE },
	[7] = { 270, FLIP_V },
	[8] = { 90, FLIP_NONE },
};

/*
 * JPEG. libjpeg's default error handler exit()s the process; ours jumps
 * back into the call that failed, whose jump buffer sits beside the
 * handler in the same stack object.
 */
struct jpeg_fail {
	struct jpeg_error_mgr	 mgr;	/* first: libjpeg passes &mgr */
	jmp_buf			 jmp;
};

static void
jpeg_fail_exit(j_common_ptr cinfo)
{
	struct jpeg_fail	*f = (struct jpeg_fail *)cinfo->err;

	longjmp(f->jmp, 1);
}

/* Warnings and errors are answered with a code, not printed. */
static void
jpeg_quiet(j_common_ptr cinfo)
{
	(void)cinfo;
}

/* The frame header (SOF0-3, 5-7, 9-11, 13-15) and the size read by libjpeg. */
static enum photo_error
jpeg_header(const unsigned char *p, size_t len, int *w, int *h)
{
	struct jpeg_decompress_struct	 cinfo;
	struct jpeg_fail		 fail;

	memset(&cinfo, 0, sizeof(cinfo));
	cinfo.err = jpeg_std_error(&fail.mgr);
	fail.mgr.error_exit = jpeg_fail_exit;
	fail.mgr.output_message = jpeg_quiet;
	if (setjmp(fail.jmp)) {
		jpeg_destroy_decompress(&cinfo);
		return (PHOTO_BROKEN);
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, p, (unsigned long)len);
	/* Markers up to the first scan's: the frame header, no pixels. */
	if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) {
		jpeg_destroy_decompress(&cinfo);
		return (PHOTO_BROKEN);
	}
	*w = (int)cinfo.image_width;	/* at most 65,500 */
	*h = (int)cinfo.image_height;
	jpeg_destroy_decompress(&cinfo);
	return (PHOTO_OK);
}

static int
jpeg_is_sof(int code)
{
	return (code >= 0xc0 && code <= 0xcf && code != 0xc4 &&
	    code != 0xc8 && code != 0xcc);
}

/*
 * What decoding a JPEG will cost, read from its markers alone: nothing
 * is decoded. libjpeg decodes a picture scan by scan, each scan over
 * every block of the components it names, and takes any number of
 * scans (a repeated one only warns): 1,000 copies of one 59-byte scan
 * of a 36-megapixel picture kept gd busy for 24 s, and 90 of a 40 MP
 * one 9 s. It also reads every marker it meets, one by one: 9.5 MB of
 * restart markers, comments or Huffman tables cost 0.3-0.5 s however
 * small the picture. So the markers are walked as libjpeg walks them
 * (a segment skipped by its length; in entropy-coded data FF 00 is a
 * byte and FF D0-D7 a restart) and the file is refused as broken when
 *
 *  - it has more than JPEG_MAX_SCANS scans (libjpeg's own progressive
 *    script has 10, 6 for grey: ten times that, as before);
 *  - its scans decode more than JPEG_MAX_PASSES blocks per block of the
 *    picture (that script decodes 5, a baseline JPEG 1);
 *  - it has more restart markers than its scans have blocks (a restart
 *    interval is at least one MCU, which is at least one block), or more
 *    than JPEG_MAX_SEGMENTS other segments.
 *
 * A walk that cannot make sense of the file leaves it to libjpeg.
 */
static enum photo_error
jpeg_cost(const unsigned char *p, size_t len)
{
	struct {
		int		 id;
		uint64_t	 blocks;	/* padded to whole MCUs */
	}			 comp[10];	/* libjpeg's MAX_COMPONENTS */
	const unsigned char	*q, *seg;
	uint64_t		 total = 0, visits = 0, restarts = 0;
	uint64_t		 segments = 0, found;
	size_t			 i = 2, n, seglen;
	int			 ncomp = 0, scans = 0, hmax = 1, vmax = 1;
	int			 code, k, c, x, y, mw, mh;

	while (i < len && (q = memchr(p + i, 0xff, len - i)) != NULL) {
		i = (size_t)(q - p);
		while (i < len && p[i] == 0xff)		/* fill bytes */
			i++;
		if (i >= len)
			break;
		code = p[i++];
		if (code == 0x00)	/* a byte of scan data, or garbage */
			continue;
		if ((code >= 0xd0 && code <= 0xd7) || code == 0x01 ||
		    code == 0xd8) {
			restarts += code != 0xd8;
			continue;	/* no length follows */
		}
		if (code == 0xd9 || len - i < 2)	/* EOI: the end */
			break;
		segments++;
		n = (size_t)p[i] << 8 | p[i + 1];
		seg = p + i + 2;
		seglen = n >= 2 ? n - 2 : 0;
		if (seglen > len - i - 2)
			seglen = len - i - 2;
		if (jpeg_is_sof(code) && ncomp == 0 && seglen >= 6) {
			y = seg[1] << 8 | seg[2];
			x = seg[3] << 8 | seg[4];
			for (k = 0; k < seg[5] && k < 10 &&
			    6 + 3 * (size_t)k + 1 < seglen; k++) {
				comp[k].id = seg[6 + 3 * k];
				c = seg[7 + 3 * k];
				comp[k].blocks = (uint64_t)((c >> 4) & 0xf) *
				    (c & 0xf);	/* h × v, for now */
				hmax = (c >> 4) > hmax ? (c >> 4) : hmax;
				vmax = (c & 0xf) > vmax ? (c & 0xf) : vmax;
			}
			ncomp = k;
			/* Whole MCUs of 8 hmax × 8 vmax pixels. */
			mw = (x + 8 * hmax - 1) / (8 * hmax);
			mh = (y + 8 * vmax - 1) / (8 * vmax);
			for (k = 0; k < ncomp; k++) {
				comp[k].blocks *= (uint64_t)mw * mh;
				total += comp[k].blocks;
			}
		} else if (code == 0xda) {
			scans++;
			found = 0;
			for (k = 0; seglen >= 1 && k < seg[0] &&
			    1 + 2 * (size_t)k < seglen; k++) {
				for (c = 0; c < ncomp; c++) {
					if (comp[c].id == seg[1 + 2 * k]) {
						found += comp[c].blocks;
						break;
					}
				}
			}
			/* A scan we cannot read: count it whole. */
			visits += found > 0 ? found : total;
		}
		i += n >= 2 ? n : 2;
	}
	if (total == 0)
		return (PHOTO_OK);	/* libjpeg will have its say */
	if (scans > JPEG_MAX_SCANS || visits > JPEG_MAX_PASSES * total ||
	    restarts > visits || segments > JPEG_MAX_SEGMENTS)
		return (PHOTO_BROKEN);
	return (PHOTO_OK);
}

/*
 * PNG. Errors jump to png_jmpbuf() without printing, as for JPEG; the
 * bytes are read from memory and running out of them is an error.
 */
struct png_src {
	const unsigned char	*p;
	size_t			 len;
	size_t			 off;
};

static void
png_read_mem(png_structp png, png_bytep out, png_size_t n)
{
	struct png_src	*s = png_get_io_ptr(png);

	if (n > s->len - s->off)
		png_error(png, "truncated");
	memcpy(out, s->p + s->off, n);
	s->off += n;
}

static void
png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void
png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/*
 * What libpng reads of an upload: the chunks that make the picture.
 * Text, profiles and every unknown chunk are skipped unread (a PNG of a
 * thousand compressed text chunks would otherwise be inflated, gigabytes
 * of it, before the first pixel), and what libpng may still keep is
 * capped.
 */
static void
png_limits(png_structp png)
{
	static const png_byte	 skip[] =
	    "zTXt\0iTXt\0tEXt\0iCCP\0sPLT\0eXIf\0";

	png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
	png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skip,
	    (int)(sizeof(skip) / 5));
	png_set_chunk_cache_max(png, 64);
	png_set_chunk_malloc_max(png, 1024 * 1024);
	/*
	 * libpng refuses sides over 1,000,000 by default, as a broken file.
	 * Lift that to the format's own limit so that every size a header
	 * can state reaches our cap and is refused as too many pixels.
	 */
	png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
}

static enum photo_error
png_header(const unsigned char *p, size_t len, int *w, int *h)
{
	png_structp	 png;
	png_infop	 info;
	struct png_src	 src = { p, len, 0 };

	if ((png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
	    png_fail, png_quiet)) == NULL)
		return (PHOTO_NOMEM);
	if ((info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return (PHOTO_NOMEM);
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_read_struct(&png, &info, NULL);
		return (PHOTO_BROKEN);
	}
	png_limits(png);
	png_set_read_fn(png, &src, png_read_mem);
	/* Chunks up to the first IDAT: IHDR checked (CRC too), no pixels. */
	png_read_info(png, info);
	*w = (int)png_get_image_width(png, info);	/* < 2^31 */
	*h = (int)png_get_image_height(png, info);
	png_destroy_read_struct(&png, &info, NULL);
	return (PHOTO_OK);
}

static enum photo_error
webp_header(const unsigned char *p, size_t len, int *w, int *h)
{
	WebPBitstreamFeatures	 f;

	if (WebPGetFeatures(p, len, &f) != VP8_STATUS_OK)
		return (PHOTO_BROKEN);
	*w = f.width;		/* at most 16,383 */
	*h = f.height;
	return (PHOTO_OK);
}

/*
 * gd's *Ptr readers take a non-const pointer but only read through it
 * (a gdIOCtx over memory it does not own or change).
 *
 * A JPEG cut short is decoded as far as it goes, the rest grey, with a
 * warning from libjpeg that we ignore: what is stored is a clean JPEG
 * either way, and a photo cut short by a bad connection is still one.
 */
static gdImagePtr
jpeg_decode(const unsigned char *p, size_t len)
{
	return (gdImageCreateFromJpegPtrEx((int)len, (void *)(uintptr_t)p,
	    1));
}

/*
 * The bytes of a PNG's picture before compression: each row of each
 * pass (seven when interlaced, Adam7) with its filter byte. A channel
 * count for each colour type; 0 for a type libpng refuses anyway.
 */
static uint64_t
png_raw_size(png_uint_32 w, png_uint_32 h, int depth, int colour,
    int interlace)
{
	static const int	 channels[7] = { 1, 0, 3, 1, 2, 0, 4 };
	uint64_t		 raw = 0;
	unsigned int		 bits;
	int			 pass;

	if (colour < 0 || colour > 6 || channels[colour] == 0)
		return (0);
	bits = (unsigned int)depth * channels[colour];
	if (interlace == PNG_INTERLACE_NONE)
		return ((uint64_t)h * (((uint64_t)w * bits + 7) / 8 + 1));
	for (pass = 0; pass < 7; pass++) {
		if (PNG_PASS_COLS(w, pass) == 0 || PNG_PASS_ROWS(h, pass) == 0)
			continue;
		raw += (uint64_t)PNG_PASS_ROWS(h, pass) *
		    (((uint64_t)PNG_PASS_COLS(w, pass) * bits + 7) / 8 + 1);
	}
	return (raw);
}

/*
 * A PNG whose compressed picture (its IDAT chunks' data) is far longer
 * than the picture itself: refused as broken. Deflate never needs much
 * more than its input (stored blocks add 5 bytes in 65,535, fixed codes
 * at worst 1 bit in 8), so raw + raw / 4 + PNG_IDAT_SLACK is more than
 * any encoder writes, and the 100 × 100 bomb (40 KB of pixels,
 * 9.5 MB of IDAT) is refused from its chunk lengths, nothing inflated.
 * A bigger picture can still carry a long tail after its last row:
 * png_decode() does not inflate it. Called after png_header(): the
 * IHDR at offset 8 is there, its CRC checked.
 */
static enum photo_error
png_cost(const unsigned char *p, size_t len)
{
	uint64_t	 raw, idat = 0;
	size_t		 off = 8, n;

	raw = png_raw_size(png_get_uint_32(p + 16), png_get_uint_32(p + 20),
	    p[24], p[25], p[28]);
	while (len - off >= 12) {
		n = png_get_uint_32(p + off);
		if (n > len - off - 12)
			break;		/* cut short: libpng will say */
		if (memcmp(p + off + 4, "IDAT", 4) == 0)
			idat += n;
		else if (memcmp(p + off + 4, "IEND", 4) == 0)
			break;
		off += 12 + n;
	}
	return (idat > raw + raw / 4 + PNG_IDAT_SLACK ? PHOTO_BROKEN :
	    PHOTO_OK);
}

/*
 * A PNG being decoded by libpng's progressive reader, the picture's RGBA
 * bytes in pixels (w × h × 4, calloc'd), ended once its IEND is read.
 */
struct png_push {
	png_bytep	 pixels;
	png_uint_32	 w, h;
	int		 ended;
};

/*
 * The header is read: the transforms to RGBA, and room for the rows.
 * From here on libpng's "benign" errors are errors: the progressive
 * reader takes corrupt image data for one (a bad checksum), and would
 * leave the rest of the picture blank where its usual reader refuses.
 */
static void
png_push_info(png_structp png, png_infop info)
{
	struct png_push	*s = png_get_progressive_ptr(png);

	png_set_benign_errors(png, 0);
	png_set_expand(png);		/* palette, low-bit grey, tRNS */
	png_set_strip_16(png);
	png_set_gray_to_rgb(png);
	png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
	(void)png_set_interlace_handling(png);
	png_read_update_info(png, info);
	s->w = png_get_image_width(png, info);
	s->h = png_get_image_height(png, info);
	if (png_get_rowbytes(png, info) != (size_t)s->w * 4 ||
	    (s->pixels = calloc((size_t)s->w * s->h, 4)) == NULL)
		png_error(png, "out of memory");
}

/* A row, or an interlaced pass's part of one, NULL when none. */
static void
png_push_row(png_structp png, png_bytep row, png_uint_32 y, int pass)
{
	struct png_push	*s = png_get_progressive_ptr(png);

	(void)pass;
	if (row != NULL && s->pixels != NULL && y < s->h)
		png_progressive_combine_row(png, s->pixels +
		    (size_t)y * s->w * 4, row);
}

static void
png_push_end(png_structp png, png_infop info)
{
	struct png_push	*s = png_get_progressive_ptr(png);

	(void)info;
	s->ended = 1;
}

/* The whole of p (len bytes) pushed through png: 0 when libpng failed. */
static int
png_push_all(png_structp png, png_infop info, const unsigned char *p,
    size_t len)
{
	if (setjmp(png_jmpbuf(png)))
		return (0);
	png_limits(png);
	png_process_data(png, info, (png_bytep)(uintptr_t)p, len);
	return (1);
}

/*
 * A PNG decoded with libpng itself rather than libgd, with the chunk
 * limits above, by its progressive reader: that one inflates into one
 * row at a time and stops at the first byte past the last row ("extra
 * compressed data"), the rest of the IDAT data only passing through
 * the CRC. libpng's usual reader, libgd's included, inflates the whole
 * stream to its end, after the last row too (a 100 × 100 picture
 * followed by 9 GiB of zeros: 21-30 s of a task thread). A file without
 * its IEND is cut short, and refused. Called after the probe: the size
 * is within our caps. RGBA, alpha kept (the caller flattens it onto
 * white).
 */
static gdImagePtr
png_decode(const unsigned char *p, size_t len)
{
	png_structp		 png;
	png_infop		 info;
	struct png_push		 s;
	gdImagePtr		 im = NULL;
	png_bytep		 q;
	png_uint_32		 x, y;

	memset(&s, 0, sizeof(s));
	if ((png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
	    png_fail, png_quiet)) == NULL)
		return (NULL);
	if ((info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return (NULL);
	}
	png_set_progressive_read_fn(png, &s, png_push_info, png_push_row,
	    png_push_end);
	if (png_push_all(png, info, p, len) && s.ended &&
	    s.pixels != NULL &&
	    (im = gdImageCreateTrueColor((int)s.w, (int)s.h)) != NULL) {
		for (y = 0; y < s.h; y++) {
			q = s.pixels + (size_t)y * s.w * 4;
			for (x = 0; x < s.w; x++, q += 4)
				im->tpixels[y][x] = gdTrueColorAlpha(q[0],
				    q[1], q[2], gdAlphaMax - (q[3] >> 1));
		}
	}
	free(s.pixels);
	png_destroy_read_struct(&png, &info, NULL);
	return (im);
}

/*
 * A WebP far longer than its pixels need: refused as broken. Lossless
 * WebP at its worst spends little more than 4 bytes a pixel, lossy much
 * less; WEBP_SLACK leaves room for metadata (ICC, EXIF, XMP). An
 * animation (which gd does not decode) is refused here too, before its
 * first frame is decoded.
 */
static enum photo_error
webp_cost(const unsigned char *p, size_t len)
{
	WebPBitstreamFeatures	 f;
	uint64_t		 raw;

	if (WebPGetFeatures(p, len, &f) != VP8_STATUS_OK || f.has_animation)
		return (PHOTO_BROKEN);
	raw = (uint64_t)f.width * f.height * 4;
	return (len > raw + raw / 4 + WEBP_SLACK ? PHOTO_BROKEN : PHOTO_OK);
}

static gdImagePtr
webp_decode(const unsigned char *p, size_t len)
{
	return (gdImageCreateFromWebpPtr((int)len, (void *)(uintptr_t)p));
}

static const struct format *
sniff(const unsigned char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (len < formats[i].magic_len ||
		    memcmp(p, formats[i].magic, formats[i].magic_len) != 0)
			continue;
		if (formats[i].magic8 != NULL && (len < 8 +
		    strlen(formats[i].magic8) || memcmp(p + 8,
		    formats[i].magic8, strlen(formats[i].magic8)) != 0))
			continue;
		return (&formats[i]);
	}
	return (NULL);
}

/*
 * The format of data (len bytes), checked, and its size in pixels: the
 * work of photo_probe(), which see. *f and the size are set as soon as
 * they are known.
 */
static enum photo_error
probe(const unsigned char *data, size_t len, const struct format **f,
    int *w, int *h)
{
	enum photo_error	 e;

	*f = NULL;
	*w = *h = 0;
	if (len == 0)
		return (PHOTO_EMPTY);
	if (len > PHOTO_MAX_BYTES)
		return (PHOTO_TOO_BIG);
	if ((*f = sniff(data, len)) == NULL)
		return (PHOTO_NOT_IMAGE);
	if ((e = (*f)->header(data, len, w, h)) != PHOTO_OK)
		return (e);
	if (*w <= 0 || *h <= 0)
		return (PHOTO_BROKEN);
	if (*w > PHOTO_MAX_SIDE || *h > PHOTO_MAX_SIDE ||
	    (long long)*w * *h > PHOTO_MAX_PIXELS)
		return (PHOTO_TOO_MANY_PIXELS);
	return (PHOTO_OK);
}

/*
 * The type of data (len bytes) into *type and its size in pixels into
 * *w and *h, from its header alone; each pointer may be NULL. The type
 * is set as soon as it is known and the size as soon as it is read, so
 * a refusal for too many pixels still says how many. Nothing is kept.
 */
enum photo_error
photo_probe(const void *data, size_t len, enum photo_type *type, int *w,
    int *h)
{
	const struct format	*f;
	enum photo_error	 e;
	int			 pw, ph;

	e = probe(data, len, &f, &pw, &ph);
	if (type != NULL)
		*type = f != NULL ? f->type : PHOTO_NONE;
	if (w != NULL)
		*w = pw;
	if (h != NULL)
		*h = ph;
	return (e);
}

/*
 * The EXIF Orientation of a JPEG, 1 (as stored) when it has none or a
 * nonsensical one. Only IFD0 counts: IFD1 describes the thumbnail.
 * libexif is told not to "fix" the data to the specification, which
 * would add entries we do not read.
 */
static int
jpeg_orientation(const unsigned char *p, size_t len)
{
	ExifData	*ed;
	ExifEntry	*e;
	int		 o = 1;

	if ((ed = exif_data_new()) == NULL)
		return (1);
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_load_data(ed, p, (unsigned int)len);
	e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e != NULL && e->format == EXIF_FORMAT_SHORT &&
	    e->components >= 1 && e->size >= 2)
		o = exif_get_short(e->data, exif_data_get_byte_order(ed));
	exif_data_unref(ed);
	return (o >= 1 && o <= 8 ? o : 1);
}

/*
 * im composited onto white, opaque, in true colour: in place when it is
 * true colour already, else into a new image (gd 2.3.3's
 * gdImagePaletteToTrueColor() would convert in place, but when memory
 * runs out it leaves a freed pointer for gdImageDestroy() to free
 * again). Takes im; NULL when out of memory (im freed). A colour-keyed PNG (tRNS on RGB) marks its
 * transparent pixels by value rather than by alpha: they become white
 * too. gd's palette pixels carry their alpha, the keyed index
 * gdAlphaTransparent.
 */
static gdImagePtr
flatten(gdImagePtr im)
{
	gdImagePtr	 tc = im;
	int		 x, y, c, key;

	if (!gdImageTrueColor(im) && (tc = gdImageCreateTrueColor(
	    gdImageSX(im), gdImageSY(im))) == NULL) {
		gdImageDestroy(im);
		return (NULL);
	}
	key = gdImageTrueColor(im) ? gdImageGetTransparent(im) : -1;
	for (y = 0; y < gdImageSY(im); y++) {
		for (x = 0; x < gdImageSX(im); x++) {
			c = gdImageGetTrueColorPixel(im, x, y);
			if (key >= 0 && c == key)
				c = WHITE;
			else if (gdTrueColorGetAlpha(c) != gdAlphaOpaque)
				c = gdAlphaBlend(WHITE, c);
			tc->tpixels[y][x] = c;
		}
	}
	if (tc != im)
		gdImageDestroy(im);
	gdImageColorTransparent(tc, -1);
	gdImageSaveAlpha(tc, 0);
	return (tc);
}

/*
 * im turned upright for EXIF orientation o. Takes im; returns it or its
 * turned copy, NULL when out of memory (im freed).
 */
static gdImagePtr
orient(gdImagePtr im, int o)
{
	gdImagePtr	 turned;

	if (upright[o].ccw != 0) {
		turned = gdImageRotateInterpolated(im, (float)upright[o].ccw,
		    WHITE);
		gdImageDestroy(im);
		if ((im = turned) == NULL)
			return (NULL);
	}
	switch (upright[o].flip) {
	case FLIP_H:
		gdImageFlipHorizontal(im);
		break;
	case FLIP_V:
		gdImageFlipVertical(im);
		break;
	case FLIP_BOTH:
		gdImageFlipBoth(im);
		break;
	case FLIP_NONE:
		break;
	}
	return (im);
}

/* w × h brought within max × max, proportions kept, never enlarged. */
static void
fit(int w, int h, int max, int *fw, int *fh)
{
	*fw = w;
	*fh = h;
	if (w <= max && h <= max)
		return;
	if (w >= h) {
		*fw = max;
		*fh = (int)(((long long)h * max + w / 2) / w);
	} else {
		*fh = max;
		*fw = (int)(((long long)w * max + h / 2) / h);
	}
	if (*fw < 1)
		*fw = 1;
	if (*fh < 1)
		*fh = 1;
}

/*
 * The sw × sh area of src at (sx, sy) resampled to a new w × h image,
 * or NULL. gd's resampling averages every source pixel under each
 * target pixel: no aliasing however far it shrinks.
 */
static gdImagePtr
resample(gdImagePtr src, int sx, int sy, int sw, int sh, int w, int h)
{
	gdImagePtr	 dst;

	if ((dst = gdImageCreateTrueColor(w, h)) == NULL)
		return (NULL);
	gdImageCopyResampled(dst, src, 0, 0, sx, sy, w, h, sw, sh);
	return (dst);
}

/*
 * src (or its whole as is, when already within max) fitted to max and
 * written as a JPEG into *jpeg (gdFree()) of *size bytes, its size in
 * *w × *h. The fitted image goes to *fitted when not NULL (the caller
 * destroys it unless it is src), else is destroyed.
 */
static enum photo_error
encode_fitted(gdImagePtr src, int max, void **jpeg, int *size, int *w,
    int *h, gdImagePtr *fitted)
{
	gdImagePtr	 im = src;

	fit(gdImageSX(src), gdImageSY(src), max, w, h);
	if ((*w != gdImageSX(src) || *h != gdImageSY(src)) &&
	    (im = resample(src, 0, 0, gdImageSX(src), gdImageSY(src), *w,
	    *h)) == NULL)
		return (PHOTO_NOMEM);
	*jpeg = gdImageJpegPtr(im, size, JPEG_QUALITY);
	if (fitted != NULL)
		*fitted = im;
	else if (im != src)
		gdImageDestroy(im);
	return (*jpeg == NULL ? PHOTO_NOMEM : PHOTO_OK);
}

/*
 * data probed, checked for its cost, decoded, flattened and turned
 * upright into *im (the caller destroys it); *im is NULL on failure.
 */
static enum photo_error
decode_upright(const void *data, size_t len, gdImagePtr *im)
{
	const struct format	*f;
	enum photo_error	 e;
	int			 w, h, o = 1;

	*im = NULL;
	if ((e = probe(data, len, &f, &w, &h)) != PHOTO_OK)
		return (e);
	if (f->cost != NULL && (e = f->cost(data, len)) != PHOTO_OK)
		return (e);
	if ((*im = f->decode(data, len)) == NULL)
		return (PHOTO_BROKEN);
	if (f->type == PHOTO_JPEG)
		o = jpeg_orientation(data, len);
	else if ((*im = flatten(*im)) == NULL)
		return (PHOTO_NOMEM);
	if ((*im = orient(*im, o)) == NULL)
		return (PHOTO_NOMEM);
	return (PHOTO_OK);
}

/*
 * Probe data, decode it, turn it upright and write the three sizes into
 * *out, which is zeroed first; the caller frees them with
 * photo_out_free() (safe after a failure too: out is then left zeroed).
 * The full size is made from the photo, the phone size from the full
 * one and the thumbnail from the phone size's centre square: each step
 * shrinks what the last one already shrank.
 */
enum photo_error
photo_process(const void *data, size_t len, struct photo_out *out)
{
	enum photo_error	 e;
	gdImagePtr		 im = NULL, full = NULL, phone = NULL;
	gdImagePtr		 thumb = NULL;
	int			 side;

	memset(out, 0, sizeof(*out));
	if ((e = decode_upright(data, len, &im)) != PHOTO_OK)
		return (e);

	if ((e = encode_fitted(im, PHOTO_FULL, &out->full, &out->full_size,
	    &out->full_w, &out->full_h, &full)) != PHOTO_OK)
		goto done;
	if ((e = encode_fitted(full, PHOTO_PHONE, &out->phone,
	    &out->phone_size, &out->phone_w, &out->phone_h, &phone)) !=
	    PHOTO_OK)
		goto done;
	side = out->phone_w < out->phone_h ? out->phone_w : out->phone_h;
	if ((thumb = resample(phone, (out->phone_w - side) / 2,
	    (out->phone_h - side) / 2, side, side, PHOTO_THUMB,
	    PHOTO_THUMB)) == NULL) {
		e = PHOTO_NOMEM;
		goto done;
	}
	if ((out->thumb = gdImageJpegPtr(thumb, &out->thumb_size,
	    JPEG_QUALITY)) == NULL)
		e = PHOTO_NOMEM;
done:
	/* full may be im, phone may be full: destroy each image once. */
	if (thumb != NULL)
		gdImageDestroy(thumb);
	if (phone != NULL && phone != full)
		gdImageDestroy(phone);
	if (full != NULL && full != im)
		gdImageDestroy(full);
	gdImageDestroy(im);
	if (e != PHOTO_OK)
		photo_out_free(out);
	return (e);
}

/*
 * A copy of a photo that shares no byte sequence with it: data (any type
 * photo_process() takes, in practice a photo's phone size) decoded, its
 * edges trimmed by t's pixels, and encoded afresh at PHOTO_COPY_QUALITY
 * into *jpeg (gdFree()) of *size bytes. No other rendition is written
 * at that quality: the quantisation tables in its header differ from
 * theirs whatever the pixels, so its bytes equal no photo_process()
 * output. The trim (the caller draws it at random) makes it unlike what
 * anyone could make by re-encoding a photo they can fetch, and changes
 * its size. t may be NULL; a trim that would leave less than
 * PHOTO_COPY_MIN pixels a side is not made. Pure, like photo_process().
 */
enum photo_error
photo_copy(const void *data, size_t len, const struct photo_trim *t,
    void **jpeg, int *size)
{
	enum photo_error	 e;
	gdImagePtr		 im, cut = NULL;
	int			 w, h, l = 0, r = 0, top = 0, bottom = 0;

	*jpeg = NULL;
	*size = 0;
	if ((e = decode_upright(data, len, &im)) != PHOTO_OK)
		return (e);
	w = gdImageSX(im);
	h = gdImageSY(im);
	if (t != NULL && t->left >= 0 && t->right >= 0 && t->top >= 0 &&
	    t->bottom >= 0 && t->left + t->right <= w - PHOTO_COPY_MIN &&
	    t->top + t->bottom <= h - PHOTO_COPY_MIN) {
		l = t->left;
		r = t->right;
		top = t->top;
		bottom = t->bottom;
	}
	if (l + r + top + bottom > 0) {
		if ((cut = gdImageCreateTrueColor(w - l - r,
		    h - top - bottom)) == NULL) {
			gdImageDestroy(im);
			return (PHOTO_NOMEM);
		}
		/* Pixels as they are: a crop, not a resampling. */
		gdImageCopy(cut, im, 0, 0, l, top, w - l - r, h - top - bottom);
		gdImageDestroy(im);
		im = cut;
	}
	*jpeg = gdImageJpegPtr(im, size, PHOTO_COPY_QUALITY);
	gdImageDestroy(im);
	return (*jpeg == NULL ? PHOTO_NOMEM : PHOTO_OK);
}

/* Frees what photo_process() made and zeroes out; NULL is fine. */
void
photo_out_free(struct photo_out *out)
{
	if (out == NULL)
		return;
	if (out->full != NULL)
		gdFree(out->full);
	if (out->phone != NULL)
		gdFree(out->phone);
	if (out->thumb != NULL)
		gdFree(out->thumb);
	memset(out, 0, sizeof(*out));
}

/* The code for e that the API answers with; "unknown" for no such e. */
const char *
photo_error_code(enum photo_error e)
{
	if ((size_t)e >= sizeof(error_codes) / sizeof(error_codes[0]) ||
	    error_codes[e] == NULL)
		return ("unknown");
	return (error_codes[e]);
}
