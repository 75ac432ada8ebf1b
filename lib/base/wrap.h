/* wrap: int64 arithmetic that wraps on overflow, as Go's does.
 *
 * Sample values come from files; corrupt ones can be anything. Go (and so
 * pprof) wraps silently; in C signed overflow is undefined, so every sum of
 * values read from input goes through these. */
#ifndef CPROF_WRAP_H
#define CPROF_WRAP_H

#include <stdint.h>

static inline int64_t wrap_add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

static inline int64_t wrap_sub(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

static inline int64_t wrap_mul(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a * (uint64_t)b);
}

static inline int64_t wrap_neg(int64_t a)
{
	return (int64_t)(0 - (uint64_t)a);
}

/* Go's a / b for int64: MinInt64 / -1 wraps to MinInt64 instead of
 * trapping. b must not be zero. */
static inline int64_t wrap_div(int64_t a, int64_t b)
{
	if (b == -1)
		return wrap_neg(a);
	return a / b;
}

#endif
