/* page: self-contained HTML reports, each one file holding a viewer from
 * report/assets/ (script, style, page template) and the report's data
 * inline as JSON: nothing is fetched, so they open from file:// and can
 * be attached to a bug report.
 *
 * -flame: the flame graph (google/pprof#670 asks for this; pprof has
 * none). -weblist: pprof's annotated source with each line's
 * instructions. */
#ifndef CPROF_PAGE_H
#define CPROF_PAGE_H

struct report;
struct strbuf;

/* Append the page to out. -1 and error_set. */
int page_flame(struct report *rpt, struct strbuf *out);
int page_weblist(struct report *rpt, struct strbuf *out);

#endif
