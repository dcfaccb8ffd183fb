/*
 * db_comp.c: 评选 selection in the store — competitions with their rules
 * (criteria, tiers, tie-break), categories and their judge panels,
 * entries under blind codes, recusals, judges' sheets, the lock that
 * freezes a round's results, publication (awards, their certificates,
 * title nominations) and the score log.
 *
 * Every decision is taken under the write lock (BEGIN IMMEDIATE), so two
 * staff or two judges at once see one order of events. The arithmetic
 * is score.c's and the lineage walk lineage.c's; this file loads and
 * stores. Every change to a sheet, every recusal and every step of a
 * competition appends a score-log record whose hash covers the record
 * before it (score.h): an edit made behind the application's back —
 * to the log or to the sheets it explains — is found by
 * db_score_log_verify() (`yujiang-admin audit verify`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_int.h"
#include "lineage.h"
#include "score.h"

#define ENTRY_CODE_TRIES	5	/* fresh codes tried on a clash */
/* struct nomination's reason holds this many bytes with its NUL. */
#define NOMINATION_REASON	sizeof(((struct nomination *)0)->reason)

static const char *const state_codes[] = {
	[COMP_ENTRIES] = "entries",
	[COMP_JUDGING] = "judging",
	[COMP_LOCKED] = "locked",
	[COMP_PUBLISHED] = "published",
};

static const char *const status_codes[] = {
	[ENTRY_PENDING] = "pending",
	[ENTRY_ELIGIBLE] = "eligible",
	[ENTRY_REFUSED] = "refused",
	[ENTRY_WITHDRAWN] = "withdrawn",
};

