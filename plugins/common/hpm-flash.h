/*
 * hpm-flash.h: flashing a BMC with an HPM.1 image through ipmitool.
 *
 * The generic-hpm plugin's flash_bmc, and the one the vendor plugins use
 * for .hpm images.  Compiled into each plugin (plugins never share code
 * at run time); it uses only the host services.
 *
 * The core has already checked the image (format, SHA-256) and that it
 * fits the BMC (manufacturer, product and device IDs, earliest compatible
 * revision, version) before this is called.
 */
#ifndef FWDP_HPM_FLASH_H
#define FWDP_HPM_FLASH_H

#include <fwdispatch/fwd_plugin.h>

/*
 * Uploads and activates req->image_path with `ipmitool hpm upgrade FILE
 * force activate`, resets the BMC where it still runs the old version,
 * waits until it answers again (req->bmc_wait_s) and checks that it runs
 * req->version.  Records the steps bmc-upload, bmc-reset, bmc-wait and
 * bmc-verify.  Adds "after" (the version running at the end, or null), "wait_ms",
 * "upload_exit_code" and, on failure, "upload_output" to result.
 * Returns 0, -FWD_E_FLASH, -FWD_E_BMC_GONE or -FWD_E_VERIFY (error set).
 */
int fwdp_hpm_flash_bmc(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		       const struct fwd_flash_request *req, struct fwd_json *result);

/* Is the request an HPM.1 image? */
int fwdp_is_hpm1(const struct fwd_flash_request *req);

#endif
