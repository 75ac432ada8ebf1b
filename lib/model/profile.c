/* profile: interning (a string's address is its identity), the arena
 * that owns everything, copies, and the checks pprof's Profile.CheckValid
 * makes. */
#include "lib/model/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/base/xalloc.h"

/* Interned strings are stored with their length just before the bytes so
 * that lookups compare lengths before bytes. */
struct interned {
	size_t len;
	char s[];
};

struct intern_key {
	const char *s;
	size_t len;
};

static bool intern_eq(const void *item, const void *key)
{
	const struct interned *in = item;
	const struct intern_key *k = key;
	return in->len == k->len && !memcmp(in->s, k->s, k->len);
}

const char *profile_intern(struct profile *p, const char *s, size_t len)
{
	struct intern_key k = { s, len };
	uint64_t h = hash_bytes(s, len, 0);
	struct interned *in = hashmap_get(&p->strings, h, &k, intern_eq);
	if (in)
		return in->s;
	in = arena_alloc(&p->arena, sizeof(*in) + len + 1);
	in->len = len;
	memcpy(in->s, s, len);
	in->s[len] = '\0';
	hashmap_add(&p->strings, h, in);
	return in->s;
}

const char *profile_interns(struct profile *p, const char *s)
{
	return profile_intern(p, s, strlen(s));
}

const char *profile_find(const struct profile *p, const char *s)
{
	size_t len = strlen(s);
	struct intern_key k = { s, len };
	struct interned *in = hashmap_get(&p->strings, hash_bytes(s, len, 0),
					  &k, intern_eq);
	return in ? in->s : NULL;
}

struct profile *profile_new(void)
{
	struct profile *p = xcalloc(1, sizeof(*p));
	arena_init(&p->arena);
	hashmap_init(&p->strings, 64);
	const char *empty = profile_intern(p, "", 0);
	p->default_sample_type = empty;
	p->drop_frames = empty;
	p->keep_frames = empty;
	p->period_type.type = empty;
	p->period_type.unit = empty;
	return p;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	free(p->sample_type);
	free(p->sample);
	free(p->mapping);
	free(p->location);
	free(p->function);
	free(p->comment);
	hashmap_release(&p->strings);
	arena_release(&p->arena);
	free(p);
}

struct profile_mapping *profile_add_mapping(struct profile *p)
{
	struct profile_mapping *m = arena_zalloc(&p->arena, sizeof(*m));
	const char *empty = profile_intern(p, "", 0);
	m->file = m->build_id = m->kernel_reloc_symbol = empty;
	ALLOC_GROW(p->mapping, p->nmapping + 1, p->mapping_alloc);
	p->mapping[p->nmapping++] = m;
	return m;
}

struct profile_function *profile_add_function(struct profile *p)
{
	struct profile_function *f = arena_zalloc(&p->arena, sizeof(*f));
	const char *empty = profile_intern(p, "", 0);
	f->name = f->system_name = f->filename = empty;
	ALLOC_GROW(p->function, p->nfunction + 1, p->function_alloc);
	p->function[p->nfunction++] = f;
	return f;
}

struct profile_location *profile_add_location(struct profile *p, size_t nline)
{
	struct profile_location *l = arena_zalloc(&p->arena, sizeof(*l));
	if (nline)
		l->line = arena_zalloc(&p->arena, nline * sizeof(*l->line));
	l->nline = nline;
	ALLOC_GROW(p->location, p->nlocation + 1, p->location_alloc);
	p->location[p->nlocation++] = l;
	return l;
}

void profile_add_sample_type(struct profile *p, const char *type,
			     const char *unit)
{
	ALLOC_GROW(p->sample_type, p->nsample_type + 1, p->sample_type_alloc);
	p->sample_type[p->nsample_type].type = profile_interns(p, type);
	p->sample_type[p->nsample_type].unit = profile_interns(p, unit);
	p->nsample_type++;
}

void profile_add_comment(struct profile *p, const char *comment)
{
	ALLOC_GROW(p->comment, p->ncomment + 1, p->comment_alloc);
	p->comment[p->ncomment++] = profile_interns(p, comment);
}

