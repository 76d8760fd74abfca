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
 * force activate` (on a resumed run, not when `hpm check` shows every
 * component the image uploads active at the image's revision for it),
 * recording bmc-upload, and asks the core for a cold
 * reset, which it sends only where the BMC still runs the old firmware.
 * Adds "upload_exit_code" and, on failure, "upload_output" and "after"
 * (what the BMC runs then, or null) to result.  Returns 0 or -FWD_E_FLASH
 * (error set).
 */
int fwdp_hpm_flash_bmc(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		       const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		       struct fwd_json *result);

/* The preflight of an HPM.1 flash: ipmitool is there. */
int fwdp_hpm_preflight(const struct fwd_host_api *host, struct fwd_ctx *ctx);

/* Is the request an HPM.1 image? */
int fwdp_is_hpm1(const struct fwd_flash_request *req);

#endif
