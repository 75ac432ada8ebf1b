/* legacy_cpu: gperftools' binary CPU profile (also Java's, whose header
 * differs in one word). Words are 32 or 64 bits in either byte order,
 * found by trying each until the header reads right:
 *   0, 3, 0 (C++) or 1 (Java), sampling period in microseconds, 0
 * then samples (count, depth, depth addresses) up to the record 0, 1, 0,
 * then the text of /proc/self/maps. */
#include <stdlib.h>
#include <string.h>

#include "lib/decode/legacy/legacy.h"
#include "lib/decode/legacy/legacy_internal.h"
#include "lib/model/profile.h"
#include "lib/base/xalloc.h"

struct words {
	const uint8_t *b;
	size_t n;
	unsigned width; /* 4 or 8 */
	bool big;
	/* A read past the end yields 0 and makes every later read fail
	 * too, as pprof's readers return a nil slice. */
	bool nil;
};

static uint64_t word(struct words *w)
{
	uint64_t v = 0;
	if (w->nil || w->n < w->width) {
		w->nil = true;
		w->n = 0;
		return 0;
	}
	for (unsigned i = 0; i < w->width; i++) {
		unsigned k = w->big ? i : w->width - 1 - i;
		v = v << 8 | w->b[k];
	}
	w->b += w->width;
	w->n -= w->width;
	return v;
}

/* pprof's parseCPUSamples. adjust: callers' return addresses are moved
 * back by one to land inside the call instruction. On success w is left
 * at what follows the end marker (the memory map or Java's symbols). */
static int parse_samples(struct profile *p, struct words *w, bool adjust,
			 struct loctab *locs)
{
	struct addrbuf addrs = { 0 };
	int ret = LEGACY_UNRECOGNIZED;

	while (!w->nil && w->n > 0) {
		uint64_t count = word(w);
		uint64_t nstk = word(w);
		if (w->nil || nstk > w->n / 4)
			goto out;
		ALLOC_GROW(addrs.a, nstk, addrs.alloc);
		for (uint64_t i = 0; i < nstk; i++)
			addrs.a[i] = word(w);
		if (count == 0 && nstk == 1 && addrs.a[0] == 0)
			break; /* end of data */
		struct profile_sample *s = profile_add_sample(p, nstk, 0);
		for (uint64_t i = 0; i < nstk; i++) {
			uint64_t a = addrs.a[i];
			if (adjust && i > 0)
				a--;
			s->location[i] = loctab_get(locs, a);
		}
		s->value[0] = (int64_t)count;
		s->value[1] = (int64_t)(count * (uint64_t)p->period);
	}
	ret = LEGACY_OK;
out:
	addrbuf_release(&addrs);
	return ret;
}

/* If nearly every sample (all but one in 32) shares its second frame,
 * that frame is the signal handler's, not the program's: drop it. Such
 * an address is a strict majority, so a majority vote finds the only
 * candidate. pprof does this twice. */
static void drop_handler_frames(struct profile *p)
{
	size_t n = p->nsample, margin = n / 32;

	for (int iter = 0; iter < 2; iter++) {
		uint64_t cand = 0;
		size_t votes = 0, count = 0;
		for (size_t i = 0; i < n; i++) {
			struct profile_sample *s = &p->sample[i];
			if (s->nlocation < 2)
				continue;
			uint64_t a = s->location[1]->address;
			if (!votes)
				cand = a, votes = 1;
			else if (a == cand)
				votes++;
			else
				votes--;
		}
		if (!votes)
			continue;
		for (size_t i = 0; i < n; i++) {
			struct profile_sample *s = &p->sample[i];
			count += s->nlocation > 1 &&
				 s->location[1]->address == cand;
		}
		if (count < n - margin)
			continue;
		for (size_t i = 0; i < n; i++) {
			struct profile_sample *s = &p->sample[i];
			if (s->nlocation > 1 && s->location[1]->address == cand) {
				memmove(s->location + 1, s->location + 2,
					(s->nlocation - 2) * sizeof(*s->location));
				s->nlocation--;
			}
		}
	}
}

static struct profile *new_cpu_profile(uint64_t period_us)
{
	struct profile *p = profile_new();
	p->period = (int64_t)(period_us * 1000);
	p->period_type.type = profile_interns(p, "cpu");
	p->period_type.unit = profile_interns(p, "nanoseconds");
	p->has_period_type = true;
	profile_add_sample_type(p, "samples", "count");
	profile_add_sample_type(p, "cpu", "nanoseconds");
	return p;
}

static int cpp_profile(struct words *w, uint64_t period,
		       struct profile **out)
{
	struct profile *p = new_cpu_profile(period);
	struct loctab locs;
	int r;

	loctab_init(&locs, p);
	r = parse_samples(p, w, true, &locs);
	if (r != LEGACY_OK)
		goto fail;
	drop_handler_frames(p);
	struct lscan s;
	lscan_init(&s, w->b, w->nil ? 0 : w->n);
	r = legacy_parse_memory_map(p, &s);
	if (r != LEGACY_OK)
		goto fail;
	legacy_drop_duplicate_leaf(p);
	loctab_release(&locs);
	*out = p;
	return LEGACY_OK;
fail:
	loctab_release(&locs);
	profile_free(p);
	return r;
}

static int java_profile(struct words *w, uint64_t period,
			struct profile **out)
{
	struct profile *p = new_cpu_profile(period);
	struct loctab locs;
	int r;

	loctab_init(&locs, p);
	r = parse_samples(p, w, false, &locs);
	if (r != LEGACY_OK)
		goto fail;
	r = legacy_java_locations(p, w->b, w->nil ? 0 : w->n, &locs);
	if (r != LEGACY_OK)
		goto fail;
	loctab_release(&locs);
	*out = p;
	return LEGACY_OK;
fail:
	loctab_release(&locs);
	profile_free(p);
	return r;
}

int legacy_parse_cpu(const uint8_t *data, size_t len, struct profile **out)
{
	/* pprof's order: 32-bit little, 32-bit big, 64-bit little, big */
	static const struct {
		unsigned width;
		bool big;
	} kinds[] = { { 4, false }, { 4, true }, { 8, false }, { 8, true } };

	for (size_t k = 0; k < 4; k++) {
		struct words w = { data, len, kinds[k].width, kinds[k].big, false };
		uint64_t h[5];
		for (int i = 0; i < 5; i++)
			h[i] = word(&w);
		if (w.nil || h[0] != 0 || h[1] != 3 || h[3] == 0 || h[4] != 0)
			continue;
		if (h[2] == 0)
			return cpp_profile(&w, h[3], out);
		if (h[2] == 1)
			return java_profile(&w, h[3], out);
	}
	return LEGACY_UNRECOGNIZED;
}
