/* graphbuild: from report options to graph options and back: which nodes
 * a report keeps (trimming), the unit values print in, and the header
 * lines every graph report starts with. */
#include "report/graphbuild.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/gocompat/gopath.h"
#include "lib/graph/graph.h"
#include "lib/model/profile.h"
#include "report/report.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

int64_t report_sample_divisor(const struct report *rpt, const int64_t *values)
{
	return rpt->opts.mean ? values[0] : 0;
}

void report_format_value(const struct report *rpt, struct strbuf *sb,
			 int64_t v)
{
	double r = rpt->opts.ratio;
	if (r > 0 && r != 1)
		v = wrap_from_double((double)v * r);
	units_scaled_label(sb, v, rpt->opts.sample_unit, rpt->opts.output_unit);
}

void report_format_value_or_dot(const struct report *rpt, struct strbuf *sb,
				int64_t v)
{
	if (v)
		report_format_value(rpt, sb, v);
	else
		strbuf_addch(sb, '.');
}

static const char *num_label_unit(void *ctx, const char *key)
{
	return report_label_unit(ctx, key);
}

static void format_tag(void *ctx, struct strbuf *sb, int64_t v,
		       const char *unit)
{
	const struct report *rpt = ctx;
	units_scaled_label(sb, v, unit, rpt->opts.output_unit);
}

static struct graph *new_graph(struct report *rpt,
			       const struct graph_node_set *kept,
			       struct graph_cache *cache, bool partial);

struct graph *report_new_graph(struct report *rpt,
			       const struct graph_node_set *kept)
{
	/* the listings read nodes only: on a million deep stacks the
	 * edges were most of a source view's time */
	return new_graph(rpt, kept, NULL, true);
}

static struct graph *new_graph(struct report *rpt,
			       const struct graph_node_set *kept,
			       struct graph_cache *cache, bool partial)
{
	struct profile *p = rpt->prof;
	const struct report_options *o = &rpt->opts;

	struct graph_options go = { 0 };
	go.sample_index = o->sample_index;
	go.mean_index = o->mean ? 0 : -1;
	go.call_tree = o->call_tree && (o->format == REPORT_DOT ||
					o->format == REPORT_CALLGRIND);
	go.drop_negative = o->drop_negative;
	go.kept = kept;
	go.cache = cache;
	go.no_edges = partial;
	go.tags = o->format == REPORT_DOT && !partial;
	go.numeric_tag_key = "bytes";
	go.format_tag = format_tag;
	go.num_label_unit = num_label_unit;
	go.ctx = rpt;
	/* file names as pprof's report shows them, and the diff-base marker
	 * kept out of the tags, without touching the profile */
	go.trim_path = o->trim_path;
	go.source_path = o->source_path;
	go.hidden_label_key = "pprof::base";
	switch (o->format) {
	case REPORT_RAW:
	case REPORT_LIST:
	case REPORT_WEBLIST:
	case REPORT_JSON_SOURCE:
	case REPORT_DIS:
	case REPORT_CALLGRIND:
		go.obj_names = true;
		break;
	default:
		break;
	}
	return graph_new(p, &go);
}

