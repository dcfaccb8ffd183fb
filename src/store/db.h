/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * db.h: the store. sql.c and schema.c hold all the SQL; everything else calls
 * these typed wrappers. One connection per process (per Kore worker, or
 * the admin tool), opened with db_open() and prepared with db_prepare();
 * and one per Kore task thread that writes at length (db_task_attach()).
 * The connection is the calling thread's own: the store's handle and its
 * prepared statements are thread-local.
 */
#ifndef YJ_DB_H
#define YJ_DB_H

#include <stdint.h>

#include "coursefile.h"
#include "gate.h"
#include "guide.h"
#include "identity.h"
#include "job.h"
#include "lineage.h"
#include "notify.h"
#include "realname.h"
#include "score.h"
#include "seat.h"
#include "sign.h"

#define DB_FILE		"yujiang.db"
#define ACTIVATION_TTL	(30 * 86400)	/* a roster code is good for */

/*
 * How long a connection waits for another's write lock before DB_BUSY.
 * A worker's event loop serves every connection of that worker: while it
 * waits, they all wait, so it gives up after DB_LOOP_BUSY_MS and answers
 * a retryable 503 (readers never wait: WAL). The other worker's
 * ordinary writes hold the lock well under a millisecond, but on a
 * loaded machine a commit can be descheduled for tens of them: 100 ms
 * keeps ordinary contention answered (10 ms made writes beside a backup
 * on two busy cores fail) while a long writer (a roster import on its
 * own thread) costs a worker at most that. Task threads, the parent
 * and the admin tool serve no one else while they wait.
 */
#define DB_WAIT_MS	5000
#define DB_LOOP_BUSY_MS	100

enum db_result {
	DB_OK,
	DB_NOTFOUND,
	DB_CONFLICT,	/* a UNIQUE, CHECK or FOREIGN KEY constraint */
	DB_BUSY,	/* locked past busy_timeout: answer 503, retry later */
	DB_ERROR,
};

struct user {
	int64_t		id;
	char		name[NAME_MAX_CHARS * 4 + 1];
	char		account[ACCOUNT_MAX + 1];
	enum role	role;
	enum track	track;
	enum stage	stage;
	int64_t		created;
	int64_t		verified;	/* when its code came back; 0: not yet */
	int64_t		released;	/* its number went to its owner, or 0 */
};

struct user_new {
	const char	*name;		/* validated by identity_name() */
	const char	*account;	/* normalised by identity_account() */
	const char	*pwhash;	/* secret_password_hash() output */
	enum role	 role;
	enum track	 track;
	int64_t		 actor;		/* who creates it; 0 = self / system */
};

/* A run of a course: dates, seats, instructor and how full it is. */
struct run {
	int64_t		id;
	char		course[COURSE_CODE_LEN];
	char		starts[11];
	char		ends[11];
	int		capacity;
	int64_t		instructor;	/* 0: none yet */
	char		instructor_name[NAME_MAX_CHARS * 4 + 1];
	int		enrolled;
	int		waitlisted;
};

struct run_edit {
	const char	*starts;	/* validated dates */
	const char	*ends;
	int		 capacity;
	int64_t		 instructor;	/* a master or staff id, or 0 */
};

/* A prerequisite as pages show it. */
struct prereq {
	char		code[COURSE_CODE_LEN];
	char		title_zh[30 * 4 + 1];
	char		title_en[80 + 1];
};

struct enrol_outcome {
	enum seat_verdict verdict;
	int		 position;	/* waitlist position, 1 = next */
	int		 nmissing;
	struct prereq	 missing[COURSE_PREREQ_MAX];
};

/* One line of a run's roster (the desk) or of a person's courses. */
struct seat_row {
	int64_t		 enrolment;
	int64_t		 run;
	int64_t		 user;
	char		 name[NAME_MAX_CHARS * 4 + 1];
	char		 account[ACCOUNT_MAX + 1];
	char		 school[NAME_MAX_CHARS * 4 + 1];
	char		 course[COURSE_CODE_LEN];
	char		 title_zh[30 * 4 + 1];
	char		 title_en[80 + 1];
	char		 starts[11];
	char		 ends[11];
	enum seat_status status;
	int		 position;	/* in the waitlist */
	int64_t		 promoted;	/* when moved up from it, or 0 */
	int		 score;		/* -1: none yet */
	char		 result[8];	/* "", "passed", "failed" */
	int		 attended;
	int		 sessions;
	int		 pass_mark;
	int		 attendance;
};

struct course_filter {
	const char	*track;		/* carver|designer or NULL */
	const char	*stage;		/* entry|training|incubation or NULL */
	int		 open_only;
	const char	*today;
	const char	*query;		/* free text or NULL */
};

/* One row of a partner school's roster, validated (roster.c). */
struct roster_row {
	int		 line;
	char		 name[NAME_MAX_CHARS * 4 + 1];
	char		 account[ACCOUNT_MAX + 1];
	enum track	 track;
	char		 school[NAME_MAX_CHARS * 4 + 1];
	/* filled by db_roster_import(): */
	int		 created;	/* 1: new account, code below */
	char		 code[16];	/* one-time activation code */
	enum seat_status status;	/* enrolled or waitlisted */
	/* 身份: an existing account links only when it is verified and its
	 * name is the row's; otherwise nothing is linked and staff see: */
	int		 conflict;	/* 1: not linked, see below */
	int		 holder_verified;
	char		 holder[NAME_MAX_CHARS * 4 + 1];	/* its name */
};

