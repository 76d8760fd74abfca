/*
 * update.h: the update procedure: identify, check, back up, flash, verify,
 * stage, report.
 *
 * It takes its own options (struct fwd_update_opts: the command line's
 * parser fills them, resume reads them back from a journal through
 * update-options.h) and the target; update.c owns the order of the steps
 * and the rule that nothing is sent to the BMC before every check has
 * passed.  The command line's driver (cli/update-driver.c) wraps it in the
 * lock, the journal, the signals and the output.
 */
#ifndef FWD_UPDATE_H
#define FWD_UPDATE_H

#include <jansson.h>

#include "identity/target-identity.h"
#include "ipmi/target.h"

struct fwd_ctx;

struct fwd_update_opts {
	const struct fwd_target_opts *target; /* the BMC, its credentials, the state folder */
	struct fwd_identify_opts identify;    /* where the identity comes from, which plugins */
	/* The strings are borrowed (from argv, or the journal resumed). */
	const char *bmc_image;      /* --bmc */
	const char *bmc_sha256;     /* --sha256-bmc */
	const char *bmc_version;    /* --bmc-version: what a vendor BMC image installs */
	const char *bios_image;     /* --bios */
	const char *bios_sha256;    /* --sha256-bios */
	unsigned flags;             /* FWD_FLASH_* */
	unsigned bmc_wait_s;        /* --bmc-timeout (update-options.h sets the default) */
	unsigned job_wait_s;        /* --job-timeout (likewise) */
	const char *bios_version;   /* --bios-version: what the BIOS image installs */
	/* --bmc-url, --bios-url: a Redfish BMC pulls the image from there
	 * (SimpleUpdate); the run fetches it too, to check it first. */
	const char *bmc_url;
	const char *bios_url;
	const char *manifest;       /* --manifest FILE, or NULL */
	const char *signature;      /* --signature FILE: the manifest's, or NULL */
	const char *trust_key;      /* --trust-key FILE (or the config file's), or NULL */
	int dry_run;                /* preflight and plan only: nothing changes */
	unsigned run_flags;         /* FWD_RUN_* below */
	/* resume: the journal of the interrupted run (borrowed), or NULL */
	const json_t *resume;
	/*
	 * Called once the preflight has passed, before anything changes (not in
	 * a dry run): the confirmation, --detach.  Returns 0 to go on,
	 * FWD_UPDATE_DETACHED when this process must stop here (the run goes on
	 * in another), or a negative code with ctx's error set.
	 */
	int (*after_preflight)(void *payload, struct fwd_ctx *ctx, json_t *report);
	void *payload;
};

/* The operator's word on the preflight's checks, and what follows success. */
#define FWD_RUN_ALLOW_POWER_RISK (1u << 0)     /* --allow-power-risk */
#define FWD_RUN_ALLOW_SELFTEST_FAILURE (1u << 1) /* --allow-bmc-selftest-failure */
#define FWD_RUN_REMOVE_IMAGES (1u << 2)        /* --remove-images */

#define FWD_UPDATE_DETACHED 1

/*
 * Runs the update and fills report (a JSON object the caller owns) with
 * what happened: target, plugin, identity, backup (the file's path),
 * bmc {image, before, version, after, flash_started, ...}, bios {image,
 * before, staged, job_id, ...}, lan (per channel, after the BMC flash),
 * reboot_required, and recovery_hints when it failed.  Between steps it
 * stops at a safe point when a signal asked for it (-FWD_E_STOPPED, with
 * "stopped_at" naming the step that did not start).  Returns 0,
 * FWD_UPDATE_DETACHED, or a negative code with ctx's error set.
 */
int fwd_update_run(struct fwd_ctx *ctx, const struct fwd_update_opts *opts, json_t *report);

#endif
