/* perf_script: reads `perf script` text (see perf_script.h).
 *
 * Two passes over the lines: the first recognises the format and lists
 * the events (every sample needs all sample types in place), the second
 * builds the samples. A sample is a header line and the frame lines
 * (those starting with a tab) after it, up to a blank line or the next
 * header; with `-F ip,sym` there are no headers and blank lines alone
 * separate samples. Other indented lines (-F srcline, brstack...) are
 * skipped; any other line is an error. */
#include "lib/decode/perf_script.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/base/hashmap.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/model/profile.h"

struct span {
	const char *s;
	size_t n;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static struct span trim(struct span t)
{
	while (t.n && is_blank(t.s[0]))
		t.s++, t.n--;
	while (t.n && is_blank(t.s[t.n - 1]))
		t.n--;
	return t;
}

/* The next whitespace-separated token of *rest (n == 0 at the end). */
static struct span token(struct span *rest)
{
	while (rest->n && is_blank(rest->s[0]))
		rest->s++, rest->n--;
	struct span t = { rest->s, 0 };
	while (t.n < rest->n && !is_blank(rest->s[t.n]))
		t.n++;
	rest->s += t.n;
	rest->n -= t.n;
	return t;
}

/* A decimal number filling t, at most 20 digits (the caller bounds it). */
static bool digits(struct span t, uint64_t *v)
{
	if (!t.n || t.n > 19)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (t.s[i] < '0' || t.s[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(t.s[i] - '0');
	}
	*v = x;
	return true;
}

struct header {
	struct span comm, event, rest;
	bool has_pid, has_time, has_period;
	uint64_t pid, tid, time, period;
};

/* "comm [pid/]tid [[cpu]] [secs.frac:] [period] [event:] [rest]" */
static bool parse_header(struct span line, struct header *h)
{
	memset(h, 0, sizeof(*h));
	struct span rest = line, t = token(&rest);
	if (!t.n)
		return false;
	h->comm.s = t.s;
	/* the comm may hold spaces: it runs up to the first number */
	for (;;) {
		h->comm.n = (size_t)(t.s + t.n - h->comm.s);
		t = token(&rest);
		if (!t.n)
			return false;
		const char *slash = memchr(t.s, '/', t.n);
		if (slash) {
			struct span a = { t.s, (size_t)(slash - t.s) };
			struct span b = { slash + 1, t.n - a.n - 1 };
			if (digits(a, &h->pid) && digits(b, &h->tid)) {
				h->has_pid = true;
				break;
			}
		} else if (digits(t, &h->tid)) {
			break;
		}
	}
	struct span before = rest;
	t = token(&rest);
	if (t.n >= 3 && t.s[0] == '[' && t.s[t.n - 1] == ']') {
		before = rest;
		t = token(&rest);
	}
	const char *dot = t.n ? memchr(t.s, '.', t.n) : NULL;
	uint64_t secs, frac;
	if (dot && t.s[t.n - 1] == ':') {
		struct span a = { t.s, (size_t)(dot - t.s) };
		struct span b = { dot + 1, t.n - a.n - 2 };
		if (digits(a, &secs) && b.n <= 9 && digits(b, &frac) &&
		    secs < UINT64_MAX / 1000000000) {
			for (size_t i = b.n; i < 9; i++)
				frac *= 10;
			h->time = secs * 1000000000 + frac;
			h->has_time = true;
			before = rest;
			t = token(&rest);
		}
	}
	if (digits(t, &h->period)) {
		h->has_period = true;
		before = rest;
		t = token(&rest);
	}
	if (t.n >= 2 && t.s[t.n - 1] == ':') {
		h->event = (struct span){ t.s, t.n - 1 };
		before = rest;
	}
	h->rest = trim(before);
	return true;
}

/* "ADDR [SYM[+0xOFF]] [(DSO)]" */
static bool parse_frame(struct span text, uint64_t *addr, struct span *sym,
			struct span *dso)
{
	struct span rest = trim(text), t = token(&rest);
	if (!t.n || t.n > 16)
		return false;
	uint64_t a = 0;
	for (size_t i = 0; i < t.n; i++) {
		char c = t.s[i];
		int d = c >= '0' && c <= '9' ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return false;
		a = a << 4 | (uint64_t)d;
	}
	*addr = a;
	rest = trim(rest);
	*dso = (struct span){ "", 0 };
	if (rest.n && rest.s[rest.n - 1] == ')') {
		for (size_t i = rest.n - 1; i-- > 0;) {
			if (rest.s[i] == '(' && (i == 0 || is_blank(rest.s[i - 1]))) {
				*dso = (struct span){ rest.s + i + 1, rest.n - i - 2 };
				rest.n = i;
				break;
			}
		}
	}
	rest = trim(rest);
	/* drop "+0x1c" */
	for (size_t i = rest.n; i-- > 0;) {
		char c = rest.s[i];
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == 'x')
			continue;
		if (c == '+' && i + 2 < rest.n && rest.s[i + 1] == '0' &&
		    rest.s[i + 2] == 'x')
			rest.n = i;
		break;
	}
	*sym = rest;
	return true;
}

static bool is_frame_line(struct span line)
{
	uint64_t a;
	struct span s, d;
	return line.n && line.s[0] == '\t' && parse_frame(line, &a, &s, &d);
}

struct key_ent {
	const void *key[3];
	uint64_t addr;
	void *val;
};

static bool key_eq(const void *item, const void *key)
{
	const struct key_ent *a = item, *b = key;
	return a->key[0] == b->key[0] && a->key[1] == b->key[1] &&
	       a->key[2] == b->key[2] && a->addr == b->addr;
}

static uint64_t key_hash(const struct key_ent *k)
{
	uint64_t h = hash_u64(k->addr);
	for (int i = 0; i < 3; i++)
		h = hash_combine(h, (uintptr_t)k->key[i]);
	return h;
}

struct pending {
	uint64_t addr;
	const char *fn;  /* interned; NULL for [unknown] */
	const char *dso; /* interned; NULL for "(inlined)" */
	bool inlined;
};

struct reader {
	struct profile *p;
	const char **events; /* interned, in order of appearance */
	size_t nevent, event_alloc;
	struct hashmap map; /* mappings, functions and locations */
	struct pending *pend; /* the frame lines of the sample being read */
	size_t npend, pend_alloc;
	struct strbuf chain;
	struct profile_location **frames;
	size_t nframe, frame_alloc;
	uint64_t first_time, last_time;
	bool any_time;
};

/* The map's value for (a, b, c, addr), or NULL. */
static void *lookup(struct reader *r, const void *a, const void *b,
		    const void *c, uint64_t addr, struct key_ent **slot)
{
	struct key_ent k = { { a, b, c }, addr, NULL };
	uint64_t h = key_hash(&k);
	struct key_ent *e = hashmap_get(&r->map, h, &k, key_eq);
	if (e)
		return e->val;
	e = arena_alloc(&r->p->arena, sizeof(*e));
	*e = k;
	hashmap_add(&r->map, h, e);
	*slot = e;
	return NULL;
}

static size_t event_index(struct reader *r, const char *ev, bool add)
{
	for (size_t i = 0; i < r->nevent; i++)
		if (r->events[i] == ev)
			return i;
	if (!add)
		return 0;
	ALLOC_GROW(r->events, r->nevent + 1, r->event_alloc);
	r->events[r->nevent++] = ev;
	return r->nevent - 1;
}

/* One frame line of the sample being read. */
static void add_frame(struct reader *r, struct span line)
{
	uint64_t addr;
	struct span sym, dso;
	if (!parse_frame(line, &addr, &sym, &dso))
		return;
	struct profile *p = r->p;
	if (dso.n == 9 && !memcmp(dso.s, "[unknown]", 9))
		dso.n = 0;
	ALLOC_GROW(r->pend, r->npend + 1, r->pend_alloc);
	struct pending *f = &r->pend[r->npend++];
	f->addr = addr;
	f->inlined = dso.n == 7 && !memcmp(dso.s, "inlined", 7);
	f->dso = f->inlined ? NULL : profile_intern(p, dso.s, dso.n);
	f->fn = NULL;
	if (sym.n && !(sym.n == 9 && !memcmp(sym.s, "[unknown]", 9)))
		f->fn = profile_intern(p, sym.s, sym.n);
}

static struct profile_function *function_named(struct reader *r,
					       const char *fn)
{
	struct key_ent *slot = NULL;
	struct profile_function *f = lookup(r, "function", fn, NULL, 0, &slot);
	if (!f) {
		f = profile_add_function(r->p);
		f->id = r->p->nfunction;
		f->name = f->system_name = fn;
		slot->val = f;
	}
	return f;
}

/* The location of pending frames [i, j): one address, its "(inlined)"
 * frames (perf prints them innermost first, before the frame of the
 * function they are inlined into) and that frame. */
static struct profile_location *run_location(struct reader *r, size_t i,
					     size_t j)
{
	struct profile *p = r->p;
	const char *dso = "";
	size_t nfn = 0;
	strbuf_reset(&r->chain);
	for (size_t k = i; k < j; k++) {
		if (r->pend[k].dso && !*dso)
			dso = r->pend[k].dso;
		if (r->pend[k].fn) {
			strbuf_adds(&r->chain, r->pend[k].fn);
			strbuf_addch(&r->chain, '\n');
			nfn++;
		}
	}
	const char *file = profile_interns(p, dso);
	struct key_ent *slot = NULL;
	struct profile_mapping *m = lookup(r, "mapping", file, NULL, 0, &slot);
	if (!m) {
		m = profile_add_mapping(p);
		m->file = file;
		m->has_functions = true; /* perf named the frames */
		slot->val = m;
	}
	const char *chain = profile_intern(p, r->chain.buf, r->chain.len);
	struct profile_location *l =
		lookup(r, "location", m, chain, r->pend[i].addr, &slot);
	if (l)
		return l;
	l = profile_add_location(p, nfn);
	l->id = p->nlocation;
	l->mapping = m;
	l->address = r->pend[i].addr;
	size_t n = 0;
	for (size_t k = i; k < j; k++)
		if (r->pend[k].fn)
			l->line[n++].function = function_named(r, r->pend[k].fn);
	slot->val = l;
	return l;
}

/* Pending frames to locations in r->frames. */
static void resolve_frames(struct reader *r)
{
	r->nframe = 0;
	for (size_t i = 0; i < r->npend;) {
		size_t j = i + 1;
		while (r->pend[j - 1].inlined && j < r->npend &&
		       r->pend[j].addr == r->pend[i].addr)
			j++;
		ALLOC_GROW(r->frames, r->nframe + 1, r->frame_alloc);
		r->frames[r->nframe++] = run_location(r, i, j);
		i = j;
	}
	r->npend = 0;
}

static const char *number(struct reader *r, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return profile_interns(r->p, buf);
}

/* The sample of header h (NULL: none printed) and the frames read. */
static void emit(struct reader *r, const struct header *h)
{
	resolve_frames(r);
	if (!r->nframe)
		return;
	struct profile *p = r->p;
	size_t nlabel = h ? 2 + h->has_pid : 0;
	struct profile_sample *s = profile_add_sample(p, r->nframe, nlabel);
	memcpy(s->location, r->frames, r->nframe * sizeof(*s->location));
	/* Until the end, a mapping's limit counts the samples in which it
	 * is named after the thread's comm (which perf cuts to 15 bytes),
	 * its id those whose outermost frame it holds: the main binary is
	 * the most counted (the addresses of perf script text have no
	 * ranges to keep). */
	struct profile_mapping *root = r->frames[r->nframe - 1]->mapping;
	if (root->file[0] && root->file[0] != '[')
		root->id++;
	for (size_t i = 0; h && i < r->nframe; i++) {
		struct profile_mapping *m = r->frames[i]->mapping;
		const char *base = strrchr(m->file, '/');
		base = base ? base + 1 : m->file;
		if (h->comm.n && !strncmp(base, h->comm.s, h->comm.n)) {
			m->limit++;
			break;
		}
	}
	r->nframe = 0;
	size_t ev = 0;
	if (h && h->event.n)
		ev = event_index(r, profile_intern(p, h->event.s, h->event.n),
				 false);
	if (!r->nevent) {
		s->value[0] = 1;
	} else {
		s->value[2 * ev] = 1;
		s->value[2 * ev + 1] = h && h->has_period ? (int64_t)h->period : 1;
	}
	if (!h)
		return;
	const char *unit = profile_interns(p, "");
	size_t k = 0;
	s->label[k++] = (struct profile_label){ profile_interns(p, "comm"),
		profile_intern(p, h->comm.s, h->comm.n), 0, unit };
	if (h->has_pid)
		s->label[k++] = (struct profile_label){
			profile_interns(p, "pid"), number(r, h->pid), 0, unit };
	s->label[k++] = (struct profile_label){ profile_interns(p, "tid"),
		number(r, h->tid), 0, unit };
	if (h->has_time) {
		if (!r->any_time || h->time < r->first_time)
			r->first_time = h->time;
		if (!r->any_time || h->time > r->last_time)
			r->last_time = h->time;
		r->any_time = true;
	}
}

/* Lines of the input, without their "\n". */
struct lines {
	const char *p, *end;
	size_t lineno;
};

static bool next_line(struct lines *it, struct span *line)
{
	if (it->p >= it->end)
		return false;
	const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	line->s = it->p;
	line->n = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
	it->p = nl ? nl + 1 : it->end;
	it->lineno++;
	return true;
}

static bool recognise(const uint8_t *data, size_t len)
{
	struct span line, first = { NULL, 0 };
	struct lines it = { (const char *)data, (const char *)data + len, 0 };
	while (next_line(&it, &line)) {
		if (!trim(line).n)
			continue;
		if (!first.s) {
			if (is_frame_line(line))
				return true;
			struct header h;
			if (line.s[0] == '\t' || !parse_header(line, &h))
				return false;
			if (h.has_time || h.event.n)
				return true;
			first = line;
			continue;
		}
		return is_frame_line(line);
	}
	return false;
}

int perf_script_parse(const uint8_t *data, size_t len, struct profile **out)
{
	if (memchr(data, '\0', len < 4096 ? len : 4096) || !recognise(data, len))
		return PERF_SCRIPT_UNRECOGNIZED;
	struct reader r = { .p = profile_new(), .chain = STRBUF_INIT };
	struct span line;
	struct header h, cur;
	bool have = false;
	struct lines it = { (const char *)data, (const char *)data + len, 0 };
	hashmap_init(&r.map, 1024);

	/* pass 1: the events, and every line checked */
	while (next_line(&it, &line)) {
		if (!trim(line).n || line.s[0] == '\t')
			continue;
		if (!parse_header(line, &h)) {
			if (is_blank(line.s[0]))
				continue; /* -F srcline and the like */
			error_set("perf script: line %zu: not a sample header "
				  "(\"comm [pid/]tid ... event:\")", it.lineno);
			goto fail;
		}
		if (h.event.n)
			event_index(&r, profile_intern(r.p, h.event.s, h.event.n),
				    true);
	}
	if (!r.nevent)
		profile_add_sample_type(r.p, "samples", "count");
	struct strbuf name = STRBUF_INIT;
	for (size_t i = 0; i < r.nevent; i++) {
		const char *ev = r.events[i];
		strbuf_reset(&name);
		strbuf_adds(&name, ev);
		strbuf_adds(&name, "_samples");
		profile_add_sample_type(r.p, name.buf, "count");
		bool ns = !strcmp(ev, "cpu-clock") || !strcmp(ev, "task-clock");
		profile_add_sample_type(r.p, ev, ns ? "nanoseconds" : "count");
	}
	strbuf_release(&name);
	if (r.nevent) {
		r.p->default_sample_type = r.p->sample_type[1].type;
		r.p->period_type = r.p->sample_type[1];
		r.p->has_period_type = true;
	}

	/* pass 2: the samples */
	it = (struct lines){ (const char *)data, (const char *)data + len, 0 };
	while (next_line(&it, &line)) {
		if (!trim(line).n) {
			emit(&r, have ? &cur : NULL);
			have = false;
			continue;
		}
		if (line.s[0] == '\t') {
			add_frame(&r, line);
			continue;
		}
		if (!parse_header(line, &h))
			continue;
		emit(&r, have ? &cur : NULL);
		cur = h;
		have = true;
		if (h.rest.n)
			add_frame(&r, h.rest); /* no call graph: IP SYM (DSO) */
	}
	emit(&r, have ? &cur : NULL);

	size_t best = 0;
	for (size_t i = 1; i < r.p->nmapping; i++) {
		const struct profile_mapping *m = r.p->mapping[i],
					     *b = r.p->mapping[best];
		if (m->limit > b->limit || (m->limit == b->limit && m->id > b->id))
			best = i;
	}
	if (best) { /* pprof takes the first mapping for the main binary */
		struct profile_mapping *m = r.p->mapping[best];
		memmove(r.p->mapping + 1, r.p->mapping, best * sizeof(*r.p->mapping));
		r.p->mapping[0] = m;
	}
	for (size_t i = 0; i < r.p->nmapping; i++) {
		r.p->mapping[i]->id = i + 1;
		r.p->mapping[i]->limit = 0;
	}
	if (r.any_time)
		r.p->duration_nanos = (int64_t)(r.last_time - r.first_time);
	*out = r.p;
	r.p = NULL;
	hashmap_release(&r.map);
	free(r.events);
	free(r.frames);
	free(r.pend);
	strbuf_release(&r.chain);
	return PERF_SCRIPT_OK;
fail:
	hashmap_release(&r.map);
	free(r.events);
	free(r.frames);
	free(r.pend);
	strbuf_release(&r.chain);
	profile_free(r.p);
	return PERF_SCRIPT_ERROR;
}
