/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_pg.c: the statements of sql.c on PostgreSQL 15 (issue 18). Most of
 * SQLite's texts are PostgreSQL's once translated (sql_pg_text): ?N
 * becomes $N, a bare ? the next number, and the column user "user".
 * The rest — SQLite's own syntax and functions, and expressions whose
 * type differs (a comparison is an integer in SQLite and a boolean in
 * PostgreSQL, sum() of integers numeric) — have their text here, in
 * pg_sql[], indexed by the same enum. tests/pg/test_pg_sql.py prepares
 * every statement on a real server, refuses a boolean or numeric result
 * column, and runs the tricky ones on real rows.
 *
 * An override keeps SQLite's parameter numbers and result columns: the
 * wrappers bind and read the same positions on both engines. A statement
 * that reads the id of the row it added (db_last_id() on SQLite) ends in
 * RETURNING id here: the engine reads that column of its result row.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"
#include "sql_pg.h"

/* sql.c's COURSE_COLS, COURSE_FILTER and COURSE_ORDER, translated; the
 * filter's text parameters are typed (PostgreSQL cannot tell the type of
 * a parameter met first in "$1 IS NULL"). */
#define PG_COURSE_COLS \
	"c.code, c.title_zh, c.title_en, c.track, c.stage, c.hours, " \
	"c.sessions, c.capacity, c.pass_mark, c.attendance, " \
	"c.instructor_role, c.enrol_opens, c.enrol_closes, c.body"
#define PG_COURSE_FILTER \
	"($1::text IS NULL OR c.track = $1 OR c.track = 'both') " \
	"AND ($2::text IS NULL OR c.stage = $2) " \
	"AND ($3 = 0 OR (c.enrol_opens <= $4 AND c.enrol_closes >= $4))"
#define PG_COURSE_ORDER \
	" ORDER BY CASE c.stage WHEN 'entry' THEN 1 WHEN 'training' THEN 2 " \
	"ELSE 3 END, c.code"

/* sql.c's WORK_HELD (a boolean, for WHERE) and WORK_COLS, where it is a
 * column: 1/0 as in SQLite. */
#define PG_WORK_HELD(w) \
	"EXISTS (SELECT 1 FROM comp_entries he JOIN competitions hc ON " \
	"hc.id = he.competition WHERE he.work = " w " AND " \
	"hc.state <> 'published')"
#define PG_WORK_COLS \
	"w.id, w.\"user\", u.name, w.title, w.material, w.technique, " \
	"w.size, w.description, w.public, w.created, w.updated, (SELECT " \
	"count(*) FROM photos p WHERE p.work = w.id), (SELECT min(p.id) " \
	"FROM photos p WHERE p.work = w.id), (" PG_WORK_HELD("w.id") \
	")::int FROM works w JOIN users u ON u.id = w.\"user\""

