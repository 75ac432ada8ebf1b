/* aggregate: blanks, in place, what a granularity ignores; locations are
 * not merged here because the graph groups equal ones anyway. */
#include "lib/transform/aggregate.h"

#include <string.h>

#include "lib/base/error.h"
#include "lib/model/profile.h"

void aggregate_profile(struct profile *p, bool inline_frames, bool function,
		       bool filename, bool linenumber, bool column, bool address)
{
	const char *empty = profile_interns(p, "");

	for (size_t i = 0; i < p->nmapping; i++) {
		struct profile_mapping *m = p->mapping[i];
		m->has_inline_frames = m->has_inline_frames && inline_frames;
		m->has_functions = m->has_functions && function;
		m->has_filenames = m->has_filenames && filename;
		m->has_line_numbers = m->has_line_numbers && linenumber;
	}
	for (size_t i = 0; i < p->nfunction; i++) {
		struct profile_function *f = p->function[i];
		if (!function)
			f->name = f->system_name = empty;
		if (!filename)
			f->filename = empty;
	}
	if (inline_frames && address && linenumber && column)
		return;
	for (size_t i = 0; i < p->nlocation; i++) {
		struct profile_location *l = p->location[i];
		/* the outermost frame is the function the code belongs to */
		if (!inline_frames && l->nline > 1) {
			l->line += l->nline - 1;
			l->nline = 1;
		}
		for (size_t j = 0; j < l->nline; j++) {
			if (!linenumber)
				l->line[j].line = 0;
			if (!linenumber || !column)
				l->line[j].column = 0;
		}
		if (!address)
			l->address = 0;
	}
}

int aggregate_granularity(struct profile *p, const char *granularity,
			  bool noinlines, bool showcolumns)
{
	bool function = false, filename = false, linenumber = false,
	     address = false;
	bool inlines = !noinlines;

	if (!strcmp(granularity, "addresses")) {
		if (inlines)
			return 0;
		function = filename = linenumber = address = true;
	} else if (!strcmp(granularity, "lines")) {
		function = filename = linenumber = true;
	} else if (!strcmp(granularity, "files")) {
		filename = true;
	} else if (!strcmp(granularity, "functions")) {
		function = true;
	} else if (!strcmp(granularity, "filefunctions")) {
		function = filename = true;
	} else {
		return error_set("unexpected granularity");
	}
	aggregate_profile(p, inlines, function, filename, linenumber, showcolumns,
			  address);
	return 0;
}
