/*
 * target.h: which BMC a command talks to, from the target options.
 *
 * In-band (the default) is the local BMC through the OpenIPMI driver;
 * --host makes it an out-of-band BMC over lanplus, or with --redfish a
 * Redfish service over HTTPS.  The password is read from --password-file
 * (which must not be readable by group or others) or IPMI_PASSWORD
 * (FWDISPATCH_REDFISH_PASSWORD for Redfish), kept here, and only ever handed to a tool through
 * its environment or, where a tool allows nothing else, substituted for
 * FWD_ARG_PASSWORD.  Never printed.
 */
#ifndef FWD_TARGET_H
#define FWD_TARGET_H

#include <fwdispatch/fwd_plugin.h>

#include "util/buf.h"
#include "util/error.h"

struct fwd_target_opts {
	struct fwd_target pub;   /* what plugins see; strings point into this struct */
	char *host;              /* owned */
	char *user;              /* owned */
	char *password_file;     /* owned; the option as given */
	char *password;          /* owned; wiped on release */
	char *state_dir;         /* owned; default FWD_DEFAULT_STATE_DIR */
	/* The host's address, resolved once (IPv4 first, as ipmitool reaches
	 * it), so that every spelling of one BMC ("localhost", "127.0.0.1")
	 * has one lock and one journal; "" when it cannot be resolved. */
	char addr[64];
	/* --ipmi-request-size: FWD_REQUEST_SIZE_AUTO (the default: probed,
	 * ipmi/request-size.h), 0 for ipmitool's own, else ipmitool's -z. */
	int request_size;
	/* --redfish: the target is a Redfish service at https://host:port
	 * (redfish/redfish.h), else IPMI. */
	int redfish;
	int port_given;          /* --port was given (the default depends on the protocol) */
	char *cacert;            /* owned; --cacert FILE: verify TLS against it */
	int insecure;            /* --insecure: no TLS verification at all */
	char pin_cert[65];       /* --pin-cert: the certificate's SHA-256 to trust, "" none */
	/* --redfish without --host: host and port came from the BMC's host
	 * interface (target-host-interface.c); host_side says what the record
	 * asks of this machine's end ("169.254.0.18/255.255.0.0 (Static)"). */
	int host_interface;
	char host_side[128];
};

#define FWD_REQUEST_SIZE_AUTO (-1)

#define FWD_DEFAULT_STATE_DIR "/var/lib/fwdispatch"
#define FWD_DEFAULT_IPMI_PORT 623
#define FWD_DEFAULT_REDFISH_PORT 443
/* The Redfish password's environment variable (IPMI_PASSWORD is ipmitool's). */
#define FWD_REDFISH_PASSWORD_ENV "FWDISPATCH_REDFISH_PASSWORD"

void fwd_target_init(struct fwd_target_opts *t);

/*
 * --redfish without --host: takes the host and (unless --port) the port
 * of the Redfish service the BMC's host interface names (SMBIOS type 42,
 * from dmi_file or the raw entries under sysfs_root).  Before
 * fwd_target_finish.  Returns 0, or -FWD_E_USAGE with err saying why it
 * cannot: no such interface, or one not set up.
 */
int fwd_target_use_host_interface(struct fwd_target_opts *t, const char *dmi_file,
				  const char *sysfs_root, struct fwd_err *err);
void fwd_target_release(struct fwd_target_opts *t);

/*
 * Completes the options once parsing is done: reads the password (file
 * or IPMI_PASSWORD) for an out-of-band target and fills t->pub.  Returns
 * 0, or -FWD_E_BAD_INPUT with err filled (unreadable or group-readable
 * password file, --user without --host, ...), or -FWD_E_USAGE for options
 * of one protocol given to the other (--cipher with --redfish, --cacert
 * without it) and a Redfish target without --user.
 */
int fwd_target_finish(struct fwd_target_opts *t, struct fwd_err *err);

/*
 * Appends the options that name this target again on a command line, as
 * a message tells the operator to type them: " --host H --port P --user U
 * --password-file F --cipher N --state-dir D", each only when it differs
 * from the default, paths made absolute, values quoted for a shell.  A
 * password from IPMI_PASSWORD is not in it: the operator's environment
 * holds it.  0 or -ENOMEM.
 */
int fwd_target_args(const struct fwd_target_opts *t, struct fwd_buf *out);

/* "local BMC (in-band)" or "HOST:PORT", for messages and lock names. */
const char *fwd_target_describe(const struct fwd_target_opts *t, char *buf, size_t size);

/* The target as a file name, for its lock and journal: "local" in-band,
 * else ADDRESS_PORT (the resolved address, else the host as given) with
 * anything odd made '_'. */
const char *fwd_target_file_name(const struct fwd_target_opts *t, char *buf, size_t size);

#endif
