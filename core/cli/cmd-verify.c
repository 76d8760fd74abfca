/*
 * cmd-verify.c: `fwdispatch verify`: after the host's reboot, do the BMC
 * and the BIOS run what the last update put there?
 *
 * Three answers, not two: "ok" and "mismatch" close the run in its journal
 * and the history (exit 0, exit 5); "reboot-pending", a staged BIOS whose
 * host has not rebooted yet (a vendor job still Scheduled, the same boot
 * ID, no boot in the BMC's event log), closes nothing and records nothing:
 * exit 10, as the update that staged it, and verify runs again after the
 * reboot.  The BMC is reported whether or not the run flashed it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "identity/target-identity.h"
#include "plugin-host/plugin-call.h"
#include "update/bmc-sequence.h"
#include "update/history.h"
#include "update/host-boot.h"
#include "update/journal.h"
#include "update/lock.h"
#include "util/error.h"
#include "util/json-out.h"
#include "util/safe-text.h"
#include "util/utc-time.h"
#include "util/version.h"

enum state { OK, PENDING, MISMATCH };
static const char *const state_names[] = { "ok", "reboot-pending", "mismatch" };

/* What the plugin reads (fuller than mc info on a Dell), else identity's. */
static void running_versions(struct fwd_ctx *ctx, struct fwd_target_identity *ti,
			     struct fwd_versions *v)
{
	fwd_versions_now(ctx, ti->choice.chosen, &ti->info.id,
			 FWD_VERSION_BMC | FWD_VERSION_BIOS, v);
	if (!v->bmc[0])
		snprintf(v->bmc, sizeof(v->bmc), "%s", ti->bmc.firmware);
}

static json_t *verdict_new(const char *expected, const char *running, enum state st,
			   const char *detail)
{
	return json_pack("{s:o, s:s, s:b, s:s, s:s}", "expected",
			 expected ? json_string(expected) : json_null(), "running", running,
			 "ok", st == OK, "state", state_names[st], "detail", detail);
}

/* The BMC: what the run verified after its flash, checked again; or only
 * reported when the run did not flash it. */
static enum state judge_bmc(json_t *out, const json_t *bmc, const char *running)
{
	const char *expected = fwd_json_str(bmc, "after") ? fwd_json_str(bmc, "after")
							  : fwd_json_str(bmc, "version");
	char detail[256];
	enum state st = OK;

	if (!json_is_true(json_object_get(bmc, "flash_started"))) {
		snprintf(detail, sizeof(detail), "runs %s (the run did not flash it)",
			 running[0] ? running : "an unknown version");
		expected = NULL;
	} else if (running[0] && expected && !fwd_version_compare_dotted(running, expected)) {
		snprintf(detail, sizeof(detail), "runs %s, as expected", running);
	} else {
		st = MISMATCH;
		snprintf(detail, sizeof(detail), "runs %s, expected %s",
			 running[0] ? running : "an unknown version", expected ? expected : "?");
	}
	json_object_set_new(out, "bmc", verdict_new(expected, running, st, detail));
	return st;
}

/*
 * Has the host rebooted since the BIOS was staged?  A vendor job knows best
 * (Completed once the reboot ran it); else the mark the staging recorded.
 * Says how it knows in how.  --rebooted is the operator's word for it.
 */
static enum fwd_host_boot rebooted(struct fwd_cli *cli, struct fwd_ctx *ctx,
				   struct fwd_target_identity *ti, const json_t *bios,
				   char *how, size_t size)
{
	const char *job_id = fwd_json_str(bios, "job_id");
	enum fwd_host_boot b;

	if (cli->rebooted) {
		snprintf(how, size, "the host rebooted since the staging (--rebooted)");
		return FWD_HOST_BOOT_REBOOTED;
	}
	if (job_id && *job_id && ti->choice.chosen && ti->choice.chosen->vt->job_status) {
		const struct fwd_plugin_slot *plugin = ti->choice.chosen;
		json_t *job = json_object();
		const char *status;

		if (job && !fwd_call_job_status(ctx, plugin, &ti->info.id, job_id, job) &&
		    (status = fwd_json_str(job, "status"))) {
			int done = !strcmp(status, "Completed") || !strcmp(status, "Failed");

			snprintf(how, size, "job %s is %s%s%s", job_id, status,
				 fwd_json_str(job, "message") ? ": " : "",
				 fwd_json_str(job, "message") ? fwd_json_str(job, "message") : "");
			json_decref(job);
			return done ? FWD_HOST_BOOT_REBOOTED : FWD_HOST_BOOT_SAME;
		}
		json_decref(job);
		fwd_ctx_clear_error(ctx);
	}
	b = fwd_host_boot_since(ctx, json_object_get(bios, "host_boot"), how, size);
	return b;
}

