/* report: the state every renderer starts from. The total is computed
 * here, before focus filters run, because pprof's percentages are of the
 * unfiltered profile; numeric label units are guessed here when the
 * pipeline did not supply them. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"
#include "lib/model/profile.h"

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

