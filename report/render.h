/* render: what pprof does after a report is generated, in-process.
 *
 * pprof pipes its DOT text through a `dot -Tformat` subprocess; we lay the
 * graph out and render it with graphviz's libraries (libcgraph + libgvc)
 * instead, then give the SVG pprof's browser massaging (pan and zoom
 * script, viewport group).
 *
 * Everything returns 0, or -1 with error_set(); nothing prints except the
 * graphviz warnings passed through diag_warning(). */
#ifndef CPROF_RENDER_H
#define CPROF_RENDER_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* Lays out the NUL-terminated DOT text with the dot engine and renders it
 * as format ("svg", "png", "pdf", "ps", "gif", …), replacing out's
 * contents. */
int render_graphviz(const char *dot, const char *format, struct strbuf *out);

/* pprof's massageSVG: quotes the stray "&;" that dot leaves, makes the
 * drawing fill the window, and wraps the graph in a "viewport" group that
 * an embedded script pans (drag) and zooms (wheel). Rewrites svg in
 * place; an SVG without the expected elements is left as it is. */
void render_massage_svg(struct strbuf *svg);

#endif