struct profile_sample *profile_add_sample(struct profile *p, size_t nlocation,
					  size_t nlabel)
{
	ALLOC_GROW(p->sample, p->nsample + 1, p->sample_alloc);
	struct profile_sample *s = &p->sample[p->nsample++];
	memset(s, 0, sizeof(*s));
	s->nlocation = nlocation;
	if (nlocation)
		s->location = arena_zalloc(&p->arena,
					   nlocation * sizeof(*s->location));
	if (p->nsample_type)
		s->value = arena_zalloc(&p->arena,
					p->nsample_type * sizeof(*s->value));
	s->nlabel = nlabel;
	if (nlabel)
		s->label = arena_zalloc(&p->arena, nlabel * sizeof(*s->label));
	return s;
}

static int parse_index(const char *s, long *out)
{
	char *end;
	if (!*s)
		return -1;
	long v = strtol(s, &end, 10);
	if (*end)
		return -1;
	*out = v;
	return 0;
}

int profile_sample_index(const struct profile *p, const char *name)
{
	long n;
	if (!name || !*name) {
		for (size_t i = 0; *p->default_sample_type && i < p->nsample_type; i++)
			if (!strcmp(p->sample_type[i].type, p->default_sample_type))
				return (int)i;
		return (int)p->nsample_type - 1;
	}
	if (!parse_index(name, &n)) {
		if (n < 0 || (size_t)n >= p->nsample_type)
			return error_set("sample_index %s is outside the range [0..%d]",
					 name, (int)p->nsample_type - 1);
		return (int)n;
	}
	const char *noinuse = name;
	if (!strncmp(name, "inuse_", 6))
		noinuse = name + 6;
	for (size_t i = 0; i < p->nsample_type; i++)
		if (!strcmp(p->sample_type[i].type, name) ||
		    !strcmp(p->sample_type[i].type, noinuse))
			return (int)i;
	char types[1024] = "";
	size_t len = 0;
	for (size_t i = 0; i < p->nsample_type && len < sizeof(types); i++)
		len += (size_t)snprintf(types + len, sizeof(types) - len, "%s%s",
					i ? " " : "", p->sample_type[i].type);
	return error_set("sample_index \"%s\" must be one of: [%s]", name, types);
}

struct id_item {
	uint64_t id;
	const void *obj;
};

static bool id_eq(const void *item, const void *key)
{
	return ((const struct id_item *)item)->id == *(const uint64_t *)key;
}

/* The objects of one kind by id while checking: ids below ndense (Go
 * writes 1..n) in an array, any others in a map. */
struct id_index {
	const void **dense;
	size_t ndense;
	struct hashmap map;
};

static void id_index_init(struct id_index *ix, size_t n)
{
	ix->ndense = 2 * n + 16;
	ix->dense = xcalloc(ix->ndense, sizeof(*ix->dense));
	hashmap_init(&ix->map, 16);
}

static void id_index_release(struct id_index *ix)
{
	free(ix->dense);
	hashmap_release(&ix->map);
}

/* Registers obj under id, map items carved from a; -1 on duplicates. */
static int add_id(struct id_index *ix, struct arena *a, uint64_t id,
		  const void *obj)
{
	if (id < ix->ndense) {
		if (ix->dense[id])
			return -1;
		ix->dense[id] = obj;
		return 0;
	}
	uint64_t h = hash_u64(id);
	if (hashmap_get(&ix->map, h, &id, id_eq))
		return -1;
	struct id_item *it = arena_alloc(a, sizeof(*it));
	it->id = id;
	it->obj = obj;
	hashmap_add(&ix->map, h, it);
	return 0;
}

static const void *find_id(const struct id_index *ix, uint64_t id)
{
	if (id < ix->ndense)
		return ix->dense[id];
	const struct id_item *it =
		hashmap_get(&ix->map, hash_u64(id), &id, id_eq);
	return it ? it->obj : NULL;
}

