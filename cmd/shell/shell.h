/* shell: pprof's interactive mode, entered when no output format is given.
 *
 * Reads one command per line: a report command with pprof's arguments
 * ("top10", "top -cum 5", "list main.fib", "svg >out.svg"), an assignment
 * to a setting ("focus=main", "cum=true", "nodecount=10"), a sample type
 * shortcut, "o"/"options", "help [name]", or "q"/"quit"/"exit". The
 * prompt and the reports go to stdout, everything else to stderr, as
 * pprof does when stdin is not a terminal. */
#ifndef CPROF_SHELL_H
#define CPROF_SHELL_H

#include <stdio.h>

struct config;
struct profile;

/* Runs the shell on p until EOF or quit. p is only read: each report
 * works on a copy. cfg holds the settings, which assignments change;
 * strings the shell stores in it live until the shell returns, so cfg
 * must not be used afterwards except for config_release. Returns the exit
 * status: 0 (a failing command is reported and the shell goes on). */
int shell_run(struct profile *p, struct config *cfg, FILE *in);

#endif
