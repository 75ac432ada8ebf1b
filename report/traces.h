/* traces: the -traces report. */
#ifndef CPROF_TRACES_H
#define CPROF_TRACES_H

struct report;
struct sink;

/* pprof printTraces: header, then each sample's labels and stack,
 * written to out sample by sample. */
int traces_print(struct report *rpt, struct sink *out);

#endif
