/* units: pprof's measurement package — scaling values between units of
 * one kind (bytes, time, GCU) and the exact text pprof prints for them.
 *
 * Unit names are matched as pprof does: case-insensitively, with one
 * trailing 's' dropped from names longer than two bytes ("Bytes",
 * "nanoseconds", "ms"). Unknown units are left alone. The returned unit
 * strings are static. */
#ifndef CPROF_UNITS_H
#define CPROF_UNITS_H

#include <stdint.h>

struct strbuf;

/* Scales value from `from` into `to` (a unit name, or "minimum"/"auto" for
 * the largest unit keeping the value >= 1). *unit receives the canonical
 * name of the unit scaled to ("MB", "ms", …), "" when the unit is not
 * interesting ("count", "sample", "unit", "minimum", "auto" of an unknown
 * kind), or `to` itself for other unknown units. */
double units_scale(int64_t value, const char *from, const char *to,
		   const char **unit);

/* measurement.ScaledLabel: "%.2f" of the scaled value without a ".00"
 * tail, followed by the unit; "0" for anything that prints as zero. */
void units_scaled_label(struct strbuf *sb, int64_t value, const char *from,
			const char *to);

/* measurement.Label: units_scaled_label with to = "auto". */
void units_label(struct strbuf *sb, int64_t value, const char *unit);

/* measurement.Percentage: |value/total| as "  100%", "%5.2f%%" or
 * "%5.2g%%" (below 1%); total 0 gives 0. */
void units_percentage(struct strbuf *sb, int64_t value, int64_t total);

/* True when unit names a known unit of some kind (sniffing as above). */
int units_known(const char *unit);

#endif
