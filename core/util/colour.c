/*
 * colour.c: when to colour, and the escape sequences (colour.h).
 */
#include "util/colour.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fwd_colour_wanted(int fd)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (no && *no)
		return 0;
	if (term && !strcmp(term, "dumb"))
		return 0;
	return isatty(fd);
}

const char *fwd_colour(int on, enum fwd_colour c)
{
	static const char *const seq[] = {
		[FWD_COLOUR_OFF] = "\033[0m",
		[FWD_COLOUR_GREEN] = "\033[32m",
		[FWD_COLOUR_RED] = "\033[31m",
		[FWD_COLOUR_YELLOW] = "\033[33m",
		[FWD_COLOUR_CYAN] = "\033[36m",
	};

	return on ? seq[c] : "";
}
