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
 * as positive numbers, so that a node's change is value - base. */
struct fnode {
	const char *name, *file;
	size_t parent, child, next; /* indexes; 0 is the root, 0 = none */
	bool inl;
	int64_t value, self, base, base_self;
};

struct ftree {
	struct fnode *n;
	size_t len, alloc;
	struct hashmap map; /* (parent, name, inl) -> index + 1 */
	bool diff;          /* some sample belongs to the base */
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

static size_t ftree_child(struct ftree *t, size_t parent, const char *name,
			  const char *file, bool inl)
{
	struct fkey k = { t, parent, name, inl };
	uint64_t h = hash_combine(hash_combine(hash_u64(parent),
					       (uintptr_t)name), inl);
	void *hit = hashmap_get(&t->map, h, &k, fkey_eq);
	if (hit)
		return (uintptr_t)hit - 1;
	ALLOC_GROW(t->n, t->len + 1, t->alloc);
	struct fnode *n = &t->n[t->len];
	memset(n, 0, sizeof(*n));
	n->name = name;
	n->file = file;
	n->parent = parent;
	n->inl = inl;
	/* children are linked once the tree is complete (link_children) */
	hashmap_add(&t->map, h, (void *)(uintptr_t)(t->len + 1));
	return t->len++;
}

/* A frame of one location line: its display name and file. */
struct frame {
	const char *name, *file;
	bool inl;
};

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

/* Every location's frames, outermost last as in the profile; locations
 * get their index in p->location in ->scratch. *first[i] is where
 * location i's frames start in the returned array. */
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

static bool is_base_sample(const struct profile_sample *s)
{
	for (size_t k = 0; k < s->nlabel; k++)
		if (s->label[k].str && !strcmp(s->label[k].key, "pprof::base"))
			return true;
	return false;
}

/* Adds one sample's stack from frame `from` (0 = outermost) on to the
 * leaf, or from `from` up to the root when up. */
static void add_stack(struct ftree *t, const struct frame **stack, size_t n,
		      size_t from, bool up, int64_t v, bool base)
{
	size_t at = 0;
	struct fnode *root = &t->n[0];
	if (base)
		root->base = wrap_add(root->base, v);
	else
		root->value = wrap_add(root->value, v);
	size_t count = up ? from + 1 : n - from;
	for (size_t i = 0; i < count; i++) {
		const struct frame *f = stack[up ? from - i : from + i];
		at = ftree_child(t, at, f->name, f->file, f->inl);
		struct fnode *nd = &t->n[at];
		/* self: where the stack ends (for callers, the outermost) */
		bool last = i + 1 == count;
		if (base) {
			nd->base = wrap_add(nd->base, v);
			if (last)
				nd->base_self = wrap_add(nd->base_self, v);
		} else {
			nd->value = wrap_add(nd->value, v);
			if (last)
				nd->self = wrap_add(nd->self, v);
		}
	}
}

/* Builds the trees: the whole one, or the callees (down) and callers (up)
 * of pivot. Frames of a sample go outermost first into stack. */
static void build(struct report *rpt, const char *pivot, struct ftree *down,
		  struct ftree *up)
{
	struct profile *p = rpt->prof;
	size_t *first;
	struct frame *frames = location_frames(p, &first);
	const struct frame **stack = NULL;
	size_t stack_alloc = 0;
	int si = rpt->opts.sample_index;
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		int64_t v = s->value[si];
		if (rpt->opts.mean) {
			int64_t d = s->value[0];
			v = d ? wrap_div(v, d) : 0;
		}
		if (!v)
			continue;
		bool base = is_base_sample(s);
		if (v < 0) {
			/* -base leaves negative samples; -diff_base negates
			 * the base's. Either way: base, counted positive. */
			base = true;
			v = wrap_neg(v);
		} else if (base) {
			base = false; /* a base sample that grew: odd, kept */
		}
		size_t n = 0;
		for (size_t j = s->nlocation; j-- > 0;) {
			const struct profile_location *l = s->location[j];
			size_t a = first[l->scratch], b = first[l->scratch + 1];
			for (size_t k = b; k-- > a;) {
				ALLOC_GROW(stack, n + 1, stack_alloc);
				stack[n++] = &frames[k];
			}
		}
		if (base)
			down->diff = true;
		if (!pivot) {
			add_stack(down, stack, n, 0, false, v, base);
			continue;
		}
		size_t at = 0;
		while (at < n && stack[at]->name != pivot)
			at++;
		if (at == n)
			continue;
		add_stack(down, stack, n, at, false, v, base);
		add_stack(up, stack, n, at, true, v, base);
	}
	free(stack);
	free(frames);
	free(first);
}

