/*
 * bmc.h: the target BMC over ipmitool: who it is (`ipmitool mc info`),
 * waiting until it answers, and its cold reset.
 *
 * Everything runs ipmitool on the target (in-band or out-of-band, see
 * tool.c).  Plugins get fwd_bmc_info as host->bmc_info(); waiting and
 * resetting are the core's (update/bmc-sequence.c).
 */
#ifndef FWD_BMC_H
#define FWD_BMC_H

#include "util/ctx.h"

/* The wait's pace (bmc-wait.c): the old fixed interval between `mc info`
 * attempts (kept for FWD_BENCH_OLD_BMC_POLL), the per-attempt limit, and
 * a blind in-band attempt's. */
#define FWD_BMC_POLL_MS 2000u
#define FWD_BMC_ATTEMPT_TIMEOUT_MS 15000u
#define FWD_BMC_QUICK_TIMEOUT_MS 3000u
/* Presence pings: every 250 ms for the first 10 s, every 500 ms to 30 s,
 * then every second; a blind `mc info` every second of pings while the
 * BMC never answered one, every 10 s once it did; in-band, a quick
 * `mc info` every 500 ms. */
#define FWD_BMC_PING_FAST_MS 250u
#define FWD_BMC_PING_MID_MS 500u
#define FWD_BMC_PING_SLOW_MS 1000u
#define FWD_BMC_BLIND_MS 1000u
#define FWD_BMC_BLIND_PONGS_MS 10000u
#define FWD_BMC_INBAND_GAP_MS 500u
/* The probe before a reset: how long a pong may take. */
#define FWD_BMC_PROBE_PING_MS 500u
#define FWD_BMC_DEFAULT_WAIT_S 600u
/* `mc reset cold`: the BMC answers at once, or goes down unanswering. */
#define FWD_BMC_RESET_TIMEOUT_MS 30000u
/* How long a vendor job (racadm) is followed by default. */
#define FWD_JOB_DEFAULT_WAIT_S 1800u

/*
 * Runs ipmitool with args on ctx's target (its options added, the password
 * through the environment: tool.h), bounded by timeout_ms; flags are
 * FWD_TOOL_* besides FWD_TOOL_TARGET.  fwd_tool_run's result and return.
 */
int fwd_bmc_ipmitool(struct fwd_ctx *ctx, const char *const *args, unsigned timeout_ms,
		     unsigned flags, struct fwd_tool_result *res);

/* Parses `ipmitool mc info` output.  Returns 0, or -FWD_E_BAD_INPUT when
 * the text has no numeric Manufacturer ID (firmware is "" when the text
 * has no Firmware Revision). */
int fwd_bmc_parse_mc_info(const char *text, struct fwd_bmc_info *out);

/*
 * Asks the BMC once, with a short timeout (quiet: no trace of the command
 * line).  Returns 0 with *out filled (a host-sized struct),
 * -FWD_E_BMC_GONE when it does not answer, -FWD_E_TOOL_MISSING, or
 * -FWD_E_BAD_INPUT when the answer cannot be read; the error is set.
 */
int fwd_bmc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out);
int fwd_bmc_info_quiet(struct fwd_ctx *ctx, struct fwd_bmc_info *out);

/* fwd_bmc_try_mc_info's flags. */
#define FWD_BMC_TRY_QUIET 1u  /* no trace of the command line */
#define FWD_BMC_TRY_QUICK 2u  /* a blind poll: short ipmitool retries and limit */

/*
 * One `mc info` attempt, as fwd_bmc_info, with flags FWD_BMC_TRY_*.  With
 * no_session, a refused session is -FWD_E_BMC_GONE and sets *no_session
 * (a wait asks why only at its end) instead of being diagnosed.
 */
int fwd_bmc_try_mc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out, unsigned flags,
			int *no_session);

/*
 * Out of band, pings the BMC once (at most FWD_BMC_PROBE_PING_MS) and
 * notes in ctx->bmc_pongs whether it answered, for a later wait.  Nothing
 * in-band.  Never fails.
 */
void fwd_bmc_probe_ping(struct fwd_ctx *ctx);

/*
 * Polls until the BMC answers, at most timeout_s seconds, reporting
 * progress of FWD_STEP_BMC_WAIT meanwhile (at most once a second).  Out
 * of band it polls with RMCP presence pings (rmcp-ping.h) and confirms a
 * pong with `mc info`, with blind `mc info` attempts between for a BMC
 * that does not answer pings; in-band, quick `mc info` attempts.  Returns 0 with *out filled
 * and *waited_ms set, or -FWD_E_BMC_GONE (error set) when the bound ran
 * out; another failure (ipmitool missing, an unreadable answer) at once.
 */
int fwd_bmc_wait(struct fwd_ctx *ctx, unsigned timeout_s, struct fwd_bmc_info *out,
		 uint64_t *waited_ms);

/*
 * Sends `ipmitool mc reset cold`.  A BMC may go down before its answer
 * arrives, so only a tool that cannot run is an error (-FWD_E_TOOL_MISSING,
 * error set); an unclean answer is logged.  Returns 0 otherwise.
 */
int fwd_bmc_reset_cold(struct fwd_ctx *ctx);

#endif
