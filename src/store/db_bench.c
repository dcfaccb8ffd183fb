/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_bench.c: the benchmark's town-scale data set (dbbench.h). Bulk
 * inserts with statements of its own, prepared once per step and run in
 * one transaction per step: this file is only linked into yujiang-admin's
 * bench-data command's path and never runs in the server, so its
 * statements stay out of the server's table (db.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "dbbench.h"
#include "db_int.h"
#include "db_sqlite.h"

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
	"杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华",
	"玉", "兰", "志", "远", "嘉", "欣", "文", "建", "国", "晓", "琳", "彤",
};
static const char *const skills[] = {
	"开料", "打磨", "浮雕", "圆雕", "镂空", "抛光", "俏色", "设计草图",
};

/* xorshift64*: the same seed gives the same town. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (*s * 2685821657736338717ULL);
}

static int
rnd_in(uint64_t *s, int lo, int hi)
{
	return (lo + (int)(rnd(s) % (uint64_t)(hi - lo + 1)));
}

static void
bench_name(uint64_t *s, char *out, size_t n)
{
	const size_t	 ns = sizeof(surnames) / sizeof(surnames[0]);
	const size_t	 ng = sizeof(given) / sizeof(given[0]);
	const char	*a = surnames[rnd(s) % ns], *b = given[rnd(s) % ng];

	if (rnd(s) % 3 == 0)
		(void)snprintf(out, n, "%s%s", a, b);
	else
		(void)snprintf(out, n, "%s%s%s", a, b, given[rnd(s) % ng]);
}

/* YYYY-MM-DD of t (UTC is close enough for made-up days). */
static void
bench_day(int64_t t, char out[11])
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	(void)gmtime_r(&tt, &tm);
	(void)strftime(out, 11, "%Y-%m-%d", &tm);
}

static sqlite3_stmt *
prep(const char *sql)
{
	sqlite3_stmt	*q = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		db_log("bench prepare", sqlite3_errmsg(db));
		return (NULL);
	}
	return (q);
}

/* Step a bound insert and reset it; 0 on failure (logged). */
static int
step(sqlite3_stmt *q)
{
	int	 rc = sqlite3_step(q);

	(void)sqlite3_reset(q);
	(void)sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log("bench insert", sqlite3_errmsg(db));
		return (0);
	}
	return (1);
}

static int
exec(const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		db_log(sql, err != NULL ? err : "?");
		sqlite3_free(err);
		return (0);
	}
	return (1);
}

/*
 * Two indexes only while filling: the batch path's look-up of a run's
 * uncertified completions (ST_RUN_UNCERTIFIED) scans every certificate
 * for each completion (the unique index on event is partial, current =
 * 1) and every completion for the run — quadratic at 100,000 (measured:
 * 13 certificates/s at 23,000, falling). They are dropped after, so the
 * data set has the schema the server makes; the cost stays for the
 * server to fix (issue #16's report says so).
 */
enum db_result
db_bench_fast(int on)
{
	return (exec(on ? "PRAGMA synchronous = OFF;"
	    "CREATE INDEX IF NOT EXISTS bench_cert_event ON certificates "
	    "(event);"
	    "CREATE INDEX IF NOT EXISTS bench_completions_run ON completions "
	    "(run);" :
	    "DROP INDEX IF EXISTS bench_cert_event;"
	    "DROP INDEX IF EXISTS bench_completions_run;"
	    "PRAGMA synchronous = NORMAL;") ? DB_OK : DB_ERROR);
}

