#include "cmd/pipeline/flags.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

static struct flag *lookup(struct flag *table, size_t n, const char *name,
			   size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(table[i].name) == len && !strncmp(table[i].name, name, len))
			return &table[i];
	return NULL;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *yes[] = { "1", "t", "T", "true", "TRUE", "True" };
	static const char *no[] = { "0", "f", "F", "false", "FALSE", "False" };
	for (size_t i = 0; i < 6; i++) {
		if (!strcmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int set_value(struct flag *f, const char *value, struct strbuf *err)
{
	char *end;
	switch (f->kind) {
	case FLAG_BOOL:
		if (parse_bool(value, f->ptr))
			goto invalid;
		break;
	case FLAG_INT: {
		errno = 0;
		/* Go's int is 64 bits: take the whole int64 range (no
		 * blanks, which strtoll would skip) and clamp to ours, the
		 * same for every count a flag sets */
		long long v = strtoll(value, &end, 0);
		if (!*value || isspace((unsigned char)*value) || *end || errno)
			goto invalid;
		*(int *)f->ptr = v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
		break;
	}
	case FLAG_FLOAT: {
		errno = 0;
		double v = strtod(value, &end);
		if (!*value || *end || errno)
			goto invalid;
		*(double *)f->ptr = v;
		break;
	}
	case FLAG_STRING:
		*(const char **)f->ptr = value;
		break;
	case FLAG_LIST: {
		/* go tool pprof's lists are plain Go string flags: the last
		 * occurrence wins and an empty value means none */
		struct flag_list *l = f->ptr;
		l->n = 0;
		if (*value) {
			ALLOC_GROW(l->item, l->n + 1, l->alloc);
			l->item[l->n++] = value;
		}
		break;
	}
	}
	f->set = true;
	return 0;
invalid:
	strbuf_addf(err, "invalid value \"%s\" for flag -%s: parse error", value,
		    f->name);
	return -1;
}

int flags_parse(struct flag *table, size_t n, int argc, char **argv,
		int *first, struct strbuf *err)
{
	int i = 1;
	while (i < argc) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] == '\0')
			break;
		i++;
		const char *name = a + 1;
		if (name[0] == '-') {
			name++;
			if (name[0] == '\0')
				break; /* "--" ends the flags */
		}
		if (name[0] == '-' || name[0] == '=') {
			strbuf_addf(err, "bad flag syntax: %s", a);
			return -1;
		}
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		struct flag *f = lookup(table, n, name, len);
		if (!f) {
			if ((len == 1 && name[0] == 'h') ||
			    (len == 4 && !strncmp(name, "help", 4))) {
				*first = i;
				return 1;
			}
			strbuf_addf(err, "flag provided but not defined: -%.*s",
				    (int)len, name);
			return -1;
		}
		const char *value;
		if (eq) {
			value = eq + 1;
		} else if (f->kind == FLAG_BOOL) {
			value = "true";
		} else {
			if (i >= argc) {
				strbuf_addf(err, "flag needs an argument: -%s", f->name);
				return -1;
			}
			value = argv[i++];
		}
		if (set_value(f, value, err))
			return -1;
	}
	*first = i;
	return 0;
}

void flag_list_release(struct flag_list *l)
{
	free(l->item);
	memset(l, 0, sizeof(*l));
}
