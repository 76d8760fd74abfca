/*
 * fuzz_channel.c: `ipmitool channel info N` and `ipmitool channel
 * getaccess N` (core/ipmi/lan-parse.c).  The first byte picks the channel
 * asked for (channel info must name it); the rest is ipmitool's text,
 * read both ways: as channel info, and as getaccess for a table of
 * users 1-15 (as user list gives it).
 */
#include <string.h>

#include "fuzz-util.h"
#include "ipmi/lan.h"

#define USERS 15

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_lan_user users[USERS];
	char medium[64], *text;
	unsigned channel;
	size_t matched;
	int ret;

	if (size < 1)
		return 0;
	channel = data[0] & 0x0fu;
	text = fuzz_cstr(data + 1, size - 1);
	memset(medium, 'x', sizeof(medium));
	ret = fwd_lan_parse_channel_info(text, channel, medium, sizeof(medium));
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -FWD_E_BAD_INPUT);
	if (ret >= 0)
		FUZZ_CHECK(memchr(medium, '\0', sizeof(medium)) != NULL);

	memset(users, 0, sizeof(users));
	for (unsigned i = 0; i < USERS; i++) {
		users[i].id = i + 1;
		users[i].enabled = -1;
	}
	matched = fwd_lan_parse_access(text, users, USERS);
	FUZZ_CHECK(matched <= USERS);
	for (unsigned i = 0; i < USERS; i++)
		FUZZ_CHECK(users[i].enabled >= -1 && users[i].enabled <= 1 && users[i].id == i + 1);
	free(text);
	return 0;
}
