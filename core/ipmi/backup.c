/*
 * backup.c: reading the BMC's settings into one JSON document and
 * writing it safely; loading it back for a restore.
 */
#include "ipmi/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/atomic-file.h"
#include "util/buf.h"
#include "ipmi/bmc.h"
#include "ipmi/power.h"
#include "identity/identity.h"
#include "util/json-out.h"
#include "plugin-host/plugin-call.h"
#include "redfish/manager.h"
#include "redfish/redfish.h"
#include "update/plan.h"
#include "util/state-dir.h"
#include "util/utc-time.h"

static const char passwords_note[] =
	"not readable over IPMI: the BMC never returns a user's password (IPMI can only set "
	"or test one), so this backup cannot restore them; keep them in your password store";

static const char redfish_passwords_note[] =
	"not readable over Redfish: a service never returns a password, so this backup cannot "
	"restore them; keep them in your password store";

/* Every failure of a backup is a refusal: the run must stop before any flash. */
static int refuse(struct fwd_ctx *ctx, const char *fmt, ...) FWD_PRINTF(2, 3);
static int refuse(struct fwd_ctx *ctx, const char *fmt, ...)
{
	char why[FWD_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED, "backup failed: %s", why);
}

/* The current error's text, copied (ctx->err.msg is about to be replaced). */
static const char *last_error(struct fwd_ctx *ctx, char *buf, size_t size)
{
	snprintf(buf, size, "%s", ctx->err.msg[0] ? ctx->err.msg : "unknown error");
	return buf;
}

static int read_mc_info(struct fwd_ctx *ctx, json_t *doc)
{
	static const char *const args[] = { "mc", "info", NULL };
	struct fwd_bmc_info b;
	char *text, why[FWD_ERROR_MAX];
	int ret = fwd_lan_ipmitool(ctx, args, &text, NULL);

	if (ret)
		return refuse(ctx, "%s", last_error(ctx, why, sizeof(why)));
	if (fwd_bmc_parse_mc_info(text, &b) != 0) {
		free(text);
		return refuse(ctx, "cannot read ipmitool's 'mc info' answer: no Manufacturer ID in it");
	}
	json_object_set_new(doc, "bmc", json_pack("{s:i, s:o, s:i, s:o, s:i, s:o, s:[iiii], s:o}",
		"manufacturer_id", (int)b.manufacturer_id,
		"manufacturer_name", fwd_json_text(b.manufacturer_name),
		"product_id", (int)b.product_id, "product_name", fwd_json_text(b.product_name),
		"device_id", (int)b.device_id, "firmware", fwd_json_text(b.firmware),
		"aux", b.aux[0], b.aux[1], b.aux[2], b.aux[3], "raw", fwd_json_text(text)));
	free(text);
	return 0;
}

/*
 * A Redfish target: the manager's identity, as mc info's for IPMI (the
 * IANA numbers 0: Redfish has none); its network settings and accounts
 * are the plugin's part, read through the same service.
 */
static int read_manager(struct fwd_ctx *ctx, json_t *doc)
{
	struct fwd_bmc_info b = { .size = sizeof(b) };
	char why[FWD_ERROR_MAX];

	char uuid[80] = "";

	if (fwd_bmc_info(ctx, &b) != 0)
		return refuse(ctx, "%s", last_error(ctx, why, sizeof(why)));
	/* What tells this BMC from another at any address (restore checks it). */
	if (fwd_redfish_service_uuid(ctx, uuid, sizeof(uuid)) != 0)
		fwd_ctx_clear_error(ctx);
	json_object_set_new(doc, "bmc", json_pack("{s:i, s:o, s:i, s:o, s:i, s:o, s:[iiii], s:n, "
						  "s:o}",
		"manufacturer_id", 0, "manufacturer_name", fwd_json_text(b.manufacturer_name),
		"product_id", 0, "product_name", fwd_json_text(b.product_name),
		"device_id", 0, "firmware", fwd_json_text(b.firmware), "aux", 0, 0, 0, 0, "raw",
		"service_uuid", uuid[0] ? json_string(uuid) : json_null()));
	return 0;
}

