/* regex: pprof's regular expressions (Go RE2 syntax) on PCRE2.
 *
 * Patterns are translated where RE2 and PCRE2 differ before compiling;
 * matching is an unanchored search, like Go's MatchString. */
#ifndef CPROF_REGEX_H
#define CPROF_REGEX_H

#include <stdbool.h>
#include <stddef.h>

struct regex;

/* NULL and error_set (PCRE2's reason) if the pattern does not compile. */
struct regex *regex_compile(const char *pattern);
bool regex_match(const struct regex *re, const char *s);
bool regex_matchn(const struct regex *re, const char *s, size_t len);
/* The pattern as given. */
const char *regex_source(const struct regex *re);
void regex_free(struct regex *re);

#endif
