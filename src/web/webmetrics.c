/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * webmetrics.c: Prometheus metrics of one front end (docs/metrics.md):
 * the region mapped in the parent, each request counted by the route
 * table's row (its pattern names it: a bounded label set that never
 * holds a raw path, and so never a person's code or id), and the
 * /metrics handler.
 *
 * Who may scrape: the numbers are no one's personal data, but they tell
 * how busy the site is and which routes fail, which is for the operator.
 * So /metrics answers only a client on this machine talking to Kore
 * directly: the peer is a loopback address (or Kore's unix socket), and
 * the request carries none of the headers a proxy adds (X-Real-IP,
 * X-Forwarded-For, Forwarded). Behind the sample nginx every request
 * comes from 127.0.0.1, and its X-Real-IP is what tells web.c's
 * ctx_addr() the real client when YUJIANG_TRUST_PROXY=1; here any such
 * header refuses, trusted or not, because a request that went through a
 * proxy came from outside whatever the header says, and a forged one
 * only refuses its own sender. Everyone else gets the same 404 as a path
 * that does not exist. Prometheus on the machine scrapes 127.0.0.1:<kore
 * port> (or each front end's port); one on another machine goes through
 * an SSH tunnel or a local agent, never through nginx.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "metrics.h"
#include "web.h"
#include "webmetrics.h"

static const struct route	*table;
static size_t			 table_len;

void
webmetrics_configure(const struct route *t, size_t n)
{
	size_t	 workers;

	table = t;
	table_len = n;
	/* Kore's worker count as configured (0: one per core); its
	 * workers are numbered from 1. */
	workers = worker_count > 0 ? worker_count : cpu_count;
	if (!metrics_map(n, workers))
		kore_log(LOG_ERR, "yujiang: metrics cannot be mapped: %s",
		    strerror(errno));
}

void
webmetrics_attach(void)
{
	if (worker != NULL)
		metrics_attach(worker->id);
}

size_t
webmetrics_row(const char *path)
{
	size_t	 i;

	for (i = 0; i < table_len; i++) {
		if (strcmp(table[i].path, path) == 0)
			return (i);
	}
	return ((size_t)-1);
}

void
webmetrics_done(struct http_request *req, size_t row, uint64_t started)
{
	enum metric_method	 m;

	switch (req->method) {
	case HTTP_METHOD_GET:
		m = MM_GET;
		break;
	case HTTP_METHOD_HEAD:
		m = MM_HEAD;
		break;
	case HTTP_METHOD_POST:
		m = MM_POST;
		break;
	default:
		m = MM_OTHER;
		break;
	}
	metrics_request(row, m, req->status, metrics_now_us() - started);
}

/* The label of route row i: its path in the route table. */
static const char *
route_name(size_t i, void *arg)
{
	(void)arg;
	return (i < table_len ? table[i].path : "");
}

/* 1 when the request came straight from this machine (see the top). */
static int
local_scrape(struct http_request *req)
{
	static const char *const proxied[] = {
		"x-real-ip", "x-forwarded-for", "forwarded",
	};
	struct connection	*c = req->owner;
	const char		*h;
	const uint8_t		*a6;
	size_t			 i;
	int			 local;

	switch (c->family) {
	case AF_INET:
		local = (ntohl(c->addr.ipv4.sin_addr.s_addr) >> 24) == 127;
		break;
	case AF_INET6:
		a6 = c->addr.ipv6.sin6_addr.s6_addr;
		local = IN6_IS_ADDR_LOOPBACK(&c->addr.ipv6.sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&c->addr.ipv6.sin6_addr) &&
		    a6[12] == 127);
		break;
	case AF_UNIX:
		local = 1;
		break;
	default:
		local = 0;
		break;
	}
	for (i = 0; local && i < sizeof(proxied) / sizeof(proxied[0]); i++) {
		if (http_request_header(req, proxied[i], &h))
			local = 0;
	}
	return (local);
}

/* The numbers that are read at the scrape, not counted: the outbox. */
static void
write_outbox(struct buf *b)
{
	struct db_outbox_gauge	 g;
	int64_t			 age = 0, now = (int64_t)time(NULL);

	if (db_metrics_outbox(&g) != DB_OK)
		return;		/* logged by the store; counted as an error */
	if (g.oldest_unsent > 0 && now > g.oldest_unsent)
		age = now - g.oldest_unsent;
	metrics_family(b, "yujiang_outbox_messages", "gauge",
	    "Messages to people in the outbox, by state (sent ones are not "
	    "counted; dead ones wait for staff).");
	buf_printf(b, "yujiang_outbox_messages{state=\"queued\"} %lld\n"
	    "yujiang_outbox_messages{state=\"sending\"} %lld\n"
	    "yujiang_outbox_messages{state=\"dead\"} %lld\n",
	    (long long)g.queued, (long long)g.sending, (long long)g.dead);
	metrics_family(b, "yujiang_outbox_oldest_unsent_age_seconds", "gauge",
	    "How long the oldest message not yet sent has waited (0: none "
	    "waits).");
	buf_printf(b, "yujiang_outbox_oldest_unsent_age_seconds %lld\n",
	    (long long)age);
}

/*
 * GET /metrics (route R_NO_SESSION: a scrape opens no session and sets
 * no cookie). 404 unless local_scrape(), and when the server runs without
 * metrics (YUJIANG_METRICS=0).
 */
int
webmetrics_page(struct ctx *ctx)
{
	struct buf	 b;

	if (!metrics_on() || !local_scrape(ctx->req))
		return (web_fail(ctx, 404, "not_found", M_ERR_NOT_FOUND));
	buf_init(&b, 16384);
	metrics_write(&b, route_name, NULL);
	write_outbox(&b);
	metrics_family(&b, "yujiang_process_start_time_seconds", "gauge",
	    "When this front end's Kore parent started (Unix seconds).");
	buf_printf(&b, "yujiang_process_start_time_seconds %lld\n",
	    (long long)metrics_start_time());
	metrics_family(&b, "yujiang_build_info", "gauge",
	    "Always 1; the labels say what runs: the database schema this "
	    "build migrates to and the Kore it runs in.");
	buf_printf(&b, "yujiang_build_info{schema=\"%d\",kore=\"",
	    db_schema_latest());
	metrics_label(&b, kore_version);
	buf_puts(&b, "\"} 1\n");
	http_response_header(ctx->req, "content-type",
	    "text/plain; version=0.0.4; charset=utf-8");
	http_response_header(ctx->req, "cache-control", "no-store");
	http_response_header(ctx->req, "x-content-type-options", "nosniff");
	http_response(ctx->req, 200, b.data, b.len);
	buf_free(&b);
	return (KORE_RESULT_OK);
}
