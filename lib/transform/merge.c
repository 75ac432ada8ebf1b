/* merge: pprof's Merge, incremental: each source's samples are folded into
 * hash tables of distinct samples, locations, functions and mappings and
 * the source is freed, so memory follows distinct stacks, not inputs. */
#include "lib/transform/merge.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

/* A merged sample as the sample table sees it. The arrays live in the
 * output profile's arena, which never moves them; the profile's sample
 * array itself may move, so the table cannot point into it. */
struct sample_key {
	struct profile_location **location;
	size_t nlocation;
	struct profile_label *label; /* canonical order, see sort_labels */
	size_t nlabel;
	int64_t *value;
};

/* What one source object became in the output: per-source memo. */
struct memo {
	const void *from;
	void *to;
	int64_t offset; /* mappings: output start - source start */
};

/* How many frames ahead the walk over a sample's stack prefetches
 * locations, and how many samples ahead their values. */
#define PREFETCH_AHEAD 8

/* Samples are mapped and hashed PIPE_DEPTH - 1 samples before their
 * turn at the sample table, whose slot is prefetched meanwhile: the
 * table is far bigger than the caches and the lookup was a miss per
 * sample. A power of two. */
#define PIPE_DEPTH 8

/* A sample mapped and hashed, waiting for its sample table lookup. Each
 * has its own scratch arrays, as several are in flight. */
struct pending {
	const struct profile_sample *src;
	struct sample_key probe;
	uint64_t hash;
	const int64_t *values;
	struct profile_location **locbuf;
	struct profile_label *labbuf;
	int64_t *valbuf;
	size_t locbuf_alloc, labbuf_alloc, valbuf_alloc;
};

/* Locations, the hot kind, are mapped through their scratch field. */
enum { MEMO_MAPPING, MEMO_FUNCTION, MEMO_KINDS };

struct merge {
	struct profile *out;
	size_t nsrc;

	struct hashmap samples, locations, functions, mappings;
	struct arena keys; /* sample_key records */

	/* Reset for each source: what its mappings and functions
	 * became, indexed by id when ids are dense (Go writes 1..n), else
	 * through the map. */
	struct memo *dense[MEMO_KINDS];
	size_t ndense[MEMO_KINDS], dense_alloc[MEMO_KINDS];
	struct hashmap memo;
	struct arena memo_arena;

	/* Scratch reused across samples, so the hot loop never mallocs. */
	struct pending pipe[PIPE_DEPTH];
	struct profile_line *linebuf;
	size_t linebuf_alloc;
	double *ratios; /* unit conversion of the current source's values */
	size_t ratios_alloc;

	/* merge_add_owned on the first source: out has taken over the
	 * source's arena and strings, and merged samples reuse the source's
	 * arrays, which the source no longer needs once mapped. */
	bool in_place;
};

static uint64_t hash_ptr(const void *p)
{
	return hash_u64((uint64_t)(uintptr_t)p);
}

/* ---- per-source memo ---- */

static bool memo_eq(const void *item, const void *key)
{
	return ((const struct memo *)item)->from == key;
}

static struct memo *memo_get(struct merge *m, int kind, uint64_t id,
			      const void *from)
{
	if (id < m->ndense[kind]) {
		struct memo *it = &m->dense[kind][id];
		return it->from == from ? it : NULL;
	}
	return hashmap_get(&m->memo, hash_ptr(from), from, memo_eq);
}

static struct memo *memo_put(struct merge *m, int kind, uint64_t id,
			     const void *from, void *to, int64_t offset)
{
	struct memo *it;
	if (id < m->ndense[kind]) {
		it = &m->dense[kind][id];
		it->from = from;
		it->to = to;
		it->offset = offset;
		return it;
	}
	it = arena_alloc(&m->memo_arena, sizeof(*it));
	it->from = from;
	it->to = to;
	it->offset = offset;
	hashmap_add(&m->memo, hash_ptr(from), it);
	return it;
}

/* ---- mappings ---- */

/* pprof's mapping identity: size rounded up to 4K (so ASLR'd copies of one
 * binary match), file offset, and build id, else file name. */
static uint64_t mapping_size(const struct profile_mapping *mp)
{
	uint64_t size = mp->limit - mp->start;
	size += 0xfff;
	return size - size % 0x1000;
}

static const char *mapping_ident(const struct profile_mapping *mp)
{
	return *mp->build_id ? mp->build_id : mp->file;
}

/* Strings of out are interned, so identities compare by pointer; the
 * probe carries out's pointers too. */
