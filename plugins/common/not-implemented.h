/*
 * not-implemented.h: the answer of an entry point that exists but is not
 * written yet.
 */
#ifndef FWDP_NOT_IMPLEMENTED_H
#define FWDP_NOT_IMPLEMENTED_H

#include <fwdispatch/fwd_plugin.h>

/* Sets "<plugin>: <entry> is not implemented yet" and returns
 * -FWD_E_NOT_IMPLEMENTED. */
int fwdp_not_implemented(const struct fwd_host_api *host, struct fwd_ctx *ctx,
			 const char *plugin, const char *entry);

#endif
