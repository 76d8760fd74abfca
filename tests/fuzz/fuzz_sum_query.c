/*
 * fuzz_sum_query.c: the supermicro plugin's preflight and NIC-mode readers
 * (plugins/supermicro/sum-query.c, nic-mode.c: linked in, with the mock
 * host of tests/support in place of fwdispatch).
 *
 * The input is a run (fuzz-split.h): exit code, stdout, stderr.  Its
 * cleaned stdout is read as sum's answer to QueryProductKey, to
 * `UpdateBios --staged getinfo`, and for the words of a BMC in update
 * mode; the run as ipmitool's answer to `raw 0x30 0x70 0x0c 0`.  What is
 * checked: the key count is -1 or a count, a licence is only ever one of
 * the two SKUs that license out-of-band BIOS updates and never with a
 * count of 0, the strings are bounded, a mode's name reads back as the
 * same mode, a read mode is a byte and an unreadable one has a reason.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz-split.h"
#include "fuzz-util.h"
#include "mock-host.h"
#include "vendor-text.h"
#include "../../plugins/supermicro/sum.h"
#include "../../plugins/supermicro/supermicro.h"

static void keys(const char *text)
{
	struct sm_keys k;
	int ret = sm_keys_parse(text, &k);

	FUZZ_CHECK(ret == 0 || ret == -1);
	FUZZ_CHECK(k.count >= -1 && k.count < 1000);
	FUZZ_CHECK(ret == 0 ? (k.count >= 0 || k.listed > 0) : (k.count < 0 && !k.listed));
	FUZZ_CHECK(memchr(k.licence, '\0', sizeof(k.licence)) != NULL);
	FUZZ_CHECK(memchr(k.bad, '\0', sizeof(k.bad)) != NULL);
	FUZZ_CHECK(memchr(k.others, '\0', sizeof(k.others)) != NULL);
	if (k.licensed) {
		FUZZ_CHECK(k.count != 0 && k.listed > 0);
		FUZZ_CHECK(!strcmp(k.licence, "SFT-OOB-LIC") ||
			   !strcmp(k.licence, "SFT-DCMS-SINGLE"));
	} else {
		FUZZ_CHECK(k.licence[0] == '\0' || k.count == 0);
	}
}

static void nic_mode(const struct fuzz_run *run)
{
	struct fwd_mock m;
	char why[256], buf[8];
	int mode = -2, ret, parsed = sm_nic_mode_parse(run->out);
	int cc = sm_ipmi_completion_code(run->err);

	FUZZ_CHECK(parsed >= -1 && parsed <= 255);
	FUZZ_CHECK(cc >= -1 && cc <= 255);
	if (parsed >= 0)
		FUZZ_CHECK(sm_nic_mode_value(sm_nic_mode_name(parsed, buf, sizeof(buf))) == parsed);
	fwd_mock_init(&m);
	fuzz_run_script(&m, "ipmitool", run);
	ret = sm_nic_mode_read(fwd_mock_api(&m), fwd_mock_ctx(&m), &mode, why, sizeof(why));
	FUZZ_CHECK(m.unscripted == 0 && m.n_calls == 1);
	FUZZ_CHECK(memchr(why, '\0', sizeof(why)) != NULL);
	if (ret == 0) {
		FUZZ_CHECK(mode >= 0 && mode <= 255 && mode == parsed && run->exit_code == 0);
	} else {
		FUZZ_CHECK(mode == -1 && why[0]);
		FUZZ_CHECK(ret == 1 ? cc > 0 : ret < 0 && m.error[0]);
	}
	fwd_mock_release(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run run;
	enum sm_staged st;
	char *text;

	if (fuzz_run_split(data, size, &run) != 0)
		return 0;
	text = fwdp_text_clean(run.out);
	FUZZ_CHECK(text != NULL);
	keys(text);
	st = sm_staged_parse(text);
	FUZZ_CHECK(st == SM_STAGED_UNKNOWN || st == SM_STAGED_NONE || st == SM_STAGED_PENDING);
	(void)sm_says_update_mode(text);
	nic_mode(&run);
	free(text);
	fuzz_run_release(&run);
	return 0;
}
