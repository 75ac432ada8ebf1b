/* graph: pprof's internal/graph — the call graph every graph-based report
 * (-top, -tree, -peek, -dot, -callgrind, -list …) is built from.
 *
 * A node stands for one struct graph_node_info (a function, a source line,
 * an address… depending on how the profile was aggregated); nodes are
 * created per location line (innermost first, as in the profile), so an
 * inlined call gives one node per frame. For every sample with a non-zero
 * value (or mean divisor) each distinct node on its stack gets the value
 * added to cum once, the leaf node also to flat, and each distinct
 * caller->callee pair gets an edge weight added once.
 *
 * Ownership: struct graph owns its nodes, edges and tags (an arena plus
 * per-node edge arrays); graph_free releases everything. Strings in nodes
 * (names, files, tags) are interned in the profile the graph was built
 * from, so they compare by pointer and live as long as that profile.
 *
 * Invariants:
 *  - g->nodes holds the graph's nodes (no NULLs), in creation order until
 *    graph_sort_nodes; nodes whose flat and cum are both 0 are not in it
 *    (but may still be reachable as ->function);
 *  - each edge is in exactly src->out and dest->in; there is at most one
 *    edge per (src, dest) pair; edge arrays have no particular order, use
 *    graph_edges_sorted for output;
 *  - every string field of an info is non-NULL ("" when absent). */
#ifndef CPROF_GRAPH_H
#define CPROF_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/arena.h"
#include "lib/base/hashmap.h"
#include "lib/base/wrap.h"

struct profile;
struct profile_location;
struct strbuf;
struct loc_nodes;

/* What identifies a node. Two infos are equal iff every field is equal;
 * strings are interned, so pointer comparison suffices. */
struct graph_node_info {
	const char *name;      /* function name, "" if none */
	const char *orig_name; /* system (mangled) name when orig_fn_names */
	uint64_t address;      /* 0 unless aggregated by address */
	const char *file;      /* filepath.Clean'ed source file, "" if none */
	int64_t start_line;    /* only when objfile is kept */
	int64_t lineno;        /* 0 unless aggregated by line */
	int64_t columnno;      /* 0 unless by line with showcolumns */
	const char *objfile;   /* mapping file when kept (obj_names, or no name) */
};

/* A tag: a sample label set (label tags) or a numeric label value
 * (numeric tags) with the weight of the samples carrying it. */
struct graph_tag {
	const char *name;  /* "key:value\nkey:value" or the formatted number */
	const char *unit;  /* "" for label tags */
	int64_t value;     /* the number, numeric tags only */
	int64_t flat, flat_div, cum, cum_div;
};

/* A map from names to tags (small; a plain array). */
struct graph_tag_map {
	struct graph_tag **tag;
	size_t ntag, alloc;
};

/* The numeric tags of a node, grouped by the sample's joined label tags
 * (pprof's map[labels]TagMap); labels "" for unlabelled samples. */
struct graph_numeric_tags {
	const char *labels;
	struct graph_tag_map tags;
};

struct graph_edge;

struct graph_edge_list {
	struct graph_edge **edge;
	size_t nedge, alloc;
};

struct graph_node {
	struct graph_node_info info;
	/* The node with the same info but address and lineno 0 (itself when
	 * they already are 0): the function a line or address belongs to. */
	struct graph_node *function;

	int64_t flat, flat_div, cum, cum_div; /* use the *_value helpers */

	struct graph_edge_list in;  /* edges from callers (edge->dest == node) */
	struct graph_edge_list out; /* edges to callees (edge->src == node) */

	/* Filled only when graph_options.tags is set. */
	struct graph_tag_map label_tags;
	struct graph_numeric_tags *numeric_tags;
	size_t nnumeric_tags, numeric_tags_alloc;

	/* graph_node_printable_name(info), computed once. */
	const char *printable;

};

struct graph_edge {
	struct graph_node *src, *dest;
	int64_t weight, weight_div;
	bool residual;  /* nodes were dropped between src and dest */
	bool is_inline; /* the call was inlined (all samples through it) */
};

struct graph_private;

