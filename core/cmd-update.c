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

static const char *str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static void print_summary(const json_t *report, int ret, struct fwd_ctx *ctx)
{
	const json_t *bmc = json_object_get(report, "bmc");
	const char *before = str(bmc, "before"), *after = str(bmc, "after");
	const char *wanted = str(bmc, "version"), *stopped = str(report, "stopped_at");

	printf("\n");
	if (ret == 0) {
		printf("BMC firmware updated: %s -> %s on %s\n", before ? before : "?",
		       after ? after : "?", str(report, "target"));
	} else {
		printf("update stopped at step '%s': %s\n", stopped ? stopped : "?", ctx->error);
		if (!json_is_true(json_object_get(bmc, "flash_started"))) {
			printf("nothing was sent to the BMC");
			if (before)
				printf("; it still runs %s", before);
		} else {
			printf("the BMC ran %s before; now it ", before ? before : "?");
			if (after)
				printf("runs %s", after);
			else
				printf("does not answer");
			if (wanted && !(after && strcmp(after, wanted) == 0))
				printf("; the image holds %s", wanted);
		}
		printf("\n");
	}
	printf("reboot required: no (a BMC update does not touch the host)\n");
}

static int cmd_update(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_update_opts opts = {
		.bmc_image = cli->bmc_image,
		.bmc_sha256 = cli->sha256_bmc,
		.flags = cli->flash_flags,
		.bmc_wait_s = cli->bmc_timeout_s ? cli->bmc_timeout_s : FWD_BMC_DEFAULT_WAIT_S,
	};
	struct fwd_steps steps;
	json_t *report;
	int ret;

	if (!opts.bmc_image) {
		fprintf(stderr, "fwdispatch update: error: nothing to do: give --bmc IMAGE\n");
		return FWD_EXIT_USAGE;
	}
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
	if (!cli->json)
		print_summary(report, ret, ctx);
	if (ret) {
		if (!cli->json) {
			json_decref(report);
			report = NULL;
		}
		ret = fwd_cli_fail(cli, ctx, report);
	} else {
		if (cli->json)
			fwd_json_print(report);
		json_decref(report);
		ret = FWD_EXIT_OK;
	}
	fwd_steps_release(&steps);
	return ret;
}

const struct fwd_cmd_entry fwd_cmd_update = {
	.name = "update",
	.usage = "--bmc IMAGE [--sha256-bmc HEX] [--allow-downgrade] [--allow-reinstall] "
		 "[--bmc-timeout S] [--host H ...] [--state-dir DIR] [--json]",
	.summary = "flash the BMC, wait until it is back and verify it",
	.help = "Before anything is sent to the BMC: the image passes 'fwdispatch check', its\n"
		"manufacturer, product and device IDs match the BMC's, the running firmware\n"
		"is not older than the image's earliest compatible revision, and the image's\n"
		"version differs from the running one (unless --allow-downgrade or\n"
		"--allow-reinstall).  Then: ipmitool hpm upgrade, a cold reset where the new\n"
		"firmware is not running yet, a bounded wait until the BMC answers (--bmc-timeout,\n"
		"default 600 s) and a check of the version it runs.  A staged private copy of the\n"
		"image (in STATE_DIR/staging) is what is flashed.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_STATE | FWD_OPT_VERBOSE | FWD_OPT_UPDATE,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_update,
};
