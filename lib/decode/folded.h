/* folded: FlameGraph's collapsed stacks ("folded" format), one stack a
 * line, frames root first, separated by ';', then a space and a count:
 *   main;compute;leaf 42
 * as stackcollapse-*.pl, `perf script | stackcollapse-perf.pl` and
 * `cprof -folded` write it. Read as a profile with one sample type,
 * samples/count; each distinct frame name becomes one function and one
 * location (no address), all in one mapping with has_functions set. */
#ifndef CPROF_FOLDED_H
#define CPROF_FOLDED_H

#include <stddef.h>
#include <stdint.h>

struct profile;

enum {
	FOLDED_OK = 0,
	FOLDED_ERROR = -1,        /* folded, but malformed: error_set */
	FOLDED_UNRECOGNIZED = -2, /* not folded stacks */
};

/* Recognised by content: the first non-blank line must be a stack and an
 * integer count. On FOLDED_OK *out is a new profile (caller frees). */
int folded_parse(const uint8_t *data, size_t len, struct profile **out);

#endif
