#include "cmd/web/webui.h"

#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "cmd/pipeline/commands.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/pipeline.h"
#include "cmd/pipeline/settings.h"
#include "cmd/pipeline/viewer.h"
#include "lib/base/error.h"
#include "lib/model/profile.h"
#include "report/render.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"
#include "lib/base/xalloc.h"

extern char **environ;

struct webui {
	const struct profile *prof; /* read only while serving */
	const struct config *cfg;   /* the command line's settings */
};

/* One request's URL parameters, decoded, in arrival order. */
struct params {
	const char **key, **val;
	size_t n, alloc;
};

/* A finished response: status, content type, body. */
struct reply {
	unsigned status;
	const char *type;
	struct strbuf body;
};

/* The first value given for key, as Go's url.Values.Get; "" if none. */
static const char *param(const struct params *ps, const char *key)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->key[i], key))
			return ps->val[i];
	return "";
}

/* pprof's applyURL: each setting that has a URL parameter, in the
 * table's order, read by pprof's config.set; an empty value leaves the
 * setting alone. Strings point into the request's parameters. */
static int apply_params(struct config *cfg, const struct params *ps)
{
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *s = &settings[i];
		const char *v = s->url ? param(ps, s->url) : "";
		if (*v && settings_set(cfg, s, v))
			return error_prefix("error setting config field %s",
					    s->name);
	}
	return 0;
}

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	struct params *ps = cls;
	(void)kind;
	ALLOC_GROW(ps->key, ps->n + 1, ps->alloc);
	ps->val = xrealloc(ps->val, ps->alloc * sizeof(*ps->val));
	ps->key[ps->n] = key;
	ps->val[ps->n++] = value ? value : "";
	return MHD_YES;
}

static void html_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&#39;"); break;
		default: strbuf_addch(sb, *s);
		}
	}
}

static void url_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~", c))
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

/* The request's parameters as a query string ("?k=v&..."), with key
 * replaced by val (dropped when val is NULL). */
static void query_with(struct strbuf *sb, const struct params *ps,
		       const char *key, const char *val)
{
	char sep = '?';
	for (size_t i = 0; i < ps->n; i++) {
		if ((key && !strcmp(ps->key[i], key)) || !*ps->val[i])
			continue;
		strbuf_addch(sb, sep);
		url_escape(sb, ps->key[i]);
		strbuf_addch(sb, '=');
		url_escape(sb, ps->val[i]);
		sep = '&';
	}
	if (key && val) {
		strbuf_addf(sb, "%c%s=", sep, key);
		url_escape(sb, val);
	}
}

/* A regex matching exactly name (for links to a function's source). */
static void regex_quote(struct strbuf *sb, const char *name)
{
	strbuf_addch(sb, '^');
	for (; *name; name++) {
		if (strchr("\\.+*?()|[]{}^$", *name))
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *name);
	}
	strbuf_addch(sb, '$');
}

static const char page_css[] =
	"body{margin:0;font:14px sans-serif;color:#222}"
	"nav{background:#234;color:#fff;padding:6px 10px;display:flex;"
	"flex-wrap:wrap;gap:6px 14px;align-items:center}"
	"nav a{color:#cde;text-decoration:none}nav a.on{color:#fff;font-weight:bold}"
	"nav input{width:8em}nav label{font-size:12px}"
	"main{padding:8px 12px}pre{font:12px monospace}"
	".err{color:#a00}#graph{height:calc(100vh - 90px);border:1px solid #ccc}"
	"#graph svg{width:100%;height:100%}"
	"table{border-collapse:collapse;font:12px monospace}"
	"th{cursor:pointer;background:#eee;text-align:right;padding:2px 8px}"
	"td{text-align:right;padding:1px 8px}td:last-child,th:last-child{text-align:left}"
	"tr:nth-child(even){background:#f6f6f6}"
	".fg{display:flex;flex-direction:column;min-width:0}"
	".fr{display:flex}.fl{font:11px monospace;white-space:nowrap;overflow:hidden;"
	"background:#fc8;border:1px solid #fff;padding:1px 2px}"
	".fl:hover{background:#fa5}";

static const struct {
	const char *path, *label;
} pages[] = {
	{ "/ui/", "Graph" }, { "/ui/top", "Top" },
	{ "/ui/flamegraph", "Flame graph" }, { "/ui/peek", "Peek" },
	{ "/ui/source", "Source" }, { "/ui/disasm", "Disassemble" },
	{ "/ui/tags", "Tags" },
};

