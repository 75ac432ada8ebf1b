/* proto_decode: profile.proto bytes (already decompressed) to a profile.
 *
 * The protobuf-c structures never leave this module: protobuf-c unpacks
 * into a scratch arena (one allocation per block, not per message), the
 * model is built in the profile's own arena, and the scratch is dropped.
 * String indexes and ids are checked as pprof checks them. */
#ifndef CPROF_PROTO_DECODE_H
#define CPROF_PROTO_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct profile;

/* A new profile, or NULL with error_set() when the bytes are not a valid
 * profile.proto message or refer to strings or ids that do not exist.
 * *invalid (when not NULL) tells the two kinds of failure apart as pprof
 * does: false, the bytes are not profile.proto (perhaps another format);
 * true, they are, but the profile breaks pprof's CheckValid rules
 * (reserved or duplicate ids, missing functions or locations, value
 * counts), which pprof reports as "malformed profile". */
struct profile *proto_decode(const uint8_t *data, size_t len, bool *invalid);

#endif
