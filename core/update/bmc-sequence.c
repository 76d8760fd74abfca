/*
 * bmc-sequence.c: reset, wait and verify after a BMC upload
 * (bmc-sequence.h).
 */
#include "update/bmc-sequence.h"

#include <stdio.h>
#include <string.h>

#include "ipmi/bmc.h"
#include "ipmi/rmcp-ping.h"
#include "plugin-host/plugin-call.h"
#include "redfish/redfish.h"
#include "update/plan.h"
#include "update/steps.h"
#include "util/clock.h"
#include "util/version.h"

/* A version of two parts is what IPMI's Get Device ID shows (major.minor):
 * a build can change below it unseen. */
#define COARSE_PARTS 2

void fwd_versions_now(struct fwd_ctx *ctx, const struct fwd_plugin_slot *plugin,
		      const struct fwd_identity *id, unsigned which, struct fwd_versions *out)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };

	out->size = sizeof(*out);
	out->bmc[0] = out->bios[0] = '\0';
	if (plugin && fwd_call_read_versions(ctx, plugin, id, which, out) != 0) {
		fwd_log(ctx, FWD_LOG_DEBUG, "the plugin cannot read the versions: %s",
			ctx->err.msg);
		fwd_ctx_clear_error(ctx);
		out->bmc[0] = out->bios[0] = '\0';
	}
	if ((which & FWD_VERSION_BMC) && !out->bmc[0]) {
		if (fwd_bmc_info_quiet(ctx, &info) == 0)
			snprintf(out->bmc, sizeof(out->bmc), "%s", info.firmware);
		fwd_ctx_clear_error(ctx);
	}
	if ((which & FWD_VERSION_BIOS) && !out->bios[0] && id && id->bios_version)
		snprintf(out->bios, sizeof(out->bios), "%s", id->bios_version);
}

static int runs_new(const struct fwd_bmc_sequence *s, const char *now)
{
	return fwd_version_runs_new(s->want, s->before, now) == FWD_VERSION_NEW;
}

/* bmc-reset: the core's cold reset, when the plugin asked for one.  Sets
 * *go_down when the BMC must still be seen going down. */
static int reset(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s, int *go_down)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	int ret;

	*go_down = 1;
	if (s->next.reset != FWD_BMC_RESET_COLD)
		return 0;
	*go_down = 0;
	fwd_steps_record(ctx->steps, FWD_STEP_BMC_RESET, FWD_STEP_BEGIN,
			 "checking whether the new firmware runs");
	if (fwd_bmc_info(ctx, &info) != 0) {
		fwd_ctx_clear_error(ctx);
		fwd_steps_record(ctx->steps, FWD_STEP_BMC_RESET, FWD_STEP_SKIPPED,
				 "the BMC does not answer: it is restarting by itself");
		return 0;
	}
	if (runs_new(s, info.firmware)) {
		fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_RESET, FWD_STEP_SKIPPED,
				  "the BMC already runs %s: activation took effect without a "
				  "reset", info.firmware);
		return 0;
	}
	ret = fwd_bmc_reset_cold(ctx);
	if (ret) {
		fwd_steps_record(ctx->steps, FWD_STEP_BMC_RESET, FWD_STEP_FAILED,
				 fwd_redfish_target(ctx) ? "the BMC refused Manager.Reset: "
				 "reset it by hand, then resume" : "cannot send 'mc reset cold'");
		return ret;
	}
	fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_RESET, FWD_STEP_DONE,
			  "the BMC ran %s after activation: sent %s", info.firmware,
			  fwd_redfish_target(ctx) ? "Manager.Reset" : "'mc reset cold'");
	*go_down = 1;
	return 0;
}

/*
 * A BMC that answered pings and now misses two in a row has gone down:
 * pings tell in half a second what a failing mc info tells in 4 s (two
 * requests lost, as here two pings).  About a second of pings first, so
 * that the mc info after them seldom straddles the moment the reset
 * takes effect (it would wait out its retries).  1: gone down.
 */
static int pings_went_down(struct fwd_ctx *ctx)
{
	int missed = 0;

	if (ctx->bmc_pongs <= 0)
		return 0;
	for (int i = 0; i < 4 && missed < 2; i++) {
		if (fwd_rmcp_ping_target(ctx, FWD_BMC_PING_FAST_MS) == 0) {
			missed++;
			continue;
		}
		missed = 0;
		fwd_sleep_ms(ctx, FWD_BMC_PING_FAST_MS);
	}
	return missed >= 2;
}

/*
 * Until the old firmware stops answering (the restart has begun) or the
 * new one answers (it is over), at most bound_ms: before that, an answer
 * proves nothing.  Returns 1 when it kept answering with the old one.
 */
