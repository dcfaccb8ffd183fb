/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * datafile.h: files the application keeps in its data directory beside
 * the database — the folders they live in, the photos of works and the
 * competition entries' own copies of them — and the one way they are
 * written: whole, through a temporary name, so a reader never sees half
 * a file.
 */
#ifndef YJ_DATAFILE_H
#define YJ_DATAFILE_H

#include <stddef.h>
#include <stdint.h>

#include "photo.h"

#define CERT_DIR	"certificates"		/* under the data directory */
#define PHOTO_DIR	"uploads/photos"
/* An entry's own copies of its photos, never served as /photos/. */
#define ENTRY_PHOTO_DIR	"uploads/entries"
/* A sales guide's nomination photo (十大金牌导购大师), for staff and judges. */
#define GUIDE_PHOTO_DIR	"uploads/guides"

#define PHOTO_SIZES	3
extern const char *const photo_sizes[PHOTO_SIZES];	/* full phone thumb */

int	 data_dirs(const char *root, char *err, size_t errsz);
int	 datafile_save(const char *path, const void *, size_t);
void	*datafile_load(const char *path, size_t max, size_t *len);

void	 datafile_photo(const char *root, int64_t id, int size, char *, size_t);
int	 datafile_photo_save(const char *root, int64_t id, const struct photo_out *);
void	 datafile_photo_remove(const char *root, int64_t id);

void	 datafile_entry_photo(const char *root, int64_t entry, int pos, char *,
	    size_t);
int	 datafile_entry_photo_make(const char *root, int64_t entry, int pos,
	    int64_t photo);

void	 datafile_guide_photo(const char *root, int64_t nominee, char *, size_t);

#endif
