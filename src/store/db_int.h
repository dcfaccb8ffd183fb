/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db_int.h: shared by db.c and the wrapper files beside it (db_*.c) —
 * the statement enum, the connection and the helpers. Nothing outside
 * the db files includes it.
 */
#ifndef YJ_DB_INT_H
#define YJ_DB_INT_H


enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_PING,
	ST_USER_INSERT,
	ST_USER_BY_ID,
	ST_USER_BY_ACCOUNT,
	ST_USER_COUNT,
	ST_USERS_PAGE,
	ST_SESSION_INSERT,
	ST_SESSION_USER,
	ST_SESSION_DELETE,
	ST_SESSION_PURGE,
	ST_FAILURE_INSERT,
	ST_FAILURE_COUNT_ACCOUNT,
	ST_FAILURE_COUNT_ADDR,
	ST_FAILURE_CLEAR,
	ST_USER_PASSWORD_UPGRADE,
	ST_FAILURE_PURGE,
	ST_FAILURE_PAIR,
	ST_FAILURE_OWNER,
	ST_REGISTER_COUNT,
	ST_REGISTER_INSERT,
	ST_REGISTER_PURGE,
	ST_AUDIT_INSERT,
	ST_AUDIT_COUNT,
	ST_COURSE_UPSERT,
	ST_COURSE_PREREQ_CLEAR,
	ST_COURSE_PREREQ_ADD,
	ST_COURSE_SEARCH_DELETE,
	ST_COURSE_SEARCH_ADD,
	ST_COURSE_GET,
	ST_COURSE_LIST,
	ST_COURSE_LIST_MATCH,
	ST_COURSE_LIST_LIKE,
	ST_COURSE_PREREQS,
	ST_PREREQS_MISSING,
	ST_RUN_INSERT,
	ST_RUN_UPDATE,
	ST_RUN_GET,
	ST_RUNS_OF_COURSE,
	ST_RUNS_OF_INSTRUCTOR,
	ST_ENROL_FACTS,
	ST_ENROLMENT_GET,
	ST_ENROLMENT_UPSERT,
	ST_ENROLMENT_STATUS,
	ST_WAITLIST_PROMOTE,
	ST_WAITLIST_POSITION,
	ST_RUN_ROSTER,
	ST_MY_ENROLMENTS,
	ST_ATTEND_SET,
	ST_ATTEND_OF_RUN,
	ST_ATTENDED_COUNT,
	ST_RESULT_SET,
	ST_COMPLETION_INSERT,
	ST_COMPLETION_EXISTS,
	ST_USER_ACTIVATE,
	ST_ROSTER_LOOKUP,
	ST_ROSTER_USERS_INSERT,
	ST_ROSTER_SEATS_UPSERT,
	ST_ROSTER_CONFLICTS_AUDIT,
	ST_CATALOGUE_VERSION,
	ST_MASTERS_LIST,
	ST_MASTER_LIMIT,
	ST_LINEAGE_LINKS,
	ST_LINEAGE_VERSION,
	ST_MENTOR_INSERT,
	ST_MENTOR_GET,
	ST_MENTOR_ACTIVE_OF,
	ST_MENTOR_PENDING_PAIR,
	ST_MENTOR_ACCEPT,
	ST_MENTOR_DECLINE,
	ST_MENTOR_END,
	ST_MENTOR_RECOMMEND,
	ST_MENTOR_WITHDRAW_OTHERS,
	ST_MENTOR_OF_APPRENTICE,
	ST_MENTOR_OF_MASTER,
	ST_LOG_INSERT,
	ST_LOG_DAY_MINUTES,
	ST_LOG_GET,
	ST_LOG_DECIDE,
	ST_LOG_OF_APPRENTICE,
	ST_LOG_QUEUE,
	ST_LOG_TOTALS,
	ST_LEVEL_INSERT,
	ST_LEVEL_CURRENT,
	ST_STAGE_SET,
	ST_STAGE_MOVE_INSERT,
	ST_STAGE_MOVES,
	ST_ENTRY_COMPLETIONS,
	ST_CONFIRMED_MINUTES,
	ST_CERT_SEQ_NEXT,
	ST_CERT_INSERT,
	ST_CERT_GET,
	ST_CERT_BY_CODE,
	ST_CERT_BY_SERIAL,
	ST_CERTS_OF_USER,
	ST_CERTS_PAGE,
	ST_CERTS_OF_BATCH,
	ST_CERT_REVOKE,
	ST_CERT_RETIRE,
	ST_CERT_LINK,
	ST_CERT_EVENT_ISSUED,
	ST_CERT_SHARE,
	ST_CERT_SHARING,
	ST_EVENT_COMPLETION,
	ST_EVENT_LEVEL,
	ST_EVENT_HONOUR,
	ST_EVENTS_PENDING,
	ST_RUN_UNCERTIFIED,
	ST_RUN_COMPLETIONS,
	ST_BATCH_INSERT,
	ST_BATCH_VERSION,
	ST_BATCH_GET,
	ST_BATCH_LATEST,
	ST_BATCH_INTERRUPTED,
	ST_BATCH_PROGRESS,
	ST_HONOUR_INSERT,
	ST_WORK_INSERT,
	ST_WORK_UPDATE,
	ST_WORK_GET,
	ST_WORKS_OF_USER,
	ST_WORKS_OF_USER_PAGE,
	ST_WORKS_PUBLIC,
	ST_PHOTO_INSERT,
	ST_PHOTO_DELETE,
	ST_MILESTONE_COUNT,
	ST_PHOTO_GET,
	ST_PHOTOS_OF_WORK,
	ST_COMMENT_INSERT,
	ST_COMMENTS_OF_WORK,
	ST_COHORT_INSERT,
	ST_COHORT_GET,
	ST_COHORT_OF_USER,
	ST_COHORT_ADMIT,
	ST_COHORT_MEMBERS,
	ST_COHORT_IS_MENTOR,
	ST_MILESTONE_INSERT,
	ST_MILESTONES_OF_COHORT,
	ST_MILESTONE_GET,
	ST_MILESTONE_SIGN,
	ST_SIGNOFFS_OF_COHORT,
	ST_MILESTONE_FACTS,
	ST_COHORT_CANDIDATES,
	ST_SPECIALITY_SET,
	ST_DASH_STAGES,
	ST_DASH_MOVES,
	ST_DASH_RUNS,
	ST_DASH_ENROLMENTS,
	ST_DASH_CERTS,
	/* 评选 selection (db_comp.c, db_judge.c, db_result.c, db_scorelog.c). */
	ST_BEGIN_READ,
	ST_COMP_INSERT,
	ST_COMP_RULES_UPDATE,
	ST_COMP_GET,
	ST_COMP_CRITERIA,
	ST_COMP_TIERS,
	ST_CRITERIA_CLEAR,
	ST_CRITERION_INSERT,
	ST_TIERS_CLEAR,
	ST_TIER_INSERT,
	ST_COMP_IN_PROGRESS,
	ST_COMP_STATE_SET,
	ST_COMP_PUBLISH,
	ST_CATEGORY_INSERT,
	ST_CATEGORY_NAMED,
	ST_CATEGORY_OF,
	ST_CATEGORIES,
	ST_CATEGORY_NO_JUDGE,
	ST_JUDGE_INSERT,
	ST_JUDGES_OF_COMP,
	ST_JUDGE_SITS,
	ST_JUDGE_ON_PANEL,
	ST_PANEL_SIZE,
	ST_ENTRY_INSERT,
	ST_ENTRY_PHOTOS_FIX,
	ST_ENTRY_PHOTOS,
	ST_ENTRY_GET,
	ST_ENTRIES_OF_COMP,
	ST_ENTRIES_PAGE,
	ST_ENTRIES_OF_USER,
	ST_ENTRY_OF_WORK,
	ST_ENTRY_CHECK,
	ST_ENTRIES_STATUS,
	ST_ENTRIES_REACH,
	ST_ENTRY_REACHED,
	ST_ROUND_PANEL,
	ST_JUDGE_ROUND,
	ST_RECUSAL_INSERT,
	ST_RECUSAL_EXISTS,
	ST_RECUSAL_MENTOR,
	ST_RECUSALS_OF_COMP,
	ST_SHEET_GET,
	ST_SHEET_UPSERT,
	ST_SHEET_UNFINAL,
	ST_SHEETS_OF_ENTRY,
	ST_SHEETS_OF_COMP,
	ST_SHEETS_ROUND_FINAL,
	ST_COMP_PROGRESS,
	ST_RESULT_INSERT,
	ST_RESULTS_OF_COMP,
	ST_RESULT_OF_ENTRY,
	ST_AWARDS_OF_COMP,
	ST_TIER_HOLDERS,
	ST_TIER_PLACINGS,
	ST_NOMINATION_EXISTS,
	ST_TITLE_HELD,
	ST_NOMINATION_INSERT,
	ST_NOMINATIONS,
	ST_NOMINATION_DECIDE,
	ST_SCORE_LOG_LAST,
	ST_SCORE_LOG_INSERT,
	ST_SCORE_LOG_ALL,
	ST_SCORE_LOG_SHEETS,
	ST_SCORE_LOG_HEADS,
	ST_SCORE_SIG_INSERT,
	ST_SCORE_SIG_HEADS,
	/* The inbox (db_inbox.c). */
	ST_INBOX_INSERT,
	ST_INBOX_COPIES,
	ST_INBOX_UNREAD,
	ST_INBOX_PAGE,
	ST_INBOX_MARK,
	ST_INBOX_MARK_ALL,
	ST_NOTIFY_PREF,
	ST_NOTIFY_PREFS,
	ST_NOTIFY_PREF_SET,
	ST_INBOX_RUN_PEOPLE,
	ST_INBOX_RUN_COURSE,
	ST_INBOX_COMP_NAME,
	ST_INBOX_COMP_ENTRANTS,
	/* 实名核验 and PIPL (db_privacy.c). */
	ST_IDCHECK_GET,
	ST_IDCHECK_INSERT,
	ST_IDCHECK_BY_HASH,
	ST_IDCHECK_RENAME,
	ST_BIRTH_SET,
	ST_CONSENT_INSERT,
	ST_CONSENTS_OF,
	ST_PRIVACY_FACTS,
	ST_RUN_UNVERIFIED,
	ST_PHOTOS_OF_USER,
	ST_DEL_PHOTOS,
	ST_DEL_COMMENTS,
	ST_DEL_WORKS,
	ST_DEL_WORKS_SCRUB,
	ST_DEL_LOG_NOTES,
	ST_DEL_MENTOR_MESSAGES,
	ST_DEL_SESSIONS,
	ST_DEL_FAILURES,
	ST_DEL_IDCHECK,
	ST_DEL_CONSENTS,
	ST_DEL_INBOX,
	ST_DEL_NOTIFY_PREFS,
	ST_DEL_USER,
	ST_CERTS_REVOKE_OF_USER,
	/* 身份 identity (db_ident.c). */
	ST_USER_VERIFY,
	ST_USER_VERIFIED_OF,
	ST_USER_RELEASE,
	ST_USER_PASSWORD_SET,
	ST_USER_ACCOUNT_SET,
	ST_USER_STALE,
	ST_USER_TOMBSTONE,
	ST_CODE_SUPERSEDE,
	ST_CODE_INSERT,
	ST_CODE_LIVE,
	ST_CODE_TRY,
	ST_CODE_USE,
	ST_CODE_PURGE,
	ST_OUTBOX_INSERT,
	ST_OUTBOX_COUNT_ADDRESS,
	ST_OUTBOX_COUNT_ALL,
	ST_OUTBOX_DUE,
	ST_OUTBOX_CLAIM,
	ST_OUTBOX_SENT,
	ST_OUTBOX_FORGET,
	ST_OUTBOX_PURGE,
	ST_OUTBOX_COUNT_USER,
	ST_DEL_CODES,
	ST_DEL_ENTRY_PHOTOS,
	ST_DEL_OUTBOX,
	ST_OUTBOX_FAILED,
	ST_OUTBOX_RETRY,
	ST_OUTBOX_LIST,
	ST_OUTBOX_GET,
	ST_OUTBOX_STATES,
	ST_SESSIONS_OF_USER,
	ST_SESSIONS_END_OTHERS,
	ST_SESSIONS_END_ALL,
	/* W3C Bitstring Status Lists (db_status.c) and suspension (db_cert.c). */
	ST_CERT_STATUS_MISSING,
	ST_CERT_STATUS_TAKEN,
	ST_CERT_STATUS_USED,
	ST_CERT_STATUS_SET,
	ST_STATUS_REVOKED,
	ST_STATUS_SUSPENDED,
	ST_STATUS_LIST_PUT,
	ST_STATUS_LIST_GET,
	ST_STATUS_LIST_DROP,
	ST_STATUS_LIST_FRESH,
	ST_CERT_SUSPEND,
	ST_CERT_REINSTATE,
	ST_QUOTA_USE,
	ST_QUOTA_SET,
	ST_DATA_USE,
	ST_CERT_FILE_BYTES,
	/* 就业 jobs (db_jobs.c). */
	ST_EMPLOYER_INSERT,
	ST_EMPLOYER_BY_CODE,
	ST_EMPLOYER_OF_USER,
	ST_EMPLOYER_GET,
	ST_EMPLOYERS,
	ST_EMPLOYER_DECIDE,
	ST_POSTING_INSERT,
	ST_POSTING_GET,
	ST_POSTINGS_OPEN,
	ST_POSTINGS_OPEN_COUNT,
	ST_POSTINGS_OF_EMPLOYER,
	ST_POSTINGS_PENDING,
	ST_POSTING_REVIEW,
	ST_POSTING_IS_OPEN,
	ST_APPLICATION_INSERT,
	ST_SHOWN_INSERT,
	ST_SHOWN_OF,
	ST_APPLICATION_GET,
	ST_APPLICATIONS_OF_POSTING,
	ST_APPLICATIONS_OF_USER,
	ST_APPLICATION_STEP,
	ST_DEL_JOB_APPLICATIONS,
	ST_DASH_PLACE_COHORTS,
	ST_DASH_PLACE_COURSES,
	ST_ENTRY_COUNT_ANY,
	ST_GUIDE_KIND_SET,
	ST_GUIDE_RULES_GET,
	ST_GUIDE_RULES_PUT,
	ST_GUIDE_NOMINEE_INSERT,
	ST_GUIDE_NOMINEE_GET,
	ST_GUIDE_NOMINEE_BY_CODE,
	ST_GUIDE_NOMINEES,
	ST_GUIDE_NOMINEE_CHECK,
	ST_GUIDE_COUNT_STATUS,
	ST_GUIDE_PANEL_COUNT,
	ST_GUIDE_STATE,
	ST_GUIDE_VOTE_INSERT,
	ST_GUIDE_VOTE_GET,
	ST_GUIDE_VOTE_VOID,
	ST_GUIDE_VOTES,
	ST_GUIDE_SHEET_GET,
	ST_GUIDE_SHEET_PUT,
	ST_GUIDE_SHEETS_FINAL,
	ST_GUIDE_SITS,
	ST_GUIDE_RECUSED,
	ST_GUIDE_RECUSAL_INSERT,
	ST_GUIDE_MISSING,
	ST_GUIDE_JUDGE_LIST,
	ST_GUIDE_COMPLAINT_INSERT,
	ST_GUIDE_COMPLAINTS,
	ST_GUIDE_RESULT_INSERT,
	ST_GUIDE_RESULT_HONOUR,
	ST_GUIDE_RESULTS,
	ST_HERITAGE_GET,
	ST_HERITAGE_BASE,
	ST_HERITAGE_INSERT,
	ST_HERITAGE_TEXT,
	ST_HERITAGE_RETIRE,
	ST_HERITAGE_DECIDE,
	ST_HERITAGE_PHOTOS,
	ST_HERITAGE_PHOTO_ADD,
	ST_HERITAGE_PHOTO_DROP,
	ST_HERITAGE_PHOTO_COUNT,
	ST_HERITAGE_PHOTOS_COPY,
	ST_HERITAGE_QUEUE,
	ST_METRICS_OUTBOX,
	ST__COUNT
};

