#include "proto_decode.h"

#include <string.h>

#include "arena.h"
#include "error.h"
#include "hashmap.h"
#include "profile.h"
#include "profile.pb-c.h"
#include "xalloc.h"

typedef Perftools__Profiles__Profile PbProfile;

static void *arena_pb_alloc(void *data, size_t size)
{
	return arena_alloc(data, size);
}

static void arena_pb_free(void *data, void *ptr)
{
	(void)data;
	(void)ptr; /* the whole scratch arena goes at once */
}

struct decoder {
	struct profile *p;
	const PbProfile *pb;
	const char **str; /* string table, interned in p */
	size_t nstr;
	struct hashmap ids; /* (kind, id) -> object */
	struct arena tmp;
};

struct id_item {
	uint64_t key[2]; /* kind, id */
	void *obj;
};

static bool id_eq(const void *item, const void *key)
{
	const uint64_t *k = key;
	const struct id_item *it = item;
	return it->key[0] == k[0] && it->key[1] == k[1];
}

enum { KIND_MAPPING, KIND_FUNCTION, KIND_LOCATION };

static uint64_t id_hash(const uint64_t k[2])
{
	return hash_combine(hash_u64(k[0]), k[1]);
}

/* -1 if the id was seen before; pprof reports duplicates in CheckValid. */
static void put_id(struct decoder *d, int kind, uint64_t id, void *obj)
{
	uint64_t k[2] = { (uint64_t)kind, id };
	struct id_item *it = arena_alloc(&d->tmp, sizeof(*it));
	it->key[0] = k[0];
	it->key[1] = k[1];
	it->obj = obj;
	/* The first object with an id wins the lookup, as pprof's tables; the
	 * duplicate is caught by profile_check. */
	if (!hashmap_get(&d->ids, id_hash(k), k, id_eq))
		hashmap_add(&d->ids, id_hash(k), it);
}

static void *get_id(struct decoder *d, int kind, uint64_t id)
{
	uint64_t k[2] = { (uint64_t)kind, id };
	struct id_item *it = hashmap_get(&d->ids, id_hash(k), k, id_eq);
	return it ? it->obj : NULL;
}

static int get_string(struct decoder *d, int64_t idx, const char **out)
{
	if (idx < 0 || (uint64_t)idx >= d->nstr)
		return error_set("string index %lld out of range [0..%zu)",
				 (long long)idx, d->nstr);
	*out = d->str[idx];
	return 0;
}

static int decode_value_type(struct decoder *d,
			     const Perftools__Profiles__ValueType *vt,
			     struct profile_value_type *out)
{
	if (get_string(d, vt->type, &out->type) ||
	    get_string(d, vt->unit, &out->unit))
		return -1;
	return 0;
}

static int decode_mappings(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	for (size_t i = 0; i < pb->n_mapping; i++) {
		const Perftools__Profiles__Mapping *pm = pb->mapping[i];
		struct profile_mapping *m = profile_add_mapping(d->p);
		m->id = pm->id;
		m->start = pm->memory_start;
		m->limit = pm->memory_limit;
		m->offset = pm->file_offset;
		if (get_string(d, pm->filename, &m->file) ||
		    get_string(d, pm->build_id, &m->build_id))
			return -1;
		m->has_functions = pm->has_functions;
		m->has_filenames = pm->has_filenames;
		m->has_line_numbers = pm->has_line_numbers;
		m->has_inline_frames = pm->has_inline_frames;
		static const char kernel[] = "[kernel.kallsyms]";
		if (!strncmp(m->file, kernel, sizeof(kernel) - 1))
			m->kernel_reloc_symbol =
				profile_interns(d->p, m->file + sizeof(kernel) - 1);
		put_id(d, KIND_MAPPING, m->id, m);
	}
	return 0;
}

static int decode_functions(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	for (size_t i = 0; i < pb->n_function; i++) {
		const Perftools__Profiles__Function *pf = pb->function[i];
		struct profile_function *f = profile_add_function(d->p);
		f->id = pf->id;
		if (get_string(d, pf->name, &f->name) ||
		    get_string(d, pf->system_name, &f->system_name) ||
		    get_string(d, pf->filename, &f->filename))
			return -1;
		f->start_line = pf->start_line;
		put_id(d, KIND_FUNCTION, f->id, f);
	}
	return 0;
}

static int decode_locations(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	for (size_t i = 0; i < pb->n_location; i++) {
		const Perftools__Profiles__Location *pl = pb->location[i];
		struct profile_location *l = profile_add_location(d->p, pl->n_line);
		l->id = pl->id;
		l->address = pl->address;
		l->is_folded = pl->is_folded;
		/* An unknown mapping id leaves the location unmapped, as pprof. */
		l->mapping = pl->mapping_id ?
			get_id(d, KIND_MAPPING, pl->mapping_id) : NULL;
		for (size_t j = 0; j < pl->n_line; j++) {
			uint64_t fid = pl->line[j]->function_id;
			l->line[j].line = pl->line[j]->line;
			l->line[j].function =
				fid ? get_id(d, KIND_FUNCTION, fid) : NULL;
			if (!l->line[j].function)
				return error_set("location %llu refers to function %llu, "
						 "which does not exist",
						 (unsigned long long)l->id,
						 (unsigned long long)fid);
		}
		put_id(d, KIND_LOCATION, l->id, l);
	}
	return 0;
}

