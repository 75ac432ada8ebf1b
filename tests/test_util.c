/* Unit tests for the utilities: arena, strbuf, sink, hashmap, gofmt,
 * xalloc's out-of-memory handler, the per-thread error message. */
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/arena.h"
#include "check.h"
#include "lib/gocompat/gofmt.h"
#include "lib/base/hashmap.h"
#include "lib/base/sink.h"
#include "lib/base/strbuf.h"
#include "lib/base/error.h"
#include "lib/base/xalloc.h"

static void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	CHECK_STR(sb.buf, "");
	strbuf_addf(&sb, "%d-%s", 42, "x");
	CHECK_STR(sb.buf, "42-x");
	for (int i = 0; i < 1000; i++)
		strbuf_addch(&sb, 'a');
	CHECK(sb.len == 1004);
	strbuf_setlen(&sb, 2);
	CHECK_STR(sb.buf, "42");
	strbuf_release(&sb);
	CHECK(sb.len == 0 && sb.buf[0] == '\0');
}

static void test_arena(void)
{
	struct arena a = ARENA_INIT;
	char *big = arena_alloc(&a, 1 << 20);
	big[(1 << 20) - 1] = 1;
	char *s = arena_strdup(&a, "hello");
	CHECK_STR(s, "hello");
	CHECK(((uintptr_t)arena_alloc(&a, 3) & 15) == 0);
	arena_release(&a);
	CHECK(a.head == NULL);
}

static bool u64_eq(const void *item, const void *key)
{
	return *(const uint64_t *)item == *(const uint64_t *)key;
}

static void test_hashmap(void)
{
	struct hashmap m;
	static uint64_t vals[5000];
	hashmap_init(&m, 0);
	for (uint64_t i = 0; i < 5000; i++) {
		vals[i] = i * 7;
		hashmap_add(&m, hash_u64(vals[i]), &vals[i]);
	}
	CHECK(m.count == 5000);
	uint64_t k = 7 * 1234;
	CHECK(hashmap_get(&m, hash_u64(k), &k, u64_eq) == &vals[1234]);
	k = 5;
	CHECK(hashmap_get(&m, hash_u64(k), &k, u64_eq) == NULL);
	hashmap_release(&m);
}

static void test_gofmt(void)
{
	struct strbuf sb = STRBUF_INIT;
	/* expectations from Go's time.Duration.String */
	static const struct {
		int64_t ns;
		const char *want;
	} d[] = {
		{ 0, "0s" }, { 1, "1ns" }, { 1100, "1.1\xc2\xb5s" },
		{ 2200000, "2.2ms" }, { 3070000000LL, "3.07s" },
		{ 3723500000000LL, "1h2m3.5s" }, { 60000000000LL, "1m0s" },
		{ -1500000000LL, "-1.5s" },
	};
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		strbuf_reset(&sb);
		gofmt_duration(&sb, d[i].ns);
		CHECK_STR(sb.buf, d[i].want);
	}
	strbuf_reset(&sb);
	gofmt_time(&sb, 1795782350093478737LL);
	CHECK_STR(sb.buf, "2026-11-27 12:25:50.093478737 +0000 UTC");
	strbuf_reset(&sb);
	gofmt_time(&sb, 1000000000LL);
	CHECK_STR(sb.buf, "1970-01-01 00:00:01 +0000 UTC");
	/* strconv.FormatFloat(v, 'g', -1, 64) */
	static const struct {
		double v;
		const char *want;
	} f[] = { { 0.1, "0.1" }, { 100, "100" }, { 100000, "100000" }, { 1e6, "1e+06" }, { 1e21, "1e+21" },
		  { 1.5e-5, "1.5e-05" }, { 123456789, "1.23456789e+08" } };
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		strbuf_reset(&sb);
		gofmt_float(&sb, f[i].v);
		CHECK_STR(sb.buf, f[i].want);
	}
	strbuf_release(&sb);
}

/* An allocation that cannot succeed reaches the thread's handler (the
 * web server answers 500 that way) instead of exiting; a buffer that
 * failed to grow is left as it was. */
