/* assets: the web UI's files under cmd/web/assets/ (page template,
 * application script and style), compiled into the binary by
 * scripts/embed.py at build time: nothing is read from disk or fetched
 * from a network when serving. */
#ifndef CPROF_WEB_ASSETS_H
#define CPROF_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
	const char *name; /* the file's base name, e.g. "app.js" */
	const char *data; /* its bytes, NUL-terminated */
	size_t len;
};

/* The asset named name, or NULL. */
const struct web_asset *web_asset_find(const char *name);

#endif