static const struct {
	const char *name, *label;
} fields[] = {
	{ "f", "focus" }, { "i", "ignore" }, { "h", "hide" }, { "s", "show" },
	{ "sf", "show_from" }, { "tf", "tagfocus" }, { "ti", "tagignore" },
	{ "n", "nodecount" },
};

/* The page up to its content: navigation links keeping the query, the
 * sample index menu and the filter form. */
static void page_head(struct strbuf *sb, const struct webui *ui,
		      const struct params *ps, const char *url,
		      const char *title)
{
	strbuf_adds(sb, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
			"<title>cprof: ");
	html_escape(sb, title);
	strbuf_addf(sb, "</title><style>%s</style></head><body><nav>",
		    page_css);
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct strbuf q = STRBUF_INIT;
		query_with(&q, ps, NULL, NULL);
		strbuf_addf(sb, "<a href=\"%s", pages[i].path);
		html_escape(sb, q.buf);
		strbuf_addf(sb, "\"%s>%s</a>",
			    !strcmp(url, pages[i].path) ? " class=\"on\"" : "",
			    pages[i].label);
		strbuf_release(&q);
	}
	strbuf_adds(sb, "<form method=\"get\" action=\"");
	html_escape(sb, url);
	strbuf_adds(sb, "\"><label>sample <select name=\"si\">");
	const char *si = param(ps, "si");
	for (size_t i = 0; i < ui->prof->nsample_type; i++) {
		const char *t = ui->prof->sample_type[i].type;
		bool on = *si ? !strcmp(si, t) : i + 1 == ui->prof->nsample_type;
		strbuf_adds(sb, "<option");
		if (on)
			strbuf_adds(sb, " selected");
		strbuf_adds(sb, ">");
		html_escape(sb, t);
		strbuf_adds(sb, "</option>");
	}
	strbuf_adds(sb, "</select></label>");
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		strbuf_addf(sb, " <label>%s <input name=\"%s\" value=\"",
			    fields[i].label, fields[i].name);
		html_escape(sb, param(ps, fields[i].name));
		strbuf_adds(sb, "\"></label>");
	}
	/* the other parameters ride along unchanged */
	for (size_t i = 0; i < ps->n; i++) {
		bool shown = !strcmp(ps->key[i], "si");
		for (size_t j = 0; j < sizeof(fields) / sizeof(fields[0]); j++)
			shown |= !strcmp(ps->key[i], fields[j].name);
		if (shown || !*ps->val[i])
			continue;
		strbuf_adds(sb, "<input type=\"hidden\" name=\"");
		html_escape(sb, ps->key[i]);
		strbuf_adds(sb, "\" value=\"");
		html_escape(sb, ps->val[i]);
		strbuf_adds(sb, "\">");
	}
	strbuf_adds(sb, " <button>Apply</button> <a href=\"");
	html_escape(sb, url);
	strbuf_adds(sb, "\">Reset</a></form></nav><main>\n");
}

static void page_tail(struct strbuf *sb)
{
	strbuf_adds(sb, "</main></body></html>\n");
}

/* Runs command cmd (argument arg or NULL) on copies of the profile and
 * of the configuration with the request's parameters applied; edit, if
 * set, adjusts the copy as the page requires. On success the report is in
 * out and *copy is the filtered, aggregated profile (the caller frees it);
 * -1 and error_set otherwise. */
static int run_report(const struct webui *ui, const struct params *ps,
		      const char *cmd, const char *arg,
		      void (*edit)(struct config *), struct strbuf *out,
		      struct profile **copy, int *sample_index)
{
	struct config v = *ui->cfg;
	v.cmd = command_find(cmd);
	v.cmd_arg = arg;
	v.output = "";
	if (apply_params(&v, ps))
		return -1;
	if (edit)
		edit(&v);
	struct profile *p = profile_copy(ui->prof);
	if (sample_index) {
		*sample_index = profile_sample_index(p, v.sample_index);
		if (*sample_index < 0) {
			profile_free(p);
			return -1;
		}
	}
	if (pipeline_report(p, &v, out)) {
		profile_free(p);
		return -1;
	}
	if (copy)
		*copy = p;
	else
		profile_free(p);
	return 0;
}

