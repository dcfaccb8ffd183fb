/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_metrics.c: what a metrics scrape asks of the database (the rest of
 * the numbers are counted in memory: metrics.h). Each query here must
 * stay cheap at any size: a scrape comes every 15 seconds from every
 * Prometheus watching every front end.
 */
#include "db.h"
#include "db_int.h"

/* The outbox's depth and its oldest unsent message (db.h). */
enum db_result
db_metrics_outbox(struct db_outbox_gauge *g)
{
	int64_t		 v[4] = { 0, 0, 0, 0 };
	enum db_result	 r;

	r = db_one_ints(db_st(ST_METRICS_OUTBOX), v, 4);
	g->queued = v[0];
	g->sending = v[1];
	g->dead = v[2];
	g->oldest_unsent = v[3];
	return (r);
}
