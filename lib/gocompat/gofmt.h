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

#endif
