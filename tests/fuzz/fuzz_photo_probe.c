/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* The photo probe: PNG, JPEG and WebP headers (photo_probe()). */
#include "fuzz.h"
#include "photo.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum photo_type	 t;
	int		 w, h;

	(void)photo_probe(data, size, &t, &w, &h);
	return (0);
}
