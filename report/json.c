/* json: structured data for the web UI and the static flame graph (rows
 * of -top, the call-stack tree, -peek's neighbours), so that no front end
 * parses a text report. See json.h for the shapes. */
#include "report/json.h"

#include <errno.h>
#include <inttypes.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/base/hashmap.h"
#include "lib/base/strbuf.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"
#include "lib/gocompat/regex.h"
#include "lib/gocompat/units.h"
#include "lib/graph/graph.h"
#include "lib/model/profile.h"
#include "lib/transform/aggregate.h"
#include "report/disasm.h"
#include "report/graphbuild.h"
#include "report/sourcefile.h"
#include "report/report.h"

void json_string(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': strbuf_adds(out, "\\\""); break;
		case '\\': strbuf_adds(out, "\\\\"); break;
		case '\n': strbuf_adds(out, "\\n"); break;
		case '\t': strbuf_adds(out, "\\t"); break;
		case '<': case '>': case '&':
			strbuf_addf(out, "\\u%04x", c);
			break;
		default:
			if (c < 0x20)
				strbuf_addf(out, "\\u%04x", c);
			else
				strbuf_addch(out, (char)c);
		}
	}
	strbuf_addch(out, '"');
}

/* Text lines (each ending in '\n') as a JSON array of strings. */
static void lines_array(struct strbuf *out, const char *text)
{
	struct strbuf line = STRBUF_INIT;
	strbuf_addch(out, '[');
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		strbuf_reset(&line);
		strbuf_add(&line, p, n);
		if (p != text)
			strbuf_addch(out, ',');
		json_string(out, line.buf);
		p += n + (nl != NULL);
	}
	strbuf_addch(out, ']');
	strbuf_release(&line);
}

static void value_pair(const struct report *rpt, struct strbuf *out,
		       const char *key, int64_t v)
{
	struct strbuf s = STRBUF_INIT;
	report_format_value(rpt, &s, v);
	strbuf_addf(out, "\"%s\":%" PRId64 ",\"%sS\":", key, v, key);
	json_string(out, s.buf);
	strbuf_release(&s);
}

/* The fields every answer starts with: header lines, unit, total. */
static void head(struct report *rpt, const struct graph *g, int orig,
		 int dropped, struct strbuf *out)
{
	struct strbuf labels = STRBUF_INIT;
	if (g)
		report_labels(rpt, g, orig, dropped, 0, true, &labels);
	else
		report_profile_labels(rpt, &labels);
	strbuf_adds(out, "{\"labels\":");
	lines_array(out, labels.buf);
	strbuf_adds(out, ",\"type\":");
	json_string(out, rpt->opts.sample_type ? rpt->opts.sample_type : "");
	strbuf_adds(out, ",\"unit\":");
	json_string(out, rpt->opts.sample_unit ? rpt->opts.sample_unit : "");
	strbuf_adds(out, ",");
	value_pair(rpt, out, "total", rpt->total);
	strbuf_release(&labels);
}

void json_labels(struct report *rpt, struct strbuf *out)
{
	struct strbuf labels = STRBUF_INIT;
	report_profile_labels(rpt, &labels);
	strbuf_adds(out, "\"labels\":");
	lines_array(out, labels.buf);
	strbuf_release(&labels);
}

int json_top(struct report *rpt, struct strbuf *out)
{
	int orig, dn;
	struct graph *g = report_trimmed_graph(rpt, &orig, &dn, NULL);
	report_select_output_unit(rpt, g);
	head(rpt, g, orig, dn, out);
	strbuf_adds(out, ",\"rows\":[");
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = g->nodes[i];
		bool inl = false, noinl = false;
		for (size_t k = 0; k < n->in.nedge; k++) {
			if (n->in.edge[k]->is_inline)
				inl = true;
			else
				noinl = true;
		}
		strbuf_adds(out, i ? ",\n{\"name\":" : "\n{\"name\":");
		json_string(out, n->printable);
		strbuf_addf(out, ",\"inline\":%d,", inl ? (noinl ? 2 : 1) : 0);
		value_pair(rpt, out, "flat", graph_node_flat(n));
		strbuf_addch(out, ',');
		value_pair(rpt, out, "cum", graph_node_cum(n));
		strbuf_addch(out, '}');
	}
	strbuf_adds(out, "]}\n");
	graph_free(g);
	return 0;
}

