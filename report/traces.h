/* traces: the -traces report. */
#ifndef CPROF_TRACES_H
#define CPROF_TRACES_H

struct report;
struct strbuf;

/* pprof printTraces: header, then each sample's labels and stack. */
int traces_print(struct report *rpt, struct strbuf *out);

#endif
