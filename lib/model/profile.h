/* profile: the in-memory model of a profile, everything profile.proto
 * carries, shared by every decoder, transform and report.
 *
 * Ownership: a struct profile owns one arena; every string, function,
 * location, mapping, line array, sample value/location/label array hangs
 * off it and dies with profile_free(). The top-level pointer arrays
 * (sample_type, sample, mapping, location, function, comment) are
 * malloc'ed and grown with ALLOC_GROW; they too are freed by profile_free.
 *
 * Invariants (after decoding and profile_check):
 *  - every string pointer is non-NULL and interned with profile_intern(), so
 *    two strings of one profile are equal iff their pointers are equal;
 *    the one exception is profile_label.str, NULL for a numeric label;
 *  - every sample has nsample_type values;
 *  - location and line pointers point into this profile; location->mapping
 *    may be NULL; a line's function may be NULL only in legacy profiles;
 *  - ids are as read; they are unique per kind but need not be dense.
 * Transforms may rewrite the arrays in place (filtering drops samples,
 * aggregation rewrites locations); reports treat the profile as read-only. */
#ifndef CPROF_PROFILE_H
#define CPROF_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/arena.h"
#include "lib/base/hashmap.h"

struct profile_value_type {
	const char *type; /* "cpu", "inuse_space", … */
	const char *unit; /* "nanoseconds", "bytes", "count", … */
};

struct profile_label {
	const char *key;
	const char *str;  /* string label; NULL for a numeric one */
	int64_t num;      /* numeric label value */
	const char *unit; /* numeric label unit, "" if none given */
};

struct profile_mapping {
	uint64_t id;
	uint64_t start, limit, offset;
	const char *file;
	const char *build_id;
	bool has_functions, has_filenames, has_line_numbers, has_inline_frames;
	/* "_text"/"_stext" taken off a kernel mapping's file name; not in
	 * the wire format. */
	const char *kernel_reloc_symbol;
};

struct profile_function {
	uint64_t id;
	const char *name;
	const char *system_name;
	const char *filename;
	int64_t start_line;
};

struct profile_line {
	struct profile_function *function;
	int64_t line;
	int64_t column; /* 0 when unknown */
};

struct profile_location {
	uint64_t id;
	struct profile_mapping *mapping; /* may be NULL */
	uint64_t address;
	struct profile_line *line; /* innermost inline frame first */
	size_t nline;
	bool is_folded;
	/* Scratch for the transform running now, so that it can map a
	 * sample's frames without a lookup per frame: it sets the field on
	 * every location before reading it (merge: the merged location,
	 * as an integer; graph cache: where the location's nodes are).
	 * Meaningless outside that transform; written even through a const
	 * profile. */
	size_t scratch;
};

struct profile_sample {
	struct profile_location **location; /* leaf first */
	size_t nlocation;
	int64_t *value; /* profile->nsample_type entries */
	struct profile_label *label;
	size_t nlabel;
};

struct profile {
	struct arena arena;
	struct hashmap strings; /* interned strings, see profile_intern */

	struct profile_value_type *sample_type;
	size_t nsample_type, sample_type_alloc;
	const char *default_sample_type;

	struct profile_sample *sample;
	size_t nsample, sample_alloc;

	struct profile_mapping **mapping;
	size_t nmapping, mapping_alloc;
	struct profile_location **location;
	size_t nlocation, location_alloc;
	struct profile_function **function;
	size_t nfunction, function_alloc;

	const char **comment;
	size_t ncomment, comment_alloc;

	const char *drop_frames;
	const char *keep_frames;

	int64_t time_nanos;
	int64_t duration_nanos;
	struct profile_value_type period_type; /* both "" when absent */
	bool has_period_type;
	int64_t period;
};

/* A new, empty profile (all strings ""). Free with profile_free. */
struct profile *profile_new(void);
void profile_free(struct profile *p);

/* The profile's own copy of s[0..len), shared with every equal string. */
const char *profile_intern(struct profile *p, const char *s, size_t len);
const char *profile_interns(struct profile *p, const char *s);
/* s as interned in p, or NULL when p has no such string (so that no
 * string of p equals it): a test of every label for one key becomes a
 * pointer comparison, or no test at all. */
const char *profile_find(const struct profile *p, const char *s);

/* Constructors: allocate in the arena and append to the profile's arrays.
 * Returned objects are zeroed except for interned "" strings. */
struct profile_mapping *profile_add_mapping(struct profile *p);
struct profile_function *profile_add_function(struct profile *p);
struct profile_location *profile_add_location(struct profile *p, size_t nline);
void profile_add_sample_type(struct profile *p, const char *type,
			     const char *unit);
void profile_add_comment(struct profile *p, const char *comment);
/* Appends a sample with room for nlocation locations, nsample_type values
 * and nlabel labels (all zeroed). The pointer is valid until the next
 * profile_add_sample (the sample array may move). */
struct profile_sample *profile_add_sample(struct profile *p, size_t nlocation,
					  size_t nlabel);

/* Index of the sample type called name or given as a number, with pprof's
 * rules ("" means the default sample type, else the last one; a legacy
 * "inuse_"/"alloc_" prefix-less name is tried too). -1 and error_set on
 * failure. */
int profile_sample_index(const struct profile *p, const char *name);

/* Checks what pprof's CheckValid checks (value counts, non-NULL
 * references, unique ids). -1 and error_set on failure. */
int profile_check(const struct profile *p);

/* Deep copy into a new profile with its own arena. */
struct profile *profile_copy(const struct profile *p);
/* profile_copy without copying strings, sample values or labels: the
 * copy's are p's own (strings interned into it later are its; its
 * samples' value and label arrays must not be written, only replaced),
 * so p must outlive it and nobody may intern into p while this runs.
 * For the web UI's per-settings copies of the loaded profile: a million
 * samples' labels are not hashed and copied again. */
struct profile *profile_copy_sharing(const struct profile *p);

/* Renumbers mapping, location and function ids densely from 1 in array
 * order, as pprof does after it rewrites a profile. */
void profile_renumber(struct profile *p);

#endif
