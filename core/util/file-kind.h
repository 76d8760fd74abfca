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

/*
 * open(2) that cannot hang on a FIFO or a device planted at path:
 * O_NONBLOCK and O_NOCTTY are added for the open, then the descriptor
 * must be a regular file.  Returns the descriptor (blocking again), or
 * -errno; a path that is no regular file gives -EINVAL with *kind set to
 * its mode (for fwd_file_kind).  create_mode is open's, for O_CREAT.
 */
int fwd_open_regular(const char *path, int flags, mode_t create_mode, mode_t *kind);

#endif
