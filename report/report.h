/* report: what every renderer is given: the options of one report (from
 * the pipeline's settings, as pprof's driver builds them) and the profile
 * with its total. Renderers read the profile (and the graph built from it)
 * and write text into a strbuf; they never change the profile.
 * generate.h picks the renderer for a format. */
#ifndef CPROF_REPORT_H
#define CPROF_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct label_units;
struct profile;
struct strbuf;
struct regex;

enum report_format {
	REPORT_NONE,
	REPORT_CALLGRIND,
	REPORT_COMMENTS,
	REPORT_DIS,
	REPORT_DOT,
	REPORT_FOLDED,
	REPORT_LIST,
	REPORT_PROTO,
	REPORT_RAW,
	REPORT_TAGS,
	REPORT_TEXT,
	REPORT_TOPPROTO,
	REPORT_TRACES,
	REPORT_TREE,
	REPORT_WEBLIST,
	/* data for front ends (json.h) and the static flame graph page */
	REPORT_JSON_TOP,
	REPORT_JSON_FLAME,
	REPORT_JSON_PEEK,
	REPORT_JSON_SOURCE,
	REPORT_FLAME_HTML,
};

/* What part of the flame graph tree to send (json_flame). */
struct report_view {
	/* the subtree at this path from the root, or NULL for the whole
	 * tree: frames separated by '\x1f', each '1' (inlined) or '0' then
	 * the frame's name */
	const char *path;
	const char *pivot; /* frame name: callers and callees of it, or NULL */
	int resolution;    /* frames under 1/resolution of the root merged */
};

struct report_options {
	enum report_format format;

	bool cum_sort;
	bool call_tree;
	bool drop_negative;
	bool compact_labels;
	double ratio; /* 1 / divide_by */

	int node_count;
	double node_fraction;
	double edge_fraction;

	const char **active_filters; /* "focus=re", … in pprof's order */
	size_t nactive_filters;
	/* numeric label units (borrowed); NULL: report_init works them out */
	const struct label_units *num_label_units;
	/* the profile whose samples the total is of, when not the report's
	 * own: the one before filtering, for a report of a profile filtered
	 * beforehand (the web UI's prepared profiles); only read */
	const struct profile *total_prof;

	int sample_index;  /* which value of each sample */
	bool mean;         /* divide by value 0 (the count) */
	const char *sample_type; /* "mean_" prefixed when mean */
	const char *sample_unit;

	const char *output_unit; /* -unit, "minimum" by default */
	const char *title;       /* base name of the first mapping's file, or NULL */

	struct regex *symbol; /* -list/-disasm/-peek/-weblist argument, or NULL */
	const char *symbol_src; /* its source text */

	const char *source_path;
	const char *trim_path;
	bool intel_syntax;

	struct report_view view; /* REPORT_JSON_FLAME, REPORT_FLAME_HTML */
};

struct report {
	struct profile *prof;
	struct report_options opts;
	int64_t total; /* sum of sample values before focus filtering */
	struct label_units *own_units; /* when the options had none; owned */
};

/* Prepares a report over prof (which the report borrows, not owns): the
 * total is computed here, before focus filters run, as pprof does.
 * Release with report_release. */
void report_init(struct report *rpt, struct profile *prof,
		 const struct report_options *opts);
void report_release(struct report *rpt);

/* The unit of a numeric label key under the report's options, "" when
 * the key has no numeric labels. */
const char *report_label_unit(const struct report *rpt, const char *key);

#endif
