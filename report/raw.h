/* raw: pprof's -raw, the text dump of a whole profile (Profile.String). */
#ifndef CPROF_RAW_H
#define CPROF_RAW_H

struct profile;
struct sink;
struct strbuf;

/* Writes the dump to out record by record. */
void raw_write(const struct profile *p, struct sink *out);
/* raw_write appended to out, in memory (tests, fuzz targets). */
void raw_print(const struct profile *p, struct strbuf *out);

#endif
