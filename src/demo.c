/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * demo.c: the steps that load the demo data set (demo_data.c) for
 * `make run` and `yujiang-admin demo`, stage by stage, through the same
 * store calls as the server. Passwords are random, made here, and
 * written (mode 0600) to the file given, which `make run` prints; they
 * are never fixed in the source.
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
#include "demo_int.h"
#include "photo.h"
#include "secret.h"

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
	for (i = 0; i < demo_npeople; i++) {
		secret_password_new(pw, sizeof(pw));
		if (!secret_password_hash(pw, hash)) {
			fclose(f);
			return (-1);
		}
		n.name = demo_people[i].name;
		n.account = demo_people[i].account;
		n.pwhash = hash;
		n.role = demo_people[i].role;
		n.track = demo_people[i].track;
		n.actor = 0;
		r = db_user_create(&n, &id);
		if (r == DB_CONFLICT)
			continue;	/* already there */
		if (r != DB_OK) {
			fclose(f);
			return (-1);
		}
		fprintf(f, "%-10s  %-26s  %-12s  %s  (%s)\n",
		    role_code(demo_people[i].role), demo_people[i].account, pw,
		    demo_people[i].name, demo_people[i].note);
		made++;
	}
	secret_wipe(pw, sizeof(pw));
	if (fclose(f) != 0)
		return (-1);
	return (made);
}

/* The id of the person with this account, or 0. */
int64_t
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

/* The cast's ids, by enum demo_who; 0 when one is missing (not the
 * demo's database). */
int
demo_cast_ids(int64_t id[W__COUNT])
{
	int	 i;

	for (i = 0; i < W__COUNT; i++)
		if ((id[i] = demo_id(demo_cast[i])) == 0)
			return (0);
	return (1);
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
	char			 today[11];

	memset(&dr, 0, sizeof(dr));
	dr.carver_master = demo_id(demo_cast[W_WANG]);
	dr.designer_master = demo_id(demo_cast[W_LI]);
	dr.staff = demo_id(demo_cast[W_STAFF]);
	memset(&f, 0, sizeof(f));
	seat_today(time(NULL), today);
	f.today = today;
	if (db_course_list(&f, demo_course_run_cb, &dr) != DB_OK || dr.failed)
		return (-1);
	return (dr.made);
}

/* A mentorship from ask to answer (and end), at the times given. */
int
demo_mentor(int64_t apprentice, int64_t master, int64_t asked,
    int64_t ended, const char *why)
{
	struct user		 m;
	enum train_verdict	 v;
	int64_t			 id;

	if (db_mentor_request(apprentice, master, "想跟师傅学艺。", asked,
	    &id, &v) != DB_OK || v != TV_OK ||
	    db_mentor_decide(id, master, 1, asked + 86400, &v) != DB_OK ||
	    v != TV_OK)
		return (0);
	if (ended == 0)
		return (1);
	if (db_user_by_id(master, &m) != DB_OK)
		return (0);
	return (db_mentor_end(id, &m, why, ended, &v) == DB_OK &&
	    v == TV_OK);
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
	const struct demo_mentorship	*m;
	const struct demo_level		*lv;
	const struct demo_move		*mv;
	const struct demo_log		*lg;
	struct lineage_link		*links;
	enum train_verdict		 v;
	enum move_verdict		 moved;
	size_t				 n, i, k;
	int64_t				 id[W__COUNT], log, at;
	int64_t				 now = (int64_t)time(NULL);
	char				 day[11];

	if (db_lineage_links(&links, &n) != DB_OK)
		return (0);
	free(links);
	if (n > 0)
		return (1);
	if (!demo_cast_ids(id))
		return (1);	/* not the demo cast: nothing to add */
	for (i = 0; i < DEMO_N(demo_mentorships); i++) {
		m = &demo_mentorships[i];
		if (!demo_mentor(id[m->apprentice], id[m->master],
		    now - m->asked, m->ended != 0 ? now - m->ended : 0, m->why))
			return (0);
	}
	/* Six weekly sessions in the last six weeks, logged that evening
	 * and confirmed the next day. */
	for (i = 0; i < 6; i++) {
		at = now - (int64_t)(42 - 7 * i) * DEMO_DAY;
		seat_today((time_t)at, day);
		for (k = 0; k < DEMO_N(demo_logs); k++) {
			lg = &demo_logs[k];
			if (db_log_add(id[lg->who], day, lg->minutes,
			    gate_skill_parse(lg->skill), lg->notes, at, &log,
			    &v) != DB_OK ||
			    ((int)i < lg->confirmed && db_log_decide(log,
			    id[lg->master], 1, lg->comment, at + DEMO_DAY,
			    &v) != DB_OK))
				return (0);
		}
	}
	for (i = 0; i < DEMO_N(demo_levels); i++) {
		lv = &demo_levels[i];
		if (db_level_award(id[lv->who], lv->track, lv->level, lv->basis,
		    id[W_STAFF], now - lv->ago) != DB_OK)
			return (0);
	}
	for (i = 0; i < DEMO_N(demo_moves); i++) {
		mv = &demo_moves[i];
		if (db_stage_move(id[mv->who], mv->from, mv->to, id[W_STAFF],
		    "演示数据 demo", now - mv->ago, &moved) != DB_OK)
			return (0);
	}
	return (1);
}

