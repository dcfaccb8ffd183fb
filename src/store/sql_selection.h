/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_selection.h: the statements of 评选 selection: competitions,
 * categories, panels, entries, recusals, score sheets, results,
 * nominations and the score log (db_comp.c, db_judge.c, db_result.c,
 * db_scorelog.c); 十大金牌导购大师 (db_guide.c, db_guidevote.c).
 *
 * Part of sql.c's one table, stmt_sql[]: sql.c includes this file inside
 * the table's initialiser, so it holds only [ST_X] = "SQL" entries
 * (and the column lists they share). Nothing else includes it.
 */

/* A competition with its count of live entries (db_comp.c). */
#define COMP_COLS \
	"c.id, c.name_zh, c.name_en, c.opens, c.closes, c.mode, c.min_panel, " \
	"c.spread, c.generations, c.advance, c.tiebreak, c.round, c.state, " \
	"c.log_head, c.published, c.created, (SELECT count(*) FROM " \
	"comp_entries e WHERE e.competition = c.id AND e.status IN " \
	"('pending', 'eligible')), c.kind"

/* A guide's nomination with its valid votes and complaints counted: its
 * own complaints and those against its shop, entered on any nomination
 * of the same shop in the selection (db_guide.c). */
#define NOMINEE_COLS \
	"n.id, n.competition, n.shop, n.guide, n.guide_user, n.evidence, " \
	"n.photo, n.code, n.status, n.note, n.nominated_by, n.created, " \
	"(SELECT count(*) FROM guide_votes v WHERE v.nominee = n.id AND " \
	"v.voided = 0), (SELECT count(*) FROM guide_complaints k WHERE " \
	"k.nominee = n.id OR (k.against = 'shop' AND k.competition = " \
	"n.competition AND k.nominee IN (SELECT m.id FROM guide_nominees m " \
	"WHERE m.competition = n.competition AND m.shop = n.shop)))"

/* An entry with its category, entrant and work (db_comp.c). */
#define ENTRY_COLS \
	"e.id, e.competition, e.category, k.name_zh, k.name_en, e.entrant, " \
	"u.name, e.work, w.title, w.material, e.code, e.status, e.note, " \
	"e.reached, e.created FROM comp_entries e JOIN comp_categories k ON " \
	"k.id = e.category JOIN users u ON u.id = e.entrant JOIN works w ON " \
	"w.id = e.work"

#define SHEET_COLS \
	"s.id, s.entry, s.judge, u.name, s.round, s.marks, s.final, " \
	"s.updated FROM comp_sheets s JOIN users u ON u.id = s.judge"

#define RESULT_COLS \
	"r.entry, e.category, k.name_zh, k.name_en, e.code, e.entrant, " \
	"u.name, e.work, w.title, r.round, r.rank, r.tier, r.total_num, " \
	"r.total_den, r.counted, r.flags, r.dropped_hi, r.dropped_lo, " \
	"r.advanced FROM comp_results r JOIN comp_entries e ON " \
	"e.id = r.entry JOIN comp_categories k ON k.id = e.category " \
	"JOIN users u ON u.id = e.entrant JOIN works w ON w.id = e.work"

/* The last round of competition c: results, awards and titles are its. */
#define FINAL_ROUND	"CASE WHEN c.advance > 0 THEN 2 ELSE 1 END"