int profile_check(const struct profile *p)
{
	struct arena a = ARENA_INIT;
	struct id_index maps = { 0 }, funcs = { 0 }, locs = { 0 };
	int ret = -1;

	if (!p->nsample_type && p->nsample) {
		error_set("missing sample type information");
		goto out;
	}
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		if (!s->value && p->nsample_type) {
			error_set("mismatch: sample has 0 values vs. %zu types",
				  p->nsample_type);
			goto out;
		}
		for (size_t j = 0; j < s->nlocation; j++)
			if (!s->location[j]) {
				error_set("sample has nil location");
				goto out;
			}
	}
	id_index_init(&maps, p->nmapping);
	id_index_init(&funcs, p->nfunction);
	id_index_init(&locs, p->nlocation);
	for (size_t i = 0; i < p->nmapping; i++) {
		const struct profile_mapping *m = p->mapping[i];
		if (!m->id) {
			error_set("found mapping with reserved ID=0");
			goto out;
		}
		if (add_id(&maps, &a, m->id, m)) {
			error_set("multiple mappings with same id: %llu",
				  (unsigned long long)m->id);
			goto out;
		}
	}
	for (size_t i = 0; i < p->nfunction; i++) {
		const struct profile_function *f = p->function[i];
		if (!f->id) {
			error_set("found function with reserved ID=0");
			goto out;
		}
		if (add_id(&funcs, &a, f->id, f)) {
			error_set("multiple functions with same id: %llu",
				  (unsigned long long)f->id);
			goto out;
		}
	}
	for (size_t i = 0; i < p->nlocation; i++) {
		const struct profile_location *l = p->location[i];
		if (!l->id) {
			error_set("found location with reserved id=0");
			goto out;
		}
		if (add_id(&locs, &a, l->id, l)) {
			error_set("multiple locations with same id: %llu",
				  (unsigned long long)l->id);
			goto out;
		}
		if (l->mapping && (!l->mapping->id ||
				   find_id(&maps, l->mapping->id) != l->mapping)) {
			error_set("inconsistent mapping: %llu",
				  (unsigned long long)l->mapping->id);
			goto out;
		}
		for (size_t j = 0; j < l->nline; j++) {
			const struct profile_function *f = l->line[j].function;
			if (!f) {
				error_set("location id: %llu has a line with nil function",
					  (unsigned long long)l->id);
				goto out;
			}
			if (!f->id || find_id(&funcs, f->id) != f) {
				error_set("inconsistent function: %llu",
					  (unsigned long long)f->id);
				goto out;
			}
		}
	}
	ret = 0;
out:
	id_index_release(&locs);
	id_index_release(&funcs);
	id_index_release(&maps);
	arena_release(&a);
	return ret;
}

/* Maps an object of the source profile to its copy. */
struct ptr_item {
	const void *from;
	void *to;
};

static bool ptr_eq(const void *item, const void *key)
{
	return ((const struct ptr_item *)item)->from == key;
}

static void ptr_put(struct hashmap *m, struct arena *a, const void *from,
		    void *to)
{
	struct ptr_item *it = arena_alloc(a, sizeof(*it));
	it->from = from;
	it->to = to;
	hashmap_add(m, hash_u64((uint64_t)(uintptr_t)from), it);
}

static void *ptr_get(const struct hashmap *m, const void *from)
{
	if (!from)
		return NULL;
	struct ptr_item *it =
		hashmap_get(m, hash_u64((uint64_t)(uintptr_t)from), from, ptr_eq);
	return it ? it->to : NULL;
}

/* share: q starts with p's string table (the same interned strings),
 * so that p's strings are q's as they are, and its samples' values and
 * labels are p's arrays. */
#define S(str) (share ? (str) : profile_interns(q, (str)))

static struct profile *copy(const struct profile *p, bool share)
{
	struct profile *q = profile_new();
	struct arena tmp = ARENA_INIT;
	struct hashmap map;
	if (share) {
		hashmap_release(&q->strings);
		hashmap_copy(&q->strings, &p->strings);
	}
	hashmap_init(&map, p->nmapping + p->nfunction + p->nlocation);

