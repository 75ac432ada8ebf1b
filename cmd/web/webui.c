/* webui: the -http web interface (pprof's, with cprof's flame graph).
 *
 * Pages are one template (cmd/web/assets/page.html) with the application
 * (app.js, app.css, and report/assets' flame graph viewer) and one JSON
 * object holding the view's data, the sample types, the request's
 * parameters, saved configurations, warnings and the legend. The data
 * comes from report/ as structured data (json.h); the browser draws it.
 * URL layout and parameters are pprof 1.23's (internal/driver/webui.go). */
#include "cmd/web/webui.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "cmd/pipeline/commands.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/pipeline.h"
#include "cmd/pipeline/settings.h"
#include "cmd/pipeline/viewer.h"
#include "cmd/web/assets.h"
#include "lib/base/diag.h"
#include "lib/base/error.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/model/profile.h"
#include "proto/proto_encode.h"
#include "report/assets.h"
#include "report/json.h"
#include "report/render.h"
#include "report/report.h"

extern char **environ;

struct webui {
	struct profile *prof; /* strings interned under report_lock only */
	const struct config *cfg;   /* the command line's settings */
	const char *title;          /* the first source's name, for titles */
	/* Host header values accepted (DNS rebinding): the loopback names,
	 * the -http host, and with a wildcard host any address literal and
	 * this machine's name. Lowercase, without port or brackets. */
	const char *hosts[5];
	bool any_address;
};

/* Connections are served each on its own thread, so a slow report holds
 * up only its own client. At most this many at once, and this many from
 * one address (a browser opens about six); a connection idle this many
 * seconds is closed, so half-sent requests cannot hold the slots long. */
enum {
	MAX_CONNECTIONS = 200,
	MAX_PER_ADDRESS = 64,
	IDLE_TIMEOUT_S = 10,
	/* pprof's pages use about 20 URL parameters */
	MAX_PARAMS = 100,
	/* a connection's buffer for the request head, its parsed parameters
	 * (about 56 bytes each) and the answer's headers. libmicrohttpd's
	 * default, 32 KiB, had no room left to answer past about 400
	 * parameters, and it then closes the connection without a word; this
	 * answers 400 up to about 3,500. A head longer than the buffer is
	 * answered 414 by libmicrohttpd. */
	CONNECTION_MEMORY = 256 * 1024,
};

/* Reports run one at a time, under report_lock: two cores gain little
 * from two reports at once, and the loaded profile is then only ever
 * touched by one report (the legend interns into it). A view's profile
 * is the loaded one copied and prepared (label frames, filters,
 * granularity) for the request's settings; the last few are kept, with
 * their keys and the notes preparing them gave, for the next request
 * with the same settings: a user moves between views far more often than they
 * change the filters, and the copy is most of a plain view's time. Error
 * messages and diag sinks are per thread; graphviz renders one graph at
 * a time (report/render.c). settings_lock guards the saved
 * configurations file. */
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t settings_lock = PTHREAD_MUTEX_INITIALIZER;
/* The views differ in granularity (functions; lines for peek; addresses
 * for source), so a few are kept, the least recently used replaced. */
enum { NPREPARED = 3 };
static struct prepared {
	struct profile *prof; /* NULL: an empty slot */
	struct strbuf key, notes;
	unsigned long used;   /* when last used, by prepared_clock */
} prepared[NPREPARED];
static unsigned long prepared_clock;

static void prepared_drop(struct prepared *e)
{
	profile_free(e->prof);
	e->prof = NULL;
	strbuf_release(&e->key);
	strbuf_release(&e->notes);
}

/* The kept profile for key, or the slot to prepare it in (prof NULL). */
static struct prepared *prepared_find(const struct strbuf *key)
{
	struct prepared *lru = &prepared[0];
	for (size_t i = 0; i < NPREPARED; i++) {
		struct prepared *e = &prepared[i];
		if (e->prof && e->key.len == key->len &&
		    !memcmp(e->key.buf, key->buf, key->len)) {
			e->used = ++prepared_clock;
			return e;
		}
		if (!e->prof || (lru->prof && e->used < lru->used))
			lru = e;
	}
	prepared_drop(lru);
	lru->used = ++prepared_clock;
	return lru;
}

/* Set by run_view when the report itself failed, not its settings: the
 * request is answered 500 instead of 400. Per thread. */