/*
 * Which channels are LAN: `channel info N` for N = 1..11.  A BMC answers
 * an absent channel with a completion code (ipmitool: "... command
 * failed: ..."): that channel is skipped.  A BMC that does not answer at
 * all stops the probe: the other channels would only cost more timeouts,
 * and a backup missing a channel is not one.
 */
static int probe_channels(struct fwd_ctx *ctx, json_t *doc, json_t *lan_channels)
{
	json_t *probe = json_array();
	char why[FWD_ERROR_MAX];

	json_object_set_new(doc, "channel_probe", probe);
	for (unsigned ch = FWD_LAN_FIRST_CHANNEL; ch <= FWD_LAN_LAST_CHANNEL; ch++) {
		char num[8], medium[64];
		const char *args[] = { "channel", "info", num, NULL };
		char *text = NULL;
		int answered, ret, lan;

		snprintf(num, sizeof(num), "%u", ch);
		ret = fwd_lan_ipmitool(ctx, args, &text, &answered);
		if (ret && !answered)
			return refuse(ctx, "the BMC stopped answering while its channels were probed: "
				      "%s", last_error(ctx, why, sizeof(why)));
		if (ret) {
			json_array_append_new(probe, json_pack("{s:i, s:n, s:o}", "channel", (int)ch,
				"medium", "error", fwd_json_text(ctx->err.msg)));
			fwd_ctx_clear_error(ctx);
			continue;
		}
		lan = fwd_lan_parse_channel_info(text, ch, medium, sizeof(medium));
		json_array_append_new(probe, json_pack("{s:i, s:o, s:o}", "channel", (int)ch,
			"medium", lan < 0 ? json_null() : fwd_json_text(medium),
			"error", lan < 0 ? json_string("no Channel Medium Type for this channel in "
						       "the answer") : json_null()));
		if (lan == 1)
			json_array_append_new(lan_channels, json_pack("{s:i, s:s, s:n, s:n, s:o}",
				"channel", (int)ch, "medium", medium, "settings", "raw",
				"channel_info_raw", fwd_json_text(text)));
		free(text);
	}
	return 0;
}

/* lan print and the users of one LAN channel. */
static int read_channel(struct fwd_ctx *ctx, json_t *entry, json_t *users_arr)
{
	unsigned ch = (unsigned)json_integer_value(json_object_get(entry, "channel"));
	char num[8], why[FWD_ERROR_MAX];
	const char *list_args[] = { "user", "list", num, NULL };
	const char *access_args[] = { "channel", "getaccess", num, NULL };
	struct fwd_lan lan;
	struct fwd_lan_user *users = NULL;
	size_t n = 0;
	char *raw = NULL, *list = NULL, *access = NULL;
	int ret;

	snprintf(num, sizeof(num), "%u", ch);
	ret = fwd_lan_read(ctx, ch, &lan, &raw);
	if (ret)
		return refuse(ctx, "LAN channel %u: %s", ch, last_error(ctx, why, sizeof(why)));
	json_object_set_new(entry, "settings", fwd_lan_to_json(&lan));
	json_object_set_new(entry, "raw", fwd_json_text(raw));
	free(raw);

	ret = fwd_lan_ipmitool(ctx, list_args, &list, NULL);
	if (ret)
		return refuse(ctx, "the users of channel %u: %s", ch,
			      last_error(ctx, why, sizeof(why)));
	ret = fwd_lan_parse_users(list, &users, &n);
	if (ret) {
		free(list);
		return refuse(ctx, "cannot read 'ipmitool user list %u': %s", ch,
			      ret == -ENOMEM ? "out of memory" : "no table of users in it");
	}
	/* Enable status is only in `channel getaccess`; without it, say unknown. */
	if (fwd_lan_ipmitool(ctx, access_args, &access, NULL) == 0) {
		fwd_lan_parse_access(access, users, n);
	} else {
		fwd_log(ctx, FWD_LOG_WARN, "users of channel %u: enable status unknown: %s", ch,
			ctx->err.msg);
		fwd_ctx_clear_error(ctx);
	}
	json_array_append_new(users_arr, json_pack("{s:i, s:o, s:o, s:o}", "channel", (int)ch,
		"users", fwd_lan_users_to_json(users, n), "raw", fwd_json_text(list),
		"access_raw", access ? fwd_json_text(access) : json_null()));
	free(users);
	free(list);
	free(access);
	return 0;
}

