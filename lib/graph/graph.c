/* graph: nodes are made once per location line and cached by location,
 * so a sample's stack maps to nodes by lookup, not by hashing names again;
 * values are added with Go's wrapping arithmetic (wrap.h). */
#include "lib/graph/graph.h"
#include "lib/graph/graph_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/gocompat/gopath.h"
#include "lib/gocompat/gosort.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

/* pprof's dot output shows at most this many nodelets per node; the
 * visual top-node selection counts them against the node budget. */
#define MAX_NODELETS 4

/* ---- node sets and node lookup ---- */

static uint64_t info_hash(const struct graph_node_info *i)
{
	uint64_t h = hash_u64((uintptr_t)i->name);
	h = hash_combine(h, (uintptr_t)i->orig_name);
	h = hash_combine(h, i->address);
	h = hash_combine(h, (uintptr_t)i->file);
	h = hash_combine(h, (uint64_t)i->start_line);
	h = hash_combine(h, (uint64_t)i->lineno);
	h = hash_combine(h, (uint64_t)i->columnno);
	return hash_combine(h, (uintptr_t)i->objfile);
}

static bool info_eq(const struct graph_node_info *a,
		    const struct graph_node_info *b)
{
	return a->name == b->name && a->orig_name == b->orig_name &&
	       a->address == b->address && a->file == b->file &&
	       a->start_line == b->start_line && a->lineno == b->lineno &&
	       a->columnno == b->columnno &&
	       a->objfile == b->objfile;
}

static bool set_eq(const void *item, const void *key)
{
	return info_eq(item, key);
}

void graph_node_set_init(struct graph_node_set *s)
{
	hashmap_init(&s->map, 64);
	arena_init(&s->arena);
}

void graph_node_set_release(struct graph_node_set *s)
{
	hashmap_release(&s->map);
	arena_release(&s->arena);
}

void graph_node_set_add(struct graph_node_set *s,
			const struct graph_node_info *info)
{
	uint64_t h = info_hash(info);
	if (hashmap_get(&s->map, h, info, set_eq))
		return;
	hashmap_add(&s->map, h, arena_memdup(&s->arena, info, sizeof(*info)));
}

bool graph_node_set_has(const struct graph_node_set *s,
			const struct graph_node_info *info)
{
	return hashmap_get(&s->map, info_hash(info), info, set_eq) != NULL;
}

/* Node map key: the info plus, for call trees, the caller. */
struct node_key {
	const struct graph_node_info *info;
	const struct graph_node *parent;
};

static bool node_eq(const void *item, const void *key)
{
	const struct graph_node *n = item;
	const struct node_key *k = key;
	return node_priv(n)->tree_parent == k->parent && info_eq(&n->info, k->info);
}

static uint64_t node_hash(const struct node_key *k)
{
	return hash_combine(info_hash(k->info), (uintptr_t)k->parent);
}

void graph_info_printable_name(struct strbuf *sb,
			       const struct graph_node_info *i)
{
	size_t start = sb->len;
#define SEP() do { if (sb->len > start) strbuf_addch(sb, ' '); } while (0)
	if (i->address)
		strbuf_addf(sb, "%016llx", (unsigned long long)i->address);
	if (*i->name) {
		SEP();
		strbuf_adds(sb, i->name);
	}
	if (i->lineno) {
		SEP();
		strbuf_addf(sb, "%s:%lld", i->file, (long long)i->lineno);
		if (i->columnno)
			strbuf_addf(sb, ":%lld", (long long)i->columnno);
	} else if (*i->file) {
		SEP();
		strbuf_adds(sb, i->file);
	} else if (*i->name) {
		/* the name says it all */
	} else if (*i->objfile) {
		const char *base = strrchr(i->objfile, '/');
		SEP();
		/* filepath.Base of "dir/" is "dir" */
		size_t n = strlen(i->objfile);
		while (n > 1 && i->objfile[n - 1] == '/')
			n--;
		const char *s = i->objfile;
		base = NULL;
		for (size_t k = 0; k < n; k++)
			if (s[k] == '/')
				base = s + k;
		strbuf_addch(sb, '[');
		if (base && n > 1)
			strbuf_add(sb, base + 1, n - (size_t)(base + 1 - s));
		else
			strbuf_add(sb, s, n);
		strbuf_addch(sb, ']');
	} else {
		SEP();
		strbuf_adds(sb, "<unknown>");
	}
#undef SEP
}

void graph_info_sprint(struct strbuf *sb, const struct graph_node_info *i)
{
	strbuf_addf(sb, "{%s %s %llu %s %lld %lld %lld %s}", i->name,
		    i->orig_name, (unsigned long long)i->address, i->file,
		    (long long)i->start_line, (long long)i->lineno,
		    (long long)i->columnno, i->objfile);
}

/* A graph and its bookkeeping in one allocation; free(g) frees both. */
struct graph_whole {
	struct graph g;
	struct graph_private priv;
};

static struct graph *graph_alloc(struct profile *prof, bool tree)
{
	struct graph_whole *w = xcalloc(1, sizeof(*w));
	struct graph *g = &w->g;
	g->priv = &w->priv;
	g->priv->prof = prof;
	g->priv->tree = tree;
	g->priv->empty = profile_interns(prof, "");
	arena_init(&g->priv->arena);
	/* Nodes are at most one per location line, usually far fewer.
	 * The edge and location maps start empty: graphs built without
	 * edges, or with dense location ids, never fill them. */
	hashmap_init(&g->priv->node_map, prof->nlocation + 16);
	return g;
}

