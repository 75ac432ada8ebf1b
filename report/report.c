/* report: the state every renderer starts from. The total is computed
 * here, before focus filters run, because pprof's percentages are of the
 * unfiltered profile; numeric label units are worked out here when the
 * pipeline did not supply them. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"
#include "lib/model/label_units.h"
#include "lib/model/profile.h"

/* pprof's computeTotal: the sum of |value| (divided by the summed mean
 * divisors); when some samples carry the diff-base label, only those. */
static int64_t compute_total(const struct report *rpt)
{
	const struct profile *p =
		rpt->opts.total_prof ? rpt->opts.total_prof : rpt->prof;
	int64_t div = 0, total = 0, diff_div = 0, diff_total = 0;
	/* NULL when no label can be -diff_base's marker */
	const char *base_key = profile_find(p, "pprof::base");
	const char *yes = profile_find(p, "true");
	if (!yes)
		base_key = NULL;
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		int64_t v = s->value[rpt->opts.sample_index];
		int64_t d = rpt->opts.mean ? s->value[0] : 0;
		if (v < 0)
			v = wrap_neg(v);
		total = wrap_add(total, v);
		div = wrap_add(div, d);
		for (size_t k = 0; base_key && k < s->nlabel; k++) {
			const struct profile_label *l = &s->label[k];
			if (l->key == base_key && l->str == yes) {
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

void report_init(struct report *rpt, struct profile *prof,
		 const struct report_options *opts)
{
	rpt->prof = prof;
	rpt->opts = *opts;
	rpt->own_units = NULL;
	if (!rpt->opts.num_label_units) {
		/* no warnings here: the pipeline gave them */
		rpt->own_units = xmalloc(sizeof(*rpt->own_units));
		label_units_init(rpt->own_units, prof, false);
		rpt->opts.num_label_units = rpt->own_units;
	}
	rpt->total = compute_total(rpt);
}

void report_release(struct report *rpt)
{
	if (rpt->own_units) {
		label_units_release(rpt->own_units);
		free(rpt->own_units);
		rpt->own_units = NULL;
	}
}

const char *report_label_unit(const struct report *rpt, const char *key)
{
	return label_units_get(rpt->opts.num_label_units, key);
}

