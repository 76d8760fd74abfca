/*
 * safe-text.h: text from outside (a BMC, a vendor tool, DMI) made safe to
 * print on a terminal or into a log.
 *
 * A BMC user name, an iDRAC job message or a DMI string may carry escape
 * sequences, carriage returns or Unicode bidi overrides: printed raw, a
 * crafted one clears the screen, rewrites a line or fakes a green "ok".
 * So every such string passes here at the output boundary: C0 and C1
 * controls and DEL become visible escapes ("\x1b", "\n"), bidi controls
 * become "\u202e"; a tab becomes a space.  JSON keeps the data as it was
 * (jansson escapes it), and so does the journal's JSON.
 */
#ifndef FWD_SAFE_TEXT_H
#define FWD_SAFE_TEXT_H

#include <stddef.h>

/* Sizes a buffer for a message of FWD_ERROR_MAX bytes, each escaped. */
#define FWD_SAFE_TEXT_MAX 4096

/*
 * Copies in into buf (size bytes) made safe, cut with "..." when it does
 * not fit; returns buf.  NULL gives "".
 */
const char *fwd_safe_text(const char *in, char *buf, size_t size);

#endif
