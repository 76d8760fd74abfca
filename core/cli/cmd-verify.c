/*
 * cmd-verify.c: `fwdispatch verify`: after the host's reboot, do the BMC
 * and the BIOS run what the last update put there?  Closes the run in its
 * journal (and the history) either way; exit 5 on a mismatch.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "identity/target-identity.h"
#include "util/version.h"
#include "util/error.h"
#include "update/history.h"
#include "update/bmc-sequence.h"
#include "update/journal.h"
#include "util/json-out.h"
#include "update/lock.h"
#include "identity/target-identity.h"
#include "util/utc-time.h"

/* What the plugin reads (fuller than mc info on a Dell), else identity's. */
static void running_versions(struct fwd_ctx *ctx, struct fwd_target_identity *ti,
			     struct fwd_versions *v)
{
	fwd_versions_now(ctx, ti->choice.chosen, &ti->info.id,
			 FWD_VERSION_BMC | FWD_VERSION_BIOS, v);
	if (!v->bmc[0])
		snprintf(v->bmc, sizeof(v->bmc), "%s", ti->bmc.firmware);
}

/* One part's verdict: {expected, running, ok, detail}.  Returns ok. */
static int judge(json_t *out, const char *name, const char *expected, const char *before,
		 const char *running, int staged_for_reboot)
{
	char detail[256];
	int ok;

	if (expected && *expected) {
		ok = running[0] && !fwd_version_compare_dotted(running, expected);
		snprintf(detail, sizeof(detail), ok ? "runs %s, as expected" :
			 "runs %s, expected %s", running[0] ? running : "an unknown version",
			 expected);
	} else if (staged_for_reboot) {
		/* The image's version was never given: a change is all we can see. */
		ok = running[0] && before && strcmp(running, before) != 0;
		snprintf(detail, sizeof(detail), ok ? "runs %s (was %s; the image's version was "
			 "not given, so only the change is checked)" : "still runs %s, as before "
			 "the update: the staged BIOS has not been applied (has the host rebooted?)",
			 running, before ? before : "?");
	} else {
		return 1;
	}
	json_object_set_new(out, name, json_pack("{s:o, s:s, s:b, s:s}", "expected",
				expected ? json_string(expected) : json_null(), "running", running,
				"ok", ok, "detail", detail));
	return ok;
}

