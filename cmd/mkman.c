/* mkman: writes the man page cprof.1 to stdout at build time, from the
 * tables that also make -h and the shell's help (cli_man). */
#include <stdio.h>

#include "cmd/pipeline/cli.h"

int main(void)
{
	cli_man(stdout);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
