/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_metrics.h: the interface of db_metrics.c, part of the store's.
 * Included by db.h, after the types it needs; never on its own.
 */
#ifndef YJ_DB_METRICS_H
#define YJ_DB_METRICS_H

/*
 * For a metrics scrape (db_metrics.c): the outbox's messages queued,
 * being sent and dead, and the time (Unix seconds) the oldest message
 * not yet sent was queued, 0 when there is none. DB_OK or db_map's.
 */
struct db_outbox_gauge {
	int64_t	 queued, sending, dead;
	int64_t	 oldest_unsent;
};

enum db_result	 db_metrics_outbox(struct db_outbox_gauge *);

#endif
