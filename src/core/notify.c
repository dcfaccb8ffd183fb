/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * notify.c: the kinds of inbox message, their codes, and their wording.
 * Each kind has a sentence in i18n.c with placeholders for its facts —
 * {s} the subject in the reader's language, {r} the reference (a name,
 * a serial, an entry code, a date), {n} the number — and, when the kind
 * carries a person's own words (a reason, a comment), a label they are
 * shown after. The text is plain: pages escape it with html_text().
 */
#include <stdio.h>
#include <string.h>

#include "identity.h"
#include "notify.h"

struct kind_words {
	const char	*code;
	enum msg	 label;		/* the preferences page's line */
	enum msg	 text;		/* the sentence, with placeholders */
	enum msg	 detail;	/* the label before detail, or M_APP_NAME
					 * when the kind carries none */
};

static const struct kind_words kinds[NOTIFY__COUNT] = {
	[NOTIFY_PROMOTED] = { "promoted", M_NOTE_K_PROMOTED,
	    M_NOTE_PROMOTED, M_APP_NAME },
	[NOTIFY_RUN_CHANGED] = { "run_changed", M_NOTE_K_RUN_CHANGED,
	    M_NOTE_RUN_CHANGED, M_APP_NAME },
	[NOTIFY_MENTOR_ASKED] = { "mentor_asked", M_NOTE_K_MENTOR_ASKED,
	    M_NOTE_MENTOR_ASKED, M_NOTE_D_MESSAGE },
	[NOTIFY_MENTOR_ACCEPTED] = { "mentor_accepted",
	    M_NOTE_K_MENTOR_ACCEPTED, M_NOTE_MENTOR_ACCEPTED, M_APP_NAME },
	[NOTIFY_MENTOR_DECLINED] = { "mentor_declined",
	    M_NOTE_K_MENTOR_DECLINED, M_NOTE_MENTOR_DECLINED, M_APP_NAME },
	[NOTIFY_MENTOR_ENDED] = { "mentor_ended", M_NOTE_K_MENTOR_ENDED,
	    M_NOTE_MENTOR_ENDED, M_NOTE_D_REASON },
	[NOTIFY_LOG_CONFIRMED] = { "log_confirmed", M_NOTE_K_LOG_CONFIRMED,
	    M_NOTE_LOG_CONFIRMED, M_NOTE_D_COMMENT },
	[NOTIFY_LOG_REJECTED] = { "log_rejected", M_NOTE_K_LOG_REJECTED,
	    M_NOTE_LOG_REJECTED, M_NOTE_D_COMMENT },
	[NOTIFY_MILESTONE_SIGNED] = { "milestone_signed",
	    M_NOTE_K_MILESTONE_SIGNED, M_NOTE_MILESTONE_SIGNED,
	    M_NOTE_D_COMMENT },
	[NOTIFY_ENTRY_ELIGIBLE] = { "entry_eligible", M_NOTE_K_ENTRY_ELIGIBLE,
	    M_NOTE_ENTRY_ELIGIBLE, M_NOTE_D_NOTE },
	[NOTIFY_ENTRY_REFUSED] = { "entry_refused", M_NOTE_K_ENTRY_REFUSED,
	    M_NOTE_ENTRY_REFUSED, M_NOTE_D_NOTE },
	[NOTIFY_RESULTS] = { "results", M_NOTE_K_RESULTS, M_NOTE_RESULTS,
	    M_APP_NAME },
	[NOTIFY_CERT_ISSUED] = { "cert_issued", M_NOTE_K_CERT_ISSUED,
	    M_NOTE_CERT_ISSUED, M_APP_NAME },
	[NOTIFY_CERT_REVOKED] = { "cert_revoked", M_NOTE_K_CERT_REVOKED,
	    M_NOTE_CERT_REVOKED, M_NOTE_D_REASON },
	[NOTIFY_CERT_REPLACED] = { "cert_replaced", M_NOTE_K_CERT_REPLACED,
	    M_NOTE_CERT_REPLACED, M_NOTE_D_REASON },
	[NOTIFY_NOMINATED] = { "nominated", M_NOTE_K_NOMINATED,
	    M_NOTE_NOMINATED, M_NOTE_D_REASON },
	[NOTIFY_LOGIN_GUESSED] = { "login_guessed", M_NOTE_K_LOGIN_GUESSED,
	    M_NOTE_LOGIN_GUESSED, M_APP_NAME },
	[NOTIFY_JOB_APPLIED] = { "job_applied", M_NOTE_K_JOB_APPLIED,
	    M_NOTE_JOB_APPLIED, M_APP_NAME },
	[NOTIFY_JOB_VIEWED] = { "job_viewed", M_NOTE_K_JOB_VIEWED,
	    M_NOTE_JOB_VIEWED, M_APP_NAME },
	[NOTIFY_JOB_INTERVIEW] = { "job_interview", M_NOTE_K_JOB_INTERVIEW,
	    M_NOTE_JOB_INTERVIEW, M_APP_NAME },
	[NOTIFY_JOB_OFFER] = { "job_offer", M_NOTE_K_JOB_OFFER,
	    M_NOTE_JOB_OFFER, M_APP_NAME },
	[NOTIFY_JOB_DECLINED] = { "job_declined", M_NOTE_K_JOB_DECLINED,
	    M_NOTE_JOB_DECLINED, M_APP_NAME },
	[NOTIFY_JOB_HIRED] = { "job_hired", M_NOTE_K_JOB_HIRED,
	    M_NOTE_JOB_HIRED, M_APP_NAME },
	[NOTIFY_JOB_WITHDRAWN] = { "job_withdrawn", M_NOTE_K_JOB_WITHDRAWN,
	    M_NOTE_JOB_WITHDRAWN, M_APP_NAME },
	[NOTIFY_EMPLOYER_APPROVED] = { "employer_approved",
	    M_NOTE_K_EMPLOYER_APPROVED, M_NOTE_EMPLOYER_APPROVED, M_APP_NAME },
	[NOTIFY_EMPLOYER_SUSPENDED] = { "employer_suspended",
	    M_NOTE_K_EMPLOYER_SUSPENDED, M_NOTE_EMPLOYER_SUSPENDED,
	    M_NOTE_D_REASON },
	[NOTIFY_POSTING_APPROVED] = { "posting_approved",
	    M_NOTE_K_POSTING_APPROVED, M_NOTE_POSTING_APPROVED, M_APP_NAME },
	[NOTIFY_POSTING_HIDDEN] = { "posting_hidden", M_NOTE_K_POSTING_HIDDEN,
	    M_NOTE_POSTING_HIDDEN, M_NOTE_D_REASON },
};