static void edges_json(struct strbuf *out, const struct graph_edge_list *l,
		       bool incoming)
{
	struct graph_edge **es = graph_edges_sorted(l);
	strbuf_addch(out, '[');
	for (size_t i = 0; i < l->nedge; i++) {
		const struct graph_edge *e = es[i];
		strbuf_adds(out, i ? ",{\"name\":" : "{\"name\":");
		json_string(out, incoming ? e->src->printable : e->dest->printable);
		strbuf_addf(out, ",\"w\":%" PRId64 ",\"inline\":%d}",
			    graph_edge_weight(e), e->is_inline);
	}
	strbuf_addch(out, ']');
	free(es);
}

int json_peek(struct report *rpt, struct strbuf *out)
{
	int orig, dn;
	struct graph *g = report_trimmed_graph(rpt, &orig, &dn, NULL);
	report_select_output_unit(rpt, g);
	head(rpt, g, orig, dn, out);
	strbuf_adds(out, ",\"nodes\":[");
	size_t matched = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *n = g->nodes[i];
		if (rpt->opts.symbol && !regex_match(rpt->opts.symbol, n->printable))
			continue;
		strbuf_adds(out, matched++ ? ",\n{\"name\":" : "\n{\"name\":");
		json_string(out, n->printable);
		strbuf_addch(out, ',');
		value_pair(rpt, out, "flat", graph_node_flat(n));
		strbuf_addch(out, ',');
		value_pair(rpt, out, "cum", graph_node_cum(n));
		strbuf_adds(out, ",\"callers\":");
		edges_json(out, &n->in, true);
		strbuf_adds(out, ",\"callees\":");
		edges_json(out, &n->out, false);
		strbuf_addch(out, '}');
	}
	strbuf_adds(out, "]}\n");
	graph_free(g);
	return 0;
}

/* The flame graph tree. A node is a frame under its caller's node: one
 * per distinct (parent, frame name, inlined) triple. value/self are the
 * samples of the profile; base/base_self those of the base (samples
 * labelled pprof::base by -diff_base, or negative ones left by -base),
 * as positive numbers, so that a node's change is value - base.
 *
 * The tree is built one level at a time, with the samples still "alive"
 * walking down one frame per level; a child that weighs no more than
 * 1/resolution of the root is not grown further (its parent is marked
 * trunc, and the viewer asks for that subtree when it is zoomed into).
 * So the work follows the frames that can be seen, not every distinct
 * stack prefix: a million unique deep stacks stay cheap. */
struct fnode {
	const char *name, *file;
	size_t parent, child, next; /* indexes; 0 is the root, 0 = none */
	bool inl, trunc, kept;
	int64_t value, self, base, base_self;
};

struct ftree {
	struct fnode *n;
	size_t len, alloc;
	bool diff; /* some sample belongs to the base */
};

/* A frame of one location line: its display name and file. */
struct frame {
	const char *name, *file;
	bool inl;
};

/* A sample on its way through the tree: the node it reached and the next
 * frame it brings, as location j (leaf first, as in the sample) and
 * frame k of that location's frames (innermost first). */
struct cursor {
	int64_t v;
	size_t pos, lo, hi; /* at walk->flat[pos], the sample's [lo, hi) */
	uint32_t node;
	uint32_t child; /* this level's node */
	bool end; /* no frame left in this direction */
	bool base;
};

struct fkey {
	const struct ftree *t;
	size_t parent;
	const char *name;
	bool inl;
};

static bool fkey_eq(const void *item, const void *key)
{
	const struct fkey *k = key;
	const struct fnode *n = &k->t->n[(uintptr_t)item - 1];
	return n->parent == k->parent && n->name == k->name && n->inl == k->inl;
}

