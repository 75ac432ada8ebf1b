/* Unit tests for filter: tag range parsing and the frame filters on a
 * small hand-built profile, with expectations worked out from pprof's
 * rules by hand. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/base/diag.h"
#include "lib/transform/filter.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"

static void test_ranges(void)
{
	struct filter_range r;

	CHECK(filter_parse_range("32kb", &r) == 1);
	CHECK(r.has_lo && r.has_hi && r.lo == 32 && r.hi == 32);
	CHECK_STR(r.unit, "kB");

	CHECK(filter_parse_range(":64", &r) == 1);
	CHECK(!r.has_lo && r.has_hi && r.hi == 64);
	CHECK_STR(r.unit, "");

	CHECK(filter_parse_range("4mb:", &r) == 1);
	CHECK(r.has_lo && !r.has_hi && r.lo == 4);
	CHECK_STR(r.unit, "MB");

	CHECK(filter_parse_range("+400kb:", &r) == 1);
	CHECK(r.has_lo && !r.has_hi && r.lo == 400);

	/* the upper bound is converted into the lower bound's unit */
	CHECK(filter_parse_range("12kb:64mb", &r) == 1);
	CHECK(r.lo == 12 && r.hi == 64 * 1024);
	CHECK_STR(r.unit, "kB");
	CHECK(filter_parse_range("1mb:2gb", &r) == 1);
	CHECK(r.lo == 1 && r.hi == 2048);
	CHECK(filter_parse_range("10ms:1s", &r) == 1);
	CHECK(r.lo == 10 && r.hi == 1000);
	CHECK_STR(r.unit, "ms");

	/* not ranges: read as regexps */
	CHECK(filter_parse_range("hash", &r) == 0);
	CHECK(filter_parse_range("a1b", &r) == 0);    /* text around the number */
	CHECK(filter_parse_range("1kb:2ms", &r) == 0); /* bytes vs time */
	CHECK(filter_parse_range("1:2:3", &r) == 0);
	CHECK(filter_parse_range("1-2", &r) == 0);

	/* matching converts the value into the range's unit */
	CHECK(filter_parse_range("1mb:2gb", &r) == 1);
	CHECK(filter_range_match(&r, 1 << 20, "bytes"));
	CHECK(!filter_range_match(&r, (1 << 20) - 1, "bytes"));
	CHECK(filter_range_match(&r, 2048LL << 20, "B"));
	CHECK(!filter_range_match(&r, 5, "nanoseconds")); /* other kind */
	CHECK(filter_parse_range(":64", &r) == 1);
	CHECK(filter_range_match(&r, 64, "count"));
	CHECK(!filter_range_match(&r, 65, "count"));
	CHECK(!filter_range_match(&r, 1, "bytes")); /* "B" is not "" */
	CHECK(filter_parse_range("-5", &r) == 1);
	CHECK(filter_range_match(&r, -5, "") && !filter_range_match(&r, 5, ""));
}

/* A profile with functions A (root) B C D and samples, leaf first:
 *   [D C B A] = 1,  [C A] = 2,  [] = 4
 * One location per function, one line each. */
static struct profile *sample_profile(void)
{
	struct profile *p = profile_new();
	static const char *const names[] = { "A", "B", "C", "D" };
	struct profile_location *loc[4];
	profile_add_sample_type(p, "samples", "count");
	for (int i = 0; i < 4; i++) {
		struct profile_function *fn = profile_add_function(p);
		fn->id = (uint64_t)i + 1;
		fn->name = profile_interns(p, names[i]);
		fn->filename = profile_interns(p, "f.c");
		loc[i] = profile_add_location(p, 1);
		loc[i]->id = (uint64_t)i + 1;
		loc[i]->line[0].function = fn;
	}
	struct profile_sample *s = profile_add_sample(p, 4, 1);
	for (int i = 0; i < 4; i++)
		s->location[i] = loc[3 - i];
	s->value[0] = 1;
	s->label[0].key = profile_interns(p, "worker");
	s->label[0].str = profile_interns(p, "hash");
	s->label[0].unit = profile_interns(p, "");
	s = profile_add_sample(p, 2, 0);
	s->location[0] = loc[2];
	s->location[1] = loc[0];
	s->value[0] = 2;
	s = profile_add_sample(p, 0, 0);
	s->value[0] = 4;
	return p;
}

/* The samples as "DCBA=1 CA=2" for easy comparison. */
static const char *stacks(const struct profile *p)
{
	static char buf[256];
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		if (i)
			strbuf_addch(&sb, ' ');
		for (size_t j = 0; j < s->nlocation; j++)
			for (size_t k = 0; k < s->location[j]->nline; k++)
				strbuf_adds(&sb, s->location[j]->line[k].function->name);
		strbuf_addf(&sb, "=%lld", (long long)s->value[0]);
	}
	snprintf(buf, sizeof(buf), "%s", sb.buf);
	strbuf_release(&sb);
	return buf;
}