static int wait_go_down(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s,
			uint64_t bound_ms)
{
	uint64_t start = fwd_now_ms(ctx);
	unsigned logins = fwd_redfish_logins(ctx);
	int said = 0;

	for (;;) {
		struct fwd_bmc_info info = { .size = sizeof(info) };

		if (pings_went_down(ctx))
			return 0;
		/* A Redfish BMC that forgot the session restarted, even if it
		 * still shows its old version (some do for minutes). */
		if (fwd_redfish_logins(ctx) > logins)
			return 0;
		if (fwd_bmc_info_quiet(ctx, &info) != 0 || runs_new(s, info.firmware) ||
		    fwd_redfish_logins(ctx) > logins) {
			fwd_ctx_clear_error(ctx);
			return 0;
		}
		if (fwd_now_ms(ctx) - start >= bound_ms)
			return 1;
		if (!said++)
			fwd_log(ctx, FWD_LOG_INFO, "the BMC still answers with %s: waiting up to "
				"%u s for it to restart", info.firmware,
				(unsigned)(bound_ms / 1000u));
		fwd_sleep_ms(ctx, FWD_BMC_GO_DOWN_POLL_MS);
	}
}

/* bmc-wait: the go-down, then the BMC's return. */
static int wait_back(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s, int go_down,
		     json_t *result, struct fwd_bmc_info *info)
{
	uint64_t bound = (uint64_t)s->next.go_down_s * 1000u, waited = 0;
	int kept = 0, ret;

	fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_WAIT, FWD_STEP_BEGIN,
			  "waiting up to %u s for the BMC to answer", s->wait_s);
	if (go_down && bound)
		kept = wait_go_down(ctx, s, bound < (uint64_t)s->wait_s * 1000u ?
					    bound : (uint64_t)s->wait_s * 1000u);
	ret = fwd_bmc_wait(ctx, s->wait_s, info, &waited);
	waited = fwd_now_ms(ctx) - s->upload_end_ms;
	json_object_set_new(result, "wait_ms", json_integer((json_int_t)waited));
	if (ret) {
		fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_WAIT, FWD_STEP_FAILED,
				  "no answer within %u s", s->wait_s);
		json_object_set_new(result, "after", json_null());
		if (ret != -FWD_E_BMC_GONE)
			return ret;
		return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE,
			"the BMC did not answer within %u s after its flash: it may still be "
			"starting, or be unreachable at its old address", s->wait_s);
	}
	fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_WAIT, FWD_STEP_DONE,
			  "the BMC answered again %.1f s after the upload ended%s",
			  (double)waited / 1000.0,
			  kept ? " (it kept answering with the old firmware: the verification "
				 "tells)" : "");
	return 0;
}

/*
 * A Redfish BMC may answer with its old version for minutes after it
 * runs the new one (metal-toolbox/flasher waits five minutes for it): an
 * old version is read again, within the wait's bound from the end of the
 * upload, until it is the new one.  Returns the version read last.
 */
static const char *wait_late_version(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s,
				     struct fwd_versions *v, const char *now)
{
	uint64_t bound = (uint64_t)s->wait_s * 1000u;
	int said = 0;

	while (s->want && fwd_version_runs_new(s->want, s->before, now) == FWD_VERSION_NOT_NEW &&
	       fwd_now_ms(ctx) - s->upload_end_ms < bound) {
		if (!said++)
			fwd_log(ctx, FWD_LOG_INFO, "the BMC reports %s, not yet %s: some BMCs report "
				"their new version late; asking again for up to %u s", now, s->want,
				(unsigned)((bound - (fwd_now_ms(ctx) - s->upload_end_ms)) / 1000u));
		fwd_sleep_ms(ctx, FWD_BMC_LATE_VERSION_POLL_MS);
		fwd_versions_now(ctx, s->plugin, s->id, FWD_VERSION_BMC, v);
		if (v->bmc[0])
			now = v->bmc;
	}
	return now;
}

