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
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "demo.h"
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
demo_run_missing(const struct run *r, void *arg)
{
	(void)r;
	*(int *)arg = 1;
	return (0);
}

static int
demo_course_run(const struct course *c, void *arg)
{
	struct demo_runs	*dr = arg;
	struct run_edit		 e;
	char			 starts[11], ends[11];
	time_t			 now = time(NULL);
	int64_t			 id;
	int			 has = 0;

	if (db_runs_of_course(c->code, demo_run_missing, &has) != DB_OK) {
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
	if (db_course_list(&f, demo_course_run, &dr) != DB_OK || dr.failed)
		return (-1);
	return (dr.made);
}
