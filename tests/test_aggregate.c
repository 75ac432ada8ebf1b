/* Granularities on a hand-built location with an inlined frame: what each
 * one keeps, per pprof's Profile.Aggregate. */
#include "lib/transform/aggregate.h"
#include "check.h"
#include "lib/base/error.h"
#include "lib/model/profile.h"

static struct profile *build(void)
{
	struct profile *p = profile_new();
	profile_add_sample_type(p, "samples", "count");
	struct profile_mapping *m = profile_add_mapping(p);
	m->id = 1;
	m->has_functions = m->has_filenames = m->has_line_numbers =
		m->has_inline_frames = true;
	const char *names[2] = { "inlined", "caller" };
	struct profile_location *l = profile_add_location(p, 2);
	l->id = 1;
	l->mapping = m;
	l->address = 0x1234;
	for (int i = 0; i < 2; i++) {
		struct profile_function *f = profile_add_function(p);
		f->id = (uint64_t)i + 1;
		f->name = f->system_name = profile_interns(p, names[i]);
		f->filename = profile_interns(p, i ? "b.c" : "a.c");
		l->line[i].function = f;
		l->line[i].line = 10 + i;
	}
	return p;
}

int main(void)
{
	struct profile *p = build();
	CHECK(aggregate_granularity(p, "addresses", false, false) == 0);
	/* untouched */
	CHECK(p->location[0]->nline == 2 && p->location[0]->address == 0x1234);
	CHECK(p->location[0]->line[0].line == 10);
	profile_free(p);

	p = build();
	CHECK(aggregate_granularity(p, "lines", true, false) == 0);
	/* only the outermost frame, the caller, stays */
	CHECK(p->location[0]->nline == 1);
	CHECK_STR(p->location[0]->line[0].function->name, "caller");
	CHECK(p->location[0]->line[0].line == 11);
	CHECK(p->location[0]->address == 0);
	CHECK(!p->mapping[0]->has_inline_frames && p->mapping[0]->has_line_numbers);
	profile_free(p);

	p = build();
	CHECK(aggregate_granularity(p, "functions", false, false) == 0);
	CHECK(p->location[0]->nline == 2);
	CHECK(p->location[0]->line[0].line == 0 && p->location[0]->line[1].line == 0);
	CHECK_STR(p->function[0]->name, "inlined");
	CHECK_STR(p->function[0]->filename, "");
	CHECK(!p->mapping[0]->has_filenames && p->mapping[0]->has_functions);
	profile_free(p);

	p = build();
	CHECK(aggregate_granularity(p, "files", false, false) == 0);
	CHECK_STR(p->function[1]->name, "");
	CHECK_STR(p->function[1]->system_name, "");
	CHECK_STR(p->function[1]->filename, "b.c");
	profile_free(p);

	p = build();
	CHECK(aggregate_granularity(p, "filefunctions", false, false) == 0);
	CHECK_STR(p->function[1]->name, "caller");
	CHECK_STR(p->function[1]->filename, "b.c");
	CHECK(p->location[0]->line[1].line == 0);
	CHECK(aggregate_granularity(p, "bogus", false, false) == -1);
	CHECK_STR(error_get(), "unexpected granularity");
	profile_free(p);
	return check_report();
}
