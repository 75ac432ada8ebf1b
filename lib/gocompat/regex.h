/* regex: pprof's regular expressions (Go RE2 syntax) on PCRE2.
 *
 * Patterns are translated where RE2 and PCRE2 differ before compiling;
 * matching is an unanchored search, like Go's MatchString. */
#ifndef CPROF_REGEX_H
#define CPROF_REGEX_H

#include <stdbool.h>
#include <stddef.h>

struct regex;
struct strbuf;

/* NULL and error_set (PCRE2's reason) if the pattern does not compile. */
struct regex *regex_compile(const char *pattern);
bool regex_match(const struct regex *re, const char *s);
bool regex_matchn(const struct regex *re, const char *s, size_t len);
/* A submatch: [start, end) byte offsets; both SIZE_MAX for a group that
 * took no part in the match. */
struct regex_span {
	size_t start, end;
};
/* Leftmost-first search like Go's FindSubmatchIndex: fills sub[0] with the
 * whole match and sub[i] with group i, for i < nsub. Returns false when
 * there is no match. */
bool regex_submatch(const struct regex *re, const char *s, size_t len,
		    struct regex_span *sub, size_t nsub);

/* Appends to out the PCRE2 pattern that means what the RE2 pattern means
 * (exposed for tests). -1 and error_set, in Go's wording, for a pattern
 * RE2 rejects but PCRE2 would take. */
int regex_translate(const char *pattern, struct strbuf *out);
/* The pattern as given. */
const char *regex_source(const struct regex *re);
void regex_free(struct regex *re);

#endif
