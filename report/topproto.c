/* topproto: the trimmed graph's nodes become locations and functions of
 * a new profile, encoded by proto_encode. */
#include "report/topproto.h"

#include <string.h>

#include "lib/graph/graph.h"
#include "report/graphbuild.h"
#include "lib/base/hashmap.h"
#include "lib/model/profile.h"
#include "proto/proto_encode.h"
#include "report/report.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"

/* Functions are shared by nodes with the same name, system name, file
 * and start line (nodes of one function at several lines). The strings
 * are interned in the output profile, so pointers compare. */
static bool function_eq(const void *item, const void *key)
{
	const struct profile_function *a = item, *b = key;
	return a->name == b->name && a->system_name == b->system_name &&
	       a->filename == b->filename && a->start_line == b->start_line;
}

int topproto_print(struct report *rpt, struct strbuf *out)
{
	const struct profile *p = rpt->prof;
	int orig, dropped_nodes, dropped_edges;
	struct graph *g = report_trimmed_graph(rpt, &orig, &dropped_nodes,
					       &dropped_edges);
	report_select_output_unit(rpt, g);
	const char *unit = rpt->opts.output_unit;

	struct profile *q = profile_new();
	struct hashmap funcs;
	hashmap_init(&funcs, g->nnodes);
	profile_add_sample_type(q, "cum", unit);
	profile_add_sample_type(q, "flat", unit);
	q->time_nanos = p->time_nanos;
	q->duration_nanos = p->duration_nanos;
	q->has_period_type = p->has_period_type;
	q->period_type.type = profile_interns(q, p->period_type.type);
	q->period_type.unit = profile_interns(q, p->period_type.unit);
	q->period = p->period;

	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = g->nodes[i];
		struct profile_function probe = {
			.name = profile_interns(q, n->info.name),
			.system_name = profile_interns(q, n->info.orig_name),
			.filename = profile_interns(q, n->info.file),
			.start_line = n->info.start_line,
		};
		uint64_t h = hash_u64((uint64_t)probe.start_line);
		h = hash_combine(h, (uint64_t)(uintptr_t)probe.name);
		h = hash_combine(h, (uint64_t)(uintptr_t)probe.system_name);
		h = hash_combine(h, (uint64_t)(uintptr_t)probe.filename);
		struct profile_function *f =
			hashmap_get(&funcs, h, &probe, function_eq);
		if (!f) {
			f = profile_add_function(q);
			*f = probe;
			f->id = q->nfunction;
			hashmap_add(&funcs, h, f);
		}
		struct profile_location *l = profile_add_location(q, 1);
		l->id = i + 1;
		l->address = n->info.address;
		l->line[0].function = f;
		l->line[0].line = n->info.lineno;
		l->line[0].column = n->info.columnno;

		const char *u;
		/* pprof converts the scaled values back to integers, truncating */
		double fv = units_scale(graph_node_flat(n), rpt->opts.sample_unit,
					unit, &u);
		double cv = units_scale(graph_node_cum(n), rpt->opts.sample_unit,
					unit, &u);
		struct profile_sample *s = profile_add_sample(q, 1, 0);
		s->location[0] = l;
		s->value[0] = (int64_t)cv;
		s->value[1] = (int64_t)fv;
	}
	int ret = proto_encode_gzip(q, out);
	hashmap_release(&funcs);
	profile_free(q);
	graph_free(g);
	return ret;
}