/* 培养 training. */
enum mentor_status {
	MENTOR_REQUESTED,
	MENTOR_ACTIVE,
	MENTOR_DECLINED,
	MENTOR_ENDED,
	MENTOR_WITHDRAWN,
};

/* Why a training action was refused (TV_OK: done). */
enum train_verdict {
	TV_OK,
	TV_NOT_MASTER,	/* the person asked is not a master */
	TV_HAS_MASTER,	/* the apprentice already has one */
	TV_TWICE,		/* already asked, or already their master */
	TV_CYCLE,		/* the lineage would go round in a circle */
	TV_FULL,		/* the master's apprentice limit is reached */
	TV_STATE,		/* already answered / not active any more */
	TV_NOT_YOURS,	/* not the reader's mentorship or entry */
	TV_NO_MASTER,	/* logging needs an active master */
	TV_DAY_FULL,		/* a day holds LOG_MAX_MINUTES at most */
};

enum move_verdict {
	MV_BY_RULES,		/* one stage on, nothing missing */
	MV_EXCEPTION,		/* against the rules, with a reason */
	MV_NEEDS_REASON,	/* against the rules, no reason: refused */
	MV_STALE,		/* moved meanwhile (a double click): refused */
};

struct master_row {
	int64_t		 id;
	char		 name[NAME_MAX_CHARS * 4 + 1];
	enum track	 track;
	int		 limit;
	int		 active;	/* apprentices now */
	int		 ever;		/* apprentices ever taken on */
	char		 speciality[80 * 4 + 1];
};

struct mentorship {
	int64_t			 id;
	int64_t			 apprentice;
	int64_t			 master;
	enum mentor_status	 status;
	char			 message[501 * 4];
	int64_t			 requested;
	int64_t			 started;
	int64_t			 ended;
	char			 end_reason[201 * 4];
	int64_t			 recommended;
	char			 apprentice_name[NAME_MAX_CHARS * 4 + 1];
	char			 master_name[NAME_MAX_CHARS * 4 + 1];
};

struct log_entry {
	int64_t		 id;
	int64_t		 apprentice;
	int64_t		 master;
	char		 day[11];
	int		 minutes;
	int		 skill;		/* gate.c's index */
	char		 notes[1001 * 4];
	char		 status[12];	/* pending, confirmed, rejected */
	char		 comment[201 * 4];
	char		 apprentice_name[NAME_MAX_CHARS * 4 + 1];
};

struct level_award {
	int		 level;		/* -1: none yet */
	enum track	 track;
	char		 evidence[501 * 4];
	int64_t		 awarded;
	char		 by[NAME_MAX_CHARS * 4 + 1];
};

/* 证书 certificates. */
enum cert_status {
	CERT_VALID,
	CERT_REVOKED,		/* revoked by staff, with a reason */
	CERT_SUPERSEDED,	/* re-issued: the new one is the valid one */
	CERT_EXPIRED,
	CERT_SUSPENDED,		/* suspended by staff, with a reason, for now */
};

struct cert {
	int64_t		 id;
	char		 serial[SERIAL_LEN + 1];
	char		 code[CODE_LEN + 1];
	enum cert_kind	 kind;
	char		 event[32];	/* completion:N, level:N, honour:N */
	int64_t		 user;
	char		 holder[NAME_MAX_CHARS * 4 + 1];
	char		 title_zh[CLAIM_TEXT];
	char		 title_en[CLAIM_TEXT];
	int		 level;		/* national level 1 (一级) - 5, or 0 */
	enum cert_lang	 lang;
	char		 issued[11];
	char		 expires[11];	/* "" when it does not expire */
	char		 kid[KID_HEX + 1];
	char		 qr[QR_TEXT_MAX];	/* the signed QR text */
	int64_t		 issued_by;
	int64_t		 created;
	int64_t		 batch;
	int64_t		 supersedes;
	int64_t		 superseded_by;
	char		 reissue_reason[201 * 4];
	int64_t		 revoked;	/* when, or 0 */
	char		 revoked_reason[201 * 4];
	char		 next_code[CODE_LEN + 1];	/* the re-issue, or "" */
	char		 next_serial[SERIAL_LEN + 1];
	char		 prev_code[CODE_LEN + 1];
	int		 shared;	/* the holder shows their certificates */
	int		 current;
	int64_t		 identity_checked;	/* 实名: when, or 0 (older) */
	int64_t		 status_index;	/* its bit in the status lists, or -1 */
	int64_t		 suspended;	/* since when, or 0 */
	char		 suspended_reason[201 * 4];
};

/* Something that earns a certificate, with the words for it. */
struct cert_event {
	char		 event[32];
	enum cert_kind	 kind;
	int64_t		 user;
	char		 name[NAME_MAX_CHARS * 4 + 1];
	char		 title_zh[CLAIM_TEXT];
	char		 title_en[CLAIM_TEXT];
	int		 level;		/* national level, for KIND_LEVEL */
	int64_t		 at;
};

/* Who issues, with what key, where the QR points, and when. */
struct cert_issuer {
	const struct signer	*signer;
	const char		*origin;	/* https://host, for /v/<code> */
	const char		*today;		/* the date of issue */
	int			 valid_years[KIND__COUNT];
	int64_t			 by;
	int64_t			 now;
};

