/* flags: command-line parsing with Go's flag package rules, which pprof
 * users type: -name, --name, -name=value, -name value (not for booleans),
 * parsing stops at the first non-flag argument or at "--". */
#ifndef CPROF_FLAGS_H
#define CPROF_FLAGS_H

#include <stdbool.h>
#include <stddef.h>

enum flag_kind {
	FLAG_BOOL,   /* bool *; -x, -x=true, -x=false */
	FLAG_INT,    /* int * */
	FLAG_FLOAT,  /* double * */
	FLAG_STRING, /* const char ** (points into argv) */
	FLAG_LIST,   /* struct flag_list *; at most one item, as pprof's
		      * StringList under go tool pprof: the last occurrence,
		      * none when it is empty */
};

struct flag_list {
	const char **item;
	size_t n, alloc;
};

struct flag {
	const char *name;
	enum flag_kind kind;
	void *ptr;
	const char *help;
	bool set; /* written by flags_parse when the flag appears */
};

struct strbuf;

/* Parses argv[1..]; *first is the index of the first non-flag argument.
 * Returns 0, or -1 with the reason in err (e.g. "flag provided but not
 * defined: -x"). A -h/-help/--help flag returns 1. */
int flags_parse(struct flag *table, size_t n, int argc, char **argv,
		int *first, struct strbuf *err);
void flag_list_release(struct flag_list *l);

#endif
