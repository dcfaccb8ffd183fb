/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_scorelog.c: the score log of 评选 selection in the store — appending
 * a record hash-chained to the one before it (score.h), the hash of a
 * round's frozen results that a lock record keeps, and the log's
 * verification (`yujiang-admin audit verify`) against the log itself,
 * the sheets it explains and the results it locked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "db_int.h"
#include "score.h"
#include "db_comp_int.h"

/* The log's last record (ST_SCORE_LOG_LAST): its id and hash. */
struct log_last {
	int64_t	 id;
	char	 hash[CHAIN_HEX];
};

static void
log_last_row(struct dbq *q, void *arg)
{
	struct log_last	*l = arg;

	l->id = db_col_int64(q, 0);
	TEXT(q, 1, l->hash);
}

/*
 * The score log. Inside an open transaction (so "the last record" cannot
 * move): hash the new record over its fields, the id it will get and the
 * previous record's hash, and append it. Its hash goes to hash_out when
 * that is not NULL (publication keeps it as the competition's log head).
 */
enum db_result
db_scorelog_append(int64_t actor, const char *action, int64_t comp, int64_t entry,
    int64_t judge, int round, const char *old, const char *marks,
    int64_t now, char hash_out[CHAIN_HEX])
{
	struct chain_rec	 rec;
	struct log_last		 last = { 0, "" };
	struct dbq		*q;
	enum db_result		 r;
	char			 hash[CHAIN_HEX];

	/* None yet: the first record follows CHAIN_GENESIS. */
	(void)snprintf(last.hash, sizeof(last.hash), "%s", CHAIN_GENESIS);
	r = db_one(db_st(ST_SCORE_LOG_LAST), log_last_row, &last);
	if (r != DB_OK && r != DB_NOTFOUND)
		return (r);

	memset(&rec, 0, sizeof(rec));
	rec.id = last.id + 1;
	rec.at = now;
	rec.actor = actor;
	rec.action = action;
	rec.competition = comp;
	rec.entry = entry;
	rec.judge = judge;
	rec.round = round;
	rec.old = old != NULL ? old : "";
	rec.new = marks != NULL ? marks : "";
	rec.prev = last.hash;
	score_chain_hash(&rec, hash);

	q = db_st(ST_SCORE_LOG_INSERT);
	db_bind_int64(q, 1, rec.id);
	db_bind_int64(q, 2, rec.at);
	db_bind_int64(q, 3, rec.actor);
	db_bind_text(q, 4, rec.action);
	db_bind_int64(q, 5, rec.competition);
	db_bind_int64(q, 6, rec.entry);
	db_bind_int64(q, 7, rec.judge);
	db_bind_int(q, 8, rec.round);
	db_bind_text(q, 9, rec.old);
	db_bind_text(q, 10, rec.new);
	db_bind_text(q, 11, last.hash);
	db_bind_text(q, 12, hash);
	if (hash_out != NULL)
		(void)snprintf(hash_out, CHAIN_HEX, "%s", hash);
	return (db_exec(q));
}

/*
 * A row of comp_results as a lock's hash covers it: entry, round, rank,
 * tier, total_num, total_den, counted, flags, dropped_hi, dropped_lo,
 * advanced — the row's own values, nothing joined to it.
 */
#define FROZEN_COLS	11
struct frozen {
	int64_t	 v[FROZEN_COLS];
};

/* Where ST_RESULTS_OF_COMP (db.c's RESULT_COLS) has them, in that order. */
static const int frozen_col[FROZEN_COLS] = {
	0, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18
};

static int
by_entry(const void *a, const void *b)
{
	const struct frozen	*x = a, *y = b;

	return (x->v[0] < y->v[0] ? -1 : x->v[0] > y->v[0]);
}

static int
frozen_fill(struct dbq *q, void *e, void *arg)
{
	struct frozen	*f = e;
	int		 k;

	(void)arg;
	for (k = 0; k < FROZEN_COLS; k++)
		f->v[k] = db_col_int64(q, frozen_col[k]);
	return (1);
}

/*
 * The hash a lock record keeps of the results it froze: SHA-256 in
 * lower-case hex over comp's rows of comp_results for round (1 or 2), by
 * entry id ascending, each row as its FROZEN_COLS values in struct
 * frozen's order, each written "%lld " and the row ended by "\n" (no rows:
 * the hash of nothing). Read in the caller's transaction: the lock hashes
 * what it has just written, the verification what is stored now. The
 * rows come through ST_RESULTS_OF_COMP, whose joins (entry, category,
 * entrant, work) lose none: the store deletes none of those.
 */
