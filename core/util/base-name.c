/*
 * base-name.c: see base-name.h.
 */
#include "util/base-name.h"

#include <string.h>

const char *fwd_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