static bool mapping_eq(const void *item, const void *key)
{
	const struct profile_mapping *a = item, *b = key;
	return mapping_size(a) == mapping_size(b) && a->offset == b->offset &&
	       mapping_ident(a) == mapping_ident(b);
}

static uint64_t mapping_hash(const struct profile_mapping *mp)
{
	uint64_t h = hash_u64(mapping_size(mp));
	h = hash_combine(h, mp->offset);
	return hash_combine(h, hash_ptr(mapping_ident(mp)));
}

static struct memo *map_mapping(struct merge *m, const struct profile_mapping *src)
{
	struct memo *mi = memo_get(m, MEMO_MAPPING, src->id, src);
	if (mi)
		return mi;
	struct profile *out = m->out;
	struct profile_mapping probe = *src;
	probe.file = profile_interns(out, src->file);
	probe.build_id = profile_interns(out, src->build_id);
	uint64_t h = mapping_hash(&probe);
	struct profile_mapping *dst =
		hashmap_get(&m->mappings, h, &probe, mapping_eq);
	if (dst)
		return memo_put(m, MEMO_MAPPING, src->id, src, dst,
				(int64_t)(dst->start - src->start));
	dst = profile_add_mapping(out);
	*dst = probe;
	dst->id = out->nmapping;
	dst->kernel_reloc_symbol = profile_interns(out, src->kernel_reloc_symbol);
	hashmap_add(&m->mappings, h, dst);
	return memo_put(m, MEMO_MAPPING, src->id, src, dst, 0);
}

/* ---- functions ---- */

static bool function_eq(const void *item, const void *key)
{
	const struct profile_function *a = item, *b = key;
	return a->start_line == b->start_line && a->name == b->name &&
	       a->system_name == b->system_name && a->filename == b->filename;
}

static struct profile_function *map_function(struct merge *m,
					     const struct profile_function *src)
{
	if (!src)
		return NULL;
	struct memo *mi = memo_get(m, MEMO_FUNCTION, src->id, src);
	if (mi)
		return mi->to;
	struct profile *out = m->out;
	/* In place, src's strings are out's already. */
	struct profile_function probe = *src;
	if (!m->in_place) {
		probe.name = profile_interns(out, src->name);
		probe.system_name = profile_interns(out, src->system_name);
		probe.filename = profile_interns(out, src->filename);
	}
	uint64_t h = hash_u64((uint64_t)probe.start_line);
	h = hash_combine(h, hash_ptr(probe.name));
	h = hash_combine(h, hash_ptr(probe.system_name));
	h = hash_combine(h, hash_ptr(probe.filename));
	struct profile_function *dst =
		hashmap_get(&m->functions, h, &probe, function_eq);
	if (!dst) {
		dst = profile_add_function(out);
		*dst = probe;
		dst->id = out->nfunction;
		hashmap_add(&m->functions, h, dst);
	}
	memo_put(m, MEMO_FUNCTION, src->id, src, dst, 0);
	return dst;
}

/* ---- locations ---- */

/* Within one output mapping, equal addresses mean equal offsets from the
 * mapping start, which is pprof's address key. */
static bool location_eq(const void *item, const void *key)
{
	const struct profile_location *a = item, *b = key;
	if (a->mapping != b->mapping || a->address != b->address ||
	    a->is_folded != b->is_folded || a->nline != b->nline)
		return false;
	for (size_t i = 0; i < a->nline; i++)
		if (a->line[i].function != b->line[i].function ||
		    a->line[i].line != b->line[i].line ||
		    a->line[i].column != b->line[i].column)
			return false;
	return true;
}

