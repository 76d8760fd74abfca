/*
 * fuzz_selftest.c: `ipmitool mc selftest` (core/ipmi/selftest.c): the
 * result is one of the four, and the detail fits its buffer, always ended,
 * empty when the text had no "Selftest" line.
 */
#include <string.h>

#include "fuzz-util.h"
#include "ipmi/selftest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char detail[64];
	char *text = fuzz_cstr(data, size);
	enum fwd_selftest_result r;

	memset(detail, 'x', sizeof(detail));
	r = fwd_selftest_parse(text, detail, sizeof(detail));
	FUZZ_CHECK(r == FWD_SELFTEST_PASSED || r == FWD_SELFTEST_NOT_IMPLEMENTED ||
		   r == FWD_SELFTEST_FAILED || r == FWD_SELFTEST_UNKNOWN);
	FUZZ_CHECK(memchr(detail, '\0', sizeof(detail)) != NULL);
	if (r == FWD_SELFTEST_UNKNOWN)
		FUZZ_CHECK(detail[0] == '\0');
	free(text);
	return 0;
}
