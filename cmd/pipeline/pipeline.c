/* pipeline: sources to profile (pipeline_load) and profile to written
 * report (pipeline_generate), the steps and their order being pprof's
 * driver's. Reports run on a profile the caller may have copied; the
 * per-report overrides change the config given. */
#include "cmd/pipeline/pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/transform/aggregate.h"
#include "cmd/pipeline/commands.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/save.h"
#include "cmd/pipeline/viewer.h"
#include "lib/base/diag.h"
#include "lib/base/error.h"
#include "lib/fetch/fetch.h"
#include "lib/transform/filter.h"
#include "report/graphbuild.h"
#include "lib/transform/merge.h"
#include "lib/model/label_units.h"
#include "lib/model/profile.h"
#include "lib/gocompat/gofmt.h"
#include "lib/gocompat/regex.h"
#include "report/render.h"
#include "report/generate.h"
#include "report/report.h"
#include "lib/decode/source.h"
#include "lib/base/sink.h"
#include "lib/base/strbuf.h"
#include "lib/base/tempfile.h"
#include "symbolize/perf_unwind.h"
#include "symbolize/symbolize.h"
#include "symbolize/symbolz.h"
#include "lib/base/xalloc.h"

/* How cfg says sources are read. */
static struct source_options source_options_from(const struct config *cfg)
{
	struct source_options so = { 0 };
	/* 1e30 does not fit in uint64_t; converting it would be undefined */
	if (cfg->max_decompressed >= 0x1p64)
		so.max_decompressed = UINT64_MAX;
	else if (cfg->max_decompressed >= 1)
		so.max_decompressed = (uint64_t)cfg->max_decompressed;
	return so;
}

/* Loads one source: a URL through the session's fetcher (made at the
 * first URL), else a file. A name that exists is a file even when it
 * reads as host:port (pprof 1.23). On failure the message names the
 * source. */
static struct profile *load_source(struct fetch **fetcher,
				   const struct config *cfg, const char *src)
{
	struct profile *p;
	struct stat st;
	bool remote = stat(src, &st) != 0 && fetch_is_url(src);
	struct source_options so = source_options_from(cfg);
	if (remote) {
		if (!*fetcher) {
			struct fetch_options fo = {
				.seconds = cfg->seconds, .timeout = cfg->timeout,
				.tls_cert = cfg->tls_cert, .tls_key = cfg->tls_key,
				.tls_ca = cfg->tls_ca, .source = so,
			};
			*fetcher = fetch_new(&fo);
		}
		p = fetch_profile(*fetcher, src);
	} else {
		p = source_load_file(src, &so);
		if (!p)
			error_prefix("%s", src);
	}
	if (p) {
		symbolize_locate_binaries(p, cfg->exec_name, cfg->build_id);
		if (remote)
			fetch_collect_sources(*fetcher, p);
	}
	return p;
}

/* Loads and merges a list of sources ("source" or "base"), one at a time
 * so that memory stays bounded by the merged profile. As pprof does, a
 * source that fails to load is reported and skipped; only when none
 * loads is it an error. A lone profile is not merged (pprof 1.23 skips
 * the merge, so it stays uncompacted: zero samples, unused mappings and
 * the file's ids remain); from the second one on, all are. */
static struct profile *load_all(struct fetch **fetcher,
				const struct config *cfg, const char **srcs,
				int n, const char *what)
{
	struct merge *m = NULL;
	struct profile *first = NULL; /* the only one loaded so far */
	int count = 0;
	for (int i = 0; i < n; i++) {
		struct profile *p = load_source(fetcher, cfg, srcs[i]);
		if (!p) {
			/* a lone source's own error is the whole story */
			if (n == 1)
				return NULL;
			fprintf(stderr, "%s\n", error_get());
			continue;
		}
		count++;
		if (count == 1) {
			first = p;
			continue;
		}
		if (!m) {
			m = merge_new();
			/* merged in place when first: no second copy */
			int r = merge_add_owned(m, first);
			first = NULL;
			if (r)
				goto fail;
		}
		if (merge_add_owned(m, p))
			goto fail;
	}
	if (!count) {
		error_set("failed to fetch any %s profiles", what);
		return NULL;
	}
	if (count != n)
		fprintf(stderr, "Fetched %d %s profiles out of %d\n", count,
			what, n);
	return m ? merge_finish(m) : first;
fail:
	error_prefix("problem fetching %s profiles", what);
	merge_free(m);
	return NULL;
}

