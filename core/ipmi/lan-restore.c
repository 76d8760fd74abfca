/*
 * lan-restore.c: talking to the BMC about its LAN: ipmitool on the
 * target, reading a channel, and the restore from a backup (read and plan
 * every channel, then send, then read back until it matches).
 */
#include "ipmi/lan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/json-out.h"
#include "util/kv-text.h"
#include "tool/tool.h"

/* Generous: a user list walks up to 63 users with two requests each. */
#define LAN_TOOL_TIMEOUT_MS 120000u
/* After a restore a BMC may need a moment before it reads back what it took. */
#define LAN_VERIFY_ATTEMPTS 3
#define LAN_VERIFY_PAUSE_MS 1000u

/* The first non-blank line of s, trimmed, into buf (cut to fit: a message). */
static const char *first_line(const char *s, char *buf, size_t size)
{
	struct fwd_kv_reader r;
	struct fwd_kv kv;

	buf[0] = '\0';
	fwd_kv_start(&r, s);
	while (fwd_kv_next(&r, &kv) > 0) {
		if (kv.line[0]) {
			snprintf(buf, size, "%s", kv.line);
			break;
		}
	}
	fwd_kv_end(&r);
	return buf;
}

int fwd_lan_ipmitool(struct fwd_ctx *ctx, const char *const *args, char **out_text,
		     int *bmc_answered)
{
	struct fwd_tool_cmd cmd = FWD_TOOL_CMD_INIT;
	struct fwd_tool_result res = FWD_TOOL_RESULT_INIT;
	const char *shown[32];
	struct fwd_buf what = FWD_BUF_INIT;
	char msg[512];
	size_t n = 0;
	int ret;

	*out_text = NULL;
	if (bmc_answered)
		*bmc_answered = 0;
	shown[n++] = "ipmitool";
	for (size_t i = 0; args[i] && n < 31; i++)
		shown[n++] = args[i];
	shown[n] = NULL;
	if (fwd_tool_describe(shown, &what) < 0) {
		fwd_buf_release(&what);
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}

	cmd.tool = "ipmitool";
	cmd.args = args;
	cmd.flags = FWD_TOOL_TARGET;
	cmd.timeout_ms = LAN_TOOL_TIMEOUT_MS;
	ret = fwd_tool_run(ctx, &cmd, &res);
	if (ret == -FWD_E_TIMEOUT) {
		ret = fwd_ctx_set_error(ctx, -FWD_E_TIMEOUT, "'%s' got no answer within %u s", what.s,
					LAN_TOOL_TIMEOUT_MS / 1000);
	} else if (ret == 0 && res.exit_code != 0) {
		const char *err = res.err ? res.err : "";

		/* "... command failed: <completion code>" and "Invalid channel" mean
		 * the BMC answered and said no; anything else is no answer at all. */
		if (bmc_answered)
			*bmc_answered = strstr(err, "command failed") != NULL ||
					strstr(err, "Invalid channel") != NULL ||
					strstr(err, "not a LAN channel") != NULL;
		first_line(err, msg, sizeof(msg));
		if (!msg[0])
			first_line(res.out, msg, sizeof(msg));
		ret = fwd_ctx_set_error(ctx, -FWD_E_TOOL_FAILED, "'%s' failed (exit %d%s%s)", what.s,
					res.exit_code, msg[0] ? ": " : "", msg);
	} else if (ret == 0) {
		*out_text = strdup(res.out ? res.out : "");
		if (!*out_text)
			ret = fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
	}
	fwd_tool_result_release(&res);
	fwd_buf_release(&what);
	return ret;
}

int fwd_lan_read(struct fwd_ctx *ctx, unsigned channel, struct fwd_lan *out, char **raw)
{
	char ch[16];
	const char *args[] = { "lan", "print", ch, NULL };
	char *text;
	int ret;

	if (raw)
		*raw = NULL;
	snprintf(ch, sizeof(ch), "%u", channel);
	ret = fwd_lan_ipmitool(ctx, args, &text, NULL);
	if (ret)
		return ret;
	ret = fwd_lan_parse_print(text, out);
	if (ret)
		fwd_ctx_set_error(ctx, ret, "cannot read 'ipmitool lan print %u': none of IP Address "
				  "Source, IP Address, Subnet Mask, Default Gateway IP, 802.1q VLAN ID "
				  "in it", channel);
	if (raw && !ret)
		*raw = text;
	else
		free(text);
	return ret;
}

/* What one channel of the backup needs. */
struct lan_job {
	unsigned channel;
	struct fwd_lan backup, before, after;
	unsigned differs;
	struct fwd_lan_cmd cmds[FWD_LAN_MAX_CMDS];
	int ncmds;
	json_t *entry;           /* borrowed from the report */
};

