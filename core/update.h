/*
 * update.h: the update procedure: identify, check, flash, verify, report.
 *
 * cmd-update.c parses the options into struct fwd_update_opts and prints
 * the report; this file owns the order of the steps and the rule that
 * nothing is sent to the BMC before every check has passed.
 */
#ifndef FWD_UPDATE_H
#define FWD_UPDATE_H

#include <jansson.h>

#include "cli.h"

struct fwd_update_opts {
	const char *bmc_image;      /* --bmc, borrowed */
	const char *bmc_sha256;     /* --sha256-bmc, borrowed */
	unsigned flags;             /* FWD_FLASH_ALLOW_DOWNGRADE, FWD_FLASH_ALLOW_REINSTALL */
	unsigned bmc_wait_s;        /* --bmc-timeout */
};

/*
 * Runs the update and fills report (a JSON object the caller owns) with
 * what happened: target, plugin, identity, bmc {image, before, after},
 * steps, reboot_required, stopped_at.  Returns 0 or a negative code with
 * ctx's error set.
 */
int fwd_update_run(struct fwd_cli *cli, struct fwd_ctx *ctx,
		   const struct fwd_update_opts *opts, json_t *report);

#endif
