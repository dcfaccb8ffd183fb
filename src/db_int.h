/*
 * db_int.h: shared by db.c and the wrapper files beside it (db_*.c) —
 * the statement enum, the connection and the helpers. Nothing outside
 * the db files includes it.
 */
#ifndef YJ_DB_INT_H
#define YJ_DB_INT_H

#include <sqlite3.h>

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_PING,
	ST_USER_INSERT,
	ST_USER_BY_ID,
	ST_USER_BY_ACCOUNT,
	ST_USER_COUNT,
	ST_USERS_RECENT,
	ST_SESSION_INSERT,
	ST_SESSION_USER,
	ST_SESSION_DELETE,
	ST_SESSION_PURGE,
	ST_FAILURE_INSERT,
	ST_FAILURE_COUNT_ACCOUNT,
	ST_FAILURE_COUNT_ADDR,
	ST_FAILURE_CLEAR,
	ST_FAILURE_PURGE,
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
	ST_USER_INSERT_ROSTER,
	ST_USER_ACTIVATE,
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
	ST__COUNT
};

extern sqlite3			*db;
extern const char *const	 stmt_sql[ST__COUNT];

void		 db_log(const char *, const char *);
enum db_result	 db_map(int, const char *);
sqlite3_stmt	*st(enum stmt);
enum db_result	 db_exec_simple(enum stmt);
enum db_result	 db_count(enum stmt, const char *, int64_t, int64_t *);
void		 user_row(sqlite3_stmt *, struct user *);
void		 db_text(sqlite3_stmt *, int, char *, size_t);
enum db_result	 db_step_done(sqlite3_stmt *, enum stmt);
enum db_result	 db_promote(int64_t, int64_t, int *);

#define TEXT(q, col, dst)	db_text((q), (col), (dst), sizeof(dst))

#define BEGIN()		db_exec_simple(ST_BEGIN)
#define COMMIT()	db_exec_simple(ST_COMMIT)
#define ROLLBACK()	(void)db_exec_simple(ST_ROLLBACK)

#endif
