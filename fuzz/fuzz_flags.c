/* Target: a command line (NUL- or newline-separated words) through the
 * Go-style flag parser, first with a table of every flag kind, then
 * through cprof's whole configuration (cli_parse). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/pipeline/cli.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/flags.h"
#include "lib/decode/source.h"
#include "lib/base/strbuf.h"

#define MAXARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	/* cli_parse prints usage on every error; sanitizers write to
	 * fd 2 directly, so swapping the stdio streams hides only that. */
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (devnull && !getenv("FUZZ_VERBOSE"))
			stdout = stderr = devnull;
	}
	if (size > 4096)
		return 0;
	char *buf = malloc(size + 1);
	char *argv[MAXARGS + 2];
	int argc = 0;
	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = "cprof";
	char *s = buf;
	for (size_t i = 0; i <= size && argc < MAXARGS + 1; i++) {
		if (buf[i] == '\0' || buf[i] == '\n') {
			buf[i] = '\0';
			argv[argc++] = s;
			s = buf + i + 1;
		}
	}
	argv[argc] = NULL;

	bool b = false;
	int n = 0;
	double d = 0;
	const char *str = NULL;
	struct flag_list list = { 0 };
	struct flag table[] = {
		{ "b", FLAG_BOOL, &b, NULL, false },
		{ "n", FLAG_INT, &n, NULL, false },
		{ "d", FLAG_FLOAT, &d, NULL, false },
		{ "s", FLAG_STRING, &str, NULL, false },
		{ "l", FLAG_LIST, &list, NULL, false },
	};
	struct strbuf err = STRBUF_INIT;
	int first = 0;
	flags_parse(table, sizeof(table) / sizeof(table[0]), argc, argv, &first,
		    &err);
	strbuf_release(&err);
	flag_list_release(&list);

	struct config cfg;
	config_init(&cfg);
	cli_parse(&cfg, argc, argv);
	config_release(&cfg);
	free(buf);
	return 0;
}
