/* Target: a -tagfocus/-tagignore numeric range ("32kb", ":64", "1ms:2s",
 * "-5:+7") as filter_parse_range reads it, then matched against values in
 * several units, which exercises the unit scaling of units.c. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "lib/transform/filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256)
		return 0;
	char s[257];
	memcpy(s, data, size);
	s[size] = '\0';
	struct filter_range r;
	if (filter_parse_range(s, &r) != 1)
		return 0;
	static const char *units[] = { "", "bytes", "kB", "nanoseconds", "ms",
				       "count", "weird" };
	static const int64_t values[] = { 0, 1, -1, 1024, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		for (size_t j = 0; j < sizeof(values) / sizeof(values[0]); j++)
			filter_range_match(&r, values[j], units[i]);
	return 0;
}
