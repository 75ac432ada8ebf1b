/* diag: where warnings and notes go. Library code never prints: it hands
 * each message to the sink the front end installed, so that the batch
 * report and the shell print them on stderr as pprof does, and the web UI
 * shows them on the page that caused them.
 *
 * The sink is per thread (each web request installs its own); without
 * one, messages go to stderr. A message has no trailing newline. */
#ifndef CPROF_DIAG_H
#define CPROF_DIAG_H

enum diag_level {
	DIAG_NOTE,    /* pprof's plain stderr lines ("Focus expression
		       * matched no samples", "Fetching profile over HTTP
		       * from ...") */
	DIAG_WARNING, /* cprof's own warnings, printed "cprof: warning: " */
};

typedef void (*diag_sink_fn)(void *ctx, enum diag_level level,
			     const char *msg);

/* Installs fn (with ctx) for the calling thread; NULL restores stderr. */
void diag_set_sink(diag_sink_fn fn, void *ctx);
/* The calling thread's sink (NULL for stderr), to put it back later. */
void diag_get_sink(diag_sink_fn *fn, void **ctx);

void diag_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
