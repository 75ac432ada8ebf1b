/* legacy: profiles that are not profile.proto — gperftools CPU (binary),
 * heap/growth/contention/thread text, Go debug=1 text, Java.
 * Detection is by content. */
#ifndef CPROF_LEGACY_H
#define CPROF_LEGACY_H

#include <stddef.h>
#include <stdint.h>

struct profile;

enum {
	LEGACY_OK = 0,
	LEGACY_ERROR = -1,        /* a known format, but malformed: error_set */
	LEGACY_UNRECOGNIZED = -2, /* none of the formats */
};

/* Tries every legacy parser. On LEGACY_OK *out is a new profile. */
int legacy_parse(const uint8_t *data, size_t len, struct profile **out);

#endif