static _Thread_local bool report_failed;
/* Whether this thread holds report_lock: running out of memory under it
 * drops the kept profile (it may be half prepared, and it is most of
 * what a request holds; the rest is lost) and unlocks. */
static _Thread_local bool holding_report_lock;

static void report_lock_take(void)
{
	pthread_mutex_lock(&report_lock);
	holding_report_lock = true;
}

static void report_lock_give(void)
{
	holding_report_lock = false;
	pthread_mutex_unlock(&report_lock);
}

/* A lock held across code that allocates: running out of memory must
 * not jump out of the request with it held (see handle_guarded). */
static xalloc_oom_fn lock_nojump(pthread_mutex_t *m)
{
	xalloc_oom_fn saved = xalloc_set_oom_handler(NULL);
	pthread_mutex_lock(m);
	return saved;
}

static void unlock_nojump(pthread_mutex_t *m, xalloc_oom_fn saved)
{
	pthread_mutex_unlock(m);
	xalloc_set_oom_handler(saved);
}

/* One request's URL parameters, decoded, in arrival order. */
struct params {
	const char **key, **val;
	size_t n, alloc;
};

/* A finished response: status, content type, download name (a
 * Content-Disposition) or NULL, body, and where a redirect goes. */
struct reply {
	unsigned status;
	const char *type;
	const char *disposition;
	struct strbuf body;
	struct strbuf location;
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

/* A view of the UI: its path, the command run for it (a front-end-only
 * command for the JSON data, named as pprof's so that the pipeline applies
 * pprof's overrides for it), whether f= is also its argument, and the
 * kind of data the page gets. */
enum data_kind { D_JSON, D_TEXT, D_SVG };

static const struct command cmd_json_top = { "top", REPORT_JSON_TOP, false,
	POST_NONE, NULL, NULL, "web top" };
static const struct command cmd_json_flame = { "flamegraph", REPORT_JSON_FLAME,
	false, POST_NONE, NULL, NULL, "web flame graph" };
static const struct command cmd_json_peek = { "peek", REPORT_JSON_PEEK, true,
	POST_NONE, NULL, NULL, "web peek" };
static const struct command cmd_json_source = { "weblist", REPORT_JSON_SOURCE,
	true, POST_NONE, NULL, NULL, "web source" };
/* The source view without a function lists the hottest functions to pick
 * from: -top's rows. */
static const struct command cmd_json_hottest = { "top", REPORT_JSON_TOP,
	false, POST_NONE, NULL, NULL, "web source: hottest functions" };

static const struct view {
	const char *path, *name, *title;
	const struct command *cmd; /* NULL: the pprof command `name` */
	const char *cmd_name;
	bool symbol_from_f;
	enum data_kind kind;
} views[] = {
	{ "/ui/", "graph", "Graph", NULL, "svg", false, D_SVG },
	{ "/ui/top", "top", "Top", &cmd_json_top, NULL, false, D_JSON },
	{ "/ui/flamegraph", "flamegraph", "Flame Graph", &cmd_json_flame, NULL,
	  false, D_JSON },
	{ "/ui/peek", "peek", "Peek", &cmd_json_peek, NULL, true, D_JSON },
	{ "/ui/source", "source", "Source", &cmd_json_source, NULL, true, D_JSON },
	{ "/ui/disasm", "disasm", "Disassemble", NULL, "disasm", true, D_TEXT },
	{ "/ui/tags", "tags", "Tags", NULL, "tags", false, D_TEXT },
};

static const struct view *view_find(const char *path)
{
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(views[i].path, path))
			return &views[i];
	return NULL;
}

static const struct view *view_named(const char *name)
{
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(views[i].name, name))
			return &views[i];
	return NULL;
}

/* One request's answer being built: status, content type, body, and the
 * Location of a redirect. */
static void reply_error(struct reply *r, unsigned status, const char *msg)
{
	r->status = status;
	r->type = "text/plain; charset=utf-8";
	strbuf_reset(&r->body);
	strbuf_addf(&r->body, "%s\n", msg);
}

/* Notes from the pipeline (one per line) as JSON strings in warnings. */
static void add_notes(struct strbuf *warnings, const char *notes)
{
	struct strbuf line = STRBUF_INIT;
	for (const char *p = notes; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n) {
			strbuf_reset(&line);
			strbuf_add(&line, p, n);
			if (warnings->len)
				strbuf_addch(warnings, ',');
			json_string(warnings, line.buf);
		}
		p += n + (nl != NULL);
	}
	strbuf_release(&line);
}

