#include "cmd/shell/shell.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/base/arena.h"
#include "cmd/pipeline/commands.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/pipeline.h"
#include "lib/base/error.h"
#include "lib/gocompat/gofmt.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

/* ---- settings: pprof's configFields, in its order ---- */

enum kind { K_STRING, K_BOOL, K_INT, K_FLOAT, K_CHOICE };

static const char *const sort_choices[] = { "cum", "flat", NULL };
static const char *const gran_choices[] = { "functions", "filefunctions",
					    "files", "lines", "addresses",
					    NULL };

struct field {
	const char *name;
	enum kind kind;
	size_t off;
	const char *const *choices; /* K_CHOICE */
	/* first line is the summary; NULL for the two choice groups, which
	 * pprof has no help entry for (so "sort x" is not "did you mean") */
	const char *help;
};

#define FLD(n, k, m, c, h) { n, k, offsetof(struct config, m), c, h }
static const struct field fields[] = {
	FLD("output", K_STRING, output, NULL,
	    "File that file-based reports are written to\n"
	    "Empty means standard output (images go to a profileNNN file)."),
	FLD("call_tree", K_BOOL, call_tree, NULL,
	    "Build a call tree that keeps calling contexts apart\n"
	    "A function reached along different paths gets one node per path."),
	FLD("relative_percentages", K_BOOL, relative_percentages, NULL,
	    "Percentages of the focused part, not of the whole profile\n"
	    "When off, percentages stay relative to the total before focusing,\n"
	    "so that focused reports compare with the full one."),
	FLD("unit", K_STRING, unit, NULL,
	    "Unit that values are shown in\n"
	    "Time profiles: seconds, ms, ns, ...; memory: MB, kB, bytes, ...\n"
	    "\"minimum\" picks one unit for the report, \"auto\" one per value."),
	FLD("compact_labels", K_BOOL, compact_labels, NULL,
	    "Keep report headers short"),
	FLD("source_path", K_STRING, source_path, NULL,
	    "Directories searched for source files"),
	FLD("trim_path", K_STRING, trim_path, NULL,
	    "Prefix removed from source file names before searching"),
	FLD("intel_syntax", K_BOOL, intel_syntax, NULL,
	    "Disassemble in Intel syntax instead of AT&T\n"
	    "Affects disasm and weblist."),
	FLD("mean", K_BOOL, mean, NULL,
	    "Divide each value by the sample's count (its first value)\n"
	    "Gives the average allocation size, or the average time per event."),
	FLD("sample_index", K_STRING, sample_index, NULL,
	    "Which of the sample's values to report, by position or by name\n"
	    "A sample carries one value per sample type; positions start at 0."),
	FLD("divide_by", K_FLOAT, divide_by, NULL,
	    "Constant that every value is divided by\n"
	    "For instance the number of workers, to see the cost per worker."),
	FLD("normalize", K_BOOL, normalize, NULL,
	    "Scale the profile to the total of the base profile"),
	FLD("sort", K_CHOICE, sort, sort_choices, NULL),
	FLD("tagroot", K_STRING, tagroot, NULL,
	    "Add frames for the values of these labels at the root of stacks\n"
	    "Label keys separated by commas; the first one becomes the root."),
	FLD("tagleaf", K_STRING, tagleaf, NULL,
	    "Add frames for the values of these labels at the leaf of stacks\n"
	    "Label keys separated by commas; the last one becomes the leaf."),
	FLD("drop_negative", K_BOOL, drop_negative, NULL,
	    "Leave out entries whose value is negative\n"
	    "Useful when comparing against a base profile."),
	FLD("nodecount", K_INT, nodecount, NULL,
	    "Largest number of nodes a report shows\n"
	    "The least significant nodes are left out; in graphs, dotted edges\n"
	    "stand for paths through nodes that were left out."),
	FLD("nodefraction", K_FLOAT, nodefraction, NULL,
	    "Leave out nodes below this fraction of the total"),
	FLD("edgefraction", K_FLOAT, edgefraction, NULL,
	    "Leave out edges below this fraction of the total"),
	FLD("trim", K_BOOL, trim, NULL,
	    "Apply nodecount, nodefraction and edgefraction\n"
	    "Set it to false to see every node and edge."),
	FLD("focus", K_STRING, focus, NULL,
	    "Keep only samples with a frame matching this regexp\n"
	    "The regexp is matched against function, file and object names."),
	FLD("ignore", K_STRING, ignore, NULL,
	    "Drop samples with a frame matching this regexp\n"
	    "The regexp is matched against function, file and object names."),
	FLD("prune_from", K_STRING, prune_from, NULL,
	    "Cut stacks below the frames matching this regexp\n"
	    "The matching frame and everything it calls are removed."),
	FLD("hide", K_STRING, hide, NULL,
	    "Leave out frames matching this regexp\n"
	    "The rest of each sample's stack is kept."),
	FLD("show", K_STRING, show, NULL,
	    "Keep only frames matching this regexp\n"
	    "The regexp is matched against function, file and object names."),
	FLD("show_from", K_STRING, show_from, NULL,
	    "Cut stacks above the highest frame matching this regexp\n"
	    "Callers of the match are removed from every sample."),
	FLD("tagfocus", K_STRING, tagfocus, NULL,
	    "Keep only samples whose labels match a regexp or a value range\n"
	    "key=value restricts the match to one label. Ranges: 1kb, 1kb:10kb,\n"
	    "memory=32mb:. Regexps: foo, foo.*bar, mytag=foo.*bar."),
	FLD("tagignore", K_STRING, tagignore, NULL,
	    "Drop samples whose labels match a regexp or a value range\n"
	    "Same syntax as tagfocus."),
	FLD("tagshow", K_STRING, tagshow, NULL,
	    "Keep only the labels whose key matches this regexp"),
	FLD("taghide", K_STRING, taghide, NULL,
	    "Leave out the labels whose key matches this regexp"),
	FLD("noinlines", K_BOOL, noinlines, NULL,
	    "Charge inlined functions to the function they were inlined into"),
	FLD("granularity", K_CHOICE, granularity, gran_choices, NULL),
};
#undef FLD
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* Help for the members of the two choice groups. */
static const struct {
	const char *name, *help;
} choice_help[] = {
	{ "cum", "Order entries by cumulative value (the frame and its callees)" },
	{ "flat", "Order entries by flat value (the frame alone)" },
	{ "functions", "One entry per function\n"
		       "Functions of the same name in different files merge." },
	{ "filefunctions", "One entry per function and file\n"
			   "Functions of the same name in different files stay apart." },
	{ "files", "One entry per source file" },
	{ "lines", "One entry per source line" },
	{ "addresses", "One entry per instruction address\n"
		       "Addresses are shown next to the functions." },
};

