/* proto_encode: writes a profile back as profile.proto, what pprof's
 * Profile.Write produces for -proto and -topproto.
 *
 * The string table follows pprof's order (sample types, labels with keys
 * sorted, mappings, functions, frames, period type, comments, default
 * sample type) and labels are written string keys first, each group
 * sorted by key, as pprof's encoder does. Ids are written as they are. */
#ifndef CPROF_PROTO_ENCODE_H
#define CPROF_PROTO_ENCODE_H

#include <stddef.h>
#include <stdint.h>

struct profile;
struct sink;
struct strbuf;

/* Writes it gzip-compressed, as pprof writes profiles, piece by piece:
 * the whole encoding is never held in memory. -1 and error_set if zlib
 * fails. */
int proto_write_gzip(const struct profile *p, struct sink *out);

/* proto_write_gzip appended to out. */
int proto_encode_gzip(const struct profile *p, struct strbuf *out);

#endif