struct graph *report_trimmed_graph(struct report *rpt, int *orig_count,
				   int *dropped_nodes, int *dropped_edges)
{
	const struct report_options *o = &rpt->opts;
	bool visual = o->format == REPORT_DOT;
	bool cum = o->cum_sort;
	bool tree = o->call_tree && (o->format == REPORT_DOT ||
				     o->format == REPORT_CALLGRIND);
	int dn = 0;
	/* Trimming rebuilds the graph up to twice: walk the stacks once. */
	struct graph_cache *cache = graph_cache_new();
	/* A big graph is mostly edges and (for -dot) tags, and trimming
	 * replaces the first graph and often the second: a graph that may
	 * be replaced is built partial (nodes and values only) while what
	 * reads it allows (the cum cutoff always; sorting by flat or cum and
	 * picking the top nodes too, but not the entropy order of -dot or
	 * its nodelet count), and the one kept is rebuilt in full from the
	 * same node set. */
	bool lazy = !tree && o->node_fraction > 0;
	struct graph_node_set kept1;
	bool has_kept1 = false;
	const struct graph_node_set *built_with = NULL; /* g's kept set */

	struct graph *g = new_graph(rpt, NULL, cache, lazy);
	int64_t total, cum_sum; /* pprof's cutoffs are fractions of the flat sum */
	graph_sum(g, &total, &cum_sum);
	(void)cum_sum;
	int64_t node_cutoff =
		wrap_abs(wrap_from_double((double)total * o->node_fraction));
	int64_t edge_cutoff =
		wrap_abs(wrap_from_double((double)total * o->edge_fraction));

	if (node_cutoff > 0) {
		if (tree) {
			bool *kept = graph_discard_low_frequency_node_ptrs(
				g, node_cutoff);
			size_t nk = 0;
			for (size_t i = 0; i < g->nnodes; i++)
				nk += kept[i];
			if (nk != g->nnodes) {
				dn = (int)(g->nnodes - nk);
				graph_trim_tree(g, kept);
			}
			free(kept);
		} else {
			graph_node_set_init(&kept1);
			has_kept1 = true;
			graph_discard_low_frequency_nodes(g, node_cutoff, &kept1);
			if (kept1.map.count != g->nnodes) {
				dn = (int)(g->nnodes - kept1.map.count);
				graph_free(g);
				lazy = lazy && !visual && o->node_count > 0;
				g = new_graph(rpt, &kept1, cache, lazy);
				built_with = &kept1;
			}
		}
	}
	if (lazy && visual) {
		graph_free(g);
		g = new_graph(rpt, built_with, cache, false);
		lazy = false;
	}
	int orig = (int)g->nnodes;

	graph_sort_nodes(g, cum, visual);
	if (o->node_count > 0) {
		graph_trim_low_frequency_tags(g, node_cutoff);
		graph_trim_low_frequency_edges(g, edge_cutoff);
		if (tree) {
			bool *kept = graph_select_top_node_ptrs(g, o->node_count,
								visual);
			size_t nk = 0;
			for (size_t i = 0; i < g->nnodes; i++)
				nk += kept[i];
			if (nk != g->nnodes) {
				graph_trim_tree(g, kept);
				graph_sort_nodes(g, cum, visual);
			}
			free(kept);
		} else {
			struct graph_node_set kept;
			graph_node_set_init(&kept);
			graph_select_top_nodes(g, o->node_count, visual, &kept);
			if (kept.map.count != g->nnodes) {
				graph_free(g);
				g = new_graph(rpt, &kept, cache, false);
				graph_sort_nodes(g, cum, visual);
				lazy = false;
			}
			graph_node_set_release(&kept);
		}
	}
	if (lazy) {
		/* The same nodes again, now with edges, trimmed as the edges
		 * of a graph built with them would have been by now. */
		graph_free(g);
		g = new_graph(rpt, built_with, cache, false);
		graph_sort_nodes(g, cum, visual);
		if (o->node_count > 0) {
			graph_trim_low_frequency_tags(g, node_cutoff);
			graph_trim_low_frequency_edges(g, edge_cutoff);
		}
	}

	graph_trim_low_frequency_tags(g, node_cutoff);
	int de = graph_trim_low_frequency_edges(g, edge_cutoff);
	if (visual)
		graph_remove_redundant_edges(g);
	graph_cache_free(cache);
	if (has_kept1)
		graph_node_set_release(&kept1);
	if (orig_count)
		*orig_count = orig;
	if (dropped_nodes)
		*dropped_nodes = dn;
	if (dropped_edges)
		*dropped_edges = de;
	return g;
}

void report_select_output_unit(struct report *rpt, const struct graph *g)
{
	struct report_options *o = &rpt->opts;
	if (strcmp(o->output_unit, "minimum") || !g->nnodes)
		return;
	int64_t minv = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		int64_t v = wrap_abs(graph_node_flat(g->nodes[i]));
		if (!v)
			v = wrap_abs(graph_node_cum(g->nodes[i]));
		if (v > 0 && (minv == 0 || v < minv))
			minv = v;
	}
	int64_t maxv = rpt->total;
	if (!minv)
		minv = maxv;
	double r = o->ratio;
	if (r > 0 && r != 1) {
		minv = wrap_from_double((double)minv * r);
		maxv = wrap_from_double((double)maxv * r);
	}
	const char *minu, *maxu, *unit;
	units_scale(minv, o->sample_unit, "minimum", &minu);
	units_scale(maxv, o->sample_unit, "minimum", &maxu);
	unit = minu;
	/* Scale the minimum by 100 so it may print as 0.01 of a larger unit;
	 * callgrind can only show integers. */
	if (strcmp(minu, maxu) && wrap_mul(minv, 100) < maxv &&
	    o->format != REPORT_CALLGRIND)
		units_scale(wrap_mul(minv, 100), o->sample_unit, "minimum", &unit);
	o->output_unit = *unit ? unit : o->sample_unit;
}

/* Go's time.Format(“Jan 2, 2006 at 3:04pm (MST)”) in UTC. */
static void format_time(struct strbuf *out, int64_t ns)
{
	static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t sec = ns / 1000000000;
	if (ns % 1000000000 < 0)
		sec--;
	time_t t = (time_t)sec;
	struct tm tm;
	gmtime_r(&t, &tm);
	int h = tm.tm_hour % 12;
	if (!h)
		h = 12;
	strbuf_addf(out, "%s %d, %d at %d:%02d%s (UTC)", mon[tm.tm_mon],
		    tm.tm_mday, tm.tm_year + 1900, h, tm.tm_min,
		    tm.tm_hour < 12 ? "am" : "pm");
}

