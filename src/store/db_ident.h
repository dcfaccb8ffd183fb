/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_ident.h: the interface of db_ident.c, part of the store's.
 * Included by db.h, after the types it needs; never on its own.
 */
#ifndef YJ_DB_IDENT_H
#define YJ_DB_IDENT_H

/*
 * 身份 identity (db_ident.c): one-time codes that prove a phone or an
 * email is the person's, the outbox every message to people goes
 * through, and the sessions a person can see and end.
 */
#define CODE_TTL	600	/* a one-time code is good for 10 minutes */
#define CODE_TRIES	5	/* and for this many wrong guesses */
#define UNVERIFIED_TTL	(30 * 86400)	/* then an unverified account goes */

enum code_purpose {
	CODE_VERIFY,		/* the account's own phone or email */
	CODE_RESET,		/* a forgotten password */
	CODE_CHANGE,		/* a new phone or email, sent to the new one */
	CODE_CLAIM,		/* a number someone else registered */
	CODE__COUNT,
};

enum code_verdict {
	CODEV_OK,
	CODEV_NONE,		/* no live code: never sent, used, superseded */
	CODEV_WRONG,		/* not the code; one try used up */
	CODEV_SPENT,		/* CODE_TRIES wrong guesses: ask for another */
	CODEV_EXPIRED,		/* older than CODE_TTL */
};

enum outbox_state {
	OUTBOX_QUEUED,
	OUTBOX_SENDING,		/* handed to an adapter (a lease: see claim) */
	OUTBOX_SENT,
	OUTBOX_DEAD,		/* retries used up: staff may send it again */
	OUTBOX__COUNT,
};

/* One message of the outbox. */
struct outbox_msg {
	int64_t		 id;
	int64_t		 user;		/* 0: none */
	char		 channel[8];	/* "email" or "sms" */
	char		 address[ACCOUNT_MAX + 1];
	char		 subject[200 * 4 + 1];
	char		 body[2000 * 4 + 1];
	enum outbox_state state;
	int		 tries;
	int64_t		 next_at;
	char		 error[256];
	int64_t		 created;
	int64_t		 sent;
};

/* Messages allowed per 24 hours: to one phone number, to one email
 * address, and in all (SMS costs money and can be abused). */
struct outbox_caps {
	int		 per_number;
	int		 per_address;
	int		 per_day;
	int		 per_person;	/* to one account, whatever address */
};

/* One of a person's live sessions. */
struct session_row {
	int64_t		 id;
	int64_t		 created;
	int64_t		 expires;
	char		 addr[64];
	char		 agent[201];
	int		 current;	/* the one asking */
};

const char	*code_purpose_code(enum code_purpose);
const char	*outbox_state_code(enum outbox_state);
int		 outbox_state_parse(const char *, enum outbox_state *);
void		 db_outbox_caps(const struct outbox_caps *);
void		 db_outbox_get_caps(struct outbox_caps *);

/* Queue one message to user `user` (0 if none) on `channel` ("email" or
 * "sms") to address `to`. Returns DB_OK, DB_CONFLICT when a cap refuses
 * it, DB_ERROR (a bad channel, an empty or too long text). */
enum db_result	 db_outbox_add(int64_t user, const char *channel,
		    const char *to, const char *subject, const char *body);
enum db_result	 db_outbox_claim(int64_t, int64_t, struct outbox_msg *,
		    size_t, size_t *);
enum db_result	 db_outbox_done(int64_t, int, int, const char *, int64_t,
		    int64_t, int, enum outbox_state *);
enum db_result	 db_outbox_purge(int64_t);
enum db_result	 db_outbox_retry(int64_t, int64_t, int64_t);
enum db_result	 db_outbox_get(int64_t, struct outbox_msg *);
enum db_result	 db_outbox_list(const char *, int64_t, int,
		    int (*)(const struct outbox_msg *, void *), void *);
enum db_result	 db_outbox_states(int64_t [OUTBOX__COUNT]);

enum db_result	 db_code_send(int64_t, enum code_purpose, const char *,
		    const char *, const char *, const char *, const char *,
		    int64_t);
enum db_result	 db_code_check(int64_t, enum code_purpose, const char *,
		    int64_t, int64_t *, char *, size_t, enum code_verdict *);
enum db_result	 db_user_verify(int64_t, int64_t, int64_t,
		    enum code_verdict *);
enum db_result	 db_account_change(int64_t, int64_t, const char *, int64_t,
		    enum code_verdict *);
enum db_result	 db_password_reset(int64_t, int64_t, const char *, int64_t,
		    enum code_verdict *);
enum db_result	 db_account_claim(int64_t, int64_t, const struct user_new *,
		    int64_t, int64_t *, enum code_verdict *);
enum db_result	 db_password_change(int64_t, const char *, const char *,
		    int64_t);
enum db_result	 db_sessions_of(int64_t, const char *, int64_t,
		    int (*)(const struct session_row *, void *), void *);
enum db_result	 db_sessions_end_others(int64_t, const char *, int64_t,
		    int *);
enum db_result	 db_unverified_purge(int64_t, int64_t, int *);
enum db_result	 db_user_is_verified(int64_t, int *);

#endif
