/*
 * smc-profile.c: the Supermicro X12/X13/H12/H13 profile of the shared
 * Redfish flow (plugins/common/rf.h), as the public sources describe the
 * service (docs: /work/shared/docs/redfish.md, "Supermicro X12/X13/H12/H13":
 * bmclib providers/supermicro/x12.go, fwupd fu-redfish-smc-device.c and
 * docs/supermicro-license.md):
 *
 *  - one multipart URI; Targets the manager or the BIOS; every upload
 *    OnStartUpdateRequest, with the settings to keep in UpdateParameters'
 *    Oem.Supermicro.BMC or .BIOS (sm_rf_preserve);
 *  - the upload starts a verify task, then StartUpdate the update itself
 *    (smc-start.c, the after_upload hook);
 *  - a BIOS needs the out-of-band licence, checked in the preflight;
 *  - a BMC "already in update mode" (an earlier upload waits for its
 *    StartUpdate, or one was cut short) takes nothing until it is reset:
 *    the refusal says so.
 */
#include "supermicro.h"

#include <string.h>

#include "rf.h"

/* Supermicro's manager is always Managers/1 (bmclib's x12 provider names it
 * so): one GET of the licence query, no walk of the managers. */
#define SM_QUERY_LICENSE "/redfish/v1/Managers/1/LicenseManager/QueryLicense"
#define SM_LICENCES "SFT-OOB-LIC or SFT-DCMS-SINGLE"
#define CHECK_LICENCE "oob-licence"
#define CHECK_START "smc-start-update"

struct fwd_json *sm_rf_preserve(enum fwd_part part, unsigned flags)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *o = host->json_object();
	/* --no-preserve-settings means the BIOS setup settings, which live in
	 * the NVRAM: PreserveNVRAM follows it.  The rest stays true whatever
	 * the operator asks: PreserveME (an ME region lost bricks the board),
	 * PreserveSMBIOS (the serial number and UUID are the machine's
	 * identity, not its settings) and BackupBIOS (a copy to go back to). */
	int keep_bios = !(flags & FWD_FLASH_NO_PRESERVE_SETTINGS);
	/* --overwrite-bmc-config is sum's --overwrite_cfg: the BMC's own
	 * settings back to factory defaults; the SDR and the TLS certificate
	 * are no settings and stay. */
	int keep_cfg = !(flags & FWD_FLASH_OVERWRITE_BMC_CONFIG);

	if (part == FWD_PART_BIOS) {
		host->json_object_set_new(o, "PreserveME", host->json_boolean(1));
		host->json_object_set_new(o, "PreserveNVRAM", host->json_boolean(keep_bios));
		host->json_object_set_new(o, "PreserveSMBIOS", host->json_boolean(1));
		host->json_object_set_new(o, "BackupBIOS", host->json_boolean(1));
	} else {
		host->json_object_set_new(o, "PreserveCfg", host->json_boolean(keep_cfg));
		host->json_object_set_new(o, "PreserveSdr", host->json_boolean(1));
		host->json_object_set_new(o, "PreserveSsl", host->json_boolean(1));
	}
	return o;
}

static int smc_parameters(struct fwd_ctx *ctx, enum fwd_part part,
			  const struct fwd_flash_request *req, struct fwd_json *params)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_json *oem = host->json_object(), *smc = host->json_object();

	(void)ctx;
	host->json_object_set_new(smc, part == FWD_PART_BIOS ? "BIOS" : "BMC",
				  sm_rf_preserve(part, req ? req->flags : 0));
	host->json_object_set_new(oem, "Supermicro", smc);
	host->json_object_set_new(params, "Oem", oem);
	return 0;
}

/* Does one entry of QueryLicense's Licenses name a licence that allows an
 * out-of-band BIOS update?  The BMC writes each entry as JSON in a string;
 * an entry as an object is read at ProductKey.Node.LicenseName. */
static int allows_oob(const struct fwd_json *entry)
{
	const struct fwd_host_api *host = rf_host();
	const char *s = host->json_string_value(entry);

	if (!s)
		s = rf_text(host->json_object_get(host->json_object_get(entry, "ProductKey"),
						  "Node"), "LicenseName");
	return s && (strstr(s, "SFT-OOB-LIC") || strstr(s, "SFT-DCMS-SINGLE"));
}

/* The out-of-band licence a BIOS update needs: read with one GET; not
 * readable is a warning (the upload's refusal names it then, refused()). */
