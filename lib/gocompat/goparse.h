/* goparse: Go's strconv parsers with Go's exact syntax, and the settings
 * parser pprof uses on top of them (stringToBool). Flags, shell settings
 * and URL parameters all read numbers and booleans through these, so the
 * three accept the same text pprof does. */
#ifndef CPROF_GOPARSE_H
#define CPROF_GOPARSE_H

#include <stdbool.h>
#include <stdint.h>

struct strbuf;

/* Results: 0, or one of Go's two strconv errors. */
enum {
	GOPARSE_OK = 0,
	GOPARSE_SYNTAX = -1, /* strconv.ErrSyntax: "invalid syntax" */
	GOPARSE_RANGE = -2,  /* strconv.ErrRange: "value out of range" */
};

/* strconv.ParseBool: 1 t T TRUE true True, 0 f F FALSE false False. */
int goparse_bool(const char *s, bool *out);
/* pprof's stringToBool (driver/commands.go): any case of true t yes y 1
 * and "" are true; false f no n 0 are false. -1 otherwise. */
int goparse_lenient_bool(const char *s, bool *out);
/* strconv.ParseInt(s, base, 64) for base 10 (strconv.Atoi: a sign, then
 * decimal digits only) or base 0 (Go literal syntax, as the flag package
 * reads ints: 0x/0o/0b prefixes, a leading 0 for octal, underscores
 * between digits). On GOPARSE_RANGE *out is the clamped value, as Go's. */
int goparse_int(const char *s, int base, int64_t *out);
/* strconv.ParseFloat(s, 64): decimal or hexadecimal (with a mandatory p
 * exponent) mantissa, underscores between digits, inf/infinity/nan in any
 * case; no blanks. On GOPARSE_RANGE *out is +-Inf, as Go's. */
int goparse_float(const char *s, double *out);

/* Appends Go's *strconv.NumError text for a failed parse: `strconv.FN:
 * parsing "S": invalid syntax` (or "value out of range"). */
void goparse_error(struct strbuf *sb, const char *fn, const char *s, int rc);

#endif
