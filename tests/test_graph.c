/* Unit tests for graph: a hand-built profile whose node and edge values
 * are worked out by hand from pprof's rules. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/graph/graph.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"

static struct profile_location *loc(struct profile *p, const char *fn)
{
	struct profile_function *f = profile_add_function(p);
	f->id = p->nfunction;
	f->name = profile_interns(p, fn);
	struct profile_location *l = profile_add_location(p, 1);
	l->id = p->nlocation;
	l->line[0].function = f;
	return l;
}

static void sample(struct profile *p, int64_t v, int n, ...)
{
	struct profile_location *ls[8];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		ls[i] = va_arg(ap, struct profile_location *);
	va_end(ap);
	struct profile_sample *s = profile_add_sample(p, (size_t)n, 0);
	for (int i = 0; i < n; i++)
		s->location[i] = ls[i];
	s->value[0] = v;
}

static struct graph_node *find(struct graph *g, const char *name)
{
	for (size_t i = 0; i < g->nnodes; i++)
		if (!strcmp(g->nodes[i]->printable, name))
			return g->nodes[i];
	return NULL;
}

static int64_t edge(struct graph_node *src, struct graph_node *dest)
{
	for (size_t i = 0; i < src->out.nedge; i++)
		if (src->out.edge[i]->dest == dest)
			return src->out.edge[i]->weight;
	return -1;
}

int main(void)
{
	struct profile *p = profile_new();
	profile_add_sample_type(p, "cpu", "nanoseconds");
	struct profile_location *a = loc(p, "a"), *b = loc(p, "b"),
				*c = loc(p, "c");
	/* leaf first: a->b->c 10, a->b 5, a->c 1, a->b->a (recursion) 2 */
	sample(p, 10, 3, c, b, a);
	sample(p, 5, 2, b, a);
	sample(p, 1, 2, c, a);
	sample(p, 2, 3, a, b, a);

	struct graph_options o = { 0 };
	o.mean_index = -1;
	for (int cached = 0; cached < 2; cached++) {
		o.cache = cached ? graph_cache_new() : NULL;
		struct graph *g = graph_new(p, &o);
		CHECK(g->nnodes == 3);
		struct graph_node *na = find(g, "a"), *nb = find(g, "b"),
				  *nc = find(g, "c");
		CHECK(na && nb && nc);
		if (!na || !nb || !nc)
			break;
		/* a's cum counts the recursive sample once */
		CHECK(na->flat == 2 && na->cum == 18);
		CHECK(nb->flat == 5 && nb->cum == 17);
		CHECK(nc->flat == 11 && nc->cum == 11);
		CHECK(edge(na, nb) == 17);
		CHECK(edge(nb, nc) == 10);
		CHECK(edge(na, nc) == 1);
		CHECK(edge(nb, na) == 2);

		graph_sort_nodes(g, false, false);
		CHECK_STR(g->nodes[0]->printable, "c");
		CHECK_STR(g->nodes[1]->printable, "b");
		CHECK_STR(g->nodes[2]->printable, "a");
		graph_sort_nodes(g, true, false);
		CHECK_STR(g->nodes[0]->printable, "a");
		CHECK_STR(g->nodes[2]->printable, "c");

		/* edges into c: 10 from b before 1 from a */
		struct graph_edge **in = graph_edges_sorted(&nc->in);
		CHECK(in[0]->src == nb && in[1]->src == na);
		free(in);

		/* cutoff 12 keeps a and b; rebuilding drops c's flat */
		struct graph_node_set kept;
		graph_node_set_init(&kept);
		graph_discard_low_frequency_nodes(g, 12, &kept);
		CHECK(kept.map.count == 2);
		o.kept = &kept;
		struct graph *g2 = graph_new(p, &o);
		o.kept = NULL;
		CHECK(g2->nnodes == 2);
		struct graph_node *b2 = find(g2, "b");
		CHECK(b2 && b2->flat == 5 && b2->cum == 17);
		graph_free(g2);
		graph_node_set_release(&kept);
		graph_free(g);
		graph_cache_free(o.cache);
	}

	struct strbuf sb = STRBUF_INIT;
	struct graph_node_info ni = { "f", "", 0x1000, "x.go", 0, 3, 0, "" };
	graph_info_printable_name(&sb, &ni);
	CHECK_STR(sb.buf, "0000000000001000 f x.go:3");
	strbuf_reset(&sb);
	/* pprof 1.23 appends a known column */
	struct graph_node_info col = { "f", "", 0, "x.go", 0, 3, 7, "" };
	graph_info_printable_name(&sb, &col);
	CHECK_STR(sb.buf, "f x.go:3:7");
	strbuf_reset(&sb);
	struct graph_node_info obj = { "", "", 0, "", 0, 0, 0, "/lib/libc.so.6" };
	graph_info_printable_name(&sb, &obj);
	CHECK_STR(sb.buf, "[libc.so.6]");
	strbuf_reset(&sb);
	struct graph_node_info none = { "", "", 0, "", 0, 0, 0, "" };
	graph_info_printable_name(&sb, &none);
	CHECK_STR(sb.buf, "<unknown>");
	strbuf_release(&sb);
	profile_free(p);
	return check_report();
}
