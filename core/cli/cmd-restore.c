/*
 * cmd-restore.c: `fwdispatch restore BACKUP`: put a BMC's LAN settings
 * back as a backup recorded them, and read them back to confirm.
 *
 * Only onto the BMC the backup was taken from: the manufacturer and
 * product must match, and so must the LAN channels' MAC addresses (or,
 * for a backup without any, the target it was taken through).  It holds
 * the target's lock (lock.h) while it sets anything: never in the middle
 * of an update's flash.  As update does, it asks before it sends
 * anything, and needs --yes when nobody can answer (confirm.h).
 *
 * What the plugin saved of its own (the backup's "vendor": a Supermicro
 * BMC's LAN interface mode, an iDRAC's NIC selection) is put back by the
 * plugin that saved it, loaded by the name the backup gives (ABI 2.4
 * check_settings): first asked what differs, then, once confirmed, told
 * to put it back and read it back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi/backup.h"
#include "plugin-host/plugin-call.h"
#include "ipmi/bmc.h"
#include "redfish/manager.h"
#include "redfish/redfish.h"
#include "cli/cli.h"
#include "cli/confirm.h"
#include "util/error.h"
#include "util/json-out.h"
#include "update/lock.h"
#include "identity/target-identity.h"

static int backup_has_mac(const json_t *doc)
{
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(doc, "lan_channels"), i, c)
		if (fwd_json_str(json_object_get(c, "settings"), "mac"))
			return 1;
	return 0;
}

/*
 * A Redfish backup goes back only over Redfish, onto the service whose
 * root has the backup's UUID (any address: a flash may have moved it).
 * 1 for a Redfish target that may take it, 0 for an IPMI target whose
 * backup is an IPMI one, or a negative code with ctx's error set.
 */
static int same_redfish_service(struct fwd_ctx *ctx, const char *path, const json_t *doc)
{
	const char *then = fwd_json_str(json_object_get(doc, "bmc"), "service_uuid");
	const char *proto = fwd_json_str(doc, "protocol");
	int redfish = fwd_redfish_target(ctx);
	char now[80];
	int ret;

	if (!!redfish != (proto && !strcmp(proto, "redfish")))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' was taken over %s; restore it "
					 "the same way (%s)", path, redfish ? "IPMI" : "Redfish",
					 redfish ? "without --redfish" : "--redfish --host H");
	if (!redfish)
		return 0;
	if (!then)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' holds no service UUID to "
					 "prove it is this BMC's: refusing to restore it here", path);
	ret = fwd_redfish_service_uuid(ctx, now, sizeof(now));
	if (ret)
		return ret;
	if (strcmp(now, then) != 0)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "'%s' is a backup of the Redfish "
					 "service %s; this one is %s: refusing to restore it here",
					 path, then, now);
	return 1;
}

/* Is this the BMC the backup was taken from, as far as we can tell? */
static int same_bmc(struct fwd_ctx *ctx, const char *path, const json_t *doc,
		    const struct fwd_bmc_info *now, const char *target)
{
	const json_t *bmc = json_object_get(doc, "bmc");
	long long mfr = json_integer_value(json_object_get(bmc, "manufacturer_id"));
	long long prod = json_integer_value(json_object_get(bmc, "product_id"));
	const char *then = fwd_json_str(doc, "target");
	char board[128], of[160] = "";

	if (fwd_identity_board_label_json(json_object_get(doc, "identity"), board, sizeof(board)))
		snprintf(of, sizeof(of), ", of a %s", board);
	if (mfr != now->manufacturer_id || prod != now->product_id)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"'%s' is a backup of another BMC (manufacturer %lld, product 0x%04llx%s); "
			"this one is manufacturer %u, product 0x%04x: refusing to restore it here",
			path, mfr, (unsigned long long)prod, of, now->manufacturer_id,
			now->product_id);
	if (then && strcmp(then, target) == 0)
		return 0;
	/* The MACs are compared channel by channel before anything is sent. */
	if (backup_has_mac(doc)) {
		fwd_log(ctx, FWD_LOG_INFO, "the backup was taken through '%s', now '%s': the LAN "
			"channels' MAC addresses will tell whether this is the same BMC",
			then ? then : "?", target);
		return 0;
	}
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
		"'%s' was taken from '%s', not '%s', and holds no MAC address to prove it is "
		"the same BMC: refusing to restore it here", path, then ? then : "?", target);
}

static void print_lan(const json_t *settings)
{
	char line[256];

	printf("%s", fwd_lan_json_describe(settings, line, sizeof(line)));
}

