/* legacy_java: Java heap and contention profiles (text), and the symbol
 * table every Java profile ends with (the binary CPU one included):
 *   --- heapz 1 ---            or  --- contentionz 1 ---
 *   format = java              attributes
 *   resolution = bytes
 *   SIZE COUNT @ 0xID 0xID ...  samples (note the order)
 *   0xID function (File.java:LINE)
 * Locations end up with a function and no address, like pprof's. */
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/decode/legacy/legacy.h"
#include "lib/decode/legacy/legacy_internal.h"
#include "lib/model/profile.h"

#define WS "[\\t\\n\\f\\r ]"

static const char attribute_re[] = "([0-9A-Za-z_ ]+)=([0-9A-Za-z_ ]+)";
static const char sample_re[] = " *([0-9]+) +([0-9]+) +@ +([ x0-9a-f]*)";
static const char location_re[] =
	"^" WS "*0x([[:xdigit:]]+)" WS "+(.*)" WS "*\\z";
static const char file_line_re[] =
	"^(.*)" WS "+\\((.+):(-?[[:digit:]]+)\\)\\z";
static const char path_re[] = "^(.*)" WS "+\\((.*)\\)\\z";

static const struct regex *attribute, *sample, *location, *file_line, *path;

enum kind { HEAP, CONTENTION };

/* The next "\n"-terminated line of *rest, untrimmed; false when no newline
 * is left (a final unterminated line is not read, as in pprof). */
static bool next_line(struct lstr *rest, struct lstr *line)
{
	const char *nl = memchr(rest->s, '\n', rest->n);
	if (!nl)
		return false;
	line->s = rest->s;
	line->n = (size_t)(nl - rest->s);
	return true;
}

static void advance(struct lstr *rest, struct lstr line)
{
	rest->s += line.n + 1;
	rest->n -= line.n + 1;
}

static int header(struct profile *p, enum kind kind, struct lstr *rest)
{
	struct lstr line, m[3];

	for (; next_line(rest, &line); advance(rest, line)) {
		struct lstr l = lstr_trim(line);
		if (!l.n)
			continue;
		if (!legacy_match(legacy_re(&attribute, attribute_re), l, m, 3))
			return LEGACY_OK; /* the samples start here */
		struct lstr key = lstr_trim(m[1]), val = lstr_trim(m[2]);
		const char *unit = NULL;
		if (lstr_eq(key, "format")) {
			if (!lstr_eq(val, "java"))
				return LEGACY_UNRECOGNIZED;
		} else if (lstr_eq(key, "resolution")) {
			unit = profile_intern(p, val.s, val.n);
			p->nsample_type = 0;
			if (kind == HEAP) {
				profile_add_sample_type(p, "inuse_objects", "count");
				profile_add_sample_type(p, "inuse_space", unit);
			} else {
				profile_add_sample_type(p, "contentions", "count");
				profile_add_sample_type(p, "delay", unit);
			}
		} else if (kind == CONTENTION && lstr_eq(key, "sampling period")) {
			const char *why;
			p->period_type.type = profile_interns(p, "contentions");
			p->period_type.unit = profile_interns(p, "count");
			if (legacy_parse_int(val, 0, &p->period, &why)) {
				error_set("failed to parse attribute %.*s: %s",
					  (int)l.n, l.s,
					  legacy_strconv_msg("ParseInt", val, why));
				return LEGACY_ERROR;
			}
		} else if (kind == CONTENTION && lstr_eq(key, "ms since reset")) {
			const char *why;
			int64_t ms;
			if (legacy_parse_int(val, 0, &ms, &why)) {
				error_set("failed to parse attribute %.*s: %s",
					  (int)l.n, l.s,
					  legacy_strconv_msg("ParseInt", val, why));
				return LEGACY_ERROR;
			}
			p->duration_nanos = (int64_t)((uint64_t)ms * 1000000);
		} else {
			return LEGACY_UNRECOGNIZED;
		}
	}
	return LEGACY_OK;
}

static int samples(struct profile *p, enum kind kind, struct lstr *rest,
		   struct loctab *locs)
{
	struct lstr line, m[4];
	struct addrbuf addrs = { 0 };
	int r = LEGACY_ERROR;

	for (; next_line(rest, &line); advance(rest, line)) {
		struct lstr l = lstr_trim(line);
		if (!l.n)
			continue;
		if (!legacy_match(legacy_re(&sample, sample_re), l, m, 4))
			break; /* the symbol table starts here */
		if (legacy_hex_addresses(m[3], l, &addrs))
			goto out;
		struct profile_sample *s =
			profile_add_sample(p, addrs.n, kind == HEAP ? 1 : 0);
		for (size_t i = 0; i < addrs.n; i++)
			s->location[i] = loctab_get(locs, addrs.a[i]);
		/* the count is the second number, the size the first */
		int64_t v[2];
		const char *why;
		struct lstr num[2] = { m[2], m[1] };
		for (int i = 0; i < 2; i++) {
			if (legacy_parse_int(num[i], 0, &v[i], &why)) {
				error_set("parsing sample %.*s: %s", (int)l.n, l.s,
					  legacy_strconv_msg("ParseInt", num[i],
							     why));
				goto out;
			}
		}
		if (kind == HEAP) {
			if (v[0] == 0) {
				error_set("parsing sample %.*s: second value must be "
					  "non-zero",
					  (int)l.n, l.s);
				goto out;
			}
			s->label[0].key = profile_interns(p, "bytes");
			s->label[0].num = v[1] / v[0];
			s->label[0].unit = profile_interns(p, "");
			/* Java samples the heap every 512 KiB on average */
			legacy_scale_heap(v[0], v[1], 524288, &v[0], &v[1]);
		} else if (p->period) {
			v[0] = (int64_t)((uint64_t)v[0] * (uint64_t)p->period);
			v[1] = (int64_t)((uint64_t)v[1] * (uint64_t)p->period);
		}
		if (p->nsample_type == 2)
			memcpy(s->value, v, sizeof(v));
	}
	r = LEGACY_OK;
out:
	addrbuf_release(&addrs);
	return r;
}