/* The configuration of one request: the command line's with the URL's
 * parameters. An unknown sample type is not an error on a page: it is
 * dropped with a warning, as the menu can always pick another. */
static int request_config(const struct webui *ui, const struct params *ps,
			  struct config *v, struct strbuf *warnings)
{
	*v = *ui->cfg;
	v->output = "";
	if (apply_params(v, ps))
		return -1;
	if (profile_sample_index(ui->prof, v->sample_index) < 0) {
		struct strbuf w = STRBUF_INIT;
		strbuf_addf(&w, "%s; showing the default sample type",
			    error_get());
		if (warnings->len)
			strbuf_addch(warnings, ',');
		json_string(warnings, w.buf);
		strbuf_release(&w);
		v->sample_index = ui->cfg->sample_index;
		if (profile_sample_index(ui->prof, v->sample_index) < 0)
			v->sample_index = "";
	}
	return 0;
}

/* Runs view's report (or cmd) on the profile prepared for the request's
 * settings; the data goes to out, the header lines (File, Type, ...) to
 * legend as a JSON array, the pipeline's notes to warnings. */
static int run_view(const struct webui *ui, const struct params *ps,
		    const struct view *vw, const struct report_view *rv,
		    struct strbuf *out, struct strbuf *legend,
		    struct strbuf *warnings)
{
	struct config v;
	struct strbuf notes = STRBUF_INIT, labels = STRBUF_INIT;
	struct strbuf key = STRBUF_INIT;
	int ret = -1;
	bool zero;

	if (request_config(ui, ps, &v, warnings))
		goto cleanup;
	v.cmd = vw->cmd ? vw->cmd : command_find(vw->cmd_name);
	v.cmd_arg = NULL;
	if (vw->symbol_from_f && *param(ps, "f"))
		v.cmd_arg = param(ps, "f");
	if (!strcmp(vw->name, "peek"))
		v.granularity = "lines"; /* as pprof's web peek */
	if (!strcmp(vw->name, "top"))
		v.nodecount = 500; /* as pprof's web top */
	if (!strcmp(vw->name, "source") && !v.cmd_arg) {
		v.cmd = &cmd_json_hottest;
		v.nodecount = 40;
	}
	report_lock_take();
	if (legend) {
		if (pipeline_labels(ui->prof, &v, &labels, &zero))
			goto unlock;
		struct strbuf items = STRBUF_INIT;
		add_notes(&items, labels.buf);
		strbuf_addf(legend, "[%s]", items.buf);
		strbuf_release(&items);
	}
	pipeline_prepare_key(&v, &key);
	struct prepared *e = prepared_find(&key);
	if (!e->prof) {
		e->prof = profile_copy_sharing(ui->prof);
		if (pipeline_prepare(e->prof, &v, &e->notes)) {
			strbuf_add(&notes, e->notes.buf, e->notes.len);
			prepared_drop(e);
			goto unlock;
		}
		strbuf_add(&e->key, key.buf, key.len);
	}
	strbuf_add(&notes, e->notes.buf, e->notes.len);
	int rc = pipeline_report_prepared(e->prof, ui->prof, &v, rv, out,
					  &notes);
	if (rc) {
		report_failed = rc == -2;
		goto unlock;
	}
	ret = 0;
unlock:
	report_lock_give();
cleanup:
	if (notes.len)
		add_notes(warnings, notes.buf);
	strbuf_release(&notes);
	strbuf_release(&labels);
	strbuf_release(&key);
	return ret;
}

/* Go's os.UserConfigDir on Linux, then "/pprof/settings.json". */
static int settings_path(struct strbuf *sb)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (x && *x)
		strbuf_adds(sb, x);
	else if (home && *home)
		strbuf_addf(sb, "%s/.config", home);
	else
		return error_set("neither $XDG_CONFIG_HOME nor $HOME are defined");
	strbuf_adds(sb, "/pprof/settings.json");
	return 0;
}

/* pprof's settings.json: {"configs":[{"name":..., field: value...}]}.
 * The entries are kept as their JSON text (so fields we do not know
 * survive a rewrite), with their names. */
struct saved {
	char **text, **name;
	size_t n, alloc;
};

static void saved_release(struct saved *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->text[i]);
		free(s->name[i]);
	}
	free(s->text);
	free(s->name);
}

/* The end of the JSON value at p (string, object, array or scalar), or
 * NULL if it does not end. */
