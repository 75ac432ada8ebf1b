/* Target: bytes straight into the folded stacks reader, then the
 * -folded writer over what it read. */
#include "fuzz.h"

#include "lib/base/strbuf.h"
#include "lib/decode/folded.h"
#include "lib/model/profile.h"
#include "report/folded.h"
#include "report/raw.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p = NULL;
	if (folded_parse(data, size, &p) != FOLDED_OK)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	raw_print(p, &sb);
	struct report_options o = { .format = REPORT_FOLDED, .ratio = 1 };
	struct report rpt;
	report_init(&rpt, p, &o);
	folded_print(&rpt, &sb);
	report_release(&rpt);
	strbuf_release(&sb);
	profile_free(p);
	return 0;
}