static const char *const nomination_codes[] = {
	[NOM_PROPOSED] = "proposed",
	[NOM_CONFIRMED] = "confirmed",
	[NOM_DECLINED] = "declined",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *
comp_state_code(enum comp_state s)
{
	return ((unsigned)s < NELEM(state_codes) ? state_codes[s] : "unknown");
}

const char *
entry_status_code(enum entry_status s)
{
	return ((unsigned)s < NELEM(status_codes) ? status_codes[s] :
	    "unknown");
}

/* The index of s in a code table, or dflt. */
static int
code_index(const char *const *tab, size_t n, const char *s, int dflt)
{
	size_t	 i;

	for (i = 0; s != NULL && i < n; i++) {
		if (strcmp(tab[i], s) == 0)
			return ((int)i);
	}
	return (dflt);
}

/* An answer that refuses: nothing written, the reason in *v. */
static enum db_result
refuse(enum comp_verdict *v, enum comp_verdict why)
{
	ROLLBACK();
	*v = why;
	return (DB_OK);
}

/* What most checks need of a competition: no criteria, no tiers. */
struct brief {
	enum comp_state	 state;
	int		 round;
	int		 generations;
};

/* A competition's brief; DB_NOTFOUND when none. */
static enum db_result
comp_brief(int64_t id, struct brief *b)
{
	sqlite3_stmt	*q;
	int		 rc;

	if (id <= 0)
		return (DB_NOTFOUND);
	q = st(ST_COMP_GET);
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		b->generations = sqlite3_column_int(q, 8);
		b->round = sqlite3_column_int(q, 11);
		b->state = (enum comp_state)code_index(state_codes,
		    NELEM(state_codes),
		    (const char *)sqlite3_column_text(q, 12), COMP_ENTRIES);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return (DB_OK);
	return (rc == SQLITE_DONE ? DB_NOTFOUND :
	    db_map(rc, stmt_sql[ST_COMP_GET]));
}

/* One integer from a statement with up to two integer parameters (a
 * and b bound as far as it has them); DB_NOTFOUND if no row. */
static enum db_result
one_int(enum stmt s, int64_t a, int64_t b, int64_t *out)
{
	sqlite3_stmt	*q = st(s);
	int		 rc, params = sqlite3_bind_parameter_count(q);

	*out = 0;
	if (params >= 1)
		sqlite3_bind_int64(q, 1, a);
	if (params >= 2)
		sqlite3_bind_int64(q, 2, b);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return (DB_OK);
	return (rc == SQLITE_DONE ? DB_NOTFOUND : db_map(rc, stmt_sql[s]));
}

/* An audit line about "<kind>:<id>". */
static enum db_result
audit(int64_t by, const char *action, const char *kind, int64_t id,
    const char *detail, int64_t now)
{
	char	 subject[48];

	(void)snprintf(subject, sizeof(subject), "%s:%lld", kind,
	    (long long)id);
	return (db_audit(by, action, subject, detail, now));
}

/*
 * Cut s to at most maxchars characters and fewer than size bytes, at a
 * UTF-8 character boundary, without trailing spaces. Honours' names are
 * CHECKed in characters; certificates hold CLAIM_TEXT bytes.
 */
static void
utf8_cut(char *s, size_t maxchars, size_t size)
{
	size_t		 i = 0, chars = 0, len, k;
	unsigned char	 c;

	while (s[i] != '\0') {
		c = (unsigned char)s[i];
		len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		for (k = 1; k < len && s[i + k] != '\0'; k++)
			;
		if (k < len || chars == maxchars || i + len >= size)
			break;
		i += len;
		chars++;
	}
	while (i > 0 && s[i - 1] == ' ')
		i--;
	s[i] = '\0';
}

/*
 * The score log. Inside an open transaction (so "the last record" cannot
 * move): hash the new record over its fields, the id it will get and the
 * previous record's hash, and append it. Its hash goes to hash_out when
 * that is not NULL (publication keeps it as the competition's log head).
 */
static enum db_result
log_append(int64_t actor, const char *action, int64_t comp, int64_t entry,
    int64_t judge, int round, const char *old, const char *marks,
    int64_t now, char hash_out[CHAIN_HEX])
{
	struct chain_rec	 rec;
	sqlite3_stmt		*q = st(ST_SCORE_LOG_LAST);
	char			 prev[CHAIN_HEX], hash[CHAIN_HEX];
	int64_t			 last = 0;
	int			 rc;

	(void)snprintf(prev, sizeof(prev), "%s", CHAIN_GENESIS);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		last = sqlite3_column_int64(q, 0);
		TEXT(q, 1, prev);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (db_map(rc, stmt_sql[ST_SCORE_LOG_LAST]));

	memset(&rec, 0, sizeof(rec));
	rec.id = last + 1;
	rec.at = now;
	rec.actor = actor;
	rec.action = action;
	rec.competition = comp;
	rec.entry = entry;
	rec.judge = judge;
	rec.round = round;
	rec.old = old != NULL ? old : "";
	rec.new = marks != NULL ? marks : "";
	rec.prev = prev;
	score_chain_hash(&rec, hash);

	q = st(ST_SCORE_LOG_INSERT);
	sqlite3_bind_int64(q, 1, rec.id);
	sqlite3_bind_int64(q, 2, rec.at);
	sqlite3_bind_int64(q, 3, rec.actor);
	sqlite3_bind_text(q, 4, rec.action, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, rec.competition);
	sqlite3_bind_int64(q, 6, rec.entry);
	sqlite3_bind_int64(q, 7, rec.judge);
	sqlite3_bind_int(q, 8, rec.round);
	sqlite3_bind_text(q, 9, rec.old, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 10, rec.new, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 12, hash, -1, SQLITE_STATIC);
	if (hash_out != NULL)
		(void)snprintf(hash_out, CHAIN_HEX, "%s", hash);
	return (db_step_done(q, ST_SCORE_LOG_INSERT));
}

/*
 * The rules staff start from (score.h's defaults, the 2018 彩云杯's):
 * weighted marks, panels of three, recusal two generations down.
 */
void
comp_defaults(struct comp_edit *e)
{
	size_t	 i;

	memset(e, 0, sizeof(*e));
	e->mode = SCORE_WEIGHTED;
	e->min_panel = 3;
	e->spread = 1;
	e->generations = 2;
	e->advance = 0;
	for (i = 0; i < score_default_criteria_count &&
	    i < SCORE_MAX_CRITERIA; i++) {
		e->crit[i].pos = (int)i + 1;
		(void)snprintf(e->crit[i].name_zh, sizeof(e->crit[i].name_zh),
		    "%s", score_default_criteria[i].zh);
		(void)snprintf(e->crit[i].name_en, sizeof(e->crit[i].name_en),
		    "%s", score_default_criteria[i].en);
		e->crit[i].weight = score_default_criteria[i].value;
	}
	e->ncrit = (int)i;
	for (i = 0; i < score_default_tiers_count && i < SCORE_MAX_TIERS;
	    i++) {
		e->tiers[i].pos = (int)i + 1;
		(void)snprintf(e->tiers[i].name_zh,
		    sizeof(e->tiers[i].name_zh), "%s",
		    score_default_tiers[i].zh);
		(void)snprintf(e->tiers[i].name_en,
		    sizeof(e->tiers[i].name_en), "%s",
		    score_default_tiers[i].en);
		e->tiers[i].quota = score_default_tiers[i].value;
	}
	e->ntiers = (int)i;
	for (i = 0; i < score_default_tiebreak_count &&
	    i < SCORE_MAX_CRITERIA; i++)
		e->tiebreak[i] = score_default_tiebreak[i] + 1;
	e->ntie = (int)i;
}

/*
 * A competition's columns (COMP_COLS). With rules, also its mode,
 * numbers and tie-break as score_rules wants them (criterion indexes);
 * the weights come from its criteria (db_comp_get()).
 */
static void
comp_row(sqlite3_stmt *q, struct competition *c, int rules)
{
	const char	*tb;
	char		*end;
	long		 pos;

	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(q, 0);
	TEXT(q, 1, c->name_zh);
	TEXT(q, 2, c->name_en);
	TEXT(q, 3, c->opens);
	TEXT(q, 4, c->closes);
	c->generations = sqlite3_column_int(q, 8);
	c->advance = sqlite3_column_int(q, 9);
	c->rounds = c->advance > 0 ? 2 : 1;
	c->round = sqlite3_column_int(q, 11);
	c->state = (enum comp_state)code_index(state_codes,
	    NELEM(state_codes), (const char *)sqlite3_column_text(q, 12),
	    COMP_ENTRIES);
	TEXT(q, 13, c->log_head);
	c->published = sqlite3_column_int64(q, 14);
	c->created = sqlite3_column_int64(q, 15);
	c->entries = sqlite3_column_int(q, 16);
	if (!rules)
		return;
	tb = (const char *)sqlite3_column_text(q, 5);
	c->rules.mode = tb != NULL && strcmp(tb, "worldskills") == 0 ?
	    SCORE_WORLDSKILLS : SCORE_WEIGHTED;
	c->rules.min_panel = sqlite3_column_int(q, 6);
	c->rules.spread = sqlite3_column_int(q, 7);
	/* "4 3": positions 1.., stored as written by bind_rules(). */
	tb = (const char *)sqlite3_column_text(q, 10);
	while (tb != NULL && *tb != '\0' &&
	    c->rules.ntie < SCORE_MAX_CRITERIA) {
		pos = strtol(tb, &end, 10);
		if (end == tb)
			break;
		if (pos >= 1 && pos <= SCORE_MAX_CRITERIA)
			c->rules.tiebreak[c->rules.ntie++] = (int)pos - 1;
		tb = end;
	}
}

/* Bind ?2..?11 of ST_COMP_INSERT / ST_COMP_RULES_UPDATE; tb holds the
 * tie-break text until the statement has run. */
static void
bind_rules(sqlite3_stmt *q, const struct comp_edit *e, char *tb, size_t tbsz)
{
	size_t	 len = 0;
	int	 i;

	tb[0] = '\0';
	for (i = 0; i < e->ntie && i < SCORE_MAX_CRITERIA; i++)
		len += (size_t)snprintf(tb + len, tbsz - len, "%s%d",
		    i > 0 ? " " : "", e->tiebreak[i]);
	sqlite3_bind_text(q, 2, e->name_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, e->name_en != NULL ? e->name_en : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(q, 4, e->opens, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, e->closes, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, e->mode == SCORE_WORLDSKILLS ? "worldskills" :
	    "weighted", -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 7, e->min_panel);
	sqlite3_bind_int(q, 8, e->spread);
	sqlite3_bind_int(q, 9, e->generations);
	sqlite3_bind_int(q, 10, e->advance);
	sqlite3_bind_text(q, 11, tb, -1, SQLITE_STATIC);
}

/*
 * Replace a competition's criteria and tiers. Their positions are their
 * places in the arrays (1..), which the tie-break's positions name.
 */
static enum db_result
rules_write(int64_t comp, const struct comp_edit *e)
{
	sqlite3_stmt	*q;
	enum db_result	 r;
	int		 i;

	q = st(ST_CRITERIA_CLEAR);
	sqlite3_bind_int64(q, 1, comp);
	if ((r = db_step_done(q, ST_CRITERIA_CLEAR)) != DB_OK)
		return (r);
	q = st(ST_TIERS_CLEAR);
	sqlite3_bind_int64(q, 1, comp);
	if ((r = db_step_done(q, ST_TIERS_CLEAR)) != DB_OK)
		return (r);
	for (i = 0; i < e->ncrit && i < SCORE_MAX_CRITERIA; i++) {
		q = st(ST_CRITERION_INSERT);
		sqlite3_bind_int64(q, 1, comp);
		sqlite3_bind_int(q, 2, i + 1);
		sqlite3_bind_text(q, 3, e->crit[i].name_zh, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, e->crit[i].name_en, -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 5, e->crit[i].weight);
		if ((r = db_step_done(q, ST_CRITERION_INSERT)) != DB_OK)
			return (r);
	}
	for (i = 0; i < e->ntiers && i < SCORE_MAX_TIERS; i++) {
		q = st(ST_TIER_INSERT);
		sqlite3_bind_int64(q, 1, comp);
		sqlite3_bind_int(q, 2, i + 1);
		sqlite3_bind_text(q, 3, e->tiers[i].name_zh, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, e->tiers[i].name_en, -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 5, e->tiers[i].quota);
		if ((r = db_step_done(q, ST_TIER_INSERT)) != DB_OK)
			return (r);
	}
	return (DB_OK);
}

/*
 * A competition with its criteria and tiers, in one transaction. The
 * caller checked the rules with score_rules_check(); DB_CONFLICT when a
 * CHECK of the schema still refuses them (a name too long, say).
 */
enum db_result
db_comp_create(const struct comp_edit *e, int64_t by, int64_t now,
    int64_t *id)
{
	sqlite3_stmt	*q;
	enum db_result	 r;
	char		 tb[SCORE_MAX_CRITERIA * 4];

	*id = 0;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	q = st(ST_COMP_INSERT);
	bind_rules(q, e, tb, sizeof(tb));
	sqlite3_bind_int64(q, 12, by);
	sqlite3_bind_int64(q, 13, now);
	if ((r = db_step_done(q, ST_COMP_INSERT)) != DB_OK)
		goto fail;
	*id = sqlite3_last_insert_rowid(db);
	if ((r = rules_write(*id, e)) != DB_OK ||
	    (r = audit(by, "comp.create", "competition", *id, e->name_zh,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/* New rules, while entries are still being taken (COMPV_STATE after). */
enum db_result
db_comp_rules_set(int64_t id, const struct comp_edit *e, int64_t by,
    int64_t now, enum comp_verdict *v)
{
	sqlite3_stmt		*q;
	enum db_result		 r;
	struct brief		 b;
	char			 tb[SCORE_MAX_CRITERIA * 4];

	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief(id, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES)
		return (refuse(v, COMPV_STATE));
	q = st(ST_COMP_RULES_UPDATE);
	sqlite3_bind_int64(q, 1, id);
	bind_rules(q, e, tb, sizeof(tb));
	if ((r = db_step_done(q, ST_COMP_RULES_UPDATE)) != DB_OK ||
	    (r = rules_write(id, e)) != DB_OK ||
	    (r = audit(by, "comp.rules", "competition", id, e->name_zh,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/* Every competition, newest first, without rules, criteria or tiers. */
enum db_result
db_comps(int (*cb)(const struct competition *, void *), void *arg)
{
	struct competition	*c;
	sqlite3_stmt		*q = st(ST_COMP_GET);
	int			 rc;

	if ((c = malloc(sizeof(*c))) == NULL)
		return (DB_ERROR);
	sqlite3_bind_int64(q, 1, 0);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		comp_row(q, c, 0);
		if (!cb(c, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	free(c);
	return (rc == SQLITE_DONE ? DB_OK : db_map(rc, stmt_sql[ST_COMP_GET]));
}

/* A competition with everything: criteria, tiers and scoring rules. */
enum db_result
db_comp_get(int64_t id, struct competition *c)
{
	sqlite3_stmt	*q;
	int		 rc, i;

	if (id <= 0)
		return (DB_NOTFOUND);
	q = st(ST_COMP_GET);
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		comp_row(q, c, 1);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return (rc == SQLITE_DONE ? DB_NOTFOUND :
		    db_map(rc, stmt_sql[ST_COMP_GET]));

	q = st(ST_COMP_CRITERIA);
	sqlite3_bind_int64(q, 1, id);
	for (i = 0; i < SCORE_MAX_CRITERIA &&
	    (rc = sqlite3_step(q)) == SQLITE_ROW; i++) {
		c->crit[i].pos = sqlite3_column_int(q, 0);
		TEXT(q, 1, c->crit[i].name_zh);
		TEXT(q, 2, c->crit[i].name_en);
		c->crit[i].weight = sqlite3_column_int(q, 3);
		c->rules.weight[i] = c->crit[i].weight;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (db_map(rc, stmt_sql[ST_COMP_CRITERIA]));
	c->ncrit = c->rules.ncrit = i;

	q = st(ST_COMP_TIERS);
	sqlite3_bind_int64(q, 1, id);
	for (i = 0; i < SCORE_MAX_TIERS &&
	    (rc = sqlite3_step(q)) == SQLITE_ROW; i++) {
		c->tiers[i].pos = sqlite3_column_int(q, 0);
		TEXT(q, 1, c->tiers[i].name_zh);
		TEXT(q, 2, c->tiers[i].name_en);
		c->tiers[i].quota = sqlite3_column_int(q, 3);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (db_map(rc, stmt_sql[ST_COMP_TIERS]));
	c->ntiers = i;
	return (DB_OK);
}

/* Competitions not yet published. */
enum db_result
db_comp_in_progress(int64_t *n)
{
	return (db_count(ST_COMP_IN_PROGRESS, NULL, 0, n));
}

/* A category of a competition still taking entries. */
enum db_result
db_category_add(int64_t comp, const char *name_zh, const char *name_en,
    int64_t by, int64_t now, int64_t *id, enum comp_verdict *v)
{
	sqlite3_stmt		*q;
	enum db_result		 r;
	struct brief		 b;
	int64_t			 n;

	*id = 0;
	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief(comp, &b)) != DB_OK ||
	    (r = db_count(ST_CATEGORY_NAMED, name_zh, comp, &n)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES)
		return (refuse(v, COMPV_STATE));
	if (n > 0)
		return (refuse(v, COMPV_TWICE));
	q = st(ST_CATEGORY_INSERT);
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_text(q, 2, name_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, name_en != NULL ? name_en : "", -1,
	    SQLITE_STATIC);
	if ((r = db_step_done(q, ST_CATEGORY_INSERT)) != DB_OK)
		goto fail;
	*id = sqlite3_last_insert_rowid(db);
	if ((r = audit(by, "category.add", "competition", comp, name_zh,
	    now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	return (DB_OK);
fail:
	ROLLBACK();
	*id = 0;
	return (r);
}

/* A competition's categories by id, with live entries and judges. */
enum db_result
db_categories(int64_t comp, int (*cb)(const struct comp_category *, void *),
    void *arg)
{
	struct comp_category	 k;
	sqlite3_stmt		*q = st(ST_CATEGORIES);
	int			 rc;

	sqlite3_bind_int64(q, 1, comp);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&k, 0, sizeof(k));
		k.id = sqlite3_column_int64(q, 0);
		k.competition = sqlite3_column_int64(q, 1);
		TEXT(q, 2, k.name_zh);
		TEXT(q, 3, k.name_en);
		k.entries = sqlite3_column_int(q, 4);
		k.judges = sqlite3_column_int(q, 5);
		if (!cb(&k, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_CATEGORIES]));
}

/*
 * Recusal (回避). A judge may not score the work of anyone in their own
 * line: an entrant within `generations` below them in the lineage
 * (1: their apprentices; 2: also their apprentices' apprentices). The
 * server decides it from the master–apprentice links — never the page —
 * and records it once (comp_recusals) with a score-log record, so a
 * link ended later does not let the judge back in, and the record shows
 * who was kept out of which entry.
 */

/* An (entry, judge) pair of a round; judge 0 when the panel is empty. */
struct pair {
	int64_t	 entry;
	int64_t	 entrant;
	int64_t	 category;
	int64_t	 judge;
	int	 recused;	/* recorded, or found in the lineage now */
};

/*
 * The round's pairs, ordered by entry then judge, into a new array the
 * caller frees: every eligible entry that reached `round`, with its
 * panel (only `judge` / only `category` when not 0).
 */
static enum db_result
pairs_load(int64_t comp, int round, int64_t judge, int64_t category,
    struct pair **out, size_t *n)
{
	sqlite3_stmt	*q = st(ST_ROUND_PANEL);
	struct pair	*p = NULL, *grown;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_int(q, 2, round);
	sqlite3_bind_int64(q, 3, judge);
	sqlite3_bind_int64(q, 4, category);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((grown = reallocarray(p, cap, sizeof(*p))) ==
			    NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			p = grown;
		}
		p[*n].entry = sqlite3_column_int64(q, 0);
		p[*n].entrant = sqlite3_column_int64(q, 1);
		p[*n].category = sqlite3_column_int64(q, 2);
		p[*n].judge = sqlite3_column_int64(q, 3);
		p[*n].recused = sqlite3_column_int(q, 4);
		(*n)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(p);
		*n = 0;
		return (rc == SQLITE_NOMEM ? DB_ERROR :
		    db_map(rc, stmt_sql[ST_ROUND_PANEL]));
	}
	*out = p;
	return (DB_OK);
}

/*
 * Inside an open transaction: record that judge is recused from entry
 * (depth: generations between them, LINEAGE_UNKNOWN when too big to
 * tell). The score log hears of it only the first time.
 */
static enum db_result
recusal_record(int64_t comp, int round, int64_t entry, int64_t judge,
    int depth, int64_t actor, int64_t now)
{
	sqlite3_stmt	*q = st(ST_RECUSAL_INSERT);
	enum db_result	 r;

	sqlite3_bind_int64(q, 1, entry);
	sqlite3_bind_int64(q, 2, judge);
	sqlite3_bind_int(q, 3, depth);
	sqlite3_bind_int64(q, 4, now);
	if ((r = db_step_done(q, ST_RECUSAL_INSERT)) != DB_OK)
		return (r);
	if (sqlite3_changes(db) == 0)
		return (DB_OK);		/* recorded before */
	return (log_append(actor, "recuse", comp, entry, judge, round, "", "",
	    now, NULL));
}

/* Generations from judge down to entrant; not 0 (LINEAGE_UNKNOWN too)
 * means related, hence recused. */
static int
related(const struct lineage_link *l, size_t nl, int64_t judge,
    int64_t entrant, int generations)
{
	if (nl == 0 || judge == 0)
		return (0);
	return (lineage_depth(l, nl, judge, entrant, generations));
}

/*
 * Inside an open transaction: find and record the recusals the lineage
 * calls for among pairs not recused yet, marking them. The links are
 * loaded once for all the pairs.
 */
static enum db_result
pairs_recuse(int64_t comp, int round, int generations, struct pair *p,
    size_t n, int64_t actor, int64_t now)
{
	struct lineage_link	*l;
	enum db_result		 r = DB_OK;
	size_t			 nl, i;
	int			 d;

	if (n == 0)
		return (DB_OK);
	if ((r = db_lineage_links(&l, &nl)) != DB_OK)
		return (r);
	for (i = 0; i < n && r == DB_OK; i++) {
		if (p[i].recused || (d = related(l, nl, p[i].judge,
		    p[i].entrant, generations)) == 0)
			continue;
		p[i].recused = 1;
		r = recusal_record(comp, round, p[i].entry, p[i].judge, d,
		    actor, now);
	}
	free(l);
	return (r);
}

/*
 * Put a master on a category's panel. While judging, their recusals in
 * the round are recorded at once, so progress counts them right.
 * DB_CONFLICT when the panel already has SCORE_MAX_JUDGES (score.c
 * takes no more).
 */
enum db_result
db_judge_add(int64_t comp, int64_t category, int64_t judge, int64_t by,
    int64_t now, enum comp_verdict *v)
{
	struct user		 u;
	struct brief		 b;
	struct pair		*p = NULL;
	sqlite3_stmt		*q;
	enum db_result		 r;
	enum comp_verdict	 why = COMPV_OK;
	int64_t			 owner, n;
	size_t			 np;
	char			 detail[64];

	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief(comp, &b)) != DB_OK)
		goto fail;
	if ((r = one_int(ST_CATEGORY_OF, category, 0, &owner)) != DB_OK &&
	    r != DB_NOTFOUND)
		goto fail;
	if (r == DB_NOTFOUND || owner != comp)
		why = COMPV_CATEGORY;
	else if (b.state == COMP_LOCKED || b.state == COMP_PUBLISHED)
		why = COMPV_STATE;
	else if ((r = db_user_by_id(judge, &u)) != DB_OK &&
	    r != DB_NOTFOUND)
		goto fail;
	else if (r == DB_NOTFOUND || u.role != ROLE_MASTER)
		why = COMPV_NOT_MASTER;
	else if ((r = one_int(ST_JUDGE_ON_PANEL, category, judge, &n)) !=
	    DB_OK)
		goto fail;
	else if (n > 0)
		why = COMPV_TWICE;
	else if ((r = one_int(ST_PANEL_SIZE, category, 0, &n)) != DB_OK)
		goto fail;
	else if (n >= SCORE_MAX_JUDGES) {
		r = DB_CONFLICT;
		goto fail;
	}
	if (why != COMPV_OK)
		return (refuse(v, why));
	q = st(ST_JUDGE_INSERT);
	sqlite3_bind_int64(q, 1, category);
	sqlite3_bind_int64(q, 2, judge);
	sqlite3_bind_int64(q, 3, by);
	sqlite3_bind_int64(q, 4, now);
	if ((r = db_step_done(q, ST_JUDGE_INSERT)) != DB_OK)
		goto fail;
	if (b.state == COMP_JUDGING &&
	    ((r = pairs_load(comp, b.round, judge, category, &p, &np)) !=
	    DB_OK || (r = pairs_recuse(comp, b.round, b.generations, p, np,
	    by, now)) != DB_OK))
		goto fail;
	(void)snprintf(detail, sizeof(detail), "category:%lld judge:%lld",
	    (long long)category, (long long)judge);
	if ((r = log_append(by, "judge.add", comp, 0, judge, b.round, "", "",
	    now, NULL)) != DB_OK ||
	    (r = audit(by, "judge.add", "competition", comp, detail, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	free(p);
	return (DB_OK);
fail:
	ROLLBACK();
	free(p);
	return (r);
}

/* The panels of a competition, by category, then judge's name. */
enum db_result
db_judges(int64_t comp, int (*cb)(const struct comp_judge *, void *),
    void *arg)
{
	struct comp_judge	 j;
	sqlite3_stmt		*q = st(ST_JUDGES_OF_COMP);
	int			 rc;

	sqlite3_bind_int64(q, 1, comp);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&j, 0, sizeof(j));
		j.category = sqlite3_column_int64(q, 0);
		j.judge = sqlite3_column_int64(q, 1);
		TEXT(q, 2, j.name);
		if (!cb(&j, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_JUDGES_OF_COMP]));
}

/* Whether judge sits on any panel of comp. */
enum db_result
db_judge_sits(int64_t comp, int64_t judge, int *yes)
{
	enum db_result	 r;
	int64_t		 n;

	*yes = 0;
	if ((r = one_int(ST_JUDGE_SITS, comp, judge, &n)) == DB_OK)
		*yes = n > 0;
	return (r);
}

static void
entry_row(sqlite3_stmt *q, struct comp_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(q, 0);
	e->competition = sqlite3_column_int64(q, 1);
	e->category = sqlite3_column_int64(q, 2);
	TEXT(q, 3, e->category_zh);
	TEXT(q, 4, e->category_en);
	e->entrant = sqlite3_column_int64(q, 5);
	TEXT(q, 6, e->entrant_name);
	e->work = sqlite3_column_int64(q, 7);
	TEXT(q, 8, e->title);
	TEXT(q, 9, e->material);
	TEXT(q, 10, e->code);
	e->status = (enum entry_status)code_index(status_codes,
	    NELEM(status_codes), (const char *)sqlite3_column_text(q, 11),
	    ENTRY_PENDING);
	TEXT(q, 12, e->note);
	e->reached = sqlite3_column_int(q, 13);
	e->created = sqlite3_column_int64(q, 14);
}

/*
 * Enter entrant's work in comp's category on day `today`. The checks, in
 * order: the competition takes entries and today is in its window, the
 * category is its, the entrant is an apprentice at the selection stage,
 * the work is theirs and has a photo to judge, and is not entered yet.
 * The entry gets a random code (a clash with another's: a new one).
 */
enum db_result
db_entry_create(int64_t comp, int64_t category, int64_t entrant,
    int64_t work, const char *today, int64_t now, int64_t *id,
    enum comp_verdict *v)
{
	struct competition	*c;
	struct user		 u;
	struct work		*w;
	sqlite3_stmt		*q;
	enum db_result		 r;
	enum comp_verdict	 why = COMPV_OK;
	int64_t			 owner, n;
	char			 code[ENTRY_CODE_LEN + 1];
	int			 tries;

	*id = 0;
	*v = COMPV_OK;
	c = malloc(sizeof(*c));
	w = malloc(sizeof(*w));
	if (c == NULL || w == NULL) {
		free(c);
		free(w);
		return (DB_ERROR);
	}
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_comp_get(comp, c)) != DB_OK)
		goto fail;
	if (c->state != COMP_ENTRIES)
		why = COMPV_STATE;
	else if (strcmp(today, c->opens) < 0 || strcmp(today, c->closes) > 0)
		why = COMPV_WINDOW;
	else if ((r = one_int(ST_CATEGORY_OF, category, 0, &owner)) !=
	    DB_OK && r != DB_NOTFOUND)
		goto fail;
	else if (r == DB_NOTFOUND || owner != comp)
		why = COMPV_CATEGORY;
	else if ((r = db_user_by_id(entrant, &u)) != DB_OK &&
	    r != DB_NOTFOUND)
		goto fail;
	else if (r == DB_NOTFOUND || u.role != ROLE_APPRENTICE ||
	    u.stage != STAGE_SELECTION)
		why = COMPV_NOT_SELECTION;
	else if ((r = db_work_get(work, w)) != DB_OK && r != DB_NOTFOUND)
		goto fail;
	else if (r == DB_NOTFOUND || w->user != entrant)
		why = COMPV_NOT_OWNER;
	else if (w->photos < 1)
		why = COMPV_NO_PHOTOS;
	if (why != COMPV_OK) {
		r = refuse(v, why);
		goto out;
	}
	for (tries = 0; tries < ENTRY_CODE_TRIES; tries++) {
		entry_code_make(code);
		q = st(ST_ENTRY_INSERT);
		sqlite3_bind_int64(q, 1, comp);
		sqlite3_bind_int64(q, 2, category);
		sqlite3_bind_int64(q, 3, entrant);
		sqlite3_bind_int64(q, 4, work);
		sqlite3_bind_text(q, 5, code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 6, now);
		if ((r = db_step_done(q, ST_ENTRY_INSERT)) != DB_CONFLICT)
			break;
		/* UNIQUE (competition, work), or a code drawn twice. */
		if ((r = one_int(ST_ENTRY_OF_WORK, comp, work, &n)) != DB_OK)
			goto fail;
		if (n > 0) {
			r = refuse(v, COMPV_TWICE);
			goto out;
		}
		r = DB_CONFLICT;
	}
	if (r != DB_OK)
		goto fail;
	*id = sqlite3_last_insert_rowid(db);
	if ((r = audit(entrant, "entry.create", "entry", *id, code, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
	*id = 0;
out:
	free(c);
	free(w);
	return (r);
}

/* An entry with its names; DB_NOTFOUND when none. */
enum db_result
db_entry_get(int64_t id, struct comp_entry *e)
{
	sqlite3_stmt	*q = st(ST_ENTRY_GET);
	int		 rc;

	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		entry_row(q, e);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return (DB_OK);
	return (rc == SQLITE_DONE ? DB_NOTFOUND :
	    db_map(rc, stmt_sql[ST_ENTRY_GET]));
}

static enum db_result
entry_list(enum stmt s, int64_t key, int (*cb)(const struct comp_entry *,
    void *), void *arg)
{
	struct comp_entry	*e;
	sqlite3_stmt		*q = st(s);
	int			 rc;

	if ((e = malloc(sizeof(*e))) == NULL)
		return (DB_ERROR);
	sqlite3_bind_int64(q, 1, key);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		entry_row(q, e);
		if (!cb(e, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	free(e);
	return (rc == SQLITE_DONE ? DB_OK : db_map(rc, stmt_sql[s]));
}

/* All entries of a competition (staff), by category and code. */
enum db_result
db_entries(int64_t comp, int (*cb)(const struct comp_entry *, void *),
    void *arg)
{
	return (entry_list(ST_ENTRIES_OF_COMP, comp, cb, arg));
}

/* An entrant's own entries, newest first. */
enum db_result
db_entries_of_user(int64_t user, int (*cb)(const struct comp_entry *,
    void *), void *arg)
{
	return (entry_list(ST_ENTRIES_OF_USER, user, cb, arg));
}

/*
 * Staff's eligibility check: ENTRY_ELIGIBLE or ENTRY_REFUSED (anything
 * else is DB_CONFLICT), with a note. A decision may be changed while
 * entries are taken; a withdrawn entry stays withdrawn (COMPV_STATE).
 */
enum db_result
db_entry_check(int64_t entry, enum entry_status status, const char *note,
    int64_t by, int64_t now, enum comp_verdict *v)
{
	struct comp_entry	*e;
	sqlite3_stmt		*q;
	enum db_result		 r;
	struct brief		 b;

	*v = COMPV_OK;
	if (status != ENTRY_ELIGIBLE && status != ENTRY_REFUSED)
		return (DB_CONFLICT);
	if ((e = malloc(sizeof(*e))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_entry_get(entry, e)) != DB_OK ||
	    (r = comp_brief(e->competition, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES || e->status == ENTRY_WITHDRAWN) {
		r = refuse(v, COMPV_STATE);
		goto out;
	}
	q = st(ST_ENTRY_CHECK);
	sqlite3_bind_int64(q, 1, entry);
	sqlite3_bind_text(q, 2, entry_status_code(status), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, note != NULL ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, by);
	sqlite3_bind_int64(q, 5, now);
	if ((r = db_step_done(q, ST_ENTRY_CHECK)) != DB_OK ||
	    (r = audit(by, "entry.check", "entry", entry,
	    entry_status_code(status), now)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
out:
	free(e);
	return (r);
}

/*
 * Whether judge may score entry now (without writing): *v, and *live
 * with *depth when the lineage — not an earlier record — recuses them,
 * for the caller to record. Fills c and e.
 */
static enum db_result
judge_check(int64_t entry, int64_t judge, struct competition *c,
    struct comp_entry *e, int *live, int *depth, enum comp_verdict *v)
{
	struct lineage_link	*l;
	enum db_result		 r;
	int64_t			 n;
	size_t			 nl;

	*live = 0;
	*depth = 0;
	*v = COMPV_OK;
	if ((r = db_entry_get(entry, e)) != DB_OK ||
	    (r = db_comp_get(e->competition, c)) != DB_OK)
		return (r);
	if (c->state != COMP_JUDGING) {
		*v = COMPV_STATE;
		return (DB_OK);
	}
	if (e->status != ENTRY_ELIGIBLE || e->reached < c->round) {
		*v = COMPV_NOT_IN_ROUND;
		return (DB_OK);
	}
	if ((r = one_int(ST_JUDGE_ON_PANEL, e->category, judge, &n)) != DB_OK)
		return (r);
	if (n == 0) {
		*v = COMPV_NOT_JUDGE;
		return (DB_OK);
	}
	if ((r = one_int(ST_RECUSAL_EXISTS, entry, judge, &n)) != DB_OK)
		return (r);
	if (n > 0) {
		*v = COMPV_RECUSED;
		return (DB_OK);
	}
	if ((r = db_lineage_links(&l, &nl)) != DB_OK)
		return (r);
	*depth = related(l, nl, judge, e->entrant, c->generations);
	free(l);
	if (*depth != 0) {
		*live = 1;
		*v = COMPV_RECUSED;
	}
	return (DB_OK);
}

/*
 * Whether judge may score entry now. A recusal the lineage calls for is
 * recorded here (in its own short transaction) the first time it is met.
 */
enum db_result
db_entry_may_judge(int64_t entry, int64_t judge, enum comp_verdict *v)
{
	struct competition	*c;
	struct comp_entry	*e;
	enum db_result		 r;
	int			 live, depth;

	c = malloc(sizeof(*c));
	e = malloc(sizeof(*e));
	if (c == NULL || e == NULL) {
		r = DB_ERROR;
		goto out;
	}
	if ((r = judge_check(entry, judge, c, e, &live, &depth, v)) !=
	    DB_OK || !live)
		goto out;
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = recusal_record(c->id, c->round, entry, judge, depth, judge,
	    (int64_t)time(NULL))) != DB_OK || (r = COMMIT()) != DB_OK)
		ROLLBACK();
out:
	free(c);
	free(e);
	return (r);
}

/* One of a judge's entries this round, before recusals are decided. */
struct judged {
	int64_t	 entry;
	int64_t	 category;
	int64_t	 entrant;
	char	 category_zh[30 * 4 + 1];
	char	 category_en[60 + 1];
	char	 material[16];
	char	 code[ENTRY_CODE_LEN + 1];
	int	 reached;
	int	 recused;	/* recorded */
	int	 depth;		/* found in the lineage now, or 0 */
	int	 sheet;
};

/*
 * The entries judge scores this round, by category and code, without
 * recused ones (a recusal found in the lineage now is recorded). Blind:
 * only code, category, material and the judge's sheet state are filled —
 * never the entrant or the work — so no page can show them by mistake.
 * Outside judging nothing is listed.
 */
enum db_result
db_judge_entries(int64_t comp, int64_t judge,
    int (*cb)(const struct comp_entry *, void *), void *arg)
{
	struct comp_entry	*e = NULL;
	struct judged		*j = NULL, *grown;
	struct lineage_link	*l = NULL;
	sqlite3_stmt		*q;
	enum db_result		 r;
	struct brief		 b;
	size_t			 n = 0, cap = 0, nl = 0, i;
	int			 rc, live = 0;

	if ((r = comp_brief(comp, &b)) != DB_OK)
		return (r);
	if (b.state != COMP_JUDGING)
		return (DB_OK);
	q = st(ST_JUDGE_ROUND);
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_int64(q, 2, judge);
	sqlite3_bind_int(q, 3, b.round);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((grown = reallocarray(j, cap, sizeof(*j))) ==
			    NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			j = grown;
		}
		memset(&j[n], 0, sizeof(j[n]));
		j[n].entry = sqlite3_column_int64(q, 0);
		j[n].category = sqlite3_column_int64(q, 2);
		TEXT(q, 3, j[n].category_zh);
		TEXT(q, 4, j[n].category_en);
		TEXT(q, 5, j[n].material);
		TEXT(q, 6, j[n].code);
		j[n].reached = sqlite3_column_int(q, 7);
		j[n].entrant = sqlite3_column_int64(q, 8);
		j[n].recused = sqlite3_column_int(q, 9);
		j[n].sheet = sqlite3_column_int(q, 10);
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		r = rc == SQLITE_NOMEM ? DB_ERROR :
		    db_map(rc, stmt_sql[ST_JUDGE_ROUND]);
		goto out;
	}
	if (n > 0 && (r = db_lineage_links(&l, &nl)) != DB_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if (!j[i].recused && (j[i].depth = related(l, nl, judge,
		    j[i].entrant, b.generations)) != 0)
			live = 1;
	}
	if (live) {
		if ((r = BEGIN()) != DB_OK)
			goto out;
		for (i = 0; i < n && r == DB_OK; i++) {
			if (j[i].depth != 0)
				r = recusal_record(comp, b.round, j[i].entry,
				    judge, j[i].depth, judge,
				    (int64_t)time(NULL));
		}
		if (r != DB_OK || (r = COMMIT()) != DB_OK) {
			ROLLBACK();
			goto out;
		}
	}
	if ((e = malloc(sizeof(*e))) == NULL) {
		r = DB_ERROR;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (j[i].recused || j[i].depth != 0)
			continue;
		memset(e, 0, sizeof(*e));
		e->id = j[i].entry;
		e->competition = comp;
		e->category = j[i].category;
		(void)snprintf(e->category_zh, sizeof(e->category_zh), "%s",
		    j[i].category_zh);
		(void)snprintf(e->category_en, sizeof(e->category_en), "%s",
		    j[i].category_en);
		(void)snprintf(e->material, sizeof(e->material), "%s",
		    j[i].material);
		(void)snprintf(e->code, sizeof(e->code), "%s", j[i].code);
		e->status = ENTRY_ELIGIBLE;
		e->reached = j[i].reached;
		e->sheet = j[i].sheet;
		if (!cb(e, arg))
			break;
	}
out:
	free(e);
	free(l);
	free(j);
	return (r);
}

static void
sheet_row(sqlite3_stmt *q, struct comp_sheet *s)
{
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(q, 0);
	s->entry = sqlite3_column_int64(q, 1);
	s->judge = sqlite3_column_int64(q, 2);
	TEXT(q, 3, s->judge_name);
	s->round = sqlite3_column_int(q, 4);
	TEXT(q, 5, s->marks);
	s->final = sqlite3_column_int(q, 6);
	s->updated = sqlite3_column_int64(q, 7);
}

/* A judge's sheet for an entry in a round; DB_NOTFOUND when none. */
enum db_result
db_sheet_get(int64_t entry, int64_t judge, int round, struct comp_sheet *s)
{
	sqlite3_stmt	*q = st(ST_SHEET_GET);
	int		 rc;

	sqlite3_bind_int64(q, 1, entry);
	sqlite3_bind_int64(q, 2, judge);
	sqlite3_bind_int(q, 3, round);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		sheet_row(q, s);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return (DB_OK);
	return (rc == SQLITE_DONE ? DB_NOTFOUND :
	    db_map(rc, stmt_sql[ST_SHEET_GET]));
}

/*
 * Save judge's marks for entry in the current round, as a draft or as
 * final. Refused as db_entry_may_judge() would (a recusal found now is
 * recorded and committed: it stands whatever the judge does next), and
 * COMPV_FINAL once final (staff may reopen it). marks were checked by the
 * caller; marks the competition's rules cannot read are DB_CONFLICT, so
 * the lock never meets them. Each save appends to the score log.
 */
enum db_result
db_sheet_save(int64_t entry, int64_t judge, const char *marks, int final,
    int64_t now, enum comp_verdict *v)
{
	struct competition	*c;
	struct comp_entry	*e;
	struct comp_sheet	 s;
	sqlite3_stmt		*q;
	enum db_result		 r;
	int			 live, depth, parsed[SCORE_MAX_CRITERIA];

	*v = COMPV_OK;
	c = malloc(sizeof(*c));
	e = malloc(sizeof(*e));
	if (c == NULL || e == NULL) {
		r = DB_ERROR;
		goto out;
	}
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = judge_check(entry, judge, c, e, &live, &depth, v)) != DB_OK)
		goto fail;
	if (live) {
		if ((r = recusal_record(c->id, c->round, entry, judge, depth,
		    judge, now)) != DB_OK || (r = COMMIT()) != DB_OK)
			goto fail;
		goto out;
	}
	if (*v != COMPV_OK) {
		r = refuse(v, *v);
		goto out;
	}
	if ((r = db_sheet_get(entry, judge, c->round, &s)) == DB_NOTFOUND)
		s.marks[0] = '\0';
	else if (r != DB_OK)
		goto fail;
	else if (s.final) {
		r = refuse(v, COMPV_FINAL);
		goto out;
	}
	if (!score_marks_parse(marks, c->ncrit, score_mark_max(c->rules.mode),
	    parsed)) {
		r = DB_CONFLICT;
		goto fail;
	}
	q = st(ST_SHEET_UPSERT);
	sqlite3_bind_int64(q, 1, entry);
	sqlite3_bind_int64(q, 2, judge);
	sqlite3_bind_int(q, 3, c->round);
	sqlite3_bind_text(q, 4, marks, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 5, final != 0);
	sqlite3_bind_int64(q, 6, now);
	if ((r = db_step_done(q, ST_SHEET_UPSERT)) != DB_OK ||
	    (r = log_append(judge, final ? "final" : "draft", c->id, entry,
	    judge, c->round, s.marks, marks, now, NULL)) != DB_OK ||
	    (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
out:
	free(c);
	free(e);
	return (r);
}

/* The final sheets of an entry in a round: what reopening touches. */
struct reopened {
	int64_t	 id;
	int64_t	 judge;
	char	 marks[SCORE_MARKS_MAX];
};

struct reopen_list {
	struct reopened	*p;
	size_t		 n, cap;
	int		 failed;
};

static int
reopen_collect(const struct comp_sheet *s, void *arg)
{
	struct reopen_list	*a = arg;
	struct reopened		*grown;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		if ((grown = reallocarray(a->p, a->cap, sizeof(*a->p))) ==
		    NULL) {
			a->failed = 1;
			return (0);
		}
		a->p = grown;
	}
	a->p[a->n].id = s->id;
	a->p[a->n].judge = s->judge;
	(void)snprintf(a->p[a->n].marks, sizeof(a->p[a->n].marks), "%s",
	    s->marks);
	a->n++;
	return (1);
}

/*
 * Staff send an entry's final sheets of the current round back to their
 * judges (a spread flagged for re-marking, a slip): each becomes a draft
 * again, with a "reopen" score-log record. *n: how many.
 */
enum db_result
db_sheet_reopen(int64_t comp, int64_t entry, int64_t by, int64_t now,
    int *n, enum comp_verdict *v)
{
	struct reopen_list	 a;
	struct comp_entry	*e;
	struct brief		 b;
	sqlite3_stmt		*q;
	enum db_result		 r;
	size_t			 i;
	char			 detail[32];

	*n = 0;
	*v = COMPV_OK;
	memset(&a, 0, sizeof(a));
	if ((e = malloc(sizeof(*e))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = comp_brief(comp, &b)) != DB_OK ||
	    (r = db_entry_get(entry, e)) != DB_OK)
		goto fail;
	if (e->competition != comp) {
		r = DB_NOTFOUND;
		goto fail;
	}
	if (b.state != COMP_JUDGING) {
		r = refuse(v, COMPV_STATE);
		goto out;
	}
	if (e->status != ENTRY_ELIGIBLE || e->reached < b.round) {
		r = refuse(v, COMPV_NOT_IN_ROUND);
		goto out;
	}
	if ((r = db_sheets_of_entry(entry, b.round, 1, reopen_collect,
	    &a)) != DB_OK)
		goto fail;
	if (a.failed) {
		r = DB_ERROR;
		goto fail;
	}
	for (i = 0; i < a.n; i++) {
		q = st(ST_SHEET_UNFINAL);
		sqlite3_bind_int64(q, 1, a.p[i].id);
		sqlite3_bind_int64(q, 2, now);
		if ((r = db_step_done(q, ST_SHEET_UNFINAL)) != DB_OK ||
		    (r = log_append(by, "reopen", comp, entry, a.p[i].judge,
		    b.round, a.p[i].marks, a.p[i].marks, now, NULL)) != DB_OK)
			goto fail;
	}
	(void)snprintf(detail, sizeof(detail), "%zu sheets", a.n);
	if ((a.n > 0 && (r = audit(by, "sheet.reopen", "entry", entry, detail,
	    now)) != DB_OK) || (r = COMMIT()) != DB_OK)
		goto fail;
	*n = (int)a.n;
	goto out;
fail:
	ROLLBACK();
out:
	free(a.p);
	free(e);
	return (r);
}

static enum db_result
sheet_list(enum stmt s, int64_t key, int round, int final_only,
    int (*cb)(const struct comp_sheet *, void *), void *arg)
{
	struct comp_sheet	 sh;
	sqlite3_stmt		*q = st(s);
	int			 rc;

	sqlite3_bind_int64(q, 1, key);
	sqlite3_bind_int(q, 2, round);
	if (sqlite3_bind_parameter_count(q) >= 3)
		sqlite3_bind_int(q, 3, final_only != 0);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sheet_row(q, &sh);
		if (!cb(&sh, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	return (rc == SQLITE_DONE ? DB_OK : db_map(rc, stmt_sql[s]));
}

/* An entry's sheets of a round (only final ones if final_only), with
 * their judges' names, by judge. */
enum db_result
db_sheets_of_entry(int64_t entry, int round, int final_only,
    int (*cb)(const struct comp_sheet *, void *), void *arg)
{
	return (sheet_list(ST_SHEETS_OF_ENTRY, entry, round, final_only, cb,
	    arg));
}

/* Every final sheet of a competition's round, by judge then entry. */
enum db_result
db_sheets_of_comp(int64_t comp, int round,
    int (*cb)(const struct comp_sheet *, void *), void *arg)
{
	return (sheet_list(ST_SHEETS_OF_COMP, comp, round, 1, cb, arg));
}

/*
 * How the current round stands: sheets expected (each entry's panel
 * less its recorded recusals), final, draft; recusals recorded in the
 * whole competition. All zero but recusals while taking entries.
 */
enum db_result
db_comp_progress(int64_t comp, struct comp_progress *p)
{
	sqlite3_stmt	*q;
	enum db_result	 r;
	struct brief	 b;
	int64_t		 n;
	int		 rc;

	memset(p, 0, sizeof(*p));
	if ((r = comp_brief(comp, &b)) != DB_OK ||
	    (r = one_int(ST_RECUSALS_OF_COMP, comp, 0, &n)) != DB_OK)
		return (r);
	p->recusals = (int)n;
	if (b.round == 0)
		return (DB_OK);
	q = st(ST_COMP_PROGRESS);
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_int(q, 2, b.round);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		p->expected = sqlite3_column_int(q, 0);
		p->final = sqlite3_column_int(q, 1);
		p->draft = sqlite3_column_int(q, 2);
	}
	sqlite3_reset(q);
	return (rc == SQLITE_ROW ? DB_OK :
	    db_map(rc, stmt_sql[ST_COMP_PROGRESS]));
}

/*
 * Open judging: every entry checked, at least one eligible, every
 * category with eligible entries has a judge. Round 1 starts with every
 * eligible entry in it and every recusal its panels call for recorded.
 */
enum db_result
db_comp_open(int64_t comp, int64_t by, int64_t now, enum comp_verdict *v)
{
	struct pair	*p = NULL;
	struct brief	 b;
	sqlite3_stmt	*q;
	enum db_result	 r;
	int64_t		 pending, eligible, bare;
	size_t		 np;

	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = comp_brief(comp, &b)) != DB_OK)
		goto fail;
	if (b.state != COMP_ENTRIES)
		return (refuse(v, COMPV_STATE));
	if ((r = db_count(ST_ENTRIES_STATUS, "pending", comp, &pending)) !=
	    DB_OK || (r = db_count(ST_ENTRIES_STATUS, "eligible", comp,
	    &eligible)) != DB_OK || (r = db_count(ST_CATEGORY_NO_JUDGE, NULL,
	    comp, &bare)) != DB_OK)
		goto fail;
	if (pending > 0)
		return (refuse(v, COMPV_PENDING));
	if (eligible == 0)
		return (refuse(v, COMPV_EMPTY));
	if (bare > 0)
		return (refuse(v, COMPV_NO_JUDGES));
	q = st(ST_COMP_STATE_SET);
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_text(q, 2, comp_state_code(COMP_JUDGING), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(q, 3, 1);
	if ((r = db_step_done(q, ST_COMP_STATE_SET)) != DB_OK)
		goto fail;
	q = st(ST_ENTRIES_REACH);
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_int(q, 2, 1);
	if ((r = db_step_done(q, ST_ENTRIES_REACH)) != DB_OK ||
	    (r = pairs_load(comp, 1, 0, 0, &p, &np)) != DB_OK ||
	    (r = pairs_recuse(comp, 1, b.generations, p, np, by, now)) !=
	    DB_OK ||
	    (r = log_append(by, "open", comp, 0, 0, 1, "", "round 1", now,
	    NULL)) != DB_OK ||
	    (r = audit(by, "comp.open", "competition", comp, NULL, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	free(p);
	return (DB_OK);
fail:
	ROLLBACK();
	free(p);
	return (r);
}

/* A final sheet of the round being locked, read and parsed. */
struct final_sheet {
	int64_t			 entry;
	struct score_sheet	 s;
};

/*
 * The round's final sheets in one query, ordered by entry then judge
 * (the pairs' order), into a new array the caller frees. Marks the rules
 * cannot read (db_sheet_save() never stores them) are DB_ERROR.
 */
static enum db_result
finals_load(const struct competition *c, struct final_sheet **out,
    size_t *n)
{
	sqlite3_stmt		*q = st(ST_SHEETS_ROUND_FINAL);
	struct final_sheet	*f = NULL, *grown;
	size_t			 cap = 0;
	int			 rc, max = score_mark_max(c->rules.mode);

	*out = NULL;
	*n = 0;
	sqlite3_bind_int64(q, 1, c->id);
	sqlite3_bind_int(q, 2, c->round);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((grown = reallocarray(f, cap, sizeof(*f))) ==
			    NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			f = grown;
		}
		memset(&f[*n], 0, sizeof(f[*n]));
		f[*n].entry = sqlite3_column_int64(q, 0);
		f[*n].s.judge = sqlite3_column_int64(q, 1);
		if (!score_marks_parse((const char *)sqlite3_column_text(q, 2),
		    c->ncrit, max, f[*n].s.marks)) {
			db_log("lock", "a sheet's marks do not fit the rules");
			rc = SQLITE_MISMATCH;
			break;
		}
		(*n)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(f);
		*n = 0;
		return (rc == SQLITE_NOMEM || rc == SQLITE_MISMATCH ?
		    DB_ERROR : db_map(rc, stmt_sql[ST_SHEETS_ROUND_FINAL]));
	}
	*out = f;
	return (DB_OK);
}

/* Results grouped by category, then by entry (ranks are per category). */
static int
by_category(const void *a, const void *b)
{
	const struct score_result	*x = *(const struct score_result *
					    const *)a;
	const struct score_result	*y = *(const struct score_result *
					    const *)b;

	if (x->category != y->category)
		return (x->category < y->category ? -1 : 1);
	return (x->entry < y->entry ? -1 : x->entry > y->entry);
}

/* What the lock works on, freed in one place. */
struct lock_work {
	struct pair		*p;
	size_t			 np;
	struct final_sheet	*f;
	size_t			 nf;
	struct score_sheet	*sh;	/* each entry's sheets, in a row */
	struct score_result	*res;	/* one per entry */
	struct score_result	**order;
	size_t			*off;	/* res[k]'s sheets: from sh[off[k]] */
	int			*advanced;
	size_t			 nent;
};

static void
lock_work_free(struct lock_work *w)
{
	free(w->p);
	free(w->f);
	free(w->sh);
	free(w->res);
	free(w->order);
	free(w->off);
	free(w->advanced);
}

/*
 * Match the round's pairs with its final sheets (both ordered by entry,
 * judge) into each entry's panel of sheets; count what is missing.
 */
static enum db_result
lock_match(struct lock_work *w, struct lock_report *rep)
{
	size_t	 i, j = 0, k = 0, nsh = 0, n = 0;

	for (i = 0; i < w->np; i++) {
		if (i == 0 || w->p[i].entry != w->p[i - 1].entry)
			n++;
	}
	w->nent = n;
	w->res = calloc(n + 1, sizeof(*w->res));
	w->order = calloc(n + 1, sizeof(*w->order));
	w->off = calloc(n + 1, sizeof(*w->off));
	w->advanced = calloc(n + 1, sizeof(*w->advanced));
	w->sh = calloc(w->np + 1, sizeof(*w->sh));
	if (w->res == NULL || w->order == NULL || w->off == NULL ||
	    w->advanced == NULL || w->sh == NULL)
		return (DB_ERROR);
	for (i = 0; i < w->np; i++) {
		if (i == 0 || w->p[i].entry != w->p[i - 1].entry) {
			k = i == 0 ? 0 : k + 1;
			w->res[k].entry = w->p[i].entry;
			w->res[k].category = w->p[i].category;
			w->off[k] = nsh;
		}
		if (w->p[i].judge == 0 || w->p[i].recused)
			continue;
		while (j < w->nf && (w->f[j].entry < w->p[i].entry ||
		    (w->f[j].entry == w->p[i].entry &&
		    w->f[j].s.judge < w->p[i].judge)))
			j++;
		if (j < w->nf && w->f[j].entry == w->p[i].entry &&
		    w->f[j].s.judge == w->p[i].judge) {
			if (nsh - w->off[k] == SCORE_MAX_JUDGES) {
				db_log("lock", "a panel is over its size");
				return (DB_ERROR);
			}
			w->sh[nsh++] = w->f[j++].s;
			w->res[k].nsheets++;
		} else {
			rep->missing++;
			if (rep->first_missing == 0)
				rep->first_missing = w->p[i].entry;
		}
	}
	return (DB_OK);
}

/* Write an entry's result of the round; tier is a tier index or -1. */
static enum db_result
result_insert(const struct score_result *res, const struct score_sheet *sh,
    int round, int tier, int advanced)
{
	sqlite3_stmt	*q = st(ST_RESULT_INSERT);

	sqlite3_bind_int64(q, 1, res->entry);
	sqlite3_bind_int(q, 2, round);
	sqlite3_bind_int(q, 3, res->rank);
	sqlite3_bind_int(q, 4, tier >= 0 ? tier + 1 : 0);
	sqlite3_bind_int64(q, 5, res->total_num);
	sqlite3_bind_int64(q, 6, res->total_den);
	sqlite3_bind_int(q, 7, res->counted);
	sqlite3_bind_int64(q, 8, res->flags);
	sqlite3_bind_int64(q, 9, res->dropped_hi >= 0 ?
	    sh[res->dropped_hi].judge : 0);
	sqlite3_bind_int64(q, 10, res->dropped_lo >= 0 ?
	    sh[res->dropped_lo].judge : 0);
	sqlite3_bind_int(q, 11, advanced);
	return (db_step_done(q, ST_RESULT_INSERT));
}

/*
 * Lock the round being judged, in one transaction. Refused while a sheet
 * of a judge not recused is not final (COMPV_MISSING: rep->missing, one
 * such entry in rep->first_missing) or while WorldSkills marks are too
 * far apart (COMPV_SPREAD: rep->spread entries, to be re-marked) — then
 * nothing is written. Otherwise each entry is scored and each category
 * ranked (score.c); a first round of two sends the best `advance` of
 * each category (with ties) to the final, the last round gives tiers by
 * quota and freezes the competition ('locked'). The results are kept
 * per round. Recusals the lineage calls for are recorded first, so a
 * link made during judging still keeps a judge out.
 */
enum db_result
db_comp_lock(int64_t comp, int64_t by, int64_t now, struct lock_report *rep,
    enum comp_verdict *v)
{
	struct competition	*c;
	struct lock_work	 w;
	sqlite3_stmt		*q;
	enum db_result		 r;
	size_t			 k, a, m, x, nadv;
	int			 quota[SCORE_MAX_TIERS], i, final, next;
	char			 round[16];

	memset(rep, 0, sizeof(*rep));
	memset(&w, 0, sizeof(w));
	*v = COMPV_OK;
	if ((c = malloc(sizeof(*c))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_comp_get(comp, c)) != DB_OK)
		goto fail;
	if (c->state != COMP_JUDGING) {
		r = refuse(v, COMPV_STATE);
		goto out;
	}
	if ((r = pairs_load(comp, c->round, 0, 0, &w.p, &w.np)) != DB_OK ||
	    (r = pairs_recuse(comp, c->round, c->generations, w.p, w.np, by,
	    now)) != DB_OK || (r = finals_load(c, &w.f, &w.nf)) != DB_OK ||
	    (r = lock_match(&w, rep)) != DB_OK)
		goto fail;
	if (rep->missing > 0) {
		r = refuse(v, COMPV_MISSING);
		goto out;
	}

	for (k = 0; k < w.nent; k++) {
		score_entry(&c->rules, w.sh + w.off[k], w.res[k].nsheets,
		    &w.res[k]);
		if (w.res[k].flags & SCORE_F_SPREAD)
			rep->spread++;
		if (w.res[k].flags & SCORE_F_PANEL_SHORT)
			rep->short_panels++;
		w.order[k] = &w.res[k];
	}
	if (rep->spread > 0) {
		rep->short_panels = 0;
		r = refuse(v, COMPV_SPREAD);
		goto out;
	}

	final = c->round >= c->rounds;
	for (i = 0; i < c->ntiers; i++)
		quota[i] = c->tiers[i].quota;
	qsort(w.order, w.nent, sizeof(*w.order), by_category);
	for (a = 0; a < w.nent; a += m) {
		for (m = 1; a + m < w.nent &&
		    w.order[a + m]->category == w.order[a]->category; m++)
			;
		score_rank(&c->rules, w.order + a, m);
		if (final) {
			score_tiers(w.order + a, m, quota, c->ntiers);
			continue;
		}
		nadv = score_advance(w.order + a, m, c->advance);
		for (x = 0; x < nadv; x++)
			w.advanced[w.order[a + x] - w.res] = 1;
		rep->advanced += (int)nadv;
	}

	for (k = 0; k < w.nent; k++) {
		if ((r = result_insert(&w.res[k], w.sh + w.off[k], c->round,
		    final ? w.res[k].tier : -1, w.advanced[k])) != DB_OK)
			goto fail;
		if (!w.advanced[k])
			continue;
		q = st(ST_ENTRY_REACHED);
		sqlite3_bind_int64(q, 1, w.res[k].entry);
		sqlite3_bind_int(q, 2, c->round + 1);
		if ((r = db_step_done(q, ST_ENTRY_REACHED)) != DB_OK)
			goto fail;
	}
	rep->ranked = (int)w.nent;

	next = final ? c->round : c->round + 1;
	q = st(ST_COMP_STATE_SET);
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_text(q, 2, comp_state_code(final ? COMP_LOCKED :
	    COMP_JUDGING), -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, next);
	(void)snprintf(round, sizeof(round), "round %d", c->round);
	if ((r = db_step_done(q, ST_COMP_STATE_SET)) != DB_OK ||
	    (r = log_append(by, "lock", comp, 0, 0, c->round, "", round,
	    now, NULL)) != DB_OK ||
	    (r = audit(by, "comp.lock", "competition", comp, round, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	goto out;
fail:
	ROLLBACK();
	memset(rep, 0, sizeof(*rep));
out:
	lock_work_free(&w);
	free(c);
	return (r);
}

/* An award of the final round, on its way to an honour. */
struct award {
	int64_t	 entry;
	int64_t	 entrant;
	int64_t	 honour;
	char	 name_zh[CLAIM_TEXT];
	char	 name_en[CLAIM_TEXT];
};

/*
 * An award's name: "<competition> <category> <tier>" in Chinese and
 * "<competition> · <category> · <tier>" in English (each part in
 * Chinese when it has no English), cut to what honours.name_zh (80
 * characters) and name_en (160) and a certificate's claims hold.
 */
static void
award_name(sqlite3_stmt *q, struct award *a)
{
	char		 zh[512], en[512];
	const char	*part[6];
	int		 i;

	for (i = 0; i < 6; i++) {
		part[i] = (const char *)sqlite3_column_text(q, 2 + i);
		if (part[i] == NULL)
			part[i] = "";
	}
	(void)snprintf(zh, sizeof(zh), "%s %s %s", part[0], part[2], part[4]);
	(void)snprintf(en, sizeof(en), "%s · %s · %s",
	    part[1][0] != '\0' ? part[1] : part[0],
	    part[3][0] != '\0' ? part[3] : part[2],
	    part[5][0] != '\0' ? part[5] : part[4]);
	utf8_cut(zh, 80, sizeof(a->name_zh));
	utf8_cut(en, 160, sizeof(a->name_en));
	memcpy(a->name_zh, zh, strlen(zh) + 1);
	memcpy(a->name_en, en, strlen(en) + 1);
}

static enum db_result
awards_load(int64_t comp, struct award **out, size_t *n)
{
	sqlite3_stmt	*q = st(ST_AWARDS_OF_COMP);
	struct award	*a = NULL, *grown;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	sqlite3_bind_int64(q, 1, comp);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((grown = reallocarray(a, cap, sizeof(*a))) ==
			    NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			a = grown;
		}
		memset(&a[*n], 0, sizeof(a[*n]));
		a[*n].entry = sqlite3_column_int64(q, 0);
		a[*n].entrant = sqlite3_column_int64(q, 1);
		award_name(q, &a[*n]);
		(*n)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(a);
		*n = 0;
		return (rc == SQLITE_NOMEM ? DB_ERROR :
		    db_map(rc, stmt_sql[ST_AWARDS_OF_COMP]));
	}
	*out = a;
	return (DB_OK);
}

/* The ids a statement with two integer parameters lists, in a new array. */
static enum db_result
ids_load(enum stmt s, int64_t a, int64_t b, int64_t **out, size_t *n)
{
	sqlite3_stmt	*q = st(s);
	int64_t		*ids = NULL, *grown;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	sqlite3_bind_int64(q, 1, a);
	sqlite3_bind_int64(q, 2, b);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((grown = reallocarray(ids, cap, sizeof(*ids))) ==
			    NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			ids = grown;
		}
		ids[(*n)++] = sqlite3_column_int64(q, 0);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(ids);
		*n = 0;
		return (rc == SQLITE_NOMEM ? DB_ERROR :
		    db_map(rc, stmt_sql[s]));
	}
	*out = ids;
	return (DB_OK);
}

/*
 * Whether user's placings in tier pos (this competition's final round
 * and those of published ones) reach rule's count: *yes, with the
 * reason in Chinese ("2 × 金奖: 彩云杯 摆件, 玉雕节 挂件").
 */
static enum db_result
placings(const struct competition *c, const struct title_rule *t,
    int64_t user, int *yes, char *reason, size_t sz)
{
	sqlite3_stmt	*q = st(ST_TIER_PLACINGS);
	char		 list[1024], full[1200];
	size_t		 len = 0;
	int		 rc, n = 0;

	*yes = 0;
	list[0] = '\0';
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int(q, 2, t->tier + 1);
	sqlite3_bind_int64(q, 3, c->id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (len < sizeof(list))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
			    "%s%s %s", n > 0 ? ", " : "",
			    (const char *)sqlite3_column_text(q, 0),
			    (const char *)sqlite3_column_text(q, 1));
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return (db_map(rc, stmt_sql[ST_TIER_PLACINGS]));
	*yes = n >= t->count;
	(void)snprintf(full, sizeof(full), "%d × %s: %s", n,
	    c->tiers[t->tier].name_zh, list);
	utf8_cut(full, sz, sz);
	memcpy(reason, full, strlen(full) + 1);
	return (DB_OK);
}

/*
 * Inside publication's transaction: propose the town's titles (score.h's
 * title_rules) to everyone this competition gave a placing that brings
 * their count in that tier to the rule's. Once per person and title:
 * staff confirm or decline (db_nomination_decide()).
 */
static enum db_result
nominate(const struct competition *c, int64_t now, int *count)
{
	const struct title_rule	*t;
	sqlite3_stmt		*q;
	enum db_result		 r = DB_OK;
	int64_t			*users = NULL, n;
	size_t			 nu, i, k;
	char			 reason[NOMINATION_REASON];
	int			 yes;

	for (i = 0; i < title_rules_count && r == DB_OK; i++) {
		t = &title_rules[i];
		if (t->tier < 0 || t->tier >= c->ntiers)
			continue;
		if ((r = ids_load(ST_TIER_HOLDERS, c->id, t->tier + 1, &users,
		    &nu)) != DB_OK)
			break;
		for (k = 0; k < nu && r == DB_OK; k++) {
			if ((r = db_count(ST_NOMINATION_EXISTS, t->title_zh,
			    users[k], &n)) != DB_OK || n > 0 ||
			    (r = placings(c, t, users[k], &yes, reason,
			    sizeof(reason))) != DB_OK || !yes)
				continue;
			q = st(ST_NOMINATION_INSERT);
			sqlite3_bind_int64(q, 1, users[k]);
			sqlite3_bind_text(q, 2, t->title_zh, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 3, t->title_en, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 4, reason, -1, SQLITE_STATIC);
			sqlite3_bind_int64(q, 5, c->id);
			sqlite3_bind_int64(q, 6, now);
			if ((r = db_step_done(q, ST_NOMINATION_INSERT)) ==
			    DB_OK)
				(*count)++;
		}
		free(users);
		users = NULL;
	}
	return (r);
}

/*
 * Publish a locked competition, in one transaction: every placing in a
 * tier of the final round becomes an honour (an award) with its
 * certificate, all in one batch (event "competition:N", lang) whose
 * pictures the caller then starts drawing (rep->batch); titles are
 * proposed where placings add up (rep->nominations); names are shown
 * from now on; and the score log's last record — the "publish" one —
 * is kept as the competition's log head, so cutting records off the log
 * later shows. When a certificate cannot be issued (rep->cert: serials
 * used up, a name too long for the QR code) nothing is published and
 * *v is still COMPV_OK: the caller reports rep->cert.
 */
enum db_result
db_comp_publish(int64_t comp, enum cert_lang lang,
    const struct cert_issuer *is, struct publish_report *rep,
    enum comp_verdict *v)
{
	struct competition	*c;
	struct cert_event	 ev;
	struct award		*aw = NULL;
	enum cert_verdict	 cv;
	sqlite3_stmt		*q;
	enum db_result		 r;
	size_t			 naw = 0, i;
	int64_t			 batch = 0, cert;
	char			 source[32], event[32], head[CHAIN_HEX];

	memset(rep, 0, sizeof(*rep));
	rep->cert = CV_OK;
	*v = COMPV_OK;
	if ((c = malloc(sizeof(*c))) == NULL)
		return (DB_ERROR);
	if ((r = BEGIN()) != DB_OK)
		goto out;
	if ((r = db_comp_get(comp, c)) != DB_OK)
		goto fail;
	if (c->state != COMP_LOCKED) {
		r = refuse(v, COMPV_STATE);
		goto out;
	}
	(void)snprintf(source, sizeof(source), "competition:%lld",
	    (long long)comp);
	if ((r = awards_load(comp, &aw, &naw)) != DB_OK)
		goto fail;
	for (i = 0; i < naw; i++) {
		if ((r = db_honour_insert_tx(aw[i].entrant, KIND_AWARD,
		    aw[i].name_zh, aw[i].name_en, is->today, source, is->by,
		    is->now, &aw[i].honour)) != DB_OK)
			goto fail;
	}
	if (naw > 0 && (r = db_batch_insert_tx(source, lang, (int)naw,
	    is->by, is->now, &batch)) != DB_OK)
		goto fail;
	for (i = 0; i < naw; i++) {
		(void)snprintf(event, sizeof(event), "honour:%lld",
		    (long long)aw[i].honour);
		if ((r = db_cert_event(event, &ev)) != DB_OK ||
		    (r = db_cert_insert_tx(&ev, lang, ev.name, is, batch, 0,
		    &cert, &cv)) != DB_OK)
			goto fail;
		if (cv != CV_OK) {
			ROLLBACK();
			memset(rep, 0, sizeof(*rep));
			rep->cert = cv;
			goto out;
		}
		if ((r = audit(is->by, "cert.issue", "cert", cert, event,
		    is->now)) != DB_OK)
			goto fail;
	}
	if ((batch != 0 && (r = audit(is->by, "cert.batch", "batch", batch,
	    source, is->now)) != DB_OK) ||
	    (r = nominate(c, is->now, &rep->nominations)) != DB_OK ||
	    (r = log_append(is->by, "publish", comp, 0, 0, c->round, "", "",
	    is->now, head)) != DB_OK)
		goto fail;
	q = st(ST_COMP_PUBLISH);
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_int64(q, 2, is->now);
	sqlite3_bind_text(q, 3, head, -1, SQLITE_STATIC);
	if ((r = db_step_done(q, ST_COMP_PUBLISH)) != DB_OK ||
	    (r = audit(is->by, "comp.publish", "competition", comp, head,
	    is->now)) != DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	rep->batch = batch;
	rep->awards = (int)naw;
	goto out;
fail:
	ROLLBACK();
	memset(rep, 0, sizeof(*rep));
	rep->cert = CV_OK;
out:
	free(aw);
	free(c);
	return (r);
}

static void
result_row(sqlite3_stmt *q, struct comp_result_row *x)
{
	memset(x, 0, sizeof(*x));
	x->entry = sqlite3_column_int64(q, 0);
	x->category = sqlite3_column_int64(q, 1);
	TEXT(q, 2, x->category_zh);
	TEXT(q, 3, x->category_en);
	TEXT(q, 4, x->code);
	x->entrant = sqlite3_column_int64(q, 5);
	TEXT(q, 6, x->entrant_name);
	x->work = sqlite3_column_int64(q, 7);
	TEXT(q, 8, x->title);
	x->round = sqlite3_column_int(q, 9);
	x->rank = sqlite3_column_int(q, 10);
	x->tier = sqlite3_column_int(q, 11);
	x->total_num = sqlite3_column_int64(q, 12);
	x->total_den = sqlite3_column_int64(q, 13);
	x->counted = sqlite3_column_int(q, 14);
	x->flags = (unsigned)sqlite3_column_int(q, 15);
	x->dropped_hi = sqlite3_column_int64(q, 16);
	x->dropped_lo = sqlite3_column_int64(q, 17);
	x->advanced = sqlite3_column_int(q, 18);
}

/*
 * A round's results (0: the competition's last round) by category, rank
 * and code, with names: whoever shows them decides whether they may
 * (before publication only staff).
 */
enum db_result
db_results(int64_t comp, int round,
    int (*cb)(const struct comp_result_row *, void *), void *arg)
{
	struct comp_result_row	*x;
	sqlite3_stmt		*q = st(ST_RESULTS_OF_COMP);
	int			 rc;

	if ((x = malloc(sizeof(*x))) == NULL)
		return (DB_ERROR);
	sqlite3_bind_int64(q, 1, comp);
	sqlite3_bind_int(q, 2, round);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		result_row(q, x);
		if (!cb(x, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	free(x);
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_RESULTS_OF_COMP]));
}

/* An entry's result in a round (0: the last round it has one). */
enum db_result
db_result_of_entry(int64_t entry, int round, struct comp_result_row *x)
{
	sqlite3_stmt	*q = st(ST_RESULT_OF_ENTRY);
	int		 rc;

	sqlite3_bind_int64(q, 1, entry);
	sqlite3_bind_int(q, 2, round);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		result_row(q, x);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return (DB_OK);
	return (rc == SQLITE_DONE ? DB_NOTFOUND :
	    db_map(rc, stmt_sql[ST_RESULT_OF_ENTRY]));
}

static void
nomination_row(sqlite3_stmt *q, struct nomination *n)
{
	memset(n, 0, sizeof(*n));
	n->id = sqlite3_column_int64(q, 0);
	n->user = sqlite3_column_int64(q, 1);
	TEXT(q, 2, n->name);
	TEXT(q, 3, n->title_zh);
	TEXT(q, 4, n->title_en);
	TEXT(q, 5, n->reason);
	n->competition = sqlite3_column_int64(q, 6);
	n->state = (enum nomination_state)code_index(nomination_codes,
	    NELEM(nomination_codes), (const char *)sqlite3_column_text(q, 7),
	    NOM_PROPOSED);
	n->honour = sqlite3_column_int64(q, 8);
	n->created = sqlite3_column_int64(q, 9);
}

/* Title nominations, newest first. */
enum db_result
db_nominations(int (*cb)(const struct nomination *, void *), void *arg)
{
	struct nomination	 n;
	sqlite3_stmt		*q = st(ST_NOMINATIONS);
	int			 rc;

	sqlite3_bind_int64(q, 1, 0);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		nomination_row(q, &n);
		if (!cb(&n, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(q);
	return (rc == SQLITE_DONE ? DB_OK :
	    db_map(rc, stmt_sql[ST_NOMINATIONS]));
}

enum db_result
db_nomination_get(int64_t id, struct nomination *n)
{
	sqlite3_stmt	*q = st(ST_NOMINATIONS);
	int		 rc;

	if (id <= 0)
		return (DB_NOTFOUND);
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		nomination_row(q, n);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return (DB_OK);
	return (rc == SQLITE_DONE ? DB_NOTFOUND :
	    db_map(rc, stmt_sql[ST_NOMINATIONS]));
}

/*
 * Staff decide a proposed title once (COMPV_TWICE after): confirming
 * confers it — an honour (a title, source "nomination:N") whose id goes
 * to *honour for the caller to issue its certificate ("honour:N");
 * declining leaves *honour 0.
 */
enum db_result
db_nomination_decide(int64_t id, int confirm, const char *today, int64_t by,
    int64_t now, int64_t *honour, enum comp_verdict *v)
{
	struct nomination	 n;
	sqlite3_stmt		*q;
	enum db_result		 r;
	int64_t			 h = 0;
	char			 source[32];

	*honour = 0;
	*v = COMPV_OK;
	if ((r = BEGIN()) != DB_OK)
		return (r);
	if ((r = db_nomination_get(id, &n)) != DB_OK)
		goto fail;
	if (n.state != NOM_PROPOSED)
		return (refuse(v, COMPV_TWICE));
	(void)snprintf(source, sizeof(source), "nomination:%lld",
	    (long long)id);
	if (confirm && (r = db_honour_insert_tx(n.user, KIND_TITLE,
	    n.title_zh, n.title_en, today, source, by, now, &h)) != DB_OK)
		goto fail;
	q = st(ST_NOMINATION_DECIDE);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, nomination_codes[confirm ? NOM_CONFIRMED :
	    NOM_DECLINED], -1, SQLITE_STATIC);
	if (h != 0)
		sqlite3_bind_int64(q, 3, h);
	else
		sqlite3_bind_null(q, 3);
	sqlite3_bind_int64(q, 4, by);
	sqlite3_bind_int64(q, 5, now);
	if ((r = db_step_done(q, ST_NOMINATION_DECIDE)) != DB_OK ||
	    (r = audit(by, confirm ? "nomination.confirm" :
	    "nomination.decline", "nomination", id, n.title_zh, now)) !=
	    DB_OK || (r = COMMIT()) != DB_OK)
		goto fail;
	*honour = h;
	return (DB_OK);
fail:
	ROLLBACK();
	return (r);
}

/*
 * Check the score log and what it explains, reading one snapshot
 * without holding the write lock. The chain first, in id order: ids run
 * 1, 2, 3 … (a gap: records were deleted — the first one after it is
 * named), each record's prev is the hash stored in the record before
 * (CHAIN_GENESIS for the first) and its own stored hash is the hash of
 * its fields. Then, when the chain holds, every sheet must be as the
 * last record that wrote it left it ("final": final with those marks;
 * "draft", "reopen": a draft) — *bad_id is that record, or minus the
 * sheet's id when none wrote it — and every published competition's log
 * head must still be a record's hash (if not, records were cut off the
 * end: *bad_id is the id the first of them had). *bad_id 0: all is well;
 * otherwise why says, in English, what was found. *checked counts the
 * records read. The store's errors are the only other answers.
 */
enum db_result
db_score_log_verify(int64_t *bad_id, int64_t *checked, char *why,
    size_t whysz)
{
	struct chain_rec	 rec;
	sqlite3_stmt		*q;
	enum db_result		 r;
	char			 prev[CHAIN_HEX], hash[CHAIN_HEX];
	const char		*stored, *action, *marks;
	int64_t			 id, last = 0, sheet, entry, judge, logged;
	int			 rc, round, final;

	*bad_id = 0;
	*checked = 0;
	if (whysz > 0)
		why[0] = '\0';
	if ((r = db_exec_simple(ST_BEGIN_READ)) != DB_OK)
		return (r);
	(void)snprintf(prev, sizeof(prev), "%s", CHAIN_GENESIS);
	q = st(ST_SCORE_LOG_ALL);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		(*checked)++;
		id = sqlite3_column_int64(q, 0);
		memset(&rec, 0, sizeof(rec));
		rec.id = id;
		rec.at = sqlite3_column_int64(q, 1);
		rec.actor = sqlite3_column_int64(q, 2);
		rec.action = (const char *)sqlite3_column_text(q, 3);
		rec.competition = sqlite3_column_int64(q, 4);
		rec.entry = sqlite3_column_int64(q, 5);
		rec.judge = sqlite3_column_int64(q, 6);
		rec.round = sqlite3_column_int(q, 7);
		rec.old = (const char *)sqlite3_column_text(q, 8);
		rec.new = (const char *)sqlite3_column_text(q, 9);
		rec.prev = (const char *)sqlite3_column_text(q, 10);
		stored = (const char *)sqlite3_column_text(q, 11);
		if (rec.action == NULL || rec.old == NULL || rec.new == NULL ||
		    rec.prev == NULL || stored == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (id != last + 1) {
			*bad_id = id;
			if (last == 0)
				(void)snprintf(why, whysz, "record %lld: the "
				    "records before it were deleted",
				    (long long)id);
			else
				(void)snprintf(why, whysz, "record %lld: does "
				    "not follow record %lld (the records "
				    "between them were deleted)",
				    (long long)id, (long long)last);
			break;
		}
		if (strcmp(rec.prev, prev) != 0) {
			*bad_id = id;
			if (last == 0)
				(void)snprintf(why, whysz, "record %lld: does "
				    "not start the chain", (long long)id);
			else
				(void)snprintf(why, whysz, "record %lld: does "
				    "not follow record %lld", (long long)id,
				    (long long)last);
			break;
		}
		score_chain_hash(&rec, hash);
		if (strcmp(hash, stored) != 0) {
			*bad_id = id;
			(void)snprintf(why, whysz, "record %lld: its hash does "
			    "not match its fields (altered)", (long long)id);
			break;
		}
		(void)snprintf(prev, sizeof(prev), "%s", stored);
		last = id;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		r = rc == SQLITE_NOMEM ? DB_ERROR :
		    db_map(rc, stmt_sql[ST_SCORE_LOG_ALL]);
		goto out;
	}
	if (*bad_id != 0)
		goto out;

	q = st(ST_SCORE_LOG_SHEETS);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sheet = sqlite3_column_int64(q, 0);
		entry = sqlite3_column_int64(q, 1);
		judge = sqlite3_column_int64(q, 2);
		round = sqlite3_column_int(q, 3);
		marks = (const char *)sqlite3_column_text(q, 4);
		final = sqlite3_column_int(q, 5);
		logged = sqlite3_column_int64(q, 6);
		action = (const char *)sqlite3_column_text(q, 7);
		stored = (const char *)sqlite3_column_text(q, 8);
		if (marks == NULL || action == NULL || stored == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (logged == 0) {
			*bad_id = -sheet;
			(void)snprintf(why, whysz, "sheet %lld (entry %lld, "
			    "judge %lld, round %d) has no score-log record: "
			    "the scores table was edited", (long long)sheet,
			    (long long)entry, (long long)judge, round);
			break;
		}
		if (final != (strcmp(action, "final") == 0) ||
		    strcmp(marks, stored) != 0) {
			*bad_id = logged;
			(void)snprintf(why, whysz, "sheet %lld (entry %lld, "
			    "judge %lld, round %d) differs from score-log "
			    "record %lld: the scores table was edited",
			    (long long)sheet, (long long)entry,
			    (long long)judge, round, (long long)logged);
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		r = rc == SQLITE_NOMEM ? DB_ERROR :
		    db_map(rc, stmt_sql[ST_SCORE_LOG_SHEETS]);
		goto out;
	}
	if (*bad_id != 0)
		goto out;

	if ((r = one_int(ST_SCORE_LOG_HEADS, 0, 0, &id)) == DB_OK) {
		*bad_id = last + 1;
		(void)snprintf(why, whysz, "competition %lld: its published "
		    "log head is missing: records were cut", (long long)id);
	} else if (r == DB_NOTFOUND)
		r = DB_OK;
out:
	ROLLBACK();
	return (r);
}
