/* wrap: int64 arithmetic that wraps on overflow, as Go's does.
 *
 * Sample values come from files; corrupt ones can be anything. Go (and so
 * pprof) wraps silently; in C signed overflow is undefined, so every sum of
 * values read from input goes through these. */
#ifndef CPROF_WRAP_H
#define CPROF_WRAP_H

#include <math.h>
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

/* Go's abs64 in pprof: the most negative value is its own absolute
 * value, as -MinInt64 wraps to MinInt64. */
static inline int64_t wrap_abs(int64_t a)
{
	return a < 0 ? wrap_neg(a) : a;
}

/* Go's int64(f) on amd64, where pprof's reference outputs come from: a
 * float outside int64's range, or NaN, becomes MinInt64 (CVTTSD2SQ's
 * "integer indefinite"). In C that conversion is undefined. */
static inline int64_t wrap_from_double(double f)
{
	if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0))
		return INT64_MIN;
	return (int64_t)f;
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