static void describe_lan(const struct fwd_lan *l, char *buf, size_t size)
{
	char vlan[16];

	if (l->vlan == FWD_LAN_VLAN_OFF)
		snprintf(vlan, sizeof(vlan), "off");
	else
		snprintf(vlan, sizeof(vlan), "%d", l->vlan);
	snprintf(buf, size, "%s %s/%s gateway %s vlan %s", fwd_lan_ipsrc_name(l->ip_source),
		 l->known & FWD_LAN_F_IP ? l->ip : "?", l->known & FWD_LAN_F_NETMASK ?
		 l->netmask : "?", l->known & FWD_LAN_F_GATEWAY ? l->gateway : "?",
		 l->known & FWD_LAN_F_VLAN ? vlan : "?");
}

/* Reads, checks and plans every channel; sends nothing. */
static int prepare(struct fwd_ctx *ctx, const json_t *channels, struct lan_job *jobs,
		   size_t n, json_t *report)
{
	struct fwd_err err;

	for (size_t i = 0; i < n; i++) {
		const json_t *c = json_array_get(channels, i);
		const json_t *jch = json_object_get(c, "channel");
		struct lan_job *j = &jobs[i];
		json_int_t ch = json_is_integer(jch) ? json_integer_value(jch) : -1;
		int ret;

		if (ch < 1 || ch > 15)
			return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
				"the backup's lan_channels[%zu] has no channel number 1-15", i);
		/* fwdispatch writes each channel once; twice would be applied twice,
		 * the second over the first: not a backup to trust. */
		for (size_t k = 0; k < i; k++)
			if (jobs[k].channel == (unsigned)ch)
				return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					"the backup lists LAN channel %lld twice (lan_channels[%zu] "
					"and [%zu]): it is not a backup fwdispatch wrote; nothing "
					"was sent", (long long)ch, k, i);
		j->channel = (unsigned)ch;
		ret = fwd_lan_from_json(json_object_get(c, "settings"), &j->backup, &err);
		if (ret)
			return fwd_ctx_set_error(ctx, ret, "the backup's settings of channel %u: %s",
						 j->channel, err.msg);
		j->entry = json_pack("{s:i, s:o}", "channel", (int)j->channel, "backup",
				     fwd_lan_to_json(&j->backup));
		if (!j->entry)
			return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");
		json_array_append_new(report, j->entry);
		ret = fwd_lan_read(ctx, j->channel, &j->before, NULL);
		if (ret)
			return ret;
		json_object_set_new(j->entry, "before", fwd_lan_to_json(&j->before));
		if ((j->backup.known & j->before.known & FWD_LAN_F_MAC) &&
		    strcmp(j->backup.mac, j->before.mac) != 0)
			return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
				"channel %u has MAC address %s, the backup's has %s: the backup is of "
				"another BMC; nothing was changed", j->channel, j->before.mac,
				j->backup.mac);
		j->differs = fwd_lan_compare(&j->backup, &j->before);
		json_object_set_new(j->entry, "differs", fwd_lan_differs_to_json(j->differs));
		j->ncmds = fwd_lan_restore_plan(j->channel, &j->backup, j->differs, j->cmds, &err);
		if (j->ncmds < 0)
			return fwd_ctx_set_error(ctx, j->ncmds, "%s; nothing was changed", err.msg);
		{
			json_t *cmds = json_array();
			struct fwd_buf line = FWD_BUF_INIT;

			for (int k = 0; cmds && k < j->ncmds; k++) {
				fwd_buf_reset(&line);
				if (fwd_lan_cmd_describe(&j->cmds[k], &line) == 0)
					json_array_append_new(cmds, json_string(line.s));
			}
			fwd_buf_release(&line);
			json_object_set_new(j->entry, "commands", cmds);
		}
		json_object_set_new(j->entry, "restored", json_false());
		json_object_set_new(j->entry, "verified", json_boolean(j->differs == 0));
		json_object_set_new(j->entry, "after", json_null());
		json_object_set_new(j->entry, "error", json_null());
	}
	return 0;
}

