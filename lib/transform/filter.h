/* filter: pprof's sample and frame filters, applied to a profile in place
 * (profile/filter.go, profile/prune.go, driver/driver_focus.go,
 * driver/tagroot.go).
 *
 * Filters drop samples (the sample array is compacted), shorten sample
 * stacks (sample->location may then point inside its old array) and drop
 * lines from locations (location->line may point to a new arena array).
 * Nothing is freed: everything stays in the profile's arena. */
#ifndef CPROF_FILTER_H
#define CPROF_FILTER_H

#include <stddef.h>
#include <stdint.h>

struct label_units;
struct profile;
struct strbuf;

/* The option values, "" (or NULL) when unset. */
struct filter_options {
	const char *focus, *ignore, *hide, *show, *show_from;
	const char *tagfocus, *tagignore, *tagshow, *taghide;
	const char *prune_from;
};

/* pprof's applyFocus: name filters, show_from, tag filters, tag show/hide,
 * prune_from, in that order. Options that match nothing, and numeric tag
 * ranges, give pprof's stderr lines as diag notes. -1 and error_set
 * ("parsing focus regexp: …") when an option does not compile. */
int filter_apply(struct profile *p, const struct filter_options *o,
		 const struct label_units *units);

/* pprof's RemoveUninteresting: prunes frames matching the profile's
 * drop_frames (unless keep_frames matches). A bad regexp is ignored, as
 * pprof ignores it. */
void filter_remove_uninteresting(struct profile *p);

/* pprof's addLabelNodes (-tagroot, -tagleaf): comma-separated label keys
 * become pseudo frames "value[,value]" with file name key, at the root or
 * the leaf of every sample; numeric values are formatted in output_unit.
 * Keys that match no sample give pprof's note (diag.h). */
void filter_add_label_nodes(struct profile *p, const char *root_keys,
			    const char *leaf_keys, const char *output_unit);

/* pprof's parseTagFilterRange: 1 and the range in *r when s is a numeric
 * range ("32kb", ":64kb", "4mb:", "12kb:64mb"), 0 when it is not (and is
 * to be read as a regexp). */
struct filter_range {
	double lo, hi;     /* in unit; lo/hi unused when open */
	const char *unit;  /* canonical unit ("kB", "ms", ""), or unit_buf */
	int has_lo, has_hi;
	char unit_buf[64]; /* an unknown unit's own text */
};
int filter_parse_range(const char *s, struct filter_range *r);
/* Whether value (in unit `unit`) is in the range. */
int filter_range_match(const struct filter_range *r, int64_t value,
		       const char *unit);

#endif
