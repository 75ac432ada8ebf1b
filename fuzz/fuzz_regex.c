/* Target: a pattern (the input up to the first newline) in Go's RE2
 * syntax, translated and compiled, then matched against the rest. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "lib/gocompat/regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Patterns come from a command line: long ones only slow the run. */
	if (size > 4096)
		return 0;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - data) : size;
	char *pat = malloc(plen + 1);
	if (!pat)
		abort();
	memcpy(pat, data, plen);
	pat[plen] = '\0';
	struct regex *re = regex_compile(pat);
	if (re) {
		const char *subj = nl ? (const char *)nl + 1 : "";
		size_t slen = nl ? size - plen - 1 : 0;
		regex_matchn(re, subj, slen);
		regex_match(re, "main.main");
		regex_source(re);
		regex_free(re);
	}
	free(pat);
	return 0;
}
