/*
 * request-size.h: how long an IPMI request the path to an out-of-band BMC
 * carries, for ipmitool's -z (FWD_TOOL_LARGE_REQUESTS, plugin ABI 2.5).
 *
 * ipmitool sends at most 38 bytes of request data over lanplus unless told
 * otherwise: an HPM.1 upload then takes one round trip per 36 bytes of
 * image, 29,128 for 1 MiB.  Most BMCs take longer requests, but some paths
 * do not carry them, and a request that is dropped rather than refused
 * costs ipmitool a timeout per attempt before it shrinks its block (six at
 * most, 8 bytes each, then the upload fails): OpenIPMI's ipmi_sim reads
 * each datagram into 256 bytes and drops the rest.  So the run asks first,
 * with one harmless request of the size it means to use: Get Device ID
 * padded to PROBE bytes of data.  Any answer, even a completion code for
 * the extra bytes, shows the path carries it; none within two seconds, and
 * the upload keeps ipmitool's default.  A BMC that takes the datagram but
 * refuses the longer Upload Firmware Block says so at once (0xC7), and
 * ipmitool shrinks its block by itself.
 */
#ifndef FWD_IPMI_REQUEST_SIZE_H
#define FWD_IPMI_REQUEST_SIZE_H

#include "util/ctx.h"

/*
 * ipmitool's -z for this run's target: 0 for none (in-band, --ipmi-request-
 * size default, or the probe went unanswered), else the size.  Asks the
 * BMC at most once per ctx (kept in ctx->ipmi_request_size) and never
 * fails: ipmitool's default always works.  A fixed --ipmi-request-size N
 * is used as given, unasked.
 */
int fwd_ipmi_request_size(struct fwd_ctx *ctx);

/* The request data ipmitool sends with -z size over cipher suite cipher:
 * with suite 3 it keeps whole 16-byte blocks and leaves 17 bytes for the
 * encryption's header and trailer; otherwise (its own choice of suite too,
 * -1) at most size. */
unsigned fwd_ipmi_request_data(unsigned size, int cipher);

#endif
