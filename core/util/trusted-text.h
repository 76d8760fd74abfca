/*
 * trusted-text.h: reading a short text file that gives fwdispatch orders
 * (the config file, an inventory's targets list), which runs as root and
 * may send the BMC's password where the file says.
 */
#ifndef FWD_TRUSTED_TEXT_H
#define FWD_TRUSTED_TEXT_H

#include <stddef.h>

#include "util/error.h"

/*
 * Reads path whole into *out (NUL-terminated, the caller's to free): opened
 * without following a symbolic link and without blocking on a FIFO, then
 * judged by what was opened, with no race between the two: a regular file,
 * owned by root or the invoking user and not writable by others
 * (trusted-file.h); at most max bytes, no NUL byte.  what names the file
 * in every message ("config file").  With must_exist 0 a missing file is
 * *out NULL and 0.  Returns 0, or -FWD_E_REFUSED (a link, not a regular
 * file, not trusted), -FWD_E_USAGE (cannot open or read it, too long,
 * NULs) or -ENOMEM, with err saying which.
 */
int fwd_trusted_text_read(const char *path, const char *what, size_t max, int must_exist,
			  char **out, struct fwd_err *err);

#endif
