/*
 * state-dir.h: fwdispatch's state folder (--state-dir, default
 * /var/lib/fwdispatch) and its sub-folders: staging/ (private copies of
 * the images being flashed), and what later runs keep there.
 *
 * Every folder is created 0700 and must not be writable by group or
 * others, nor owned by another user: backups of BMC settings live there.
 * Every folder above it must pass trusted-path.h's rule (root's or the
 * invoking user's, and not writable by others unless sticky), as the
 * vendor tools are handed the staged copies by path.
 */
#ifndef FWD_STATE_DIR_H
#define FWD_STATE_DIR_H

#include <stddef.h>

#include "util/buf.h"
#include "util/ctx.h"

/*
 * Makes sure STATE (and STATE/sub when sub is not NULL) exists with safe
 * permissions; out holds the folder's path then.  Returns 0, or
 * -FWD_E_REFUSED (-ENOMEM) with ctx's error saying what to do.
 */
int fwd_state_dir_ensure(struct fwd_ctx *ctx, const char *state, const char *sub,
			 struct fwd_buf *out);

/* fsync()s a folder, so a rename or a new file in it survives a power cut. */
int fwd_fsync_dir(const char *dir);

#endif
