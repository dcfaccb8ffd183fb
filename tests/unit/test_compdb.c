/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_compdb.c: 评选 selection in the store, on a real SQLite file —
 * competitions and their rules, the verdicts of every step (categories,
 * panels, entries, the eligibility check, opening), recusal from the
 * lineage (recorded, logged, blind lists that leave it out, the
 * generations setting), sheets from draft to final and reopened, the
 * lock (missing sheets, WorldSkills spread, two rounds, tiers by quota),
 * publication (honours, one batch of certificates, title nominations and
 * their decision) and the score log's verification against edits made
 * behind the application's back, to the sheets or to the results a lock
 * froze. Last, the lock at town scale.
 */
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "db.h"
#include "db_int.h"
#include "secret.h"
#include "tdb.h"

#define TODAY	"2026-06-01"

static char		dir[] = "/tmp/yj-compdb.XXXXXX";
static char		path[256];
static struct signer	signer;
static int64_t		staff, gm, m1, m2, m3, m4, m5;
static int64_t		app[6];		/* apprentices at the selection stage */
static int64_t		novice;		/* an apprentice at the entry stage */
static int64_t		nuser;

/* Staff's identity check of user, as db_idcheck_record() stores it (the
 * hash is the store's business only as a unique string here). */
static int
verify_identity(int64_t user, const char *name)
{
	struct idcheck_new	 n;
	struct user		 other;
	enum idcheck_verdict	 v;
	char			 hash[REALNAME_HASH_HEX];

	(void)snprintf(hash, sizeof(hash), "%064lld", (long long)user);
	memset(&n, 0, sizeof(n));
	n.user = user;
	n.doc_type = DOC_RESIDENT_ID;
	n.last4 = "002X";
	n.hash = hash;
	n.name = name;
	n.by = user;
	n.now = 1;
	return (db_idcheck_record(&n, &v, &other) == DB_OK && v == IDV_OK);
}

static int64_t
mkuser(const char *name, enum role role)
{
	struct user_new	 u;
	char		 account[32];
	int64_t		 id = 0;

	(void)snprintf(account, sizeof(account), "1380000%04lld",
	    (long long)++nuser);
	memset(&u, 0, sizeof(u));
	u.name = name;
	u.account = account;
	u.pwhash = "x";
	u.role = role;
	u.track = role == ROLE_STAFF ? TRACK_NONE : TRACK_CARVER;
	assert_int_equal(db_user_create(&u, &id), DB_OK);
	/* Awards and titles are certified under a verified name. */
	assert_true(verify_identity(id, name));
	return (id);
}

/* master took apprentice on (an ended mentorship is a link all the same). */
static void
link_lineage(int64_t master, int64_t apprentice)
{
	tdb_exec("INSERT INTO mentorships (apprentice, master, status, "
	    "requested, started, ended) VALUES (%lld, %lld, 'ended', 1, 1, 2)",
	    (long long)apprentice, (long long)master);
}

static int
setup(void **state)
{
	char	 key[300], err[256];
	int	 i;

	(void)state;
	if (!secret_init() || mkdtemp(dir) == NULL)
		return (-1);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, DB_FILE);
	(void)snprintf(key, sizeof(key), "%s/%s", dir, KEY_FILE);
	if (!tdb_open(path) || !db_migrate() || !db_prepare() ||
	    !sign_key_open(key, 1, &signer, err, sizeof(err)))
		return (-1);
	staff = mkuser("周晓琳", ROLE_STAFF);
	gm = mkuser("王大师", ROLE_MASTER);
	m1 = mkuser("李师傅", ROLE_MASTER);
	m2 = mkuser("陈师傅", ROLE_MASTER);
	m3 = mkuser("黄师傅", ROLE_MASTER);
	m4 = mkuser("梁师傅", ROLE_MASTER);
	m5 = mkuser("何师傅", ROLE_MASTER);
	for (i = 0; i < 6; i++) {
		app[i] = mkuser(i % 2 ? "张小敏" : "林小雨", ROLE_APPRENTICE);
		tdb_exec("UPDATE users SET stage = 'selection' WHERE id = %lld",
		    (long long)app[i]);
	}
	novice = mkuser("刘新人", ROLE_APPRENTICE);
	/* 王大师 taught 李师傅, who teaches app[0]. */
	link_lineage(gm, m1);
	link_lineage(m1, app[0]);
	return (0);
}

static int
teardown(void **state)
{
	char	 cmd[512];

	(void)state;
	tdb_close();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return (system(cmd) == 0 ? 0 : -1);
}

static int64_t
mkwork(int64_t user, int photos)
{
	struct work_edit	 w = { "青蛙摆件", "翡翠", "圆雕", "10cm", "",
				    1 };
	enum incub_verdict	 v;
	int64_t			 id = 0, p;
	int			 i;

	assert_int_equal(db_work_create(user, &w, 1000, &id, &v), DB_OK);
	assert_int_equal(v, IV_OK);
	for (i = 0; i < photos; i++) {
		assert_int_equal(db_photo_add(user, id, 800, 600, 1000, 1000,
		    &p, &v), DB_OK);
		assert_int_equal(v, IV_OK);
	}
	return (id);
}

static void
rules(struct comp_edit *e, const char *name, enum score_mode mode,
    int advance, int generations)
{
	db_comp_defaults(e);
	e->name_zh = name;
	e->name_en = "";
	e->opens = "2026-01-01";
	e->closes = "2026-12-31";
	e->advance = advance;
	e->generations = generations;
	if (mode == SCORE_WORLDSKILLS) {
		e->mode = mode;
		e->ncrit = 3;
		e->crit[0].weight = 40;
		e->crit[1].weight = 30;
		e->crit[2].weight = 30;
		e->ntie = 0;
		e->min_panel = 3;
		e->spread = 1;
	}
}

static int64_t
mkcomp(const char *name, enum score_mode mode, int advance, int generations)
{
	struct comp_edit	 e;
	int64_t			 id = 0;

	rules(&e, name, mode, advance, generations);
	assert_int_equal(db_comp_create(&e, staff, 1000, &id), DB_OK);
	assert_true(id > 0);
	return (id);
}

static int64_t
mkcat(int64_t comp, const char *name)
{
	enum comp_verdict	 v;
	int64_t			 id = 0;

	assert_int_equal(db_category_add(comp, name, "", staff, 1000, &id, &v),
	    DB_OK);
	assert_int_equal(v, COMPV_OK);
	return (id);
}