enum cert_verdict {
	CV_OK,
	CV_NO_EVENT,		/* nothing earned it */
	CV_ISSUED,		/* it already has a current certificate */
	CV_STATE,		/* revoked or superseded already */
	CV_FULL,		/* the year's serials are used up */
	CV_TOO_LONG,		/* name and title too long for a QR code */
	CV_EXPIRED,		/* expired: a new event earns a new one */
	CV_UNVERIFIED,		/* the holder has not proved their account */
	CV_UNCHECKED,		/* the holder's identity is not checked */
	CV_NAME,		/* a name other than the verified one */
	CV_SUSPENDED,		/* suspended: reinstate it first */
	CV_NOT_SUSPENDED,	/* reinstating one that is not suspended */
};

struct batch_row {
	int64_t		 id;
	char		 event[32];
	enum cert_lang	 lang;
	int		 total;
	int		 done;
	int		 failed;
	int		 running;	/* drawing, and heard of lately */
	int64_t		 created;
	int64_t		 updated;
};

/* 孵化 incubation. */
struct work {
	int64_t		 id;
	int64_t		 user;
	char		 owner[NAME_MAX_CHARS * 4 + 1];
	char		 title[60 * 4 + 1];
	char		 material[16];
	char		 technique[60 * 4 + 1];
	char		 size[60 * 4 + 1];
	char		 description[1000 * 4 + 1];
	int		 public;
	int64_t		 created;
	int64_t		 updated;
	int		 photos;
	int64_t		 cover;		/* the first photo's id, or 0 */
	int		 held;		/* entered, results not out:
					 * hidden from the public (db.c) */
};

struct work_edit {
	const char	*title;		/* validated by the caller */
	const char	*material;
	const char	*technique;
	const char	*size;
	const char	*description;
	int		 public;
};

struct photo_row {
	int64_t		 id;
	int64_t		 work;
	int		 width;
	int		 height;
	int64_t		 owner;
	int		 public;
	int		 held;		/* as struct work's */
};

struct comment_row {
	int64_t		 id;
	int64_t		 author;
	char		 name[NAME_MAX_CHARS * 4 + 1];
	enum role	 role;
	char		 body[500 * 4 + 1];
	int64_t		 created;
};

struct cohort {
	int64_t		 id;
	char		 name[60 * 4 + 1];
	char		 starts[11];
	char		 ends[11];
	int		 places;
	int		 members;
};

struct cohort_member {
	int64_t		 user;
	char		 name[NAME_MAX_CHARS * 4 + 1];
	int64_t		 mentor;
	char		 mentor_name[NAME_MAX_CHARS * 4 + 1];
	int		 signed_off;	/* milestones signed for them */
	enum stage	 stage;
};

struct milestone {
	int64_t		 id;
	int64_t		 cohort;
	char		 title_zh[40 * 4 + 1];
	char		 title_en[80 + 1];
};

struct signoff {
	int64_t		 milestone;
	int64_t		 user;
	char		 comment[500 * 4 + 1];
	int64_t		 signed_at;
	char		 mentor_name[NAME_MAX_CHARS * 4 + 1];
};

enum incub_verdict {
	IV_OK,
	IV_FULL,		/* the cohort's places are taken */
	IV_NOT_INCUBATION,	/* only people at the incubation stage */
	IV_NOT_MASTER,		/* a mentor is a master */
	IV_TWICE,		/* already in a cohort / already signed */
	IV_NOT_MENTOR,		/* not this member's mentor */
	IV_NOT_MEMBER,		/* not in this milestone's cohort */
	IV_PHOTOS_FULL,		/* 8 photos already */
	IV_MILESTONES_FULL,	/* the cohort has its most milestones */
	IV_HELD,		/* entered in a competition not published:
				 * not made public until then */
	IV_QUOTA_WORKS,		/* the owner has their most works */
	IV_QUOTA_PHOTOS,	/* … their most photos */
	IV_QUOTA_BYTES,		/* … the photo would pass their bytes */
};

/* A person's storage: what they use and what they may (db_quota_get). */
struct quota {
	int64_t		 works, photos, bytes;		/* in use */
	int64_t		 max_works, max_photos, max_bytes;
};

/* 评选 selection: competitions (db_comp.c, db_judge.c, db_result.c, db_scorelog.c). */
#define ENTRY_CODE_LEN	8	/* Crockford base32, random */

enum comp_kind {
	COMP_KIND_WORKS,	/* works entered by apprentices (the default) */
	COMP_KIND_GUIDE,	/* 十大金牌导购大师: sales guides nominated */
};

enum comp_state {
	COMP_ENTRIES,		/* taking entries (within opens..closes) */
	COMP_JUDGING,		/* round `round` is being scored */
	COMP_LOCKED,		/* the final round is locked: results frozen */
	COMP_PUBLISHED,		/* results public, names shown, awards given */
};

enum entry_status {
	ENTRY_PENDING,		/* waiting for staff's eligibility check */
	ENTRY_ELIGIBLE,
	ENTRY_REFUSED,
	ENTRY_WITHDRAWN,
};

/* Why a competition action was refused (CV7_OK: done). */
enum comp_verdict {
	COMPV_OK,
	COMPV_STATE,		/* not in the state the action needs */
	COMPV_WINDOW,		/* outside the entry window */
	COMPV_NOT_SELECTION,	/* entrants are at the selection stage */
	COMPV_NOT_OWNER,	/* the work is not the entrant's */
	COMPV_NO_PHOTOS,	/* the work has no photo to judge */
	COMPV_TWICE,		/* entered, added or decided already */
	COMPV_NOT_MASTER,	/* judges are masters */
	COMPV_NOT_JUDGE,	/* not on this entry's panel */
	COMPV_RECUSED,		/* the judge's own line: refused, recorded */
	COMPV_FINAL,		/* the sheet was submitted as final */
	COMPV_NOT_IN_ROUND,	/* the entry is not in the current round */
	COMPV_PENDING,		/* entries still wait for their check */
	COMPV_EMPTY,		/* no eligible entry */
	COMPV_MISSING,		/* sheets not yet final */
	COMPV_SPREAD,		/* aspects flagged for re-marking */
	COMPV_CATEGORY,		/* the category is not this competition's */
	COMPV_NO_JUDGES,	/* a category with entries has no judge */
};

