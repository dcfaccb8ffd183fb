/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * page.h: the layout every HTML page shares — head, navigation for the
 * reader's role, language switch, footer — and small pieces several
 * pages use. Pure: it writes into a struct buf through html.c.
 */
#ifndef YJ_PAGE_H
#define YJ_PAGE_H

#include "buf.h"
#include "i18n.h"
#include "identity.h"

struct page_ctx {
	enum lang	 lang;
	const char	*path;		/* this page, for the language switch */
	int		 logged_in;
	enum role	 role;
	const char	*user_name;
	const char	*csrf;		/* the token forms on this page carry */
	long long	 unread;	/* the reader's unread messages */
	const char	*bad_field;	/* the field a refused form got wrong */
	const char	*bad_text;	/* and what is wrong with it */
};

enum msg page_role_msg(enum role);
enum msg page_track_msg(enum track);
void	page_begin(struct buf *, const struct page_ctx *, const char *);
void	page_end(struct buf *, const struct page_ctx *);
void	page_csrf_field(struct buf *, const struct page_ctx *);
void	page_stages(struct buf *, enum lang, int);
void	page_notice(struct buf *, const char *, const char *);
void	page_error(struct buf *, const struct page_ctx *, const char *);
void	page_field_attrs(struct buf *, const struct page_ctx *,
	    const char *);
void	page_field_invalid(struct buf *, const struct page_ctx *,
	    const char *);
void	page_field_error(struct buf *, const struct page_ctx *,
	    const char *);

#endif
