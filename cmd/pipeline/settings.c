/* settings: the table of every setting (see settings.h) and pprof's rules
 * for reading and printing their values. The report settings come first,
 * in the order of pprof's config struct: URL parameters apply in it and
 * the shell's "help" lists them in it. */
#include "cmd/pipeline/settings.h"

#include <limits.h>
#include <string.h>

#include "cmd/pipeline/config.h"
#include "lib/base/error.h"
#include "lib/base/strbuf.h"
#include "lib/gocompat/gofmt.h"
#include "lib/gocompat/goparse.h"

static const struct setting_choice sort_choices[] = {
	{ "cum", "Order entries by cumulative value (the frame and its callees)", NULL },
	{ "flat", "Order entries by flat value (the frame alone)", NULL },
	{ NULL, NULL, NULL },
};

static const struct setting_choice granularity_choices[] = {
	{ "functions", "One entry per function",
	  "Functions of the same name in different files merge." },
	{ "filefunctions", "One entry per function and file",
	  "Functions of the same name in different files stay apart." },
	{ "files", "One entry per source file", NULL },
	{ "lines", "One entry per source line", NULL },
	{ "addresses", "One entry per instruction address",
	  "Addresses are shown next to the functions." },
	{ NULL, NULL, NULL },
};

#define OFF(m) offsetof(struct config, m)
/* a report setting: name, URL parameter, kind, field, saved in pprof's
 * settings.json, -h argument, summary, details */
