/* regex: pprof's regular expressions (Go RE2 syntax) on RE2.
 *
 * Patterns are checked against Go's grammar and compiled by RE2; matching
 * is an unanchored search, like Go's MatchString, in time linear in the
 * text whatever the pattern ((a|aa)*b included), and cannot fail. A
 * compiled regex is immutable: threads may share it. */
#ifndef CPROF_REGEX_H
#define CPROF_REGEX_H

#include <stdbool.h>
#include <stddef.h>

struct regex;
struct strbuf;

/* NULL and error_set, in Go's words, if the pattern does not compile. */
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

/* Appends to out the pattern handed to the engine, which means what the
 * Go pattern means with every literal escaped (exposed for tests). -1 and
 * error_set, in Go's wording, for a pattern Go rejects. */
int regex_translate(const char *pattern, struct strbuf *out);
/* The pattern as given. */
const char *regex_source(const struct regex *re);
void regex_free(struct regex *re);

#endif
