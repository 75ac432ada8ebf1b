/* commands: the output-format table, one row per pprof command in pprof's
 * order, so that flags, the shell and -h list the formats alike. */
#include "cmd/pipeline/commands.h"

#include <string.h>

const struct command commands[] = {
	{ "callgrind", REPORT_CALLGRIND, false, POST_NONE, NULL, NULL, "Outputs a graph in callgrind format" },
	{ "comments", REPORT_COMMENTS, false, POST_NONE, NULL, NULL, "Output all profile comments" },
	{ "disasm", REPORT_DIS, true, POST_NONE, NULL, NULL, "Output assembly listings annotated with samples" },
	{ "dot", REPORT_DOT, false, POST_NONE, NULL, NULL, "Outputs a graph in DOT format" },
	{ "eog", REPORT_DOT, false, POST_GRAPHVIZ, "svg", "eog", "Visualize graph through eog" },
	{ "evince", REPORT_DOT, false, POST_GRAPHVIZ, "pdf", "evince", "Visualize graph through evince" },
	{ "flame", REPORT_FLAME_HTML, false, POST_NONE, NULL, NULL, "Outputs a flame graph as one self-contained HTML page" },
	{ "folded", REPORT_FOLDED, false, POST_NONE, NULL, NULL, "Outputs stacks in folded format for flame graphs" },
	{ "gif", REPORT_DOT, false, POST_GRAPHVIZ, "gif", NULL, "Outputs a graph image in GIF format" },
	{ "gv", REPORT_DOT, false, POST_GRAPHVIZ, "ps", "gv", "Visualize graph through gv" },
	{ "kcachegrind", REPORT_CALLGRIND, false, POST_NONE, NULL, "kcachegrind", "Visualize report in KCachegrind" },
	{ "list", REPORT_LIST, true, POST_NONE, NULL, NULL, "Output annotated source for functions matching regexp" },
	{ "pdf", REPORT_DOT, false, POST_GRAPHVIZ, "pdf", NULL, "Outputs a graph in PDF format" },
	{ "peek", REPORT_TREE, true, POST_NONE, NULL, NULL, "Output callers/callees of functions matching regexp" },
	{ "png", REPORT_DOT, false, POST_GRAPHVIZ, "png", NULL, "Outputs a graph image in PNG format" },
	{ "proto", REPORT_PROTO, false, POST_NONE, NULL, NULL, "Outputs the profile in compressed protobuf format" },
	{ "ps", REPORT_DOT, false, POST_GRAPHVIZ, "ps", NULL, "Outputs a graph in PS format" },
	{ "raw", REPORT_RAW, false, POST_NONE, NULL, NULL, "Outputs a text representation of the raw profile" },
	{ "svg", REPORT_DOT, false, POST_GRAPHVIZ, "svg", NULL, "Outputs a graph in SVG format" },
	{ "tags", REPORT_TAGS, false, POST_NONE, NULL, NULL, "Outputs all tags in the profile" },
	{ "text", REPORT_TEXT, false, POST_NONE, NULL, NULL, "Outputs top entries in text form" },
	{ "top", REPORT_TEXT, false, POST_NONE, NULL, NULL, "Outputs top entries in text form" },
	{ "topproto", REPORT_TOPPROTO, false, POST_NONE, NULL, NULL, "Outputs top entries in compressed protobuf format" },
	{ "traces", REPORT_TRACES, false, POST_NONE, NULL, NULL, "Outputs all profile samples in text form" },
	{ "tree", REPORT_TREE, false, POST_NONE, NULL, NULL, "Outputs a text rendering of call graph" },
	{ "web", REPORT_DOT, false, POST_GRAPHVIZ, "svg", "browser", "Visualize graph through web browser" },
	{ "weblist", REPORT_WEBLIST, true, POST_NONE, NULL, "browser", "Display annotated source in a web browser" },
};

const int ncommands = (int)(sizeof(commands) / sizeof(commands[0]));

const struct command *command_find(const char *name)
{
	for (int i = 0; i < ncommands; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}