static struct profile_location *map_location(struct merge *m,
					     const struct profile_location *src)
{
	/* src->scratch: the merged location itself (one load less per
	 * frame than its index), 0 until mapped; merge_add clears it. */
	if (src->scratch)
		return (struct profile_location *)(uintptr_t)src->scratch;

	struct profile_location probe = { .is_folded = src->is_folded,
					  .address = src->address,
					  .nline = src->nline };
	if (src->mapping) {
		struct memo *mm = map_mapping(m, src->mapping);
		probe.mapping = mm->to;
		probe.address = (uint64_t)((int64_t)src->address + mm->offset);
	}
	ALLOC_GROW(m->linebuf, src->nline, m->linebuf_alloc);
	probe.line = m->linebuf;
	for (size_t i = 0; i < src->nline; i++) {
		probe.line[i].function = map_function(m, src->line[i].function);
		probe.line[i].line = src->line[i].line;
		probe.line[i].column = src->line[i].column;
	}

	uint64_t h = hash_combine(hash_ptr(probe.mapping), probe.address);
	h = hash_combine(h, probe.is_folded);
	for (size_t i = 0; i < probe.nline; i++) {
		h = hash_combine(h, hash_ptr(probe.line[i].function));
		h = hash_combine(h, (uint64_t)probe.line[i].line);
		h = hash_combine(h, (uint64_t)probe.line[i].column);
	}
	struct profile_location *dst =
		hashmap_get(&m->locations, h, &probe, location_eq);
	if (!dst) {
		dst = profile_add_location(m->out, probe.nline);
		dst->id = m->out->nlocation;
		dst->mapping = probe.mapping;
		dst->address = probe.address;
		dst->is_folded = probe.is_folded;
		if (probe.nline)
			memcpy(dst->line, probe.line,
			       probe.nline * sizeof(*probe.line));
		hashmap_add(&m->locations, h, dst);
	}
	((struct profile_location *)src)->scratch = (size_t)(uintptr_t)dst;
	return dst;
}

/* ---- samples ---- */

/* Labels are sets keyed by name in pprof (a map of value lists), so their
 * order between keys is meaningless while the order of one key's values
 * matters. Canonical order: string labels before numeric ones, then by
 * key, keeping the source order of equal keys (insertion sort is stable,
 * and label lists are short). */
static int label_cmp(const struct profile_label *a, const struct profile_label *b)
{
	bool an = !a->str, bn = !b->str;
	if (an != bn)
		return an ? 1 : -1;
	if (a->key == b->key)
		return 0;
	return strcmp(a->key, b->key);
}

static void sort_labels(struct profile_label *l, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct profile_label t = l[i];
		size_t j = i;
		while (j > 0 && label_cmp(&l[j - 1], &t) > 0) {
			l[j] = l[j - 1];
			j--;
		}
		l[j] = t;
	}
}

static bool sample_eq(const void *item, const void *key)
{
	const struct sample_key *a = item, *b = key;
	if (a->nlocation != b->nlocation || a->nlabel != b->nlabel)
		return false;
	for (size_t i = 0; i < a->nlocation; i++)
		if (a->location[i] != b->location[i])
			return false;
	for (size_t i = 0; i < a->nlabel; i++) {
		const struct profile_label *x = &a->label[i], *y = &b->label[i];
		if (x->key != y->key || x->str != y->str)
			return false;
		if (!x->str && (x->num != y->num || x->unit != y->unit))
			return false;
	}
	return true;
}

static bool is_zero(const int64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i])
			return false;
	return true;
}

/* First half of a sample's merge: its locations and labels mapped into
 * pe's probe, its hash, and a prefetch of its sample table slot. */
static void map_sample(struct merge *m, const struct profile_sample *src,
		       const int64_t *values, struct pending *pe)
{
	struct profile *out = m->out;
	struct sample_key probe = { .nlocation = src->nlocation,
				    .nlabel = src->nlabel };

	if (m->in_place) {
		/* Element i is read before it is written. */
		probe.location = src->location;
		probe.label = src->label;
	} else {
		ALLOC_GROW(pe->locbuf, src->nlocation, pe->locbuf_alloc);
		probe.location = pe->locbuf;
		ALLOC_GROW(pe->labbuf, src->nlabel, pe->labbuf_alloc);
		probe.label = pe->labbuf;
	}
	for (size_t i = 0; i < src->nlocation; i++) {
		/* Locations are scattered over megabytes and the loads are
		 * independent: ask for them ahead. */
		if (i + PREFETCH_AHEAD < src->nlocation)
			__builtin_prefetch(src->location[i + PREFETCH_AHEAD]);
		probe.location[i] = map_location(m, src->location[i]);
	}

	for (size_t i = 0; i < src->nlabel; i++) {
		const struct profile_label *l = &src->label[i];
		struct profile_label *d = &probe.label[i];
		if (m->in_place) {
			/* strings are out's already */
			if (l->str)
				d->num = 0;
			continue;
		}
		d->key = profile_interns(out, l->key);
		d->str = l->str ? profile_interns(out, l->str) : NULL;
		d->num = l->str ? 0 : l->num;
		d->unit = profile_interns(out, l->unit);
	}
	sort_labels(probe.label, probe.nlabel);

	/* A multiply per frame and one finalizer (below): stacks are long,
	 * and two full mixes per frame were most of the merge's work. */
	uint64_t h = probe.nlocation;
	for (size_t i = 0; i < probe.nlocation; i++) {
		h = (h ^ (uint64_t)(uintptr_t)probe.location[i]) *
		    0x100000001b3ULL;
		h ^= h >> 29;
	}
	h = hash_u64(h);
	for (size_t i = 0; i < probe.nlabel; i++) {
		const struct profile_label *l = &probe.label[i];
		h = hash_combine(h, hash_ptr(l->key));
		h = hash_combine(h, l->str ? hash_ptr(l->str) : (uint64_t)l->num);
	}

	pe->src = src;
	pe->probe = probe;
	pe->hash = h;
	pe->values = values;
	__builtin_prefetch(&m->samples.slots[h & m->samples.mask]);
}

