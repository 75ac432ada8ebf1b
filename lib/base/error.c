/* error: the last failure's message, kept per thread (see error.h). */
#include "lib/base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last[4096];

int error_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	return -1;
}

int error_prefix(const char *fmt, ...)
{
	char prefix[1024], old[sizeof(last)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, last, sizeof(old));
	size_t n = strlen(prefix);
	memcpy(last, prefix, n);
	last[n] = ':';
	last[n + 1] = ' ';
	size_t rest = sizeof(last) - n - 3;
	size_t m = strnlen(old, rest);
	memcpy(last + n + 2, old, m);
	last[n + 2 + m] = '\0';
	return -1;
}

const char *error_get(void)
{
	return last;
}

void error_clear(void)
{
	last[0] = '\0';
}
