/* legacy: detection (each parser in pprof's order) and the helpers every
 * legacy parser shares: Go's line scanner, number parsing and address
 * extraction, the location table and id remapping. */
#include "lib/decode/legacy/legacy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/diag.h"
#include "lib/base/error.h"
#include "lib/decode/legacy/legacy_internal.h"
#include "lib/model/profile.h"
#include "lib/gocompat/regex.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

/* Frames pprof hides by default in each kind of legacy profile
 * (addLegacyFrameInfo): allocator internals, lock internals, the CPU
 * profiler's signal handler. */
static const char alloc_rx[] =
	"calloc|cfree|malloc|free|memalign|do_memalign|(__)?posix_memalign|"
	"pvalloc|valloc|realloc|tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|"
	"tc_free|tc_memalign|tc_posix_memalign|tc_pvalloc|tc_valloc|"
	"tc_realloc|tc_new|tc_delete|tc_newarray|tc_deletearray|"
	"tc_new_nothrow|tc_newarray_nothrow|malloc_zone_malloc|"
	"malloc_zone_calloc|malloc_zone_valloc|malloc_zone_realloc|"
	"malloc_zone_memalign|malloc_zone_free|runtime\\..*|BaseArena::.*|"
	"(::)?do_malloc_no_errno|(::)?do_malloc_pages|(::)?do_malloc|"
	"DoSampledAllocation|MallocedMemBlock::MallocedMemBlock|_M_allocate|"
	"__builtin_(vec_)?delete|__builtin_(vec_)?new|"
	"__gnu_cxx::new_allocator::allocate|__libc_malloc|"
	"__malloc_alloc_template::allocate|allocate|cpp_alloc|"
	"operator new(\\[\\])?|simple_alloc::allocate";
static const char alloc_skip_rx[] =
	"runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*";
static const char cpu_profiler_rx[] =
	"ProfileData::Add|ProfileData::prof_handler|CpuProfiler::prof_handler|"
	"__pthread_sighandler|__restore";
static const char lock_rx[] =
	"RecordLockProfileData|(base::)?RecordLockProfileData.*|"
	"(base::)?SubmitMutexProfileData.*|(base::)?SubmitSpinLockProfileData.*|"
	"(base::Mutex::)?AwaitCommon.*|(base::Mutex::)?Unlock.*|"
	"(base::Mutex::)?UnlockSlow.*|(base::Mutex::)?ReaderUnlock.*|"
	"(base::MutexLock::)?~MutexLock.*|(Mutex::)?AwaitCommon.*|"
	"(Mutex::)?Unlock.*|(Mutex::)?UnlockSlow.*|(Mutex::)?ReaderUnlock.*|"
	"(MutexLock::)?~MutexLock.*|(SpinLock::)?Unlock.*|"
	"(SpinLock::)?SlowUnlock.*|(SpinLockHolder::)?~SpinLockHolder.*";

static bool types_are(const struct profile *p, const char *const *types,
		      size_t n)
{
	if (p->nsample_type != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(p->sample_type[i].type, types[i]))
			return false;
	return true;
}

static void add_frame_info(struct profile *p)
{
	static const char *const heap1[] = { "allocations", "size" };
	static const char *const heap2[] = { "objects", "space" };
	static const char *const heap3[] = { "inuse_objects", "inuse_space" };
	static const char *const heap4[] = { "alloc_objects", "alloc_space" };
	static const char *const heap5[] = { "alloc_objects", "alloc_space",
					     "inuse_objects", "inuse_space" };
	static const char *const lock[] = { "contentions", "delay" };

	if (types_are(p, heap1, 2) || types_are(p, heap2, 2) ||
	    types_are(p, heap3, 2) || types_are(p, heap4, 2) ||
	    types_are(p, heap5, 4)) {
		p->drop_frames = profile_interns(p, alloc_rx);
		p->keep_frames = profile_interns(p, alloc_skip_rx);
	} else if (types_are(p, lock, 2)) {
		p->drop_frames = profile_interns(p, lock_rx);
	} else {
		p->drop_frames = profile_interns(p, cpu_profiler_rx);
	}
}

