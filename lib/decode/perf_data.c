/* perf_data: reads Linux perf.data (see perf_data.h).
 *
 * Two passes. The first walks the records in file order: it takes the
 * metadata (attributes, feature sections, build ids, event names, which
 * pipe mode interleaves with the events) and queues every kernel record
 * with its timestamp. The queue is then sorted by time, as perf's
 * ordered-events machinery does (per-CPU buffers reach the file out of
 * order, so a sample may precede the mmap it needs), and replayed:
 * MMAP/MMAP2/COMM/FORK maintain each process's memory map and each
 * thread's name, SAMPLE records become profile samples.
 *
 * Every length read from the file is checked against the bytes that hold
 * it before use, so a lying size is an error, never a read past the end
 * or an allocation bigger than the input. */
#include "lib/decode/perf_data.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "lib/base/error.h"
#include "lib/base/hashmap.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/model/profile.h"

const char *perf_data_kallsyms_path = "/proc/kallsyms";
const struct perf_data_unwinder *perf_data_unwinder;
const char *perf_data_jit_dir = "/tmp";

/* perf_event_attr.sample_type bits */
enum {
	S_IP = 1u << 0, S_TID = 1u << 1, S_TIME = 1u << 2, S_ADDR = 1u << 3,
	S_READ = 1u << 4, S_CALLCHAIN = 1u << 5, S_ID = 1u << 6,
	S_CPU = 1u << 7, S_PERIOD = 1u << 8, S_STREAM_ID = 1u << 9,
	S_RAW = 1u << 10, S_BRANCH_STACK = 1u << 11, S_REGS_USER = 1u << 12,
	S_STACK_USER = 1u << 13, S_IDENTIFIER = 1u << 16,
};
#define BRANCH_HW_INDEX (1u << 17)
/* read_format bits */
enum { R_ENABLED = 1, R_RUNNING = 2, R_ID = 4, R_GROUP = 8, R_LOST = 16 };
/* record types: the kernel's, then perf's own */
enum {
	REC_MMAP = 1, REC_COMM = 3, REC_EXIT = 4, REC_FORK = 7,
	REC_SAMPLE = 9, REC_MMAP2 = 10,
	REC_HEADER_ATTR = 64, REC_TRACING_DATA = 66, REC_BUILD_ID = 67,
	REC_AUXTRACE = 71, REC_EVENT_UPDATE = 78, REC_HEADER_FEATURE = 80,
	REC_COMPRESSED = 81,
};
/* header feature bits */
enum {
	FEAT_BUILD_ID = 2, FEAT_HOSTNAME = 3, FEAT_OSRELEASE = 4,
	FEAT_VERSION = 5, FEAT_ARCH = 6, FEAT_CMDLINE = 11,
	FEAT_EVENT_DESC = 12,
};
#define MISC_CPUMODE_MASK 7u
#define MISC_KERNEL 1u
#define MISC_GUEST_KERNEL 4u
#define MISC_MMAP_DATA (1u << 13)
#define MISC_COMM_EXEC (1u << 13)
#define MISC_MMAP_BUILD_ID (1u << 14)
#define MISC_BUILD_ID_SIZE (1u << 15)
/* callchain context markers: (u64)-32 ... (u64)-4095 */
#define CONTEXT_MAX ((uint64_t)-4095)
#define CONTEXT_KERNEL ((uint64_t)-128)
#define CONTEXT_GUEST_KERNEL ((uint64_t)-2176)

#define ATTR_SIZE_VER0 64
#define HEADER_SIZE 104
#define PIPE_HEADER_SIZE 16
#define MAX_ATTRS 4096
#define MAX_UNWOUND 256 /* user frames of a DWARF call graph sample */

static const uint8_t magic[8] = { 'P', 'E', 'R', 'F', 'I', 'L', 'E', '2' };
static const uint8_t magic_swapped[8] = { '2', 'E', 'L', 'I', 'F', 'R', 'E', 'P' };

static inline uint64_t le64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint32_t le32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* A bounded reader over part of the input. */
struct cur {
	const uint8_t *p, *end;
};

static bool skip(struct cur *c, uint64_t n)
{
	if (n > (uint64_t)(c->end - c->p))
		return false;
	c->p += n;
	return true;
}

static bool get64(struct cur *c, uint64_t *v)
{
	if (c->end - c->p < 8)
		return false;
	*v = le64(c->p);
	c->p += 8;
	return true;
}

static bool get32(struct cur *c, uint32_t *v)
{
	if (c->end - c->p < 4)
		return false;
	*v = le32(c->p);
	c->p += 4;
	return true;
}

struct attr {
	uint32_t type;
	uint64_t config, period, sample_type, read_format;
	uint64_t branch_sample_type, regs_user;
	bool freq, sample_id_all;
	const char *name; /* interned; NULL until known */
};

/* An executable mapping of one process (or of the kernel). */
struct vma {
	uint64_t start, end, pgoff;
	const char *file;     /* interned */
	const char *build_id; /* interned hex, "" if unknown */
	struct profile_mapping *m; /* made on first use */
};

struct vmas {
	struct vma *v;
	size_t n, alloc;
};

/* A symbol of a JIT's perf-PID.map. */
struct jitsym {
	uint64_t start, end;
	const char *name; /* interned */
};

struct proc {
	uint32_t pid;
	struct vmas maps; /* the first is the executable (exec maps it first) */
	size_t samples;
	uint64_t gen; /* changes with maps */
	bool jit_tried;
	struct jitsym *jit; /* by start */
	size_t njit;
};

struct thread {
	uint32_t tid;
	const char *comm; /* interned */
};

/* A record waiting for its turn. */
struct queued {
	uint64_t time;
	size_t off; /* of the record header, also the tie-break */
};

struct ksym {
	uint64_t addr;
	const char *name; /* interned */
	size_t line;      /* in kallsyms: the last alias of an address wins */
};

struct loc_key {
	const struct profile_mapping *m;
	uint64_t addr;
	const char *fn; /* kernel symbol name, or NULL */
};

struct loc_ent {
	struct loc_key k;
	struct profile_location *loc;
};

struct map_ent {
	uint64_t start, end, pgoff;
	const char *file;
	struct profile_mapping *m;
};

struct named {
	const char *key; /* interned */
	const char *val; /* interned */
};

struct fn_ent {
	const char *name;
	struct profile_function *f;
};

struct reader {
	const uint8_t *data;
	size_t len;
	struct profile *p;

	struct attr *attrs;
	size_t nattr, attr_alloc;
	struct hashmap ids; /* sample id -> struct id_ent */

	struct queued *q;
	size_t nq, q_alloc;

	struct hashmap procs, threads;
	struct proc **proc_list;
	size_t nproc, proc_alloc;
	struct vmas kernel;
	struct hashmap maps, locs, fns, build_ids;