static int vendor_part(struct fwd_ctx *ctx, const struct fwd_identity *id,
		       const struct fwd_plugin_slot *plugin, json_t *doc)
{
	json_t *vendor;
	char note[FWD_ERROR_MAX + 128];
	int ret;

	if (!plugin || !plugin->vt) {
		json_object_set_new(doc, "vendor", json_null());
		json_object_set_new(doc, "vendor_note", json_string(
			"no plugin was chosen: only the IPMI settings are saved"));
		return 0;
	}
	if (!fwd_plugin_has_backup(plugin)) {
		snprintf(note, sizeof(note), "plugin '%s' saves nothing of its own", plugin->name);
		json_object_set_new(doc, "vendor", json_null());
		json_object_set_new(doc, "vendor_note", json_string(note));
		return 0;
	}
	vendor = json_object();
	if (!vendor)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	fwd_ctx_clear_error(ctx);
	ret = fwd_call_backup(ctx, plugin, id, vendor);
	if (ret == 0) {
		json_object_set_new(doc, "vendor", vendor);
		json_object_set_new(doc, "vendor_note", json_null());
		return 0;
	}
	json_decref(vendor);
	if (ret == -FWD_E_NOT_IMPLEMENTED) {
		snprintf(note, sizeof(note), "plugin '%s' saves nothing of its own yet: %s",
			 plugin->name, ctx->err.msg[0] ? ctx->err.msg : "not implemented");
		fwd_log(ctx, FWD_LOG_DEBUG, "%s", note);
		fwd_ctx_clear_error(ctx);
		json_object_set_new(doc, "vendor", json_null());
		json_object_set_new(doc, "vendor_note", fwd_json_text(note));
		return 0;
	}
	{
		char why[FWD_ERROR_MAX];

		return refuse(ctx, "plugin '%s': %s", plugin->name,
			      ctx->err.msg[0] ? last_error(ctx, why, sizeof(why)) :
			      "failed without saying why");
	}
}

/* "127.0.0.1:623" -> "127.0.0.1_623": letters, digits, '.', '-'; runs of
 * anything else become one '_'. */
