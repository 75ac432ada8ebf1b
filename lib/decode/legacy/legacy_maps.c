/* legacy_maps: the memory map that ends most legacy profiles (Linux
 * /proc/self/maps lines, or pprof's brief "start-end file (@offset)
 * buildid" form) turned into mappings, with pprof's heuristics: adjacent
 * pieces of one file merged, the main binary moved first, locations bound
 * to the mapping holding their address. */
#include <stdlib.h>
#include <string.h>

#include "lib/decode/legacy/legacy.h"
#include "lib/decode/legacy/legacy_internal.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

/* pprof's procMapsRE and briefMapsRE, with Go's \s spelled out (PCRE's
 * \s also takes \v). */
#define WS "[\\t\\n\\f\\r ]"
#define C_HEX "(?:0x)?([[:xdigit:]]+)"
#define C_HEX_RANGE WS "*" C_HEX "[\\t\\n\\f\\r -]?" WS "*" C_HEX ":?"
#define C_PERM "(?:" WS "+([-rwxp]+))?"
#define C_SPACE_HEX "(?:" WS "+([[:xdigit:]]+))?"
#define C_SPACE_STRING "(?:" WS "+([^\\t\\n\\f\\r ]+))?"
#define C_SPACE_AT_OFFSET "(?:" WS "+\\(@([[:xdigit:]]+)\\))?"
#define HEX_PAIR WS "+[[:xdigit:]]+:[[:xdigit:]]+"
#define SPACE_DIGITS WS "+[[:digit:]]+"

static const char proc_maps_re[] = "^" C_HEX_RANGE C_PERM C_SPACE_HEX
	HEX_PAIR SPACE_DIGITS C_SPACE_STRING;
static const char brief_maps_re[] = "^" C_HEX_RANGE C_PERM C_SPACE_STRING
	C_SPACE_AT_OFFSET C_SPACE_HEX;
/* a glog prefix such as "I0102 03:04:05.678 file.cc:123] " */
static const char log_info_re[] = "^[^\\[\\]]+:[0-9]+\\]" WS;

static const struct regex *proc_re, *brief_re, *log_re;

struct attr {
	struct lstr key; /* "$name" */
	struct lstr val;
};

/* strings.NewReplacer semantics: left to right, no overlaps, and at each
 * position the first pair (in definition order) that matches wins. */
static struct lstr replace_attrs(struct lstr l, const struct attr *a, size_t n,
				 struct strbuf *buf)
{
	if (!n)
		return l;
	strbuf_reset(buf);
	for (size_t i = 0; i < l.n;) {
		size_t k;
		for (k = 0; k < n; k++)
			if (a[k].key.n <= l.n - i &&
			    !memcmp(l.s + i, a[k].key.s, a[k].key.n))
				break;
		if (k < n) {
			strbuf_add(buf, a[k].val.s, a[k].val.n);
			i += a[k].key.n;
		} else {
			strbuf_addch(buf, l.s[i++]);
		}
	}
	struct lstr r = { buf->buf, buf->len };
	return r;
}

enum { ENTRY_OK, ENTRY_SKIP, ENTRY_UNRECOGNIZED };

/* pprof's parseMappingEntry. */
static int parse_entry(struct profile *p, struct lstr l)
{
	struct lstr m[7];
	struct lstr start, end, perm, file, offset, build_id = { "", 0 };

	if (legacy_match(legacy_re(&proc_re, proc_maps_re), l, m, 6)) {
		start = m[1], end = m[2], perm = m[3], offset = m[4];
		file = m[5];
	} else if (legacy_match(legacy_re(&brief_re, brief_maps_re), l, m, 7)) {
		start = m[1], end = m[2], perm = m[3], file = m[4];
		offset = m[5], build_id = m[6];
	} else {
		return ENTRY_UNRECOGNIZED;
	}
	if (perm.n && !memchr(perm.s, 'x', perm.n))
		return ENTRY_SKIP; /* not executable */
	uint64_t s, e, o = 0;
	if (legacy_parse_uint(start, 16, &s, NULL) ||
	    legacy_parse_uint(end, 16, &e, NULL) ||
	    (offset.n && legacy_parse_uint(offset, 16, &o, NULL)))
		return ENTRY_UNRECOGNIZED;
	struct profile_mapping *pm = profile_add_mapping(p);
	pm->start = s;
	pm->limit = e;
	pm->offset = o;
	pm->file = profile_intern(p, file.s, file.n);
	pm->build_id = profile_intern(p, build_id.s, build_id.n);
	return ENTRY_OK;
}

/* Two pieces of one mapping split in the map listing. */
static bool adjacent(const struct profile_mapping *a,
		     const struct profile_mapping *b)
{
	if (*a->file && *b->file && a->file != b->file)
		return false;
	if (*a->build_id && *b->build_id && a->build_id != b->build_id)
		return false;
	if (a->limit != b->start)
		return false;
	if (a->offset && b->offset &&
	    a->offset + (a->limit - a->start) != b->offset)
		return false;
	return true;
}

/* pprof's libRx: "[.]so$" or "[.]so[._][0-9]+" */
static bool is_shared_lib(const char *f, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++) {
		if (memcmp(f + i, ".so", 3))
			continue;
		if (i + 3 == n)
			return true;
		if (i + 4 < n && (f[i + 3] == '.' || f[i + 3] == '_') &&
		    f[i + 4] >= '0' && f[i + 4] <= '9')
			return true;
	}
	return false;
}

/* The file name with every "(deleted)" removed and spaces trimmed. */
static struct lstr main_candidate(const char *file, struct strbuf *buf)
{
	strbuf_reset(buf);
	for (const char *f = file; *f;) {
		if (!strncmp(f, "(deleted)", 9)) {
			f += 9;
			continue;
		}
		strbuf_addch(buf, *f++);
	}
	struct lstr l = { buf->buf, buf->len };
	return lstr_trim(l);
}

