/*
 * update.c: the update procedure.
 *
 * Order: identify the machine and its BMC, choose the plugin, check the
 * image and make the private copy that will be flashed, check that it
 * fits the BMC; only then call the plugin to flash, reset, wait and
 * verify; then remove the staged copy.  A failed check returns before the
 * plugin is ever called, so nothing is sent.
 */
#include "update.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bmc.h"
#include "cli-common.h"
#include "compat.h"
#include "image.h"
#include "json-out.h"
#include "state-dir.h"
#include "steps.h"

/* Device nodes of the OpenIPMI driver, in the order ipmitool tries them. */
static const char *const ipmi_devices[] = { "/dev/ipmi0", "/dev/ipmi/0", "/dev/ipmidev/0", NULL };

struct update_state {
	struct fwd_identity_info info;
	struct fwd_plugin_set plugins;
	struct fwd_choice choice;
	struct fwd_bmc_info bmc;
	struct fwd_image_check image;
	char staged[4096];           /* the private copy, "" when none */
};

static int step_fail(struct fwd_ctx *ctx, const char *name, int ret)
{
	if (ctx->steps)
		fwd_steps_record(ctx->steps, name, FWD_STEP_FAILED, ctx->error);
	return ret;
}

static int in_band_device_present(struct fwd_ctx *ctx)
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

/* Who is the machine, who is its BMC, and which plugin handles it. */
static int identify(struct fwd_cli *cli, struct fwd_ctx *ctx, struct update_state *st,
		    json_t *report)
{
	char desc[512];
	int ret;

	fwd_steps_record(ctx->steps, "identify", FWD_STEP_BEGIN, "reading the board and its BMC");
	if (!cli->target.host) {
		ret = in_band_device_present(ctx);
		if (ret)
			return step_fail(ctx, "identify", ret);
	}
	if (cli->target.host && !cli->dmi_file && !cli->sysfs_root) {
		/* Out-of-band: this machine's DMI says nothing about the target. */
		fwd_identity_init(&st->info);
	} else {
		ret = fwd_cli_read_identity(cli, ctx, &st->info);
		if (ret)
			return step_fail(ctx, "identify", ret);
	}
	ret = fwd_bmc_info(ctx, &st->bmc);
	if (ret)
		return step_fail(ctx, "identify", ret);
	ret = fwd_identity_set_bmc(&st->info, &st->bmc);
	if (ret)
		return step_fail(ctx, "identify", fwd_ctx_set_error(ctx, ret, "out of memory"));
	json_object_set_new(report, "identity", fwd_identity_to_json(&st->info.id));

	ret = fwd_cli_load_plugins(cli, ctx, &st->plugins);
	if (!ret)
		ret = fwd_choose_plugin(ctx, &st->plugins, &st->info.id, cli->plugin, &st->choice);
	json_object_set_new(report, "candidates", fwd_choice_to_json(&st->choice));
	if (ret)
		return step_fail(ctx, "identify", ret);
	json_object_set_new(report, "plugin", json_string(st->choice.chosen->name));
	snprintf(desc, sizeof(desc), "BMC manufacturer %u product 0x%04x runs %s; plugin %s",
		 st->bmc.manufacturer_id, st->bmc.product_id, st->bmc.firmware,
		 st->choice.chosen->name);
	fwd_steps_record(ctx->steps, "identify", FWD_STEP_DONE, desc);
	return 0;
}