enum db_result
db_scorelog_results_hash(int64_t comp, int round, char out[CHAIN_HEX])
{
	crypto_hash_sha256_state	 sha;
	unsigned char			 h[crypto_hash_sha256_BYTES];
	struct frozen			*f;
	struct dbq			*q = db_st(ST_RESULTS_OF_COMP);
	enum db_result			 r;
	size_t				 i, n;
	char				 b[24];
	int				 k, len;

	out[0] = '\0';
	db_bind_int64(q, 1, comp);
	db_bind_int(q, 2, round);
	if ((r = db_rows(q, sizeof(*f), frozen_fill, NULL, &f, &n)) != DB_OK)
		return (r);
	if (n > 1)
		qsort(f, n, sizeof(*f), by_entry);
	crypto_hash_sha256_init(&sha);
	for (i = 0; i < n; i++) {
		for (k = 0; k < FROZEN_COLS; k++) {
			len = snprintf(b, sizeof(b), "%lld ",
			    (long long)f[i].v[k]);
			crypto_hash_sha256_update(&sha,
			    (const unsigned char *)b, (size_t)len);
		}
		crypto_hash_sha256_update(&sha, (const unsigned char *)"\n",
		    1);
	}
	crypto_hash_sha256_final(&sha, h);
	sodium_bin2hex(out, CHAIN_HEX, h, sizeof(h));
	free(f);
	return (DB_OK);
}

/* What a lock record says it froze: a round's results, by their hash. */
struct lock_claim {
	int64_t	 id;		/* the lock record */
	int64_t	 competition;
	int	 round;
	char	 hash[CHAIN_HEX];
};

struct lock_claims {
	struct lock_claim	*p;
	size_t			 n, cap;
};

/*
 * Keep rec's claim when it is a lock record whose new reads "round N
 * results <hash>" (db_comp_lock()); 0 when out of memory. A lock record
 * written before locks hashed their results ("round N" alone) claims
 * nothing and is passed over: only the chain vouches for it.
 */
static int
lock_claim_keep(struct lock_claims *c, const struct chain_rec *rec)
{
	struct lock_claim	*grown;
	const char		*hex;

	if (strcmp(rec->action, "lock") != 0 ||
	    (hex = strstr(rec->new, " results ")) == NULL)
		return (1);
	hex += strlen(" results ");
	if (strlen(hex) != CHAIN_HEX - 1)
		return (1);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		if ((grown = reallocarray(c->p, c->cap, sizeof(*c->p))) ==
		    NULL)
			return (0);
		c->p = grown;
	}
	c->p[c->n].id = rec->id;
	c->p[c->n].competition = rec->competition;
	c->p[c->n].round = rec->round;
	memcpy(c->p[c->n].hash, hex, CHAIN_HEX);
	c->n++;
	return (1);
}

/*
 * Each claim against comp_results as it is now, in the records' order:
 * the first that differs sets *bad_id (its lock record) and why.
 */
static enum db_result
lock_claims_check(const struct lock_claims *c, int64_t *bad_id, char *why,
    size_t whysz)
{
	enum db_result	 r;
	char		 hash[CHAIN_HEX];
	size_t		 i;

	for (i = 0; i < c->n; i++) {
		if ((r = db_scorelog_results_hash(c->p[i].competition, c->p[i].round,
		    hash)) != DB_OK)
			return (r);
		if (strcmp(hash, c->p[i].hash) == 0)
			continue;
		*bad_id = c->p[i].id;
		(void)snprintf(why, whysz, "competition %lld round %d: its "
		    "results differ from what score-log record %lld locked "
		    "(the results table was edited)",
		    (long long)c->p[i].competition, c->p[i].round,
		    (long long)c->p[i].id);
		break;
	}
	return (DB_OK);
}

/*
 * Begin a verification: why emptied, and one snapshot read without the
 * write lock (the caller ends it with ROLLBACK()).
 */
static enum db_result
verify_begin(char *why, size_t whysz)
{
	if (whysz > 0)
		why[0] = '\0';
	return (db_exec_simple(ST_BEGIN_READ));
}

