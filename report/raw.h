/* raw: pprof's -raw, the text dump of a whole profile (Profile.String). */
#ifndef CPROF_RAW_H
#define CPROF_RAW_H

struct profile;
struct strbuf;

void raw_print(const struct profile *p, struct strbuf *out);

#endif