static int licence(struct fwd_ctx *ctx)
{
	const struct fwd_host_api *host = rf_host();
	struct fwd_redfish_answer a = FWD_REDFISH_ANSWER_INIT;
	const struct fwd_json *list;
	int ret, held = 0;
	long status;

	ret = host->redfish(ctx, "GET", SM_QUERY_LICENSE, NULL, NULL, FWD_REDFISH_QUIET, &a);
	list = !ret && a.status == 200 ? host->json_object_get(a.body, "Licenses") : NULL;
	for (size_t i = 0; list && i < host->json_array_size(list) && !held; i++)
		held = allows_oob(host->json_array_get(list, i));
	status = a.status;
	host->redfish_answer_release(&a);
	if (ret)
		return ret;
	if (!list) {
		host->check(ctx, CHECK_LICENCE, FWD_CHECK_WARN, "the out-of-band licence could "
			    "not be read (QueryLicense answered %ld): the upload will tell", status);
		return 0;
	}
	if (!held) {
		host->check(ctx, CHECK_LICENCE, FWD_CHECK_REFUSE, "no %s licence", SM_LICENCES);
		return host->set_error(ctx, -FWD_E_REFUSED, "the BMC has no out-of-band licence "
				       "(%s), which a BIOS update over Redfish needs: activate "
				       "one on the BMC, or update the BIOS in band (fwdispatch "
				       "update on the server itself, through sum), which needs "
				       "none; nothing was flashed", SM_LICENCES);
	}
	host->check(ctx, CHECK_LICENCE, FWD_CHECK_PASS, "an out-of-band licence is "
		    "activated (%s)", SM_LICENCES);
	return 0;
}

/* An image uploaded OnStartUpdateRequest waits for StartUpdate, holding
 * the BMC in update mode: without the action it would wait for a reset. */
static int smc_preflight(struct fwd_ctx *ctx, enum fwd_part part,
			 const struct fwd_flash_request *req)
{
	const struct fwd_host_api *host = rf_host();
	struct rf_update_service us;
	int ret = rf_update_service(ctx, &us);

	(void)req;
	if (ret)
		return ret;
	if (!us.start[0]) {
		host->check(ctx, CHECK_START, FWD_CHECK_REFUSE, "no UpdateService.StartUpdate");
		return host->set_error(ctx, -FWD_E_REFUSED, "the BMC's update service has no "
				       "UpdateService.StartUpdate action, which a Supermicro "
				       "upload waits for: update it over IPMI or with sum instead; "
				       "nothing was flashed");
	}
	host->check(ctx, CHECK_START, FWD_CHECK_PASS, "UpdateService.StartUpdate at %s",
		    us.start);
	return part == FWD_PART_BIOS ? licence(ctx) : 0;
}

/* The BMC's own refusals that need more than its words. */
static int smc_refused(struct fwd_ctx *ctx, enum fwd_part part,
		       const struct fwd_redfish_answer *a, int ret)
{
	const struct fwd_host_api *host = rf_host();

	if (strstr(a->message_id, "OemFirmwareAlreadyInUpdateMode"))
		return host->set_error(ctx, -FWD_E_REFUSED, "the BMC is already in update mode "
				       "(%s): an earlier upload waits for its StartUpdate, or "
				       "an update was cut short, and it takes no image until it "
				       "is reset; reset the BMC (its web page: Maintenance, BMC "
				       "Reset; or ipmitool mc reset cold; or POST Manager.Reset "
				       "to /redfish/v1/Managers/1), wait for it to answer, and "
				       "run fwdispatch again; nothing was flashed", a->message_id);
	if (part == FWD_PART_BIOS && strstr(a->message_id, "OemLicenseNotPassed"))
		return host->set_error(ctx, -FWD_E_REFUSED, "the BMC refused the BIOS (%s): it "
				       "has no out-of-band licence (%s); activate one, or "
				       "update the BIOS in band (fwdispatch update on the server "
				       "itself, through sum), which needs none; nothing was "
				       "flashed", a->message_id, SM_LICENCES);
	return ret;
}

const struct rf_vendor sm_redfish_profile = {
	.name = "Supermicro",
	/* As bmclib's x12 provider names them. */
	.targets = RF_TARGETS_FIXED,
	.target_bmc = "/redfish/v1/Managers/1",
	.target_bios = "/redfish/v1/Systems/1/Bios",
	.apply_bmc = "OnStartUpdateRequest",
	.apply_bios = "OnStartUpdateRequest",
	.preflight = smc_preflight,
	.parameters = smc_parameters,
	.after_upload = sm_rf_after_upload,
	.after_upload_plan = sm_rf_after_upload_plan,
	.refused = smc_refused,
	.follow = sm_rf_follow,
	.hints = sm_rf_hints,
};