static struct graph_node *find_or_insert(struct graph *g,
					 const struct graph_node_info *info,
					 const struct graph_node_set *kept,
					 struct graph_node *parent)
{
	if (kept && !graph_node_set_has(kept, info))
		return NULL;
	struct node_key k = { info, parent };
	uint64_t h = node_hash(&k);
	struct graph_node *n = hashmap_get(&g->priv->node_map, h, &k, node_eq);
	if (n)
		return n;
	n = &((struct graph_node_whole *)arena_zalloc(
		&g->priv->arena, sizeof(struct graph_node_whole)))->pub;
	n->info = *info;
	node_priv(n)->tree_parent = parent;
	node_priv(n)->seq = g->priv->nall;
	struct strbuf sb = STRBUF_INIT;
	graph_info_printable_name(&sb, info);
	n->printable = arena_strndup(&g->priv->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	hashmap_add(&g->priv->node_map, h, n);
	ALLOC_GROW(g->priv->all, g->priv->nall + 1, g->priv->all_alloc);
	g->priv->all[g->priv->nall++] = n;
	if (!info->address && !info->lineno) {
		n->function = n;
		return n;
	}
	struct graph_node_info fi = *info;
	fi.address = 0;
	fi.lineno = 0;
	fi.columnno = 0;
	n->function = find_or_insert(g, &fi, NULL, parent);
	return n;
}

/* True when filepath.Clean leaves path (n > 0 bytes) as it is: no empty
 * element (a doubled or trailing slash), no "." or ".." element. Paths
 * in profiles usually are, and this check costs no allocation. */
static bool path_is_clean(const char *path, size_t n)
{
	size_t i = path[0] == '/';
	if (i == n)
		return true; /* "/" */
	while (i <= n) {
		size_t j = i;
		while (j < n && path[j] != '/')
			j++;
		size_t len = j - i;
		if (len == 0 || (path[i] == '.' &&
				 (len == 1 || (len == 2 && path[i + 1] == '.'))))
			return false;
		i = j + 1;
	}
	return true;
}

/* filepath.Clean, interned in the profile. */
static const char *clean_path(struct profile *p, const char *path)
{
	size_t n = strlen(path);
	if (!n || path_is_clean(path, n))
		return path;
	struct strbuf sb = STRBUF_INIT;
	gopath_clean(&sb, path, n);
	const char *res = path;
	if (sb.len != n || memcmp(sb.buf, path, n))
		res = profile_intern(p, sb.buf, sb.len);
	strbuf_release(&sb);
	return res;
}

static void make_info(struct graph *g, const struct profile_location *l,
		      const struct profile_line *line,
		      const struct graph_options *o,
		      struct graph_node_info *ni)
{
	const char *empty = g->priv->empty;
	const char *objfile = l->mapping ? l->mapping->file : empty;
	ni->name = ni->orig_name = ni->file = ni->objfile = empty;
	ni->address = l->address;
	ni->start_line = ni->lineno = ni->columnno = 0;
	if (!line || !line->function) {
		ni->objfile = objfile;
		return;
	}
	const struct profile_function *f = line->function;
	ni->lineno = line->line;
	ni->columnno = line->column;
	ni->name = f->name;
	if (*f->filename) {
		const char *file = f->filename;
		if (o->trim_path || o->source_path) {
			const char *t = gopath_trim(file, o->trim_path ?
						    o->trim_path : "",
						    o->source_path ?
						    o->source_path : "");
			if (t != file)
				file = profile_interns(g->priv->prof, t);
		}
		ni->file = clean_path(g->priv->prof, file);
	}
	if (o->orig_fn_names)
		ni->orig_name = f->system_name;
	if (o->obj_names || (!*ni->name && !*ni->orig_name)) {
		ni->objfile = objfile;
		ni->start_line = f->start_line;
	}
}

/* The nodes of one location, innermost line first. */
struct loc_nodes {
	const struct profile_location *loc;
	struct graph_node **nodes;
	size_t n;
};

static bool loc_eq(const void *item, const void *key)
{
	return ((const struct loc_nodes *)item)->loc == key;
}

static void create_nodes(struct graph *g, const struct graph_options *o)
{
	struct profile *p = g->priv->prof;
	/* Ids are usually dense: index by id and skip hashing every frame. */
	uint64_t max_id = 0;
	for (size_t i = 0; i < p->nlocation; i++)
		if (p->location[i]->id > max_id)
			max_id = p->location[i]->id;
	if (max_id < 4 * (uint64_t)p->nlocation + 1024) {
		g->priv->nloc_by_id = (size_t)max_id + 1;
		g->priv->loc_by_id = xcalloc(g->priv->nloc_by_id, sizeof(*g->priv->loc_by_id));
	}
	for (size_t i = 0; i < p->nlocation; i++) {
		const struct profile_location *l = p->location[i];
		size_t nl = l->nline ? l->nline : 1;
		struct loc_nodes *ln = arena_alloc(&g->priv->arena, sizeof(*ln));
		ln->loc = l;
		ln->n = nl;
		ln->nodes = arena_alloc(&g->priv->arena, nl * sizeof(*ln->nodes));
		for (size_t k = 0; k < nl; k++) {
			struct graph_node_info ni;
			make_info(g, l, l->nline ? &l->line[k] : NULL, o, &ni);
			ln->nodes[k] = find_or_insert(g, &ni, o->kept, NULL);
		}
		if (l->id < g->priv->nloc_by_id && !g->priv->loc_by_id[l->id])
			g->priv->loc_by_id[l->id] = ln;
		else
			hashmap_add(&g->priv->loc_map, hash_u64((uintptr_t)l), ln);
	}
}

struct graph_node **graph_location_nodes(const struct graph *g,
					 const struct profile_location *loc,
					 size_t *n)
{
	if (loc->id < g->priv->nloc_by_id) {
		struct loc_nodes *d = g->priv->loc_by_id[loc->id];
		if (d && d->loc == loc) {
			*n = d->n;
			return d->nodes;
		}
	}
	struct loc_nodes *ln = hashmap_get(&g->priv->loc_map,
					   hash_u64((uintptr_t)loc), loc,
					   loc_eq);
	if (!ln) {
		*n = 0;
		return NULL;
	}
	*n = ln->n;
	return ln->nodes;
}

/* ---- edges ---- */

struct edge_key {
	const struct graph_node *src, *dest;
};

static bool edge_eq(const void *item, const void *key)
{
	const struct graph_edge *e = item;
	const struct edge_key *k = key;
	return e->src == k->src && e->dest == k->dest;
}

static void list_add(struct graph_edge_list *l, struct graph_edge *e)
{
	ALLOC_GROW(l->edge, l->nedge + 1, l->alloc);
	l->edge[l->nedge++] = e;
}

static void list_del(struct graph_edge_list *l, struct graph_edge *e)
{
	for (size_t i = 0; i < l->nedge; i++) {
		if (l->edge[i] == e) {
			memmove(l->edge + i, l->edge + i + 1,
				(l->nedge - i - 1) * sizeof(*l->edge));
			l->nedge--;
			return;
		}
	}
}

void graph_remove_edge(struct graph_edge *e)
{
	list_del(&e->src->out, e);
	list_del(&e->dest->in, e);
	edge_priv(e)->removed = true;
}

static uint64_t edge_hash(const struct graph_node *src,
			  const struct graph_node *dest)
{
	return hash_combine(hash_u64((uintptr_t)src), (uintptr_t)dest);
}

static void edge_update(struct graph_edge *e, int64_t dv, int64_t v,
			bool residual, bool is_inline)
{
	e->weight_div = wrap_add(e->weight_div, dv);
	e->weight = wrap_add(e->weight, v);
	if (residual)
		e->residual = true;
	if (!is_inline)
		e->is_inline = false;
}

static struct graph_edge *edge_create(struct graph *g, uint64_t h,
				      struct graph_node *src,
				      struct graph_node *dest, int64_t dv,
				      int64_t v, bool residual, bool is_inline)
{
	struct graph_edge *e = &((struct graph_edge_whole *)arena_zalloc(
		&g->priv->arena, sizeof(struct graph_edge_whole)))->pub;
	if (!g->priv->edge_map.slots)
		hashmap_init(&g->priv->edge_map, g->priv->prof->nlocation * 2 + 16);
	e->src = src;
	e->dest = dest;
	e->weight_div = dv;
	e->weight = v;
	e->residual = residual;
	e->is_inline = is_inline;
	hashmap_add(&g->priv->edge_map, h, e);
	list_add(&src->out, e);
	list_add(&dest->in, e);
	return e;
}

/* AddToEdgeDiv; returns the edge. Only while building (edge_map). */
static struct graph_edge *add_to_edge(struct graph *g, struct graph_node *src,
				      struct graph_node *dest, int64_t dv,
				      int64_t v, bool residual, bool is_inline)
{
	struct edge_key k = { src, dest };
	uint64_t h = edge_hash(src, dest);
	struct graph_edge *e = hashmap_get(&g->priv->edge_map, h, &k, edge_eq);
	if (e) {
		edge_update(e, dv, v, residual, is_inline);
		return e;
	}
	return edge_create(g, h, src, dest, dv, v, residual, is_inline);
}

/* ---- tags ---- */

/* A tag or numeric group of a node, by interned pointers: a label tag
 * is (node, NULL, labels), the numeric group of a label set (node,
 * labels, NULL) and a numeric tag in it (node, labels, name). */
struct tag_key {
	const struct graph_node *node;
	const char *labels, *name;
	struct graph_tag *tag; /* the tag; NULL for a group */
	size_t group;          /* a group's index in node->numeric_tags */
};

static uint64_t tag_hash(const struct tag_key *k)
{
	return hash_combine(hash_combine(hash_u64((uintptr_t)k->node),
					 (uintptr_t)k->labels),
			    (uintptr_t)k->name);
}

static bool tag_eq(const void *item, const void *key)
{
	const struct tag_key *a = item, *b = key;
	return a->node == b->node && a->labels == b->labels &&
	       a->name == b->name;
}

/* The entry for k in the tag index, added (a copy of k) if new; *added
 * tells which. */
static struct tag_key *tag_entry(struct graph *g, const struct tag_key *k,
				 bool *added)
{
	struct hashmap *m = &g->priv->tag_map;
	if (!m->slots)
		hashmap_init(m, 1024);
	uint64_t h = tag_hash(k);
	struct tag_key *e = hashmap_get(m, h, k, tag_eq);
	*added = !e;
	if (!e) {
		e = arena_alloc(&g->priv->arena, sizeof(*e));
		*e = *k;
		hashmap_add(m, h, e);
	}
	return e;
}

/* The tag name of node n's map m (its label tags, or the numeric tags of
 * the label set `labels`), added with unit and value if new. */
static struct graph_tag *find_or_add_tag(struct graph *g,
					 const struct graph_node *n,
					 const char *labels,
					 struct graph_tag_map *m,
					 const char *name, const char *unit,
					 int64_t value)
{
	struct tag_key k = { n, labels, name, NULL, 0 };
	bool added;
	struct tag_key *e = tag_entry(g, &k, &added);
	if (!added)
		return e->tag;
	struct graph_tag *t = arena_zalloc(&g->priv->arena, sizeof(*t));
	t->name = name;
	t->unit = unit;
	t->value = value;
	ALLOC_GROW(m->tag, m->ntag + 1, m->alloc);
	m->tag[m->ntag++] = t;
	e->tag = t;
	return t;
}

static void tag_add(struct graph_tag *t, int64_t dw, int64_t w, bool flat)
{
	if (flat) {
		t->flat_div = wrap_add(t->flat_div, dw);
		t->flat = wrap_add(t->flat, w);
	} else {
		t->cum_div = wrap_add(t->cum_div, dw);
		t->cum = wrap_add(t->cum, w);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* joinLabels: "key:value" of every string label, sorted, joined by the
 * two characters backslash and n (as pprof writes them). */
static bool shown_label(const struct profile_label *l,
			const struct graph_options *o)
{
	return l->str && !(o->hidden_label_key &&
			   !strcmp(l->key, o->hidden_label_key));
}

static const char *join_labels(struct graph *g,
			       const struct profile_sample *s,
			       const struct graph_options *o,
			       struct strbuf *sb)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nlabel; i++)
		if (shown_label(&s->label[i], o))
			n++;
	if (!n)
		return profile_interns(g->priv->prof, "");
	char **parts = xmalloc(n * sizeof(*parts));
	n = 0;
	for (size_t i = 0; i < s->nlabel; i++) {
		if (!shown_label(&s->label[i], o))
			continue;
		strbuf_reset(sb);
		strbuf_addf(sb, "%s:%s", s->label[i].key, s->label[i].str);
		parts[n++] = xstrdup(sb->buf);
	}
	qsort(parts, n, sizeof(*parts), cmp_str);
	strbuf_reset(sb);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, "\\n");
		strbuf_adds(sb, parts[i]);
		free(parts[i]);
	}
	free(parts);
	return profile_intern(g->priv->prof, sb->buf, sb->len);
}

