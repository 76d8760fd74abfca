/*
 * probe.c: is this a Dell server the dell plugin can update?
 *
 * The System Manufacturer must be Dell (the Base Board's when there is
 * no System record): a product name alone proves nothing, as a Cisco
 * board reporting "PowerEdge R710" shows.  Then the System Product Name
 * gives the line (common/vendor.c lists them and why).  A Redfish target
 * is judged by its service instead (on-redfish.c: 90 for an iDRAC's, 0
 * otherwise).  Scores:
 *   95  an iDRAC line, and the BMC's IANA ID 674 agrees
 *   90  an iDRAC line (PowerEdge, OEM-R, Precision Rack, XC, DSS...)
 *   85  Dell of an unknown line with BMC ID 674; or no SMBIOS and BMC 674
 *   80  no SMBIOS, FRU board manufacturer Dell
 *   60  Dell of an unknown line in a server chassis (rack, blade...)
 *   40  BMC ID 674 while SMBIOS names another vendor: conflicting
 *    0  desktops, laptops and tower workstations (no BMC), DCS cloud
 *       servers (a plain IPMI BMC: generic-hpm's), other vendors, VMs
 */
#include "dell.h"

#include "chassis.h"
#include "host.h"
#include "match.h"
#include "vendor.h"
#include "verdict.h"
#include "virt.h"

static int judge_dell(const struct fwd_identity *id, int bmc, int *score_out,
		      char *reason, size_t reason_size)
{
	const char *what;
	const char *product = id->product_name;

	switch (fwdp_dell_line(product, &what)) {
	case FWDP_DELL_IDRAC:
		return fwdp_verdict(score_out, reason, reason_size, bmc ? 95 : 90,
			"Dell '%s' is %s with iDRAC%s", product, what,
			bmc ? "; BMC manufacturer ID 674 agrees" : "");
	case FWDP_DELL_DCS:
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"Dell '%s' is %s with a plain IPMI BMC, no iDRAC or racadm",
			product, what);
	case FWDP_DELL_CLIENT:
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"Dell '%s' is %s without iDRAC", product, what);
	case FWDP_DELL_UNKNOWN:
		break;
	}
	if (bmc)
		return fwdp_verdict(score_out, reason, reason_size, 85,
			"Dell '%s' of an unlisted line, and BMC manufacturer ID 674 is Dell "
			"(iDRAC)", fwdp_or_q(product));
	if (fwdp_chassis_class(id->chassis_type) == FWDP_CHASSIS_SERVER)
		return fwdp_verdict(score_out, reason, reason_size, 60,
			"Dell '%s' is not a listed line, but its chassis is '%s': assuming "
			"an iDRAC server", fwdp_or_q(product),
			fwdp_chassis_name(id->chassis_type));
	return fwdp_verdict(score_out, reason, reason_size, 0,
		"Dell '%s' is not a listed server line (chassis '%s')", fwdp_or_q(product),
		fwdp_chassis_name(id->chassis_type));
}

int dell_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	       char *reason, size_t reason_size)
{
	const char *vendor, *vm, *what;
	int bmc;

	if (fwdp_redfish_target(dell_host(), ctx))
		return dell_rf_probe(ctx, id, score_out, reason, reason_size);
	if (!fwdp_identity_ok(id))
		return fwdp_verdict(score_out, reason, reason_size, 0,
				    "identity too old for this plugin (ABI 1.0 fields missing)");
	bmc = fwdp_bmc_is(id, FWDP_IANA_DELL);

	vm = fwdp_virtual_machine(id);
	if (vm && !bmc)
		return fwdp_verdict(score_out, reason, reason_size, 0,
				    "virtual machine (%s): not a Dell server", vm);

	vendor = fwdp_dell_vendor_field(id);
	if (fwdp_is_dell(vendor))
		return judge_dell(id, bmc, score_out, reason, reason_size);

	if (vendor) {
		if (bmc)
			return fwdp_verdict(score_out, reason, reason_size, 40,
				"BMC manufacturer ID 674 is Dell, but the %s manufacturer is '%s'",
				id->sys_vendor ? "system" : "baseboard", vendor);
		if (fwdp_dell_line(id->product_name, &what) == FWDP_DELL_IDRAC)
			return fwdp_verdict(score_out, reason, reason_size, 0,
				"%s manufacturer '%s' is not Dell, although the product name "
				"says '%s'", id->sys_vendor ? "system" : "baseboard", vendor,
				id->product_name);
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"%s manufacturer '%s' is not Dell", id->sys_vendor ? "system" : "baseboard",
			vendor);
	}

	if (bmc)
		return fwdp_verdict(score_out, reason, reason_size, 85,
			"BMC manufacturer ID 674 is Dell (iDRAC, product ID %u)",
			(unsigned)id->bmc_product_id);
	if (!fwdp_has_smbios(id) && fwdp_is_dell(id->fru_board_vendor))
		return fwdp_verdict(score_out, reason, reason_size, 80,
			"FRU board manufacturer is '%s' (%s)", id->fru_board_vendor,
			fwdp_or_q(id->fru_product_name ? id->fru_product_name : id->fru_board_name));
	if (id->bmc_known)
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"BMC manufacturer ID %u is not Dell (674)",
			(unsigned)id->bmc_manufacturer_id);
	return fwdp_verdict(score_out, reason, reason_size, 0,
		"no system or baseboard manufacturer to recognise (no DMI data)");
}
