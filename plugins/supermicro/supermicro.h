/*
 * supermicro.h: the supermicro plugin's internal interface (not
 * installed).  supermicro.c holds the entry point and the vtable;
 * each entry point lives in its own file (probe.c, ...).
 */
#ifndef FWDP_SUPERMICRO_H
#define FWDP_SUPERMICRO_H

#include <fwdispatch/fwd_plugin.h>

#define SM_NAME "supermicro"
#define SM_VERSION "0.1.0"

/* The host table saved by the entry point; valid while loaded. */
const struct fwd_host_api *sm_host(void);

int sm_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
	     char *reason, size_t reason_size);

#endif
