/* filter: each filter compiles its regexps once and then walks samples
 * and locations in place, marking location lines rather than copying
 * stacks; match results are cached per location. */
#include "lib/transform/filter.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/diag.h"
#include "lib/base/error.h"
#include "lib/base/hashmap.h"
#include "lib/model/label_units.h"
#include "lib/model/profile.h"
#include "lib/gocompat/regex.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"
#include "lib/base/xalloc.h"

/* ---- per-location marks ---- */

enum {
	MARK_FOCUS = 1,
	MARK_IGNORE = 2,
	MARK_HIDDEN = 4,
	MARK_PRUNE = 8,
	MARK_BENEATH = 16,
};

struct mark {
	const struct profile_location *loc;
	unsigned flags;
};

struct marks {
	struct mark *item;
	struct hashmap map;
};

static bool mark_eq(const void *item, const void *key)
{
	return ((const struct mark *)item)->loc == key;
}

static uint64_t ptr_hash(const void *p)
{
	return hash_u64((uint64_t)(uintptr_t)p);
}

static void marks_init(struct marks *m, const struct profile *p)
{
	m->item = xcalloc(p->nlocation ? p->nlocation : 1, sizeof(*m->item));
	hashmap_init(&m->map, p->nlocation);
	for (size_t i = 0; i < p->nlocation; i++) {
		m->item[i].loc = p->location[i];
		hashmap_add(&m->map, ptr_hash(p->location[i]), &m->item[i]);
	}
}

static void marks_release(struct marks *m)
{
	hashmap_release(&m->map);
	free(m->item);
}

static unsigned marks_get(const struct marks *m,
			  const struct profile_location *loc)
{
	const struct mark *k = hashmap_get(&m->map, ptr_hash(loc), loc, mark_eq);
	return k ? k->flags : 0;
}

/* ---- name matching ---- */

static bool line_matches(const struct profile_line *ln, const struct regex *re)
{
	const struct profile_function *fn = ln->function;
	return fn && (regex_match(re, fn->name) || regex_match(re, fn->filename));
}

static bool mapping_matches(const struct profile_location *loc,
			    const struct regex *re)
{
	return loc->mapping && regex_match(re, loc->mapping->file);
}

/* pprof's matchesName: any line's function or file, or the mapping. */
static bool location_matches(const struct profile_location *loc,
			     const struct regex *re)
{
	for (size_t i = 0; i < loc->nline; i++)
		if (line_matches(&loc->line[i], re))
			return true;
	return mapping_matches(loc, re);
}

/* Keeps the lines for which line_matches(…) == keep; a line without a
 * function is always kept. Returns the new line count. */
static size_t select_lines(struct profile *p, struct profile_location *loc,
			   const struct regex *re, bool keep)
{
	size_t n = 0;
	for (size_t i = 0; i < loc->nline; i++)
		if (!loc->line[i].function ||
		    line_matches(&loc->line[i], re) == keep)
			n++;
	if (n == loc->nline)
		return n;
	struct profile_line *nl = n ? arena_alloc(&p->arena, n * sizeof(*nl)) : NULL;
	size_t k = 0;
	for (size_t i = 0; i < loc->nline; i++)
		if (!loc->line[i].function ||
		    line_matches(&loc->line[i], re) == keep)
			nl[k++] = loc->line[i];
	loc->line = nl;
	loc->nline = n;
	return n;
}

