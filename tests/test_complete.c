/* Unit tests for the shell's Tab completion (complete_line) on the Go CPU
 * profile of the conformance set, whose function names and sample types
 * are known from go tool pprof's -top and -raw of it; and on a scratch
 * folder for file names. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cmd/shell/complete.h"
#include "cmd/shell/lineedit.h"
#include "lib/base/strbuf.h"
#include "lib/decode/source.h"
#include "lib/model/profile.h"

static struct profile *prof;
static struct lineedit_cands cands;
static size_t start;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The candidates for line (cursor at its end), sorted, joined by
 * spaces. */
static const char *complete(const char *line)
{
	static struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < cands.n; i++)
		free(cands.v[i]);
	cands.n = 0;
	start = 99;
	complete_line(prof, line, strlen(line), &start, &cands);
	qsort(cands.v, cands.n, sizeof(*cands.v), cmp_str);
	strbuf_reset(&sb);
	for (size_t i = 0; i < cands.n; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", cands.v[i]);
	return sb.buf;
}

static bool has(const char *word)
{
	for (size_t i = 0; i < cands.n; i++)
		if (!strcmp(cands.v[i], word))
			return true;
	return false;
}

int main(void)
{
	const char *td = getenv("TESTDATA");
	char path[4096];
	snprintf(path, sizeof(path), "%s/conformance/profiles/go1/cpu.pb.gz",
		 td ? td : "testdata");
	prof = source_load_file(path, NULL);
	if (!prof) {
		fprintf(stderr, "cannot load %s\n", path);
		return 1;
	}

	/* commands, settings (with '=' when they take a value), choices */
	complete("to");
	CHECK(has("top") && has("topproto") && has("tops") == 0);
	CHECK(start == 0);
	complete("gran");
	CHECK_STR(complete("gran"), "granularity=");
	CHECK_STR(complete("noinl"), "noinlines");
	CHECK_STR(complete("addr"), "addresses");
	CHECK_STR(complete("  li"), "lines list");
	CHECK(start == 2);
	/* values: choices, booleans, the profile's sample types */
	CHECK_STR(complete("granularity=fi"), "filefunctions files");
	CHECK(start == strlen("granularity="));
	CHECK_STR(complete("sort="), "cum flat");
	CHECK_STR(complete("trim=f"), "false");
	CHECK_STR(complete("cum="), "false true");
	CHECK_STR(complete("sample_index="), "cpu samples");
	CHECK_STR(complete("sam"), "sample_index= samples");
	CHECK_STR(complete("unit=m"), "mb minimum ms");
	/* function names after list and in focus=; special characters of
	 * RE2 escaped, '.' kept */
	CHECK_STR(complete("list main.fi"), "main.fib");
	CHECK(start == 5);
	CHECK_STR(complete("focus=crypto/sha256.bl"), "crypto/sha256.block");
	CHECK_STR(complete("top -main.fi"), "-main.fib");
	complete("peek runtime.");
	CHECK(cands.n > 5);
	for (size_t i = 0; i < cands.n; i++)
		CHECK(!strncmp(cands.v[i], "runtime.", 8));
	complete("list ");
	for (size_t i = 0; i < cands.n; i++)
		CHECK(!strpbrk(cands.v[i], "()*") ||
		      strstr(cands.v[i], "\\(") || strstr(cands.v[i], "\\*"));
	CHECK_STR(complete("help granu"), "granularity");
	CHECK_STR(complete("bogus ma"), "");

	/* file names after '>' and output= */
	char dir[] = "/tmp/cprof-complete-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	CHECK(chdir(dir) == 0);
	FILE *f = fopen("out.svg", "w");
	if (f)
		fclose(f);
	CHECK(mkdir("outdir", 0700) == 0);
	CHECK_STR(complete("svg >ou"), ">out.svg >outdir/");
	CHECK_STR(complete("svg > ou"), "out.svg outdir/");
	CHECK_STR(complete("output=out.s"), "out.svg");
	remove("out.svg");
	rmdir("outdir");
	CHECK(chdir("/") == 0);
	rmdir(dir);

	for (size_t i = 0; i < cands.n; i++)
		free(cands.v[i]);
	free(cands.v);
	profile_free(prof);
	return check_report();
}