static size_t ftree_add(struct ftree *t, size_t parent, const struct frame *f)
{
	ALLOC_GROW(t->n, t->len + 1, t->alloc);
	struct fnode *n = &t->n[t->len];
	memset(n, 0, sizeof(*n));
	n->name = f->name;
	n->file = f->file;
	n->parent = parent;
	n->inl = f->inl;
	return t->len++;
}

static const char *frame_name(struct profile *p, const struct profile_location *l,
			      const struct profile_line *ln, struct strbuf *sb)
{
	const struct profile_function *fn = ln->function;
	const char *name = fn ? fn->name : "";
	const char *file = fn ? fn->filename : "";
	strbuf_reset(sb);
	if (*name)
		strbuf_adds(sb, name);
	else if (*file)
		strbuf_adds(sb, file);
	else if (l->address)
		strbuf_addf(sb, "0x%" PRIx64, l->address);
	else
		strbuf_adds(sb, "?");
	if (ln->line && *name) {
		const char *b = strrchr(file, '/');
		strbuf_addf(sb, " %s:%" PRId64, b ? b + 1 : file, ln->line);
	}
	return profile_interns(p, sb->buf);
}

/* Every location's frames, innermost first as in the profile (a location
 * without lines has one, named by its address); locations get their index
 * in p->location in ->scratch, and location i's frames are
 * [first[i], first[i + 1]) of the returned array. */
static struct frame *location_frames(struct profile *p, size_t **first)
{
	size_t total = 0;
	for (size_t i = 0; i < p->nlocation; i++)
		total += p->location[i]->nline ? p->location[i]->nline : 1;
	struct frame *f = xcalloc(total + 1, sizeof(*f));
	size_t *start = xcalloc(p->nlocation + 1, sizeof(*start));
	struct strbuf sb = STRBUF_INIT;
	size_t k = 0;
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *l = p->location[i];
		l->scratch = i;
		start[i] = k;
		if (!l->nline) {
			struct profile_line none = { 0 };
			f[k++] = (struct frame){ frame_name(p, l, &none, &sb), "",
						 false };
			continue;
		}
		for (size_t j = 0; j < l->nline; j++) {
			const struct profile_function *fn = l->line[j].function;
			f[k++] = (struct frame){
				frame_name(p, l, &l->line[j], &sb),
				fn ? fn->filename : "", j + 1 < l->nline };
		}
	}
	start[p->nlocation] = k;
	strbuf_release(&sb);
	*first = start;
	return f;
}

/* base_key: "pprof::base" as interned in the profile, or NULL. */
static bool is_base_sample(const struct profile_sample *s, const char *base_key)
{
	for (size_t k = 0; base_key && k < s->nlabel; k++)
		if (s->label[k].str && s->label[k].key == base_key)
			return true;
	return false;
}

/* What walking the frames needs: the frame table, and each sample's
 * frames (indexes into it) in the profile's order, leaf first, one after
 * another. Growing a level reads one index per cursor from an array that
 * the samples' order keeps nearly sequential, where going through each
 * sample's locations missed the cache three times a frame. */
struct walk {
	const struct frame *frames;
	uint32_t *flat;
	size_t nflat, alloc;
};

/* Appends sample s's frames to w->flat; first: location_frames'. */
static void flatten(struct walk *w, const struct profile_sample *s,
		    const size_t *first)
{
	for (size_t j = 0; j < s->nlocation; j++) {
		const struct profile_location *l = s->location[j];
		size_t a = first[l->scratch], b = first[l->scratch + 1];
		ALLOC_GROW(w->flat, w->nflat + (b - a), w->alloc);
		for (size_t k = a; k < b; k++)
			w->flat[w->nflat++] = (uint32_t)k;
	}
}

static const struct frame *cur_frame(const struct walk *w, const struct cursor *c)
{
	return c->end ? NULL : &w->frames[w->flat[c->pos]];
}

/* One frame towards the leaf (down) or towards the root (up). */
static void step(const struct walk *w, struct cursor *c, bool up)
{
	(void)w;
	if (up) {
		if (c->pos + 1 < c->hi)
			c->pos++;
		else
			c->end = true;
	} else if (c->pos > c->lo) {
		c->pos--;
	} else {
		c->end = true;
	}
}

