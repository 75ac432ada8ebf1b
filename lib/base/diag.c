/* diag: the per-thread message sink (see diag.h). */
#include "lib/base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local diag_sink_fn sink;
static _Thread_local void *sink_ctx;

void diag_set_sink(diag_sink_fn fn, void *ctx)
{
	sink = fn;
	sink_ctx = ctx;
}

void diag_get_sink(diag_sink_fn *fn, void **ctx)
{
	*fn = sink;
	*ctx = sink_ctx;
}

static void emit(enum diag_level level, const char *fmt, va_list ap)
{
	char buf[2048];
	char *msg = buf;
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf)) {
		/* rare long message (a long file name): format it whole */
		msg = malloc((size_t)n + 1);
		if (msg)
			vsnprintf(msg, (size_t)n + 1, fmt, copy);
		else
			msg = buf; /* truncated rather than lost */
	}
	va_end(copy);
	if (sink)
		sink(sink_ctx, level, msg);
	else if (level == DIAG_WARNING)
		fprintf(stderr, "cprof: warning: %s\n", msg);
	else
		fprintf(stderr, "%s\n", msg);
	if (msg != buf)
		free(msg);
}

void diag_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(DIAG_NOTE, fmt, ap);
	va_end(ap);
}

void diag_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(DIAG_WARNING, fmt, ap);
	va_end(ap);
}
