/* generate: writes a prepared report (report.h) in its options' format.
 * One table in generate.c maps each format to its renderer. */
#ifndef CPROF_GENERATE_H
#define CPROF_GENERATE_H

struct report;
struct sink;

/* Writes the report to out (a file sink gets the long reports in pieces
 * as they are made). -1 and error_set on failure (also for a format
 * without a renderer). */
int generate_report(struct report *rpt, struct sink *out);

#endif
