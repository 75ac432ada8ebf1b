/* cli: the command line read into a config as pprof's cli.go reads it:
 * the flags of the settings table (settings.h) and of the output formats
 * (commands.h), parsed with Go's flag rules (flags.h), then the checks
 * and shortcuts pprof applies after parsing; also the -h usage and the
 * man page, from the same tables. */
#include "cmd/pipeline/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/pipeline/commands.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/flags.h"
#include "cmd/pipeline/settings.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/decode/source.h"
#include "symbolize/object.h"

static const char usage_hdr[] =
	"usage:\n"
	"\n"
	"Write one report in the chosen format:\n"
	"\n"
	"   cprof <format> [options] [binary] <source> ...\n"
	"\n"
	"Without a format, an interactive shell reads commands that produce\n"
	"reports of the profile one after another:\n"
	"\n"
	"   cprof [options] [binary] <source> ...\n"
	"\n"
	"With -http instead of a format, a web interface at host:port shows the\n"
	"profile's reports in a browser:\n"
	"\n"
	"   cprof -http [host]:[port] [options] [binary] <source> ...\n"
	"\n"
	"Details:\n";

/* Usage entries beyond the settings: what a source can be, and the
 * environment. */
static const struct usage_entry {
	const char *name, *summary, *details;
} usage_sources[] = {
	{ "profile.pb.gz", "Profile in compressed protobuf format", NULL },
	{ "legacy_profile", "Profile in a legacy text or binary format", NULL },
	{ "http://host/profile", "URL of a profile handler to fetch from", NULL },
	{ "binary", "Local path of the binary to symbolize with", NULL },
}, usage_env[] = {
	{ "PPROF_TMPDIR", "Where fetched profiles are saved",
	  "(default $HOME/pprof)" },
	{ "PPROF_TOOLS", "Search path for object tools", NULL },
	{ "PPROF_BINARY_PATH", "Search path for local binaries",
	  "(default $HOME/pprof/binaries); tries $buildid/$name,\n"
	  "$buildid/*, $path/$buildid, ${buildid:0:2}/${buildid:2}.debug,\n"
	  "$name, $path, ${name}.debug, $dir/.debug/${name}.debug,\n"
	  "usr/lib/debug/$dir/${name}.debug" },
	{ "HOME", "Base of the defaults above", NULL },
	{ "XDG_STATE_HOME", "Where the shell keeps its history",
	  "(default $HOME/.local/state; the file is cprof/history)" },
};

#define USAGE_COL 26

/* One usage entry: "    -name arg" padded to the column, the summary,
 * and, when details, each further line under the summary. */
static void usage_line(struct strbuf *sb, const char *indent, const char *name,
		       const char *arg, const char *summary,
		       const char *details)
{
	size_t start = sb->len;
	strbuf_addf(sb, "%s%s%s%s", indent, name, arg ? " " : "", arg ? arg : "");
	if (summary) {
		size_t w = sb->len - start;
		if (w >= USAGE_COL) {
			strbuf_addch(sb, '\n');
			w = 0;
		}
		strbuf_addchars(sb, ' ', USAGE_COL - w);
		strbuf_adds(sb, summary);
	}
	strbuf_addch(sb, '\n');
	for (const char *d = details; d && *d;) {
		size_t n = strcspn(d, "\n");
		strbuf_addchars(sb, ' ', USAGE_COL);
		strbuf_add(sb, d, n);
		strbuf_addch(sb, '\n');
		d += n + (d[n] == '\n');
	}
}

static int cmp_setting(const void *a, const void *b)
{
	const struct setting *x = *(const struct setting *const *)a;
	const struct setting *y = *(const struct setting *const *)b;
	return strcmp(x->name, y->name);
}

