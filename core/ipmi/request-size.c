/*
 * request-size.c: asks once per run how long an IPMI request reaches the
 * BMC (request-size.h says why).
 */
#include "ipmi/request-size.h"

#include <stdio.h>
#include <string.h>

#include "ipmi/target.h"
#include "tool/tool.h"

/* The -z asked for: 192 bytes of data carry an HPM.1 block of 173 bytes
 * over cipher suite 3 (4.8 times fewer round trips than 36), and fit the
 * 256-byte datagram of ipmi_sim and of BMCs built the same way.  ipmitool's
 * raw takes at most 254 data bytes, which bounds what the probe can show. */
#define PROBE_SIZE 0xc0
#define PROBE_TIMEOUT_MS 10000

unsigned fwd_ipmi_request_data(unsigned size, int cipher)
{
	if (cipher == 3)
		return size >= 33 ? (size & ~15u) - 17 : 0;
	return size;
}

/* Did the BMC answer?  ipmitool raw exits 0 on a good answer, and names
 * the completion code ("rsp=0xc7") of one that refused the extra bytes;
 * without an answer it names none. */
static int answered(const struct fwd_tool_result *res)
{
	if (res->signal)
		return 0;
	if (res->exit_code == 0)
		return 1;
	return (res->out && strstr(res->out, "rsp=0x")) || (res->err && strstr(res->err, "rsp=0x"));
}

static int probe(struct fwd_ctx *ctx)
{
	/* -N 2 -R 1: one retry, two seconds each: the probe must not cost
	 * more than the upload it may shorten. */
	enum { HEAD = 7 };
	const char *args[HEAD + PROBE_SIZE + 1] = { "-N", "2", "-R", "1", "raw", "0x06", "0x01" };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ok;

	/* The most data -z could mean, whatever the suite. */
	for (unsigned i = 0; i < PROBE_SIZE; i++)
		args[HEAD + i] = "0x00";
	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET | FWD_TOOL_QUIET;
	cmd.timeout_ms = PROBE_TIMEOUT_MS;
	if (fwd_tool_run(ctx, &cmd, &res) != 0) {
		/* Not being able to ask is no reason to stop: the default works. */
		fwd_ctx_clear_error(ctx);
		return 0;
	}
	ok = answered(&res);
	fwd_tool_result_release(&res);
	return ok;
}

int fwd_ipmi_request_size(struct fwd_ctx *ctx)
{
	const struct fwd_target_opts *t = ctx->target;

	if (ctx->ipmi_request_size)
		return ctx->ipmi_request_size > 0 ? ctx->ipmi_request_size : 0;
	ctx->ipmi_request_size = -1;
	if (!t || !t->host || t->request_size == 0)
		return 0;
	if (t->request_size > 0) {
		ctx->ipmi_request_size = t->request_size;
		return t->request_size;
	}
	if (!probe(ctx)) {
		fwd_log(ctx, FWD_LOG_INFO, "a %u-byte IPMI request went unanswered: the "
			"upload uses ipmitool's default blocks of 36 bytes", PROBE_SIZE);
		return 0;
	}
	ctx->ipmi_request_size = PROBE_SIZE;
	fwd_log(ctx, FWD_LOG_INFO, "the BMC answers %u-byte IPMI requests: the upload "
		"uses blocks of up to %u bytes (ipmitool -z 0x%x) instead of 36; "
		"--ipmi-request-size default keeps ipmitool's", PROBE_SIZE,
		fwd_ipmi_request_data(PROBE_SIZE, t->pub.cipher) - 2, PROBE_SIZE);
	return PROBE_SIZE;
}