/* What db_score_log_verify() has read and found so far. */
struct log_check {
	struct lock_claims	 claims;
	char			 prev[CHAIN_HEX];	/* the last hash */
	int64_t			 last;			/* its record */
	int64_t			*bad_id, *checked;
	char			*why;
	size_t			 whysz;
};

/*
 * A record of the chain (ST_SCORE_LOG_ALL), in id order: 1 when it
 * holds, 0 with *bad_id and why when not, -1 when a text is missing or
 * its claim could not be kept (out of memory).
 */
static int
chain_each_row(struct dbq *q, void *arg)
{
	struct log_check	*c = arg;
	struct chain_rec	 rec;
	char			 hash[CHAIN_HEX];
	const char		*stored;
	int64_t			 id;

	(*c->checked)++;
	id = db_col_int64(q, 0);
	memset(&rec, 0, sizeof(rec));
	rec.id = id;
	rec.at = db_col_int64(q, 1);
	rec.actor = db_col_int64(q, 2);
	rec.action = db_col_text(q, 3);
	rec.competition = db_col_int64(q, 4);
	rec.entry = db_col_int64(q, 5);
	rec.judge = db_col_int64(q, 6);
	rec.round = db_col_int(q, 7);
	rec.old = db_col_text(q, 8);
	rec.new = db_col_text(q, 9);
	rec.prev = db_col_text(q, 10);
	stored = db_col_text(q, 11);
	if (rec.action == NULL || rec.old == NULL || rec.new == NULL ||
	    rec.prev == NULL || stored == NULL)
		return (-1);
	if (id != c->last + 1) {
		if (c->last == 0)
			(void)snprintf(c->why, c->whysz, "record %lld: the "
			    "records before it were deleted", (long long)id);
		else
			(void)snprintf(c->why, c->whysz, "record %lld: does "
			    "not follow record %lld (the records between "
			    "them were deleted)", (long long)id,
			    (long long)c->last);
		*c->bad_id = id;
		return (0);
	}
	if (strcmp(rec.prev, c->prev) != 0) {
		if (c->last == 0)
			(void)snprintf(c->why, c->whysz, "record %lld: does "
			    "not start the chain", (long long)id);
		else
			(void)snprintf(c->why, c->whysz, "record %lld: does "
			    "not follow record %lld", (long long)id,
			    (long long)c->last);
		*c->bad_id = id;
		return (0);
	}
	score_chain_hash(&rec, hash);
	if (strcmp(hash, stored) != 0) {
		(void)snprintf(c->why, c->whysz, "record %lld: its hash does "
		    "not match its fields (altered)", (long long)id);
		*c->bad_id = id;
		return (0);
	}
	(void)snprintf(c->prev, sizeof(c->prev), "%s", stored);
	c->last = id;
	return (lock_claim_keep(&c->claims, &rec) ? 1 : -1);
}

/*
 * A sheet beside the last record that wrote it (ST_SCORE_LOG_SHEETS):
 * 1 when they agree, 0 with *bad_id and why when not, -1 when a text
 * is missing.
 */
static int
sheet_each_row(struct dbq *q, void *arg)
{
	struct log_check	*c = arg;
	const char		*marks, *action, *stored;
	int64_t			 sheet, entry, judge, logged;
	int			 round, final;

	sheet = db_col_int64(q, 0);
	entry = db_col_int64(q, 1);
	judge = db_col_int64(q, 2);
	round = db_col_int(q, 3);
	marks = db_col_text(q, 4);
	final = db_col_int(q, 5);
	logged = db_col_int64(q, 6);
	action = db_col_text(q, 7);
	stored = db_col_text(q, 8);
	if (marks == NULL || action == NULL || stored == NULL)
		return (-1);
	if (logged == 0) {
		*c->bad_id = -sheet;
		(void)snprintf(c->why, c->whysz, "sheet %lld (entry %lld, "
		    "judge %lld, round %d) has no score-log record: "
		    "the scores table was edited", (long long)sheet,
		    (long long)entry, (long long)judge, round);
		return (0);
	}
	if (final != (strcmp(action, "final") == 0) ||
	    strcmp(marks, stored) != 0) {
		*c->bad_id = logged;
		(void)snprintf(c->why, c->whysz, "sheet %lld (entry %lld, "
		    "judge %lld, round %d) differs from score-log "
		    "record %lld: the scores table was edited",
		    (long long)sheet, (long long)entry,
		    (long long)judge, round, (long long)logged);
		return (0);
	}
	return (1);
}

