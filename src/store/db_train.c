/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_train.c: typed wrappers for the training stage (培养) — masters and
 * their lineage links, mentorships from request to end, the training log
 * a master confirms, skill levels, and stage moves with their history.
 * The SQL is in sql.c's statement table. Each decision that reads facts
 * and writes (a request, an acceptance, a confirmation, a move) runs in
 * one BEGIN IMMEDIATE transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"

static const char *const mentor_codes[] = {
	[MENTOR_REQUESTED] = "requested",
	[MENTOR_ACTIVE] = "active",
	[MENTOR_DECLINED] = "declined",
	[MENTOR_ENDED] = "ended",
	[MENTOR_WITHDRAWN] = "withdrawn",
};

/* The stored code of a mentorship's status ("requested", "active", …). */
const char *
mentor_status_code(enum mentor_status st)
{
	return ((unsigned)st <= MENTOR_WITHDRAWN ? mentor_codes[st] : "?");
}

static void
mentor_row(struct dbq *q, void *arg)
{
	struct mentorship	*m = arg;
	const char		*st = db_col_text(q, 3);
	size_t			 i;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(q, 0);
	m->apprentice = db_col_int64(q, 1);
	m->master = db_col_int64(q, 2);
	for (i = 0; st != NULL && i < sizeof(mentor_codes) /
	    sizeof(mentor_codes[0]); i++) {
		if (strcmp(st, mentor_codes[i]) == 0)
			m->status = (enum mentor_status)i;
	}
	TEXT(q, 4, m->message);
	m->requested = db_col_int64(q, 5);
	m->started = db_col_int64(q, 6);
	m->ended = db_col_int64(q, 7);
	TEXT(q, 8, m->end_reason);
	m->recommended = db_col_int64(q, 9);
	TEXT(q, 10, m->apprentice_name);
	TEXT(q, 11, m->master_name);
}

static void
log_row(struct dbq *q, void *arg)
{
	struct log_entry	*e = arg;

	memset(e, 0, sizeof(*e));
	e->id = db_col_int64(q, 0);
	e->apprentice = db_col_int64(q, 1);
	e->master = db_col_int64(q, 2);
	TEXT(q, 3, e->day);
	e->minutes = db_col_int(q, 4);
	e->skill = gate_skill_parse(db_col_text(q, 5));
	TEXT(q, 6, e->notes);
	TEXT(q, 7, e->status);
	TEXT(q, 8, e->comment);
	TEXT(q, 9, e->apprentice_name);
}

static void
master_row(struct dbq *q, void *arg)
{
	struct master_row	*m = arg;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(q, 0);
	TEXT(q, 1, m->name);
	if (!track_parse(db_col_text(q, 2), &m->track))
		m->track = TRACK_NONE;
	m->limit = db_col_int(q, 3);
	m->active = db_col_int(q, 4);
	m->ever = db_col_int(q, 5);
	TEXT(q, 6, m->speciality);
}

static void
move_row(struct dbq *q, void *arg)
{
	struct stage_move	*m = arg;

	memset(m, 0, sizeof(*m));
	(void)stage_parse(db_col_text(q, 0), &m->from);
	(void)stage_parse(db_col_text(q, 1), &m->to);
	m->moved = db_col_int64(q, 2);
	TEXT(q, 3, m->by);
	TEXT(q, 4, m->reason);
	m->override = db_col_int(q, 5);
}

/*
 * A list's row function (db_each()) reads its row into item, lent by the
 * wrapper, and hands it to the caller's callback of that list's type.
 */
struct each {
	int	(*master)(const struct master_row *, void *);
	int	(*mentorship)(const struct mentorship *, void *);
	int	(*log)(const struct log_entry *, void *);
	int	(*move)(const struct stage_move *, void *);
	void	*arg;
	void	*item;
};

static int
master_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	master_row(q, e->item);
	return (e->master(e->item, e->arg) != 0);
}

/* Masters (all, or the one with id when id > 0), with their numbers. */
enum db_result
db_masters(int64_t id, int (*fn)(const struct master_row *, void *),
    void *arg)
{
	struct master_row	 m;
	struct each		 e = { .master = fn, .arg = arg, .item = &m };
	struct dbq		*q = db_st(ST_MASTERS_LIST);

	db_bind_int64(q, 1, id);
	return (db_each(q, master_each, &e));
}

