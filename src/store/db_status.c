/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_status.c: the certificates' W3C Bitstring Status Lists in the store —
 * each certificate's random position in them, and the signed lists
 * themselves, signed again inside every transaction that changes one
 * (db_cert.c's revocation, suspension, reinstatement, replacement).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "db.h"
#include "db_int.h"
#include "status.h"

/*
 * W3C Bitstring Status Lists. The store signs each list as it changes,
 * inside the transaction that changed it, so the list served is never
 * behind the database and a request only reads it. The key is the
 * process's (db_status_signer()); a process without one (a unit test)
 * drops the stored lists instead, and the server signs them afresh at
 * its next start (db_status_ensure()).
 */
static const struct signer	*(*status_signer)(void);
static const char		*status_origin;

/*
 * Sign the status lists with the signer get() returns at each signing
 * (a worker's asks the signing process, signer.h) for origin from now
 * on (borrowed: it must outlive every later call); NULL, NULL stops.
 */
void
db_status_signer(const struct signer *(*get)(void), const char *origin)
{
	status_signer = get;
	status_origin = origin;
}

/*
 * Give every certificate issued before the status lists its random
 * position, in one transaction. *n counts them. Run at start (the
 * server's parent, the admin tool) after the migrations.
 */
enum db_result
db_status_backfill(int *n)
{
	enum cert_verdict	 v = CV_OK;
	enum db_result		 r;
	int64_t			*ids = NULL;
	size_t			 count, i;

	*n = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_ids(db_st(ST_CERT_STATUS_MISSING), &ids, &count)) != DB_OK)
		goto fail;
	for (i = 0; i < count; i++) {
		if ((r = db_status_assign_tx(ids[i], &v)) != DB_OK)
			goto fail;
		if (v != CV_OK) {
			db_log("status", "every status list position is taken");
			r = DB_ERROR;
			goto fail;
		}
	}
	if (count > 0 && (r = db_status_publish_tx((int64_t)time(NULL))) !=
	    DB_OK)
		goto fail;
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	free(ids);
	*n = (int)count;
	return (DB_OK);
fail:
	ROLLBACK();
	free(ids);
	return (r);
}

static int
status_bit_row(struct dbq *q, void *bits)
{
	status_bit_set(bits, (uint32_t)db_col_int64(q, 0));
	return (1);
}

/* The bitstring of positions statement s returns, into bits. */
static enum db_result
status_bits(enum stmt s, unsigned char *bits)
{
	memset(bits, 0, STATUS_BYTES);
	return (db_each(db_st(s), status_bit_row, bits));
}

/* Inside an open transaction: sign and store both lists as they stand. */
enum db_result
db_status_publish_tx(int64_t now)
{
	static const enum stmt	 from[STATUS__COUNT] = {
		[STATUS_REVOCATION] = ST_STATUS_REVOKED,
		[STATUS_SUSPENSION] = ST_STATUS_SUSPENDED,
	};
	unsigned char		 h[crypto_hash_sha256_BYTES], *bits;
	struct dbq		*q;
	enum db_result		 r = DB_OK;
	char			 etag[72], hex[2 * sizeof(h) + 1], *body;
	json_t			*doc;
	int			 p;
	const struct signer	*signer;

	if (status_signer == NULL || (signer = status_signer()) == NULL)
		return (db_exec_simple(ST_STATUS_LIST_DROP));
	if ((bits = malloc(STATUS_BYTES)) == NULL)
		return (DB_ERROR);
	for (p = 0; p < STATUS__COUNT && r == DB_OK; p++) {
		if ((r = status_bits(from[p], bits)) != DB_OK)
			break;
		if ((doc = status_credential((enum status_purpose)p, bits,
		    status_origin, signer, now)) == NULL) {
			db_log("status", "cannot sign a status list");
			r = DB_ERROR;
			break;
		}
		body = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(doc);
		if (body == NULL) {
			r = DB_ERROR;
			break;
		}
		/* A strong validator: the body's own hash. */
		crypto_hash_sha256(h, (const unsigned char *)body,
		    strlen(body));
		sodium_bin2hex(hex, sizeof(hex), h, 16);
		(void)snprintf(etag, sizeof(etag), "\"%s\"", hex);
		q = db_st(ST_STATUS_LIST_PUT);
		db_bind_text(q, 1, status_purpose_code(
		    (enum status_purpose)p));
		db_bind_text(q, 2, body);
		db_bind_text(q, 3, etag);
		db_bind_text(q, 4, signer->pub.kid);
		db_bind_text(q, 5, status_origin);
		db_bind_int64(q, 6, now);
		r = db_exec(q);
		free(body);
	}
	free(bits);
	return (r);
}

