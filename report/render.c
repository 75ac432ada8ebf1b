/* render: graphviz runs in-process through libgvc; its messages are
 * collected through its error callback so that a failure can say why. */
#include "report/render.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "lib/base/diag.h"
#include "lib/base/error.h"
#include "lib/base/strbuf.h"
#include "report/assets.h"
#include "lib/base/xalloc.h"

extern char **environ;

/* graphviz reports through a global callback; collect its messages so an
 * error can carry them and warnings can go through diag_warning(). */
static struct strbuf gv_messages = STRBUF_INIT;

static int collect_message(char *msg)
{
	strbuf_adds(&gv_messages, msg);
	return 0;
}

/* The collected messages as one line, trailing newlines dropped. */
static const char *messages_line(void)
{
	while (gv_messages.len && (gv_messages.buf[gv_messages.len - 1] == '\n' ||
				   gv_messages.buf[gv_messages.len - 1] == ' '))
		strbuf_setlen(&gv_messages, gv_messages.len - 1);
	for (size_t i = 0; i < gv_messages.len; i++)
		if (gv_messages.buf[i] == '\n')
			gv_messages.buf[i] = ' ';
	return gv_messages.buf;
}

/* graphviz 2.43's pango plugin remembers the last font name by pointer
 * and compares the next graph's first font with it, so a graph's strings
 * must outlive the layout of the next one: the last graph and the context
 * are kept and released at exit (or by the next render). */
static GVC_t *kept_gvc;
static Agraph_t *kept_graph;

static void release_kept(void)
{
	if (kept_graph) {
		gvFreeLayout(kept_gvc, kept_graph);
		agclose(kept_graph);
		kept_graph = NULL;
	}
	if (kept_gvc) {
		gvFreeContext(kept_gvc);
		kept_gvc = NULL;
	}
}

/* graphviz is one global state (its error callback, the kept graph, the
 * plugins' caches): one render at a time, whichever thread asks (the web
 * UI serves requests on several). */
static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;

int render_graphviz(const char *dot, const char *format, struct strbuf *out)
{
	static bool registered;
	pthread_mutex_lock(&gv_lock);
	/* no jumping out of an allocation with the lock held */
	xalloc_oom_fn oom = xalloc_set_oom_handler(NULL);
	GVC_t *gvc = kept_gvc;
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int len = 0;
	bool laid_out = false;
	int ret = -1;

	strbuf_reset(&gv_messages);
	agusererrf old = agseterrf(collect_message);
	agreseterrors();

	if (!gvc) {
		gvc = kept_gvc = gvContext();
		if (!gvc) {
			error_set("graphviz: cannot create a context");
			goto cleanup;
		}
		if (!registered)
			atexit(release_kept);
		registered = true;
	}
	g = agmemread(dot);
	if (!g) {
		error_set("graphviz: cannot parse the graph: %s", messages_line());
		goto cleanup;
	}
	if (gvLayout(gvc, g, "dot")) {
		error_set("graphviz: layout failed: %s", messages_line());
		goto cleanup;
	}
	laid_out = true;
	if (gvRenderData(gvc, g, format, &data, &len) || !data) {
		error_set("graphviz: cannot render %s: %s", format, messages_line());
		goto cleanup;
	}
	strbuf_reset(out);
	strbuf_add(out, data, len);
	if (gv_messages.len)
		diag_warning("graphviz: %s", messages_line());
	ret = 0;
cleanup:
	if (data)
		gvFreeRenderData(data);
	if (kept_graph) {
		gvFreeLayout(gvc, kept_graph);
		agclose(kept_graph);
		kept_graph = NULL;
	}
	if (laid_out)
		kept_graph = g;
	else if (g)
		agclose(g);
	agseterrf(old);
	strbuf_release(&gv_messages);
	xalloc_set_oom_handler(oom);
	pthread_mutex_unlock(&gv_lock);
	return ret;
}

static void replace_at(struct strbuf *sb, size_t at, size_t del, const char *ins)
{
	size_t n = strlen(ins);
	struct strbuf t = STRBUF_INIT;
	strbuf_grow(&t, sb->len - del + n);
	strbuf_add(&t, sb->buf, at);
	strbuf_add(&t, ins, n);
	strbuf_add(&t, sb->buf + at + del, sb->len - at - del);
	strbuf_release(sb);
	*sb = t;
}

static size_t skip_space(const char *s, size_t i)
{
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
	       s[i] == '\f' || s[i] == '\v')
		i++;
	return i;
}

/* Matches NAME="non-empty value" at s+i; returns the index after the
 * closing quote, or 0. */
static size_t match_attr(const char *s, size_t i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(s + i, name, n) || strncmp(s + i + n, "=\"", 2))
		return 0;
	i += n + 2;
	size_t v = i;
	while (s[i] && s[i] != '"')
		i++;
	if (!s[i] || i == v)
		return 0;
	return i + 1;
}

/* The first `<svg WS width=".." WS height=".." WS viewBox=".."`: its
 * start and length, or false. */
static bool find_svg_open(const char *s, size_t *start, size_t *len)
{
	for (const char *p = strstr(s, "<svg"); p; p = strstr(p + 1, "<svg")) {
		size_t i = (size_t)(p - s) + 4;
		if (!(i = match_attr(s, skip_space(s, i), "width")) ||
		    !(i = match_attr(s, skip_space(s, i), "height")) ||
		    !(i = match_attr(s, skip_space(s, i), "viewBox")))
			continue;
		*start = (size_t)(p - s);
		*len = i - *start;
		return true;
	}
	return false;
}

/* The first `<g id="graphD"` with one digit D, as pprof's pattern. */
static const char *find_graph_group(const char *s)
{
	static const char pat[] = "<g id=\"graph";
	for (const char *p = strstr(s, pat); p; p = strstr(p + 1, pat)) {
		const char *d = p + sizeof(pat) - 1;
		if (d[0] >= '0' && d[0] <= '9' && d[1] == '"')
			return p;
	}
	return NULL;
}

void render_massage_svg(struct strbuf *svg)
{
	/* dot sometimes leaves "&;" unquoted, which no XML parser accepts */
	for (char *p = strstr(svg->buf, "&;"); p; p = strstr(svg->buf, "&;")) {
		size_t at = (size_t)(p - svg->buf);
		replace_at(svg, at, 2, "&amp;;");
	}

	size_t start, len;
	if (find_svg_open(svg->buf, &start, &len))
		replace_at(svg, start, len, "<svg width=\"100%\" height=\"100%\"");

	const char *g = find_graph_group(svg->buf);
	if (g) {
		struct strbuf ins = STRBUF_INIT;
		/* report/assets/panzoom.js: our own pan (drag) and zoom
		 * (wheel) of the "viewport" group; it never contains the
		 * CDATA terminator */
		strbuf_adds(&ins, "<script type=\"text/ecmascript\"><![CDATA[\n");
		strbuf_adds(&ins, report_asset_find("panzoom.js")->data);
		strbuf_adds(&ins, "]]></script><g id=\"viewport\" "
				  "transform=\"scale(0.5,0.5) translate(0,0)\">");
		replace_at(svg, (size_t)(g - svg->buf), 0, ins.buf);
		strbuf_release(&ins);
	}

	char *close = strstr(svg->buf, "</svg>");
	if (close)
		replace_at(svg, (size_t)(close - svg->buf), 0, "</g>");
}
