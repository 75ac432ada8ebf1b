/* -top / -text (pprof printText) and -tree (printTree, with -peek's
 * symbol filter). */
#include "report/text.h"

#include <stdlib.h>

#include "lib/base/error.h"
#include "lib/graph/graph.h"
#include "report/graphbuild.h"
#include "lib/gocompat/regex.h"
#include "report/report.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"
#include "lib/base/wrap.h"

/* "%*s": pads s on the left to width w (Go counts runes; our values and
 * units are ASCII except "μ", which pprof never prints as a unit). */
static void pad(struct strbuf *out, const char *s, size_t len, int w)
{
	if ((int)len < w)
		strbuf_addchars(out, ' ', (size_t)w - len);
	strbuf_add(out, s, len);
}

static void value_col(const struct report *rpt, struct strbuf *out,
		      struct strbuf *tmp, int64_t v, int w)
{
	strbuf_reset(tmp);
	report_format_value(rpt, tmp, v);
	pad(out, tmp->buf, tmp->len, w);
}

/* The flat, flat%, sum%, cum and cum% columns that -top and -tree share. */
static void value_columns(const struct report *rpt, struct strbuf *out,
			  struct strbuf *tmp, int64_t flat, int64_t flat_sum,
			  int64_t cum)
{
	value_col(rpt, out, tmp, flat, 10);
	strbuf_addch(out, ' ');
	units_percentage(out, flat, rpt->total);
	strbuf_addch(out, ' ');
	units_percentage(out, flat_sum, rpt->total);
	strbuf_addch(out, ' ');
	value_col(rpt, out, tmp, cum, 10);
	strbuf_addch(out, ' ');
	units_percentage(out, cum, rpt->total);
}

int text_print(struct report *rpt, struct strbuf *out)
{
	int orig, dn;
	struct graph *g = report_trimmed_graph(rpt, &orig, &dn, NULL);
	report_select_output_unit(rpt, g);
	report_labels(rpt, g, orig, dn, 0, false, out);
	strbuf_addf(out, "%10s %5s%% %5s%% %10s %5s%%\n", "flat", "flat", "sum",
		    "cum", "cum");
	struct strbuf tmp = STRBUF_INIT;
	int64_t flat_sum = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = g->nodes[i];
		int64_t flat = graph_node_flat(n), cum = graph_node_cum(n);
		bool inl = false, noinl = false;
		for (size_t k = 0; k < n->in.nedge; k++) {
			if (n->in.edge[k]->is_inline)
				inl = true;
			else
				noinl = true;
		}
		flat_sum = wrap_add(flat_sum, flat);
		value_columns(rpt, out, &tmp, flat, flat_sum, cum);
		strbuf_adds(out, "  ");
		strbuf_adds(out, n->printable);
		if (inl)
			strbuf_adds(out, noinl ? " (partial-inline)" : " (inline)");
		strbuf_addch(out, '\n');
	}
	strbuf_release(&tmp);
	graph_free(g);
	return 0;
}

static void edge_lines(const struct report *rpt, struct strbuf *out,
		       struct strbuf *tmp, const struct graph_edge_list *l,
		       int64_t cum, bool incoming)
{
	struct graph_edge **es = graph_edges_sorted(l);
	for (size_t i = 0; i < l->nedge; i++) {
		const struct graph_edge *e = es[i];
		value_col(rpt, out, tmp, e->weight, 50);
		strbuf_addch(out, ' ');
		units_percentage(out, e->weight, cum);
		strbuf_adds(out, " |   ");
		strbuf_adds(out, incoming ? e->src->printable
					  : e->dest->printable);
		if (e->is_inline)
			strbuf_adds(out, " (inline)");
		strbuf_addch(out, '\n');
	}
	free(es);
}

int text_print_tree(struct report *rpt, struct strbuf *out)
{
	static const char sep[] = "----------------------------------------"
				  "------------------+-------------\n";
	int orig, dn;
	struct graph *g = report_trimmed_graph(rpt, &orig, &dn, NULL);
	report_select_output_unit(rpt, g);
	report_labels(rpt, g, orig, dn, 0, false, out);
	strbuf_adds(out, sep);
	strbuf_adds(out, "      flat  flat%   sum%        cum   cum%   calls "
			 "calls% + context \t \t \n");
	struct strbuf tmp = STRBUF_INIT;
	const struct regex *rx = rpt->opts.symbol;
	int64_t flat_sum = 0;
	size_t matched = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = g->nodes[i];
		int64_t flat = graph_node_flat(n), cum = graph_node_cum(n);
		/* -peek shows only the nodes its regexp matches. */
		if (rx && !regex_match(rx, n->printable))
			continue;
		matched++;
		strbuf_adds(out, sep);
		edge_lines(rpt, out, &tmp, &n->in, cum, true);
		flat_sum = wrap_add(flat_sum, flat);
		value_columns(rpt, out, &tmp, flat, flat_sum, cum);
		strbuf_addf(out, "                | %s\n", n->printable);
		edge_lines(rpt, out, &tmp, &n->out, cum, false);
	}
	if (g->nnodes)
		strbuf_adds(out, sep);
	strbuf_release(&tmp);
	graph_free(g);
	if (rx && !matched)
		return error_set("no matches found for regexp: %s",
				 regex_source(rx));
	return 0;
}