/* The numeric tags (name, unit, value) of sample s, in
 * g->priv->num_tags. */
static void sample_num_tags(struct graph *g, const struct profile_sample *s,
			    const struct graph_options *o, struct strbuf *sb)
{
	g->priv->tag_sample = s;
	g->priv->nnum_tags = 0;
	for (size_t i = 0; i < s->nlabel; i++) {
		const struct profile_label *l = &s->label[i];
		if (l->str)
			continue;
		if (o->numeric_tag_key && strcmp(l->key, o->numeric_tag_key))
			continue;
		const char *unit;
		if (o->num_label_unit)
			unit = profile_interns(g->priv->prof,
					       o->num_label_unit(o->ctx, l->key));
		else
			unit = *l->unit ? l->unit : l->key;
		strbuf_reset(sb);
		if (o->format_tag)
			o->format_tag(o->ctx, sb, l->num, unit);
		else
			strbuf_addf(sb, "%lld", (long long)l->num);
		ALLOC_GROW(g->priv->num_tags, g->priv->nnum_tags + 1,
			   g->priv->num_tags_alloc);
		struct graph_tag *t = &g->priv->num_tags[g->priv->nnum_tags++];
		t->name = profile_intern(g->priv->prof, sb->buf, sb->len);
		t->unit = unit;
		t->value = l->num;
	}
}

/* The numeric-tag group of node n for the label set `labels`, added if
 * new. */
static struct graph_numeric_tags *numeric_group(struct graph *g,
						struct graph_node *n,
						const char *labels)
{
	struct tag_key gk = { n, labels, NULL, NULL, 0 };
	bool added;
	struct tag_key *ge = tag_entry(g, &gk, &added);
	if (added) {
		ALLOC_GROW(n->numeric_tags, n->nnumeric_tags + 1,
			   n->numeric_tags_alloc);
		ge->group = n->nnumeric_tags++;
		struct graph_numeric_tags *nt = &n->numeric_tags[ge->group];
		memset(nt, 0, sizeof(*nt));
		nt->labels = labels;
	}
	return &n->numeric_tags[ge->group];
}

static void add_sample_tags(struct graph *g, struct graph_node *n,
			    int64_t dw, int64_t w, const char *labels,
			    const struct profile_sample *s,
			    const struct graph_options *o, bool flat,
			    struct strbuf *sb)
{
	if (*labels)
		tag_add(find_or_add_tag(g, n, NULL, &n->label_tags, labels,
					g->priv->empty, 0),
			dw, w, flat);
	struct graph_numeric_tags *nt = numeric_group(g, n, labels);
	/* The names depend on the sample only: format them once for its
	 * first frame, not once per frame (formatting is printf work). */
	if (g->priv->tag_sample != s)
		sample_num_tags(g, s, o, sb);
	for (size_t i = 0; i < g->priv->nnum_tags; i++) {
		const struct graph_tag *t = &g->priv->num_tags[i];
		tag_add(find_or_add_tag(g, n, labels, &nt->tags, t->name,
					t->unit, t->value),
			dw, w, flat);
	}
}

/* Adds a sample's weights to n, and its tags with labels (not NULL) for
 * the call-tree build; the other builds add tags afterwards (add_tags). */
static void add_sample(struct graph *g, struct graph_node *n, int64_t dw,
		       int64_t w, const char *labels,
		       const struct profile_sample *s,
		       const struct graph_options *o, bool flat,
		       struct strbuf *sb)
{
	if (flat) {
		n->flat_div = wrap_add(n->flat_div, dw);
		n->flat = wrap_add(n->flat, w);
	} else {
		n->cum_div = wrap_add(n->cum_div, dw);
		n->cum = wrap_add(n->cum, w);
	}
	if (labels)
		add_sample_tags(g, n, dw, w, labels, s, o, flat, sb);
}

static void add_tags(struct graph *g, const struct graph_options *o,
		     struct graph_node **map);

/* selectNodesForGraph over every node created. */
static void select_nodes(struct graph *g, bool drop_negative)
{
	for (size_t i = 0; i < g->priv->nall; i++) {
		struct graph_node *n = g->priv->all[i];
		if (!n->cum && !n->flat)
			continue;
		if (drop_negative &&
		    (n->flat < 0 || (n->flat == 0 && n->cum < 0)))
			continue;
		ALLOC_GROW(g->nodes, g->nnodes + 1, g->priv->nodes_alloc);
		g->nodes[g->nnodes++] = n;
	}
}