/* The settings of one group, sorted by name when sorted. */
static void usage_group(struct strbuf *sb, enum setting_use use, bool sorted,
			bool details)
{
	const struct setting **list = xcalloc(nsettings, sizeof(*list));
	size_t n = 0;
	for (size_t i = 0; i < nsettings; i++)
		if (settings[i].use == use && !settings[i].choices)
			list[n++] = &settings[i];
	if (sorted)
		qsort(list, n, sizeof(*list), cmp_setting);
	for (size_t i = 0; i < n; i++) {
		struct strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "-%s", list[i]->name);
		if (list[i]->alias)
			strbuf_addf(&name, ", -%s", list[i]->alias);
		usage_line(sb, "    ", name.buf, list[i]->arg, list[i]->summary,
			   details ? list[i]->details : NULL);
		strbuf_release(&name);
	}
	free(list);
}

void cli_usage(FILE *f)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, usage_hdr);
	strbuf_adds(&sb, "  Output formats (select at most one):\n");
	for (int i = 0; i < ncommands; i++) {
		struct strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "-%s", commands[i].name);
		usage_line(&sb, "    ", name.buf,
			   commands[i].has_param ? "regexp" : NULL,
			   commands[i].description, NULL);
		strbuf_release(&name);
	}
	strbuf_adds(&sb, "\n  Options:\n");
	usage_group(&sb, SETTING_REPORT, true, false);
	strbuf_adds(&sb, "\n  Option groups (set at most one per group):\n");
	for (size_t i = 0; i < nsettings; i++) {
		if (!settings[i].choices)
			continue;
		usage_line(&sb, "    ", settings[i].name, NULL, NULL, NULL);
		for (const struct setting_choice *c = settings[i].choices;
		     c->name; c++) {
			struct strbuf name = STRBUF_INIT;
			strbuf_addf(&name, "-%s", c->name);
			usage_line(&sb, "      ", name.buf, NULL, c->summary, NULL);
			strbuf_release(&name);
		}
	}
	strbuf_adds(&sb, "\n  Source options:\n");
	usage_group(&sb, SETTING_SOURCE, false, true);
	for (size_t i = 0; i < sizeof(usage_sources) / sizeof(usage_sources[0]); i++)
		usage_line(&sb, "    ", usage_sources[i].name, NULL,
			   usage_sources[i].summary, usage_sources[i].details);
	strbuf_adds(&sb, "\n  Misc options:\n");
	usage_group(&sb, SETTING_MISC, false, true);
	strbuf_adds(&sb, "\n  Legacy convenience options:\n");
	usage_group(&sb, SETTING_LEGACY, false, false);
	strbuf_adds(&sb, "\n  Environment variables:\n");
	for (size_t i = 0; i < sizeof(usage_env) / sizeof(usage_env[0]); i++)
		usage_line(&sb, "    ", usage_env[i].name, NULL,
			   usage_env[i].summary, usage_env[i].details);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

/* Text for roff: backslashes and dashes escaped, a line starting with
 * a period or quote protected. */
static void roff(struct strbuf *sb, const char *s)
{
	bool bol = sb->len == 0 || sb->buf[sb->len - 1] == '\n';
	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			strbuf_adds(sb, "\\&");
		if (*s == '\\')
			strbuf_adds(sb, "\\e");
		else if (*s == '-')
			strbuf_adds(sb, "\\-");
		else
			strbuf_addch(sb, *s);
		bol = *s == '\n';
	}
}

/* One tagged paragraph: the name in bold (its argument in italics),
 * then the summary and the details. */
static void man_entry(struct strbuf *sb, const char *dash, const char *name,
		      const char *alias, const char *arg, const char *summary,
		      const char *details)
{
	strbuf_adds(sb, ".TP\n\\fB");
	roff(sb, dash);
	roff(sb, name);
	if (alias) {
		strbuf_adds(sb, "\\fR, \\fB");
		roff(sb, dash);
		roff(sb, alias);
	}
	strbuf_adds(sb, "\\fR");
	if (arg) {
		strbuf_adds(sb, " \\fI");
		roff(sb, arg);
		strbuf_adds(sb, "\\fR");
	}
	strbuf_addch(sb, '\n');
	if (summary) {
		roff(sb, summary);
		strbuf_adds(sb, ".\n");
	}
	if (details) {
		roff(sb, details);
		strbuf_addch(sb, '\n');
	}
}

