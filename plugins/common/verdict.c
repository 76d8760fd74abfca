/*
 * verdict.c: the score-and-reason plumbing shared by the probes.
 */
#include "verdict.h"

#include <stdarg.h>
#include <stdio.h>

int fwdp_identity_ok(const struct fwd_identity *id)
{
	return id && id->size >= FWDP_IDENTITY_SIZE_1_0;
}

int fwdp_has_smbios(const struct fwd_identity *id)
{
	return id->board_vendor || id->board_name || id->sys_vendor || id->product_name ||
	       id->product_sku || id->bios_vendor || id->bios_version || id->bios_date;
}

int fwdp_bmc_is(const struct fwd_identity *id, uint32_t manufacturer_id)
{
	return id->bmc_known && id->bmc_manufacturer_id == manufacturer_id;
}

int fwdp_verdict(int *score_out, char *reason, size_t reason_size, int score,
		 const char *fmt, ...)
{
	va_list ap;

	*score_out = score;
	if (reason && reason_size) {
		va_start(ap, fmt);
		vsnprintf(reason, reason_size, fmt, ap);
		va_end(ap);
	}
	return 0;
}

const char *fwdp_or_q(const char *s)
{
	return s ? s : "?";
}