static const char *skip_value(const char *p)
{
	int depth = 0;
	do {
		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return NULL;
			p++;
		} else if (*p == '{' || *p == '[') {
			depth++;
			p++;
			continue;
		} else if (*p == '}' || *p == ']') {
			depth--;
			p++;
		} else if (*p == ',' || *p == ':') {
			p++;
			continue;
		} else if (*p) {
			while (*p && !strchr(",:}] \n\t\r", *p))
				p++;
		} else {
			return NULL;
		}
	} while (depth > 0);
	return depth ? NULL : p;
}

/* The "name" member of the object text obj, unescaped simply (names are
 * plain words in practice), or NULL. */
static char *object_name(const char *obj)
{
	const char *p = obj + 1;
	for (;;) {
		while (*p && strchr(" \n\t\r,", *p))
			p++;
		if (*p != '"')
			return NULL;
		const char *key = p;
		p = skip_value(p);
		if (!p)
			return NULL;
		while (*p && strchr(" \n\t\r:", *p))
			p++;
		const char *val = p;
		p = skip_value(p);
		if (!p)
			return NULL;
		if (!strncmp(key, "\"name\"", 6) && *val == '"') {
			struct strbuf sb = STRBUF_INIT;
			for (const char *q = val + 1; *q && *q != '"'; q++) {
				if (*q == '\\' && q[1])
					q++;
				strbuf_addch(&sb, *q);
			}
			return strbuf_detach(&sb, NULL);
		}
	}
}

/* Reads the settings file; a missing or unreadable one has no entries. */
static void settings_read(struct saved *s)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	memset(s, 0, sizeof(*s));
	if (settings_path(&path))
		goto cleanup;
	FILE *f = fopen(path.buf, "rb");
	if (!f)
		goto cleanup;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && text.len < (1 << 20))
		strbuf_add(&text, buf, n);
	fclose(f);
	const char *p = strstr(text.buf, "\"configs\"");
	p = p ? strchr(p, '[') : NULL;
	if (!p)
		goto cleanup;
	for (p++;;) {
		while (*p && strchr(" \n\t\r,", *p))
			p++;
		if (*p != '{')
			break;
		const char *end = skip_value(p);
		if (!end)
			break;
		char *obj = xstrndup(p, (size_t)(end - p));
		char *name = object_name(obj);
		if (!name) {
			free(obj);
		} else {
			ALLOC_GROW(s->text, s->n + 1, s->alloc);
			s->name = xrealloc(s->name, s->alloc * sizeof(*s->name));
			s->text[s->n] = obj;
			s->name[s->n++] = name;
		}
		p = end;
	}
cleanup:
	strbuf_release(&path);
	strbuf_release(&text);
}

static int settings_write(const struct saved *s)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret = -1;
	if (settings_path(&path))
		goto cleanup;
	char *slash = strrchr(path.buf, '/');
	*slash = '\0';
	char *parent = strrchr(path.buf, '/');
	*parent = '\0';
	mkdir(path.buf, 0755); /* the config folder itself */
	*parent = '/';
	if (mkdir(path.buf, 0700) && errno != EEXIST) {
		error_set("%s: %s", path.buf, strerror(errno));
		goto cleanup;
	}
	*slash = '/';
	strbuf_adds(&text, "{\"configs\":[");
	for (size_t i = 0; i < s->n; i++)
		strbuf_addf(&text, "%s%s", i ? "," : "", s->text[i]);
	strbuf_adds(&text, "]}\n");
	FILE *f = fopen(path.buf, "wb");
	if (!f) {
		error_set("%s: %s", path.buf, strerror(errno));
		goto cleanup;
	}
	int bad = strbuf_write(&text, f);
	if (fclose(f) || bad) {
		error_set("%s: write error", path.buf);
		goto cleanup;
	}
	ret = 0;
cleanup:
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

/* A configuration as pprof's JSON: the settings pprof saves, by their
 * names (config.go's JSON names), empty values left out (omitempty). */