/* pprof's FilterSamplesByName. */
static void filter_by_name(struct profile *p, const struct regex *focus,
			   const struct regex *ignore, const struct regex *hide,
			   const struct regex *show, bool match[4])
{
	struct marks m;
	bool any_hidden = false;
	if (!focus && !ignore && !hide && !show) {
		/* pprof 1.23 leaves the profile alone, samples without
		 * locations included (1.19 dropped those). */
		match[0] = true;
		return;
	}
	marks_init(&m, p);
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *loc = p->location[i];
		unsigned *f = &m.item[i].flags;
		if (ignore && location_matches(loc, ignore)) {
			match[1] = true;
			*f |= MARK_IGNORE;
		} else if (!focus || location_matches(loc, focus)) {
			match[0] = true;
			*f |= MARK_FOCUS;
		}
		if (hide && location_matches(loc, hide)) {
			match[2] = true;
			if (mapping_matches(loc, hide)) {
				loc->line = NULL;
				loc->nline = 0;
			} else {
				select_lines(p, loc, hide, false);
			}
			if (!loc->nline)
				*f |= MARK_HIDDEN;
		}
		if (show) {
			if (!mapping_matches(loc, show))
				select_lines(p, loc, show, true);
			if (!loc->nline)
				*f |= MARK_HIDDEN;
			else
				match[3] = true;
		}
		if (*f & MARK_HIDDEN)
			any_hidden = true;
	}

	size_t kept = 0;
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		bool focused = false, ignored = false;
		for (size_t j = 0; j < s->nlocation && !ignored; j++) {
			unsigned f = marks_get(&m, s->location[j]);
			if (f & MARK_IGNORE)
				ignored = true;
			else if (f & MARK_FOCUS)
				focused = true;
		}
		if (ignored || !focused)
			continue;
		if (any_hidden) {
			size_t n = 0;
			for (size_t j = 0; j < s->nlocation; j++)
				if (!(marks_get(&m, s->location[j]) & MARK_HIDDEN))
					s->location[n++] = s->location[j];
			if (!n)
				continue;
			s->nlocation = n;
		}
		p->sample[kept++] = *s;
	}
	p->nsample = kept;
	marks_release(&m);
}

/* pprof's ShowFrom: keeps each stack from its rootmost matching frame
 * down to the leaf; samples without one are dropped. */
static bool show_from(struct profile *p, const struct regex *re)
{
	struct marks m;
	bool matched = false;
	marks_init(&m, p);
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *loc = p->location[i];
		bool hit = mapping_matches(loc, re);
		if (!hit) {
			for (size_t j = loc->nline; j-- > 0;)
				if (line_matches(&loc->line[j], re)) {
					loc->nline = j + 1; /* drop the callers inlined above */
					hit = true;
					break;
				}
		}
		if (hit) {
			m.item[i].flags |= MARK_FOCUS;
			matched = true;
		}
	}
	size_t kept = 0;
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		for (size_t j = s->nlocation; j-- > 0;)
			if (marks_get(&m, s->location[j]) & MARK_FOCUS) {
				s->nlocation = j + 1;
				p->sample[kept++] = *s;
				break;
			}
	}
	p->nsample = kept;
	marks_release(&m);
	return matched;
}

/* pprof's simplifyFunc: the name without a leading '.' and without the
 * argument list from the first '(' that does not belong to
 * "(anonymous namespace)" or "operator()". Returns the length kept. */
static const char *simplify_func(const char *name, size_t *len)
{
	static const char anon[] = "(anonymous namespace)", op[] = "operator()";
	if (*name == '.')
		name++;
	size_t i = 0;
	while (name[i]) {
		if (!strncmp(name + i, anon, sizeof(anon) - 1))
			i += sizeof(anon) - 1;
		else if (!strncmp(name + i, op, sizeof(op) - 1))
			i += sizeof(op) - 1;
		else if (name[i] == '(')
			break;
		else
			i++;
	}
	*len = i;
	return name;
}

static bool func_matches(const struct profile_line *ln, const struct regex *re)
{
	const struct profile_function *fn = ln->function;
	if (!fn || !*fn->name)
		return false;
	size_t len;
	const char *s = simplify_func(fn->name, &len);
	return regex_matchn(re, s, len);
}

/* pprof's PruneFrom: cut each stack above the leafmost frame whose
 * location has a matching function (that location keeps its lines from
 * the match outwards). */
