/* webui: pprof's -http web interface, served in-process by libmicrohttpd.
 *
 * Every request works on its own copy of the configuration and of the
 * loaded profile: the URL parameters (pprof's names: f, i, h, s, sf, tf,
 * ti, si, n, g, ...) are applied to the copy, the report is generated
 * with pipeline_report, and the result is wrapped in a small HTML page.
 * Requests are handled one at a time on the server's thread; the only
 * state shared between them is the loaded profile, which they only read. */
#ifndef CPROF_WEBUI_H
#define CPROF_WEBUI_H

struct config;
struct profile;

/* Serves p on cfg->http ("[host]:[port]", host localhost by default,
 * port 0 or empty for a free one), prints "Serving web UI on URL" on
 * stderr, opens a browser unless cfg->no_browser, and runs until SIGINT
 * or SIGTERM. p stays the caller's. Returns the exit status. */
int webui_serve(const struct profile *p, const struct config *cfg);

#endif
