/* list: one graph at line granularity gives every line's values; source
 * text comes from sourcefile.c, read once per file. */
#include "report/list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/base/error.h"
#include "lib/graph/graph.h"
#include "report/graphbuild.h"
#include "lib/model/profile.h"
#include "lib/gocompat/regex.h"
#include "report/report.h"
#include "report/sourcefile.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

/* Lines shown around the sampled ones when the function's first line is
 * unknown, and after the last. */
#define MARGIN 5

/* A matching node and its place in the graph's creation order, which
 * decides which node of a file sets the listing's first window. */
struct item {
	struct graph_node *n;
	size_t seq;
};

static int cmp_name_seq(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->n->info.name, y->n->info.name);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_file_seq(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->n->info.file, y->n->info.file);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The line window pprof shows for one file's nodes: from the first node's
 * function start (or its line - MARGIN) to its line + MARGIN, widened by
 * the other nodes. pprof widens the end only when a node does not also
 * widen the start; we keep that, the output must match. */
static void line_window(const struct item *it, size_t n, long *start,
			long *end)
{
	const struct graph_node_info *first = &it[0].n->info;
	long s = first->start_line ? (long)first->start_line :
				     (long)first->lineno - MARGIN;
	long e = (long)first->lineno + MARGIN;
	for (size_t i = 0; i < n; i++) {
		const struct graph_node_info *in = &it[i].n->info;
		long ns = in->start_line ? (long)in->start_line :
					   (long)in->lineno - MARGIN;
		long ne = (long)in->lineno + MARGIN;
		if (ns < s)
			s = ns;
		else if (ne > e)
			e = ne;
	}
	*start = s < 1 ? 1 : s;
	*end = e;
}

/* One ROUTINE block: the nodes of function name in file it[0..n). */
static void print_file(struct report *rpt, struct sourcefile_reader *reader,
		       const char *name, const struct item *it, size_t n,
		       struct strbuf *out)
{
	const char *file = it[0].n->info.file;
	int64_t flat = 0, cum = 0;
	for (size_t i = 0; i < n; i++) {
		flat = wrap_add(flat, it[i].n->flat);
		cum = wrap_add(cum, it[i].n->cum);
	}
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	strbuf_addf(out, "ROUTINE ======================== %s in %s\n", name,
		    file);
	report_format_value(rpt, &a, flat);
	report_format_value(rpt, &b, cum);
	strbuf_addf(out, "%10s %10s (flat, cum) ", a.buf, b.buf);
	units_percentage(out, cum, rpt->total);
	strbuf_adds(out, " of Total\n");

	long start, end;
	line_window(it, n, &start, &end);
	/* Render into a side buffer: a missing file prints only the error. */
	struct strbuf body = STRBUF_INIT;
	for (long l = start; l <= end; l++) {
		size_t len;
		const char *text = sourcefile_line(reader, file, l, &len);
		if (!text)
			break;
		int64_t lf = 0, lc = 0;
		for (size_t i = 0; i < n; i++) {
			if (it[i].n->info.lineno == l) {
				lf += it[i].n->flat;
				lc += it[i].n->cum;
			}
		}
		strbuf_reset(&a);
		strbuf_reset(&b);
		report_format_value_or_dot(rpt, &a, lf);
		report_format_value_or_dot(rpt, &b, lc);
		strbuf_addf(&body, "%10s %10s %6ld:", a.buf, b.buf, l);
		strbuf_add(&body, text, len);
		strbuf_addch(&body, '\n');
	}
	const char *err = sourcefile_error(reader, file);
	if (err)
		strbuf_addf(out, " Error: %s\n", err);
	else
		strbuf_add(out, body.buf, body.len);
	strbuf_release(&body);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* All blocks of one function, it[0..n) being its nodes. */
static void print_function(struct report *rpt,
			   struct sourcefile_reader *reader, struct item *it,
			   size_t n, struct strbuf *out)
{
	const char *name = it[0].n->info.name;
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (*it[i].n->info.file)
			it[w++] = it[i];
	if (!w) {
		strbuf_addf(out, "No source information for %s\n", name);
		return;
	}
	qsort(it, w, sizeof(*it), cmp_file_seq);
	for (size_t i = 0; i < w;) {
		size_t j = i + 1;
		while (j < w && it[j].n->info.file == it[i].n->info.file)
			j++;
		print_file(rpt, reader, name, it + i, j - i, out);
		i = j;
	}
}

int list_print(struct report *rpt, struct strbuf *out)
{
	const struct report_options *o = &rpt->opts;
	struct graph *g = report_new_graph(rpt, NULL);
	struct item *it = xcalloc(g->nnodes + 1, sizeof(*it));
	struct sourcefile_reader *reader = NULL;
	char *cwd = NULL;
	size_t n = 0;
	int ret = -1;

	for (size_t i = 0; i < g->nnodes; i++) {
		if (!o->symbol || regex_match(o->symbol, g->nodes[i]->info.name))
			it[n++] = (struct item){ g->nodes[i], i };
	}
	if (!n) {
		error_set("no matches found for regexp: %s",
			  o->symbol_src ? o->symbol_src : "");
		goto cleanup;
	}
	/* By name; within a name, graph order. */
	qsort(it, n, sizeof(*it), cmp_name_seq);

	const char *search = o->source_path;
	if (!search || !*search) {
		cwd = getcwd(NULL, 0);
		if (!cwd) {
			error_set("could not stat current dir: %s",
				  strerror(errno));
			goto cleanup;
		}
		search = cwd;
	}
	reader = sourcefile_reader_new(search, o->trim_path);

	strbuf_adds(out, "Total: ");
	report_format_value(rpt, out, rpt->total);
	strbuf_addch(out, '\n');
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && it[j].n->info.name == it[i].n->info.name)
			j++;
		print_function(rpt, reader, it + i, j - i, out);
		i = j;
	}
	ret = 0;
cleanup:
	sourcefile_reader_free(reader);
	free(cwd);
	free(it);
	graph_free(g);
	return ret;
}