static void config_json(struct strbuf *sb, const char *name,
			const struct config *c)
{
	strbuf_adds(sb, "{\"name\":");
	json_string(sb, name);
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *s = &settings[i];
		if (!s->saved || s->off < 0)
			continue;
		const void *f = settings_field(c, s);
		struct strbuf v = STRBUF_INIT;
		switch (s->kind) {
		case SETTING_BOOL:
			if (*(const bool *)f)
				strbuf_adds(&v, "true");
			break;
		case SETTING_INT:
			if (*(const int *)f)
				strbuf_addf(&v, "%d", *(const int *)f);
			break;
		case SETTING_FLOAT:
			if (*(const double *)f)
				strbuf_addf(&v, "%.17g", *(const double *)f);
			break;
		case SETTING_STRING:
		case SETTING_CHOICE:
			if (*(const char *const *)f && **(const char *const *)f)
				json_string(&v, *(const char *const *)f);
			break;
		case SETTING_LIST:
			break;
		}
		if (v.len)
			strbuf_addf(sb, ",\"%s\":%s", s->name, v.buf);
		strbuf_release(&v);
	}
	strbuf_addch(sb, '}');
}

/* /ui/saveconfig?config=NAME&... and /ui/deleteconfig?config=NAME, as
 * pprof's: the named entry is replaced, added or removed. */
static int edit_config(const struct webui *ui, const struct params *ps,
		       bool save)
{
	const char *name = param(ps, "config");
	struct saved s;
	struct config v;
	struct strbuf entry = STRBUF_INIT, ignored = STRBUF_INIT;
	int ret = -1;
	if (!*name)
		return error_set("missing config name");
	settings_read(&s);
	size_t i = 0;
	while (i < s.n && strcmp(s.name[i], name))
		i++;
	if (save) {
		if (request_config(ui, ps, &v, &ignored))
			goto cleanup;
		config_json(&entry, name, &v);
		if (i == s.n) {
			ALLOC_GROW(s.text, s.n + 1, s.alloc);
			s.name = xrealloc(s.name, s.alloc * sizeof(*s.name));
			s.name[s.n++] = xstrdup(name);
		} else {
			free(s.text[i]);
		}
		s.text[i] = strbuf_detach(&entry, NULL);
	} else {
		if (i == s.n) {
			error_set("config %s not found", name);
			goto cleanup;
		}
		free(s.text[i]);
		free(s.name[i]);
		memmove(s.text + i, s.text + i + 1, (s.n - i - 1) * sizeof(*s.text));
		memmove(s.name + i, s.name + i + 1, (s.n - i - 1) * sizeof(*s.name));
		s.n--;
	}
	ret = settings_write(&s);
cleanup:
	saved_release(&s);
	strbuf_release(&entry);
	strbuf_release(&ignored);
	return ret;
}

/* Appends text with every "marker" replaced by its value. */
static void fill(struct strbuf *out, const char *tmpl, const char *const *mark,
		 const char *const *with, size_t n)
{
	const char *p = tmpl;
	for (;;) {
		const char *best = NULL;
		size_t which = 0;
		for (size_t i = 0; i < n; i++) {
			const char *hit = strstr(p, mark[i]);
			if (hit && (!best || hit < best)) {
				best = hit;
				which = i;
			}
		}
		if (!best)
			break;
		strbuf_add(out, p, (size_t)(best - p));
		strbuf_adds(out, with[which]);
		p = best + strlen(mark[which]);
	}
	strbuf_adds(out, p);
}

/* A page of the application: the view's data and everything the menus
 * need as one JSON object in the page, drawn by app.js. */
