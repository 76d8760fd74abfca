/*
 * acme.c: a complete small fwdispatch plugin, as a template for a vendor of
 * your own.  It claims the boards of "Acme Servers" (change ACME_VENDOR),
 * reads the BMC's version through the host, saves what the host can tell
 * of the BMC, uploads an HPM.1 image with ipmitool, and gives one recovery
 * hint.  Everything it uses is in <fwdispatch/fwd_plugin.h>: a plugin
 * links against nothing of fwdispatch's, it is handed the host's table.
 *
 * docs/plugin-guide.md explains each entry point; the comments here say
 * only what a copy of this file must keep.
 */
#include <fwdispatch/fwd_plugin.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define ACME_NAME "acme"
#define ACME_VERSION "0.1.0"
#define ACME_VENDOR "Acme Servers"

/* The host's table, saved by the entry point: valid while the plugin is
 * loaded, and the only way to reach fwdispatch. */
static const struct fwd_host_api *host;

/* Does s start with the vendor's name (SMBIOS pads and cases it freely)? */
static int is_acme(const char *s)
{
	return s && strncasecmp(s, ACME_VENDOR, strlen(ACME_VENDOR)) == 0;
}

/* Required.  Must not run tools: the host calls every plugin's probe and
 * keeps the highest score.  A reason in every case, also for 0. */
static int acme_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		      char *reason, size_t reason_size)
{
	(void)ctx;
	/* A Redfish target: this template speaks IPMI only. */
	if (FWD_SIZED_GET(id, struct fwd_identity, service_vendor, NULL)) {
		*score_out = 0;
		snprintf(reason, reason_size, "a Redfish target: not handled by this plugin");
		return 0;
	}
	if (is_acme(id->board_vendor) || is_acme(id->sys_vendor)) {
		*score_out = 80;
		snprintf(reason, reason_size, "an %s board (%s)", ACME_VENDOR,
			 id->board_name ? id->board_name : "model not told");
		return 0;
	}
	*score_out = 0;
	snprintf(reason, reason_size, "not an %s board", ACME_VENDOR);
	return 0;
}

/* The versions running now: the BMC's from `ipmitool mc info` (the host
 * asks it, once), the BIOS's from SMBIOS. */
static int acme_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
			      struct fwd_versions *out)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	int ret;

	if (which & FWD_VERSION_BIOS)
		snprintf(out->bios, sizeof(out->bios), "%s", id->bios_version ? id->bios_version : "");
	if (!(which & FWD_VERSION_BMC))
		return 0;
	ret = host->bmc_info(ctx, &info);
	if (ret)
		return ret;
	snprintf(out->bmc, sizeof(out->bmc), "%s", info.firmware);
	return 0;
}

/* What the backup keeps of this vendor's BMC (the plugin's "vendor"
 * object).  A real plugin saves the settings a flash can lose. */
static int acme_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup)
{
	struct fwd_bmc_info info = { .size = sizeof(info) };
	int ret = host->bmc_info(ctx, &info);

	(void)id;
	if (ret)
		return ret;
	host->json_object_set_new(backup, "firmware", host->json_string(info.firmware));
	host->json_object_set_new(backup, "note", host->json_string(
		"the template keeps no vendor settings: the core saved the LAN settings"));
	return 0;
}

/* Uploads and activates the BMC image; the core resets, waits, verifies. */
static int acme_flash_bmc(struct fwd_ctx *ctx, const struct fwd_identity *id,
			  const struct fwd_flash_request *req, struct fwd_bmc_flashed *next,
			  struct fwd_json *result)
{
	const char *args[] = { "hpm", "upgrade", req->image_path, "force", "activate", NULL };
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	int ret;

	(void)id;
	if (!req->format || strcmp(req->format, "hpm1") != 0)
		return host->set_error(ctx, -FWD_E_BAD_INPUT, "%s BMCs take HPM.1 images only; "
				       "nothing was flashed", ACME_VENDOR);
	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET;        /* the host adds -I/-H/-U and the password */
	cmd.timeout_ms = 30u * 60u * 1000u;
	/* activate: the BMC restarts by itself, and may answer on with its old
	 * firmware for a while first. */
	next->reset = FWD_BMC_RESET_NONE;
	next->go_down_s = 120;
	if (req->flags & FWD_FLASH_DRY_RUN)
		return host->plan(ctx, FWD_STEP_BMC_UPLOAD, &cmd, "upload and activate the image");
	host->step(ctx, FWD_STEP_BMC_UPLOAD, FWD_STEP_BEGIN, "ipmitool hpm upgrade");
	ret = host->run_tool(ctx, &cmd, &res);
	if (!ret) {
		host->json_object_set_new(result, "upload_exit_code", host->json_integer(res.exit_code));
		if (res.exit_code != 0)
			ret = host->set_error(ctx, -FWD_E_FLASH, "ipmitool hpm upgrade exited %d: %.200s",
					      res.exit_code, res.err ? res.err : "");
	}
	host->tool_result_release(&res);
	host->step(ctx, FWD_STEP_BMC_UPLOAD, ret ? FWD_STEP_FAILED : FWD_STEP_DONE,
		   ret ? "the upload failed" : "uploaded and activated");
	return ret;
}

/* What to do when a run went wrong: {id, title, when, steps[], applies[]}. */
static int acme_recovery_hints(struct fwd_ctx *ctx, const struct fwd_identity *id,
			       struct fwd_json *hints)
{
	struct fwd_json *h = host->json_object(), *steps = host->json_array();
	struct fwd_json *applies = host->json_array();

	(void)ctx;
	(void)id;
	host->json_object_set_new(h, "id", host->json_string("acme-bmc-recovery"));
	host->json_object_set_new(h, "title", host->json_string("The BMC does not answer after "
								"its update"));
	host->json_object_set_new(h, "when", host->json_string("the upload stopped midway, or the "
							       "BMC stays silent"));
	host->json_array_append_new(steps, host->json_string("Wait ten minutes: a BMC checks "
							     "its image when it starts."));
	host->json_array_append_new(steps, host->json_string("Then run fwdispatch status, and "
							     "the same update again."));
	host->json_object_set_new(h, "steps", steps);
	host->json_array_append_new(applies, host->json_string("bmc"));
	host->json_object_set_new(h, "applies", applies);
	return host->json_array_append_new(hints, h) ? -FWD_E_INTERNAL : 0;
}

static const struct fwd_plugin acme_plugin = {
	FWD_PLUGIN_INIT,                    /* the ABI it was built with, its size */
	.name = ACME_NAME,
	.version = ACME_VERSION,
	.description = ACME_VENDOR " boards: BMC through HPM.1 (a template)",
	.probe = acme_probe,
	.read_versions = acme_read_versions,
	.backup = acme_backup,
	.flash_bmc = acme_flash_bmc,
	.recovery_hints = acme_recovery_hints,
	/* stage_bios, preflight, check_settings, job_status: NULL, so the host
	 * says this plugin does not do them. */
};

/* The one exported symbol.  Refuse a host that lacks what you use. */
FWD_PLUGIN_ENTRY(h)
{
	if (!h || h->abi_major != FWD_ABI_MAJOR)
		return NULL;
	host = h;
	return &acme_plugin;
}