static void build_graph(struct graph *g, const struct graph_options *o)
{
	struct profile *p = g->priv->prof;
	struct strbuf sb = STRBUF_INIT;
	/* Stack of per-location node arrays: looked up once per frame. */
	create_nodes(g, o);
	for (size_t si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->sample[si];
		int64_t w = s->value[o->sample_index];
		int64_t dw = o->mean_index >= 0 ? s->value[o->mean_index] : 0;
		if (!w && !dw)
			continue;
		size_t stamp = ++g->priv->stamp;
		const char *labels = NULL; /* tags: add_tags, once */
		struct graph_node *parent = NULL;
		bool residual = false;
		for (size_t i = s->nlocation; i-- > 0;) {
			size_t nn;
			struct graph_node **ln =
				graph_location_nodes(g, s->location[i], &nn);
			for (size_t ni = nn; ni-- > 0;) {
				struct graph_node *n = ln[ni];
				if (!n) {
					residual = true;
					continue;
				}
				if (node_priv(n)->seen != stamp) {
					node_priv(n)->seen = stamp;
					add_sample(g, n, dw, w, labels, s, o,
						   false, &sb);
				}
				if (parent && n != parent && !o->no_edges) {
					struct edge_key k = { parent, n };
					uint64_t h = edge_hash(parent, n);
					struct graph_edge *e = hashmap_get(
						&g->priv->edge_map, h, &k, edge_eq);
					bool inl = ni != nn - 1;
					if (!e)
						e = edge_create(g, h, parent, n,
								dw, w, residual,
								inl);
					else if (edge_priv(e)->seen != stamp)
						edge_update(e, dw, w, residual,
							    inl);
					edge_priv(e)->seen = stamp;
				}
				parent = n;
				residual = false;
			}
		}
		if (parent && !residual)
			add_sample(g, parent, dw, w, labels, s, o, true, &sb);
	}
	strbuf_release(&sb);
	if (o->tags)
		add_tags(g, o, NULL);
	select_nodes(g, o->drop_negative);
}

struct graph_cache {
	bool ready;
	struct graph_node_info *info; /* by base node index */
	size_t ninfo;
	/* Each sample's frames, leaf first: base index, top bit set for an
	 * inlined frame (not its location's last line). */
	uint32_t *frame;
	size_t nframe, frame_alloc;
	size_t *off; /* sample i has frame[off[i]..off[i+1]) */
};

#define INLINE_BIT 0x80000000u

/* How many frames ahead a walk over stacks prefetches locations, and
 * how many samples ahead their values. */
#define PREFETCH_AHEAD 8

struct graph_cache *graph_cache_new(void)
{
	return xcalloc(1, sizeof(struct graph_cache));
}

void graph_cache_free(struct graph_cache *c)
{
	if (!c)
		return;
	free(c->info);
	free(c->frame);
	free(c->off);
	free(c);
}

static void cache_fill(struct graph_cache *c, struct profile *p,
		       const struct graph_options *o)
{
	struct graph_options bo = *o;
	bo.kept = NULL;
	struct graph *b = graph_alloc(p, false);
	create_nodes(b, &bo);
	c->ninfo = b->priv->nall;
	c->info = xmalloc((b->priv->nall + 1) * sizeof(*c->info));
	for (size_t i = 0; i < b->priv->nall; i++)
		c->info[i] = b->priv->all[i]->info;
	c->off = xmalloc((p->nsample + 1) * sizeof(*c->off));
	/* One frame per location unless inlined: size for that up front,
	 * since growing by half may leave a third of a big array unused. */
	size_t nloc = 0;
	for (size_t si = 0; si < p->nsample; si++)
		nloc += p->sample[si].nlocation;
	ALLOC_GROW(c->frame, nloc + 1, c->frame_alloc);
	/* Each location's frames once, as [count, frame…] in one small
	 * array found through location->scratch: a frame then costs one
	 * look at its location instead of a walk through the graph. */
	uint32_t *codes = NULL;
	size_t ncodes = 0, codes_alloc = 0;
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *l = p->location[i];
		size_t nn;
		struct graph_node **ln = graph_location_nodes(b, l, &nn);
		ALLOC_GROW(codes, ncodes + nn + 1, codes_alloc);
		l->scratch = ncodes;
		codes[ncodes++] = (uint32_t)nn;
		for (size_t k = 0; k < nn; k++)
			codes[ncodes++] = (uint32_t)node_priv(ln[k])->seq |
					  (k != nn - 1 ? INLINE_BIT : 0);
	}
	for (size_t si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->sample[si];
		c->off[si] = c->nframe;
		for (size_t i = 0; i < s->nlocation; i++) {
			/* Locations are scattered over megabytes and the
			 * loads are independent: ask for them ahead. */
			if (i + PREFETCH_AHEAD < s->nlocation)
				__builtin_prefetch(
					s->location[i + PREFETCH_AHEAD]);
			const uint32_t *lc = &codes[s->location[i]->scratch];
			if (lc[0] == 1 && c->nframe < c->frame_alloc) {
				c->frame[c->nframe++] = lc[1];
				continue;
			}
			ALLOC_GROW(c->frame, c->nframe + lc[0], c->frame_alloc);
			memcpy(&c->frame[c->nframe], lc + 1,
			       lc[0] * sizeof(*lc));
			c->nframe += lc[0];
		}
	}
	free(codes);
	c->off[p->nsample] = c->nframe;
	c->ready = true;
	graph_free(b);
}

/* While building: the edge src -> dest, or NULL. A node's out-edges are
 * few more often than not, and scanning them is cheaper than a miss in
 * the edge map. */
static struct graph_edge *find_out_edge(const struct graph *g,
					const struct graph_node *src,
					const struct graph_node *dest)
{
	if (src->out.nedge <= 8) {
		for (size_t i = 0; i < src->out.nedge; i++)
			if (src->out.edge[i]->dest == dest)
				return src->out.edge[i];
		return NULL;
	}
	struct edge_key k = { src, dest };
	return hashmap_get(&g->priv->edge_map, edge_hash(src, dest), &k, edge_eq);
}

/* ---- tags by label set ----
 * Every frame of a sample adds the same tags (its joined labels, its
 * numeric labels) with the same weights, so the graph builds add them
 * once per (node, label set) rather than once per frame: with tens of
 * label sets per node, lookups per frame were half of a tagged -dot. The
 * samples are walked again grouped by label set, each node sums its
 * weights, and the sums go to the tags in the order of the first sample
 * behind each, so that tags are created (and a numeric tag keeps the
 * value) exactly as a sample-by-sample walk would. Sums add modulo 2^64,
 * as every order of wrap_add does. */

/* A distinct label set: joined labels and numeric tags. */
struct tag_set {
	const char *labels;
	struct graph_tag *num; /* name, unit and value; arena */
	size_t nnum;
	size_t id;
};

static uint64_t tag_set_hash(const struct tag_set *t)
{
	uint64_t h = hash_u64((uintptr_t)t->labels);
	for (size_t i = 0; i < t->nnum; i++) {
		h = hash_combine(h, (uintptr_t)t->num[i].name);
		h = hash_combine(h, (uintptr_t)t->num[i].unit);
		h = hash_combine(h, (uint64_t)t->num[i].value);
	}
	return h;
}

static bool tag_set_eq(const void *item, const void *key)
{
	const struct tag_set *a = item, *b = key;
	if (a->labels != b->labels || a->nnum != b->nnum)
		return false;
	for (size_t i = 0; i < a->nnum; i++)
		if (a->num[i].name != b->num[i].name ||
		    a->num[i].unit != b->num[i].unit ||
		    a->num[i].value != b->num[i].value)
			return false;
	return true;
}

/* A sample's labels as they are (the same keys, strings, numbers and
 * units in the same order give the same label set): samples are mapped
 * to their sets through these, so that labels are joined and numbers
 * formatted once per distinct list, not once per sample. */
struct raw_labels {
	const struct profile_label *label; /* a sample's, read only */
	size_t nlabel;
	struct tag_set *set;
};

