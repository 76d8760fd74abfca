/*
 * host.h: can this plugin work with the host that loads it, and the host
 * table it saved, for the shared code (rf-*.c) that has no other way to
 * reach it.
 */
#ifndef FWDP_HOST_H
#define FWDP_HOST_H

#include <fwdispatch/fwd_plugin.h>

/*
 * True when the host speaks our ABI major and its table has every
 * service the in-tree plugins call (up to find_tool, 2.1).  Another major may
 * lay the table out differently, so not even h->log is called then: the
 * host reports the refusal itself.
 */
int fwdp_host_usable(const struct fwd_host_api *h);

/* The entry point saves the host table here (once it accepted the host);
 * the shared Redfish flow reads it.  One per plugin: plugins/common is
 * linked into each .so, so two plugins never share it. */
void fwdp_host_set(const struct fwd_host_api *h);
const struct fwd_host_api *fwdp_host(void);

/* Does the host have the Redfish client and the JSON services after it
 * (ABI 2.6)?  Needed before any rf_* call. */
int fwdp_host_redfish(const struct fwd_host_api *h);

/* Is ctx's target a Redfish service (ABI 2.6)?  The in-tree vendor plugins
 * update over IPMI and their vendor's tool: they leave such a target to
 * the redfish plugin, unless they drive it through the shared flow (rf.h). */
int fwdp_redfish_target(const struct fwd_host_api *h, struct fwd_ctx *ctx);

/* The probe's words for leaving it. */
#define FWDP_NOT_REDFISH "a Redfish target: this plugin updates over IPMI and its vendor's " \
	"tool, not Redfish (the redfish plugin takes it)"

#endif
