/* proto_encode: the model back to profile.proto with protobuf-c, strings
 * renumbered into a fresh table, gzipped with zlib as pprof writes it.
 * The message is packed and compressed a sample (mapping, location,
 * function) at a time, so memory does not grow with the output. */
#include "proto/proto_encode.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/base/arena.h"
#include "lib/base/error.h"
#include "lib/base/hashmap.h"
#include "lib/model/profile.h"
#include "proto/profile.pb-c.h"
#include "lib/base/sink.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

typedef Perftools__Profiles__Profile PbProfile;
typedef Perftools__Profiles__ValueType PbValueType;
typedef Perftools__Profiles__Sample PbSample;
typedef Perftools__Profiles__Label PbLabel;
typedef Perftools__Profiles__Mapping PbMapping;
typedef Perftools__Profiles__Location PbLocation;
typedef Perftools__Profiles__Line PbLine;
typedef Perftools__Profiles__Function PbFunction;

/* The string table under construction, and where packed pieces go.
 * Strings of one profile are interned, so the map is keyed by pointer. */
struct encoder {
	struct arena arena;   /* string entries; freed at the end */
	struct arena scratch; /* the messages of one piece, reset after it */
	struct hashmap index;
	char **strs;
	size_t nstr, str_alloc;
	struct sink *out;     /* gets the gzipped pieces */
	z_stream zs;
	struct strbuf packed; /* pieces not deflated yet */
	bool zfailed;
};

struct str_item {
	const char *s;
	int64_t idx;
};

static bool str_eq(const void *item, const void *key)
{
	return ((const struct str_item *)item)->s == key;
}

static int64_t add_string(struct encoder *e, const char *s)
{
	uint64_t h = hash_u64((uint64_t)(uintptr_t)s);
	struct str_item *it = hashmap_get(&e->index, h, s, str_eq);
	if (it)
		return it->idx;
	it = arena_alloc(&e->arena, sizeof(*it));
	it->s = s;
	it->idx = (int64_t)e->nstr;
	hashmap_add(&e->index, h, it);
	ALLOC_GROW(e->strs, e->nstr + 1, e->str_alloc);
	e->strs[e->nstr++] = (char *)s;
	return it->idx;
}

/* Messages live in the scratch arena until their piece is packed. */
#define NEW(e, type, init)                                                   \
	memcpy(arena_alloc(&(e)->scratch, sizeof(type)), &(type)init, sizeof(type))
#define ARRAY(e, n, type) ((type *)arena_alloc(&(e)->scratch, ((n) ? (n) : 1) * sizeof(type)))

static PbValueType *value_type(struct encoder *e,
			       const struct profile_value_type *vt)
{
	PbValueType *m = NEW(e, PbValueType, PERFTOOLS__PROFILES__VALUE_TYPE__INIT);
	m->type = add_string(e, vt->type);
	m->unit = add_string(e, vt->unit);
	return m;
}

/* pprof's order: string labels by key, then numeric ones by key; a key's
 * values keep their order. */
static int label_rank(const struct profile_label *a, const struct profile_label *b)
{
	bool an = !a->str, bn = !b->str;
	if (an != bn)
		return an ? 1 : -1;
	return a->key == b->key ? 0 : strcmp(a->key, b->key);
}