	const char *hostname, *osrelease, *arch, *version, *cmdline;

	bool ksyms_tried;
	struct ksym *ksyms;
	size_t nksym;

	struct profile_location **frames;
	size_t frames_alloc;

	void *unwind_state; /* from perf_data_unwinder->begin */
	uint64_t gen;       /* last struct proc gen handed out */
	struct perf_data_map *umaps;
	size_t umaps_alloc;
	uint64_t *pcs, *uregs;
	size_t uregs_alloc;
	uint64_t first_time, last_time;
	bool any_time;
};

struct id_ent {
	uint64_t id;
	size_t attr;
};

static bool id_eq(const void *item, const void *key)
{
	return ((const struct id_ent *)item)->id == *(const uint64_t *)key;
}

static bool proc_eq(const void *item, const void *key)
{
	return ((const struct proc *)item)->pid == *(const uint32_t *)key;
}

static bool thread_eq(const void *item, const void *key)
{
	return ((const struct thread *)item)->tid == *(const uint32_t *)key;
}

static bool named_eq(const void *item, const void *key)
{
	return ((const struct named *)item)->key == key;
}

static bool fn_eq(const void *item, const void *key)
{
	return ((const struct fn_ent *)item)->name == key;
}

static bool loc_eq(const void *item, const void *key)
{
	const struct loc_key *a = &((const struct loc_ent *)item)->k, *b = key;
	return a->m == b->m && a->addr == b->addr && a->fn == b->fn;
}

static uint64_t loc_hash(const struct loc_key *k)
{
	return hash_combine(hash_combine(hash_u64((uintptr_t)k->m), k->addr),
			    (uintptr_t)k->fn);
}

static bool map_eq(const void *item, const void *key)
{
	const struct map_ent *a = item, *b = key;
	return a->start == b->start && a->end == b->end &&
	       a->pgoff == b->pgoff && a->file == b->file;
}

/* A NUL-terminated string within [s, s+max): its length, or max. */
static size_t bounded_len(const uint8_t *s, size_t max)
{
	const uint8_t *z = memchr(s, 0, max);
	return z ? (size_t)(z - s) : max;
}

static const char *intern_bounded(struct reader *r, const uint8_t *s,
				  size_t max)
{
	return profile_intern(r->p, (const char *)s, bounded_len(s, max));
}

/* ---- attributes and event names ---- */

static int add_attr(struct reader *r, const uint8_t *a, size_t size)
{
	if (size < ATTR_SIZE_VER0)
		return error_set("event attribute of %zu bytes, want at least %d",
				 size, ATTR_SIZE_VER0);
	if (r->nattr >= MAX_ATTRS)
		return error_set("more than %d events", MAX_ATTRS);
	ALLOC_GROW(r->attrs, r->nattr + 1, r->attr_alloc);
	struct attr *at = &r->attrs[r->nattr++];
	memset(at, 0, sizeof(*at));
	at->type = le32(a);
	at->config = le64(a + 8);
	at->period = le64(a + 16);
	at->sample_type = le64(a + 24);
	at->read_format = le64(a + 32);
	uint64_t flags = le64(a + 40);
	at->freq = flags >> 10 & 1;
	at->sample_id_all = flags >> 18 & 1;
	if (size >= 80)
		at->branch_sample_type = le64(a + 72);
	if (size >= 88)
		at->regs_user = le64(a + 80);
	return 0;
}

static void add_id(struct reader *r, uint64_t id, size_t attr)
{
	uint64_t h = hash_u64(id);
	if (hashmap_get(&r->ids, h, &id, id_eq))
		return;
	struct id_ent *e = arena_alloc(&r->p->arena, sizeof(*e));
	e->id = id;
	e->attr = attr;
	hashmap_add(&r->ids, h, e);
}

static const char *default_event_name(struct reader *r, const struct attr *a)
{
	static const char *const hw[] = {
		"cycles", "instructions", "cache-references", "cache-misses",
		"branch-instructions", "branch-misses", "bus-cycles",
		"stalled-cycles-frontend", "stalled-cycles-backend", "ref-cycles",
	};
	static const char *const sw[] = {
		"cpu-clock", "task-clock", "page-faults", "context-switches",
		"cpu-migrations", "minor-faults", "major-faults",
		"alignment-faults", "emulation-faults", "dummy", "bpf-output",
		"cgroup-switches",
	};
	char buf[64];
	if (a->type == 0 && a->config < sizeof(hw) / sizeof(hw[0]))
		return profile_interns(r->p, hw[a->config]);
	if (a->type == 1 && a->config < sizeof(sw) / sizeof(sw[0]))
		return profile_interns(r->p, sw[a->config]);
	if (a->type == 4)
		snprintf(buf, sizeof(buf), "r%" PRIx64, a->config);
	else
		snprintf(buf, sizeof(buf), "event-%" PRIu32 "-0x%" PRIx64,
			 a->type, a->config);
	return profile_interns(r->p, buf);
}

/* ---- feature sections ---- */

/* perf_header_string: u32 len, then len bytes (NUL-padded). */
static bool feat_string(struct reader *r, struct cur *c, const char **out)
{
	uint32_t n;
	const uint8_t *s = c->p + 4;
	if (!get32(c, &n) || !skip(c, n))
		return false;
	*out = intern_bounded(r, s, n);
	return true;
}

static void add_build_id(struct reader *r, const char *file, const char *hex)
{
	uint64_t h = hash_u64((uintptr_t)file);
	struct named *e = hashmap_get(&r->build_ids, h, file, named_eq);
	if (e) {
		e->val = hex;
		return;
	}
	e = arena_alloc(&r->p->arena, sizeof(*e));
	e->key = file;
	e->val = hex;
	hashmap_add(&r->build_ids, h, e);
}

static const char *hex_id(struct reader *r, const uint8_t *id, size_t n)
{
	char buf[2 * 20 + 1];
	static const char digits[] = "0123456789abcdef";
	if (n > 20)
		n = 20;
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = digits[id[i] >> 4];
		buf[2 * i + 1] = digits[id[i] & 15];
	}
	return profile_intern(r->p, buf, 2 * n);
}

/* One build_id_event: header, pid, 24 bytes of id, file name. */
static int build_id_event(struct reader *r, const uint8_t *e, size_t size)
{
	if (size < 8 + 4 + 24)
		return error_set("build id record of %zu bytes", size);
	uint16_t misc = le16(e + 4);
	size_t n = 20;
	if (misc & MISC_BUILD_ID_SIZE) {
		n = e[12 + 20];
		if (n > 20)
			return error_set("build id of %zu bytes", n);
	}
	const char *hex = hex_id(r, e + 12, n);
	const char *file = intern_bounded(r, e + 36, size - 36);
	if (*file && n)
		add_build_id(r, file, hex);
	return 0;
}

