/* webui: pprof's -http web interface, served in-process by libmicrohttpd.
 *
 * Every request works on its own copy of the configuration and of the
 * loaded profile: the URL parameters (pprof's names: f, i, h, s, sf, tf,
 * ti, si, n, g, ...) are applied to the copy, the report is generated
 * with pipeline_report, and the result is wrapped in a small HTML page.
 * Each connection is served on its own thread (at most 200, 64 per client
 * address, closed after 10 s idle), and reports run side by side. What
 * requests share is read only: the loaded profile, the command line's
 * settings, compiled patterns; error messages are per thread and graphviz
 * renders one graph at a time. A request that fails answers 400 for bad
 * parameters, 500 when the report itself failed or memory ran out; the
 * server goes on. Requests whose Host header names another site are
 * refused (403): pprof has no such check. */
#ifndef CPROF_WEBUI_H
#define CPROF_WEBUI_H

struct config;
struct profile;

/* Serves p on cfg->http ("[host]:[port]", host localhost by default,
 * port 0 or empty for a free one), prints "Serving web UI on URL" on
 * stderr, opens a browser unless cfg->no_browser, and runs until SIGINT
 * or SIGTERM. p stays the caller's. Returns the exit status. */
int webui_serve(struct profile *p, const struct config *cfg);

#endif