static const char *const pg_sql[ST__COUNT] = {
	/* The writers' lock: sql_pg.h says how to run the two commands. */
	[ST_BEGIN] = "BEGIN; " PG_WRITER_LOCK_SQL,
	/* SQLite's read transaction is one snapshot for all its reads (the
	 * score log's checks read it end to end). */
	[ST_BEGIN_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	[ST_PING] = "SELECT 1",

	[ST_COURSE_LIST] = "SELECT " PG_COURSE_COLS " FROM courses c WHERE "
	    PG_COURSE_FILTER PG_COURSE_ORDER,
	/*
	 * FTS5's MATCH with one phrase ("...", quotes doubled: db_course.c)
	 * is a case-insensitive substring search of three or more
	 * characters; here the phrase is unquoted, its LIKE wildcards
	 * escaped, and ILIKE runs on the pg_trgm index (schema_pg.c).
	 */
	[ST_COURSE_LIST_MATCH] = "SELECT " PG_COURSE_COLS " FROM courses c "
	    "WHERE " PG_COURSE_FILTER " AND c.code IN (SELECT s.code FROM "
	    "course_search s, (SELECT '%' || replace(replace(replace("
	    "replace(substr($5::text, 2, length($5) - 2), '\"\"', '\"'), "
	    "'\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AS pat) m "
	    "WHERE s.title_zh ILIKE m.pat OR s.title_en ILIKE m.pat OR "
	    "s.body ILIKE m.pat)" PG_COURSE_ORDER,
	/* SQLite's LIKE ignores the case of ASCII letters: ILIKE. */
	[ST_COURSE_LIST_LIKE] = "SELECT " PG_COURSE_COLS " FROM courses c "
	    "WHERE " PG_COURSE_FILTER " AND c.code IN (SELECT code FROM "
	    "course_search WHERE title_zh ILIKE $5::text ESCAPE '\\' OR "
	    "title_en ILIKE $5 ESCAPE '\\' OR body ILIKE $5 ESCAPE '\\')"
	    PG_COURSE_ORDER,

	/* sum() of bigint is numeric in PostgreSQL. */
	[ST_LOG_DAY_MINUTES] =
	    "SELECT coalesce(sum(minutes), 0)::bigint FROM training_log "
	    "WHERE apprentice = $1 AND day = $2 AND status <> 'rejected'",
	[ST_LOG_TOTALS] =
	    "SELECT skill, sum(minutes)::bigint FROM training_log WHERE "
	    "apprentice = $1 AND status = 'confirmed' GROUP BY skill",
	[ST_CONFIRMED_MINUTES] =
	    "SELECT coalesce(sum(minutes), 0)::bigint FROM training_log "
	    "WHERE apprentice = $1 AND status = 'confirmed'",
	[ST_QUOTA_USE] =
	    "SELECT (SELECT count(*) FROM works WHERE \"user\" = $1), "
	    "(SELECT count(*) FROM photos p JOIN works w ON w.id = p.work "
	    "WHERE w.\"user\" = $1), (SELECT coalesce(sum(p.bytes), "
	    "0)::bigint FROM photos p JOIN works w ON w.id = p.work WHERE "
	    "w.\"user\" = $1), coalesce((SELECT works FROM quotas WHERE "
	    "\"user\" = $1), $2), coalesce((SELECT photos FROM quotas WHERE "
	    "\"user\" = $1), $3), coalesce((SELECT bytes FROM quotas WHERE "
	    "\"user\" = $1), $4)",
	[ST_COMP_PROGRESS] =
	    "SELECT count(*), count(*) FILTER (WHERE s.final = 1), "
	    "count(*) FILTER (WHERE s.final = 0) FROM comp_entries e JOIN "
	    "comp_judges j ON j.category = e.category LEFT JOIN comp_sheets s "
	    "ON s.entry = e.id AND s.judge = j.judge AND s.round = $2 "
	    "WHERE e.competition = $1 AND e.status = 'eligible' AND "
	    "e.reached >= $2 AND NOT EXISTS (SELECT 1 FROM comp_recusals r "
	    "WHERE r.entry = e.id AND r.judge = j.judge)",

	/* An upsert's SET names the table's own column (ambiguous with
	 * excluded's in PostgreSQL). */
	[ST_CERT_SEQ_NEXT] =
	    "INSERT INTO cert_serials (year, last) VALUES ($1, 1) "
	    "ON CONFLICT (year) DO UPDATE SET last = cert_serials.last + 1 "
	    "RETURNING last",
	[ST_QUOTA_SET] =
	    "INSERT INTO quotas (\"user\", works, photos, bytes, set_by, "
	    "updated) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (\"user\") "
	    "DO UPDATE SET works = coalesce($2, quotas.works), photos = "
	    "coalesce($3, quotas.photos), bytes = coalesce($4, "
	    "quotas.bytes), set_by = $5, updated = $6",
	[ST_RECUSAL_INSERT] =
	    "INSERT INTO comp_recusals (entry, judge, depth, recorded) "
	    "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
	[ST_SHOWN_INSERT] =
	    "INSERT INTO job_shown (application, kind, item) "
	    "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
	/* ?1 is not used (db_comp.c binds ?2..?13): typed, and unused. */
	[ST_COMP_INSERT] =
	    "INSERT INTO competitions (name_zh, name_en, opens, closes, mode, "
	    "min_panel, spread, generations, advance, tiebreak, created_by, "
	    "created) SELECT $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	    "$13 WHERE $1::text IS NULL OR true",
	/* A subquery in FROM needs a name in PostgreSQL. */
	[ST_INBOX_UNREAD] =
	    "SELECT count(*) FROM (SELECT 1 FROM inbox WHERE \"user\" = $1 "
	    "AND read_at = 0 LIMIT 1000) u",
	[ST_GUIDE_VOTES] =
	    "SELECT * FROM (SELECT v.id, v.nominee, n.guide, v.\"user\", "
	    "v.phone, v.day, v.net, v.at, v.voided, v.void_reason, u.created, "
	    "(SELECT count(*) FROM guide_votes w WHERE w.competition = "
	    "v.competition AND w.net = v.net AND w.at BETWEEN v.at - $2 AND "
	    "v.at + $2) AS nearby FROM guide_votes v JOIN users u ON u.id = "
	    "v.\"user\" JOIN guide_nominees n ON n.id = v.nominee WHERE "
	    "v.competition = $1) x WHERE $3 = 0 OR nearby >= $4 OR ($5 > 0 "
	    "AND at - created < $5) ORDER BY id DESC LIMIT $6",
	[ST_GUIDE_MISSING] =
	    "SELECT count(*) FROM (SELECT DISTINCT n.id, j.judge FROM "
	    "guide_nominees n JOIN comp_categories k ON k.competition = "
	    "n.competition JOIN comp_judges j ON j.category = k.id WHERE "
	    "n.competition = $1 AND n.status = 'eligible' AND j.judge <> "
	    "n.guide_user AND j.judge <> n.nominated_by AND NOT EXISTS "
	    "(SELECT 1 FROM guide_recusals r WHERE r.nominee = n.id AND "
	    "r.judge = j.judge) AND NOT EXISTS (SELECT 1 FROM guide_sheets s "
	    "WHERE s.nominee = n.id AND s.judge = j.judge AND s.final = 1)) "
	    "x",
	[ST_METRICS_OUTBOX] =
	    "SELECT (SELECT count(*) FROM outbox WHERE state = 'queued'), "
	    "(SELECT count(*) FROM outbox WHERE state = 'sending'), "
	    "(SELECT count(*) FROM outbox WHERE state = 'dead'), "
	    "coalesce((SELECT created FROM outbox WHERE id = (SELECT min(m) "
	    "FROM (SELECT min(id) AS m FROM outbox WHERE state = 'queued' "
	    "UNION ALL SELECT min(id) FROM outbox WHERE state = 'sending') "
	    "u)), 0)",
	[ST_HERITAGE_INSERT] =
	    "INSERT INTO heritage_records (master, state, techniques_zh, "
	    "techniques_en, story_zh, story_en, author, created) SELECT $1, "
	    "'draft', coalesce(b.techniques_zh, ''), "
	    "coalesce(b.techniques_en, ''), coalesce(b.story_zh, ''), "
	    "coalesce(b.story_en, ''), $3, $4 FROM (SELECT 1) o LEFT JOIN "
	    "heritage_records b ON b.id = $2",

	/* A roster's chunk (sql_entry.h): json_each's key is the ordinal
	 * less one; parameters met first in a select list are typed. */
	[ST_ROSTER_LOOKUP] =
	    "SELECT j.k - 1, u.id, u.role, u.verified, u.name, "
	    "coalesce(e.status, '') FROM json_array_elements_text($1::json) "
	    "WITH ORDINALITY j(v, k) JOIN users u ON u.account = j.v LEFT "
	    "JOIN enrolments e ON e.run = $2 AND e.\"user\" = u.id",
	[ST_ROSTER_USERS_INSERT] =
	    "INSERT INTO users (name, account, pwhash, role, track, created, "
	    "school, activation_hash, activation_expires, verified) SELECT "
	    "j.v->>0, j.v->>1, '!', 'apprentice', j.v->>2, $2::bigint, "
	    "j.v->>3, j.v->>4, $3::bigint, $2::bigint FROM "
	    "json_array_elements($1::json) WITH ORDINALITY j(v, k) ORDER BY "
	    "j.k RETURNING id, account",
	[ST_ROSTER_SEATS_UPSERT] =
	    "WITH b AS (SELECT coalesce(max(seq), 0) AS s FROM enrolments "
	    "WHERE run = $1) INSERT INTO enrolments (run, \"user\", status, "
	    "seq, created, updated) SELECT $1, (j.v->>0)::bigint, j.v->>1, "
	    "b.s + (j.v->>2)::bigint, $3::bigint, $3::bigint FROM "
	    "json_array_elements($2::json) WITH ORDINALITY j(v, k), b ORDER "
	    "BY j.k ON CONFLICT (run, \"user\") DO UPDATE SET status = "
	    "excluded.status, seq = excluded.seq, updated = excluded.updated, "
	    "promoted = NULL, score = NULL, result = NULL",
	[ST_ROSTER_CONFLICTS_AUDIT] =
	    "INSERT INTO audit (at, actor, action, subject, detail) SELECT "
	    "$1::bigint, $2::bigint, 'roster.conflict', j.v->>0, j.v->>1 FROM "
	    "json_array_elements($3::json) WITH ORDINALITY j(v, k) ORDER BY "
	    "j.k",

	/* A truth value read as a column is 1/0, as SQLite gives it. */
	[ST_RUN_UNCERTIFIED] =
	    "SELECT k.id, (EXISTS (SELECT 1 FROM identity_checks i WHERE "
	    "i.\"user\" = k.\"user\"))::int FROM completions k WHERE "
	    "k.run = $1 AND NOT EXISTS (SELECT 1 FROM certificates x WHERE "
	    "x.\"user\" = k.\"user\" AND x.event = 'completion:' || k.id) "
	    "ORDER BY k.id",
	[ST_WORK_GET] = "SELECT " PG_WORK_COLS " WHERE w.id = $1",
	[ST_WORKS_OF_USER] =
	    "SELECT " PG_WORK_COLS " WHERE w.\"user\" = $1 AND ($2 = 1 OR "
	    "(w.public = 1 AND NOT " PG_WORK_HELD("w.id") ")) "
	    "ORDER BY w.id DESC",
	[ST_WORKS_OF_USER_PAGE] =
	    "SELECT " PG_WORK_COLS " WHERE w.\"user\" = $1 AND ($2 = 1 OR "
	    "(w.public = 1 AND NOT " PG_WORK_HELD("w.id") ")) AND w.id < $3 "
	    "ORDER BY w.id DESC LIMIT $4",
	[ST_WORKS_PUBLIC] =
	    "SELECT " PG_WORK_COLS " WHERE w.public = 1 AND NOT "
	    PG_WORK_HELD("w.id") " AND w.id < $1 ORDER BY w.id DESC LIMIT $2",
	[ST_PHOTO_GET] =
	    "SELECT p.id, p.work, p.width, p.height, w.\"user\", w.public, "
	    "(" PG_WORK_HELD("w.id") ")::int FROM photos p JOIN works w ON "
	    "w.id = p.work WHERE p.id = $1",
	[ST_PHOTOS_OF_WORK] =
	    "SELECT p.id, p.work, p.width, p.height, w.\"user\", w.public, "
	    "(" PG_WORK_HELD("w.id") ")::int FROM photos p JOIN works w ON "
	    "w.id = p.work WHERE p.work = $1 ORDER BY p.id",
	[ST_HERITAGE_PHOTOS] =
	    "SELECT h.pos, h.photo, h.caption_zh, h.caption_en, h.made, "
	    "(w.public = 1 AND NOT " PG_WORK_HELD("w.id") ")::int FROM "
	    "heritage_photos h JOIN photos p ON p.id = h.photo JOIN works w "
	    "ON w.id = p.work WHERE h.record = $1 ORDER BY h.pos",
	[ST_ROUND_PANEL] =
	    "SELECT e.id, e.entrant, e.category, coalesce(j.judge, 0), "
	    "(r.entry IS NOT NULL)::int FROM comp_entries e LEFT JOIN "
	    "comp_judges j ON j.category = e.category AND ($3 = 0 OR "
	    "j.judge = $3) LEFT JOIN comp_recusals r ON r.entry = e.id AND "
	    "r.judge = j.judge WHERE e.competition = $1 AND e.status = "
	    "'eligible' AND e.reached >= $2 AND ($4 = 0 OR e.category = $4) "
	    "ORDER BY e.id, j.judge",
	[ST_JUDGE_ROUND] =
	    "SELECT e.id, e.competition, e.category, k.name_zh, k.name_en, "
	    "w.material, e.code, e.reached, e.entrant, (EXISTS (SELECT 1 FROM "
	    "comp_recusals r WHERE r.entry = e.id AND r.judge = $2))::int, "
	    "coalesce((SELECT 1 + s.final FROM comp_sheets s WHERE "
	    "s.entry = e.id AND s.judge = $2 AND s.round = $3), 0) "
	    "FROM comp_entries e JOIN comp_judges j ON j.category = e.category "
	    "AND j.judge = $2 JOIN comp_categories k ON k.id = e.category "
	    "JOIN works w ON w.id = e.work WHERE e.competition = $1 AND "
	    "e.status = 'eligible' AND e.reached >= $3 ORDER BY e.category, "
	    "e.code",
	[ST_PRIVACY_FACTS] =
	    "SELECT coalesce(u.birth_date, ''), (EXISTS (SELECT 1 FROM "
	    "consents c WHERE c.\"user\" = u.id AND c.kind = 'guardian'))::int, "
	    "(EXISTS (SELECT 1 FROM identity_checks i WHERE i.\"user\" = "
	    "u.id))::int, coalesce(u.deleted, 0) FROM users u WHERE u.id = $1",
	[ST_SESSIONS_OF_USER] =
	    "SELECT id, created, expires, addr, agent, (token_hash = $2)::int "
	    "FROM sessions WHERE user_id = $1 AND expires > $3 ORDER BY id DESC "
	    "LIMIT 100",
	[ST_GUIDE_COMPLAINTS] =
	    "SELECT k.id, k.nominee, n.shop, n.guide, (k.against = "
	    "'shop')::int, k.summary, k.at FROM guide_complaints k JOIN "
	    "guide_nominees n ON n.id = k.nominee WHERE k.competition = $1 "
	    "ORDER BY k.id",
};

/*
 * The statements whose wrappers read db_last_id() after them: on
 * PostgreSQL they end in RETURNING id, and the engine keeps that column
 * of the row as db_last_id() (until the next of these: a SELECT between
 * leaves it, as SQLite's last_insert_rowid()).
 */
static const enum stmt pg_returning_id[] = {
	ST_APPLICATION_INSERT, ST_BATCH_INSERT, ST_CATEGORY_INSERT,
	ST_CERT_INSERT, ST_COHORT_INSERT, ST_COMP_INSERT, ST_EMPLOYER_INSERT,
	ST_ENTRY_INSERT, ST_FAILURE_INSERT, ST_GUIDE_COMPLAINT_INSERT,
	ST_GUIDE_NOMINEE_INSERT, ST_GUIDE_VOTE_INSERT, ST_HERITAGE_INSERT,
	ST_HONOUR_INSERT, ST_INBOX_INSERT, ST_LOG_INSERT, ST_MENTOR_INSERT,
	ST_MILESTONE_INSERT, ST_PHOTO_INSERT, ST_POSTING_INSERT,
	ST_RUN_INSERT, ST_USER_INSERT, ST_WORK_INSERT,
};

int
sql_pg_returns_id(enum stmt s)
{
	size_t	 i;

	for (i = 0; i < sizeof(pg_returning_id) / sizeof(pg_returning_id[0]);
	    i++)
		if (pg_returning_id[i] == s)
			return (1);
	return (0);
}

int
sql_pg_overrides(void)
{
	int	 i, n = 0;

	for (i = 0; i < ST__COUNT; i++)
		if (pg_sql[i] != NULL)
			n++;
	return (n);
}

static int
ident_char(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80);
}