/* Sign and store both status lists now, in their own transaction. */
enum db_result
db_status_publish(int64_t now)
{
	enum db_result	 r;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_status_publish_tx(now)) != DB_OK || (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

/*
 * Sign the lists again unless both are there, by this key for this
 * origin, signed less than STATUS_REFRESH ago (their validUntil is
 * STATUS_VALID away). *done says whether they were. The server calls it
 * at start and every minute; without a signer it does nothing.
 */
enum db_result
db_status_ensure(int64_t now, int *done)
{
	struct dbq		*q = db_st(ST_STATUS_LIST_FRESH);
	const struct signer	*signer;
	enum db_result		 r;
	int64_t			 fresh = 0;

	*done = 0;
	if (status_signer == NULL || (signer = status_signer()) == NULL)
		return (DB_OK);
	/* Fresh: signed by the active key (a rotation re-signs them). */
	db_bind_text(q, 1, signer->pub.kid);
	db_bind_text(q, 2, status_origin);
	db_bind_int64(q, 3, now - STATUS_REFRESH);
	if ((r = db_one_int(q, &fresh)) != DB_OK)
		return (r == DB_NOTFOUND ? DB_OK : r);	/* count(*): a row */
	if (fresh >= STATUS__COUNT)
		return (DB_OK);
	*done = 1;
	return (db_status_publish(now));
}

struct list_copy {
	char	**body;
	char	 *etag;
	size_t	  etagsz;
};

static void
list_copy_row(struct dbq *q, void *arg)
{
	struct list_copy	*l = arg;
	const char		*b = db_col_text(q, 0);

	db_text(q, 1, l->etag, l->etagsz);
	*l->body = b != NULL ? strdup(b) : NULL;
}

/*
 * The stored list credential of purpose ("revocation", "suspension"):
 * *body malloc'ed (free() it), its ETag (quoted) into etag. DB_NOTFOUND
 * when there is none yet.
 */
enum db_result
db_status_list(const char *purpose, char **body, char *etag, size_t etagsz)
{
	struct dbq		*q = db_st(ST_STATUS_LIST_GET);
	struct list_copy	 l = { body, etag, etagsz };
	enum db_result		 r;

	*body = NULL;
	db_bind_text(q, 1, purpose);
	if ((r = db_one(q, list_copy_row, &l)) != DB_OK)
		return (r);
	return (*body != NULL ? DB_OK : DB_ERROR);
}

/*
 * Inside an open transaction: give certificate id a random position in
 * the status lists, never used before (libsodium's randombytes_uniform,
 * so positions say nothing of the order of issue). CV_FULL when every
 * position is taken.
 */
enum db_result
db_status_assign_tx(int64_t id, enum cert_verdict *v)
{
	struct dbq	*q;
	enum db_result	 r;
	int64_t		 used, taken;
	uint32_t	 idx;
	int		 tries;

	/* Expected tries: STATUS_ENTRIES / (STATUS_ENTRIES - used). The
	 * lists are counted (a scan of every certificate: it made issuing
	 * cost as much as the certificates issued, issue #16) only when 64
	 * random positions in a row were taken. */
	for (tries = 0; tries < 100000; tries++) {
		if (tries == 64) {
			if ((r = db_count(ST_CERT_STATUS_USED, NULL, 0,
			    &used)) != DB_OK)
				return (r);
			if (used >= STATUS_ENTRIES) {
				*v = CV_FULL;
				return (DB_OK);
			}
		}
		idx = randombytes_uniform(STATUS_ENTRIES);
		if ((r = db_count(ST_CERT_STATUS_TAKEN, NULL, idx,
		    &taken)) != DB_OK)
			return (r);
		if (taken > 0)
			continue;
		q = db_st(ST_CERT_STATUS_SET);
		db_bind_int64(q, 1, id);
		db_bind_int64(q, 2, idx);
		return (db_exec(q));
	}
	*v = CV_FULL;
	return (DB_OK);
}