/* Validates the image while copying it into staging/, then checks it fits. */
static int check_bmc_image(struct fwd_cli *cli, struct fwd_ctx *ctx, struct update_state *st,
			   const struct fwd_update_opts *opts, json_t *bmc_report)
{
	char staging[4096], ver[FWD_HPM1_VERSION_STR_SIZE];
	int fd, ret;

	fwd_steps_record(ctx->steps, "check-bmc-image", FWD_STEP_BEGIN, opts->bmc_image);
	ret = fwd_state_dir_ensure(ctx, cli->target.state_dir, "staging", staging, sizeof(staging));
	if (ret)
		return step_fail(ctx, "check-bmc-image", ret);
	snprintf(st->staged, sizeof(st->staged), "%s/bmc-XXXXXX.hpm", staging);
	fd = mkostemps(st->staged, 4, O_CLOEXEC);
	if (fd < 0) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot create a staged copy in '%s': %s",
					staging, strerror(errno));
		st->staged[0] = '\0';
		return step_fail(ctx, "check-bmc-image", ret);
	}
	ret = fwd_image_check_hpm1(ctx, opts->bmc_image, opts->bmc_sha256, fd, &st->image);
	if (!ret && fsync(fd) < 0)
		ret = fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "cannot write the staged copy '%s': %s",
					st->staged, strerror(errno));
	close(fd);
	json_object_set_new(bmc_report, "image", fwd_image_to_json(&st->image));
	if (ret)
		return step_fail(ctx, "check-bmc-image", ret);
	if (!st->image.sha256_source[0])
		fwd_log(ctx, FWD_LOG_WARN, "no expected SHA-256 for '%s' (--sha256-bmc or %s.sha256): "
			"only the image's own checksums were verified", opts->bmc_image,
			opts->bmc_image);

	ret = fwd_hpm1_fits_bmc(ctx, opts->bmc_image, &st->image.hpm, &st->bmc, opts->flags);
	if (ret)
		return step_fail(ctx, "check-bmc-image", ret);
	fwd_hpm1_version_format(&st->image.hpm.firmware, ver, sizeof(ver));
	json_object_set_new(bmc_report, "version", json_string(ver));
	{
		char desc[256];

		snprintf(desc, sizeof(desc), "valid HPM.1 image for this BMC (sha256 %.12s...%s), "
			 "%s -> %s", st->image.hpm.sha256_hex,
			 st->image.sha256_source[0] ? ", as expected" : "", st->bmc.firmware, ver);
		fwd_steps_record(ctx->steps, "check-bmc-image", FWD_STEP_DONE, desc);
	}
	return 0;
}

static void remove_staged(struct fwd_ctx *ctx, struct update_state *st)
{
	if (!st->staged[0])
		return;
	if (unlink(st->staged) < 0 && errno != ENOENT)
		fwd_log(ctx, FWD_LOG_WARN, "cannot remove the staged copy '%s': %s", st->staged,
			strerror(errno));
	st->staged[0] = '\0';
}

static int flash_bmc(struct fwd_ctx *ctx, struct update_state *st,
		     const struct fwd_update_opts *opts, json_t *bmc_report)
{
	const struct fwd_plugin *vt = st->choice.chosen->vt;
	char ver[FWD_HPM1_VERSION_STR_SIZE];
	struct fwd_flash_request req = { .size = sizeof(req) };
	int ret;

	if (!vt->flash_bmc)
		return fwd_ctx_set_error(ctx, -FWD_E_NOT_IMPLEMENTED,
					 "plugin '%s' cannot flash a BMC", st->choice.chosen->name);
	fwd_hpm1_version_format(&st->image.hpm.firmware, ver, sizeof(ver));
	req.image_path = st->staged;
	req.sha256 = st->image.hpm.sha256_hex;
	req.format = "hpm1";
	req.flags = opts->flags;
	req.version = ver;
	req.bmc_wait_s = opts->bmc_wait_s;
	/* From here on the BMC may have been changed: the report says so. */
	json_object_set_new(bmc_report, "flash_started", json_true());
	ctx->plugin_name = st->choice.chosen->name;
	ret = vt->flash_bmc(ctx, &st->info.id, &req, (struct fwd_json *)bmc_report);
	ctx->plugin_name = NULL;
	if (ret && !ctx->error[0])
		fwd_ctx_set_error(ctx, ret, "plugin '%s' failed without saying why",
				  st->choice.chosen->name);
	/* A plugin that failed outside its own steps still leaves a named stop. */
	if (ret && !fwd_steps_stopped_at(ctx->steps))
		fwd_steps_record(ctx->steps, "bmc-flash", FWD_STEP_FAILED, ctx->error);
	return ret;
}

int fwd_update_run(struct fwd_cli *cli, struct fwd_ctx *ctx,
		   const struct fwd_update_opts *opts, json_t *report)
{
	struct update_state *st = calloc(1, sizeof(*st));
	json_t *bmc_report = json_object();
	char target[300];
	int ret;

	if (!st || !bmc_report) {
		free(st);
		json_decref(bmc_report);
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	fwd_identity_init(&st->info);
	json_object_set_new(report, "target", json_string(fwd_target_describe(&cli->target,
							    target, sizeof(target))));
	json_object_set_new(report, "plugin", json_null());
	json_object_set_new(report, "bmc", bmc_report);
	json_object_set_new(bmc_report, "flash_started", json_false());

	ret = identify(cli, ctx, st, report);
	if (!ret) {
		json_object_set_new(bmc_report, "before", json_string(st->bmc.firmware));
		ret = check_bmc_image(cli, ctx, st, opts, bmc_report);
	}
	if (!ret)
		ret = flash_bmc(ctx, st, opts, bmc_report);

	remove_staged(ctx, st);
	json_object_set_new(report, "reboot_required", json_false());
	fwd_choice_release(&st->choice);
	fwd_plugins_release(&st->plugins);
	fwd_identity_release(&st->info);
	free(st);
	return ret;
}