static void prune_from(struct profile *p, const struct regex *re)
{
	struct marks m;
	marks_init(&m, p);
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *loc = p->location[i];
		for (size_t j = 0; j < loc->nline; j++)
			if (func_matches(&loc->line[j], re)) {
				m.item[i].flags |= MARK_BENEATH;
				loc->line += j;
				loc->nline -= j;
				break;
			}
	}
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		for (size_t j = 0; j < s->nlocation; j++)
			if (marks_get(&m, s->location[j]) & MARK_BENEATH) {
				s->location += j;
				s->nlocation -= j;
				break;
			}
	}
	marks_release(&m);
}

/* pprof's Prune (drop_frames/keep_frames). */
static void prune(struct profile *p, const struct regex *drop,
		  const struct regex *keep)
{
	struct marks m;
	marks_init(&m, p);
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *loc = p->location[i];
		size_t j;
		for (j = loc->nline; j-- > 0;) {
			const struct profile_line *ln = &loc->line[j];
			if (!ln->function || !*ln->function->name)
				continue;
			size_t len;
			const char *s = simplify_func(ln->function->name, &len);
			if (regex_matchn(drop, s, len) &&
			    !(keep && regex_matchn(keep, s, len)))
				break;
		}
		if (j == (size_t)-1)
			continue;
		m.item[i].flags |= MARK_BENEATH;
		if (j == loc->nline - 1) {
			m.item[i].flags |= MARK_PRUNE;
		} else {
			loc->line += j + 1;
			loc->nline -= j + 1;
		}
	}
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		/* from the root; frames before the first user frame stay, so
		 * a stack is never pruned to nothing by its runtime root */
		bool found_user = false;
		for (size_t j = s->nlocation; j-- > 0;) {
			unsigned f = marks_get(&m, s->location[j]);
			if (!(f & (MARK_PRUNE | MARK_BENEATH))) {
				found_user = true;
				continue;
			}
			if (!found_user)
				continue;
			size_t from = f & MARK_PRUNE ? j + 1 : j;
			s->location += from;
			s->nlocation -= from;
			break;
		}
	}
	marks_release(&m);
}

void filter_remove_uninteresting(struct profile *p)
{
	struct regex *drop = NULL, *keep = NULL;
	struct strbuf sb = STRBUF_INIT;
	if (!*p->drop_frames)
		return;
	strbuf_addf(&sb, "^(%s)$", p->drop_frames);
	drop = regex_compile(sb.buf);
	if (!drop)
		goto out;
	if (*p->keep_frames) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "^(%s)$", p->keep_frames);
		keep = regex_compile(sb.buf);
		if (!keep)
			goto out;
	}
	prune(p, drop, keep);
out:
	error_clear();
	regex_free(keep);
	regex_free(drop);
	strbuf_release(&sb);
}

/* ---- tag filters ---- */

/* The first match of ([+-]?[0-9]+)([A-Za-z]+)? at or after s[*pos]. */
static bool next_number(const char *s, size_t *pos, size_t *start,
			size_t *digits_end, size_t *end)
{
	for (size_t i = *pos; s[i]; i++) {
		size_t j = i;
		if ((s[j] == '+' || s[j] == '-') && s[j + 1] >= '0' && s[j + 1] <= '9')
			j++;
		if (!(s[j] >= '0' && s[j] <= '9'))
			continue;
		while (s[j] >= '0' && s[j] <= '9')
			j++;
		*start = i;
		*digits_end = j;
		while ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))
			j++;
		*end = *pos = j;
		return true;
	}
	return false;
}

