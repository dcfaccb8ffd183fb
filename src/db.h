/*
 * db.h: the store. db.c is the only file with SQL; everything else calls
 * these typed wrappers. One connection per process (per Kore worker, or
 * the admin tool), opened with db_open() and prepared with db_prepare().
 */
#ifndef YJ_DB_H
#define YJ_DB_H

#include <stdint.h>

#include "identity.h"

#define DB_FILE		"yujiang.db"

enum db_result {
	DB_OK,
	DB_NOTFOUND,
	DB_CONFLICT,	/* a UNIQUE, CHECK or FOREIGN KEY constraint */
	DB_BUSY,	/* locked past busy_timeout: answer 503, retry later */
	DB_ERROR,
};

struct user {
	int64_t		id;
	char		name[NAME_MAX_CHARS * 4 + 1];
	char		account[ACCOUNT_MAX + 1];
	enum role	role;
	enum track	track;
	enum stage	stage;
	int64_t		created;
};

struct user_new {
	const char	*name;		/* validated by identity_name() */
	const char	*account;	/* normalised by identity_account() */
	const char	*pwhash;	/* secret_password_hash() output */
	enum role	 role;
	enum track	 track;
	int64_t		 actor;		/* who creates it; 0 = self / system */
};

void		 db_set_logger(void (*)(const char *));
int		 db_open(const char *);
int		 db_migrate(void);
int		 db_schema_version(void);
int		 db_schema_latest(void);
int		 db_prepare(void);
const char	*db_prepare_failed(void);
void		 db_close(void);
int		 db_backup(const char *);

enum db_result	 db_ping(void);
enum db_result	 db_user_create(const struct user_new *, int64_t *);
enum db_result	 db_user_by_id(int64_t, struct user *);
enum db_result	 db_user_by_account(const char *, struct user *,
		    char *, size_t);
enum db_result	 db_user_count(int64_t *);
enum db_result	 db_users_recent(int, int (*)(const struct user *, void *),
		    void *);
enum db_result	 db_session_create(const char *, int64_t, int64_t, int64_t);
enum db_result	 db_session_user(const char *, int64_t, struct user *);
enum db_result	 db_session_delete(const char *, int64_t);
enum db_result	 db_session_purge(int64_t);
enum db_result	 db_login_failure(const char *, const char *, int64_t);
enum db_result	 db_login_attempt(const char *, const char *, int64_t, int64_t,
		    int *);
enum db_result	 db_login_failures(const char *, const char *, int64_t,
		    int64_t *, int64_t *);
enum db_result	 db_audit(int64_t, const char *, const char *, const char *,
		    int64_t);
enum db_result	 db_audit_count(const char *, int64_t *);

#endif