/* bmc-verify: the version read through the plugin, judged. */
static int verify(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s,
		  const struct fwd_bmc_info *info, json_t *result)
{
	const char *before = s->before && *s->before ? s->before : NULL;
	struct fwd_versions v;
	const char *now;

	if (s->want)
		fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_BEGIN,
				  "expecting firmware %s", s->want);
	else
		fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_BEGIN,
				  "expecting a firmware other than %s",
				  before ? before : "the previous one");
	fwd_versions_now(ctx, s->plugin, s->id, FWD_VERSION_BMC, &v);
	now = v.bmc[0] ? v.bmc : info->firmware;
	if (fwd_redfish_target(ctx))
		now = wait_late_version(ctx, s, &v, now);
	json_object_set_new(result, "after", json_string(now));

	switch (fwd_version_runs_new(s->want, before, now)) {
	case FWD_VERSION_NEW:
		fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_DONE,
				  "the BMC runs %s", now);
		return 0;
	case FWD_VERSION_NOT_NEW:
		if (s->want) {
			fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_FAILED,
					  "the BMC runs %s, expected %s", now, s->want);
			return fwd_ctx_set_error(ctx, -FWD_E_VERIFY,
				"the BMC runs %s after the flash, not %s: the new firmware is not "
				"running (the flash did not take, or the BMC rolled back)", now,
				s->want);
		}
		/* The same version as before, read in full: a reinstall, if allowed. */
		if (fwd_version_parts(now) > COARSE_PARTS &&
		    fwd_version_parts(before) > COARSE_PARTS) {
			if (s->flags & FWD_FLASH_ALLOW_REINSTALL) {
				fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_DONE,
						  "the BMC runs %s, as before (a reinstall, allowed)",
						  now);
				return 0;
			}
			fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_FAILED,
					  "the BMC still runs %s", now);
			return fwd_ctx_set_error(ctx, -FWD_E_VERIFY,
				"the BMC still runs %s after the flash: the new firmware is not "
				"running (rolled back, or the image holds the same version: "
				"--allow-reinstall accepts that)", now);
		}
		fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_FAILED,
				  "the BMC still runs %s", now);
		return fwd_ctx_set_error(ctx, -FWD_E_VERIFY,
			"the BMC still runs %s after the flash: the new firmware is not running "
			"(the flash did not take, or the BMC rolled back); if the image differs "
			"only in its build number, which the BMC does not show, give its version "
			"with --bmc-version", now);
	case FWD_VERSION_UNSURE:
		break;
	}
	fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_FAILED,
			  "cannot tell: the BMC reports %s, before %s", now,
			  before ? before : "unknown");
	return fwd_ctx_set_error(ctx, -FWD_E_VERIFY,
		"cannot confirm that the new firmware runs: the BMC reports %s and ran %s before, "
		"and the part of the version it shows does not tell them apart; check with the "
		"vendor's tool%s", now, before ? before : "an unknown version",
		s->want ? "" : ", and give --bmc-version next time");
}

int fwd_bmc_sequence_check(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s)
{
	if ((s->want && *s->want) || (s->before && *s->before))
		return 0;
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot tell afterwards whether the flash "
				 "took effect: the BMC's running version is unknown and the image's "
				 "version was not given (--bmc-version): nothing was flashed");
}

int fwd_bmc_sequence_run(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s,
			 json_t *result)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	int go_down, ret;

	if (s->next.job_id[0])
		json_object_set_new(result, "job_id", json_string(s->next.job_id));
	ret = reset(ctx, s, &go_down);
	if (!ret)
		ret = wait_back(ctx, s, go_down, result, &info);
	if (!ret)
		ret = verify(ctx, s, &info, result);
	return ret;
}

/* What would be checked at the end, in the plan and as the step's line. */
static void plan_verify(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s)
{
	char what[160];

	if (s->want)
		snprintf(what, sizeof(what), "check that the BMC runs %s", s->want);
	else
		snprintf(what, sizeof(what), "check that the BMC runs another version than %s",
			 s->before && *s->before ? s->before : "before");
	fwd_plan_note(ctx, FWD_STEP_BMC_VERIFY, what, NULL);
	fwd_steps_recordf(ctx->steps, FWD_STEP_BMC_VERIFY, FWD_STEP_SKIPPED, "dry run: would %s",
			  what);
}

static int plan_redfish(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s)
{
	char what[160];

	if (s->next.reset == FWD_BMC_RESET_COLD)
		fwd_plan_redfish(ctx, FWD_STEP_BMC_RESET, "POST",
				 "/redfish/v1/Managers/<BMC>/Actions/Manager.Reset", NULL,
				 "when the task asks for it and the BMC still runs the old firmware");
	snprintf(what, sizeof(what), "poll until the service answers, a session opens and the "
		 "manager reports its version (at most %u s)", s->wait_s);
	fwd_plan_redfish(ctx, FWD_STEP_BMC_WAIT, "GET", "/redfish/v1/", NULL, what);
	plan_verify(ctx, s);
	return 0;
}

int fwd_bmc_sequence_plan(struct fwd_ctx *ctx, const struct fwd_bmc_sequence *s)
{
	static const char *const reset_args[] = { "mc", "reset", "cold", NULL };
	static const char *const info_args[] = { "mc", "info", NULL };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	char what[160];
	int ret;

	if (fwd_redfish_target(ctx))
		return plan_redfish(ctx, s);
	cmd.tool = "ipmitool";
	cmd.flags = FWD_TOOL_TARGET;
	if (s->next.reset == FWD_BMC_RESET_COLD) {
		cmd.args = reset_args;
		ret = fwd_plan_tool(ctx, FWD_STEP_BMC_RESET, &cmd,
				    "only if the BMC still runs the old firmware after activation");
		if (ret)
			return ret;
	}
	cmd.args = info_args;
	snprintf(what, sizeof(what), "poll until the BMC answers again (%sat most %u s)",
		 fwd_rmcp_can_ping(ctx) ? "RMCP presence pings, each pong confirmed by this; " :
		 "", s->wait_s);
	ret = fwd_plan_tool(ctx, FWD_STEP_BMC_WAIT, &cmd, what);
	if (ret)
		return ret;
	plan_verify(ctx, s);
	return 0;
}