static int feat_build_ids(struct reader *r, struct cur c)
{
	while (c.p < c.end) {
		if (c.end - c.p < 8)
			return error_set("build id section: truncated record");
		size_t size = le16(c.p + 6);
		if (size < 8 || size > (size_t)(c.end - c.p))
			return error_set("build id section: record of %zu bytes "
					 "with %zu left", size,
					 (size_t)(c.end - c.p));
		if (build_id_event(r, c.p, size))
			return -1;
		c.p += size;
	}
	return 0;
}

static int feat_event_desc(struct reader *r, struct cur c)
{
	uint32_t nr, attr_size;
	if (!get32(&c, &nr) || !get32(&c, &attr_size))
		return error_set("event description: truncated");
	for (uint32_t i = 0; i < nr; i++) {
		uint32_t nids;
		const char *name;
		if (!skip(&c, attr_size) || !get32(&c, &nids) ||
		    !feat_string(r, &c, &name))
			return error_set("event description %" PRIu32
					 ": truncated", i);
		if (nids > (uint64_t)(c.end - c.p) / 8)
			return error_set("event description %" PRIu32 ": %"
					 PRIu32 " ids in %zu bytes", i, nids,
					 (size_t)(c.end - c.p));
		size_t attr = i;
		for (uint32_t k = 0; k < nids; k++) {
			uint64_t id = le64(c.p + 8 * (size_t)k);
			struct id_ent *e = hashmap_get(&r->ids, hash_u64(id),
						       &id, id_eq);
			if (e) {
				attr = e->attr;
				break;
			}
		}
		c.p += 8 * (size_t)nids;
		if (attr < r->nattr && *name)
			r->attrs[attr].name = name;
	}
	return 0;
}

static int feature(struct reader *r, unsigned feat, struct cur c)
{
	const char **str = NULL;
	switch (feat) {
	case FEAT_BUILD_ID:
		return feat_build_ids(r, c);
	case FEAT_EVENT_DESC:
		return feat_event_desc(r, c);
	case FEAT_HOSTNAME: str = &r->hostname; break;
	case FEAT_OSRELEASE: str = &r->osrelease; break;
	case FEAT_VERSION: str = &r->version; break;
	case FEAT_ARCH: str = &r->arch; break;
	case FEAT_CMDLINE: {
		uint32_t nr;
		if (!get32(&c, &nr))
			return error_set("command line section: truncated");
		struct strbuf sb = STRBUF_INIT;
		for (uint32_t i = 0; i < nr; i++) {
			const char *arg;
			if (!feat_string(r, &c, &arg)) {
				strbuf_release(&sb);
				return error_set("command line section: truncated");
			}
			if (sb.len)
				strbuf_addch(&sb, ' ');
			strbuf_adds(&sb, arg);
		}
		r->cmdline = profile_intern(r->p, sb.buf, sb.len);
		strbuf_release(&sb);
		return 0;
	}
	default:
		return 0;
	}
	if (!feat_string(r, &c, str))
		return error_set("feature section %u: truncated string", feat);
	return 0;
}

/* ---- the first pass: metadata, and the queue of kernel records ---- */

/* The attribute a sample or (with sample_id_all) another record belongs
 * to; NULL when its id is unknown. */
static const struct attr *sample_attr(struct reader *r, const uint8_t *body,
				      size_t n)
{
	if (r->nattr == 1)
		return &r->attrs[0];
	uint64_t st = r->attrs[0].sample_type, id;
	size_t pos;
	if (st & S_IDENTIFIER) {
		pos = 0;
	} else if (st & S_ID) {
		pos = 8 * (size_t)__builtin_popcountll(st & (S_IP | S_TID |
							  S_TIME | S_ADDR));
	} else {
		return &r->attrs[0];
	}
	if (pos + 8 > n)
		return NULL;
	id = le64(body + pos);
	struct id_ent *e = hashmap_get(&r->ids, hash_u64(id), &id, id_eq);
	return e ? &r->attrs[e->attr] : NULL;
}

/* The time in a non-sample record's sample_id trailer, or 0. */
static uint64_t trailer_time(const struct reader *r, const uint8_t *rec,
			     size_t size)
{
	if (!r->nattr || !r->attrs[0].sample_id_all)
		return 0;
	uint64_t st = r->attrs[0].sample_type;
	if (!(st & S_TIME))
		return 0;
	size_t after = 8 * (size_t)(1 + __builtin_popcountll(
		st & (S_ID | S_STREAM_ID | S_CPU | S_IDENTIFIER)));
	if (size < 8 + after)
		return 0;
	return le64(rec + size - after);
}

/* The fields of a sample record this reader uses. */
struct sample {
	const struct attr *attr;
	uint64_t ip, time, period;
	uint32_t pid, tid;
	bool has_tid;
	const uint8_t *chain; /* nchain little-endian u64s, or NULL */
	uint64_t nchain;
	uint64_t abi, nregs; /* user registers, nregs LE u64s */
	const uint8_t *regs;
	const uint8_t *stack; /* the user stack copy, stack_len bytes */
	uint64_t stack_len;
};

