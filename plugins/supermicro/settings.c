/*
 * settings.c: the supermicro plugin's check_settings: the LAN interface
 * mode its backup saved (versions.c: "nic_mode") against what the BMC
 * says now, put back with FWD_SETTINGS_RESTORE and read back.  The core
 * calls it in the lan-check after a BMC flash (a flash may return the mode
 * to its default, failover, and move the BMC's network to another port)
 * and in `fwdispatch restore`.
 *
 * result["nic_mode"] = {"saved", "before", "now", "restored"}: the names
 * ("dedicated", "shared", "failover", "0xNN") or null; "before" is what
 * the BMC said before anything was put back, "now" what it says at the
 * end (after the read-back).
 */
#include "supermicro.h"

#include <stdio.h>

/* After a set the BMC may take a moment before it answers again on the
 * port it now uses: the read-back asks this often, this far apart. */
#define READBACK_TRIES 3
#define READBACK_PAUSE_MS 2000u

static struct fwd_json *mode_json(const struct fwd_host_api *host, int mode)
{
	char buf[8];

	return mode < 0 ? host->json_null() : host->json_string(sm_nic_mode_name(mode, buf,
										     sizeof(buf)));
}

static int read_back(const struct fwd_host_api *host, struct fwd_ctx *ctx, int *mode)
{
	char why[256];
	int ret = -FWD_E_INTERNAL;

	for (int i = 0; i < READBACK_TRIES; i++) {
		if (i)
			host->sleep_ms(ctx, READBACK_PAUSE_MS);
		ret = sm_nic_mode_read(host, ctx, mode, why, sizeof(why));
		if (ret == 0)
			return 0;
	}
	if (ret == 1)
		return host->set_error(ctx, -FWD_E_TOOL_FAILED, "cannot read the LAN interface "
				       "mode back: %s", why);
	return ret;
}

int sm_check_settings(struct fwd_ctx *ctx, const struct fwd_identity *id,
		      const struct fwd_json *saved, unsigned flags, struct fwd_json *result)
{
	const struct fwd_host_api *host = sm_host();
	struct fwd_json *e;
	const char *name, *was, *wanted;
	char why[256], a[8], b[8];
	int want, before = -1, now = -1, restored = 0, ret;

	(void)id;
	if (!result)
		return host->set_error(ctx, -FWD_E_INTERNAL, "check_settings needs a result");
	name = saved ? host->json_string_value(host->json_object_get(saved, "nic_mode")) : NULL;
	e = host->json_object();
	if (!e)
		return host->set_error(ctx, -FWD_E_INTERNAL, "out of memory");
	host->json_object_set_new(result, "nic_mode", e);
	host->json_object_set_new(e, "saved", name ? host->json_string(name) : host->json_null());
	host->json_object_set_new(e, "restored", host->json_boolean(0));
	if (!name) {
		/* Not readable when the backup was made (a BMC without the
		 * command): nothing to compare, nothing to put back. */
		host->json_object_set_new(e, "before", host->json_null());
		host->json_object_set_new(e, "now", host->json_null());
		return 0;
	}
	want = sm_nic_mode_value(name);
	if (want < 0)
		return host->set_error(ctx, -FWD_E_BAD_INPUT, "the backup's LAN interface mode "
				       "'%s' is none fwdispatch knows", name);

	ret = sm_nic_mode_read(host, ctx, &before, why, sizeof(why));
	host->json_object_set_new(e, "before", mode_json(host, before));
	host->json_object_set_new(e, "now", mode_json(host, before));
	if (ret == 1)
		return host->set_error(ctx, -FWD_E_TOOL_FAILED, "the backup has the BMC's LAN "
				       "interface mode (%s), but the BMC no longer answers the "
				       "command: %s", name, why);
	if (ret)
		return ret;
	if (before == want)
		return 0;

	was = sm_nic_mode_name(before, a, sizeof(a));
	wanted = sm_nic_mode_name(want, b, sizeof(b));
	if (flags & FWD_SETTINGS_DRY_RUN) {
		host->log(ctx, FWD_LOG_INFO, "would set the BMC's LAN interface mode back from %s "
			  "to %s (ipmitool raw 0x30 0x70 0x0c 1 0x%02x); sent nothing", was, wanted,
			  (unsigned)want);
		return host->set_error(ctx, -FWD_E_VERIFY, "the BMC's LAN interface mode is %s, "
				       "the backup says %s: a restore would set it back (dry "
				       "run: sent nothing)", was, wanted);
	}
	if (!(flags & FWD_SETTINGS_RESTORE))
		return host->set_error(ctx, -FWD_E_VERIFY, "the BMC's LAN interface mode is %s, "
				       "the backup says %s", was, wanted);

	host->log(ctx, FWD_LOG_WARN, "the BMC's LAN interface mode is %s, the backup says %s: "
		  "setting it back", was, wanted);
	ret = sm_nic_mode_set(host, ctx, want);
	if (!ret)
		ret = read_back(host, ctx, &now);
	if (ret)
		return ret;
	restored = now == want;
	host->json_object_set_new(e, "now", mode_json(host, now));
	host->json_object_set_new(e, "restored", host->json_boolean(restored));
	if (!restored)
		return host->set_error(ctx, -FWD_E_VERIFY, "the BMC's LAN interface mode was set "
				       "to %s, and reads back as %s", wanted,
				       sm_nic_mode_name(now, a, sizeof(a)));
	host->log(ctx, FWD_LOG_INFO, "the BMC's LAN interface mode is %s again (read back)",
		  wanted);
	return 0;
}
