/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * web_pw.c: the worker's password jobs — an Argon2id hash or check for a
 * request, run on a Kore task thread so that the event loop (every page,
 * every verification) never waits for one.
 *
 * Each worker hashes at most pw_slots passwords at once (its share of the
 * machine's cores: cores / workers, at least 1); further jobs wait their
 * turn in FIFO order, at most pw_queue_max of them, and a job past that is
 * refused at once with 503 and Retry-After. Why: Argon2id is work and
 * memory (19 MiB each) that cannot be shared. Started all together, 20
 * logins on two cores each took 20 times as long and held 20 times the
 * memory; in turn, the first is answered after one hash, the others in
 * order, the memory held is the slots' only, and a burst larger than the
 * queue is told to come back rather than piling up until clients give up
 * (Kore's own task pool takes every task at once: two threads per worker,
 * each with a queue of its own that nothing bounds).
 *
 * The hashing threads run at a lower CPU priority than the event loop
 * (PW_NICE), so that beside a read load a login waits a little longer
 * rather than every verification.
 *
 * The job lives in the request's ctx: a queued job is unlinked when the
 * request goes (web_pw_release()), a running one keeps its request alive
 * (Kore does not free a request with an unfinished task), and its slot
 * is handed on when it ends, however it ends.
 */
#include <sys/resource.h>
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "web.h"

/* Default bound of the waiting jobs, per worker (YUJIANG_LOGIN_QUEUE). */
#define PW_QUEUE_DEFAULT	32
/* A hash's time on one core here (secret.c), for Retry-After, in ms. */
#define PW_HASH_MS		60
/* The hashing threads' nice value (the event loop's is 0). */
#define PW_NICE			5

enum pw_state {
	PW_NONE = 0,	/* no job, or its result was read */
	PW_QUEUED,	/* waiting for a slot */
	PW_RUNNING	/* on a task thread: holds a slot */
};

static TAILQ_HEAD(, pwjob)	pw_fifo = TAILQ_HEAD_INITIALIZER(pw_fifo);
static u_int			pw_running;	/* slots in use */
static u_int			pw_waiting;	/* jobs in pw_fifo */
static u_int			pw_slots;	/* 0: not yet known */
static u_int			pw_queue_max = PW_QUEUE_DEFAULT;
static u_int			pw_slots_env;	/* YUJIANG_LOGIN_HASHES */

static int	pw_task(struct kore_task *);
static void	pw_run(struct pwjob *);
static void	pw_next(void);
static void	pw_publish(void);
static int	pw_start(struct ctx *);
static int	pw_verify(struct ctx *, const char *, const char *, int);

/*
 * Parent, before the fork: the bounds. YUJIANG_LOGIN_QUEUE sets how many
 * jobs may wait per worker (0: none, a job without a free slot is
 * refused), YUJIANG_LOGIN_HASHES how many hash at once per worker
 * (default: cores / workers, at least 1).
 */
void
web_pw_configure(void)
{
	const char	*v;

	if ((v = getenv("YUJIANG_LOGIN_QUEUE")) != NULL && atoi(v) >= 0)
		pw_queue_max = (u_int)atoi(v);
	if ((v = getenv("YUJIANG_LOGIN_HASHES")) != NULL && atoi(v) > 0)
		pw_slots_env = (u_int)atoi(v);
}

/* Runs on a task thread: touches only the job, never Kore or SQLite. */
static int
pw_task(struct kore_task *t)
{
	static __thread int	 niced;
	struct pwjob		*job = (struct pwjob *)t;

	/* This thread only (Linux: nice is per thread); once, as an
	 * unprivileged worker cannot lower it again. */
	if (!niced) {
		(void)setpriority(PRIO_PROCESS, 0, PW_NICE);
		niced = 1;
	}
	job->fresh[0] = '\0';
	if (job->verify) {
		job->ok = secret_password_verify(job->stored, job->password);
		if (job->ok && job->upgrade &&
		    secret_password_stale(job->stored) &&
		    !secret_password_hash(job->password, job->fresh))
			job->fresh[0] = '\0';
	} else
		job->ok = secret_password_hash(job->password, job->stored);
	secret_wipe(job->password, sizeof(job->password));
	__atomic_store_n(&job->done, 1, __ATOMIC_RELEASE);
	return (KORE_RESULT_OK);
}

/* Give job a slot and a task thread; its request sleeps until it ends. */
static void
pw_run(struct pwjob *job)
{
	job->state = PW_RUNNING;
	pw_running++;
	kore_task_create(&job->task, pw_task);
	kore_task_bind_request(&job->task, job->ctx->req);
	kore_task_run(&job->task);
	pw_publish();
}

/* The queue's depth, for a metrics scrape from any worker. */
static void
pw_publish(void)
{
	metrics_gauge_set(MG_LOGIN_RUNNING, pw_running);
	metrics_gauge_set(MG_LOGIN_WAITING, pw_waiting);
}

/* A slot came free: the longest-waiting job takes it. */
static void
pw_next(void)
{
	struct pwjob	*job;

	while (pw_running < pw_slots && (job = TAILQ_FIRST(&pw_fifo)) != NULL) {
		TAILQ_REMOVE(&pw_fifo, job, fifo);
		pw_waiting--;
		pw_run(job);
	}
	pw_publish();
}

/*
 * Start ctx's job or queue it. 1 when it will run: the handler returns
 * KORE_RESULT_RETRY and is called again until web_pw_done(). 0 when the
 * queue is full: 503 with Retry-After was answered (the password wiped),
 * and the handler returns KORE_RESULT_OK.
 */
static int
pw_start(struct ctx *ctx)
{
	struct pwjob	*job = &ctx->job;
	char		 s[16];
	u_int		 wait;

	if (pw_slots == 0) {
		/* cpu_count and worker_count: Kore's, read in the parent. */
		pw_slots = pw_slots_env ? pw_slots_env :
		    worker_count > 0 && cpu_count > worker_count ?
		    cpu_count / worker_count : 1;
	}
	job->ctx = ctx;
	job->started = 1;
	job->done = 0;
	if (pw_running < pw_slots) {
		pw_run(job);
		return (1);
	}
	if (pw_waiting >= pw_queue_max) {
		secret_wipe(job->password, sizeof(job->password));
		secret_wipe(job->stored, sizeof(job->stored));
		/* Roughly when the queue ahead will have drained. */
		wait = 1 + (pw_waiting + 1) * PW_HASH_MS / pw_slots / 1000;
		(void)snprintf(s, sizeof(s), "%u", wait);
		http_response_header(ctx->req, "retry-after", s);
		(void)web_fail(ctx, 503, "busy", M_ERR_PW_QUEUE_FULL);
		return (0);
	}
	job->state = PW_QUEUED;
	TAILQ_INSERT_TAIL(&pw_fifo, job, fifo);
	pw_waiting++;
	pw_publish();
	http_request_sleep(ctx->req);
	return (1);
}

/*
 * Hash password off the event loop (into ctx->job.stored). 1: the
 * handler returns KORE_RESULT_RETRY; 0: refused, answered (pw_start()).
 */
int
web_pw_hash(struct ctx *ctx, const char *password)
{
	ctx->job.verify = 0;
	ctx->job.upgrade = 0;
	(void)snprintf(ctx->job.password, sizeof(ctx->job.password), "%s",
	    password);
	return (pw_start(ctx));
}

static int
pw_verify(struct ctx *ctx, const char *stored, const char *password,
    int upgrade)
{
	ctx->job.verify = 1;
	ctx->job.upgrade = upgrade;
	if (stored != ctx->job.stored)
		(void)snprintf(ctx->job.stored, sizeof(ctx->job.stored), "%s",
		    stored);
	(void)snprintf(ctx->job.password, sizeof(ctx->job.password), "%s",
	    password);
	return (pw_start(ctx));
}

/*
 * Check password against stored off the event loop (result in
 * ctx->job.ok). 1: the handler returns KORE_RESULT_RETRY; 0: refused,
 * answered (pw_start()).
 */
int
web_pw_verify(struct ctx *ctx, const char *stored, const char *password)
{
	return (pw_verify(ctx, stored, password, 0));
}

/*
 * As web_pw_verify(), for a login: when the password is right and stored
 * was made with parameters no longer current (secret_password_stale()),
 * the same thread hashes it again into ctx->job.fresh, for the handler
 * to store (db_password_upgrade()); fresh is "" otherwise.
 */
int
web_pw_login(struct ctx *ctx, const char *stored, const char *password)
{
	return (pw_verify(ctx, stored, password, 1));
}

/*
 * 1 when the password job has finished (result in ctx->job.ok, a hash in
 * ctx->job.stored); 0 when the handler must return KORE_RESULT_RETRY.
 */
int
web_pw_done(struct ctx *ctx)
{
	struct pwjob	*job = &ctx->job;

	if (job->state == PW_QUEUED ||
	    kore_task_state(&job->task) != KORE_TASK_STATE_FINISHED) {
		http_request_sleep(ctx->req);
		return (0);
	}
	kore_task_destroy(&job->task);
	if (job->state == PW_RUNNING) {
		job->state = PW_NONE;
		pw_running--;
		pw_next();
	}
	return (1);
}

/*
 * The request is going (Kore's onfree, perhaps more than once): a queued
 * job leaves the queue; a finished job nobody read gives its slot on.
 * A job still running keeps its slot until Kore calls again, after it.
 */
void
web_pw_release(struct ctx *ctx)
{
	struct pwjob	*job = &ctx->job;

	switch (job->state) {
	case PW_QUEUED:
		TAILQ_REMOVE(&pw_fifo, job, fifo);
		pw_waiting--;
		job->state = PW_NONE;
		pw_publish();
		break;
	case PW_RUNNING:
		if (!__atomic_load_n(&job->done, __ATOMIC_ACQUIRE))
			return;
		job->state = PW_NONE;
		pw_running--;
		pw_next();
		break;
	default:
		break;
	}
	secret_wipe(job->password, sizeof(job->password));
	secret_wipe(job->fresh, sizeof(job->fresh));
}