static uint64_t raw_labels_hash(const struct profile_label *l, size_t n)
{
	uint64_t h = hash_u64(n);
	for (size_t i = 0; i < n; i++) {
		h = hash_combine(h, (uintptr_t)l[i].key);
		h = hash_combine(h, (uintptr_t)l[i].str);
		h = hash_combine(h, (uint64_t)l[i].num);
		h = hash_combine(h, (uintptr_t)l[i].unit);
	}
	return h;
}

static bool raw_labels_eq(const void *item, const void *key)
{
	const struct raw_labels *a = item, *b = key;
	if (a->nlabel != b->nlabel)
		return false;
	for (size_t i = 0; i < a->nlabel; i++)
		if (a->label[i].key != b->label[i].key ||
		    a->label[i].str != b->label[i].str ||
		    a->label[i].num != b->label[i].num ||
		    a->label[i].unit != b->label[i].unit)
			return false;
	return true;
}

/* One node's weights from one label set. */
struct tag_sum {
	struct graph_node *node;
	const struct tag_set *set;
	size_t first; /* the set's first sample with the node */
	int64_t cum, cum_div, flat, flat_div;
};

static int cmp_tag_sum(const void *a, const void *b)
{
	const struct tag_sum *x = a, *y = b;
	size_t sx = node_priv(x->node)->seq, sy = node_priv(y->node)->seq;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* The nodes of sample si's frames, root first (NULL for a frame whose
 * node is not in the graph), as the builds walk them; into *buf. */
static size_t sample_nodes(const struct graph *g,
			   const struct graph_options *o,
			   struct graph_node **map, size_t si,
			   struct graph_node ***buf, size_t *alloc)
{
	size_t k = 0;
	if (map) {
		const struct graph_cache *c = o->cache;
		ALLOC_GROW(*buf, c->off[si + 1] - c->off[si], *alloc);
		for (size_t j = c->off[si + 1]; j-- > c->off[si];)
			(*buf)[k++] = map[c->frame[j] & ~INLINE_BIT];
		return k;
	}
	const struct profile_sample *s = &g->priv->prof->sample[si];
	for (size_t i = s->nlocation; i-- > 0;) {
		size_t nn;
		struct graph_node **ln =
			graph_location_nodes(g, s->location[i], &nn);
		ALLOC_GROW(*buf, k + nn, *alloc);
		for (size_t ni = nn; ni-- > 0;)
			(*buf)[k++] = ln[ni];
	}
	return k;
}

static void tag_add_sum(struct graph_tag *t, const struct tag_sum *u)
{
	t->cum = wrap_add(t->cum, u->cum);
	t->cum_div = wrap_add(t->cum_div, u->cum_div);
	t->flat = wrap_add(t->flat, u->flat);
	t->flat_div = wrap_add(t->flat_div, u->flat_div);
}

/* Adds every node's label and numeric tags; map: the cached build's
 * node of each cache frame, or NULL to walk locations. */
static void add_tags(struct graph *g, const struct graph_options *o,
		     struct graph_node **map)
{
	struct profile *p = g->priv->prof;
	struct strbuf sb = STRBUF_INIT;
	struct hashmap sets = { 0 }, raws = { 0 };
	struct tag_set **set = NULL; /* by id */
	size_t nset = 0, set_alloc = 0;
	size_t *set_of = xmalloc((p->nsample + 1) * sizeof(*set_of));
	struct grouped {
		size_t si;
		int64_t w, dw;
	} *order = NULL; /* the samples, grouped by label set */
	size_t *start = NULL;
	struct tag_sum *sum = NULL;
	size_t nsum = 0, sum_alloc = 0;
	struct graph_node **buf = NULL;
	size_t buf_alloc = 0;

	/* each sample's label set, numbered in order of first use */
	for (size_t si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->sample[si];
		set_of[si] = SIZE_MAX;
		if (!s->value[o->sample_index] &&
		    (o->mean_index < 0 || !s->value[o->mean_index]))
			continue;
		struct raw_labels rk = { s->label, s->nlabel, NULL };
		uint64_t rh = raw_labels_hash(s->label, s->nlabel);
		struct raw_labels *r = hashmap_get(&raws, rh, &rk, raw_labels_eq);
		if (r) {
			set_of[si] = r->set->id;
			continue;
		}
		sample_num_tags(g, s, o, &sb);
		struct tag_set k = { join_labels(g, s, o, &sb),
				     g->priv->num_tags, g->priv->nnum_tags, 0 };
		uint64_t h = tag_set_hash(&k);
		struct tag_set *t = hashmap_get(&sets, h, &k, tag_set_eq);
		if (!t) {
			t = arena_alloc(&g->priv->arena, sizeof(*t));
			*t = k;
			t->num = arena_alloc(&g->priv->arena,
					     (k.nnum + 1) * sizeof(*t->num));
			if (k.nnum) /* num_tags is NULL before the first */
				memcpy(t->num, k.num, k.nnum * sizeof(*t->num));
			t->id = nset;
			hashmap_add(&sets, h, t);
			ALLOC_GROW(set, nset + 1, set_alloc);
			set[nset++] = t;
		}
		set_of[si] = t->id;
		r = arena_alloc(&g->priv->arena, sizeof(*r));
		*r = (struct raw_labels){ s->label, s->nlabel, t };
		hashmap_add(&raws, rh, r);
	}
	g->priv->tag_sample = NULL;
	hashmap_release(&raws);

	/* samples grouped by label set (a counting sort keeps each group in
	 * sample order) */
	start = xcalloc(nset + 1, sizeof(*start));
	size_t nused = 0;
	for (size_t si = 0; si < p->nsample; si++)
		if (set_of[si] != SIZE_MAX) {
			start[set_of[si] + 1]++;
			nused++;
		}
	for (size_t i = 0; i < nset; i++)
		start[i + 1] += start[i];
	/* with the weights: the grouped walk would miss the cache on every
	 * sample's values */
	order = xmalloc((nused + 1) * sizeof(*order));
	for (size_t si = 0; si < p->nsample; si++) {
		if (set_of[si] == SIZE_MAX)
			continue;
		const int64_t *v = p->sample[si].value;
		order[start[set_of[si]]++] = (struct grouped){
			si, v[o->sample_index],
			o->mean_index >= 0 ? v[o->mean_index] : 0 };
	}

	/* each group's sums per node; start[k] is now group k's end */
	size_t from = 0;
	for (size_t k = 0; k < nset; k++) {
		size_t group = ++g->priv->tag_group;
		for (size_t x = from; x < start[k]; x++) {
			size_t si = order[x].si;
			int64_t w = order[x].w, dw = order[x].dw;
			/* the grouped order jumps between samples: ask for
			 * the coming ones' frames ahead, in two steps */
			if (x + 2 * PREFETCH_AHEAD < start[k]) {
				size_t ahead = order[x + 2 * PREFETCH_AHEAD].si;
				__builtin_prefetch(map ? (const void *)&o->cache->off[ahead]
						       : (const void *)&p->sample[ahead]);
			}
			if (x + PREFETCH_AHEAD < start[k]) {
				size_t ahead = order[x + PREFETCH_AHEAD].si;
				if (map) { /* a stack spans a line or two */
					const struct graph_cache *c = o->cache;
					__builtin_prefetch(&c->frame[c->off[ahead]]);
					__builtin_prefetch(&c->frame[c->off[ahead + 1]] - 1);
				} else {
					__builtin_prefetch(p->sample[ahead].location);
				}
			}
			size_t stamp = ++g->priv->stamp;
			size_t nn = sample_nodes(g, o, map, si, &buf,
						 &buf_alloc);
			for (size_t i = 0; i < nn; i++) {
				struct graph_node *n = buf[i];
				if (!n || node_priv(n)->seen == stamp)
					continue;
				node_priv(n)->seen = stamp;
				if (node_priv(n)->tag_group != group) {
					node_priv(n)->tag_group = group;
					node_priv(n)->tag_sum = nsum;
					ALLOC_GROW(sum, nsum + 1, sum_alloc);
					sum[nsum++] = (struct tag_sum){
						n, set[k], si, 0, 0, 0, 0 };
				}
				struct tag_sum *u = &sum[node_priv(n)->tag_sum];
				u->cum = wrap_add(u->cum, w);
				u->cum_div = wrap_add(u->cum_div, dw);
			}
			if (nn && buf[nn - 1]) {
				struct tag_sum *u =
					&sum[node_priv(buf[nn - 1])->tag_sum];
				u->flat = wrap_add(u->flat, w);
				u->flat_div = wrap_add(u->flat_div, dw);
			}
		}
		from = start[k];
	}

