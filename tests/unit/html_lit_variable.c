/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * Must NOT compile: raw markup can only be a string literal. tests/run.sh
 * builds this and counts a successful build as a failed test.
 */
#include "html.h"

void	hostile(struct buf *, const char *);

void
hostile(struct buf *b, const char *user_text)
{
	html_lit(b, user_text);
}
