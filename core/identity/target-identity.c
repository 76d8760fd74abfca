/*
 * target-identity.c: identifying the target and choosing its plugin.
 */
#include "identity/target-identity.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipmi/bmc.h"
#include "redfish/redfish.h"
#include "tool/tool.h"

/* Device nodes of the OpenIPMI driver, in the order ipmitool tries them. */
static const char *const ipmi_devices[] = { "/dev/ipmi0", "/dev/ipmi/0", "/dev/ipmidev/0", NULL };

int fwd_ipmi_device_present(struct fwd_ctx *ctx)
{
	/* Tests point this at a file of their own; nobody else needs it. */
	const char *override = getenv("FWDISPATCH_IPMI_DEVICE");
	const char *missing = "/dev/ipmi0";

	if (override && *override) {
		if (access(override, F_OK) == 0)
			return 0;
		missing = override;
	} else {
		for (size_t i = 0; ipmi_devices[i]; i++)
			if (access(ipmi_devices[i], F_OK) == 0)
				return 0;
	}
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
		"no local IPMI device (%s): load the drivers with 'modprobe ipmi_devintf' "
		"and 'modprobe ipmi_si', or reach the BMC out-of-band with --host", missing);
}

/*
 * The board's FRU names (`ipmitool fru print 0`): out-of-band they are all
 * a plugin learns of the board model.  A BMC without FRU data is no error.
 */
static void read_fru(struct fwd_ctx *ctx, struct fwd_identity_info *info)
{
	static const char *const args[] = { "-N", "2", "-R", "1", "fru", "print", "0", NULL };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;

	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET;
	cmd.timeout_ms = FWD_BMC_ATTEMPT_TIMEOUT_MS;
	if (fwd_tool_run(ctx, &cmd, &res) == 0 && res.exit_code == 0)
		fwd_identity_parse_fru(info, res.out);
	fwd_tool_result_release(&res);
	fwd_ctx_clear_error(ctx);
}

int fwd_target_identify(struct fwd_ctx *ctx, const struct fwd_identify_opts *opts,
			const struct fwd_target_opts *target, int need_bmc,
			struct fwd_target_identity *ti)
{
	int ret;

	memset(ti, 0, sizeof(*ti));
	fwd_identity_init(&ti->info);
	ti->bmc.size = sizeof(ti->bmc);

	if (!target->host && need_bmc) {
		ret = fwd_ipmi_device_present(ctx);
		if (ret)
			return ret;
	}
	/* Out-of-band, this machine's DMI says nothing about the target;
	 * through the host interface, the target is this machine. */
	if (!target->host || target->host_interface || opts->dmi_file || opts->sysfs_root) {
		ret = fwd_identity_read(ctx, opts->dmi_file, opts->sysfs_root, &ti->info);
		if (ret)
			return ret;
	}
	if (fwd_redfish_target(ctx)) {
		ret = fwd_identity_read_redfish(ctx, &ti->info, &ti->bmc);
		if (ret)
			return ret;
	} else if ((ret = fwd_bmc_info(ctx, &ti->bmc)) == 0) {
		ret = fwd_identity_set_bmc(&ti->info, &ti->bmc);
		if (ret)
			return fwd_ctx_set_error(ctx, ret, "out of memory");
		read_fru(ctx, &ti->info);
	} else if (need_bmc) {
		return ret;
	} else {
		fwd_log(ctx, FWD_LOG_WARN, "%s", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
	}

	ret = fwd_plugins_open(ctx, opts->plugin_dir, &ti->plugins);
	if (!ret)
		ret = fwd_choose_plugin(ctx, &ti->plugins, &ti->info.id, opts->plugin, &ti->choice);
	return ret;
}

void fwd_target_identity_release(struct fwd_target_identity *ti)
{
	fwd_choice_release(&ti->choice);
	fwd_plugins_release(&ti->plugins);
	fwd_identity_release(&ti->info);
}
