/* symbolz: remote symbolization, pprof's internal/symbolz. The addresses
 * local symbolization could not resolve are POSTed to the service the
 * profile came from (/debug/pprof/symbol for Go's net/http/pprof, else
 * /symbolz) and its "0xADDR name" lines become functions.
 *
 * Only function names come back: locations get one line each, with no
 * file and line 0, and the mapping is marked as having functions. */
#ifndef CPROF_SYMBOLZ_H
#define CPROF_SYMBOLZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct profile;
struct profile_mapping;
struct strbuf;

/* Sends data to url and puts the answer in out; -1 with error_set on
 * failure. fetch_post is one; tests give their own. */
typedef int (*symbolz_post_fn)(void *ctx, const char *url, const char *data,
			       size_t len, struct strbuf *out);

/* symbolize_remote_fn for symbolize_options: fetch is the struct fetch the
 * profile's sources were fetched with (fetch_sources tells where each
 * mapping came from). Mappings that already have functions are skipped
 * unless force; so are system mappings ("[vdso]", linux-vdso, /dev/dri/,
 * //anon).
 * -1 with error_set when a service fails to answer. */
int symbolz_symbolize(struct profile *p, bool force, void *fetch);

/* The symbolz URL serving a profile URL, malloc'ed; NULL when source is
 * not a URL with a host. */
char *symbolz_url(const char *source);

/* Resolves m's unsymbolized locations (address != 0, no lines) through one
 * query to url. offset is what to add to the profile's addresses to get
 * the service's (non-zero when mappings were moved by merging). */
int symbolz_mapping(struct profile *p, struct profile_mapping *m,
		    int64_t offset, const char *url, symbolz_post_fn post,
		    void *ctx);

#endif