static void safe_name(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (const char *p = in ? in : ""; *p && n + 1 < size && n < 64; p++) {
		char c = *p;
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '.' || c == '-';

		if (keep)
			out[n++] = c;
		else if (n && out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n && out[n - 1] == '_')
		n--;
	/* A name may not start with a dot (hidden, or "..") */
	if (n && out[0] == '.')
		out[0] = '_';
	if (!n)
		n = (size_t)snprintf(out, size, "target");
	out[n] = '\0';
}

static int write_doc(struct fwd_ctx *ctx, const char *state_dir, const json_t *doc,
		     const char *stamp, const char *target_desc, struct fwd_buf *path)
{
	struct fwd_buf dir = FWD_BUF_INIT;
	char name[80], why[FWD_ERROR_MAX];
	struct fwd_err err;
	char *text, *whole;
	size_t len;
	int ret;

	ret = fwd_state_dir_ensure(ctx, state_dir, "backups", &dir);
	if (ret) {
		fwd_buf_release(&dir);
		return refuse(ctx, "%s", last_error(ctx, why, sizeof(why)));
	}
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	len = text ? strlen(text) : 0;
	/* The file ends with a newline, as a text file should. */
	whole = text ? realloc(text, len + 2) : NULL;
	if (!whole) {
		free(text);
		fwd_buf_release(&dir);
		return refuse(ctx, "out of memory");
	}
	whole[len++] = '\n';
	whole[len] = '\0';
	safe_name(target_desc, name, sizeof(name));
	/* Two runs in the same second get -2, -3...: a backup never replaces another. */
	ret = -EEXIST;
	for (int i = 1; i < 100 && ret == -EEXIST; i++) {
		if ((i == 1 ? fwd_buf_setf(path, "%s/%s-%s.json", dir.s, stamp, name) :
			      fwd_buf_setf(path, "%s/%s-%s-%d.json", dir.s, stamp, name, i)) < 0)
			ret = fwd_error_set(&err, -ENOMEM, "out of memory");
		else
			ret = fwd_atomic_write(path->s, whole, len, 0600, FWD_ATOMIC_NO_REPLACE,
					       &err);
	}
	free(whole);
	fwd_buf_release(&dir);
	if (ret) {
		fwd_buf_reset(path);
		return refuse(ctx, "%s; nothing was saved (free some space or fix the folder, or "
			      "pass --state-dir DIR)", err.msg);
	}
	return 0;
}

/*
 * The plan of the reads above, in their order, for a dry run: keep it in
 * step with read_mc_info, probe_channels and read_channel.  Channel 1
 * stands for each LAN channel the probe finds.
 */
int fwd_backup_plan(struct fwd_ctx *ctx, const struct fwd_plugin_slot *plugin, int power_known)
{
	static const struct {
		const char *args[4];
		const char *what;
	} reads[] = {
		{ { "mc", "info", NULL }, "save the BMC's identity, then per LAN channel its "
		  "settings and users, to STATE_DIR/backups (0600, fsynced)" },
		{ { "channel", "info", "1", NULL }, "find the LAN channels (channels 1 to 11)" },
		{ { "lan", "print", "1", NULL }, "read the LAN settings (each LAN channel)" },
		{ { "user", "list", "1", NULL }, "read the users (each LAN channel)" },
		{ { "channel", "getaccess", "1", NULL }, "read which users are enabled (each LAN "
		  "channel)" },
	};
	/* power.h's reads: the power check's, unless it read them already. */
	static const struct {
		const char *args[4];
		const char *what;
	} power_reads[] = {
		{ { "sdr", "type", "Power Supply", NULL }, "read the power supplies, under "
		  "\"power\"" },
		{ { "sel", "info", NULL }, "read how full the SEL is" },
		{ { "sel", "time", "get", NULL }, "read the BMC's clock" },
		{ { "sel", "elist", NULL }, "read the SEL's power events of the last 24 h" },
	};
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;

	if (fwd_redfish_target(ctx)) {
		fwd_plan_redfish(ctx, FWD_STEP_BACKUP, "GET", "/redfish/v1/Managers/<BMC>", NULL,
				 "save the BMC's identity, to STATE_DIR/backups (0600, fsynced)");
		fwd_plan_note(ctx, FWD_STEP_BACKUP, "the plugin's own settings, under \"vendor\": "
			      "over Redfish all of them (network, services, accounts)", NULL);
		return 0;
	}
	cmd.tool = "ipmitool";
	cmd.flags = FWD_TOOL_TARGET;
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		int ret;

		cmd.args = reads[i].args;
		ret = fwd_plan_tool(ctx, FWD_STEP_BACKUP, &cmd, reads[i].what);
		if (ret)
			return ret;
	}
	if (power_known)
		fwd_plan_note(ctx, FWD_STEP_BACKUP, "the power supplies and the SEL's power events, "
			      "as the power check read them, under \"power\"", NULL);
	for (size_t i = 0; !power_known && i < sizeof(power_reads) / sizeof(power_reads[0]);
	     i++) {
		int ret;

		cmd.args = power_reads[i].args;
		ret = fwd_plan_tool(ctx, FWD_STEP_BACKUP, &cmd, power_reads[i].what);
		if (ret)
			return ret;
	}
	if (fwd_plugin_has_backup(plugin))
		fwd_plan_note(ctx, FWD_STEP_BACKUP, "the plugin's own settings, under \"vendor\"",
			      NULL);
	return 0;
}

