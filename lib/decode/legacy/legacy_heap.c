/* legacy_heap: text heap profiles, gperftools' (heapprofile, heap_v2,
 * growthz, fragmentationz) and Go's debug=1 ("@ heap/RATE"):
 *   heap profile: INUSE_N: INUSE_B [ALLOC_N: ALLOC_B] @ KIND[/RATE]
 *   INUSE_N: INUSE_B [ALLOC_N: ALLOC_B] @ 0xADDR 0xADDR ...
 * then comments (Go's "# runtime.MemStats" tail) and the memory map. */
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/decode/legacy/legacy.h"
#include "lib/decode/legacy/legacy_internal.h"
#include "lib/model/profile.h"

#define HEADER_COUNTS "heap profile: *([0-9]+): *([0-9]+) *\\[ *([0-9]+): *([0-9]+) *\\]"

static const char heap_header_re[] =
	HEADER_COUNTS " *@ *(heap[_a-z0-9]*)/?([0-9]*)";
static const char growth_header_re[] = HEADER_COUNTS " @ growthz?";
static const char frag_header_re[] = HEADER_COUNTS " @ fragmentationz?";
static const char heap_sample_re[] =
	"(-?[0-9]+): *(-?[0-9]+) *\\[ *([0-9]+): *([0-9]+) *\\] @([ x0-9a-f]*)";

static const struct regex *heap_re, *growth_re, *frag_re, *sample_re;

enum sampling { SAMPLING_NONE, SAMPLING_V2 };

struct heap {
	struct profile *p;
	enum sampling sampling;
	bool has_alloc;
	struct loctab locs;
	struct addrbuf addrs;
};

/* pprof's parseHeapHeader, for a line heap_header_re matched. */
static int parse_header(struct heap *h, const struct lstr *m)
{
	int64_t period = 0;

	if (m[6].n && legacy_parse_int(m[6], 10, &period, NULL))
		return LEGACY_UNRECOGNIZED;
	/* An alloc pair that differs from the inuse pair (and is not just
	 * zeros) means the file has both. */
	if ((!lstr_eq(m[3], "0") && (m[3].n != m[1].n ||
				     memcmp(m[3].s, m[1].s, m[1].n))) ||
	    (!lstr_eq(m[4], "0") && (m[4].n != m[2].n ||
				     memcmp(m[4].s, m[2].s, m[2].n))))
		h->has_alloc = true;
	if (lstr_eq(m[5], "heapz_v2") || lstr_eq(m[5], "heap_v2")) {
		h->sampling = SAMPLING_V2;
		h->p->period = period;
	} else if (lstr_eq(m[5], "heapprofile")) {
		h->p->period = 1;
	} else if (lstr_eq(m[5], "heap")) {
		/* Go writes twice its MemProfileRate */
		h->sampling = SAMPLING_V2;
		h->p->period = period / 2;
	} else {
		return LEGACY_UNRECOGNIZED;
	}
	return LEGACY_OK;
}

/* One count/bytes pair of a sample line; *blocksize is updated from it. */
static int add_values(struct heap *h, struct lstr line, struct lstr cs,
		      struct lstr ss, const char *label, int64_t *vals,
		      int64_t *blocksize)
{
	int64_t count, size;
	const char *why;

	if (legacy_parse_int(cs, 10, &count, &why)) {
		error_set("malformed sample: %.*s: %s", (int)line.n, line.s,
			  legacy_strconv_msg("ParseInt", cs, why));
		return LEGACY_ERROR;
	}
	if (legacy_parse_int(ss, 10, &size, &why)) {
		error_set("malformed sample: %.*s: %s", (int)line.n, line.s,
			  legacy_strconv_msg("ParseInt", ss, why));
		return LEGACY_ERROR;
	}
	if (count == 0 && size != 0) {
		error_set("%s count was 0 but %s bytes was %lld", label, label,
			  (long long)size);
		return LEGACY_ERROR;
	}
	if (count != 0) {
		*blocksize = size / count;
		if (h->sampling == SAMPLING_V2)
			legacy_scale_heap(count, size, h->p->period, &count,
					  &size);
	}
	vals[0] = count;
	vals[1] = size;
	return LEGACY_OK;
}

