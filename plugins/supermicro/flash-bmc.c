/*
 * flash-bmc.c: the supermicro plugin's flash_bmc.
 *
 * An .hpm image takes the standard HPM.1 path (hpm-flash.c).  Any other
 * image is Supermicro's own format, which only `sum -c UpdateBmc` reads:
 *
 *   bmc-upload  sum [-i HOST -u USER -p ****] -c UpdateBmc --file F
 *               [--overwrite_cfg, only when the operator asked for it]
 *   bmc-wait    the BMC restarts by itself after sum; wait until it answers
 *   bmc-verify  it runs req->version when that is known, else a version
 *               other than the one it ran before
 *
 * Result keys: "command", "upload_exit_code", "tool_exit_code",
 * "tool_output", "sum_error" (on failure), "after", "wait_ms".
 */
#include "supermicro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hpm-flash.h"
#include "sum.h"

/* After sum returns, a BMC may answer with its old firmware for a while
 * before it goes down to restart: keep asking this long before calling
 * the flash ineffective. */
#define SETTLE_MS (90u * 1000u)
#define SETTLE_POLL_MS 1000u

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000u, .tv_nsec = (long)(ms % 1000u) * 1000000L };

	nanosleep(&ts, NULL);
}

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

struct verify_rule {
	const char *want;      /* the version the image installs, or NULL */
	const char *before;    /* the version running before, or NULL */
};

static int took_effect(const struct verify_rule *r, const char *now)
{
	if (r->want)
		return sm_same_version(now, r->want);
	return !sm_same_version(now, r->before);
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
		  const struct verify_rule *rule, struct fwd_json *result)
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
		ret = sm_sum_plan(host, ctx, &c, "bmc-upload", "update the BMC with sum (sum "
				  "resets it), then wait for it and verify its version");
		if (ret)
			return ret;
		return 1;
	}
	if (overwrite)
		host->log(ctx, FWD_LOG_WARN, "--overwrite-bmc-config: sum resets the BMC's "
			  "settings to factory defaults (network, users, passwords); the backup "
			  "keeps the LAN settings and user list, not the passwords");

	host->step(ctx, "bmc-upload", FWD_STEP_BEGIN, "%s", line);
	ret = sm_sum_run(host, ctx, &c, "bmc-upload", SM_SUM_TIMEOUT_MS, &o);
	host->json_object_set_new(result, "upload_exit_code",
				  o.exit_code >= 0 ? host->json_integer(o.exit_code)
						   : host->json_null());
	if (o.text)
		sm_sum_report(host, &o, result);
	if (ret == -FWD_E_TIMEOUT) {
		bmc_state_note(host, ctx, result, note, sizeof(note), &info);
		host->step(ctx, "bmc-upload", FWD_STEP_FAILED, "sum did not finish in time");
		sm_sum_outcome_release(&o);
		return host->set_error(ctx, -FWD_E_FLASH,
				       "sum did not finish the BMC update within %u minutes and "
				       "was stopped: the flash may have stopped midway%s",
				       SM_SUM_TIMEOUT_MS / 60000u, note);
	}
	if (ret) {
		/* sum missing or not runnable: the host said what to install. */
		host->step(ctx, "bmc-upload", FWD_STEP_FAILED, "sum could not be run");
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
		sc.firmware_changed = info.firmware[0] && rule->before &&
				      !sm_same_version(info.firmware, rule->before);
		code = sm_sum_failure(&o, &sc, msg, sizeof(msg), &nothing);
		host->step(ctx, "bmc-upload", FWD_STEP_FAILED, "%s%s%s", why,
			   o.description[0] ? ": " : "", o.description);
		sm_sum_outcome_release(&o);
		return host->set_error(ctx, code, "%s", msg);
	}
	host->step(ctx, "bmc-upload", FWD_STEP_DONE, "sum updated the BMC%s%s",
		   o.status[0] ? ": " : "", o.status);
	sm_sum_outcome_release(&o);
	return 0;
}

