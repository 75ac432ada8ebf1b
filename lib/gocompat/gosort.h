/* gosort: Go's sort.Sort, permutation for permutation.
 *
 * sort.Sort is not stable: elements that compare equal come out in an
 * order that depends on the pattern-defeating quicksort Go runs (its
 * pivots, partitions and pattern breaking). pprof sorts graph nodes with
 * it, and call-tree nodes can be equal (one function reached along two
 * paths), so matching pprof's numbering needs the same algorithm on the
 * same input order, not just any correct sort. */
#ifndef CPROF_GOSORT_H
#define CPROF_GOSORT_H

#include <stdbool.h>
#include <stddef.h>

/* Strict weak order: true when a must come before b. */
typedef bool (*gosort_less_fn)(const void *a, const void *b);

/* Sorts the n pointers of v in place as Go's sort.Sort would sort a
 * slice holding them with Less(i, j) = less(v[i], v[j]). */
void gosort_ptrs(void **v, size_t n, gosort_less_fn less);

#endif
