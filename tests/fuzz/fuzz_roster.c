/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* Roster CSV, UTF-8 or GB18030 (roster_parse()). */
#include "fuzz.h"
#include "csvio.h"

int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)csv_codec_open();
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roster	 r;

	memset(&r, 0, sizeof(r));
	(void)roster_parse((const char *)data, size, &r);
	roster_free(&r);
	return (0);
}
