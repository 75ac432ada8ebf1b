/* gosort: Go's sort.Sort (pdqsort as in Go 1.19 and later) on an array of
 * pointers. Every step that decides where equal elements end up (pivot
 * choice, the two partition schemes, the partial insertion sort, the
 * pattern breaking with its xorshift seeded by the length) follows Go's
 * sort package, so that the output permutation is the same. */
#include "lib/gocompat/gosort.h"

#include <stdint.h>

struct sorter {
	void **v;
	gosort_less_fn less;
};

enum hint { HINT_UNKNOWN, HINT_INCREASING, HINT_DECREASING };

static bool lt(const struct sorter *s, size_t i, size_t j)
{
	return s->less(s->v[i], s->v[j]);
}

static void swap(struct sorter *s, size_t i, size_t j)
{
	void *t = s->v[i];
	s->v[i] = s->v[j];
	s->v[j] = t;
}

/* bits.Len: the number of bits needed to represent x. */
static unsigned bit_len(size_t x)
{
	unsigned n = 0;
	for (; x; x >>= 1)
		n++;
	return n;
}

static void insertion_sort(struct sorter *s, size_t a, size_t b)
{
	for (size_t i = a + 1; i < b; i++)
		for (size_t j = i; j > a && lt(s, j, j - 1); j--)
			swap(s, j, j - 1);
}

static void sift_down(struct sorter *s, size_t lo, size_t hi, size_t first)
{
	size_t root = lo;
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= hi)
			return;
		if (child + 1 < hi && lt(s, first + child, first + child + 1))
			child++;
		if (!lt(s, first + root, first + child))
			return;
		swap(s, first + root, first + child);
		root = child;
	}
}

static void heap_sort(struct sorter *s, size_t a, size_t b)
{
	size_t hi = b - a;
	for (size_t i = (hi - 1) / 2 + 1; i-- > 0;)
		sift_down(s, i, hi, a);
	for (size_t i = hi; i-- > 0;) {
		swap(s, a, a + i);
		sift_down(s, 0, i, a);
	}
}

/* Orders two indexes by their elements, counting a swap. */
static void order2(const struct sorter *s, size_t *a, size_t *b, int *swaps)
{
	if (lt(s, *b, *a)) {
		size_t t = *a;
		*a = *b;
		*b = t;
		(*swaps)++;
	}
}

static size_t median(const struct sorter *s, size_t a, size_t b, size_t c,
		     int *swaps)
{
	order2(s, &a, &b, swaps);
	order2(s, &b, &c, swaps);
	order2(s, &a, &b, swaps);
	return b;
}

/* The pivot: the middle of three quarter points, each the median of its
 * neighbours on long ranges; the swaps it took hint at presortedness. */
static size_t choose_pivot(const struct sorter *s, size_t a, size_t b,
			   enum hint *hint)
{
	size_t l = b - a;
	int swaps = 0;
	size_t i = a + l / 4 * 1, j = a + l / 4 * 2, k = a + l / 4 * 3;
	if (l >= 8) {
		if (l >= 50) {
			i = median(s, i - 1, i, i + 1, &swaps);
			j = median(s, j - 1, j, j + 1, &swaps);
			k = median(s, k - 1, k, k + 1, &swaps);
		}
		j = median(s, i, j, k, &swaps);
	}
	*hint = swaps == 0 ? HINT_INCREASING
		: swaps == 12 ? HINT_DECREASING : HINT_UNKNOWN;
	return j;
}

static void reverse_range(struct sorter *s, size_t a, size_t b)
{
	for (size_t i = a, j = b - 1; i < j; i++, j--)
		swap(s, i, j);
}

/* Sorts [a, b) if it is nearly sorted (a few adjacent pairs out of
 * order, shifted into place); false when it gave up. */
static bool partial_insertion_sort(struct sorter *s, size_t a, size_t b)
{
	size_t i = a + 1;
	for (int step = 0; step < 5; step++) {
		while (i < b && !lt(s, i, i - 1))
			i++;
		if (i == b)
			return true;
		if (b - a < 50)
			return false;
		swap(s, i, i - 1);
		if (i - a >= 2)
			for (size_t j = i - 1; j >= 1; j--) {
				if (!lt(s, j, j - 1))
					break;
				swap(s, j, j - 1);
			}
		if (b - i >= 2)
			for (size_t j = i + 1; j < b; j++) {
				if (!lt(s, j, j - 1))
					break;
				swap(s, j, j - 1);
			}
	}
	return false;
}

