/*
 * Built against the frozen ABI 2.0 header (tests/plugins/abi-2.0): a
 * plugin of an older minor that runs a tool and asks the BMC who it is
 * through the current host, whose fwd_tool_cmd and fwd_bmc_info grew in
 * 2.1.  Each of its sized structs sits in a buffer with a guard pattern
 * after it: the host must read and write no further than the size the
 * plugin gave (ASan sees the same on the stack).  read_versions answers
 * with what mc info said, or fails saying what went wrong.
 */
#define TP_NAME "abi20tools"
#define TP_VTABLE
#define TP_NO_ENTRY
#include "test-plugin.h"

#include <string.h>

#define GUARD 0xa5
#define GUARD_SIZE 64

static const struct fwd_host_api *host;

struct guarded_info {
	struct fwd_bmc_info info;
	unsigned char guard[GUARD_SIZE];
};

struct guarded_result {
	struct fwd_tool_result res;
	unsigned char guard[GUARD_SIZE];
};

struct guarded_cmd {
	struct fwd_tool_cmd cmd;
	unsigned char guard[GUARD_SIZE];
};

static int intact(const unsigned char *guard)
{
	for (size_t i = 0; i < GUARD_SIZE; i++)
		if (guard[i] != GUARD)
			return 0;
	return 1;
}

static int read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
			 struct fwd_versions *out)
{
	static const char *const args[] = { "mc", "info", NULL };
	struct guarded_info gi;
	struct guarded_result gr;
	struct guarded_cmd gc;
	int ret;

	(void)id;
	(void)which;
	memset(&gi, GUARD, sizeof(gi));
	memset(&gr, GUARD, sizeof(gr));
	memset(&gc, GUARD, sizeof(gc));

	gi.info.size = sizeof(gi.info);
	ret = host->bmc_info(ctx, &gi.info);
	if (ret)
		return ret;
	if (!intact(gi.guard))
		return host->set_error(ctx, -FWD_E_INTERNAL, "bmc_info wrote past the %zu bytes "
				       "of a 2.0 fwd_bmc_info", sizeof(gi.info));

	/* A 2.0 command: nothing after payload for the host to read. */
	gc.cmd = (struct fwd_tool_cmd)FWD_TOOL_CMD_INIT;
	gc.cmd.tool = "ipmitool";
	gc.cmd.args = args;
	gc.cmd.flags = FWD_TOOL_TARGET;
	gr.res = (struct fwd_tool_result)FWD_TOOL_RESULT_INIT;
	ret = host->run_tool(ctx, &gc.cmd, &gr.res);
	if (!intact(gr.guard) || !intact(gc.guard)) {
		host->tool_result_release(&gr.res);
		return host->set_error(ctx, -FWD_E_INTERNAL, "run_tool went past a 2.0 "
				       "fwd_tool_cmd or fwd_tool_result");
	}
	if (ret == 0 && (gr.res.exit_code != 0 || !gr.res.out ||
			 !strstr(gr.res.out, gi.info.firmware)))
		ret = host->set_error(ctx, -FWD_E_TOOL_FAILED, "mc info through run_tool did not "
				      "say %s", gi.info.firmware);
	host->tool_result_release(&gr.res);
	if (!intact(gr.guard))
		return host->set_error(ctx, -FWD_E_INTERNAL, "tool_result_release went past a "
				       "2.0 fwd_tool_result");
	if (ret)
		return ret;
	snprintf(out->bmc, sizeof(out->bmc), "%s", gi.info.firmware);
	return 0;
}

static const struct fwd_plugin tp_vtable = {
	FWD_PLUGIN_INIT,
	.name = TP_NAME,
	.version = "2.0",
	.description = "a 2.0 plugin that runs tools",
	.probe = tp_probe,
	.read_versions = read_versions,
};

FWD_PLUGIN_ENTRY(h)
{
	host = h;
	return &tp_vtable;
}
