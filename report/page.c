/* page: -flame and -weblist as one HTML file each: an embedded template
 * (report/assets/) with its script and style, and the report's data from
 * json.c inline. The flame graph is kept finer than the web UI's, since
 * nothing can be fetched later. */
#include "report/page.h"

#include <string.h>

#include "lib/base/strbuf.h"
#include "report/assets.h"
#include "report/json.h"
#include "report/report.h"

/* Appends template tmpl to out with its three markers filled in. */
static void fill(struct strbuf *out, const char *tmpl, const struct strbuf *css,
		 const struct strbuf *js, const struct strbuf *data)
{
	static const char *const mark[] = { "/*CPROF-CSS*/", "/*CPROF-JS*/",
					    "/*CPROF-DATA*/" };
	const struct strbuf *const with[] = { css, js, data };
	const char *p = tmpl;
	for (;;) {
		const char *best = NULL;
		size_t which = 0;
		for (size_t i = 0; i < 3; i++) {
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

/* The page named page ("flame" or "weblist") around data from json. */
static int page(struct report *rpt, const char *name,
		int (*json)(struct report *, struct strbuf *), struct strbuf *out)
{
	struct strbuf data = STRBUF_INIT, css = STRBUF_INIT, js = STRBUF_INIT,
		      file = STRBUF_INIT;
	int ret = -1;
	if (json(rpt, &data))
		goto cleanup;
	strbuf_addf(&file, "%s.css", name);
	strbuf_adds(&css, report_asset_find(file.buf)->data);
	strbuf_reset(&file);
	strbuf_addf(&file, "%s.js", name);
	strbuf_adds(&js, report_asset_find(file.buf)->data);
	strbuf_reset(&file);
	strbuf_addf(&file, "%s.html", name);
	fill(out, report_asset_find(file.buf)->data, &css, &js, &data);
	ret = 0;
cleanup:
	strbuf_release(&data);
	strbuf_release(&css);
	strbuf_release(&js);
	strbuf_release(&file);
	return ret;
}

int page_flame(struct report *rpt, struct strbuf *out)
{
	if (!rpt->opts.view.resolution)
		rpt->opts.view.resolution = 20000;
	return page(rpt, "flame", json_flame, out);
}

int page_weblist(struct report *rpt, struct strbuf *out)
{
	return page(rpt, "source", json_source, out);
}
