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