/* pprof's massageMappings. */
static void massage(struct profile *p)
{
	struct strbuf buf = STRBUF_INIT;

	if (p->nmapping > 1) {
		size_t n = 1;
		for (size_t i = 1; i < p->nmapping; i++) {
			struct profile_mapping *lm = p->mapping[n - 1];
			struct profile_mapping *m = p->mapping[i];
			if (!adjacent(lm, m)) {
				p->mapping[n++] = m;
				continue;
			}
			lm->limit = m->limit;
			if (*m->file)
				lm->file = m->file;
			if (*m->build_id)
				lm->build_id = m->build_id;
			for (size_t j = 0; j < p->nlocation; j++)
				if (p->location[j]->mapping == m)
					p->location[j]->mapping = lm;
		}
		p->nmapping = n;
	}
	/* The first mapping that is neither a shared library nor a
	 * "[special]" region is taken for the main binary. */
	for (size_t i = 0; i < p->nmapping; i++) {
		struct lstr f = main_candidate(p->mapping[i]->file, &buf);
		if (!f.n || is_shared_lib(f.s, f.n) || f.s[0] == '[')
			continue;
		struct profile_mapping *t = p->mapping[0];
		p->mapping[0] = p->mapping[i];
		p->mapping[i] = t;
		break;
	}
	for (size_t i = 0; i < p->nmapping; i++)
		p->mapping[i]->id = i + 1;
	strbuf_release(&buf);
}

void legacy_remap_mappings(struct profile *p)
{
	/* Some handlers report the main binary's remapped region first as
	 * /anon_hugepage; drop it when the real mapping follows. */
	if (p->nmapping > 1 &&
	    !strncmp(p->mapping[0]->file, "/anon_hugepage", 14) &&
	    p->mapping[0]->limit == p->mapping[1]->start) {
		memmove(p->mapping, p->mapping + 1,
			(p->nmapping - 1) * sizeof(*p->mapping));
		p->nmapping--;
	}
	/* A main binary whose start less offset is the usual 0x400000 is
	 * taken to be loaded there. */
	if (p->nmapping) {
		struct profile_mapping *m = p->mapping[0];
		if (m->start - m->offset == 0x400000) {
			m->start = 0x400000;
			m->offset = 0;
		}
	}

	struct profile_mapping *fake = NULL;
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *l = p->location[i];
		uint64_t a = l->address;
		if (l->mapping || !a)
			continue;
		for (size_t j = 0; j < p->nmapping && !l->mapping; j++) {
			struct profile_mapping *m = p->mapping[j];
			if (m->start <= a && a < m->limit)
				l->mapping = m;
		}
		/* Handlers that lose the first piece of a split mapping leave
		 * its offset behind: grow the mapping back down. */
		for (size_t j = 0; j < p->nmapping && !l->mapping; j++) {
			struct profile_mapping *m = p->mapping[j];
			if (m->offset && m->start - m->offset <= a &&
			    a < m->start) {
				m->start -= m->offset;
				m->offset = 0;
				l->mapping = m;
			}
		}
		if (l->mapping)
			continue;
		/* No map at all (Go's legacy profiles): one mapping for
		 * the whole address space. */
		if (!fake) {
			fake = profile_add_mapping(p);
			fake->limit = UINT64_MAX;
		}
		l->mapping = fake;
	}
	for (size_t i = 0; i < p->nmapping; i++)
		p->mapping[i]->id = i + 1;
}

int legacy_parse_memory_map(struct profile *p, struct lscan *s)
{
	struct attr *attrs = NULL;
	size_t nattrs = 0, attrs_alloc = 0;
	struct strbuf buf = STRBUF_INIT;
	int ret = LEGACY_ERROR;

	while (lscan_next(s)) {
		struct lstr l = s->text, m[1];
		if (legacy_match(legacy_re(&log_re, log_info_re), l, m, 1)) {
			l.s += m[0].n;
			l.n -= m[0].n;
		}
		l = replace_attrs(l, attrs, nattrs, &buf);
		int r = parse_entry(p, l);
		if (r != ENTRY_UNRECOGNIZED)
			continue;
		/* "name=value" defines $name for the lines after it */
		const char *eq = memchr(l.s, '=', l.n);
		if (!eq)
			continue;
		struct lstr k = { l.s, (size_t)(eq - l.s) };
		struct lstr v = { eq + 1, l.n - k.n - 1 };
		k = lstr_trim(k);
		v = lstr_trim(v);
		char *ks = arena_alloc(&p->arena, k.n + 1);
		ks[0] = '$';
		memcpy(ks + 1, k.s, k.n);
		ALLOC_GROW(attrs, nattrs + 1, attrs_alloc);
		attrs[nattrs].key.s = ks;
		attrs[nattrs].key.n = k.n + 1;
		attrs[nattrs].val.s = arena_strndup(&p->arena, v.s, v.n);
		attrs[nattrs].val.n = v.n;
		nattrs++;
	}
	if (lscan_err(s))
		goto out;
	massage(p);
	legacy_remap_locations(p);
	legacy_remap_functions(p);
	legacy_remap_mappings(p);
	ret = LEGACY_OK;
out:
	strbuf_release(&buf);
	free(attrs);
	return ret;
}

int legacy_additional_sections(struct profile *p, struct lscan *s)
{
	while (!legacy_map_sentinel(s->text) && lscan_next(s))
		;
	if (lscan_err(s))
		return LEGACY_ERROR;
	return legacy_parse_memory_map(p, s);
}
