/* object: a binary opened for -disasm (function symbols, code bytes and
 * source lines, all by ELF link-time address), and pprof's test of
 * whether a file is an object file at all (a first command-line argument
 * that is one names the binary to symbolize with). */
#ifndef CPROF_OBJECT_H
#define CPROF_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Whether path opens as an object file for pprof's binutils: ELF,
 * Mach-O (thin or fat) or PE/COFF, judged by the magic number and, for
 * COFF, by the header Go's debug/pe reads. */
bool symbolize_is_object_file(const char *path);

#endif
