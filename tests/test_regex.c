/* Unit tests for regex: Go's RE2 syntax where other engines (PCRE2, C++
 * RE2) differ, and linear time on backtracking patterns. Every
 * expectation was checked against Go's regexp package (1.19, and 1.23
 * for what changed: the (?<name>...) groups of Go 1.22). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/base/error.h"
#include "lib/gocompat/regex.h"

/* 1 match, 0 no match, -1 the pattern does not compile */
static int m(const char *pattern, const char *s)
{
	struct regex *re = regex_compile(pattern);
	if (!re)
		return -1;
	int r = regex_match(re, s);
	regex_free(re);
	return r;
}

static void test_rejected(void)
{
	/* PCRE2 takes these; Go does not */
	static const char *const bad[] = {
		"\\C", "\\Z", "(?<=a)b", "(?<>x)", "(?<a-b>x)", "\\1", "\\18", "(?=a)", "(?!a)",
		"(?<=a)b", "(?>a)", "a*+", "a**", "a{2}{3}", "a??+", "(?x)a",
		"(?#c)", "\\e", "\\h", "\\G", "\\K", "\\R", "\\N", "\\cA",
		"\\o{101}", "\\u0041", "\\x4", "\\8", "[\\b]", "[\\A]", "\\E",
		"[\\Q]\\E]", "(?P=n)", "(?P<a-b>x)", "(?P<>x)", "(?i-)", "(?-)",
		"a{1001}", "a{1,1001}", "a{2,1}", "\\pX", "\\p{greek}",
		"\\p{L&}", "\\p{Xan}", "[[:foo:]]", "(*UTF)a", "a|*", "\xc3\xa9\\\xc3\xa9",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = m(bad[i], "a");
		if (r != -1)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK(r == -1);
	}
	CHECK(m("\\e", "") == -1);
	CHECK_STR(error_get(), "error parsing regexp: invalid escape sequence: `\\e`");
	CHECK(m("a**", "") == -1);
	CHECK_STR(error_get(),
		  "error parsing regexp: invalid nested repetition operator: `**`");
	CHECK(m("a{1001}", "") == -1);
	CHECK_STR(error_get(), "error parsing regexp: invalid repeat count: `{1001}`");
	CHECK(m("(a", "") == -1);
	/* Go's words for parentheses, naming the whole expression (from
	 * regexp.Compile in Go 1.23.5) */
	CHECK_STR(error_get(), "error parsing regexp: missing closing ): `(a`");
	CHECK(m("(?i:a", "") == -1);
	CHECK_STR(error_get(), "error parsing regexp: missing closing ): `(?i:a`");
	CHECK(m("a)b**", "") == -1);
	CHECK_STR(error_get(), "error parsing regexp: unexpected ): `a)b**`");
	CHECK(m("(?:a))", "") == -1);
	CHECK_STR(error_get(), "error parsing regexp: unexpected ): `(?:a))`");
}

