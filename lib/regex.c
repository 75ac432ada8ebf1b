#include "regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "xalloc.h"

struct regex {
	pcre2_code *code;
	pcre2_match_data *md;
	char *source;
};

struct regex *regex_compile(const char *pattern)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
					 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
					 &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		error_set("error parsing regexp: %s at offset %zu: `%s`",
			  (char *)msg, (size_t)erroff, pattern);
		return NULL;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	struct regex *re = xcalloc(1, sizeof(*re));
	re->code = code;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	re->source = xstrdup(pattern);
	return re;
}

bool regex_matchn(const struct regex *re, const char *s, size_t len)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, NULL);
	return rc >= 0;
}

bool regex_match(const struct regex *re, const char *s)
{
	return regex_matchn(re, s, strlen(s));
}

const char *regex_source(const struct regex *re)
{
	return re->source;
}

void regex_free(struct regex *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re->source);
	free(re);
}
