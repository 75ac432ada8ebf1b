/* arena: blocks grow with the arena (a small profile stays small, a big
 * one makes few large blocks); big blocks ask xalloc for huge pages. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define ARENA_ALIGN 16
#define ARENA_BLOCK (256 * 1024)
/* Blocks grow with the arena up to this size: a big profile's arena is
 * then a few large blocks, which xmalloc asks the kernel to back with
 * huge pages. */
#define ARENA_BLOCK_MAX (16 * 1024 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t cap;
	/* keeps the payload after the header aligned */
	_Alignas(ARENA_ALIGN) char data[];
};

void arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = NULL, *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		if (!keep && b->cap == ARENA_BLOCK)
			keep = b;
		else
			free(b);
		b = next;
	}
	arena_init(a);
	if (keep) {
		keep->next = NULL;
		a->head = keep;
		a->cur = keep->data;
		a->end = keep->data + keep->cap;
		a->total = sizeof(*keep) + keep->cap;
	}
}

static void *alloc_slow(struct arena *a, size_t size)
{
	/* Large requests get a block of their own, linked behind the head so
	 * the head's free space stays usable. */
	size_t block = ARENA_BLOCK;
	while (block < ARENA_BLOCK_MAX && block <= a->total / 2)
		block *= 2;
	size_t cap = size > block / 4 ? size : block;
	struct arena_block *b = xmalloc(sizeof(*b) + cap);
	b->cap = cap;
	a->total += sizeof(*b) + cap;
	if (cap != size || !a->head) {
		b->next = a->head;
		a->head = b;
		a->cur = b->data + size;
		a->end = b->data + cap;
	} else {
		b->next = a->head->next;
		a->head->next = b;
	}
	return b->data;
}

void *arena_alloc(struct arena *a, size_t size)
{
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (size == 0)
		size = ARENA_ALIGN;
	if ((size_t)(a->end - a->cur) < size)
		return alloc_slow(a, size);
	void *p = a->cur;
	a->cur += size;
	return p;
}

void *arena_zalloc(struct arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(struct arena *a, const void *src, size_t size)
{
	void *p = arena_alloc(a, size);
	if (size)
		memcpy(p, src, size);
	return p;
}
