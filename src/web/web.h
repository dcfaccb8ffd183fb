/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * web.h: the Kore side of every request. A route table (src/app.c, handed to
 * web_configure()) says
 * who may call what; web_dispatch() enforces it — method, role, CSRF —
 * and hands the handler a struct ctx with the reader's language, their
 * session and the request's fields, whether they came as a form or as
 * JSON. Handlers read top to bottom: the web_* helpers that answer an
 * error return 0 and the handler just returns KORE_RESULT_OK.
 */
#ifndef YJ_WEB_H
#define YJ_WEB_H

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/tasks.h>

#include <jansson.h>

#include "buf.h"
#include "db.h"
#include "i18n.h"
#include "page.h"
#include "secret.h"

/* Who may call a route. */
#define WHO_ANON	0x01
#define WHO_APPRENTICE	0x02
#define WHO_MASTER	0x04
#define WHO_STAFF	0x08
#define WHO_EMPLOYER	0x10	/* 就业: an employer's account (jobs/) */
#define WHO_USER	(WHO_APPRENTICE | WHO_MASTER | WHO_STAFF | WHO_EMPLOYER)
/* The people of training and certification, not employers: an employer
 * sees a person's certificates only as that person shows them (jobs/). */
#define WHO_MEMBER	(WHO_APPRENTICE | WHO_MASTER | WHO_STAFF)
#define WHO_ANY		(WHO_ANON | WHO_USER)

/* Route flags. */
#define R_JSON		0x01	/* answers JSON; POST bodies are JSON */
#define R_ANON_ONLY	0x02	/* logged-in readers are sent to /me */
#define R_NO_SESSION	0x04	/* static or probe: no session lookup */
#define R_DIRECT	0x08	/* own Kore handler, not web_dispatch() */
#define R_CATCH_ALL	0x10	/* every method, no CSRF: changes nothing */
#define R_UPLOAD	0x20	/* POST is a multipart upload (JSON too) */
#define R_VERIFIED	0x40	/* POST needs a verified account (身份) */
#define R_SCRIPT	0x80	/* its page loads /assets/verify.js */

/* Bodies past this get 413, but on R_UPLOAD routes (a photo: Kore's own
 * http_body_max in conf/common.conf is the upload's limit). */
#define WEB_BODY_MAX	(1024 * 1024)

struct ctx;

struct route {
	const char	*path;		/* exactly as routed in conf/common.conf */
	int		 who;
	int		 flags;
	int		(*get)(struct ctx *);	/* GET and HEAD; NULL: 405 */
	int		(*post)(struct ctx *);	/* POST; NULL: 405 */
	int		 post_who;	/* who may POST, when not `who` */
};

/*
 * A password hash or check on a Kore task thread (Argon2id is slow),
 * after its turn in the worker's queue (web_pw.c).
 */
struct pwjob {
	struct kore_task task;
	TAILQ_ENTRY(pwjob) fifo;		/* while queued */
	struct ctx	*ctx;
	int		 started;	/* the handler asked for it */
	int		 state;		/* web_pw.c's enum pw_state */
	int		 done;		/* set by the task thread, last */
	int		 verify;	/* 1: check password against stored */
	int		 upgrade;	/* verify: rehash a stale stored */
	char		 password[PASSWORD_MAX_CHARS * 4 + 1];
	char		 stored[PWHASH_LEN];	/* verify: in; hash: out */
	char		 fresh[PWHASH_LEN];	/* upgrade: out, or "" */
	int		 ok;			/* result */
};

/* Other slow work (drawing a picture) on a Kore task thread. */
struct ctxwork {
	struct kore_task task;
	int		 started;
	int		 done;		/* set by the task thread, last */
	int		 result;	/* the task's, once web_work_done() */
	int		(*fn)(void *);	/* runs on the task thread */
	void		(*release)(void *);
	void		*arg;		/* fn's; released when the request ends */
};

