/* Unit tests for the legacy parsers: each profile in profiles/pprof/ must
 * dump (-raw) exactly as pprof's own parser golden file NAME.string says;
 * truncated and corrupted inputs must fail with one message, never crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/base/error.h"
#include "lib/model/profile.h"
#include "report/raw.h"
#include "lib/decode/source.h"
#include "lib/base/strbuf.h"

static char dir[4096];

static const char *const goldens[] = {
	"cppbench.contention", "cppbench.cpu",  "cppbench.growth",
	"cppbench.heap",       "cppbench.thread", "go.crc32.cpu",
	"gobench.cpu",         "gobench.heap",  "java.cpu",
	"java.heap",
};

/* Every file of the set, for the corruption tests. */
static const char *const inputs[] = {
	"cppbench.contention", "cppbench.cpu",  "cppbench.growth",
	"cppbench.heap",       "cppbench.thread", "go.crc32.cpu",
	"gobench.cpu",         "gobench.heap",  "java.cpu",
	"java.heap",           "cppbench.small.contention",
};

static char *slurp(const char *path, size_t *len)
{
	uint8_t *data;
	if (source_read_file(path, NULL, &data, len)) {
		fprintf(stderr, "%s: %s\n", path, error_get());
		return NULL;
	}
	char *s = realloc(data, *len + 1);
	s[*len] = '\0';
	return s;
}

/* The first differing line, to make a failure readable. */
static void show_diff(const char *name, const char *got, const char *want)
{
	int line = 1;
	const char *g = got, *w = want;
	while (*g && *g == *w) {
		if (*g == '\n')
			line++;
		g++, w++;
	}
	const char *gs = g, *ws = w;
	while (gs > got && gs[-1] != '\n')
		gs--;
	while (ws > want && ws[-1] != '\n')
		ws--;
	fprintf(stderr, "%s.string: line %d\n  got:  %.*s\n  want: %.*s\n",
		name, line, (int)strcspn(gs, "\n"), gs, (int)strcspn(ws, "\n"),
		ws);
}

static void test_golden(const char *name)
{
	char path[8192];
	size_t len;

	snprintf(path, sizeof(path), "%s/%s.string", dir, name);
	char *want = slurp(path, &len);
	CHECK(want != NULL);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	struct profile *p = source_load_file(path, NULL);
	if (!p)
		fprintf(stderr, "%s: %s\n", name, error_get());
	CHECK(p != NULL);
	if (p && want) {
		struct strbuf sb = STRBUF_INIT;
		raw_print(p, &sb);
		bool same = !strcmp(sb.buf, want);
		if (!same)
			show_diff(name, sb.buf, want);
		CHECK(same);
		strbuf_release(&sb);
	}
	profile_free(p);
	free(want);
}

/* A message of one line, lowercase first word, no final period. */
static bool one_line_error(const char *msg)
{
	size_t n = strlen(msg);
	return n > 0 && !strchr(msg, '\n') && msg[n - 1] != '.';
}

/* Parses data; on failure the message must be a single clean line. */
static void parse_any(const uint8_t *data, size_t len)
{
	struct profile *p = source_parse(data, len, NULL);
	if (!p) {
		bool ok = one_line_error(error_get());
		if (!ok)
			fprintf(stderr, "bad error message: %s\n", error_get());
		CHECK(ok);
	} else {
		struct strbuf sb = STRBUF_INIT;
		raw_print(p, &sb); /* must not crash on what was accepted */
		CHECK(profile_check(p) == 0);
		strbuf_release(&sb);
		profile_free(p);
	}
}

/* Truncations at many points and byte corruptions: never a crash. */
static void test_corrupt(const char *name)
{
	char path[8192];
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	char *data = slurp(path, &len);
	CHECK(data != NULL);
	if (!data)
		return;
	size_t step = len / 97 + 1;
	for (size_t cut = 0; cut < len; cut += step)
		parse_any((const uint8_t *)data, cut);
	uint8_t *copy = malloc(len);
	for (size_t at = 0; at < len; at += step) {
		memcpy(copy, data, len);
		copy[at] ^= 0x5a;
		parse_any(copy, len);
		memcpy(copy, data, len);
		memset(copy + at, at % 2 ? 0xff : '9', len - at < 24 ? len - at : 24);
		parse_any(copy, len);
	}
	free(copy);
	free(data);
}

static struct profile *parse_str(const char *s)
{
	return source_parse((const uint8_t *)s, strlen(s), NULL);
}