static int parse_sample(struct reader *r, const uint8_t *rec, size_t size,
			struct sample *s)
{
	struct cur c = { rec + 8, rec + size };
	memset(s, 0, sizeof(*s));
	s->attr = sample_attr(r, c.p, size - 8);
	if (!s->attr)
		return 1; /* an event we have no attribute for: skipped */
	uint64_t st = s->attr->sample_type, v;
	bool ok = true;
	if (st & S_IDENTIFIER)
		ok = ok && skip(&c, 8);
	if (st & S_IP)
		ok = ok && get64(&c, &s->ip);
	if (st & S_TID) {
		ok = ok && get32(&c, &s->pid) && get32(&c, &s->tid);
		s->has_tid = true;
	}
	if (st & S_TIME)
		ok = ok && get64(&c, &s->time);
	if (st & S_ADDR)
		ok = ok && skip(&c, 8);
	if (st & S_ID)
		ok = ok && skip(&c, 8);
	if (st & S_STREAM_ID)
		ok = ok && skip(&c, 8);
	if (st & S_CPU)
		ok = ok && skip(&c, 8);
	s->period = s->attr->freq ? 1 : s->attr->period;
	if (st & S_PERIOD)
		ok = ok && get64(&c, &s->period);
	if (ok && (st & S_READ)) {
		uint64_t rf = s->attr->read_format;
		uint64_t per = 1 + (uint64_t)__builtin_popcountll(rf & (R_ID | R_LOST));
		if (rf & R_GROUP) {
			ok = get64(&c, &v) && v <= (uint64_t)(c.end - c.p) / 8 &&
			     skip(&c, 8 * (uint64_t)__builtin_popcountll(
					      rf & (R_ENABLED | R_RUNNING))) &&
			     v <= (uint64_t)(c.end - c.p) / 8 / per &&
			     skip(&c, 8 * per * v);
		} else {
			ok = skip(&c, 8 * (per + (uint64_t)__builtin_popcountll(
					       rf & (R_ENABLED | R_RUNNING))));
		}
	}
	if (ok && (st & S_CALLCHAIN)) {
		ok = get64(&c, &s->nchain);
		if (ok && s->nchain > (uint64_t)(c.end - c.p) / 8)
			return error_set("sample at offset %zu: callchain of %"
					 PRIu64 " entries in %zu bytes",
					 (size_t)(rec - r->data), s->nchain,
					 (size_t)(c.end - c.p));
		s->chain = c.p;
		ok = skip(&c, 8 * s->nchain);
	}
	/* what DWARF call graphs need: the user registers and stack */
	if (ok && (st & S_RAW)) {
		uint32_t n;
		ok = get32(&c, &n) && skip(&c, n);
	}
	if (ok && (st & S_BRANCH_STACK)) {
		ok = get64(&c, &v);
		if (ok && (s->attr->branch_sample_type & BRANCH_HW_INDEX))
			ok = skip(&c, 8);
		ok = ok && v <= (uint64_t)(c.end - c.p) / 24 && skip(&c, 24 * v);
	}
	if (ok && (st & S_REGS_USER)) {
		ok = get64(&c, &s->abi);
		if (ok && s->abi) {
			s->nregs = (uint64_t)__builtin_popcountll(s->attr->regs_user);
			s->regs = c.p;
			ok = skip(&c, 8 * s->nregs);
		}
	}
	if (ok && (st & S_STACK_USER)) {
		uint64_t size, dyn = 0;
		ok = get64(&c, &size);
		if (ok && size) {
			s->stack = c.p;
			ok = skip(&c, size) && get64(&c, &dyn);
			s->stack_len = dyn < size ? dyn : size;
		}
	}
	if (!ok)
		return error_set("sample at offset %zu: record of %zu bytes "
				 "too short for its fields",
				 (size_t)(rec - r->data), size);
	return 0;
}

static void enqueue(struct reader *r, uint64_t time, size_t off)
{
	ALLOC_GROW(r->q, r->nq + 1, r->q_alloc);
	r->q[r->nq].time = time;
	r->q[r->nq].off = off;
	r->nq++;
}

/* One record of the first pass; *extra is set to the bytes of payload
 * that follow it outside its size (pipe mode's tracing data, AUX). */
static int first_pass_record(struct reader *r, size_t off, uint64_t *extra)
{
	const uint8_t *rec = r->data + off;
	uint32_t type = le32(rec);
	size_t size = le16(rec + 6);
	*extra = 0;
	switch (type) {
	case REC_SAMPLE: {
		struct sample s;
		if (!r->nattr)
			return error_set("sample at offset %zu before any event "
					 "attribute", off);
		int rc = parse_sample(r, rec, size, &s);
		if (rc < 0)
			return -1;
		if (rc == 0)
			enqueue(r, s.time, off);
		return 0;
	}
	case REC_MMAP:
	case REC_MMAP2:
	case REC_COMM:
	case REC_FORK:
		enqueue(r, trailer_time(r, rec, size), off);
		return 0;
	case REC_HEADER_ATTR: {
		if (size < 8 + ATTR_SIZE_VER0)
			return error_set("attribute record at offset %zu: %zu "
					 "bytes", off, size);
		uint32_t asize = le32(rec + 8 + 4);
		if (asize == 0)
			asize = ATTR_SIZE_VER0;
		if (asize > size - 8 || asize < ATTR_SIZE_VER0)
			return error_set("attribute record at offset %zu: "
					 "attribute of %" PRIu32 " bytes in %zu",
					 off, asize, size - 8);
		if (add_attr(r, rec + 8, asize))
			return -1;
		for (size_t i = 8 + asize; i + 8 <= size; i += 8)
			add_id(r, le64(rec + i), r->nattr - 1);
		return 0;
	}
	case REC_BUILD_ID:
		return build_id_event(r, rec, size);
	case REC_EVENT_UPDATE: {
		/* u64 type (0 unit, 1 scale, 2 name, 3 cpus), u64 id, then
		 * for a name the name */
		if (size < 24 || le64(rec + 8) != 2)
			return 0;
		uint64_t id = le64(rec + 16);
		struct id_ent *e = hashmap_get(&r->ids, hash_u64(id), &id, id_eq);
		const char *name = intern_bounded(r, rec + 24, size - 24);
		if (e && *name)
			r->attrs[e->attr].name = name;
		return 0;
	}
	case REC_HEADER_FEATURE: {
		if (size < 16)
			return 0;
		uint64_t feat = le64(rec + 8);
		struct cur c = { rec + 16, rec + size };
		if (feat < 256 && feature(r, (unsigned)feat, c))
			return error_prefix("feature record at offset %zu", off);
		return 0;
	}
	case REC_TRACING_DATA:
		/* u32 size; the data follows the record, 8-byte aligned */
		if (size < 12)
			return error_set("tracing data record at offset %zu: "
					 "%zu bytes", off, size);
		*extra = ((uint64_t)le32(rec + 8) + 7) & ~(uint64_t)7;
		return 0;
	case REC_AUXTRACE:
		/* u64 size; the trace follows the record */
		if (size < 16)
			return error_set("aux trace record at offset %zu: %zu "
					 "bytes", off, size);
		*extra = le64(rec + 8);
		return 0;
	case REC_COMPRESSED:
		return error_set("compressed records (perf record -z) are not "
				 "supported; rewrite with perf inject");
	default:
		if (type == 0 || type >= 128)
			return error_set("record at offset %zu: unknown type %"
					 PRIu32, off, type);
		return 0; /* LOST, THROTTLE, perf's bookkeeping... */
	}
}

static int walk_records(struct reader *r, size_t start, size_t end)
{
	size_t off = start;
	while (off < end) {
		if (end - off < 8)
			return error_set("record at offset %zu: truncated header",
					 off);
		size_t size = le16(r->data + off + 6);
		if (size < 8)
			return error_set("record at offset %zu: size %zu", off,
					 size);
		if (size > end - off)
			return error_set("record at offset %zu: size %zu runs "
					 "past the end of the data (%zu bytes "
					 "left)", off, size, end - off);
		uint64_t extra;
		if (first_pass_record(r, off, &extra))
			return -1;
		off += size;
		if (extra > end - off)
			return error_set("record at offset %zu: payload of %"
					 PRIu64 " bytes runs past the end", off - size,
					 extra);
		off += (size_t)extra;
	}
	return 0;
}

