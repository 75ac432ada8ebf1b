/* gofmt: Go's strconv and time formatting rules, byte for byte, for the
 * numbers and dates pprof prints (shortest float, Duration, Time). */
#include "lib/gocompat/gofmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/base/strbuf.h"

/* Writes v/10^prec with the fraction's trailing zeros dropped. */
static void add_frac(char *buf, size_t *w, uint64_t v, int prec)
{
	/* buf is filled from the end backwards, Go's fmtFrac */
	bool print = false;
	for (int i = 0; i < prec; i++) {
		int digit = (int)(v % 10);
		print = print || digit != 0;
		if (print)
			buf[--*w] = (char)('0' + digit);
		v /= 10;
	}
	if (print)
		buf[--*w] = '.';
	/* integer part */
	if (v == 0) {
		buf[--*w] = '0';
	} else {
		while (v > 0) {
			buf[--*w] = (char)('0' + v % 10);
			v /= 10;
		}
	}
}

static void add_int(char *buf, size_t *w, uint64_t v)
{
	if (v == 0) {
		buf[--*w] = '0';
		return;
	}
	while (v > 0) {
		buf[--*w] = (char)('0' + v % 10);
		v /= 10;
	}
}

void gofmt_duration(struct strbuf *sb, int64_t d)
{
	char buf[64];
	size_t w = sizeof(buf);
	uint64_t u = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
	bool neg = d < 0;

	if (u < 1000000000ULL) {
		/* below one second: ns, µs or ms with a fraction */
		const char *unit;
		int prec;
		if (u == 0) {
			strbuf_adds(sb, "0s");
			return;
		} else if (u < 1000ULL) {
			prec = 0;
			unit = "ns";
		} else if (u < 1000000ULL) {
			prec = 3;
			unit = "\xc2\xb5s";
		} else {
			prec = 6;
			unit = "ms";
		}
		size_t ul = strlen(unit);
		w -= ul;
		memcpy(buf + w, unit, ul);
		add_frac(buf, &w, u, prec);
	} else {
		buf[--w] = 's';
		add_frac(buf, &w, u % 60000000000ULL, 9);
		u /= 60000000000ULL; /* minutes */
		if (u > 0) {
			buf[--w] = 'm';
			add_int(buf, &w, u % 60);
			u /= 60;
			if (u > 0) {
				buf[--w] = 'h';
				add_int(buf, &w, u);
			}
		}
	}
	if (neg)
		buf[--w] = '-';
	strbuf_add(sb, buf + w, sizeof(buf) - w);
}

void gofmt_time(struct strbuf *sb, int64_t ns)
{
	int64_t sec = ns / 1000000000LL;
	int64_t frac = ns % 1000000000LL;
	if (frac < 0) {
		frac += 1000000000LL;
		sec--;
	}
	time_t t = (time_t)sec;
	struct tm tm;
	gmtime_r(&t, &tm);
	strbuf_addf(sb, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (frac) {
		char f[16];
		snprintf(f, sizeof(f), "%09lld", (long long)frac);
		size_t n = 9;
		while (n > 0 && f[n - 1] == '0')
			n--;
		strbuf_addch(sb, '.');
		strbuf_add(sb, f, n);
	}
	strbuf_adds(sb, " +0000 UTC");
}

void gofmt_float(struct strbuf *sb, double v)
{
	char buf[64];
	if (isnan(v)) {
		strbuf_adds(sb, "NaN");
		return;
	}
	if (isinf(v)) {
		strbuf_adds(sb, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	/* shortest %.*e that round-trips, then Go's choice of %e or %f */
	int prec;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	char *e = strchr(buf, 'e');
	int exp = atoi(e + 1);
	if (exp < -4 || exp >= 6) { /* Go: shortest 'g' switches at 1e6 */
		/* Go: mantissa digits, then e+XX with at least two digits */
		*e = '\0';
		strbuf_adds(sb, buf);
		strbuf_addf(sb, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	int decimals = prec - 1 - exp;
	snprintf(buf, sizeof(buf), "%.*f", decimals > 0 ? decimals : 0, v);
	strbuf_adds(sb, buf);
}

/* Length of the UTF-8 sequence at s and its rune, or 0 if invalid (an
 * overlong form, a surrogate, or a truncated sequence). */
static size_t utf8_rune(const unsigned char *s, uint32_t *rune)
{
	size_t n;
	uint32_t r, min;
	if (s[0] < 0x80) {
		*rune = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2, r = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, r = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, r = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		r = r << 6 | (s[i] & 0x3f);
	}
	if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		return 0;
	*rune = r;
	return n;
}

void gofmt_quote(struct strbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	strbuf_addch(sb, '"');
	while (*s) {
		uint32_t r;
		size_t n = utf8_rune(s, &r);
		if (!n) {
			strbuf_addf(sb, "\\x%02x", *s++);
			continue;
		}
		switch (r) {
		case '"': strbuf_adds(sb, "\\\""); break;
		case '\\': strbuf_adds(sb, "\\\\"); break;
		case '\a': strbuf_adds(sb, "\\a"); break;
		case '\b': strbuf_adds(sb, "\\b"); break;
		case '\f': strbuf_adds(sb, "\\f"); break;
		case '\n': strbuf_adds(sb, "\\n"); break;
		case '\r': strbuf_adds(sb, "\\r"); break;
		case '\t': strbuf_adds(sb, "\\t"); break;
		case '\v': strbuf_adds(sb, "\\v"); break;
		default:
			if (r < 0x20 || r == 0x7f)
				strbuf_addf(sb, "\\x%02x", (unsigned)r);
			else if ((r >= 0x80 && r <= 0xa0) || r == 0xad ||
				 r == 0x2028 || r == 0x2029 || r == 0xfeff)
				strbuf_addf(sb, "\\u%04x", (unsigned)r);
			else
				strbuf_add(sb, (const char *)s, n);
		}
		s += n;
	}
	strbuf_addch(sb, '"');
}

const char *gofmt_errno(int err)
{
	static _Thread_local char buf[128];
	const char *s = strerror(err);
	snprintf(buf, sizeof(buf), "%s", s);
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}
