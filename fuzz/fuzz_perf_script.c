/* Target: bytes straight into the perf script text reader, then the
 * walk -raw does over what it read. */
#include "fuzz.h"

#include "lib/base/strbuf.h"
#include "lib/decode/perf_script.h"
#include "lib/model/profile.h"
#include "report/raw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p = NULL;
	if (perf_script_parse(data, size, &p) != PERF_SCRIPT_OK)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	raw_print(p, &sb);
	if (profile_check(p))
		__builtin_trap(); /* the reader must build a valid profile */
	strbuf_release(&sb);
	profile_free(p);
	return 0;
}
