/* units: pprof's unit tables (bytes, time, GCU) and its choice of the
 * unit that prints a value with the fewest digits. */
#include "lib/gocompat/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/base/strbuf.h"

struct unit {
	const char *name;        /* canonical, as printed */
	const char *aliases[4];  /* lowercase, NULL-terminated */
	double factor;           /* size in the kind's base unit */
};

struct unit_kind {
	const struct unit *units;
	int nunits;
	const struct unit *def; /* used when the target unit is unknown */
};

static const struct unit memory_units[] = {
	{ "B", { "b", "byte" }, 1 },
	{ "kB", { "kb", "kbyte", "kilobyte" }, 1024.0 },
	{ "MB", { "mb", "mbyte", "megabyte" }, 1048576.0 },
	{ "GB", { "gb", "gbyte", "gigabyte" }, 1073741824.0 },
	{ "TB", { "tb", "tbyte", "terabyte" }, 1099511627776.0 },
	{ "PB", { "pb", "pbyte", "petabyte" }, 1125899906842624.0 },
};

static const struct unit time_units[] = {
	{ "ns", { "ns", "nanosecond" }, 1 },
	{ "us", { "\xce\xbcs", "us", "microsecond" }, 1e3 },
	{ "ms", { "ms", "millisecond" }, 1e6 },
	{ "s", { "s", "sec", "second" }, 1e9 },
	{ "hrs", { "hour", "hr" }, 3.6e12 },
};
static const struct unit time_default = { "s", { NULL }, 1e9 };

static const struct unit gcu_units[] = {
	{ "n*GCU", { "nanogcu" }, 1e-9 },
	{ "u*GCU", { "microgcu" }, 1e-6 },
	{ "m*GCU", { "milligcu" }, 1e-3 },
	{ "GCU", { "gcu" }, 1 },
	{ "k*GCU", { "kilogcu" }, 1e3 },
	{ "M*GCU", { "megagcu" }, 1e6 },
	{ "G*GCU", { "gigagcu" }, 1e9 },
	{ "T*GCU", { "teragcu" }, 1e12 },
	{ "P*GCU", { "petagcu" }, 1e15 },
};
static const struct unit gcu_default = { "GCU", { NULL }, 1 };

static const struct unit_kind kinds[] = {
	{ memory_units, 6, &memory_units[0] },
	{ time_units, 5, &time_default },
	{ gcu_units, 9, &gcu_default },
};

/* pprof lowercases, then drops one trailing 's' if longer than 2 bytes. */
static const struct unit *sniff(const struct unit_kind *k, const char *name)
{
	char buf[64];
	size_t n = strlen(name);
	if (n >= sizeof(buf))
		return NULL;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[n] = 0;
	if (n > 2 && buf[n - 1] == 's')
		buf[--n] = 0;
	for (int i = 0; i < k->nunits; i++)
		for (int a = 0; a < 4 && k->units[i].aliases[a]; a++)
			if (!strcmp(buf, k->units[i].aliases[a]))
				return &k->units[i];
	return NULL;
}

int units_known(const char *unit)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (sniff(&kinds[i], unit))
			return 1;
	return 0;
}

double units_scale(int64_t value, const char *from, const char *to,
		   const char **unit)
{
	/* INT64_MIN has no positive twin; pprof scales it as is. */
	if (value < 0 && value != INT64_MIN) {
		double v = units_scale(-value, from, to, unit);
		return -v;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const struct unit_kind *k = &kinds[i];
		const struct unit *fu = sniff(k, from);
		if (!fu)
			continue;
		double v = (double)value * fu->factor;
		if (!strcmp(to, "minimum") || !strcmp(to, "auto")) {
			double f = 0;
			const char *name = NULL;
			for (int j = 0; j < k->nunits; j++) {
				if (k->units[j].factor >= f &&
				    v / k->units[j].factor >= 1.0) {
					f = k->units[j].factor;
					name = k->units[j].name;
				}
			}
			if (f != 0) {
				*unit = name;
				return v / f;
			}
			*unit = k->def->name;
			return v / k->def->factor;
		}
		const struct unit *tu = sniff(k, to);
		if (!tu)
			tu = k->def;
		*unit = tu->name;
		return v / tu->factor;
	}
	if (!strcmp(to, "count") || !strcmp(to, "sample") ||
	    !strcmp(to, "unit") || !strcmp(to, "minimum") ||
	    !strcmp(to, "auto"))
		*unit = "";
	else
		*unit = to;
	return (double)value;
}

void units_scaled_label(struct strbuf *sb, int64_t value, const char *from,
			const char *to)
{
	const char *u;
	double v = units_scale(value, from, to, &u);
	char buf[400];
	snprintf(buf, sizeof(buf), "%.2f", v);
	size_t n = strlen(buf);
	if (n >= 3 && !strcmp(buf + n - 3, ".00"))
		buf[n -= 3] = 0;
	if (!strcmp(buf, "0") || !strcmp(buf, "-0")) {
		strbuf_addch(sb, '0');
		return;
	}
	strbuf_add(sb, buf, n);
	strbuf_adds(sb, u);
}

void units_label(struct strbuf *sb, int64_t value, const char *unit)
{
	units_scaled_label(sb, value, unit, "auto");
}

void units_percentage(struct strbuf *sb, int64_t value, int64_t total)
{
	double ratio = 0;
	if (total != 0)
		ratio = fabs((double)value / (double)total) * 100;
	if (ratio >= 99.95 && ratio <= 100.05)
		strbuf_adds(sb, "  100%");
	else if (ratio >= 1.0)
		strbuf_addf(sb, "%5.2f%%", ratio);
	else
		strbuf_addf(sb, "%5.2g%%", ratio);
}
