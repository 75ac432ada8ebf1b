/* dot: name shortening (pprof's patterns), escaping, colours, and the
 * frame of an empty graph. Colours are those go tool pprof printed for
 * the same scores in the conformance goldens. */
#include <string.h>

#include "check.h"
#include "report/dot.h"
#include "lib/graph/graph.h"
#include "lib/base/strbuf.h"

static void check_short(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	dot_shorten_function_name(&sb, in);
	CHECK_STR(sb.buf, want);
	strbuf_release(&sb);
}

static void test_shorten(void)
{
	check_short("crypto/sha256.block", "sha256.block");
	check_short("runtime/pprof.StopCPUProfile", "pprof.StopCPUProfile");
	check_short("main.main", "main.main");
	check_short("sync.(*Mutex).Lock", "sync.(*Mutex).Lock");
	/* pprof 1.23: the most directories whose remainder is a qualified
	 * name (a '.' after a first non-'.', then not a newline); expected
	 * values from Go's regexp on pprof's pattern */
	check_short("a/b/", "a/b/");
	check_short("a/b/c", "a/b/c");
	check_short("foo/bar.baz/qux", "bar.baz/qux");
	check_short("x/.hidden.F", "x/.hidden.F");
	check_short("dir/name.\nmore", "dir/name.\nmore");
	check_short("dir/a\nb.c\nd", "a\nb.c");
	check_short("a/b.", "a/b.");
	check_short("a/b.c/", "b.c/");
	check_short("x/y/z.F/w", "z.F/w");
	check_short("github.com/x/y/vendor/gopkg.in/redis.v3.(*c).(github.com/z.p)-fm",
		    "redis.v3.(*c).(github.com/z.p)-fm");
	/* module versions go */
	check_short("github.com/x/y/v2.(*T).M", "y.(*T).M");
	check_short("github.com/x/y/v12/z.F", "z.F");
	check_short("github.com/x/v1/z.F", "z.F");   /* v1 is no version, but a directory */
	check_short("github.com/x/v0x.F", "v0x.F");
	/* Java */
	check_short("java.util.concurrent.ThreadPoolExecutor$Worker.run",
		    "ThreadPoolExecutor$Worker.run");
	check_short("java.bar.foo.FooBar.run(java.lang.Runnable)", "FooBar.run");
	check_short("com.x.Foo.<init>(int)", "Foo.<init>");
	check_short("com.x.Foo.bar$1", "Foo.bar$1");
	/* C++ */
	check_short("(anonymous namespace)::Bar::Foo", "Bar::Foo");
	check_short("foo::bar::Baz::qux", "Baz::qux");
	check_short("foo::Bar::~Bar", "Bar::~Bar");
	check_short("foo::Bar::method<int>(x)", "Bar::method<int>");
	check_short("std::vector<int>::push_back", "std::vector<int>::push_back");
	check_short("foo::bar", "foo::bar");
	check_short("", "");
}

static void test_escape(void)
{
	struct strbuf sb = STRBUF_INIT;
	dot_escape(&sb, "a\"b\\c\nd");
	CHECK_STR(sb.buf, "a\\\"b\\\\c\\ld");
	strbuf_release(&sb);
}

static void test_color(void)
{
	char c[8];
	/* main.worker.func1: 4.22s of 4.42s */
	dot_color(c, 4.22 / 4.42, 0);
	CHECK_STR(c, "#b20200");
	dot_color(c, 4.22 / 4.42, 1);
	CHECK_STR(c, "#edd5d5");
	/* sha256.block: 1.04s of 4.42s */
	dot_color(c, 1.04 / 4.42, 0);
	CHECK_STR(c, "#b23e00");
	dot_color(c, 1.04 / 4.42, 1);
	CHECK_STR(c, "#edddd5");
	/* grey at zero, green below */
	dot_color(c, 0, 0);
	CHECK_STR(c, "#b2b2b2");
	dot_color(c, -1, 0);
	CHECK_STR(c, "#00b200");
	dot_color(c, 5, 0); /* clamped */
	CHECK_STR(c, "#b20000");
}

static void fmt(void *ctx, struct strbuf *sb, int64_t v)
{
	(void)ctx;
	strbuf_addf(sb, "%lld", (long long)v);
}

static void test_empty_graph(void)
{
	struct graph g;
	memset(&g, 0, sizeof(g));
	const char *labels[] = { "File: a\"b", "\nSee it" };
	struct dot_config c = { "prog", labels, 2, 0, fmt, NULL };
	struct strbuf sb = STRBUF_INIT;
	dot_compose(&sb, &g, &c);
	CHECK_STR(sb.buf, "digraph \"prog\" {\n"
			  "node [style=filled fillcolor=\"#f8f8f8\"]\n"
			  "subgraph cluster_L { \"File: a\\\"b\" [shape=box fontsize=16 "
			  "label=\"File: a\\\"b\\l\\lSee it\\l\" tooltip=\"prog\"] }\n"
			  "}\n");
	strbuf_reset(&sb);
	c.title = NULL;
	c.nlabels = 0;
	dot_compose(&sb, &g, &c);
	CHECK_STR(sb.buf, "digraph \"unnamed\" {\n"
			  "node [style=filled fillcolor=\"#f8f8f8\"]\n}\n");
	strbuf_release(&sb);
}

int main(void)
{
	test_shorten();
	test_escape();
	test_color();
	test_empty_graph();
	return check_report();
}