int legacy_parse(const uint8_t *data, size_t len, struct profile **out)
{
	static int (*const parsers[])(const uint8_t *, size_t,
				      struct profile **) = {
		legacy_parse_cpu,      legacy_parse_heap,
		legacy_parse_go_count, legacy_parse_thread,
		legacy_parse_contention, legacy_parse_java,
	};

	*out = NULL;
	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++) {
		struct profile *p = NULL;
		int r = parsers[i](data, len, &p);
		if (r == LEGACY_UNRECOGNIZED)
			continue;
		if (r != LEGACY_OK)
			return r;
		add_frame_info(p);
		*out = p;
		return LEGACY_OK;
	}
	return LEGACY_UNRECOGNIZED;
}

/* ---- scanning ---- */

void lscan_init(struct lscan *s, const uint8_t *data, size_t len)
{
	s->p = (const char *)data;
	s->end = s->p + len;
	s->text.s = "";
	s->text.n = 0;
	s->too_long = false;
}

bool lscan_next(struct lscan *s)
{
	s->text.s = "";
	s->text.n = 0;
	if (s->too_long || s->p >= s->end)
		return false;
	const char *nl = memchr(s->p, '\n', (size_t)(s->end - s->p));
	const char *e = nl ? nl : s->end;
	size_t n = (size_t)(e - s->p);
	/* Go's scanner buffer stops growing at 64 KiB */
	if (n >= 65536) {
		s->too_long = true;
		return false;
	}
	s->text.s = s->p;
	s->text.n = n;
	if (n && s->p[n - 1] == '\r')
		s->text.n--;
	s->p = nl ? nl + 1 : s->end;
	return true;
}

