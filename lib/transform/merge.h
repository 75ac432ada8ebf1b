/* merge: combines profiles into one, as pprof's profile.Merge does, plus
 * the value transforms pprof applies around merging (scaling, -normalize,
 * the -diff_base label).
 *
 * Merging compacts (pprof 1.23 no longer merges a lone source): samples whose
 * values are all zero go, unused locations, functions and mappings go,
 * equal locations/functions/mappings become one, samples with the same
 * locations and labels are summed, and ids are renumbered from 1 in order
 * of first use.
 *
 * The merger is incremental: merge_add() folds one source in and keeps
 * nothing of it, so memory grows with the number of distinct stacks, not
 * with the number of inputs. The result is a new profile owning its own
 * arena; sources are only read.
 *
 * Header rules (pprof's combineHeaders): sample and period types, drop and
 * keep frames come from the first source; period is the largest; time is
 * the earliest (with pprof's quirk for zero times); durations add up;
 * comments are deduplicated in order; the default sample type is the
 * first non-empty one. Sample types (pprof 1.23's CompatibilizeSampleTypes):
 * only those every source has, by name, stay, in the first source's order;
 * units of one kind are scaled to the finer; none in common, or types or
 * period types of different kinds, and merge_add fails. */
#ifndef CPROF_MERGE_H
#define CPROF_MERGE_H

#include <stddef.h>

struct profile;
struct merge; /* opaque */

struct merge *merge_new(void);
/* Folds src in. -1 and error_set when src is not compatible with the
 * first source; the merger stays usable (src is simply not added). */
int merge_add(struct merge *m, const struct profile *src);
/* merge_add for a source the caller gives up: src is freed before it
 * returns, whatever the result. As the first source it is merged in
 * place (the merged profile takes over its arena and reuses its sample
 * arrays), so a lone profile is never held twice. */
int merge_add_owned(struct merge *m, struct profile *src);
/* The merged profile (the caller owns it; NULL and error_set if nothing
 * was added). Frees m. */
struct profile *merge_finish(struct merge *m);
/* Abandons a merger. Accepts NULL. */
void merge_free(struct merge *m);

/* Merges n profiles at once. NULL and error_set on failure. */
struct profile *merge_profiles(struct profile *const *srcs, size_t n);

/* 0 when b can be merged into a (same sample types and period type);
 * else -1 and error_set. */
int merge_compatible(const struct profile *a, const struct profile *b);

/* pprof's ScaleN: multiplies value i of each sample by ratios[i], rounding
 * to nearest, and drops the samples whose rescaled values are all zero.
 * Nothing changes when every ratio is 1. */
void merge_scale(struct profile *p, const double *ratios);
/* merge_scale with one ratio for every sample type. */
void merge_scale_all(struct profile *p, double ratio);

/* pprof's Normalize: scales p so that, per sample type, its total equals
 * base's. -1 and error_set when the two are not compatible. */
int merge_normalize(struct profile *p, const struct profile *base);

/* Sets string label key to the single value on every sample, replacing
 * any values it had (pprof's SetLabel). */
void merge_set_label(struct profile *p, const char *key, const char *value);

#endif