static void man_group(struct strbuf *sb, enum setting_use use, bool sorted)
{
	const struct setting **list = xcalloc(nsettings, sizeof(*list));
	size_t n = 0;
	for (size_t i = 0; i < nsettings; i++)
		if (settings[i].use == use && !settings[i].choices)
			list[n++] = &settings[i];
	if (sorted)
		qsort(list, n, sizeof(*list), cmp_setting);
	for (size_t i = 0; i < n; i++)
		man_entry(sb, "-", list[i]->name, list[i]->alias, list[i]->arg,
			  list[i]->summary, list[i]->details);
	free(list);
}

static const char man_head[] =
	".TH CPROF 1 \"\" \"cprof\" \"User Commands\"\n"
	".SH NAME\n"
	"cprof \\- analyze profiles with the command line of Go's pprof\n"
	".SH SYNOPSIS\n"
	".B cprof\n"
	".RI \\- format \" [\" options \"] [\" binary \"] \" source \" ...\"\n"
	".br\n"
	".B cprof\n"
	".RI [ options \"] [\" binary \"] \" source \" ...\"\n"
	".br\n"
	".B cprof \\-http\n"
	".RI [ host ]:[ port \"] [\" options \"] [\" binary \"] \" source \" ...\"\n"
	".SH DESCRIPTION\n"
	"cprof reads profiles in pprof's profile.proto format and in the legacy\n"
	"formats pprof reads, merges them, and reports on them as\n"
	".B go tool pprof\n"
	"does, with the same options and the same output.\n"
	".PP\n"
	"With an output format, cprof writes that one report and exits.\n"
	"Without one, it enters an interactive shell (see\n"
	".BR \"INTERACTIVE SHELL\" )\n"
	"whose commands are the output formats and whose settings are the\n"
	"options below. With\n"
	".B \\-http\n"
	"instead, it serves a web interface showing the reports.\n"
	".PP\n"
	"Flags follow the rules of Go's flag package: \\fB\\-name\\fR,\n"
	"\\fB\\-\\-name\\fR, \\fB\\-name=value\\fR, or \\fB\\-name value\\fR for\n"
	"flags that are not booleans; the flags end at the first argument that\n"
	"is not one, or at \\fB\\-\\-\\fR.\n";

static const char man_shell[] =
	".SH INTERACTIVE SHELL\n"
	"Each line is a command, a setting, or one of the shell's own words.\n"
	".TP\n"
	".I format\n"
	"Any output format above, with its arguments: a number (the node count,\n"
	"also as \\fBtop10\\fR), regexps to focus on, regexps after \\fB\\-\\fR\n"
	"to ignore, \\fB\\-cum\\fR to order by cumulative value, and\n"
	"\\fB>\\fR\\fIfile\\fR to write the output to a file. \\fBlist\\fR,\n"
	"\\fBpeek\\fR, \\fBdisasm\\fR and \\fBweblist\\fR take a function\n"
	"regexp first. Viewers (\\fBweb\\fR, \\fBgv\\fR, \\fBevince\\fR,\n"
	"\\fBeog\\fR) start in the background.\n"
	".TP\n"
	".IB name = value\n"
	"Sets an option for the commands that follow (a boolean option or a\n"
	"member of a group may be given alone, meaning true).\n"
	".TP\n"
	".I sample_type\n"
	"The name of one of the profile's sample types selects it\n"
	"(\\fBsample_index=\\fR), with \\fBtotal_\\fR or \\fBmean_\\fR before it\n"
	"also setting \\fBmean\\fR.\n"
	".TP\n"
	".B :\n"
	"Clears focus, ignore, hide, tagfocus and tagignore.\n"
	".TP\n"
	".BR o \", \" options\n"
	"Lists every setting with its value.\n"
	".TP\n"
	".BR help \" [\" \\fIname\\fR ]\n"
	"Describes the commands and settings, or one of them.\n"
	".TP\n"
	".BR q \", \" quit \", \" exit\n"
	"Leaves the shell, as does end of input (Ctrl-D).\n"
	".PP\n"
	"At a terminal the line can be edited with the usual Emacs keys (arrows,\n"
	"Ctrl-A, Ctrl-E, Ctrl-K, Ctrl-W, Meta-B, Meta-F), earlier lines recalled\n"
	"with the up and down arrows or searched with Ctrl-R; the history is kept\n"
	"across sessions. Tab completes command and setting names, the choices of\n"
	"a setting, sample types, file names after \\fB>\\fR and the profile's\n"
	"function names where a function regexp is expected. Ctrl-C abandons the\n"
	"line, or stops the report being made, and returns to the prompt.\n"
	"Keys can be rebound in\n"
	".IR ~/.editrc ,\n"
	"see\n"
	".BR editrc (5).\n"
	"When standard input is not a terminal, lines are read as they come,\n"
	"without editing.\n";

