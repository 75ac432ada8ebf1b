/* -traces: every sample's stack with its labels (pprof printTraces). */
#include "report/traces.h"

#include <stdlib.h>
#include <string.h>

#include "lib/graph/graph.h"
#include "report/graphbuild.h"
#include "lib/model/profile.h"
#include "report/report.h"
#include "lib/base/sink.h"
#include "lib/base/strbuf.h"
#include "lib/base/wrap.h"
#include "lib/gocompat/units.h"
#include "lib/base/xalloc.h"

static const char sep[] =
	"-----------+-------------------------------------------------------\n";

/* Go's %10s pads to ten runes, not bytes. */
static void pad10(struct strbuf *out, const char *s)
{
	size_t runes = 0;
	for (const char *c = s; *c; c++)
		if ((*c & 0xc0) != 0x80)
			runes++;
	if (runes < 10)
		strbuf_addchars(out, ' ', 10 - runes);
	strbuf_adds(out, s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One "%10s:  v1 v2\n" line per label key (string labels when numeric is
 * false), sorted as text, as pprof prints them. */
static void print_labels(const struct report *rpt, struct strbuf *out,
			 const struct profile_sample *s, bool numeric)
{
	char **lines = NULL;
	size_t n = 0, alloc = 0;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < s->nlabel; i++) {
		const struct profile_label *l = &s->label[i];
		if ((l->str != NULL) == numeric)
			continue;
		bool dup = false; /* key already printed with its first use */
		for (size_t k = 0; k < i && !dup; k++)
			dup = (s->label[k].str != NULL) == (l->str != NULL) &&
			      s->label[k].key == l->key;
		if (dup)
			continue;
		strbuf_reset(&sb);
		pad10(&sb, l->key);
		strbuf_adds(&sb, ":  ");
		bool first = true;
		for (size_t k = i; k < s->nlabel; k++) {
			const struct profile_label *m = &s->label[k];
			if (m->key != l->key || (m->str != NULL) == numeric)
				continue;
			if (!first)
				strbuf_addch(&sb, ' ');
			first = false;
			if (numeric)
				units_label(&sb, m->num,
					    report_label_unit(rpt, m->key));
			else
				strbuf_adds(&sb, m->str);
		}
		strbuf_addch(&sb, '\n');
		ALLOC_GROW(lines, n + 1, alloc);
		lines[n++] = xstrdup(sb.buf);
	}
	if (n) /* lines is NULL when there are none */
		qsort(lines, n, sizeof(*lines), cmp_str);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(out, lines[i]);
		free(lines[i]);
	}
	free(lines);
	strbuf_release(&sb);
}

int traces_print(struct report *rpt, struct sink *sink)
{
	struct profile *p = rpt->prof;
	struct strbuf *out = sink->buf;
	report_profile_labels(rpt, out);
	struct graph_options go = { 0 };
	go.mean_index = -1;
	struct graph *g = graph_create_nodes(p, &go);
	struct strbuf tmp = STRBUF_INIT;
	for (size_t si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->sample[si];
		size_t depth = 0;
		for (size_t i = 0; i < s->nlocation; i++) {
			size_t nn;
			graph_location_nodes(g, s->location[i], &nn);
			depth += nn;
		}
		if (!depth)
			continue;
		strbuf_adds(out, sep);
		print_labels(rpt, out, s, false);
		print_labels(rpt, out, s, true);
		int64_t v = s->value[rpt->opts.sample_index];
		int64_t d = report_sample_divisor(rpt, s->value);
		if (d)
			v = wrap_div(v, d);
		bool first = true;
		for (size_t i = 0; i < s->nlocation; i++) {
			size_t nn;
			struct graph_node **ns =
				graph_location_nodes(g, s->location[i], &nn);
			for (size_t k = 0; k < nn; k++) {
				strbuf_reset(&tmp);
				if (first)
					report_format_value(rpt, &tmp, v);
				first = false;
				if (tmp.len < 10)
					strbuf_addchars(out, ' ', 10 - tmp.len);
				strbuf_addf(out, "%s   %s%s\n", tmp.buf,
					    ns[k]->printable,
					    k != nn - 1 ? " (inline)" : "");
			}
		}
		sink_maybe_flush(sink);
	}
	strbuf_adds(out, sep);
	strbuf_release(&tmp);
	graph_free(g);
	return 0;
}
