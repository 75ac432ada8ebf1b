/* Unit tests for tabwriter: Go's text/tabwriter column blocks, worked out
 * by hand from its rules (cell width + padding, right alignment, a line
 * without tabs ends every block). */
#include <string.h>

#include "check.h"
#include "lib/base/strbuf.h"
#include "report/tabwriter.h"

static const char *fmt(const char *in, bool right)
{
	static char buf[512];
	struct strbuf sb = STRBUF_INIT;
	tabwriter_format(&sb, in, strlen(in), 0, 1, right);
	snprintf(buf, sizeof(buf), "%s", sb.buf);
	strbuf_release(&sb);
	return buf;
}

int main(void)
{
	/* column 0 spans three lines, column 1 only the last two */
	CHECK_STR(fmt("bytes:\t Total 1B\n \t1.0B:\t x\n \t10.0B:\t yy\n\n", true),
		  " bytes: Total 1B\n"
		  "         1.0B: x\n"
		  "        10.0B: yy\n"
		  "\n");
	/* the blank line splits the blocks: widths are computed apart */
	CHECK_STR(fmt("a\tb\n\nlonger\tc\n", true), " ab\n\n longerc\n");
	CHECK_STR(fmt("a\tb\nlonger\tc\n", false), "a      b\nlonger c\n");
	/* widths count runes, not bytes (padding goes left of the text) */
	CHECK_STR(fmt("\xce\xbcs\tx\nab\ty\n", true), " \xce\xbcsx\n aby\n");
	return check_report();
}
