/* cprof: a profile analyzer with pprof's command line. */
#include <stdio.h>

#include "config.h"
#include "driver.h"

int main(int argc, char **argv)
{
	struct config cfg;
	config_init(&cfg);
	int r = config_parse(&cfg, argc, argv);
	if (r == 1) {
		config_release(&cfg);
		return 0;
	}
	if (r) {
		config_release(&cfg);
		return 2;
	}
	int ret = driver_run(&cfg);
	config_release(&cfg);
	return ret;
}
