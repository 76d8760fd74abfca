/*
 * cmd-update.c: `fwdispatch update`: back up, flash the BMC and verify it,
 * then stage the BIOS; safe against interruption (update-driver.c).
 */
#include <stdio.h>

#include "image/image-url.h"
#include "image/trusted-keys.h"
#include "ipmi/bmc.h"
#include "cli/cli.h"
#include "cli/confirm.h"
#include "util/error.h"
#include "cli/update-driver.h"

/*
 * --bmc-url, --bios-url: a Redfish BMC pulls the image itself, and only
 * an image whose SHA-256 the operator gives (the run checks the URL's
 * bytes against it before the BMC is asked).
 */
static int url_usage(struct fwd_cli *cli, const char *url, const char *part,
		     const char *file, const char *sha256)
{
	const char *problem;

	if (!url)
		return 0;
	if (file)
		return fwd_cli_usage_error(cli->command, cli->json, "--%s and --%s-url both name "
					   "the %s image: give one", part, part, part);
	if (!cli->target.redfish)
		return fwd_cli_usage_error(cli->command, cli->json, "--%s-url is for a Redfish "
					   "BMC, which pulls the image itself (--redfish --host H); "
					   "over IPMI give the file (--%s IMAGE)", part, part);
	if (cli->update.manifest)
		return fwd_cli_usage_error(cli->command, cli->json, "--%s-url and --manifest: a "
					   "manifest names image files; give the URL with "
					   "--sha256-%s instead", part, part);
	if (!sha256)
		return fwd_cli_usage_error(cli->command, cli->json, "--%s-url needs --sha256-%s "
					   "HEX: the image is checked against it before the BMC "
					   "pulls it", part, part);
	/* The URL is not repeated: it may hold a password. */
	problem = fwd_image_url_problem(url);
	if (problem)
		return fwd_cli_usage_error(cli->command, cli->json, "--%s-url: %s", part, problem);
	return 0;
}

static int cmd_update(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_update_opts *opts = &cli->update;
	int ret;

	opts->dry_run = cli->dry_run;
	opts->identify = cli->identify;
	if (!opts->bmc_image && !opts->bios_image && !opts->manifest && !opts->bmc_url &&
	    !opts->bios_url)
		return fwd_cli_usage_error(cli->command, cli->json, "nothing to do: give --bmc "
					   "IMAGE, --bios IMAGE or --manifest FILE");
	ret = url_usage(cli, opts->bmc_url, "bmc", opts->bmc_image, opts->bmc_sha256);
	if (!ret)
		ret = url_usage(cli, opts->bios_url, "bios", opts->bios_image, opts->bios_sha256);
	if (ret)
		return ret;
	/* A signature or a key with nothing signed would protect nothing, silently. */
	if (!opts->manifest && opts->signature)
		return fwd_cli_usage_error(cli->command, cli->json, "--signature is the manifest's: "
					   "give --manifest FILE too (images given directly are "
					   "checked by their SHA-256, never signed)");
	if (!opts->manifest && opts->trust_key && !cli->trust_key_from_config)
		return fwd_cli_usage_error(cli->command, cli->json, "--trust-key verifies a "
					   "manifest's signature: give --manifest FILE and "
					   "--signature FILE too");
	if (cli->detach && cli->dry_run)
		return fwd_cli_usage_error(cli->command, cli->json, "--detach and --dry-run "
					   "together make no sense: a dry run is quick and "
					   "changes nothing");
	ret = fwd_cli_needs_yes(cli);
	if (ret)
		return ret;
	return fwd_update_drive(cli, ctx, opts);
}

const struct fwd_cmd_entry fwd_cmd_update = {
	.name = "update",
	.usage = "[--bmc IMAGE|--bmc-url URL] [--bios IMAGE|--bios-url URL] [--sha256-bmc HEX] [--sha256-bios HEX] "
		 "[--manifest FILE [--signature FILE] [--trust-key KEY.pem]] [--dry-run] [--yes] "
		 "[--allow-downgrade] [--allow-reinstall] [--allow-power-risk] "
		 "[--allow-bmc-selftest-failure] [--remove-images] [--reboot] [--detach] [--events] [--json] [--host H ...] [--state-dir DIR]",
	.summary = "back up, flash the BMC and verify it, then stage the BIOS",
	.help = "Preflight, before anything changes: the board and its plugin; each image\n"
		"valid (HPM.1 checks, or the SHA-256 of a vendor image), meant for this board\n"
		"(and, with --manifest, listed for it with the right SHA-256 and upgrade path);\n"
		"versions compared with the running ones (--allow-downgrade, --allow-reinstall);\n"
		"the tools and the in-band driver present; room in the state folder; the\n"
		"machine's checks, each a line 'check NAME VERDICT' (the BMC's self-test, its\n"
		"event log, the power supplies, the vendor's jobs and licences: README,\n"
		"'Preflight checks'; --allow-bmc-selftest-failure and --allow-power-risk\n"
		"override theirs, recorded in the history); then your confirmation (--yes,\n"
		"required when stdin is not a terminal).\n"
		"Then: a backup of the BMC's settings (STATE_DIR/backups, 0600, fsynced); the BMC\n"
		"flashed, reset, waited for (--bmc-timeout, default 600 s), verified, its LAN\n"
		"settings restored if the flash lost them; then the BIOS staged by the vendor's\n"
		"tool, applied at the next reboot (exit 10; never a reboot unless --reboot).\n"
		"Every step is journaled (STATE_DIR/runs): 'fwdispatch status' shows the run,\n"
		"'fwdispatch resume' finishes an interrupted one.  Ctrl-C or SIGTERM stop it at\n"
		"the next safe point (exit 8), never in the middle of a flash; SIGHUP does not\n"
		"stop it.  --dry-run prints the plan with the exact commands and changes\n"
		"nothing.  --detach carries on in the background after the preflight.\n"
		"--remove-images deletes the image files named on the command line after a\n"
		"run that succeeded (never through a symbolic link).\n"
		"Signed manifests: --signature FILE is the manifest's Ed25519 signature, verified\n"
		"over the manifest's exact bytes before anything in it is used, with --trust-key\n"
		"KEY.pem (or 'trust-key' in the config file) and every *.pem key in the trusted-\n"
		"keys folder (" FWD_TRUSTED_KEYS_DIR ", or $" FWD_TRUSTED_KEYS_ENV ").  Once a\n"
		"key is configured, every manifest must be signed by one of them (exit 3\n"
		"otherwise, nothing changed); images given without a manifest are still taken\n"
		"on their SHA-256.  The key that verified it is in the output, the journal and\n"
		"the history (manifest_signed_by: the SHA-256 of the key's DER).\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_STATE | FWD_OPT_VERBOSE | FWD_OPT_UPDATE | FWD_OPT_BIOS | FWD_OPT_RUN |
		   FWD_OPT_YES | FWD_OPT_MANIFEST | FWD_OPT_DRY_RUN | FWD_OPT_WAITS,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_update,
};
