/*
 * no-core-dump.c: no core dump, no debugger reading the password
 * (no-core-dump.h).
 */
#include "util/no-core-dump.h"

#include <errno.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int fwd_no_core_dump(void)
{
	const struct rlimit none = { 0, 0 };
	int ret = 0;

	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		ret = -errno;
	if (setrlimit(RLIMIT_CORE, &none) != 0 && !ret)
		ret = -errno;
	return ret;
}
