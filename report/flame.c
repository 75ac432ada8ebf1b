/* flame: -flame, a flame graph as one HTML file (google/pprof#670 asks
 * for this; pprof has none). The page template, script and style are
 * embedded assets; the data is json_flame's tree, kept finer than the web
 * UI's because nothing can be fetched later. */
#include "report/flame.h"

#include <string.h>

#include "lib/base/strbuf.h"
#include "report/assets.h"
#include "report/json.h"
#include "report/report.h"

/* Appends tmpl to out with each marker replaced by its text. */
static void fill(struct strbuf *out, const char *tmpl, const char *const *mark,
		 const struct strbuf *const *with, size_t n)
{
	const char *p = tmpl;
	for (;;) {
		const char *best = NULL;
		size_t which = 0;
		for (size_t i = 0; i < n; i++) {
			const char *hit = strstr(p, mark[i]);
			if (hit && (!best || hit < best)) {
				best = hit;
				which = i;
			}
		}
		if (!best)
			break;
		strbuf_add(out, p, (size_t)(best - p));
		strbuf_add(out, with[which]->buf, with[which]->len);
		p = best + strlen(mark[which]);
	}
	strbuf_adds(out, p);
}

int flame_html_print(struct report *rpt, struct strbuf *out)
{
	struct strbuf data = STRBUF_INIT, css = STRBUF_INIT, js = STRBUF_INIT;
	int ret = -1;
	if (!rpt->opts.view.resolution)
		rpt->opts.view.resolution = 20000;
	if (json_flame(rpt, &data))
		goto cleanup;
	strbuf_adds(&css, report_asset_find("flame.css")->data);
	strbuf_adds(&js, report_asset_find("flame.js")->data);
	static const char *const mark[] = { "/*CPROF-CSS*/", "/*CPROF-JS*/",
					    "/*CPROF-DATA*/" };
	const struct strbuf *const with[] = { &css, &js, &data };
	fill(out, report_asset_find("flame.html")->data, mark, with, 3);
	ret = 0;
cleanup:
	strbuf_release(&data);
	strbuf_release(&css);
	strbuf_release(&js);
	return ret;
}
