/* proto_decode: profile.proto bytes (already decompressed) to a profile.
 *
 * The protobuf-c structures never leave this module: protobuf-c unpacks
 * into a scratch arena (one allocation per block, not per message), the
 * model is built in the profile's own arena, and the scratch is dropped.
 * String indexes and ids are checked as pprof checks them. */
#ifndef CPROF_PROTO_DECODE_H
#define CPROF_PROTO_DECODE_H

#include <stddef.h>
#include <stdint.h>

struct profile;

/* A new profile, or NULL with error_set() when the bytes are not a valid
 * profile.proto message or refer to strings or ids that do not exist. */
struct profile *proto_decode(const uint8_t *data, size_t len);

#endif
