/* Merge, diff and scaling on profiles built by hand, with hand-computed
 * expectations. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/base/error.h"
#include "lib/transform/merge.h"
#include "lib/model/profile.h"

/* A tiny CPU-like profile: one mapping, functions a, b, c, one location
 * each (addresses base+0x10, +0x20, +0x30), and samples given as stacks of
 * function letters (leaf first) with two values each. */
struct spec {
	const char *stack;
	int64_t v0, v1;
	const char *label; /* "key=value" string label, or NULL */
};

static struct profile *build(uint64_t base, uint64_t first_id,
			     const struct spec *specs, size_t n)
{
	struct profile *p = profile_new();
	profile_add_sample_type(p, "samples", "count");
	profile_add_sample_type(p, "cpu", "nanoseconds");
	p->period_type.type = profile_interns(p, "cpu");
	p->period_type.unit = profile_interns(p, "nanoseconds");
	p->has_period_type = true;
	p->period = 10;
	p->duration_nanos = 1000;

	struct profile_mapping *m = profile_add_mapping(p);
	m->id = first_id;
	m->start = base;
	m->limit = base + 0x1000;
	m->file = profile_interns(p, "/bin/prog");
	m->has_functions = true;

	struct profile_location *loc[3];
	for (int i = 0; i < 3; i++) {
		char name[2] = { (char)('a' + i), 0 };
		struct profile_function *f = profile_add_function(p);
		f->id = first_id + (uint64_t)i;
		f->name = f->system_name = profile_interns(p, name);
		f->filename = profile_interns(p, "prog.c");
		loc[i] = profile_add_location(p, 1);
		loc[i]->id = first_id + (uint64_t)i;
		loc[i]->mapping = m;
		loc[i]->address = base + 0x10 * (uint64_t)(i + 1);
		loc[i]->line[0].function = f;
		loc[i]->line[0].line = 10 * (i + 1);
	}
	for (size_t i = 0; i < n; i++) {
		size_t nl = strlen(specs[i].stack);
		struct profile_sample *s =
			profile_add_sample(p, nl, specs[i].label ? 1 : 0);
		for (size_t j = 0; j < nl; j++)
			s->location[j] = loc[specs[i].stack[j] - 'a'];
		s->value[0] = specs[i].v0;
		s->value[1] = specs[i].v1;
		if (specs[i].label) {
			const char *eq = strchr(specs[i].label, '=');
			s->label[0].key = profile_intern(p, specs[i].label,
							 (size_t)(eq - specs[i].label));
			s->label[0].str = profile_interns(p, eq + 1);
			s->label[0].unit = profile_interns(p, "");
		}
	}
	return p;
}

/* Finds the merged sample whose stack spells `stack`, or NULL. */
static const struct profile_sample *find(const struct profile *p,
					 const char *stack, const char *label)
{
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		if (s->nlocation != strlen(stack))
			continue;
		bool ok = true;
		for (size_t j = 0; ok && j < s->nlocation; j++)
			ok = s->location[j]->line[0].function->name[0] == stack[j];
		bool has = false;
		for (size_t j = 0; j < s->nlabel; j++)
			has = has || (label && s->label[j].str &&
				      !strcmp(s->label[j].str, label));
		if (ok && has == (label != NULL))
			return s;
	}
	return NULL;
}

static void test_compact_single(void)
{
	const struct spec sp[] = {
		{ "ab", 1, 10, NULL },
		{ "c", 0, 0, NULL }, /* zero: dropped, c unused afterwards */
		{ "ab", 2, 20, NULL },
		{ "b", 3, 30, NULL },
	};
	struct profile *p = build(0x400000, 7, sp, 4);
	struct profile *q = merge_profiles(&p, 1);
	CHECK(q != NULL);
	CHECK(q->nsample == 2);
	CHECK(q->nlocation == 2); /* c's location and function are gone */
	CHECK(q->nfunction == 2);
	CHECK(q->nmapping == 1);
	const struct profile_sample *s = find(q, "ab", NULL);
	CHECK(s && s->value[0] == 3 && s->value[1] == 30);
	s = find(q, "b", NULL);
	CHECK(s && s->value[0] == 3 && s->value[1] == 30);
	/* renumbered from 1 in order of first use: a, b */
	CHECK(q->location[0]->id == 1 && q->location[1]->id == 2);
	CHECK_STR(q->location[0]->line[0].function->name, "a");
	CHECK(q->mapping[0]->id == 1);
	CHECK(q->period == 10 && q->duration_nanos == 1000);
	profile_free(q);
	profile_free(p);
}