static int wait_and_verify(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			   const struct fwd_flash_request *req, const struct verify_rule *rule,
			   struct fwd_json *result)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	uint64_t start = now_ms(), bound = (uint64_t)req->bmc_wait_s * 1000u, waited = 0;
	uint64_t settle = bound < SETTLE_MS ? bound : SETTLE_MS, elapsed;
	int ret, said = 0;

	host->step(ctx, "bmc-wait", FWD_STEP_BEGIN, "waiting up to %u s for the BMC to answer",
		   req->bmc_wait_s);
	for (;;) {
		elapsed = now_ms() - start;
		ret = host->bmc_wait(ctx, bound > elapsed ? (unsigned)((bound - elapsed + 999u) / 1000u)
							  : 1u, &info, &waited);
		elapsed = now_ms() - start;
		if (ret) {
			host->json_object_set_new(result, "wait_ms",
						  host->json_integer((long long)elapsed));
			host->json_object_set_new(result, "after", host->json_null());
			host->step(ctx, "bmc-wait", FWD_STEP_FAILED, "no answer within %u s",
				   req->bmc_wait_s);
			return host->set_error(ctx, -FWD_E_BMC_GONE,
				"the BMC did not answer within %u s after sum updated it: it may "
				"still be starting, or be unreachable at its old address",
				req->bmc_wait_s);
		}
		if (took_effect(rule, info.firmware) || elapsed >= settle)
			break;
		/* Still the old firmware: it may not have gone down yet. */
		if (!said++)
			host->log(ctx, FWD_LOG_INFO, "the BMC still answers with %s: waiting up to "
				  "%u s for it to restart", info.firmware, (unsigned)(settle / 1000u));
		sleep_ms(SETTLE_POLL_MS);
	}
	host->json_object_set_new(result, "wait_ms", host->json_integer((long long)elapsed));
	host->json_object_set_new(result, "after", host->json_string(info.firmware));
	host->step(ctx, "bmc-wait", FWD_STEP_DONE, "the BMC answered %.1f s after sum ended",
		   (double)elapsed / 1000.0);

	if (rule->want)
		host->step(ctx, "bmc-verify", FWD_STEP_BEGIN, "expecting firmware %s", rule->want);
	else
		host->step(ctx, "bmc-verify", FWD_STEP_BEGIN,
			   "expecting a firmware other than %s", rule->before);
	if (!took_effect(rule, info.firmware)) {
		if (rule->want) {
			host->step(ctx, "bmc-verify", FWD_STEP_FAILED, "the BMC runs %s, expected %s",
				   info.firmware, rule->want);
			return host->set_error(ctx, -FWD_E_VERIFY,
				"the BMC runs %s after the flash, not %s: the new firmware is not "
				"running (the flash did not take, or the BMC rolled back)",
				info.firmware, rule->want);
		}
		host->step(ctx, "bmc-verify", FWD_STEP_FAILED, "the BMC still runs %s",
			   info.firmware);
		return host->set_error(ctx, -FWD_E_VERIFY,
			"the BMC still runs %s after the flash: the new firmware is not running "
			"(the flash did not take, or the BMC rolled back); if the image differs "
			"only in its build number, which 'mc info' does not show, give its version "
			"with --bmc-version", info.firmware);
	}
	host->step(ctx, "bmc-verify", FWD_STEP_DONE, "the BMC runs %s", info.firmware);
	return 0;
}

int sm_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
		 const struct fwd_flash_request *req, struct fwd_json *result)
{
	const struct fwd_host_api *host = sm_host();
	struct fwd_bmc_info before = { .size = sizeof(before) };
	struct verify_rule rule = { 0 };
	int ret;

	if (!req || !result || !req->image_path)
		return host->set_error(ctx, -FWD_E_INTERNAL,
				       "flash_bmc needs a request with the image path, and a result");
	if (fwdp_is_hpm1(req))
		return fwdp_hpm_flash_bmc(host, ctx, req, result);

	rule.want = req->version;
	if (FWD_SIZE_HAS(req, struct fwd_flash_request, running_version))
		rule.before = req->running_version;
	/* Without a version to compare with, a flash that did not take would
	 * pass for a success: ask the BMC first, and refuse if it cannot say. */
	if (!rule.want && !rule.before) {
		if (host->bmc_info(ctx, &before) != 0)
			return host->set_error(ctx, -FWD_E_REFUSED,
				"cannot tell afterwards whether the flash took effect: the BMC's "
				"running version is unknown and the image's version was not given "
				"(--bmc-version): nothing was flashed");
		rule.before = before.firmware;
	}

	ret = upload(host, ctx, id, req, &rule, result);
	if (ret)
		return ret < 0 ? ret : 0; /* 1: dry run, nothing more to do */
	return wait_and_verify(host, ctx, req, &rule, result);
}
