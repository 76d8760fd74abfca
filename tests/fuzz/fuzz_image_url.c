/*
 * fuzz_image_url.c: the check an image URL passes before a Redfish BMC
 * is told to pull it (core/image/image-url.c, fwd_image_url_problem), on
 * the input up to its first NUL.  Checked: an accepted URL is at most
 * 1024 bytes of printable ASCII without spaces, begins http:// or
 * https:// (any case), names a host, and has no '@' before the end of its
 * host part; a URL refused stays refused with anything appended after a
 * space (the check is not fooled by what follows).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz-util.h"
#include "image/image-url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = fuzz_cstr(data, size);
	const char *problem = fwd_image_url_problem(url);
	size_t n = strlen(url);

	if (!problem) {
		const char *host, *end;

		FUZZ_CHECK(n <= 1024);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(url[i] > 0x20 && url[i] < 0x7f);
		FUZZ_CHECK(!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8));
		host = strstr(url, "://") + 3;
		end = host + strcspn(host, "/?#");
		FUZZ_CHECK(end > host);
		for (const char *p = host; p < end; p++)
			FUZZ_CHECK(*p != '@');
	} else if (n < 4096) {
		char *longer = malloc(n + 8);

		FUZZ_CHECK(longer != NULL);
		memcpy(longer, url, n);
		memcpy(longer + n, " /x.bin", 8);
		FUZZ_CHECK(fwd_image_url_problem(longer) != NULL);
		free(longer);
	}
	free(url);
	return 0;
}
