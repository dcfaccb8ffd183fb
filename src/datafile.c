/*
 * datafile.c: files in the data directory (see datafile.h). Used by the
 * server's workers and task threads, and by the admin tool's demo.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "datafile.h"

const char *const photo_sizes[PHOTO_SIZES] = { "full", "phone", "thumb" };

/* The folders the workers write into (made by the parent, or the admin
 * tool, before anything runs). 0 with err set when one cannot be made. */
int
data_dirs(const char *root, char *err, size_t errsz)
{
	static const char *const dirs[] = { CERT_DIR, "uploads", PHOTO_DIR };
	char	 path[1024];
	size_t	 i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", root, dirs[i]);
		if (mkdir(path, 0755) == -1 && errno != EEXIST) {
			(void)snprintf(err, errsz, "%s: %s", path,
			    strerror(errno));
			return (0);
		}
	}
	return (1);
}

/*
 * Write len bytes to path whole: a temporary file of this thread renamed
 * into place. 0 (errno set) on failure, with nothing left behind.
 */
int
file_save(const char *path, const void *data, size_t len)
{
	char	 tmp[1100];
	int	 fd, ok, saved;

	(void)snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)gettid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
	    0644)) == -1)
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

/* root/uploads/photos/<id>-<size>.jpg */
void
photo_file(const char *root, int64_t id, int size, char *out, size_t outsz)
{
	(void)snprintf(out, outsz, "%s/" PHOTO_DIR "/%lld-%s.jpg", root,
	    (long long)id, photo_sizes[size]);
}

/* The three JPEGs of photo id; all or none (0, errno set). */
int
photo_save(const char *root, int64_t id, const struct photo_out *o)
{
	const void	*data[PHOTO_SIZES] = { o->full, o->phone, o->thumb };
	const int	 len[PHOTO_SIZES] = {
		o->full_size, o->phone_size, o->thumb_size,
	};
	char		 path[1024];
	int		 i, saved;

	for (i = 0; i < PHOTO_SIZES; i++) {
		photo_file(root, id, i, path, sizeof(path));
		if (!file_save(path, data[i], (size_t)len[i])) {
			saved = errno;
			photo_remove(root, id);
			errno = saved;
			return (0);
		}
	}
	return (1);
}

void
photo_remove(const char *root, int64_t id)
{
	char	 path[1024];
	int	 i;

	for (i = 0; i < PHOTO_SIZES; i++) {
		photo_file(root, id, i, path, sizeof(path));
		(void)unlink(path);
	}
}
