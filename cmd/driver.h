/* driver: the pipeline from sources to a written report, in pprof's order:
 * fetch and merge sources (and bases), symbolize, drop uninteresting
 * frames, then per report: tag pseudo-frames, focus filters, aggregation
 * to the granularity, render, post-process, write. */
#ifndef CPROF_DRIVER_H
#define CPROF_DRIVER_H

#include <stdbool.h>

struct config;
struct profile;
struct strbuf;

/* Runs the whole command: one report, or the interactive shell when no
 * output format is given. Returns the exit status (0 ok, 1 error). */
int driver_run(struct config *cfg);

/* Generates cfg's report from p and writes it. Both are changed (the
 * command's overrides, filters, aggregation): pass copies to keep them.
 * interactive: binary output without -output goes to a profileNNN file
 * in the current directory, as in pprof's shell. -1 and error_set. */
int driver_generate(struct profile *p, struct config *cfg, bool interactive);

/* driver_generate without the writing: the report (rendered by graphviz
 * for the image formats) appended to out. */
int driver_report(struct profile *p, struct config *cfg, struct strbuf *out);

/* The profile's header lines under cfg's settings (File, Type, Time,
 * Duration, ...) appended to out, and whether the selected total is zero.
 * Interns strings into p. -1 and error_set when cfg does not apply to p. */
int driver_labels(struct profile *p, const struct config *cfg,
		  struct strbuf *out, bool *zero_total);

#endif