struct ctx {
	struct http_request	*req;
	const struct route	*route;
	uint64_t		 started_us;	/* metrics_now_us(): dispatched */
	int			(*handler)(struct ctx *);
	enum lang		 lang;
	int			 logged_in;
	struct user		 user;
	char			 token[TOKEN_HEX];	/* the session cookie */
	char			 csrf[TOKEN_HEX];	/* expected in forms */
	char			 addr[64];		/* shown: sessions */
	char			 throttle[THROTTLE_KEY_MAX];	/* counted */
	json_t			*body;			/* R_JSON POST body */
	struct pwjob		 job;
	struct ctxwork		 work;
	/* The handler's own state across a task's round trip: its flow's
	 * struct, which web.c does not know (web_flow()). */
	void			*flow;
	size_t			 flow_len;
	/* The field a refusal is about (web_bad_field()): a literal. */
	const char		*bad_field;
	enum msg		 bad_msg;
};

int		 web_dispatch(struct http_request *);
int		 web_v_text(struct http_request *, const void *);
int		 web_v_lines(struct http_request *, const void *);
int		 web_routes_check(void);
void		 web_configure(const struct route *, size_t);
int		 web_register_limit(void);

const char	*web_field(struct ctx *, const char *);
int		 web_field_not_text(struct ctx *, const char *);
int		 web_field_int(struct ctx *, const char *, long long, long long,
		    long long *);
ssize_t		 web_field_ids(struct ctx *, const char *, int64_t *, size_t);
int64_t		 web_path_id(struct ctx *);
int		 web_path_code(struct ctx *, char [COURSE_CODE_LEN]);
void		 web_today(char [11]);
int		 web_is_json(const struct ctx *);
void		 web_page_ctx(struct ctx *, struct page_ctx *);
void		 web_page_begin(struct ctx *, struct buf *, struct page_ctx *,
		    enum msg);
void		 web_form_token(struct ctx *);
void		 web_bad_field(struct ctx *, const char *, enum msg);

int		 web_html(struct ctx *, int, struct buf *);
int		 web_json(struct ctx *, int, json_t *);
int		 web_json_text(struct ctx *, int, struct buf *);
int		 web_csv(struct ctx *, const char *, struct buf *);
int		 web_fail(struct ctx *, int, const char *, enum msg);
int		 web_redirect(struct ctx *, const char *);
int		 web_busy(struct ctx *, enum db_result);
enum msg	 web_retry_after(struct ctx *, int);
int		 web_unverified(struct ctx *);
void		 web_cookie(struct ctx *, const char *, const char *, long);
json_t		*web_user_json(const struct user *);

int		 web_session_start(struct ctx *, int64_t);
int		 web_welcome(struct ctx *, int64_t, int);
void		 web_session_end(struct ctx *);

void		 web_answer_configure(int);
void		 web_pw_configure(void);
int		 web_pw_hash(struct ctx *, const char *);
int		 web_pw_verify(struct ctx *, const char *, const char *);
int		 web_pw_login(struct ctx *, const char *, const char *);
int		 web_pw_done(struct ctx *);
void		 web_pw_release(struct ctx *);
void		 web_work_start(struct ctx *, int (*)(void *), void *,
		    void (*)(void *));
int		 web_work_done(struct ctx *);
void		*web_flow(struct ctx *, size_t);

/* A list handler's rows, for its row callback (weblist.c). */
struct web_list {
	struct ctx	*ctx;
	struct page_ctx	*pc;		/* a page: its context, */
	struct buf	*b;		/* and its body; NULL on JSON */
	json_t		*arr;		/* JSON: the rows; NULL on a page */
	int		 n;		/* rows written (the callback counts) */
};

/* What a list is called and where its rows come from. */
struct web_list_spec {
	const char	*key;		/* JSON member and the <ul>'s id */
	enum msg	 title;
	enum msg	 intro;		/* M__COUNT: none */
	enum msg	 none;		/* said when there is no row */
	enum db_result	(*load)(struct web_list *);	/* the store, w */
};

int		 web_list(struct ctx *, struct web_list *,
		    const struct web_list_spec *, struct page_ctx *,
		    struct buf *);

/*
 * Send a file of the data directory with sendfile (Kore's fileref), with
 * the content-disposition given (or none). 0, nothing sent, when there is
 * no such regular file: the caller answers 404.
 */
int		 web_send_file(struct ctx *, const char *, const char *);

#endif
