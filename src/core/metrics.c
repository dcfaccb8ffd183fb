/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * metrics.c: the shared counters of one front end and their Prometheus
 * text exposition (metrics.h says why one shared region, slots per
 * worker and relaxed atomics).
 *
 * The region is nworkers + 1 slots (Kore numbers its workers from 1; slot
 * 0 is never written), each a fixed part (counters, gauges, the responses
 * by code, the signer's histogram) and one struct mroute per row of the
 * route table. A histogram keeps its buckets apart (an observation adds
 * one to the first bucket that holds it) and its sum; the scrape adds
 * them up into Prometheus' cumulative buckets, so `_count` is the +Inf
 * bucket by construction, never a second counter that could disagree.
 */
#include <sys/mman.h>

#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "metrics.h"

/* The status classes counted per route: 1xx .. 5xx, and none sent. */
#define CLASSES		6
#define CLASS_NONE	5
/* The exact codes counted (without route): 100 .. 599. */
#define CODE_MIN	100
#define CODE_MAX	599

struct bucket {
	uint64_t	 us;		/* upper bound, inclusive */
	const char	*le;		/* the same, in seconds, as exposed */
};

/* A request's time, from a static file (~50 µs) to a PDF (seconds). */
static const struct bucket http_buckets[] = {
	{ 1000, "0.001" }, { 2500, "0.0025" }, { 5000, "0.005" },
	{ 10000, "0.01" }, { 25000, "0.025" }, { 50000, "0.05" },
	{ 100000, "0.1" }, { 250000, "0.25" }, { 500000, "0.5" },
	{ 1000000, "1" }, { 2500000, "2.5" }, { 5000000, "5" },
	{ 10000000, "10" },
};
#define HTTP_BUCKETS	(sizeof(http_buckets) / sizeof(http_buckets[0]))

/* A signature's round trip (~50 µs) up to the signer's timeout. */
static const struct bucket signer_buckets[] = {
	{ 50, "0.00005" }, { 100, "0.0001" }, { 250, "0.00025" },
	{ 500, "0.0005" }, { 1000, "0.001" }, { 2500, "0.0025" },
	{ 5000, "0.005" }, { 10000, "0.01" }, { 50000, "0.05" },
	{ 250000, "0.25" }, { 1000000, "1" },
};
#define SIGNER_BUCKETS	(sizeof(signer_buckets) / sizeof(signer_buckets[0]))

static const char *const method_names[MM__COUNT] = {
	[MM_GET] = "GET", [MM_HEAD] = "HEAD", [MM_POST] = "POST",
	[MM_OTHER] = "other",
};

static const char *const class_names[CLASSES] = {
	"1xx", "2xx", "3xx", "4xx", "5xx", "none",
};

static const struct {
	const char	*name;
	const char	*help;
} counter_names[MC__COUNT] = {
	[MC_DB_BUSY] = { "yujiang_db_busy_total",
	    "Statements that found the database's write lock held "
	    "(answered 503 busy, or retried off the event loop)." },
	[MC_DB_ERROR] = { "yujiang_db_errors_total",
	    "Statements that failed with a database error (not busy, not a "
	    "constraint)." },
	[MC_SIGNER_FAILURE] = { "yujiang_signer_failures_total",
	    "Signing requests the signing process did not answer in time or "
	    "refused." },
}, gauge_names[MG__COUNT] = {
	[MG_TASKS] = { "yujiang_tasks_in_flight",
	    "Kore tasks (pictures, PDFs, imports, exports) queued or running "
	    "on task threads." },
	[MG_LOGIN_RUNNING] = { "yujiang_login_hashes_running",
	    "Password hashes (Argon2id) running on task threads." },
	[MG_LOGIN_WAITING] = { "yujiang_login_queue_depth",
	    "Password jobs waiting in the workers' FIFO for a hashing slot." },
};

struct mroute {
	_Atomic uint64_t	 req[MM__COUNT][CLASSES];
	_Atomic uint64_t	 bucket[HTTP_BUCKETS + 1];	/* last: +Inf */
	_Atomic uint64_t	 sum_us;
};

struct mslot {
	_Atomic uint64_t	 counter[MC__COUNT];
	_Atomic int64_t		 gauge[MG__COUNT];
	_Atomic uint64_t	 code[CODE_MAX - CODE_MIN + 1];
	_Atomic uint64_t	 signer[SIGNER_BUCKETS + 1];	/* last: +Inf */
	_Atomic uint64_t	 signer_sum_us;
	struct mroute		 route[];
};

/* Set in the parent before the fork, inherited by every worker. */
static unsigned char	*region;
static size_t		 slot_size, nslots, nroutes;
static int64_t		 started;
/* This worker's slot (NULL: count nothing). */
static struct mslot	*mine;

static struct mslot *
slot_at(size_t i)
{
	return ((struct mslot *)(void *)(region + i * slot_size));
}

int
metrics_map(size_t routes, size_t workers)
{
	size_t	 size, align = _Alignof(struct mslot);

	started = (int64_t)time(NULL);
	nroutes = routes;
	nslots = workers + 1;
	slot_size = sizeof(struct mslot) + routes * sizeof(struct mroute);
	slot_size = (slot_size + align - 1) / align * align;
	size = slot_size * nslots;
	/* Zero-filled, shared with every child forked after this. */
	region = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		region = NULL;
		nslots = 0;
		return (0);
	}
	return (1);
}

