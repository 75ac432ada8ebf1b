/* config: everything the command line sets, with pprof's defaults. The
 * names, flags and help of the fields are in settings.h's table.
 *
 * Strings point into argv or static storage; nothing here is owned except
 * the flag_lists, released by config_release. */
#ifndef CPROF_CONFIG_H
#define CPROF_CONFIG_H

#include <stdbool.h>

#include "cmd/pipeline/flags.h"

struct command;

struct config {
	/* report configuration: pprof's "config" (driver/config.go) */
	const char *output;
	bool call_tree;
	bool relative_percentages;
	const char *unit;
	bool compact_labels;
	const char *source_path;
	const char *trim_path;
	bool intel_syntax;
	bool mean;
	const char *sample_index;
	double divide_by;
	bool normalize;
	const char *sort; /* "flat" or "cum" */
	const char *tagroot, *tagleaf;
	bool drop_negative;
	int nodecount;
	double nodefraction;
	double edgefraction;
	bool trim;
	const char *focus, *ignore, *prune_from, *hide, *show, *show_from;
	const char *tagfocus, *tagignore, *tagshow, *taghide;
	bool noinlines;
	bool showcolumns; /* columns at line granularity (pprof 1.23) */
	const char *granularity; /* functions, filefunctions, files, lines, addresses */

	/* the chosen output: a command name and its argument (or NULL) */
	const struct command *cmd;
	const char *cmd_arg;

	/* sources: pprof's "source" (driver/cli.go) */
	const char **sources;
	int nsources;
	const char *exec_name;
	const char *build_id;
	struct flag_list base;
	struct flag_list diff_base_list;
	bool diff_base; /* base came from -diff_base */
	int seconds;
	int timeout;
	const char *symbolize;
	const char *http;
	bool no_browser;
	const char *add_comment;
	const char *tools;
	const char *tls_cert, *tls_key, *tls_ca;
	double max_decompressed; /* bytes; 0: the source layer's default */
};

void config_init(struct config *cfg);
void config_release(struct config *cfg);


#endif
