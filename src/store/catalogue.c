/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * catalogue.c: load the course files of a directory into the store. Each
 * file is parsed on its own (coursefile.c); then the set is checked as a
 * whole — a code used by two files, a prerequisite that names no course,
 * prerequisites that go round in a circle — and only files that pass
 * everything are loaded, together, in one transaction. A refused file is
 * reported (file, line, reason) and its course keeps whatever version the
 * store had: nothing is ever half-loaded.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "coursefile.h"
#include "db.h"

#define MAX_FILES	512

struct entry {
	char		 file[256];
	struct course	 c;
	int		 ok;		/* parsed and not refused (yet) */
	int		 cycle;		/* in a prerequisite circle */
};

/* Refuse a parsed file: report it and drop its course. */
static void
refuse(struct entry *e, int line, const char *why, catalogue_report report,
    void *arg)
{
	report(e->file, line, why, arg);
	e->ok = 0;
	e->cycle = 0;
	course_free(&e->c);
}

static int
by_name(const void *a, const void *b)
{
	return (strcmp(((const struct entry *)a)->file,
	    ((const struct entry *)b)->file));
}

static int
read_file(const char *path, char **out, size_t *len)
{
	struct stat	 st;
	ssize_t		 n;
	size_t		 off = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	if (fstat(fd, &st) == -1 || st.st_size > COURSE_BODY_MAX + 8192 ||
	    (*out = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		errno = EFBIG;
		return (0);
	}
	while (off < (size_t)st.st_size &&
	    (n = read(fd, *out + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	(*out)[off] = '\0';
	*len = off;
	return (1);
}

static int
find(struct entry *e, size_t n, const char *code)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (e[i].ok && strcmp(e[i].c.code, code) == 0)
			return ((int)i);
	}
	return (-1);
}

/*
 * The prerequisites of code as they will be after this sync: the file's
 * when it is in the set being loaded, else what the store has.
 */
static int
prereqs_of(struct entry *e, size_t n, const char *code,
    char out[COURSE_PREREQ_MAX][COURSE_CODE_LEN])
{
	struct prereq	 p[COURSE_PREREQ_MAX];
	int		 i, j, np;

	if ((i = find(e, n, code)) >= 0) {
		for (j = 0; j < e[i].c.nprereqs; j++)
			memcpy(out[j], e[i].c.prereqs[j], COURSE_CODE_LEN);
		return (e[i].c.nprereqs);
	}
	if (db_course_prereqs(code, 0, p, &np) != DB_OK)
		return (0);
	for (j = 0; j < np; j++)
		memcpy(out[j], p[j].code, COURSE_CODE_LEN);
	return (np);
}

#define MAX_SEEN	1024

struct walk {
	char	 seen[MAX_SEEN][COURSE_CODE_LEN];
	int	 nseen;
};

/*
 * 1 when following prerequisites from code comes back to start — through
 * the files of this sync and through courses already in the store (a
 * file removed from the directory keeps its course and its links). Each
 * course is walked once, so a course that merely depends on someone
 * else's circle is not itself said to be in one.
 */
static int
cycles(struct entry *e, size_t n, const char *start, const char *code,
    struct walk *w)
{
	char	 pre[COURSE_PREREQ_MAX][COURSE_CODE_LEN];
	int	 k, i, np;

	np = prereqs_of(e, n, code, pre);
	for (k = 0; k < np; k++) {
		if (strcmp(pre[k], start) == 0)
			return (1);
		for (i = 0; i < w->nseen; i++) {
			if (strcmp(w->seen[i], pre[k]) == 0)
				break;
		}
		if (i < w->nseen)
			continue;
		if (w->nseen == MAX_SEEN)
			return (1);	/* a ladder this deep is refused */
		memcpy(w->seen[w->nseen++], pre[k], COURSE_CODE_LEN);
		if (cycles(e, n, start, pre[k], w))
			return (1);
	}
	return (0);
}

/*
 * Sync dir into the store. report(file, line, reason, arg) is called for
 * each refused file; *loaded gets the number of courses loaded. Returns
 * the number of refused files, or -1 when the directory cannot be read
 * or the store fails.
 */
int
catalogue_sync(const char *dir, catalogue_report report, void *arg,
    int *loaded)
{
	struct entry		*e;
	struct course		*set;
	const char		**files;
	struct course_error	 err;
	struct dirent		*d;
	DIR			*dp;
	struct walk		 w;
	char			 path[1024], *text;
	size_t			 n = 0, i, len, good = 0;
	int			 k, j, bad = 0, changed;

	*loaded = 0;
	if ((dp = opendir(dir)) == NULL)
		return (-1);
	if ((e = calloc(MAX_FILES, sizeof(*e))) == NULL)
		abort();
	while ((d = readdir(dp)) != NULL) {
		len = strlen(d->d_name);
		if (len < 4 || strcmp(d->d_name + len - 3, ".md") != 0 ||
		    d->d_name[0] == '.')
			continue;
		if (len >= sizeof(e[0].file) || n == MAX_FILES) {
			report(d->d_name, 0, n == MAX_FILES ? "more than 512 "
			    "course files: this one is not read" : "the file "
			    "name is too long", arg);
			bad++;
			continue;
		}
		memcpy(e[n].file, d->d_name, len + 1);
		n++;
	}
	closedir(dp);
	qsort(e, n, sizeof(*e), by_name);

	for (i = 0; i < n; i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", dir, e[i].file);
		if (!read_file(path, &text, &len)) {
			report(e[i].file, 0, strerror(errno), arg);
			bad++;
			continue;
		}
		if (!coursefile_parse(text, len, &e[i].c, &err)) {
			report(e[i].file, err.line, err.msg, arg);
			bad++;
		} else if (find(e, i, e[i].c.code) >= 0) {
			report(e[i].file, e[i].c.code_line, "code is already "
			    "used by another file", arg);
			course_free(&e[i].c);
			bad++;
		} else
			e[i].ok = 1;
		free(text);
	}

	/*
	 * Prerequisites must name a course of this set or one already in the
	 * store, and must not go round in a circle. Refusing one file can
	 * orphan another, so both checks repeat until nothing changes.
	 */
	do {
		changed = 0;
		for (i = 0; i < n; i++) {
			if (!e[i].ok)
				continue;
			for (k = 0; k < e[i].c.nprereqs; k++) {
				if (find(e, n, e[i].c.prereqs[k]) >= 0 ||
				    db_course_exists(e[i].c.prereqs[k]) ==
				    DB_OK)
					continue;
				(void)snprintf(path, sizeof(path),
				    "prerequisites: no course %s",
				    e[i].c.prereqs[k]);
				refuse(&e[i], e[i].c.prereq_line, path,
				    report, arg);
				bad++;
				changed = 1;
				break;
			}
		}
		/* Every member of a circle is found before any is refused. */
		for (i = 0; i < n; i++) {
			w.nseen = 0;
			e[i].cycle = e[i].ok &&
			    cycles(e, n, e[i].c.code, e[i].c.code, &w);
		}
		for (i = 0; i < n; i++) {
			if (!e[i].cycle)
				continue;
			refuse(&e[i], e[i].c.prereq_line, "prerequisites go "
			    "round in a circle back to this course", report,
			    arg);
			bad++;
			changed = 1;
		}
	} while (changed);

	if ((set = calloc(n + 1, sizeof(*set))) == NULL ||
	    (files = calloc(n + 1, sizeof(*files))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		if (e[i].ok) {
			set[good] = e[i].c;
			files[good++] = e[i].file;
		}
	}
	j = 0;
	if (good > 0 && db_courses_sync(set, files, good,
	    (int64_t)time(NULL)) != DB_OK)
		j = -1;
	else
		*loaded = (int)good;
	for (i = 0; i < n; i++) {
		if (e[i].ok)
			course_free(&e[i].c);
	}
	free(set);
	free(files);
	free(e);
	return (j < 0 ? -1 : bad);
}