/* Go's filepath.Base. */
static struct lstr base_name(struct lstr l)
{
	if (!l.n)
		return (struct lstr){ ".", 1 };
	while (l.n && l.s[l.n - 1] == '/')
		l.n--;
	if (!l.n)
		return (struct lstr){ "/", 1 };
	for (size_t i = l.n; i-- > 0;) {
		if (l.s[i] == '/') {
			l.s += i + 1;
			l.n -= i + 1;
			break;
		}
	}
	return l;
}

static bool fn_eq(const void *item, const void *key)
{
	return ((const struct profile_function *)item)->name ==
	       (const char *)key;
}

int legacy_java_locations(struct profile *p, const uint8_t *data, size_t len,
			  struct loctab *locs)
{
	struct lstr rest = { (const char *)data, len };
	struct hashmap fns;
	int r = LEGACY_ERROR;

	hashmap_init(&fns, 64);
	while (rest.n) {
		struct lstr line = rest, m[4];
		const char *nl = memchr(rest.s, '\n', rest.n);
		if (nl) {
			line.n = (size_t)(nl - rest.s);
			advance(&rest, line);
		} else {
			rest.n = 0;
		}
		line = lstr_trim(line);
		if (!line.n ||
		    !legacy_match(legacy_re(&location, location_re), line, m, 3))
			continue;
		uint64_t addr;
		const char *why;
		if (legacy_parse_uint(m[1], 16, &addr, &why)) {
			error_set("parsing sample %.*s: %s", (int)line.n, line.s,
				  legacy_strconv_msg("ParseUint", m[1], why));
			goto out;
		}
		struct profile_location *loc = loctab_find(locs, addr);
		if (!loc)
			continue; /* a symbol no sample uses */

		struct lstr text = m[2], name, file = { "", 0 };
		int64_t lineno = 0;
		if (legacy_match(legacy_re(&file_line, file_line_re), text, m, 4)) {
			int64_t n;
			name = m[1];
			file = m[2];
			if (!legacy_parse_int(m[3], 10, &n, NULL) && n > 0)
				lineno = n;
		} else if (legacy_match(legacy_re(&path, path_re), text, m, 3)) {
			/* a shared library: its base name is enough */
			name = m[1];
			file = base_name(m[2]);
		} else if (lstr_contains(text, "generated stub/JIT")) {
			name = (struct lstr){ "STUB", 4 };
		} else {
			/* the agent's own states, "GC" or "VM" */
			name = text;
		}
		const char *iname = profile_intern(p, name.s, name.n);
		uint64_t h = hash_u64((uint64_t)(uintptr_t)iname);
		struct profile_function *fn = hashmap_get(&fns, h, iname, fn_eq);
		if (!fn) {
			fn = profile_add_function(p);
			fn->name = fn->system_name = iname;
			fn->filename = profile_intern(p, file.s, file.n);
			hashmap_add(&fns, h, fn);
		}
		if (loc->nline != 1) {
			loc->line = arena_zalloc(&p->arena, sizeof(*loc->line));
			loc->nline = 1;
		}
		loc->line[0].function = fn;
		loc->line[0].line = lineno;
		loc->address = 0;
	}
	legacy_remap_locations(p);
	legacy_remap_functions(p);
	legacy_remap_mappings(p);
	/* pprof then strips every address so that equal frames merge */
	for (size_t i = 0; i < p->nlocation; i++)
		p->location[i]->address = 0;
	if (p->nsample && !p->nsample_type) {
		error_set("missing sample type information");
		goto out;
	}
	r = LEGACY_OK;
out:
	hashmap_release(&fns);
	return r;
}

int legacy_parse_java(const uint8_t *data, size_t len, struct profile **out)
{
	struct lstr rest = { (const char *)data, len }, first;
	struct profile *p;
	struct loctab locs;
	enum kind kind;
	int r;

	if (!next_line(&rest, &first))
		return LEGACY_UNRECOGNIZED;
	struct lstr h = lstr_trim(first);
	if (lstr_eq(h, "--- heapz 1 ---"))
		kind = HEAP;
	else if (lstr_eq(h, "--- contentionz 1 ---"))
		kind = CONTENTION;
	else
		return LEGACY_UNRECOGNIZED;
	advance(&rest, first);

	p = profile_new();
	p->has_period_type = true;
	loctab_init(&locs, p);
	r = header(p, kind, &rest);
	if (r)
		goto fail;
	r = samples(p, kind, &rest, &locs);
	if (r)
		goto fail;
	r = legacy_java_locations(p, (const uint8_t *)rest.s, rest.n, &locs);
	if (r)
		goto fail;
	loctab_release(&locs);
	*out = p;
	return LEGACY_OK;
fail:
	loctab_release(&locs);
	profile_free(p);
	return r;
}