static void print_channel(const json_t *c, int dry_run)
{
	long long ch = json_integer_value(json_object_get(c, "channel"));
	const json_t *differs = json_object_get(c, "differs"), *cmd, *d;
	size_t i;

	if (!json_is_array(differs)) {
		printf("channel %lld: not read\n", ch);
		return;
	}
	if (!json_array_size(differs)) {
		printf("channel %lld: matches the backup (", ch);
		print_lan(json_object_get(c, "before"));
		printf(")\n");
		return;
	}
	printf("channel %lld: differs from the backup in", ch);
	json_array_foreach(differs, i, d)
		printf("%s %s", i ? "," : "", json_string_value(d));
	printf("\n  now:       ");
	print_lan(json_object_get(c, "before"));
	printf("\n  backup:    ");
	print_lan(json_object_get(c, "backup"));
	printf("\n");
	json_array_foreach(json_object_get(c, "commands"), i, cmd)
		printf("  %s %s\n", dry_run ? "would run:" : json_is_true(json_object_get(c,
		       "restored")) ? "ran:      " : "to run:   ", json_string_value(cmd));
	if (json_is_object(json_object_get(c, "after"))) {
		printf("  read back: ");
		print_lan(json_object_get(c, "after"));
		printf(" (%s)\n", json_is_true(json_object_get(c, "verified")) ?
		       "as in the backup" : "NOT as in the backup");
	}
}

/* Everything read and planned, something to send: the operator's word,
 * unless --yes gave it. */
static int confirm_restore(void *payload, struct fwd_ctx *ctx, const json_t *channels)
{
	const struct fwd_cli *cli = payload;
	const json_t *c, *cmd;
	char target[300];
	size_t i, k;

	if (cli->yes)
		return 0;
	fprintf(stderr, "\nabout to restore the LAN settings of %s:\n",
		fwd_target_describe(&cli->target, target, sizeof(target)));
	json_array_foreach(channels, i, c)
		json_array_foreach(json_object_get(c, "commands"), k, cmd)
			fprintf(stderr, "  %s\n", json_string_value(cmd));
	return fwd_cli_confirm(ctx);
}

/* One line per setting the plugin reported: {saved, now, restored}. */
static void print_settings(const json_t *result, FILE *to)
{
	const char *name;
	const json_t *s;

	json_object_foreach((json_t *)result, name, s) {
		char *saved = json_dumps(json_object_get(s, "saved"), JSON_ENCODE_ANY);
		char *now = json_dumps(json_object_get(s, "now"), JSON_ENCODE_ANY);

		fprintf(to, "  %s: backup %s, BMC %s%s\n", name, saved ? saved : "?",
			now ? now : "?", json_is_true(json_object_get(s, "restored")) ?
			" (put back and read back)" : "");
		free(saved);
		free(now);
	}
}

static int restore_vendor(struct fwd_cli *cli, struct fwd_ctx *ctx, const json_t *doc,
			  json_t *report)
{
	const json_t *saved = json_object_get(doc, "vendor");
	struct fwd_identify_opts io = cli->identify;
	struct fwd_target_identity ti;
	const struct fwd_plugin_slot *slot;
	json_t *result;
	int ret;

	io.plugin = fwd_json_str(doc, "plugin");
	if (!io.plugin || !json_is_object(saved) || !json_object_size(saved))
		return 0;
	ret = fwd_target_identify(ctx, &io, &cli->target, 1, &ti);
	slot = ti.choice.chosen;
	if (ret || !slot->vt->check_settings) {
		fwd_target_identity_release(&ti);
		return ret;
	}
	result = json_object();
	json_object_set_new(report, "vendor_settings", result);
	ret = fwd_call_check_settings(ctx, slot, &ti.info.id, saved, FWD_SETTINGS_DRY_RUN,
				      result);
	if (ret == -FWD_E_VERIFY) {
		/* Something differs: a dry run says so, a run asks, then puts it back. */
		fwd_ctx_clear_error(ctx);
		ret = 0;
		if (!cli->dry_run && !cli->yes) {
			fprintf(stderr, "\nabout to put back plugin '%s''s own settings:\n",
				slot->name);
			print_settings(result, stderr);
			ret = fwd_cli_confirm(ctx);
		}
		if (!ret && !cli->dry_run) {
			json_object_clear(result);
			ret = fwd_call_check_settings(ctx, slot, &ti.info.id, saved,
						      FWD_SETTINGS_RESTORE, result);
		}
	}
	if (!cli->json && json_object_size(result)) {
		printf("plugin '%s''s own settings%s:\n", slot->name,
		       cli->dry_run ? " (dry run: nothing is sent)" : "");
		print_settings(result, stdout);
	}
	fwd_target_identity_release(&ti);
	return ret;
}