struct comp_criterion {
	int		 pos;		/* 1.. */
	char		 name_zh[20 * 4 + 1];
	char		 name_en[60 + 1];
	int		 weight;	/* percent */
};

struct comp_tier {
	int		 pos;		/* 1 = the top tier (gold) */
	char		 name_zh[20 * 4 + 1];
	char		 name_en[60 + 1];
	int		 quota;
};

/*
 * A competition with its rules. db_comp_get() fills crit, tiers and
 * rules (weights, min_panel, spread, tie-break as criterion indexes) from
 * their tables; the list (db_comps()) leaves ncrit and ntiers 0.
 */
struct competition {
	int64_t			 id;
	char			 name_zh[60 * 4 + 1];
	char			 name_en[120 + 1];
	char			 opens[11];
	char			 closes[11];
	int			 generations;	/* recusal: 1 = own apprentices */
	int			 advance;	/* to the final per category; 0: one round */
	int			 rounds;	/* 1, or 2 when advance > 0 */
	int			 round;		/* 0 while taking entries */
	enum comp_state		 state;
	char			 log_head[CHAIN_HEX];	/* at publication */
	int64_t			 published;
	int64_t			 created;
	int			 entries;	/* pending or eligible */
	enum comp_kind		 kind;
	struct score_rules	 rules;
	int			 ncrit;
	struct comp_criterion	 crit[SCORE_MAX_CRITERIA];
	int			 ntiers;
	struct comp_tier	 tiers[SCORE_MAX_TIERS];
};

/* What staff give to create a competition or change its rules. */
struct comp_edit {
	const char		*name_zh;
	const char		*name_en;
	const char		*opens;		/* validated dates */
	const char		*closes;
	enum score_mode		 mode;
	int			 min_panel;
	int			 spread;
	int			 generations;
	int			 advance;
	int			 ncrit;
	struct comp_criterion	 crit[SCORE_MAX_CRITERIA];
	int			 ntiers;
	struct comp_tier	 tiers[SCORE_MAX_TIERS];
	int			 ntie;
	int			 tiebreak[SCORE_MAX_CRITERIA];	/* positions 1.. */
};

struct comp_category {
	int64_t		 id;
	int64_t		 competition;
	char		 name_zh[30 * 4 + 1];
	char		 name_en[60 + 1];
	int		 entries;	/* eligible or pending */
	int		 judges;
};

struct comp_judge {
	int64_t		 category;
	int64_t		 judge;
	char		 name[NAME_MAX_CHARS * 4 + 1];
	char		 category_zh[30 * 4 + 1];
	char		 category_en[60 + 1];
};

/*
 * An entry. The entrant's name and the work's title are for staff, the
 * entrant and — after publication — everyone; a judge's views use only
 * code, category and the photos (db_judge_entries() does not fill them).
 */
struct comp_entry {
	int64_t		 id;
	int64_t		 competition;
	int64_t		 category;
	char		 category_zh[30 * 4 + 1];
	char		 category_en[60 + 1];
	int64_t		 entrant;
	char		 entrant_name[NAME_MAX_CHARS * 4 + 1];
	int64_t		 work;
	char		 title[60 * 4 + 1];
	char		 material[16];
	char		 code[ENTRY_CODE_LEN + 1];
	enum entry_status status;
	char		 note[200 * 4 + 1];
	int		 reached;	/* the last round it is in, 0: none */
	int64_t		 created;
	/* db_judge_entries() only: the judge's sheet this round. */
	int		 sheet;		/* 0 none, 1 draft, 2 final */
};

/*
 * A judge's marks as the store reads them: the text as stored — the
 * canonical form the score log records and its hash chain covers — and
 * the same marks read once by the competition's rules. n is the rules'
 * criteria (v[0..n-1]), or 0 when the text does not read by them (a
 * damaged row): whoever shows a sheet then shows no marks.
 */
struct sheet_marks {
	char		 text[SCORE_MARKS_MAX];
	int		 v[SCORE_MAX_CRITERIA];
	int		 n;
};

struct comp_sheet {
	int64_t		 id;
	int64_t		 entry;
	int64_t		 judge;
	char		 judge_name[NAME_MAX_CHARS * 4 + 1];
	int		 round;
	struct sheet_marks marks;
	int		 final;
	int64_t		 updated;
};

/* A frozen result of one entry in one round (written by db_comp_lock()). */
struct comp_result_row {
	int64_t		 entry;
	int64_t		 category;
	char		 category_zh[30 * 4 + 1];
	char		 category_en[60 + 1];
	char		 code[ENTRY_CODE_LEN + 1];
	int64_t		 entrant;
	char		 entrant_name[NAME_MAX_CHARS * 4 + 1];
	int64_t		 work;
	char		 title[60 * 4 + 1];
	int		 round;
	int		 rank;
	int		 tier;		/* pos 1.., 0: none */
	int64_t		 total_num;
	int64_t		 total_den;
	int		 counted;
	unsigned	 flags;
	int64_t		 dropped_hi;	/* judge ids, 0: none */
	int64_t		 dropped_lo;
	int		 advanced;
};

