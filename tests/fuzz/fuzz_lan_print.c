/*
 * fuzz_lan_print.c: `ipmitool lan print N` (core/ipmi/lan-parse.c).
 *
 * What is read must survive the way a backup keeps it: to JSON and back
 * gives the same settings, which compare equal; and the `lan set`
 * commands planned to restore them are well formed (lan-plan.c).
 */
#include <string.h>

#include "fuzz-util.h"
#include "ipmi/lan.h"

static void plan_sound(const struct fwd_lan *lan)
{
	struct fwd_lan_cmd cmds[FWD_LAN_MAX_CMDS];
	struct fwd_err err = { 0 };
	int n = fwd_lan_restore_plan(1, lan, FWD_LAN_F_ALL, cmds, &err);

	if (n < 0) {
		FUZZ_CHECK(n == -FWD_E_REFUSED && err.msg[0]);
		return;
	}
	FUZZ_CHECK(n <= FWD_LAN_MAX_CMDS);
	for (int i = 0; i < n; i++) {
		struct fwd_buf line = FWD_BUF_INIT;
		size_t k;

		for (k = 0; k < FWD_LAN_CMD_ARGS && cmds[i].argv[k]; k++)
			FUZZ_CHECK(cmds[i].argv[k][0] != '\0');
		FUZZ_CHECK(k < FWD_LAN_CMD_ARGS);
		FUZZ_CHECK(fwd_lan_cmd_describe(&cmds[i], &line) == 0);
		FUZZ_CHECK(strncmp(line.s, "ipmitool lan set 1 ", 19) == 0);
		fwd_buf_release(&line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwd_lan lan, back;
	struct fwd_err err = { 0 };
	char *text = fuzz_cstr(data, size), describe[256];
	json_t *j;
	int ret;

	memset(&lan, 0, sizeof(lan));
	ret = fwd_lan_parse_print(text, &lan);
	FUZZ_CHECK(ret == 0 || ret == -FWD_E_BAD_INPUT);
	if (ret == 0) {
		FUZZ_CHECK((lan.known & ~(FWD_LAN_F_ALL | FWD_LAN_F_MAC)) == 0);
		if (lan.known & FWD_LAN_F_VLAN)
			FUZZ_CHECK(lan.vlan == FWD_LAN_VLAN_OFF || (lan.vlan >= 1 && lan.vlan <= 4094));
		j = fwd_lan_to_json(&lan);
		FUZZ_CHECK(j != NULL);
		memset(&back, 0, sizeof(back));
		FUZZ_CHECK(fwd_lan_from_json(j, &back, &err) == 0);
		FUZZ_CHECK(back.known == lan.known);
		FUZZ_CHECK(fwd_lan_compare(&lan, &back) == 0);
		fwd_lan_json_describe(j, describe, sizeof(describe));
		json_decref(j);
		plan_sound(&lan);
	}
	free(text);
	return 0;
}
