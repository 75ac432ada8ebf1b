/* flags: Go's flag package rules for the command line (see flags.h); values
 * are read with Go's strconv syntax (goparse.h), as the flag package does. */
#include "cmd/pipeline/flags.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/gocompat/goparse.h"

static struct flag *lookup(struct flag *table, size_t n, const char *name,
			   size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(table[i].name) == len && !strncmp(table[i].name, name, len))
			return &table[i];
	return NULL;
}

static int set_value(struct flag *f, const char *value, struct strbuf *err)
{
	int rc = 0;
	switch (f->kind) {
	case FLAG_BOOL:
		rc = goparse_bool(value, f->ptr);
		break;
	case FLAG_INT: {
		/* Go's int is 64 bits: take the whole int64 range and clamp
		 * to ours, the same for every count a flag sets */
		int64_t v;
		rc = goparse_int(value, 0, &v);
		if (!rc)
			*(int *)f->ptr = v > INT_MAX ? INT_MAX :
					 v < INT_MIN ? INT_MIN : (int)v;
		break;
	}
	case FLAG_FLOAT: {
		double v;
		rc = goparse_float(value, &v);
		if (!rc)
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
	if (rc) {
		/* the flag package's words for strconv's two errors */
		strbuf_addf(err, "invalid value \"%s\" for flag -%s: %s", value,
			    f->name, rc == GOPARSE_RANGE ? "value out of range" :
							   "parse error");
		return -1;
	}
	f->set = true;
	return 0;
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
