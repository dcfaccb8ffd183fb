/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * certfile.c: draw a stored certificate and keep its PNG in the data
 * directory (see certfile.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gd.h>

#include "certfile.h"

void
certfile_path(const struct cert *c, char *out, size_t outsz)
{
	(void)snprintf(out, outsz, CERT_DIR "/%s.png", c->serial);
}

void
certfile_pdf_path(const struct cert *c, char *out, size_t outsz)
{
	(void)snprintf(out, outsz, CERT_DIR "/%s.pdf", c->serial);
}

void
certfile_face(const struct cert *c, struct cert_face *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = c->kind;
	f->lang = c->lang;
	f->holder = c->holder;
	f->title_zh = c->title_zh;
	f->title_en = c->title_en;
	f->issued = c->issued;
	f->expires = c->expires[0] != '\0' ? c->expires : NULL;
	f->serial = c->serial;
	f->qr_text = c->qr;
}

int
certfile_render(const char *root, const struct cert *c, char *err,
    size_t errsz)
{
	struct cert_face	 f;
	void			*png, *pdf;
	char			 rel[128], path[1024], fonts[1024];
	size_t			 pdfsize;
	int			 size, ok;

	certfile_face(c, &f);
	(void)snprintf(fonts, sizeof(fonts), "%s/" FONT_DIR, root);
	if (!cert_pdf(&f, fonts, &pdf, &pdfsize, err, errsz))
		return (0);
	certfile_pdf_path(c, rel, sizeof(rel));
	(void)snprintf(path, sizeof(path), "%s/%s", root, rel);
	ok = datafile_save(path, pdf, pdfsize);
	free(pdf);
	if (!ok) {
		(void)snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return (0);
	}
	if (!cert_png(&f, fonts, 1, &png, &size, err, errsz))
		return (0);
	certfile_path(c, rel, sizeof(rel));
	(void)snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (!(ok = datafile_save(path, png, (size_t)size)))
		(void)snprintf(err, errsz, "%s: %s", path, strerror(errno));
	gdFree(png);
	return (ok);
}

void
certfile_account(const char *root, const struct cert *c)
{
	struct stat	 st;
	char		 rel[128], path[1024];
	int64_t		 n = 0;

	certfile_path(c, rel, sizeof(rel));
	(void)snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (stat(path, &st) == 0)
		n += st.st_size;
	certfile_pdf_path(c, rel, sizeof(rel));
	(void)snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (stat(path, &st) == 0)
		n += st.st_size;
	(void)db_cert_file_bytes(c->id, n);
}

int
certfile_origin(char *out, size_t outsz)
{
	const char	*v = getenv("YUJIANG_PUBLIC_URL");
	size_t		 n;

	(void)snprintf(out, outsz, "%s", v != NULL && *v != '\0' ? v :
	    "http://127.0.0.1:8888");
	n = strlen(out);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
	return (claims_origin_valid(out));
}

static const struct {
	const char	*source;
	const char	*name;
} fonts[] = {
	{ "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", FONT_HEI },
	{ "/usr/share/fonts/truetype/arphic/ukai.ttc", FONT_KAI },
};

static int
copy_file(const char *from, const char *to, char *err, size_t errsz)
{
	char	 buf[65536];
	ssize_t	 n = 0;
	int	 in, out, ok = 1;

	if ((in = open(from, O_RDONLY)) == -1) {
		(void)snprintf(err, errsz, "%s: %s (make deps installs it)",
		    from, strerror(errno));
		return (0);
	}
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1) {
		(void)snprintf(err, errsz, "%s: %s", to, strerror(errno));
		close(in);
		return (0);
	}
	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, (size_t)n) == n;
	close(in);
	if (close(out) == -1 || n < 0 || !ok) {
		(void)snprintf(err, errsz, "%s: cannot copy the font", to);
		(void)unlink(to);
		return (0);
	}
	return (1);
}

int
certfile_fonts(const char *root, char *err, size_t errsz)
{
	char	 dir[1024], dst[1100];
	size_t	 i;

	(void)snprintf(dir, sizeof(dir), "%s/" FONT_DIR, root);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		(void)snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		return (0);
	}
	for (i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++) {
		(void)snprintf(dst, sizeof(dst), "%s/%s", dir, fonts[i].name);
		if (access(dst, R_OK) != 0 &&
		    !copy_file(fonts[i].source, dst, err, errsz))
			return (0);
	}
	return (1);
}
