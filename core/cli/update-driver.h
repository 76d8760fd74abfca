/*
 * update-driver.h: one whole update run as the command line drives it,
 * for `fwdispatch update` and `fwdispatch resume` (update-driver.c).
 */
#ifndef FWD_CLI_UPDATE_DRIVER_H
#define FWD_CLI_UPDATE_DRIVER_H

#include "cli/cli.h"
#include "update/update.h"

/*
 * Lock, journal, signals, confirmation, --detach, output and history
 * around fwd_update_run.  opts' target, identity options and hooks are
 * set here from cli.  Returns the exit code.
 */
int fwd_update_drive(struct fwd_cli *cli, struct fwd_ctx *ctx, struct fwd_update_opts *opts);

#endif