/* Usage lines per command, for "help CMD". */
static const char *command_usage(const char *name)
{
	static const struct {
		const char *name, *usage;
	} u[] = {
		{ "top", "top [n] [focus_regex]* [-ignore_regex]* [-cum] [>file]\n"
			 "Shows the n heaviest entries (10 unless nodecount is set).\n"
			 "Bare regexps focus, regexps after '-' ignore; -cum orders by\n"
			 "cumulative value; >file writes the report to file." },
		{ "text", "text [n] [focus_regex]* [-ignore_regex]* [-cum] [>file]\n"
			  "Same as top." },
		{ "tree", "tree [n] [focus_regex]* [-ignore_regex]* [-cum] [>file]\n"
			  "Each entry with its callers above and callees below." },
		{ "list", "list func_regex|address [focus_regex]* [-ignore_regex]*\n"
			  "Source of the matching functions, each line with its values." },
		{ "disasm", "disasm func_regex|address [focus_regex]* [-ignore_regex]* [>file]\n"
			    "Machine code of the matching functions with their values." },
		{ "weblist", "weblist func_regex|address [focus_regex]* [-ignore_regex]*\n"
			     "Source and machine code in the browser." },
		{ "peek", "peek func_regex [focus_regex]* [-ignore_regex]*\n"
			  "Callers and callees of the functions matching func_regex." },
		{ "tags", "tags [tag_regex]* [-ignore_regex]* [>file]\n"
			  "Label keys and values; regexps select and drop label values." },
	};
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (!strcmp(u[i].name, name))
			return u[i].usage;
	return NULL;
}