/*
 * Check the score log and what it explains, reading one snapshot
 * without holding the write lock. The chain first, in id order: ids run
 * 1, 2, 3 … (a gap: records were deleted — the first one after it is
 * named), each record's prev is the hash stored in the record before
 * (CHAIN_GENESIS for the first) and its own stored hash is the hash of
 * its fields. Then, when the chain holds, in this order: every sheet
 * must be as the last record that wrote it left it ("final": final with
 * those marks; "draft", "reopen": a draft; *bad_id is that record, or
 * minus the sheet's id when none wrote it); every round a lock record
 * froze must still have the results it froze, by their hash
 * (db_scorelog_results_hash(); *bad_id is that lock record); and every
 * published competition's log head must still be a record's hash (if
 * not, records were cut off the end: *bad_id is the id the first of them
 * had). *bad_id 0: all is well; otherwise why says, in English, what
 * was found. *checked counts the records read. The store's errors are
 * the only other answers.
 */
enum db_result
db_score_log_verify(int64_t *bad_id, int64_t *checked, char *why,
    size_t whysz)
{
	struct log_check	 c;
	enum db_result		 r;
	int64_t			 id;

	*bad_id = 0;
	*checked = 0;
	memset(&c, 0, sizeof(c));
	c.bad_id = bad_id;
	c.checked = checked;
	c.why = why;
	c.whysz = whysz;
	if ((r = verify_begin(why, whysz)) != DB_OK)
		return (r);
	(void)snprintf(c.prev, sizeof(c.prev), "%s", CHAIN_GENESIS);
	if ((r = db_each(db_st(ST_SCORE_LOG_ALL), chain_each_row, &c)) !=
	    DB_OK || *bad_id != 0)
		goto out;
	if ((r = db_each(db_st(ST_SCORE_LOG_SHEETS), sheet_each_row, &c)) !=
	    DB_OK || *bad_id != 0)
		goto out;
	if ((r = lock_claims_check(&c.claims, bad_id, why, whysz)) != DB_OK ||
	    *bad_id != 0)
		goto out;

	if ((r = db_comp_one_int(ST_SCORE_LOG_HEADS, 0, 0, &id)) == DB_OK) {
		*bad_id = c.last + 1;
		(void)snprintf(why, whysz, "competition %lld: its published "
		    "log head is missing: records were cut", (long long)id);
	} else if (r == DB_NOTFOUND)
		r = DB_OK;
out:
	ROLLBACK();
	free(c.claims.p);
	return (r);
}

/*
 * Signed heads. The store signs with the signer get() returns at each
 * signing (a worker's asks the signing process for the active key,
 * signer.h; the admin tool's demo its own key): registered once at
 * start, before any lock or publication. None registered (the unit
 * tests' store): heads are left unsigned, and `audit verify --key`
 * names them.
 */
static const struct signer	*(*head_signer)(void);

void
db_score_log_signer(const struct signer *(*get)(void))
{
	head_signer = get;
}

/*
 * Inside the lock's or publication's transaction, right after its
 * record was appended: sign score_head_text() of that record (the log's
 * last) and keep the signature beside it.
 */