/* db_comp_lock()'s account of a refusal or of what it did. */
struct lock_report {
	int		 missing;	/* sheets not final (COMPV_MISSING) */
	int		 spread;	/* entries flagged (COMPV_SPREAD) */
	int		 short_panels;	/* entries with a panel below min */
	int		 ranked;
	int		 advanced;	/* to the final, when a first round */
	int64_t		 first_missing;	/* an entry still waiting, for the page */
};

/* db_comp_publish()'s account. */
struct publish_report {
	int64_t		 batch;		/* the award certificates, 0: none */
	int		 awards;
	int		 nominations;
	int		 unverified;	/* awards whose certificate waits for
					 * the holder's identity check */
	enum cert_verdict cert;		/* CV_OK, or why certificates failed */
};

enum nomination_state {
	NOM_PROPOSED,
	NOM_CONFIRMED,
	NOM_DECLINED,
};

struct nomination {
	int64_t		 id;
	int64_t		 user;
	char		 name[NAME_MAX_CHARS * 4 + 1];
	char		 title_zh[CLAIM_TEXT];
	char		 title_en[CLAIM_TEXT];
	char		 reason[400];
	int64_t		 competition;
	enum nomination_state state;
	int64_t		 honour;	/* when confirmed */
	int64_t		 created;
};

/* Progress of the round being judged, for staff. */
struct comp_progress {
	int		 expected;	/* sheets: entries × non-recused judges */
	int		 final;
	int		 draft;
	int		 recusals;
};

/* A message in a person's inbox (db_inbox.c). */
#define INBOX_PAGE	20	/* messages per page */

struct inbox_row {
	int64_t		 id;
	struct notice	 n;
	int64_t		 created;
	int64_t		 read;		/* when, 0: unread */
	unsigned	 copies;	/* NOTIFY_EMAIL | NOTIFY_SMS chosen */
};

/* The staff dashboard's numbers. */
struct dash_run {
	int64_t		 id;
	char		 course[COURSE_CODE_LEN];
	char		 title_zh[30 * 4 + 1];
	char		 title_en[80 + 1];
	char		 starts[11];
	char		 ends[11];
	int		 capacity;
	int		 enrolled;
	int		 waitlisted;
};

struct stage_move {
	enum stage	 from;
	enum stage	 to;
	int64_t		 moved;
	char		 by[NAME_MAX_CHARS * 4 + 1];
	char		 reason[201 * 4];
	int		 override;
};

void		 db_set_logger(void (*)(const char *));
int		 db_engine_pg(const char *);
int		 db_open(const char *);
void		 db_busy_ms(int);
int		 db_task_attach(void);
int		 db_migrate(void);
int		 db_schema_version(void);
int		 db_schema_latest(void);
int		 db_prepare(void);
const char	*db_prepare_failed(void);
void		 db_close(void);
/* What a checked backup copied (db_backup.c). */
struct db_backup_facts {
	int		 schema;	/* user_version */
	int		 tables;
	int64_t		 rows;		/* over all tables */
	int64_t		 bytes;		/* the copy's size */
};

int		 db_backup(const char *, struct db_backup_facts *, char *,
		    size_t);

enum db_result	 db_ping(void);
enum db_result	 db_user_create(const struct user_new *, int64_t *);
enum db_result	 db_user_by_id(int64_t, struct user *);
enum db_result	 db_user_by_account(const char *, struct user *,
		    char *, size_t);
enum db_result	 db_user_count(int64_t *);
enum db_result	 db_users_page(int64_t, int,
		    int (*)(const struct user *, void *), void *);
enum db_result	 db_session_create(const char *, int64_t, int64_t, int64_t);
enum db_result	 db_session_open(const char *, int64_t, int64_t, int64_t,
		    const char *, const char *);
enum db_result	 db_session_user(const char *, int64_t, struct user *);
enum db_result	 db_session_delete(const char *, int64_t);
enum db_result	 db_session_purge(int64_t);
enum db_result	 db_login_failure(const char *, const char *, int64_t);
enum db_result	 db_login_attempt(const char *, const char *, int64_t, int64_t,
		    int *, int64_t *);
enum db_result	 db_login_forgive(int64_t);
enum db_result	 db_password_upgrade(int64_t, const char *, const char *);
enum db_result	 db_register_attempt(const char *, int64_t, int64_t, int,
		    int *);
enum db_result	 db_login_failures(const char *, const char *, int64_t,
		    int64_t *, int64_t *);
enum db_result	 db_audit(int64_t, const char *, const char *, const char *,
		    int64_t);
enum db_result	 db_audit_count(const char *, int64_t *);

enum db_result	 db_courses_sync(const struct course *, const char *const *,
		    size_t, int64_t);
enum db_result	 db_course_get(const char *, struct course *);
enum db_result	 db_course_list(const struct course_filter *,
		    int (*)(const struct course *, void *), void *);
enum db_result	 db_course_prereqs(const char *, int64_t, struct prereq *,
		    int *);
enum db_result	 db_course_exists(const char *);
enum db_result	 db_catalogue_version(int64_t *);
enum db_result	 db_run_create(const char *, const struct run_edit *, int64_t,
		    int64_t *);
enum db_result	 db_run_update(int64_t, const struct run_edit *, int64_t,
		    int *);
enum db_result	 db_run_get(int64_t, struct run *);
enum db_result	 db_runs_of_course(const char *,
		    int (*)(const struct run *, void *), void *);
enum db_result	 db_runs_of_instructor(int64_t,
		    int (*)(const struct run *, void *), void *);
