/*
 * trusted-file.h: the one rule for a file or folder fwdispatch takes
 * orders from (a plugin, the plugin folder, the config file), which runs
 * as root: only root or the invoking user may have written it.
 */
#ifndef FWD_TRUSTED_FILE_H
#define FWD_TRUSTED_FILE_H

#include <stddef.h>
#include <sys/stat.h>

/*
 * Whether st (of path) is owned by root or the invoking user and not
 * writable by group or others.  0 when so; else -1 with why filled,
 * to follow the file's name in a message: "is writable by its group
 * (mode 0664): run 'chmod go-w PATH'" or "is owned by uid N, neither
 * root nor the invoking user".  Whether it may be a symbolic link or a
 * folder is the caller's to say.
 */
int fwd_trusted_stat(const struct stat *st, const char *path, char *why, size_t size);

#endif
