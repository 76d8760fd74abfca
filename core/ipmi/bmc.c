/*
 * bmc.c: `ipmitool mc info` on the target, once or until it answers, and
 * `ipmitool mc reset cold`.  A Redfish target gets the same from its
 * manager (redfish/manager.h), so that callers need not tell them apart.
 */
#include "ipmi/bmc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/tool.h"
#include "util/kv-text.h"
#include "ipmi/session.h"
#include "redfish/manager.h"
#include "redfish/redfish.h"

/* A decimal number at the start of s: "2390 (0x0956)" gives 2390. */
static int parse_number(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || v > 0xffffffffUL || (*end && *end != ' ' && *end != '\t' && *end != '('))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int fwd_bmc_parse_mc_info(const char *text, struct fwd_bmc_info *out)
{
	char buf[128];
	const char *aux;
	uint32_t rev;

	memset(out, 0, sizeof(*out));
	out->size = sizeof(*out);
	if (parse_number(fwd_kv_find(text, "Manufacturer ID", buf, sizeof(buf)), &out->manufacturer_id))
		return -FWD_E_BAD_INPUT;
	fwd_kv_find(text, "Firmware Revision", out->firmware, sizeof(out->firmware));
	/* "Product ID : 2390 (0x0956)": the decimal comes first. */
	parse_number(fwd_kv_find(text, "Product ID", buf, sizeof(buf)), &out->product_id);
	parse_number(fwd_kv_find(text, "Device ID", buf, sizeof(buf)), &out->device_id);
	fwd_kv_find(text, "Manufacturer Name", out->manufacturer_name, sizeof(out->manufacturer_name));
	fwd_kv_find(text, "Product Name", out->product_name, sizeof(out->product_name));
	if (!parse_number(fwd_kv_find(text, "Device Revision", buf, sizeof(buf)), &rev) && rev <= 0xff)
		out->device_revision = (uint8_t)rev;
	fwd_kv_find(text, "IPMI Version", out->ipmi_version, sizeof(out->ipmi_version));
	out->device_available = -1;
	if (fwd_kv_find(text, "Device Available", buf, sizeof(buf)))
		out->device_available = !strcmp(buf, "yes") ? 1 : !strcmp(buf, "no") ? 0 : -1;
	/* Aux Firmware Rev Info: one "0x.." per line after the heading. */
	aux = strstr(text, "Aux Firmware Rev Info");
	if (aux) {
		aux = strchr(aux, '\n');
		for (int i = 0; aux && i < 4; i++) {
			unsigned v;

			aux += strspn(aux, " \t\n");
			if (sscanf(aux, "0x%2x", &v) != 1)
				break;
			out->aux[i] = (uint8_t)v;
			aux = strchr(aux, '\n');
		}
	}
	return 0;
}

int fwd_bmc_ipmitool(struct fwd_ctx *ctx, const char *const *args, unsigned timeout_ms,
		     unsigned flags, struct fwd_tool_result *res)
{
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;

	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET | flags;
	cmd.timeout_ms = timeout_ms;
	return fwd_tool_run(ctx, &cmd, res);
}

/* One attempt; ipmitool's own retries are kept short so a dead BMC costs
 * seconds, not minutes.  A quick one (FWD_BMC_TRY_QUICK) is a blind poll
 * while the BMC restarts: -N 1 -R 1 gives up after 2 s out of band, and
 * in-band the run is cut at FWD_BMC_QUICK_TIMEOUT_MS. */
int fwd_bmc_try_mc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out, unsigned flags,
			int *no_session)
{
	static const char *const args[] = { "-N", "2", "-R", "1", "mc", "info", NULL };
	static const char *const quick_args[] = { "-N", "1", "-R", "1", "mc", "info", NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int quick = (flags & FWD_BMC_TRY_QUICK) != 0;
	unsigned timeout = FWD_BMC_ATTEMPT_TIMEOUT_MS;
	int ret;

	if (fwd_redfish_target(ctx)) {
		if (no_session)
			*no_session = 0;
		return fwd_redfish_bmc_info(ctx, out, (flags & FWD_BMC_TRY_QUIET) != 0);
	}
	if (quick && !(ctx->target && ctx->target->pub.out_of_band))
		timeout = FWD_BMC_QUICK_TIMEOUT_MS;
	ret = fwd_bmc_ipmitool(ctx, quick ? quick_args : args, timeout,
			       (flags & FWD_BMC_TRY_QUIET) ? FWD_TOOL_QUIET : 0, &res);
	if (ret == -FWD_E_TIMEOUT) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE,
					"the BMC did not answer 'mc info' within %.1f s",
					timeout / 1000.0);
	} else if (ret == 0 && res.exit_code != 0 && fwd_session_failed(res.err)) {
		/* Refused, or not there at all: the operator's next move differs.  A
		 * wait asks only at its end (fwd_bmc_wait): a BMC that boots may
		 * refuse sessions for a while. */
		if (no_session) {
			*no_session = 1;
			ret = fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE, "the BMC did not answer "
						"'mc info': no session");
		} else {
			ret = fwd_session_diagnose(ctx, "'mc info'");
		}
	} else if (ret == 0 && res.exit_code != 0) {
		char *nl = res.err ? strchr(res.err, '\n') : NULL;

		if (nl)
			*nl = '\0';
		ret = fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE,
					"the BMC did not answer 'mc info' (ipmitool exit %d%s%s)",
					res.exit_code, res.err && *res.err ? ": " : "",
					res.err ? res.err : "");
	} else if (ret == 0 && (fwd_bmc_parse_mc_info(res.out, out) != 0 || !out->firmware[0])) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					"cannot read ipmitool's 'mc info' answer: no Manufacturer ID "
					"or Firmware Revision in it");
	}
	fwd_tool_result_release(&res);
	return ret;
}

int fwd_bmc_info(struct fwd_ctx *ctx, struct fwd_bmc_info *out)
{
	return fwd_bmc_try_mc_info(ctx, out, 0, NULL);
}

int fwd_bmc_info_quiet(struct fwd_ctx *ctx, struct fwd_bmc_info *out)
{
	int no_session;

	/* Polled to see a BMC go down: no answer is the answer, not a question. */
	return fwd_bmc_try_mc_info(ctx, out, FWD_BMC_TRY_QUIET, &no_session);
}

int fwd_bmc_reset_cold(struct fwd_ctx *ctx)
{
	static const char *const args[] = { "mc", "reset", "cold", NULL };
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ret;

	if (fwd_redfish_target(ctx))
		return fwd_redfish_bmc_reset(ctx);
	/* Whether it answers presence pings, learnt while it still can: the
	 * wait for its return then leans on them (bmc-wait.c). */
	fwd_bmc_probe_ping(ctx);
	ret = fwd_bmc_ipmitool(ctx, args, FWD_BMC_RESET_TIMEOUT_MS, 0, &res);
	if (ret == 0 && res.exit_code != 0)
		fwd_log(ctx, FWD_LOG_INFO, "'mc reset cold' got no clean answer (exit %d); "
			"waiting for the BMC anyway", res.exit_code);
	fwd_tool_result_release(&res);
	if (ret == -FWD_E_TOOL_MISSING)
		return ret;
	fwd_ctx_clear_error(ctx);
	return 0;
}
