/* shell: pprof's interactive mode. Each line is a setting assignment
 * (from the settings table, on the session's config), a report command
 * run on a copy of the profile with that line's options, or one of the
 * shell's own commands (o, help, quit). */
#include "cmd/shell/shell.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/base/arena.h"
#include "cmd/pipeline/commands.h"
#include "cmd/pipeline/config.h"
#include "cmd/pipeline/pipeline.h"
#include "cmd/pipeline/settings.h"
#include "cmd/shell/complete.h"
#include "cmd/shell/lineedit.h"
#include "lib/base/error.h"
#include "lib/gocompat/gofmt.h"
#include "lib/gocompat/goparse.h"
#include "lib/model/profile.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

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
	bool forks; /* reports run in a child that Ctrl-C can stop */
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

/* Help for a shell setting or a choice ("help NAME"), or NULL: pprof has
 * none for the two choice groups themselves, so "sort x" is no "did you
 * mean". Summary and details as one text, in the static buffer. */
static const char *setting_help(const char *name)
{
	static struct strbuf sb = STRBUF_INIT;
	const char *summary = NULL, *details = NULL;
	const struct setting *s = settings_find(name, false);
	const struct setting_choice *c = settings_find_choice(name);
	if (s && s->summary) {
		summary = s->summary;
		details = s->details;
	} else if (c) {
		summary = c->summary;
		details = c->details;
	}
	if (!summary)
		return NULL;
	strbuf_reset(&sb);
	strbuf_adds(&sb, summary);
	if (details)
		strbuf_addf(&sb, "\n%s", details);
	return sb.buf;
}

/* pprof's config.set on the session's config; strings are kept for the
 * session. The error, Go's words, goes to stderr. */
static int set_value(struct shell *sh, const struct setting *f,
		     const char *value)
{
	if (f->kind == SETTING_STRING)
		value = arena_strdup(&sh->keep, value);
	if (settings_set(sh->cfg, f, value)) {
		print_err("%s", error_get());
		return -1;
	}
	return 0;
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
	const struct setting *f = settings_find_report(name, &choice);
	if (!f)
		return false;
	if (!value) {
		if (!choice && f->kind != SETTING_BOOL) {
			print_err("please specify a value, e.g. %s=<val>", name);
			return true;
		}
		value = "";
	}
	if (!strcmp(name, "sample_index")) {
		int i = profile_sample_index(sh->prof, value);
		if (i < 0) {
			struct strbuf q = STRBUF_INIT;
			gofmt_quote(&q, value);
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
	bool on;
	if (!choice) {
		set_value(sh, f, value);
	} else if (!goparse_bool(value, &on) && on) {
		set_value(sh, f, choice);
	} else {
		struct strbuf q = STRBUF_INIT;
		gofmt_quote(&q, name);
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
	char **lines = xcalloc(nsettings, sizeof(*lines));
	size_t n = 0;
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *f = &settings[i];
		struct strbuf v = STRBUF_INIT, comment = STRBUF_INIT;
		struct strbuf line = STRBUF_INIT;
		if (f->use != SETTING_REPORT || !strcmp(f->name, "source_path"))
			continue;
		settings_get(sh->cfg, f, &v);
		if (f->choices) {
			const char *sorted[8];
			size_t k = 0;
			for (const struct setting_choice *c = f->choices;
			     c->name && k < 8; c++)
				sorted[k++] = c->name;
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
	free(lines);
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
	for (size_t i = 0; i < nsettings; i++)
		if (settings[i].use == SETTING_REPORT && !settings[i].choices)
			add_help_line(&sb, "    ", settings[i].name,
				      settings[i].summary);
	strbuf_adds(&sb, "\n  Groups (name=true picks one member; or group=member):\n");
	for (size_t i = 0; i < nsettings; i++) {
		if (!settings[i].choices)
			continue;
		add_help_line(&sb, "    ", settings[i].name, NULL);
		for (const struct setting_choice *c = settings[i].choices;
		     c->name; c++)
			add_help_line(&sb, "      ", c->name, c->summary);
	}
	strbuf_adds(&sb,
		    "\n  :                clear focus, ignore, hide, tagfocus and tagignore\n"
		    "  SAMPLE_TYPE      same as sample_index=SAMPLE_TYPE (total_ and mean_\n"
		    "                   prefixes also set mean)\n"
		    "\n  \"help NAME\" explains a command or a setting.\n"
		    "  At a terminal: Tab completes, Up/Down and Ctrl-R recall earlier\n"
		    "  lines, Ctrl-C abandons the line or stops a report.\n");
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
		const struct setting *f = settings_find(topic, false);
		strbuf_addf(&sb, "Group of settings: setting one member to true "
				 "unsets the others\nMembers:");
		for (const struct setting_choice *c = f->choices; c->name; c++)
			strbuf_addf(&sb, " %s", c->name);
		strbuf_adds(&sb, " (now ");
		settings_get(sh->cfg, f, &sb);
		strbuf_adds(&sb, ")\n\n");
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

/* Generates the report v in a child process, so that a Ctrl-C (which the
 * terminal sends to both) ends the report and not the session. Reports
 * change nothing in the shell's state, so nothing is lost with the child. */
static void generate_in_child(struct shell *sh, const struct config *v)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		print_err("fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		struct config c = *v;
		int ret = 0;
		if (pipeline_generate(sh->prof, &c, true)) {
			print_err("%s", error_get());
			ret = 1;
		}
		fflush(stdout);
		_exit(ret);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) {
		fputc('\n', stderr);
	} else if (WIFSIGNALED(status)) {
		print_err("report stopped by signal %d", WTERMSIG(status));
	}
	lineedit_interrupted = 0;
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
			gofmt_quote(&q, name);
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
		int64_t n;
		if (!goparse_int(t, 10, &n) && n >= INT32_MIN && n <= INT32_MAX) {
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

	if (sh->forks) {
		generate_in_child(sh, &v);
		return;
	}
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

static void complete(void *data, const char *line, size_t cursor,
		     size_t *start, struct lineedit_cands *c)
{
	const struct shell *sh = data;
	complete_line(sh->prof, line, cursor, start, c);
}

int shell_run(struct profile *p, struct config *cfg, FILE *in)
{
	struct shell sh = { .prof = p, .cfg = cfg };
	char *line = NULL;
	size_t cap = 0;
	struct lineedit *le = NULL;

	arena_init(&sh.keep);
	arena_init(&sh.scratch);
	cfg->compact_labels = true;
	greet(&sh);
	/* line editing only for a person at a terminal: piped sessions
	 * read and print exactly as pprof does without one */
	if (in == stdin && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		setlocale(LC_CTYPE, "");
		char *hist = lineedit_history_path();
		le = lineedit_new("(pprof) ", hist, complete, &sh);
		sh.forks = true;
		free(hist);
	}
	for (;;) {
		if (le) {
			bool interrupted;
			const char *l = lineedit_read(le, &interrupted);
			if (!l) {
				/* Ctrl-D: leave the shell prompt on its own line */
				fputc('\n', stdout);
				break;
			}
			if (interrupted)
				continue;
			lineedit_remember(le, l);
			size_t n = strlen(l);
			if (n + 1 > cap) {
				cap = n + 1;
				line = xrealloc(line, cap);
			}
			memcpy(line, l, n + 1);
		} else {
			fputs("(pprof) ", stdout);
			fflush(stdout);
			if (getline(&line, &cap, in) < 0)
				break;
		}
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
	lineedit_free(le);
	/* cfg may still point into keep; it is not used after the shell */
	arena_release(&sh.scratch);
	arena_release(&sh.keep);
	return 0;
}
