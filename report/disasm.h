/* disasm: annotated disassembly (pprof's printAssembly, -disasm REGEX).
 *
 * The function symbols of the profiled binaries that match the report's
 * regexp (or, when the regexp reads as a number, contain that address)
 * and hold samples are disassembled with capstone, each instruction shown
 * with the flat and cum of the samples from its address up to the next
 * instruction and, when it changes, its innermost source function, file
 * and line. The layout is pprof's; the instruction text is capstone's in
 * objdump's spacing (AT&T syntax, Intel with -intel_syntax), so it can
 * differ from objdump's in detail (immediates, branch targets). */
#ifndef CPROF_DISASM_H
#define CPROF_DISASM_H

struct report;
struct strbuf;

int disasm_print(struct report *rpt, struct strbuf *out);

#endif
