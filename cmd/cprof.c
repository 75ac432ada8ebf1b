/* cprof: a profile analyzer with pprof's command line. main parses the
 * flags, loads the sources through the pipeline, and hands the profile to
 * one front end: a batch report when an output format is given, the web
 * UI for -http, the interactive shell otherwise. */
#include <stdio.h>

#include "cmd/pipeline/cli.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/pipeline.h"
#include "cmd/shell/shell.h"
#include "cmd/web/webui.h"
#include "lib/base/error.h"
#include "lib/model/profile.h"

/* Runs the chosen front end on the loaded profile; the exit status. */
static int run(struct profile *p, struct config *cfg)
{
	if (!cfg->cmd && *cfg->http)
		return webui_serve(p, cfg);
	if (!cfg->cmd)
		return shell_run(p, cfg, stdin);
	if (pipeline_generate(p, cfg, false)) {
		fprintf(stderr, "cprof: %s\n", error_get());
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct config cfg;
	int ret;

	config_init(&cfg);
	int r = cli_parse(&cfg, argc, argv);
	if (r) {
		/* 1: -h printed the usage */
		ret = r == 1 ? 0 : 2;
		goto out;
	}
	struct pipeline *pl = pipeline_new();
	struct profile *p = pipeline_load(pl, &cfg);
	if (!p) {
		fprintf(stderr, "cprof: %s\n", error_get());
		ret = 1;
	} else {
		ret = run(p, &cfg);
		profile_free(p);
	}
	pipeline_free(pl);
out:
	config_release(&cfg);
	return ret;
}