	/* each node's sums in the order of their first samples */
	if (nsum)
		qsort(sum, nsum, sizeof(*sum), cmp_tag_sum);
	for (size_t i = 0; i < nsum; i++) {
		const struct tag_sum *u = &sum[i];
		struct graph_node *n = u->node;
		const char *labels = u->set->labels;
		if (*labels)
			tag_add_sum(find_or_add_tag(g, n, NULL, &n->label_tags,
						    labels, g->priv->empty, 0),
				    u);
		struct graph_numeric_tags *nt = numeric_group(g, n, labels);
		for (size_t j = 0; j < u->set->nnum; j++) {
			const struct graph_tag *t = &u->set->num[j];
			tag_add_sum(find_or_add_tag(g, n, labels, &nt->tags,
						    t->name, t->unit, t->value),
				    u);
		}
	}
	strbuf_release(&sb);
	hashmap_release(&sets);
	free(set);
	free(set_of);
	free(order);
	free(start);
	free(sum);
	free(buf);
}

/* build_graph over a cache's flattened stacks: the same walk without
 * touching locations. */
static void build_graph_cached(struct graph *g, const struct graph_options *o)
{
	struct profile *p = g->priv->prof;
	struct graph_cache *c = o->cache;
	struct strbuf sb = STRBUF_INIT;
	if (!c->ready)
		cache_fill(c, p, o);
	struct graph_node **map = xmalloc((c->ninfo + 1) * sizeof(*map));
	for (size_t i = 0; i < c->ninfo; i++)
		map[i] = find_or_insert(g, &c->info[i], o->kept, NULL);
	for (size_t si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->sample[si];
		/* Each sample's values are in a cache line of their own. */
		if (si + PREFETCH_AHEAD < p->nsample)
			__builtin_prefetch(
				&p->sample[si + PREFETCH_AHEAD]
					 .value[o->sample_index]);
		int64_t w = s->value[o->sample_index];
		int64_t dw = o->mean_index >= 0 ? s->value[o->mean_index] : 0;
		if (!w && !dw)
			continue;
		size_t stamp = ++g->priv->stamp;
		const char *labels = NULL; /* tags: add_tags, once */
		struct graph_node *parent = NULL;
		bool residual = false;
		for (size_t j = c->off[si + 1]; j-- > c->off[si];) {
			uint32_t f = c->frame[j];
			struct graph_node *n = map[f & ~INLINE_BIT];
			if (!n) {
				residual = true;
				continue;
			}
			if (node_priv(n)->seen != stamp) {
				node_priv(n)->seen = stamp;
				add_sample(g, n, dw, w, labels, s, o, false, &sb);
			}
			if (parent && n != parent && !o->no_edges) {
				/* Stacks repeat: try the parent's last edge,
				 * then its few out-edges (all of them while
				 * building), before hashing. */
				struct graph_edge *e = node_priv(parent)->last_out;
				if (!e || e->dest != n)
					e = find_out_edge(g, parent, n);
				bool inl = (f & INLINE_BIT) != 0;
				if (!e)
					e = edge_create(g, edge_hash(parent, n),
							parent, n, dw, w,
							residual, inl);
				else if (edge_priv(e)->seen != stamp)
					edge_update(e, dw, w, residual, inl);
				edge_priv(e)->seen = stamp;
				node_priv(parent)->last_out = e;
			}
			parent = n;
			residual = false;
		}
		if (parent && !residual)
			add_sample(g, parent, dw, w, labels, s, o, true, &sb);
	}
	if (o->tags)
		add_tags(g, o, map);
	free(map);
	strbuf_release(&sb);
	select_nodes(g, o->drop_negative);
}

static void build_tree(struct graph *g, const struct graph_options *o)
{
	struct profile *p = g->priv->prof;
	struct strbuf sb = STRBUF_INIT;
	for (size_t si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->sample[si];
		int64_t w = s->value[o->sample_index];
		int64_t dw = o->mean_index >= 0 ? s->value[o->mean_index] : 0;
		if (!w && !dw)
			continue;
		const char *labels = o->tags ? join_labels(g, s, o, &sb) : NULL;
		struct graph_node *parent = NULL;
		for (size_t i = s->nlocation; i-- > 0;) {
			const struct profile_location *l = s->location[i];
			size_t nl = l->nline ? l->nline : 1;
			for (size_t li = nl; li-- > 0;) {
				struct graph_node_info ni;
				make_info(g, l, l->nline ? &l->line[li] : NULL,
					  o, &ni);
				struct graph_node *n =
					find_or_insert(g, &ni, o->kept, parent);
				if (!n)
					continue;
				add_sample(g, n, dw, w, labels, s, o, false,
					   &sb);
				if (parent)
					add_to_edge(g, parent, n, dw, w, false,
						    li != nl - 1);
				parent = n;
			}
		}
		if (parent)
			add_sample(g, parent, dw, w, labels, s, o, true, &sb);
	}
	strbuf_release(&sb);
	select_nodes(g, o->drop_negative);
}

struct graph *graph_new(struct profile *prof, const struct graph_options *o)
{
	struct graph *g = graph_alloc(prof, o->call_tree);
	if (o->call_tree)
		build_tree(g, o);
	else if (o->cache)
		build_graph_cached(g, o);
	else
		build_graph(g, o);
	return g;
}

struct graph *graph_create_nodes(struct profile *prof,
				 const struct graph_options *o)
{
	struct graph *g = graph_alloc(prof, false);
	create_nodes(g, o);
	for (size_t i = 0; i < g->priv->nall; i++) {
		ALLOC_GROW(g->nodes, g->nnodes + 1, g->priv->nodes_alloc);
		g->nodes[g->nnodes++] = g->priv->all[i];
	}
	return g;
}

void graph_free(struct graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->priv->nall; i++) {
		struct graph_node *n = g->priv->all[i];
		free(n->in.edge);
		free(n->out.edge);
		free(n->label_tags.tag);
		for (size_t k = 0; k < n->nnumeric_tags; k++)
			free(n->numeric_tags[k].tags.tag);
		free(n->numeric_tags);
	}
	free(g->priv->all);
	free(g->nodes);
	hashmap_release(&g->priv->node_map);
	hashmap_release(&g->priv->edge_map);
	hashmap_release(&g->priv->tag_map);
	hashmap_release(&g->priv->loc_map);
	free(g->priv->loc_by_id);
	free(g->priv->num_tags);
	arena_release(&g->priv->arena);
	free(g);
}

void graph_sum(const struct graph *g, int64_t *flat, int64_t *cum)
{
	int64_t f = 0, c = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		f = wrap_add(f, g->nodes[i]->flat);
		c = wrap_add(c, g->nodes[i]->cum);
	}
	*flat = f;
	*cum = c;
}

/* ---- sorting ---- */

/* compareNodes: fmt.Sprint of the infos. Call-tree nodes can be equal
 * here; where they end up is then Go's sort.Sort's doing (gosort). */
static int cmp_sprint(const struct graph_node *l, const struct graph_node *r)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	graph_info_sprint(&a, &l->info);
	graph_info_sprint(&b, &r->info);
	int c = strcmp(a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	return c;
}