struct pipeline {
	/* The HTTP session, made at the first URL source, or NULL; it
	 * remembers where each mapping came from (symbolz) and what to
	 * save. Owned. */
	struct fetch *fetcher;
};

struct pipeline *pipeline_new(void)
{
	/* perf.data's DWARF call graphs need libdwfl, which only
	 * symbolize/ links: decode/ calls it through this hook */
	perf_data_unwinder = &symbolize_perf_unwinder;
	return xcalloc(1, sizeof(struct pipeline));
}

void pipeline_free(struct pipeline *pl)
{
	if (!pl)
		return;
	fetch_free(pl->fetcher);
	free(pl);
}

/* pprof's fetchProfiles: sources and bases merged apart, then the base
 * subtracted (tagged first for -diff_base, and -normalize scales the
 * sources to the base's totals). */
struct profile *pipeline_load(struct pipeline *pl, const struct config *cfg)
{
	struct fetch **fetcher = &pl->fetcher;
	struct profile *p = load_all(fetcher, cfg, cfg->sources,
				     cfg->nsources, "source");
	if (!p)
		return NULL;
	if (cfg->base.n) {
		struct profile *base = load_all(fetcher, cfg, cfg->base.item,
						(int)cfg->base.n, "base");
		if (!base || (cfg->normalize && merge_normalize(p, base))) {
			profile_free(base);
			profile_free(p);
			return NULL;
		}
		if (cfg->diff_base)
			merge_set_label(base, "pprof::base", "true");
		merge_scale_all(base, -1);
		struct profile *both[2] = { p, base };
		struct profile *diff = merge_profiles(both, 2);
		profile_free(base);
		profile_free(p);
		if (!diff)
			return NULL;
		p = diff;
	}
	struct symbolize_options so = { .mode = cfg->symbolize,
					.remote = symbolz_symbolize,
					.remote_ctx = *fetcher };
	if (symbolize_profile(p, &so)) {
		profile_free(p);
		return NULL;
	}
	filter_remove_uninteresting(p);
	fetch_unsource(p);
	if (*cfg->add_comment)
		profile_add_comment(p, cfg->add_comment);
	/* pprof keeps a copy of anything fetched over HTTP. */
	if (fetch_remote(*fetcher))
		save_fetched(p);
	return p;
}

/* pprof's applyCommandOverrides: what each report forces. */
static void apply_command_overrides(struct config *cfg)
{
	const struct command *c = cfg->cmd;
	bool trim = cfg->trim;
	const char *name = c->name;

	if (!strcmp(name, "disasm")) {
		trim = false;
		cfg->granularity = "addresses";
		cfg->noinlines = true;
	} else if (!strcmp(name, "weblist")) {
		trim = false;
		cfg->granularity = "addresses";
		cfg->noinlines = false;
	} else if (!strcmp(name, "peek")) {
		trim = false;
	} else if (!strcmp(name, "list")) {
		trim = false;
		cfg->granularity = "lines";
	} else if (!strcmp(name, "text") || !strcmp(name, "top") ||
		   !strcmp(name, "topproto")) {
		if (cfg->nodecount == -1)
			cfg->nodecount = 0;
	} else {
		if (cfg->nodecount == -1)
			cfg->nodecount = 80;
	}
	switch (c->format) {
	case REPORT_PROTO:
	case REPORT_RAW:
	case REPORT_CALLGRIND:
		/* -noinlines stays: pprof 1.23 honours it here too */
		trim = false;
		cfg->granularity = "addresses";
		break;
	default:
		break;
	}
	if (!trim) {
		cfg->nodecount = 0;
		cfg->nodefraction = 0;
		cfg->edgefraction = 0;
	}
}

/* A diag sink collecting notes, one per line, for a front end that shows
 * them itself; warnings keep going where they went. */
struct collector {
	struct strbuf *notes;
	diag_sink_fn prev;
	void *prev_ctx;
};