/* Second half, in source order: the sample table lookup, then the values
 * added to an equal sample or a new one. */
static void add_sample(struct merge *m, const struct pending *pe)
{
	struct profile *out = m->out;
	const struct profile_sample *src = pe->src;
	const struct sample_key probe = pe->probe;
	const int64_t *values = pe->values;
	uint64_t h = pe->hash;
	size_t nv = out->nsample_type;
	struct sample_key *k = hashmap_get(&m->samples, h, &probe, sample_eq);
	if (k) {
		for (size_t i = 0; i < nv; i++)
			k->value[i] = wrap_add(k->value[i], values[i]);
		return;
	}
	struct profile_sample *s;
	if (m->in_place) {
		/* out->sample is the source's array and out->nsample never
		 * passes the index of the sample being mapped. */
		struct profile_sample keep = *src;
		keep.location = probe.location;
		keep.label = probe.label;
		s = &out->sample[out->nsample++];
		*s = keep;
		if (nv && s->value != values)
			memcpy(s->value, values, nv * sizeof(*s->value));
	} else {
		s = profile_add_sample(out, probe.nlocation, probe.nlabel);
		if (probe.nlocation)
			memcpy(s->location, probe.location,
			       probe.nlocation * sizeof(*s->location));
		if (probe.nlabel)
			memcpy(s->label, probe.label,
			       probe.nlabel * sizeof(*s->label));
		if (nv)
			memcpy(s->value, values, nv * sizeof(*s->value));
	}
	k = arena_alloc(&m->keys, sizeof(*k));
	k->location = s->location;
	k->nlocation = s->nlocation;
	k->label = s->label;
	k->nlabel = s->nlabel;
	k->value = s->value;
	hashmap_add(&m->samples, h, k);
}

/* ---- headers ---- */

static void format_types(struct strbuf *sb, const struct profile *p)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < p->nsample_type; i++)
		strbuf_addf(sb, "%s%s/%s", i ? " " : "", p->sample_type[i].type,
			    p->sample_type[i].unit);
	strbuf_addch(sb, ']');
}

