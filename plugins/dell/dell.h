/*
 * dell.h: the dell plugin's internal interface (not installed).
 * dell.c holds the entry point and the vtable; each entry point lives in
 * its own file (probe.c, ...).
 */
#ifndef FWDP_DELL_H
#define FWDP_DELL_H

#include <fwdispatch/fwd_plugin.h>

#define DELL_NAME "dell"
#define DELL_VERSION "0.1.0"

/* The host table saved by the entry point; valid while loaded. */
const struct fwd_host_api *dell_host(void);

int dell_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	       char *reason, size_t reason_size);

#endif
