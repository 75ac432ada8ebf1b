/* strbuf: a growable string, in the manner of git's strbuf.
 *
 * Invariants: `buf` is never NULL and always NUL-terminated; `len` is the
 * length without the NUL. A strbuf initialised with STRBUF_INIT owns no
 * memory until something is added. */
#ifndef CPROF_STRBUF_H
#define CPROF_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Takes the buffer; the strbuf is re-initialised. Caller frees. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addchars(struct strbuf *sb, char c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Writes the whole buffer; returns 0 or -1 on a write error. */
int strbuf_write(const struct strbuf *sb, FILE *f);

#endif
