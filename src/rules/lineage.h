/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * lineage.h: the craft's lineage (传承谱系) from the master–apprentice
 * links — who learned from whom, generation by generation. Pure: it works
 * on an array of links; the store supplies them. Competitions use
 * lineage_depth() for recusal.
 */
#ifndef YJ_LINEAGE_H
#define YJ_LINEAGE_H

#include <stddef.h>
#include <stdint.h>

#define LINEAGE_MAX_NODES	4096

struct lineage_link {
	int64_t		 master;
	int64_t		 apprentice;
};

struct lineage_node {
	int64_t		 id;
	int		 gen;		/* <0 ancestors, 0 the root, >0 below */
	int		 parent;	/* index in the output, -1: none shown */
};

int	lineage_cycle(const struct lineage_link *, size_t, int64_t, int64_t);
/* lineage_depth() answers LINEAGE_UNKNOWN when the graph is too big to walk. */
#define LINEAGE_UNKNOWN	(-1)
int	lineage_depth(const struct lineage_link *, size_t, int64_t, int64_t,
	    int);
size_t	lineage_tree(const struct lineage_link *, size_t, int64_t, int, int,
	    struct lineage_node *, size_t);

#endif
