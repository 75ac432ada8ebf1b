/* proto_decode: samples and locations, most of a profile's bytes, are
 * decoded from the wire format by hand straight into the arena; the
 * small messages go through protobuf-c's generated code. */
#include "proto/proto_decode.h"

#include <stdlib.h>
#include <string.h>

#include "lib/base/arena.h"
#include "lib/base/error.h"
#include "lib/base/hashmap.h"
#include "lib/model/profile.h"
#include "proto/profile.pb-c.h"
#include "lib/base/xalloc.h"

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

/* Objects of one kind indexed by id: ids below `dense` live in an array
 * (the common case: Go writes ids 1..n), others in a hash map. */
struct id_table {
	void **dense;
	size_t ndense;
	struct hashmap sparse;
};

enum { STR_CP = 32 }; /* string table checkpoint interval, see below */

struct decoder {
	struct profile *p;
	/* The string table: nstr entries. Dense (the common case): str[i]
	 * is entry i interned in p. When the entries are many for the bytes
	 * (an input of empty strings would need 8 bytes of pointer per 2
	 * bytes of input), sparse: cp[] notes where every STR_CP-th entry
	 * starts in data, and an entry is found by walking at most STR_CP
	 * fields from the one before it, its pointer kept in a small cache. */
	const char **str;
	size_t nstr;
	struct str_cp { uint64_t index; size_t offset; } *cp;
	size_t ncp, cp_alloc, cp_fields;
	bool sparse;
	struct { uint64_t key; const char *s; } *cache; /* key: index + 1 */
	const uint8_t *data;
	size_t len;
	struct id_table ids[3];
	struct arena tmp;     /* scratch for one protobuf-c message at a time */
	ProtobufCAllocator alloc;
	/* scratch for the sample being read (decode_sample) */
	uint64_t *sloc;
	uint64_t *sval; /* int64 values, as read */
	struct wire_label *slab;
	size_t nsloc, sloc_alloc, nsval, sval_alloc, nslab, slab_alloc;
	/* scratch for the lines of the location being read */
	struct wire_line *sline;
	size_t nsline, sline_alloc;
	/* The bytes decoded but the profile breaks pprof's CheckValid rules
	 * (ids, counts): no other format is tried then. */
	bool invalid;
};

/* A Line as the wire has it. */
struct wire_line {
	uint64_t function_id;
	int64_t line;
	int64_t column;
};

struct id_item {
	uint64_t id;
	void *obj;
};

static bool id_eq(const void *item, const void *key)
{
	return ((const struct id_item *)item)->id == *(const uint64_t *)key;
}

enum { KIND_MAPPING, KIND_FUNCTION, KIND_LOCATION };

static void id_table_init(struct id_table *t, size_t n)
{
	t->ndense = n + 1;
	t->dense = xcalloc(t->ndense, sizeof(*t->dense));
	memset(&t->sparse, 0, sizeof(t->sparse));
}

static void id_table_release(struct id_table *t)
{
	for (size_t i = 0; t->sparse.slots && i <= t->sparse.mask; i++)
		free(t->sparse.slots[i].item);
	hashmap_release(&t->sparse);
	free(t->dense);
}

/* The first object with an id wins lookups, as in pprof's tables; the
 * duplicate itself is reported by profile_check. */
static void put_id(struct decoder *d, int kind, uint64_t id, void *obj)
{
	struct id_table *t = &d->ids[kind];
	if (id < t->ndense) {
		if (!t->dense[id])
			t->dense[id] = obj;
		return;
	}
	uint64_t h = hash_u64(id);
	if (hashmap_get(&t->sparse, h, &id, id_eq))
		return;
	struct id_item *it = xmalloc(sizeof(*it));
	it->id = id;
	it->obj = obj;
	hashmap_add(&t->sparse, h, it);
}

static void *get_id(struct decoder *d, int kind, uint64_t id)
{
	struct id_table *t = &d->ids[kind];
	if (id < t->ndense)
		return t->dense[id];
	struct id_item *it = hashmap_get(&t->sparse, hash_u64(id), &id, id_eq);
	return it ? it->obj : NULL;
}

static const char *string_at(struct decoder *d, uint64_t idx);

