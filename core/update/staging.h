/*
 * staging.h: the private copies of the images an update flashes, in
 * STATE_DIR/staging (0700).  fwdispatch checks an image while copying it
 * and hands the tools the copy, so that the file the operator named can
 * change or vanish without changing what is flashed.
 *
 * A copy is named TARGET@COMPONENT-XXXXXX.EXT (TARGET as in target.h's
 * fwd_target_file_name, which never has an '@'; .EXT the image's own, as
 * vendor tools may judge a package by it: Dell's .EXE, Supermicro's .bin).  The run removes its
 * copies at its end; a run that never got there (kill -9, a power loss)
 * leaves them, and the next run on the same target, holding the target's
 * lock, removes them: no other run can be using them then.
 */
#ifndef FWD_STAGING_H
#define FWD_STAGING_H

#include <stddef.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/ctx.h"
#include "ipmi/target.h"

/*
 * Creates a new copy of image for component ("bmc", "bios") of target t:
 * its path in path, an fd open for writing (close-on-exec) returned.  On
 * failure: a negative code with ctx's error set and path "".
 */
int fwd_staging_create(struct fwd_ctx *ctx, const struct fwd_target_opts *t,
		       const char *component, const char *image, struct fwd_buf *path);

/*
 * Is the staged copy at path still the file that was written and hashed
 * (written: fstat() of its descriptor then)?  Asked before a tool is
 * handed the path and again after it ran: the tool opens the path itself,
 * so only the file's identity (device, inode, size, modification time)
 * says it read what was checked.  Returns 0; else, with ctx's error set,
 * -FWD_E_REFUSED before the tool (nothing was handed over) or -FWD_E_FLASH
 * after it (the tool may have flashed other bytes).
 */
int fwd_staging_unchanged(struct fwd_ctx *ctx, const char *path, const struct stat *written,
			  int after_tool);

/*
 * Removes the copies earlier runs on target t left behind.  Only for a
 * run that holds t's lock.  Returns how many it removed; a copy that
 * cannot be removed is named in a warning.
 */
int fwd_staging_remove_leftovers(struct fwd_ctx *ctx, const struct fwd_target_opts *t);

#endif
