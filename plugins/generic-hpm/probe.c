/*
 * probe.c: is this a server whose BMC only the generic HPM.1 path can
 * update?
 *
 * generic-hpm is the fallback: it scores GHPM_SCORE (20) so that a
 * vendor plugin always wins, and 0 where a vendor plugin owns the machine
 * or where there is no BMC to update.  In order:
 *   0   no identity at all (no DMI, no BMC)
 *   0   Supermicro and Dell machines: their plugins decide (Dell's DCS
 *       cloud servers excepted: a plain IPMI BMC, so 20)
 *   0   virtual machines; portable chassis (laptop, notebook, tablet...)
 *   0   known desktop, laptop and tower-workstation lines
 *   20  known server lines and server-only vendors (lines.c)
 *   0   vendors that make only clients (Apple, Acer...)
 *   20  a server chassis type (Rack Mount, Blade, Main Server...)
 *   20  a BMC answered (its Manufacturer ID is known)
 *   0   a desktop chassis type, or nothing at all to go on.
 * The last case is a choice: an unknown vendor with no server chassis and
 * no BMC is far more often a desktop board than a server (real servers
 * report a server chassis or get identified through their BMC), and a
 * clear "no plugin for this machine" is better than an HPM.1 upgrade
 * failing later against a BMC that is not there.  The operator can still
 * insist with --plugin generic-hpm.
 */
#include "generic-hpm.h"

#include "chassis.h"
#include "host.h"
#include "match.h"
#include "vendor.h"
#include "verdict.h"
#include "virt.h"

#define FALLBACK "no vendor plugin, generic HPM.1 fallback"

static int judge_dell(const struct fwd_identity *id, int *score_out, char *reason,
		      size_t reason_size)
{
	const char *what;
	const char *vendor = fwdp_dell_vendor_field(id);
	enum fwdp_dell_line line = fwdp_dell_line(id->product_name, &what);

	if (fwdp_is_dell(vendor) && line == FWDP_DELL_DCS)
		return fwdp_verdict(score_out, reason, reason_size, GHPM_SCORE,
			"Dell '%s' is %s with a plain IPMI BMC, no iDRAC: " FALLBACK,
			id->product_name, what);
	if (fwdp_is_dell(vendor) && line == FWDP_DELL_CLIENT)
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"Dell '%s' is %s without a BMC", id->product_name, what);
	return fwdp_verdict(score_out, reason, reason_size, 0,
		"Dell machine: the dell plugin decides");
}

int ghpm_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	       char *reason, size_t reason_size)
{
	struct ghpm_line line;
	const char *vm;
	enum fwdp_chassis_class chassis;

	if (fwdp_redfish_target(ghpm_host(), ctx))
		return fwdp_verdict(score_out, reason, reason_size, 0, FWDP_NOT_REDFISH);
	if (!fwdp_identity_ok(id))
		return fwdp_verdict(score_out, reason, reason_size, 0,
				    "identity too old for this plugin (ABI 1.0 fields missing)");
	if (!fwdp_has_smbios(id) && !id->bmc_known && !id->fru_board_vendor &&
	    !id->fru_board_name && !id->fru_product_name && id->chassis_type == 0)
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"no DMI data and no BMC identity: nothing says this is a server");

	if (fwdp_supermicro_machine(id))
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"Supermicro machine: the supermicro plugin decides");
	if (fwdp_dell_machine(id))
		return judge_dell(id, score_out, reason, reason_size);

	vm = fwdp_virtual_machine(id);
	if (vm && !id->bmc_known)
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"virtual machine (%s): no BMC to update", vm);

	chassis = fwdp_chassis_class(id->chassis_type);
	if (chassis == FWDP_CHASSIS_PORTABLE)
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"chassis type '%s' is a portable computer: no BMC",
			fwdp_chassis_name(id->chassis_type));

	if (ghpm_client_line(id, &line))
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"'%s' is %s without a BMC", line.value, line.what);
	if (ghpm_server_line(id, &line))
		return fwdp_verdict(score_out, reason, reason_size, GHPM_SCORE,
			"'%s' is %s: " FALLBACK, line.value, line.what);
	if (ghpm_client_vendor(id, &line))
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"'%s' makes no servers: '%s' is %s without a BMC", line.value,
			fwdp_or_q(id->product_name), line.what);

	if (chassis == FWDP_CHASSIS_SERVER)
		return fwdp_verdict(score_out, reason, reason_size, GHPM_SCORE,
			"chassis type '%s' is a server's ('%s' '%s'): " FALLBACK,
			fwdp_chassis_name(id->chassis_type),
			fwdp_or_q(id->sys_vendor ? id->sys_vendor : id->board_vendor),
			fwdp_or_q(id->product_name ? id->product_name : id->board_name));
	if (id->bmc_known)
		return fwdp_verdict(score_out, reason, reason_size, GHPM_SCORE,
			"a BMC answers (manufacturer ID %u): " FALLBACK,
			(unsigned)id->bmc_manufacturer_id);
	if (chassis == FWDP_CHASSIS_DESKTOP)
		return fwdp_verdict(score_out, reason, reason_size, 0,
			"chassis type '%s' and no known server line: a desktop, no BMC",
			fwdp_chassis_name(id->chassis_type));
	return fwdp_verdict(score_out, reason, reason_size, 0,
		"'%s' '%s' is no known server line, and neither the chassis type ('%s') "
		"nor a BMC says server; force with --plugin generic-hpm",
		fwdp_or_q(id->sys_vendor ? id->sys_vendor : id->board_vendor),
		fwdp_or_q(id->product_name ? id->product_name : id->board_name),
		fwdp_chassis_name(id->chassis_type));
}
