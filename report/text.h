/* text: the line-per-node reports. */
#ifndef CPROF_TEXT_H
#define CPROF_TEXT_H

struct report;
struct strbuf;

/* -top and -text (pprof printText). */
int text_print(struct report *rpt, struct strbuf *out);
/* -tree, and -peek when rpt->opts.symbol is set (pprof printTree). */
int text_print_tree(struct report *rpt, struct strbuf *out);

#endif