static void test_accepted(void)
{
	/* what RE2 accepts and means; names in either form, repeated too */
	CHECK(m("(?<n>a)b", "ab") == 1);
	CHECK(m("(?<n>x)(?<n>y)", "xy") == 1);
	CHECK(m("(?P<n>x)(?P<n>y)", "xy") == 1);
	CHECK(m("\\pL", "\xc3\xa9") == 1);       /* é is a letter */
	CHECK(m("^\\PL$", "\xc3\xa9") == 0);
	CHECK(m("\\p{Greek}", "\xce\xb1") == 1); /* α */
	CHECK(m("^\\p{^Greek}$", "\xce\xb1") == 0);
	CHECK(m("\\p{Yi}", "a") == 0);
	CHECK(m("^[[:alpha:]]+$", "abcXYZ") == 1);
	CHECK(m("[[:alpha:]]", "123") == 0);
	CHECK(m("^[[:^space:]]$", "a") == 1);
	CHECK(m("(?i)MAIN\\.fib", "main.FIB") == 1);
	CHECK(m("(?i:a)b", "AB") == 0);
	CHECK(m("(?s)a.b", "a\nb") == 1);
	CHECK(m("a.b", "a\nb") == 0);        /* '.' never matches \n */
	CHECK(m("a.b", "a\rb") == 1);        /* but does match \r */
	CHECK(m("(?P<name>x)y", "xy") == 1);
	CHECK(m("(a)(?P<x>b)(?P<x>c)", "abc") == 1); /* duplicate names are fine */
	CHECK(m("\\Q.*\\E", "a.*") == 1);
	CHECK(m("\\Q.*\\E", "ab") == 0);
	CHECK(m("\\Qa.b", "a.b") == 1);        /* \Q runs to the end */
	CHECK(m("a\\z", "a\n") == 0);
	CHECK(m("a$", "a\n") == 0);           /* $ is end of text only */
	CHECK(m("(?m)a$", "a\nb") == 1);
	CHECK(m("a{,3}", "a{,3}") == 1);      /* not a repeat: literal */
	CHECK(m("^a{,3}$", "aa") == 0);
	CHECK(m("a{", "a{") == 1);
	CHECK(m("^a{2}$", "aa") == 1);
	CHECK(m("^a{01}$", "a") == 1);
	CHECK(m("^a{1000}$", "a") == 0);
	CHECK(m("\\12", "\n") == 1);          /* octal, not a backreference */
	struct regex *nul = regex_compile("a\\0b");
	CHECK(nul && regex_matchn(nul, "a\0b", 3) && !regex_match(nul, "a0b"));
	regex_free(nul);
	CHECK(m("\\x41\\x{42}", "AB") == 1);
	CHECK(m("\\v", "\v") == 1);           /* vertical tab only */
	CHECK(m("\\v", "\n") == 0);
	CHECK(m("\\s", "\v") == 0);           /* Go's \s has no \v */
	CHECK(m("\\s", "\f") == 1);
	CHECK(m("[\\s]", "\v") == 0);
	CHECK(m("^\\S$", "\v") == 1);
	CHECK(m("^[\\S]$", "\v") == 1);
	CHECK(m("^[\\S]$", " ") == 0);
	CHECK(m("^[a-b-c]+$", "a-c") == 1);   /* '-' after a range is literal */
	CHECK(m("^[\\d-z]+$", "1-z") == 1);
	CHECK(m("^[[.a.]]$", "a]") == 1);     /* no collating elements in RE2 */
	CHECK(m("^[[:a]$", ":") == 1);
	CHECK(m("^[]a]+$", "]a") == 1);
	CHECK(m("^[^]a]$", "b") == 1);
	CHECK(m("^*a", "a") == 1);            /* assertions may repeat */
	CHECK(m("\\b+a", "a") == 1);
	CHECK(m("a(?)b", "ab") == 1);
	CHECK(m("\\_\\@", "_@") == 1);
	CHECK(m("(?U)a+", "aaa") == 1);
	CHECK(m("(?i)\xc3\xa9", "\xc3\x89") == 1); /* é ~ É */
	CHECK(m("ab*?c", "ac") == 1);
	CHECK(m("x", "\xff" "x") == 1);         /* invalid UTF-8 in the subject */
	CHECK(m("", "") == 1);
	CHECK(m("sort\\.(Sort|partition)", "sort.partition") == 1);
}

/* Linear time on patterns that backtracking makes exponential, on
 * 100,000-byte subjects; the answers follow from the text. (The meson
 * timeout bounds the run.) */
static void test_pathological(void)
{
	enum { N = 100000 };
	char *s = malloc(N + 3);
	memset(s, 'a', N);
	memcpy(s + N, "cb", 3);
	struct regex *r1 = regex_compile("(a|aa)*b");
	struct regex *r2 = regex_compile("(a|aa)+$");
	struct regex *r3 = regex_compile("^(a|a?)+c");
	CHECK(r1 && r2 && r3);
	if (r1 && r2 && r3) {
		CHECK(regex_match(r1, s));         /* the 'b', after zero a's */
		CHECK(!regex_match(r2, s));        /* ends in 'b' */
		CHECK(regex_match(r3, s));
		struct regex_span sub[2];
		CHECK(regex_submatch(r1, s, N + 2, sub, 2));
		CHECK(sub[0].start == N + 1 && sub[0].end == N + 2);
		CHECK(sub[1].start == SIZE_MAX);   /* the group took no part */
		CHECK(regex_matchn(r2, s, N));     /* all a's */
		CHECK(regex_submatch(r2, s, N, sub, 2));
		CHECK(sub[0].start == 0 && sub[0].end == N);
		CHECK(sub[1].start == N - 1 && sub[1].end == N); /* "a" first, as Go */
	}
	regex_free(r1);
	regex_free(r2);
	regex_free(r3);
	free(s);
}

int main(void)
{
	test_rejected();
	test_accepted();
	test_pathological();
	return check_report();
}
