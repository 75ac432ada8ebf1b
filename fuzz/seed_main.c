/* seed_main: replays files (or every file under directories) through a
 * fuzz target without libFuzzer, so seed corpora and kept crashing inputs
 * run as meson tests under gcc or clang, with or without sanitizers.
 * A bug shows as a crash or a sanitizer report; the driver itself only
 * fails when it cannot read an input or finds none. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int nrun;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "seed: %s: %s\n", path, strerror(errno));
		return -1;
	}
	uint8_t *buf = NULL;
	size_t n = 0, alloc = 0;
	for (;;) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 65536;
			buf = realloc(buf, alloc);
			if (!buf)
				abort();
		}
		size_t got = fread(buf + n, 1, alloc - n, f);
		if (!got)
			break;
		n += got;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "seed: %s: read error\n", path);
		free(buf);
		return -1;
	}
	/* An exact-size copy lets ASan see reads one past the end. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact)
		abort();
	if (n)
		memcpy(exact, buf, n);
	free(buf);
	if (getenv("SEED_VERBOSE"))
		fprintf(stderr, "seed: %s\n", path);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	nrun++;
	return 0;
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st)) {
		fprintf(stderr, "seed: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return S_ISREG(st.st_mode) ? run_file(path) : 0;

	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "seed: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		if (!names || !names[n])
			abort();
		snprintf(names[n++], len, "%s/%s", path, e->d_name);
	}
	closedir(d);
	/* sorted, so a failing run is reproducible */
	if (n)
		qsort(names, n, sizeof(*names), compare);
	int ret = 0;
	for (size_t i = 0; i < n; i++) {
		if (run_path(names[i]))
			ret = -1;
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	int ret = 0;
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i]))
			ret = 1;
	if (!nrun) {
		fprintf(stderr, "seed: no inputs\n");
		return 1;
	}
	printf("%d inputs\n", nrun);
	return ret;
}
