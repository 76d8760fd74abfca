/*
 * update-run.h: the state of one update run, shared by the files that
 * hold its steps (internal to core/update; not for other folders).
 *
 *   update.c            the procedure: the table of steps, and the loop
 *   update-preflight.c  identify, manifest, free space, image checks, the
 *                       plugin's preflight: nothing changes there
 *   update-checks.c     the machine's checks: BMC self-test, SEL, power
 *   update-flash.c      backup, the BMC (the plugin's upload, then the
 *                       core's sequence), the LAN check, the BIOS
 *
 * Every step function takes the run and returns 0 or a negative code
 * with ctx's error set and, where the step recorded itself, its failure
 * recorded.
 */
#ifndef FWD_UPDATE_RUN_H
#define FWD_UPDATE_RUN_H

#include <jansson.h>
#include <sys/stat.h>

#include "identity/target-identity.h"
#include "image/image.h"
#include "image/manifest.h"
#include "update/lock.h"
#include "update/update.h"
#include "util/buf.h"

/* One image to put on the machine: the BMC's or the BIOS's. */
struct component {
	const char *name;            /* "bmc" or "bios" */
	enum fwd_part part;
	const char *image;           /* the operator's file, NULL when not asked; with url,
	                                the URL until it is fetched, then the staged copy */
	const char *url;             /* --bmc-url, --bios-url: the BMC pulls it, or NULL */
	const char *sha256;          /* the expected SHA-256 given, or NULL */
	const char *sha256_from;     /* who gave it: "manifest", "journal", NULL (the option) */
	struct fwd_image_check check;
	struct fwd_buf staged;       /* owned: the private copy's path, "" when none */
	struct stat staged_st;       /* the copy as written and hashed (staging.h) */
	char version[32];            /* what it installs, "" when unknown */
	char before[64];             /* what ran before, "" when unknown */
	json_t *report;              /* owned: this part of the run's report */
	const json_t *prev;          /* resume: this part in the interrupted run's journal */
	int done;                    /* nothing left to do for it (said why in a step) */
};

struct update_run {
	const struct fwd_update_opts *opts;
	json_t *report;              /* borrowed: the caller's */
	struct fwd_target_identity ti;
	struct component bmc, bios;
	json_t *backup;              /* owned: the backup document, once written */
	struct fwd_lock bmc_lock;    /* the BMC's own lock, by its MAC (lock.h) */
	struct fwd_manifest *manifest; /* owned, or NULL */
	int detached;                /* the run went on in another process */
	/* The vendor job an earlier run on this target reported (its history
	 * line), "" when none: the plugin knows a queued job by it (ABI 2.4). */
	char earlier_job[64];
};

/* Is component c asked for (by the operator or the manifest) and not done? */
int fwd_update_wants(const struct component *c);

/* Records the failure of step with ctx's error; returns ret. */
int fwd_update_step_fail(struct fwd_ctx *ctx, enum fwd_step step, int ret);

/* The request for component c, as the plugin gets it (update-flash.c).
 * before: what runs now, as precisely as it was read. */
void fwd_update_request(const struct update_run *r, const struct component *c,
			const char *before, struct fwd_flash_request *req);

/* update-preflight.c */
int fwd_update_remove_leftovers(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_resume_wait(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_identify(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_manifest(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_free_space(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_check_bmc_image(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_check_bios_image(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_preflight_bmc(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_preflight_bios(struct fwd_ctx *ctx, struct update_run *r);

/* remove-images.c: --remove-images, after a run that succeeded; each
 * file's fate in the report's "images_removed" */
void fwd_update_remove_images(struct fwd_ctx *ctx, struct update_run *r);

/* update-checks.c: the machine's own checks (self-test, SEL, power) */
int fwd_update_preflight_checks(struct fwd_ctx *ctx, struct update_run *r);

/* update-power.c: two of them, each recording its verdict (preflight-
 * power.h); "power" sets the report's "power" and refuses (-FWD_E_REFUSED,
 * error set) a power at risk unless --allow-power-risk.  0 otherwise. */
int fwd_update_check_sel(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_check_power(struct fwd_ctx *ctx, struct update_run *r);

/* update-flash.c; each *_kept answers for a resumed run: 1 when the
 * interrupted run did the step and it stands (recorded skipped), 0 to do
 * it, or a negative code. */
int fwd_update_backup_kept(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_backup(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_bmc_kept(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_flash_bmc(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_check_lan(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_bios_kept(struct fwd_ctx *ctx, struct update_run *r);
int fwd_update_stage_bios(struct fwd_ctx *ctx, struct update_run *r);

#endif
