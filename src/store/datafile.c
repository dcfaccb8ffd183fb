/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * datafile.c: files in the data directory (see datafile.h). Used by the
 * server's workers and task threads, and by the admin tool's demo.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gd.h>
#include <sodium.h>

#include "datafile.h"

const char *const photo_sizes[PHOTO_SIZES] = { "full", "phone", "thumb" };

/* The folders the workers write into (made by the parent, or the admin
 * tool, before anything runs), 0700: personal data is for the server's
 * user alone. 0 with err set when one cannot be made. */
int
data_dirs(const char *root, char *err, size_t errsz)
{
	static const char *const dirs[] = {
		CERT_DIR, "uploads", PHOTO_DIR, ENTRY_PHOTO_DIR,
		GUIDE_PHOTO_DIR,
	};
	char	 path[1024];
	size_t	 i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", root, dirs[i]);
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			(void)snprintf(err, errsz, "%s: %s", path,
			    strerror(errno));
			return (0);
		}
	}
	return (1);
}

/*
 * Write len bytes to path whole: a temporary file of this thread renamed
 * into place, 0600. 0 (errno set) on failure, with nothing left behind.
 */
int
datafile_save(const char *path, const void *data, size_t len)
{
	char	 tmp[1100];
	int	 fd, ok, saved;

	(void)snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)gettid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
	    0600)) == -1)
		return (0);
	ok = write(fd, data, len) == (ssize_t)len;
	if (close(fd) == -1 || !ok || rename(tmp, path) == -1) {
		saved = errno;
		(void)unlink(tmp);
		errno = ok ? saved : EIO;
		return (0);
	}
	return (1);
}

/*
 * The whole file at path, at most max bytes, in a new buffer (free())
 * of *len bytes. NULL with errno set when it cannot be read, EFBIG when
 * it is longer than max.
 */
void *
datafile_load(const char *path, size_t max, size_t *len)
{
	struct stat	 sb;
	char		*data;
	ssize_t		 n = 0;
	int		 fd, saved;

	*len = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1)
		return (NULL);
	if (fstat(fd, &sb) == -1) {
		saved = errno;
		(void)close(fd);
		errno = saved;
		return (NULL);
	}
	if (!S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
		(void)close(fd);
		errno = S_ISREG(sb.st_mode) ? EFBIG : EINVAL;
		return (NULL);
	}
	if ((data = malloc((size_t)sb.st_size + 1)) == NULL) {
		(void)close(fd);
		errno = ENOMEM;
		return (NULL);
	}
	while (*len < (size_t)sb.st_size && (n = read(fd, data + *len,
	    (size_t)sb.st_size - *len)) > 0)
		*len += (size_t)n;
	saved = errno;
	(void)close(fd);
	if (*len != (size_t)sb.st_size) {
		free(data);
		*len = 0;
		errno = n == 0 ? EIO : saved;
		return (NULL);
	}
	return (data);
}

/* root/uploads/photos/<id>-<size>.jpg */
void
datafile_photo(const char *root, int64_t id, int size, char *out, size_t outsz)
{
	(void)snprintf(out, outsz, "%s/" PHOTO_DIR "/%lld-%s.jpg", root,
	    (long long)id, photo_sizes[size]);
}

/* The three JPEGs of photo id; all or none (0, errno set). */
int
datafile_photo_save(const char *root, int64_t id, const struct photo_out *o)
{
	const void	*data[PHOTO_SIZES] = { o->full, o->phone, o->thumb };
	const int	 len[PHOTO_SIZES] = {
		o->full_size, o->phone_size, o->thumb_size,
	};
	char		 path[1024];
	int		 i, saved;

	for (i = 0; i < PHOTO_SIZES; i++) {
		datafile_photo(root, id, i, path, sizeof(path));
		if (!datafile_save(path, data[i], (size_t)len[i])) {
			saved = errno;
			datafile_photo_remove(root, id);
			errno = saved;
			return (0);
		}
	}
	return (1);
}

void
datafile_photo_remove(const char *root, int64_t id)
{
	char	 path[1024];
	int	 i;

	for (i = 0; i < PHOTO_SIZES; i++) {
		datafile_photo(root, id, i, path, sizeof(path));
		(void)unlink(path);
	}
}

/* root/uploads/guides/<nominee>.jpg: the photo a nomination came with. */
void
datafile_guide_photo(const char *root, int64_t nominee, char *out, size_t outsz)
{
	(void)snprintf(out, outsz, "%s/" GUIDE_PHOTO_DIR "/%lld.jpg", root,
	    (long long)nominee);
}

/* root/uploads/entries/<entry>-<pos>.jpg: an entry's pos-th photo (1..). */
void
datafile_entry_photo(const char *root, int64_t entry, int pos, char *out,
    size_t outsz)
{
	(void)snprintf(out, outsz, "%s/" ENTRY_PHOTO_DIR "/%lld-%d.jpg", root,
	    (long long)entry, pos);
}

/*
 * Write (or write again) entry's pos-th photo: its own copy of photo's
 * phone size, made by photo_copy() with a trim drawn at random, so that
 * its bytes match no photo anyone can fetch under /photos/ — a judge who
 * hashes it finds no work, and so no name (blind judging; entrant.c).
 * CPU work: the server calls it on a task thread, the admin tool's demo
 * directly. 1 when written; 0 with errno set (EINVAL when the stored
 * photo does not decode), with nothing left behind.
 */
int
datafile_entry_photo_make(const char *root, int64_t entry, int pos, int64_t photo)
{
	struct photo_trim	 t;
	char			 path[1024];
	void			*data, *jpeg;
	size_t			 len;
	int			 size, ok, saved;

	datafile_photo(root, photo, 1 /* phone */, path, sizeof(path));
	if ((data = datafile_load(path, PHOTO_MAX_BYTES, &len)) == NULL)
		return (0);
	t.left = 1 + (int)randombytes_uniform(PHOTO_COPY_TRIM);
	t.top = 1 + (int)randombytes_uniform(PHOTO_COPY_TRIM);
	t.right = 1 + (int)randombytes_uniform(PHOTO_COPY_TRIM);
	t.bottom = 1 + (int)randombytes_uniform(PHOTO_COPY_TRIM);
	if (photo_copy(data, len, &t, &jpeg, &size) != PHOTO_OK) {
		free(data);
		errno = EINVAL;
		return (0);
	}
	free(data);
	datafile_entry_photo(root, entry, pos, path, sizeof(path));
	ok = datafile_save(path, jpeg, (size_t)size);
	saved = errno;
	gdFree(jpeg);
	errno = saved;
	return (ok);
}
