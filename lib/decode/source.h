/* source: turns a file (or bytes already in memory) into a profile.
 *
 * Format detection is by content, never by name: gzip by its magic bytes,
 * then profile.proto, then each legacy text/binary format (legacy.h). */
#ifndef CPROF_SOURCE_H
#define CPROF_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct profile;

/* Largest decompressed size accepted by default, in bytes; guards
 * against gzip bombs. 1 GiB is far above real profiles, whose compressed
 * size is rarely over a few MB; -max_decompressed changes it. */
#define SOURCE_MAX_DECOMPRESSED (1ULL << 30)

/* How sources are read; NULL everywhere means the defaults. */
struct source_options {
	uint64_t max_decompressed; /* bytes read or inflated; 0: default */
};

/* The size limit o sets. */
uint64_t source_limit(const struct source_options *o);

/* Reads path into a malloc'ed buffer. -1 and error_set on failure. */
int source_read_file(const char *path, const struct source_options *o,
		     uint8_t **data, size_t *len);

/* Decompresses when data starts with the gzip magic; otherwise *out is
 * data itself and *owned is NULL. The caller frees *owned. */
int source_gunzip(const uint8_t *data, size_t len,
		  const struct source_options *o, const uint8_t **out,
		  size_t *outlen, uint8_t **owned);

/* Parses bytes in any supported format. NULL and error_set on failure. */
struct profile *source_parse(const uint8_t *data, size_t len,
			     const struct source_options *o);

/* source_read_file + source_parse. */
struct profile *source_load_file(const char *path,
				 const struct source_options *o);

#endif