static int get_string(struct decoder *d, int64_t idx, const char **out)
{
	if (idx < 0 || (uint64_t)idx >= d->nstr)
		return error_set("string index %lld out of range [0..%zu)",
				 (long long)idx, d->nstr);
	*out = d->sparse ? string_at(d, (uint64_t)idx) : d->str[idx];
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

static void drop_field_zero(struct decoder *d, const uint8_t **buf,
			    size_t *len);

/* Unpacks one embedded message into the scratch arena. */
#define UNPACK(d, type, buf, len) \
	(drop_field_zero((d), &(buf), &(len)), \
	 perftools__profiles__##type##__unpack(&(d)->alloc, (len), (buf)))

static int decode_mapping(struct decoder *d, const uint8_t *buf, size_t len)
{
	Perftools__Profiles__Mapping *pm = UNPACK(d, mapping, buf, len);
	if (!pm)
		return error_set("malformed mapping message");
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
	return 0;
}

static int decode_function(struct decoder *d, const uint8_t *buf, size_t len)
{
	Perftools__Profiles__Function *pf = UNPACK(d, function, buf, len);
	if (!pf)
		return error_set("malformed function message");
	struct profile_function *f = profile_add_function(d->p);
	f->id = pf->id;
	if (get_string(d, pf->name, &f->name) ||
	    get_string(d, pf->system_name, &f->system_name) ||
	    get_string(d, pf->filename, &f->filename))
		return -1;
	f->start_line = pf->start_line;
	put_id(d, KIND_FUNCTION, f->id, f);
	return 0;
}

/* A Location as the wire has it; its lines go to the decoder's
 * scratch. */
struct wire_location {
	uint64_t id, mapping_id, address;
	bool is_folded;
};

static int decode_location_fields(struct decoder *d, const uint8_t *buf,
				  size_t len, struct wire_location *pl);

/* Read by hand, as samples are (one per distinct frame: the second
 * biggest kind), with protobuf-c's rules. */
static int decode_location(struct decoder *d, const uint8_t *buf, size_t len)
{
	struct wire_location pl;
	d->nsline = 0;
	if (decode_location_fields(d, buf, len, &pl))
		return error_set("malformed location message");
	struct profile_location *l = profile_add_location(d->p, d->nsline);
	l->id = pl.id;
	l->address = pl.address;
	l->is_folded = pl.is_folded;
	/* An unknown mapping id leaves the location unmapped, as pprof. */
	l->mapping = pl.mapping_id ? get_id(d, KIND_MAPPING, pl.mapping_id) : NULL;
	for (size_t j = 0; j < d->nsline; j++) {
		uint64_t fid = d->sline[j].function_id;
		l->line[j].line = d->sline[j].line;
		l->line[j].column = d->sline[j].column;
		l->line[j].function = fid ? get_id(d, KIND_FUNCTION, fid) : NULL;
		if (!l->line[j].function) {
			d->invalid = true;
			return error_set("location id: %llu has a line with "
					 "nil function",
					 (unsigned long long)l->id);
		}
	}
	put_id(d, KIND_LOCATION, l->id, l);
	return 0;
}

/* A Label as the wire has it. */
struct wire_label {
	int64_t key, str, num, num_unit;
};

static int decode_sample_fields(struct decoder *d, const uint8_t *buf,
				size_t len);

/* Samples are most of a profile: they are read straight off the wire,
 * without protobuf-c's per-message allocations, with protobuf-c's rules
 * (repeated scalars packed or not, last value wins in a Label, unknown
 * fields skipped, a known field with the wrong wire type rejected). */
static int decode_sample(struct decoder *d, const uint8_t *buf, size_t len)
{
	struct profile *p = d->p;
	d->nsloc = d->nsval = d->nslab = 0;
	if (decode_sample_fields(d, buf, len))
		return error_set("malformed sample message");
	if (!p->nsample_type) {
		d->invalid = true;
		return error_set("missing sample type information");
	}
	if (d->nsval != p->nsample_type) {
		d->invalid = true;
		return error_set("mismatch: sample has %zu values vs. %zu types",
				 d->nsval, p->nsample_type);
	}
	/* pprof drops labels with neither a string nor a number nor a unit;
	 * count the kept ones first to size the array. */
	size_t nlabel = 0;
	for (size_t j = 0; j < d->nslab; j++) {
		const struct wire_label *pl = &d->slab[j];
		if (pl->str || pl->num || pl->num_unit)
			nlabel++;
	}
	struct profile_sample *s = profile_add_sample(p, d->nsloc, nlabel);
	for (size_t j = 0; j < d->nsloc; j++) {
		uint64_t lid = d->sloc[j];
		s->location[j] = get_id(d, KIND_LOCATION, lid);
		if (!s->location[j]) {
			d->invalid = true;
			return error_set("sample has nil location");
		}
	}
	for (size_t j = 0; j < d->nsval; j++)
		s->value[j] = (int64_t)d->sval[j];
	size_t k = 0;
	for (size_t j = 0; j < d->nslab; j++) {
		const struct wire_label *pl = &d->slab[j];
		if (!(pl->str || pl->num || pl->num_unit))
			continue;
		struct profile_label *lb = &s->label[k++];
		if (get_string(d, pl->key, &lb->key))
			return -1;
		get_string(d, 0, &lb->unit);
		if (pl->str) {
			if (get_string(d, pl->str, &lb->str))
				return -1;
		} else {
			lb->num = pl->num;
			if (pl->num_unit && get_string(d, pl->num_unit, &lb->unit))
				return -1;
		}
	}
	return 0;
}

static int decode_value_type_msg(struct decoder *d, const uint8_t *buf,
				 size_t len, struct profile_value_type *out)
{
	Perftools__Profiles__ValueType *vt = UNPACK(d, value_type, buf, len);
	if (!vt)
		return error_set("malformed value type message");
	return decode_value_type(d, vt, out);
}

/* The top level of the message is walked by hand so that each embedded
 * message is unpacked, converted and dropped one at a time: protobuf-c
 * unpacking a whole large profile at once would hold a second copy of it. */
struct wire {
	const uint8_t *p, *end;
};

/* Inlined with a one-byte fast path: varints are most of the bytes of
 * a profile (every field key, length and packed location id). */
static inline int read_varint(struct wire *w, uint64_t *out)
{
	const uint8_t *p = w->p, *end = w->end;
	if (p < end && *p < 0x80) {
		*out = *p;
		w->p = p + 1;
		return 0;
	}
	uint64_t v = 0;
	int shift;
	if (end - p >= 10) {
		/* room for the longest varint: no bounds checks */
		for (shift = 0; shift < 64; shift += 7) {
			uint8_t b = *p++;
			v |= (uint64_t)(b & 0x7f) << shift;
			if (!(b & 0x80)) {
				*out = v;
				w->p = p;
				return 0;
			}
		}
		w->p = p;
		*out = v;
		return error_set("varint overflows 64 bits");
	}
	for (shift = 0; shift < 64 && p < end; shift += 7) {
		uint8_t b = *p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			w->p = p;
			return 0;
		}
	}
	w->p = p;
	*out = v; /* unused, but keeps callers' values initialised */
	if (shift < 64)
		return error_set("unexpected end of data in varint");
	return error_set("varint overflows 64 bits");
}

struct field {
	uint32_t num;
	uint32_t wire;
	uint64_t varint;          /* wire type 0 */
	const uint8_t *data;      /* wire type 2 */
	size_t len;
	const uint8_t *raw;       /* the value's bytes (with any length) */
};

/* Reads one field; 1 at the end of the buffer, -1 on malformed data. */
static int next_field(struct wire *w, struct field *f)
{
	uint64_t key, n;
	if (w->p >= w->end)
		return 1;
	if (read_varint(w, &key))
		return -1;
	/* Field numbers are not checked: pprof's decoder skips any it does
	 * not know, 0 and those past 2^29 - 1 included (UINT32_MAX stands
	 * for them, unknown everywhere). */
	f->num = key >> 3 > UINT32_MAX ? UINT32_MAX : (uint32_t)(key >> 3);
	f->wire = (uint32_t)(key & 7);
	f->raw = w->p;
	switch (f->wire) {
	case 0:
		return read_varint(w, &f->varint);
	case 1:
		if (w->end - w->p < 8)
			return error_set("unexpected end of data in fixed64");
		w->p += 8;
		return 0;
	case 5:
		if (w->end - w->p < 4)
			return error_set("unexpected end of data in fixed32");
		w->p += 4;
		return 0;
	case 2:
		if (read_varint(w, &n))
			return -1;
		if (n > (uint64_t)(w->end - w->p))
			return error_set("field %u: length %llu runs past the end "
					 "of the data", f->num, (unsigned long long)n);
		f->data = w->p;
		f->len = (size_t)n;
		w->p += n;
		return 0;
	default:
		return error_set("field %u: unsupported wire type %u", f->num,
				 f->wire);
	}
}

/* protobuf-c refuses field number 0 (and numbers past 2^29 - 1), which
 * pprof's decoder skips like any unknown field: when a small message has
 * one, it is unpacked from a copy without them (in the scratch arena).
 * Malformed bytes are left for protobuf-c to reject. */
static void drop_field_zero(struct decoder *d, const uint8_t **buf,
			    size_t *len)
{
	struct wire w = { *buf, *buf + *len };
	struct field f;
	bool odd = false;
	const uint8_t *start = w.p;
	while (!odd && next_field(&w, &f) == 0)
		odd = f.num == 0 || f.num > 0x1fffffff;
	if (!odd)
		return;
	uint8_t *copy = arena_alloc(&d->tmp, *len ? *len : 1);
	size_t n = 0;
	int r;
	w.p = start;
	for (const uint8_t *at = w.p; (r = next_field(&w, &f)) == 0; at = w.p) {
		if (f.num == 0 || f.num > 0x1fffffff)
			continue;
		memcpy(copy + n, at, (size_t)(w.p - at));
		n += (size_t)(w.p - at);
	}
	if (r < 0)
		return;
	*buf = copy;
	*len = n;
}

/* Appends a repeated varint field's values (packed or one) to *v. */
static int read_repeated(struct field *f, uint64_t **v, size_t *n,
			 size_t *alloc)
{
	if (f->wire == 0) {
		ALLOC_GROW(*v, *n + 1, *alloc);
		(*v)[(*n)++] = f->varint;
		return 0;
	}
	if (f->wire != 2)
		return -1;
	struct wire pw = { f->data, f->data + f->len };
	/* at most one value per byte; the scratch array is reused */
	ALLOC_GROW(*v, *n + f->len, *alloc);
	while (pw.p < pw.end) {
		uint64_t x;
		if (read_varint(&pw, &x))
			return -1;
		(*v)[(*n)++] = x;
	}
	return 0;
}

static int decode_label(struct wire_label *l, const uint8_t *buf, size_t len)
{
	struct wire w = { buf, buf + len };
	struct field f;
	int r;
	memset(l, 0, sizeof(*l));
	while ((r = next_field(&w, &f)) == 0) {
		if (f.num == 0 || f.num > 4)
			continue;
		if (f.wire != 0)
			return -1;
		int64_t v = (int64_t)f.varint;
		switch (f.num) {
		case 1: l->key = v; break;
		case 2: l->str = v; break;
		case 3: l->num = v; break;
		default: l->num_unit = v; break;
		}
	}
	return r < 0 ? -1 : 0;
}

/* A bool as protobuf-c reads it: any wire type, true when any of the
 * value's bytes (a length prefix included) has a payload bit set. */
static bool wire_bool(const struct field *f, const uint8_t *end)
{
	for (const uint8_t *q = f->raw; q < end; q++)
		if (*q & 0x7f)
			return true;
	return false;
}

static int decode_line(struct wire_line *ln, const uint8_t *buf, size_t len)
{
	struct wire w = { buf, buf + len };
	struct field f;
	int r;
	memset(ln, 0, sizeof(*ln));
	while ((r = next_field(&w, &f)) == 0) {
		if (f.num == 0 || f.num > 3)
			continue;
		if (f.wire != 0)
			return -1;
		if (f.num == 1)
			ln->function_id = f.varint;
		else if (f.num == 2)
			ln->line = (int64_t)f.varint;
		else
			ln->column = (int64_t)f.varint;
	}
	return r < 0 ? -1 : 0;
}

/* Location fields, lines into d's scratch; -1 on malformed data. */
static int decode_location_fields(struct decoder *d, const uint8_t *buf,
				  size_t len, struct wire_location *pl)
{
	struct wire w = { buf, buf + len };
	struct field f;
	int r;
	memset(pl, 0, sizeof(*pl));
	while ((r = next_field(&w, &f)) == 0) {
		if (f.num == 0 || f.num > 5)
			continue;
		if (f.num == 4) {
			if (f.wire != 2)
				return -1;
			ALLOC_GROW(d->sline, d->nsline + 1, d->sline_alloc);
			if (decode_line(&d->sline[d->nsline++], f.data, f.len))
				return -1;
			continue;
		}
		if (f.wire != 0 && f.num != 5)
			return -1;
		switch (f.num) {
		case 1: pl->id = f.varint; break;
		case 2: pl->mapping_id = f.varint; break;
		case 3: pl->address = f.varint; break;
		default: pl->is_folded = wire_bool(&f, w.p); break;
		}
	}
	return r < 0 ? -1 : 0;
}

/* Sample fields into d's scratch arrays; -1 on malformed data. */
static int decode_sample_fields(struct decoder *d, const uint8_t *buf,
				size_t len)
{
	struct wire w = { buf, buf + len };
	struct field f;
	int r;
	while ((r = next_field(&w, &f)) == 0) {
		switch (f.num) {
		case 1:
			if (read_repeated(&f, &d->sloc, &d->nsloc,
					  &d->sloc_alloc))
				return -1;
			break;
		case 2:
			if (read_repeated(&f, &d->sval, &d->nsval,
					  &d->sval_alloc))
				return -1;
			break;
		case 3:
			if (f.wire != 2)
				return -1;
			ALLOC_GROW(d->slab, d->nslab + 1, d->slab_alloc);
			if (decode_label(&d->slab[d->nslab++], f.data, f.len))
				return -1;
			break;
		default:
			break;
		}
	}
	return r < 0 ? -1 : 0;
}

enum {
	F_SAMPLE_TYPE = 1, F_SAMPLE, F_MAPPING, F_LOCATION, F_FUNCTION,
	F_STRING_TABLE, F_DROP_FRAMES, F_KEEP_FRAMES, F_TIME_NANOS,
	F_DURATION_NANOS, F_PERIOD_TYPE, F_PERIOD, F_COMMENT,
	F_DEFAULT_SAMPLE_TYPE,
};

static const uint32_t expected_wire[] = {
	[F_SAMPLE_TYPE] = 2, [F_SAMPLE] = 2, [F_MAPPING] = 2,
	[F_LOCATION] = 2, [F_FUNCTION] = 2, [F_STRING_TABLE] = 2,
	[F_DROP_FRAMES] = 0, [F_KEEP_FRAMES] = 0, [F_TIME_NANOS] = 0,
	[F_DURATION_NANOS] = 0, [F_PERIOD_TYPE] = 2, [F_PERIOD] = 0,
	[F_DEFAULT_SAMPLE_TYPE] = 0,
};

/* Scalars and counts gathered by the first pass. */
struct top {
	int64_t drop_frames, keep_frames, time_nanos, duration_nanos, period;
	int64_t default_sample_type;
	size_t count[F_DEFAULT_SAMPLE_TYPE + 1];
	/* Where each field number's occurrences begin and end: writers
	 * group them, so the second pass for one kind walks its own span
	 * instead of the whole message. */
	size_t first[F_DEFAULT_SAMPLE_TYPE + 1], end[F_DEFAULT_SAMPLE_TYPE + 1];
	int64_t *comment;
	size_t ncomment, comment_alloc;
};

/* pprof keeps any number; every report header prints them all, and a
 * 1 MB gzip file can hold 10^9 (8 GB of pointers): refused past this. */
#define MAX_COMMENTS 1000000

static int too_many_comments(struct decoder *d)
{
	d->invalid = true; /* protobuf all right: no other format */
	return error_set("more than %d comments", MAX_COMMENTS);
}

static int scan_top(struct decoder *d, const uint8_t *data, size_t len,
		    struct top *t)
{
	struct wire w = { data, data + len };
	struct field f;
	int r;
	const uint8_t *start = w.p;
	for (; (r = next_field(&w, &f)) == 0; start = w.p) {
		d->cp_fields++;
		if (f.num == F_COMMENT) {
			/* repeated int64: packed (wire 2) or one by one (wire 0) */
			if (f.wire == 0) {
				if (t->ncomment == MAX_COMMENTS)
					return too_many_comments(d);
				ALLOC_GROW(t->comment, t->ncomment + 1, t->comment_alloc);
				t->comment[t->ncomment++] = (int64_t)f.varint;
			} else if (f.wire == 2) {
				struct wire pw = { f.data, f.data + f.len };
				uint64_t v;
				while (pw.p < pw.end) {
					if (read_varint(&pw, &v))
						return -1;
					if (t->ncomment == MAX_COMMENTS)
						return too_many_comments(d);
					ALLOC_GROW(t->comment, t->ncomment + 1,
						   t->comment_alloc);
					t->comment[t->ncomment++] = (int64_t)v;
				}
			} else {
				return error_set("field 13: wrong wire type %u", f.wire);
			}
			continue;
		}
		if (f.num == 0 || f.num > F_DEFAULT_SAMPLE_TYPE)
			continue; /* unknown fields are skipped, as protobuf does */
		if (f.wire != expected_wire[f.num])
			return error_set("field %u: wrong wire type %u", f.num, f.wire);
		if (!t->count[f.num]++)
			t->first[f.num] = (size_t)(start - data);
		t->end[f.num] = (size_t)(w.p - data);
		switch (f.num) {
		case F_STRING_TABLE:
			/* a checkpoint every STR_CP entries, and at the first
			 * entry after STR_CP other fields: a walk from one
			 * passes fewer than 2 * STR_CP fields */
			if (!d->ncp || d->nstr - d->cp[d->ncp - 1].index >= STR_CP ||
			    d->cp_fields >= STR_CP) {
				ALLOC_GROW(d->cp, d->ncp + 1, d->cp_alloc);
				d->cp[d->ncp++] = (struct str_cp){
					d->nstr, (size_t)(start - data) };
				d->cp_fields = 0;
			}
			d->nstr++;
			break;
		case F_DROP_FRAMES: t->drop_frames = (int64_t)f.varint; break;
		case F_KEEP_FRAMES: t->keep_frames = (int64_t)f.varint; break;
		case F_TIME_NANOS: t->time_nanos = (int64_t)f.varint; break;
		case F_DURATION_NANOS: t->duration_nanos = (int64_t)f.varint; break;
		case F_PERIOD: t->period = (int64_t)f.varint; break;
		case F_DEFAULT_SAMPLE_TYPE:
			t->default_sample_type = (int64_t)f.varint;
			break;
		default:
			break;
		}
	}
	return r < 0 ? -1 : 0;
}

/* Second pass: the embedded messages of one field number, in order,
 * within the span scan_top found for it. */
static int decode_field(struct decoder *d, const uint8_t *data,
			const struct top *t, uint32_t num,
			int (*fn)(struct decoder *, const uint8_t *, size_t))
{
	struct wire w = { data + t->first[num], data + t->end[num] };
	struct field f;
	int r;
	while ((r = next_field(&w, &f)) == 0) {
		if (f.num != num)
			continue;
		int ret = fn(d, f.data, f.len);
		arena_reset(&d->tmp);
		if (ret)
			return -1;
	}
	return r < 0 ? -1 : 0;
}

static int decode_sample_type(struct decoder *d, const uint8_t *buf, size_t len)
{
	struct profile_value_type vt = { 0 };
	if (decode_value_type_msg(d, buf, len, &vt))
		return -1;
	profile_add_sample_type(d->p, vt.type, vt.unit);
	return 0;
}

static int decode_period_type(struct decoder *d, const uint8_t *buf, size_t len)
{
	/* a repeated embedded message merges; last one wins for scalars */
	struct profile_value_type vt = { 0 };
	if (decode_value_type_msg(d, buf, len, &vt))
		return -1;
	d->p->period_type = vt;
	d->p->has_period_type = true;
	return 0;
}

static size_t cap_count(size_t count, size_t len, size_t bytes_each)
{
	return count < len / bytes_each ? count : len / bytes_each;
}

enum { STR_CACHE = 4096 };

/* Dense when the table needs no more than a quarter of the input's bytes
 * in pointers (strings of 32 bytes of input each, on average over the
 * whole message; real profiles have far fewer), else sparse. */
static void strings_index(struct decoder *d, const struct top *t)
{
	if (d->nstr <= d->len / 32) {
		d->str = xmalloc((d->nstr ? d->nstr : 1) * sizeof(*d->str));
		struct wire w = { d->data + t->first[F_STRING_TABLE],
				  d->data + t->end[F_STRING_TABLE] };
		struct field f;
		size_t i = 0;
		while (i < d->nstr && next_field(&w, &f) == 0)
			if (f.num == F_STRING_TABLE)
				d->str[i++] = profile_intern(
					d->p, (const char *)f.data, f.len);
		return;
	}
	d->sparse = true;
	d->cache = xcalloc(STR_CACHE, sizeof(*d->cache));
}

/* Entry idx (< nstr) of a sparse table. */
static const char *string_at(struct decoder *d, uint64_t idx)
{
	size_t slot = idx % STR_CACHE;
	if (d->cache[slot].key == idx + 1)
		return d->cache[slot].s;
	size_t lo = 0, hi = d->ncp; /* the last checkpoint at or before idx */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->cp[mid].index <= idx)
			lo = mid;
		else
			hi = mid;
	}
	struct wire w = { d->data + d->cp[lo].offset, d->data + d->len };
	struct field f;
	uint64_t k = d->cp[lo].index;
	const char *s = "";
	/* the fields were all read once: they parse */
	while (next_field(&w, &f) == 0) {
		if (f.num != F_STRING_TABLE)
			continue;
		if (k++ == idx) {
			s = profile_intern(d->p, (const char *)f.data, f.len);
			break;
		}
	}
	d->cache[slot].key = idx + 1;
	d->cache[slot].s = s;
	return s;
}

