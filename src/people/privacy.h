/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * privacy.h: 实名核验 at the station (idcheck.c) and the person's rights
 * under PIPL, 个人信息保护法 (privacy.c): the privacy notice, consents,
 * a guardian's consent for a child under 14, "my data" as a ZIP, and the
 * deletion of an account.
 */
#ifndef YJ_PRIVACY_H
#define YJ_PRIVACY_H

#include "web.h"

/* The notice, in the tree: assets/privacy/privacy-v<N>.<zh|en>.md. */
#define PRIVACY_DIR	"assets/privacy"

void	privacy_load(void);
int	privacy_consent_field(struct ctx *);
int	privacy_birth_field(struct ctx *, char [11]);
int	privacy_may_upload(struct ctx *);
void	privacy_register_fields(struct buf *, struct ctx *, int);
void	privacy_consent_box(struct buf *, struct ctx *);

int	privacy_notice(struct ctx *);
int	privacy_mine(struct ctx *);
int	privacy_export(struct ctx *);
int	privacy_delete(struct ctx *);

void	idcheck_key_configure(const char *);
int	idcheck_page(struct ctx *);
int	idcheck_record(struct ctx *);
int	idcheck_rename(struct ctx *);
int	idcheck_guardian(struct ctx *);
json_t	*idcheck_consents_json(int64_t);
json_t	*idcheck_json(const struct idcheck *);
void	idcheck_facts(struct buf *, enum lang, const struct idcheck *);

#endif