static const char man_tail[] =
	".SH FILES\n"
	".TP\n"
	".I $XDG_STATE_HOME/cprof/history\n"
	"The shell's history (by default\n"
	".IR ~/.local/state/cprof/history ).\n"
	".SH EXIT STATUS\n"
	"0 on success (also when the shell ends), 1 when a source cannot be read\n"
	"or a report cannot be made, 2 for a usage error.\n"
	".SH SEE ALSO\n"
	".BR go (1)\n"
	"(\\fBgo tool pprof\\fR),\n"
	".BR editrc (5)\n";

void cli_man(FILE *f)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, man_head);
	strbuf_adds(&sb, ".SH OUTPUT FORMATS\nAt most one of:\n");
	for (int i = 0; i < ncommands; i++)
		man_entry(&sb, "-", commands[i].name, NULL,
			  commands[i].has_param ? "regexp" : NULL,
			  commands[i].description, NULL);
	strbuf_adds(&sb, ".SH OPTIONS\n"
			 "These are also the settings of the interactive shell.\n");
	man_group(&sb, SETTING_REPORT, true);
	strbuf_adds(&sb, ".SS Option groups\nAt most one member of each group:\n");
	for (size_t i = 0; i < nsettings; i++) {
		if (!settings[i].choices)
			continue;
		strbuf_adds(&sb, ".PP\n\\fB");
		roff(&sb, settings[i].name);
		strbuf_adds(&sb, "\\fR (in the shell also \\fB");
		roff(&sb, settings[i].name);
		strbuf_adds(&sb, "=\\fR\\fImember\\fR):\n");
		for (const struct setting_choice *c = settings[i].choices;
		     c->name; c++) {
			struct strbuf sum = STRBUF_INIT;
			strbuf_addf(&sum, "%s (%s=%s)", c->summary,
				    settings[i].name, c->name);
			man_entry(&sb, "-", c->name, NULL, NULL, sum.buf,
				  c->details);
			strbuf_release(&sum);
		}
	}
	strbuf_adds(&sb, ".SH SOURCE OPTIONS\n");
	man_group(&sb, SETTING_SOURCE, false);
	strbuf_adds(&sb, ".SS Sources\n");
	for (size_t i = 0; i < sizeof(usage_sources) / sizeof(usage_sources[0]); i++)
		man_entry(&sb, "", usage_sources[i].name, NULL, NULL,
			  usage_sources[i].summary, usage_sources[i].details);
	strbuf_adds(&sb, ".SH MISC OPTIONS\n");
	man_group(&sb, SETTING_MISC, false);
	strbuf_adds(&sb, ".SH LEGACY OPTIONS\n");
	man_group(&sb, SETTING_LEGACY, false);
	strbuf_adds(&sb, man_shell);
	strbuf_adds(&sb, ".SH ENVIRONMENT\n");
	for (size_t i = 0; i < sizeof(usage_env) / sizeof(usage_env[0]); i++)
		man_entry(&sb, "", usage_env[i].name, NULL, NULL,
			  usage_env[i].summary, usage_env[i].details);
	strbuf_adds(&sb, man_tail);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

