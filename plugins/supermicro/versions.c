/*
 * versions.c: the supermicro plugin's read_versions and backup.
 *
 * The BMC's version comes from the BMC itself (host->bmc_info, `mc
 * info`); the BIOS's from the SMBIOS identity, or, out-of-band where the
 * identity has none, from `sum -c GetBiosInfo` when sum is there.
 *
 * The backup's IPMI part (mc info, LAN channels, users) is the core's;
 * the vendor part is the LAN interface mode (nic-mode.c), which
 * check_settings can put back, a note, and in-band (where sum needs no
 * password on its command line) the raw `sum -c GetBmcInfo` output when
 * sum is installed.
 */
#include "supermicro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sum.h"
#include "vendor-text.h"

/* Quick questions to sum; an answer takes seconds. */
#define INFO_TIMEOUT_MS (120u * 1000u)

/* Runs `sum ... -c command` and returns its cleaned output (malloc'd), or
 * NULL when sum is missing or failed (logged at debug level only: these
 * are extras). */
static char *ask_sum(const struct fwd_host_api *host, struct fwd_ctx *ctx,
		     const char *command)
{
	struct sm_sum_cmd c;
	struct sm_sum_outcome o;
	char why[320], *text;
	int ret;

	if (sm_sum_begin(host, ctx, &c, command) != 0)
		return NULL;
	ret = sm_sum_run(host, ctx, &c, 0, INFO_TIMEOUT_MS, &o);
	/* Asked first, whatever ret: it is what fills in why, also for a sum
	 * that did not run or finish. */
	if (!sm_sum_succeeded(&o, why, sizeof(why)) || ret != 0) {
		host->log(ctx, FWD_LOG_DEBUG, "sum -c %s gave no answer%s%s", command,
			  why[0] ? ": " : "", why);
		sm_sum_outcome_release(&o);
		return NULL;
	}
	text = o.text;
	o.text = NULL;
	sm_sum_outcome_release(&o);
	/* Without the blank lines sum ends with. */
	for (size_t n = strlen(text); n && (text[n - 1] == '\n' || text[n - 1] == ' '); n--)
		text[n - 1] = '\0';
	return text;
}

int sm_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
		     struct fwd_versions *out)
{
	const struct fwd_host_api *host = sm_host();
	const struct fwd_target *t = host->target(ctx);
	struct fwd_bmc_info info = { .size = sizeof(info) };
	int ret;

	if (!out)
		return host->set_error(ctx, -FWD_E_INTERNAL, "read_versions needs its output");
	out->bmc[0] = out->bios[0] = '\0';
	/* sum is slow out-of-band: only when the BIOS is asked for. */
	if ((which & FWD_VERSION_BIOS) && id && id->bios_version)
		snprintf(out->bios, sizeof(out->bios), "%s", id->bios_version);
	else if ((which & FWD_VERSION_BIOS) && t && t->out_of_band) {
		char *text = ask_sum(host, ctx, "GetBiosInfo");

		if (text)
			fwdp_text_field(text, "BIOS version", out->bios, sizeof(out->bios));
		free(text);
	}
	if (!(which & FWD_VERSION_BMC))
		return 0;
	ret = host->bmc_info(ctx, &info);
	if (ret == 0)
		snprintf(out->bmc, sizeof(out->bmc), "%s", info.firmware);
	return ret;
}

/*
 * "nic_mode": the LAN interface mode's name, or null with "nic_mode_note"
 * saying why it is not known.  A BMC without the command is no failure of
 * the backup, and neither is an ipmitool that could not ask: the backup
 * says so, and check_settings then has nothing to put back.
 */
static void backup_nic_mode(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			    struct fwd_json *backup)
{
	char why[256], buf[8];
	int mode, ret;

	ret = sm_nic_mode_read(host, ctx, &mode, why, sizeof(why));
	if (ret == 0) {
		const char *name = sm_nic_mode_name(mode, buf, sizeof(buf));

		host->json_object_set_new(backup, "nic_mode", host->json_string(name));
		return;
	}
	host->json_object_set_new(backup, "nic_mode", host->json_null());
	host->json_object_set_new(backup, "nic_mode_note", host->json_string(
		ret == 1 ? why : "not read: ipmitool could not ask the BMC"));
	host->log(ctx, ret == 1 ? FWD_LOG_INFO : FWD_LOG_WARN, "the BMC's LAN interface mode "
		  "is not in the backup: %s", why);
}

int sm_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup)
{
	const struct fwd_host_api *host = sm_host();
	const struct fwd_target *t = host->target(ctx);
	char *text;

	(void)id;
	if (!backup)
		return host->set_error(ctx, -FWD_E_INTERNAL, "backup needs an object");
	host->json_object_set_new(backup, "note", host->json_string(
		"supermicro: the LAN interface mode beyond the generic IPMI backup; the BIOS "
		"settings are not saved (sum -c GetCurrentBiosCfg --file FILE can save them)"));
	backup_nic_mode(host, ctx, backup);
	if (t && t->out_of_band)
		return 0;
	text = ask_sum(host, ctx, "GetBmcInfo");
	if (text)
		host->json_object_set_new(backup, "sum_bmc_info", host->json_string(text));
	free(text);
	return 0;
}
