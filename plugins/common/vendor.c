/*
 * vendor.c: Supermicro, Dell and HPE, as SMBIOS and the BMC name them.
 *
 * Dell product lines (System Product Name; the baseboard name is only a
 * part number such as 0KCKR5):
 *  - iDRAC: PowerEdge (every generation: 9G and older have a BMC or DRAC
 *    and still take Dell Update Packages), "OEM-R" (PowerEdge sold as
 *    OEM-ready), Precision Rack and Precision R7610-style rack workstations
 *    (PowerEdge boards with iDRAC), XC (Nutanix appliances on PowerEdge),
 *    DSS, PowerVault and VxRail nodes (PowerEdge hardware).
 *  - DCS: custom cloud servers made for hyperscalers (CS24-TY, XS23-TY3,
 *    "XX99-" names).  They carry a plain IPMI BMC, no iDRAC, no racadm and
 *    no Dell Update Packages, so the dell plugin cannot update them; they
 *    are servers, so generic-hpm takes them.
 *  - client: OptiPlex, Latitude, Inspiron, Vostro, XPS, Alienware, G-series,
 *    Wyse and every Precision that is not a rack model (towers, mobile
 *    workstations): no BMC at all.
 */
#include "vendor.h"

#include "match.h"
#include "verdict.h"

#include <stddef.h>

int fwdp_is_supermicro(const char *m)
{
	char letters[16];
	size_t n = 0;

	if (!m)
		return 0;
	/* "Super Micro Computer, Inc." and "SuperMicro" alike: letters only. */
	for (const char *p = m; *p && n < sizeof(letters) - 1; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			letters[n++] = c;
	}
	letters[n] = '\0';
	return fwdp_istarts(letters, "supermicro") || fwdp_istarts_word(m, "SMCI");
}

int fwdp_is_dell(const char *m)
{
	return fwdp_istarts_word(m, "Dell") || fwdp_istarts(m, "DellEMC");
}

int fwdp_is_hpe(const char *m)
{
	return fwdp_istarts_word(m, "HPE") || fwdp_istarts_word(m, "HP") ||
	       fwdp_istarts(m, "Hewlett Packard Enterprise") || fwdp_istarts(m, "Hewlett-Packard");
}

static const struct {
	const char *word;
	const char *what;
} dell_clients[] = {
	{ "OptiPlex", "a desktop" },
	{ "Latitude", "a laptop" },
	{ "Inspiron", "a desktop or laptop" },
	{ "Vostro", "a desktop or laptop" },
	{ "XPS", "a desktop or laptop" },
	{ "Alienware", "a gaming PC" },
	{ "Dimension", "a desktop" },
	{ "Studio", "a desktop or laptop" },
	{ "Wyse", "a thin client" },
	{ "Chromebook", "a laptop" },
	{ "Venue", "a tablet" },
	{ "Embedded Box PC", "an embedded PC" },
	{ "Edge Gateway", "an embedded PC" },
	{ "Precision", "a Precision workstation" }, /* after the rack models */
};

enum fwdp_dell_line fwdp_dell_line(const char *p, const char **what)
{
	const char *dummy;

	if (!what)
		what = &dummy;
	*what = "a Dell machine";
	if (!p)
		return FWDP_DELL_UNKNOWN;
	if (fwdp_istarts(p, "Dell "))
		p += 5;

	if (fwdp_istarts_word(p, "PowerEdge")) {
		*what = "a PowerEdge server";
		return FWDP_DELL_IDRAC;
	}
	if (fwdp_istarts(p, "OEM-R")) {
		*what = "a PowerEdge OEM server";
		return FWDP_DELL_IDRAC;
	}
	if (fwdp_istarts_word(p, "Precision") &&
	    (fwdp_icontains_word(p, "Rack") || fwdp_shape(p, "Precision R9999*"))) {
		*what = "a Precision rack workstation";
		return FWDP_DELL_IDRAC;
	}
	if (fwdp_shape(p, "XC9*") || fwdp_istarts_word(p, "XC")) {
		*what = "a PowerEdge-based XC appliance";
		return FWDP_DELL_IDRAC;
	}
	if (fwdp_istarts_word(p, "DSS")) {
		*what = "a PowerEdge-based DSS server";
		return FWDP_DELL_IDRAC;
	}
	if (fwdp_istarts_word(p, "PowerVault") || fwdp_istarts_word(p, "VxRail")) {
		*what = "a PowerEdge-based appliance";
		return FWDP_DELL_IDRAC;
	}
	if (fwdp_shape(p, "AS99-*")) {
		*what = "a DCS cloud server";
		return FWDP_DELL_DCS;
	}
	for (size_t i = 0; i < sizeof(dell_clients) / sizeof(dell_clients[0]); i++) {
		if (fwdp_icontains_word(p, dell_clients[i].word)) {
			*what = dell_clients[i].what;
			return FWDP_DELL_CLIENT;
		}
	}
	/* G3 3579, G5 5587, G15 5511: gaming laptops. */
	if (fwdp_shape(p, "G9 9999*") || fwdp_shape(p, "G99 9999*")) {
		*what = "a gaming laptop";
		return FWDP_DELL_CLIENT;
	}
	return FWDP_DELL_UNKNOWN;
}

const char *fwdp_dell_vendor_field(const struct fwd_identity *id)
{
	return id->sys_vendor ? id->sys_vendor : id->board_vendor;
}

int fwdp_supermicro_machine(const struct fwd_identity *id)
{
	if (fwdp_is_supermicro(id->board_vendor))
		return 1;
	if (!id->board_vendor && fwdp_is_supermicro(id->sys_vendor))
		return 1;
	if (fwdp_bmc_is(id, FWDP_IANA_SUPERMICRO))
		return 1;
	return !fwdp_has_smbios(id) && fwdp_is_supermicro(id->fru_board_vendor);
}

int fwdp_dell_machine(const struct fwd_identity *id)
{
	if (fwdp_is_dell(fwdp_dell_vendor_field(id)))
		return 1;
	if (fwdp_bmc_is(id, FWDP_IANA_DELL))
		return 1;
	return !fwdp_has_smbios(id) && fwdp_is_dell(id->fru_board_vendor);
}
