/*
 * flash-bmc.c: the supermicro plugin's flash_bmc.
 *
 * An .hpm image takes the standard HPM.1 path (hpm-flash.c).  Any other
 * image is Supermicro's own format, which only `sum -c UpdateBmc` reads:
 *
 *   bmc-upload  sum [-i HOST -u USER -p ****] -c UpdateBmc --file F
 *               [--overwrite_cfg, only when the operator asked for it]
 *
 * The BMC restarts by itself after sum; the core waits for it and
 * verifies the version (struct fwd_bmc_flashed: no reset, and up to
 * GO_DOWN_S of old answers first).
 *
 * Result keys: "command", "upload_exit_code", "tool_exit_code",
 * "tool_output", "writing_began", "sum_error" and "after" (on failure).
 */
#include "supermicro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hpm-flash.h"
#include "sum.h"

/* After sum returns, a BMC may answer with its old firmware for a while
 * before it goes down to restart: the core keeps asking this long before
 * it takes the answer for the one after the restart. */
#define GO_DOWN_S 90u

/* "1.72" and "01.72.13" alike: mc info shows major.minor only, so that is
 * what can be compared.  Returns 1 when both parse. */
static int major_minor(const char *v, long *major, long *minor)
{
	char *end;

	if (!v || !*v)
		return 0;
	*major = strtol(v, &end, 10);
	if (end == v || *end != '.')
		return 0;
	v = end + 1;
	*minor = strtol(v, &end, 10);
	return end != v && (*end == '\0' || *end == '.');
}

int sm_same_version(const char *running, const char *version)
{
	long a1, a2, b1, b2;

	if (!running || !version)
		return 0;
	if (major_minor(running, &a1, &a2) && major_minor(version, &b1, &b2))
		return a1 == b1 && a2 == b2;
	return strcmp(running, version) == 0;
}

/* What the BMC runs after a failure, for the message and "after". */
static void bmc_state_note(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			   struct fwd_json *result, char *note, size_t size,
			   struct fwd_bmc_info *info)
{
	if (host->bmc_info(ctx, info) == 0) {
		host->json_object_set_new(result, "after", host->json_string(info->firmware));
		snprintf(note, size, "; the BMC answers and runs %s", info->firmware);
	} else {
		info->firmware[0] = '\0';
		host->json_object_set_new(result, "after", host->json_null());
		snprintf(note, size, "; the BMC does not answer now");
	}
}

static int upload(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		  const struct fwd_identity *id, const struct fwd_flash_request *req,
		  struct fwd_json *result)
{
	struct sm_sum_cmd c;
	struct sm_sum_outcome o;
	struct fwd_bmc_info info = { .size = sizeof(info) };
	char line[1024], why[320], note[128], msg[SM_SUM_MSG_MAX], board[96];
	int overwrite = (req->flags & FWD_FLASH_OVERWRITE_BMC_CONFIG) != 0;
	int ret, code, nothing;

	ret = sm_sum_begin(host, ctx, &c, "UpdateBmc");
	if (ret)
		return ret;
	sm_sum_add(&c, "--file");
	sm_sum_add(&c, req->image_path);
	/* --overwrite_cfg returns the BMC to factory settings: only on request. */
	if (overwrite)
		sm_sum_add(&c, "--overwrite_cfg");
	sm_sum_describe(&c, line, sizeof(line));
	host->json_object_set_new(result, "command", host->json_string(line));

	if (req->flags & FWD_FLASH_DRY_RUN) {
		return sm_sum_plan(host, ctx, &c, FWD_STEP_BMC_UPLOAD,
				   "update the BMC with sum (sum restarts it)");
	}
	if (overwrite)
		host->log(ctx, FWD_LOG_WARN, "--overwrite-bmc-config: sum resets the BMC's "
			  "settings to factory defaults (network, users, passwords); the backup "
			  "keeps the LAN settings and user list, not the passwords");

	host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_BEGIN, "%s", line);
	ret = sm_sum_run(host, ctx, &c, FWD_STEP_BMC_UPLOAD, SM_SUM_TIMEOUT_MS, &o);
	host->json_object_set_new(result, "upload_exit_code",
				  o.exit_code >= 0 ? host->json_integer(o.exit_code)
						   : host->json_null());
	if (o.text)
		sm_sum_report(host, &o, result);
	if (ret == -FWD_E_TIMEOUT) {
		bmc_state_note(host, ctx, result, note, sizeof(note), &info);
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "sum did not finish in time");
		sm_sum_outcome_release(&o);
		return host->set_error(ctx, -FWD_E_FLASH,
				       "sum did not finish the BMC update within %u minutes and "
				       "was stopped: the flash may have stopped midway%s",
				       SM_SUM_TIMEOUT_MS / 60000u, note);
	}
	if (ret) {
		/* sum missing or not runnable: the host said what to install. */
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "sum could not be run");
		sm_sum_outcome_release(&o);
		return ret;
	}
	if (!sm_sum_succeeded(&o, why, sizeof(why))) {
		struct sm_sum_context sc = {
			.part = "BMC", .board = sm_board_label(id, board, sizeof(board)),
			.image = req->image_path, .command = "UpdateBmc", .note = note,
		};

		bmc_state_note(host, ctx, result, note, sizeof(note), &info);
		/* A "refusal" after which the BMC runs something else was no refusal. */
		sc.firmware_changed = info.firmware[0] && req->running_version &&
				      !sm_same_version(info.firmware, req->running_version);
		code = sm_sum_failure(&o, &sc, msg, sizeof(msg), &nothing);
		host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_FAILED, "%s%s%s%s%s%s", why,
			   o.description[0] ? ": " : "", o.description,
			   o.writing[0] ? ", after it had begun writing ('" : "", o.writing,
			   o.writing[0] ? "'): failed part-way" : "");
		sm_sum_outcome_release(&o);
		return host->set_error(ctx, code, "%s", msg);
	}
	host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_DONE, "sum updated the BMC%s%s",
		   o.status[0] ? ": " : "", o.status);
	sm_sum_outcome_release(&o);
	return 0;
}

int sm_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
		 const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
		 struct fwd_json *result)
{
	const struct fwd_host_api *host = sm_host();

	if (!req || !result || !req->image_path)
		return host->set_error(ctx, -FWD_E_INTERNAL,
				       "flash_bmc needs a request with the image path, and a result");
	if (fwdp_is_hpm1(req))
		return fwdp_hpm_flash_bmc(host, ctx, req, next, result);
	FWD_SIZED_SET(next, struct fwd_bmc_flashed, reset, FWD_BMC_RESET_NONE);
	FWD_SIZED_SET(next, struct fwd_bmc_flashed, go_down_s, GO_DOWN_S);
	return upload(host, ctx, id, req, result);
}
