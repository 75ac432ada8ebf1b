/* assets: the files under report/assets/ (scripts and pages that reports
 * embed in their output: the SVG pan/zoom script, the flame graph
 * viewer), compiled into the binary by scripts/embed.py at build time, so
 * that no file is looked up at run time. */
#ifndef CPROF_REPORT_ASSETS_H
#define CPROF_REPORT_ASSETS_H

#include <stddef.h>

struct report_asset {
	const char *name; /* the file's base name, e.g. "panzoom.js" */
	const char *data; /* its bytes, NUL-terminated */
	size_t len;
};

/* The asset named name, or NULL. */
const struct report_asset *report_asset_find(const char *name);

#endif
