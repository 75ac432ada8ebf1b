/* arena: bump allocation in large blocks, released all at once.
 *
 * Everything a loaded profile holds (strings, functions, locations, sample
 * arrays) lives in one arena and dies with it, so no per-object free exists
 * and hot loops never call malloc. Memory returned is 16-byte aligned and
 * not zeroed unless arena_zalloc is used. */
#ifndef CPROF_ARENA_H
#define CPROF_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block; NULL when empty */
	char *cur, *end;          /* free space in head */
	size_t total;             /* bytes obtained from malloc */
};

#define ARENA_INIT { 0 }

void arena_init(struct arena *a);
/* Frees every block; the arena is empty and reusable afterwards. */
void arena_release(struct arena *a);
/* Forgets every allocation but keeps one block for reuse: a scratch arena
 * reset per message costs no malloc in the steady state. */
void arena_reset(struct arena *a);
void *arena_alloc(struct arena *a, size_t size);
void *arena_zalloc(struct arena *a, size_t size);
/* Copies n bytes of s and a terminating NUL into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void *arena_memdup(struct arena *a, const void *p, size_t size);

#endif
