#include "report.h"

#include <string.h>

#include "error.h"
#include "profile.h"
#include "raw.h"
#include "strbuf.h"

void report_init(struct report *rpt, struct profile *prof,
		 const struct report_options *opts)
{
	rpt->prof = prof;
	rpt->opts = *opts;
	rpt->total = 0;
}

int64_t report_sample_value(const struct report *rpt, const int64_t *values)
{
	return values[rpt->opts.sample_index];
}

static int print_comments(struct report *rpt, struct strbuf *out)
{
	for (size_t i = 0; i < rpt->prof->ncomment; i++)
		strbuf_addf(out, "%s\n", rpt->prof->comment[i]);
	return 0;
}

static int print_raw(struct report *rpt, struct strbuf *out)
{
	raw_print(rpt->prof, out);
	return 0;
}

/* One renderer per format; NULL entries are formats not built yet. */
static int (*const renderers[])(struct report *, struct strbuf *) = {
	[REPORT_COMMENTS] = print_comments,
	[REPORT_RAW] = print_raw,
};

int report_generate(struct report *rpt, struct strbuf *out)
{
	unsigned f = rpt->opts.format;
	if (f >= sizeof(renderers) / sizeof(renderers[0]) || !renderers[f])
		return error_set("this output format is not supported yet");
	return renderers[f](rpt, out);
}
