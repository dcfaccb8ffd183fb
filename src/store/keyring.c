/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * keyring.c: the station's signing keys over time (see keyring.h).
 *
 * The state is a text file rather than a table: the keys must be read by
 * the signing process, chrooted into keys/ with no database, and by the
 * admin tool on a machine that has only a copy of keys/. Every line is
 * checked against its key file when read (the kid is recomputed), so a
 * state that names the wrong file stops the server instead of publishing
 * a key that signs nothing.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "keyring.h"

enum state_read {
	STATE_OK,
	STATE_ABSENT,
	STATE_BAD,
};

static void	set_err(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

void
keyring_time(int64_t t, char out[KEY_TIME_LEN + 1])
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	gmtime_r(&tt, &tm);
	(void)strftime(out, KEY_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* 1 when s is a time as keyring_time() writes it. */
static int
time_valid(const char *s)
{
	static const char	 shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t			 i;

	if (strlen(s) != KEY_TIME_LEN)
		return (0);
	for (i = 0; i < KEY_TIME_LEN; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != shape[i])
			return (0);
	}
	return (1);
}

/* A key file's name: letters, digits, '-' and '.', ending ".key", no
 * slash (the state can name nothing outside keys/). */
static int
file_valid(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n < 5 || n >= KEY_FILE_LEN || s[0] == '.' ||
	    strcmp(s + n - 4, ".key") != 0)
		return (0);
	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '.'))
			return (0);
	}
	return (1);
}

static int
kid_valid(const char *s)
{
	return (strlen(s) == KID_HEX &&
	    strspn(s, "0123456789abcdef") == KID_HEX);
}

const struct keyring_key *
keyring_find(const struct keyring *r, const char *kid)
{
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->key[i].pub.kid, kid) == 0)
			return (&r->key[i]);
	}
	return (NULL);
}

/* Read dir/state's lines into r (kid, file, times; keys not opened). */
static enum state_read
state_read(const char *dir, struct keyring *r, char *err, size_t errsz)
{
	char		 path[PATH_MAX], line[256], kid[KID_HEX + 2];
	char		 file[KEY_FILE_LEN + 1], created[KEY_TIME_LEN + 2];
	char		 retired[KEY_TIME_LEN + 2], extra[2];
	struct keyring_key *k;
	FILE		*f;
	int		 lineno = 0, fd, active = 0;

	(void)snprintf(path, sizeof(path), "%s/" KEYS_STATE, dir);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		set_err(err, errsz, "%s: %s", path, strerror(errno));
		return (errno == ENOENT ? STATE_ABSENT : STATE_BAD);
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		set_err(err, errsz, "%s: %s", path, strerror(errno));
		return (STATE_BAD);
	}
	memset(r, 0, sizeof(*r));
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (r->n == KEYRING_MAX ||
		    sscanf(line, "%17s %40s %21s %21s %1s", kid, file, created,
		    retired, extra) != 4 || !kid_valid(kid) ||
		    !file_valid(file) || !time_valid(created) ||
		    (strcmp(retired, "-") != 0 && !time_valid(retired))) {
			set_err(err, errsz, "%s:%d: not \"kid file created "
			    "retired|-\"", path, lineno);
			fclose(f);
			return (STATE_BAD);
		}
		k = &r->key[r->n];
		memcpy(k->pub.kid, kid, KID_HEX + 1);	/* kid_valid() */
		/* Their lengths were checked (file_valid(), time_valid()). */
		memcpy(k->file, file, strlen(file) + 1);
		memcpy(k->created, created, KEY_TIME_LEN + 1);
		if (strcmp(retired, "-") != 0)
			memcpy(k->retired, retired, KEY_TIME_LEN + 1);
		else {
			active++;
			r->active = r->n;
		}
		r->n++;
	}
	fclose(f);
	if (active != 1) {
		set_err(err, errsz, "%s: %d active keys, not one", path,
		    active);
		return (STATE_BAD);
	}
	return (STATE_OK);
}

/*
 * Write r as dir/state: whole to a temporary file (0600), then renamed
 * over the old one, so a reader sees the old state or the new one.
 */