static int64_t weight(const struct fnode *n)
{
	return n->value > n->base ? n->value : n->base;
}

/* A sample through n (self: ending at n, already counted through it). */
static void add_value(struct fnode *n, int64_t v, bool base, bool self)
{
	if (base && self)
		n->base_self = wrap_add(n->base_self, v);
	else if (base)
		n->base = wrap_add(n->base, v);
	else if (self)
		n->self = wrap_add(n->self, v);
	else
		n->value = wrap_add(n->value, v);
}

/* Grows t from its root (node 0, already holding the cursors' values)
 * with the cursors, level by level, up or down. */
static void grow(struct ftree *t, const struct walk *w, struct cursor *c,
		 size_t n, bool up, int resolution)
{
	int64_t min = resolution > 0 ? weight(&t->n[0]) / resolution : 0;
	struct hashmap map;
	t->n[0].kept = true;
	/* one map for every level: parents differ from level to level, and
	 * the nodes are far fewer than the samples */
	hashmap_init(&map, 1024);
	while (n) {
		for (size_t i = 0; i < n; i++) {
			const struct frame *f = cur_frame(w, &c[i]);
			if (!f) {
				add_value(&t->n[c[i].node], c[i].v, c[i].base, true);
				c[i].child = 0;
				continue;
			}
			struct fkey k = { t, c[i].node, f->name, f->inl };
			uint64_t h = hash_combine(hash_combine(hash_u64(c[i].node),
							       (uintptr_t)f->name), f->inl);
			void *hit = hashmap_get(&map, h, &k, fkey_eq);
			size_t at;
			if (hit) {
				at = (uintptr_t)hit - 1;
			} else {
				at = ftree_add(t, c[i].node, f);
				hashmap_add(&map, h, (void *)(uintptr_t)(at + 1));
			}
			add_value(&t->n[at], c[i].v, c[i].base, false);
			c[i].child = (uint32_t)at;
			step(w, &c[i], up);
		}
		size_t alive = 0;
		for (size_t i = 0; i < n; i++) {
			size_t at = c[i].child;
			if (!at)
				continue; /* ended at its node */
			if (min > 0 && weight(&t->n[at]) <= min) {
				/* too thin to see: its own frames are not grown,
				 * its value stays in the parent's */
				t->n[c[i].node].trunc = true;
				continue;
			}
			t->n[at].kept = true;
			c[i].node = (uint32_t)at;
			c[alive++] = c[i];
		}
		n = alive;
	}
	hashmap_release(&map);
}

/* path: the frames from the root to the subtree wanted, each '0' or '1'
 * (inlined) then the name, separated by '\x1f'. A cursor goes through
 * them; false when its stack is not on that path. */
static bool follow(const struct walk *w, struct cursor *c, const char *path)
{
	while (*path) {
		const char *end = strchr(path, '\x1f');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		const struct frame *f = cur_frame(w, c);
		if (!f || len < 1 || f->inl != (path[0] == '1') ||
		    strlen(f->name) != len - 1 || memcmp(f->name, path + 1, len - 1))
			return false;
		step(w, c, false);
		path += len + (end != NULL);
	}
	return true;
}

/* Builds the trees: the whole one (or the subtree at view->path), or the
 * callees (down) and callers (up) of pivot. */