/* Under AddressSanitizer an impossible malloc must return NULL too. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static jmp_buf oom_env;
static size_t oom_size;

static void oom_jump(size_t size)
{
	oom_size = size;
	longjmp(oom_env, 1);
}

static void test_oom_handler(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "kept");
	volatile int jumped = 0;
	CHECK(xalloc_set_oom_handler(oom_jump) == NULL);
	if (!setjmp(oom_env))
		strbuf_grow(&sb, SIZE_MAX / 4);
	else
		jumped = 1;
	CHECK(xalloc_set_oom_handler(NULL) == oom_jump);
	CHECK(jumped && oom_size >= SIZE_MAX / 4);
	CHECK_STR(sb.buf, "kept");
	strbuf_release(&sb);
}

/* Each thread has its own error message. */
static void *set_other(void *arg)
{
	(void)arg;
	error_set("other thread");
	return strcmp(error_get(), "other thread") ? NULL : (void *)1;
}

static void test_error_per_thread(void)
{
	pthread_t t;
	void *res = NULL;
	error_set("main thread");
	CHECK(pthread_create(&t, NULL, set_other, NULL) == 0);
	pthread_join(t, &res);
	CHECK(res != NULL);
	CHECK_STR(error_get(), "main thread");
	error_clear();
}

/* Appends n records of "line NNN\n", flushing between them as a
 * renderer does; the bytes go to want too. A file sink never holds
 * more than a chunk and a record. */
static void sink_records(struct sink *s, struct strbuf *want, int n,
			 bool bounded)
{
	size_t most = 0;
	for (int i = 0; i < n; i++) {
		strbuf_addf(s->buf, "line %d\n", i);
		strbuf_addf(want, "line %d\n", i);
		sink_maybe_flush(s);
		if (s->buf->len > most)
			most = s->buf->len;
	}
	if (bounded)
		CHECK(most < SINK_CHUNK + 64);
}

static void test_sink(void)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT, mem = STRBUF_INIT;
	struct sink s;

	/* memory: everything stays in the caller's strbuf */
	sink_init_memory(&s, &mem);
	sink_records(&s, &want, 20000, false);
	CHECK(sink_finish(&s) == 0);
	sink_release(&s);
	CHECK(mem.len == want.len && !memcmp(mem.buf, want.buf, want.len));

	/* path: several chunks, the same bytes in the file */
	char path[] = "/tmp/cprof-sink-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	strbuf_reset(&want);
	sink_init_path(&s, path);
	sink_records(&s, &want, 20000, true);
	CHECK(want.len > 3 * SINK_CHUNK);
	CHECK(sink_finish(&s) == 0);
	sink_release(&s);
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	if (f) {
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			strbuf_add(&got, buf, n);
		fclose(f);
	}
	CHECK(got.len == want.len && !memcmp(got.buf, want.buf, want.len));

	/* path, nothing written: an empty file all the same */
	sink_init_path(&s, path);
	CHECK(sink_finish(&s) == 0);
	sink_release(&s);
	struct stat st;
	CHECK(stat(path, &st) == 0 && st.st_size == 0);
	unlink(path);

	/* a path never written and released is not created */
	sink_init_path(&s, path);
	strbuf_adds(s.buf, "dropped");
	sink_release(&s);
	CHECK(stat(path, &st) != 0);

	/* failures: Go's wording, reported once at sink_finish */
	sink_init_path(&s, "/nonexistent-dir/x");
	sink_records(&s, &want, 20000, true);
	CHECK(sink_finish(&s) == -1);
	CHECK_STR(error_get(),
		  "open /nonexistent-dir/x: no such file or directory");
	sink_release(&s);
	if (access("/dev/full", W_OK) == 0) {
		sink_init_path(&s, "/dev/full");
		sink_records(&s, &want, 20000, true);
		CHECK(sink_finish(&s) == -1);
		CHECK_STR(error_get(),
			  "write /dev/full: no space left on device");
		sink_release(&s);
	}
	strbuf_release(&want);
	strbuf_release(&got);
	strbuf_release(&mem);
}

int main(void)
{
	test_oom_handler();
	test_error_per_thread();
	test_strbuf();
	test_sink();
	test_arena();
	test_hashmap();
	test_gofmt();
	return check_report();
}