static bool parse_int(const char *s, size_t len, int64_t *v)
{
	char buf[32];
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = 0;
	errno = 0;
	char *end;
	long long x = strtoll(buf, &end, 10);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

int filter_parse_range(const char *s, struct filter_range *r)
{
	size_t pos = 0, st[2], de[2], en[2];
	int n = 0;
	while (n < 2 && next_number(s, &pos, &st[n], &de[n], &en[n]))
		n++;
	if (!n)
		return 0;
	char unit0[64], unit1[64];
	int64_t v;
	size_t ul = en[0] - de[0];
	if (ul >= sizeof(unit0) || !parse_int(s + st[0], de[0] - st[0], &v))
		return 0;
	memcpy(unit0, s + de[0], ul);
	unit0[ul] = 0;
	memset(r, 0, sizeof(*r));
	r->lo = units_scale(v, unit0, unit0, &r->unit);
	/* an unknown unit comes back as unit0 itself, which dies with us */
	if (r->unit == unit0) {
		memcpy(r->unit_buf, unit0, ul + 1);
		r->unit = r->unit_buf;
	}
	size_t slen = strlen(s), mlen = en[0] - st[0];
	if (n == 1) {
		if (st[0] == 0 && slen == mlen) {
			r->hi = r->lo;
			r->has_lo = r->has_hi = 1;
		} else if (st[0] == 0 && slen == mlen + 1 && s[mlen] == ':') {
			r->has_lo = 1;
		} else if (st[0] == 1 && s[0] == ':' && slen == mlen + 1) {
			r->hi = r->lo;
			r->has_hi = 1;
		} else {
			return 0;
		}
		return 1;
	}
	/* exactly "A:B" */
	if (st[0] != 0 || s[en[0]] != ':' || st[1] != en[0] + 1 || en[1] != slen)
		return 0;
	ul = en[1] - de[1];
	if (ul >= sizeof(unit1) || !parse_int(s + st[1], de[1] - st[1], &v))
		return 0;
	memcpy(unit1, s + de[1], ul);
	unit1[ul] = 0;
	const char *u2;
	r->hi = units_scale(v, unit1, r->unit, &u2);
	if (strcmp(u2, r->unit))
		return 0;
	r->has_lo = r->has_hi = 1;
	return 1;
}

int filter_range_match(const struct filter_range *r, int64_t value,
		       const char *unit)
{
	const char *u;
	double sv = units_scale(value, unit, r->unit, &u);
	if (strcmp(u, r->unit))
		return 0;
	if (r->has_lo && sv < r->lo)
		return 0;
	if (r->has_hi && sv > r->hi)
		return 0;
	return 1;
}

/* One compiled -tagfocus/-tagignore. */
struct tag_filter {
	const char *key;        /* interned; NULL for any key */
	bool numeric;
	struct filter_range range;
	struct regex **rx;      /* string filters: comma-separated regexps */
	size_t nrx, rx_alloc;
	const struct label_units *units;
	struct strbuf scratch;  /* "key:value" */
};

static void tag_filter_release(struct tag_filter *t)
{
	for (size_t i = 0; i < t->nrx; i++)
		regex_free(t->rx[i]);
	free(t->rx);
	strbuf_release(&t->scratch);
}

static int tag_filter_compile(struct tag_filter *t, struct profile *p,
			      const char *name, const char *value,
			      const struct label_units *units)
{
	memset(t, 0, sizeof(*t));
	strbuf_init(&t->scratch);
	t->units = units;
	const char *eq = strchr(value, '=');
	if (eq) {
		t->key = profile_intern(p, value, (size_t)(eq - value));
		value = eq + 1;
	}
	if (filter_parse_range(value, &t->range)) {
		diag_note("%s:Interpreted '%s' as range, not regexp", name,
			  value);
		t->numeric = true;
		return 0;
	}
	const char *s = value;
	for (;;) {
		size_t len = strcspn(s, ",");
		char *part = xstrndup(s, len);
		struct regex *re = regex_compile(part);
		free(part);
		if (!re)
			return error_prefix("parsing %s regexp", name);
		ALLOC_GROW(t->rx, t->nrx + 1, t->rx_alloc);
		t->rx[t->nrx++] = re;
		if (!s[len])
			break;
		s += len + 1;
	}
	return 0;
}

static bool tag_filter_match(struct tag_filter *t, const struct profile_sample *s)
{
	if (t->numeric) {
		for (size_t j = 0; j < s->nlabel; j++) {
			const struct profile_label *l = &s->label[j];
			if (l->str || (t->key && strcmp(l->key, t->key)))
				continue;
			if (filter_range_match(&t->range, l->num,
					       label_units_get(t->units, l->key)))
				return true;
		}
		return false;
	}
	if (t->key) {
		/* any value of the key matching any of the regexps */
		for (size_t j = 0; j < s->nlabel; j++) {
			const struct profile_label *l = &s->label[j];
			if (!l->str || strcmp(l->key, t->key))
				continue;
			for (size_t k = 0; k < t->nrx; k++)
				if (regex_match(t->rx[k], l->str))
					return true;
		}
		return false;
	}
	/* every regexp matching some "key:value" */
	for (size_t k = 0; k < t->nrx; k++) {
		bool hit = false;
		for (size_t j = 0; j < s->nlabel && !hit; j++) {
			const struct profile_label *l = &s->label[j];
			if (!l->str)
				continue;
			strbuf_reset(&t->scratch);
			strbuf_addf(&t->scratch, "%s:%s", l->key, l->str);
			hit = regex_matchn(t->rx[k], t->scratch.buf, t->scratch.len);
		}
		if (!hit)
			return false;
	}
	return true;
}

/* pprof's FilterSamplesByTag. */
static void filter_by_tag(struct profile *p, struct tag_filter *focus,
			  struct tag_filter *ignore, bool *fm, bool *im)
{
	size_t kept = 0;
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		bool focused = !focus || tag_filter_match(focus, s);
		bool ignored = ignore && tag_filter_match(ignore, s);
		*fm = *fm || focused;
		*im = *im || ignored;
		if (focused && !ignored)
			p->sample[kept++] = *s;
	}
	p->nsample = kept;
}

