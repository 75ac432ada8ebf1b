/* cli: pprof's command line (driver/cli.go) read into a struct config. */
#ifndef CPROF_CLI_H
#define CPROF_CLI_H

#include <stdio.h>

struct config;

/* Parses the command line into cfg (config_init'ed; its strings then
 * point into argv). Returns 0, 1 after printing the usage on stdout for
 * -h/-help, or 2 (usage error, message and usage already on stderr). */
int cli_parse(struct config *cfg, int argc, char **argv);
/* Prints the -h usage, built from the settings and commands tables. */
void cli_usage(FILE *f);
/* Writes the man page cprof.1 (roff), built from the same tables. */
void cli_man(FILE *f);

#endif
