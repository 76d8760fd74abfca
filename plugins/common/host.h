/*
 * host.h: can this plugin work with the host that loads it?
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

/* Is ctx's target a Redfish service (ABI 2.6)?  The in-tree vendor plugins
 * update over IPMI and their vendor's tool: they leave such a target to
 * the redfish plugin. */
int fwdp_redfish_target(const struct fwd_host_api *h, struct fwd_ctx *ctx);

/* The probe's words for leaving it. */
#define FWDP_NOT_REDFISH "a Redfish target: this plugin updates over IPMI and its vendor's " \
	"tool, not Redfish (the redfish plugin takes it)"

#endif
