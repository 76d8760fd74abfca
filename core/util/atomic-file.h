/*
 * atomic-file.h: writing a whole file so that it is either there
 * completely or not at all.
 *
 * The bytes go to a new temporary file in the same folder (created with
 * O_EXCL, so nothing else is ever overwritten on the way), which is
 * written in full, fsync()ed and closed, then renamed over the final
 * name; the folder is fsync()ed last so the rename survives a power cut.
 * On any failure the temporary file is removed and the final name is
 * left as it was: a reader sees the old file, the new one, or none, never
 * half of one.  Backups use it, and so will the journal.
 */
#ifndef FWD_ATOMIC_FILE_H
#define FWD_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

/* Fail with -EEXIST rather than replace an existing file. */
#define FWD_ATOMIC_NO_REPLACE (1u << 0)

/*
 * Writes len bytes of data to path with the given mode (exactly, whatever
 * the umask; 0600 for anything holding settings).  flags: FWD_ATOMIC_*.
 * Returns 0, or -errno with a message in err (which may be NULL) that
 * names the file and what went wrong, e.g. "cannot write 'F': No space
 * left on device".  When only the final fsync of the folder fails, the
 * file is complete under its name but its rename may not survive a power
 * cut; the message says so.
 */
int fwd_atomic_write(const char *path, const void *data, size_t len, mode_t mode,
		     unsigned flags, struct fwd_err *err);

#endif
