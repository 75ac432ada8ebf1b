/* tabwriter: Go's text/tabwriter, for the reports pprof prints through it
 * (-tags). Cells end at '\t'; the text after a line's last tab is not part
 * of any column. Consecutive lines with a cell in a column form a block
 * whose cells are padded to the widest one (widths in runes). */
#ifndef CPROF_TABWRITER_H
#define CPROF_TABWRITER_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* Formats text (complete lines) into out, with the given minimum cell
 * width and padding, padding with spaces on the left when align_right. */
void tabwriter_format(struct strbuf *out, const char *text, size_t len,
		      size_t minwidth, size_t padding, bool align_right);

#endif
