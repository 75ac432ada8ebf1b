/* gofmt: Go's text formatting of times, durations and floats, which
 * pprof's output carries verbatim (time.Time.String, time.Duration.String,
 * strconv's shortest 'g'). */
#ifndef CPROF_GOFMT_H
#define CPROF_GOFMT_H

#include <stdint.h>

struct strbuf;

/* time.Duration(ns).String(): "1h2m3.5s", "1.5ms", "0s". */
void gofmt_duration(struct strbuf *sb, int64_t ns);
/* time.Unix(0, ns).String() in UTC:
 * "2006-01-02 15:04:05.999999999 +0000 UTC". */
void gofmt_time(struct strbuf *sb, int64_t ns);
/* strconv.FormatFloat(v, 'g', -1, 64): shortest text that reads back. */
void gofmt_float(struct strbuf *sb, double v);
/* strconv.Quote(s): double quotes, Go's escapes for quotes, backslashes,
 * control characters and bytes that are not UTF-8; other runes as they
 * are, except a few Go does not count as printable (C1 controls, no-break
 * space, soft hyphen, line and paragraph separators, BOM), which become
 * \uXXXX. */
void gofmt_quote(struct strbuf *sb, const char *s);

/* Go's text for an errno (syscall.Errno.Error): the C library's message
 * with a lowercase first letter, "no such file or directory", so that
 * messages read as pprof's ("open f: permission denied"). Static
 * storage, overwritten by the next call from the same thread. */
const char *gofmt_errno(int err);

#endif