/* ---- small Go-compatible helpers ---- */

/* strconv.Quote for the bytes a shell line can hold. */
static void add_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		switch (*c) {
		case '"': strbuf_adds(sb, "\\\""); break;
		case '\\': strbuf_adds(sb, "\\\\"); break;
		case '\a': strbuf_adds(sb, "\\a"); break;
		case '\b': strbuf_adds(sb, "\\b"); break;
		case '\f': strbuf_adds(sb, "\\f"); break;
		case '\n': strbuf_adds(sb, "\\n"); break;
		case '\r': strbuf_adds(sb, "\\r"); break;
		case '\t': strbuf_adds(sb, "\\t"); break;
		case '\v': strbuf_adds(sb, "\\v"); break;
		default:
			if (*c < 0x20 || *c == 0x7f)
				strbuf_addf(sb, "\\x%02x", *c);
			else
				strbuf_addch(sb, (char)*c);
		}
	}
	strbuf_addch(sb, '"');
}

/* Go's strconv.ParseInt(s, 10, bits) syntax: sign, then decimal digits. */
static int parse_go_int(const char *s, long long max, long long *out)
{
	const char *d = s + (*s == '+' || *s == '-');
	if (!*d || d[strspn(d, "0123456789")])
		return -1;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno == ERANGE || v > max || v < -max - 1)
		return -2;
	*out = v;
	return 0;
}

/* strconv.ParseFloat: strtod, less what Go refuses (spaces, "nan(...)",
 * hex without a 'p' exponent). 0 ok, -1 syntax, -2 out of range. */
static int parse_go_float(const char *s, double *out)
{
	const char *d = s + (*s == '+' || *s == '-');
	if (!*s || isspace((unsigned char)*s) || strchr(s, '(') ||
	    ((d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) &&
	     !strpbrk(d, "pP")))
		return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end)
		return -1;
	if (errno == ERANGE && isinf(v))
		return -2;
	*out = v;
	return 0;
}

/* pprof's stringToBool: lenient, and "" is true. */
static int parse_lenient_bool(const char *s, bool *out)
{
	static const char *yes[] = { "true", "t", "yes", "y", "1", "" };
	static const char *no[] = { "false", "f", "no", "n", "0" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(s, yes[i]))
			return *out = true, 0;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(s, no[i]))
			return *out = false, 0;
	return -1;
}

