/*
 * cmd-update.c: `fwdispatch update`: flash the BMC (and, with the next
 * releases, stage the BIOS) of the target, safely.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bmc.h"
#include "cli.h"
#include "error.h"
#include "json-out.h"
#include "lock.h"
#include "run-record.h"
#include "steps.h"
#include "update.h"

/* The human report: one line per finished step, as it happens. */
static void print_step(void *payload, const json_t *step, enum fwd_step_state state)
{
	const char *name = json_string_value(json_object_get(step, "name"));
	const char *detail = json_string_value(json_object_get(step, "detail"));
	double secs = (double)json_integer_value(json_object_get(step, "duration_ms")) / 1000.0;
	static const char *const tag[] = { " .. ", " ok ", "FAIL", "skip" };

	(void)payload;
	if (state == FWD_STEP_BEGIN)
		printf("[%s] %-16s %s\n", tag[state], name, detail);
	else
		printf("[%s] %-16s %s (%.1f s)\n", tag[state], name, detail, secs);
	fflush(stdout);
}

/* A progress bar on stderr, only when stderr is a terminal. */
static void print_progress(void *payload, const char *step, uint64_t done, uint64_t total)
{
	int width = 30, filled;

	(void)payload;
	if (!total)
		return;
	filled = (int)(done * (uint64_t)width / total);
	fprintf(stderr, "\r  %-20s [%.*s%*s] %3d%%", step, filled,
		"##############################", width - filled, "",
		(int)(done * 100 / total));
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

static void print_bmc_summary(const json_t *bmc, int ok)
{
	const char *before = fwd_json_str(bmc, "before"), *after = fwd_json_str(bmc, "after");
	const char *wanted = fwd_json_str(bmc, "version");

	if (!bmc)
		return;
	if (ok) {
		printf("BMC firmware updated: %s -> %s\n", before ? before : "?", after ? after : "?");
		return;
	}
	if (!json_is_true(json_object_get(bmc, "flash_started"))) {
		printf("BMC: nothing was sent to it");
		if (before)
			printf("; it still runs %s", before);
	} else {
		printf("BMC: ran %s before; now it ", before ? before : "?");
		if (after)
			printf("runs %s", after);
		else
			printf("does not answer");
		if (wanted && !(after && strcmp(after, wanted) == 0))
			printf("; the image holds %s", wanted);
	}
	printf("\n");
}

static void print_bios_summary(const json_t *bios, int ok)
{
	const char *job = fwd_json_str(bios, "job_id");

	if (!bios)
		return;
	if (ok && json_is_true(json_object_get(bios, "reboot_required")))
		printf("BIOS staged%s%s: it is applied at the next reboot of the host\n",
		       job ? " as job " : "", job ? job : "");
	else if (ok)
		printf("BIOS updated\n");
	else if (!json_is_true(json_object_get(bios, "flash_started")))
		printf("BIOS: not staged; it still runs %s\n",
		       fwd_json_str(bios, "before") ? fwd_json_str(bios, "before") : "what it ran before");
	else
		printf("BIOS: staging failed%s%s\n", job ? ", job " : "", job ? job : "");
}

static void print_hints(const json_t *hints)
{
	const json_t *hint, *step;
	size_t i, j;

	if (!json_array_size(hints))
		return;
	printf("\nhow to recover:\n");
	json_array_foreach(hints, i, hint) {
		printf("  %s (%s)\n", fwd_json_str(hint, "title"), fwd_json_str(hint, "when") ? fwd_json_str(hint, "when") : "");
		json_array_foreach(json_object_get(hint, "steps"), j, step)
			printf("    %zu. %s\n", j + 1, json_string_value(step));
	}
}

static void print_summary(const json_t *report, int ret, struct fwd_ctx *ctx)
{
	const char *stopped = fwd_json_str(report, "stopped_at");

	printf("\n");
	if (ret)
		printf("update stopped at step '%s': %s\n", stopped ? stopped : "?", ctx->error);
	print_bmc_summary(json_object_get(report, "bmc"), ret == 0);
	print_bios_summary(json_object_get(report, "bios"), ret == 0);
	if (fwd_json_str(report, "backup"))
		printf("backup of the BMC settings: %s\n", fwd_json_str(report, "backup"));
	if (json_is_true(json_object_get(report, "reboot_required")))
		printf("reboot required: yes (fwdispatch never reboots the host unless --reboot)\n");
	else
		printf("reboot required: no\n");
	print_hints(json_object_get(report, "recovery_hints"));
}

/* The report stays in the state folder for `fwdispatch status`; failing
 * to keep it is worth a warning, never a failed update. */
static void save_record(struct fwd_cli *cli, struct fwd_ctx *ctx, const json_t *report)
{
	struct fwd_ctx quiet;

	fwd_ctx_init(&quiet);
	if (fwd_run_record_save(&quiet, cli->target.state_dir, report) != 0)
		fwd_log(ctx, FWD_LOG_WARN, "the report is not kept for 'fwdispatch status': %s",
			quiet.error);
}

static int cmd_update(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_update_opts opts = {
		.bmc_image = cli->bmc_image,
		.bmc_sha256 = cli->sha256_bmc,
		.bmc_version = cli->bmc_version,
		.bios_image = cli->bios_image,
		.bios_sha256 = cli->sha256_bios,
		.flags = cli->flash_flags,
		.bmc_wait_s = cli->bmc_timeout_s ? cli->bmc_timeout_s : FWD_BMC_DEFAULT_WAIT_S,
		.job_wait_s = cli->job_timeout_s ? cli->job_timeout_s : FWD_JOB_DEFAULT_WAIT_S,
	};
	struct fwd_steps steps;
	struct fwd_lock lock;
	json_t *report;
	int ret;

	if (!opts.bmc_image && !opts.bios_image) {
		fprintf(stderr, "fwdispatch update: error: nothing to do: give --bmc IMAGE "
			"and/or --bios IMAGE\n");
		return FWD_EXIT_USAGE;
	}
	/* One run per target; a refused second run must not touch the first's record. */
	if (fwd_lock_take(ctx, &cli->target, "update", &lock) != 0)
		return fwd_cli_fail(cli, ctx, NULL);
	fwd_steps_init(&steps);
	if (!cli->json) {
		steps.on_change = print_step;
		if (isatty(STDERR_FILENO))
			ctx->on_progress = print_progress;
	}
	ctx->steps = &steps;
	report = fwd_json_doc_new();
	json_object_set_new(report, "command", json_string("update"));

	ret = fwd_update_run(cli, ctx, &opts, report);

	json_object_set(report, "steps", steps.list);
	json_object_set_new(report, "stopped_at", ret && fwd_steps_stopped_at(&steps) ?
			    json_string(fwd_steps_stopped_at(&steps)) : json_null());
	json_object_set_new(report, "result", json_string(ret ? "failed" : "ok"));
	ctx->steps = NULL;
	save_record(cli, ctx, report);
	if (!cli->json)
		print_summary(report, ret, ctx);
	if (ret) {
		if (!cli->json) {
			json_decref(report);
			report = NULL;
		}
		ret = fwd_cli_fail(cli, ctx, report);
	} else {
		ret = json_is_true(json_object_get(report, "reboot_required")) ?
		      FWD_EXIT_REBOOT : FWD_EXIT_OK;
		if (cli->json)
			fwd_json_print(report);
		json_decref(report);
	}
	fwd_steps_release(&steps);
	fwd_lock_release(&lock);
	return ret;
}

const struct fwd_cmd_entry fwd_cmd_update = {
	.name = "update",
	.usage = "[--bmc IMAGE [--sha256-bmc HEX]] [--bios IMAGE [--sha256-bios HEX]] "
		 "[--allow-downgrade] [--allow-reinstall] [--host H ...] [--state-dir DIR] [--json]",
	.summary = "back up, flash the BMC and verify it, then stage the BIOS",
	.help = "Before anything is sent to the BMC: the image passes 'fwdispatch check', its\n"
		"manufacturer, product and device IDs match the BMC's, the running firmware\n"
		"is not older than the image's earliest compatible revision, and the image's\n"
		"version differs from the running one (unless --allow-downgrade or\n"
		"--allow-reinstall).  Then: ipmitool hpm upgrade, a cold reset where the new\n"
		"firmware is not running yet, a bounded wait until the BMC answers (--bmc-timeout,\n"
		"default 600 s) and a check of the version it runs; then the BMC's LAN settings\n"
		"are compared with the backup and restored if the flash reset them.\n"
		"A vendor image (not HPM.1) goes through the vendor's tool (Supermicro sum, Dell\n"
		"racadm) and needs its SHA-256 (--sha256-bmc/--sha256-bios or IMAGE.sha256).\n"
		"The BIOS is staged only after the BMC is verified, and applied at the next reboot\n"
		"of the host (exit 10): fwdispatch never reboots unless --reboot.  The BMC's\n"
		"settings are backed up to STATE_DIR/backups before anything is flashed, and a\n"
		"private copy of each image (in STATE_DIR/staging) is what is flashed.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_STATE | FWD_OPT_VERBOSE | FWD_OPT_UPDATE | FWD_OPT_BIOS,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_update,
};
