/*
 * bmc-sequence.h: what follows a BMC upload, the same for every plugin.
 *
 * A plugin's flash_bmc uploads and activates the image (and follows its
 * vendor's job) and says what follows in a struct fwd_bmc_flashed.  The
 * core then, in order:
 *   bmc-reset   when the plugin asks for a cold reset: none if the BMC
 *               does not answer (it restarts by itself) or already runs
 *               the new firmware, else `ipmitool mc reset cold`;
 *   bmc-wait    up to go_down_s for the old firmware to stop answering
 *               (its answers prove nothing), then up to --bmc-timeout for
 *               the BMC to answer again;
 *   bmc-verify  the version it runs, read through the plugin
 *               (read_versions: Dell's racadm gives the full version),
 *               judged against the image's version, else against the
 *               version before (util/version.h); a Redfish BMC that still
 *               reports the old one is asked again within --bmc-timeout.
 * A Redfish target goes through the same steps over its service
 * (redfish/manager.h): Manager.Reset, the root, a session, the manager.
 * Result keys it sets: "after" (the version at the end, null when the BMC
 * does not answer), "wait_ms" (from the end of the upload), "job_id"
 * (when the plugin named one).
 */
#ifndef FWD_BMC_SEQUENCE_H
#define FWD_BMC_SEQUENCE_H

#include <jansson.h>
#include <stdint.h>

#include "plugin-host/plugins.h"
#include "util/ctx.h"

/* How often the go-down is looked at. */
#define FWD_BMC_GO_DOWN_POLL_MS 1000u
/* How often a Redfish BMC that still reports its old version is asked again. */
#define FWD_BMC_LATE_VERSION_POLL_MS 3000u

struct fwd_bmc_sequence {
	const struct fwd_plugin_slot *plugin; /* borrowed */
	const struct fwd_identity *id;        /* borrowed */
	const char *want;             /* the version the image installs, or NULL */
	const char *before;           /* what ran before, as precisely as read, or NULL */
	unsigned flags;               /* FWD_FLASH_*: ALLOW_REINSTALL counts */
	unsigned wait_s;              /* how long the BMC may take to answer again */
	struct fwd_bmc_flashed next;  /* what the plugin said follows */
	uint64_t upload_end_ms;       /* fwd_now_ms() when flash_bmc returned */
};

/*
 * Before the upload: can the verification tell a flash that took from
 * one that did not?  Not without the image's version nor the running
 * one.  Returns 0, or -FWD_E_REFUSED with ctx's error set.
 */
int fwd_bmc_sequence_check(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s);

/* Runs the three steps; returns 0, or -FWD_E_BMC_GONE / -FWD_E_VERIFY /
 * -FWD_E_TOOL_MISSING with ctx's error set and the failed step recorded. */
int fwd_bmc_sequence_run(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s,
			 json_t *result);

/* A dry run: the same steps in the plan, nothing sent. */
int fwd_bmc_sequence_plan(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s);

/*
 * The versions running now: the plugin's read_versions for the parts in
 * which, else the BMC's own answer (mc info) for the BMC and the SMBIOS
 * identity for the BIOS.  Fills out (a host-sized struct); a part that
 * cannot be read stays "".  Never fails: what is missing is logged at
 * debug level.
 */
void fwd_versions_now(struct fwd_ctx *ctx, const struct fwd_plugin_slot *plugin,
		      const struct fwd_identity *id, unsigned which, struct fwd_versions *out);

#endif
