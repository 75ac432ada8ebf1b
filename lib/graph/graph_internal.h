/* graph_internal: what graph.c keeps beside a graph while building and
 * trimming it. No report needs any of it, so it stays out of graph.h. */
#ifndef CPROF_GRAPH_INTERNAL_H
#define CPROF_GRAPH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/arena.h"
#include "lib/base/hashmap.h"
#include "lib/graph/graph.h"

struct graph_edge;
struct graph_node;
struct loc_nodes;
struct profile;
struct profile_sample;

struct graph_private {
	size_t nodes_alloc;
	struct profile *prof;
	const char *empty;        /* "" interned in prof */
	struct arena arena;
	struct hashmap node_map;  /* info (+ tree parent) -> node */
	struct hashmap edge_map;  /* (src, dest) -> edge, while building */
	struct graph_node **all;  /* every node created, for graph_free */
	size_t nall, all_alloc;
	struct hashmap loc_map;   /* location -> its nodes */
	struct loc_nodes **loc_by_id; /* the same by location id, if dense */
	size_t nloc_by_id;
	bool tree;
	size_t stamp;             /* last stamp used in node/edge ->seen */
	/* Building with tags: the numeric tags (name, unit, value) of
	 * tag_sample, the sample being added. */
	const struct profile_sample *tag_sample;
	struct graph_tag *num_tags;
	size_t nnum_tags, num_tags_alloc;
	/* Building with tags: (node, labels, name) -> its tag or numeric
	 * group (struct tag_key, in the arena), so that adding a frame's
	 * tags costs lookups, not scans of every label set the node has. */
	struct hashmap tag_map;
	size_t tag_group; /* the last label-set stamp used in tag_group */
};

/* Every node and edge is allocated with its bookkeeping right behind
 * it, so a node's private part costs no pointer and no second lookup. */
struct graph_node_private {
	size_t seq;       /* creation order, the last tie-break of sorts */
	size_t seen;      /* stamp: seen in this sample / BFS / kept */
	int64_t score;    /* sort key scratch */
	struct graph_node *tree_parent; /* call-tree graphs: the caller */
	struct graph_edge *last_out; /* building: the out-edge used last */
	size_t tag_group; /* building tags: the label set of tag_sum */
	size_t tag_sum;   /* building tags: its sum's index */
};

struct graph_node_whole {
	struct graph_node pub;
	struct graph_node_private priv;
};

struct graph_edge_private {
	size_t seen;  /* sample stamp */
	bool removed; /* dropped from its lists */
};

struct graph_edge_whole {
	struct graph_edge pub;
	struct graph_edge_private priv;
};

/* The private part of a node or edge graph.c allocated. */
static inline struct graph_node_private *node_priv(const struct graph_node *n)
{
	return &((struct graph_node_whole *)(void *)(uintptr_t)n)->priv;
}

static inline struct graph_edge_private *edge_priv(const struct graph_edge *e)
{
	return &((struct graph_edge_whole *)(void *)(uintptr_t)e)->priv;
}

#endif