/* pprof's FilterTagsByName. */
static void filter_tags_by_name(struct profile *p, const struct regex *show,
				const struct regex *hide, bool *sm, bool *hm)
{
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		/* the kept labels go to a new array: a copy's samples may
		 * share their labels with the profile copied */
		struct profile_label *kept = NULL;
		size_t n = 0;
		for (size_t j = 0; j < s->nlabel; j++) {
			const char *key = s->label[j].key;
			bool ms = !show || regex_match(show, key);
			bool mh = hide && regex_match(hide, key);
			*sm = *sm || ms;
			*hm = *hm || mh;
			if (ms && !mh) {
				if (kept)
					kept[n] = s->label[j];
				n++;
			} else if (!kept) {
				kept = arena_alloc(&p->arena,
						   (s->nlabel + 1) * sizeof(*kept));
				memcpy(kept, s->label, n * sizeof(*kept));
			}
		}
		if (kept)
			s->label = kept;
		s->nlabel = n;
	}
}

static int compile_option(const char *name, const char *value,
			  struct regex **re)
{
	*re = NULL;
	if (!value || !*value)
		return 0;
	*re = regex_compile(value);
	if (!*re)
		return error_prefix("parsing %s regexp", name);
	return 0;
}

static void warn_no_match(bool set, bool matched, const char *option)
{
	if (set && !matched)
		diag_note("%s expression matched no samples", option);
}

