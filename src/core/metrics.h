/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * metrics.h: the server's counters, gauges and histograms, shared by
 * every worker of one front end, and their Prometheus text exposition
 * (format 0.0.4; docs/metrics.md lists every family).
 *
 * Kore runs one parent and several workers, and a scrape is answered by
 * whichever worker accepted it: the numbers live in one MAP_SHARED |
 * MAP_ANONYMOUS region the parent maps before the workers fork
 * (metrics_map()). Each worker writes only its own slot (its Kore worker
 * id), with relaxed C11 atomics (its task threads write it too); a scrape
 * sums the slots. No lock anywhere: a reader may see one request counted
 * in a bucket before its latency reached the sum, never a count going
 * back. A worker restarted after a crash takes over its slot, so the
 * counters keep rising.
 *
 * Nothing here knows Kore or SQLite: the store counts its busy and failed
 * statements through it (db.c) and yujiang-admin, which maps no region,
 * counts into nothing.
 */
#ifndef YJ_METRICS_H
#define YJ_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Counters without labels. */
enum metric_counter {
	MC_DB_BUSY,		/* a statement found the write lock held */
	MC_DB_ERROR,		/* a statement failed (db_map's DB_ERROR) */
	MC_SIGNER_FAILURE,	/* the signing process did not sign */
	MC__COUNT
};

/* Gauges, one value per worker, summed at a scrape. */
enum metric_gauge {
	MG_TASKS,		/* Kore tasks of web_work_start() in flight */
	MG_LOGIN_RUNNING,	/* password hashes on task threads */
	MG_LOGIN_WAITING,	/* password jobs waiting in the FIFO */
	MG__COUNT
};

/* The request methods counted apart. */
enum metric_method {
	MM_GET,
	MM_HEAD,
	MM_POST,
	MM_OTHER,
	MM__COUNT
};

/*
 * Map the shared region for nroutes routes and workers numbered 1 ..
 * nworkers (Kore's worker ids), in the parent before the fork; it lasts
 * as long as the process and its children. Also notes the process's
 * start time. 0 (errno set) when it cannot be mapped.
 */
int		 metrics_map(size_t nroutes, size_t nworkers);

/*
 * Make this process write into worker id's slot (each worker, at start).
 * An id outside the region, or no region, leaves it counting nothing.
 */
void		 metrics_attach(size_t id);

/* 1 when this process counts into a slot. */
int		 metrics_on(void);

/* A monotonic clock in microseconds, for the latencies. */
uint64_t	 metrics_now_us(void);

void		 metrics_count(enum metric_counter);
void		 metrics_gauge_set(enum metric_gauge, int64_t);
void		 metrics_gauge_add(enum metric_gauge, int64_t);

/*
 * One answered request: the route's row in the route table, its method,
 * the status sent (0: none, the connection was dropped) and how long it
 * took, in microseconds.
 */
void		 metrics_request(size_t route, enum metric_method, int status,
		    uint64_t us);

/* One round trip to the signing process: ok or not, in microseconds. */
void		 metrics_signer(int ok, uint64_t us);

/*
 * Append the exposition of everything in the region to b: the HELP and
 * TYPE lines of every family, then its samples (routes that served no
 * request are left out). route_name(i, arg) names route row i (a
 * pattern of the route table, never a raw path: the label set stays
 * bounded and holds no person's data). Nothing is appended when no
 * region is mapped.
 */
void		 metrics_write(struct buf *b,
		    const char *(*route_name)(size_t, void *), void *arg);

/* "# HELP" and "# TYPE" lines of a family the caller fills in. */
void		 metrics_family(struct buf *b, const char *name,
		    const char *type, const char *help);

/* A label value escaped for the exposition (\\, \", \n). */
void		 metrics_label(struct buf *b, const char *value);

/* The start time of the process that mapped the region (Unix seconds). */
int64_t		 metrics_start_time(void);

#endif
