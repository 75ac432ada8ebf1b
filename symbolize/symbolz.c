/* symbolz: remote symbolization as pprof's symbolz package does it: the
 * addresses of each unsymbolized mapping POSTed to the service the
 * mapping came from, answers parsed line by line. */
#include "symbolize/symbolz.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/fetch/fetch.h"
#include "lib/gocompat/gopath.h"
#include "lib/base/hashmap.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

/* Shifts addr by a signed offset; false when that would wrap. */
static bool adjust(uint64_t addr, int64_t offset, uint64_t *out)
{
	uint64_t adj = addr + (uint64_t)offset;
	if (offset < 0 ? adj >= addr : adj < addr)
		return false;
	*out = adj;
	return true;
}

/* Path suffixes of gperftools' profile handlers
 * (pprof_remote_servers.html). */
static bool gperftools_path(const char *path)
{
	static const char *const suffixes[] = {
		"/pprof/heap", "/pprof/growth", "/pprof/profile",
		"/pprof/pmuprofile", "/pprof/contention",
	};
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		size_t l = strlen(suffixes[i]);
		if (n >= l && !strcmp(path + n - l, suffixes[i]))
			return true;
	}
	return false;
}

char *symbolz_url(const char *source)
{
	struct fetch_url u;
	if (fetch_url_parse(source, &u))
		return NULL;
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_adds(&path, u.path);
	/* Every net/http/pprof handler lives under /debug/pprof/; its
	 * symbol handler is a sibling. */
	if (strstr(path.buf, "/debug/pprof/") || gperftools_path(path.buf)) {
		strbuf_adds(&path, "/../symbol");
		gopath_clean(&out, path.buf, path.len);
		strbuf_reset(&path);
		strbuf_add(&path, out.buf, out.len);
		strbuf_reset(&out);
	} else {
		strbuf_reset(&path);
		strbuf_adds(&path, "/symbolz");
	}
	free(u.path);
	u.path = strbuf_detach(&path, NULL);
	u.query[0] = '\0';
	fetch_url_format(&u, &out);
	fetch_url_release(&u);
	return strbuf_detach(&out, NULL);
}

struct resolved {
	uint64_t addr;
	struct profile_function *fn;
};

static bool resolved_eq(const void *item, const void *key)
{
	return ((const struct resolved *)item)->addr == *(const uint64_t *)key;
}

static bool function_eq(const void *item, const void *key)
{
	return ((const struct profile_function *)item)->name == key;
}

/* Finds "0x<hex><space>name" in line[0..n) as pprof's
 * (0x[[:xdigit:]]+)\s+(.*) does (unanchored, leftmost). */
static bool match_line(const char *line, size_t n, const char **hex,
		       size_t *hexn, const char **name, size_t *namen)
{
	for (size_t i = 0; i + 2 < n; i++) {
		if (line[i] != '0' || line[i + 1] != 'x' ||
		    !isxdigit((unsigned char)line[i + 2]))
			continue;
		size_t j = i + 2;
		while (j < n && isxdigit((unsigned char)line[j]))
			j++;
		if (j == n || !strchr(" \t\n\f\r", line[j]))
			continue;
		size_t k = j;
		while (k < n && strchr(" \t\n\f\r", line[k]))
			k++;
		size_t e = k;
		while (e < n && line[e] != '\n')
			e++;
		*hex = line + i;
		*hexn = j - i;
		*name = line + k;
		*namen = e - k;
		return true;
	}
	return false;
}

