/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * photo.h: photos of works, from a phone to the page. An upload is never
 * served as sent: its type is sniffed from its bytes (never its name or
 * its part's content type), its size in pixels read from its header alone
 * and capped before anything is decoded (a 50,000 × 50,000 PNG is a few
 * kilobytes and would need 10 GB), then it is decoded with libgd, turned
 * upright (EXIF orientation, libexif) and re-encoded as three JPEGs —
 * which drops every bit of metadata, GPS included. Pure: no I/O, and
 * thread-safe, so it runs on Kore task threads.
 */
#ifndef YJ_PHOTO_H
#define YJ_PHOTO_H

#include <stddef.h>

#define PHOTO_MAX_BYTES		(10 * 1024 * 1024)
#define PHOTO_MAX_PIXELS	(40 * 1000 * 1000)	/* a 40-megapixel camera */
#define PHOTO_MAX_SIDE		16384
#define PHOTO_FULL		2048	/* longest side of each size, px */
#define PHOTO_PHONE		1080
#define PHOTO_THUMB		320	/* a square, centre-cropped */
/* photo_copy(): a competition entry's own copy of a photo. */
#define PHOTO_COPY_QUALITY	80	/* the renditions are 85 */
#define PHOTO_COPY_MIN		16	/* px a side left by a trim */
#define PHOTO_COPY_TRIM		4	/* most px trimmed at an edge */

enum photo_type {
	PHOTO_NONE,
	PHOTO_JPEG,
	PHOTO_PNG,
	PHOTO_WEBP,
};

enum photo_error {
	PHOTO_OK,
	PHOTO_EMPTY,		/* no bytes */
	PHOTO_TOO_BIG,		/* more than PHOTO_MAX_BYTES */
	PHOTO_NOT_IMAGE,	/* not a JPEG, PNG or WebP */
	PHOTO_TOO_MANY_PIXELS,	/* over PHOTO_MAX_PIXELS or PHOTO_MAX_SIDE */
	PHOTO_BROKEN,		/* says it is one, but does not decode */
	PHOTO_NOMEM,
};

struct photo_out {
	void	*full;		/* JPEG, gdFree()d by photo_out_free() */
	int	 full_size;
	int	 full_w, full_h;
	void	*phone;
	int	 phone_size;
	int	 phone_w, phone_h;
	void	*thumb;
	int	 thumb_size;	/* PHOTO_THUMB square */
};

/* Pixels cut off each edge by photo_copy(). */
struct photo_trim {
	int	 left, top, right, bottom;
};

/* The type and the size in pixels, from the header only. */
enum photo_error photo_probe(const void *, size_t, enum photo_type *,
		    int *, int *);
/* Probe, decode, turn upright, re-encode the three sizes. */
enum photo_error photo_process(const void *, size_t, struct photo_out *);
void		 photo_out_free(struct photo_out *);
/* A copy unlike every rendition: decoded, trimmed, encoded afresh. */
enum photo_error photo_copy(const void *, size_t, const struct photo_trim *,
		    void **, int *);
const char	*photo_error_code(enum photo_error);	/* "not_image" … */

#endif