static int cmd_verify(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_versions v = { .size = sizeof(v) };
	struct fwd_target_identity ti;
	struct fwd_journal j;
	struct fwd_lock lock;
	struct fwd_buf path = FWD_BUF_INIT;
	char when[FWD_UTC_SIZE];
	json_t *run, *verdict = json_object(), *bmc, *bios;
	const char *state;
	int ok = 1, ret;
	time_t now = time(NULL);

	if (fwd_journal_find(ctx, &cli->target, &path) != 0 ||
	    fwd_journal_load(ctx, path.s, &run) != 0) {
		fwd_buf_release(&path);
		json_decref(verdict);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	state = fwd_journal_state(run);
	if (strcmp(state, "ok") != 0) {
		struct fwd_buf status = FWD_BUF_INIT;

		fwd_journal_command(run, &cli->target, "status", &status);
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the last update of %s did not finish "
				  "well (%s): '%s' says where it stands and what to do",
				  fwd_json_str(run, "target"), state, status.s);
		fwd_buf_release(&status);
		json_decref(run);
		json_decref(verdict);
		fwd_buf_release(&path);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	if (fwd_lock_take(ctx, &cli->target, "verify", &lock) != 0) {
		json_decref(run);
		json_decref(verdict);
		fwd_buf_release(&path);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	if (!cli->identify.plugin)
		cli->identify.plugin = fwd_json_str(run, "plugin");
	ret = fwd_target_identify(ctx, &cli->identify, &cli->target, 1, &ti);
	if (!ret) {
		running_versions(ctx, &ti, &v);
		bmc = json_object_get(run, "bmc");
		bios = json_object_get(run, "bios");
		if (bmc && json_is_true(json_object_get(bmc, "flash_started")))
			ok &= judge(verdict, "bmc", fwd_json_str(bmc, "after") ?
				    fwd_json_str(bmc, "after") : fwd_json_str(bmc, "version"),
				    fwd_json_str(bmc, "before"), v.bmc, 0);
		if (bios && json_is_true(json_object_get(bios, "flash_started")))
			ok &= judge(verdict, "bios", fwd_json_str(bios, "version"),
				    fwd_json_str(bios, "before"), v.bios, 1);
		fwd_utc_iso(now, when);
		json_object_set_new(verdict, "time", json_string(when));
		json_object_set_new(verdict, "result", json_string(ok ? "ok" : "mismatch"));
		/* The run is closed: its journal keeps the verdict. */
		json_object_set(run, "verified", verdict);
		json_object_set_new(run, "reboot_required", json_false());
		if (fwd_journal_at(ctx, path.s, run, &j) != 0 || fwd_journal_write(ctx, &j) != 0)
			fwd_log(ctx, FWD_LOG_WARN, "%s", ctx->err.msg);
		fwd_journal_release(&j);
		fwd_ctx_clear_error(ctx);
		{
			json_t *entry = json_pack("{s:O, s:O, s:O, s:s, s:s}", "run_id",
				json_object_get(run, "run_id"), "target", json_object_get(run, "target"),
				"plugin", json_object_get(run, "plugin"), "finished", when,
				"result", ok ? "verified" : "verify-mismatch");

			if (json_object_get(verdict, "bmc"))
				json_object_set_new(entry, "bmc", json_pack("{s:O, s:s, s:O}",
					"before", json_object_get(bmc, "before"), "after", v.bmc,
					"image", json_object_get(bmc, "image")));
			if (json_object_get(verdict, "bios"))
				json_object_set_new(entry, "bios", json_pack("{s:O, s:s, s:O}",
					"before", json_object_get(bios, "before"), "version", v.bios,
					"image", json_object_get(bios, "image")));
			if (fwd_history_append(ctx, cli->target.state_dir, entry) != 0) {
				fwd_log(ctx, FWD_LOG_WARN, "the history misses this check: %s",
					ctx->err.msg);
				fwd_ctx_clear_error(ctx);
			}
			json_decref(entry);
		}
		if (!ok)
			ret = fwd_ctx_set_error(ctx, -FWD_E_VERIFY, "%s does not run what the "
						"update put there", fwd_json_str(run, "target"));
	}
	fwd_buf_release(&path);
	fwd_target_identity_release(&ti);
	fwd_lock_release(ctx, &lock);
	if (!cli->json) {
		const char *parts[] = { "bmc", "bios" };

		for (size_t i = 0; i < 2; i++)
			if (json_object_get(verdict, parts[i]))
				printf("%-4s %s: %s\n", parts[i], json_is_true(json_object_get(
				       json_object_get(verdict, parts[i]), "ok")) ? "ok" : "MISMATCH",
				       fwd_json_str(json_object_get(verdict, parts[i]), "detail"));
	}
	if (ret) {
		json_t *doc = cli->json ? fwd_json_doc_new() : NULL;

		if (doc)
			json_object_set(doc, "verify", verdict);
		json_decref(verdict);
		json_decref(run);
		return fwd_cli_fail(cli, ctx, doc);
	}
	if (cli->json) {
		json_t *doc = fwd_json_doc_new();

		json_object_set_new(doc, "command", json_string("verify"));
		json_object_set(doc, "verify", verdict);
		fwd_json_print(doc);
		json_decref(doc);
	} else {
		printf("verified: the run %s is closed\n", fwd_json_str(run, "run_id"));
	}
	json_decref(verdict);
	json_decref(run);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_verify = {
	.name = "verify",
	.usage = "[--json] [--host H ...] [--state-dir DIR]",
	.summary = "after the reboot: check the versions the last update put there",
	.help = "Compares what the BMC and the BIOS run now with what the last update flashed\n"
		"and staged (the BIOS's version comes from --bios-version or the manifest; without\n"
		"it, only a change from the old version can be seen).  Records the verdict in the\n"
		"run's journal and the history, which closes the run.  Exit 5 on a mismatch.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_STATE | FWD_OPT_VERBOSE,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_verify,
};
