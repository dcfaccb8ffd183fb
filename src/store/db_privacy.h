/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_privacy.h: the interface of db_privacy.c, part of the store's.
 * Included by db.h, after the types it needs; never on its own.
 */
#ifndef YJ_DB_PRIVACY_H
#define YJ_DB_PRIVACY_H

/* 实名核验 and PIPL (db_privacy.c). */
#define PRIVACY_VERSION	1	/* assets/privacy/privacy-v1.{zh,en}.md */

enum consent_kind {
	CONSENT_NOTICE,		/* the privacy notice, at registration */
	CONSENT_IDENTITY,	/* sensitive: the identity document */
	CONSENT_GUARDIAN,	/* a guardian's, for a child under 14 */
	CONSENT__COUNT
};

/* A person's identity check, as staff and the person see it. */
struct idcheck {
	enum doc_type	 doc_type;
	char		 last4[REALNAME_LAST + 1];
	char		 name[NAME_MAX_CHARS * 4 + 1];	/* the verified name */
	int64_t		 checked_by;
	char		 checker[NAME_MAX_CHARS * 4 + 1];
	int64_t		 checked;
	int64_t		 renamed;	/* the name's last change, or 0 */
};

/* What staff record at the station (the number itself is never here). */
struct idcheck_new {
	int64_t		 user;
	enum doc_type	 doc_type;
	const char	*last4;
	const char	*hash;		/* realname_hash() */
	const char	*name;		/* validated by identity_name() */
	const char	*birth_date;	/* YYYY-MM-DD, or NULL: unchanged */
	int64_t		 by;
	int64_t		 now;
};

enum idcheck_verdict {
	IDV_OK,
	IDV_TWICE,		/* checked already: change the name instead */
	IDV_ELSEWHERE,		/* the document is another account's */
};

struct consent_row {
	enum consent_kind kind;
	int		 version;
	char		 detail[401 * 4];
	int64_t		 recorded_by;	/* staff, or 0: the person */
	char		 recorder[NAME_MAX_CHARS * 4 + 1];
	int64_t		 at;
};

struct privacy_facts {
	char		 birth_date[11];	/* "" when not known */
	int		 guardian;	/* a guardian's consent is recorded */
	int		 checked;	/* the identity is checked */
	int64_t		 deleted;
};

/* What an account's deletion leaves for the caller to do on disk. */
struct deletion {
	int64_t		*photos;	/* their files go */
	size_t		 nphotos;
	int64_t		*entry_photos;	/* entry * 16 + pos: the entries' */
	size_t		 nentry_photos;	/* own copies go too (datafile.h) */
	int64_t		*batches;	/* ZIPs to rebuild (revoked ones) */
	size_t		 nbatches;
	int		 revoked;
};

const char	*consent_kind_code(enum consent_kind);
enum db_result	 db_user_register(const struct user_new *, int, const char *,
		    int64_t *);
enum db_result	 db_idcheck_get(int64_t, struct idcheck *);
enum db_result	 db_idcheck_record(const struct idcheck_new *,
		    enum idcheck_verdict *, struct user *);
enum db_result	 db_idcheck_rename(int64_t, const char *, const char *,
		    int64_t, int64_t);
enum db_result	 db_consent_add(int64_t, enum consent_kind, int,
		    const char *, int64_t, int64_t);
enum db_result	 db_consents(int64_t,
		    int (*)(const struct consent_row *, void *), void *);
enum db_result	 db_privacy_facts(int64_t, struct privacy_facts *);
enum db_result	 db_run_unverified(int64_t,
		    int (*)(int64_t, const char *, void *), void *);
enum db_result	 db_account_delete(int64_t, const char *, int,
		    const char *, int64_t, struct deletion *);
void		 deletion_free(struct deletion *);

#endif
