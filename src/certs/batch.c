/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * batch.c: drawing certificates on Kore task threads and the ZIP of a
 * batch (see batch.h). The issuer that signs them is issuer.c's.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "batch.h"

/* One certificate drawn for a request. */
struct render_job {
	struct cert	 cert;
	char		 err[256];
};

static int
render_run_cb(void *arg)
{
	struct render_job	*j = arg;

	return (certfile_render(".", &j->cert, j->err, sizeof(j->err)));
}

/* On the event loop, the task done: what the files take is recorded. */
static void
render_free(void *arg)
{
	struct render_job	*j = arg;

	certfile_account(".", &j->cert);
	free(j);
}

/*
 * Draw c on a task thread; the handler comes back (KORE_RESULT_RETRY)
 * and finds ctx->work.result set. Returns KORE_RESULT_RETRY.
 */
int
batch_render_start(struct ctx *ctx, const struct cert *c)
{
	struct render_job	*j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		abort();
	j->cert = *c;
	web_work_start(ctx, render_run_cb, j, render_free);
	return (KORE_RESULT_RETRY);
}

/* The id of the certificate batch_render_start() drew for this request:
 * the handler's answer is about it when it comes back. */
int64_t
batch_render_id(const struct ctx *ctx)
{
	const struct render_job	*j = ctx->work.arg;

	return (j->cert.id);
}

/*
 * A batch being drawn: its certificates, loaded once, handed out in
 * chunks of BATCH_CHUNK to tasks, two at a time (one per core). A task
 * holds its Kore thread only for a chunk, so a login's password check
 * queued behind it waits a fraction of a second, not the whole batch.
 */
struct batch_run {
	int64_t		 id;
	struct cert	*certs;
	size_t		 n, cap;
	size_t		 next;		/* the next to hand out */
	int		 done, failed;
	int		 tasks;		/* in flight */
};

struct chunk {
	struct kore_task	 task;	/* first: the callback gets it */
	struct batch_run	*run;
	size_t			 from, to;
	int			 ok, bad;
};

static int	chunk_launch(struct batch_run *);

static int
batch_collect_cb(const struct cert *c, void *arg)
{
	struct batch_run	*b = arg;
	struct cert		*grown;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		/* Out of memory: stop, as every allocation here does (a
		 * batch that silently missed people would be worse). */
		if ((grown = reallocarray(b->certs, b->cap,
		    sizeof(*grown))) == NULL)
			abort();
		b->certs = grown;
	}
	b->certs[b->n++] = *c;
	return (1);
}

static int
chunk_run(struct kore_task *t)
{
	struct chunk	*ch = (struct chunk *)t;
	char		 err[256];
	size_t		 i;

	for (i = ch->from; i < ch->to; i++) {
		if (certfile_render(".", &ch->run->certs[i], err, sizeof(err)))
			ch->ok++;
		else
			ch->bad++;
	}
	return (KORE_RESULT_OK);
}

static void
batch_finish(struct batch_run *b)
{
	if (db_batch_progress(b->id, b->done, b->failed, 1,
	    (int64_t)time(NULL)) != DB_OK)
		kore_log(LOG_ERR, "batch %lld: progress not saved",
		    (long long)b->id);
	if (b->failed > 0)
		kore_log(LOG_ERR, "batch %lld: %d certificates not drawn",
		    (long long)b->id, b->failed);
	free(b->certs);
	free(b);
}

/* On the event loop, when a chunk's task has finished. */
static void
chunk_done(struct kore_task *t)
{
	struct chunk		*ch = (struct chunk *)t;
	struct batch_run	*b = ch->run;

	size_t			 i;

	if (!kore_task_finished(t))
		return;
	for (i = ch->from; i < ch->to; i++)
		certfile_account(".", &b->certs[i]);
	b->done += ch->ok;
	b->failed += ch->bad;
	b->tasks--;
	kore_task_destroy(t);
	free(ch);
	(void)chunk_launch(b);
	if (b->tasks == 0) {
		batch_finish(b);
		return;
	}
	(void)db_batch_progress(b->id, b->done, b->failed, 0,
	    (int64_t)time(NULL));
}

static int
chunk_launch(struct batch_run *b)
{
	struct chunk	*ch;

	if (b->next >= b->n)
		return (0);
	if ((ch = calloc(1, sizeof(*ch))) == NULL)
		abort();
	ch->run = b;
	ch->from = b->next;
	ch->to = b->next + BATCH_CHUNK < b->n ? b->next + BATCH_CHUNK : b->n;
	b->next = ch->to;
	b->tasks++;
	kore_task_create(&ch->task, chunk_run);
	kore_task_bind_callback(&ch->task, chunk_done);
	kore_task_run(&ch->task);
	return (1);
}

