/* symbolize_internal: what symbolize.c lends the other files of symbolize/ (not
 * part of the module's interface): an opened binary with the load bias of
 * one mapping, and its innermost source frame at an ELF address. */
#ifndef CPROF_SYMBOLIZE_INTERNAL_H
#define CPROF_SYMBOLIZE_INTERNAL_H

#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>

struct profile_mapping;
struct symbolize_int_file;

/* Opens m->file (NULL with error_set on failure). The mapping is borrowed
 * and must outlive the handle. */
struct symbolize_int_file *symbolize_int_open(const struct profile_mapping *m);
void symbolize_int_close(struct symbolize_int_file *h);

/* The ELF, owned by the handle. */
Elf *symbolize_int_elf(struct symbolize_int_file *h);

/* Runtime address to ELF address with the symbolizer's bias rules
 * (pprof's ObjAddr). -1 with error_set when the bias is unknown. */
int symbolize_int_objaddr(struct symbolize_int_file *h, uint64_t addr,
			  uint64_t *out);

/* The innermost frame at ELF address a, as the symbolizer would name it
 * (names not demangled). Strings are NULL when unknown and valid until
 * the next call or close. False when nothing at all is known. */
bool symbolize_int_frame(struct symbolize_int_file *h, uint64_t a,
			 const char **func, const char **file, int *line);

#endif
