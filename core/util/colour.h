/*
 * colour.h: colour on a terminal, and only there.
 *
 * A stream gets colour when it is a terminal, NO_COLOR is unset or empty
 * (no-color.org) and TERM is not "dumb"; logs, pipes and files never get
 * escape codes.
 */
#ifndef FWD_COLOUR_H
#define FWD_COLOUR_H

enum fwd_colour {
	FWD_COLOUR_OFF,     /* back to the terminal's own */
	FWD_COLOUR_GREEN,   /* ok */
	FWD_COLOUR_RED,     /* failed, errors */
	FWD_COLOUR_YELLOW,  /* skipped, warnings */
	FWD_COLOUR_CYAN,    /* running */
};

/* Should text written to fd be coloured? */
int fwd_colour_wanted(int fd);

/* The escape sequence for c when on, else "". */
const char *fwd_colour(int on, enum fwd_colour c);

#endif