/*
 * What feeds the machine (power.h): the supplies, their redundancy, the
 * SEL's fill and power events, for whoever looks into a flash that went
 * wrong.  Never fails the backup: a part that cannot be read is null, and
 * "error" says why.
 */
static void read_power(struct fwd_ctx *ctx, json_t *doc, const json_t *known)
{
	struct fwd_power *p;
	json_t *j = NULL;

	if (known) {
		json_object_set_new(doc, "power", json_deep_copy(known));
		return;
	}
	p = calloc(1, sizeof(*p));
	if (p && fwd_power_read(ctx, p) == 0)
		j = fwd_power_to_json(p);
	fwd_ctx_clear_error(ctx);
	json_object_set_new(doc, "power", j ? j : json_null());
	free(p);
}

int fwd_backup_run(struct fwd_ctx *ctx, const char *state_dir, const struct fwd_identity *id,
		   const struct fwd_plugin_slot *plugin, const char *target_desc,
		   const json_t *power, struct fwd_buf *path_out, json_t **backup_out)
{
	json_t *doc, *lan_channels, *users;
	char stamp[FWD_UTC_SIZE], created[FWD_UTC_SIZE], why[FWD_ERROR_MAX];
	time_t now = time(NULL);
	int redfish = fwd_redfish_target(ctx), ret;

	if (backup_out)
		*backup_out = NULL;
	fwd_buf_reset(path_out);
	/* A folder that cannot take the file is found before the BMC is asked. */
	ret = fwd_state_dir_ensure(ctx, state_dir, "backups", path_out);
	fwd_buf_reset(path_out);
	if (ret)
		return refuse(ctx, "%s", last_error(ctx, why, sizeof(why)));

	fwd_utc_compact(now, stamp);
	fwd_utc_iso(now, created);
	doc = json_pack("{s:s, s:s, s:s, s:o, s:b, s:o}", "schema", FWD_BACKUP_SCHEMA,
			"created", created, "fwdispatch_version", FWD_VERSION,
			"target", fwd_json_text(target_desc ? target_desc : ""),
			"out_of_band", ctx->target && ctx->target->host != NULL,
			"plugin", plugin && plugin->name ? json_string(plugin->name) : json_null());
	lan_channels = json_array();
	users = json_array();
	if (!doc || !lan_channels || !users) {
		json_decref(doc);
		json_decref(lan_channels);
		json_decref(users);
		return refuse(ctx, "out of memory");
	}
	json_object_set_new(doc, "identity", id ? fwd_identity_to_json(id) : json_null());
	json_object_set_new(doc, "bios_version", id && id->bios_version ?
			    fwd_json_text(id->bios_version) : json_null());

	json_object_set_new(doc, "protocol", json_string(redfish ? "redfish" : "ipmi"));
	ret = redfish ? read_manager(ctx, doc) : read_mc_info(ctx, doc);
	if (!ret && !redfish)
		ret = probe_channels(ctx, doc, lan_channels);
	json_object_set_new(doc, "lan_channels", lan_channels);
	json_object_set_new(doc, "users", users);
	for (size_t i = 0; !ret && i < json_array_size(lan_channels); i++)
		ret = read_channel(ctx, json_array_get(lan_channels, i), users);
	if (!ret && !redfish && json_array_size(lan_channels) == 0)
		fwd_log(ctx, FWD_LOG_WARN, "the BMC has no LAN channel among channels %d-%d: "
			"no LAN settings saved", FWD_LAN_FIRST_CHANNEL, FWD_LAN_LAST_CHANNEL);
	if (!ret)
		json_object_set_new(doc, "passwords", json_string(redfish ? redfish_passwords_note :
								  passwords_note));
	if (!ret && !redfish)
		read_power(ctx, doc, power);
	else if (!ret)
		json_object_set_new(doc, "power", json_null());
	if (!ret)
		ret = vendor_part(ctx, id, plugin, doc);
	/* Over Redfish the plugin's part is the whole of the settings. */
	if (!ret && redfish && !json_is_object(json_object_get(doc, "vendor")))
		ret = refuse(ctx, "plugin '%s' saved none of the BMC's settings over Redfish",
			     plugin && plugin->name ? plugin->name : "(none)");
	if (!ret)
		ret = write_doc(ctx, state_dir, doc, stamp, target_desc, path_out);
	if (ret) {
		json_decref(doc);
		return ret;
	}
	fwd_log(ctx, FWD_LOG_DEBUG, "backup written to '%s'", path_out->s);
	if (backup_out)
		*backup_out = doc;
	else
		json_decref(doc);
	return 0;
}

