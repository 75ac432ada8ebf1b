/* Target: bytes as a profile file (gzip, profile.proto, legacy formats),
 * then the walks every report does over the model. */
#include "fuzz.h"

#include "lib/model/profile.h"
#include "report/raw.h"
#include "lib/decode/source.h"
#include "lib/base/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Small inputs must not inflate past libFuzzer's memory limit. */
	struct source_options o = { .max_decompressed = 16 << 20 };
	struct profile *p = source_parse(data, size, &o);
	if (!p)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	raw_print(p, &sb);
	profile_sample_index(p, "");
	struct profile *c = profile_copy(p);
	profile_renumber(c);
	raw_print(c, &sb);
	strbuf_release(&sb);
	profile_free(c);
	profile_free(p);
	return 0;
}
