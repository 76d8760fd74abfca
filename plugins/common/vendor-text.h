/*
 * vendor-text.h: making a vendor tool's output fit to quote.
 *
 * Vendor tools (sum, racadm) write for a terminal: colour escapes,
 * counters redrawn in place with "\r", banners.  fwdispatch quotes what
 * they said in its messages and JSON, so it first turns the output into
 * the plain lines a terminal would have shown.
 *
 * Ownership: every function returning char * returns a malloc'd string
 * (the plugin's own memory, released with free(), never host->free), or
 * NULL when out of memory.  Inputs are only read; NULL counts as "".
 */
#ifndef FWDP_VENDOR_TEXT_H
#define FWDP_VENDOR_TEXT_H

#include <stddef.h>

/*
 * The text as a terminal shows it: ANSI escape sequences removed (CSI
 * "ESC [ ... final", OSC "ESC ] ... BEL or ESC \", and two-byte "ESC x"),
 * a line redrawn with "\r" reduced to its last drawing, "\r\n" to "\n",
 * a backspace erasing the character before it, and the other control
 * characters except "\n" and "\t" dropped.
 */
char *fwdp_text_clean(const char *text);

/*
 * The last max_lines non-blank lines of text (already clean), joined
 * with "\n", without a trailing newline; "" when there are none.
 */
char *fwdp_text_tail(const char *text, size_t max_lines);

/*
 * The lines of text from the first one containing marker (ignoring
 * ASCII case) to the end, at most max_lines of them, blank ones
 * dropped, each with its trailing blanks removed; NULL when the marker
 * does not occur (or out of memory).
 */
char *fwdp_text_from_marker(const char *text, const char *marker, size_t max_lines);

/*
 * The value of the first "Key = value" or "Key : value" line (the key
 * at the line's start, after blanks, ignoring case; dots, blanks, '='
 * or ':' between key and value), copied into out (cut to fit).  Returns
 * 1 when found, 0 otherwise (out is then "").
 */
int fwdp_text_field(const char *text, const char *key, char *out, size_t out_size);

#endif