static int decode(struct decoder *d, const uint8_t *data, size_t len)
{
	struct profile *p = d->p;
	struct top t;
	int ret = -1;

	memset(&t, 0, sizeof(t));
	if (scan_top(d, data, len, &t))
		goto out;
	strings_index(d, &t);
	const char *s0;
	if (d->nstr == 0 || (get_string(d, 0, &s0), *s0)) {
		error_set("string_table[0] must be ''");
		goto out;
	}
	if (decode_field(d, data, &t, F_SAMPLE_TYPE, decode_sample_type) ||
	    decode_field(d, data, &t, F_PERIOD_TYPE, decode_period_type))
		goto out;
	if (get_string(d, t.drop_frames, &p->drop_frames) ||
	    get_string(d, t.keep_frames, &p->keep_frames) ||
	    get_string(d, t.default_sample_type, &p->default_sample_type))
		goto out;
	for (size_t i = 0; i < t.ncomment; i++) {
		const char *c = NULL;
		if (get_string(d, t.comment[i], &c))
			goto out;
		profile_add_comment(p, c);
	}
	p->time_nanos = t.time_nanos;
	p->duration_nanos = t.duration_nanos;
	p->period = t.period;

	/* Sized by the counts of fields seen, but never more than sensible
	 * messages would fill the input with: a million empty samples cost
	 * 2 MB of input and would presize 40 MB (ids beyond the dense
	 * tables go to their maps). */
	id_table_init(&d->ids[KIND_MAPPING], cap_count(t.count[F_MAPPING], len, 8));
	id_table_init(&d->ids[KIND_FUNCTION], cap_count(t.count[F_FUNCTION], len, 8));
	id_table_init(&d->ids[KIND_LOCATION], cap_count(t.count[F_LOCATION], len, 8));
	ALLOC_GROW(p->sample, cap_count(t.count[F_SAMPLE], len, 64), p->sample_alloc);
	if (decode_field(d, data, &t, F_MAPPING, decode_mapping) ||
	    decode_field(d, data, &t, F_FUNCTION, decode_function) ||
	    decode_field(d, data, &t, F_LOCATION, decode_location) ||
	    decode_field(d, data, &t, F_SAMPLE, decode_sample))
		goto out;
	ret = 0;
out:
	free(t.comment);
	return ret;
}

struct profile *proto_decode(const uint8_t *data, size_t len, bool *invalid)
{
	struct decoder d;

	memset(&d, 0, sizeof(d));
	if (len == 0) {
		error_set("empty input file");
		return NULL;
	}
	arena_init(&d.tmp);
	d.alloc.alloc = arena_pb_alloc;
	d.alloc.free = arena_pb_free;
	d.alloc.allocator_data = &d.tmp;
	d.p = profile_new();
	d.data = data;
	d.len = len;
	if (decode(&d, data, len)) {
		profile_free(d.p);
		d.p = NULL;
	} else if (profile_check(d.p)) {
		d.invalid = true;
		profile_free(d.p);
		d.p = NULL;
	}
	if (invalid)
		*invalid = d.invalid;
	for (int i = 0; i < 3; i++)
		id_table_release(&d.ids[i]);
	free(d.str);
	free(d.cp);
	free(d.cache);
	free(d.sloc);
	free(d.sval);
	free(d.slab);
	free(d.sline);
	arena_release(&d.tmp);
	return d.p;
}
