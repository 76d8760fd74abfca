/*
 * host-boot.h: has the host rebooted since a BIOS was staged?
 *
 * A staged BIOS runs only after the host's next reboot, so `verify` must
 * know whether that reboot happened before it calls an unchanged BIOS a
 * mismatch.  At staging the run records a mark; verify asks whether the
 * host booted since.  In-band the mark is the kernel's boot ID (a new one
 * at every boot); out-of-band, the last entry of the BMC's event log, and
 * a boot logged after it (sel.h).
 */
#ifndef FWD_HOST_BOOT_H
#define FWD_HOST_BOOT_H

#include <stddef.h>

#include <jansson.h>

#include "util/ctx.h"

enum fwd_host_boot {
	FWD_HOST_BOOT_UNKNOWN,   /* nothing can tell */
	FWD_HOST_BOOT_SAME,      /* no reboot since the mark */
	FWD_HOST_BOOT_REBOOTED,  /* rebooted since the mark */
};

/* The mark for ctx's target now ({"boot_id": ...} or {"sel_last_id": N}),
 * or NULL when nothing can be read (said at debug level). */
json_t *fwd_host_boot_mark(struct fwd_ctx *ctx);

/* Since mark (which may be NULL), with a sentence in detail saying how it
 * is known. */
enum fwd_host_boot fwd_host_boot_since(struct fwd_ctx *ctx, const json_t *mark,
				       char *detail, size_t size);

#endif
