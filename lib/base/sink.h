/* sink: where a report's bytes go, so that a long report (-traces, -raw,
 * -callgrind, -proto) is written while it is made instead of being built
 * whole in memory first.
 *
 * A renderer appends to `*s->buf` with the strbuf functions and calls
 * sink_maybe_flush() between records. Two kinds:
 * - a memory sink appends to a strbuf the caller owns, which ends up
 *   holding the whole report (the web UI, viewers, graphviz input);
 * - a file sink keeps a buffer of its own and writes it out whenever it
 *   passes SINK_CHUNK bytes, so its memory stays bounded.
 * Invariants: `buf` is never NULL. After a failed write a file sink drops
 * everything appended later and sink_finish() reports the failure. */
#ifndef CPROF_SINK_H
#define CPROF_SINK_H

#include <stdio.h>

#include "lib/base/strbuf.h"

/* Bytes a file sink holds before writing them. */
#define SINK_CHUNK (64 * 1024)

struct sink {
	struct strbuf *buf; /* append here */
	/* private */
	struct strbuf own;  /* a file sink's pending bytes */
	FILE *file;         /* NULL: memory sink, or path not opened yet */
	const char *path;   /* open at the first write; owned by the caller */
	const char *name;   /* the file's name in messages */
	int owns_file;      /* fclose at sink_finish/sink_release */
	int failed;         /* a write failed; msg says how */
	struct strbuf msg;
};

/* Appends to sb, which the caller owns; such a sink never fails. */
void sink_init_memory(struct sink *s, struct strbuf *sb);
/* Writes to f, already open (stdout), which stays open; name (e.g.
 * "/dev/stdout") is for messages. */
void sink_init_file(struct sink *s, FILE *f, const char *name);
/* Writes to the file at path, created or truncated at the first write
 * (or at sink_finish when nothing was written), so that a report failing
 * before its first output leaves no file. */
void sink_init_path(struct sink *s, const char *path);

/* Writes out a file sink's pending bytes. Memory sinks: nothing. */
void sink_flush(struct sink *s);

/* Writes out the pending bytes once there are SINK_CHUNK of them: cheap
 * enough to call after every record. */
static inline void sink_maybe_flush(struct sink *s)
{
	if (s->buf == &s->own && s->own.len >= SINK_CHUNK)
		sink_flush(s);
}

/* Writes what is pending, flushes and closes the file (stdout is
 * flushed, not closed); call it once, at the end. 0, or -1 and error_set
 * with Go's wording ("open PATH: ...", "write PATH: ...") when anything
 * failed. A memory sink: nothing to do, 0. */
int sink_finish(struct sink *s);

/* Frees the buffer and closes a file the sink opened, writing nothing
 * more (after a failure, or instead of sink_finish to abandon). */
void sink_release(struct sink *s);

#endif
