/* dot: pprof's DOT layout rules (node sizes and colours from values,
 * edge weights, nodelets for tags); every string from the profile is
 * escaped for DOT, since labels and file names are input. */
#include "report/dot.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/graph/graph.h"
#include "report/graphbuild.h"
#include "report/report.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/units.h"
#include "lib/base/wrap.h"
#include "lib/base/xalloc.h"

/* At most this many label tags per node, and numeric tags per group. */
enum { MAX_NODELETS = 4 };

void dot_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			strbuf_adds(sb, "\\\\");
		else if (*s == '"')
			strbuf_adds(sb, "\\\"");
		else if (*s == '\n')
			strbuf_adds(sb, "\\l");
		else
			strbuf_addch(sb, *s);
	}
}

/* A label tag's name for DOT: its "key:value" parts are joined by the two
 * characters \n, which DOT (and pprof, which writes them as they are)
 * takes for a line break; each part is escaped between them. */
static void dot_escape_tag(struct strbuf *sb, const char *s)
{
	const char *sep;
	while ((sep = strstr(s, "\\n"))) {
		struct strbuf part = STRBUF_INIT;
		strbuf_add(&part, s, (size_t)(sep - s));
		dot_escape(sb, part.buf);
		strbuf_release(&part);
		strbuf_adds(sb, "\\n");
		s = sep + 2;
	}
	dot_escape(sb, s);
}

/* Go's uint8(x) for a float64 on amd64: through a 64-bit integer, so NaN
 * and huge values come out as 0 instead of being undefined. */
static unsigned go_uint8(double x)
{
	if (isnan(x) || x >= 9223372036854775808.0 || x < -9223372036854775808.0)
		return 0;
	return (unsigned)((uint64_t)(int64_t)x & 0xff);
}

void dot_color(char *buf, double score, int background)
{
	/* How far colours move away from grey, and the saturation and value
	 * (HSV) of backgrounds and foregrounds. */
	const double shift = 0.7;
	double sat = background ? 0.1 : 1.0;
	double val = background ? 0.93 : 0.7;

	/* Go's math.Min/Max keep a NaN (total 0) */
	if (!isnan(score))
		score = score > 1.0 ? 1.0 : score < -1.0 ? -1.0 : score;
	/* near zero fade to grey instead of yellow */
	if (fabs(score) < 0.2)
		sat *= fabs(score) / 0.2;
	if (score > 0.0)
		score = pow(score, 1.0 - shift);
	if (score < 0.0)
		score = -pow(-score, 1.0 - shift);

	double r, g, b;
	if (score < 0.0) {
		g = val;
		r = val * (1 + sat * score);
	} else {
		r = val;
		g = val * (1 - sat * score);
	}
	b = val * (1 - sat);
	snprintf(buf, 8, "#%02x%02x%02x", go_uint8(r * 255.0),
		 go_uint8(g * 255.0), go_uint8(b * 255.0));
}

/* filepath.Base, escaped (pprof leaves it raw: a '"' in a file name
 * breaks its DOT) */
static void add_base(struct strbuf *sb, const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (!n) {
		strbuf_addch(sb, '.');
		return;
	}
	size_t i = n;
	while (i > 0 && path[i - 1] != '/')
		i--;
	if (i == n) { /* only slashes */
		strbuf_addch(sb, '/');
		return;
	}
	struct strbuf base = STRBUF_INIT;
	strbuf_add(&base, path + i, n - i);
	dot_escape(sb, base.buf);
	strbuf_release(&base);
}

static void add_printable(struct strbuf *sb, const struct graph_node *n)
{
	if (n->printable) {
		strbuf_adds(sb, n->printable);
		return;
	}
	graph_info_printable_name(sb, &n->info);
}

/* ---- pprof's ShortenFunctionName, its patterns matched by hand ----
 * C++ "(anonymous namespace)::" prefix dropped; Go module versions
 * ("/v2.") dropped from package paths; then the first of: Go (everything
 * after the last "dir/"), Java (Class.method without package and
 * arguments), C++ (Class::method without namespaces). */

