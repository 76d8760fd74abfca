/*
 * host-interface.h: the Redfish Host Interface, where the BMC shows the
 * host a network interface of its own (mostly a USB NIC) and publishes
 * where its Redfish service answers on it: SMBIOS type 42, "Management
 * Controller Host Interface" (DMTF DSP0134 for the record, DSP0270 for
 * the network interface and the "Redfish over IP" protocol record).
 *
 * Read from the kernel's copy of the raw record
 * (/sys/firmware/dmi/entries/42-N/raw, root only) or from a dmidecode
 * dump (`dmidecode > FILE`, `dmidecode -t 42`).  Only a network interface
 * carrying a Redfish-over-IP protocol record counts; a type 42 record for
 * KCS, SSIF or an OEM interface is passed over.
 */
#ifndef FWD_HOST_INTERFACE_H
#define FWD_HOST_INTERFACE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct fwd_host_interface {
	char device[24];           /* "USB", "USB v2", "PCI/PCIe", "PCI/PCIe v2", "OEM" */
	char device_id[16];        /* USB idVendor:idProduct or PCI vendor:device, "" */
	char mac[18];              /* the interface's MAC (v2 descriptors), "" */
	char service_uuid[37];     /* the Redfish service's UUID, "" */
	char host_assignment[16];  /* how the host side gets its address: "Static",
	                              "DHCP", "AutoConf", "HostSelected", "Unknown" */
	char host_address[46];     /* the host side's address, "" when not given */
	char host_mask[46];
	char service_discovery[16]; /* how the service's address is found, as above */
	char service_address[46];  /* where the Redfish service answers, "" unknown */
	unsigned port;             /* its TCP port (0: not given) */
	unsigned long vlan;
	char hostname[256];        /* the service's host name, "" none */
};

/*
 * One raw type 42 structure (its formatted area and strings, as
 * /sys/firmware/dmi/entries/42-N/raw holds it).  Returns 1 with *out
 * filled when it is a network interface with a Redfish-over-IP record,
 * 0 when it is another kind, -FWD_E_BAD_INPUT with err set when it is
 * cut short or its lengths do not add up.
 */
int fwd_host_interface_parse_raw(const uint8_t *rec, size_t len, struct fwd_host_interface *out,
				 struct fwd_err *err);

/*
 * The first Redfish host interface in a dmidecode dump (any version's
 * layout, other record types in between).  Returns 1 with *out filled,
 * 0 when the dump has none.  Never fails: a record it cannot read counts
 * as none.
 */
int fwd_host_interface_parse_dmidecode(const char *text, size_t len,
				       struct fwd_host_interface *out);

/*
 * The host's Redfish host interface: from dmi_file (a dmidecode dump)
 * when given, else from the raw entries under sysfs_root (NULL: /sys).
 * Returns 1 with *out filled, 0 when there is none (or the entries
 * cannot be read: they are root's), or a negative code with err set
 * when what was read is not what it should be.
 */
int fwd_host_interface_read(const char *dmi_file, const char *sysfs_root,
			    struct fwd_host_interface *out, struct fwd_err *err);

/*
 * Can fwdispatch reach the service through hi?  1; else 0 with why
 * filled: no service address, or 0.0.0.0 / :: (present but not set up in
 * the BIOS), or an IPv6 link-local address (it needs the host's interface
 * named, which fwdispatch does not do yet).
 */
int fwd_host_interface_usable(const struct fwd_host_interface *hi, char *why, size_t size);

/* {device, device_id, mac, service_uuid, host_assignment, host_address,
 * host_mask, service_discovery, service_address, port, vlan, hostname},
 * "" as null.  NULL on out of memory. */
json_t *fwd_host_interface_to_json(const struct fwd_host_interface *hi);

#endif
