// re2_shim: RE2 (C++) behind the C API of re2_shim.h, so that regex.c
// gets a linear-time matcher with Go's RE2 semantics. Nothing here may
// throw into C: allocation failure ends the program as xalloc does.
#include "lib/gocompat/re2_shim.h"

#include <re2/re2.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

struct re2_shim {
	re2::RE2 *re;
};

[[noreturn]] static void out_of_memory()
{
	std::fputs("cprof: out of memory\n", stderr);
	std::exit(1);
}

static enum re2_shim_error map_error(re2::RE2::ErrorCode c)
{
	switch (c) {
	case re2::RE2::NoError: return RE2_SHIM_OK;
	case re2::RE2::ErrorBadEscape: return RE2_SHIM_BAD_ESCAPE;
	case re2::RE2::ErrorBadCharClass: return RE2_SHIM_BAD_CHAR_CLASS;
	case re2::RE2::ErrorBadCharRange: return RE2_SHIM_BAD_CHAR_RANGE;
	case re2::RE2::ErrorMissingBracket: return RE2_SHIM_MISSING_BRACKET;
	case re2::RE2::ErrorMissingParen: return RE2_SHIM_MISSING_PAREN;
	case re2::RE2::ErrorUnexpectedParen: return RE2_SHIM_UNEXPECTED_PAREN;
	case re2::RE2::ErrorTrailingBackslash: return RE2_SHIM_TRAILING_BACKSLASH;
	case re2::RE2::ErrorRepeatArgument: return RE2_SHIM_REPEAT_ARGUMENT;
	case re2::RE2::ErrorRepeatSize: return RE2_SHIM_REPEAT_SIZE;
	case re2::RE2::ErrorRepeatOp: return RE2_SHIM_REPEAT_OP;
	case re2::RE2::ErrorBadPerlOp: return RE2_SHIM_BAD_PERL_OP;
	case re2::RE2::ErrorBadUTF8: return RE2_SHIM_BAD_UTF8;
	case re2::RE2::ErrorBadNamedCapture: return RE2_SHIM_BAD_NAMED_CAPTURE;
	case re2::RE2::ErrorPatternTooLarge: return RE2_SHIM_TOO_LARGE;
	default: return RE2_SHIM_INTERNAL;
	}
}

extern "C" struct re2_shim *re2_shim_compile(const char *pattern, size_t len,
					     enum re2_shim_error *err)
{
	try {
		re2::RE2::Options o;
		o.set_log_errors(false); // the caller reports, in Go's words
		o.set_encoding(re2::RE2::Options::EncodingUTF8);
		o.set_longest_match(false);
		auto *re = new re2::RE2(re2::StringPiece(pattern, len), o);
		if (!re->ok()) {
			*err = map_error(re->error_code());
			if (*err == RE2_SHIM_OK)
				*err = RE2_SHIM_INTERNAL;
			delete re;
			return nullptr;
		}
		*err = RE2_SHIM_OK;
		return new re2_shim{re};
	} catch (const std::bad_alloc &) {
		out_of_memory();
	}
}

extern "C" void re2_shim_free(struct re2_shim *re)
{
	if (!re)
		return;
	delete re->re;
	delete re;
}

extern "C" bool re2_shim_match(const struct re2_shim *re, const char *text,
			       size_t len, size_t *spans, size_t nsub)
{
	try {
		re2::StringPiece t(text, len);
		if (!nsub)
			return re->re->Match(t, 0, len, re2::RE2::UNANCHORED,
					     nullptr, 0);
		size_t have = (size_t)re->re->NumberOfCapturingGroups() + 1;
		size_t n = nsub < have ? nsub : have;
		std::vector<re2::StringPiece> sub(n);
		if (!re->re->Match(t, 0, len, re2::RE2::UNANCHORED, sub.data(),
				   (int)n))
			return false;
		for (size_t i = 0; i < nsub; i++) {
			if (i < n && sub[i].data()) {
				spans[2 * i] = (size_t)(sub[i].data() - text);
				spans[2 * i + 1] = spans[2 * i] + sub[i].size();
			} else {
				spans[2 * i] = spans[2 * i + 1] = SIZE_MAX;
			}
		}
		return true;
	} catch (const std::bad_alloc &) {
		out_of_memory();
	}
}