struct graph {
	struct graph_node **nodes;
	size_t nnodes;
	struct graph_private *priv; /* graph.c's bookkeeping (graph_internal.h) */
};

/* A set of node infos (pprof's NodeSet), used to rebuild a graph keeping
 * only some nodes. Owns copies of the infos. */
struct graph_node_set {
	struct hashmap map;
	struct arena arena;
};

void graph_node_set_init(struct graph_node_set *s);
void graph_node_set_release(struct graph_node_set *s);
void graph_node_set_add(struct graph_node_set *s,
			const struct graph_node_info *info);
bool graph_node_set_has(const struct graph_node_set *s,
			const struct graph_node_info *info);

/* Formats a numeric tag value (key or unit is the label's unit) into sb. */
typedef void (*graph_format_tag_fn)(void *ctx, struct strbuf *sb,
				    int64_t value, const char *unit);

/* The unit of a numeric label key, "" if unknown (pprof's
 * Options.NumLabelUnits for the tags; NULL callback: the key itself). */
typedef const char *(*graph_num_label_unit_fn)(void *ctx, const char *key);

struct graph_options {
	int sample_index; /* value of each sample counted */
	int mean_index;   /* divisor for mean values, -1 for none */
	bool obj_names;   /* keep the mapping file in every info */
	bool orig_fn_names; /* keep system names */
	bool call_tree;   /* one node per distinct call path (pprof newTree) */
	bool drop_negative;
	const struct graph_node_set *kept; /* NULL keeps every node */

	/* Optional, from graph_cache_new: the profile's stacks flattened to
	 * node indices once, so that rebuilding a graph (with another kept
	 * set) does not walk the locations again. Only valid while the
	 * profile and obj_names/orig_fn_names stay the same. Graphs built
	 * through a cache have no graph_location_nodes. */
	struct graph_cache *cache;
	/* Nodes and their values only, no edges: for a graph that only
	 * picks the nodes a rebuild keeps (edges are most of a big graph's
	 * time and memory). Call-tree graphs ignore it. */
	bool no_edges;

	/* pprof's trimPath applied to file names in node infos (-trim_path,
	 * -source_path); NULL for neither. The profile keeps its names. */
	const char *trim_path, *source_path;
	/* String labels with this key make no label tags (the -diff_base
	 * marker); NULL shows them all. */
	const char *hidden_label_key;

	/* Tags (nodelets) cost time; only -dot and friends ask for them. */
	bool tags;
	/* Only numeric labels with this key get tags (pprof's report keeps
	 * only "bytes"); NULL keeps them all. */
	const char *numeric_tag_key;
	graph_format_tag_fn format_tag; /* NULL: the decimal number */
	graph_num_label_unit_fn num_label_unit;
	void *ctx;
};

/* Builds the graph of prof (pprof's graph.New). prof is not modified
 * except that strings may be interned into it. Never fails. */
struct graph *graph_new(struct profile *prof, const struct graph_options *o);

/* Only the nodes of each location, without sample values (pprof's
 * CreateNodes), for reports that walk samples themselves (-traces).
 * g->nodes lists every node created. */
struct graph *graph_create_nodes(struct profile *prof,
				 const struct graph_options *o);

/* The nodes of a location's lines, innermost first, as graph_new or
 * graph_create_nodes made them (entries are NULL for nodes a kept set
 * excluded). Not available for call-tree graphs. */
struct graph_node **graph_location_nodes(const struct graph *g,
					 const struct profile_location *loc,
					 size_t *n);

void graph_free(struct graph *g);

struct graph_cache;
struct graph_cache *graph_cache_new(void);
void graph_cache_free(struct graph_cache *c);

/* -mean values: Go divides int64s, and MinInt64 / -1 wraps (C traps) */
static inline int64_t graph_node_flat(const struct graph_node *n)
{
	return n->flat_div ? wrap_div(n->flat, n->flat_div) : n->flat;
}
static inline int64_t graph_node_cum(const struct graph_node *n)
{
	return n->cum_div ? wrap_div(n->cum, n->cum_div) : n->cum;
}
static inline int64_t graph_edge_weight(const struct graph_edge *e)
{
	return e->weight_div ? wrap_div(e->weight, e->weight_div) : e->weight;
}
static inline int64_t graph_tag_flat(const struct graph_tag *t)
{
	return t->flat_div ? wrap_div(t->flat, t->flat_div) : t->flat;
}
static inline int64_t graph_tag_cum(const struct graph_tag *t)
{
	return t->cum_div ? wrap_div(t->cum, t->cum_div) : t->cum;
}