enum db_result
db_scorelog_sign(int64_t comp, const char *action, int round)
{
	struct log_last	 last;
	struct dbq	*q;
	const struct signer *signer;
	enum db_result	 r;
	unsigned char	 sig[crypto_sign_BYTES];
	char		 text[HEAD_TEXT_MAX];
	char		 b64[SIG_B64_LEN], mb[SIGN_MULTIBASE_LEN + 1];
	size_t		 n;

	if (head_signer == NULL)
		return (DB_OK);
	/* No signature, no lock: a head is never left unsigned by a
	 * signing process that did not answer (the step is refused, busy). */
	if ((signer = head_signer()) == NULL)
		return (DB_BUSY);
	/* Its record was just appended: none is an error. */
	if ((r = db_one(db_st(ST_SCORE_LOG_LAST), log_last_row, &last)) != DB_OK)
		return (r == DB_NOTFOUND ? DB_ERROR : r);
	if ((n = score_head_text(last.id, comp, action, round, last.hash, text,
	    sizeof(text))) == 0)
		return (DB_ERROR);
	if (!sign_detached(signer, (const unsigned char *)text, n, sig))
		return (DB_BUSY);
	sodium_bin2base64(b64, sizeof(b64), sig, sizeof(sig),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sign_multibase(signer->pub.pk, mb, sizeof(mb));
	q = db_st(ST_SCORE_SIG_INSERT);
	db_bind_int64(q, 1, last.id);
	db_bind_text(q, 2, signer->pub.kid);
	db_bind_text(q, 3, mb);
	db_bind_text(q, 4, b64);
	return (db_exec(q));
}

struct sig_each {
	int	(*fn)(const struct log_sig *, void *);
	void	*arg;
};

static int
sig_each_row(struct dbq *q, void *arg)
{
	struct sig_each	*e = arg;
	struct log_sig	 s;

	memset(&s, 0, sizeof(s));
	s.record = db_col_int64(q, 0);
	s.competition = db_col_int64(q, 1);
	TEXT(q, 2, s.action);
	s.round = db_col_int(q, 3);
	TEXT(q, 4, s.hash);
	TEXT(q, 5, s.kid);
	TEXT(q, 6, s.public_key);
	TEXT(q, 7, s.signature);
	return (e->fn(&s, e->arg) != 0);
}

/*
 * Each record a lock or publication of comp (0: of every competition)
 * wrote, in log order, with its signature, to fn (borrowed for the
 * call; fn returns 0 to stop).
 */
enum db_result
db_score_log_sigs(int64_t comp, int (*fn)(const struct log_sig *, void *),
    void *arg)
{
	struct sig_each	 e = { fn, arg };
	struct dbq	*q = db_st(ST_SCORE_SIG_HEADS);

	db_bind_int64(q, 1, comp);
	return (db_each(q, sig_each_row, &e));
}

/* What checking the signed heads found: the first bad one. */
struct sig_check {
	const struct pubkey	*keys;
	size_t			 nkeys;
	int64_t			 bad, count;
	char			*why;
	size_t			 whysz;
};

static int
sig_check_one(const struct log_sig *s, void *arg)
{
	struct sig_check	*c = arg;
	unsigned char		 sig[crypto_sign_BYTES];
	char			 text[HEAD_TEXT_MAX];
	size_t			 n, len, k;

	c->count++;
	for (k = 0; k < c->nkeys; k++) {
		if (strcmp(c->keys[k].kid, s->kid) == 0)
			break;
	}
	if (s->signature[0] == '\0') {
		(void)snprintf(c->why, c->whysz, "record %lld (%s of "
		    "competition %lld): no signature: the log head was "
		    "never signed, or its signature was removed",
		    (long long)s->record, s->action,
		    (long long)s->competition);
	} else if (k == c->nkeys) {
		(void)snprintf(c->why, c->whysz, "record %lld (%s of "
		    "competition %lld): signature by key %s, not a key "
		    "given with --key", (long long)s->record, s->action,
		    (long long)s->competition, s->kid);
	} else if ((n = score_head_text(s->record, s->competition,
	    s->action, s->round, s->hash, text, sizeof(text))) == 0 ||
	    sodium_base642bin(sig, sizeof(sig), s->signature,
	    strlen(s->signature), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(sig) || !sign_bytes_check(&c->keys[k], text, n,
	    sig)) {
		(void)snprintf(c->why, c->whysz, "record %lld (%s of "
		    "competition %lld): the signature does not match the "
		    "log head (key %s): the log was rewritten",
		    (long long)s->record, s->action,
		    (long long)s->competition, s->kid);
	} else
		return (1);
	c->bad = s->record;
	return (0);
}

/*
 * Check every lock's and publication's record against the station's
 * signature: each must be signed by one of keys (by key id) over its
 * score_head_text() as the log holds it now. Run after
 * db_score_log_verify() found the chain intact: a log rewritten and
 * hashed again end to end passes the chain, not this. *bad_id 0: all
 * signed heads hold (*checked of them); otherwise the record and why, in
 * English. The store's errors are the only other answers.
 */
enum db_result
db_score_log_verify_signed(const struct pubkey *keys, size_t nkeys,
    int64_t *bad_id, int64_t *checked, char *why, size_t whysz)
{
	struct sig_check	 c;
	enum db_result		 r;

	memset(&c, 0, sizeof(c));
	c.keys = keys;
	c.nkeys = nkeys;
	c.why = why;
	c.whysz = whysz;
	if ((r = verify_begin(why, whysz)) != DB_OK)
		return (r);
	r = db_score_log_sigs(0, sig_check_one, &c);
	ROLLBACK();
	*bad_id = c.bad;
	*checked = c.count;
	return (r);
}
