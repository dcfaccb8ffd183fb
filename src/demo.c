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
