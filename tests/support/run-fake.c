/*
 * run-fake.c: see run-fake.h.
 */
#include "run-fake.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fwd_test_tool_path(const char *argv0, const char *tool, char *out, size_t size)
{
	const char *build = fwd_test_build_dir(argv0);
	int n;

	if (!build)
		return -1;
	n = snprintf(out, size, "%s/tests/tools/%s", build, tool);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

char fwd_test_flood_byte(size_t i)
{
	return i % 80 == 79 ? '\n' : (char)('!' + (i / 80 + i) % 90);
}
