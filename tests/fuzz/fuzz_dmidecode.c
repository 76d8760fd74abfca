/*
 * fuzz_dmidecode.c: a dmidecode dump (core/identity/identity-dmidecode.c),
 * read from memory exactly as long as the input (no NUL after it, so ASan
 * sees any read past its end).  A refused dump leaves the identity empty;
 * an accepted one holds only normalised values (fuzz-identity.c).
 */
#include <string.h>

#include "fuzz-identity.h"
#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_identity_info info;
	struct fwd_err err = { 0 };
	char *copy = malloc(size ? size : 1);
	int ret;

	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data, size);
	fwd_identity_init(&info);
	ret = fwd_identity_parse_dmidecode(&info, copy, size, &err);
	if (ret != 0) {
		FUZZ_CHECK(ret == -FWD_E_BAD_INPUT && err.msg[0]);
		FUZZ_CHECK(strcmp(info.id.source, "none") == 0);
	} else {
		FUZZ_CHECK(strcmp(info.id.source, "dmidecode") == 0 ||
			   strcmp(info.id.source, "none") == 0);
	}
	fuzz_identity_sound(&info);
	fwd_identity_release(&info);
	free(copy);
	return 0;
}
