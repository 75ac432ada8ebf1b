/* commands: the table of output formats, pprof's pprofCommands. */
#ifndef CPROF_COMMANDS_H
#define CPROF_COMMANDS_H

#include <stdbool.h>

#include "report/report.h"

enum command_post {
	POST_NONE,
	POST_GRAPHVIZ, /* render the DOT text with libgvc into `gv_format` */
};

struct command {
	const char *name;
	enum report_format format;
	bool has_param; /* -list=REGEX and the like */
	enum command_post post;
	const char *gv_format; /* "svg", "png", … for POST_GRAPHVIZ */
	const char *viewer;    /* program that shows the result, or NULL */
	const char *description;
};

extern const struct command commands[];
extern const int ncommands;

const struct command *command_find(const char *name);

#endif
