/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_heritage.h: the interface of db_heritage.c, part of the store's.
 * Included by db.h, after the types it needs; never on its own.
 */
#ifndef YJ_DB_HERITAGE_H
#define YJ_DB_HERITAGE_H

/*
 * 非遗 the heritage record of a master's craft (db_heritage.c): its words
 * in zh and en, and photos of the master's signature works with captions
 * and dates. A master (or staff for them) writes a draft; staff publish
 * it or refuse it with a reason; the published version stays public
 * while a new draft waits.
 */
#define HERITAGE_TEXT_MAX	2000	/* characters, each of the four */
#define HERITAGE_CAPTION_MAX	120
#define HERITAGE_REASON_MAX	500
#define HERITAGE_PHOTOS_MAX	8

enum heritage_state {
	HERITAGE_DRAFT,
	HERITAGE_PUBLISHED,
	HERITAGE_REFUSED,
};

struct heritage_text {
	const char	*techniques_zh, *techniques_en;
	const char	*story_zh, *story_en;
};

struct heritage {
	int64_t		 id;
	int64_t		 master;
	enum heritage_state state;
	char		 techniques_zh[HERITAGE_TEXT_MAX * 4 + 1];
	char		 techniques_en[HERITAGE_TEXT_MAX * 4 + 1];
	char		 story_zh[HERITAGE_TEXT_MAX * 4 + 1];
	char		 story_en[HERITAGE_TEXT_MAX * 4 + 1];
	int64_t		 author;
	int64_t		 created;	/* last written */
	char		 reason[HERITAGE_REASON_MAX * 4 + 1];	/* refused */
	int64_t		 decided;
};

struct heritage_photo {
	int		 pos;		/* 1 … HERITAGE_PHOTOS_MAX */
	int64_t		 photo;		/* /photos/<id>/… */
	char		 caption_zh[HERITAGE_CAPTION_MAX * 4 + 1];
	char		 caption_en[HERITAGE_CAPTION_MAX * 4 + 1];
	char		 made[11];	/* YYYY, YYYY-MM or YYYY-MM-DD */
	int		 visible;	/* its work is public and not held */
};

enum heritage_verdict {
	HV_OK,
	HV_NO_DRAFT,		/* nothing waits for a decision */
	HV_NOT_YOURS,		/* the photo is not of the master's works */
	HV_PHOTOS_FULL,		/* HERITAGE_PHOTOS_MAX already */
	HV_NO_PHOTO,		/* no such photo in the draft */
};

enum db_result	 db_heritage_get(int64_t, enum heritage_state,
		    struct heritage *);
enum db_result	 db_heritage_photos(int64_t,
		    int (*)(const struct heritage_photo *, void *), void *);
enum db_result	 db_heritage_save(int64_t, int64_t,
		    const struct heritage_text *, int64_t);
enum db_result	 db_heritage_photo_add(int64_t, int64_t, int64_t,
		    const char *, const char *, const char *, int64_t,
		    enum heritage_verdict *);
enum db_result	 db_heritage_photo_drop(int64_t, int64_t, int, int64_t,
		    enum heritage_verdict *);
enum db_result	 db_heritage_decide(int64_t, int64_t, int, const char *,
		    int64_t, enum heritage_verdict *);
enum db_result	 db_heritage_queue(int, int (*)(int64_t, const char *,
		    int64_t, void *), void *);

#endif