/* strconv.ParseBool: the strict one, used for "cum=true" and the like. */
static bool strict_true(const char *s)
{
	return !strcmp(s, "1") || !strcmp(s, "t") || !strcmp(s, "T") ||
	       !strcmp(s, "true") || !strcmp(s, "TRUE") || !strcmp(s, "True");
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* ---- the shell's state ---- */

struct shell {
	struct profile *prof;
	struct config *cfg;
	struct arena keep;    /* values stored in cfg: live for the session */
	struct arena scratch; /* per line */
};

static void print_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void print_err(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (!sb.len || sb.buf[sb.len - 1] != '\n')
		strbuf_addch(&sb, '\n');
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

/* The field a name sets: a field's own name, or one of a group's choices
 * (*choice then names it). NULL when the name is no setting. */
static const struct field *lookup(const char *name, const char **choice)
{
	*choice = NULL;
	for (size_t i = 0; i < NFIELDS; i++) {
		if (!strcmp(fields[i].name, name))
			return &fields[i];
		for (const char *const *c = fields[i].choices; c && *c; c++)
			if (!strcmp(*c, name)) {
				*choice = *c;
				return &fields[i];
			}
	}
	return NULL;
}

/* Whether "help NAME" knows NAME as a setting (pprof's configHelp). */
static const char *setting_help(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (fields[i].help && !strcmp(fields[i].name, name))
			return fields[i].help;
	for (size_t i = 0; i < sizeof(choice_help) / sizeof(choice_help[0]); i++)
		if (!strcmp(choice_help[i].name, name))
			return choice_help[i].help;
	return NULL;
}

static void *field_ptr(struct config *cfg, const struct field *f)
{
	return (char *)cfg + f->off;
}

/* The value as pprof prints it (fmt.Sprint). */
static void get_value(struct config *cfg, const struct field *f,
		      struct strbuf *sb)
{
	void *p = field_ptr(cfg, f);
	switch (f->kind) {
	case K_STRING:
	case K_CHOICE:
		strbuf_adds(sb, *(const char **)p);
		break;
	case K_BOOL:
		strbuf_adds(sb, *(bool *)p ? "true" : "false");
		break;
	case K_INT:
		strbuf_addf(sb, "%d", *(int *)p);
		break;
	case K_FLOAT:
		gofmt_float(sb, *(double *)p);
		break;
	}
}

/* pprof's config.set: parses value into the field. Error messages are
 * Go's, as pprof passes them through. */
static int set_value(struct shell *sh, const struct field *f,
		     const char *value)
{
	void *p = field_ptr(sh->cfg, f);
	struct strbuf q = STRBUF_INIT;
	int ret = 0;
	add_quoted(&q, value);
	switch (f->kind) {
	case K_CHOICE:
		for (const char *const *c = f->choices; *c; c++)
			if (!strcmp(*c, value)) {
				*(const char **)p = *c;
				goto out;
			}
		print_err("invalid \"%s\" value %s", f->name, q.buf);
		ret = -1;
		break;
	case K_STRING:
		*(const char **)p = arena_strdup(&sh->keep, value);
		break;
	case K_INT: {
		long long v;
		int r = parse_go_int(value, INT_MAX, &v);
		if (r) {
			print_err("strconv.Atoi: parsing %s: %s", q.buf,
				  r == -1 ? "invalid syntax" : "value out of range");
			ret = -1;
		} else {
			*(int *)p = (int)v;
		}
		break;
	}
	case K_FLOAT: {
		double v;
		int r = parse_go_float(value, &v);
		if (r) {
			print_err("strconv.ParseFloat: parsing %s: %s", q.buf,
				  r == -1 ? "invalid syntax" : "value out of range");
			ret = -1;
		} else {
			*(double *)p = v;
		}
		break;
	}
	case K_BOOL:
		if (parse_lenient_bool(value, (bool *)p)) {
			print_err("illegal value \"%s\" for bool variable", value);
			ret = -1;
		}
		break;
	}
out:
	strbuf_release(&q);
	return ret;
}

/* An assignment "name=value" or a bare "name". Returns false when name is
 * no setting, so that the line is read as a command. */
static bool assign(struct shell *sh, const char *line)
{
	char *input = arena_strdup(&sh->scratch, line);
	char *eq = strchr(input, '=');
	const char *value = NULL;
	if (eq) {
		*eq = '\0';
		/* a trailing "//: comment", as "o" prints them, is dropped */
		char *c = NULL;
		for (char *s = strstr(eq + 1, "//:"); s; s = strstr(s + 1, "//:"))
			c = s;
		if (c)
			*c = '\0';
		value = trim(eq + 1);
	}
	char *name = trim(input);
	const char *choice;
	const struct field *f = lookup(name, &choice);
	if (!f)
		return false;
	if (!value) {
		if (!choice && f->kind != K_BOOL) {
			print_err("please specify a value, e.g. %s=<val>", name);
			return true;
		}
		value = "";
	}
	if (!strcmp(name, "sample_index")) {
		int i = profile_sample_index(sh->prof, value);
		if (i < 0) {
			struct strbuf q = STRBUF_INIT;
			add_quoted(&q, value);
			/* no sample types: the default index is -1, not an error */
			if (!*value && !sh->prof->nsample_type)
				print_err("invalid sample_index %s", q.buf);
			else
				print_err("%s", error_get());
			strbuf_release(&q);
			return true;
		}
		value = sh->prof->sample_type[i].type;
	}
	if (!choice) {
		set_value(sh, f, value);
	} else if (strict_true(value)) {
		set_value(sh, f, choice);
	} else {
		struct strbuf q = STRBUF_INIT;
		add_quoted(&q, name);
		print_err("unknown config field %s", q.buf);
		strbuf_release(&q);
	}
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends s padded with spaces to width characters (UTF-8 aware, as Go's
 * %-Ns counts runes). */
static void add_padded(struct strbuf *sb, const char *s, size_t width)
{
	size_t runes = 0;
	for (const char *c = s; *c; c++)
		runes += ((unsigned char)*c & 0xc0) != 0x80;
	strbuf_adds(sb, s);
	if (runes < width)
		strbuf_addchars(sb, ' ', width - runes);
}

/* "o": every setting but source_path, one sorted line each, with the
 * choices as a "//:" comment, in pprof's layout. */
static void print_options(struct shell *sh)
{
	char *lines[NFIELDS];
	size_t n = 0;
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		struct strbuf v = STRBUF_INIT, comment = STRBUF_INIT;
		struct strbuf line = STRBUF_INIT;
		if (!strcmp(f->name, "source_path"))
			continue;
		get_value(sh->cfg, f, &v);
		if (f->choices) {
			const char *sorted[8];
			size_t k = 0;
			for (const char *const *c = f->choices; *c; c++)
				sorted[k++] = *c;
			qsort(sorted, k, sizeof(*sorted), cmp_str);
			strbuf_adds(&comment, "//: [");
			for (size_t j = 0; j < k; j++)
				strbuf_addf(&comment, "%s%s", j ? " | " : "",
					    sorted[j]);
			strbuf_addch(&comment, ']');
		} else if (!strcmp(f->name, "sample_index")) {
			const struct profile *p = sh->prof;
			if (!v.len && p->nsample_type)
				strbuf_adds(&v, p->sample_type[p->nsample_type - 1].type);
			strbuf_adds(&comment, "//: [");
			for (size_t j = 0; j < p->nsample_type; j++)
				strbuf_addf(&comment, "%s%s", j ? " | " : "",
					    p->sample_type[j].type);
			strbuf_addch(&comment, ']');
		} else if (!strcmp(f->name, "nodecount") && !strcmp(v.buf, "-1")) {
			strbuf_adds(&comment, "//: default");
		} else if (!v.len) {
			strbuf_adds(&v, "\"\"");
		}
		strbuf_adds(&line, "  ");
		add_padded(&line, f->name, 25);
		strbuf_adds(&line, " = ");
		add_padded(&line, v.buf, 20);
		strbuf_addch(&line, ' ');
		strbuf_adds(&line, comment.buf);
		lines[n++] = strbuf_detach(&line, NULL);
		strbuf_release(&v);
		strbuf_release(&comment);
	}
	qsort(lines, n, sizeof(*lines), cmp_str);
	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "%s\n", lines[i]);
		free(lines[i]);
	}
}