int filter_apply(struct profile *p, const struct filter_options *o,
		 const struct label_units *units)
{
	enum { FOCUS, IGNORE, HIDE, SHOW, SHOW_FROM, PRUNE_FROM, TAGSHOW,
	       TAGHIDE, NRE };
	struct regex *re[NRE] = { 0 };
	struct tag_filter tf[2];
	bool has_tf[2] = { false, false };
	int ret = -1;

	/* pprof compiles in this order and reports the first failure */
	if (compile_option("focus", o->focus, &re[FOCUS]) ||
	    compile_option("ignore", o->ignore, &re[IGNORE]) ||
	    compile_option("hide", o->hide, &re[HIDE]) ||
	    compile_option("show", o->show, &re[SHOW]) ||
	    compile_option("show_from", o->show_from, &re[SHOW_FROM]))
		goto out;
	const char *tnames[2] = { "tagfocus", "tagignore" };
	const char *tvals[2] = { o->tagfocus, o->tagignore };
	for (int i = 0; i < 2; i++) {
		if (!tvals[i] || !*tvals[i])
			continue;
		has_tf[i] = true;
		if (tag_filter_compile(&tf[i], p, tnames[i], tvals[i], units))
			goto out;
	}
	if (compile_option("prune_from", o->prune_from, &re[PRUNE_FROM]))
		goto out;

	bool nm[4] = { false, false, false, false };
	filter_by_name(p, re[FOCUS], re[IGNORE], re[HIDE], re[SHOW], nm);
	warn_no_match(re[FOCUS], nm[0], "Focus");
	warn_no_match(re[IGNORE], nm[1], "Ignore");
	warn_no_match(re[HIDE], nm[2], "Hide");
	warn_no_match(re[SHOW], nm[3], "Show");
	if (re[SHOW_FROM])
		warn_no_match(true, show_from(p, re[SHOW_FROM]),
			      "ShowFrom");

	bool tfm = false, tim = false;
	filter_by_tag(p, has_tf[0] ? &tf[0] : NULL, has_tf[1] ? &tf[1] : NULL,
		      &tfm, &tim);
	warn_no_match(has_tf[0], tfm, "TagFocus");
	warn_no_match(has_tf[1], tim, "TagIgnore");

	if (compile_option("tagshow", o->tagshow, &re[TAGSHOW]) ||
	    compile_option("taghide", o->taghide, &re[TAGHIDE]))
		goto out;
	bool tsm = false, thm = false;
	filter_tags_by_name(p, re[TAGSHOW], re[TAGHIDE], &tsm, &thm);
	warn_no_match(re[TAGSHOW], tsm, "TagShow");
	warn_no_match(re[TAGHIDE], thm, "TagHide");

	if (re[PRUNE_FROM])
		prune_from(p, re[PRUNE_FROM]);
	ret = 0;
out:
	for (int i = 0; i < 2; i++)
		if (has_tf[i])
			tag_filter_release(&tf[i]);
	for (int i = 0; i < NRE; i++)
		regex_free(re[i]);
	return ret;
}

/* ---- -tagroot, -tagleaf ---- */

struct label_loc {
	const char *name, *file; /* interned */
	struct profile_location *loc;
};

static bool label_loc_eq(const void *item, const void *key)
{
	const struct label_loc *a = item, *b = key;
	return a->name == b->name && a->file == b->file;
}

struct label_nodes {
	struct profile *p;
	struct hashmap map;
	struct label_loc *items; /* arena */
	uint64_t next_loc, next_fn;
	const char *output_unit;
	struct strbuf sb;
};

static struct profile_location *label_loc(struct label_nodes *ln,
					  const char *name, const char *file)
{
	struct label_loc key = { name, file, NULL };
	uint64_t h = hash_combine(ptr_hash(name), ptr_hash(file));
	struct label_loc *e = hashmap_get(&ln->map, h, &key, label_loc_eq);
	if (e)
		return e->loc;
	struct profile_function *fn = profile_add_function(ln->p);
	fn->id = ln->next_fn++;
	fn->name = name;
	fn->filename = file;
	struct profile_location *loc = profile_add_location(ln->p, 1);
	loc->id = ln->next_loc++;
	loc->line[0].function = fn;
	loc->line[0].line = 0;
	e = arena_alloc(&ln->p->arena, sizeof(*e));
	*e = (struct label_loc){ name, file, loc };
	hashmap_add(&ln->map, h, e);
	return loc;
}

/* pprof's formatLabelValues joined by ",": string values, then numeric
 * ones scaled to the output unit (only when the sample has units). */