static PbSample *sample(struct encoder *e, const struct profile *p,
			const struct profile_sample *s)
{
	PbSample *m = NEW(e, PbSample, PERFTOOLS__PROFILES__SAMPLE__INIT);
	m->n_location_id = s->nlocation;
	m->location_id = ARRAY(e, s->nlocation, uint64_t);
	for (size_t i = 0; i < s->nlocation; i++)
		m->location_id[i] = s->location[i]->id;
	m->n_value = p->nsample_type;
	m->value = s->value;

	const struct profile_label **order =
		ARRAY(e, s->nlabel, const struct profile_label *);
	for (size_t i = 0; i < s->nlabel; i++) {
		/* insertion sort: stable, and label lists are short */
		size_t j = i;
		while (j > 0 && label_rank(order[j - 1], &s->label[i]) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = &s->label[i];
	}
	m->n_label = s->nlabel;
	m->label = ARRAY(e, s->nlabel, PbLabel *);
	for (size_t i = 0; i < s->nlabel; i++) {
		const struct profile_label *l = order[i];
		PbLabel *pl = NEW(e, PbLabel, PERFTOOLS__PROFILES__LABEL__INIT);
		pl->key = add_string(e, l->key);
		if (l->str) {
			pl->str = add_string(e, l->str);
		} else {
			pl->num = l->num;
			pl->num_unit = add_string(e, l->unit);
		}
		m->label[i] = pl;
	}
	return m;
}

static PbMapping *mapping(struct encoder *e, const struct profile_mapping *mp)
{
	PbMapping *m = NEW(e, PbMapping, PERFTOOLS__PROFILES__MAPPING__INIT);
	m->id = mp->id;
	m->memory_start = mp->start;
	m->memory_limit = mp->limit;
	m->file_offset = mp->offset;
	m->filename = add_string(e, mp->file);
	m->build_id = add_string(e, mp->build_id);
	m->has_functions = mp->has_functions;
	m->has_filenames = mp->has_filenames;
	m->has_line_numbers = mp->has_line_numbers;
	m->has_inline_frames = mp->has_inline_frames;
	return m;
}

static PbLocation *location(struct encoder *e, const struct profile_location *l)
{
	PbLocation *m = NEW(e, PbLocation, PERFTOOLS__PROFILES__LOCATION__INIT);
	m->id = l->id;
	m->mapping_id = l->mapping ? l->mapping->id : 0;
	m->address = l->address;
	m->is_folded = l->is_folded;
	m->n_line = l->nline;
	m->line = ARRAY(e, l->nline, PbLine *);
	for (size_t i = 0; i < l->nline; i++) {
		PbLine *ln = NEW(e, PbLine, PERFTOOLS__PROFILES__LINE__INIT);
		ln->function_id = l->line[i].function ? l->line[i].function->id : 0;
		ln->line = l->line[i].line;
		ln->column = l->line[i].column;
		m->line[i] = ln;
	}
	return m;
}

static PbFunction *function(struct encoder *e, const struct profile_function *f)
{
	PbFunction *m = NEW(e, PbFunction, PERFTOOLS__PROFILES__FUNCTION__INIT);
	m->id = f->id;
	m->name = add_string(e, f->name);
	m->system_name = add_string(e, f->system_name);
	m->filename = add_string(e, f->filename);
	m->start_line = f->start_line;
	return m;
}

/* Deflates what is packed into out; flush is zlib's (Z_FINISH at the
 * end). Pieces are fed as they come with Z_NO_FLUSH, which gives the
 * bytes one deflate call over the whole message would. */
static void deflate_packed(struct encoder *e, int flush)
{
	struct strbuf *out = e->out->buf;
	e->zs.next_in = (Bytef *)e->packed.buf;
	e->zs.avail_in = (uInt)e->packed.len;
	for (;;) {
		strbuf_grow(out, SINK_CHUNK);
		size_t room = out->alloc - out->len - 1;
		e->zs.next_out = (Bytef *)out->buf + out->len;
		e->zs.avail_out = (uInt)room;
		int r = deflate(&e->zs, flush);
		strbuf_setlen(out, out->len + room - e->zs.avail_out);
		sink_maybe_flush(e->out);
		if (r == Z_STREAM_ERROR) {
			e->zfailed = true;
			break;
		}
		if (flush == Z_FINISH ? r == Z_STREAM_END :
		    e->zs.avail_in == 0 && e->zs.avail_out != 0)
			break;
	}
	strbuf_reset(&e->packed);
}

/* Packs one piece of the message (a profile with some fields set) and
 * hands it on: the concatenation of pieces in field order is the whole
 * message's encoding. */
static void emit(struct encoder *e, const PbProfile *piece)
{
	struct strbuf *to = &e->packed;
	size_t len = perftools__profiles__profile__get_packed_size(piece);
	strbuf_grow(to, len);
	perftools__profiles__profile__pack(piece, (uint8_t *)to->buf + to->len);
	strbuf_setlen(to, to->len + len);
	arena_reset(&e->scratch);
	if (to->len >= SINK_CHUNK)
		deflate_packed(e, Z_NO_FLUSH);
}

/* Writes the profile field by field, samples, mappings, locations and
 * functions one at a time, strings numbered in pprof's order. */
static void encode(struct encoder *e, const struct profile *p)
{
	PbProfile pb = PERFTOOLS__PROFILES__PROFILE__INIT;

	hashmap_init(&e->index, 256);
	add_string(e, profile_intern((struct profile *)p, "", 0));

	pb.n_sample_type = p->nsample_type;
	pb.sample_type = ARRAY(e, p->nsample_type, PbValueType *);
	for (size_t i = 0; i < p->nsample_type; i++)
		pb.sample_type[i] = value_type(e, &p->sample_type[i]);
	emit(e, &pb);
	pb = (PbProfile)PERFTOOLS__PROFILES__PROFILE__INIT;
	pb.n_sample = 1;
	for (size_t i = 0; i < p->nsample; i++) {
		PbSample *m = sample(e, p, &p->sample[i]);
		pb.sample = &m;
		emit(e, &pb);
	}
	pb = (PbProfile)PERFTOOLS__PROFILES__PROFILE__INIT;
	pb.n_mapping = 1;
	for (size_t i = 0; i < p->nmapping; i++) {
		PbMapping *m = mapping(e, p->mapping[i]);
		pb.mapping = &m;
		emit(e, &pb);
	}
	pb = (PbProfile)PERFTOOLS__PROFILES__PROFILE__INIT;
	pb.n_location = 1;
	for (size_t i = 0; i < p->nlocation; i++) {
		PbLocation *m = location(e, p->location[i]);
		pb.location = &m;
		emit(e, &pb);
	}
	pb = (PbProfile)PERFTOOLS__PROFILES__PROFILE__INIT;
	pb.n_function = 1;
	for (size_t i = 0; i < p->nfunction; i++) {
		PbFunction *m = function(e, p->function[i]);
		pb.function = &m;
		emit(e, &pb);
	}

	/* the rest, string table first (field 6): its last strings come
	 * from the fields after it */
	pb = (PbProfile)PERFTOOLS__PROFILES__PROFILE__INIT;
	pb.drop_frames = add_string(e, p->drop_frames);
	pb.keep_frames = add_string(e, p->keep_frames);
	pb.time_nanos = p->time_nanos;
	pb.duration_nanos = p->duration_nanos;
	/* pprof omits a period type whose strings are both empty */
	if (p->has_period_type && (*p->period_type.type || *p->period_type.unit))
		pb.period_type = value_type(e, &p->period_type);
	pb.period = p->period;
	pb.n_comment = p->ncomment;
	pb.comment = ARRAY(e, p->ncomment, int64_t);
	for (size_t i = 0; i < p->ncomment; i++)
		pb.comment[i] = add_string(e, p->comment[i]);
	pb.default_sample_type = add_string(e, p->default_sample_type);
	pb.n_string_table = e->nstr;
	pb.string_table = e->strs;
	emit(e, &pb);
}

static void encoder_release(struct encoder *e)
{
	free(e->strs);
	hashmap_release(&e->index);
	arena_release(&e->scratch);
	arena_release(&e->arena);
	strbuf_release(&e->packed);
}

int proto_write_gzip(const struct profile *p, struct sink *out)
{
	struct encoder e = { .arena = ARENA_INIT, .scratch = ARENA_INIT };
	int ret = -1;

	e.out = out;
	/* 16 + window bits: a gzip wrapper, as Go's gzip.Writer writes */
	if (deflateInit2(&e.zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
			 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		error_set("compressing profile: deflateInit2 failed");
		goto out;
	}
	encode(&e, p);
	deflate_packed(&e, Z_FINISH);
	deflateEnd(&e.zs);
	if (e.zfailed) {
		error_set("compressing profile: deflate failed");
		goto out;
	}
	ret = 0;
out:
	encoder_release(&e);
	return ret;
}

int proto_encode_gzip(const struct profile *p, struct strbuf *out)
{
	struct sink s;
	sink_init_memory(&s, out);
	int ret = proto_write_gzip(p, &s);
	sink_release(&s);
	return ret;
}