static void add_help_line(struct strbuf *sb, const char *indent,
			  const char *name, const char *help)
{
	size_t first = help ? strcspn(help, "\n") : 0;
	strbuf_adds(sb, indent);
	if (!help) {
		strbuf_addf(sb, "%s\n", name);
		return;
	}
	add_padded(sb, name, 16);
	strbuf_addch(sb, ' ');
	strbuf_add(sb, help, first);
	strbuf_addch(sb, '\n');
}

static void help_overview(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "  Commands (type the name, then any arguments):\n");
	for (int i = 0; i < ncommands; i++)
		add_help_line(&sb, "    ", commands[i].name,
			      commands[i].description);
	add_help_line(&sb, "    ", "o/options", "Print every setting and its value");
	add_help_line(&sb, "    ", "q/quit/exit/^D", "Leave the shell");
	strbuf_adds(&sb, "\n  Settings (name=value; a bare boolean name sets it):\n");
	for (size_t i = 0; i < NFIELDS; i++)
		if (!fields[i].choices)
			add_help_line(&sb, "    ", fields[i].name, fields[i].help);
	strbuf_adds(&sb, "\n  Groups (name=true picks one member; or group=member):\n");
	for (size_t i = 0; i < NFIELDS; i++) {
		if (!fields[i].choices)
			continue;
		add_help_line(&sb, "    ", fields[i].name, NULL);
		for (const char *const *c = fields[i].choices; *c; c++)
			add_help_line(&sb, "      ", *c, setting_help(*c));
	}
	strbuf_adds(&sb,
		    "\n  :                clear focus, ignore, hide, tagfocus and tagignore\n"
		    "  SAMPLE_TYPE      same as sample_index=SAMPLE_TYPE (total_ and mean_\n"
		    "                   prefixes also set mean)\n"
		    "\n  \"help NAME\" explains a command or a setting.\n");
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

