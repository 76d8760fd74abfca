/*
 * fuzz_session.c: ipmitool's stderr of a session that could not be
 * opened, read for why (core/ipmi/session.c): with -v it names the RAKP
 * error; every text gets one of the known answers.
 */
#include "fuzz-util.h"
#include "ipmi/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	enum fwd_session_refusal r = fwd_session_refusal(text);
	int failed = fwd_session_failed(text);

	FUZZ_CHECK(r >= FWD_SESSION_NO_ANSWER && r <= FWD_SESSION_UNKNOWN);
	(void)failed;
	free(text);
	return 0;
}
