/*
 * fuzz-identity.c: the checks every identity a fuzz target reads goes
 * through (fuzz-identity.h).
 */
#include "fuzz-identity.h"

#include <jansson.h>
#include <string.h>

#include "fuzz-util.h"

/* A kept value is never empty, never longer than FWD_ID_VALUE_MAX, and
 * holds no control character (identity.h: fwd_identity_normalise). */
static void value_sound(const char *v)
{
	size_t len;

	if (!v)
		return;
	len = strlen(v);
	FUZZ_CHECK(len > 0 && len <= FWD_ID_VALUE_MAX);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK((unsigned char)v[i] >= 0x20 && v[i] != 0x7f);
	FUZZ_CHECK(v[0] != ' ' && v[len - 1] != ' ');
}

void fuzz_identity_sound(const struct fwd_identity_info *info)
{
	const struct fwd_identity *id = &info->id;
	const char *fields[] = {
		id->board_vendor, id->board_name, id->sys_vendor, id->product_name,
		id->product_sku, id->bios_vendor, id->bios_version, id->bios_date,
		id->bmc_firmware, id->fru_board_vendor, id->fru_board_name, id->fru_product_name,
	};
	char label[512];
	json_t *j;
	char *text;

	FUZZ_CHECK(id->source != NULL);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		value_sound(fields[i]);
	j = fwd_identity_to_json(id);
	FUZZ_CHECK(j != NULL);
	text = json_dumps(j, 0);
	FUZZ_CHECK(text != NULL);
	/* The label from the JSON is the label from the identity. */
	fwd_identity_board_label(id, label, sizeof(label));
	{
		char again[512];

		fwd_identity_board_label_json(j, again, sizeof(again));
		FUZZ_CHECK(strcmp(label, again) == 0);
	}
	free(text);
	json_decref(j);
	fwd_identity_is_empty(id);
}
