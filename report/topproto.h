/* topproto: pprof's -topproto, the trimmed graph written as a profile
 * (one location per node, sample values cum and flat in the output
 * unit), gzipped profile.proto. */
#ifndef CPROF_TOPPROTO_H
#define CPROF_TOPPROTO_H

struct report;
struct strbuf;

int topproto_print(struct report *rpt, struct strbuf *out);

#endif