/* The notes filters give (diag.h), one per line, as pprof prints them. */
static void collect(void *ctx, enum diag_level level, const char *m)
{
	(void)level;
	strbuf_addf(ctx, "%s\n", m);
}

static const char *run(struct filter_options *o, struct strbuf *msg)
{
	diag_set_sink(collect, msg);
	struct profile *p = sample_profile();
	strbuf_reset(msg);
	if (filter_apply(p, o, NULL)) {
		profile_free(p);
		return "error";
	}
	const char *r = stacks(p);
	profile_free(p);
	return r;
}

static void test_filters(void)
{
	struct strbuf msg = STRBUF_INIT;
	struct filter_options o;

	/* with no name filter, a sample without frames stays (pprof 1.23
	 * skips FilterSamplesByName; 1.19 dropped it) */
	memset(&o, 0, sizeof(o));
	CHECK_STR(run(&o, &msg), "DCBA=1 CA=2 =4");
	CHECK_STR(msg.buf, "");

	memset(&o, 0, sizeof(o));
	o.focus = "B";
	CHECK_STR(run(&o, &msg), "DCBA=1");
	memset(&o, 0, sizeof(o));
	o.ignore = "B";
	CHECK_STR(run(&o, &msg), "CA=2");
	memset(&o, 0, sizeof(o));
	o.focus = "C";
	o.ignore = "D";
	CHECK_STR(run(&o, &msg), "CA=2");
	memset(&o, 0, sizeof(o));
	o.hide = "C";
	CHECK_STR(run(&o, &msg), "DBA=1 A=2");
	memset(&o, 0, sizeof(o));
	o.show = "^[CD]$";
	CHECK_STR(run(&o, &msg), "DC=1 C=2");
	/* show_from keeps the stack from the rootmost match down */
	memset(&o, 0, sizeof(o));
	o.show_from = "B|C";
	CHECK_STR(run(&o, &msg), "DCB=1 C=2");
	/* prune_from drops the callers of the leafmost match */
	memset(&o, 0, sizeof(o));
	o.prune_from = "C";
	CHECK_STR(run(&o, &msg), "CBA=1 CA=2 =4");
	memset(&o, 0, sizeof(o));
	o.tagfocus = "worker=hash";
	CHECK_STR(run(&o, &msg), "DCBA=1");
	memset(&o, 0, sizeof(o));
	o.tagignore = "worker:h";  /* bare regexps see "key:value" */
	CHECK_STR(run(&o, &msg), "CA=2 =4");

	/* options that match nothing are reported as pprof does */
	memset(&o, 0, sizeof(o));
	o.focus = "X";
	o.hide = "Y";
	CHECK_STR(run(&o, &msg), "");
	CHECK_STR(msg.buf, "Focus expression matched no samples\n"
			   "Hide expression matched no samples\n");
	memset(&o, 0, sizeof(o));
	o.tagfocus = "bytes=1kb:";
	run(&o, &msg);
	CHECK_STR(msg.buf, "tagfocus:Interpreted '1kb:' as range, not regexp\n"
			   "TagFocus expression matched no samples\n");

	memset(&o, 0, sizeof(o));
	o.hide = "a(";
	CHECK_STR(run(&o, &msg), "error");
	diag_set_sink(NULL, NULL);
	strbuf_release(&msg);
}

static void test_drop_frames(void)
{
	/* drop_frames B: B and the frames it calls go (stacks are cut from
	 * the root, once a frame not to drop has been seen) */
	struct profile *p = sample_profile();
	p->drop_frames = profile_interns(p, "B");
	filter_remove_uninteresting(p);
	CHECK_STR(stacks(p), "A=1 CA=2 =4");
	profile_free(p);

	/* keep_frames rescues a frame drop_frames names: C stays in CA */
	p = sample_profile();
	p->drop_frames = profile_interns(p, "B|C");
	p->keep_frames = profile_interns(p, "C");
	filter_remove_uninteresting(p);
	CHECK_STR(stacks(p), "A=1 CA=2 =4");
	profile_free(p);
}

static void test_label_nodes(void)
{
	struct strbuf msg = STRBUF_INIT;
	diag_set_sink(collect, &msg);
	struct profile *p = sample_profile();
	filter_add_label_nodes(p, "worker", "", "minimum");
	/* a pseudo frame named by the value (empty without the label) */
	CHECK_STR(stacks(p), "DCBAhash=1 CA=2 =4");
	CHECK(p->nlocation == 6 && p->location[4]->id == 5);
	CHECK_STR(msg.buf, "");
	profile_free(p);
	p = sample_profile();
	filter_add_label_nodes(p, "", "nokey", "minimum");
	CHECK_STR(msg.buf, "TagLeaf expression matched no samples\n");
	profile_free(p);
	diag_set_sink(NULL, NULL);
	strbuf_release(&msg);
}

int main(void)
{
	test_ranges();
	test_filters();
	test_drop_frames();
	test_label_nodes();
	return check_report();
}
