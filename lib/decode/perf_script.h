/* perf_script: the text `perf script` prints, by default or with -F
 * fields that include ip (and sym, dso): a header line per sample
 *   prog  2451/2451 [001]  857.252628:     250000 cpu-clock:
 * then its call chain, leaf first, one frame a line
 *   	    55843aee7187 spin+0x19 (/tmp/prog)
 * (or, without a call graph, the frame on the header line itself).
 *
 * The profile has, per event, sample types "EVENT_samples"/count and
 * "EVENT" (the period column, nanoseconds for cpu-clock and task-clock,
 * else count; 1 a sample when perf printed none), or one "samples"/count
 * when no event is printed. Labels pid, tid and comm as for perf.data.
 * Frames keep perf's names: each dso is a mapping with has_functions
 * set, so symbolization leaves them alone. */
#ifndef CPROF_PERF_SCRIPT_H
#define CPROF_PERF_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

struct profile;

enum {
	PERF_SCRIPT_OK = 0,
	PERF_SCRIPT_ERROR = -1,        /* perf script text, but malformed */
	PERF_SCRIPT_UNRECOGNIZED = -2, /* something else */
};

/* Recognised by content: the first non-blank line is a sample header
 * with a time or an event name, or a header followed by a frame line, or
 * a frame line. On PERF_SCRIPT_OK *out is a new profile. */
int perf_script_parse(const uint8_t *data, size_t len, struct profile **out);

#endif
