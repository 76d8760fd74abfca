/*
 * cmd-backup.c: `fwdispatch backup`: save the BMC's settings (LAN
 * channels, users, identity, the plugin's extras) to STATE_DIR/backups,
 * the same backup every update takes before it flashes anything.
 */
#include <stdio.h>
#include <string.h>

#include "ipmi/backup.h"
#include "cli/cli.h"
#include "identity/target-identity.h"
#include "util/error.h"
#include "util/json-out.h"
#include "identity/target-identity.h"

/* Only the slots in use (fwd_lan_user_json_in_use). */
static void print_users(const json_t *users)
{
	size_t i, shown = 0;
	const json_t *u;

	json_array_foreach(users, i, u) {
		const char *name = fwd_json_str(u, "name");
		const json_t *en = json_object_get(u, "enabled");

		if (!fwd_lan_user_json_in_use(u))
			continue;
		printf("    %3lld %-16s %-14s %s%s\n",
		       (long long)json_integer_value(json_object_get(u, "id")),
		       name && *name ? name : "(no name)", fwd_json_str(u, "privilege"),
		       json_is_true(en) ? "enabled" : json_is_false(en) ? "disabled" :
		       "enable status unknown",
		       json_is_true(json_object_get(u, "ipmi_msg")) ? ", IPMI messaging" : "");
		shown++;
	}
	if (!shown)
		printf("    (no user in use)\n");
}

static void print_human(const char *path, const json_t *doc)
{
	const json_t *bmc = json_object_get(doc, "bmc"), *c;
	char line[256];
	size_t i;

	printf("backup written: %s\n", path);
	printf("  BMC: manufacturer %lld (%s), product 0x%04llx, firmware %s\n",
	       (long long)json_integer_value(json_object_get(bmc, "manufacturer_id")),
	       fwd_json_str(bmc, "manufacturer_name") ? fwd_json_str(bmc, "manufacturer_name") : "?",
	       (long long)json_integer_value(json_object_get(bmc, "product_id")),
	       fwd_json_str(bmc, "firmware") ? fwd_json_str(bmc, "firmware") : "?");
	if (fwd_json_str(doc, "bios_version"))
		printf("  BIOS: %s\n", fwd_json_str(doc, "bios_version"));
	if (!json_array_size(json_object_get(doc, "lan_channels")))
		printf("  LAN channels: none found among channels %d-%d\n",
		       FWD_LAN_FIRST_CHANNEL, FWD_LAN_LAST_CHANNEL);
	json_array_foreach(json_object_get(doc, "lan_channels"), i, c) {
		printf("  LAN channel %lld: ",
		       (long long)json_integer_value(json_object_get(c, "channel")));
		printf("%s\n", fwd_lan_json_describe(json_object_get(c, "settings"), line,
						      sizeof(line)));
	}
	json_array_foreach(json_object_get(doc, "users"), i, c) {
		printf("  users of channel %lld:\n",
		       (long long)json_integer_value(json_object_get(c, "channel")));
		print_users(json_object_get(c, "users"));
	}
	printf("  passwords: %s\n", fwd_json_str(doc, "passwords"));
	if (json_is_object(json_object_get(doc, "vendor")))
		printf("  vendor settings: saved by plugin '%s'\n", fwd_json_str(doc, "plugin"));
	else if (fwd_json_str(doc, "vendor_note"))
		printf("  vendor settings: %s\n", fwd_json_str(doc, "vendor_note"));
}

