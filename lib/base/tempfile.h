/* tempfile: pprof's newTempFile, the one way cprof names files it makes
 * up (saved profiles, reports sent to a viewer, images written away from
 * a terminal): DIR/PREFIXnnnSUFFIX with nnn from 001, the first name that
 * does not exist yet, created exclusively so that two processes never
 * share one. */
#ifndef CPROF_TEMPFILE_H
#define CPROF_TEMPFILE_H

#include <stddef.h>

struct strbuf;

/* Creates the file (dir NULL or "" for the current directory) and returns
 * its open descriptor (O_WRONLY), the name in path. -1 and error_set. */
int tempfile_create(const char *dir, const char *prefix, const char *suffix,
		    struct strbuf *path);

/* tempfile_create, then writes len bytes of data and closes it. */
int tempfile_write(const char *dir, const char *prefix, const char *suffix,
		   const void *data, size_t len, struct strbuf *path);

/* os.MkdirAll(dir, 0755): 0, or -1 with errno set. */
int tempfile_mkdir_all(const char *dir);

#endif