extern const char *const	 stmt_sql[ST__COUNT];

/*
 * The engine seam (db.c). A wrapper holds a statement as a struct dbq
 * from db_st(), binds its parameters (numbered from 1), runs it through the
 * loops below and reads a row's columns (numbered from 0) only through
 * these calls, so no db_*.c file names the engine. Text bound with
 * db_bind_text() must stay valid until the statement has run;
 * db_bind_text_copy() takes a copy. db_col_text() is NULL for NULL and
 * valid only until the next row (copy it out: TEXT()).
 */
struct dbq;

void		 db_bind_int(struct dbq *, int, int);
void		 db_bind_int64(struct dbq *, int, int64_t);
void		 db_bind_text(struct dbq *, int, const char *);
void		 db_bind_text_copy(struct dbq *, int, const char *);
void		 db_bind_null(struct dbq *, int);
int		 db_bind_count(struct dbq *);
int		 db_col_int(struct dbq *, int);
int64_t		 db_col_int64(struct dbq *, int);
const char	*db_col_text(struct dbq *, int);
const char	*db_sql(struct dbq *);
int64_t		 db_last_id(void);	/* the row the last INSERT added */
int64_t		 db_changes(void);	/* rows the last statement changed */
int		 db_in_tx(void);	/* 1 inside BEGIN ... COMMIT */