static bool is_word(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* `^(.*?)/v(?:[2-9]|[1-9][0-9]+)([./].*)$`: the earliest version element
 * whose digits are followed by '.' or '/'. */
static bool drop_go_version(const char *f, struct strbuf *out)
{
	if (strchr(f, '\n'))
		return false;
	for (const char *p = strstr(f, "/v"); p; p = strstr(p + 1, "/v")) {
		const char *d = p + 2, *e = d;
		while (*e >= '0' && *e <= '9')
			e++;
		size_t nd = (size_t)(e - d);
		bool ok = (nd == 1 && *d >= '2') || (nd >= 2 && *d != '0');
		if (ok && (*e == '.' || *e == '/')) {
			strbuf_add(out, f, (size_t)(p - f));
			strbuf_adds(out, e);
			return true;
		}
	}
	return false;
}

/* pprof 1.23's `^(?:[\w\-\.]+\/)+([^.]+\..+)`: what follows a run of
 * directories, the most directories first, provided it is a package
 * qualified name: a first character other than '.', a '.' later, and a
 * character other than a newline after that first '.'. The match runs to
 * the end of that line. */
static bool go_short(const char *f, struct strbuf *out)
{
	const char *p = f;
	size_t nsplit = 0, split_alloc = 0;
	const char **split = NULL;
	bool found = false;
	for (;;) {
		const char *q = p;
		while (is_word(*q) || *q == '-' || *q == '.')
			q++;
		if (q == p || *q != '/')
			break;
		p = q + 1;
		ALLOC_GROW(split, nsplit + 1, split_alloc);
		split[nsplit++] = p;
	}
	for (size_t k = nsplit; k-- > 0 && !found;) {
		const char *rest = split[k];
		if (!*rest || *rest == '.')
			continue;
		const char *dot = strchr(rest, '.');
		if (!dot || !dot[1] || dot[1] == '\n')
			continue;
		strbuf_add(out, rest, (size_t)(dot + 1 - rest));
		strbuf_add(out, dot + 1, strcspn(dot + 1, "\n"));
		found = true;
	}
	free(split);
	return found;
}

static bool is_jword(char c)
{
	return is_word(c) || c == '$';
}

/* `^(?:[a-z]\w*\.)*([A-Z][\w\$]*\.(?:<init>|[a-z][\w\$]*(?:\$\d+)?))(?:\(|$)` */
static bool java_short(const char *f, struct strbuf *out)
{
	const char *p = f;
	for (;;) { /* lower-case package elements */
		const char *q = p;
		if (!is_lower(*q))
			break;
		while (is_word(*q))
			q++;
		if (*q != '.')
			break;
		p = q + 1;
	}
	const char *start = p;
	if (!is_upper(*p))
		return false;
	while (is_jword(*p))
		p++;
	if (*p != '.')
		return false;
	p++;
	if (!strncmp(p, "<init>", 6)) {
		p += 6;
	} else {
		if (!is_lower(*p))
			return false;
		while (is_jword(*p))
			p++;
	}
	if (*p && *p != '(')
		return false;
	strbuf_add(out, start, (size_t)(p - start));
	return true;
}

/* `^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?)`, trying the
 * longest namespace prefix first as the regexp engine does. */
static bool cpp_short(const char *f, struct strbuf *out)
{
	const char *seg[256];
	size_t nseg = 0;
	const char *p = f;
	while (nseg < 256) {
		const char *q = p;
		if (!(is_word(*q) && !(*q >= '0' && *q <= '9')))
			break;
		while (is_word(*q))
			q++;
		if (strncmp(q, "::", 2))
			break;
		p = q + 2;
		seg[nseg++] = p;
	}
	for (size_t k = nseg; k-- > 0;) {
		const char *s = seg[k], *q = s;
		while (*q == '_')
			q++;
		if (!is_upper(*q))
			continue;
		while (is_word(*q))
			q++;
		if (strncmp(q, "::", 2))
			continue;
		q += 2;
		if (*q == '~')
			q++;
		if (!(is_word(*q) && !(*q >= '0' && *q <= '9')))
			continue;
		while (is_word(*q))
			q++;
		if (*q == '<') {
			/* the template arguments up to the last '>' of the line */
			size_t line = strcspn(q, "\n");
			const char *gt = NULL;
			for (size_t i = 1; i < line; i++)
				if (q[i] == '>')
					gt = q + i;
			if (gt)
				q = gt + 1;
		}
		strbuf_add(out, s, (size_t)(q - s));
		return true;
	}
	return false;
}

void dot_shorten_function_name(struct strbuf *sb, const char *name)
{
	static const char anon[] = "(anonymous namespace)::";
	struct strbuf v = STRBUF_INIT;
	if (!strncmp(name, anon, sizeof(anon) - 1))
		name += sizeof(anon) - 1;
	if (drop_go_version(name, &v))
		name = v.buf;
	if (!go_short(name, sb) && !java_short(name, sb) &&
	    !cpp_short(name, sb))
		strbuf_adds(sb, name);
	strbuf_release(&v);
}

/* The node's name on several lines: shortened, escaped, broken at "::"
 * and ".", then file or object, each line ended by "\n" (DOT's escape). */
static void add_multiline_name(struct strbuf *sb, const struct graph_node *n)
{
	const struct graph_node_info *info = &n->info;
	struct strbuf shortname = STRBUF_INIT, esc = STRBUF_INIT;

	if (info->address)
		strbuf_addf(sb, "%016llx\\n", (unsigned long long)info->address);
	if (*info->name) {
		dot_shorten_function_name(&shortname, info->name);
		dot_escape(&esc, shortname.buf);
		/* Go type parameters print as "[...]": keep those dots */
		for (const char *p = esc.buf; *p;) {
			if (!strncmp(p, "::", 2)) {
				strbuf_adds(sb, "\\n");
				p += 2;
			} else if (!strncmp(p, "[...]", 5)) {
				strbuf_adds(sb, "[…]");
				p += 5;
			} else if (*p == '.') {
				strbuf_adds(sb, "\\n");
				p++;
			} else {
				strbuf_addch(sb, *p++);
			}
		}
		strbuf_adds(sb, "\\n");
	}
	if (info->lineno) {
		if (*info->file)
			add_base(sb, info->file);
		strbuf_addf(sb, ":%lld", (long long)info->lineno);
		if (info->columnno)
			strbuf_addf(sb, ":%lld", (long long)info->columnno);
		strbuf_adds(sb, "\\n");
	} else if (*info->file) {
		add_base(sb, info->file);
		strbuf_adds(sb, "\\n");
	} else if (*info->name) {
		/* the name says it all */
	} else if (*info->objfile) {
		strbuf_addch(sb, '[');
		add_base(sb, info->objfile);
		strbuf_adds(sb, "]\\n");
	} else {
		strbuf_adds(sb, "<unknown>\\n");
	}
	strbuf_release(&shortname);
	strbuf_release(&esc);
}

/* A value with its unit, escaped: units come from the profile (pprof
 * writes them raw, so a unit can add attributes to the DOT). */
static void add_value(struct strbuf *sb, const struct dot_config *c, int64_t v)
{
	struct strbuf raw = STRBUF_INIT;
	c->format_value(c->ctx, &raw, v);
	dot_escape(sb, raw.buf);
	strbuf_release(&raw);
}

/* measurement.Percentage without its padding. */
static void add_percent(struct strbuf *sb, int64_t v, int64_t total)
{
	struct strbuf p = STRBUF_INIT;
	units_percentage(&p, v, total);
	const char *s = p.buf;
	while (*s == ' ')
		s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	strbuf_add(sb, s, len);
	strbuf_release(&p);
}

static void add_legend(struct strbuf *out, const struct dot_config *c)
{
	if (!c->nlabels)
		return;
	strbuf_adds(out, "subgraph cluster_L { \"");
	dot_escape(out, c->labels[0]);
	strbuf_adds(out, "\" [shape=box fontsize=16 label=\"");
	for (size_t i = 0; i < c->nlabels; i++) {
		dot_escape(out, c->labels[i]);
		strbuf_adds(out, "\\l");
	}
	strbuf_addch(out, '"');
	if (c->title && *c->title) {
		strbuf_adds(out, " tooltip=\"");
		dot_escape(out, c->title);
		strbuf_addch(out, '"');
	}
	strbuf_adds(out, "] }\n");
}

static void add_node(struct strbuf *out, const struct graph_node *n, int id,
		     double max_flat, const struct dot_config *c)
{
	int64_t flat = graph_node_flat(n), cum = graph_node_cum(n);
	struct strbuf label = STRBUF_INIT, flatv = STRBUF_INIT,
		      cumv = STRBUF_INIT;

	add_multiline_name(&label, n);
	add_value(&flatv, c, flat);
	if (flat) {
		strbuf_addf(&label, "%s (", flatv.buf);
		add_percent(&label, flat, c->total);
		strbuf_addch(&label, ')');
	} else {
		strbuf_addch(&label, '0');
	}
	const char *cum_text = flatv.buf;
	if (cum != flat) {
		strbuf_adds(&label, flat ? "\\n" : " ");
		add_value(&cumv, c, cum);
		cum_text = cumv.buf;
		strbuf_addf(&label, "of %s (", cumv.buf);
		add_percent(&label, cum, c->total);
		strbuf_addch(&label, ')');
	}

	/* 8 to 24 points, growing with the square root of the flat share so
	 * that small differences still show */
	/* Go's int64 again: |MinInt64| is negative, its square root NaN,
	 * and int64(NaN) MinInt64, so such a node gets a negative size */
	int64_t font = 8;
	double af = (double)wrap_abs(flat);
	if (max_flat != 0 && flat != 0 && af <= max_flat)
		font = wrap_add(font, wrap_from_double(ceil(16.0 * sqrt(af / max_flat))));

	char fg[8], bg[8];
	double score = (double)cum / (double)wrap_abs(c->total);
	dot_color(fg, score, 0);
	dot_color(bg, score, 1);

	strbuf_addf(out, "N%d [label=\"%s\" id=\"node%d\" fontsize=%" PRId64 " shape=box tooltip=\"",
		    id, label.buf, id, font);
	struct strbuf pn = STRBUF_INIT;
	add_printable(&pn, n);
	dot_escape(out, pn.buf);
	strbuf_addf(out, " (%s)\" color=\"%s\" fillcolor=\"%s\"]\n", cum_text,
		    fg, bg);
	strbuf_release(&pn);
	strbuf_release(&label);
	strbuf_release(&flatv);
	strbuf_release(&cumv);
}

/* measurement.Scale(u.value, u.unit, t.unit) and the distance to t. */
static double tag_distance(const struct graph_tag *t, const struct graph_tag *u)
{
	const char *unit;
	double v = units_scale(u->value, u->unit, t->unit, &unit);
	return v < (double)t->value ? (double)t->value - v : v - (double)t->value;
}

/* A collapsed group of numeric tags: its label, flat and cum. */
static void group_tag(struct graph_tag *dst, struct graph_tag **grp, size_t n,
		      struct strbuf *names)
{
	const char *unit;
	size_t at = names->len;
	if (n == 1) {
		units_label(names, grp[0]->value, grp[0]->unit);
		dst->flat = graph_tag_flat(grp[0]);
		dst->cum = graph_tag_cum(grp[0]);
	} else {
		const struct graph_tag *min = grp[0], *max = grp[0];
		int64_t f = min->flat, df = min->flat_div;
		int64_t cu = min->cum, dc = min->cum_div;
		for (size_t i = 1; i < n; i++) {
			const struct graph_tag *t = grp[i];
			if (wrap_from_double(units_scale(t->value, t->unit, min->unit, &unit)) < min->value)
				min = t;
			if (wrap_from_double(units_scale(t->value, t->unit, max->unit, &unit)) > max->value)
				max = t;
			f = wrap_add(f, t->flat);
			df = wrap_add(df, t->flat_div);
			cu = wrap_add(cu, t->cum);
			dc = wrap_add(dc, t->cum_div);
		}
		if (df)
			f = wrap_div(f, df);
		if (dc)
			cu = wrap_div(cu, dc);
		/* tags keep their own units: scaled to the output unit they
		 * would often all read 0 */
		units_label(names, min->value, min->unit);
		strbuf_adds(names, "..");
		units_label(names, max->value, max->unit);
		dst->flat = f;
		dst->cum = cu;
	}
	dst->flat_div = dst->cum_div = 0;
	/* the name is an offset into names until the buffer stops moving */
	dst->name = (const char *)(uintptr_t)at;
	strbuf_addch(names, '\0');
}

static void add_numeric_nodelets(struct strbuf *out, struct graph_tag **ts,
				 size_t n, bool flat_tags, const char *source,
				 const struct dot_config *c)
{
	struct graph_tag **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	struct graph_tag *coll = NULL;
	struct graph_tag **list = sorted;
	struct strbuf names = STRBUF_INIT;
	size_t nlist = n;

	if (n)
		memcpy(sorted, ts, n * sizeof(*ts));
	graph_sort_tags(sorted, n, flat_tags);
	if (n > MAX_NODELETS) {
		/* the first tags head groups; each other joins the nearest */
		size_t *group = xcalloc(n, sizeof(*group));
		for (size_t i = MAX_NODELETS; i < n; i++) {
			size_t g = 0;
			double d = tag_distance(sorted[i], sorted[0]);
			for (size_t k = 1; k < MAX_NODELETS; k++) {
				double nd = tag_distance(sorted[i], sorted[k]);
				if (nd < d)
					g = k, d = nd;
			}
			group[i] = g;
		}
		coll = xcalloc(MAX_NODELETS, sizeof(*coll));
		struct graph_tag **members = xcalloc(n, sizeof(*members));
		for (size_t k = 0; k < MAX_NODELETS; k++) {
			size_t m = 0;
			members[m++] = sorted[k];
			for (size_t i = MAX_NODELETS; i < n; i++)
				if (group[i] == k)
					members[m++] = sorted[i];
			group_tag(&coll[k], members, m, &names);
		}
		for (size_t k = 0; k < MAX_NODELETS; k++) {
			coll[k].name = names.buf + (uintptr_t)coll[k].name;
			coll[k].unit = "";
			sorted[k] = &coll[k];
		}
		nlist = MAX_NODELETS;
		graph_sort_tags(list, nlist, flat_tags);
		free(members);
		free(group);
	}

	/* tag names are label values (pprof writes them raw: a value can
	 * add a URL="javascript:…" to its node in the SVG) */
	struct strbuf w = STRBUF_INIT, name = STRBUF_INIT;
	for (size_t j = 0; j < nlist; j++) {
		const struct graph_tag *t = list[j];
		int64_t tf = coll ? t->flat : graph_tag_flat(t);
		int64_t tc = coll ? t->cum : graph_tag_cum(t);
		int64_t v = tc;
		const char *style = " style=\"dotted\"";
		if (flat_tags || tf == tc)
			v = tf, style = "";
		if (!v)
			continue;
		strbuf_reset(&w);
		add_value(&w, c, v);
		strbuf_reset(&name);
		dot_escape_tag(&name, t->name);
		strbuf_addf(out, "N%s_%zu [label = \"%s\" id=\"N%s_%zu\" fontsize=8 shape=box3d tooltip=\"%s\"]\n",
			    source, j, name.buf, source, j, w.buf);
		strbuf_addf(out, "%s -> N%s_%zu [label=\" %s\" weight=100 tooltip=\"%s\" labeltooltip=\"%s\"%s]\n",
			    source, source, j, w.buf, w.buf, w.buf, style);
	}
	strbuf_release(&w);
	strbuf_release(&name);
	strbuf_release(&names);
	free(coll);
	free(sorted);
}

static const struct graph_tag_map *numeric_tags_for(const struct graph_node *n,
						    const char *labels)
{
	for (size_t i = 0; i < n->nnumeric_tags; i++)
		if (!strcmp(n->numeric_tags[i].labels, labels))
			return &n->numeric_tags[i].tags;
	return NULL;
}

/* The tag pseudo-nodes of n; true when there were any. */
static bool add_nodelets(struct strbuf *out, const struct graph_node *n, int id,
			 const struct dot_config *c)
{
	size_t start = out->len;
	/* leaves show cum tags (weight of dropped callees included), inner
	 * nodes only their own flat ones */
	bool flat_tags = n->out.nedge > 0;
	size_t nts = n->label_tags.ntag;
	struct graph_tag **ts = xcalloc(nts ? nts : 1, sizeof(*ts));
	if (nts) /* an empty map may have no array */
		memcpy(ts, n->label_tags.tag, nts * sizeof(*ts));
	graph_sort_tags(ts, nts, flat_tags);
	if (nts > MAX_NODELETS)
		nts = MAX_NODELETS;

	struct strbuf w = STRBUF_INIT, src = STRBUF_INIT, name = STRBUF_INIT;
	for (size_t i = 0; i < nts; i++) {
		const struct graph_tag *t = ts[i];
		int64_t v = flat_tags ? graph_tag_flat(t) : graph_tag_cum(t);
		if (!v)
			continue;
		strbuf_reset(&w);
		add_value(&w, c, v);
		strbuf_reset(&name);
		dot_escape_tag(&name, t->name);
		strbuf_addf(out, "N%d_%zu [label = \"%s\" id=\"N%d_%zu\" fontsize=8 shape=box3d tooltip=\"%s\"]\n",
			    id, i, name.buf, id, i, w.buf);
		strbuf_addf(out, "N%d -> N%d_%zu [label=\" %s\" weight=100 tooltip=\"%s\" labeltooltip=\"%s\"]\n",
			    id, id, i, w.buf, w.buf, w.buf);
		const struct graph_tag_map *m = numeric_tags_for(n, t->name);
		if (m && m->ntag) {
			strbuf_reset(&src);
			strbuf_addf(&src, "N%d_%zu", id, i);
			add_numeric_nodelets(out, m->tag, m->ntag, flat_tags,
					     src.buf, c);
		}
	}
	const struct graph_tag_map *m = numeric_tags_for(n, "");
	if (m && m->ntag) {
		strbuf_reset(&src);
		strbuf_addf(&src, "N%d", id);
		add_numeric_nodelets(out, m->tag, m->ntag, flat_tags, src.buf, c);
	}
	strbuf_release(&w);
	strbuf_release(&src);
	strbuf_release(&name);
	free(ts);
	return out->len > start;
}

static void add_edge(struct strbuf *out, const struct graph_edge *e, int from,
		     int to, bool has_nodelets, const struct dot_config *c)
{
	int64_t wv = graph_edge_weight(e);
	struct strbuf w = STRBUF_INIT, tip = STRBUF_INIT;
	add_value(&w, c, wv);

	strbuf_addf(out, "N%d -> N%d [label=\" %s%s\"", from, to, w.buf,
		    e->is_inline ? "\\n (inline)" : "");
	if (c->total) {
		/* the total can be exceeded in a diff: cap at 100% */
		/* in Go's wrapping int64: |MinInt64| stays negative and
		 * then adds no attribute */
		int64_t pct = wrap_abs(wrap_div(wrap_mul(wv, 100), c->total));
		int64_t weight = wrap_add(1, pct < 100 ? pct : 100);
		if (weight > 1)
			strbuf_addf(out, " weight=%d", (int)weight);
		int64_t fifth = wrap_abs(wrap_div(wrap_mul(wv, 5), c->total));
		int64_t width = wrap_add(1, fifth < 5 ? fifth : 5);
		if (width > 1)
			strbuf_addf(out, " penwidth=%d", (int)width);
		char col[8];
		dot_color(col, (double)wv / (double)wrap_abs(c->total), 0);
		strbuf_addf(out, " color=\"%s\"", col);
	}
	struct strbuf name = STRBUF_INIT;
	strbuf_addch(&tip, '"');
	add_printable(&name, e->src);
	dot_escape(&tip, name.buf);
	strbuf_adds(&tip, e->residual ? " ... " : " -> ");
	strbuf_reset(&name);
	add_printable(&name, e->dest);
	dot_escape(&tip, name.buf);
	strbuf_addf(&tip, " (%s)\"", w.buf);
	strbuf_addf(out, " tooltip=%s labeltooltip=%s", tip.buf, tip.buf);
	if (e->residual)
		strbuf_adds(out, " style=\"dotted\"");
	if (has_nodelets) /* room for the tags below the caller */
		strbuf_adds(out, " minlen=2");
	strbuf_adds(out, "]\n");
	strbuf_release(&name);
	strbuf_release(&w);
	strbuf_release(&tip);
}

/* Node ids are 1-based positions in g->nodes; the graph's nodes carry a
 * private score field we must not touch, so look ids up by a map. */
struct id_entry {
	const struct graph_node *node;
	int id;
};

static int cmp_id_entry(const void *a, const void *b)
{
	const struct id_entry *x = a, *y = b;
	return x->node < y->node ? -1 : x->node > y->node;
}

static int node_id(const struct id_entry *ids, size_t n,
		   const struct graph_node *node)
{
	struct id_entry key = { node, 0 };
	const struct id_entry *e = bsearch(&key, ids, n, sizeof(*ids), cmp_id_entry);
	return e ? e->id : 0;
}

void dot_compose(struct strbuf *out, const struct graph *g,
		 const struct dot_config *c)
{
	strbuf_adds(out, "digraph \"");
	dot_escape(out, c->title && *c->title ? c->title : "unnamed");
	strbuf_adds(out, "\" {\n");
	strbuf_adds(out, "node [style=filled fillcolor=\"#f8f8f8\"]\n");
	add_legend(out, c);
	if (!g->nnodes) {
		strbuf_adds(out, "}\n");
		return;
	}

	size_t nn = g->nnodes;
	struct id_entry *ids = xcalloc(nn, sizeof(*ids));
	bool *nodelets = xcalloc(nn, sizeof(*nodelets));
	double max_flat = (double)wrap_abs(graph_node_flat(g->nodes[0]));
	for (size_t i = 0; i < nn; i++) {
		ids[i].node = g->nodes[i];
		ids[i].id = (int)i + 1;
		double f = (double)wrap_abs(graph_node_flat(g->nodes[i]));
		if (f > max_flat)
			max_flat = f;
	}
	qsort(ids, nn, sizeof(*ids), cmp_id_entry);

	struct graph_edge_list all = { NULL, 0, 0 };
	for (size_t i = 0; i < nn; i++) {
		const struct graph_node *n = g->nodes[i];
		add_node(out, n, (int)i + 1, max_flat, c);
		nodelets[i] = add_nodelets(out, n, (int)i + 1, c);
		for (size_t k = 0; k < n->out.nedge; k++) {
			ALLOC_GROW(all.edge, all.nedge + 1, all.alloc);
			all.edge[all.nedge++] = n->out.edge[k];
		}
	}

	/* heaviest edges first: a hint for the layout */
	struct graph_edge **sorted = graph_edges_sorted(&all);
	for (size_t i = 0; i < all.nedge; i++) {
		const struct graph_edge *e = sorted[i];
		int from = node_id(ids, nn, e->src), to = node_id(ids, nn, e->dest);
		add_edge(out, e, from, to, from ? nodelets[from - 1] : false, c);
	}
	strbuf_adds(out, "}\n");
	free(sorted);
	free(all.edge);
	free(nodelets);
	free(ids);
}

static void format_report_value(void *ctx, struct strbuf *sb, int64_t v)
{
	report_format_value(ctx, sb, v);
}

int dot_print(struct report *rpt, struct strbuf *out)
{
	int orig, dropped_nodes, dropped_edges;
	struct graph *g = report_trimmed_graph(rpt, &orig, &dropped_nodes,
					       &dropped_edges);
	report_select_output_unit(rpt, g);

	/* the header comes one line per '\n'-terminated line */
	struct strbuf text = STRBUF_INIT;
	report_labels(rpt, g, orig, dropped_nodes, dropped_edges, true, &text);
	const char **labels = NULL;
	size_t nlabels = 0, alloc = 0;
	for (char *p = text.buf, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		ALLOC_GROW(labels, nlabels + 1, alloc);
		labels[nlabels++] = p;
	}

	struct dot_config c = {
		.title = rpt->opts.title,
		.labels = labels,
		.nlabels = nlabels,
		.total = rpt->total,
		.format_value = format_report_value,
		.ctx = rpt,
	};
	dot_compose(out, g, &c);
	free(labels);
	strbuf_release(&text);
	graph_free(g);
	return 0;
}
