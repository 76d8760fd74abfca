/*
 * host.c: see host.h.
 */
#include "host.h"

int fwdp_host_usable(const struct fwd_host_api *h)
{
	return h && h->abi_major == FWD_ABI_MAJOR && FWD_SIZED_VALID(h, FWD_HOST_API_SIZE_2_0) &&
	       FWD_HOST_HAS(h, find_tool);
}
