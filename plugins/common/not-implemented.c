/*
 * not-implemented.c: see not-implemented.h.
 */
#include "not-implemented.h"

int fwdp_not_implemented(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			 const char *plugin, const char *entry)
{
	return host->set_error(ctx, -FWD_E_NOT_IMPLEMENTED, "%s: %s is not implemented yet",
			       plugin, entry);
}
