/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* Identity document numbers and dates (realname.c): the first byte
 * picks the document type. */
#include "fuzz.h"
#include "realname.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum doc_type	 t;
	char		 num[REALNAME_NUMBER_MAX + 1], birth[11];
	char		 last[REALNAME_LAST + 1], *s;

	if (size < 1)
		return (0);
	t = (enum doc_type)(data[0] % DOC__COUNT);
	s = fuzz_str(data + 1, size - 1);
	(void)doc_type_parse(s, &t);
	t = (enum doc_type)(data[0] % DOC__COUNT);
	(void)realname_gb11643(s);
	(void)realname_check_char(s);
	if (realname_normalise(t, s, num) == RN_OK) {
		if (realname_birth(t, num, birth))
			(void)realname_age(birth, "2026-12-07");
		realname_last(num, last);
	}
	(void)realname_age(s, "2026-12-07");
	if (size > 11)
		(void)realname_age(s, s + 11);
	free(s);
	return (0);
}