static void collect(void *ctx, enum diag_level level, const char *msg)
{
	struct collector *c = ctx;
	if (level == DIAG_NOTE) {
		strbuf_addf(c->notes, "%s\n", msg);
		return;
	}
	diag_set_sink(c->prev, c->prev_ctx);
	diag_warning("%s", msg);
	diag_set_sink(collect, c);
}

/* Focus, ignore, hide, show, show_from, tag filters, prune_from. */
static int apply_focus(struct profile *p, const struct config *cfg,
		       const struct label_units *units)
{
	struct filter_options fo = {
		.focus = cfg->focus, .ignore = cfg->ignore, .hide = cfg->hide,
		.show = cfg->show, .show_from = cfg->show_from,
		.tagfocus = cfg->tagfocus, .tagignore = cfg->tagignore,
		.tagshow = cfg->tagshow, .taghide = cfg->taghide,
		.prune_from = cfg->prune_from,
	};
	return filter_apply(p, &fo, units);
}

/* Collapses locations to the configured granularity. */
static int aggregate(struct profile *p, const struct config *cfg)
{
	return aggregate_granularity(p, cfg->granularity, cfg->noinlines,
				     cfg->showcolumns);
}

static int report_options_from(struct profile *p, const struct config *cfg,
			       struct report_options *o, const char ***filters)
{
	int si = profile_sample_index(p, cfg->sample_index);
	if (!p->nsample_type)
		return error_set("profile has no samples");
	if (si < 0)
		return -1;
	if (cfg->divide_by == 0)
		return error_set("zero divisor specified");

	memset(o, 0, sizeof(*o));
	o->format = cfg->cmd ? cfg->cmd->format : REPORT_NONE;
	o->cum_sort = !strcmp(cfg->sort, "cum");
	o->call_tree = cfg->call_tree;
	o->drop_negative = cfg->drop_negative;
	o->compact_labels = cfg->compact_labels;
	o->ratio = 1 / cfg->divide_by;
	o->node_count = cfg->nodecount;
	o->node_fraction = cfg->nodefraction;
	o->edge_fraction = cfg->edgefraction;

	static const char *names[] = { "focus", "ignore", "hide", "show",
				       "show_from", "tagfocus", "tagignore",
				       "tagshow", "taghide" };
	const char *vals[] = { cfg->focus, cfg->ignore, cfg->hide, cfg->show,
			       cfg->show_from, cfg->tagfocus, cfg->tagignore,
			       cfg->tagshow, cfg->taghide };
	const char **f = xcalloc(9, sizeof(*f));
	size_t nf = 0;
	for (size_t i = 0; i < 9; i++) {
		if (!*vals[i])
			continue;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s=%s", names[i], vals[i]);
		f[nf++] = profile_interns(p, sb.buf);
		strbuf_release(&sb);
	}
	*filters = f;
	o->active_filters = f;
	o->nactive_filters = nf;

	o->sample_index = si;
	o->mean = cfg->mean;
	const struct profile_value_type *st = &p->sample_type[si];
	if (cfg->mean) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "mean_%s", st->type);
		o->sample_type = profile_interns(p, sb.buf);
		strbuf_release(&sb);
	} else {
		o->sample_type = st->type;
	}
	o->sample_unit = st->unit;
	o->output_unit = cfg->unit;
	o->source_path = cfg->source_path;
	o->trim_path = cfg->trim_path;
	o->intel_syntax = cfg->intel_syntax;
	if (p->nmapping && *p->mapping[0]->file) {
		const char *slash = strrchr(p->mapping[0]->file, '/');
		o->title = slash && slash[1] ? slash + 1 : p->mapping[0]->file;
	}
	return 0;
}

/* The command's post-processing: graphviz rendering of the DOT text, with
 * pprof's SVG massaging for -svg and -web. */
static int post_process(const struct config *cfg, struct strbuf *out)
{
	const struct command *c = cfg->cmd;
	if (c->post != POST_GRAPHVIZ)
		return 0;
	struct strbuf img = STRBUF_INIT;
	if (render_graphviz(out->buf, c->gv_format, &img)) {
		strbuf_release(&img);
		return -1;
	}
	if (!strcmp(c->name, "svg") || !strcmp(c->name, "web"))
		render_massage_svg(&img);
	strbuf_release(out);
	*out = img;
	return 0;
}

