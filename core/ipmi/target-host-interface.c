/*
 * target-host-interface.c: `--redfish` without `--host`: the BMC's Redfish
 * service reached through the host interface it shows this machine
 * (SMBIOS type 42, identity/host-interface.h).
 *
 * The address and port come from the record; everything after is the
 * same as for a BMC named with --host: credentials, TLS trust (a pinned
 * certificate is keyed by that address), the lock and the journal.  The
 * host side of the interface (its USB NIC's address) is the operating
 * system's to set up: fwdispatch changes no network configuration, and
 * says what the record asks for when the service does not answer.
 */
#include "ipmi/target.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity/host-interface.h"

int fwd_target_use_host_interface(struct fwd_target_opts *t, const char *dmi_file,
				  const char *sysfs_root, struct fwd_err *err)
{
	struct fwd_host_interface hi;
	char why[256];
	int ret = fwd_host_interface_read(dmi_file, sysfs_root, &hi, err);

	if (ret < 0) {
		char what[sizeof(err->msg)];

		/* err->msg is both the cause and the message being written. */
		snprintf(what, sizeof(what), "%s", err->msg);
		return fwd_error_set(err, -FWD_E_USAGE, "--redfish without --host uses the BMC's "
				     "host interface, but %.900s", what);
	}
	if (ret == 0)
		return fwd_error_set(err, -FWD_E_USAGE, "--redfish without --host uses the BMC's "
				     "Redfish host interface, and this machine has none (no "
				     "SMBIOS type 42 record for Redfish over IP): give --host");
	if (!fwd_host_interface_usable(&hi, why, sizeof(why)))
		return fwd_error_set(err, -FWD_E_USAGE, "the BMC's Redfish host interface (%s "
				     "%s) cannot be used: %s", hi.device, hi.device_id, why);
	if (!(t->host = strdup(hi.service_address)))
		return fwd_error_set(err, -ENOMEM, "out of memory");
	if (!t->port_given && hi.port) {
		t->pub.port = (uint16_t)hi.port;
		t->port_given = 1;
	}
	t->host_interface = 1;
	snprintf(t->host_side, sizeof(t->host_side), "%s%s%s (%s)", hi.host_address[0] ?
		 hi.host_address : "an address", hi.host_mask[0] ? "/" : "", hi.host_mask,
		 hi.host_assignment[0] ? hi.host_assignment : "Unknown");
	return 0;
}