/* A gperftools CPU profile of 32-bit big-endian words: header, two
 * samples, end marker, no memory map. */
static void test_cpu_words(void)
{
	/* two samples whose second frames differ: with one, or with all
	 * alike, pprof would drop that frame as the signal handler's */
	static const uint32_t w[] = { 0, 3, 0, 10000, 0, 3, 2, 0x401000,
				      0x402005, 1, 2, 0x401010, 0x403005,
				      0, 1, 0 };
	uint8_t buf[sizeof(w)];
	for (size_t i = 0; i < sizeof(w) / 4; i++) {
		buf[4 * i] = (uint8_t)(w[i] >> 24);
		buf[4 * i + 1] = (uint8_t)(w[i] >> 16);
		buf[4 * i + 2] = (uint8_t)(w[i] >> 8);
		buf[4 * i + 3] = (uint8_t)w[i];
	}
	struct profile *p = source_parse(buf, sizeof(buf), NULL);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(p->period == 10000000); /* microseconds to nanoseconds */
	CHECK(p->nsample == 2 && p->sample[0].value[0] == 3 &&
	      p->sample[0].value[1] == 30000000);
	/* the leaf stays, the caller moves back into its call */
	CHECK(p->nlocation == 4 && p->location[0]->address == 0x401000 &&
	      p->location[1]->address == 0x402004 &&
	      p->location[3]->address == 0x403004);
	CHECK_STR(p->drop_frames, "ProfileData::Add|ProfileData::prof_handler|"
				  "CpuProfiler::prof_handler|"
				  "__pthread_sighandler|__restore");
	profile_free(p);
}