/* The stored and API code of kind k ("promoted", …). */
const char *
notify_kind_code(enum notify_kind k)
{
	return ((unsigned)k < NOTIFY__COUNT ? kinds[k].code : "?");
}

/* Parse a kind's code; 0 when s is none of them. */
int
notify_kind_parse(const char *s, enum notify_kind *out)
{
	int	 i;

	if (s == NULL)
		return (0);
	for (i = 0; i < NOTIFY__COUNT; i++) {
		if (strcmp(s, kinds[i].code) == 0) {
			*out = (enum notify_kind)i;
			return (1);
		}
	}
	return (0);
}

/* The words for kind k on the preferences page. */
enum msg
notify_kind_label(enum notify_kind k)
{
	return ((unsigned)k < NOTIFY__COUNT ? kinds[k].label : M_APP_NAME);
}

/*
 * Append message n, worded in lang, to b as plain text (not escaped).
 * An unknown placeholder is copied as it stands.
 */
void
notify_text(struct buf *b, enum lang lang, const struct notice *n)
{
	const char	*p, *subject;

	if ((unsigned)n->kind >= NOTIFY__COUNT)
		return;
	subject = lang == LANG_EN && n->subject_en[0] != '\0' ?
	    n->subject_en : n->subject_zh;
	for (p = i18n(lang, kinds[n->kind].text); *p != '\0'; p++) {
		if (p[0] == '{' && p[1] != '\0' && p[2] == '}') {
			switch (p[1]) {
			case 's':
				buf_puts(b, subject);
				p += 2;
				continue;
			case 'r':
				buf_puts(b, n->ref);
				p += 2;
				continue;
			case 'n':
				buf_printf(b, "%lld", (long long)n->num);
				p += 2;
				continue;
			}
		}
		buf_append(b, p, 1);
	}
	if (n->detail[0] != '\0' && kinds[n->kind].detail != M_APP_NAME) {
		buf_puts(b, i18n(lang, kinds[n->kind].detail));
		buf_puts(b, n->detail);
	}
}

/*
 * Copy src (NULL: "") into a fact of dstsz bytes, cut on a character
 * boundary when it does not fit.
 */
void
notify_set(char *dst, size_t dstsz, const char *src)
{
	(void)snprintf(dst, dstsz, "%s", src != NULL ? src : "");
	utf8_trim(utf8_cut(dst, dstsz, dstsz));
}

/* The words of a channel set: "none", "email", "sms" or "both". */
const char *
notify_choice_code(unsigned ch)
{
	switch (ch & (NOTIFY_EMAIL | NOTIFY_SMS)) {
	case NOTIFY_EMAIL:
		return ("email");
	case NOTIFY_SMS:
		return ("sms");
	case NOTIFY_EMAIL | NOTIFY_SMS:
		return ("both");
	default:
		return ("none");
	}
}

/* Parse notify_choice_code()'s words; 0 when s is none of them. */
int
notify_choice_parse(const char *s, unsigned *out)
{
	static const char *const words[] = { "none", "email", "sms", "both" };
	unsigned	 i;

	if (s == NULL)
		return (0);
	for (i = 0; i < 4; i++) {
		if (strcmp(s, words[i]) == 0) {
			*out = i;	/* the bits: email 1, sms 2 */
			return (1);
		}
	}
	return (0);
}
