/* json: the web UI's data as JSON, for front ends that draw it themselves
 * (the -http UI, the static flame graph page) instead of reading a text
 * report. Each producer is a renderer like the others (generate.c's
 * table): it reads a prepared, filtered and aggregated report and appends
 * one JSON object to out.
 *
 * Every string is escaped so that the JSON may sit inside an HTML
 * <script> element: '<', '>' and '&' become \u003c, \u003e, \u0026, so
 * profile-controlled text can never close the element or start markup. */
#ifndef CPROF_JSON_H
#define CPROF_JSON_H

#include <stdint.h>

struct report;
struct strbuf;

/* s as a JSON string literal, quotes included. */
void json_string(struct strbuf *out, const char *s);

/* The header lines (File, Type, Time, ..., "Showing nodes ...") of the
 * report as "labels":[...] without a trailing comma. */
void json_labels(struct report *rpt, struct strbuf *out);

/* -top as rows: {"labels", "unit", "total", "rows":[{"name", "inline"
 * (0 no, 1 inline, 2 partly inline), "flat", "cum", "flatS", "cumS"}]}:
 * the same nodes, in the same order, as -top prints. */
int json_top(struct report *rpt, struct strbuf *out);

/* The call-stack tree for flame graphs, root first, columnar with a
 * shared string table; see json.c for the fields. rpt->opts.view picks
 * the subtree, the threshold and the pivot (sandwich) function. */
int json_flame(struct report *rpt, struct strbuf *out);

/* -peek as data: each node matching the symbol regex with its callers and
 * callees and their weights. */
int json_peek(struct report *rpt, struct strbuf *out);

/* pprof's weblist as data: for each function matching the symbol regex,
 * every source line from its first to its last sampled one with flat,
 * cum and its instructions (address, disassembly, flat, cum, the inline
 * chain at that address). */
int json_source(struct report *rpt, struct strbuf *out);

#endif
