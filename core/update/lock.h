/*
 * lock.h: one run at a time per target.
 *
 * A run that changes a BMC (update, restore) holds an exclusive flock on
 * STATE_DIR/locks/TARGET.lock for its whole length; the file says who
 * holds it (PID, start time, command).  A second run on the same target
 * is refused at once (exit 7) with that holder named.  The kernel drops
 * the lock when the holder dies, even by kill -9, so a crashed run never
 * leaves the target locked.
 */
#ifndef FWD_LOCK_H
#define FWD_LOCK_H

#include "util/ctx.h"
#include "ipmi/target.h"

struct fwd_lock {
	int fd;                  /* -1 when not held */
};

/*
 * Takes the lock of target t for command and sets ctx->lock_fd, so that
 * the tools the run starts hold it too (run-command.h, lock_fd): should the
 * run die, the target stays locked until they have ended.
 * Returns 0 with *lock held, or
 * -FWD_E_BUSY (another run holds it) / -FWD_E_REFUSED (the state folder
 * cannot be used) with ctx's error set.
 */
int fwd_lock_take(struct fwd_ctx *ctx, const struct fwd_target_opts *t, const char *command,
		  struct fwd_lock *lock);

/*
 * The second lock of a run, on the BMC itself once its MAC is known (the
 * backup reads it): STATE_DIR/locks/bmc-mac-HEX.lock, so that two runs on
 * one BMC meet even when they reach it by names or addresses that do not
 * resolve alike.  Not handed to the tools (ctx->lock_fd stays the
 * address's lock).  A mac that is not 12 hex digits takes no lock and
 * returns 0 with lock->fd -1.  Else as fwd_lock_take.
 */
int fwd_lock_take_bmc(struct fwd_ctx *ctx, const struct fwd_target_opts *t, const char *mac,
		      const char *command, struct fwd_lock *lock);

/* Writes this process as the holder (after a fork, by the child). */
void fwd_lock_stamp(struct fwd_lock *lock, const char *command);

/* Closes this process's handle without unlocking: a child that shares
 * the lock (--detach) keeps holding it. */
void fwd_lock_forget(struct fwd_ctx *ctx, struct fwd_lock *lock);

/*
 * Who has the lock file of the target named name (fwd_target_file_name)
 * in state_dir open, as "ipmitool (PID 12), ..."; "" when nobody does.
 * After a run was killed, these are the tools it started, left to finish
 * (run-command.h, lock_fd).  Takes no lock, so it never gets in a run's way.
 */
void fwd_lock_openers(const char *state_dir, const char *name, char *buf, size_t size);

/* Releases it (and keeps the file: removing it would race a new holder). */
void fwd_lock_release(struct fwd_ctx *ctx, struct fwd_lock *lock);

#endif
