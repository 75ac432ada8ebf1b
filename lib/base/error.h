/* error: how lib/ reports a failure to cmd/.
 *
 * A failing lib/ function records one message with error_set() and returns
 * -1 (or NULL). Only cmd/ prints it, as "cprof: FILE: MESSAGE", and exits.
 * Messages are lowercase with no final period; the library's own reason is
 * appended after a colon. Warnings and notes go through diag.h. The
 * message is per thread, so web requests do not see each other's. */
#ifndef CPROF_ERROR_H
#define CPROF_ERROR_H

/* Records the message; always returns -1 so callers can `return error_set(…)`. */
int error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prefixes the current message: "PREFIX: old message". Returns -1. */
int error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The last message ("" if none). Valid until the next error_set. */
const char *error_get(void);
void error_clear(void);

#endif
