/* xalloc: allocation that cannot fail. Running out of memory is fatal for
 * a command-line analyzer; every caller would only propagate it, so it is
 * handled once here (message on stderr, exit 1). */
#ifndef CPROF_XALLOC_H
#define CPROF_XALLOC_H

#include <stddef.h>

/* The calling thread's way out when memory runs out, instead of the
 * message and exit: the web server's request threads jump back to answer
 * 500 and serve on, losing what the request had allocated. fn must not
 * return (longjmp). NULL restores the default. Returns the previous one. */
typedef void (*xalloc_oom_fn)(size_t size);
xalloc_oom_fn xalloc_set_oom_handler(xalloc_oom_fn fn);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow array `x` of `alloc` elements so that it holds at least `nr`.
 * Amortized doubling, as git's ALLOC_GROW. */
#define ALLOC_GROW(x, nr, alloc)                                              \
	do {                                                                      \
		if ((size_t)(nr) > (size_t)(alloc)) {                                 \
			size_t alloc_grow_n_ = (size_t)(alloc) * 2 + 16;                  \
			if (alloc_grow_n_ < (size_t)(nr))                                 \
				alloc_grow_n_ = (size_t)(nr);                                 \
			(x) = xrealloc((x), alloc_grow_n_ * sizeof(*(x)));                \
			(alloc) = alloc_grow_n_;                                          \
		}                                                                     \
	} while (0)

#endif