static void ftree_init(struct ftree *t, const char *root_name)
{
	memset(t, 0, sizeof(*t));
	hashmap_init(&t->map, 1024);
	ALLOC_GROW(t->n, 1, t->alloc);
	memset(&t->n[0], 0, sizeof(t->n[0]));
	t->n[0].name = root_name;
	t->n[0].file = "";
	t->len = 1;
}

static void ftree_release(struct ftree *t)
{
	free(t->n);
	hashmap_release(&t->map);
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

static int64_t weight(const struct fnode *n)
{
	return n->value > n->base ? n->value : n->base;
}

/* Children lists (creation order) for a finished tree. */
static void link_children(struct ftree *t)
{
	size_t *last = xcalloc(t->len, sizeof(*last));
	for (size_t i = 0; i < t->len; i++)
		t->n[i].child = t->n[i].next = 0;
	for (size_t i = 1; i < t->len; i++) {
		size_t p = t->n[i].parent;
		if (last[p])
			t->n[last[p]].next = i;
		else
			t->n[p].child = i;
		last[p] = i;
	}
	free(last);
}

/* Writes the subtree at root as columns: id (the server's node id, for
 * asking for a subtree later), parent (index in these columns, -1 for
 * the first), name and file (string table indexes), value, self, and
 * when diff base and base_self; inline marks inlined frames, trunc the
 * nodes whose children under the threshold were left out. */
static void tree_json(struct ftree *t, size_t root, int resolution,
		      struct strtab *st, struct strbuf *out)
{
	int64_t w = weight(&t->n[root]);
	int64_t min = resolution > 0 ? w / resolution : 0;
	size_t *order = xcalloc(t->len, sizeof(*order));
	long *index = xcalloc(t->len, sizeof(*index));
	bool *trunc = xcalloc(t->len, sizeof(*trunc));
	size_t n = 0;
	order[n++] = root;
	index[root] = 0;
	/* breadth first, so parents come before their children */
	for (size_t i = 0; i < n; i++) {
		size_t at = order[i];
		for (size_t c = t->n[at].child; c; c = t->n[c].next) {
			if (weight(&t->n[c]) <= min && min > 0) {
				trunc[at] = true;
				continue;
			}
			index[c] = (long)n;
			order[n++] = c;
		}
	}
	static const char *const cols[] = { "id", "parent", "name", "file",
					    "value", "self", "base",
					    "baseSelf", "inline", "trunc" };
	strbuf_adds(out, "{");
	for (size_t c = 0; c < 10; c++) {
		if (!t->diff && (c == 6 || c == 7))
			continue;
		strbuf_addf(out, "%s\"%s\":[", c ? "," : "", cols[c]);
		for (size_t i = 0; i < n; i++) {
			const struct fnode *nd = &t->n[order[i]];
			if (i)
				strbuf_addch(out, ',');
			switch (c) {
			case 0: strbuf_addf(out, "%zu", order[i]); break;
			case 1: strbuf_addf(out, "%ld", i ? index[nd->parent] : -1L); break;
			case 2: strbuf_addf(out, "%zu", strtab_id(st, nd->name)); break;
			case 3: strbuf_addf(out, "%zu", strtab_id(st, nd->file)); break;
			case 4: strbuf_addf(out, "%" PRId64, nd->value); break;
			case 5: strbuf_addf(out, "%" PRId64, nd->self); break;
			case 6: strbuf_addf(out, "%" PRId64, nd->base); break;
			case 7: strbuf_addf(out, "%" PRId64, nd->base_self); break;
			case 8: strbuf_addch(out, nd->inl ? '1' : '0'); break;
			case 9: strbuf_addch(out, trunc[order[i]] ? '1' : '0'); break;
			}
		}
		strbuf_addch(out, ']');
	}
	strbuf_addch(out, '}');
	free(order);
	free(index);
	free(trunc);
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

	ftree_init(&down, pivot ? pivot : profile_interns(p, "root"));
	ftree_init(&up, pivot ? pivot : "");
	memset(&st, 0, sizeof(st));
	hashmap_init(&st.map, 1024);
	build(rpt, pivot, &down, &up);
	up.diff = down.diff;
	link_children(&down);
	link_children(&up);
	size_t root = view->root > 0 ? (size_t)view->root : 0;
	if (root >= down.len) {
		error_set("no frame %ld in this flame graph", view->root);
		goto cleanup;
	}
	if (pivot && down.len == 1) {
		error_set("no frame named %s", pivot);
		goto cleanup;
	}
	if (strcmp(rpt->opts.output_unit, "minimum") == 0) {
		/* flame graph values read best in the unit of the total */
		const char *u;
		units_scale(rpt->total, rpt->opts.sample_unit, "minimum", &u);
		rpt->opts.output_unit = *u ? u : rpt->opts.sample_unit;
	}
	head(rpt, NULL, 0, 0, out);
	strbuf_addf(out, ",\"diff\":%s,\"root\":%zu", down.diff ? "true" : "false",
		    root);
	if (pivot) {
		strbuf_adds(out, ",\"pivot\":");
		json_string(out, pivot);
	}
	strbuf_adds(out, ",\"tree\":");
	tree_json(&down, root, resolution, &st, out);
	if (pivot) {
		strbuf_adds(out, ",\"callers\":");
		tree_json(&up, 0, resolution, &st, out);
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
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct hot {
	const char *name;
	int64_t flat, cum;
};

static int cmp_hot(const void *a, const void *b)
{
	const struct hot *x = a, *y = b;
	if (x->flat != y->flat)
		return x->flat > y->flat ? -1 : 1;
	if (x->cum != y->cum)
		return x->cum > y->cum ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Without a function: the hottest functions, to pick one from. */
static void hottest(struct report *rpt, struct graph_node **nodes, size_t n,
		    struct strbuf *out)
{
	struct hot *h = xcalloc(n + 1, sizeof(*h));
	size_t nh = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		h[nh] = (struct hot){ nodes[i]->info.name, 0, 0 };
		for (; j < n && nodes[j]->info.name == h[nh].name; j++) {
			h[nh].flat = wrap_add(h[nh].flat, graph_node_flat(nodes[j]));
			h[nh].cum = wrap_add(h[nh].cum, graph_node_cum(nodes[j]));
		}
		if (*h[nh].name)
			nh++;
		i = j;
	}
	qsort(h, nh, sizeof(*h), cmp_hot);
	strbuf_adds(out, ",\"hottest\":[");
	for (size_t i = 0; i < nh && i < 40; i++) {
		strbuf_adds(out, i ? ",{\"name\":" : "{\"name\":");
		json_string(out, h[i].name);
		strbuf_addch(out, ',');
		value_pair(rpt, out, "flat", h[i].flat);
		strbuf_addch(out, ',');
		value_pair(rpt, out, "cum", h[i].cum);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	free(h);
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
				lf += graph_node_flat(ln);
				lc += graph_node_cum(ln);
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
	struct profile *lp = profile_copy(rpt->prof);
	struct report lr = *rpt;
	struct graph *lg = NULL;
	struct sourcefile_reader *reader = NULL;
	struct disasm_cache *dc = NULL;
	char *cwd = NULL;
	size_t n = 0;
	int ret = -1;

	/* the same lines, values and unit as -list */
	lr.prof = lp;
	if (aggregate_granularity(lp, "lines", false, false))
		goto cleanup;
	lg = report_new_graph(&lr, NULL);
	report_select_output_unit(rpt, lg);
	bool all = !o->symbol_src || !*o->symbol_src;
	for (size_t i = 0; i < g->nnodes; i++)
		if (all || regex_match(o->symbol, g->nodes[i]->info.name))
			it[n++] = g->nodes[i];
	qsort(it, n, sizeof(*it), cmp_node_name_addr);
	head(rpt, NULL, 0, 0, out);
	if (all) {
		hottest(rpt, it, n, out);
		strbuf_adds(out, "}\n");
		ret = 0;
		goto cleanup;
	}
	if (!n) {
		error_set("no matches found for regexp: %s", o->symbol_src);
		goto cleanup;
	}
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
