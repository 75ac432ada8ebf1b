/* re2_shim: the few RE2 calls regex.c needs, as plain C. RE2 is a C++
 * library; this keeps C++ to one small file (re2_shim.cc) that neither
 * throws nor lets a C++ type out. Matching is linear in the text, as Go's
 * regexp is, whatever the pattern; regex.h is the interface to use. */
#ifndef CPROF_RE2_SHIM_H
#define CPROF_RE2_SHIM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct re2_shim;

/* Why a pattern was refused: RE2's error codes, in Go's terms. */
enum re2_shim_error {
	RE2_SHIM_OK,
	RE2_SHIM_INTERNAL,
	RE2_SHIM_BAD_ESCAPE,          /* invalid escape sequence */
	RE2_SHIM_BAD_CHAR_CLASS,      /* invalid character class */
	RE2_SHIM_BAD_CHAR_RANGE,      /* invalid character class range */
	RE2_SHIM_MISSING_BRACKET,     /* missing closing ] */
	RE2_SHIM_MISSING_PAREN,       /* missing closing ) */
	RE2_SHIM_UNEXPECTED_PAREN,    /* unexpected ) */
	RE2_SHIM_TRAILING_BACKSLASH,  /* trailing backslash at end of expression */
	RE2_SHIM_REPEAT_ARGUMENT,     /* missing argument to repetition operator */
	RE2_SHIM_REPEAT_SIZE,         /* invalid repeat count */
	RE2_SHIM_REPEAT_OP,           /* invalid nested repetition operator */
	RE2_SHIM_BAD_PERL_OP,         /* invalid or unsupported Perl syntax */
	RE2_SHIM_BAD_UTF8,            /* invalid UTF-8 */
	RE2_SHIM_BAD_NAMED_CAPTURE,   /* invalid named capture */
	RE2_SHIM_TOO_LARGE,           /* expression too large */
};

/* Compiles a UTF-8 pattern of RE2 syntax (leftmost-first, '.' not
 * matching '\n', as Go's regexp). NULL with *err set when RE2 refuses it.
 * Out of memory is fatal, as in xalloc. Free with re2_shim_free. */
struct re2_shim *re2_shim_compile(const char *pattern, size_t len,
				  enum re2_shim_error *err);
void re2_shim_free(struct re2_shim *re);

/* Unanchored search of text[0, len). With nsub > 0, fills spans[2i] and
 * spans[2i+1] with the start and end offsets of group i (0: the whole
 * match), or both with (size_t)-1 for a group that took no part. Safe to
 * call from several threads on one compiled pattern. Never fails: RE2
 * falls back from its DFA to its NFA when the DFA's memory runs out. */
bool re2_shim_match(const struct re2_shim *re, const char *text, size_t len,
		    size_t *spans, size_t nsub);

#ifdef __cplusplus
}
#endif

#endif
