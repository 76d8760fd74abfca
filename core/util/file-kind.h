/*
 * file-kind.h: what a path is when it is not a regular file, for the
 * messages that refuse it ("'X' is a directory, not a firmware image").
 */
#ifndef FWD_FILE_KIND_H
#define FWD_FILE_KIND_H

#include <sys/types.h>

/* "a directory", "a FIFO", "a character device", "a block device",
 * "a socket", "a symbolic link", else "a special file"; never NULL. */
const char *fwd_file_kind(mode_t mode);

#endif