/* Hand-computed cases of pprof's rules. */
static void test_rules(void)
{
	struct profile *p;

	/* heapprofile: no scaling; addresses moved back by one; the alloc
	 * pair differs, so four sample types; the blocksize label comes
	 * from the inuse pair */
	p = parse_str("heap profile: 2: 20 [4: 80] @ heapprofile\n"
		      "2: 20 [4: 80] @ 0x1001 0x2001\n");
	CHECK(p != NULL);
	if (p) {
		CHECK(p->nsample_type == 4 && p->nsample == 1);
		CHECK(p->sample[0].value[0] == 4 && p->sample[0].value[3] == 20);
		CHECK(p->sample[0].label[0].num == 10);
		CHECK(p->nlocation == 2 && p->location[0]->address == 0x1000);
		/* no memory map: one fake mapping covering everything */
		CHECK(p->nmapping == 1 && p->mapping[0]->limit == UINT64_MAX);
		CHECK_STR(p->drop_frames, "calloc|cfree|malloc|free|memalign|"
					  "do_memalign|(__)?posix_memalign|"
					  "pvalloc|valloc|realloc|tcmalloc::.*|"
					  "tc_calloc|tc_cfree|tc_malloc|tc_free|"
					  "tc_memalign|tc_posix_memalign|tc_pvalloc|"
					  "tc_valloc|tc_realloc|tc_new|tc_delete|"
					  "tc_newarray|tc_deletearray|tc_new_nothrow|"
					  "tc_newarray_nothrow|malloc_zone_malloc|"
					  "malloc_zone_calloc|malloc_zone_valloc|"
					  "malloc_zone_realloc|malloc_zone_memalign|"
					  "malloc_zone_free|runtime\\..*|BaseArena::.*|"
					  "(::)?do_malloc_no_errno|(::)?do_malloc_pages|"
					  "(::)?do_malloc|DoSampledAllocation|"
					  "MallocedMemBlock::MallocedMemBlock|_M_allocate|"
					  "__builtin_(vec_)?delete|__builtin_(vec_)?new|"
					  "__gnu_cxx::new_allocator::allocate|"
					  "__libc_malloc|__malloc_alloc_template::allocate|"
					  "allocate|cpp_alloc|operator new(\\[\\])?|"
					  "simple_alloc::allocate");
	}
	profile_free(p);

	/* Go's heap/RATE is twice the rate; one 1024-byte object sampled at
	 * rate 512 stands for 1/(1-e^-2) = 1.1565... objects */
	p = parse_str("heap profile: 1: 1024 [1: 1024] @ heap/1024\n"
		      "1: 1024 [1: 1024] @ 0x10\n");
	CHECK(p != NULL);
	if (p) {
		CHECK(p->period == 512 && p->nsample_type == 2);
		CHECK(p->sample[0].value[0] == 1 && p->sample[0].value[1] == 1184);
	}
	profile_free(p);

	/* contention: count*period, delay cycles to ns at 2 GHz */
	p = parse_str("--- contention:\ncycles/second=2000000000\n"
		      "sampling period=10\n4000 3 @ 0x11 0x21\n");
	CHECK(p != NULL);
	if (p) {
		CHECK(p->sample[0].value[0] == 30);
		CHECK(p->sample[0].value[1] == 20000);
		CHECK(p->location[0]->address == 0x10);
	}
	profile_free(p);

	/* goroutine count profile: every frame moved back by one */
	p = parse_str("goroutine profile: total 3\n3 @ 0x100 0x200\n");
	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->sample_type[0].type, "goroutine");
		CHECK(p->sample[0].value[0] == 3);
		CHECK(p->location[0]->address == 0xff);
	}
	profile_free(p);

	/* a malformed count line is an error, not another format */
	p = parse_str("goroutine profile: total 3\n3 @ zz\n");
	CHECK(p == NULL);
	CHECK_STR(error_get(), "parsing profile: malformed profile format");

	/* heap text with a bad sample line */
	p = parse_str("heap profile: 1: 1 [1: 1] @ heapprofile\n"
		      "0: 5 [0: 0] @ 0x1\n");
	CHECK(p == NULL);
	CHECK_STR(error_get(), "parsing profile: inuse count was 0 but inuse "
			       "bytes was 5");

	/* messages checked against go tool pprof */
	p = parse_str("--- heapz 1 ---\nformat = java\nresolution = bytes\n"
		      "  7048 09 @ 0x1\n");
	CHECK(p == NULL);
	CHECK_STR(error_get(), "parsing profile: parsing sample 7048 09 @ 0x1: "
			       "strconv.ParseInt: parsing \"09\": invalid syntax");
	p = parse_str("--- heapz 1 ---\nformat = java\n  7048 1 @ 0x1\n");
	CHECK(p == NULL);
	CHECK_STR(error_get(), "parsing profile: missing sample type information");
	p = parse_str("heap profile: 1: 1 [1: 1] @ heapprofile\n"
		      "1: 1 [1: 1] @ 0x1ffffffffffffffff\n");
	CHECK(p == NULL);
	CHECK_STR(error_get(), "parsing profile: malformed sample: 1: 1 [1: 1] "
			       "@ 0x1ffffffffffffffff: failed to parse as hex "
			       "64-bit number: 0x1ffffffffffffffff");
	{
		/* Go's line scanner gives up on lines of 64 KiB */
		size_t n = 70000;
		char *big = malloc(n + 1);
		memset(big, 'a', n);
		big[n] = '\0';
		p = parse_str(big);
		CHECK(p == NULL);
		CHECK_STR(error_get(),
			  "parsing profile: bufio.Scanner: token too long");
		free(big);
	}

	p = parse_str("hello, world\n");
	CHECK(p == NULL);
	CHECK_STR(error_get(), "parsing profile: unrecognized profile format");

	/* memory map: the main binary goes first, adjacent pieces merge */
	p = parse_str("heap profile: 1: 1 [1: 1] @ heapprofile\n"
		      "1: 1 [1: 1] @ 0x7001 0x401001\n"
		      "MAPPED_LIBRARIES:\n"
		      "7000-8000 r-xp 00000000 00:00 1 /lib/libc.so.6\n"
		      "400000-401000 r-xp 00000000 00:00 2 /bin/prog\n"
		      "401000-402000 r-xp 00001000 00:00 2 /bin/prog\n"
		      "402000-403000 rw-p 00002000 00:00 2 /bin/prog\n");
	CHECK(p != NULL);
	if (p) {
		CHECK(p->nmapping == 2);
		CHECK_STR(p->mapping[0]->file, "/bin/prog");
		CHECK(p->mapping[0]->start == 0x400000 &&
		      p->mapping[0]->limit == 0x402000);
		CHECK(p->location[1]->mapping == p->mapping[0]);
		CHECK(p->location[0]->mapping == p->mapping[1]);
	}
	profile_free(p);
}

int main(void)
{
	const char *td = getenv("TESTDATA");
	snprintf(dir, sizeof(dir), "%s/conformance/profiles/pprof",
		 td ? td : "testdata");
	for (size_t i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++)
		test_golden(goldens[i]);
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		test_corrupt(inputs[i]);
	test_cpu_words();
	test_rules();
	return check_report();
}
