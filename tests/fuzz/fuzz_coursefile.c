/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* Course files: YAML front matter and Markdown (coursefile_parse()). */
#include "fuzz.h"
#include "coursefile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct course		 c;
	struct course_error	 err;

	memset(&c, 0, sizeof(c));
	if (coursefile_parse((const char *)data, size, &c, &err))
		course_free(&c);
	return (0);
}