/* The BIOS: a staged version shows only after the reboot. */
static enum state judge_bios(struct fwd_cli *cli, struct fwd_ctx *ctx,
			     struct fwd_target_identity *ti, json_t *out, const json_t *bios,
			     const char *running)
{
	const char *expected = fwd_json_str(bios, "version");
	const char *before = fwd_json_str(bios, "before");
	char detail[512], how[300];
	enum fwd_host_boot b;
	enum state st;

	if (expected && running[0] && !fwd_version_compare_dotted(running, expected)) {
		snprintf(detail, sizeof(detail), "runs %s, as expected", running);
		st = OK;
	} else if (!expected && running[0] && before && strcmp(running, before) != 0) {
		/* The image's version was never given: a change is all we can see. */
		snprintf(detail, sizeof(detail), "runs %s (was %s; the image's version was not "
			 "given, so only the change is checked)", running, before);
		st = OK;
	} else if ((b = rebooted(cli, ctx, ti, bios, how, sizeof(how))) ==
		   FWD_HOST_BOOT_REBOOTED) {
		snprintf(detail, sizeof(detail), "runs %s, expected %s: %s, and the staged BIOS "
			 "is not running", running[0] ? running : "an unknown version",
			 expected ? expected : "a change", how);
		st = MISMATCH;
	} else {
		snprintf(detail, sizeof(detail), "runs %s; the staged BIOS%s%s applies at the "
			 "host's next reboot: %s%s", running[0] ? running : "an unknown version",
			 expected ? " " : "", expected ? expected : "", how,
			 b == FWD_HOST_BOOT_UNKNOWN ? " (if it did reboot, 'verify --rebooted' "
			 "judges the BIOS as it runs)" : "");
		st = PENDING;
	}
	json_object_set_new(out, "bios", verdict_new(expected, running, st, detail));
	return st;
}

/* The verdict closes the run: its journal keeps it, the history gets it. */
static void close_run(struct fwd_cli *cli, struct fwd_ctx *ctx, const char *path, json_t *run,
		      json_t *verdict, const struct fwd_versions *v, int ok, const char *when)
{
	const json_t *bmc = json_object_get(run, "bmc"), *bios = json_object_get(run, "bios");
	struct fwd_journal j;
	json_t *entry;

	json_object_set(run, "verified", verdict);
	json_object_set_new(run, "reboot_required", json_false());
	if (fwd_journal_at(ctx, path, run, &j) != 0 || fwd_journal_write(ctx, &j) != 0)
		fwd_log(ctx, FWD_LOG_WARN, "%s", ctx->err.msg);
	fwd_journal_release(&j);
	fwd_ctx_clear_error(ctx);
	entry = json_pack("{s:O, s:O, s:O, s:s, s:s}", "run_id", json_object_get(run, "run_id"),
			  "target", json_object_get(run, "target"), "plugin",
			  json_object_get(run, "plugin"), "finished", when, "result",
			  ok ? "verified" : "verify-mismatch");
	if (json_is_true(json_object_get(bmc, "flash_started")))
		json_object_set_new(entry, "bmc", json_pack("{s:O, s:s, s:O}", "before",
				    json_object_get(bmc, "before"), "after", v->bmc, "image",
				    json_object_get(bmc, "image")));
	if (json_object_get(verdict, "bios"))
		json_object_set_new(entry, "bios", json_pack("{s:O, s:s, s:O}", "before",
				    json_object_get(bios, "before"), "version", v->bios, "image",
				    json_object_get(bios, "image")));
	if (fwd_history_append(ctx, cli->target.state_dir, entry) != 0) {
		fwd_log(ctx, FWD_LOG_WARN, "the history misses this check: %s", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
	}
	json_decref(entry);
}

static void print_verdict(const json_t *verdict, const json_t *run, enum state st,
			  const char *again)
{
	static const char *const parts[] = { "bmc", "bios" };
	static const char *const words[] = { "ok", "PENDING", "MISMATCH" };

	for (size_t i = 0; i < 2; i++) {
		const json_t *p = json_object_get(verdict, parts[i]);
		const char *s = fwd_json_str_or(p, "state", "");
		char detail[FWD_SAFE_TEXT_MAX];

		if (p)
			printf("%-4s %s: %s\n", parts[i], !strcmp(s, "ok") ? words[OK] :
			       !strcmp(s, "mismatch") ? words[MISMATCH] : words[PENDING],
			       fwd_safe_text(fwd_json_str(p, "detail"), detail, sizeof(detail)));
	}
	if (st == PENDING)
		printf("reboot pending: nothing is recorded yet; after the host's reboot, run "
		       "'%s'\n", again);
	else if (st == OK)
		printf("verified: the run %s is closed\n", fwd_json_str(run, "run_id"));
}

/* The run to verify: the target's last, which must have finished well. */
static int load_run(struct fwd_cli *cli, struct fwd_ctx *ctx, struct fwd_buf *path,
		    json_t **run)
{
	struct fwd_buf status = FWD_BUF_INIT;
	const char *state;

	if (fwd_journal_find(ctx, &cli->target, path) != 0 ||
	    fwd_journal_load(ctx, path->s, run) != 0)
		return ctx->err.code;
	state = fwd_journal_state(*run);
	if (!strcmp(state, "ok"))
		return 0;
	fwd_journal_command(*run, &cli->target, "status", &status);
	fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the last update of %s did not finish well (%s): "
			  "'%s' says where it stands and what to do",
			  fwd_json_str(*run, "target"), state, status.s);
	fwd_buf_release(&status);
	json_decref(*run);
	*run = NULL;
	return -FWD_E_REFUSED;
}

