/* graph_internal: what graph.c keeps beside a graph while building and
 * trimming it. No report needs any of it, so it stays out of graph.h. */
#ifndef CPROF_GRAPH_INTERNAL_H
#define CPROF_GRAPH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/arena.h"
#include "lib/base/hashmap.h"

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
};

#endif
