/* callgrind: the graph in valgrind's callgrind format, as pprof writes it
 * for KCachegrind and callgrind_annotate: untrimmed, one cost line per
 * node ("address line cost"), calls with their inclusive cost, names and
 * files compressed as "(N) name" on first use and "(N)" afterwards,
 * addresses relative to the previous node's when shorter.
 *
 * With -call_tree one function appears as several nodes; they get
 * " [i/n]" suffixes so callgrind keeps them apart. The numbering follows
 * the node order, which the graph makes deterministic. */
#ifndef CPROF_CALLGRIND_H
#define CPROF_CALLGRIND_H

struct report;
struct sink;

/* Writes the report to out node by node. */
int callgrind_print(struct report *rpt, struct sink *out);

#endif