/* File mode: header, attributes, features, then the data section. */
static int read_file_mode(struct reader *r)
{
	const uint8_t *d = r->data;
	if (r->len < HEADER_SIZE)
		return error_set("file header truncated (%zu bytes)", r->len);
	uint64_t hsize = le64(d + 8), attr_size = le64(d + 16);
	uint64_t attrs_off = le64(d + 24), attrs_size = le64(d + 32);
	uint64_t data_off = le64(d + 40), data_size = le64(d + 48);
	if (hsize < HEADER_SIZE || hsize > r->len)
		return error_set("file header size %" PRIu64 " (file of %zu "
				 "bytes)", hsize, r->len);
	if (attrs_off > r->len || attrs_size > r->len - attrs_off)
		return error_set("attribute section [%" PRIu64 ", +%" PRIu64
				 ") outside the file", attrs_off, attrs_size);
	if (data_off > r->len || data_size > r->len - data_off)
		return error_set("data section [%" PRIu64 ", +%" PRIu64
				 ") outside the file (%zu bytes; truncated?)",
				 data_off, data_size, r->len);
	if (attr_size < ATTR_SIZE_VER0 + 16 || attr_size > 65536)
		return error_set("attribute size %" PRIu64, attr_size);
	if (attrs_size % attr_size)
		return error_set("attribute section of %" PRIu64 " bytes is "
				 "not a multiple of %" PRIu64, attrs_size,
				 attr_size);
	size_t nattr = (size_t)(attrs_size / attr_size);
	if (nattr == 0)
		return error_set("no events");
	for (size_t i = 0; i < nattr; i++) {
		const uint8_t *a = d + attrs_off + i * attr_size;
		if (add_attr(r, a, (size_t)attr_size - 16))
			return -1;
		uint64_t ids_off = le64(a + attr_size - 16);
		uint64_t ids_size = le64(a + attr_size - 8);
		if (ids_off > r->len || ids_size > r->len - ids_off)
			return error_set("ids of event %zu outside the file", i);
		for (uint64_t k = 0; k + 8 <= ids_size; k += 8)
			add_id(r, le64(d + ids_off + k), i);
	}

	/* The feature table follows the data: one section per set bit. */
	uint64_t ft = data_off + data_size;
	size_t nfeat = 0;
	for (unsigned bit = 0; bit < 256; bit++) {
		if (!(d[72 + bit / 8] >> (bit % 8) & 1))
			continue;
		if (ft + 16 * (nfeat + 1) > r->len) {
			/* perf reads what it can of a file cut short */
			break;
		}
		const uint8_t *sec = d + ft + 16 * nfeat++;
		uint64_t off = le64(sec), size = le64(sec + 8);
		if (off > r->len || size > r->len - off)
			return error_set("feature section %u [%" PRIu64 ", +%"
					 PRIu64 ") outside the file", bit, off,
					 size);
		struct cur c = { d + off, d + off + size };
		if (feature(r, bit, c))
			return -1;
	}
	return walk_records(r, (size_t)data_off, (size_t)(data_off + data_size));
}

/* ---- kernel symbols ---- */