enum db_result	 db_enrol(int64_t, const struct user *, const char *,
		    int64_t, struct enrol_outcome *);
enum db_result	 db_withdraw(int64_t, int64_t, const char *, int64_t,
		    enum withdraw_verdict *);
enum db_result	 db_run_roster(int64_t, int,
		    int (*)(const struct seat_row *, void *), void *);
enum db_result	 db_my_seats(int64_t, int (*)(const struct seat_row *, void *),
		    void *);
enum db_result	 db_attendance_of_run(int64_t,
		    int (*)(int64_t, int, int, void *), void *);
enum db_result	 db_attendance_record(int64_t, int, const int64_t *, size_t,
		    const int64_t *, size_t, int64_t, int64_t);
enum db_result	 db_result_record(int64_t, int64_t, int, int64_t, int64_t,
		    int *);
enum db_result	 db_roster_import(int64_t, struct roster_row *, size_t,
		    int64_t, int64_t);
enum db_result	 db_user_activate(const char *, const char *, const char *,
		    int64_t *);

enum db_result	 db_masters(int64_t, int (*)(const struct master_row *, void *),
		    void *);
enum db_result	 db_master_get(int64_t, struct master_row *);
enum db_result	 db_master_limit(int64_t, int, int64_t, int64_t);
const char	*mentor_status_code(enum mentor_status);
enum db_result	 db_lineage_links(struct lineage_link **, size_t *);
enum db_result	 db_lineage_version(int64_t *);
enum db_result	 db_mentor_request(int64_t, int64_t, const char *, int64_t,
		    int64_t *, enum train_verdict *);
enum db_result	 db_mentor_decide(int64_t, int64_t, int, int64_t,
		    enum train_verdict *);
enum db_result	 db_mentor_end(int64_t, const struct user *, const char *,
		    int64_t, enum train_verdict *);
enum db_result	 db_mentor_recommend(int64_t, int64_t, int64_t,
		    enum train_verdict *);
enum db_result	 db_mentor_get(int64_t, struct mentorship *);
enum db_result	 db_mentor_active(int64_t, struct mentorship *);
enum db_result	 db_mentorships(int64_t, int,
		    int (*)(const struct mentorship *, void *), void *);
enum db_result	 db_log_add(int64_t, const char *, int, int, const char *,
		    int64_t, int64_t *, enum train_verdict *);
enum db_result	 db_log_decide(int64_t, int64_t, int, const char *, int64_t,
		    enum train_verdict *);
enum db_result	 db_log_get(int64_t, struct log_entry *);
enum db_result	 db_log_list(int64_t, int, int (*)(const struct log_entry *,
		    void *), void *);
enum db_result	 db_log_queue(int64_t, int (*)(const struct log_entry *,
		    void *), void *);
enum db_result	 db_log_totals(int64_t, int [SKILL_COUNT]);
enum db_result	 db_level_award(int64_t, enum track, int, const char *,
		    int64_t, int64_t);
enum db_result	 db_level_current(int64_t, struct level_award *);
enum db_result	 db_gate_facts(int64_t, struct gate_facts *);
enum db_result	 db_stage_move(int64_t, enum stage, enum stage, int64_t,
		    const char *, int64_t, enum move_verdict *);
enum db_result	 db_stage_moves(int64_t, int (*)(const struct stage_move *,
		    void *), void *);

enum cert_status cert_status(const struct cert *, const char *);
const char	*cert_status_code(enum cert_status);
int		 cert_event_parse(const char *, enum cert_kind *, int64_t *);
void		 cert_expiry(const char *, int, char [11]);
enum db_result	 db_cert_event(const char *, struct cert_event *);
enum db_result	 db_cert_events_pending(int,
		    int (*)(const struct cert_event *, void *), void *);
enum db_result	 db_cert_issue(const char *, enum cert_lang,
		    const struct cert_issuer *, int64_t *, enum cert_verdict *);
enum db_result	 db_cert_reissue(int64_t, const char *, enum cert_lang,
		    const char *, const struct cert_issuer *, int64_t *,
		    enum cert_verdict *);
enum db_result	 db_cert_revoke(int64_t, const char *, int64_t, int64_t,
		    enum cert_verdict *);
enum db_result	 db_cert_get(int64_t, struct cert *);
enum db_result	 db_cert_by_code(const char *, struct cert *);
enum db_result	 db_cert_by_serial(const char *, const char *, struct cert *);
enum db_result	 db_certs_of_user(int64_t,
		    int (*)(const struct cert *, void *), void *);
enum db_result	 db_certs_page(int64_t, int,
		    int (*)(const struct cert *, void *), void *);
enum db_result	 db_certs_of_batch(int64_t,
		    int (*)(const struct cert *, void *), void *);
enum db_result	 db_cert_share(int64_t, int, int64_t);
enum db_result	 db_cert_sharing(int64_t, int *);
enum db_result	 db_batch_issue_run(int64_t, enum cert_lang,
		    const struct cert_issuer *, int64_t *, int *, int *, int *,
		    enum cert_verdict *);
enum db_result	 db_batches_interrupted(int64_t);
enum db_result	 db_batch_get(int64_t, struct batch_row *);
enum db_result	 db_batch_version(int64_t, int64_t *);
enum db_result	 db_batch_place(int64_t, int64_t, int (*)(void *), void *,
		    int *);
enum db_result	 db_batch_latest(const char *, int64_t *);
enum db_result	 db_batch_progress(int64_t, int, int, int, int64_t);
enum db_result	 db_honour_add(int64_t, enum cert_kind, const char *,
		    const char *, const char *, const char *, int64_t, int64_t,
		    int64_t *);

