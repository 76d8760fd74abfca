/*
 * host.c: see host.h.
 */
#include "host.h"

#include <string.h>

static const struct fwd_host_api *saved_host;

void fwdp_host_set(const struct fwd_host_api *h)
{
	saved_host = h;
}

const struct fwd_host_api *fwdp_host(void)
{
	return saved_host;
}

int fwdp_host_redfish(const struct fwd_host_api *h)
{
	return h && h->abi_major == FWD_ABI_MAJOR && FWD_HOST_HAS(h, json_equal);
}

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
