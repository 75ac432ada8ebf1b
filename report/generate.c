/* generate: one table from output format to renderer, so that the
 * pipeline names a format and never a renderer. */
#include "report/generate.h"

#include "lib/base/error.h"
#include "lib/base/sink.h"
#include "lib/base/strbuf.h"
#include "lib/model/profile.h"
#include "proto/proto_encode.h"
#include "report/callgrind.h"
#include "report/disasm.h"
#include "report/dot.h"
#include "report/folded.h"
#include "report/json.h"
#include "report/page.h"
#include "report/list.h"
#include "report/raw.h"
#include "report/report.h"
#include "report/tags.h"
#include "report/text.h"
#include "report/topproto.h"
#include "report/traces.h"

static int print_comments(struct report *rpt, struct strbuf *out)
{
	for (size_t i = 0; i < rpt->prof->ncomment; i++)
		strbuf_addf(out, "%s\n", rpt->prof->comment[i]);
	return 0;
}

static int print_raw(struct report *rpt, struct sink *out)
{
	raw_write(rpt->prof, out);
	return 0;
}

/* pprof writes the profile itself, gzipped profile.proto. */
static int print_proto(struct report *rpt, struct sink *out)
{
	return proto_write_gzip(rpt->prof, out);
}

/* One renderer per format; empty entries are formats not built yet.
 * Reports that grow with the number of samples (whose text can be many
 * times the profile's size) write to the sink as they go; the others
 * are built in the sink's buffer and written at the end. */
static const struct renderer {
	int (*text)(struct report *, struct strbuf *);
	int (*stream)(struct report *, struct sink *);
} renderers[] = {
	[REPORT_CALLGRIND] = { .stream = callgrind_print },
	[REPORT_COMMENTS] = { .text = print_comments },
	[REPORT_TAGS] = { .text = tags_print },
	[REPORT_DIS] = { .text = disasm_print },
	[REPORT_DOT] = { .text = dot_print },
	[REPORT_FOLDED] = { .text = folded_print },
	[REPORT_LIST] = { .text = list_print },
	[REPORT_PROTO] = { .stream = print_proto },
	[REPORT_TOPPROTO] = { .text = topproto_print },
	[REPORT_RAW] = { .stream = print_raw },
	[REPORT_TEXT] = { .text = text_print },
	[REPORT_TRACES] = { .stream = traces_print },
	[REPORT_TREE] = { .text = text_print_tree },
	[REPORT_JSON_TOP] = { .text = json_top },
	[REPORT_JSON_FLAME] = { .text = json_flame },
	[REPORT_JSON_PEEK] = { .text = json_peek },
	[REPORT_JSON_SOURCE] = { .text = json_source },
	[REPORT_FLAME_HTML] = { .text = page_flame },
	[REPORT_WEBLIST] = { .text = page_weblist },
};

int generate_report(struct report *rpt, struct sink *out)
{
	unsigned f = rpt->opts.format;
	if (f >= sizeof(renderers) / sizeof(renderers[0]))
		return error_set("this output format is not supported yet");
	const struct renderer *r = &renderers[f];
	if (r->stream)
		return r->stream(rpt, out);
	if (r->text)
		return r->text(rpt, out->buf);
	return error_set("this output format is not supported yet");
}
