/* callgrind: the graph is built untrimmed at address granularity; names
 * and files are numbered on first use, as callgrind's compression wants. */
#include "report/callgrind.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/graph/graph.h"
#include "report/graphbuild.h"
#include "lib/base/hashmap.h"
#include "report/report.h"
#include "lib/base/sink.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

/* callgrind's name compression: each distinct string gets a number the
 * first time it is printed, and only the number afterwards. Strings of
 * one profile are interned, but disambiguated names are built here, so
 * entries compare by content. */
struct name_entry {
	const char *name;
	int id;
};

struct names {
	struct hashmap map;
	struct name_entry *e; /* one slot per possible name, never moved */
	size_t n;
};

static bool name_eq(const void *item, const void *key)
{
	return !strcmp(((const struct name_entry *)item)->name, key);
}

static void names_init(struct names *t, size_t max)
{
	hashmap_init(&t->map, max);
	t->e = xcalloc(max ? max : 1, sizeof(*t->e));
	t->n = 0;
}

static void names_release(struct names *t)
{
	hashmap_release(&t->map);
	free(t->e);
}

static void add_name(struct strbuf *out, struct names *t, const char *name)
{
	if (!*name)
		return;
	uint64_t h = hash_str(name);
	struct name_entry *e = hashmap_get(&t->map, h, name, name_eq);
	if (e) {
		strbuf_addf(out, "(%d)", e->id);
		return;
	}
	e = &t->e[t->n++];
	e->name = name;
	e->id = (int)t->n;
	hashmap_add(&t->map, h, e);
	strbuf_addf(out, "(%d) %s", e->id, name);
}

/* An address, relative to the previous node's when that is shorter, "*"
 * when equal. prev is NULL for the first node. */
static void add_address(struct strbuf *out, const struct graph_node *prev,
			uint64_t addr)
{
	char abs[24], rel[24];
	snprintf(abs, sizeof(abs), "0x%" PRIx64, addr);
	if (!prev) {
		strbuf_adds(out, abs);
		return;
	}
	if (prev->info.address == addr) {
		strbuf_addch(out, '*');
		return;
	}
	snprintf(rel, sizeof(rel), "%+" PRId64,
		 (int64_t)(addr - prev->info.address));
	strbuf_adds(out, strlen(rel) < strlen(abs) ? rel : abs);
}

/* Disambiguation: nodes sharing a file and name but standing for
 * different functions (call-tree contexts) are told apart by " [i/n]",
 * i counting the functions in node order. */
struct fn_group {
	const char *file, *name;
	size_t nfunc;
};

struct fn_entry {
	struct fn_group *group;
	const struct graph_node *function;
	size_t index;
};

static bool group_eq(const void *item, const void *key)
{
	const struct fn_group *a = item, *b = key;
	return a->file == b->file && a->name == b->name;
}

static bool fn_eq(const void *item, const void *key)
{
	const struct fn_entry *a = item, *b = key;
	return a->group == b->group && a->function == b->function;
}

/* The callgrind name of every node, indexed like g->nodes. */
static char **disambiguated_names(const struct graph *g)
{
	size_t n = g->nnodes;
	struct fn_group *groups = xcalloc(n ? n : 1, sizeof(*groups));
	struct fn_entry *fns = xcalloc(n ? n : 1, sizeof(*fns));
	struct fn_entry **node_fn = xcalloc(n ? n : 1, sizeof(*node_fn));
	size_t ngroups = 0, nfns = 0;
	struct hashmap gmap, fmap;
	hashmap_init(&gmap, n);
	hashmap_init(&fmap, n);

	for (size_t i = 0; i < n; i++) {
		const struct graph_node *node = g->nodes[i];
		struct fn_group gk = { node->info.file, node->info.name, 0 };
		uint64_t gh = hash_combine(hash_u64((uintptr_t)gk.file),
					   (uintptr_t)gk.name);
		struct fn_group *grp = hashmap_get(&gmap, gh, &gk, group_eq);
		if (!grp) {
			grp = &groups[ngroups++];
			*grp = gk;
			hashmap_add(&gmap, gh, grp);
		}
		struct fn_entry fk = { grp, node->function, 0 };
		uint64_t fh = hash_combine(hash_u64((uintptr_t)grp),
					   (uintptr_t)fk.function);
		struct fn_entry *fe = hashmap_get(&fmap, fh, &fk, fn_eq);
		if (!fe) {
			fe = &fns[nfns++];
			*fe = fk;
			fe->index = grp->nfunc++;
			hashmap_add(&fmap, fh, fe);
		}
		node_fn[i] = fe;
	}

	char **names = xcalloc(n ? n : 1, sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, g->nodes[i]->info.name);
		const struct fn_entry *fe = node_fn[i];
		if (fe->group->nfunc > 1)
			strbuf_addf(&sb, " [%zu/%zu]", fe->index + 1,
				    fe->group->nfunc);
		names[i] = strbuf_detach(&sb, NULL);
	}
	hashmap_release(&gmap);
	hashmap_release(&fmap);
	free(node_fn);
	free(fns);
	free(groups);
	return names;
}

