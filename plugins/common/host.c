/*
 * host.c: see host.h.
 */
#include "host.h"

#include <string.h>

int fwdp_host_usable(const struct fwd_host_api *h)
{
	return h && h->abi_major == FWD_ABI_MAJOR && FWD_SIZED_VALID(h, FWD_HOST_API_SIZE_2_0) &&
	       FWD_HOST_HAS(h, find_tool);
}

int fwdp_redfish_target(const struct fwd_host_api *h, struct fwd_ctx *ctx)
{
	const struct fwd_target *t = h ? h->target(ctx) : NULL;
	const char *p = t ? FWD_SIZED_GET(t, struct fwd_target, protocol, NULL) : NULL;

	return p && strcmp(p, "redfish") == 0;
}