static int cmd_verify(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_versions v = { .size = sizeof(v) };
	struct fwd_target_identity ti;
	struct fwd_lock lock;
	struct fwd_buf path = FWD_BUF_INIT, again = FWD_BUF_INIT;
	char when[FWD_UTC_SIZE];
	json_t *run = NULL, *verdict = json_object(), *bios;
	enum state st = OK, part;
	int ret;

	if (load_run(cli, ctx, &path, &run) != 0 ||
	    fwd_lock_take(ctx, &cli->target, "verify", &lock) != 0) {
		fwd_buf_release(&path);
		json_decref(verdict);
		json_decref(run);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	if (!cli->identify.plugin)
		cli->identify.plugin = fwd_json_str(run, "plugin");
	ret = fwd_target_identify(ctx, &cli->identify, &cli->target, 1, &ti);
	if (!ret) {
		running_versions(ctx, &ti, &v);
		st = judge_bmc(verdict, json_object_get(run, "bmc"), v.bmc);
		bios = json_object_get(run, "bios");
		if (json_is_true(json_object_get(bios, "flash_started"))) {
			part = judge_bios(cli, ctx, &ti, verdict, bios, v.bios);
			st = part > st ? part : st;
		}
		fwd_utc_iso(time(NULL), when);
		json_object_set_new(verdict, "time", json_string(when));
		json_object_set_new(verdict, "result", json_string(state_names[st]));
		/* Pending is not an answer yet: nothing is closed or recorded. */
		if (st != PENDING)
			close_run(cli, ctx, path.s, run, verdict, &v, st == OK, when);
		if (st == MISMATCH)
			ret = fwd_ctx_set_error(ctx, -FWD_E_VERIFY, "%s does not run what the "
						"update put there", fwd_json_str(run, "target"));
	}
	fwd_buf_release(&path);
	fwd_target_identity_release(&ti);
	fwd_lock_release(ctx, &lock);
	fwd_journal_command(run, &cli->target, "verify", &again);
	if (!cli->json && !ret)
		print_verdict(verdict, run, st, again.s);
	else if (!cli->json)
		print_verdict(verdict, run, MISMATCH, again.s);
	if (ret) {
		json_t *doc = cli->json ? fwd_json_doc_new() : NULL;

		if (doc)
			json_object_set(doc, "verify", verdict);
		json_decref(verdict);
		json_decref(run);
		fwd_buf_release(&again);
		return fwd_cli_fail(cli, ctx, doc);
	}
	if (cli->json) {
		json_t *doc = fwd_json_doc_new();

		json_object_set_new(doc, "command", json_string("verify"));
		json_object_set(doc, "verify", verdict);
		if (st == PENDING)
			json_object_set_new(doc, "next", json_pack("{s:s, s:s}", "action",
				"reboot the host, then verify again", "command", again.s));
		fwd_json_print(doc);
		json_decref(doc);
	}
	json_decref(verdict);
	json_decref(run);
	fwd_buf_release(&again);
	return st == PENDING ? FWD_EXIT_REBOOT : FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_verify = {
	.name = "verify",
	.usage = "[--json] [--host H ...] [--state-dir DIR] [--rebooted]",
	.summary = "after the reboot: check the versions the last update put there",
	.help = "Compares what the BMC and the BIOS run now with what the last update\n"
		"flashed and staged (the BIOS's version comes from --bios-version or the\n"
		"manifest; without it, only a change from the old version can be seen).  A\n"
		"staged BIOS whose host has not rebooted since (the vendor's job still waits,\n"
		"the same boot ID in-band, no boot in the BMC's event log out-of-band) is\n"
		"'reboot pending': exit 10, nothing recorded.  Otherwise the verdict goes into\n"
		"the run's journal and the history, which closes the run.  Exit 5 on a\n"
		"mismatch.  --rebooted: the host did reboot, where fwdispatch cannot tell.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_STATE | FWD_OPT_VERBOSE | FWD_OPT_REBOOTED,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_verify,
};
