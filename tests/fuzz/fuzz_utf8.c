/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* The UTF-8 helpers and the name and account readers (identity.c). */
#include "fuzz.h"
#include "identity.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 out[256], *s, *t;
	unsigned int	 cp;
	size_t		 n, k;
	enum role	 r;
	enum track	 tr;
	enum stage	 st;

	/* The bytes as given, NULs and all. */
	(void)utf8_valid((const char *)data, size);
	(void)utf8_seq((const char *)data, size, &cp);
	n = utf8_scrub(out, 1 + (size ? data[0] % sizeof(out) : 0),
	    (const char *)data, size);
	if (utf8_valid(out, n) != n)
		abort();	/* a scrubbed text is valid */
	s = fuzz_str(data, size);
	(void)utf8_chars(s, &k);
	(void)utf8_clean(s, &k);
	(void)utf8_chars_lines(s, &k);
	(void)identity_name(s, out, sizeof(out));
	(void)identity_account(s, out, sizeof(out));
	(void)identity_password(s);
	(void)role_parse(s, &r);
	(void)track_parse(s, &tr);
	(void)stage_parse(s, &st);
	t = utf8_trim(s);
	(void)utf8_cut(t, size ? data[0] % 64 : 0, strlen(t) + 1);
	free(s);
	return (0);
}
