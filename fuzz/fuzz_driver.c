/* Target: the whole pipeline on an arbitrary profile file, as the command
 * line runs it: decode, merge, filters, aggregation, graph, one text
 * report. The first two input bytes choose the report and its options;
 * the rest is the file (a memfd), so every format and filter sees every
 * decodable input. Output goes to /dev/null. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cmd/pipeline/cli.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/pipeline.h"
#include "lib/base/error.h"
#include "lib/model/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	/* reports and errors are the product here, not findings; sanitizer
	 * reports use fd 2 directly */
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (devnull && !getenv("FUZZ_VERBOSE"))
			stdout = stderr = devnull;
		setenv("PPROF_BINARY_PATH", "/nonexistent", 1);
		setenv("TZ", "UTC", 1);
	}
	if (size < 2)
		return 0;
	static const char *formats[] = {
		"-top", "-text", "-tree", "-traces", "-raw", "-dot", "-callgrind",
		"-tags", "-proto", "-topproto", "-peek=.", "-list=main", "-comments",
	};
	static const char *options[] = {
		"-cum", "-lines", "-files", "-addresses", "-noinlines",
		"-nodecount=3", "-focus=a", "-drop_negative",
	};
	char *argv[16];
	int argc = 0;
	argv[argc++] = "cprof";
	argv[argc++] = (char *)formats[data[0] % (sizeof(formats) / sizeof(formats[0]))];
	for (int i = 0; i < 8; i++)
		if (data[1] & (1 << i))
			argv[argc++] = (char *)options[i];
	argv[argc++] = "-symbolize=none";
	argv[argc++] = "-max_decompressed=16777216";

	int fd = memfd_create("fuzz-profile", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data + 2, size - 2) != (ssize_t)(size - 2)) {
		close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	argv[argc++] = path;
	argv[argc] = NULL;

	struct config cfg;
	config_init(&cfg);
	if (cli_parse(&cfg, argc, argv) == 0) {
		/* what main does for a batch report */
		struct pipeline *pl = pipeline_new();
		struct profile *p = pipeline_load(pl, &cfg);
		if (p)
			pipeline_generate(p, &cfg, false);
		profile_free(p);
		pipeline_free(pl);
	}
	config_release(&cfg);
	close(fd);
	error_clear();
	return 0;
}