static void test_merge_two(void)
{
	/* The second copy of the binary is loaded elsewhere (ASLR): its
	 * locations must fold into the first copy's. */
	const struct spec s1[] = { { "ab", 1, 10, NULL }, { "c", 5, 50, NULL } };
	const struct spec s2[] = { { "ab", 2, 20, NULL },
				   { "ab", 4, 40, "k=v" } };
	struct profile *p[2] = { build(0x400000, 1, s1, 2),
				 build(0x800000, 100, s2, 2) };
	p[1]->period = 20;
	p[1]->time_nanos = 5;
	struct profile *q = merge_profiles(p, 2);
	CHECK(q != NULL);
	CHECK(q->nmapping == 1);
	CHECK(q->nlocation == 3);
	CHECK(q->nfunction == 3);
	CHECK(q->nsample == 3);
	const struct profile_sample *s = find(q, "ab", NULL);
	CHECK(s && s->value[0] == 3 && s->value[1] == 30);
	s = find(q, "ab", "v");
	CHECK(s && s->value[0] == 4 && s->value[1] == 40);
	s = find(q, "c", NULL);
	CHECK(s && s->value[0] == 5);
	CHECK(q->period == 20);            /* the largest */
	CHECK(q->duration_nanos == 2000);  /* the sum */
	CHECK(q->time_nanos == 5);         /* a zero time gives way */
	/* addresses are those of the first copy */
	CHECK(q->location[0]->address == 0x400010);
	profile_free(q);
	profile_free(p[0]);
	profile_free(p[1]);
}

static void test_diff(void)
{
	const struct spec s1[] = { { "ab", 3, 30, NULL }, { "c", 5, 50, NULL } };
	const struct spec s2[] = { { "ab", 3, 30, NULL }, { "b", 1, 10, NULL } };
	struct profile *src = build(0x400000, 1, s1, 2);
	struct profile *base = build(0x400000, 1, s2, 2);

	/* -base: ab cancels out and disappears with its locations */
	struct profile *b2 = profile_copy(base);
	merge_scale_all(b2, -1);
	struct profile *both[2] = { src, b2 };
	struct profile *q = merge_profiles(both, 2);
	CHECK(q && q->nsample == 2);
	CHECK(find(q, "ab", NULL) == NULL);
	const struct profile_sample *s = find(q, "c", NULL);
	CHECK(s && s->value[0] == 5 && s->value[1] == 50);
	s = find(q, "b", NULL);
	CHECK(s && s->value[0] == -1 && s->value[1] == -10);
	CHECK(q->nlocation == 2); /* c and b; a went with ab */
	profile_free(q);
	profile_free(b2);

	/* -diff_base: base samples carry pprof::base=true, so nothing
	 * cancels */
	b2 = profile_copy(base);
	merge_set_label(b2, "pprof::base", "true");
	merge_scale_all(b2, -1);
	both[1] = b2;
	q = merge_profiles(both, 2);
	CHECK(q && q->nsample == 4);
	s = find(q, "ab", "true");
	CHECK(s && s->value[0] == -3 && s->value[1] == -30);
	s = find(q, "ab", NULL);
	CHECK(s && s->value[0] == 3);
	profile_free(q);
	profile_free(b2);

	/* -normalize: source totals 8/80 scaled to the base's 4/40 */
	struct profile *n = profile_copy(src);
	CHECK(merge_normalize(n, base) == 0);
	CHECK(n->sample[0].value[0] == 2 && n->sample[0].value[1] == 15);
	CHECK(n->sample[1].value[0] == 3 && n->sample[1].value[1] == 25);
	profile_free(n);

	profile_free(src);
	profile_free(base);
}

