/*
 * cmd-resume.c: `fwdispatch resume`: finish an update that was cut short
 * (Ctrl-C, a lost session, kill -9, a power loss) or that failed after it
 * began to change the machine, from its journal.
 *
 * The same images, options and target as the interrupted run; the images
 * must still be the same bytes (their SHA-256 is in the journal).  Nothing
 * is flashed again blindly: update.c re-reads the running versions and
 * skips what the interrupted run already did (resume in update.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "identity/target-identity.h"
#include "util/error.h"
#include "update/journal.h"
#include "util/json-out.h"
#include "update/update-options.h"
#include "cli/update-driver.h"

/* The interrupted run's options; what the operator gives now (where to
 * read the identity, the plugin, longer waits) wins.  Strings are
 * borrowed from journal and cli. */
static void options_from(const json_t *journal, const struct fwd_cli *cli,
			 struct fwd_update_opts *o)
{
	fwd_update_opts_from_journal(journal, o);
	o->identify.plugin_dir = cli->identify.plugin_dir;
	if (cli->identify.plugin)
		o->identify.plugin = cli->identify.plugin;
	if (cli->identify.sysfs_root || cli->identify.dmi_file) {
		o->identify.sysfs_root = cli->identify.sysfs_root;
		o->identify.dmi_file = cli->identify.dmi_file;
	}
	/* The manifest is read again, so verified again: with the run's own
	 * signature and key, unless given now; the config file's key when the
	 * run had none. */
	if (cli->update.signature)
		o->signature = cli->update.signature;
	if (cli->update.trust_key && (!cli->trust_key_from_config || !o->trust_key))
		o->trust_key = cli->update.trust_key;
	if (cli->update.bmc_wait_s)
		o->bmc_wait_s = cli->update.bmc_wait_s;
	if (cli->update.job_wait_s)
		o->job_wait_s = cli->update.job_wait_s;
	o->dry_run = cli->dry_run;
}

/* Why a finished (or running) run has nothing to resume, and what instead. */
static void nothing_to_resume(struct fwd_cli *cli, struct fwd_ctx *ctx, const json_t *journal)
{
	const char *was = fwd_json_str(journal, "target"), *state = fwd_journal_state(journal);
	struct fwd_buf cmd = FWD_BUF_INIT;

	switch (fwd_journal_next(journal)) {
	case FWD_NEXT_WAIT:
		fwd_journal_command(journal, &cli->target, "status --follow", &cmd);
		fwd_ctx_set_error(ctx, -FWD_E_BUSY, "the run of %s is still going (PID %lld): "
				  "'%s' shows it", was ? was : "?",
				  (long long)json_integer_value(json_object_get(journal, "pid")),
				  cmd.s);
		break;
	case FWD_NEXT_REBOOT:
		fwd_journal_command(journal, &cli->target, "verify", &cmd);
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the last run of %s finished (%s) and "
				  "staged a BIOS for the next reboot: nothing to resume; after the "
				  "host's reboot, '%s' checks it", was ? was : "?", state, cmd.s);
		break;
	case FWD_NEXT_UPDATE:
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the last run of %s ended (%s) before it "
				  "changed anything: nothing to resume; start a new 'fwdispatch "
				  "update' once the cause is fixed (%s)", was ? was : "?", state,
				  fwd_json_str(json_object_get(journal, "error"), "message") ?
				  fwd_json_str(json_object_get(journal, "error"), "message") : "?");
		break;
	default:
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the last run of %s finished (%s): nothing "
				  "to resume", was ? was : "?", state);
		break;
	}
	fwd_buf_release(&cmd);
}

static int cmd_resume(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_update_opts opts = { 0 };
	struct fwd_buf path = FWD_BUF_INIT;
	char target[300];
	const char *state, *was;
	json_t *journal;
	int ret;

	ret = fwd_journal_find(ctx, &cli->target, &path);
	if (!ret)
		ret = fwd_journal_load(ctx, path.s, &journal);
	fwd_buf_release(&path);
	if (ret)
		return fwd_cli_fail(cli, ctx, NULL);
	state = fwd_journal_state(journal);
	was = fwd_json_str(journal, "target");
	if (!fwd_journal_unfinished(journal)) {
		nothing_to_resume(cli, ctx, journal);
	} else if (!was || strcmp(was, fwd_target_describe(&cli->target, target,
							   sizeof(target))) != 0) {
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "the interrupted run was of %s: give the "
				  "same target options (--host, --port, --user, --password-file)",
				  was ? was : "?");
	} else if (fwd_json_str(journal, "command") &&
		   !strcmp(fwd_json_str(journal, "command"), "verify")) {
		fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "nothing to resume");
	} else {
		options_from(journal, cli, &opts);
		opts.resume = journal;
		ret = cli->detach && cli->dry_run ?
		      fwd_cli_usage_error(cli->command, cli->json, "--detach and --dry-run "
					  "together make no sense: a dry run is quick and changes "
					  "nothing") : fwd_cli_needs_yes(cli);
		if (!ret) {
			fprintf(cli->json || cli->events ? stderr : stdout,
				"%s run %s of %s (%s in step '%s')\n", cli->dry_run ?
				"dry run: what resuming would do with" : "resuming",
				fwd_json_str(journal, "run_id"), was, state,
				fwd_journal_where(journal) ? fwd_journal_where(journal) : "?");
			ret = fwd_update_drive(cli, ctx, &opts);
		}
		json_decref(journal);
		return ret;
	}
	json_decref(journal);
	return fwd_cli_fail(cli, ctx, NULL);
}

const struct fwd_cmd_entry fwd_cmd_resume = {
	.name = "resume",
	.usage = "[--yes] [--dry-run] [--detach] [--events] [--json] [--bmc-timeout S] "
		 "[--job-timeout S] [--signature FILE] [--trust-key KEY.pem] [--host H ...] "
		 "[--state-dir DIR]",
	.summary = "finish an unfinished update from its journal",
	.help = "Reads the journal of the interrupted run (STATE_DIR/runs; the target's with\n"
		"--host, else the newest) and runs the update again with the same images and\n"
		"options.  The images must be the same bytes (SHA-256 from the journal).  It\n"
		"re-reads the running versions first and skips what is done: a BMC that runs\n"
		"the new version is not flashed again (an HPM.1 image already activated only\n"
		"gets its reset), a backup already written is kept, a BIOS already staged stays\n"
		"staged.  Out-of-band, give the same target options and the password again\n"
		"('fwdispatch status' prints the command).  A run is unfinished when it was\n"
		"interrupted or stopped, or failed after it began to change the machine (a\n"
		"BMC that came back only after --bmc-timeout, say); a resume that fails before\n"
		"it changes anything leaves it so.  --bmc-timeout and --job-timeout given now\n"
		"replace the run's (the config file's do not).  --dry-run says what it would\n"
		"do, from what the BMC runs now, and changes nothing (the run stays unfinished).\n"
		"A run from a manifest reads the manifest again: its signature is verified\n"
		"again (the run's --signature and --trust-key, unless given now), and one\n"
		"signed when the run started must still be signed now.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_STATE | FWD_OPT_VERBOSE | FWD_OPT_RUN | FWD_OPT_YES |
		   FWD_OPT_MANIFEST | FWD_OPT_WAITS | FWD_OPT_DRY_RUN,
	/* The run was started with the config file's waits, or with its own. */
	.not_from_config = FWD_OPT_WAITS,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_resume,
};