static int
master_copy(const struct master_row *m, void *arg)
{
	*(struct master_row *)arg = *m;
	return (0);
}

/* One master with their numbers; DB_NOTFOUND when id is not a master. */
enum db_result
db_master_get(int64_t id, struct master_row *m)
{
	enum db_result	 r;

	memset(m, 0, sizeof(*m));
	if (id <= 0)
		return (DB_NOTFOUND);
	if ((r = db_masters(id, master_copy, m)) != DB_OK)
		return (r);
	return (m->id == 0 ? DB_NOTFOUND : DB_OK);
}

/* Staff set how many apprentices a master may have at once; audited. */
enum db_result
db_master_limit(int64_t master, int limit, int64_t by, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;
	char		 subject[32], detail[32];

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_MASTER_LIMIT);
	db_bind_int64(q, 1, master);
	db_bind_int(q, 2, limit);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (db_changes() == 0) {
		r = DB_NOTFOUND;
		goto fail;
	}
	(void)snprintf(subject, sizeof(subject), "user:%lld",
	    (long long)master);
	(void)snprintf(detail, sizeof(detail), "limit=%d", limit);
	if ((r = db_audit(by, "master.limit", subject, detail, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

static int
link_fill(struct dbq *q, void *e, void *arg)
{
	struct lineage_link	*l = e;

	(void)arg;
	l->master = db_col_int64(q, 0);
	l->apprentice = db_col_int64(q, 1);
	return (1);
}

/*
 * Every lineage link (a mentorship that was accepted: active or ended),
 * oldest first, into a new array (*out, free() it).
 */
enum db_result
db_lineage_links(struct lineage_link **out, size_t *n)
{
	return (db_rows(db_st(ST_LINEAGE_LINKS), sizeof(**out), link_fill, NULL,
	    out, n));
}

/* Moves on every change of a mentorship or a name (schema triggers). */
enum db_result
db_lineage_version(int64_t *n)
{
	return (db_count(ST_LINEAGE_VERSION, NULL, 0, n));
}

/* The count(*) of statement s for integers a and b (0 on an error). */
static enum db_result
count2(enum stmt s, int64_t a, int64_t b, int64_t *n)
{
	struct dbq	*q = db_st(s);
	enum db_result	 r;

	*n = 0;
	db_bind_int64(q, 1, a);
	db_bind_int64(q, 2, b);
	r = db_one_int(q, n);
	return (r == DB_NOTFOUND ? DB_OK : r);	/* an aggregate: a row */
}

static enum db_result
one_mentorship(enum stmt s, int64_t id, struct mentorship *m)
{
	struct dbq	*q = db_st(s);

	db_bind_int64(q, 1, id);
	return (db_one(q, mentor_row, m));
}

enum db_result
db_mentor_get(int64_t id, struct mentorship *m)
{
	return (one_mentorship(ST_MENTOR_GET, id, m));
}

/* The apprentice's current (active) mentorship; DB_NOTFOUND: none. */
enum db_result
db_mentor_active(int64_t apprentice, struct mentorship *m)
{
	return (one_mentorship(ST_MENTOR_ACTIVE_OF, apprentice, m));
}

/* 1 when linking master -> apprentice would close a circle. */
static enum db_result
would_cycle(int64_t master, int64_t apprentice, int *cycle)
{
	struct lineage_link	*l;
	enum db_result		 r;
	size_t			 n;

	if ((r = db_lineage_links(&l, &n)) != DB_OK)
		return (r);
	*cycle = lineage_cycle(l, n, master, apprentice);
	free(l);
	return (DB_OK);
}

/* Inside the caller's transaction: the audit line of mentorship id. */
static enum db_result
mentor_audit(int64_t actor, const char *action, int64_t id,
    const char *detail, int64_t now)
{

	return (db_audit_id(actor, action, "mentorship", id, detail, now));
}

/*
 * Inside the caller's transaction: mentorship id into *m; *v is
 * TV_NOT_YOURS unless master is its master, else TV_STATE unless it
 * is in state want (else left alone).
 */
static enum db_result
mentor_mine(int64_t id, int64_t master, enum mentor_status want,
    struct mentorship *m, enum train_verdict *v)
{
	enum db_result	 r;

	if ((r = db_mentor_get(id, m)) != DB_OK)
		return (r);
	if (m->master != master)
		*v = TV_NOT_YOURS;
	else if (m->status != want)
		*v = TV_STATE;
	return (DB_OK);
}

/*
 * The facts of a message about a mentorship: with whom (subject; NULL
 * for none), who acted (ref) and their words (detail; NULL for none).
 * It links to the training page, where mentorships are answered.
 */
static void
mentor_notice(struct notice *n, enum notify_kind kind, const char *with,
    const char *who, const char *words)
{
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	notify_set(n->subject_zh, sizeof(n->subject_zh), with);
	notify_set(n->ref, sizeof(n->ref), who);
	notify_set(n->detail, sizeof(n->detail), words);
	notify_set(n->link, sizeof(n->link), "/training");
}

/*
 * 拜师: apprentice asks master to take them on, with a message. Refused
 * (in *v) when the person is not a master, the apprentice already has a
 * master, has asked this one already, or the lineage would close a circle
 * (a master's own master cannot become their apprentice).
 */
enum db_result
db_mentor_request(int64_t apprentice, int64_t master, const char *message,
    int64_t now, int64_t *id, enum train_verdict *v)
{
	struct mentorship	 cur;
	struct user		 u;
	struct notice		 note;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 n;
	int			 cycle;

	*v = TV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_user_by_id(master, &u)) == DB_NOTFOUND ||
	    (r == DB_OK && u.role != ROLE_MASTER)) {
		*v = TV_NOT_MASTER;
		goto refused;
	}
	if (r != DB_OK)
		goto fail;
	if ((r = db_mentor_active(apprentice, &cur)) == DB_OK) {
		*v = cur.master == master ? TV_TWICE : TV_HAS_MASTER;
		goto refused;
	}
	if (r != DB_NOTFOUND)
		goto fail;
	if ((r = count2(ST_MENTOR_PENDING_PAIR, apprentice, master, &n)) !=
	    DB_OK)
		goto fail;
	if (n > 0) {
		*v = TV_TWICE;
		goto refused;
	}
	if ((r = would_cycle(master, apprentice, &cycle)) != DB_OK)
		goto fail;
	if (cycle) {
		*v = TV_CYCLE;
		goto refused;
	}
	q = db_st(ST_MENTOR_INSERT);
	db_bind_int64(q, 1, apprentice);
	db_bind_int64(q, 2, master);
	if (message != NULL && *message != '\0')
		db_bind_text(q, 3, message);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = db_user_by_id(apprentice, &u)) != DB_OK)
		goto fail;
	mentor_notice(&note, NOTIFY_MENTOR_ASKED, NULL, u.name, message);
	if ((r = mentor_audit(apprentice, "mentorship.request", *id, NULL,
	    now)) != DB_OK || (r = db_inbox_add_tx(master, &note, now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
refused:
	r = DB_OK;		/* a refusal is an answer: nothing written */
fail:
	ROLLBACK();
	return (r);
}

/*
 * The master answers a request: accept (the apprentice's other requests
 * are withdrawn) or decline. Only the master asked may answer, only once;
 * accepting is refused when the master is full, the apprentice found
 * another master meanwhile, or the lineage would close a circle.
 */
enum db_result
db_mentor_decide(int64_t id, int64_t master, int accept, int64_t now,
    enum train_verdict *v)
{
	struct mentorship	 m, cur;
	struct master_row	 mr;
	struct notice		 note;
	struct dbq		*q;
	enum db_result		 r;
	int			 cycle;

	*v = TV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = mentor_mine(id, master, MENTOR_REQUESTED, &m, v)) != DB_OK)
		goto fail;
	if (*v != TV_OK)
		goto refused;
	if (accept) {
		if ((r = db_master_get(master, &mr)) != DB_OK &&
		    r != DB_NOTFOUND)
			goto fail;
		if ((r = db_mentor_active(m.apprentice, &cur)) == DB_OK) {
			*v = TV_HAS_MASTER;
			goto refused;
		}
		if (r != DB_NOTFOUND)
			goto fail;
		if ((r = would_cycle(master, m.apprentice, &cycle)) != DB_OK)
			goto fail;
		if (cycle) {
			*v = TV_CYCLE;
			goto refused;
		}
		if (mr.id == 0 || mr.active >= mr.limit) {
			*v = TV_FULL;
			goto refused;
		}
	}
	q = db_st(accept ? ST_MENTOR_ACCEPT : ST_MENTOR_DECLINE);
	db_bind_int64(q, 1, id);
	db_bind_int64(q, 2, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if (accept) {
		q = db_st(ST_MENTOR_WITHDRAW_OTHERS);
		db_bind_int64(q, 1, m.apprentice);
		db_bind_int64(q, 2, now);
		if ((r = db_exec(q)) != DB_OK)
			goto fail;
	}
	mentor_notice(&note, accept ? NOTIFY_MENTOR_ACCEPTED :
	    NOTIFY_MENTOR_DECLINED, NULL, m.master_name, NULL);
	if ((r = mentor_audit(master, accept ? "mentorship.accept" :
	    "mentorship.decline", id, NULL, now)) != DB_OK ||
	    (r = db_inbox_add_tx(m.apprentice, &note, now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
refused:
	r = DB_OK;
fail:
	ROLLBACK();
	return (r);
}

/*
 * End an active mentorship: its apprentice, its master or staff. The
 * side(s) that did not end it are told.
 */
enum db_result
db_mentor_end(int64_t id, const struct user *by, const char *reason,
    int64_t now, enum train_verdict *v)
{
	struct mentorship	 m;
	struct notice		 note;
	struct dbq		*q;
	enum db_result		 r;

	*v = TV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_mentor_get(id, &m)) != DB_OK)
		goto fail;
	if (by->role != ROLE_STAFF && by->id != m.apprentice &&
	    by->id != m.master) {
		*v = TV_NOT_YOURS;
		goto refused;
	}
	if (m.status != MENTOR_ACTIVE) {
		*v = TV_STATE;
		goto refused;
	}
	q = db_st(ST_MENTOR_END);
	db_bind_int64(q, 1, id);
	db_bind_int64(q, 2, now);
	db_bind_text(q, 3, reason);
	db_bind_int64(q, 4, by->id);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	if ((r = mentor_audit(by->id, "mentorship.end", id, reason, now)) !=
	    DB_OK)
		goto fail;
	/* Each side the ender is not is told (both, when staff end it). */
	if (by->id != m.apprentice) {
		mentor_notice(&note, NOTIFY_MENTOR_ENDED, m.master_name,
		    by->name, reason);
		if ((r = db_inbox_add_tx(m.apprentice, &note, now)) != DB_OK)
			goto fail;
	}
	if (by->id != m.master) {
		mentor_notice(&note, NOTIFY_MENTOR_ENDED, m.apprentice_name,
		    by->name, reason);
		if ((r = db_inbox_add_tx(m.master, &note, now)) != DB_OK)
			goto fail;
	}
	if ((r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
refused:
	r = DB_OK;
fail:
	ROLLBACK();
	return (r);
}

/* The master recommends their apprentice for the incubation base. */
enum db_result
db_mentor_recommend(int64_t id, int64_t master, int64_t now,
    enum train_verdict *v)
{
	struct mentorship	 m;
	struct dbq		*q;
	enum db_result		 r;

	*v = TV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = mentor_mine(id, master, MENTOR_ACTIVE, &m, v)) != DB_OK)
		goto fail;
	if (*v != TV_OK)
		goto refused;
	q = db_st(ST_MENTOR_RECOMMEND);
	db_bind_int64(q, 1, id);
	db_bind_int64(q, 2, now);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = mentor_audit(master, "mentorship.recommend", id, NULL,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
refused:
	r = DB_OK;
fail:
	ROLLBACK();
	return (r);
}

static int
mentor_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	mentor_row(q, e->item);
	return (e->mentorship(e->item, e->arg) != 0);
}

/*
 * The mentorships of a person: as_master lists a master's requests,
 * apprentices and past apprentices; else an apprentice's history, newest
 * first. fn gets each (borrowed); returning 0 stops.
 */
enum db_result
db_mentorships(int64_t user, int as_master,
    int (*fn)(const struct mentorship *, void *), void *arg)
{
	struct mentorship	 m;
	struct each		 e = { .mentorship = fn, .arg = arg,
		    .item = &m };
	struct dbq		*q = db_st(as_master ? ST_MENTOR_OF_MASTER :
				    ST_MENTOR_OF_APPRENTICE);

	db_bind_int64(q, 1, user);
	return (db_each(q, mentor_each, &e));
}

/*
 * The apprentice logs training (day, minutes, skill index, notes); the
 * entry goes to their current master to confirm. Refused (in *v) without
 * a master, or when the day would hold more than LOG_MAX_MINUTES (pending
 * and confirmed entries together).
 */
enum db_result
db_log_add(int64_t apprentice, const char *day, int minutes, int skill,
    const char *notes, int64_t now, int64_t *id, enum train_verdict *v)
{
	struct mentorship	 m;
	struct dbq		*q;
	enum db_result		 r;
	int64_t			 logged = 0;

	*v = TV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_mentor_active(apprentice, &m)) == DB_NOTFOUND) {
		*v = TV_NO_MASTER;
		ROLLBACK();
		return (DB_OK);
	}
	if (r != DB_OK)
		goto fail;
	q = db_st(ST_LOG_DAY_MINUTES);
	db_bind_int64(q, 1, apprentice);
	db_bind_text(q, 2, day);
	if ((r = db_one_int(q, &logged)) != DB_OK) {
		if (r == DB_NOTFOUND)	/* never: an aggregate has its row */
			r = DB_OK;
		goto fail;
	}
	if (logged + minutes > LOG_MAX_MINUTES) {
		*v = TV_DAY_FULL;
		ROLLBACK();
		return (DB_OK);
	}
	q = db_st(ST_LOG_INSERT);
	db_bind_int64(q, 1, apprentice);
	db_bind_int64(q, 2, m.master);
	db_bind_int64(q, 3, m.id);
	db_bind_text(q, 4, day);
	db_bind_int(q, 5, minutes);
	db_bind_text(q, 6, gate_skill_code(skill));
	db_bind_text(q, 7, notes != NULL ? notes : "");
	db_bind_int64(q, 8, now);
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	*id = db_last_id();
	if ((r = db_audit_id(apprentice, "training.log", "log", *id, NULL,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

enum db_result
db_log_get(int64_t id, struct log_entry *e)
{
	struct dbq	*q = db_st(ST_LOG_GET);

	db_bind_int64(q, 1, id);
	return (db_one(q, log_row, e));
}

/*
 * The master confirms or rejects an entry, with a comment. Only the
 * master the entry was logged with may decide it, and only once: a
 * master cannot confirm another master's apprentice.
 */
enum db_result
db_log_decide(int64_t id, int64_t master, int confirm, const char *comment,
    int64_t now, enum train_verdict *v)
{
	struct log_entry	*e;
	struct user		 by;
	struct notice		 note;
	struct dbq		*q;
	enum db_result		 r;

	*v = TV_OK;
	if ((e = malloc(sizeof(*e))) == NULL)
		abort();
	if ((r = BEGIN()) != DB_OK) {
		free(e);
		return (r);
	}
	if ((r = db_log_get(id, e)) != DB_OK)
		goto fail;
	if (e->master != master)
		*v = TV_NOT_YOURS;
	else if (strcmp(e->status, "pending") != 0)
		*v = TV_STATE;
	if (*v != TV_OK) {
		ROLLBACK();
		free(e);
		return (DB_OK);
	}
	q = db_st(ST_LOG_DECIDE);
	db_bind_int64(q, 1, id);
	db_bind_text(q, 2, confirm ? "confirmed" : "rejected");
	if (comment != NULL && *comment != '\0')
		db_bind_text(q, 3, comment);
	db_bind_int64(q, 4, now);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(master, confirm ? "training.confirm" :
	    "training.reject", "log", id, NULL, now)) != DB_OK ||
	    (r = db_user_by_id(master, &by)) != DB_OK)
		goto fail;
	mentor_notice(&note, confirm ? NOTIFY_LOG_CONFIRMED :
	    NOTIFY_LOG_REJECTED, e->day, by.name, comment);
	note.num = e->minutes;
	if ((r = db_inbox_add_tx(e->apprentice, &note, now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	free(e);
	return (DB_OK);
fail:
	ROLLBACK();
	free(e);
	return (r);
}

static int
log_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	log_row(q, e->item);
	return (e->log(e->item, e->arg) != 0);
}

/* Step a bound log statement: one entry (borrowed) into fn each. */
static enum db_result
log_rows(struct dbq *q, int (*fn)(const struct log_entry *, void *),
    void *arg)
{
	struct each		 each = { .log = fn, .arg = arg };
	struct log_entry	*e;
	enum db_result		 r;

	if ((e = malloc(sizeof(*e))) == NULL)
		abort();
	each.item = e;
	r = db_each(q, log_each, &each);
	free(e);
	return (r);
}

/* An apprentice's log, newest first, at most limit entries. */
enum db_result
db_log_list(int64_t apprentice, int limit,
    int (*fn)(const struct log_entry *, void *), void *arg)
{
	struct dbq	*q = db_st(ST_LOG_OF_APPRENTICE);

	db_bind_int64(q, 1, apprentice);
	db_bind_int(q, 2, limit);
	return (log_rows(q, fn, arg));
}

/* The entries waiting for a master's decision, oldest first. */
enum db_result
db_log_queue(int64_t master, int (*fn)(const struct log_entry *, void *),
    void *arg)
{
	struct dbq	*q = db_st(ST_LOG_QUEUE);

	db_bind_int64(q, 1, master);
	return (log_rows(q, fn, arg));
}

static int
skill_minutes_row(struct dbq *q, void *arg)
{
	int	*minutes = arg;
	int	 k = gate_skill_parse(db_col_text(q, 0));

	if (k >= 0)
		minutes[k] = db_col_int(q, 1);
	return (1);
}

/* Confirmed minutes of an apprentice per skill (gate.c's order). */
enum db_result
db_log_totals(int64_t apprentice, int minutes[SKILL_COUNT])
{
	struct dbq	*q = db_st(ST_LOG_TOTALS);

	memset(minutes, 0, SKILL_COUNT * sizeof(minutes[0]));
	db_bind_int64(q, 1, apprentice);
	return (db_each(q, skill_minutes_row, minutes));
}

/* Staff award a level of the ladder, with the evidence; audited. */
enum db_result
db_level_award(int64_t user, enum track track, int level,
    const char *evidence, int64_t by, int64_t now)
{
	struct dbq	*q;
	enum db_result	 r;
	char		 subject[32], detail[32];

	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = db_st(ST_LEVEL_INSERT);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, track_code(track));
	db_bind_int(q, 3, level);
	db_bind_text(q, 4, evidence);
	db_bind_int64(q, 5, by);
	db_bind_int64(q, 6, now);
	(void)snprintf(subject, sizeof(subject), "user:%lld", (long long)user);
	(void)snprintf(detail, sizeof(detail), "level=%d", level);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit(by, "level.award", subject, detail, now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK) {
		ROLLBACK();
		return (r);
	}
	return (DB_OK);
}

static void
level_row(struct dbq *q, void *arg)
{
	struct level_award	*a = arg;

	a->level = db_col_int(q, 0);
	if (!track_parse(db_col_text(q, 1), &a->track))
		a->track = TRACK_NONE;
	TEXT(q, 2, a->evidence);
	a->awarded = db_col_int64(q, 3);
	TEXT(q, 4, a->by);
}

/* The person's current level (the latest award); level -1 when none. */
enum db_result
db_level_current(int64_t user, struct level_award *a)
{
	struct dbq	*q = db_st(ST_LEVEL_CURRENT);
	enum db_result	 r;

	memset(a, 0, sizeof(*a));
	a->level = -1;
	db_bind_int64(q, 1, user);
	r = db_one(q, level_row, a);
	return (r == DB_NOTFOUND ? DB_OK : r);
}

/* Everything the stage gates look at for one person. */
enum db_result
db_gate_facts(int64_t user, struct gate_facts *f)
{
	struct user		 u;
	struct mentorship	 m;
	struct level_award	 a;
	enum db_result		 r;
	int64_t			 n;

	memset(f, 0, sizeof(*f));
	if ((r = db_user_by_id(user, &u)) != DB_OK)
		return (r);
	f->stage = u.stage;
	if ((r = db_count(ST_ENTRY_COMPLETIONS, NULL, user, &n)) != DB_OK)
		return (r);
	f->entry_courses = (int)n;
	if ((r = db_count(ST_CONFIRMED_MINUTES, NULL, user, &n)) != DB_OK)
		return (r);
	f->confirmed_minutes = (int)n;
	if ((r = db_milestone_facts(user, f)) != DB_OK)
		return (r);
	if ((r = db_mentor_active(user, &m)) == DB_OK) {
		f->has_master = 1;
		f->recommended = m.recommended != 0;
	} else if (r != DB_NOTFOUND)
		return (r);
	if ((r = db_level_current(user, &a)) != DB_OK)
		return (r);
	f->level = a.level;
	return (DB_OK);
}

/*
 * Move a person from stage `from` to `to`, deciding under the write lock
 * whether the rules allow it (one stage on, gate_missing() empty) — so a
 * master ending the mentorship meanwhile cannot turn an exception into a
 * move "by the rules". Against the rules it needs a reason and is
 * recorded as an exception. *v says what happened; only MV_BY_RULES and
 * MV_EXCEPTION write (the stage, the history line, the audit).
 */
enum db_result
db_stage_move(int64_t user, enum stage from, enum stage to, int64_t by,
    const char *reason, int64_t now, enum move_verdict *v)
{
	struct gate_facts	 f;
	struct gate_need	 need[GATE_MAX_NEEDS];
	struct dbq		*q;
	enum db_result		 r;
	int			 override;

	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_gate_facts(user, &f)) != DB_OK)
		goto fail;
	if (f.stage != from) {
		*v = MV_STALE;
		ROLLBACK();
		return (DB_OK);
	}
	override = !((int)to == (int)from + 1 &&
	    gate_missing(&f, &gate_defaults, need) == 0);
	if (override && (reason == NULL || *reason == '\0')) {
		*v = MV_NEEDS_REASON;
		ROLLBACK();
		return (DB_OK);
	}
	*v = override ? MV_EXCEPTION : MV_BY_RULES;
	q = db_st(ST_STAGE_SET);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, stage_code(to));
	db_bind_text(q, 3, stage_code(from));
	if ((r = db_exec(q)) != DB_OK)
		goto fail;
	q = db_st(ST_STAGE_MOVE_INSERT);
	db_bind_int64(q, 1, user);
	db_bind_text(q, 2, stage_code(from));
	db_bind_text(q, 3, stage_code(to));
	db_bind_int64(q, 4, now);
	db_bind_int64(q, 5, by);
	if (reason != NULL && *reason != '\0')
		db_bind_text(q, 6, reason);
	db_bind_int(q, 7, override);
	if ((r = db_exec(q)) != DB_OK ||
	    (r = db_audit_id(by, override ? "stage.override" : "stage.move",
	    "user", user, stage_code(to), now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

static int
move_each(struct dbq *q, void *arg)
{
	struct each	*e = arg;

	move_row(q, e->item);
	return (e->move(e->item, e->arg) != 0);
}

/* A person's stage history, oldest first. */
enum db_result
db_stage_moves(int64_t user, int (*fn)(const struct stage_move *, void *),
    void *arg)
{
	struct stage_move	 m;
	struct each		 e = { .move = fn, .arg = arg, .item = &m };
	struct dbq		*q = db_st(ST_STAGE_MOVES);

	db_bind_int64(q, 1, user);
	return (db_each(q, move_each, &e));
}
