/* gosort against Go's sort.Sort: arrays full of equal keys (where an
 * unstable sort may put equal elements in any order) are sorted by key
 * only, and the order of the elements' ids must be the one Go 1.23's
 * sort.Sort produced for the same input (an FNV-1a hash of the ids, from
 * a Go program running sort.Sort on the same keys). */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "lib/gocompat/gosort.h"

struct el {
	int key, id;
};

static bool by_key(const void *a, const void *b)
{
	return ((const struct el *)a)->key < ((const struct el *)b)->key;
}

/* The keys of the Go program: sorted runs, reversed runs, pseudo-random,
 * groups of four, all equal, organ pipe. */
static int key_of(int kind, int n, int i)
{
	switch (kind) {
	case 0: return (i * 7) % 5;
	case 1: return (n - i) / 3;
	case 2: return (i * i * 31 + 17) % 11;
	case 3: return i / 4;
	case 4: return 0;
	default: return i < n / 2 ? i : n - i;
	}
}

static const struct {
	int n, kind;
	uint64_t hash;
} want[] = {
	{ 13, 0, 0x123ab30b59620f53ULL },
	{ 13, 1, 0x3d5c5a78177a3ed9ULL },
	{ 13, 2, 0xfa8efb782cc6c5b1ULL },
	{ 13, 3, 0xb96137ea2d10008fULL },
	{ 13, 4, 0xb96137ea2d10008fULL },
	{ 13, 5, 0x505d57419aa7370bULL },
	{ 40, 0, 0x340d1f5f439c68a3ULL },
	{ 40, 1, 0x72adb8dee9734d8fULL },
	{ 40, 2, 0xa2aa711b4102ec89ULL },
	{ 40, 3, 0xc9ccf0fe5fbdeb1dULL },
	{ 40, 4, 0xc9ccf0fe5fbdeb1dULL },
	{ 40, 5, 0x88b2184b6f9b846dULL },
	{ 60, 0, 0xd59d00df039176ffULL },
	{ 60, 1, 0x0be2143ece70012dULL },
	{ 60, 2, 0xea194bb650f2bf37ULL },
	{ 60, 3, 0x2a8c7ed8430bcee9ULL },
	{ 60, 4, 0x2a8c7ed8430bcee9ULL },
	{ 60, 5, 0xebe5716290b3cec3ULL },
	{ 200, 0, 0xb7a3a9c7c2cdd13bULL },
	{ 200, 1, 0x9327cd6e6b3562d3ULL },
	{ 200, 2, 0xff77bf48a83b4075ULL },
	{ 200, 3, 0x43cfa8023695d3bdULL },
	{ 200, 4, 0x43cfa8023695d3bdULL },
	{ 200, 5, 0x1d37e69ac3c4f19dULL },
	{ 1000, 0, 0xd9b4da5ba4e774b3ULL },
	{ 1000, 1, 0xe215947c472f2c91ULL },
	{ 1000, 2, 0x38597a83058af39dULL },
	{ 1000, 3, 0x988cc5afd8cb65ddULL },
	{ 1000, 4, 0x988cc5afd8cb65ddULL },
	{ 1000, 5, 0xfa2e4a6198c6c4fdULL },
};

int main(void)
{
	for (size_t t = 0; t < sizeof(want) / sizeof(want[0]); t++) {
		int n = want[t].n;
		struct el *e = calloc((size_t)n, sizeof(*e));
		void **v = calloc((size_t)n, sizeof(*v));
		for (int i = 0; i < n; i++) {
			e[i] = (struct el){ key_of(want[t].kind, n, i), i };
			v[i] = &e[i];
		}
		gosort_ptrs(v, (size_t)n, by_key);
		uint64_t h = 14695981039346656037ULL;
		bool sorted = true;
		for (int i = 0; i < n; i++) {
			const struct el *x = v[i];
			h ^= (uint64_t)x->id;
			h *= 1099511628211ULL;
			if (i && by_key(x, v[i - 1]))
				sorted = false;
		}
		CHECK(sorted);
		if (h != want[t].hash)
			fprintf(stderr, "n=%d kind=%d: order differs from Go's\n",
				n, want[t].kind);
		CHECK(h == want[t].hash);
		free(v);
		free(e);
	}
	return check_report();
}
