/*
 * identity-bmc.c: the BMC's side of the identity, from the text of
 * `ipmitool mc info` and `ipmitool fru print` (ipmitool 1.8.x layout:
 * "Key<padding>: value", one per line).
 *
 * Vendors are told apart by the numeric IANA Manufacturer ID (Supermicro
 * 10876, Dell 674): ipmitool's Manufacturer Name can read "Unknown (0x2A7C)".
 */
#include "identity/identity.h"

#include "ipmi/bmc.h"
#include "util/buf.h"
#include "util/kv-text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int fwd_identity_parse_mc_info(struct fwd_identity_info *info, const char *text)
{
	struct fwd_bmc_info bmc;

	if (fwd_bmc_parse_mc_info(text, &bmc) != 0)
		return -FWD_E_BAD_INPUT;
	return fwd_identity_set_bmc(info, &bmc);
}

int fwd_identity_set_bmc(struct fwd_identity_info *info, const struct fwd_bmc_info *bmc)
{
	char firmware[sizeof(bmc->firmware) + 1];

	/* The buffer is the host's own, but never trust a terminator. */
	memcpy(firmware, bmc->firmware, sizeof(bmc->firmware));
	firmware[sizeof(bmc->firmware)] = '\0';
	if (fwd_identity_set(info, "bmc_firmware", firmware) < 0)
		return -ENOMEM;
	info->id.bmc_known = 1;
	info->id.bmc_manufacturer_id = bmc->manufacturer_id;
	info->id.bmc_product_id = bmc->product_id;
	info->id.bmc_device_id = bmc->device_id;
	if (!info->id.source || strcmp(info->id.source, "none") == 0)
		info->id.source = "bmc";
	return 0;
}

int fwd_identity_parse_fru(struct fwd_identity_info *info, const char *text)
{
	static const struct {
		const char *key;
		const char *field;
	} map[] = {
		{ "Board Mfg", "fru_board_vendor" },
		{ "Board Product", "fru_board_name" },
		{ "Product Name", "fru_product_name" },
	};
	struct fwd_buf values[3] = { FWD_BUF_INIT, FWD_BUF_INIT, FWD_BUF_INIT };
	struct fwd_kv_reader r;
	struct fwd_kv kv;
	int devices = 0, found = 0, ret;

	fwd_kv_start(&r, text);
	while ((ret = fwd_kv_next(&r, &kv)) > 0) {
		if (!kv.key)
			continue;
		if (strcasecmp(kv.key, "FRU Device Description") == 0) {
			/* Only the first device: the builtin FRU (ID 0) of the
			 * board, not power supplies or add-in cards. */
			if (++devices > 1)
				break;
			continue;
		}
		for (size_t i = 0; i < 3; i++) {
			char norm[FWD_ID_VALUE_MAX + 1];

			/* A placeholder ("To Be Filled By O.E.M.") names nothing:
			 * a FRU of placeholders only has none of the names. */
			if (strcasecmp(kv.key, map[i].key) == 0 && !values[i].len &&
			    fwd_identity_normalise(kv.value, norm, sizeof(norm))) {
				if (fwd_buf_add(&values[i], kv.value) < 0)
					ret = -ENOMEM;
				found = 1;
			}
		}
		if (ret < 0)
			break;
	}
	fwd_kv_end(&r);
	if (ret >= 0 && !found)
		ret = -FWD_E_BAD_INPUT;
	for (size_t i = 0; i < 3; i++) {
		if (ret >= 0 && fwd_identity_set(info, map[i].field, values[i].s) < 0)
			ret = -ENOMEM;
		fwd_buf_release(&values[i]);
	}
	return ret < 0 ? ret : 0;
}
