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
 * ELF) go to stderr through warning(), one line each; the profile is still
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

/* ---- binaries for annotated disassembly (object.c) ---- */

struct regex;
struct profile_mapping;

/* One mapping's binary, opened for -disasm: function symbols, code bytes
 * and source lines, all by ELF (link-time) address. Owns everything it
 * returns; free with symbolize_object_free. */
struct symbolize_object;

/* The instruction sets a disassembler is picked for. */
enum symbolize_arch {
	SYMBOLIZE_ARCH_OTHER,
	SYMBOLIZE_ARCH_X86_64,
	SYMBOLIZE_ARCH_X86,
	SYMBOLIZE_ARCH_ARM64,
	SYMBOLIZE_ARCH_ARM,
};

/* A function symbol, aliases merged: [start, end) in ELF addresses. */
struct symbolize_symbol {
	const char *name;   /* the name that matched (demangled if need be) */
	const char **alias; /* every name at start, when matched by address */
	size_t nalias;
	uint64_t start, end;
};

/* Opens the mapping's file (m is borrowed, and must outlive the object).
 * NULL with error_set when it cannot be read. */
struct symbolize_object *symbolize_object_open(const struct profile_mapping *m);
void symbolize_object_free(struct symbolize_object *o);

enum symbolize_arch symbolize_object_arch(const struct symbolize_object *o);

/* pprof's ObjAddr: a runtime address of the mapping as an ELF address.
 * -1 with error_set when the load bias cannot be worked out. */
int symbolize_object_addr(struct symbolize_object *o, uint64_t addr,
			  uint64_t *objaddr);

/* The function symbols (symbol table, else dynamic symbols) whose name,
 * or one of pprof's demangled forms of it, rx matches, or, when has_addr,
 * that contain ELF address addr (then with all their aliases), by start
 * address. *out stays valid until the object is freed. */
size_t symbolize_object_symbols(struct symbolize_object *o,
				const struct regex *rx, bool has_addr,
				uint64_t addr,
				const struct symbolize_symbol **out);

/* The name of the function symbol holding ELF address a (the first by
 * name of its aliases), *off the distance from its start; NULL if none. */
const char *symbolize_object_symbol_at(struct symbolize_object *o, uint64_t a,
				       uint64_t *off);

/* The file bytes of [start, end) from the allocated section holding
 * start, cut at the section's end; NULL when no section has them. */
const unsigned char *symbolize_object_code(struct symbolize_object *o,
					   uint64_t start, uint64_t end,
					   size_t *len);

/* The innermost source frame at ELF address a: function (demangled in
 * full, as objdump -C), file and line; NULL/0 for what is unknown. The
 * strings stay valid until the next call. False when nothing is known. */
bool symbolize_object_line(struct symbolize_object *o, uint64_t a,
			   const char **func, const char **file, int *line);

#endif
