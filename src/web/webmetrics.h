/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * webmetrics.h: the Kore side of the metrics (the counting itself and the
 * exposition are the core's metrics.c): the shared region mapped before
 * the fork, every answered request counted by its route, and GET
 * /metrics, answered to a local scraper only.
 */
#ifndef YJ_WEBMETRICS_H
#define YJ_WEBMETRICS_H

#include <stddef.h>
#include <stdint.h>

#include <kore/kore.h>
#include <kore/http.h>

struct ctx;
struct route;

/*
 * Parent, before the fork: map the counters for the route table (borrowed:
 * static in app.c) and Kore's workers. A failure is logged and leaves the
 * server running without metrics.
 */
void	 webmetrics_configure(const struct route *, size_t);

/* Each worker, at start: count into this worker's slot. */
void	 webmetrics_attach(void);

/* The route table's row of path (an exact route's path), for a direct
 * handler to count itself; (size_t)-1 when there is none. */
size_t	 webmetrics_row(const char *);

/*
 * Count req, answered (or dropped: status 0) by the route at row since
 * started (metrics_now_us()). The dispatcher calls it once per request,
 * when the handler has returned anything but KORE_RESULT_RETRY; direct
 * handlers call it themselves.
 */
void	 webmetrics_done(struct http_request *, size_t, uint64_t);

/* GET /metrics: the exposition, to a local scraper only (else 404). */
int	 webmetrics_page(struct ctx *);

#endif
