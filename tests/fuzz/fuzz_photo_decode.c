/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * Photo streams: probe, then decode, turn upright, re-encode
 * (photo_process()), and a trimmed copy (photo_copy()). Bounded: only
 * images of at most FUZZ_PIXELS by their header are decoded, so that
 * each run stays fast; the probe's own limits are fuzzed by photo_probe.
 */
#include "fuzz.h"
#include "photo.h"

#define FUZZ_PIXELS	(256 * 256)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct photo_out	 o;
	struct photo_trim	 trim = { 1, 2, 3, 4 };
	enum photo_type		 t;
	void			*copy = NULL;
	int			 w, h, n;

	if (photo_probe(data, size, &t, &w, &h) != PHOTO_OK ||
	    (long)w * h > FUZZ_PIXELS)
		return (0);
	memset(&o, 0, sizeof(o));
	if (photo_process(data, size, &o) == PHOTO_OK)
		photo_out_free(&o);
	if (photo_copy(data, size, &trim, &copy, &n) == PHOTO_OK)
		free(copy);
	return (0);
}
