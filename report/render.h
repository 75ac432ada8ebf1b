/* render: what pprof does after a report is generated, in-process.
 *
 * pprof pipes its DOT text through a `dot -Tformat` subprocess; we lay the
 * graph out and render it with graphviz's libraries (libcgraph + libgvc)
 * instead, then give the SVG pprof's browser massaging (pan and zoom
 * script, viewport group). Viewer commands (-web, -eog, …) write the
 * result to a temporary file and start a program on it.
 *
 * Everything returns 0, or -1 with error_set(); nothing prints except the
 * graphviz warnings passed through warning(). */
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

/* The pan/zoom script embedded by render_massage_svg. */
extern const char render_panzoom_js[];

/* Creates DIR/PREFIXnnnSUFFIX (nnn from 001, the first that does not
 * exist yet) exclusively and writes data to it; the name goes to path. */
int render_temp_file(const char *dir, const char *prefix, const char *suffix,
		     const struct strbuf *data, struct strbuf *path);

/* Writes data to a temporary file (in $TMPDIR or /tmp) named pprofnnn
 * SUFFIX and opens it with viewer: a program name, or "browser" for
 * $BROWSER and the usual browsers then xdg-open (when $DISPLAY is set).
 * Waits for the viewer. When none can be started, the error names the
 * file, which is kept. */
/* pprof's browser candidates, in order: $BROWSER, the usual browsers,
 * xdg-open when there is a display. Each is a command line split at
 * spaces. Returns how many were written to out. */
#define RENDER_MAX_BROWSERS 8
size_t render_browsers(const char *out[RENDER_MAX_BROWSERS]);

int render_view(const struct strbuf *data, const char *suffix,
		const char *viewer);

#endif
