/* list: annotated source (pprof's printSource, -list REGEX).
 *
 * Every function of the line-granularity graph whose name matches the
 * report's symbol regexp gets one block per source file it has samples in
 * (functions by name, files by name): a "ROUTINE" header, the flat and
 * cum sums, then the source lines around the sampled ones, each with its
 * flat and cum ("." for zero). Source files are found through
 * -source_path (default the working directory) and -trim_path, as
 * sourcefile.h describes; a missing file gives an " Error:" line in its
 * block. */
#ifndef CPROF_LIST_H
#define CPROF_LIST_H

struct report;
struct strbuf;

int list_print(struct report *rpt, struct strbuf *out);

#endif
