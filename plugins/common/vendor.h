/*
 * vendor.h: recognising Supermicro, Dell and HPE, shared by their own plugins
 * and by generic-hpm (which must leave their machines to them).
 */
#ifndef FWDP_VENDOR_H
#define FWDP_VENDOR_H

#include <fwdispatch/fwd_plugin.h>

/* "Supermicro", "Super Micro Computer, Inc.", "SUPERMICRO", "SMCI"... */
int fwdp_is_supermicro(const char *manufacturer);

/* "Dell Inc.", "Dell", "DELL Inc.", "Dell EMC", "Dell Computer Corporation"... */
int fwdp_is_dell(const char *manufacturer);

/* "HPE", "Hewlett Packard Enterprise", "HP", "Hewlett-Packard" (ProLiant
 * Gen9 and older say HP). */
int fwdp_is_hpe(const char *manufacturer);

/* What a Dell System Product Name says about the machine. */
enum fwdp_dell_line {
	FWDP_DELL_UNKNOWN, /* no name, or a line not listed */
	FWDP_DELL_IDRAC,   /* PowerEdge and the lines built on it: iDRAC, racadm */
	FWDP_DELL_DCS,     /* DCS custom cloud servers: a plain IPMI BMC, no iDRAC */
	FWDP_DELL_CLIENT   /* desktops, laptops, tower workstations: no BMC at all */
};

/* Classifies a Dell product name; *what (may be NULL) gets a short
 * description for reasons, with its article ("a PowerEdge server",
 * "a desktop", ...). */
enum fwdp_dell_line fwdp_dell_line(const char *product_name, const char **what);

/* The manufacturer Dell's probe judges: System Manufacturer, else the
 * Base Board's (NULL when neither). */
const char *fwdp_dell_vendor_field(const struct fwd_identity *id);

/*
 * Is this a Supermicro machine (baseboard, or system without a baseboard
 * record, or BMC, or with no SMBIOS at all the FRU board) / a Dell one
 * (manufacturer as above, BMC, or FRU board)?  generic-hpm asks, to leave
 * those machines to their plugins.
 */
int fwdp_supermicro_machine(const struct fwd_identity *id);
int fwdp_dell_machine(const struct fwd_identity *id);

#endif
