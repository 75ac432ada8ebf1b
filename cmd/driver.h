/* driver: the pipeline from sources to a written report, in pprof's order:
 * fetch and merge sources (and bases), symbolize, drop uninteresting
 * frames, then per report: tag pseudo-frames, focus filters, aggregation
 * to the granularity, render, post-process, write. */
#ifndef CPROF_DRIVER_H
#define CPROF_DRIVER_H

struct config;

/* Runs the whole command. Returns the exit status (0 ok, 1 error). */
int driver_run(struct config *cfg);

#endif