int merge_compatible(const struct profile *a, const struct profile *b)
{
	if (strcmp(a->period_type.type, b->period_type.type) ||
	    strcmp(a->period_type.unit, b->period_type.unit))
		return error_set("incompatible period types %s/%s and %s/%s",
				 a->period_type.type, a->period_type.unit,
				 b->period_type.type, b->period_type.unit);
	bool same = a->nsample_type == b->nsample_type;
	for (size_t i = 0; same && i < a->nsample_type; i++)
		same = !strcmp(a->sample_type[i].type, b->sample_type[i].type) &&
		       !strcmp(a->sample_type[i].unit, b->sample_type[i].unit);
	if (!same) {
		struct strbuf sb = STRBUF_INIT;
		format_types(&sb, a);
		strbuf_adds(&sb, " and ");
		format_types(&sb, b);
		error_set("incompatible sample types %s", sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	return 0;
}

static void take_header(struct profile *out, const struct profile *src)
{
	for (size_t i = 0; i < src->nsample_type; i++)
		profile_add_sample_type(out, src->sample_type[i].type,
					src->sample_type[i].unit);
	out->drop_frames = profile_interns(out, src->drop_frames);
	out->keep_frames = profile_interns(out, src->keep_frames);
	out->period_type.type = profile_interns(out, src->period_type.type);
	out->period_type.unit = profile_interns(out, src->period_type.unit);
	out->has_period_type = src->has_period_type;
}

static void combine_header(struct profile *out, const struct profile *src,
			   int64_t period)
{
	/* pprof's loop: a zero time is replaced by the next one seen */
	if (out->time_nanos == 0 || src->time_nanos < out->time_nanos)
		out->time_nanos = src->time_nanos;
	out->duration_nanos = wrap_add(out->duration_nanos, src->duration_nanos);
	if (out->period == 0 || out->period < period)
		out->period = period;
	for (size_t i = 0; i < src->ncomment; i++) {
		const char *c = profile_interns(out, src->comment[i]);
		bool seen = false;
		for (size_t j = 0; j < out->ncomment && !seen; j++)
			seen = out->comment[j] == c;
		if (!seen)
			profile_add_comment(out, c);
	}
	if (!*out->default_sample_type)
		out->default_sample_type =
			profile_interns(out, src->default_sample_type);
}

/* ---- units (pprof's measurement.ScaleProfiles) ---- */

/* pprof lets "alloc_space" meet "alloc_spaces", and any two units it can
 * convert between. Two known units are taken to be of one kind: a profile
 * mixing bytes and seconds under one sample type name is not worth a
 * finer test. */
static bool units_compatible(const struct profile_value_type *a,
			     const struct profile_value_type *b)
{
	size_t la = strlen(a->type), lb = strlen(b->type);
	if (la && a->type[la - 1] == 's')
		la--;
	if (lb && b->type[lb - 1] == 's')
		lb--;
	if (la != lb || memcmp(a->type, b->type, la))
		return false;
	return !strcmp(a->unit, b->unit) ||
	       (units_known(a->unit) && units_known(b->unit));
}

static double unit_ratio(const char *from, const char *to)
{
	const char *u;
	return units_scale(1, from, to, &u);
}

/* Multiplies the merged values of sample type i by r (pprof rounds). */
static void rescale_merged(struct profile *out, size_t i, double r)
{
	for (size_t j = 0; j < out->nsample; j++) {
		int64_t *v = &out->sample[j].value[i];
		*v = wrap_from_double(round((double)*v * r));
	}
}

/* Brings src's units and the merged ones to the finer of the two, as
 * pprof does before merging: the merged values are rescaled in place,
 * src's through m->ratios while its samples are mapped, and *period is
 * src's period in the common unit. */
static int scale_units(struct merge *m, const struct profile *src,
		       int64_t *period)
{
	struct profile *out = m->out;
	struct profile_value_type *pt = &out->period_type;
	const char *u;

	/* pprof converts every period to the common unit through a float64
	 * once two profiles have one, even in the same unit: a period past
	 * 2^53 rounds, one past 2^63 - 512 becomes MinInt64 */
	if (out->has_period_type && src->has_period_type) {
		if (m->nsrc == 1)
			out->period = wrap_from_double(units_scale(
				out->period, pt->unit, pt->unit, &u));
		*period = wrap_from_double(units_scale(
			src->period, src->period_type.unit,
			src->period_type.unit, &u));
	}
	if (out->has_period_type && src->has_period_type &&
	    strcmp(pt->unit, src->period_type.unit)) {
		if (!units_compatible(pt, &src->period_type))
			return error_set("period type: incompatible types: "
					 "%s/%s %s/%s", pt->type, pt->unit,
					 src->period_type.type,
					 src->period_type.unit);
		if (unit_ratio(src->period_type.unit, pt->unit) < 1) {
			out->period = wrap_from_double(units_scale(
				out->period, pt->unit, src->period_type.unit,
				&u));
			pt->unit = profile_interns(out, src->period_type.unit);
		} else {
			*period = wrap_from_double(units_scale(
				src->period, src->period_type.unit, pt->unit,
				&u));
		}
	}
	if (out->nsample_type != src->nsample_type)
		return error_set("inconsistent samples type count: %zu != %zu",
				 out->nsample_type, src->nsample_type);
	for (size_t i = 0; i < src->nsample_type; i++) {
		struct profile_value_type *st = &out->sample_type[i];
		const struct profile_value_type *ss = &src->sample_type[i];
		if (!units_compatible(st, ss))
			return error_set("sample types: incompatible types: "
					 "%s/%s %s/%s", st->type, st->unit,
					 ss->type, ss->unit);
		if (!strcmp(st->unit, ss->unit))
			continue;
		if (unit_ratio(ss->unit, st->unit) < 1) {
			rescale_merged(out, i, unit_ratio(st->unit, ss->unit));
			st->unit = profile_interns(out, ss->unit);
		} else {
			m->ratios[i] = unit_ratio(ss->unit, st->unit);
		}
	}
	return 0;
}

/* ---- sample types (pprof's CompatibilizeSampleTypes) ---- */

static size_t count_type(const struct profile *p, const char *type)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nsample_type; i++)
		n += !strcmp(p->sample_type[i].type, type);
	return n;
}

