/* folded: writes the profile as FlameGraph collapsed stacks
 * ("main;compute;leaf 42" per line, root first), for flamegraph.pl,
 * speedscope, inferno and the like. Values are raw integers of the
 * sample index (divided by the count with -mean_*), not scaled by -unit:
 * the format has no units. */
#include "report/folded.h"

#include <stdlib.h>
#include <string.h>

#include "lib/base/hashmap.h"
#include "lib/base/strbuf.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"
#include "lib/graph/graph.h"
#include "lib/model/profile.h"
#include "report/graphbuild.h"
#include "report/report.h"

/* One distinct stack; the text lives in the stacks arena. */
struct stack {
	const char *text;
	size_t len;
	int64_t value;
};

struct stack_key {
	const char *text;
	size_t len;
};

static bool stack_eq(const void *item, const void *key)
{
	const struct stack *s = item;
	const struct stack_key *k = key;
	return s->len == k->len && !memcmp(s->text, k->text, k->len);
}

static int cmp_stack(const void *a, const void *b)
{
	const struct stack *x = *(struct stack *const *)a;
	const struct stack *y = *(struct stack *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->text, y->text, n);
	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* ';' separates frames and a newline ends the line: a name holding
 * either would not read back, so they become ':' and ' '. */
static void add_frame(struct strbuf *sb, const char *name)
{
	for (const char *c = name; *c; c++) {
		char ch = *c;
		if (ch == ';')
			ch = ':';
		else if (ch == '\n' || ch == '\r')
			ch = ' ';
		strbuf_addch(sb, ch);
	}
}

int folded_print(struct report *rpt, struct strbuf *out)
{
	struct profile *p = rpt->prof;
	struct graph_options go = { 0 };
	go.mean_index = -1;
	struct graph *g = graph_create_nodes(p, &go);
	struct arena mem;
	struct hashmap seen;
	struct stack **stacks = NULL;
	size_t nstacks = 0, stacks_alloc = 0;
	struct strbuf sb = STRBUF_INIT;

	arena_init(&mem);
	hashmap_init(&seen, 64);
	for (size_t si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->sample[si];
		strbuf_reset(&sb);
		/* Root first: locations from the last, and each location's
		 * lines (innermost first) from the last too. */
		for (size_t i = s->nlocation; i-- > 0;) {
			size_t nn;
			struct graph_node **ns =
				graph_location_nodes(g, s->location[i], &nn);
			for (size_t k = nn; k-- > 0;) {
				if (!ns[k])
					continue;
				if (sb.len)
					strbuf_addch(&sb, ';');
				add_frame(&sb, ns[k]->printable);
			}
		}
		if (!sb.len)
			continue;
		int64_t v = s->value[rpt->opts.sample_index];
		int64_t d = report_sample_divisor(rpt, s->value);
		if (d)
			v = wrap_div(v, d);
		struct stack_key key = { sb.buf, sb.len };
		uint64_t h = hash_bytes(sb.buf, sb.len, 0);
		struct stack *st = hashmap_get(&seen, h, &key, stack_eq);
		if (!st) {
			st = arena_alloc(&mem, sizeof(*st));
			st->text = arena_memdup(&mem, sb.buf, sb.len);
			st->len = sb.len;
			st->value = 0;
			hashmap_add(&seen, h, st);
			ALLOC_GROW(stacks, nstacks + 1, stacks_alloc);
			stacks[nstacks++] = st;
		}
		st->value = wrap_add(st->value, v);
	}
	if (nstacks)
		qsort(stacks, nstacks, sizeof(*stacks), cmp_stack);
	for (size_t i = 0; i < nstacks; i++) {
		if (!stacks[i]->value)
			continue;
		strbuf_add(out, stacks[i]->text, stacks[i]->len);
		strbuf_addf(out, " %lld\n", (long long)stacks[i]->value);
	}
	free(stacks);
	strbuf_release(&sb);
	hashmap_release(&seen);
	arena_release(&mem);
	graph_free(g);
	return 0;
}
