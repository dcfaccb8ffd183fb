/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * dbbench.h: the benchmark's town-scale data set (issue #16), written
 * straight into the store in large transactions — `yujiang-admin
 * bench-data DIR` fills a data directory the real server starts on.
 * The certificates themselves are issued by the real batch path
 * (db_batch_issue_run), not here.
 */
#ifndef YJ_DBBENCH_H
#define YJ_DBBENCH_H

#include <stdint.h>

#include "db.h"

/* Bumped whenever the data set changes shape: make bench rebuilds. */
#define BENCH_DATA_VERSION	1

struct bench_size {
	int		 people;	/* accounts, masters included */
	int		 masters;
	int		 runs;		/* each with people / runs graduates */
	int		 trainees;	/* apprentices with a master */
	int		 training;	/* training-log entries, over trainees */
	int		 entries;	/* entries of one competition */
	uint64_t	 seed;		/* same seed, same data */
};

/*
 * Fill the store (already migrated, holding the demo cast) with s's
 * people, identity checks, runs with their graduates, mentorships and
 * training entries, and a competition of s->entries entries; staff is
 * who recorded it all, now the time. synchronous is OFF while it runs
 * (restored after). *first and *last are the runs made, whose
 * certificates the caller issues. progress, when not NULL, is told each
 * step's name. DB_OK, or the first failure (nothing of that step kept).
 */
enum db_result	 db_bench_fill(const struct bench_size *s, int64_t staff,
		    int64_t now, int64_t *first, int64_t *last,
		    void (*progress)(const char *));

/* Set synchronous OFF and add the fill's two indexes (1), or drop them
 * and set synchronous back to NORMAL (0), for this connection. */
enum db_result	 db_bench_fast(int on);

/*
 * Call cb with the code of every `every`th certificate of a batch, in id
 * order (a deterministic sample for the benchmark's random picks); stops
 * when cb returns 0.
 */
enum db_result	 db_bench_codes(int every, int (*cb)(const char *, void *),
		    void *arg);

#endif
