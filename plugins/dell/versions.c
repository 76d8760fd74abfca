/*
 * versions.c: what runs now (read_versions) and the Dell extras of a
 * backup, both from `racadm getversion` (and the NIC selection: nic.c).
 *
 * racadm is optional for both: without it read_versions falls back to the
 * BMC's own answer (mc info, major.minor) and the BIOS version of the
 * identity, and backup notes that no Dell extras were saved.
 */
#include "dell.h"

#include <stdio.h>
#include <stdlib.h>

#include "racadm.h"

int dell_read_versions(struct fwd_ctx *ctx, const struct fwd_identity *id, unsigned which,
		       struct fwd_versions *out)
{
	const struct fwd_host_api *host = dell_host();
	struct fwd_bmc_info info = { .size = sizeof(info) };
	struct racadm_versions v;
	char why[256];
	int ret;

	out->bmc[0] = out->bios[0] = '\0';
	if (racadm_target_usable(host, ctx)) {
		racadm_warn_out_of_band(host, ctx);
		if (racadm_getversion(host, ctx, &v, NULL, why, sizeof(why)) == 0) {
			snprintf(out->bmc, sizeof(out->bmc), "%s", v.idrac);
			snprintf(out->bios, sizeof(out->bios), "%s", v.bios);
		} else {
			host->log(ctx, FWD_LOG_INFO, "racadm getversion: %s; using the BMC's "
				  "answer and the DMI BIOS version", why);
		}
	}
	if (!out->bios[0] && id && id->bios_version)
		snprintf(out->bios, sizeof(out->bios), "%s", id->bios_version);
	if ((which & FWD_VERSION_BMC) && !out->bmc[0]) {
		ret = host->bmc_info(ctx, &info);
		if (ret == 0)
			snprintf(out->bmc, sizeof(out->bmc), "%s", info.firmware);
		else if (!out->bios[0])
			return ret; /* nothing at all: the host said why */
	}
	return 0;
}

static struct fwd_json *str_or_null(const struct fwd_host_api *host, const char *s)
{
	return s && *s ? host->json_string(s) : host->json_null();
}

/* backup is the plugin's own object in the backup file ("vendor"). */
int dell_backup(struct fwd_ctx *ctx, const struct fwd_identity *id, struct fwd_json *backup)
{
	const struct fwd_host_api *host = dell_host();
	struct fwd_json *parsed;
	struct racadm_versions v;
	char why[256], note[320], *raw = NULL;
	int bad = 0;

	(void)id;
	/* Never fatal: the IPMI part of the backup is what restores settings. */
	if (!racadm_target_usable(host, ctx))
		return host->json_object_set_new(backup, "note", host->json_string(
			"racadm cannot reach the iDRAC out-of-band without user and password: "
			"no Dell extras saved")) ? -FWD_E_INTERNAL : 0;
	racadm_warn_out_of_band(host, ctx);
	if (racadm_getversion(host, ctx, &v, &raw, why, sizeof(why)) != 0) {
		snprintf(note, sizeof(note), "racadm getversion: %s: no Dell extras saved", why);
		host->log(ctx, FWD_LOG_INFO, "%s", note);
		bad |= host->json_object_set_new(backup, "note", host->json_string(note));
		if (raw)
			bad |= host->json_object_set_new(backup, "getversion_raw",
							 host->json_string(raw));
		free(raw);
		return bad ? -FWD_E_INTERNAL : 0;
	}
	parsed = host->json_object();
	host->json_object_set_new(parsed, "bios_version", str_or_null(host, v.bios));
	host->json_object_set_new(parsed, "idrac_version", str_or_null(host, v.idrac));
	host->json_object_set_new(parsed, "lifecycle_controller_version",
				  str_or_null(host, v.lifecycle));
	bad |= host->json_object_set_new(backup, "getversion", parsed);
	bad |= host->json_object_set_new(backup, "getversion_raw", str_or_null(host, raw));
	free(raw);
	if (bad)
		return -FWD_E_INTERNAL;
	/* racadm answers: the iDRAC's NIC selection too (nic.c). */
	return dell_backup_nic(ctx, backup);
}
