/*
 * tool-locate.h: finding the program for a tool's name.
 *
 * The operator says where a tool is with FWDISPATCH_<NAME> (a vendor
 * tool unpacked anywhere); otherwise PATH, never the current directory.
 * A missing tool is named with where it was looked for and how to get
 * it, before anything on the target has changed.
 */
#ifndef FWD_TOOL_LOCATE_H
#define FWD_TOOL_LOCATE_H

#include <stddef.h>

#include "util/error.h"

/*
 * Finds a tool: the variable FWDISPATCH_<NAME> (upper-cased, '-' and any
 * other non-alphanumeric to '_') when set and not empty, else NAME looked
 * up in PATH (the default FWD_RUN_PATH when PATH is unset or empty); a
 * NAME with a '/' is used as is.
 * A variable's value with a '/' is a path, one without is looked up in
 * PATH.  Empty and relative PATH entries are skipped (never the current
 * directory).  The file must be a regular file we may execute.
 * Writes the absolute path to out.  Returns 0, or -FWD_E_TOOL_MISSING
 * with a message saying where it looked and which package provides it;
 * -ENAMETOOLONG when out is too small, -EINVAL without a name.
 */
int fwd_tool_locate(const char *name, char *out, size_t out_size, struct fwd_err *err);

/* Does the tool take a remote BMC's password only on its command line
 * (sum, racadm)?  The preflight warns about it before the operator
 * confirms, not when the tool first runs. */
int fwd_tool_password_in_argv(const char *name);

#endif
