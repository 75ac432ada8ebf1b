/* tags: the -tags report (pprof's printTags): for every label key, the
 * total weight of the samples carrying it and each value's share; numeric
 * values are scaled to the key's unit and -unit. */
#ifndef CPROF_TAGS_H
#define CPROF_TAGS_H

struct report;
struct strbuf;

int tags_print(struct report *rpt, struct strbuf *out);

#endif