	for (size_t i = 0; i < p->nsample_type; i++)
		profile_add_sample_type(q, p->sample_type[i].type,
					p->sample_type[i].unit);
	q->default_sample_type = S(p->default_sample_type);
	for (size_t i = 0; i < p->ncomment; i++)
		profile_add_comment(q, p->comment[i]);
	q->drop_frames = S(p->drop_frames);
	q->keep_frames = S(p->keep_frames);
	q->time_nanos = p->time_nanos;
	q->duration_nanos = p->duration_nanos;
	q->period_type.type = S(p->period_type.type);
	q->period_type.unit = S(p->period_type.unit);
	q->has_period_type = p->has_period_type;
	q->period = p->period;

	for (size_t i = 0; i < p->nmapping; i++) {
		const struct profile_mapping *m = p->mapping[i];
		struct profile_mapping *n = profile_add_mapping(q);
		*n = *m;
		n->file = S(m->file);
		n->build_id = S(m->build_id);
		n->kernel_reloc_symbol = S(m->kernel_reloc_symbol);
		ptr_put(&map, &tmp, m, n);
	}
	for (size_t i = 0; i < p->nfunction; i++) {
		const struct profile_function *f = p->function[i];
		struct profile_function *n = profile_add_function(q);
		*n = *f;
		n->name = S(f->name);
		n->system_name = S(f->system_name);
		n->filename = S(f->filename);
		ptr_put(&map, &tmp, f, n);
	}
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *l = p->location[i];
		struct profile_location *n = profile_add_location(q, l->nline);
		/* samples find their locations' copies by index, not by a
		 * lookup per frame; threads copying one shared profile at
		 * once all write the same index, atomically */
		__atomic_store_n(&l->scratch, i, __ATOMIC_RELAXED);
		n->id = l->id;
		n->address = l->address;
		n->is_folded = l->is_folded;
		n->mapping = ptr_get(&map, l->mapping);
		for (size_t j = 0; j < l->nline; j++) {
			n->line[j].line = l->line[j].line;
			n->line[j].column = l->line[j].column;
			n->line[j].function = ptr_get(&map, l->line[j].function);
		}
	}
	ALLOC_GROW(q->sample, p->nsample, q->sample_alloc);
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		struct profile_sample *n;
		if (share) { /* no value array of its own */
			ALLOC_GROW(q->sample, q->nsample + 1, q->sample_alloc);
			n = &q->sample[q->nsample++];
			memset(n, 0, sizeof(*n));
			n->nlocation = s->nlocation;
			n->location = arena_alloc(
				&q->arena, (s->nlocation + 1) * sizeof(*n->location));
		} else {
			n = profile_add_sample(q, s->nlocation, s->nlabel);
		}
		for (size_t j = 0; j < s->nlocation; j++)
			n->location[j] = q->location[__atomic_load_n(
				&s->location[j]->scratch, __ATOMIC_RELAXED)];
		if (share) {
			/* read only: nothing edits values or labels in
			 * place (filters give a sample new labels) */
			n->value = s->value;
			n->label = s->label;
			n->nlabel = s->nlabel;
			continue;
		}
		if (p->nsample_type)
			memcpy(n->value, s->value,
			       p->nsample_type * sizeof(*s->value));
		for (size_t j = 0; j < s->nlabel; j++) {
			const struct profile_label *lb = &s->label[j];
			n->label[j].key = S(lb->key);
			n->label[j].str = lb->str ? S(lb->str) : NULL;
			n->label[j].num = lb->num;
			n->label[j].unit = S(lb->unit);
		}
	}
	hashmap_release(&map);
	arena_release(&tmp);
	return q;
}

struct profile *profile_copy(const struct profile *p)
{
	return copy(p, false);
}

struct profile *profile_copy_sharing(const struct profile *p)
{
	return copy(p, true);
}

void profile_renumber(struct profile *p)
{
	for (size_t i = 0; i < p->nmapping; i++)
		p->mapping[i]->id = i + 1;
	for (size_t i = 0; i < p->nlocation; i++)
		p->location[i]->id = i + 1;
	for (size_t i = 0; i < p->nfunction; i++)
		p->function[i]->id = i + 1;
}
