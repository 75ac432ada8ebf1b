/* check: the smallest test helper. CHECK fails the test with the file and
 * line; check_report() prints the tally in the plain "N passed, N failed"
 * form and gives the exit status. */
#ifndef CPROF_CHECK_H
#define CPROF_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                          \
	do {                                                                     \
		if (cond) {                                                          \
			check_passed++;                                                  \
		} else {                                                             \
			check_failed++;                                                  \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
		}                                                                    \
	} while (0)

#define CHECK_STR(a, b)                                                      \
	do {                                                                     \
		const char *check_a_ = (a), *check_b_ = (b);                         \
		if (check_a_ && check_b_ && !strcmp(check_a_, check_b_)) {           \
			check_passed++;                                                  \
		} else {                                                             \
			check_failed++;                                                  \
			fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__,  \
				__LINE__, #a, check_a_ ? check_a_ : "(null)",                \
				check_b_ ? check_b_ : "(null)");                             \
		}                                                                    \
	} while (0)

static inline int check_report(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
