/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql.c: every SQL statement of Yujiang, in one table indexed by enum stmt
 * (db_int.h). db_prepare() (db.c) prepares them all when a worker starts,
 * so a statement that no longer matches the schema stops start-up instead
 * of failing a user's request. The typed wrappers that run them are the
 * db_*.c files; the schema they read is built by schema.c's migrations.
 *
 * The table is written by stage: this file holds the store's own
 * statements and includes, inside the one initialiser, a sql_<stage>.h
 * per stage (people, entry, training, incubation, selection, certs,
 * jobs) with that stage's [ST_X] = "SQL" entries and the column lists
 * they share. A new statement: its ST_X in db_int.h's enum, its SQL in
 * the sql_<stage>.h of the stage whose db_*.c runs it. Each ST_X has one
 * text: a second one for the same index is an error at compile time
 * (-Woverride-init, in -Wextra), and one left out is NULL, which
 * db_prepare() refuses, stopping start-up.
 */
#include <stdint.h>

#include "db.h"
#include "db_int.h"

/*
 * Whether work w is held by a competition: entered in one not yet
 * published. Until then the public does not see it, whatever its owner
 * set (listed nowhere, 404 when opened, its photos too): a judge must
 * not find an entry's work, and so its owner's name, among the public
 * works. Blind judging; entrant.c and portfolio.c say more. (Read by
 * sql_incubation.h and sql_training.h.)
 */
#define WORK_HELD(w) \
	"EXISTS (SELECT 1 FROM comp_entries he JOIN competitions hc ON " \
	"hc.id = he.competition WHERE he.work = " w " AND " \
	"hc.state <> 'published')"

const char *const stmt_sql[ST__COUNT] = {
	/* The store's own (db.c): transactions and the health check. */
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_PING] = "SELECT count(*) FROM users",
	/* A read that must see one snapshot without holding the write
	 * lock (the score log's verification). */
	[ST_BEGIN_READ] = "BEGIN DEFERRED",
	/* A scrape (db_metrics.c): messages not yet sent and dead, and when
	 * the oldest unsent was queued (the lowest id of the two unsent
	 * states: ids grow with time); every part is a range of the index
	 * outbox_state (state, id), never a scan of the sent ones. */
	[ST_METRICS_OUTBOX] =
	    "SELECT (SELECT count(*) FROM outbox WHERE state = 'queued'), "
	    "(SELECT count(*) FROM outbox WHERE state = 'sending'), "
	    "(SELECT count(*) FROM outbox WHERE state = 'dead'), "
	    "coalesce((SELECT created FROM outbox WHERE id = (SELECT min(m) "
	    "FROM (SELECT min(id) AS m FROM outbox WHERE state = 'queued' "
	    "UNION ALL SELECT min(id) FROM outbox WHERE state = 'sending'))), "
	    "0)",

#include "sql_people.h"
#include "sql_entry.h"
#include "sql_training.h"
#include "sql_incubation.h"
#include "sql_selection.h"
#include "sql_certs.h"
#include "sql_jobs.h"
};
