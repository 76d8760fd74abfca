/*
 * probe.c: does this machine have a Supermicro board?
 *
 * The baseboard decides: resellers rewrite the System fields (Nutanix,
 * iXsystems, Thomas-Krenn, bluechip, "Super Server") but keep
 * Supermicro's Base Board record, and the board name (X11SSH-F) is the
 * model the firmware is built for.  Scores:
 *   95  baseboard Supermicro and the BMC's IANA ID 10876 agrees
 *   90  baseboard Supermicro; or, without SMBIOS, BMC ID 10876
 *   85  no SMBIOS, FRU board manufacturer Supermicro
 *   80  no baseboard record, System Manufacturer Supermicro
 *   40  BMC ID 10876 while SMBIOS names another vendor: conflicting, so
 *       low enough for any plugin that SMBIOS does support to win
 *    0  anything else, and virtual machines
 * A Redfish target is judged by its service instead (on-redfish.c: 90 for
 * a Supermicro X12 or later, 0 for X11 and older and other vendors).
 */
#include "supermicro.h"

#include "host.h"
#include "match.h"
#include "vendor.h"
#include "verdict.h"
#include "virt.h"

int sm_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	     char *reason, size_t reason_size)
{
	const char *vm;
	int bmc;

	if (fwdp_redfish_target(sm_host(), ctx))
		return sm_rf_probe(ctx, id, score_out, reason, reason_size);
	if (!fwdp_identity_ok(id))
		return fwdp_verdict(score_out, reason, reason_size, 0,
				    "identity too old for this plugin (ABI 1.0 fields missing)");
	bmc = fwdp_bmc_is(id, FWDP_IANA_SUPERMICRO);

	vm = fwdp_virtual_machine(id);
	if (vm && !bmc)
		return fwdp_verdict(score_out, reason, reason_size, 0,
				    "virtual machine (%s): no Supermicro firmware to update", vm);

	if (fwdp_is_supermicro(id->board_vendor)) {
		if (bmc)
			return fwdp_verdict(score_out, reason, reason_size, 95,
				"baseboard manufacturer is '%s': Supermicro board %s; BMC "
				"manufacturer ID 10876 agrees", id->board_vendor,
				fwdp_or_q(id->board_name));
		if (id->sys_vendor && !fwdp_is_supermicro(id->sys_vendor))
			return fwdp_verdict(score_out, reason, reason_size, 90,
				"baseboard manufacturer is '%s': Supermicro board %s, sold as "
				"'%s%s%s'", id->board_vendor, fwdp_or_q(id->board_name),
				id->sys_vendor, id->product_name ? " " : "",
				id->product_name ? id->product_name : "");
		return fwdp_verdict(score_out, reason, reason_size, 90,
			"baseboard manufacturer is '%s': Supermicro board %s", id->board_vendor,
			fwdp_or_q(id->board_name));
	}

	if (id->board_vendor) {
		if (bmc)
			return fwdp_verdict(score_out, reason, reason_size, 40,
				"BMC manufacturer ID 10876 is Supermicro, but the baseboard "
				"manufacturer is '%s'", id->board_vendor);
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"baseboard manufacturer '%s' is not Supermicro", id->board_vendor);
	}

	if (fwdp_is_supermicro(id->sys_vendor))
		return fwdp_verdict(score_out, reason, reason_size, 80,
			"no baseboard record; system manufacturer is '%s' (%s)", id->sys_vendor,
			fwdp_or_q(id->product_name));

	if (bmc) {
		if (id->sys_vendor)
			return fwdp_verdict(score_out, reason, reason_size, 40,
				"BMC manufacturer ID 10876 is Supermicro, but the system "
				"manufacturer is '%s'", id->sys_vendor);
		return fwdp_verdict(score_out, reason, reason_size, 90,
			"BMC manufacturer ID 10876 is Supermicro (product ID %u)",
			(unsigned)id->bmc_product_id);
	}
	if (!fwdp_has_smbios(id) && fwdp_is_supermicro(id->fru_board_vendor))
		return fwdp_verdict(score_out, reason, reason_size, 85,
			"FRU board manufacturer is '%s': Supermicro board %s",
			id->fru_board_vendor, fwdp_or_q(id->fru_board_name));

	if (id->sys_vendor)
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"no baseboard record and system manufacturer '%s' is not Supermicro",
			id->sys_vendor);
	if (id->bmc_known)
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"BMC manufacturer ID %u is not Supermicro (10876)",
			(unsigned)id->bmc_manufacturer_id);
	return fwdp_verdict(score_out, reason, reason_size, 0,
		"no baseboard or system manufacturer to recognise (no DMI data)");
}
