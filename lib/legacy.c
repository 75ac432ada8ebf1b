#include "legacy.h"

#include "profile.h"

int legacy_parse(const uint8_t *data, size_t len, struct profile **out)
{
	(void)data;
	(void)len;
	*out = NULL;
	return LEGACY_UNRECOGNIZED;
}
