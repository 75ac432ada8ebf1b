/* sink: a report's output, into memory or through a bounded buffer into
 * a file; write failures are kept until sink_finish reports them. */
#include "lib/base/sink.h"

#include <errno.h>
#include <string.h>

#include "lib/base/error.h"

void sink_init_memory(struct sink *s, struct strbuf *sb)
{
	memset(s, 0, sizeof(*s));
	strbuf_init(&s->own);
	strbuf_init(&s->msg);
	s->buf = sb;
}

void sink_init_file(struct sink *s, FILE *f, const char *name)
{
	sink_init_memory(s, NULL);
	s->buf = &s->own;
	s->file = f;
	s->name = name;
}

void sink_init_path(struct sink *s, const char *path)
{
	sink_init_file(s, NULL, path);
	s->path = path;
}

/* Remembers the first failure as Go words it ("write NAME: no space left
 * on device": strerror without its capital). */
static void fail(struct sink *s, const char *op, int err)
{
	if (s->failed)
		return;
	s->failed = 1;
	strbuf_addf(&s->msg, "%s %s: %s", op, s->name,
		    strerror(err ? err : EIO));
	size_t at = strlen(op) + strlen(s->name) + 3;
	if (at < s->msg.len && s->msg.buf[at] >= 'A' && s->msg.buf[at] <= 'Z')
		s->msg.buf[at] = (char)(s->msg.buf[at] - 'A' + 'a');
}

static void open_path(struct sink *s)
{
	if (s->file || !s->path || s->failed)
		return;
	s->file = fopen(s->path, "wb");
	if (!s->file)
		fail(s, "open", errno);
	else
		s->owns_file = 1;
}

void sink_flush(struct sink *s)
{
	if (s->buf != &s->own)
		return;
	open_path(s);
	if (!s->failed && s->own.len &&
	    fwrite(s->own.buf, 1, s->own.len, s->file) != s->own.len)
		fail(s, "write", errno);
	strbuf_reset(&s->own);
}

int sink_finish(struct sink *s)
{
	if (s->buf != &s->own)
		return 0;
	sink_flush(s);
	if (!s->failed && fflush(s->file))
		fail(s, "write", errno);
	if (s->owns_file) {
		s->owns_file = 0;
		if (fclose(s->file) && !s->failed)
			fail(s, "close", errno);
	}
	s->file = NULL;
	return s->failed ? error_set("%s", s->msg.buf) : 0;
}

void sink_release(struct sink *s)
{
	if (s->owns_file)
		fclose(s->file);
	strbuf_release(&s->own);
	strbuf_release(&s->msg);
	s->buf = &s->own;
	s->file = NULL;
	s->owns_file = 0;
}
