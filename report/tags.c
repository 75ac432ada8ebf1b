/* tags: label values are counted in one hash map keyed by (key, value),
 * then sorted as pprof sorts them. */
#include "report/tags.h"

#include <stdlib.h>
#include <string.h>

#include "lib/base/arena.h"
#include "lib/base/hashmap.h"
#include "lib/model/profile.h"
#include "report/report.h"
#include "lib/base/strbuf.h"
#include "report/tabwriter.h"
#include "lib/gocompat/units.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

/* One (key, value) pair and the weight of the samples carrying it. */
struct tag {
	const char *key;   /* interned */
	const char *value; /* interned; numbers formatted first */
	int64_t weight;
};

static bool tag_eq(const void *item, const void *key)
{
	const struct tag *a = item, *b = key;
	return a->key == b->key && a->value == b->value;
}

/* Keys by name; within a key, |weight| descending, then value. */
static int tag_cmp(const void *a, const void *b)
{
	const struct tag *x = *(const struct tag *const *)a;
	const struct tag *y = *(const struct tag *const *)b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if (wrap_abs(x->weight) != wrap_abs(y->weight))
		return wrap_abs(x->weight) > wrap_abs(y->weight) ? -1 : 1;
	return strcmp(x->value, y->value);
}

int tags_print(struct report *rpt, struct strbuf *out)
{
	struct profile *p = rpt->prof;
	const struct report_options *o = &rpt->opts;
	struct hashmap map;
	struct arena arena = ARENA_INIT;
	struct tag **sorted = NULL;
	size_t n = 0, alloc = 0;
	struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT;

	hashmap_init(&map, 64);
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		int64_t w = s->value[o->sample_index];
		for (size_t j = 0; j < s->nlabel; j++) {
			const struct profile_label *l = &s->label[j];
			const char *value = l->str;
			if (!value) {
				strbuf_reset(&sb);
				units_scaled_label(&sb, l->num, report_label_unit(rpt, l->key),
						   o->output_unit);
				value = profile_intern(p, sb.buf, sb.len);
			}
			struct tag key = { l->key, value, 0 };
			uint64_t h = hash_combine(hash_u64((uintptr_t)l->key),
						  hash_u64((uintptr_t)value));
			struct tag *t = hashmap_get(&map, h, &key, tag_eq);
			if (!t) {
				t = arena_alloc(&arena, sizeof(*t));
				*t = key;
				hashmap_add(&map, h, t);
				ALLOC_GROW(sorted, n + 1, alloc);
				sorted[n++] = t;
			}
			t->weight = wrap_add(t->weight, w);
		}
	}
	if (n)
		qsort(sorted, n, sizeof(*sorted), tag_cmp);

	for (size_t i = 0; i < n;) {
		size_t end = i;
		int64_t total = 0;
		while (end < n && sorted[end]->key == sorted[i]->key)
			total = wrap_add(total, sorted[end++]->weight);
		const char *u;
		double f = units_scale(total, o->sample_unit, o->output_unit, &u);
		strbuf_addf(&text, "%s:\t Total %.1f%s\n", sorted[i]->key, f, u);
		for (; i < end; i++) {
			const struct tag *t = sorted[i];
			f = units_scale(t->weight, o->sample_unit, o->output_unit, &u);
			strbuf_addf(&text, " \t%.1f%s", f, u);
			if (total > 0) {
				strbuf_adds(&text, " (");
				units_percentage(&text, t->weight, total);
				strbuf_addch(&text, ')');
			}
			strbuf_addf(&text, ":\t %s\n", t->value);
		}
		strbuf_addch(&text, '\n');
	}
	tabwriter_format(out, text.buf, text.len, 0, 1, true);

	free(sorted);
	arena_release(&arena);
	hashmap_release(&map);
	strbuf_release(&sb);
	strbuf_release(&text);
	return 0;
}
