/* graphbuild: what every graph-based report shares (pprof report.go):
 * building and trimming the graph, choosing the output unit, formatting
 * values, and the header lines above each report.
 *
 * Reports call report_trimmed_graph, then report_select_output_unit (which
 * settles rpt->opts.output_unit, so values format the same from then on),
 * then report_labels for the header. */
#ifndef CPROF_GRAPHBUILD_H
#define CPROF_GRAPHBUILD_H

#include <stdbool.h>
#include <stdint.h>

struct graph;
struct graph_node_set;
struct report;
struct strbuf;

/* pprof's newGraph, for the listings (list, weblist, disasm, source):
 * the nodes of the report's profile with the report's value and trimmed
 * file paths, without edges or tags. kept NULL keeps every node. */
struct graph *report_new_graph(struct report *rpt,
			       const struct graph_node_set *kept);

/* pprof's newTrimmedGraph: applies -nodefraction, -nodecount and
 * -edgefraction. The counts are those reportLabels shows. */
struct graph *report_trimmed_graph(struct report *rpt, int *orig_count,
				   int *dropped_nodes, int *dropped_edges);

/* pprof's selectOutputUnit: replaces a "minimum" output unit by the unit
 * that suits the graph's smallest non-zero value. */
void report_select_output_unit(struct report *rpt, const struct graph *g);

/* rpt.formatValue: v scaled by -divide_by and shown in the output unit. */
void report_format_value(const struct report *rpt, struct strbuf *sb,
			 int64_t v);
/* The same, but "." for zero, as the annotated listings print it. */
void report_format_value_or_dot(const struct report *rpt, struct strbuf *sb,
				int64_t v);

/* ProfileLabels: File/Build ID/comments/Type/Time/Duration, one per line,
 * each ending in '\n'. */
void report_profile_labels(const struct report *rpt, struct strbuf *out);

/* reportLabels: the profile labels (unless compact and !full), active
 * filters, "Showing nodes accounting for …" and the dropped-node lines,
 * each ending in '\n'. */
void report_labels(const struct report *rpt, const struct graph *g,
		   int orig_count, int dropped_nodes, int dropped_edges,
		   bool full_headers, struct strbuf *out);

/* The mean divisor of a sample (its first value) when -mean, else 0. */
int64_t report_sample_divisor(const struct report *rpt, const int64_t *values);

#endif