static void reply_error(struct reply *r, unsigned status, const char *msg)
{
	r->status = status;
	r->type = "text/plain; charset=utf-8";
	strbuf_reset(&r->body);
	strbuf_addf(&r->body, "%s\n", msg);
}

static void peek_edit(struct config *cfg)
{
	cfg->granularity = "lines"; /* as pprof's web peek */
}

/* Plain-text reports (peek, source, disasm, tags) in a <pre>. */
static int text_page(const struct webui *ui, const struct params *ps,
		     const char *url, const char *cmd, bool needs_f,
		     struct reply *r)
{
	bool peek = !strcmp(cmd, "peek");
	const char *f = param(ps, "f");
	if (needs_f && !*f)
		return error_set("missing f=REGEX: which functions to show");
	struct strbuf out = STRBUF_INIT;
	if (run_report(ui, ps, cmd, needs_f || peek ? f : NULL,
		       peek ? peek_edit : NULL, &out, NULL, NULL)) {
		strbuf_release(&out);
		return -1;
	}
	page_head(&r->body, ui, ps, url, cmd);
	strbuf_adds(&r->body, "<pre>");
	html_escape(&r->body, out.buf);
	strbuf_adds(&r->body, "</pre>");
	page_tail(&r->body);
	strbuf_release(&out);
	return 0;
}

/* The call graph: the massaged SVG inline, its own script replaced by
 * the same pan/zoom bound to the inline element. */
static int graph_page(const struct webui *ui, const struct params *ps,
		      const char *url, struct reply *r)
{
	struct strbuf svg = STRBUF_INIT;
	if (run_report(ui, ps, "svg", NULL, NULL, &svg, NULL, NULL)) {
		strbuf_release(&svg);
		return -1;
	}
	char *start = strstr(svg.buf, "<svg");
	if (!start)
		start = svg.buf;
	char *script = strstr(start, "<script");
	char *script_end = script ? strstr(script, "</script>") : NULL;
	page_head(&r->body, ui, ps, url, "graph");
	strbuf_adds(&r->body, "<div id=\"graph\">");
	if (script_end) {
		strbuf_add(&r->body, start, (size_t)(script - start));
		strbuf_adds(&r->body, script_end + strlen("</script>"));
	} else {
		strbuf_adds(&r->body, start);
	}
	strbuf_adds(&r->body, "</div><script>");
	const char *js = render_panzoom_js, *root = "document.documentElement";
	const char *hit = strstr(js, root);
	if (hit) {
		strbuf_add(&r->body, js, (size_t)(hit - js));
		strbuf_adds(&r->body, "document.querySelector('#graph svg')");
		strbuf_adds(&r->body, hit + strlen(root));
	}
	strbuf_adds(&r->body, "</script>");
	page_tail(&r->body);
	strbuf_release(&svg);
	return 0;
}

static void top_edit(struct config *cfg)
{
	cfg->nodecount = 500; /* as pprof's web top */
}

/* Script for the top table: a click on a header sorts by its column
 * (numbers by the data-v of their cells), a second click reverses. */
static const char sort_js[] =
	"document.querySelectorAll('#top th').forEach(function (th, col) {\n"
	"  th.addEventListener('click', function () {\n"
	"    var body = document.querySelector('#top tbody');\n"
	"    var rows = Array.from(body.rows);\n"
	"    var dir = th.dataset.dir === 'd' ? 1 : -1;\n"
	"    th.dataset.dir = dir < 0 ? 'd' : 'a';\n"
	"    rows.sort(function (a, b) {\n"
	"      var x = a.cells[col], y = b.cells[col];\n"
	"      var r = 'v' in x.dataset ? x.dataset.v - y.dataset.v :\n"
	"        x.textContent.localeCompare(y.textContent);\n"
	"      return dir * (col === 5 ? -r : r) ||\n"
	"        a.dataset.i - b.dataset.i;\n"
	"    });\n"
	"    rows.forEach(function (r) { body.appendChild(r); });\n"
	"  });\n"
	"});\n";

/* One field of a top row: the next run of non-blanks. */
static const char *next_field(const char **s, size_t *len)
{
	const char *p = *s;
	while (*p == ' ')
		p++;
	const char *start = p;
	while (*p && *p != ' ' && *p != '\n')
		p++;
	*len = (size_t)(p - start);
	*s = p;
	return start;
}

