/* Unit tests for units (pprof measurement); values worked out by hand
 * from pprof's unit tables. */
#include <stdint.h>

#include "check.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"

static const char *scaled(int64_t v, const char *from, const char *to)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	units_scaled_label(&sb, v, from, to);
	return sb.buf;
}

static const char *pct(int64_t v, int64_t total)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	units_percentage(&sb, v, total);
	return sb.buf;
}

int main(void)
{
	/* 1536 B is 1.5 kB; the biggest unit keeping the value >= 1 wins. */
	CHECK_STR(scaled(1536, "bytes", "minimum"), "1.50kB");
	CHECK_STR(scaled(1 << 20, "bytes", "auto"), "1MB");
	CHECK_STR(scaled(1536, "bytes", "kb"), "1.50kB");
	CHECK_STR(scaled(10000000, "nanoseconds", "minimum"), "10ms");
	CHECK_STR(scaled(2500000, "nanoseconds", "ms"), "2.50ms");
	CHECK_STR(scaled(3600000000000LL, "nanoseconds", "auto"), "1hrs");
	CHECK_STR(scaled(-3000, "ms", "auto"), "-3s");
	/* an unknown target unit of a known kind falls back to its default */
	CHECK_STR(scaled(1500000000, "ns", "fortnight"), "1.50s");
	/* uninteresting and unknown units */
	CHECK_STR(scaled(5, "count", "minimum"), "5");
	CHECK_STR(scaled(1234, "widgets", "minimum"), "1234");
	CHECK_STR(scaled(7, "widgets", "furlongs"), "7furlongs");
	CHECK_STR(scaled(0, "bytes", "minimum"), "0");
	/* 1 ns in seconds is 1e-9, which prints as 0.00 then "0" */
	CHECK_STR(scaled(1, "ns", "s"), "0");
	/* "Seconds" sniffs to "second" (case and trailing s dropped) */
	CHECK_STR(scaled(90, "Seconds", "auto"), "90s");

	CHECK_STR(pct(1, 3), "33.33%");
	CHECK_STR(pct(1, 300), " 0.33%");
	CHECK_STR(pct(1, 1000), "  0.1%");
	CHECK_STR(pct(0, 0), "    0%");
	CHECK_STR(pct(1, 1), "  100%");
	CHECK_STR(pct(-2, 4), "50.00%");
	CHECK_STR(pct(9996, 10000), "  100%");

	const char *u;
	double v = units_scale(2048, "bytes", "minimum", &u);
	CHECK(v == 2.0);
	CHECK_STR(u, "kB");
	CHECK(units_known("MB") && units_known("milliseconds"));
	CHECK(!units_known("count"));
	return check_report();
}
