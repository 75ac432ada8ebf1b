/* gopath: Go's slash-separated path rules, which pprof applies to file
 * names (path.Clean, filepath.Base) and its trimPath for -trim_path and
 * -source_path. One copy for every report and the symbol fetcher. */
#ifndef CPROF_GOPATH_H
#define CPROF_GOPATH_H

#include <stddef.h>

struct strbuf;

/* Go's path.Clean of s[0..n), appended to out ("" cleans to "."). */
void gopath_clean(struct strbuf *out, const char *s, size_t n);

/* Go's filepath.Base of s[0..n), appended to out. */
void gopath_base(struct strbuf *out, const char *s, size_t n);

/* pprof's trimPath: when trim is "", the part of path after the first
 * "/" + Base(dir) + "/" of each ':'-separated search entry; otherwise (or
 * when none is found) path without the first matching prefix of trim's
 * entries (each taken as a directory) or of /proc/self/cwd/./ and
 * /proc/self/cwd/. Returns a suffix of path itself. */
const char *gopath_trim(const char *path, const char *trim,
			const char *search);

#endif