/* pprof's awayFromTTY: the suffix of the file that binary output goes to
 * instead of a terminal, or NULL for text formats. */
static const char *away_suffix(const struct command *c)
{
	if (c->viewer)
		return NULL;
	if (c->post == POST_GRAPHVIZ) {
		static char buf[16];
		snprintf(buf, sizeof(buf), ".%s", c->gv_format);
		return buf;
	}
	if (c->format == REPORT_CALLGRIND)
		return ".callgraph.out";
	if (c->format == REPORT_PROTO || c->format == REPORT_TOPPROTO)
		return ".pb.gz";
	if (c->format == REPORT_FLAME_HTML)
		return ".html";
	return NULL;
}

/* Output that is shown rather than written: a viewer's, and binary
 * output that would go to stdout goes to a file in the current
 * directory instead at a terminal, and always in the shell (pprof's
 * awayFromTTY with interactiveMode). */
static int show_output(const struct config *cfg, const struct strbuf *out,
		       bool interactive)
{
	const struct command *c = cfg->cmd;
	if (c->viewer) {
		const char *suffix = c->post == POST_GRAPHVIZ ? c->gv_format :
			c->format == REPORT_CALLGRIND ? "grind" : "html";
		char dotted[16];
		snprintf(dotted, sizeof(dotted), ".%s", suffix);
		/* the shell goes on while the viewer shows the file */
		if (interactive)
			return viewer_show_background(out, dotted, c->viewer);
		return viewer_show(out, dotted, c->viewer);
	}
	struct strbuf path = STRBUF_INIT;
	int r = tempfile_write("", "profile", away_suffix(c), out->buf,
			       out->len, &path);
	if (!r)
		fprintf(stderr, "Generating report in %s\n", path.buf);
	strbuf_release(&path);
	return r;
}

/* pipeline_report_view into any sink; orig: NULL, or the profile p was
 * made from by pipeline_prepare (p is then not filtered again). */
static int report_to(struct profile *p, const struct profile *orig,
		     struct config *cfg, const struct report_view *view,
		     struct sink *out, struct strbuf *notes)
{
	struct report_options o;
	struct report rpt = { 0 };
	const char **filters = NULL;
	struct label_units units;
	struct collector col = { notes, NULL, NULL };
	struct strbuf dot = STRBUF_INIT;
	int ret = -1;

	if (notes) {
		diag_get_sink(&col.prev, &col.prev_ctx);
		diag_set_sink(collect, &col);
	}
	memset(&o, 0, sizeof(o));
	label_units_init(&units, p, true);
	apply_command_overrides(cfg);
	/* label frames first, so that the filters can match them */
	if (!orig)
		filter_add_label_nodes(p, cfg->tagroot, cfg->tagleaf,
				       cfg->unit);
	bool relative = cfg->relative_percentages;
	if (!orig && relative && apply_focus(p, cfg, &units))
		goto out;
	if (report_options_from(p, cfg, &o, &filters))
		goto out;
	o.num_label_units = &units;
	if (orig && !relative)
		o.total_prof = orig; /* the total before filtering */
	if (cfg->cmd_arg) {
		o.symbol = regex_compile(cfg->cmd_arg);
		if (!o.symbol) {
			error_prefix("parsing argument regexp %s", cfg->cmd_arg);
			goto out;
		}
		o.symbol_src = cfg->cmd_arg;
	}
	if (view)
		o.view = *view;
	report_init(&rpt, p, &o);
	if (!orig && !relative && apply_focus(p, cfg, &units))
		goto out;
	if (!orig && aggregate(p, cfg))
		goto out;
	/* past here the settings were fine: a failure is ours (-2) */
	ret = -2;
	if (cfg->cmd->post == POST_GRAPHVIZ) {
		/* graphviz reads the whole DOT text; the image goes out */
		struct sink dot_sink;
		sink_init_memory(&dot_sink, &dot);
		if (generate_report(&rpt, &dot_sink) || post_process(cfg, &dot))
			goto out;
		strbuf_add(out->buf, dot.buf, dot.len);
	} else if (generate_report(&rpt, out)) {
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&dot);
	regex_free(o.symbol);
	report_release(&rpt);
	free(filters);
	label_units_release(&units);
	if (notes)
		diag_set_sink(col.prev, col.prev_ctx);
	return ret;
}