/* The -top report as a table: its header lines go above, each row's five
 * numbers and name into cells. The percentages order the value columns
 * (they are proportional to them). */
static int top_page(const struct webui *ui, const struct params *ps,
		    const char *url, struct reply *r)
{
	struct strbuf out = STRBUF_INIT;
	if (run_report(ui, ps, "top", NULL, top_edit, &out, NULL, NULL)) {
		strbuf_release(&out);
		return -1;
	}
	page_head(&r->body, ui, ps, url, "top");
	const char *hdr = strstr(out.buf, "flat  flat%");
	const char *line = hdr ? strchr(hdr, '\n') : NULL;
	const char *legend_end = hdr;
	while (legend_end && legend_end > out.buf && legend_end[-1] != '\n')
		legend_end--;
	strbuf_adds(&r->body, "<pre>");
	if (legend_end) {
		struct strbuf legend = STRBUF_INIT;
		strbuf_add(&legend, out.buf, (size_t)(legend_end - out.buf));
		html_escape(&r->body, legend.buf);
		strbuf_release(&legend);
	} else {
		html_escape(&r->body, out.buf);
	}
	strbuf_adds(&r->body, "</pre><table id=\"top\"><thead><tr><th>flat</th>"
			"<th>flat%</th><th>sum%</th><th>cum</th><th>cum%</th>"
			"<th>name</th></tr></thead><tbody>\n");
	for (int row = 0; line && line[1]; row++) {
		const char *s = line + 1;
		const char *f[5];
		size_t len[5];
		for (int i = 0; i < 5; i++)
			f[i] = next_field(&s, &len[i]);
		while (*s == ' ')
			s++;
		const char *eol = strchr(s, '\n');
		if (!eol)
			eol = s + strlen(s);
		struct strbuf name = STRBUF_INIT, link = STRBUF_INIT;
		strbuf_add(&name, s, (size_t)(eol - s));
		strbuf_addf(&r->body, "<tr data-i=\"%d\">", row);
		/* flat and flat% sort by flat%, cum and cum% by cum% */
		static const int key[5] = { 1, 1, 2, 4, 4 };
		for (int i = 0; i < 5; i++) {
			strbuf_addf(&r->body, "<td data-v=\"%g\">",
				    strtod(f[key[i]], NULL));
			struct strbuf cell = STRBUF_INIT;
			strbuf_add(&cell, f[i], len[i]);
			html_escape(&r->body, cell.buf);
			strbuf_release(&cell);
			strbuf_adds(&r->body, "</td>");
		}
		regex_quote(&link, name.buf);
		struct strbuf q = STRBUF_INIT;
		query_with(&q, ps, "f", link.buf);
		strbuf_adds(&r->body, "<td><a href=\"/ui/source");
		html_escape(&r->body, q.buf);
		strbuf_adds(&r->body, "\">");
		html_escape(&r->body, name.buf);
		strbuf_adds(&r->body, "</a></td></tr>\n");
		strbuf_release(&q);
		strbuf_release(&link);
		strbuf_release(&name);
		line = *eol ? eol : NULL;
	}
	strbuf_addf(&r->body, "</tbody></table><script>%s</script>", sort_js);
	page_tail(&r->body);
	strbuf_release(&out);
	return 0;
}

/* Flame graph: a tree of call stacks, root first, built from the
 * filtered and aggregated profile; children of a node are found through
 * a linked list (stacks are shallow and fan-out small). */
struct fnode {
	const char *name;
	int64_t value;
	size_t child, next; /* indexes, 0 for none (node 0 is the root) */
};

struct ftree {
	struct fnode *node;
	size_t n, alloc;
};

static size_t ftree_child(struct ftree *t, size_t parent, const char *name)
{
	for (size_t c = t->node[parent].child; c; c = t->node[c].next)
		if (t->node[c].name == name)
			return c;
	ALLOC_GROW(t->node, t->n + 1, t->alloc);
	t->node[t->n] = (struct fnode){ name, 0, 0, t->node[parent].child };
	t->node[parent].child = t->n;
	return t->n++;
}