/* The first sample type of p named type, or -1. */
static long find_type(const struct profile *p, const char *type)
{
	for (size_t i = 0; i < p->nsample_type; i++)
		if (!strcmp(p->sample_type[i].type, type))
			return (long)i;
	return -1;
}

/* Keeps the sample types of p named in common[0..n) (by type; pprof
 * matches names only, units are scaled afterwards), in that order, with
 * their values; a default sample type among them stays, else the first
 * becomes the default. Nothing changes when p already has exactly
 * these. */
static void keep_types(struct profile *p, const char *const *common,
		       size_t n)
{
	size_t *from = xcalloc(n ? n : 1, sizeof(*from));
	bool same = n == p->nsample_type;
	const char *def = NULL;
	for (size_t i = 0; i < n; i++) {
		from[i] = (size_t)find_type(p, common[i]);
		same = same && from[i] == i;
		if (!strcmp(common[i], p->default_sample_type))
			def = p->default_sample_type;
	}
	if (same)
		goto out;
	p->default_sample_type = def ? def : profile_interns(p, common[0]);
	struct profile_value_type *st = xcalloc(n, sizeof(*st));
	for (size_t i = 0; i < n; i++)
		st[i] = p->sample_type[from[i]];
	memcpy(p->sample_type, st, n * sizeof(*st));
	free(st);
	p->nsample_type = n;
	int64_t *v = xcalloc(n, sizeof(*v));
	for (size_t j = 0; j < p->nsample; j++) {
		int64_t *sv = p->sample[j].value;
		for (size_t i = 0; i < n; i++)
			v[i] = sv[from[i]];
		memcpy(sv, v, n * sizeof(*v));
	}
	free(v);
out:
	free(from);
}

/* Before src joins, both keep only the sample types they share, in the
 * merged profile's order (pprof 1.23 merges profiles of different kinds
 * on what they have in common). *view is src, or a copy of it with its
 * types cut down (the caller frees it). Merged samples whose values all
 * went leave at merge_finish. -1 and error_set when nothing is shared. */
static int compatibilize(struct merge *m, const struct profile *src,
			 struct profile **view)
{
	struct profile *out = m->out;
	const char **common = xcalloc(out->nsample_type + 1, sizeof(*common));
	size_t n = 0;
	*view = NULL;
	for (size_t i = 0; i < out->nsample_type; i++) {
		const char *t = out->sample_type[i].type;
		/* pprof keeps a type found once in every profile */
		if (count_type(out, t) == 1 && count_type(src, t) == 1)
			common[n++] = t;
	}
	if (!n) {
		free(common);
		return error_set("profiles have empty common sample type list");
	}
	keep_types(out, common, n);
	bool same = n == src->nsample_type;
	for (size_t i = 0; same && i < n; i++)
		same = !strcmp(src->sample_type[i].type, common[i]);
	if (!same) {
		*view = profile_copy(src);
		keep_types(*view, common, n);
	}
	free(common);
	return 0;
}

/* merge_compatible with src's units already converted. */
static int merge_compatible_units(const struct profile *out,
				  const struct profile *src)
{
	bool same = !strcmp(out->period_type.type, src->period_type.type);
	for (size_t i = 0; same && i < out->nsample_type; i++)
		same = !strcmp(out->sample_type[i].type, src->sample_type[i].type);
	if (same && out->has_period_type == src->has_period_type)
		return 0;
	return merge_compatible(out, src);
}

/* pprof's ScaleN on one sample: false when every rescaled value is 0
 * (unscaled values do not count, as in pprof). */
static bool scale_values(const double *ratios, const int64_t *v, size_t n,
			 int64_t *out)
{
	bool keep = false;
	for (size_t i = 0; i < n; i++) {
		out[i] = v[i];
		if (ratios[i] == 1)
			continue;
		out[i] = wrap_from_double(round((double)v[i] * ratios[i]));
		keep = keep || out[i] != 0;
	}
	return keep;
}

/* ---- the merger ---- */

struct merge *merge_new(void)
{
	struct merge *m = xcalloc(1, sizeof(*m));
	m->out = profile_new();
	hashmap_init(&m->samples, 1024);
	hashmap_init(&m->locations, 1024);
	hashmap_init(&m->functions, 256);
	hashmap_init(&m->mappings, 16);
	arena_init(&m->keys);
	arena_init(&m->memo_arena);
	return m;
}

