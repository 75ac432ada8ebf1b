/* folded: reads FlameGraph collapsed stacks (see folded.h). Memory is
 * linear in the input: one function and location per distinct frame name,
 * one sample per line (merging sums equal stacks later). */
#include "lib/decode/folded.h"

#include <stdbool.h>
#include <string.h>

#include "lib/base/error.h"
#include "lib/base/hashmap.h"
#include "lib/model/profile.h"

/* Frame name (interned, so compared by pointer) to its location. */
struct frame_ent {
	const char *name;
	struct profile_location *loc;
};

static bool frame_eq(const void *item, const void *key)
{
	return ((const struct frame_ent *)item)->name == key;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits one line into its stack and count; false when the line is not
 * "STACK COUNT" (COUNT a decimal int64, optionally negative, so that a
 * diff written by cprof -folded reads back). */
static bool split_line(const char *s, size_t n, size_t *stack_len,
		       int64_t *count)
{
	while (n && is_space(s[n - 1]))
		n--;
	size_t i = n;
	while (i && !is_space(s[i - 1]))
		i--;
	if (i == 0 || i == n)
		return false;
	const char *c = s + i, *end = s + n;
	bool neg = *c == '-';
	if (neg)
		c++;
	if (c == end)
		return false;
	uint64_t v = 0;
	for (; c < end; c++) {
		if (*c < '0' || *c > '9')
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*c - '0');
	}
	if (v > (uint64_t)INT64_MAX + neg)
		return false;
	*count = neg ? (int64_t)(0 - v) : (int64_t)v;
	while (i && is_space(s[i - 1]))
		i--;
	if (i == 0 || memchr(s, '\0', i))
		return false;
	*stack_len = i;
	return true;
}

static struct profile_location *frame_location(struct profile *p,
					       struct hashmap *frames,
					       const char *s, size_t n)
{
	const char *name = profile_intern(p, s, n);
	uint64_t h = hash_u64((uintptr_t)name);
	struct frame_ent *e = hashmap_get(frames, h, name, frame_eq);
	if (e)
		return e->loc;
	struct profile_function *f = profile_add_function(p);
	f->id = p->nfunction;
	/* No system name: the frames are final, and pprof's demangling
	 * would otherwise shorten names that look like C++ ones. */
	f->name = name;
	struct profile_location *l = profile_add_location(p, 1);
	l->id = p->nlocation;
	l->line[0].function = f;
	l->mapping = p->mapping[0];
	e = arena_alloc(&p->arena, sizeof(*e));
	e->name = name;
	e->loc = l;
	hashmap_add(frames, h, e);
	return l;
}

static void add_sample(struct profile *p, struct hashmap *frames,
		       const char *s, size_t n, int64_t count)
{
	size_t nframes = 1;
	for (size_t i = 0; i < n; i++)
		nframes += s[i] == ';';
	struct profile_sample *smp = profile_add_sample(p, nframes, 0);
	smp->value[0] = count;
	/* The line is root first; samples are leaf first. */
	size_t k = nframes;
	const char *start = s, *end = s + n;
	for (const char *c = s; c <= end; c++) {
		if (c < end && *c != ';')
			continue;
		smp->location[--k] = frame_location(p, frames, start,
						     (size_t)(c - start));
		start = c + 1;
	}
}

int folded_parse(const uint8_t *data, size_t len, struct profile **out)
{
	const char *s = (const char *)data, *end = s + len;
	struct profile *p = NULL;
	struct hashmap frames;
	size_t lineno = 0;

	hashmap_init(&frames, 256);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		const char *line = s;
		s += n + (nl != NULL);
		lineno++;

		size_t blank = 0;
		while (blank < n && is_space(line[blank]))
			blank++;
		if (blank == n)
			continue;
		size_t stack_len;
		int64_t count;
		if (!split_line(line, n, &stack_len, &count)) {
			if (!p) {
				hashmap_release(&frames);
				return FOLDED_UNRECOGNIZED;
			}
			error_set("folded stacks: line %zu: want "
				  "\"frame;frame;... COUNT\"", lineno);
			goto fail;
		}
		if (!p) {
			p = profile_new();
			profile_add_sample_type(p, "samples", "count");
			/* One mapping that says the names are known, so
			 * that symbolization leaves the frames alone. */
			struct profile_mapping *m = profile_add_mapping(p);
			m->id = 1;
			m->has_functions = true;
		}
		add_sample(p, &frames, line, stack_len, count);
	}
	hashmap_release(&frames);
	if (!p)
		return FOLDED_UNRECOGNIZED;
	*out = p;
	return FOLDED_OK;
fail:
	hashmap_release(&frames);
	profile_free(p);
	return FOLDED_ERROR;
}
