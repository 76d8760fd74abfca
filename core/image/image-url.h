/*
 * image-url.h: an image a Redfish BMC pulls from a URL itself
 * (UpdateService.SimpleUpdate, --bmc-url and --bios-url).
 *
 * fwdispatch never hands a BMC a URL it has not read first: the run
 * fetches the same URL into its staged copy (staging.h) and checks those
 * bytes as it checks a file (format, board, the SHA-256 the operator
 * gives, which is required), so a wrong, truncated or tampered image is
 * refused before the BMC is asked for anything.  What the BMC then pulls
 * is the mirror's business: its own verification and the inventory read
 * after the update are what prove it got the same bytes.
 */
#ifndef FWD_IMAGE_URL_H
#define FWD_IMAGE_URL_H

#include <stdint.h>

#include "util/ctx.h"

/* No firmware image comes near this; a server that keeps sending is cut off. */
#define FWD_IMAGE_URL_MAX_BYTES (1ull << 30)

/*
 * Why url cannot be handed to a BMC, or NULL when it can: http or https,
 * a host, printable ASCII without spaces, at most 1024 bytes, and no
 * user or password in it (the URL goes into the journal, the report, the
 * history and the BMC's own logs).
 */
const char *fwd_image_url_problem(const char *url);

/*
 * Fetches url (GET, no redirect followed: the BMC may not follow one, and
 * would then pull other bytes than were checked) into fd, at most
 * FWD_IMAGE_URL_MAX_BYTES.  https is verified against the system's CAs.
 * Returns 0 with *bytes the size written, or -FWD_E_REFUSED with ctx's
 * error naming the URL and what went wrong.
 */
int fwd_image_url_fetch(struct fwd_ctx *ctx, const char *url, int fd, uint64_t *bytes);

#endif
