/* tabwriter: cells are measured in runes, as Go's tabwriter counts them. */
#include "report/tabwriter.h"

#include <stdlib.h>

#include "lib/base/strbuf.h"
#include "lib/base/xalloc.h"

struct cell {
	const char *text;
	size_t size;  /* bytes */
	size_t width; /* runes */
};

struct line {
	struct cell *cell;
	size_t ncell;
};

struct tw {
	struct strbuf *out;
	struct line *line;
	size_t nline;
	size_t *widths; /* one per open column block */
	size_t nwidths;
	size_t minwidth, padding;
	bool align_right;
};

static size_t rune_count(const char *s, size_t n)
{
	size_t r = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			r++;
	return r;
}

static void write_lines(struct tw *t, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct line *l = &t->line[i];
		for (size_t j = 0; j < l->ncell; j++) {
			const struct cell *c = &l->cell[j];
			bool in_block = j < t->nwidths;
			if (!t->align_right && c->size) {
				strbuf_add(t->out, c->text, c->size);
				if (in_block)
					strbuf_addchars(t->out, ' ', t->widths[j] - c->width);
				continue;
			}
			if (in_block)
				strbuf_addchars(t->out, ' ', t->widths[j] - c->width);
			strbuf_add(t->out, c->text, c->size);
		}
		strbuf_addch(t->out, '\n');
	}
}

/* Go's recursive block formatting: each run of lines having a cell in
 * the next column is one block, formatted with that column's width. */
static void format(struct tw *t, size_t line0, size_t line1)
{
	size_t column = t->nwidths;
	for (size_t i = line0; i < line1; i++) {
		if (column + 1 >= t->line[i].ncell)
			continue;
		write_lines(t, line0, i);
		line0 = i;
		size_t width = t->minwidth;
		for (; i < line1; i++) {
			const struct line *l = &t->line[i];
			if (column + 1 >= l->ncell)
				break;
			size_t w = l->cell[column].width + t->padding;
			if (w > width)
				width = w;
		}
		t->widths[t->nwidths++] = width;
		format(t, line0, i);
		t->nwidths--;
		line0 = i;
		/* line i has no cell in this column: the loop may skip it */
	}
	write_lines(t, line0, line1);
}

void tabwriter_format(struct strbuf *out, const char *text, size_t len,
		      size_t minwidth, size_t padding, bool align_right)
{
	struct tw t = { .out = out, .minwidth = minwidth, .padding = padding,
			.align_right = align_right };
	size_t line_alloc = 0, maxcells = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		ALLOC_GROW(t.line, t.nline + 1, line_alloc);
		struct line *l = &t.line[t.nline++];
		size_t cell_alloc = 0;
		l->cell = NULL;
		l->ncell = 0;
		const char *start = p;
		for (;; p++) {
			if (p == end || *p == '\t' || *p == '\n') {
				ALLOC_GROW(l->cell, l->ncell + 1, cell_alloc);
				l->cell[l->ncell++] = (struct cell){
					start, (size_t)(p - start),
					rune_count(start, (size_t)(p - start)) };
				if (p == end || *p == '\n')
					break;
				start = p + 1;
			}
		}
		if (l->ncell > maxcells)
			maxcells = l->ncell;
		if (p < end)
			p++;
	}
	t.widths = xcalloc(maxcells + 1, sizeof(*t.widths));
	format(&t, 0, t.nline);
	for (size_t i = 0; i < t.nline; i++)
		free(t.line[i].cell);
	free(t.line);
	free(t.widths);
}
