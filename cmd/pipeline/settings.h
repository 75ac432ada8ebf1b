/* settings: the one table of everything a user can set, and how text
 * becomes a value. Each entry names a setting once (its flag name and
 * aliases, its URL parameter, its kind, its field in struct config, its
 * choices, its help); the command-line parser, the shell's assignments,
 * "o" and "help", the web UI's URL parameters, -h and the man page are
 * all driven from it. The rules are pprof 1.23's (driver/config.go and
 * cli.go): flags read values with Go's flag package, the shell and URLs
 * with pprof's config.set. */
#ifndef CPROF_SETTINGS_H
#define CPROF_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

struct config;
struct strbuf;

enum setting_kind {
	SETTING_STRING, /* const char * (never owned by the config) */
	SETTING_BOOL,   /* bool */
	SETTING_INT,    /* int */
	SETTING_FLOAT,  /* double */
	SETTING_CHOICE, /* const char *, one of choices[].name (static) */
	SETTING_LIST,   /* struct flag_list: -base, -diff_base */
};

/* Where a setting lives; also the groups of the -h usage. */
enum setting_use {
	SETTING_REPORT, /* pprof's config: a flag and a shell setting */
	SETTING_SOURCE, /* a flag only: where and how the profile is read */
	SETTING_MISC,   /* a flag only: web UI and tools */
	SETTING_LEGACY, /* a flag only: shortcut for -sample_index */
};

/* One member of a choice setting: a value, and also a boolean flag and
 * shell setting of its own ("-cum", "functions=true"). */
struct setting_choice {
	const char *name;
	const char *summary, *details; /* details: as in struct setting */
};

struct setting {
	const char *name;  /* flag and shell name */
	const char *alias; /* another flag name ("o" for output), or NULL */
	const char *url;   /* URL parameter (pprof's urlparam), or NULL */
	enum setting_kind kind;
	enum setting_use use;
	ptrdiff_t off; /* field in struct config; -1 for SETTING_LEGACY */
	const struct setting_choice *choices; /* SETTING_CHOICE: ends at name NULL */
	bool saved; /* pprof keeps it in settings.json (a named config) */
	const char *legacy_index; /* SETTING_LEGACY: the sample type it picks */
	const char *arg;     /* -h: what the value is ("regexp"), or NULL */
	const char *summary; /* one line */
	const char *details; /* NULL or further lines, "\n" between them */
};

extern const struct setting settings[];
extern const size_t nsettings;

/* The setting named name (a flag name or alias when flags, else a shell
 * name). NULL if none. */
const struct setting *settings_find(const char *name, bool flags);
/* pprof's configFieldMap: a SETTING_REPORT setting by its name or by one
 * of its choices (*choice is then that choice's static name, else NULL). */
const struct setting *settings_find_report(const char *name,
					   const char **choice);
/* The setting a URL parameter sets, or NULL. */
const struct setting *settings_find_url(const char *param);
/* Help for a choice member ("cum", "lines"), or NULL. */
const struct setting_choice *settings_find_choice(const char *name);

/* The field of s in cfg (s->off >= 0). */
void *settings_field(const struct config *cfg, const struct setting *s);

/* pprof's config.set: parses value into s's field of cfg. Strings are
 * stored as given (the caller keeps value alive as long as cfg uses it);
 * choices as their static name. Booleans read with pprof's stringToBool,
 * ints with strconv.Atoi (clamped to C's int), floats with
 * strconv.ParseFloat. Returns -1 with Go's message in error_get() (e.g.
 * `strconv.Atoi: parsing "x": invalid syntax`, `invalid "sort" value
 * "x"`). */
int settings_set(struct config *cfg, const struct setting *s,
		 const char *value);
/* pprof's config.get: the value as fmt.Sprint prints it. */
void settings_get(const struct config *cfg, const struct setting *s,
		  struct strbuf *sb);

#endif
