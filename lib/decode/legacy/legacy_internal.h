/* legacy_internal: what the legacy parsers (legacy_*.c) share. Private to
 * the legacy module; nothing outside lib/legacy*.c includes it.
 *
 * Every parser takes the whole (decompressed) input and returns LEGACY_OK
 * with *out set, LEGACY_UNRECOGNIZED when the input is not its format (the
 * next parser is tried), or LEGACY_ERROR after error_set() when the input
 * is its format but malformed (parsing stops there, as in pprof). */
#ifndef CPROF_LEGACY_INTERNAL_H
#define CPROF_LEGACY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/hashmap.h"

struct profile;
struct profile_location;
struct regex;

/* A byte range of the input; not NUL-terminated. */
struct lstr {
	const char *s;
	size_t n;
};

/* Go's bufio.Scanner with ScanLines: lines without "\n" or a final "\r";
 * a last line without newline counts; after the end, text is empty (pprof
 * relies on that). Lines of 64 KiB or more fail as in Go. */
struct lscan {
	const char *p, *end;
	struct lstr text;
	bool too_long;
};

void lscan_init(struct lscan *s, const uint8_t *data, size_t len);
bool lscan_next(struct lscan *s);
/* 0, or LEGACY_ERROR with Go's message when a line was too long. */
int lscan_err(const struct lscan *s);

struct lstr lstr_trim(struct lstr l);
bool lstr_has_prefix(struct lstr l, const char *prefix);
bool lstr_contains(struct lstr l, const char *needle);
bool lstr_eq(struct lstr l, const char *s);
/* Empty after trimming, or starting with '#'. */
bool legacy_space_or_comment(struct lstr l);
/* Holds "--- Memory map: ---" or "MAPPED_LIBRARIES:". */
bool legacy_map_sentinel(struct lstr l);

/* Go's strconv.ParseInt / ParseUint for base 0 (prefixes, underscores),
 * 10 or 16. On failure -1, and *why (if why is non-NULL) is "invalid
 * syntax" or "value out of range". */
int legacy_parse_int(struct lstr l, int base, int64_t *v, const char **why);
int legacy_parse_uint(struct lstr l, int base, uint64_t *v, const char **why);
/* Go's strconv error text, `strconv.FN: parsing "L": WHY`, in a static
 * buffer valid until the next call. */
const char *legacy_strconv_msg(const char *fn, struct lstr l, const char *why);

/* A regexp, compiled once per process; aborts if it does not compile (the
 * patterns are fixed). Submatches of an unmatched group are empty. */
const struct regex *legacy_re(const struct regex **slot, const char *pattern);
bool legacy_match(const struct regex *re, struct lstr l, struct lstr *sub,
		  size_t nsub);

/* Every "0x[0-9a-f]+" in l, in order, into a reused buffer. -1 with Go's
 * message ("malformed sample: LINE: ...") when one overflows 64 bits. */
struct addrbuf {
	uint64_t *a;
	size_t n, alloc;
};
int legacy_hex_addresses(struct lstr l, struct lstr line, struct addrbuf *out);
void addrbuf_release(struct addrbuf *b);

/* Locations by address, created on first use in the profile's order. */
struct loctab {
	struct hashmap map;
	struct profile *p;
};
void loctab_init(struct loctab *t, struct profile *p);
void loctab_release(struct loctab *t);
struct profile_location *loctab_get(struct loctab *t, uint64_t addr);
struct profile_location *loctab_find(const struct loctab *t, uint64_t addr);

/* pprof's remapLocationIDs / remapFunctionIDs: keep only what samples
 * reach, in first-use order, ids from 1. */
void legacy_remap_locations(struct profile *p);
void legacy_remap_functions(struct profile *p);

/* Drops the second frame of every sample whose leaf is that frame's
 * address plus one (the signal handler's duplicate of the leaf). */
void legacy_drop_duplicate_leaf(struct profile *p);

/* legacy_maps.c: the /proc/self/maps section. Parses the lines left in s
 * into mappings, then massages them and remaps ids as pprof's
 * ParseMemoryMapFromScanner does. */
int legacy_parse_memory_map(struct profile *p, struct lscan *s);
/* pprof's remapMappingIDs: assigns locations to mappings (a fake one when
 * none fits) and renumbers the mappings. */
void legacy_remap_mappings(struct profile *p);
/* Skips to the memory-map sentinel, then parses the map. */
int legacy_additional_sections(struct profile *p, struct lscan *s);

/* The parsers, in pprof's order of trial. */
int legacy_parse_cpu(const uint8_t *data, size_t len, struct profile **out);
int legacy_parse_heap(const uint8_t *data, size_t len, struct profile **out);
int legacy_parse_go_count(const uint8_t *data, size_t len,
			  struct profile **out);
int legacy_parse_thread(const uint8_t *data, size_t len, struct profile **out);
int legacy_parse_contention(const uint8_t *data, size_t len,
			    struct profile **out);
int legacy_parse_java(const uint8_t *data, size_t len, struct profile **out);

/* pprof's scaleHeapSample: undoes Poisson sampling at the given mean
 * rate (bytes), so that a sample of average size S counts 1/(1-e^(-S/R)). */
void legacy_scale_heap(int64_t count, int64_t size, int64_t rate,
		       int64_t *count_out, int64_t *size_out);

/* Go's int64(d) on amd64 (truncation; out of range gives INT64_MIN). */
int64_t legacy_f2i(double d);

/* legacy_java.c: the symbol section shared by Java CPU, heap and
 * contention profiles; then pprof's address stripping. */
int legacy_java_locations(struct profile *p, const uint8_t *data, size_t len,
			  struct loctab *locs);

#endif
