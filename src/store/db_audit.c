/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_audit.c: the audit trail — one line per change worth answering for,
 * written by every store file inside the transaction of the change it
 * records. The table is append-only: triggers refuse UPDATE and DELETE.
 */
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "db_int.h"

/* Append one line to the audit trail (inside the caller's transaction). */
enum db_result
db_audit(int64_t actor, const char *action, const char *subject,
    const char *detail, int64_t now)
{
	struct dbq	*q = db_st(ST_AUDIT_INSERT);

	db_bind_int64(q, 1, now);
	if (actor > 0)
		db_bind_int64(q, 2, actor);
	db_bind_text(q, 3, action);
	if (subject != NULL)
		db_bind_text(q, 4, subject);
	if (detail != NULL)
		db_bind_text(q, 5, detail);
	return (db_exec(q));
}

/*
 * The line of a change to one row: its subject "<kind>:<id>" ("user:7",
 * "run:12", "competition:3"), as every store file names one.
 */
enum db_result
db_audit_id(int64_t actor, const char *action, const char *kind, int64_t id,
    const char *detail, int64_t now)
{
	char	 subject[48];

	(void)snprintf(subject, sizeof(subject), "%s:%lld", kind,
	    (long long)id);
	return (db_audit(actor, action, subject, detail, now));
}

/* How many audit lines have action. */
enum db_result
db_audit_count(const char *action, int64_t *n)
{
	return (db_count(ST_AUDIT_COUNT, action, 0, n));
}

