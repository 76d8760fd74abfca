/*
 * nic.c: the iDRAC's NIC selection and failover: saved with the backup,
 * compared after a flash and put back (check_settings).
 *
 * A flash that resets the iDRAC's settings can move its network from the
 * port the operator cabled (a shared LOM) to the dedicated one, or drop
 * the failover: the BMC then answers nowhere the operator looks.  racadm
 * reads them as `racadm get iDRAC.NIC.Selection` ("Dedicated", "LOM1"...)
 * and `racadm get iDRAC.NIC.Failover` ("None", "LOM1"..., "All"), and
 * sets them with `racadm set OBJECT VALUE` ("Object value modified
 * successfully").  Selection goes back first: a failover names a port
 * other than the selected one.
 *
 * In the backup (the plugin's "vendor" object): "nic": {"selection",
 * "failover"}, a value null when it could not be read, and "note" saying
 * why.
 */
#include "dell.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "racadm.h"

/* Out-of-band, the iDRAC's network may move under a set: look again. */
#define READBACK_TRIES 3
#define READBACK_PAUSE_MS 5000u

struct nic_setting {
	const char *key;          /* in the backup and in check_settings' result */
	const char *object;       /* racadm's name */
};

static const struct nic_setting settings[] = {
	{ "selection", "iDRAC.NIC.Selection" },
	{ "failover", "iDRAC.NIC.Failover" },
};
#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

int dell_backup_nic(struct fwd_ctx *ctx, struct fwd_json *backup)
{
	const struct fwd_host_api *host = dell_host();
	struct fwd_json *nic = host->json_object();
	char value[64], why[256], note[400] = "";
	int bad = !nic;

	for (size_t i = 0; nic && i < N_SETTINGS; i++) {
		int ret = racadm_get(host, ctx, settings[i].object, value, sizeof(value), why,
				     sizeof(why));

		if (!ret && !racadm_value_word(value)) {
			snprintf(why, sizeof(why), "'%s' is not a value racadm takes back", value);
			ret = -FWD_E_BAD_INPUT;
		}
		if (ret && !note[0])
			snprintf(note, sizeof(note), "racadm get %s: %s: not saved, so not "
				 "checked after the flash", settings[i].object, why);
		bad |= host->json_object_set_new(nic, settings[i].key, ret ?
						 host->json_null() : host->json_string(value));
	}
	if (nic && note[0]) {
		host->log(ctx, FWD_LOG_WARN, "%s", note);
		bad |= host->json_object_set_new(nic, "note", host->json_string(note));
	}
	bad |= host->json_object_set_new(backup, "nic", nic);
	return bad ? -FWD_E_INTERNAL : 0;
}

/* What the backup saved for each setting ("" when nothing). */
static int saved_values(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			const struct fwd_json *saved, char out[][64])
{
	const struct fwd_json *nic = saved ? host->json_object_get(saved, "nic") : NULL;

	for (size_t i = 0; i < N_SETTINGS; i++) {
		const char *v = nic ? host->json_string_value(
			host->json_object_get(nic, settings[i].key)) : NULL;

		out[i][0] = '\0';
		if (!v)
			continue;
		/* It goes back on racadm's command line: only a plain word. */
		if (!racadm_value_word(v))
			return host->set_error(ctx, -FWD_E_BAD_INPUT,
				"the backup's vendor.nic.%s is not a value racadm takes ('%.40s'): "
				"nothing was set", settings[i].key, v);
		snprintf(out[i], 64, "%s", v);
	}
	return 0;
}

/* Reads every setting that was saved into now[]. */
static int read_now(const struct fwd_host_api *host, struct fwd_ctx *ctx, char saved[][64],
		    char now[][64])
{
	char why[256];

	for (size_t i = 0; i < N_SETTINGS; i++) {
		int ret;

		now[i][0] = '\0';
		if (!saved[i][0])
			continue;
		ret = racadm_get(host, ctx, settings[i].object, now[i], 64, why, sizeof(why));
		if (ret)
			return host->set_error(ctx, ret, "cannot read %s from the iDRAC: %s",
					       settings[i].object, why);
	}
	return 0;
}

