/* Target: an arbitrary file as the profiled binary. The bytes go into a
 * memory file that a mapping names, and local symbolization (libdwfl:
 * ELF headers, symbol tables, DWARF lines and inline chains) resolves a
 * few addresses against it. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/base/error.h"
#include "lib/model/profile.h"
#include "symbolize/symbolize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	/* every malformed binary is a warning line; sanitizers use fd 2 */
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (devnull && !getenv("FUZZ_VERBOSE"))
			stderr = devnull;
	}
	int fd = memfd_create("fuzz-binary", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	struct profile *p = profile_new();
	profile_add_sample_type(p, profile_interns(p, "samples"),
				profile_interns(p, "count"));
	struct profile_mapping *m = profile_add_mapping(p);
	m->id = 1;
	m->start = 0x400000;
	m->limit = 0x800000;
	m->file = profile_interns(p, path);
	static const uint64_t addrs[] = { 0x400000, 0x401000, 0x401234,
					  0x4010f0, 0x7fffff };
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		struct profile_location *l = profile_add_location(p, 0);
		l->id = i + 1;
		l->mapping = m;
		l->address = addrs[i];
		struct profile_sample *s = profile_add_sample(p, 1, 0);
		s->location[0] = l;
		s->value[0] = 1;
	}
	struct symbolize_options o = { .mode = "local" };
	symbolize_profile(p, &o);
	if (getenv("FUZZ_VERBOSE"))
		for (size_t i = 0; i < p->nlocation; i++)
			fprintf(stderr, "%#llx: %zu lines%s%s\n",
				(unsigned long long)p->location[i]->address,
				p->location[i]->nline,
				p->location[i]->nline ? " " : "",
				p->location[i]->nline ?
					p->location[i]->line[0].function->name : "");
	profile_free(p);
	close(fd);
	error_clear();
	return 0;
}
