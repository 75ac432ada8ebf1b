/* dot: a call graph in graphviz's DOT language, as pprof's
 * graph.ComposeDot writes it: a legend box with the report's header
 * lines, one box per node (its name split at package separators, font
 * size from its flat value, colours from its cum value and sign), the
 * tag pseudo-nodes ("nodelets") hanging off each node, and the edges
 * sorted by weight (dotted when nodes were dropped in between).
 *
 * The graph is read, never changed; strings come from its profile. */
#ifndef CPROF_DOT_H
#define CPROF_DOT_H

#include <stddef.h>
#include <stdint.h>

struct graph;
struct report;
struct strbuf;

struct dot_config {
	const char *title;   /* graph name; NULL or "" gives "unnamed" */
	const char **labels; /* legend lines, the first names the box */
	size_t nlabels;
	int64_t total;       /* for percentages, colours and edge widths */
	/* Formats a value as the report does (scaled to the output unit). */
	void (*format_value)(void *ctx, struct strbuf *sb, int64_t v);
	void *ctx;
};

/* pprof's -dot report: the trimmed graph with the full header. */
int dot_print(struct report *rpt, struct strbuf *out);

/* Appends the DOT text of g to out. */
void dot_compose(struct strbuf *out, const struct graph *g,
		 const struct dot_config *c);

/* pprof's dotColor: "#rrggbb" for a score in [-1, 1] (green through grey
 * to red), light for backgrounds. buf holds at least 8 bytes. */
void dot_color(char *buf, double score, int background);

/* escapeForDot: backslashes and quotes escaped, newlines made "\l". */
void dot_escape(struct strbuf *sb, const char *s);

/* pprof's ShortenFunctionName: the name without package path, Java
 * package and arguments, or C++ namespaces, appended to sb. */
void dot_shorten_function_name(struct strbuf *sb, const char *name);

#endif
