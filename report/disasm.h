/* disasm: annotated disassembly (pprof's printAssembly, -disasm REGEX).
 *
 * The function symbols of the profiled binaries that match the report's
 * regexp (or, when the regexp reads as a number, contain that address)
 * and hold samples are disassembled with capstone, each instruction shown
 * with the flat and cum of the samples from its address up to the next
 * instruction and, when it changes, its innermost source function, file
 * and line. The layout is pprof's; the instruction text is capstone's in
 * objdump's spacing (AT&T syntax, Intel with -intel_syntax), direct
 * branch targets named "ADDR <symbol+0xOFF>" as objdump names them; it
 * can differ from objdump's in detail (decimal small immediates, operand
 * size suffixes, PLT targets left unnamed).
 *
 * Where pprof is off by one we are not: pprof's symbol ranges (nm's next
 * symbol or Go's symbol size, minus one) and its disassembly stop before
 * the function's last byte; we disassemble [start, start + size) whole. */
#ifndef CPROF_DISASM_H
#define CPROF_DISASM_H

#include <stdbool.h>
#include <stdint.h>

struct graph_node;
struct profile;
struct report;
struct strbuf;

int disasm_print(struct report *rpt, struct strbuf *out);

/* Instruction text by address, for the web source view: the symbol
 * around an address is disassembled at the first question and kept. */
struct disasm_cache;

struct disasm_cache *disasm_cache_new(struct profile *p, bool intel);
void disasm_cache_free(struct disasm_cache *c);

/* The instruction at graph node n's address (its text lives as long as
 * the cache), its address in the binary in *objaddr; NULL when the
 * binary or the symbol cannot be read. */
const char *disasm_cache_text(struct disasm_cache *c, const struct graph_node *n,
			      uint64_t *objaddr);

#endif
