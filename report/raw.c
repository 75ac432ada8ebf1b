/* raw: Profile.String's layout, field by field, including what Go prints
 * for empty and zero values. */
#include "report/raw.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/gocompat/gofmt.h"
#include "lib/model/profile.h"
#include "lib/base/sink.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

/* Adds at most n UTF-8 characters of s: Go's "%.Nv" counts runes. */
static void add_runes(struct strbuf *sb, const char *s, size_t n)
{
	size_t i = 0;
	while (s[i] && n) {
		i++;
		while ((s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	strbuf_add(sb, s, i);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One "key:[v1 v2]" group per key, keys sorted as strings, like pprof's
 * labelsToString/numLabelsToString (which sort the formatted groups). */
static void add_labels(struct strbuf *out, const struct profile_sample *s,
		       bool numeric)
{
	const char **groups = xcalloc(s->nlabel, sizeof(*groups));
	size_t ng = 0;
	struct strbuf g = STRBUF_INIT;

	for (size_t i = 0; i < s->nlabel; i++) {
		const struct profile_label *l = &s->label[i];
		if ((l->str == NULL) != numeric)
			continue;
		/* first occurrence of this key starts its group */
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = s->label[j].key == l->key &&
			       (s->label[j].str == NULL) == numeric;
		if (seen)
			continue;
		/* numeric values carry units when any value of the key has one */
		bool units = false;
		for (size_t j = i; numeric && j < s->nlabel; j++)
			if (s->label[j].key == l->key && !s->label[j].str &&
			    *s->label[j].unit)
				units = true;
		strbuf_reset(&g);
		strbuf_addf(&g, "%s:[", l->key);
		bool first = true;
		for (size_t j = i; j < s->nlabel; j++) {
			const struct profile_label *m = &s->label[j];
			if (m->key != l->key || (m->str == NULL) != numeric)
				continue;
			if (!first)
				strbuf_addch(&g, ' ');
			first = false;
			if (!numeric)
				strbuf_adds(&g, m->str);
			else if (units)
				strbuf_addf(&g, "%lld %s", (long long)m->num, m->unit);
			else
				strbuf_addf(&g, "%lld", (long long)m->num);
		}
		strbuf_addch(&g, ']');
		groups[ng++] = strbuf_detach(&g, NULL);
	}
	if (ng) {
		qsort(groups, ng, sizeof(*groups), cmp_str);
		strbuf_adds(out, "\n                ");
		for (size_t i = 0; i < ng; i++) {
			if (i)
				strbuf_addch(out, ' ');
			strbuf_adds(out, groups[i]);
			free((char *)groups[i]);
		}
	}
	strbuf_release(&g);
	free(groups);
}

static void add_location(struct strbuf *out, const struct profile_location *l)
{
	size_t start = out->len;
	strbuf_addf(out, "%6llu: %#llx ", (unsigned long long)l->id,
		    (unsigned long long)l->address);
	if (l->address == 0) {
		/* Go's %#x prints 0x0 for zero, C's prints 0 */
		strbuf_setlen(out, start);
		strbuf_addf(out, "%6llu: 0x0 ", (unsigned long long)l->id);
	}
	if (l->mapping)
		strbuf_addf(out, "M=%llu ", (unsigned long long)l->mapping->id);
	if (l->is_folded)
		strbuf_adds(out, "[F] ");
	for (size_t i = 0; i < l->nline; i++) {
		const struct profile_line *ln = &l->line[i];
		if (i)
			strbuf_adds(out, "\n             ");
		const struct profile_function *fn = ln->function;
		if (!fn) {
			strbuf_adds(out, "??");
			continue;
		}
		strbuf_addf(out, "%s %s:%lld:%lld s=%lld", fn->name,
			    fn->filename, (long long)ln->line,
			    (long long)ln->column, (long long)fn->start_line);
		if (fn->name != fn->system_name)
			strbuf_addf(out, "(%s)", fn->system_name);
	}
}

static void add_hex(struct strbuf *out, uint64_t v)
{
	strbuf_addf(out, "0x%llx", (unsigned long long)v);
}

void raw_write(const struct profile *p, struct sink *sink)
{
	struct strbuf *out = sink->buf;
	for (size_t i = 0; i < p->ncomment; i++)
		strbuf_addf(out, "Comment: %s\n", p->comment[i]);
	/* pprof always has a period type after decoding, "" "" if absent */
	strbuf_addf(out, "PeriodType: %s %s\n", p->period_type.type,
		    p->period_type.unit);
	strbuf_addf(out, "Period: %lld\n", (long long)p->period);
	if (p->time_nanos) {
		strbuf_adds(out, "Time: ");
		gofmt_time(out, p->time_nanos);
		strbuf_addch(out, '\n');
	}
	if (p->duration_nanos) {
		struct strbuf d = STRBUF_INIT;
		gofmt_duration(&d, p->duration_nanos);
		strbuf_adds(out, "Duration: ");
		add_runes(out, d.buf, 4);
		strbuf_addch(out, '\n');
		strbuf_release(&d);
	}
	strbuf_adds(out, "Samples:\n");
	for (size_t i = 0; i < p->nsample_type; i++) {
		const struct profile_value_type *st = &p->sample_type[i];
		if (i)
			strbuf_addch(out, ' ');
		strbuf_addf(out, "%s/%s", st->type, st->unit);
		if (st->type == p->default_sample_type)
			strbuf_adds(out, "[dflt]");
	}
	strbuf_addch(out, '\n');
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		for (size_t j = 0; j < p->nsample_type; j++)
			strbuf_addf(out, " %10lld", (long long)s->value[j]);
		strbuf_adds(out, ": ");
		for (size_t j = 0; j < s->nlocation; j++)
			strbuf_addf(out, "%llu ", (unsigned long long)s->location[j]->id);
		add_labels(out, s, false);
		add_labels(out, s, true);
		strbuf_addch(out, '\n');
		sink_maybe_flush(sink);
	}
	strbuf_adds(out, "Locations\n");
	for (size_t i = 0; i < p->nlocation; i++) {
		add_location(out, p->location[i]);
		strbuf_addch(out, '\n');
		sink_maybe_flush(sink);
	}
	strbuf_adds(out, "Mappings\n");
	for (size_t i = 0; i < p->nmapping; i++) {
		const struct profile_mapping *m = p->mapping[i];
		strbuf_addf(out, "%llu: ", (unsigned long long)m->id);
		add_hex(out, m->start);
		strbuf_addch(out, '/');
		add_hex(out, m->limit);
		strbuf_addch(out, '/');
		add_hex(out, m->offset);
		strbuf_addf(out, " %s %s ", m->file, m->build_id);
		if (m->has_functions)
			strbuf_adds(out, "[FN]");
		if (m->has_filenames)
			strbuf_adds(out, "[FL]");
		if (m->has_line_numbers)
			strbuf_adds(out, "[LN]");
		if (m->has_inline_frames)
			strbuf_adds(out, "[IN]");
		strbuf_addch(out, '\n');
		sink_maybe_flush(sink);
	}
}

void raw_print(const struct profile *p, struct strbuf *out)
{
	struct sink s;
	sink_init_memory(&s, out);
	raw_write(p, &s);
	sink_release(&s);
}
