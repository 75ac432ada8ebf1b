/* pipeline: from sources to a written report, in pprof's order: fetch and
 * merge sources (and bases), symbolize, drop uninteresting frames, then
 * per report: tag pseudo-frames, focus filters, aggregation to the
 * granularity, render, post-process, write. Every front end (the batch
 * report in cprof.c, the shell, the web UI) calls it; it calls none of
 * them. */
#ifndef CPROF_PIPELINE_H
#define CPROF_PIPELINE_H

#include <stdbool.h>

struct config;
struct profile;
struct report_view;
struct strbuf;

/* One command's session: what loading sources leaves behind for later
 * (the HTTP fetcher, remembering where each mapping came from). */
struct pipeline;

/* A new session; free with pipeline_free (NULL is fine). */
struct pipeline *pipeline_new(void);
void pipeline_free(struct pipeline *pl);

/* Loads, merges, subtracts the bases, symbolizes and cleans cfg's
 * sources into one profile, which the caller owns; saves a copy when
 * anything came over HTTP, as pprof does. NULL and error_set. */
struct profile *pipeline_load(struct pipeline *pl, const struct config *cfg);

/* Generates cfg's report from p and writes it. Both are changed (the
 * command's overrides, filters, aggregation): pass copies to keep them.
 * interactive: binary output without -output goes to a profileNNN file
 * in the current directory, as in pprof's shell. -1 and error_set. */
int pipeline_generate(struct profile *p, struct config *cfg, bool interactive);

/* pipeline_generate without the writing: the report (rendered by graphviz
 * for the image formats) appended to out. With error_set, -1 when the
 * settings do not fit the profile (a bad regexp, sample index, tag
 * filter), -2 when generating or rendering the report failed. */
int pipeline_report(struct profile *p, struct config *cfg, struct strbuf *out);

/* pipeline_report for front ends: view (NULL for none) picks the part of
 * a flame graph tree to send, and the notes pprof prints on stderr (a
 * focus that matches nothing, ...) go to notes when it is not NULL. */
int pipeline_report_view(struct profile *p, struct config *cfg,
			 const struct report_view *view, struct strbuf *out,
			 struct strbuf *notes);

/* Reports in two steps, for a front end that keeps the first step's
 * profile for the next report with the same settings. Appended to key:
 * the settings (after cfg's command's overrides, which it applies) that
 * shape the profile pipeline_prepare makes; equal keys, equal profiles. */
void pipeline_prepare_key(struct config *cfg, struct strbuf *key);
/* Turns p, in place, into what cfg's reports read: label frames
 * (tagroot, tagleaf), filters, granularity. Notes go to notes (not
 * NULL); -1 and error_set when a filter does not parse. */
int pipeline_prepare(struct profile *p, struct config *cfg,
		     struct strbuf *notes);
/* pipeline_report_view of p made by pipeline_prepare from orig for cfg:
 * percentages are of orig's total unless cfg->relative_percentages.
 * Interns into p; only reads orig. */
int pipeline_report_prepared(struct profile *p, const struct profile *orig,
			     struct config *cfg,
			     const struct report_view *view,
			     struct strbuf *out, struct strbuf *notes);

/* The profile's header lines under cfg's settings (File, Type, Time,
 * Duration, ...) appended to out, and whether the selected total is zero.
 * Interns strings into p. -1 and error_set when cfg does not apply to p. */
int pipeline_labels(struct profile *p, const struct config *cfg,
		  struct strbuf *out, bool *zero_total);

#endif
