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
 * matches the recorded kernel, else "[kernel.kallsyms]"; frames in
 * anonymous memory from /tmp/perf-PID.map when the JIT left one. Hostname, OS
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
/* Where JIT compilers leave perf-PID.map ("START SIZE name" a line, in
 * hex), which names frames in anonymous memory; NULL reads none. Default
 * "/tmp". */
extern const char *perf_data_jit_dir;

/* DWARF call graphs (`perf record --call-graph dwarf`): samples carry a
 * copy of the user stack and the user registers instead of a user call
 * chain. Unwinding them needs ELF and DWARF (libdwfl), which this layer
 * does not link, so an unwinder above it installs itself here (see
 * symbolize/perf_unwind.h); without one such samples keep their IP and
 * kernel frames only. */
struct perf_data_map {
	uint64_t start, end, pgoff;
	const char *file;
};

struct perf_data_stack {
	uint32_t pid, tid;
	/* the process's executable mappings, oldest first; maps_gen
	 * changes whenever they do (an unwinder may cache per pid) */
	const struct perf_data_map *maps;
	size_t nmaps;
	uint64_t maps_gen;
	/* user registers in perf's order for the arch (x86_64: AX BX CX DX
	 * SI DI BP SP IP FLAGS CS SS DS ES FS GS R8..R15), one per set bit
	 * of regs_mask; abi 2 is 64-bit */
	uint64_t abi, regs_mask;
	const uint64_t *regs;
	size_t nregs;
	/* the stack copied from the stack pointer up */
	const uint8_t *stack;
	size_t stack_len;
	const char *arch; /* the recording machine's ("x86_64"), or NULL */
};

struct perf_data_unwinder {
	void *(*begin)(void);
	/* The sample's user frames, innermost (the IP) first, as program
	 * counters (callers' return addresses as they are); how many. */
	size_t (*unwind)(void *state, const struct perf_data_stack *s,
			 uint64_t *pcs, size_t max);
	void (*end)(void *state);
};

/* NULL: DWARF samples are not unwound. */
extern const struct perf_data_unwinder *perf_data_unwinder;

/* Recognised by the "PERFILE2" magic. On PERF_DATA_OK *out is a new
 * profile (caller frees). Memory stays linear in the input. */
int perf_data_parse(const uint8_t *data, size_t len, struct profile **out);

#endif