static void flame_html(struct strbuf *sb, const struct ftree *t, size_t i,
		       int64_t parent, int64_t total, const char *unit,
		       int depth)
{
	const struct fnode *nd = &t->node[i];
	double pct = 100.0 * (double)nd->value / (double)total;
	double width = 100.0 * (double)nd->value / (double)parent;
	struct strbuf v = STRBUF_INIT;
	units_label(&v, nd->value, unit);
	strbuf_addf(sb, "<div class=\"fg\" style=\"width:%.4f%%\">"
		    "<div class=\"fl\" title=\"", width);
	html_escape(sb, nd->name);
	strbuf_addf(sb, " %s (%.2f%%)\">", v.buf, pct);
	html_escape(sb, nd->name);
	strbuf_adds(sb, "</div><div class=\"fr\">");
	if (depth < 200)
		for (size_t c = nd->child; c; c = t->node[c].next)
			/* too thin to see: left out */
			if (t->node[c].value * 1000 >= total)
				flame_html(sb, t, c, nd->value, total, unit,
					   depth + 1);
	strbuf_adds(sb, "</div></div>");
	strbuf_release(&v);
}

static int flame_page(const struct webui *ui, const struct params *ps,
		      const char *url, struct reply *r)
{
	struct strbuf out = STRBUF_INIT;
	struct profile *p = NULL;
	int si;
	if (run_report(ui, ps, "top", NULL, NULL, &out, &p, &si)) {
		strbuf_release(&out);
		return -1;
	}
	struct ftree t = { NULL, 0, 0 };
	ALLOC_GROW(t.node, 1, t.alloc);
	t.node[t.n++] = (struct fnode){ "root", 0, 0, 0 };
	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		int64_t v = s->value[si];
		if (v <= 0)
			continue;
		size_t at = 0;
		t.node[0].value += v;
		for (size_t j = s->nlocation; j-- > 0;) {
			const struct profile_location *l = s->location[j];
			for (size_t k = l->nline; k-- > 0;) {
				const struct profile_function *fn = l->line[k].function;
				at = ftree_child(&t, at, fn ? fn->name : "?");
				t.node[at].value += v;
			}
		}
	}
	page_head(&r->body, ui, ps, url, "flame graph");
	if (t.node[0].value > 0) {
		/* flame_html scales each child to its parent's width */
		flame_html(&r->body, &t, 0, t.node[0].value, t.node[0].value,
			   p->sample_type[si].unit, 0);
	} else {
		strbuf_adds(&r->body, "<p>No samples.</p>");
	}
	page_tail(&r->body);
	free(t.node);
	profile_free(p);
	strbuf_release(&out);
	return 0;
}

/* Builds the response for one GET. */
static void handle(const struct webui *ui, const char *url,
		   const struct params *ps, struct reply *r)
{
	int ret;
	r->status = MHD_HTTP_OK;
	r->type = "text/html; charset=utf-8";
	if (!strcmp(url, "/") || !strcmp(url, "/ui")) {
		/* pprof redirects to /ui/ keeping the query */
		r->status = MHD_HTTP_FOUND;
		return;
	}
	if (!strcmp(url, "/ui/"))
		ret = graph_page(ui, ps, url, r);
	else if (!strcmp(url, "/ui/top"))
		ret = top_page(ui, ps, url, r);
	else if (!strcmp(url, "/ui/flamegraph"))
		ret = flame_page(ui, ps, url, r);
	else if (!strcmp(url, "/ui/peek"))
		ret = text_page(ui, ps, url, "peek", false, r);
	else if (!strcmp(url, "/ui/source"))
		ret = text_page(ui, ps, url, "list", true, r);
	else if (!strcmp(url, "/ui/disasm"))
		ret = text_page(ui, ps, url, "disasm", true, r);
	else if (!strcmp(url, "/ui/tags"))
		ret = text_page(ui, ps, url, "tags", false, r);
	else {
		reply_error(r, MHD_HTTP_NOT_FOUND, "404 page not found");
		return;
	}
	if (ret) {
		fprintf(stderr, "cprof: %s: %s\n", url, error_get());
		reply_error(r, MHD_HTTP_BAD_REQUEST, error_get());
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	const struct webui *ui = cls;
	struct params ps = { NULL, NULL, 0, 0 };
	struct reply r = { 0, NULL, STRBUF_INIT };
	struct strbuf loc = STRBUF_INIT;
	enum MHD_Result ret = MHD_NO;
	(void)version;
	(void)upload;
	(void)con_cls;

	if (*upload_size) {
		*upload_size = 0; /* no body is wanted; drop it */
		return MHD_YES;
	}
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		reply_error(&r, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "only GET is served");
	} else {
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND,
					  collect_param, &ps);
		handle(ui, url, &ps, &r);
	}
	size_t len = r.body.len;
	char *body = strbuf_detach(&r.body, NULL);
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		goto cleanup;
	}
	if (r.status == MHD_HTTP_FOUND) {
		strbuf_adds(&loc, "/ui/");
		query_with(&loc, &ps, NULL, NULL);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, loc.buf);
	}
	if (r.type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r.type);
	ret = MHD_queue_response(conn, r.status, resp);
	MHD_destroy_response(resp);