static int cmp_ksym(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* The kallsyms value of name, or 0. */
static uint64_t ksym_value(const struct reader *r, const char *name)
{
	for (size_t i = 0; i < r->nksym; i++)
		if (!strcmp(r->ksyms[i].name, name))
			return r->ksyms[i].addr;
	return 0;
}

/* Loads /proc/kallsyms when it belongs to the recorded kernel: the
 * release the file names, and the kernel map's relocation symbol at the
 * address the recording saw. Anything else (a file without its OS
 * release too) leaves the kernel frames unnamed. */
static void load_kallsyms(struct reader *r)
{
	r->ksyms_tried = true;
	if (!perf_data_kallsyms_path)
		return;
	struct utsname u;
	if (!r->osrelease || uname(&u) || strcmp(u.release, r->osrelease))
		return;
	FILE *f = fopen(perf_data_kallsyms_path, "r");
	if (!f)
		return;
	char line[1024];
	size_t alloc = 0;
	bool nonzero = false;
	while (fgets(line, sizeof(line), f)) {
		char *end;
		uint64_t addr = strtoull(line, &end, 16);
		if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
			continue;
		char type = end[1];
		if (!strchr("tTwW", type))
			continue;
		char *name = end + 3;
		size_t n = strcspn(name, "\t\n");
		ALLOC_GROW(r->ksyms, r->nksym + 1, alloc);
		struct ksym *k = &r->ksyms[r->nksym++];
		k->addr = addr;
		k->name = profile_intern(r->p, name, n);
		k->line = r->nksym;
		nonzero |= addr != 0;
	}
	fclose(f);
	if (!nonzero) { /* kptr_restrict hides the addresses */
		free(r->ksyms);
		r->ksyms = NULL;
		r->nksym = 0;
		return;
	}
	/* "[kernel.kallsyms]_text" maps at the address of _text */
	for (size_t i = 0; i < r->kernel.n; i++) {
		const char *fname = r->kernel.v[i].file;
		const char *rs = "[kernel.kallsyms]";
		if (strncmp(fname, rs, strlen(rs)) || !fname[strlen(rs)])
			continue;
		uint64_t want = r->kernel.v[i].pgoff;
		if (ksym_value(r, fname + strlen(rs)) != want) {
			free(r->ksyms);
			r->ksyms = NULL;
			r->nksym = 0;
			return;
		}
	}
	qsort(r->ksyms, r->nksym, sizeof(*r->ksyms), cmp_ksym);
	/* Of the names of one address keep the last, as perf does (its
	 * size fix-up leaves only the last alias a nonzero size, and
	 * nonzero size is its first preference). */
	size_t n = 0;
	for (size_t i = 0; i < r->nksym; i++) {
		if (n && r->ksyms[n - 1].addr == r->ksyms[i].addr)
			n--;
		r->ksyms[n++] = r->ksyms[i];
	}
	r->nksym = n;
}

static const char *kernel_symbol(struct reader *r, uint64_t addr)
{
	if (!r->ksyms_tried)
		load_kallsyms(r);
	size_t lo = 0, hi = r->nksym;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->ksyms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? r->ksyms[lo - 1].name : NULL;
}

/* ---- the replay ---- */

static struct proc *get_proc(struct reader *r, uint32_t pid, bool create)
{
	uint64_t h = hash_u64(pid);
	struct proc *pr = hashmap_get(&r->procs, h, &pid, proc_eq);
	if (pr || !create)
		return pr;
	pr = xcalloc(1, sizeof(*pr));
	pr->pid = pid;
	hashmap_add(&r->procs, h, pr);
	ALLOC_GROW(r->proc_list, r->nproc + 1, r->proc_alloc);
	r->proc_list[r->nproc++] = pr;
	return pr;
}

static struct thread *get_thread(struct reader *r, uint32_t tid, bool create)
{
	uint64_t h = hash_u64(tid);
	struct thread *t = hashmap_get(&r->threads, h, &tid, thread_eq);
	if (t || !create)
		return t;
	t = arena_zalloc(&r->p->arena, sizeof(*t));
	t->tid = tid;
	hashmap_add(&r->threads, h, t);
	return t;
}

static void add_vma(struct vmas *vs, const struct vma *v)
{
	ALLOC_GROW(vs->v, vs->n + 1, vs->alloc);
	vs->v[vs->n++] = *v;
}

/* The newest mapping holding addr. */
static struct vma *find_vma(struct vmas *vs, uint64_t addr)
{
	for (size_t i = vs->n; i-- > 0;)
		if (addr >= vs->v[i].start && addr < vs->v[i].end)
			return &vs->v[i];
	return NULL;
}

static void mmap_record(struct reader *r, const uint8_t *rec, size_t size,
			bool v2)
{
	size_t name_at = v2 ? 72 : 40;
	uint16_t misc = le16(rec + 4);
	if (size < name_at || (misc & MISC_MMAP_DATA))
		return;
	struct vma v = { 0 };
	uint32_t pid = le32(rec + 8);
	v.start = le64(rec + 16);
	uint64_t len = le64(rec + 24);
	v.pgoff = le64(rec + 32);
	if (!len || v.start + len < v.start)
		return;
	v.end = v.start + len;
	v.file = intern_bounded(r, rec + name_at, size - name_at);
	v.build_id = profile_interns(r->p, "");
	if (v2 && (misc & MISC_MMAP_BUILD_ID) && rec[40] <= 20)
		v.build_id = hex_id(r, rec + 44, rec[40]);
	unsigned mode = misc & MISC_CPUMODE_MASK;
	if (pid == UINT32_MAX || mode == MISC_KERNEL || mode == MISC_GUEST_KERNEL)
		add_vma(&r->kernel, &v);
	else {
		struct proc *pr = get_proc(r, pid, true);
		add_vma(&pr->maps, &v);
		pr->gen = ++r->gen;
	}
}

static void comm_record(struct reader *r, const uint8_t *rec, size_t size)
{
	if (size < 16)
		return;
	uint32_t pid = le32(rec + 8), tid = le32(rec + 12);
	get_thread(r, tid, true)->comm = intern_bounded(r, rec + 16, size - 16);
	/* exec replaces the process image: its old mappings are gone */
	if ((le16(rec + 4) & MISC_COMM_EXEC) && pid == tid) {
		struct proc *pr = get_proc(r, pid, false);
		if (pr) {
			pr->maps.n = 0;
			pr->gen = ++r->gen;
		}
	}
}

static void fork_record(struct reader *r, const uint8_t *rec, size_t size)
{
	if (size < 24)
		return;
	uint32_t pid = le32(rec + 8), ppid = le32(rec + 12);
	uint32_t tid = le32(rec + 16), ptid = le32(rec + 20);
	struct thread *parent = get_thread(r, ptid, false);
	if (parent && parent->comm)
		get_thread(r, tid, true)->comm = parent->comm;
	if (pid == ppid)
		return; /* a new thread shares its process's mappings */
	struct proc *pp = get_proc(r, ppid, false);
	struct proc *child = get_proc(r, pid, true);
	child->maps.n = 0;
	for (size_t i = 0; pp && i < pp->maps.n; i++)
		add_vma(&child->maps, &pp->maps.v[i]);
	child->gen = ++r->gen;
}

static struct profile_mapping *vma_mapping(struct reader *r, struct vma *v,
					   bool kernel)
{
	if (v->m)
		return v->m;
	struct map_ent key = { v->start, v->end, v->pgoff, v->file, NULL };
	uint64_t h = hash_combine(hash_combine(hash_u64(v->start), v->end),
				  hash_combine(v->pgoff, (uintptr_t)v->file));
	struct map_ent *e = hashmap_get(&r->maps, h, &key, map_eq);
	if (!e) {
		e = arena_alloc(&r->p->arena, sizeof(*e));
		*e = key;
		e->m = profile_add_mapping(r->p);
		e->m->start = v->start;
		e->m->limit = v->end;
		e->m->offset = v->pgoff;
		e->m->file = v->file;
		e->m->build_id = v->build_id;
		if (kernel) {
			/* named here, from kallsyms */
			e->m->file = profile_interns(r->p, "[kernel.kallsyms]");
			e->m->has_functions = true;
		}
		hashmap_add(&r->maps, h, e);
	}
	if (!*e->m->build_id && *v->build_id)
		e->m->build_id = v->build_id;
	v->m = e->m;
	return v->m;
}

static struct profile_function *function_named(struct reader *r,
					       const char *name)
{
	uint64_t h = hash_u64((uintptr_t)name);
	struct fn_ent *e = hashmap_get(&r->fns, h, name, fn_eq);
	if (e)
		return e->f;
	e = arena_alloc(&r->p->arena, sizeof(*e));
	e->name = name;
	e->f = profile_add_function(r->p);
	e->f->id = r->p->nfunction;
	e->f->name = e->f->system_name = name;
	hashmap_add(&r->fns, h, e);
	return e->f;
}

static struct profile_location *location(struct reader *r,
					 struct profile_mapping *m,
					 uint64_t addr, const char *fn)
{
	struct loc_key k = { m, addr, fn };
	uint64_t h = loc_hash(&k);
	struct loc_ent *e = hashmap_get(&r->locs, h, &k, loc_eq);
	if (e)
		return e->loc;
	e = arena_alloc(&r->p->arena, sizeof(*e));
	e->k = k;
	e->loc = profile_add_location(r->p, fn ? 1 : 0);
	e->loc->id = r->p->nlocation;
	e->loc->mapping = m;
	e->loc->address = addr;
	if (fn)
		e->loc->line[0].function = function_named(r, fn);
	hashmap_add(&r->locs, h, e);
	return e->loc;
}

static int cmp_jitsym(const void *a, const void *b)
{
	const struct jitsym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* /tmp/perf-PID.map, read once per process. */
static void load_jit_map(struct reader *r, struct proc *pr)
{
	pr->jit_tried = true;
	if (!perf_data_jit_dir)
		return;
	char path[4096];
	snprintf(path, sizeof(path), "%s/perf-%" PRIu32 ".map",
		 perf_data_jit_dir, pr->pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[4096];
	size_t alloc = 0;
	while (fgets(line, sizeof(line), f)) {
		char *end, *end2;
		uint64_t start = strtoull(line, &end, 16);
		uint64_t size = strtoull(end, &end2, 16);
		if (end == line || end2 == end || *end2 != ' ' || !size ||
		    start + size < start)
			continue;
		char *name = end2 + 1;
		size_t n = strcspn(name, "\r\n");
		ALLOC_GROW(pr->jit, pr->njit + 1, alloc);
		pr->jit[pr->njit++] = (struct jitsym){
			start, start + size, profile_intern(r->p, name, n) };
	}
	fclose(f);
	if (pr->njit)
		qsort(pr->jit, pr->njit, sizeof(*pr->jit), cmp_jitsym);
}

static const char *jit_symbol(struct reader *r, struct proc *pr,
			      uint64_t addr)
{
	if (!pr->jit_tried)
		load_jit_map(r, pr);
	size_t lo = 0, hi = pr->njit;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pr->jit[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the nearest start at or below; JITs may list overlapping code */
	for (size_t i = lo; i-- > 0;)
		if (addr < pr->jit[i].end)
			return pr->jit[i].name;
		else if (lo - i > 16)
			break;
	return NULL;
}

/* Memory a JIT may have written code into. */
static bool anonymous(const struct vma *v)
{
	return !v || !strcmp(v->file, "//anon") || !strncmp(v->file, "[anon", 5) ||
	       !strncmp(v->file, "/memfd:", 7) || !v->file[0];
}

static struct profile_location *frame(struct reader *r, struct proc *pr,
				      uint64_t addr, bool kernel)
{
	if (kernel) {
		struct vma *v = find_vma(&r->kernel, addr);
		struct profile_mapping *m = v ? vma_mapping(r, v, true) : NULL;
		const char *fn = kernel_symbol(r, addr);
		if (!fn)
			fn = profile_interns(r->p, "[kernel.kallsyms]");
		return location(r, m, addr, fn);
	}
	struct vma *v = pr ? find_vma(&pr->maps, addr) : NULL;
	const char *jit = pr && anonymous(v) ? jit_symbol(r, pr, addr) : NULL;
	if (jit) /* named here: no mapping for symbolize/ to look into */
		return location(r, NULL, addr, jit);
	return location(r, v ? vma_mapping(r, v, false) : NULL, addr, NULL);
}

/* The user frames of a DWARF call graph sample, through the installed
 * unwinder, into r->pcs; 0 when there is nothing to unwind. */
static size_t unwind(struct reader *r, const struct sample *s,
		     const struct proc *pr)
{
	if (!r->unwind_state || !pr || !s->stack || !s->stack_len || !s->abi ||
	    !s->nregs)
		return 0;
	ALLOC_GROW(r->umaps, pr->maps.n + 1, r->umaps_alloc);
	for (size_t i = 0; i < pr->maps.n; i++) {
		const struct vma *v = &pr->maps.v[i];
		r->umaps[i] = (struct perf_data_map){ v->start, v->end,
						      v->pgoff, v->file };
	}
	ALLOC_GROW(r->uregs, (size_t)s->nregs, r->uregs_alloc);
	for (uint64_t i = 0; i < s->nregs; i++)
		r->uregs[i] = le64(s->regs + 8 * i);
	struct perf_data_stack st = {
		.pid = s->pid, .tid = s->tid,
		.maps = r->umaps, .nmaps = pr->maps.n, .maps_gen = pr->gen,
		.abi = s->abi, .regs_mask = s->attr->regs_user,
		.regs = r->uregs, .nregs = (size_t)s->nregs,
		.stack = s->stack, .stack_len = (size_t)s->stack_len,
		.arch = r->arch,
	};
	if (!r->pcs)
		r->pcs = xmalloc(MAX_UNWOUND * sizeof(*r->pcs));
	return perf_data_unwinder->unwind(r->unwind_state, &st, r->pcs,
					  MAX_UNWOUND);
}

static const char *u32_label(struct reader *r, uint32_t v)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%" PRIu32, v);
	return profile_interns(r->p, buf);
}

static void sample_record(struct reader *r, const uint8_t *rec, size_t size)
{
	struct sample s;
	if (parse_sample(r, rec, size, &s))
		return; /* checked in the first pass */
	struct proc *pr = s.has_tid ? get_proc(r, s.pid, false) : NULL;
	size_t n = 0;
	if (pr)
		pr->samples++;
	uint64_t nmax = (s.chain ? s.nchain : 1) + MAX_UNWOUND;
	ALLOC_GROW(r->frames, (size_t)nmax + 1, r->frames_alloc);
	unsigned mode = le16(rec + 4) & MISC_CPUMODE_MASK;
	bool kernel = mode == MISC_KERNEL || mode == MISC_GUEST_KERNEL;
	size_t nuser = unwind(r, &s, pr);
	if (nuser) {
		/* the kernel's part of the chain, then the unwound user part */
		bool in_kernel = kernel, first = true;
		for (uint64_t i = 0; s.chain && i < s.nchain; i++) {
			uint64_t a = le64(s.chain + 8 * i);
			if (a >= CONTEXT_MAX) {
				in_kernel = a == CONTEXT_KERNEL ||
					    a == CONTEXT_GUEST_KERNEL;
				first = true;
				continue;
			}
			if (!in_kernel)
				continue;
			if (!first && a)
				a--;
			first = false;
			r->frames[n++] = frame(r, pr, a, true);
		}
		for (size_t i = 0; i < nuser; i++) {
			uint64_t a = r->pcs[i];
			r->frames[n++] = frame(r, pr, i && a ? a - 1 : a, false);
		}
	} else if (!s.chain) {
		r->frames[n++] = frame(r, pr, s.ip, kernel);
	} else {
		bool first = true; /* of its context: the interrupted IP */
		for (uint64_t i = 0; i < s.nchain; i++) {
			uint64_t a = le64(s.chain + 8 * i);
			if (a >= CONTEXT_MAX) {
				kernel = a == CONTEXT_KERNEL ||
					 a == CONTEXT_GUEST_KERNEL;
				first = true;
				continue;
			}
			/* callers: the return address, moved back onto the
			 * call instruction */
			if (!first && a)
				a--;
			first = false;
			r->frames[n++] = frame(r, pr, a, kernel);
		}
		if (!n)
			r->frames[n++] = frame(r, pr, s.ip, kernel);
	}
	size_t ai = (size_t)(s.attr - r->attrs);
	struct thread *t = s.has_tid ? get_thread(r, s.tid, false) : NULL;
	size_t nlabel = s.has_tid ? 2 + (t && t->comm) : 0;
	struct profile_sample *ps = profile_add_sample(r->p, n, nlabel);
	memcpy(ps->location, r->frames, n * sizeof(*ps->location));
	ps->value[2 * ai] = 1;
	ps->value[2 * ai + 1] = (int64_t)s.period;
	if (s.has_tid) {
		const char *str = profile_interns(r->p, "");
		ps->label[0] = (struct profile_label){ profile_interns(r->p, "pid"),
						      u32_label(r, s.pid), 0, str };
		ps->label[1] = (struct profile_label){ profile_interns(r->p, "tid"),
						      u32_label(r, s.tid), 0, str };
		if (nlabel == 3)
			ps->label[2] = (struct profile_label){
				profile_interns(r->p, "comm"), t->comm, 0, str };
	}
	if (s.attr->sample_type & S_TIME) {
		if (!r->any_time || s.time < r->first_time)
			r->first_time = s.time;
		if (!r->any_time || s.time > r->last_time)
			r->last_time = s.time;
		r->any_time = true;
	}
	/* Until finish() numbers them, a user mapping's id counts the
	 * samples whose outermost frame it holds. */
	for (size_t i = n; i-- > 0;)
		if (r->frames[i]->mapping && !r->frames[i]->nline) {
			r->frames[i]->mapping->id++;
			break;
		}
}

static int cmp_queued(const void *a, const void *b)
{
	const struct queued *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

static void replay(struct reader *r)
{
	if (r->nq)
		qsort(r->q, r->nq, sizeof(*r->q), cmp_queued);
	for (size_t i = 0; i < r->nq; i++) {
		const uint8_t *rec = r->data + r->q[i].off;
		size_t size = le16(rec + 6);
		switch (le32(rec)) {
		case REC_MMAP: mmap_record(r, rec, size, false); break;
		case REC_MMAP2: mmap_record(r, rec, size, true); break;
		case REC_COMM: comm_record(r, rec, size); break;
		case REC_FORK: fork_record(r, rec, size); break;
		case REC_SAMPLE: sample_record(r, rec, size); break;
		}
	}
}

/* Sample types, period, comments, build ids from the build-id section,
 * and the main binary's mapping first, as pprof expects: the executable
 * of the process with the most samples, else the mapping that holds the
 * most samples' outermost frames. */
static void finish(struct reader *r)
{
	struct profile *p = r->p;
	for (size_t i = 0; i < p->nmapping; i++) {
		struct profile_mapping *m = p->mapping[i];
		const char *key = m->has_functions
			? profile_interns(p, "[kernel.kallsyms]") : m->file;
		struct named *e = hashmap_get(&r->build_ids,
					      hash_u64((uintptr_t)key), key,
					      named_eq);
		if (e && !*m->build_id)
			m->build_id = e->val;
	}
	size_t best = 0;
	for (size_t i = 1; i < p->nmapping; i++)
		if (p->mapping[i]->id > p->mapping[best]->id)
			best = i;
	/* better: the executable of the process with the most samples */
	struct proc *top = NULL;
	for (size_t i = 0; i < r->nproc; i++) {
		struct proc *pr = r->proc_list[i];
		if (pr->samples && (!top || pr->samples > top->samples ||
				    (pr->samples == top->samples &&
				     pr->pid < top->pid)))
			top = pr;
	}
	for (size_t i = 0; top && top->maps.n && i < p->nmapping; i++)
		if (p->mapping[i] == top->maps.v[0].m)
			best = i;
	if (best) {
		struct profile_mapping *m = p->mapping[best];
		memmove(p->mapping + 1, p->mapping, best * sizeof(*p->mapping));
		p->mapping[0] = m;
	}
	for (size_t i = 0; i < p->nmapping; i++)
		p->mapping[i]->id = i + 1;
	if (r->any_time)
		p->duration_nanos = (int64_t)(r->last_time - r->first_time);
	const struct attr *a = &r->attrs[0];
	p->period_type = p->sample_type[1];
	p->has_period_type = true;
	p->period = a->freq ? 0 : (int64_t)a->period;
	p->default_sample_type = p->sample_type[1].type;

	static const char *const labels[] = { "hostname", "os release", "arch",
					      "perf version", "cmdline" };
	const char *vals[] = { r->hostname, r->osrelease, r->arch, r->version,
			       r->cmdline };
	for (size_t i = 0; i < 5; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		size_t n = strlen(labels[i]) + strlen(vals[i]) + 3;
		char *c = xmalloc(n);
		snprintf(c, n, "%s: %s", labels[i], vals[i]);
		profile_add_comment(p, c);
		free(c);
	}
}

static void add_sample_types(struct reader *r)
{
	for (size_t i = 0; i < r->nattr; i++) {
		struct attr *a = &r->attrs[i];
		if (!a->name)
			a->name = default_event_name(r, a);
		size_t n = strlen(a->name) + sizeof("_samples");
		char *s = xmalloc(n);
		snprintf(s, n, "%s_samples", a->name);
		profile_add_sample_type(r->p, s, "count");
		free(s);
		bool ns = a->type == 1 && a->config <= 1;
		profile_add_sample_type(r->p, a->name,
					ns ? "nanoseconds" : "count");
	}
}

int perf_data_parse(const uint8_t *data, size_t len, struct profile **out)
{
	if (len < 8)
		return PERF_DATA_UNRECOGNIZED;
	if (!memcmp(data, magic_swapped, 8)) {
		error_set("perf.data: big-endian file (recorded on another "
			  "architecture): not supported");
		return PERF_DATA_ERROR;
	}
	if (memcmp(data, magic, 8))
		return PERF_DATA_UNRECOGNIZED;

	struct reader r = { .data = data, .len = len };
	int rc;
	r.p = profile_new();
	hashmap_init(&r.ids, 16);
	hashmap_init(&r.procs, 16);
	hashmap_init(&r.threads, 16);
	hashmap_init(&r.maps, 16);
	hashmap_init(&r.locs, 1024);
	hashmap_init(&r.fns, 256);
	hashmap_init(&r.build_ids, 16);

	/* pipe mode: the header is the magic and its own size, 16 */
	if (len >= 16 && le64(data + 8) == PIPE_HEADER_SIZE)
		rc = walk_records(&r, PIPE_HEADER_SIZE, len);
	else
		rc = read_file_mode(&r);
	if (!rc && !r.nattr)
		rc = error_set("no event attributes");
	if (rc) {
		error_prefix("perf.data");
		goto fail;
	}
	add_sample_types(&r);
	if (perf_data_unwinder)
		r.unwind_state = perf_data_unwinder->begin();
	replay(&r);
	if (r.unwind_state)
		perf_data_unwinder->end(r.unwind_state);
	finish(&r);
	*out = r.p;
	r.p = NULL;
fail:
	for (size_t i = 0; i < r.nproc; i++) {
		free(r.proc_list[i]->maps.v);
		free(r.proc_list[i]->jit);
		free(r.proc_list[i]);
	}
	free(r.proc_list);
	free(r.kernel.v);
	free(r.attrs);
	free(r.q);
	free(r.ksyms);
	free(r.frames);
	free(r.umaps);
	free(r.uregs);
	free(r.pcs);
	hashmap_release(&r.ids);
	hashmap_release(&r.procs);
	hashmap_release(&r.threads);
	hashmap_release(&r.maps);
	hashmap_release(&r.locs);
	hashmap_release(&r.fns);
	hashmap_release(&r.build_ids);
	profile_free(r.p);
	return rc ? PERF_DATA_ERROR : PERF_DATA_OK;
}