/* The node's creation order in its graph: a stable last tie-break for
 * sorts outside graph.c. */
size_t graph_node_seq(const struct graph_node *n);

/* NodeInfo.PrintableName: "[%016x ]name[ file:line | file | [objbase] |
 * <unknown>]" joined by spaces. */
void graph_info_printable_name(struct strbuf *sb,
			       const struct graph_node_info *info);
/* fmt.Sprint(info), pprof's last-resort tie-break key. */
void graph_info_sprint(struct strbuf *sb, const struct graph_node_info *info);

/* Sum of raw flat and cum over the graph's nodes (Nodes.Sum). */
void graph_sum(const struct graph *g, int64_t *flat, int64_t *cum);

enum graph_order {
	GRAPH_ORDER_FLAT_NAME,     /* |flat| desc, name, |cum| desc */
	GRAPH_ORDER_FLAT_CUM_NAME, /* |flat| desc, |cum| desc, name */
	GRAPH_ORDER_CUM_NAME,      /* |cum| desc, name, |flat| desc */
	GRAPH_ORDER_NAME,          /* info.name */
	GRAPH_ORDER_FILE,          /* info.file, start_line */
	GRAPH_ORDER_ADDRESS,       /* info.address */
	GRAPH_ORDER_ENTROPY,       /* entropy score desc, name, |flat| */
};

/* Sorts nodes[0..n) (pprof's Nodes.Sort); ties end on fmt.Sprint(info)
 * and creation order, so the result is deterministic. */
void graph_sort_node_array(struct graph_node **nodes, size_t n,
			   enum graph_order order);
void graph_sort(struct graph *g, enum graph_order order);
/* SortNodes: entropy for visual mode, else cum or flat order. */
void graph_sort_nodes(struct graph *g, bool cum, bool visual);

/* Edges of l sorted as pprof prints them (|weight| desc, src name,
 * dest name). Returns a malloc'ed array the caller frees. */
struct graph_edge **graph_edges_sorted(const struct graph_edge_list *l);

/* DiscardLowFrequencyNodes: infos of nodes with |cum| >= cutoff, into an
 * initialised set. */
void graph_discard_low_frequency_nodes(const struct graph *g, int64_t cutoff,
				       struct graph_node_set *kept);
/* SelectTopNodes: infos of the first max_nodes nodes (in the current
 * order); in visual mode nodelets count against the limit. */
void graph_select_top_nodes(const struct graph *g, int max_nodes,
			    bool visual, struct graph_node_set *kept);
/* Pointer-set variants for call-tree graphs: returns a malloc'ed array of
 * g->nnodes flags, true for kept nodes (indexed like g->nodes). */
bool *graph_discard_low_frequency_node_ptrs(const struct graph *g,
					    int64_t cutoff);
bool *graph_select_top_node_ptrs(const struct graph *g, int max_nodes,
				 bool visual);
/* TrimTree: removes unkept nodes of a call-tree graph, reconnecting their
 * children to their parent with residual edges. */
void graph_trim_tree(struct graph *g, const bool *kept);

void graph_trim_low_frequency_tags(struct graph *g, int64_t cutoff);
/* Returns the number of edges dropped (|weight| < cutoff). */
int graph_trim_low_frequency_edges(struct graph *g, int64_t cutoff);
void graph_remove_redundant_edges(struct graph *g);

/* Removes edge e from both its nodes' lists (it stays allocated). */
void graph_remove_edge(struct graph_edge *e);

/* Sorts tags[0..n) as pprof's SortTags: |cum| descending unless flat,
 * |flat| descending, name; remaining ties by value and address. */
void graph_sort_tags(struct graph_tag **tags, size_t n, bool flat);

#endif
