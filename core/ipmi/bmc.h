/*
 * bmc.h: asking the target BMC who it is, and waiting for it to come back.
 *
 * Both run `ipmitool mc info` on the target (in-band or out-of-band, see
 * tool.c) and read its answer; the plugins get them as host->bmc_info()
 * and host->bmc_wait().
 */
#ifndef FWD_BMC_H
#define FWD_BMC_H

#include "util/ctx.h"

/* Poll interval and per-attempt limit while waiting for a BMC. */
#define FWD_BMC_POLL_MS 2000u
#define FWD_BMC_ATTEMPT_TIMEOUT_MS 15000u
#define FWD_BMC_DEFAULT_WAIT_S 600u
/* How long a vendor job (racadm) is followed by default. */
#define FWD_JOB_DEFAULT_WAIT_S 1800u

/* Parses `ipmitool mc info` output.  Returns 0, or -FWD_E_BAD_INPUT when
 * the text has no numeric Manufacturer ID (firmware is "" when the text
 * has no Firmware Revision). */
int fwd_bmc_parse_mc_info(const char *text, struct fwd_bmc_info *out);

/* host->bmc_info and host->bmc_wait; see fwd_plugin.h. */
int fwd_bmc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out);
int fwd_bmc_wait(struct fwd_ctx *ctx, unsigned timeout_s, struct fwd_bmc_info *out,
		 uint64_t *waited_ms);

/* Milliseconds on the monotonic clock. */
uint64_t fwd_now_ms(void);

#endif