#define R(n, u, k, m, sv, a, s, d) \
	{ n, NULL, u, SETTING_##k, SETTING_REPORT, OFF(m), NULL, sv, NULL, a, s, d }
/* a flag that is no report setting */
#define F(use, n, k, m, a, s, d) \
	{ n, NULL, NULL, SETTING_##k, SETTING_##use, OFF(m), NULL, false, NULL, a, s, d }
#define LEGACY(n, idx, s) \
	{ n, NULL, NULL, SETTING_BOOL, SETTING_LEGACY, -1, NULL, false, idx, NULL, s, NULL }

const struct setting settings[] = {
	{ "output", "o", NULL, SETTING_STRING, SETTING_REPORT, OFF(output),
	  NULL, false, NULL, "file",
	  "File that file-based reports are written to",
	  "Empty means standard output (images go to a profileNNN file)." },
	R("call_tree", "calltree", BOOL, call_tree, true, NULL,
	  "Build a call tree that keeps calling contexts apart",
	  "A function reached along different paths gets one node per path."),
	R("relative_percentages", "rel", BOOL, relative_percentages, true, NULL,
	  "Percentages of the focused part, not of the whole profile",
	  "When off, percentages stay relative to the total before focusing,\n"
	  "so that focused reports compare with the full one."),
	R("unit", "unit", STRING, unit, true, "unit",
	  "Unit that values are shown in",
	  "Time profiles: seconds, ms, ns, ...; memory: MB, kB, bytes, ...\n"
	  "\"minimum\" picks one unit for the report, \"auto\" one per value."),
	R("compact_labels", "compact", BOOL, compact_labels, true, NULL,
	  "Keep report headers short", NULL),
	R("source_path", NULL, STRING, source_path, false, "dirs",
	  "Directories searched for source files", NULL),
	R("trim_path", NULL, STRING, trim_path, false, "prefix",
	  "Prefix removed from source file names before searching", NULL),
	R("intel_syntax", "intel", BOOL, intel_syntax, true, NULL,
	  "Disassemble in Intel syntax instead of AT&T",
	  "Affects disasm and weblist."),
	R("mean", "mean", BOOL, mean, true, NULL,
	  "Divide each value by the sample's count (its first value)",
	  "Gives the average allocation size, or the average time per event."),
	R("sample_index", "si", STRING, sample_index, false, "index",
	  "Which of the sample's values to report, by position or by name",
	  "A sample carries one value per sample type; positions start at 0."),
	R("divide_by", NULL, FLOAT, divide_by, false, "number",
	  "Constant that every value is divided by",
	  "For instance the number of workers, to see the cost per worker."),
	R("normalize", "norm", BOOL, normalize, true, NULL,
	  "Scale the profile to the total of the base profile", NULL),
	{ "sort", NULL, "sort", SETTING_CHOICE, SETTING_REPORT, OFF(sort),
	  sort_choices, true, NULL, NULL, NULL, NULL },
	R("tagroot", NULL, STRING, tagroot, true, "keys",
	  "Add frames for the values of these labels at the root of stacks",
	  "Label keys separated by commas; the first one becomes the root."),
	R("tagleaf", NULL, STRING, tagleaf, true, "keys",
	  "Add frames for the values of these labels at the leaf of stacks",
	  "Label keys separated by commas; the last one becomes the leaf."),
	R("drop_negative", "dropneg", BOOL, drop_negative, true, NULL,
	  "Leave out entries whose value is negative",
	  "Useful when comparing against a base profile."),
	R("nodecount", "n", INT, nodecount, true, "n",
	  "Largest number of nodes a report shows",
	  "The least significant nodes are left out; in graphs, dotted edges\n"
	  "stand for paths through nodes that were left out."),
	R("nodefraction", "nf", FLOAT, nodefraction, true, "f",
	  "Leave out nodes below this fraction of the total", NULL),
	R("edgefraction", "ef", FLOAT, edgefraction, true, "f",
	  "Leave out edges below this fraction of the total", NULL),
	R("trim", "trim", BOOL, trim, true, NULL,
	  "Apply nodecount, nodefraction and edgefraction",
	  "Set it to false to see every node and edge."),
	R("focus", "f", STRING, focus, true, "regexp",
	  "Keep only samples with a frame matching this regexp",
	  "The regexp is matched against function, file and object names."),
	R("ignore", "i", STRING, ignore, true, "regexp",
	  "Drop samples with a frame matching this regexp",
	  "The regexp is matched against function, file and object names."),
	R("prune_from", "prunefrom", STRING, prune_from, true, "regexp",
	  "Cut stacks below the frames matching this regexp",
	  "The matching frame and everything it calls are removed."),
	R("hide", "h", STRING, hide, true, "regexp",
	  "Leave out frames matching this regexp",
	  "The rest of each sample's stack is kept."),
	R("show", "s", STRING, show, true, "regexp",
	  "Keep only frames matching this regexp",
	  "The regexp is matched against function, file and object names."),
	R("show_from", "sf", STRING, show_from, true, "regexp",
	  "Cut stacks above the highest frame matching this regexp",
	  "Callers of the match are removed from every sample."),
	R("tagfocus", "tf", STRING, tagfocus, true, "filter",
	  "Keep only samples whose labels match a regexp or a value range",
	  "key=value restricts the match to one label. Ranges: 1kb, 1kb:10kb,\n"
	  "memory=32mb:. Regexps: foo, foo.*bar, mytag=foo.*bar."),
	R("tagignore", "ti", STRING, tagignore, true, "filter",
	  "Drop samples whose labels match a regexp or a value range",
	  "Same syntax as tagfocus."),
	R("tagshow", "ts", STRING, tagshow, true, "regexp",
	  "Keep only the labels whose key matches this regexp", NULL),
	R("taghide", "th", STRING, taghide, true, "regexp",
	  "Leave out the labels whose key matches this regexp", NULL),
	R("noinlines", "noinlines", BOOL, noinlines, true, NULL,
	  "Charge inlined functions to the function they were inlined into",
	  NULL),
	R("showcolumns", "showcolumns", BOOL, showcolumns, true, NULL,
	  "Show column numbers at the source code line level",
	  "With line granularity, lines read file:line:column where the\n"
	  "profile has columns."),
	{ "granularity", NULL, "g", SETTING_CHOICE, SETTING_REPORT,
	  OFF(granularity), granularity_choices, true, NULL, NULL, NULL, NULL },

	/* pprof's source options */
	F(SOURCE, "seconds", INT, seconds, "n",
	  "Duration of a profile collected from a URL, in seconds", NULL),
	F(SOURCE, "timeout", INT, timeout, "n",
	  "Timeout in seconds for fetching a profile", NULL),
	F(SOURCE, "buildid", STRING, build_id, "id",
	  "Build id to use for the main binary instead of the profile's", NULL),
	F(SOURCE, "add_comment", STRING, add_comment, "text",
	  "Free-form note to record in the profile",
	  "Shown by some reports, and by -comments."),
	F(SOURCE, "diff_base", LIST, diff_base_list, "source",
	  "Profile to compare with: its values are subtracted and shown",
	  "Percentages stay relative to the base profile."),
	F(SOURCE, "base", LIST, base, "source",
	  "Profile to subtract from the sources", NULL),
	F(SOURCE, "symbolize", STRING, symbolize, "mode",
	  "Where symbol information comes from",
	  "none: no symbolization; local: local binaries only; fastlocal:\n"
	  "function names only, from local binaries; remote: the profile's\n"
	  "server only; force: symbolize again what is already symbolized."),
	F(SOURCE, "tls_cert", STRING, tls_cert, "file",
	  "TLS client certificate for fetching over HTTPS", NULL),
	F(SOURCE, "tls_key", STRING, tls_key, "file",
	  "TLS private key for fetching over HTTPS", NULL),
	F(SOURCE, "tls_ca", STRING, tls_ca, "file",
	  "TLS certificate authority for fetching over HTTPS", NULL),
	F(SOURCE, "max_decompressed", FLOAT, max_decompressed, "bytes",
	  "Largest size a compressed profile may expand to",
	  "A guard against gzip bombs; 1 GiB when not set."),

	/* pprof's misc options */
	F(MISC, "http", STRING, http, "[host]:[port]",
	  "Serve an interactive web interface at host:port",
	  "The host is localhost and the port a free one unless given."),
	F(MISC, "no_browser", BOOL, no_browser, NULL,
	  "Do not open a browser on the web interface", NULL),
	F(MISC, "tools", STRING, tools, "path",
	  "Where to look for object tools (objdump, addr2line, nm)",
	  "Defaults to $PPROF_TOOLS."),

	/* in the order pprof applies them: the first one set picks the
	 * sample index, the others are reported and ignored */
	LEGACY("total_delay", "delay", "Same as -sample_index=delay"),
	LEGACY("mean_delay", "delay", "Same as -mean -sample_index=delay"),
	LEGACY("contentions", "contentions", "Same as -sample_index=contentions"),
	LEGACY("inuse_space", "inuse_space", "Same as -sample_index=inuse_space"),
	LEGACY("inuse_objects", "inuse_objects", "Same as -sample_index=inuse_objects"),
	LEGACY("alloc_space", "alloc_space", "Same as -sample_index=alloc_space"),
	LEGACY("alloc_objects", "alloc_objects", "Same as -sample_index=alloc_objects"),
};
#undef LEGACY
#undef F
#undef R
#undef OFF

const size_t nsettings = sizeof(settings) / sizeof(settings[0]);

const struct setting *settings_find(const char *name, bool flags)
{
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *s = &settings[i];
		if (!flags && s->use != SETTING_REPORT)
			continue;
		if (!strcmp(s->name, name) ||
		    (flags && s->alias && !strcmp(s->alias, name)))
			return s;
	}
	return NULL;
}

const struct setting *settings_find_report(const char *name,
					   const char **choice)
{
	*choice = NULL;
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *s = &settings[i];
		if (s->use != SETTING_REPORT)
			continue;
		if (!strcmp(s->name, name))
			return s;
		for (const struct setting_choice *c = s->choices; c && c->name; c++)
			if (!strcmp(c->name, name)) {
				*choice = c->name;
				return s;
			}
	}
	return NULL;
}