static enum flag_kind flag_kind(enum setting_kind k)
{
	switch (k) {
	case SETTING_BOOL: return FLAG_BOOL;
	case SETTING_INT: return FLAG_INT;
	case SETTING_FLOAT: return FLAG_FLOAT;
	case SETTING_LIST: return FLAG_LIST;
	case SETTING_STRING:
	case SETTING_CHOICE: break;
	}
	return FLAG_STRING;
}

/* The flags: every setting (a choice setting as one boolean flag per
 * choice, a legacy shortcut as a boolean) and every output format. What
 * has no field of its own in cfg is parsed into on[] and applied after
 * parsing, as pprof does. */
struct flagset {
	struct flag *flag;
	bool *on;                   /* per flag, for the boolean slots */
	const char **param;         /* per flag, for commands with a regexp */
	const struct setting **set; /* per flag: its setting, or NULL */
	const struct command **cmd; /* per flag: its command, or NULL */
	size_t n;
};

static void flagset_add(struct flagset *fs, const char *name,
			enum flag_kind kind, void *ptr,
			const struct setting *s, const struct command *c)
{
	size_t i = fs->n++;
	fs->flag[i] = (struct flag){ name, kind, ptr ? ptr : &fs->on[i], NULL,
				     false };
	fs->set[i] = s;
	fs->cmd[i] = c;
}

static void flagset_init(struct flagset *fs, struct config *cfg)
{
	size_t max = 2 * nsettings + (size_t)ncommands;
	for (size_t i = 0; i < nsettings; i++)
		for (const struct setting_choice *c = settings[i].choices;
		     c && c->name; c++)
			max++;
	fs->flag = xcalloc(max, sizeof(*fs->flag));
	fs->on = xcalloc(max, sizeof(*fs->on));
	fs->param = xcalloc(max, sizeof(*fs->param));
	fs->set = xcalloc(max, sizeof(*fs->set));
	fs->cmd = xcalloc(max, sizeof(*fs->cmd));
	fs->n = 0;
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *s = &settings[i];
		if (s->choices) {
			for (const struct setting_choice *c = s->choices; c->name; c++)
				flagset_add(fs, c->name, FLAG_BOOL, NULL, s, NULL);
		} else if (s->off < 0) {
			flagset_add(fs, s->name, FLAG_BOOL, NULL, s, NULL);
		} else {
			void *p = settings_field(cfg, s);
			flagset_add(fs, s->name, flag_kind(s->kind), p, s, NULL);
			if (s->alias)
				flagset_add(fs, s->alias, flag_kind(s->kind), p, s, NULL);
		}
	}
	for (int i = 0; i < ncommands; i++) {
		const struct command *c = &commands[i];
		if (c->has_param)
			flagset_add(fs, c->name, FLAG_STRING, &fs->param[fs->n],
				    NULL, c);
		else
			flagset_add(fs, c->name, FLAG_BOOL, NULL, NULL, c);
	}
}

static void flagset_release(struct flagset *fs)
{
	free(fs->flag);
	free(fs->on);
	free(fs->param);
	free(fs->set);
	free(fs->cmd);
}

/* A choice setting from its members' flags; -1 when several are set. */
static int apply_choices(struct config *cfg, const struct flagset *fs,
			 const struct setting *s)
{
	struct strbuf set = STRBUF_INIT;
	const char *pick = NULL;
	int n = 0;
	for (size_t i = 0; i < fs->n; i++) {
		if (fs->set[i] != s || !fs->on[i])
			continue;
		strbuf_addf(&set, "%s%s", n++ ? " " : "", fs->flag[i].name);
		pick = fs->flag[i].name;
	}
	if (n > 1)
		fprintf(stderr, "cprof: conflicting options set: [%s]\n", set.buf);
	else if (n == 1)
		settings_set(cfg, s, pick);
	strbuf_release(&set);
	return n > 1 ? -1 : 0;
}