static int view_page(const struct webui *ui, const struct view *vw,
		     const struct params *ps, struct reply *r)
{
	struct strbuf data = STRBUF_INIT, page = STRBUF_INIT,
		      legend = STRBUF_INIT, warnings = STRBUF_INIT,
		      css = STRBUF_INIT, js = STRBUF_INIT;
	struct saved saved;
	int ret = -1;

	xalloc_oom_fn oom = lock_nojump(&settings_lock);
	settings_read(&saved);
	unlock_nojump(&settings_lock, oom);
	int rc = run_view(ui, ps, vw, NULL, &data, &legend, &warnings);
	if (rc) /* pprof answers 400 with the message */
		goto cleanup;
	strbuf_adds(&page, "{\"view\":");
	json_string(&page, vw->name);
	strbuf_adds(&page, ",\"title\":");
	json_string(&page, ui->title);
	strbuf_adds(&page, ",\"sampleTypes\":[");
	for (size_t i = 0; i < ui->prof->nsample_type; i++) {
		if (i)
			strbuf_addch(&page, ',');
		json_string(&page, ui->prof->sample_type[i].type);
	}
	struct config v;
	struct strbuf ignored = STRBUF_INIT;
	int si = -1;
	if (!request_config(ui, ps, &v, &ignored))
		si = profile_sample_index(ui->prof, v.sample_index);
	strbuf_release(&ignored);
	strbuf_addf(&page, "],\"sampleIndex\":%d,\"params\":{", si);
	for (size_t i = 0, k = 0; i < ps->n; i++) {
		if (!*ps->val[i] || strcmp(param(ps, ps->key[i]), ps->val[i]))
			continue; /* the first value of each counts */
		strbuf_adds(&page, k++ ? "," : "");
		json_string(&page, ps->key[i]);
		strbuf_addch(&page, ':');
		json_string(&page, ps->val[i]);
	}
	strbuf_adds(&page, "},\"configParams\":{");
	for (size_t i = 0, k = 0; i < nsettings; i++)
		if (settings[i].saved && settings[i].url)
			strbuf_addf(&page, "%s\"%s\":\"%s\"", k++ ? "," : "",
				    settings[i].name, settings[i].url);
	strbuf_adds(&page, "},\"configs\":[");
	for (size_t i = 0; i < saved.n; i++) {
		if (i)
			strbuf_addch(&page, ',');
		json_string(&page, saved.text[i]);
	}
	strbuf_addf(&page, "],\"warnings\":[%s],\"legend\":%s,\"kind\":\"%s\","
		    "\"data\":", warnings.buf, legend.len ? legend.buf : "[]",
		    vw->kind == D_JSON ? "json" : vw->kind == D_SVG ? "svg" : "text");
	if (vw->kind == D_JSON)
		strbuf_add(&page, data.buf, data.len);
	else
		json_string(&page, data.buf);
	strbuf_adds(&page, "}");

	strbuf_addf(&css, "%s%s%s", report_asset_find("flame.css")->data,
		    report_asset_find("source.css")->data,
		    web_asset_find("app.css")->data);
	strbuf_addf(&js, "%s%s%s", report_asset_find("flame.js")->data,
		    report_asset_find("source.js")->data,
		    web_asset_find("app.js")->data);
	struct strbuf title = STRBUF_INIT;
	html_escape(&title, vw->title);
	strbuf_adds(&title, " - ");
	html_escape(&title, ui->title);
	static const char *const mark[] = { "/*CPROF-CSS*/", "/*CPROF-JS*/",
					    "/*CPROF-DATA*/", "CPROF-TITLE" };
	const char *const with[] = { css.buf, js.buf, page.buf, title.buf };
	fill(&r->body, web_asset_find("page.html")->data, mark, with, 4);
	strbuf_release(&title);
	ret = 0;
cleanup:
	saved_release(&saved);
	strbuf_release(&data);
	strbuf_release(&page);
	strbuf_release(&legend);
	strbuf_release(&warnings);
	strbuf_release(&css);
	strbuf_release(&js);
	return ret;
}

/* /ui/json/VIEW: the view's data alone (the flame graph asks for a
 * subtree with path=FRAMES, or a sandwich with pivot=NAME; res=N sets
 * how fine its tree is, 1/N of the root). */
static int json_page(const struct webui *ui, const struct view *vw,
		     const struct params *ps, struct reply *r)
{
	struct strbuf warnings = STRBUF_INIT;
	struct report_view rv = { NULL, NULL, 0 };
	if (*param(ps, "path"))
		rv.path = param(ps, "path");
	if (*param(ps, "pivot"))
		rv.pivot = param(ps, "pivot");
	const char *res = param(ps, "res");
	if (*res) {
		char *end;
		long n = strtol(res, &end, 10);
		if (*end || n < 1 || n > 10000000)
			return error_set("invalid value %s for parameter res", res);
		rv.resolution = (int)n;
	}
	int rc = run_view(ui, ps, vw, &rv, &r->body, NULL, &warnings);
	strbuf_release(&warnings);
	r->type = "application/json";
	return rc;
}

/* /ui/download: the loaded profile as gzipped profile.proto. */
static int download(const struct webui *ui, struct reply *r)
{
	report_lock_take(); /* reports intern into the loaded profile */
	int rc = proto_encode_gzip(ui->prof, &r->body);
	report_lock_give();
	r->type = "application/octet-stream";
	r->disposition = "attachment;filename=profile.pb.gz";
	return rc;
}

