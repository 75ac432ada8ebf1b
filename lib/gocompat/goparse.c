/* goparse: Go's strconv number and boolean syntax (see goparse.h). The
 * conversions themselves are the C library's (strtoll, strtod); this file
 * decides which texts Go accepts, so that C's leniencies (leading blanks,
 * "nan(...)", hex floats without an exponent) do not leak through. */
#include "lib/gocompat/goparse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/gocompat/gofmt.h"

int goparse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(s, yes[i]))
			return *out = true, GOPARSE_OK;
		if (!strcmp(s, no[i]))
			return *out = false, GOPARSE_OK;
	}
	return GOPARSE_SYNTAX;
}

int goparse_lenient_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "t", "yes", "y", "1", "" };
	static const char *const no[] = { "false", "f", "no", "n", "0" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(s, yes[i]))
			return *out = true, GOPARSE_OK;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(s, no[i]))
			return *out = false, GOPARSE_OK;
	return GOPARSE_SYNTAX;
}

static int lower(int c)
{
	return c | 0x20;
}

/* Go's underscoreOK: each '_' sits between two digits (a base prefix
 * counting as a digit), never first or last. */
static bool underscore_ok(const char *s)
{
	char saw = '^';
	bool hex = false;
	if (*s == '+' || *s == '-')
		s++;
	if (s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' ||
			    lower(s[1]) == 'x')) {
		hex = lower(s[1]) == 'x';
		saw = '0';
		s += 2;
	}
	for (; *s; s++) {
		if ((*s >= '0' && *s <= '9') ||
		    (hex && lower(*s) >= 'a' && lower(*s) <= 'f')) {
			saw = '0';
		} else if (*s == '_') {
			if (saw != '0')
				return false;
			saw = '_';
		} else {
			if (saw == '_')
				return false;
			saw = '!';
		}
	}
	return saw != '_';
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 99;
}

int goparse_int(const char *s, int base, int64_t *out)
{
	const char *p = s;
	bool neg = false, underscores = false;
	*out = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (base == 0) {
		base = 10;
		if (p[0] == '0') {
			if (lower(p[1]) == 'x') {
				base = 16;
				p += 2;
			} else if (lower(p[1]) == 'o') {
				base = 8;
				p += 2;
			} else if (lower(p[1]) == 'b') {
				base = 2;
				p += 2;
			} else {
				base = 8;
				p++;
				if (!*p) /* "0" itself */
					return GOPARSE_OK;
			}
		}
		underscores = true;
	}
	if (!*p)
		return GOPARSE_SYNTAX;
	/* magnitude as uint64, then the sign's limit */
	uint64_t v = 0;
	bool range = false;
	bool seen_underscore = false;
	for (; *p; p++) {
		if (*p == '_' && underscores) {
			seen_underscore = true;
			continue;
		}
		int d = digit_value((unsigned char)*p);
		if (d >= base)
			return GOPARSE_SYNTAX;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			range = true;
		else
			v = v * (uint64_t)base + (uint64_t)d;
	}
	if (seen_underscore && !underscore_ok(s))
		return GOPARSE_SYNTAX;
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (range || v > limit) {
		*out = neg ? INT64_MIN : INT64_MAX;
		return GOPARSE_RANGE;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return GOPARSE_OK;
}

/* Length of Go's special float at s ("inf", "infinity", "nan", any case)
 * after an optional sign, or 0. Go takes no sign before "nan". */
static size_t special_len(const char *s)
{
	size_t sign = *s == '+' || *s == '-';
	if (!strncasecmp(s + sign, "infinity", 8))
		return sign + 8;
	if (!strncasecmp(s + sign, "inf", 3))
		return sign + 3;
	if (!sign && !strncasecmp(s, "nan", 3))
		return 3;
	return 0;
}

/* Digits of base (10 or 16) and underscores from *p; returns the number
 * of digits. */
static size_t digits(const char **p, int base)
{
	size_t n = 0;
	for (; **p; (*p)++) {
		if (**p == '_')
			continue;
		if (digit_value((unsigned char)**p) >= base)
			break;
		n++;
	}
	return n;
}

int goparse_float(const char *s, double *out)
{
	*out = 0;
	size_t sp = special_len(s);
	if (sp && !s[sp]) {
		bool neg = *s == '-';
		*out = lower(s[sp - 1]) == 'n' ? NAN : neg ? -INFINITY : INFINITY;
		return GOPARSE_OK;
	}
	/* Go's readFloat grammar: sign, mantissa with an optional point,
	 * exponent (e for decimal, mandatory p for hex) */
	const char *p = s;
	int base = 10;
	if (*p == '+' || *p == '-')
		p++;
	if (p[0] == '0' && lower(p[1]) == 'x') {
		base = 16;
		p += 2;
	}
	size_t nd = digits(&p, base);
	if (*p == '.') {
		p++;
		nd += digits(&p, base);
	}
	if (!nd)
		return GOPARSE_SYNTAX;
	if ((base == 10 && lower(*p) == 'e') || (base == 16 && lower(*p) == 'p')) {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!digits(&p, 10))
			return GOPARSE_SYNTAX;
	} else if (base == 16) {
		return GOPARSE_SYNTAX;
	}
	if (*p || (strchr(s, '_') && !underscore_ok(s)))
		return GOPARSE_SYNTAX;

	/* the text is Go's; strtod converts it without the underscores */
	char *clean = xmalloc(strlen(s) + 1), *w = clean;
	for (const char *c = s; *c; c++)
		if (*c != '_')
			*w++ = *c;
	*w = '\0';
	errno = 0;
	double v = strtod(clean, NULL);
	int rc = errno == ERANGE && isinf(v) ? GOPARSE_RANGE : GOPARSE_OK;
	free(clean);
	*out = v;
	return rc;
}

void goparse_error(struct strbuf *sb, const char *fn, const char *s, int rc)
{
	strbuf_addf(sb, "strconv.%s: parsing ", fn);
	gofmt_quote(sb, s);
	strbuf_adds(sb, rc == GOPARSE_RANGE ? ": value out of range" :
					      ": invalid syntax");
}