/* The sheets that can be edited, as the score log must explain them. */
#define SHEET_ACTIONS	"('draft', 'final', 'reopen')"

	/* ?1 is the id in the update; the insert shares its bindings. */
	[ST_COMP_INSERT] =
	    "INSERT INTO competitions (name_zh, name_en, opens, closes, mode, "
	    "min_panel, spread, generations, advance, tiebreak, created_by, "
	    "created) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13)",
	[ST_COMP_RULES_UPDATE] =
	    "UPDATE competitions SET name_zh = ?2, name_en = ?3, opens = ?4, "
	    "closes = ?5, mode = ?6, min_panel = ?7, spread = ?8, "
	    "generations = ?9, advance = ?10, tiebreak = ?11 WHERE id = ?1 "
	    "AND state = 'entries'",
	[ST_COMP_GET] = "SELECT " COMP_COLS " FROM competitions c WHERE "
	    "(?1 = 0 OR c.id = ?1) ORDER BY c.id DESC",
	[ST_COMP_CRITERIA] =
	    "SELECT pos, name_zh, name_en, weight FROM comp_criteria WHERE "
	    "competition = ?1 ORDER BY pos",
	[ST_COMP_TIERS] =
	    "SELECT pos, name_zh, name_en, quota FROM comp_tiers WHERE "
	    "competition = ?1 ORDER BY pos",
	[ST_CRITERIA_CLEAR] =
	    "DELETE FROM comp_criteria WHERE competition = ?1",
	[ST_CRITERION_INSERT] =
	    "INSERT INTO comp_criteria (competition, pos, name_zh, name_en, "
	    "weight) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_TIERS_CLEAR] = "DELETE FROM comp_tiers WHERE competition = ?1",
	[ST_TIER_INSERT] =
	    "INSERT INTO comp_tiers (competition, pos, name_zh, name_en, "
	    "quota) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_COMP_IN_PROGRESS] =
	    "SELECT count(*) FROM competitions WHERE state <> 'published'",
	[ST_COMP_STATE_SET] =
	    "UPDATE competitions SET state = ?2, round = ?3 WHERE id = ?1",
	[ST_COMP_PUBLISH] =
	    "UPDATE competitions SET state = 'published', published = ?2, "
	    "log_head = ?3 WHERE id = ?1 AND state = 'locked'",
	[ST_CATEGORY_INSERT] =
	    "INSERT INTO comp_categories (competition, name_zh, name_en) "
	    "VALUES (?1, ?2, ?3)",
	[ST_CATEGORY_NAMED] =
	    "SELECT count(*) FROM comp_categories WHERE name_zh = ?1 AND "
	    "competition = ?2",
	[ST_CATEGORY_OF] =
	    "SELECT competition FROM comp_categories WHERE id = ?1",
	[ST_CATEGORIES] =
	    "SELECT k.id, k.competition, k.name_zh, k.name_en, (SELECT "
	    "count(*) FROM comp_entries e WHERE e.category = k.id AND "
	    "e.status IN ('pending', 'eligible')), (SELECT count(*) FROM "
	    "comp_judges j WHERE j.category = k.id) FROM comp_categories k "
	    "WHERE k.competition = ?1 ORDER BY k.id",
	[ST_CATEGORY_NO_JUDGE] =
	    "SELECT count(*) FROM comp_categories k WHERE k.competition = ?1 "
	    "AND EXISTS (SELECT 1 FROM comp_entries e WHERE e.category = k.id "
	    "AND e.status = 'eligible') AND NOT EXISTS (SELECT 1 FROM "
	    "comp_judges j WHERE j.category = k.id)",
	[ST_JUDGE_INSERT] =
	    "INSERT INTO comp_judges (category, judge, added_by, added) VALUES "
	    "(?1, ?2, ?3, ?4)",
	[ST_JUDGES_OF_COMP] =
	    "SELECT j.category, j.judge, u.name, k.name_zh, k.name_en FROM "
	    "comp_judges j JOIN comp_categories k ON k.id = j.category JOIN "
	    "users u ON "
	    "u.id = j.judge WHERE k.competition = ?1 ORDER BY j.category, "
	    "u.name, j.judge",
	[ST_JUDGE_SITS] =
	    "SELECT count(*) FROM comp_judges j JOIN comp_categories k ON "
	    "k.id = j.category WHERE k.competition = ?1 AND j.judge = ?2",
	[ST_JUDGE_ON_PANEL] =
	    "SELECT count(*) FROM comp_judges WHERE category = ?1 AND "
	    "judge = ?2",
	[ST_PANEL_SIZE] =
	    "SELECT count(*) FROM comp_judges WHERE category = ?1",
	[ST_ENTRY_INSERT] =
	    "INSERT INTO comp_entries (competition, category, entrant, work, "
	    "code, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_ENTRY_PHOTOS_FIX] =
	    "INSERT INTO comp_entry_photos (entry, pos, photo) SELECT ?1, "
	    "row_number() OVER (ORDER BY id), id FROM photos WHERE work = ?2 "
	    "ORDER BY id LIMIT 8",
	[ST_ENTRY_PHOTOS] =
	    "SELECT photo FROM comp_entry_photos WHERE entry = ?1 ORDER BY pos",
	[ST_ENTRY_GET] = "SELECT " ENTRY_COLS " WHERE e.id = ?1",
	[ST_ENTRIES_OF_COMP] = "SELECT " ENTRY_COLS " WHERE e.competition = ?1 "
	    "ORDER BY e.category, e.code",
	/* A page of that list (issue 16): the rows after entry ?2 (0: from
	 * the first) in its (category, code) order — a composite keyset,
	 * code being unique — up to ?3. An entry not of the competition
	 * is past every row: an empty page, never page one again. */
	[ST_ENTRIES_PAGE] = "SELECT " ENTRY_COLS " WHERE e.competition = ?1 "
	    "AND (?2 = 0 OR (e.category, e.code) > (SELECT x.category, x.code "
	    "FROM comp_entries x WHERE x.id = ?2 AND x.competition = ?1)) "
	    "ORDER BY e.category, e.code LIMIT ?3",
	[ST_ENTRIES_OF_USER] = "SELECT " ENTRY_COLS " WHERE e.entrant = ?1 "
	    "ORDER BY e.id DESC",
	[ST_ENTRY_OF_WORK] =
	    "SELECT count(*) FROM comp_entries WHERE competition = ?1 AND "
	    "work = ?2",
	[ST_ENTRY_CHECK] =
	    "UPDATE comp_entries SET status = ?2, note = ?3, checked_by = ?4, "
	    "checked = ?5 WHERE id = ?1",
	[ST_ENTRIES_STATUS] =
	    "SELECT count(*) FROM comp_entries WHERE status = ?1 AND "
	    "competition = ?2",
	[ST_ENTRIES_REACH] =
	    "UPDATE comp_entries SET reached = ?2 WHERE competition = ?1 AND "
	    "status = 'eligible'",
	[ST_ENTRY_REACHED] =
	    "UPDATE comp_entries SET reached = ?2 WHERE id = ?1",
	/* The round's entries, each with its panel (?3: one judge, ?4: one
	 * category, 0: all) and whether a recusal is recorded; an entry
	 * whose category has no judge comes once, with judge 0. */
	[ST_ROUND_PANEL] =
	    "SELECT e.id, e.entrant, e.category, coalesce(j.judge, 0), "
	    "r.entry IS NOT NULL FROM comp_entries e LEFT JOIN comp_judges j "
	    "ON j.category = e.category AND (?3 = 0 OR j.judge = ?3) "
	    "LEFT JOIN comp_recusals r ON r.entry = e.id AND r.judge = j.judge "
	    "WHERE e.competition = ?1 AND e.status = 'eligible' AND "
	    "e.reached >= ?2 AND (?4 = 0 OR e.category = ?4) "
	    "ORDER BY e.id, j.judge",
	/* A judge's entries this round: no entrant name, no title. */
	[ST_JUDGE_ROUND] =
	    "SELECT e.id, e.competition, e.category, k.name_zh, k.name_en, "
	    "w.material, e.code, e.reached, e.entrant, EXISTS (SELECT 1 FROM "
	    "comp_recusals r WHERE r.entry = e.id AND r.judge = ?2), "
	    "coalesce((SELECT 1 + s.final FROM comp_sheets s WHERE "
	    "s.entry = e.id AND s.judge = ?2 AND s.round = ?3), 0) "
	    "FROM comp_entries e JOIN comp_judges j ON j.category = e.category "
	    "AND j.judge = ?2 JOIN comp_categories k ON k.id = e.category "
	    "JOIN works w ON w.id = e.work WHERE e.competition = ?1 AND "
	    "e.status = 'eligible' AND e.reached >= ?3 ORDER BY e.category, "
	    "e.code",
	[ST_RECUSAL_INSERT] =
	    "INSERT OR IGNORE INTO comp_recusals (entry, judge, depth, "
	    "recorded) VALUES (?1, ?2, ?3, ?4)",
	[ST_RECUSAL_EXISTS] =
	    "SELECT count(*) FROM comp_recusals WHERE entry = ?1 AND "
	    "judge = ?2",
	/* Whether ?2 is (or was: the row outlives the incubation stage)
	 * the cohort mentor of ?1, who sees ?1's private works. */
	[ST_RECUSAL_MENTOR] =
	    "SELECT count(*) FROM cohort_members WHERE user = ?1 AND "
	    "mentor = ?2",
	[ST_RECUSALS_OF_COMP] =
	    "SELECT count(*) FROM comp_recusals r JOIN comp_entries e ON "
	    "e.id = r.entry WHERE e.competition = ?1",
	[ST_SHEET_GET] = "SELECT " SHEET_COLS " WHERE s.entry = ?1 AND "
	    "s.judge = ?2 AND s.round = ?3",
	[ST_SHEET_UPSERT] =
	    "INSERT INTO comp_sheets (entry, judge, round, marks, final, "
	    "updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (entry, "
	    "judge, round) DO UPDATE SET marks = excluded.marks, "
	    "final = excluded.final, updated = excluded.updated",
	[ST_SHEET_UNFINAL] =
	    "UPDATE comp_sheets SET final = 0, updated = ?2 WHERE id = ?1",
	/* A sheet of a judge recused since (a link made during judging)
	 * does not count: it is not shown either. */
	[ST_SHEETS_OF_ENTRY] = "SELECT " SHEET_COLS " WHERE s.entry = ?1 AND "
	    "s.round = ?2 AND (?3 = 0 OR s.final = 1) AND NOT EXISTS (SELECT "
	    "1 FROM comp_recusals r WHERE r.entry = s.entry AND r.judge = "
	    "s.judge) ORDER BY s.judge",
	[ST_SHEETS_OF_COMP] = "SELECT " SHEET_COLS " JOIN comp_entries e ON "
	    "e.id = s.entry WHERE e.competition = ?1 AND s.round = ?2 AND "
	    "s.final = 1 AND NOT EXISTS (SELECT 1 FROM comp_recusals r WHERE "
	    "r.entry = s.entry AND r.judge = s.judge) ORDER BY s.judge, "
	    "s.entry",
	/* The lock reads a round's sheets at once, in its pairs' order. */
	[ST_SHEETS_ROUND_FINAL] =
	    "SELECT s.entry, s.judge, s.marks FROM comp_sheets s JOIN "
	    "comp_entries e ON e.id = s.entry WHERE e.competition = ?1 AND "
	    "s.round = ?2 AND s.final = 1 ORDER BY s.entry, s.judge",
	[ST_COMP_PROGRESS] =
	    "SELECT count(*), coalesce(sum(s.final = 1), 0), "
	    "coalesce(sum(s.final = 0), 0) FROM comp_entries e JOIN "
	    "comp_judges j ON j.category = e.category LEFT JOIN comp_sheets s "
	    "ON s.entry = e.id AND s.judge = j.judge AND s.round = ?2 "
	    "WHERE e.competition = ?1 AND e.status = 'eligible' AND "
	    "e.reached >= ?2 AND NOT EXISTS (SELECT 1 FROM comp_recusals r "
	    "WHERE r.entry = e.id AND r.judge = j.judge)",
	[ST_RESULT_INSERT] =
	    "INSERT INTO comp_results (entry, round, rank, tier, total_num, "
	    "total_den, counted, flags, dropped_hi, dropped_lo, advanced) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* ?2 = 0: the competition's last round. */
	[ST_RESULTS_OF_COMP] = "SELECT " RESULT_COLS " JOIN competitions c ON "
	    "c.id = e.competition WHERE e.competition = ?1 AND r.round = "
	    "CASE WHEN ?2 > 0 THEN ?2 ELSE " FINAL_ROUND " END "
	    "ORDER BY e.category, r.rank, e.code",
	[ST_RESULT_OF_ENTRY] = "SELECT " RESULT_COLS " WHERE r.entry = ?1 AND "
	    "(?2 = 0 OR r.round = ?2) ORDER BY r.round DESC LIMIT 1",
	[ST_AWARDS_OF_COMP] =
	    "SELECT r.entry, e.entrant, c.name_zh, c.name_en, k.name_zh, "
	    "k.name_en, t.name_zh, t.name_en FROM comp_results r JOIN "
	    "comp_entries e ON e.id = r.entry JOIN competitions c ON "
	    "c.id = e.competition JOIN comp_categories k ON k.id = e.category "
	    "JOIN comp_tiers t ON t.competition = c.id AND t.pos = r.tier "
	    "WHERE c.id = ?1 AND r.round = " FINAL_ROUND " AND r.tier > 0 "
	    "ORDER BY e.category, r.rank, e.code",
	[ST_TIER_HOLDERS] =
	    "SELECT DISTINCT e.entrant FROM comp_results r JOIN comp_entries e "
	    "ON e.id = r.entry JOIN competitions c ON c.id = e.competition "
	    "WHERE c.id = ?1 AND r.tier = ?2 AND r.round = " FINAL_ROUND
	    " ORDER BY e.entrant",
	/* A person's placings in a tier: published competitions and ?3. */
	[ST_TIER_PLACINGS] =
	    "SELECT c.name_zh, k.name_zh FROM comp_results r JOIN comp_entries "
	    "e ON e.id = r.entry JOIN competitions c ON c.id = e.competition "
	    "JOIN comp_categories k ON k.id = e.category WHERE e.entrant = ?1 "
	    "AND r.tier = ?2 AND r.round = " FINAL_ROUND " AND (c.state = "
	    "'published' OR c.id = ?3) ORDER BY c.id, k.id",
	/* Proposed before, or held already (a title conferred otherwise). */
	[ST_NOMINATION_EXISTS] =
	    "SELECT (SELECT count(*) FROM title_nominations WHERE title_zh = "
	    "?1 AND user = ?2) + (SELECT count(*) FROM honours WHERE kind = "
	    "'title' AND name_zh = ?1 AND user = ?2)",
	[ST_TITLE_HELD] =
	    "SELECT count(*) FROM honours WHERE kind = 'title' AND "
	    "name_zh = ?1 AND user = ?2",
	[ST_NOMINATION_INSERT] =
	    "INSERT INTO title_nominations (user, title_zh, title_en, reason, "
	    "competition, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_NOMINATIONS] =
	    "SELECT n.id, n.user, u.name, n.title_zh, n.title_en, n.reason, "
	    "n.competition, n.state, coalesce(n.honour, 0), n.created FROM "
	    "title_nominations n JOIN users u ON u.id = n.user WHERE "
	    "(?1 = 0 OR n.id = ?1) ORDER BY n.id DESC",
	[ST_NOMINATION_DECIDE] =
	    "UPDATE title_nominations SET state = ?2, honour = ?3, "
	    "decided_by = ?4, decided = ?5 WHERE id = ?1 AND "
	    "state = 'proposed'",
	[ST_SCORE_LOG_LAST] =
	    "SELECT id, hash FROM score_log ORDER BY id DESC LIMIT 1",
	[ST_SCORE_LOG_INSERT] =
	    "INSERT INTO score_log (id, at, actor, action, competition, entry, "
	    "judge, round, old, new, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_SCORE_LOG_ALL] =
	    "SELECT id, at, actor, action, competition, entry, judge, round, "
	    "old, new, prev, hash FROM score_log ORDER BY id",
	/* Each sheet beside the last score-log record that wrote it. */
	[ST_SCORE_LOG_SHEETS] =
	    "SELECT s.id, s.entry, s.judge, s.round, s.marks, s.final, "
	    "coalesce(l.id, 0), coalesce(l.action, ''), coalesce(l.new, '') "
	    "FROM comp_sheets s LEFT JOIN (SELECT entry, judge, round, "
	    "max(id) AS id FROM score_log WHERE action IN " SHEET_ACTIONS
	    " GROUP BY entry, judge, round) m ON m.entry = s.entry AND "
	    "m.judge = s.judge AND m.round = s.round LEFT JOIN score_log l ON "
	    "l.id = m.id ORDER BY s.id",
	[ST_SCORE_LOG_HEADS] =
	    "SELECT c.id FROM competitions c WHERE c.state = 'published' AND "
	    "NOT EXISTS (SELECT 1 FROM score_log l WHERE l.hash = c.log_head) "
	    "ORDER BY c.id LIMIT 1",
	/* The score log's signed heads (db_scorelog.c). */
	[ST_SCORE_SIG_INSERT] =
	    "INSERT INTO score_log_sigs (record, kid, public_key, signature) "
	    "VALUES (?1, ?2, ?3, ?4)",
	/* Every record a lock or publication wrote, with its signature. */
	[ST_SCORE_SIG_HEADS] =
	    "SELECT l.id, l.competition, l.action, l.round, l.hash, "
	    "coalesce(s.kid, ''), coalesce(s.public_key, ''), "
	    "coalesce(s.signature, '') FROM score_log l LEFT JOIN "
	    "score_log_sigs s ON s.record = l.id WHERE l.action IN ('lock', "
	    "'publish') AND (?1 = 0 OR l.competition = ?1) ORDER BY l.id",
	/* 十大金牌导购大师 (db_guide.c). */
	[ST_ENTRY_COUNT_ANY] =
	    "SELECT count(*) FROM comp_entries WHERE competition = ?1",
	[ST_GUIDE_KIND_SET] =
	    "UPDATE competitions SET kind = 'guide' WHERE id = ?1 AND "
	    "state = 'entries'",
	[ST_GUIDE_RULES_GET] =
	    "SELECT w_panel, w_public, w_integrity, deduction, winners, burst, "
	    "burst_minutes, new_days FROM guide_rules WHERE competition = ?1",
	[ST_GUIDE_RULES_PUT] =
	    "INSERT INTO guide_rules (competition, w_panel, w_public, "
	    "w_integrity, deduction, winners, burst, burst_minutes, new_days) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT "
	    "(competition) DO UPDATE SET w_panel = ?2, w_public = ?3, "
	    "w_integrity = ?4, deduction = ?5, winners = ?6, burst = ?7, "
	    "burst_minutes = ?8, new_days = ?9",
	[ST_GUIDE_NOMINEE_INSERT] =
	    "INSERT INTO guide_nominees (competition, shop, guide, guide_user, "
	    "evidence, photo, code, status, nominated_by, created) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_GUIDE_NOMINEE_GET] = "SELECT " NOMINEE_COLS ", 0 FROM "
	    "guide_nominees n WHERE n.id = ?1",
	[ST_GUIDE_NOMINEE_BY_CODE] = "SELECT " NOMINEE_COLS ", 0 FROM "
	    "guide_nominees n WHERE n.code = ?1",
	[ST_GUIDE_NOMINEES] = "SELECT " NOMINEE_COLS ", 0 FROM "
	    "guide_nominees n WHERE n.competition = ?1 AND (?2 = 0 OR "
	    "n.status = 'eligible') ORDER BY n.id",
	[ST_GUIDE_NOMINEE_CHECK] =
	    "UPDATE guide_nominees SET status = ?2, note = ?3 WHERE id = ?1 "
	    "AND status = 'pending'",
	[ST_GUIDE_COUNT_STATUS] =
	    "SELECT count(*) FROM guide_nominees WHERE status = ?1 AND "
	    "competition = ?2",
	[ST_GUIDE_PANEL_COUNT] =
	    "SELECT count(DISTINCT j.judge) FROM comp_judges j JOIN "
	    "comp_categories k ON k.id = j.category WHERE k.competition = ?1",
	[ST_GUIDE_STATE] =
	    "UPDATE competitions SET state = ?2, round = ?3 WHERE id = ?1 AND "
	    "state = ?4 AND kind = 'guide'",
	[ST_GUIDE_VOTE_INSERT] =
	    "INSERT INTO guide_votes (competition, nominee, user, phone, day, "
	    "net, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_GUIDE_VOTE_GET] =
	    "SELECT competition, nominee, voided FROM guide_votes WHERE id = ?1",
	[ST_GUIDE_VOTE_VOID] =
	    "UPDATE guide_votes SET voided = 1, void_reason = ?2, voided_by = "
	    "?3 WHERE id = ?1 AND voided = 0",
	/* A vote with its neighbours from the same range (?2 seconds either
	 * side) and its account's age; ?3 = 1: only those that look odd
	 * (?4 neighbours or more, or an account younger than ?5 s; 0: no
	 * account is new). */
	[ST_GUIDE_VOTES] =
	    "SELECT * FROM (SELECT v.id, v.nominee, n.guide, v.user, v.phone, "
	    "v.day, v.net, v.at, v.voided, v.void_reason, u.created, (SELECT "
	    "count(*) FROM guide_votes w WHERE w.competition = v.competition "
	    "AND w.net = v.net AND w.at BETWEEN v.at - ?2 AND v.at + ?2) AS "
	    "nearby FROM guide_votes v JOIN users u ON u.id = v.user JOIN "
	    "guide_nominees n ON n.id = v.nominee WHERE v.competition = ?1) "
	    "WHERE ?3 = 0 OR nearby >= ?4 OR (?5 > 0 AND at - created < ?5) "
	    "ORDER BY id DESC LIMIT ?6",
	[ST_GUIDE_SHEET_GET] =
	    "SELECT marks, final FROM guide_sheets WHERE nominee = ?1 AND "
	    "judge = ?2",
	[ST_GUIDE_SHEET_PUT] =
	    "INSERT INTO guide_sheets (nominee, judge, marks, final, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (nominee, judge) DO "
	    "UPDATE SET marks = ?3, final = ?4, updated = ?5 WHERE "
	    "guide_sheets.final = 0",
	[ST_GUIDE_SHEETS_FINAL] =
	    "SELECT judge, marks FROM guide_sheets WHERE nominee = ?1 AND "
	    "final = 1 ORDER BY judge",
	[ST_GUIDE_SITS] =
	    "SELECT count(*) FROM comp_judges j JOIN comp_categories k ON "
	    "k.id = j.category WHERE k.competition = ?2 AND j.judge = ?1",
	[ST_GUIDE_RECUSED] =
	    "SELECT count(*) FROM guide_recusals WHERE nominee = ?1 AND "
	    "judge = ?2",
	[ST_GUIDE_RECUSAL_INSERT] =
	    "INSERT INTO guide_recusals (nominee, judge, reason, recorded) "
	    "VALUES (?1, ?2, ?3, ?4)",
	/* Sheets still owed: eligible nominees × judges of the panel who
	 * are neither the guide, nor who nominated, nor recused. */
	[ST_GUIDE_MISSING] =
	    "SELECT count(*) FROM (SELECT DISTINCT n.id, j.judge FROM "
	    "guide_nominees n JOIN comp_categories k ON k.competition = "
	    "n.competition JOIN comp_judges j ON j.category = k.id WHERE "
	    "n.competition = ?1 AND n.status = 'eligible' AND j.judge <> "
	    "n.guide_user AND j.judge <> n.nominated_by AND NOT EXISTS "
	    "(SELECT 1 FROM guide_recusals r WHERE r.nominee = n.id AND "
	    "r.judge = j.judge) AND NOT EXISTS (SELECT 1 FROM guide_sheets s "
	    "WHERE s.nominee = n.id AND s.judge = j.judge AND s.final = 1))",
	[ST_GUIDE_JUDGE_LIST] = "SELECT " NOMINEE_COLS ", coalesce((SELECT "
	    "s.final FROM guide_sheets s WHERE s.nominee = n.id AND s.judge = "
	    "?1), -1) FROM guide_nominees n JOIN competitions c ON c.id = "
	    "n.competition WHERE c.kind = 'guide' AND c.state = 'judging' AND "
	    "n.status = 'eligible' AND n.guide_user <> ?1 AND n.nominated_by "
	    "<> ?1 AND EXISTS (SELECT 1 FROM comp_judges j JOIN "
	    "comp_categories k ON k.id = j.category WHERE k.competition = c.id "
	    "AND j.judge = ?1) AND NOT EXISTS (SELECT 1 FROM guide_recusals r "
	    "WHERE r.nominee = n.id AND r.judge = ?1) ORDER BY n.code",
	[ST_GUIDE_COMPLAINT_INSERT] =
	    "INSERT INTO guide_complaints (competition, nominee, against, "
	    "summary, entered_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_GUIDE_COMPLAINTS] =
	    "SELECT k.id, k.nominee, n.shop, n.guide, k.against = 'shop', "
	    "k.summary, k.at FROM guide_complaints k JOIN guide_nominees n ON "
	    "n.id = k.nominee WHERE k.competition = ?1 ORDER BY k.id",
	[ST_GUIDE_RESULT_INSERT] =
	    "INSERT INTO guide_results (nominee, competition, rank, panel_num, "
	    "panel_den, votes, top_votes, complaints, integrity, final_num, "
	    "final_den, winner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12)",
	[ST_GUIDE_RESULT_HONOUR] =
	    "UPDATE guide_results SET honour = ?2 WHERE nominee = ?1",
	[ST_GUIDE_RESULTS] =
	    "SELECT r.nominee, n.shop, n.guide, n.guide_user, r.rank, "
	    "r.panel_num, r.panel_den, r.votes, r.top_votes, r.complaints, "
	    "r.integrity, r.final_num, r.final_den, r.winner, "
	    "coalesce(r.honour, 0), coalesce((SELECT c.code FROM certificates "
	    "c WHERE c.event = 'honour:' || r.honour AND c.current = 1), '') "
	    "FROM guide_results r JOIN guide_nominees n ON n.id = r.nominee "
	    "WHERE r.competition = ?1 ORDER BY r.rank",