/*
 * The parameters PostgreSQL would take for 32-bit integers (met first
 * beside a small literal: "$3 = 0", "$1 = 0 OR c.id = $1"), bit n - 1
 * for $n: they are cast to bigint wherever they stand, as every integer
 * of SQLite is 64 bits (an id or a time past 2038 would otherwise be
 * refused with 22003). tests/pg/pgprep.c fails a statement with another.
 */
#define P(n)	(UINT64_C(1) << ((n) - 1))
static const struct {
	enum stmt	 s;
	uint64_t	 params;
} pg_int8[] = {
	{ ST_COURSE_LIST, P(3) },
	{ ST_COURSE_LIST_MATCH, P(3) },
	{ ST_COURSE_LIST_LIKE, P(3) },
	{ ST_RUN_ROSTER, P(2) },
	{ ST_MASTERS_LIST, P(1) },
	{ ST_WORK_UPDATE, P(7) },
	{ ST_WORKS_OF_USER, P(2) },
	{ ST_WORKS_OF_USER_PAGE, P(2) },
	{ ST_COHORT_GET, P(1) },
	{ ST_DASH_ENROLMENTS, P(1) | P(2) },
	{ ST_COMP_GET, P(1) },
	{ ST_ENTRIES_PAGE, P(2) },
	{ ST_ROUND_PANEL, P(3) | P(4) },
	{ ST_SHEETS_OF_ENTRY, P(3) },
	{ ST_RESULTS_OF_COMP, P(2) },
	{ ST_RESULT_OF_ENTRY, P(2) },
	{ ST_NOMINATIONS, P(1) },
	{ ST_SCORE_SIG_HEADS, P(1) },
	{ ST_GUIDE_NOMINEES, P(2) },
	{ ST_GUIDE_VOTES, P(3) | P(5) },
};
#undef P