void report_profile_labels(const struct report *rpt, struct strbuf *out)
{
	const struct profile *p = rpt->prof;
	const struct report_options *o = &rpt->opts;
	if (p->nmapping) {
		const char *f = p->mapping[0]->file;
		if (*f) {
			size_t n = strlen(f);
			while (n > 1 && f[n - 1] == '/')
				n--;
			size_t b = n;
			while (b > 0 && f[b - 1] != '/')
				b--;
			if (b == n)
				b = n > 0 ? n - 1 : 0; /* "/" stays "/" */
			strbuf_adds(out, "File: ");
			strbuf_add(out, f + b, n - b);
			strbuf_addch(out, '\n');
		}
		if (*p->mapping[0]->build_id)
			strbuf_addf(out, "Build ID: %s\n",
				    p->mapping[0]->build_id);
	}
	for (size_t i = 0; i < p->ncomment; i++)
		if (p->comment[i][0] != '#')
			strbuf_addf(out, "%s\n", p->comment[i]);
	if (o->sample_type && *o->sample_type)
		strbuf_addf(out, "Type: %s\n", o->sample_type);
	if (p->time_nanos) {
		strbuf_adds(out, "Time: ");
		format_time(out, p->time_nanos);
		strbuf_addch(out, '\n');
	}
	if (p->duration_nanos) {
		strbuf_adds(out, "Duration: ");
		units_label(out, p->duration_nanos, "nanoseconds");
		strbuf_adds(out, ", Total samples = ");
		report_format_value(rpt, out, rpt->total);
		strbuf_addch(out, ' ');
		const char *u;
		double tn = units_scale(rpt->total, o->sample_unit,
					"nanoseconds", &u);
		if (!strcmp(u, "ns") && tn != 0) {
			strbuf_addch(out, '(');
			units_percentage(out, (int64_t)tn, p->duration_nanos);
			strbuf_addch(out, ')');
		}
		strbuf_addch(out, '\n');
	}
}

static void dropped_label(const struct report *rpt, struct strbuf *out, int d,
			  const char *what, const char *l, double fraction)
{
	strbuf_addf(out, "Dropped %d %s%s (%s <= ", d, what, d > 1 ? "s" : "",
		    l);
	report_format_value(rpt, out,
			    wrap_abs(wrap_from_double((double)rpt->total *
							      fraction)));
	strbuf_adds(out, ")\n");
}

void report_labels(const struct report *rpt, const struct graph *g,
		   int orig_count, int dropped_nodes, int dropped_edges,
		   bool full_headers, struct strbuf *out)
{
	const struct report_options *o = &rpt->opts;
	if (full_headers || !o->compact_labels)
		report_profile_labels(rpt, out);
	int64_t flat = 0;
	for (size_t i = 0; i < g->nnodes; i++)
		flat = wrap_add(flat, graph_node_flat(g->nodes[i]));
	if (o->nactive_filters) {
		strbuf_adds(out, "Active filters:\n");
		for (size_t i = 0; i < o->nactive_filters; i++) {
			const char *s = o->active_filters[i];
			strbuf_adds(out, "   ");
			if (strlen(s) > 80) {
				strbuf_add(out, s, 80);
				strbuf_adds(out, "\xe2\x80\xa6");
			} else {
				strbuf_adds(out, s);
			}
			strbuf_addch(out, '\n');
		}
	}
	strbuf_adds(out, "Showing nodes accounting for ");
	report_format_value(rpt, out, flat);
	strbuf_adds(out, ", ");
	struct strbuf pct = STRBUF_INIT;
	units_percentage(&pct, flat, rpt->total);
	const char *s = pct.buf;
	while (*s == ' ')
		s++;
	strbuf_adds(out, s);
	strbuf_release(&pct);
	strbuf_adds(out, " of ");
	report_format_value(rpt, out, rpt->total);
	strbuf_adds(out, " total\n");
	if (rpt->total) {
		if (dropped_nodes > 0)
			dropped_label(rpt, out, dropped_nodes, "node", "cum",
				      o->node_fraction);
		if (dropped_edges > 0)
			dropped_label(rpt, out, dropped_edges, "edge", "freq",
				      o->edge_fraction);
		if (g->nnodes > 0 && (int)g->nnodes < orig_count)
			strbuf_addf(out, "Showing top %zu nodes out of %d\n",
				    g->nnodes, orig_count);
	}
	if (full_headers)
		strbuf_adds(out, "\nSee https://git.io/JfYMW for how to read "
				 "the graph\n");
}