/* The --json summary: the backup without its raw outputs (they are in the file). */
static json_t *summary(const char *path, const json_t *doc)
{
	json_t *out = fwd_json_doc_new(), *lan = json_array(), *users = json_array(), *bmc;
	const json_t *c;
	size_t i;

	json_object_set_new(out, "command", json_string("backup"));
	json_object_set_new(out, "backup", json_string(path));
	json_object_set(out, "target", json_object_get(doc, "target"));
	json_object_set(out, "plugin", json_object_get(doc, "plugin"));
	json_object_set(out, "created", json_object_get(doc, "created"));
	bmc = json_deep_copy(json_object_get(doc, "bmc"));
	json_object_del(bmc, "raw");
	json_object_set_new(out, "bmc", bmc);
	json_object_set(out, "bios_version", json_object_get(doc, "bios_version"));
	json_array_foreach(json_object_get(doc, "lan_channels"), i, c)
		json_array_append_new(lan, json_pack("{s:O, s:O}", "channel",
			json_object_get(c, "channel"), "settings", json_object_get(c, "settings")));
	json_array_foreach(json_object_get(doc, "users"), i, c)
		json_array_append_new(users, json_pack("{s:O, s:O}", "channel",
			json_object_get(c, "channel"), "users", json_object_get(c, "users")));
	json_object_set_new(out, "lan_channels", lan);
	json_object_set_new(out, "users", users);
	json_object_set(out, "passwords", json_object_get(doc, "passwords"));
	json_object_set_new(out, "vendor", json_boolean(json_is_object(json_object_get(doc,
									"vendor"))));
	json_object_set(out, "vendor_note", json_object_get(doc, "vendor_note"));
	return out;
}

static int cmd_backup(struct fwd_cli *cli, struct fwd_ctx *ctx)
{
	struct fwd_target_identity ti;
	const struct fwd_plugin_slot *plugin;
	struct fwd_buf path = FWD_BUF_INIT;
	char target[300];
	json_t *doc = NULL, *out;
	int ret;

	fwd_target_describe(&cli->target, target, sizeof(target));
	ret = fwd_target_identify(ctx, &cli->identify, &cli->target, 1, &ti);
	if (ret && ti.info.id.bmc_known && !cli->identify.plugin) {
		/* The generic backup needs no plugin; only the vendor part is lost. */
		fwd_log(ctx, FWD_LOG_WARN, "%s: saving the IPMI settings only", ctx->err.msg);
		fwd_ctx_clear_error(ctx);
		ret = 0;
	}
	if (ret) {
		fwd_target_identity_release(&ti);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	plugin = ti.choice.chosen;
	ret = fwd_backup_run(ctx, cli->target.state_dir, &ti.info.id, plugin, target, NULL, &path,
			     &doc);
	fwd_target_identity_release(&ti);
	if (ret) {
		fwd_buf_release(&path);
		return fwd_cli_fail(cli, ctx, NULL);
	}
	if (cli->json) {
		out = summary(path.s, doc);
		fwd_json_print(out);
		json_decref(out);
	} else {
		print_human(path.s, doc);
	}
	fwd_buf_release(&path);
	json_decref(doc);
	return FWD_EXIT_OK;
}

const struct fwd_cmd_entry fwd_cmd_backup = {
	.name = "backup",
	.usage = "[--json] [--host H --user U --password-file F ...] [--state-dir DIR] "
		 "[--dmi-file FILE | --sysfs-root DIR] [--plugin NAME] [--plugin-dir DIR]",
	.summary = "save the BMC's LAN settings, users and identity to STATE_DIR/backups",
	.help = "Reads, with ipmitool, what a BMC flash can lose: 'mc info', every LAN channel\n"
		"(found with 'channel info 1..11'), its 'lan print' settings (IP source,\n"
		"address, mask, gateway, VLAN) and its 'user list' (IPMI cannot read passwords:\n"
		"note them elsewhere); adds the DMI identity, the BIOS version and whatever the\n"
		"plugin saves of its own.  Writes one JSON file, with the tools' raw output kept\n"
		"beside the parsed values, to STATE_DIR/backups/<UTC time>-<target>.json (mode\n"
		"0600, folder 0700, written atomically).  'fwdispatch update' takes the same\n"
		"backup before it flashes; 'fwdispatch restore FILE' puts the LAN settings back.\n"
		"Exit 3 when the backup cannot be taken or written completely.\n",
	.options = FWD_OPT_JSON | FWD_OPT_PLUGINS | FWD_OPT_IDENTITY | FWD_OPT_TARGET |
		   FWD_OPT_STATE | FWD_OPT_VERBOSE,
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_backup,
};