void		 db_log(const char *, const char *);
enum db_result	 db_map(int, const char *);
struct dbq	*db_st(enum stmt);
enum db_result	 db_count(enum stmt, const char *, int64_t, int64_t *);
void		 db_text(struct dbq *, int, char *, size_t);
void		 user_row(struct dbq *, void *);	/* a struct user */
/* An audit line about "<kind>:<id>" (db_audit.c). */
enum db_result	 db_audit_id(int64_t, const char *, const char *, int64_t,
		    const char *, int64_t);

/*
 * The store's loops (db.c): every wrapper steps its statements through
 * these. A row reader of db_one() fills what arg points to; one of
 * db_each() answers 1 to go on, 0 to stop, -1 to stop with DB_ERROR.
 */
typedef void		 db_row_fn(struct dbq *, void *);
typedef int		 db_rows_fn(struct dbq *, void *);
typedef enum db_result	 db_tx_fn(void *);
typedef int		 db_fill_fn(struct dbq *, void *, void *);

enum db_result	 db_exec(struct dbq *);
enum db_result	 db_exec_simple(enum stmt);
enum db_result	 db_one(struct dbq *, db_row_fn *, void *);
enum db_result	 db_one_int(struct dbq *, int64_t *);
enum db_result	 db_one_ints(struct dbq *, int64_t *, int);
enum db_result	 db_each(struct dbq *, db_rows_fn *, void *);
enum db_result	 db_ids(struct dbq *, int64_t **, size_t *);
enum db_result	 db_ids_upto(struct dbq *, int64_t *, size_t, size_t *);
enum db_result	 db_rows(struct dbq *, size_t, db_fill_fn *, void *, void *,
		    size_t *);

