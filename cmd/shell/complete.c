/* complete: the shell's Tab completion (see complete.h). Candidates are
 * filtered by the typed prefix here; lineedit inserts their common part.
 * Function names are offered as regexps that match them: characters
 * special in RE2 are escaped, except '.', which matches itself anyway and
 * keeps Go names readable. */
#include "cmd/shell/complete.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/pipeline/commands.h"
#include "cmd/pipeline/settings.h"
#include "cmd/shell/lineedit.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/model/profile.h"

/* Adds pre + word when it starts with the typed prefix. */
static void offer(struct lineedit_cands *c, const char *typed, const char *pre,
		  const char *word, const char *post)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s%s%s", pre, word, post);
	if (!strncmp(sb.buf, typed, strlen(typed)))
		lineedit_cands_add(c, sb.buf);
	strbuf_release(&sb);
}

static void offer_unique(struct lineedit_cands *c, const char *typed,
			 const char *pre, const char *word, const char *post)
{
	size_t n = c->n;
	offer(c, typed, pre, word, post);
	for (size_t i = 0; c->n > n && i < n; i++)
		if (!strcmp(c->v[i], c->v[n])) {
			free(c->v[--c->n]);
			break;
		}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The profile's function names as regexps, each once. */
static void offer_functions(struct lineedit_cands *c, const struct profile *p,
			    const char *typed, const char *pre)
{
	char **names = xcalloc(p->nfunction + 1, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < p->nfunction; i++) {
		const char *name = p->function[i]->name;
		if (!name || !*name)
			continue;
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, pre);
		for (const char *s = name; *s; s++) {
			if (strchr("\\^$*+?()[]{}|", *s))
				strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, *s);
		}
		if (!strncmp(sb.buf, typed, strlen(typed)))
			names[n++] = strbuf_detach(&sb, NULL);
		else
			strbuf_release(&sb);
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (!i || strcmp(names[i], names[i - 1]))
			lineedit_cands_add(c, names[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* File names: the folder part of typed is listed, directories get a
 * '/'; hidden files only when asked for with a leading dot. */
static void offer_files(struct lineedit_cands *c, const char *typed,
			const char *pre)
{
	const char *slash = strrchr(typed, '/');
	char *dir = slash ? xstrndup(typed, (size_t)(slash - typed) + 1) :
			    xstrdup("");
	const char *base = slash ? slash + 1 : typed;
	DIR *d = opendir(*dir ? dir : ".");
	if (!d) {
		free(dir);
		return;
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_name[0] == '.' && base[0] != '.')
			continue;
		if (strncmp(e->d_name, base, strlen(base)))
			continue;
		struct strbuf path = STRBUF_INIT;
		struct stat st;
		strbuf_addf(&path, "%s%s", *dir ? dir : "./", e->d_name);
		bool isdir = !stat(path.buf, &st) && S_ISDIR(st.st_mode);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s%s%s", pre, dir, e->d_name);
		if (isdir)
			strbuf_addch(&path, '/');
		lineedit_cands_add(c, path.buf);
		strbuf_release(&path);
	}
	closedir(d);
	free(dir);
}

/* Settings whose value is a regexp over function names. */
static bool takes_function(const char *name)
{
	static const char *const names[] = { "focus", "ignore", "prune_from",
					     "hide", "show", "show_from" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* The value of setting name after "name=". */
static void offer_value(struct lineedit_cands *c, const struct profile *p,
			const char *name, const char *typed)
{
	const char *choice;
	const struct setting *s = settings_find_report(name, &choice);
	if (!s)
		return;
	if (choice || s->kind == SETTING_BOOL) {
		offer(c, typed, "", "true", "");
		offer(c, typed, "", "false", "");
	} else if (s->choices) {
		for (const struct setting_choice *ch = s->choices; ch->name; ch++)
			offer(c, typed, "", ch->name, "");
	} else if (!strcmp(name, "sample_index")) {
		for (size_t i = 0; i < p->nsample_type; i++)
			offer_unique(c, typed, "", p->sample_type[i].type, "");
	} else if (!strcmp(name, "unit")) {
		/* the common spellings pprof's measurement package reads */
		static const char *const units[] = {
			"minimum", "auto", "b", "kb", "mb", "gb", "tb", "pb",
			"ns", "us", "ms", "s", "hour",
		};
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			offer(c, typed, "", units[i], "");
	} else if (!strcmp(name, "output")) {
		offer_files(c, typed, "");
	} else if (takes_function(name)) {
		offer_functions(c, p, typed, "");
	}
}

/* The first word: a command, a setting, a choice or a sample type; a
 * setting that takes a value with its '=' unless for "help". */
static void offer_first(struct lineedit_cands *c, const struct profile *p,
			const char *typed, bool assign)
{
	static const char *const own[] = { "help", "o", "options", "quit",
					   "exit" };
	for (int i = 0; i < ncommands; i++)
		offer(c, typed, "", commands[i].name, "");
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		offer(c, typed, "", own[i], "");
	for (size_t i = 0; i < nsettings; i++) {
		const struct setting *s = &settings[i];
		if (s->use != SETTING_REPORT)
			continue;
		offer(c, typed, "", s->name,
		      assign && s->kind != SETTING_BOOL ? "=" : "");
		for (const struct setting_choice *ch = s->choices; ch && ch->name; ch++)
			offer(c, typed, "", ch->name, "");
	}
	for (size_t i = 0; i < p->nsample_type; i++)
		offer_unique(c, typed, "", p->sample_type[i].type, "");
}

/* The command named by a first word, "top10" being top. */
static const struct command *command_of(const char *word, size_t len)
{
	char name[64];
	while (len && isdigit((unsigned char)word[len - 1]))
		len--;
	if (!len || len >= sizeof(name))
		return NULL;
	memcpy(name, word, len);
	name[len] = '\0';
	return command_find(name);
}

void complete_line(const struct profile *p, const char *line, size_t cursor,
		   size_t *start, struct lineedit_cands *c)
{
	size_t ws = cursor;
	while (ws && !isspace((unsigned char)line[ws - 1]))
		ws--;
	char *typed = xstrndup(line + ws, cursor - ws);
	size_t first = 0;
	while (first < ws && isspace((unsigned char)line[first]))
		first++;
	size_t first_end = first;
	while (first_end < cursor && !isspace((unsigned char)line[first_end]))
		first_end++;
	/* the word before this one, for "> file" */
	size_t pe = ws;
	while (pe && isspace((unsigned char)line[pe - 1]))
		pe--;
	bool after_gt = pe && line[pe - 1] == '>' &&
			(pe == 1 || isspace((unsigned char)line[pe - 2]));
	*start = ws;

	if (typed[0] == '>') {
		offer_files(c, typed + 1, ">");
	} else if (first == ws) {
		char *eq = strchr(typed, '=');
		if (eq) {
			*eq = '\0';
			*start = ws + (size_t)(eq - typed) + 1;
			offer_value(c, p, typed, eq + 1);
		} else {
			offer_first(c, p, typed, true);
		}
	} else if (after_gt) {
		offer_files(c, typed, "");
	} else {
		const char *cmd = line + first;
		size_t len = first_end - first;
		const struct command *command = command_of(cmd, len);
		if (len == 4 && !strncmp(cmd, "help", 4)) {
			offer_first(c, p, typed, false);
		} else if (command && typed[0] == '-') {
			offer(c, typed, "", "-cum", "");
			offer_functions(c, p, typed, "-");
		} else if (command) {
			offer_functions(c, p, typed, "");
		}
	}
	free(typed);
}