void merge_free(struct merge *m)
{
	if (!m)
		return;
	profile_free(m->out);
	hashmap_release(&m->samples);
	hashmap_release(&m->locations);
	hashmap_release(&m->functions);
	hashmap_release(&m->mappings);
	hashmap_release(&m->memo);
	for (int k = 0; k < MEMO_KINDS; k++)
		free(m->dense[k]);
	arena_release(&m->keys);
	arena_release(&m->memo_arena);
	for (size_t i = 0; i < PIPE_DEPTH; i++) {
		free(m->pipe[i].locbuf);
		free(m->pipe[i].labbuf);
		free(m->pipe[i].valbuf);
	}
	free(m->linebuf);
	free(m->ratios);
	free(m);
}

/* Sizes a still empty map for the first source's n items at once:
 * growing to it step by step rehashes every item again and faults in
 * each intermediate table's pages. */
static void presize(struct hashmap *h, size_t n)
{
	if (h->count || n * 2 <= h->mask + 1)
		return;
	hashmap_release(h);
	hashmap_init(h, n);
}

static int add_source(struct merge *m, const struct profile *src);

int merge_add(struct merge *m, const struct profile *src)
{
	struct profile *view = NULL;
	if (m->nsrc && compatibilize(m, src, &view))
		return -1;
	int r = add_source(m, view ? view : src);
	profile_free(view);
	return r;
}

static int add_source(struct merge *m, const struct profile *src)
{
	struct profile *out = m->out;
	size_t nv = src->nsample_type;
	int64_t period = src->period;

	ALLOC_GROW(m->ratios, nv + 1, m->ratios_alloc);
	for (size_t i = 0; i < PIPE_DEPTH; i++)
		ALLOC_GROW(m->pipe[i].valbuf, nv + 1, m->pipe[i].valbuf_alloc);
	for (size_t i = 0; i < nv; i++)
		m->ratios[i] = 1;
	if (m->nsrc == 0)
		take_header(out, src);
	else if (scale_units(m, src, &period) || merge_compatible_units(out, src))
		return -1;
	m->nsrc++;
	combine_header(out, src, period);

	size_t counts[MEMO_KINDS] = { src->nmapping, src->nfunction };
	for (int k = 0; k < MEMO_KINDS; k++) {
		m->ndense[k] = counts[k] + 1;
		ALLOC_GROW(m->dense[k], m->ndense[k], m->dense_alloc[k]);
		memset(m->dense[k], 0, m->ndense[k] * sizeof(*m->dense[k]));
	}
	hashmap_release(&m->memo);
	hashmap_init(&m->memo, 16);
	arena_release(&m->memo_arena);
	presize(&m->samples, src->nsample);
	presize(&m->locations, src->nlocation);
	presize(&m->functions, src->nfunction);
	for (size_t i = 0; i < src->nlocation; i++)
		((struct profile_location *)src->location[i])->scratch = 0;

	/* The first mapping stands for the main binary: keep it first even
	 * when no sample uses it. */
	if (out->nmapping == 0 && src->nmapping)
		map_mapping(m, src->mapping[0]);
	bool scaled = false;
	for (size_t i = 0; i < nv; i++)
		scaled = scaled || m->ratios[i] != 1;
	/* Samples head..tail-1 (mod PIPE_DEPTH) await add_sample. In place,
	 * add_sample writes at or before the sample it adds, so the pending
	 * ones, later in the array, are intact. */
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < src->nsample; i++) {
		/* Each sample's values are in a cache line of their own. */
		if (i + PREFETCH_AHEAD < src->nsample)
			__builtin_prefetch(src->sample[i + PREFETCH_AHEAD].value);
		struct pending *pe = &m->pipe[tail % PIPE_DEPTH];
		const int64_t *v = src->sample[i].value;
		if (scaled && !scale_values(m->ratios, v, nv, pe->valbuf))
			continue;
		if (scaled)
			v = pe->valbuf;
		if (is_zero(v, nv))
			continue;
		if (tail - head == PIPE_DEPTH - 1)
			add_sample(m, &m->pipe[head++ % PIPE_DEPTH]);
		map_sample(m, &src->sample[i], v, pe);
		tail++;
	}
	while (head < tail)
		add_sample(m, &m->pipe[head++ % PIPE_DEPTH]);
	return 0;
}

