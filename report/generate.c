/* generate: one table from output format to renderer, so that the
 * pipeline names a format and never a renderer. */
#include "report/generate.h"

#include "lib/base/error.h"
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

static int print_raw(struct report *rpt, struct strbuf *out)
{
	raw_print(rpt->prof, out);
	return 0;
}

/* pprof writes the profile itself, gzipped profile.proto. */
static int print_proto(struct report *rpt, struct strbuf *out)
{
	return proto_encode_gzip(rpt->prof, out);
}

/* One renderer per format; NULL entries are formats not built yet. */
static int (*const renderers[])(struct report *, struct strbuf *) = {
	[REPORT_CALLGRIND] = callgrind_print,
	[REPORT_COMMENTS] = print_comments,
	[REPORT_TAGS] = tags_print,
	[REPORT_DIS] = disasm_print,
	[REPORT_DOT] = dot_print,
	[REPORT_FOLDED] = folded_print,
	[REPORT_LIST] = list_print,
	[REPORT_PROTO] = print_proto,
	[REPORT_TOPPROTO] = topproto_print,
	[REPORT_RAW] = print_raw,
	[REPORT_TEXT] = text_print,
	[REPORT_TRACES] = traces_print,
	[REPORT_TREE] = text_print_tree,
	[REPORT_JSON_TOP] = json_top,
	[REPORT_JSON_FLAME] = json_flame,
	[REPORT_JSON_PEEK] = json_peek,
	[REPORT_JSON_SOURCE] = json_source,
	[REPORT_FLAME_HTML] = page_flame,
	[REPORT_WEBLIST] = page_weblist,
};

int generate_report(struct report *rpt, struct strbuf *out)
{
	unsigned f = rpt->opts.format;
	if (f >= sizeof(renderers) / sizeof(renderers[0]) || !renderers[f])
		return error_set("this output format is not supported yet");
	return renderers[f](rpt, out);
}
