/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * demo.c: a small, realistic Pingzhou data set for `make run` and
 * `yujiang-admin demo`: carving and design masters, apprentices of both
 * tracks and a member of the talent service station, with Chinese names.
 * Passwords are random, made here, and written (mode 0600) to the file
 * given, which `make run` prints; they are never fixed in the source.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gd.h>

#include "certfile.h"
#include "db.h"
#include "datafile.h"
#include "demo.h"
#include "photo.h"
#include "secret.h"

struct demo_person {
	const char	*name;
	const char	*account;
	enum role	 role;
	enum track	 track;
	const char	*note;
};

static const struct demo_person people[] = {
	{ "周晓琳", "staff@pingzhou-jade.cn", ROLE_STAFF, TRACK_NONE,
	    "人才服务驿站 talent service station" },
	{ "王建平", "13922001001", ROLE_MASTER, TRACK_CARVER,
	    "翡翠浮雕、俏色巧雕 jadeite relief, colour carving" },
	{ "陈国强", "13922001002", ROLE_MASTER, TRACK_CARVER,
	    "玉镯加工、抛光 bangles, polishing" },
	{ "李玉华", "13922001003", ROLE_MASTER, TRACK_DESIGNER,
	    "设计构思、CAD 设计 design, CAD" },
	{ "黄少明", "13922001004", ROLE_MASTER, TRACK_CARVER,
	    "圆雕、镂空 carving in the round, openwork" },
	{ "刘志远", "13800138001", ROLE_APPRENTICE, TRACK_CARVER,
	    "零基础入门 newcomer" },
	{ "何嘉欣", "13800138002", ROLE_APPRENTICE, TRACK_CARVER,
	    "玉镯方向 bangle making" },
	{ "张小敏", "xiaomin.zhang@example.cn", ROLE_APPRENTICE,
	    TRACK_DESIGNER, "上班族，想学玉雕设计 office worker" },
	{ "梁伟", "13800138004", ROLE_APPRENTICE, TRACK_DESIGNER,
	    "合作院校学生 partner-school student" },
	/* For the competitions: two more masters to judge, and alumni of
	 * the station at the selection stage who enter them. */
	{ "苏文杰", "13922001005", ROLE_MASTER, TRACK_CARVER,
	    "翡翠摆件、山子雕 jadeite ornaments, mountain carving" },
	{ "何丽珍", "13922001006", ROLE_MASTER, TRACK_DESIGNER,
	    "首饰设计 jewellery design" },
	{ "陈美玲", "13800138005", ROLE_APPRENTICE, TRACK_CARVER,
	    "往届学员，评选阶段 alumna, selection stage" },
	{ "吴家豪", "13800138006", ROLE_APPRENTICE, TRACK_CARVER,
	    "往届学员，苏文杰的徒弟 alumnus, 苏文杰's apprentice" },
	{ "林晓彤", "13800138007", ROLE_APPRENTICE, TRACK_DESIGNER,
	    "往届学员，评选阶段 alumna, selection stage" },
	{ "郑雅文", "13800138008", ROLE_APPRENTICE, TRACK_DESIGNER,
	    "往届学员，评选阶段 alumna, selection stage" },
	{ "黄志伟", "13800138009", ROLE_APPRENTICE, TRACK_CARVER,
	    "往届学员，评选阶段 alumnus, selection stage" },
	/* 就业: two of the town's workshops (demo_jobs()). */
	{ "梁志华", "13922003001", ROLE_EMPLOYER, TRACK_NONE,
	    "翠华玉雕工作室 (approved employer)" },
	{ "邓美华", "13922003002", ROLE_EMPLOYER, TRACK_NONE,
	    "玉缘珠宝行 (employer awaiting approval)" },
	/* 十大金牌导购大师: the town's sales guides (导购) nominated by their
	 * shops, and residents who vote (demo_guides()). */
	{ "陈慧敏", "13700137001", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，翠华珠宝 sales guide" },
	{ "罗嘉怡", "13700137002", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，翠华珠宝 sales guide" },
	{ "梁志强", "13700137003", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，金玉坊 sales guide" },
	{ "冯晓晴", "13700137004", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，金玉坊 sales guide" },
	{ "邓伟明", "13700137005", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，玉缘阁 sales guide" },
	{ "谢婉婷", "13700137006", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，玉缘阁 sales guide" },
	{ "杜家乐", "13700137007", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，翡翠世家 sales guide" },
	{ "曾丽萍", "13700137008", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，翡翠世家 sales guide" },
	{ "潘俊杰", "13700137009", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，平洲玉器行 sales guide" },
	{ "袁诗琪", "13700137010", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，平洲玉器行 sales guide" },
	{ "钟浩然", "13700137011", ROLE_APPRENTICE, TRACK_NONE,
	    "导购，平洲玉器行 sales guide" },
	{ "卢凤仪", "13600136001", ROLE_APPRENTICE, TRACK_NONE,
	    "居民，投票 resident, votes" },
	{ "彭国华", "13600136002", ROLE_APPRENTICE, TRACK_NONE,
	    "居民，投票 resident, votes" },
	{ "蔡秀兰", "13600136003", ROLE_APPRENTICE, TRACK_NONE,
	    "居民，投票 resident, votes" },
	{ "叶振东", "13600136004", ROLE_APPRENTICE, TRACK_NONE,
	    "居民，投票 resident, votes" },
};

/*
 * Create the demo people that do not exist yet and append their logins
 * to accounts_file. Returns the number created, or -1 on failure.
 */
int
demo_load(const char *accounts_file)
{
	struct user_new	 n;
	char		 pw[13], hash[PWHASH_LEN];
	enum db_result	 r;
	int64_t		 id;
	size_t		 i;
	int		 fd, made = 0;
	FILE		*f;

	if ((fd = open(accounts_file, O_WRONLY | O_CREAT | O_APPEND,
	    0600)) == -1 || (f = fdopen(fd, "a")) == NULL) {
		fprintf(stderr, "%s: %s\n", accounts_file, strerror(errno));
		return (-1);
	}
	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		secret_password_new(pw, sizeof(pw));
		if (!secret_password_hash(pw, hash)) {
			fclose(f);
			return (-1);
		}
		n.name = people[i].name;
		n.account = people[i].account;
		n.pwhash = hash;
		n.role = people[i].role;
		n.track = people[i].track;
		n.actor = 0;
		r = db_user_create(&n, &id);
		if (r == DB_CONFLICT)
			continue;	/* already there */
		if (r != DB_OK) {
			fclose(f);
			return (-1);
		}
		fprintf(f, "%-10s  %-26s  %-12s  %s  (%s)\n",
		    role_code(people[i].role), people[i].account, pw,
		    people[i].name, people[i].note);
		made++;
	}
	secret_wipe(pw, sizeof(pw));
	if (fclose(f) != 0)
		return (-1);
	return (made);
}

struct demo_runs {
	int64_t		 carver_master, designer_master, staff;
	int		 made;
	int		 failed;
};

static int
demo_run_missing_cb(const struct run *r, void *arg)
{
	(void)r;
	*(int *)arg = 1;
	return (0);
}

static int
demo_course_run_cb(const struct course *c, void *arg)
{
	struct demo_runs	*dr = arg;
	struct run_edit		 e;
	char			 starts[11], ends[11];
	time_t			 now = time(NULL);
	int64_t			 id;
	int			 has = 0;

	if (db_runs_of_course(c->code, demo_run_missing_cb, &has) != DB_OK) {
		dr->failed = 1;
		return (0);
	}
	if (has)
		return (1);
	/* Two weeks from now, one session a week (a long course: daily). */
	seat_today(now + 14 * 86400, starts);
	seat_today(now + 14 * 86400 + (time_t)(c->sessions > 20 ? c->sessions :
	    c->sessions * 7) * 86400, ends);
	e.starts = starts;
	e.ends = ends;
	e.capacity = c->capacity;
	if (c->instructor == ROLE_STAFF)
		e.instructor = dr->staff;
	else
		e.instructor = c->track == CTRACK_DESIGNER ?
		    dr->designer_master : dr->carver_master;
	if (db_run_create(c->code, &e, dr->staff, &id) != DB_OK) {
		dr->failed = 1;
		return (0);
	}
	dr->made++;
	return (1);
}

/*
 * Schedule one run of every course that has none, taught by the demo
 * masters (王建平 for carving, 李玉华 for design) or the demo staff.
 * Returns the number of runs made, or -1.
 */
int
demo_runs(void)
{
	struct course_filter	 f;
	struct demo_runs	 dr;
	struct user		 u;
	char			 pw[PWHASH_LEN], today[11];

	memset(&dr, 0, sizeof(dr));
	if (db_user_by_account("13922001001", &u, pw, sizeof(pw)) == DB_OK)
		dr.carver_master = u.id;
	if (db_user_by_account("13922001003", &u, pw, sizeof(pw)) == DB_OK)
		dr.designer_master = u.id;
	if (db_user_by_account("staff@pingzhou-jade.cn", &u, pw,
	    sizeof(pw)) == DB_OK)
		dr.staff = u.id;
	secret_wipe(pw, sizeof(pw));
	memset(&f, 0, sizeof(f));
	seat_today(time(NULL), today);
	f.today = today;
	if (db_course_list(&f, demo_course_run_cb, &dr) != DB_OK || dr.failed)
		return (-1);
	return (dr.made);
}

static int64_t
demo_id(const char *account)
{
	struct user	 u;
	char		 pw[PWHASH_LEN];
	int64_t		 id = 0;

	if (db_user_by_account(account, &u, pw, sizeof(pw)) == DB_OK)
		id = u.id;
	secret_wipe(pw, sizeof(pw));
	return (id);
}

/* A mentorship from ask to answer (and end), at the times given. */
static int
demo_mentor(int64_t apprentice, int64_t master, int64_t asked,
    int64_t ended, const char *why)
{
	struct user		 m;
	enum train_verdict	 v;
	int64_t			 id;

	if (db_mentor_request(apprentice, master, "想跟师傅学艺。", asked,
	    &id, &v) != DB_OK || v != TRAIN_OK ||
	    db_mentor_decide(id, master, 1, asked + 86400, &v) != DB_OK ||
	    v != TRAIN_OK)
		return (0);
	if (ended == 0)
		return (1);
	if (db_user_by_id(master, &m) != DB_OK)
		return (0);
	return (db_mentor_end(id, &m, why, ended, &v) == DB_OK &&
	    v == TRAIN_OK);
}

/*
 * The demo's training stage: a three-generation lineage (王建平 taught
 * 黄少明 and 陈国强, who now teach 何嘉欣 and 刘志远; 李玉华 teaches 张小敏),
 * confirmed training hours, levels, and apprentices at every stage
 * (梁伟 entry, 刘志远 training, 何嘉欣 incubation, 张小敏 selection).
 * Does nothing when any mentorship exists already. Returns 0 on failure.
 */
int
demo_training(void)
{
	struct lineage_link	*links;
	enum train_verdict	 v;
	size_t			 n, i;
	int64_t			 wang, chen, li, huang, liu, he, zhang, staff;
	int64_t			 now = (int64_t)time(NULL), year = 365 * 86400;
	int64_t			 id, at;
	enum move_verdict	 mv;
	char			 day[11];

	if (db_lineage_links(&links, &n) != DB_OK)
		return (0);
	free(links);
	if (n > 0)
		return (1);
	wang = demo_id("13922001001");
	chen = demo_id("13922001002");
	li = demo_id("13922001003");
	huang = demo_id("13922001004");
	liu = demo_id("13800138001");
	he = demo_id("13800138002");
	zhang = demo_id("xiaomin.zhang@example.cn");
	staff = demo_id("staff@pingzhou-jade.cn");
	if (!wang || !chen || !li || !huang || !liu || !he || !zhang || !staff)
		return (1);	/* not the demo cast: nothing to add */
	if (!demo_mentor(huang, wang, now - 20 * year, now - 12 * year,
	    "出师 completed the apprenticeship") ||
	    !demo_mentor(chen, wang, now - 15 * year, now - 8 * year,
	    "出师 completed the apprenticeship") ||
	    !demo_mentor(he, huang, now - 300 * 86400, 0, NULL) ||
	    !demo_mentor(liu, chen, now - 60 * 86400, 0, NULL) ||
	    !demo_mentor(zhang, li, now - 400 * 86400, 0, NULL))
		return (0);
	/* Six weekly sessions in the last six weeks, logged that evening
	 * and confirmed the next day (the last two of 刘志远's still wait). */
	for (i = 0; i < 6; i++) {
		at = now - (int64_t)(42 - 7 * i) * 86400;
		seat_today((time_t)at, day);
		if (db_log_add(liu, day, 180, skill_parse("carving"),
		    "练习浮雕打坯。", at, &id, &v) != DB_OK ||
		    (i < 4 && db_log_decide(id, chen, 1, "很好", at + 86400,
		    &v) != DB_OK))
			return (0);
		if (db_log_add(he, day, 480, skill_parse("bangle"),
		    "玉镯粗坯与抛光。", at, &id, &v) != DB_OK ||
		    db_log_decide(id, huang, 1, NULL, at + 86400, &v) != DB_OK)
			return (0);
	}
	if (db_level_award(he, TRACK_CARVER, 1, "完成玉镯加工与抛光课程，"
	    "考核 82 分。", staff, now - 20 * 86400) != DB_OK ||
	    db_level_award(zhang, TRACK_DESIGNER, 2, "设计构思与 CAD 课程结业，"
	    "作品获驿站评审通过。", staff, now - 10 * 86400) != DB_OK)
		return (0);
	return (db_stage_move(liu, STAGE_ENTRY, STAGE_TRAINING, staff,
	    "演示数据 demo", now - 50 * 86400, &mv) == DB_OK &&
	    db_stage_move(he, STAGE_ENTRY, STAGE_TRAINING, staff,
	    "演示数据 demo", now - 200 * 86400, &mv) == DB_OK &&
	    db_stage_move(he, STAGE_TRAINING, STAGE_INCUBATION, staff,
	    "演示数据 demo", now - 15 * 86400, &mv) == DB_OK &&
	    db_stage_move(zhang, STAGE_ENTRY, STAGE_SELECTION, staff,
	    "演示数据 demo", now - 5 * 86400, &mv) == DB_OK);
}

static int
demo_collect_cb(const struct cert *c, void *arg)
{
	struct cert	**list = arg;
	struct cert	 *grown;
	size_t		  n;

	for (n = 0; (*list)[n].id != 0; n++)
		;
	if ((grown = realloc(*list, (n + 2) * sizeof(**list))) == NULL)
		return (0);
	*list = grown;
	(*list)[n] = *c;
	memset(&(*list)[n + 1], 0, sizeof(**list));
	return (1);
}

static int
demo_pending_cb(const struct cert_event *ev, void *arg)
{
	struct cert_event	**list = arg;
	struct cert_event	 *grown;
	size_t			  n;

	for (n = 0; (*list)[n].event[0] != '\0'; n++)
		;
	if ((grown = realloc(*list, (n + 2) * sizeof(**list))) == NULL)
		return (0);
	*list = grown;
	(*list)[n] = *ev;
	memset(&(*list)[n + 1], 0, sizeof(**list));
	return (1);
}

/* The certificate of `user` in list (ended by id 0), or NULL. */
static const struct cert *
demo_cert_of(const struct cert *list, int64_t user)
{
	for (; list->id != 0; list++) {
		if (list->user == user)
			return (list);
	}
	return (NULL);
}

/*
 * 实名核验 of every demo person but staff, as a desk would record it: a
 * 居民身份证 of 佛山市南海区 (440605, where Pingzhou is) made up for the
 * demo — birth date from the cast's order, a sequence, the GB 11643
 * check character — hashed with the data directory's key (the caller
 * set it). Certificates are issued only under a verified name, so the
 * demo's holders need this first. People already checked are skipped.
 * 0 on failure.
 */
static int
demo_identity(int64_t staff, int64_t now)
{
	struct idcheck_new	 n;
	struct idcheck		 c;
	struct user		 other;
	enum idcheck_verdict	 v;
	char			 typed[32], num[REALNAME_NUMBER_MAX + 1];
	char			 hash[REALNAME_HASH_HEX];
	char			 last[REALNAME_LAST + 1], birth[11];
	size_t			 i;
	int64_t			 id;

	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		if (people[i].role == ROLE_STAFF ||
		    (id = demo_id(people[i].account)) == 0)
			continue;
		if (db_idcheck_get(id, &c) == DB_OK)
			continue;
		(void)snprintf(typed, sizeof(typed), "440605%04d%02d%02d%03d",
		    (int)(1962 + 2 * i), (int)(1 + i % 12), (int)(10 + i % 18),
		    (int)(100 + i));
		typed[17] = realname_check_char(typed);
		typed[18] = '\0';
		if (realname_normalise(DOC_RESIDENT_ID, typed, num) != RN_OK ||
		    !realname_birth(DOC_RESIDENT_ID, num, birth) ||
		    !realname_hash(DOC_RESIDENT_ID, num, hash))
			return (0);
		realname_last(num, last);
		memset(&n, 0, sizeof(n));
		n.user = id;
		n.doc_type = DOC_RESIDENT_ID;
		n.last4 = last;
		n.hash = hash;
		n.name = people[i].name;
		n.birth_date = birth;
		n.by = staff;
		n.now = now - 60 * 86400;
		if (db_idcheck_record(&n, &v, &other) != DB_OK || v != IDV_OK)
			return (0);
	}
	return (1);
}

/*
 * The demo's certificates, of every kind and state: a finished run of
 * JB102 (tools and workshop safety, taught by the station) whose three
 * graduates got theirs in one batch —
 * 刘志远's re-issued in Chinese only (the first is superseded), 梁伟's
 * revoked; skill levels for 何嘉欣 and 张小敏, and 张小敏's first level
 * certificate of 2022, expired; a design award for 张小敏 and the title
 * 平洲玉匠 for 黄少明. 何嘉欣 shows her certificates to employers. All are
 * drawn into root/certificates. Does nothing when any certificate
 * exists. Returns how many were issued, or -1.
 */
int
demo_certs(const char *root, struct cert_issuer *is)
{
	static const char	*const run_days[] = { "2026-11-02", "2026-11-20" };
	struct cert_event	*events = NULL;
	struct cert		*certs = NULL;
	const struct cert	*c;
	struct enrol_outcome	 out;
	struct run_edit		 e;
	enum cert_verdict	 v;
	struct user		 u;
	int64_t			 who[3], staff, zhang, huang, run, batch;
	int64_t			 id, now = is->now, year = 365 * 86400;
	int			 n = 0, issued, completers, unverified;
	int			 passed, i;
	char			 today[11], day[11], err[256];
	const char		*saved_today = is->today;

	if ((certs = calloc(1, sizeof(*certs))) == NULL ||
	    (events = calloc(1, sizeof(*events))) == NULL)
		goto fail;
	if (db_certs_page(INT64_MAX, 1, demo_collect_cb, &certs) != DB_OK)
		goto fail;
	if (certs[0].id != 0) {
		free(certs);
		free(events);
		return (0);
	}
	staff = demo_id("staff@pingzhou-jade.cn");
	huang = demo_id("13922001004");
	zhang = demo_id("xiaomin.zhang@example.cn");
	who[0] = demo_id("13800138001");
	who[1] = demo_id("13800138002");
	who[2] = demo_id("13800138004");
	if (!staff || !huang || !zhang || !who[0] || !who[1] ||
	    !who[2]) {
		free(certs);
		free(events);
		return (0);	/* not the demo cast */
	}
	is->by = staff;
	if (!demo_identity(staff, now))
		goto fail;

	/* The run, its register and its results. */
	memset(&e, 0, sizeof(e));
	e.starts = run_days[0];
	e.ends = run_days[1];
	e.capacity = 20;
	e.instructor = staff;
	if (db_run_create("JB102", &e, staff, &run) != DB_OK)
		goto fail;
	for (i = 0; i < 3; i++) {
		if (db_user_by_id(who[i], &u) != DB_OK ||
		    db_enrol(run, &u, run_days[0], now - 30 * 86400,
		    &out) != DB_OK || out.verdict != VERDICT_ENROL)
			goto fail;
	}
	for (i = 1; i <= 4; i++) {
		if (db_attendance_record(run, i, who, 3, NULL, 0, staff,
		    now - 20 * 86400) != DB_OK)
			goto fail;
	}
	for (i = 0; i < 3; i++) {
		if (db_result_record(run, who[i], 95 - 7 * i, staff,
		    now - 8 * 86400, &passed) != DB_OK || !passed)
			goto fail;
	}
	if (db_batch_issue_run(run, CLANG_BOTH, is, &batch, &issued,
	    &completers, &unverified, &v) != DB_OK || issued != 3)
		goto fail;
	n += issued;
	if (db_certs_of_batch(batch, demo_collect_cb, &certs) != DB_OK ||
	    (c = demo_cert_of(certs, who[0])) == NULL ||
	    db_cert_reissue(c->id, NULL, CLANG_ZH, "应持证人要求改为中文版 "
	    "re-issued in Chinese at the holder's request", is, &id,
	    &v) != DB_OK || v != CV_OK)
		goto fail;
	n++;

	/* Levels (one from 2022, now expired), an award and a title. */
	if (db_level_award(zhang, TRACK_DESIGNER, 1, "2022 年驿站技能考核，"
	    "设计方案 78 分。", staff, now - 4 * year - 160 * 86400) != DB_OK ||
	    db_honour_add(zhang, KIND_AWARD, "2025 平洲玉器文化节·玉雕设计评比 "
	    "金奖", "Gold award, jade design contest, Pingzhou Jade Culture "
	    "Festival 2025", "2025-10-18", "平洲玉器文化节组委会 the festival's "
	    "organising committee", staff, now, &id) != DB_OK ||
	    db_honour_add(huang, KIND_TITLE, "平洲玉匠", "Pingzhou Jade "
	    "Craftsman", "2024-09-28", "平洲玉器珠宝小镇 the town", staff, now,
	    &id) != DB_OK)
		goto fail;
	if (db_cert_events_pending(100, demo_pending_cb, &events) != DB_OK)
		goto fail;
	for (i = 0; events[i].event[0] != '\0'; i++) {
		/* Each dated the day it was earned. */
		seat_today((time_t)events[i].at, day);
		(void)snprintf(today, sizeof(today), "%s", day);
		is->today = today;
		if (db_cert_issue(events[i].event, events[i].kind ==
		    KIND_AWARD ? CLANG_BOTH : CLANG_ZH, is, &id, &v) != DB_OK ||
		    v != CV_OK)
			goto fail;
		n++;
	}
	is->today = saved_today;
	/* Last, so that the completion it was issued for waits again (for
	 * the review) rather than being issued anew just above. */
	if ((c = demo_cert_of(certs, who[2])) == NULL ||
	    db_cert_revoke(c->id, "成绩登记有误，待复核 score recorded in "
	    "error, under review", staff, now, &v) != DB_OK || v != CV_OK ||
	    db_cert_share(who[1], 1, now) != DB_OK)
		goto fail;

	/* Draw them all. */
	certs[0].id = 0;
	if (db_certs_page(INT64_MAX, 1000, demo_collect_cb, &certs) != DB_OK)
		goto fail;
	for (i = 0; certs[i].id != 0; i++) {
		if (!certfile_render(root, &certs[i], err, sizeof(err))) {
			fprintf(stderr, "certificate %s: %s\n",
			    certs[i].serial, err);
			goto fail;
		}
		certfile_account(root, &certs[i]);
	}
	if (db_batch_progress(batch, issued, 0, 1, now) != DB_OK)
		goto fail;
	free(certs);
	free(events);
	return (n);
fail:
	is->today = saved_today;
	free(certs);
	free(events);
	return (-1);
}

static int
demo_first_milestone_cb(const struct milestone *m, void *arg)
{
	struct milestone	*first = arg;

	*first = *m;
	return (0);
}

/* A demo photo of a piece of jade: a lit, carved-looking oval of the
 * given colour on a dark cloth, as a JPEG (gdFree() it). */
static void *
demo_photo(int w, int h, int r, int g, int b, int *size)
{
	gdImagePtr	 im;
	void		*jpg;
	int		 i, c;

	if ((im = gdImageCreateTrueColor(w, h)) == NULL)
		return (NULL);
	gdImageFilledRectangle(im, 0, 0, w - 1, h - 1,
	    gdImageColorAllocate(im, 0x2a, 0x26, 0x22));
	for (i = 0; i < 40; i++) {
		c = gdImageColorAllocate(im, r + (255 - r) * i / 60,
		    g + (255 - g) * i / 60, b + (255 - b) * i / 60);
		gdImageFilledEllipse(im, w / 2 - i * w / 400, h / 2 - i * h / 400,
		    w * 3 / 5 - i * w / 80, h * 3 / 4 - i * h / 80, c);
	}
	gdImageSetThickness(im, 6);
	gdImageArc(im, w / 2, h / 2, w / 3, h / 3, 200, 340,
	    gdImageColorAllocate(im, r / 2, g / 2, b / 2));
	jpg = gdImageJpegPtr(im, size, 85);
	gdImageDestroy(im);
	return (jpg);
}

/* A work with n photos in the given colours, through the real pipeline. */
static int
demo_work(const char *root, int64_t user, const struct work_edit *e,
    const int (*colours)[3], int n, int64_t now, int64_t *id)
{
	struct photo_out	 out;
	enum incub_verdict	 v;
	void			*jpg;
	int64_t			 pid;
	int			 i, size;

	if (db_work_create(user, e, now, id, &v) != DB_OK || v != IV_OK)
		return (0);
	for (i = 0; i < n; i++) {
		if ((jpg = demo_photo(1600, 1200, colours[i][0], colours[i][1],
		    colours[i][2], &size)) == NULL)
			return (0);
		memset(&out, 0, sizeof(out));
		if (photo_process(jpg, (size_t)size, &out) != PHOTO_OK) {
			gdFree(jpg);
			return (0);
		}
		gdFree(jpg);
		if (db_photo_add(user, *id, out.full_w, out.full_h,
		    out.full_size + out.phone_size + out.thumb_size, now, &pid,
		    &v) != DB_OK || v != IV_OK ||
		    !photo_save(root, pid, &out))
			goto fail;
		photo_out_free(&out);
	}
	return (1);
fail:
	photo_out_free(&out);
	return (0);
}

/*
 * The demo's incubation: the masters' specialities; a running cohort
 * (2026 秋季玉雕孵化班) with 何嘉欣 admitted, mentored by 王建平, her first
 * milestone signed off; works with photos — 何嘉欣's public bangle and a
 * private pendant, 张小敏's public design, 王建平's public relief for the
 * directory, 刘志远's first piece (private) — and 黄少明's comment on
 * 何嘉欣's bangle. Photos are drawn here and go
 * through the same pipeline as an upload (data_dirs() made their folder).
 * Does nothing when any cohort exists. 0 on failure.
 */
int
demo_incubation(const char *root)
{
	static const int	 green[][3] = {
		{ 0x3c, 0x9a, 0x6a }, { 0x5f, 0xb0, 0x7f },
	};
	static const int	 white[][3] = { { 0xd8, 0xd4, 0xc0 } };
	static const int	 lilac[][3] = { { 0x9a, 0x8c, 0xc8 } };
	static const int	 brown[][3] = { { 0x8c, 0x7a, 0x5a } };
	struct work_edit	 e;
	struct milestone	 first;
	struct cohort		 existing;
	enum incub_verdict	 v;
	int64_t			 staff, wang, huang, he, zhang, liu, cohort;
	int64_t			 id, now = (int64_t)time(NULL);
	size_t			 i;
	int			 n;

	if (db_cohort_get(1, &existing) == DB_OK)
		return (1);
	staff = demo_id("staff@pingzhou-jade.cn");
	wang = demo_id("13922001001");
	huang = demo_id("13922001004");
	he = demo_id("13800138002");
	zhang = demo_id("xiaomin.zhang@example.cn");
	liu = demo_id("13800138001");
	if (!staff || !wang || !huang || !he || !zhang || !liu)
		return (1);	/* not the demo cast */
	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		if (people[i].role == ROLE_MASTER && db_speciality_set(
		    demo_id(people[i].account), people[i].note, staff,
		    now) != DB_OK)
			return (0);
	}
	if (db_cohort_create("2026 秋季玉雕孵化班", "2026-09-01", "2027-02-28",
	    12, staff, now - 80 * 86400, &cohort) != DB_OK ||
	    db_cohort_admit(cohort, he, wang, staff, now - 14 * 86400,
	    &v) != DB_OK || v != IV_OK)
		return (0);
	first.id = 0;
	if (db_milestones(cohort, demo_first_milestone_cb, &first) != DB_OK ||
	    first.id == 0 || db_milestone_sign(first.id, he, wang,
	    "构思完整，俏色运用大胆，可以进入打样。", now - 3 * 86400,
	    &v) != DB_OK || v != IV_OK)
		return (0);

	memset(&e, 0, sizeof(e));
	e.title = "翡翠平安镯";
	e.material = "jadeite";
	e.technique = "掏镯、抛光";
	e.size = "内径 56 mm，条宽 10 mm";
	e.description = "阳绿翡翠料，掏镯后手工抛光三遍。";
	e.public = 1;
	if (!demo_work(root, he, &e, green, 2, now - 10 * 86400, &id) ||
	    db_comment_add(id, huang, "条形圆润，抛光到位；注意内圈倒角。",
	    now - 9 * 86400) != DB_OK)
		return (0);
	e.title = "和田玉籽料随形挂件";
	e.material = "hetian";
	e.technique = "随形雕";
	e.size = "42 × 28 mm";
	e.description = "保留原皮，随形设计。";
	e.public = 0;
	n = demo_work(root, he, &e, white, 1, now - 5 * 86400, &id);
	e.title = "俏色荷塘设计稿";
	e.material = "dushan";
	e.technique = "俏色设计";
	e.size = "120 × 80 mm";
	e.description = "利用独山玉的紫、白两色设计荷塘小景。";
	e.public = 1;
	n = n && demo_work(root, zhang, &e, lilac, 1, now - 20 * 86400, &id);
	e.title = "翡翠浮雕《松鹤延年》";
	e.material = "jadeite";
	e.technique = "浮雕、俏色";
	e.size = "180 × 120 mm";
	e.description = "王建平师傅的代表作，俏色取翠为松、取白为鹤。";
	e.public = 1;
	n = n && demo_work(root, wang, &e, green, 1, now - 60 * 86400, &id);
	e.title = "第一件练习：岫玉如意";
	e.material = "xiuyan";
	e.technique = "浮雕";
	e.size = "60 × 30 mm";
	e.description = "入门课作业。";
	e.public = 0;
	n = n && demo_work(root, liu, &e, brown, 1, now - 30 * 86400, &id);
	return (n);
}

/* db_works_of_user() callback: the cover photo of the first work. */
static int
demo_cover(const struct work *w, void *arg)
{
	int64_t	*cover = arg;

	if (w->public && w->cover != 0 && *cover == 0)
		*cover = w->cover;
	return (*cover == 0);
}

/* One master's heritage record, written, with a photo, and published. */
static int
demo_heritage_of(int64_t master, int64_t staff, const struct heritage_text *t,
    const char *cap_zh, const char *cap_en, const char *made, int64_t now)
{
	enum heritage_verdict	 v;
	int64_t			 photo = 0;

	if (db_works_of_user(master, 0, demo_cover, &photo) != DB_OK ||
	    photo == 0 || db_heritage_save(master, master, t, now) != DB_OK ||
	    db_heritage_photo_add(master, master, photo, cap_zh, cap_en, made,
	    now, &v) != DB_OK || v != HV_OK)
		return (0);
	return (db_heritage_decide(master, staff, 1, NULL, now + 3600,
	    &v) == DB_OK && v == HV_OK);
}

/*
 * 非遗: two masters' heritage records, published — 王建平's (浮雕 and
 * 俏色, his relief 《松鹤延年》) and 黄少明's (镂空, a new public work
 * of his). After demo_incubation(). Does nothing when 王建平 has one.
 * 0 on failure.
 */
int
demo_heritage(const char *root)
{
	static const int	 green[][3] = { { 0x4a, 0x8f, 0x5c } };
	struct heritage_text	 t;
	struct heritage		 h;
	struct work_edit	 e;
	int64_t			 staff, wang, huang, id;
	int64_t			 now = (int64_t)time(NULL) - 2 * 86400;

	staff = demo_id("staff@pingzhou-jade.cn");
	wang = demo_id("13922001001");
	huang = demo_id("13922001004");
	if (!staff || !wang || !huang)
		return (1);	/* not the demo cast */
	if (db_heritage_get(wang, HERITAGE_PUBLISHED, &h) == DB_OK)
		return (1);
	t.techniques_zh = "浮雕：先定层次，再由浅入深地铲地、起位；"
	    "俏色：依料上的翠色与白色构图，翠取为松，白取为鹤。\n"
	    "抛光三遍，由粗到细。";
	t.techniques_en = "Relief: set the layers first, then cut the ground "
	    "from shallow to deep. Qiaose: compose with the stone's own green "
	    "and white — the green becomes pines, the white cranes.\n"
	    "Three rounds of polishing, coarse to fine.";
	t.story_zh = "王建平十六岁在平洲拜师学艺，师从本镇老艺人，"
	    "三十年来带出学徒二十余人。";
	t.story_en = "Wang Jianping began as an apprentice in Pingzhou at "
	    "sixteen under one of the town's old carvers; in thirty years he "
	    "has trained more than twenty apprentices.";
	if (!demo_heritage_of(wang, staff, &t, "翡翠浮雕《松鹤延年》",
	    "Jadeite relief: Pines and Cranes", "2018", now))
		return (0);
	memset(&e, 0, sizeof(e));
	e.title = "翡翠镂空香囊";
	e.material = "jadeite";
	e.technique = "镂空";
	e.size = "60 × 45 mm";
	e.description = "黄少明师傅的镂空代表作，内外三层。";
	e.public = 1;
	if (!demo_work(root, huang, &e, green, 1, now - 40 * 86400, &id))
		return (0);
	t.techniques_zh = "镂空：先钻眼定位，再以线锯掏空，内外三层互不相连。";
	t.techniques_en = "";	/* only in Chinese: shown so, marked zh */
	t.story_zh = "黄少明的手艺传自其父，父子两代在平洲玉器街开设作坊。";
	t.story_en = "Huang Shaoming learned the craft from his father; two "
	    "generations have kept a workshop on Pingzhou's jade street.";
	return (demo_heritage_of(huang, staff, &t, "翡翠镂空香囊", "",
	    "2021-06", now));
}

/* The demo's judges and entrants, by account. */
enum { W_WANG, W_CHEN, W_LI, W_HUANG, W_SU, W_HELZ, W_ZHANG, W_MEI, W_WU,
	W_LIN, W_ZHENG, W_ZHI, W_STAFF, W__COUNT };
static const char *const cast[W__COUNT] = {
	"13922001001", "13922001002", "13922001003", "13922001004",
	"13922001005", "13922001006", "xiaomin.zhang@example.cn",
	"13800138005", "13800138006", "13800138007", "13800138008",
	"13800138009", "staff@pingzhou-jade.cn",
};

/* An entry of the demo: who enters which new work in which category. */
struct demo_entry {
	int		 who;
	int		 category;	/* index in the competition's list */
	const char	*title;
	const char	*material;
	int		 colour[3];
	int		 quality;	/* tenths: the judges' mean mark */
};

struct demo_comp {
	int64_t		 id[W__COUNT];
	int64_t		 cats[4];
	int64_t		 entries[12];
	int		 nentries;
	int		 bias[W__COUNT];	/* tenths a judge adds */
	const struct demo_entry *de;
	int64_t		 now;
};

/* Collects a judge's offered entries. */
struct offered {
	int64_t		 ids[32];
	int		 n;
};

static int
demo_offered_cb(const struct comp_entry *e, void *arg)
{
	struct offered	*o = arg;

	if (o->n < 32)
		o->ids[o->n++] = e->id;
	return (1);
}

/* The marks a judge gives an entry: its quality, the judge's habit and a
 * little variation per criterion, 0.0-10.0. */
static void
demo_marks(const struct demo_comp *d, int entry, int judge, int ncrit,
    int marks[SCORE_MAX_CRITERIA])
{
	int	 i, m;

	for (i = 0; i < ncrit; i++) {
		m = d->de[entry].quality + d->bias[judge] +
		    (entry * 7 + judge * 3 + i * 5) % 9 - 4;
		marks[i] = m < 0 ? 0 : m > 100 ? 100 : m;
	}
}

static int
demo_index(const struct demo_comp *d, int64_t entry)
{
	int	 i;

	for (i = 0; i < d->nentries; i++)
		if (d->entries[i] == entry)
			return (i);
	return (0);
}

/*
 * Judge `judge` scores what is offered: every entry final, or (limit >=
 * 0) only the first `limit` final and the next one as a draft.
 */
static int
demo_judge(struct demo_comp *d, int64_t comp, int judge, int limit,
    int64_t at)
{
	struct offered		 o;
	enum comp_verdict	 v;
	int			 marks[SCORE_MAX_CRITERIA];
	int			 i, k, final;

	memset(&o, 0, sizeof(o));
	if (db_judge_entries(comp, d->id[judge], demo_offered_cb, &o) != DB_OK)
		return (0);
	for (i = 0; i < o.n; i++) {
		if (limit >= 0 && i > limit)
			break;
		final = limit < 0 || i < limit;
		k = demo_index(d, o.ids[i]);
		demo_marks(d, k, judge, 9, marks);
		if (db_sheet_save(o.ids[i], d->id[judge], marks, 9, final,
		    at + i * 60, &v) != DB_OK || v != COMPV_OK)
			return (0);
	}
	return (1);
}

/* An entry's own copies of its photos, as the server makes them when
 * an entry is made (entrant.c): never the work's files. */
static int
demo_entry_photos(const char *root, int64_t entry)
{
	int64_t	 ids[8];
	int	 i, n;

	if (db_entry_photos(entry, ids, &n) != DB_OK)
		return (0);
	for (i = 0; i < n; i++)
		if (!entry_photo_make(root, entry, i + 1, ids[i]))
			return (0);
	return (1);
}

/* Create a competition with the default rules and its categories,
 * panels and entries (checked eligible), each entry a new work with its
 * own photo files. */
static int
demo_comp_make(const char *root, struct demo_comp *d, const char *zh,
    const char *en, const char *opens, const char *closes, int advance,
    const char *const (*cats)[2], int ncats, const int (*panels)[6],
    const struct demo_entry *de, int nde, const char *entry_day,
    int64_t *comp)
{
	struct comp_edit	 e;
	struct work_edit	 w;
	enum comp_verdict	 v;
	int64_t			 work;
	int			 i, k;

	comp_defaults(&e);
	e.name_zh = zh;
	e.name_en = en;
	e.opens = opens;
	e.closes = closes;
	e.advance = advance;
	if (db_comp_create(&e, d->id[W_STAFF], d->now - 5 * 86400,
	    comp) != DB_OK)
		return (0);
	for (i = 0; i < ncats; i++) {
		if (db_category_add(*comp, cats[i][0], cats[i][1],
		    d->id[W_STAFF], d->now, &d->cats[i], &v) != DB_OK ||
		    v != COMPV_OK)
			return (0);
		for (k = 0; k < 6 && panels[i][k] >= 0; k++)
			if (db_judge_add(*comp, d->cats[i], d->id[panels[i][k]],
			    d->id[W_STAFF], d->now, &v) != DB_OK ||
			    v != COMPV_OK)
				return (0);
	}
	d->de = de;
	d->nentries = nde;
	for (i = 0; i < nde; i++) {
		memset(&w, 0, sizeof(w));
		w.title = de[i].title;
		w.material = de[i].material;
		w.technique = "";
		w.size = "";
		w.description = "参赛作品 a competition entry";
		w.public = 0;
		if (!demo_work(root, d->id[de[i].who], &w, &de[i].colour, 1,
		    d->now, &work) ||
		    db_entry_create(*comp, d->cats[de[i].category],
		    d->id[de[i].who], work, entry_day, d->now, &d->entries[i],
		    &v) != DB_OK || v != COMPV_OK ||
		    !demo_entry_photos(root, d->entries[i]))
			return (0);
		if (de[i].quality > 0 && (db_entry_check(d->entries[i],
		    ENTRY_ELIGIBLE, "", d->id[W_STAFF], d->now, &v) != DB_OK ||
		    v != COMPV_OK))
			return (0);
	}
	return (1);
}

/*
 * The demo's selection stage, three competitions: 2026 平洲玉雕新秀赛,
 * finished and published — 张小敏 takes both golds (pendants and design
 * proposals), which proposes her for 平洲玉匠, confirmed, with its title
 * certificate; 吴家豪's entry is judged without 苏文杰 (his master),
 * 张小敏's without 李玉华; 黄少明 scores
 * everyone high, which the judges' chart shows. 2027 平洲玉器文化节·玉雕
 * 大赛 is in its photo round with judges mid-way (王建平 has one draft
 * and entries still to score). 2027 春季玉雕设计评比 takes entries. The
 * certificates are drawn into root. Does nothing when any competition
 * exists. Returns how many certificates were issued, or -1.
 */
int
demo_competitions(const char *root, struct cert_issuer *is)
{
	static const char *const cats_a[][2] = {
		{ "挂件", "Pendants" }, { "设计方案", "Design proposals" },
	};
	static const int panels_a[][6] = {
		{ W_WANG, W_CHEN, W_HUANG, W_SU, W_HELZ, -1 },
		{ W_LI, W_HELZ, W_WANG, W_SU, -1, -1 },
	};
	static const struct demo_entry entries_a[] = {
		{ W_ZHANG, 0, "和田玉《荷韵》挂件", "hetian", { 0xe0, 0xdc, 0xc8 },
		    88 },
		{ W_MEI, 0, "翡翠观音挂件", "jadeite", { 0x4a, 0xa0, 0x70 }, 80 },
		{ W_WU, 0, "翡翠貔貅挂件", "jadeite", { 0x30, 0x80, 0x58 }, 76 },
		{ W_ZHI, 0, "岫玉竹节挂件", "xiuyan", { 0x9a, 0xb0, 0x60 }, 71 },
		{ W_ZHANG, 1, "俏色荷塘设计稿（参赛版）", "dushan",
		    { 0x9a, 0x8c, 0xc8 }, 86 },
		{ W_LIN, 1, "翡翠手镯系列设计", "jadeite", { 0x70, 0xb8, 0x90 },
		    79 },
		{ W_ZHENG, 1, "玉兰胸针设计", "hetian", { 0xf0, 0xec, 0xe0 }, 74 },
	};
	static const char *const cats_b[][2] = {
		{ "翡翠摆件", "Jadeite ornaments" }, { "手镯", "Bangles" },
	};
	static const int panels_b[][6] = {
		{ W_WANG, W_HUANG, W_SU, -1, -1, -1 },
		{ W_CHEN, W_HELZ, W_WANG, -1, -1, -1 },
	};
	static const struct demo_entry entries_b[] = {
		{ W_MEI, 0, "翡翠山子《溪山行旅》", "jadeite", { 0x40, 0x90, 0x68 },
		    84 },
		{ W_WU, 0, "翡翠摆件《年年有余》", "jadeite", { 0x58, 0xa8, 0x78 },
		    78 },
		{ W_ZHI, 0, "翡翠《福禄寿》摆件", "jadeite", { 0x88, 0x70, 0x50 },
		    75 },
		{ W_ZHI, 1, "糯冰种平安镯", "jadeite", { 0xc8, 0xd8, 0xd0 }, 81 },
		{ W_MEI, 1, "翡翠贵妃镯", "jadeite", { 0x50, 0xb0, 0x80 }, 83 },
	};
	static const char *const cats_c[][2] = {
		{ "设计方案", "Design proposals" }, { "首饰设计", "Jewellery design" },
	};
	static const int panels_c[][6] = {
		{ W_LI, W_HELZ, -1, -1, -1, -1 },
		{ W_HELZ, W_LI, -1, -1, -1, -1 },
	};
	static const struct demo_entry entries_c[] = {
		{ W_LIN, 1, "玉蝶耳饰设计", "jadeite", { 0x68, 0xc0, 0x98 }, 0 },
	};
	struct demo_comp	*d;
	struct competition	 existing;
	struct publish_report	 rep;
	struct lock_report	 lr;
	struct nomination	 nom;
	enum comp_verdict	 v;
	enum cert_verdict	 cv;
	enum move_verdict	 mv;
	struct cert		*certs = NULL;
	int64_t			 comp, honour, id, now = is->now;
	int			 i, n = 0, ok = 0;
	char			 today[11], err[256];
	int			 marks[SCORE_MAX_CRITERIA], p;
	const char		*saved_today = is->today;
	int64_t			 saved_now = is->now;

	if (db_comp_get(1, &existing) == DB_OK)
		return (0);
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return (-1);
	for (i = 0; i < W__COUNT; i++)
		if ((d->id[i] = demo_id(cast[i])) == 0) {
			free(d);
			return (0);	/* not the demo cast */
		}
	is->by = d->id[W_STAFF];
	d->bias[W_HUANG] = 8;	/* generous: the chart shows it */
	d->bias[W_CHEN] = -3;
	/* The alumni reach the selection stage; 吴家豪 is 苏文杰's. */
	for (i = W_MEI; i <= W_ZHI; i++)
		if (db_stage_move(d->id[i], STAGE_ENTRY, STAGE_SELECTION,
		    d->id[W_STAFF], "演示数据 demo", now - 120 * 86400,
		    &mv) != DB_OK)
			goto out;
	if (!demo_mentor(d->id[W_WU], d->id[W_SU], now - 700 * 86400, 0,
	    NULL))
		goto out;

	/* 2026 平洲玉雕新秀赛: judged, locked and published in October. */
	d->now = now - 70 * 86400;
	if (!demo_comp_make(root, d, "2026 平洲玉雕新秀赛",
	    "Pingzhou Young Jade Carvers' Contest 2026", "2026-09-01",
	    "2026-09-30", 0, cats_a, 2, panels_a, entries_a, 7, "2026-09-12",
	    &comp) ||
	    db_comp_open(comp, d->id[W_STAFF], now - 60 * 86400, &v) !=
	    DB_OK || v != COMPV_OK)
		goto out;
	/* 陈国强 saves a draft first and changes it before submitting. */
	demo_marks(d, 1, W_CHEN, 9, marks);
	/* The first mark's leading digit changed: 9, or 8 if it was 9. */
	for (p = 1; marks[0] / p >= 10; p *= 10)
		;
	marks[0] = (marks[0] / p == 9 ? 8 : 9) * p + marks[0] % p;
	if (db_sheet_save(d->entries[1], d->id[W_CHEN], marks, 9, 0,
	    now - 59 * 86400, &v) != DB_OK || v != COMPV_OK)
		goto out;
	for (i = W_WANG; i <= W_HELZ; i++)
		if (!demo_judge(d, comp, i, -1, now - 55 * 86400 + i * 3600))
			goto out;
	memset(&lr, 0, sizeof(lr));
	if (db_comp_lock(comp, d->id[W_STAFF], now - 45 * 86400, &lr,
	    &v) != DB_OK || v != COMPV_OK)
		goto out;
	is->now = now - 40 * 86400;
	seat_today((time_t)is->now, today);
	is->today = today;
	memset(&rep, 0, sizeof(rep));
	if (db_comp_publish(comp, CLANG_BOTH, is, &rep, &v) != DB_OK ||
	    v != COMPV_OK || rep.cert != CV_OK || rep.nominations < 1)
		goto out;
	n += rep.awards;
	/* Her two golds propose 平洲玉匠; staff confirm a week later. */
	is->now = now - 33 * 86400;
	seat_today((time_t)is->now, today);
	nom.id = 0;
	if (db_nomination_get(1, &nom) != DB_OK ||
	    db_nomination_decide(nom.id, 1, CLANG_BOTH, is, &honour, &id, &cv,
	    &v) != DB_OK || v != COMPV_OK || cv != CV_OK)
		goto out;
	n++;

	/* 2027 平洲玉器文化节·玉雕大赛: photo round, judges mid-way. */
	d->now = now - 40 * 86400;
	memset(d->cats, 0, sizeof(d->cats));
	if (!demo_comp_make(root, d, "2027 平洲玉器文化节·玉雕大赛",
	    "Pingzhou Jade Culture Festival Carving Contest 2027",
	    "2026-10-15", "2026-11-20", 2, cats_b, 2, panels_b, entries_b, 5,
	    "2026-10-20", &comp) ||
	    db_comp_open(comp, d->id[W_STAFF], now - 6 * 86400, &v) !=
	    DB_OK || v != COMPV_OK ||
	    !demo_judge(d, comp, W_SU, -1, now - 5 * 86400) ||
	    !demo_judge(d, comp, W_CHEN, -1, now - 4 * 86400) ||
	    !demo_judge(d, comp, W_HUANG, 1, now - 3 * 86400) ||
	    !demo_judge(d, comp, W_HELZ, 0, now - 2 * 86400) ||
	    !demo_judge(d, comp, W_WANG, 0, now - 86400))
		goto out;

	/* 2027 春季玉雕设计评比: taking entries; one waits for its check. */
	d->now = now - 20 * 86400;
	memset(d->cats, 0, sizeof(d->cats));
	if (!demo_comp_make(root, d, "2027 春季玉雕设计评比",
	    "Spring Jade Design Awards 2027", "2026-11-01", "2027-01-31", 0,
	    cats_c, 2, panels_c, entries_c, 1, "2026-11-06", &comp))
		goto out;

	/* Draw the new certificates. */
	if ((certs = calloc(64, sizeof(*certs))) == NULL ||
	    db_certs_page(INT64_MAX, 63, demo_collect_cb, &certs) != DB_OK)
		goto out;
	for (i = 0; certs[i].id != 0; i++) {
		if (!certfile_render(root, &certs[i], err, sizeof(err))) {
			fprintf(stderr, "certificate %s: %s\n",
			    certs[i].serial, err);
			goto out;
		}
		certfile_account(root, &certs[i]);
	}
	if (rep.batch != 0 && db_batch_progress(rep.batch, rep.awards, 0, 1,
	    now) != DB_OK)
		goto out;
	ok = 1;
out:
	is->today = saved_today;
	is->now = saved_now;
	free(certs);
	free(d);
	return (ok ? n : -1);
}


/* 就业 jobs ------------------------------------------------------------- */

struct demo_shown {
	struct job_shown	*s;
	int64_t			 user;
};

static int
demo_shown_cert(const struct cert *c, void *arg)
{
	struct demo_shown	*d = arg;

	if (d->s->ncerts < 3)
		d->s->certs[d->s->ncerts++] = c->id;
	return (1);
}

static int
demo_shown_work(const struct work *w, void *arg)
{
	struct demo_shown	*d = arg;

	if (w->public && !w->held && d->s->nworks < 2)
		d->s->works[d->s->nworks++] = w->id;
	return (1);
}

/* A credit code of the demo's own: body17 and its check character. */
static void
demo_credit(const char *body17, char out[CREDIT_CODE_LEN + 1])
{
	(void)snprintf(out, CREDIT_CODE_LEN + 1, "%.17s%c", body17,
	    job_credit_check(body17));
}

/* person applies for posting, showing their first certificates and
 * public works; 0 on failure. */
static int
demo_apply(int64_t person, int64_t posting, const char *message,
    int contact, const char *today, int64_t now, int64_t *id)
{
	struct job_shown	 s;
	struct demo_shown	 d;
	enum job_verdict	 v;

	memset(&s, 0, sizeof(s));
	d.s = &s;
	d.user = person;
	if (db_certs_of_user(person, demo_shown_cert, &d) != DB_OK ||
	    db_works_of_user(person, 0, demo_shown_work, &d) != DB_OK)
		return (0);
	return (db_application_create(posting, person, message, contact, &s,
	    today, now, id, &v) == DB_OK && v == JOBV_OK);
}

/*
 * 就业: 翠华玉雕工作室 approved, with two openings shown and one
 * awaiting review; 玉缘珠宝行 awaiting approval. 何嘉欣 applied
 * (invited to an interview), 陈美玲 was hired. Returns 1 (also when
 * the demo already has them, or is not the demo cast), 0 on failure.
 */
int
demo_jobs(void)
{
	static const struct {
		const char	*title;
		enum track	 track;
		int		 level;
		int64_t		 pay_min, pay_max;
		const char	*place;
		int		 days;
		const char	*text;
		int		 open;
	} postings[] = {
		{ "翡翠挂件雕刻师", TRACK_CARVER, 3, 7000, 13000,
		    "平洲玉器街 18 号", 45, "雕刻翡翠挂件、手把件。要求三级"
		    "（高级工）以上证书，能独立完成俏色设计。包食宿，月休四天。",
		    1 },
		{ "玉雕设计助理", TRACK_DESIGNER, 0, 4500, 7000,
		    "平洲玉器城设计中心 2 楼", 30, "协助设计师出图、建 CAD "
		    "模型、与雕刻师沟通。应届学员可投，设计方向优先。", 1 },
		{ "抛光学徒", TRACK_CARVER, 0, 3500, 5000, "平洲夏南路 6 号",
		    20, "手镯、挂件抛光，师傅带教。", 0 },
	};
	struct employer		 e;
	struct posting_new	 n;
	enum job_verdict	 v;
	char			 code[CREDIT_CODE_LEN + 1], today[11];
	char			 closes[11];
	int64_t			 boss, other, staff, he, chen, id, emp, app;
	int64_t			 posting[3], now = (int64_t)time(NULL);
	size_t			 i;

	if ((boss = demo_id("13922003001")) == 0 ||
	    (other = demo_id("13922003002")) == 0 ||
	    (staff = demo_id("staff@pingzhou-jade.cn")) == 0 ||
	    (he = demo_id("13800138002")) == 0 ||
	    (chen = demo_id("13800138005")) == 0)
		return (1);	/* not the demo cast */
	if (db_employer_of_user(boss, &e) == DB_OK)
		return (1);	/* made already */
	seat_today((time_t)now, today);
	demo_credit("91440605MA4WJH2X0", code);
	if (db_employer_add(boss, "翠华玉雕工作室", code, now - 20 * 86400,
	    &emp) != DB_OK ||
	    db_employer_decide(emp, EMPLOYER_APPROVED, NULL, staff,
	    now - 19 * 86400, &v) != DB_OK || v != JOBV_OK)
		return (0);
	demo_credit("92440605MA5CK7R1Q", code);
	if (db_employer_add(other, "玉缘珠宝行", code, now - 86400, &id) !=
	    DB_OK)
		return (0);
	for (i = 0; i < sizeof(postings) / sizeof(postings[0]); i++) {
		seat_today((time_t)(now + postings[i].days * 86400), closes);
		memset(&n, 0, sizeof(n));
		n.employer = emp;
		n.title = postings[i].title;
		n.track = postings[i].track;
		n.level = postings[i].level;
		n.pay_min = postings[i].pay_min;
		n.pay_max = postings[i].pay_max;
		n.place = postings[i].place;
		n.closes = closes;
		n.description = postings[i].text;
		if (db_posting_create(&n, now - (18 - (int64_t)i) * 86400,
		    &posting[i], &v) != DB_OK || v != JOBV_OK)
			return (0);
		if (postings[i].open && (db_posting_review(posting[i],
		    POSTING_OPEN, NULL, staff, now - (17 - (int64_t)i) * 86400,
		    &v) != DB_OK || v != JOBV_OK))
			return (0);
	}
	/* 何嘉欣 shows her certificates and phone; invited to interview. */
	if (!demo_apply(he, posting[0], "我学玉镯和挂件三年，持有驿站颁发的"
	    "证书，希望到贵工作室做挂件雕刻。", 1, today, now - 10 * 86400,
	    &app) ||
	    db_application_step(app, JOB_VIEWED, 0, boss, now - 9 * 86400,
	    &v) != DB_OK || v != JOBV_OK ||
	    db_application_step(app, JOB_INTERVIEW, 0, boss, now - 8 * 86400,
	    &v) != DB_OK || v != JOBV_OK)
		return (0);
	/* 陈美玲: offered and hired (the dashboard's placements). */
	if (!demo_apply(chen, posting[0], "参加过 2026 新秀赛，擅长山子雕。",
	    0, today, now - 12 * 86400, &app) ||
	    db_application_step(app, JOB_OFFER, 0, boss, now - 7 * 86400,
	    &v) != DB_OK || v != JOBV_OK ||
	    db_application_step(app, JOB_HIRED, 0, boss, now - 5 * 86400,
	    &v) != DB_OK || v != JOBV_OK)
		return (0);
	return (1);
}

/* Finds a guide selection among the competitions. */
static int
demo_guide_found(const struct competition *c, void *arg)
{
	int	*found = arg;

	if (c->kind == COMP_KIND_GUIDE)
		*found = 1;
	return (!*found);
}

/* Collects the guide certificates, to draw them. */
static int
demo_guide_cert(const struct cert *c, void *arg)
{
	return (c->kind != KIND_GUIDE || demo_collect_cb(c, arg));
}

/*
 * 2026 十大金牌导购大师评选, published: eleven sales guides of five shops
 * nominated (by staff for the shops), scored by 王建平, 李玉华 and 陈国强,
 * voted for on five days by twelve phones (a burst of three votes from
 * one address range in a minute, one of them voided), two complaints
 * upheld (one against 翠华珠宝, one against a guide), locked and
 * published: the ten winners' 金牌导购大师 certificates are drawn into
 * root. Does nothing when a guide selection exists. Returns how many
 * certificates were issued, or -1.
 */
int
demo_guides(const char *root, struct cert_issuer *is)
{
	static const char *const shops[11] = {
		"翠华珠宝", "翠华珠宝", "金玉坊", "金玉坊", "玉缘阁", "玉缘阁",
		"翡翠世家", "翡翠世家", "平洲玉器行", "平洲玉器行", "平洲玉器行",
	};
	static const char *const evidence[3] = {
		"顾客来信：讲解翡翠种水、颜色与瑕疵实事求是，不夸大，不推销"
		"不需要的货。",
		"坚持出具检测证书，主动告知处理工艺；三年无有效投诉。",
		"熟悉和田玉、翡翠产地与工艺，为外地游客耐心讲解，售后跟进。",
	};
	static const char *const judges[3] = {
		"13922001001", "13922001003", "13922001002",
	};
	static const char *const voters[12] = {
		"13800138001", "13800138002", "13800138004", "13800138005",
		"13800138006", "13800138007", "13800138008", "13800138009",
		"13600136001", "13600136002", "13600136003", "13600136004",
	};
	struct comp_edit	 e;
	struct guide_rules	 g;
	struct user		 u;
	struct publish_report	 rep;
	enum guide_verdict	 v;
	enum comp_verdict	 cv;
	struct cert		*certs = NULL;
	int64_t			 staff, comp, cat, nominee[11], judge[3], vote;
	int64_t			 now = is->now, at, first_burst = 0;
	int			 i, k, d, c, marks[SCORE_MAX_CRITERIA], found = 0;
	int			 n = -1;
	char			 pw[PWHASH_LEN], net[32];
	char			 today[11], err[256];
	const char		*saved_today = is->today;

	if (db_comps(demo_guide_found, &found) != DB_OK)
		return (-1);
	if (found || (staff = demo_id("staff@pingzhou-jade.cn")) == 0)
		return (0);
	for (i = 0; i < 3; i++)
		if ((judge[i] = demo_id(judges[i])) == 0)
			return (0);
	comp_defaults(&e);
	e.name_zh = "2026 十大金牌导购大师评选";
	e.name_en = "Top Ten Gold Sales Guide Masters 2026";
	e.opens = "2026-10-08";
	e.closes = "2026-11-08";
	comp_guide_defaults(&e, &g);
	g.new_days = 0;		/* the demo's people are all new today */
	g.burst = 3;
	if (db_comp_create(&e, staff, now - 40 * 86400, &comp) != DB_OK ||
	    db_comp_guide_set(comp, &e, &g, staff, now - 40 * 86400, &v) !=
	    DB_OK || v != GV_OK ||
	    db_category_add(comp, "导购", "Sales guides", staff,
	    now - 40 * 86400, &cat, &cv) != DB_OK || cv != COMPV_OK)
		return (-1);
	for (i = 0; i < 3; i++)
		if (db_judge_add(comp, cat, judge[i], staff, now - 40 * 86400,
		    &cv) != DB_OK || cv != COMPV_OK)
			return (-1);
	for (i = 0; i < 11; i++) {
		if (db_user_by_account(people[sizeof(people) /
		    sizeof(people[0]) - 15 + i].account, &u, pw,
		    sizeof(pw)) != DB_OK ||
		    db_guide_nominate(comp, shops[i], u.name, u.id,
		    evidence[i % 3], 0, 1, staff, now - (35 - i) * 86400,
		    &nominee[i], &v) != DB_OK || v != GV_OK)
			return (-1);
	}
	if (db_guide_open(comp, staff, now - 20 * 86400, &v) != DB_OK ||
	    v != GV_OK)
		return (-1);
	/* The panel: marks 6.0 to 9.4, by nominee, judge and criterion. */
	for (i = 0; i < 11; i++)
		for (k = 0; k < 3; k++) {
			for (c = 0; c < e.ncrit; c++)
				marks[c] = 60 + (i * 37 + k * 11 + c * 5 +
				    (i < 3 ? 20 : 0)) % 35;
			if (db_guide_sheet_save(nominee[i], judge[k], marks,
			    e.ncrit, 1,
			    now - (19 - k) * 86400, &v) != DB_OK || v != GV_OK)
				return (-1);
		}
	/* Five days of votes, one a phone a day; on the last, a burst of
	 * three from one range within a minute. */
	for (d = 0; d < 5; d++)
		for (k = 0; k < 12; k++) {
			if ((k + d) % 3 == 0)
				continue;
			if (db_user_by_account(voters[k], &u, pw,
			    sizeof(pw)) != DB_OK)
				return (-1);
			at = now - (15 - d) * 86400 + k * 1800;
			(void)snprintf(net, sizeof(net), "113.108.%d.0/24",
			    20 + k);
			if (d == 4 && k < 4) {
				at = now - 11 * 86400 + 7200 + k * 20;
				(void)snprintf(net, sizeof(net),
				    "183.6.40.0/24");
			}
			if (db_guide_vote(comp, nominee[(k * 7 + d * 3 +
			    (k % 4 == 0 ? 0 : 5)) % 11], &u, net, at, &vote,
			    &v) != DB_OK || v != GV_OK)
				return (-1);
			if (d == 4 && k == 1)
				first_burst = vote;
		}
	if (db_guide_void(first_burst, "同一网段一分钟内集中投票，经核实为代投",
	    staff, now - 10 * 86400, &comp, &v) != DB_OK || v != GV_OK ||
	    db_guide_complaint(comp, nominee[1], 1, "店铺出售的翡翠手镯未如实"
	    "告知经过充胶处理，经市场监管所查实", staff, now - 9 * 86400,
	    &vote, &v) != DB_OK || v != GV_OK ||
	    db_guide_complaint(comp, nominee[6], 0, "向游客夸大和田玉产地，经"
	    "调解查实", staff, now - 9 * 86400, &vote, &v) != DB_OK ||
	    v != GV_OK ||
	    db_guide_lock(comp, staff, now - 8 * 86400, &k, &v) != DB_OK ||
	    v != GV_OK)
		return (-1);
	is->by = staff;
	is->now = now - 7 * 86400;
	seat_today((time_t)is->now, today);
	is->today = today;
	memset(&rep, 0, sizeof(rep));
	if (db_guide_publish(comp, CLANG_BOTH, is, &rep, &v) != DB_OK ||
	    v != GV_OK || rep.cert != CV_OK)
		goto out;
	if ((certs = calloc(1, sizeof(*certs))) == NULL ||
	    db_certs_page(INT64_MAX, 64, demo_guide_cert, &certs) != DB_OK)
		goto out;
	for (i = 0; certs[i].id != 0; i++) {
		if (!certfile_render(root, &certs[i], err, sizeof(err))) {
			fprintf(stderr, "certificate %s: %s\n",
			    certs[i].serial, err);
			goto out;
		}
		certfile_account(root, &certs[i]);
	}
	if (rep.batch != 0 && db_batch_progress(rep.batch,
	    rep.awards - rep.unverified, 0, 1, now) != DB_OK)
		goto out;
	n = rep.awards - rep.unverified;
out:
	is->today = saved_today;
	is->now = now;
	free(certs);
	return (n);
}
