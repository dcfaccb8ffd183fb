/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * identity.h: what a person's name, login, password, role and track may
 * be. Pure functions shared by the pages, the JSON API and the admin tool,
 * so every door applies the same rules. (The UTF-8 checks they use are
 * utf8.h's, included here.)
 */
#ifndef YJ_IDENTITY_H
#define YJ_IDENTITY_H

#include <stddef.h>

#include "utf8.h"

#define NAME_MAX_CHARS		40
#define ACCOUNT_MAX		254
#define PASSWORD_MIN_CHARS	8
#define PASSWORD_MAX_CHARS	128

enum role {
	ROLE_APPRENTICE,
	ROLE_MASTER,
	ROLE_STAFF,
	ROLE_EMPLOYER,		/* 就业: a workshop or shop (jobs/) */
	ROLE__COUNT
};

enum track {
	TRACK_NONE,
	TRACK_CARVER,
	TRACK_DESIGNER,
};

enum stage {
	STAGE_ENTRY,		/* 入门 */
	STAGE_TRAINING,		/* 培养 */
	STAGE_INCUBATION,	/* 孵化 */
	STAGE_SELECTION,	/* 评选 */
	STAGE__COUNT
};

int		 identity_name(const char *, char *, size_t);
int		 identity_account(const char *, char *, size_t);
int		 identity_password(const char *);
int		 role_parse(const char *, enum role *);
const char	*role_code(enum role);
int		 track_parse(const char *, enum track *);
const char	*track_code(enum track);
int		 stage_parse(const char *, enum stage *);
const char	*stage_code(enum stage);

/*
 * Login throttling (OWASP's authentication guidance): failures counted
 * over a sliding window, per (account, address) pair and per address; an
 * account guessed from many addresses is slowed down, never locked.
 */
#define THROTTLE_WINDOW		(15 * 60)
#define THROTTLE_PAIR		5	/* one address at one account */
#define THROTTLE_ADDR		20	/* one address, all accounts */
#define THROTTLE_SLOW		5	/* others' failures before slowing */
#define THROTTLE_DELAY_MAX	30	/* seconds */
#define THROTTLE_NOTIFY		10	/* failures that tell the owner */
#define THROTTLE_NOTIFY_EVERY	3600	/* at most one such notice */

int		 identity_login_delay(long long);
int		 identity_login_wait(long long, long long, long long, long long);

/* Self-registration: at most this many per address per window (default;
 * YUJIANG_REGISTER_LIMIT overrides it, e.g. for a school's lab). */
#define REGISTER_WINDOW		3600
#define REGISTER_ADDR		30

/* The key throttles count a client by: an IPv6 address's /64. */
#define THROTTLE_KEY_MAX	64
void		 identity_throttle_key(const char *, char [THROTTLE_KEY_MAX]);

#endif

