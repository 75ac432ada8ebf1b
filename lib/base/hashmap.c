/* hashmap: a power-of-two table of (hash, item) slots; the stored hash
 * saves calling the caller's equality on most mismatches. */
#include "lib/base/hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "lib/base/xalloc.h"

void hashmap_init(struct hashmap *m, size_t expected)
{
	size_t cap = 16;
	while (cap < expected * 2)
		cap *= 2;
	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->mask = cap - 1;
	m->count = 0;
}

void hashmap_release(struct hashmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

void hashmap_copy(struct hashmap *dst, const struct hashmap *src)
{
	size_t cap = src->slots ? src->mask + 1 : 0;
	*dst = *src;
	if (cap) {
		dst->slots = xmalloc(cap * sizeof(*dst->slots));
		memcpy(dst->slots, src->slots, cap * sizeof(*dst->slots));
	}
}

void *hashmap_get(const struct hashmap *m, uint64_t hash, const void *key,
		  hashmap_eq_fn eq)
{
	if (!m->slots)
		return NULL;
	for (size_t i = hash & m->mask;; i = (i + 1) & m->mask) {
		const struct hashmap_slot *s = &m->slots[i];
		if (!s->item)
			return NULL;
		if (s->hash == hash && eq(s->item, key))
			return s->item;
	}
}

static void grow(struct hashmap *m)
{
	struct hashmap_slot *old = m->slots;
	size_t oldcap = m->mask + 1;
	size_t cap = oldcap * 2;
	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->mask = cap - 1;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].item)
			continue;
		size_t j = old[i].hash & m->mask;
		while (m->slots[j].item)
			j = (j + 1) & m->mask;
		m->slots[j] = old[i];
	}
	free(old);
}

void hashmap_add(struct hashmap *m, uint64_t hash, void *item)
{
	if (!m->slots)
		hashmap_init(m, 8);
	if ((m->count + 1) * 2 > m->mask + 1)
		grow(m);
	size_t i = hash & m->mask;
	while (m->slots[i].item)
		i = (i + 1) & m->mask;
	m->slots[i].hash = hash;
	m->slots[i].item = item;
	m->count++;
}

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
	/* FNV-1a over 8-byte words, then a strong finalizer. */
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
		p += 8;
		len -= 8;
	}
	while (len--) {
		h = (h ^ *p++) * 0x100000001b3ULL;
	}
	return hash_u64(h);
}

uint64_t hash_str(const char *s)
{
	return hash_bytes(s, strlen(s), 0);
}