static int parse_sample(struct heap *h, struct lstr line)
{
	struct lstr m[6];
	int64_t vals[4], blocksize = 0;
	size_t nv = 0;

	if (!legacy_match(legacy_re(&sample_re, heap_sample_re), line, m, 6)) {
		error_set("unexpected number of sample values: got 0, want 6");
		return LEGACY_ERROR;
	}
	if (h->has_alloc) {
		if (add_values(h, line, m[3], m[4], "allocation", vals,
			       &blocksize))
			return LEGACY_ERROR;
		nv = 2;
	}
	if (add_values(h, line, m[1], m[2], "inuse", vals + nv, &blocksize))
		return LEGACY_ERROR;
	if (legacy_hex_addresses(m[5], line, &h->addrs))
		return LEGACY_ERROR;

	struct profile *p = h->p;
	struct profile_sample *s = profile_add_sample(p, h->addrs.n, 1);
	/* return addresses: step back into the call instruction */
	for (size_t i = 0; i < h->addrs.n; i++)
		s->location[i] = loctab_get(&h->locs, h->addrs.a[i] - 1);
	memcpy(s->value, vals, p->nsample_type * sizeof(*vals));
	s->label[0].key = profile_interns(p, "bytes");
	s->label[0].num = blocksize;
	s->label[0].unit = profile_interns(p, "");
	return LEGACY_OK;
}

int legacy_parse_heap(const uint8_t *data, size_t len, struct profile **out)
{
	struct heap h = { 0 };
	struct lscan s;
	struct lstr m[7];
	int r;

	lscan_init(&s, data, len);
	if (!lscan_next(&s))
		return lscan_err(&s) ? LEGACY_ERROR : LEGACY_UNRECOGNIZED;
	h.p = profile_new();
	loctab_init(&h.locs, h.p);
	h.p->period_type.type = profile_interns(h.p, "space");
	h.p->period_type.unit = profile_interns(h.p, "bytes");
	h.p->has_period_type = true;
	if (legacy_match(legacy_re(&heap_re, heap_header_re), s.text, m, 7)) {
		r = parse_header(&h, m);
		if (r != LEGACY_OK)
			goto fail;
	} else if (legacy_match(legacy_re(&growth_re, growth_header_re),
				s.text, m, 1) ||
		   legacy_match(legacy_re(&frag_re, frag_header_re), s.text, m,
				1)) {
		h.p->period = 1;
	} else {
		r = LEGACY_UNRECOGNIZED;
		goto fail;
	}
	if (h.has_alloc) {
		/* alloc first, so that the default (last) type is inuse */
		profile_add_sample_type(h.p, "alloc_objects", "count");
		profile_add_sample_type(h.p, "alloc_space", "bytes");
		profile_add_sample_type(h.p, "inuse_objects", "count");
		profile_add_sample_type(h.p, "inuse_space", "bytes");
	} else {
		profile_add_sample_type(h.p, "objects", "count");
		profile_add_sample_type(h.p, "space", "bytes");
	}

	while (lscan_next(&s)) {
		struct lstr line = lstr_trim(s.text);
		if (legacy_space_or_comment(line))
			continue;
		if (legacy_map_sentinel(line))
			break;
		r = parse_sample(&h, line);
		if (r != LEGACY_OK)
			goto fail;
	}
	r = lscan_err(&s);
	if (r)
		goto fail;
	r = legacy_additional_sections(h.p, &s);
	if (r)
		goto fail;
	loctab_release(&h.locs);
	addrbuf_release(&h.addrs);
	*out = h.p;
	return LEGACY_OK;
fail:
	loctab_release(&h.locs);
	addrbuf_release(&h.addrs);
	profile_free(h.p);
	return r;
}