int
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

/* Draw each of certs (ended by id 0) into root and count its files;
 * 0 when one does not draw (said on stderr). */
int
demo_draw(const char *root, const struct cert *certs)
{
	char	 err[256];
	int	 i;

	for (i = 0; certs[i].id != 0; i++) {
		if (!certfile_render(root, &certs[i], err, sizeof(err))) {
			fprintf(stderr, "certificate %s: %s\n", certs[i].serial,
			    err);
			return (0);
		}
		certfile_account(root, &certs[i]);
	}
	return (1);
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

	for (i = 0; i < demo_npeople; i++) {
		if (demo_people[i].role == ROLE_STAFF ||
		    (id = demo_id(demo_people[i].account)) == 0)
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
		n.name = demo_people[i].name;
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
	int64_t			 cast[W__COUNT], who[3], staff, zhang, huang;
	int64_t			 run, batch, id, now = is->now;
	int			 n = 0, issued, completers, unverified;
	int			 passed, i;
	char			 today[11], day[11];
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
	if (!demo_cast_ids(cast)) {
		free(certs);
		free(events);
		return (0);	/* not the demo cast */
	}
	staff = cast[W_STAFF];
	huang = cast[W_HUANG];
	zhang = cast[W_ZHANG];
	who[0] = cast[W_LIU];
	who[1] = cast[W_HE];
	who[2] = cast[W_LIANG];
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
		    &out) != DB_OK || out.verdict != SV_ENROL)
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
	    "设计方案 78 分。", staff, now - 4 * DEMO_YEAR - 160 * DEMO_DAY) !=
	    DB_OK ||
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
	if (!demo_draw(root, certs))
		goto fail;
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
int
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
		    !datafile_photo_save(root, pid, &out))
			goto fail;
		photo_out_free(&out);
	}
	return (1);
fail:
	photo_out_free(&out);
	return (0);
}

/* Work w of the demo's tables, made `now` less its age, with its
 * comment; its id in *id. 0 on failure. */
