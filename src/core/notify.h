/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * notify.h: what a message in a person's inbox is — its kind and the
 * facts it was written with — and how it reads in either language. A
 * message is stored as its kind and facts, never as finished text, so
 * it is worded at read time in the reader's current language (switching
 * the language switches the inbox). Pure: no Kore, no SQLite.
 */
#ifndef YJ_NOTIFY_H
#define YJ_NOTIFY_H

#include <stdint.h>

#include "buf.h"
#include "i18n.h"

/*
 * The kinds, in the order the preferences page lists them. Their codes
 * (notify_kind_code()) are what the store and the API hold; the order
 * of this enum is stored nowhere, so a kind may be added anywhere.
 */
enum notify_kind {
	NOTIFY_PROMOTED,		/* moved up from a run's waitlist */
	NOTIFY_RUN_CHANGED,		/* a run's dates or capacity changed */
	NOTIFY_MENTOR_ASKED,		/* to the master: 拜师 asked */
	NOTIFY_MENTOR_ACCEPTED,		/* to the apprentice */
	NOTIFY_MENTOR_DECLINED,		/* to the apprentice */
	NOTIFY_MENTOR_ENDED,		/* to the other side (both, by staff) */
	NOTIFY_LOG_CONFIRMED,		/* a training entry */
	NOTIFY_LOG_REJECTED,
	NOTIFY_MILESTONE_SIGNED,
	NOTIFY_ENTRY_ELIGIBLE,		/* a competition entry checked */
	NOTIFY_ENTRY_REFUSED,
	NOTIFY_RESULTS,			/* a competition's results published */
	NOTIFY_CERT_ISSUED,
	NOTIFY_CERT_REVOKED,
	NOTIFY_CERT_REPLACED,
	NOTIFY_NOMINATED,		/* proposed for a town title */
	NOTIFY_LOGIN_GUESSED,		/* failed logins to one's account */
	/* 就业 jobs: each step of an application, to both sides. */
	NOTIFY_JOB_APPLIED,
	NOTIFY_JOB_VIEWED,
	NOTIFY_JOB_INTERVIEW,
	NOTIFY_JOB_OFFER,
	NOTIFY_JOB_DECLINED,
	NOTIFY_JOB_HIRED,
	NOTIFY_JOB_WITHDRAWN,
	/* to an employer: staff's decisions */
	NOTIFY_EMPLOYER_APPROVED,
	NOTIFY_EMPLOYER_SUSPENDED,
	NOTIFY_POSTING_APPROVED,
	NOTIFY_POSTING_HIDDEN,
	NOTIFY__COUNT
};

/* Channels a copy of a message may also go by (a bit set). */
#define NOTIFY_EMAIL	0x01
#define NOTIFY_SMS	0x02

/* Bytes of each fact (with the NUL). */
#define NOTE_SUBJECT	256	/* a course, competition, milestone, title */
#define NOTE_REF	96	/* a person's name, a serial, an entry code */
#define NOTE_DETAIL	1024	/* a reason, comment or note someone wrote */
#define NOTE_LINK	64	/* a local path, e.g. /certs/12 */

/*
 * A message's facts. subject_en may be "" (the Chinese is shown then);
 * ref and detail are shown as written (a name, a serial; a person's
 * reason or comment); num is a count the kind's wording uses (minutes,
 * seats), 0 when none.
 */
struct notice {
	enum notify_kind kind;
	char		 subject_zh[NOTE_SUBJECT];
	char		 subject_en[NOTE_SUBJECT];
	char		 ref[NOTE_REF];
	char		 detail[NOTE_DETAIL];
	int64_t		 num;
	char		 link[NOTE_LINK];
};

const char	*notify_kind_code(enum notify_kind);
int		 notify_kind_parse(const char *, enum notify_kind *);
enum msg	 notify_kind_label(enum notify_kind);
void		 notify_text(struct buf *, enum lang, const struct notice *);
void		 notify_set(char *, size_t, const char *);
const char	*notify_choice_code(unsigned);
int		 notify_choice_parse(const char *, unsigned *);

#endif
