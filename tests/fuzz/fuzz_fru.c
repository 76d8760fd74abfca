/*
 * fuzz_fru.c: `ipmitool fru print` (core/identity/identity-bmc.c): the
 * first FRU device's board and product names, normalised.
 */
#include "fuzz-identity.h"
#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_identity_info info;
	char *text = fuzz_cstr(data, size);
	int ret;

	fwd_identity_init(&info);
	ret = fwd_identity_parse_fru(&info, text);
	FUZZ_CHECK(ret == 0 || ret == -FWD_E_BAD_INPUT);
	if (ret == 0)
		FUZZ_CHECK(info.id.fru_board_vendor || info.id.fru_board_name ||
			   info.id.fru_product_name);
	fuzz_identity_sound(&info);
	fwd_identity_release(&info);
	free(text);
	return 0;
}