static int
demo_work_of(const char *root, const struct demo_work *w,
    const int64_t cast[W__COUNT], int64_t now, int64_t *id)
{
	if (!demo_work(root, cast[w->who], &w->edit, w->colours, w->ncolours,
	    now - w->ago, id))
		return (0);
	return (w->comment == NULL || db_comment_add(*id, cast[w->commenter],
	    w->comment, now - w->comment_ago) == DB_OK);
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
	struct milestone	 first;
	struct cohort		 existing;
	enum incub_verdict	 v;
	int64_t			 cast[W__COUNT], staff, wang, he, cohort;
	int64_t			 id, now = (int64_t)time(NULL);
	size_t			 i;

	if (db_cohort_get(1, &existing) == DB_OK)
		return (1);
	if (!demo_cast_ids(cast))
		return (1);	/* not the demo cast */
	staff = cast[W_STAFF];
	wang = cast[W_WANG];
	he = cast[W_HE];
	for (i = 0; i < demo_npeople; i++) {
		if (demo_people[i].role == ROLE_MASTER && db_speciality_set(
		    demo_id(demo_people[i].account), demo_people[i].note, staff,
		    now) != DB_OK)
			return (0);
	}
	if (db_cohort_create("2026 秋季玉雕孵化班", "2026-09-01", "2027-02-28",
	    12, staff, now - 80 * DEMO_DAY, &cohort) != DB_OK ||
	    db_cohort_admit(cohort, he, wang, staff, now - 14 * DEMO_DAY,
	    &v) != DB_OK || v != IV_OK)
		return (0);
	first.id = 0;
	if (db_milestones(cohort, demo_first_milestone_cb, &first) != DB_OK ||
	    first.id == 0 || db_milestone_sign(first.id, he, wang,
	    "构思完整，俏色运用大胆，可以进入打样。", now - 3 * DEMO_DAY,
	    &v) != DB_OK || v != IV_OK)
		return (0);
	for (i = 0; i < DEMO_N(demo_works); i++)
		if (!demo_work_of(root, &demo_works[i], cast, now, &id))
			return (0);
	return (1);
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

/*
 * 非遗: two masters' heritage records, published — 王建平's (浮雕 and
 * 俏色, his relief 《松鹤延年》) and 黄少明's (镂空, a new public work
 * of his). After demo_incubation(). Does nothing when 王建平 has one.
 * 0 on failure.
 */
int
demo_heritage(const char *root)
{
	const struct demo_heritage	*r;
	enum heritage_verdict		 v;
	struct heritage			 h;
	int64_t				 cast[W__COUNT], id, photo, now;
	size_t				 i;

	now = (int64_t)time(NULL) - 2 * DEMO_DAY;
	if (!demo_cast_ids(cast))
		return (1);	/* not the demo cast */
	if (db_heritage_get(cast[W_WANG], HERITAGE_PUBLISHED, &h) == DB_OK)
		return (1);
	for (i = 0; i < DEMO_N(demo_heritages); i++) {
		r = &demo_heritages[i];
		if (r->work != NULL &&
		    !demo_work_of(root, r->work, cast, now, &id))
			return (0);
		/* The record, with the cover of the master's first public
		 * work, published. */
		photo = 0;
		if (db_works_of_user(cast[r->who], 0, demo_cover,
		    &photo) != DB_OK || photo == 0 ||
		    db_heritage_save(cast[r->who], cast[r->who], &r->text,
		    now) != DB_OK ||
		    db_heritage_photo_add(cast[r->who], cast[r->who], photo,
		    r->caption_zh, r->caption_en, r->made, now, &v) != DB_OK ||
		    v != HV_OK ||
		    db_heritage_decide(cast[r->who], cast[W_STAFF], 1, NULL,
		    now + 3600, &v) != DB_OK || v != HV_OK)
			return (0);
	}
	return (1);
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
	const struct demo_employer	*em;
	const struct demo_posting	*p;
	const struct demo_application	*a;
	struct employer			 e;
	struct posting_new		 n;
	enum job_verdict		 v;
	char				 code[CREDIT_CODE_LEN + 1], today[11];
	char				 closes[11];
	int64_t				 cast[W__COUNT], staff, boss, id, app;
	int64_t				 emp = 0, posting[3];
	int64_t				 now = (int64_t)time(NULL);
	size_t				 i, k;

	if (!demo_cast_ids(cast))
		return (1);	/* not the demo cast */
	staff = cast[W_STAFF];
	boss = cast[demo_employers[0].who];
	if (db_employer_of_user(boss, &e) == DB_OK)
		return (1);	/* made already */
	seat_today((time_t)now, today);
	for (i = 0; i < DEMO_N(demo_employers); i++) {
		em = &demo_employers[i];
		demo_credit(em->credit17, code);
		if (db_employer_add(cast[em->who], em->business, code,
		    now - em->ago, &id) != DB_OK)
			return (0);
		if (em->approved && (db_employer_decide(id, EMPLOYER_APPROVED,
		    NULL, staff, now - em->ago + DEMO_DAY, &v) != DB_OK ||
		    v != JOBV_OK))
			return (0);
		if (i == 0)
			emp = id;	/* the postings' */
	}
	for (i = 0; i < DEMO_N(demo_postings); i++) {
		p = &demo_postings[i];
		seat_today((time_t)(now + p->days * DEMO_DAY), closes);
		n = p->post;
		n.employer = emp;
		n.closes = closes;
		if (db_posting_create(&n, now - (18 - (int64_t)i) * DEMO_DAY,
		    &posting[i], &v) != DB_OK || v != JOBV_OK)
			return (0);
		if (p->open && (db_posting_review(posting[i], POSTING_OPEN,
		    NULL, staff, now - (17 - (int64_t)i) * DEMO_DAY,
		    &v) != DB_OK || v != JOBV_OK))
			return (0);
	}
	for (i = 0; i < DEMO_N(demo_applications); i++) {
		a = &demo_applications[i];
		if (!demo_apply(cast[a->who], posting[0], a->message,
		    a->contact, today, now - a->ago, &app))
			return (0);
		for (k = 0; k < DEMO_N(a->steps); k++)
			if (db_application_step(app, a->steps[k].state, 0, boss,
			    now - a->steps[k].ago, &v) != DB_OK ||
			    v != JOBV_OK)
				return (0);
	}
	return (1);
}
