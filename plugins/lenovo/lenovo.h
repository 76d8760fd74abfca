/*
 * lenovo.h: the lenovo plugin's internal interface (not installed).
 * lenovo.c holds the entry point and the vtable, whose entry points are
 * the shared Redfish-only ones (plugins/common/rf-plugin.c) with the XCC
 * profile.
 *
 *   probe.c        probe: an XClarity Controller's service, or a
 *                  ThinkSystem's SMBIOS
 *   xcc-profile.c  the XCC profile and its recovery hints
 */
#ifndef FWDP_LENOVO_H
#define FWDP_LENOVO_H

#include <fwdispatch/fwd_plugin.h>

#define LENOVO_NAME "lenovo"
#define LENOVO_VERSION "0.1.0"

struct rf_vendor;

/* The host table saved by the entry point; valid while loaded. */
const struct fwd_host_api *lenovo_host(void);

int lenovo_probe(struct fwd_ctx *ctx, const struct fwd_identity *id, int *score_out,
		 char *reason, size_t reason_size);

/* xcc-profile.c */
extern const struct rf_vendor lenovo_xcc_profile;

#endif
