/* xalloc: the only place that handles running out of memory; large
 * allocations are advised to use transparent huge pages, which the
 * kernel otherwise zeroes and faults in 4 KiB at a time. */
#include "lib/base/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static _Thread_local xalloc_oom_fn oom_handler;

xalloc_oom_fn xalloc_set_oom_handler(xalloc_oom_fn fn)
{
	xalloc_oom_fn old = oom_handler;
	oom_handler = fn;
	return old;
}

static void die_oom(size_t size)
{
	if (oom_handler)
		oom_handler(size); /* does not return */
	fprintf(stderr, "cprof: out of memory allocating %zu bytes\n", size);
	exit(1);
}

#define HUGE_PAGE ((uintptr_t)2 << 20)

/* Big buffers here (a profile's arena blocks, stacks, decompressed
 * bytes) are filled from end to end: backed by huge pages, each costs a
 * fault per 2 MiB instead of one per 4 KiB, a sixth of -top's time on a
 * big profile. madvise covers the huge pages inside [p, p+size); it is a
 * hint the kernel may ignore, so its result does not matter. */
static void *hint_huge(void *p, size_t size)
{
	if (size < 2 * HUGE_PAGE)
		return p;
	uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t hi = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	return p;
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom(size);
	return hint_huge(p, size);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom(n * size);
	return hint_huge(p, n * size);
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom(size);
	return hint_huge(p, size);
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}