#define DESC(a, b) do { if ((a) != (b)) return (a) > (b) ? -1 : 1; } while (0)
#define ASC(a, b) do { if ((a) != (b)) return (a) < (b) ? -1 : 1; } while (0)

static int cmp_flat_name(const void *pa, const void *pb)
{
	const struct graph_node *l = *(struct graph_node *const *)pa;
	const struct graph_node *r = *(struct graph_node *const *)pb;
	DESC(wrap_abs(l->flat), wrap_abs(r->flat));
	int c = strcmp(l->printable, r->printable);
	if (c)
		return c;
	DESC(wrap_abs(l->cum), wrap_abs(r->cum));
	return cmp_sprint(l, r);
}

static int cmp_flat_cum_name(const void *pa, const void *pb)
{
	const struct graph_node *l = *(struct graph_node *const *)pa;
	const struct graph_node *r = *(struct graph_node *const *)pb;
	DESC(wrap_abs(l->flat), wrap_abs(r->flat));
	DESC(wrap_abs(l->cum), wrap_abs(r->cum));
	int c = strcmp(l->printable, r->printable);
	if (c)
		return c;
	return cmp_sprint(l, r);
}

static int cmp_score(const void *pa, const void *pb)
{
	const struct graph_node *l = *(struct graph_node *const *)pa;
	const struct graph_node *r = *(struct graph_node *const *)pb;
	DESC(wrap_abs(node_priv(l)->score), wrap_abs(node_priv(r)->score));
	int c = strcmp(l->printable, r->printable);
	if (c)
		return c;
	DESC(wrap_abs(l->flat), wrap_abs(r->flat));
	return cmp_sprint(l, r);
}

static int cmp_name(const void *pa, const void *pb)
{
	const struct graph_node *l = *(struct graph_node *const *)pa;
	const struct graph_node *r = *(struct graph_node *const *)pb;
	int c = strcmp(l->info.name, r->info.name);
	if (c)
		return c;
	return cmp_sprint(l, r);
}

static int cmp_file(const void *pa, const void *pb)
{
	const struct graph_node *l = *(struct graph_node *const *)pa;
	const struct graph_node *r = *(struct graph_node *const *)pb;
	int c = strcmp(l->info.file, r->info.file);
	if (c)
		return c;
	ASC(l->info.start_line, r->info.start_line);
	return cmp_sprint(l, r);
}

static int cmp_address(const void *pa, const void *pb)
{
	const struct graph_node *l = *(struct graph_node *const *)pa;
	const struct graph_node *r = *(struct graph_node *const *)pb;
	ASC(l->info.address, r->info.address);
	return cmp_sprint(l, r);
}

/* The orders as Go's Less, for gosort. */
#define LESS(name) \
	static bool less_##name(const void *a, const void *b) \
	{ \
		return cmp_##name(&a, &b) < 0; \
	}
LESS(flat_name)
LESS(flat_cum_name)
LESS(score)
LESS(name)
LESS(file)
LESS(address)
#undef LESS

static double edge_entropy(const struct graph_edge_list *l, int64_t self)
{
	double score = 0;
	int64_t total = self;
	for (size_t i = 0; i < l->nedge; i++)
		if (l->edge[i]->weight > 0)
			total = wrap_add(total, wrap_abs(l->edge[i]->weight));
	if (total != 0) {
		for (size_t i = 0; i < l->nedge; i++) {
			double frac = (double)wrap_abs(l->edge[i]->weight) /
				      (double)total;
			score += -frac * log2(frac);
		}
		if (self > 0) {
			double frac = (double)wrap_abs(self) / (double)total;
			score += -frac * log2(frac);
		}
	}
	return score;
}

/* Favors entry and leaf nodes and nodes where many paths meet. */
static int64_t entropy_score(const struct graph_node *n)
{
	double score = 0;
	if (!n->in.nedge)
		score++;
	else
		score += edge_entropy(&n->in, 0);
	if (!n->out.nedge)
		score++;
	else
		score += edge_entropy(&n->out, n->flat);
	return wrap_add(wrap_from_double(score * (double)n->cum), n->flat);
}

void graph_sort_node_array(struct graph_node **nodes, size_t n,
			   enum graph_order order)
{
	gosort_less_fn less = less_flat_name;
	switch (order) {
	case GRAPH_ORDER_FLAT_NAME:
		less = less_flat_name;
		break;
	case GRAPH_ORDER_FLAT_CUM_NAME:
		less = less_flat_cum_name;
		break;
	case GRAPH_ORDER_CUM_NAME:
		for (size_t i = 0; i < n; i++)
			node_priv(nodes[i])->score = nodes[i]->cum;
		less = less_score;
		break;
	case GRAPH_ORDER_ENTROPY:
		for (size_t i = 0; i < n; i++)
			node_priv(nodes[i])->score = entropy_score(nodes[i]);
		less = less_score;
		break;
	case GRAPH_ORDER_NAME:
		less = less_name;
		break;
	case GRAPH_ORDER_FILE:
		less = less_file;
		break;
	case GRAPH_ORDER_ADDRESS:
		less = less_address;
		break;
	}
	/* Go's sort.Sort, not qsort: in a call tree, nodes that compare
	 * equal (one function on two paths) keep the places pprof gives
	 * them when the input order is pprof's too (after a first sort) */
	gosort_ptrs((void **)nodes, n, less);
}

void graph_sort(struct graph *g, enum graph_order order)
{
	graph_sort_node_array(g->nodes, g->nnodes, order);
}

void graph_sort_nodes(struct graph *g, bool cum, bool visual)
{
	if (visual)
		graph_sort(g, GRAPH_ORDER_ENTROPY);
	else if (cum)
		graph_sort(g, GRAPH_ORDER_CUM_NAME);
	else
		graph_sort(g, GRAPH_ORDER_FLAT_NAME);
}

static int cmp_edge(const void *pa, const void *pb)
{
	const struct graph_edge *l = *(struct graph_edge *const *)pa;
	const struct graph_edge *r = *(struct graph_edge *const *)pb;
	DESC(wrap_abs(l->weight), wrap_abs(r->weight));
	int c = strcmp(l->src->printable, r->src->printable);
	if (c)
		return c;
	c = strcmp(l->dest->printable, r->dest->printable);
	if (c)
		return c;
	ASC(node_priv(l->src)->seq, node_priv(r->src)->seq);
	ASC(node_priv(l->dest)->seq, node_priv(r->dest)->seq);
	return 0;
}

struct graph_edge **graph_edges_sorted(const struct graph_edge_list *l)
{
	struct graph_edge **v = xmalloc((l->nedge + 1) * sizeof(*v));
	if (l->nedge) /* an empty list may have no array */
		memcpy(v, l->edge, l->nedge * sizeof(*v));
	if (l->nedge > 1)
		qsort(v, l->nedge, sizeof(*v), cmp_edge);
	return v;
}

/* pprof's SortTags: |cum| descending (unless by flat), then |flat|
 * descending, then name; equal keys fall back on the value and the
 * address so that output never depends on qsort's order. */
static int cmp_tag(const struct graph_tag *l, const struct graph_tag *r,
		   bool flat)
{
	if (!flat)
		DESC(wrap_abs(l->cum), wrap_abs(r->cum));
	DESC(wrap_abs(l->flat), wrap_abs(r->flat));
	int c = strcmp(l->name, r->name);
	if (c)
		return c;
	if (l->value != r->value)
		return l->value < r->value ? -1 : 1;
	return l < r ? -1 : l > r;
}

static int cmp_tag_flat(const void *pa, const void *pb)
{
	return cmp_tag(*(struct graph_tag *const *)pa,
		       *(struct graph_tag *const *)pb, true);
}

static int cmp_tag_cum(const void *pa, const void *pb)
{
	return cmp_tag(*(struct graph_tag *const *)pa,
		       *(struct graph_tag *const *)pb, false);
}