/* Draw every certificate of batch id, in the background. */
void
batch_start(int64_t id)
{
	struct batch_run	*b;
	int			 k;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		abort();
	b->id = id;
	if (db_certs_of_batch(id, batch_collect_cb, b) != DB_OK) {
		kore_log(LOG_ERR, "batch %lld: cannot read it", (long long)id);
		b->failed = 1;
		batch_finish(b);
		return;
	}
	for (k = 0; k < kore_task_threads; k++)
		(void)chunk_launch(b);
	if (b->tasks == 0)
		batch_finish(b);
}

int
batch_zip_path(int64_t id, char *out, size_t outsz)
{
	return (snprintf(out, outsz, CERT_DIR "/batch-%lld.zip",
	    (long long)id) < (int)outsz);
}

/* A certificate of batch id was revoked or replaced: its ZIP is rebuilt
 * (without it, with its successor) when next asked for. */
void
batch_zip_stale(int64_t id)
{
	char	 path[128];

	if (id != 0 && batch_zip_path(id, path, sizeof(path)) &&
	    unlink(path) == -1 && errno != ENOENT)
		kore_log(LOG_ERR, "%s: %s", path, strerror(errno));
}

/* What a batch's ZIP holds: the certificates that stand. */
static int
zip_collect_cb(const struct cert *c, void *arg)
{
	/* A suspended one is left out while it lasts, like a revoked one;
	 * suspending and reinstating make the ZIP again. */
	if (!c->current || c->revoked != 0 || c->suspended != 0)
		return (1);
	return (batch_collect_cb(c, arg));
}

/*
 * A batch's ZIP being built on a task thread, from the list read at the
 * batch's version `version`; written to tmp, renamed to path only by
 * zip_place() on the event loop, under the write lock, if the version
 * is unchanged (a revocation meanwhile would otherwise be undone).
 */
struct zip_job {
	struct cert	*certs;
	size_t		 n;
	int64_t		 batch;
	int64_t		 version;
	int		 tries;
	char		 path[128];
	char		 tmp[160];
	char		 err[256];
};

#define ZIP_TRIES	4	/* builds per request before a 503 */

static void
zip_job_free(void *arg)
{
	struct zip_job	*j = arg;

	if (j->tmp[0] != '\0')
		(void)unlink(j->tmp);
	free(j->certs);
	free(j);
}

/*
 * Build the ZIP in memory with libzip, each certificate's PNG and print
 * PDF (stored, not compressed: they are compressed already) and write it with our own temporary file
 * and rename: libzip's own file output calls umask() and fchmod(), which
 * the workers' sandbox does not allow.
 */
static int
zip_run_cb(void *arg)
{
	struct zip_job	*j = arg;
	zip_source_t	*mem, *src;
	zip_error_t	 ze;
	zip_t		*za;
	zip_int64_t	 idx, got;
	char		 png[128], name[64], tmp[160], chunk[65536];
	size_t		 i;
	int		 fd, ok = 0;

	zip_error_init(&ze);
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL) {
		(void)snprintf(j->err, sizeof(j->err), "zip: %s",
		    zip_error_strerror(&ze));
		if (mem != NULL)
			zip_source_free(mem);
		zip_error_fini(&ze);
		return (0);
	}
	zip_source_keep(mem);
	for (i = 0; i < j->n * 2; i++) {
		/* Each certificate's PNG, then its print PDF. */
		if (i % 2 == 0)
			certfile_path(&j->certs[i / 2], png, sizeof(png));
		else
			certfile_pdf_path(&j->certs[i / 2], png, sizeof(png));
		if (access(png, R_OK) == -1 && !certfile_render(".",
		    &j->certs[i / 2], j->err, sizeof(j->err)))
			goto out;
		(void)snprintf(name, sizeof(name), "%s.%s",
		    j->certs[i / 2].serial, i % 2 == 0 ? "png" : "pdf");
		if ((src = zip_source_file(za, png, 0, -1)) == NULL)
			goto zerr;
		if ((idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(src);
			goto zerr;
		}
		(void)zip_set_file_compression(za, (zip_uint64_t)idx,
		    ZIP_CM_STORE, 0);
	}
	if (zip_close(za) == -1)
		goto zerr;	/* za stays open: discarded below */
	za = NULL;
	(void)snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", j->path, (long)gettid());
	(void)snprintf(j->tmp, sizeof(j->tmp), "%s", tmp);
	if (zip_source_open(mem) == -1)
		goto zerr;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
	    0600)) == -1) {
		(void)snprintf(j->err, sizeof(j->err), "%s: %s", tmp,
		    strerror(errno));
		(void)zip_source_close(mem);
		goto out;
	}
	ok = 1;
	while ((got = zip_source_read(mem, chunk, sizeof(chunk))) > 0) {
		if (write(fd, chunk, (size_t)got) != got)
			ok = 0;
	}
	(void)zip_source_close(mem);
	if (close(fd) == -1 || got < 0 || !ok) {
		(void)snprintf(j->err, sizeof(j->err), "%s: cannot write",
		    j->path);
		(void)unlink(tmp);
		j->tmp[0] = '\0';
		ok = 0;
	}
	goto out;
