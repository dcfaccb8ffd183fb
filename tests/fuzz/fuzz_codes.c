/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* Serials, certificate codes, one-time codes and the enum codes typed
 * or sent in URLs (serial.c, code.c). */
#include "fuzz.h"
#include "code.h"
#include "serial.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum cert_kind	 k;
	enum cert_lang	 l;
	char		 out[CODE_DIGITS + 1], *s;

	s = fuzz_str(data, size);
	(void)serial_valid(s);
	(void)serial_code_valid(s);
	(void)cert_kind_parse(s, &k);
	(void)cert_lang_parse(s, &l);
	if (code_normalise(s, out) && strlen(out) != CODE_DIGITS)
		abort();
	free(s);
	return (0);
}
