/*
 * manager.h: the BMC as a Redfish service shows it (its Manager), for the
 * core's own questions: who it is, reset it, wait for its return.  The
 * IPMI functions of ipmi/bmc.h hand a Redfish target over to these, so
 * the update sequence is the same for both.
 */
#ifndef FWD_REDFISH_MANAGER_H
#define FWD_REDFISH_MANAGER_H

#include <fwdispatch/fwd_plugin.h>
#include <stddef.h>
#include <stdint.h>

#include "util/ctx.h"

/* How often the wait for a returning BMC asks. */
#define FWD_REDFISH_WAIT_POLL_MS 2000u

/*
 * The BMC's manager's URI (the first of ManagerType "BMC" in the Managers
 * collection, else the first), found once per command.  0, or a negative
 * code with ctx's error set.
 */
int fwd_redfish_manager_uri(struct fwd_ctx *ctx, const char **uri);

/*
 * struct fwd_bmc_info from the manager: firmware (FirmwareVersion, cut to
 * fit), product_name (Model), manufacturer_name (the root's Vendor),
 * device_available (Status.State "Enabled" or "Updating"/"Starting"),
 * the IANA numbers 0.  quiet: a failure is no warning.
 */
int fwd_redfish_bmc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out, int quiet);

/* The service root's UUID (the same for one BMC across addresses and
 * restarts): 0 with out filled, or a negative code with ctx's error set. */
int fwd_redfish_service_uuid(struct fwd_ctx *ctx, char *out, size_t size);

/* POST Manager.Reset with GracefulRestart (ForceRestart when that is all
 * it allows).  0, or a negative code with ctx's error set. */
int fwd_redfish_bmc_reset(struct fwd_ctx *ctx);

/*
 * Until the service answers again, a session opens and the manager
 * reports a firmware version, at most timeout_s.  0 with out filled, or
 * -FWD_E_BMC_GONE (-FWD_E_AUTH when it refuses the credentials after its
 * return) with ctx's error set.  waited_ms: how long it took.
 */
int fwd_redfish_wait(struct fwd_ctx *ctx, unsigned timeout_s, struct fwd_bmc_info *out,
		     uint64_t *waited_ms);

#endif
