/* perf_data: Linux perf's perf.data, read natively (no perf subprocess),
 * after the kernel's tools/perf/Documentation/perf.data-file-format.txt:
 * file and pipe mode (`perf record -o -`), little-endian files.
 *
 * The profile has two sample types per event (cpu-clock, cycles, a
 * tracepoint...): "EVENT_samples"/count and "EVENT"/unit (the periods;
 * nanoseconds for cpu-clock and task-clock, else count); the first
 * event's period is the default. Each sample carries string labels pid,
 * tid and comm. Stacks come from the frame-pointer callchain (or the IP
 * alone); callers' return addresses are moved back one byte onto the call
 * instruction. User frames get profile mappings from MMAP/MMAP2 records
 * with the build ids of MMAP2 or the build-id section, for symbolize/;
 * kernel frames are named from /proc/kallsyms when it is readable and
 * matches the recorded kernel, else "[kernel.kallsyms]". Hostname, OS
 * release, arch and command line become comments. */
#ifndef CPROF_PERF_DATA_H
#define CPROF_PERF_DATA_H

#include <stddef.h>
#include <stdint.h>

struct profile;

enum {
	PERF_DATA_OK = 0,
	PERF_DATA_ERROR = -1,        /* perf.data, but unreadable: error_set */
	PERF_DATA_UNRECOGNIZED = -2, /* no perf.data magic */
};

/* Where kernel symbols are read from; NULL reads none (the fuzz target
 * sets that). Default "/proc/kallsyms". */
extern const char *perf_data_kallsyms_path;

/* Recognised by the "PERFILE2" magic. On PERF_DATA_OK *out is a new
 * profile (caller frees). Memory stays linear in the input. */
int perf_data_parse(const uint8_t *data, size_t len, struct profile **out);

#endif
