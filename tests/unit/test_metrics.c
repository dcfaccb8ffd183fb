/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_metrics.c: the shared counters (metrics.h) across real processes
 * — a region mapped before fork(), children counting into their own
 * slots at once (threads each), the parent's exposition summing them —
 * and the exposition's details: cumulative buckets whose +Inf is
 * _count, latencies landing in the right bucket, escaped route labels,
 * nothing counted by a process without a slot.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "metrics.h"

#define WORKERS		3
#define THREADS		4
#define PER_THREAD	20000

static const char *const names[] = {
	"/hello", "^/v/[0-9A-Za-z]{1,64}$", "^/runs/[0-9]{1,12}/x\\.csv$",
	"quote\"and\nnewline",
};

static const char *
route_name(size_t i, void *arg)
{
	(void)arg;
	return (names[i]);
}

/* The value of the sample line starting with prefix (-1: none). */
static long long
sample(const char *text, const char *prefix)
{
	const char	*p = text;
	size_t		 n = strlen(prefix);

	while ((p = strstr(p, prefix)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return (atoll(p + n + 1));
		p += n;
	}
	return (-1);
}

static void *
hammer(void *arg)
{
	int	 i;

	(void)arg;
	for (i = 0; i < PER_THREAD; i++) {
		metrics_request(0, MM_GET, 200, 700);
		metrics_count(MC_DB_BUSY);
	}
	return (NULL);
}

/* Workers 1..WORKERS as forked processes, THREADS threads each. */
static void
shared_across_processes(void **state)
{
	pthread_t	 t[THREADS];
	struct buf	 b;
	pid_t		 pid[WORKERS];
	int		 i, k, status;
	char		 want[64];

	(void)state;
	assert_true(metrics_map(sizeof(names) / sizeof(names[0]), WORKERS));
	/* The parent has no slot: it counts nothing. */
	metrics_count(MC_DB_BUSY);
	assert_false(metrics_on());
	for (i = 0; i < WORKERS; i++) {
		if ((pid[i] = fork()) == 0) {
			metrics_attach((size_t)i + 1);
			for (k = 0; k < THREADS; k++)
				(void)pthread_create(&t[k], NULL, hammer, NULL);
			for (k = 0; k < THREADS; k++)
				(void)pthread_join(t[k], NULL);
			metrics_request(1, MM_HEAD, 404, 3000);
			metrics_request(2, MM_POST, 0, 20000000);
			metrics_gauge_set(MG_LOGIN_WAITING, i + 1);
			metrics_signer(1, 80);
			metrics_signer(0, 0);
			_exit(0);
		}
		assert_true(pid[i] > 0);
	}
	for (i = 0; i < WORKERS; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}

	buf_init(&b, 4096);
	metrics_write(&b, route_name, NULL);
	assert_int_equal(sample(b.data, "yujiang_http_requests_total{route="
	    "\"/hello\",method=\"GET\",status=\"2xx\"}"),
	    WORKERS * THREADS * PER_THREAD);
	assert_int_equal(sample(b.data, "yujiang_db_busy_total"),
	    WORKERS * THREADS * PER_THREAD);
	for (i = 1; i <= WORKERS; i++) {
		(void)snprintf(want, sizeof(want),
		    "yujiang_worker_http_requests_total{worker=\"%d\"}", i);
		assert_int_equal(sample(b.data, want), THREADS * PER_THREAD + 2);
	}
	/* 700 µs: in the first bucket (1 ms) and every later one. */
	assert_int_equal(sample(b.data, "yujiang_http_request_duration_seconds"
	    "_bucket{route=\"/hello\",le=\"0.001\"}"),
	    WORKERS * THREADS * PER_THREAD);
	assert_int_equal(sample(b.data, "yujiang_http_request_duration_seconds"
	    "_count{route=\"/hello\"}"), WORKERS * THREADS * PER_THREAD);
	/* 3 ms: not under 2.5 ms, under 5 ms. */
	assert_int_equal(sample(b.data, "yujiang_http_request_duration_seconds"
	    "_bucket{route=\"^/v/[0-9A-Za-z]{1,64}$\",le=\"0.0025\"}"), 0);
	assert_int_equal(sample(b.data, "yujiang_http_request_duration_seconds"
	    "_bucket{route=\"^/v/[0-9A-Za-z]{1,64}$\",le=\"0.005\"}"),
	    WORKERS);
	assert_int_equal(sample(b.data, "yujiang_http_responses_total"
	    "{code=\"404\"}"), WORKERS);
	/* 20 s: past the last bound, only in +Inf; no answer: "none",
	 * and no exact code. The backslash of the route is escaped. */
	assert_int_equal(sample(b.data, "yujiang_http_request_duration_seconds"
	    "_bucket{route=\"^/runs/[0-9]{1,12}/x\\\\.csv$\",le=\"10\"}"), 0);
	assert_int_equal(sample(b.data, "yujiang_http_request_duration_seconds"
	    "_bucket{route=\"^/runs/[0-9]{1,12}/x\\\\.csv$\",le=\"+Inf\"}"),
	    WORKERS);
	assert_int_equal(sample(b.data, "yujiang_http_requests_total{route="
	    "\"^/runs/[0-9]{1,12}/x\\\\.csv$\",method=\"POST\","
	    "status=\"none\"}"), WORKERS);
	assert_null(strstr(b.data, "code=\"0\""));
	/* A route that served nothing has no series. */
	assert_null(strstr(b.data, "newline"));
	assert_int_equal(sample(b.data, "yujiang_login_queue_depth"),
	    1 + 2 + 3);
	assert_int_equal(sample(b.data,
	    "yujiang_signer_request_duration_seconds_bucket{le=\"0.00005\"}"),
	    0);
	assert_int_equal(sample(b.data,
	    "yujiang_signer_request_duration_seconds_bucket{le=\"0.0001\"}"),
	    WORKERS);
	assert_int_equal(sample(b.data,
	    "yujiang_signer_request_duration_seconds_count"), WORKERS);
	assert_int_equal(sample(b.data, "yujiang_signer_failures_total"),
	    WORKERS);
	assert_non_null(strstr(b.data,
	    "# TYPE yujiang_http_request_duration_seconds histogram\n"));
	assert_int_equal(b.data[b.len - 1], '\n');
	buf_free(&b);
}

static void
label_escapes(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 64);
	metrics_label(&b, names[3]);
	metrics_label(&b, "a\\b");
	assert_string_equal(b.data, "quote\\\"and\\nnewlinea\\\\b");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shared_across_processes),
		cmocka_unit_test(label_escapes),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