int cli_parse(struct config *cfg, int argc, char **argv)
{
	struct flagset fs;
	struct strbuf err = STRBUF_INIT;
	int first, ret = 2;

	flagset_init(&fs, cfg);
	if (argc < 2) {
		/* a bare "cprof" asks how to use it */
		cli_usage(stderr);
		goto out;
	}
	int r = flags_parse(fs.flag, fs.n, argc, argv, &first, &err);
	if (r == 1) {
		cli_usage(stdout);
		ret = 1;
		goto out;
	}
	if (r < 0) {
		fprintf(stderr, "%s\n", err.buf);
		cli_usage(stderr);
		goto out;
	}
	if (first >= argc) {
		fprintf(stderr, "cprof: no profile source specified\n");
		cli_usage(stderr);
		goto out;
	}

	/* sort and granularity are choices among several boolean flags */
	for (size_t i = 0; i < nsettings; i++)
		if (settings[i].choices && apply_choices(cfg, &fs, &settings[i]))
			goto out;

	for (size_t i = 0; i < fs.n; i++) {
		const struct command *c = fs.cmd[i];
		if (!c || !(c->has_param ? fs.param[i] && *fs.param[i] : fs.on[i]))
			continue;
		if (cfg->cmd) {
			fprintf(stderr, "cprof: must set at most one output format\n");
			goto out;
		}
		cfg->cmd = c;
		cfg->cmd_arg = c->has_param ? fs.param[i] : NULL;
	}
	if (cfg->cmd && *cfg->http) {
		fprintf(stderr, "cprof: -http is not compatible with an output "
				"format on the command line\n");
		goto out;
	}
	if (cfg->no_browser && !*cfg->http) {
		fprintf(stderr, "cprof: -no_browser only makes sense with -http\n");
		goto out;
	}

	/* the legacy shortcuts pick a sample index unless one is set */
	for (size_t i = 0; i < fs.n; i++) {
		const struct setting *s = fs.set[i];
		if (!s || s->use != SETTING_LEGACY || !fs.on[i])
			continue;
		if (!*cfg->sample_index)
			cfg->sample_index = s->legacy_index;
		else
			fprintf(stderr, "Multiple value selections, ignoring -%s\n",
				s->name);
		if (!strcmp(s->name, "mean_delay"))
			cfg->mean = true;
	}

	if (cfg->base.n && cfg->diff_base_list.n) {
		fprintf(stderr, "cprof: -base and -diff_base flags cannot both be specified\n");
		goto out;
	}
	if (cfg->diff_base_list.n) {
		flag_list_release(&cfg->base);
		cfg->base = cfg->diff_base_list;
		memset(&cfg->diff_base_list, 0, sizeof(cfg->diff_base_list));
		cfg->diff_base = true;
	}
	if (cfg->normalize && !cfg->base.n) {
		fprintf(stderr, "cprof: must have base profile to normalize by\n");
		goto out;
	}

	/* With several arguments, a first one that is an object file is the
	 * executable (pprof's rule; since 1.23 a hex string is no build id,
	 * only -buildid gives one). */
	if (argc - first > 1 && symbolize_is_object_file(argv[first]))
		cfg->exec_name = argv[first++];
	cfg->nsources = argc - first;
	cfg->sources = xcalloc((size_t)cfg->nsources, sizeof(*cfg->sources));
	for (int i = 0; i < cfg->nsources; i++)
		cfg->sources[i] = argv[first + i];
	ret = 0;
out:
	flagset_release(&fs);
	strbuf_release(&err);
	return ret;
}
