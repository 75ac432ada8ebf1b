/* folded: the -folded report, FlameGraph's collapsed stacks. */
#ifndef CPROF_REPORT_FOLDED_H
#define CPROF_REPORT_FOLDED_H

struct report;
struct strbuf;

/* One "root;...;leaf VALUE" line per distinct stack (frames as -traces
 * names them at the report's granularity, inline frames included), the
 * sample index's values summed, sorted by stack, zero sums left out. */
int folded_print(struct report *rpt, struct strbuf *out);

#endif