static void build(struct report *rpt, const struct report_view *view,
		  const char *pivot, struct ftree *down, struct ftree *up,
		  int resolution)
{
	struct profile *p = rpt->prof;
	size_t *first;
	struct frame *frames = location_frames(p, &first);
	struct walk w = { frames, NULL, 0, 0 };
	size_t nloc = 0;
	for (size_t i = 0; i < p->nsample; i++)
		nloc += p->sample[i].nlocation;
	ALLOC_GROW(w.flat, nloc + 1, w.alloc); /* a frame a location, mostly */
	struct cursor *dc = xcalloc(p->nsample + 1, sizeof(*dc));
	struct cursor *uc = pivot ? xcalloc(p->nsample + 1, sizeof(*uc)) : NULL;
	size_t nd = 0, nu = 0;
	int si = rpt->opts.sample_index;
	const char *path = view && view->path && !pivot ? view->path : "";
	const char *base_key = profile_find(p, "pprof::base");

	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		int64_t v = s->value[si];
		if (rpt->opts.mean) {
			int64_t d = s->value[0];
			v = d ? wrap_div(v, d) : 0;
		}
		if (!v)
			continue;
		bool base = is_base_sample(s, base_key);
		if (v < 0) {
			/* -base leaves negative samples; -diff_base negates
			 * the base's. Either way: base, counted positive. */
			base = true;
			v = wrap_neg(v);
		} else if (base) {
			base = false; /* a base sample that grew: odd, kept */
		}
		struct cursor c = { .base = base, .v = v };
		c.lo = w.nflat;
		flatten(&w, s, first);
		c.hi = w.nflat;
		c.end = c.lo == c.hi;
		c.pos = c.end ? c.lo : c.hi - 1; /* the root */
		if (*path && !follow(&w, &c, path)) {
			w.nflat = c.lo;
			continue;
		}
		if (base)
			down->diff = true;
		if (pivot) {
			/* the outermost occurrence: recursion counts once */
			while (!c.end && cur_frame(&w, &c)->name != pivot)
				step(&w, &c, false);
			if (c.end)
				continue;
			uc[nu] = c;
			step(&w, &uc[nu], true);
			add_value(&up->n[0], v, base, false);
			nu++;
			step(&w, &c, false);
		}
		add_value(&down->n[0], v, base, false);
		dc[nd++] = c;
	}
	grow(down, &w, dc, nd, false, resolution);
	if (pivot)
		grow(up, &w, uc, nu, true, resolution);
	free(dc);
	free(uc);
	free(w.flat);
	free(frames);
	free(first);
}

static void ftree_init(struct ftree *t, const char *root_name)
{
	memset(t, 0, sizeof(*t));
	ALLOC_GROW(t->n, 1, t->alloc);
	memset(&t->n[0], 0, sizeof(t->n[0]));
	t->n[0].name = root_name;
	t->n[0].file = "";
	t->len = 1;
}

static void ftree_release(struct ftree *t)
{
	free(t->n);
}

/* A string table shared by the trees of one answer. */
struct strtab {
	struct hashmap map;
	const char **s;
	size_t n, alloc;
};

static bool ptr_eq(const void *item, const void *key)
{
	const struct strtab *t = ((const void *const *)key)[0];
	return t->s[(uintptr_t)item - 1] == ((const void *const *)key)[1];
}

static size_t strtab_id(struct strtab *t, const char *s)
{
	const void *key[2] = { t, s };
	uint64_t h = hash_u64((uintptr_t)s);
	void *hit = hashmap_get(&t->map, h, key, ptr_eq);
	if (hit)
		return (uintptr_t)hit - 1;
	ALLOC_GROW(t->s, t->n + 1, t->alloc);
	t->s[t->n] = s;
	hashmap_add(&t->map, h, (void *)(uintptr_t)(t->n + 1));
	return t->n++;
}

/* Children lists (creation order) of the kept nodes. */
static void link_children(struct ftree *t)
{
	size_t *last = xcalloc(t->len, sizeof(*last));
	for (size_t i = 1; i < t->len; i++) {
		if (!t->n[i].kept)
			continue;
		size_t p = t->n[i].parent;
		if (last[p])
			t->n[last[p]].next = i;
		else
			t->n[p].child = i;
		last[p] = i;
	}
	free(last);
}

/* Writes the kept tree as columns: parent (index in these columns, -1
 * for the root), name and file (string table indexes), value, self, and
 * when diff base and baseSelf; inline marks inlined frames, trunc the
 * nodes whose thin callees were left out. */