static int decode_samples(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	struct profile *p = d->p;
	const char *empty = profile_intern(p, "", 0);

	ALLOC_GROW(p->sample, pb->n_sample, p->sample_alloc);
	for (size_t i = 0; i < pb->n_sample; i++) {
		const Perftools__Profiles__Sample *ps = pb->sample[i];
		if (ps->n_value != p->nsample_type)
			return error_set("mismatch: sample has %zu values vs. %zu types",
					 ps->n_value, p->nsample_type);
		/* pprof drops labels with neither a string nor a number nor a
		 * unit; count the kept ones first to size the array. */
		size_t nlabel = 0;
		for (size_t j = 0; j < ps->n_label; j++) {
			const Perftools__Profiles__Label *pl = ps->label[j];
			if (pl->str || pl->num || pl->num_unit)
				nlabel++;
		}
		struct profile_sample *s =
			profile_add_sample(p, ps->n_location_id, nlabel);
		for (size_t j = 0; j < ps->n_location_id; j++) {
			uint64_t lid = ps->location_id[j];
			s->location[j] = get_id(d, KIND_LOCATION, lid);
			if (!s->location[j])
				return error_set("sample refers to location %llu, "
						 "which does not exist",
						 (unsigned long long)lid);
		}
		if (ps->n_value)
			memcpy(s->value, ps->value, ps->n_value * sizeof(*s->value));
		size_t k = 0;
		for (size_t j = 0; j < ps->n_label; j++) {
			const Perftools__Profiles__Label *pl = ps->label[j];
			if (!(pl->str || pl->num || pl->num_unit))
				continue;
			struct profile_label *lb = &s->label[k++];
			if (get_string(d, pl->key, &lb->key))
				return -1;
			lb->unit = empty;
			if (pl->str) {
				if (get_string(d, pl->str, &lb->str))
					return -1;
			} else {
				lb->num = pl->num;
				if (pl->num_unit && get_string(d, pl->num_unit, &lb->unit))
					return -1;
			}
		}
	}
	return 0;
}

static int decode(struct decoder *d)
{
	const PbProfile *pb = d->pb;
	struct profile *p = d->p;

	if (pb->n_string_table == 0 || pb->string_table[0][0] != '\0')
		return error_set("string_table[0] must be ''");
	d->nstr = pb->n_string_table;
	d->str = arena_alloc(&d->tmp, d->nstr * sizeof(*d->str));
	for (size_t i = 0; i < d->nstr; i++)
		d->str[i] = profile_interns(p, pb->string_table[i]);

	for (size_t i = 0; i < pb->n_sample_type; i++) {
		struct profile_value_type vt = { 0 };
		if (decode_value_type(d, pb->sample_type[i], &vt))
			return -1;
		profile_add_sample_type(p, vt.type, vt.unit);
	}
	if (pb->period_type) {
		if (decode_value_type(d, pb->period_type, &p->period_type))
			return -1;
		p->has_period_type = true;
	}
	if (get_string(d, pb->drop_frames, &p->drop_frames) ||
	    get_string(d, pb->keep_frames, &p->keep_frames) ||
	    get_string(d, pb->default_sample_type, &p->default_sample_type))
		return -1;
	for (size_t i = 0; i < pb->n_comment; i++) {
		const char *c = NULL;
		if (get_string(d, pb->comment[i], &c))
			return -1;
		profile_add_comment(p, c);
	}
	p->time_nanos = pb->time_nanos;
	p->duration_nanos = pb->duration_nanos;
	p->period = pb->period;

	hashmap_init(&d->ids, pb->n_mapping + pb->n_function + pb->n_location);
	if (decode_mappings(d) || decode_functions(d) || decode_locations(d) ||
	    decode_samples(d))
		return -1;
	return 0;
}

struct profile *proto_decode(const uint8_t *data, size_t len)
{
	struct decoder d = { 0 };
	ProtobufCAllocator alloc = { arena_pb_alloc, arena_pb_free, &d.tmp };

	if (len == 0) {
		error_set("empty input file");
		return NULL;
	}
	arena_init(&d.tmp);
	d.pb = perftools__profiles__profile__unpack(&alloc, len, data);
	if (!d.pb) {
		error_set("not a valid profile.proto message");
		goto fail;
	}
	d.p = profile_new();
	if (decode(&d))
		goto fail;
	if (profile_check(d.p))
		goto fail;
	hashmap_release(&d.ids);
	arena_release(&d.tmp);
	return d.p;
fail:
	profile_free(d.p);
	hashmap_release(&d.ids);
	arena_release(&d.tmp);
	return NULL;
}
