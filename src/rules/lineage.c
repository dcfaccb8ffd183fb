/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * lineage.c: questions about the lineage graph, each a walk over the
 * links (a town has hundreds of them, so plain walks are fast enough and
 * easy to check). A link is master -> apprentice; a person may have had
 * several masters over the years, and every one of them counts.
 */
#include <string.h>

#include "lineage.h"

/*
 * Generations from ancestor down to descendant: 1 for a direct
 * apprentice, 2 for an apprentice's apprentice, ...; 0 when descendant is
 * not within max_gen generations below ancestor (or is ancestor);
 * LINEAGE_UNKNOWN when the lineage is too big to walk (more than
 * LINEAGE_MAX_NODES people), which callers must treat as "related".
 * Breadth first, so the shortest line of descent counts.
 */
int
lineage_depth(const struct lineage_link *l, size_t n, int64_t ancestor,
    int64_t descendant, int max_gen)
{
	int64_t	 level[LINEAGE_MAX_NODES], next[LINEAGE_MAX_NODES];
	int64_t	 seen[LINEAGE_MAX_NODES];
	size_t	 nl = 1, nn, ns = 1, i, j, k;
	int	 gen;

	if (ancestor == descendant)
		return (0);
	level[0] = ancestor;
	seen[0] = ancestor;
	for (gen = 1; gen <= max_gen && nl > 0; gen++) {
		nn = 0;
		for (i = 0; i < nl; i++) {
			for (j = 0; j < n; j++) {
				if (l[j].master != level[i])
					continue;
				if (l[j].apprentice == descendant)
					return (gen);
				for (k = 0; k < ns; k++) {
					if (seen[k] == l[j].apprentice)
						break;
				}
				if (k < ns)
					continue;
				if (ns == LINEAGE_MAX_NODES ||
				    nn == LINEAGE_MAX_NODES)
					return (LINEAGE_UNKNOWN);
				seen[ns++] = l[j].apprentice;
				next[nn++] = l[j].apprentice;
			}
		}
		memcpy(level, next, nn * sizeof(level[0]));
		nl = nn;
	}
	return (0);
}

/*
 * 1 when linking master -> apprentice would make the lineage go round in
 * a circle: the apprentice is the master, or already stands above the
 * master in the lineage (at any distance).
 */
int
lineage_cycle(const struct lineage_link *l, size_t n, int64_t master,
    int64_t apprentice)
{
	if (master == apprentice)
		return (1);
	/* Too big to tell is refused, like a circle. */
	return (lineage_depth(l, n, apprentice, master,
	    LINEAGE_MAX_NODES) != 0);
}

static int
shown(const struct lineage_node *out, size_t no, int64_t id)
{
	size_t	 i;

	for (i = 0; i < no; i++) {
		if (out[i].id == id)
			return ((int)i);
	}
	return (-1);
}

/* Depth first below out[at], up to `down` generations; returns no. */
static size_t
descend(const struct lineage_link *l, size_t n, struct lineage_node *out,
    size_t no, size_t max, size_t at, int down)
{
	size_t	 j;
	int	 gen = out[at].gen + 1;

	if (gen > down)
		return (no);
	for (j = 0; j < n && no < max; j++) {
		if (l[j].master != out[at].id || shown(out, no,
		    l[j].apprentice) >= 0)
			continue;
		out[no].id = l[j].apprentice;
		out[no].gen = gen;
		out[no].parent = (int)at;
		no = descend(l, n, out, no + 1, max, no, down);
	}
	return (no);
}

/*
 * The lineage around root for display, in reading order: its masters
 * upward (up generations, farthest first), root itself (gen 0), then its
 * apprentices downward (down generations), depth first so that each
 * person is followed by their own apprentices. Each person appears once,
 * under the first master found; links are taken in the order given (the
 * store gives them oldest first). Returns the number of nodes in out.
 */
size_t
lineage_tree(const struct lineage_link *l, size_t n, int64_t root, int up,
    int down, struct lineage_node *out, size_t max)
{
	struct lineage_node	 anc[LINEAGE_MAX_NODES];
	size_t			 na = 0, no = 0, i, j, from, to;
	int			 gen;

	if (max == 0)
		return (0);
	/* Ancestors, generation by generation, nearest first. */
	anc[0].id = root;
	anc[0].gen = 0;
	from = 0;
	to = 1;
	for (gen = -1; gen >= -up && from < to; gen--) {
		for (i = from; i < to; i++) {
			for (j = 0; j < n; j++) {
				if (l[j].apprentice != anc[i].id ||
				    shown(anc, to + na, l[j].master) >= 0 ||
				    to + na >= LINEAGE_MAX_NODES)
					continue;
				anc[to + na].id = l[j].master;
				anc[to + na].gen = gen;
				anc[to + na].parent = -1;
				na++;
			}
		}
		from = to;
		to += na;
		na = 0;
	}
	/* Farthest first; each ancestor's parent is not drawn as a line. */
	for (i = to; i-- > 1 && no + 1 < max; )
		out[no++] = anc[i];
	out[no].id = root;
	out[no].gen = 0;
	out[no].parent = -1;
	no++;
	return (descend(l, n, out, no, max, no - 1, down));
}
