/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_batch.c: certificates issued in batches — a run's completers in one
 * transaction — and the progress of drawing their files, which a worker
 * records as it goes so an interrupted batch is found and finished.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"

#define BATCH_STALE	60	/* seconds without progress: stopped */

/* A run's completer without a certificate: kept when checked, else counted. */
static int
uncertified_fill(struct dbq *q, void *e, void *arg)
{
	int64_t	*id = e;
	int	*unverified = arg;

	if (db_col_int(q, 1) == 0) {	/* not checked */
		(*unverified)++;
		return (0);
	}
	*id = db_col_int64(q, 0);
	return (1);
}

/*
 * Issue, in one transaction, a certificate to every completer of run
 * who has none yet and whose identity is checked, as one batch. Those
 * not checked yet are passed over and counted in *unverified (listed by
 * db_run_unverified()): one graduate who has not been to the station
 * must not hold up the class, and the next batch of the run picks them
 * up once checked. *batch is 0 when nobody was left (e.g. the same batch
 * started twice at once: the second finds all issued). *issued counts
 * the new ones, *completers everyone who passed. *v is CV_FULL or
 * CV_TOO_LONG when one of them cannot be issued: then none is.
 */
enum db_result
db_batch_issue_run(int64_t run, enum cert_lang lang,
    const struct cert_issuer *is, int64_t *batch, int *issued,
    int *completers, int *unverified, enum cert_verdict *vout)
{
	struct cert_event	 ev;
	enum cert_verdict	 v;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			*ids = NULL, n, id;
	size_t			 count, i;
	char			 event[32];

	*batch = 0;
	*issued = 0;
	*completers = 0;
	*unverified = 0;
	*vout = CV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_count(ST_RUN_COMPLETIONS, NULL, run, &n)) != DB_OK)
		goto fail;
	*completers = (int)n;
	q = db_st(ST_RUN_UNCERTIFIED);
	db_bind_int64(q, 1, run);
	if ((r = db_rows(q, sizeof(*ids), uncertified_fill, unverified,
	    &ids, &count)) != DB_OK)
		goto fail;
	if (count == 0) {
		ROLLBACK();
		free(ids);
		return (DB_OK);
	}
	(void)snprintf(event, sizeof(event), "run:%lld", (long long)run);
	if ((r = db_batch_insert_tx(event, lang, (int)count, is->by, is->now,
	    batch)) != DB_OK)
		goto fail;
	for (i = 0; i < count; i++) {
		(void)snprintf(event, sizeof(event), "completion:%lld",
		    (long long)ids[i]);
		if ((r = db_cert_event(event, &ev)) != DB_OK ||
		    (r = db_cert_insert_tx(&ev, lang, is, *batch, 0, &id,
		    &v)) != DB_OK)
			goto fail;
		if (v != CV_OK) {	/* used up, or a name too long */
			*vout = v;
			ROLLBACK();
			free(ids);
			*batch = 0;
			*issued = 0;
			return (DB_OK);
		}
		if ((r = db_cert_audit(is->by, "cert.issue", id, event,
		    is->now)) != DB_OK)
			goto fail;
		(*issued)++;
	}
	(void)snprintf(event, sizeof(event), "batch:%lld", (long long)*batch);
	if ((r = db_audit(is->by, "cert.batch", event, NULL, is->now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	free(ids);
	return (DB_OK);
fail:
	ROLLBACK();
	free(ids);
	*batch = 0;
	*issued = 0;
	return (r);
}

/*
 * Inside an open transaction: a batch of `total` certificates for event
 * ("run:12", "competition:3"), running until its drawing reports done.
 */
enum db_result
db_batch_insert_tx(const char *event, enum cert_lang lang, int total,
    int64_t by, int64_t now, int64_t *id)
{
	struct dbq	*q = db_st(ST_BATCH_INSERT);
	enum db_result	 r;

	db_bind_text(q, 1, event);
	db_bind_text(q, 2, cert_lang_code(lang));
	db_bind_int(q, 3, total);
	db_bind_int64(q, 4, by);
	db_bind_int64(q, 5, now);
	if ((r = db_exec(q)) == DB_OK)
		*id = db_last_id();
	return (r);
}

/* Batch id's version: bumped (by a trigger) whenever which of its
 * certificates stand changes. DB_NOTFOUND when no such batch. */
enum db_result
db_batch_version(int64_t id, int64_t *v)
{
	struct dbq	*q = db_st(ST_BATCH_VERSION);
	enum db_result	 r;

	db_bind_int64(q, 1, id);
	if ((r = db_one_int(q, v)) != DB_OK)
		*v = -1;
	return (r);
}

/*
 * Under the write lock, so that no change to batch id's certificates
 * can commit in between: when its version is still v, call place(arg)
 * (a rename into place) and set *placed to what it returned; else set
 * *placed to 0. A change committed later removes what was placed
 * (batch_zip_stale() runs after its commit).
 */
enum db_result
db_batch_place(int64_t id, int64_t v, int (*place)(void *), void *arg,
    int *placed)
{
	enum db_result	 r;
	int64_t		 now;

	*placed = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_batch_version(id, &now)) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	if (now == v)
		*placed = place(arg);
	if ((r = COMMIT()) != DB_OK)
		ROLLBACK();
	return (r);
}

static void
batch_read(struct dbq *q, void *arg)
{
	struct batch_row	*b = arg;

	b->id = db_col_int64(q, 0);
	TEXT(q, 1, b->event);
	if (!cert_lang_parse(db_col_text(q, 2),
	    &b->lang))
		b->lang = CLANG_ZH;
	b->total = db_col_int(q, 3);
	b->done = db_col_int(q, 4);
	b->failed = db_col_int(q, 5);
	b->created = db_col_int64(q, 7);
	b->updated = db_col_int64(q, 8);
	/* A worker drawing a batch reports every few certificates;
	 * one silent for a minute has stopped (its certificates are
	 * drawn when first asked for). */
	b->running = strcmp(db_col_text(q, 6),
	    "running") == 0 && b->updated >= (int64_t)time(NULL) -
	    BATCH_STALE;
}

enum db_result
db_batch_get(int64_t id, struct batch_row *b)
{
	struct dbq	*q = db_st(ST_BATCH_GET);

	memset(b, 0, sizeof(*b));
	db_bind_int64(q, 1, id);
	return (db_one(q, batch_read, b));
}

/*
 * At start: batches whose drawing was cut short by a stop are finished,
 * with what was not drawn counted as failed (drawn when first asked for).
 */
enum db_result
db_batches_interrupted(int64_t now)
{
	struct dbq	*q = db_st(ST_BATCH_INTERRUPTED);

	db_bind_int64(q, 1, now);
	return (db_exec(q));
}

/* The latest batch of an event ("run:12"); *id 0 when none. */
enum db_result
db_batch_latest(const char *event, int64_t *id)
{
	struct dbq	*q = db_st(ST_BATCH_LATEST);
	enum db_result	 r;

	*id = 0;
	db_bind_text(q, 1, event);
	r = db_one_int(q, id);
	return (r == DB_NOTFOUND ? DB_OK : r);
}

enum db_result
db_batch_progress(int64_t id, int done, int failed, int finished,
    int64_t now)
{
	struct dbq	*q = db_st(ST_BATCH_PROGRESS);

	db_bind_int64(q, 1, id);
	db_bind_int(q, 2, done);
	db_bind_int(q, 3, failed);
	db_bind_text(q, 4, finished ? "done" : "running");
	db_bind_int64(q, 5, now);
	return (db_exec(q));
}