int pipeline_generate(struct profile *p, struct config *cfg, bool interactive)
{
	const struct command *c = cfg->cmd;
	const char *away = away_suffix(c);
	bool shown = !*cfg->output &&
		(c->viewer || (away && (interactive || isatty(STDOUT_FILENO))));
	struct strbuf mem = STRBUF_INIT;
	struct sink out;
	int ret;

	/* A report written to a file or stdout goes out as it is made (the
	 * long ones in pieces, see generate.h); the -output file is created
	 * at its first write, so a report that fails leaves none, as in
	 * pprof, which generates before opening. */
	if (shown)
		sink_init_memory(&out, &mem);
	else if (*cfg->output)
		sink_init_path(&out, cfg->output);
	else
		sink_init_file(&out, stdout, "/dev/stdout");
	ret = report_to(p, NULL, cfg, NULL, &out, NULL) ? -1 : 0;
	if (ret)
		goto out;
	if (shown) {
		ret = show_output(cfg, &mem, interactive);
	} else {
		if (*cfg->output)
			fprintf(stderr, "Generating report in %s\n", cfg->output);
		ret = sink_finish(&out);
	}
out:
	sink_release(&out);
	strbuf_release(&mem);
	return ret;
}

int pipeline_report(struct profile *p, struct config *cfg, struct strbuf *out)
{
	return pipeline_report_view(p, cfg, NULL, out, NULL);
}

int pipeline_report_view(struct profile *p, struct config *cfg,
			 const struct report_view *view, struct strbuf *out,
			 struct strbuf *notes)
{
	struct sink s;
	sink_init_memory(&s, out);
	int ret = report_to(p, NULL, cfg, view, &s, notes);
	sink_release(&s);
	return ret;
}

void pipeline_prepare_key(struct config *cfg, struct strbuf *key)
{
	apply_command_overrides(cfg);
	/* NUL-separated: no setting holds a NUL */
	const char *v[] = { cfg->tagroot, cfg->tagleaf, cfg->unit,
			    cfg->focus, cfg->ignore, cfg->hide, cfg->show,
			    cfg->show_from, cfg->tagfocus, cfg->tagignore,
			    cfg->tagshow, cfg->taghide, cfg->prune_from,
			    cfg->granularity };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		strbuf_adds(key, v[i] ? v[i] : "");
		strbuf_addch(key, '\0');
	}
	strbuf_addf(key, "%d%d", cfg->noinlines, cfg->showcolumns);
}

int pipeline_prepare(struct profile *p, struct config *cfg,
		     struct strbuf *notes)
{
	struct label_units units;
	struct collector col = { notes, NULL, NULL };
	int ret;

	diag_get_sink(&col.prev, &col.prev_ctx);
	diag_set_sink(collect, &col);
	label_units_init(&units, p, false);
	apply_command_overrides(cfg);
	filter_add_label_nodes(p, cfg->tagroot, cfg->tagleaf, cfg->unit);
	ret = apply_focus(p, cfg, &units);
	if (!ret)
		ret = aggregate(p, cfg);
	label_units_release(&units);
	diag_set_sink(col.prev, col.prev_ctx);
	return ret;
}

int pipeline_report_prepared(struct profile *p, const struct profile *orig,
			     struct config *cfg,
			     const struct report_view *view,
			     struct strbuf *out, struct strbuf *notes)
{
	struct sink s;
	sink_init_memory(&s, out);
	int ret = report_to(p, orig, cfg, view, &s, notes);
	sink_release(&s);
	return ret;
}

int pipeline_labels(struct profile *p, const struct config *cfg,
		  struct strbuf *out, bool *zero_total)
{
	struct report_options o;
	struct report rpt = { 0 };
	const char **filters = NULL;
	struct label_units units;
	int ret = -1;

	/* the same warnings about label units as before a report */
	label_units_init(&units, p, true);
	if (report_options_from(p, cfg, &o, &filters))
		goto out;
	o.num_label_units = &units;
	report_init(&rpt, p, &o);
	report_profile_labels(&rpt, out);
	*zero_total = rpt.total == 0;
	ret = 0;
out:
	report_release(&rpt);
	free(filters);
	label_units_release(&units);
	return ret;
}