int symbolz_mapping(struct profile *p, struct profile_mapping *m,
		    int64_t offset, const char *url, symbolz_post_fn post,
		    void *ctx)
{
	struct strbuf query = STRBUF_INIT, answer = STRBUF_INIT;
	struct hashmap lines, functions;
	struct arena scratch = ARENA_INIT; /* the resolved entries */
	int ret = -1;

	hashmap_init(&lines, 0);
	hashmap_init(&functions, 0);
	for (size_t i = 0; i < p->nlocation; i++) {
		const struct profile_location *l = p->location[i];
		uint64_t a;
		if (l->mapping != m || !l->address || l->nline)
			continue;
		if (!adjust(l->address, offset, &a)) {
			error_set("cannot adjust address %" PRIu64 " by %" PRId64
				  ", it would overflow (mapping %s)",
				  l->address, offset, m->file);
			goto out;
		}
		strbuf_addf(&query, "%s%#" PRIx64, query.len ? "+" : "", a);
	}
	if (!query.len) {
		ret = 0;
		goto out;
	}
	if (post(ctx, url, query.buf, query.len, &answer))
		goto out;

	/* Only whole lines count: a last line without '\n' is dropped, as
	 * Go's ReadString loop drops it. */
	for (size_t s = 0; s < answer.len;) {
		const char *nl = memchr(answer.buf + s, '\n', answer.len - s);
		if (!nl)
			break;
		size_t n = (size_t)(nl - answer.buf - s) + 1;
		const char *hex, *name;
		size_t hexn, namen;
		if (match_line(answer.buf + s, n, &hex, &hexn, &name, &namen)) {
			char buf[80];
			uint64_t orig, a;
			char *end;
			snprintf(buf, sizeof(buf), "%.*s", (int)hexn, hex);
			errno = 0;
			orig = strtoull(buf, &end, 0);
			if (errno || *end || hexn >= sizeof(buf)) {
				error_set("unexpected parse failure %.*s: value out "
					  "of range", (int)hexn, hex);
				goto out;
			}
			if (!adjust(orig, -offset, &a)) {
				error_set("cannot adjust symbolz address %" PRIu64
					  " by %" PRId64 ", it would overflow",
					  orig, -offset);
				goto out;
			}
			const char *nm = profile_intern(p, name, namen);
			uint64_t h = hash_u64((uintptr_t)nm);
			struct profile_function *fn =
				hashmap_get(&functions, h, nm, function_eq);
			if (!fn) {
				fn = profile_add_function(p);
				fn->id = p->nfunction;
				fn->name = fn->system_name = nm;
				hashmap_add(&functions, h, fn);
			}
			/* A later line for the same address wins, as in
			 * pprof's map. */
			struct resolved *r =
				hashmap_get(&lines, hash_u64(a), &a, resolved_eq);
			if (!r) {
				r = arena_alloc(&scratch, sizeof(*r));
				r->addr = a;
				hashmap_add(&lines, hash_u64(a), r);
			}
			r->fn = fn;
		}
		s += n;
	}
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *l = p->location[i];
		if (l->mapping != m)
			continue;
		struct resolved *r = hashmap_get(&lines, hash_u64(l->address),
						 &l->address, resolved_eq);
		if (!r)
			continue;
		l->line = arena_zalloc(&p->arena, sizeof(*l->line));
		l->nline = 1;
		l->line[0].function = r->fn;
	}
	ret = 0;
out:
	hashmap_release(&lines);
	hashmap_release(&functions);
	arena_release(&scratch);
	strbuf_release(&answer);
	strbuf_release(&query);
	return ret;
}

/* pprof's Unsymbolizable: mappings no service can resolve. */
static bool unsymbolizable(const struct profile_mapping *m)
{
	const char *base = strrchr(m->file, '/');
	base = base ? base + 1 : m->file;
	return base[0] == '[' || !strncmp(base, "linux-vdso", 10) ||
	       !strncmp(m->file, "/dev/dri/", 9) ||
	       !strcmp(m->file, "//anon"); /* since pprof 1.23 */
}

static int post_fetch(void *ctx, const char *url, const char *data,
		      size_t len, struct strbuf *out)
{
	return fetch_post(ctx, url, data, len, out);
}

/* Tries the sources recorded under key; *done once one answered. */
static int try_sources(struct profile *p, struct profile_mapping *m,
		       struct fetch *f, const char *key, bool *done)
{
	size_t n;
	const struct fetch_source *src = fetch_sources(f, &n);
	for (size_t i = 0; i < n && !*done; i++) {
		if (strcmp(src[i].key, key))
			continue;
		char *url = symbolz_url(src[i].url);
		if (!url)
			continue;
		int r = symbolz_mapping(p, m, (int64_t)(src[i].start - m->start),
					url, post_fetch, f);
		free(url);
		if (r)
			return -1;
		m->has_functions = true;
		*done = true;
	}
	return 0;
}

int symbolz_symbolize(struct profile *p, bool force, void *fetch)
{
	struct fetch *f = fetch;
	if (!f)
		return 0;
	for (size_t i = 0; i < p->nmapping; i++) {
		struct profile_mapping *m = p->mapping[i];
		bool done = false;
		/* symbolz gives names only, so has_functions is all it can
		 * add; mappings that have them are left alone. */
		if ((!force && m->has_functions) || unsymbolizable(m))
			continue;
		if (try_sources(p, m, f, m->file, &done))
			return -1;
		if (*m->build_id && try_sources(p, m, f, m->build_id, &done))
			return -1;
	}
	return 0;
}
