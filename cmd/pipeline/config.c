/* config: a config with pprof's defaults (driver/config.go's
 * defaultConfig and cli.go's flag defaults), and its release. */
#include "cmd/pipeline/config.h"

#include <stdlib.h>
#include <string.h>

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->output = "";
	cfg->unit = "minimum";
	cfg->source_path = "";
	cfg->trim_path = "";
	cfg->sample_index = "";
	cfg->divide_by = 1.0;
	cfg->sort = "flat";
	cfg->tagroot = cfg->tagleaf = "";
	cfg->nodecount = -1;
	cfg->nodefraction = 0.005;
	cfg->edgefraction = 0.001;
	cfg->trim = true;
	cfg->focus = cfg->ignore = cfg->prune_from = "";
	cfg->hide = cfg->show = cfg->show_from = "";
	cfg->tagfocus = cfg->tagignore = cfg->tagshow = cfg->taghide = "";
	cfg->granularity = "functions";
	cfg->build_id = "";
	cfg->seconds = -1;
	cfg->timeout = -1;
	cfg->symbolize = "";
	cfg->http = "";
	cfg->add_comment = "";
	const char *tools = getenv("PPROF_TOOLS");
	cfg->tools = tools ? tools : "";
	cfg->tls_cert = cfg->tls_key = cfg->tls_ca = "";
}

void config_release(struct config *cfg)
{
	flag_list_release(&cfg->base);
	flag_list_release(&cfg->diff_base_list);
	free(cfg->sources);
	cfg->sources = NULL;
}
