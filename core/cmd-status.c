/*
 * cmd-status.c: `fwdispatch status`: what the last update did, step by
 * step, and where a BIOS job it left for the next reboot stands now.
 */
#include <stdio.h>
#include <string.h>

#include "cli-common.h"
#include "error.h"
#include "json-out.h"
#include "run-record.h"

/* Asks the plugin that made the job where it stands; adds "job" to bios. */
static void follow_job(struct fwd_cli *cli, struct fwd_ctx *ctx, const json_t *record,
		       json_t *bios)
{
	const char *job_id = fwd_json_str(bios, "job_id"), *plugin = fwd_json_str(record, "plugin");
	const struct fwd_plugin_slot *slot;
	struct fwd_identity_info info;
	struct fwd_plugin_set set = { 0 };
	json_t *job = json_object();

	fwd_identity_init(&info);
	if (fwd_cli_load_plugins(cli, ctx, &set) == 0 && plugin &&
	    (slot = fwd_plugins_find(&set, plugin)) && slot->vt->job_status) {
		ctx->plugin_name = slot->name;
		if (slot->vt->job_status(ctx, &info.id, job_id, (struct fwd_json *)job) != 0) {
			json_object_set_new(job, "error", fwd_json_text(ctx->error));
			fwd_log(ctx, FWD_LOG_WARN, "cannot read job %s now: %s", job_id, ctx->error);
			fwd_ctx_clear_error(ctx);
		}
		ctx->plugin_name = NULL;
	} else {
		json_object_set_new(job, "error",
				    json_string("the plugin that made the job cannot follow it"));
		fwd_ctx_clear_error(ctx);
	}
	json_object_set_new(bios, "job", job);
	fwd_plugins_release(&set);
	fwd_identity_release(&info);
}

static void print_status(const json_t *record)
{
	const json_t *step, *bios = json_object_get(record, "bios"), *job;
	size_t i;

	printf("last update of %s (plugin %s): %s\n", fwd_json_str(record, "target"),
	       fwd_json_str(record, "plugin") ? fwd_json_str(record, "plugin") : "none",
	       fwd_json_str(record, "result") ? fwd_json_str(record, "result") : "unknown");
	json_array_foreach(json_object_get(record, "steps"), i, step)
		printf("  %-8s %-16s %s\n", fwd_json_str(step, "status"), fwd_json_str(step, "name"),
		       fwd_json_str(step, "detail"));
	if (fwd_json_str(record, "stopped_at"))
		printf("stopped at step '%s'\n", fwd_json_str(record, "stopped_at"));
	if (fwd_json_str(record, "backup"))
		printf("backup: %s\n", fwd_json_str(record, "backup"));
	job = json_object_get(bios, "job");
	if (job) {
		printf("BIOS job %s: %s", fwd_json_str(bios, "job_id"),
		       fwd_json_str(job, "status") ? fwd_json_str(job, "status") : "unknown");
		if (fwd_json_str(job, "message"))
			printf(" (%s)", fwd_json_str(job, "message"));
		if (fwd_json_str(job, "error"))
			printf(" (%s)", fwd_json_str(job, "error"));
		printf("\n");
	}
	printf("reboot required: %s\n",
	       json_is_true(json_object_get(record, "reboot_required")) ? "yes" : "no");
}

static int cmd_status(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	json_t *record, *bios;
	int ret;

	ret = fwd_run_record_load(ctx, cli->target.state_dir, &record);
	if (ret)
		return fwd_cli_fail(cli, ctx, NULL);
	bios = json_object_get(record, "bios");
	if (fwd_json_str(bios, "job_id"))
		follow_job(cli, ctx, record, bios);
	if (cli->json) {
		json_t *doc = fwd_json_doc_new();

		json_object_set(doc, "last_update", record);
		fwd_json_print(doc);
		json_decref(doc);
	} else {
		print_status(record);
	}
	json_decref(record);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_status = {
	.name = "status",
	.usage = "[--json] [--state-dir DIR] [--host H ...]",
	.summary = "show the last update, step by step, and its BIOS job now",
	.help = "Reads STATE_DIR/last-update.json.  When the update left a BIOS job for the\n"
		"next host reboot (Dell), asks the plugin where that job stands now: run it\n"
		"after the reboot to see the job's final state.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_TARGET | FWD_OPT_STATE |
		   FWD_OPT_VERBOSE,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_status,
};
