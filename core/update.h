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
	const char *bmc_version;    /* --bmc-version: what a vendor BMC image installs */
	const char *bios_image;     /* --bios, borrowed */
	const char *bios_sha256;    /* --sha256-bios, borrowed */
	unsigned flags;             /* FWD_FLASH_* */
	unsigned bmc_wait_s;        /* --bmc-timeout */
	unsigned job_wait_s;        /* --job-timeout */
};

/*
 * Runs the update and fills report (a JSON object the caller owns) with
 * what happened: target, plugin, identity, backup (the file's path),
 * bmc {image, before, version, after, flash_started, ...}, bios {image,
 * before, staged, job_id, ...}, lan (per channel, after the BMC flash),
 * reboot_required, and recovery_hints when it failed.  Returns 0 or a
 * negative code with ctx's error set.
 */
int fwd_update_run(struct fwd_cli *cli, struct fwd_ctx *ctx,
		   const struct fwd_update_opts *opts, json_t *report);

#endif