const struct setting *settings_find_url(const char *param)
{
	for (size_t i = 0; i < nsettings; i++)
		if (settings[i].url && !strcmp(settings[i].url, param))
			return &settings[i];
	return NULL;
}

const struct setting_choice *settings_find_choice(const char *name)
{
	for (size_t i = 0; i < nsettings; i++)
		for (const struct setting_choice *c = settings[i].choices;
		     c && c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

void *settings_field(const struct config *cfg, const struct setting *s)
{
	return (char *)cfg + s->off;
}

/* Records Go's error for a failed strconv call. */
static int parse_error(const char *fn, const char *value, int rc)
{
	struct strbuf sb = STRBUF_INIT;
	goparse_error(&sb, fn, value, rc);
	error_set("%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

int settings_set(struct config *cfg, const struct setting *s,
		 const char *value)
{
	void *p = settings_field(cfg, s);
	switch (s->kind) {
	case SETTING_CHOICE:
		for (const struct setting_choice *c = s->choices; c->name; c++)
			if (!strcmp(c->name, value)) {
				*(const char **)p = c->name;
				return 0;
			}
		{
			struct strbuf sb = STRBUF_INIT;
			strbuf_adds(&sb, "invalid ");
			gofmt_quote(&sb, s->name);
			strbuf_adds(&sb, " value ");
			gofmt_quote(&sb, value);
			error_set("%s", sb.buf);
			strbuf_release(&sb);
		}
		return -1;
	case SETTING_STRING:
		*(const char **)p = value;
		return 0;
	case SETTING_INT: {
		int64_t v;
		int rc = goparse_int(value, 10, &v);
		if (rc)
			return parse_error("Atoi", value, rc);
		/* Go's int is 64 bits; ours holds counts, where INT_MAX is
		 * as good as unlimited */
		*(int *)p = v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
		return 0;
	}
	case SETTING_FLOAT: {
		double v;
		int rc = goparse_float(value, &v);
		if (rc)
			return parse_error("ParseFloat", value, rc);
		*(double *)p = v;
		return 0;
	}
	case SETTING_BOOL:
		if (goparse_lenient_bool(value, p))
			return error_set("illegal value \"%s\" for bool variable",
					 value);
		return 0;
	case SETTING_LIST:
		break;
	}
	return error_set("%s cannot be set here", s->name);
}

void settings_get(const struct config *cfg, const struct setting *s,
		  struct strbuf *sb)
{
	const void *p = settings_field(cfg, s);
	switch (s->kind) {
	case SETTING_STRING:
	case SETTING_CHOICE:
		strbuf_adds(sb, *(const char *const *)p);
		break;
	case SETTING_BOOL:
		strbuf_adds(sb, *(const bool *)p ? "true" : "false");
		break;
	case SETTING_INT:
		strbuf_addf(sb, "%d", *(const int *)p);
		break;
	case SETTING_FLOAT:
		gofmt_float(sb, *(const double *)p);
		break;
	case SETTING_LIST:
		break;
	}
}