static void tree_json(struct ftree *t, struct strtab *st, struct strbuf *out)
{
	size_t *order = xcalloc(t->len, sizeof(*order));
	long *index = xcalloc(t->len, sizeof(*index));
	size_t n = 0;
	order[n++] = 0;
	/* breadth first, so parents come before their children */
	for (size_t i = 0; i < n; i++)
		for (size_t c = t->n[order[i]].child; c; c = t->n[c].next) {
			index[c] = (long)n;
			order[n++] = c;
		}
	static const char *const cols[] = { "parent", "name", "file", "value",
					    "self", "base", "baseSelf",
					    "inline", "trunc" };
	strbuf_adds(out, "{");
	for (size_t c = 0; c < 9; c++) {
		if (!t->diff && (c == 5 || c == 6))
			continue;
		strbuf_addf(out, "%s\"%s\":[", c ? "," : "", cols[c]);
		for (size_t i = 0; i < n; i++) {
			const struct fnode *nd = &t->n[order[i]];
			if (i)
				strbuf_addch(out, ',');
			switch (c) {
			case 0: strbuf_addf(out, "%ld", i ? index[nd->parent] : -1L); break;
			case 1: strbuf_addf(out, "%zu", strtab_id(st, nd->name)); break;
			case 2: strbuf_addf(out, "%zu", strtab_id(st, nd->file)); break;
			case 3: strbuf_addf(out, "%" PRId64, nd->value); break;
			case 4: strbuf_addf(out, "%" PRId64, nd->self); break;
			case 5: strbuf_addf(out, "%" PRId64, nd->base); break;
			case 6: strbuf_addf(out, "%" PRId64, nd->base_self); break;
			case 7: strbuf_addch(out, nd->inl ? '1' : '0'); break;
			case 8: strbuf_addch(out, nd->trunc ? '1' : '0'); break;
			}
		}
		strbuf_addch(out, ']');
	}
	strbuf_addch(out, '}');
	free(order);
	free(index);
}

int json_flame(struct report *rpt, struct strbuf *out)
{
	const struct report_view *view = &rpt->opts.view;
	struct profile *p = rpt->prof;
	const char *pivot = view->pivot && *view->pivot ?
		profile_interns(p, view->pivot) : NULL;
	struct ftree down, up;
	struct strtab st;
	int resolution = view->resolution ? view->resolution : 4000;
	int ret = -1;

	/* a subtree's root is named after the last frame of its path */
	const char *root_name = "root";
	if (view->path && *view->path) {
		const char *last = strrchr(view->path, '\x1f');
		root_name = profile_interns(p, (last ? last + 1 : view->path) + 1);
	}
	ftree_init(&down, pivot ? pivot : profile_interns(p, root_name));
	ftree_init(&up, pivot ? pivot : "");
	memset(&st, 0, sizeof(st));
	hashmap_init(&st.map, 1024);
	build(rpt, view, pivot, &down, &up, resolution);
	up.diff = down.diff;
	if (pivot && !weight(&down.n[0])) {
		error_set("no frame named %s", pivot);
		goto cleanup;
	}
	link_children(&down);
	link_children(&up);
	if (strcmp(rpt->opts.output_unit, "minimum") == 0) {
		/* flame graph values read best in the unit of the total */
		const char *u;
		units_scale(rpt->total, rpt->opts.sample_unit, "minimum", &u);
		rpt->opts.output_unit = *u ? u : rpt->opts.sample_unit;
	}
	head(rpt, NULL, 0, 0, out);
	strbuf_addf(out, ",\"diff\":%s", down.diff ? "true" : "false");
	if (pivot) {
		strbuf_adds(out, ",\"pivot\":");
		json_string(out, pivot);
	}
	strbuf_adds(out, ",\"tree\":");
	tree_json(&down, &st, out);
	if (pivot) {
		strbuf_adds(out, ",\"callers\":");
		tree_json(&up, &st, out);
	}
	strbuf_adds(out, ",\"strings\":[");
	for (size_t i = 0; i < st.n; i++) {
		if (i)
			strbuf_addch(out, ',');
		json_string(out, st.s[i]);
	}
	strbuf_adds(out, "]}\n");
	ret = 0;
cleanup:
	ftree_release(&down);
	ftree_release(&up);
	hashmap_release(&st.map);
	free(st.s);
	return ret;
}