/* ---- Loading ---- */

/* "'PATH' is not a usable fwdispatch backup: " and then what is wrong. */
static int FWD_PRINTF(3, 4) bad(struct fwd_ctx *ctx, const char *path, const char *fmt, ...)
{
	struct fwd_buf what = FWD_BUF_INIT;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = fwd_buf_vaddf(&what, fmt, ap);
	va_end(ap);
	ret = fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "'%s' is not a usable fwdispatch backup: %s",
				path, ret ? "(out of memory)" : what.s);
	fwd_buf_release(&what);
	return ret;
}

static int check_doc(struct fwd_ctx *ctx, const char *path, const json_t *doc)
{
	const json_t *schema = json_object_get(doc, "schema");
	const json_t *bmc = json_object_get(doc, "bmc");
	const json_t *chans = json_object_get(doc, "lan_channels");
	struct fwd_err err;

	if (!json_is_object(doc))
		return bad(ctx, path, "it is not a JSON object");
	if (!json_is_string(schema))
		return bad(ctx, path, "it has no \"schema\"");
	if (strcmp(json_string_value(schema), FWD_BACKUP_SCHEMA) != 0)
		return bad(ctx, path, "its schema is '%.100s', not '%s'",
			   json_string_value(schema), FWD_BACKUP_SCHEMA);
	if (!json_is_object(bmc) || !json_is_integer(json_object_get(bmc, "manufacturer_id")))
		return bad(ctx, path, "it has no \"bmc\" with a manufacturer_id");
	if (!json_is_array(chans))
		return bad(ctx, path, "it has no \"lan_channels\" list");
	for (size_t i = 0; i < json_array_size(chans); i++) {
		const json_t *c = json_array_get(chans, i);
		const json_t *ch = json_object_get(c, "channel");
		struct fwd_lan lan;

		if (!json_is_integer(ch) || json_integer_value(ch) < 1 ||
		    json_integer_value(ch) > 15)
			return bad(ctx, path, "lan_channels[%zu] has no channel number 1-15", i);
		if (fwd_lan_from_json(json_object_get(c, "settings"), &lan, &err))
			return bad(ctx, path, "channel %lld: %s", (long long)json_integer_value(ch),
				   err.msg);
	}
	return 0;
}

int fwd_backup_load(struct fwd_ctx *ctx, const char *path, json_t **out)
{
	json_error_t jerr;
	struct stat st;
	char *buf;
	ssize_t got;
	size_t len = 0;
	json_t *doc;
	int fd, ret;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot open backup '%s': %s", path,
					 strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return bad(ctx, path, "it is not a regular file");
	}
	if (st.st_size == 0 || (unsigned long long)st.st_size > FWD_BACKUP_MAX_SIZE) {
		close(fd);
		return bad(ctx, path, st.st_size ? "it is too large" : "it is empty");
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	while (len < (size_t)st.st_size &&
	       ((got = read(fd, buf + len, (size_t)st.st_size - len)) > 0 ||
		(got < 0 && errno == EINTR)))
		if (got > 0)
			len += (size_t)got;
	close(fd);
	if (len != (size_t)st.st_size) {
		free(buf);
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT, "cannot read backup '%s' completely",
					 path);
	}
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (!doc)
		return bad(ctx, path, "line %d, column %d: %s (cut short or not JSON)", jerr.line,
			   jerr.column, jerr.text);
	ret = check_doc(ctx, path, doc);
	if (ret) {
		json_decref(doc);
		return ret;
	}
	*out = doc;
	return 0;
}