int lscan_err(const struct lscan *s)
{
	if (s->too_long) {
		error_set("bufio.Scanner: token too long");
		return LEGACY_ERROR;
	}
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

struct lstr lstr_trim(struct lstr l)
{
	while (l.n && is_space(l.s[0])) {
		l.s++;
		l.n--;
	}
	while (l.n && is_space(l.s[l.n - 1]))
		l.n--;
	return l;
}

bool lstr_has_prefix(struct lstr l, const char *prefix)
{
	size_t n = strlen(prefix);
	return l.n >= n && !memcmp(l.s, prefix, n);
}

bool lstr_contains(struct lstr l, const char *needle)
{
	size_t n = strlen(needle);
	if (n > l.n)
		return false;
	for (size_t i = 0; i + n <= l.n; i++)
		if (l.s[i] == needle[0] && !memcmp(l.s + i, needle, n))
			return true;
	return false;
}

bool lstr_eq(struct lstr l, const char *s)
{
	return l.n == strlen(s) && !memcmp(l.s, s, l.n);
}

bool legacy_space_or_comment(struct lstr l)
{
	l = lstr_trim(l);
	return l.n == 0 || l.s[0] == '#';
}

bool legacy_map_sentinel(struct lstr l)
{
	return lstr_contains(l, "--- Memory map: ---") ||
	       lstr_contains(l, "MAPPED_LIBRARIES:");
}

/* ---- numbers, as Go's strconv ---- */

static char lower(char c)
{
	return (char)(c | 0x20);
}

/* Go's rule for '_' in base-0 literals: only between digits, or between
 * the base prefix and a digit. */
static bool underscore_ok(struct lstr l)
{
	char saw = '^';
	size_t i = 0;
	bool hex = false;

	if (l.n >= 1 && (l.s[0] == '-' || l.s[0] == '+')) {
		l.s++;
		l.n--;
	}
	if (l.n >= 2 && l.s[0] == '0' &&
	    (lower(l.s[1]) == 'b' || lower(l.s[1]) == 'o' ||
	     lower(l.s[1]) == 'x')) {
		i = 2;
		saw = '0';
		hex = lower(l.s[1]) == 'x';
	}
	for (; i < l.n; i++) {
		char c = l.s[i];
		if ((c >= '0' && c <= '9') ||
		    (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
			saw = '0';
			continue;
		}
		if (c == '_') {
			if (saw != '0')
				return false;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return false;
		saw = '!';
	}
	return saw != '_';
}

static const char syntax_err[] = "invalid syntax";
static const char range_err[] = "value out of range";

int legacy_parse_uint(struct lstr l, int base, uint64_t *v, const char **why)
{
	struct lstr s = l;
	bool base0 = base == 0, underscores = false;
	uint64_t n = 0;

	*v = 0;
	if (!s.n)
		goto syntax;
	if (base0) {
		base = 10;
		if (s.s[0] == '0') {
			size_t skip = 1;
			base = 8;
			if (s.n >= 3 && lower(s.s[1]) == 'b')
				base = 2, skip = 2;
			else if (s.n >= 3 && lower(s.s[1]) == 'o')
				skip = 2;
			else if (s.n >= 3 && lower(s.s[1]) == 'x')
				base = 16, skip = 2;
			s.s += skip;
			s.n -= skip;
		}
	}
	for (size_t i = 0; i < s.n; i++) {
		char c = s.s[i];
		unsigned d;
		if (c == '_' && base0) {
			underscores = true;
			continue;
		} else if (c >= '0' && c <= '9') {
			d = (unsigned)(c - '0');
		} else if (lower(c) >= 'a' && lower(c) <= 'z') {
			d = (unsigned)(lower(c) - 'a' + 10);
		} else {
			goto syntax;
		}
		if (d >= (unsigned)base)
			goto syntax;
		if (n > (UINT64_MAX - d) / (uint64_t)base) {
			*v = UINT64_MAX;
			if (why)
				*why = range_err;
			return -1;
		}
		n = n * (uint64_t)base + d;
	}
	if (underscores && !underscore_ok(l))
		goto syntax;
	*v = n;
	return 0;
syntax:
	if (why)
		*why = syntax_err;
	return -1;
}

int legacy_parse_int(struct lstr l, int base, int64_t *v, const char **why)
{
	struct lstr s = l;
	bool neg = false;
	uint64_t u;
	const char *w = NULL;

	*v = 0;
	if (!s.n) {
		if (why)
			*why = syntax_err;
		return -1;
	}
	if (s.s[0] == '+' || s.s[0] == '-') {
		neg = s.s[0] == '-';
		s.s++;
		s.n--;
	}
	if (legacy_parse_uint(s, base, &u, &w) && w == syntax_err) {
		if (why)
			*why = w;
		return -1;
	}
	if ((!neg && u >= (1ULL << 63)) || (neg && u > (1ULL << 63))) {
		if (why)
			*why = range_err;
		return -1;
	}
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

const char *legacy_strconv_msg(const char *fn, struct lstr l, const char *why)
{
	static char buf[512];
	snprintf(buf, sizeof(buf), "strconv.%s: parsing \"%.*s\": %s", fn,
		 (int)(l.n > 400 ? 400 : l.n), l.s, why);
	return buf;
}

/* ---- regexps ---- */

const struct regex *legacy_re(const struct regex **slot, const char *pattern)
{
	if (!*slot) {
		*slot = regex_compile(pattern);
		/* a built-in pattern that does not compile is cprof's bug:
		 * said once, and then the format is simply not recognised */
		if (!*slot)
			diag_warning("internal error: %s", error_get());
	}
	return *slot;
}

bool legacy_match(const struct regex *re, struct lstr l, struct lstr *sub,
		  size_t nsub)
{
	struct regex_span sp[8];
	if (!re || nsub > 8)
		return false;
	if (!regex_submatch(re, l.s, l.n, sp, nsub))
		return false;
	for (size_t i = 0; i < nsub; i++) {
		if (sp[i].start == SIZE_MAX) {
			sub[i].s = "";
			sub[i].n = 0;
		} else {
			sub[i].s = l.s + sp[i].start;
			sub[i].n = sp[i].end - sp[i].start;
		}
	}
	return true;
}

/* ---- addresses ---- */

static bool is_lhex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int legacy_hex_addresses(struct lstr l, struct lstr line, struct addrbuf *out)
{
	out->n = 0;
	for (size_t i = 0; i + 2 < l.n; i++) {
		if (l.s[i] != '0' || l.s[i + 1] != 'x' || !is_lhex(l.s[i + 2]))
			continue;
		size_t j = i + 2;
		while (j < l.n && is_lhex(l.s[j]))
			j++;
		struct lstr num = { l.s + i, j - i };
		uint64_t a;
		if (legacy_parse_uint(num, 0, &a, NULL)) {
			error_set("malformed sample: %.*s: failed to parse as hex "
				  "64-bit number: %.*s",
				  (int)line.n, line.s, (int)num.n, num.s);
			return LEGACY_ERROR;
		}
		ALLOC_GROW(out->a, out->n + 1, out->alloc);
		out->a[out->n++] = a;
		i = j - 1;
	}
	return 0;
}

void addrbuf_release(struct addrbuf *b)
{
	free(b->a);
	b->a = NULL;
	b->n = b->alloc = 0;
}

/* ---- locations ---- */

struct locent {
	uint64_t addr; /* the key; Java parsing later zeroes loc->address */
	struct profile_location *loc;
};

static bool locent_eq(const void *item, const void *key)
{
	return ((const struct locent *)item)->addr == *(const uint64_t *)key;
}

void loctab_init(struct loctab *t, struct profile *p)
{
	hashmap_init(&t->map, 256);
	t->p = p;
}

void loctab_release(struct loctab *t)
{
	hashmap_release(&t->map);
}

struct profile_location *loctab_find(const struct loctab *t, uint64_t addr)
{
	struct locent *e = hashmap_get(&t->map, hash_u64(addr), &addr,
				       locent_eq);
	return e ? e->loc : NULL;
}

struct profile_location *loctab_get(struct loctab *t, uint64_t addr)
{
	uint64_t h = hash_u64(addr);
	struct locent *e = hashmap_get(&t->map, h, &addr, locent_eq);
	if (e)
		return e->loc;
	e = arena_alloc(&t->p->arena, sizeof(*e));
	e->addr = addr;
	e->loc = profile_add_location(t->p, 0);
	e->loc->address = addr;
	hashmap_add(&t->map, h, e);
	return e->loc;
}

void legacy_remap_locations(struct profile *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nlocation; i++)
		p->location[i]->id = 0;
	/* Locations are unique, so the kept ones fit in the old array. */
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		for (size_t j = 0; j < s->nlocation; j++) {
			struct profile_location *l = s->location[j];
			if (l->id)
				continue;
			l->id = n + 1;
			p->location[n++] = l;
		}
	}
	p->nlocation = n;
}

void legacy_remap_functions(struct profile *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nfunction; i++)
		p->function[i]->id = 0;
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *l = p->location[i];
		for (size_t j = 0; j < l->nline; j++) {
			struct profile_function *f = l->line[j].function;
			if (!f || f->id)
				continue;
			f->id = n + 1;
			p->function[n++] = f;
		}
	}
	p->nfunction = n;
}

void legacy_drop_duplicate_leaf(struct profile *p)
{
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		if (s->nlocation > 1 &&
		    s->location[0]->address == s->location[1]->address + 1) {
			memmove(s->location + 1, s->location + 2,
				(s->nlocation - 2) * sizeof(*s->location));
			s->nlocation--;
		}
	}
}

void legacy_scale_heap(int64_t count, int64_t size, int64_t rate,
		       int64_t *count_out, int64_t *size_out)
{
	if (count == 0 || size == 0) {
		*count_out = *size_out = 0;
		return;
	}
	if (rate <= 1) {
		/* 1: nothing was sampled away; below 1: unknown rate */
		*count_out = count;
		*size_out = size;
		return;
	}
	double avg = (double)size / (double)count;
	double scale = 1 / (1 - exp(-avg / (double)rate));
	*count_out = legacy_f2i((double)count * scale);
	*size_out = legacy_f2i((double)size * scale);
}

int64_t legacy_f2i(double d)
{
	return wrap_from_double(d);
}
