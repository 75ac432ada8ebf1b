/* perf_unwind: unwinds the user stacks of perf.data's DWARF call graph
 * samples (`perf record --call-graph dwarf`) with libdwfl, as hotspot's
 * perfparser does: one Dwfl per process with its mapped ELF files, whose
 * thread state reads the registers and stack copy of the sample at hand.
 * x86_64 only. The pipeline installs it: perf_data_unwinder =
 * &symbolize_perf_unwinder. libdw types stay in perf_unwind.c. */
#ifndef CPROF_SYMBOLIZE_PERF_UNWIND_H
#define CPROF_SYMBOLIZE_PERF_UNWIND_H

#include "lib/decode/perf_data.h"

extern const struct perf_data_unwinder symbolize_perf_unwinder;

#endif