int merge_add_owned(struct merge *m, struct profile *src)
{
	struct profile *out = m->out;
	if (m->nsrc) {
		int r = merge_add(m, src);
		profile_free(src);
		return r;
	}
	/* out is still empty: give it src's arena and strings, so src's
	 * strings are out's and its arrays can be reused in place. */
	arena_release(&out->arena);
	hashmap_release(&out->strings);
	out->arena = src->arena;
	out->strings = src->strings;
	arena_init(&src->arena);
	memset(&src->strings, 0, sizeof(src->strings));
	const char *empty = profile_intern(out, "", 0);
	out->default_sample_type = out->drop_frames = out->keep_frames = empty;
	out->period_type.type = out->period_type.unit = empty;

	/* out's sample array becomes src's: merged samples are written at
	 * or before the one being read. */
	free(out->sample);
	out->sample = src->sample;
	out->sample_alloc = src->sample_alloc;
	out->nsample = 0;
	src->sample_alloc = 0;
	m->in_place = true;
	int r = merge_add(m, src);
	m->in_place = false;
	src->sample = NULL;
	src->nsample = 0;
	profile_free(src);
	return r;
}

struct profile *merge_finish(struct merge *m)
{
	if (!m->nsrc) {
		merge_free(m);
		error_set("no profiles to merge");
		return NULL;
	}
	struct profile *out = m->out;
	m->out = NULL;
	merge_free(m);

	/* Sums may cancel out (a -base subtraction): merge the result once
	 * more to drop those samples and whatever only they used. */
	for (size_t i = 0; i < out->nsample; i++) {
		if (!is_zero(out->sample[i].value, out->nsample_type))
			continue;
		struct merge *again = merge_new();
		merge_add_owned(again, out);
		return merge_finish(again);
	}
	return out;
}

struct profile *merge_profiles(struct profile *const *srcs, size_t n)
{
	struct merge *m = merge_new();
	for (size_t i = 0; i < n; i++) {
		if (merge_add(m, srcs[i])) {
			merge_free(m);
			return NULL;
		}
	}
	return merge_finish(m);
}

/* ---- value transforms ---- */

void merge_scale(struct profile *p, const double *ratios)
{
	size_t nv = p->nsample_type;
	bool ones = true;
	for (size_t i = 0; i < nv; i++)
		ones = ones && ratios[i] == 1;
	if (ones)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		bool keep = false;
		for (size_t j = 0; j < nv; j++) {
			if (ratios[j] == 1)
				continue;
			s->value[j] = wrap_from_double(
				round((double)s->value[j] * ratios[j]));
			keep = keep || s->value[j] != 0;
		}
		if (keep)
			p->sample[kept++] = *s;
	}
	p->nsample = kept;
}

void merge_scale_all(struct profile *p, double ratio)
{
	if (ratio == 1)
		return;
	double *r = xcalloc(p->nsample_type ? p->nsample_type : 1, sizeof(*r));
	for (size_t i = 0; i < p->nsample_type; i++)
		r[i] = ratio;
	merge_scale(p, r);
	free(r);
}

int merge_normalize(struct profile *p, const struct profile *base)
{
	if (merge_compatible(p, base))
		return -1;
	size_t nv = p->nsample_type;
	int64_t *sums = xcalloc(2 * nv + 1, sizeof(*sums));
	double *ratios = xcalloc(nv + 1, sizeof(*ratios));
	for (size_t i = 0; i < base->nsample; i++)
		for (size_t j = 0; j < nv; j++)
			sums[j] = wrap_add(sums[j], base->sample[i].value[j]);
	for (size_t i = 0; i < p->nsample; i++)
		for (size_t j = 0; j < nv; j++)
			sums[nv + j] = wrap_add(sums[nv + j],
						p->sample[i].value[j]);
	for (size_t j = 0; j < nv; j++)
		ratios[j] = sums[nv + j] ? (double)sums[j] / (double)sums[nv + j]
					 : 0;
	merge_scale(p, ratios);
	free(ratios);
	free(sums);
	return 0;
}

void merge_set_label(struct profile *p, const char *key, const char *value)
{
	const char *k = profile_interns(p, key);
	const char *v = profile_interns(p, value);
	const char *empty = profile_interns(p, "");
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		/* New array in the arena: the old one may be shared. */
		struct profile_label *l =
			arena_alloc(&p->arena, (s->nlabel + 1) * sizeof(*l));
		size_t n = 0;
		for (size_t j = 0; j < s->nlabel; j++)
			if (!(s->label[j].key == k && s->label[j].str))
				l[n++] = s->label[j];
		l[n].key = k;
		l[n].str = v;
		l[n].num = 0;
		l[n].unit = empty;
		s->label = l;
		s->nlabel = n + 1;
	}
}