static int cmd_restore(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	const char *path = cli->args[0];
	struct fwd_bmc_info now = { .size = sizeof(now) };
	struct fwd_lock lock = { .fd = -1 };
	char target[300];
	json_t *doc = NULL, *report, *channels;
	const json_t *c;
	size_t i;
	int ret, redfish;

	ret = fwd_cli_needs_yes(cli);
	if (ret)
		return ret;
	fwd_target_describe(&cli->target, target, sizeof(target));
	report = fwd_json_doc_new();
	channels = json_array();
	json_object_set_new(report, "command", json_string("restore"));
	json_object_set_new(report, "backup", json_string(path));
	json_object_set_new(report, "created", json_null());
	json_object_set_new(report, "target", json_string(target));
	json_object_set_new(report, "dry_run", json_boolean(cli->dry_run));
	json_object_set_new(report, "channels", channels);
	json_object_set_new(report, "vendor_settings", json_null());

	ret = fwd_backup_load(ctx, path, &doc);
	if (!ret && !cli->dry_run)
		ret = fwd_lock_take(ctx, &cli->target, "restore", &lock);
	if (!ret && !cli->target.host)
		ret = fwd_ipmi_device_present(ctx);
	redfish = ret ? 0 : same_redfish_service(ctx, path, doc);
	if (redfish < 0)
		ret = redfish;
	if (!ret)
		ret = fwd_bmc_info(ctx, &now);
	if (!ret && !redfish)
		ret = same_bmc(ctx, path, doc, &now, target);
	if (!ret && redfish) {
		json_object_set(report, "created", json_object_get(doc, "created"));
		if (!cli->json)
			printf("restoring the settings of %s from %s (taken %s)%s\n", target, path,
			       fwd_json_str(doc, "created") ? fwd_json_str(doc, "created") : "?",
			       cli->dry_run ? ": dry run, nothing is sent" : "");
		/* Over Redfish the settings are all the plugin's (backup.h). */
		ret = restore_vendor(cli, ctx, doc, report);
	} else if (!ret) {
		json_object_set(report, "created", json_object_get(doc, "created"));
		if (!cli->json)
			printf("restoring the LAN settings of %s from %s (taken %s)%s\n", target, path,
			       fwd_json_str(doc, "created") ? fwd_json_str(doc, "created") : "?",
			       cli->dry_run ? ": dry run, nothing is sent" : "");
		ret = fwd_lan_restore_from_backup(ctx, doc, cli->dry_run, channels,
						  confirm_restore, cli);
		if (!cli->json)
			json_array_foreach(channels, i, c)
				print_channel(c, cli->dry_run);
		if (!ret)
			ret = restore_vendor(cli, ctx, doc, report);
	}
	fwd_lock_release(ctx, &lock);
	json_decref(doc);
	json_object_set_new(report, "result", json_string(ret ? "failed" :
							  cli->dry_run ? "planned" : "ok"));
	if (ret) {
		if (!cli->json) {
			json_decref(report);
			report = NULL;
		}
		return fwd_cli_fail(cli, ctx, report);
	}
	if (cli->json)
		fwd_json_print(report);
	json_decref(report);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_restore = {
	.name = "restore",
	.usage = "BACKUP [--dry-run] [--yes] [--json] [--state-dir DIR] [--host H --user U "
		 "--password-file F ...]",
	.summary = "put the BMC's LAN settings back from a backup and confirm them",
	.help = "Reads BACKUP (a file 'fwdispatch backup' or 'fwdispatch update' wrote), checks\n"
		"that the target is the BMC it was taken from (manufacturer, product, the LAN\n"
		"channels' MAC addresses), reads every LAN channel with 'ipmitool lan print' and,\n"
		"where the IP source, address, mask, gateway or VLAN differ, sets them with\n"
		"'ipmitool lan set' and reads them back.  Before the first one it shows them and\n"
		"asks for confirmation (--yes, required when stdin is not a terminal).  With\n"
		"--dry-run it prints the commands and sends none.  Users and passwords are not\n"
		"restored (IPMI cannot read passwords).  The plugin's own settings in the\n"
		"backup (a Supermicro BMC's LAN interface mode, an iDRAC's NIC selection) are\n"
		"put back by the plugin the backup names, after the same question.\n"
		"Out-of-band, a restored address may\n"
		"differ from the one used to reach the BMC: it then answers at the restored one.\n"
		"It takes the target's lock in STATE_DIR/locks: never while an update runs on it\n"
		"(exit 7).  Exit 0 when every channel is as in the backup, 2 without --yes and\n"
		"no terminal, 3 for a bad backup, another BMC or a 'no' (nothing sent), 5 when\n"
		"a setting does not read back as sent.\n",
	.options = FWD_OPT_JSON | FWD_OPT_TARGET | FWD_OPT_STATE | FWD_OPT_VERBOSE |
		   FWD_OPT_DRY_RUN | FWD_OPT_YES | FWD_OPT_PLUGINS,
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_restore,
};