/* Node positions for looking up a callee's disambiguated name. */
struct pos_entry {
	const struct graph_node *node;
	size_t index;
};

static int cmp_pos(const void *a, const void *b)
{
	const struct pos_entry *x = a, *y = b;
	return x->node < y->node ? -1 : x->node > y->node;
}

static int64_t scaled(const struct report *rpt, int64_t v)
{
	const char *unit;
	/* Go's int64(float64) on amd64: MinInt64 when out of range */
	return wrap_from_double(units_scale(v, rpt->opts.sample_unit,
					    rpt->opts.output_unit, &unit));
}

int callgrind_print(struct report *rpt, struct sink *sink)
{
	struct strbuf *out = sink->buf;
	rpt->opts.node_fraction = 0;
	rpt->opts.edge_fraction = 0;
	rpt->opts.node_count = 0;

	int orig, dropped_nodes, dropped_edges;
	struct graph *g = report_trimmed_graph(rpt, &orig, &dropped_nodes,
					       &dropped_edges);
	report_select_output_unit(rpt, g);
	char **node_names = disambiguated_names(g);
	size_t n = g->nnodes;
	struct pos_entry *pos = xcalloc(n ? n : 1, sizeof(*pos));
	for (size_t i = 0; i < n; i++)
		pos[i] = (struct pos_entry){ g->nodes[i], i };
	qsort(pos, n, sizeof(*pos), cmp_pos);

	strbuf_adds(out, "positions: instr line\n");
	strbuf_addf(out, "events: %s(%s)\n", rpt->opts.sample_type,
		    rpt->opts.output_unit);

	/* at most one object, file and name per node (callees are nodes) */
	struct names objs, files, fns;
	names_init(&objs, n);
	names_init(&files, n);
	names_init(&fns, 2 * n);

	const struct graph_node *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct graph_node *node = g->nodes[i];
		/* a new block only when object, file or function change, so
		 * consecutive addresses of one function share it */
		if (!prev || node->info.objfile != prev->info.objfile ||
		    node->info.file != prev->info.file ||
		    node->info.name != prev->info.name) {
			strbuf_adds(out, "\nob=");
			add_name(out, &objs, node->info.objfile);
			strbuf_adds(out, "\nfl=");
			add_name(out, &files, node->info.file);
			strbuf_adds(out, "\nfn=");
			add_name(out, &fns, node->info.name);
			strbuf_addch(out, '\n');
		}
		add_address(out, prev, node->info.address);
		strbuf_addf(out, " %" PRId64 " %" PRId64 "\n", node->info.lineno,
			    scaled(rpt, graph_node_flat(node)));

		struct graph_edge **edges = graph_edges_sorted(&node->out);
		for (size_t k = 0; k < node->out.nedge; k++) {
			const struct graph_edge *e = edges[k];
			const struct graph_node *callee = e->dest;
			struct pos_entry key = { callee, 0 };
			const struct pos_entry *p =
				bsearch(&key, pos, n, sizeof(*pos), cmp_pos);
			strbuf_adds(out, "cfl=");
			add_name(out, &files, callee->info.file);
			strbuf_adds(out, "\ncfn=");
			/* a callee the graph dropped (no flat or cum value)
			 * has no name in pprof's table: "cfn=" */
			add_name(out, &fns, p ? node_names[p->index] : "");
			/* pprof has no call counts; the callee's address is
			 * relative to the previous node, as pprof writes it */
			strbuf_adds(out, "\ncalls=0 ");
			add_address(out, prev, callee->info.address);
			strbuf_addf(out, " %" PRId64 "\n* * %" PRId64 "\n",
				    callee->info.lineno, scaled(rpt, e->weight));
		}
		free(edges);
		prev = node;
		sink_maybe_flush(sink);
	}

	names_release(&objs);
	names_release(&files);
	names_release(&fns);
	for (size_t i = 0; i < n; i++)
		free(node_names[i]);
	free(node_names);
	free(pos);
	graph_free(g);
	return 0;
}