cleanup:
	strbuf_release(&loc);
	free(ps.key);
	free(ps.val);
	return ret;
}

/* Splits "[host]:[port]" as Go's net.SplitHostPort (brackets around an
 * IPv6 host). host is written into buf. */
static int split_host_port(const char *hp, char *host, size_t hostsz,
			   const char **port)
{
	const char *colon = strrchr(hp, ':');
	if (!colon)
		return error_set("could not split http address: "
				 "address %s: missing port in address", hp);
	const char *h = hp;
	size_t hl = (size_t)(colon - hp);
	if (*hp == '[') {
		if (hl < 2 || hp[hl - 1] != ']')
			return error_set("could not split http address: "
					 "address %s: missing ']'", hp);
		h++;
		hl -= 2;
	} else if (memchr(hp, ':', hl)) {
		return error_set("could not split http address: "
				 "address %s: too many colons in address", hp);
	}
	if (hl >= hostsz)
		return error_set("could not split http address: host too long");
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = colon + 1;
	return 0;
}

/* A listening socket on host:port (the first address that binds); the
 * port actually bound goes to *bound. -1 and error_set. */
static int listen_on(const char *host, const char *port, int *bound)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	int err = getaddrinfo(host, *port ? port : "0", &hints, &res);
	if (err)
		return error_set("%s:%s: %s", host, port, gai_strerror(err));
	int fd = -1, saved = 0;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC,
			    a->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (!bind(fd, a->ai_addr, a->ai_addrlen) && !listen(fd, 64))
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return error_set("listen tcp %s:%s: %s", host, port,
				 strerror(saved));
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		close(fd);
		return error_set("getsockname: %s", strerror(errno));
	}
	char serv[16];
	if (getnameinfo((struct sockaddr *)&ss, sl, NULL, 0, serv,
			sizeof(serv), NI_NUMERICSERV)) {
		close(fd);
		return error_set("could not read the bound port");
	}
	*bound = atoi(serv);
	return fd;
}

/* pprof's openBrowser: the browser candidates, started, not waited for. */
static void open_browser(const char *url)
{
	if (viewer_open("browser", url, false)) {
		error_clear();
		fprintf(stderr, "Could not open a browser; visit %s\n", url);
	}
}

int webui_serve(const struct profile *p, const struct config *cfg)
{
	struct webui ui = { p, cfg };
	char host[256];
	const char *port = "";
	int bound = 0, fd;
	struct MHD_Daemon *d;
	sigset_t stop, old;

	if (split_host_port(cfg->http, host, sizeof(host), &port))
		goto fail;
	if (!*host)
		snprintf(host, sizeof(host), "localhost");
	fd = listen_on(host, port, &bound);
	if (fd < 0)
		goto fail;

	/* the server thread inherits the mask: only this thread sees them */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL,
			     on_request, &ui, MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_CONNECTION_TIMEOUT, 60u,
			     MHD_OPTION_END);
	if (!d) {
		close(fd);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		error_set("could not start the web server");
		goto fail;
	}
	struct strbuf url = STRBUF_INIT;
	strbuf_addf(&url, strchr(host, ':') ? "http://[%s]:%d" : "http://%s:%d",
		    host, bound);
	fprintf(stderr, "Serving web UI on %s\n", url.buf);
	if (!cfg->no_browser) {
		strbuf_adds(&url, "/ui/");
		open_browser(url.buf);
	}
	strbuf_release(&url);
	int sig;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	close(fd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
fail:
	fprintf(stderr, "cprof: %s\n", error_get());
	return 1;
}
