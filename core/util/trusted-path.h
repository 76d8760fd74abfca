/*
 * trusted-path.h: opening a folder so that what was checked is what is
 * used.  Checking a path with stat() and then using it by name again
 * leaves a window in which anyone who can write to a folder on the way
 * (not only the last one) can swap it; fwdispatch runs as root, so that
 * swap would hand root a plugin or an image of someone else's choosing.
 *
 * The rule for every folder on the way from "/" (as sudo and OpenSSH
 * apply it to the files they take orders from): owned by root or the
 * invoking user, and not writable by group or others unless sticky (as
 * /tmp: there others may add names but not rename or remove ours, and
 * the next folder down is checked for its owner in turn).
 */
#ifndef FWD_TRUSTED_PATH_H
#define FWD_TRUSTED_PATH_H

#include <stddef.h>

/*
 * Opens the folder at path (O_RDONLY | O_DIRECTORY | O_CLOEXEC) by
 * walking its real path from "/" one name at a time with O_NOFOLLOW, each
 * folder above it checked by its descriptor before the next name is
 * looked up in it.  Of the folder itself only that it is one: its own rule
 * (not even sticky, whose it must be) is the caller's, on fstat() of the
 * descriptor returned.
 *
 * Returns the descriptor, or a negative errno with why filled, to follow
 * the folder's name in a message: -EPERM when a folder on the way breaks
 * the rule ("is under '/srv/x', which is writable by others (mode 0777):
 * run 'chmod o-w /srv/x'"), -ENOENT, -ENOTDIR, -EACCES... as the system
 * said, -ELOOP when the path changed while it was walked.
 */
int fwd_open_trusted_dir(const char *path, char *why, size_t size);

/*
 * The same for a folder to create something in: parent itself must pass
 * the rule too (why then says "is 'P', which is writable by others...").
 */
int fwd_open_trusted_parent(const char *parent, char *why, size_t size);

#endif
