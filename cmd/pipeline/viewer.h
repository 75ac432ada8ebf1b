/* viewer: the programs pprof starts to show a result: a browser for -web,
 * -weblist and -http, gv, evince or eog for the image formats. Candidates
 * are command lines split at spaces, tried in order until one starts. */
#ifndef CPROF_VIEWER_H
#define CPROF_VIEWER_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* pprof's browser candidates, in order: $BROWSER, the usual browsers,
 * xdg-open when there is a display. Returns how many were written. */
#define VIEWER_MAX 8
size_t viewer_browsers(const char *out[VIEWER_MAX]);

/* Opens target (a file or URL) with viewer: "browser" for the browser
 * candidates, "gv" (run with --noantialias, as pprof does), or any
 * program name. wait: wait for the program and fail when it fails;
 * otherwise return once one has started. -1 and error_set when none
 * could be started. */
int viewer_open(const char *viewer, const char *target, bool wait);

/* Writes data to $TMPDIR (or /tmp) as pprofNNN<suffix> and opens it with
 * viewer, waiting for it. When no viewer starts, the error names the
 * file, which is kept. */
int viewer_show(const struct strbuf *data, const char *suffix,
		const char *viewer);
/* viewer_show for the shell, which goes on at once, as pprof's
 * interactive mode does: a child process, out of the terminal's process
 * group (a Ctrl-C at the prompt leaves it alone), waits for the viewer
 * and removes the file a while after the viewer is done. A viewer that
 * cannot be started is reported by that child, and its file kept. -1
 * and error_set only when the file cannot be written. */
int viewer_show_background(const struct strbuf *data, const char *suffix,
			   const char *viewer);

#endif