static int differs(const char *saved, const char *now)
{
	return saved[0] && strcasecmp(saved, now) != 0;
}

/* result[key] = {saved, now, restored}. */
static void report(const struct fwd_host_api *host, struct fwd_json *result, size_t i,
		   const char *saved, const char *now, int restored, const char *would)
{
	struct fwd_json *o = host->json_object();

	if (!o)
		return;
	host->json_object_set_new(o, "saved", host->json_string(saved));
	host->json_object_set_new(o, "now", host->json_string(now));
	host->json_object_set_new(o, "restored", host->json_boolean(restored));
	if (would)
		host->json_object_set_new(o, "would_run", host->json_string(would));
	host->json_object_set_new(result, settings[i].key, o);
}

static int restore(const struct fwd_host_api *host, struct fwd_ctx *ctx, char saved[][64],
		   char now[][64], int set[])
{
	char why[256];
	int any = 0;

	for (size_t i = 0; i < N_SETTINGS; i++) {
		int ret;

		if (!differs(saved[i], now[i]))
			continue;
		host->log(ctx, FWD_LOG_WARN, "the iDRAC's %s is %s, the backup says %s: setting it "
			  "back", settings[i].object, now[i], saved[i]);
		ret = racadm_set(host, ctx, settings[i].object, saved[i], why, sizeof(why));
		if (ret)
			return host->set_error(ctx, ret, "racadm set %s %s failed: %s; set "
				"it by hand (iDRAC settings, or 'racadm set %s %s' in-band)",
				settings[i].object, saved[i], why, settings[i].object, saved[i]);
		set[i] = any = 1;
	}
	if (!any)
		return 0;
	/* Read back what was set: racadm's word is not the iDRAC's state. */
	for (int t = 0; t < READBACK_TRIES; t++) {
		int ret;

		if (t)
			host->sleep_ms(ctx, READBACK_PAUSE_MS);
		ret = read_now(host, ctx, saved, now);
		if (!ret || t + 1 == READBACK_TRIES)
			return ret;
	}
	return 0;
}

int dell_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
			const struct fwd_json *saved, unsigned flags, struct fwd_json *result)
{
	const struct fwd_host_api *host = dell_host();
	char want[N_SETTINGS][64], now[N_SETTINGS][64], first[160] = "";
	int set[N_SETTINGS] = { 0 }, ret, any = 0;

	(void)id;
	ret = saved_values(host, ctx, saved, want);
	if (ret)
		return ret;
	for (size_t i = 0; i < N_SETTINGS; i++)
		any |= want[i][0] != '\0';
	if (!any) {
		host->log(ctx, FWD_LOG_INFO, "the backup holds no iDRAC NIC selection: nothing to "
			  "compare");
		return 0;
	}
	ret = racadm_target_ok(host, ctx);
	if (!ret)
		ret = read_now(host, ctx, want, now);
	if (ret)
		return ret;
	if ((flags & FWD_SETTINGS_RESTORE) && !(flags & FWD_SETTINGS_DRY_RUN)) {
		ret = restore(host, ctx, want, now, set);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < N_SETTINGS; i++) {
		char would[160];
		int off = differs(want[i], now[i]);

		if (!want[i][0])
			continue;
		snprintf(would, sizeof(would), "racadm set %s %s", settings[i].object, want[i]);
		report(host, result, i, want[i], now[i], set[i] && !off,
		       off && (flags & FWD_SETTINGS_DRY_RUN) ? would : NULL);
		if (off && !first[0])
			snprintf(first, sizeof(first), "%s is %s, the backup says %s",
				 settings[i].object, now[i], want[i]);
	}
	if (!first[0])
		return 0;
	if (flags & FWD_SETTINGS_DRY_RUN)
		return host->set_error(ctx, -FWD_E_VERIFY, "%s: would run 'racadm set' for it "
				       "(dry run: nothing set)", first);
	if (flags & FWD_SETTINGS_RESTORE)
		return host->set_error(ctx, -FWD_E_VERIFY, "%s after 'racadm set' said it was "
				       "modified: set it by hand in the iDRAC's settings", first);
	return host->set_error(ctx, -FWD_E_VERIFY, "%s", first);
}
