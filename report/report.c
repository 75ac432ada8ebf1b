#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "callgrind.h"
#include "disasm.h"
#include "dot.h"
#include "error.h"
#include "list.h"
#include "profile.h"
#include "proto_encode.h"
#include "raw.h"
#include "strbuf.h"
#include "tags.h"
#include "text.h"
#include "topproto.h"
#include "traces.h"
#include "wrap.h"
#include "xalloc.h"

/* pprof's computeTotal: the sum of |value| (divided by the summed mean
 * divisors); when some samples carry the diff-base label, only those. */
static int64_t compute_total(const struct report *rpt)
{
	const struct profile *p = rpt->prof;
	int64_t div = 0, total = 0, diff_div = 0, diff_total = 0;
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		int64_t v = s->value[rpt->opts.sample_index];
		int64_t d = rpt->opts.mean ? s->value[0] : 0;
		if (v < 0)
			v = wrap_neg(v);
		total = wrap_add(total, v);
		div = wrap_add(div, d);
		for (size_t k = 0; k < s->nlabel; k++) {
			const struct profile_label *l = &s->label[k];
			if (l->str && !strcmp(l->key, "pprof::base") &&
			    !strcmp(l->str, "true")) {
				diff_total = wrap_add(diff_total, v);
				diff_div = wrap_add(diff_div, d);
				break;
			}
		}
	}
	if (diff_total > 0) {
		total = diff_total;
		div = diff_div;
	}
	return div ? wrap_div(total, div) : total;
}

/* profile.NumLabelUnits, for callers that did not supply the units: the
 * first unit given for a key, else "bytes" for alignment/request, else
 * the key itself. Kept in the profile's arena. */
static void guess_num_label_units(struct report *rpt)
{
	struct profile *p = rpt->prof;
	struct report_label_unit *u = NULL;
	size_t n = 0, alloc = 0;
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		for (size_t k = 0; k < s->nlabel; k++) {
			const struct profile_label *l = &s->label[k];
			if (l->str)
				continue;
			size_t j = 0;
			while (j < n && u[j].key != l->key)
				j++;
			if (j == n) {
				ALLOC_GROW(u, n + 1, alloc);
				u[n].key = l->key;
				u[n++].unit = "";
			}
			if (!*u[j].unit && *l->unit)
				u[j].unit = l->unit;
		}
	}
	for (size_t j = 0; j < n; j++) {
		if (*u[j].unit)
			continue;
		if (!strcmp(u[j].key, "alignment") ||
		    !strcmp(u[j].key, "request"))
			u[j].unit = "bytes";
		else
			u[j].unit = u[j].key;
	}
	if (n) {
		rpt->opts.num_label_units =
			arena_memdup(&p->arena, u, n * sizeof(*u));
		rpt->opts.nnum_label_units = n;
	}
	free(u);
}

void report_init(struct report *rpt, struct profile *prof,
		 const struct report_options *opts)
{
	rpt->prof = prof;
	rpt->opts = *opts;
	if (!rpt->opts.num_label_units)
		guess_num_label_units(rpt);
	rpt->total = compute_total(rpt);
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
	[REPORT_LIST] = list_print,
	[REPORT_PROTO] = print_proto,
	[REPORT_TOPPROTO] = topproto_print,
	[REPORT_RAW] = print_raw,
	[REPORT_TEXT] = text_print,
	[REPORT_TRACES] = traces_print,
	[REPORT_TREE] = text_print_tree,
};

int report_generate(struct report *rpt, struct strbuf *out)
{
	unsigned f = rpt->opts.format;
	if (f >= sizeof(renderers) / sizeof(renderers[0]) || !renderers[f])
		return error_set("this output format is not supported yet");
	return renderers[f](rpt, out);
}