static const char *label_values(struct label_nodes *ln,
				const struct profile_sample *s,
				const char *key, bool *any)
{
	bool has_units = false;
	for (size_t j = 0; j < s->nlabel; j++)
		if (!s->label[j].str && *s->label[j].unit)
			has_units = true;
	strbuf_reset(&ln->sb);
	bool first = true;
	for (size_t j = 0; j < s->nlabel; j++)
		if (s->label[j].str && s->label[j].key == key) {
			strbuf_addf(&ln->sb, "%s%s", first ? "" : ",", s->label[j].str);
			first = false;
		}
	for (size_t j = 0; j < s->nlabel; j++) {
		const struct profile_label *l = &s->label[j];
		if (l->str || l->key != key)
			continue;
		if (!first)
			strbuf_addch(&ln->sb, ',');
		if (has_units)
			units_scaled_label(&ln->sb, l->num, l->unit, ln->output_unit);
		else
			units_scaled_label(&ln->sb, l->num, "", "");
		first = false;
	}
	if (!first)
		*any = true;
	return profile_intern(ln->p, ln->sb.buf, ln->sb.len);
}

/* Splits a comma list into interned non-empty keys. */
static size_t split_keys(struct profile *p, const char *list,
			 const char ***keys)
{
	size_t n = 0, alloc = 0;
	*keys = NULL;
	while (list && *list) {
		size_t len = strcspn(list, ",");
		if (len) {
			ALLOC_GROW(*keys, n + 1, alloc);
			(*keys)[n++] = profile_intern(p, list, len);
		}
		list += len + (list[len] == ',');
	}
	return n;
}

void filter_add_label_nodes(struct profile *p, const char *root_keys,
			    const char *leaf_keys, const char *output_unit)
{
	const char **root, **leaf;
	size_t nroot = split_keys(p, root_keys, &root);
	size_t nleaf = split_keys(p, leaf_keys, &leaf);
	bool rootm = false, leafm = false;
	struct label_nodes ln = { .p = p, .output_unit = output_unit };

	strbuf_init(&ln.sb);
	hashmap_init(&ln.map, 16);
	for (size_t i = 0; i < p->nlocation; i++)
		if (p->location[i]->id >= ln.next_loc)
			ln.next_loc = p->location[i]->id;
	for (size_t i = 0; i < p->nfunction; i++)
		if (p->function[i]->id >= ln.next_fn)
			ln.next_fn = p->function[i]->id;
	ln.next_loc++;
	ln.next_fn++;

	/* pprof makes the frames even when no key is set; then stacks are
	 * merely copied, so skip the work */
	if (!nroot && !nleaf)
		goto out;
	for (size_t i = 0; i < p->nsample; i++) {
		struct profile_sample *s = &p->sample[i];
		size_t n = nleaf + s->nlocation + nroot;
		struct profile_location **locs =
			arena_alloc(&p->arena, n * sizeof(*locs));
		/* keys walked backwards: the first key ends up outermost;
		 * root frames are made before leaf ones, as pprof numbers
		 * them */
		size_t k = nleaf + s->nlocation;
		for (size_t j = nroot; j-- > 0;)
			locs[k++] = label_loc(&ln, label_values(&ln, s, root[j], &rootm),
					      root[j]);
		k = 0;
		for (size_t j = nleaf; j-- > 0;)
			locs[k++] = label_loc(&ln, label_values(&ln, s, leaf[j], &leafm),
					      leaf[j]);
		if (s->nlocation) /* an empty stack may have no array */
			memcpy(locs + k, s->location, s->nlocation * sizeof(*locs));
		s->location = locs;
		s->nlocation = n;
	}
out:
	warn_no_match(root_keys && *root_keys, rootm, "TagRoot");
	warn_no_match(leaf_keys && *leaf_keys, leafm, "TagLeaf");
	hashmap_release(&ln.map);
	strbuf_release(&ln.sb);
	free(root);
	free(leaf);
}
