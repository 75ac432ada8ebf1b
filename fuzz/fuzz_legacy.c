/* Target: bytes straight into the legacy parsers, without the gzip and
 * profile.proto attempts in front of them. */
#include "fuzz.h"

#include "lib/decode/legacy/legacy.h"
#include "lib/model/profile.h"
#include "report/raw.h"
#include "lib/base/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p = NULL;
	if (legacy_parse(data, size, &p) != LEGACY_OK)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	raw_print(p, &sb);
	strbuf_release(&sb);
	profile_free(p);
	return 0;
}