zerr:
	(void)snprintf(j->err, sizeof(j->err), "zip: %s", za != NULL ?
	    zip_strerror(za) : zip_error_strerror(zip_source_error(mem)));
out:
	if (za != NULL)
		zip_discard(za);
	zip_source_free(mem);
	zip_error_fini(&ze);
	return (ok);
}

/* The list of batch id's certificates that stand, and the version it
 * was read at (read first: a change after it shows as a new version). */
static enum db_result
zip_collect_job(struct zip_job *j, int64_t id)
{
	struct batch_run	 b;
	enum db_result		 r;

	memset(&b, 0, sizeof(b));
	free(j->certs);
	j->certs = NULL;
	j->n = 0;
	j->batch = id;
	if ((r = db_batch_version(id, &j->version)) != DB_OK ||
	    (r = db_certs_of_batch(id, zip_collect_cb, &b)) != DB_OK) {
		free(b.certs);
		return (r);
	}
	j->certs = b.certs;
	j->n = b.n;
	return (DB_OK);
}

/* Build batch id's ZIP on a task thread. Returns KORE_RESULT_RETRY. */
int
batch_zip_start(struct ctx *ctx, int64_t id)
{
	struct zip_job		*j;
	enum db_result		 r;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		abort();
	if ((r = zip_collect_job(j, id)) != DB_OK) {
		zip_job_free(j);
		return (web_busy(ctx, r));
	}
	(void)batch_zip_path(id, j->path, sizeof(j->path));
	web_work_start(ctx, zip_run_cb, j, zip_job_free);
	return (KORE_RESULT_RETRY);
}

/* The id of the batch whose ZIP batch_zip_start() built for this
 * request. */
int64_t
batch_zip_id(const struct ctx *ctx)
{
	const struct zip_job	*j = ctx->work.arg;

	return (j->batch);
}

static int
zip_into_place_cb(void *arg)
{
	struct zip_job	*j = arg;

	if (rename(j->tmp, j->path) == -1)
		return (0);
	j->tmp[0] = '\0';
	return (1);
}

/*
 * Once the ZIP job is done (web_work_done()): 1 when its ZIP is in place
 * and may be sent. Else 0 and *ret is what the handler returns: a build
 * started again from a fresh list (a certificate of the batch changed
 * meanwhile, or the ZIP placed was removed before it could be sent), or
 * an error answered.
 */
int
batch_zip_done(struct ctx *ctx, int *ret)
{
	struct zip_job	*j = ctx->work.arg;
	enum db_result	 r;
	int		 placed;

	if (!ctx->work.result) {
		kore_log(LOG_ERR, "batch %lld: %s", (long long)j->batch, j->err);
		*ret = web_fail(ctx, 500, "internal", M_ERR_INTERNAL);
		return (0);
	}
	if ((r = db_batch_place(j->batch, j->version, zip_into_place_cb, j,
	    &placed)) != DB_OK) {
		*ret = web_busy(ctx, r);
		return (0);
	}
	if (placed)
		return (1);
	*ret = batch_zip_again(ctx);
	return (0);
}

/* The ZIP of the request's job is stale: build it again, a few times at
 * most. Returns what the handler returns. */
int
batch_zip_again(struct ctx *ctx)
{
	struct zip_job	*j = ctx->work.arg;
	enum db_result	 r;

	if (j->tmp[0] != '\0')
		(void)unlink(j->tmp);
	j->tmp[0] = '\0';
	if (++j->tries >= ZIP_TRIES) {
		http_response_header(ctx->req, "retry-after", "2");
		return (web_fail(ctx, 503, "busy", M_ERR_BUSY));
	}
	if ((r = zip_collect_job(j, j->batch)) != DB_OK)
		return (web_busy(ctx, r));
	web_work_start(ctx, zip_run_cb, j, zip_job_free);
	return (KORE_RESULT_RETRY);
}
