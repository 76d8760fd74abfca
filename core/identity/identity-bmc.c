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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LINE_MAX_KEPT 512

/* Splits "  Key   : value\r" into trimmed key and value (in line). */
static int split_line(char *line, char **key, char **value)
{
	char *colon = strchr(line, ':'), *end;

	if (!colon)
		return 0;
	*colon = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	end = colon;
	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	*key = line;
	*value = colon + 1;
	while (**value == ' ' || **value == '\t')
		(*value)++;
	end = *value + strlen(*value);
	while (end > *value && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return 1;
}

/* Copies the next line of *text into buf (cut to size) and advances. */
static int next_line(const char **text, char *buf, size_t size)
{
	const char *p = *text, *nl;
	size_t n;

	if (!p || !*p)
		return 0;
	nl = strchr(p, '\n');
	n = nl ? (size_t)(nl - p) : strlen(p);
	*text = nl ? nl + 1 : p + n;
	if (n > size - 1)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 1;
}

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
	char line[LINE_MAX_KEPT], values[3][LINE_MAX_KEPT] = { "", "", "" };
	char *key, *value;
	int devices = 0, found = 0;

	while (next_line(&text, line, sizeof(line))) {
		if (!split_line(line, &key, &value))
			continue;
		if (strcasecmp(key, "FRU Device Description") == 0) {
			/* Only the first device: the builtin FRU (ID 0) of the
			 * board, not power supplies or add-in cards. */
			if (++devices > 1)
				break;
			continue;
		}
		for (size_t i = 0; i < 3; i++) {
			if (strcasecmp(key, map[i].key) == 0 && !values[i][0] && *value) {
				snprintf(values[i], sizeof(values[i]), "%s", value);
				found = 1;
			}
		}
	}
	if (!found)
		return -FWD_E_BAD_INPUT;
	for (size_t i = 0; i < 3; i++)
		if (fwd_identity_set(info, map[i].field, values[i]) < 0)
			return -ENOMEM;
	return 0;
}
