/* sourcefile: pprof's trimPath, filepath.Clean, and openSourceFile's search
 * through the search path's parents, checked against what Go's path rules
 * and pprof's source.go give by hand. */
#include "lib/gocompat/gopath.h"
#include "report/sourcefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "lib/base/strbuf.h"

static const char *trim(const char *path, const char *t, const char *search)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	strbuf_adds(&sb, gopath_trim(path, t, search));
	return sb.buf;
}

static const char *clean(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	gopath_clean(&sb, s, strlen(s));
	return sb.buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

int main(void)
{
	CHECK_STR(clean(""), ".");
	CHECK_STR(clean("a//b/./c/.."), "a/b");
	CHECK_STR(clean("/../a/"), "/a");
	CHECK_STR(clean("../../x"), "../../x");
	CHECK_STR(clean("a/../.."), "..");
	CHECK_STR(clean("./"), ".");

	/* the search path's last element is a guess at the project root */
	CHECK_STR(trim("/usr/lib/go/src/sort/sort.go", "", "/home/me/src"),
		  "sort/sort.go");
	CHECK_STR(trim("/build/proj/a.c", "", "/x/proj:/y"), "a.c");
	CHECK_STR(trim("/build/proj/a.c", "", "/x/other"), "/build/proj/a.c");
	/* an explicit trim path turns the guess off */
	CHECK_STR(trim("/usr/src/a/b.c", "/usr/src", "/x/a"), "a/b.c");
	CHECK_STR(trim("/usr/src/a/b.c", "/opt:/usr/src/", "/x"), "a/b.c");
	CHECK_STR(trim("/usr/srcx/b.c", "/usr/src", ""), "/usr/srcx/b.c");
	CHECK_STR(trim("/proc/self/cwd/./k.c", "", ""), "k.c");
	CHECK_STR(trim("/proc/self/cwd/k.c", "", ""), "k.c");

	char tmpl[] = "/tmp/test_sourcefile.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CHECK(dir != NULL);
	if (!dir)
		return check_report();
	char path[4096], deep[4096];
	snprintf(path, sizeof(path), "%s/pkg", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/pkg/f.c", dir);
	/* CRLF loses its CR; a last line without '\n' still counts */
	write_file(path, "one\r\ntwo\n\nfour");
	snprintf(deep, sizeof(deep), "%s/a/b", dir);
	snprintf(path, sizeof(path), "%s/a", dir);
	mkdir(path, 0700);
	mkdir(deep, 0700);

	/* pkg/f.c is found from a/b by climbing to its parents */
	struct sourcefile_reader *r = sourcefile_reader_new(deep, "");
	size_t len = 0;
	const char *l = sourcefile_line(r, "pkg/f.c", 1, &len);
	CHECK_STR(l, "one");
	CHECK(len == 3);
	CHECK_STR(sourcefile_line(r, "pkg/f.c", 3, &len), "");
	CHECK_STR(sourcefile_line(r, "pkg/f.c", 4, &len), "four");
	CHECK(sourcefile_line(r, "pkg/f.c", 5, &len) == NULL);
	CHECK(sourcefile_line(r, "pkg/f.c", 0, &len) == NULL);
	CHECK(sourcefile_error(r, "pkg/f.c") == NULL);

	CHECK(sourcefile_line(r, "pkg/none.c", 1, &len) == NULL);
	char want[8192];
	snprintf(want, sizeof(want), "could not find file pkg/none.c on path %s",
		 deep);
	CHECK_STR(sourcefile_error(r, "pkg/none.c"), want);
	CHECK(sourcefile_line(r, "/nonexistent/x.c", 1, &len) == NULL);
	CHECK_STR(sourcefile_error(r, "/nonexistent/x.c"),
		  "open /nonexistent/x.c: no such file or directory");
	sourcefile_reader_free(r);

	/* an absolute name made relative by -trim_path is searched for */
	r = sourcefile_reader_new(dir, "/remote/build");
	CHECK_STR(sourcefile_line(r, "/remote/build/pkg/f.c", 2, &len), "two");
	sourcefile_reader_free(r);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
	return check_report();
}