static int
state_write(const char *dir, const struct keyring *r, char *err,
    size_t errsz)
{
	char	 path[PATH_MAX], tmp[PATH_MAX];
	FILE	*f;
	size_t	 i;
	int	 fd, ok;

	(void)snprintf(path, sizeof(path), "%s/" KEYS_STATE, dir);
	(void)snprintf(tmp, sizeof(tmp), "%s/" KEYS_STATE ".%ld.tmp", dir,
	    (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		set_err(err, errsz, "%s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		return (0);
	}
	fprintf(f, "# yujiang signing keys: kid file created retired\n");
	for (i = 0; i < r->n; i++)
		fprintf(f, "%s %s %s %s\n", r->key[i].pub.kid, r->key[i].file,
		    r->key[i].created, r->key[i].retired[0] != '\0' ?
		    r->key[i].retired : "-");
	ok = fflush(f) == 0 && fsync(fd) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (ok && rename(tmp, path) == -1)
		ok = 0;
	if (!ok) {
		set_err(err, errsz, "%s: %s", path, strerror(errno));
		(void)unlink(tmp);
	}
	return (ok);
}

/* Open one key file of dir: its public key must be the one named. */
static int
key_load(const char *dir, struct keyring_key *k, struct signer *secret,
    char *err, size_t errsz)
{
	struct signer	 s;
	char		 path[PATH_MAX];

	(void)snprintf(path, sizeof(path), "%s/%s", dir, k->file);
	if (!sign_key_open(path, 0, &s, err, errsz))
		return (0);
	if (strcmp(s.pub.kid, k->pub.kid) != 0) {
		set_err(err, errsz, "%s: holds key %s, the state says %s",
		    path, s.pub.kid, k->pub.kid);
		sign_wipe(&s);
		return (0);
	}
	k->pub = s.pub;
	if (secret != NULL)
		*secret = s;
	sign_wipe(&s);
	return (1);
}

/*
 * The keyring of a directory from before rotation: ed25519.key alone
 * (made when create), active since the file was written; the state is
 * written for it when create.
 */
static int
first_key(const char *dir, int create, struct keyring *r,
    struct signer *secrets, char *err, size_t errsz)
{
	struct signer	 s;
	struct stat	 st;
	char		 path[PATH_MAX];

	memset(r, 0, sizeof(*r));
	(void)snprintf(path, sizeof(path), "%s/" KEYS_FIRST, dir);
	if (!sign_key_open(path, create, &s, err, errsz))
		return (0);
	r->n = 1;
	r->active = 0;
	r->key[0].pub = s.pub;
	(void)snprintf(r->key[0].file, sizeof(r->key[0].file), KEYS_FIRST);
	keyring_time(stat(path, &st) == 0 ? (int64_t)st.st_mtime :
	    (int64_t)time(NULL), r->key[0].created);
	if (secrets != NULL)
		secrets[0] = s;
	sign_wipe(&s);
	return (create ? state_write(dir, r, err, errsz) : 1);
}

int
keyring_load(const char *dir, int create, struct keyring *r,
    struct signer *secrets, char *err, size_t errsz)
{
	size_t	 i;

	switch (state_read(dir, r, err, errsz)) {
	case STATE_ABSENT:
		return (first_key(dir, create, r, secrets, err, errsz));
	case STATE_BAD:
		return (0);
	case STATE_OK:
		break;
	}
	for (i = 0; i < r->n; i++) {
		if (!key_load(dir, &r->key[i], secrets != NULL ?
		    &secrets[i] : NULL, err, errsz)) {
			if (secrets != NULL)
				sodium_memzero(secrets,
				    KEYRING_MAX * sizeof(*secrets));
			return (0);
		}
	}
	return (1);
}

int
keyring_rotate(const char *dir, int64_t now, struct keyring *r, char *err,
    size_t errsz)
{
	struct signer		 s;
	struct keyring_key	*k;
	char			 tmp[PATH_MAX], path[PATH_MAX];
	int			 ok;

	if (!keyring_load(dir, 1, r, NULL, err, errsz))
		return (0);
	if (r->n == KEYRING_MAX) {
		set_err(err, errsz, "%s: %d keys already, no more", dir,
		    KEYRING_MAX);
		return (0);
	}
	/* Made under a temporary name (its kid names it), then linked to
	 * its own: an existing file is never replaced. */
	(void)snprintf(tmp, sizeof(tmp), "%s/new-%ld.key", dir,
	    (long)getpid());
	(void)unlink(tmp);
	if (!sign_key_open(tmp, 1, &s, err, errsz))
		return (0);
	k = &r->key[r->n];
	memset(k, 0, sizeof(*k));
	k->pub = s.pub;
	(void)snprintf(k->file, sizeof(k->file), "ed25519-%s.key", s.pub.kid);
	sign_wipe(&s);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, k->file);
	ok = link(tmp, path) == 0;
	if (!ok)
		set_err(err, errsz, "%s: %s", path, strerror(errno));
	(void)unlink(tmp);
	if (!ok)
		return (0);
	keyring_time(now, k->created);
	keyring_time(now, r->key[r->active].retired);
	r->active = r->n++;
	return (state_write(dir, r, err, errsz));
}