/* Sends one channel's commands, then reads it back until it matches. */
static int restore_one(struct fwd_ctx *ctx, struct lan_job *j)
{
	char want[160];
	unsigned still = 0;
	int ret = 0, addr_sent = 0;

	for (int k = 0; k < j->ncmds; k++) {
		struct fwd_buf line = FWD_BUF_INIT;
		char *out = NULL;

		fwd_lan_cmd_describe(&j->cmds[k], &line);
		fwd_log(ctx, FWD_LOG_INFO, "channel %u: %s", j->channel, line.s);
		fwd_buf_release(&line);
		ret = fwd_lan_ipmitool(ctx, j->cmds[k].argv, &out, NULL);
		free(out);
		if (ret && addr_sent) {
			char last[FWD_ERROR_MAX];

			/* Out-of-band, the session may have gone with the old address. */
			snprintf(last, sizeof(last), "%s", ctx->err.msg);
			return fwd_ctx_set_error(ctx, ret, "channel %u: %s; the address was already "
				"set to %s: out-of-band, reach the BMC there and run the restore again",
				j->channel, last, j->backup.ip);
		}
		if (ret)
			return ret;
		if (strcmp(j->cmds[k].argv[3], "ipaddr") == 0)
			addr_sent = 1;
	}
	json_object_set_new(j->entry, "restored", json_true());
	describe_lan(&j->backup, want, sizeof(want));
	for (int attempt = 1; attempt <= LAN_VERIFY_ATTEMPTS; attempt++) {
		ret = fwd_lan_read(ctx, j->channel, &j->after, NULL);
		if (ret == -FWD_E_TOOL_FAILED || ret == -FWD_E_TIMEOUT) {
			char last[FWD_ERROR_MAX];

			snprintf(last, sizeof(last), "%s", ctx->err.msg);
			return fwd_ctx_set_error(ctx, -FWD_E_BMC_GONE,
				"channel %u: the settings were sent but cannot be read back (%s); "
				"out-of-band, the BMC may now answer only at its restored address: %s",
				j->channel, last, want);
		}
		if (ret)
			return ret;
		still = fwd_lan_compare(&j->backup, &j->after);
		if (!still)
			break;
		if (attempt < LAN_VERIFY_ATTEMPTS)
			fwd_sleep_ms(ctx, LAN_VERIFY_PAUSE_MS);
	}
	json_object_set_new(j->entry, "after", fwd_lan_to_json(&j->after));
	json_object_set_new(j->entry, "verified", json_boolean(still == 0));
	if (still) {
		char names[96] = "";

		for (unsigned f = 1; f <= FWD_LAN_F_VLAN; f <<= 1)
			if (still & f)
				snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
					 names[0] ? ", " : "", fwd_lan_field_name(f));
		return fwd_ctx_set_error(ctx, -FWD_E_VERIFY,
			"channel %u: after the restore 'lan print %u' still differs from the backup "
			"in %s (wanted: %s)", j->channel, j->channel, names, want);
	}
	return 0;
}

/* Whether any channel has a command to send. */
static int anything_to_send(const struct lan_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (jobs[i].ncmds)
			return 1;
	return 0;
}

int fwd_lan_restore_from_backup(struct fwd_ctx *ctx, const json_t *backup, int dry_run,
				json_t *report, fwd_lan_confirm_fn confirm, void *payload)
{
	const json_t *channels = json_object_get(backup, "lan_channels");
	struct lan_job *jobs;
	size_t n = json_array_size(channels);
	int ret, first_err = 0;
	char first_msg[FWD_ERROR_MAX] = "";

	if (!json_is_array(channels) || n == 0)
		return fwd_ctx_set_error(ctx, -FWD_E_BAD_INPUT,
					 "the backup holds no LAN channel to restore");
	if (!json_is_array(report))
		return fwd_ctx_set_error(ctx, -FWD_E_INTERNAL, "restore: report is not an array");
	jobs = calloc(n, sizeof(*jobs));
	if (!jobs)
		return fwd_ctx_set_error(ctx, -ENOMEM, "out of memory");

	/* Everything is read and planned before the first command goes out. */
	ret = prepare(ctx, channels, jobs, n, report);
	if (!ret && !dry_run && confirm && anything_to_send(jobs, n))
		ret = confirm(payload, ctx, report);
	if (ret || dry_run) {
		free(jobs);
		return ret;
	}
	for (size_t i = 0; i < n; i++) {
		if (!jobs[i].ncmds)
			continue;
		ret = restore_one(ctx, &jobs[i]);
		if (!ret)
			continue;
		json_object_set_new(jobs[i].entry, "error", fwd_json_text(ctx->err.msg));
		/* Other channels are independent: go on, and return the first
		 * failure (the later ones are logged here). */
		if (!first_err) {
			first_err = ret;
			snprintf(first_msg, sizeof(first_msg), "%s", ctx->err.msg);
		} else {
			fwd_log(ctx, FWD_LOG_ERROR, "%s", ctx->err.msg);
		}
	}
	free(jobs);
	if (first_err)
		return fwd_ctx_set_error(ctx, first_err, "%s", first_msg);
	fwd_ctx_clear_error(ctx);
	return 0;
}