/* Builds the response for one GET. */
static void handle(const struct webui *ui, const char *url,
		   const struct params *ps, struct reply *r)
{
	int ret;
	const struct view *vw;
	r->status = MHD_HTTP_OK;
	r->type = "text/html; charset=utf-8";
	if (!strcmp(url, "/") || !strcmp(url, "/ui") ||
	    !strcmp(url, "/ui/flamegraph2") || !strcmp(url, "/ui/flamegraphold")) {
		/* newer pprof opens on the flame graph; the query is kept */
		r->status = !strcmp(url, "/") || !strcmp(url, "/ui") ?
			MHD_HTTP_FOUND : MHD_HTTP_MOVED_PERMANENTLY;
		strbuf_adds(&r->location, "/ui/flamegraph");
		query_with(&r->location, ps, NULL, NULL);
		return;
	}
	if ((vw = view_find(url)))
		ret = view_page(ui, vw, ps, r);
	else if (!strncmp(url, "/ui/json/", 9) && (vw = view_named(url + 9)))
		ret = json_page(ui, vw, ps, r);
	else if (!strcmp(url, "/ui/download"))
		ret = download(ui, r);
	else if (!strcmp(url, "/ui/saveconfig") || !strcmp(url, "/ui/deleteconfig")) {
		/* read, change, write: one request at a time */
		xalloc_oom_fn oom = lock_nojump(&settings_lock);
		ret = edit_config(ui, ps, !strcmp(url, "/ui/saveconfig"));
		unlock_nojump(&settings_lock, oom);
	}
	else {
		reply_error(r, MHD_HTTP_NOT_FOUND, "404 page not found");
		return;
	}
	if (ret) {
		fprintf(stderr, "cprof: %s: %s\n", url, error_get());
		reply_error(r, report_failed ? MHD_HTTP_INTERNAL_SERVER_ERROR :
			    MHD_HTTP_BAD_REQUEST, error_get());
	}
}

/* Where a request thread goes when memory runs out (xalloc). */
static _Thread_local jmp_buf *oom_jump;

static void request_out_of_memory(size_t size)
{
	(void)size;
	longjmp(*oom_jump, 1);
}

/* The host part of a Host header, lowercased, without port, brackets
 * or a final dot, into buf; false if it does not fit. */
static bool host_name(const char *h, char *buf, size_t size)
{
	size_t n;
	if (*h == '[') {
		const char *close = strchr(h, ']');
		if (!close)
			return false;
		h++;
		n = (size_t)(close - h);
	} else {
		const char *colon = strchr(h, ':');
		n = colon ? (size_t)(colon - h) : strlen(h);
	}
	if (n && h[n - 1] == '.')
		n--;
	if (n >= size)
		return false;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)h[i]);
	buf[n] = '\0';
	return true;
}

/* Whether the request's Host names this server. A page of another site
 * whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its
 * own name, and is refused. Requests without Host (HTTP/1.0 tools) pass:
 * browsers always send one. */
static bool host_allowed(const struct webui *ui, struct MHD_Connection *conn)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						    MHD_HTTP_HEADER_HOST);
	char name[256];
	unsigned char addr[sizeof(struct in6_addr)];
	if (!h)
		return true;
	if (!host_name(h, name, sizeof(name)))
		return false;
	for (size_t i = 0; i < sizeof(ui->hosts) / sizeof(ui->hosts[0]); i++)
		if (ui->hosts[i] && !strcmp(ui->hosts[i], name))
			return true;
	return ui->any_address && (inet_pton(AF_INET, name, addr) == 1 ||
				   inet_pton(AF_INET6, name, addr) == 1);
}

/* The whole answer to one request into r, the body detached into *body:
 * false when memory ran out. What the request had allocated is lost then
 * (but its profile copy), and the server goes on. ps and r stay
 * consistent (a failed xrealloc leaves its buffer as it was); the
 * thread's diag sink, which the pipeline swaps for a collector on its
 * stack, is put back. */
