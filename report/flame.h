/* flame: the static flame graph page (-flame): the viewer of
 * report/assets/flame.{js,css,html} with the report's tree inline, one
 * self-contained HTML file that needs no server and no network. */
#ifndef CPROF_FLAME_H
#define CPROF_FLAME_H

struct report;
struct strbuf;

/* Appends the page to out. -1 and error_set. */
int flame_html_print(struct report *rpt, struct strbuf *out);

#endif