static uint64_t
int8_params(enum stmt s)
{
	size_t	 i;

	for (i = 0; i < sizeof(pg_int8) / sizeof(pg_int8[0]); i++)
		if (pg_int8[i].s == s)
			return (pg_int8[i].params);
	return (0);
}

/*
 * Both kinds of text pass here: SQLite's (?N, ?, user) and the
 * overrides ($N, "user"), so the casts above apply to either.
 */
const char *
sql_pg_text(enum stmt s, char *buf, size_t sz)
{
	const char	*p, *w;
	uint64_t	 wide;
	size_t		 o = 0;
	long		 n, top = 0;
	char		 num[40], q, *end;
	int		 k;

	if ((int)s < 0 || s >= ST__COUNT || sz == 0)
		return (NULL);
	if ((p = pg_sql[s] != NULL ? pg_sql[s] : stmt_sql[s]) == NULL)
		return (NULL);
	wide = int8_params(s);

#define PUT(c)	do { if (o + 1 >= sz) return (NULL); buf[o++] = (c); } while (0)
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {	/* a literal or a name */
			q = *p;
			PUT(*p++);
			while (*p != '\0') {
				if (*p == q && p[1] == q) {
					PUT(*p++);
					PUT(*p++);
				} else if (*p == q) {
					PUT(*p++);
					break;
				} else
					PUT(*p++);
			}
		} else if (*p == '?' || (*p == '$' && p[1] >= '0' &&
		    p[1] <= '9')) {
			p++;
			if (*p >= '0' && *p <= '9') {
				n = strtol(p, &end, 10);
				p = end;
			} else
				n = top + 1;
			if (n > top)
				top = n;
			k = snprintf(num, sizeof(num), "$%ld%s", n,
			    n >= 1 && n <= 64 && (wide & (UINT64_C(1) <<
			    (n - 1))) ? "::bigint" : "");
			for (end = num; end < num + k; end++)
				PUT(*end);
		} else if (ident_char(*p)) {	/* a word, whole */
			w = p;
			while (ident_char(*p))
				p++;
			if (p - w == 4 && strncmp(w, "user", 4) == 0) {
				PUT('"');
				for (; w < p; w++)
					PUT(*w);
				PUT('"');
			} else
				for (; w < p; w++)
					PUT(*w);
		} else
			PUT(*p++);
	}
	if (sql_pg_returns_id(s))
		for (p = " RETURNING id"; *p != '\0'; p++)
			PUT(*p);
#undef PUT
	buf[o] = '\0';
	return (buf);
}