static bool answer(const struct webui *ui, struct MHD_Connection *conn,
		   const char *url, const char *method, struct params *ps,
		   struct reply *r, char **body, size_t *len)
{
	jmp_buf env;
	diag_sink_fn sink;
	void *sink_ctx;
	diag_get_sink(&sink, &sink_ctx);
	report_failed = false;
	if (setjmp(env)) {
		xalloc_set_oom_handler(NULL);
		diag_set_sink(sink, sink_ctx);
		if (holding_report_lock) {
			/* any of them may be half made; all are memory */
			for (size_t i = 0; i < NPREPARED; i++)
				prepared_drop(&prepared[i]);
			report_lock_give();
		}
		fprintf(stderr, "cprof: %s: out of memory\n", url);
		return false;
	}
	oom_jump = &env;
	xalloc_set_oom_handler(request_out_of_memory);
	if (!host_allowed(ui, conn)) {
		reply_error(r, MHD_HTTP_FORBIDDEN, "403 forbidden: unknown Host");
	} else if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		reply_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "only GET is served");
	} else if (MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND,
					     NULL, NULL) > MAX_PARAMS) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "too many URL parameters");
	} else {
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND,
					  collect_param, ps);
		handle(ui, url, ps, r);
	}
	*len = r->body.len;
	*body = strbuf_detach(&r->body, NULL);
	xalloc_set_oom_handler(NULL);
	return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	const struct webui *ui = cls;
	struct params ps = { NULL, NULL, 0, 0 };
	struct reply r = { 0, NULL, NULL, STRBUF_INIT, STRBUF_INIT };
	enum MHD_Result ret = MHD_NO;
	(void)version;
	(void)upload;
	(void)con_cls;

	if (*upload_size) {
		*upload_size = 0; /* no body is wanted; drop it */
		return MHD_YES;
	}
	char *body;
	size_t len;
	struct MHD_Response *resp;
	if (!answer(ui, conn, url, method, &ps, &r, &body, &len)) {
		/* nothing may be left to allocate: a static answer */
		static const char oom[] = "out of memory";
		strbuf_release(&r.body);
		resp = MHD_create_response_from_buffer(sizeof(oom) - 1,
						       (void *)oom,
						       MHD_RESPMEM_PERSISTENT);
		if (!resp)
			goto cleanup;
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
					"text/plain; charset=utf-8");
		ret = MHD_queue_response(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
					 resp);
		MHD_destroy_response(resp);
		goto cleanup;
	}
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		goto cleanup;
	}
	if (r.location.len)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION,
					r.location.buf);
	if (r.type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r.type);
	if (r.disposition)
		MHD_add_response_header(resp, "Content-Disposition",
					r.disposition);
	ret = MHD_queue_response(conn, r.status, resp);
	MHD_destroy_response(resp);
cleanup:
	strbuf_release(&r.location);
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

/* Go's net.Listen refuses a port outside 0-65535 (99999 must not wrap
 * to 34463); names of services are not looked up. */
static int check_port(const char *port)
{
	char *end;
	errno = 0;
	long n = strtol(port, &end, 10);
	if (*port && (*end || errno || n < 0 || n > 65535))
		return error_set("listen tcp: address %s: invalid port", port);
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

/* The Host names ui accepts for a server on host (see host_allowed). */
static void allow_hosts(struct webui *ui, const char *host, char *self,
			size_t selfsize)
{
	ui->hosts[0] = "localhost";
	ui->hosts[1] = "127.0.0.1";
	ui->hosts[2] = "::1";
	ui->hosts[3] = host;
	ui->any_address = !strcmp(host, "0.0.0.0") || !strcmp(host, "::");
	if (ui->any_address && !gethostname(self, selfsize)) {
		self[selfsize - 1] = '\0';
		for (char *c = self; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		ui->hosts[4] = self;
	}
}

int webui_serve(struct profile *p, const struct config *cfg)
{
	struct webui ui = { p, cfg, cfg->nsources ? cfg->sources[0] : "cprof",
			    { NULL }, false };
	char self[256];
	char host[256];
	const char *port = "";
	int bound = 0, fd;
	struct MHD_Daemon *d;
	sigset_t stop, old;

	if (split_host_port(cfg->http, host, sizeof(host), &port))
		goto fail;
	if (check_port(port))
		goto fail;
	if (!*host)
		snprintf(host, sizeof(host), "localhost");
	for (char *c = host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	allow_hosts(&ui, host, self, sizeof(self));
	fd = listen_on(host, port, &bound);
	if (fd < 0)
		goto fail;

	/* the server thread inherits the mask: only this thread sees them */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
			     MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL, 0,
			     NULL, NULL, on_request, &ui,
			     MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT,
			     (unsigned)MAX_PER_ADDRESS,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT,
			     (size_t)CONNECTION_MEMORY,
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
		strbuf_adds(&url, "/");
		open_browser(url.buf);
	}
	strbuf_release(&url);
	int sig;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d); /* waits for the connection threads */
	close(fd);
	for (size_t i = 0; i < NPREPARED; i++)
		prepared_drop(&prepared[i]);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
fail:
	fprintf(stderr, "cprof: %s\n", error_get());
	return 1;
}