void
metrics_attach(size_t id)
{
	mine = region != NULL && id > 0 && id < nslots ? slot_at(id) : NULL;
}

int
metrics_on(void)
{
	return (mine != NULL);
}

int64_t
metrics_start_time(void)
{
	return (started);
}

uint64_t
metrics_now_us(void)
{
	struct timespec	 ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

void
metrics_count(enum metric_counter c)
{
	if (mine != NULL)
		atomic_fetch_add_explicit(&mine->counter[c], 1,
		    memory_order_relaxed);
}

void
metrics_gauge_set(enum metric_gauge g, int64_t v)
{
	if (mine != NULL)
		atomic_store_explicit(&mine->gauge[g], v, memory_order_relaxed);
}

void
metrics_gauge_add(enum metric_gauge g, int64_t v)
{
	if (mine != NULL)
		atomic_fetch_add_explicit(&mine->gauge[g], v,
		    memory_order_relaxed);
}

/* The index of the first bucket holding us (n: the +Inf bucket). */
static size_t
bucket_of(const struct bucket *b, size_t n, uint64_t us)
{
	size_t	 i;

	for (i = 0; i < n && us > b[i].us; i++)
		;
	return (i);
}

void
metrics_request(size_t route, enum metric_method m, int status,
    uint64_t us)
{
	struct mroute	*r;
	size_t		 cls;

	if (mine == NULL || route >= nroutes || (unsigned)m >= MM__COUNT)
		return;
	r = &mine->route[route];
	cls = status >= CODE_MIN && status <= CODE_MAX ?
	    (size_t)(status / 100 - 1) : CLASS_NONE;
	atomic_fetch_add_explicit(&r->req[m][cls], 1, memory_order_relaxed);
	if (cls != CLASS_NONE)
		atomic_fetch_add_explicit(&mine->code[status - CODE_MIN], 1,
		    memory_order_relaxed);
	atomic_fetch_add_explicit(&r->bucket[bucket_of(http_buckets,
	    HTTP_BUCKETS, us)], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->sum_us, us, memory_order_relaxed);
}

void
metrics_signer(int ok, uint64_t us)
{
	if (mine == NULL)
		return;
	if (!ok) {
		metrics_count(MC_SIGNER_FAILURE);
		return;
	}
	atomic_fetch_add_explicit(&mine->signer[bucket_of(signer_buckets,
	    SIGNER_BUCKETS, us)], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&mine->signer_sum_us, us,
	    memory_order_relaxed);
}

static uint64_t
load(_Atomic uint64_t *p)
{
	return (atomic_load_explicit(p, memory_order_relaxed));
}

void
metrics_label(struct buf *b, const char *v)
{
	const char	*s;

	for (s = v; *s != '\0'; s++) {
		if (*s == '\\')
			buf_puts(b, "\\\\");
		else if (*s == '"')
			buf_puts(b, "\\\"");
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else
			buf_append(b, s, 1);
	}
}

void
metrics_family(struct buf *b, const char *name, const char *type,
    const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/*
 * A histogram's samples from its separate buckets (n bounds, then +Inf)
 * and its sum: cumulative buckets, _sum in seconds, _count = +Inf.
 * labels is "" or `name="value",` ready to paste before le.
 */
static void
histogram(struct buf *b, const char *name, const char *labels,
    const struct bucket *bounds, size_t n, const uint64_t *sep,
    uint64_t sum_us)
{
	uint64_t	 cum = 0;
	size_t		 i;
	size_t		 ll = strlen(labels);

	for (i = 0; i < n; i++) {
		cum += sep[i];
		buf_printf(b, "%s_bucket{%sle=\"%s\"} %" PRIu64 "\n", name,
		    labels, bounds[i].le, cum);
	}
	cum += sep[n];
	buf_printf(b, "%s_bucket{%sle=\"+Inf\"} %" PRIu64 "\n", name, labels,
	    cum);
	/* Without labels: no braces at all; with: drop the last comma. */
	if (ll == 0) {
		buf_printf(b, "%s_sum %" PRIu64 ".%06" PRIu64 "\n", name,
		    sum_us / 1000000, sum_us % 1000000);
		buf_printf(b, "%s_count %" PRIu64 "\n", name, cum);
	} else {
		buf_printf(b, "%s_sum{%.*s} %" PRIu64 ".%06" PRIu64 "\n", name,
		    (int)(ll - 1), labels, sum_us / 1000000, sum_us % 1000000);
		buf_printf(b, "%s_count{%.*s} %" PRIu64 "\n", name,
		    (int)(ll - 1), labels, cum);
	}
}

/* Requests by route, method and status class, summed over the slots. */
static void
write_requests(struct buf *b, const char *(*route_name)(size_t, void *),
    void *arg)
{
	uint64_t	 v;
	size_t		 i, m, c, s;

	metrics_family(b, "yujiang_http_requests_total", "counter",
	    "Requests answered, by route (the route table's pattern), method "
	    "and status class (none: the connection was dropped unanswered).");
	for (i = 0; i < nroutes; i++) {
		for (m = 0; m < MM__COUNT; m++) {
			for (c = 0; c < CLASSES; c++) {
				for (v = 0, s = 1; s < nslots; s++)
					v += load(&slot_at(s)->route[i].req[m][c]);
				if (v == 0)
					continue;
				buf_puts(b, "yujiang_http_requests_total{route=\"");
				metrics_label(b, route_name(i, arg));
				buf_printf(b, "\",method=\"%s\",status=\"%s\"} %"
				    PRIu64 "\n", method_names[m], class_names[c],
				    v);
			}
		}
	}
}

/* The latency histogram of every route that answered a request. */
static void
write_latency(struct buf *b, const char *(*route_name)(size_t, void *),
    void *arg)
{
	struct buf	 labels;
	uint64_t	 sep[HTTP_BUCKETS + 1], sum, total;
	size_t		 i, k, s;

	metrics_family(b, "yujiang_http_request_duration_seconds", "histogram",
	    "Time from the request's dispatch to its answer, by route.");
	buf_init(&labels, 128);
	for (i = 0; i < nroutes; i++) {
		total = sum = 0;
		for (k = 0; k <= HTTP_BUCKETS; k++) {
			for (sep[k] = 0, s = 1; s < nslots; s++)
				sep[k] += load(&slot_at(s)->route[i].bucket[k]);
			total += sep[k];
		}
		if (total == 0)
			continue;
		for (s = 1; s < nslots; s++)
			sum += load(&slot_at(s)->route[i].sum_us);
		buf_reset(&labels);
		buf_puts(&labels, "route=\"");
		metrics_label(&labels, route_name(i, arg));
		buf_puts(&labels, "\",");
		histogram(b, "yujiang_http_request_duration_seconds",
		    labels.data, http_buckets, HTTP_BUCKETS, sep, sum);
	}
	buf_free(&labels);
}

void
metrics_write(struct buf *b, const char *(*route_name)(size_t, void *),
    void *arg)
{
	uint64_t	 v, sep[SIGNER_BUCKETS + 1], sum;
	int64_t		 g;
	size_t		 i, k, s;

	if (region == NULL)
		return;
	write_requests(b, route_name, arg);

	metrics_family(b, "yujiang_http_responses_total", "counter",
	    "Responses by exact status code, every route together.");
	for (k = 0; k <= CODE_MAX - CODE_MIN; k++) {
		for (v = 0, s = 1; s < nslots; s++)
			v += load(&slot_at(s)->code[k]);
		if (v > 0)
			buf_printf(b, "yujiang_http_responses_total{code=\"%zu\"} %"
			    PRIu64 "\n", k + CODE_MIN, v);
	}

	metrics_family(b, "yujiang_worker_http_requests_total", "counter",
	    "Requests answered by each worker process of this front end.");
	for (s = 1; s < nslots; s++) {
		for (v = 0, i = 0; i < nroutes; i++) {
			for (k = 0; k <= HTTP_BUCKETS; k++)
				v += load(&slot_at(s)->route[i].bucket[k]);
		}
		buf_printf(b, "yujiang_worker_http_requests_total{worker=\"%zu\"} "
		    "%" PRIu64 "\n", s, v);
	}

	write_latency(b, route_name, arg);

	for (k = 0; k < MC__COUNT; k++) {
		metrics_family(b, counter_names[k].name, "counter",
		    counter_names[k].help);
		for (v = 0, s = 1; s < nslots; s++)
			v += load(&slot_at(s)->counter[k]);
		buf_printf(b, "%s %" PRIu64 "\n", counter_names[k].name, v);
	}

	metrics_family(b, "yujiang_signer_request_duration_seconds",
	    "histogram", "Round trip of a signature asked of the signing "
	    "process (answered ones; failures are counted apart).");
	for (k = 0; k <= SIGNER_BUCKETS; k++) {
		for (sep[k] = 0, s = 1; s < nslots; s++)
			sep[k] += load(&slot_at(s)->signer[k]);
	}
	for (sum = 0, s = 1; s < nslots; s++)
		sum += load(&slot_at(s)->signer_sum_us);
	histogram(b, "yujiang_signer_request_duration_seconds", "",
	    signer_buckets, SIGNER_BUCKETS, sep, sum);

	for (k = 0; k < MG__COUNT; k++) {
		metrics_family(b, gauge_names[k].name, "gauge",
		    gauge_names[k].help);
		for (g = 0, s = 1; s < nslots; s++)
			g += atomic_load_explicit(&slot_at(s)->gauge[k],
			    memory_order_relaxed);
		buf_printf(b, "%s %" PRId64 "\n", gauge_names[k].name, g);
	}
}
