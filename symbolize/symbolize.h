/* symbolize: addresses to functions, files and lines, from the profiled
 * binaries' ELF symbol tables and DWARF (elfutils libdwfl), and C++/Rust
 * demangling (libiberty). pprof's internal/symbolizer and the binary
 * search of its driver (locateBinaries).
 *
 * libdw/libelf handles never leave this module. Everything written into a
 * profile (function names, file names, line arrays) is copied into the
 * profile's arena and interned.
 *
 * Warnings (missing binary, build-id mismatch, stripped binary, malformed
 * ELF) go to stderr through diag_warning(), one line each; the profile is still
 * usable with whatever could be resolved. */
#ifndef CPROF_SYMBOLIZE_H
#define CPROF_SYMBOLIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct profile;

/* pprof's locateBinaries, run on each profile right after it is loaded:
 * points mappings at local copies found through PPROF_BINARY_PATH
 * (default $HOME/pprof/binaries), gives a profile without mappings one
 * fake mapping holding every location, then lets exec_name and build_id
 * (from the command line; NULL or "" when absent) override the first
 * mapping's file and build id. */
void symbolize_locate_binaries(struct profile *p, const char *exec_name,
			       const char *build_id);

/* Remote symbolization (symbolz), supplied by the HTTP fetcher: resolves
 * what local symbolization left. Returns -1 with error_set on failure. */
typedef int (*symbolize_remote_fn)(struct profile *p, bool force, void *ctx);

struct symbolize_options {
	const char *mode;           /* -symbolize: none|local|fastlocal|remote
				     * [:force][:demangle=none|full|templates] */
	symbolize_remote_fn remote; /* NULL: no remote symbolizer */
	void *remote_ctx;
};

/* pprof's Symbolize: local symbolization of every used mapping that has
 * no symbols yet (all of them with force), then remote, then demangling.
 * Returns -1 with error_set only when remote symbolization fails. */
int symbolize_profile(struct profile *p, const struct symbolize_options *o);

/* pprof's Demangle: sets each function's name from its system name.
 * mode "" strips parameters and template arguments, "templates" only
 * parameters, "full" keeps both, "none" demangles nothing. With force,
 * names already demangled are redone. */
void symbolize_demangle(struct profile *p, bool force, const char *mode);

/* The demangled form of one symbol name in the given mode, malloc'ed, or
 * NULL when name is not a mangled C++/Rust name (or mode is "none"). */
char *symbolize_demangle_name(const char *name, const char *mode);

#endif