/* People and their identity checks: ids [*first, *first + n). */
static int
fill_people(const struct bench_size *s, uint64_t *r, int64_t staff,
    int64_t now, int64_t *first)
{
	sqlite3_stmt	*u, *c;
	char		 name[64], acct[32], hash[65];
	int		 i, ok = 1;
	int64_t		 id;

	u = prep("INSERT INTO users (name, account, pwhash, role, track, "
	    "stage, created, verified, school) VALUES (?1, ?2, '!bench', ?3, "
	    "?4, ?5, ?6, ?6, ?7)");
	c = prep("INSERT INTO identity_checks (user, doc_type, last4, "
	    "doc_hash, name, checked_by, checked) VALUES (?1, 'resident_id', "
	    "?2, ?3, ?4, ?5, ?6)");
	if (u == NULL || c == NULL)
		ok = 0;
	*first = 0;
	for (i = 0; ok && i < s->people; i++) {
		int	 master = i < s->masters;

		bench_name(r, name, sizeof(name));
		(void)snprintf(acct, sizeof(acct), "170%08d", i);
		sqlite3_bind_text(u, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(u, 2, acct, -1, SQLITE_STATIC);
		sqlite3_bind_text(u, 3, master ? "master" : "apprentice", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(u, 4, i % 3 ? "carver" : "designer", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(u, 5, !master && i - s->masters <
		    s->trainees ? "training" : "entry", -1, SQLITE_STATIC);
		sqlite3_bind_int64(u, 6, now - rnd_in(r, 30, 900) * 86400LL);
		sqlite3_bind_text(u, 7, "平洲职业技术学校", -1, SQLITE_STATIC);
		if (!(ok = step(u)))
			break;
		id = sqlite3_last_insert_rowid(db);
		if (*first == 0)
			*first = id;
		(void)snprintf(hash, sizeof(hash), "%064" PRIx64,
		    (uint64_t)(0xbe9c400000000000ULL + (uint64_t)i));
		(void)snprintf(acct, sizeof(acct), "%04d", rnd_in(r, 0, 9999));
		sqlite3_bind_int64(c, 1, id);
		sqlite3_bind_text(c, 2, acct, -1, SQLITE_STATIC);
		sqlite3_bind_text(c, 3, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(c, 4, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(c, 5, staff);
		sqlite3_bind_int64(c, 6, now - 20 * 86400);
		ok = step(c);
	}
	sqlite3_finalize(u);
	sqlite3_finalize(c);
	return (ok);
}

/* Runs of the catalogue's courses, each with its graduates. */
static int
fill_runs(const struct bench_size *s, uint64_t *r, int64_t staff,
    int64_t now, int64_t people, int64_t *first, int64_t *last)
{
	sqlite3_stmt	*cs, *ru, *en, *co;
	char		 (*codes)[16] = NULL, a[11], b[11];
	int		 ncodes = 0, i, k, per, ok = 1, score;
	int64_t		 run = 0, user, enr, napp;

	per = s->people / s->runs;
	napp = s->people - s->masters;
	if ((codes = calloc(256, sizeof(*codes))) == NULL)
		return (0);
	cs = prep("SELECT code FROM courses ORDER BY code");
	ru = prep("INSERT INTO runs (course, starts, ends, capacity, "
	    "instructor, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	en = prep("INSERT INTO enrolments (run, user, status, seq, created, "
	    "updated, score, result) VALUES (?1, ?2, 'enrolled', ?3, ?4, ?4, "
	    "?5, 'passed')");
	co = prep("INSERT INTO completions (enrolment, user, course, run, "
	    "score, attended, sessions, recorded_by, at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, 4, 4, ?6, ?7)");
	if (cs == NULL || ru == NULL || en == NULL || co == NULL)
		ok = 0;
	while (ok && ncodes < 256 && sqlite3_step(cs) == SQLITE_ROW)
		(void)snprintf(codes[ncodes++], sizeof(codes[0]), "%s",
		    (const char *)sqlite3_column_text(cs, 0));
	if (ncodes == 0) {
		db_log("bench runs", "the catalogue is empty");
		ok = 0;
	}
	*first = *last = 0;
	for (i = 0; ok && i < s->runs; i++) {
		/* A run every other day: 500 runs span three years (a
		 * year holds SERIAL_SEQ_MAX serials). */
		int64_t	 t = now - (int64_t)(s->runs - i) * 2 * 86400 -
		    60 * 86400;
		const char *course = codes[i % ncodes];

		bench_day(t, a);
		bench_day(t + 30 * 86400, b);
		sqlite3_bind_text(ru, 1, course, -1, SQLITE_STATIC);
		sqlite3_bind_text(ru, 2, a, -1, SQLITE_STATIC);
		sqlite3_bind_text(ru, 3, b, -1, SQLITE_STATIC);
		sqlite3_bind_int(ru, 4, per);
		sqlite3_bind_int64(ru, 5, staff);
		sqlite3_bind_int64(ru, 6, t - 30 * 86400);
		if (!(ok = step(ru)))
			break;
		run = sqlite3_last_insert_rowid(db);
		if (*first == 0)
			*first = run;
		*last = run;
		for (k = 0; ok && k < per; k++) {
			/* Graduate j of the town: every apprentice once,
			 * the first few twice (in runs far apart). */
			int64_t	 j = (int64_t)i * per + k;

			user = people + s->masters + j % napp;
			score = rnd_in(r, 60, 100);
			sqlite3_bind_int64(en, 1, run);
			sqlite3_bind_int64(en, 2, user);
			sqlite3_bind_int(en, 3, k + 1);
			sqlite3_bind_int64(en, 4, t - 20 * 86400);
			sqlite3_bind_int(en, 5, score);
			if (!(ok = step(en)))
				break;
			enr = sqlite3_last_insert_rowid(db);
			sqlite3_bind_int64(co, 1, enr);
			sqlite3_bind_int64(co, 2, user);
			sqlite3_bind_text(co, 3, course, -1, SQLITE_STATIC);
			sqlite3_bind_int64(co, 4, run);
			sqlite3_bind_int(co, 5, score);
			sqlite3_bind_int64(co, 6, staff);
			sqlite3_bind_int64(co, 7, t + 30 * 86400);
			ok = step(co);
		}
	}
	sqlite3_finalize(cs);
	sqlite3_finalize(ru);
	sqlite3_finalize(en);
	sqlite3_finalize(co);
	free(codes);
	return (ok);
}

/* Mentorships of the first trainees and their training logs. */
static int
fill_training(const struct bench_size *s, uint64_t *r, int64_t now,
    int64_t people)
{
	sqlite3_stmt	*me, *tl;
	char		 day[11];
	int		 i, k, per, ok = 1;
	int64_t		 m, app, master;

	if (s->trainees <= 0 || s->masters <= 0)
		return (1);
	per = s->training / s->trainees;
	me = prep("INSERT INTO mentorships (apprentice, master, status, "
	    "message, requested, started) VALUES (?1, ?2, 'active', '', ?3, "
	    "?3)");
	tl = prep("INSERT INTO training_log (apprentice, master, mentorship, "
	    "day, minutes, skill, notes, status, decided, created) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, ?8)");
	if (me == NULL || tl == NULL)
		ok = 0;
	for (i = 0; ok && i < s->trainees; i++) {
		app = people + s->masters + i;
		master = people + i % s->masters;
		sqlite3_bind_int64(me, 1, app);
		sqlite3_bind_int64(me, 2, master);
		sqlite3_bind_int64(me, 3, now - 400 * 86400LL);
		if (!(ok = step(me)))
			break;
		m = sqlite3_last_insert_rowid(db);
		for (k = 0; ok && k < per; k++) {
			int64_t	 t = now - (int64_t)(per - k) * 3 * 86400;
			int	 st = rnd_in(r, 0, 9);

			bench_day(t, day);
			sqlite3_bind_int64(tl, 1, app);
			sqlite3_bind_int64(tl, 2, master);
			sqlite3_bind_int64(tl, 3, m);
			sqlite3_bind_text(tl, 4, day, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(tl, 5, rnd_in(r, 30, 480));
			sqlite3_bind_text(tl, 6, skills[rnd(r) % (sizeof(skills) /
			    sizeof(skills[0]))], -1, SQLITE_STATIC);
			sqlite3_bind_text(tl, 7, st == 0 ? "pending" : st == 1 ?
			    "rejected" : "confirmed", -1, SQLITE_STATIC);
			sqlite3_bind_int64(tl, 8, t);
			ok = step(tl);
		}
	}
	sqlite3_finalize(me);
	sqlite3_finalize(tl);
	return (ok);
}

/* One competition open for entries, with s->entries eligible entries. */
static int
fill_competition(const struct bench_size *s, uint64_t *r, int64_t staff,
    int64_t now, int64_t people)
{
	sqlite3_stmt	*co, *ca, *wo, *en;
	char		 a[11], b[11], title[64], code[16];
	int		 i, ok = 1;
	int64_t		 comp = 0, cat[2] = { 0, 0 }, work, user;

	bench_day(now - 10 * 86400, a);
	bench_day(now + 20 * 86400, b);
	co = prep("INSERT INTO competitions (name_zh, name_en, opens, closes, "
	    "mode, min_panel, spread, generations, advance, created_by, "
	    "created) VALUES ('平洲玉雕大赛（基准）', 'Benchmark contest', ?1, "
	    "?2, 'weighted', 3, 1, 2, 0, ?3, ?4)");
	ca = prep("INSERT INTO comp_categories (competition, name_zh, name_en) "
	    "VALUES (?1, ?2, ?3)");
	wo = prep("INSERT INTO works (user, title, material, public, created, "
	    "updated) VALUES (?1, ?2, '翡翠', 1, ?3, ?3)");
	en = prep("INSERT INTO comp_entries (competition, category, entrant, "
	    "work, code, status, checked_by, checked, created) VALUES (?1, ?2, "
	    "?3, ?4, ?5, 'eligible', ?6, ?7, ?7)");
	if (co == NULL || ca == NULL || wo == NULL || en == NULL)
		ok = 0;
	if (ok) {
		sqlite3_bind_text(co, 1, a, -1, SQLITE_STATIC);
		sqlite3_bind_text(co, 2, b, -1, SQLITE_STATIC);
		sqlite3_bind_int64(co, 3, staff);
		sqlite3_bind_int64(co, 4, now - 30 * 86400);
		ok = step(co);
		comp = sqlite3_last_insert_rowid(db);
	}
	for (i = 0; ok && i < 2; i++) {
		sqlite3_bind_int64(ca, 1, comp);
		sqlite3_bind_text(ca, 2, i ? "设计" : "雕刻", -1, SQLITE_STATIC);
		sqlite3_bind_text(ca, 3, i ? "Design" : "Carving", -1,
		    SQLITE_STATIC);
		ok = step(ca);
		cat[i] = sqlite3_last_insert_rowid(db);
	}
	for (i = 0; ok && i < s->entries; i++) {
		user = people + s->masters + i;
		(void)snprintf(title, sizeof(title), "翡翠摆件 第%d号", i + 1);
		sqlite3_bind_int64(wo, 1, user);
		sqlite3_bind_text(wo, 2, title, -1, SQLITE_STATIC);
		sqlite3_bind_int64(wo, 3, now - rnd_in(r, 11, 60) * 86400LL);
		if (!(ok = step(wo)))
			break;
		work = sqlite3_last_insert_rowid(db);
		(void)snprintf(code, sizeof(code), "B%05d", i + 1);
		sqlite3_bind_int64(en, 1, comp);
		sqlite3_bind_int64(en, 2, cat[i % 2]);
		sqlite3_bind_int64(en, 3, user);
		sqlite3_bind_int64(en, 4, work);
		sqlite3_bind_text(en, 5, code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(en, 6, staff);
		sqlite3_bind_int64(en, 7, now - 5 * 86400);
		ok = step(en);
	}
	sqlite3_finalize(co);
	sqlite3_finalize(ca);
	sqlite3_finalize(wo);
	sqlite3_finalize(en);
	return (ok);
}

/* Run one step in its own transaction. */
static enum db_result
in_tx(int ok_begin, int (*fn)(void *), void *arg)
{
	if (!ok_begin)
		return (DB_ERROR);
	if (!fn(arg)) {
		ROLLBACK();
		return (DB_ERROR);
	}
	return (COMMIT());
}

struct fill {
	const struct bench_size	*s;
	uint64_t		 r;
	int64_t			 staff, now, people, *first, *last;
};

static int
step_people(void *a)
{
	struct fill	*f = a;

	return (fill_people(f->s, &f->r, f->staff, f->now, &f->people));
}

static int
step_runs(void *a)
{
	struct fill	*f = a;

	return (fill_runs(f->s, &f->r, f->staff, f->now, f->people, f->first,
	    f->last));
}

static int
step_training(void *a)
{
	struct fill	*f = a;

	return (fill_training(f->s, &f->r, f->now, f->people));
}

static int
step_competition(void *a)
{
	struct fill	*f = a;

	return (fill_competition(f->s, &f->r, f->staff, f->now, f->people));
}

enum db_result
db_bench_fill(const struct bench_size *s, int64_t staff, int64_t now,
    int64_t *first, int64_t *last, void (*progress)(const char *))
{
	static const struct {
		const char	*name;
		int		(*fn)(void *);
	} steps[] = {
		{ "people and identity checks", step_people },
		{ "runs and graduates", step_runs },
		{ "mentorships and training log", step_training },
		{ "competition entries", step_competition },
	};
	struct fill	 f;
	enum db_result	 r = DB_OK;
	size_t		 i;

	if (s->people < 1 || s->masters < 1 || s->masters >= s->people ||
	    s->runs < 1 || s->runs > s->people || s->trainees < 0 ||
	    s->trainees > s->people - s->masters || s->entries < 0 ||
	    s->entries > s->people - s->masters)
		return (DB_ERROR);
	memset(&f, 0, sizeof(f));
	f.s = s;
	f.r = s->seed != 0 ? s->seed : 0x9e3779b97f4a7c15ULL;
	f.staff = staff;
	f.now = now;
	f.first = first;
	f.last = last;
	if ((r = db_bench_fast(1)) != DB_OK)
		return (r);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]) && r == DB_OK; i++) {
		if (progress != NULL)
			progress(steps[i].name);
		r = in_tx(BEGIN() == DB_OK, steps[i].fn, &f);
	}
	return (r);
}

enum db_result
db_bench_codes(int every, int (*cb)(const char *, void *), void *arg)
{
	sqlite3_stmt	*q;
	int		 rc;

	if (every < 1)
		every = 1;
	if ((q = prep("SELECT code FROM certificates WHERE batch IS NOT NULL "
	    "AND id % ?1 = 0 ORDER BY id")) == NULL)
		return (DB_ERROR);
	sqlite3_bind_int(q, 1, every);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!cb((const char *)sqlite3_column_text(q, 0), arg))
			break;
	}
	sqlite3_finalize(q);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : DB_ERROR);
}