/* Swaps three middle elements with pseudo-random others (Go's xorshift
 * seeded by the length), against adversarial patterns. */
static void break_patterns(struct sorter *s, size_t a, size_t b)
{
	size_t length = b - a;
	if (length < 8)
		return;
	uint64_t r = length;
	size_t modulus = (size_t)1 << bit_len(length);
	for (size_t idx = a + (length / 4) * 2 - 1;
	     idx <= a + (length / 4) * 2 + 1; idx++) {
		r ^= r << 13;
		r ^= r >> 17;
		r ^= r << 5;
		size_t other = (size_t)r & (modulus - 1);
		if (other >= length)
			other -= length;
		swap(s, idx, a + other);
	}
}

/* Elements less than the pivot to its left, the rest to its right; the
 * pivot's final index, *already when nothing moved. */
static size_t partition(struct sorter *s, size_t a, size_t b, size_t pivot,
			bool *already)
{
	swap(s, a, pivot);
	/* i and j enclose what is left to partition; j may go below a */
	ptrdiff_t i = (ptrdiff_t)a + 1, j = (ptrdiff_t)b - 1;
	while (i <= j && lt(s, (size_t)i, a))
		i++;
	while (i <= j && !lt(s, (size_t)j, a))
		j--;
	if (i > j) {
		swap(s, (size_t)j, a);
		*already = true;
		return (size_t)j;
	}
	swap(s, (size_t)i, (size_t)j);
	i++;
	j--;
	for (;;) {
		while (i <= j && lt(s, (size_t)i, a))
			i++;
		while (i <= j && !lt(s, (size_t)j, a))
			j--;
		if (i > j)
			break;
		swap(s, (size_t)i, (size_t)j);
		i++;
		j--;
	}
	swap(s, (size_t)j, a);
	*already = false;
	return (size_t)j;
}

/* For a range whose elements are all at least the pivot: those equal to
 * it first; returns where the greater ones start. */
static size_t partition_equal(struct sorter *s, size_t a, size_t b,
			      size_t pivot)
{
	swap(s, a, pivot);
	ptrdiff_t i = (ptrdiff_t)a + 1, j = (ptrdiff_t)b - 1;
	for (;;) {
		while (i <= j && !lt(s, a, (size_t)i))
			i++;
		while (i <= j && lt(s, a, (size_t)j))
			j--;
		if (i > j)
			break;
		swap(s, (size_t)i, (size_t)j);
		i++;
		j--;
	}
	return (size_t)i;
}

static void pdqsort(struct sorter *s, size_t a, size_t b, unsigned limit)
{
	bool balanced = true, partitioned = true;
	for (;;) {
		size_t length = b - a;
		if (length <= 12) {
			insertion_sort(s, a, b);
			return;
		}
		if (limit == 0) {
			heap_sort(s, a, b);
			return;
		}
		if (!balanced) {
			break_patterns(s, a, b);
			limit--;
		}
		enum hint hint;
		size_t pivot = choose_pivot(s, a, b, &hint);
		if (hint == HINT_DECREASING) {
			reverse_range(s, a, b);
			pivot = (b - 1) - (pivot - a);
			hint = HINT_INCREASING;
		}
		if (balanced && partitioned && hint == HINT_INCREASING &&
		    partial_insertion_sort(s, a, b))
			return;
		/* everything here is at least the element before the range,
		 * so gather the pivot's equals and go on past them */
		if (a > 0 && !lt(s, a - 1, pivot)) {
			a = partition_equal(s, a, b, pivot);
			continue;
		}
		size_t mid = partition(s, a, b, pivot, &partitioned);
		size_t left = mid - a, right = b - mid;
		if (left < right) {
			balanced = left >= length / 8;
			pdqsort(s, a, mid, limit);
			a = mid + 1;
		} else {
			balanced = right >= length / 8;
			pdqsort(s, mid + 1, b, limit);
			b = mid;
		}
	}
}

void gosort_ptrs(void **v, size_t n, gosort_less_fn less)
{
	if (n <= 1)
		return;
	struct sorter s = { v, less };
	pdqsort(&s, 0, n, bit_len(n));
}
