/*
 * fuzz_mc_info.c: `ipmitool mc info` as the BMC's answer
 * (core/ipmi/bmc.c) and as the out-of-band identity
 * (core/identity/identity-bmc.c).  Both must agree on whether the text
 * names a manufacturer, and the firmware read is always a bounded string.
 */
#include <string.h>

#include "fuzz-identity.h"
#include "fuzz-util.h"
#include "ipmi/bmc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_bmc_info bmc;
	struct fwd_identity_info info;
	char *text = fuzz_cstr(data, size);
	int a, b;

	memset(&bmc, 0, sizeof(bmc));
	bmc.size = sizeof(bmc);
	a = fwd_bmc_parse_mc_info(text, &bmc);
	FUZZ_CHECK(a == 0 || a == -FWD_E_BAD_INPUT);
	FUZZ_CHECK(memchr(bmc.firmware, '\0', sizeof(bmc.firmware)) != NULL);
	FUZZ_CHECK(memchr(bmc.manufacturer_name, '\0', sizeof(bmc.manufacturer_name)) != NULL);
	FUZZ_CHECK(memchr(bmc.product_name, '\0', sizeof(bmc.product_name)) != NULL);
	FUZZ_CHECK(memchr(bmc.ipmi_version, '\0', sizeof(bmc.ipmi_version)) != NULL);

	fwd_identity_init(&info);
	b = fwd_identity_parse_mc_info(&info, text);
	FUZZ_CHECK(b == 0 || b == -FWD_E_BAD_INPUT);
	FUZZ_CHECK((a == 0) == (b == 0));
	FUZZ_CHECK(info.id.bmc_known == (b == 0));
	if (a == 0)
		FUZZ_CHECK(info.id.bmc_manufacturer_id == bmc.manufacturer_id);
	fuzz_identity_sound(&info);
	fwd_identity_release(&info);

	/* What host->bmc_info hands on becomes an identity too. */
	if (a == 0) {
		fwd_identity_init(&info);
		FUZZ_CHECK(fwd_identity_set_bmc(&info, &bmc) == 0);
		fuzz_identity_sound(&info);
		fwd_identity_release(&info);
	}
	free(text);
	return 0;
}
