/*
 * pin-store.h: the Redfish certificates fwdispatch trusts on first use,
 * the way ssh keeps known_hosts.
 *
 * Most BMCs carry a self-signed certificate that no CA vouches for.
 * Without --cacert, the first connection to a target records the SHA-256
 * fingerprint of its certificate (the DER bytes, as a browser shows it);
 * every later connection must present the same certificate, or it is
 * refused before a password is sent.  --pin-cert HEX replaces the
 * recorded one after the operator checked it.
 *
 * STATE/redfish/known-certs, mode 0600 in a 0700 folder, written
 * atomically; one line per target:
 *
 *   <target> <sha256: 64 lowercase hex digits> <recorded: UTC ISO 8601>
 *
 * where <target> is fwd_target_file_name() (ADDRESS_PORT).  Blank lines
 * and lines starting with '#' are kept as they are.
 */
#ifndef FWD_PIN_STORE_H
#define FWD_PIN_STORE_H

#include <stddef.h>

#include "util/ctx.h"

#define FWD_PIN_HEX_SIZE 65

/* The file under the state folder. */
#define FWD_PIN_STORE_SUB "redfish"
#define FWD_PIN_STORE_FILE "known-certs"

/*
 * One line of the file: 1 with target and hex filled for a pin, 0 for a
 * blank or comment line, -1 for a line that is neither (the caller
 * refuses the file: a pin it cannot read could be the one that counts).
 */
int fwd_pin_parse_line(const char *line, char *target, size_t target_size,
		       char hex[FWD_PIN_HEX_SIZE]);

/*
 * The fingerprint recorded for target: 1 with hex filled, 0 when none is,
 * or a negative code with ctx's error set (the file is no regular file,
 * others may write it, a line cannot be read).
 */
int fwd_pin_lookup(struct fwd_ctx *ctx, const char *state_dir, const char *target,
		   char hex[FWD_PIN_HEX_SIZE]);

/* Records hex for target, replacing its line or adding one.  0, or a
 * negative code with ctx's error set. */
int fwd_pin_record(struct fwd_ctx *ctx, const char *state_dir, const char *target,
		   const char *hex);

/* "ab:cd:..." for a message: 95 characters and the NUL. */
#define FWD_PIN_SHOW_SIZE 96
const char *fwd_pin_show(const char *hex, char out[FWD_PIN_SHOW_SIZE]);

#endif
