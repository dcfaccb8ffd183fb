/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * cert.h: certificates on the web — staff issue, revoke and re-issue;
 * holders see theirs and download the picture and the digital
 * credential; the public verify page (verify.c) shows any one by code.
 */
#ifndef YJ_CERT_H
#define YJ_CERT_H

#include "web.h"

enum msg	 cert_kind_msg(enum cert_kind);
enum msg	 cert_status_msg(enum cert_status);
const char	*cert_title(const struct cert *, enum lang);
void		 cert_verify_url(const struct cert *, char *, size_t);
json_t		*cert_json(const struct cert *, const char *, int);
int		 cert_verdict_fail(struct ctx *, enum cert_verdict);

int	cert_list(struct ctx *);
int	cert_issue(struct ctx *);
int	cert_show(struct ctx *);
int	cert_picture(struct ctx *);
int	cert_print(struct ctx *);
int	cert_credential(struct ctx *);
int	cert_revoke(struct ctx *);
int	cert_reissue(struct ctx *);
int	cert_suspend(struct ctx *);
int	cert_reinstate(struct ctx *);
int	cert_share(struct ctx *);
int	cert_batch_issue(struct ctx *);
int	cert_batch_show(struct ctx *);
int	cert_batch_zip(struct ctx *);

int	verify_page(struct ctx *);
int	verify_lookup_page(struct ctx *);
int	verify_lookup(struct ctx *);
int	verify_keys(struct ctx *);
int	verify_status_list(struct ctx *);
int	verify_did(struct ctx *);

#endif