void graph_sort_tags(struct graph_tag **tags, size_t n, bool flat)
{
	if (n > 1)
		qsort(tags, n, sizeof(*tags), flat ? cmp_tag_flat : cmp_tag_cum);
}

size_t graph_node_seq(const struct graph_node *n)
{
	return node_priv(n)->seq;
}

/* ---- trimming ---- */

void graph_discard_low_frequency_nodes(const struct graph *g, int64_t cutoff,
				       struct graph_node_set *kept)
{
	for (size_t i = 0; i < g->nnodes; i++)
		if (wrap_abs(g->nodes[i]->cum) >= cutoff)
			graph_node_set_add(kept, &g->nodes[i]->info);
}

bool *graph_discard_low_frequency_node_ptrs(const struct graph *g,
					    int64_t cutoff)
{
	bool *kept = xcalloc(g->nnodes + 1, sizeof(*kept));
	for (size_t i = 0; i < g->nnodes; i++)
		kept[i] = wrap_abs(g->nodes[i]->cum) >= cutoff;
	return kept;
}

static size_t count_tags(const struct graph_node *n)
{
	size_t c = 0;
	for (size_t i = 0; i < n->label_tags.ntag; i++)
		if (n->label_tags.tag[i]->flat)
			c++;
	for (size_t k = 0; k < n->nnumeric_tags; k++)
		for (size_t i = 0; i < n->numeric_tags[k].tags.ntag; i++)
			if (n->numeric_tags[k].tags.tag[i]->flat)
				c++;
	return c;
}

static size_t top_count(const struct graph *g, int max_nodes, bool visual)
{
	size_t max = max_nodes > 0 ? (size_t)max_nodes : 0;
	if (max_nodes > 0 && visual) {
		size_t count = 0;
		for (size_t i = 0; i < g->nnodes; i++) {
			size_t t = count_tags(g->nodes[i]);
			if (t > MAX_NODELETS)
				t = MAX_NODELETS;
			count += t + 1;
			if (count >= max) {
				max = i + 1;
				break;
			}
		}
	}
	return max > g->nnodes ? g->nnodes : max;
}

void graph_select_top_nodes(const struct graph *g, int max_nodes,
			    bool visual, struct graph_node_set *kept)
{
	size_t n = top_count(g, max_nodes, visual);
	/* pprof's node set keeps a node whose |cum| is at least 0, and Go's
	 * |MinInt64| is negative */
	for (size_t i = 0; i < n; i++)
		if (wrap_abs(g->nodes[i]->cum) >= 0)
			graph_node_set_add(kept, &g->nodes[i]->info);
}

bool *graph_select_top_node_ptrs(const struct graph *g, int max_nodes,
				 bool visual)
{
	bool *kept = xcalloc(g->nnodes + 1, sizeof(*kept));
	size_t n = top_count(g, max_nodes, visual);
	for (size_t i = 0; i < n; i++)
		kept[i] = true;
	return kept;
}

static void trim_tag_map(struct graph_tag_map *m, int64_t min)
{
	size_t w = 0;
	for (size_t i = 0; i < m->ntag; i++) {
		struct graph_tag *t = m->tag[i];
		if (wrap_abs(t->flat) >= min || wrap_abs(t->cum) >= min)
			m->tag[w++] = t;
	}
	m->ntag = w;
}

void graph_trim_low_frequency_tags(struct graph *g, int64_t cutoff)
{
	for (size_t i = 0; i < g->nnodes; i++) {
		struct graph_node *n = g->nodes[i];
		trim_tag_map(&n->label_tags, cutoff);
		for (size_t k = 0; k < n->nnumeric_tags; k++)
			trim_tag_map(&n->numeric_tags[k].tags, cutoff);
	}
}

static void compact_removed(struct graph_edge_list *l)
{
	size_t w = 0;
	for (size_t i = 0; i < l->nedge; i++)
		if (!edge_priv(l->edge[i])->removed)
			l->edge[w++] = l->edge[i];
	l->nedge = w;
}

int graph_trim_low_frequency_edges(struct graph *g, int64_t cutoff)
{
	int dropped = 0;
	/* Mark first, then compact every list once: nodes with thousands of
	 * edges would make one-by-one deletion quadratic. */
	for (size_t i = 0; i < g->nnodes; i++) {
		struct graph_node *n = g->nodes[i];
		for (size_t k = 0; k < n->in.nedge; k++) {
			struct graph_edge *e = n->in.edge[k];
			if (!edge_priv(e)->removed && wrap_abs(e->weight) < cutoff) {
				edge_priv(e)->removed = true;
				dropped++;
			}
		}
	}
	if (!dropped)
		return 0;
	for (size_t i = 0; i < g->priv->nall; i++) {
		compact_removed(&g->priv->all[i]->in);
		compact_removed(&g->priv->all[i]->out);
	}
	return dropped;
}

/* An edge is redundant when its source also reaches its destination
 * through other nodes' in-edges. */
static bool is_redundant_edge(struct graph *g, const struct graph_edge *e,
			      struct graph_node ***queue, size_t *qalloc)
{
	struct graph_node *src = e->src;
	size_t stamp = ++g->priv->stamp;
	size_t head = 0, tail = 0;
	ALLOC_GROW(*queue, 1, *qalloc);
	node_priv(e->dest)->seen = stamp;
	(*queue)[tail++] = e->dest;
	while (head < tail) {
		struct graph_node *n = (*queue)[head++];
		for (size_t i = 0; i < n->in.nedge; i++) {
			struct graph_edge *ie = n->in.edge[i];
			if (ie == e || node_priv(ie->src)->seen == stamp)
				continue;
			if (ie->src == src)
				return true;
			node_priv(ie->src)->seen = stamp;
			ALLOC_GROW(*queue, tail + 1, *qalloc);
			(*queue)[tail++] = ie->src;
		}
	}
	return false;
}

void graph_remove_redundant_edges(struct graph *g)
{
	struct graph_node **queue = NULL;
	size_t qalloc = 0;
	for (size_t i = g->nnodes; i > 0; i--) {
		struct graph_node *n = g->nodes[i - 1];
		struct graph_edge **in = graph_edges_sorted(&n->in);
		for (size_t j = n->in.nedge; j > 0; j--) {
			struct graph_edge *e = in[j - 1];
			if (!e->residual)
				break;
			if (is_redundant_edge(g, e, &queue, &qalloc))
				graph_remove_edge(e);
		}
		free(in);
	}
	free(queue);
}

void graph_trim_tree(struct graph *g, const bool *kept)
{
	size_t stamp = ++g->priv->stamp;
	for (size_t i = 0; i < g->nnodes; i++)
		if (kept[i])
			node_priv(g->nodes[i])->seen = stamp;
	size_t w = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		struct graph_node *cur = g->nodes[i];
		if (node_priv(cur)->seen == stamp) {
			g->nodes[w++] = cur;
			continue;
		}
		if (!cur->in.nedge) {
			for (size_t k = 0; k < cur->out.nedge; k++)
				list_del(&cur->out.edge[k]->dest->in, cur->out.edge[k]);
			continue;
		}
		struct graph_edge *pe = cur->in.edge[0];
		struct graph_node *parent = pe->src;
		bool parent_inline = pe->is_inline;
		list_del(&parent->out, pe);
		for (size_t k = 0; k < cur->out.nedge; k++) {
			struct graph_edge *oe = cur->out.edge[k];
			struct graph_node *child = oe->dest;
			list_del(&child->in, oe);
			list_add(&child->in, oe);
			list_add(&parent->out, oe);
			oe->src = parent;
			oe->residual = true;
			oe->is_inline = parent_inline && oe->is_inline;
		}
	}
	g->nnodes = w;
	graph_remove_redundant_edges(g);
}