enum db_result	 db_tx(db_tx_fn *, void *);
enum db_result	 db_promote(int64_t, int64_t, int *);

/*
 * Inside a transaction the caller opened (db_cert.c; db_result.c publishes
 * results and confirms titles with them in its own transactions).
 */
enum db_result	 db_cert_insert_tx(const struct cert_event *, enum cert_lang,
		    const struct cert_issuer *, int64_t, int64_t,
		    int64_t *, enum cert_verdict *);
enum db_result	 db_user_insert_tx(const struct user_new *, int, int64_t *);
enum db_result	 db_consent_notice_tx(int64_t, int, int64_t);
/* The verified name of user and when it was checked (db_privacy.c). */
enum db_result	 db_idcheck_name(int64_t, char *, size_t, int64_t *);
enum db_result	 db_honour_insert_tx(int64_t, enum cert_kind, const char *,
		    const char *, const char *, const char *, int64_t, int64_t,
		    int64_t *);
enum db_result	 db_batch_insert_tx(const char *, enum cert_lang, int,
		    int64_t, int64_t, int64_t *);
/* A certificate's audit line, subject "cert:<id>" (db_cert.c). */
enum db_result	 db_cert_audit(int64_t, const char *, int64_t, const char *,
		    int64_t);

/*
 * Inside a transaction the caller opened (db_status.c): give certificate
 * id its random position in the status lists (*v CV_FULL when none is
 * left); sign and store both lists as they stand at now.
 */
enum db_result	 db_status_assign_tx(int64_t, enum cert_verdict *);
enum db_result	 db_status_publish_tx(int64_t);

/*
 * Inside a transaction the caller opened (db_inbox.c): a message to
 * user, or to every user statement s lists for its integer parameter.
 * A rolled-back event leaves no message.
 */
enum db_result	 db_inbox_add_tx(int64_t, const struct notice *, int64_t);
enum db_result	 db_inbox_add_each_tx(enum stmt, int64_t,
		    const struct notice *, int64_t);
enum db_result	 db_inbox_comp_subject(int64_t, struct notice *);

#define TEXT(q, col, dst)	db_text((q), (col), (dst), sizeof(dst))

#define BEGIN()		db_exec_simple(ST_BEGIN)
#define COMMIT()	db_exec_simple(ST_COMMIT)
#define ROLLBACK()	(void)db_exec_simple(ST_ROLLBACK)

#endif