/* "help" and "help NAME". */
static void help(struct shell *sh, const char *topic)
{
	if (!*topic) {
		help_overview();
		return;
	}
	const struct command *c = command_find(topic);
	struct strbuf sb = STRBUF_INIT;
	if (c) {
		strbuf_addf(&sb, "%s\n", c->description);
		const char *u = command_usage(topic);
		if (!u && !c->viewer && c->format != REPORT_COMMENTS &&
		    c->format != REPORT_RAW && c->format != REPORT_TRACES &&
		    c->format != REPORT_FOLDED &&
		    c->format != REPORT_PROTO && c->format != REPORT_TOPPROTO)
			u = "%s [n] [focus_regex]* [-ignore_regex]* [>file]\n"
			    "Graph of at most n nodes; bare regexps focus, regexps after\n"
			    "'-' ignore; >file writes the output to file.";
		else if (!u && c->viewer)
			u = "%s [n] [focus_regex]* [-ignore_regex]*\n"
			    "Opens the result in a viewer; arguments as for top.";
		if (u) {
			strbuf_adds(&sb, "  Usage:\n    ");
			for (const char *s = u; *s; s++) {
				if (s[0] == '%' && s[1] == 's') {
					strbuf_adds(&sb, topic);
					s++;
				} else {
					strbuf_addch(&sb, *s);
					if (*s == '\n')
						strbuf_adds(&sb, "    ");
				}
			}
			strbuf_addch(&sb, '\n');
		}
		strbuf_addch(&sb, '\n');
	} else if (!strcmp(topic, "sort") || !strcmp(topic, "granularity")) {
		/* pprof's help has no entry for the groups themselves */
		const char *choice;
		const struct field *f = lookup(topic, &choice);
		strbuf_addf(&sb, "Group of settings: setting one member to true "
				 "unsets the others\nMembers:");
		for (const char *const *c = f->choices; *c; c++)
			strbuf_addf(&sb, " %s", *c);
		strbuf_addf(&sb, " (now %s)\n\n", *(const char **)field_ptr(sh->cfg, f));
	} else if (setting_help(topic)) {
		strbuf_addf(&sb, "%s\n", setting_help(topic));
		if (!strcmp(topic, "sample_index")) {
			const struct profile *p = sh->prof;
			strbuf_adds(&sb, "Names in this profile: [");
			for (size_t j = 0; j < p->nsample_type; j++)
				strbuf_addf(&sb, "%s%s", j ? " " : "",
					    p->sample_type[j].type);
			strbuf_adds(&sb, "]\n");
		}
		strbuf_addch(&sb, '\n');
	} else {
		strbuf_addf(&sb, "Unknown command: %s\n", topic);
	}
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

static const char *cat_regex(struct arena *a, const char *x, const char *y)
{
	if (!*x || !*y) {
		const char *s = *x ? x : y;
		return s;
	}
	size_t nx = strlen(x), ny = strlen(y);
	char *r = arena_alloc(a, nx + ny + 2);
	memcpy(r, x, nx);
	r[nx] = '|';
	memcpy(r + nx + 1, y, ny + 1);
	return r;
}

/* A report command, read as pprof's parseCommandLine does: NAME or NAMEn
 * ("top10"), the regexp for commands that take one, then numbers (node
 * count), "-cum", ">file", "-regexp" (ignore) and "regexp" (focus).
 * These apply to this command only. */
static void run_command(struct shell *sh, char **tok, int ntok)
{
	const char *name = tok[0];
	const char **args = arena_alloc(&sh->scratch, (size_t)(ntok + 1) * sizeof(*args));
	int nargs = 0;
	for (int i = 1; i < ntok; i++)
		args[nargs++] = tok[i];

	const struct command *c = command_find(name);
	size_t len = strlen(name), digits = 0;
	while (digits < len && isdigit((unsigned char)name[len - 1 - digits]))
		digits++;
	if (!c && digits && digits < len) {
		char *stem = arena_strndup(&sh->scratch, name, len - digits);
		memmove(args + 1, args, (size_t)nargs * sizeof(*args));
		args[0] = name + len - digits;
		nargs++;
		name = stem;
		c = command_find(name);
	}
	if (!c) {
		if (setting_help(name))
			print_err("did you mean: %s=%s", name,
				  nargs ? args[0] : "<val>");
		else {
			struct strbuf q = STRBUF_INIT;
			add_quoted(&q, name);
			print_err("unrecognized command: %s", q.buf);
			strbuf_release(&q);
		}
		return;
	}
	struct config v = *sh->cfg;
	v.cmd = c;
	v.cmd_arg = NULL;
	int a = 0;
	if (c->has_param) {
		if (!nargs) {
			print_err("command %s requires an argument", name);
			return;
		}
		v.cmd_arg = args[a++];
	}
	const char *focus = "", *ignore = "";
	for (; a < nargs; a++) {
		const char *t = args[a];
		long long n;
		if (!parse_go_int(t, INT32_MAX, &n)) {
			v.nodecount = (int)n;
			continue;
		}
		if (t[0] == '>') {
			const char *file = t + 1;
			if (!*file) {
				if (++a >= nargs) {
					print_err("unexpected end of line after >");
					return;
				}
				file = args[a];
			}
			v.output = file;
		} else if (t[0] == '-') {
			if (!strcmp(t, "-cum") || !strcmp(t, "--cum"))
				v.sort = "cum";
			else
				ignore = cat_regex(&sh->scratch, ignore, t + 1);
		} else {
			focus = cat_regex(&sh->scratch, focus, t);
		}
	}
	bool tags = !strcmp(name, "tags");
	if (*focus)
		*(tags ? &v.tagfocus : &v.focus) = focus;
	if (*ignore)
		*(tags ? &v.tagignore : &v.ignore) = ignore;
	if (v.nodecount == -1 && (!strcmp(name, "text") || !strcmp(name, "top")))
		v.nodecount = 10;

	struct profile *copy = profile_copy(sh->prof);
	if (pipeline_generate(copy, &v, true))
		print_err("%s", error_get());
	profile_free(copy);
	fflush(stdout);
}

/* pprof's shortcuts: ":" clears the filters, and each sample type name
 * selects it (total_ and mean_ prefixes set mean too). NULL when input is
 * none; else a NULL-terminated list from the scratch arena. */
static const char **expand(struct shell *sh, const char *input)
{
	const char **r = arena_zalloc(&sh->scratch, 6 * sizeof(*r));
	const struct profile *p = sh->prof;
	/* the last sample type wins a name several could claim */
	for (size_t i = p->nsample_type; i-- > 0;) {
		const char *t = p->sample_type[i].type;
		const char *mean = NULL;
		if (!strcmp(input, t))
			;
		else if (!strncmp(input, "total_", 6) && !strcmp(input + 6, t))
			mean = "mean=0";
		else if (!strncmp(input, "mean_", 5) && !strcmp(input + 5, t))
			mean = "mean=1";
		else
			continue;
		size_t n = 0;
		if (mean)
			r[n++] = mean;
		char *si = arena_alloc(&sh->scratch, strlen(t) + 14);
		sprintf(si, "sample_index=%s", t);
		r[n++] = si;
		return r;
	}
	if (!strcmp(input, ":")) {
		static const char *clear[] = { "focus=", "ignore=", "hide=",
					       "tagfocus=", "tagignore=" };
		memcpy(r, clear, sizeof(clear));
		return r;
	}
	return NULL;
}

/* One expanded line. Returns true on quit. */
static bool execute(struct shell *sh, const char *line)
{
	if (assign(sh, line))
		return false;
	char *input = arena_strdup(&sh->scratch, line);
	char **tok = arena_alloc(&sh->scratch, (strlen(input) / 2 + 2) * sizeof(*tok));
	int ntok = 0;
	for (char *s = input;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		tok[ntok++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	if (!ntok)
		return false;
	if (!strcmp(tok[0], "o") || !strcmp(tok[0], "options")) {
		print_options(sh);
	} else if (!strcmp(tok[0], "exit") || !strcmp(tok[0], "quit") ||
		   !strcmp(tok[0], "q")) {
		return true;
	} else if (!strcmp(tok[0], "help")) {
		struct strbuf topic = STRBUF_INIT;
		for (int i = 1; i < ntok; i++)
			strbuf_addf(&topic, "%s%s", i > 1 ? " " : "", tok[i]);
		help(sh, topic.buf);
		strbuf_release(&topic);
	} else {
		run_command(sh, tok, ntok);
	}
	return false;
}

/* The profile's header, as pprof greets. */
static void greet(struct shell *sh)
{
	struct strbuf sb = STRBUF_INIT;
	bool zero = false;
	struct profile *copy = profile_copy(sh->prof);
	if (!pipeline_labels(copy, sh->cfg, &sb, &zero)) {
		if (!sb.len)
			strbuf_addch(&sb, '\n');
		if (zero && sh->prof->nsample_type > 1)
			strbuf_adds(&sb, "No samples were found with the default sample value type.\n"
					 "Try \"sample_index\" command to analyze different sample values.\n");
	}
	profile_free(copy);
	strbuf_adds(&sb, "Entering interactive mode (type \"help\" for commands, \"o\" for options)\n");
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

int shell_run(struct profile *p, struct config *cfg, FILE *in)
{
	struct shell sh = { .prof = p, .cfg = cfg };
	char *line = NULL;
	size_t cap = 0;

	arena_init(&sh.keep);
	arena_init(&sh.scratch);
	cfg->compact_labels = true;
	greet(&sh);
	for (;;) {
		fputs("(pprof) ", stdout);
		fflush(stdout);
		if (getline(&line, &cap, in) < 0)
			break;
		arena_reset(&sh.scratch);
		char *input = trim(line);
		const char **exp = expand(&sh, input);
		bool quit = false;
		if (exp) {
			for (size_t i = 0; exp[i] && !quit; i++)
				quit = execute(&sh, exp[i]);
		} else {
			quit = execute(&sh, input);
		}
		if (quit)
			break;
	}
	free(line);
	/* cfg may still point into keep; it is not used after the shell */
	arena_release(&sh.scratch);
	arena_release(&sh.keep);
	return 0;
}
