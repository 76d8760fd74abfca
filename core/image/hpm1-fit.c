/*
 * hpm1-fit.c: image-versus-BMC checks before a flash.
 */
#include "image/hpm1-fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The IDs alone say nothing to most people: the board's name goes beside them. */
static int another_board(struct fwd_ctx *ctx, const char *path, const struct fwd_hpm1_info *img,
			 const struct fwd_bmc_info *bmc, const char *board)
{
	char here[160];

	if (board && *board)
		snprintf(here, sizeof(here), "this board, %s,", board);
	else
		snprintf(here, sizeof(here), "this board");
	return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
		"'%s' is for another board: the image is for manufacturer %u, product 0x%04x, "
		"device 0x%02x, and %s has a BMC of manufacturer %u, product 0x%04x, device "
		"0x%02x; get the image made for %s", path, img->manufacturer_id, img->product_id,
		img->device_id, here, bmc->manufacturer_id, bmc->product_id, bmc->device_id,
		board && *board ? board : "this board");
}

int fwd_hpm1_fits_bmc(struct fwd_ctx *ctx, const char *path,
		      const struct fwd_hpm1_info *img, const struct fwd_bmc_info *bmc,
		      const char *board, unsigned flags)
{
	struct fwd_hpm1_version running;
	char want[FWD_HPM1_VERSION_STR_SIZE], earliest[FWD_HPM1_VERSION_STR_SIZE];
	int cmp;

	if (img->manufacturer_id != bmc->manufacturer_id || img->product_id != bmc->product_id ||
	    img->device_id != bmc->device_id)
		return another_board(ctx, path, img, bmc, board);

	if (fwd_hpm1_version_parse(bmc->firmware, &running) != 0)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"cannot compare versions: the BMC reports firmware '%s', not M.mm",
			bmc->firmware);
	fwd_hpm1_version_format(&img->firmware, want, sizeof(want));
	fwd_hpm1_version_format(&img->earliest, earliest, sizeof(earliest));

	if (fwd_hpm1_version_compare(&running, &img->earliest) < 0)
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"the BMC runs %s, older than %s, the earliest revision '%s' may be installed "
			"over: install the intermediate release first", bmc->firmware, earliest, path);

	cmp = fwd_hpm1_version_compare(&img->firmware, &running);
	if (cmp == 0 && !(flags & FWD_FLASH_ALLOW_REINSTALL))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"the BMC already runs %s, the version of '%s': nothing to do "
			"(--allow-reinstall flashes it again)", bmc->firmware, path);
	if (cmp < 0 && !(flags & FWD_FLASH_ALLOW_DOWNGRADE))
		return fwd_ctx_set_error(ctx, -FWD_E_REFUSED,
			"'%s' holds %s, older than the %s the BMC runs: refusing a downgrade "
			"(--allow-downgrade if you mean it)", path, want, bmc->firmware);
	return 0;
}
