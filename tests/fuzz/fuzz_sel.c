/*
 * fuzz_sel.c: `ipmitool sel list` (core/ipmi/sel.c): the last record's ID,
 * and whether a boot was logged after a record, with the record IDs the
 * verify step asks about (none, the last one, the one before, and one
 * the input names).  A boot's line fits the buffer, always ended.
 */
#include <errno.h>
#include <string.h>

#include "fuzz-util.h"
#include "ipmi/sel.h"

static void boot_after(const char *text, unsigned after)
{
	char event[128];
	int ret;

	memset(event, 'x', sizeof(event));
	ret = fwd_sel_boot_after(text, after, event, sizeof(event));
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -ENOENT);
	if (ret == 1)
		FUZZ_CHECK(memchr(event, '\0', sizeof(event)) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned last = 0, named;
	char *text;
	int ret;

	if (size < 2)
		return 0;
	named = (unsigned)data[0] << 8 | data[1];
	text = fuzz_cstr(data + 2, size - 2);
	ret = fwd_sel_last_id(text, &last);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL);
	boot_after(text, 0);
	boot_after(text, named);
	if (ret == 0 && last) {
		boot_after(text, last);
		boot_after(text, last - 1);
	}
	free(text);
	return 0;
}
