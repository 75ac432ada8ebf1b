/* fetch: profiles over HTTP(S) from a live service, as pprof fetches them
 * (driver/fetch.go, and the fetcher `go tool pprof` installs in
 * cmd/pprof/pprof.go), on libcurl.
 *
 * A source is a URL when pprof would take it for one (fetch_adjust_url);
 * anything else is a file and stays with source.h. One struct fetch is one
 * command's session: it remembers, for every profile it fetched, which URL
 * each mapping came from (remote symbolization asks that service, see
 * symbolz.h) and whether anything came over HTTP (the pipeline then saves
 * a copy, as pprof does).
 *
 * Progress lines ("Fetching profile over HTTP from …") are diag notes,
 * as pprof's UI prints them on stderr; errors are
 * reported with error_set() like the rest of lib/. libcurl types never
 * leave fetch.c. */
#ifndef CPROF_FETCH_H
#define CPROF_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/decode/source.h"

struct profile;
struct strbuf;

struct fetch_options {
	int seconds;  /* -seconds; <= 0 keeps the URL's own seconds= */
	int timeout;  /* -timeout in seconds; <= 0 means pprof's default */
	const char *tls_cert, *tls_key, *tls_ca; /* NULL or "" when unset */
	/* Largest response body accepted, in bytes; 0 for 1 GiB. Also
	 * bounded by source's limit (-max_decompressed). */
	uint64_t max_body;
	/* How fetched bodies are decoded (their size limit). */
	struct source_options source;
	/* Slack added to the timeout of a whole GET (headers and body), in
	 * ms; 0 for pprof's 5 s. */
	int64_t timeout_slack_ms;
};

/* A URL split as Go's net/url splits it. Every field is malloc'ed and
 * non-NULL ("" when absent); free with fetch_url_release. path is still
 * escaped as written. */
struct fetch_url {
	char *scheme;    /* lowercased */
	char *userinfo;  /* without the '@' */
	char *host;      /* host[:port], never "" after a successful parse */
	char *path;
	char *query;     /* without the '?' */
	char *fragment;  /* without the '#' */
	bool force_query; /* the source ended in a bare '?' */
};

/* Parses s the way pprof's adjustURL does (url.Parse, then again with
 * "http://" in front for host:port[/path] forms). Returns 0, or -1 when s
 * is not a URL; no error is recorded then, s is simply a file name. */
int fetch_url_parse(const char *s, struct fetch_url *u);
void fetch_url_release(struct fetch_url *u);
/* The URL as Go's url.URL.String() writes it, appended to sb. */
void fetch_url_format(const struct fetch_url *u, struct strbuf *sb);

/* pprof's adjustURL: NULL when source is not a URL; otherwise a malloc'ed
 * URL with an empty path turned into /debug/pprof/profile, the query
 * normalised and seconds=N set from `seconds` when positive, and in
 * *timeout_ms how long to wait (timeout, else 1.5 times the profile's
 * seconds, else 60s). */
char *fetch_adjust_url(const char *source, int seconds, int timeout,
		       int64_t *timeout_ms);

/* Whether source names a profile over HTTP rather than a file. */
bool fetch_is_url(const char *source);

struct fetch *fetch_new(const struct fetch_options *o);
void fetch_free(struct fetch *f);

/* GETs url into body, taking at most timeout_ms (+ the slack) for the
 * whole exchange, body included; redirects are followed to http(s) only.
 * Non-200 answers, oversized bodies, TLS and connection failures fail
 * with one line in error_get(). */
int fetch_get(struct fetch *f, const char *url, int64_t timeout_ms,
	      struct strbuf *body);
/* POSTs data to url (application/octet-stream) and reads the answer;
 * gives up after a minute without a byte. */
int fetch_post(struct fetch *f, const char *url, const char *data,
	       size_t len, struct strbuf *body);

/* Fetches and parses the profile at source (a URL, see fetch_is_url),
 * printing pprof's progress lines. NULL and error_set (naming source) on
 * failure. */
struct profile *fetch_profile(struct fetch *f, const char *source);
/* pprof's collectMappingSources, for the profile fetch_profile just
 * returned (after symbolize_locate_binaries, as pprof orders them):
 * records each mapping as coming from its URL; a mapping with neither file
 * nor build id gets the URL as its file until fetch_unsource. */
void fetch_collect_sources(struct fetch *f, struct profile *p);

/* Where a mapping was fetched from: key is the mapping's build id, or its
 * file when it has none, as recorded at fetch time. */
struct fetch_source {
	const char *key;
	const char *url;
	uint64_t start; /* the mapping's start in that profile */
};
/* Every recorded mapping source, in fetch order. */
const struct fetch_source *fetch_sources(const struct fetch *f, size_t *n);

/* Whether anything was fetched over HTTP (pprof then saves a copy). */
bool fetch_remote(const struct fetch *f);

/* Clears mapping files that are absolute URLs (set by fetch_profile) on
 * mappings without a build id: pprof's unsourceMappings. */
void fetch_unsource(struct profile *p);

#endif