static int cmp_node_name_addr(const void *a, const void *b)
{
	const struct graph_node *x = *(const struct graph_node *const *)a;
	const struct graph_node *y = *(const struct graph_node *const *)b;
	int c = strcmp(x->info.name, y->info.name);
	if (c)
		return c;
	if (x->info.address != y->info.address)
		return x->info.address < y->info.address ? -1 : 1;
	size_t sx = graph_node_seq(x), sy = graph_node_seq(y);
	return sx < sy ? -1 : sx > sy;
}

/* The inline chain at n's address: the frames of its location, innermost
 * first (graph nodes are created in that order). */
static void inline_chain(struct graph *g, const struct graph_node *n,
			 struct strbuf *out)
{
	size_t k = 0;
	strbuf_adds(out, ",\"inline\":[");
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *m = g->nodes[i];
		if (m->info.address != n->info.address ||
		    m->info.objfile != n->info.objfile)
			continue;
		struct strbuf f = STRBUF_INIT;
		const char *b = strrchr(m->info.file, '/');
		strbuf_addf(&f, "%s %s:%" PRId64, m->info.name,
			    b ? b + 1 : m->info.file, m->info.lineno);
		if (k++)
			strbuf_addch(out, ',');
		json_string(out, f.buf);
		strbuf_release(&f);
	}
	strbuf_addch(out, ']');
}

/* One function of the source view: every line from its first to its last
 * sampled one, flat and cum, and under each line its instructions. */
static void source_function(struct report *rpt, struct graph *g,
			    const struct graph *lg, struct graph_node **it, size_t n,
			    struct sourcefile_reader *reader,
			    struct disasm_cache *dc, struct strbuf *out)
{
	const char *file = "";
	int64_t flat = 0, cum = 0, lo = 0, hi = 0;
	for (size_t i = 0; i < n; i++) {
		const struct graph_node_info *in = &it[i]->info;
		if (!*file && *in->file)
			file = in->file;
		if (in->lineno > 0 && (!lo || in->lineno < lo))
			lo = in->lineno;
		if (in->lineno > hi)
			hi = in->lineno;
		if (in->start_line > 0 && in->start_line < lo)
			lo = in->start_line;
	}
	if (hi - lo > 5000)
		lo = hi - 5000; /* a bogus line number must not list a book */
	/* the function's flat and cum as -list adds them up: over its lines */
	for (size_t i = 0; i < lg->nnodes; i++) {
		const struct graph_node *ln = lg->nodes[i];
		if (!strcmp(ln->info.name, it[0]->info.name) &&
		    !strcmp(ln->info.file, file)) {
			flat = wrap_add(flat, graph_node_flat(ln));
			cum = wrap_add(cum, graph_node_cum(ln));
		}
	}
	strbuf_adds(out, "{\"name\":");
	json_string(out, it[0]->info.name);
	strbuf_adds(out, ",\"file\":");
	json_string(out, file);
	strbuf_addch(out, ',');
	value_pair(rpt, out, "flat", flat);
	strbuf_addch(out, ',');
	value_pair(rpt, out, "cum", cum);
	strbuf_adds(out, ",\"lines\":[");
	struct strbuf text = STRBUF_INIT, v = STRBUF_INIT;
	for (int64_t l = lo; l <= hi && l > 0; l++) {
		/* a line's values from the line-level graph, where a sample
		 * counts once per line (summing its instructions' would count
		 * a recursive one several times) */
		int64_t lf = 0, lc = 0;
		for (size_t i = 0; i < lg->nnodes; i++) {
			const struct graph_node *ln = lg->nodes[i];
			if (ln->info.lineno == l && !strcmp(ln->info.name, it[0]->info.name) &&
			    !strcmp(ln->info.file, file)) {
				lf = wrap_add(lf, graph_node_flat(ln));
				lc = wrap_add(lc, graph_node_cum(ln));
			}
		}
		size_t len = 0;
		const char *src = *file ? sourcefile_line(reader, file, (long)l, &len) : NULL;
		strbuf_reset(&text);
		if (src)
			strbuf_add(&text, src, len);
		strbuf_addf(out, "%s{\"line\":%" PRId64 ",\"text\":", l > lo ? ",\n" : "\n", l);
		json_string(out, text.buf);
		strbuf_addf(out, ",\"flat\":%" PRId64 ",\"cum\":%" PRId64 ",\"flatS\":", lf, lc);
		strbuf_reset(&v);
		report_format_value_or_dot(rpt, &v, lf);
		json_string(out, v.buf);
		strbuf_adds(out, ",\"cumS\":");
		strbuf_reset(&v);
		report_format_value_or_dot(rpt, &v, lc);
		json_string(out, v.buf);
		strbuf_adds(out, ",\"insns\":[");
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			const struct graph_node *nd = it[i];
			if (nd->info.lineno != l)
				continue;
			uint64_t oa = nd->info.address;
			const char *asm_text = dc ? disasm_cache_text(dc, nd, &oa) : NULL;
			strbuf_addf(out, "%s{\"addr\":\"%" PRIx64 "\",\"text\":",
				    k++ ? "," : "", oa);
			json_string(out, asm_text ? asm_text : "");
			strbuf_adds(out, ",\"flatS\":");
			strbuf_reset(&v);
			report_format_value_or_dot(rpt, &v, graph_node_flat(nd));
			json_string(out, v.buf);
			strbuf_adds(out, ",\"cumS\":");
			strbuf_reset(&v);
			report_format_value_or_dot(rpt, &v, graph_node_cum(nd));
			json_string(out, v.buf);
			inline_chain(g, nd, out);
			strbuf_addch(out, '}');
		}
		strbuf_adds(out, "]}");
	}
	strbuf_adds(out, "]}");
	strbuf_release(&text);
	strbuf_release(&v);
}

