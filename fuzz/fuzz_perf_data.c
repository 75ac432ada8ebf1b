/* Target: bytes straight into the perf.data reader (file and pipe mode),
 * then the walk -raw does over what it read. Kernel and JIT symbols are
 * not read: /proc/kallsyms and /tmp/perf-PID.map are the machine's, not
 * the input's. */
#include "fuzz.h"

#include "lib/base/strbuf.h"
#include "lib/decode/perf_data.h"
#include "lib/model/profile.h"
#include "report/raw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p = NULL;
	perf_data_kallsyms_path = NULL;
	perf_data_jit_dir = NULL;
	if (perf_data_parse(data, size, &p) != PERF_DATA_OK)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	raw_print(p, &sb);
	if (profile_check(p))
		__builtin_trap(); /* the reader must build a valid profile */
	strbuf_release(&sb);
	profile_free(p);
	return 0;
}
