/* sourcefile: the source files that -list (and -weblist) annotate, found
 * and read the way pprof's sourceReader does.
 *
 * A file name from a profile is first trimmed (sourcefile_trim_path), then,
 * if still relative, looked for under each directory of the search path
 * (':'-separated) and under each of that directory's parents up to the
 * root; an absolute name must exist as it is. Files are read once and
 * kept, line by line, until sourcefile_reader_free; a file that cannot be
 * found is remembered with pprof's error text.
 *
 * Lines are split as Go's bufio.Scanner splits them: on '\n', with one
 * trailing '\r' dropped; the file ends early at a line of 64 KiB or more
 * (Scanner's token limit), silently, as in pprof, and after 64 MiB.
 * Only regular files (and directories, empty) are read: a FIFO or device
 * a profile names is reported as not a regular file. */
#ifndef CPROF_SOURCEFILE_H
#define CPROF_SOURCEFILE_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sourcefile_reader;

/* search_path and trim_path are copied; "" for none. */
struct sourcefile_reader *sourcefile_reader_new(const char *search_path,
						const char *trim_path);
void sourcefile_reader_free(struct sourcefile_reader *r);

/* Line lineno (from 1) of the file a profile names path, without its line
 * end, or NULL when the file has no such line (or was not found). The
 * text lives as long as the reader; *len gets its length. */
const char *sourcefile_line(struct sourcefile_reader *r, const char *path,
			    long lineno, size_t *len);

/* Why path could not be read ("could not find file … on path …" or the
 * open error), or NULL. Only meaningful after sourcefile_line on path. */
const char *sourcefile_error(struct sourcefile_reader *r, const char *path);

#endif