static void
judge(int64_t comp, int64_t cat, int64_t who)
{
	enum comp_verdict	 v;

	assert_int_equal(db_judge_add(comp, cat, who, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
}

/* A new work of user's, entered and found eligible. */
static int64_t
enter(int64_t comp, int64_t cat, int64_t user)
{
	enum comp_verdict	 v;
	int64_t			 id = 0;

	assert_int_equal(db_entry_create(comp, cat, user, mkwork(user, 1),
	    TODAY, 1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(db_entry_check(id, ENTRY_ELIGIBLE, "", staff, 1000,
	    &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	return (id);
}

static void
open_comp(int64_t comp)
{
	enum comp_verdict	 v;

	assert_int_equal(db_comp_open(comp, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
}

/* n marks of the same value, as stored. */
static const char *
marks(int n, int value)
{
	static char	 out[SCORE_MARKS_MAX];
	int		 m[SCORE_MAX_CRITERIA], i;

	for (i = 0; i < n; i++)
		m[i] = value;
	score_marks_format(m, n, out);
	return (out);
}

/* Save the marks written as text mk ("3 2 1": as many as it has). */
static enum db_result
sheet_save(int64_t entry, int64_t who, const char *mk, int final,
    int64_t now, enum comp_verdict *v)
{
	const char	*p;
	int		 m[SCORE_MAX_CRITERIA], n = 1;

	for (p = mk; *p != '\0'; p++)
		n += *p == ' ';
	assert_true(score_marks_parse(mk, n, 999, m));
	return (db_sheet_save(entry, who, m, n, final, now, v));
}

static enum comp_verdict
save(int64_t entry, int64_t who, const char *mk, int final)
{
	enum comp_verdict	 v;

	assert_int_equal(sheet_save(entry, who, mk, final, 2000, &v), DB_OK);
	return (v);
}

static int
count_comp(const struct competition *c, void *arg)
{
	int64_t	*ids = arg;

	if (ids[0] < 8)
		ids[1 + ids[0]++] = c->id;
	return (1);
}

static void
create_and_get(void **state)
{
	struct competition	 c;
	struct comp_edit	 e;
	enum comp_verdict	 v;
	int64_t			 id, id2, ids[9] = { 0 }, n, before;
	int			 i, sum = 0;

	(void)state;
	db_comp_defaults(&e);
	assert_int_equal(e.mode, SCORE_WEIGHTED);
	assert_int_equal(e.min_panel, 3);
	assert_int_equal(e.spread, 1);
	assert_int_equal(e.generations, 2);
	assert_int_equal(e.advance, 0);
	assert_int_equal(e.ncrit, 9);
	assert_int_equal(e.ntiers, 4);
	assert_int_equal(e.ntie, 2);
	assert_int_equal(e.tiebreak[0], 4);	/* 工艺技术 */
	assert_int_equal(e.tiebreak[1], 3);	/* 创意创新 */
	assert_null(e.name_zh);
	for (i = 0; i < e.ncrit; i++) {
		assert_int_equal(e.crit[i].pos, i + 1);
		sum += e.crit[i].weight;
	}
	assert_int_equal(sum, 100);

	assert_int_equal(db_comp_in_progress(&before), DB_OK);
	e.name_zh = "彩云杯";
	e.name_en = "Caiyun Cup";
	e.opens = "2026-03-01";
	e.closes = "2026-04-30";
	assert_int_equal(db_comp_create(&e, staff, 1000, &id), DB_OK);
	assert_int_equal(db_comp_get(id, &c), DB_OK);
	assert_string_equal(c.name_zh, "彩云杯");
	assert_string_equal(c.name_en, "Caiyun Cup");
	assert_string_equal(c.opens, "2026-03-01");
	assert_string_equal(c.closes, "2026-04-30");
	assert_int_equal(c.state, COMP_ENTRIES);
	assert_int_equal(c.round, 0);
	assert_int_equal(c.rounds, 1);
	assert_int_equal(c.generations, 2);
	assert_int_equal(c.entries, 0);
	assert_int_equal(c.created, 1000);
	assert_int_equal(c.ncrit, 9);
	assert_int_equal(c.rules.ncrit, 9);
	assert_string_equal(c.crit[3].name_zh, "工艺技术");
	assert_int_equal(c.crit[3].weight, 30);
	assert_int_equal(c.rules.weight[3], 30);
	assert_int_equal(c.rules.mode, SCORE_WEIGHTED);
	assert_int_equal(c.rules.min_panel, 3);
	assert_int_equal(c.rules.ntie, 2);
	assert_int_equal(c.rules.tiebreak[0], 3);
	assert_int_equal(c.rules.tiebreak[1], 2);
	assert_int_equal(c.ntiers, 4);
	assert_string_equal(c.tiers[0].name_zh, "金奖");
	assert_int_equal(c.tiers[0].pos, 1);
	assert_int_equal(c.tiers[3].quota, 5);
	assert_string_equal(comp_state_code(c.state), "entries");
	assert_string_equal(entry_status_code(ENTRY_WITHDRAWN), "withdrawn");
	assert_int_equal(tdb_int("SELECT tiebreak FROM competitions WHERE "
	    "id = %lld", (long long)id), 4);	/* "4 3" */
	assert_int_equal(tdb_int("SELECT count(*) FROM audit WHERE action = "
	    "'comp.create' AND subject = 'competition:%lld'", (long long)id),
	    1);

	/* New rules while taking entries: two rounds, WorldSkills. */
	rules(&e, "彩云杯 2026", SCORE_WORLDSKILLS, 6, 1);
	assert_int_equal(db_comp_rules_set(id, &e, staff, 1100, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(db_comp_get(id, &c), DB_OK);
	assert_string_equal(c.name_zh, "彩云杯 2026");
	assert_int_equal(c.rules.mode, SCORE_WORLDSKILLS);
	assert_int_equal(c.ncrit, 3);
	assert_int_equal(c.rules.ntie, 0);
	assert_int_equal(c.rounds, 2);
	assert_int_equal(c.advance, 6);
	assert_int_equal(c.generations, 1);
	assert_int_equal(db_comp_rules_set(99999, &e, staff, 1100, &v),
	    DB_NOTFOUND);

	/* A schema CHECK still refuses (the window backwards). */
	rules(&e, "反了", SCORE_WEIGHTED, 0, 2);
	e.opens = "2026-05-01";
	e.closes = "2026-04-01";
	assert_int_equal(db_comp_create(&e, staff, 1000, &id2), DB_CONFLICT);
	assert_int_equal(id2, 0);

	id2 = mkcomp("玉雕节", SCORE_WEIGHTED, 0, 2);
	assert_int_equal(db_comps(count_comp, ids), DB_OK);
	assert_true(ids[0] >= 2);
	assert_int_equal(ids[1], id2);		/* newest first */
	assert_int_equal(ids[2], id);
	assert_int_equal(db_comp_in_progress(&n), DB_OK);
	assert_int_equal(n, before + 2);
	assert_int_equal(db_comp_get(99999, &c), DB_NOTFOUND);
}

static int
count_cat(const struct comp_category *k, void *arg)
{
	struct comp_category	*out = arg;

	out[0].entries++;	/* rows */
	out[1] = *k;		/* the last */
	return (1);
}

static int
first_judge(const struct comp_judge *j, void *arg)
{
	struct comp_judge	*out = arg;

	if (out->judge == 0)
		*out = *j;
	return (1);
}

static void
category_and_judge_verdicts(void **state)
{
	struct comp_category	 k[2];
	struct comp_judge	 j;
	enum comp_verdict	 v;
	int64_t			 comp, other, cat, cat2, ocat, id;
	int			 yes;

	(void)state;
	comp = mkcomp("翡翠赛", SCORE_WEIGHTED, 0, 2);
	other = mkcomp("别的赛", SCORE_WEIGHTED, 0, 2);
	cat = mkcat(comp, "摆件");
	assert_int_equal(db_category_add(comp, "摆件", "", staff, 1000, &id,
	    &v), DB_OK);
	assert_int_equal(v, COMPV_TWICE);
	assert_int_equal(db_category_add(99999, "挂件", "", staff, 1000, &id,
	    &v), DB_NOTFOUND);
	cat2 = mkcat(comp, "挂件");
	ocat = mkcat(other, "手镯");

	judge(comp, cat, m2);
	assert_int_equal(db_judge_add(comp, cat, m2, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_TWICE);
	assert_int_equal(db_judge_add(comp, cat, app[1], staff, 1000, &v),
	    DB_OK);
	assert_int_equal(v, COMPV_NOT_MASTER);
	assert_int_equal(db_judge_add(comp, cat, staff, staff, 1000, &v),
	    DB_OK);
	assert_int_equal(v, COMPV_NOT_MASTER);
	assert_int_equal(db_judge_add(comp, cat, 99999, staff, 1000, &v),
	    DB_OK);
	assert_int_equal(v, COMPV_NOT_MASTER);
	assert_int_equal(db_judge_add(comp, ocat, m3, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_CATEGORY);
	assert_int_equal(db_judge_add(comp, 99999, m3, staff, 1000, &v),
	    DB_OK);
	assert_int_equal(v, COMPV_CATEGORY);
	assert_int_equal(db_judge_add(99999, cat, m3, staff, 1000, &v),
	    DB_NOTFOUND);
	judge(comp, cat, m3);
	judge(comp, cat2, m4);

	memset(k, 0, sizeof(k));
	assert_int_equal(db_categories(comp, count_cat, k), DB_OK);
	assert_int_equal(k[0].entries, 2);
	assert_int_equal(k[1].id, cat2);
	assert_int_equal(k[1].judges, 1);
	assert_string_equal(k[1].name_zh, "挂件");
	memset(&j, 0, sizeof(j));
	assert_int_equal(db_judges(comp, first_judge, &j), DB_OK);
	assert_int_equal(j.category, cat);
	assert_int_equal(j.judge, m2);		/* 陈 before 黄 */
	assert_string_equal(j.name, "陈师傅");
	assert_int_equal(db_judge_sits(comp, m4, &yes), DB_OK);
	assert_true(yes);
	assert_int_equal(db_judge_sits(comp, m5, &yes), DB_OK);
	assert_false(yes);
	assert_int_equal(db_judge_sits(other, m2, &yes), DB_OK);
	assert_false(yes);

	/* Once judging: no new category; judges still may join. */
	enter(comp, cat, app[1]);
	enter(comp, cat2, app[2]);
	open_comp(comp);
	assert_int_equal(db_category_add(comp, "手镯", "", staff, 1000, &id,
	    &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);
	judge(comp, cat2, m5);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "action = 'judge.add' AND competition = %lld AND judge = %lld "
	    "AND round = 1", (long long)comp, (long long)m5), 1);
	/* Locked: the panels are frozen. */
	tdb_exec("UPDATE competitions SET state = 'locked' WHERE id = %lld",
	    (long long)comp);
	assert_int_equal(db_judge_add(comp, cat, m5, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);
}

static int
first_entry(const struct comp_entry *e, void *arg)
{
	struct comp_entry	*out = arg;

	*out = *e;
	return (0);
}

static void
entry_verdicts(void **state)
{
	struct comp_entry	 e;
	enum comp_verdict	 v;
	int64_t			 comp, other, cat, ocat, id, work, bare, theirs;
	struct competition	 c;

	(void)state;
	comp = mkcomp("新人赛", SCORE_WEIGHTED, 0, 2);
	other = mkcomp("旁赛", SCORE_WEIGHTED, 0, 2);
	cat = mkcat(comp, "摆件");
	ocat = mkcat(other, "摆件");
	work = mkwork(app[1], 2);
	bare = mkwork(app[1], 0);
	theirs = mkwork(app[2], 1);

	assert_int_equal(db_entry_create(99999, cat, app[1], work, TODAY,
	    1000, &id, &v), DB_NOTFOUND);
	assert_int_equal(db_entry_create(comp, cat, app[1], work,
	    "2025-12-31", 1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_WINDOW);
	assert_int_equal(db_entry_create(comp, cat, app[1], work,
	    "2027-01-01", 1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_WINDOW);
	assert_int_equal(db_entry_create(comp, ocat, app[1], work, TODAY,
	    1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_CATEGORY);
	assert_int_equal(db_entry_create(comp, cat, novice, mkwork(novice, 1),
	    TODAY, 1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_NOT_SELECTION);
	assert_int_equal(db_entry_create(comp, cat, m2, mkwork(m2, 1),
	    TODAY, 1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_NOT_SELECTION);
	assert_int_equal(db_entry_create(comp, cat, app[1], theirs, TODAY,
	    1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_NOT_OWNER);
	assert_int_equal(db_entry_create(comp, cat, app[1], 99999, TODAY,
	    1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_NOT_OWNER);
	assert_int_equal(db_entry_create(comp, cat, app[1], bare, TODAY,
	    1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_NO_PHOTOS);
	assert_int_equal(id, 0);

	assert_int_equal(db_entry_create(comp, cat, app[1], work, TODAY,
	    1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_true(id > 0);
	assert_int_equal(db_entry_create(comp, cat, app[1], work, TODAY,
	    1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_TWICE);
	/* The same work may go to another competition. */
	assert_int_equal(db_entry_create(other, ocat, app[1], work, TODAY,
	    1000, &id, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);

	memset(&e, 0, sizeof(e));
	assert_int_equal(db_entries(comp, first_entry, &e), DB_OK);
	assert_int_equal(e.competition, comp);
	assert_int_equal(e.category, cat);
	assert_string_equal(e.category_zh, "摆件");
	assert_int_equal(e.entrant, app[1]);
	assert_string_equal(e.entrant_name, "张小敏");
	assert_int_equal(e.work, work);
	assert_string_equal(e.title, "青蛙摆件");
	assert_string_equal(e.material, "翡翠");
	assert_int_equal(strlen(e.code), ENTRY_CODE_LEN);
	assert_int_equal(e.status, ENTRY_PENDING);
	assert_int_equal(e.reached, 0);
	assert_int_equal(db_entry_get(e.id, &e), DB_OK);
	assert_int_equal(db_entry_get(99999, &e), DB_NOTFOUND);
	assert_int_equal(db_entries_of_user(app[1], first_entry, &e), DB_OK);
	assert_int_equal(e.competition, other);	/* newest first */
	assert_int_equal(db_comp_get(comp, &c), DB_OK);
	assert_int_equal(c.entries, 1);

	/* The check: only eligible or refused; may change; a note. */
	assert_int_equal(db_entry_check(e.id, ENTRY_WITHDRAWN, "", staff,
	    1000, &v), DB_CONFLICT);
	assert_int_equal(db_entry_check(e.id, ENTRY_REFUSED, "尺寸不符",
	    staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(db_entry_get(e.id, &e), DB_OK);
	assert_int_equal(e.status, ENTRY_REFUSED);
	assert_string_equal(e.note, "尺寸不符");
	assert_int_equal(db_comp_get(other, &c), DB_OK);
	assert_int_equal(c.entries, 0);		/* refused: not counted */
	assert_int_equal(db_entry_check(e.id, ENTRY_ELIGIBLE, NULL, staff,
	    1000, &v), DB_OK);
	assert_int_equal(db_entry_get(e.id, &e), DB_OK);
	assert_int_equal(e.status, ENTRY_ELIGIBLE);
	assert_int_equal(db_entry_check(99999, ENTRY_ELIGIBLE, NULL, staff,
	    1000, &v), DB_NOTFOUND);
}

static void
open_verdicts(void **state)
{
	enum comp_verdict	 v;
	struct comp_edit	 e;
	struct competition	 c;
	struct comp_entry	 x;
	int64_t			 comp, cat, cat2, a, b;

	(void)state;
	comp = mkcomp("开赛", SCORE_WEIGHTED, 0, 2);
	assert_int_equal(db_comp_open(comp, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_EMPTY);
	cat = mkcat(comp, "摆件");
	cat2 = mkcat(comp, "挂件");
	assert_int_equal(db_entry_create(comp, cat, app[1], mkwork(app[1], 1),
	    TODAY, 1000, &a, &v), DB_OK);
	assert_int_equal(db_comp_open(comp, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_PENDING);
	assert_int_equal(db_entry_check(a, ENTRY_REFUSED, "", staff, 1000,
	    &v), DB_OK);
	assert_int_equal(db_comp_open(comp, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_EMPTY);
	b = enter(comp, cat2, app[2]);
	judge(comp, cat, m2);		/* the other category has none */
	assert_int_equal(db_comp_open(comp, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_NO_JUDGES);
	assert_int_equal(db_comp_open(99999, staff, 1000, &v), DB_NOTFOUND);
	judge(comp, cat2, m3);
	open_comp(comp);
	assert_int_equal(db_comp_open(comp, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);

	assert_int_equal(db_comp_get(comp, &c), DB_OK);
	assert_int_equal(c.state, COMP_JUDGING);
	assert_int_equal(c.round, 1);
	assert_int_equal(db_entry_get(b, &x), DB_OK);
	assert_int_equal(x.reached, 1);
	assert_int_equal(db_entry_get(a, &x), DB_OK);
	assert_int_equal(x.reached, 0);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "action = 'open' AND competition = %lld", (long long)comp), 1);

	/* Judging: no more checks, no new rules, no new entries. */
	assert_int_equal(db_entry_check(a, ENTRY_ELIGIBLE, "", staff, 1000,
	    &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);
	rules(&e, "开赛", SCORE_WEIGHTED, 0, 2);
	assert_int_equal(db_comp_rules_set(comp, &e, staff, 1000, &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);
	assert_int_equal(db_entry_create(comp, cat, app[3], mkwork(app[3], 1),
	    TODAY, 1000, &a, &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);
}

struct listed {
	int			 n;
	struct comp_entry	 last;
};

static int
listed(const struct comp_entry *e, void *arg)
{
	struct listed	*out = arg;

	out->n++;
	out->last = *e;
	return (1);
}

static void
recusal_from_the_lineage(void **state)
{
	struct listed		 l;
	struct comp_progress	 p;
	enum comp_verdict	 v;
	int64_t			 comp, cat, own, other, logs, late;

	(void)state;
	/* 李师傅 (m1) judges; app[0] is his apprentice. */
	late = mkuser("赵后来", ROLE_APPRENTICE);
	tdb_exec("UPDATE users SET stage = 'selection' WHERE id = %lld",
	    (long long)late);
	comp = mkcomp("回避赛", SCORE_WEIGHTED, 0, 1);
	cat = mkcat(comp, "摆件");
	judge(comp, cat, m1);
	judge(comp, cat, m2);
	judge(comp, cat, m3);
	own = enter(comp, cat, app[0]);
	other = enter(comp, cat, late);
	assert_int_equal(db_entry_may_judge(own, m1, &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);
	open_comp(comp);

	/* Opening recorded it, with a score-log record. */
	assert_int_equal(tdb_int("SELECT depth FROM comp_recusals WHERE "
	    "entry = %lld AND judge = %lld", (long long)own, (long long)m1), 1);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "action = 'recuse' AND entry = %lld AND judge = %lld AND "
	    "round = 1", (long long)own, (long long)m1), 1);
	assert_int_equal(tdb_int("SELECT count(*) FROM comp_recusals r JOIN "
	    "comp_entries e ON e.id = r.entry WHERE e.competition = %lld",
	    (long long)comp), 1);

	/* His list leaves it out, and shows no names. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_judge_entries(comp, m1, listed, &l), DB_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.last.id, other);
	assert_int_equal(l.last.entrant, 0);
	assert_string_equal(l.last.entrant_name, "");
	assert_int_equal(l.last.work, 0);
	assert_string_equal(l.last.title, "");
	assert_string_equal(l.last.material, "翡翠");
	assert_string_equal(l.last.category_zh, "摆件");
	assert_int_equal(strlen(l.last.code), ENTRY_CODE_LEN);
	assert_int_equal(l.last.sheet, 0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_judge_entries(comp, m2, listed, &l), DB_OK);
	assert_int_equal(l.n, 2);

	/* The server refuses him, whatever the page sends. */
	assert_int_equal(db_entry_may_judge(own, m1, &v), DB_OK);
	assert_int_equal(v, COMPV_RECUSED);
	logs = tdb_int("SELECT count(*) FROM score_log");
	assert_int_equal(save(own, m1, marks(9, 90), 1), COMPV_RECUSED);
	assert_int_equal(tdb_int("SELECT count(*) FROM comp_sheets WHERE "
	    "entry = %lld AND judge = %lld", (long long)own, (long long)m1), 0);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log"), logs);
	assert_int_equal(db_entry_may_judge(other, m1, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(db_entry_may_judge(own, m4, &v), DB_OK);
	assert_int_equal(v, COMPV_NOT_JUDGE);
	assert_int_equal(db_entry_may_judge(99999, m1, &v), DB_NOTFOUND);

	/* A link made during judging: recorded when first met. */
	link_lineage(m2, late);
	assert_int_equal(save(other, m2, marks(9, 80), 0), COMPV_RECUSED);
	assert_int_equal(tdb_int("SELECT depth FROM comp_recusals WHERE "
	    "entry = %lld AND judge = %lld", (long long)other, (long long)m2),
	    1);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "action = 'recuse' AND entry = %lld AND judge = %lld",
	    (long long)other, (long long)m2), 1);
	assert_int_equal(tdb_int("SELECT count(*) FROM comp_sheets WHERE "
	    "entry = %lld AND judge = %lld", (long long)other, (long long)m2),
	    0);
	/* Recorded once: asking again logs nothing more. */
	assert_int_equal(save(other, m2, marks(9, 80), 0), COMPV_RECUSED);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "action = 'recuse' AND entry = %lld AND judge = %lld",
	    (long long)other, (long long)m2), 1);

	/* Progress: 2 entries × 3 judges less 2 recusals. */
	assert_int_equal(db_comp_progress(comp, &p), DB_OK);
	assert_int_equal(p.expected, 4);
	assert_int_equal(p.recusals, 2);
	assert_int_equal(p.final, 0);
	assert_int_equal(p.draft, 0);
}

static void
recusal_generations(void **state)
{
	struct listed		 l;
	enum comp_verdict	 v;
	int64_t			 one, two, cat1, cat2, e1, e2;

	(void)state;
	/* 王大师 (gm) taught 李师傅, who teaches app[0]: two generations. */
	one = mkcomp("一代", SCORE_WEIGHTED, 0, 1);
	two = mkcomp("两代", SCORE_WEIGHTED, 0, 2);
	cat1 = mkcat(one, "摆件");
	cat2 = mkcat(two, "摆件");
	judge(one, cat1, gm);
	judge(two, cat2, gm);
	e1 = enter(one, cat1, app[0]);
	e2 = enter(two, cat2, app[0]);
	open_comp(one);
	open_comp(two);
	assert_int_equal(db_entry_may_judge(e1, gm, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_judge_entries(one, gm, listed, &l), DB_OK);
	assert_int_equal(l.n, 1);

	assert_int_equal(tdb_int("SELECT depth FROM comp_recusals WHERE "
	    "entry = %lld AND judge = %lld", (long long)e2, (long long)gm), 2);
	assert_int_equal(db_entry_may_judge(e2, gm, &v), DB_OK);
	assert_int_equal(v, COMPV_RECUSED);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_judge_entries(two, gm, listed, &l), DB_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(save(e2, gm, marks(9, 70), 1), COMPV_RECUSED);
	assert_int_equal(save(e1, gm, marks(9, 70), 1), COMPV_OK);
}

static int
sheet_count(const struct comp_sheet *s, void *arg)
{
	struct comp_sheet	*out = arg;

	out[0].round++;
	out[1] = *s;
	return (1);
}

static void
sheets_draft_final_reopen(void **state)
{
	struct comp_sheet	 s, list[2];
	struct comp_progress	 p;
	struct listed		 l;
	struct score_rules	 r9;
	enum comp_verdict	 v;
	int64_t			 comp, cat, a, b;
	int			 n;

	(void)state;
	memset(&r9, 0, sizeof(r9));
	r9.mode = SCORE_WEIGHTED;
	r9.ncrit = 9;
	comp = mkcomp("评分赛", SCORE_WEIGHTED, 0, 2);
	cat = mkcat(comp, "摆件");
	judge(comp, cat, m2);
	judge(comp, cat, m3);
	a = enter(comp, cat, app[1]);
	b = enter(comp, cat, app[2]);
	assert_int_equal(save(a, m2, marks(9, 50), 0), COMPV_STATE);
	open_comp(comp);

	assert_int_equal(save(a, m2, marks(9, 50), 0), COMPV_OK);
	assert_int_equal(db_sheet_get(&r9, a, m2, 1, &s), DB_OK);
	assert_string_equal(s.marks.text, marks(9, 50));
	assert_int_equal(s.marks.n, 9);
	assert_int_equal(s.marks.v[0], 50);
	assert_int_equal(s.marks.v[8], 50);
	assert_int_equal(s.final, 0);
	assert_string_equal(s.judge_name, "陈师傅");
	assert_int_equal(save(a, m2, marks(9, 60), 0), COMPV_OK);
	/* Marks the rules cannot read never reach the store. */
	assert_int_equal(sheet_save(a, m2, "60 60", 0, 2000, &v),
	    DB_CONFLICT);
	assert_int_equal(sheet_save(a, m2, marks(9, 101), 0, 2000, &v),
	    DB_CONFLICT);
	assert_int_equal(save(a, m2, marks(9, 70), 1), COMPV_OK);
	assert_int_equal(save(a, m2, marks(9, 80), 0), COMPV_FINAL);
	assert_int_equal(save(a, m2, marks(9, 80), 1), COMPV_FINAL);
	assert_int_equal(db_sheet_get(NULL, a, m2, 1, &s), DB_OK);
	assert_string_equal(s.marks.text, marks(9, 70));
	assert_int_equal(s.marks.n, 0);		/* the text only */
	assert_int_equal(s.final, 1);
	assert_int_equal(db_sheet_get(&r9, a, m3, 1, &s), DB_NOTFOUND);
	assert_int_equal(save(a, m4, marks(9, 70), 1), COMPV_NOT_JUDGE);

	/* The log: draft, draft, final — old and new marks each time. */
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "entry = %lld AND judge = %lld AND action = 'draft'", (long long)a,
	    (long long)m2), 2);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "entry = %lld AND judge = %lld AND action = 'final' AND "
	    "old = '%s'", (long long)a, (long long)m2, marks(9, 60)), 1);

	assert_int_equal(save(b, m3, marks(9, 40), 0), COMPV_OK);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_judge_entries(comp, m2, listed, &l), DB_OK);
	assert_int_equal(l.n, 2);
	memset(&p, 0, sizeof(p));
	assert_int_equal(db_comp_progress(comp, &p), DB_OK);
	assert_int_equal(p.expected, 4);
	assert_int_equal(p.final, 1);
	assert_int_equal(p.draft, 1);

	memset(list, 0, sizeof(list));
	assert_int_equal(db_sheets_of_entry(&r9, a, 1, 1, sheet_count, list),
	    DB_OK);
	assert_int_equal(list[0].round, 1);
	assert_int_equal(list[1].marks.n, 9);
	assert_int_equal(list[1].marks.v[3], 70);
	memset(list, 0, sizeof(list));
	assert_int_equal(db_sheets_of_comp(&r9, comp, 1, sheet_count, list),
	    DB_OK);
	assert_int_equal(list[0].round, 1);
	assert_int_equal(list[1].judge, m2);

	/* Reopened: a draft again, editable; the log says so. */
	assert_int_equal(db_sheet_reopen(comp, a, staff, 3000, &n, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(db_sheet_get(&r9, a, m2, 1, &s), DB_OK);
	assert_int_equal(s.final, 0);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "entry = %lld AND judge = %lld AND action = 'reopen' AND "
	    "actor = %lld AND old = new", (long long)a, (long long)m2,
	    (long long)staff), 1);
	assert_int_equal(save(a, m2, marks(9, 75), 1), COMPV_OK);
	assert_int_equal(db_sheet_reopen(comp, b, staff, 3000, &n, &v), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_sheet_reopen(comp + 1000, a, staff, 3000, &n, &v),
	    DB_NOTFOUND);
}

static void
lock_refuses_missing_and_spread(void **state)
{
	struct lock_report	 rep;
	struct comp_sheet	 s;
	enum comp_verdict	 v;
	int64_t			 comp, cat, a, b;
	int			 n;

	(void)state;
	comp = mkcomp("世赛", SCORE_WORLDSKILLS, 0, 2);
	cat = mkcat(comp, "摆件");
	judge(comp, cat, m2);
	judge(comp, cat, m3);
	judge(comp, cat, m4);
	a = enter(comp, cat, app[1]);
	b = enter(comp, cat, app[2]);
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);
	open_comp(comp);

	assert_int_equal(save(a, m2, "3 2 1", 1), COMPV_OK);
	assert_int_equal(save(a, m3, "0 2 1", 1), COMPV_OK);	/* spread 3 */
	assert_int_equal(save(a, m4, "3 2 1", 0), COMPV_OK);	/* a draft */
	assert_int_equal(save(b, m2, "2 2 2", 1), COMPV_OK);
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_MISSING);
	assert_int_equal(rep.missing, 3);	/* a: m4; b: m3, m4 */
	assert_true(rep.first_missing == a || rep.first_missing == b);
	assert_int_equal(tdb_int("SELECT count(*) FROM comp_results r JOIN "
	    "comp_entries e ON e.id = r.entry WHERE e.competition = %lld",
	    (long long)comp), 0);

	assert_int_equal(save(a, m4, "3 2 1", 1), COMPV_OK);
	assert_int_equal(save(b, m3, "2 2 2", 1), COMPV_OK);
	assert_int_equal(save(b, m4, "2 1 2", 1), COMPV_OK);
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_SPREAD);
	assert_int_equal(rep.spread, 1);
	assert_int_equal(tdb_int("SELECT count(*) FROM competitions WHERE "
	    "id = %lld AND state = 'judging'", (long long)comp), 1);

	/* Re-marked after staff reopen the entry: it locks. */
	assert_int_equal(db_sheet_reopen(comp, a, staff, 3000, &n, &v), DB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(db_sheet_get(NULL, a, m3, 1, &s), DB_OK);
	assert_int_equal(save(a, m3, "2 2 1", 1), COMPV_OK);
	assert_int_equal(save(a, m2, "3 2 1", 1), COMPV_OK);
	assert_int_equal(save(a, m4, "3 2 1", 1), COMPV_OK);
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(rep.ranked, 2);
	assert_int_equal(rep.short_panels, 0);
	assert_int_equal(tdb_int("SELECT count(*) FROM competitions WHERE "
	    "id = %lld AND state = 'locked'", (long long)comp), 1);
	assert_int_equal(save(a, m3, "2 2 1", 0), COMPV_STATE);
}

struct results {
	int			 n;
	struct comp_result_row	 row[8];
};

static int
results_of(const struct comp_result_row *x, void *arg)
{
	struct results	*out = arg;

	if (out->n < 8)
		out->row[out->n++] = *x;
	return (1);
}

/* Five entries, two rounds (the best two go on), then gold and silver. */
static int64_t	two_round_comp, two_round_gold, two_round_silver;

static void
lock_two_rounds_then_tiers(void **state)
{
	struct lock_report	 rep;
	struct competition	 c;
	struct comp_result_row	 x;
	struct results		 res;
	struct listed		 l;
	enum comp_verdict	 v;
	int64_t			 comp, cat, e[5];
	int			 i;

	(void)state;
	comp = mkcomp("双轮赛", SCORE_WEIGHTED, 2, 2);
	cat = mkcat(comp, "摆件");
	judge(comp, cat, m2);
	judge(comp, cat, m3);
	judge(comp, cat, m4);
	for (i = 0; i < 5; i++)
		e[i] = enter(comp, cat, app[1 + i]);
	open_comp(comp);
	for (i = 0; i < 5; i++) {
		assert_int_equal(save(e[i], m2, marks(9, 50 + 10 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m3, marks(9, 50 + 10 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m4, marks(9, 40 + 10 * i), 1),
		    COMPV_OK);
	}
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(rep.ranked, 5);
	assert_int_equal(rep.advanced, 2);
	assert_int_equal(rep.short_panels, 0);
	assert_int_equal(db_comp_get(comp, &c), DB_OK);
	assert_int_equal(c.state, COMP_JUDGING);
	assert_int_equal(c.round, 2);

	memset(&res, 0, sizeof(res));
	assert_int_equal(db_results(comp, 1, results_of, &res), DB_OK);
	assert_int_equal(res.n, 5);
	assert_int_equal(res.row[0].entry, e[4]);
	assert_int_equal(res.row[0].rank, 1);
	assert_int_equal(res.row[0].advanced, 1);
	assert_int_equal(res.row[0].tier, 0);
	assert_int_equal(res.row[1].entry, e[3]);
	assert_int_equal(res.row[1].advanced, 1);
	assert_int_equal(res.row[2].advanced, 0);
	assert_int_equal(res.row[4].rank, 5);
	assert_int_equal(res.row[0].counted, 3);
	assert_string_equal(res.row[0].entrant_name, "张小敏");
	assert_string_equal(res.row[0].title, "青蛙摆件");
	memset(&res, 0, sizeof(res));
	assert_int_equal(db_results(comp, 0, results_of, &res), DB_OK);
	assert_int_equal(res.n, 0);		/* the final is not locked */

	/* Round 2: only the finalists; round-1 sheets count no more. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_judge_entries(comp, m2, listed, &l), DB_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.last.reached, 2);
	assert_int_equal(save(e[0], m2, marks(9, 99), 1), COMPV_NOT_IN_ROUND);
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_MISSING);
	assert_int_equal(rep.missing, 6);
	for (i = 3; i < 5; i++) {
		assert_int_equal(save(e[i], m2, marks(9, 100 - 10 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m3, marks(9, 100 - 10 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m4, marks(9, 100 - 10 * i), 1),
		    COMPV_OK);
	}
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(rep.ranked, 2);
	assert_int_equal(rep.advanced, 0);
	assert_int_equal(db_comp_get(comp, &c), DB_OK);
	assert_int_equal(c.state, COMP_LOCKED);
	assert_int_equal(c.round, 2);

	memset(&res, 0, sizeof(res));
	assert_int_equal(db_results(comp, 0, results_of, &res), DB_OK);
	assert_int_equal(res.n, 2);
	assert_int_equal(res.row[0].entry, e[3]);	/* the final decides */
	assert_int_equal(res.row[0].round, 2);
	assert_int_equal(res.row[0].tier, 1);		/* 金奖 */
	assert_int_equal(res.row[1].tier, 2);		/* 银奖 */
	assert_int_equal(db_result_of_entry(e[3], 0, &x), DB_OK);
	assert_int_equal(x.round, 2);
	assert_int_equal(x.rank, 1);
	assert_int_equal(db_result_of_entry(e[3], 1, &x), DB_OK);
	assert_int_equal(x.rank, 2);
	assert_int_equal(db_result_of_entry(e[0], 0, &x), DB_OK);
	assert_int_equal(x.round, 1);
	assert_int_equal(db_result_of_entry(e[0], 2, &x), DB_NOTFOUND);
	two_round_comp = comp;
	two_round_gold = app[4];
	two_round_silver = app[5];
}

static void
lock_tiers_by_quota(void **state)
{
	struct lock_report	 rep;
	struct results		 res;
	enum comp_verdict	 v;
	int64_t			 comp, cat, e[7];
	int			 i, gold = 0, silver = 0, bronze = 0, none = 0;

	(void)state;
	/* Quotas 1 / 2 / 3 / 5 (defaults); five judges drop high and low. */
	comp = mkcomp("配额赛", SCORE_WEIGHTED, 0, 2);
	cat = mkcat(comp, "摆件");
	judge(comp, cat, m2);
	judge(comp, cat, m3);
	judge(comp, cat, m4);
	judge(comp, cat, m5);
	judge(comp, cat, gm);
	for (i = 0; i < 7; i++)
		e[i] = enter(comp, cat, app[1 + i % 5]);
	open_comp(comp);
	for (i = 0; i < 7; i++) {
		assert_int_equal(save(e[i], m2, marks(9, 30 + 10 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m3, marks(9, 30 + 10 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m4, marks(9, 30 + 10 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m5, marks(9, 100), 1), COMPV_OK);
		assert_int_equal(save(e[i], gm, marks(9, 0), 1), COMPV_OK);
	}
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(rep.ranked, 7);
	memset(&res, 0, sizeof(res));
	assert_int_equal(db_results(comp, 0, results_of, &res), DB_OK);
	assert_int_equal(res.n, 7);
	for (i = 0; i < res.n; i++) {
		gold += res.row[i].tier == 1;
		silver += res.row[i].tier == 2;
		bronze += res.row[i].tier == 3;
		none += res.row[i].tier == 0;
		assert_int_equal(res.row[i].rank, i + 1);
		assert_int_equal(res.row[i].counted, 3);
		assert_int_equal(res.row[i].dropped_hi, m5);
		assert_int_equal(res.row[i].dropped_lo, gm);
	}
	assert_int_equal(res.row[0].entry, e[6]);
	assert_int_equal(gold, 1);
	assert_int_equal(silver, 2);
	assert_int_equal(bronze, 3);
	assert_int_equal(res.row[6].tier, 4);	/* 优秀奖: 1 of its 5 */
	assert_int_equal(none, 0);
}

static void
issuer(struct cert_issuer *is)
{
	memset(is, 0, sizeof(*is));
	is->signer = &signer;
	is->origin = "https://yujiang.example.cn";
	is->today = "2026-11-27";
	is->by = staff;
	is->now = 5000;
}

static int
certs_of(const struct cert *c, void *arg)
{
	int	*n = arg;

	(*n)++;
	assert_int_equal(c->kind, KIND_AWARD);
	return (1);
}

static int
nominations_of(const struct nomination *n, void *arg)
{
	struct nomination	*out = arg;

	if (out->id == 0)
		*out = *n;
	return (1);
}

static void
publish_awards_and_titles(void **state)
{
	struct publish_report	 rep;
	struct lock_report	 lr;
	struct cert_issuer	 is;
	struct cert_event	 ev;
	struct competition	 c;
	struct nomination	 nom;
	struct batch_row	 b;
	enum comp_verdict	 v;
	enum cert_verdict	 cv;
	int64_t			 comp, cat, e, honour, h2, cert;
	int			 n = 0;
	char			 event[32];

	(void)state;
	issuer(&is);
	assert_int_equal(db_comp_publish(two_round_comp + 1000, CLANG_ZH, &is,
	    &rep, &v), DB_NOTFOUND);
	/* One gold so far: no title yet. */
	assert_int_equal(db_comp_publish(two_round_comp, CLANG_ZH, &is, &rep,
	    &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(rep.cert, CV_OK);
	assert_int_equal(rep.awards, 2);
	assert_true(rep.batch > 0);
	assert_int_equal(rep.nominations, 0);
	assert_int_equal(db_certs_of_batch(rep.batch, certs_of, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(db_batch_get(rep.batch, &b), DB_OK);
	(void)snprintf(event, sizeof(event), "competition:%lld",
	    (long long)two_round_comp);
	assert_string_equal(b.event, event);
	assert_int_equal(b.total, 2);
	assert_int_equal(tdb_int("SELECT count(*) FROM honours WHERE "
	    "source = '%s' AND kind = 'award' AND user = %lld AND "
	    "name_zh = '双轮赛 摆件 金奖' AND name_en = '双轮赛 · 摆件 · Gold' "
	    "AND conferred = '2026-11-27'", event,
	    (long long)two_round_gold), 1);
	assert_int_equal(db_comp_get(two_round_comp, &c), DB_OK);
	assert_int_equal(c.state, COMP_PUBLISHED);
	assert_int_equal(c.published, 5000);
	assert_int_equal(strlen(c.log_head), CHAIN_HEX - 1);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "hash = '%s' AND action = 'publish'", c.log_head), 1);
	assert_int_equal(db_comp_publish(two_round_comp, CLANG_ZH, &is, &rep,
	    &v), DB_OK);
	assert_int_equal(v, COMPV_STATE);

	/* A second gold for the same person: the title is proposed. */
	comp = mkcomp("第二届双轮赛", SCORE_WEIGHTED, 0, 2);
	cat = mkcat(comp, "挂件");
	judge(comp, cat, m3);
	e = enter(comp, cat, two_round_gold);
	open_comp(comp);
	assert_int_equal(db_comp_publish(comp, CLANG_ZH, &is, &rep, &v),
	    DB_OK);
	assert_int_equal(v, COMPV_STATE);
	assert_int_equal(save(e, m3, marks(9, 88), 1), COMPV_OK);
	assert_int_equal(db_comp_lock(comp, staff, 3000, &lr, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(lr.short_panels, 1);	/* one judge of three */
	assert_int_equal(db_comp_publish(comp, CLANG_BOTH, &is, &rep, &v),
	    DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(rep.awards, 1);
	assert_int_equal(rep.nominations, 1);

	memset(&nom, 0, sizeof(nom));
	assert_int_equal(db_nominations(nominations_of, &nom), DB_OK);
	assert_int_equal(nom.user, two_round_gold);
	assert_string_equal(nom.title_zh, "平洲玉匠");
	assert_int_equal(nom.state, NOM_PROPOSED);
	assert_int_equal(nom.competition, comp);
	assert_non_null(strstr(nom.reason, "2 × 金奖"));
	assert_non_null(strstr(nom.reason, "双轮赛 摆件"));
	assert_non_null(strstr(nom.reason, "第二届双轮赛 挂件"));
	assert_string_equal(nom.name, "林小雨");

	is.now = 6000;
	assert_int_equal(db_nomination_decide(nom.id, 1, CLANG_ZH, &is,
	    &honour, &cert, &cv, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(cv, CV_OK);
	assert_true(honour > 0);
	/* The title's certificate, in the same transaction. */
	assert_true(cert > 0);
	assert_int_equal(tdb_int("SELECT count(*) FROM certificates WHERE "
	    "id = %lld AND event = 'honour:%lld' AND kind = 'title'",
	    (long long)cert, (long long)honour), 1);
	(void)snprintf(event, sizeof(event), "honour:%lld", (long long)honour);
	assert_int_equal(db_cert_event(event, &ev), DB_OK);
	assert_int_equal(ev.kind, KIND_TITLE);
	assert_string_equal(ev.title_zh, "平洲玉匠");
	assert_int_equal(ev.user, two_round_gold);
	assert_int_equal(db_nomination_get(nom.id, &nom), DB_OK);
	assert_int_equal(nom.state, NOM_CONFIRMED);
	assert_int_equal(nom.honour, honour);
	assert_int_equal(db_nomination_decide(nom.id, 0, CLANG_ZH, &is, &h2,
	    &cert, &cv, &v), DB_OK);
	assert_int_equal(v, COMPV_TWICE);
	assert_int_equal(h2, 0);
	assert_int_equal(db_nomination_get(99999, &nom), DB_NOTFOUND);
	assert_int_equal(db_nomination_decide(99999, 1, CLANG_ZH, &is, &h2,
	    &cert, &cv, &v), DB_NOTFOUND);
}

/*
 * Someone who holds the title already (conferred by the town before, an
 * honour rather than a nomination) is not proposed for it again by two
 * more golds.
 */
static void
titles_not_proposed_to_holders(void **state)
{
	struct publish_report	 rep;
	struct lock_report	 lr;
	struct cert_issuer	 is;
	enum comp_verdict	 v;
	int64_t			 holder, comp, cat, e, honour;
	int			 k;

	(void)state;
	issuer(&is);
	holder = mkuser("老玉匠", ROLE_APPRENTICE);
	tdb_exec("UPDATE users SET stage = 'selection' WHERE id = %lld",
	    (long long)holder);
	assert_int_equal(db_honour_add(holder, KIND_TITLE, "平洲玉匠",
	    "Pingzhou Jade Artisan", "2024-09-28", "the town", staff, 100,
	    &honour), DB_OK);
	for (k = 0; k < 2; k++) {
		comp = mkcomp(k ? "持证赛二" : "持证赛一", SCORE_WEIGHTED, 0, 2);
		cat = mkcat(comp, "挂件");
		judge(comp, cat, m5);
		e = enter(comp, cat, holder);
		open_comp(comp);
		assert_int_equal(save(e, m5, marks(9, 90), 1), COMPV_OK);
		assert_int_equal(db_comp_lock(comp, staff, 3000, &lr, &v),
		    DB_OK);
		assert_int_equal(v, COMPV_OK);
		assert_int_equal(db_comp_publish(comp, CLANG_ZH, &is, &rep,
		    &v), DB_OK);
		assert_int_equal(v, COMPV_OK);
		assert_int_equal(rep.awards, 1);	/* gold */
		assert_int_equal(rep.nominations, 0);
	}
	assert_int_equal(tdb_int("SELECT count(*) FROM title_nominations "
	    "WHERE user = %lld", (long long)holder), 0);
}

/* An award's name is cut to what honours and certificates hold. */
static void
publish_cuts_long_names(void **state)
{
	struct publish_report	 rep;
	struct lock_report	 lr;
	struct cert_issuer	 is;
	struct comp_edit	 ed;
	enum comp_verdict	 v;
	int64_t			 comp, cat, e;
	char			 name[60 * 3 + 1], catname[30 * 3 + 1];
	int			 i;

	(void)state;
	for (i = 0; i < 60; i++)
		memcpy(name + 3 * i, "玉", 3);
	name[180] = '\0';
	for (i = 0; i < 30; i++)
		memcpy(catname + 3 * i, "雕", 3);
	catname[90] = '\0';
	rules(&ed, name, SCORE_WEIGHTED, 0, 2);
	assert_int_equal(db_comp_create(&ed, staff, 1000, &comp), DB_OK);
	cat = mkcat(comp, catname);
	judge(comp, cat, m3);
	e = enter(comp, cat, app[3]);
	open_comp(comp);
	assert_int_equal(save(e, m3, marks(9, 77), 1), COMPV_OK);
	assert_int_equal(db_comp_lock(comp, staff, 3000, &lr, &v), DB_OK);
	issuer(&is);
	assert_int_equal(db_comp_publish(comp, CLANG_ZH, &is, &rep, &v),
	    DB_OK);
	assert_int_equal(rep.cert, CV_OK);
	assert_int_equal(rep.awards, 1);
	assert_int_equal(tdb_int("SELECT length(name_zh) FROM honours WHERE "
	    "source = 'competition:%lld'", (long long)comp), 80);
	/* English: 100 characters would do, but not 283 bytes of a
	 * certificate's claims: 60 + 3 (184 bytes), then 23 of the 30. */
	assert_int_equal(tdb_int("SELECT length(name_en) FROM honours WHERE "
	    "source = 'competition:%lld'", (long long)comp), 86);
	assert_int_equal(tdb_int("SELECT %s FROM honours WHERE source = "
	    "'competition:%lld'", tdb_pg() ? "octet_length(name_en)" :
	    "length(CAST(name_en AS BLOB))", (long long)comp), 253);
	assert_int_equal(tdb_int("SELECT count(*) FROM certificates WHERE "
	    "event = 'honour:' || (SELECT id FROM honours WHERE source = "
	    "'competition:%lld') AND title_zh = (SELECT name_zh FROM honours "
	    "WHERE source = 'competition:%lld')", (long long)comp,
	    (long long)comp), 1);
}

/* A child process with its own connection, as a Kore worker has. */
static int
judge_in_child(const int64_t *entries, int n, int64_t who)
{
	enum comp_verdict	 v;
	int			 i;

	if (!db_open(path) || !db_prepare())
		return (1);
	for (i = 0; i < n; i++) {
		if (sheet_save(entries[i], who, marks(9, 10 + i), 0, 4000,
		    &v) != DB_OK || v != COMPV_OK ||
		    sheet_save(entries[i], who, marks(9, 20 + i), 1, 4000,
		    &v) != DB_OK || v != COMPV_OK)
			return (2);
	}
	db_close();
	return (0);
}

/* Two judges saving at once, in two processes: every sheet lands and
 * the score log's chain stays one chain. */
static void
judges_save_at_once(void **state)
{
	struct comp_progress	 p;
	int64_t			 comp, cat, e[40], before, bad, checked;
	pid_t			 pid[2];
	char			 why[256];
	int			 i, status;

	(void)state;
	comp = mkcomp("同时赛", SCORE_WEIGHTED, 0, 2);
	cat = mkcat(comp, "摆件");
	judge(comp, cat, m4);
	judge(comp, cat, m5);
	for (i = 0; i < 40; i++)
		e[i] = enter(comp, cat, app[1 + i % 5]);
	open_comp(comp);
	before = tdb_int("SELECT count(*) FROM score_log");
	db_close();
	for (i = 0; i < 2; i++) {
		if ((pid[i] = fork()) == 0)
			_exit(judge_in_child(e, 40, i == 0 ? m4 : m5));
		assert_true(pid[i] > 0);
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_true(db_open(path));
	assert_true(db_prepare());
	assert_int_equal(db_comp_progress(comp, &p), DB_OK);
	assert_int_equal(p.expected, 80);
	assert_int_equal(p.final, 80);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log"),
	    before + 160);
	assert_int_equal(db_score_log_verify(&bad, &checked, why,
	    sizeof(why)), DB_OK);
	assert_int_equal(bad, 0);
}

/*
 * Verify a copy of the database after sql has been run on it behind the
 * application's back; the real database is untouched.
 */
static void
verify_copy(const char *tamper, int64_t want_bad, const char *want_why)
{
	char	 copy[300], why[256];
	int64_t	 bad, checked;

	(void)snprintf(copy, sizeof(copy), "%s/copy.db", dir);
	assert_true(tdb_copy(copy));
	tdb_exec("%s", tamper);
	assert_int_equal(db_score_log_verify(&bad, &checked, why,
	    sizeof(why)), DB_OK);
	if (bad != want_bad || strstr(why, want_why) == NULL)
		fprintf(stderr, "bad %lld, want %lld: %s\n", (long long)bad,
		    (long long)want_bad, why);
	assert_int_equal(bad, want_bad);
	assert_non_null(strstr(why, want_why));
	assert_true(tdb_copy_end(path));
}

/* The command that drops score_log's trigger name, in the engine's words
 * (PostgreSQL's triggers belong to their table). */
static const char *
untrigger(const char *name)
{
	static char	 buf[128];

	(void)snprintf(buf, sizeof(buf), "DROP TRIGGER %s%s;", name,
	    tdb_pg() ? " ON score_log" : "");
	return (buf);
}

/* A column read as text, as an integer (NULL: 0, as SQLite reads it). */
static int64_t
num(const char *col)
{
	return (col == NULL ? 0 : strtoll(col, NULL, 10));
}

/* The hash record id would have with `new` replaced by marks. */
static void
rehashed(int64_t id, const char *marks, char hash[CHAIN_HEX])
{
	struct chain_rec	 r;
	const char		*c[10];

	assert_int_equal(tdb_row(c, 10, "SELECT id, at, actor, action, "
	    "competition, entry, judge, round, old, prev FROM score_log "
	    "WHERE id = %lld", (long long)id), 1);
	memset(&r, 0, sizeof(r));
	r.id = num(c[0]);
	r.at = num(c[1]);
	r.actor = num(c[2]);
	r.action = c[3];
	r.competition = num(c[4]);
	r.entry = num(c[5]);
	r.judge = num(c[6]);
	r.round = (int)num(c[7]);
	r.old = c[8];
	r.new = marks;
	r.prev = c[9];
	score_chain_hash(&r, hash);
}

static void
score_log_verify(void **state)
{
	char	 sqlbuf[512], want[128], hash[CHAIN_HEX];
	int64_t	 bad, checked, k, last, sheet, logged, total;
	char	 why[256];

	(void)state;
	total = tdb_int("SELECT count(*) FROM score_log");
	assert_true(total > 50);
	assert_int_equal(db_score_log_verify(&bad, &checked, why,
	    sizeof(why)), DB_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, total);
	assert_string_equal(why, "");

	/* A record's marks changed (its trigger dropped first). */
	k = tdb_int("SELECT min(id) FROM score_log WHERE action = 'draft'");
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "%s UPDATE score_log SET new = "
	    "'100 100 100 100 100 100 100 100 100' WHERE id = %lld",
	    untrigger("score_log_no_update"), (long long)k);
	(void)snprintf(want, sizeof(want), "record %lld: its hash does not "
	    "match its fields (altered)", (long long)k);
	verify_copy(sqlbuf, k, want);

	/* ... with its hash recomputed: the next record no longer follows. */
	rehashed(k, "100 100 100 100 100 100 100 100 100", hash);
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "%s UPDATE score_log SET new = "
	    "'100 100 100 100 100 100 100 100 100', hash = '%s' WHERE id = "
	    "%lld", untrigger("score_log_no_update"), hash, (long long)k);
	(void)snprintf(want, sizeof(want), "record %lld: does not follow "
	    "record %lld", (long long)k + 1, (long long)k);
	verify_copy(sqlbuf, k + 1, want);

	/* A record deleted from the middle. */
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "%s DELETE FROM score_log WHERE "
	    "id = %lld", untrigger("score_log_no_delete"), (long long)k);
	(void)snprintf(want, sizeof(want), "record %lld: does not follow "
	    "record %lld", (long long)k + 1, (long long)k - 1);
	verify_copy(sqlbuf, k + 1, want);

	/* A sheet's marks edited in the scores table. */
	sheet = tdb_int("SELECT min(id) FROM comp_sheets WHERE final = 1");
	logged = tdb_int("SELECT max(l.id) FROM score_log l JOIN comp_sheets "
	    "s ON s.entry = l.entry AND s.judge = l.judge AND "
	    "s.round = l.round WHERE s.id = %lld AND l.action IN ('draft', "
	    "'final', 'reopen')", (long long)sheet);
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "UPDATE comp_sheets SET "
	    "marks = '0 0 0 0 0 0 0 0 0' WHERE id = %lld", (long long)sheet);
	(void)snprintf(want, sizeof(want), "sheet %lld (entry", (long long)
	    sheet);
	verify_copy(sqlbuf, logged, want);
	(void)snprintf(want, sizeof(want), "differs from score-log record "
	    "%lld: the scores table was edited", (long long)logged);
	verify_copy(sqlbuf, logged, want);
	/* Made final behind the judge's back. */
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "UPDATE comp_sheets SET "
	    "final = 1 WHERE id = (SELECT min(id) FROM comp_sheets WHERE "
	    "final = 0)");
	verify_copy(sqlbuf, tdb_int("SELECT max(l.id) FROM score_log l JOIN "
	    "comp_sheets s ON s.entry = l.entry AND s.judge = l.judge AND "
	    "s.round = l.round WHERE s.id = (SELECT min(id) FROM comp_sheets "
	    "WHERE final = 0) AND l.action IN ('draft', 'final', 'reopen')"),
	    "the scores table was edited");
	/* A sheet no record explains. */
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "INSERT INTO comp_sheets "
	    "(entry, judge, round, marks, final, updated) VALUES ((SELECT "
	    "min(id) FROM comp_entries), %lld, 2, '1', 1, 1)", (long long)m1);
	verify_copy(sqlbuf, -tdb_int("SELECT max(id) + 1 FROM comp_sheets"),
	    "has no score-log record");

	/* The end cut off after the last publication. */
	last = tdb_int("SELECT max(id) FROM score_log");
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "id = %lld AND action = 'publish'", (long long)last), 1);
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "%s DELETE FROM score_log WHERE "
	    "id = %lld", untrigger("score_log_no_delete"), (long long)last);
	verify_copy(sqlbuf, last, "its published log head is missing: "
	    "records were cut");

	/* The real database was never touched. */
	assert_int_equal(db_score_log_verify(&bad, &checked, why,
	    sizeof(why)), DB_OK);
	assert_int_equal(bad, 0);
}

/* One row of comp_results into the hash: each field "%lld ", a newline. */
static void
hash_row(const char *const *cols, int n, void *arg)
{
	crypto_hash_sha256_state	*sha = arg;
	char				 field[24];
	int				 i, len;

	assert_int_equal(n, 11);
	for (i = 0; i < n; i++) {
		len = snprintf(field, sizeof(field), "%lld ",
		    (long long)num(cols[i]));
		crypto_hash_sha256_update(sha, (const unsigned char *)field,
		    (size_t)len);
	}
	crypto_hash_sha256_update(sha, (const unsigned char *)"\n", 1);
}

/*
 * The hash a lock record should keep, worked out here from the spec
 * rather than by the store: comp's rows of comp_results for round, by
 * entry id, each field "%lld " and each row ended by a newline.
 */
static void
results_hash_by_hand(int64_t comp, int round, char hex[CHAIN_HEX])
{
	crypto_hash_sha256_state	 sha;
	unsigned char			 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&sha);
	(void)tdb_rows(hash_row, &sha, "SELECT entry, round, rank, tier, "
	    "total_num, total_den, counted, flags, dropped_hi, dropped_lo, "
	    "advanced FROM comp_results WHERE round = %d AND entry IN (SELECT "
	    "id FROM comp_entries WHERE competition = %lld) ORDER BY entry",
	    round, (long long)comp);
	crypto_hash_sha256_final(&sha, h);
	sodium_bin2hex(hex, CHAIN_HEX, h, sizeof(h));
}

/*
 * The lock's score-log record keeps the hash of the results it froze,
 * so editing comp_results afterwards — which the chain alone did not
 * show — is found, and named by that lock record.
 */
static void
score_log_guards_locked_results(void **state)
{
	struct lock_report	 rep;
	enum comp_verdict	 v;
	char			 why[256], hex[CHAIN_HEX], sqlbuf[512];
	char			 want[200];
	int64_t			 comp, cat, e[3], bad, checked, lock;
	int			 i;

	(void)state;
	comp = mkcomp("封存赛", SCORE_WEIGHTED, 0, 2);
	cat = mkcat(comp, "挂件");
	judge(comp, cat, m2);
	judge(comp, cat, m3);
	judge(comp, cat, m4);
	for (i = 0; i < 3; i++)
		e[i] = enter(comp, cat, app[1 + i]);
	open_comp(comp);
	for (i = 0; i < 3; i++) {
		assert_int_equal(save(e[i], m2, marks(9, 40 + 20 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m3, marks(9, 50 + 20 * i), 1),
		    COMPV_OK);
		assert_int_equal(save(e[i], m4, marks(9, 45 + 20 * i), 1),
		    COMPV_OK);
	}
	assert_int_equal(db_comp_lock(comp, staff, 3000, &rep, &v), DB_OK);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(rep.ranked, 3);

	/* "round 1 results <the hash of the frozen rows>". */
	lock = tdb_int("SELECT max(id) FROM score_log WHERE action = 'lock' "
	    "AND competition = %lld", (long long)comp);
	assert_true(lock > 0);
	results_hash_by_hand(comp, 1, hex);
	assert_int_equal(tdb_int("SELECT count(*) FROM score_log WHERE "
	    "id = %lld AND round = 1 AND new = 'round 1 results ' || '%s'",
	    (long long)lock, hex), 1);

	/* Intact. */
	assert_int_equal(db_score_log_verify(&bad, &checked, why,
	    sizeof(why)), DB_OK);
	assert_int_equal(bad, 0);
	assert_string_equal(why, "");

	/* A rank edited straight in the results table. */
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "UPDATE comp_results SET "
	    "rank = rank + 1 WHERE entry = %lld AND round = 1",
	    (long long)e[0]);
	(void)snprintf(want, sizeof(want), "competition %lld round 1: its "
	    "results differ from what score-log record %lld locked (the "
	    "results table was edited)", (long long)comp, (long long)lock);
	verify_copy(sqlbuf, lock, want);
	/* Two ranks swapped: the same rows, other values. */
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "UPDATE comp_results SET "
	    "rank = 4 - rank WHERE entry IN (%lld, %lld) AND round = 1",
	    (long long)e[0], (long long)e[2]);
	verify_copy(sqlbuf, lock, want);
	/* A result deleted. */
	(void)snprintf(sqlbuf, sizeof(sqlbuf), "DELETE FROM comp_results "
	    "WHERE entry = %lld AND round = 1", (long long)e[1]);
	verify_copy(sqlbuf, lock, want);

	/* The real database was never touched. */
	assert_int_equal(db_score_log_verify(&bad, &checked, why,
	    sizeof(why)), DB_OK);
	assert_int_equal(bad, 0);
}

/*
 * The lock at town scale: 2,000 entries in 4 categories, 7 judges each,
 * 9 criteria, with a lineage of a few hundred links to walk. Sheets are
 * written straight into the tables (the score log is not the point
 * here), so this runs last.
 */
static void
lock_at_scale(void **state)
{
	struct lock_report	 rep;
	struct results		 res;
	enum comp_verdict	 v;
	struct timespec		 t0, t1;
	int64_t			 comp, cat[4], judges[7], first_user;
	double			 secs;
	int			 i, j, k;

	(void)state;
	comp = mkcomp("大赛", SCORE_WEIGHTED, 0, 2);
	for (i = 0; i < 4; i++) {
		char	 name[16];

		(void)snprintf(name, sizeof(name), "类%d", i);
		cat[i] = mkcat(comp, name);
	}
	judges[0] = m2;
	judges[1] = m3;
	judges[2] = m4;
	judges[3] = m5;
	judges[4] = gm;
	judges[5] = m1;
	judges[6] = mkuser("罗师傅", ROLE_MASTER);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 7; j++)
			judge(comp, cat[i], judges[j]);

	tdb_exec("BEGIN");
	for (i = 0; i < 400; i++)
		tdb_exec("INSERT INTO users (name, account, pwhash, role, "
		    "created, stage) VALUES ('学员', 'bulk%d', 'x', "
		    "'apprentice', 1, 'selection')", i);
	/* One after the other in one transaction: bulk0's id and on. */
	first_user = tdb_int("SELECT id FROM users WHERE account = 'bulk0'");
	assert_int_equal(tdb_int("SELECT id FROM users WHERE account = "
	    "'bulk399'"), first_user + 399);
	/* Each judge has apprentices among them (and they their own). */
	for (i = 0; i < 300; i++)
		tdb_exec("INSERT INTO mentorships (apprentice, master, status, "
		    "requested, started) VALUES (%lld, %lld, 'ended', 1, 1)",
		    (long long)(first_user + 100 + i), (long long)(i < 70 ?
		    judges[i % 7] : first_user + i % 100));
	for (i = 0; i < 2000; i++) {
		/* The work's id is the engine's to give (PostgreSQL's
		 * sequence would not follow one given here). */
		tdb_exec("INSERT INTO works (user, title, material, created, "
		    "updated) VALUES (%lld, '作品', '翡翠', 1, 1)",
		    (long long)(first_user + i % 400));
		tdb_exec("INSERT INTO comp_entries (competition, category, "
		    "entrant, work, code, status, reached, created) VALUES "
		    "(%lld, %lld, %lld, (SELECT max(id) FROM works), 'B%07d', "
		    "'eligible', 1, 1)", (long long)comp, (long long)cat[i % 4],
		    (long long)(first_user + i % 400), i);
	}
	tdb_exec("UPDATE competitions SET state = 'judging', round = 1 WHERE "
	    "id = %lld", (long long)comp);
	/* Recusals as opening records them, then every sheet final. */
	tdb_exec("COMMIT");
	tdb_exec("BEGIN");
	for (i = 0; i < 2000; i++) {
		for (j = 0; j < 7; j++) {
			char	 mk[SCORE_MARKS_MAX];
			int	 m[9];

			for (k = 0; k < 9; k++)
				m[k] = (i * 7 + j * 13 + k * 31) % 101;
			score_marks_format(m, 9, mk);
			tdb_exec("INSERT INTO comp_sheets (entry, judge, "
			    "round, marks, final, updated) SELECT id, %lld, 1, "
			    "'%s', 1, 1 FROM comp_entries WHERE competition = %lld "
			    "AND code = 'B%07d'", (long long)judges[j], mk,
			    (long long)comp, i);
		}
	}
	tdb_exec("COMMIT");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(db_comp_lock(comp, staff, 9000, &rep, &v), DB_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "lock of 2000 entries x 7 judges: %.3f s\n", secs);
	assert_int_equal(v, COMPV_OK);
	assert_int_equal(rep.ranked, 2000);
	/* The judges' apprentices' entries were judged by the other six. */
	assert_int_equal(rep.short_panels, 0);
	assert_true(tdb_int("SELECT count(*) FROM comp_recusals r JOIN "
	    "comp_entries e ON e.id = r.entry WHERE e.competition = %lld",
	    (long long)comp) > 0);
	assert_true(secs < 5.0);
	memset(&res, 0, sizeof(res));
	assert_int_equal(db_results(comp, 0, results_of, &res), DB_OK);
	assert_int_equal(res.n, 8);		/* the callback keeps 8 */
	assert_int_equal(res.row[0].rank, 1);
	assert_int_equal(res.row[0].tier, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_and_get),
		cmocka_unit_test(category_and_judge_verdicts),
		cmocka_unit_test(entry_verdicts),
		cmocka_unit_test(open_verdicts),
		cmocka_unit_test(recusal_from_the_lineage),
		cmocka_unit_test(recusal_generations),
		cmocka_unit_test(sheets_draft_final_reopen),
		cmocka_unit_test(lock_refuses_missing_and_spread),
		cmocka_unit_test(lock_two_rounds_then_tiers),
		cmocka_unit_test(lock_tiers_by_quota),
		cmocka_unit_test(publish_awards_and_titles),
		cmocka_unit_test(publish_cuts_long_names),
		cmocka_unit_test(titles_not_proposed_to_holders),
		cmocka_unit_test(score_log_verify),
		cmocka_unit_test(score_log_guards_locked_results),
		cmocka_unit_test(judges_save_at_once),
		cmocka_unit_test(lock_at_scale),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
