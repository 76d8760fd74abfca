/*
 * fuzz_user_list.c: `ipmitool user list N` (core/ipmi/lan-parse.c), and
 * the same text read as `channel getaccess N` against the users found.
 * Every row read has a printable-size name and privilege, and the users
 * become JSON a backup keeps.
 */
#include <string.h>

#include "fuzz-util.h"
#include "ipmi/lan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_lan_user *users = NULL;
	size_t n = 0;
	char *text = fuzz_cstr(data, size);
	json_t *j, *u;
	size_t i;
	int ret;

	ret = fwd_lan_parse_users(text, &users, &n);
	FUZZ_CHECK(ret == 0 || ret == -FWD_E_BAD_INPUT);
	if (ret == 0) {
		FUZZ_CHECK((n == 0) == (users == NULL));
		for (i = 0; i < n; i++) {
			FUZZ_CHECK(memchr(users[i].name, '\0', sizeof(users[i].name)) != NULL);
			FUZZ_CHECK(memchr(users[i].privilege, '\0',
					  sizeof(users[i].privilege)) != NULL);
			FUZZ_CHECK(users[i].enabled >= -1 && users[i].enabled <= 1);
		}
		FUZZ_CHECK(fwd_lan_parse_access(text, users, n) <= n);
		j = fwd_lan_users_to_json(users, n);
		FUZZ_CHECK(j != NULL && json_array_size(j) == n);
		json_array_foreach(j, i, u)
			fwd_lan_user_json_in_use(u);
		json_decref(j);
	} else {
		FUZZ_CHECK(users == NULL);
	}
	free(users);
	free(text);
	return 0;
}
