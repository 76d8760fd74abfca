/*
 * stage-bios.c: the supermicro plugin's stage_bios.
 *
 *   bios-stage  sum [-i HOST -u USER -p ****] -c UpdateBios --file F
 *               [--preserve_setting] [--reboot]
 *
 * sum writes the new BIOS, which runs from the next host reboot on; the
 * host is never rebooted unless the operator allowed it (--reboot).
 * --preserve_setting (keep the BIOS settings) is the default; it is left
 * out when the operator asks (--no-preserve-settings) or when the board
 * is one known to reject it, with a warning.
 *
 * Result keys: "command", "preserve_settings", "reboot_required",
 * "rebooting", "job_id" (null: sum has no jobs), "tool_exit_code",
 * "tool_output", "writing_began", "sum_error" (on failure).
 */
#include "supermicro.h"

#include <stdio.h>

#include "sum.h"

/* Builds the command line; 0, or a negative code with the error set. */
static int build(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		 const struct fwd_identity *id, const struct fwd_flash_request *req,
		 struct sm_sum_cmd *c, int *preserve)
{
	const char *rejecting = sm_board_rejects_preserve(id);
	int ret;

	*preserve = !(req->flags & FWD_FLASH_NO_PRESERVE_SETTINGS);
	if (*preserve && rejecting) {
		*preserve = 0;
		host->log(ctx, FWD_LOG_WARN, "the %s's sum rejects --preserve_setting: staging "
			  "the BIOS without it, so its settings may return to their defaults at "
			  "the next boot; note the ones you rely on now (sum -c "
			  "GetCurrentBiosCfg --file FILE saves them)", rejecting);
	}
	ret = sm_sum_begin(host, ctx, c, "UpdateBios");
	if (ret)
		return ret;
	sm_sum_add(c, "--file");
	sm_sum_add(c, req->image_path);
	if (*preserve)
		sm_sum_add(c, "--preserve_setting");
	if (req->flags & FWD_FLASH_REBOOT)
		sm_sum_add(c, "--reboot");
	return 0;
}

int sm_stage_bios(struct fwd_ctx *ctx, const struct fwd_identity *id,
		  const struct fwd_flash_request *req, struct fwd_json *result)
{
	const struct fwd_host_api *host = sm_host();
	struct sm_sum_cmd c;
	struct sm_sum_outcome o;
	char line[1024], why[320], msg[SM_SUM_MSG_MAX], board[96];
	int preserve, ret, code, nothing, rebooting;

	if (!req || !result || !req->image_path)
		return host->set_error(ctx, -FWD_E_INTERNAL,
				       "stage_bios needs a request with the image path, and a result");
	ret = build(host, ctx, id, req, &c, &preserve);
	if (ret)
		return ret;
	sm_sum_describe(&c, line, sizeof(line));
	host->json_object_set_new(result, "command", host->json_string(line));
	host->json_object_set_new(result, "preserve_settings", host->json_boolean(preserve));
	host->json_object_set_new(result, "job_id", host->json_null());
	host->json_object_set_new(result, "reboot_required", host->json_boolean(0));
	host->json_object_set_new(result, "rebooting", host->json_boolean(0));

	if (req->flags & FWD_FLASH_DRY_RUN) {
		ret = sm_sum_plan(host, ctx, &c, FWD_STEP_BIOS_STAGE, "write the BIOS image with sum; "
				  "it is applied at the next host reboot");
		if (ret)
			return ret;
		return 0;
	}
	if (c.out_of_band)
		host->log(ctx, FWD_LOG_INFO, "out-of-band BIOS updates through sum need a node "
			  "product key (SFT-OOB-LIC or SFT-DCMS-SINGLE) activated on the BMC; "
			  "without one sum stops before flashing (exit 80)");
	else if (req->flags & FWD_FLASH_REBOOT)
		host->log(ctx, FWD_LOG_WARN, "--reboot in-band: sum reboots this machine once "
			  "the BIOS is written, which also ends fwdispatch");

	host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_BEGIN, "%s", line);
	ret = sm_sum_run(host, ctx, &c, FWD_STEP_BIOS_STAGE, SM_SUM_TIMEOUT_MS, &o);
	if (o.text)
		sm_sum_report(host, &o, result);
	if (ret == -FWD_E_TIMEOUT) {
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "sum did not finish in time");
		sm_sum_outcome_release(&o);
		return host->set_error(ctx, -FWD_E_FLASH,
			"sum did not finish the BIOS update within %u minutes and was stopped: "
			"the flash may have stopped midway; do not power off or reboot the host "
			"until the BIOS has been flashed again successfully: a half-written BIOS "
			"may not start", SM_SUM_TIMEOUT_MS / 60000u);
	}
	if (ret) {
		/* sum missing or not runnable: the host said what to install. */
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "sum could not be run");
		sm_sum_outcome_release(&o);
		return ret;
	}
	if (!sm_sum_succeeded(&o, why, sizeof(why))) {
		struct sm_sum_context sc = {
			.part = "BIOS", .board = sm_board_label(id, board, sizeof(board)),
			.image = req->image_path, .command = "UpdateBios",
			.preserve_setting = preserve,
		};

		code = sm_sum_failure(&o, &sc, msg, sizeof(msg), &nothing);
		host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_FAILED, "%s%s%s%s%s%s", why,
			   o.description[0] ? ": " : "", o.description,
			   o.writing[0] ? ", after it had begun writing ('" : "", o.writing,
			   o.writing[0] ? "'): failed part-way" : "");
		sm_sum_outcome_release(&o);
		return host->set_error(ctx, code, "%s", msg);
	}

	/* Only a reboot sum clearly started spares the operator one. */
	rebooting = (req->flags & FWD_FLASH_REBOOT) && sm_sum_said_rebooting(&o);
	host->json_object_set_new(result, "reboot_required", host->json_boolean(!rebooting));
	host->json_object_set_new(result, "rebooting", host->json_boolean(rebooting));
	host->step(ctx, FWD_STEP_BIOS_STAGE, FWD_STEP_DONE, "%s%s",
		   rebooting ? "BIOS written; sum is rebooting the host to apply it"
			     : "BIOS written; it runs from the next host reboot",
		   preserve ? " (settings kept)" : " (settings not preserved)");
	sm_sum_outcome_release(&o);
	return 0;
}
