/* label_units: the unit of each numeric label key of a profile (pprof's
 * NumLabelUnits), computed once per report by the pipeline and shared by
 * the tag filters and the reports. */
#ifndef CPROF_LABEL_UNITS_H
#define CPROF_LABEL_UNITS_H

#include <stdbool.h>
#include <stddef.h>

struct profile;

/* The unit of each numeric label key (pprof's NumLabelUnits): the first
 * unit seen for the key, else "bytes" for "alignment" and "request",
 * else the key itself. Sorted by key. */
struct label_unit {
	const char *key;
	const char *unit;
};

struct label_units {
	struct label_unit *item;
	size_t n;
};

/* Fills u (malloc'ed; release with label_units_release). With warn,
 * keys that carry several units get pprof's line each, as diag notes. */
void label_units_init(struct label_units *u, const struct profile *p,
		      bool warn);
void label_units_release(struct label_units *u);
/* The unit of key, "" if the key has no numeric labels. */
const char *label_units_get(const struct label_units *u, const char *key);

#endif
