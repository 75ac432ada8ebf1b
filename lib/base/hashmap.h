/* hashmap: open addressing with linear probing over caller-owned items.
 *
 * The map stores pointers to items and their hashes; it never owns the
 * items. Hashing and equality are the caller's (like git's hashmap.h), so
 * one implementation serves string interning, function and location dedup,
 * sample merging and graph nodes. Load factor stays below 1/2. There is no
 * removal: maps here are built, read, then thrown away. */
#ifndef CPROF_HASHMAP_H
#define CPROF_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hashmap_slot {
	uint64_t hash;
	void *item; /* NULL marks an empty slot */
};

struct hashmap {
	struct hashmap_slot *slots;
	size_t mask;  /* capacity - 1; capacity is a power of two */
	size_t count;
};

/* Returns true when `item` (in the map) equals `key` (the caller's probe). */
typedef bool (*hashmap_eq_fn)(const void *item, const void *key);

void hashmap_init(struct hashmap *m, size_t expected);
void hashmap_release(struct hashmap *m);
/* dst (uninitialized) becomes a map of src's items: the same pointers,
 * still owned by whoever owns src's. */
void hashmap_copy(struct hashmap *dst, const struct hashmap *src);
/* The item equal to key, or NULL. */
void *hashmap_get(const struct hashmap *m, uint64_t hash, const void *key,
		  hashmap_eq_fn eq);
/* Adds item without looking for an equal one first. */
void hashmap_add(struct hashmap *m, uint64_t hash, void *item);
/* Iteration: for (size_t i = 0; i <= m->mask; i++) if (m->slots[i].item) */

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed);
uint64_t hash_str(const char *s);
static inline uint64_t hash_u64(uint64_t x)
{
	/* splitmix64 finalizer: cheap and mixes every bit */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}
static inline uint64_t hash_combine(uint64_t h, uint64_t v)
{
	return hash_u64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

#endif
