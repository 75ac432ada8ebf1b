/* label_units: pprof's NumLabelUnits, the one place that decides which
 * unit a numeric label key is in, for the filters (-tagfocus ranges) and
 * every report that prints numeric labels. */
#include "lib/model/label_units.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/diag.h"
#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"
#include "lib/model/profile.h"

static int label_unit_cmp(const void *a, const void *b)
{
	const struct label_unit *x = a, *y = b;
	return strcmp(x->key, y->key);
}

static struct label_unit *find_unit(struct label_unit *v,
					   size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].key == key)
			return &v[i];
	return NULL;
}

void label_units_init(struct label_units *u, const struct profile *p,
		      bool warn)
{
	/* few distinct keys: linear search over interned pointers */
	struct label_unit *v = NULL;
	size_t n = 0, alloc = 0;
	/* (key, other unit) pairs seen besides the first unit */
	struct label_unit *extra = NULL;
	size_t nextra = 0, extra_alloc = 0;

	for (size_t i = 0; i < p->nsample; i++) {
		const struct profile_sample *s = &p->sample[i];
		for (size_t j = 0; j < s->nlabel; j++) {
			const struct profile_label *l = &s->label[j];
			if (l->str)
				continue;
			struct label_unit *e = find_unit(v, n, l->key);
			if (!e) {
				ALLOC_GROW(v, n + 1, alloc);
				v[n] = (struct label_unit){ l->key, "" };
				e = &v[n++];
			}
			if (!*l->unit)
				continue;
			if (!*e->unit) {
				e->unit = l->unit;
			} else if (e->unit != l->unit) {
				bool seen = false;
				for (size_t k = 0; k < nextra; k++)
					if (extra[k].key == l->key &&
					    extra[k].unit == l->unit)
						seen = true;
				if (!seen) {
					ALLOC_GROW(extra, nextra + 1, extra_alloc);
					extra[nextra++] = (struct label_unit){
						l->key, l->unit };
				}
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (*v[i].unit)
			continue;
		if (!strcmp(v[i].key, "alignment") || !strcmp(v[i].key, "request"))
			v[i].unit = "bytes";
		else
			v[i].unit = v[i].key;
	}
	if (n)
		qsort(v, n, sizeof(*v), label_unit_cmp);
	if (nextra && warn) {
		/* pprof lists the other units sorted, keys in map order; we
		 * sort keys too so the text is deterministic */
		qsort(extra, nextra, sizeof(*extra), label_unit_cmp);
		for (size_t i = 0; i < n; i++) {
			bool any = false;
			const char **us = NULL;
			size_t nus = 0, us_alloc = 0;
			for (size_t k = 0; k < nextra; k++)
				if (extra[k].key == v[i].key) {
					ALLOC_GROW(us, nus + 1, us_alloc);
					us[nus++] = extra[k].unit;
				}
			for (size_t a = 1; a < nus; a++)
				for (size_t b = a; b > 0 && strcmp(us[b - 1], us[b]) > 0; b--) {
					const char *t = us[b];
					us[b] = us[b - 1];
					us[b - 1] = t;
				}
			struct strbuf line = STRBUF_INIT;
			for (size_t k = 0; k < nus; k++) {
				if (!any)
					strbuf_addf(&line,
						    "For tag %s used unit %s, also encountered unit(s) ",
						    v[i].key, v[i].unit);
				strbuf_addf(&line, "%s%s", any ? ", " : "", us[k]);
				any = true;
			}
			if (any)
				diag_note("%s", line.buf);
			strbuf_release(&line);
			free(us);
		}
	}
	free(extra);
	u->item = v;
	u->n = n;
}

void label_units_release(struct label_units *u)
{
	free(u->item);
	u->item = NULL;
	u->n = 0;
}

const char *label_units_get(const struct label_units *u,
			      const char *key)
{
	if (!u)
		return "";
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->item[i].key, key))
			return u->item[i].unit;
	return "";
}