int json_source(struct report *rpt, struct strbuf *out)
{
	const struct report_options *o = &rpt->opts;
	struct graph *g = report_new_graph(rpt, NULL);
	struct graph_node **it = xcalloc(g->nnodes + 1, sizeof(*it));
	struct profile *lp = NULL;
	struct report lr = *rpt;
	struct graph *lg = NULL;
	struct sourcefile_reader *reader = NULL;
	struct disasm_cache *dc = NULL;
	char *cwd = NULL;
	size_t n = 0;
	int ret = -1;

	for (size_t i = 0; i < g->nnodes; i++)
		if (!o->symbol || regex_match(o->symbol, g->nodes[i]->info.name))
			it[n++] = g->nodes[i];
	qsort(it, n, sizeof(*it), cmp_node_name_addr);
	if (!n) {
		error_set("no matches found for regexp: %s",
			  o->symbol_src ? o->symbol_src : "");
		goto cleanup;
	}
	/* the same lines, values and unit as -list (a copy that borrows
	 * the report profile's strings, values and labels: freed first) */
	lp = profile_copy_sharing(rpt->prof);
	lr.prof = lp;
	if (aggregate_granularity(lp, "lines", false, false))
		goto cleanup;
	lg = report_new_graph(&lr, NULL);
	report_select_output_unit(rpt, lg);
	head(rpt, NULL, 0, 0, out);
	const char *search = o->source_path;
	if (!search || !*search) {
		cwd = getcwd(NULL, 0);
		if (!cwd) {
			error_set("could not stat current dir: %s", strerror(errno));
			goto cleanup;
		}
		search = cwd;
	}
	reader = sourcefile_reader_new(search, o->trim_path);
	dc = disasm_cache_new(rpt->prof, o->intel_syntax);
	strbuf_adds(out, ",\"functions\":[");
	size_t nf = 0;
	for (size_t i = 0; i < n && nf < 50;) {
		size_t j = i + 1;
		while (j < n && it[j]->info.name == it[i]->info.name)
			j++;
		if (nf++)
			strbuf_addch(out, ',');
		source_function(rpt, g, lg, it + i, j - i, reader, dc, out);
		i = j;
	}
	strbuf_adds(out, "]}\n");
	ret = 0;
cleanup:
	disasm_cache_free(dc);
	sourcefile_reader_free(reader);
	free(cwd);
	free(it);
	graph_free(lg);
	graph_free(g);
	profile_free(lp);
	return ret;
}
