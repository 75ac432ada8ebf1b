/* aggregate: collapses a profile to a granularity, as pprof's
 * Profile.Aggregate does before building a report graph.
 *
 * Nothing is merged here: the fields a granularity ignores are blanked
 * (function names, file names, line numbers, addresses, inline frames but
 * the outermost), so that locations that now look alike fall into one
 * graph node. Mapping flags are narrowed to what is left. Works in place;
 * the blanked strings are the profile's interned "". */
#ifndef CPROF_AGGREGATE_H
#define CPROF_AGGREGATE_H

#include <stdbool.h>

struct profile;

/* Keeps inline frames, function names, file names, line numbers,
 * columns and addresses only where the matching flag is set (a column
 * goes with its line number). */
void aggregate_profile(struct profile *p, bool inline_frames, bool function,
		       bool filename, bool linenumber, bool column,
		       bool address);

/* pprof's driver rules: granularity is one of "functions",
 * "filefunctions", "files", "lines", "addresses"; noinlines drops inline
 * frames ("addresses" with inline frames leaves the profile alone);
 * columns stay only with showcolumns. -1 and error_set for an unknown
 * granularity. */
int aggregate_granularity(struct profile *p, const char *granularity,
			  bool noinlines, bool showcolumns);

#endif
