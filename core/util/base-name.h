/*
 * base-name.h: the last part of a path, for messages, file-name rules and
 * tool names.  Unlike basename(3) it never modifies or copies its argument.
 */
#ifndef FWD_BASE_NAME_H
#define FWD_BASE_NAME_H

/* What follows the last '/' of path (all of it when it has none);
 * points into path. */
const char *fwd_base_name(const char *path);

#endif