/* W3C Bitstring Status Lists (db_cert.c, status.h). */
void		 db_status_signer(const struct signer *(*)(void), const char *);
enum db_result	 db_status_backfill(int *);
enum db_result	 db_status_publish(int64_t);
enum db_result	 db_status_ensure(int64_t, int *);
enum db_result	 db_status_list(const char *, char **, char *, size_t);
enum db_result	 db_cert_suspend(int64_t, const char *, int64_t, int64_t,
		    enum cert_verdict *);
enum db_result	 db_cert_reinstate(int64_t, const char *, int64_t, int64_t,
		    enum cert_verdict *);

/* A new work in user's portfolio; *v IV_QUOTA_WORKS at their most. */
enum db_result	 db_work_create(int64_t, const struct work_edit *, int64_t,
		    int64_t *, enum incub_verdict *);
enum db_result	 db_work_update(int64_t, const struct work_edit *,
		    int64_t, enum incub_verdict *);
enum db_result	 db_work_get(int64_t, struct work *);
enum db_result	 db_works_of_user(int64_t, int,
		    int (*)(const struct work *, void *), void *);
enum db_result	 db_works_of_user_page(int64_t, int, int64_t, int,
		    int (*)(const struct work *, void *), void *);
enum db_result	 db_works_public(int64_t, int,
		    int (*)(const struct work *, void *), void *);
/*
 * Quotas. db_quota_defaults(): the limits of someone staff never set,
 * from YUJIANG_QUOTA_WORKS, _PHOTOS and _BYTES (200, 1,000 and 2 GiB
 * when unset or not a number). db_quota_get(): user's use and limits.
 * db_quota_set(): staff `by` sets user's limits (a negative one stays
 * as it was), audited, in one transaction. db_data_use(): the bytes of
 * photos' and certificates' files in the data directory, a running sum.
 */
void		 db_quota_defaults(struct quota *);
enum db_result	 db_quota_get(int64_t, struct quota *);
enum db_result	 db_quota_set(int64_t, int64_t, int64_t, int64_t, int64_t,
		    int64_t);
enum db_result	 db_data_use(int64_t *, int64_t *);
/* Certificate id's files take bytes now (db_data_use's running sum). */
enum db_result	 db_cert_file_bytes(int64_t, int64_t);
/*
 * A photo of user's work (bytes: its three files together). *v is
 * IV_PHOTOS_FULL at 8 on the work, IV_QUOTA_PHOTOS or IV_QUOTA_BYTES
 * when the owner's quota would be passed — checked in the transaction
 * that adds it, so two uploads at once cannot both slip under.
 */
enum db_result	 db_photo_add(int64_t, int64_t, int, int, int, int64_t,
		    int64_t *, enum incub_verdict *);
enum db_result	 db_photo_delete(int64_t);
enum db_result	 db_photo_get(int64_t, struct photo_row *);
enum db_result	 db_photos_of_work(int64_t,
		    int (*)(const struct photo_row *, void *), void *);
enum db_result	 db_comment_add(int64_t, int64_t, const char *, int64_t);
enum db_result	 db_comments_of_work(int64_t,
		    int (*)(const struct comment_row *, void *), void *);
enum db_result	 db_cohort_create(const char *, const char *, const char *,
		    int, int64_t, int64_t, int64_t *);
enum db_result	 db_cohorts(int (*)(const struct cohort *, void *), void *);
enum db_result	 db_cohort_get(int64_t, struct cohort *);
enum db_result	 db_cohort_of_user(int64_t, int64_t *, int64_t *);
enum db_result	 db_cohort_admit(int64_t, int64_t, int64_t, int64_t, int64_t,
		    enum incub_verdict *);
enum db_result	 db_cohort_members(int64_t,
		    int (*)(const struct cohort_member *, void *), void *);
enum db_result	 db_cohort_candidates(int (*)(int64_t, const char *, void *),
		    void *);
enum db_result	 db_cohort_is_mentor(int64_t, int64_t, int *);
enum db_result	 db_milestone_add(int64_t, const char *, const char *, int,
		    int64_t, int64_t, int64_t *, enum incub_verdict *);
enum db_result	 db_milestones(int64_t,
		    int (*)(const struct milestone *, void *), void *);
enum db_result	 db_milestone_get(int64_t, struct milestone *);
enum db_result	 db_milestone_sign(int64_t, int64_t, int64_t, const char *,
		    int64_t, enum incub_verdict *);
enum db_result	 db_signoffs(int64_t, int (*)(const struct signoff *, void *),
		    void *);
enum db_result	 db_milestone_facts(int64_t, struct gate_facts *);
enum db_result	 db_speciality_set(int64_t, const char *, int64_t, int64_t);
/* 评选 selection (db_comp.c, db_judge.c, db_result.c, db_scorelog.c). `now` is seconds, `today` YYYY-MM-DD. */
const char	*comp_state_code(enum comp_state);
const char	*entry_status_code(enum entry_status);
void		 db_comp_defaults(struct comp_edit *);
enum db_result	 db_comp_create(const struct comp_edit *, int64_t, int64_t,
		    int64_t *);
enum db_result	 db_comp_rules_set(int64_t, const struct comp_edit *, int64_t,
		    int64_t, enum comp_verdict *);
enum db_result	 db_comps(int (*)(const struct competition *, void *), void *);
enum db_result	 db_comp_get(int64_t, struct competition *);
enum db_result	 db_comp_in_progress(int64_t *);
enum db_result	 db_category_add(int64_t, const char *, const char *, int64_t,
		    int64_t, int64_t *, enum comp_verdict *);
