/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/* Mark strings as stored and logged (score_marks_parse()): the first
 * byte picks the criteria count and the mode's maximum. */
#include "fuzz.h"
#include "score.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int	 m[SCORE_MAX_CRITERIA];
	char	 out[SCORE_MARKS_MAX], *s;
	int	 ncrit, max;

	if (size < 1)
		return (0);
	ncrit = 1 + data[0] % SCORE_MAX_CRITERIA;
	max = score_mark_max(data[0] & 0x80 ? SCORE_WORLDSKILLS :
	    SCORE_WEIGHTED);
	s = fuzz_str(data + 1, size - 1);
	if (score_marks_parse(s, ncrit, max, m)) {
		/* What parses formats back to the same text. */
		score_marks_format(m, ncrit, out);
		if (strcmp(out, s) != 0)
			abort();
	}
	free(s);
	return (0);
}
