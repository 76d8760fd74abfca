/*
 * host-api.h: the services table fwdispatch hands to every plugin.
 */
#ifndef FWD_HOST_API_H
#define FWD_HOST_API_H

#include <fwdispatch/fwd_plugin.h>

/* The host's table; static, lives for the whole process. */
const struct fwd_host_api *fwd_host_api(void);

#endif
