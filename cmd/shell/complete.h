/* complete: what Tab offers in the shell: commands, setting names and
 * their values (choices, true/false, the profile's sample types), file
 * names after '>' and output=, and the profile's function names where a
 * command or setting takes a function regexp. */
#ifndef CPROF_COMPLETE_H
#define CPROF_COMPLETE_H

#include <stddef.h>

struct profile;
struct lineedit_cands;

/* The candidates for the word ending at line[cursor] (see
 * lineedit_complete_fn); p is the loaded profile. */
void complete_line(const struct profile *p, const char *line, size_t cursor,
		   size_t *start, struct lineedit_cands *c);

#endif