static void test_incompatible(void)
{
	/* pprof 1.23 merges on the sample types both have (samples), in the
	 * first profile's order; "a" is 1+1 samples */
	const struct spec sp[] = { { "a", 1, 1, NULL } };
	struct profile *p[2] = { build(0x400000, 1, sp, 1),
				 build(0x400000, 1, sp, 1) };
	p[1]->sample_type[1].type = profile_interns(p[1], "alloc_space");
	struct profile *q = merge_profiles(p, 2);
	CHECK(q && q->nsample_type == 1);
	if (q) {
		CHECK_STR(q->sample_type[0].type, "samples");
		CHECK_STR(q->default_sample_type, "samples");
		const struct profile_sample *s = find(q, "a", NULL);
		CHECK(s && s->value[0] == 2);
	}
	profile_free(q);
	/* nothing in common is an error */
	p[1]->sample_type[0].type = profile_interns(p[1], "objects");
	CHECK(merge_profiles(p, 2) == NULL);
	CHECK_STR(error_get(), "profiles have empty common sample type list");
	profile_free(p[0]);
	profile_free(p[1]);
}

static void test_scale_drops_zero(void)
{
	const struct spec sp[] = { { "a", 1, 1, NULL }, { "b", 4, 100, NULL } };
	struct profile *p = build(0x400000, 1, sp, 2);
	double r[2] = { 0.4, 0.001 };
	merge_scale(p, r);
	/* 1*0.4 rounds to 0 and 1*0.001 to 0: the first sample goes */
	CHECK(p->nsample == 1);
	CHECK(p->sample[0].value[0] == 2 && p->sample[0].value[1] == 0);
	profile_free(p);
}

static void test_units(void)
{
	/* pprof converts both to the finer unit before merging: 2 kilobytes
	 * and 3 KB (sample c) meet 1000 bytes; period 4 kilobytes is 4096 */
	const struct spec sp[] = { { "a", 1, 1000, NULL }, { "c", 1, 7, NULL } };
	const struct spec sk[] = { { "a", 1, 2, NULL } };
	struct profile *p[2] = { build(0x400000, 1, sk, 1),
				 build(0x400000, 1, sp, 2) };
	for (int i = 0; i < 2; i++) {
		p[i]->sample_type[1].type = profile_interns(p[i], "space");
		p[i]->period_type.type = profile_interns(p[i], "space");
	}
	p[0]->sample_type[1].unit = profile_interns(p[0], "kilobytes");
	p[0]->period_type.unit = profile_interns(p[0], "kilobytes");
	p[0]->period = 4;
	p[1]->sample_type[1].unit = profile_interns(p[1], "bytes");
	p[1]->period_type.unit = profile_interns(p[1], "bytes");
	p[1]->period = 100;
	struct profile *q = merge_profiles(p, 2);
	CHECK(q != NULL);
	CHECK_STR(q->sample_type[1].unit, "bytes");
	CHECK_STR(q->period_type.unit, "bytes");
	CHECK(q->period == 4096);
	const struct profile_sample *s = find(q, "a", NULL);
	CHECK(s && s->value[0] == 2 && s->value[1] == 2048 + 1000);
	profile_free(q);

	/* the other way round: bytes first, kilobytes scaled on the way in */
	struct profile *r[2] = { p[1], p[0] };
	q = merge_profiles(r, 2);
	CHECK(q && q->period == 4096);
	s = find(q, "a", NULL);
	CHECK(s && s->value[1] == 3048);
	profile_free(q);

	/* a type name that differs leaves that type out (pprof 1.23) */
	p[0]->sample_type[1].type = profile_interns(p[0], "time");
	q = merge_profiles(p, 2);
	CHECK(q && q->nsample_type == 1);
	profile_free(q);
	profile_free(p[0]);
	profile_free(p[1]);
}

int main(void)
{
	test_compact_single();
	test_merge_two();
	test_diff();
	test_incompatible();
	test_scale_drops_zero();
	test_units();
	return check_report();
}