enum db_result	 db_categories(int64_t,
		    int (*)(const struct comp_category *, void *), void *);
enum db_result	 db_judge_add(int64_t, int64_t, int64_t, int64_t, int64_t,
		    enum comp_verdict *);
enum db_result	 db_judges(int64_t, int (*)(const struct comp_judge *, void *),
		    void *);
enum db_result	 db_judge_sits(int64_t, int64_t, int *);
enum db_result	 db_entry_create(int64_t, int64_t, int64_t, int64_t,
		    const char *, int64_t, int64_t *, enum comp_verdict *);
enum db_result	 db_entry_get(int64_t, struct comp_entry *);
enum db_result	 db_entry_photos(int64_t, int64_t [8], int *);
enum db_result	 db_entries(int64_t, int (*)(const struct comp_entry *, void *),
		    void *);
enum db_result	 db_entries_page(int64_t, int64_t, int,
		    int (*)(const struct comp_entry *, void *), void *);
enum db_result	 db_entries_of_user(int64_t,
		    int (*)(const struct comp_entry *, void *), void *);
enum db_result	 db_entry_check(int64_t, enum entry_status, const char *,
		    int64_t, int64_t, enum comp_verdict *);
enum db_result	 db_entry_may_judge(int64_t, int64_t, enum comp_verdict *);
enum db_result	 db_recusal_declare(int64_t, int64_t, int64_t, const char *,
		    int64_t, int64_t, enum comp_verdict *);
enum db_result	 db_comp_open(int64_t, int64_t, int64_t, enum comp_verdict *);
enum db_result	 db_judge_entries(int64_t, int64_t,
		    int (*)(const struct comp_entry *, void *), void *);
enum db_result	 db_sheet_get(const struct score_rules *, int64_t, int64_t,
		    int, struct comp_sheet *);
enum db_result	 db_sheet_save(int64_t, int64_t, const int *, int, int,
		    int64_t, enum comp_verdict *);
enum db_result	 db_sheet_reopen(int64_t, int64_t, int64_t, int64_t, int *,
		    enum comp_verdict *);
enum db_result	 db_sheets_of_entry(const struct score_rules *, int64_t, int,
		    int, int (*)(const struct comp_sheet *, void *), void *);
enum db_result	 db_sheets_of_comp(const struct score_rules *, int64_t, int,
		    int (*)(const struct comp_sheet *, void *), void *);
enum db_result	 db_comp_progress(int64_t, struct comp_progress *);
enum db_result	 db_comp_lock(int64_t, int64_t, int64_t, struct lock_report *,
		    enum comp_verdict *);
enum db_result	 db_comp_publish(int64_t, enum cert_lang,
		    const struct cert_issuer *,
		    struct publish_report *, enum comp_verdict *);
enum db_result	 db_results(int64_t, int,
		    int (*)(const struct comp_result_row *, void *), void *);
enum db_result	 db_result_of_entry(int64_t, int, struct comp_result_row *);
enum db_result	 db_nominations(int (*)(const struct nomination *, void *),
		    void *);
enum db_result	 db_nomination_get(int64_t, struct nomination *);
enum db_result	 db_nomination_decide(int64_t, int, enum cert_lang,
		    const struct cert_issuer *, int64_t *, int64_t *,
		    enum cert_verdict *, enum comp_verdict *);
enum db_result	 db_score_log_verify(int64_t *, int64_t *, char *, size_t);

/*
 * The score log's signed heads (db_scorelog.c): a record a lock or a
 * publication wrote, and the station's signature over its
 * score_head_text() (kid, public_key, signature "" when unsigned).
 */
struct log_sig {
	int64_t		 record;
	int64_t		 competition;
	char		 action[16];
	int		 round;
	char		 hash[CHAIN_HEX];
	char		 kid[KID_HEX + 1];
	char		 public_key[SIGN_MULTIBASE_LEN + 1];
	char		 signature[SIG_B64_LEN];
};
void		 db_score_log_signer(const struct signer *(*)(void));
enum db_result	 db_score_log_sigs(int64_t,
		    int (*)(const struct log_sig *, void *), void *);
enum db_result	 db_score_log_verify_signed(const struct pubkey *, size_t,
		    int64_t *, int64_t *, char *, size_t);
enum db_result	 db_dash_stages(int [STAGE__COUNT]);
enum db_result	 db_dash_moves_since(int64_t, int64_t *);
enum db_result	 db_dash_runs(const char *,
		    int (*)(const struct dash_run *, void *), void *);
enum db_result	 db_dash_enrolments(int64_t, int, long *);
enum db_result	 db_dash_certs(long [KIND__COUNT]);

enum db_result	 db_inbox_unread(int64_t, int64_t *);
enum db_result	 db_inbox_page(int64_t, int64_t, int,
		    int (*)(const struct inbox_row *, void *), void *);
enum db_result	 db_inbox_mark(int64_t, int64_t, int64_t, int64_t *);
enum db_result	 db_notify_prefs(int64_t, unsigned [NOTIFY__COUNT]);
enum db_result	 db_notify_prefs_set(int64_t, const unsigned [NOTIFY__COUNT],
		    enum lang, int64_t);

/* The interfaces of the wrappers that have a header of their own. */
#include "db_privacy.h"
#include "db_ident.h"
#include "db_jobs.h"
#include "db_guide.h"
#include "db_heritage.h"
#include "db_metrics.h"

#endif
