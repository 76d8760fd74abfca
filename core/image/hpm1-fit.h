/*
 * hpm1-fit.h: does this HPM.1 image belong on this BMC, now?
 *
 * Everything ipmitool would otherwise ask about on stdin, decided before
 * a single upgrade command is sent: the image's manufacturer, product and
 * device IDs against the BMC's, the running firmware against the image's
 * earliest compatible revision, and the image's version against the
 * running one (a downgrade or a reinstall only when the operator allowed it).
 */
#ifndef FWD_HPM1_FIT_H
#define FWD_HPM1_FIT_H

#include "util/ctx.h"
#include "image/hpm1.h"

/*
 * Returns 0 when the image may be flashed, -FWD_E_REFUSED with ctx's
 * error naming the mismatch otherwise.  flags are FWD_FLASH_ALLOW_*.
 * path and board (the BMC's board as people know it,
 * fwd_identity_board_label(), or NULL) are only used in messages.
 */
int fwd_hpm1_fits_bmc(struct fwd_ctx *ctx, const char *path,
		      const struct fwd_hpm1_info *img, const struct fwd_bmc_info *bmc,
		      const char *board, unsigned flags);

#endif
