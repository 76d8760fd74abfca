/*
 * confirm.h: the operator's "yes" before a command changes a BMC
 * (update, resume, restore): refused up front when nobody can give it,
 * and the question on a terminal.
 */
#ifndef FWD_CLI_CONFIRM_H
#define FWD_CLI_CONFIRM_H

#include "cli/cli.h"

/* The refusal of a run that needs confirmation with stdin not a terminal
 * and no --yes (nor --dry-run): prints why and returns FWD_EXIT_USAGE,
 * else 0.  Called before anything is sent, not after a preflight. */
int fwd_cli_needs_yes(const struct fwd_cli *cli);

/*
 * Asks "proceed? [y/N]" on stderr, after the caller said what is about
 * to happen, and reads the answer from the terminal.  Ctrl-C or SIGTERM
 * while it waits ends the question at once (nothing has started), with
 * whatever handlers were there before put back.  Returns 0 for "y", else
 * -FWD_E_REFUSED with ctx's error saying that nothing was changed.
 */
int fwd_cli_confirm(struct fwd_ctx *ctx);

#endif
